/*
 * test-econ.c - costs, prices and batch sizes, by hand and by property.
 * Expected figures are worked out in the comments from the inputs.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "smallrun/econ.h"

/* The figures that need a price (econ.h). */
#define PRICED                                                                 \
	(UINT32_C(1) << SR_EF_MARGIN | UINT32_C(1) << SR_EF_MARGIN_BP |        \
	 UINT32_C(1) << SR_EF_EARNED_PER_HOUR |                                \
	 UINT32_C(1) << SR_EF_PROFIT_WEEK_JOB |                                \
	 UINT32_C(1) << SR_EF_PROFIT_WEEK_BATCH)

/* A one-person workshop: £20 an hour, 40 hours a week over 5 days. */
static struct sr_econ_workshop shop(void)
{
	struct sr_econ_workshop w;

	memset(&w, 0, sizeof(w));
	w.hourly_rate = 2000;
	w.markup_pct = 50;
	w.wholesale_pct = 200;
	w.retail_pct = 200;
	w.holding_pct = 25;
	w.week_minutes = 2400;
	w.work_days = 5;
	return w;
}

Test(econ, muldiv_rounds_half_away_from_zero)
{
	cr_assert_eq(sr_econ_muldiv(5, 1, 2), 3);
	cr_assert_eq(sr_econ_muldiv(-5, 1, 2), -3);
	cr_assert_eq(sr_econ_muldiv(4, 1, 3), 1);
	cr_assert_eq(sr_econ_muldiv(5, 1, 3), 2);
	cr_assert_eq(sr_econ_muldiv(7, 10, 4), 18); /* 17.5 -> 18 */
	cr_assert_eq(sr_econ_muldiv(1, 1, 0), 0);
	/* No overflow in the product: 9e18 * 3 / 3. */
	cr_assert_eq(sr_econ_muldiv(INT64_C(9000000000000000000), 3, 3),
		     INT64_C(9000000000000000000));
}

/*
 * The article's bike frames: £1,800 each; say £400 of tubing and 40 hours
 * of work. Earned per hour = (180000 - 40000) × 60 / 2400 = 3500 = £35.
 * Its mugs: £12 each; say £2 of clay and glaze and 12 minutes a mug.
 * Earned per hour = (1200 - 200) × 60 / 12 = 5000 = £50.
 */
Test(econ, article_frames_and_mugs)
{
	struct sr_econ_workshop w = shop();
	struct sr_econ_product frame = {0}, mug = {0};
	struct sr_econ_result r;

	frame.price = 180000;
	frame.material_cost = 40000;
	frame.minutes_per_unit = 2400;
	frame.job_mode = true;
	frame.weekly_demand = -1;
	sr_econ_product(&w, &frame, &r);
	cr_assert_eq(r.earned_per_hour, 3500);
	/* Floor: 40000 + 2400 min at £20/h = 40000 + 80000 = 120000. */
	cr_assert_eq(r.price_floor, 120000);
	cr_assert_eq(r.margin, 180000 - 120000);
	cr_assert_eq(r.best, SR_PROD_JOB);
	/* 147 frames in three years is 49 a year, about one a week: a week
	 * of 2400 minutes makes exactly one. */
	cr_assert_eq(r.units_capacity_job, 1);

	mug.price = 1200;
	mug.material_cost = 200;
	mug.minutes_per_unit = 12;
	mug.setup_minutes = 120; /* loading and firing the kiln */
	mug.batch_mode = true;
	mug.max_batch = 200;     /* 200 mugs a firing */
	/* 15,000 mugs a year is 15000 / 52 = 288 a week (rounded). */
	mug.weekly_demand = 288;
	sr_econ_product(&w, &mug, &r);
	cr_assert_eq(r.earned_per_hour, 5000);
	cr_assert_eq(r.recommended, 200);
	cr_assert_eq(r.bound_by, SR_CAP_EQUIPMENT);
	/* Unit cost at 200: 200 + (12×200 + 120) × 2000 / (60×200)
	 * = 200 + 2520 × 2000 / 12000 = 200 + 420 = 620. */
	cr_assert_eq(r.unit_cost_batch, 620);
	cr_assert_eq(r.best, SR_PROD_BATCH);
	/* 288 mugs need 288×12 + 288×120/200 = 3456 + 173 minutes: more
	 * than the week's 2400, so capacity is over. */
	cr_assert_eq(r.minutes_needed_batch, 3456 + 173);
	cr_assert(r.warnings & (1u << SR_EW_OVER_CAPACITY));
}

