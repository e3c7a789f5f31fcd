/*
 * test-consume.c - making takes from stock (lib/consume.c, lib/stock.c),
 * on a real store: a batch done takes its recipe from lots first to
 * expire first and never an expired one, one use a lot at the lot's
 * price; hand uses are left out of the need; short stock is refused, or
 * at the maker's word goes below zero and is marked; set back or deleted
 * it puts everything back; an order with a product does the same; a hand
 * use naming a lot moves it; a count by hand keeps the lots in step; the
 * proposal, the done call with the maker's own lots, and its body parser.
 * Every expected figure is worked out in the comment beside it.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "records-fixture.h"
#include "smallrun/consume.h"
#include "smallrun/transfer.h"
#include "store-fixture.h"

STORE_SUITE(consume);

/*
 * A soap maker on 2026-11-25 (NOW). Olive oil in ml, 90p per 100 ml, in
 * four lots: A 1000 ml best before 12-31 (£8.00), B 2000 ml before 12-10
 * (£18.00), X 500 ml that expired on 11-01 (£3.00) and N 1500 ml with no
 * date (£15.00): 5000 ml on hand. Lye in g, one lot L of 1000 g with no
 * date (£5.00). A bar takes 100 ml of oil and 14 g of lye.
 */
struct soap {
	int64_t oil, lye, bar, a, b, x, n, l;
};

static int64_t lot(int64_t material, const char *code, const char *received,
		   const char *expires, int64_t quantity, int64_t cost)
{
	char exp[16];

	if (expires)
		snprintf(exp, sizeof(exp), "\"%s\"", expires);
	else
		snprintf(exp, sizeof(exp), "null");
	return create_id(SR_RES_LOT,
			 "{\"material_id\":%lld,\"lot\":\"%s\","
			 "\"received_on\":\"%s\",\"expires_on\":%s,"
			 "\"quantity\":%lld,\"cost\":%lld}",
			 (long long)material, code, received, exp,
			 (long long)quantity, (long long)cost);
}

static struct soap soap(void)
{
	struct soap s;

	s.oil = create_id(SR_RES_MATERIAL,
			  "{\"name\":\"Olive oil\",\"unit\":\"ml\","
			  "\"cost_per_unit\":90,\"cost_per\":100}");
	s.lye = create_id(SR_RES_MATERIAL,
			  "{\"name\":\"Lye\",\"cost_per_unit\":300,"
			  "\"cost_per\":1000}");
	s.a = lot(s.oil, "A-1", "2026-11-01", "2026-12-31", 1000, 800);
	s.b = lot(s.oil, "B-2", "2026-11-10", "2026-12-10", 2000, 1800);
	s.x = lot(s.oil, "X-3", "2026-10-01", "2026-11-01", 500, 300);
	s.n = lot(s.oil, "N-4", "2026-11-20", NULL, 1500, 1500);
	s.l = lot(s.lye, "L-5", "2026-11-01", NULL, 1000, 500);
	s.bar = create_id(SR_RES_PRODUCT, "{\"name\":\"Soap bar\"}");
	create_id(SR_RES_RECIPE_LINE,
		  "{\"product_id\":%lld,\"material_id\":%lld,\"quantity\":100}",
		  (long long)s.bar, (long long)s.oil);
	create_id(SR_RES_RECIPE_LINE,
		  "{\"product_id\":%lld,\"material_id\":%lld,\"quantity\":14}",
		  (long long)s.bar, (long long)s.lye);
	return s;
}

static int64_t field(enum sr_res r, int64_t id, const char *key)
{
	json_t *o = fetch(r, id);
	int64_t v = num(o, key);

	json_decref(o);
	return v;
}

static int64_t left(int64_t lot_id)
{
	return field(SR_RES_LOT, lot_id, "remaining");
}

static int64_t on_hand(int64_t material)
{
	return field(SR_RES_MATERIAL, material, "on_hand");
}

/* The four oil lots' remaining, and on_hand, as one would read them. */
static void expect_oil(const struct soap *s, int64_t a, int64_t b, int64_t x,
		       int64_t n, int64_t held)
{
	cr_expect_eq(left(s->a), a, "A holds %lld, not %lld",
		     (long long)left(s->a), (long long)a);
	cr_expect_eq(left(s->b), b, "B holds %lld, not %lld",
		     (long long)left(s->b), (long long)b);
	cr_expect_eq(left(s->x), x, "X holds %lld, not %lld",
		     (long long)left(s->x), (long long)x);
	cr_expect_eq(left(s->n), n, "N holds %lld, not %lld",
		     (long long)left(s->n), (long long)n);
	cr_expect_eq(on_hand(s->oil), held, "oil on hand %lld, not %lld",
		     (long long)on_hand(s->oil), (long long)held);
}

/* The material uses of a batch (or order), as a list answer's items. */
static json_t *uses_of(const char *owner, int64_t id)
{
	json_t *l =
		list(SR_RES_BATCH_MATERIAL, "%s=%lld", owner, (long long)id);
	json_t *items = json_incref(json_object_get(l, "items"));

	json_decref(l);
	return items;
}

/* The use of material from lot_id (0: none, beyond or not) among uses. */
static json_t *use_of(json_t *uses, int64_t material, int64_t lot_id,
		      int beyond)
{
	size_t i;
	json_t *u;

	json_array_foreach(uses, i, u)
	{
		json_t *l = json_object_get(u, "lot_id");

		if (num(u, "material_id") == material &&
		    (lot_id ? json_integer_value(l) == lot_id
			    : json_is_null(l)) &&
		    num(u, "beyond_stock") == beyond)
			return u;
	}
	return NULL;
}

