/*
 * forecast.h - demand per product per day from past sales, and how many to
 * make on a batch day.
 *
 * Pure: arrays of daily counts in, numbers out; no I/O, no clock, no
 * allocation the caller has to free. doc/FORECAST.md explains the model to
 * makers and gives the maths; in short:
 *
 *   mean(day) = (level + trend * (day - centre)) * weekday_factor(day)
 *
 * with a recency-weighted level, weekday factors shrunk towards 1 as far as
 * they do not stand out from the noise, and a robust (Theil-Sen) trend over
 * weekly means, halved. Demand on a day is negative binomial with that mean
 * and a variance/mean ratio taken from the model's own recent errors. The
 * quantity to make is the one that maximises expected profit (the
 * newsvendor's critical-ratio quantile), in whole multiples of the batch
 * size.
 *
 * Days are day numbers (smallrun/date.h). A forecast for a day uses only
 * the days strictly before its "cut" (normally the day itself): nothing in
 * this module ever reads a sale on or after the day it plans for.
 *
 * Days the shop was closed - no sales of anything at all - are marked in
 * the history's open mask; they count neither as zero demand nor as days
 * to make a batch on. A day that was open and sold none of a product is a
 * zero like any other.
 */
#ifndef SMALLRUN_FORECAST_H
#define SMALLRUN_FORECAST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smallrun/err.h"

/*
 * Bounds that keep every sum of money in int64_t: units a product sells in
 * a day, units one batch makes, and a price or cost in minor units.
 */
#define SR_FC_MAX_UNITS 1000000
#define SR_FC_MAX_BATCH 10000000
#define SR_FC_MAX_PRICE 10000000
/* The longest history and the longest walk, in days (100 years). */
#define SR_FC_MAX_DAYS 36525
/* The most weekly points the trend may use. */
#define SR_FC_MAX_TREND_WEEKS 52

/*
 * struct sr_fc_history - one product's sales, one count per calendar day
 * from day number first. Days outside [first, first + ndays) are unknown.
 * open[i] is nonzero when the shop was open on day first + i (it sold
 * anything at all); NULL means open every day. Borrowed: the caller keeps
 * the arrays alive while the history is used.
 */
struct sr_fc_history {
	int64_t first;
	size_t ndays;
	const int64_t *units;	   /* units sold, 0..SR_FC_MAX_UNITS */
	const unsigned char *open; /* or NULL */
};

/*
 * struct sr_fc_model - the model's settings. SR_FC_MODEL_INIT gives the
 * defaults that doc/FORECAST.md documents; they are round numbers chosen
 * once for every product, not fitted to any one.
 */
struct sr_fc_model {
	double level_half_life;	      /* days: how fast old sales fade (14) */
	double weekday_half_life;     /* days, for the weekday factors (56) */
	int trend_weeks;	      /* weekly means the trend uses; 0: none */
	double trend_damping;	      /* the share of the trend applied (0.5) */
	double error_half_life;	      /* days, for the spread of errors (56) */
	int error_days;		      /* open days of past errors used (56) */
	double dispersion_prior;      /* variance/mean before errors (1.5) */
	double dispersion_prior_days; /* the weight of that guess (10) */
	int lookback_days;	      /* the oldest day used (364) */
};

#define SR_FC_MODEL_INIT                                                       \
	{                                                                      \
		14.0, 56.0, 8, 0.5, 56.0, 56, 1.5, 10.0, 364                   \
	}

/* struct sr_fc_day - the forecast of one day's demand. */
struct sr_fc_day {
	double mean;	       /* expected units */
	double dispersion;     /* variance / mean, >= 1 (1: Poisson) */
	double sd;	       /* standard deviation: sqrt(mean * dispersion) */
	double level;	       /* weekday-adjusted units a day, at centre */
	double centre;	       /* the weighted mean day number of the history */
	double trend;	       /* units a day added per day (already damped) */
	double weekday_factor; /* the target weekday's factor (1 = average) */
	int history_days;      /* open days the forecast rests on; 0: none */
};

/*
 * Forecast demand on day from the days of h strictly before cut (cut <=
 * day; day > cut forecasts further ahead). With no open day before cut the
 * forecast is zero with history_days 0. Errors: SR_EINVAL for a bad model
 * setting, a count out of range or day < cut.
 */
enum sr_err sr_forecast_day(const struct sr_fc_history *h,
			    const struct sr_fc_model *m, int64_t cut,
			    int64_t day, struct sr_fc_day *out,
			    struct sr_fail *f);

/*
 * The forecast distribution: negative binomial with this mean and
 * variance/mean ratio (Poisson when dispersion <= 1; all at 0 when mean <=
 * 0). sr_forecast_cdf() is P(demand <= k); sr_forecast_quantile() the
 * smallest k with P(demand <= k) >= p, for 0 < p < 1.
 */
double sr_forecast_cdf(double mean, double dispersion, int64_t k);
int64_t sr_forecast_quantile(double mean, double dispersion, double p);

/*
 * struct sr_fc_product - what a product earns and how it is made. Money in
 * minor units (pence).
 */
struct sr_fc_product {
	int64_t price;	     /* what one unit sells for, > 0 */
	int64_t unit_cost;   /* what one unit costs to make, >= 0 */
	int64_t salvage;     /* what an expired unit still fetches (< price) */
	int shelf_life_days; /* days a unit can be sold, counting the day it
				is made: 1 for bread, 30 for soap */
	int64_t batch_size;  /* quantities are multiples of this (>= 1) */
	int64_t max_batch;   /* the most one run makes; 0: see runs below */
};

