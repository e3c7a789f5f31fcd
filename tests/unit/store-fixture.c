/* store-fixture.c - a test's store, on SQLite or PostgreSQL. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smallrun/workshops.h"
#include "store-fixture.h"

enum sr_err test_store_open(const char *where, sr_store **s, struct sr_fail *f)
{
	struct sr_workshop w;
	enum sr_err err = sr_store_open(where, s, f);

	if (!err && sr_store_tenants(*s))
		err = sr_workshop_choose(*s, NULL, &w, f);
	return err;
}

bool test_store_is_pg(void)
{
	const char *v = getenv("SMALLRUN_TEST_STORE");

	return v && !strcmp(v, "pg");
}

/*
 * Run sql on the test server's maintenance database, as the role the
 * tests connect as, or (admin) as the superuser where pg-run.sh names one:
 * a test that fails with a superuser's session still open leaves a
 * database only a superuser may drop.
 */
static void server_exec(const char *sql, bool admin)
{
	const char *su = getenv("SMALLRUN_TEST_PG_ADMIN");
	PGconn *db = PQconnectdb(admin && su ? su : getenv("SMALLRUN_TEST_PG"));
	PGresult *res;

	cr_assert_eq(PQstatus(db), CONNECTION_OK, "%s", PQerrorMessage(db));
	res = PQexec(db, sql);
	cr_assert_eq(PQresultStatus(res), PGRES_COMMAND_OK, "%s: %s", sql,
		     PQerrorMessage(db));
	PQclear(res);
	PQfinish(db);
}

char *test_pg_new(void)
{
	const char *base = getenv("SMALLRUN_TEST_PG");
	const char *at = base ? strstr(base, "/postgres?") : NULL;
	static unsigned serial;
	char name[64], sql[128], *uri = NULL;

	if (!at)
		return NULL;
	/* Tests run in processes of their own: the pid keeps names apart. */
	snprintf(name, sizeof(name), "t_%ld_%u", (long)getpid(), serial++);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
	server_exec(sql, false);
	cr_assert_geq(asprintf(&uri, "%.*s/%s%s", (int)(at - base), base, name,
			       at + 9),
		      0);
	return uri;
}

char *test_store_new(void)
{
	char dir[] = "/tmp/smallrun-store-XXXXXX", *where = NULL;

	if (test_store_is_pg()) {
		where = test_pg_new();
		cr_assert_not_null(where, "SMALLRUN_TEST_STORE=pg needs a "
					  "server: run under tests/pg-run.sh "
					  "(as make unit does)");
		return where;
	}
	cr_assert_not_null(mkdtemp(dir));
	cr_assert_geq(asprintf(&where, "%s/t.db", dir), 0);
	return where;
}

void test_store_remove(char *where)
{
	char *cmd = NULL;

	if (!where)
		return;
	if (!strncmp(where, "postgresql://", 13)) {
		/* postgresql://user@/NAME?host=… */
		const char *name = strchr(where + 13, '/') + 1;

		cr_assert_geq(asprintf(&cmd, "DROP DATABASE %.*s WITH (FORCE)",
				       (int)strcspn(name, "?"), name),
			      0);
		server_exec(cmd, true);
	} else {
		/* The folder test_store_new() made for the file. */
		cr_assert_geq(asprintf(&cmd, "rm -rf '%.*s'",
				       (int)(strrchr(where, '/') - where),
				       where),
			      0);
		if (system(cmd))
			cr_log_warn("cannot remove %s", where);
	}
	free(cmd);
	free(where);
}
