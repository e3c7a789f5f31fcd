/*
 * test-sales-preview.c - the sales import's preview (it writes nothing,
 * and says what the file covers and what to do with each name no product
 * has), the choices of a real run sent as a form (create at a price,
 * skip, map; refused when they do not fit), `smallrun sales import
 * --preview / --skip / --map / --price`, and the warning on a sale below
 * the cost of one.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

API_SUITE(sales_preview);

/*
 * Three days of a till: "Coffe" a slip of the keys for the product
 * Coffee, Bun and "bun" one name, a Postcard, an Adjustment and a Gift
 * voucher. Per name: Coffe 3 rows on 2 days, Bun 3 rows (2 + 1 "bun") on
 * 2 days, Postcard 2 rows on 1 day, Adjustment 1, Gift voucher 1.
 */
static const char till[] =
	"Date,Time,Transaction,Item\r\n"
	"2026-11-01,09:00:00,1,Coffe\r\n"
	"2026-11-01,09:01:00,1,Bun\r\n"
	"2026-11-01,09:02:00,2,Bun\r\n"
	"2026-11-01,09:03:00,3,Postcard\r\n"
	"2026-11-01,09:04:00,3,Postcard\r\n"
	"2026-11-02,10:00:00,4,Coffe\r\n"
	"2026-11-02,10:01:00,4,Adjustment\r\n"
	"2026-11-03,11:00:00,5,bun\r\n"
	"2026-11-03,11:01:00,5,Coffe\r\n"
	"2026-11-03,11:02:00,6,Gift voucher\r\n";

#define BOUNDARY "----smallrunTestBoundary7MA4YWxk"

/* A form with the till as its part "file" and plan as its part "plan". */
static char *form(const char *plan)
{
	return fmt("--" BOUNDARY "\r\n"
		   "Content-Disposition: form-data; name=\"file\"; "
		   "filename=\"till.csv\"\r\n"
		   "Content-Type: text/csv\r\n\r\n"
		   "%s\r\n"
		   "--" BOUNDARY "\r\n"
		   "Content-Disposition: form-data; name=\"plan\"\r\n"
		   "Content-Type: application/json\r\n\r\n"
		   "%s\r\n"
		   "--" BOUNDARY "--\r\n",
		   till, plan);
}

static void send_form(const char *query, const char *plan, struct resp *r)
{
	char *body = form(plan);

	http(&server, "POST", sfmt("/api/v1/sales/import%s", query),
	     "multipart/form-data; boundary=" BOUNDARY, body, r);
	free(body);
}

/* Rows of a list resource, and of the imports. */
static long long total(const char *res)
{
	json_t *doc = getf("/api/v1/%s?limit=1", res);
	long long n = jint(doc, "total");

	json_decref(doc);
	return n;
}

/* The one entry of unknown called name, or NULL. */
static json_t *unknown(json_t *doc, const char *name)
{
	json_t *it;
	size_t i;

	json_array_foreach(json_object_get(doc, "unknown"), i, it)
		if (!strcmp(jstr(it, "name"), name))
			return it;
	return NULL;
}

