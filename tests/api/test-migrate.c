/*
 * test-migrate.c - `smallrun migrate`: a workshop's SQLite file moved into
 * a hosted PostgreSQL database and back out into a new file, on the real
 * server tests/pg-run.sh starts (doc/HOSTED.md, lib/move.c).
 *
 * The round trip starts from the sample workshop (smallrun demo) with a
 * record more in each table the sample leaves empty (a purchase unit, a
 * recipe line, a purchase received into a lot, a sales import, an owner,
 * a session and a token), moves it into a database whose first workshop
 * holds the sample too (so every id the file has is taken there
 * already), and out again; then reads both files with SQLite itself, not
 * smallrun, and finds every table the same row by row and column by
 * column. On the way, the moved workshop answers a hosted server: the
 * owner logs in with the file's password, the file's token works.
 *
 * The suite needs a PostgreSQL server (SMALLRUN_TEST_PG, which make api
 * sets for both of its passes); it runs whichever store the other suites
 * are on, and skips without one.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness.h"
#include "../unit/store-fixture.h"

#define PW "migrate-password-1"

struct place {
	char dir[64];
	char *pg; /* a new database on the test server */
};

static void place_init(struct place *p)
{
	p->pg = test_pg_new();
	if (!p->pg)
		cr_skip_test("smallrun migrate needs PostgreSQL: run under "
			     "tests/pg-run.sh (as make api does)");
	temp_dir(p->dir, sizeof(p->dir), "migrate");
}

static void place_release(struct place *p)
{
	test_store_remove(p->pg);
	remove_dir(p->dir);
}

static struct run *ok(const char *what, const char *fmt_, ...)
	__attribute__((format(printf, 2, 3)));

/* Run a command, assert exit 0; the run, which the caller frees. */
static struct run *ok(const char *what, const char *fmt_, ...)
{
	struct run *r = malloc(sizeof(*r));
	va_list ap;

	cr_assert_not_null(r);
	va_start(ap, fmt_);
	cli_vrun(r, NULL, NULL, fmt_, ap);
	va_end(ap);
	cr_assert_eq(r->code, 0, "%s: exit %d: %s", what, r->code, r->err);
	return r;
}

static void run_ok(const char *what, const char *fmt_, ...)
	__attribute__((format(printf, 2, 3)));

static void run_ok(const char *what, const char *fmt_, ...)
{
	struct run r;
	va_list ap;

	va_start(ap, fmt_);
	cli_vrun(&r, NULL, NULL, fmt_, ap);
	va_end(ap);
	cr_assert_eq(r.code, 0, "%s: exit %d: %s", what, r.code, r.err);
}

/* How many sales workshop slug of the database pg holds. */
static long long sales_of(const char *pg, const char *slug)
{
	struct run *r = ok("sale list",
			   "sale list --limit 1 --json --db '%s' "
			   "--workshop %s",
			   pg, slug);
	json_t *j = json_loads(r->out, 0, NULL);
	long long n;

	cr_assert_not_null(j, "%s", r->out);
	n = jint(j, "total");
	json_decref(j);
	free(r);
	return n;
}

/* ---- reading a file with SQLite itself -------------------------------- */

static sqlite3 *open_file(const char *path)
{
	sqlite3 *db = NULL;

	cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
		     SQLITE_OK, "%s: %s", path, sqlite3_errmsg(db));
	return db;
}

