/*
 * test-forecast.c - the demand model and the batch quantity on synthetic
 * series whose answers are known: a constant, a weekly pattern, a straight
 * line, closed days; no look-ahead over many cut points; the newsvendor
 * quantity against a brute-force search of expected profit computed here
 * from the negative binomial's own formula; batch multiples, runs, stock
 * on hand and shelf life; the walk's books balancing.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smallrun/date.h"
#include "smallrun/forecast.h"

#define DAYS 140

/* 2024-01-01, a Monday: day i's weekday is i % 7 (0 = Monday). */
static int64_t day0(void)
{
	int64_t d;

	cr_assert_eq(sr_date_parse("2024-01-01", 10, &d), SR_OK);
	cr_assert_eq(sr_date_weekday(d), 0);
	return d;
}

struct series {
	int64_t units[DAYS + 64];
	unsigned char open[DAYS + 64];
	struct sr_fc_history h;
};

static void series_init(struct series *s, size_t n)
{
	memset(s, 0, sizeof(*s));
	memset(s->open, 1, sizeof(s->open));
	s->h.first = day0();
	s->h.ndays = n;
	s->h.units = s->units;
	s->h.open = s->open;
}

static struct sr_fc_day fc(const struct series *s, int64_t cut_i,
			   int64_t day_i, const struct sr_fc_model *m)
{
	static const struct sr_fc_model def = SR_FC_MODEL_INIT;
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_fc_day d;

	cr_assert_eq(sr_forecast_day(&s->h, m ? m : &def, s->h.first + cut_i,
				     s->h.first + day_i, &d, &f),
		     SR_OK, "%s", f.message.data);
	sr_fail_release(&f);
	return d;
}

/* A deterministic stream of pseudo-random numbers in [0, 1). */
static double uniform(uint64_t *state)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(*state >> 11) / 9007199254740992.0;
}

/* A Poisson draw (Knuth's method; means here are small). */
static int64_t poisson(uint64_t *state, double mean)
{
	double l = exp(-mean), p = 1;
	int64_t k = 0;

	do {
		k++;
		p *= uniform(state);
	} while (p > l);
	return k - 1;
}

/* P(D = k) for the negative binomial with this mean and variance/mean,
 * written here from the formula (Poisson when dispersion is 1). */
static double pmf(double mean, double dispersion, int64_t k)
{
	if (dispersion <= 1 + 1e-9)
		return exp(-mean + (double)k * log(mean) - lgamma((double)k + 1));
	{
		double r = mean / (dispersion - 1), p = 1 / dispersion;

		return exp(lgamma((double)k + r) - lgamma(r) -
			   lgamma((double)k + 1) + r * log(p) +
			   (double)k * log1p(-p));
	}
}

static double cdf(double mean, double dispersion, int64_t k)
{
	double s = 0;

	for (int64_t j = 0; j <= k; j++)
		s += pmf(mean, dispersion, j);
	return s;
}

/* Expected profit of stocking y units of which q are made. */
static double expected_profit(double mean, double dispersion, int64_t y,
			      int64_t q, double price, double cost,
			      double leftover)
{
	double e = 0;

	for (int64_t k = 0; k < 4 * y + 200; k++) {
		double sold = (double)(k < y ? k : y);

		e += pmf(mean, dispersion, k) *
		     (price * sold + leftover * ((double)y - sold));
	}
	return e - cost * (double)q;
}

Test(forecast, constant_series_forecasts_the_constant)
{
	struct series s;

	series_init(&s, DAYS);
	for (int i = 0; i < DAYS; i++)
		s.units[i] = 12;
	for (int ahead = 0; ahead < 10; ahead++) {
		struct sr_fc_day d = fc(&s, DAYS, DAYS + ahead, NULL);

		cr_assert_float_eq(d.mean, 12.0, 1e-9, "day +%d: %f", ahead,
				   d.mean);
		cr_assert_float_eq(d.weekday_factor, 1.0, 1e-12);
		cr_assert_float_eq(d.trend, 0.0, 1e-12);
		/* No error at all: the spread is Poisson's, the least the
		 * model allows. */
		cr_assert_float_eq(d.dispersion, 1.0, 1e-12);
		cr_assert_float_eq(d.sd, sqrt(12.0), 1e-9);
		cr_assert_eq(d.history_days, 364 < DAYS ? 364 : DAYS);
	}
}

