/*
 * ingredients.h - a product's ingredients list and allergens, from its
 * recipe, for its label (label.h) and its page.
 *
 * The rules (doc/API.md, "Ingredients"), after the UK's Food Information
 * Regulations 2014 and retained Regulation (EU) 1169/2011 (Art. 18, 21,
 * Annex VII Part E):
 *
 *  - The recipe of one unit is expanded to any depth, each line as the
 *    recipe's arithmetic takes it (loss and yield included: what goes into
 *    the mix). An ingredient's weight is its quantity in g, or its quantity
 *    in its base unit × grams_each / 1000 (the milligrams one base unit
 *    weighs) for a material counted in ml, mm or pcs.
 *  - A material is listed by its ingredient name (its name when it has
 *    none); entries of the same name, in any case, are one entry, their
 *    weights added. The list runs in descending order of weight; equal
 *    weights keep the order first met, and an entry of unknown weight goes
 *    last (and is "missing").
 *  - A sub-product that has an ingredient name of its own ("starter") is
 *    a compound ingredient: listed by that name at its total weight, its
 *    own ingredients after it in brackets, ordered the same way ("starter
 *    (wheat flour, water)"). A sub-product without one is not named on a
 *    label: its ingredients join the product's own list, merged with it.
 *  - A material's `contains` (a compound material: "cocoa mass, sugar,
 *    emulsifier: soya lecithin") follows its name in brackets as written.
 *  - Emphasis: an ingredient's name (or one item of a `contains`) is bold
 *    when it names one of the allergens its material carries
 *    (allergens.h: "wheat flour" carrying gluten). An allergen the
 *    material carries that none of them names is added after it in
 *    brackets, the word bold: "unsalted butter (milk)".
 *  - The product's allergens are the union of its materials', at any
 *    depth.
 */
#ifndef SMALLRUN_INGREDIENTS_H
#define SMALLRUN_INGREDIENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smallrun/buf.h"
#include "smallrun/err.h"
#include "smallrun/store.h"

/* One run of the list's text: bold where it names an allergen. */
struct sr_run {
	char *text;
	bool bold;
};

/* What stands in the way of a full list, said in words. */
enum sr_missing_what {
	SR_MISSING_INGREDIENT, /* a material with no ingredient name (its
				  name stands in) */
	SR_MISSING_WEIGHT,     /* a material not in g with no grams_each */
	SR_MISSING_RECIPE,     /* a sub-product (or the product) with no
				  recipe: its ingredients are not known */
};

struct sr_missing {
	enum sr_missing_what what;
	int64_t material_id, product_id; /* the one at fault; 0 the other */
	char *message;
};

struct sr_ingredients {
	struct sr_run *run; /* the list, ", " between its entries */
	size_t nrun;
	char *text;	    /* the runs' text joined */
	unsigned allergens; /* allergens.h's set: the union */
	struct sr_missing *missing;
	size_t nmissing;
	/* A label may be printed: every weight known, a recipe at every
	 * level. A missing ingredient name alone does not stop it. */
	bool complete;
};

/* Release what sr_ingredients_of() filled; zeroed is empty. */
void sr_ingredients_release(struct sr_ingredients *in);

/* The most entries a list (all levels together) holds. */
#define SR_INGREDIENTS_MAX 2000

/*
 * Work out product_id's ingredients into *out (release it with
 * sr_ingredients_release() whatever this returns). SR_ENOTFOUND for no
 * such product; SR_EINVAL for a recipe whose figures cannot be worked
 * out; SR_ECONFLICT (recipe_too_deep, tree_too_large) past the limits.
 */
enum sr_err sr_ingredients_of(sr_store *s, int64_t product_id,
			      struct sr_ingredients *out, struct sr_fail *f);

/*
 * The same as JSON, appended to out:
 *
 *   {"product_id", "name", "ingredients": [{"text", "bold"}], "text",
 *    "allergens": ["gluten", …], "may_contain": text | null,
 *    "complete": bool, "missing": [{"what": "ingredient" | "weight" |
 *    "recipe", "material_id" | "product_id", "message"}]}
 */
enum sr_err sr_ingredients_json(sr_store *s, int64_t product_id,
				struct sr_buf *out, struct sr_fail *f);

#endif
