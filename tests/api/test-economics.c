/*
 * test-economics.c - the numbers endpoints over a real socket: figures
 * worked out by hand from what the test stores, what-if storing nothing,
 * and bad input.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "harness.h"

API_SUITE(economics);

static long long num(const json_t *o, const char *a, const char *b)
{
	const json_t *v = json_object_get(o, a);

	if (b)
		v = json_object_get(v, b);
	cr_assert(json_is_integer(v), "%s.%s is not a number", a,
		  b ? b : "");
	return json_integer_value(v);
}

/*
 * A potter: £20 an hour, no overhead, 40 hours a week. A mug: £12, £2 of
 * clay, 12 minutes, 120 minutes to load and fire, 200 a firing.
 */
static void potter(void)
{
	json_decref(call("PUT", "/api/v1/settings",
			 "{\"hourly_rate\": 2000, \"overhead_per_hour\": 0}",
			 200));
	json_decref(call("POST", "/api/v1/products",
			 "{\"name\": \"Mug\", \"mode\": \"batch\", \"price\": "
			 "1200, \"material_cost\": 200, \"minutes_per_unit\": "
			 "12, \"setup_minutes\": 120, \"max_batch\": 200}",
			 201));
}

Test(economics, product_figures_by_hand)
{
	json_t *e;

	potter();
	e = call("GET", "/api/v1/products/1/economics", NULL, 200);
	/* Nothing sold yet: demand unknown; nothing tracked. */
	cr_assert(json_is_null(json_object_get(json_object_get(e, "week"),
					       "demand")));
	cr_assert_str_eq(json_string_value(json_object_get(e, "time_source")),
			 "estimate");
	/* (1200 - 200) × 60 / 12 = 5000 an hour. */
	cr_assert_eq(num(e, "earned_per_hour", NULL), 5000);
	/* Made to order: 200 + (12 + 120) × 2000 / 60 = 200 + 4400. */
	cr_assert_eq(num(e, "unit_cost", "job"), 4600);
	json_decref(e);
}

Test(economics, demand_comes_from_the_last_four_weeks_of_sales)
{
	char body[200], today[11];
	time_t now = time(NULL);
	json_t *e, *w;

	potter();
	json_decref(call("POST", "/api/v1/batches",
			 "{\"product_id\": 1, \"made_qty\": 200, "
			 "\"run_date\": \"2026-01-05\"}",
			 201));
	strftime(today, sizeof(today), "%Y-%m-%d", gmtime(&now));
	/* 112 mugs sold in the window: 112 × 7 / 28 = 28 a week. The
	 * window is the 28 days up to today, today included. */
	snprintf(body, sizeof(body),
		 "{\"batch_id\": 1, \"quantity\": 112, \"price\": 1200, "
		 "\"sold_on\": \"%s\"}",
		 today);
	json_decref(call("POST", "/api/v1/sales", body, 201));
	e = call("GET", "/api/v1/products/1/economics", NULL, 200);
	w = json_object_get(e, "week");
	cr_assert_eq(num(w, "demand", NULL), 28);
	cr_assert_str_eq(json_string_value(json_object_get(w,
							   "demand_source")),
			 "sales");
	/* 28 mugs in batches of the recommended size: never more than
	 * the 200 a firing holds. */
	cr_assert_leq(num(e, "batch", "recommended"), 200);
	cr_assert_str_eq(json_string_value(json_object_get(
				 json_object_get(e, "verdict"), "best")),
			 "batch");
	json_decref(e);
}

/* The window holds today and the 27 days before it: a sale this morning
 * counts, one 28 days ago does not. */
