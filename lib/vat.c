/*
 * vat.c - VAT rates and lines (vat.h): integer pence throughout, the one
 * rounding that of sr_econ_muldiv(), half away from zero, which for the
 * amounts here (never negative) is half up.
 */
#include "compat.h"

#include <stdio.h>

#include "smallrun/econ.h"
#include "smallrun/vat.h"

static bool good_bp(int bp)
{
	return bp >= 0 && bp <= SR_VAT_BP_MAX;
}

int sr_vat_rate(bool registered, int standard_bp, int product_bp, int order_bp)
{
	if (!registered)
		return 0;
	if (good_bp(order_bp))
		return order_bp;
	if (good_bp(product_bp))
		return product_bp;
	return good_bp(standard_bp) ? standard_bp : 0;
}

bool sr_vat_line(int64_t quantity, int64_t unit_price, int bp,
		 struct sr_vat_line *out)
{
	*out = (struct sr_vat_line){0};
	if (quantity < 0 || unit_price < 0 || !good_bp(bp))
		return false;
	if (unit_price && quantity > SR_VAT_AMOUNT_MAX / unit_price)
		return false;
	out->net = quantity * unit_price;
	/* At most 100 %: the VAT is never more than the net. */
	out->vat = sr_econ_muldiv(out->net, bp, SR_VAT_BP_MAX);
	if (out->net + out->vat > SR_VAT_AMOUNT_MAX) {
		*out = (struct sr_vat_line){0};
		return false;
	}
	return true;
}

char *sr_vat_rate_text(int bp, char out[static SR_VAT_RATE_TEXT])
{
	if (!good_bp(bp))
		bp = 0;
	if (bp % 100 == 0)
		snprintf(out, SR_VAT_RATE_TEXT, "%d%%", bp / 100);
	else if (bp % 10 == 0)
		snprintf(out, SR_VAT_RATE_TEXT, "%d.%d%%", bp / 100,
			 bp / 10 % 10);
	else
		snprintf(out, SR_VAT_RATE_TEXT, "%d.%02d%%", bp / 100,
			 bp % 100);
	return out;
}
