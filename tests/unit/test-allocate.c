/*
 * test-allocate.c - the order a sale from stock takes a product's batches
 * in (lib/allocate.c): on hand means some left, run by the day of the
 * sale and not past its best-before; oldest best-before first, those that
 * keep last, then the earlier run, then the lower id; split across
 * batches where one is not enough, and never more than is on hand. Every
 * expected figure is worked out by hand in the comments.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "allocate.h"

#define KEEPS SR_ALLOC_KEEPS

/* Day numbers: only their order matters here. */
enum { D1 = 20000, D2, D3, D4, D5, D6 };

static void run(struct sr_alloc_batch *b, size_t n, int64_t day, int64_t qty,
		struct sr_alloc_part *parts, size_t *np, int64_t *on_hand,
		int64_t *taken)
{
	struct sr_fail f = SR_FAIL_INIT;

	cr_assert_eq(sr_allocate(b, n, day, qty, parts, np, on_hand, taken, &f),
		     SR_OK, "%s", f.message.data);
	sr_fail_release(&f);
}

Test(allocate, oldest_best_before_first_and_the_unmade_left_out)
{
	/* Sold on D3: batch 7 (run D1, best before D5, 4 left), batch 8
	 * (run D2, best before D4, 6 left), batch 9 (run D4: made after the
	 * sale, left out though its best-before D4 would come first). On
	 * hand: 4 + 6 = 10. Best-before order: 8 (D4) then 7 (D5). 8 of
	 * them: all 6 of batch 8, then 2 of batch 7. */
	struct sr_alloc_batch b[] = {
		{7, D1, D5, 4},
		{9, D4, D4, 50},
		{8, D2, D4, 6},
	};
	struct sr_alloc_part parts[3];
	size_t np = 0;
	int64_t on_hand = 0, taken = 0;

	run(b, 3, D3, 8, parts, &np, &on_hand, &taken);
	cr_assert_eq(on_hand, 10);
	cr_assert_eq(taken, 8);
	cr_assert_eq(np, 2);
	cr_assert_eq(b[parts[0].batch].id, 8);
	cr_assert_eq(parts[0].quantity, 6);
	cr_assert_eq(b[parts[1].batch].id, 7);
	cr_assert_eq(parts[1].quantity, 2);
}

Test(allocate, one_batch_enough_takes_one)
{
	/* 3 of the 6 in batch 8 (best before D4, before batch 7's D5). */
	struct sr_alloc_batch b[] = {{7, D1, D5, 4}, {8, D2, D4, 6}};
	struct sr_alloc_part parts[2];
	size_t np = 0;
	int64_t on_hand = 0, taken = 0;

	run(b, 2, D3, 3, parts, &np, &on_hand, &taken);
	cr_assert_eq(np, 1);
	cr_assert_eq(b[parts[0].batch].id, 8);
	cr_assert_eq(parts[0].quantity, 3);
	cr_assert_eq(taken, 3);
	cr_assert_eq(on_hand, 10);
}

Test(allocate, those_that_keep_come_last)
{
	/* Batch 1 keeps (no best-before) and was run first; batch 2 is best
	 * before D6. 5 sold on D3: 2 from batch 2, then 3 from batch 1. */
	struct sr_alloc_batch b[] = {{1, D1, KEEPS, 10}, {2, D2, D6, 2}};
	struct sr_alloc_part parts[2];
	size_t np = 0;
	int64_t on_hand = 0, taken = 0;

	run(b, 2, D3, 5, parts, &np, &on_hand, &taken);
	cr_assert_eq(np, 2);
	cr_assert_eq(b[parts[0].batch].id, 2);
	cr_assert_eq(parts[0].quantity, 2);
	cr_assert_eq(b[parts[1].batch].id, 1);
	cr_assert_eq(parts[1].quantity, 3);
}