/* Expect a use of quantity from the lot at cost (-1: none). */
static void expect_use(json_t *uses, int64_t material, int64_t lot_id,
		       int beyond, int64_t quantity, int64_t cost)
{
	json_t *u = use_of(uses, material, lot_id, beyond);

	cr_assert_not_null(u, "no use of material %lld from lot %lld",
			   (long long)material, (long long)lot_id);
	cr_expect_eq(num(u, "quantity"), quantity, "lot %lld: %lld, not %lld",
		     (long long)lot_id, (long long)num(u, "quantity"),
		     (long long)quantity);
	if (cost < 0)
		cr_expect(json_is_null(json_object_get(u, "cost")));
	else
		cr_expect_eq(num(u, "cost"), cost,
			     "lot %lld cost %lld, not %lld", (long long)lot_id,
			     (long long)num(u, "cost"), (long long)cost);
	cr_expect_str_eq(str(u, "source"), "recipe");
}

static int64_t planned(const struct soap *s, int64_t qty)
{
	return create_id(SR_RES_BATCH,
			 "{\"product_id\":%lld,\"run_date\":\"2026-11-25\","
			 "\"planned_qty\":%lld}",
			 (long long)s->bar, (long long)qty);
}

/* sr_consume_done() that must succeed: its answer. */
static json_t *done(enum sr_maker what, int64_t id, const char *body)
{
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	enum sr_err err = sr_consume_done(store, what, id, body, strlen(body),
					  NOW, &out, &f);
	json_t *j;

	cr_assert_eq(err, SR_OK, "done %s: %s (%s, %s): %s", body,
		     sr_strerror(err), f.code, f.field.data, f.message.data);
	sr_fail_release(&f);
	j = parsed(&out);
	sr_buf_release(&out);
	return j;
}

/* sr_consume_done() that must fail: its error, f filled in, no answer. */
static enum sr_err try_done(enum sr_maker what, int64_t id, const char *body,
			    struct sr_fail *f)
{
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	enum sr_err err = sr_consume_done(store, what, id, body, strlen(body),
					  NOW, &out, f);

	cr_expect_eq(out.len, 0, "a refused done answered %s", out.data);
	sr_buf_release(&out);
	return err;
}

static json_t *proposal(enum sr_maker what, int64_t id, int64_t made)
{
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	enum sr_err err = sr_consumption(store, what, id, made, NOW, &out, &f);
	json_t *j;

	cr_assert_eq(err, SR_OK, "%s", f.message.data);
	sr_fail_release(&f);
	j = parsed(&out);
	sr_buf_release(&out);
	return j;
}

/* ---- a batch done ---------------------------------------------------------
 */

Test(consume, a_batch_done_takes_its_recipe_from_lots_first_to_expire_first)
{
	struct soap s = soap();
	int64_t b = planned(&s, 25);
	json_t *uses, *row;

	/* Nothing is taken while it is planned. */
	expect_oil(&s, 1000, 2000, 500, 1500, 5000);
	row = update(SR_RES_BATCH, b, "{\"status\":\"done\",\"made_qty\":25}");
	cr_expect_eq(num(row, "short_uses"), 0);
	json_decref(row);
	/* 25 bars: 2500 ml of oil and 350 g of lye. X expired on 11-01,
	 * before the run on 11-25: never taken. B (12-10) goes first, whole,
	 * 2000 ml at its £18.00; then 500 of A (12-31) at 800 × 500 / 1000 =
	 * 400p. N, with no date, is not reached. Lye: 350 of L at
	 * 500 × 350 / 1000 = 175p. */
	uses = uses_of("batch_id", b);
	cr_expect_eq(json_array_size(uses), 3);
	expect_use(uses, s.oil, s.b, 0, 2000, 1800);
	expect_use(uses, s.oil, s.a, 0, 500, 400);
	expect_use(uses, s.lye, s.l, 0, 350, 175);
	/* Each names its lot's code, for the trace. */
	cr_expect_str_eq(str(use_of(uses, s.oil, s.b, 0), "lot"), "B-2");
	json_decref(uses);
	/* 5000 - 2500 on hand: A 500, B 0, X and N as they were. */
	expect_oil(&s, 500, 0, 500, 1500, 2500);
	cr_expect_eq(left(s.l), 650);
	cr_expect_eq(on_hand(s.lye), 650);
	/* A change that leaves it done takes nothing more. */
	json_decref(update(SR_RES_BATCH, b, "{\"qc_notes\":\"fine\"}"));
	uses = uses_of("batch_id", b);
	cr_expect_eq(json_array_size(uses), 3);
	json_decref(uses);
	expect_oil(&s, 500, 0, 500, 1500, 2500);
}

Test(consume, hand_uses_of_a_material_are_left_out_of_its_need)
{
	struct soap s = soap();
	int64_t b = planned(&s, 25);
	json_t *uses;

	/* 300 ml typed by hand with no lot: on_hand 4700 while the lots
	 * hold 5000, so 300 come off them, the expired X first: X 200. */
	use_material(b, s.oil, 300, NULL);
	expect_oil(&s, 1000, 2000, 200, 1500, 4700);
	json_decref(update(SR_RES_BATCH, b,
			   "{\"status\":\"done\",\"made_qty\":25}"));
	/* 2500 needed, 300 used by hand: 2200, all of B and 200 of A (at
	 * 800 × 200 / 1000 = 160p). The hand use stays as it was. */
	uses = uses_of("batch_id", b);
	cr_expect_eq(json_array_size(uses), 4);
	expect_use(uses, s.oil, s.b, 0, 2000, 1800);
	expect_use(uses, s.oil, s.a, 0, 200, 160);
	cr_expect_str_eq(str(json_array_get(uses, 0), "source"), "hand");
	json_decref(uses);
	expect_oil(&s, 800, 0, 200, 1500, 2500);
	/* Set back, only the recipe's uses go back: the hand one stays. */
	json_decref(update(SR_RES_BATCH, b, "{\"status\":\"running\"}"));
	uses = uses_of("batch_id", b);
	cr_expect_eq(json_array_size(uses), 1);
	json_decref(uses);
	expect_oil(&s, 1000, 2000, 200, 1500, 4700);
}

