/*
 * workshops.c - the workshops a database holds (workshops.h): finding one
 * by slug, the operator's list, add, suspend, resume and remove, and the
 * new workshop a sign-up makes (workshops-int.h). Everything here runs
 * in directory transactions (backend.h), which see the workshops table
 * whole; a workshop's records are reached only by entering it, and then
 * only its own.
 */
#include "compat.h"

#include "db.h"
#include "json.h"
#include "smallrun/workshops.h"
#include "workshops-int.h"

enum sr_err sr_slug_check(const char *slug, size_t len, const char *field,
			  struct sr_fail *f)
{
	bool ok = len >= 1 && len <= SR_SLUG_MAX && slug[0] != '-' &&
		  slug[len - 1] != '-';

	for (size_t i = 0; ok && i < len; i++)
		ok = (slug[i] >= 'a' && slug[i] <= 'z') ||
		     (slug[i] >= '0' && slug[i] <= '9') || slug[i] == '-';
	if (ok)
		return SR_OK;
	return sr_fail_set(f, SR_EINVAL, "bad_value", field,
			   "%s must be 1 to %d of a-z, 0-9 and '-', neither "
			   "first nor last a '-'",
			   field, SR_SLUG_MAX);
}

enum sr_err sr_workshop_name_check(const char *name, size_t len,
				   const char *field, struct sr_fail *f)
{
	if (len < 1 || len > SR_WORKSHOP_NAME_MAX)
		return sr_fail_set(f, SR_EINVAL, "bad_length", field,
				   "%s must be 1 to %d bytes long", field,
				   SR_WORKSHOP_NAME_MAX);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return sr_fail_set(f, SR_EINVAL, "bad_value", field,
					   "%s must not hold control "
					   "characters",
					   field);
	return SR_OK;
}

/* A row {id, name, slug, status, created_at} into w. */
static void workshop_of(const json_t *row, struct sr_workshop *w)
{
	const char *status = json_string_value(json_object_get(row, "status"));

	memset(w, 0, sizeof(*w));
	w->id = json_integer_value(json_object_get(row, "id"));
	snprintf(w->name, sizeof(w->name), "%s",
		 json_string_value(json_object_get(row, "name")));
	snprintf(w->slug, sizeof(w->slug), "%s",
		 json_string_value(json_object_get(row, "slug")));
	snprintf(w->created_at, sizeof(w->created_at), "%s",
		 json_string_value(json_object_get(row, "created_at")));
	w->suspended = status && !strcmp(status, "suspended");
}

static enum sr_err no_workshop(const char *slug, struct sr_fail *f)
{
	return sr_fail_set(f, SR_ENOTFOUND, "no_workshop", "workshop",
			   "no workshop has the slug '%.40s'; see smallrun "
			   "workshop list",
			   slug);
}

/* The workshop with slug (or, slug NULL, id) within tx, into w. */
static enum sr_err find_in(struct sr_tx *tx, const char *slug, int64_t id,
			   struct sr_workshop *w, struct sr_fail *f)
{
	json_t *row = NULL;
	enum sr_err err = sr_db_workshop_find(tx, slug, id, &row, f);

	if (!err && !row)
		err = slug ? no_workshop(slug, f)
			   : sr_fail_set(f, SR_ENOTFOUND, "no_workshop",
					 "workshop",
					 "no workshop has the id %" PRId64, id);
	if (!err)
		workshop_of(row, w);
	json_decref(row);
	return err;
}

static enum sr_err find(sr_store *s, const char *slug, int64_t id,
			struct sr_workshop *w, struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	enum sr_err err = SR_OK;

	memset(w, 0, sizeof(*w));
	/* A slug that cannot be one names no workshop. */
	if (slug && sr_slug_check(slug, strlen(slug), "workshop", NULL))
		return no_workshop(slug, f);
	err = sr_tx_begin_in(s, SR_TX_DIRECTORY, 0, &tx, f);
	if (!err)
		err = find_in(tx, slug, id, w, f);
	return sr_tx_finish(tx, err, f);
}

enum sr_err sr_workshop_find(sr_store *s, const char *slug,
			     struct sr_workshop *w, struct sr_fail *f)
{
	return find(s, slug, 0, w, f);
}

enum sr_err sr_workshop_get(sr_store *s, int64_t id, struct sr_workshop *w,
			    struct sr_fail *f)
{
	return find(s, NULL, id, w, f);
}

