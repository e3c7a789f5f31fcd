/*
 * records.c - create, read, update, delete and list every resource, from
 * its description alone, plus the rules that span fields (batch codes,
 * timers, stock). Works only through the typed store API (db.h).
 *
 * A write: parse the body, refuse unknown and read-only fields, merge it
 * over the defaults (create) or the stored row (update), check every field,
 * run the resource's own rules, check references exist, store, read back —
 * all in one transaction, so a failure anywhere writes nothing.
 */
#include "compat.h"

#include "invoice-int.h"
#include "json.h"
#include "records-int.h"
#include "smallrun/auth.h"
#include "smallrun/date.h"

/* Output: a flat row with "a.b" names nested one level. */
json_t *sr_rec_output(const json_t *row)
{
	json_t *out = json_object(), *v;
	const char *key;
	bool no_mem = !out;

	json_object_foreach((json_t *)row, key, v)
	{
		const char *dot = strchr(key, '.');
		json_t *inner;
		char outer[64];

		if (!dot) {
			sr_json_put(out, key, json_incref(v), &no_mem);
			continue;
		}
		snprintf(outer, sizeof(outer), "%.*s", (int)(dot - key), key);
		inner = json_object_get(out, outer);
		if (!inner) {
			inner = json_object();
			sr_json_put(out, outer, inner, &no_mem);
		}
		if (inner)
			sr_json_put(inner, dot + 1, json_incref(v), &no_mem);
	}
	if (no_mem) {
		json_decref(out);
		return NULL;
	}
	return out;
}

enum sr_err sr_rec_emit(const json_t *row, struct sr_buf *out,
			struct sr_fail *f)
{
	json_t *doc = sr_rec_output(row);
	enum sr_err err;

	if (!doc)
		return sr_fail_oom(f);
	err = sr_json_dump(doc, out, 0);
	json_decref(doc);
	return err ? sr_fail_set(f, err, "internal", NULL,
				 "the answer could not be written")
		   : SR_OK;
}

/*
 * Parse a write body into a flat object of the fields it sets, nested
 * objects ("hours": {"mon": …}) flattened to "hours.mon". Unknown and
 * read-only fields are refused by name.
 */
static enum sr_err input_of(const struct sr_resource *res, json_t *doc,
			    json_t **out, struct sr_fail *f);

enum sr_err sr_rec_parse_input(const struct sr_resource *res, const char *body,
			       size_t len, json_t **out, struct sr_fail *f)
{
	json_t *doc;
	enum sr_err err;

	*out = NULL;
	doc = sr_json_parse_object(body, len, f);
	if (!doc)
		return f ? f->err : SR_EINVAL;
	err = input_of(res, doc, out, f);
	json_decref(doc);
	return err;
}

/* The fields an object sets, as sr_rec_parse_input() says; doc is kept. */
static enum sr_err input_of(const struct sr_resource *res, json_t *doc,
			    json_t **out, struct sr_fail *f)
{
	json_t *flat = json_object(), *v;
	enum sr_err err = SR_OK;
	const char *key;

	*out = NULL;
	if (!flat)
		return sr_fail_oom(f);
	json_object_foreach(doc, key, v)
	{
		const struct sr_field *fd = sr_field_find(res, key);
		char name[128];

		if (!fd && json_is_object(v) && json_object_size(v)) {
			const char *sub;
			json_t *sv;

			json_object_foreach(v, sub, sv)
			{
				snprintf(name, sizeof(name), "%.60s.%.60s", key,
					 sub);
				fd = sr_field_find(res, name);
				if (!fd) {
					err = sr_fail_set(f, SR_EINVAL,
							  "unknown_field", name,
							  "%s has no field %s",
							  res->singular, name);
					goto out;
				}
				if (json_object_set(flat, fd->name, sv)) {
					err = sr_fail_oom(f);
					goto out;
				}
			}
			continue;
		}
		if (!fd) {
			/* Name it like a nested one: the client's own key. */
			snprintf(name, sizeof(name), "%.60s", key);
			err = sr_fail_set(f, SR_EINVAL, "unknown_field", name,
					  "%s has no field '%s'", res->singular,
					  name);
			goto out;
		}
		if (fd->flags & (SR_F_SERVER | SR_F_COMPUTED)) {
			err = sr_fail_set(f, SR_EINVAL, "read_only", fd->name,
					  "%s is set by smallrun and cannot be "
					  "written",
					  fd->name);
			goto out;
		}
		if (json_object_set(flat, fd->name, v)) {
			err = sr_fail_oom(f);
			goto out;
		}
	}
out:
	if (err)
		json_decref(flat);
	else
		*out = flat;
	return err;
}

