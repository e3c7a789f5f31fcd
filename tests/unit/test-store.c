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

/* sql/NNNN-*.sql as the binary carries them (the generated sql-data.c). */
#include "embed.h"
extern const struct sr_embed sr_migrations[];
extern const size_t sr_migrations_count;

/*
 * The database at path as the smallrun of schema version left it: its
 * first version migrations run by SQLite itself, then sql.
 */
static void left_at(size_t version, const char *sql)
{
	char pragma[96];
	sqlite3 *db;
	sr_store *s;

	cr_assert_eq(sr_store_open(path, &s, NULL), SR_OK); /* makes dirs */
	sr_store_close(s);
	remove(path);
	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	for (size_t i = 0; i < version; i++)
		cr_assert_eq(sqlite3_exec(db, (const char *)sr_migrations[i].data,
					  NULL, NULL, NULL),
			     SQLITE_OK, "%s: %s", sr_migrations[i].path,
			     sqlite3_errmsg(db));
	snprintf(pragma, sizeof(pragma),
		 "PRAGMA application_id = %d; PRAGMA user_version = %zu",
		 0x534d524e, version);
	cr_assert_eq(sqlite3_exec(db, pragma, NULL, NULL, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK, "%s",
		     sqlite3_errmsg(db));
	sqlite3_close(db);
}

/*
 * A database that smallrun 0008 left: imports keyed by the file's bytes,
 * so a till file cut short and then sent whole counted its first days
 * twice. Opening it upgrades it to one imported sale per product-day, the
 * latest import's, and leaves sales entered by hand alone.
 */
Test(store, upgrades_imports_keyed_by_bytes_to_product_days)
{
	struct sr_fail f = SR_FAIL_INIT;
	sqlite3 *db;
	sr_store *s;

	left_at(8, "");
	sql_exec("INSERT INTO products (id, name, mode, price, created_at)"
		 " VALUES (1, 'Loaf', 'batch', 300, '2026-03-01T00:00:00Z'),"
		 " (2, 'Bun', 'batch', 80, '2026-03-01T00:00:00Z');"
		 /* The cut file (hash aaaa), then the whole file (bbbb). */
		 "INSERT INTO sales (id, product_id, quantity, price, sold_on,"
		 " created_at, import_key) VALUES"
		 " (1, 1, 5, 300, '2026-03-01', '2026-03-20T10:00:00Z',"
		 "  'aaaa:2026-03-01:1'),"
		 " (2, 1, 4, 300, '2026-03-02', '2026-03-20T10:00:00Z',"
		 "  'aaaa:2026-03-02:1'),"
		 " (3, 1, 5, 300, '2026-03-01', '2026-03-21T10:00:00Z',"
		 "  'bbbb:2026-03-01:1'),"
		 " (4, 1, 7, 300, '2026-03-02', '2026-03-21T10:00:00Z',"
		 "  'bbbb:2026-03-02:1'),"
		 " (5, 2, 9, 80, '2026-03-02', '2026-03-21T10:00:00Z',"
		 "  'bbbb:2026-03-02:2'),"
		 " (6, 1, 2, 300, '2026-03-02', '2026-03-22T10:00:00Z', NULL);");
	cr_assert_eq(sr_store_open(path, &s, &f), SR_OK, "%s",
		     f.message.data);
	sr_store_close(s);
	cr_assert_eq(sql_int("PRAGMA user_version"), sr_store_schema_latest());
	sql_text_is("PRAGMA integrity_check", "ok");
	sql_text_is("SELECT group_concat(id || ':' || quantity, ' ')"
		    " FROM (SELECT id, quantity FROM sales ORDER BY id)",
		    "3:5 4:7 5:9 6:2");
	cr_assert_eq(sql_int("SELECT count(*) FROM sales_imports"), 1);
	cr_assert_eq(sql_int("SELECT count(*) FROM sales WHERE import_id ="
			     " (SELECT id FROM sales_imports)"),
		     3);
	cr_assert_eq(sql_int("SELECT count(*) FROM sales WHERE import_id IS"
			     " NULL"),
		     1);
	cr_assert_eq(sql_int("SELECT count(*) FROM pragma_table_info('sales')"
			     " WHERE name = 'import_key'"),
		     0);
	/* A second imported sale of a product-day cannot be stored. */
	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	cr_assert_neq(sqlite3_exec(db,
				   "INSERT INTO sales (product_id, quantity,"
				   " price, sold_on, created_at, import_id)"
				   " VALUES (1, 1, 300, '2026-03-01',"
				   " '2026-03-23T10:00:00Z', 1)",
				   NULL, NULL, NULL),
		      SQLITE_OK);
	sqlite3_close(db);
	sr_fail_release(&f);
}

/*
 * A database that smallrun 0021 left, with three sales: of a product at the
 * standard rate, of a zero-rated one, and for an order at 5 %. Opened, it
 * gives each sale the rate a sale made today would take (0022).
 */
static void upgrade_from_0021(const char *vat_number)
{
	sr_store *s;
	char sql[256];

	snprintf(sql, sizeof(sql),
		 "UPDATE settings SET vat_number = %s, vat_bp = 2000",
		 vat_number);
	left_at(21, sql);
	sql_exec("INSERT INTO products (id, name, mode, price, created_at,"
		 " vat_bp) VALUES (1, 'Jam', 'batch', 400,"
		 " '2026-03-01T00:00:00Z', NULL), (2, 'Book', 'job', 900,"
		 " '2026-03-01T00:00:00Z', 0);"
		 "INSERT INTO customers (id, name, created_at)"
		 " VALUES (1, 'Ada', '2026-03-01T00:00:00Z');"
		 "INSERT INTO orders (id, customer_id, product_id, title,"
		 " created_at, vat_bp) VALUES (1, 1, 1, 'Seat',"
		 " '2026-03-01T00:00:00Z', 500);"
		 "INSERT INTO sales (id, product_id, order_id, quantity, price,"
		 " sold_on, created_at) VALUES"
		 " (1, 1, NULL, 2, 400, '2026-03-02', '2026-03-02T10:00:00Z'),"
		 " (2, 2, NULL, 1, 900, '2026-03-02', '2026-03-02T10:00:00Z'),"
		 " (3, 1, 1, 1, 400, '2026-03-02', '2026-03-02T10:00:00Z');");
	cr_assert_eq(sr_store_open(path, &s, NULL), SR_OK);
	sr_store_close(s);
	cr_assert_eq(sql_int("PRAGMA user_version"), sr_store_schema_latest());
}

Test(store, upgrades_sales_to_the_vat_rate_they_were_made_at)
{
	/* Registered: the order's 5 %, the product's 0 %, else 20 %. */
	upgrade_from_0021("'GB999999973'");
	sql_text_is("SELECT group_concat(id || ':' || vat_bp, ' ')"
		    " FROM (SELECT id, vat_bp FROM sales ORDER BY id)",
		    "1:2000 2:0 3:500");
	/* Not registered: no rate on any. */
	upgrade_from_0021("NULL");
	cr_assert_eq(sql_int("SELECT count(*) FROM sales WHERE vat_bp IS NULL"),
		     3);
}

/* sql/pg/NNNN-*.sql as the binary carries them. */
extern const struct sr_embed sr_pg_migrations[];
extern const size_t sr_pg_migrations_count;

/* One schema version for both stores: the same NNNN numbers, in order. */
Test(store, both_stores_have_the_same_migration_numbers)
{
	cr_assert_eq(sr_pg_migrations_count, sr_migrations_count,
		     "sql/ has %zu migrations, sql/pg/ %zu",
		     sr_migrations_count, sr_pg_migrations_count);
	for (size_t i = 0; i < sr_migrations_count; i++)
		cr_assert_eq(strncmp(sr_migrations[i].path,
				     sr_pg_migrations[i].path, 6),
			     0, "sql%s beside sql/pg%s", sr_migrations[i].path,
			     sr_pg_migrations[i].path);
}

/*
 * The same on PostgreSQL (tests/pg-run.sh's server, SMALLRUN_TEST_PG):
 * a new database for each test, and SQL on it through libpq.
 */
#include <libpq-fe.h>

#include "store-fixture.h"

static char *pg;

static void pg_setup(void)
{
	pg = test_pg_new();
	if (!pg)
		cr_skip_test("no PostgreSQL server: run under tests/pg-run.sh "
			     "(make unit does)");
}

static void pg_teardown(void)
{
	test_store_remove(pg);
	pg = NULL;
}

/* Run sql on the test's database; its one value as text (caller frees),
 * or NULL when it returns none. */
static char *pg_sql(const char *sql)
{
	PGconn *db = PQconnectdb(pg);
	PGresult *res;
	char *v = NULL;

	cr_assert_eq(PQstatus(db), CONNECTION_OK, "%s", PQerrorMessage(db));
	/* The rows of the one workshop a new database holds (HOSTED.md). */
	PQclear(PQexec(db,
		       "SELECT set_config('smallrun.workshop', '1', false)"));
	res = PQexec(db, sql);
	cr_assert(PQresultStatus(res) == PGRES_COMMAND_OK ||
			  PQresultStatus(res) == PGRES_TUPLES_OK,
		  "%s: %s", sql, PQerrorMessage(db));
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0)
		v = strdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	PQfinish(db);
	return v;
}

