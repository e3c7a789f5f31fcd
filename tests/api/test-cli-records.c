/*
 * test-cli-records.c - the record commands of the CLI against a real
 * database file: the same checks as the API, exit codes, export/import
 * round trip, and a backup taken while the server runs.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

static char dir[64];
static char db[128];

static void setup(void)
{
	temp_dir(dir, sizeof(dir), "clirec");
	snprintf(db, sizeof(db), "%s/w.db", dir);
}

static void teardown(void)
{
	remove_dir(dir);
}

TestSuite(cli_records, .init = setup, .fini = teardown);

/* Run `smallrun ARGS` (printf-built shell words) on the test's database. */
static void run(struct run *r, const char *f, ...)
	__attribute__((format(printf, 2, 3)));
static void run(struct run *r, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	cli_vrun(r, NULL, db, f, ap);
	va_end(ap);
}

/* Run and parse stdout as JSON (the command must have --json). */
static json_t *run_json(const char *args)
{
	return cli_json(NULL, db, "%s", args);
}

static int64_t obj_int(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* A small workshop: product, customer, material, batch, use, sale. */
static void seed(void)
{
	json_decref(run_json("product add --name 'Rye loaf' --price 3.75 "
			     "--shelf-life-days 4 --json"));
	json_decref(run_json("customer add --name 'Cafe Uno' --email "
			     "uno@example.com --json"));
	json_decref(run_json("material add --name 'Rye flour' --on-hand "
			     "20000 --reorder-level 5000 --json"));
	json_decref(run_json("batch add --product-id 1 --run-date 2026-11-30 "
			     "--made-qty 30 --rejected-qty 2 --json"));
	json_decref(run_json("use add --batch-id 1 --material-id 1 "
			     "--quantity 9000 --lot RYE-77 --json"));
	json_decref(run_json("sale add --batch-id 1 --customer-id 1 "
			     "--quantity 12 --price 3.75 --json"));
}

Test(cli_records, add_show_edit_list_rm)
{
	struct run r;
	json_t *p;

	p = run_json("product add --name Tote --mode job --price 12.5 "
		     "--minutes-per-unit 45 --json");
	/* Money on the command line is in major units. */
	cr_assert_eq(obj_int(p, "price"), 1250);
	cr_assert_str_eq(json_string_value(json_object_get(p, "mode")), "job");
	json_decref(p);
	p = run_json("product edit 1 --price 13 --json");
	cr_assert_eq(obj_int(p, "price"), 1300);
	cr_assert_eq(obj_int(p, "minutes_per_unit"), 45);
	json_decref(p);
	run(&r, "product show 1");
	cr_assert_eq(r.code, 0);
	cr_assert(strstr(r.out, "13.00"), "%s", r.out);
	p = run_json("product list --json");
	cr_assert_eq(obj_int(p, "total"), 1);
	json_decref(p);
	run(&r, "product rm 1");
	cr_assert_eq(r.code, 0, "%s", r.err);
	run(&r, "product show 1");
	cr_assert_eq(r.code, 1);
	cr_assert(strstr(r.err, "no product has id 1"), "%s", r.err);
}

Test(cli_records, bad_input_exits_2_naming_the_field_and_writes_nothing)
{
	static const char *const bad[][2] = {
		{"product add --price 3", "name"},
		{"product add --name A --price -1", "price"},
		{"product add --name A --price 1.234", "price"},
		{"product add --name A --mode sometimes", "mode"},
		{"product add --name A --shelf-life-days x", "shelf_life_days"},
		{"order add --customer-id 1 --title T --due-date 2026-02-30",
		 "due_date"},
		{"order add --customer-id 99 --title T", "customer_id"},
		{"product add --name A --colour red", "--colour"},
		{"product edit 1", "nothing to change"},
		{"product show abc", "abc"},
	};
	json_t *list;

	seed();
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct run r;

		run(&r, "%s", bad[i][0]);
		cr_assert_eq(r.code, 2, "%s: exit %d, %s", bad[i][0], r.code,
			     r.err);
		cr_assert(strstr(r.err, bad[i][1]), "%s: %s", bad[i][0],
			  r.err);
		cr_assert_eq(strchr(r.err, '\n'), r.err + strlen(r.err) - 1,
			     "more than one line: %s", r.err);
	}
	list = run_json("product list --json");
	cr_assert_eq(obj_int(list, "total"), 1);
	json_decref(list);
}

