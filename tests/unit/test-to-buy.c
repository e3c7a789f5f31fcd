/*
 * test-to-buy.c - what to buy (lib/to-buy.c) on a real store, today
 * being NOW (2026-11-25): needs from the batches and orders of the
 * window through their recipes, less what they used already, against
 * stock on hand and on order and the reorder levels; packs, costs
 * (estimated where a material has no pack price), suppliers with their
 * lead times, the last day to order, and the purchase orders that make
 * the list empty. Every figure is worked out by hand beside it.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "records-fixture.h"
#include "smallrun/to-buy.h"

STORE_SUITE(to_buy);

struct bakery {
	int64_t mill, soap, flour, salt, oil, lye, yeast, loaf, bar;
};

/*
 * Shipton Mill (3 days): flour in 16 kg sacks at £18.40 (5000 g on hand,
 * reorder at 2000), salt in 1 kg packs at £1.20 with no purchase unit
 * (100 g on hand), yeast (plenty). Soap Co (12 days): oil in 5 l cans at
 * £25.00 (1000 ml on hand). Lye from nobody yet, at £3.00 a kilo, none
 * on hand, reorder at 500 g. A loaf: 450 g flour, 9 g salt; a soap bar:
 * 80 ml oil.
 *
 * The work: a batch of 20 loaves on 11-28 (3 days ahead), a running
 * batch of 10 on 12-01 that has used 1000 g of flour already, an order
 * of 50 bars due 12-05; and what does not count: a batch on 12-20 (past
 * 14 days), a done batch (made none, so it took nothing: consume.c), a
 * quoted order.
 */
static struct bakery bakery(void)
{
	struct bakery b;
	int64_t ann, running;

	b.mill = create_id(SR_RES_SUPPLIER,
			   "{\"name\":\"Shipton Mill\",\"lead_time_days\":3}");
	b.soap = create_id(SR_RES_SUPPLIER,
			   "{\"name\":\"Soap Co\",\"lead_time_days\":12}");
	b.flour = create_id(SR_RES_MATERIAL,
			    "{\"name\":\"Flour\",\"on_hand\":5000,"
			    "\"reorder_level\":2000,\"supplier_id\":%lld,"
			    "\"pack_size\":16000,\"pack_price\":1840}",
			    (long long)b.mill);
	create_id(SR_RES_MATERIAL_UNIT,
		  "{\"material_id\":%lld,\"name\":\"sack\",\"base_qty\":16000}",
		  (long long)b.flour);
	b.salt = create_id(SR_RES_MATERIAL,
			   "{\"name\":\"Salt\",\"on_hand\":100,"
			   "\"supplier_id\":%lld,\"pack_size\":1000,"
			   "\"pack_price\":120}",
			   (long long)b.mill);
	b.yeast = create_id(SR_RES_MATERIAL,
			    "{\"name\":\"Yeast\",\"on_hand\":99999,"
			    "\"supplier_id\":%lld}",
			    (long long)b.mill);
	b.oil = create_id(SR_RES_MATERIAL,
			  "{\"name\":\"Olive oil\",\"unit\":\"ml\","
			  "\"on_hand\":1000,\"supplier_id\":%lld,"
			  "\"pack_size\":5000,\"pack_price\":2500}",
			  (long long)b.soap);
	b.lye = create_id(SR_RES_MATERIAL,
			  "{\"name\":\"Lye\",\"reorder_level\":500,"
			  "\"cost_per_unit\":300,\"cost_per\":1000}");
	b.loaf = create_id(SR_RES_PRODUCT, "{\"name\":\"Loaf\"}");
	create_id(SR_RES_RECIPE_LINE,
		  "{\"product_id\":%lld,\"material_id\":%lld,\"quantity\":450}",
		  (long long)b.loaf, (long long)b.flour);
	create_id(SR_RES_RECIPE_LINE,
		  "{\"product_id\":%lld,\"material_id\":%lld,\"quantity\":9}",
		  (long long)b.loaf, (long long)b.salt);
	create_id(SR_RES_RECIPE_LINE,
		  "{\"product_id\":%lld,\"material_id\":%lld,\"quantity\":1}",
		  (long long)b.loaf, (long long)b.yeast);
	b.bar = create_id(SR_RES_PRODUCT, "{\"name\":\"Soap bar\"}");
	create_id(SR_RES_RECIPE_LINE,
		  "{\"product_id\":%lld,\"material_id\":%lld,\"quantity\":80}",
		  (long long)b.bar, (long long)b.oil);
	create_id(SR_RES_BATCH,
		  "{\"product_id\":%lld,\"run_date\":\"2026-11-28\","
		  "\"planned_qty\":20}",
		  (long long)b.loaf);
	running = create_id(SR_RES_BATCH,
			    "{\"product_id\":%lld,\"run_date\":\"2026-12-01\","
			    "\"planned_qty\":10,\"status\":\"running\"}",
			    (long long)b.loaf);
	use_material(running, b.flour, 1000, NULL);
	create_id(SR_RES_BATCH,
		  "{\"product_id\":%lld,\"run_date\":\"2026-12-20\","
		  "\"planned_qty\":100}",
		  (long long)b.loaf);
	create_id(SR_RES_BATCH,
		  "{\"product_id\":%lld,\"run_date\":\"2026-11-26\","
		  "\"planned_qty\":100,\"status\":\"done\"}",
		  (long long)b.loaf);
	ann = create_id(SR_RES_CUSTOMER, "{\"name\":\"Ann\"}");
	create_id(SR_RES_ORDER,
		  "{\"customer_id\":%lld,\"product_id\":%lld,\"title\":"
		  "\"Wedding soaps\",\"quantity\":50,\"due_date\":"
		  "\"2026-12-05\",\"status\":\"accepted\"}",
		  (long long)ann, (long long)b.bar);
	create_id(SR_RES_ORDER,
		  "{\"customer_id\":%lld,\"product_id\":%lld,\"title\":"
		  "\"Maybe soaps\",\"quantity\":500,\"status\":\"quoted\"}",
		  (long long)ann, (long long)b.bar);
	/* The flour used on the running batch came off its stock: 5000 -
	 * 1000; put it back so the figures below start from 5000. */
	json_decref(update(SR_RES_MATERIAL, b.flour, "{\"on_hand\":5000}"));
	return b;
}

