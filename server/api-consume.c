/*
 * api-consume.c - making takes from stock over HTTP: what marking a batch
 * or an order done would take, marking it done with the maker's choices,
 * and what a batch really cost beside its estimate.
 */
#include "compat.h"

#include <time.h>

#include "api.h"
#include "server.h"
#include "smallrun/batch-cost.h"
#include "smallrun/consume.h"

/* GET /api/v1/batches/{id}/consumption?made_qty=N */
void api_batch_consumption(struct api_call *c)
{
	api_answer(c,
		   sr_consumption(c->app->store, SR_MAKE_BATCH, c->id,
				  api_arg_int(c, ARG_MADE, -1),
				  (int64_t)time(NULL), &c->resp->body,
				  &c->fail),
		   200);
}

/* GET /api/v1/orders/{id}/consumption */
void api_order_consumption(struct api_call *c)
{
	api_answer(c,
		   sr_consumption(c->app->store, SR_MAKE_ORDER, c->id, -1,
				  (int64_t)time(NULL), &c->resp->body,
				  &c->fail),
		   200);
}

static void done(struct api_call *c, enum sr_maker what)
{
	api_answer(c,
		   sr_consume_done(c->app->store, what, c->id, c->req->body,
				   c->req->body_len, (int64_t)time(NULL),
				   &c->resp->body, &c->fail),
		   200);
}

/* POST /api/v1/batches/{id}/done */
void api_batch_done(struct api_call *c)
{
	done(c, SR_MAKE_BATCH);
}

/* POST /api/v1/orders/{id}/done */
void api_order_done(struct api_call *c)
{
	done(c, SR_MAKE_ORDER);
}

/* GET /api/v1/batches/{id}/cost */
void api_batch_cost(struct api_call *c)
{
	api_answer(
		c,
		sr_batch_cost(c->app->store, c->id, &c->resp->body, &c->fail),
		200);
}
