/*
 * fuzz-invoice.c - libFuzzer driver for the bodies invoices read
 * (lib/invoice.c): an invoice of sales (POST /api/v1/invoices), of an
 * order (POST /api/v1/orders/{id}/invoice), paid (POST
 * /api/v1/invoices/{id}/paid) and void, on a real SQLite file.
 *
 * Input: the first byte picks the call, byte % 4: 0 sales, 1 order 1
 * (done) or 2 (cancelled) by bit 2, 2 paid and 3 void on invoice 1 (of
 * sale 2, issued in the seeding). The rest is the body.
 *
 * Invariants, abort() on the first that breaks:
 *   - the call returns SR_OK, SR_EINVAL, SR_ECONFLICT or SR_ENOTFOUND,
 *     never SR_EDB nor a schema CHECK ("constraint");
 *   - on error f.code and f.message are set and nothing changed: the
 *     sales, orders and every invoice with its lines read back as before;
 *   - an invoice issued is number 2 (one more than the one there was),
 *     its net and VAT the sums of its lines', gross their sum, each
 *     line's net its quantity × price and its VAT at most its net.
 */
#define _DEFAULT_SOURCE
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smallrun/invoice.h"
#include "smallrun/records.h"
#include "smallrun/store.h"

#include "seeded.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const enum sr_res touched[] = {SR_RES_SALE, SR_RES_ORDER,
				      SR_RES_CUSTOMER};

static int64_t num(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* The records and every invoice, whole, appended to out. */
static void snapshot(struct sr_buf *out)
{
	struct sr_invoice_query q = {.limit = 1000};
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_buf list = SR_BUF_INIT(FUZZ_OUT_MAX);
	json_t *doc, *items;

	fuzz_snapshot(touched, sizeof(touched) / sizeof(touched[0]), out);
	if (sr_invoice_list(fuzz_store, &q, FUZZ_NOW, &list, &f))
		fuzz_die("list", &f);
	doc = json_loads(list.data, 0, NULL);
	items = json_object_get(doc, "items");
	for (size_t i = 0; i < json_array_size(items); i++)
		if (sr_invoice_get(fuzz_store,
				   num(json_array_get(items, i), "id"),
				   FUZZ_NOW, out, &f))
			fuzz_die("get", &f);
	json_decref(doc);
	sr_buf_release(&list);
	sr_fail_release(&f);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct sr_buf out = SR_BUF_INIT(FUZZ_OUT_MAX);
	struct sr_fail f = SR_FAIL_INIT;
	static const char first[] = "{\"customer_id\": 1, \"sale_ids\": [2]}";
	static const char vat[] = "{\"vat_number\": \"GB999999973\"}";

	(void)argc;
	(void)argv;
	fuzz_open("invoice");
	if (sr_settings_update(fuzz_store, vat, strlen(vat), &out, &f))
		fuzz_die("settings", &f);
	sr_buf_reset(&out);
	fuzz_seed("customers", "{\"name\": \"Ada\"}");
	fuzz_seed("customers", "{\"name\": \"Bob\"}");
	fuzz_seed("products", "{\"name\": \"Jam\", \"price\": 1249}");
	fuzz_seed("products", "{\"name\": \"Book\", \"price\": 500, "
			      "\"vat_bp\": 0}");
	fuzz_seed("sales", "{\"product_id\": 1, \"quantity\": 3, "
			   "\"beyond_stock\": 1}");
	fuzz_seed("sales", "{\"product_id\": 2, \"quantity\": 1, "
			   "\"customer_id\": 1, \"beyond_stock\": 1}");
	fuzz_seed("sales", "{\"product_id\": 1, \"quantity\": 1, "
			   "\"customer_id\": 2, \"beyond_stock\": 1}");
	fuzz_seed("orders", "{\"customer_id\": 1, \"title\": \"Chair\", "
			    "\"quantity\": 3, \"price\": 9001, "
			    "\"status\": \"done\"}");
	fuzz_seed("orders", "{\"customer_id\": 1, \"title\": \"Stool\", "
			    "\"price\": 900, \"status\": \"cancelled\"}");
	if (sr_invoice_from_sales(fuzz_store, first, strlen(first), FUZZ_NOW,
				  &out, &f))
		fuzz_die("the first invoice", &f);
	fuzz_keep();
	sr_buf_release(&out);
	sr_fail_release(&f);
	return 0;
}

/* An invoice's figures add up. */
static void adds_up(const json_t *inv)
{
	const json_t *lines = json_object_get(inv, "lines");
	int64_t net = 0, vat = 0;

	for (size_t i = 0; i < json_array_size(lines); i++) {
		const json_t *l = json_array_get(lines, i);

		if (num(l, "net") !=
			    num(l, "quantity") * num(l, "unit_price") ||
		    num(l, "vat") > num(l, "net") || num(l, "vat") < 0)
			fuzz_die("a line does not add up", NULL);
		net += num(l, "net");
		vat += num(l, "vat");
	}
	if (!json_array_size(lines) || net != num(inv, "net") ||
	    vat != num(inv, "vat") || num(inv, "gross") != net + vat)
		fuzz_die("the totals are not the lines' sums", NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sr_buf before = SR_BUF_INIT(FUZZ_OUT_MAX),
		      after = SR_BUF_INIT(FUZZ_OUT_MAX);
	struct sr_buf out = SR_BUF_INIT(FUZZ_OUT_MAX);
	struct sr_fail f = SR_FAIL_INIT;
	const char *body;
	size_t len;
	int call;
	enum sr_err err;

	if (size < 1)
		return 0;
	call = data[0] % 4;
	body = (const char *)data + 1;
	len = size - 1;
	snapshot(&before);
	switch (call) {
	case 0:
		err = sr_invoice_from_sales(fuzz_store, body, len, FUZZ_NOW,
					    &out, &f);
		break;
	case 1:
		err = sr_invoice_from_order(fuzz_store, 1 + (data[0] >> 2 & 1),
					    body, len, FUZZ_NOW, &out, &f);
		break;
	case 2:
		err = sr_invoice_paid(fuzz_store, 1, body, len, FUZZ_NOW, &out,
				      &f);
		break;
	default:
		err = sr_invoice_void(fuzz_store, 1, body, len, FUZZ_NOW, &out,
				      &f);
		break;
	}
	if (err == SR_OK) {
		json_t *doc = json_loads(out.data, 0, NULL);

		if (!doc)
			fuzz_die("answer is not JSON", NULL);
		adds_up(doc);
		if (call < 2 && num(doc, "number") != 2)
			fuzz_die("the new invoice is not number 2", NULL);
		if (call >= 2 && num(doc, "number") != 1)
			fuzz_die("paid or void changed the number", NULL);
		json_decref(doc);
		fuzz_restore();
	} else {
		snapshot(&after);
		fuzz_refused(err, &f, &before, &after);
	}
	sr_buf_release(&before);
	sr_buf_release(&after);
	sr_buf_release(&out);
	sr_fail_release(&f);
	return 0;
}
