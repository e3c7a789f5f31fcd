/*
 * to-buy.c - what to buy (to-buy.h): the needs of the batches and orders
 * of the next days from their recipes (recipe-int.h, to any depth), less
 * what they have used already, against stock on hand and on order and the
 * reorder levels; rounded up to packs, priced and grouped by supplier; and
 * the purchase orders that buy it.
 *
 * The arithmetic, per material, in its base unit:
 *
 *   need      = Σ over the batches planned or running with a run date in
 *               the window (recipe × planned_qty) and the orders accepted
 *               or in progress of a product, due in the window or with no
 *               due date (recipe × quantity), each less the material uses
 *               already recorded against it (never below 0)
 *   on_order  = Σ (base_qty − received_qty) of the lines of purchases
 *               ordered or part received
 *   shortfall = need + reorder_level − on_hand − on_order  (listed > 0)
 *   packs     = ⌈shortfall / pack_size⌉ (no pack size: shortfall)
 *   order_qty = packs × pack_size (no pack size: shortfall)
 *   cost      = packs × pack_price; no pack price: order_qty at the
 *               material's cost, rounded half up, marked estimated
 *
 * A group's first need is the earliest run date or due date among its
 * materials' reasons (today for an order with no due date, or for a
 * material short only of its reorder level); order_by is that day less
 * the supplier's lead time, late when it is before today.
 */
#include "compat.h"

#include "db.h"
#include "goods-in-int.h"
#include "json.h"
#include "recipe-int.h"
#include "records-int.h"
#include "smallrun/date.h"
#include "smallrun/to-buy.h"

typedef __int128 i128;

static enum sr_err too_much(struct sr_fail *f)
{
	return sr_fail_set(f, SR_EINVAL, "out_of_range", "days",
			   "the work of these days needs more of a material "
			   "than can be counted; look fewer days ahead");
}

/* ---- the needs ----------------------------------------------------------- */

/* Each material's need: {"<id>": {"need", "first", "reasons"}}. */
struct wants {
	json_t *by_id;
	int64_t today;
};

static enum sr_err want_add(struct wants *w, int64_t material_id, int64_t qty,
			    int64_t day, json_t *reason, struct sr_fail *f)
{
	char key[24];
	json_t *m;
	int64_t need;
	bool oom = !reason;

	snprintf(key, sizeof(key), "%" PRId64, material_id);
	m = json_object_get(w->by_id, key);
	if (!m) {
		m = json_pack("{sIsIs[]}", "need", (json_int_t)0, "first",
			      (json_int_t)INT64_MAX, "reasons");
		if (!m || json_object_set_new(w->by_id, key, m)) {
			json_decref(reason);
			return sr_fail_oom(f);
		}
	}
	if (__builtin_add_overflow(sr_json_int(m, "need"), qty, &need)) {
		json_decref(reason);
		return too_much(f);
	}
	sr_json_put(m, "need", json_integer(need), &oom);
	if (day < sr_json_int(m, "first"))
		sr_json_put(m, "first", json_integer(day), &oom);
	sr_json_push(json_object_get(m, "reasons"), reason, &oom);
	return oom ? sr_fail_oom(f) : SR_OK;
}

/*
 * What making quantity of product takes, less what the batch or order
 * (use_filter "batch_id" or "order_id", id) has used already: into w,
 * each with a reason made by reason_of (the quantity added to it).
 */
static enum sr_err needs_of(struct sr_tx *tx, struct wants *w, int64_t product,
			    int64_t quantity, const char *use_filter,
			    int64_t id, int64_t day, const json_t *reason,
			    struct sr_fail *f)
{
	struct sr_needs needs = {0};
	json_t *uses = NULL;
	bool has = false;
	enum sr_err err;