/* Check every client-writable field of the merged row. */
static enum sr_err check_row(const struct sr_resource *res, const json_t *row,
			     struct sr_fail *f)
{
	for (size_t i = 0; i < res->nfields; i++) {
		const struct sr_field *fd = &res->fields[i];
		const json_t *v = json_object_get(row, fd->name);
		enum sr_err err;

		if (fd->flags & (SR_F_SERVER | SR_F_COMPUTED))
			continue;
		if ((!v || json_is_null(v)) && (fd->flags & SR_F_REQUIRED))
			return sr_fail_set(f, SR_EINVAL, "missing_field",
					   fd->name, "%s is required",
					   fd->name);
		if (!v)
			continue;
		err = sr_field_check(fd, v, f);
		if (err)
			return err;
	}
	return SR_OK;
}

/* Every reference in row must name a stored row. */
static enum sr_err check_refs(struct sr_tx *tx, const struct sr_resource *res,
			      const json_t *row, struct sr_fail *f)
{
	for (size_t i = 0; i < res->nfields; i++) {
		const struct sr_field *fd = &res->fields[i];
		const json_t *v = json_object_get(row, fd->name);
		const struct sr_resource *to;
		json_t *found = NULL;
		enum sr_err err;

		if (fd->type != SR_T_REF || !json_is_integer(v))
			continue;
		to = sr_resource(fd->ref);
		err = sr_db_get(tx, to, json_integer_value(v), &found, f);
		json_decref(found);
		if (err == SR_ENOTFOUND)
			return sr_fail_set(
				f, SR_EINVAL, "unknown_reference", fd->name,
				"%s: no %s has id %" PRId64, fd->name,
				to->singular, (int64_t)json_integer_value(v));
		if (err)
			return err;
	}
	return SR_OK;
}

/* The stored row as it is now, without computed fields (for merging). */
static json_t *stored_part(const struct sr_resource *res, const json_t *row)
{
	json_t *copy = json_object();

	if (!copy)
		return NULL;
	for (size_t i = 0; i < res->nfields; i++) {
		const struct sr_field *fd = &res->fields[i];
		json_t *v = json_object_get(row, fd->name);

		if (!(fd->flags & SR_F_COMPUTED) && v &&
		    json_object_set(copy, fd->name, v)) {
			json_decref(copy);
			return NULL;
		}
	}
	return copy;
}

/*
 * Is the person's-login field fd of row (before in is laid over it) and
 * of in (when it sets it) the acting person's? Always, for someone who
 * may act on others' records (the owner, the command line).
 */
static bool self_field_ok(const struct sr_field *fd, const json_t *row,
			  const json_t *in)
{
	const struct sr_actor *who = sr_actor();
	const char *had = json_string_value(json_object_get(row, fd->name));
	const json_t *v = json_object_get(in, fd->name);

	if (who->account_id <= 0 || sr_role_any_record(who->role))
		return true;
	if (!had || strcasecmp(had, who->login))
		return false;
	return !v || (json_is_string(v) &&
		      !strcasecmp(json_string_value(v), who->login));
}

/*
 * The fields that depend on who acts, while a logged-in person who is not
 * the owner acts. A field only the owner changes (a product's price), set
 * by in to other than row has (the stored value, or the default of a new
 * record): SR_EDENIED "owner_only"; the same value again is no change, so
 * a form sent whole still saves. A person's own field (a time entry's
 * worker), on a record that is not theirs or set to another person:
 * SR_EDENIED "not_yours".
 */
static enum sr_err owner_fields(const struct sr_resource *res,
				const json_t *row, const json_t *in,
				struct sr_fail *f)
{
	for (size_t i = 0; i < res->nfields; i++) {
		const struct sr_field *fd = &res->fields[i];
		const json_t *v = json_object_get(in, fd->name);

		if ((fd->flags & SR_F_SELF) && !self_field_ok(fd, row, in))
			return sr_fail_set(f, SR_EDENIED, "not_yours",
					   fd->name,
					   "a %s's %s is yours, %s; only the "
					   "owner records another person's",
					   res->singular, fd->name,
					   sr_actor()->login);
		if (!(fd->flags & SR_F_OWNER) || !v ||
		    json_equal(v, json_object_get(row, fd->name)) ||
		    !sr_actor_limited(SR_NEED_OWNER))
			continue;
		return sr_fail_set(f, SR_EDENIED, "owner_only", fd->name,
				   "only the owner may change a %s's %s",
				   res->singular, fd->name);
	}
	return SR_OK;
}

/* Set every field of in on row, over what row had. */
static enum sr_err overlay(json_t *row, const json_t *in, struct sr_fail *f)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)in, key, v)
	{
		if (json_object_set(row, key, v))
			return sr_fail_oom(f);
	}
	return SR_OK;
}

static void set_now(json_t *row, const char *name, int64_t now)
{
	char when[21];

	sr_instant_format(now, when);
	json_object_set_new(row, name, json_string(when));
}