enum sr_err sr_workshop_choose(sr_store *s, const char *slug,
			       struct sr_workshop *w, struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	json_t *rows = NULL;
	enum sr_err err;

	if (slug) {
		err = sr_workshop_find(s, slug, w, f);
		goto out;
	}
	memset(w, 0, sizeof(*w));
	err = sr_tx_begin_in(s, SR_TX_DIRECTORY, 0, &tx, f);
	if (!err)
		err = sr_db_workshops(tx, &rows, f);
	err = sr_tx_finish(tx, err, f);
	if (!err && json_array_size(rows) != 1)
		err = json_array_size(rows)
			      ? sr_fail_set(f, SR_ECONFLICT, "workshop_needed",
					    "workshop",
					    "this database holds %zu "
					    "workshops: name one with "
					    "--workshop SLUG (smallrun "
					    "workshop list shows them)",
					    json_array_size(rows))
			      : sr_fail_set(f, SR_ENOTFOUND, "no_workshop",
					    "workshop",
					    "this database holds no workshop "
					    "yet: add one with smallrun "
					    "workshop add SLUG --name NAME");
	if (!err)
		workshop_of(json_array_get(rows, 0), w);
out:
	if (!err)
		sr_store_pin(s, w->id);
	json_decref(rows);
	return err;
}

enum sr_err sr_workshop_list(sr_store *s, struct sr_buf *out, struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	json_t *rows = NULL, *doc = NULL;
	enum sr_err err = sr_tx_begin_in(s, SR_TX_DIRECTORY, 0, &tx, f);

	if (!err)
		err = sr_db_workshops(tx, &rows, f);
	err = sr_tx_finish(tx, err, f);
	if (!err) {
		doc = json_pack("{sOsI}", "items", rows, "total",
				(json_int_t)json_array_size(rows));
		err = doc ? sr_json_dump(doc, out, 0) : SR_ENOMEM;
		if (err)
			err = sr_fail_set(f, err, "internal", NULL,
					  "the answer could not be written");
	}
	json_decref(doc);
	json_decref(rows);
	return err;
}

/* What a SQLite file cannot do. */
static enum sr_err one_only(const char *what, struct sr_fail *f)
{
	return sr_fail_set(f, SR_ECONFLICT, "not_supported", NULL,
			   "a SQLite file holds one workshop, which it "
			   "cannot %s; many workshops live in a PostgreSQL "
			   "database (doc/HOSTED.md)",
			   what);
}

enum sr_err sr_workshop_add_in(struct sr_tx *tx, const char *name,
			       const char *slug, int64_t now, int64_t *id,
			       struct sr_fail *f)
{
	enum sr_err err = sr_db_workshop_add(tx, name, slug, now, id, f);

	if (err == SR_ECONFLICT && f && !strcmp(f->code, "duplicate"))
		err = sr_fail_set(f, SR_ECONFLICT, "duplicate", "slug",
				  "the slug '%s' is taken: choose another",
				  slug);
	if (!err)
		err = sr_db_workshop_enter(tx, *id, f);
	if (!err)
		err = sr_db_settings_new(tx, name, f);
	return err;
}

enum sr_err sr_workshop_add(sr_store *s, const char *name, const char *slug,
			    int64_t now, struct sr_workshop *w,
			    struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	int64_t id = 0;
	enum sr_err err = sr_workshop_name_check(name, strlen(name), "name", f);

	memset(w, 0, sizeof(*w));
	if (!err)
		err = sr_slug_check(slug, strlen(slug), "slug", f);
	if (!err && !sr_store_tenants(s))
		err = one_only("share with another", f);
	if (!err)
		err = sr_tx_begin_in(s, SR_TX_DIRECTORY | SR_TX_WRITE, 0, &tx,
				     f);
	if (!err)
		err = sr_workshop_add_in(tx, name, slug, now, &id, f);
	if (!err)
		err = find_in(tx, NULL, id, w, f);
	return sr_tx_finish(tx, err, f);
}

enum sr_err sr_workshop_suspend(sr_store *s, const char *slug, bool suspended,
				struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	struct sr_workshop w;
	bool found = false;
	enum sr_err err = SR_OK;

	if (!sr_store_tenants(s))
		return one_only(suspended ? "suspend" : "resume", f);
	if (sr_slug_check(slug, strlen(slug), "workshop", NULL))
		return no_workshop(slug, f);
	err = sr_tx_begin_in(s, SR_TX_DIRECTORY | SR_TX_WRITE, 0, &tx, f);
	if (!err)
		err = find_in(tx, slug, 0, &w, f);
	if (!err)
		err = sr_db_workshop_status(tx, w.id,
					    suspended ? "suspended" : "active",
					    &found, f);
	if (!err && !found)
		err = no_workshop(slug, f);
	return sr_tx_finish(tx, err, f);
}

enum sr_err sr_workshop_remove(sr_store *s, const char *slug, int64_t *rows,
			       struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	struct sr_workshop w;
	enum sr_err err = SR_OK;

	*rows = 0;
	if (!sr_store_tenants(s))
		return one_only("remove", f);
	if (sr_slug_check(slug, strlen(slug), "workshop", NULL))
		return no_workshop(slug, f);
	err = sr_tx_begin_in(s, SR_TX_DIRECTORY | SR_TX_WRITE, 0, &tx, f);
	if (!err)
		err = find_in(tx, slug, 0, &w, f);
	/* Its rows are seen, and deleted, only once it is entered. */
	if (!err)
		err = sr_db_workshop_enter(tx, w.id, f);
	if (!err)
		err = sr_db_workshop_purge(tx, rows, f);
	return sr_tx_finish(tx, err, f);
}