static json_t *to_buy(int64_t days)
{
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	json_t *doc;

	cr_assert_eq(sr_to_buy(store, days, NOW, &out, &f), SR_OK, "%s",
		     f.message.data);
	doc = parsed(&out);
	sr_buf_release(&out);
	sr_fail_release(&f);
	return doc;
}

/* The group of a supplier (0: none) and a material's line in it. */
static json_t *group(const json_t *doc, int64_t supplier)
{
	const json_t *gs = json_object_get(doc, "groups");

	for (size_t i = 0; i < json_array_size(gs); i++) {
		json_t *g = json_array_get(gs, i);

		if (json_integer_value(json_object_get(g, "supplier_id")) ==
		    supplier)
			return g;
	}
	return NULL;
}

static json_t *line(const json_t *g, int64_t material)
{
	return find(json_object_get(g, "materials"), "material_id", material);
}

Test(to_buy, the_week_ahead_as_worked_by_hand)
{
	struct bakery b = bakery();
	json_t *doc = to_buy(0), *g, *m;

	cr_expect_str_eq(str(doc, "from"), "2026-11-25");
	cr_expect_str_eq(str(doc, "to"), "2026-12-09");
	cr_expect_eq(num(doc, "days"), 14);
	cr_assert_eq(json_array_size(json_object_get(doc, "groups")), 3);

	/* Flour: 20 × 450 = 9000 g, and 10 × 450 = 4500 less the 1000
	 * used, 3500: need 12500; + 2000 reorder - 5000 on hand = 9500
	 * short; one 16 kg sack, £18.40, needed first on 11-28. */
	g = group(doc, b.mill);
	cr_assert_not_null(g);
	m = line(g, b.flour);
	cr_assert_not_null(m);
	cr_expect_eq(num(m, "need"), 12500);
	cr_expect_eq(num(m, "on_hand"), 5000);
	cr_expect_eq(num(m, "on_order"), 0);
	cr_expect_eq(num(m, "shortfall"), 9500);
	cr_expect_eq(num(m, "packs"), 1);
	cr_expect_eq(num(m, "order_qty"), 16000);
	cr_expect_eq(num(m, "cost"), 1840);
	cr_expect(json_is_false(json_object_get(m, "estimated")));
	cr_expect_str_eq(str(json_object_get(m, "purchase_unit"), "name"),
			 "sack");
	cr_expect_str_eq(str(m, "needed_on"), "2026-11-28");
	cr_expect_eq(json_array_size(json_object_get(m, "reasons")), 2);
	cr_expect_eq(num(json_array_get(json_object_get(m, "reasons"), 1),
			 "quantity"),
		     3500);
	/* Salt: 180 + 90 = 270 g, less 100: 170 short, one 1 kg pack at
	 * 120p, no unit that holds a pack. */
	m = line(g, b.salt);
	cr_assert_not_null(m);
	cr_expect_eq(num(m, "shortfall"), 170);
	cr_expect_eq(num(m, "packs"), 1);
	cr_expect_eq(num(m, "order_qty"), 1000);
	cr_expect_eq(num(m, "cost"), 120);
	cr_expect(json_is_null(json_object_get(m, "purchase_unit")));
	/* Yeast: 30 g of 99999: not listed. */
	cr_expect_null(line(g, b.yeast));
	/* The mill: 1840 + 120; needed on 11-28, 3 days: order by 11-25,
	 * today, not late. */
	cr_expect_eq(num(g, "total"), 1960);
	cr_expect_str_eq(str(g, "first_needed_on"), "2026-11-28");
	cr_expect_str_eq(str(g, "order_by"), "2026-11-25");
	cr_expect(json_is_false(json_object_get(g, "late")));

	/* Oil: 50 × 80 = 4000 ml, less 1000: 3000, one 5 l can, £25.00;
	 * due 12-05 less 12 days: 11-23, two days late. */
	g = group(doc, b.soap);
	cr_assert_not_null(g);
	m = line(g, b.oil);
	cr_expect_eq(num(m, "need"), 4000);
	cr_expect_eq(num(m, "shortfall"), 3000);
	cr_expect_eq(num(m, "order_qty"), 5000);
	cr_expect_eq(num(m, "cost"), 2500);
	cr_expect_str_eq(str(g, "order_by"), "2026-11-23");
	cr_expect(json_is_true(json_object_get(g, "late")));

	/* Lye: only its reorder level asks, 500 g, no pack: 500 g at 300p
	 * a kilo, 150p, estimated; needed today, from nobody yet. */
	g = group(doc, 0);
	cr_assert_not_null(g);
	cr_expect_str_eq(str(g, "supplier_name"), "no supplier yet");
	m = line(g, b.lye);
	cr_expect_eq(num(m, "need"), 0);
	cr_expect_eq(num(m, "packs"), 500);
	cr_expect_eq(num(m, "cost"), 150);
	cr_expect(json_is_true(json_object_get(m, "estimated")));
	cr_expect_str_eq(str(m, "needed_on"), "2026-11-25");
	cr_expect(json_is_true(json_object_get(g, "estimated")));

	/* Most urgent first, nobody's last; 1960 + 2500 + 150 in all. */
	cr_expect_eq(num(json_array_get(json_object_get(doc, "groups"), 0),
			 "supplier_id"),
		     b.soap);
	cr_expect(json_is_null(json_object_get(
		json_array_get(json_object_get(doc, "groups"), 2),
		"supplier_id")));
	cr_expect_eq(num(doc, "total"), 4610);
	json_decref(doc);

	/* Three days ahead: only the batch of 11-28 for flour: 9000 + 2000
	 * - 5000 = 6000 short. */
	doc = to_buy(3);
	cr_expect_eq(num(line(group(doc, b.mill), b.flour), "shortfall"), 6000);
	cr_expect_null(group(doc, b.soap));
	json_decref(doc);
}

