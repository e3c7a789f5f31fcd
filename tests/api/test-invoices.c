/*
 * test-invoices.c - invoices and receipts over HTTP and the command line
 * (server/api-invoices.c, cli/cmd-invoice.c): numbers taken by writers at
 * once have no gap and no repeat (on PostgreSQL, from two servers on one
 * database); the PDF read back by pdftotext with every figure worked out
 * by hand; the receipt; errors in the error shape that change nothing.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness.h"
#include "../unit/store-fixture.h"

/* A second server on the same database (PostgreSQL), stopped after. */
static struct srv second;

static void invoices_fini(void)
{
	if (second.pid > 0)
		srv_stop(&second);
	if (second.dir[0])
		remove_dir(second.dir);
	memset(&second, 0, sizeof(second));
	api_fini();
}

TestSuite(invoices, .init = api_init, .fini = invoices_fini);

/* ---- numbers under concurrent writers ------------------------------- */

enum { WRITERS = 8, EACH = 10 };

struct writer {
	int port;
	long long customer;
	long long sale[EACH];
	int status[EACH];
	long long number[EACH];
};

/* POST an invoice of each of w's sales in turn. No Criterion assertions
 * here: not the main thread. */
static void *issue(void *arg)
{
	struct writer *w = arg;
	char req[512], body[128], answer[1 << 14];

	for (int i = 0; i < EACH; i++) {
		struct sockaddr_in sa = {0};
		int fd = socket(AF_INET, SOCK_STREAM, 0), len, blen;
		size_t have = 0;
		ssize_t n;
		const char *num;

		w->status[i] = -1;
		if (fd < 0)
			continue;
		sa.sin_family = AF_INET;
		sa.sin_port = htons((uint16_t)w->port);
		sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		blen = snprintf(body, sizeof(body),
				"{\"customer_id\":%lld,\"sale_ids\":[%lld]}",
				w->customer, w->sale[i]);
		len = snprintf(req, sizeof(req),
			       "POST " API "/invoices HTTP/1.1\r\n"
			       "Host: 127.0.0.1\r\nConnection: close\r\n"
			       "Content-Type: application/json\r\n"
			       "Content-Length: %d\r\n\r\n%s",
			       blen, body);
		if (!connect(fd, (struct sockaddr *)&sa, sizeof(sa)) &&
		    send(fd, req, (size_t)len, MSG_NOSIGNAL) == len) {
			while (have + 1 < sizeof(answer) &&
			       (n = recv(fd, answer + have,
					 sizeof(answer) - 1 - have, 0)) > 0)
				have += (size_t)n;
			answer[have] = '\0';
			if (sscanf(answer, "HTTP/1.1 %d", &w->status[i]) != 1)
				w->status[i] = -1;
			num = strstr(answer, "\"number\":");
			w->number[i] = num ? atoll(num + 9) : 0;
		}
		close(fd);
	}
	return NULL;
}

