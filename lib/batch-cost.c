/*
 * batch-cost.c - what a batch really cost beside its estimate
 * (smallrun/batch-cost.h): its uses' costs (stock.c prices each use when
 * it is taken: its lot's share, or its material's price) and its tracked
 * time at the hourly rate, against the product's material cost of one and
 * its minutes, as the Numbers work them out.
 */
#include "compat.h"

#include "batch-cost-int.h"
#include "json.h"
#include "records-int.h"
#include "smallrun/batch-cost.h"
#include "smallrun/econ.h"

typedef __int128 i128;

/* A figure is given while it fits a price (resource.c's MONEY_MAX). */
static struct sr_cost_figure fig(i128 v)
{
	i128 max = sr_field_max(SR_RES_PRODUCT, "price");
	bool ok = v >= -max && v <= max;

	return (struct sr_cost_figure){ok ? (int64_t)v : 0, ok};
}

/* a / b rounded half away from zero, where a is known and b > 0. */
static struct sr_cost_figure per(struct sr_cost_figure a, int64_t b)
{
	if (!a.known || b <= 0)
		return (struct sr_cost_figure){0, false};
	return fig(sr_econ_muldiv(a.v, 1, b));
}

static struct sr_cost_figure sum(struct sr_cost_figure a,
				 struct sr_cost_figure b)
{
	if (!a.known || !b.known)
		return (struct sr_cost_figure){0, false};
	return fig((i128)a.v + b.v);
}

static json_t *fig_json(struct sr_cost_figure v)
{
	return v.known ? json_integer(v.v) : json_null();
}

/* The costs of batch, of product, at rate pence an hour. */
static enum sr_err costs_of(struct sr_tx *tx, const json_t *batch,
			    const json_t *product, int64_t rate,
			    struct sr_batch_costs *c, struct sr_fail *f)
{
	json_t *uses = NULL;
	int64_t minutes, unit;
	i128 materials = 0;
	enum sr_err err;

	memset(c, 0, sizeof(*c));
	c->made = sr_json_int(batch, "made_qty");
	c->sellable = c->made - sr_json_int(batch, "rejected_qty");
	c->tracked_minutes = sr_json_int(batch, "tracked_minutes");
	err = sr_db_list_by(tx, sr_resource(SR_RES_BATCH_MATERIAL), "batch_id",
			    sr_json_int(batch, "id"), &uses, f);
	if (err)
		return err;
	/* The estimate as the Numbers make it: the material cost of one
	 * times the units, set-up and minutes at the rate, one rounding. */
	unit = sr_product_material_cost(product, &c->from_recipe);
	c->est_materials = fig((i128)unit * c->made);
	minutes = sr_json_int(product, "setup_minutes") +
		  sr_json_int(product, "minutes_per_unit") * c->made;
	c->est_labour = fig(sr_econ_muldiv(minutes, rate, 60));
	c->est_total = sum(c->est_materials, c->est_labour);
	c->est_per = per(c->est_total, c->made);
	/* What it took: its uses at their prices, and the time tracked. */
	for (size_t i = 0; i < json_array_size(uses); i++) {
		const json_t *u = json_array_get(uses, i);

		c->uses++;
		if (json_is_integer(json_object_get(u, "cost")))
			materials += sr_json_int(u, "cost");
		else
			c->uses_without_cost++;
	}
	c->act_materials = fig(materials);
	c->act_labour = fig(sr_econ_muldiv(c->tracked_minutes, rate, 60));
	c->act_total = sum(c->act_materials, c->act_labour);
	c->act_per = per(c->act_total, c->sellable);
	json_decref(uses);
	return SR_OK;
}

/* The workshop's hourly rate (*rate). */
static enum sr_err rate_of(struct sr_tx *tx, int64_t *rate, struct sr_fail *f)
{
	json_t *settings = NULL;
	enum sr_err err =
		sr_db_get(tx, sr_resource(SR_RES_SETTINGS), 1, &settings, f);

	*rate = err ? 0 : sr_json_int(settings, "hourly_rate");
	json_decref(settings);
	return err;
}

enum sr_err sr_batch_costs(struct sr_tx *tx, const json_t *batch,
			   struct sr_batch_costs *c, struct sr_fail *f)
{
	json_t *product = NULL;
	int64_t rate = 0;
	enum sr_err err =
		sr_db_get(tx, sr_resource(SR_RES_PRODUCT),
			  sr_json_int(batch, "product_id"), &product, f);

	if (!err)
		err = rate_of(tx, &rate, f);
	if (!err)
		err = costs_of(tx, batch, product, rate, c, f);
	json_decref(product);
	return err;
}

