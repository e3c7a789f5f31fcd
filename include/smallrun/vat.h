/*
 * vat.h - VAT on quotes, invoices and receipts: which rate applies, and
 * the VAT of a line, in whole pence.
 *
 * A workshop charges VAT only when its settings have a vat_number; then a
 * line's rate is the order's vat_bp, else its product's, else the
 * settings' standard vat_bp (basis points: 2000 is 20 %, 500 is 5 %, 0
 * zero-rated). Prices are without VAT. The VAT of a line is its net
 * times the rate, rounded to the penny half up (HMRC allows rounding per
 * line to the nearest penny: VAT Notice 700, section 17.5), and a
 * document's VAT is the sum of its lines'.
 */
#ifndef SMALLRUN_VAT_H
#define SMALLRUN_VAT_H

#include <stdbool.h>
#include <stdint.h>

/* Rates are from 0 to SR_VAT_BP_MAX (100 %) in basis points. */
#define SR_VAT_BP_MAX 10000

/* "Not given" for a rate: a product or an order with vat_bp null. */
#define SR_VAT_UNSET (-1)

/*
 * The rate of a line: 0 when not registered, else order_bp, else
 * product_bp (either SR_VAT_UNSET when null), else standard_bp.
 */
int sr_vat_rate(bool registered, int standard_bp, int product_bp, int order_bp);

/* One line of a document, worked out by sr_vat_line(). */
struct sr_vat_line {
	int64_t net; /* quantity × unit price */
	int64_t vat; /* net × rate, to the penny half up */
};

/*
 * The net and VAT of quantity at unit_price (both >= 0, pence) at rate
 * bp. False, with *out zeroed, when a figure would pass
 * SR_VAT_AMOUNT_MAX.
 */
#define SR_VAT_AMOUNT_MAX INT64_C(1000000000000000) /* 10^13 pounds */
bool sr_vat_line(int64_t quantity, int64_t unit_price, int bp,
		 struct sr_vat_line *out);

/* A rate as people write it: 2000 -> "20%", 500 -> "5%", 1750 ->
 * "17.5%", 0 -> "0%". out holds at least SR_VAT_RATE_TEXT bytes. */
#define SR_VAT_RATE_TEXT 12
char *sr_vat_rate_text(int bp, char out[static SR_VAT_RATE_TEXT]);

#endif
