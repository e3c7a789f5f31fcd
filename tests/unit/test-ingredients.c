/*
 * test-ingredients.c - a product's ingredients list (lib/ingredients.c)
 * and the allergens (lib/allergens.c) on a real store: nested recipes
 * expanded, weights as made (g, grams_each, loss and yield), merging by
 * name within each level, a compound ingredient's own list in brackets,
 * a dissolved sub-recipe, contains lists, the emphasis of each allergen,
 * the union of allergens, and what is missing. Every list is worked out
 * by hand in the comment beside it.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "records-fixture.h"
#include "smallrun/allergens.h"
#include "smallrun/buf.h"
#include "smallrun/ingredients.h"

STORE_SUITE(ingredients);

static int64_t material(const char *json)
{
	return create_id(SR_RES_MATERIAL, "%s", json);
}

static int64_t product(const char *json)
{
	return create_id(SR_RES_PRODUCT, "%s", json);
}

/* A line of of: material m (or sub-product s when m is 0), rest added. */
static void line(int64_t of, int64_t m, int64_t s, const char *rest)
{
	create_id(SR_RES_RECIPE_LINE, "{\"product_id\":%lld,\"%s\":%lld%s%s}",
		  (long long)of, m ? "material_id" : "sub_product_id",
		  (long long)(m ? m : s), *rest ? "," : "", rest);
}

/* The list as text with the bold runs in *stars*, for one comparison. */
static char *starred(const struct sr_ingredients *in)
{
	struct sr_buf b = SR_BUF_INIT(1 << 20);

	for (size_t i = 0; i < in->nrun; i++)
		sr_buf_addf(&b, in->run[i].bold ? "*%s*" : "%s",
			    in->run[i].text);
	return sr_buf_detach(&b, NULL);
}

static void expect_list(int64_t product_id, const char *want,
			unsigned allergens)
{
	struct sr_ingredients in = {0};
	struct sr_fail f = SR_FAIL_INIT;
	char *got;

	cr_assert_eq(sr_ingredients_of(store, product_id, &in, &f), SR_OK, "%s",
		     f.message.data);
	got = starred(&in);
	cr_expect_str_eq(got, want);
	cr_expect_eq(in.allergens, allergens, "allergens %#x, not %#x",
		     in.allergens, allergens);
	free(got);
	sr_ingredients_release(&in);
	sr_fail_release(&f);
}

#define A(x) (1u << SR_ALLERGEN_##x)

Test(ingredients, nested_recipes_in_order_of_weight_across_levels)
{
	int64_t flour = material("{\"name\":\"Flour\",\"ingredient\":\"wheat "
				 "flour\",\"allergens\":\"gluten\"}");
	int64_t rye = material("{\"name\":\"Rye\",\"ingredient\":\"rye "
			       "flour\",\"allergens\":\"gluten\"}");
	int64_t water = material("{\"name\":\"Water\",\"ingredient\":"
				 "\"water\",\"unit\":\"ml\",\"grams_each\":"
				 "1000}");
	int64_t milk = material("{\"name\":\"Milk\",\"ingredient\":\"whole "
				"milk\",\"unit\":\"ml\",\"grams_each\":1030,"
				"\"allergens\":\"milk\"}");
	int64_t egg = material("{\"name\":\"Egg\",\"ingredient\":\"free "
			       "range egg\",\"unit\":\"pcs\",\"grams_each\":"
			       "50000,\"allergens\":\"eggs\"}");
	int64_t salt = material("{\"name\":\"Salt\",\"ingredient\":\"salt\"}");
	/* Starter, a compound: 60 g rye flour, 60 ml water per batch of 2
	 * (30 g and 30 g each), 10% lost: 33 g of each for one. */
	int64_t starter = product("{\"name\":\"Rye starter\","
				  "\"ingredient\":\"starter\"}");
	/* Dough, not named on a label: its ingredients join the loaf's. */
	int64_t dough = product("{\"name\":\"Dough\"}");
	int64_t loaf = product("{\"name\":\"Loaf\"}");

	line(starter, rye, 0,
	     "\"quantity\":60,\"per\":\"batch\","
	     "\"batch_yield\":2,\"loss_pct\":10");
	line(starter, water, 0,
	     "\"quantity\":60,\"per\":\"batch\","
	     "\"batch_yield\":2,\"loss_pct\":10");
	/* Dough: 200 g flour, 100 ml milk (103 g), 1 egg (50 g). */
	line(dough, flour, 0, "\"quantity\":200");
	line(dough, milk, 0, "\"quantity\":100");
	line(dough, egg, 0, "\"quantity\":1");
	/*
	 * Loaf: 2 doughs (400 g flour, 206 g milk, 100 g egg), 1 starter
	 * (33 + 33 = 66 g), 150 ml water (150 g), 5 g salt.
	 * Merged with the dough's: wheat flour 400, whole milk 206, water
	 * 150, free range egg 100, starter 66 (rye flour 33, water 33:
	 * equal, first met first), salt 5. The starter's water stays in
	 * its brackets: merging is within a level.
	 */
	line(loaf, salt, 0, "\"quantity\":5");
	line(loaf, 0, starter, "\"quantity\":1");
	line(loaf, water, 0, "\"quantity\":150");
	line(loaf, 0, dough, "\"quantity\":2");
	expect_list(loaf,
		    "*wheat flour*, *whole milk*, water, *free range egg*, "
		    "starter (*rye flour*, water), salt",
		    A(GLUTEN) | A(MILK) | A(EGGS));
	/* The starter on its own: its two at 33 g, in the order entered. */
	expect_list(starter, "*rye flour*, water", A(GLUTEN));
}

