/*
 * economics.c - gather a product's numbers from the store, run lib/econ.c
 * on them, and say it in JSON: costs, prices, a week's hours and profit,
 * the batch size and its limits, a cost curve, the verdict and warnings
 * with the numbers behind them.
 */
#include "compat.h"

#include "batch-cost-int.h"
#include "economics-int.h"
#include "json.h"
#include "records-int.h"
#include "smallrun/date.h"
#include "smallrun/econ.h"
#include "smallrun/economics.h"
#include "smallrun/parse.h"

#define DEMAND_DAYS 28

/* The workshop from the settings row and the store's totals. */
static enum sr_err load_workshop(struct sr_tx *tx, struct sr_econ_workshop *w,
				 json_t **settings, struct sr_fail *f)
{
	static const char *const days[] = {"hours.mon", "hours.tue",
					   "hours.wed", "hours.thu",
					   "hours.fri", "hours.sat",
					   "hours.sun"};
	struct sr_db_storage storage;
	enum sr_err err;

	memset(w, 0, sizeof(*w));
	err = sr_db_get(tx, sr_resource(SR_RES_SETTINGS), 1, settings, f);
	if (err)
		return err;
	w->hourly_rate = sr_json_int(*settings, "hourly_rate");
	w->overhead_per_hour = sr_json_int(*settings, "overhead_per_hour");
	w->markup_pct = sr_json_int(*settings, "markup_pct");
	w->wholesale_pct = sr_json_int(*settings, "wholesale_pct");
	w->retail_pct = sr_json_int(*settings, "retail_pct");
	w->holding_pct = sr_json_int(*settings, "holding_pct");
	w->storage_capacity = sr_json_int(*settings, "storage_capacity");
	for (size_t i = 0; i < SR_ARRAY_SIZE(days); i++) {
		int64_t m = sr_json_int(*settings, days[i]);

		w->week_minutes += m * sr_json_int(*settings, "workers");
		w->work_days += m > 0;
	}
	err = sr_db_storage(tx, &storage, f);
	/* Past what a number holds is more than any capacity. */
	w->storage_used = storage.fits ? storage.used : INT64_MAX;
	if (!err)
		err = sr_db_econ_queue(tx, &w->queue_minutes, f);
	return err;
}

/* A product's fields, tracked time and last four weeks of sales. */
static enum sr_err load_product(struct sr_tx *tx, const json_t *row,
				int64_t now, struct sr_econ_product *p,
				struct sr_fail *f)
{
	int64_t id = sr_json_int(row, "id");
	const char *mode = json_string_value(json_object_get(row, "mode"));
	char from[11], to[11];
	struct sr_db_tracked tracked;
	struct sr_db_sold sold;
	enum sr_err err;

	memset(p, 0, sizeof(*p));
	p->price = sr_json_int(row, "price");
	p->material_cost = sr_product_material_cost(row, NULL);
	p->minutes_per_unit = sr_json_int(row, "minutes_per_unit");
	p->setup_minutes = sr_json_int(row, "setup_minutes");
	p->max_batch = sr_json_int(row, "max_batch");
	p->shelf_life_days = sr_json_int(row, "shelf_life_days");
	p->storage_per_unit = sr_json_int(row, "storage_per_unit");
	p->job_mode = mode && strcmp(mode, "batch");
	p->batch_mode = mode && strcmp(mode, "job");
	err = sr_db_econ_tracked(tx, id, &tracked, f);
	p->tracked_minutes = tracked.minutes;
	p->tracked_units = tracked.units;
	p->tracked_runs = tracked.runs;
	/* Demand: the last four weeks of sales, today included (a sale
	 * recorded this morning counts), a week's share of them. */
	sr_date_format(now / 86400 - (DEMAND_DAYS - 1), from);
	sr_date_format(now / 86400 + 1, to);
	if (!err)
		err = sr_db_econ_sold(tx, id, from, to, &sold, f);
	if (!err)
		p->weekly_demand = sold.ever > 0
					   ? sr_econ_muldiv(sold.units, 7,
							    DEMAND_DAYS)
					   : -1;
	return err;
}

/* Is figure f given: neither too large nor waiting for a price? */
static bool shown(const struct sr_econ_result *r, enum sr_econ_figure f)
{
	return !((r->too_large | r->unpriced) & (UINT32_C(1) << f));
}

/* A figure, or null when it is too large to give or needs a price. */
static json_t *figure(const struct sr_econ_result *r, enum sr_econ_figure f,
		      int64_t v)
{
	return shown(r, f) ? json_integer(v) : json_null();
}

/* A count for a sentence, or words saying it is too large to show. (No
 * count needs a price.) */