/*
 * The bespoke table at £1,200 against the factory's £300: with £350 of
 * oak and 30 hours at £20, the maker's floor is 35000 + 60000 = 95000, so
 * £300 would be far below it and £1,200 clears it.
 */
Test(econ, article_table_floor)
{
	struct sr_econ_workshop w = shop();
	struct sr_econ_product t = {0};
	struct sr_econ_result r;

	t.material_cost = 35000;
	t.minutes_per_unit = 1800;
	t.job_mode = true;
	t.weekly_demand = -1;
	t.price = 30000;
	sr_econ_product(&w, &t, &r);
	cr_assert_eq(r.price_floor, 95000);
	cr_assert(r.warnings & (1u << SR_EW_BELOW_FLOOR));
	t.price = 120000;
	sr_econ_product(&w, &t, &r);
	cr_assert(!(r.warnings & (1u << SR_EW_BELOW_FLOOR)));
	cr_assert_eq(r.margin, 120000 - 95000);
	/* Suggested: cost 95000 × 150% = 142500; wholesale ×2 = 190000;
	 * retail ×2 = 380000. */
	cr_assert_eq(r.price_cost_plus, 142500);
	cr_assert_eq(r.price_wholesale, 190000);
	cr_assert_eq(r.price_retail, 380000);
}

/*
 * Issue 10: a floor below the cost of one is no floor. £3 of materials,
 * 30 minutes at £18 an hour and £6 an hour of overhead: one costs
 * 300 + 30 × 1800 / 60 + 30 × 600 / 60 = 300 + 900 + 300 = 1500, and the
 * floor is that same 1500.
 */
Test(econ, floor_covers_materials_labour_and_overhead)
{
	struct sr_econ_workshop w = shop();
	struct sr_econ_product p = {0};
	struct sr_econ_result r;
	int64_t mat = 300, m = 30, rate = 1800, over = 600;
	int64_t want = mat + m * rate / 60 + m * over / 60;

	w.hourly_rate = rate;
	w.overhead_per_hour = over;
	p.material_cost = mat;
	p.minutes_per_unit = m;
	p.job_mode = true;
	p.weekly_demand = -1;
	p.price = want - 1;
	sr_econ_product(&w, &p, &r);
	cr_assert_eq(want, 1500);
	cr_assert_eq(r.unit_cost_job, want);
	cr_assert_eq(r.price_floor, want);
	cr_assert_geq(r.price_floor, r.unit_cost_job);
	/* A penny under the cost of one is under the floor. */
	cr_assert(r.warnings & (1u << SR_EW_BELOW_FLOOR));
	p.price = want;
	sr_econ_product(&w, &p, &r);
	cr_assert(!(r.warnings & (1u << SR_EW_BELOW_FLOOR)));
	cr_assert_eq(r.margin, 0);
}

/*
 * Made in batches the floor is the cost of one in the batch, overhead in:
 * £1 of materials, 10 minutes each and 60 minutes of setup, batches of 6,
 * at £20 + £4 an hour: 100 + (10 × 6 + 60) × 2400 / (60 × 6) = 100 + 800.
 */
Test(econ, batch_floor_is_the_batch_cost_with_overhead)
{
	struct sr_econ_workshop w = shop();
	struct sr_econ_product p = {0};
	struct sr_econ_result r;
	int64_t mat = 100, m = 10, s = 60, n = 6, rate = 2000, over = 400;
	int64_t want = mat + (m * n + s) * (rate + over) / (60 * n);

	w.hourly_rate = rate;
	w.overhead_per_hour = over;
	p.material_cost = mat;
	p.minutes_per_unit = m;
	p.setup_minutes = s;
	p.batch_size = n;
	p.batch_mode = true;
	p.weekly_demand = -1;
	p.price = 1000;
	sr_econ_product(&w, &p, &r);
	cr_assert_eq(want, 900);
	cr_assert_eq(r.unit_cost_batch, want);
	cr_assert_eq(r.price_floor, want);
	cr_assert_eq(r.margin, p.price - want);
}

/*
 * Suggested wholesale above the suggested retail: a retail percentage
 * under 100 sells in shops for less than they pay. Cost of one 1000
 * (£2 of materials, 24 minutes at £20): wholesale 1000 × 200 % = 2000,
 * retail 2000 × 80 % = 1600 < 2000, so it is flagged; at 100 % retail
 * equals wholesale and nothing is.
 */
