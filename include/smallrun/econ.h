/*
 * econ.h - the numbers behind the advice: what a product costs made to
 * order and in batches, the price that pays the maker, what it earns per
 * hour, the batch size that fits, and the warnings the numbers raise.
 *
 * Pure: structs in, structs out; no I/O and no clock. Money is in minor
 * units (pence) as int64_t; every division of money rounds half away from
 * zero (sr_econ_muldiv) and says so where it happens.
 *
 * A price of 0 is no price yet: the figures that need one (margin,
 * margin_bp, earned_per_hour and the week's profits) are not worked out.
 * Their bits are set in sr_econ_result.unpriced, the fields hold 0, and
 * the warning SR_EW_NO_PRICE is raised in place of SR_EW_BELOW_FLOOR.
 *
 * The figures are worked out exactly in 128 bits, and one rule covers
 * their size: a figure larger than SR_ECON_FIGURE_MAX either way is not
 * given. Its bit is set in sr_econ_result.too_large, the field holds 0,
 * and the warning SR_EW_TOO_LARGE is raised. Nothing wraps or is clamped.
 */
#ifndef SMALLRUN_ECON_H
#define SMALLRUN_ECON_H

#include <stdbool.h>
#include <stdint.h>

#include "smallrun/advise.h"

/*
 * The largest figure given, 2^53 - 1: the largest integer that every JSON
 * reader, a web browser's included, holds exactly.
 */
#define SR_ECON_FIGURE_MAX INT64_C(9007199254740991)

/* The workshop's side of the sums. */
struct sr_econ_workshop {
	int64_t hourly_rate;       /* what the maker's hour must earn */
	int64_t overhead_per_hour; /* rent, power, insurance per working hour */
	int64_t markup_pct;        /* cost-plus markup, e.g. 50 (%) */
	int64_t wholesale_pct;     /* wholesale = cost × this %, e.g. 200 */
	int64_t retail_pct;        /* retail = wholesale × this %, e.g. 200 */
	int64_t holding_pct;       /* a year in stock costs this % of cost */
	int64_t week_minutes;      /* working minutes a week, all workers */
	int64_t work_days;         /* days a week with working minutes */
	int64_t storage_capacity;  /* storage units; 0 = not set */
	int64_t storage_used;      /* storage units taken by stock now */
	int64_t queue_minutes;     /* work left on accepted custom orders */
};

/* One product, with what has been tracked and sold. */
struct sr_econ_product {
	int64_t price;
	int64_t material_cost;
	int64_t minutes_per_unit; /* the estimate */
	int64_t setup_minutes;    /* per batch: setting up and cleaning */
	int64_t max_batch;        /* equipment limit; 0 = none */
	int64_t shelf_life_days;  /* 0 = keeps */
	int64_t storage_per_unit;
	int64_t tracked_minutes;  /* time recorded on its orders and batches */
	int64_t tracked_units;    /* units those produced */
	int64_t tracked_runs;     /* how many orders and batches that was */
	int64_t weekly_demand;    /* units a week; -1 = not known */
	bool job_mode;            /* may be made to order (mode job/both) */
	bool batch_mode;          /* may be made in batches (batch/both) */
	int64_t batch_size;       /* a size to try; 0 = the recommended one */
};

/* What limited the recommended batch size. */
enum sr_econ_cap {
	SR_CAP_EPQ,       /* the economic quantity itself */
	SR_CAP_EQUIPMENT, /* max_batch */
	SR_CAP_STORAGE,   /* storage left */
	SR_CAP_SHELF,     /* what sells within the shelf life */
	SR_CAP_DEMAND,    /* a year's demand (EPQ undefined or larger) */
	SR_CAP__MAX
};

/* Warnings, each with a stable code (sr_econ_warnings[]), in the order
 * they are listed. */
enum sr_econ_warning {
	SR_EW_NO_PRICE,	     /* price 0: no price yet (unpriced) */
	SR_EW_BELOW_FLOOR,   /* price under the floor: undercharging */
	SR_EW_UNSOLD_STOCK,  /* batch larger than sells in its shelf life */
	SR_EW_NO_TRACKING,   /* no time tracked: pricing on guesses */
	SR_EW_NO_MINUTES,    /* no time tracked and no estimate either */
	SR_EW_ESTIMATE_OFF,  /* tracked time > 25% off the estimate */
	SR_EW_STORAGE_FULL,  /* storage full or over */
	SR_EW_NO_CLEANING,   /* job and batch share tools, no setup time */
	SR_EW_OVER_CAPACITY, /* demand needs more hours than there are */
	SR_EW_WHOLESALE_ABOVE_RETAIL, /* suggested wholesale > retail */
	SR_EW_TOO_LARGE,     /* a figure is too large to give (too_large) */
	SR_EW__MAX
};

/*
 * The figures of a result, for sr_econ_result.too_large. The names
 * (sr_econ_figure_names[]) are where each sits in the economics JSON.
 */
