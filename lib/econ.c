/*
 * econ.c - costs, prices, earnings and batch sizes for one product.
 *
 * Money is integer minor units; products of money and minutes are taken in
 * 128-bit arithmetic and divided once, rounding half away from zero, so no
 * penny is lost to intermediate rounding. The economic production quantity
 * is a count of units, not money, and is worked out in double.
 */
#include "compat.h"

#include <math.h>

#include "smallrun/econ.h"

const struct sr_econ_text sr_econ_warnings[SR_EW__MAX] = {
	[SR_EW_BELOW_FLOOR] = {"below_floor",
			       "The price is below the floor: it does not pay "
			       "for the materials and your hourly rate."},
	[SR_EW_UNSOLD_STOCK] = {"unsold_stock",
				"The batch is larger than what sells before "
				"it goes off: the rest is waste."},
	[SR_EW_NO_TRACKING] = {"no_tracking",
			       "No time is tracked for this product, so the "
			       "costs rest on your estimate."},
	[SR_EW_ESTIMATE_OFF] = {"estimate_off",
				"The time you tracked is more than 25% away "
				"from your estimate; update the estimate."},
	[SR_EW_STORAGE_FULL] = {"storage_full",
				"Storage is full or over: there is no room "
				"for another batch."},
	[SR_EW_NO_CLEANING] = {"no_cleaning_time",
			       "Made both to order and in batches, but no "
			       "setup time is allowed for cleaning and "
			       "resetting tools between the two."},
	[SR_EW_OVER_CAPACITY] = {"over_capacity",
				 "The demand needs more hours than the "
				 "workshop has in a week."},
};

const char *const sr_econ_cap_names[SR_CAP__MAX] = {
	[SR_CAP_EPQ] = "epq",
	[SR_CAP_EQUIPMENT] = "equipment",
	[SR_CAP_STORAGE] = "storage",
	[SR_CAP_SHELF] = "shelf_life",
	[SR_CAP_DEMAND] = "demand",
};

int64_t sr_econ_muldiv(int64_t a, int64_t b, int64_t c)
{
	__int128 n = (__int128)a * b, q, r;

	if (c <= 0)
		return 0;
	q = n / c;
	r = n % c;
	/* Half away from zero: |r| * 2 >= c moves q one further out. */
	if ((r < 0 ? -r : r) * 2 >= c)
		q += n < 0 ? -1 : 1;
	if (q > INT64_MAX)
		return INT64_MAX;
	if (q < INT64_MIN)
		return INT64_MIN;
	return (int64_t)q;
}

int64_t sr_econ_unit_cost(const struct sr_econ_workshop *w,
			  const struct sr_econ_product *p,
			  int64_t minutes_per_unit, int64_t n)
{
	int64_t rate = w->hourly_rate + w->overhead_per_hour;

	if (n < 1)
		n = 1;
	/* (minutes for n units + one setup) × rate / 60, shared by n. */
	return p->material_cost +
	       sr_econ_muldiv(minutes_per_unit * n + p->setup_minutes, rate,
			      60 * n);
}

/* ceil(a / b) for a >= 0, b > 0. */
static int64_t ceil_div(int64_t a, int64_t b)
{
	return b > 0 ? (a + b - 1) / b : 0;
}

static void batch_size(const struct sr_econ_workshop *w,
		       const struct sr_econ_product *p, int64_t minutes,
		       struct sr_econ_result *r)
{
	int64_t d = p->weekly_demand, best = -1;
	int64_t unit_variable = p->material_cost +
				sr_econ_muldiv(minutes, w->hourly_rate +
							       w->overhead_per_hour,
					       60);
	int64_t setup_cost = sr_econ_muldiv(
		p->setup_minutes, w->hourly_rate + w->overhead_per_hour, 60);

