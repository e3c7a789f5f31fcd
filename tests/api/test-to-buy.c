/*
 * test-to-buy.c - what to buy over HTTP (GET /api/v1/to-buy, POST
 * /api/v1/to-buy/orders), as the issue tells it: a baker's batches
 * planned for next week and a soap order, reorder levels, packs,
 * suppliers with their lead times; one tap makes the purchase orders, and
 * what they put on order takes the materials off the list. Dates are
 * days from today; figures are worked out by hand beside each.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

API_SUITE(to_buy);

struct shop {
	long long mill, soapco, flour, oil, lye;
};

/*
 * Shipton Mill delivers in 2 days: flour in 16 kg sacks at £18.40, 4 kg
 * on hand, reorder at 2 kg. Soap Co in 10 days: olive oil in 5 l cans at
 * £25.00, 500 ml on hand. Lye from nobody yet, 300p a kilo, reorder at
 * 1 kg. Bread takes 500 g of flour; a soap bar 100 ml of oil and 15 g of
 * lye. Next week: 20 loaves in 5 days and 10 in 7; an accepted order of
 * 40 bars due in 9 days.
 */
static struct shop shop(void)
{
	struct shop s;
	long long bread, bar, ann;
	char d5[11], d7[11], d9[11];

	utc_day(5, d5);
	utc_day(7, d7);
	utc_day(9, d9);
	s.mill = add_record("suppliers", "{\"name\": \"Shipton Mill\", "
					 "\"lead_time_days\": 2}");
	s.soapco = add_record("suppliers", "{\"name\": \"Soap Co\", "
					   "\"lead_time_days\": 10}");
	s.flour = add_material("{\"name\": \"Flour\", \"on_hand\": 4000, "
			       "\"reorder_level\": 2000, \"supplier_id\": "
			       "%lld, \"pack_size\": 16000, \"pack_price\": "
			       "1840}",
			       s.mill);
	add_record("material-units",
		   "{\"material_id\": %lld, \"name\": \"sack\", \"base_qty\": "
		   "16000}",
		   s.flour);
	s.oil = add_material("{\"name\": \"Olive oil\", \"unit\": \"ml\", "
			     "\"on_hand\": 500, \"supplier_id\": %lld, "
			     "\"pack_size\": 5000, \"pack_price\": 2500}",
			     s.soapco);
	add_record("material-units",
		   "{\"material_id\": %lld, \"name\": \"can\", \"base_qty\": "
		   "5000}",
		   s.oil);
	s.lye = add_material("{\"name\": \"Lye\", \"reorder_level\": 1000, "
			     "\"cost_per_unit\": 300, \"cost_per\": 1000}");
	bread = add_product("{\"name\": \"Bread\"}");
	bar = add_product("{\"name\": \"Soap bar\"}");
	add_record("recipe-lines",
		   "{\"product_id\": %lld, \"material_id\": %lld, "
		   "\"quantity\": 500}",
		   bread, s.flour);
	add_record("recipe-lines",
		   "{\"product_id\": %lld, \"material_id\": %lld, "
		   "\"quantity\": 100}",
		   bar, s.oil);
	add_record("recipe-lines",
		   "{\"product_id\": %lld, \"material_id\": %lld, "
		   "\"quantity\": 15}",
		   bar, s.lye);
	add_batch("{\"product_id\": %lld, \"run_date\": \"%s\", "
		  "\"planned_qty\": 20}",
		  bread, d5);
	add_batch("{\"product_id\": %lld, \"run_date\": \"%s\", "
		  "\"planned_qty\": 10}",
		  bread, d7);
	ann = add_customer("{\"name\": \"Ann\"}");
	add_order("{\"customer_id\": %lld, \"product_id\": %lld, \"title\": "
		  "\"Favours\", \"quantity\": 40, \"due_date\": \"%s\", "
		  "\"status\": \"accepted\"}",
		  ann, bar, d9);
	return s;
}

