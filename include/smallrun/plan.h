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
 * Batch runs. A run's minutes are shared equally by the workers:
 * ceil(minutes / workers) each. Runs are laid by run date, then in input
 * order, each at the front of its date's working time after the runs
 * before it; a run longer than what is left that day goes on at the
 * front of the next days with working time (days off and closed weekdays
 * are skipped) until it is done, one block per worker and day.
 *
 * The working-time axis. Each worker's time is counted in working minutes
 * from now, leaving out closed hours, days off and the time the batch
 * runs take on each day, so orders are laid after all of a run's blocks
 * and promises see the whole of every run. Workers are identical on that
 * axis, which is what the sequencing engine needs.
 *
 * The horizon. The axis covers SR_PLAN_MAX_DAYS days from today. Work that
 * does not fit in it is not an error: an order that would finish later is
 * marked past_horizon, and a batch run that is not done by the horizon's
 * last day is listed in overruns with the minutes laid and left over.
 *
 * Weights. Any weight >= 0 is taken, up to INT64_MAX. The engine takes at
 * most SR_SEQ_MAX_WEIGHT each and a bounded total (sequence.h), so when
 * the weights are too large for it the planner divides them all by one
 * factor k (rounded to the nearest, never below 1; 0 stays 0): a larger
 * weight never counts for less than a smaller one, though weights that
 * differ by less than k may count alike. k is the smallest power of two
 * times ceil(max weight / SR_SEQ_MAX_WEIGHT) that fits, so ordinary
 * weights pass unchanged. Lateness and weighted_lateness are always in
 * the caller's own units.
 */
#ifndef SMALLRUN_PLAN_H
#define SMALLRUN_PLAN_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smallrun/buf.h"
#include "smallrun/err.h"

/* Longest horizon the planner looks ahead, in days. */
#define SR_PLAN_MAX_DAYS 730

/* A time limit for one answer that front ends may use (sr_plan_opts). */
#define SR_PLAN_TIME_LIMIT_MS 1000

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
	int64_t minutes;   /* still to do: estimate - tracked, 0..1e7 */
	int64_t weight;	   /* price, or its priority; >= 0, any size */
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
	/* A batch run's blocks: its working day `part` (1-based) of the
	 * `parts` days it is laid on; 0 and 0 for an order. */
	int part, parts;
};

/* Where each order lands. */
struct sr_plan_result {
	int64_t id;
	int worker;
	int64_t start_day, finish_day; /* finish_day: the day it is done */
	int finish_minute;	       /* minutes after midnight */
	int64_t late_minutes;	       /* working minutes late, >= 0 */
	int64_t late_days;	       /* finish_day - due_day, >= 0 */
	/*
	 * Not finished within the horizon: finish_day and finish_minute
	 * are the horizon's last day and the start of its working time,
	 * late_days counts up to that day only (a lower bound), and
	 * late_minutes is counted on the axis extended by average days.
	 */
	bool past_horizon;
};

/* A batch run that does not fit in the working time up to the horizon. */
struct sr_plan_overrun {
	int64_t id;	   /* batch id */
	int64_t day;	   /* its run date */
	int64_t minutes;   /* what it needs */
	int64_t planned;   /* what is laid for it, over all workers */
	int64_t left_over; /* minutes - planned: what does not fit, > 0 */
	const char *label; /* borrowed from the run */
};

struct sr_plan {
	struct sr_plan_block *blocks; /* by day, then worker, then start */
	size_t n_blocks;
	struct sr_plan_result *orders; /* one per order, in input order */
	size_t n_orders;
	/* sum of weight × late minutes, at most INT64_MAX (a larger sum
	 * is given as INT64_MAX) */
	int64_t weighted_lateness;
	int64_t horizon_days;		  /* days the plan covers from today */
	struct sr_plan_overrun *overruns; /* in the order of the runs */
	size_t n_overruns;
};

#define SR_PLAN_INIT                                                           \
	{                                                                      \
		NULL, 0, NULL, 0, 0, 0, NULL, 0                                \
	}
void sr_plan_release(struct sr_plan *p);

/*
 * Options for the sequencing searches. Without a clock the planner is
 * deterministic: each search is bounded by max_iters kicks and by a fixed
 * amount of work that shrinks the kicks as the queue grows (about a
 * quarter of a second of one core for a plan of 1,000 orders, twice that
 * for a promise). With
 * clock_ms and time_limit_ms the whole answer (one plan, or every search
 * of a promise) also stops at the time limit, with the best plan found so
 * far. cancel, when set and raised (by a server that is stopping), stops
 * the searches the same way at once.
 */
struct sr_plan_opts {
	uint64_t max_iters; /* kicks per search, at most */
	uint64_t seed;
	int64_t time_limit_ms;		/* for the whole answer; 0: none */
	int64_t (*clock_ms)(void *arg); /* milliseconds, any fixed origin */
	void *clock_arg;
	const atomic_bool *cancel; /* NULL: never */
};
#define SR_PLAN_OPTS_INIT                                                      \
	{                                                                      \
		300, 1, 0, NULL, NULL, NULL                                    \
	}

