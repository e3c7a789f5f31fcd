/*
 * records-fixture.h - a real store for the record tests: STORE_SUITE(name)
 * opens `store` on a new SQLite file in a temporary folder for each test
 * (or a new PostgreSQL database: store-fixture.h) and removes it
 * afterwards. The helpers call the public library API
 * (smallrun/records.h) and give its answers parsed; those that expect
 * success assert it, naming the failure when there is one.
 */
#ifndef SMALLRUN_TEST_RECORDS_FIXTURE_H
#define SMALLRUN_TEST_RECORDS_FIXTURE_H

#include <jansson.h>
#include <stdint.h>

#include "smallrun/err.h"
#include "smallrun/records.h"
#include "smallrun/store.h"

/* The clock every call is given unless a test says otherwise:
 * 2026-11-25T12:00:00Z. */
#define NOW INT64_C(1795608000)

extern sr_store *store;

void store_init(void);
void store_fini(void);
/* Where `store` is: its file's path, or its postgresql:// URI. */
const char *store_where(void);
#define STORE_SUITE(name)                                                      \
	TestSuite(name, .init = store_init, .fini = store_fini)

/* printf into new memory; the caller frees it. */
char *textf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Create a record of r from a printf-built JSON body (at NOW); the stored
 * object, which the caller decrefs. create_id() gives only its id, and
 * new_batch() makes a batch of product with made and rejected counts.
 */
json_t *create(enum sr_res r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int64_t create_id(enum sr_res r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int64_t new_batch(int64_t product, const char *run_date, int64_t made,
		  int64_t rejected);
/* Change record id of r (at NOW); the stored object. */
json_t *update(enum sr_res r, int64_t id, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Change the workshop's settings; the settings now. */
json_t *update_settings(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
/* Read record id of r. */
json_t *fetch(enum sr_res r, int64_t id);
/*
 * List r with a query string ("product_id=3&limit=2"), read by the
 * library's own query parser; the {"items", "total", …} answer.
 */
json_t *list(enum sr_res r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Record quantity of a material used by a batch from lot (NULL: none). */
int64_t use_material(int64_t batch, int64_t material, int64_t quantity,
		     const char *lot);

/*
 * The same calls expected to fail: each returns the error, with f filled
 * in (the caller releases it), and asserts that nothing was written out.
 */
enum sr_err try_create(enum sr_res r, struct sr_fail *f, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
enum sr_err try_update(enum sr_res r, int64_t id, struct sr_fail *f,
		       const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
enum sr_err try_list(enum sr_res r, struct sr_fail *f, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Assert a call failed with err want, the code and the field (NULL: the
 * failure names none), and a message; then release f. expect_fail() only
 * reports a mismatch (naming what was tried) and goes on, for tables.
 */
void assert_fail(enum sr_err got, struct sr_fail *f, enum sr_err want,
		 const char *code, const char *field);
void expect_fail(enum sr_err got, struct sr_fail *f, enum sr_err want,
		 const char *code, const char *field, const char *what);

/* Parse the JSON a call appended to b, asserting it is JSON; resets b. */
json_t *parsed(struct sr_buf *b);
/* o's member key (one level), asserting it is a whole number or a string. */
int64_t num(const json_t *o, const char *key);
const char *str(const json_t *o, const char *key);
/* The item of a list answer's "items" (or an array) whose key is value. */
json_t *find(const json_t *list, const char *key, int64_t value);

/* Day number and YYYY-MM-DD text of a date, worked out with libc. */
int64_t day_of(const char *date);
void date_text(int64_t day, char out[11]);
/* YYYY-MM-DDTHH:MM:SSZ of secs, with libc. */
void instant_text(int64_t secs, char out[21]);

#endif
