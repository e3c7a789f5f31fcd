/*
 * econ.c - costs, prices, earnings and batch sizes for one product.
 *
 * Money is integer minor units. Every figure is worked out in 128-bit
 * arithmetic and divided once, rounding half away from zero, so no penny
 * is lost to intermediate rounding. Each step is checked: one that would
 * overflow 128 bits gives UNKNOWN, and so does every step after it, so a
 * figure is exact or known not to be. At the end a figure is given when it
 * is exact and within SR_ECON_FIGURE_MAX, else marked too large (econ.h).
 * A decision that needs a figure that could not be worked out is not
 * taken on it. The economic production quantity is a count of units, not
 * money, and is worked out in double.
 */
#include "compat.h"

#include <math.h>

#include "smallrun/econ.h"

const struct sr_econ_text sr_econ_warnings[SR_EW__MAX] = {
	[SR_EW_NO_PRICE] = {"no_price",
			    "There is no price yet, so what it earns is not "
			    "known.",
			    "have no price yet",
			    "set a price to see their numbers"},
	[SR_EW_BELOW_FLOOR] = {"below_floor",
			       "The price is below the floor: it does not pay "
			       "for the materials, your hourly rate and the "
			       "overhead.",
			       "are priced below their floor",
			       "raise each to at least its floor"},
	[SR_EW_UNSOLD_STOCK] = {"unsold_stock",
				"The batch is larger than what sells before "
				"it goes off: the rest is waste.",
				"are made in batches larger than sell before "
				"they go off",
				"make smaller batches"},
	[SR_EW_NO_TRACKING] = {"no_tracking",
			       "No time is tracked for this product, so the "
			       "costs rest on your estimate.",
			       "have no time tracked, so their costs rest on "
			       "your estimates",
			       "time a few of each and finish them"},
	[SR_EW_NO_MINUTES] = {"no_minutes",
			      "No minutes to make one are set and no time is "
			      "tracked, so the costs count the materials only.",
			      "have no minutes to make one set or tracked",
			      "set the minutes on each, or time a few"},
	[SR_EW_ESTIMATE_OFF] = {"estimate_off",
				"The time you tracked is more than 25% away "
				"from your estimate; update the estimate.",
				"take more than 25% more or less time than "
				"estimated",
				"update their estimates"},
	[SR_EW_STORAGE_FULL] = {"storage_full",
				"Storage is full or over: there is no room "
				"for another batch.",
				"have no room for another batch: storage is "
				"full or over",
				"sell down before the next batch"},
	[SR_EW_NO_CLEANING] = {"no_cleaning_time",
			       "Made both to order and in batches, but no "
			       "setup time is allowed for cleaning and "
			       "resetting tools between the two.",
			       "are made both ways with no setup time for "
			       "cleaning between the two",
			       "add setup minutes to each"},
	[SR_EW_OVER_CAPACITY] = {"over_capacity",
				 "The demand needs more hours than the "
				 "workshop has in a week.",
				 "sell more than the week has hours to make, "
				 "even in batches",
				 "raise the price, make bigger batches or find "
				 "help"},
	[SR_EW_WHOLESALE_ABOVE_RETAIL] =
		{"wholesale_above_retail",
		 "The suggested wholesale price is above the suggested retail "
		 "price: shops would sell for less than they pay. Set the "
		 "retail percentage to 100 or more.",
		 "have a suggested wholesale price above the retail one",
		 "set the retail percentage to 100 or more"},
	[SR_EW_TOO_LARGE] = {"too_large_to_show",
			     "Some figures are too large to work out or show "
			     "exactly, so they are left out; check the "
			     "numbers entered.",
			     "have figures too large to show",
			     "check the numbers entered"},
};

const char *const sr_econ_cap_names[SR_CAP__MAX] = {
	[SR_CAP_EPQ] = "epq",
	[SR_CAP_EQUIPMENT] = "equipment",
	[SR_CAP_STORAGE] = "storage",
	[SR_CAP_SHELF] = "shelf_life",
	[SR_CAP_DEMAND] = "demand",
};