static long long count_of(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long n;

	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK,
		     "%s: %s", sql, sqlite3_errmsg(db));
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Every table of a file, by name, as a list of names (caller frees). */
static char **tables_of(sqlite3 *db, size_t *n)
{
	sqlite3_stmt *st = NULL;
	char **names = NULL;

	*n = 0;
	cr_assert_eq(sqlite3_prepare_v2(db,
					"SELECT name FROM sqlite_schema WHERE "
					"type = 'table' ORDER BY name",
					-1, &st, NULL),
		     SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		names = realloc(names, (*n + 1) * sizeof(*names));
		cr_assert_not_null(names);
		names[(*n)++] =
			strdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	return names;
}

/*
 * Table name of a and b the same: the same rows in rowid order, each the
 * same columns with the same types and values. Returns its rows.
 */
static long long same_table(sqlite3 *a, sqlite3 *b, const char *name)
{
	char *sql = fmt("SELECT * FROM \"%s\" ORDER BY rowid", name);
	sqlite3_stmt *sa = NULL, *sb = NULL;
	long long rows = 0;

	/* sqlite_sequence has no rowid of its own to speak of: by name. */
	if (!strcmp(name, "sqlite_sequence")) {
		free(sql);
		sql = fmt("SELECT * FROM sqlite_sequence ORDER BY name");
	}
	cr_assert_eq(sqlite3_prepare_v2(a, sql, -1, &sa, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(b, sql, -1, &sb, NULL), SQLITE_OK,
		     "%s: %s", name, sqlite3_errmsg(b));
	cr_assert_eq(sqlite3_column_count(sa), sqlite3_column_count(sb),
		     "%s: the columns differ", name);
	for (int i = 0; i < sqlite3_column_count(sa); i++)
		cr_assert_str_eq(sqlite3_column_name(sa, i),
				 sqlite3_column_name(sb, i), "%s", name);
	for (;;) {
		int ra = sqlite3_step(sa), rb = sqlite3_step(sb);

		cr_assert_eq(ra, rb, "%s: %s after %lld rows", name,
			     ra == SQLITE_ROW ? "rows missing" : "rows extra",
			     rows);
		if (ra != SQLITE_ROW)
			break;
		for (int i = 0; i < sqlite3_column_count(sa); i++) {
			int ta = sqlite3_column_type(sa, i);
			const char *col = sqlite3_column_name(sa, i);

			cr_assert_eq(ta, sqlite3_column_type(sb, i),
				     "%s row %lld: %s changed type", name, rows,
				     col);
			if (ta == SQLITE_INTEGER)
				cr_assert_eq(sqlite3_column_int64(sa, i),
					     sqlite3_column_int64(sb, i),
					     "%s row %lld: %s", name, rows,
					     col);
			else if (ta != SQLITE_NULL) {
				int la = sqlite3_column_bytes(sa, i);

				cr_assert_eq(la, sqlite3_column_bytes(sb, i),
					     "%s row %lld: %s", name, rows,
					     col);
				/* An empty text's blob is NULL: no memcmp. */
				const void *va = sqlite3_column_blob(sa, i);
				const void *vb = sqlite3_column_blob(sb, i);

				cr_assert(!la || !memcmp(va, vb, (size_t)la),
					  "%s row %lld: %s", name, rows, col);
			}
		}
		rows++;
	}
	sqlite3_finalize(sa);
	sqlite3_finalize(sb);
	free(sql);
	return rows;
}

/* ---- the workshop to move ---------------------------------------------- */

/*
 * The sample workshop in path, and a record more in every table it
 * leaves empty; the token's secret into token (64 bytes).
 */
static void full_workshop(const char *dir, const char *path, char *token)
{
	const char *const with_db[] = {"--db", path, NULL};
	char *csv = fmt("%s/till.csv", dir), secret[64];
	struct srv s;
	struct cred c;
	struct resp r;
	json_t *j;
	FILE *fp;

	run_ok("demo", "demo --db '%s'", path);
	run_ok("unit",
	       "unit add --material-id 1 --name sack --base-qty 12500 "
	       "--db '%s'",
	       path);
	run_ok("recipe",
	       "recipe add --product-id 2 --material-id 3 "
	       "--quantity 120 --db '%s'",
	       path);
	run_ok("purchase", "purchase add --supplier-id 1 --db '%s'", path);
	run_ok("line",
	       "purchase-line add --purchase-id 1 --material-id 1 "
	       "--quantity 2 --unit sack --price 30 --lot K-9 --db '%s'",
	       path);
	run_ok("receive", "purchase receive 1 --db '%s'", path);
	fp = fopen(csv, "w");
	cr_assert_not_null(fp);
	fputs("date,product,quantity\n2026-01-05,Stoneware mug,3\n", fp);
	fclose(fp);
	run_ok("sales import", "sales import '%s' --db '%s'", csv, path);
	{
		struct run *u = malloc(sizeof(*u));

		cr_assert_not_null(u);
		cli_run_input(u, PW "\n", NULL,
			      "user add --login ann --name Ann --role owner "
			      "--password-stdin --db '%s'",
			      path);
		cr_assert_eq(u->code, 0, "user add: %s", u->err);
		free(u);
	}
	/* A session and a token, made by a server on the file. */
	srv_start(&s, with_db);
	http_json(&s, "POST", API "/session",
		  "{\"login\":\"ann\",\"password\":\"" PW "\"}", &r);
	cr_assert_eq(r.status, 200, "login: %d %s", r.status, r.body);
	cookie_of(&r, secret);
	cookie_cred(&c, secret);
	resp_free(&r);
	j = call_cred(&s, &c, "POST", API "/tokens", "{\"name\":\"script\"}",
		      201);
	snprintf(token, 64, "%s", jstr(j, "secret"));
	json_decref(j);
	/* An invoice of the sample's first sale, issued as a maker would
	 * (its line names the sale), to the sale's customer or the first. */
	{
		json_t *sales = call_cred(&s, &c, "GET", API "/sales?limit=1",
					  NULL, 200);
		json_t *custs = call_cred(&s, &c, "GET",
					  API "/customers?limit=1", NULL, 200);
		long long sale = jint(sales, "items.0.id");
		long long cust =
			json_integer_value(jget(sales, "items.0.customer_id"));
		char *body = fmt("{\"customer_id\":%lld,\"sale_ids\":[%lld]}",
				 cust ? cust : jint(custs, "items.0.id"), sale);

		json_decref(
			call_cred(&s, &c, "POST", API "/invoices", body, 201));
		free(body);
		json_decref(sales);
		json_decref(custs);
	}
	srv_finish(&s);
	free(csv);
	/* A quote of the sample's first order: written into the file as it
	 * is stored, for the move copies rows whatever made them. */
	{
		sqlite3 *db = NULL;
		char *err = NULL;

		cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
		cr_assert_eq(
			sqlite3_exec(
				db,
				"INSERT INTO quotes (order_id, issued_on, "
				"valid_until, delivery_on, price, "
				"price_source, vat_bp, vat, terms, created_at) "
				"SELECT min(id), '2026-12-01', '2026-12-31', "
				"'2027-01-15', 45000, 'agreed', 2000, 9000, "
				"'Half up front', '2026-12-01T10:00:00Z' "
				"FROM orders;",
				NULL, NULL, &err),
			SQLITE_OK, "%s", err ? err : "");
		sqlite3_close(db);
	}
}

/* ---- the tests -------------------------------------------------------- */

Test(migrate, the_sample_in_and_back_out_is_the_same_table_by_table)
{
	struct place p;
	char token[64];
	struct run *r;
	sqlite3 *a, *b;
	size_t na, nb;
	char **ta, **tb;

	place_init(&p);
	char *file = fmt("%s/workshop.db", p.dir);
	char *back = fmt("%s/back.db", p.dir);

	full_workshop(p.dir, file, token);
	/* The database's own first workshop holds the sample too: every
	 * id of the file is in use there already. */
	run_ok("demo on the database", "demo --db '%s'", p.pg);
	long long before = sales_of(p.pg, "my-workshop");

	r = ok("migrate in",
	       "migrate --from '%s' --to '%s' --workshop moved "
	       "--json",
	       file, p.pg);
	json_t *in = json_loads(r->out, 0, NULL);

	cr_assert_not_null(in, "%s", r->out);
	free(r);

	free(ok("migrate out", "migrate --from '%s' --workshop moved --to '%s'",
		p.pg, back));
	a = open_file(file);
	b = open_file(back);
	ta = tables_of(a, &na);
	tb = tables_of(b, &nb);
	cr_assert_eq(na, nb, "the files have %zu and %zu tables", na, nb);
	for (size_t i = 0; i < na; i++) {
		long long rows;

		cr_assert_str_eq(ta[i], tb[i]);
		rows = same_table(a, b, ta[i]);
		/* No table compared empty but the login throttle, which is
		 * a server's and not moved: the test would prove nothing. */
		if (strcmp(ta[i], "login_throttle"))
			cr_assert_gt(rows, 0, "%s is empty", ta[i]);
		/* What the move said it moved: each table's rows. */
		if (strcmp(ta[i], "login_throttle") &&
		    strcmp(ta[i], "workshops") &&
		    strcmp(ta[i], "sqlite_sequence")) {
			char *at = fmt("tables.%s", ta[i]);

			cr_assert_eq(jint(in, at), rows, "%s", ta[i]);
			free(at);
		}
		free(ta[i]);
		free(tb[i]);
	}
	free(ta);
	free(tb);
	sqlite3_close(a);
	sqlite3_close(b);
	json_decref(in);

	/* The moved workshop, served (once it is out, as a login and a
	 * token's use write to it): the file's owner, password and token. */
	{
		const char *const hosted[] = {"--db", p.pg, "--hosted", NULL};
		struct srv s;
		struct resp resp;
		struct cred t;
		json_t *j;

		srv_start(&s, hosted);
		http_json(&s, "POST", API "/session",
			  "{\"login\":\"ann\",\"password\":\"" PW
			  "\",\"workshop\":\"moved\"}",
			  &resp);
		cr_assert_eq(resp.status, 200, "%d %s", resp.status, resp.body);
		resp_free(&resp);
		bearer_cred(&t, token);
		/* The sample's products, with the ids they had: the file's
		 * product 2 is its biscuits. */
		j = call_cred(&s, &t, "GET", API "/products/2", NULL, 200);
		cr_assert_str_eq(jstr(j, "name"),
				 "Honey oat biscuits (bag of 8)");
		json_decref(j);
		srv_finish(&s);
	}

	/* The database's first workshop is as it was. */
	cr_assert_eq(sales_of(p.pg, "my-workshop"), before);
	/* A record made in the moved workshop takes an id past its own:
	 * the sequences were set past every id moved in. */
	a = open_file(file);
	r = ok("product add",
	       "product add --name 'New jug' --price 20 "
	       "--json --db '%s' --workshop moved",
	       p.pg);
	json_t *made = json_loads(r->out, 0, NULL);

	cr_assert_gt(jint(made, "id"),
		     count_of(a, "SELECT max(id) FROM products"));
	json_decref(made);
	free(r);
	sqlite3_close(a);
	free(file);
	free(back);
	place_release(&p);
}

/* Run a command that must fail with code; its stderr into r. */
static void fails(struct run *r, int code, const char *fmt_, ...)
	__attribute__((format(printf, 3, 4)));

static void fails(struct run *r, int code, const char *fmt_, ...)
{
	va_list ap;

	va_start(ap, fmt_);
	cli_vrun(r, NULL, NULL, fmt_, ap);
	va_end(ap);
	cr_assert_eq(r->code, code, "exit %d, not %d: %s", r->code, code,
		     r->err);
	cr_assert_eq(count_lines(r->err), 1, "one line: %s", r->err);
}

/* The slugs of the database's workshops, one line. */
static char *slugs(const char *pg)
{
	struct run *r =
		ok("workshop list", "workshop list --json --db '%s'", pg);
	json_t *j = json_loads(r->out, 0, NULL), *w;
	char *out = strdup("");
	size_t i;

	cr_assert_not_null(j, "%s", r->out);
	json_array_foreach(json_object_get(j, "items"), i, w)
	{
		char *more = fmt("%s%s ", out, jstr(w, "slug"));

		free(out);
		out = more;
	}
	json_decref(j);
	free(r);
	return out;
}

/* Are the database's workshops' slugs want? */
static void slugs_are(const char *pg, const char *want)
{
	char *got = slugs(pg);

	cr_assert_str_eq(got, want);
	free(got);
}

/* Write SQL into the file with SQLite itself. */
static void tamper(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	char *msg = NULL;

	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, &msg), SQLITE_OK,
		     "%s: %s", sql, msg ? msg : "");
	sqlite3_close(db);
}

