/*
 * fuzz-receive.c - libFuzzer driver for the two bodies goods in reads
 * itself: a receipt (POST /api/v1/purchases/{id}/receive, through
 * sr_purchase_receive()) and the purchase orders from the to-buy list
 * (POST /api/v1/to-buy/orders, sr_to_buy_orders()), on a real SQLite file.
 *
 * Input: the first byte picks the call: bit 0 set, the to-buy orders;
 * else a receipt on purchase 1 (ordered: two lines), 2 (cancelled) or 3
 * (none), by (byte >> 1) % 3. The rest is the body.
 *
 * The database: a fresh file in a private folder (under /dev/shm when it
 * exists), seeded once and copied; after a call that succeeded it is put
 * back, so every input starts from the same state.
 *
 * Invariants, abort() on the first that breaks:
 *   - the call returns SR_OK, SR_EINVAL, SR_ECONFLICT or SR_ENOTFOUND,
 *     never SR_EDB nor a schema CHECK ("constraint");
 *   - on error f.code and f.message are set and nothing changed: every
 *     record of every resource it could touch reads back as before;
 *   - a receipt that succeeded made lots that add up: each line's lots
 *     hold its received_qty, cost no more than its price and exactly
 *     its price once it came whole; the materials' stock rose by the lots
 *     made, and nothing was received past what was ordered.
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

#include "smallrun/goods-in.h"
#include "smallrun/records.h"
#include "smallrun/store.h"
#include "smallrun/to-buy.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define OUT_MAX (1 << 22)
#define NOW INT64_C(1796083200) /* 2026-12-01 */

static const enum sr_res touched[] = {
	SR_RES_PURCHASE, SR_RES_PURCHASE_LINE, SR_RES_LOT,
	SR_RES_MATERIAL, SR_RES_PRODUCT,
};
static char dir[256], path[300], seed_path[300];
static sr_store *store;

