/*
 * stock.c - a material's stock and its lots kept in step (stock.h): what
 * each material use takes from its lot and from on_hand and puts back, a
 * stock count by hand, and a lot that comes while stock is below zero.
 * Each runs inside the write transaction of lib/records.c, as a hook of
 * resource.c (a material use's, a material's through recipe.c, a lot's).
 */
#include "compat.h"

#include "json.h"
#include "records-int.h"
#include "resource.h"
#include "stock.h"

typedef __int128 i128;

/* x × num / den rounded half up (x, num >= 0, den > 0); -1 past max. */
static int64_t share(int64_t x, int64_t num, int64_t den, int64_t max)
{
	i128 v;

	if (den <= 0 || x < 0 || num < 0)
		return -1;
	v = ((i128)x * num * 2 + den) / ((i128)den * 2);
	return v > max ? -1 : (int64_t)v;
}

/* The import's transaction, in which lots are the file's (stock.h). */
static _Thread_local const struct sr_tx *restoring;

void sr_stock_restoring(const struct sr_tx *tx)
{
	restoring = tx;
}

void sr_stock_release(struct sr_stock *st)
{
	json_decref(st->material);
	json_decref(st->lots);
	memset(st, 0, sizeof(*st));
}

enum sr_err sr_stock_read(struct sr_tx *tx, int64_t material_id,
			  struct sr_stock *st, struct sr_fail *f)
{
	enum sr_err err;

	memset(st, 0, sizeof(*st));
	err = sr_db_get(tx, sr_resource(SR_RES_MATERIAL), material_id,
			&st->material, f);
	if (!err)
		err = sr_db_lots_open(tx, material_id, &st->lots, f);
	if (err) {
		sr_stock_release(st);
		return err;
	}
	st->on_hand = sr_json_int(st->material, "on_hand");
	for (size_t i = 0; i < json_array_size(st->lots); i++)
		st->held +=
			sr_json_int(json_array_get(st->lots, i), "remaining");
	st->loose = (st->on_hand > 0 ? st->on_hand : 0) - st->held;
	if (st->loose < 0)
		st->loose = 0;
	return SR_OK;
}

enum sr_err sr_stock_settle(struct sr_tx *tx, int64_t material_id,
			    int64_t on_hand, struct sr_fail *f)
{
	json_t *lots = NULL;
	int64_t held = 0, excess;
	enum sr_err err;

	if (restoring == tx)
		return SR_OK;
	err = sr_db_lots_open(tx, material_id, &lots, f);

	for (size_t i = 0; !err && i < json_array_size(lots); i++)
		held += sr_json_int(json_array_get(lots, i), "remaining");
	excess = held - (on_hand > 0 ? on_hand : 0);
	for (size_t i = 0; !err && excess > 0 && i < json_array_size(lots);
	     i++) {
		const json_t *l = json_array_get(lots, i);
		int64_t take = sr_json_int(l, "remaining");

		if (take > excess)
			take = excess;
		err = sr_db_lot_take(tx, sr_json_int(l, "id"), take, f);
		excess -= take;
	}
	json_decref(lots);
	return err;
}

/*
 * Add delta to a material's on_hand, and settle its lots. Stock may be
 * overdrawn, but only as far as the field holds, so the material stays
 * valid.
 */
static enum sr_err on_hand_add(struct sr_tx *tx, int64_t material_id,
			       int64_t delta, bool settle, struct sr_fail *f)
{
	const struct sr_field *on_hand =
		sr_field_find(sr_resource(SR_RES_MATERIAL), "on_hand");
	json_t *material = NULL;
	int64_t held;
	enum sr_err err;

	err = sr_db_get(tx, sr_resource(SR_RES_MATERIAL), material_id,
			&material, f);
	if (err)
		goto out;
	held = sr_json_int(material, "on_hand") + delta;
	if (held < on_hand->min || held > on_hand->max) {
		err = sr_fail_set(f, SR_ECONFLICT, "stock_out_of_range",
				  "quantity",
				  "that would take the stock of %s to %" PRId64
				  ", outside %" PRId64 " to %" PRId64,
				  sr_json_str(material, "name"), held,
				  on_hand->min, on_hand->max);
		goto out;
	}
	err = sr_db_material_adjust(tx, material_id, delta, f);
	if (!err && settle)
		err = sr_stock_settle(tx, material_id, held, f);
out:
	json_decref(material);
	return err;
}

/* "lot L-881 of Olive oil", or "lot 4 of Olive oil" when it has no code. */
static void lot_name(const json_t *lot, char *out, size_t size)
{
	if (sr_json_str(lot, "lot"))
		snprintf(out, size, "lot %.100s of %.100s",
			 sr_json_str(lot, "lot"),
			 sr_json_str(lot, "material_name"));
	else
		snprintf(out, size, "lot %" PRId64 " of %.100s",
			 sr_json_int(lot, "id"),
			 sr_json_str(lot, "material_name"));
}

/* Take a use's quantity off its lot: one of its material that holds it. */
static enum sr_err from_lot(struct sr_tx *tx, json_t *row, struct sr_fail *f)
{
	int64_t q = sr_json_int(row, "quantity"), cost;
	json_t *lot = NULL;
	char name[240];
	enum sr_err err = sr_get_ref(tx, SR_RES_LOT, row, "lot_id", &lot, f);

