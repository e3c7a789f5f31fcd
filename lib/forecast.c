/*
 * forecast.c - daily demand from past sales, and the quantity to make.
 *
 * For a cut day t (only days before t are read) and a target day d:
 *
 *   weekday factors  f_k: recency-weighted mean of weekday k over the
 *                    weighted mean of all days (half-life 56 days), shrunk
 *                    towards 1 by B_k = noise_k / (noise_k + tau^2): the
 *                    Poisson noise of the weekday's mean against the spread
 *                    between the weekdays (empirical Bayes). A pattern that
 *                    stands out is kept; one lost in the noise fades to 1.
 *   level            L: recency-weighted mean (half-life 14 days) of
 *                    y_i / f_wd(i), centred on the weighted mean day c.
 *   trend            b: the Theil-Sen slope (median of pairwise slopes) of
 *                    the weekly means of y_i / f_wd(i) over the last 8
 *                    weeks, times 0.5 - half a trend, because a straight
 *                    line through a few noisy weeks overshoots more often
 *                    than it helps.
 *   mean             mu(d) = max(0, L + b (d - c)) * f_wd(d)
 *   spread           phi = variance / mean from the model's own one-day-
 *                    ahead errors on the last 56 open days (weighted with a
 *                    56-day half-life), with a prior of 1.5 worth 10 days;
 *                    at least 1. Demand ~ negative binomial(mu, phi).
 *
 * Closed days are skipped by every sum; they are neither zeros nor days.
 * doc/FORECAST.md has the same for people.
 */
#include "compat.h"

#include <math.h>

#include "smallrun/date.h"
#include "smallrun/forecast.h"

const char *const sr_fc_method_names[SR_FC_METHOD__MAX] = {
	[SR_FC_SMALLRUN] = "smallrun",
	[SR_FC_LAST_WEEK] = "last_week",
	[SR_FC_FOUR_WEEKS] = "four_week_mean",
};

const char *const sr_fc_method_titles[SR_FC_METHOD__MAX] = {
	[SR_FC_SMALLRUN] = "smallrun forecast",
	[SR_FC_LAST_WEEK] = "same weekday last week",
	[SR_FC_FOUR_WEEKS] = "mean of last 4 same weekdays",
};

/* The smallest mean the spread of errors is scaled by. */
#define MEAN_FLOOR 0.1
/* Never plan for demand less likely than this to turn up. */
#define TAIL 1e-4

/* What one walk or forecast shares: the inputs and a memo of one-step
 * forecasts (NAN: not computed; -1: no history for that day). */
struct fc {
	const struct sr_fc_history *h;
	const struct sr_fc_model *m;
	double aw, al, ae; /* one day's decay of each weighting */
	double *memo;	   /* h->ndays entries, or NULL */
};

static bool is_open(const struct sr_fc_history *h, int64_t i)
{
	return !h->open || h->open[i];
}