Test(sales_preview, writes_nothing_and_says_what_the_file_holds)
{
	long long coffee = add_product("{\"name\": \"Coffee\", \"price\": 200}");
	json_t *doc, *u;

	add_product("{\"name\": \"Tea\", \"price\": 150}");
	doc = call_type("POST", "/api/v1/sales/import?preview=true&name=till.csv",
			"text/csv", till, 200);
	cr_assert(json_is_true(json_object_get(doc, "preview")));
	cr_assert_str_eq(jstr(doc, "file"), "till.csv");
	cr_assert_eq(jint(doc, "rows"), 10);
	cr_assert_eq(jint(doc, "days"), 3);
	cr_assert_str_eq(jstr(doc, "first_day"), "2026-11-01");
	cr_assert_str_eq(jstr(doc, "last_day"), "2026-11-03");
	/* Coffe, Bun, Postcard, Adjustment, bun, Gift voucher: none is a
	 * product, and Bun and bun are one. */
	cr_assert_eq(jint(doc, "names"), 6);
	cr_assert_eq(jint(doc, "products_known"), 0);
	cr_assert_eq(json_array_size(json_object_get(doc, "unknown")), 5);
	/* In the order the file first names them. */
	cr_assert_str_eq(jstr(doc, "unknown.0.name"), "Coffe");
	cr_assert_str_eq(jstr(doc, "unknown.1.name"), "Bun");
	cr_assert_str_eq(jstr(doc, "unknown.4.name"), "Gift voucher");

	u = unknown(doc, "Coffe");
	cr_assert_eq(jint(u, "rows"), 3);
	cr_assert_eq(jint(u, "units"), 3);
	cr_assert_eq(jint(u, "days"), 3);
	cr_assert_str_eq(jstr(u, "suggested.action"), "map");
	cr_assert_eq(jint(u, "suggested.product_id"), coffee);
	cr_assert_str_eq(jstr(u, "suggested.product_name"), "Coffee");

	u = unknown(doc, "Bun");
	cr_assert_eq(jint(u, "rows"), 3);
	cr_assert_eq(jint(u, "days"), 2);
	cr_assert_str_eq(jstr(u, "spellings.0"), "bun");
	cr_assert_str_eq(jstr(u, "suggested.action"), "create");
	cr_assert_null(unknown(doc, "bun"));

	u = unknown(doc, "Postcard");
	cr_assert_eq(jint(u, "units"), 2);
	cr_assert_eq(jint(u, "days"), 1);
	cr_assert_str_eq(jstr(u, "suggested.action"), "create");
	cr_assert_str_eq(jstr(unknown(doc, "Adjustment"), "suggested.action"),
			 "skip");
	cr_assert_str_eq(jstr(unknown(doc, "Gift voucher"), "suggested.action"),
			 "skip");
	json_decref(doc);

	/* Nothing was written: no sale, no product, no import. */
	cr_assert_eq(total("sales"), 0);
	cr_assert_eq(total("products"), 2);
	doc = call_type("POST", "/api/v1/sales/import?preview=true&"
				"create_products=true",
			"text/csv", till, 200);
	json_decref(doc);
	cr_assert_eq(total("sales"), 0);
	cr_assert_eq(total("products"), 2);
	/* The real run's import is the first: its id is 1. */
	doc = call_type("POST", "/api/v1/sales/import?create_products=true",
			"text/csv", till, 200);
	cr_assert_eq(jint(doc, "import_id"), 1);
	json_decref(doc);
	srv_finish(&server);
}

Test(sales_preview, create_at_a_price_skip_and_map)
{
	long long coffee = add_product("{\"name\": \"Coffee\", \"price\": 200}");
	struct resp r;
	json_t *doc, *p;
	long long bun = 0;

	/* A preview with the choices checks them and still writes nothing. */
	send_form("?preview=true",
		  "{\"products\": [{\"name\": \"Coffe\", \"action\": \"map\", "
		  "\"product_id\": 1}]}",
		  &r);
	cr_assert_eq(r.status, 200, "%s", r.body);
	resp_free(&r);
	cr_assert_eq(total("sales"), 0);

	send_form("", sfmt("{\"products\": ["
			  "{\"name\": \"Coffe\", \"action\": \"map\", "
			  "\"product_id\": %lld},"
			  "{\"name\": \"BUN\", \"action\": \"create\", "
			  "\"price\": 180},"
			  "{\"name\": \"Postcard\", \"action\": \"create\", "
			  "\"price\": 120, \"mode\": \"job\"},"
			  "{\"name\": \"Adjustment\", \"action\": \"skip\"},"
			  "{\"name\": \"Gift voucher\", \"action\": \"skip\"}"
			  "]}",
			  coffee),
		  &r);
	cr_assert_eq(r.status, 200, "%s", r.body);
	doc = r.json;
	cr_assert_str_eq(jstr(doc, "file"), "till.csv");
	/* Coffee (mapped), Bun, Postcard. */
	cr_assert_eq(jint(doc, "products"), 3);
	cr_assert_eq(json_array_size(json_object_get(doc, "products_created")),
		     2);
	cr_assert_str_eq(jstr(doc, "products_mapped.0.name"), "Coffe");
	cr_assert_eq(jint(doc, "products_mapped.0.product_id"), coffee);
	cr_assert_eq(json_array_size(json_object_get(doc, "products_skipped")),
		     2);
	cr_assert_eq(jint(doc, "units_skipped"), 2);
	cr_assert_eq(jint(doc, "rows_skipped"), 2);
	/* Coffee 3 days, Bun 2, Postcard 1. */
	cr_assert_eq(jint(doc, "sales_added"), 6);
	resp_free(&r);

	/* The prices chosen are the products' and their sales'. */
	doc = get("/api/v1/products?limit=100");
	cr_assert_eq(jint(doc, "total"), 3, "no Adjustment, no Gift voucher");
	for (size_t i = 0; i < 3; i++) {
		p = json_array_get(json_object_get(doc, "items"), i);
		if (!strcmp(jstr(p, "name"), "Bun")) {
			bun = jint(p, "id");
			cr_assert_eq(jint(p, "price"), 180);
			cr_assert_str_eq(jstr(p, "mode"), "batch");
		}
		if (!strcmp(jstr(p, "name"), "Postcard")) {
			cr_assert_eq(jint(p, "price"), 120);
			cr_assert_str_eq(jstr(p, "mode"), "job");
		}
	}
	json_decref(doc);
	cr_assert(bun, "Bun was created");
	doc = getf("/api/v1/sales?product_id=%lld", bun);
	cr_assert_eq(jint(doc, "total"), 2);
	cr_assert_eq(jint(doc, "items.0.price"), 180);
	cr_assert_eq(jint(doc, "items.1.price"), 180);
	json_decref(doc);
	doc = getf("/api/v1/sales?product_id=%lld", coffee);
	cr_assert_eq(jint(doc, "total"), 3);
	cr_assert_eq(jint(doc, "items.0.price"), 200);
	json_decref(doc);
	srv_finish(&server);
}