/* The audit log's row for a write of res: the records as the API shows
 * them. */
static enum sr_err audit(struct sr_tx *tx, const struct sr_resource *res,
			 int64_t id, const char *action, const json_t *before,
			 const json_t *after, int64_t now, struct sr_fail *f)
{
	json_t *b = before ? sr_rec_output(before) : NULL;
	json_t *a = after ? sr_rec_output(after) : NULL;
	enum sr_err err = (before && !b) || (after && !a)
				  ? sr_fail_oom(f)
				  : sr_audit_write(tx, res->name, id, action, b,
						   a, now, f);

	json_decref(b);
	json_decref(a);
	return err;
}

enum sr_err sr_rec_remove_in(struct sr_tx *tx, const struct sr_resource *res,
			     int64_t id, const json_t *old, struct sr_fail *f)
{
	json_t *got = NULL;
	enum sr_err err = SR_OK;

	if (!old) {
		err = sr_db_get(tx, res, id, &got, f);
		old = got;
	}
	if (!err)
		err = sr_db_remove(tx, res, id, f);
	if (!err && res->after_write)
		err = res->after_write(tx, NULL, old, f);
	if (!err)
		err = audit(tx, res, id, "delete", old, NULL, 0, f);
	json_decref(got);
	return err;
}

/* The new row of in, checked: defaults, fields, rules, references. */
enum sr_err sr_rec_prepare_in(struct sr_tx *tx, const struct sr_resource *res,
			      const json_t *in, int64_t now, json_t **out,
			      struct sr_fail *f)
{
	json_t *row = json_object(), *v;
	enum sr_err err = SR_OK;

	*out = NULL;
	if (!row)
		return sr_fail_oom(f);
	for (size_t i = 0; i < res->nfields; i++) {
		const struct sr_field *fd = &res->fields[i];

		if (fd->flags & (SR_F_COMPUTED | SR_F_DERIVED) ||
		    !strcmp(fd->name, "id"))
			continue;
		v = fd->def ? json_loads(fd->def, JSON_DECODE_ANY, NULL)
			    : json_null();
		/* A person's own field is, by default, the one acting. */
		if ((fd->flags & SR_F_SELF) && sr_actor()->account_id > 0) {
			json_decref(v);
			v = json_string(sr_actor()->login);
		}
		if (json_object_set_new(row, fd->name, v)) {
			err = sr_fail_oom(f);
			goto out;
		}
	}
	err = owner_fields(res, row, in, f);
	if (!err)
		err = overlay(row, in, f);
	if (err)
		goto out;
	if (sr_field_find(res, "created_at"))
		set_now(row, "created_at", now);
	err = check_row(res, row, f);
	if (!err && res->before_write)
		err = res->before_write(tx, row, NULL, now, f);
	if (!err)
		err = check_refs(tx, res, row, f);
out:
	if (err)
		json_decref(row);
	else
		*out = row;
	return err;
}

/* Create within tx from a flat input object; *row gets the stored row. */
enum sr_err sr_rec_create_in(struct sr_tx *tx, const struct sr_resource *res,
			     const json_t *in, int64_t now, int64_t *id,
			     json_t **stored, struct sr_fail *f)
{
	json_t *row = NULL;
	enum sr_err err;

	*stored = NULL;
	err = sr_rec_prepare_in(tx, res, in, now, &row, f);
	if (!err)
		err = sr_db_insert(tx, res, row, id, f);
	if (!err)
		err = sr_db_get(tx, res, *id, stored, f);
	if (!err && res->after_write)
		err = res->after_write(tx, *stored, NULL, f);
	if (!err)
		err = audit(tx, res, *id, "create", NULL, *stored, now, f);
	json_decref(row);
	return err;
}

/* Update row id within tx with the fields of a flat input object. */
enum sr_err sr_rec_update_in(struct sr_tx *tx, const struct sr_resource *res,
			     int64_t id, const json_t *in, int64_t now,
			     json_t **stored, struct sr_fail *f)
{
	json_t *old = NULL, *row = NULL;
	enum sr_err err;

	*stored = NULL;
	err = sr_db_get(tx, res, id, &old, f);
	if (err)
		return err;
	row = stored_part(res, old);
	err = row ? owner_fields(res, row, in, f) : sr_fail_oom(f);
	if (!err)
		err = overlay(row, in, f);
	if (err)
		goto out;
	err = check_row(res, row, f);
	if (!err && res->before_write)
		err = res->before_write(tx, row, old, now, f);
	if (!err)
		err = check_refs(tx, res, row, f);
	if (!err)
		err = sr_db_update(tx, res, id, row, f);
	if (!err)
		err = sr_db_get(tx, res, id, stored, f);
	if (!err && res->after_write)
		err = res->after_write(tx, *stored, old, f);
	if (!err)
		err = audit(tx, res, id, "update", old, *stored, now, f);
out:
	json_decref(old);
	json_decref(row);
	return err;
}

