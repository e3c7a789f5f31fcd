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
	 * window ends before today, so sell them yesterday. */
	now -= 86400;
	strftime(today, sizeof(today), "%Y-%m-%d", gmtime(&now));
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
