/*
 * test-recipe.c - recipes (lib/recipe.c) through the public API on a real
 * SQLite file: a product's material cost rolled up from its lines (nested
 * sub-recipes, per unit and per batch with its yield, losses, units that
 * convert), kept up to date when a line, a material's cost or a typed cost
 * moves; cycles refused with their path; the rules of a line, of a
 * material's unit and of its purchase units; the expanded tree; and the
 * economics reading the computed cost. Every expected figure is worked
 * out by hand in the comment beside it.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "recipe-int.h"
#include "records-fixture.h"
#include "smallrun/economics.h"
#include "smallrun/recipe.h"

STORE_SUITE(recipe);

/* A material costing pence for per base units. */
static int64_t material(const char *name, const char *unit, int64_t pence,
			int64_t per)
{
	return create_id(SR_RES_MATERIAL,
			 "{\"name\":\"%s\",\"unit\":\"%s\",\"cost_per_unit\":"
			 "%lld,\"cost_per\":%lld}",
			 name, unit, (long long)pence, (long long)per);
}

static int64_t product(const char *name, int64_t typed)
{
	return create_id(SR_RES_PRODUCT,
			 "{\"name\":\"%s\",\"material_cost\":%lld}", name,
			 (long long)typed);
}

/* A line: what ("material_id":3 or "sub_product_id":4, from mat() or
 * sub(), freed here) and the rest. */
static int64_t line(int64_t of, char *what, const char *rest)
{
	int64_t id = create_id(SR_RES_RECIPE_LINE,
			       "{\"product_id\":%lld,%s,%s}", (long long)of,
			       what, rest);

	free(what);
	return id;
}

static char *mat(int64_t id)
{
	return textf("\"material_id\":%lld", (long long)id);
}

static char *sub(int64_t id)
{
	return textf("\"sub_product_id\":%lld", (long long)id);
}

/* The product's recipe_cost (-1 for null) and its source. */
static int64_t recipe_cost(int64_t id, const char **source)
{
	json_t *p = fetch(SR_RES_PRODUCT, id);
	const json_t *rc = json_object_get(p, "recipe_cost");
	int64_t v = json_is_integer(rc) ? json_integer_value(rc) : -1;
	static char src[16];

	snprintf(src, sizeof(src), "%s", str(p, "material_cost_source"));
	if (source)
		*source = src;
	json_decref(p);
	return v;
}

static void remove_record(enum sr_res r, int64_t id)
{
	struct sr_fail f = SR_FAIL_INIT;

	cr_assert_eq(sr_rec_delete(store, r, id, &f), SR_OK, "%s",
		     f.message.data);
	sr_fail_release(&f);
}

static json_t *tree(int64_t id, int64_t quantity)
{
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	json_t *t;

	cr_assert_eq(sr_recipe_tree(store, id, quantity, &out, &f), SR_OK, "%s",
		     f.message.data);
	sr_fail_release(&f);
	t = parsed(&out);
	sr_buf_release(&out);
	return t;
}

static double real(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	cr_assert(json_is_number(v), "%s is not a number", key);
	return json_number_value(v);
}

/*
 * The bakery of the tests: flour at 110p for 1000 g, salt at 50p for
 * 1000 g, water free; a Dough made a batch at a time, one dough to three
 * loaves.
 */
struct bakery {
	int64_t flour, salt, water, dough, loaf;
};

static struct bakery bakery(void)
{
	struct bakery b;

	b.flour = material("Flour", "g", 110, 1000);
	b.salt = material("Salt", "g", 50, 1000);
	b.water = material("Water", "ml", 0, 1);
	b.dough = product("Dough", 0);
	b.loaf = product("Loaf", 99);
	line(b.dough, mat(b.flour),
	     "\"quantity\":1500,\"per\":\"batch\",\"batch_yield\":1");
	line(b.dough, mat(b.salt),
	     "\"quantity\":30,\"per\":\"batch\",\"batch_yield\":1");
	line(b.dough, mat(b.water),
	     "\"quantity\":1,\"unit\":\"l\",\"per\":\"batch\",\"batch_yield\":"
	     "1");
	line(b.loaf, sub(b.dough),
	     "\"quantity\":1,\"per\":\"batch\",\"batch_yield\":3,\"loss_pct\":"
	     "5");
	return b;
}