/* Send plan with the till; assert the 400's code and field; no change. */
static void refused(const char *plan, const char *code, const char *field)
{
	long long sales = total("sales"), products = total("products");
	struct resp r;

	send_form("", plan, &r);
	assert_field_error(&r, 400, code, field);
	resp_free(&r);
	cr_assert_eq(total("sales"), sales, "%s", plan);
	cr_assert_eq(total("products"), products, "%s", plan);
}

Test(sales_preview, bad_choices_are_refused_naming_the_field)
{
	long long coffee = add_product("{\"name\": \"Coffee\", \"price\": 200}");
	long long old = add_product("{\"name\": \"Old scone\", \"price\": 90}");
	struct resp r;
	char *many;
	json_t *doc;

	doc = call("PATCH", sfmt("/api/v1/products/%lld", old),
		   "{\"retired\": 1}", 200);
	json_decref(doc);
	refused("{\"products\": [{\"name\": \"Coffe\", \"action\": \"map\", "
		"\"product_id\": 999}]}",
		"unknown_reference", "products[0].product_id");
	refused(sfmt("{\"products\": [{\"name\": \"Coffe\", \"action\": \"skip\"},"
		    "{\"name\": \"Bun\", \"action\": \"map\", \"product_id\": "
		    "%lld}], \"create_products\": true}",
		    old),
		"retired", "products[1].product_id");
	refused("{\"products\": [{\"name\": \"Croissant\", \"action\": \"skip\"}"
		"], \"create_products\": true}",
		"not_in_file", "products[0].name");
	refused("{\"products\": [{\"name\": \"Coffe\", \"action\": \"map\"}]}",
		"missing_field", "products[0].product_id");
	refused("{\"products\": [{\"name\": \"Coffe\", \"action\": \"eat\"}]}",
		"bad_value", "products[0].action");
	refused("{\"products\": [{\"name\": \"Adjustment\", \"action\": "
		"\"skip\", \"price\": 100}]}",
		"bad_value", "products[0].price");
	refused("{\"products\": [{\"name\": \"Bun\", \"action\": \"skip\"},"
		"{\"name\": \"bun\", \"action\": \"create\"}]}",
		"duplicate_value", "products[1].name");
	refused("{\"products\": [{\"name\": \"Bun\", \"action\": \"create\", "
		"\"price\": -5}]}",
		"bad_type", "products[0].price");
	refused("{\"products\": [{\"name\": \"Bun\", \"action\": \"create\", "
		"\"price\": 100000000001}]}",
		"out_of_range", "products[0].price");
	refused("{\"products\": [{\"name\": \"\", \"action\": \"skip\"}]}",
		"missing_value", "products[0].name");
	refused("{\"products\": [{\"name\": \"Bun\", \"action\": \"skip\", "
		"\"colour\": 1}]}",
		"unknown_field", "products[0]");
	refused("{\"products\": {}}", "bad_type", "products");
	refused("{\"plan\": []}", "unknown_field", "plan");
	refused("{\"products\": [", "bad_json", "plan");
	/* The names left, with no choice and no create_products: as before. */
	refused(sfmt("{\"products\": [{\"name\": \"Coffe\", \"action\": \"map\", "
		    "\"product_id\": %lld}]}",
		    coffee),
		"unknown_product", "product");
	/* A thousand choices and one. */
	many = fmt("{\"products\": [");
	for (int i = 0; i <= 1000; i++) {
		char *next = fmt("%s%s{\"name\": \"n%d\", \"action\": \"skip\"}",
				 many, i ? "," : "", i);
		free(many);
		many = next;
	}
	refused(sfmt("%s]}", many), "too_many", "products[1000]");
	free(many);
	/* A form without its file, and one with a part it does not take. */
	http(&server, "POST", "/api/v1/sales/import",
	     "multipart/form-data; boundary=" BOUNDARY,
	     "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"plan\""
	     "\r\n\r\n{}\r\n--" BOUNDARY "--\r\n",
	     &r);
	assert_field_error(&r, 400, "missing_field", "file");
	resp_free(&r);
	http(&server, "POST", "/api/v1/sales/import",
	     "multipart/form-data; boundary=" BOUNDARY,
	     "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"x\""
	     "\r\n\r\n1\r\n--" BOUNDARY "--\r\n",
	     &r);
	assert_field_error(&r, 400, "unknown_field", "x");
	resp_free(&r);
	http(&server, "POST", "/api/v1/sales/import", "multipart/form-data",
	     "--x\r\n", &r);
	assert_field_error(&r, 400, "bad_form", "boundary");
	resp_free(&r);
	http(&server, "POST", "/api/v1/sales/import",
	     "multipart/form-data; boundary=" BOUNDARY,
	     "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\""
	     "\r\n\r\nDate,Time,Transaction,Item\r\n",
	     &r);
	assert_field_error(&r, 400, "bad_form", "body");
	resp_free(&r);
	cr_assert_eq(total("sales"), 0);
	/* Create for a name a product has: there is nothing to create. */
	add_product("{\"name\": \"POSTCARD\", \"price\": 100}");
	refused("{\"products\": [{\"name\": \"Postcard\", \"action\": "
		"\"create\"}], \"create_products\": true}",
		"already_exists", "products[0].name");
	srv_finish(&server);
}

