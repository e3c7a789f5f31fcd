/*
 * test-bulk.c - PATCH /api/v1/{res} {"ids": […], "set": {…}}: many records
 * changed in one step, each exactly as its own PATCH would be, all in one
 * transaction: one unknown id or one record the change does not fit
 * answers 4xx naming it, and nothing at all is changed.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

API_SUITE(bulk);

static long long field_of(const char *res, long long id, const char *name)
{
	json_t *r = getf(API "/%s/%lld", res, id);
	long long v = json_integer_value(json_object_get(r, name));

	json_decref(r);
	return v;
}

static long long new_product(const char *name, int price)
{
	return add_record("products", "{\"name\": \"%s\", \"price\": %d}", name,
			  price);
}

Test(bulk, price_and_mode_of_many_products_in_one_step)
{
	long long a = new_product("Rye loaf", 400);
	long long b = new_product("Spelt loaf", 420);
	long long c = new_product("Bap", 90);
	char body[160];
	json_t *r, *items;

	snprintf(body, sizeof(body),
		 "{\"ids\": [%lld, %lld], \"set\": {\"price\": 450, "
		 "\"mode\": \"batch\"}}",
		 b, a);
	r = call("PATCH", API "/products", body, 200);
	items = json_object_get(r, "items");
	cr_assert_eq(json_integer_value(json_object_get(r, "total")), 2);
	cr_assert_eq(json_array_size(items), 2);
	/* In the order of ids, each as now stored. */
	cr_assert_eq(json_integer_value(
			     json_object_get(json_array_get(items, 0), "id")),
		     b);
	json_decref(r);
	cr_assert_eq(field_of("products", a, "price"), 450);
	cr_assert_eq(field_of("products", b, "price"), 450);
	cr_assert_eq(field_of("products", c, "price"), 90, "not selected");
	r = getf(API "/products/%lld", a);
	cr_assert_str_eq(json_string_value(json_object_get(r, "mode")),
			 "batch");
	json_decref(r);
}

Test(bulk, one_unknown_id_changes_nothing)
{
	long long a = new_product("Rye loaf", 400);
	long long b = new_product("Spelt loaf", 420);
	char body[160];
	json_t *r;

	snprintf(body, sizeof(body),
		 "{\"ids\": [%lld, 987654, %lld], \"set\": {\"price\": 1}}", a,
		 b);
	r = call("PATCH", API "/products", body, 400);
	cr_assert_str_eq(json_string_value(json_object_get(
				 json_object_get(r, "error"), "field")),
			 "ids");
	cr_assert(strstr(json_string_value(json_object_get(
				 json_object_get(r, "error"), "message")),
			 "987654"));
	json_decref(r);
	cr_assert_eq(field_of("products", a, "price"), 400);
	cr_assert_eq(field_of("products", b, "price"), 420);
}

/* The second batch cannot take the change: the first keeps its value. */
Test(bulk, one_record_the_change_does_not_fit_changes_nothing)
{
	long long p = new_product("Rye loaf", 400);
	long long big = add_record("batches",
				   "{\"product_id\": %lld, \"run_date\": "
				   "\"2026-11-30\", \"made_qty\": 10}",
				   p);
	long long small = add_record("batches",
				     "{\"product_id\": %lld, \"run_date\": "
				     "\"2026-11-30\", \"made_qty\": 2}",
				     p);
	char body[160], want[32];
	json_t *r, *e;

	snprintf(body, sizeof(body),
		 "{\"ids\": [%lld, %lld], \"set\": {\"rejected_qty\": 5}}", big,
		 small);
	r = call("PATCH", API "/batches", body, 400);
	e = json_object_get(r, "error");
	cr_assert_str_eq(json_string_value(json_object_get(e, "code")),
			 "out_of_range");
	snprintf(want, sizeof(want), "batch %lld:", small);
	cr_assert(!strncmp(json_string_value(json_object_get(e, "message")),
			   want, strlen(want)),
		  "%s", json_string_value(json_object_get(e, "message")));
	json_decref(r);
	cr_assert_eq(field_of("batches", big, "rejected_qty"), 0);
	cr_assert_eq(field_of("batches", small, "rejected_qty"), 0);
}