Test(invoices, numbers_from_writers_at_once_run_1_to_80)
{
	static const char *seen_by;
	struct writer w[WRITERS];
	pthread_t th[WRITERS];
	bool seen[WRITERS * EACH + 1] = {false};
	long long cust, jam;
	json_t *list;

	/* On PostgreSQL, half the writers on a second server on the same
	 * database: the writer lock is the database's, not a process's. */
	if (test_store_is_pg()) {
		const char *const extra[] = {"--db", server.db, NULL};

		srv_start(&second, extra);
	}
	cust = add_customer("{\"name\": \"Ada\"}");
	jam = add_product("{\"name\": \"Jam\", \"price\": 400}");
	for (int k = 0; k < WRITERS; k++) {
		w[k] = (struct writer){
			.port = second.pid > 0 && k % 2 ? second.port
							: server.port,
			.customer = cust,
		};
		for (int i = 0; i < EACH; i++)
			w[k].sale[i] = add_sale("{\"product_id\": %lld, "
						"\"quantity\": 1, "
						"\"beyond_stock\": 1}",
						jam);
	}
	for (int k = 0; k < WRITERS; k++)
		cr_assert_eq(pthread_create(&th[k], NULL, issue, &w[k]), 0);
	for (int k = 0; k < WRITERS; k++)
		pthread_join(th[k], NULL);
	/* Every one issued (201), each number once, 1 to 80 in all. */
	for (int k = 0; k < WRITERS; k++)
		for (int i = 0; i < EACH; i++) {
			long long n = w[k].number[i];

			cr_assert_eq(w[k].status[i], 201, "writer %d, %d: %d",
				     k, i, w[k].status[i]);
			cr_assert(n >= 1 && n <= WRITERS * EACH, "number %lld",
				  n);
			cr_expect(!seen[n], "number %lld twice", n);
			seen[n] = true;
		}
	list = get(API "/invoices?limit=100");
	cr_expect_eq(jint(list, "total"), WRITERS * EACH);
	/* Newest first: 80, 79, … 1. */
	for (int i = 0; i < WRITERS * EACH; i++)
		cr_expect_eq(
			jint(json_array_get(jget(list, "items"), (size_t)i),
			     "number"),
			WRITERS * EACH - i);
	json_decref(list);
	seen_by = second.pid > 0 ? "two servers" : "one server";
	cr_log_info("80 invoices from %s", seen_by);
}

/* ---- the PDF, read back --------------------------------------------- */

static char *pdf_text(const char *path, const char *name)
{
	char *file = fetch_pdf(path, "", name);
	char *text = tool_output("pdftotext -enc UTF-8 -layout '%s' -", file);

	free(file);
	return text;
}

#define HAS(text, s)                                                           \
	cr_expect(strstr((text), (s)), "no '%s' in:\n%s", (s), (text))

Test(invoices, the_pdf_says_every_figure_worked_by_hand)
{
	long long cust, jam, book, s1, s2;
	json_t *inv;
	char *text, *path;

	json_decref(call("PUT", API "/settings",
			 "{\"workshop_name\": \"Hill Farm Kitchen\", "
			 "\"address\": \"1 Mill Lane\\nStroud\", "
			 "\"vat_number\": \"GB999999973\", "
			 "\"payment_details\": \"Sort code 12-34-56, "
			 "account 87654321\"}",
			 200));
	cust = add_customer("{\"name\": \"Ada Lovelace\"}");
	jam = add_product("{\"name\": \"Damson jam\", \"price\": 1249}");
	book = add_product("{\"name\": \"Recipe book\", \"price\": 500, "
			   "\"vat_bp\": 0}");
	s1 = add_sale("{\"product_id\": %lld, \"quantity\": 3, "
		      "\"beyond_stock\": 1}",
		      jam);
	s2 = add_sale("{\"product_id\": %lld, \"quantity\": 2, "
		      "\"beyond_stock\": 1}",
		      book);
	path = fmt("{\"customer_id\": %lld, \"sale_ids\": [%lld, %lld], "
		   "\"issued_on\": \"2026-11-30\"}",
		   cust, s1, s2);
	inv = call("POST", API "/invoices", path, 201);
	free(path);
	cr_expect_eq(jint(inv, "number"), 1);
	/* 30 days from 30 November: 30 December. */
	cr_expect_str_eq(jstr(inv, "due_on"), "2026-12-30");
	path = fmt(API "/invoices/%lld.pdf", jint(inv, "id"));
	text = pdf_text(path, "invoice-1.pdf");
	HAS(text, "Invoice 1");
	HAS(text, "Hill Farm Kitchen");
	HAS(text, "Mill Lane");
	HAS(text, "GB999999973");
	HAS(text, "Ada Lovelace");
	HAS(text, "30 November 2026");
	HAS(text, "30 December 2026");
	/* Jam: 3 × £12.49 = £37.47 at 20 %; the book 2 × £5.00 = £10.00
	 * at 0 %. Net £47.47; VAT 3747 × 0.2 = 749.4p, £7.49, and none on
	 * the book; £54.96 in all. */
	HAS(text, "Damson jam");
	HAS(text, "£12.49");
	HAS(text, "£37.47");
	HAS(text, "Recipe book");
	HAS(text, "£5.00");
	HAS(text, "20%");
	HAS(text, "0%");
	HAS(text, "£47.47");
	HAS(text, "£7.49");
	HAS(text, "£54.96");
	HAS(text, "How to pay");
	HAS(text, "Sort code 12-34-56");
	free(text);
	/* Paid: the stamp says so. */
	free(path);
	path = fmt(API "/invoices/%lld/paid", jint(inv, "id"));
	json_decref(call("POST", path, "{\"paid_on\": \"2026-12-02\"}", 200));
	free(path);
	path = fmt(API "/invoices/%lld.pdf", jint(inv, "id"));
	text = pdf_text(path, "paid.pdf");
	HAS(text, "Paid on 2 December 2026");
	free(text);
	free(path);
	json_decref(inv);
	/* The receipt of the jam's sale: no number, the sale's id. */
	path = fmt(API "/sales/%lld/receipt.pdf", s1);
	text = pdf_text(path, "receipt.pdf");
	HAS(text, "Receipt S-");
	HAS(text, "Damson jam");
	HAS(text, "£37.47");
	HAS(text, "£7.49");
	HAS(text, "£44.96");
	free(text);
	free(path);
}

