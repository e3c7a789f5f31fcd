/*
 * workshops.h - the workshops a database holds (doc/HOSTED.md).
 *
 * A SQLite file holds one workshop, always active, whose slug is "main".
 * A PostgreSQL database holds any number: each with a name, a slug (1 to
 * SR_SLUG_MAX of a-z 0-9 and '-', neither first nor last a '-', unique in
 * the database), a status (active or suspended) and the instant it was
 * created. Every record belongs to one, and a transaction sees only its
 * workshop's (store.h); these calls are the operator's and the sign-up's,
 * which look across workshops.
 *
 * A workshop as JSON is {id, name, slug, status, created_at}. Errors:
 * SR_EINVAL (a name or slug that cannot be one, naming the field),
 * SR_ENOTFOUND ("no_workshop", field "workshop"), SR_ECONFLICT
 * ("duplicate" slug; "workshop_needed" when the store holds several and
 * none was named; "not_supported" for what a SQLite file cannot do: hold
 * a second workshop, suspend or remove its one).
 */
#ifndef SMALLRUN_WORKSHOPS_H
#define SMALLRUN_WORKSHOPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smallrun/buf.h"
#include "smallrun/err.h"
#include "smallrun/store.h"

#define SR_SLUG_MAX 40
#define SR_WORKSHOP_NAME_MAX 100

struct sr_workshop {
	int64_t id;
	char name[SR_WORKSHOP_NAME_MAX + 1];
	char slug[SR_SLUG_MAX + 1];
	bool suspended;
	char created_at[21];
};

/* Is slug[0..len) a slug's form? SR_EINVAL naming field when not. */
enum sr_err sr_slug_check(const char *slug, size_t len, const char *field,
			  struct sr_fail *f);
/* Is name[0..len) a workshop's name (1 to 100 bytes, no control
 * characters)? SR_EINVAL naming field when not. */
enum sr_err sr_workshop_name_check(const char *name, size_t len,
				   const char *field, struct sr_fail *f);

/* The workshop with this slug, or with this id; SR_ENOTFOUND. */
enum sr_err sr_workshop_find(sr_store *s, const char *slug,
			     struct sr_workshop *w, struct sr_fail *f);
enum sr_err sr_workshop_get(sr_store *s, int64_t id, struct sr_workshop *w,
			    struct sr_fail *f);
/*
 * Pin the store to one workshop (store.h), for a program that serves
 * one: the one with slug, or with slug NULL the only one the store holds
 * (SR_ECONFLICT "workshop_needed" when it holds several). *w gets it.
 */
enum sr_err sr_workshop_choose(sr_store *s, const char *slug,
			       struct sr_workshop *w, struct sr_fail *f);

/* Append {"items": [workshops], "total"}, by id. */
enum sr_err sr_workshop_list(sr_store *s, struct sr_buf *out,
			     struct sr_fail *f);
/*
 * A new workshop, with its settings (named name), empty otherwise: no
 * account yet (sign-up makes its owner in the same transaction; an
 * operator's is given one with `smallrun user add --workshop SLUG`).
 * *w gets it. SR_ECONFLICT "duplicate" (field "slug") when it is taken.
 */
enum sr_err sr_workshop_add(sr_store *s, const char *name, const char *slug,
			    int64_t now, struct sr_workshop *w,
			    struct sr_fail *f);
/* Suspend (or with suspended false, resume) the workshop with slug: its
 * sessions and tokens get SR_EDENIED "workshop_suspended" meanwhile. */
enum sr_err sr_workshop_suspend(sr_store *s, const char *slug, bool suspended,
				struct sr_fail *f);
/* Remove the workshop with slug and every row of it, in one transaction;
 * *rows gets how many rows went. */
enum sr_err sr_workshop_remove(sr_store *s, const char *slug, int64_t *rows,
			       struct sr_fail *f);

#endif
