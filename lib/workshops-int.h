/*
 * workshops-int.h - what the sign-up (accounts.c) takes of workshops.c.
 * Private to lib/.
 */
#ifndef SMALLRUN_WORKSHOPS_INT_H
#define SMALLRUN_WORKSHOPS_INT_H

#include <stdint.h>

#include "db.h"

/* The id of a SQLite file's one workshop. */
#define SR_WORKSHOP_ONLY 1

/*
 * Within tx, a directory write transaction: a new workshop called name
 * with slug (both checked already), its id into *id, entered (the rest of
 * tx is its: sr_db_workshop_enter), with its settings row. SR_ECONFLICT
 * "duplicate" naming "slug" when the slug is taken.
 */
enum sr_err sr_workshop_add_in(struct sr_tx *tx, const char *name,
			       const char *slug, int64_t now, int64_t *id,
			       struct sr_fail *f);

#endif