Test(invoices, not_registered_shows_one_total)
{
	long long cust = add_customer("{\"name\": \"Ada\"}");
	long long jam = add_product("{\"name\": \"Jam\", \"price\": 1249}");
	long long s = add_sale("{\"product_id\": %lld, \"quantity\": 3, "
			       "\"beyond_stock\": 1}",
			       jam);
	char *body =
		fmt("{\"customer_id\": %lld, \"sale_ids\": [%lld]}", cust, s);
	json_t *inv = call("POST", API "/invoices", body, 201);
	char *path = fmt(API "/invoices/%lld.pdf", jint(inv, "id"));
	char *text = pdf_text(path, "plain.pdf");

	/* 3 × £12.49 = £37.47, no VAT anywhere. */
	HAS(text, "£37.47");
	cr_expect_null(strstr(text, "VAT"), "%s", text);
	cr_expect_eq(jint(inv, "vat"), 0);
	free(text);
	free(path);
	free(body);
	json_decref(inv);
}

/* ---- invoices.csv --------------------------------------------------- */

/* Every invoice as a row for the accountant, oldest first: one unpaid,
 * one void, one paid, each 3 × £12.49 = £37.47 + VAT £7.49 = £44.96. */
Test(invoices, the_csv_has_a_row_per_invoice_for_the_accountant)
{
	long long cust = add_customer("{\"name\": \"Ada, Ltd\"}");
	long long jam = add_product("{\"name\": \"Jam\", \"price\": 1249}");
	long long ids[3];
	struct resp r;

	json_decref(call("PUT", API "/settings",
			 "{\"vat_number\":\"GB999999973\"}", 200));
	for (int i = 0; i < 3; i++) {
		long long s = add_sale("{\"product_id\": %lld, \"quantity\": 3,"
				       " \"beyond_stock\": 1,"
				       " \"sold_on\": \"2026-11-2%d\"}",
				       jam, i + 1);
		char *body = fmt("{\"customer_id\": %lld, \"sale_ids\": [%lld],"
				 " \"issued_on\": \"2026-11-2%d\"}",
				 cust, s, i + 1);
		json_t *inv = call("POST", API "/invoices", body, 201);

		ids[i] = jint(inv, "id");
		json_decref(inv);
		free(body);
	}
	{
		char *path = fmt(API "/invoices/%lld/void", ids[1]);
		char *paid = fmt(API "/invoices/%lld/paid", ids[2]);

		json_decref(call("POST", path, "{\"void_on\":\"2026-11-25\"}",
				 200));
		json_decref(call("POST", paid, "{\"paid_on\":\"2026-11-30\"}",
				 200));
		free(path);
		free(paid);
	}
	http(&server, "GET", API "/export/invoices.csv", NULL, NULL, &r);
	cr_assert_eq(r.status, 200, "%s", r.body);
	cr_expect_str_eq(
		r.body,
		"number,issued_on,supply_on,due_on,status,paid_on,void_on,"
		"customer_id,customer,order_id,vat_number,net,vat,gross,notes\r\n"
		"1,2026-11-21,2026-11-21,2026-12-21,unpaid,,,1,\"Ada, Ltd\",,"
		"GB999999973,37.47,7.49,44.96,\r\n"
		"2,2026-11-22,2026-11-22,2026-12-22,void,,2026-11-25,1,"
		"\"Ada, Ltd\",,GB999999973,37.47,7.49,44.96,\r\n"
		"3,2026-11-23,2026-11-23,2026-12-23,paid,2026-11-30,,1,"
		"\"Ada, Ltd\",,GB999999973,37.47,7.49,44.96,\r\n");
	resp_free(&r);
}