enum sr_err sr_rec_restore_in(struct sr_tx *tx, const struct sr_resource *res,
			      int64_t id, const json_t *kept, int64_t now,
			      struct sr_fail *f)
{
	json_t *old = NULL, *row = NULL, *stored = NULL, *v;
	const char *key;
	enum sr_err err;

	err = sr_db_get(tx, res, id, &old, f);
	if (err)
		return err;
	row = stored_part(res, old);
	if (!row)
		err = sr_fail_oom(f);
	json_object_foreach((json_t *)kept, key, v)
	{
		const struct sr_field *fd = sr_field_find(res, key);

		if (err)
			break;
		if (!fd || (fd->flags & (SR_F_COMPUTED | SR_F_DERIVED)))
			err = sr_fail_set(f, SR_EINVAL, "unknown_field", key,
					  "%s has no field %s to restore",
					  res->singular, key);
		else
			err = sr_field_check(fd, v, f);
		if (!err && json_object_set(row, key, v))
			err = sr_fail_oom(f);
	}
	if (!err)
		err = check_refs(tx, res, row, f);
	if (!err)
		err = sr_db_update(tx, res, id, row, f);
	if (!err)
		err = sr_db_get(tx, res, id, &stored, f);
	if (!err)
		err = audit(tx, res, id, "update", old, stored, now, f);
	json_decref(old);
	json_decref(row);
	json_decref(stored);
	return err;
}

/*
 * The shape every one-record call shares: parse the body (when there is
 * one) for res, run op in a transaction (a write one when there is a
 * body), and append the row op gives to out. Nothing is written unless
 * everything succeeds.
 */
struct one_call {
	const struct sr_resource *res;
	int64_t id;	 /* the record's id (get, update), or a parent's */
	int64_t now;
	int64_t *new_id; /* create: where its id goes */
	/* Settings: what to check beyond the fields, before the write. */
	enum sr_err (*check)(const json_t *in, struct sr_fail *f);
};

typedef enum sr_err (*one_fn)(struct sr_tx *tx, const struct one_call *c,
			      json_t *in, json_t **row, struct sr_fail *f);

static enum sr_err one_record(sr_store *s, const struct one_call *c,
			      const char *body, size_t len, one_fn op,
			      struct sr_buf *out, struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	json_t *in = NULL, *row = NULL;
	enum sr_err err = SR_OK;

	if (body)
		err = sr_rec_parse_input(c->res, body, len, &in, f);
	if (!err && c->check)
		err = c->check(in, f);
	if (!err)
		err = sr_tx_begin(s, body != NULL, &tx, f);
	if (!err)
		err = op(tx, c, in, &row, f);
	err = sr_tx_finish(tx, err, f);
	if (!err)
		err = sr_rec_emit(row, out, f);
	json_decref(in);
	json_decref(row);
	return err;
}

static enum sr_err op_get(struct sr_tx *tx, const struct one_call *c,
			  json_t *in, json_t **row, struct sr_fail *f)
{
	(void)in;
	return sr_db_get(tx, c->res, c->id, row, f);
}

/* The resource's warnings on the row just written, as its "warnings". */
static enum sr_err add_warnings(struct sr_tx *tx, const struct one_call *c,
				json_t *row, struct sr_fail *f)
{
	json_t *w;
	enum sr_err err;

	if (!c->res->warn)
		return SR_OK;
	w = json_array();
	if (!w)
		return sr_fail_oom(f);
	err = c->res->warn(tx, row, c->now, w, f);
	if (!err && json_object_set_new(row, "warnings", w))
		return sr_fail_oom(f);
	if (err)
		json_decref(w);
	return err;
}

/* A create a person asks for: the resource's own way, when it has one
 * (a sale split across batches), then its warnings. */
static enum sr_err op_create(struct sr_tx *tx, const struct one_call *c,
			     json_t *in, json_t **row, struct sr_fail *f)
{
	enum sr_err err = c->res->create
				  ? c->res->create(tx, c->res, in, c->now,
						   c->new_id, row, f)
				  : sr_rec_create_in(tx, c->res, in, c->now,
						     c->new_id, row, f);

	return err ? err : add_warnings(tx, c, *row, f);
}

static enum sr_err op_update(struct sr_tx *tx, const struct one_call *c,
			     json_t *in, json_t **row, struct sr_fail *f)
{
	enum sr_err err =
		sr_rec_update_in(tx, c->res, c->id, in, c->now, row, f);

	return err ? err : add_warnings(tx, c, *row, f);
}

