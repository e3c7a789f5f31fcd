/*
 * test-fefo.c - first-expiring first (lib/fefo.c): cases worked by hand
 * (dated before undated, expired lots skipped, a lot expiring on the day
 * still used, ties by received day then id, exact cover, short, a need of
 * nothing) and a property test over random lots.
 */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "fefo.h"

#define NONE SR_FEFO_NO_DATE

/* Day numbers: 20000 is 2024-10-04; only their order matters here. */
#define D(n) (20000 + (n))

static struct sr_fefo_result pick(struct sr_fefo_lot *lots, size_t n,
				  int64_t need, int64_t day,
				  struct sr_fefo_take *takes)
{
	struct sr_fefo_result r;

	cr_assert_eq(sr_fefo_pick(lots, n, need, day, takes, &r), SR_OK);
	return r;
}

Test(fefo, the_earlier_expiry_first_and_undated_last)
{
	/* Flour: 3 no date, 1 expires day 9, 2 expires day 5. Need 700:
	 * lot 2 (day 5) 300 whole, lot 1 (day 9) 300 whole, then 100 of
	 * lot 3 (no date). */
	struct sr_fefo_lot lots[] = {
		{1, D(9), D(0), 300},
		{2, D(5), D(1), 300},
		{3, NONE, D(0), 500},
	};
	struct sr_fefo_take t[3];
	struct sr_fefo_result r = pick(lots, 3, 700, D(2), t);

	cr_assert_eq(r.ntakes, 3);
	cr_expect_eq(lots[t[0].lot].id, 2);
	cr_expect_eq(t[0].quantity, 300);
	cr_expect_eq(lots[t[1].lot].id, 1);
	cr_expect_eq(t[1].quantity, 300);
	cr_expect_eq(lots[t[2].lot].id, 3);
	cr_expect_eq(t[2].quantity, 100);
	cr_expect_eq(r.shortfall, 0);
	/* 300 + 300 + 500 usable. */
	cr_expect_eq(r.usable, 1100);
}

Test(fefo, an_expired_lot_is_skipped_and_one_expiring_today_is_used)
{
	/* Making on day 10: lot 1 expired on day 9 (skipped, though first
	 * to expire); lot 2 expires on day 10 (used: the last day it may
	 * be); lot 3 day 20. Need 250: 200 of lot 2, 50 of lot 3. */
	struct sr_fefo_lot lots[] = {
		{1, D(9), D(0), 1000},
		{2, D(10), D(0), 200},
		{3, D(20), D(0), 400},
	};
	struct sr_fefo_take t[3];
	struct sr_fefo_result r = pick(lots, 3, 250, D(10), t);

	cr_assert_eq(r.ntakes, 2);
	cr_expect_eq(lots[t[0].lot].id, 2);
	cr_expect_eq(t[0].quantity, 200);
	cr_expect_eq(lots[t[1].lot].id, 3);
	cr_expect_eq(t[1].quantity, 50);
	/* The expired 1000 is not usable: 200 + 400. */
	cr_expect_eq(r.usable, 600);
	cr_expect_eq(r.shortfall, 0);
}

Test(fefo, ties_go_to_the_first_received_then_the_lowest_id)
{
	/* All expire on day 30. Received: lot 7 day 2, lot 4 day 3, lot 5
	 * day 2. Order: 5 (day 2, id 5), 7 (day 2, id 7), 4 (day 3). Need
	 * 25 of lots of 10: 10 of 5, 10 of 7, 5 of 4. */
	struct sr_fefo_lot lots[] = {
		{7, D(30), D(2), 10},
		{4, D(30), D(3), 10},
		{5, D(30), D(2), 10},
	};
	struct sr_fefo_take t[3];
	struct sr_fefo_result r = pick(lots, 3, 25, D(1), t);

	cr_assert_eq(r.ntakes, 3);
	cr_expect_eq(lots[t[0].lot].id, 5);
	cr_expect_eq(lots[t[1].lot].id, 7);
	cr_expect_eq(lots[t[2].lot].id, 4);
	cr_expect_eq(t[2].quantity, 5);
	/* Undated lots tie the same way: received, then id. */
	struct sr_fefo_lot u[] = {
		{9, NONE, D(4), 1},
		{8, NONE, D(4), 1},
		{2, NONE, D(6), 1},
	};
	r = pick(u, 3, 3, D(1), t);
	cr_assert_eq(r.ntakes, 3);
	cr_expect_eq(u[t[0].lot].id, 8);
	cr_expect_eq(u[t[1].lot].id, 9);
	cr_expect_eq(u[t[2].lot].id, 2);
}

Test(fefo, an_exact_cover_takes_whole_lots_and_nothing_more)
{
	/* Need 500 = 200 + 300: both lots whole, the third untouched. */
	struct sr_fefo_lot lots[] = {
		{1, D(5), D(0), 200},
		{2, D(6), D(0), 300},
		{3, D(7), D(0), 900},
	};
	struct sr_fefo_take t[3];
	struct sr_fefo_result r = pick(lots, 3, 500, D(0), t);

	cr_assert_eq(r.ntakes, 2);
	cr_expect_eq(t[0].quantity + t[1].quantity, 500);
	cr_expect_eq(lots[t[1].lot].id, 2);
	cr_expect_eq(r.shortfall, 0);
}