/* ---- errors -------------------------------------------------------- */

Test(invoices, errors_are_the_error_shape_and_change_nothing)
{
	long long cust = add_customer("{\"name\": \"Ada\"}");
	long long bob = add_customer("{\"name\": \"Bob\"}");
	long long jam = add_product("{\"name\": \"Jam\", \"price\": 400}");
	long long s = add_sale("{\"product_id\": %lld, \"quantity\": 1, "
			       "\"beyond_stock\": 1}",
			       jam);
	long long bobs = add_sale("{\"product_id\": %lld, \"quantity\": 1, "
				  "\"customer_id\": %lld, "
				  "\"beyond_stock\": 1}",
				  jam, bob);
	long long quoted = add_order("{\"customer_id\": %lld, \"title\": "
				     "\"Stool\", \"price\": 900}",
				     cust);
	long long done = add_order("{\"customer_id\": %lld, \"title\": "
				   "\"Chair\", \"price\": 9000, "
				   "\"status\": \"done\"}",
				   cust);
	char *body =
		fmt("{\"customer_id\": %lld, \"sale_ids\": [%lld]}", cust, s);
	char *path;
	json_t *inv = call("POST", API "/invoices", body, 201), *list;

	/* The same sale again; another's sale; a body with too much. */
	call_fails("POST", API "/invoices", body, 409, "already_invoiced",
		   "sale_ids[0]");
	free(body);
	body = fmt("{\"customer_id\": %lld, \"sale_ids\": [%lld]}", cust, bobs);
	call_fails("POST", API "/invoices", body, 409, "other_customer",
		   "sale_ids[0]");
	free(body);
	call_fails("POST", API "/invoices",
		   "{\"customer_id\": 1, \"sale_ids\": [1], \"x\": 1}", 400,
		   "unknown_field", "x");
	call_fails("POST", API "/invoices", "{\"customer_id\": 1}", 400,
		   "required", "sale_ids");
	call_fails("POST", API "/invoices", "[1]", 400, "bad_type", NULL);
	/* A quoted order; an order twice. */
	path = fmt(API "/orders/%lld/invoice", quoted);
	call_fails("POST", path, "{}", 409, "bad_status", "status");
	free(path);
	path = fmt(API "/orders/%lld/invoice", done);
	json_decref(call("POST", path, "{}", 201));
	call_fails("POST", path, "{}", 409, "already_invoiced", NULL);
	free(path);
	/* Paid before it was issued; no such invoice. */
	path = fmt(API "/invoices/%lld/paid", jint(inv, "id"));
	call_fails("POST", path, "{\"paid_on\": \"2000-01-01\"}", 400,
		   "out_of_range", "paid_on");
	free(path);
	call_fails("GET", API "/invoices/999", NULL, 404, "not_found", NULL);
	call_fails("POST", API "/invoices/999/void", "{}", 404, "not_found",
		   NULL);
	/* A sale on an invoice stays. */
	path = fmt(API "/sales/%lld", s);
	call_fails("DELETE", path, NULL, 409, "in_use", NULL);
	free(path);
	/* Two invoices, as before the refusals; the first still unpaid. */
	list = get(API "/invoices");
	cr_expect_eq(jint(list, "total"), 2);
	json_decref(list);
	list = get(API "/invoices?unpaid=1");
	cr_expect_eq(jint(list, "total"), 2);
	json_decref(list);
	list = get(API "/invoices?overdue=1");
	cr_expect_eq(jint(list, "total"), 0);
	json_decref(list);
	json_decref(inv);
}