Test(econ, wholesale_above_retail_is_flagged)
{
	struct sr_econ_workshop w = shop();
	struct sr_econ_product p = {0};
	struct sr_econ_result r;
	int64_t cost = 200 + 24 * 2000 / 60;

	p.material_cost = 200;
	p.minutes_per_unit = 24;
	p.job_mode = true;
	p.weekly_demand = -1;
	p.price = 5000;
	w.retail_pct = 80;
	sr_econ_product(&w, &p, &r);
	cr_assert_eq(r.price_wholesale, cost * 200 / 100);
	cr_assert_eq(r.price_retail, cost * 200 / 100 * 80 / 100);
	cr_assert_lt(r.price_retail, r.price_wholesale);
	cr_assert(r.warnings & (1u << SR_EW_WHOLESALE_ABOVE_RETAIL));
	cr_assert_str_eq(sr_econ_warnings[SR_EW_WHOLESALE_ABOVE_RETAIL].code,
			 "wholesale_above_retail");
	w.retail_pct = 100;
	sr_econ_product(&w, &p, &r);
	cr_assert_eq(r.price_retail, r.price_wholesale);
	cr_assert(!(r.warnings & (1u << SR_EW_WHOLESALE_ABOVE_RETAIL)));
}

Test(econ, tracked_time_wins_and_is_checked_against_the_estimate)
{
	struct sr_econ_workshop w = shop();
	struct sr_econ_product p = {0};
	struct sr_econ_result r;

	p.price = 5000;
	p.minutes_per_unit = 60;
	p.job_mode = true;
	p.weekly_demand = -1;
	sr_econ_product(&w, &p, &r);
	cr_assert(!r.tracked);
	cr_assert(r.warnings & (1u << SR_EW_NO_TRACKING));
	/* 10 units took 900 minutes: 90 a unit, 50% over the estimate. */
	p.tracked_minutes = 900;
	p.tracked_units = 10;
	sr_econ_product(&w, &p, &r);
	cr_assert(r.tracked);
	cr_assert_eq(r.minutes_per_unit, 90);
	cr_assert(r.warnings & (1u << SR_EW_ESTIMATE_OFF));
	cr_assert(!(r.warnings & (1u << SR_EW_NO_TRACKING)));
	/* 70 a unit is within 25% of 60: no warning. */
	p.tracked_minutes = 700;
	sr_econ_product(&w, &p, &r);
	cr_assert(!(r.warnings & (1u << SR_EW_ESTIMATE_OFF)));
}

/* No minutes set and none tracked: not "your estimate of 0 minutes". */
Test(econ, no_minutes_is_not_an_estimate)
{
	struct sr_econ_workshop w = shop();
	struct sr_econ_product p = {0};
	struct sr_econ_result r;

	p.price = 500;
	p.job_mode = true;
	p.weekly_demand = -1;
	sr_econ_product(&w, &p, &r);
	cr_assert(r.warnings & (1u << SR_EW_NO_MINUTES));
	cr_assert(!(r.warnings & (1u << SR_EW_NO_TRACKING)));
	p.minutes_per_unit = 10;
	sr_econ_product(&w, &p, &r);
	cr_assert(!(r.warnings & (1u << SR_EW_NO_MINUTES)));
	cr_assert(r.warnings & (1u << SR_EW_NO_TRACKING));
}

/*
 * Price 0 is no price yet (a sales import's new products): margin, what
 * an hour earns and the week's profits are not worked out, rather than
 * shown as £0.00 or a loss; it is not "below the floor"; and a product
 * made both ways that sells has no verdict from figures to compare.
 */
