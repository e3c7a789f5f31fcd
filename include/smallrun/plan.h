/*
 * plan.h - the working calendar and the week plan: custom orders put in
 * the order that keeps weighted lateness lowest (lib/sequence.c), laid on
 * the workshop's real working hours around the batch runs already booked,
 * and the earliest delivery date a new order can be promised without
 * making any accepted order late.
 *
 * Pure: the caller passes the calendar, the orders and the batch runs in,
 * and "now"; nothing here reads the clock or the database.
 *
 * The working-time axis. Each worker's time is counted in working minutes
 * from now, leaving out closed hours, days off and the batch runs booked
 * on each day (a run's minutes are shared equally by the workers, at the
 * start of its day). Workers are identical on that axis, which is what the
 * sequencing engine needs; a day's free minutes per worker are
 * minutes[weekday] - ceil(batch minutes that day / workers).
 */
#ifndef SMALLRUN_PLAN_H
#define SMALLRUN_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smallrun/buf.h"
#include "smallrun/err.h"

/* Longest horizon the planner looks ahead, in days. */
#define SR_PLAN_MAX_DAYS 730

struct sr_calendar {
	int64_t today;		 /* day number (lib/date.c) of now */
	int now_minute;		 /* minutes after midnight now */
	int day_start;		 /* the working day starts, minutes */
	int minutes[7];		 /* per worker, Monday .. Sunday */
	int workers;		 /* >= 1 */
	const int64_t *days_off; /* day numbers, any order */
	size_t n_days_off;
};

/* A batch run already booked: its day and the minutes it takes. */
struct sr_plan_run {
	int64_t id;	   /* batch id */
	int64_t day;	   /* run date, day number */
	int64_t minutes;   /* setup + planned quantity × minutes per unit */
	const char *label; /* e.g. the batch code; borrowed */
};

/* An open custom order. */
struct sr_plan_order {
	int64_t id;
	int64_t minutes;   /* still to do: estimate - tracked, >= 0 */
	int64_t weight;	   /* price, or its priority; >= 0 */
	int64_t due_day;   /* day number of the due date; INT64_MAX: none */
	const char *label; /* e.g. the title; borrowed */
};

/* A stretch of one worker's day given to one thing. */
struct sr_plan_block {
	int64_t day;
	int worker;
	int start, end; /* minutes after midnight */
	bool batch;	/* a batch run, else an order */
	int64_t id;	/* batch or order id */
	const char *label;
};

/* Where each order lands. */
struct sr_plan_result {
	int64_t id;
	int worker;
	int64_t start_day, finish_day; /* finish_day: the day it is done */
	int finish_minute;	       /* minutes after midnight */
	int64_t late_minutes;	       /* working minutes late, >= 0 */
	int64_t late_days;	       /* finish_day - due_day, >= 0 */
};

struct sr_plan {
	struct sr_plan_block *blocks; /* by day, then worker, then start */
	size_t n_blocks;
	struct sr_plan_result *orders; /* one per order, in input order */
	size_t n_orders;
	int64_t weighted_lateness; /* sum of weight × late minutes */
	int64_t horizon_days;	   /* days the plan covers from today */
};

#define SR_PLAN_INIT                                                           \
	{                                                                      \
		NULL, 0, NULL, 0, 0, 0                                         \
	}
void sr_plan_release(struct sr_plan *p);

/* Options for the sequencing searches. */
struct sr_plan_opts {
	uint64_t max_iters; /* per solve; the planner stays deterministic */
	uint64_t seed;
};
#define SR_PLAN_OPTS_INIT                                                      \
	{                                                                      \
		300, 1                                                         \
	}

/*
 * Plan every order in the calendar around the runs. On SR_OK *out holds
 * blocks from today to the last day with work (release with
 * sr_plan_release()). SR_EINVAL when the calendar has no working time at
 * all, or the work does not fit in SR_PLAN_MAX_DAYS; SR_ENOMEM.
 */
enum sr_err sr_plan_make(const struct sr_calendar *cal,
			 const struct sr_plan_order *orders, size_t n,
			 const struct sr_plan_run *runs, size_t n_runs,
			 const struct sr_plan_opts *opts, struct sr_plan *out,
			 struct sr_fail *f);

/* The answer to "when can I promise a new order?". */
struct sr_promise {
	int64_t day;	/* the earliest day that can be promised */
	bool wanted_ok; /* the wanted day (if any) can be promised */
	size_t n_moved; /* orders that finish later than before */
	int64_t moved_ids[64];
	int64_t moved_days[64]; /* how many days later each finishes */
};

/*
 * The earliest day D from today such that a new order of `minutes` with
 * weight `weight`, due at the end of D, finishes on time and no order that
 * is on time in today's plan becomes late. wanted_day (INT64_MAX: none) is
 * checked too. *plan gets the plan with the new order (id 0) due on D.
 */
enum sr_err sr_plan_promise(const struct sr_calendar *cal,
			    const struct sr_plan_order *orders, size_t n,
			    const struct sr_plan_run *runs, size_t n_runs,
			    int64_t minutes, int64_t weight, int64_t wanted_day,
			    const struct sr_plan_opts *opts,
			    struct sr_promise *out, struct sr_plan *plan,
			    struct sr_fail *f);

/* Working minutes per worker on day `day`, before batch runs. */
int sr_calendar_minutes(const struct sr_calendar *cal, int64_t day);

#endif
