/*
 * fuzz-sales.c - libFuzzer driver for the sales reader and, on whatever it
 * accepts, the forecast. Whatever the bytes: reading ends cleanly; an error
 * names the file; an accepted file has a span whose ends are open days,
 * counts within bounds that add up to each product's total, names that
 * are UTF-8 and that sr_sales_find() finds, and product-days in date
 * order whose units add up to the totals too; and forecasting, sizing a
 * batch and walking a week past the end on the first product all succeed
 * with quantities that are whole batches.
 *
 * When the knob's top bit is set, the bytes are first decoded as
 * Windows-1252 (as `sales import --encoding windows-1252` does): that
 * never fails, gives UTF-8 of one to three bytes a byte that decodes back
 * byte for byte, and what it gives is never refused as not UTF-8.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smallrun/sales.h"
#include "smallrun/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_forecast(const struct sr_fc_history *h, int64_t last,
			   uint8_t knob)
{
	static const struct sr_fc_model m = SR_FC_MODEL_INIT;
	struct sr_fc_product p = {1 + knob, knob / 2, 0, 1 + knob % 9,
				  1 + knob % 5, knob % 3};
	struct sr_fc_step steps[7];
	struct sr_fc_tally t;
	struct sr_fc_batch b;
	struct sr_fc_day d;

	if (sr_forecast_day(h, &m, last + 1, last + 3, &d, NULL) ||
	    !(d.mean >= 0) || !(d.dispersion >= 1))
		abort();
	if (sr_forecast_batch(h, &m, &p, knob & 0x7f, last + 1, knob, &b,
			      NULL) ||
	    b.quantity < 0 || b.quantity % p.batch_size)
		abort();
	if (sr_forecast_walk(h, &m, &p, knob & 0x7f, knob % 3, last - 2,
			     last + 4, 0, steps, NULL, NULL))
		abort();
	for (int i = 0; i < 7; i++)
		if (steps[i].quantity % p.batch_size ||
		    steps[i].sold + steps[i].shortfall != steps[i].demand)
			abort();
	if (h->first <= last - 2 &&
	    (sr_forecast_walk(h, &m, &p, 0, SR_FC_SMALLRUN, last - 2, last, 0,
			      NULL, &t, NULL) ||
	     t.made + 0 != t.sold + t.wasted + t.left))
		abort();
}

/* Decode as Windows-1252 into out, and check it decodes back. */
static void decode(const char *in, size_t len, struct sr_buf *out)
{
	size_t at = 0;

	if (sr_cp1252_to_utf8(in, len, out) || out->len < len ||
	    out->len > 3 * len || sr_utf8_valid(out->data, out->len) != out->len)
		abort();
	/* Each byte's code point, read back from the UTF-8, in order. */
	for (size_t i = 0; i < len; i++) {
		const unsigned char *u = (const unsigned char *)out->data + at;
		uint32_t cp;

		if (u[0] < 0x80) {
			cp = u[0];
			at += 1;
		} else if (u[0] < 0xe0) {
			cp = (uint32_t)(u[0] & 0x1f) << 6 | (u[1] & 0x3f);
			at += 2;
		} else {
			cp = (uint32_t)(u[0] & 0x0f) << 12 |
			     (uint32_t)(u[1] & 0x3f) << 6 | (u[2] & 0x3f);
			at += 3;
		}
		if (cp != sr_cp1252_code_point((unsigned char)in[i]))
			abort();
	}
	if (at != out->len)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_buf dec = SR_BUF_INIT((size_t)64 << 20);
	struct sr_sales *s = NULL;
	const char *in;
	size_t len;
	int64_t first, last, day, units, prev, esum;
	enum sr_err err;
	uint8_t knob;

	if (size < 1)
		return 0;
	knob = data[0];
	in = (const char *)data + 1;
	len = size - 1;
	if (knob & 0x80) {
		decode(in, len, &dec);
		in = dec.data;
		len = dec.len;
	}
	err = sr_sales_read_mem(&s, in, len, "f.csv", &f);
	sr_buf_release(&dec);
	if (err) {
		if (s || strncmp(f.message.data, "f.csv", 5) || !f.code[0])
			abort();
		if ((knob & 0x80) && !strcmp(f.code, "bad_encoding"))
			abort();
		sr_fail_release(&f);
		return 0;
	}
	sr_sales_span(s, &first, &last);
	if (first > last || last - first >= SR_FC_MAX_DAYS)
		abort();
	for (size_t i = 0; i < sr_sales_count(s); i++) {
		struct sr_fc_history h;
		int64_t sum = 0;
		size_t idx;

		if (sr_sales_history(s, i, &h, NULL) || h.first != first ||
		    h.ndays != (size_t)(last - first + 1) || !h.open[0] ||
		    !h.open[h.ndays - 1])
			abort();
		for (size_t k = 0; k < h.ndays; k++) {
			if (h.units[k] < 0 || h.units[k] > SR_FC_MAX_UNITS ||
			    (h.units[k] && !h.open[k]))
				abort();
			sum += h.units[k];
		}
		if (sum != sr_sales_total(s, i))
			abort();
		err = sr_sales_find(s, sr_sales_name(s, i), &idx);
		if (err || idx != i)
			abort();
		if (sr_utf8_valid(sr_sales_name(s, i),
				  strlen(sr_sales_name(s, i))) !=
		    strlen(sr_sales_name(s, i)))
			abort();
		/* The product-days an import writes: in order, in the span,
		 * adding up to the total. */
		prev = first - 1;
		esum = 0;
		for (size_t k = 0; sr_sales_entry(s, i, k, &day, &units); k++) {
			if (day <= prev || day > last || units < 0 ||
			    units > SR_FC_MAX_UNITS)
				abort();
			prev = day;
			esum += units;
		}
		if (esum != sr_sales_total(s, i))
			abort();
		if (i == 0)
			check_forecast(&h, last, knob);
	}
	sr_sales_free(s);
	sr_fail_release(&f);
	return 0;
}