Test(migrate, a_taken_slug_is_refused_and_nothing_moves)
{
	struct place p;
	struct run r;

	place_init(&p);
	char *file = fmt("%s/w.db", p.dir);

	run_ok("demo", "demo --db '%s'", file);
	run_ok("add", "workshop add moved --name Taken --db '%s'", p.pg);
	fails(&r, 1, "migrate --from '%s' --to '%s' --workshop moved", file,
	      p.pg);
	cr_assert(strstr(r.err, "'moved'"), "%s", r.err);
	slugs_are(p.pg, "my-workshop moved ");
	cr_assert_eq(sales_of(p.pg, "moved"), 0);
	free(file);
	place_release(&p);
}

Test(migrate, out_into_a_file_that_exists_is_refused_and_it_is_kept)
{
	struct place p;
	struct run r;
	char text[32] = "";

	place_init(&p);
	char *file = fmt("%s/keep.db", p.dir);
	FILE *fp = fopen(file, "w");

	cr_assert_not_null(fp);
	fputs("keep me\n", fp);
	fclose(fp);
	fails(&r, 1, "migrate --from '%s' --workshop my-workshop --to '%s'",
	      p.pg, file);
	cr_assert(strstr(r.err, "exists"), "%s", r.err);
	fp = fopen(file, "r");
	cr_assert_not_null(fp);
	cr_assert_not_null(fgets(text, sizeof(text), fp));
	fclose(fp);
	cr_assert_str_eq(text, "keep me\n");
	free(file);
	place_release(&p);
}

