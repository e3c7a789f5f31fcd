/*
 * test-quotes.c - quotes over HTTP and from the command line: a furniture
 * maker quotes an order, the PDF read back by pdftotext says what it is,
 * its price, VAT and total in pounds worked by hand, the delivery date and
 * the terms; accepting it marks the order accepted; what is refused is
 * said in the error shape and changes nothing; `smallrun quote` writes
 * the same PDF.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

API_SUITE(quotes);

/*
 * Ash & Oak, VAT-registered at 20 %, quotes standing 14 days on "Half up
 * front, the rest on delivery."; Hannah Patel's oak dining table, £450.00
 * agreed, due 2027-03-01. VAT £90.00, £540.00 with it.
 */
static long long furniture(void)
{
	long long customer;

	json_decref(call("PUT", API "/settings",
			 "{\"workshop_name\":\"Ash & Oak\","
			 "\"address\":\"Unit 3, Mill Yard\\nAnytown AB1 2CD\","
			 "\"vat_number\":\"GB123456789\",\"vat_bp\":2000,"
			 "\"quote_days\":14,\"quote_terms\":\"Half up front, "
			 "the rest on delivery.\"}",
			 200));
	customer = add_customer("{\"name\":\"Hannah Patel\","
				"\"email\":\"hannah@example.org\"}");
	return add_order("{\"customer_id\":%lld,\"title\":\"Oak dining "
			 "table\",\"spec\":\"180 cm, oiled\",\"price\":45000,"
			 "\"due_date\":\"2027-03-01\"}",
			 customer);
}

/* The whole text of a PDF, lines joined by spaces. */
static char *text_of(const char *file)
{
	char *t = tool_output("pdftotext -enc UTF-8 -raw '%s' -", file);

	for (char *p = t; *p; p++)
		if (*p == '\n')
			*p = ' ';
	return t;
}

Test(quotes, a_quote_s_pdf_says_what_it_costs_and_when)
{
	long long o = furniture(), id;
	json_t *q;
	char *path, *file, *text;

	q = call("POST", sfmt(API "/orders/%lld/quote", o), "{}", 201);
	id = jint(q, "id");
	cr_expect_eq(jint(q, "price"), 45000);
	cr_expect_eq(jint(q, "vat"), 9000);
	cr_expect_eq(jint(q, "total"), 54000);
	cr_expect_str_eq(jstr(q, "delivery_on"), "2027-03-01");
	cr_expect_str_eq(jstr(q, "status"), "open");
	json_decref(q);

	path = fmt(API "/quotes/%lld.pdf", id);
	file = fetch_pdf(path, "quote-", "quote.pdf");
	text = text_of(file);
	cr_expect(strstr(text, "Ash & Oak"), "%s", text);
	cr_expect(strstr(text, "VAT number GB123456789"), "%s", text);
	cr_expect(strstr(text, "Hannah Patel"), "%s", text);
	cr_expect(strstr(text, "Oak dining table"), "%s", text);
	cr_expect(strstr(text, "180 cm, oiled"), "%s", text);
	cr_expect(strstr(text, "£450.00"), "%s", text);
	cr_expect(strstr(text, "£90.00"), "%s", text);
	cr_expect(strstr(text, "£540.00"), "%s", text);
	cr_expect(strstr(text, "1 March 2027"), "the delivery: %s", text);
	cr_expect(strstr(text, "Half up front, the rest on delivery."), "%s",
		  text);
	cr_expect(strstr(text, "Quote Q-"), "%s", text);
	free(text);
	free(file);
	free(path);
}

Test(quotes, accepting_it_marks_the_order_accepted)
{
	long long o = furniture(), id;
	json_t *q, *a, *order;

	q = call("POST", sfmt(API "/orders/%lld/quote", o), "{\"price\":42000}",
		 201);
	id = jint(q, "id");
	json_decref(q);
	a = call("POST", sfmt(API "/quotes/%lld/accept", id), "{}", 200);
	cr_expect_str_eq(jstr(a, "quote.status"), "accepted");
	cr_expect_str_eq(jstr(a, "order.status"), "accepted");
	json_decref(a);
	order = getf(API "/orders/%lld", o);
	cr_expect_str_eq(jstr(order, "status"), "accepted");
	cr_expect_eq(jint(order, "price"), 42000);
	json_decref(order);
	/* Twice is refused, and the order can no longer be quoted. */
	call_fails("POST", sfmt(API "/quotes/%lld/accept", id), "{}", 409,
		   "quote_not_open", "status");
	call_fails("POST", sfmt(API "/orders/%lld/quote", o), "{}", 409,
		   "order_not_quoted", "order_id");
	/* The PDF says so. */
	{
		char *path = fmt(API "/quotes/%lld.pdf", id);
		char *file = fetch_pdf(path, "quote-", "accepted.pdf");
		char *text = text_of(file);

		cr_expect(strstr(text, "Accepted"), "%s", text);
		free(text);
		free(file);
		free(path);
	}
}