	err = sr_recipe_needs(tx, product, quantity, &needs, &has, f);
	if (!err && has)
		err = sr_db_list_by(tx, sr_resource(SR_RES_BATCH_MATERIAL),
				    use_filter, id, &uses, f);
	for (size_t i = 0; !err && i < needs.n; i++) {
		int64_t m = needs.v[i].material_id;
		int64_t left = sr_need_base(&needs.v[i]);
		json_t *r;

		for (size_t k = 0; k < json_array_size(uses); k++) {
			const json_t *u = json_array_get(uses, k);

			if (sr_json_int(u, "material_id") == m)
				left -= sr_json_int(u, "quantity");
		}
		if (left <= 0)
			continue;
		r = json_deep_copy(reason);
		if (r && json_object_set_new(r, "quantity", json_integer(left)))
			r = NULL;
		err = want_add(w, m, left, day, r, f);
	}
	json_decref(uses);
	sr_needs_release(&needs);
	return err;
}

/*
 * What each row of rows (planned batches or open orders) needs: named in
 * its reasons by its id as owner ("batch_id"), its name field and its
 * day field, the day it is needed.
 */
static enum sr_err rows_need(struct sr_tx *tx, struct wants *w,
			     const json_t *rows, const char *owner,
			     const char *name, const char *day,
			     struct sr_fail *f)
{
	enum sr_err err = SR_OK;

	for (size_t i = 0; !err && i < json_array_size(rows); i++) {
		const json_t *r = json_array_get(rows, i);
		json_t *why = json_pack("{sIsOsO}", owner,
					(json_int_t)sr_json_int(r, "id"), name,
					json_object_get(r, name), day,
					json_object_get(r, day));

		err = why ? needs_of(tx, w, sr_json_int(r, "product_id"),
				     sr_json_int(r, "quantity"), owner,
				     sr_json_int(r, "id"),
				     sr_json_day(r, day, w->today), why, f)
			  : sr_fail_oom(f);
		json_decref(why);
	}
	return err;
}

static enum sr_err gather(struct sr_tx *tx, struct wants *w, const char *from,
			  const char *to, struct sr_fail *f)
{
	json_t *batches = NULL, *orders = NULL;
	enum sr_err err;

	err = sr_db_buy_batches(tx, from, to, &batches, f);
	if (!err)
		err = rows_need(tx, w, batches, "batch_id", "code", "run_date",
				f);
	if (!err)
		err = sr_db_buy_orders(tx, from, to, &orders, f);
	if (!err)
		err = rows_need(tx, w, orders, "order_id", "title", "due_date",
				f);
	json_decref(batches);
	json_decref(orders);
	return err;
}

/* ---- one material's line ------------------------------------------------- */

/* n / d rounded up; n >= 0, d > 0. */
static int64_t div_up(int64_t n, int64_t d)
{
	return n / d + (n % d != 0);
}

/* The material's purchase unit that holds one pack, or null. */
static enum sr_err pack_unit(struct sr_tx *tx, const json_t *m, json_t **out,
			     struct sr_fail *f)
{
	json_t *units = NULL;
	enum sr_err err = SR_OK;

	*out = json_null();
	if (!json_is_integer(json_object_get(m, "pack_size")))
		return SR_OK;
	err = sr_db_list_by(tx, sr_resource(SR_RES_MATERIAL_UNIT),
			    "material_id", sr_json_int(m, "id"), &units, f);
	for (size_t i = 0; !err && i < json_array_size(units); i++) {
		const json_t *u = json_array_get(units, i);

		if (sr_json_int(u, "base_qty") != sr_json_int(m, "pack_size"))
			continue;
		json_decref(*out);
		*out = json_pack("{sIsOsI}", "id", (json_int_t)sr_json_int(u, "id"),
				 "name", json_object_get(u, "name"), "base_qty",
				 (json_int_t)sr_json_int(u, "base_qty"));
		if (!*out)
			err = sr_fail_oom(f);
		break;
	}
	json_decref(units);
	return err;
}

/*
 * The line of material m short by shortfall (> 0): its packs and cost.
 * want is its need's entry, or NULL when only its reorder level asks.
 */
