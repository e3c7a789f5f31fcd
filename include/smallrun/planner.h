/*
 * planner.h - the week plan and delivery promises from the records: the
 * settings' hours and workers, the days off, the open custom orders
 * (accepted or in progress; minutes left = estimate - tracked; weight =
 * priority, else price) and the batch runs booked (planned or running,
 * from today: setup + planned quantity × minutes per unit, less time
 * tracked on them). See plan.h for how they are laid out.
 *
 * `today` and `now_minute` are the workshop's local date (a day number) and
 * minutes after midnight, passed in by the caller; opts (NULL for
 * SR_PLAN_OPTS_INIT) bounds the searches, with the caller's clock, time
 * limit and cancel flag (plan.h).
 */
#ifndef SMALLRUN_PLANNER_H
#define SMALLRUN_PLANNER_H

#include <stdint.h>

#include "smallrun/buf.h"
#include "smallrun/err.h"
#include "smallrun/plan.h"
#include "smallrun/store.h"

/*
 * The plan from day `from` for `days` days (1..366) as JSON: {"from",
 * "days": [{"date", "weekday", "workers": [{"worker", "blocks": [{"start",
 * "end", "kind", "id", "label", "minutes"}]}]}], "orders": [{"id", "title",
 * "due_date", "finish_date", "finish_time", "worker", "late",
 * "late_minutes", "late_days", "minutes", "past_horizon"}], "late": [ids],
 * "past_horizon": [ids], "overbooked_runs": [{"id", "code", "date",
 * "minutes", "planned_minutes", "minutes_left_over"}], "horizon_end",
 * "weighted_lateness"}. A batch block also has "part" and "parts": a run
 * longer than a day has a block on each day it goes on over; one not
 * done by horizon_end is in overbooked_runs.
 * An order past the horizon has null finish_date and finish_time.
 */
enum sr_err sr_planner_week(sr_store *s, int64_t today, int now_minute,
			    int64_t from, int days,
			    const struct sr_plan_opts *opts, struct sr_buf *out,
			    struct sr_fail *f);

/* The same plan as an iCalendar (RFC 5545) with one event per block. */
enum sr_err sr_planner_ics(sr_store *s, int64_t today, int now_minute,
			   int64_t from, int days, int64_t stamp,
			   const struct sr_plan_opts *opts, struct sr_buf *out,
			   struct sr_fail *f);

/*
 * When can a new order be promised? body {"minutes": N (> 0), "price": P
 * (minor units, up to 1e11 as an order's), "wanted": "YYYY-MM-DD"?,
 * "title"?}. Appends {"date", "weekday" (the earliest day), "wanted":
 * {"date", "ok"} or null, "options": [{"date", "weekday", "earliest",
 * "wanted", "finish_date", "finish_time", "moves": [{"order_id", "title",
 * "due_date", "before", "after", "later_days", "later_minutes",
 * "was_late"}], "late_later", "warnings": [{"code", "text"}], "message"}],
 * "message"}: the options of sr_plan_promise(), the one to lead with
 * first; before and after are {"finish_date", "finish_time", "late",
 * "late_days"}. doc/API.md says it all.
 */
enum sr_err sr_planner_promise(sr_store *s, int64_t today, int now_minute,
			       const char *body, size_t len,
			       const struct sr_plan_opts *opts,
			       struct sr_buf *out, struct sr_fail *f);

#endif
