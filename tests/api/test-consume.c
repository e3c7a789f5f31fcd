/*
 * test-consume.c - making takes from stock over the API (lib/consume.c):
 * the soap maker's story (a recipe, a delivery of oils with lots and
 * dates, a batch marked done, her stock, the batch's real cost and the
 * lots in its trace); picking other lots and changing quantities; bodies
 * refused with their field and nothing changed; undoing, for a batch and
 * an order; and eight batches done at once over two lots never taking
 * one twice. Dates are counted from today (utc_day()), every figure is
 * worked out by hand beside it.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness.h"

API_SUITE(consume);

/*
 * A soap maker at £12.00 an hour. A lavender bar: 60 ml of olive oil, 30
 * ml of coconut oil and 13 g of lye, 2 minutes each and 30 minutes to set
 * up. One delivery: olive oil 2 l for £12.00 (lot OL-0, best before in 20
 * days) and 5 l for £25.00 (OL-1, in 200 days), coconut oil 2 l for
 * £10.00 (CO-9, in 300 days), lye 1 kg for £6.00 (LY-3, no date).
 */
struct soap {
	long long olive, coconut, lye, bar, purchase;
	char today[11];
};

static long long line(long long purchase, long long material, int litres,
		      const char *unit, long long price, const char *lot,
		      int days)
{
	char date[11], exp[16];

	if (days) {
		utc_day(days, date);
		snprintf(exp, sizeof(exp), "\"%s\"", date);
	} else {
		snprintf(exp, sizeof(exp), "null");
	}
	return add_record("purchase-lines",
			  "{\"purchase_id\": %lld, \"material_id\": %lld, "
			  "\"quantity\": %d, \"unit\": \"%s\", \"price\": "
			  "%lld, \"lot\": \"%s\", \"expires_on\": %s}",
			  purchase, material, litres, unit, price, lot, exp);
}

static struct soap soap(void)
{
	struct soap s;
	char *path;

	utc_day(0, s.today);
	json_decref(
		call("PUT", API "/settings", "{\"hourly_rate\": 1200}", 200));
	s.olive = add_material("{\"name\": \"Olive oil\", \"unit\": \"ml\"}");
	s.coconut =
		add_material("{\"name\": \"Coconut oil\", \"unit\": \"ml\"}");
	s.lye = add_material("{\"name\": \"Lye\"}");
	s.bar = add_product("{\"name\": \"Lavender bar\", \"mode\": "
			    "\"batch\", \"price\": 550, \"minutes_per_unit\": "
			    "2, \"setup_minutes\": 30}");
	add_record("recipe-lines",
		   "{\"product_id\": %lld, \"material_id\": %lld, "
		   "\"quantity\": 60}",
		   s.bar, s.olive);
	add_record("recipe-lines",
		   "{\"product_id\": %lld, \"material_id\": %lld, "
		   "\"quantity\": 30}",
		   s.bar, s.coconut);
	add_record("recipe-lines",
		   "{\"product_id\": %lld, \"material_id\": %lld, "
		   "\"quantity\": 13}",
		   s.bar, s.lye);
	s.purchase = add_record("purchases", "{\"reference\": \"INV-12\"}");
	line(s.purchase, s.olive, 2, "l", 1200, "OL-0", 20);
	line(s.purchase, s.olive, 5, "l", 2500, "OL-1", 200);
	line(s.purchase, s.coconut, 2, "l", 1000, "CO-9", 300);
	line(s.purchase, s.lye, 1, "kg", 600, "LY-3", 0);
	path = fmt(API "/purchases/%lld/receive", s.purchase);
	json_decref(call("POST", path, "{}", 200));
	free(path);
	return s;
}

/* The id of material's lot with code. */
static long long lot_id(long long material, const char *code)
{
	json_t *l = getf(API "/material-lots?material_id=%lld&lot=%s", material,
			 code);
	long long id = jint(l, "items.0.id");

	json_decref(l);
	return id;
}

static long long remaining(long long lot)
{
	json_t *l = getf(API "/material-lots/%lld", lot);
	long long n = jint(l, "remaining");

	json_decref(l);
	return n;
}

static long long on_hand(long long material)
{
	json_t *m = getf(API "/materials/%lld", material);
	long long n = jint(m, "on_hand");

	json_decref(m);
	return n;
}

