/*
 * test-goods-in.c - goods in over HTTP on a real server: a delivery
 * received in part and then the rest (POST /api/v1/purchases/{id}/receive),
 * the lots it makes, the stock and the weighted average cost it moves and
 * the product's recipe cost that follows; over-receipt 409 and bad bodies
 * 400 naming the field, with nothing changed; lots deleted only when
 * untouched; lots near their date on GET /api/v1/stock; and the CLI's
 * `purchase receive`. Figures are worked out by hand beside each.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

API_SUITE(goods_in);

/* Olive oil (ml) with 2 l on hand at 600p a litre; a soap bar takes 80
 * ml; a purchase of two 5 l cans for £50.00 and 1 kg of lye for £4.00. */
struct soap {
	long long oil, lye, bar, purchase, cans, lye_line;
};

static struct soap soap(void)
{
	struct soap s;

	s.oil = add_material("{\"name\": \"Olive oil\", \"unit\": \"ml\", "
			     "\"on_hand\": 2000, \"cost_per_unit\": 600, "
			     "\"cost_per\": 1000}");
	s.lye = add_material("{\"name\": \"Lye\"}");
	add_record("material-units",
		   "{\"material_id\": %lld, \"name\": \"can\", \"base_qty\": "
		   "5000}",
		   s.oil);
	s.bar = add_product("{\"name\": \"Soap bar\", \"price\": 600}");
	add_record("recipe-lines",
		   "{\"product_id\": %lld, \"material_id\": %lld, "
		   "\"quantity\": 80}",
		   s.bar, s.oil);
	s.purchase = add_record("purchases", "{\"reference\": \"INV-7\"}");
	s.cans = add_record("purchase-lines",
			    "{\"purchase_id\": %lld, \"material_id\": %lld, "
			    "\"quantity\": 2, \"unit\": \"can\", \"price\": "
			    "5000, \"lot\": \"OL-24\", \"expires_on\": "
			    "\"2027-06-30\"}",
			    s.purchase, s.oil);
	s.lye_line = add_record("purchase-lines",
				"{\"purchase_id\": %lld, \"material_id\": "
				"%lld, \"quantity\": 1, \"unit\": \"kg\", "
				"\"price\": 400}",
				s.purchase, s.lye);
	return s;
}

static char *receive_path(long long purchase)
{
	return fmt(API "/purchases/%lld/receive", purchase);
}

