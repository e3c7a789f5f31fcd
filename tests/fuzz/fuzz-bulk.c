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

#include "smallrun/records.h"
#include "smallrun/store.h"

#include "seeded.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const enum sr_res picked[] = {SR_RES_PRODUCT, SR_RES_BATCH, SR_RES_ORDER,
				     SR_RES_CUSTOMER, SR_RES_SALE};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_open("bulk");
	fuzz_seed("products", "{\"name\": \"Rye\", \"price\": 400}");
	fuzz_seed("products", "{\"name\": \"Spelt\", \"mode\": \"batch\"}");
	fuzz_seed("products", "{\"name\": \"Bap\", \"retired\": 1}");
	fuzz_seed("customers", "{\"name\": \"Ada\"}");
	fuzz_seed("orders",
		  "{\"customer_id\": 1, \"product_id\": 1, \"title\": "
		  "\"Loaves\", \"price\": 1200}");
	fuzz_seed("batches",
		  "{\"product_id\": 1, \"run_date\": \"2026-11-30\", "
		  "\"made_qty\": 10}");
	fuzz_seed("batches",
		  "{\"product_id\": 2, \"run_date\": \"2026-11-30\", "
		  "\"made_qty\": 3, \"rejected_qty\": 1}");
	fuzz_seed("sales", "{\"batch_id\": 1, \"quantity\": 4}");
	fuzz_keep();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sr_buf before = SR_BUF_INIT(FUZZ_OUT_MAX),
		      after = SR_BUF_INIT(FUZZ_OUT_MAX);
	struct sr_buf out = SR_BUF_INIT(FUZZ_OUT_MAX);
	struct sr_fail f = SR_FAIL_INIT;
	enum sr_res r;
	enum sr_err err;

	if (size < 1)
		return 0;
	r = picked[data[0] % (sizeof(picked) / sizeof(picked[0]))];
	fuzz_snapshot(picked, sizeof(picked) / sizeof(picked[0]), &before);
	err = sr_rec_update_many(fuzz_store, r, (const char *)data + 1,
				 size - 1, FUZZ_NOW, &out, &f);
	if (err == SR_OK) {
		json_t *doc = json_loads(out.data, 0, NULL);
		json_t *items = json_object_get(doc, "items");

		if (!json_is_array(items) ||
		    (json_int_t)json_array_size(items) !=
			    json_integer_value(json_object_get(doc, "total")) ||
		    json_array_size(items) == 0)
			fuzz_die("answer", NULL);
		json_decref(doc);
		fuzz_restore();
	} else {
		if (err != SR_EINVAL && err != SR_ECONFLICT)
			fuzz_die("unexpected error", &f);
		if (!f.code || !f.message.len || !strcmp(f.code, "constraint"))
			fuzz_die("error without words, or caught by the schema",
				 &f);
		fuzz_snapshot(picked, sizeof(picked) / sizeof(picked[0]),
			      &after);
		if (before.len != after.len ||
		    memcmp(before.data, after.data, before.len))
			fuzz_die("a refused change wrote something", &f);
	}
	sr_buf_release(&before);
	sr_buf_release(&after);
	sr_buf_release(&out);
	sr_fail_release(&f);
	return 0;
}
