/*
 * records-int.h - the pieces of lib/records.c that the other record
 * modules (timer.c, trace.c) build on. Private to lib/.
 */
#ifndef SMALLRUN_RECORDS_INT_H
#define SMALLRUN_RECORDS_INT_H

#include <jansson.h>

#include "resource.h"
#include "db.h"

/* Parse a write body for res into a flat object of checked-name fields. */
enum sr_err sr_rec_parse_input(const struct sr_resource *res, const char *body,
			       size_t len, json_t **out, struct sr_fail *f);

/* Create or update inside an open write transaction (see records.c). */
enum sr_err sr_rec_create_in(struct sr_tx *tx, const struct sr_resource *res,
			     const json_t *in, int64_t now, int64_t *id,
			     json_t **stored, struct sr_fail *f);
enum sr_err sr_rec_update_in(struct sr_tx *tx, const struct sr_resource *res,
			     int64_t id, const json_t *in, int64_t now,
			     json_t **stored, struct sr_fail *f);

/* Check a page: limit 0 becomes SR_LIST_DEFAULT; SR_EINVAL naming it. */
enum sr_err sr_rec_page(int64_t *limit, int64_t offset, struct sr_fail *f);

/* A stored row as the API shows it (nested); a new reference or NULL. */
json_t *sr_rec_output(const json_t *row);
/* Append that to out. */
enum sr_err sr_rec_emit(const json_t *row, struct sr_buf *out,
			struct sr_fail *f);

/*
 * A product's material cost of one, as the economics use it: from its
 * recipe (products.recipe_cost, kept by recipe.c) when it has one, else
 * the typed material_cost; *from_recipe (when not NULL) says which.
 */
int64_t sr_product_material_cost(const json_t *product, bool *from_recipe);

#endif
