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

#include "smallrun/goods-in.h"
#include "smallrun/records.h"
#include "smallrun/store.h"

#include "seeded.h"
#include "smallrun/to-buy.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const enum sr_res touched[] = {
	SR_RES_PURCHASE, SR_RES_PURCHASE_LINE, SR_RES_LOT,
	SR_RES_MATERIAL, SR_RES_PRODUCT,
};

static int64_t num(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* The sum of the stock of every material. */
static int64_t stock(void)
{
	json_t *doc = fuzz_all_of(SR_RES_MATERIAL);
	json_t *m = json_object_get(doc, "items");
	int64_t sum = 0;

	for (size_t i = 0; i < json_array_size(m); i++)
		sum += num(json_array_get(m, i), "on_hand");
	json_decref(doc);
	return sum;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_open("receive");
	fuzz_seed("suppliers", "{\"name\": \"Mill\", \"lead_time_days\": 3}");
	fuzz_seed("materials",
		  "{\"name\": \"Flour\", \"on_hand\": 1000, "
		  "\"cost_per_unit\": 110, \"cost_per\": 1000, "
		  "\"supplier_id\": 1, \"pack_size\": 16000, "
		  "\"pack_price\": 1840, \"reorder_level\": 5000}");
	fuzz_seed("materials", "{\"name\": \"Oil\", \"unit\": \"ml\"}");
	fuzz_seed("material-units", "{\"material_id\": 1, \"name\": \"sack\", "
				    "\"base_qty\": 16000}");
	fuzz_seed("products", "{\"name\": \"Loaf\"}");
	fuzz_seed("recipe-lines", "{\"product_id\": 1, \"material_id\": 1, "
				  "\"quantity\": 450}");
	fuzz_seed("recipe-lines", "{\"product_id\": 1, \"material_id\": 2, "
				  "\"quantity\": 20}");
	fuzz_seed("batches",
		  "{\"product_id\": 1, \"run_date\": \"2026-12-04\", "
		  "\"planned_qty\": 40}");
	fuzz_seed("purchases", "{\"supplier_id\": 1}");
	fuzz_seed("purchase-lines", "{\"purchase_id\": 1, \"material_id\": 1, "
				    "\"quantity\": 2, \"unit\": \"sack\", "
				    "\"price\": 4001, \"lot\": \"SM-1\"}");
	fuzz_seed("purchase-lines", "{\"purchase_id\": 1, \"material_id\": 2, "
				    "\"quantity\": 3, \"unit\": \"l\", "
				    "\"price\": 7}");
	fuzz_seed("purchases", "{\"supplier_id\": 1}");
	fuzz_seed("purchase-lines", "{\"purchase_id\": 2, \"material_id\": 2, "
				    "\"quantity\": 1, \"price\": 1}");
	fuzz_seed_update("purchases", 2, "{\"status\": \"cancelled\"}");
	fuzz_keep();
	return 0;
}

/* The lots of every line add up to what it says came, and cost. */
static void lines_add_up(int64_t stock_before)
{
	json_t *lines_doc = fuzz_all_of(SR_RES_PURCHASE_LINE);
	json_t *lots_doc = fuzz_all_of(SR_RES_LOT);
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
				fuzz_die("a new lot is not whole", NULL);
		}
		made += qty;
		if (qty != num(l, "received_qty") || qty > num(l, "base_qty") ||
		    cost > num(l, "price") ||
		    (qty == num(l, "base_qty") && cost != num(l, "price")))
			fuzz_die("a line's lots do not add up", NULL);
	}
	if (stock() != stock_before + made)
		fuzz_die("stock did not rise by the lots made", NULL);
	json_decref(lines_doc);
	json_decref(lots_doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sr_buf before = SR_BUF_INIT(FUZZ_OUT_MAX),
		      after = SR_BUF_INIT(FUZZ_OUT_MAX);
	struct sr_buf out = SR_BUF_INIT(FUZZ_OUT_MAX);
	struct sr_fail f = SR_FAIL_INIT;
	bool orders;
	int64_t made = 0, stock_before;
	enum sr_err err;

	if (size < 1)
		return 0;
	orders = data[0] & 1;
	fuzz_snapshot(touched, sizeof(touched) / sizeof(touched[0]), &before);
	stock_before = stock();
	if (orders)
		err = sr_to_buy_orders(fuzz_store, (const char *)data + 1,
				       size - 1, FUZZ_NOW, &made, &out, &f);
	else
		err = sr_purchase_receive(fuzz_store, 1 + (data[0] >> 1) % 3,
					  (const char *)data + 1, size - 1,
					  FUZZ_NOW, &out, &f);
	if (err == SR_OK) {
		json_t *doc = json_loads(out.data, 0, NULL);

		if (!doc)
			fuzz_die("answer is not JSON", NULL);
		if (orders ? (int64_t)json_array_size(
				     json_object_get(doc, "items")) != made
			   : !json_is_array(json_object_get(doc, "lots")) ||
				     !json_array_size(
					     json_object_get(doc, "lots")))
			fuzz_die("answer", NULL);
		json_decref(doc);
		if (!orders)
			lines_add_up(stock_before);
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
	return 0;
}
