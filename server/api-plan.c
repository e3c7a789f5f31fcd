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
	struct sr_fail f = SR_FAIL_INIT;
	int64_t today, from;
	int minute, days;
	enum sr_err err;

	sr_local_time((int64_t)time(NULL), &today, &minute);
	from = api_arg_int(c, ARG_FROM, today);
	days = (int)api_arg_int(c, ARG_DAYS, 7);
	err = sr_planner_week(c->app->store, today, minute, from, days,
			      &c->app->plan, &c->resp->body, &f);
	if (err)
		api_fail(c, &f);
	else
		api_json(c, 200);
	sr_fail_release(&f);
}

/* GET /api/v1/plan.ics?days=N: the plan for a phone's calendar. */
void api_plan_ics(struct api_call *c)
{
	struct sr_fail f = SR_FAIL_INIT;
	int64_t today, from, now = (int64_t)time(NULL);
	int minute, days;
	enum sr_err err;

	sr_local_time(now, &today, &minute);
	from = api_arg_int(c, ARG_FROM, today);
	days = (int)api_arg_int(c, ARG_DAYS, 28);
	err = sr_planner_ics(c->app->store, today, minute, from, days, now,
			     &c->app->plan, &c->resp->body, &f);
	if (err) {
		api_fail(c, &f);
	} else {
		c->resp->status = 200;
		c->resp->content_type = "text/calendar; charset=utf-8";
		c->resp->cache_control = "no-cache";
	}
	sr_fail_release(&f);
}

/* POST /api/v1/promise {"minutes", "price", "wanted"?, "title"?} */
void api_promise(struct api_call *c)
{
	struct sr_fail f = SR_FAIL_INIT;
	int64_t today;
	int minute;
	enum sr_err err;

	sr_local_time((int64_t)time(NULL), &today, &minute);
	err = sr_planner_promise(c->app->store, today, minute, c->req->body,
				 c->req->body_len, &c->app->plan,
				 &c->resp->body, &f);
	if (err)
		api_fail(c, &f);
	else
		api_json(c, 200);
	sr_fail_release(&f);
}