Test(consume, short_stock_is_refused_and_changes_nothing)
{
	struct soap s = soap();
	int64_t b = planned(&s, 60);
	struct sr_fail f = SR_FAIL_INIT;
	json_t *d, *item, *row, *uses;
	json_error_t e;

	/* 60 bars need 6000 ml: B 2000 + A 1000 + N 1500 = 4500 usable (X
	 * expired): 1500 short. Lye 840 of 1000: enough. */
	cr_assert_eq(try_update(SR_RES_BATCH, b, &f,
				"{\"status\":\"done\",\"made_qty\":60}"),
		     SR_ECONFLICT);
	cr_expect_str_eq(f.code, "short_stock");
	cr_expect_str_eq(f.field.data, "status");
	cr_expect(strstr(f.message.data, "Olive oil needs 6000 ml and 4500 ml "
					 "can be used (1500 ml short)"),
		  "%s", f.message.data);
	d = json_loads(f.details.data, 0, &e);
	cr_assert_not_null(d, "%s", f.details.data);
	cr_assert_eq(json_array_size(json_object_get(d, "short")), 1);
	item = json_array_get(json_object_get(d, "short"), 0);
	cr_expect_eq(num(item, "material_id"), s.oil);
	cr_expect_eq(num(item, "need"), 6000);
	cr_expect_eq(num(item, "usable"), 4500);
	cr_expect_eq(num(item, "short"), 1500);
	json_decref(d);
	sr_fail_release(&f);
	/* Nothing changed: still planned, made none, nothing taken. */
	row = fetch(SR_RES_BATCH, b);
	cr_expect_str_eq(str(row, "status"), "planned");
	cr_expect_eq(num(row, "made_qty"), 0);
	json_decref(row);
	uses = uses_of("batch_id", b);
	cr_expect_eq(json_array_size(uses), 0);
	json_decref(uses);
	expect_oil(&s, 1000, 2000, 500, 1500, 5000);
	cr_expect_eq(on_hand(s.lye), 1000);
	/* A new batch made done at once is refused the same way. */
	cr_expect_eq(try_create(SR_RES_BATCH, &f,
				"{\"product_id\":%lld,\"run_date\":"
				"\"2026-11-25\",\"made_qty\":60,\"status\":"
				"\"done\"}",
				(long long)s.bar),
		     SR_ECONFLICT);
	cr_expect_str_eq(f.code, "short_stock");
	sr_fail_release(&f);
	/* And by the done call, whose refusal names "short". */
	assert_fail(try_done(SR_MAKE_BATCH, b, "{\"made_qty\":60}", &f), &f,
		    SR_ECONFLICT, "short_stock", "short");
	expect_oil(&s, 1000, 2000, 500, 1500, 5000);
}

Test(consume, short_allowed_goes_below_zero_and_says_so_until_undone)
{
	struct soap s = soap();
	int64_t b = planned(&s, 60), c;
	json_t *a, *uses, *w, *row;

	a = done(SR_MAKE_BATCH, b, "{\"made_qty\":60,\"short\":\"allow\"}");
	/* B 2000, A 1000, N 1500 from their lots, and the 1500 short as one
	 * use with no lot, marked, at the oil's 90p per 100 ml: 1350p. */
	uses = json_object_get(a, "uses");
	cr_expect_eq(json_array_size(uses), 5);
	expect_use(uses, s.oil, s.b, 0, 2000, 1800);
	expect_use(uses, s.oil, s.a, 0, 1000, 800);
	expect_use(uses, s.oil, s.n, 0, 1500, 1500);
	expect_use(uses, s.oil, 0, 1, 1500, 1350);
	expect_use(uses, s.lye, s.l, 0, 840, 420);
	cr_expect_eq(num(json_object_get(a, "batch"), "short_uses"), 1);
	cr_expect_str_eq(str(json_object_get(a, "batch"), "status"), "done");
	w = json_array_get(json_object_get(a, "warnings"), 0);
	cr_assert_not_null(w);
	cr_expect_str_eq(str(w, "code"), "short_stock");
	json_decref(a);
	/* 5000 - 4500 - 1500 = -1000 on hand, so no lot may hold any: the
	 * expired X's 500 came off too. */
	expect_oil(&s, 0, 0, 0, 0, -1000);
	/* The mark stays on the batch, and its warning on every change. */
	row = fetch(SR_RES_BATCH, b);
	cr_expect_eq(num(row, "short_uses"), 1);
	json_decref(row);
	/* Put back, newest first: the short 1500 (-1000 + 1500 = 500, in
	 * no lot), then N, A, B each on its lot: 500 + 1500 + 1000 + 2000 =
	 * 5000 on hand, the lots 4500 of it; X's 500 is loose stock now. */
	json_decref(update(SR_RES_BATCH, b, "{\"status\":\"planned\"}"));
	expect_oil(&s, 1000, 2000, 0, 1500, 5000);
	row = fetch(SR_RES_BATCH, b);
	cr_expect_eq(num(row, "short_uses"), 0);
	json_decref(row);
	/* Below zero again, a new lot covers what was short first: 2000 ml
	 * come while on hand is -1000, so 1000 of them are left. */
	json_decref(done(SR_MAKE_BATCH, b, "{\"short\":\"allow\"}"));
	/* Made 60 still: 4500 from lots, 500 loose (at 90 × 500 / 100 =
	 * 450p), 1000 short: on hand 5000 - 6000 = -1000. */
	uses = uses_of("batch_id", b);
	expect_use(uses, s.oil, 0, 0, 500, 450);
	expect_use(uses, s.oil, 0, 1, 1000, 900);
	json_decref(uses);
	cr_expect_eq(on_hand(s.oil), -1000);
	c = lot(s.oil, "C-6", "2026-11-25", "2027-01-31", 2000, 1600);
	cr_expect_eq(on_hand(s.oil), 1000);
	cr_expect_eq(left(c), 1000);
}