/*
 * Days of the week batches are made on: bit w (0 = Monday ... 6 = Sunday)
 * set. 0 means every day.
 */
#define SR_FC_EVERY_DAY 0x7fu

/* struct sr_fc_batch - how much to make on one batch day, and why. */
struct sr_fc_batch {
	int64_t quantity;	 /* units to make: a multiple of batch_size */
	int64_t runs;		 /* runs of the equipment that takes */
	int64_t on_hand;	 /* sellable stock before making */
	int cover_days;		 /* days the batch serves (next batch, shelf) */
	double mean;		 /* expected demand over those days */
	double sd;		 /* its standard deviation */
	double critical_ratio;	 /* (price - cost) / (price - leftover) */
	int64_t leftover_value;	 /* minor units a unit left over counts at */
	int64_t expected_profit; /* minor units, rounded to the nearest */
	struct sr_fc_day forecast; /* the batch day's own demand */
};

/*
 * How many to make on day, with on_hand units already in stock, from the
 * days of h before day. The batch serves demand from day until the day
 * before the next batch weekday in batch_weekdays (0: every day) that the
 * shop usually opens on (judged from the days before day), at most
 * shelf_life_days and 7; a unit left over after that is counted at what it is
 * still worth: the product's salvage for a unit that expires, else its cost
 * times the share of its shelf life left. The quantity maximises expected
 * profit - the critical-ratio quantile of demand less on_hand, to whole
 * batch_size multiples - and runs is quantity / max_batch rounded up, or
 * quantity / batch_size when max_batch is 0 and batch_size > 1, else one
 * run for any quantity. Nothing is made when price <= unit_cost.
 * Errors: SR_EINVAL for a bad product, model or argument.
 */
enum sr_err sr_forecast_batch(const struct sr_fc_history *h,
			      const struct sr_fc_model *m,
			      const struct sr_fc_product *p,
			      unsigned batch_weekdays, int64_t day,
			      int64_t on_hand, struct sr_fc_batch *out,
			      struct sr_fail *f);

/*
 * The ways of choosing a quantity a walk can follow: smallrun's forecast,
 * and two rules of thumb bakers use - the same as sold on the same weekday
 * last week, and the mean of the last four same weekdays (rounded). The
 * rules cover the same days as smallrun's batches and subtract stock on
 * hand the same way.
 */
enum sr_fc_method {
	SR_FC_SMALLRUN,
	SR_FC_LAST_WEEK,
	SR_FC_FOUR_WEEKS,
	SR_FC_METHOD__MAX
};

/* "smallrun", "last_week", "four_week_mean"; and a phrase for people. */
extern const char *const sr_fc_method_names[SR_FC_METHOD__MAX];
extern const char *const sr_fc_method_titles[SR_FC_METHOD__MAX];

/* struct sr_fc_step - one day of a walk. */
struct sr_fc_step {
	int64_t day;
	bool open;	  /* the shop opened (outside the history: its usual) */
	bool batch;	  /* a batch was made */
	bool known;	  /* the day's sales are in the history */
	int64_t quantity; /* units made (0 on closed and non-batch days) */
	int64_t runs;
	int64_t on_hand;   /* sellable stock before making */
	int64_t demand;	   /* units sold in the history; when !known, the
			      forecast rounded, which the walk assumes */
	int64_t sold;	   /* min(stock, demand) */
	int64_t wasted;	   /* units that expired at the end of the day */
	int64_t shortfall; /* demand not met */
	double mean, sd;   /* smallrun's forecast for the day */
};

/*
 * struct sr_fc_tally - a walk's totals. Money in minor units:
 * profit = revenue + salvage - cost + stock_value, where stock_value counts
 * units still sellable after the last day at unit cost (always 0 for a
 * one-day product).
 */
struct sr_fc_tally {
	int open_days, batch_days;
	int64_t made, sold, wasted, shortfall, left;
	int64_t revenue, cost, salvage, stock_value, profit;
};

/*
 * Walk forward from day from to day to (inclusive), making on each open
 * batch day what method says from the days before it, selling to that
 * day's demand (oldest stock first), and expiring what is past its shelf
 * life. The walk starts with on_hand units made the day before from.
 * Fills steps[0 .. to - from] when steps is not NULL and *tally when tally
 * is not NULL. Each day's quantity rests only on the days before it; the
 * history then says whether the shop opened that day (no batch, no demand
 * when it did not) and what sold. Days outside the history are walked on
 * the forecast (known is false: open as the weekday usually is, selling the
 * forecast mean), so tally needs every day known: SR_EINVAL otherwise.
 * Errors: SR_EINVAL for bad arguments, SR_ETOOBIG for a walk over
 * SR_FC_MAX_DAYS, SR_ENOMEM.
 */
enum sr_err sr_forecast_walk(const struct sr_fc_history *h,
			     const struct sr_fc_model *m,
			     const struct sr_fc_product *p,
			     unsigned batch_weekdays, enum sr_fc_method method,
			     int64_t from, int64_t to, int64_t on_hand,
			     struct sr_fc_step *steps,
			     struct sr_fc_tally *tally, struct sr_fail *f);

#endif