Test(sales_preview, a_sale_below_the_cost_of_one_is_flagged)
{
	/* Materials alone are more than the price: below cost whatever the
	 * hourly rate and the batch size. */
	long long thin = add_product("{\"name\": \"Seeded loaf\", \"mode\": "
				     "\"job\", \"price\": 300, "
				     "\"material_cost\": 320}");
	json_t *doc, *econ = getf("/api/v1/products/%lld/economics", thin);
	long long floor = jint(econ, "price_floor");
	long long id;

	json_decref(econ);
	cr_assert_gt(floor, 300);
	doc = call("POST", "/api/v1/sales",
		   sfmt("{\"product_id\": %lld, \"quantity\": 2}", thin), 201);
	id = jint(doc, "id");
	cr_assert_eq(json_array_size(json_object_get(doc, "warnings")), 1,
		     "%s", json_dumps(doc, 0));
	cr_assert_str_eq(jstr(doc, "warnings.0.code"), "below_cost");
	cr_assert_eq(jint(doc, "warnings.0.price"), 300);
	cr_assert_eq(jint(doc, "warnings.0.cost_of_one"), floor);
	cr_assert(strstr(jstr(doc, "warnings.0.message"), "Sold at 3.00 each"),
		  "%s", jstr(doc, "warnings.0.message"));
	json_decref(doc);
	/* Accepted all the same. */
	doc = getf("/api/v1/sales/%lld", id);
	cr_assert_eq(jint(doc, "price"), 300);
	json_decref(doc);

	/* A change at the cost or above: no warning; below again: one. */
	doc = call("PATCH", sfmt("/api/v1/sales/%lld", id),
		   sfmt("{\"price\": %lld}", floor), 200);
	cr_assert_eq(json_array_size(json_object_get(doc, "warnings")), 0);
	json_decref(doc);
	doc = call("PATCH", sfmt("/api/v1/sales/%lld", id),
		   sfmt("{\"price\": %lld}", floor - 1), 200);
	cr_assert_str_eq(jstr(doc, "warnings.0.code"), "below_cost");
	json_decref(doc);
	/* A product with no costs entered: nothing is below them. */
	doc = call("POST", "/api/v1/sales",
		   sfmt("{\"product_id\": %lld, \"quantity\": 1}",
		       add_product("{\"name\": \"Gift\", \"price\": 0}")),
		   201);
	cr_assert_eq(json_array_size(json_object_get(doc, "warnings")), 0);
	json_decref(doc);
	srv_finish(&server);
}

