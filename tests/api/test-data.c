/*
 * test-data.c - the maker's data to take away over HTTP: each kind of
 * record as the CSV `smallrun export` writes (compared file by file with
 * the CLI's own export of the same database), and the backup download (it
 * opens with SQLite, passes integrity_check and holds the same rows).
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "../unit/store-fixture.h"

static char dir[64];
static char db[128];

static void setup(void)
{
	temp_dir(dir, sizeof(dir), "data");
	snprintf(db, sizeof(db), "%s/w.db", dir);
}

static void teardown(void)
{
	remove_dir(dir);
}

TestSuite(data, .init = setup, .fini = teardown);

/* A workshop with a record of every kind, through the CLI. */
static void seed(void)
{
	static const char *const cmds[] = {
		"product add --name 'Rye loaf' --price 3.75 --shelf-life-days "
		"4",
		/* A text a spreadsheet would run, and a comma and a quote. */
		"product add --name '=SUM(A1), \"big\"' --price 12",
		"customer add --name 'Cafe Uno' --email uno@example.com",
		"supplier add --name 'Shipton Mill' --lead-time-days 3",
		"material add --name 'Rye flour' --on-hand 20000",
		"unit add --material-id 1 --name sack --base-qty 16000",
		"purchase add --supplier-id 1 --ordered-on 2026-11-20",
		"purchase-line add --purchase-id 1 --material-id 1 "
		"--quantity 1 --unit sack --price 18.40 --lot SM-881",
		"lot add --material-id 1 --quantity 500 --lot FOUND-1 "
		"--expires-on 2027-03-01",
		"recipe add --product-id 1 --material-id 1 --quantity 450",
		"order add --customer-id 1 --title 'Wedding loaves' "
		"--due-date 2026-12-24 --price 40",
		"batch add --product-id 1 --run-date 2026-11-30 --made-qty 30",
		"use add --batch-id 1 --material-id 1 --quantity 9000 --lot "
		"R-7",
		"time add --order-id 1 --worker sam "
		"--started-at 2026-11-30T09:00:00Z --minutes 90",
		"sale add --batch-id 1 --customer-id 1 --quantity 12",
		"dayoff add --date 2026-12-25 --note 'Christmas'",
		"quote add --order-id 1 --terms 'Half up front'",
		/* Accepted and invoiced: invoices.csv has its row. */
		"quote accept 1",
		"invoice 1 --out -",
		"settings set --hourly-rate 21.50",
	};

	for (size_t i = 0; i < COUNT(cmds); i++) {
		struct run r;

		cli_run(&r, NULL, db, "%s", cmds[i]);
		cr_assert_eq(r.code, 0, "%s: %s", cmds[i], r.err);
	}
}

static void header_is(const struct resp *r, const char *name, const char *want)
{
	char *v = resp_header(r, name);

	cr_assert(v, "no %s header", name);
	cr_assert_str_eq(v, want);
	free(v);
}

Test(data, each_csv_download_is_the_cli_export_file)
{
	const char *extra[] = {"--db", db, NULL};
	char csv[160];
	struct dirent *e;
	struct srv s;
	struct run r;
	int files = 0;
	DIR *d;

	seed();
	snprintf(csv, sizeof(csv), "%s/csv", dir);
	cli_run(&r, NULL, db, "export --csv '%s'", csv);
	cr_assert_eq(r.code, 0, "%s", r.err);
	srv_start(&s, extra);
	d = opendir(csv);
	cr_assert(d);
	while ((e = readdir(d))) {
		char path[480], url[300], want_disp[300];
		struct resp resp;
		size_t len;
		char *want;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", csv, e->d_name);
		want = read_whole(path, &len);
		snprintf(url, sizeof(url), API "/export/%s", e->d_name);
		http(&s, "GET", url, NULL, NULL, &resp);
		cr_assert_eq(resp.status, 200, "%s: %s", url, resp.body);
		header_is(&resp, "Content-Type", "text/csv; charset=utf-8");
		snprintf(want_disp, sizeof(want_disp),
			 "attachment; filename=\"%s\"", e->d_name);
		header_is(&resp, "Content-Disposition", want_disp);
		cr_assert_eq(resp.body_len, len, "%s: %zu bytes, not %zu",
			     e->d_name, resp.body_len, len);
		cr_assert(!memcmp(resp.body, want, len), "%s differs",
			  e->d_name);
		/* Every kind has its rows, not only a header. */
		cr_assert_gt(count_lines(want), 1, "%s is empty", e->d_name);
		resp_free(&resp);
		free(want);
		files++;
	}
	closedir(d);
	/* Every kind of record the CLI writes, the settings among them. */
	cr_assert_geq(files, 10);
	cr_assert_eq(srv_stop(&s), 0);
	srv_cleanup(&s);
}

API_SUITE(data_routes);

/* The backup download is the SQLite file; a server on PostgreSQL
 * (SMALLRUN_TEST_STORE=pg) makes no copy of its database: that is
 * pg_dump's, and the answer says so. */