/* Order o back to quoted and quoted again at its price: the new quote. */
static long long requote(long long o)
{
	json_t *q;
	long long id;

	json_decref(call("PATCH", sfmt(API "/orders/%lld", o),
			 "{\"status\":\"quoted\"}", 200));
	q = call("POST", sfmt(API "/orders/%lld/quote", o), "{}", 201);
	id = jint(q, "id");
	json_decref(q);
	return id;
}

/* An order accepted on other terms, or cancelled, leaves no quote open;
 * the one accepted by its own Accept stays accepted. */
Test(quotes, an_order_that_leaves_quoted_withdraws_its_open_quote)
{
	long long o = furniture(), first, second;
	json_t *q;

	q = call("POST", sfmt(API "/orders/%lld/quote", o), "{}", 201);
	first = jint(q, "id");
	json_decref(q);
	json_decref(call("PATCH", sfmt(API "/orders/%lld", o),
			 "{\"status\":\"accepted\",\"price\":40000}", 200));
	q = getf(API "/quotes/%lld", first);
	cr_expect_str_eq(jstr(q, "status"), "withdrawn");
	json_decref(q);

	/* Back to quoted, quoted again, then cancelled. */
	second = requote(o);
	json_decref(call("PATCH", sfmt(API "/orders/%lld", o),
			 "{\"status\":\"cancelled\"}", 200));
	q = getf(API "/quotes/%lld", second);
	cr_expect_str_eq(jstr(q, "status"), "withdrawn");
	json_decref(q);

	/* A quote accepted by its own Accept is not withdrawn by the
	 * order's move to accepted that comes with it. */
	second = requote(o);
	json_decref(call("POST", sfmt(API "/quotes/%lld/accept", second), "{}",
			 200));
	q = getf(API "/quotes/%lld", second);
	cr_expect_str_eq(jstr(q, "status"), "accepted");
	json_decref(q);
	q = getf(API "/orders/%lld", o);
	cr_expect_eq(jint(q, "price"), 40000);
	json_decref(q);
}

Test(quotes, refusals_change_nothing)
{
	long long o = furniture(), none, id;
	json_t *q, *l;

	q = getf(API "/orders/%lld", o);
	none = add_order("{\"customer_id\":%lld,\"title\":\"A chair\"}",
			 jint(q, "customer_id"));
	json_decref(q);
	call_fails("POST", sfmt(API "/orders/%lld/quote", none), "{}", 409,
		   "no_price", "price");
	call_fails("POST", sfmt(API "/orders/%lld/quote", o),
		   "{\"valid_until\":\"2020-01-01\"}", 400, "out_of_range",
		   "valid_until");
	call_fails("POST", sfmt(API "/orders/%lld/quote", o), "{\"order_id\":1}",
		   400, "read_only", "order_id");
	call_fails("POST", sfmt(API "/orders/%lld/quote", o), "{\"discount\":5}",
		   400, "unknown_field", "discount");
	call_fails("POST", sfmt(API "/orders/%lld/quote", o), "[1]", 400,
		   "bad_type", NULL);
	call_fails("POST", API "/orders/999/quote", "{}", 404, "not_found",
		   NULL);
	l = get(API "/quotes");
	cr_expect_eq(jint(l, "total"), 0, "nothing was made");
	json_decref(l);

	q = call("POST", sfmt(API "/orders/%lld/quote", o), "{}", 201);
	id = jint(q, "id");
	call_fails("PATCH", sfmt(API "/quotes/%lld", id), "{\"price\":1}", 409,
		   "quote_sent", "price");
	call_fails("PATCH", sfmt(API "/quotes/%lld", id),
		   "{\"status\":\"accepted\"}", 400, "read_only", "status");
	call_fails("POST", API "/quotes/999/accept", "{}", 404, "not_found",
		   NULL);
	call_fails("POST", sfmt(API "/quotes/%lld/accept", id), "{\"price\":1}",
		   400, "unknown_field", "price");
	call_fails("GET", API "/quotes/999.pdf", NULL, 404, "not_found",
		   NULL);
	/* An order with quotes is not deleted under them. */
	call_fails("DELETE", sfmt(API "/orders/%lld", o), NULL, 409, "in_use",
		   NULL);
	{
		json_t *again = getf(API "/quotes/%lld", id);

		cr_expect_eq(jint(again, "price"), 45000);
		cr_expect_str_eq(jstr(again, "status"), "open");
		json_decref(again);
	}
	/* Withdrawn, it stays, and cannot be accepted. */
	json_decref(
		call("POST", sfmt(API "/quotes/%lld/withdraw", id), "{}", 200));
	call_fails("POST", sfmt(API "/quotes/%lld/accept", id), "{}", 409,
		   "quote_not_open", "status");
	json_decref(q);
}