Test(economics, demand_counts_today_and_the_27_days_before)
{
	static const struct {
		int days_ago, quantity;
	} sales[] = {{0, 28}, {27, 56}, {28, 1000}};
	char body[200], day[11];
	json_t *e;

	potter();
	json_decref(call("POST", "/api/v1/batches",
			 "{\"product_id\": 1, \"made_qty\": 2000, "
			 "\"run_date\": \"2026-01-05\"}",
			 201));
	for (size_t i = 0; i < sizeof(sales) / sizeof(sales[0]); i++) {
		time_t t = time(NULL) - (time_t)sales[i].days_ago * 86400;

		strftime(day, sizeof(day), "%Y-%m-%d", gmtime(&t));
		snprintf(body, sizeof(body),
			 "{\"batch_id\": 1, \"quantity\": %d, \"price\": "
			 "1200, \"sold_on\": \"%s\"}",
			 sales[i].quantity, day);
		json_decref(call("POST", "/api/v1/sales", body, 201));
	}
	e = call("GET", "/api/v1/products/1/economics", NULL, 200);
	/* (28 + 56) × 7 / 28 = 21 a week; the 1000 are outside. */
	cr_assert_eq(num(json_object_get(e, "week"), "demand", NULL),
		     (28 + 56) * 7 / 28);
	json_decref(e);
}

Test(economics, what_if_changes_nothing_stored)
{
	json_t *before, *after, *w;

	potter();
	before = call("GET", "/api/v1/products/1", NULL, 200);
	w = call("POST", "/api/v1/economics/what-if",
		 "{\"product_id\": 1, \"price\": 300, \"weekly_demand\": 100, "
		 "\"batch_size\": 50}",
		 200);
	/* At £3 the mug is under its floor: at 50 a batch
	 * 200 + (600 + 120) × 2000 / 3000 = 680. */
	cr_assert_eq(num(w, "price_floor", NULL), 680);
	cr_assert_eq(num(w, "unit_cost", "batch_size"), 50);
	cr_assert_str_eq(json_string_value(json_object_get(
				 json_object_get(w, "week"), "demand_source")),
			 "what-if");
	cr_assert_str_eq(json_string_value(json_object_get(
				 json_array_get(json_object_get(w, "warnings"),
						0),
				 "code")),
			 "below_floor");
	after = call("GET", "/api/v1/products/1", NULL, 200);
	cr_assert(json_equal(before, after));
	json_decref(before);
	json_decref(after);
	json_decref(w);
}

/* Has e a warning with this code? */
static bool warned(const json_t *e, const char *code)
{
	const json_t *arr = json_object_get(e, "warnings"), *w;
	size_t i;

	json_array_foreach(arr, i, w)
		if (!strcmp(json_string_value(json_object_get(w, "code")),
			    code))
			return true;
	return false;
}

/*
 * Issue 10: "the price floor (£13.19) is below the cost of one (£15.24)
 * when overhead is set". A frame made to order: £3.19 of materials, an
 * hour's work at £10 and £2.05 an hour of overhead. The cost of one is
 * 319 + 60 × (1000 + 205) / 60 = 1524; the old floor left the overhead
 * out, 319 + 60 × 1000 / 60 = 1319. The floor is the cost of one now, and
 * a price of £14 between the two is below it.
 */
Test(economics, floor_is_never_below_the_cost_of_one)
{
	const long long mat = 319, m = 60, rate = 1000, over = 205;
	const long long cost = mat + m * (rate + over) / 60;
	json_t *e;

	json_decref(call("PUT", "/api/v1/settings",
			 "{\"hourly_rate\": 1000, \"overhead_per_hour\": 205}",
			 200));
	json_decref(call("POST", "/api/v1/products",
			 "{\"name\": \"Frame\", \"mode\": \"job\", \"price\": "
			 "1400, \"material_cost\": 319, \"minutes_per_unit\": "
			 "60}",
			 201));
	e = call("GET", "/api/v1/products/1/economics", NULL, 200);
	cr_assert_eq(cost, 1524);
	cr_assert_eq(num(e, "unit_cost", "job"), cost);
	cr_assert_eq(num(e, "price_floor", NULL), cost);
	cr_assert_eq(num(e, "margin", NULL), 1400 - cost);
	cr_assert(warned(e, "below_floor"));
	json_decref(e);
}