Test(econ, no_price_leaves_out_what_needs_one)
{
	struct sr_econ_workshop w = shop();
	struct sr_econ_product p = {0};
	struct sr_econ_result r;

	p.material_cost = 80;
	p.minutes_per_unit = 6;
	p.setup_minutes = 30;
	p.job_mode = p.batch_mode = true;
	p.weekly_demand = 20;
	sr_econ_product(&w, &p, &r);
	cr_assert_eq(r.unpriced, PRICED);
	cr_assert_eq(r.too_large, 0);
	cr_assert(r.warnings & (1u << SR_EW_NO_PRICE));
	cr_assert(!(r.warnings & (1u << SR_EW_BELOW_FLOOR)));
	cr_assert_eq(r.margin, 0);
	cr_assert_eq(r.earned_per_hour, 0);
	cr_assert_eq(r.profit_week_job, 0);
	cr_assert_eq(r.profit_week_batch, 0);
	cr_assert(r.needs_price);
	cr_assert_eq(r.best, SR_PROD_JOB);
	/* What needs no price is given: 80 + (6 + 30) × 2000 / 60. */
	cr_assert_eq(r.unit_cost_job, 80 + 1200);
	cr_assert_gt(r.minutes_needed_job, 0);

	/* Priced, everything is back. */
	p.price = 2000;
	sr_econ_product(&w, &p, &r);
	cr_assert_eq(r.unpriced, 0);
	cr_assert(!r.needs_price);
	cr_assert(!(r.warnings & (1u << SR_EW_NO_PRICE)));
	cr_assert_eq(r.earned_per_hour, (2000 - 80) * 60 / 6);

	/* Made one way only, the verdict needs no price. */
	p.price = 0;
	p.job_mode = false;
	sr_econ_product(&w, &p, &r);
	cr_assert(!r.needs_price);
	cr_assert_eq(r.best, SR_PROD_BATCH);
}

Test(econ, shelf_life_caps_the_batch_and_warns_of_waste)
{
	struct sr_econ_workshop w = shop();
	struct sr_econ_product p = {0};
	struct sr_econ_result r;

	p.price = 400;
	p.material_cost = 80;
	p.minutes_per_unit = 3;
	p.setup_minutes = 60;
	p.batch_mode = true;
	p.shelf_life_days = 1;
	p.weekly_demand = 140; /* 20 a day */
	sr_econ_product(&w, &p, &r);
	cr_assert_eq(r.caps[SR_CAP_SHELF], 20);
	cr_assert_eq(r.recommended, 20);
	cr_assert_eq(r.bound_by, SR_CAP_SHELF);
	cr_assert(!(r.warnings & (1u << SR_EW_UNSOLD_STOCK)));
	p.batch_size = 50;
	sr_econ_product(&w, &p, &r);
	cr_assert(r.warnings & (1u << SR_EW_UNSOLD_STOCK));
}

Test(econ, edge_cases)
{
	struct sr_econ_workshop w = shop();
	struct sr_econ_product p = {0};
	struct sr_econ_result r;

	/* Zero demand: no EPQ, no week, made to order. */
	p.price = 1000;
	p.minutes_per_unit = 10;
	p.setup_minutes = 30;
	p.job_mode = p.batch_mode = true;
	p.weekly_demand = 0;
	sr_econ_product(&w, &p, &r);
	cr_assert_eq(r.epq, 0);
	cr_assert_eq(r.profit_week_job, 0);
	cr_assert_geq(r.recommended, 1);
	cr_assert_eq(r.best, SR_PROD_JOB);
	/* Zero setup: the EPQ is undefined; both ways flag no cleaning. */
	p.setup_minutes = 0;
	p.weekly_demand = 10;
	sr_econ_product(&w, &p, &r);
	cr_assert_eq(r.epq, 0);
	cr_assert(r.warnings & (1u << SR_EW_NO_CLEANING));
	/* Batch size 1 costs what a job costs. */
	p.setup_minutes = 30;
	p.batch_size = 1;
	sr_econ_product(&w, &p, &r);
	cr_assert_eq(r.unit_cost_batch, r.unit_cost_job);
	/* No shelf limit: that cap does not apply. */
	cr_assert_eq(r.caps[SR_CAP_SHELF], -1);
	/* Storage full. */
	w.storage_capacity = 100;
	w.storage_used = 100;
	p.storage_per_unit = 1;
	sr_econ_product(&w, &p, &r);
	cr_assert(r.warnings & (1u << SR_EW_STORAGE_FULL));
	cr_assert_eq(r.caps[SR_CAP_STORAGE], 0);
}

Test(econ, unit_cost_never_rises_with_batch_size)
{
	struct sr_econ_workshop w = shop();
	struct sr_econ_product p = {0};

	for (int setup = 0; setup <= 240; setup += 37) {
		int64_t last = INT64_MAX;

		p.material_cost = 123;
		p.setup_minutes = setup;
		for (int n = 1; n <= 500; n++) {
			int64_t c;

			cr_assert(sr_econ_unit_cost(&w, &p, 7, n, &c));
			cr_assert_leq(c, last, "setup %d, n %d", setup, n);
			last = c;
		}
	}
}

