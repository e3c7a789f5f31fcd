/*
 * test-workshops.c - the workshops of a store (workshops.h) and the
 * row-level security that keeps them apart on PostgreSQL (sql/pg/0017,
 * lib/store-pg.c, doc/HOSTED.md).
 *
 * The RLS tests ask the database itself, over libpq, as the role the
 * store connects as (tests/pg-run.sh's smallrun: no superuser, no
 * BYPASSRLS), walking every table pg_catalog lists: with workshop A's
 * setting no row of B's shows in any table, with none set nothing shows
 * at all. What B holds is counted as the superuser, whom RLS does not
 * bind (SMALLRUN_TEST_PG_ADMIN), so that the walk is known to look at
 * tables where B's rows are; with RLS switched off it fails.
 *
 * Run on PostgreSQL by make unit (SMALLRUN_TEST_STORE=pg); on SQLite the
 * PostgreSQL tests skip, and the one-workshop tests run.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "records-fixture.h"
#include "smallrun/accounts.h"
#include "smallrun/auth.h"
#include "smallrun/workshops.h"
#include "store-fixture.h"

STORE_SUITE(workshops);

#define PW "password1"

static void need_pg(void)
{
	if (!test_store_is_pg())
		cr_skip_test("many workshops need PostgreSQL "
			     "(SMALLRUN_TEST_STORE=pg)");
}

/* The test database's URI with another role (user=NAME@) or none. */
static char *uri_as(const char *base_env)
{
	const char *base = getenv(base_env);
	const char *mine = store_where();
	const char *at = base ? strstr(base, "/postgres?") : NULL;
	const char *name = strchr(mine + 13, '/') + 1;
	char *uri = NULL;

	cr_assert_not_null(at, "%s is not set: run under tests/pg-run.sh",
			   base_env);
	cr_assert_geq(asprintf(&uri, "%.*s/%.*s%s", (int)(at - base), base,
			       (int)strcspn(name, "?"), name, at + 9),
		      0);
	return uri;
}

static PGconn *connect_to(const char *uri)
{
	PGconn *db = PQconnectdb(uri);

	cr_assert_eq(PQstatus(db), CONNECTION_OK, "%s", PQerrorMessage(db));
	return db;
}

/* One value of sql (with up to one text parameter) as a number. */
static long long one(PGconn *db, const char *sql, const char *param)
{
	PGresult *res = PQexecParams(db, sql, param ? 1 : 0, NULL, &param, NULL,
				     NULL, 0);
	long long v;

	cr_assert_eq(PQresultStatus(res), PGRES_TUPLES_OK, "%s: %s", sql,
		     PQerrorMessage(db));
	cr_assert_eq(PQntuples(res), 1, "%s", sql);
	v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return v;
}

static void exec_ok(PGconn *db, const char *sql)
{
	PGresult *res = PQexec(db, sql);

	cr_assert(PQresultStatus(res) == PGRES_COMMAND_OK ||
			  PQresultStatus(res) == PGRES_TUPLES_OK,
		  "%s: %s", sql, PQerrorMessage(db));
	PQclear(res);
}

/* Every table of the schema, as pg_catalog lists them (caller clears). */
static PGresult *tables(PGconn *db)
{
	PGresult *res = PQexec(
		db,
		"SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,"
		" EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid ="
		" c.oid AND a.attname = 'workshop_id' AND NOT a.attisdropped)"
		" FROM pg_class c WHERE c.relkind = 'r'"
		" AND c.relnamespace = current_schema()::regnamespace"
		" ORDER BY c.relname");

	cr_assert_eq(PQresultStatus(res), PGRES_TUPLES_OK, "%s",
		     PQerrorMessage(db));
	cr_assert_gt(PQntuples(res), 20);
	return res;
}

/* As the thread's actor: workshop w's owner, from the command line. */
static void act_in(int64_t w)
{
	sr_act_as("test", 0, SR_ROLE_OWNER, w, NOW);
}