static long long batch(const struct soap *s, int planned)
{
	return add_batch("{\"product_id\": %lld, \"run_date\": \"%s\", "
			 "\"planned_qty\": %d}",
			 s->bar, s->today, planned);
}

static json_t *done(long long b, const char *body, int status)
{
	char *path = fmt(API "/batches/%lld/done", b);
	json_t *j = call("POST", path, body, status);

	free(path);
	return j;
}

/* The use of material from lot (0: none) in a list of uses. */
static json_t *use_in(const json_t *uses, long long material, long long lot)
{
	size_t i;
	json_t *u;

	json_array_foreach(uses, i, u)
	{
		json_t *l = json_object_get(u, "lot_id");

		if (jint(u, "material_id") == material &&
		    (lot ? json_integer_value(l) == lot : json_is_null(l)))
			return u;
	}
	return NULL;
}

static void expect_use(const json_t *uses, long long material, long long lot,
		       long long quantity, long long cost)
{
	json_t *u = use_in(uses, material, lot);

	cr_assert_not_null(u, "no use of %lld from lot %lld", material, lot);
	cr_expect_eq(jint(u, "quantity"), quantity, "lot %lld: %lld, not %lld",
		     lot, jint(u, "quantity"), quantity);
	cr_expect_eq(jint(u, "cost"), cost, "lot %lld cost %lld, not %lld", lot,
		     jint(u, "cost"), cost);
	cr_expect_str_eq(jstr(u, "source"), "recipe");
}

/* ---- the soap maker's story --------------------------------------------- */

