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

/*
 * What line l of a recipe takes when need millionths of its product are
 * made, into *out: millionths of its material's base unit, or of units of
 * its sub-product; loss and yield included and rounded half up, as
 * sr_recipe_needs() works it. SR_EINVAL for a unit that does not convert
 * or a figure too large to work out (out_of_range, quantity). For the
 * walks of other modules (ingredients.c) that need a recipe's lines in
 * order rather than its materials added up.
 */
enum sr_err sr_recipe_line_need(const struct sr_db_recipe_line *l,
				__int128 need, __int128 *out,
				struct sr_fail *f);

#endif