Test(econ, floor_rises_with_the_hourly_rate)
{
	struct sr_econ_workshop w = shop();
	struct sr_econ_product p = {0};
	struct sr_econ_result r;
	int64_t last = -1;

	p.material_cost = 500;
	p.minutes_per_unit = 25;
	p.job_mode = true;
	p.weekly_demand = -1;
	for (int rate = 0; rate <= 10000; rate += 250) {
		w.hourly_rate = rate;
		sr_econ_product(&w, &p, &r);
		cr_assert_geq(r.price_floor, last);
		last = r.price_floor;
	}
}

Test(econ, recommended_never_exceeds_a_cap)
{
	struct sr_econ_workshop w = shop();

	for (int demand = 1; demand < 400; demand += 13)
		for (int shelf = 0; shelf < 10; shelf += 3)
			for (int maxb = 0; maxb < 300; maxb += 70) {
				struct sr_econ_product p = {0};
				struct sr_econ_result r;

				p.price = 900;
				p.material_cost = 150;
				p.minutes_per_unit = 2;
				p.setup_minutes = 45;
				p.batch_mode = true;
				p.weekly_demand = demand;
				p.shelf_life_days = shelf;
				p.max_batch = maxb;
				p.storage_per_unit = 2;
				w.storage_capacity = 500;
				w.storage_used = 100;
				sr_econ_product(&w, &p, &r);
				for (int c = 0; c < SR_CAP__MAX; c++)
					if (r.caps[c] > 0)
						cr_assert_leq(r.recommended,
							      r.caps[c]);
				cr_assert_geq(r.recommended, 1);
			}
}

/*
 * The largest inputs the API accepts, and every combination of each at
 * its largest or its smallest. The expected figures are worked out here
 * in __int128 from the formulas in doc/API.md, each division rounded half
 * away from zero: a figure is given exactly when it is within
 * SR_ECON_FIGURE_MAX, and otherwise left out with its bit set, never
 * wrapped.
 */
#define MONEY_TOP INT64_C(100000000000) /* £1,000,000,000 */
#define MINUTES_TOP 10000000
#define QTY_TOP 1000000000

typedef __int128 big;

static big rnd(big n, big d)
{
	big q = n / d, r = n % d;

	if ((r < 0 ? -r : r) * 2 >= d)
		q += n < 0 ? -1 : 1;
	return q;
}

static big min_big(big a, big b)
{
	return a < b ? a : b;
}

static void expect(const struct sr_econ_result *r, enum sr_econ_figure f,
		   int64_t got, big want, int c)
{
	bool fits = want <= SR_ECON_FIGURE_MAX && want >= -SR_ECON_FIGURE_MAX;
	bool left_out = r->too_large & (UINT32_C(1) << f);

	/* A figure that needs the price, with none, is only that. */
	if (r->unpriced & (UINT32_C(1) << f)) {
		cr_assert_eq(got, 0, "case %d: %s", c, sr_econ_figure_names[f]);
		cr_assert(!left_out, "case %d: %s", c, sr_econ_figure_names[f]);
		return;
	}
	cr_assert_eq(left_out, !fits, "case %d: %s %s", c,
		     sr_econ_figure_names[f],
		     fits ? "left out but fits" : "given but too large");
	if (fits)
		cr_assert_eq(got, (int64_t)want, "case %d: %s is %lld", c,
			     sr_econ_figure_names[f], (long long)got);
	else
		cr_assert_eq(got, 0, "case %d: %s", c, sr_econ_figure_names[f]);
	if (!fits)
		cr_assert(r->warnings & (1u << SR_EW_TOO_LARGE));
}

