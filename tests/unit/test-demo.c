/*
 * test-demo.c - the sample workshop (lib/demo.c) on a real SQLite file:
 * that it gives every page something true to show whatever the weekday
 * and the time of day (the plan has work and exactly one late order, the
 * forecast and the numbers have sales behind them, a lot traces to the
 * customers who bought from it, the orders are in every status), that it
 * goes only into an empty database, and that starting afresh leaves an
 * empty one with the settings as they were, unless the maker has added
 * records since. Expected answers come from the records and the schema,
 * never from the sample's own tables.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "records-fixture.h"
#include "store-fixture.h"
#include "smallrun/date.h"
#include "smallrun/demand.h"
#include "smallrun/demo.h"
#include "smallrun/economics.h"
#include "smallrun/planner.h"

STORE_SUITE(demo);

/* A Monday; the tests lay the sample on it and the six days after. */
#define MONDAY "2026-11-23"

/* Noon of a day, as the clock a caller would pass with it. */
static int64_t noon(int64_t day)
{
	return day * 86400 + 12 * 3600;
}

/* The JSON a call that must succeed appended to b. */
static json_t *answer(enum sr_err err, struct sr_fail *f, struct sr_buf *b,
		      const char *what)
{
	json_t *j;

	cr_assert_eq(err, SR_OK, "%s: %s (%s): %s", what, sr_strerror(err),
		     f->code, f->message.data);
	sr_fail_release(f);
	j = parsed(b);
	sr_buf_release(b);
	return j;
}

static json_t *fill(int64_t today, int64_t now)
{
	struct sr_buf b = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;

	return answer(sr_demo_fill(store, NULL, 0, today, now, &b, &f), &f, &b,
		      "fill");
}

static json_t *status(void)
{
	struct sr_buf b = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;

	return answer(sr_demo_status(store, &b, &f), &f, &b, "status");
}

static json_t *start_afresh(void)
{
	struct sr_buf b = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;

	return answer(sr_demo_remove(store, NOW, &b, &f), &f, &b, "remove");
}

static int64_t total(enum sr_res r)
{
	json_t *l = list(r, "limit=1");
	int64_t n = num(l, "total");

	json_decref(l);
	return n;
}

/* Every record of every list resource. */
static int64_t records(void)
{
	int64_t n = 0;

	for (int r = 0; r < SR_RES__MAX; r++)
		if (sr_res_is_list((enum sr_res)r))
			n += total((enum sr_res)r);
	return n;
}

static json_t *plan(int64_t today, int minute)
{
	struct sr_buf b = SR_BUF_INIT(1 << 22);
	struct sr_fail f = SR_FAIL_INIT;

	return answer(
		sr_planner_week(store, today, minute, today, 7, NULL, &b, &f),
		&f, &b, "plan");
}

/* The week's plan at minute: work on it, one late order, nothing left. */
static void check_plan(int64_t today, int minute)
{
	json_t *p = plan(today, minute), *days = json_object_get(p, "days");
	json_t *late = json_object_get(p, "late"), *orders, *o;
	size_t blocks = 0, closed_weekdays = 0, i;

	for (i = 0; i < json_array_size(days); i++) {
		json_t *day = json_array_get(days, i);
		json_t *w = json_object_get(day, "workers");
		const char *date = str(day, "date");

		for (size_t k = 0; k < json_array_size(w); k++)
			blocks += json_array_size(json_object_get(
				json_array_get(w, k), "blocks"));
		/* Today may be over already: the days after it. */
		if (i > 0 && num(day, "minutes") == 0 &&
		    sr_date_weekday(day_of(date)) < 5)
			closed_weekdays++;
	}
	cr_expect_gt(blocks, 0, "minute %d: the plan has no work", minute);
	cr_expect_eq(closed_weekdays, 1,
		     "minute %d: %zu weekdays closed, not the one day off",
		     minute, closed_weekdays);
	cr_expect_eq(json_array_size(late), 1, "minute %d: %zu late orders",
		     minute, json_array_size(late));
	cr_expect_eq(json_array_size(json_object_get(p, "overbooked_runs")), 0,
		     "minute %d: a run does not fit", minute);
	cr_expect_eq(json_array_size(json_object_get(p, "past_horizon")), 0,
		     "minute %d: an order is past the week", minute);
	orders = json_object_get(p, "orders");
	json_array_foreach(orders, i, o)
	{
		bool was_due = day_of(str(o, "due_date")) < today;

		/* Late is what was due before today, and only that. */
		cr_expect_eq(json_is_true(json_object_get(o, "late")), was_due,
			     "minute %d: order %s due %s", minute,
			     str(o, "title"), str(o, "due_date"));
	}
	json_decref(p);
}