static json_t *orders(const char *body, int64_t *made)
{
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	json_t *doc;

	cr_assert_eq(sr_to_buy_orders(store, body, strlen(body), NOW, made,
				      &out, &f),
		     SR_OK, "%s: %s (%s)", body, f.message.data, f.field.data);
	doc = parsed(&out);
	sr_buf_release(&out);
	sr_fail_release(&f);
	return doc;
}

/* sr_to_buy_orders() of a literal body. */
#define ORDERS(body, ...)                                                      \
	sr_to_buy_orders(store, body, strlen(body), __VA_ARGS__)

Test(to_buy, purchase_orders_from_the_list_empty_it)
{
	struct bakery b = bakery();
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_buf out = SR_BUF_INIT(1 << 16);
	int64_t made = 0;
	json_t *doc, *p, *l;
	char body[128];

	/* The mill's only, first. */
	snprintf(body, sizeof(body), "{\"supplier_ids\":[%lld]}",
		 (long long)b.mill);
	doc = orders(body, &made);
	cr_assert_eq(made, 1);
	p = json_array_get(json_object_get(doc, "items"), 0);
	cr_expect_eq(num(p, "supplier_id"), b.mill);
	cr_expect_str_eq(str(p, "status"), "ordered");
	cr_expect_str_eq(str(p, "ordered_on"), "2026-11-25");
	/* Expected after the mill's 3 days. */
	cr_expect_str_eq(str(p, "expected_on"), "2026-11-28");
	cr_expect_eq(num(p, "total"), 1960);
	/* Flour in sacks (1 sack is 16000 g); salt in grams, no unit
	 * holds its pack. */
	l = find(json_object_get(p, "lines"), "material_id", b.flour);
	cr_expect_eq(num(l, "quantity"), 1);
	cr_expect_str_eq(str(l, "unit"), "sack");
	cr_expect_eq(num(l, "base_qty"), 16000);
	cr_expect_eq(num(l, "price"), 1840);
	l = find(json_object_get(p, "lines"), "material_id", b.salt);
	cr_expect_eq(num(l, "quantity"), 1000);
	cr_expect(json_is_null(json_object_get(l, "unit")));
	json_decref(doc);
	/* On order now: the mill is off the list, the others stay. */
	doc = to_buy(0);
	cr_expect_null(group(doc, b.mill));
	cr_expect_not_null(group(doc, b.soap));
	json_decref(doc);
	/* The rest, with nobody's lye among them (a purchase with no
	 * supplier); then the list is empty and a second tap makes none. */
	doc = orders("{}", &made);
	cr_expect_eq(made, 2);
	json_decref(doc);
	doc = to_buy(0);
	cr_expect_eq(json_array_size(json_object_get(doc, "groups")), 0);
	cr_expect_eq(num(doc, "total"), 0);
	json_decref(doc);
	doc = orders("{}", &made);
	cr_expect_eq(made, 0);
	json_decref(doc);
	/* Bad bodies, naming the field. */
	expect_fail(ORDERS("{\"days\":0}", NOW, &made, &out, &f), &f, SR_EINVAL,
		    "out_of_range", "days", "days 0");
	expect_fail(ORDERS("{\"supplier_ids\":[99]}", NOW, &made, &out, &f), &f,
		    SR_EINVAL, "unknown_reference", "supplier_ids[0]",
		    "supplier 99");
	expect_fail(ORDERS("{\"supplier_ids\":[1,1]}", NOW, &made, &out, &f),
		    &f, SR_EINVAL, "bad_value", "supplier_ids[1]", "twice");
	expect_fail(ORDERS("{\"suppliers\":[]}", NOW, &made, &out, &f), &f,
		    SR_EINVAL, "unknown_field", "suppliers", "unknown");
	expect_fail(sr_to_buy(store, 366, NOW, &out, &f), &f, SR_EINVAL,
		    "out_of_range", "days", "366 days");
	sr_buf_release(&out);
}