static void pg_sql_is(const char *sql, const char *want)
{
	char *v = pg_sql(sql);

	cr_assert_not_null(v, "%s gave no row", sql);
	cr_assert_str_eq(v, want, "%s", sql);
	free(v);
}

TestSuite(store_pg, .init = pg_setup, .fini = pg_teardown);

Test(store_pg, migrates_an_empty_database)
{
	struct sr_fail f = SR_FAIL_INIT;
	char want[16];
	sr_store *s;

	cr_assert_eq(sr_store_open(pg, &s, &f), SR_OK, "%s", f.message.data);
	cr_assert_eq(sr_store_schema_version(s), sr_store_schema_latest());
	sr_store_close(s);
	snprintf(want, sizeof(want), "%d", sr_store_schema_latest());
	pg_sql_is("SELECT version FROM smallrun_schema", want);
	pg_sql_is("SELECT count(*) FROM settings", "1");
	/* Names the same in any case are one name, as in SQLite. */
	pg_sql("INSERT INTO products (name, created_at)"
	       " VALUES ('Loaf', '2026-03-01T00:00:00Z')");
	pg_sql_is("SELECT count(*) FROM products WHERE name = 'LOAF'", "1");
	sr_fail_release(&f);
}

Test(store_pg, reopening_keeps_data)
{
	sr_store *s;

	cr_assert_eq(sr_store_open(pg, &s, NULL), SR_OK);
	sr_store_close(s);
	free(pg_sql("UPDATE settings SET workers = 3"));
	cr_assert_eq(sr_store_open(pg, &s, NULL), SR_OK);
	sr_store_close(s);
	pg_sql_is("SELECT workers FROM settings", "3");
}

