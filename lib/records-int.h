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

/*
 * The row a create of in would store, within tx: the defaults with in
 * laid over them, every field checked, the resource's before_write run
 * and the references found; nothing is stored. *row is the caller's
 * (json_decref()). The errors sr_rec_create_in() would give first.
 */
enum sr_err sr_rec_prepare_in(struct sr_tx *tx, const struct sr_resource *res,
			      const json_t *in, int64_t now, json_t **row,
			      struct sr_fail *f);

/* Create or update inside an open write transaction (see records.c). */
enum sr_err sr_rec_create_in(struct sr_tx *tx, const struct sr_resource *res,
			     const json_t *in, int64_t now, int64_t *id,
			     json_t **stored, struct sr_fail *f);
enum sr_err sr_rec_update_in(struct sr_tx *tx, const struct sr_resource *res,
			     int64_t id, const json_t *in, int64_t now,
			     json_t **stored, struct sr_fail *f);

/*
 * Delete row id of res within tx, its stored row old in hand (the audit
 * log keeps it): the one way a record is deleted.
 */
enum sr_err sr_rec_remove_in(struct sr_tx *tx, const struct sr_resource *res,
			     int64_t id, const json_t *old, struct sr_fail *f);

/*
 * Record a write in the audit log within tx, under this thread's actor
 * (auth.h): action "create", "update" or "delete" of record id of
 * resource, before and after it (NULL for none), at the actor's time
 * (or now when it has none). accounts.c keeps the log; records.c calls
 * it for every record it writes.
 */
enum sr_err sr_audit_write(struct sr_tx *tx, const char *resource, int64_t id,
			   const char *action, const json_t *before,
			   const json_t *after, int64_t now, struct sr_fail *f);

/* Check a page: limit 0 becomes SR_LIST_DEFAULT; SR_EINVAL naming it. */
enum sr_err sr_rec_page(int64_t *limit, int64_t offset, struct sr_fail *f);

/*
 * Append ", N things (id, id …)" to b (no ", " when b is empty): n, the
 * singular one or its plural, and the first nids ids ("and M more" past
 * them). "2 time entries (4, 9)", "1 day off (3)".
 */
void sr_rec_count_words(struct sr_buf *b, int64_t n, const char *one,
			const int64_t *ids, size_t nids);

/*
 * Fill the filter a list of res applies when it is not given (its
 * list_filter: products leave retired ones out) into values, one slot per
 * res->filters entry, where that slot is still NULL. The caller decrefs
 * the values. SR_ENOMEM, or SR_OK.
 */
enum sr_err sr_rec_list_default(const struct sr_resource *res, json_t **values,
				struct sr_fail *f);

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