const char *const sr_econ_figure_names[SR_EF__MAX] = {
	[SR_EF_DEMAND] = "week.demand",
	[SR_EF_MINUTES_PER_UNIT] = "minutes_per_unit",
	[SR_EF_UNIT_COST_JOB] = "unit_cost.job",
	[SR_EF_UNIT_COST_BATCH] = "unit_cost.batch",
	[SR_EF_BATCH_SIZE] = "unit_cost.batch_size",
	[SR_EF_PRICE_FLOOR] = "price_floor",
	[SR_EF_MARGIN] = "margin",
	[SR_EF_MARGIN_BP] = "margin_bp",
	[SR_EF_PRICE_COST_PLUS] = "suggested_prices.cost_plus",
	[SR_EF_PRICE_WHOLESALE] = "suggested_prices.wholesale",
	[SR_EF_PRICE_RETAIL] = "suggested_prices.retail",
	[SR_EF_EARNED_PER_HOUR] = "earned_per_hour",
	[SR_EF_UNITS_CAPACITY_JOB] = "week.capacity_units_job",
	[SR_EF_UNITS_CAPACITY_BATCH] = "week.capacity_units_batch",
	[SR_EF_MINUTES_NEEDED_JOB] = "week.minutes_needed_job",
	[SR_EF_MINUTES_NEEDED_BATCH] = "week.minutes_needed_batch",
	[SR_EF_PROFIT_WEEK_JOB] = "week.profit_job",
	[SR_EF_PROFIT_WEEK_BATCH] = "week.profit_batch",
	[SR_EF_LEAD_DAYS] = "lead_days",
	[SR_EF_EPQ] = "batch.epq",
	[SR_EF_RECOMMENDED] = "batch.recommended",
	[SR_EF_CAP + SR_CAP_EPQ] = "batch.caps.epq",
	[SR_EF_CAP + SR_CAP_EQUIPMENT] = "batch.caps.equipment",
	[SR_EF_CAP + SR_CAP_STORAGE] = "batch.caps.storage",
	[SR_EF_CAP + SR_CAP_SHELF] = "batch.caps.shelf_life",
	[SR_EF_CAP + SR_CAP_DEMAND] = "batch.caps.demand",
};

_Static_assert(SR_EF__MAX <= 32, "too_large is a uint32_t");
_Static_assert(SR_EW__MAX <= 32, "warnings is an unsigned");

/* ---- checked 128-bit steps ---- */

typedef __int128 wide;

#define WIDE_MAX ((wide)(~(unsigned __int128)0 >> 1))
/* What a step gives in place of overflowing; anything from it is UNKNOWN
 * too. No step gives it as a value: the one value it could be is taken
 * as unknown as well. */
#define UNKNOWN (-WIDE_MAX - 1)

static bool known(wide a)
{
	return a != UNKNOWN;
}

static wide add(wide a, wide b)
{
	wide r;

	if (!known(a) || !known(b) || __builtin_add_overflow(a, b, &r))
		return UNKNOWN;
	return r;
}

static wide sub(wide a, wide b)
{
	wide r;

	if (!known(a) || !known(b) || __builtin_sub_overflow(a, b, &r))
		return UNKNOWN;
	return r;
}

static wide mul(wide a, wide b)
{
	wide r;

	/* Nought times anything, however large, is nought. */
	if (a == 0 || b == 0)
		return 0;
	if (!known(a) || !known(b) || __builtin_mul_overflow(a, b, &r))
		return UNKNOWN;
	return r;
}

/* n / d rounded half away from zero; d > 0. */
static wide div_round(wide n, wide d)
{
	wide q, r;

	if (!known(n) || !known(d) || d <= 0)
		return UNKNOWN;
	q = n / d;
	r = n % d;
	if (r < 0)
		r = -r;
	/* |r| * 2 >= d, without the doubling overflowing. */
	if (r >= d - r)
		q += n < 0 ? -1 : 1;
	return q;
}