Test(forecast, weekly_pattern_is_recovered)
{
	static const int64_t pattern[7] = {200, 240, 160, 200, 300, 600, 100};
	struct series s;

	series_init(&s, DAYS);
	for (int i = 0; i < DAYS; i++)
		s.units[i] = pattern[i % 7];
	for (int w = 0; w < 7; w++) {
		struct sr_fc_day d = fc(&s, DAYS, DAYS + w, NULL);

		cr_assert_float_eq(d.mean, (double)pattern[w],
				   0.01 * (double)pattern[w],
				   "weekday %d: %f, want %lld", w, d.mean,
				   (long long)pattern[w]);
	}
}

Test(forecast, noisy_weekday_differences_fade_towards_one)
{
	struct series s;
	uint64_t rng = 7;

	/* No real weekday pattern: the factors stay near 1. */
	series_init(&s, DAYS);
	for (int i = 0; i < DAYS; i++)
		s.units[i] = poisson(&rng, 4.0);
	for (int w = 0; w < 7; w++) {
		struct sr_fc_day d = fc(&s, DAYS, DAYS + w, NULL);

		cr_assert(fabs(d.weekday_factor - 1) < 0.15,
			  "weekday %d factor %f", w, d.weekday_factor);
	}
}

Test(forecast, linear_trend_is_followed)
{
	struct sr_fc_model full = SR_FC_MODEL_INIT, none = SR_FC_MODEL_INIT;
	struct series s;

	full.trend_damping = 1;
	none.trend_damping = 0;
	series_init(&s, DAYS);
	for (int i = 0; i < DAYS; i++)
		s.units[i] = 100 + 2 * i;
	for (int ahead = 0; ahead < 7; ahead++) {
		double want = 100 + 2.0 * (DAYS + ahead);
		struct sr_fc_day d1 = fc(&s, DAYS, DAYS + ahead, &full);
		struct sr_fc_day d0 = fc(&s, DAYS, DAYS + ahead, &none);
		struct sr_fc_day dh = fc(&s, DAYS, DAYS + ahead, NULL);

		/* The whole trend lands on the line. */
		cr_assert_float_eq(d1.mean, want, 0.01 * want,
				   "+%d: %f, want %f", ahead, d1.mean, want);
		cr_assert_float_eq(d1.trend, 2.0, 0.02, "%f", d1.trend);
		/* No trend lags by the slope times the weights' mean age. */
		cr_assert_lt(d0.mean, want - 20);
		/* The default applies half: exactly between the two. */
		cr_assert_float_eq(dh.mean, (d0.mean + d1.mean) / 2, 1e-6);
		cr_assert_float_eq(dh.trend, 1.0, 0.01);
	}
	/* Forecasts made on successive days stay on the line. */
	for (int cut = 60; cut <= DAYS; cut++) {
		struct sr_fc_day d = fc(&s, cut, cut, &full);
		double want = 100 + 2.0 * cut;

		cr_assert_float_eq(d.mean, want, 0.005 * want, "cut %d: %f",
				   cut, d.mean);
	}
}