static const char *count_text(const struct sr_econ_result *r,
			      enum sr_econ_figure f, int64_t v, char *out,
			      size_t size)
{
	if (shown(r, f))
		snprintf(out, size, "%" PRId64, v);
	else
		snprintf(out, size, "a number too large to show");
	return out;
}

/* Warning w for the figures named in fields (stolen), which it leaves
 * out: they are named as in the JSON, after lead in its detail, and as
 * "fields". */
static json_t *left_out_json(enum sr_econ_warning w, const char *lead,
			     json_t *fields)
{
	char detail[1024];
	size_t len = (size_t)snprintf(detail, sizeof(detail), "%s", lead);

	/* All the names together are under 800 bytes. */
	for (size_t i = 0; i < json_array_size(fields) && len < sizeof(detail);
	     i++)
		len += (size_t)snprintf(
			detail + len, sizeof(detail) - len, "%s %s",
			i ? "," : "",
			json_string_value(json_array_get(fields, i)));
	return json_pack("{ssssssso}", "code", sr_econ_warnings[w].code, "text",
			 sr_econ_warnings[w].text, "detail", detail, "fields",
			 fields);
}

static json_t *too_large_json(json_t *fields)
{
	return left_out_json(SR_EW_TOO_LARGE, "too large to show:", fields);
}

/* The names of the figures in mask (1 << enum sr_econ_figure). */
static json_t *figure_fields(uint32_t mask, bool *no_mem)
{
	json_t *fields = json_array();

	for (int i = 0; i < SR_EF__MAX; i++)
		if (mask & (UINT32_C(1) << i))
			sr_json_push(fields,
				     json_string(sr_econ_figure_names[i]),
				     no_mem);
	return fields;
}

/* The warnings, each with a sentence of the numbers behind it. */
static json_t *warnings_json(const struct sr_econ_product *p,
			     const struct sr_econ_workshop *w,
			     const struct sr_econ_result *r, bool *no_mem)
{
	json_t *arr = json_array();

	for (int i = 0; i < SR_EW__MAX; i++) {
		char a[32], b[32], detail[256] = "";

		if (!(r->warnings & (1u << i)))
			continue;
		switch ((enum sr_econ_warning)i) {
		case SR_EW_NO_PRICE:
			sr_json_push(arr,
				     left_out_json(SR_EW_NO_PRICE,
						   "the price is 0.00; set a "
						   "price to see:",
						   figure_fields(r->unpriced,
								 no_mem)),
				     no_mem);
			continue;
		case SR_EW_BELOW_FLOOR:
			sr_money_format(p->price, a);
			sr_money_format(r->price_floor, b);
			if (shown(r, SR_EF_PRICE_FLOOR))
				snprintf(detail, sizeof(detail),
					 "price %s is below the floor of %s; "
					 "raise it to at least %s",
					 a, b, b);
			else
				snprintf(detail, sizeof(detail),
					 "price %s is below the floor, which "
					 "is too large to show",
					 a);
			break;
		case SR_EW_UNSOLD_STOCK:
			count_text(r, SR_EF_BATCH_SIZE, r->batch_size, a,
				   sizeof(a));
			count_text(r, SR_EF_CAP + SR_CAP_SHELF,
				   r->caps[SR_CAP_SHELF], b, sizeof(b));
			snprintf(detail, sizeof(detail),
				 "a batch of %s but only about %s sell within "
				 "%" PRId64
				 " days; make batches of %s or fewer",
				 a, b, p->shelf_life_days, b);
			break;
		case SR_EW_NO_TRACKING:
			snprintf(detail, sizeof(detail),
				 "costs use your estimate of %" PRId64
				 " minutes a unit; time a few and finish them",
				 p->minutes_per_unit);
			break;
		case SR_EW_NO_MINUTES:
			snprintf(detail, sizeof(detail),
				 "minutes_per_unit is 0 and no time is "
				 "tracked; set the minutes to make one, or "
				 "time a few and finish them");
			break;
		case SR_EW_ESTIMATE_OFF:
			snprintf(detail, sizeof(detail),
				 "tracked %s minutes a unit against an "
				 "estimate of %" PRId64,
				 count_text(r, SR_EF_MINUTES_PER_UNIT,
					    r->minutes_per_unit, a, sizeof(a)),
				 p->minutes_per_unit);
			break;
		case SR_EW_STORAGE_FULL:
			snprintf(detail, sizeof(detail),
				 "%" PRId64 " of %" PRId64 " storage units "
				 "used; sell down before the next batch",
				 w->storage_used, w->storage_capacity);
			break;
		case SR_EW_NO_CLEANING:
			snprintf(detail, sizeof(detail),
				 "setup_minutes is 0; allow time to clean and "
				 "reset between custom and batch work");
			break;
		case SR_EW_OVER_CAPACITY:
			count_text(r, SR_EF_DEMAND, p->weekly_demand, a,
				   sizeof(a));
			if (shown(r, SR_EF_MINUTES_NEEDED_BATCH))
				snprintf(b, sizeof(b), "%" PRId64,
					 r->minutes_needed_batch);
			else
				snprintf(b, sizeof(b), "more");
			snprintf(detail, sizeof(detail),
				 "%s units a week need %s minutes even in "
				 "batches; the week has %" PRId64,
				 a, b, w->week_minutes);
			break;
		case SR_EW_WHOLESALE_ABOVE_RETAIL:
			/* Raised only on figures worked out, so both show. */
			sr_money_format(r->price_wholesale, a);
			sr_money_format(r->price_retail, b);
			snprintf(detail, sizeof(detail),
				 "suggested wholesale %s is above the suggested "
				 "retail %s: retail_pct is %" PRId64
				 " %%; set it to 100 or more",
				 a, b, w->retail_pct);
			break;
		case SR_EW_TOO_LARGE:
			sr_json_push(arr,
				     too_large_json(figure_fields(r->too_large,
								  no_mem)),
				     no_mem);
			continue;
		case SR_EW__MAX:
			break;
		}
		sr_json_push(arr,
			     json_pack("{ssssss}", "code",
				       sr_econ_warnings[i].code, "text",
				       sr_econ_warnings[i].text, "detail",
				       detail),
			     no_mem);
	}
	return arr;
}

