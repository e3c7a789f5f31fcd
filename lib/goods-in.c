/*
 * goods-in.c - what comes into the workshop: purchases and their lines in
 * the units a supplier sells, receipts that make lots, and lots of stock
 * found or counted. Each rule runs inside the write transaction of
 * lib/records.c (resource.h); a receipt (goods-in.h) is one transaction of
 * its own, written through the same record calls, so every lot, line,
 * material and purchase it changes is checked and audited as a write of
 * that record would be.
 *
 * A purchase's status follows its receipts: ordered (or cancelled, at the
 * maker's word) until goods come, then part_received, then received once
 * every line has come whole. A lot that came on a line stays: a receipt is
 * not undone (a material use, or a count, corrects stock instead).
 */
#include "compat.h"

#include "db.h"
#include "goods-in-int.h"
#include "json.h"
#include "records-int.h"
#include "resource.h"
#include "smallrun/date.h"
#include "smallrun/goods-in.h"
#include "smallrun/units.h"

static int64_t get_int(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static const char *get_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int64_t field_max(enum sr_res r, const char *name)
{
	return sr_field_find(sr_resource(r), name)->max;
}

static void today(int64_t now, char date[11])
{
	sr_date_format(now / 86400, date);
}

/* Change record id of r by patch (stolen) within tx, through its rules. */
static enum sr_err patch_record(struct sr_tx *tx, enum sr_res r, int64_t id,
				json_t *patch, int64_t now, json_t **stored,
				struct sr_fail *f)
{
	json_t *got = NULL;
	enum sr_err err = patch ? sr_rec_update_in(tx, sr_resource(r), id,
						   patch, now, &got, f)
				: sr_fail_oom(f);

	json_decref(patch);
	if (stored)
		*stored = got;
	else
		json_decref(got);
	return err;
}

/*
 * qty of unit for material as base units: one of the material's purchase
 * units by name (any case), a standard unit of its base, or (NULL) the
 * base itself.
 */
static enum sr_err to_base(struct sr_tx *tx, const json_t *material,
			   const char *unit, int64_t qty, int64_t *out,
			   struct sr_fail *f)
{
	const struct sr_resource *units = sr_resource(SR_RES_MATERIAL_UNIT);
	int64_t max = field_max(SR_RES_PURCHASE_LINE, "base_qty");
	json_t *values[SR_MAX_FILTERS] = {0}, *items = NULL;
	int64_t total = 0;
	enum sr_err err;

	if (unit && !sr_unit_find(unit)) {
		values[0] = json_integer(get_int(material, "id"));
		if (!values[0])
			return sr_fail_oom(f);
		err = sr_db_list(tx, units, values, 1000, 0, &items, &total, f);
		json_decref(values[0]);
		for (size_t i = 0; !err && i < json_array_size(items); i++) {
			const json_t *u = json_array_get(items, i);
			int64_t each = get_int(u, "base_qty");

			if (strcasecmp(get_str(u, "name"), unit))
				continue;
			json_decref(items);
			if (each < 1 || qty > max / each)
				return sr_fail_set(f, SR_EINVAL, "out_of_range",
						   "quantity",
						   "%" PRId64
						   " %s is more than %" PRId64
						   " %s",
						   qty, unit, max,
						   get_str(material, "unit"));
			*out = qty * each;
			return SR_OK;
		}
		json_decref(items);
		if (err)
			return err;
	}
	return sr_unit_to_base(get_str(material, "unit"), unit, qty, max,
			       "unit", out, f);
}

/* ---- purchases ----------------------------------------------------------- */

/* The status a purchase's receipts give it, or NULL when none came. */
static const char *received_status(const struct sr_db_received *rc)
{
	if (rc->received == 0)
		return NULL;
	return rc->whole == rc->lines ? "received" : "part_received";
}

static bool from_receipts(const char *status)
{
	return !strcmp(status, "part_received") || !strcmp(status, "received");
}

enum sr_err sr_purchase_before_write(struct sr_tx *tx, json_t *row,
				     const json_t *old, int64_t now,
				     struct sr_fail *f)
{
	const char *status = get_str(row, "status");
	struct sr_db_received rc = {0, 0, 0};
	const char *given;
	enum sr_err err;

	if (!old && !json_is_string(json_object_get(row, "ordered_on"))) {
		char date[11];

		today(now, date);
		json_object_set_new(row, "ordered_on", json_string(date));
	}
	/* The same status again is no change: a form sent whole saves. */
	if (old && !strcmp(status, get_str(old, "status")))
		return SR_OK;
	if (old) {
		err = sr_db_purchase_received(tx, get_int(old, "id"), &rc, f);
		if (err)
			return err;
	}
	given = received_status(&rc);
	if (from_receipts(status)) {
		if (given && !strcmp(given, status))
			return SR_OK;
		return sr_fail_set(f, SR_EINVAL, "read_only", "status",
				   "a purchase is part_received or received "
				   "as its goods come in (receive them: POST "
				   "/api/v1/purchases/ID/receive, or "
				   "'smallrun purchase receive ID'); set "
				   "only ordered or cancelled");
	}
	if (given)
		return sr_fail_set(f, SR_ECONFLICT, "has_receipts", "status",
				   "goods have come in on %" PRId64
				   " of the %" PRId64 " lines of purchase "
				   "%" PRId64 ", so it cannot be %s; its "
				   "status follows its receipts",
				   rc.received, rc.lines, get_int(old, "id"),
				   strcmp(status, "cancelled")
					   ? "set back to ordered"
					   : "cancelled");
	return SR_OK;
}

/*
 * Bring purchase id's status in line with its lines once goods have come
 * on any of them, and (when not NULL) set received_on.
 */
static enum sr_err purchase_sync(struct sr_tx *tx, int64_t id,
				 const char *received_on, int64_t now,
				 struct sr_fail *f)
{
	struct sr_db_received rc;
	json_t *purchase = NULL, *patch = NULL;
	const char *want, *had;
	bool oom = false;
	enum sr_err err;

	err = sr_db_get(tx, sr_resource(SR_RES_PURCHASE), id, &purchase, f);
	if (!err)
		err = sr_db_purchase_received(tx, id, &rc, f);
	if (err)
		goto out;
	want = received_status(&rc);
	patch = json_object();
	oom = !patch;
	if (want && strcmp(want, get_str(purchase, "status")))
		sr_json_put(patch, "status", json_string(want), &oom);
	had = get_str(purchase, "received_on");
	if (received_on && (!had || strcmp(had, received_on)))
		sr_json_put(patch, "received_on", json_string(received_on),
			    &oom);
	if (oom)
		err = sr_fail_oom(f);
	else if (json_object_size(patch))
		err = patch_record(tx, SR_RES_PURCHASE, id, json_incref(patch),
				   now, NULL, f);
out:
	json_decref(patch);
	json_decref(purchase);
	return err;
}

/* ---- purchase lines ------------------------------------------------------ */

enum sr_err sr_purchase_line_before_write(struct sr_tx *tx, json_t *row,
					  const json_t *old, int64_t now,
					  struct sr_fail *f)
{
	json_t *material = NULL;
	int64_t base = 0, received = old ? get_int(old, "received_qty") : 0;
	enum sr_err err;

	(void)now;
	/* What came is stock of that material, on that purchase. */
	if (received > 0) {
		if (get_int(old, "material_id") != get_int(row, "material_id"))
			return sr_fail_set(f, SR_ECONFLICT, "received",
					   "material_id",
					   "goods have come on this line "
					   "already; it keeps its material");
		if (get_int(old, "purchase_id") != get_int(row, "purchase_id"))
			return sr_fail_set(f, SR_ECONFLICT, "received",
					   "purchase_id",
					   "goods have come on this line "
					   "already; it keeps its purchase");
	}
	err = sr_get_ref(tx, SR_RES_MATERIAL, row, "material_id", &material, f);
	if (!err)
		err = to_base(tx, material, get_str(row, "unit"),
			      get_int(row, "quantity"), &base, f);
	json_decref(material);
	if (err)
		return err;
	if (received > base)
		return sr_fail_set(f, SR_EINVAL, "below_received", "quantity",
				   "%" PRId64 " of this line have come "
				   "already; the line cannot be for less",
				   received);
	json_object_set_new(row, "base_qty", json_integer(base));
	if (!old)
		json_object_set_new(row, "received_qty", json_integer(0));
	return SR_OK;
}

enum sr_err sr_purchase_line_after_write(struct sr_tx *tx, const json_t *row,
					 const json_t *old, struct sr_fail *f)
{
	enum sr_err err = SR_OK;

	/* A line added to a purchase that has come whole leaves it part
	 * received; a line made whole may finish it. */
	if (row)
		err = purchase_sync(tx, get_int(row, "purchase_id"), NULL, 0,
				    f);
	if (!err && old &&
	    (!row ||
	     get_int(old, "purchase_id") != get_int(row, "purchase_id")))
		err = purchase_sync(tx, get_int(old, "purchase_id"), NULL, 0,
				    f);
	return err;
}

enum sr_err sr_purchase_line_before_delete(struct sr_tx *tx, const json_t *old,
					   struct sr_fail *f)
{
	(void)tx;
	if (get_int(old, "received_qty") > 0)
		return sr_fail_set(f, SR_ECONFLICT, "received", NULL,
				   "%" PRId64 " %s came on purchase line "
				   "%" PRId64 "; a line goods came on stays "
				   "with its purchase",
				   get_int(old, "received_qty"),
				   get_str(old, "base_unit")
					   ? get_str(old, "base_unit")
					   : "units",
				   get_int(old, "id"));
	return SR_OK;
}

/* ---- lots ---------------------------------------------------------------- */

/* A lot keeps what came and when: field of old and row must agree. */
static enum sr_err kept(const json_t *row, const json_t *old, const char *field,
			const char *why, struct sr_fail *f)
{
	if (json_equal(json_object_get(row, field),
		       json_object_get(old, field)))
		return SR_OK;
	return sr_fail_set(f, SR_EINVAL, "read_only", field, "%s", why);
}

enum sr_err sr_lot_before_write(struct sr_tx *tx, json_t *row,
				const json_t *old, int64_t now,
				struct sr_fail *f)
{
	json_t *material = NULL;
	enum sr_err err;

	err = sr_get_ref(tx, SR_RES_MATERIAL, row, "material_id", &material, f);
	json_decref(material);
	if (err)
		return err;
	if (!json_is_string(json_object_get(row, "received_on"))) {
		char date[11];

		today(now, date);
		json_object_set_new(row, "received_on", json_string(date));
	}
	if (old) {
		/* Its code, date and note may change; what came may not. */
		err = kept(row, old, "material_id", "a lot keeps its material",
			   f);
		if (!err)
			err = kept(row, old, "quantity",
				   "how much came is kept as it came; record "
				   "a material use or a new lot instead",
				   f);
		if (!err)
			err = kept(row, old, "cost",
				   "what a lot cost is kept as it was paid; "
				   "materials used from it were costed by it",
				   f);
		if (!err)
			err = kept(row, old, "received_on",
				   "the day a lot came is kept", f);
		return err;
	}
	json_object_set(row, "remaining", json_object_get(row, "quantity"));
	/* Stock found or counted, or received, is stock on hand. */
	return sr_db_material_adjust(tx, get_int(row, "material_id"),
				     get_int(row, "quantity"), f);
}

enum sr_err sr_lot_before_delete(struct sr_tx *tx, const json_t *old,
				 struct sr_fail *f)
{
	int64_t id = get_int(old, "id");

	if (json_is_integer(json_object_get(old, "purchase_line_id")))
		return sr_fail_set(f, SR_ECONFLICT, "from_purchase", NULL,
				   "lot %" PRId64 " came on purchase line "
				   "%" PRId64 "; a receipt is not undone, so "
				   "its lot stays (record a material use to "
				   "take stock out of it)",
				   id, get_int(old, "purchase_line_id"));
	if (get_int(old, "remaining") != get_int(old, "quantity"))
		return sr_fail_set(f, SR_ECONFLICT, "taken_from", NULL,
				   "%" PRId64 " of the %" PRId64 " in lot "
				   "%" PRId64 " have been used; only a lot "
				   "nothing was taken from can be deleted",
				   get_int(old, "quantity") -
					   get_int(old, "remaining"),
				   get_int(old, "quantity"), id);
	/* It goes as it came: its stock with it. */
	return sr_db_material_adjust(tx, get_int(old, "material_id"),
				     -get_int(old, "quantity"), f);
}

/* ---- the arithmetic ------------------------------------------------------ */

typedef __int128 i128;

/* price × part / whole, rounded half up; whole > 0. */
static i128 pro_rata(int64_t price, int64_t part, int64_t whole)
{
	return ((i128)price * part + whole / 2) / whole;
}

int64_t sr_part_cost(int64_t price, int64_t base_qty, int64_t before,
		     int64_t after)
{
	return (int64_t)(pro_rata(price, after, base_qty) -
			 pro_rata(price, before, base_qty));
}

/* Is base a unit a thousandth of which is still a sensible amount? */
static bool fine_base(const char *base)
{
	return base && (!strcmp(base, "g") || !strcmp(base, "ml") ||
			!strcmp(base, "mm"));
}

enum sr_err sr_average_cost(const char *base, int64_t on_hand,
			    struct sr_cost had, int64_t qty, int64_t value,
			    struct sr_cost *out, struct sr_fail *f)
{
	int64_t max = field_max(SR_RES_MATERIAL, "cost_per_unit");
	int64_t per = had.per < 1000 && fine_base(base) ? 1000 : had.per;
	i128 held = on_hand > 0 ? on_hand : 0, num, den, cost;

	if (had.per < 1 || qty < 1 || value < 0 || had.per_unit < 0)
		return sr_fail_set(f, SR_EINVAL, "out_of_range", "quantity",
				   "a receipt needs a quantity of at least 1 "
				   "and a cost of at least 0");
	/* (held × per_unit / had.per + value) / (held + qty), per `per`. */
	num = (held * had.per_unit + (i128)value * had.per) * per;
	den = (i128)had.per * (held + qty);
	cost = (num + den / 2) / den;
	if (cost > max)
		return sr_fail_set(f, SR_EINVAL, "out_of_range",
				   "cost_per_unit",
				   "the cost this receipt gives is more than "
				   "%" PRId64 " pence for %" PRId64 " %s",
				   max, per, base ? base : "units");
	out->per_unit = (int64_t)cost;
	out->per = per;
	return SR_OK;
}

/* ---- receiving ----------------------------------------------------------- */

/* One line of a receipt: as asked, then as worked out. */
struct part {
	int64_t line_id;
	int64_t qty;	       /* in the line's own unit; 0: all to come */
	const json_t *lot;     /* the body's, borrowed; NULL: the line's */
	const json_t *expires; /* likewise */
	const json_t *line;    /* the stored line, borrowed from lines */
	int64_t base;	       /* base units that came */
};

struct receipt {
	json_t *doc;   /* the body, which the parts point into */
	char date[11]; /* received_on */
	bool all;      /* no "lines": everything still to come */
	struct part *part;
	size_t n;
};

static void receipt_release(struct receipt *r)
{
	json_decref(r->doc);
	free(r->part);
	memset(r, 0, sizeof(*r));
}

/* Check v as field name of resource res is checked, named as `as`. */
static enum sr_err check_as(enum sr_res res, const char *name, const char *as,
			    const json_t *v, struct sr_fail *f)
{
	struct sr_field fd = *sr_field_find(sr_resource(res), name);

	fd.name = as;
	return sr_field_check(&fd, v, f);
}

static enum sr_err parse_line(const json_t *o, size_t i, struct part *p,
			      struct sr_fail *f)
{
	char name[64];
	const char *key;
	json_t *v;
	enum sr_err err = SR_OK;

	memset(p, 0, sizeof(*p));
	if (!json_is_object(o)) {
		snprintf(name, sizeof(name), "lines[%zu]", i);
		return sr_fail_set(f, SR_EINVAL, "bad_type", name,
				   "%s must be an object such as "
				   "{\"line_id\": 4, \"quantity\": 2}, not %s",
				   name, sr_json_type_name(o));
	}
	json_object_foreach((json_t *)o, key, v)
	{
		if (!strcmp(key, "line_id") || !strcmp(key, "quantity") ||
		    !strcmp(key, "lot") || !strcmp(key, "expires_on"))
			continue;
		snprintf(name, sizeof(name), "lines[%zu].%.40s", i, key);
		return sr_fail_set(f, SR_EINVAL, "unknown_field", name,
				   "a line of a receipt takes line_id, "
				   "quantity, lot and expires_on, not '%.40s'",
				   key);
	}
	snprintf(name, sizeof(name), "lines[%zu].line_id", i);
	v = json_object_get(o, "line_id");
	if (!v || json_is_null(v))
		return sr_fail_set(f, SR_EINVAL, "missing_field", name,
				   "%s is required: which line of the "
				   "purchase came",
				   name);
	err = check_as(SR_RES_LOT, "purchase_line_id", name, v, f);
	if (err)
		return err;
	p->line_id = json_integer_value(v);
	v = json_object_get(o, "quantity");
	snprintf(name, sizeof(name), "lines[%zu].quantity", i);
	if (v && !json_is_null(v)) {
		err = check_as(SR_RES_PURCHASE_LINE, "quantity", name, v, f);
		if (err)
			return err;
		p->qty = json_integer_value(v);
	}
	p->lot = json_object_get(o, "lot");
	snprintf(name, sizeof(name), "lines[%zu].lot", i);
	if (p->lot)
		err = check_as(SR_RES_LOT, "lot", name, p->lot, f);
	p->expires = json_object_get(o, "expires_on");
	snprintf(name, sizeof(name), "lines[%zu].expires_on", i);
	if (!err && p->expires)
		err = check_as(SR_RES_LOT, "expires_on", name, p->expires, f);
	return err;
}

/*
 * The body of a receipt (goods-in.h) into r, every field checked, before
 * anything is read from the store. A body of no bytes is {}.
 */
static enum sr_err receive_parse(const char *body, size_t len, int64_t now,
				 struct receipt *r, struct sr_fail *f)
{
	json_t *lines, *v;
	const char *key;
	size_t n;

	memset(r, 0, sizeof(*r));
	r->doc = len ? sr_json_parse_object(body, len, f) : json_object();
	if (!r->doc)
		return f && f->err ? f->err : SR_EINVAL;
	json_object_foreach(r->doc, key, v)
	{
		char name[48];

		if (!strcmp(key, "received_on") || !strcmp(key, "lines"))
			continue;
		snprintf(name, sizeof(name), "%.40s", key);
		return sr_fail_set(f, SR_EINVAL, "unknown_field", name,
				   "a receipt takes received_on and lines, "
				   "not '%s'",
				   name);
	}
	v = json_object_get(r->doc, "received_on");
	today(now, r->date);
	if (v && !json_is_null(v)) {
		enum sr_err err = check_as(SR_RES_LOT, "received_on",
					   "received_on", v, f);

		if (err)
			return err;
		snprintf(r->date, sizeof(r->date), "%s", json_string_value(v));
	}
	lines = json_object_get(r->doc, "lines");
	if (!lines || json_is_null(lines)) {
		r->all = true;
		return SR_OK;
	}
	if (!json_is_array(lines))
		return sr_fail_set(f, SR_EINVAL, "bad_type", "lines",
				   "lines must be a list of the lines that "
				   "came, not %s",
				   sr_json_type_name(lines));
	n = json_array_size(lines);
	if (n < 1 || n > SR_RECEIVE_LINES_MAX)
		return sr_fail_set(f, SR_EINVAL, "out_of_range", "lines",
				   "a receipt names 1 to %d lines, not %zu; "
				   "leave lines out for everything still "
				   "to come",
				   SR_RECEIVE_LINES_MAX, n);
	r->part = calloc(n, sizeof(*r->part));
	if (!r->part)
		return sr_fail_oom(f);
	for (size_t i = 0; i < n; i++) {
		enum sr_err err =
			parse_line(json_array_get(lines, i), i, &r->part[i], f);

		if (err)
			return err;
		for (size_t k = 0; k < i; k++)
			if (r->part[k].line_id == r->part[i].line_id) {
				char name[48];

				snprintf(name, sizeof(name),
					 "lines[%zu].line_id", i);
				return sr_fail_set(
					f, SR_EINVAL, "bad_value", name,
					"line %" PRId64 " is named twice; "
					"give each line once, with all "
					"that came of it",
					r->part[i].line_id);
			}
		r->n = i + 1;
	}
	return SR_OK;
}

/* The line of lines with this id, or NULL. */
static const json_t *line_of(const json_t *lines, int64_t id)
{
	for (size_t i = 0; i < json_array_size(lines); i++)
		if (get_int(json_array_get(lines, i), "id") == id)
			return json_array_get(lines, i);
	return NULL;
}

/* Every line with something still to come, as the parts of r. */
static enum sr_err all_to_come(const json_t *lines, struct receipt *r,
			       struct sr_fail *f)
{
	r->part = calloc(json_array_size(lines) + 1, sizeof(*r->part));
	if (!r->part)
		return sr_fail_oom(f);
	for (size_t i = 0; i < json_array_size(lines); i++) {
		const json_t *l = json_array_get(lines, i);

		if (get_int(l, "received_qty") < get_int(l, "base_qty"))
			r->part[r->n++].line_id = get_int(l, "id");
	}
	return SR_OK;
}

/* How much of its line part p is, in base units, checked against what is
 * still to come; i is its place in the body (or in the lines). */
static enum sr_err part_base(struct part *p, size_t i, bool all,
			     int64_t purchase_id, struct sr_fail *f)
{
	const json_t *l = p->line;
	int64_t base_qty = get_int(l, "base_qty"), qty = get_int(l, "quantity");
	int64_t rest = base_qty - get_int(l, "received_qty");
	const char *unit = get_str(l, "unit") ? get_str(l, "unit")
					      : get_str(l, "base_unit");
	char name[48];

	snprintf(name, sizeof(name), all ? "lines" : "lines[%zu].quantity", i);
	p->base = rest;
	/* A line's base_qty is its quantity times a whole unit's. */
	if (p->qty && (qty < 1 || __builtin_mul_overflow(p->qty, base_qty / qty,
							 &p->base)))
		p->base = INT64_MAX;
	if (p->base > rest)
		return sr_fail_set(f, SR_ECONFLICT, "more_than_ordered", name,
				   "line %" PRId64 " (%s) is for %" PRId64
				   " %s; %" PRId64 " %s of it %s still to "
				   "come, not %" PRId64 " %s",
				   p->line_id, get_str(l, "material_name"), qty,
				   unit, rest, get_str(l, "base_unit"),
				   rest == 1 ? "is" : "are", p->base,
				   get_str(l, "base_unit"));
	if (p->base == 0) {
		snprintf(name, sizeof(name), "lines[%zu].line_id", i);
		return sr_fail_set(f, SR_ECONFLICT, "nothing_to_come", name,
				   "line %" PRId64 " (%s) of purchase "
				   "%" PRId64 " has come whole already",
				   p->line_id, get_str(l, "material_name"),
				   purchase_id);
	}
	return SR_OK;
}

/* A material a receipt brings, as it stood before, and what came of it. */
struct arrival {
	int64_t id;
	json_t *before;
	int64_t qty, value;
};

static enum sr_err arrival_add(struct sr_tx *tx, struct arrival *a, size_t *n,
			       int64_t id, struct sr_fail *f)
{
	for (size_t i = 0; i < *n; i++)
		if (a[i].id == id)
			return SR_OK;
	a[*n] = (struct arrival){.id = id};
	return sr_db_get(tx, sr_resource(SR_RES_MATERIAL), id,
			 &a[(*n)++].before, f);
}

static struct arrival *arrival_of(struct arrival *a, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].id == id)
			return &a[i];
	return NULL;
}