Test(forecast, closed_days_are_not_zeros)
{
	struct series s, zeros;

	/* Constant 10, shut every Sunday and for a week at day 70. */
	series_init(&s, DAYS);
	for (int i = 0; i < DAYS; i++) {
		bool shut = i % 7 == 6 || (i >= 70 && i < 77);

		s.units[i] = shut ? 0 : 10;
		s.open[i] = !shut;
	}
	for (int w = 0; w < 6; w++) {
		struct sr_fc_day d = fc(&s, DAYS, DAYS + w, NULL);

		cr_assert_float_eq(d.mean, 10.0, 1e-9, "weekday %d: %f", w,
				   d.mean);
		cr_assert_float_eq(d.dispersion, 1.0, 1e-12);
	}
	/* Right after the closed week, nothing has sagged. */
	cr_assert_float_eq(fc(&s, 77, 77, NULL).mean, 10.0, 1e-9);

	/* The same sales read as open days that sold nothing do sag. */
	zeros = s;
	zeros.h.units = zeros.units;
	zeros.h.open = NULL;
	cr_assert_lt(fc(&zeros, 77, 77, NULL).mean, 9.0);
	cr_assert_lt(fc(&zeros, DAYS, DAYS + 6, NULL).mean, 5.0);
}

Test(forecast, no_history_means_no_forecast)
{
	struct series s;
	struct sr_fc_batch b;
	struct sr_fc_model m = SR_FC_MODEL_INIT;
	struct sr_fc_product p = {250, 70, 0, 1, 1, 0};
	struct sr_fail f = SR_FAIL_INIT;

	series_init(&s, DAYS);
	for (int i = 0; i < DAYS; i++)
		s.units[i] = 5;
	cr_assert_eq(fc(&s, 0, 0, NULL).history_days, 0);
	cr_assert_eq(fc(&s, 0, 3, NULL).mean, 0);
	cr_assert_eq(sr_forecast_batch(&s.h, &m, &p, 0, s.h.first - 10, 0, &b,
				       &f),
		     SR_OK);
	cr_assert_eq(b.quantity, 0);
	cr_assert_eq(b.runs, 0);
	/* Everything shut: no history either. */
	memset(s.open, 0, sizeof(s.open));
	cr_assert_eq(fc(&s, DAYS, DAYS, NULL).history_days, 0);
	sr_fail_release(&f);
}

/* A bakery-like series: a weekly pattern with Poisson noise, Sundays
 * closed, a slow rise. */
static void bakery(struct series *s, uint64_t seed)
{
	static const double pattern[7] = {14, 12, 15, 16, 19, 30, 0};

	series_init(s, DAYS);
	for (int i = 0; i < DAYS; i++) {
		s->open[i] = i % 7 != 6;
		s->units[i] =
			s->open[i] ? poisson(&seed, pattern[i % 7] + i / 40.0)
				   : 0;
	}
}

Test(forecast, no_look_ahead)
{
	static const struct sr_fc_model m = SR_FC_MODEL_INIT;
	static const struct sr_fc_product products[] = {
		{250, 70, 0, 1, 1, 0},
		{600, 200, 0, 30, 12, 24},
		{350, 100, 50, 3, 5, 0},
	};
	struct series s, cut;

	bakery(&s, 42);
	for (size_t k = 0; k < sizeof(products) / sizeof(products[0]); k++) {
		const struct sr_fc_product *p = &products[k];
		unsigned days = k == 1 ? (1u << 0 | 1u << 3) : 0;

		for (int d = 1; d < DAYS; d += 3) {
			struct sr_fc_batch full, shorter, changed;
			struct sr_fail f = SR_FAIL_INIT;

			cr_assert_eq(sr_forecast_batch(&s.h, &m, p, days,
						       s.h.first + d, 7, &full,
						       &f),
				     SR_OK, "%s", f.message.data);
			/* The history cut after day d, or before it... */
			cut = s;
			cut.h.units = cut.units;
			cut.h.open = cut.open;
			cut.h.ndays = (size_t)d + 1;
			cr_assert_eq(sr_forecast_batch(&cut.h, &m, p, days,
						       s.h.first + d, 7,
						       &shorter, &f),
				     SR_OK);
			cr_assert_eq(full.quantity, shorter.quantity,
				     "product %zu day %d", k, d);
			cut.h.ndays = (size_t)d;
			cr_assert_eq(sr_forecast_batch(&cut.h, &m, p, days,
						       s.h.first + d, 7,
						       &shorter, &f),
				     SR_OK);
			/* ... or with day d and later made up. */
			for (int i = d; i < DAYS; i++)
				cut.units[i] = (i * 37) % 101;
			cut.h.ndays = DAYS;
			cr_assert_eq(sr_forecast_batch(&cut.h, &m, p, days,
						       s.h.first + d, 7,
						       &changed, &f),
				     SR_OK);
			cr_assert_eq(full.quantity, shorter.quantity,
				     "product %zu day %d", k, d);
			cr_assert_eq(full.quantity, changed.quantity,
				     "product %zu day %d", k, d);
			cr_assert_float_eq(full.mean, changed.mean, 1e-9);
			cr_assert_float_eq(full.sd, changed.sd, 1e-9);
			sr_fail_release(&f);
		}
	}
}

