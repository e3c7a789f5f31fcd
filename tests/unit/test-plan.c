/*
 * test-plan.c - the week plan is valid on the calendar, and promises hold.
 */
#include <criterion/criterion.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "smallrun/date.h"
#include "smallrun/plan.h"

/* 2026-11-23 is a Monday. */
static int64_t day_of(const char *s)
{
	int64_t d;

	cr_assert_eq(sr_date_parse(s, strlen(s), &d), SR_OK);
	return d;
}

static struct sr_calendar week(int workers, const int64_t *off, size_t n)
{
	struct sr_calendar c = {0};

	c.today = day_of("2026-11-23");
	c.now_minute = 7 * 60; /* before the 8:00 start */
	c.day_start = 8 * 60;
	for (int i = 0; i < 5; i++)
		c.minutes[i] = 8 * 60;
	c.minutes[5] = 4 * 60; /* Saturday morning */
	c.minutes[6] = 0;
	c.workers = workers;
	c.days_off = off;
	c.n_days_off = n;
	return c;
}

/*
 * sr_plan_promise() with the earliest day's plan moved into *p, as the
 * checks below read it; release *pr with sr_promise_release() after.
 */
static enum sr_err promise_plan(const struct sr_plan_input *in,
				const struct sr_plan_ask *ask,
				const struct sr_plan_opts *opts,
				struct sr_promise *pr, struct sr_plan *p,
				struct sr_fail *f)
{
	enum sr_err err = sr_plan_promise(in, ask, opts, pr, f);
	struct sr_promise_option *e;

	*p = (struct sr_plan)SR_PLAN_INIT;
	if (err)
		return err;
	e = &pr->options[pr->n_options - 1];
	cr_assert(e->earliest);
	cr_assert_eq(e->day, pr->day);
	*p = e->plan;
	e->plan = (struct sr_plan)SR_PLAN_INIT;
	return SR_OK;
}

/* Every rule a plan must keep, checked block by block. */
static void assert_valid(const struct sr_calendar *c,
			 const struct sr_plan_order *o, size_t n,
			 const struct sr_plan_run *runs, size_t n_runs,
			 const struct sr_plan *p)
{
	int64_t *done = calloc(n + 1, sizeof(*done));
	int64_t *batch = calloc(n_runs + 1, sizeof(*batch));

	cr_assert_eq(p->n_orders, n);
	for (size_t i = 0; i < p->n_blocks; i++) {
		const struct sr_plan_block *b = &p->blocks[i];
		int open = c->minutes[sr_date_weekday(b->day)];

		for (size_t k = 0; k < c->n_days_off; k++)
			cr_assert_neq(b->day, c->days_off[k],
				      "work on a day off");
		cr_assert_lt(b->start, b->end);
		cr_assert_geq(b->start, c->day_start);
		cr_assert_leq(b->end, c->day_start + open, "past closing");
		cr_assert_geq(b->worker, 0);
		cr_assert_lt(b->worker, c->workers);
		if (i) {
			const struct sr_plan_block *a = &p->blocks[i - 1];

			if (a->day == b->day && a->worker == b->worker)
				cr_assert_leq(a->end, b->start, "overlap");
		}
		if (b->batch) {
			for (size_t k = 0; k < n_runs; k++)
				if (runs[k].id == b->id) {
					cr_assert_geq(b->day, runs[k].day);
					batch[k] += b->end - b->start;
				}
		} else {
			for (size_t k = 0; k < n; k++)
				if (o[k].id == b->id)
					done[k] += b->end - b->start;
		}
	}
	/* Every order exactly once, all its minutes (those past the horizon
	 * as much as fits); every run its share, or what its day holds. */
	for (size_t k = 0; k < n; k++) {
		if (p->orders[k].past_horizon)
			cr_assert_lt(done[k], o[k].minutes);
		else
			cr_assert_eq(done[k], o[k].minutes,
				     "order %lld: %lld of %lld",
				     (long long)o[k].id, (long long)done[k],
				     (long long)o[k].minutes);
		cr_assert_eq(p->orders[k].id, o[k].id);
	}
	for (size_t k = 0; k < n_runs; k++) {
		const struct sr_plan_overrun *x = NULL;

		for (size_t i = 0; i < p->n_overruns; i++)
			if (p->overruns[i].id == runs[k].id)
				x = &p->overruns[i];
		if (x) {
			cr_assert_eq(batch[k], x->planned);
			cr_assert_lt(x->planned, runs[k].minutes);
		} else {
			cr_assert_geq(batch[k], runs[k].minutes);
		}
	}
	free(done);
	free(batch);
}