Test(consume, the_soap_makers_batch_takes_her_oils_by_lot_and_costs_them)
{
	struct soap s = soap();
	long long ol0, ol1, co9, ly3, b;
	json_t *p, *a, *uses, *c, *t;
	char *path;

	ol0 = lot_id(s.olive, "OL-0");
	ol1 = lot_id(s.olive, "OL-1");
	co9 = lot_id(s.coconut, "CO-9");
	ly3 = lot_id(s.lye, "LY-3");
	/* 7000 ml of olive oil came, in two lots. */
	cr_expect_eq(on_hand(s.olive), 7000);
	b = batch(&s, 40);
	/* What marking it done would take: 40 bars, 2400 ml of olive oil,
	 * OL-0 first (it goes first), whole, then 400 of OL-1. */
	path = fmt(API "/batches/%lld/consumption", b);
	p = get(path);
	free(path);
	cr_expect_eq(jint(p, "made_qty"), 40);
	cr_expect_str_eq(jstr(p, "day"), s.today);
	cr_expect(json_is_false(jget(p, "short")));
	cr_expect_eq(jint(p, "lines.0.material_id"), s.olive);
	cr_expect_eq(jint(p, "lines.0.need"), 2400);
	cr_expect_eq(jint(p, "lines.0.picks.0.lot_id"), ol0);
	cr_expect_eq(jint(p, "lines.0.picks.0.quantity"), 2000);
	cr_expect_eq(jint(p, "lines.0.picks.1.lot_id"), ol1);
	cr_expect_eq(jint(p, "lines.0.picks.1.quantity"), 400);
	cr_expect_eq(jint(p, "lines.1.need"), 1200);
	cr_expect_eq(jint(p, "lines.2.need"), 520);
	json_decref(p);
	/* Nothing was taken by asking. */
	cr_expect_eq(on_hand(s.olive), 7000);

	/* 90 minutes of work on it, then done: 40 made, 2 rejected. */
	add_entry("{\"batch_id\": %lld, \"minutes\": 90}", b);
	a = done(b, "{\"made_qty\": 40, \"rejected_qty\": 2}", 200);
	cr_expect_str_eq(jstr(a, "batch.status"), "done");
	cr_expect_eq(jint(a, "batch.short_uses"), 0);
	cr_expect_eq(json_array_size(jget(a, "warnings")), 0);
	/* Each lot at its price: OL-0 2000 of 2000 ml for 1200p; OL-1 400
	 * of 5000 for 2500p, 200p; CO-9 1200 of 2000 for 1000p, 600p; LY-3
	 * 520 of 1000 g for 600p, 312p. */
	uses = jget(a, "uses");
	cr_expect_eq(json_array_size(uses), 4);
	expect_use(uses, s.olive, ol0, 2000, 1200);
	expect_use(uses, s.olive, ol1, 400, 200);
	expect_use(uses, s.coconut, co9, 1200, 600);
	expect_use(uses, s.lye, ly3, 520, 312);
	json_decref(a);

	/* Her stock: 7000 - 2400, 2000 - 1200, 1000 - 520. */
	cr_expect_eq(on_hand(s.olive), 4600);
	cr_expect_eq(on_hand(s.coconut), 800);
	cr_expect_eq(on_hand(s.lye), 480);
	cr_expect_eq(remaining(ol0), 0);
	cr_expect_eq(remaining(ol1), 4600);

	/* The real cost: materials 1200 + 200 + 600 + 312 = 2312p; labour
	 * 90 minutes at 1200p an hour, 1800p; 4112p for 38 sellable bars,
	 * 108.2p, 108p each. The estimate: the receipt made olive oil
	 * (1200 + 2500) × 1000 / 7000 = 528.57, 529p a litre, coconut 500p
	 * and lye 600p a kilo, so a bar's recipe is 60 × 0.529 + 30 × 0.5
	 * + 13 × 0.6 = 31.74 + 15 + 7.8 = 54.54, 55p; 55 × 40 = 2200p of
	 * materials; labour (30 + 2 × 40) = 110 minutes, 2200p; 4400p, 110p
	 * a bar. Real less estimate: -288p, -2p a bar. */
	path = fmt(API "/batches/%lld/cost", b);
	c = get(path);
	free(path);
	cr_expect_eq(jint(c, "made"), 40);
	cr_expect_eq(jint(c, "sellable"), 38);
	cr_expect_eq(jint(c, "actual.materials"), 2312);
	cr_expect_eq(jint(c, "actual.labour"), 1800);
	cr_expect_eq(jint(c, "actual.total"), 4112);
	cr_expect_eq(jint(c, "actual.per_unit"), 108);
	cr_expect_eq(jint(c, "estimate.materials"), 2200);
	cr_expect_str_eq(jstr(c, "estimate.materials_source"), "recipe");
	cr_expect_eq(jint(c, "estimate.labour"), 2200);
	cr_expect_eq(jint(c, "estimate.total"), 4400);
	cr_expect_eq(jint(c, "estimate.per_unit"), 110);
	cr_expect_eq(jint(c, "difference.total"), -288);
	cr_expect_eq(jint(c, "difference.per_unit"), -2);
	json_decref(c);

	/* The Numbers show it beside the estimate: one batch, the same
	 * 4112p over 38 sellable, 108p, against 4400p over 40 made, 110p. */
	c = getf(API "/products/%lld/economics", s.bar);
	cr_expect_eq(jint(c, "real_cost.batches"), 1);
	cr_expect_eq(jint(c, "real_cost.made"), 40);
	cr_expect_eq(jint(c, "real_cost.sellable"), 38);
	cr_expect_eq(jint(c, "real_cost.materials"), 2312);
	cr_expect_eq(jint(c, "real_cost.labour"), 1800);
	cr_expect_eq(jint(c, "real_cost.per_unit"), 108);
	cr_expect_eq(jint(c, "real_cost.estimate_per_unit"), 110);
	json_decref(c);
	/* The lots in its trace, with no typing: each use's code, lot and
	 * date; and a trace of OL-1 finds the batch. */
	path = fmt(API "/batches/%lld/trace", b);
	t = get(path);
	free(path);
	cr_expect_eq(json_array_size(jget(t, "materials")), 4);
	cr_expect_str_eq(jstr(t, "materials.0.lot"), "OL-0");
	cr_expect_eq(jint(t, "materials.0.lot_id"), ol0);
	cr_expect(json_is_string(jget(t, "materials.0.expires_on")));
	cr_expect_str_eq(jstr(t, "materials.3.lot"), "LY-3");
	json_decref(t);
	t = get(API "/trace?lot=OL-1");
	cr_expect_eq(jint(t, "batches.0.batch.id"), b);
	json_decref(t);
}

