/*
 * test-vat.c - VAT (lib/vat.c): which rate a line takes, its VAT to the
 * penny half up, bounds refused rather than wrapped, and rates written as
 * people write them. Every expected figure is worked by hand beside it.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "smallrun/vat.h"

Test(vat, the_order_then_the_product_then_the_standard_rate)
{
	/* Not registered: nothing, whatever the rates. */
	cr_expect_eq(sr_vat_rate(false, 2000, 500, 0), 0);
	cr_expect_eq(sr_vat_rate(true, 2000, 500, 0), 0); /* order's 0 % */
	cr_expect_eq(sr_vat_rate(true, 2000, 500, 1750), 1750);
	cr_expect_eq(sr_vat_rate(true, 2000, 500, SR_VAT_UNSET), 500);
	cr_expect_eq(sr_vat_rate(true, 2000, SR_VAT_UNSET, SR_VAT_UNSET), 2000);
	/* A rate out of range is not a rate: the next one is taken. */
	cr_expect_eq(sr_vat_rate(true, 2000, 10001, SR_VAT_UNSET), 2000);
}

Test(vat, a_line_is_rounded_to_the_penny_half_up)
{
	static const struct {
		int64_t qty, unit;
		int bp;
		int64_t net, vat;
	} cases[] = {
		/* 3 × £12.50 = £37.50; 20 % = £7.50 exactly. */
		{3, 1250, 2000, 3750, 750},
		/* 1 × £0.03 at 20 % = 0.6p: rounds up to 1p. */
		{1, 3, 2000, 3, 1},
		/* 1 × £0.02 at 20 % = 0.4p: rounds down to 0p. */
		{1, 2, 2000, 2, 0},
		/* 1 × £0.10 at 5 % = 0.5p: half, up to 1p. */
		{1, 10, 500, 10, 1},
		/* 7 × £3.33 = £23.31 at 17.5 % = 407.925p: 408p. */
		{7, 333, 1750, 2331, 408},
		/* zero-rated bread: 12 × £2.40, no VAT. */
		{12, 240, 0, 2880, 0},
		/* at 100 % the VAT is the net. */
		{2, 999, 10000, 1998, 1998},
		{5, 0, 2000, 0, 0},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sr_vat_line l;

		cr_assert(sr_vat_line(cases[i].qty, cases[i].unit, cases[i].bp,
				      &l),
			  "case %zu", i);
		cr_expect_eq(l.net, cases[i].net, "case %zu net", i);
		cr_expect_eq(l.vat, cases[i].vat, "case %zu vat", i);
	}
}

Test(vat, a_line_past_its_bound_is_refused_not_wrapped)
{
	struct sr_vat_line l = {.net = 7, .vat = 7};

	cr_expect_not(sr_vat_line(INT64_MAX, 2, 2000, &l));
	cr_expect_eq(l.net, 0);
	cr_expect_eq(l.vat, 0);
	/* Net within the bound, net + VAT beyond it. */
	cr_expect_not(sr_vat_line(SR_VAT_AMOUNT_MAX, 1, 2000, &l));
	cr_expect(sr_vat_line(SR_VAT_AMOUNT_MAX, 1, 0, &l));
	cr_expect_eq(l.net, SR_VAT_AMOUNT_MAX);
	cr_expect_not(sr_vat_line(-1, 100, 2000, &l));
	cr_expect_not(sr_vat_line(1, -100, 2000, &l));
	cr_expect_not(sr_vat_line(1, 100, 10001, &l));
	cr_expect_not(sr_vat_line(1, 100, -1, &l));
}

Test(vat, rates_read_as_people_write_them)
{
	char t[SR_VAT_RATE_TEXT];

	cr_expect_str_eq(sr_vat_rate_text(2000, t), "20%");
	cr_expect_str_eq(sr_vat_rate_text(500, t), "5%");
	cr_expect_str_eq(sr_vat_rate_text(0, t), "0%");
	cr_expect_str_eq(sr_vat_rate_text(1750, t), "17.5%");
	cr_expect_str_eq(sr_vat_rate_text(1234, t), "12.34%");
	cr_expect_str_eq(sr_vat_rate_text(10000, t), "100%");
	cr_expect_str_eq(sr_vat_rate_text(5, t), "0.05%");
}