/* Material use under its batch: the batch in the path must exist (404). */
static enum sr_err op_use(struct sr_tx *tx, const struct one_call *c,
			  json_t *in, json_t **row, struct sr_fail *f)
{
	json_t *batch = NULL;
	enum sr_err err;

	if (json_object_get(in, "batch_id"))
		return sr_fail_set(f, SR_EINVAL, "read_only", "batch_id",
				   "the batch is given by the path");
	if (json_object_set_new(in, "batch_id", json_integer(c->id)))
		return sr_fail_oom(f);
	err = sr_db_get(tx, sr_resource(SR_RES_BATCH), c->id, &batch, f);
	json_decref(batch);
	if (!err)
		err = sr_rec_create_in(tx, c->res, in, c->now, c->new_id, row,
				       f);
	return err;
}

/* Calls on a list resource only: the settings are one row of their own. */
static enum sr_err list_only(enum sr_res r, struct sr_fail *f)
{
	if (sr_res_is_list(r))
		return SR_OK;
	return sr_fail_set(f, SR_EINVAL, "not_a_list", NULL,
			   "%s is not a list of records",
			   sr_res_name(r) ? sr_res_name(r) : "that");
}

enum sr_err sr_rec_get(sr_store *s, enum sr_res r, int64_t id,
		       struct sr_buf *out, struct sr_fail *f)
{
	struct one_call c = {sr_resource(r), id, 0, NULL, NULL};
	enum sr_err err = list_only(r, f);

	return err ? err : one_record(s, &c, NULL, 0, op_get, out, f);
}

enum sr_err sr_rec_create(sr_store *s, enum sr_res r, const char *body,
			  size_t len, int64_t now, int64_t *id,
			  struct sr_buf *out, struct sr_fail *f)
{
	struct one_call c = {sr_resource(r), 0, now, id, NULL};
	enum sr_err err = list_only(r, f);

	return err ? err : one_record(s, &c, body, len, op_create, out, f);
}

enum sr_err sr_rec_update(sr_store *s, enum sr_res r, int64_t id,
			  const char *body, size_t len, int64_t now,
			  struct sr_buf *out, struct sr_fail *f)
{
	struct one_call c = {sr_resource(r), id, now, NULL, NULL};
	enum sr_err err = list_only(r, f);

	return err ? err : one_record(s, &c, body, len, op_update, out, f);
}

/*
 * {"ids": [...], "set": {...}}: the ids, 1 to SR_BULK_MAX positive whole
 * numbers, none twice, into ids[]; the fields to set into *in.
 */
static enum sr_err bulk_body(const struct sr_resource *res, const char *body,
			     size_t len, int64_t *ids, size_t *n, json_t **in,
			     struct sr_fail *f)
{
	json_t *doc = sr_json_parse_object(body, len, f), *list, *set, *v;
	enum sr_err err = SR_OK;
	const char *key;
	size_t i;

	*in = NULL;
	*n = 0;
	if (!doc)
		return f ? f->err : SR_EINVAL;
	json_object_foreach(doc, key, v)
	{
		if (strcmp(key, "ids") && strcmp(key, "set")) {
			char name[64];

			snprintf(name, sizeof(name), "%.60s", key);
			err = sr_fail_set(f, SR_EINVAL, "unknown_field", name,
					  "give only \"ids\" and \"set\", "
					  "not '%s'",
					  name);
			goto out;
		}
	}
	list = json_object_get(doc, "ids");
	set = json_object_get(doc, "set");
	if (!list || !set) {
		err = sr_fail_set(f, SR_EINVAL, "missing_field",
				  list ? "set" : "ids",
				  "give \"ids\", the %s to change, and "
				  "\"set\", what to set on each",
				  res->name);
		goto out;
	}
	if (!json_is_array(list) || !json_is_object(set)) {
		err = sr_fail_set(
			f, SR_EINVAL, "bad_type",
			json_is_array(list) ? "set" : "ids",
			"ids must be a list of ids and set an object");
		goto out;
	}
	if (json_array_size(list) < 1 || json_array_size(list) > SR_BULK_MAX) {
		err = sr_fail_set(f, SR_EINVAL, "out_of_range", "ids",
				  "ids must hold from 1 to %d ids, not %zu",
				  SR_BULK_MAX, json_array_size(list));
		goto out;
	}
	if (json_object_size(set) == 0) {
		err = sr_fail_set(f, SR_EINVAL, "missing_value", "set",
				  "set must name at least one field");
		goto out;
	}
	json_array_foreach(list, i, v)
	{
		int64_t id = json_integer_value(v);

		if (!json_is_integer(v) || id < 1) {
			err = sr_fail_set(f, SR_EINVAL, "bad_type", "ids",
					  "ids[%zu] must be an id (a whole "
					  "number from 1)",
					  i);
			goto out;
		}
		for (size_t k = 0; k < *n; k++)
			if (ids[k] == id) {
				err = sr_fail_set(
					f, SR_EINVAL, "bad_value", "ids",
					"%s %" PRId64 " is given twice in ids",
					res->singular, id);
				goto out;
			}
		ids[(*n)++] = id;
	}
	err = input_of(res, set, in, f);
	if (err)
		sr_fail_prefix(f, "set:");
out:
	json_decref(doc);
	return err;
}

