/*
 * test-goods-in.c - goods in (lib/goods-in.c): the weighted average cost
 * and the pro-rata cost of a line received in parts, against cases worked
 * by hand; and, on a real store, a purchase received in part and then the
 * rest (lots, stock, costs, status), the status rules, over-receipt and
 * bad bodies that change nothing, and lots by hand. Every expected figure
 * is worked out in the comment beside it.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "goods-in-int.h"
#include "records-fixture.h"
#include "smallrun/goods-in.h"

STORE_SUITE(goods_in);

/* ---- the arithmetic ------------------------------------------------------ */

static struct sr_cost avg(const char *base, int64_t on_hand, int64_t per_unit,
			  int64_t per, int64_t qty, int64_t value)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_cost out = {-1, -1};

	cr_assert_eq(sr_average_cost(base, on_hand,
				     (struct sr_cost){per_unit, per}, qty,
				     value, &out, &f),
		     SR_OK, "%s", f.message.data);
	sr_fail_release(&f);
	return out;
}

Test(goods_in, the_weighted_average_as_worked_by_hand)
{
	struct sr_cost c;

	/* Nothing on hand: a 16 kg sack for £18.40 is 1840 / 16000 p a
	 * gram, kept per 1000 g: 1840 × 1000 / 16000 = 115p a kilo. */
	c = avg("g", 0, 0, 1, 16000, 1840);
	cr_expect_eq(c.per_unit, 115);
	cr_expect_eq(c.per, 1000);
	/* 10 kg at 115p a kilo (1150p) and 16 kg for 2000p: 3150p for
	 * 26 kg, 121.15p a kilo, 121. */
	c = avg("g", 10000, 115, 1000, 16000, 2000);
	cr_expect_eq(c.per_unit, 121);
	cr_expect_eq(c.per, 1000);
	/* Stock below zero counts as none: 1000 g for 150p is 150p a kilo,
	 * whatever the 500 g short were priced at. */
	c = avg("g", -500, 200, 1000, 1000, 150);
	cr_expect_eq(c.per_unit, 150);
	/* Pieces stay per piece: 100 at 12p (1200p) and 100 for 1500p,
	 * 2700p for 200, 13.5p, rounded half up to 14p each. */
	c = avg("pcs", 100, 12, 1, 100, 1500);
	cr_expect_eq(c.per_unit, 14);
	cr_expect_eq(c.per, 1);
	/* Half a penny a litre rounds up: 2 l for 1p is 0.5p per 1000 ml,
	 * 1. A third rounds down: 3 l for 1p is 0.33p, 0. */
	c = avg("ml", 0, 0, 1000, 2000, 1);
	cr_expect_eq(c.per_unit, 1);
	c = avg("ml", 0, 0, 1000, 3000, 1);
	cr_expect_eq(c.per_unit, 0);
	/* A cost per 5 m of ribbon stays per 5 m (5000 mm is not under
	 * 1000): 5 m at 300p and 5 m for 400p, 350p per 5 m. */
	c = avg("mm", 5000, 300, 5000, 5000, 400);
	cr_expect_eq(c.per_unit, 350);
	cr_expect_eq(c.per, 5000);
	/* One rounding only: 1 g at 1p (per 1 g) and 2 g for 1p, 2p for
	 * 3 g is 666.67p a kilo, 667 (rounding 0.667p a gram first, to
	 * 1p, would have given 1000). */
	c = avg("g", 1, 1, 1, 2, 1);
	cr_expect_eq(c.per_unit, 667);
	cr_expect_eq(c.per, 1000);
}

Test(goods_in, a_cost_past_the_largest_is_refused)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_cost out;

	/* £1bn for 1 g is 10^11 p a gram, 10^14 p a kilo: past the
	 * largest cost (10^11 p). */
	assert_fail(sr_average_cost("g", 0, (struct sr_cost){0, 1}, 1,
				    INT64_C(100000000000), &out, &f),
		    &f, SR_EINVAL, "out_of_range", "cost_per_unit");
}