/* `smallrun sales import ARGS` on the server's database file. */
static int run_cli(struct run *r, const char *args)
{
	cli_run(r, NULL, NULL, "sales import %s --db '%s'", args, server.db);
	return r->code;
}

Test(sales_preview, cli_preview_then_choices)
{
	char path[128];
	struct run r;
	FILE *fp;
	json_t *doc;

	add_product("{\"name\": \"Coffee\", \"price\": 200}");
	srv_stop(&server); /* the CLI uses the file alone */
	server.pid = 0;
	snprintf(path, sizeof(path), "%s/till.csv", server.dir);
	fp = fopen(path, "wb");
	cr_assert_not_null(fp);
	fputs(till, fp);
	fclose(fp);

	cr_assert_eq(run_cli(&r, sfmt("--preview '%s'", path)), 0, "%s", r.err);
	cr_assert(strstr(r.out, "10 rows over 3 days, 2026-11-01 to 2026-11-03"),
		  "%s", r.out);
	cr_assert(strstr(r.out, "map to 1 Coffee"), "%s", r.out);
	cr_assert(strstr(r.out, "Adjustment"), "%s", r.out);
	cr_assert(strstr(r.out, "Nothing was written"), "%s", r.out);
	doc = cli_json(NULL, server.db, "sales import --preview --json '%s'",
		       path);
	cr_assert_eq(json_array_size(json_object_get(doc, "unknown")), 5);
	json_decref(doc);
	doc = cli_json(NULL, server.db, "sale list --json");
	cr_assert_eq(jint(doc, "total"), 0, "the preview wrote nothing");
	json_decref(doc);

	/* Bad choices are usage errors naming the option: exit 2. */
	cr_assert_eq(run_cli(&r, sfmt("--map Coffe '%s'", path)), 2, "%s",
		     r.err);
	cr_assert(strstr(r.err, "--map takes NAME=ID"), "%s", r.err);
	cr_assert_eq(run_cli(&r, sfmt("--map Coffe=99 --create-products '%s'",
				     path)),
		     2, "%s", r.err);
	cr_assert(strstr(r.err, "no product has id 99"), "%s", r.err);
	cr_assert_eq(run_cli(&r, sfmt("--price Bun=two '%s'", path)), 2, "%s",
		     r.err);
	cr_assert_eq(run_cli(&r, sfmt("--skip Bun --price bun=1 '%s'", path)),
		     2, "%s", r.err);
	cr_assert(strstr(r.err, "chosen for twice"), "%s", r.err);
	/* Names left unsettled: exit 1, saying how to settle them. */
	cr_assert_eq(run_cli(&r, sfmt("--skip Bun '%s'", path)), 1, "%s", r.err);
	cr_assert(strstr(r.err, "--preview"), "%s", r.err);

	cr_assert_eq(run_cli(&r, sfmt("--map Coffe=1 --price Bun=1.80 --price "
				     "Postcard=1.20 --skip Adjustment --skip "
				     "'Gift voucher' '%s'",
				     path)),
		     0, "%s", r.err);
	cr_assert(strstr(r.out, "6 sales added"), "%s", r.out);
	cr_assert(strstr(r.out, "2 products created"), "%s", r.out);
	cr_assert(strstr(r.out, "2 names skipped (2 units)"), "%s", r.out);
	doc = cli_json(NULL, server.db, "product list --json");
	cr_assert_eq(jint(doc, "total"), 3);
	json_decref(doc);
	doc = cli_json(NULL, server.db, "sale list --json --product-id 2");
	cr_assert_eq(jint(doc, "items.0.price"), 180);
	json_decref(doc);
	srv_finish(&server);
}