/* One record of most tables, an account, its session and token. */
static void seed(const char *mark)
{
	struct sr_buf out = SR_BUF_INIT(1 << 16);
	struct sr_fail f = SR_FAIL_INIT;
	char secret[SR_SECRET_LEN + 1];
	struct sr_who who;
	int64_t p, c, y, o, b, m, h, id;
	char *body;

	p = create_id(SR_RES_PRODUCT, "{\"name\":\"%s loaf\"}", mark);
	c = create_id(SR_RES_CUSTOMER, "{\"name\":\"%s\"}", mark);
	y = create_id(SR_RES_SUPPLIER, "{\"name\":\"%s mill\"}", mark);
	o = create_id(SR_RES_ORDER,
		      "{\"customer_id\":%lld,\"title\":\"%s\","
		      "\"status\":\"accepted\"}",
		      (long long)c, mark);
	b = new_batch(p, "2026-11-20", 10, 0);
	m = create_id(SR_RES_MATERIAL,
		      "{\"name\":\"%s flour\",\"on_hand\":100,"
		      "\"supplier_id\":%lld}",
		      mark, (long long)y);
	create_id(SR_RES_MATERIAL_UNIT,
		  "{\"material_id\":%lld,\"name\":\"sack\",\"base_qty\":10}",
		  (long long)m);
	create_id(SR_RES_RECIPE_LINE,
		  "{\"product_id\":%lld,\"material_id\":%lld,\"quantity\":5}",
		  (long long)p, (long long)m);
	h = create_id(SR_RES_PURCHASE, "{\"supplier_id\":%lld}", (long long)y);
	create_id(SR_RES_PURCHASE_LINE,
		  "{\"purchase_id\":%lld,\"material_id\":%lld,\"quantity\":1}",
		  (long long)h, (long long)m);
	use_material(b, m, 5, "L1");
	create_id(SR_RES_TIME_ENTRY,
		  "{\"order_id\":%lld,\"started_at\":\"2026-11-20T09:00:00Z\","
		  "\"minutes\":5}",
		  (long long)o);
	create_id(SR_RES_SALE,
		  "{\"batch_id\":%lld,\"customer_id\":%lld,\"quantity\":1}",
		  (long long)b, (long long)c);
	create_id(SR_RES_DAY_OFF, "{\"date\":\"2026-12-25\"}");
	body = textf("{\"name\":\"%s\",\"login\":\"ann\",\"password\":\"" PW
		     "\",\"role\":\"owner\"}",
		     mark);
	cr_assert_eq(sr_account_create(store, body, strlen(body), false, NOW,
				       &id, &out, &f),
		     SR_OK, "%s", f.message.data);
	cr_assert_eq(sr_session_open(store, id, NULL, NOW, secret, &who, &f),
		     SR_OK, "%s", f.message.data);
	sr_buf_reset(&out);
	cr_assert_eq(sr_token_create(store, &who, "{\"name\":\"t\"}", 12, NOW,
				     &out, &f),
		     SR_OK, "%s", f.message.data);
	free(body);
	sr_buf_release(&out);
	sr_fail_release(&f);
}

/*
 * Workshops A (the store's first, pinned) and B, each seeded alike; B's
 * id into *b. A login throttle's row too, for the directory's tables.
 */
static void two(int64_t *a, int64_t *b)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_workshop w;
	sr_throttle *t = sr_throttle_new_shared(store);

	*a = sr_store_workshop(store);
	cr_assert_gt(*a, 0);
	cr_assert_eq(sr_workshop_add(store, "Beta", "beta", NOW, &w, &f), SR_OK,
		     "%s", f.message.data);
	*b = w.id;
	act_in(*a);
	seed("alpha");
	act_in(*b);
	seed("beta");
	act_in(0);
	cr_assert_not_null(t);
	sr_throttle_fail(t, "login:ann@beta", NOW);
	sr_throttle_free(t);
	sr_fail_release(&f);
}