/* How many whole d fit in n (n >= 0, d > 0). */
static wide quot(wide n, wide d)
{
	return known(n) && known(d) && d > 0 ? n / d : UNKNOWN;
}

/* ceil(n / d) for n >= 0, d > 0. */
static wide ceil_quot(wide n, wide d)
{
	wide q = quot(n, d);

	return known(q) && n % d ? q + 1 : q;
}

static wide smaller(wide a, wide b)
{
	if (!known(a) || !known(b))
		return UNKNOWN;
	return a < b ? a : b;
}

/* a > b, both worked out. */
static bool above(wide a, wide b)
{
	return known(a) && known(b) && a > b;
}

static bool fits(wide v)
{
	return known(v) && v <= SR_ECON_FIGURE_MAX && v >= -SR_ECON_FIGURE_MAX;
}

/* The figures that need a price: with none they are not worked out. */
#define PRICED                                                                 \
	(UINT32_C(1) << SR_EF_MARGIN | UINT32_C(1) << SR_EF_MARGIN_BP |        \
	 UINT32_C(1) << SR_EF_EARNED_PER_HOUR |                                \
	 UINT32_C(1) << SR_EF_PROFIT_WEEK_JOB |                                \
	 UINT32_C(1) << SR_EF_PROFIT_WEEK_BATCH)

/* Give figure f as *field, or mark it too large; one that needs the
 * price there is not (r->unpriced) is 0, and only that. */
static void give(struct sr_econ_result *r, enum sr_econ_figure f,
		 int64_t *field, wide v)
{
	if (r->unpriced & (UINT32_C(1) << f)) {
		*field = 0;
	} else if (fits(v)) {
		*field = (int64_t)v;
	} else {
		*field = 0;
		r->too_large |= UINT32_C(1) << f;
	}
}

/* ---- the economics ---- */

int64_t sr_econ_muldiv(int64_t a, int64_t b, int64_t c)
{
	wide q;

	if (c <= 0)
		return 0;
	/* Two int64 always multiply within 128 bits. */
	q = div_round((wide)a * b, c);
	if (q > INT64_MAX)
		return INT64_MAX;
	if (q < INT64_MIN)
		return INT64_MIN;
	return (int64_t)q;
}

/* materials + (m × n + setup) × rate / (60 × n): one of a batch of n. */
static wide unit_cost(const struct sr_econ_product *p, wide rate, wide m,
		      wide n)
{
	if (n < 1)
		n = 1;
	return add(p->material_cost,
		   div_round(mul(add(mul(m, n), p->setup_minutes), rate),
			     mul(60, n)));
}

bool sr_econ_unit_cost(const struct sr_econ_workshop *w,
		       const struct sr_econ_product *p,
		       int64_t minutes_per_unit, int64_t n, int64_t *cost)
{
	wide c = unit_cost(p, add(w->hourly_rate, w->overhead_per_hour),
			   minutes_per_unit, n);

	*cost = fits(c) ? (int64_t)c : 0;
	return fits(c);
}

/* The limits on a batch, the EPQ and the recommended size, in wide. */
struct sizing {
	wide caps[SR_CAP__MAX]; /* -1: does not apply */
	wide epq;		/* 0: undefined */
	wide recommended;
	enum sr_econ_cap bound_by;
};

/* The EPQ from setup cost, holding cost and the share of the week the
 * demand takes, as a count; UNKNOWN if its inputs were too large. */