Test(cli_records, conflicts_exit_1)
{
	struct run r;

	seed();
	run(&r, "product rm 1");
	cr_assert_eq(r.code, 1);
	cr_assert(strstr(r.err, "batch"), "%s", r.err);
	run(&r, "sale add --batch-id 1 --quantity 100");
	cr_assert_eq(r.code, 1);
	/* 30 made, 2 rejected, 12 sold: 16 left. */
	cr_assert(strstr(r.err, "16"), "%s", r.err);
	run(&r, "product add --name 'RYE LOAF'");
	cr_assert_eq(r.code, 1);
}

Test(cli_records, trace_stock_and_timer)
{
	struct run r;
	json_t *t, *s;

	seed();
	t = run_json("trace RYEL-20261130-1 --json");
	cr_assert_eq(json_array_size(json_object_get(t, "customers")), 1);
	json_decref(t);
	t = run_json("trace --lot RYE-77 --json");
	cr_assert_eq(json_array_size(json_object_get(t, "batches")), 1);
	json_decref(t);
	run(&r, "trace NO-SUCH-1");
	cr_assert_eq(r.code, 1);
	s = run_json("stock --json");
	cr_assert_eq(obj_int(json_array_get(json_object_get(s, "products"), 0),
			  "available"),
		     30 - 2 - 12);
	/* 20000 - 9000 = 11000 on hand, above the 5000 reorder level. */
	cr_assert_eq(json_array_size(json_object_get(s, "low_materials")), 0);
	json_decref(s);

	run(&r, "order add --customer-id 1 --title Cake --json");
	cr_assert_eq(r.code, 0, "%s", r.err);
	run(&r, "timer start --order 1 --worker sam");
	cr_assert_eq(r.code, 0, "%s", r.err);
	run(&r, "timer start --batch 1 --worker sam");
	cr_assert(strstr(r.out, "stopped"), "%s", r.out);
	run(&r, "timer status");
	cr_assert(strstr(r.out, "sam"), "%s", r.out);
	run(&r, "timer stop --worker sam");
	cr_assert_eq(r.code, 0, "%s", r.err);
	run(&r, "timer stop --worker sam");
	cr_assert_eq(r.code, 1);
	t = run_json("time list --worker sam --json");
	cr_assert_eq(obj_int(t, "total"), 2);
	json_decref(t);
}

/* The records of a list in the database at path (NULL: the test's), each
 * without its created_at (an import stamps its own). */