static enum sr_err buy_line(struct sr_tx *tx, const json_t *m,
			    const json_t *want, int64_t on_order,
			    int64_t shortfall, int64_t today, json_t **out,
			    struct sr_fail *f)
{
	const json_t *size = json_object_get(m, "pack_size");
	const json_t *price = json_object_get(m, "pack_price");
	int64_t packs = shortfall, qty = shortfall, cost;
	bool estimated = false, oom = false;
	json_t *unit = NULL, *o;
	enum sr_err err;
	i128 c;

	if (json_is_integer(size)) {
		packs = div_up(shortfall, json_integer_value(size));
		if (__builtin_mul_overflow(packs, json_integer_value(size),
					   &qty))
			return too_much(f);
	}
	if (json_is_integer(size) && json_is_integer(price)) {
		c = (i128)packs * json_integer_value(price);
	} else {
		/* At the material's own cost: an estimate. */
		estimated = true;
		c = ((i128)qty * sr_json_int(m, "cost_per_unit") +
		     sr_json_int(m, "cost_per") / 2) /
		    sr_json_int(m, "cost_per");
	}
	if (c > INT64_MAX / 4)
		return too_much(f);
	cost = (int64_t)c;
	err = pack_unit(tx, m, &unit, f);
	if (err)
		return err;
	*out = o = json_object();
	oom = !o;
	sr_json_put(o, "material_id", json_integer(sr_json_int(m, "id")), &oom);
	sr_json_put(o, "name", json_incref(json_object_get(m, "name")), &oom);
	sr_json_put(o, "unit", json_incref(json_object_get(m, "unit")), &oom);
	sr_json_put(o, "need", json_integer(want ? sr_json_int(want, "need") : 0),
		    &oom);
	sr_json_put(o, "on_hand", json_integer(sr_json_int(m, "on_hand")), &oom);
	sr_json_put(o, "on_order", json_integer(on_order), &oom);
	sr_json_put(o, "reorder_level",
		    json_integer(sr_json_int(m, "reorder_level")), &oom);
	sr_json_put(o, "shortfall", json_integer(shortfall), &oom);
	sr_json_put(o, "pack_size", json_incref((json_t *)size), &oom);
	sr_json_put(o, "pack_price", json_incref((json_t *)price), &oom);
	sr_json_put(o, "packs", json_integer(packs), &oom);
	sr_json_put(o, "order_qty", json_integer(qty), &oom);
	sr_json_put(o, "purchase_unit", unit, &oom);
	sr_json_put(o, "cost", json_integer(cost), &oom);
	sr_json_put(o, "estimated", json_boolean(estimated), &oom);
	sr_json_put(o, "needed_on",
		    sr_json_date(want && sr_json_int(want, "first") < INT64_MAX
				      ? sr_json_int(want, "first")
				      : today),
		    &oom);
	sr_json_put(o, "reasons",
		    want ? json_incref(json_object_get(want, "reasons"))
			 : json_array(),
		    &oom);
	return oom ? sr_fail_oom(f) : SR_OK;
}

/* ---- the groups ---------------------------------------------------------- */

/* The group of supplier id (0: none) in groups, made when new. */
static enum sr_err group_of(struct sr_tx *tx, json_t *groups, int64_t id,
			    json_t **out, struct sr_fail *f)
{
	json_t *s = NULL, *g;
	enum sr_err err = SR_OK;

	for (size_t i = 0; i < json_array_size(groups); i++) {
		g = json_array_get(groups, i);
		if (sr_json_int(g, "supplier_id") == id) {
			*out = g;
			return SR_OK;
		}
	}
	if (id)
		err = sr_db_get(tx, sr_resource(SR_RES_SUPPLIER), id, &s, f);
	if (err)
		return err;
	g = json_pack("{sosssIsIsbs[]}", "supplier_id",
		      id ? json_integer(id) : json_null(), "supplier_name",
		      id ? sr_json_str(s, "name") : "no supplier yet",
		      "lead_time_days",
		      (json_int_t)(id ? sr_json_int(s, "lead_time_days") : 0),
		      "total", (json_int_t)0, "estimated", 0, "materials");
	json_decref(s);
	if (!g || json_array_append_new(groups, g))
		return sr_fail_oom(f);
	*out = g;
	return SR_OK;
}

