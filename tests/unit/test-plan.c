/*
 * test-plan.c - the week plan is valid on the calendar, and promises hold.
 */
#include <criterion/criterion.h>
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
			cr_assert_neq(b->day, c->days_off[k], "work on a day off");
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
					cr_assert_eq(b->day, runs[k].day);
					batch[k] += b->end - b->start;
				}
		} else {
			for (size_t k = 0; k < n; k++)
				if (o[k].id == b->id)
					done[k] += b->end - b->start;
		}
	}
	/* Every order exactly once, all its minutes; every run its share. */
	for (size_t k = 0; k < n; k++) {
		cr_assert_eq(done[k], o[k].minutes, "order %lld: %lld of %lld",
			     (long long)o[k].id, (long long)done[k],
			     (long long)o[k].minutes);
		cr_assert_eq(p->orders[k].id, o[k].id);
	}
	for (size_t k = 0; k < n_runs; k++)
		cr_assert_geq(batch[k], runs[k].minutes);
	free(done);
	free(batch);
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
	struct sr_plan_order o[] = {{7, 3 * 480 + 100, 5000, INT64_MAX, "table"}};
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
		cr_assert_eq(sr_plan_make(&c, o, n, runs, 1, NULL, &check, NULL),
			     SR_OK);
		for (size_t i = 0; i < n; i++)
			base_late[i] = check.orders[i].late_minutes;
		sr_plan_release(&check);
		cr_assert_eq(sr_plan_promise(&c, o, n, runs, 1, minutes, 40,
					     INT64_MAX, NULL, &pr, &p, NULL),
			     SR_OK);
		/* Met: the new order (id 0, last) is on time, nobody on time
		 * before is late now. */
		cr_assert_eq(p.orders[n].late_minutes, 0, "round %d", round);
		cr_assert_leq(p.orders[n].finish_day, pr.day);
		for (size_t i = 0; i < n; i++)
			if (!base_late[i])
				cr_assert_eq(p.orders[i].late_minutes, 0);
		assert_valid(&c, (memcpy(all, o, n * sizeof(*o)),
				  all[n] = (struct sr_plan_order){0, minutes,
								  40, pr.day,
								  "new"},
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
		free(all);
	}
}