Test(migrate, out_of_no_such_workshop_is_bad_input_and_makes_no_file)
{
	struct place p;
	struct run r;
	struct stat st;

	place_init(&p);
	char *file = fmt("%s/none.db", p.dir);

	fails(&r, 2, "migrate --from '%s' --workshop nobody --to '%s'", p.pg,
	      file);
	cr_assert(strstr(r.err, "nobody"), "%s", r.err);
	cr_assert_neq(stat(file, &st), 0, "the file was made");
	free(file);
	place_release(&p);
}

Test(migrate, a_row_that_reads_back_otherwise_saves_nothing)
{
	struct place p;
	struct run r;

	place_init(&p);
	char *file = fmt("%s/w.db", p.dir);

	run_ok("demo", "demo --db '%s'", file);
	/* A batch's sold count the triggers would not give it: kept by the
	 * database, it is not copied but made again from the sales, and
	 * then differs from the file's. */
	tamper(file, "UPDATE batches SET sold_qty = sold_qty + 1 WHERE id = "
		     "(SELECT min(id) FROM batches)");
	fails(&r, 1, "migrate --from '%s' --to '%s' --workshop moved", file,
	      p.pg);
	cr_assert(strstr(r.err, "batches") && strstr(r.err, "sold_qty"), "%s",
		  r.err);
	slugs_are(p.pg, "my-workshop ");
	free(file);
	place_release(&p);
}

