/*
 * store-bench.h - what the library's benchmarks on a store share
 * (bench/recipe.c, bench/done.c): a fresh SQLite file in a private folder,
 * records made through the record calls, a clock, medians and checked
 * options. Every failure says what failed, under the benchmark's name,
 * and exits 1.
 */
#ifndef SMALLRUN_BENCH_STORE_BENCH_H
#define SMALLRUN_BENCH_STORE_BENCH_H

#include <stdbool.h>
#include <stdint.h>

#include "smallrun/err.h"
#include "smallrun/records.h"
#include "smallrun/store.h"

#define BENCH_NOW INT64_C(1796083200) /* 2026-12-01 */

/* The store bench_open() opened. */
extern sr_store *bench_store;

/* Say what failed (and f's message when f is not NULL), and exit 1. */
void bench_die(const char *what, const struct sr_fail *f);

/* Open a new store in a new folder under dir (NULL: /dev/shm, else /tmp);
 * name ("bench-done") names the folder and every message. */
void bench_open(const char *name, const char *dir);
/* Close the store and remove its folder. */
void bench_close(void);

/* Make a record of r from a printf-style body; its id. */
int64_t bench_create(enum sr_res r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Change record id of r with body. */
void bench_update(enum sr_res r, int64_t id, const char *body);

/* Milliseconds on the monotonic clock. */
double bench_now_ms(void);
/* The median of v[0..n), which it sorts. */
double bench_median(double *v, int n);

/* Option text s as a whole number from min to max into *out; false if
 * it is not one. */
bool bench_int(const char *s, int64_t min, int64_t max, int64_t *out);

#endif