	for (int c = 0; c < SR_CAP__MAX; c++)
		r->caps[c] = -1;
	r->epq = 0;
	if (d > 0) {
		double annual = (double)d * 52.0;
		double hold = (double)unit_variable * (double)w->holding_pct /
			      100.0;
		/* d/p: the share of the week production takes. */
		double load = w->week_minutes > 0
				      ? (double)d * (double)minutes /
						(double)w->week_minutes
				      : 1.0;

		if (hold > 0 && setup_cost > 0 && load < 1.0)
			r->epq = (int64_t)llround(sqrt(
				2.0 * annual * (double)setup_cost /
				(hold * (1.0 - load))));
		r->caps[SR_CAP_DEMAND] = d * 52;
		if (p->shelf_life_days > 0)
			r->caps[SR_CAP_SHELF] =
				sr_econ_muldiv(d, p->shelf_life_days, 7);
	}
	if (r->epq > 0)
		r->caps[SR_CAP_EPQ] = r->epq;
	if (p->max_batch > 0)
		r->caps[SR_CAP_EQUIPMENT] = p->max_batch;
	if (w->storage_capacity > 0 && p->storage_per_unit > 0)
		r->caps[SR_CAP_STORAGE] =
			w->storage_used >= w->storage_capacity
				? 0
				: (w->storage_capacity - w->storage_used) /
					  p->storage_per_unit;
	/* The smallest limit that applies; the EPQ wins ties. */
	r->bound_by = SR_CAP_DEMAND;
	for (int c = 0; c < SR_CAP__MAX; c++) {
		if (r->caps[c] < 0 || (best >= 0 && r->caps[c] >= best))
			continue;
		best = r->caps[c];
		r->bound_by = (enum sr_econ_cap)c;
	}
	r->recommended = best > 0 ? best : 1;
}

void sr_econ_product(const struct sr_econ_workshop *w,
		     const struct sr_econ_product *p,
		     struct sr_econ_result *r)
{
	int64_t m, job_minutes, d = p->weekly_demand, made;
	int64_t sold_job, sold_batch, per_unit_job, per_unit_batch;

	memset(r, 0, sizeof(*r));
	r->tracked = p->tracked_units > 0 && p->tracked_minutes > 0;
	/* Minutes per unit: tracked time per unit made, rounded, less the
	 * setups it included (setup is costed on its own below). */
	if (r->tracked) {
		int64_t work = p->tracked_minutes -
			       p->setup_minutes * p->tracked_runs;

		m = sr_econ_muldiv(work > 0 ? work : 0, 1, p->tracked_units);
	} else {
		m = p->minutes_per_unit;
	}
	r->minutes_per_unit = m;
	job_minutes = m + p->setup_minutes; /* each piece set up alone */

	r->unit_cost_job = sr_econ_unit_cost(w, p, m, 1);
	batch_size(w, p, m, r);
	r->batch_size = p->batch_size > 0 ? p->batch_size : r->recommended;
	r->unit_cost_batch = sr_econ_unit_cost(w, p, m, r->batch_size);
	/* Floor, margin and suggestions follow how it is made: a product
	 * that may be batched shares its setup over the batch. */
	made = p->batch_mode ? r->unit_cost_batch : r->unit_cost_job;
	r->price_floor =
		p->material_cost +
		sr_econ_muldiv(p->batch_mode ? m * r->batch_size +
						       p->setup_minutes
					     : job_minutes,
			       w->hourly_rate,
			       60 * (p->batch_mode ? r->batch_size : 1));
	r->margin = p->price - made;
	r->margin_bp = p->price > 0 ? sr_econ_muldiv(r->margin, 10000, p->price)
				    : 0;
	r->price_cost_plus = sr_econ_muldiv(made, 100 + w->markup_pct, 100);
	r->price_wholesale = sr_econ_muldiv(made, w->wholesale_pct, 100);
	r->price_retail =
		sr_econ_muldiv(r->price_wholesale, w->retail_pct, 100);
	r->earned_per_hour =
		m > 0 ? sr_econ_muldiv(p->price - p->material_cost, 60, m) : 0;