Test(ingredients, an_ingredient_not_naming_its_allergen_says_it)
{
	int64_t butter = material("{\"name\":\"Butter\",\"ingredient\":"
				  "\"unsalted butter\",\"allergens\":"
				  "\"milk\"}");
	/* Two allergens its name does not name: both added, in the law's
	 * order (celery before mustard). */
	int64_t sauce = material("{\"name\":\"Sauce\",\"ingredient\":\"house "
				 "sauce\",\"allergens\":\"mustard,celery\"}");
	int64_t soy = material("{\"name\":\"Soy\",\"ingredient\":\"soy "
			       "sauce\",\"allergens\":\"soya,gluten\"}");
	int64_t p = product("{\"name\":\"Pie\"}");

	line(p, butter, 0, "\"quantity\":30");
	line(p, sauce, 0, "\"quantity\":20");
	/* "soy" names soya (a word of its own); gluten is not named. */
	line(p, soy, 0, "\"quantity\":10");
	expect_list(p,
		    "unsalted butter (*milk*), house sauce (*celery*, "
		    "*mustard*), *soy sauce* (*gluten*)",
		    A(MILK) | A(MUSTARD) | A(CELERY) | A(SOYA) | A(GLUTEN));
}

Test(ingredients, a_compound_material_shows_its_contents_emphasised)
{
	/* The maker wrote the contents and marked soya and milk. */
	int64_t choc = material(
		"{\"name\":\"Chocolate\",\"ingredient\":\"milk chocolate\","
		"\"contains\":\"sugar, cocoa butter, whole milk powder, "
		"emulsifier (soya lecithin)\",\"allergens\":\"milk,soya\"}");
	int64_t oats = material("{\"name\":\"Oats\",\"ingredient\":"
				"\"oats\",\"allergens\":\"gluten\"}");
	int64_t p = product("{\"name\":\"Flapjack\"}");

	line(p, oats, 0, "\"quantity\":50");
	line(p, choc, 0, "\"quantity\":25");
	/* Oats 50 g before chocolate 25 g; the name names milk, and within
	 * the contents the items naming milk and soya are bold. */
	expect_list(p,
		    "*oats*, *milk chocolate* (sugar, cocoa butter, *whole "
		    "milk powder*, *emulsifier (soya lecithin)*)",
		    A(GLUTEN) | A(MILK) | A(SOYA));
}