Test(consume, deleting_a_batch_puts_everything_back)
{
	struct soap s = soap();
	int64_t b = planned(&s, 25), hand, sale;
	struct sr_fail f = SR_FAIL_INIT;

	/* 200 of N by hand (naming its lot), then done: 2500 - 200 = 2300,
	 * B 2000 and A 300. Lye 350. */
	hand = create_id(SR_RES_BATCH_MATERIAL,
			 "{\"batch_id\":%lld,\"material_id\":%lld,"
			 "\"quantity\":200,\"lot_id\":%lld}",
			 (long long)b, (long long)s.oil, (long long)s.n);
	json_decref(update(SR_RES_BATCH, b,
			   "{\"status\":\"done\",\"made_qty\":25}"));
	expect_oil(&s, 700, 0, 500, 1300, 2500);
	/* A sale of it stands in the way: refused, and nothing put back. */
	sale = create_id(SR_RES_SALE, "{\"batch_id\":%lld,\"quantity\":1}",
			 (long long)b);
	assert_fail(sr_rec_delete(store, SR_RES_BATCH, b, &f), &f, SR_ECONFLICT,
		    "in_use", NULL);
	expect_oil(&s, 700, 0, 500, 1300, 2500);
	cr_expect_eq(left(s.l), 650);
	cr_expect_eq(field(SR_RES_BATCH_MATERIAL, hand, "quantity"), 200);
	/* Without it, the batch goes and every use with it, each back on
	 * its lot, the hand one too. */
	cr_assert_eq(sr_rec_delete(store, SR_RES_SALE, sale, &f), SR_OK);
	cr_assert_eq(sr_rec_delete(store, SR_RES_BATCH, b, &f), SR_OK, "%s",
		     f.message.data);
	expect_oil(&s, 1000, 2000, 500, 1500, 5000);
	cr_expect_eq(left(s.l), 1000);
	cr_expect_eq(on_hand(s.lye), 1000);
	{
		json_t *l = list(SR_RES_BATCH_MATERIAL, "material_id=%lld",
				 (long long)s.oil);

		cr_expect_eq(num(l, "total"), 0);
		json_decref(l);
	}
	sr_fail_release(&f);
}

/* ---- an order done --------------------------------------------------------
 */

Test(consume, an_order_with_a_product_takes_its_recipe_when_done)
{
	struct soap s = soap();
	int64_t ann = create_id(SR_RES_CUSTOMER, "{\"name\":\"Ann\"}"), o, none;
	json_t *uses;

	o = create_id(SR_RES_ORDER,
		      "{\"customer_id\":%lld,\"product_id\":%lld,\"title\":"
		      "\"Wedding soaps\",\"quantity\":5,\"status\":"
		      "\"accepted\"}",
		      (long long)ann, (long long)s.bar);
	json_decref(update(SR_RES_ORDER, o, "{\"status\":\"in_progress\"}"));
	expect_oil(&s, 1000, 2000, 500, 1500, 5000);
	/* 5 bars on the day it is done (11-25): 500 ml of B at
	 * 1800 × 500 / 2000 = 450p, 70 g of lye at 500 × 70 / 1000 = 35p. */
	json_decref(update(SR_RES_ORDER, o, "{\"status\":\"done\"}"));
	uses = uses_of("order_id", o);
	cr_expect_eq(json_array_size(uses), 2);
	expect_use(uses, s.oil, s.b, 0, 500, 450);
	expect_use(uses, s.lye, s.l, 0, 70, 35);
	json_decref(uses);
	expect_oil(&s, 1000, 1500, 500, 1500, 4500);
	/* Delivered: it took them already. */
	json_decref(update(SR_RES_ORDER, o, "{\"status\":\"delivered\"}"));
	expect_oil(&s, 1000, 1500, 500, 1500, 4500);
	/* Back in progress: put back. Cancelled from there: nothing. */
	json_decref(update(SR_RES_ORDER, o, "{\"status\":\"in_progress\"}"));
	expect_oil(&s, 1000, 2000, 500, 1500, 5000);
	cr_expect_eq(on_hand(s.lye), 1000);
	json_decref(update(SR_RES_ORDER, o, "{\"status\":\"cancelled\"}"));
	expect_oil(&s, 1000, 2000, 500, 1500, 5000);
	/* Delivered straight from cancelled takes them again; deleted, it
	 * puts them back. */
	json_decref(update(SR_RES_ORDER, o, "{\"status\":\"delivered\"}"));
	expect_oil(&s, 1000, 1500, 500, 1500, 4500);
	cr_assert_eq(sr_rec_delete(store, SR_RES_ORDER, o, NULL), SR_OK);
	expect_oil(&s, 1000, 2000, 500, 1500, 5000);
	/* An order for no product has no recipe: it takes nothing. */
	none = create_id(SR_RES_ORDER,
			 "{\"customer_id\":%lld,\"title\":\"Oak table\","
			 "\"status\":\"done\"}",
			 (long long)ann);
	uses = uses_of("order_id", none);
	cr_expect_eq(json_array_size(uses), 0);
	json_decref(uses);
	expect_oil(&s, 1000, 2000, 500, 1500, 5000);
}