/*
 * Wholesale above retail. Retail is wholesale × retail_pct %, and the
 * settings take retail_pct from 100, so the answer's retail is never
 * below its wholesale: a retail_pct of 99 is refused, and at 100 the two
 * are equal and nothing is flagged. (lib/econ.c raises
 * wholesale_above_retail for any pair it is given; tests/unit/test-econ.c
 * shows it.)
 */
Test(economics, retail_is_never_below_wholesale)
{
	struct resp r;
	json_t *e;

	potter();
	http(&server, "PUT", "/api/v1/settings", "application/json",
	     "{\"retail_pct\": 99}", &r);
	assert_error(&r, 400, "out_of_range");
	resp_free(&r);
	json_decref(call("PUT", "/api/v1/settings", "{\"retail_pct\": 100}",
			 200));
	e = call("GET", "/api/v1/products/1/economics", NULL, 200);
	cr_assert_eq(num(e, "suggested_prices", "retail"),
		     num(e, "suggested_prices", "wholesale"));
	cr_assert(!warned(e, "wholesale_above_retail"));
	json_decref(e);
}

Test(economics, what_if_without_a_product)
{
	json_t *w = call("POST", "/api/v1/economics/what-if",
			 "{\"price\": 5000, \"material_cost\": 1000, "
			 "\"minutes_per_unit\": 60}",
			 200);

	/* (5000 - 1000) × 60 / 60 = 4000 an hour. */
	cr_assert_eq(num(w, "earned_per_hour", NULL), 4000);
	json_decref(w);
}

Test(economics, workshop_summary_beside_the_questionnaire)
{
	json_t *all, *ws;

	potter();
	json_decref(call("PUT", "/api/v1/settings", "{\"advised\": \"job\"}",
			 200));
	all = call("GET", "/api/v1/economics", NULL, 200);
	cr_assert_eq(json_array_size(json_object_get(all, "products")), 1);
	ws = json_object_get(all, "workshop");
	cr_assert_str_eq(json_string_value(json_object_get(ws, "advised")),
			 "job");
	cr_assert(json_is_boolean(json_object_get(ws, "agrees")));
	cr_assert_gt(strlen(json_string_value(json_object_get(ws, "why"))), 10);
	json_decref(all);
}

Test(economics, bad_input)
{
	static const struct {
		const char *body, *code;
	} bad[] = {
		{"{\"price\": -1}", "out_of_range"},
		{"{\"price\": \"lots\"}", "bad_type"},
		{"{\"colour\": 1}", "unknown_field"},
		{"{\"product_id\": 42}", "unknown_reference"},
		{"{\"batch_size\": 0}", "out_of_range"},
		{"[1]", "bad_type"},
		{"{", "bad_json"},
	};
	struct resp r;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		http(&server, "POST", "/api/v1/economics/what-if",
		     "application/json", bad[i].body, &r);
		assert_error(&r, 400, bad[i].code);
		resp_free(&r);
	}
	http(&server, "GET", "/api/v1/products/9/economics", NULL, NULL, &r);
	assert_error(&r, 404, "not_found");
	resp_free(&r);
}

/* ---- the largest inputs: every figure exact, or null and named ---- */

typedef __int128 big;

#define LIMIT ((big)9007199254740991) /* 2^53 - 1 */

/* n / d rounded half away from zero (d > 0). */
static big rnd(big n, big d)
{
	big q = n / d, r = n % d;

	if ((r < 0 ? -r : r) * 2 >= d)
		q += n < 0 ? -1 : 1;
	return q;
}

/* path ("a.b.c") in doc is want exactly, or null and listed in the
 * too_large_to_show warning's fields when want is past the limit. */