static wide epq(const struct sr_econ_workshop *w, wide d, wide m,
		wide unit_variable, wide setup_cost)
{
	double annual, hold, load, q;

	if (!known(unit_variable) || !known(setup_cost) || !known(d) ||
	    !known(m))
		return UNKNOWN;
	annual = (double)d * 52.0;
	hold = (double)unit_variable * (double)w->holding_pct / 100.0;
	/* d/p: the share of the week production takes. */
	load = w->week_minutes > 0
		       ? (double)d * (double)m / (double)w->week_minutes
		       : 1.0;
	if (!(hold > 0 && setup_cost > 0 && load < 1.0))
		return 0;
	q = round(sqrt(2.0 * annual * (double)setup_cost /
		       (hold * (1.0 - load))));
	/* A double this size or NaN has no exact count to give. */
	return q < 0x1p120 ? (wide)q : UNKNOWN;
}

static void batch_size(const struct sr_econ_workshop *w,
		       const struct sr_econ_product *p, wide m,
		       struct sizing *z)
{
	wide d = p->weekly_demand, best = -1;
	wide rate = add(w->hourly_rate, w->overhead_per_hour);
	wide unit_variable = add(p->material_cost, div_round(mul(m, rate), 60));
	wide setup_cost = div_round(mul(p->setup_minutes, rate), 60);

	for (int c = 0; c < SR_CAP__MAX; c++)
		z->caps[c] = -1;
	z->epq = 0;
	if (d > 0) {
		z->epq = epq(w, d, m, unit_variable, setup_cost);
		z->caps[SR_CAP_DEMAND] = mul(d, 52);
		if (p->shelf_life_days > 0)
			z->caps[SR_CAP_SHELF] =
				div_round(mul(d, p->shelf_life_days), 7);
	}
	if (z->epq > 0 || !known(z->epq))
		z->caps[SR_CAP_EPQ] = z->epq;
	if (p->max_batch > 0)
		z->caps[SR_CAP_EQUIPMENT] = p->max_batch;
	if (w->storage_capacity > 0 && p->storage_per_unit > 0)
		z->caps[SR_CAP_STORAGE] =
			w->storage_used >= w->storage_capacity
				? 0
				: quot(sub(w->storage_capacity,
					   w->storage_used),
				       p->storage_per_unit);
	/* The smallest limit that applies and was worked out; the EPQ wins
	 * ties. With demand known, a year of it always applies, so the
	 * size never exceeds 52 × demand. */
	z->bound_by = SR_CAP_DEMAND;
	for (int c = 0; c < SR_CAP__MAX; c++) {
		if (!known(z->caps[c]) || z->caps[c] < 0 ||
		    (best >= 0 && z->caps[c] >= best))
			continue;
		best = z->caps[c];
		z->bound_by = (enum sr_econ_cap)c;
	}
	z->recommended = best > 0 ? best : 1;
}

void sr_econ_product(const struct sr_econ_workshop *w,
		     const struct sr_econ_product *p,
		     struct sr_econ_result *r)
{
	wide d = p->weekly_demand, price = p->price, setup = p->setup_minutes;
	wide rate = add(w->hourly_rate, w->overhead_per_hour);
	wide week = w->week_minutes;
	wide m, job_minutes, n, batch_minutes, cost_job, cost_batch, made;
	wide least, margin, margin_bp, cost_plus, wholesale, retail, earned;
	wide cap_job, cap_batch, lead = 0, day;
	wide need_job = 0, need_batch = 0, profit_job = 0, profit_batch = 0;
	struct sizing z;

	memset(r, 0, sizeof(*r));
	/* A price of 0 is one not set yet (a sales import's new products),
	 * not a gift: what needs a price is not known. */
	if (price <= 0)
		r->unpriced = PRICED;
	r->tracked = p->tracked_units > 0 && p->tracked_minutes > 0;
	/* Minutes per unit: tracked time per unit made, rounded, less the
	 * setups it included (setup is costed on its own below). */
	if (r->tracked) {
		wide work =
			sub(p->tracked_minutes, mul(setup, p->tracked_runs));

		m = div_round(known(work) && work < 0 ? 0 : work,
			      p->tracked_units);
	} else {
		m = p->minutes_per_unit;
	}
	job_minutes = add(m, setup); /* each piece set up alone */