/*
 * The promise holds in *p: every order is laid validly, the new one (last,
 * due pr->day) is on time, and no order on time in today's plan (made
 * here with the same options) is late.
 */
static void assert_kept(const struct sr_calendar *c,
			const struct sr_plan_order *o, size_t n,
			const struct sr_plan_run *runs, size_t n_runs,
			int64_t minutes, int64_t weight,
			const struct sr_plan_opts *opts,
			const struct sr_promise *pr, const struct sr_plan *p)
{
	struct sr_plan base = SR_PLAN_INIT;
	struct sr_plan_order *all = calloc(n + 1, sizeof(*all));

	cr_assert_eq(sr_plan_make(c, o, n, runs, n_runs, opts, &base, NULL),
		     SR_OK);
	memcpy(all, o, n * sizeof(*o));
	all[n] = (struct sr_plan_order){0, minutes, weight, pr->day, "new"};
	assert_valid(c, all, n + 1, runs, n_runs, p);
	cr_assert_eq(p->orders[n].late_minutes, 0, "the new order is late");
	cr_assert_leq(p->orders[n].finish_day, pr->day);
	for (size_t i = 0; i < n; i++)
		if (!base.orders[i].late_minutes)
			cr_assert_eq(p->orders[i].late_minutes, 0,
				     "order %lld was on time, now late",
				     (long long)o[i].id);
	sr_plan_release(&base);
	free(all);
}

Test(plan, orders_fill_working_hours_around_runs_and_days_off)
{
	int64_t off[] = {day_of("2026-11-25")}; /* Wednesday closed */
	struct sr_calendar c = week(2, off, 1);
	struct sr_plan_run runs[] = {
		{101, day_of("2026-11-24"), 300, "SOUR-20261124-1"},
		{102, day_of("2026-11-27"), 90, "RYEL-20261127-1"},
	};
	struct sr_plan_order o[12];
	struct sr_plan p = SR_PLAN_INIT;

	for (int i = 0; i < 12; i++)
		o[i] = (struct sr_plan_order){
			i + 1, 60 + 37 * i, 1000 * (i % 4 + 1),
			day_of("2026-11-24") + i % 9, "order"};
	cr_assert_eq(sr_plan_make(&c, o, 12, runs, 2, NULL, &p, NULL), SR_OK);
	assert_valid(&c, o, 12, runs, 2, &p);
	sr_plan_release(&p);
}

Test(plan, a_job_may_run_over_several_days)
{
	struct sr_calendar c = week(1, NULL, 0);
	struct sr_plan_order o[] = {
		{7, 3 * 480 + 100, 5000, INT64_MAX, "table"}};
	struct sr_plan p = SR_PLAN_INIT;

	cr_assert_eq(sr_plan_make(&c, o, 1, NULL, 0, NULL, &p, NULL), SR_OK);
	assert_valid(&c, o, 1, NULL, 0, &p);
	/* Monday to Thursday: three full days and 100 minutes. */
	cr_assert_eq(p.orders[0].start_day, day_of("2026-11-23"));
	cr_assert_eq(p.orders[0].finish_day, day_of("2026-11-26"));
	cr_assert_eq(p.orders[0].finish_minute, 8 * 60 + 100);
	sr_plan_release(&p);
}

Test(plan, now_cuts_today)
{
	struct sr_calendar c = week(1, NULL, 0);
	struct sr_plan_order o[] = {{1, 60, 1, INT64_MAX, "x"}};
	struct sr_plan p = SR_PLAN_INIT;

	c.now_minute = 15 * 60 + 30; /* 15:30 on Monday; closing is 16:00 */
	cr_assert_eq(sr_plan_make(&c, o, 1, NULL, 0, NULL, &p, NULL), SR_OK);
	cr_assert_eq(p.blocks[0].start, 15 * 60 + 30);
	cr_assert_eq(p.blocks[0].end, 16 * 60);
	cr_assert_eq(p.orders[0].finish_day, day_of("2026-11-24"));
	sr_plan_release(&p);
}

Test(plan, late_orders_are_flagged)
{
	struct sr_calendar c = week(1, NULL, 0);
	/* Two days of work due Monday evening: the second is late. */
	struct sr_plan_order o[] = {
		{1, 480, 100, day_of("2026-11-23"), "a"},
		{2, 480, 100, day_of("2026-11-23"), "b"},
	};
	struct sr_plan p = SR_PLAN_INIT;

	cr_assert_eq(sr_plan_make(&c, o, 2, NULL, 0, NULL, &p, NULL), SR_OK);
	cr_assert_eq(p.orders[0].late_minutes + p.orders[1].late_minutes, 480);
	cr_assert_eq(p.orders[0].late_days + p.orders[1].late_days, 1);
	cr_assert_eq(p.weighted_lateness, 100 * 480);
	sr_plan_release(&p);
}