/* Unit cost against batch size, for the chart: 1, 2, 5, 10 … to 2× rec.
 * A size or cost too large to give ends the curve or shows null. */
static json_t *curve_json(const struct sr_econ_workshop *w,
			  const struct sr_econ_product *p,
			  const struct sr_econ_result *r, bool *no_mem)
{
	static const int64_t steps[] = {1, 2, 5};
	json_t *arr = json_array();
	int64_t top = SR_ECON_FIGURE_MAX;

	if (shown(r, SR_EF_RECOMMENDED) &&
	    r->recommended <= SR_ECON_FIGURE_MAX / 2)
		top = r->recommended * 2 > 10 ? r->recommended * 2 : 10;
	for (int64_t base = 1; base <= top; base *= 10)
		for (size_t i = 0; i < SR_ARRAY_SIZE(steps); i++) {
			int64_t n = base * steps[i], cost;
			bool fits;

			if (n > top)
				break;
			fits = sr_econ_unit_cost(w, p, r->minutes_per_unit, n,
						 &cost);
			sr_json_push(arr,
				     json_pack("{sIso}", "size", (json_int_t)n,
					       "unit_cost",
					       fits ? json_integer(cost)
						    : json_null()),
				     no_mem);
		}
	return arr;
}

/* A borrowed member as a new reference, null when it is missing. */
static json_t *member(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return v ? json_incref(v) : json_null();
}

static json_t *nullable(int64_t v)
{
	return v < 0 ? json_null() : json_integer(v);
}

/* Where each figure is in the result (the demand and the caps apart). */
static const size_t figure_at[SR_EF_CAP] = {
#define AT(ef, field) [ef] = offsetof(struct sr_econ_result, field)
	AT(SR_EF_MINUTES_PER_UNIT, minutes_per_unit),
	AT(SR_EF_UNIT_COST_JOB, unit_cost_job),
	AT(SR_EF_UNIT_COST_BATCH, unit_cost_batch),
	AT(SR_EF_BATCH_SIZE, batch_size),
	AT(SR_EF_PRICE_FLOOR, price_floor),
	AT(SR_EF_MARGIN, margin),
	AT(SR_EF_MARGIN_BP, margin_bp),
	AT(SR_EF_PRICE_COST_PLUS, price_cost_plus),
	AT(SR_EF_PRICE_WHOLESALE, price_wholesale),
	AT(SR_EF_PRICE_RETAIL, price_retail),
	AT(SR_EF_EARNED_PER_HOUR, earned_per_hour),
	AT(SR_EF_UNITS_CAPACITY_JOB, units_capacity_job),
	AT(SR_EF_UNITS_CAPACITY_BATCH, units_capacity_batch),
	AT(SR_EF_MINUTES_NEEDED_JOB, minutes_needed_job),
	AT(SR_EF_MINUTES_NEEDED_BATCH, minutes_needed_batch),
	AT(SR_EF_PROFIT_WEEK_JOB, profit_week_job),
	AT(SR_EF_PROFIT_WEEK_BATCH, profit_week_batch),
	AT(SR_EF_LEAD_DAYS, lead_days),
	AT(SR_EF_EPQ, epq),
	AT(SR_EF_RECOMMENDED, recommended),
#undef AT
};

