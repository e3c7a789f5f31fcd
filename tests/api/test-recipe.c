/*
 * test-recipe.c - recipes over HTTP on a real server: lines through the
 * generic record routes, the product's answer saying where its material
 * cost comes from, a cycle refused 409 with its path, GET
 * /api/v1/products/{id}/recipe and its query, the Numbers reading the cost
 * from the recipe, purchase units, the schema's unit table, and refusals
 * that write nothing. Figures are worked out by hand beside each.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

API_SUITE(recipe);

static long long num(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* Flour 110p a kilo, butter 800p a kilo; Pastry: 500 g flour and 250 g
 * butter for a batch of 1; Tart: one pastry for 8 tarts, 5% lost. */
struct shop {
	long long flour, butter, pastry, tart;
};

static struct shop shop(void)
{
	struct shop s;

	s.flour = add_material("{\"name\": \"Flour\", \"cost_per_unit\": 110, "
			       "\"cost_per\": 1000}");
	s.butter = add_material("{\"name\": \"Butter\", \"cost_per_unit\": "
				"800, \"cost_per\": 1000}");
	s.pastry = add_product("{\"name\": \"Pastry\"}");
	s.tart = add_product("{\"name\": \"Tart\", \"price\": 350, "
			     "\"material_cost\": 200}");
	add_record("recipe-lines",
		   "{\"product_id\": %lld, \"material_id\": %lld, "
		   "\"quantity\": 500, \"per\": \"batch\", \"batch_yield\": 1}",
		   s.pastry, s.flour);
	add_record("recipe-lines",
		   "{\"product_id\": %lld, \"material_id\": %lld, "
		   "\"quantity\": 250, \"per\": \"batch\", \"batch_yield\": 1}",
		   s.pastry, s.butter);
	add_record("recipe-lines",
		   "{\"product_id\": %lld, \"sub_product_id\": %lld, "
		   "\"quantity\": 1, \"per\": \"batch\", \"batch_yield\": 8, "
		   "\"loss_pct\": 5}",
		   s.tart, s.pastry);
	return s;
}

Test(recipe, the_product_says_its_cost_comes_from_the_recipe)
{
	struct shop s = shop();
	json_t *p = getf(API "/products/%lld", s.tart);

	/* Pastry: 500 × 0.11 = 55p, 250 × 0.8 = 200p: 255p. A tart: 255 ×
	 * 105/100 / 8 = 33.46875p, 33; the typed 200p stays as typed. */
	cr_expect_eq(num(p, "recipe_cost"), 33);
	cr_expect_eq(num(p, "material_cost"), 200);
	cr_expect_str_eq(
		json_string_value(json_object_get(p, "material_cost_source")),
		"recipe");
	json_decref(p);
	p = getf(API "/products/%lld", s.pastry);
	cr_expect_eq(num(p, "recipe_cost"), 255);
	json_decref(p);
	/* A product with no recipe says so, its recipe_cost null. */
	p = getf(
		API "/products/%lld",
		add_product("{\"name\": \"Gift card\", \"material_cost\": 5}"));
	cr_expect(json_is_null(json_object_get(p, "recipe_cost")));
	cr_expect_str_eq(
		json_string_value(json_object_get(p, "material_cost_source")),
		"typed");
	json_decref(p);
}

Test(recipe, a_material_s_new_cost_reaches_every_product_that_uses_it)
{
	struct shop s = shop();
	char path[64];
	json_t *p;

	snprintf(path, sizeof(path), API "/materials/%lld", s.butter);
	json_decref(call("PATCH", path, "{\"cost_per_unit\": 1000}", 200));
	/* Butter at 1p a gram: pastry 55 + 250 = 305p; a tart 305 × 1.05 / 8
	 * = 40.03125p, 40. */
	p = getf(API "/products/%lld", s.tart);
	cr_expect_eq(num(p, "recipe_cost"), 40);
	json_decref(p);
}

Test(recipe, a_cycle_is_409_with_its_path_and_writes_nothing)
{
	struct shop s = shop();
	char body[160];
	struct resp r;
	json_t *lines;

	snprintf(body, sizeof(body),
		 "{\"product_id\": %lld, \"sub_product_id\": %lld, "
		 "\"quantity\": 1}",
		 s.pastry, s.tart);
	http_json(&server, "POST", API "/recipe-lines", body, &r);
	assert_field_error(&r, 409, "cycle", "sub_product_id");
	cr_expect(strstr(json_string_value(json_object_get(
				 json_object_get(r.json, "error"), "message")),
			 "Pastry → Tart → Pastry"),
		  "%s", r.body);
	/* The products of the path, for a page to link to. */
	cr_expect(strstr(r.body, "\"records\""), "%s", r.body);
	resp_free(&r);
	lines = get(API "/recipe-lines");
	cr_expect_eq(num(lines, "total"), 3);
	json_decref(lines);
}

Test(recipe, the_expanded_recipe_for_eight_tarts)
{
	struct shop s = shop();
	json_t *t = getf(API "/products/%lld/recipe?quantity=8", s.tart);
	json_t *pastry = json_array_get(json_object_get(t, "lines"), 0);
	json_t *mats = json_object_get(t, "materials");

	cr_expect_eq(num(t, "unit_cost"), 33);
	/* Eight: 8 × 33.46875 = 267.75p, 268. */
	cr_expect_eq(num(t, "cost"), 268);
	cr_expect_str_eq(json_string_value(json_object_get(pastry, "name")),
			 "Pastry");
	/* 8 × 1.05 / 8 = 1.05 pastries, 525 g of flour and 262.5 g of
	 * butter. */
	cr_expect_float_eq(json_number_value(json_object_get(pastry, "needed")),
			   1.05, 1e-9);
	cr_assert_eq(json_array_size(mats), 2);
	cr_expect_float_eq(json_number_value(json_object_get(
				   json_array_get(mats, 0), "needed")),
			   525, 1e-9);
	cr_expect_float_eq(json_number_value(json_object_get(
				   json_array_get(mats, 1), "needed")),
			   262.5, 1e-9);
	json_decref(t);
	/* One by default. */
	t = getf(API "/products/%lld/recipe", s.tart);
	cr_expect_eq(num(t, "quantity"), 1);
	cr_expect_eq(num(t, "cost"), 33);
	json_decref(t);
}