/* An order of every status, and two open ones due within the week. */
static void check_orders(int64_t today)
{
	struct sr_field_info fi = {0};
	json_t *open, *o;
	size_t soon = 0, i;

	for (size_t k = 0; k < sr_res_field_count(SR_RES_ORDER); k++) {
		sr_res_field_info(SR_RES_ORDER, k, &fi);
		if (!strcmp(fi.name, "status"))
			break;
	}
	cr_assert_not_null(fi.values);
	for (const char *const *v = fi.values; *v; v++) {
		json_t *l = list(SR_RES_ORDER, "status=%s", *v);

		cr_expect_gt(num(l, "total"), 0, "no order is %s", *v);
		json_decref(l);
	}
	open = list(SR_RES_ORDER, "limit=1000");
	json_array_foreach(json_object_get(open, "items"), i, o)
	{
		int64_t due = day_of(str(o, "due_date"));

		if ((!strcmp(str(o, "status"), "accepted") ||
		     !strcmp(str(o, "status"), "in_progress")) &&
		    due >= today && due < today + 7)
			soon++;
	}
	cr_expect_geq(soon, 2, "only %zu open orders are due this week", soon);
	json_decref(open);
}

/*
 * Each product made in batches: a forecast from today with weeks of
 * history behind it, and Numbers whose demand comes from the sales.
 */
static void check_demand(int64_t today, int64_t now)
{
	struct sr_buf b = SR_BUF_INIT(1 << 22);
	struct sr_fail f = SR_FAIL_INIT;
	json_t *econ, *products = list(SR_RES_PRODUCT, "limit=100"), *p;
	size_t i, batch_made = 0;
	char date[11];

	sr_date_format(today, date);
	econ = answer(sr_economics_all(store, now, 0, &b, &f), &f, &b,
		      "numbers");
	json_array_foreach(json_object_get(products, "items"), i, p)
	{
		json_t *fc, *e = NULL, *x;
		size_t k;

		if (!strcmp(str(p, "mode"), "job"))
			continue;
		batch_made++;
		fc = answer(sr_demand_forecast(store, num(p, "id"), 7, today,
					       SR_DEMAND_FROM_AUTO, &b, &f),
			    &f, &b, "forecast");
		cr_expect_str_eq(str(fc, "from"), date, "%s", str(p, "name"));
		cr_expect_geq(num(fc, "history_days"), 28, "%s: %lld days",
			      str(p, "name"),
			      (long long)num(fc, "history_days"));
		json_array_foreach(json_object_get(fc, "warnings"), k, x)
			cr_expect_str_neq(str(x, "code"), "history_ended");
		json_decref(fc);
		json_array_foreach(json_object_get(econ, "products"), k,
				   x) if (num(x, "product_id") == num(p, "id"))
			e = json_object_get(x, "week");
		cr_assert_not_null(e, "%s has no numbers", str(p, "name"));
		cr_expect_str_eq(str(e, "demand_source"), "sales", "%s",
				 str(p, "name"));
		cr_expect_gt(num(e, "demand"), 0, "%s", str(p, "name"));
	}
	cr_expect_geq(batch_made, 2);
	json_decref(products);
	json_decref(econ);
}

/*
 * The sales: eight weeks up to yesterday, a few a day on the days the
 * shop opens; a day off ahead; no material overdrawn, one to reorder.
 */