Test(fefo, short_takes_every_usable_lot_and_says_what_is_missing)
{
	/* Need 1000; usable 150 + 250 = 400 (lot 3 expired, lot 4 empty):
	 * short 600. */
	struct sr_fefo_lot lots[] = {
		{1, D(5), D(0), 150},
		{2, NONE, D(0), 250},
		{3, D(1), D(0), 5000},
		{4, D(9), D(0), 0},
	};
	struct sr_fefo_take t[4];
	struct sr_fefo_result r = pick(lots, 4, 1000, D(3), t);

	cr_assert_eq(r.ntakes, 2);
	cr_expect_eq(lots[t[0].lot].id, 1);
	cr_expect_eq(lots[t[1].lot].id, 2);
	cr_expect_eq(r.usable, 400);
	cr_expect_eq(r.shortfall, 600);
	/* No lots at all: all of it short. */
	r = pick(NULL, 0, 42, D(3), t);
	cr_expect_eq(r.ntakes, 0);
	cr_expect_eq(r.shortfall, 42);
	cr_expect_eq(r.usable, 0);
}

Test(fefo, a_need_of_nothing_takes_nothing_and_bad_input_is_refused)
{
	struct sr_fefo_lot lots[] = {{1, D(5), D(0), 10}};
	struct sr_fefo_lot bad[] = {{1, D(5), D(0), -1}};
	struct sr_fefo_take t[1];
	struct sr_fefo_result r = pick(lots, 1, 0, D(0), t);

	cr_expect_eq(r.ntakes, 0);
	cr_expect_eq(r.shortfall, 0);
	cr_expect_eq(r.usable, 10);
	cr_expect_eq(sr_fefo_pick(lots, 1, -1, D(0), t, &r), SR_EINVAL);
	cr_expect_eq(sr_fefo_pick(bad, 1, 5, D(0), t, &r), SR_EINVAL);
}

/* A small deterministic generator. */
static uint64_t seed = 0x9e3779b97f4a7c15ull;

static int64_t rnd(int64_t n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (int64_t)(seed % (uint64_t)n);
}

Test(fefo, random_lots_keep_every_rule)
{
	for (int round = 0; round < 2000; round++) {
		size_t n = (size_t)rnd(12);
		struct sr_fefo_lot lots[12], orig[12];
		struct sr_fefo_take t[12];
		int64_t day = D(rnd(20)), need = rnd(400), usable = 0;
		int64_t taken = 0;
		struct sr_fefo_result r;

		for (size_t i = 0; i < n; i++) {
			lots[i] = (struct sr_fefo_lot){
				(int64_t)i + 1,
				rnd(4) ? D(rnd(25)) : NONE,
				D(rnd(5)),
				rnd(4) ? rnd(100) : 0,
			};
			orig[i] = lots[i];
			if (lots[i].remaining > 0 && lots[i].expires >= day)
				usable += lots[i].remaining;
		}
		r = pick(lots, n, need, day, t);
		cr_assert_eq(r.usable, usable);
		for (size_t k = 0; k < r.ntakes; k++) {
			const struct sr_fefo_lot *l = &lots[t[k].lot];

			/* Never more than a lot holds, never an expired one,
			 * never a lot twice. */
			cr_assert(t[k].quantity >= 1 &&
				  t[k].quantity <= l->remaining);
			cr_assert(l->expires >= day);
			for (size_t j = 0; j < k; j++)
				cr_assert_neq(t[j].lot, t[k].lot);
			/* Every take but the last takes its lot whole, and
			 * no usable lot that comes earlier in FEFO order is
			 * passed over. */
			if (k + 1 < r.ntakes)
				cr_assert_eq(t[k].quantity, l->remaining);
			for (size_t j = 0; j < t[k].lot; j++) {
				bool took = false;

				for (size_t m = 0; m < k; m++)
					took |= t[m].lot == j;
				cr_assert(took ||
					  !sr_fefo_usable(&lots[j], day));
				cr_assert(sr_fefo_cmp(&lots[j], l) <= 0);
			}
			taken += t[k].quantity;
		}
		/* sum = min(need, usable), the rest short. */
		cr_assert_eq(taken, need < usable ? need : usable);
		cr_assert_eq(r.shortfall, need - taken);
		/* The lots are the same lots, only reordered. */
		for (size_t i = 0; i < n; i++) {
			bool found = false;

			for (size_t j = 0; j < n; j++)
				found |= lots[j].id == orig[i].id &&
					 lots[j].remaining ==
						 orig[i].remaining &&
					 lots[j].expires == orig[i].expires;
			cr_assert(found);
		}
	}
}
