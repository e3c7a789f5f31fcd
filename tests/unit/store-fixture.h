/*
 * store-fixture.h - where a test's store lives: the one choice between the
 * two backends, so that the store conformance suite (test-db.c) and the
 * suites on the records fixture run the same bodies on both.
 *
 * By default a new SQLite file in a new temporary folder. With
 * SMALLRUN_TEST_STORE=pg, a new empty database on the test server whose
 * maintenance database SMALLRUN_TEST_PG names (tests/pg-run.sh starts
 * one; `make unit` runs the store suites a second time so).
 */
#ifndef SMALLRUN_TEST_STORE_FIXTURE_H
#define SMALLRUN_TEST_STORE_FIXTURE_H

#include <stdbool.h>

#include "smallrun/store.h"

/* Is this run on PostgreSQL (SMALLRUN_TEST_STORE=pg)? */
bool test_store_is_pg(void);

/*
 * A new, empty store's location: a file path, or a postgresql:// URI.
 * Fails the test when PostgreSQL is asked for and there is no server.
 * Give it back to test_store_remove(), which deletes the store and frees
 * the text.
 */
char *test_store_new(void);
void test_store_remove(char *where);

/*
 * sr_store_open() for a test that works in the store's one workshop: on
 * PostgreSQL, a database that may hold many, the store is pinned to it
 * (store.h), as the command line pins its store.
 */
enum sr_err test_store_open(const char *where, sr_store **s, struct sr_fail *f);

/*
 * A new, empty database on the test server (SMALLRUN_TEST_PG), whatever
 * SMALLRUN_TEST_STORE says: its URI, to give back to test_store_remove().
 * NULL when there is no test server.
 */
char *test_pg_new(void);

#endif