static void expect_figure(const json_t *doc, const char *path, big want)
{
	const json_t *v = doc, *warnings = json_object_get(doc, "warnings");
	const char *p = path, *dot;
	bool listed = false;
	char key[64];

	for (; (dot = strchr(p, '.')); p = dot + 1) {
		snprintf(key, sizeof(key), "%.*s", (int)(dot - p), p);
		v = json_object_get(v, key);
	}
	v = json_object_get(v, p);
	for (size_t i = 0; i < json_array_size(warnings); i++) {
		const json_t *fields =
			json_object_get(json_array_get(warnings, i), "fields");

		for (size_t j = 0; j < json_array_size(fields); j++)
			listed |= !strcmp(
				json_string_value(json_array_get(fields, j)),
				path);
	}
	if (want > LIMIT || want < -LIMIT) {
		cr_assert(json_is_null(v), "%s should be null", path);
		cr_assert(listed, "%s is not listed as too large", path);
	} else {
		cr_assert(json_is_integer(v), "%s is not a number", path);
		cr_assert_eq(json_integer_value(v), (long long)want, "%s: %lld",
			     path, (long long)json_integer_value(v));
		cr_assert(!listed, "%s is listed but given", path);
	}
}

/* The settings at their largest: a week of 50 workers × 1440 minutes ×
 * 7 days = 504000 minutes, every percentage 1000. */
static void largest_settings(void)
{
	json_decref(
		call("PUT", "/api/v1/settings",
		     "{\"hourly_rate\": 100000000000, \"overhead_per_hour\":"
		     " 100000000000, \"workers\": 50, \"hours\": {\"mon\": "
		     "1440, \"tue\": 1440, \"wed\": 1440, \"thu\": 1440, "
		     "\"fri\": 1440, \"sat\": 1440, \"sun\": 1440}, "
		     "\"markup_pct\": 1000, \"wholesale_pct\": 1000, "
		     "\"retail_pct\": 1000, \"holding_pct\": 1000, "
		     "\"storage_capacity\": 1000000000}",
		     200));
}

Test(economics, what_if_at_the_largest_inputs)
{
	/* As in the body, with rate = hourly_rate + overhead_per_hour. */
	const big m = 10000000, setup = 10000000, n = 1000000000,
		  d = 1000000000;
	const big mat = 100000000000, price = 100000000000;
	const big hourly = 100000000000, rate = 2 * hourly, week = 504000;
	big job, made, wholesale, cap_job, cap_batch, shelf, waste;
	json_t *e;

	largest_settings();
	e = call(
		"POST", "/api/v1/economics/what-if",
		"{\"price\": 100000000000, \"material_cost\": 100000000000, "
		"\"minutes_per_unit\": 10000000, \"setup_minutes\": 10000000, "
		"\"max_batch\": 1000000000, \"shelf_life_days\": 36500, "
		"\"storage_per_unit\": 1000000000, \"batch_size\": 1000000000, "
		"\"weekly_demand\": 1000000000, \"hourly_rate\": 100000000000, "
		"\"overhead_per_hour\": 100000000000}",
		200);
	job = mat + rnd((m + setup) * rate, 60);
	made = mat + rnd((m * n + setup) * rate, 60 * n);
	expect_figure(e, "unit_cost.job", job);
	expect_figure(e, "unit_cost.batch", made);
	expect_figure(e, "unit_cost.batch_size", n);
	/* Made both ways (no product: a what-if may be batched), so the
	 * floor (the cost of one, overhead in) and suggestions follow
	 * the batch. */
	expect_figure(e, "price_floor", made);
	expect_figure(e, "margin", price - made);
	expect_figure(e, "margin_bp", rnd((price - made) * 10000, price));
	expect_figure(e, "suggested_prices.cost_plus", rnd(made * 1100, 100));
	wholesale = rnd(made * 1000, 100);
	expect_figure(e, "suggested_prices.wholesale", wholesale);
	expect_figure(e, "suggested_prices.retail", rnd(wholesale * 1000, 100));
	expect_figure(e, "earned_per_hour", rnd((price - mat) * 60, m));
	cap_job = week / (m + setup);
	cap_batch = rnd(week * n, m * n + setup);
	expect_figure(e, "week.capacity_units_job", cap_job);
	expect_figure(e, "week.capacity_units_batch", cap_batch);
	expect_figure(e, "week.minutes_needed_job", d * (m + setup));
	expect_figure(e, "week.minutes_needed_batch",
		      d * m + rnd(d * setup, n));
	expect_figure(e, "week.profit_job",
		      (d < cap_job ? d : cap_job) * (price - job));
	/* 10^9 a week for 36500 days: far more than a batch, no waste. */
	shelf = rnd(d * 36500, 7);
	waste = n > shelf ? rnd((n - shelf) * d, n) : 0;
	expect_figure(e, "week.profit_batch",
		      (d < cap_batch ? d : cap_batch) * (price - made) -
			      waste * made);
	expect_figure(e, "batch.caps.shelf_life", shelf);
	expect_figure(e, "batch.caps.demand", d * 52);
	/* A day has 504000 / 7 = 72000 minutes; nothing is queued. */
	expect_figure(e, "lead_days", (m + setup + 71999) / 72000);
	json_decref(e);
}