/* ---- uses by hand and counts ------------------------------------------------
 */

Test(consume, a_hand_use_naming_a_lot_moves_that_lot)
{
	struct soap s = soap();
	int64_t b = planned(&s, 1), u;
	struct sr_fail f = SR_FAIL_INIT;
	json_t *row;

	/* 200 from A: its code and 800 × 200 / 1000 = 160p. */
	u = create_id(SR_RES_BATCH_MATERIAL,
		      "{\"batch_id\":%lld,\"material_id\":%lld,"
		      "\"quantity\":200,\"lot_id\":%lld}",
		      (long long)b, (long long)s.oil, (long long)s.a);
	row = fetch(SR_RES_BATCH_MATERIAL, u);
	cr_expect_str_eq(str(row, "lot"), "A-1");
	cr_expect_eq(num(row, "cost"), 160);
	cr_expect_str_eq(str(row, "source"), "hand");
	json_decref(row);
	expect_oil(&s, 800, 2000, 500, 1500, 4800);
	/* Changed to 300: the lot follows (800 + 200 - 300). */
	json_decref(update(SR_RES_BATCH_MATERIAL, u, "{\"quantity\":300}"));
	expect_oil(&s, 700, 2000, 500, 1500, 4700);
	/* Moved to B: A back whole, B 300 less. */
	json_decref(update(SR_RES_BATCH_MATERIAL, u, "{\"lot_id\":%lld}",
			   (long long)s.b));
	expect_oil(&s, 1000, 1700, 500, 1500, 4700);
	/* More than a lot holds (B: 1700 and the use's own 300 back), or a
	 * lot of another material: refused, nothing moved. */
	cr_expect_eq(
		try_update(SR_RES_BATCH_MATERIAL, u, &f, "{\"quantity\":2001}"),
		SR_ECONFLICT);
	cr_expect_str_eq(f.code, "not_enough_in_lot");
	sr_fail_release(&f);
	assert_fail(try_create(SR_RES_BATCH_MATERIAL, &f,
			       "{\"batch_id\":%lld,\"material_id\":%lld,"
			       "\"quantity\":10,\"lot_id\":%lld}",
			       (long long)b, (long long)s.oil, (long long)s.l),
		    &f, SR_EINVAL, "wrong_material", "lot_id");
	expect_oil(&s, 1000, 1700, 500, 1500, 4700);
	cr_expect_eq(left(s.l), 1000);
	/* Deleted, it goes back on B. */
	cr_assert_eq(sr_rec_delete(store, SR_RES_BATCH_MATERIAL, u, &f), SR_OK);
	expect_oil(&s, 1000, 2000, 500, 1500, 5000);
	sr_fail_release(&f);
}

Test(consume, stock_counted_by_hand_keeps_the_lots_in_step)
{
	struct soap s = soap();
	int64_t b;
	json_t *uses;

	/* Counted down to 3000: the lots held 5000, so 2000 come off them
	 * in FEFO order, the expired first: X 500, then 1500 of B. */
	json_decref(update(SR_RES_MATERIAL, s.oil, "{\"on_hand\":3000}"));
	expect_oil(&s, 1000, 500, 0, 1500, 3000);
	/* Counted up to 3500: the lots stay, and 500 are loose stock. */
	json_decref(update(SR_RES_MATERIAL, s.oil, "{\"on_hand\":3500}"));
	expect_oil(&s, 1000, 500, 0, 1500, 3500);
	/* 31 bars, 3100 ml: B 500, A 1000, N 1500, then 100 of the loose
	 * stock with no lot at 90 × 100 / 100 = 90p, not short. */
	b = planned(&s, 31);
	json_decref(update(SR_RES_BATCH, b,
			   "{\"status\":\"done\",\"made_qty\":31}"));
	uses = uses_of("batch_id", b);
	expect_use(uses, s.oil, s.b, 0, 500, 450);
	expect_use(uses, s.oil, s.a, 0, 1000, 800);
	expect_use(uses, s.oil, s.n, 0, 1500, 1500);
	expect_use(uses, s.oil, 0, 0, 100, 90);
	cr_expect_null(use_of(uses, s.oil, 0, 1));
	json_decref(uses);
	expect_oil(&s, 0, 0, 0, 0, 400);
	/* A new lot D of 300 (700 on hand), counted down to 100 and then
	 * below zero: D holds 100, then nothing. */
	{
		int64_t d = lot(s.oil, "D-7", "2026-11-25", NULL, 300, 300);

		cr_expect_eq(on_hand(s.oil), 700);
		json_decref(
			update(SR_RES_MATERIAL, s.oil, "{\"on_hand\":100}"));
		cr_expect_eq(left(d), 100);
		json_decref(
			update(SR_RES_MATERIAL, s.oil, "{\"on_hand\":-50}"));
		cr_expect_eq(left(d), 0);
		expect_oil(&s, 0, 0, 0, 0, -50);
	}
}

/* ---- the proposal and the done call ----------------------------------------
 */