enum sr_econ_figure {
	SR_EF_DEMAND, /* week.demand: the input, as shown */
	SR_EF_MINUTES_PER_UNIT,
	SR_EF_UNIT_COST_JOB,
	SR_EF_UNIT_COST_BATCH,
	SR_EF_BATCH_SIZE,
	SR_EF_PRICE_FLOOR,
	SR_EF_MARGIN,
	SR_EF_MARGIN_BP,
	SR_EF_PRICE_COST_PLUS,
	SR_EF_PRICE_WHOLESALE,
	SR_EF_PRICE_RETAIL,
	SR_EF_EARNED_PER_HOUR,
	SR_EF_UNITS_CAPACITY_JOB,
	SR_EF_UNITS_CAPACITY_BATCH,
	SR_EF_MINUTES_NEEDED_JOB,
	SR_EF_MINUTES_NEEDED_BATCH,
	SR_EF_PROFIT_WEEK_JOB,
	SR_EF_PROFIT_WEEK_BATCH,
	SR_EF_LEAD_DAYS,
	SR_EF_EPQ,
	SR_EF_RECOMMENDED,
	SR_EF_CAP, /* + enum sr_econ_cap: caps[] */
	SR_EF__MAX = SR_EF_CAP + SR_CAP__MAX
};

struct sr_econ_result {
	int64_t minutes_per_unit;   /* the one used: tracked if any */
	bool tracked;               /* ... and whether it was tracked */
	int64_t unit_cost_job;      /* materials + labour + overhead */
	int64_t batch_size;         /* the size costed (recommended or asked) */
	int64_t unit_cost_batch;    /* at batch_size */
	/*
	 * The floor, margin and suggested prices use the cost of how the
	 * product is made: in batches of batch_size when it may be batched
	 * (mode batch or both), else one at a time. "cost" below is that.
	 */
	int64_t price_floor;        /* cost: materials + labour + overhead */
	int64_t margin;             /* price - cost */
	int64_t margin_bp;          /* margin / price, in basis points */
	int64_t price_cost_plus;    /* cost × (100 + markup) % */
	int64_t price_wholesale;    /* cost × wholesale % */
	int64_t price_retail;       /* price_wholesale × retail % */
	int64_t earned_per_hour;    /* (price - materials) per hour of work */
	/* A week at the product's demand (0 when it is not known). */
	int64_t units_capacity_job; /* units a full week could make, to order */
	int64_t units_capacity_batch;
	int64_t minutes_needed_job;   /* for the week's demand */
	int64_t minutes_needed_batch;
	int64_t profit_week_job;
	int64_t profit_week_batch;
	int64_t lead_days;          /* a new order's wait behind the queue */
	/* Batch size. */
	int64_t epq;                /* 0 when undefined */
	int64_t recommended;
	enum sr_econ_cap bound_by;
	int64_t caps[SR_CAP__MAX];  /* each limit; -1 = does not apply */
	/* The verdict from the numbers. */
	enum sr_production best;
	const char *why;            /* static: the main reason, for people */
	bool needs_price;	    /* made both ways and sold, but with no
				     * price the verdict is only a default */
	unsigned warnings;          /* 1 << enum sr_econ_warning */
	uint32_t too_large;	    /* 1 << enum sr_econ_figure: not given */
	uint32_t unpriced;	    /* 1 << enum sr_econ_figure: needs a
				     * price, and there is none */
};

/*
 * A warning's words: its code, a sentence about one product, and for a
 * page that lists many products at once, what those products have in
 * common ("have no price yet": "94 products have no price yet: …") and
 * what to do about them.
 */
struct sr_econ_text {
	const char *code;
	const char *text;
	const char *many;
	const char *todo;
};
extern const struct sr_econ_text sr_econ_warnings[SR_EW__MAX];
extern const char *const sr_econ_cap_names[SR_CAP__MAX];
extern const char *const sr_econ_figure_names[SR_EF__MAX];

/*
 * a × b / c rounded half away from zero, worked out in 128 bits; 0 when
 * c <= 0. A quotient past the int64 range comes back as INT64_MAX or
 * INT64_MIN.
 */
int64_t sr_econ_muldiv(int64_t a, int64_t b, int64_t c);

/*
 * The cost of one unit made in a batch of n (below 1 counts as 1) into
 * *cost. False, with *cost 0, when that cost is larger than
 * SR_ECON_FIGURE_MAX.
 */
bool sr_econ_unit_cost(const struct sr_econ_workshop *w,
		       const struct sr_econ_product *p,
		       int64_t minutes_per_unit, int64_t n, int64_t *cost);

/* Work everything out for p. out is fully written. */
void sr_econ_product(const struct sr_econ_workshop *w,
		     const struct sr_econ_product *p,
		     struct sr_econ_result *out);

#endif
