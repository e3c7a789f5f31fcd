/*
 * done.c - the making-from-stock benchmark (doc/PERFORMANCE.md, "Making
 * takes from stock").
 *
 *   make bench-done              (builds, then runs this)
 *   build/bench-done [--repeat R] [--dir DIR]
 *
 * A workshop of 20 materials in 50 lots (ten materials in three lots of
 * 1000, ten in two), each lot with its own date, and a product whose
 * recipe has 20 lines, one a material, 150 of each a unit. A batch of 10
 * takes 1500 of each material: from two lots each, 40 uses in all. Every
 * record is made through the library, as a maker's would be. Then, R
 * times each (default 15), interleaved, and the median of each:
 *
 *   proposal   sr_consumption(): what marking it done would take (FEFO
 *              over the 50 lots, read only)
 *   done       sr_consume_done() with no body: the batch done, the 40
 *              uses from their lots, in one write transaction
 *   undo       the batch set back to running (sr_rec_update): the 40 uses
 *              put back on their lots and deleted
 *   by hand    the reference: the same 40 uses typed one by one, each a
 *              POST of a material use naming its lot
 *              (sr_batch_material_add(), its own transaction), as a maker
 *              records them without this; then deleted, untimed
 *
 * The database is in DIR (default /dev/shm when there is one, else /tmp):
 * the store commits with synchronous=FULL, and a disk's fsync would
 * measure the disk. The check at the end: every lot is whole again.
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "smallrun/consume.h"
#include "smallrun/records.h"
#include "smallrun/store.h"

#define MATERIALS 20
#define LOTS 50
#define MADE 10
#define NOW INT64_C(1796083200) /* 2026-12-01 */

static sr_store *store;