/*
 * Plan every order in the calendar around the runs; opts may be NULL for
 * SR_PLAN_OPTS_INIT. On SR_OK *out holds blocks from today to the end of
 * the horizon (release with sr_plan_release()). Errors: SR_EINVAL when the
 * calendar has no working time at all in SR_PLAN_MAX_DAYS or a bad number
 * of workers; those of sr_seq_solve() for inputs outside its bounds (more
 * than SR_SEQ_MAX_JOBS orders, minutes over SR_SEQ_MAX_MINUTES, a negative
 * weight); SR_ENOMEM.
 */
enum sr_err sr_plan_make(const struct sr_calendar *cal,
			 const struct sr_plan_order *orders, size_t n,
			 const struct sr_plan_run *runs, size_t n_runs,
			 const struct sr_plan_opts *opts, struct sr_plan *out,
			 struct sr_fail *f);

/* What a plan is made from: the calendar, the open orders, the runs. */
struct sr_plan_input {
	const struct sr_calendar *cal;
	const struct sr_plan_order *orders;
	size_t n;
	const struct sr_plan_run *runs;
	size_t n_runs;
};

/* What a new order asks of the plan. */
struct sr_plan_ask {
	int64_t minutes;    /* the work it needs, > 0 */
	int64_t weight;	    /* what a minute late costs, >= 1 */
	int64_t wanted_day; /* the day it is wanted by; INT64_MAX: none */
};

/* An order that would finish later with the new order than without it. */
struct sr_promise_move {
	size_t order;	       /* index into sr_plan_input.orders */
	int64_t later_minutes; /* working minutes later, > 0 */
	bool was_late;	       /* late already without the new order */
};

/*
 * One day that can be promised: the plan that keeps it (the orders in
 * input order, the new one, id 0, last) and what that plan moves.
 */
struct sr_promise_option {
	int64_t day;
	bool earliest; /* the earliest day that can be promised */
	bool wanted;   /* the day asked for */
	struct sr_plan plan;
	struct sr_promise_move *moves; /* in input order */
	size_t n_moves;
	size_t n_late_later; /* moves of orders late already: later still */
};

/* The answer to "when can I promise a new order?". */
struct sr_promise {
	int64_t day;	     /* the earliest day that can be promised */
	bool wanted_ok;	     /* the wanted day (if any) can be promised */
	struct sr_plan base; /* today's plan, without the new order */
	/*
	 * The days offered, the one to lead with first: the wanted day when
	 * it can be kept, then the earliest day when that is another day.
	 * So the earliest is always options[n_options - 1].
	 */
	struct sr_promise_option options[2];
	size_t n_options;
};

/* Free the plans and moves of a promise and empty it; it may be reused. */
void sr_promise_release(struct sr_promise *p);

/*
 * The earliest day D from today such that a new order of ask->minutes with
 * weight ask->weight, due at the end of D, finishes on time and no order that
 * is on time in today's plan (sr_plan_make() of the orders) becomes late,
 * in the plan the planner makes with it.
 *
 * A day D is checked by placing the new order into today's plan where it
 * costs least and improving that with a short search of its own; days
 * before a bound that no plan can beat are not tried, the others by
 * doubling steps and then halving, and D - 1 is always checked too. So
 * without a clock D is deterministic and D - 1 fails the same check. When
 * the time limit or the cancel flag cuts the search short, D may be later
 * than the earliest, but it is still kept by its plan; when no day has
 * been checked by then, D is the first day on which the new order fits
 * into today's plan unchanged.
 *
 * wanted_ok: ask->wanted_day (INT64_MAX: none) is D or later, or passes the
 * same check (then D is wanted_day).
 *
 * Each day offered (sr_promise.options) gets the plan that keeps it and
 * moves the least: of the new order put after all the work already
 * planned (nothing moves; when it is done by the day), the searched plan
 * of the day, and for a wanted day after D also D's plan, the one that
 * makes the fewest orders that are late already later still, then the
 * fewest orders finish later at all. A move is an order whose work ends
 * later than in today's plan (sr_promise.base).
 *
 * On SR_OK release *out with sr_promise_release(); on an error it is
 * empty. Errors: SR_EINVAL with code "no_time" when no day within
 * SR_PLAN_MAX_DAYS can be promised; the errors of sr_plan_make().
 */
enum sr_err sr_plan_promise(const struct sr_plan_input *in,
			    const struct sr_plan_ask *ask,
			    const struct sr_plan_opts *opts,
			    struct sr_promise *out, struct sr_fail *f);

/* Working minutes per worker on day `day`, before batch runs. */
int sr_calendar_minutes(const struct sr_calendar *cal, int64_t day);

#endif
