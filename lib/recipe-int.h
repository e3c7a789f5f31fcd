/*
 * recipe-int.h - what a recipe takes of each material, for the modules
 * that move stock by it (making, buying). Private to lib/.
 */
#ifndef SMALLRUN_RECIPE_INT_H
#define SMALLRUN_RECIPE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

/* One material's need, in millionths of its base unit. */
struct sr_need {
	int64_t material_id;
	__int128 micro;
};

/* Needs by material, in the order first met; zeroed is empty. */
struct sr_needs {
	struct sr_need *v;
	size_t n, cap;
};

void sr_needs_release(struct sr_needs *n);

/* A need in whole base units, rounded up: 0.2 g of salt is 1 g taken. */
int64_t sr_need_base(const struct sr_need *n);

/*
 * Add to out what making quantity units of product_id takes of each
 * material: its recipe expanded to any depth, each line as recipe.h's
 * arithmetic gives it (loss and yield included), a sub-product without a
 * recipe taking nothing. *has says whether product_id has a recipe at
 * all (out unchanged when not). SR_ENOTFOUND for no such product;
 * SR_EINVAL ("out_of_range", quantity) for a need too large to work out.
 */
enum sr_err sr_recipe_needs(struct sr_tx *tx, int64_t product_id,
			    int64_t quantity, struct sr_needs *out, bool *has,
			    struct sr_fail *f);

#endif