Test(recipe, the_recipe_route_checks_its_query_and_its_product)
{
	struct shop s = shop();
	char path[96];

	snprintf(path, sizeof(path), API "/products/%lld/recipe?quantity=0",
		 s.tart);
	call_fails("GET", path, NULL, 400, "out_of_range", "quantity");
	snprintf(path, sizeof(path), API "/products/%lld/recipe?quantity=x",
		 s.tart);
	call_fails("GET", path, NULL, 400, "out_of_range", "quantity");
	snprintf(path, sizeof(path), API "/products/%lld/recipe?qty=2", s.tart);
	call_fails("GET", path, NULL, 400, "unknown_param", "qty");
	call_fails("GET", API "/products/999/recipe", NULL, 404, "not_found",
		   NULL);
	snprintf(path, sizeof(path), API "/products/%lld/recipe", s.tart);
	call_fails("POST", path, "{}", 405, "method_not_allowed", NULL);
}

Test(recipe, the_numbers_use_the_cost_from_the_recipe)
{
	struct shop s = shop();
	json_t *e = getf(API "/products/%lld/economics", s.tart);

	cr_expect_eq(num(e, "material_cost"), 33);
	cr_expect_str_eq(
		json_string_value(json_object_get(e, "material_cost_source")),
		"recipe");
	json_decref(e);
}

Test(recipe, bad_lines_are_refused_naming_the_field)
{
	struct shop s = shop();
	char body[200];

	snprintf(body, sizeof(body),
		 "{\"product_id\": %lld, \"material_id\": %lld, "
		 "\"quantity\": 2, \"unit\": \"l\"}",
		 s.tart, s.flour);
	call_fails("POST", API "/recipe-lines", body, 400, "bad_unit", "unit");
	snprintf(body, sizeof(body),
		 "{\"product_id\": %lld, \"material_id\": %lld, "
		 "\"quantity\": 2, \"per\": \"batch\"}",
		 s.tart, s.flour);
	call_fails("POST", API "/recipe-lines", body, 400, "missing_field",
		   "batch_yield");
	snprintf(body, sizeof(body),
		 "{\"product_id\": %lld, \"material_id\": 999, "
		 "\"quantity\": 2}",
		 s.tart);
	call_fails("POST", API "/recipe-lines", body, 400, "unknown_reference",
		   "material_id");
	snprintf(body, sizeof(body),
		 "{\"product_id\": %lld, \"material_id\": %lld, "
		 "\"quantity\": 1.5}",
		 s.tart, s.flour);
	call_fails("POST", API "/recipe-lines", body, 400, "bad_type",
		   "quantity");
	snprintf(body, sizeof(body),
		 "{\"product_id\": %lld, \"material_id\": %lld, "
		 "\"quantity\": 1, \"name\": \"x\"}",
		 s.tart, s.flour);
	call_fails("POST", API "/recipe-lines", body, 400, "read_only", "name");
	/* Still the three lines, and the same cost. */
	json_decref(call("GET", API "/recipe-lines?product_id=999", NULL, 200));
	{
		json_t *p = getf(API "/products/%lld", s.tart);

		cr_expect_eq(num(p, "recipe_cost"), 33);
		json_decref(p);
	}
}

Test(recipe, purchase_units_and_the_material_s_pack)
{
	long long mill = add_record("suppliers", "{\"name\": \"Mill\", "
						 "\"lead_time_days\": 2}");
	long long flour = add_material(
		"{\"name\": \"Flour\", \"supplier_id\": %lld, \"pack_size\": "
		"16000, \"pack_price\": 1840}",
		mill);
	json_t *m = getf(API "/materials/%lld", flour), *list;
	char body[160];

	/* The pack's price is the cost until one is typed. */
	cr_expect_eq(num(m, "cost_per_unit"), 1840);
	cr_expect_eq(num(m, "cost_per"), 16000);
	json_decref(m);
	add_record("material-units",
		   "{\"material_id\": %lld, \"name\": \"sack\", "
		   "\"base_qty\": 16000}",
		   flour);
	list = getf(API "/material-units?material_id=%lld", flour);
	cr_expect_eq(num(list, "total"), 1);
	json_decref(list);
	snprintf(
		body, sizeof(body),
		"{\"material_id\": %lld, \"name\": \"kg\", \"base_qty\": 1000}",
		flour);
	call_fails("POST", API "/material-units", body, 400, "bad_value",
		   "name");
	/* A supplier's materials. */
	list = getf(API "/materials?supplier_id=%lld", mill);
	cr_expect_eq(num(list, "total"), 1);
	json_decref(list);
}

Test(recipe, the_schema_shows_the_units_and_their_factors)
{
	json_t *s = get(API "/schema");
	json_t *units = json_object_get(s, "units");
	json_t *g = json_object_get(units, "g");

	cr_assert(json_is_object(units), "no units in the schema");
	cr_expect_eq(num(g, "g"), 1);
	cr_expect_eq(num(g, "kg"), 1000);
	cr_expect_eq(num(json_object_get(units, "mm"), "m"), 1000);
	cr_expect_eq(num(json_object_get(units, "pcs"), "dozen"), 12);
	cr_expect_eq(json_object_size(units), 4);
	json_decref(s);
}