static void check_records(int64_t today)
{
	struct sr_buf b = SR_BUF_INIT(1 << 22);
	struct sr_fail f = SR_FAIL_INIT;
	json_t *sales = list(SR_RES_SALE, "limit=1000"), *s, *stock, *m;
	json_t *off = list(SR_RES_DAY_OFF, "limit=10");
	int64_t first = INT64_MAX, last = 0, days = 0;
	bool seen[64] = {false};
	size_t i;

	json_array_foreach(json_object_get(sales, "items"), i, s)
	{
		int64_t d = day_of(str(s, "sold_on"));

		first = d < first ? d : first;
		last = d > last ? d : last;
		if (d >= today - 56 && d < today && !seen[today - d]) {
			seen[today - d] = true;
			days++;
		}
	}
	/* Yesterday's, or Saturday's when yesterday was a Sunday. */
	cr_expect_eq(last, today - 1 - (sr_date_weekday(today - 1) == 6),
		     "the last sale is not of the last day the shop opened");
	cr_expect_geq(first, today - 56, "a sale before the eight weeks");
	cr_expect_geq(days, 8 * 6 - 1, "sales on only %lld days",
		      (long long)days);
	cr_expect_geq(num(sales, "total"), 2 * days, "%lld sales in %lld days",
		      (long long)num(sales, "total"), (long long)days);
	cr_expect_eq(num(off, "total"), 1);
	s = json_array_get(json_object_get(off, "items"), 0);
	cr_expect_gt(day_of(str(s, "date")), today);
	cr_expect_lt(day_of(str(s, "date")), today + 7);
	stock = answer(
		sr_stock(store, &(struct sr_stock_query){.limit = 0}, &b, &f),
		&f, &b, "stock");
	cr_expect_gt(json_array_size(json_object_get(stock, "low_materials")),
		     0);
	m = list(SR_RES_MATERIAL, "limit=100");
	json_array_foreach(json_object_get(m, "items"), i, s)
		cr_expect_geq(num(s, "on_hand"), 0, "%s", str(s, "name"));
	cr_expect_gt(total(SR_RES_TIME_ENTRY), 10);
	json_decref(m);
	json_decref(stock);
	json_decref(sales);
	json_decref(off);
}

Test(demo, every_page_has_something_true_on_any_weekday_at_any_minute)
{
	int64_t monday = day_of(MONDAY);

	for (int64_t today = monday; today < monday + 7; today++) {
		json_t *done = fill(today, noon(today)), *gone;

		cr_expect_eq(num(done, "total"), records());
		check_plan(today, 1);
		check_plan(today, 23 * 60 + 59);
		check_orders(today);
		check_demand(today, noon(today));
		check_records(today);
		gone = start_afresh();
		cr_expect_eq(num(gone, "total"), num(done, "total"));
		cr_assert_eq(records(), 0);
		json_decref(done);
		json_decref(gone);
	}
}

/* The lots of one batch, from its material uses. */
static json_t *lots_of(int64_t batch)
{
	return list(SR_RES_BATCH_MATERIAL, "batch_id=%lld", (long long)batch);
}

Test(demo, a_lot_traces_to_everyone_who_bought_from_its_batches)
{
	int64_t today = day_of(MONDAY) + 2;
	json_t *sales, *s;
	size_t i, named = 0;

	json_decref(fill(today, noon(today)));
	sales = list(SR_RES_SALE, "limit=1000");
	json_array_foreach(json_object_get(sales, "items"), i, s)
	{
		json_t *uses, *u;
		size_t k;

		if (!json_is_integer(json_object_get(s, "customer_id")) ||
		    !json_is_integer(json_object_get(s, "batch_id")))
			continue;
		named++;
		uses = lots_of(num(s, "batch_id"));
		cr_expect_gt(num(uses, "total"), 0);
		json_array_foreach(json_object_get(uses, "items"), k, u)
		{
			struct sr_buf b = SR_BUF_INIT(1 << 22);
			struct sr_fail f = SR_FAIL_INIT;
			json_t *t = answer(sr_trace_lot(store, str(u, "lot"),
							&b, &f),
					   &f, &b, "trace"),
			       *c;
			size_t j;
			bool found = false;

			json_array_foreach(json_object_get(t, "customers"), j,
					   c)
			{
				if (num(c, "customer_id") ==
				    num(s, "customer_id"))
					found = true;
			}
			cr_expect(found, "lot %s does not reach customer %lld",
				  str(u, "lot"),
				  (long long)num(s, "customer_id"));
			json_decref(t);
		}
		json_decref(uses);
	}
	cr_expect_geq(named, 8, "only %zu sales from a batch name a customer",
		      named);
	json_decref(sales);
}

