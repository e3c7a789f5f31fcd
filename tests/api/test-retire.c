/*
 * test-retire.c - a product the workshop no longer makes: retired, it
 * keeps its history (orders, batches, sales still name it) but lists of
 * products leave it out unless asked (?retired=1), and it still cannot be
 * deleted while something refers to it.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

API_SUITE(retire);

static long long total(json_t *list)
{
	long long n = json_integer_value(json_object_get(list, "total"));

	json_decref(list);
	return n;
}

/* The ids in a list, in order, as "1,3,". */
static void ids(json_t *list, char *out, size_t size)
{
	size_t i, len = 0;
	json_t *it;

	out[0] = '\0';
	json_array_foreach(json_object_get(list, "items"), i, it) len +=
		(size_t)snprintf(out + len, size - len, "%lld,",
				 (long long)json_integer_value(
					 json_object_get(it, "id")));
	json_decref(list);
}

Test(retire, a_retired_product_leaves_lists_and_keeps_its_history)
{
	long long kept, old, cust, order, batch;
	char want[64], got[64], path[96];
	json_t *p;

	kept = add_record("products", "{\"name\": \"Rye loaf\"}");
	old = add_record("products", "{\"name\": \"Apple cake\"}");
	cust = add_record("customers", "{\"name\": \"Ada\"}");
	order = add_record("orders",
			   "{\"customer_id\": %lld, \"product_id\": %lld, "
			   "\"title\": \"Cakes\"}",
			   cust, old);
	batch = add_record("batches",
			   "{\"product_id\": %lld, \"run_date\": "
			   "\"2026-11-30\", \"made_qty\": 5}",
			   old);
	cr_assert_eq(total(get(API "/products")), 2);

	snprintf(path, sizeof(path), API "/products/%lld", old);
	p = call("PATCH", path, "{\"retired\": 1}", 200);
	cr_assert_eq(json_integer_value(json_object_get(p, "retired")), 1);
	json_decref(p);

	/* Out of the list by default, both with retired=1. */
	snprintf(want, sizeof(want), "%lld,", kept);
	ids(get(API "/products"), got, sizeof(got));
	cr_assert_str_eq(got, want);
	/* By name (Apple < Rye), the retired one among them. */
	snprintf(want, sizeof(want), "%lld,%lld,", old, kept);
	ids(get(API "/products?retired=1"), got, sizeof(got));
	cr_assert_str_eq(got, want);
	cr_assert_eq(total(get(API "/products?retired=0")), 1);

	/* Its history is whole: the record, its order, its batch. */
	p = get(path);
	cr_assert_str_eq(json_string_value(json_object_get(p, "name")),
			 "Apple cake");
	json_decref(p);
	p = getf(API "/orders/%lld", order);
	cr_assert_eq(json_integer_value(json_object_get(p, "product_id")), old);
	json_decref(p);
	cr_assert_eq(total(getf(API "/batches?product_id=%lld", old)), 1);
	(void)batch;

	/* Deleting it is still refused while those refer to it. */
	call_fails("DELETE", path, NULL, 409, "in_use", NULL);

	/* Back in use, back in the list. */
	json_decref(call("PATCH", path, "{\"retired\": 0}", 200));
	cr_assert_eq(total(get(API "/products")), 2);
}

Test(retire, retired_is_zero_or_one_and_the_filter_is_checked)
{
	long long id = add_record("products", "{\"name\": \"Tote\"}");
	char path[64];
	json_t *p;

	snprintf(path, sizeof(path), API "/products/%lld", id);
	p = get(path);
	cr_assert_eq(json_integer_value(json_object_get(p, "retired")), 0,
		     "a new product is not retired");
	json_decref(p);
	call_fails("PATCH", path, "{\"retired\": 2}", 400, "out_of_range",
		   "retired");
	call_fails("PATCH", path, "{\"retired\": true}", 400, "bad_type",
		   "retired");
	call_fails("GET", API "/products?retired=2", NULL, 400, "out_of_range",
		   "retired");
	/* A new product may start retired (an import of an old range). */
	json_decref(call("POST", API "/products",
			 "{\"name\": \"Old\", \"retired\": 1}", 201));
	cr_assert_eq(total(get(API "/products")), 1);
	cr_assert_eq(total(get(API "/products?retired=1")), 2);
}

Test(retire, the_schema_says_the_list_leaves_retired_out)
{
	json_t *s = get(API "/schema"), *flt;
	size_t i;
	bool found = false;

	json_array_foreach(
		json_object_get(json_object_get(json_object_get(s, "resources"),
						"products"),
				"filters"),
		i, flt)
	{
		if (strcmp(json_string_value(json_object_get(flt, "name")),
			   "retired"))
			continue;
		found = true;
		cr_assert_str_eq(
			json_string_value(json_object_get(flt, "default")),
			"0");
	}
	cr_assert(found);
	json_decref(s);
}

/* The Stock page's products: not the retired ones with nothing on the
 * shelves, unless asked (?retired=1); one retired with stock left stays,
 * for that stock is still there to sell and takes up storage. */
Test(retire, stock_leaves_out_retired_products_with_nothing_left)
{
	long long kept, gone, left;
	json_t *s;
	char got[64], want[64];
	size_t i, len;
	json_t *p;

	kept = add_record("products", "{\"name\": \"Rye\"}");
	gone = add_record("products", "{\"name\": \"Apple cake\", "
				      "\"retired\": 1}");
	left = add_record("products", "{\"name\": \"Bun\", \"retired\": 1}");
	add_record("batches",
		   "{\"product_id\": %lld, \"run_date\": \"2026-11-30\", "
		   "\"made_qty\": 4}",
		   left);

	for (int all = 0; all < 2; all++) {
		s = get(all ? API "/stock?retired=1" : API "/stock");
		got[0] = '\0';
		len = 0;
		json_array_foreach(json_object_get(s, "products"), i, p)
		{
			len += (size_t)snprintf(
				got + len, sizeof(got) - len, "%lld:%lld,",
				(long long)jint(p, "product_id"),
				(long long)jint(p, "retired"));
		}
		/* By name: Apple cake, Bun, Rye. */
		if (all)
			snprintf(want, sizeof(want), "%lld:1,%lld:1,%lld:0,",
				 gone, left, kept);
		else
			snprintf(want, sizeof(want), "%lld:1,%lld:0,", left,
				 kept);
		cr_assert_str_eq(got, want, "retired=%d", all);
		json_decref(s);
	}
	call_fails("GET", API "/stock?retired=2", NULL, 400, "out_of_range",
		   "retired");
}