Test(consume, the_proposal_says_what_done_would_take_and_changes_nothing)
{
	struct soap s = soap();
	int64_t b = planned(&s, 25);
	json_t *p, *line, *picks, *lots;

	/* Its planned 25 while it has made none: as the first test. */
	p = proposal(SR_MAKE_BATCH, b, -1);
	cr_expect_eq(num(p, "made_qty"), 25);
	cr_expect_str_eq(str(p, "day"), "2026-11-25");
	cr_expect(json_is_true(json_object_get(p, "has_recipe")));
	cr_expect(json_is_false(json_object_get(p, "already_done")));
	cr_expect(json_is_false(json_object_get(p, "short")));
	line = json_array_get(json_object_get(p, "lines"), 0);
	cr_assert_eq(num(line, "material_id"), s.oil);
	cr_expect_eq(num(line, "need"), 2500);
	cr_expect_eq(num(line, "want"), 2500);
	/* Usable: all but X, 4500, none loose. */
	cr_expect_eq(num(line, "usable"), 4500);
	cr_expect_eq(num(line, "loose"), 0);
	picks = json_object_get(line, "picks");
	cr_assert_eq(json_array_size(picks), 2);
	cr_expect_eq(num(json_array_get(picks, 0), "lot_id"), s.b);
	cr_expect_eq(num(json_array_get(picks, 0), "quantity"), 2000);
	cr_expect_eq(num(json_array_get(picks, 1), "lot_id"), s.a);
	cr_expect_eq(num(json_array_get(picks, 1), "quantity"), 500);
	/* The lots one may pick instead: B, A, N, in that order; not X. */
	lots = json_object_get(line, "lots");
	cr_assert_eq(json_array_size(lots), 3);
	cr_expect_eq(num(json_array_get(lots, 0), "lot_id"), s.b);
	cr_expect_eq(num(json_array_get(lots, 1), "lot_id"), s.a);
	cr_expect_eq(num(json_array_get(lots, 2), "lot_id"), s.n);
	json_decref(p);
	/* For 60: 1500 short. */
	p = proposal(SR_MAKE_BATCH, b, 60);
	cr_expect(json_is_true(json_object_get(p, "short")));
	line = json_array_get(json_object_get(p, "lines"), 0);
	cr_expect_eq(num(line, "short"), 1500);
	json_decref(p);
	expect_oil(&s, 1000, 2000, 500, 1500, 5000);
}

Test(consume, done_takes_the_lots_the_maker_chose)
{
	struct soap s = soap();
	int64_t b = planned(&s, 25);
	struct sr_fail f = SR_FAIL_INIT;
	json_t *a, *uses;
	char *body;

	/* Refused, each naming its use, and nothing written: X expired
	 * before the run; L is lye, not oil; A holds 1000, not 1200. */
	body = textf("{\"uses\":[{\"material_id\":%lld,\"lot_id\":%lld,"
		     "\"quantity\":100}]}",
		     (long long)s.oil, (long long)s.x);
	assert_fail(try_done(SR_MAKE_BATCH, b, body, &f), &f, SR_ECONFLICT,
		    "expired_lot", "uses[0].lot_id");
	free(body);
	body = textf("{\"uses\":[{\"material_id\":%lld,\"quantity\":1},"
		     "{\"material_id\":%lld,\"lot_id\":%lld,"
		     "\"quantity\":100}]}",
		     (long long)s.oil, (long long)s.oil, (long long)s.l);
	assert_fail(try_done(SR_MAKE_BATCH, b, body, &f), &f, SR_EINVAL,
		    "wrong_material", "uses[1].lot_id");
	free(body);
	body = textf("{\"uses\":[{\"material_id\":%lld,\"lot_id\":%lld,"
		     "\"quantity\":1200}]}",
		     (long long)s.oil, (long long)s.a);
	assert_fail(try_done(SR_MAKE_BATCH, b, body, &f), &f, SR_ECONFLICT,
		    "not_enough_in_lot", "uses[0].quantity");
	free(body);
	/* 100 ml with no lot: there is no loose stock, so it is short. */
	body = textf("{\"uses\":[{\"material_id\":%lld,\"quantity\":100}]}",
		     (long long)s.oil);
	assert_fail(try_done(SR_MAKE_BATCH, b, body, &f), &f, SR_ECONFLICT,
		    "short_stock", "uses");
	free(body);
	body = textf("{\"uses\":[{\"material_id\":999,\"quantity\":100}]}");
	assert_fail(try_done(SR_MAKE_BATCH, b, body, &f), &f, SR_EINVAL,
		    "unknown_reference", "uses[0].material_id");
	free(body);
	expect_oil(&s, 1000, 2000, 500, 1500, 5000);
	a = fetch(SR_RES_BATCH, b);
	cr_expect_str_eq(str(a, "status"), "planned");
	json_decref(a);
	/* Made 24 of which 1 rejected, all the oil from N and A by choice
	 * (1500 + 900), no lye: exactly those are taken. */
	body = textf(
		"{\"made_qty\":24,\"rejected_qty\":1,\"uses\":["
		"{\"material_id\":%lld,\"lot_id\":%lld,\"quantity\":1500},"
		"{\"material_id\":%lld,\"lot_id\":%lld,\"quantity\":900}]}",
		(long long)s.oil, (long long)s.n, (long long)s.oil,
		(long long)s.a);
	a = done(SR_MAKE_BATCH, b, body);
	free(body);
	cr_expect_eq(num(json_object_get(a, "batch"), "made_qty"), 24);
	cr_expect_eq(num(json_object_get(a, "batch"), "rejected_qty"), 1);
	uses = json_object_get(a, "uses");
	cr_expect_eq(json_array_size(uses), 2);
	/* N: 1500 of 1500 at £15.00; A: 900 at 800 × 900 / 1000 = 720p. */
	expect_use(uses, s.oil, s.n, 0, 1500, 1500);
	expect_use(uses, s.oil, s.a, 0, 900, 720);
	json_decref(a);
	expect_oil(&s, 100, 2000, 500, 0, 2600);
	cr_expect_eq(on_hand(s.lye), 1000);
	/* Done again while its uses stand: refused. */
	assert_fail(try_done(SR_MAKE_BATCH, b, "{}", &f), &f, SR_ECONFLICT,
		    "already_done", "status");
	/* Set back and done with no body: its made 24, FEFO. 2400 ml: B
	 * 2000, A 400. */
	json_decref(update(SR_RES_BATCH, b, "{\"status\":\"running\"}"));
	expect_oil(&s, 1000, 2000, 500, 1500, 5000);
	json_decref(done(SR_MAKE_BATCH, b, ""));
	expect_oil(&s, 600, 0, 500, 1500, 2600);
	cr_expect_eq(on_hand(s.lye), 1000 - 24 * 14);
}