/* The lot part p makes: its share of the line's price; pushed to lots. */
static enum sr_err make_lot(struct sr_tx *tx, const struct part *p,
			    const char *date, int64_t now, json_t *lots,
			    int64_t *cost, struct sr_fail *f)
{
	const json_t *l = p->line;
	int64_t had = get_int(l, "received_qty"), id = 0;
	json_t *in = json_object(), *lot = NULL;
	const json_t *code = p->lot ? p->lot : json_object_get(l, "lot");
	const json_t *exp =
		p->expires ? p->expires : json_object_get(l, "expires_on");
	bool oom = !in;
	enum sr_err err;

	*cost = sr_part_cost(get_int(l, "price"), get_int(l, "base_qty"), had,
			     had + p->base);
	sr_json_put(in, "material_id", json_integer(get_int(l, "material_id")),
		    &oom);
	sr_json_put(in, "purchase_line_id", json_integer(p->line_id), &oom);
	sr_json_put(in, "lot", code ? json_incref((json_t *)code) : json_null(),
		    &oom);
	sr_json_put(in, "expires_on",
		    exp ? json_incref((json_t *)exp) : json_null(), &oom);
	sr_json_put(in, "received_on", json_string(date), &oom);
	sr_json_put(in, "quantity", json_integer(p->base), &oom);
	sr_json_put(in, "cost", json_integer(*cost), &oom);
	err = oom ? sr_fail_oom(f)
		  : sr_rec_create_in(tx, sr_resource(SR_RES_LOT), in, now, &id,
				     &lot, f);
	if (!err)
		sr_json_push(lots, sr_rec_output(lot), &oom);
	if (!err && oom)
		err = sr_fail_oom(f);
	if (!err)
		err = patch_record(tx, SR_RES_PURCHASE_LINE, p->line_id,
				   json_pack("{sI}", "received_qty",
					     (json_int_t)(had + p->base)),
				   now, NULL, f);
	json_decref(in);
	json_decref(lot);
	return err;
}