Test(forecast, walk_has_no_look_ahead)
{
	static const struct sr_fc_model m = SR_FC_MODEL_INIT;
	static const struct sr_fc_product p = {600, 200, 0, 10, 6, 0};
	struct sr_fc_step a[70], b[70];
	struct sr_fail f = SR_FAIL_INIT;
	struct series s, t;
	int64_t from;

	bakery(&s, 9);
	from = s.h.first + 70;
	cr_assert_eq(sr_forecast_walk(&s.h, &m, &p, 0, SR_FC_SMALLRUN, from,
				      from + 69, 3, a, NULL, &f),
		     SR_OK, "%s", f.message.data);
	for (int d = 0; d < 70; d += 5) {
		t = s;
		t.h.units = t.units;
		t.h.open = t.open;
		/* Day d's sales and everything after it made up, and the
		 * shop's opening days after it too. */
		for (int i = 70 + d; i < DAYS; i++) {
			if (i > 70 + d)
				t.open[i] = i % 3 != 0;
			t.units[i] = t.open[i] ? 3 * t.units[i] + 1 : 0;
		}
		cr_assert_eq(sr_forecast_walk(&t.h, &m, &p, 0, SR_FC_SMALLRUN,
					      from, from + 69, 3, b, NULL, &f),
			     SR_OK);
		for (int i = 0; i <= d; i++) {
			cr_assert_eq(a[i].quantity, b[i].quantity,
				     "changed from %d, day %d", d, i);
			cr_assert_eq(a[i].on_hand, b[i].on_hand);
		}
	}
	sr_fail_release(&f);
}

Test(forecast, quantile_matches_the_formula)
{
	static const double cases[][2] = {
		{4, 1}, {0.3, 1}, {12.5, 1}, {7.3, 2.2}, {2.1, 4}, {60, 1.4},
	};
	static const double ps[] = {0.05, 0.3, 0.5, 0.72, 0.9, 0.99};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (size_t j = 0; j < sizeof(ps) / sizeof(ps[0]); j++) {
			double mean = cases[i][0], disp = cases[i][1];
			int64_t q = sr_forecast_quantile(mean, disp, ps[j]);

			cr_assert_geq(cdf(mean, disp, q), ps[j] - 1e-9,
				      "mean %g disp %g p %g: q %lld", mean,
				      disp, ps[j], (long long)q);
			if (q > 0)
				cr_assert_lt(cdf(mean, disp, q - 1), ps[j]);
			cr_assert_float_eq(sr_forecast_cdf(mean, disp, q),
					   cdf(mean, disp, q), 1e-9);
		}
	}
	/* Poisson(4): P(<=3) = 0.433, P(<=4) = 0.629. */
	cr_assert_eq(sr_forecast_quantile(4, 1, 0.5), 4);
	cr_assert_eq(sr_forecast_quantile(0, 1, 0.9), 0);
	cr_assert_eq(sr_forecast_cdf(0, 1, 0), 1.0);
	/* A large mean does not underflow into nonsense. */
	cr_assert_eq(sr_forecast_quantile(10000, 1, 0.5), 10000);
	cr_assert_float_eq((double)sr_forecast_quantile(5000, 3, 0.9),
			   5000 + 1.2816 * sqrt(15000.0), 3);
}