Test(econ, largest_inputs_are_exact_or_left_out)
{
	for (int c = 0; c < 1 << 9; c++) {
		struct sr_econ_workshop w;
		struct sr_econ_product p = {0};
		struct sr_econ_result r;
		big rate, m, s, n, d, mat, price, made, cap_job, cap_batch;
		big shelf, waste = 0, wholesale;

		memset(&w, 0, sizeof(w));
		/* The settings at their largest: 50 workers, 24 h a day,
		 * seven days, percentages 1000. */
		w.hourly_rate = c & 1 ? MONEY_TOP : 0;
		w.overhead_per_hour = c & 2 ? MONEY_TOP : 0;
		w.markup_pct = w.wholesale_pct = w.retail_pct = 1000;
		w.holding_pct = 1000;
		w.week_minutes = 50 * 1440 * 7;
		w.work_days = 7;
		w.storage_capacity = QTY_TOP;
		w.queue_minutes = INT64_C(50) * MINUTES_TOP;
		p.price = c & 4 ? MONEY_TOP : 0;
		p.material_cost = c & 8 ? MONEY_TOP : 0;
		p.minutes_per_unit = c & 16 ? MINUTES_TOP : 1;
		p.setup_minutes = c & 32 ? MINUTES_TOP : 0;
		p.batch_size = c & 64 ? QTY_TOP : 1;
		p.weekly_demand = c & 128 ? QTY_TOP : 1;
		p.shelf_life_days = c & 256 ? 36500 : 1;
		p.max_batch = QTY_TOP;
		p.storage_per_unit = 1;
		p.job_mode = p.batch_mode = true;
		sr_econ_product(&w, &p, &r);

		rate = (big)w.hourly_rate + w.overhead_per_hour;
		m = p.minutes_per_unit;
		s = p.setup_minutes;
		n = p.batch_size;
		d = p.weekly_demand;
		mat = p.material_cost;
		price = p.price;
		made = mat + rnd((m * n + s) * rate, 60 * n);
		expect(&r, SR_EF_UNIT_COST_JOB, r.unit_cost_job,
		       mat + rnd((m + s) * rate, 60), c);
		expect(&r, SR_EF_UNIT_COST_BATCH, r.unit_cost_batch, made, c);
		expect(&r, SR_EF_BATCH_SIZE, r.batch_size, n, c);
		expect(&r, SR_EF_PRICE_FLOOR, r.price_floor, made, c);
		expect(&r, SR_EF_MARGIN, r.margin, price - made, c);
		expect(&r, SR_EF_MARGIN_BP, r.margin_bp,
		       price > 0 ? rnd((price - made) * 10000, price) : 0, c);
		expect(&r, SR_EF_PRICE_COST_PLUS, r.price_cost_plus,
		       rnd(made * (100 + w.markup_pct), 100), c);
		wholesale = rnd(made * w.wholesale_pct, 100);
		expect(&r, SR_EF_PRICE_WHOLESALE, r.price_wholesale, wholesale,
		       c);
		expect(&r, SR_EF_PRICE_RETAIL, r.price_retail,
		       rnd(wholesale * w.retail_pct, 100), c);
		expect(&r, SR_EF_EARNED_PER_HOUR, r.earned_per_hour,
		       rnd((price - mat) * 60, m), c);
		cap_job = w.week_minutes / (m + s);
		cap_batch = rnd((big)w.week_minutes * n, m * n + s);
		expect(&r, SR_EF_UNITS_CAPACITY_JOB, r.units_capacity_job,
		       cap_job, c);
		expect(&r, SR_EF_UNITS_CAPACITY_BATCH, r.units_capacity_batch,
		       cap_batch, c);
		expect(&r, SR_EF_MINUTES_NEEDED_JOB, r.minutes_needed_job,
		       d * (m + s), c);
		expect(&r, SR_EF_MINUTES_NEEDED_BATCH, r.minutes_needed_batch,
		       d * m + rnd(d * s, n), c);
		expect(&r, SR_EF_PROFIT_WEEK_JOB, r.profit_week_job,
		       min_big(d, cap_job) *
			       (price - (mat + rnd((m + s) * rate, 60))),
		       c);
		/* What sells within the shelf life; the rest of a batch
		 * spoils and is costed against batches. */
		shelf = rnd(d * p.shelf_life_days, 7);
		expect(&r, SR_EF_CAP + SR_CAP_SHELF, r.caps[SR_CAP_SHELF],
		       shelf, c);
		if (n > shelf)
			waste = rnd((n - shelf) * d, n);
		expect(&r, SR_EF_PROFIT_WEEK_BATCH, r.profit_week_batch,
		       min_big(d, cap_batch) * (price - made) - waste * made,
		       c);
		/* A day is 504000 / 7 = 72000 minutes. */
		expect(&r, SR_EF_LEAD_DAYS, r.lead_days,
		       (w.queue_minutes + m + s + 71999) / 72000, c);
		expect(&r, SR_EF_CAP + SR_CAP_DEMAND, r.caps[SR_CAP_DEMAND],
		       d * 52, c);
		cr_assert_eq(!!r.too_large,
			     !!(r.warnings & (1u << SR_EW_TOO_LARGE)));
		cr_assert_eq(r.unpriced, price ? 0 : PRICED, "case %d", c);
	}
}