/* Put v at path ("unit_cost.job": one level of nesting) in o. */
static void put_at(json_t *o, const char *path, json_t *v, bool *no_mem)
{
	const char *dot = strchr(path, '.');
	json_t *inner;
	char outer[32];

	if (!dot) {
		sr_json_put(o, path, v, no_mem);
		return;
	}
	snprintf(outer, sizeof(outer), "%.*s", (int)(dot - path), path);
	inner = json_object_get(o, outer);
	if (!inner) {
		inner = json_object();
		sr_json_put(o, outer, inner, no_mem);
	}
	if (inner)
		sr_json_put(inner, dot + 1, v, no_mem);
	else
		json_decref(v);
}

static json_t *product_json(const json_t *row, const struct sr_econ_workshop *w,
			    const struct sr_econ_product *p,
			    const struct sr_econ_result *r,
			    const char *demand_source, bool *no_mem)
{
	json_t *o = json_object(), *caps = json_object();

	for (int c = 0; c < SR_CAP__MAX; c++)
		sr_json_put(caps, sr_econ_cap_names[c],
			    shown(r, SR_EF_CAP + c) ? nullable(r->caps[c])
						    : json_null(),
			    no_mem);
	sr_json_put(o, "product_id", member(row, "id"), no_mem);
	sr_json_put(o, "name", member(row, "name"), no_mem);
	sr_json_put(o, "mode", member(row, "mode"), no_mem);
	sr_json_put(o, "retired", member(row, "retired"), no_mem);
	sr_json_put(o, "price", json_integer(p->price), no_mem);
	sr_json_put(o, "material_cost", json_integer(p->material_cost), no_mem);
	sr_json_put(o, "material_cost_source",
		    member(row, "material_cost_source"), no_mem);
	sr_json_put(o, "time_source",
		    json_string(r->tracked ? "tracked" : "estimate"), no_mem);
	sr_json_put(o, "week",
		    json_pack("{sosssI}", "demand",
			      shown(r, SR_EF_DEMAND)
				      ? nullable(p->weekly_demand)
				      : json_null(),
			      "demand_source", demand_source,
			      "minutes_available",
			      (json_int_t)w->week_minutes),
		    no_mem);
	sr_json_put(o, "batch",
		    json_pack("{ssso}", "bound_by",
			      sr_econ_cap_names[r->bound_by], "caps", caps),
		    no_mem);
	/* Every figure at its name, or null when it is too large to give. */
	for (int e = SR_EF_MINUTES_PER_UNIT; e < SR_EF_CAP; e++) {
		int64_t v;

		memcpy(&v, (const char *)r + figure_at[e], sizeof(v));
		put_at(o, sr_econ_figure_names[e],
		       figure(r, (enum sr_econ_figure)e, v), no_mem);
	}
	sr_json_put(o, "cost_curve", curve_json(w, p, r, no_mem), no_mem);
	sr_json_put(o, "verdict",
		    json_pack("{ssss}", "best", sr_productions[r->best].id,
			      "why", r->why),
		    no_mem);
	sr_json_put(o, "warnings", warnings_json(p, w, r, no_mem), no_mem);
	return o;
}

/* What the products add up to for the workshop summary. A sum is "big"
 * once a part of it, or the sum, is too large to give; unpriced counts the
 * products with demand and no price, whose profit is not known. */
struct tally {
	int counts[SR_PROD__MAX];
	int64_t minutes, profit;
	bool minutes_big, profit_big;
	int unpriced;
};

static void tally_add(int64_t *sum, bool *big, bool part_shown, int64_t v)
{
	if (!part_shown || __builtin_add_overflow(*sum, v, sum) ||
	    *sum > SR_ECON_FIGURE_MAX || *sum < -SR_ECON_FIGURE_MAX)
		*big = true;
}

