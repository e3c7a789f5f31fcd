/*
 * fuzz-quote.c - libFuzzer driver for the quote body (POST
 * /api/v1/orders/{id}/quote, lib/quote.c's sr_quote_make()) on a real
 * SQLite file, and for the body of an accept or withdraw
 * (sr_quote_no_body()).
 *
 * Input: the first byte picks the call: bit 1 set, the accept body alone;
 * clear, a quote of order 1 (bit 0 clear: an estimate of 120 minutes, no
 * price, no due date, so the planner is asked) or order 2 (bit 0 set: an
 * agreed price of £450.00, due 2027-01-15). The rest is the body.
 *
 * The database: seeded once and copied (seeded.c); after a call that
 * succeeded it is put back, so every input starts from the same state.
 * The workshop is VAT-registered at 20 %.
 *
 * Invariants, abort() on the first that breaks:
 *   - the accept body parser says SR_OK or SR_EINVAL with a code and a
 *     message;
 *   - a quote is made (SR_OK) or refused with SR_EINVAL, SR_ECONFLICT or
 *     SR_ENOTFOUND, never SR_EDB nor a schema CHECK ("constraint"), with
 *     a code and a message; refused, nothing changed;
 *   - made, it is open, its price is at least 0, its VAT is its rate of
 *     the price rounded half up, its total their sum, it stands from
 *     today (2026-12-01) to no earlier day, its source is "agreed" or
 *     "costing", and it is the order's one open quote.
 */
#define _DEFAULT_SOURCE
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smallrun/plan.h"
#include "smallrun/quote.h"
#include "smallrun/records.h"
#include "smallrun/store.h"

#include "seeded.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const enum sr_res touched[] = {SR_RES_ORDER, SR_RES_QUOTE};

static int64_t num(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static const char *text(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char settings[] =
		"{\"vat_number\": \"GB123456789\", \"vat_bp\": 2000, "
		"\"quote_days\": 30, \"quote_terms\": \"Net 30\"}";
	struct sr_buf out = SR_BUF_INIT(FUZZ_OUT_MAX);
	struct sr_fail f = SR_FAIL_INIT;

	(void)argc;
	(void)argv;
	fuzz_open("quote");
	if (sr_settings_update(fuzz_store, settings, strlen(settings), &out,
			       &f))
		fuzz_die("settings", &f);
	sr_buf_release(&out);
	fuzz_seed("customers", "{\"name\": \"Ann\"}");
	fuzz_seed("orders", "{\"customer_id\": 1, \"title\": \"Table\", "
			    "\"estimated_minutes\": 120}");
	fuzz_seed("orders", "{\"customer_id\": 1, \"title\": \"Gate\", "
			    "\"price\": 45000, \"due_date\": \"2027-01-15\"}");
	/* An open quote of order 2, for a new one to withdraw. */
	fuzz_seed("quotes", "{\"order_id\": 2}");
	fuzz_keep();
	return 0;
}

static void no_body(const char *body, size_t len)
{
	struct sr_fail f = SR_FAIL_INIT;
	enum sr_err err = sr_quote_no_body(body, len, &f);

	if (err != SR_OK && (err != SR_EINVAL || !f.code || !f.message.len))
		fuzz_die("the accept body's failure", &f);
	sr_fail_release(&f);
}

/* The quote made of order, as the invariants say it must be. */
static void check_made(const json_t *q, int64_t order)
{
	int64_t price = num(q, "price"), bp = num(q, "vat_bp");
	json_t *all = fuzz_all_of(SR_RES_QUOTE), *items, *it;
	size_t i, open = 0;

	if (!q || num(q, "order_id") != order ||
	    strcmp(text(q, "status"), "open"))
		fuzz_die("the quote made", NULL);
	if (price < 0 || bp < 0 || bp > 10000 ||
	    num(q, "vat") != (price * bp + 5000) / 10000 ||
	    num(q, "total") != price + num(q, "vat"))
		fuzz_die("the quote's figures", NULL);
	if (strcmp(text(q, "issued_on"), "2026-12-01") ||
	    strcmp(text(q, "valid_until"), "2026-12-01") < 0)
		fuzz_die("the days it stands", NULL);
	if (strcmp(text(q, "price_source"), "agreed") &&
	    strcmp(text(q, "price_source"), "costing"))
		fuzz_die("its price_source", NULL);
	items = json_object_get(all, "items");
	json_array_foreach(items, i, it)
	{
		if (num(it, "order_id") == order &&
		    !strcmp(text(it, "status"), "open"))
			open++;
	}
	if (open != 1)
		fuzz_die("not the order's one open quote", NULL);
	json_decref(all);
}

static void make(int64_t order, const char *body, size_t len)
{
	struct sr_buf before = SR_BUF_INIT(FUZZ_OUT_MAX),
		      after = SR_BUF_INIT(FUZZ_OUT_MAX);
	struct sr_buf out = SR_BUF_INIT(FUZZ_OUT_MAX);
	struct sr_plan_opts opts = SR_PLAN_OPTS_INIT;
	struct sr_fail f = SR_FAIL_INIT;
	/* 2026-12-01 at 09:00. */
	int64_t today = FUZZ_NOW / 86400;
	enum sr_err err;

	fuzz_snapshot(touched, sizeof(touched) / sizeof(touched[0]), &before);
	err = sr_quote_make(fuzz_store, order, body, len, today, 9 * 60, &opts,
			    FUZZ_NOW, &out, &f);
	if (err == SR_OK) {
		json_t *q = json_loadb(out.data, out.len, 0, NULL);

		check_made(q, order);
		json_decref(q);
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
	const char *body;

	if (size < 1)
		return 0;
	body = (const char *)data + 1;
	if (data[0] & 2)
		no_body(body, size - 1);
	else
		make(data[0] & 1 ? 2 : 1, body, size - 1);
	return 0;
}