static int by_need_then_name(const void *pa, const void *pb)
{
	const json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
	int c = strcmp(sr_json_str(a, "needed_on"), sr_json_str(b, "needed_on"));

	return c ? c : strcmp(sr_json_str(a, "name"), sr_json_str(b, "name"));
}

/* Most urgent first; the group with no supplier after those with one. */
static int by_urgency(const void *pa, const void *pb)
{
	const json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
	bool na = !sr_json_int(a, "supplier_id"), nb = !sr_json_int(b, "supplier_id");
	int c;

	if (na != nb)
		return na ? 1 : -1;
	c = strcmp(sr_json_str(a, "order_by"), sr_json_str(b, "order_by"));
	return c ? c
		 : strcmp(sr_json_str(a, "supplier_name"),
			  sr_json_str(b, "supplier_name"));
}

/* Sort arr (an array) in place with cmp. */
static enum sr_err sort_array(json_t *arr,
			      int (*cmp)(const void *, const void *),
			      struct sr_fail *f)
{
	size_t n = json_array_size(arr);
	json_t **v = n ? malloc(n * sizeof(*v)) : NULL;
	enum sr_err err = SR_OK;

	if (n && !v)
		return sr_fail_oom(f);
	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(arr, i));
	if (n)
		qsort(v, n, sizeof(*v), cmp);
	json_array_clear(arr);
	for (size_t i = 0; i < n; i++)
		if (json_array_append_new(arr, v[i]))
			err = sr_fail_oom(f);
	free(v);
	return err;
}

/* A group's totals, first need and last day to order. */
static enum sr_err group_finish(json_t *g, int64_t today, struct sr_fail *f)
{
	json_t *mats = json_object_get(g, "materials");
	int64_t first = INT64_MAX, total = 0, by;
	bool estimated = false, oom = false;

	for (size_t i = 0; i < json_array_size(mats); i++) {
		const json_t *m = json_array_get(mats, i);

		first = sr_json_day(m, "needed_on", today) < first
				? sr_json_day(m, "needed_on", today)
				: first;
		total += sr_json_int(m, "cost");
		estimated |= json_is_true(json_object_get(m, "estimated"));
	}
	by = first - sr_json_int(g, "lead_time_days");
	sr_json_put(g, "first_needed_on", sr_json_date(first), &oom);
	sr_json_put(g, "order_by", sr_json_date(by), &oom);
	sr_json_put(g, "late", json_boolean(by < today), &oom);
	sr_json_put(g, "total", json_integer(total), &oom);
	sr_json_put(g, "estimated", json_boolean(estimated), &oom);
	if (oom)
		return sr_fail_oom(f);
	return sort_array(mats, by_need_then_name, f);
}

/* What is on order of material id, from rows of sr_db_on_order(). */
static int64_t on_order_of(const json_t *rows, int64_t id)
{
	for (size_t i = 0; i < json_array_size(rows); i++)
		if (sr_json_int(json_array_get(rows, i), "material_id") == id)
			return sr_json_int(json_array_get(rows, i), "on_order");
	return 0;
}