/* One product's JSON, inside tx, and what it adds to t. */
static enum sr_err one(struct sr_tx *tx, const json_t *row,
		       const struct sr_econ_workshop *w, int64_t now,
		       json_t **out, struct tally *t, struct sr_fail *f)
{
	struct sr_econ_product p;
	struct sr_econ_result r;
	bool no_mem = false, job;
	enum sr_err err;

	err = load_product(tx, row, now, &p, f);
	if (err)
		return err;
	sr_econ_product(w, &p, &r);
	*out = product_json(row, w, &p, &r,
			    p.weekly_demand < 0 ? "unknown" : "sales", &no_mem);
	/* Beside the estimate, what its recent batches really cost. */
	if (p.batch_mode) {
		json_t *real = NULL;

		err = sr_batch_costs_recent(tx, row, w->hourly_rate, &real, f);
		if (err) {
			json_decref(*out);
			*out = NULL;
			return err;
		}
		sr_json_put(*out, "real_cost", real, &no_mem);
	}
	/* Only products whose demand is known count; to the verdict, only
	 * those whose verdict does not wait for a price. */
	if (p.weekly_demand > 0) {
		job = r.best == SR_PROD_JOB;
		if (!r.needs_price)
			t->counts[r.best]++;
		tally_add(&t->minutes, &t->minutes_big,
			  shown(&r, job ? SR_EF_MINUTES_NEEDED_JOB
					: SR_EF_MINUTES_NEEDED_BATCH),
			  job ? r.minutes_needed_job : r.minutes_needed_batch);
		if (r.unpriced)
			t->unpriced++;
		else
			tally_add(&t->profit, &t->profit_big,
				  shown(&r, job ? SR_EF_PROFIT_WEEK_JOB
						: SR_EF_PROFIT_WEEK_BATCH),
				  job ? r.profit_week_job
				      : r.profit_week_batch);
	}
	return no_mem ? sr_fail_oom(f) : SR_OK;
}

enum sr_err sr_economics_product(sr_store *s, int64_t product_id,
				 int64_t now, struct sr_buf *out,
				 struct sr_fail *f)
{
	struct sr_econ_workshop w;
	struct sr_tx *tx = NULL;
	json_t *settings = NULL, *row = NULL, *doc = NULL;
	struct tally t = {0};
	enum sr_err err;

	err = sr_tx_begin(s, false, &tx, f);
	if (!err)
		err = load_workshop(tx, &w, &settings, f);
	if (!err)
		err = sr_db_get(tx, sr_resource(SR_RES_PRODUCT), product_id,
				   &row, f);
	if (!err)
		err = one(tx, row, &w, now, &doc, &t, f);
	err = sr_tx_finish(tx, err, f);
	if (!err)
		err = sr_json_dump(doc, out, 0);
	json_decref(settings);
	json_decref(row);
	json_decref(doc);
	return err;
}

enum sr_err sr_economics_cost_of_one(struct sr_tx *tx, int64_t product_id,
				     int64_t now, int64_t *cost, bool *known,
				     struct sr_fail *f)
{
	struct sr_econ_workshop w;
	struct sr_econ_product p;
	struct sr_econ_result r;
	json_t *settings = NULL, *row = NULL;
	enum sr_err err;

	*cost = 0;
	*known = false;
	err = load_workshop(tx, &w, &settings, f);
	if (!err)
		err = sr_db_get(tx, sr_resource(SR_RES_PRODUCT), product_id,
				&row, f);
	if (!err)
		err = load_product(tx, row, now, &p, f);
	if (!err) {
		sr_econ_product(&w, &p, &r);
		*known = shown(&r, SR_EF_PRICE_FLOOR);
		*cost = *known ? r.price_floor : 0;
	}
	json_decref(settings);
	json_decref(row);
	return err;
}