/* The group of supplier id (0: none) in a list, or NULL. */
static json_t *group(const json_t *doc, long long id)
{
	const json_t *gs = jget(doc, "groups");

	for (size_t i = 0; i < json_array_size(gs); i++) {
		json_t *g = json_array_get(gs, i);
		const json_t *sid = json_object_get(g, "supplier_id");

		if (id ? json_integer_value(sid) == id : json_is_null(sid))
			return g;
	}
	return NULL;
}

Test(to_buy, next_week_by_supplier_then_one_tap_orders_it)
{
	struct shop s = shop();
	char d3[11], today[11], d2[11];
	json_t *doc, *g, *made, *p;

	utc_day(0, today);
	utc_day(2, d2);
	utc_day(3, d3);
	doc = get(API "/to-buy");
	cr_expect_eq(jint(doc, "days"), 14);
	cr_assert_eq(json_array_size(jget(doc, "groups")), 3);
	/* Soap Co: oil 40 × 100 = 4000 ml, less 500: 3500, one 5 l can,
	 * £25.00; needed in 9 days, 10 days to come: order by yesterday,
	 * late, and so first. */
	g = jget(doc, "groups.0");
	cr_expect_eq(jint(g, "supplier_id"), s.soapco);
	cr_expect_eq(jint(g, "materials.0.shortfall"), 3500);
	cr_expect_eq(jint(g, "materials.0.packs"), 1);
	cr_expect_str_eq(jstr(g, "materials.0.purchase_unit.name"), "can");
	cr_expect_eq(jint(g, "total"), 2500);
	cr_expect(json_is_true(jget(g, "late")));
	/* Shipton Mill: flour 20 × 500 + 10 × 500 = 15000 g, + 2000 -
	 * 4000 = 13000, one sack; needed in 5 days, 2 to come: order by
	 * day 3, not late. */
	g = group(doc, s.mill);
	cr_assert_not_null(g);
	cr_expect_eq(jint(g, "materials.0.need"), 15000);
	cr_expect_eq(jint(g, "materials.0.shortfall"), 13000);
	cr_expect_eq(jint(g, "materials.0.order_qty"), 16000);
	cr_expect_eq(jint(g, "materials.0.cost"), 1840);
	cr_expect_eq(json_array_size(jget(g, "materials.0.reasons")), 2);
	cr_expect_str_eq(jstr(g, "order_by"), d3);
	cr_expect(json_is_false(jget(g, "late")));
	/* Nobody's lye: 40 × 15 = 600 g + 1000 reorder = 1600 g, at 300p a
	 * kilo 480p, estimated; needed by the order's day 9, with no lead
	 * time: order by day 9. */
	g = group(doc, 0);
	cr_assert_not_null(g);
	cr_expect_eq(jint(g, "materials.0.shortfall"), 1600);
	cr_expect_eq(jint(g, "materials.0.cost"), 480);
	cr_expect(json_is_true(jget(g, "materials.0.estimated")));
	/* 2500 + 1840 + 480. */
	cr_expect_eq(jint(doc, "total"), 4820);
	json_decref(doc);

	/* One tap: a purchase per group, ordered today. */
	made = call("POST", API "/to-buy/orders", "{}", 201);
	cr_assert_eq(jint(made, "total"), 3);
	p = NULL;
	for (size_t i = 0; i < 3; i++)
		if (json_integer_value(
			    jget(json_array_get(jget(made, "items"), i),
				 "supplier_id")) == s.mill)
			p = json_array_get(jget(made, "items"), i);
	cr_assert_not_null(p);
	cr_expect_str_eq(jstr(p, "status"), "ordered");
	cr_expect_str_eq(jstr(p, "ordered_on"), today);
	cr_expect_str_eq(jstr(p, "expected_on"), d2);
	cr_expect_eq(jint(p, "lines.0.quantity"), 1);
	cr_expect_str_eq(jstr(p, "lines.0.unit"), "sack");
	cr_expect_eq(jint(p, "lines.0.price"), 1840);
	json_decref(made);
	/* What is on order now covers it: the list is empty. */
	doc = get(API "/to-buy");
	cr_expect_eq(json_array_size(jget(doc, "groups")), 0);
	json_decref(doc);
	/* A second tap makes nothing: 200, no purchase. */
	made = call("POST", API "/to-buy/orders", "{}", 200);
	cr_expect_eq(jint(made, "total"), 0);
	json_decref(made);
	doc = get(API "/purchases");
	cr_expect_eq(jint(doc, "total"), 3);
	json_decref(doc);
}