Test(store_pg, refuses_a_newer_database)
{
	struct sr_fail f = SR_FAIL_INIT;
	char sql[64];
	sr_store *s;

	cr_assert_eq(sr_store_open(pg, &s, NULL), SR_OK);
	sr_store_close(s);
	snprintf(sql, sizeof(sql), "UPDATE smallrun_schema SET version = %d",
		 sr_store_schema_latest() + 1);
	free(pg_sql(sql));
	cr_assert_eq(sr_store_open(pg, &s, &f), SR_EDB);
	cr_assert_null(s);
	cr_assert_str_eq(f.code, "schema_too_new");
	cr_assert(strstr(f.message.data, "newer"), "%s", f.message.data);
	sr_fail_release(&f);
}

Test(store_pg, refuses_another_programs_database)
{
	struct sr_fail f = SR_FAIL_INIT;
	sr_store *s;

	free(pg_sql("CREATE TABLE recipes (name text)"));
	cr_assert_eq(sr_store_open(pg, &s, &f), SR_EDB);
	cr_assert_null(s);
	cr_assert_str_eq(f.code, "not_smallrun");
	/* Nothing of smallrun's was added to it. */
	pg_sql_is("SELECT to_regclass('settings') IS NULL", "t");
	sr_fail_release(&f);
}