/* ---- the done body ----------------------------------------------------------
 */

static void refused(enum sr_maker what, const char *body, const char *code,
		    const char *field)
{
	struct sr_done *d = malloc(sizeof(*d));
	struct sr_fail f = SR_FAIL_INIT;

	cr_assert_not_null(d);
	expect_fail(sr_done_parse(what, body, strlen(body), d, &f), &f,
		    SR_EINVAL, code, field, body);
	free(d);
}

Test(consume, the_done_body_is_parsed_and_bad_ones_refused_by_field)
{
	struct sr_done *d = malloc(sizeof(*d));
	struct sr_fail f = SR_FAIL_INIT;
	const char *ok = "{\"made_qty\":12,\"rejected_qty\":2,\"short\":"
			 "\"allow\",\"uses\":[{\"material_id\":3,\"lot_id\":"
			 "9,\"quantity\":250},{\"material_id\":4,\"lot_id\":"
			 "null,\"quantity\":1}]}";

	cr_assert_not_null(d);
	cr_assert_eq(sr_done_parse(SR_MAKE_BATCH, ok, strlen(ok), d, &f), SR_OK,
		     "%s", f.message.data);
	cr_expect(d->has_made && d->made_qty == 12);
	cr_expect(d->has_rejected && d->rejected_qty == 2);
	cr_expect(d->allow_short && d->has_uses);
	cr_assert_eq(d->nuses, 2);
	cr_expect(d->uses[0].material_id == 3 && d->uses[0].lot_id == 9 &&
		  d->uses[0].quantity == 250);
	cr_expect(d->uses[1].material_id == 4 && d->uses[1].lot_id == 0 &&
		  d->uses[1].quantity == 1);
	/* Nothing, or {}: as it is, FEFO, short refused. */
	cr_assert_eq(sr_done_parse(SR_MAKE_ORDER, "", 0, d, &f), SR_OK);
	cr_expect(!d->has_made && !d->has_uses && !d->allow_short);
	cr_assert_eq(sr_done_parse(SR_MAKE_ORDER, "{\"short\":\"refuse\"}", 18,
				   d, &f),
		     SR_OK);
	cr_expect(!d->allow_short);
	/* An empty list is exactly nothing. */
	cr_assert_eq(sr_done_parse(SR_MAKE_BATCH, "{\"uses\":[]}", 11, d, &f),
		     SR_OK);
	cr_expect(d->has_uses && d->nuses == 0);
	free(d);

	refused(SR_MAKE_BATCH, "[]", "bad_type", NULL);
	refused(SR_MAKE_BATCH, "{\"made\":1}", "unknown_field", "made");
	refused(SR_MAKE_ORDER, "{\"made_qty\":1}", "unknown_field", "made_qty");
	refused(SR_MAKE_BATCH, "{\"made_qty\":-1}", "out_of_range", "made_qty");
	refused(SR_MAKE_BATCH, "{\"made_qty\":\"3\"}", "bad_type", "made_qty");
	refused(SR_MAKE_BATCH, "{\"rejected_qty\":null}", "missing_value",
		"rejected_qty");
	refused(SR_MAKE_BATCH, "{\"short\":\"yes\"}", "bad_value", "short");
	refused(SR_MAKE_BATCH, "{\"short\":true}", "bad_value", "short");
	refused(SR_MAKE_BATCH, "{\"uses\":{}}", "bad_type", "uses");
	refused(SR_MAKE_BATCH, "{\"uses\":[3]}", "bad_type", "uses[0]");
	refused(SR_MAKE_BATCH, "{\"uses\":[{\"quantity\":1}]}", "missing_field",
		"uses[0].material_id");
	refused(SR_MAKE_BATCH, "{\"uses\":[{\"material_id\":1}]}",
		"missing_field", "uses[0].quantity");
	refused(SR_MAKE_BATCH,
		"{\"uses\":[{\"material_id\":1,\"quantity\":1},"
		"{\"material_id\":1,\"quantity\":0}]}",
		"out_of_range", "uses[1].quantity");
	refused(SR_MAKE_BATCH,
		"{\"uses\":[{\"material_id\":null,\"quantity\":1}]}",
		"missing_value", "uses[0].material_id");
	refused(SR_MAKE_BATCH,
		"{\"uses\":[{\"material_id\":1,\"quantity\":1,\"lot_id\":0}]}",
		"out_of_range", "uses[0].lot_id");
	refused(SR_MAKE_BATCH,
		"{\"uses\":[{\"material_id\":1,\"quantity\":1,\"lot\":\"A\"}]}",
		"unknown_field", "uses[0].lot");
	refused(SR_MAKE_BATCH, "{\"made_qty\":1", "bad_json", NULL);
	/* 201 uses: one too many. */
	{
		struct sr_buf b = SR_BUF_INIT(1 << 16);

		sr_buf_adds(&b, "{\"uses\":[");
		for (int i = 0; i <= SR_DONE_USES_MAX; i++)
			sr_buf_addf(&b, "%s{\"material_id\":1,\"quantity\":1}",
				    i ? "," : "");
		sr_buf_adds(&b, "]}");
		refused(SR_MAKE_BATCH, b.data, "out_of_range", "uses");
		sr_buf_release(&b);
	}
}

/* ---- export and import ------------------------------------------------------
 */