static void die(const char *what, const struct sr_fail *f)
{
	fprintf(stderr, "fuzz-receive: %s: %s %s\n", what, f ? f->code : "",
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

static void seed_update(const char *r, int64_t id, const char *body)
{
	struct sr_buf out = SR_BUF_INIT(OUT_MAX);
	struct sr_fail f = SR_FAIL_INIT;

	if (sr_rec_update(store, (enum sr_res)sr_res_find(r), id, body,
			  strlen(body), NOW, &out, &f))
		die(body, &f);
	sr_buf_release(&out);
	sr_fail_release(&f);
}

/* Every record of res, parsed; the caller decrefs. */
static json_t *all_of(enum sr_res r)
{
	struct sr_list_query q = {.limit = SR_LIST_MAX};
	struct sr_buf out = SR_BUF_INIT(OUT_MAX);
	struct sr_fail f = SR_FAIL_INIT;
	json_t *doc;

	if (r == SR_RES_PRODUCT) {
		q.names[0] = "retired";
		q.values[0] = "1";
		q.n = 1;
	}
	if (sr_rec_list(store, r, &q, &out, &f))
		die("list", &f);
	doc = json_loads(out.data, 0, NULL);
	if (!doc)
		die("list is not JSON", NULL);
	sr_buf_release(&out);
	sr_fail_release(&f);
	return doc;
}

static void snapshot(struct sr_buf *out)
{
	for (size_t i = 0; i < sizeof(touched) / sizeof(touched[0]); i++) {
		json_t *doc = all_of(touched[i]);
		char *text = json_dumps(doc, JSON_SORT_KEYS | JSON_COMPACT);

		sr_buf_adds(out, text);
		free(text);
		json_decref(doc);
	}
}

static int64_t num(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* The sum of the stock of every material. */
static int64_t stock(void)
{
	json_t *doc = all_of(SR_RES_MATERIAL);
	json_t *m = json_object_get(doc, "items");
	int64_t sum = 0;

	for (size_t i = 0; i < json_array_size(m); i++)
		sum += num(json_array_get(m, i), "on_hand");
	json_decref(doc);
	return sum;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm"
			   : getenv("TMPDIR")		 ? getenv("TMPDIR")
							 : "/tmp";
	struct sr_fail f = SR_FAIL_INIT;

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "%s/smallrun-fuzz-receive-XXXXXX", base);
	if (!mkdtemp(dir))
		die("mkdtemp", NULL);
	snprintf(path, sizeof(path), "%s/fuzz.db", dir);
	snprintf(seed_path, sizeof(seed_path), "%s/seed.db", dir);
	atexit(cleanup);
	open_store();
	seed("suppliers", "{\"name\": \"Mill\", \"lead_time_days\": 3}");
	seed("materials", "{\"name\": \"Flour\", \"on_hand\": 1000, "
			  "\"cost_per_unit\": 110, \"cost_per\": 1000, "
			  "\"supplier_id\": 1, \"pack_size\": 16000, "
			  "\"pack_price\": 1840, \"reorder_level\": 5000}");
	seed("materials", "{\"name\": \"Oil\", \"unit\": \"ml\"}");
	seed("material-units", "{\"material_id\": 1, \"name\": \"sack\", "
			       "\"base_qty\": 16000}");
	seed("products", "{\"name\": \"Loaf\"}");
	seed("recipe-lines", "{\"product_id\": 1, \"material_id\": 1, "
			     "\"quantity\": 450}");
	seed("recipe-lines", "{\"product_id\": 1, \"material_id\": 2, "
			     "\"quantity\": 20}");
	seed("batches", "{\"product_id\": 1, \"run_date\": \"2026-12-04\", "
			"\"planned_qty\": 40}");
	seed("purchases", "{\"supplier_id\": 1}");
	seed("purchase-lines", "{\"purchase_id\": 1, \"material_id\": 1, "
			       "\"quantity\": 2, \"unit\": \"sack\", "
			       "\"price\": 4001, \"lot\": \"SM-1\"}");
	seed("purchase-lines", "{\"purchase_id\": 1, \"material_id\": 2, "
			       "\"quantity\": 3, \"unit\": \"l\", "
			       "\"price\": 7}");
	seed("purchases", "{\"supplier_id\": 1}");
	seed("purchase-lines", "{\"purchase_id\": 2, \"material_id\": 2, "
			       "\"quantity\": 1, \"price\": 1}");
	seed_update("purchases", 2, "{\"status\": \"cancelled\"}");
	if (sr_store_backup(store, seed_path, &f))
		die("backup", &f);
	sr_fail_release(&f);
	return 0;
}

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

/* The lots of every line add up to what it says came, and cost. */
static void lines_add_up(int64_t stock_before)
{
	json_t *lines_doc = all_of(SR_RES_PURCHASE_LINE);
	json_t *lots_doc = all_of(SR_RES_LOT);
	json_t *lines = json_object_get(lines_doc, "items");
	json_t *lots = json_object_get(lots_doc, "items");
	int64_t made = 0;

	for (size_t i = 0; i < json_array_size(lines); i++) {
		const json_t *l = json_array_get(lines, i);
		int64_t qty = 0, cost = 0;

		for (size_t k = 0; k < json_array_size(lots); k++) {
			const json_t *t = json_array_get(lots, k);

			if (num(t, "purchase_line_id") != num(l, "id"))
				continue;
			qty += num(t, "quantity");
			cost += num(t, "cost");
			if (num(t, "remaining") != num(t, "quantity"))
				die("a new lot is not whole", NULL);
		}
		made += qty;
		if (qty != num(l, "received_qty") || qty > num(l, "base_qty") ||
		    cost > num(l, "price") ||
		    (qty == num(l, "base_qty") && cost != num(l, "price")))
			die("a line's lots do not add up", NULL);
	}
	if (stock() != stock_before + made)
		die("stock did not rise by the lots made", NULL);
	json_decref(lines_doc);
	json_decref(lots_doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sr_buf before = SR_BUF_INIT(OUT_MAX),
		      after = SR_BUF_INIT(OUT_MAX);
	struct sr_buf out = SR_BUF_INIT(OUT_MAX);
	struct sr_fail f = SR_FAIL_INIT;
	bool orders;
	int64_t made = 0, stock_before;
	enum sr_err err;

	if (size < 1)
		return 0;
	orders = data[0] & 1;
	snapshot(&before);
	stock_before = stock();
	if (orders)
		err = sr_to_buy_orders(store, (const char *)data + 1, size - 1,
				       NOW, &made, &out, &f);
	else
		err = sr_purchase_receive(store, 1 + (data[0] >> 1) % 3,
					  (const char *)data + 1, size - 1, NOW,
					  &out, &f);
	if (err == SR_OK) {
		json_t *doc = json_loads(out.data, 0, NULL);

		if (!doc)
			die("answer is not JSON", NULL);
		if (orders ? (int64_t)json_array_size(
				     json_object_get(doc, "items")) != made
			   : !json_is_array(json_object_get(doc, "lots")) ||
				     !json_array_size(
					     json_object_get(doc, "lots")))
			die("answer", NULL);
		json_decref(doc);
		if (!orders)
			lines_add_up(stock_before);
		restore();
	} else {
		if (err != SR_EINVAL && err != SR_ECONFLICT &&
		    err != SR_ENOTFOUND)
			die("unexpected error", &f);
		if (!f.code || !f.message.len || !strcmp(f.code, "constraint"))
			die("error without words, or caught by the schema", &f);
		snapshot(&after);
		if (before.len != after.len ||
		    memcmp(before.data, after.data, before.len))
			die("a refused call wrote something", &f);
	}
	sr_buf_release(&before);
	sr_buf_release(&after);
	sr_buf_release(&out);
	sr_fail_release(&f);
	return 0;
}
