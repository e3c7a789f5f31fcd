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