Test(recipe, a_sub_recipe_with_a_yield_and_a_loss_costs_as_worked_by_hand)
{
	struct bakery b = bakery();
	const char *source;

	/* Dough: 1500 g × 110/1000 = 165p, 30 g × 50/1000 = 1.5p, 1 l = 1000
	 * ml of water at 0: 166.5p, rounded half up to 167. */
	cr_expect_eq(recipe_cost(b.dough, &source), 167);
	cr_expect_str_eq(source, "recipe");
	/* Loaf: one dough for three, 5% lost: 166.5 × 105/100 / 3 = 58.275p,
	 * from the dough's exact 166.5 (its rounded 167 would give 58.45;
	 * both round to 58 here, the next test tells them apart). */
	cr_expect_eq(recipe_cost(b.loaf, &source), 58);
	cr_expect_str_eq(source, "recipe");
}

Test(recipe, the_cost_is_rounded_once_not_at_each_level)
{
	int64_t salt = material("Salt", "g", 50, 1000);
	int64_t pinch = product("Pinch", 0), tin = product("Tin", 0);

	/* A pinch: 9 g of salt at 50p a kilo = 0.45p, which is 0p shown. */
	line(pinch, mat(salt), "\"quantity\":9");
	cr_expect_eq(recipe_cost(pinch, NULL), 0);
	/* A tin holds 100 pinches: 100 × 0.45p = 45p, not 100 × 0p. */
	line(tin, sub(pinch), "\"quantity\":100");
	cr_expect_eq(recipe_cost(tin, NULL), 45);
}

Test(recipe, per_batch_lines_divide_by_the_yield_and_add_the_loss)
{
	int64_t butter = material("Butter", "g", 800, 1000);
	int64_t sugar = material("Sugar", "g", 120, 1000);
	int64_t cookie = product("Cookie", 0);

	/* 250 g of butter for a batch of 24, 10% lost: 250 × 110/100 / 24 =
	 * 11.458333 g a cookie, at 0.8p a gram: 9.166667p. 2 kg of sugar for
	 * the batch: 2000 × 0.12 / 24 = 10p a cookie. 19.166667p: 19. */
	line(cookie, mat(butter),
	     "\"quantity\":250,\"per\":\"batch\",\"batch_yield\":24,\"loss_"
	     "pct\":10");
	line(cookie, mat(sugar),
	     "\"quantity\":2,\"unit\":\"kg\",\"per\":\"batch\",\"batch_yield\":"
	     "24");
	cr_expect_eq(recipe_cost(cookie, NULL), 19);
}

Test(recipe, one_glaze_on_mugs_and_bowls_follows_the_powder_s_price)
{
	int64_t powder = material("Glaze powder", "g", 1200, 1000);
	int64_t clay = material("Clay", "g", 100, 1000);
	int64_t glaze = product("Glaze", 0), mug = product("Mug", 0),
		bowl = product("Bowl", 0);
	json_t *changed;

	/* A bucket of glaze: 2 kg of powder, 2000 × 1.2 = 2400p. */
	line(glaze, mat(powder), "\"quantity\":2,\"unit\":\"kg\"");
	/* A bucket glazes 40 mugs (60p) or 25 bowls (96p); a mug is 400 g of
	 * clay too (40p): 100p, a bowl 600 g (60p): 156p. */
	line(mug, sub(glaze),
	     "\"quantity\":1,\"per\":\"batch\",\"batch_yield\":40");
	line(mug, mat(clay), "\"quantity\":400");
	line(bowl, sub(glaze),
	     "\"quantity\":1,\"per\":\"batch\",\"batch_yield\":25");
	line(bowl, mat(clay), "\"quantity\":600");
	cr_expect_eq(recipe_cost(glaze, NULL), 2400);
	cr_expect_eq(recipe_cost(mug, NULL), 100);
	cr_expect_eq(recipe_cost(bowl, NULL), 156);
	/* The powder goes up to 1500p a kilo: a bucket 3000p, a mug 75 + 40
	 * = 115p, a bowl 120 + 60 = 180p, all in the same change. */
	changed = update(SR_RES_MATERIAL, powder, "{\"cost_per_unit\":1500}");
	json_decref(changed);
	cr_expect_eq(recipe_cost(glaze, NULL), 3000);
	cr_expect_eq(recipe_cost(mug, NULL), 115);
	cr_expect_eq(recipe_cost(bowl, NULL), 180);
	/* Priced per 500 g instead (the same 3p a gram): nothing moves. */
	changed = update(SR_RES_MATERIAL, powder,
			 "{\"cost_per_unit\":1500,\"cost_per\":500}");
	json_decref(changed);
	/* 2000 × 1500/500 = 6000p a bucket: mugs 150 + 40 = 190p. */
	cr_expect_eq(recipe_cost(glaze, NULL), 6000);
	cr_expect_eq(recipe_cost(mug, NULL), 190);
}