Test(allocate, equal_dates_go_by_run_then_id)
{
	/* All best before D6. Runs: batch 5 on D2, batch 3 on D2, batch 4 on
	 * D1. Order: 4 (earliest run), then 3 and 5 (same run, lower id
	 * first). One each of 1 left: 3 sold take 4, 3, 5. */
	struct sr_alloc_batch b[] = {
		{5, D2, D6, 1}, {3, D2, D6, 1}, {4, D1, D6, 1}};
	struct sr_alloc_part parts[3];
	size_t np = 0;
	int64_t on_hand = 0, taken = 0;

	run(b, 3, D3, 3, parts, &np, &on_hand, &taken);
	cr_assert_eq(np, 3);
	cr_assert_eq(b[parts[0].batch].id, 4);
	cr_assert_eq(b[parts[1].batch].id, 3);
	cr_assert_eq(b[parts[2].batch].id, 5);
}

Test(allocate, past_best_before_none_left_and_run_that_day)
{
	/* Sold on D3. Batch 1: best before D2, past it (out). Batch 2: none
	 * left (out). Batch 3: -2 left, overdrawn (out). Batch 4: run on D3
	 * itself (in) and best before D3, the day itself (in): 5. */
	struct sr_alloc_batch b[] = {{1, D1, D2, 9},
				     {2, D1, D6, 0},
				     {3, D1, D6, -2},
				     {4, D3, D3, 5}};
	struct sr_alloc_part parts[4];
	size_t np = 0;
	int64_t on_hand = 0, taken = 0;

	run(b, 4, D3, 2, parts, &np, &on_hand, &taken);
	cr_assert_eq(on_hand, 5);
	cr_assert_eq(np, 1);
	cr_assert_eq(b[parts[0].batch].id, 4);
	cr_assert_eq(parts[0].quantity, 2);
	cr_assert_not(
		sr_alloc_on_hand(&(struct sr_alloc_batch){1, D1, D2, 9}, D3));
	cr_assert(sr_alloc_on_hand(&(struct sr_alloc_batch){4, D3, D3, 5}, D3));
}

Test(allocate, more_than_on_hand_takes_all_there_is)
{
	/* 4 + 6 = 10 on hand, 25 asked: all 10 taken, 15 short. */
	struct sr_alloc_batch b[] = {{7, D1, D5, 4}, {8, D2, D4, 6}};
	struct sr_alloc_part parts[2];
	size_t np = 0;
	int64_t on_hand = 0, taken = 0;

	run(b, 2, D3, 25, parts, &np, &on_hand, &taken);
	cr_assert_eq(on_hand, 10);
	cr_assert_eq(taken, 10);
	cr_assert_eq(np, 2);
	cr_assert_eq(parts[0].quantity + parts[1].quantity, 10);
}

Test(allocate, nothing_on_hand_and_no_batches)
{
	struct sr_alloc_part parts[1];
	size_t np = 9;
	int64_t on_hand = 9, taken = 9;

	run(NULL, 0, D3, 4, parts, &np, &on_hand, &taken);
	cr_assert_eq(np, 0);
	cr_assert_eq(on_hand, 0);
	cr_assert_eq(taken, 0);
}

Test(allocate, a_quantity_below_one_is_refused)
{
	struct sr_alloc_batch b[] = {{7, D1, D5, 4}};
	struct sr_alloc_part parts[1];
	struct sr_fail f = SR_FAIL_INIT;
	size_t np = 0;
	int64_t on_hand = 0, taken = 0;

	cr_assert_eq(sr_allocate(b, 1, D3, 0, parts, &np, &on_hand, &taken, &f),
		     SR_EINVAL);
	cr_assert_str_eq(f.field.data, "quantity");
	cr_assert_eq(np, 0);
	sr_fail_release(&f);
}

Test(allocate, on_hand_stops_at_the_largest_number)
{
	/* Two batches of INT64_MAX - 1 each: their sum does not fit, so
	 * on_hand stops at INT64_MAX; 3 taken from the first. */
	struct sr_alloc_batch b[] = {{1, D1, D5, INT64_MAX - 1},
				     {2, D1, D5, INT64_MAX - 1}};
	struct sr_alloc_part parts[2];
	size_t np = 0;
	int64_t on_hand = 0, taken = 0;

	run(b, 2, D3, 3, parts, &np, &on_hand, &taken);
	cr_assert_eq(on_hand, INT64_MAX);
	cr_assert_eq(np, 1);
	cr_assert_eq(parts[0].quantity, 3);
}