Test(workshops, row_level_security_shows_a_workshop_its_own_rows_alone)
{
	char *app = NULL, *admin = NULL, wa[24], wb[24];
	PGconn *mine, *super;
	PGresult *list;
	int64_t a, b;
	int of_b = 0;

	need_pg();
	two(&a, &b);
	snprintf(wa, sizeof(wa), "%lld", (long long)a);
	snprintf(wb, sizeof(wb), "%lld", (long long)b);
	app = uri_as("SMALLRUN_TEST_PG");
	admin = uri_as("SMALLRUN_TEST_PG_ADMIN");
	mine = connect_to(app);
	super = connect_to(admin);
	/* The store's own role: RLS binds it. */
	cr_assert_eq(one(mine,
			 "SELECT (rolsuper OR rolbypassrls)::int FROM"
			 " pg_roles WHERE rolname = current_user",
			 NULL),
		     0);
	list = tables(super);
	exec_ok(mine, "BEGIN");
	one(mine, "SELECT set_config('smallrun.workshop', $1, true) IS NULL",
	    wa);
	for (int i = 0; i < PQntuples(list); i++) {
		const char *t = PQgetvalue(list, i, 0);
		bool tenant = PQgetvalue(list, i, 3)[0] == 't';
		char *sql;
		long long seen, own, theirs;

		if (!strcmp(t, "smallrun_schema"))
			continue;
		cr_expect_str_eq(PQgetvalue(list, i, 1), "t",
				 "%s: no row-level security", t);
		cr_expect_str_eq(PQgetvalue(list, i, 2), "t",
				 "%s: row-level security not forced", t);
		sql = textf("SELECT count(*) FROM %s", t);
		seen = one(mine, sql, NULL);
		free(sql);
		if (!strcmp(t, "workshops")) {
			/* Its own row. */
			cr_expect_eq(seen, 1, "workshops: %lld seen", seen);
			continue;
		}
		if (!tenant) {
			/* login_throttle: the directory's alone. */
			cr_expect_eq(seen, 0, "%s: %lld seen", t, seen);
			continue;
		}
		sql = textf("SELECT count(*) FROM %s WHERE workshop_id = $1",
			    t);
		own = one(super, sql, wa);
		theirs = one(super, sql, wb);
		cr_expect_eq(one(mine, sql, wb), 0, "%s: B's rows seen", t);
		cr_expect_eq(seen, own, "%s: %lld seen, A has %lld", t, seen,
			     own);
		of_b += theirs > 0;
		free(sql);
	}
	/* The walk looked where B's rows are: most tables hold some. */
	cr_assert_geq(of_b, 18, "B has rows in only %d tables", of_b);
	exec_ok(mine, "ROLLBACK");
	PQclear(list);
	PQfinish(mine);
	PQfinish(super);
	free(app);
	free(admin);
}

Test(workshops, with_no_workshop_set_nothing_is_seen_or_written)
{
	char *app;
	PGconn *mine;
	PGresult *list, *res;
	int64_t a, b;

	need_pg();
	two(&a, &b);
	app = uri_as("SMALLRUN_TEST_PG");
	mine = connect_to(app);
	list = tables(mine);
	for (int pass = 0; pass < 2; pass++) {
		/* Never set, then set to "" (what a pooled connection has
		 * after a transaction that set it). */
		exec_ok(mine, "BEGIN");
		if (pass)
			exec_ok(mine, "SELECT set_config('smallrun.workshop',"
				      " '', true)");
		for (int i = 0; i < PQntuples(list); i++) {
			const char *t = PQgetvalue(list, i, 0);
			char *sql;

			if (!strcmp(t, "smallrun_schema"))
				continue;
			sql = textf("SELECT count(*) FROM %s", t);
			cr_expect_eq(one(mine, sql, NULL), 0, "%s (pass %d)", t,
				     pass);
			free(sql);
		}
		res = PQexec(mine, "INSERT INTO customers (name, created_at)"
				   " VALUES ('x', 'y')");
		cr_expect_eq(PQresultStatus(res), PGRES_FATAL_ERROR,
			     "a row of no workshop was written");
		PQclear(res);
		exec_ok(mine, "ROLLBACK");
	}
	/* Nor may a row be written into another workshop. */
	exec_ok(mine, "BEGIN");
	exec_ok(mine, "SELECT set_config('smallrun.workshop', '1', true)");
	{
		char *sql = textf("INSERT INTO customers (workshop_id, name,"
				  " created_at) VALUES (%lld, 'x', 'y')",
				  (long long)b);

		res = PQexec(mine, sql);
		free(sql);
	}
	cr_expect_eq(PQresultStatus(res), PGRES_FATAL_ERROR,
		     "a row written into workshop B from A");
	PQclear(res);
	exec_ok(mine, "ROLLBACK");
	PQclear(list);
	PQfinish(mine);
	free(app);
}