/* The quantity maximises expected profit among multiples of the batch
 * size: checked against every multiple up to a generous bound. */
static void check_best(const struct series *s, const struct sr_fc_product *p,
		       int64_t day_i, int64_t on_hand)
{
	static const struct sr_fc_model m = SR_FC_MODEL_INIT;
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_fc_batch b;
	double best = -1e18, mine;
	int64_t best_q = -1;

	cr_assert_eq(sr_forecast_batch(&s->h, &m, p, 0, s->h.first + day_i,
				       on_hand, &b, &f),
		     SR_OK, "%s", f.message.data);
	cr_assert_eq(b.quantity % p->batch_size, 0);
	for (int64_t q = 0; q < 200; q += p->batch_size) {
		double e = expected_profit(
			b.mean, b.forecast.dispersion, on_hand + q, q,
			(double)p->price, (double)p->unit_cost,
			(double)b.leftover_value);

		if (e > best + 1e-9) {
			best = e;
			best_q = q;
		}
	}
	mine = expected_profit(b.mean, b.forecast.dispersion,
			       on_hand + b.quantity, b.quantity,
			       (double)p->price, (double)p->unit_cost,
			       (double)b.leftover_value);
	cr_assert_float_eq(mine, best, 1e-6,
			   "price %lld cost %lld batch %lld: made %lld, best "
			   "%lld",
			   (long long)p->price, (long long)p->unit_cost,
			   (long long)p->batch_size, (long long)b.quantity,
			   (long long)best_q);
	cr_assert_float_eq((double)b.expected_profit, mine, 0.5 + 1e-6);
	sr_fail_release(&f);
}

Test(forecast, newsvendor_is_the_critical_ratio_quantile)
{
	static const struct sr_fc_model m = SR_FC_MODEL_INIT;
	static const int64_t costs[] = {10, 70, 125, 200, 240};
	struct series s;

	bakery(&s, 3);
	for (size_t i = 0; i < sizeof(costs) / sizeof(costs[0]); i++) {
		struct sr_fc_product p = {250, costs[i], 0, 1, 1, 0};

		for (int d = 60; d < DAYS; d += 11) {
			struct sr_fail f = SR_FAIL_INIT;
			struct sr_fc_batch b;
			double cr = (250.0 - (double)costs[i]) / 250.0;

			cr_assert_eq(sr_forecast_batch(&s.h, &m, &p, 0,
						       s.h.first + d, 0, &b,
						       &f),
				     SR_OK);
			cr_assert_float_eq(b.critical_ratio, cr, 1e-12);
			/* The smallest q with P(D <= q) >= ratio, from the
			 * formula here. */
			{
				int64_t q = 0;

				while (cdf(b.mean, b.forecast.dispersion, q) <
				       cr)
					q++;
				cr_assert_eq(b.quantity, q,
					     "cost %lld day %d: %lld, want "
					     "%lld",
					     (long long)costs[i], d,
					     (long long)b.quantity,
					     (long long)q);
			}
			check_best(&s, &p, d, 0);
			sr_fail_release(&f);
		}
	}
}