/* Each material's cost, by weighted average over what came (goods-in-int.h). */
static enum sr_err new_costs(struct sr_tx *tx, const struct arrival *a,
			     size_t n, int64_t now, struct sr_fail *f)
{
	enum sr_err err = SR_OK;

	for (size_t i = 0; !err && i < n; i++) {
		const json_t *m = a[i].before;
		struct sr_cost had = {get_int(m, "cost_per_unit"),
				      get_int(m, "cost_per")},
			       now_is;

		err = sr_average_cost(get_str(m, "unit"), get_int(m, "on_hand"),
				      had, a[i].qty, a[i].value, &now_is, f);
		if (err ||
		    (now_is.per_unit == had.per_unit && now_is.per == had.per))
			continue;
		/* As a PATCH of the material: the recipes that use it
		 * follow (recipe.c's after_write). */
		err = patch_record(tx, SR_RES_MATERIAL, a[i].id,
				   json_pack("{sIsI}", "cost_per_unit",
					     (json_int_t)now_is.per_unit,
					     "cost_per",
					     (json_int_t)now_is.per),
				   now, NULL, f);
	}
	return err;
}

/* The purchase as the API shows it, with "lines", its lines. */
enum sr_err sr_purchase_with_lines(struct sr_tx *tx, int64_t id, json_t **out,
				   struct sr_fail *f)
{
	json_t *row = NULL, *lines = NULL, *shown = NULL, *list = json_array();
	bool oom = !list;
	enum sr_err err;