/* Text must sort byte by byte, as in SQLite: lots are found by ranges. */
Test(store_pg, refuses_a_database_that_sorts_by_language)
{
	struct sr_fail f = SR_FAIL_INIT;
	const char *name = strchr(pg + 13, '/') + 1;
	char sql[200];
	sr_store *s;

	/* Remade with a collation of a language (C.UTF-8 is the one
	 * locale every Debian has; its order is by code point, but
	 * smallrun asks for C or POSIX by name, so it is refused). */
	{
		char *admin = getenv("SMALLRUN_TEST_PG");
		PGconn *db = PQconnectdb(admin);
		PGresult *res;

		snprintf(sql, sizeof(sql), "DROP DATABASE %.*s",
			 (int)strcspn(name, "?"), name);
		res = PQexec(db, sql);
		PQclear(res);
		snprintf(sql, sizeof(sql),
			 "CREATE DATABASE %.*s TEMPLATE template0"
			 " LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'",
			 (int)strcspn(name, "?"), name);
		res = PQexec(db, sql);
		cr_assert_eq(PQresultStatus(res), PGRES_COMMAND_OK, "%s",
			     PQerrorMessage(db));
		PQclear(res);
		PQfinish(db);
	}
	cr_assert_eq(sr_store_open(pg, &s, &f), SR_EDB);
	cr_assert_str_eq(f.code, "bad_collation");
	cr_assert(strstr(f.message.data, "--locale=C"), "%s", f.message.data);
	sr_fail_release(&f);
}

/* A database whose collation is ICU's names C all the same (as its libc
 * fallback) and sorts by language: refused by what it does. */
Test(store_pg, refuses_a_database_that_sorts_by_icu)
{
	struct sr_fail f = SR_FAIL_INIT;
	const char *name = strchr(pg + 13, '/') + 1;
	PGconn *db = PQconnectdb(getenv("SMALLRUN_TEST_PG"));
	char sql[200];
	PGresult *res;
	sr_store *s;

	snprintf(sql, sizeof(sql), "DROP DATABASE %.*s",
		 (int)strcspn(name, "?"), name);
	PQclear(PQexec(db, sql));
	snprintf(sql, sizeof(sql),
		 "CREATE DATABASE %.*s TEMPLATE template0 LOCALE 'C'"
		 " LOCALE_PROVIDER icu ICU_LOCALE 'en'",
		 (int)strcspn(name, "?"), name);
	res = PQexec(db, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		/* A server built without ICU: make the test's own again. */
		cr_log_warn("no ICU database: %s", PQerrorMessage(db));
		PQclear(res);
		snprintf(sql, sizeof(sql), "CREATE DATABASE %.*s",
			 (int)strcspn(name, "?"), name);
		PQclear(PQexec(db, sql));
		PQfinish(db);
		cr_skip_test("this PostgreSQL has no ICU");
	}
	PQclear(res);
	PQfinish(db);
	pg_sql_is("SELECT datcollate FROM pg_database"
		  " WHERE datname = current_database()",
		  "C");
	cr_assert_eq(sr_store_open(pg, &s, &f), SR_EDB);
	cr_assert_str_eq(f.code, "bad_collation");
	sr_fail_release(&f);
}

