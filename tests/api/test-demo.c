/*
 * test-demo.c - the sample workshop over HTTP and from the command line:
 * POST /api/v1/demo fills an empty database so that the plan, the
 * forecast, Numbers, the stock and a lot's trace all have something to
 * show; it refuses a database with records (409) and any body but {};
 * DELETE /api/v1/demo starts afresh, and refuses while a record the maker
 * added is there; `smallrun demo` does the same. The server runs on
 * today's clock, so only what holds at any time of day is asserted
 * (tests/unit/test-demo.c pins the days and minutes).
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

API_SUITE(demo);

static long long total(const char *path)
{
	json_t *l = get(path);
	long long n = jint(l, "total");

	json_decref(l);
	return n;
}

/* Every record of every kind the sample writes. */
static const char *const lists[] = {
	"products",  "customers",      "suppliers",	  "orders",
	"batches",   "materials",      "material-units",  "recipe-lines",
	"purchases", "purchase-lines", "batch-materials", "time-entries",
	"sales",     "days-off",
};

static long long everything(void)
{
	long long n = 0;

	for (size_t i = 0; i < COUNT(lists); i++) {
		char *path = fmt(API "/%s?limit=1", lists[i]);

		n += total(path);
		free(path);
	}
	return n;
}

Test(demo, fills_an_empty_database_and_every_page_has_something)
{
	json_t *st, *done, *p, *p2, *products, *it, *lots, *econ;
	size_t i, blocks = 0, traced = 0;
	long long batch_product = 0;

	st = get(API "/demo");
	cr_assert(json_is_false(jget(st, "loaded")));
	cr_assert(json_is_true(jget(st, "empty")));
	json_decref(st);

	done = call("POST", API "/demo", "{}", 201);
	cr_expect_gt(jint(done, "records.sales"), 0);
	cr_expect_eq(jint(done, "total"), everything());
	json_decref(done);

	st = get(API "/demo");
	cr_expect(json_is_true(jget(st, "loaded")));
	cr_expect(json_is_false(jget(st, "empty")));
	cr_expect_eq(json_array_size(jget(st, "added")), 0);
	json_decref(st);

	/* The plan: work on it, and the late order flagged. */
	p = get(API "/plan");
	json_array_foreach(jget(p, "days"), i, it)
	{
		size_t k;
		json_t *w;

		json_array_foreach(json_object_get(it, "workers"), k, w)
			blocks += json_array_size(json_object_get(w, "blocks"));
	}
	cr_expect_gt(blocks, 0);
	cr_expect_geq(json_array_size(jget(p, "late")), 1);
	json_decref(p);

	/* Orders in every status the schema has. */
	{
		static const char *const states[] = {
			"quoted", "accepted",  "in_progress",
			"done",	  "delivered", "cancelled",
		};

		for (i = 0; i < COUNT(states); i++) {
			char *path = fmt(API "/orders?status=%s", states[i]);

			cr_expect_gt(total(path), 0, "no order is %s",
				     states[i]);
			free(path);
		}
	}

	/* A product made in batches: its forecast and its Numbers. */
	products = get(API "/products?mode=batch");
	batch_product = jint(products, "items.0.id");
	json_decref(products);
	{
		char *path = fmt(API "/forecast?product=%lld", batch_product);

		p = get(path);
		cr_expect_gt(jint(p, "history_days"), 0);
		cr_expect_gt(json_array_size(jget(p, "days")), 0);
		json_decref(p);
		free(path);
	}
	econ = get(API "/economics");
	json_array_foreach(jget(econ, "products"), i,
			   it) if (jint(it, "product_id") == batch_product)
		cr_expect_str_eq(jstr(it, "week.demand_source"), "sales");
	json_decref(econ);

	/* Stock on the shelf, and a lot that reaches customers. */
	p = get(API "/stock");
	cr_expect_gt(json_array_size(jget(p, "batches.items")), 0);
	json_decref(p);
	lots = get(API "/lots");
	cr_expect_gt(jint(lots, "total"), 0);
	json_array_foreach(jget(lots, "items"), i, it)
	{
		char *path = fmt(API "/trace?lot=%s", jstr(it, "lot"));

		p = get(path);
		traced += json_array_size(jget(p, "customers")) > 0;
		json_decref(p);
		free(path);
	}
	cr_expect_gt(traced, 0, "no lot traces to a customer");
	json_decref(lots);

	/* The biscuits' label, from their recipe: the oats and the butter's
	 * milk in bold, heaviest first (30 g oats, 20 g butter, 10 g
	 * honey), the address on it. */
	products = get(
		API "/products?name=Honey%20oat%20biscuits%20(bag%20of%208)");
	batch_product = jint(products, "items.0.id");
	json_decref(products);
	{
		char *path = fmt(API "/batches?product_id=%lld&status=done",
				 batch_product);
		json_t *b = get(path), *label, *runs;
		char text[512] = "", bold[128] = "";

		free(path);
		path = fmt(API "/batches/%lld/label?layout=l7160",
			   jint(b, "items.0.id"));
		label = get(path);
		runs = jget(label, "ingredients");
		json_array_foreach(runs, i, it)
		{
			size_t n = strlen(text), k = strlen(bold);

			snprintf(text + n, sizeof(text) - n, "%s",
				 jstr(it, "text"));
			if (json_is_true(json_object_get(it, "bold")))
				snprintf(bold + k, sizeof(bold) - k, "%s|",
					 jstr(it, "text"));
		}
		cr_expect_str_eq(text, "rolled oats, butter (milk), honey");
		/* A name that names the allergen is bold whole. */
		cr_expect_str_eq(bold, "rolled oats|milk|");
		cr_expect(json_is_true(jget(label, "food")));
		cr_expect_str_eq(jstr(label, "net_quantity"), "55 g");
		cr_expect_not_null(strstr(jstr(label, "address"), "Mill Yard"));
		json_decref(label);
		json_decref(b);
		free(path);
	}

	/* What to buy: butter for the next bake, 80 bags × 20 g = 1,600 g
	 * and its reorder level of 3,000 g against 3,500 g on hand, so
	 * 1,100 g short; honey not, though under its reorder level (2,000 g
	 * against 1,400 g): the 800 g the bake takes and the 600 g are
	 * covered by the 6,000 g tub on order. */
	p = get(API "/to-buy");
	{
		size_t g, m;
		json_t *grp, *mat;
		long long butter = -1, honey = -1;

		json_array_foreach(jget(p, "groups"), g, grp)
			json_array_foreach(json_object_get(grp, "materials"), m,
					   mat)
		{
			if (!strcmp(jstr(mat, "name"), "Butter"))
				butter = jint(mat, "shortfall");
			if (!strcmp(jstr(mat, "name"), "Honey"))
				honey = jint(mat, "shortfall");
		}
		cr_expect_eq(butter, 1100, "butter short: %lld", butter);
		cr_expect_eq(honey, -1, "honey listed, short %lld", honey);
	}
	p2 = get(API "/purchases?status=ordered");
	cr_expect_eq(jint(p2, "total"), 1);
	json_decref(p2);
	json_decref(p);
}