Test(to_buy, a_sub_recipe_counts_at_any_depth)
{
	int64_t wax = create_id(SR_RES_MATERIAL,
				"{\"name\":\"Wax\",\"pack_size\":1000,"
				"\"pack_price\":800}");
	int64_t blend = create_id(SR_RES_PRODUCT, "{\"name\":\"Blend\"}");
	int64_t candle = create_id(SR_RES_PRODUCT, "{\"name\":\"Candle\"}");
	json_t *doc, *m;

	/* A blend batch of 2 kg of wax makes 10 candles' worth; 30 candles
	 * on 11-30: 3 blends, 6000 g, 6 packs of 1 kg, 4800p. */
	create_id(SR_RES_RECIPE_LINE,
		  "{\"product_id\":%lld,\"material_id\":%lld,\"quantity\":2,"
		  "\"unit\":\"kg\"}",
		  (long long)blend, (long long)wax);
	create_id(SR_RES_RECIPE_LINE,
		  "{\"product_id\":%lld,\"sub_product_id\":%lld,\"quantity\":1,"
		  "\"per\":\"batch\",\"batch_yield\":10}",
		  (long long)candle, (long long)blend);
	create_id(SR_RES_BATCH,
		  "{\"product_id\":%lld,\"run_date\":\"2026-11-30\","
		  "\"planned_qty\":30}",
		  (long long)candle);
	doc = to_buy(7);
	m = line(group(doc, 0), wax);
	cr_assert_not_null(m);
	cr_expect_eq(num(m, "need"), 6000);
	cr_expect_eq(num(m, "packs"), 6);
	cr_expect_eq(num(m, "cost"), 4800);
	json_decref(doc);
}