Test(recipe, a_typed_cost_counts_where_the_product_has_no_recipe)
{
	int64_t box = product("Bought box", 35), set = product("Gift set", 0);
	int64_t card = material("Card", "pcs", 20, 1);
	const char *source;
	json_t *changed;

	/* Two boxes at their typed 35p, one card at 20p: 90p. */
	line(set, sub(box), "\"quantity\":2");
	line(set, mat(card), "\"quantity\":1");
	cr_expect_eq(recipe_cost(set, NULL), 90);
	cr_expect_eq(recipe_cost(box, &source), -1);
	cr_expect_str_eq(source, "typed");
	/* The box now costs 40p as typed: 2 × 40 + 20 = 100p. */
	changed = update(SR_RES_PRODUCT, box, "{\"material_cost\":40}");
	json_decref(changed);
	cr_expect_eq(recipe_cost(set, NULL), 100);
	/* The box gets a recipe of its own, 3 cards (60p): its typed 40p no
	 * longer counts, and the set is 2 × 60 + 20 = 140p. */
	line(box, mat(card), "\"quantity\":3");
	cr_expect_eq(recipe_cost(box, &source), 60);
	cr_expect_str_eq(source, "recipe");
	cr_expect_eq(recipe_cost(set, NULL), 140);
}

Test(recipe, removing_the_last_line_goes_back_to_the_typed_cost)
{
	struct bakery b = bakery();
	json_t *lines =
		list(SR_RES_RECIPE_LINE, "product_id=%lld", (long long)b.loaf);
	const char *source;

	cr_assert_eq(num(lines, "total"), 1);
	remove_record(
		SR_RES_RECIPE_LINE,
		num(json_array_get(json_object_get(lines, "items"), 0), "id"));
	cr_expect_eq(recipe_cost(b.loaf, &source), -1);
	cr_expect_str_eq(source, "typed");
	json_decref(lines);
}

Test(recipe, a_line_moved_to_another_product_costs_both_again)
{
	int64_t salt = material("Salt", "g", 100, 1000);
	int64_t a = product("A", 0), b = product("B", 0);
	int64_t id = line(a, mat(salt), "\"quantity\":100");
	json_t *changed;

	/* 100 g at 0.1p a gram: 10p. */
	cr_expect_eq(recipe_cost(a, NULL), 10);
	changed = update(SR_RES_RECIPE_LINE, id, "{\"product_id\":%lld}",
			 (long long)b);
	json_decref(changed);
	cr_expect_eq(recipe_cost(a, NULL), -1);
	cr_expect_eq(recipe_cost(b, NULL), 10);
}

/* Try a line that closes a loop; assert the path named and nothing kept. */
static void expect_cycle(int64_t of, int64_t uses, const char *path)
{
	struct sr_fail f = SR_FAIL_INIT;
	json_t *before = list(SR_RES_RECIPE_LINE, "limit=1000");
	json_t *after;
	char *body = textf("{\"product_id\":%lld,\"sub_product_id\":%lld,"
			   "\"quantity\":1}",
			   (long long)of, (long long)uses);
	enum sr_err err = try_create(SR_RES_RECIPE_LINE, &f, "%s", body);

	cr_expect_eq(err, SR_ECONFLICT);
	cr_expect_str_eq(f.code, "cycle");
	cr_expect_str_eq(f.field.data, "sub_product_id");
	cr_expect(!strncmp(f.message.data, path, strlen(path)),
		  "'%s' does not start with '%s'", f.message.data, path);
	cr_expect(strstr(f.details.data, "\"records\""), "%s", f.details.data);
	sr_fail_release(&f);
	after = list(SR_RES_RECIPE_LINE, "limit=1000");
	cr_expect_eq(num(after, "total"), num(before, "total"));
	json_decref(before);
	json_decref(after);
	free(body);
}