Test(to_buy, a_shorter_window_and_one_supplier_only)
{
	struct shop s = shop();
	char body[96];
	json_t *doc, *made;

	/* Six days ahead: the first bread batch only (10000 g) and no
	 * order: flour 10000 + 2000 - 4000 = 8000; lye at its reorder
	 * level alone, 1000 g; no oil. */
	doc = get(API "/to-buy?days=6");
	cr_expect_eq(jint(group(doc, s.mill), "materials.0.shortfall"), 8000);
	cr_expect_eq(jint(group(doc, 0), "materials.0.shortfall"), 1000);
	cr_expect_null(group(doc, s.soapco));
	json_decref(doc);
	snprintf(body, sizeof(body), "{\"supplier_ids\": [%lld]}", s.soapco);
	made = call("POST", API "/to-buy/orders", body, 201);
	cr_expect_eq(jint(made, "total"), 1);
	cr_expect_eq(jint(made, "items.0.supplier_id"), s.soapco);
	json_decref(made);
	doc = get(API "/to-buy");
	cr_expect_null(group(doc, s.soapco));
	cr_expect_not_null(group(doc, s.mill));
	json_decref(doc);
}

Test(to_buy, bad_input_is_400_naming_it)
{
	call_fails("GET", API "/to-buy?days=0", NULL, 400, "out_of_range",
		   "days");
	call_fails("GET", API "/to-buy?days=366", NULL, 400, "out_of_range",
		   "days");
	call_fails("GET", API "/to-buy?weeks=2", NULL, 400, "unknown_param",
		   "weeks");
	call_fails("POST", API "/to-buy/orders", "{\"days\": \"14\"}", 400,
		   "bad_type", "days");
	call_fails("POST", API "/to-buy/orders", "{\"supplier_ids\": [0]}", 400,
		   "bad_type", "supplier_ids[0]");
	call_fails("POST", API "/to-buy/orders", "{\"supplier_ids\": [7]}", 400,
		   "unknown_reference", "supplier_ids[0]");
	call_fails("POST", API "/to-buy/orders", "{\"all\": true}", 400,
		   "unknown_field", "all");
}

Test(to_buy, the_cli_lists_and_orders)
{
	struct shop s = shop();
	struct run r;

	(void)s;
	cli_run(&r, NULL, server.db, "tobuy --days 14");
	cr_expect_eq(r.code, 0, "%s", r.err);
	cr_expect(strstr(r.out, "Shipton Mill"), "%s", r.out);
	cr_expect(strstr(r.out, "1 sack"), "%s", r.out);
	cr_expect(strstr(r.out, "LATE"), "%s", r.out);
	cr_expect(strstr(r.out, "no supplier yet"), "%s", r.out);
	cli_run(&r, NULL, server.db, "tobuy --days 400");
	cr_expect_eq(r.code, 2);
	cli_run(&r, NULL, server.db, "tobuy --order");
	cr_expect_eq(r.code, 0, "%s", r.err);
	cr_expect_eq(count_lines(r.out), 3, "%s", r.out);
	cli_run(&r, NULL, server.db, "tobuy --json");
	cr_expect_eq(r.code, 0, "%s", r.err);
	cr_expect(strstr(r.out, "\"groups\": []"), "%s", r.out);
}