Test(plan, no_working_time_is_an_error)
{
	struct sr_calendar c = week(1, NULL, 0);
	struct sr_plan_order o[] = {{1, 60, 1, INT64_MAX, "x"}};
	struct sr_plan p = SR_PLAN_INIT;
	struct sr_fail f = SR_FAIL_INIT;

	memset(c.minutes, 0, sizeof(c.minutes));
	cr_assert_eq(sr_plan_make(&c, o, 1, NULL, 0, NULL, &p, &f), SR_EINVAL);
	cr_assert(strstr(f.message.data, "hours"));
	sr_fail_release(&f);
}

/* The promise property, on random queues. */
Test(plan, promises_hold_and_are_the_earliest)
{
	unsigned seed = 12345;

	for (int round = 0; round < 25; round++) {
		struct sr_calendar c = week(1 + round % 3, NULL, 0);
		struct sr_plan_order o[10];
		struct sr_plan_run runs[1];
		struct sr_promise pr;
		struct sr_plan p = SR_PLAN_INIT, check = SR_PLAN_INIT;
		struct sr_plan_order *all = calloc(11, sizeof(*all));
		size_t n = 2 + (size_t)round % 8;
		int64_t minutes, base_late[10];

		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245 + 12345;
			o[i] = (struct sr_plan_order){
				(int64_t)i + 1, 30 + (seed >> 8) % 900,
				1 + (seed >> 4) % 50,
				c.today + (int64_t)((seed >> 12) % 20), "o"};
		}
		runs[0] = (struct sr_plan_run){900, c.today + 2, 240, "run"};
		seed = seed * 1103515245 + 12345;
		minutes = 60 + (seed >> 8) % 1200;
		cr_assert_eq(
			sr_plan_make(&c, o, n, runs, 1, NULL, &check, NULL),
			SR_OK);
		for (size_t i = 0; i < n; i++)
			base_late[i] = check.orders[i].late_minutes;
		sr_plan_release(&check);
		cr_assert_eq(
			promise_plan(
				&(struct sr_plan_input){&c, o, n, runs, 1},
				&(struct sr_plan_ask){minutes, 40, INT64_MAX},
				NULL, &pr, &p, NULL),
			SR_OK);
		/* Met: the new order (id 0, last) is on time, nobody on time
		 * before is late now. */
		cr_assert_eq(p.orders[n].late_minutes, 0, "round %d", round);
		cr_assert_leq(p.orders[n].finish_day, pr.day);
		for (size_t i = 0; i < n; i++)
			if (!base_late[i])
				cr_assert_eq(p.orders[i].late_minutes, 0);
		assert_valid(&c,
			     (memcpy(all, o, n * sizeof(*o)),
			      all[n] = (struct sr_plan_order){0, minutes, 40,
							      pr.day, "new"},
			      all),
			     n + 1, runs, 1, &p);
		/* A day earlier breaks something. */
		if (pr.day > c.today) {
			bool broken;

			all[n].due_day = pr.day - 1;
			cr_assert_eq(sr_plan_make(&c, all, n + 1, runs, 1, NULL,
						  &check, NULL),
				     SR_OK);
			broken = check.orders[n].late_minutes > 0;
			for (size_t i = 0; i < n; i++)
				if (!base_late[i] &&
				    check.orders[i].late_minutes > 0)
					broken = true;
			cr_assert(broken, "round %d: day %lld was promisable",
				  round, (long long)(pr.day - 1));
			sr_plan_release(&check);
		}
		sr_plan_release(&p);
		sr_promise_release(&pr);
		free(all);
	}
}

/* Does order i finish later in p than in base? */
static bool later(const struct sr_plan *p, const struct sr_plan *base, size_t i)
{
	const struct sr_plan_result *a = &p->orders[i], *b = &base->orders[i];

	return a->finish_day > b->finish_day ||
	       (a->finish_day == b->finish_day &&
		a->finish_minute > b->finish_minute);
}

/*
 * Every day offered, on random queues with a wanted day: its plan keeps
 * it, its moves are exactly the orders that finish later than in
 * pr.base, those late already counted; the wanted day leads when kept,
 * and the earliest is last.
 */