Test(economics, what_if_a_week_past_the_limit)
{
	/* £1bn each, nothing to pay, a minute each: a week of 504000
	 * minutes makes 504000 either way, a profit of 504000 × 10^11 =
	 * 5.04 × 10^16 pence, past the limit both ways. */
	json_t *e, *w;

	largest_settings();
	e = call("POST", "/api/v1/economics/what-if",
		 "{\"price\": 100000000000, \"material_cost\": 0, "
		 "\"minutes_per_unit\": 1, \"setup_minutes\": 0, "
		 "\"batch_size\": 1000000000, \"weekly_demand\": 1000000000, "
		 "\"hourly_rate\": 0, \"overhead_per_hour\": 0}",
		 200);
	w = json_object_get(e, "week");
	expect_figure(e, "week.profit_job", (big)504000 * 100000000000);
	expect_figure(e, "week.profit_batch", (big)504000 * 100000000000);
	cr_assert(json_is_null(json_object_get(w, "profit_batch")));
	expect_figure(e, "unit_cost.job", 0);
	expect_figure(e, "earned_per_hour", (big)100000000000 * 60);
	/* The verdict compares the exact figures: both ways make the
	 * same, so to order. */
	cr_assert_str_eq(json_string_value(json_object_get(
				 json_object_get(e, "verdict"), "best")),
			 "job");
	json_decref(e);
}

/* ---- a page's warnings: grouped, said once (issue 10, point 5) ---- */

/* The group with this code in doc's page-level "warnings", or NULL. */
static const json_t *group(const json_t *doc, const char *code)
{
	const json_t *arr = json_object_get(doc, "warnings"), *g;
	size_t i;

	json_array_foreach(arr, i, g)
	{
		if (!strcmp(json_string_value(json_object_get(g, "code")),
			    code))
			return g;
	}
	return NULL;
}

/* How many of the groups in doc have this code. */
static size_t groups(const json_t *doc, const char *code)
{
	const json_t *arr = json_object_get(doc, "warnings"), *g;
	size_t i, n = 0;

	json_array_foreach(arr, i, g)
	{
		n += !strcmp(json_string_value(json_object_get(g, "code")),
			     code);
	}
	return n;
}

/* Does the group name the product with this id? */
static bool names(const json_t *g, long long id)
{
	const json_t *p;
	size_t i;

	json_array_foreach(json_object_get(g, "products"), i, p)
	{
		if (json_integer_value(json_object_get(p, "product_id")) == id)
			return true;
	}
	return false;
}

/*
 * 30 priced products, none of them timed: each keeps its own no_tracking
 * warning, and the page's list says it once, with how many and which:
 * the first five by name (the list is by name: "Loaf 01" … "Loaf 05"),
 * then "and 25 more".
 */