Test(data_routes, the_backup_is_a_sqlite_file_or_points_to_pg_dump)
{
	struct resp r;

	if (test_store_is_pg()) {
		call_fails("GET", API "/backup", NULL, 409, "not_supported",
			   NULL);
		return;
	}
	http(&server, "GET", API "/backup", NULL, NULL, &r);
	cr_assert_eq(r.status, 200, "%s", r.body);
	cr_assert_geq(r.body_len, 16);
	cr_assert(!memcmp(r.body, "SQLite format 3", 16));
	resp_free(&r);
}

Test(data_routes, export_of_no_such_kind_is_404_and_only_get)
{
	struct resp r;

	call_fails("GET", API "/export/nothing.csv", NULL, 404, "not_found",
		   NULL);
	call_fails("GET", API "/export/products", NULL, 404, "not_found", NULL);
	call_fails("GET", API "/export/products.json", NULL, 404, "not_found",
		   NULL);
	http(&server, "POST", API "/export/products.csv", "application/json",
	     "{}", &r);
	cr_assert_eq(r.status, 405);
	resp_free(&r);
	http(&server, "DELETE", API "/backup", NULL, NULL, &r);
	cr_assert_eq(r.status, 405);
	resp_free(&r);
}

/* Every row of every table of db, as text, in rowid order. */
static char *dump(sqlite3 *dbh)
{
	sqlite3_str *out = sqlite3_str_new(NULL);
	sqlite3_stmt *tables;

	cr_assert_eq(sqlite3_prepare_v2(dbh,
					"SELECT name FROM sqlite_master WHERE "
					"type = 'table' ORDER BY name",
					-1, &tables, NULL),
		     SQLITE_OK);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		char *sql = sqlite3_mprintf(
			"SELECT * FROM \"%w\" ORDER BY rowid",
			(const char *)sqlite3_column_text(tables, 0));
		sqlite3_stmt *rows;

		sqlite3_str_appendf(out, "[%s]\n",
				    sqlite3_column_text(tables, 0));
		cr_assert_eq(sqlite3_prepare_v2(dbh, sql, -1, &rows, NULL),
			     SQLITE_OK, "%s", sqlite3_errmsg(dbh));
		while (sqlite3_step(rows) == SQLITE_ROW) {
			for (int i = 0; i < sqlite3_column_count(rows); i++)
				sqlite3_str_appendf(
					out, "%s|",
					sqlite3_column_type(rows, i) ==
							SQLITE_NULL
						? "NULL"
						: (const char *)
							  sqlite3_column_text(
								  rows, i));
			sqlite3_str_appendall(out, "\n");
		}
		sqlite3_finalize(rows);
		sqlite3_free(sql);
	}
	sqlite3_finalize(tables);
	return sqlite3_str_finish(out);
}

static char *pragma_text(sqlite3 *dbh, const char *sql)
{
	sqlite3_stmt *st;
	char *v;

	cr_assert_eq(sqlite3_prepare_v2(dbh, sql, -1, &st, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

Test(data, backup_download_opens_whole_with_the_same_rows)
{
	const char *extra[] = {"--db", db, NULL};
	char copy[160], *want, *got, *check, *disp;
	sqlite3 *a, *b;
	struct srv s;
	struct resp resp;
	FILE *fp;

	seed();
	srv_start(&s, extra);
	/* A write through the server, so some of it may be in the WAL. */
	http(&s, "POST", API "/customers", "application/json",
	     "{\"name\": \"Live\"}", &resp);
	cr_assert_eq(resp.status, 201);
	resp_free(&resp);
	http(&s, "GET", API "/backup", NULL, NULL, &resp);
	cr_assert_eq(resp.status, 200, "%s", resp.body);
	header_is(&resp, "Content-Type", "application/vnd.sqlite3");
	disp = resp_header(&resp, "Content-Disposition");
	cr_assert(disp);
	cr_assert(!strncmp(disp, "attachment; filename=\"smallrun-", 31) &&
			  strstr(disp, ".sqlite\""),
		  "%s", disp);
	free(disp);
	cr_assert(!memcmp(resp.body, "SQLite format 3", 16));
	snprintf(copy, sizeof(copy), "%s/copy.sqlite", dir);
	fp = fopen(copy, "wb");
	cr_assert(fp);
	cr_assert_eq(fwrite(resp.body, 1, resp.body_len, fp), resp.body_len);
	fclose(fp);
	resp_free(&resp);

	cr_assert_eq(sqlite3_open_v2(copy, &b, SQLITE_OPEN_READWRITE, NULL),
		     SQLITE_OK);
	check = pragma_text(b, "PRAGMA integrity_check");
	cr_assert_str_eq(check, "ok");
	free(check);
	cr_assert_eq(sqlite3_open_v2(db, &a, SQLITE_OPEN_READONLY, NULL),
		     SQLITE_OK);
	want = dump(a);
	got = dump(b);
	cr_assert(strstr(want, "Live|"), "the live write is in the database");
	cr_assert_str_eq(got, want);
	sqlite3_free(want);
	sqlite3_free(got);
	sqlite3_close(a);
	sqlite3_close(b);
	cr_assert_eq(srv_stop(&s), 0);
	srv_cleanup(&s);
	/* And smallrun itself takes the copy as a workshop. */
	{
		struct run r;

		cli_run(&r, NULL, copy, "customer list --json");
		cr_assert_eq(r.code, 0, "%s", r.err);
		cr_assert(strstr(r.out, "\"Live\""), "%s", r.out);
	}
}