/* The whole list (to-buy.h) for days from today, within tx. */
static enum sr_err build(struct sr_tx *tx, int64_t days, int64_t now,
			 json_t **out, struct sr_fail *f)
{
	struct wants w = {json_object(), now / 86400};
	json_t *mats = NULL, *ordered = NULL, *groups = json_array(), *doc;
	char from[11], to[11];
	int64_t total = 0;
	bool estimated = false, oom = !w.by_id || !groups;
	enum sr_err err = oom ? sr_fail_oom(f) : SR_OK;

	*out = NULL;
	sr_date_format(w.today, from);
	sr_date_format(w.today + days, to);
	if (!err)
		err = gather(tx, &w, from, to, f);
	if (!err)
		err = sr_db_on_order(tx, &ordered, f);
	if (!err)
		err = sr_db_list_by(tx, sr_resource(SR_RES_MATERIAL), NULL, 0,
				    &mats, f);
	for (size_t i = 0; !err && i < json_array_size(mats); i++) {
		const json_t *m = json_array_get(mats, i);
		char key[24];
		const json_t *want;
		int64_t on_order = on_order_of(ordered, sr_json_int(m, "id"));
		i128 short_by;
		json_t *line = NULL, *g = NULL;

		snprintf(key, sizeof(key), "%" PRId64, sr_json_int(m, "id"));
		want = json_object_get(w.by_id, key);
		short_by = (i128)(want ? sr_json_int(want, "need") : 0) +
			   sr_json_int(m, "reorder_level") - sr_json_int(m, "on_hand") -
			   on_order;
		if (short_by <= 0)
			continue;
		if (short_by > INT64_MAX / 4) {
			err = too_much(f);
			break;
		}
		err = buy_line(tx, m, want, on_order, (int64_t)short_by,
			       w.today, &line, f);
		if (!err)
			err = group_of(tx, groups, sr_json_int(m, "supplier_id"),
				       &g, f);
		if (!err)
			sr_json_push(json_object_get(g, "materials"),
				     json_incref(line), &oom);
		json_decref(line);
	}
	for (size_t i = 0; !err && i < json_array_size(groups); i++) {
		json_t *g = json_array_get(groups, i);

		err = group_finish(g, w.today, f);
		total += sr_json_int(g, "total");
		estimated |= json_is_true(json_object_get(g, "estimated"));
	}
	if (!err)
		err = sort_array(groups, by_urgency, f);
	if (!err && oom)
		err = sr_fail_oom(f);
	if (!err) {
		doc = json_pack("{sssssIsIsbsO}", "from", from, "to", to,
				"days", (json_int_t)days, "total",
				(json_int_t)total, "estimated", estimated,
				"groups", groups);
		if (!doc)
			err = sr_fail_oom(f);
		else
			*out = doc;
	}
	json_decref(w.by_id);
	json_decref(mats);
	json_decref(ordered);
	json_decref(groups);
	return err;
}

static enum sr_err days_check(int64_t *days, const char *field,
			      struct sr_fail *f)
{
	if (*days == 0)
		*days = SR_TO_BUY_DAYS_DEFAULT;
	if (*days < 1 || *days > SR_TO_BUY_DAYS_MAX)
		return sr_fail_set(f, SR_EINVAL, "out_of_range", field,
				   "%s must be from 1 to %d days, not %" PRId64,
				   field, SR_TO_BUY_DAYS_MAX, *days);
	return SR_OK;
}

enum sr_err sr_to_buy(sr_store *s, int64_t days, int64_t now,
		      struct sr_buf *out, struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	json_t *doc = NULL;
	enum sr_err err = days_check(&days, "days", f);

	if (!err)
		err = sr_tx_begin(s, false, &tx, f);
	if (!err)
		err = build(tx, days, now, &doc, f);
	err = sr_tx_finish(tx, err, f);
	if (!err && sr_json_dump(doc, out, 0))
		err = sr_fail_set(f, SR_ENOMEM, "internal", NULL,
				  "the answer could not be written");
	json_decref(doc);
	return err;
}

/* ---- purchase orders ----------------------------------------------------- */

/* The body of sr_to_buy_orders(): days, and the suppliers (NULL: all). */
struct orders_body {
	json_t *doc;
	int64_t days;
	const json_t *suppliers; /* borrowed from doc, or NULL */
};

static enum sr_err orders_parse(const char *body, size_t len,
				struct orders_body *b, struct sr_fail *f)
{
	const char *key;
	json_t *v;