Test(goods_in, parts_of_a_line_add_up_to_its_price)
{
	/* 100p for 3 in three parts: 100/3 = 33.33 → 33; 200/3 = 66.67 →
	 * 67, less 33: 34; 100 less 67: 33. Together 100. */
	cr_expect_eq(sr_part_cost(100, 3, 0, 1), 33);
	cr_expect_eq(sr_part_cost(100, 3, 1, 2), 34);
	cr_expect_eq(sr_part_cost(100, 3, 2, 3), 33);
	/* 2p for 4 one at a time: 0.5 → 1, 1 → 1, 1.5 → 2, 2: 1, 0, 1, 0.
	 * Each part on its own rounded (1 each) would make 4p of 2p. */
	cr_expect_eq(sr_part_cost(2, 4, 0, 1), 1);
	cr_expect_eq(sr_part_cost(2, 4, 1, 2), 0);
	cr_expect_eq(sr_part_cost(2, 4, 2, 3), 1);
	cr_expect_eq(sr_part_cost(2, 4, 3, 4), 0);
	/* Any split of any line adds up to the price exactly. */
	srand(11);
	for (int t = 0; t < 2000; t++) {
		int64_t price = rand() % 100000, base = 1 + rand() % 5000;
		int64_t at = 0, sum = 0;

		while (at < base) {
			int64_t next = at + 1 + rand() % (base - at);

			sum += sr_part_cost(price, base, at, next);
			at = next;
		}
		cr_assert_eq(sum, price, "price %lld over %lld",
			     (long long)price, (long long)base);
	}
	/* The largest price over the largest line does not overflow. */
	cr_expect_eq(sr_part_cost(INT64_C(100000000000), INT64_C(1000000000), 0,
				  INT64_C(1000000000)),
		     INT64_C(100000000000));
}

/* ---- on a store ---------------------------------------------------------- */

/* Rye flour in g, 10 kg on hand at 115p a kilo, bought in 16 kg sacks;
 * a loaf takes 450 g; a purchase of 2 sacks for £40.00 from SM-881 and
 * 3 l of oil for £9.00. */
struct shop {
	int64_t flour, oil, loaf, purchase, sacks, litres;
};

static struct shop shop(void)
{
	struct shop s;

	s.flour = create_id(SR_RES_MATERIAL,
			    "{\"name\":\"Rye flour\",\"on_hand\":10000,"
			    "\"cost_per_unit\":115,\"cost_per\":1000}");
	s.oil = create_id(SR_RES_MATERIAL,
			  "{\"name\":\"Olive oil\",\"unit\":\"ml\"}");
	create_id(SR_RES_MATERIAL_UNIT,
		  "{\"material_id\":%lld,\"name\":\"sack\",\"base_qty\":16000}",
		  (long long)s.flour);
	s.loaf = create_id(SR_RES_PRODUCT, "{\"name\":\"Loaf\"}");
	create_id(SR_RES_RECIPE_LINE,
		  "{\"product_id\":%lld,\"material_id\":%lld,\"quantity\":450}",
		  (long long)s.loaf, (long long)s.flour);
	s.purchase = create_id(SR_RES_PURCHASE, "{\"reference\":\"SM-1\"}");
	s.sacks = create_id(SR_RES_PURCHASE_LINE,
			    "{\"purchase_id\":%lld,\"material_id\":%lld,"
			    "\"quantity\":2,\"unit\":\"sack\",\"price\":4000,"
			    "\"lot\":\"SM-881\",\"expires_on\":\"2027-03-01\"}",
			    (long long)s.purchase, (long long)s.flour);
	s.litres = create_id(SR_RES_PURCHASE_LINE,
			     "{\"purchase_id\":%lld,\"material_id\":%lld,"
			     "\"quantity\":3,\"unit\":\"l\",\"price\":900}",
			     (long long)s.purchase, (long long)s.oil);
	return s;
}