Test(plan, every_option_keeps_its_day_and_says_what_moves)
{
	unsigned seed = 777;

	for (int round = 0; round < 30; round++) {
		struct sr_calendar c = week(1 + round % 2, NULL, 0);
		struct sr_plan_order o[8], all[9];
		struct sr_promise pr;
		size_t n = 3 + (size_t)round % 6;
		int64_t minutes, wanted;

		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245 + 12345;
			/* Some due before today: late whatever happens. */
			o[i] = (struct sr_plan_order){
				(int64_t)i + 1, 60 + (seed >> 8) % 600,
				1 + (seed >> 4) % 50,
				c.today - 2 + (int64_t)((seed >> 12) % 14),
				"o"};
		}
		seed = seed * 1103515245 + 12345;
		minutes = 60 + (seed >> 8) % 600;
		wanted = c.today + (int64_t)((seed >> 16) % 20);
		cr_assert_eq(sr_plan_promise(
				     &(struct sr_plan_input){&c, o, n, NULL, 0},
				     &(struct sr_plan_ask){minutes, 45, wanted},
				     NULL, &pr, NULL),
			     SR_OK);
		cr_assert_geq(pr.n_options, 1);
		cr_assert(pr.options[pr.n_options - 1].earliest);
		cr_assert_eq(pr.options[pr.n_options - 1].day, pr.day);
		cr_assert_eq(pr.wanted_ok, wanted >= pr.day, "round %d", round);
		cr_assert_eq(pr.options[0].wanted, pr.wanted_ok);
		cr_assert_eq(pr.options[0].day, pr.wanted_ok ? wanted : pr.day);
		cr_assert_eq(pr.n_options,
			     pr.wanted_ok && wanted != pr.day ? 2 : 1);
		memcpy(all, o, n * sizeof(*o));
		for (size_t k = 0; k < pr.n_options; k++) {
			const struct sr_promise_option *x = &pr.options[k];
			size_t m = 0, late = 0;

			all[n] = (struct sr_plan_order){0, minutes, 45, x->day,
							"new"};
			assert_valid(&c, all, n + 1, NULL, 0, &x->plan);
			cr_assert_eq(x->plan.orders[n].late_minutes, 0);
			for (size_t i = 0; i < n; i++) {
				bool was_late = pr.base.orders[i].late_minutes;

				if (!was_late)
					cr_assert_eq(
						x->plan.orders[i].late_minutes,
						0, "round %d", round);
				if (!later(&x->plan, &pr.base, i))
					continue;
				cr_assert_lt(m, x->n_moves);
				cr_assert_eq(x->moves[m].order, i);
				cr_assert_gt(x->moves[m].later_minutes, 0);
				cr_assert_eq(x->moves[m].was_late, was_late);
				late += was_late;
				m++;
			}
			cr_assert_eq(m, x->n_moves, "round %d", round);
			cr_assert_eq(late, x->n_late_later);
		}
		sr_promise_release(&pr);
	}
}

/*
 * The case: asked for a day that can be kept with nothing
 * moving, that day leads, and nothing moves for it; the earliest day
 * comes second and makes an order that is late already later still.
 * One worker, 08:00 to 16:00: a late order of two days, two of a day
 * with room, and a new one of a day worth more a minute than the late.
 */
Test(plan, the_wanted_day_leads_with_the_plan_that_moves_least)
{
	struct sr_calendar c = week(1, NULL, 0);
	struct sr_plan_order o[] = {
		{1, 960, 200, c.today - 1, "late"},
		{2, 480, 400, c.today + 8, "chair"},
		{3, 480, 200, c.today + 9, "stool"},
	};
	struct sr_promise pr;

	cr_assert_eq(
		sr_plan_promise(&(struct sr_plan_input){&c, o, 3, NULL, 0},
				&(struct sr_plan_ask){480, 600, c.today + 10},
				NULL, &pr, NULL),
		SR_OK);
	cr_assert_eq(pr.day, c.today);
	cr_assert(pr.wanted_ok);
	cr_assert_eq(pr.n_options, 2);
	cr_assert(pr.options[0].wanted);
	cr_assert_not(pr.options[0].earliest);
	cr_assert_eq(pr.options[0].day, c.today + 10);
	cr_assert_eq(pr.options[0].n_moves, 0);
	/* After the four days of work: Friday. */
	cr_assert_eq(pr.options[0].plan.orders[3].finish_day, c.today + 4);
	cr_assert(pr.options[1].earliest);
	cr_assert_eq(pr.options[1].n_moves, 3);
	cr_assert_eq(pr.options[1].n_late_later, 1);
	cr_assert(pr.options[1].moves[0].was_late);
	cr_assert_eq(pr.options[1].moves[0].later_minutes, 480);
	sr_promise_release(&pr);
}

/*
 * A long queue: n orders of 30 minutes to 4 hours due over the next
 * `spread` days, prices from 10.00 to 910.00, every seventh with no due.
 */
