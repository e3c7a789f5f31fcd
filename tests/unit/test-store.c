/* test-store.c - opening, migrating and refusing databases (real files). */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smallrun/store.h"

static char dir[] = "/tmp/smallrun-test-XXXXXX";
static char path[256];

static void setup(void)
{
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/sub/folder/t.db", dir);
}

static void teardown(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

static int sql_int(const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int v = -1;

	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK,
		     "%s", sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void sql_text_is(const char *sql, const char *want)
{
	sqlite3 *db;
	sqlite3_stmt *st;

	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	cr_assert_str_eq((const char *)sqlite3_column_text(st, 0), want, "%s",
			 sql);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void sql_exec(const char *sql)
{
	sqlite3 *db;

	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK,
		     "%s", sqlite3_errmsg(db));
	sqlite3_close(db);
}

TestSuite(store, .init = setup, .fini = teardown);

Test(store, creates_folders_and_migrates)
{
	struct sr_fail f = SR_FAIL_INIT;
	sr_store *s;

	cr_assert_eq(sr_store_open(path, &s, &f), SR_OK, "%s",
		     f.message.data);
	cr_assert_gt(sr_store_schema_latest(), 0);
	cr_assert_eq(sr_store_schema_version(s), sr_store_schema_latest());
	sr_store_close(s);
	cr_assert_eq(access(path, F_OK), 0);
	cr_assert_eq(sql_int("PRAGMA user_version"), sr_store_schema_latest());
	sql_text_is("PRAGMA journal_mode", "wal");
	sql_text_is("PRAGMA integrity_check", "ok");
	cr_assert_eq(sql_int("SELECT count(*) FROM settings"), 1);
	sr_fail_release(&f);
}

Test(store, reopening_keeps_data)
{
	sr_store *s;

	cr_assert_eq(sr_store_open(path, &s, NULL), SR_OK);
	sr_store_close(s);
	sql_exec("UPDATE settings SET workers = 3");
	cr_assert_eq(sr_store_open(path, &s, NULL), SR_OK);
	sr_store_close(s);
	cr_assert_eq(sql_int("SELECT workers FROM settings"), 3);
}

Test(store, refuses_a_newer_database)
{
	struct sr_fail f = SR_FAIL_INIT;
	char sql[64];
	sr_store *s;

	cr_assert_eq(sr_store_open(path, &s, NULL), SR_OK);
	sr_store_close(s);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
		 sr_store_schema_latest() + 1);
	sql_exec(sql);
	cr_assert_eq(sr_store_open(path, &s, &f), SR_EDB);
	cr_assert_null(s);
	cr_assert_str_eq(f.code, "schema_too_new");
	cr_assert(strstr(f.message.data, "newer"), "%s", f.message.data);
	sr_fail_release(&f);
}

Test(store, refuses_another_programs_database)
{
	struct sr_fail f = SR_FAIL_INIT;
	sr_store *s;

	cr_assert_eq(sr_store_open(path, &s, NULL), SR_OK); /* makes dirs */
	sr_store_close(s);
	remove(path);
	sql_exec("CREATE TABLE recipes (name TEXT)");
	cr_assert_eq(sr_store_open(path, &s, &f), SR_EDB);
	cr_assert_str_eq(f.code, "not_smallrun");
	sr_fail_release(&f);
}

Test(store, refuses_a_file_that_is_not_a_database)
{
	struct sr_fail f = SR_FAIL_INIT;
	sr_store *s;
	FILE *fp;

	cr_assert_eq(sr_store_open(path, &s, NULL), SR_OK);
	sr_store_close(s);
	remove(path);
	fp = fopen(path, "w");
	cr_assert_not_null(fp);
	fputs("this is a shopping list, not a database, and it is long "
	      "enough to have a header page's worth of bytes in it.........",
	      fp);
	fclose(fp);
	cr_assert_neq(sr_store_open(path, &s, &f), SR_OK);
	cr_assert_null(s);
	cr_assert_gt(f.message.len, 0);
	sr_fail_release(&f);
}

Test(store, default_path_follows_the_environment)
{
	struct sr_buf b = SR_BUF_INIT(4096);

	setenv("SMALLRUN_DB", "/x/y.db", 1);
	cr_assert_eq(sr_store_default_path(&b), SR_OK);
	cr_assert_str_eq(b.data, "/x/y.db");
	sr_buf_reset(&b);
	unsetenv("SMALLRUN_DB");
	setenv("XDG_DATA_HOME", "/data", 1);
	cr_assert_eq(sr_store_default_path(&b), SR_OK);
	cr_assert_str_eq(b.data, "/data/smallrun/smallrun.db");
	sr_buf_reset(&b);
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", "/home/maker", 1);
	cr_assert_eq(sr_store_default_path(&b), SR_OK);
	cr_assert_str_eq(b.data, "/home/maker/.local/share/smallrun/smallrun.db");
	sr_buf_release(&b);
}