static enum sr_err receive(int64_t purchase, struct sr_fail *f, json_t **answer,
			   const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static enum sr_err receive(int64_t purchase, struct sr_fail *f, json_t **answer,
			   const char *fmt, ...)
{
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	char body[2048];
	va_list ap;
	enum sr_err err;

	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	err = sr_purchase_receive(store, purchase, body, strlen(body), NOW,
				  &out, f);
	*answer = err ? NULL : parsed(&out);
	sr_buf_release(&out);
	return err;
}

static json_t *received(int64_t purchase, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static json_t *received(int64_t purchase, const char *fmt, ...)
{
	struct sr_fail f = SR_FAIL_INIT;
	json_t *a = NULL;
	char body[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	cr_assert_eq(receive(purchase, &f, &a, "%s", body), SR_OK,
		     "%s: %s (%s)", body, f.message.data, f.field.data);
	sr_fail_release(&f);
	return a;
}

/* A field of record id of r. */
static int64_t field(enum sr_res r, int64_t id, const char *key)
{
	json_t *o = fetch(r, id);
	int64_t v = num(o, key);

	json_decref(o);
	return v;
}

static const char *status_of(int64_t purchase)
{
	static char s[32];
	json_t *o = fetch(SR_RES_PURCHASE, purchase);

	snprintf(s, sizeof(s), "%s", str(o, "status"));
	json_decref(o);
	return s;
}

Test(goods_in, a_purchase_received_in_part_then_the_rest)
{
	struct shop s = shop();
	json_t *a, *lot, *lots;

	/* One sack of the two, from another lot than ordered: 16000 g. */
	a = received(s.purchase,
		     "{\"received_on\":\"2026-11-24\",\"lines\":[{\"line_id\":"
		     "%lld,\"quantity\":1,\"lot\":\"SM-900\"}]}",
		     (long long)s.sacks);
	lot = json_array_get(json_object_get(a, "lots"), 0);
	cr_assert_not_null(lot);
	cr_expect_eq(num(lot, "quantity"), 16000);
	cr_expect_eq(num(lot, "remaining"), 16000);
	cr_expect_eq(num(lot, "purchase_line_id"), s.sacks);
	/* Half the line, half its price: 4000 × 16000 / 32000 = 2000p. */
	cr_expect_eq(num(lot, "cost"), 2000);
	cr_expect_str_eq(str(lot, "lot"), "SM-900");
	/* The date the line was ordered with, the day it came. */
	cr_expect_str_eq(str(lot, "expires_on"), "2027-03-01");
	cr_expect_str_eq(str(lot, "received_on"), "2026-11-24");
	cr_expect_str_eq(str(json_object_get(a, "purchase"), "status"),
			 "part_received");
	cr_expect_str_eq(str(json_object_get(a, "purchase"), "received_on"),
			 "2026-11-24");
	cr_expect_eq(json_array_size(json_object_get(
			     json_object_get(a, "purchase"), "lines")),
		     2);
	json_decref(a);
	cr_expect_eq(field(SR_RES_MATERIAL, s.flour, "on_hand"), 26000);
	cr_expect_eq(field(SR_RES_PURCHASE_LINE, s.sacks, "received_qty"),
		     16000);
	/* 10 kg at 115p a kilo and 16 kg for 2000p: 121.15p a kilo, 121;
	 * a loaf's 450 g at 121p a kilo is 54.45p, 54 (it was 51.75, 52). */
	cr_expect_eq(field(SR_RES_MATERIAL, s.flour, "cost_per_unit"), 121);
	cr_expect_eq(field(SR_RES_MATERIAL, s.flour, "cost_per"), 1000);
	cr_expect_eq(field(SR_RES_PRODUCT, s.loaf, "recipe_cost"), 54);

	/* The rest: the other sack and the oil, each with its own lot. */
	a = received(s.purchase, "{}");
	lots = json_object_get(a, "lots");
	cr_assert_eq(json_array_size(lots), 2);
	lot = json_array_get(lots, 0);
	/* The last part takes the rest of the price: 4000 - 2000. */
	cr_expect_eq(num(lot, "cost"), 2000);
	cr_expect_str_eq(str(lot, "lot"), "SM-881");
	lot = json_array_get(lots, 1);
	cr_expect_eq(num(lot, "quantity"), 3000);
	cr_expect_eq(num(lot, "cost"), 900);
	cr_expect(json_is_null(json_object_get(lot, "lot")));
	cr_expect_str_eq(str(json_object_get(a, "purchase"), "status"),
			 "received");
	cr_expect_str_eq(str(json_object_get(a, "purchase"), "received_on"),
			 "2026-11-25");
	json_decref(a);
	/* 26 kg at 121p a kilo (3146p) and 16 kg for 2000p: 5146p for
	 * 42 kg, 122.52p a kilo, 123. Oil: 900p for 3 l, 300p a litre. */
	cr_expect_eq(field(SR_RES_MATERIAL, s.flour, "on_hand"), 42000);
	cr_expect_eq(field(SR_RES_MATERIAL, s.flour, "cost_per_unit"), 123);
	cr_expect_eq(field(SR_RES_MATERIAL, s.oil, "on_hand"), 3000);
	cr_expect_eq(field(SR_RES_MATERIAL, s.oil, "cost_per_unit"), 300);
	cr_expect_eq(field(SR_RES_MATERIAL, s.oil, "cost_per"), 1000);
	/* The lots of the flour line add up to what it cost. */
	lots = list(SR_RES_LOT, "purchase_line_id=%lld", (long long)s.sacks);
	cr_expect_eq(num(lots, "total"), 2);
	cr_expect_eq(
		num(json_array_get(json_object_get(lots, "items"), 0), "cost") +
			num(json_array_get(json_object_get(lots, "items"), 1),
			    "cost"),
		4000);
	json_decref(lots);
}

/* Everything a receipt could touch, as text, to see that nothing did. */
static char *snapshot(void)
{
	static const enum sr_res rs[] = {SR_RES_PURCHASE, SR_RES_PURCHASE_LINE,
					 SR_RES_LOT, SR_RES_MATERIAL,
					 SR_RES_PRODUCT};
	struct sr_buf all = SR_BUF_INIT(1 << 22);
	char *text;

	for (size_t i = 0; i < sizeof(rs) / sizeof(rs[0]); i++) {
		json_t *l = list(rs[i], "limit=1000");
		char *dump = json_dumps(l, JSON_SORT_KEYS);

		sr_buf_adds(&all, dump);
		free(dump);
		json_decref(l);
	}
	text = strdup(all.data);
	sr_buf_release(&all);
	return text;
}

Test(goods_in, more_than_is_to_come_and_bad_bodies_change_nothing)
{
	struct shop s = shop();
	static const struct {
		const char *body, *code, *field;
		enum sr_err err;
	} bad[] = {
		{"[]", "bad_type", "", SR_EINVAL},
		{"{\"lines\":{}}", "bad_type", "lines", SR_EINVAL},
		{"{\"lines\":[]}", "out_of_range", "lines", SR_EINVAL},
		{"{\"when\":1}", "unknown_field", "when", SR_EINVAL},
		{"{\"received_on\":\"24/11/2026\"}", "bad_date", "received_on",
		 SR_EINVAL},
		{"{\"lines\":[7]}", "bad_type", "lines[0]", SR_EINVAL},
		{"{\"lines\":[{}]}", "missing_field", "lines[0].line_id",
		 SR_EINVAL},
		{"{\"lines\":[{\"line_id\":\"1\"}]}", "bad_type",
		 "lines[0].line_id", SR_EINVAL},
		{"{\"lines\":[{\"line_id\":1,\"qty\":1}]}", "unknown_field",
		 "lines[0].qty", SR_EINVAL},
		{"{\"lines\":[{\"line_id\":1,\"quantity\":0}]}", "out_of_range",
		 "lines[0].quantity", SR_EINVAL},
		{"{\"lines\":[{\"line_id\":1,\"expires_on\":\"soon\"}]}",
		 "bad_date", "lines[0].expires_on", SR_EINVAL},
		{"{\"lines\":[{\"line_id\":1,\"lot\":\"\"}]}", "missing_value",
		 "lines[0].lot", SR_EINVAL},
		{"{\"lines\":[{\"line_id\":1},{\"line_id\":1}]}", "bad_value",
		 "lines[1].line_id", SR_EINVAL},
		{"{\"lines\":[{\"line_id\":99}]}", "unknown_reference",
		 "lines[0].line_id", SR_EINVAL},
		/* 3 sacks of the 2 ordered: 48000 g of 32000. */
		{"{\"lines\":[{\"line_id\":1,\"quantity\":3}]}",
		 "more_than_ordered", "lines[0].quantity", SR_ECONFLICT},
		/* The oil well received, then a second line too many. */
		{"{\"lines\":[{\"line_id\":2},{\"line_id\":1,\"quantity\":5}]}",
		 "more_than_ordered", "lines[1].quantity", SR_ECONFLICT},
	};
	char *before = snapshot(), *after;
	json_t *a;

	cr_assert_eq(s.sacks, 1);
	cr_assert_eq(s.litres, 2);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct sr_fail f = SR_FAIL_INIT;

		expect_fail(receive(s.purchase, &f, &a, "%s", bad[i].body), &f,
			    bad[i].err, bad[i].code,
			    *bad[i].field ? bad[i].field : NULL, bad[i].body);
	}
	after = snapshot();
	cr_expect_str_eq(after, before, "a refused receipt wrote something");
	free(after);
	free(before);
	/* No such purchase. */
	{
		struct sr_fail f = SR_FAIL_INIT;

		cr_expect_eq(receive(99, &f, &a, "{}"), SR_ENOTFOUND);
		sr_fail_release(&f);
	}
	/* All of it once, then nothing is left to come. */
	json_decref(received(s.purchase, "{}"));
	{
		struct sr_fail f = SR_FAIL_INIT;

		assert_fail(receive(s.purchase, &f, &a, "{}"), &f, SR_ECONFLICT,
			    "nothing_to_come", NULL);
		assert_fail(receive(s.purchase, &f, &a,
				    "{\"lines\":[{\"line_id\":%lld}]}",
				    (long long)s.sacks),
			    &f, SR_ECONFLICT, "nothing_to_come",
			    "lines[0].line_id");
	}
}

Test(goods_in, a_purchase_s_status_follows_its_receipts)
{
	struct shop s = shop();
	struct sr_fail f = SR_FAIL_INIT;
	json_t *a, *p;
	int64_t empty;

	/* Ordered today by default, and never received by hand. */
	p = fetch(SR_RES_PURCHASE, s.purchase);
	cr_expect_str_eq(str(p, "ordered_on"), "2026-11-25");
	cr_expect_str_eq(str(p, "status"), "ordered");
	json_decref(p);
	assert_fail(
		try_create(SR_RES_PURCHASE, &f, "{\"status\":\"received\"}"),
		&f, SR_EINVAL, "read_only", "status");
	assert_fail(try_update(SR_RES_PURCHASE, s.purchase, &f,
			       "{\"status\":\"part_received\"}"),
		    &f, SR_EINVAL, "read_only", "status");
	/* Cancelled and back, while nothing has come. */
	json_decref(update(SR_RES_PURCHASE, s.purchase,
			   "{\"status\":\"cancelled\"}"));
	assert_fail(receive(s.purchase, &f, &a, "{}"), &f, SR_ECONFLICT,
		    "cancelled", NULL);
	json_decref(update(SR_RES_PURCHASE, s.purchase,
			   "{\"status\":\"ordered\"}"));
	/* Once goods came it is not cancelled, nor ordered again. */
	json_decref(received(s.purchase, "{\"lines\":[{\"line_id\":%lld}]}",
			     (long long)s.litres));
	cr_expect_str_eq(status_of(s.purchase), "part_received");
	assert_fail(try_update(SR_RES_PURCHASE, s.purchase, &f,
			       "{\"status\":\"cancelled\"}"),
		    &f, SR_ECONFLICT, "has_receipts", "status");
	assert_fail(try_update(SR_RES_PURCHASE, s.purchase, &f,
			       "{\"status\":\"ordered\"}"),
		    &f, SR_ECONFLICT, "has_receipts", "status");
	/* The same status again is no change; the notes still save. */
	json_decref(update(SR_RES_PURCHASE, s.purchase,
			   "{\"status\":\"part_received\",\"notes\":\"ok\"}"));
	/* A line goods came on keeps its material and stays. */
	assert_fail(try_update(SR_RES_PURCHASE_LINE, s.litres, &f,
			       "{\"material_id\":%lld}", (long long)s.flour),
		    &f, SR_ECONFLICT, "received", "material_id");
	cr_expect_eq(sr_rec_delete(store, SR_RES_PURCHASE_LINE, s.litres, &f),
		     SR_ECONFLICT);
	sr_fail_release(&f);
	cr_expect_eq(sr_rec_delete(store, SR_RES_PURCHASE, s.purchase, &f),
		     SR_ECONFLICT);
	sr_fail_release(&f);
	/* The rest comes: received. A line added then: part received. */
	json_decref(received(s.purchase, "{}"));
	cr_expect_str_eq(status_of(s.purchase), "received");
	create_id(SR_RES_PURCHASE_LINE,
		  "{\"purchase_id\":%lld,\"material_id\":%lld,"
		  "\"quantity\":1,\"unit\":\"sack\",\"price\":2000}",
		  (long long)s.purchase, (long long)s.flour);
	cr_expect_str_eq(status_of(s.purchase), "part_received");
	/* A purchase with no lines has nothing to come; it may go. */
	empty = create_id(SR_RES_PURCHASE, "{\"ordered_on\":\"2026-11-01\"}");
	assert_fail(receive(empty, &f, &a, "{}"), &f, SR_ECONFLICT,
		    "nothing_to_come", NULL);
	cr_expect_eq(sr_rec_delete(store, SR_RES_PURCHASE, empty, &f), SR_OK);
	sr_fail_release(&f);
}

Test(goods_in, a_lot_by_hand_raises_stock_and_goes_only_untouched)
{
	struct shop s = shop();
	struct sr_fail f = SR_FAIL_INIT;
	json_t *a, *lot;
	int64_t found, used, came, batch;

	/* 500 g found in the store room: on hand 10000 + 500. */
	found = create_id(SR_RES_LOT,
			  "{\"material_id\":%lld,\"quantity\":500,\"cost\":60,"
			  "\"lot\":\"FOUND-1\",\"expires_on\":\"2027-01-01\"}",
			  (long long)s.flour);
	cr_expect_eq(field(SR_RES_MATERIAL, s.flour, "on_hand"), 10500);
	cr_expect_eq(field(SR_RES_LOT, found, "remaining"), 500);
	/* Its code, date and note change; what came does not. */
	lot = update(SR_RES_LOT, found,
		     "{\"lot\":\"FOUND-2\",\"expires_on\":\"2027-02-01\","
		     "\"note\":\"under the bench\"}");
	cr_expect_str_eq(str(lot, "lot"), "FOUND-2");
	json_decref(lot);
	assert_fail(try_update(SR_RES_LOT, found, &f, "{\"quantity\":400}"), &f,
		    SR_EINVAL, "read_only", "quantity");
	assert_fail(try_update(SR_RES_LOT, found, &f, "{\"cost\":10}"), &f,
		    SR_EINVAL, "read_only", "cost");
	assert_fail(try_update(SR_RES_LOT, found, &f, "{\"material_id\":%lld}",
			       (long long)s.oil),
		    &f, SR_EINVAL, "read_only", "material_id");
	assert_fail(try_create(SR_RES_LOT, &f,
			       "{\"material_id\":%lld,\"quantity\":5,"
			       "\"purchase_line_id\":%lld}",
			       (long long)s.flour, (long long)s.sacks),
		    &f, SR_EINVAL, "read_only", "purchase_line_id");
	/* Untouched, it goes, and its stock with it: 10500 - 500. */
	cr_expect_eq(sr_rec_delete(store, SR_RES_LOT, found, &f), SR_OK, "%s",
		     f.message.data);
	sr_fail_release(&f);
	cr_expect_eq(field(SR_RES_MATERIAL, s.flour, "on_hand"), 10000);
	/* A lot a material use names stays. */
	used = create_id(SR_RES_LOT, "{\"material_id\":%lld,\"quantity\":300}",
			 (long long)s.flour);
	batch = new_batch(s.loaf, "2026-11-20", 1, 0);
	create_id(SR_RES_BATCH_MATERIAL,
		  "{\"batch_id\":%lld,\"material_id\":%lld,\"quantity\":100,"
		  "\"lot_id\":%lld}",
		  (long long)batch, (long long)s.flour, (long long)used);
	assert_fail(sr_rec_delete(store, SR_RES_LOT, used, &f), &f,
		    SR_ECONFLICT, "in_use", NULL);
	/* A lot that came on a purchase line stays: a receipt is not
	 * undone. */
	a = received(s.purchase, "{}");
	came = num(json_array_get(json_object_get(a, "lots"), 0), "id");
	json_decref(a);
	assert_fail(sr_rec_delete(store, SR_RES_LOT, came, &f), &f,
		    SR_ECONFLICT, "from_purchase", NULL);
}