Test(goods_in, a_delivery_in_part_then_the_rest_moves_stock_and_cost)
{
	struct soap s = soap();
	char *path = receive_path(s.purchase), *body;
	json_t *r, *m, *p;

	/* Product before: 80 ml at 600p a litre, 48p. */
	p = getf(API "/products/%lld", s.bar);
	cr_expect_eq(jint(p, "recipe_cost"), 48);
	json_decref(p);
	/* One can of the two, lot OL-25, a later date. */
	body = fmt("{\"received_on\": \"2026-11-20\", \"lines\": [{"
		   "\"line_id\": %lld, \"quantity\": 1, \"lot\": \"OL-25\", "
		   "\"expires_on\": \"2027-07-31\"}]}",
		   s.cans);
	r = call("POST", path, body, 200);
	free(body);
	cr_expect_str_eq(jstr(r, "purchase.status"), "part_received");
	cr_expect_str_eq(jstr(r, "purchase.received_on"), "2026-11-20");
	cr_expect_eq(jint(r, "lots.0.quantity"), 5000);
	/* Half of £50.00. */
	cr_expect_eq(jint(r, "lots.0.cost"), 2500);
	cr_expect_str_eq(jstr(r, "lots.0.lot"), "OL-25");
	cr_expect_str_eq(jstr(r, "lots.0.expires_on"), "2027-07-31");
	cr_expect_eq(jint(r, "purchase.lines.0.received_qty"), 5000);
	json_decref(r);
	/* 2 l at 600p a litre (1200p) and 5 l for 2500p: 3700p for 7 l,
	 * 528.57p a litre, 529; on hand 7000 ml. */
	m = getf(API "/materials/%lld", s.oil);
	cr_expect_eq(jint(m, "on_hand"), 7000);
	cr_expect_eq(jint(m, "cost_per_unit"), 529);
	cr_expect_eq(jint(m, "cost_per"), 1000);
	json_decref(m);
	/* The bar follows: 80 ml at 529p a litre is 42.32p, 42. */
	p = getf(API "/products/%lld", s.bar);
	cr_expect_eq(jint(p, "recipe_cost"), 42);
	json_decref(p);

	/* The rest, with no body: the other can at its ordered lot, and
	 * the lye. */
	r = call("POST", path, "{}", 200);
	cr_expect_str_eq(jstr(r, "purchase.status"), "received");
	cr_expect_eq(json_array_size(jget(r, "lots")), 2);
	cr_expect_str_eq(jstr(r, "lots.0.lot"), "OL-24");
	cr_expect_eq(jint(r, "lots.0.cost"), 2500);
	cr_expect_eq(jint(r, "lots.1.quantity"), 1000);
	cr_expect_eq(jint(r, "lots.1.cost"), 400);
	json_decref(r);
	/* 7 l at 529p (3703p) and 5 l for 2500p: 6203p for 12 l, 516.92p,
	 * 517. Lye: 400p for 1000 g, 400p a kilo. */
	m = getf(API "/materials/%lld", s.oil);
	cr_expect_eq(jint(m, "on_hand"), 12000);
	cr_expect_eq(jint(m, "cost_per_unit"), 517);
	json_decref(m);
	m = getf(API "/materials/%lld", s.lye);
	cr_expect_eq(jint(m, "on_hand"), 1000);
	cr_expect_eq(jint(m, "cost_per_unit"), 400);
	json_decref(m);
	/* The lots of the purchase, as a material's page lists them. */
	m = getf(API "/material-lots?material_id=%lld", s.oil);
	cr_expect_eq(jint(m, "total"), 2);
	json_decref(m);
	/* Nothing is left to come. */
	call_fails("POST", path, "{}", 409, "nothing_to_come", NULL);
	free(path);
}

/* Everything a receipt could touch, as the API lists it. */
static char *state(void)
{
	static const char *const lists[] = {"purchases", "purchase-lines",
					    "material-lots", "materials",
					    "products"};
	size_t len = 0;
	char *all = calloc(1, 1);

	for (size_t i = 0; i < COUNT(lists); i++) {
		struct resp r;
		char *path = fmt(API "/%s?limit=1000", lists[i]);

		http(&server, "GET", path, NULL, NULL, &r);
		cr_assert_eq(r.status, 200);
		all = realloc(all, len + r.body_len + 1);
		memcpy(all + len, r.body, r.body_len + 1);
		len += r.body_len;
		resp_free(&r);
		free(path);
	}
	return all;
}

Test(goods_in, over_receipt_and_bad_bodies_change_nothing)
{
	struct soap s = soap();
	char *path = receive_path(s.purchase), *before = state(), *after;
	char body[256];

	/* Three cans of the two ordered. */
	snprintf(body, sizeof(body),
		 "{\"lines\": [{\"line_id\": %lld, \"quantity\": 3}]}", s.cans);
	call_fails("POST", path, body, 409, "more_than_ordered",
		   "lines[0].quantity");
	/* The lye would fit; the oil after it would not: neither comes. */
	snprintf(body, sizeof(body),
		 "{\"lines\": [{\"line_id\": %lld}, {\"line_id\": %lld, "
		 "\"quantity\": 9}]}",
		 s.lye_line, s.cans);
	call_fails("POST", path, body, 409, "more_than_ordered",
		   "lines[1].quantity");
	call_fails("POST", path, "{\"lines\": \"all\"}", 400, "bad_type",
		   "lines");
	call_fails("POST", path, "{\"lines\": [{\"quantity\": 1}]}", 400,
		   "missing_field", "lines[0].line_id");
	call_fails("POST", path, "{\"lines\": [{\"line_id\": 999}]}", 400,
		   "unknown_reference", "lines[0].line_id");
	snprintf(body, sizeof(body),
		 "{\"lines\": [{\"line_id\": %lld, \"expires_on\": "
		 "\"31/12/2027\"}]}",
		 s.cans);
	call_fails("POST", path, body, 400, "bad_date", "lines[0].expires_on");
	call_fails("POST", path, "{\"received_on\": 20261120}", 400, "bad_type",
		   "received_on");
	call_fails("POST", path, "{\"supplier\": 1}", 400, "unknown_field",
		   "supplier");
	call_fails("POST", path, "[1]", 400, "bad_type", NULL);
	after = state();
	cr_expect_str_eq(after, before, "a refused receipt wrote something");
	free(after);
	free(before);
	free(path);
	/* No such purchase. */
	call_fails("POST", API "/purchases/999/receive", "{}", 404, "not_found",
		   NULL);
}