/*
 * Past what the API accepts: totals from the records (time tracked,
 * units sold) can reach the int64 limit. Nothing may overflow (the
 * sanitizer build checks); what cannot be given is left out.
 */
Test(econ, int64_totals_never_wrap)
{
	static const int64_t edge[] = {0, 1, INT64_MAX / 2, INT64_MAX};

	for (size_t a = 0; a < 4; a++)
		for (size_t b = 0; b < 4; b++)
			for (size_t c = 0; c < 4; c++) {
				struct sr_econ_workshop w;
				struct sr_econ_product p = {0};
				struct sr_econ_result r;

				memset(&w, 0, sizeof(w));
				w.hourly_rate = w.overhead_per_hour = edge[a];
				w.markup_pct = w.wholesale_pct = edge[b];
				w.retail_pct = w.holding_pct = edge[b];
				w.week_minutes = w.queue_minutes = edge[c];
				w.work_days = 7;
				w.storage_capacity = edge[a];
				p.price = p.material_cost = edge[b];
				p.tracked_minutes = edge[a];
				p.tracked_units = 1;
				p.setup_minutes = edge[c];
				p.weekly_demand = edge[a];
				p.shelf_life_days = edge[b];
				p.storage_per_unit = 1;
				p.job_mode = p.batch_mode = true;
				sr_econ_product(&w, &p, &r);
				cr_assert_geq(r.recommended, 0);
				cr_assert_eq(!!r.too_large,
					     !!(r.warnings &
						(1u << SR_EW_TOO_LARGE)));
				/* A figure given is within the limit. */
				cr_assert_leq(r.unit_cost_job,
					      SR_ECON_FIGURE_MAX);
				cr_assert_leq(r.profit_week_batch,
					      SR_ECON_FIGURE_MAX);
				cr_assert_geq(r.profit_week_batch,
					      -SR_ECON_FIGURE_MAX);
				cr_assert_leq(r.price_retail,
					      SR_ECON_FIGURE_MAX);
			}
}

/* The figure the issue showed wrapping: 10^8 sold a week at £1bn each
 * is a profit of 10^19 pence, past int64 and far past the limit. */
Test(econ, a_week_too_large_is_left_out)
{
	struct sr_econ_workshop w = shop();
	struct sr_econ_product p = {0};
	struct sr_econ_result r;

	w.week_minutes = 504000;
	p.price = MONEY_TOP;
	p.minutes_per_unit = 0;
	p.setup_minutes = 1;
	p.batch_size = QTY_TOP;
	p.weekly_demand = 100000000;
	p.job_mode = p.batch_mode = true;
	sr_econ_product(&w, &p, &r);
	/* Unit cost: (0 + 1) × 2000 / (60 × 10^9) rounds to 0, so a week
	 * of 10^8 makes 10^8 × 10^11 = 10^19. */
	cr_assert_eq(r.unit_cost_batch, 0);
	cr_assert(r.too_large & (UINT32_C(1) << SR_EF_PROFIT_WEEK_BATCH));
	cr_assert_eq(r.profit_week_batch, 0);
	cr_assert(r.warnings & (1u << SR_EW_TOO_LARGE));
	/* Made to order, a week makes 504000 (one minute each, for the
	 * setup) at 10^11 - 33 each: 504000 × 99999999967, too large as
	 * well. The verdict still compares the exact figures: batches earn
	 * far more. */
	cr_assert(r.too_large & (UINT32_C(1) << SR_EF_PROFIT_WEEK_JOB));
	cr_assert_eq(r.best, SR_PROD_BATCH);
	/* The setup minute shared by 10^9 is 0.1 minutes: 0. */
	cr_assert_eq(r.minutes_needed_batch, 0);
}

Test(econ, muldiv_saturates_past_int64)
{
	cr_assert_eq(sr_econ_muldiv(INT64_MAX, INT64_MAX, 1), INT64_MAX);
	cr_assert_eq(sr_econ_muldiv(INT64_MIN, INT64_MAX, 1), INT64_MIN);
	cr_assert_eq(sr_econ_muldiv(INT64_MAX, INT64_MAX, INT64_MAX),
		     INT64_MAX);
	cr_assert_eq(sr_econ_muldiv(INT64_MIN, 1, 2),
		     INT64_MIN / 2); /* exactly half */
}
