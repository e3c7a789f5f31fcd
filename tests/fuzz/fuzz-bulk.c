/*
 * fuzz-bulk.c - libFuzzer driver for the body of PATCH /api/v1/{res}
 * ({"ids": […], "set": {…}}), through sr_rec_update_many() on a real
 * SQLite file.
 *
 * Input: the first byte picks the resource (products, batches, orders,
 * customers, sales, by its value mod 5), the rest is the body.
 *
 * The database: a fresh file in a private folder (under /dev/shm when it
 * exists), seeded once with three products, a customer, an order, two
 * batches and a sale, and copied (seed.db). After a call that succeeded
 * the store is closed, the file replaced by the copy and opened again, so
 * every input starts from the same state.
 *
 * Invariants, abort() on the first that breaks:
 *   - the call returns SR_OK, SR_EINVAL or SR_ECONFLICT, never SR_EDB nor
 *     a schema CHECK ("constraint"): the description refuses first;
 *   - on error f.code and f.message are set, and nothing changed: every
 *     record of every resource reads back as before;
 *   - on success the answer is {"items": [...], "total": n} with n items.
 */
#define _DEFAULT_SOURCE
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "smallrun/records.h"
#include "smallrun/store.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define OUT_MAX (1 << 22)
#define NOW INT64_C(1796083200) /* 2026-12-01 */

static const enum sr_res picked[] = {SR_RES_PRODUCT, SR_RES_BATCH, SR_RES_ORDER,
				     SR_RES_CUSTOMER, SR_RES_SALE};
static char dir[256], path[300], seed_path[300];
static sr_store *store;

static void die(const char *what, const struct sr_fail *f)
{
	fprintf(stderr, "fuzz-bulk: %s: %s %s\n", what, f ? f->code : "",
		f ? f->message.data : "");
	abort();
}

static void remove_db(const char *p)
{
	char side[320];

	unlink(p);
	snprintf(side, sizeof(side), "%s-wal", p);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", p);
	unlink(side);
}

static void cleanup(void)
{
	sr_store_close(store);
	store = NULL;
	remove_db(path);
	remove_db(seed_path);
	rmdir(dir);
}

static void open_store(void)
{
	struct sr_fail f = SR_FAIL_INIT;

	if (sr_store_open(path, &store, &f))
		die("open", &f);
	sr_fail_release(&f);
}

static void seed(const char *r, const char *body)
{
	struct sr_buf out = SR_BUF_INIT(OUT_MAX);
	struct sr_fail f = SR_FAIL_INIT;
	int64_t id;

	if (sr_rec_create(store, (enum sr_res)sr_res_find(r), body,
			  strlen(body), NOW, &id, &out, &f))
		die(body, &f);
	sr_buf_release(&out);
	sr_fail_release(&f);
}

/* Every record of the resources picked, as the API lists them. */
static void snapshot(struct sr_buf *out)
{
	for (size_t i = 0; i < sizeof(picked) / sizeof(picked[0]); i++) {
		struct sr_list_query q = {.limit = SR_LIST_MAX};
		struct sr_fail f = SR_FAIL_INIT;

		if (picked[i] == SR_RES_PRODUCT) {
			q.names[0] = "retired";
			q.values[0] = "1";
			q.n = 1;
		}
		if (sr_rec_list(store, picked[i], &q, out, &f))
			die("list", &f);
		sr_fail_release(&f);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm"
			   : getenv("TMPDIR")		 ? getenv("TMPDIR")
							 : "/tmp";
	struct sr_fail f = SR_FAIL_INIT;

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "%s/smallrun-fuzz-bulk-XXXXXX", base);
	if (!mkdtemp(dir))
		die("mkdtemp", NULL);
	snprintf(path, sizeof(path), "%s/fuzz.db", dir);
	snprintf(seed_path, sizeof(seed_path), "%s/seed.db", dir);
	atexit(cleanup);
	open_store();
	seed("products", "{\"name\": \"Rye\", \"price\": 400}");
	seed("products", "{\"name\": \"Spelt\", \"mode\": \"batch\"}");
	seed("products", "{\"name\": \"Bap\", \"retired\": 1}");
	seed("customers", "{\"name\": \"Ada\"}");
	seed("orders", "{\"customer_id\": 1, \"product_id\": 1, \"title\": "
		       "\"Loaves\", \"price\": 1200}");
	seed("batches", "{\"product_id\": 1, \"run_date\": \"2026-11-30\", "
			"\"made_qty\": 10}");
	seed("batches", "{\"product_id\": 2, \"run_date\": \"2026-11-30\", "
			"\"made_qty\": 3, \"rejected_qty\": 1}");
	seed("sales", "{\"batch_id\": 1, \"quantity\": 4}");
	if (sr_store_backup(store, seed_path, &f))
		die("backup", &f);
	sr_fail_release(&f);
	return 0;
}

/* Put the seeded database back after a change. */
static void restore(void)
{
	FILE *in, *out;
	char buf[65536];
	size_t n;

	sr_store_close(store);
	store = NULL;
	remove_db(path);
	in = fopen(seed_path, "rb");
	out = fopen(path, "wb");
	if (!in || !out)
		die("copy seed", NULL);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			die("copy seed", NULL);
	fclose(in);
	if (fclose(out))
		die("copy seed", NULL);
	open_store();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sr_buf before = SR_BUF_INIT(OUT_MAX),
		      after = SR_BUF_INIT(OUT_MAX);
	struct sr_buf out = SR_BUF_INIT(OUT_MAX);
	struct sr_fail f = SR_FAIL_INIT;
	enum sr_res r;
	enum sr_err err;

	if (size < 1)
		return 0;
	r = picked[data[0] % (sizeof(picked) / sizeof(picked[0]))];
	snapshot(&before);
	err = sr_rec_update_many(store, r, (const char *)data + 1, size - 1,
				 NOW, &out, &f);
	if (err == SR_OK) {
		json_t *doc = json_loads(out.data, 0, NULL);
		json_t *items = json_object_get(doc, "items");

		if (!json_is_array(items) ||
		    (json_int_t)json_array_size(items) !=
			    json_integer_value(json_object_get(doc, "total")) ||
		    json_array_size(items) == 0)
			die("answer", NULL);
		json_decref(doc);
		restore();
	} else {
		if (err != SR_EINVAL && err != SR_ECONFLICT)
			die("unexpected error", &f);
		if (!f.code || !f.message.len || !strcmp(f.code, "constraint"))
			die("error without words, or caught by the schema", &f);
		snapshot(&after);
		if (before.len != after.len ||
		    memcmp(before.data, after.data, before.len))
			die("a refused change wrote something", &f);
	}
	sr_buf_release(&before);
	sr_buf_release(&after);
	sr_buf_release(&out);
	sr_fail_release(&f);
	return 0;
}