static struct sr_plan_order *queue(const struct sr_calendar *c, size_t n,
				   int64_t spread)
{
	struct sr_plan_order *o = calloc(n + 1, sizeof(*o));
	uint64_t x = 88172645463325252ULL;

	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		o[i] = (struct sr_plan_order){
			(int64_t)i + 1, 30 + (int64_t)(x % 211),
			1000 + (int64_t)((x >> 20) % 90000),
			i % 7 == 6 ? INT64_MAX
				   : c->today + (int64_t)((x >> 40) %
							  (uint64_t)spread),
			"queued"};
	}
	return o;
}

/*
 * The promise property on a queue of 1,000 open orders: the date is kept
 * and a day earlier is not (asked as the wanted day, which runs the same
 * check again from scratch). No clock: every search has a fixed budget.
 */
Test(plan, promises_hold_for_a_thousand_orders, .timeout = 120)
{
	for (int workers = 1; workers <= 3; workers += 2) {
		struct sr_calendar c = week(workers, NULL, 0);
		struct sr_plan_run runs[] = {
			{900, c.today + 3, 300, "run"},
			{901, c.today + 40, 2000, "big run"},
		};
		/* Queues that just about fit: a few orders late today, and
		 * the new one promised two months or so ahead. */
		struct sr_plan_order *o =
			queue(&c, 1000, workers == 1 ? 350 : 110);
		struct sr_promise pr, again;
		struct sr_plan p = SR_PLAN_INIT, q = SR_PLAN_INIT;

		cr_assert_eq(
			promise_plan(
				&(struct sr_plan_input){&c, o, 1000, runs, 2},
				&(struct sr_plan_ask){600, 25000, INT64_MAX},
				NULL, &pr, &p, NULL),
			SR_OK);
		assert_kept(&c, o, 1000, runs, 2, 600, 25000, NULL, &pr, &p);
		cr_assert_gt(pr.day, c.today + 30, "%d workers: so soon?",
			     workers);
		cr_assert_eq(
			promise_plan(
				&(struct sr_plan_input){&c, o, 1000, runs, 2},
				&(struct sr_plan_ask){600, 25000, pr.day - 1},
				NULL, &again, &q, NULL),
			SR_OK);
		cr_assert_eq(again.day, pr.day, "not reproducible");
		cr_assert_not(again.wanted_ok,
			      "%d workers: a day earlier "
			      "would do",
			      workers);
		sr_plan_release(&p);
		sr_plan_release(&q);
		sr_promise_release(&pr);
		sr_promise_release(&again);
		free(o);
	}
}

/* Weights far past what the engine takes are fitted, not refused. */
Test(plan, big_weights_are_fitted_not_refused)
{
	struct sr_calendar c = week(1, NULL, 0);
	struct sr_plan_order o[] = {
		{1, 600, 1000, c.today + 2, "small"},
		{2, 600, INT64_C(100000000000), c.today + 2, "price 1e11"},
		{3, 600, INT64_C(1000000000), c.today + 2, "priority 1e9"},
		{4, 900, 5000, c.today + 1, "rush"},
	};
	struct sr_plan p = SR_PLAN_INIT;
	struct sr_promise pr;
	int64_t wl = 0;

	cr_assert_eq(sr_plan_make(&c, o, 4, NULL, 0, NULL, &p, NULL), SR_OK);
	assert_valid(&c, o, 4, NULL, 0, &p);
	/* Not all fit by their dues; the two heavy ones do, whatever the
	 * rush and the small one cost. The lateness is in the orders' own
	 * units. */
	cr_assert_eq(p.orders[1].late_minutes, 0);
	cr_assert_eq(p.orders[2].late_minutes, 0);
	cr_assert_gt(p.weighted_lateness, 0);
	for (size_t i = 0; i < 4; i++)
		wl += o[i].weight * p.orders[i].late_minutes;
	cr_assert_eq(p.weighted_lateness, wl);
	sr_plan_release(&p);
	cr_assert_eq(promise_plan(&(struct sr_plan_input){&c, o, 4, NULL, 0},
				  &(struct sr_plan_ask){
					  60, INT64_C(100000000000), INT64_MAX},
				  NULL, &pr, &p, NULL),
		     SR_OK);
	assert_kept(&c, o, 4, NULL, 0, 60, INT64_C(100000000000), NULL, &pr,
		    &p);
	sr_plan_release(&p);
	sr_promise_release(&pr);
	/* Any weight at all: a late one makes the total the largest. */
	o[3].weight = INT64_MAX;
	o[3].due_day = c.today - 3;
	cr_assert_eq(sr_plan_make(&c, o, 4, NULL, 0, NULL, &p, NULL), SR_OK);
	assert_valid(&c, o, 4, NULL, 0, &p);
	cr_assert_eq(p.weighted_lateness, INT64_MAX);
	sr_plan_release(&p);
}

