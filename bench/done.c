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

#include "smallrun/consume.h"
#include "smallrun/records.h"
#include "smallrun/store.h"

#include "store-bench.h"

#define MATERIALS 20
#define LOTS 50
#define MADE 10

/* What every lot holds, as text, to check they are whole at the end. */
static int64_t lots_held(void)
{
	struct sr_buf out = SR_BUF_INIT(1 << 22);
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_list_query q = {.limit = 100};
	json_t *doc, *v;
	int64_t sum = 0;
	size_t i;

	if (sr_rec_list(bench_store, SR_RES_LOT, &q, &out, &f))
		bench_die("list", &f);
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
	double *proposal, *done, *undo, *hand;
	int64_t product, batch, mat[MATERIALS];
	json_t *uses = NULL;

	for (int i = 1; i + 1 < argc; i += 2) {
		int64_t v = 0;

		/* A number that is not one is 0, and the usage. */
		if (!strcmp(argv[i], "--repeat"))
			repeat = bench_int(argv[i + 1], 1, 10000, &v) ? (int)v
								      : 0;
		else if (!strcmp(argv[i], "--dir"))
			dir = argv[i + 1];
	}
	if (repeat < 1) {
		fprintf(stderr, "usage: bench-done [--repeat R] [--dir DIR]\n");
		return 2;
	}
	bench_open("bench-done", dir);
	proposal = calloc((size_t)repeat, sizeof(double));
	done = calloc((size_t)repeat, sizeof(double));
	undo = calloc((size_t)repeat, sizeof(double));
	hand = calloc((size_t)repeat, sizeof(double));
	if (!proposal || !done || !undo || !hand)
		bench_die("out of memory", NULL);

	product = bench_create(SR_RES_PRODUCT, "{\"name\": \"Candle\"}");
	for (int i = 0; i < MATERIALS; i++) {
		int n = i < 10 ? 3 : 2;

		mat[i] = bench_create(
			SR_RES_MATERIAL,
			"{\"name\": \"Material %d\", \"unit\": \"ml\", "
			"\"cost_per_unit\": 90, \"cost_per\": 100}",
			i);
		/* Dated lots, the later received expiring first now and
		 * then, so that FEFO has an order to find. */
		for (int k = 0; k < n; k++, lot++)
			bench_create(
				SR_RES_LOT,
				"{\"material_id\": %" PRId64 ", \"lot\": "
				"\"L%d\", \"received_on\": \"2026-11-%02d\", "
				"\"expires_on\": \"2027-%02d-%02d\", "
				"\"quantity\": 1000, \"cost\": %d}",
				mat[i], lot, 1 + (lot % 28), 1 + (lot * 7) % 12,
				1 + (lot * 11) % 28, 500 + lot * 10);
		bench_create(SR_RES_RECIPE_LINE,
			     "{\"product_id\": %" PRId64
			     ", \"material_id\": %" PRId64
			     ", \"quantity\": 150}",
			     product, mat[i]);
	}
	if (lot != LOTS)
		bench_die("not 50 lots", NULL);
	batch = bench_create(SR_RES_BATCH,
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

		t0 = bench_now_ms();
		if (sr_consumption(bench_store, SR_MAKE_BATCH, batch, -1,
				   BENCH_NOW, &out, &f))
			bench_die("consumption", &f);
		proposal[r] = bench_now_ms() - t0;
		sr_buf_reset(&out);

		t0 = bench_now_ms();
		if (sr_consume_done(bench_store, SR_MAKE_BATCH, batch, "", 0,
				    BENCH_NOW, &out, &f))
			bench_die("done", &f);
		done[r] = bench_now_ms() - t0;
		doc = json_loads(out.data, 0, NULL);
		json_decref(uses);
		uses = json_incref(json_object_get(doc, "uses"));
		json_decref(doc);
		if (json_array_size(uses) != 2 * MATERIALS)
			bench_die("not 40 uses", NULL);
		sr_buf_reset(&out);

		t0 = bench_now_ms();
		bench_update(SR_RES_BATCH, batch, "{\"status\": \"running\"}");
		undo[r] = bench_now_ms() - t0;

		/* The reference: the same uses typed one at a time. */
		t0 = bench_now_ms();
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
			if (sr_batch_material_add(bench_store, batch, body,
						  strlen(body), BENCH_NOW, &id,
						  &out, &f))
				bench_die(body, &f);
			ids[nids++] = id;
		}
		hand[r] = bench_now_ms() - t0;
		for (size_t k = 0; k < nids; k++)
			if (sr_rec_delete(bench_store, SR_RES_BATCH_MATERIAL,
					  ids[k], &f))
				bench_die("delete", &f);
		sr_buf_release(&out);
	}
	if (lots_held() != (int64_t)LOTS * 1000)
		bench_die("the lots are not whole again", NULL);
	printf("proposal (read, FEFO over 50 lots)      %8.2f ms\n",
	       bench_median(proposal, repeat));
	printf("done (40 uses, one transaction)         %8.2f ms\n",
	       bench_median(done, repeat));
	printf("undo (set back to running)              %8.2f ms\n",
	       bench_median(undo, repeat));
	printf("by hand (40 uses, a transaction each)   %8.2f ms\n",
	       bench_median(hand, repeat));
	printf("# medians of %d runs each, interleaved\n", repeat);
	json_decref(uses);
	bench_close();
	free(proposal);
	free(done);
	free(undo);
	free(hand);
	return 0;
}