Test(migrate, a_column_it_does_not_know_stops_it)
{
	struct place p;
	struct run r;

	place_init(&p);
	char *file = fmt("%s/w.db", p.dir);

	run_ok("demo", "demo --db '%s'", file);
	tamper(file, "ALTER TABLE products ADD COLUMN glaze TEXT");
	fails(&r, 1, "migrate --from '%s' --to '%s' --workshop moved", file,
	      p.pg);
	cr_assert(strstr(r.err, "products.glaze"), "%s", r.err);
	slugs_are(p.pg, "my-workshop ");
	free(file);
	place_release(&p);
}

Test(migrate_usage, what_it_needs_is_said_with_status_2)
{
	static const char *const bad[] = {
		"migrate --from a.db --to b.db --workshop w",
		"migrate --from postgresql://x/y --to postgresql://x/z "
		"--workshop w",
		"migrate --from a.db --to postgresql://x/y",
		"migrate --from a.db --workshop w",
		"migrate --from a.db --to postgresql://x/y --workshop Big",
		"migrate --from a.db --to postgresql://x/y --workshop w extra",
	};
	struct run r;

	for (size_t i = 0; i < COUNT(bad); i++) {
		cli_run(&r, NULL, NULL, "%s", bad[i]);
		cr_assert_eq(r.code, 2, "%s: exit %d: %s", bad[i], r.code,
			     r.err);
		cr_assert_eq(count_lines(r.err), 1, "%s: %s", bad[i], r.err);
	}
}
