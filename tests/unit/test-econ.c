/*
 * test-econ.c - costs, prices and batch sizes, by hand and by property.
 * Expected figures are worked out in the comments from the inputs.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "smallrun/econ.h"

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

Test(econ, overhead_counts_in_cost_not_in_floor)
{
	struct sr_econ_workshop w = shop();
	struct sr_econ_product p = {0};
	struct sr_econ_result r;

	w.overhead_per_hour = 600;
	p.material_cost = 100;
	p.minutes_per_unit = 30;
	p.job_mode = true;
	p.weekly_demand = -1;
	sr_econ_product(&w, &p, &r);
	/* Cost: 100 + 30 × 2600 / 60 = 100 + 1300; floor: 100 + 1000. */
	cr_assert_eq(r.unit_cost_job, 1400);
	cr_assert_eq(r.price_floor, 1100);
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
			int64_t c = sr_econ_unit_cost(&w, &p, 7, n);

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