/* Many big weights together must fit the engine's total as well. */
Test(plan, many_big_weights_together)
{
	struct sr_calendar c = week(2, NULL, 0);
	struct sr_plan_order *o = calloc(1000, sizeof(*o));
	struct sr_plan p = SR_PLAN_INIT;

	for (size_t i = 0; i < 1000; i++)
		o[i] = (struct sr_plan_order){
			(int64_t)i + 1, i % 3 ? 120 : 10000000,
			INT64_C(100000000000) - (int64_t)i, c.today - 400,
			"heavy"};
	cr_assert_eq(sr_plan_make(&c, o, 1000, NULL, 0, NULL, &p, NULL), SR_OK);
	assert_valid(&c, o, 1000, NULL, 0, &p);
	cr_assert_eq(p.weighted_lateness, INT64_MAX);
	sr_plan_release(&p);
	free(o);
}

/*
 * Work longer than the horizon is planned as far as it goes and said:
 * an order of 1e7 minutes, a batch of 1e7 + 1e9 × 1e7 minutes, a run on a
 * closed day, and many huge runs on one day (their sum past INT64_MAX).
 */
Test(plan, work_past_the_horizon_is_reported)
{
	struct sr_calendar c = week(2, NULL, 0);
	struct sr_plan_order o[] = {
		{1, 10000000, 10, c.today + 30, "forever"},
		{2, 240, 500, c.today + 5, "normal"},
		{3, 0, 100, c.today + 1, "nothing left"},
	};
	struct sr_plan_run runs[40];
	struct sr_plan p = SR_PLAN_INIT;
	struct sr_promise pr;
	size_t n_runs = 0;

	runs[n_runs++] = (struct sr_plan_run){
		1, c.today + 1,
		INT64_C(10000000) + INT64_C(1000000000) * INT64_C(10000000),
		"brick"};
	runs[n_runs++] = (struct sr_plan_run){2, c.today + 6, 60, "sunday"};
	while (n_runs < 40) {
		runs[n_runs] =
			(struct sr_plan_run){(int64_t)n_runs + 1, c.today + 2,
					     INT64_MAX / 8, "huge"};
		n_runs++;
	}
	cr_assert_eq(sr_plan_make(&c, o, 3, runs, n_runs, NULL, &p, NULL),
		     SR_OK);
	assert_valid(&c, o, 3, runs, n_runs, &p);
	cr_assert(p.orders[0].past_horizon);
	cr_assert_eq(p.orders[0].finish_day, c.today + p.horizon_days - 1);
	cr_assert_gt(p.orders[0].late_minutes, 0);
	cr_assert_not(p.orders[1].past_horizon);
	cr_assert_eq(p.orders[1].late_minutes, 0);
	cr_assert_eq(p.horizon_days, SR_PLAN_MAX_DAYS);
	/* The brick run goes on from Tuesday to the horizon on both
	 * workers and leaves the huge runs and the Sunday one nothing. */
	cr_assert_eq(p.n_overruns, 40);
	cr_assert_eq(p.overruns[0].id, 1);
	{
		int64_t rest = 0;

		for (int64_t d = c.today + 1; d < c.today + p.horizon_days; d++)
			rest += sr_calendar_minutes(&c, d);
		cr_assert_eq(p.overruns[0].planned, 2 * rest);
		cr_assert_eq(p.overruns[0].left_over,
			     runs[0].minutes - 2 * rest);
	}
	cr_assert_eq(p.overruns[1].day, c.today + 2);
	cr_assert_eq(p.overruns[1].planned, 0);
	cr_assert_eq(p.overruns[1].left_over, INT64_MAX / 8);
	cr_assert_eq(p.overruns[2].planned, 0);
	cr_assert_eq(p.overruns[39].id, 2);
	cr_assert_eq(p.overruns[39].planned, 0);
	sr_plan_release(&p);
	/* A promise around them still works. */
	cr_assert_eq(
		promise_plan(&(struct sr_plan_input){&c, o, 3, runs, n_runs},
			     &(struct sr_plan_ask){300, 100, INT64_MAX}, NULL,
			     &pr, &p, NULL),
		SR_OK);
	assert_kept(&c, o, 3, runs, n_runs, 300, 100, NULL, &pr, &p);
	sr_plan_release(&p);
	sr_promise_release(&pr);
	/* A new order longer than the horizon cannot be promised. */
	cr_assert_eq(
		promise_plan(&(struct sr_plan_input){&c, o, 3, runs, n_runs},
			     &(struct sr_plan_ask){10000000, 100, INT64_MAX},
			     NULL, &pr, &p, NULL),
		SR_EINVAL);
}