Test(demo, goes_only_into_an_empty_database)
{
	json_t *st;

	add_customer("{\"name\": \"Ada\"}");
	call_fails("POST", API "/demo", "{}", 409, "not_empty", NULL);
	cr_expect_eq(everything(), 1);
	st = get(API "/demo");
	cr_expect(json_is_false(jget(st, "loaded")));
	json_decref(st);
}

Test(demo, a_second_fill_is_refused)
{
	long long n;

	json_decref(call("POST", API "/demo", "", 201));
	n = everything();
	call_fails("POST", API "/demo", "{}", 409, "already_loaded", NULL);
	cr_expect_eq(everything(), n);
}

Test(demo, takes_no_fields_and_json_only)
{
	struct resp r;

	call_fails("POST", API "/demo", "{\"size\": \"big\"}", 400,
		   "unknown_field", "size");
	call_fails("POST", API "/demo", "[1]", 400, "bad_type", NULL);
	http(&server, "POST", API "/demo", "text/plain", "{}", &r);
	cr_expect_eq(r.status, 415);
	resp_free(&r);
	http(&server, "PUT", API "/demo", "application/json", "{}", &r);
	cr_expect_eq(r.status, 405);
	{
		char *allow = resp_header(&r, "Allow");

		cr_expect_str_eq(allow, "GET, HEAD, POST, DELETE");
		free(allow);
	}
	resp_free(&r);
	cr_expect_eq(everything(), 0);
}

Test(demo, start_afresh_empties_it_and_puts_the_settings_back)
{
	json_t *before, *after, *gone, *st;

	json_decref(call("PUT", API "/settings",
			 "{\"workshop_name\": \"Ada's Pots\", \"workers\": 3}",
			 200));
	before = get(API "/settings");
	call_fails("DELETE", API "/demo", NULL, 404, "no_sample", NULL);
	json_decref(call("POST", API "/demo", "{}", 201));
	gone = call("DELETE", API "/demo", NULL, 200);
	cr_expect_gt(jint(gone, "total"), 0);
	cr_expect_eq(everything(), 0);
	cr_expect_eq(total(API "/products?retired=1"), 0);
	after = get(API "/settings");
	cr_expect(json_equal(before, after), "the settings are not back");
	st = get(API "/demo");
	cr_expect(json_is_false(jget(st, "loaded")));
	cr_expect(json_is_true(jget(st, "empty")));
	json_decref(st);
	json_decref(gone);
	json_decref(before);
	json_decref(after);
}

