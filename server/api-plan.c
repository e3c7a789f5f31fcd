/* api-plan.c - the week plan, its calendar feed, and delivery promises. */
#include "compat.h"

#include <time.h>

#include "api.h"
#include "server.h"
#include "smallrun/date.h"
#include "smallrun/parse.h"
#include "smallrun/planner.h"
#include "smallrun/query.h"

/* ?from=DATE&days=N, both optional (today, and `dflt` days). */
static enum sr_err range(const char *qs, int64_t today, int dflt, int64_t *from,
			 int *days, struct sr_fail *f)
{
	struct sr_query q;
	const char *v;
	enum sr_err err;
	int64_t n = dflt;

	*from = today;
	err = sr_query_parse(qs, &q, f);
	for (size_t i = 0; !err && i < q.n; i++)
		if (strcmp(q.names[i], "from") && strcmp(q.names[i], "days"))
			err = sr_fail_set(f, SR_EINVAL, "unknown_filter",
					  q.names[i],
					  "the plan takes only from and days");
	if (!err && (v = sr_query_get(&q, "from")) &&
	    sr_date_parse(v, strlen(v), from))
		err = sr_fail_set(f, SR_EINVAL, "bad_date", "from",
				  "from must be a date as YYYY-MM-DD");
	if (!err && (v = sr_query_get(&q, "days")) &&
	    sr_parse_i64z(v, &n, 1, 366))
		err = sr_fail_set(f, SR_EINVAL, "out_of_range", "days",
				  "days must be a whole number from 1 to 366");
	*days = (int)n;
	sr_query_release(&q);
	return err;
}

/* GET /api/v1/plan?from=DATE&days=N */
void api_plan(struct api_call *c)
{
	struct sr_fail f = SR_FAIL_INIT;
	int64_t today, from;
	int minute, days;
	enum sr_err err;

	sr_local_time((int64_t)time(NULL), &today, &minute);
	err = range(c->req->query, today, 7, &from, &days, &f);
	if (!err)
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
	err = range(c->req->query, today, 28, &from, &days, &f);
	if (!err)
		err = sr_planner_ics(c->app->store, today, minute, from, days,
				     now, &c->app->plan, &c->resp->body, &f);
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