Test(goods_in, receiving_is_for_purchases_only_and_by_post)
{
	struct resp r;

	/* A GET of the receipt's path: 405, POST is what it takes. */
	http(&server, "GET", API "/purchases/1/receive", NULL, NULL, &r);
	cr_expect_eq(r.status, 405);
	resp_free(&r);
	/* A status that only receipts give: 400 read_only. */
	call_fails("POST", API "/purchases", "{\"status\": \"received\"}", 400,
		   "read_only", "status");
}

Test(goods_in, a_cancelled_purchase_takes_no_goods_and_one_with_goods_stays)
{
	struct soap s = soap();
	char *path = receive_path(s.purchase);
	char *one = fmt(API "/purchases/%lld", s.purchase);
	char *line = fmt(API "/purchase-lines/%lld", s.cans);

	json_decref(call("PATCH", one, "{\"status\": \"cancelled\"}", 200));
	call_fails("POST", path, "{}", 409, "cancelled", NULL);
	json_decref(call("PATCH", one, "{\"status\": \"ordered\"}", 200));
	json_decref(call("POST", path, "{}", 200));
	call_fails("PATCH", one, "{\"status\": \"cancelled\"}", 409,
		   "has_receipts", "status");
	call_fails("DELETE", line, NULL, 409, "in_use", NULL);
	call_fails("DELETE", one, NULL, 409, "in_use", NULL);
	free(path);
	free(one);
	free(line);
}

Test(goods_in, a_lot_by_hand_goes_only_untouched)
{
	struct soap s = soap();
	long long found, used, batch;
	json_t *m, *r;
	char *path;

	/* 250 ml found: on hand 2000 + 250. */
	found = add_record("material-lots",
			   "{\"material_id\": %lld, \"quantity\": 250, "
			   "\"lot\": \"SHELF\"}",
			   s.oil);
	m = getf(API "/materials/%lld", s.oil);
	cr_expect_eq(jint(m, "on_hand"), 2250);
	json_decref(m);
	path = fmt(API "/material-lots/%lld", found);
	call_fails("PATCH", path, "{\"quantity\": 200}", 400, "read_only",
		   "quantity");
	json_decref(call("PATCH", path, "{\"note\": \"back shelf\"}", 200));
	json_decref(call("DELETE", path, NULL, 204));
	free(path);
	m = getf(API "/materials/%lld", s.oil);
	cr_expect_eq(jint(m, "on_hand"), 2000);
	json_decref(m);
	/* A lot a batch used from stays. */
	used = add_record("material-lots",
			  "{\"material_id\": %lld, \"quantity\": 500}", s.oil);
	batch = add_batch("{\"product_id\": %lld, \"run_date\": "
			  "\"2026-11-20\"}",
			  s.bar);
	add_record("batch-materials",
		   "{\"batch_id\": %lld, \"material_id\": %lld, \"quantity\": "
		   "80, \"lot_id\": %lld}",
		   batch, s.oil, used);
	path = fmt(API "/material-lots/%lld", used);
	call_fails("DELETE", path, NULL, 409, "in_use", NULL);
	free(path);
	/* A lot that came on a purchase stays: a receipt is not undone. */
	path = receive_path(s.purchase);
	r = call("POST", path, "{}", 200);
	free(path);
	path = fmt(API "/material-lots/%lld", jint(r, "lots.0.id"));
	call_fails("DELETE", path, NULL, 409, "from_purchase", NULL);
	free(path);
	json_decref(r);
}