enum sr_err sr_batch_costs_recent(struct sr_tx *tx, const json_t *product,
				  int64_t rate, json_t **out, struct sr_fail *f)
{
	const struct sr_resource *res = sr_resource(SR_RES_BATCH);
	json_t *values[SR_MAX_FILTERS] = {NULL}, *rows = NULL;
	struct sr_cost_figure materials = {0, true}, labour = {0, true};
	struct sr_cost_figure total, estimate = {0, true};
	int64_t made = 0, sellable = 0, n = 0, no_cost = 0, total_rows = 0;
	enum sr_err err = SR_OK;

	*out = NULL;
	/* The filters product_id and status, in resource.c's order. */
	values[0] = json_integer(sr_json_int(product, "id"));
	values[1] = json_string("done");
	if (!values[0] || !values[1])
		err = sr_fail_oom(f);
	if (!err)
		err = sr_db_list(tx, res, values, SR_BATCH_COSTS_RECENT, 0,
				 &rows, &total_rows, f);
	for (size_t i = 0; !err && i < json_array_size(rows); i++) {
		const json_t *b = json_array_get(rows, i);
		struct sr_batch_costs c;

		if (sr_json_int(b, "made_qty") <= 0)
			continue;
		err = costs_of(tx, b, product, rate, &c, f);
		if (err)
			break;
		n++;
		made += c.made;
		sellable += c.sellable;
		no_cost += c.uses_without_cost;
		materials = sum(materials, c.act_materials);
		labour = sum(labour, c.act_labour);
		estimate = sum(estimate, c.est_total);
	}
	total = sum(materials, labour);
	if (!err) {
		*out = json_pack(
			"{sI sI sI so so so so sI}", "batches", (json_int_t)n,
			"made", (json_int_t)made, "sellable",
			(json_int_t)sellable, "materials",
			fig_json(n ? materials
				   : (struct sr_cost_figure){0, false}),
			"labour",
			fig_json(n ? labour
				   : (struct sr_cost_figure){0, false}),
			"per_unit", fig_json(per(total, sellable)),
			"estimate_per_unit", fig_json(per(estimate, made)),
			"uses_without_cost", (json_int_t)no_cost);
		if (!*out)
			err = sr_fail_oom(f);
	}
	json_decref(values[0]);
	json_decref(values[1]);
	json_decref(rows);
	return err;
}

/* What c leaves out, in words, pushed onto notes. */
static void notes_of(const struct sr_batch_costs *c, json_t *notes, bool *oom)
{
	char msg[300];

	if (c->uses_without_cost > 0) {
		snprintf(msg, sizeof(msg),
			 "%" PRId64 " of its %" PRId64 " material use%s ha%s "
			 "no cost (no lot, and no price for the material), so "
			 "the real material cost leaves %s out",
			 c->uses_without_cost, c->uses, c->uses == 1 ? "" : "s",
			 c->uses_without_cost == 1 ? "s" : "ve",
			 c->uses_without_cost == 1 ? "it" : "them");
		sr_json_push(notes, json_string(msg), oom);
	}
	if (c->uses == 0)
		sr_json_push(notes,
			     json_string("No material use is recorded for it, "
					 "so its real material cost is 0"),
			     oom);
	if (c->tracked_minutes == 0)
		sr_json_push(
			notes,
			json_string("No time is tracked on it, so its real "
				    "labour is 0"),
			oom);
	if (c->sellable <= 0)
		sr_json_push(
			notes,
			json_string("None of it is sellable (nothing made, "
				    "or all rejected), so there is no real "
				    "cost of one"),
			oom);
	sr_json_push(notes,
		     json_string("Neither figure counts overheads; the "
				 "Numbers' cost of one adds them"),
		     oom);
}

static json_t *diff_json(struct sr_cost_figure a, struct sr_cost_figure b)
{
	struct sr_cost_figure d = a.known && b.known
					  ? fig((i128)a.v - b.v)
					  : (struct sr_cost_figure){0, false};

	return fig_json(d);
}

enum sr_err sr_batch_cost(sr_store *s, int64_t id, struct sr_buf *out,
			  struct sr_fail *f)
{
	struct sr_batch_costs c;
	struct sr_tx *tx = NULL;
	json_t *batch = NULL, *doc = NULL, *notes = json_array();
	bool oom = !notes;
	enum sr_err err = oom ? sr_fail_oom(f) : SR_OK;

	if (!err)
		err = sr_tx_begin(s, false, &tx, f);
	if (!err)
		err = sr_db_get(tx, sr_resource(SR_RES_BATCH), id, &batch, f);
	if (!err)
		err = sr_batch_costs(tx, batch, &c, f);
	err = sr_tx_finish(tx, err, f);
	if (err)
		goto out;
	notes_of(&c, notes, &oom);
	doc = json_pack(
		"{sO sO sO sI sI"
		" s{so ss so so so}"
		" s{so sI sI so sI so so}"
		" s{so so} sO}",
		"batch_id", json_object_get(batch, "id"), "code",
		json_object_get(batch, "code"), "status",
		json_object_get(batch, "status"), "made", (json_int_t)c.made,
		"sellable", (json_int_t)c.sellable, "estimate", "materials",
		fig_json(c.est_materials), "materials_source",
		c.from_recipe ? "recipe" : "typed", "labour",
		fig_json(c.est_labour), "total", fig_json(c.est_total),
		"per_unit", fig_json(c.est_per), "actual", "materials",
		fig_json(c.act_materials), "uses", (json_int_t)c.uses,
		"uses_without_cost", (json_int_t)c.uses_without_cost, "labour",
		fig_json(c.act_labour), "tracked_minutes",
		(json_int_t)c.tracked_minutes, "total", fig_json(c.act_total),
		"per_unit", fig_json(c.act_per), "difference", "total",
		diff_json(c.act_total, c.est_total), "per_unit",
		diff_json(c.act_per, c.est_per), "notes", notes);
	err = !doc || oom ? sr_fail_oom(f) : sr_json_dump(doc, out, 0);
out:
	json_decref(batch);
	json_decref(doc);
	json_decref(notes);
	return err;
}
