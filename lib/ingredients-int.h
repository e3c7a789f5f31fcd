/*
 * ingredients-int.h - a product's ingredients within a caller's
 * transaction, and the JSON of a list's runs: for label.c, which reads
 * the batch, its product and the settings in the same one. Private to lib/.
 */
#ifndef SMALLRUN_INGREDIENTS_INT_H
#define SMALLRUN_INGREDIENTS_INT_H

#include <jansson.h>

#include "db.h"
#include "smallrun/ingredients.h"

/* sr_ingredients_of() inside tx. */
enum sr_err sr_ingredients_in(struct sr_tx *tx, int64_t product_id,
			      struct sr_ingredients *out, struct sr_fail *f);

/* [{"text", "bold"}] of in's runs; NULL when out of memory. */
json_t *sr_ingredients_runs_json(const struct sr_ingredients *in);

/* ["gluten", …] of an allergens.h set; NULL when out of memory. */
json_t *sr_allergens_json(unsigned set);

#endif