static void die(const char *what, const struct sr_fail *f)
{
	fprintf(stderr, "bench-done: %s: %s\n", what, f ? f->message.data : "");
	exit(1);
}

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int64_t create(enum sr_res r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int64_t create(enum sr_res r, const char *fmt, ...)
{
	struct sr_buf out = SR_BUF_INIT(1 << 16);
	struct sr_fail f = SR_FAIL_INIT;
	char body[512];
	int64_t id = 0;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	if (sr_rec_create(store, r, body, strlen(body), NOW, &id, &out, &f))
		die(body, &f);
	sr_buf_release(&out);
	sr_fail_release(&f);
	return id;
}

static void update(enum sr_res r, int64_t id, const char *body)
{
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;

	if (sr_rec_update(store, r, id, body, strlen(body), NOW, &out, &f))
		die(body, &f);
	sr_buf_release(&out);
	sr_fail_release(&f);
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* What every lot holds, as text, to check they are whole at the end. */
static int64_t lots_held(void)
{
	struct sr_buf out = SR_BUF_INIT(1 << 22);
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_list_query q = {.limit = 100};
	json_t *doc, *v;
	int64_t sum = 0;
	size_t i;

	if (sr_rec_list(store, SR_RES_LOT, &q, &out, &f))
		die("list", &f);
	doc = json_loads(out.data, 0, NULL);
	json_array_foreach(json_object_get(doc, "items"), i, v) sum +=
		json_integer_value(json_object_get(v, "remaining"));
	json_decref(doc);
	sr_buf_release(&out);
	return sum;
}

int main(int argc, char **argv)
{
	int repeat = 15, lot = 0;
	const char *dir = NULL;
	struct sr_fail f = SR_FAIL_INIT;
	struct stat st;
	char path[512], tmp[256];
	double *proposal, *done, *undo, *hand;
	int64_t product, batch, mat[MATERIALS];
	json_t *uses = NULL;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--repeat"))
			repeat = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--dir"))
			dir = argv[i + 1];
	}
	if (repeat < 1) {
		fprintf(stderr, "usage: bench-done [--repeat R] [--dir DIR]\n");
		return 2;
	}
	if (!dir)
		dir = stat("/dev/shm", &st) == 0 ? "/dev/shm" : "/tmp";
	snprintf(tmp, sizeof(tmp), "%s/bench-done-XXXXXX", dir);
	if (!mkdtemp(tmp)) {
		perror(tmp);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/done.db", tmp);
	if (sr_store_open(path, &store, &f))
		die("open", &f);
	proposal = calloc((size_t)repeat, sizeof(double));
	done = calloc((size_t)repeat, sizeof(double));
	undo = calloc((size_t)repeat, sizeof(double));
	hand = calloc((size_t)repeat, sizeof(double));
	if (!proposal || !done || !undo || !hand)
		die("out of memory", NULL);

	product = create(SR_RES_PRODUCT, "{\"name\": \"Candle\"}");
	for (int i = 0; i < MATERIALS; i++) {
		int n = i < 10 ? 3 : 2;

		mat[i] = create(SR_RES_MATERIAL,
				"{\"name\": \"Material %d\", \"unit\": \"ml\", "
				"\"cost_per_unit\": 90, \"cost_per\": 100}",
				i);
		/* Dated lots, the later received expiring first now and
		 * then, so that FEFO has an order to find. */
		for (int k = 0; k < n; k++, lot++)
			create(SR_RES_LOT,
			       "{\"material_id\": %" PRId64 ", \"lot\": "
			       "\"L%d\", \"received_on\": \"2026-11-%02d\", "
			       "\"expires_on\": \"2027-%02d-%02d\", "
			       "\"quantity\": 1000, \"cost\": %d}",
			       mat[i], lot, 1 + (lot % 28), 1 + (lot * 7) % 12,
			       1 + (lot * 11) % 28, 500 + lot * 10);
		create(SR_RES_RECIPE_LINE,
		       "{\"product_id\": %" PRId64 ", \"material_id\": %" PRId64
		       ", \"quantity\": 150}",
		       product, mat[i]);
	}
	if (lot != LOTS)
		die("not 50 lots", NULL);
	batch = create(SR_RES_BATCH,
		       "{\"product_id\": %" PRId64 ", \"run_date\": "
		       "\"2026-12-01\", \"planned_qty\": %d, \"status\": "
		       "\"running\"}",
		       product, MADE);
	printf("# %d materials in %d lots, a recipe of %d lines, a batch of %d "
	       "taking 1500 of each\n",
	       MATERIALS, LOTS, MATERIALS, MADE);

	for (int r = 0; r < repeat; r++) {
		struct sr_buf out = SR_BUF_INIT(1 << 22);
		json_t *doc;
		size_t i;
		json_t *u;
		int64_t ids[2 * LOTS];
		size_t nids = 0;
		double t0;

		t0 = now_ms();
		if (sr_consumption(store, SR_MAKE_BATCH, batch, -1, NOW, &out,
				   &f))
			die("consumption", &f);
		proposal[r] = now_ms() - t0;
		sr_buf_reset(&out);

		t0 = now_ms();
		if (sr_consume_done(store, SR_MAKE_BATCH, batch, "", 0, NOW,
				    &out, &f))
			die("done", &f);
		done[r] = now_ms() - t0;
		doc = json_loads(out.data, 0, NULL);
		json_decref(uses);
		uses = json_incref(json_object_get(doc, "uses"));
		json_decref(doc);
		if (json_array_size(uses) != 2 * MATERIALS)
			die("not 40 uses", NULL);
		sr_buf_reset(&out);

		t0 = now_ms();
		update(SR_RES_BATCH, batch, "{\"status\": \"running\"}");
		undo[r] = now_ms() - t0;

		/* The reference: the same uses typed one at a time. */
		t0 = now_ms();
		json_array_foreach(uses, i, u)
		{
			char body[160];
			int64_t id = 0;

			snprintf(body, sizeof(body),
				 "{\"material_id\": %" JSON_INTEGER_FORMAT
				 ", \"lot_id\": %" JSON_INTEGER_FORMAT
				 ", \"quantity\": %" JSON_INTEGER_FORMAT "}",
				 json_integer_value(
					 json_object_get(u, "material_id")),
				 json_integer_value(
					 json_object_get(u, "lot_id")),
				 json_integer_value(
					 json_object_get(u, "quantity")));
			sr_buf_reset(&out);
			if (sr_batch_material_add(store, batch, body,
						  strlen(body), NOW, &id, &out,
						  &f))
				die(body, &f);
			ids[nids++] = id;
		}
		hand[r] = now_ms() - t0;
		for (size_t k = 0; k < nids; k++)
			if (sr_rec_delete(store, SR_RES_BATCH_MATERIAL, ids[k],
					  &f))
				die("delete", &f);
		sr_buf_release(&out);
	}
	if (lots_held() != (int64_t)LOTS * 1000)
		die("the lots are not whole again", NULL);
	printf("proposal (read, FEFO over 50 lots)      %8.2f ms\n",
	       median(proposal, repeat));
	printf("done (40 uses, one transaction)         %8.2f ms\n",
	       median(done, repeat));
	printf("undo (set back to running)              %8.2f ms\n",
	       median(undo, repeat));
	printf("by hand (40 uses, a transaction each)   %8.2f ms\n",
	       median(hand, repeat));
	printf("# medians of %d runs each, interleaved\n", repeat);
	json_decref(uses);
	sr_store_close(store);
	unlink(path);
	{
		char side[600];

		snprintf(side, sizeof(side), "%s-wal", path);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", path);
		unlink(side);
	}
	rmdir(tmp);
	free(proposal);
	free(done);
	free(undo);
	free(hand);
	return 0;
}