/* The workshop verdict from the products' and the questionnaire's. */
static json_t *summary_json(const json_t *settings,
			    const struct sr_econ_workshop *w,
			    const struct tally *t, bool *no_mem)
{
	const char *advised = json_string_value(json_object_get(settings,
								 "advised"));
	const int *counts = t->counts;
	bool counted = counts[SR_PROD_JOB] + counts[SR_PROD_BATCH] +
		       counts[SR_PROD_MIXED];
	json_t *o = json_object(), *warnings = json_array(),
	       *big = json_array();
	enum sr_production verdict;
	char why[400];
	bool agrees;

	if (!counted) {
		verdict = SR_PROD_JOB;
		agrees = true;
		snprintf(why, sizeof(why),
			 "No product has sales in the last %d days (today "
			 "included), which is what these numbers use, so "
			 "they cannot judge yet; record sales and time, then "
			 "look again.",
			 DEMAND_DAYS);
	} else {
		if (counts[SR_PROD_MIXED] ||
		    (counts[SR_PROD_JOB] && counts[SR_PROD_BATCH]))
			verdict = SR_PROD_MIXED;
		else
			verdict = counts[SR_PROD_BATCH] ? SR_PROD_BATCH
							: SR_PROD_JOB;
		agrees = !advised ||
			 !strcmp(advised, sr_productions[verdict].id);
		if (!advised)
			snprintf(why, sizeof(why),
				 "The numbers point to %s. Answer the five "
				 "questions to set it beside the "
				 "questionnaire.",
				 sr_productions[verdict].title);
		else if (agrees)
			snprintf(why, sizeof(why),
				 "The questionnaire and the numbers agree: "
				 "%s.",
				 sr_productions[verdict].title);
		else
			snprintf(why, sizeof(why),
				 "The questionnaire said %s, but the numbers "
				 "point to %s: %d product%s pay%s best made to "
				 "order, %d in batches, %d either way. Trust "
				 "the numbers once they rest on tracked time "
				 "and real sales.",
				 advised, sr_productions[verdict].id,
				 counts[SR_PROD_JOB],
				 counts[SR_PROD_JOB] == 1 ? "" : "s",
				 counts[SR_PROD_JOB] == 1 ? "s" : "",
				 counts[SR_PROD_BATCH], counts[SR_PROD_MIXED]);
	}
	sr_json_put(o, "minutes_available", json_integer(w->week_minutes),
		    no_mem);
	sr_json_put(o, "minutes_needed",
		    t->minutes_big ? json_null() : json_integer(t->minutes),
		    no_mem);
	sr_json_put(o, "profit_week",
		    t->profit_big || t->unpriced ? json_null()
						 : json_integer(t->profit),
		    no_mem);
	sr_json_put(o, "queue_minutes",
		    w->queue_minutes > SR_ECON_FIGURE_MAX
			    ? json_null()
			    : json_integer(w->queue_minutes),
		    no_mem);
	sr_json_put(o, "advised", advised ? json_string(advised) : json_null(),
		    no_mem);
	sr_json_put(o, "verdict",
		    counted ? json_string(sr_productions[verdict].id)
			    : json_null(),
		    no_mem);
	sr_json_put(o, "agrees", json_boolean(agrees), no_mem);
	sr_json_put(o, "why", json_string(why), no_mem);
	if (t->minutes_big)
		sr_json_push(big, json_string("workshop.minutes_needed"),
			     no_mem);
	if (t->profit_big && !t->unpriced)
		sr_json_push(big, json_string("workshop.profit_week"), no_mem);
	if (w->queue_minutes > SR_ECON_FIGURE_MAX)
		sr_json_push(big, json_string("workshop.queue_minutes"),
			     no_mem);
	if (json_array_size(big))
		sr_json_push(warnings, too_large_json(json_incref(big)),
			     no_mem);
	json_decref(big);
	/* A week's profit without the price of what sold is not known. */
	if (t->unpriced) {
		char lead[160];

		snprintf(lead, sizeof(lead),
			 "%d product%s that sold in the last %d days ha%s no "
			 "price yet, so it is not known:",
			 t->unpriced, t->unpriced == 1 ? "" : "s", DEMAND_DAYS,
			 t->unpriced == 1 ? "s" : "ve");
		big = json_array();
		sr_json_push(big, json_string("workshop.profit_week"), no_mem);
		sr_json_push(warnings, left_out_json(SR_EW_NO_PRICE, lead, big),
			     no_mem);
	}
	sr_json_put(o, "warnings", warnings, no_mem);
	return o;
}

/* How many products a page's warning names in its detail. */
#define GROUP_NAMES 5

/* The warning with this code, as an enum; SR_EW__MAX when none. */
static enum sr_econ_warning warning_of(const char *code)
{
	int i;

	for (i = 0; i < SR_EW__MAX && code; i++)
		if (!strcmp(sr_econ_warnings[i].code, code))
			break;
	return code ? (enum sr_econ_warning)i : SR_EW__MAX;
}

/*
 * One page-level warning: what products (an array of {product_id, name})
 * share warning w; first is the first one's own warning. One product is
 * said in its own words; more, as how many, what they have in common, the
 * first few by name and what to do.
 */
static json_t *group_json(enum sr_econ_warning w, json_t *products,
			  const json_t *first, bool *no_mem)
{
	size_t n = json_array_size(products);
	struct sr_buf text = SR_BUF_INIT(256), detail = SR_BUF_INIT(4096);
	json_t *o = NULL;

	if (n == 1) {
		sr_buf_adds(&text, sr_econ_warnings[w].text);
		sr_buf_addf(
			&detail, "%s: %s",
			json_string_value(json_object_get(
				json_array_get(products, 0), "name")),
			json_string_value(json_object_get(first, "detail")));
	} else {
		sr_buf_addf(&text, "%zu products %s.", n,
			    sr_econ_warnings[w].many);
		sr_buf_addf(&detail, "%zu products %s: ", n,
			    sr_econ_warnings[w].many);
		for (size_t i = 0; i < n && i < GROUP_NAMES; i++)
			sr_buf_addf(
				&detail, "%s%s",
				i == 0			       ? ""
				: i + 1 < n || n > GROUP_NAMES ? ", "
							       : " and ",
				json_string_value(json_object_get(
					json_array_get(products, i), "name")));
		if (n > GROUP_NAMES)
			sr_buf_addf(&detail, " and %zu more", n - GROUP_NAMES);
		sr_buf_addf(&detail, "; %s", sr_econ_warnings[w].todo);
	}
	/* A name is at most 255 bytes: GROUP_NAMES of them fit. */
	if (!text.err && !detail.err)
		o = json_pack("{sssssssIsO}", "code", sr_econ_warnings[w].code,
			      "text", text.data, "detail", detail.data, "count",
			      (json_int_t)n, "products", products);
	if (!o)
		*no_mem = true;
	sr_buf_release(&text);
	sr_buf_release(&detail);
	return o;
}