	if (err)
		return err;
	lot_name(lot, name, sizeof(name));
	if (sr_json_int(lot, "material_id") != sr_json_int(row, "material_id"))
		err = sr_fail_set(f, SR_EINVAL, "wrong_material", "lot_id",
				  "%s is not of material %" PRId64, name,
				  sr_json_int(row, "material_id"));
	else if (q > sr_json_int(lot, "remaining"))
		err = sr_fail_set(f, SR_ECONFLICT, "not_enough_in_lot",
				  "quantity",
				  "%s holds %" PRId64 " %s, not %" PRId64, name,
				  sr_json_int(lot, "remaining"),
				  sr_json_str(lot, "unit"), q);
	if (!err)
		err = sr_db_lot_take(tx, sr_json_int(lot, "id"), q, f);
	if (!err) {
		/* Its code and its share of the lot's price. */
		json_object_set(row, "lot", json_object_get(lot, "lot"));
		cost = share(sr_json_int(lot, "cost"), q,
			     sr_json_int(lot, "quantity"),
			     sr_field_max(SR_RES_BATCH_MATERIAL, "cost"));
		json_object_set_new(row, "cost",
				    cost < 0 ? json_null()
					     : json_integer(cost));
	}
	json_decref(lot);
	return err;
}

/*
 * Take a use's quantity: from its lot, or with none from on_hand alone at
 * the material's price (none when it has no price), the lots settled.
 */
static enum sr_err take(struct sr_tx *tx, json_t *row, struct sr_fail *f)
{
	int64_t material = sr_json_int(row, "material_id");
	int64_t q = sr_json_int(row, "quantity"), cost = -1;
	bool lot = json_is_integer(json_object_get(row, "lot_id"));
	json_t *m = NULL;
	enum sr_err err;

	if (lot) {
		err = from_lot(tx, row, f);
	} else {
		err = sr_get_ref(tx, SR_RES_MATERIAL, row, "material_id", &m,
				 f);
		if (!err && sr_json_int(m, "cost_per_unit") > 0)
			cost = share(
				sr_json_int(m, "cost_per_unit"), q,
				sr_json_int(m, "cost_per"),
				sr_field_max(SR_RES_BATCH_MATERIAL, "cost"));
		if (!err)
			json_object_set_new(row, "cost",
					    cost < 0 ? json_null()
						     : json_integer(cost));
		json_decref(m);
	}
	/* A lot's take moves the lot and on_hand alike: nothing to settle. */
	return err ? err : on_hand_add(tx, material, -q, !lot, f);
}

/* Put a use's quantity back: on its lot when it names one, and on_hand. */
static enum sr_err give_back(struct sr_tx *tx, const json_t *use,
			     struct sr_fail *f)
{
	int64_t q = sr_json_int(use, "quantity");
	enum sr_err err = SR_OK;

	if (json_is_integer(json_object_get(use, "lot_id")))
		err = sr_db_lot_take(tx, sr_json_int(use, "lot_id"), -q, f);
	/* Settled: stock below zero may not hold what came back. */
	return err ? err
		   : on_hand_add(tx, sr_json_int(use, "material_id"), q, true,
				 f);
}

enum sr_err sr_material_use_before_write(struct sr_tx *tx, json_t *row,
					 const json_t *old, int64_t now,
					 struct sr_fail *f)
{
	json_t *material = NULL;
	enum sr_err err;

	(void)now;
	if (json_is_integer(json_object_get(row, "batch_id")) ==
	    json_is_integer(json_object_get(row, "order_id")))
		return sr_fail_set(f, SR_EINVAL, "missing_field", "batch_id",
				   "give either batch_id or order_id: the "
				   "material is used by one batch or one "
				   "custom order");
	/* It must exist before stock moves. */
	err = sr_get_ref(tx, SR_RES_MATERIAL, row, "material_id", &material, f);
	json_decref(material);
	if (!err && old)
		err = give_back(tx, old, f);
	if (!err)
		err = take(tx, row, f);
	return err;
}

enum sr_err sr_material_use_before_delete(struct sr_tx *tx, const json_t *old,
					  struct sr_fail *f)
{
	return give_back(tx, old, f);
}

enum sr_err sr_material_stock_count(struct sr_tx *tx, const json_t *row,
				    const json_t *old, struct sr_fail *f)
{
	/* Counted up, the rest is loose stock; counted down, the lots
	 * follow. */
	if (!old || sr_json_int(row, "on_hand") >= sr_json_int(old, "on_hand"))
		return SR_OK;
	return sr_stock_settle(tx, sr_json_int(old, "id"),
			       sr_json_int(row, "on_hand"), f);
}

enum sr_err sr_lot_after_write(struct sr_tx *tx, const json_t *row,
			       const json_t *old, struct sr_fail *f)
{
	json_t *material = NULL;
	enum sr_err err;

	/* Only a new lot raises stock (goods-in.c): below zero before, it
	 * covers what was taken beyond stock first. */
	if (!row || old)
		return SR_OK;
	err = sr_db_get(tx, sr_resource(SR_RES_MATERIAL),
			sr_json_int(row, "material_id"), &material, f);
	if (!err)
		err = sr_stock_settle(tx, sr_json_int(row, "material_id"),
				      sr_json_int(material, "on_hand"), f);
	json_decref(material);
	return err;
}