Test(ingredients, the_same_name_twice_is_one_entry)
{
	int64_t a = material("{\"name\":\"Caster\",\"ingredient\":"
			     "\"sugar\"}");
	int64_t b = material("{\"name\":\"Demerara\",\"ingredient\":"
			     "\"Sugar\"}");
	int64_t butter = material("{\"name\":\"Butter\",\"ingredient\":"
				  "\"butter\",\"allergens\":\"milk\"}");
	int64_t p = product("{\"name\":\"Fudge\"}");

	/* Sugar 40 + 40 = 80 g beats butter's 60 g; apart, each 40 g would
	 * come after it. The first name met is the one printed. */
	line(p, butter, 0, "\"quantity\":60");
	line(p, a, 0, "\"quantity\":40");
	line(p, b, 0, "\"quantity\":40");
	expect_list(p, "sugar, butter (*milk*)", A(MILK));
}

Test(ingredients, what_is_missing_is_said)
{
	int64_t egg = material("{\"name\":\"Egg\",\"unit\":\"pcs\","
			       "\"allergens\":\"eggs\"}");
	int64_t jam = product("{\"name\":\"Jam\"}");
	int64_t p = product("{\"name\":\"Tart\"}");
	struct sr_ingredients in = {0};
	struct sr_fail f = SR_FAIL_INIT;
	bool weight = false, name = false, recipe = false;

	line(p, egg, 0, "\"quantity\":1");
	line(p, 0, jam, "\"quantity\":1");
	cr_assert_eq(sr_ingredients_of(store, p, &in, &f), SR_OK);
	for (size_t i = 0; i < in.nmissing; i++) {
		weight |= in.missing[i].what == SR_MISSING_WEIGHT &&
			  in.missing[i].material_id == egg;
		name |= in.missing[i].what == SR_MISSING_INGREDIENT &&
			in.missing[i].material_id == egg;
		recipe |= in.missing[i].what == SR_MISSING_RECIPE &&
			  in.missing[i].product_id == jam;
	}
	cr_expect(weight && name && recipe);
	cr_expect(!in.complete);
	/* Unknown weights go last, as met; "Egg" names eggs: bold. */
	cr_expect_str_eq(in.text, "Egg, Jam");
	sr_ingredients_release(&in);
	/* A product with no recipe at all cannot be listed either. */
	cr_assert_eq(sr_ingredients_of(store, jam, &in, &f), SR_OK);
	cr_expect(!in.complete);
	cr_expect_eq(in.nrun, 0);
	sr_ingredients_release(&in);
	cr_expect_eq(sr_ingredients_of(store, 9999, &in, &f), SR_ENOTFOUND);
	sr_ingredients_release(&in);
	sr_fail_release(&f);
}

Test(ingredients, allergens_parse_normalise_and_refuse)
{
	struct sr_buf b = SR_BUF_INIT(256);
	struct sr_fail f = SR_FAIL_INIT;
	unsigned set = 0;
	const char *in = " Sulphites,peanuts , ,NUTS,peanuts";

	cr_assert_eq(sr_allergens_parse(in, strlen(in), "allergens", &set, &f),
		     SR_OK);
	sr_allergens_format(set, &b);
	cr_expect_str_eq(b.data, "nuts,peanuts,sulphites");
	cr_expect_eq(sr_allergens_parse("nut", 3, "allergens", &set, &f),
		     SR_EINVAL);
	cr_expect_eq(set, 0);
	cr_expect_str_eq(f.field.data, "allergens");
	cr_expect(strstr(f.message.data, "celery, gluten") != NULL);
	cr_expect_eq(sr_allergens_parse("", 0, "allergens", &set, &f), SR_OK);
	cr_expect_eq(set, 0);
	/* Whole words only, in any case. */
	cr_expect(sr_allergen_named(SR_ALLERGEN_GLUTEN, "Wheat flour", 11));
	/* "walnuts" is on the list as a word of its own; "coconut" not. */
	cr_expect(sr_allergen_named(SR_ALLERGEN_NUTS, "walnuts", 7));
	cr_expect(!sr_allergen_named(SR_ALLERGEN_NUTS, "coconut", 7));
	cr_expect(!sr_allergen_named(SR_ALLERGEN_EGGS, "eggplant", 8));
	cr_expect(!sr_allergen_named(SR_ALLERGEN_MILK, "butter", 6));
	cr_expect(sr_allergen_named(SR_ALLERGEN_SOYA, "soya lecithin", 13));
	sr_buf_release(&b);
	sr_fail_release(&f);
}
