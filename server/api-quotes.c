/*
 * api-quotes.c - quotes of custom orders over HTTP (quote.h): making one
 * with the planner's delivery date, accepting and withdrawing it, and its
 * PDF. Listing and reading quotes are the records core's (/quotes).
 */
#include "compat.h"

#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include "api.h"
#include "server.h"
#include "smallrun/date.h"
#include "smallrun/quote.h"

/* POST /api/v1/orders/{id}/quote */
void api_quote_make(struct api_call *c)
{
	int64_t now = (int64_t)time(NULL), today;
	int minute;

	sr_local_time(now, &today, &minute);
	api_answer(c,
		   sr_quote_make(c->app->store, c->id, c->req->body,
				 c->req->body_len, today, minute, &c->app->plan,
				 now, &c->resp->body, &c->fail),
		   201);
}

/* POST /api/v1/quotes/{id}/accept */
void api_quote_accept(struct api_call *c)
{
	enum sr_err err =
		sr_quote_no_body(c->req->body, c->req->body_len, &c->fail);

	if (!err)
		err = sr_quote_accept(c->app->store, c->id, (int64_t)time(NULL),
				      &c->resp->body, &c->fail);
	api_answer(c, err, 200);
}

/* POST /api/v1/quotes/{id}/withdraw */
void api_quote_withdraw(struct api_call *c)
{
	enum sr_err err =
		sr_quote_no_body(c->req->body, c->req->body_len, &c->fail);

	if (!err)
		err = sr_quote_withdraw(c->app->store, c->id,
					(int64_t)time(NULL), &c->resp->body,
					&c->fail);
	api_answer(c, err, 200);
}

/* GET /api/v1/quotes/{id}.pdf */
void api_quote_pdf(struct api_call *c)
{
	if (sr_quote_pdf(c->app->store, c->id, (int64_t)time(NULL),
			 &c->resp->body, &c->fail)) {
		sr_buf_reset(&c->resp->body);
		api_fail(c, &c->fail);
		return;
	}
	c->resp->status = 200;
	c->resp->content_type = "application/pdf";
	c->resp->inline_file = true;
	snprintf(c->resp->filename, sizeof(c->resp->filename),
		 "quote-%" PRId64 ".pdf", c->id);
}