Test(consume, other_lots_and_changed_quantities_are_taken_as_chosen)
{
	struct soap s = soap();
	long long ol0, ol1, co9, ly3, b;
	json_t *a, *uses;
	char *body;

	ol0 = lot_id(s.olive, "OL-0");
	ol1 = lot_id(s.olive, "OL-1");
	co9 = lot_id(s.coconut, "CO-9");
	ly3 = lot_id(s.lye, "LY-3");
	b = batch(&s, 40);
	/* 36 made after all, the olive oil all from OL-1 with a little
	 * more than the recipe (2200 ml), coconut as proposed (1080), lye
	 * 470 g. At the lots' prices: 2500 × 2200 / 5000 = 1100p,
	 * 1000 × 1080 / 2000 = 540p, 600 × 470 / 1000 = 282p. */
	body = fmt(
		"{\"made_qty\": 36, \"uses\": ["
		"{\"material_id\": %lld, \"lot_id\": %lld, \"quantity\": 2200},"
		"{\"material_id\": %lld, \"lot_id\": %lld, \"quantity\": 1080},"
		"{\"material_id\": %lld, \"lot_id\": %lld, \"quantity\": "
		"470}]}",
		s.olive, ol1, s.coconut, co9, s.lye, ly3);
	a = done(b, body, 200);
	free(body);
	cr_expect_eq(jint(a, "batch.made_qty"), 36);
	uses = jget(a, "uses");
	cr_expect_eq(json_array_size(uses), 3);
	expect_use(uses, s.olive, ol1, 2200, 1100);
	expect_use(uses, s.coconut, co9, 1080, 540);
	expect_use(uses, s.lye, ly3, 470, 282);
	json_decref(a);
	/* OL-0 untouched, OL-1 5000 - 2200. */
	cr_expect_eq(remaining(ol0), 2000);
	cr_expect_eq(remaining(ol1), 2800);
	cr_expect_eq(on_hand(s.olive), 4800);
	cr_expect_eq(on_hand(s.lye), 530);
}

Test(consume, refused_bodies_change_nothing)
{
	struct soap s = soap();
	long long b = batch(&s, 40), ol0 = lot_id(s.olive, "OL-0");
	static const struct {
		const char *body;
		int status;
		const char *code, *field;
	} bad[] = {
		{"[1]", 400, "bad_type", NULL},
		{"{\"made_qty\": -3}", 400, "out_of_range", "made_qty"},
		{"{\"made\": 3}", 400, "unknown_field", "made"},
		{"{\"short\": \"maybe\"}", 400, "bad_value", "short"},
		{"{\"uses\": [{\"material_id\": 1}]}", 400, "missing_field",
		 "uses[0].quantity"},
		{"{\"uses\": [{\"material_id\": 999, \"quantity\": 5}]}", 400,
		 "unknown_reference", "uses[0].material_id"},
		{"{\"uses\": [{\"material_id\": 1, \"quantity\": 5, "
		 "\"lot_id\": 999}]}",
		 400, "unknown_reference", "uses[0].lot_id"},
		/* 200 bars: 12000 ml of olive oil, 7000 there. */
		{"{\"made_qty\": 200}", 409, "short_stock", "short"},
		/* Rejects beyond made: the batch's own rule. */
		{"{\"made_qty\": 2, \"rejected_qty\": 3}", 400, "out_of_range",
		 "rejected_qty"},
	};
	char *path = fmt(API "/batches/%lld/done", b), *body;
	json_t *row;
	struct resp r;

	for (size_t i = 0; i < COUNT(bad); i++)
		call_fails("POST", path, bad[i].body, bad[i].status,
			   bad[i].code, bad[i].field);
	/* More from a lot than it holds: 409 naming the use. */
	body = fmt("{\"uses\": [{\"material_id\": %lld, \"lot_id\": %lld, "
		   "\"quantity\": 2001}]}",
		   s.olive, ol0);
	call_fails("POST", path, body, 409, "not_enough_in_lot",
		   "uses[0].quantity");
	free(body);
	/* Not JSON: 415. No such batch: 404. */
	http(&server, "POST", path, "text/plain", "{}", &r);
	cr_expect_eq(r.status, 415);
	resp_free(&r);
	call_fails("POST", API "/batches/9999/done", "{}", 404, "not_found",
		   NULL);
	call_fails("GET", API "/batches/9999/consumption", NULL, 404,
		   "not_found", NULL);
	call_fails("GET", API "/batches/1/consumption?made_qty=-1", NULL, 400,
		   "out_of_range", "made_qty");
	free(path);
	/* Nothing changed: planned, made none, every lot whole. */
	row = getf(API "/batches/%lld", b);
	cr_expect_str_eq(jstr(row, "status"), "planned");
	cr_expect_eq(jint(row, "made_qty"), 0);
	json_decref(row);
	row = getf(API "/batch-materials?batch_id=%lld", b);
	cr_expect_eq(jint(row, "total"), 0);
	json_decref(row);
	cr_expect_eq(on_hand(s.olive), 7000);
	cr_expect_eq(remaining(ol0), 2000);
	/* A plain change to done that is short is refused the same way. */
	path = fmt(API "/batches/%lld", b);
	call_fails("PATCH", path, "{\"status\": \"done\", \"made_qty\": 200}",
		   409, "short_stock", "status");
	free(path);
	cr_expect_eq(on_hand(s.olive), 7000);
}