/* The page's warnings from the products' JSON: one per code any has, in
 * the order of sr_econ_warnings, naming every product that has it. */
static json_t *groups_json(const json_t *list, bool *no_mem)
{
	json_t *members[SR_EW__MAX] = {NULL}, *arr = json_array();
	const json_t *first[SR_EW__MAX] = {NULL}, *p, *w;
	size_t i, j;

	json_array_foreach(list, i, p)
	{
		json_array_foreach(json_object_get(p, "warnings"), j, w)
		{
			enum sr_econ_warning k = warning_of(
				json_string_value(json_object_get(w, "code")));

			if (k == SR_EW__MAX)
				continue;
			if (!members[k]) {
				members[k] = json_array();
				first[k] = w;
			}
			sr_json_push(members[k],
				     json_pack("{sOsO}", "product_id",
					       json_object_get(p, "product_id"),
					       "name",
					       json_object_get(p, "name")),
				     no_mem);
		}
	}
	for (int k = 0; k < SR_EW__MAX; k++) {
		if (members[k])
			sr_json_push(arr,
				     group_json((enum sr_econ_warning)k,
						members[k], first[k], no_mem),
				     no_mem);
		json_decref(members[k]);
	}
	return arr;
}

enum sr_err sr_economics_all(sr_store *s, int64_t now, unsigned flags,
			     struct sr_buf *out, struct sr_fail *f)
{
	const struct sr_resource *res = sr_resource(SR_RES_PRODUCT);
	json_t *values[SR_MAX_FILTERS] = {NULL};
	json_t *settings = NULL, *rows = NULL, *list = json_array(), *doc = NULL;
	struct sr_econ_workshop w;
	struct sr_tx *tx = NULL;
	struct tally t = {0};
	int64_t total = 0;
	bool no_mem = !list;
	enum sr_err err;

	/* As a list: retired products left out unless asked. */
	err = flags & SR_ECONOMICS_RETIRED
		      ? SR_OK
		      : sr_rec_list_default(res, values, f);
	if (!err)
		err = sr_tx_begin(s, false, &tx, f);
	if (!err)
		err = load_workshop(tx, &w, &settings, f);
	if (!err)
		err = sr_db_list(tx, res, values, SR_LIST_MAX, 0, &rows,
				    &total, f);
	for (size_t i = 0; !err && i < json_array_size(rows); i++) {
		json_t *o = NULL;

		err = one(tx, json_array_get(rows, i), &w, now, &o, &t, f);
		if (err)
			break;
		sr_json_push(list, o, &no_mem);
	}
	err = sr_tx_finish(tx, err, f);
	if (!err) {
		doc = json_object();
		no_mem |= !doc;
		sr_json_put(doc, "products", json_incref(list), &no_mem);
		sr_json_put(doc, "workshop",
			    summary_json(settings, &w, &t, &no_mem), &no_mem);
		sr_json_put(doc, "warnings", groups_json(list, &no_mem),
			    &no_mem);
		err = no_mem ? sr_fail_oom(f) : sr_json_dump(doc, out, 0);
	}
	json_decref(settings);
	json_decref(rows);
	json_decref(list);
	json_decref(doc);
	for (size_t k = 0; k < SR_ARRAY_SIZE(values); k++)
		json_decref(values[k]);
	return err;
}