	*out = NULL;
	err = sr_db_get(tx, sr_resource(SR_RES_PURCHASE), id, &row, f);
	if (!err)
		err = sr_db_list_by(tx, sr_resource(SR_RES_PURCHASE_LINE),
				    "purchase_id", id, &lines, f);
	for (size_t i = 0; !err && i < json_array_size(lines); i++)
		sr_json_push(list, sr_rec_output(json_array_get(lines, i)),
			     &oom);
	if (!err) {
		shown = sr_rec_output(row);
		oom |= !shown;
		sr_json_put(shown, "lines", json_incref(list), &oom);
		if (oom)
			err = sr_fail_oom(f);
	}
	if (!err)
		*out = json_incref(shown);
	json_decref(shown);
	json_decref(row);
	json_decref(lines);
	json_decref(list);
	return err;
}

static enum sr_err receive_in(struct sr_tx *tx, int64_t purchase_id,
			      struct receipt *r, int64_t now, json_t **answer,
			      struct sr_fail *f)
{
	json_t *purchase = NULL, *lines = NULL, *lots = json_array();
	json_t *shown = NULL;
	struct arrival *a = NULL;
	size_t na = 0;
	bool oom = !lots;
	enum sr_err err;

	*answer = NULL;
	err = sr_db_get(tx, sr_resource(SR_RES_PURCHASE), purchase_id,
			&purchase, f);
	if (!err && !strcmp(get_str(purchase, "status"), "cancelled"))
		err = sr_fail_set(f, SR_ECONFLICT, "cancelled", NULL,
				  "purchase %" PRId64 " was cancelled; set "
				  "its status back to ordered before goods "
				  "come in on it",
				  purchase_id);
	if (!err)
		err = sr_db_list_by(tx, sr_resource(SR_RES_PURCHASE_LINE),
				    "purchase_id", purchase_id, &lines, f);
	if (!err && r->all)
		err = all_to_come(lines, r, f);
	if (!err && r->n == 0)
		err = sr_fail_set(f, SR_ECONFLICT, "nothing_to_come", NULL,
				  "nothing is still to come on purchase "
				  "%" PRId64 "%s",
				  purchase_id,
				  json_array_size(lines)
					  ? ": every line has come whole"
					  : ": it has no lines yet");
	for (size_t i = 0; !err && i < r->n; i++) {
		struct part *p = &r->part[i];
		char name[48];

		p->line = line_of(lines, p->line_id);
		snprintf(name, sizeof(name), "lines[%zu].line_id", i);
		if (!p->line)
			err = sr_fail_set(f, SR_EINVAL, "unknown_reference",
					  name,
					  "purchase %" PRId64 " has no line "
					  "%" PRId64,
					  purchase_id, p->line_id);
		else
			err = part_base(p, i, r->all, purchase_id, f);
	}
	/* Every material as it stood before any of this came. */
	if (!err && !(a = calloc(r->n, sizeof(*a))))
		err = sr_fail_oom(f);
	for (size_t i = 0; !err && i < r->n; i++)
		err = arrival_add(tx, a, &na,
				  get_int(r->part[i].line, "material_id"), f);
	for (size_t i = 0; !err && i < r->n; i++) {
		struct arrival *m = arrival_of(
			a, na, get_int(r->part[i].line, "material_id"));
		int64_t cost = 0;

		err = make_lot(tx, &r->part[i], r->date, now, lots, &cost, f);
		m->qty += r->part[i].base;
		m->value += cost;
	}
	if (!err)
		err = new_costs(tx, a, na, now, f);
	if (!err)
		err = purchase_sync(tx, purchase_id, r->date, now, f);
	if (!err)
		err = sr_purchase_with_lines(tx, purchase_id, &shown, f);
	if (!err) {
		*answer = json_pack("{sOsO}", "purchase", shown, "lots", lots);
		if (!*answer || oom)
			err = sr_fail_oom(f);
	}
	for (size_t i = 0; a && i < na; i++)
		json_decref(a[i].before);
	free(a);
	json_decref(purchase);
	json_decref(lines);
	json_decref(lots);
	json_decref(shown);
	return err;
}

enum sr_err sr_purchase_receive(sr_store *s, int64_t purchase_id,
				const char *body, size_t len, int64_t now,
				struct sr_buf *out, struct sr_fail *f)
{
	struct receipt r;
	struct sr_tx *tx = NULL;
	json_t *answer = NULL;
	enum sr_err err = receive_parse(body, len, now, &r, f);

	if (!err)
		err = sr_tx_begin(s, true, &tx, f);
	if (!err)
		err = receive_in(tx, purchase_id, &r, now, &answer, f);
	err = sr_tx_finish(tx, err, f);
	if (!err && sr_json_dump(answer, out, 0))
		err = sr_fail_set(f, SR_ENOMEM, "internal", NULL,
				  "the answer could not be written");
	json_decref(answer);
	receipt_release(&r);
	return err;
}