Test(consume, set_back_or_deleted_a_batch_or_order_puts_its_stock_back)
{
	struct soap s = soap();
	long long b = batch(&s, 40), ann, o, ol0 = lot_id(s.olive, "OL-0");
	json_t *a;
	char *path;

	json_decref(done(b, "{}", 200));
	cr_expect_eq(on_hand(s.olive), 4600);
	/* Done twice: refused. */
	path = fmt(API "/batches/%lld/done", b);
	call_fails("POST", path, "{}", 409, "already_done", "status");
	free(path);
	/* Back to running: every recipe use back on its lot. */
	path = fmt(API "/batches/%lld", b);
	json_decref(call("PATCH", path, "{\"status\": \"running\"}", 200));
	cr_expect_eq(on_hand(s.olive), 7000);
	cr_expect_eq(on_hand(s.lye), 1000);
	cr_expect_eq(remaining(ol0), 2000);
	/* Done again, beyond stock at the maker's word: 150 bars, 9000 ml
	 * of olive oil where there are 7000 (2000 short, on hand -2000),
	 * 4500 ml of coconut oil of 2000, 1950 g of lye of 1000: three uses
	 * beyond stock, and the batch says so. */
	a = done(b, "{\"made_qty\": 150, \"short\": \"allow\"}", 200);
	cr_expect_eq(jint(a, "batch.short_uses"), 3);
	cr_expect_str_eq(jstr(a, "warnings.0.code"), "short_stock");
	cr_expect_eq(jint(use_in(jget(a, "uses"), s.olive, 0), "beyond_stock"),
		     1);
	json_decref(a);
	cr_expect_eq(on_hand(s.olive), -2000);
	/* The warning stays on every change while it is done. */
	a = call("PATCH", path, "{\"qc_notes\": \"soft\"}", 200);
	cr_expect_str_eq(jstr(a, "warnings.0.code"), "short_stock");
	json_decref(a);
	/* Deleted: everything back. */
	json_decref(call("DELETE", path, NULL, 204));
	free(path);
	cr_expect_eq(on_hand(s.olive), 7000);
	cr_expect_eq(on_hand(s.coconut), 2000);
	cr_expect_eq(remaining(ol0), 2000);

	/* A custom order of 10 bars: done through its own route, 600 ml of
	 * OL-0; set back to accepted, it is back. */
	ann = add_customer("{\"name\": \"Ann\"}");
	o = add_order("{\"customer_id\": %lld, \"product_id\": %lld, "
		      "\"title\": \"Wedding favours\", \"quantity\": 10, "
		      "\"status\": \"accepted\"}",
		      ann, s.bar);
	path = fmt(API "/orders/%lld/consumption", o);
	a = get(path);
	free(path);
	cr_expect_eq(jint(a, "quantity"), 10);
	cr_expect_eq(jint(a, "lines.0.picks.0.quantity"), 600);
	json_decref(a);
	path = fmt(API "/orders/%lld/done", o);
	a = call("POST", path, "{}", 200);
	free(path);
	cr_expect_str_eq(jstr(a, "order.status"), "done");
	expect_use(jget(a, "uses"), s.olive, ol0, 600, 360);
	json_decref(a);
	cr_expect_eq(remaining(ol0), 1400);
	path = fmt(API "/orders/%lld", o);
	json_decref(call("PATCH", path, "{\"status\": \"accepted\"}", 200));
	free(path);
	cr_expect_eq(remaining(ol0), 2000);
	cr_expect_eq(on_hand(s.olive), 7000);
}

/* ---- the command line ------------------------------------------------------
 */