	memset(b, 0, sizeof(*b));
	b->doc = len ? sr_json_parse_object(body, len, f) : json_object();
	if (!b->doc)
		return f && f->err ? f->err : SR_EINVAL;
	json_object_foreach(b->doc, key, v)
	{
		char name[48];

		if (!strcmp(key, "days") || !strcmp(key, "supplier_ids"))
			continue;
		snprintf(name, sizeof(name), "%.40s", key);
		return sr_fail_set(f, SR_EINVAL, "unknown_field", name,
				   "purchase orders from the to-buy list "
				   "take days and supplier_ids, not '%s'",
				   name);
	}
	v = json_object_get(b->doc, "days");
	if (v && !json_is_null(v)) {
		if (!json_is_integer(v))
			return sr_fail_set(f, SR_EINVAL, "bad_type", "days",
					   "days must be a whole number, not "
					   "%s",
					   sr_json_type_name(v));
		b->days = json_integer_value(v);
		if (b->days == 0)
			b->days = -1; /* 0 is not the default here */
	}
	v = json_object_get(b->doc, "supplier_ids");
	if (!v || json_is_null(v))
		return SR_OK;
	if (!json_is_array(v))
		return sr_fail_set(f, SR_EINVAL, "bad_type", "supplier_ids",
				   "supplier_ids must be a list of supplier "
				   "ids (null for materials with no "
				   "supplier), not %s",
				   sr_json_type_name(v));
	if (json_array_size(v) < 1 ||
	    json_array_size(v) > SR_TO_BUY_SUPPLIERS_MAX)
		return sr_fail_set(f, SR_EINVAL, "out_of_range", "supplier_ids",
				   "supplier_ids names 1 to %d suppliers, not "
				   "%zu; leave it out for every one",
				   SR_TO_BUY_SUPPLIERS_MAX, json_array_size(v));
	for (size_t i = 0; i < json_array_size(v); i++) {
		const json_t *id = json_array_get(v, i);
		char name[48];

		snprintf(name, sizeof(name), "supplier_ids[%zu]", i);
		if (!json_is_null(id) &&
		    (!json_is_integer(id) || json_integer_value(id) < 1))
			return sr_fail_set(f, SR_EINVAL, "bad_type", name,
					   "%s must be a supplier's id (a "
					   "whole number from 1) or null",
					   name);
		for (size_t k = 0; k < i; k++)
			if (json_equal(json_array_get(v, k), id))
				return sr_fail_set(f, SR_EINVAL, "bad_value",
						   name,
						   "%s names a supplier given "
						   "already",
						   name);
	}
	b->suppliers = v;
	return SR_OK;
}

/* Is group g among those asked for? */
static bool asked(const struct orders_body *b, const json_t *g)
{
	if (!b->suppliers)
		return true;
	for (size_t i = 0; i < json_array_size(b->suppliers); i++) {
		const json_t *id = json_array_get(b->suppliers, i);

		if (json_is_null(id) ? !sr_json_int(g, "supplier_id")
				     : json_integer_value(id) ==
					       sr_json_int(g, "supplier_id"))
			return true;
	}
	return false;
}

/* Every supplier asked for must exist (400 naming it when not). */
static enum sr_err suppliers_exist(struct sr_tx *tx,
				   const struct orders_body *b,
				   struct sr_fail *f)
{
	enum sr_err err = SR_OK;

	for (size_t i = 0; !err && i < json_array_size(b->suppliers); i++) {
		const json_t *id = json_array_get(b->suppliers, i);
		json_t *row = NULL;
		char name[48];

		if (json_is_null(id))
			continue;
		err = sr_db_get(tx, sr_resource(SR_RES_SUPPLIER),
				json_integer_value(id), &row, f);
		json_decref(row);
		snprintf(name, sizeof(name), "supplier_ids[%zu]", i);
		if (err == SR_ENOTFOUND)
			err = sr_fail_set(f, SR_EINVAL, "unknown_reference",
					  name, "no supplier has id %" PRId64,
					  (int64_t)json_integer_value(id));
	}
	return err;
}

