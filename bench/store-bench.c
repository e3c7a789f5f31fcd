/*
 * store-bench.c - what the library's benchmarks on a store share
 * (store-bench.h).
 */
#define _DEFAULT_SOURCE
#include "store-bench.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "smallrun/buf.h"
#include "smallrun/parse.h"

sr_store *bench_store;
static const char *bench = "bench";
static char folder[256], path[320];

void bench_die(const char *what, const struct sr_fail *f)
{
	fprintf(stderr, "%s: %s: %s\n", bench, what, f ? f->message.data : "");
	exit(1);
}

void bench_open(const char *name, const char *dir)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct stat st;

	bench = name;
	if (!dir)
		dir = stat("/dev/shm", &st) == 0 ? "/dev/shm" : "/tmp";
	snprintf(folder, sizeof(folder), "%s/%s-XXXXXX", dir, name);
	if (!mkdtemp(folder))
		bench_die(folder, NULL);
	snprintf(path, sizeof(path), "%s/bench.db", folder);
	if (sr_store_open(path, &bench_store, &f))
		bench_die("open", &f);
	sr_fail_release(&f);
}

void bench_close(void)
{
	static const char *const sides[] = {"", "-wal", "-shm"};
	char side[340];

	sr_store_close(bench_store);
	bench_store = NULL;
	for (size_t i = 0; i < sizeof(sides) / sizeof(sides[0]); i++) {
		snprintf(side, sizeof(side), "%s%s", path, sides[i]);
		unlink(side);
	}
	if (rmdir(folder))
		fprintf(stderr, "%s: could not remove %s\n", bench, folder);
}

int64_t bench_create(enum sr_res r, const char *fmt, ...)
{
	struct sr_buf out = SR_BUF_INIT(1 << 16);
	struct sr_fail f = SR_FAIL_INIT;
	char body[512];
	int64_t id = 0;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	if (sr_rec_create(bench_store, r, body, strlen(body), BENCH_NOW, &id,
			  &out, &f))
		bench_die(body, &f);
	sr_buf_release(&out);
	sr_fail_release(&f);
	return id;
}

void bench_update(enum sr_res r, int64_t id, const char *body)
{
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;

	if (sr_rec_update(bench_store, r, id, body, strlen(body), BENCH_NOW,
			  &out, &f))
		bench_die(body, &f);
	sr_buf_release(&out);
	sr_fail_release(&f);
}

double bench_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double bench_median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

bool bench_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	return sr_parse_i64z(s, out, min, max) == SR_OK;
}