enum sr_err sr_rec_update_many(sr_store *s, enum sr_res r, const char *body,
			       size_t len, int64_t now, struct sr_buf *out,
			       struct sr_fail *f)
{
	const struct sr_resource *res = sr_resource(r);
	int64_t *ids = NULL;
	size_t n = 0;
	struct sr_tx *tx = NULL;
	json_t *in = NULL, *items = NULL, *doc = NULL;
	enum sr_err err = list_only(r, f);

	if (err)
		return err;
	ids = malloc(sizeof(*ids) * SR_BULK_MAX);
	items = json_array();
	if (!ids || !items) {
		err = sr_fail_oom(f);
		goto out;
	}
	err = bulk_body(res, body, len, ids, &n, &in, f);
	if (!err)
		err = sr_tx_begin(s, true, &tx, f);
	/* Each exactly as one update, all in one transaction. */
	for (size_t i = 0; !err && i < n; i++) {
		json_t *row = NULL;
		char who[96];

		err = sr_rec_update_in(tx, res, ids[i], in, now, &row, f);
		if (err == SR_ENOTFOUND)
			err = sr_fail_set(f, SR_EINVAL, "unknown_reference",
					  "ids",
					  "no %s has id %" PRId64
					  "; it may have been deleted",
					  res->singular, ids[i]);
		else if (err) {
			snprintf(who, sizeof(who), "%s %" PRId64 ":",
				 res->singular, ids[i]);
			sr_fail_prefix(f, who);
		}
		if (!err) {
			json_t *shown = sr_rec_output(row);

			if (!shown || json_array_append_new(items, shown))
				err = sr_fail_oom(f);
		}
		json_decref(row);
	}
	err = sr_tx_finish(tx, err, f);
	if (!err) {
		doc = json_pack("{sOsI}", "items", items, "total",
				(json_int_t)n);
		err = doc ? sr_json_dump(doc, out, 0) : SR_ENOMEM;
		if (err)
			err = sr_fail_set(f, err, "internal", NULL,
					  "the answer could not be written");
	}
out:
	free(ids);
	json_decref(in);
	json_decref(items);
	json_decref(doc);
	return err;
}

enum sr_err sr_batch_material_add(sr_store *s, int64_t batch_id,
				  const char *body, size_t len, int64_t now,
				  int64_t *id, struct sr_buf *out,
				  struct sr_fail *f)
{
	struct one_call c = {sr_resource(SR_RES_BATCH_MATERIAL), batch_id, now,
			     id, NULL};

	return one_record(s, &c, body, len, op_use, out, f);
}

/*
 * ", 2 time entries (4, 9)" in words: the singular, or its plural by
 * English rule (-y to -ies, -ch/-s/-x add -es, "day off" to "days off"),
 * which fits every resource's name, then the numbers of the first of them.
 */
void sr_rec_count_words(struct sr_buf *b, int64_t n, const char *one,
			const int64_t *ids, size_t nids)
{
	size_t len = strlen(one);
	char last = len ? one[len - 1] : '\0';

	sr_buf_addf(b, "%s%" PRId64 " ", b->len ? ", " : "", n);
	if (n == 1)
		sr_buf_adds(b, one);
	else if (len > 4 && !strcmp(one + len - 4, " off"))
		sr_buf_addf(b, "%.*ss off", (int)len - 4, one);
	else if (last == 'y')
		sr_buf_addf(b, "%.*sies", (int)len - 1, one);
	else if (last == 'h' || last == 's' || last == 'x')
		sr_buf_addf(b, "%ses", one);
	else
		sr_buf_addf(b, "%ss", one);
	for (size_t i = 0; i < nids; i++)
		sr_buf_addf(b, "%s%" PRId64, i ? ", " : " (", ids[i]);
	if (nids && n > (int64_t)nids)
		sr_buf_addf(b, " and %" PRId64 " more", n - (int64_t)nids);
	if (nids)
		sr_buf_addch(b, ')');
}