Test(economics, the_same_warning_for_many_products_is_one)
{
	const json_t *g, *ps;
	const char *detail;
	json_t *all;
	size_t i;

	for (int k = 1; k <= 30; k++)
		add_product("{\"name\": \"Loaf %02d\", \"mode\": \"batch\", "
			    "\"price\": 400, \"material_cost\": 50, "
			    "\"minutes_per_unit\": 10}",
			    k);
	all = get(API "/economics");
	ps = json_object_get(all, "products");
	cr_assert_eq(json_array_size(ps), 30);
	for (i = 0; i < 30; i++)
		cr_assert(warned(json_array_get(ps, i), "no_tracking"),
			  "product %zu keeps its own warning", i);
	cr_assert_eq(groups(all, "no_tracking"), 1);
	g = group(all, "no_tracking");
	cr_assert_eq(json_integer_value(json_object_get(g, "count")), 30);
	cr_assert_eq(json_array_size(json_object_get(g, "products")), 30);
	for (long long id = 1; id <= 30; id++)
		cr_assert(names(g, id), "product %lld is in the group", id);
	detail = json_string_value(json_object_get(g, "detail"));
	cr_assert_not_null(detail);
	cr_assert(strstr(detail, "30 products"), "%s", detail);
	cr_assert(strstr(detail, "Loaf 01, Loaf 02, Loaf 03, Loaf 04, Loaf 05 "
				 "and 25 more"),
		  "%s", detail);
	cr_assert(!strstr(detail, "Loaf 06"), "%s", detail);
	json_decref(all);
}

/* One product with a warning: its group is that product's own words. */
Test(economics, a_warning_of_one_product_is_its_own)
{
	const json_t *g, *w;
	json_t *all;

	potter();
	all = get(API "/economics");
	g = group(all, "no_tracking");
	cr_assert_not_null(g);
	cr_assert_eq(json_integer_value(json_object_get(g, "count")), 1);
	w = json_array_get(
		json_object_get(
			json_array_get(json_object_get(all, "products"), 0),
			"warnings"),
		0);
	cr_assert(strstr(json_string_value(json_object_get(g, "detail")),
			 json_string_value(json_object_get(w, "detail"))));
	cr_assert(
		strstr(json_string_value(json_object_get(g, "detail")), "Mug"));
	json_decref(all);
}

/*
 * As after a sales import: 12 products at price 0, one priced. The
 * figures that need a price are not known (null, and named by the
 * product's no_price warning), not £0.00 of earnings; no product at 0 is
 * "below its floor"; the page says it once: "12 products have no price
 * yet: … set a price to see their numbers". One of them sold today, so the
 * week's profit is not known either, and the summary says why.
 */