/* The weekday of history index i. */
static int wday(const struct sr_fc_history *h, int64_t i)
{
	return sr_date_weekday(h->first + i);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/*
 * The weekday factors at cut index ci from indices [lo, hi). Returns the
 * weighted mean of all open days (0 when nothing sold or nothing is
 * known) and the open days counted in *count.
 */
static double weekday_factors(const struct fc *c, int64_t ci, int64_t lo,
			      int64_t hi, double f[7], int *count)
{
	const struct sr_fc_history *h = c->h;
	double s[7] = {0}, n[7] = {0}, n2[7] = {0}, raw[7], noise[7];
	double tot = 0, totn = 0, mean, spread = 0, avg = 0, avg_noise = 0;
	double w = pow(c->aw, (double)(ci - hi + 1));
	int seen = 0;

	*count = 0;
	for (int k = 0; k < 7; k++)
		f[k] = 1.0;
	for (int64_t i = hi - 1; i >= lo; i--, w *= c->aw) {
		int k;

		if (!is_open(h, i))
			continue;
		k = wday(h, i);
		s[k] += w * (double)h->units[i];
		n[k] += w;
		n2[k] += w * w;
		tot += w * (double)h->units[i];
		totn += w;
		++*count;
	}
	if (!*count || tot <= 0)
		return 0;
	mean = tot / totn;
	for (int k = 0; k < 7; k++) {
		double neff;

		if (n[k] <= 0)
			continue;
		neff = n[k] * n[k] / n2[k];
		raw[k] = s[k] / n[k] / mean;
		/* The variance of a Poisson mean, relative to the overall
		 * mean; at least that of one unit, so an all-zero weekday
		 * still counts as uncertain. */
		noise[k] = fmax(raw[k], 1.0 / (neff * mean)) / (neff * mean);
		avg += raw[k];
		avg_noise += noise[k];
		seen++;
	}
	if (seen >= 2) {
		avg /= seen;
		avg_noise /= seen;
		for (int k = 0; k < 7; k++)
			if (n[k] > 0)
				spread += (raw[k] - avg) * (raw[k] - avg);
		spread = fmax(0.0, spread / (seen - 1) - avg_noise);
	}
	for (int k = 0; k < 7; k++) {
		double shrink;

		if (n[k] <= 0)
			continue;
		shrink = noise[k] / (noise[k] + spread);
		f[k] = shrink + (1 - shrink) * raw[k];
	}
	return mean;
}

/*
 * The point forecast for day index di from indices before ci: fills out
 * except dispersion and sd.
 */
static void point(const struct fc *c, int64_t ci, int64_t di,
		  struct sr_fc_day *out)
{
	const struct sr_fc_history *h = c->h;
	const struct sr_fc_model *m = c->m;
	int64_t lo = ci - m->lookback_days, hi = ci;
	double f[7], ls = 0, ln = 0, lt = 0, w, trend = 0, mean;
	double pt[SR_FC_MAX_TREND_WEEKS], px[SR_FC_MAX_TREND_WEEKS];
	double slopes[SR_FC_MAX_TREND_WEEKS * (SR_FC_MAX_TREND_WEEKS - 1) / 2];
	int count, npts = 0;
	size_t nslopes = 0;

	memset(out, 0, sizeof(*out));
	out->weekday_factor = 1.0;
	out->dispersion = 1.0;
	if (lo < 0)
		lo = 0;
	if (hi > (int64_t)h->ndays)
		hi = (int64_t)h->ndays;
	if (hi <= lo)
		return;
	mean = weekday_factors(c, ci, lo, hi, f, &count);
	out->history_days = count;
	out->centre = (double)(h->first + ci);
	if (mean <= 0)
		return;

	w = pow(c->al, (double)(ci - hi + 1));
	for (int64_t i = hi - 1; i >= lo; i--, w *= c->al) {
		if (!is_open(h, i))
			continue;
		ls += w * (double)h->units[i] / f[wday(h, i)];
		ln += w;
		lt += w * (double)(i - ci);
	}
	out->level = ls / ln;
	lt /= ln; /* the centre, as days before the cut (negative) */
	out->centre = (double)(h->first + ci) + lt;

	for (int j = 0; j < m->trend_weeks; j++) {
		int64_t a = ci - 7 * (int64_t)(j + 1), b = ci - 7 * (int64_t)j;
		double st = 0, sx = 0;
		int k = 0;

		for (int64_t i = a < lo ? lo : a; i < b && i < hi; i++) {
			if (!is_open(h, i))
				continue;
			st += (double)(i - ci);
			sx += (double)h->units[i] / f[wday(h, i)];
			k++;
		}
		if (k) {
			pt[npts] = st / k;
			px[npts] = sx / k;
			npts++;
		}
	}
	if (npts >= 4 || (npts >= 2 && npts == m->trend_weeks)) {
		for (int i = 0; i < npts; i++)
			for (int j = i + 1; j < npts; j++)
				slopes[nslopes++] =
					(px[j] - px[i]) / (pt[j] - pt[i]);
		trend = median(slopes, nslopes) * m->trend_damping;
	}
	out->trend = trend;
	out->weekday_factor = f[wday(h, di)];
	out->mean = fmax(0.0, out->level + trend * ((double)(di - ci) - lt)) *
		    out->weekday_factor;
}

/* The one-day-ahead mean for index e, or -1 when nothing is known. */
static double onestep(const struct fc *c, int64_t e)
{
	struct sr_fc_day d;

	if (c->memo && !isnan(c->memo[e]))
		return c->memo[e];
	point(c, e, e, &d);
	if (c->memo)
		c->memo[e] = d.history_days ? d.mean : -1;
	return d.history_days ? d.mean : -1;
}

/* The variance/mean ratio at cut index ci for a forecast of mean. */
static double dispersion(const struct fc *c, int64_t ci, double mean)
{
	const struct sr_fc_history *h = c->h;
	const struct sr_fc_model *m = c->m;
	int64_t hi = ci < (int64_t)h->ndays ? ci : (int64_t)h->ndays;
	int64_t lo = ci - m->lookback_days;
	double es = 0, em = 0, w = pow(c->ae, (double)(ci - hi + 1));
	double mt = fmax(mean, MEAN_FLOOR), k = m->dispersion_prior_days;
	int n = 0;

	for (int64_t e = hi - 1; e >= 0 && e >= lo && n < m->error_days;
	     e--, w *= c->ae) {
		double mu, r;

		if (!is_open(h, e) || (mu = onestep(c, e)) < 0)
			continue;
		r = (double)h->units[e] - mu;
		es += w * r * r;
		em += w * fmax(mu, 0.05);
		n++;
	}
	return fmax(1.0, (es + k * m->dispersion_prior * mt) / (em + k * mt));
}

static void fc_init(struct fc *c, const struct sr_fc_history *h,
		    const struct sr_fc_model *m, double *memo)
{
	c->h = h;
	c->m = m;
	c->aw = pow(0.5, 1.0 / m->weekday_half_life);
	c->al = pow(0.5, 1.0 / m->level_half_life);
	c->ae = pow(0.5, 1.0 / m->error_half_life);
	c->memo = memo;
}

static void forecast(const struct fc *c, int64_t cut, int64_t day,
		     struct sr_fc_day *out)
{
	int64_t ci = cut - c->h->first;

	point(c, ci, day - c->h->first, out);
	out->dispersion =
		out->history_days ? dispersion(c, ci, out->mean) : 1.0;
	out->sd = sqrt(out->mean * out->dispersion);
}

static bool half_life_ok(double v)
{
	return isfinite(v) && v >= 0.5 && v <= 1e5;
}

static enum sr_err check_model(const struct sr_fc_model *m, struct sr_fail *f)
{
	if (!m)
		return sr_fail_set(f, SR_EINVAL, "bad_value", "model",
				   "no model settings");
	if (!half_life_ok(m->level_half_life) ||
	    !half_life_ok(m->weekday_half_life) ||
	    !half_life_ok(m->error_half_life))
		return sr_fail_set(f, SR_EINVAL, "bad_value", "model",
				   "half-lives must be 0.5 to 100000 days");
	if (m->trend_weeks < 0 || m->trend_weeks > SR_FC_MAX_TREND_WEEKS ||
	    !(m->trend_damping >= 0 && m->trend_damping <= 1))
		return sr_fail_set(f, SR_EINVAL, "bad_value", "model",
				   "the trend takes 0 to %d weeks and a "
				   "damping from 0 to 1",
				   SR_FC_MAX_TREND_WEEKS);
	if (m->error_days < 0 || m->error_days > SR_FC_MAX_DAYS ||
	    !(m->dispersion_prior >= 1 && m->dispersion_prior <= 1e3) ||
	    !(m->dispersion_prior_days > 0 && m->dispersion_prior_days <= 1e5))
		return sr_fail_set(f, SR_EINVAL, "bad_value", "model",
				   "the spread settings are out of range");
	if (m->lookback_days < 7 || m->lookback_days > SR_FC_MAX_DAYS)
		return sr_fail_set(f, SR_EINVAL, "bad_value", "model",
				   "the lookback must be 7 to %d days",
				   SR_FC_MAX_DAYS);
	return SR_OK;
}

static enum sr_err check_history(const struct sr_fc_history *h,
				 struct sr_fail *f)
{
	if (!h || (h->ndays && !h->units))
		return sr_fail_set(f, SR_EINVAL, "bad_value", "history",
				   "no sales history");
	if (h->ndays > SR_FC_MAX_DAYS)
		return sr_fail_set(f, SR_EINVAL, "too_long", "history",
				   "the history is longer than %d days",
				   SR_FC_MAX_DAYS);
	if (h->first < -SR_FC_MAX_DAYS * 100 || h->first > SR_FC_MAX_DAYS * 100)
		return sr_fail_set(f, SR_EINVAL, "bad_value", "history",
				   "the history's first day is out of range");
	for (size_t i = 0; i < h->ndays; i++)
		if (h->units[i] < 0 || h->units[i] > SR_FC_MAX_UNITS)
			return sr_fail_set(f, SR_EINVAL, "bad_value", "history",
					   "day %zu of the history has %" PRId64
					   " units (0 to %d allowed)",
					   i, h->units[i], SR_FC_MAX_UNITS);
	return SR_OK;
}

/* day within the range day numbers can take here. */
static bool day_ok(const struct sr_fc_history *h, int64_t day)
{
	return day >= h->first - SR_FC_MAX_DAYS &&
	       day <= h->first + (int64_t)h->ndays + SR_FC_MAX_DAYS;
}

enum sr_err sr_forecast_day(const struct sr_fc_history *h,
			    const struct sr_fc_model *m, int64_t cut,
			    int64_t day, struct sr_fc_day *out,
			    struct sr_fail *f)
{
	enum sr_err err;
	struct fc c;

	if ((err = check_model(m, f)) || (err = check_history(h, f)))
		return err;
	if (!day_ok(h, cut) || !day_ok(h, day) || day < cut)
		return sr_fail_set(f, SR_EINVAL, "bad_value", "day",
				   "the day must be on or after the cut, "
				   "within %d days of the history",
				   SR_FC_MAX_DAYS);
	fc_init(&c, h, m, NULL);
	forecast(&c, cut, day, out);
	return SR_OK;
}

/* ---- the distribution ---- */

/*
 * Walks k = 0, 1, 2 ... through the negative binomial (or Poisson) with
 * the probability of k in log form, so a large mean does not underflow
 * P(0) into a sum that never grows.
 */
struct nb {
	double mean, lratio, r, logp, cdf;
	int64_t k, kmax;
	bool poisson;
};

static void nb_start(struct nb *d, double mean, double dispersion)
{
	double sd;

	memset(d, 0, sizeof(*d));
	if (!(mean > 0)) {
		d->cdf = 1;
		d->kmax = 0;
		return;
	}
	if (!(dispersion > 1 + 1e-9))
		dispersion = 1;
	d->mean = mean;
	d->poisson = dispersion == 1;
	sd = sqrt(mean * dispersion);
	d->kmax = (int64_t)ceil(mean + 60 * sd + 60);
	if (d->poisson) {
		d->logp = -mean;
	} else {
		d->r = mean / (dispersion - 1);
		d->lratio = log1p(-1 / dispersion);
		d->logp = -d->r * log(dispersion);
	}
	d->cdf = exp(d->logp);
}

static void nb_next(struct nb *d)
{
	double k = (double)d->k;

	if (d->k >= d->kmax) {
		d->cdf = 1;
		return;
	}
	if (d->poisson)
		d->logp += log(d->mean / (k + 1));
	else
		d->logp += log((k + d->r) / (k + 1)) + d->lratio;
	d->k++;
	d->cdf = fmin(1.0, d->cdf + exp(d->logp));
	if (d->k == d->kmax)
		d->cdf = 1;
}

double sr_forecast_cdf(double mean, double dispersion, int64_t k)
{
	struct nb d;

	if (k < 0)
		return 0;
	nb_start(&d, mean, dispersion);
	while (d.k < k && d.cdf < 1)
		nb_next(&d);
	return d.cdf;
}

int64_t sr_forecast_quantile(double mean, double dispersion, double p)
{
	struct nb d;

	if (!(p > 0))
		return 0;
	nb_start(&d, mean, dispersion);
	while (d.cdf < p && d.k < d.kmax)
		nb_next(&d);
	return d.k;
}

/* E[min(y, D)] = sum over j < y of P(D > j). */
static double expected_sales(double mean, double dispersion, int64_t y)
{
	struct nb d;
	double s = 0;

	nb_start(&d, mean, dispersion);
	for (int64_t j = 0; j < y; j++) {
		if (d.cdf >= 1)
			break;
		s += 1 - d.cdf;
		nb_next(&d);
	}
	return s;
}

/*
 * The newsvendor: the multiple of step to add to on_hand that maximises
 * price * E[sold] + leftover * E[left] - cost * made. Adding a unit on top
 * of y earns price * P(D > y) + leftover * P(D <= y) - cost, which falls as
 * y grows, so whole steps are added while a step still earns.
 */
static int64_t newsvendor(double mean, double dispersion, int64_t on_hand,
			  int64_t price, int64_t cost, int64_t leftover,
			  int64_t step)
{
	struct nb d;
	int64_t q = 0;

	if (price <= cost)
		return 0;
	nb_start(&d, mean, dispersion);
	while (d.k < on_hand && d.cdf < 1)
		nb_next(&d);
	/* d is at the stock level on_hand + q, d.cdf = P(D <= level). */
	while (1 - d.cdf >= TAIL && q <= SR_FC_MAX_BATCH - step) {
		struct nb at = d;
		double gain = 0;

		for (int64_t u = 0; u < step; u++) {
			gain += (double)price * (1 - at.cdf) +
				(double)leftover * at.cdf - (double)cost;
			nb_next(&at);
		}
		if (gain <= 0)
			break;
		q += step;
		d = at;
	}
	return q;
}

/* ---- batches ---- */

static enum sr_err check_product(const struct sr_fc_product *p,
				 struct sr_fail *f)
{
	if (!p || p->price <= 0 || p->price > SR_FC_MAX_PRICE)
		return sr_fail_set(f, SR_EINVAL, "bad_value", "price",
				   "the price must be above zero and at most "
				   "%d minor units",
				   SR_FC_MAX_PRICE);
	if (p->unit_cost < 0 || p->unit_cost > SR_FC_MAX_PRICE)
		return sr_fail_set(f, SR_EINVAL, "bad_value", "unit_cost",
				   "the unit cost must be 0 to %d minor units",
				   SR_FC_MAX_PRICE);
	if (p->salvage < 0 || p->salvage >= p->price)
		return sr_fail_set(f, SR_EINVAL, "bad_value", "salvage",
				   "what a leftover fetches must be at least "
				   "zero and below the price");
	if (p->shelf_life_days < 1 || p->shelf_life_days > SR_FC_MAX_DAYS)
		return sr_fail_set(f, SR_EINVAL, "bad_value", "shelf_life_days",
				   "the shelf life must be 1 to %d days",
				   SR_FC_MAX_DAYS);
	if (p->batch_size < 1 || p->batch_size > SR_FC_MAX_UNITS ||
	    p->max_batch < 0 || p->max_batch > SR_FC_MAX_BATCH)
		return sr_fail_set(f, SR_EINVAL, "bad_value", "batch_size",
				   "the batch size must be 1 to %d and the "
				   "largest batch 0 to %d",
				   SR_FC_MAX_UNITS, SR_FC_MAX_BATCH);
	return SR_OK;
}

/* What a call with a product and stock on hand checks first: the model,
 * the history, the product, then the stock. */
static enum sr_err check_stocked(const struct sr_fc_history *h,
				 const struct sr_fc_model *m,
				 const struct sr_fc_product *p, int64_t on_hand,
				 struct sr_fail *f)
{
	enum sr_err err;

	if ((err = check_model(m, f)) || (err = check_history(h, f)) ||
	    (err = check_product(p, f)))
		return err;
	if (on_hand < 0 || on_hand > SR_FC_MAX_BATCH)
		return sr_fail_set(f, SR_EINVAL, "bad_value", "on_hand",
				   "stock on hand must be 0 to %d units",
				   SR_FC_MAX_BATCH);
	return SR_OK;
}

static bool batch_day(unsigned weekdays, int64_t day)
{
	weekdays &= SR_FC_EVERY_DAY;
	return !weekdays || (weekdays >> sr_date_weekday(day)) & 1u;
}

/*
 * Whether the shop opens on day, as far as the days before cut tell: as the
 * history says for a day before cut, else as it usually does on that
 * weekday - open on at least half of the last eight known ones before cut
 * (or when none is known).
 */
static bool expect_open(const struct sr_fc_history *h, int64_t cut, int64_t day)
{
	int64_t i = day - h->first, last = cut - h->first - 1;
	int known = 0, open = 0;

	if (last > (int64_t)h->ndays - 1)
		last = (int64_t)h->ndays - 1;
	if (i >= 0 && i <= last)
		return is_open(h, i);
	if (i > last)
		i -= ((i - last + 6) / 7) * 7;
	for (; i >= 0 && known < 8; i -= 7, known++)
		open += is_open(h, i);
	return !known || 2 * open >= known;
}

static int64_t runs(const struct sr_fc_product *p, int64_t q)
{
	int64_t per = p->max_batch	  ? p->max_batch
		      : p->batch_size > 1 ? p->batch_size
					  : 0;

	if (!q)
		return 0;
	return per ? (q + per - 1) / per : 1;
}

/*
 * The days a batch made on day serves: up to the next batch weekday the
 * shop usually opens on, within the shelf life and a week.
 */
static int cover_days(const struct sr_fc_history *h,
		      const struct sr_fc_product *p, unsigned weekdays,
		      int64_t day)
{
	int n = 1;

	while (n < p->shelf_life_days && n < 7 &&
	       !(batch_day(weekdays, day + n) && expect_open(h, day, day + n)))
		n++;
	return n;
}

static int64_t leftover_value(const struct sr_fc_product *p, int cover)
{
	int64_t carry = 0;

	if (p->shelf_life_days > cover)
		carry = (int64_t)llround((double)p->unit_cost *
					 (p->shelf_life_days - cover) /
					 p->shelf_life_days);
	return carry > p->salvage ? carry : p->salvage;
}

static void batch(const struct fc *c, const struct sr_fc_product *p,
		  unsigned weekdays, int64_t day, int64_t on_hand,
		  struct sr_fc_batch *out)
{
	double mean = 0, sold;
	int64_t y;

	memset(out, 0, sizeof(*out));
	out->on_hand = on_hand;
	out->cover_days = cover_days(c->h, p, weekdays, day);
	forecast(c, day, day, &out->forecast);
	mean = out->forecast.mean;
	for (int j = 1; j < out->cover_days; j++) {
		struct sr_fc_day d;

		if (!expect_open(c->h, day, day + j))
			continue;
		point(c, day - c->h->first, day + j - c->h->first, &d);
		mean += d.mean;
	}
	out->mean = mean;
	out->sd = sqrt(mean * out->forecast.dispersion);
	out->leftover_value = leftover_value(p, out->cover_days);
	out->critical_ratio =
		p->price > p->unit_cost
			? (double)(p->price - p->unit_cost) /
				  (double)(p->price - out->leftover_value)
			: 0;
	out->quantity =
		newsvendor(mean, out->forecast.dispersion, on_hand, p->price,
			   p->unit_cost, out->leftover_value, p->batch_size);
	out->runs = runs(p, out->quantity);
	y = on_hand + out->quantity;
	sold = expected_sales(mean, out->forecast.dispersion, y);
	out->expected_profit = (int64_t)llround(
		(double)p->price * sold +
		(double)out->leftover_value * ((double)y - sold) -
		(double)p->unit_cost * (double)out->quantity);
}

enum sr_err sr_forecast_batch(const struct sr_fc_history *h,
			      const struct sr_fc_model *m,
			      const struct sr_fc_product *p,
			      unsigned batch_weekdays, int64_t day,
			      int64_t on_hand, struct sr_fc_batch *out,
			      struct sr_fail *f)
{
	enum sr_err err;
	struct fc c;

	if ((err = check_stocked(h, m, p, on_hand, f)))
		return err;
	if (!day_ok(h, day))
		return sr_fail_set(f, SR_EINVAL, "bad_value", "day",
				   "the day is more than %d days from the "
				   "history",
				   SR_FC_MAX_DAYS);
	fc_init(&c, h, m, NULL);
	batch(&c, p, batch_weekdays, day, on_hand, out);
	return SR_OK;
}

/* ---- walking forward ---- */

/* What a rule of thumb expects on target from the days before cut. */
static double rule_estimate(const struct sr_fc_history *h,
			    enum sr_fc_method method, int64_t cut,
			    int64_t target)
{
	int64_t i = target - h->first - 7, ci = cut - h->first;
	int want = method == SR_FC_LAST_WEEK ? 1 : 4, got = 0;
	double sum = 0;

	while (i >= ci)
		i -= 7;
	if (i >= (int64_t)h->ndays)
		i -= ((i - (int64_t)h->ndays) / 7 + 1) * 7;
	for (int weeks = 0; i >= 0 && got < want && weeks < 52;
	     i -= 7, weeks++) {
		if (!is_open(h, i))
			continue;
		sum += (double)h->units[i];
		got++;
	}
	return got ? sum / got : 0;
}

static int64_t rule_quantity(const struct sr_fc_history *h,
			     const struct sr_fc_product *p, unsigned weekdays,
			     enum sr_fc_method method, int64_t day,
			     int64_t on_hand)
{
	int cover = cover_days(h, p, weekdays, day);
	double est = rule_estimate(h, method, day, day);
	int64_t need, b = p->batch_size;

	for (int j = 1; j < cover; j++)
		if (expect_open(h, day, day + j))
			est += rule_estimate(h, method, day, day + j);
	need = (int64_t)floor(est + 0.5) - on_hand;
	if (need <= 0)
		return 0;
	/* To the nearest whole batch, halves up. */
	return (need * 2 + b) / (2 * b) * b;
}

struct lot {
	int64_t expires; /* the last day it can be sold */
	int64_t units;
};

enum sr_err sr_forecast_walk(const struct sr_fc_history *h,
			     const struct sr_fc_model *m,
			     const struct sr_fc_product *p,
			     unsigned batch_weekdays, enum sr_fc_method method,
			     int64_t from, int64_t to, int64_t on_hand,
			     struct sr_fc_step *steps,
			     struct sr_fc_tally *tally, struct sr_fail *f)
{
	struct sr_fc_tally t = {0};
	struct lot *lots = NULL;
	double *memo = NULL;
	size_t head = 0, tail = 0, n;
	enum sr_err err;
	int64_t stock;
	struct fc c;

	if ((err = check_stocked(h, m, p, on_hand, f)))
		return err;
	if ((unsigned)method >= SR_FC_METHOD__MAX)
		return sr_fail_set(f, SR_EINVAL, "bad_value", "method",
				   "no such method");
	if (!day_ok(h, from) || !day_ok(h, to) || from > to)
		return sr_fail_set(f, SR_EINVAL, "bad_value", "from",
				   "the walk must run forwards, within %d "
				   "days of the history",
				   SR_FC_MAX_DAYS);
	if (to - from >= SR_FC_MAX_DAYS)
		return sr_fail_set(f, SR_ETOOBIG, "too_long", "to",
				   "a walk covers at most %d days",
				   SR_FC_MAX_DAYS);
	if (tally && (from < h->first || to >= h->first + (int64_t)h->ndays))
		return sr_fail_set(f, SR_EINVAL, "no_sales", "to",
				   "a backtest needs the sales of every day "
				   "it covers");

	n = (size_t)(to - from + 1);
	lots = calloc(n + 1, sizeof(*lots));
	if (h->ndays)
		memo = malloc(h->ndays * sizeof(*memo));
	if (!lots || (h->ndays && !memo)) {
		err = sr_fail_set(f, SR_ENOMEM, "no_memory", "",
				  "out of memory");
		goto out;
	}
	for (size_t i = 0; i < h->ndays; i++)
		memo[i] = NAN;
	fc_init(&c, h, m, memo);

	if (on_hand) {
		int64_t life = p->shelf_life_days - 2;

		lots[tail++] =
			(struct lot){from + (life > 0 ? life : 0), on_hand};
	}
	stock = on_hand;
	for (int64_t day = from; day <= to; day++) {
		struct sr_fc_step s = {0};
		struct sr_fc_batch b;
		int64_t i = day - h->first, want;

		s.day = day;
		s.known = i >= 0 && i < (int64_t)h->ndays;
		s.open = s.known ? is_open(h, i) : expect_open(h, day, day);
		s.on_hand = stock;
		if (steps || (s.open && !s.known)) {
			struct sr_fc_day d;

			forecast(&c, day, day, &d);
			s.mean = d.mean;
			s.sd = d.sd;
		}
		if (s.open && batch_day(batch_weekdays, day)) {
			if (method == SR_FC_SMALLRUN) {
				batch(&c, p, batch_weekdays, day, stock, &b);
				s.quantity = b.quantity;
			} else {
				s.quantity = rule_quantity(h, p, batch_weekdays,
							   method, day, stock);
			}
			s.runs = runs(p, s.quantity);
			s.batch = true;
			t.batch_days++;
			if (s.quantity) {
				lots[tail++] = (struct lot){
					day + p->shelf_life_days - 1,
					s.quantity};
				stock += s.quantity;
			}
		}
		if (s.open) {
			s.demand = s.known ? h->units[i]
					   : (int64_t)llround(s.mean);
			want = s.demand;
			while (want && head < tail) {
				int64_t take = lots[head].units < want
						       ? lots[head].units
						       : want;

				lots[head].units -= take;
				want -= take;
				s.sold += take;
				if (!lots[head].units)
					head++;
			}
			s.shortfall = want;
			stock -= s.sold;
			t.open_days++;
		}
		while (head < tail && lots[head].expires <= day) {
			s.wasted += lots[head].units;
			stock -= lots[head].units;
			head++;
		}
		t.made += s.quantity;
		t.sold += s.sold;
		t.wasted += s.wasted;
		t.shortfall += s.shortfall;
		if (steps)
			steps[day - from] = s;
	}
	t.left = stock;
	t.revenue = t.sold * p->price;
	t.cost = t.made * p->unit_cost;
	t.salvage = t.wasted * p->salvage;
	t.stock_value = t.left * p->unit_cost;
	t.profit = t.revenue + t.salvage - t.cost + t.stock_value;
	if (tally)
		*tally = t;
	err = SR_OK;
out:
	free(lots);
	free(memo);
	return err;
}