/* What a what-if body may hold, checked like any resource field. */
static const struct sr_field what_if_fields[] = {
	{"product_id", NULL, SR_T_REF, 0, 1, INT64_MAX, NULL, SR_RES_PRODUCT,
	 NULL, NULL},
	{"price", NULL, SR_T_MONEY, 0, 0, INT64_C(100000000000), NULL, 0, NULL,
	 NULL},
	{"material_cost", NULL, SR_T_MONEY, 0, 0, INT64_C(100000000000), NULL,
	 0, NULL, NULL},
	{"minutes_per_unit", NULL, SR_T_INT, 0, 0, 10000000, NULL, 0, NULL,
	 NULL},
	{"setup_minutes", NULL, SR_T_INT, 0, 0, 10000000, NULL, 0, NULL, NULL},
	{"max_batch", NULL, SR_T_INT, 0, 0, 1000000000, NULL, 0, NULL, NULL},
	{"shelf_life_days", NULL, SR_T_INT, 0, 0, 36500, NULL, 0, NULL, NULL},
	{"storage_per_unit", NULL, SR_T_INT, 0, 0, 1000000000, NULL, 0, NULL,
	 NULL},
	{"batch_size", NULL, SR_T_INT, 0, 1, 1000000000, NULL, 0, NULL, NULL},
	{"weekly_demand", NULL, SR_T_INT, 0, 0, 1000000000, NULL, 0, NULL,
	 NULL},
	{"hourly_rate", NULL, SR_T_MONEY, 0, 0, INT64_C(100000000000), NULL, 0,
	 NULL, NULL},
	{"overhead_per_hour", NULL, SR_T_MONEY, 0, 0, INT64_C(100000000000),
	 NULL, 0, NULL, NULL},
};

enum sr_err sr_economics_what_if(sr_store *s, const char *body, size_t len,
				 int64_t now, struct sr_buf *out,
				 struct sr_fail *f)
{
	struct sr_econ_workshop w;
	struct sr_econ_product p;
	struct sr_econ_result r;
	struct sr_tx *tx = NULL;
	json_t *in, *settings = NULL, *row = NULL, *doc = NULL, *v;
	const char *key, *source = "unknown";
	bool no_mem = false;
	enum sr_err err = SR_OK;

	in = sr_json_parse_object(body, len, f);
	if (!in)
		return f ? f->err : SR_EINVAL;
	json_object_foreach(in, key, v) {
		const struct sr_field *fd = NULL;

		for (size_t i = 0; i < SR_ARRAY_SIZE(what_if_fields); i++)
			if (!strcmp(what_if_fields[i].name, key))
				fd = &what_if_fields[i];
		if (!fd) {
			err = sr_fail_set(f, SR_EINVAL, "unknown_field", NULL,
					  "a what-if has no field '%.40s'",
					  key);
			break;
		}
		err = sr_field_check(fd, v, f);
		if (err)
			break;
	}
	if (!err)
		err = sr_tx_begin(s, false, &tx, f);
	if (!err)
		err = load_workshop(tx, &w, &settings, f);
	if (!err && json_object_get(in, "product_id")) {
		err = sr_db_get(tx, sr_resource(SR_RES_PRODUCT),
				   sr_json_int(in, "product_id"), &row, f);
		if (err == SR_ENOTFOUND)
			err = sr_fail_set(f, SR_EINVAL, "unknown_reference",
					  "product_id",
					  "product_id: no product has id %" PRId64,
					  sr_json_int(in, "product_id"));
		if (!err)
			err = load_product(tx, row, now, &p, f);
		source = !err && p.weekly_demand >= 0 ? "sales" : "unknown";
	} else if (!err) {
		memset(&p, 0, sizeof(p));
		p.weekly_demand = -1;
		p.job_mode = p.batch_mode = true;
		/* No product: every figure is the what-if's own. */
		row = json_pack("{snssss}", "id", "name", "what-if",
				"material_cost_source", "what-if");
	}
	err = sr_tx_finish(tx, err, f);
	if (err)
		goto out;
#define TAKE(field, dst)                                          \
	if (json_object_get(in, field))                           \
	dst = sr_json_int(in, field)
	TAKE("price", p.price);
	TAKE("material_cost", p.material_cost);
	TAKE("minutes_per_unit", p.minutes_per_unit);
	TAKE("setup_minutes", p.setup_minutes);
	TAKE("max_batch", p.max_batch);
	TAKE("shelf_life_days", p.shelf_life_days);
	TAKE("storage_per_unit", p.storage_per_unit);
	TAKE("batch_size", p.batch_size);
	TAKE("hourly_rate", w.hourly_rate);
	TAKE("overhead_per_hour", w.overhead_per_hour);
#undef TAKE
	/* A material cost given here is the one the figures use. */
	if (json_object_get(in, "material_cost"))
		json_object_set_new(row, "material_cost_source",
				    json_string("what-if"));
	if (json_object_get(in, "weekly_demand")) {
		p.weekly_demand = sr_json_int(in, "weekly_demand");
		source = "what-if";
	}
	if (json_object_get(in, "minutes_per_unit"))
		p.tracked_units = 0; /* the figure given is the one to use */
	sr_econ_product(&w, &p, &r);
	doc = product_json(row, &w, &p, &r, source, &no_mem);
	err = no_mem ? sr_fail_oom(f) : sr_json_dump(doc, out, 0);
out:
	json_decref(in);
	json_decref(settings);
	json_decref(row);
	json_decref(doc);
	return err;
}