/* What a store holds of the soap: each material's on_hand and its lots'
 * remaining, and each use's quantity, lot, source and mark, as text. */
static char *holding(sr_store *st)
{
	sr_store *was = store;
	struct sr_buf b = SR_BUF_INIT(1 << 16);
	json_t *l, *u;
	size_t i;
	char *out;

	store = st;
	/* By material, by name: the copy numbers its records its own way. */
	l = list(SR_RES_MATERIAL, "limit=100");
	json_array_foreach(json_object_get(l, "items"), i, u)
	{
		json_t *lots = list(SR_RES_LOT, "material_id=%lld",
				    (long long)num(u, "id")),
		       *one;
		size_t k;

		sr_buf_addf(&b, "%s %lld:", str(u, "name"),
			    (long long)num(u, "on_hand"));
		json_array_foreach(json_object_get(lots, "items"), k, one)
			sr_buf_addf(&b, " lot %s %lld", str(one, "lot"),
				    (long long)num(one, "remaining"));
		sr_buf_adds(&b, "; ");
		json_decref(lots);
	}
	json_decref(l);
	l = list(SR_RES_BATCH_MATERIAL, "limit=100");
	json_array_foreach(json_object_get(l, "items"), i, u) sr_buf_addf(
		&b, "use %lld %s %s %lld; ", (long long)num(u, "quantity"),
		json_is_string(json_object_get(u, "lot")) ? str(u, "lot") : "-",
		str(u, "source"), (long long)num(u, "beyond_stock"));
	json_decref(l);
	store = was;
	out = strdup(b.data);
	sr_buf_release(&b);
	return out;
}

Test(consume, an_import_restores_what_was_taken_and_takes_nothing)
{
	struct soap s = soap();
	int64_t b = planned(&s, 60);
	struct sr_fail f = SR_FAIL_INIT;
	char dir[] = "/tmp/smallrun-consume-XXXXXX", *where, *before, *after;
	sr_store *copy = NULL, *was;
	json_t *row;

	/* Done beyond stock (as above: 1500 ml of oil short, -1000 on
	 * hand) and a hand use of 10 g of lye: an export and an import
	 * into a new store give the same lots, stock and uses, none taken
	 * again although the batch comes in done. */
	json_decref(done(SR_MAKE_BATCH, b,
			 "{\"made_qty\":60,\"short\":\"allow\"}"));
	use_material(b, s.lye, 10, NULL);
	cr_assert_not_null(mkdtemp(dir));
	cr_assert_eq(sr_export_csv(store, dir, &f), SR_OK, "%s",
		     f.message.data);
	where = test_store_new();
	cr_assert_eq(test_store_open(where, &copy, &f), SR_OK, "%s",
		     f.message.data);
	cr_assert_eq(sr_import_csv(copy, dir, NOW, NULL, NULL, &f), SR_OK, "%s",
		     f.message.data);
	before = holding(store);
	after = holding(copy);
	cr_expect_str_eq(after, before);
	free(before);
	free(after);
	/* Set back in both (the copy numbers its records its own way, so by
	 * its one batch), its recipe's uses go back in the copy as here:
	 * the lots whole but X (the short use took its 500, loose stock
	 * now), the hand use of lye kept. */
	json_decref(update(SR_RES_BATCH, b, "{\"status\":\"running\"}"));
	expect_oil(&s, 1000, 2000, 0, 1500, 5000);
	was = store;
	store = copy;
	row = list(SR_RES_BATCH, "limit=1");
	json_decref(update(
		SR_RES_BATCH,
		num(json_array_get(json_object_get(row, "items"), 0), "id"),
		"{\"status\":\"running\"}"));
	json_decref(row);
	store = was;
	before = holding(store);
	after = holding(copy);
	cr_expect_str_eq(after, before);
	cr_expect(strstr(before, "Lye 990: lot L-5 990;"), "%s", before);
	free(before);
	free(after);
	sr_store_close(copy);
	test_store_remove(where);
	{
		char *rm = textf("rm -rf %s", dir);

		cr_expect_eq(system(rm), 0);
		free(rm);
	}
	sr_fail_release(&f);
}

Test(consume, a_product_that_is_not_there_or_too_many_to_work_out_is_bad_input)
{
	struct soap s = soap();
	int64_t ann = create_id(SR_RES_CUSTOMER, "{\"name\":\"Ann\"}"), o,
		plain;
	struct sr_fail f = SR_FAIL_INIT;

	/* An order done naming a product there is not: 400, its field. */
	o = create_id(SR_RES_ORDER, "{\"customer_id\":%lld,\"title\":\"Box\"}",
		      (long long)ann);
	assert_fail(try_update(SR_RES_ORDER, o, &f,
			       "{\"status\":\"done\",\"product_id\":999}"),
		    &f, SR_EINVAL, "unknown_reference", "product_id");
	/* Two million made: past what a recipe is worked out for (a
	 * million), refused for the bar, taken as nothing for a product
	 * with no recipe. */
	assert_fail(try_create(SR_RES_BATCH, &f,
			       "{\"product_id\":%lld,\"run_date\":"
			       "\"2026-11-25\",\"made_qty\":2000000,"
			       "\"status\":\"done\"}",
			       (long long)s.bar),
		    &f, SR_EINVAL, "out_of_range", "made_qty");
	plain = create_id(SR_RES_PRODUCT, "{\"name\":\"Plain\"}");
	create_id(SR_RES_BATCH,
		  "{\"product_id\":%lld,\"run_date\":\"2026-11-25\","
		  "\"made_qty\":2000000,\"status\":\"done\"}",
		  (long long)plain);
	expect_oil(&s, 1000, 2000, 500, 1500, 5000);
}
