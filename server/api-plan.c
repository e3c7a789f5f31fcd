/* api-plan.c - the week plan, its calendar feed, and delivery promises. */
#include "compat.h"

#include <time.h>

#include "api.h"
#include "server.h"
#include "smallrun/date.h"
#include "smallrun/planner.h"

/* GET /api/v1/plan?from=DATE&days=N */
void api_plan(struct api_call *c)
{
	int64_t today;
	int minute;

	sr_local_time((int64_t)time(NULL), &today, &minute);
	api_answer(c,
		   sr_planner_week(c->app->store, today, minute,
				   api_arg_int(c, ARG_FROM, today),
				   (int)api_arg_int(c, ARG_DAYS, 7),
				   &c->resp->body, &c->fail),
		   200);
}

/* GET /api/v1/plan.ics?days=N: the plan for a phone's calendar. */
void api_plan_ics(struct api_call *c)
{
	int64_t today, now = (int64_t)time(NULL);
	int minute;

	sr_local_time(now, &today, &minute);
	if (sr_planner_ics(c->app->store, today, minute,
			   api_arg_int(c, ARG_FROM, today),
			   (int)api_arg_int(c, ARG_DAYS, 28), now,
			   &c->resp->body, &c->fail)) {
		api_fail(c, &c->fail);
	} else {
		c->resp->status = 200;
		c->resp->content_type = "text/calendar; charset=utf-8";
		c->resp->cache_control = "no-cache";
	}
}

/* POST /api/v1/promise {"minutes", "price", "wanted"?, "title"?} */
void api_promise(struct api_call *c)
{
	int64_t today;
	int minute;

	sr_local_time((int64_t)time(NULL), &today, &minute);
	api_answer(c,
		   sr_planner_promise(c->app->store, today, minute,
				      c->req->body, c->req->body_len,
				      &c->resp->body, &c->fail),
		   200);
}