static json_t *records_of(const char *noun, const char *path)
{
	char args[300];
	json_t *l, *items;

	snprintf(args, sizeof(args), "%s list --json --limit 1000%s%s%s", noun,
		 path ? " --db '" : "", path ? path : "", path ? "'" : "");
	l = run_json(args);
	items = json_incref(json_object_get(l, "items"));
	json_decref(l);
	for (size_t i = 0; i < json_array_size(items); i++)
		json_object_del(json_array_get(items, i), "created_at");
	return items;
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The records as text to compare across databases, an import renumbering
 * ids (materials come in the order of their names): each without its id
 * or the ids it refers by (the names beside them stay), sorted.
 */
static char *canonical(json_t *items)
{
	size_t n = json_array_size(items), len = 1;
	char **rows = calloc(n + 1, sizeof(*rows)), *all;

	for (size_t i = 0; i < n; i++) {
		json_t *it = json_deep_copy(json_array_get(items, i));
		const char *key;
		void *tmp;
		json_t *v;

		json_object_foreach_safe(it, tmp, key, v)
		{
			size_t kl = strlen(key);

			if (!strcmp(key, "id") ||
			    (kl > 3 && !strcmp(key + kl - 3, "_id")))
				json_object_del(it, key);
		}
		rows[i] = json_dumps(it, JSON_SORT_KEYS | JSON_COMPACT);
		len += strlen(rows[i]) + 1;
		json_decref(it);
	}
	qsort(rows, n, sizeof(*rows), by_text);
	all = calloc(1, len);
	len = 0;
	for (size_t i = 0; i < n; i++) {
		size_t k = strlen(rows[i]);

		memcpy(all + len, rows[i], k);
		all[len + k] = '\n';
		len += k + 1;
		free(rows[i]);
	}
	free(rows);
	return all;
}

/* Goods in beside the small workshop: a purchase of two sacks of which
 * one came (lot SM-9), 2 kg of oil still to come, and a lot found by
 * hand of 700 ml of which nothing was used. */
static void seed_goods_in(void)
{
	struct run r;

	json_decref(run_json("supplier add --name Mill --json"));
	json_decref(run_json("unit add --material-id 1 --name sack "
			     "--base-qty 16000 --json"));
	json_decref(run_json("material add --name Oil --unit ml --json"));
	json_decref(run_json("purchase add --supplier-id 1 --ordered-on "
			     "2026-11-20 --reference INV-9 --json"));
	json_decref(run_json("purchase-line add --purchase-id 1 "
			     "--material-id 1 --quantity 2 --unit sack "
			     "--price 30.01 --expires-on 2027-05-01 --json"));
	json_decref(run_json("purchase-line add --purchase-id 1 "
			     "--material-id 2 --quantity 2 --unit l "
			     "--price 9 --json"));
	run(&r, "purchase receive 1 --line 1 --quantity 1 --lot SM-9 "
		"--received-on 2026-11-22");
	cr_assert_eq(r.code, 0, "%s", r.err);
	json_decref(run_json("lot add --material-id 2 --quantity 700 --lot "
			     "FOUND --json"));
}

/* Documents beside it: VAT-registered after the first sale, so that one
 * has no rate and a second sale 20 %; an order quoted at £120.00 (VAT
 * £24.00) and accepted. */
static void seed_documents(void)
{
	struct run r;

	json_decref(run_json("settings set --vat-number GB999999973 --json"));
	json_decref(run_json("sale add --product-id 1 --quantity 2 "
			     "--beyond-stock 1 --json"));
	json_decref(run_json("order add --customer-id 1 --title Table "
			     "--price 100 --json"));
	run(&r, "quote make 1 --price 120");
	cr_assert_eq(r.code, 0, "%s", r.err);
	run(&r, "quote accept 1");
	cr_assert_eq(r.code, 0, "%s", r.err);
	run(&r, "invoice 1 --out '%s/invoice-1.pdf'", dir);
	cr_assert_eq(r.code, 0, "%s", r.err);
}

Test(cli_records, export_import_round_trip)
{
	static const char *const nouns[] = {"purchase", "purchase-line", "lot",
					    "material", "quote", "sale",
					    "order"};
	char other[160], csv[160];
	struct run r;
	json_t *a, *b;

	seed();
	seed_goods_in();
	seed_documents();
	snprintf(csv, sizeof(csv), "%s/csv", dir);
	run(&r, "export --csv '%s'", csv);
	cr_assert_eq(r.code, 0, "%s", r.err);
	snprintf(other, sizeof(other), "%s/other.db", dir);
	run(&r, "import --csv '%s' --db '%s'", csv, other);
	cr_assert_eq(r.code, 0, "%s", r.err);
	a = run_json("trace RYEL-20261130-1 --json");
	{
		char args[300];

		snprintf(args, sizeof(args), "trace RYEL-20261130-1 --json --db '%s'",
			 other);
		b = run_json(args);
	}
	/* Same batch, lots, sales and customers (ids may be renumbered). */
	cr_assert(json_equal(json_object_get(a, "customers"),
			     json_object_get(b, "customers")));
	cr_assert(json_equal(json_object_get(json_object_get(a, "batch"),
					     "available_qty"),
			     json_object_get(json_object_get(b, "batch"),
					     "available_qty")));
	json_decref(a);
	json_decref(b);
	/* Goods in record by record, what came and is left as it was: the
	 * purchase part received on 11-22, 16000 g of its 32000 come, the
	 * lot from its line with all 16000 left, 20000 - 9000 + 16000 =
	 * 27000 g of flour and 700 ml of oil on hand. */
	for (size_t i = 0; i < COUNT(nouns); i++) {
		char *ta, *tb;

		a = records_of(nouns[i], NULL);
		b = records_of(nouns[i], other);
		cr_expect(json_array_size(a) > 0, "%s", nouns[i]);
		ta = canonical(a);
		tb = canonical(b);
		cr_expect_str_eq(ta, tb, "%s", nouns[i]);
		free(ta);
		free(tb);
		json_decref(a);
		json_decref(b);
	}
	b = records_of("purchase", other);
	cr_expect_str_eq(json_string_value(json_object_get(json_array_get(b, 0),
							   "status")),
			 "part_received");
	json_decref(b);
	/* The invoice went out as invoices.csv, £120.00 + £24.00, and was
	 * not read back: invoices move with a backup. */
	{
		char path[200];
		size_t len;
		char *text;

		snprintf(path, sizeof(path), "%s/invoices.csv", csv);
		text = read_whole(path, &len);
		cr_expect(strstr(text, ",Cafe Uno,1,GB999999973,120.00,24.00,"
				       "144.00,"),
			  "%s", text);
		free(text);
		run(&r, "invoice list --db '%s'", other);
		cr_expect_eq(r.code, 0, "%s", r.err);
		cr_expect(strstr(r.out, "No invoices") || !strstr(r.out, "144"),
			  "%s", r.out);
	}
	/* The quote as it was sent, and each sale's VAT rate as made. */
	b = records_of("quote", other);
	cr_expect_eq(obj_int(json_array_get(b, 0), "vat"), 2400);
	cr_expect_str_eq(json_string_value(json_object_get(json_array_get(b, 0),
							   "status")),
			 "accepted");
	json_decref(b);
	b = records_of("sale", other);
	cr_assert_eq(json_array_size(b), 2);
	for (size_t i = 0; i < 2; i++) {
		const json_t *sale = json_array_get(b, i);

		cr_expect(obj_int(sale, "quantity") == 12
				  ? json_is_null(json_object_get(sale, "vat_bp"))
				  : obj_int(sale, "vat_bp") == 2000,
			  "sale of %lld", (long long)obj_int(sale, "quantity"));
	}
	json_decref(b);
	b = records_of("purchase-line", other);
	cr_expect_eq(obj_int(json_array_get(b, 0), "received_qty"), 16000);
	json_decref(b);
	/* The lot SM-9 names the line of the flour in the new database. */
	b = records_of("lot", other);
	a = records_of("purchase-line", other);
	for (size_t i = 0; i < json_array_size(b); i++) {
		const json_t *lot = json_array_get(b, i);
		const json_t *line = json_object_get(lot, "purchase_line_id");

		if (json_is_null(line))
			continue;
		for (size_t k = 0; k < json_array_size(a); k++)
			if (json_equal(
				    json_object_get(json_array_get(a, k), "id"),
				    line))
				cr_expect(json_equal(
					json_object_get(json_array_get(a, k),
							"material_id"),
					json_object_get(lot, "material_id")));
	}
	json_decref(a);
	json_decref(b);
	/* Importing again collides (names are unique) and adds nothing. */
	run(&r, "import --csv '%s' --db '%s'", csv, other);
	cr_assert_eq(r.code, 1);
	cr_assert(strstr(r.err, "products.csv line 2"), "%s", r.err);
}

/* Files of a smallrun from before sales kept their VAT rate: settings.csv
 * says the workshop is registered, sales.csv has no vat_bp column. The
 * sale takes the rate those settings give, 20 %, not the none of the
 * empty workshop it is imported into. */
Test(cli_records, an_older_export_s_sales_take_its_own_settings_rate)
{
	static const struct {
		const char *name, *text;
	} files[] = {
		{"settings.csv", "workshop_name,vat_number,vat_bp\r\n"
				 "Rye & Co,GB999999973,2000\r\n"},
		{"products.csv", "id,name,mode,price\r\n1,Rye loaf,batch,3.75\r\n"},
		{"sales.csv", "id,product_id,quantity,price,sold_on,beyond_stock\r\n"
			      "1,1,2,3.75,2026-11-20,1\r\n"},
	};
	char csv[160], path[200];
	struct run r;
	json_t *list;

	snprintf(csv, sizeof(csv), "%s/older", dir);
	cr_assert_eq(mkdir(csv, 0700), 0);
	for (size_t i = 0; i < COUNT(files); i++) {
		FILE *fp;

		snprintf(path, sizeof(path), "%s/%s", csv, files[i].name);
		fp = fopen(path, "w");
		cr_assert(fp);
		fputs(files[i].text, fp);
		fclose(fp);
	}
	run(&r, "import --csv '%s'", csv);
	cr_assert_eq(r.code, 0, "%s", r.err);
	list = run_json("sale list --json");
	cr_assert_eq(obj_int(list, "total"), 1);
	cr_expect_eq(obj_int(json_array_get(json_object_get(list, "items"), 0),
			     "vat_bp"),
		     2000);
	json_decref(list);
}

Test(cli_records, import_names_file_line_and_field)
{
	char csv[160], path[200];
	struct run r;
	FILE *fp;
	json_t *list;

	snprintf(csv, sizeof(csv), "%s/in", dir);
	cr_assert_eq(mkdir(csv, 0700), 0);
	snprintf(path, sizeof(path), "%s/products.csv", csv);
	fp = fopen(path, "w");
	fputs("\xef\xbb\xbfname,price,mode\r\nBun,0.80,batch\r\n"
	      "\"Tart, lemon\",3.20,batch\r\nPie,two,batch\r\n",
	      fp);
	fclose(fp);
	run(&r, "import --csv '%s'", csv);
	cr_assert_eq(r.code, 2, "%s", r.err);
	cr_assert(strstr(r.err, "products.csv line 4"), "%s", r.err);
	cr_assert(strstr(r.err, "price"), "%s", r.err);
	/* All or nothing: the good rows before it are not kept. */
	list = run_json("product list --json");
	cr_assert_eq(obj_int(list, "total"), 0);
	json_decref(list);
}

Test(cli_records, backup_while_the_server_writes)
{
	const char *extra[] = {"--db", db, NULL};
	char copy[160];
	struct srv s;
	struct resp resp;
	struct run r;
	json_t *list;

	seed();
	srv_start(&s, extra);
	http(&s, "POST", "/api/v1/customers", "application/json",
	     "{\"name\": \"Live\"}", &resp);
	cr_assert_eq(resp.status, 201);
	resp_free(&resp);
	snprintf(copy, sizeof(copy), "%s/copy.db", dir);
	run(&r, "backup '%s'", copy);
	cr_assert_eq(r.code, 0, "%s", r.err);
	cr_assert_eq(srv_stop(&s), 0);
	{
		char args[300];

		snprintf(args, sizeof(args), "customer list --json --db '%s'",
			 copy);
		list = run_json(args);
	}
	cr_assert_eq(obj_int(list, "total"), 2);
	json_decref(list);
	run(&r, "backup '%s'", copy);
	cr_assert_eq(r.code, 1, "an existing file must not be overwritten");
	srv_cleanup(&s); /* its own folder; the database is the test's */
}

Test(cli_records, econ_and_price)
{
	struct run r;
	json_t *e;

	run(&r, "settings set --hourly-rate 20");
	cr_assert_eq(r.code, 0, "%s", r.err);
	run(&r, "product add --name Frame --mode job --price 1800 "
		"--material-cost 400 --minutes-per-unit 2400");
	cr_assert_eq(r.code, 0, "%s", r.err);
	/* (180000 - 40000) × 60 / 2400 = 3500: £35.00 an hour. */
	e = run_json("econ frame --json");
	cr_assert_eq(obj_int(e, "earned_per_hour"), 3500);
	json_decref(e);
	run(&r, "econ");
	cr_assert_eq(r.code, 0, "%s", r.err);
	cr_assert(strstr(r.out, "Frame"), "%s", r.out);
	cr_assert(strstr(r.out, "workshop:"), "%s", r.out);
	/* Floor: 40000 + 2400 min at £20 = 120000, i.e. 1200.00. */
	run(&r, "price 1");
	cr_assert_eq(r.code, 0, "%s", r.err);
	cr_assert(strstr(r.out, "floor 1200.00"), "%s", r.out);
	run(&r, "price");
	cr_assert_eq(r.code, 2);
	run(&r, "price Chair");
	cr_assert_eq(r.code, 1);
	cr_assert(strstr(r.err, "Chair"), "%s", r.err);
}

/*
 * After an import of many unpriced products: `econ` says each shared
 * warning once after the list, with how many and the first few by name,
 * and a product with no price is "no price yet", not "earns 0.00 an
 * hour"; retired products show only with --retired=1 (econ and stock).
 */
Test(cli_records, econ_says_a_shared_warning_once)
{
	struct run r;
	const char *at;
	int seen = 0;

	for (int k = 1; k <= 8; k++) {
		run(&r, "product add --name 'Bun %d' --minutes-per-unit 5", k);
		cr_assert_eq(r.code, 0, "%s", r.err);
	}
	run(&r, "product add --name 'Old tart' --retired 1");
	cr_assert_eq(r.code, 0, "%s", r.err);
	run(&r, "econ");
	cr_assert_eq(r.code, 0, "%s", r.err);
	for (at = r.out; (at = strstr(at, "no_price")); at++)
		seen++;
	cr_assert_eq(seen, 1, "said once: %s", r.out);
	cr_assert(strstr(r.out, "! no_price: 8 products have no price yet: "
				"Bun 1, Bun 2, Bun 3, Bun 4, Bun 5 and 3 "
				"more; set a price to see their numbers\n"),
		  "%s", r.out);
	cr_assert(strstr(r.out, "no price yet"), "%s", r.out);
	cr_assert(!strstr(r.out, "earns 0.00"), "%s", r.out);
	cr_assert(!strstr(r.out, "Old tart"), "%s", r.out);
	run(&r, "econ --retired=1");
	cr_assert_eq(r.code, 0, "%s", r.err);
	cr_assert(strstr(r.out, "Old tart (retired)"), "%s", r.out);
	cr_assert(strstr(r.out, "9 products have no price yet"), "%s", r.out);
	run(&r, "econ --retired=yes");
	cr_assert_eq(r.code, 2);
	cr_assert(strstr(r.err, "--retired"), "%s", r.err);

	run(&r, "stock");
	cr_assert_eq(r.code, 0, "%s", r.err);
	cr_assert(!strstr(r.out, "Old tart"), "%s", r.out);
	run(&r, "stock --retired=1");
	cr_assert_eq(r.code, 0, "%s", r.err);
	cr_assert(strstr(r.out, "Old tart (retired)"), "%s", r.out);
}

Test(cli_records, plan_and_promise)
{
	struct run r;
	json_t *p;

	/* Open around the clock, one worker: the plan does not depend on
	 * the hour the test runs. */
	run(&r, "settings set --day-start 0 --workers 1 --hours-mon 1440 "
		"--hours-tue 1440 --hours-wed 1440 --hours-thu 1440 "
		"--hours-fri 1440 --hours-sat 1440 --hours-sun 1440");
	cr_assert_eq(r.code, 0, "%s", r.err);
	run(&r, "customer add --name Ann");
	run(&r, "order add --customer-id 1 --title Table --estimated-minutes "
		"600 --price 900 --status accepted");
	cr_assert_eq(r.code, 0, "%s", r.err);
	p = run_json("plan --days 3 --json");
	cr_assert_eq(json_array_size(json_object_get(p, "orders")), 1);
	cr_assert_eq(json_array_size(json_object_get(p, "days")), 3);
	json_decref(p);
	run(&r, "plan");
	cr_assert_eq(r.code, 0, "%s", r.err);
	cr_assert(strstr(r.out, "order 1: Table"), "%s", r.out);
	p = run_json("promise --minutes 120 --price 50 --json");
	cr_assert(json_is_string(json_object_get(p, "date")));
	json_decref(p);
	run(&r, "promise --minutes 120 --price 50");
	cr_assert(strstr(r.out, "promise"), "%s", r.out);
	run(&r, "promise --minutes 0 --price 50");
	cr_assert_eq(r.code, 2);
	run(&r, "promise --minutes 60 --price 50 --wanted 2026-02-30");
	cr_assert_eq(r.code, 2);
	cr_assert(strstr(r.err, "--wanted"), "%s", r.err);
	run(&r, "plan --days 0");
	cr_assert_eq(r.code, 2);
	run(&r, "dayoff add --date 2026-12-25 --note Christmas");
	cr_assert_eq(r.code, 0, "%s", r.err);
}

Test(cli_records, sales_import_of_a_100_mb_till_log, .timeout = 600)
{
	static const char *const items[] = {"Bread", "Coffee", "Cake",
					    "Pastry", "Cookies"};
	char path[200];
	long long rows = 0;
	struct run r;
	json_t *list;
	FILE *fp;

	/* About 100 MB of one-item-per-row till log over 2017. */
	snprintf(path, sizeof(path), "%s/till.csv", dir);
	fp = fopen(path, "w");
	cr_assert_not_null(fp);
	fputs("Date,Time,Transaction,Item\r\n", fp);
	while (ftell(fp) < 100L * 1024 * 1024) {
		int day = (int)(rows % 365), item = (int)(rows / 365 % 5);
		char date[11];
		struct tm tm = {0};

		tm.tm_year = 117;
		tm.tm_mday = 1 + day;
		timegm(&tm);
		strftime(date, sizeof(date), "%Y-%m-%d", &tm);
		fprintf(fp, "%s,09:%02d:00,%lld,%s\r\n", date,
			(int)(rows % 60), rows / 3, items[item]);
		rows++;
	}
	fclose(fp);
	run(&r, "sales import '%s' --create-products", path);
	cr_assert_eq(r.code, 0, "%s", r.err);
	/* Every item sold on every one of the 365 days: 5 × 365 sales, whose
	 * quantities add up to the rows written. */
	list = run_json("sale list --limit 1 --json");
	cr_assert_eq(obj_int(list, "total"), 5 * 365);
	json_decref(list);
	run(&r, "sales import '%s'", path);
	cr_assert_eq(r.code, 0, "%s", r.err);
	list = run_json("sale list --limit 1 --json");
	cr_assert_eq(obj_int(list, "total"), 5 * 365, "imported twice");
	json_decref(list);
	/* Each product has its 365 days. */
	list = run_json("sale list --limit 1 --json --product-id 1");
	cr_assert_eq(obj_int(list, "total"), 365);
	json_decref(list);
}

/*
 * Text that starts like a spreadsheet formula, or with the apostrophe
 * that guards one, comes back from export and import exactly, and no cell
 * of the export starts with what a spreadsheet would run.
 */
Test(cli_records, export_import_returns_every_text_exactly)
{
	static const char *const names[] = {
		"'=1+1", "=1+1", "+44 loaf", "-5 tart", "@home", "\tTab bun",
		"\rCR roll", "'", "''", "'quoted", "''=2", "Plain",
	};
	const char *extra[] = {"--db", db, NULL};
	char other[200], csv[160], args[300];
	struct srv s;
	struct run r;
	json_t *list;
	size_t i;
	FILE *fp;
	char line[512];

	srv_start(&s, extra);
	for (i = 0; i < COUNT(names); i++) {
		json_t *in = json_pack("{s:s, s:s}", "name", names[i], "notes",
				       names[COUNT(names) - 1 - i]);
		char *body = json_dumps(in, 0);

		post_id(&s, API "/customers", "%s", body);
		free(body);
		json_decref(in);
	}
	srv_finish(&s);
	snprintf(csv, sizeof(csv), "%s/csv", dir);
	run(&r, "export --csv '%s'", csv);
	cr_assert_eq(r.code, 0, "%s", r.err);
	/* Safe to open: no cell of customers.csv starts a formula. */
	snprintf(other, sizeof(other), "%s/customers.csv", csv);
	fp = fopen(other, "r");
	cr_assert_not_null(fp);
	while (fgets(line, sizeof(line), fp))
		for (char *c = line; *c; c++)
			if (c == line || c[-1] == ',' ||
			    (c[-1] == '"' && (c - 1 == line || c[-2] == ',')))
				cr_assert(!strchr("=+-@", *c) || !*c,
					  "a cell starts with %c: %s", *c,
					  line);
	fclose(fp);
	snprintf(other, sizeof(other), "%s/other.db", dir);
	run(&r, "import --csv '%s' --db '%s'", csv, other);
	cr_assert_eq(r.code, 0, "%s", r.err);
	snprintf(args, sizeof(args), "customer list --limit 100 --json --db '%s'",
		 other);
	list = run_json(args);
	cr_assert_eq(obj_int(list, "total"), (int64_t)COUNT(names));
	for (i = 0; i < COUNT(names); i++) {
		json_t *it;
		size_t k;
		bool found = false;

		json_array_foreach(json_object_get(list, "items"), k, it)
		{
			if (strcmp(json_string_value(json_object_get(it, "name")),
				   names[i]))
				continue;
			found = true;
			cr_assert_str_eq(
				json_string_value(json_object_get(it, "notes")),
				names[COUNT(names) - 1 - i]);
		}
		cr_assert(found, "customer [%s] did not come back", names[i]);
	}
	json_decref(list);
}

/* A record file that is not UTF-8: exit 2, one line naming file and line. */
Test(cli_records, import_of_text_that_is_not_utf8)
{
	char csv[160], path[200];
	struct run r;
	FILE *fp;
	json_t *list;

	snprintf(csv, sizeof(csv), "%s/in", dir);
	cr_assert_eq(mkdir(csv, 0700), 0);
	snprintf(path, sizeof(path), "%s/products.csv", csv);
	fp = fopen(path, "w");
	fputs("name,price,mode\r\nBun,0.80,batch\r\nCaf\xe9 loaf,3.20,batch\r\n",
	      fp);
	fclose(fp);
	run(&r, "import --csv '%s'", csv);
	cr_assert_eq(r.code, 2, "%s", r.err);
	cr_assert_eq(count_lines(r.err), 1, "%s", r.err);
	cr_assert(strstr(r.err, "products.csv line 3"), "%s", r.err);
	cr_assert(strstr(r.err, "UTF-8"), "%s", r.err);
	list = run_json("product list --json");
	cr_assert_eq(obj_int(list, "total"), 0);
	json_decref(list);
}
