/*
 * test-units.c - the unit table (lib/units.c): each standard unit turns
 * into its base by the factor worked out by hand here, a unit of another
 * base is refused naming the ones that fit, and a conversion past its
 * bound is refused rather than wrapped.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "smallrun/units.h"

Test(units, every_standard_unit_converts_by_its_factor)
{
	/* By hand: 1 kg = 1000 g, 1 cl = 10 ml, 1 l = 1000 ml, 1 cm = 10 mm,
	 * 1 m = 1000 mm, 1 dozen = 12 pcs; each base is 1 of itself. */
	static const struct {
		const char *base, *unit;
		int64_t qty, want;
	} cases[] = {
		{"g", "g", 9, 9},
		{"g", "kg", 16, 16000},
		{"g", NULL, 500, 500},
		{"g", "", 500, 500},
		{"ml", "ml", 25, 25},
		{"ml", "cl", 3, 30},
		{"ml", "l", 2, 2000},
		{"mm", "cm", 35, 350},
		{"mm", "m", 3, 3000},
		{"mm", "mm", 1, 1},
		{"pcs", "pcs", 100, 100},
		{"pcs", "dozen", 2, 24},
		{"g", "kg", 1000000, 1000000000},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sr_fail f = SR_FAIL_INIT;
		int64_t out = -1;

		cr_expect_eq(sr_unit_to_base(cases[i].base, cases[i].unit,
					     cases[i].qty, 1000000000, "unit",
					     &out, &f),
			     SR_OK, "%s %s: %s", cases[i].unit, cases[i].base,
			     f.message.data);
		cr_expect_eq(out, cases[i].want, "%lld %s is %lld %s, not %lld",
			     (long long)cases[i].qty, cases[i].unit,
			     (long long)cases[i].want, cases[i].base,
			     (long long)out);
		sr_fail_release(&f);
	}
}

Test(units, the_bases_are_the_four_and_each_is_a_unit_of_itself)
{
	static const char *const want[] = {"g", "ml", "mm", "pcs"};
	size_t n = 0;

	for (; sr_unit_bases[n]; n++) {
		const struct sr_unit *u = sr_unit_find(sr_unit_bases[n]);

		cr_assert(n < 4);
		cr_expect_str_eq(sr_unit_bases[n], want[n]);
		cr_assert_not_null(u);
		cr_expect_str_eq(u->base, u->name);
		cr_expect_eq(u->factor, 1);
	}
	cr_expect_eq(n, 4);
	/* Every unit measures one of the bases. */
	for (size_t i = 0; sr_unit_at(i); i++)
		cr_expect_not_null(sr_unit_find(sr_unit_at(i)->base),
				   "%s measures %s, not a base",
				   sr_unit_at(i)->name, sr_unit_at(i)->base);
}

Test(units, a_unit_of_another_base_is_refused_naming_those_that_fit)
{
	struct sr_fail f = SR_FAIL_INIT;
	int64_t out = 7;

	cr_assert_eq(sr_unit_to_base("g", "l", 1, 1000000000, "unit", &out, &f),
		     SR_EINVAL);
	cr_expect_str_eq(f.code, "bad_unit");
	cr_expect_str_eq(f.field.data, "unit");
	cr_expect(strstr(f.message.data, "g, kg"), "%s", f.message.data);
	cr_expect_eq(out, 7, "nothing written on a refusal");
	sr_fail_release(&f);
	/* Case matters: the table is in small letters. */
	cr_expect_eq(
		sr_unit_to_base("g", "KG", 1, 1000000000, "unit", &out, NULL),
		SR_EINVAL);
	cr_expect_eq(sr_unit_to_base("pcs", "furlong", 1, 1000000000, "unit",
				     &out, NULL),
		     SR_EINVAL);
}

Test(units, past_the_bound_is_refused_not_wrapped)
{
	struct sr_fail f = SR_FAIL_INIT;
	int64_t out = 0;

	/* 1000001 kg is 1000001000 g, one kilo past 10^9 g. */
	cr_assert_eq(
		sr_unit_to_base("g", "kg", 1000001, 1000000000, "q", &out, &f),
		SR_EINVAL);
	cr_expect_str_eq(f.code, "out_of_range");
	cr_expect_str_eq(f.field.data, "q");
	sr_fail_release(&f);
	/* INT64_MAX dozen overflows: refused, not wrapped negative. */
	cr_expect_eq(sr_unit_to_base("pcs", "dozen", INT64_MAX, INT64_MAX, "q",
				     &out, NULL),
		     SR_EINVAL);
}