/* One purchase for group g, its lines as the list says; pushed to made. */
static enum sr_err order_group(struct sr_tx *tx, const json_t *g,
			       const json_t *doc, int64_t now, json_t *made,
			       struct sr_fail *f)
{
	const json_t *mats = json_object_get(g, "materials");
	int64_t id = 0, today = now / 86400;
	json_t *in, *row = NULL, *shown = NULL;
	char note[96];
	enum sr_err err;

	snprintf(note, sizeof(note), "from the to-buy list of %s to %s",
		 sr_json_str(doc, "from"), sr_json_str(doc, "to"));
	in = json_pack(
		"{sOsososs}", "supplier_id", json_object_get(g, "supplier_id"),
		"ordered_on", sr_json_date(today), "expected_on",
		sr_json_date(today + sr_json_int(g, "lead_time_days")), "notes", note);
	err = !in ? sr_fail_oom(f)
		  : sr_rec_create_in(tx, sr_resource(SR_RES_PURCHASE), in, now,
				     &id, &row, f);
	json_decref(in);
	json_decref(row);
	for (size_t i = 0; !err && i < json_array_size(mats); i++) {
		const json_t *m = json_array_get(mats, i);
		const json_t *unit = json_object_get(m, "purchase_unit");
		int64_t line = 0;

		/* In packs when a purchase unit holds one, else in the base
		 * unit. */
		in = json_pack(
			"{sIsIsIsosI}", "purchase_id", (json_int_t)id,
			"material_id", (json_int_t)sr_json_int(m, "material_id"),
			"quantity",
			(json_int_t)(json_is_object(unit)
					     ? sr_json_int(m, "packs")
					     : sr_json_int(m, "order_qty")),
			"unit",
			json_is_object(unit)
				? json_incref(json_object_get(unit, "name"))
				: json_null(),
			"price", (json_int_t)sr_json_int(m, "cost"));
		row = NULL;
		err = in ? sr_rec_create_in(tx,
					    sr_resource(SR_RES_PURCHASE_LINE),
					    in, now, &line, &row, f)
			 : sr_fail_oom(f);
		if (err)
			sr_fail_prefix(f, sr_json_str(m, "name"));
		json_decref(in);
		json_decref(row);
	}
	if (!err)
		err = sr_purchase_with_lines(tx, id, &shown, f);
	if (!err && json_array_append_new(made, shown))
		err = sr_fail_oom(f);
	return err;
}

enum sr_err sr_to_buy_orders(sr_store *s, const char *body, size_t len,
			     int64_t now, int64_t *made, struct sr_buf *out,
			     struct sr_fail *f)
{
	struct orders_body b = {NULL, 0, NULL};
	struct sr_tx *tx = NULL;
	json_t *doc = NULL, *items = json_array(), *answer = NULL;
	enum sr_err err =
		items ? orders_parse(body, len, &b, f) : sr_fail_oom(f);

	*made = 0;
	if (!err)
		err = days_check(&b.days, "days", f);
	if (!err)
		err = sr_tx_begin(s, true, &tx, f);
	if (!err)
		err = suppliers_exist(tx, &b, f);
	if (!err)
		err = build(tx, b.days, now, &doc, f);
	for (size_t i = 0;
	     !err && i < json_array_size(json_object_get(doc, "groups")); i++) {
		const json_t *g =
			json_array_get(json_object_get(doc, "groups"), i);

		if (asked(&b, g))
			err = order_group(tx, g, doc, now, items, f);
	}
	err = sr_tx_finish(tx, err, f);
	if (!err) {
		answer = json_pack("{sOsI}", "items", items, "total",
				   (json_int_t)json_array_size(items));
		if (!answer || sr_json_dump(answer, out, 0))
			err = sr_fail_set(f, SR_ENOMEM, "internal", NULL,
					  "the answer could not be written");
		else
			*made = (int64_t)json_array_size(items);
	}
	json_decref(answer);
	json_decref(items);
	json_decref(doc);
	json_decref(b.doc);
	return err;
}