Test(demo, goes_only_into_an_empty_database)
{
	struct sr_buf b = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	int64_t today = day_of(MONDAY);
	json_t *st;

	create_id(SR_RES_PRODUCT, "{\"name\":\"Vase\"}");
	create_id(SR_RES_DAY_OFF, "{\"date\":\"2026-12-24\"}");
	create_id(SR_RES_DAY_OFF, "{\"date\":\"2026-12-25\"}");
	cr_assert_eq(sr_demo_fill(store, NULL, 0, today, NOW, &b, &f),
		     SR_ECONFLICT);
	cr_expect_str_eq(f.code, "not_empty");
	cr_expect(strstr(f.message.data, "1 product, 2 days off"), "%s",
		  f.message.data);
	cr_expect_eq(b.len, 0);
	sr_fail_release(&f);
	cr_expect_eq(records(), 3, "the refused sample wrote something");
	st = status();
	cr_expect(json_is_false(json_object_get(st, "loaded")));
	cr_expect(json_is_false(json_object_get(st, "empty")));
	json_decref(st);
}

Test(demo, goes_in_once)
{
	struct sr_buf b = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	int64_t today = day_of(MONDAY), before;

	json_decref(fill(today, NOW));
	before = records();
	cr_assert_eq(sr_demo_fill(store, NULL, 0, today, NOW, &b, &f),
		     SR_ECONFLICT);
	cr_expect_str_eq(f.code, "already_loaded");
	sr_fail_release(&f);
	cr_expect_eq(records(), before);
}

Test(demo, takes_no_body_or_an_empty_object_only)
{
	static const struct {
		const char *body, *code, *field;
	} bad[] = {
		{"[]", "bad_type", NULL},
		{"{", "bad_json", NULL},
		{"{\"size\": 3}", "unknown_field", "size"},
	};
	int64_t today = day_of(MONDAY);

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct sr_buf b = SR_BUF_INIT(1 << 20);
		struct sr_fail f = SR_FAIL_INIT;

		expect_fail(
			sr_demo_fill(store, bad[i].body, strlen(bad[i].body),
				     today, NOW, &b, &f),
			&f, SR_EINVAL, bad[i].code, bad[i].field, bad[i].body);
		cr_expect_eq(records(), 0, "%s wrote something", bad[i].body);
	}
	{
		struct sr_buf b = SR_BUF_INIT(1 << 20);
		struct sr_fail f = SR_FAIL_INIT;

		json_decref(
			answer(sr_demo_fill(store, "{}", 2, today, NOW, &b, &f),
			       &f, &b, "fill {}"));
	}
	cr_expect_gt(records(), 0);
}

Test(demo, start_afresh_leaves_an_empty_database_and_the_settings_as_they_were)
{
	struct sr_buf b = SR_BUF_INIT(1 << 16);
	struct sr_fail f = SR_FAIL_INIT;
	int64_t today = day_of(MONDAY);
	json_t *before, *during, *after, *st, *p;
	char *mine;

	json_decref(update_settings("{\"workshop_name\":\"Ada's Pots\","
				    "\"hourly_rate\":2200,\"workers\":1,"
				    "\"hours\":{\"sat\":120}}"));
	before = answer(sr_settings_get(store, &b, &f), &f, &b, "settings");
	json_decref(fill(today, NOW));
	during = answer(sr_settings_get(store, &b, &f), &f, &b, "settings");
	cr_expect_str_neq(str(during, "workshop_name"), "Ada's Pots");
	/* The maker changes sample records: they are still the sample's. */
	p = list(SR_RES_PRODUCT, "limit=1");
	json_decref(update(
		SR_RES_PRODUCT,
		num(json_array_get(json_object_get(p, "items"), 0), "id"),
		"{\"price\":999}"));
	json_decref(update_settings("{\"workers\":3}"));
	json_decref(start_afresh());
	cr_expect_eq(records(), 0);
	after = answer(sr_settings_get(store, &b, &f), &f, &b, "settings");
	cr_expect(json_equal(before, after), "settings not put back");
	st = status();
	cr_expect(json_is_false(json_object_get(st, "loaded")));
	cr_expect(json_is_true(json_object_get(st, "empty")));
	mine = textf("%s", str(after, "workshop_name"));
	cr_expect_str_eq(mine, "Ada's Pots");
	/* And it can be loaded again. */
	json_decref(fill(today, NOW));
	cr_expect_gt(records(), 0);
	free(mine);
	json_decref(p);
	json_decref(st);
	json_decref(before);
	json_decref(during);
	json_decref(after);
}