Test(bulk, checked_as_one_update_each)
{
	long long a = new_product("Rye loaf", 400);
	long long b = new_product("Spelt loaf", 420);
	char body[200];

	snprintf(body, sizeof(body),
		 "{\"ids\": [%lld, %lld], \"set\": {\"price\": -1}}", a, b);
	call_fails("PATCH", API "/products", body, 400, "out_of_range",
		   "price");
	snprintf(body, sizeof(body),
		 "{\"ids\": [%lld], \"set\": {\"mode\": \"sometimes\"}}", a);
	call_fails("PATCH", API "/products", body, 400, "bad_value", "mode");
	snprintf(body, sizeof(body),
		 "{\"ids\": [%lld], \"set\": {\"created_at\": "
		 "\"2020-01-01T00:00:00Z\"}}",
		 a);
	call_fails("PATCH", API "/products", body, 400, "read_only",
		   "created_at");
	snprintf(body, sizeof(body),
		 "{\"ids\": [%lld], \"set\": {\"colour\": 1}}", a);
	call_fails("PATCH", API "/products", body, 400, "unknown_field",
		   "colour");
	/* A unique name set on two records: the second collides. */
	snprintf(body, sizeof(body),
		 "{\"ids\": [%lld, %lld], \"set\": {\"name\": \"Loaf\"}}", a,
		 b);
	call_fails("PATCH", API "/products", body, 409, "duplicate", "name");
	cr_assert_eq(field_of("products", a, "price"), 400);
	{
		json_t *r = getf(API "/products/%lld", a);

		cr_assert_str_eq(json_string_value(json_object_get(r, "name")),
				 "Rye loaf");
		json_decref(r);
	}
}

Test(bulk, the_body_is_bounded_and_checked)
{
	long long a = new_product("Rye loaf", 400);
	char body[200];
	size_t cap = 8 * 1001 + 64, len;
	char *many = malloc(cap);

	call_fails("PATCH", API "/products",
		   "{\"ids\": [], \"set\": {\"price\": 1}}", 400,
		   "out_of_range", "ids");
	call_fails("PATCH", API "/products", "{\"ids\": [1], \"set\": {}}", 400,
		   "missing_value", "set");
	call_fails("PATCH", API "/products", "{\"set\": {\"price\": 1}}", 400,
		   "missing_field", "ids");
	call_fails("PATCH", API "/products", "{\"ids\": [1]}", 400,
		   "missing_field", "set");
	call_fails("PATCH", API "/products",
		   "{\"ids\": [\"1\"], \"set\": {\"price\": 1}}", 400,
		   "bad_type", "ids");
	call_fails("PATCH", API "/products",
		   "{\"ids\": [0], \"set\": {\"price\": 1}}", 400, "bad_type",
		   "ids");
	call_fails("PATCH", API "/products",
		   "{\"ids\": 1, \"set\": {\"price\": 1}}", 400, "bad_type",
		   "ids");
	call_fails("PATCH", API "/products",
		   "{\"ids\": [1], \"set\": {\"price\": 1}, \"all\": true}",
		   400, "unknown_field", "all");
	snprintf(body, sizeof(body),
		 "{\"ids\": [%lld, %lld], \"set\": {\"price\": 1}}", a, a);
	call_fails("PATCH", API "/products", body, 400, "bad_value", "ids");
	call_fails("PATCH", API "/products", "[1, 2]", 400, "bad_type", NULL);

	/* 1001 ids, one more than SR_BULK_MAX. */
	cr_assert(many);
	len = (size_t)snprintf(many, cap, "{\"ids\": [");
	for (int i = 1; i <= 1001; i++)
		len += (size_t)snprintf(many + len, cap - len, "%s%d",
					i > 1 ? "," : "", i);
	snprintf(many + len, cap - len, "], \"set\": {\"price\": 1}}");
	call_fails("PATCH", API "/products", many, 400, "out_of_range", "ids");
	free(many);
	cr_assert_eq(field_of("products", a, "price"), 400);
}