/* A clock that jumps a second each time it is read. */
static int64_t jumping_clock(void *arg)
{
	int64_t *t = arg;

	return *t += 1000;
}

/*
 * Out of time, or told to stop: a plan is still whole and a promise is
 * still kept (the first day the new order fits in unchanged).
 */
Test(plan, out_of_time_answers_are_still_kept, .timeout = 60)
{
	struct sr_calendar c = week(1, NULL, 0);
	struct sr_plan_order *o = queue(&c, 1000, 500);
	struct sr_plan_opts opts = SR_PLAN_OPTS_INIT;
	struct sr_plan p = SR_PLAN_INIT;
	struct sr_promise pr, full;
	atomic_bool stop;
	int64_t t = 0;

	atomic_init(&stop, true);
	opts.cancel = &stop;
	cr_assert_eq(sr_plan_make(&c, o, 1000, NULL, 0, &opts, &p, NULL),
		     SR_OK);
	assert_valid(&c, o, 1000, NULL, 0, &p);
	sr_plan_release(&p);
	cr_assert_eq(promise_plan(&(struct sr_plan_input){&c, o, 1000, NULL, 0},
				  &(struct sr_plan_ask){600, 25000, INT64_MAX},
				  &opts, &pr, &p, NULL),
		     SR_OK);
	assert_kept(&c, o, 1000, NULL, 0, 600, 25000, &opts, &pr, &p);
	sr_plan_release(&p);
	sr_promise_release(&pr);
	/* The same with a time limit that is over at once. */
	opts.cancel = NULL;
	opts.clock_ms = jumping_clock;
	opts.clock_arg = &t;
	opts.time_limit_ms = 1000;
	cr_assert_eq(promise_plan(&(struct sr_plan_input){&c, o, 1000, NULL, 0},
				  &(struct sr_plan_ask){600, 25000, INT64_MAX},
				  &opts, &pr, &p, NULL),
		     SR_OK);
	assert_kept(&c, o, 1000, NULL, 0, 600, 25000, &opts, &pr, &p);
	sr_plan_release(&p);
	/* Given the time, the date is no later. */
	cr_assert_eq(promise_plan(&(struct sr_plan_input){&c, o, 1000, NULL, 0},
				  &(struct sr_plan_ask){600, 25000, INT64_MAX},
				  NULL, &full, &p, NULL),
		     SR_OK);
	cr_assert_leq(full.day, pr.day);
	sr_plan_release(&p);
	sr_promise_release(&pr);
	sr_promise_release(&full);
	free(o);
}

/* No open orders: the new one is the only work. */
Test(plan, promise_on_an_empty_queue)
{
	struct sr_calendar c = week(1, NULL, 0);
	struct sr_promise pr;
	struct sr_plan p = SR_PLAN_INIT;

	/* 600 minutes: all of Monday and two hours of Tuesday. */
	cr_assert_eq(promise_plan(&(struct sr_plan_input){&c, NULL, 0, NULL, 0},
				  &(struct sr_plan_ask){600, 1, c.today + 1},
				  NULL, &pr, &p, NULL),
		     SR_OK);
	cr_assert_eq(pr.day, c.today + 1);
	cr_assert(pr.wanted_ok);
	cr_assert_eq(p.n_orders, 1);
	cr_assert_eq(p.orders[0].finish_day, c.today + 1);
	cr_assert_eq(p.orders[0].finish_minute, 10 * 60);
	cr_assert_eq(pr.n_options, 1);
	cr_assert_eq(pr.options[0].n_moves, 0);
	sr_plan_release(&p);
	sr_promise_release(&pr);
	cr_assert_eq(promise_plan(&(struct sr_plan_input){&c, NULL, 0, NULL, 0},
				  &(struct sr_plan_ask){600, 1, c.today}, NULL,
				  &pr, &p, NULL),
		     SR_OK);
	cr_assert_not(pr.wanted_ok);
	sr_plan_release(&p);
	sr_promise_release(&pr);
}

/* Minutes of the blocks of run `id` in p, and on how many days. */
static int64_t run_minutes(const struct sr_plan *p, int64_t id, int *days)
{
	int64_t sum = 0, last = INT64_MIN;

	*days = 0;
	for (size_t i = 0; i < p->n_blocks; i++)
		if (p->blocks[i].batch && p->blocks[i].id == id) {
			sum += p->blocks[i].end - p->blocks[i].start;
			if (p->blocks[i].day != last)
				(*days)++;
			last = p->blocks[i].day;
		}
	return sum;
}