/* ---- the command line ------------------------------------------------ */

Test(invoices, the_cli_writes_pdfs)
{
	long long cust = add_customer("{\"name\": \"Ada\"}");
	long long jam = add_product("{\"name\": \"Jam\", \"price\": 400}");
	long long s = add_sale("{\"product_id\": %lld, \"quantity\": 1, "
			       "\"beyond_stock\": 1}",
			       jam);
	long long order = add_order("{\"customer_id\": %lld, \"title\": "
				    "\"Chair\", \"price\": 9000, "
				    "\"status\": \"done\"}",
				    cust);
	struct run r;
	char *text;

	cli_run(&r, server.dir, server.db, "invoice %lld", order);
	cr_assert_eq(r.code, 0, "%s", r.err);
	cr_expect(strstr(r.out, "invoice-1.pdf"), "%s", r.out);
	text = tool_output("pdftotext -layout '%s/invoice-1.pdf' -",
			   server.dir);
	HAS(text, "Invoice 1");
	HAS(text, "£90.00");
	free(text);
	cli_run(&r, server.dir, server.db, "invoice paid 1 --on 2099-01-01");
	cr_expect_eq(r.code, 0, "%s", r.err);
	cli_run(&r, server.dir, server.db, "invoice pdf 1 --out again.pdf");
	cr_expect_eq(r.code, 0, "%s", r.err);
	text = tool_output("pdftotext -layout '%s/again.pdf' -", server.dir);
	HAS(text, "Paid on 1 January 2099");
	free(text);
	cli_run(&r, server.dir, server.db, "receipt %lld", s);
	cr_expect_eq(r.code, 0, "%s", r.err);
	text = tool_output("pdftotext -layout '%s/receipt-S-%lld.pdf' -",
			   server.dir, s);
	HAS(text, "Receipt S-");
	free(text);
	/* Bad input: exit 2, one line. */
	cli_run(&r, server.dir, server.db, "invoice paid 1 --on soon");
	cr_expect_eq(r.code, 2);
	cr_expect_eq(count_lines(r.err), 1, "%s", r.err);
	cli_run(&r, server.dir, server.db, "invoice pdf 7 --out x.pdf");
	cr_expect_neq(r.code, 0);
	cli_run(&r, server.dir, server.db, "invoice list");
	cr_expect_eq(r.code, 0, "%s", r.err);
	cr_expect(strstr(r.out, "paid"), "%s", r.out);
}

/* ---- the sample workshop ------------------------------------------------ */

Test(invoices, the_sample_is_removed_with_an_invoice_of_its_sale)
{
	json_t *sales, *cust, *list;
	long long owner;
	char *body;

	json_decref(call("POST", API "/demo", "{}", 201));
	sales = get(API "/sales?limit=1");
	cust = get(API "/customers?limit=1");
	owner = json_integer_value(jget(sales, "items.0.customer_id"));
	body = fmt("{\"customer_id\": %lld, \"sale_ids\": [%lld]}",
		   owner ? owner : jint(cust, "items.0.id"),
		   jint(sales, "items.0.id"));
	json_decref(call("POST", API "/invoices", body, 201));
	free(body);
	/* Starting afresh takes the invoice with the sample's records. */
	json_decref(call("DELETE", API "/demo", NULL, 200));
	list = get(API "/invoices");
	cr_expect_eq(jint(list, "total"), 0);
	json_decref(list);
	list = get(API "/sales");
	cr_expect_eq(jint(list, "total"), 0);
	json_decref(list);
	json_decref(sales);
	json_decref(cust);
}
