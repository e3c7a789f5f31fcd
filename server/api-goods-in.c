/*
 * api-goods-in.c - goods in and what to buy over HTTP: receiving a
 * purchase, the to-buy list and the purchase orders made from it. The
 * records themselves (purchases, purchase-lines, material-lots) go
 * through the generic record routes.
 */
#include "compat.h"

#include <time.h>

#include "api.h"
#include "server.h"
#include "smallrun/goods-in.h"
#include "smallrun/to-buy.h"

/* POST /api/v1/purchases/{id}/receive */
void api_purchase_receive(struct api_call *c)
{
	api_answer(c,
		   sr_purchase_receive(c->app->store, c->id, c->req->body,
				       c->req->body_len, (int64_t)time(NULL),
				       &c->resp->body, &c->fail),
		   200);
}

/* GET /api/v1/to-buy?days=N */
void api_to_buy(struct api_call *c)
{
	api_answer(c,
		   sr_to_buy(c->app->store,
			     api_arg_int(c, ARG_DAYS, SR_TO_BUY_DAYS_DEFAULT),
			     (int64_t)time(NULL), &c->resp->body, &c->fail),
		   200);
}

/* POST /api/v1/to-buy/orders: 201 with the purchases made, 200 when
 * there was nothing to buy. */
void api_to_buy_orders(struct api_call *c)
{
	int64_t made = 0;
	enum sr_err err = sr_to_buy_orders(
		c->app->store, c->req->body, c->req->body_len,
		(int64_t)time(NULL), &made, &c->resp->body, &c->fail);

	api_answer(c, err, made ? 201 : 200);
}