static int lines_in(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

Test(consume, the_cli_marks_a_batch_done_and_says_what_it_cost)
{
	struct soap s = soap();
	long long b = batch(&s, 40);
	json_t *row = getf(API "/batches/%lld", b), *c;
	char code[64];
	struct run r;

	snprintf(code, sizeof(code), "%s", jstr(row, "code"));
	json_decref(row);
	/* By its code, 40 made, 2 rejected: as the story above, OL-0 whole
	 * and 400 of OL-1. */
	cli_run(&r, NULL, server.db, "batch done %s --made 40 --rejected 2",
		code);
	cr_expect_eq(r.code, 0, "%s", r.err);
	cr_expect(strstr(r.out, "done: 40 made, 2 rejected"), "%s", r.out);
	cr_expect(strstr(r.out, "lot OL-0 12.00"), "%s", r.out);
	cr_expect(strstr(r.out, "lot OL-1 2.00"), "%s", r.out);
	cr_expect_eq(on_hand(s.olive), 4600);
	/* Again: a conflict, exit 1, one line. A usage mistake: exit 2. */
	cli_run(&r, NULL, server.db, "batch done %lld", b);
	cr_expect_eq(r.code, 1);
	cr_expect_eq(lines_in(r.err), 1, "%s", r.err);
	cr_expect(strstr(r.err, "already"), "%s", r.err);
	cli_run(&r, NULL, server.db, "batch done %lld --made many", b);
	cr_expect_eq(r.code, 2);
	cli_run(&r, NULL, server.db, "batch done %lld --short maybe", b);
	cr_expect_eq(r.code, 2);
	cli_run(&r, NULL, server.db, "order done %lld --made 3", b);
	cr_expect_eq(r.code, 2);
	/* Its real cost: 2312p of materials and no time tracked, 23.12. */
	cli_run(&r, NULL, server.db, "batch cost %lld", b);
	cr_expect_eq(r.code, 0, "%s", r.err);
	cr_expect(strstr(r.out, "23.12"), "%s", r.out);
	cli_run(&r, NULL, server.db, "batch cost %lld --json", b);
	cr_expect_eq(r.code, 0, "%s", r.err);
	c = json_loads(r.out, 0, NULL);
	cr_assert_not_null(c, "%s", r.out);
	cr_expect_eq(jint(c, "actual.materials"), 2312);
	json_decref(c);
	/* Set back and made 200: short, refused in one line; allowed, it
	 * says so. */
	cli_run(&r, NULL, server.db, "batch edit %lld --status running", b);
	cr_expect_eq(r.code, 0, "%s", r.err);
	cr_expect_eq(on_hand(s.olive), 7000);
	cli_run(&r, NULL, server.db, "batch done %lld --made 200", b);
	cr_expect_eq(r.code, 1);
	cr_expect_eq(lines_in(r.err), 1, "%s", r.err);
	cr_expect(strstr(r.err, "--short allow"), "%s", r.err);
	cr_expect_eq(on_hand(s.olive), 7000);
	cli_run(&r, NULL, server.db, "batch done %lld --made 200 --short allow",
		b);
	cr_expect_eq(r.code, 0, "%s", r.err);
	cr_expect(strstr(r.out, "BEYOND STOCK"), "%s", r.out);
	cr_expect(strstr(r.out, "warning: "), "%s", r.out);
	/* 200 bars: 12000 ml of 7000. */
	cr_expect_eq(on_hand(s.olive), -5000);
	cli_run(&r, NULL, server.db, "order done 9999");
	cr_expect_eq(r.code, 1);
	/* The record verbs stay the nouns'. */
	cli_run(&r, NULL, server.db, "batch list");
	cr_expect_eq(r.code, 0, "%s", r.err);
	cr_expect(strstr(r.out, code), "%s", r.out);
}

/* ---- eight batches done at once ------------------------------------------ */

enum { MAKERS = 8 };

struct maker {
	int port;
	long long batch;
	int status;
};

/* POST /api/v1/batches/{id}/done with {} and keep the status. No
 * Criterion assertions here: not the main thread. */
static void *make(void *arg)
{
	struct maker *m = arg;
	struct sockaddr_in sa = {0};
	char req[512], answer[1024];
	ssize_t n;
	int fd = socket(AF_INET, SOCK_STREAM, 0), len;

	m->status = -1;
	if (fd < 0)
		return NULL;
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)m->port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	len = snprintf(req, sizeof(req),
		       "POST " API "/batches/%lld/done HTTP/1.1\r\n"
		       "Host: 127.0.0.1\r\nConnection: close\r\n"
		       "Content-Type: application/json\r\n"
		       "Content-Length: 2\r\n\r\n{}",
		       m->batch);
	if (!connect(fd, (struct sockaddr *)&sa, sizeof(sa)) &&
	    send(fd, req, (size_t)len, MSG_NOSIGNAL) == len &&
	    (n = recv(fd, answer, sizeof(answer) - 1, 0)) > 0) {
		answer[n] = '\0';
		if (sscanf(answer, "HTTP/1.1 %d", &m->status) != 1)
			m->status = -1;
	}
	close(fd);
	return NULL;
}

