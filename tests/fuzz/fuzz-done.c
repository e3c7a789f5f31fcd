/*
 * fuzz-done.c - libFuzzer driver for the done body (POST
 * /api/v1/batches/{id}/done, or an order's): sr_done_parse() alone, and
 * sr_consume_done() with it on a real SQLite file.
 *
 * Input: the first byte picks the call: bit 0 set, marking done (bit 1
 * set: order 1, else batch 1); clear, the parser alone (bit 1 set: an
 * order's body, else a batch's). The rest is the body.
 *
 * The database: a fresh file in a private folder (under /dev/shm when it
 * exists), seeded once and copied; after a call that succeeded it is put
 * back, so every input starts from the same state. Oil in two lots (one
 * expired) and some loose stock, flour in one lot; a loaf takes both.
 *
 * Invariants, abort() on the first that breaks:
 *   - the parser says SR_OK or SR_EINVAL with a code and a message; what
 *     it gives is in its bounds (at most SR_DONE_USES_MAX uses, each of a
 *     material id and a quantity of at least 1, a lot id or none);
 *   - done returns SR_OK, SR_EINVAL, SR_ECONFLICT or SR_ENOTFOUND, never
 *     SR_EDB nor a schema CHECK ("constraint"); refused, nothing changed;
 *   - done, no lot holds less than nothing or more than it came with, no
 *     material's lots hold more than it has on hand (stock.h), and the
 *     stock that went is what its uses took.
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

#include "smallrun/consume.h"
#include "smallrun/records.h"
#include "smallrun/store.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define OUT_MAX (1 << 22)
#define NOW INT64_C(1796083200) /* 2026-12-01 */

static const enum sr_res touched[] = {
	SR_RES_BATCH, SR_RES_ORDER,    SR_RES_BATCH_MATERIAL,
	SR_RES_LOT,   SR_RES_MATERIAL,
};
static char dir[256], path[300], seed_path[300];
static sr_store *store;
static struct sr_done parsed;