	cost_job = unit_cost(p, rate, m, 1);
	batch_size(w, p, m, &z);
	n = p->batch_size > 0 ? p->batch_size : z.recommended;
	batch_minutes = add(mul(m, n), setup);
	cost_batch = unit_cost(p, rate, m, n);
	/* Floor, margin and suggestions follow how it is made: a product
	 * that may be batched shares its setup over the batch. */
	made = p->batch_mode ? cost_batch : cost_job;
	/* The floor is the whole cost of one as it is made: materials,
	 * labour at the hourly rate and overhead. Anything less would be a
	 * "floor" below the cost of one (issue 10). */
	least = made;
	margin = sub(price, made);
	margin_bp = price > 0 ? div_round(mul(margin, 10000), price) : 0;
	cost_plus = div_round(mul(made, add(100, w->markup_pct)), 100);
	wholesale = div_round(mul(made, w->wholesale_pct), 100);
	retail = div_round(mul(wholesale, w->retail_pct), 100);
	earned = known(m) && m > 0
			 ? div_round(mul(sub(price, p->material_cost), 60), m)
			 : 0;

	/* A week: capacity, hours needed and profit at the demand. */
	cap_job = known(job_minutes) && job_minutes > 0
			  ? quot(week, job_minutes)
			  : 0;
	cap_batch = !known(batch_minutes) ? UNKNOWN
		    : batch_minutes > 0 ? div_round(mul(week, n), batch_minutes)
					: 0;
	day = w->work_days > 0 ? quot(week, w->work_days) : 0;
	if (day > 0)
		lead = ceil_quot(add(w->queue_minutes, job_minutes), day);
	if (d > 0) {
		wide sellable = z.caps[SR_CAP_SHELF], waste = 0;

		need_job = mul(d, job_minutes);
		need_batch = add(mul(d, m), div_round(mul(d, setup), n));
		/* What spoils before it sells is made and thrown away. */
		if (sellable >= 0 && n > sellable)
			waste = div_round(mul(n - sellable, d), n);
		profit_job = mul(smaller(d, cap_job), sub(price, cost_job));
		profit_batch =
			sub(mul(smaller(d, cap_batch), sub(price, cost_batch)),
			    mul(waste, cost_batch));
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
	} else if (r->unpriced) {
		r->best = SR_PROD_JOB;
		r->needs_price = true;
		r->why = "there is no price yet, so the two ways cannot be "
			 "compared: set a price, and make it to order until "
			 "then";
	} else if (!known(profit_job) || !known(profit_batch) ||
		   !known(need_job) || !known(need_batch)) {
		r->best = SR_PROD_JOB;
		r->why = "the figures are too large to compare: check the "
			 "numbers, and make it to order until they make sense";
	} else if (profit_job <= 0 && profit_batch <= 0) {
		r->best =
			profit_batch > profit_job ? SR_PROD_BATCH : SR_PROD_JOB;
		r->why = "at this price neither way pays: raise the price "
			 "above the floor first";
	} else if (need_job > week && need_batch <= week) {
		r->best = SR_PROD_BATCH;
		r->why = "made one at a time the demand needs more hours than "
			 "the week has; in batches it fits";
	} else if (above(profit_batch, add(profit_job, profit_job / 7))) {
		r->best = SR_PROD_BATCH;
		r->why = "batches earn clearly more a week at this demand";
	} else if (profit_job >= profit_batch) {
		r->best = SR_PROD_JOB;
		r->why = "making to order earns as much or more, with no "
			 "stock at risk";
	} else {
		r->best = SR_PROD_MIXED;
		r->why = "batches earn a little more: batch the steady part "
			 "of demand and take custom orders beside it";
	}

