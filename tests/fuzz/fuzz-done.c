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

#include "smallrun/consume.h"
#include "smallrun/records.h"
#include "smallrun/store.h"

#include "seeded.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const enum sr_res touched[] = {
	SR_RES_BATCH, SR_RES_ORDER,    SR_RES_BATCH_MATERIAL,
	SR_RES_LOT,   SR_RES_MATERIAL,
};
static struct sr_done parsed;

static int64_t num(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* The sum of a field over every record of r. */
static int64_t total(enum sr_res r, const char *key)
{
	json_t *doc = fuzz_all_of(r), *items = json_object_get(doc, "items");
	int64_t sum = 0;

	for (size_t i = 0; i < json_array_size(items); i++)
		sum += num(json_array_get(items, i), key);
	json_decref(doc);
	return sum;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_open("done");
	/* Oil: 300 ml loose, lots 1 (500, expired) and 2 (1000). Flour:
	 * lot 3 (2000). */
	fuzz_seed("materials", "{\"name\": \"Oil\", \"unit\": \"ml\", "
			       "\"on_hand\": 300, \"cost_per_unit\": 90, "
			       "\"cost_per\": 100}");
	fuzz_seed("materials", "{\"name\": \"Flour\"}");
	fuzz_seed("material-lots", "{\"material_id\": 1, \"lot\": \"OX\", "
				   "\"expires_on\": \"2026-11-01\", "
				   "\"quantity\": 500, \"cost\": 300}");
	fuzz_seed("material-lots", "{\"material_id\": 1, \"lot\": \"OK\", "
				   "\"expires_on\": \"2027-01-01\", "
				   "\"quantity\": 1000, \"cost\": 900}");
	fuzz_seed("material-lots", "{\"material_id\": 2, \"lot\": \"FL\", "
				   "\"quantity\": 2000, \"cost\": 230}");
	fuzz_seed("products", "{\"name\": \"Loaf\"}");
	fuzz_seed("recipe-lines", "{\"product_id\": 1, \"material_id\": 1, "
				  "\"quantity\": 20}");
	fuzz_seed("recipe-lines", "{\"product_id\": 1, \"material_id\": 2, "
				  "\"quantity\": 450}");
	fuzz_seed("batches",
		  "{\"product_id\": 1, \"run_date\": \"2026-12-01\", "
		  "\"planned_qty\": 4}");
	fuzz_seed("customers", "{\"name\": \"Ann\"}");
	fuzz_seed("orders",
		  "{\"customer_id\": 1, \"product_id\": 1, \"title\": "
		  "\"Loaves\", \"quantity\": 2, \"status\": "
		  "\"accepted\"}");
	fuzz_keep();
	return 0;
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
			fuzz_die("a parsed body out of its bounds", NULL);
		for (size_t i = 0; i < parsed.nuses; i++)
			if (parsed.uses[i].material_id < 1 ||
			    parsed.uses[i].quantity < 1 ||
			    parsed.uses[i].lot_id < 0)
				fuzz_die("a parsed use out of its bounds",
					 NULL);
	} else if (err != SR_EINVAL || !f.code[0] || !f.message.len) {
		fuzz_die("the parser's failure", &f);
	}
	sr_fail_release(&f);
}

/* Lots within 0 and what came, none holding more than is on hand. */
static void lots_keep_step(void)
{
	json_t *lots_doc = fuzz_all_of(SR_RES_LOT),
	       *mat_doc = fuzz_all_of(SR_RES_MATERIAL);
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
				fuzz_die("a lot out of its bounds", NULL);
			held += num(l, "remaining");
		}
		if (held > (on > 0 ? on : 0))
			fuzz_die("lots hold more than is on hand", NULL);
	}
	json_decref(lots_doc);
	json_decref(mat_doc);
}

static void mark_done(enum sr_maker what, const char *body, size_t len)
{
	struct sr_buf before = SR_BUF_INIT(FUZZ_OUT_MAX),
		      after = SR_BUF_INIT(FUZZ_OUT_MAX);
	struct sr_buf out = SR_BUF_INIT(FUZZ_OUT_MAX);
	struct sr_fail f = SR_FAIL_INIT;
	int64_t stock = total(SR_RES_MATERIAL, "on_hand");
	enum sr_err err;

	fuzz_snapshot(touched, sizeof(touched) / sizeof(touched[0]), &before);
	err = sr_consume_done(fuzz_store, what, 1, body, len, FUZZ_NOW, &out,
			      &f);
	if (err == SR_OK) {
		json_t *doc = json_loads(out.data, 0, NULL);

		if (!doc || !json_is_array(json_object_get(doc, "uses")))
			fuzz_die("answer", NULL);
		json_decref(doc);
		lots_keep_step();
		if (total(SR_RES_MATERIAL, "on_hand") !=
		    stock - total(SR_RES_BATCH_MATERIAL, "quantity"))
			fuzz_die("the stock that went is not what was used",
				 NULL);
		fuzz_restore();
	} else {
		fuzz_snapshot(touched, sizeof(touched) / sizeof(touched[0]),
			      &after);
		fuzz_refused(err, &f, &before, &after);
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