static void die(const char *what, const struct sr_fail *f)
{
	fprintf(stderr, "fuzz-done: %s: %s %s\n", what, f ? f->code : "",
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

static json_t *all_of(enum sr_res r)
{
	struct sr_list_query q = {.limit = SR_LIST_MAX};
	struct sr_buf out = SR_BUF_INIT(OUT_MAX);
	struct sr_fail f = SR_FAIL_INIT;
	json_t *doc;

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

/* The sum of a field over every record of r. */
static int64_t total(enum sr_res r, const char *key)
{
	json_t *doc = all_of(r), *items = json_object_get(doc, "items");
	int64_t sum = 0;

	for (size_t i = 0; i < json_array_size(items); i++)
		sum += num(json_array_get(items, i), key);
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
	snprintf(dir, sizeof(dir), "%s/smallrun-fuzz-done-XXXXXX", base);
	if (!mkdtemp(dir))
		die("mkdtemp", NULL);
	snprintf(path, sizeof(path), "%s/fuzz.db", dir);
	snprintf(seed_path, sizeof(seed_path), "%s/seed.db", dir);
	atexit(cleanup);
	open_store();
	/* Oil: 300 ml loose, lots 1 (500, expired) and 2 (1000). Flour:
	 * lot 3 (2000). */
	seed("materials", "{\"name\": \"Oil\", \"unit\": \"ml\", "
			  "\"on_hand\": 300, \"cost_per_unit\": 90, "
			  "\"cost_per\": 100}");
	seed("materials", "{\"name\": \"Flour\"}");
	seed("material-lots", "{\"material_id\": 1, \"lot\": \"OX\", "
			      "\"expires_on\": \"2026-11-01\", "
			      "\"quantity\": 500, \"cost\": 300}");
	seed("material-lots", "{\"material_id\": 1, \"lot\": \"OK\", "
			      "\"expires_on\": \"2027-01-01\", "
			      "\"quantity\": 1000, \"cost\": 900}");
	seed("material-lots", "{\"material_id\": 2, \"lot\": \"FL\", "
			      "\"quantity\": 2000, \"cost\": 230}");
	seed("products", "{\"name\": \"Loaf\"}");
	seed("recipe-lines", "{\"product_id\": 1, \"material_id\": 1, "
			     "\"quantity\": 20}");
	seed("recipe-lines", "{\"product_id\": 1, \"material_id\": 2, "
			     "\"quantity\": 450}");
	seed("batches", "{\"product_id\": 1, \"run_date\": \"2026-12-01\", "
			"\"planned_qty\": 4}");
	seed("customers", "{\"name\": \"Ann\"}");
	seed("orders", "{\"customer_id\": 1, \"product_id\": 1, \"title\": "
		       "\"Loaves\", \"quantity\": 2, \"status\": "
		       "\"accepted\"}");
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

static void parse_only(enum sr_maker what, const char *body, size_t len)
{
	struct sr_fail f = SR_FAIL_INIT;
	enum sr_err err = sr_done_parse(what, body, len, &parsed, &f);

	if (err == SR_OK) {
		if (parsed.nuses > SR_DONE_USES_MAX ||
		    (parsed.nuses && !parsed.has_uses) ||
		    (what == SR_MAKE_ORDER &&
		     (parsed.has_made || parsed.has_rejected)) ||
		    parsed.made_qty < 0 || parsed.rejected_qty < 0)
			die("a parsed body out of its bounds", NULL);
		for (size_t i = 0; i < parsed.nuses; i++)
			if (parsed.uses[i].material_id < 1 ||
			    parsed.uses[i].quantity < 1 ||
			    parsed.uses[i].lot_id < 0)
				die("a parsed use out of its bounds", NULL);
	} else if (err != SR_EINVAL || !f.code[0] || !f.message.len) {
		die("the parser's failure", &f);
	}
	sr_fail_release(&f);
}

/* Lots within 0 and what came, none holding more than is on hand. */
static void lots_keep_step(void)
{
	json_t *lots_doc = all_of(SR_RES_LOT),
	       *mat_doc = all_of(SR_RES_MATERIAL);
	json_t *lots = json_object_get(lots_doc, "items");
	json_t *mats = json_object_get(mat_doc, "items");

	for (size_t m = 0; m < json_array_size(mats); m++) {
		const json_t *mat = json_array_get(mats, m);
		int64_t held = 0, on = num(mat, "on_hand");

		for (size_t k = 0; k < json_array_size(lots); k++) {
			const json_t *l = json_array_get(lots, k);

			if (num(l, "material_id") != num(mat, "id"))
				continue;
			if (num(l, "remaining") < 0 ||
			    num(l, "remaining") > num(l, "quantity"))
				die("a lot out of its bounds", NULL);
			held += num(l, "remaining");
		}
		if (held > (on > 0 ? on : 0))
			die("lots hold more than is on hand", NULL);
	}
	json_decref(lots_doc);
	json_decref(mat_doc);
}

static void mark_done(enum sr_maker what, const char *body, size_t len)
{
	struct sr_buf before = SR_BUF_INIT(OUT_MAX),
		      after = SR_BUF_INIT(OUT_MAX);
	struct sr_buf out = SR_BUF_INIT(OUT_MAX);
	struct sr_fail f = SR_FAIL_INIT;
	int64_t stock = total(SR_RES_MATERIAL, "on_hand");
	enum sr_err err;

	snapshot(&before);
	err = sr_consume_done(store, what, 1, body, len, NOW, &out, &f);
	if (err == SR_OK) {
		json_t *doc = json_loads(out.data, 0, NULL);

		if (!doc || !json_is_array(json_object_get(doc, "uses")))
			die("answer", NULL);
		json_decref(doc);
		lots_keep_step();
		if (total(SR_RES_MATERIAL, "on_hand") !=
		    stock - total(SR_RES_BATCH_MATERIAL, "quantity"))
			die("the stock that went is not what was used", NULL);
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
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum sr_maker what;

	if (size < 1)
		return 0;
	what = data[0] & 2 ? SR_MAKE_ORDER : SR_MAKE_BATCH;
	if (data[0] & 1)
		mark_done(what, (const char *)data + 1, size - 1);
	else
		parse_only(what, (const char *)data + 1, size - 1);
	return 0;
}