Test(forecast, batch_multiples_and_runs)
{
	struct series s;
	static const int64_t sizes[] = {1, 2, 5, 6, 12};

	bakery(&s, 5);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		for (int d = 50; d < DAYS; d += 13) {
			struct sr_fc_product p = {250, 70, 0, 1, sizes[i], 0};

			check_best(&s, &p, d, 0);
			p.unit_cost = 180;
			check_best(&s, &p, d, 0);
		}

	{
		static const struct sr_fc_model m = SR_FC_MODEL_INIT;
		struct sr_fc_product p = {250, 70, 0, 1, 12, 0};
		struct sr_fail f = SR_FAIL_INIT;
		struct sr_fc_batch b;

		/* Saturday: about 30 expected. */
		cr_assert_eq(sr_forecast_batch(&s.h, &m, &p, 0,
					       s.h.first + DAYS + 5, 0, &b, &f),
			     SR_OK);
		cr_assert_gt(b.quantity, 12);
		cr_assert_eq(b.runs, b.quantity / 12);
		p.max_batch = 30;
		cr_assert_eq(sr_forecast_batch(&s.h, &m, &p, 0,
					       s.h.first + DAYS + 5, 0, &b, &f),
			     SR_OK);
		cr_assert_eq(b.runs, (b.quantity + 29) / 30);
		p.batch_size = 1;
		p.max_batch = 0;
		cr_assert_eq(sr_forecast_batch(&s.h, &m, &p, 0,
					       s.h.first + DAYS + 5, 0, &b, &f),
			     SR_OK);
		cr_assert_eq(b.runs, 1);
		/* Selling at cost or below: make nothing. */
		p.unit_cost = 250;
		cr_assert_eq(sr_forecast_batch(&s.h, &m, &p, 0,
					       s.h.first + DAYS + 5, 0, &b, &f),
			     SR_OK);
		cr_assert_eq(b.quantity, 0);
		cr_assert_eq(b.runs, 0);
		sr_fail_release(&f);
	}
}

Test(forecast, stock_on_hand_and_shelf_life)
{
	static const struct sr_fc_model m = SR_FC_MODEL_INIT;
	struct sr_fc_product soap = {600, 200, 0, 30, 1, 0};
	struct sr_fc_product bread = {600, 200, 0, 1, 1, 0};
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_fc_batch b0, b, l;
	struct series s;
	int64_t day;

	bakery(&s, 11);
	day = s.h.first + DAYS + 1;
	cr_assert_eq(sr_forecast_batch(&s.h, &m, &soap, 0, day, 0, &b0, &f),
		     SR_OK);
	/* A leftover soap keeps 29/30 of its shelf life: it counts at
	 * that share of its cost, and the ratio rises accordingly. */
	cr_assert_eq(b0.cover_days, 1);
	cr_assert_eq(b0.leftover_value, 193);
	cr_assert_float_eq(b0.critical_ratio, 400.0 / (600 - 193), 1e-12);
	cr_assert_eq(sr_forecast_batch(&s.h, &m, &bread, 0, day, 0, &l, &f),
		     SR_OK);
	cr_assert_eq(l.leftover_value, 0);
	cr_assert_gt(b0.quantity, l.quantity);
	/* Order up to the same level whatever is on hand. */
	for (int64_t on = 0; on < 40; on += 3) {
		int64_t want = b0.quantity > on ? b0.quantity - on : 0;

		cr_assert_eq(sr_forecast_batch(&s.h, &m, &soap, 0, day, on, &b,
					       &f),
			     SR_OK);
		cr_assert_eq(b.quantity, want, "on hand %lld", (long long)on);
		check_best(&s, &soap, DAYS + 1, on);
	}
	/* Batches on Mondays and Thursdays: a Monday batch covers Monday
	 * to Wednesday, a week's stock is capped by a 2-day shelf life. */
	soap.shelf_life_days = 30;
	cr_assert_eq(sr_forecast_batch(&s.h, &m, &soap, 1u << 0 | 1u << 3,
				       s.h.first + DAYS, 0, &b, &f),
		     SR_OK);
	cr_assert_eq(b.cover_days, 3);
	cr_assert_eq(b.leftover_value, 180);
	cr_assert_gt(b.mean, 2 * b.forecast.mean);
	soap.shelf_life_days = 2;
	cr_assert_eq(sr_forecast_batch(&s.h, &m, &soap, 1u << 0,
				       s.h.first + DAYS, 0, &b, &f),
		     SR_OK);
	cr_assert_eq(b.cover_days, 2);
	cr_assert_eq(b.leftover_value, 0);
	sr_fail_release(&f);
}