	if (r->unpriced)
		r->warnings |= 1u << SR_EW_NO_PRICE;
	else if (above(least, price))
		r->warnings |= 1u << SR_EW_BELOW_FLOOR;
	/* A retail percentage under 100 would have shops sell for less
	 * than they pay: not a pair of prices to suggest unremarked. */
	if (above(wholesale, retail))
		r->warnings |= 1u << SR_EW_WHOLESALE_ABOVE_RETAIL;
	if (p->batch_mode && z.caps[SR_CAP_SHELF] >= 0 &&
	    n > z.caps[SR_CAP_SHELF])
		r->warnings |= 1u << SR_EW_UNSOLD_STOCK;
	if (!r->tracked && p->minutes_per_unit <= 0)
		r->warnings |= 1u << SR_EW_NO_MINUTES;
	else if (!r->tracked)
		r->warnings |= 1u << SR_EW_NO_TRACKING;
	else if (p->minutes_per_unit > 0 &&
		 (above(mul(sub(m, p->minutes_per_unit), 4),
			p->minutes_per_unit) ||
		  above(mul(sub(p->minutes_per_unit, m), 4),
			p->minutes_per_unit)))
		r->warnings |= 1u << SR_EW_ESTIMATE_OFF;
	if (w->storage_capacity > 0 && w->storage_used >= w->storage_capacity)
		r->warnings |= 1u << SR_EW_STORAGE_FULL;
	if (p->job_mode && p->batch_mode && p->setup_minutes == 0)
		r->warnings |= 1u << SR_EW_NO_CLEANING;
	if (d > 0 && above(need_job, week) && above(need_batch, week))
		r->warnings |= 1u << SR_EW_OVER_CAPACITY;

	/* Every figure given, or marked too large. */
	if (d > SR_ECON_FIGURE_MAX)
		r->too_large |= UINT32_C(1) << SR_EF_DEMAND;
	give(r, SR_EF_MINUTES_PER_UNIT, &r->minutes_per_unit, m);
	give(r, SR_EF_UNIT_COST_JOB, &r->unit_cost_job, cost_job);
	give(r, SR_EF_BATCH_SIZE, &r->batch_size, n);
	give(r, SR_EF_UNIT_COST_BATCH, &r->unit_cost_batch, cost_batch);
	give(r, SR_EF_PRICE_FLOOR, &r->price_floor, least);
	give(r, SR_EF_MARGIN, &r->margin, margin);
	give(r, SR_EF_MARGIN_BP, &r->margin_bp, margin_bp);
	give(r, SR_EF_PRICE_COST_PLUS, &r->price_cost_plus, cost_plus);
	give(r, SR_EF_PRICE_WHOLESALE, &r->price_wholesale, wholesale);
	give(r, SR_EF_PRICE_RETAIL, &r->price_retail, retail);
	give(r, SR_EF_EARNED_PER_HOUR, &r->earned_per_hour, earned);
	give(r, SR_EF_UNITS_CAPACITY_JOB, &r->units_capacity_job, cap_job);
	give(r, SR_EF_UNITS_CAPACITY_BATCH, &r->units_capacity_batch,
	     cap_batch);
	give(r, SR_EF_MINUTES_NEEDED_JOB, &r->minutes_needed_job, need_job);
	give(r, SR_EF_MINUTES_NEEDED_BATCH, &r->minutes_needed_batch,
	     need_batch);
	give(r, SR_EF_PROFIT_WEEK_JOB, &r->profit_week_job, profit_job);
	give(r, SR_EF_PROFIT_WEEK_BATCH, &r->profit_week_batch, profit_batch);
	give(r, SR_EF_LEAD_DAYS, &r->lead_days, lead);
	give(r, SR_EF_EPQ, &r->epq, z.epq);
	give(r, SR_EF_RECOMMENDED, &r->recommended, z.recommended);
	for (int c = 0; c < SR_CAP__MAX; c++)
		give(r, (enum sr_econ_figure)(SR_EF_CAP + c), &r->caps[c],
		     z.caps[c]);
	r->bound_by = z.bound_by;
	if (r->too_large)
		r->warnings |= 1u << SR_EW_TOO_LARGE;
}