Test(recipe, a_cycle_is_refused_with_its_path)
{
	struct bakery b = bakery();
	int64_t x = product("X", 0), y = product("Y", 0), z = product("Z", 0);

	expect_cycle(b.dough, b.loaf, "Dough → Loaf → Dough");
	expect_cycle(b.loaf, b.loaf, "Loaf → Loaf");
	/* Three deep: X uses Y, Y uses Z; Z using X closes it. */
	line(x, sub(y), "\"quantity\":1");
	line(y, sub(z), "\"quantity\":2");
	expect_cycle(z, x, "Z → X → Y → Z");
	/* The same product twice, or a diamond, is no cycle. */
	line(x, sub(z), "\"quantity\":1");
	line(x, sub(z), "\"quantity\":3");
	/* A line changed to close a loop is refused the same way. */
	{
		struct sr_fail f = SR_FAIL_INIT;
		int64_t id = line(z, mat(b.salt), "\"quantity\":1");

		assert_fail(try_update(SR_RES_RECIPE_LINE, id, &f,
				       "{\"material_id\":null,"
				       "\"sub_product_id\":%lld}",
				       (long long)y),
			    &f, SR_ECONFLICT, "cycle", "sub_product_id");
	}
}

Test(recipe, recipes_nest_to_the_documented_depth_and_no_deeper)
{
	int64_t p[SR_RECIPE_DEPTH_MAX + 2];
	struct sr_fail f = SR_FAIL_INIT;
	int64_t salt = material("Salt", "g", 1000, 1000);

	for (int i = 0; i < SR_RECIPE_DEPTH_MAX + 2; i++) {
		char name[16];

		snprintf(name, sizeof(name), "P%d", i);
		p[i] = product(name, 0);
	}
	/* The last of the chain is 1 g of salt at 1p. */
	line(p[SR_RECIPE_DEPTH_MAX], mat(salt), "\"quantity\":1");
	/* P0 uses P1 … uses P32: 32 levels below P0, each one of the next. */
	for (int i = SR_RECIPE_DEPTH_MAX - 1; i >= 0; i--)
		line(p[i], sub(p[i + 1]), "\"quantity\":1");
	cr_expect_eq(recipe_cost(p[0], NULL), 1);
	/* One more level under the top is too deep; nothing is kept. */
	assert_fail(try_create(SR_RES_RECIPE_LINE, &f,
			       "{\"product_id\":%lld,\"sub_product_id\":%lld,"
			       "\"quantity\":1}",
			       (long long)p[SR_RECIPE_DEPTH_MAX + 1],
			       (long long)p[0]),
		    &f, SR_ECONFLICT, "recipe_too_deep", "sub_product_id");
	cr_expect_eq(recipe_cost(p[SR_RECIPE_DEPTH_MAX + 1], NULL), -1);
}

