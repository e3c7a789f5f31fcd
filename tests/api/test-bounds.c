/*
 * test-bounds.c - records at the largest values the API accepts never
 * break a page: storage that no int64 can hold is said to be uncountable,
 * and the stock and economics pages still answer.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

API_SUITE(bounds);

/* The bounds, read from the schema the server publishes. */
static long long field_max(const char *res, const char *field)
{
	json_t *schema = get("/api/v1/schema"), *fields, *fd;
	char path[128];
	long long max = -1;
	size_t i;

	snprintf(path, sizeof(path), "resources.%s.fields", res);
	fields = jget(schema, path);
	json_array_foreach(fields, i, fd)
		if (!strcmp(jstr(fd, "name"), field))
			max = jint(fd, "max");
	json_decref(schema);
	cr_assert_gt(max, 0, "%s.%s has no max", res, field);
	return max;
}

Test(bounds, storage_too_large_to_count_still_answers)
{
	long long per = field_max("products", "storage_per_unit");
	long long made = field_max("batches", "made_qty");
	long long pid;
	json_t *st, *e;
	__int128 used = 0;

	pid = post_id(&server, "/api/v1/products",
		      "{\"name\": \"Crate\", \"storage_per_unit\": %lld}", per);
	/* Ten batches at the largest quantity: per * made * 10 > 2^63. */
	for (int i = 0; i < 10; i++) {
		post_id(&server, "/api/v1/batches",
			"{\"product_id\": %lld, \"run_date\": \"2026-01-%02d\","
			" \"made_qty\": %lld, \"status\": \"done\"}",
			pid, i + 1, made);
		used += (__int128)per * made;
	}
	cr_assert(used > (__int128)INT64_MAX, "the case must overflow");

	st = get("/api/v1/stock");
	cr_assert(json_is_null(jget(st, "storage.used")), "used is a number");
	cr_assert(json_is_null(jget(st, "storage.free")));
	cr_assert(json_is_true(jget(st, "storage.over")));
	cr_assert_eq(jint(st, "products.0.available"), 10 * made);
	cr_assert_eq(jint(st, "batches.total"), 10);
	json_decref(st);

	e = get("/api/v1/economics");
	json_decref(e);
	{
		e = getf("/api/v1/products/%lld/economics", pid);
		json_decref(e);
	}
}

Test(bounds, storage_that_fits_is_the_exact_sum)
{
	long long pid, want = 0;
	json_t *st;

	pid = post_id(&server, "/api/v1/products",
		      "{\"name\": \"Jar\", \"storage_per_unit\": 3}");
	for (int i = 0; i < 4; i++) {
		long long made = 10 * (i + 1), rejected = i;

		post_id(&server, "/api/v1/batches",
			"{\"product_id\": %lld, \"run_date\": \"2026-02-%02d\","
			" \"made_qty\": %lld, \"rejected_qty\": %lld}",
			pid, i + 1, made, rejected);
		want += 3 * (made - rejected);
	}
	st = get("/api/v1/stock");
	cr_assert_eq(jint(st, "storage.used"), want);
	json_decref(st);
}

Test(bounds, stock_batches_come_in_pages)
{
	long long p[2];
	long long seen[2] = {0, 0};
	int per_product = 7;

	p[0] = post_id(&server, "/api/v1/products", "{\"name\": \"Scone\"}");
	p[1] = post_id(&server, "/api/v1/products", "{\"name\": \"Bap\"}");
	for (int i = 0; i < per_product; i++)
		for (int k = 0; k < 2; k++)
			post_id(&server, "/api/v1/batches",
				"{\"product_id\": %lld, \"run_date\": "
				"\"2026-03-%02d\", \"made_qty\": %d}",
				p[k], i + 1, i + 1);
	/* Pages of 3 cover every batch once, in product, date order. */
	for (int off = 0; off < 2 * per_product; off += 3) {
		json_t *st, *items, *b;
		size_t i;

		st = getf("/api/v1/stock?limit=3&offset=%d", off);
		cr_assert_eq(jint(st, "batches.total"), 2 * per_product);
		cr_assert_eq(jint(st, "batches.limit"), 3);
		items = jget(st, "batches.items");
		cr_assert_eq(json_array_size(items),
			     off + 3 <= 2 * per_product ? 3
							: 2 * per_product - off);
		json_array_foreach(items, i, b)
		{
			int k = jint(b, "product_id") == p[0] ? 0 : 1;

			seen[k]++;
			cr_assert_eq(jint(b, "available"), seen[k],
				     "batches of a product come by run date");
		}
		json_decref(st);
	}
	cr_assert_eq(seen[0], per_product);
	cr_assert_eq(seen[1], per_product);
	{
		json_t *st = getf("/api/v1/stock?product_id=%lld", p[1]);

		cr_assert_eq(jint(st, "batches.total"), per_product);
		cr_assert_eq(jint(st, "batches.items.0.product_id"), p[1]);
		json_decref(st);
	}
	{
		struct resp r;

		http_json(&server, "GET", "/api/v1/stock?limit=0", NULL, &r);
		assert_field_error(&r, 400, "out_of_range", "limit");
		resp_free(&r);
		http_json(&server, "GET", "/api/v1/stock?product_id=999", NULL, &r);
		assert_error(&r, 404, "not_found");
		resp_free(&r);
	}
}