Test(forecast, walk_books_balance)
{
	static const struct sr_fc_model m = SR_FC_MODEL_INIT;
	static const struct sr_fc_product products[] = {
		{250, 70, 0, 1, 1, 0},
		{250, 70, 30, 1, 6, 0},
		{600, 200, 0, 30, 12, 0},
		{350, 100, 50, 3, 1, 0},
	};
	struct series s;

	bakery(&s, 21);
	for (size_t k = 0; k < sizeof(products) / sizeof(products[0]); k++)
		for (int method = 0; method < SR_FC_METHOD__MAX; method++) {
			const struct sr_fc_product *p = &products[k];
			struct sr_fc_step st[56];
			struct sr_fc_tally t;
			struct sr_fail f = SR_FAIL_INIT;
			int64_t from = s.h.first + DAYS - 56, demand = 0;
			int64_t on_hand = k == 2 ? 10 : 0, made = 0;
			int open = 0;

			cr_assert_eq(sr_forecast_walk(&s.h, &m, p,
						      k == 2 ? 1u << 2 : 0,
						      (enum sr_fc_method)method,
						      from, from + 55, on_hand,
						      st, &t, &f),
				     SR_OK, "%s", f.message.data);
			for (int i = 0; i < 56; i++) {
				int64_t idx = DAYS - 56 + i;

				cr_assert_eq(st[i].open, s.open[idx]);
				if (!st[i].open) {
					cr_assert_eq(st[i].quantity, 0);
					cr_assert_not(st[i].batch);
					cr_assert_eq(st[i].sold, 0);
					continue;
				}
				open++;
				cr_assert_eq(st[i].demand, s.units[idx]);
				cr_assert_eq(st[i].sold + st[i].shortfall,
					     st[i].demand);
				cr_assert_eq(st[i].quantity % p->batch_size, 0);
				demand += st[i].demand;
				made += st[i].quantity;
			}
			cr_assert_eq(t.open_days, open);
			cr_assert_eq(t.made, made);
			cr_assert_eq(t.sold + t.shortfall, demand);
			cr_assert_eq(on_hand + t.made, t.sold + t.wasted + t.left);
			if (p->shelf_life_days == 1)
				cr_assert_eq(t.left, 0);
			cr_assert_eq(t.profit,
				     t.sold * p->price - t.made * p->unit_cost +
					     t.wasted * p->salvage +
					     t.left * p->unit_cost);
			sr_fail_release(&f);
		}
}

Test(forecast, rules_of_thumb_copy_the_weeks_before)
{
	static const struct sr_fc_model m = SR_FC_MODEL_INIT;
	static const struct sr_fc_product p = {250, 70, 0, 1, 1, 0};
	struct sr_fc_step st[28];
	struct sr_fail f = SR_FAIL_INIT;
	struct series s;
	int64_t from;

	bakery(&s, 77);
	from = s.h.first + 84;
	cr_assert_eq(sr_forecast_walk(&s.h, &m, &p, 0, SR_FC_LAST_WEEK, from,
				      from + 27, 0, st, NULL, &f),
		     SR_OK);
	for (int i = 0; i < 28; i++)
		if (st[i].open)
			cr_assert_eq(st[i].quantity, s.units[84 + i - 7]);
	cr_assert_eq(sr_forecast_walk(&s.h, &m, &p, 0, SR_FC_FOUR_WEEKS, from,
				      from + 27, 0, st, NULL, &f),
		     SR_OK);
	for (int i = 0; i < 28; i++) {
		int64_t sum = 0;

		if (!st[i].open)
			continue;
		for (int w = 1; w <= 4; w++)
			sum += s.units[84 + i - 7 * w];
		/* Rounded half up: (sum + 2) / 4 in whole numbers. */
		cr_assert_eq(st[i].quantity, (sum * 2 + 4) / 8);
	}
	sr_fail_release(&f);
}

