/*
 * api-invoices.c - invoices and receipts over HTTP (invoice.h): issue one
 * of an order or of sales, list and read them, their PDFs, mark one paid
 * or void; a sale's receipt.
 */
#include "compat.h"

#include <time.h>

#include "api.h"
#include "server.h"
#include "smallrun/invoice.h"

/* GET /api/v1/invoices?customer_id&order_id&unpaid&overdue&limit&offset */
void api_invoices(struct api_call *c)
{
	struct sr_invoice_query q = {
		.customer_id = api_arg_int(c, ARG_CUSTOMER, 0),
		.order_id = api_arg_int(c, ARG_ORDER, 0),
		.unpaid = api_arg_int(c, ARG_UNPAID, 0) != 0,
		.overdue = api_arg_int(c, ARG_OVERDUE, 0) != 0,
		.limit = api_arg_int(c, ARG_LIMIT, 0),
		.offset = api_arg_int(c, ARG_OFFSET, 0),
	};

	api_answer(c,
		   sr_invoice_list(c->app->store, &q, (int64_t)time(NULL),
				   &c->resp->body, &c->fail),
		   200);
}

/* POST /api/v1/invoices {customer_id, sale_ids, ...} */
void api_invoice_sales(struct api_call *c)
{
	api_answer(c,
		   sr_invoice_from_sales(c->app->store, c->req->body,
					 c->req->body_len, (int64_t)time(NULL),
					 &c->resp->body, &c->fail),
		   201);
}

/* POST /api/v1/orders/{id}/invoice */
void api_invoice_order(struct api_call *c)
{
	api_answer(c,
		   sr_invoice_from_order(c->app->store, c->id, c->req->body,
					 c->req->body_len, (int64_t)time(NULL),
					 &c->resp->body, &c->fail),
		   201);
}

/* GET /api/v1/invoices/{id} */
void api_invoice_get(struct api_call *c)
{
	api_answer(c,
		   sr_invoice_get(c->app->store, c->id, (int64_t)time(NULL),
				  &c->resp->body, &c->fail),
		   200);
}

/* POST or PATCH /api/v1/invoices/{id}/paid {paid_on} */
void api_invoice_paid(struct api_call *c)
{
	api_answer(c,
		   sr_invoice_paid(c->app->store, c->id, c->req->body,
				   c->req->body_len, (int64_t)time(NULL),
				   &c->resp->body, &c->fail),
		   200);
}

/* POST /api/v1/invoices/{id}/void */
void api_invoice_void(struct api_call *c)
{
	api_answer(c,
		   sr_invoice_void(c->app->store, c->id, c->req->body,
				   c->req->body_len, (int64_t)time(NULL),
				   &c->resp->body, &c->fail),
		   200);
}

/* A PDF made by err into the body, or the error. */
static void pdf(struct api_call *c, enum sr_err err, const char *name)
{
	if (err) {
		sr_buf_reset(&c->resp->body);
		api_fail(c, &c->fail);
		return;
	}
	c->resp->status = 200;
	c->resp->content_type = "application/pdf";
	c->resp->inline_file = true;
	snprintf(c->resp->filename, sizeof(c->resp->filename), "%s", name);
}

/* GET /api/v1/invoices/{id}.pdf */
void api_invoice_pdf(struct api_call *c)
{
	char name[64];

	snprintf(name, sizeof(name), "invoice-%" PRId64 ".pdf", c->id);
	pdf(c,
	    sr_invoice_pdf(c->app->store, c->id, (int64_t)time(NULL),
			   &c->resp->body, &c->fail),
	    name);
}

/* GET /api/v1/sales/{id}/receipt */
void api_receipt(struct api_call *c)
{
	api_answer(
		c,
		sr_sale_receipt(c->app->store, c->id, &c->resp->body, &c->fail),
		200);
}

/* GET /api/v1/sales/{id}/receipt.pdf */
void api_receipt_pdf(struct api_call *c)
{
	char name[64];

	snprintf(name, sizeof(name), "receipt-S-%" PRId64 ".pdf", c->id);
	pdf(c,
	    sr_sale_receipt_pdf(c->app->store, c->id, &c->resp->body, &c->fail),
	    name);
}