Test(recipe, a_line_s_own_rules)
{
	struct bakery b = bakery();
	struct sr_fail f = SR_FAIL_INIT;
	long long dough = (long long)b.dough, flour = (long long)b.flour;

	/* Litres are not grams. */
	assert_fail(try_create(SR_RES_RECIPE_LINE, &f,
			       "{\"product_id\":%lld,\"material_id\":%lld,"
			       "\"quantity\":1,\"unit\":\"l\"}",
			       dough, flour),
		    &f, SR_EINVAL, "bad_unit", "unit");
	/* A product is counted in units. */
	assert_fail(try_create(SR_RES_RECIPE_LINE, &f,
			       "{\"product_id\":%lld,\"sub_product_id\":%lld,"
			       "\"quantity\":1,\"unit\":\"kg\"}",
			       (long long)b.loaf, dough),
		    &f, SR_EINVAL, "bad_unit", "unit");
	/* One of material and product, not both, not neither. */
	assert_fail(try_create(SR_RES_RECIPE_LINE, &f,
			       "{\"product_id\":%lld,\"quantity\":1}", dough),
		    &f, SR_EINVAL, "missing_field", "material_id");
	assert_fail(try_create(SR_RES_RECIPE_LINE, &f,
			       "{\"product_id\":%lld,\"material_id\":%lld,"
			       "\"sub_product_id\":%lld,\"quantity\":1}",
			       (long long)b.loaf, flour, dough),
		    &f, SR_EINVAL, "missing_field", "material_id");
	/* Per batch needs its yield; a yield needs a batch. */
	assert_fail(try_create(SR_RES_RECIPE_LINE, &f,
			       "{\"product_id\":%lld,\"material_id\":%lld,"
			       "\"quantity\":1,\"per\":\"batch\"}",
			       dough, flour),
		    &f, SR_EINVAL, "missing_field", "batch_yield");
	assert_fail(try_create(SR_RES_RECIPE_LINE, &f,
			       "{\"product_id\":%lld,\"material_id\":%lld,"
			       "\"quantity\":1,\"batch_yield\":4}",
			       dough, flour),
		    &f, SR_EINVAL, "bad_value", "batch_yield");
	/* 10^6 kg is 10^9 g, the most; a kilo more is too much. */
	assert_fail(try_create(SR_RES_RECIPE_LINE, &f,
			       "{\"product_id\":%lld,\"material_id\":%lld,"
			       "\"quantity\":1000001,\"unit\":\"kg\"}",
			       dough, flour),
		    &f, SR_EINVAL, "out_of_range", "unit");
	assert_fail(try_create(SR_RES_RECIPE_LINE, &f,
			       "{\"product_id\":%lld,\"material_id\":%lld,"
			       "\"quantity\":1,\"loss_pct\":101}",
			       dough, flour),
		    &f, SR_EINVAL, "out_of_range", "loss_pct");
	/* A product that does not exist, made of itself: not a cycle to
	 * name, a reference to nothing (fuzz-records found it). */
	assert_fail(try_create(SR_RES_RECIPE_LINE, &f,
			       "{\"product_id\":999,\"sub_product_id\":999,"
			       "\"quantity\":1}"),
		    &f, SR_EINVAL, "unknown_reference", "product_id");
	/* Still 167: nothing above was kept. */
	cr_expect_eq(recipe_cost(b.dough, NULL), 167);
}

Test(recipe, a_line_turned_per_unit_drops_its_yield)
{
	int64_t salt = material("Salt", "g", 100, 1000);
	int64_t p = product("P", 0);
	int64_t id =
		line(p, mat(salt),
		     "\"quantity\":100,\"per\":\"batch\",\"batch_yield\":10");
	json_t *l;

	/* 100 g for ten: 10 g at 0.1p = 1p. Per unit: 100 g, 10p. */
	cr_expect_eq(recipe_cost(p, NULL), 1);
	l = update(SR_RES_RECIPE_LINE, id, "{\"per\":\"unit\"}");
	cr_expect(json_is_null(json_object_get(l, "batch_yield")));
	cr_expect_eq(recipe_cost(p, NULL), 10);
	json_decref(l);
}

Test(recipe, a_material_s_unit_stays_while_recipes_count_in_it)
{
	struct bakery b = bakery();
	struct sr_fail f = SR_FAIL_INIT;
	int64_t wax = material("Wax", "g", 900, 1000);
	json_t *m;

	assert_fail(
		try_update(SR_RES_MATERIAL, b.flour, &f, "{\"unit\":\"ml\"}"),
		&f, SR_ECONFLICT, "unit_in_use", "unit");
	create_id(SR_RES_MATERIAL_UNIT,
		  "{\"material_id\":%lld,\"name\":\"slab\",\"base_qty\":5000}",
		  (long long)wax);
	assert_fail(try_update(SR_RES_MATERIAL, wax, &f, "{\"unit\":\"pcs\"}"),
		    &f, SR_ECONFLICT, "unit_in_use", "unit");
	/* Unused, it may change. */
	m = update(SR_RES_MATERIAL, b.water,
		   "{\"unit\":\"ml\",\"name\":\"Tap water\"}");
	json_decref(m);
	m = create(SR_RES_MATERIAL, "{\"name\":\"Thread\",\"unit\":\"mm\"}");
	json_decref(
		update(SR_RES_MATERIAL, num(m, "id"), "{\"unit\":\"pcs\"}"));
	json_decref(m);
}