	/* A week: capacity, hours needed and profit at the demand. */
	r->units_capacity_job =
		job_minutes > 0 ? w->week_minutes / job_minutes : 0;
	r->units_capacity_batch =
		m * r->batch_size + p->setup_minutes > 0
			? sr_econ_muldiv(w->week_minutes, r->batch_size,
					 m * r->batch_size + p->setup_minutes)
			: 0;
	r->lead_days = w->week_minutes > 0 && w->work_days > 0
			       ? ceil_div(w->queue_minutes + job_minutes,
					  w->week_minutes / w->work_days)
			       : 0;
	if (d > 0) {
		int64_t sellable = r->caps[SR_CAP_SHELF];
		int64_t waste = 0;

		r->minutes_needed_job = d * job_minutes;
		r->minutes_needed_batch =
			d * m + sr_econ_muldiv(d, p->setup_minutes,
					       r->batch_size);
		sold_job = d < r->units_capacity_job ? d
						     : r->units_capacity_job;
		sold_batch = d < r->units_capacity_batch
				     ? d
				     : r->units_capacity_batch;
		per_unit_job = p->price - r->unit_cost_job;
		per_unit_batch = p->price - r->unit_cost_batch;
		r->profit_week_job = sold_job * per_unit_job;
		/* What spoils before it sells is made and thrown away. */
		if (sellable >= 0 && r->batch_size > sellable)
			waste = sr_econ_muldiv(r->batch_size - sellable, d,
					       r->batch_size);
		r->profit_week_batch =
			sold_batch * per_unit_batch - waste * r->unit_cost_batch;
	}

	/* The verdict. */
	if (!p->batch_mode) {
		r->best = SR_PROD_JOB;
		r->why = "it is only made to order";
	} else if (!p->job_mode) {
		r->best = SR_PROD_BATCH;
		r->why = "it is only made in batches";
	} else if (d <= 0) {
		r->best = SR_PROD_JOB;
		r->why = "no sales on record yet: make it to order until "
			 "demand shows a pattern";
	} else if (r->profit_week_job <= 0 && r->profit_week_batch <= 0) {
		r->best = r->profit_week_batch > r->profit_week_job
				  ? SR_PROD_BATCH
				  : SR_PROD_JOB;
		r->why = "at this price neither way pays: raise the price "
			 "above the floor first";
	} else if (r->minutes_needed_job > w->week_minutes &&
		   r->minutes_needed_batch <= w->week_minutes) {
		r->best = SR_PROD_BATCH;
		r->why = "made one at a time the demand needs more hours than "
			 "the week has; in batches it fits";
	} else if (r->profit_week_batch >
		   r->profit_week_job + r->profit_week_job / 7) {
		r->best = SR_PROD_BATCH;
		r->why = "batches earn clearly more a week at this demand";
	} else if (r->profit_week_job >= r->profit_week_batch) {
		r->best = SR_PROD_JOB;
		r->why = "making to order earns as much or more, with no "
			 "stock at risk";
	} else {
		r->best = SR_PROD_MIXED;
		r->why = "batches earn a little more: batch the steady part "
			 "of demand and take custom orders beside it";
	}

	if (p->price < r->price_floor)
		r->warnings |= 1u << SR_EW_BELOW_FLOOR;
	if (p->batch_mode && r->caps[SR_CAP_SHELF] >= 0 &&
	    r->batch_size > r->caps[SR_CAP_SHELF])
		r->warnings |= 1u << SR_EW_UNSOLD_STOCK;
	if (!r->tracked)
		r->warnings |= 1u << SR_EW_NO_TRACKING;
	else if (p->minutes_per_unit > 0 &&
		 (m - p->minutes_per_unit) * 4 > p->minutes_per_unit)
		r->warnings |= 1u << SR_EW_ESTIMATE_OFF;
	else if (p->minutes_per_unit > 0 &&
		 (p->minutes_per_unit - m) * 4 > p->minutes_per_unit)
		r->warnings |= 1u << SR_EW_ESTIMATE_OFF;
	if (w->storage_capacity > 0 && w->storage_used >= w->storage_capacity)
		r->warnings |= 1u << SR_EW_STORAGE_FULL;
	if (p->job_mode && p->batch_mode && p->setup_minutes == 0)
		r->warnings |= 1u << SR_EW_NO_CLEANING;
	if (d > 0 && r->minutes_needed_job > w->week_minutes &&
	    r->minutes_needed_batch > w->week_minutes)
		r->warnings |= 1u << SR_EW_OVER_CAPACITY;
}