Test(consume, batches_done_at_once_never_take_a_lot_twice)
{
	struct maker m[MAKERS];
	pthread_t t[MAKERS];
	long long oil, tin, lot_a, lot_b, sum_a = 0, sum_b = 0;
	int ok = 0;
	char date[11];
	json_t *uses;
	size_t i;
	json_t *u;

	/* A candle takes 250 ml of wax; the wax is two lots, A 600 ml and
	 * B 400 ml: 1000 ml, four candles' worth. Eight batches of one
	 * candle each are marked done at once: exactly 1000 / 250 = 4 are
	 * taken whole, the other 4 are refused short, and the lots end
	 * empty, A's 600 and B's 400 taken exactly once. */
	utc_day(0, date);
	oil = add_material("{\"name\": \"Wax\", \"unit\": \"ml\"}");
	lot_a = add_record("material-lots",
			   "{\"material_id\": %lld, \"lot\": \"A\", "
			   "\"quantity\": 600}",
			   oil);
	lot_b = add_record("material-lots",
			   "{\"material_id\": %lld, \"lot\": \"B\", "
			   "\"quantity\": 400}",
			   oil);
	tin = add_product("{\"name\": \"Candle\", \"mode\": \"batch\"}");
	add_record("recipe-lines",
		   "{\"product_id\": %lld, \"material_id\": %lld, "
		   "\"quantity\": 250}",
		   tin, oil);
	for (int k = 0; k < MAKERS; k++)
		m[k] = (struct maker){
			.port = server.port,
			.batch = add_batch("{\"product_id\": %lld, "
					   "\"run_date\": \"%s\", "
					   "\"planned_qty\": 1}",
					   tin, date),
		};
	for (int k = 0; k < MAKERS; k++)
		cr_assert_eq(pthread_create(&t[k], NULL, make, &m[k]), 0);
	for (int k = 0; k < MAKERS; k++)
		pthread_join(t[k], NULL);
	for (int k = 0; k < MAKERS; k++) {
		cr_assert(m[k].status == 200 || m[k].status == 409,
			  "batch %d: %d", k, m[k].status);
		ok += m[k].status == 200;
	}
	cr_expect_eq(ok, 4, "%d batches were done, not 4", ok);
	cr_expect_eq(remaining(lot_a), 0);
	cr_expect_eq(remaining(lot_b), 0);
	cr_expect_eq(on_hand(oil), 0);
	/* What the uses took of each lot is all it had, once. */
	uses = getf(API "/batch-materials?material_id=%lld&limit=100", oil);
	json_array_foreach(jget(uses, "items"), i, u)
	{
		if (jint(u, "lot_id") == lot_a)
			sum_a += jint(u, "quantity");
		else if (jint(u, "lot_id") == lot_b)
			sum_b += jint(u, "quantity");
		else
			cr_expect_fail("a use with no lot: %lld",
				       jint(u, "quantity"));
	}
	json_decref(uses);
	cr_expect_eq(sum_a, 600);
	cr_expect_eq(sum_b, 400);
	/* And each batch done took 250 whole; the refused took nothing. */
	for (int k = 0; k < MAKERS; k++) {
		json_t *l =
			getf(API "/batch-materials?batch_id=%lld", m[k].batch);
		long long got = 0;

		json_array_foreach(jget(l, "items"), i, u) got +=
			jint(u, "quantity");
		cr_expect_eq(got, m[k].status == 200 ? 250 : 0,
			     "batch %d took %lld", k, got);
		json_decref(l);
	}
}