Test(recipe, purchase_units_are_named_packs_not_standard_units)
{
	int64_t flour = material("Flour", "g", 110, 1000);
	struct sr_fail f = SR_FAIL_INIT;
	json_t *u = create(SR_RES_MATERIAL_UNIT,
			   "{\"material_id\":%lld,\"name\":\"16 kg sack\","
			   "\"base_qty\":16000}",
			   (long long)flour);

	cr_expect_eq(num(u, "base_qty"), 16000);
	cr_expect_str_eq(str(u, "unit"), "g");
	json_decref(u);
	assert_fail(try_create(SR_RES_MATERIAL_UNIT, &f,
			       "{\"material_id\":%lld,\"name\":\"KG\","
			       "\"base_qty\":1000}",
			       (long long)flour),
		    &f, SR_EINVAL, "bad_value", "name");
	/* The same name again, in any case, is a duplicate. */
	assert_fail(try_create(SR_RES_MATERIAL_UNIT, &f,
			       "{\"material_id\":%lld,\"name\":\"16 KG SACK\","
			       "\"base_qty\":16000}",
			       (long long)flour),
		    &f, SR_ECONFLICT, "duplicate", "name");
}

Test(recipe, a_new_material_with_a_pack_price_and_no_cost_takes_the_pack_s)
{
	int64_t mill = create_id(SR_RES_SUPPLIER, "{\"name\":\"Mill\"}");
	json_t *m = create(SR_RES_MATERIAL,
			   "{\"name\":\"Flour\",\"supplier_id\":%lld,"
			   "\"pack_size\":16000,\"pack_price\":1840}",
			   (long long)mill);
	json_t *n = create(SR_RES_MATERIAL,
			   "{\"name\":\"Rye\",\"cost_per_unit\":200,"
			   "\"cost_per\":1000,\"pack_size\":25000,"
			   "\"pack_price\":4000}");

	/* 1840p for a 16 kg sack is the cost until one is typed. */
	cr_expect_eq(num(m, "cost_per_unit"), 1840);
	cr_expect_eq(num(m, "cost_per"), 16000);
	cr_expect_eq(num(m, "supplier_id"), mill);
	/* A cost typed stays as typed. */
	cr_expect_eq(num(n, "cost_per_unit"), 200);
	cr_expect_eq(num(n, "cost_per"), 1000);
	json_decref(m);
	json_decref(n);
}

Test(recipe, the_tree_for_three_loaves_as_worked_by_hand)
{
	struct bakery b = bakery();
	json_t *t = tree(b.loaf, 3), *dough, *mats, *m;

	cr_expect_eq(num(t, "quantity"), 3);
	cr_expect_str_eq(str(t, "material_cost_source"), "recipe");
	cr_expect_eq(num(t, "unit_cost"), 58);
	/* Three loaves: 3 × 58.275 = 174.825p, 175. */
	cr_expect_eq(num(t, "cost"), 175);
	cr_assert_eq(json_array_size(json_object_get(t, "lines")), 1);
	dough = json_array_get(json_object_get(t, "lines"), 0);
	cr_expect_str_eq(str(dough, "name"), "Dough");
	cr_expect_str_eq(str(dough, "source"), "recipe");
	/* 3 loaves × 105/100 / 3 = 1.05 doughs. */
	cr_expect_float_eq(real(dough, "needed"), 1.05, 1e-9);
	cr_expect_eq(json_array_size(json_object_get(dough, "lines")), 3);
	mats = json_object_get(t, "materials");
	cr_assert_eq(json_array_size(mats), 3);
	/* Flour: 1.05 × 1500 = 1575 g, × 0.11p = 173.25p: 173. */
	m = find(mats, "material_id", b.flour);
	cr_expect_float_eq(real(m, "needed"), 1575, 1e-9);
	cr_expect_eq(num(m, "cost"), 173);
	cr_expect_str_eq(str(m, "unit"), "g");
	/* Salt: 1.05 × 30 = 31.5 g, × 0.05p = 1.575p: 2. */
	m = find(mats, "material_id", b.salt);
	cr_expect_float_eq(real(m, "needed"), 31.5, 1e-9);
	cr_expect_eq(num(m, "cost"), 2);
	/* Water: 1 l = 1000 ml a dough, 1050 ml. */
	m = find(mats, "material_id", b.water);
	cr_expect_float_eq(real(m, "needed"), 1050, 1e-9);
	cr_expect_str_eq(str(m, "unit"), "ml");
	json_decref(t);
}