Test(goods_in, stock_flags_lots_past_or_near_their_date)
{
	long long oil = add_material("{\"name\": \"Olive oil\", \"unit\": "
				     "\"ml\"}");
	long long wax = add_material("{\"name\": \"Wax\"}");
	char past[11], soon[11], later[11];
	json_t *st, *w;

	utc_day(-2, past);
	utc_day(3, soon);
	utc_day(30, later);
	add_record("material-lots",
		   "{\"material_id\": %lld, \"quantity\": 500, \"lot\": "
		   "\"OL-1\", \"expires_on\": \"%s\"}",
		   oil, past);
	add_record("material-lots",
		   "{\"material_id\": %lld, \"quantity\": 900, \"lot\": "
		   "\"W-9\", \"expires_on\": \"%s\"}",
		   wax, soon);
	add_record("material-lots",
		   "{\"material_id\": %lld, \"quantity\": 100, \"lot\": "
		   "\"W-10\", \"expires_on\": \"%s\"}",
		   wax, later);
	/* The default week: the oil is past, the first wax soon, the
	 * second not yet. */
	st = get(API "/stock");
	cr_assert_eq(json_array_size(jget(st, "expiring_lots")), 2);
	cr_expect_str_eq(jstr(st, "expiring_lots.0.lot"), "OL-1");
	cr_expect_str_eq(jstr(st, "expiring_lots.0.status"), "expired");
	cr_expect_eq(jint(st, "expiring_lots.0.days_left"), -2);
	cr_expect_str_eq(jstr(st, "expiring_lots.1.status"), "soon");
	cr_expect_eq(jint(st, "expiring_lots.1.days_left"), 3);
	cr_expect_eq(jint(st, "expiring_lots.1.remaining"), 900);
	cr_assert_eq(json_array_size(jget(st, "warnings")), 2);
	w = jget(st, "warnings.0");
	cr_expect_str_eq(jstr(w, "code"), "lots_expired");
	cr_expect(strstr(jstr(w, "message"),
			 "1 lot of 1 material is past its date: Olive oil "
			 "lot OL-1"),
		  "%s", jstr(w, "message"));
	cr_expect_str_eq(jstr(st, "warnings.1.code"), "lots_expiring");
	json_decref(st);
	/* 40 days ahead: both wax lots, said once for the one material. */
	st = get(API "/stock?soon_days=40");
	cr_expect_eq(json_array_size(jget(st, "expiring_lots")), 3);
	cr_expect(strstr(jstr(st, "warnings.1.message"),
			 "2 lots of 1 material are near their date"),
		  "%s", jstr(st, "warnings.1.message"));
	json_decref(st);
	call_fails("GET", API "/stock?soon_days=366", NULL, 400, "out_of_range",
		   "soon_days");
}

Test(goods_in, the_cli_receives_one_line_and_then_the_rest)
{
	struct soap s = soap();
	struct run r;
	json_t *m;

	cli_run(&r, NULL, server.db,
		"purchase receive %lld --line %lld --quantity 1 --lot OL-30 "
		"--received-on 2026-11-21",
		s.purchase, s.cans);
	cr_expect_eq(r.code, 0, "%s", r.err);
	cr_expect(strstr(r.out, "part_received"), "%s", r.out);
	cr_expect(strstr(r.out, "OL-30"), "%s", r.out);
	m = getf(API "/materials/%lld", s.oil);
	cr_expect_eq(jint(m, "on_hand"), 7000);
	json_decref(m);
	/* Too much: a conflict, exit 1, one line naming the line. */
	cli_run(&r, NULL, server.db,
		"purchase receive %lld --line %lld "
		"--quantity 2",
		s.purchase, s.cans);
	cr_expect_eq(r.code, 1);
	cr_expect_eq(count_lines(r.err), 1, "%s", r.err);
	cr_expect(strstr(r.err, "still to come"), "%s", r.err);
	/* A usage mistake: exit 2. */
	cli_run(&r, NULL, server.db, "purchase receive %lld --quantity 2",
		s.purchase);
	cr_expect_eq(r.code, 2);
	cli_run(&r, NULL, server.db, "purchase receive %lld --json",
		s.purchase);
	cr_expect_eq(r.code, 0, "%s", r.err);
	cr_expect(strstr(r.out, "\"received\""), "%s", r.out);
	/* The record verbs stay the noun's. */
	cli_run(&r, NULL, server.db, "purchase list");
	cr_expect_eq(r.code, 0, "%s", r.err);
	cr_expect(strstr(r.out, "received"), "%s", r.out);
}
