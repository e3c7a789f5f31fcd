/*
 * api-records.c - the workshop's records over HTTP. One set of generic
 * handlers serves every resource; the route table says which (c->res).
 */
#include "compat.h"

#include <time.h>

#include "api.h"
#include "server.h"
#include "smallrun/records.h"

static int64_t now(void)
{
	return (int64_t)time(NULL);
}

/* GET /api/v1/{resource}?filter=…&limit=…&offset=… */
void api_list(struct api_call *c)
{
	struct sr_list_query *lq = &c->args.list;

	lq->limit = api_arg_int(c, ARG_LIMIT, 0);
	lq->offset = api_arg_int(c, ARG_OFFSET, 0);
	api_answer(c,
		   sr_rec_list(c->app->store, (enum sr_res)c->res, lq,
			       &c->resp->body, &c->fail),
		   200);
}

/* POST /api/v1/{resource} */
void api_create(struct api_call *c)
{
	int64_t id;

	api_answer(c,
		   sr_rec_create(c->app->store, (enum sr_res)c->res,
				 c->req->body, c->req->body_len, now(), &id,
				 &c->resp->body, &c->fail),
		   201);
}

/* GET /api/v1/{resource}/{id} */
void api_get(struct api_call *c)
{
	api_answer(c,
		   sr_rec_get(c->app->store, (enum sr_res)c->res, c->id,
			      &c->resp->body, &c->fail),
		   200);
}

/* PATCH /api/v1/{resource}/{id} */
void api_update(struct api_call *c)
{
	api_answer(c,
		   sr_rec_update(c->app->store, (enum sr_res)c->res, c->id,
				 c->req->body, c->req->body_len, now(),
				 &c->resp->body, &c->fail),
		   200);
}

/* PATCH /api/v1/{resource} {"ids": […], "set": {…}}: all or none */
void api_update_many(struct api_call *c)
{
	api_answer(c,
		   sr_rec_update_many(c->app->store, (enum sr_res)c->res,
				      c->req->body, c->req->body_len, now(),
				      &c->resp->body, &c->fail),
		   200);
}

/* DELETE /api/v1/{resource}/{id}: 204, no body */
void api_delete(struct api_call *c)
{
	if (sr_rec_delete(c->app->store, (enum sr_res)c->res, c->id, &c->fail))
		api_fail(c, &c->fail);
	else
		c->resp->status = 204;
}

/* GET /api/v1/batches/{id}/materials */
void api_batch_materials(struct api_call *c)
{
	struct sr_list_query lq = {0};
	char id[24];
	enum sr_err err;

	snprintf(id, sizeof(id), "%" PRId64, c->id);
	lq.names[0] = "batch_id";
	lq.values[0] = id;
	lq.n = 1;
	lq.limit = SR_LIST_MAX;
	/* The batch must exist: 404, not an empty list. */
	err = sr_rec_get(c->app->store, SR_RES_BATCH, c->id, &c->resp->body,
			 &c->fail);
	sr_buf_reset(&c->resp->body);
	if (!err)
		err = sr_rec_list(c->app->store, SR_RES_BATCH_MATERIAL, &lq,
				  &c->resp->body, &c->fail);
	api_answer(c, err, 200);
}

/* POST /api/v1/batches/{id}/materials */
void api_batch_material_add(struct api_call *c)
{
	int64_t id;

	api_answer(c,
		   sr_batch_material_add(c->app->store, c->id, c->req->body,
					 c->req->body_len, now(), &id,
					 &c->resp->body, &c->fail),
		   201);
}

/* GET /api/v1/batches/{id}/trace */
void api_trace_batch(struct api_call *c)
{
	api_answer(
		c,
		sr_trace_batch(c->app->store, c->id, &c->resp->body, &c->fail),
		200);
}

/* GET /api/v1/trace?code=CODE or ?lot=LOT */
void api_trace(struct api_call *c)
{
	const char *code = api_arg_text(c, ARG_CODE);
	const char *lot = api_arg_text(c, ARG_LOT);
	enum sr_err err;

	/* The dispatcher checked each; that one is given is the rule here. */
	if (!code == !lot)
		err = sr_fail_set(&c->fail, SR_EINVAL, "bad_query", NULL,
				  "give either ?code=BATCH-CODE or "
				  "?lot=SUPPLIER-LOT");
	else if (code)
		err = sr_trace_code(c->app->store, code, &c->resp->body,
				    &c->fail);
	else
		err = sr_trace_lot(c->app->store, lot, &c->resp->body,
				   &c->fail);
	api_answer(c, err, 200);
}

/* GET /api/v1/stock[?product_id=ID&retired=1&limit=N&offset=N] */
void api_stock(struct api_call *c)
{
	struct sr_stock_query q = {
		.product_id = api_arg_int(c, ARG_PRODUCT, 0),
		.retired = api_arg_int(c, ARG_RETIRED, 0) != 0,
		.limit = api_arg_int(c, ARG_LIMIT, 0),
		.offset = api_arg_int(c, ARG_OFFSET, 0),
		.now = now(),
		.soon_days =
			api_arg_int(c, ARG_SOON_DAYS, SR_STOCK_SOON_DEFAULT),
	};

	api_answer(c, sr_stock(c->app->store, &q, &c->resp->body, &c->fail),
		   200);
}

/* GET /api/v1/lots[?q=TEXT&limit=N&offset=N]: the known lots. */
void api_lots(struct api_call *c)
{
	struct sr_lots_query q = {
		.q = api_arg_text(c, ARG_Q),
		.limit = api_arg_int(c, ARG_LIMIT, 0),
		.offset = api_arg_int(c, ARG_OFFSET, 0),
	};

	api_answer(c, sr_lots(c->app->store, &q, &c->resp->body, &c->fail),
		   200);
}

/* GET /api/v1/schema: every resource's fields, for forms. */
void api_schema(struct api_call *c)
{
	c->resp->cache_control = "no-cache";
	api_answer(c, sr_schema_to_json(&c->resp->body, &c->fail), 200);
}

/* GET /api/v1/settings */
void api_settings_get(struct api_call *c)
{
	api_answer(c, sr_settings_get(c->app->store, &c->resp->body, &c->fail),
		   200);
}

/* PUT /api/v1/settings (the fields given change) */
void api_settings_put(struct api_call *c)
{
	api_answer(c,
		   sr_settings_update(c->app->store, c->req->body,
				      c->req->body_len, &c->resp->body,
				      &c->fail),
		   200);
}

/* POST /api/v1/timer/start */
void api_timer_start(struct api_call *c)
{
	api_answer(c,
		   sr_timer_start(c->app->store, c->req->body, c->req->body_len,
				  now(), &c->resp->body, &c->fail),
		   201);
}

/* POST /api/v1/timer/stop */
void api_timer_stop(struct api_call *c)
{
	api_answer(c,
		   sr_timer_stop(c->app->store, c->req->body, c->req->body_len,
				 now(), &c->resp->body, &c->fail),
		   200);
}

/* GET /api/v1/timer[?worker=NAME] */
void api_timer_status(struct api_call *c)
{
	api_answer(c,
		   sr_timer_status(c->app->store, api_arg_text(c, ARG_WORKER),
				   now(), &c->resp->body, &c->fail),
		   200);
}
