/*
 * recipe.h - what a product is made of, and what that costs.
 *
 * A product's recipe is its lines (the `recipe-lines` resource): each a
 * material or another product (a sub-recipe: one dough in three loaves),
 * a whole quantity in a unit, for each unit made or for a batch that makes
 * batch_yield units, and an expected loss in percent. Recipes nest to any
 * depth up to SR_RECIPE_DEPTH_MAX; a line that would make a product part
 * of itself is refused with the path named ("Loaf → Dough → Loaf").
 *
 * The arithmetic (doc/API.md, "Recipes"): a line takes
 *
 *     quantity in base units × (100 + loss_pct) / 100 / batch_yield
 *
 * of its material or product for each unit made (batch_yield 1 for a line
 * per unit). Costs are carried in millionths of a penny, each line's share
 * rounded half up to a millionth, and a product's cost of one is rounded
 * half up to whole pence once, at the end: 9 g of salt at 50p a kilo is
 * 0.45p, not 0p, inside a loaf's cost. A material costs cost_per_unit
 * pence per cost_per base units; a product with no recipe costs its typed
 * material_cost.
 *
 * products.recipe_cost holds each product's figure, kept in the
 * transaction of every write that moves it (a line, a material's cost, a
 * typed cost a recipe uses), so lists and the economics read it for free.
 */
#ifndef SMALLRUN_RECIPE_H
#define SMALLRUN_RECIPE_H

#include <stdbool.h>
#include <stdint.h>

#include "smallrun/buf.h"
#include "smallrun/err.h"
#include "smallrun/store.h"

/* How deep recipes may nest: a product, its sub-recipes, theirs … */
#define SR_RECIPE_DEPTH_MAX 32
/* The most lines one product's recipe has. */
#define SR_RECIPE_LINES_MAX 200
/* The most lines an expanded tree (sr_recipe_tree) shows. */
#define SR_RECIPE_TREE_MAX 5000
/* The most units sr_recipe_tree works out a recipe for. */
#define SR_RECIPE_QTY_MAX 1000000

/*
 * The recipe of product_id expanded for quantity units (1 to
 * SR_RECIPE_QTY_MAX): every line with what it needs and costs for them,
 * sub-recipes inside their line, and the materials added up:
 *
 *   {"product_id", "name", "quantity", "material_cost_source": "recipe" |
 *    "typed", "unit_cost" (pence, one unit), "cost" (pence, quantity),
 *    "lines": [{"line_id", "material_id", "sub_product_id", "name",
 *      "quantity", "unit", "per", "batch_yield", "loss_pct", "base_unit",
 *      "needed" (base units or units, to six decimals), "cost",
 *      "source" (a product: "recipe" | "typed"), "lines": […]}],
 *    "materials": [{"material_id", "name", "unit", "needed", "cost"}]}
 *
 * SR_ENOTFOUND for no such product; SR_EINVAL for a quantity out of range
 * or so large a figure cannot be worked out; SR_ECONFLICT
 * ("tree_too_large") past SR_RECIPE_TREE_MAX lines.
 */
enum sr_err sr_recipe_tree(sr_store *s, int64_t product_id, int64_t quantity,
			   struct sr_buf *out, struct sr_fail *f);

/* How sr_recipe_rollup() works the costs out. */
enum sr_rollup_how {
	SR_ROLLUP_SHARED, /* each product once, its cost shared by its users */
	SR_ROLLUP_EACH,	  /* each product's tree worked out on its own (the
			     reference a benchmark measures against) */
};

/*
 * Work out every product's cost from its recipe again and store it, in one
 * write transaction; *products gets how many products there are. Both
 * ways store the same figures.
 */
enum sr_err sr_recipe_rollup(sr_store *s, enum sr_rollup_how how,
			     int64_t *products, struct sr_fail *f);

#endif