Test(forecast, walk_past_the_history_plans_on_the_forecast)
{
	static const struct sr_fc_model m = SR_FC_MODEL_INIT;
	static const struct sr_fc_product p = {250, 70, 0, 1, 1, 0};
	struct sr_fc_step st[14];
	struct sr_fc_tally t;
	struct sr_fail f = SR_FAIL_INIT;
	struct series s;
	int64_t from;

	bakery(&s, 8);
	from = s.h.first + DAYS;
	cr_assert_eq(sr_forecast_walk(&s.h, &m, &p, 0, SR_FC_SMALLRUN, from,
				      from + 13, 0, st, NULL, &f),
		     SR_OK);
	for (int i = 0; i < 14; i++) {
		cr_assert_not(st[i].known);
		/* The usual Sunday closing carries on. */
		cr_assert_eq(st[i].open, i % 7 != 6, "day %d", i);
		if (st[i].open)
			cr_assert_gt(st[i].quantity, 0);
	}
	/* A backtest needs every day's sales. */
	cr_assert_eq(sr_forecast_walk(&s.h, &m, &p, 0, SR_FC_SMALLRUN,
				      from - 3, from + 3, 0, NULL, &t, &f),
		     SR_EINVAL);
	sr_fail_release(&f);
}

Test(forecast, bad_input_is_refused)
{
	struct sr_fc_model m = SR_FC_MODEL_INIT;
	struct sr_fc_product p = {250, 70, 0, 1, 1, 0};
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_fc_batch b;
	struct sr_fc_day d;
	struct series s;
	int64_t day;

	bakery(&s, 1);
	day = s.h.first + DAYS;
	cr_assert_eq(sr_forecast_day(&s.h, &m, day, day - 1, &d, &f),
		     SR_EINVAL);
	m.level_half_life = 0;
	cr_assert_eq(sr_forecast_day(&s.h, &m, day, day, &d, &f), SR_EINVAL);
	m = (struct sr_fc_model)SR_FC_MODEL_INIT;
	m.trend_weeks = SR_FC_MAX_TREND_WEEKS + 1;
	cr_assert_eq(sr_forecast_day(&s.h, &m, day, day, &d, &f), SR_EINVAL);
	m = (struct sr_fc_model)SR_FC_MODEL_INIT;
	s.units[3] = -1;
	cr_assert_eq(sr_forecast_day(&s.h, &m, day, day, &d, &f), SR_EINVAL);
	cr_assert(strstr(f.message.data, "day 3"), "%s", f.message.data);
	s.units[3] = 1;
	p.price = 0;
	cr_assert_eq(sr_forecast_batch(&s.h, &m, &p, 0, day, 0, &b, &f),
		     SR_EINVAL);
	p.price = 250;
	p.salvage = 250;
	cr_assert_eq(sr_forecast_batch(&s.h, &m, &p, 0, day, 0, &b, &f),
		     SR_EINVAL);
	p.salvage = 0;
	p.batch_size = 0;
	cr_assert_eq(sr_forecast_batch(&s.h, &m, &p, 0, day, 0, &b, &f),
		     SR_EINVAL);
	p.batch_size = 1;
	p.shelf_life_days = 0;
	cr_assert_eq(sr_forecast_batch(&s.h, &m, &p, 0, day, 0, &b, &f),
		     SR_EINVAL);
	p.shelf_life_days = 1;
	cr_assert_eq(sr_forecast_batch(&s.h, &m, &p, 0, day, -1, &b, &f),
		     SR_EINVAL);
	cr_assert_eq(sr_forecast_walk(&s.h, &m, &p, 0, SR_FC_SMALLRUN, day,
				      day - 1, 0, NULL, NULL, &f),
		     SR_EINVAL);
	cr_assert_eq(sr_forecast_walk(&s.h, &m, &p, 0, SR_FC_METHOD__MAX, day,
				      day, 0, NULL, NULL, &f),
		     SR_EINVAL);
	cr_assert_eq(sr_forecast_walk(&s.h, &m, &p, 0, SR_FC_SMALLRUN, day,
				      day + SR_FC_MAX_DAYS, 0, NULL, NULL, &f),
		     SR_ETOOBIG);
	sr_fail_release(&f);
}