Test(economics, products_without_a_price_are_said_once)
{
	static const char *const priced[] = {
		"margin", "margin_bp", "earned_per_hour", "week.profit_job",
		"week.profit_batch"};
	char body[160], today[11];
	time_t now = time(NULL);
	const json_t *g, *ps, *p, *w, *ws;
	long long bread, batch;
	const char *detail;
	json_t *all;
	size_t i;

	for (int k = 1; k <= 12; k++)
		add_product("{\"name\": \"Item %02d\", \"mode\": \"both\", "
			    "\"material_cost\": 30, \"minutes_per_unit\": 5}",
			    k);
	bread = add_product("{\"name\": \"Priced bread\", \"mode\": "
			    "\"batch\", \"price\": 300, \"material_cost\": "
			    "30, \"minutes_per_unit\": 5}");
	batch = add_batch("{\"product_id\": 1, \"made_qty\": 50, "
			  "\"run_date\": \"2026-01-05\"}");
	strftime(today, sizeof(today), "%Y-%m-%d", gmtime(&now));
	snprintf(body, sizeof(body),
		 "{\"batch_id\": %lld, \"quantity\": 8, \"price\": 0, "
		 "\"sold_on\": \"%s\"}",
		 batch, today);
	json_decref(call("POST", API "/sales", body, 201));

	all = get(API "/economics");
	ps = json_object_get(all, "products");
	cr_assert_eq(json_array_size(ps), 13);
	json_array_foreach(ps, i, p)
	{
		long long id =
			json_integer_value(json_object_get(p, "product_id"));
		bool has = id != bread;

		cr_assert_eq(warned(p, "no_price"), has, "product %lld", id);
		cr_assert(!warned(p, "below_floor"), "product %lld", id);
		for (size_t k = 0; k < COUNT(priced); k++)
			cr_assert_eq(json_is_null(jget(p, priced[k])), has,
				     "product %lld: %s", id, priced[k]);
		/* The null figures are named, as too large ones are. */
		if (has) {
			size_t j;

			json_array_foreach(json_object_get(p, "warnings"), j, w)
			{
				if (strcmp(jstr(w, "code"), "no_price"))
					continue;
				cr_assert_eq(json_array_size(json_object_get(
						     w, "fields")),
					     COUNT(priced));
			}
		}
	}
	/* Made both ways and sold, but with no price there is nothing to
	 * compare: the verdict says so. */
	cr_assert(strstr(jstr(json_array_get(ps, 0), "verdict.why"), "price"));

	cr_assert_eq(groups(all, "no_price"), 1);
	g = group(all, "no_price");
	cr_assert_eq(json_integer_value(json_object_get(g, "count")), 12);
	cr_assert(!names(g, bread));
	detail = json_string_value(json_object_get(g, "detail"));
	cr_assert(strstr(detail, "12 products have no price yet: Item 01, "
				 "Item 02, Item 03, Item 04, Item 05 and 7 "
				 "more"),
		  "%s", detail);
	cr_assert(strstr(detail, "set a price to see their numbers"), "%s",
		  detail);
	cr_assert(!group(all, "below_floor"));

	/* Item 01 sold: the week's profit is not known, not £0.00. */
	ws = json_object_get(all, "workshop");
	cr_assert(json_is_null(json_object_get(ws, "profit_week")));
	cr_assert(json_is_integer(json_object_get(ws, "minutes_needed")));
	w = json_array_get(json_object_get(ws, "warnings"), 0);
	cr_assert_not_null(w);
	cr_assert_str_eq(jstr(w, "code"), "no_price");
	cr_assert_str_eq(jstr(w, "fields.0"), "workshop.profit_week");
	json_decref(all);
}

/*
 * Retired products are left out of the numbers and of the page's
 * warnings, as lists leave them out, unless asked: ?retired=1.
 */
Test(economics, retired_products_are_left_out_unless_asked)
{
	long long kept, old;
	const json_t *g;
	json_t *all;

	kept = add_product("{\"name\": \"Rye\", \"price\": 300, "
			   "\"minutes_per_unit\": 5}");
	old = add_product("{\"name\": \"Apple cake\", \"minutes_per_unit\": "
			  "5, \"retired\": 1}");

	all = get(API "/economics");
	cr_assert_eq(json_array_size(json_object_get(all, "products")), 1);
	cr_assert_eq(jint(all, "products.0.product_id"), kept);
	cr_assert_eq(jint(all, "products.0.retired"), 0);
	g = group(all, "no_tracking");
	cr_assert(g && names(g, kept) && !names(g, old));
	cr_assert(!group(all, "no_price"), "only the retired one has no price");
	json_decref(all);

	all = get(API "/economics?retired=1");
	cr_assert_eq(json_array_size(json_object_get(all, "products")), 2);
	/* By name: Apple cake first. */
	cr_assert_eq(jint(all, "products.0.product_id"), old);
	cr_assert_eq(jint(all, "products.0.retired"), 1);
	cr_assert(names(group(all, "no_price"), old));
	cr_assert_eq(json_integer_value(json_object_get(
			     group(all, "no_tracking"), "count")),
		     2);
	json_decref(all);
	cr_assert_eq(
		json_array_size(json_object_get(
			all = get(API "/economics?retired=0"), "products")),
		1);
	json_decref(all);

	call_fails("GET", API "/economics?retired=2", NULL, 400, "out_of_range",
		   "retired");
	/* A retired product's own page still has its numbers. */
	json_decref(getf(API "/products/%lld/economics", old));
}