/* The store, not a test's own SQL: A's calls list A's records alone. */
Test(workshops, the_store_reads_the_workshop_of_the_actor)
{
	json_t *l;
	int64_t a, b;

	need_pg();
	two(&a, &b);
	act_in(b);
	l = list(SR_RES_PRODUCT, "%s", "");
	cr_assert_eq(json_integer_value(json_object_get(l, "total")), 1);
	cr_assert_str_eq(json_string_value(json_object_get(
				 json_array_get(json_object_get(l, "items"), 0),
				 "name")),
			 "beta loaf");
	json_decref(l);
	/* No actor's workshop: the store's pinned one, A. */
	act_in(0);
	l = list(SR_RES_PRODUCT, "%s", "");
	cr_assert_str_eq(json_string_value(json_object_get(
				 json_array_get(json_object_get(l, "items"), 0),
				 "name")),
			 "alpha loaf");
	json_decref(l);
	/* Unpinned and no actor's: nothing at all. */
	sr_store_pin(store, 0);
	l = list(SR_RES_PRODUCT, "%s", "");
	cr_assert_eq(json_integer_value(json_object_get(l, "total")), 0);
	json_decref(l);
	sr_store_pin(store, a);
}

/*
 * Writers of one workshop wait for each other (the advisory lock of its
 * id), and for no other workshop's: while a write of A is open, A's lock
 * is taken and B's is free, as another session sees them.
 */
Test(workshops, a_writer_locks_its_own_workshop_alone)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_tx *tx = NULL;
	char *app, wa[24], wb[24];
	PGconn *other;
	int64_t a, b;

	need_pg();
	two(&a, &b);
	snprintf(wa, sizeof(wa), "%lld", (long long)a);
	snprintf(wb, sizeof(wb), "%lld", (long long)b);
	app = uri_as("SMALLRUN_TEST_PG");
	other = connect_to(app);
	cr_assert_eq(sr_tx_begin(store, true, &tx, &f), SR_OK, "%s",
		     f.message.data);
	exec_ok(other, "BEGIN");
	cr_assert_eq(one(other,
			 "SELECT pg_try_advisory_xact_lock(1397576270,"
			 " $1::integer)::int",
			 wa),
		     0, "A's writer holds no lock of A's");
	cr_assert_eq(one(other,
			 "SELECT pg_try_advisory_xact_lock(1397576270,"
			 " $1::integer)::int",
			 wb),
		     1, "B's lock is taken too");
	exec_ok(other, "ROLLBACK");
	sr_tx_finish(tx, SR_OK, &f);
	PQfinish(other);
	free(app);
	sr_fail_release(&f);
}

Test(workshops, a_role_that_bypasses_row_level_security_is_refused)
{
	struct sr_fail f = SR_FAIL_INIT;
	char *admin;
	sr_store *s = NULL;

	need_pg();
	admin = uri_as("SMALLRUN_TEST_PG_ADMIN");
	cr_assert_eq(sr_store_open(admin, &s, &f), SR_EDB);
	cr_assert_null(s);
	cr_assert_str_eq(f.code, "bypasses_rls");
	cr_assert(strstr(f.message.data, "superuser"), "%s", f.message.data);
	free(admin);
	sr_fail_release(&f);
}

Test(workshops, removing_a_workshop_takes_every_row_of_it_and_no_other)
{
	struct sr_fail f = SR_FAIL_INIT;
	char *admin, wa[24], wb[24];
	PGconn *super;
	PGresult *list;
	long long before_a = 0, after_a = 0, rows = 0, left = 0, counted = 0;
	int64_t a, b, n = 0;

	need_pg();
	two(&a, &b);
	snprintf(wa, sizeof(wa), "%lld", (long long)a);
	snprintf(wb, sizeof(wb), "%lld", (long long)b);
	admin = uri_as("SMALLRUN_TEST_PG_ADMIN");
	super = connect_to(admin);
	list = tables(super);
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < PQntuples(list); i++) {
			char *sql;

			if (PQgetvalue(list, i, 3)[0] != 't')
				continue;
			sql = textf("SELECT count(*) FROM %s"
				    " WHERE workshop_id = $1",
				    PQgetvalue(list, i, 0));
			if (pass) {
				after_a += one(super, sql, wa);
				left += one(super, sql, wb);
			} else {
				before_a += one(super, sql, wa);
				counted += one(super, sql, wb);
			}
			free(sql);
		}
		if (!pass) {
			cr_assert_eq(sr_workshop_remove(store, "beta", &n, &f),
				     SR_OK, "%s", f.message.data);
			rows = n;
		}
	}
	cr_assert_gt(counted, 20);
	cr_assert_eq(rows, counted, "said %lld, B had %lld", rows, counted);
	cr_assert_eq(left, 0);
	cr_assert_eq(after_a, before_a);
	cr_assert_eq(
		one(super, "SELECT count(*) FROM workshops WHERE id = $1", wb),
		0);
	cr_assert_eq(sr_workshop_remove(store, "beta", &n, &f), SR_ENOTFOUND);
	cr_assert_str_eq(f.code, "no_workshop");
	PQclear(list);
	PQfinish(super);
	free(admin);
	sr_fail_release(&f);
}