Test(quotes, with_nothing_due_the_delivery_is_the_planner_s_promise)
{
	long long customer = add_customer("{\"name\":\"Tom\"}"), o;
	json_t *q, *p;

	o = add_order("{\"customer_id\":%lld,\"title\":\"Bookcase\","
		      "\"price\":60000,\"estimated_minutes\":900}",
		      customer);
	/* The promise of the same work, asked of the planner itself. */
	p = call("POST", API "/promise", "{\"minutes\":900,\"price\":60000}",
		 200);
	q = call("POST", sfmt(API "/orders/%lld/quote", o), "{}", 201);
	cr_expect_str_eq(jstr(q, "delivery_on"), jstr(p, "date"));
	json_decref(q);
	json_decref(p);
}

Test(quotes, the_command_line_quotes_and_writes_the_pdf)
{
	long long o = furniture();
	char *out, *file = fmt("%s/cli-quote.pdf", server.dir), *text;

	out = tool_output("'%s' quote make %lld --price 500 --db '%s' "
			  "-o '%s'",
			  getenv("SMALLRUN_BIN"), o, server.db, file);
	/* £500.00 and 20 %: £100.00 VAT, £600.00 in all. */
	cr_expect(strstr(out, "600.00") && strstr(out, "(VAT 100.00 in it)"),
		  "%s", out);
	free(out);
	text = text_of(file);
	cr_expect(strstr(text, "£500.00") && strstr(text, "£600.00"), "%s",
		  text);
	free(text);
	out = tool_output("'%s' quote make %lld --price 5.555 --db '%s' "
			  "2>&1; echo rc=$?",
			  getenv("SMALLRUN_BIN"), o, server.db);
	cr_expect(strstr(out, "--price") && strstr(out, "rc=2"), "%s", out);
	free(out);
	out = tool_output("'%s' quote pdf 1 --db '%s' 2>&1; echo rc=$?",
			  getenv("SMALLRUN_BIN"), server.db);
	cr_expect(strstr(out, "-o FILE.pdf") && strstr(out, "rc=2"), "%s", out);
	free(out);
	free(file);
}

/* Done when: a furniture maker sends a quote, then an invoice, from the
 * same order, and they agree. £420.00 quoted at 20 %: £84.00 VAT,
 * £504.00; accepted, made, and invoiced at the same figures. */
Test(quotes, the_same_order_is_quoted_then_invoiced_at_the_same_figures)
{
	long long o = furniture(), id;
	char *path, *file, *text;
	json_t *q, *inv;

	path = fmt(API "/orders/%lld/quote", o);
	q = call("POST", path, "{\"price\":42000}", 201);
	free(path);
	id = jint(q, "id");
	cr_expect_eq(jint(q, "total"), 50400);
	path = fmt(API "/quotes/%lld/accept", id);
	json_decref(call("POST", path, "{}", 200));
	free(path);
	path = fmt(API "/orders/%lld", o);
	json_decref(call("PATCH", path, "{\"status\":\"done\"}", 200));
	free(path);
	path = fmt(API "/orders/%lld/invoice", o);
	inv = call("POST", path, "{}", 201);
	free(path);
	cr_expect_eq(jint(inv, "number"), 1);
	cr_expect_eq(jint(inv, "net"), jint(q, "price"));
	cr_expect_eq(jint(inv, "vat"), jint(q, "vat"));
	cr_expect_eq(jint(inv, "gross"), jint(q, "total"));
	path = fmt(API "/invoices/%lld.pdf", jint(inv, "id"));
	file = fetch_pdf(path, "", "same-order.pdf");
	text = text_of(file);
	cr_expect(strstr(text, "Oak dining table") && strstr(text, "£504.00"),
		  "%s", text);
	free(text);
	free(file);
	free(path);
	json_decref(inv);
	json_decref(q);
}