Test(store_pg, a_server_that_is_not_there_is_said_so)
{
	struct sr_fail f = SR_FAIL_INIT;
	sr_store *s;

	cr_assert_eq(sr_store_open("postgresql://smallrun@/nowhere?host=/"
				   "nonexistent-dir",
				   &s, &f),
		     SR_EDB);
	cr_assert_null(s);
	cr_assert(strstr(f.message.data, "cannot connect to PostgreSQL"), "%s",
		  f.message.data);
	cr_assert_null(strchr(f.message.data, '\n'), "one line: %s",
		       f.message.data);
	sr_fail_release(&f);
}

/* Copies of a PostgreSQL database are pg_dump's. */
Test(store_pg, backup_and_snapshot_point_to_pg_dump)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	sr_store *s;

	cr_assert_eq(sr_store_open(pg, &s, NULL), SR_OK);
	cr_assert_eq(sr_store_backup(s, "/tmp/never-made.db", &f),
		     SR_ECONFLICT);
	cr_assert_str_eq(f.code, "not_supported");
	cr_assert(strstr(f.message.data, "pg_dump"), "%s", f.message.data);
	cr_assert_eq(access("/tmp/never-made.db", F_OK), -1);
	cr_assert_eq(sr_store_snapshot(s, &out, &f), SR_ECONFLICT);
	cr_assert(strstr(f.message.data, "pg_dump"), "%s", f.message.data);
	cr_assert_eq(out.len, 0);
	sr_store_close(s);
	sr_buf_release(&out);
	sr_fail_release(&f);
}

/* What serve prints of its database never shows a password. */
Test(store, a_uri_is_shown_without_its_password)
{
	static const char *const cases[][2] = {
		{"/home/sam/smallrun.db", "/home/sam/smallrun.db"},
		{"postgresql://sam@db.example/shop",
		 "postgresql://sam@db.example/shop"},
		{"postgresql://sam:s3cret@db.example:5433/shop",
		 "postgresql://sam:***@db.example:5433/shop"},
		{"postgres://sam:a@b@db/shop?sslmode=require",
		 "postgres://sam:***@db/shop?sslmode=require"},
		{"postgresql:///shop?host=/run/pg&password=s3cret&user=sam",
		 "postgresql:///shop?host=/run/pg&password=***&user=sam"},
		{"postgresql://db/shop?password=s3cret",
		 "postgresql://db/shop?password=***"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sr_buf b = SR_BUF_INIT(4096);

		cr_assert_eq(sr_store_shown(cases[i][0], &b), SR_OK);
		cr_assert_str_eq(b.data, cases[i][1]);
		sr_buf_release(&b);
	}
}

/*
 * A server restart (here: every connection of the store ended by the
 * server) costs no request: a dropped connection is opened again when
 * next taken from the pool. The server lists the store's sessions as
 * smallrun's.
 */
Test(store_pg, a_dropped_connection_is_opened_again)
{
	char sql[300];
	const char *name = strchr(pg + 13, '/') + 1;
	char *n;
	sr_store *s;

	cr_assert_eq(sr_store_open(pg, &s, NULL), SR_OK);
	cr_assert_eq(sr_store_schema_version(s), sr_store_schema_latest());
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM pg_stat_activity WHERE datname = '%.*s'"
		 " AND application_name = 'smallrun'",
		 (int)strcspn(name, "?"), name);
	n = pg_sql(sql);
	cr_assert_str_eq(n, "1");
	free(n);
	snprintf(sql, sizeof(sql),
		 "SELECT bool_and(pg_terminate_backend(pid, 10000))"
		 " FROM pg_stat_activity"
		 /* The store's: the test's last connection may still be
		  * on its way out, and would be gone before its turn. */
		 " WHERE datname = '%.*s' AND application_name = 'smallrun'"
		 " AND pid <> pg_backend_pid()",
		 (int)strcspn(name, "?"), name);
	/* Each ended, and gone (the call waits for it). */
	n = pg_sql(sql);
	cr_assert_str_eq(n, "t");
	free(n);
	for (int i = 0; i < 3; i++)
		cr_assert_eq(sr_store_schema_version(s),
			     sr_store_schema_latest(), "call %d", i);
	sr_store_close(s);
}