/* Two stores on one database (two servers): one throttle. */
Test(workshops, the_shared_throttle_is_the_same_for_every_store)
{
	sr_store *other = NULL;
	sr_throttle *t1, *t2;

	need_pg();
	cr_assert_eq(sr_store_open(store_where(), &other, NULL), SR_OK);
	t1 = sr_throttle_new_shared(store);
	t2 = sr_throttle_new_shared(other);
	cr_assert(t1 && t2);
	for (int i = 0; i < SR_THROTTLE_FREE; i++) {
		cr_assert_eq(sr_throttle_wait(t2, "login:ann@x", NOW + i), 0);
		sr_throttle_fail(i % 2 ? t1 : t2, "login:ann@x", NOW + i);
	}
	/* The sixth waits SR_THROTTLE_FIRST from the last, on either. */
	cr_assert_eq(sr_throttle_wait(t1, "login:ann@x", NOW + 4),
		     SR_THROTTLE_FIRST);
	cr_assert_eq(sr_throttle_wait(t2, "login:ann@x", NOW + 4 + 10),
		     SR_THROTTLE_FIRST - 10);
	cr_assert_eq(sr_throttle_wait(t2, "login:bob@x", NOW + 4), 0);
	/* Forgotten after a quiet hour; cleared by a good login. */
	cr_assert_eq(sr_throttle_wait(t2, "login:ann@x",
				      NOW + 4 + SR_THROTTLE_FORGET),
		     0);
	sr_throttle_clear(t2, "login:ann@x");
	cr_assert_eq(sr_throttle_wait(t1, "login:ann@x", NOW + 5), 0);
	sr_throttle_free(t1);
	sr_throttle_free(t2);
	sr_store_close(other);
}

Test(workshops, slugs)
{
	static const char *const good[] = {"a",	 "bakery", "the-pot-shop",
					   "a1", "0",	   "x-y-z"};
	static const char *const bad[] = {
		"",
		"-a",
		"a-",
		"Bakery",
		"a_b",
		"a b",
		"é",
		"a.b",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" /* 41 */};

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		cr_expect_eq(sr_slug_check(good[i], strlen(good[i]), "w", NULL),
			     SR_OK, "%s", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect_eq(sr_slug_check(bad[i], strlen(bad[i]), "w", NULL),
			     SR_EINVAL, "%s", bad[i]);
}

/* A SQLite file: one workshop, "main", which it cannot share. */
Test(workshops, a_sqlite_file_holds_one_workshop)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_buf out = SR_BUF_INIT(4096);
	struct sr_workshop w;
	int64_t n;

	if (test_store_is_pg())
		cr_skip_test("a SQLite file's");
	cr_assert(!sr_store_tenants(store));
	cr_assert_eq(sr_workshop_choose(store, NULL, &w, &f), SR_OK);
	cr_assert_str_eq(w.slug, "main");
	cr_assert_eq(sr_workshop_list(store, &out, &f), SR_OK);
	cr_assert(strstr(out.data, "\"total\":1"), "%s", out.data);
	cr_assert_eq(sr_workshop_add(store, "Two", "two", NOW, &w, &f),
		     SR_ECONFLICT);
	cr_assert_str_eq(f.code, "not_supported");
	cr_assert_eq(sr_workshop_remove(store, "main", &n, &f), SR_ECONFLICT);
	cr_assert_eq(sr_workshop_suspend(store, "main", true, &f),
		     SR_ECONFLICT);
	sr_buf_release(&out);
	sr_fail_release(&f);
}
