/*
 * goods-in.c - what comes into the workshop: purchase lines in the units
 * a supplier sells, and lots of stock. Each rule runs inside the write
 * transaction of lib/records.c (resource.h).
 */
#include "compat.h"

#include "db.h"
#include "json.h"
#include "resource.h"
#include "smallrun/date.h"
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

enum sr_err sr_purchase_line_before_write(struct sr_tx *tx, json_t *row,
					  const json_t *old, int64_t now,
					  struct sr_fail *f)
{
	json_t *material = NULL;
	int64_t base = 0;
	enum sr_err err;

	(void)now;
	err = sr_get_ref(tx, SR_RES_MATERIAL, row, "material_id", &material, f);
	if (!err)
		err = to_base(tx, material, get_str(row, "unit"),
			      get_int(row, "quantity"), &base, f);
	json_decref(material);
	if (err)
		return err;
	if (old && get_int(old, "received_qty") > base)
		return sr_fail_set(f, SR_EINVAL, "below_received", "quantity",
				   "%" PRId64 " of this line have come "
				   "already; the line cannot be for less",
				   get_int(old, "received_qty"));
	json_object_set_new(row, "base_qty", json_integer(base));
	if (!old)
		json_object_set_new(row, "received_qty", json_integer(0));
	return SR_OK;
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

		sr_date_format(now / 86400, date);
		json_object_set_new(row, "received_on", json_string(date));
	}
	if (old && get_int(old, "material_id") != get_int(row, "material_id"))
		return sr_fail_set(f, SR_EINVAL, "read_only", "material_id",
				   "a lot keeps its material");
	if (old && get_int(old, "quantity") != get_int(row, "quantity"))
		return sr_fail_set(f, SR_EINVAL, "read_only", "quantity",
				   "how much came is kept as it came; record "
				   "a material use or a new lot instead");
	if (!old) {
		json_object_set(row, "remaining",
				json_object_get(row, "quantity"));
		/* Stock found or counted is stock on hand. */
		return sr_db_material_adjust(tx, get_int(row, "material_id"),
					     get_int(row, "quantity"), f);
	}
	return SR_OK;
}