/* {"resource", "field", "count", "ids"} of one kind of record in the way. */
static json_t *user_json(const struct sr_resource *from,
			 const struct sr_field *fd, int64_t n,
			 const int64_t *ids, size_t nids)
{
	json_t *o = json_object(), *list = json_array();
	bool oom = !o;

	for (size_t i = 0; i < nids && list; i++)
		sr_json_push(list, json_integer(ids[i]), &oom);
	sr_json_put(o, "resource", json_string(from->name), &oom);
	sr_json_put(o, "field", json_string(fd->name), &oom);
	sr_json_put(o, "count", json_integer(n), &oom);
	sr_json_put(o, "ids", list, &oom);
	if (oom) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/*
 * A logged-in person whose role deletes only their own records (a maker)
 * may delete record id only when the audit log says they created it:
 * SR_EDENIED "not_yours" otherwise. The command line, and a server with
 * no accounts, act as the owner.
 */
static enum sr_err only_yours(struct sr_tx *tx, const struct sr_resource *res,
			      int64_t id, struct sr_fail *f)
{
	const struct sr_actor *who = sr_actor();
	int64_t creator = 0;
	enum sr_err err;

	if (who->account_id <= 0 || sr_role_any_record(who->role))
		return SR_OK;
	err = sr_db_audit_creator(tx, res->name, id, &creator, f);
	if (!err && creator != who->account_id)
		err = sr_fail_set(f, SR_EDENIED, "not_yours", NULL,
				  "%s %" PRId64 " was not made by you; only "
				  "its maker or the owner may delete it",
				  res->singular, id);
	return err;
}

enum sr_err sr_rec_delete(sr_store *s, enum sr_res r, int64_t id,
			  struct sr_fail *f)
{
	const struct sr_resource *res = sr_resource(r);
	struct sr_buf users = SR_BUF_INIT(1024);
	struct sr_tx *tx = NULL;
	json_t *old = NULL, *used = json_array();
	bool oom = !used;
	enum sr_err err = list_only(r, f);

	if (!err)
		err = sr_tx_begin(s, true, &tx, f);
	if (!err)
		err = sr_db_get(tx, res, id, &old, f);
	if (!err)
		err = only_yours(tx, res, id, f);
	/* An invoice is kept whole, with the sales and orders it names. */
	if (!err)
		err = sr_invoice_in_use(tx, r, id, f);
	/* What belongs to it goes first (a batch's material uses, put
	 * back), so that what still refers to it is what is left. */
	if (!err && res->delete_own)
		err = res->delete_own(tx, old, f);
	/* Say what still refers to it, by name, count and number. */
	for (int r2 = 0; r2 < SR_RES__MAX && !err; r2++) {
		const struct sr_resource *from = sr_resource((enum sr_res)r2);

		for (size_t i = 0; i < from->nfields && !err; i++) {
			const struct sr_field *fd = &from->fields[i];
			int64_t n = 0, ids[SR_DB_REF_IDS];
			size_t nids = 0;

			if (fd->type != SR_T_REF || fd->ref != r ||
			    (fd->flags & SR_F_COMPUTED))
				continue;
			err = sr_db_count_refs(tx, from, fd, id, &n, ids, &nids,
					       f);
			if (err || n == 0)
				continue;
			sr_rec_count_words(&users, n, from->singular, ids,
					   nids);
			if (used)
				sr_json_push(used,
					     user_json(from, fd, n, ids, nids),
					     &oom);
		}
	}
	if (!err && users.len) {
		err = sr_fail_set(f, SR_ECONFLICT, "in_use", NULL,
				  "%s %" PRId64 " is still used by %s; change "
				  "or delete those first",
				  res->singular, id, users.data);
		/* The same in data, for a client to link to each of them. */
		if (f && !oom) {
			json_t *d = json_pack("{sO}", "used_by", used);

			if (!d || sr_json_dump(d, &f->details, 0))
				sr_buf_reset(&f->details);
			json_decref(d);
		}
	}
	if (!err && res->before_delete)
		err = res->before_delete(tx, old, f);
	if (!err)
		err = sr_rec_remove_in(tx, res, id, old, f);
	err = sr_tx_finish(tx, err, f);
	json_decref(old);
	json_decref(used);
	sr_buf_release(&users);
	return err;
}

enum sr_err sr_rec_page(int64_t *limit, int64_t offset, struct sr_fail *f)
{
	if (!*limit)
		*limit = SR_LIST_DEFAULT;
	if (*limit < 1 || *limit > SR_LIST_MAX)
		return sr_fail_set(f, SR_EINVAL, "out_of_range", "limit",
				   "limit must be from 1 to %d", SR_LIST_MAX);
	if (offset < 0)
		return sr_fail_set(f, SR_EINVAL, "out_of_range", "offset",
				   "offset cannot be negative");
	return SR_OK;
}

/* A filter value from text: typed, checked; dates allowed for instants. */
static json_t *filter_value(const struct sr_field *fd, enum sr_filter_op op,
			    const char *name, const char *text,
			    struct sr_fail *f)
{
	struct sr_field as = *fd;
	json_t *v;
	int64_t days;

	as.name = name;
	as.flags |= SR_F_NULL;
	if (fd->type == SR_T_INSTANT &&
	    !sr_date_parse(text, strlen(text), &days)) {
		char when[21];

		sr_instant_format(days * 86400 + (op == SR_OP_LE ? 86399 : 0),
				  when);
		return json_string(when);
	}
	v = sr_field_from_text(&as, text, f);
	if (v && sr_field_check(&as, v, f)) {
		json_decref(v);
		return NULL;
	}
	return v;
}

enum sr_err sr_rec_list_default(const struct sr_resource *res, json_t **values,
				struct sr_fail *f)
{
	/* The resource's own filter when not given: no retired products. */
	for (size_t k = 0; k < res->nfilters && res->list_filter; k++) {
		if (values[k] ||
		    strcmp(res->filters[k].param, res->list_filter))
			continue;
		values[k] =
			filter_value(sr_field_find(res, res->filters[k].field),
				     res->filters[k].op, res->filters[k].param,
				     res->list_value, f);
		if (!values[k])
			return f ? f->err : SR_EINVAL;
	}
	return SR_OK;
}

enum sr_err sr_rec_list(sr_store *s, enum sr_res r,
			const struct sr_list_query *q, struct sr_buf *out,
			struct sr_fail *f)
{
	const struct sr_resource *res = sr_resource(r);
	json_t *values[SR_MAX_FILTERS] = {NULL};
	struct sr_tx *tx = NULL;
	int64_t limit = q->limit;
	size_t start = out->len;
	enum sr_err err = list_only(r, f);

	if (!err)
		err = sr_rec_page(&limit, q->offset, f);
	if (!err && q->n > SR_LIST_MAX_FILTERS)
		err = sr_fail_set(f, SR_EINVAL, "too_many_filters", NULL,
				  "a list takes at most %d filters",
				  SR_LIST_MAX_FILTERS);
	if (err)
		return err;
	for (size_t i = 0; i < q->n && !err; i++) {
		size_t k;

		for (k = 0; k < res->nfilters; k++)
			if (!strcmp(res->filters[k].param, q->names[i]))
				break;
		if (k == res->nfilters) {
			struct sr_buf known = SR_BUF_INIT(512);

			for (size_t j = 0; j < res->nfilters; j++)
				sr_buf_addf(&known, "%s%s", j ? ", " : "",
					    res->filters[j].param);
			err = sr_fail_set(
				f, SR_EINVAL, "unknown_filter", q->names[i],
				"%s cannot be filtered by '%.40s'%s%s",
				res->name, q->names[i],
				known.len ? "; use " : "", known.data);
			sr_buf_release(&known);
			break;
		}
		if (values[k]) {
			err = sr_fail_set(f, SR_EINVAL, "duplicate_filter",
					  q->names[i], "%s is given twice",
					  q->names[i]);
			break;
		}
		values[k] =
			filter_value(sr_field_find(res, res->filters[k].field),
				     res->filters[k].op, res->filters[k].param,
				     q->values[i], f);
		if (!values[k])
			err = f ? f->err : SR_EINVAL;
	}
	if (!err)
		err = sr_rec_list_default(res, values, f);
	if (!err)
		err = sr_tx_begin(s, false, &tx, f);
	if (!err)
		err = sr_db_list_json(tx, res, values, limit, q->offset, out,
				      f);
	err = sr_tx_finish(tx, err, f);
	/* Written as it was read: on a failure, nothing of it stays. */
	if (err && out->len > start) {
		out->len = start;
		out->data[start] = '\0';
	}
	for (size_t k = 0; k < res->nfilters; k++)
		json_decref(values[k]);
	return err;
}

/* Settings: the one row with id 1. */

enum sr_err sr_settings_get(sr_store *s, struct sr_buf *out, struct sr_fail *f)
{
	struct one_call c = {sr_resource(SR_RES_SETTINGS), 1, 0, NULL, NULL};

	return one_record(s, &c, NULL, 0, op_get, out, f);
}

/* The currency code is three capital letters (ISO 4217). */
static enum sr_err check_currency(const json_t *in, struct sr_fail *f)
{
	const json_t *cur = json_object_get(in, "currency");
	const char *c = json_string_value(cur);

	if (!json_is_string(cur))
		return SR_OK;
	for (size_t i = 0; i < 3; i++)
		if (json_string_length(cur) != 3 || c[i] < 'A' || c[i] > 'Z')
			return sr_fail_set(f, SR_EINVAL, "bad_value",
					   "currency",
					   "currency must be a code of three "
					   "capital letters, such as GBP or "
					   "EUR");
	return SR_OK;
}

enum sr_err sr_settings_update(sr_store *s, const char *body, size_t len,
			       struct sr_buf *out, struct sr_fail *f)
{
	struct one_call c = {sr_resource(SR_RES_SETTINGS), 1, 0, NULL,
			     check_currency};

	return one_record(s, &c, body, len, op_update, out, f);
}
