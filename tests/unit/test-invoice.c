/*
 * test-invoice.c - invoices (lib/invoice.c) on a real store, both
 * backends: numbers 1, 2, 3 and a void one keeping its number; VAT per
 * line at two rates worked by hand, and none when not registered; an
 * order's line; refusals that change nothing; the due date across a
 * month's end; paid and void.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "records-fixture.h"
#include "smallrun/invoice.h"

STORE_SUITE(invoice);

/* NOW is 2026-11-25. */
#define TODAY "2026-11-25"

static json_t *from_sales(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static json_t *from_sales(const char *fmt, ...)
{
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	char body[4096];
	va_list ap;
	json_t *doc;

	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	cr_assert_eq(
		sr_invoice_from_sales(store, body, strlen(body), NOW, &out, &f),
		SR_OK, "%s: %s", body, f.message.data);
	doc = parsed(&out);
	sr_buf_release(&out);
	sr_fail_release(&f);
	return doc;
}

static enum sr_err try_sales(struct sr_fail *f, const char *body)
{
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	enum sr_err err =
		sr_invoice_from_sales(store, body, strlen(body), NOW, &out, f);

	cr_expect_eq(out.len, 0, "a refusal wrote an answer");
	sr_buf_release(&out);
	return err;
}

static enum sr_err try_order(int64_t order, struct sr_fail *f, json_t **doc)
{
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	enum sr_err err =
		sr_invoice_from_order(store, order, "", 0, NOW, &out, f);

	*doc = err ? NULL : parsed(&out);
	sr_buf_release(&out);
	return err;
}

static json_t *from_order(int64_t order)
{
	struct sr_fail f = SR_FAIL_INIT;
	json_t *doc = NULL;

	cr_assert_eq(try_order(order, &f, &doc), SR_OK, "order %lld: %s",
		     (long long)order, f.message.data);
	sr_fail_release(&f);
	return doc;
}

static json_t *get_invoice(int64_t id)
{
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	json_t *doc;

	cr_assert_eq(sr_invoice_get(store, id, NOW, &out, &f), SR_OK, "%s",
		     f.message.data);
	doc = parsed(&out);
	sr_buf_release(&out);
	return doc;
}

/* How many invoices, and lines on them all: what a refusal must keep. */
struct count {
	int64_t invoices, lines;
};

static struct count count(void)
{
	struct sr_buf out = SR_BUF_INIT(1 << 22);
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_invoice_query q = {.limit = 1000};
	struct count c = {0, 0};
	json_t *doc, *items;

	cr_assert_eq(sr_invoice_list(store, &q, NOW, &out, &f), SR_OK);
	doc = parsed(&out);
	c.invoices = num(doc, "total");
	items = json_object_get(doc, "items");
	for (size_t i = 0; i < json_array_size(items); i++) {
		json_t *inv = get_invoice(num(json_array_get(items, i), "id"));

		c.lines +=
			(int64_t)json_array_size(json_object_get(inv, "lines"));
		json_decref(inv);
	}
	json_decref(doc);
	sr_buf_release(&out);
	return c;
}

static int64_t sale(int64_t product, int64_t qty, const char *customer)
{
	return create_id(SR_RES_SALE,
			 "{\"product_id\":%lld,\"quantity\":%lld,"
			 "\"customer_id\":%s,\"beyond_stock\":1}",
			 (long long)product, (long long)qty, customer);
}

static json_t *line(const json_t *inv, size_t i)
{
	return json_array_get(json_object_get(inv, "lines"), i);
}

Test(invoice, numbers_run_1_2_3_and_a_void_one_keeps_its_own)
{
	int64_t cust = create_id(SR_RES_CUSTOMER, "{\"name\":\"Ada\"}");
	int64_t p =
		create_id(SR_RES_PRODUCT, "{\"name\":\"Jam\",\"price\":400}");
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	int64_t ids[3];
	json_t *inv;

	for (int i = 0; i < 3; i++) {
		inv = from_sales("{\"customer_id\":%lld,\"sale_ids\":[%lld]}",
				 (long long)cust,
				 (long long)sale(p, 1, "null"));
		cr_expect_eq(num(inv, "number"), i + 1);
		ids[i] = num(inv, "id");
		json_decref(inv);
	}
	/* Void number 2: it stays number 2, owes nothing; the next is 4. */
	cr_assert_eq(sr_invoice_void(store, ids[1], "", 0, NOW, &out, &f),
		     SR_OK, "%s", f.message.data);
	inv = parsed(&out);
	cr_expect_eq(num(inv, "number"), 2);
	cr_expect_str_eq(str(inv, "status"), "void");
	cr_expect_str_eq(str(inv, "void_on"), TODAY);
	json_decref(inv);
	inv = from_sales("{\"customer_id\":%lld,\"sale_ids\":[%lld]}",
			 (long long)cust, (long long)sale(p, 1, "null"));
	cr_expect_eq(num(inv, "number"), 4);
	json_decref(inv);
	/* Voiding again, or paying a void one, is refused. */
	assert_fail(sr_invoice_void(store, ids[1], "", 0, NOW, &out, &f), &f,
		    SR_ECONFLICT, "already_void", NULL);
	assert_fail(sr_invoice_paid(store, ids[1], "", 0, NOW, &out, &f), &f,
		    SR_ECONFLICT, "void", NULL);
	/* The unpaid list leaves the void one out: 1, 3 and 4. */
	{
		struct sr_invoice_query q = {.unpaid = true};
		json_t *l;

		cr_assert_eq(sr_invoice_list(store, &q, NOW, &out, &f), SR_OK);
		l = parsed(&out);
		cr_expect_eq(num(l, "total"), 3);
		json_decref(l);
	}
	sr_buf_release(&out);
	sr_fail_release(&f);
}

Test(invoice, vat_per_line_at_two_rates_as_worked_by_hand)
{
	int64_t cust = create_id(SR_RES_CUSTOMER, "{\"name\":\"Ada\"}");
	/* Registered, standard rate 20 %. Jam at the standard rate, a book
	 * zero-rated, a child's car seat at 5 %. */
	int64_t jam =
		create_id(SR_RES_PRODUCT, "{\"name\":\"Jam\",\"price\":1249}");
	int64_t book = create_id(SR_RES_PRODUCT, "{\"name\":\"Book\","
						 "\"price\":500,\"vat_bp\":0}");
	int64_t seat =
		create_id(SR_RES_PRODUCT, "{\"name\":\"Seat\","
					  "\"price\":10,\"vat_bp\":500}");
	int64_t s1, s2, s3;
	json_t *inv;

	json_decref(update_settings("{\"vat_number\":\"GB999999973\"}"));
	s1 = sale(jam, 3, "null");
	s2 = sale(book, 2, "null");
	s3 = sale(seat, 1, "null");
	inv = from_sales("{\"customer_id\":%lld,\"sale_ids\":[%lld,%lld,%lld]}",
			 (long long)cust, (long long)s1, (long long)s2,
			 (long long)s3);
	/* Jam: 3 × 1249 = 3747; 20 % is 749.4, 749. */
	cr_expect_eq(num(line(inv, 0), "net"), 3747);
	cr_expect_eq(num(line(inv, 0), "vat_bp"), 2000);
	cr_expect_eq(num(line(inv, 0), "vat"), 749);
	/* Book: 2 × 500 = 1000 at 0 %: no VAT. */
	cr_expect_eq(num(line(inv, 1), "net"), 1000);
	cr_expect_eq(num(line(inv, 1), "vat_bp"), 0);
	cr_expect_eq(num(line(inv, 1), "vat"), 0);
	/* Seat: 10 at 5 % is 0.5p, half up: 1. */
	cr_expect_eq(num(line(inv, 2), "vat"), 1);
	/* Totals: 3747 + 1000 + 10 = 4757; 749 + 0 + 1 = 750; 5507. */
	cr_expect_eq(num(inv, "net"), 4757);
	cr_expect_eq(num(inv, "vat"), 750);
	cr_expect_eq(num(inv, "gross"), 5507);
	cr_expect_str_eq(str(inv, "vat_number"), "GB999999973");
	cr_expect(json_is_true(json_object_get(inv, "vat_shown")));
	/* One sale's day is its tax point; three: the issue date. */
	cr_expect_str_eq(str(inv, "supply_on"), TODAY);
	/* The sales with no customer are now Ada's. */
	{
		json_t *s = fetch(SR_RES_SALE, s2);

		cr_expect_eq(num(s, "customer_id"), cust);
		json_decref(s);
	}
	json_decref(inv);
}

Test(invoice, not_registered_charges_no_vat)
{
	int64_t cust = create_id(SR_RES_CUSTOMER, "{\"name\":\"Ada\"}");
	int64_t jam =
		create_id(SR_RES_PRODUCT, "{\"name\":\"Jam\","
					  "\"price\":1249,\"vat_bp\":2000}");
	json_t *inv =
		from_sales("{\"customer_id\":%lld,\"sale_ids\":[%lld]}",
			   (long long)cust, (long long)sale(jam, 3, "null"));

	/* 3 × 1249 = 3747, and nothing more. */
	cr_expect_eq(num(inv, "net"), 3747);
	cr_expect_eq(num(inv, "vat"), 0);
	cr_expect_eq(num(inv, "gross"), 3747);
	cr_expect_eq(num(line(inv, 0), "vat_bp"), 0);
	cr_expect(json_is_null(json_object_get(inv, "vat_number")));
	cr_expect(json_is_false(json_object_get(inv, "vat_shown")));
	json_decref(inv);
}

static json_t *receipt(int64_t sale_id)
{
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	json_t *doc;

	cr_assert_eq(sr_sale_receipt(store, sale_id, &out, &f), SR_OK, "%s",
		     f.message.data);
	doc = parsed(&out);
	sr_buf_release(&out);
	return doc;
}

/*
 * A sale is charged the VAT it was made at, whatever the settings become:
 * one made before the workshop registered has none on its receipt or an
 * invoice of it, one made at 20 % keeps 20 % after the standard rate is
 * 17.5 %, and correcting its quantity keeps its rate; a change of what it
 * is a sale of works the rate out again.
 */
Test(invoice, a_sale_keeps_the_vat_it_was_made_at)
{
	int64_t cust = create_id(SR_RES_CUSTOMER, "{\"name\":\"Ada\"}");
	int64_t jam =
		create_id(SR_RES_PRODUCT, "{\"name\":\"Jam\",\"price\":1000}");
	int64_t book = create_id(SR_RES_PRODUCT, "{\"name\":\"Book\","
						 "\"price\":1000,\"vat_bp\":0}");
	int64_t before = sale(jam, 2, "null"), at20, inv_of;
	json_t *r, *s, *inv;

	s = fetch(SR_RES_SALE, before);
	cr_expect(json_is_null(json_object_get(s, "vat_bp")));
	json_decref(s);
	json_decref(update_settings("{\"vat_number\":\"GB999999973\"}"));
	at20 = sale(jam, 3, "null");
	json_decref(update_settings("{\"vat_bp\":1750}"));

	/* Made before registering: 2 × £10.00, no VAT, no VAT number. */
	r = receipt(before);
	cr_expect_eq(num(r, "net"), 2000);
	cr_expect_eq(num(r, "vat"), 0);
	cr_expect_eq(num(r, "gross"), 2000);
	cr_expect(json_is_false(json_object_get(r, "vat_shown")));
	cr_expect(json_is_null(json_object_get(
		json_object_get(r, "business"), "vat_number")));
	json_decref(r);
	/* Made at 20 %: 3 × £10.00 = £30.00, VAT £6.00, not 17.5 %'s £5.25. */
	r = receipt(at20);
	cr_expect_eq(num(line(r, 0), "vat_bp"), 2000);
	cr_expect_eq(num(r, "vat"), 600);
	cr_expect_eq(num(r, "gross"), 3600);
	cr_expect(json_is_true(json_object_get(r, "vat_shown")));
	json_decref(r);
	/* Four, not three: still 20 %; 4 × £10.00 = £40.00, VAT £8.00. */
	json_decref(update(SR_RES_SALE, at20, "{\"quantity\":4}"));
	r = receipt(at20);
	cr_expect_eq(num(r, "vat"), 800);
	json_decref(r);
	/* An invoice of both: the first line at 0 %, the second at 20 %. */
	inv = from_sales("{\"customer_id\":%lld,\"sale_ids\":[%lld,%lld]}",
			 (long long)cust, (long long)before, (long long)at20);
	inv_of = num(inv, "id");
	cr_expect_gt(inv_of, 0);
	cr_expect_eq(num(line(inv, 0), "vat"), 0);
	cr_expect_eq(num(line(inv, 1), "vat_bp"), 2000);
	cr_expect_eq(num(inv, "vat"), 800);
	cr_expect_eq(num(inv, "gross"), 2000 + 4000 + 800);
	json_decref(inv);
	/* A sale now of the zero-rated book: its rate worked out again. */
	json_decref(update(SR_RES_SALE, before,
			   "{\"product_id\":%lld}", (long long)book));
	s = fetch(SR_RES_SALE, before);
	cr_expect_eq(num(s, "vat_bp"), 0);
	json_decref(s);
	/* Made at 17.5 %, invoiced once the workshop has no VAT number: an
	 * invoice without one charges none, £10.00 and nothing more. */
	at20 = sale(jam, 1, "null");
	json_decref(update_settings("{\"vat_number\":null}"));
	inv = from_sales("{\"customer_id\":%lld,\"sale_ids\":[%lld]}",
			 (long long)cust, (long long)at20);
	cr_expect_eq(num(line(inv, 0), "vat_bp"), 0);
	cr_expect_eq(num(inv, "vat"), 0);
	cr_expect_eq(num(inv, "gross"), 1000);
	cr_expect(json_is_false(json_object_get(inv, "vat_shown")));
	json_decref(inv);
}

Test(invoice, an_order_is_one_line_at_its_price)
{
	int64_t cust = create_id(SR_RES_CUSTOMER, "{\"name\":\"Ada\"}");
	int64_t even, odd;
	json_t *inv;

	json_decref(update_settings("{\"vat_number\":\"GB999999973\"}"));
	/* 3 chairs for 9000: 3 × 3000; 20 % of 9000 is 1800. */
	even = create_id(SR_RES_ORDER,
			 "{\"customer_id\":%lld,\"title\":\"Chair\","
			 "\"spec\":\"ash\",\"quantity\":3,\"price\":9000,"
			 "\"status\":\"accepted\"}",
			 (long long)cust);
	inv = from_order(even);
	cr_expect_str_eq(str(line(inv, 0), "description"), "Chair, ash");
	cr_expect_eq(num(line(inv, 0), "quantity"), 3);
	cr_expect_eq(num(line(inv, 0), "unit_price"), 3000);
	cr_expect_eq(num(inv, "vat"), 1800);
	cr_expect_eq(num(inv, "order_id"), even);
	json_decref(inv);
	/* 2 tables for 100001 does not divide: 1 × 100001, at the order's
	 * own 5 %: 5000.05, 5000. */
	odd = create_id(SR_RES_ORDER,
			"{\"customer_id\":%lld,\"title\":\"Table\","
			"\"quantity\":2,\"price\":100001,\"vat_bp\":500,"
			"\"status\":\"done\"}",
			(long long)cust);
	inv = from_order(odd);
	cr_expect_eq(num(line(inv, 0), "quantity"), 1);
	cr_expect_eq(num(line(inv, 0), "unit_price"), 100001);
	cr_expect_eq(num(inv, "vat"), 5000);
	cr_expect_eq(num(inv, "gross"), 105001);
	cr_expect_eq(num(inv, "number"), 2);
	json_decref(inv);
}

Test(invoice, refusals_change_nothing)
{
	int64_t ada = create_id(SR_RES_CUSTOMER, "{\"name\":\"Ada\"}");
	int64_t bob = create_id(SR_RES_CUSTOMER, "{\"name\":\"Bob\"}");
	int64_t jam =
		create_id(SR_RES_PRODUCT, "{\"name\":\"Jam\",\"price\":400}");
	struct sr_fail f = SR_FAIL_INIT;
	int64_t mine, bobs, order, gone;
	struct count before, after;
	json_t *inv = NULL;
	char body[256];

	mine = sale(jam, 1, "null");
	inv = from_sales("{\"customer_id\":%lld,\"sale_ids\":[%lld]}",
			 (long long)ada, (long long)mine);
	json_decref(inv);
	order = create_id(SR_RES_ORDER,
			  "{\"customer_id\":%lld,\"title\":\"Chair\","
			  "\"price\":9000,\"status\":\"done\"}",
			  (long long)ada);
	json_decref(from_order(order));
	gone = create_id(SR_RES_ORDER,
			 "{\"customer_id\":%lld,\"title\":\"Stool\","
			 "\"price\":900,\"status\":\"cancelled\"}",
			 (long long)ada);
	bobs = sale(jam, 1, "2");
	cr_assert_eq(bob, 2);
	before = count();
	cr_expect_eq(before.invoices, 2);
	cr_expect_eq(before.lines, 2);
	/* Already invoiced: the order, and the sale. */
	assert_fail(try_order(order, &f, &inv), &f, SR_ECONFLICT,
		    "already_invoiced", NULL);
	snprintf(body, sizeof(body),
		 "{\"customer_id\":%lld,\"sale_ids\":[%lld]}", (long long)ada,
		 (long long)mine);
	assert_fail(try_sales(&f, body), &f, SR_ECONFLICT, "already_invoiced",
		    "sale_ids[0]");
	/* A cancelled order. */
	assert_fail(try_order(gone, &f, &inv), &f, SR_ECONFLICT, "bad_status",
		    "status");
	/* Bob's sale on Ada's invoice, after one that would have gone. */
	snprintf(body, sizeof(body),
		 "{\"customer_id\":%lld,\"sale_ids\":[%lld,%lld]}",
		 (long long)ada, (long long)sale(jam, 2, "null"),
		 (long long)bobs);
	assert_fail(try_sales(&f, body), &f, SR_ECONFLICT, "other_customer",
		    "sale_ids[1]");
	/* Bad bodies. */
	assert_fail(try_sales(&f, "{\"customer_id\":1,\"sale_ids\":[]}"), &f,
		    SR_EINVAL, "out_of_range", "sale_ids");
	assert_fail(try_sales(&f, "{\"customer_id\":1,\"sale_ids\":[1],"
				  "\"colour\":1}"),
		    &f, SR_EINVAL, "unknown_field", "colour");
	assert_fail(try_sales(&f, "{\"customer_id\":1,\"sale_ids\":[99]}"), &f,
		    SR_EINVAL, "unknown_reference", "sale_ids[0]");
	assert_fail(try_sales(&f, "{\"customer_id\":1,\"sale_ids\":[1],"
				  "\"issued_on\":\"2026-12-01\","
				  "\"due_on\":\"2026-11-30\"}"),
		    &f, SR_EINVAL, "out_of_range", "due_on");
	after = count();
	cr_expect_eq(after.invoices, before.invoices);
	cr_expect_eq(after.lines, before.lines);
	/* And the sale that would have gone first is still no one's. */
	{
		json_t *s = fetch(SR_RES_SALE, bobs + 1);

		cr_expect(json_is_null(json_object_get(s, "customer_id")));
		json_decref(s);
	}
	/* A sale or an order on an invoice is not deleted. */
	assert_fail(sr_rec_delete(store, SR_RES_SALE, mine, &f), &f,
		    SR_ECONFLICT, "in_use", NULL);
	assert_fail(sr_rec_delete(store, SR_RES_ORDER, order, &f), &f,
		    SR_ECONFLICT, "in_use", NULL);
}

Test(invoice, due_dates_cross_a_months_end)
{
	int64_t cust = create_id(SR_RES_CUSTOMER, "{\"name\":\"Ada\"}");
	int64_t jam =
		create_id(SR_RES_PRODUCT, "{\"name\":\"Jam\",\"price\":400}");
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	json_t *inv;

	/* 30 days from 25 November: 5 left in it, 25 into December. */
	inv = from_sales("{\"customer_id\":%lld,\"sale_ids\":[%lld]}",
			 (long long)cust, (long long)sale(jam, 1, "null"));
	cr_expect_str_eq(str(inv, "issued_on"), TODAY);
	cr_expect_str_eq(str(inv, "due_on"), "2026-12-25");
	json_decref(inv);
	/* 30 days from 31 January 2027: 28 of February, then 2 March. */
	inv = from_sales("{\"customer_id\":%lld,\"sale_ids\":[%lld],"
			 "\"issued_on\":\"2027-01-31\"}",
			 (long long)cust, (long long)sale(jam, 1, "null"));
	cr_expect_str_eq(str(inv, "due_on"), "2027-03-02");
	/* Issued on 31 January: paid the day before is refused, on the
	 * day accepted. */
	assert_fail(sr_invoice_paid(store, num(inv, "id"),
				    "{\"paid_on\":\"2027-01-30\"}", 24, NOW,
				    &out, &f),
		    &f, SR_EINVAL, "out_of_range", "paid_on");
	cr_assert_eq(sr_invoice_paid(store, num(inv, "id"),
				     "{\"paid_on\":\"2027-01-31\"}", 24, NOW,
				     &out, &f),
		     SR_OK, "%s", f.message.data);
	json_decref(inv);
	inv = parsed(&out);
	cr_expect_str_eq(str(inv, "status"), "paid");
	json_decref(inv);
	/* Null unmarks it. */
	cr_assert_eq(sr_invoice_paid(store, 2, "{\"paid_on\":null}", 16, NOW,
				     &out, &f),
		     SR_OK, "%s", f.message.data);
	inv = parsed(&out);
	cr_expect_str_eq(str(inv, "status"), "unpaid");
	json_decref(inv);
	/* On receipt (0 days) is due the day it is issued; an invoice due
	 * before today and unpaid is overdue. */
	json_decref(update_settings("{\"invoice_days\":0}"));
	inv = from_sales("{\"customer_id\":%lld,\"sale_ids\":[%lld],"
			 "\"issued_on\":\"2026-11-20\"}",
			 (long long)cust, (long long)sale(jam, 1, "null"));
	cr_expect_str_eq(str(inv, "due_on"), "2026-11-20");
	cr_expect_str_eq(str(inv, "status"), "overdue");
	json_decref(inv);
	sr_buf_release(&out);
	sr_fail_release(&f);
}