/*
 * Issue 10, point 2: a batch longer than a working day goes on over the
 * next working days, a day off skipped, and the orders come after it.
 */
Test(plan, a_long_batch_continues_on_the_next_working_days)
{
	int64_t off[] = {day_of("2026-11-24")}; /* Tuesday off */
	struct sr_calendar c = week(1, off, 1);
	/* 30 minutes' setup + 60 × 15 minutes a unit. */
	struct sr_plan_run runs[] = {{5, c.today, 30 + 60 * 15, "LONG"}};
	struct sr_plan_order o[] = {{1, 60, 100, INT64_MAX, "after"}};
	struct sr_plan p = SR_PLAN_INIT;
	const struct sr_plan_block *b;
	int days;

	cr_assert_eq(sr_plan_make(&c, o, 1, runs, 1, NULL, &p, NULL), SR_OK);
	assert_valid(&c, o, 1, runs, 1, &p);
	cr_assert_eq(p.n_overruns, 0);
	cr_assert_eq(run_minutes(&p, 5, &days), 930);
	cr_assert_eq(days, 2);
	/* Monday 08:00-16:00, then Wednesday 08:00-15:30; the order then
	 * Wednesday 15:30-16:00 and Thursday 08:00-08:30. */
	cr_assert_eq(p.n_blocks, 4);
	b = &p.blocks[0];
	cr_assert(b->batch);
	cr_assert_eq(b->day, day_of("2026-11-23"));
	cr_assert_eq(b->start, 8 * 60);
	cr_assert_eq(b->end, 16 * 60);
	cr_assert_eq(b->part, 1);
	cr_assert_eq(b->parts, 2);
	b = &p.blocks[1];
	cr_assert(b->batch);
	cr_assert_eq(b->day, day_of("2026-11-25"));
	cr_assert_eq(b->start, 8 * 60);
	cr_assert_eq(b->end, 15 * 60 + 30);
	cr_assert_eq(b->part, 2);
	cr_assert_eq(b->parts, 2);
	/* The order only after all of it. */
	b = &p.blocks[2];
	cr_assert_not(b->batch);
	cr_assert_eq(b->day, day_of("2026-11-25"));
	cr_assert_eq(b->start, 15 * 60 + 30);
	cr_assert_eq(p.orders[0].finish_day, day_of("2026-11-26"));
	cr_assert_eq(p.orders[0].finish_minute, 8 * 60 + 30);
	sr_plan_release(&p);
}

/* Past the horizon: laid as far as it goes, and what is left said. */
Test(plan, a_batch_past_the_horizon_says_what_does_not_fit)
{
	struct sr_calendar c = week(1, NULL, 0);
	/* today + 728 is a Monday (104 weeks), the horizon ends Tuesday. */
	struct sr_plan_run runs[] = {{6, c.today + 728, 2000, "LATE"}};
	struct sr_plan p = SR_PLAN_INIT;
	int days;

	cr_assert_eq(sr_date_weekday(c.today + 728), 0);
	cr_assert_eq(sr_plan_make(&c, NULL, 0, runs, 1, NULL, &p, NULL), SR_OK);
	assert_valid(&c, NULL, 0, runs, 1, &p);
	cr_assert_eq(run_minutes(&p, 6, &days), 2 * 480);
	cr_assert_eq(days, 2);
	cr_assert_eq(p.n_overruns, 1);
	cr_assert_eq(p.overruns[0].id, 6);
	cr_assert_eq(p.overruns[0].minutes, 2000);
	cr_assert_eq(p.overruns[0].planned, 960);
	cr_assert_eq(p.overruns[0].left_over, 2000 - 960);
	sr_plan_release(&p);
}

/* A promise sees all of a long batch's time. */
Test(plan, a_promise_sees_the_whole_batch)
{
	struct sr_calendar c = week(1, NULL, 0);
	/* Monday all day and Tuesday to 15:30. */
	struct sr_plan_run runs[] = {{5, c.today, 930, "LONG"}};
	struct sr_promise pr;
	struct sr_plan p = SR_PLAN_INIT;

	cr_assert_eq(promise_plan(&(struct sr_plan_input){&c, NULL, 0, runs, 1},
				  &(struct sr_plan_ask){60, 1, INT64_MAX}, NULL,
				  &pr, &p, NULL),
		     SR_OK);
	/* 30 minutes left on Tuesday: done Wednesday. */
	cr_assert_eq(pr.day, day_of("2026-11-25"));
	cr_assert_eq(p.orders[0].finish_minute, 8 * 60 + 30);
	sr_plan_release(&p);
	sr_promise_release(&pr);
}