/* What making n of product takes of material, in whole base units. */
static int64_t needs_of(int64_t product, int64_t n, int64_t material, bool *has)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_needs needs = {0};
	struct sr_tx *tx = NULL;
	int64_t got = -1;

	cr_assert_eq(sr_tx_begin(store, false, &tx, &f), SR_OK, "%s",
		     f.message);
	cr_assert_eq(sr_recipe_needs(tx, product, n, &needs, has, &f), SR_OK,
		     "%s", f.message);
	sr_tx_finish(tx, SR_OK, &f);
	for (size_t i = 0; i < needs.n; i++)
		if (needs.v[i].material_id == material)
			got = sr_need_base(&needs.v[i]);
	sr_needs_release(&needs);
	return got;
}

Test(recipe, what_three_loaves_take_of_each_material_rounded_up)
{
	struct bakery b = bakery();
	bool has = false;

	/* As the tree: 1575 g of flour, 1050 ml of water, and 31.5 g of
	 * salt taken as 32 g (a need is rounded up to what is weighed). */
	cr_expect_eq(needs_of(b.loaf, 3, b.flour, &has), 1575);
	cr_expect(has);
	cr_expect_eq(needs_of(b.loaf, 3, b.water, &has), 1050);
	cr_expect_eq(needs_of(b.loaf, 3, b.salt, &has), 32);
	/* Nothing made, nothing taken; a product with no recipe has none. */
	cr_expect_eq(needs_of(b.loaf, 0, b.flour, &has), -1);
	cr_expect_eq(needs_of(product("Plain", 10), 5, b.flour, &has), -1);
	cr_expect_not(has);
}

Test(recipe, the_tree_of_a_product_without_a_recipe_is_its_typed_cost)
{
	int64_t p = product("Candle", 120);
	struct sr_buf out = SR_BUF_INIT(4096);
	struct sr_fail f = SR_FAIL_INIT;
	json_t *t = tree(p, 4);

	cr_expect_str_eq(str(t, "material_cost_source"), "typed");
	cr_expect_eq(num(t, "unit_cost"), 120);
	cr_expect_eq(num(t, "cost"), 480);
	cr_expect_eq(json_array_size(json_object_get(t, "lines")), 0);
	json_decref(t);
	cr_expect_eq(sr_recipe_tree(store, p, 0, &out, &f), SR_EINVAL);
	cr_expect_str_eq(f.field.data, "quantity");
	sr_fail_release(&f);
	cr_expect_eq(sr_recipe_tree(store, 999, 1, &out, &f), SR_ENOTFOUND);
	sr_fail_release(&f);
	sr_buf_release(&out);
}

Test(recipe, the_numbers_use_the_cost_from_the_recipe)
{
	struct bakery b = bakery();
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	json_t *e;

	cr_assert_eq(sr_economics_product(store, b.loaf, NOW, &out, &f), SR_OK,
		     "%s", f.message.data);
	e = parsed(&out);
	/* 58p from the recipe, not the 99p typed. */
	cr_expect_eq(num(e, "material_cost"), 58);
	cr_expect_str_eq(str(e, "material_cost_source"), "recipe");
	json_decref(e);
	sr_buf_release(&out);
}

Test(recipe, both_ways_of_rolling_up_store_the_same_costs)
{
	struct bakery b = bakery();
	int64_t n = 0;
	struct sr_fail f = SR_FAIL_INIT;

	cr_assert_eq(sr_recipe_rollup(store, SR_ROLLUP_EACH, &n, &f), SR_OK);
	cr_expect_eq(n, 2);
	cr_expect_eq(recipe_cost(b.dough, NULL), 167);
	cr_expect_eq(recipe_cost(b.loaf, NULL), 58);
	cr_assert_eq(sr_recipe_rollup(store, SR_ROLLUP_SHARED, &n, &f), SR_OK);
	cr_expect_eq(recipe_cost(b.dough, NULL), 167);
	cr_expect_eq(recipe_cost(b.loaf, NULL), 58);
	sr_fail_release(&f);
}

Test(recipe, a_product_with_a_recipe_is_not_deleted_under_its_users)
{
	struct bakery b = bakery();
	struct sr_fail f = SR_FAIL_INIT;

	cr_expect_eq(sr_rec_delete(store, SR_RES_PRODUCT, b.dough, &f),
		     SR_ECONFLICT);
	cr_expect_str_eq(f.code, "in_use");
	cr_expect(strstr(f.message.data, "recipe line"), "%s", f.message.data);
	sr_fail_release(&f);
	cr_expect_eq(recipe_cost(b.loaf, NULL), 58);
}
