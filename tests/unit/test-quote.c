/*
 * test-quote.c - quotes of custom orders (lib/quote.c) on a real store:
 * the price from each of its sources and the VAT on it, worked by hand;
 * how long a quote stands, across a month's end; its delivery date; what
 * accepting it does and when it is refused; a new quote withdrawing the
 * open one; and nothing of a sent quote changed after.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "records-fixture.h"
#include "smallrun/quote.h"

STORE_SUITE(quote);

#define DAY 86400

/* A customer and a quoted order of the printf-built fields. */
static int64_t order(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static int64_t order(const char *fmt, ...)
{
	int64_t customer = create_id(SR_RES_CUSTOMER, "{\"name\":\"Ada\"}");
	char *fields = NULL;
	va_list ap;
	int64_t id;

	va_start(ap, fmt);
	cr_assert_geq(vasprintf(&fields, fmt, ap), 0);
	va_end(ap);
	id = create_id(SR_RES_ORDER,
		       "{\"customer_id\":%lld,\"title\":\"Oak table\"%s%s}",
		       (long long)customer, *fields ? "," : "", fields);
	free(fields);
	return id;
}

/* A quote of order id with body, as the route makes it (at NOW). */
static json_t *quote(int64_t id, const char *body)
{
	struct sr_plan_opts opts = SR_PLAN_OPTS_INIT;
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	enum sr_err err = sr_quote_make(store, id, body, strlen(body),
					NOW / DAY, 720, &opts, NOW, &out, &f);

	json_t *q;

	cr_assert_eq(err, SR_OK, "quote of order %lld: %s", (long long)id,
		     f.message.data);
	q = parsed(&out);
	sr_buf_release(&out);
	return q;
}

static enum sr_err try_quote(int64_t id, const char *body, struct sr_fail *f)
{
	struct sr_plan_opts opts = SR_PLAN_OPTS_INIT;
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	enum sr_err err = sr_quote_make(store, id, body, strlen(body),
					NOW / DAY, 720, &opts, NOW, &out, f);

	cr_expect_eq(out.len, 0, "a refused quote writes nothing out");
	sr_buf_release(&out);
	return err;
}

static int64_t quotes(void)
{
	json_t *l = list(SR_RES_QUOTE, "limit=100");
	int64_t n = num(l, "total");

	json_decref(l);
	return n;
}

Test(quote, the_price_is_agreed_given_or_worked_out_from_the_costs)
{
	/* £20.00 an hour and £4.00 of overhead: 40p a minute. A 50 %
	 * markup. A stool's materials are £15.00 (typed) and it takes an
	 * hour. */
	int64_t stool, o;
	json_t *q, *s = update_settings("{\"hourly_rate\":2000,"
					"\"overhead_per_hour\":400,"
					"\"markup_pct\":50}");

	json_decref(s);
	stool = create_id(SR_RES_PRODUCT,
			  "{\"name\":\"Stool\",\"mode\":\"job\","
			  "\"material_cost\":1500,\"minutes_per_unit\":60}");

	/* Agreed: the order's own £450.00. */
	q = quote(order("\"price\":45000"), "{}");
	cr_expect_eq(num(q, "price"), 45000);
	cr_expect_str_eq(str(q, "price_source"), "agreed");
	json_decref(q);

	/* Given: the body's price wins, and is agreed. */
	q = quote(order("\"price\":45000"), "{\"price\":39950}");
	cr_expect_eq(num(q, "price"), 39950);
	cr_expect_str_eq(str(q, "price_source"), "agreed");
	json_decref(q);

	/* Costing, two stools and no estimate: materials 2 × £15.00 =
	 * £30.00, time 2 × 60 = 120 min × 40p = £48.00; £78.00 cost,
	 * × 1.5 = £117.00. */
	o = order("\"product_id\":%lld,\"quantity\":2", (long long)stool);
	q = quote(o, "{}");
	cr_expect_eq(num(q, "price"), 11700);
	cr_expect_str_eq(str(q, "price_source"), "costing");
	json_decref(q);

	/* With the order's own estimate of 90 min: £30.00 + 90 × 40p =
	 * £66.00, × 1.5 = £99.00. */
	o = order("\"product_id\":%lld,\"quantity\":2,"
		  "\"estimated_minutes\":90",
		  (long long)stool);
	q = quote(o, "{}");
	cr_expect_eq(num(q, "price"), 9900);
	json_decref(q);

	/* No product and 5 h: 300 × 40p = £120.00, × 1.5 = £180.00. */
	q = quote(order("\"estimated_minutes\":300"), "{}");
	cr_expect_eq(num(q, "price"), 18000);
	cr_expect_eq(num(q, "vat"), 0, "not VAT-registered: no VAT");
	json_decref(q);
}

Test(quote, no_price_and_nothing_to_work_one_out_from_is_refused)
{
	struct sr_fail f = SR_FAIL_INIT;
	int64_t o = order("%s", "");

	assert_fail(try_quote(o, "{}", &f), &f, SR_ECONFLICT, "no_price",
		    "price");
	cr_expect_eq(quotes(), 0);
}

Test(quote, vat_is_the_order_s_rate_then_the_product_s_then_the_standard)
{
	int64_t jam, o;
	json_t *q, *s = update_settings("{\"vat_number\":\"GB123456789\","
					"\"vat_bp\":2000}");

	json_decref(s);
	/* £450.00 at the standard 20 %: £90.00, £540.00 in all. */
	q = quote(order("\"price\":45000"), "{}");
	cr_expect_eq(num(q, "vat_bp"), 2000);
	cr_expect_eq(num(q, "vat"), 9000);
	cr_expect_eq(num(q, "total"), 54000);
	json_decref(q);
	/* A product at 5 %: £33.33 × 5 % = 166.65p, 167p. */
	jam = create_id(SR_RES_PRODUCT, "{\"name\":\"Jam\",\"vat_bp\":500}");
	o = order("\"product_id\":%lld,\"price\":3333", (long long)jam);
	q = quote(o, "{}");
	cr_expect_eq(num(q, "vat_bp"), 500);
	cr_expect_eq(num(q, "vat"), 167);
	json_decref(q);
	/* The order zero-rated, over its product's 5 %. */
	o = order("\"product_id\":%lld,\"price\":3333,\"vat_bp\":0",
		  (long long)jam);
	q = quote(o, "{}");
	cr_expect_eq(num(q, "vat_bp"), 0);
	cr_expect_eq(num(q, "vat"), 0);
	json_decref(q);
}

Test(quote, it_stands_for_the_settings_days_and_promises_the_due_date)
{
	struct sr_fail f = SR_FAIL_INIT;
	json_t *q, *s;
	int64_t o;

	/* Made on 2026-11-25 (NOW): 30 days is 2026-12-25. */
	q = quote(order("\"price\":100,\"due_date\":\"2027-01-15\""), "{}");
	cr_expect_str_eq(str(q, "issued_on"), "2026-11-25");
	cr_expect_str_eq(str(q, "valid_until"), "2026-12-25");
	cr_expect_str_eq(str(q, "delivery_on"), "2027-01-15");
	cr_expect(json_is_null(json_object_get(q, "terms")));
	json_decref(q);
	/* A week, across the month's end: 25 + 7 = 32 November is
	 * 2 December; the settings' terms. */
	s = update_settings("{\"quote_days\":7,\"quote_terms\":\"Half up "
			    "front.\"}");
	json_decref(s);
	q = quote(order("\"price\":100"), "{}");
	cr_expect_str_eq(str(q, "valid_until"), "2026-12-02");
	cr_expect_str_eq(str(q, "terms"), "Half up front.");
	json_decref(q);
	/* A date given stands; one in the past is refused. */
	o = order("\"price\":100");
	q = quote(o, "{\"valid_until\":\"2026-11-25\","
		     "\"delivery_on\":\"2027-02-01\",\"terms\":\"Cash.\"}");
	cr_expect_str_eq(str(q, "valid_until"), "2026-11-25");
	cr_expect_str_eq(str(q, "delivery_on"), "2027-02-01");
	cr_expect_str_eq(str(q, "terms"), "Cash.");
	json_decref(q);
	assert_fail(try_quote(o, "{\"valid_until\":\"2026-11-24\"}", &f), &f,
		    SR_EINVAL, "out_of_range", "valid_until");
	assert_fail(try_quote(o, "{\"order_id\":1}", &f), &f, SR_EINVAL,
		    "read_only", "order_id");
	assert_fail(try_quote(o, "{\"colour\":\"red\"}", &f), &f, SR_EINVAL,
		    "unknown_field", "colour");
}

Test(quote, the_planner_s_earliest_day_when_nothing_is_due)
{
	/* The workshop's only order: 8 hours, from 2026-11-25 on a week of
	 * 8-hour weekdays. It can be done by the end of a working day, never
	 * before the day it is made; the planner's own answer to a promise of
	 * the same work is the date. */
	json_t *q =
		quote(order("\"price\":100,\"estimated_minutes\":480"), "{}");

	cr_expect(json_is_string(json_object_get(q, "delivery_on")));
	cr_expect_geq(strcmp(str(q, "delivery_on"), "2026-11-25"), 0);
	cr_expect_leq(strcmp(str(q, "delivery_on"), "2026-12-02"), 0, "%s",
		      str(q, "delivery_on"));
	json_decref(q);
	/* No estimate: nothing to plan, so none ("to be agreed"). */
	q = quote(order("\"price\":100"), "{}");
	cr_expect(json_is_null(json_object_get(q, "delivery_on")));
	json_decref(q);
}

Test(quote, accepting_marks_the_order_accepted_at_the_quote)
{
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	int64_t o = order("\"price\":45000");
	json_t *q =
		quote(o, "{\"price\":42000,\"delivery_on\":\"2027-01-15\"}");
	json_t *a, *ord;

	cr_assert_eq(sr_quote_accept(store, num(q, "id"), NOW, &out, &f), SR_OK,
		     "%s", f.message.data);
	a = parsed(&out);
	cr_expect_str_eq(str(json_object_get(a, "quote"), "status"),
			 "accepted");
	cr_expect_str_eq(str(json_object_get(a, "quote"), "accepted_on"),
			 "2026-11-25");
	ord = fetch(SR_RES_ORDER, o);
	cr_expect_str_eq(str(ord, "status"), "accepted");
	cr_expect_eq(num(ord, "price"), 42000, "at the quote's price");
	cr_expect_str_eq(str(ord, "due_date"), "2027-01-15",
			 "due when it promised");
	json_decref(ord);
	json_decref(a);
	/* Once only. */
	assert_fail(sr_quote_accept(store, num(q, "id"), NOW, &out, &f), &f,
		    SR_ECONFLICT, "quote_not_open", "status");
	json_decref(q);
	sr_buf_release(&out);
}

Test(quote, an_expired_withdrawn_or_overtaken_quote_is_not_accepted)
{
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	int64_t o = order("\"price\":100");
	json_t *first = quote(o, "{\"valid_until\":\"2026-11-30\"}");
	json_t *second = quote(o, "{\"valid_until\":\"2026-11-30\"}");
	json_t *q, *ord;

	/* A new quote withdrew the first. */
	q = fetch(SR_RES_QUOTE, num(first, "id"));
	cr_expect_str_eq(str(q, "status"), "withdrawn");
	json_decref(q);
	assert_fail(sr_quote_accept(store, num(first, "id"), NOW, &out, &f), &f,
		    SR_ECONFLICT, "quote_not_open", "status");
	/* The second stood until 30 November: on 1 December it is past. */
	assert_fail(sr_quote_accept(store, num(second, "id"), NOW + 6 * DAY,
				    &out, &f),
		    &f, SR_ECONFLICT, "quote_expired", "valid_until");
	ord = fetch(SR_RES_ORDER, o);
	cr_expect_str_eq(str(ord, "status"), "quoted", "nothing changed");
	json_decref(ord);
	/* Withdrawn, it cannot be withdrawn or accepted again. */
	cr_assert_eq(sr_quote_withdraw(store, num(second, "id"), NOW, &out, &f),
		     SR_OK);
	q = parsed(&out);
	cr_expect_str_eq(str(q, "status"), "withdrawn");
	json_decref(q);
	assert_fail(sr_quote_withdraw(store, num(second, "id"), NOW, &out, &f),
		    &f, SR_ECONFLICT, "quote_not_open", "status");
	/* An order accepted on other terms withdraws its open quote, which
	 * can then not be accepted; the order can no longer be quoted. */
	q = quote(o, "{}");
	json_decref(update(SR_RES_ORDER, o, "{\"status\":\"accepted\"}"));
	json_decref(first);
	first = fetch(SR_RES_QUOTE, num(q, "id"));
	cr_expect_str_eq(str(first, "status"), "withdrawn");
	assert_fail(sr_quote_accept(store, num(q, "id"), NOW, &out, &f), &f,
		    SR_ECONFLICT, "quote_not_open", "status");
	assert_fail(try_quote(o, "{}", &f), &f, SR_ECONFLICT,
		    "order_not_quoted", "order_id");
	json_decref(q);
	json_decref(first);
	json_decref(second);
	sr_buf_release(&out);
}

Test(quote, a_sent_quote_is_kept_as_it_was)
{
	struct sr_fail f = SR_FAIL_INIT;
	json_t *q = quote(order("\"price\":100"), "{}"), *again;
	static const char *const changes[][2] = {
		{"price", "{\"price\":1}"},
		{"terms", "{\"terms\":\"Other terms\"}"},
		{"valid_until", "{\"valid_until\":\"2027-06-01\"}"},
		{"delivery_on", "{\"delivery_on\":\"2027-06-01\"}"},
	};

	for (size_t i = 0; i < sizeof(changes) / sizeof(changes[0]); i++)
		expect_fail(try_update(SR_RES_QUOTE, num(q, "id"), &f, "%s",
				       changes[i][1]),
			    &f, SR_ECONFLICT, "quote_sent", changes[i][0],
			    changes[i][1]);
	/* What smallrun works out is not the client's to write at all. */
	assert_fail(try_update(SR_RES_QUOTE, num(q, "id"), &f,
			       "{\"status\":\"accepted\"}"),
		    &f, SR_EINVAL, "read_only", "status");
	again = fetch(SR_RES_QUOTE, num(q, "id"));
	cr_expect(json_equal(q, again), "unchanged");
	json_decref(again);
	json_decref(q);
}