/* sr_demo_remove() must refuse: the code, the words and what it names. */
static void refused(const char *words, const char *resource, int64_t id)
{
	struct sr_buf b = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	int64_t before = records();
	json_t *d, *added;

	cr_assert_eq(sr_demo_remove(store, NOW, &b, &f), SR_ECONFLICT, "%s",
		     f.message.data);
	cr_expect_str_eq(f.code, "not_only_sample");
	cr_expect(strstr(f.message.data, words), "%s", f.message.data);
	d = parsed(&f.details);
	added = json_array_get(json_object_get(d, "added"), 0);
	cr_expect_str_eq(str(added, "resource"), resource);
	cr_expect_eq(num(added, "count"), 1);
	cr_expect_eq(json_integer_value(
			     json_array_get(json_object_get(added, "ids"), 0)),
		     id);
	sr_fail_release(&f);
	cr_expect_eq(records(), before, "a refused start afresh removed some");
	json_decref(d);
}

Test(demo, start_afresh_refuses_records_added_since)
{
	int64_t today = day_of(MONDAY), id;
	json_t *st;
	char *words;

	json_decref(fill(today, NOW));
	/* At the same instant: told apart by its id. */
	id = create_id(SR_RES_PRODUCT, "{\"name\":\"My own vase\"}");
	words = textf("1 product (%lld)", (long long)id);
	refused(words, "products", id);
	st = status();
	cr_expect(json_is_true(json_object_get(st, "loaded")));
	cr_expect_str_eq(str(json_array_get(json_object_get(st, "added"), 0),
			     "resource"),
			 "products");
	json_decref(st);
	/* Once it is gone again, the sample can go. */
	{
		struct sr_fail f = SR_FAIL_INIT;

		cr_assert_eq(sr_rec_delete(store, SR_RES_PRODUCT, id, &f),
			     SR_OK);
	}
	json_decref(start_afresh());
	cr_expect_eq(records(), 0);
	free(words);
}

Test(demo, a_record_that_takes_a_sample_id_again_is_the_makers)
{
	struct sr_buf b = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	int64_t today = day_of(MONDAY), old, id = 0;
	json_t *off = NULL;
	char *words;

	json_decref(fill(today, NOW));
	off = list(SR_RES_DAY_OFF, "limit=1");
	old = num(json_array_get(json_object_get(off, "items"), 0), "id");
	cr_assert_eq(sr_rec_delete(store, SR_RES_DAY_OFF, old, &f), SR_OK);
	/* A minute later, SQLite gives the freed id again (PostgreSQL never
	 * gives one twice: the record is the maker's by its id alone). */
	cr_assert_eq(sr_rec_create(store, SR_RES_DAY_OFF,
				   "{\"date\":\"2026-12-31\"}", 21, NOW + 60,
				   &id, &b, &f),
		     SR_OK, "%s", f.message.data);
	if (!test_store_is_pg())
		cr_expect_eq(id, old);
	words = textf("1 day off (%lld)", (long long)id);
	refused(words, "days-off", id);
	free(words);
	json_decref(off);
	sr_buf_release(&b);
}

Test(demo, start_afresh_without_the_sample_is_not_found)
{
	struct sr_buf b = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;

	create_id(SR_RES_CUSTOMER, "{\"name\":\"Bea\"}");
	assert_fail(sr_demo_remove(store, NOW, &b, &f), &f, SR_ENOTFOUND,
		    "no_sample", NULL);
	cr_expect_eq(records(), 1);
}

/* Every record of every list resource as JSON text. */
static char *everything(void)
{
	struct sr_buf all = SR_BUF_INIT(1 << 24);

	for (int r = 0; r < SR_RES__MAX; r++) {
		json_t *l;
		char *text;

		if (!sr_res_is_list((enum sr_res)r))
			continue;
		l = list((enum sr_res)r, "limit=1000");
		text = json_dumps(l, JSON_SORT_KEYS);
		sr_buf_adds(&all, text);
		free(text);
		json_decref(l);
	}
	cr_assert_eq(all.err, 0);
	return sr_buf_detach(&all, NULL);
}

Test(demo, the_same_day_gives_the_same_sample)
{
	int64_t today = day_of(MONDAY) + 4;
	char *first, *again;

	json_decref(fill(today, NOW));
	first = everything();
	json_decref(start_afresh());
	/* PostgreSQL never gives an id twice, so there the sample after a
	 * fresh start has ids of its own: the same day on a new database
	 * gives the same sample. */
	if (test_store_is_pg()) {
		store_fini();
		store_init();
	}
	json_decref(fill(today, NOW));
	again = everything();
	cr_expect_str_eq(first, again);
	free(first);
	free(again);
}