Test(demo, start_afresh_refuses_what_the_maker_added)
{
	json_t *err, *st, *jobs;
	long long sale, product;
	char *path;

	json_decref(call("POST", API "/demo", "{}", 201));
	jobs = get(API "/products?mode=job&limit=1");
	product = jint(jobs, "items.0.id");
	json_decref(jobs);
	sale = add_sale("{\"product_id\": %lld, \"quantity\": 1}", product);
	err = call("DELETE", API "/demo", NULL, 409);
	cr_expect_str_eq(jstr(err, "error.code"), "not_only_sample");
	cr_expect(strstr(jstr(err, "error.message"), "1 sale ("), "%s",
		  jstr(err, "error.message"));
	cr_expect_str_eq(jstr(err, "error.details.added.0.resource"), "sales");
	cr_expect_eq(jint(err, "error.details.added.0.ids.0"), sale);
	json_decref(err);
	st = get(API "/demo");
	cr_expect_eq(jint(st, "added.0.count"), 1);
	json_decref(st);
	cr_expect_gt(everything(), 1, "a refused start afresh removed some");

	path = fmt(API "/sales/%lld", sale);
	json_decref(call("DELETE", path, NULL, 204));
	free(path);
	json_decref(call("DELETE", API "/demo", NULL, 200));
	cr_expect_eq(everything(), 0);
}

/* ---- the command line ---------------------------------------------- */

static char dir[64];
static char db[128];

static void cli_setup(void)
{
	temp_dir(dir, sizeof(dir), "demo");
	snprintf(db, sizeof(db), "%s/w.db", dir);
}

static void cli_teardown(void)
{
	remove_dir(dir);
}

TestSuite(demo_cli, .init = cli_setup, .fini = cli_teardown);

Test(demo_cli, loads_refuses_and_starts_afresh)
{
	struct run r;
	json_t *st, *mine;
	char *words;

	cli_run(&r, NULL, NULL, "demo --db %s", db);
	cr_assert_eq(r.code, 0, "%s", r.err);
	cr_expect(strstr(r.out, "Loaded the sample workshop"), "%s", r.out);
	cr_expect(strstr(r.out, "demo --remove"), "%s", r.out);

	cli_run(&r, NULL, NULL, "demo --db %s", db);
	cr_expect_eq(r.code, 1);
	cr_expect_eq(count_lines(r.err), 1, "%s", r.err);
	cr_expect(strstr(r.err, "smallrun demo: the sample workshop is "
				"already loaded"),
		  "%s", r.err);

	st = cli_json(NULL, NULL, "demo --status --json --db %s", db);
	cr_expect(json_is_true(json_object_get(st, "loaded")));
	json_decref(st);

	/* A product of the maker's own: named, and nothing removed. */
	mine = cli_json(NULL, db, "product add --name 'My own jug' --json");
	words = fmt("1 product (%lld)", jint(mine, "id"));
	cli_run(&r, NULL, NULL, "demo --remove --db %s", db);
	cr_expect_eq(r.code, 1);
	cr_expect_eq(count_lines(r.err), 1, "%s", r.err);
	cr_expect(strstr(r.err, words), "%s", r.err);
	cli_run(&r, NULL, db, "product rm %lld", jint(mine, "id"));
	cr_assert_eq(r.code, 0, "%s", r.err);
	json_decref(mine);
	free(words);

	cli_run(&r, NULL, NULL, "demo --remove --db %s", db);
	cr_assert_eq(r.code, 0, "%s", r.err);
	cr_expect(strstr(r.out, "Removed the sample workshop"), "%s", r.out);
	cli_run(&r, NULL, NULL, "demo --status --db %s", db);
	cr_expect_eq(r.code, 0);
	cr_expect(strstr(r.out, "not loaded; the database is empty"), "%s",
		  r.out);
	cli_run(&r, NULL, NULL, "demo --remove --db %s", db);
	cr_expect_eq(r.code, 1, "nothing to remove is a failure");
}

Test(demo_cli, usage_errors_exit_2)
{
	static const char *const bad[] = {
		"demo --remove --status",
		"demo now",
		"demo --remove --remove",
		"demo --size=big",
	};

	for (size_t i = 0; i < COUNT(bad); i++) {
		struct run r;

		cli_run(&r, NULL, NULL, "%s --db %s", bad[i], db);
		cr_expect_eq(r.code, 2, "%s: exit %d", bad[i], r.code);
		cr_expect_geq(count_lines(r.err), 1, "%s", bad[i]);
	}
	{
		struct run r;

		cli_run(&r, NULL, NULL, "demo --help");
		cr_expect_eq(r.code, 0);
		cr_expect(strstr(r.out, "--remove"), "%s", r.out);
	}
}
