/*
 * api-sales.c - POST /api/v1/sales/import (a sales CSV as the body) and
 * GET /api/v1/forecast (demand and batch quantities from the sales).
 */
#include "compat.h"

#include <time.h>

#include "api.h"
#include "server.h"
#include "smallrun/date.h"
#include "smallrun/demand.h"
#include "smallrun/parse.h"
#include "smallrun/query.h"

/* The query may name only these parameters. */
static enum sr_err only(const struct sr_query *q, const char *a, const char *b,
			struct sr_fail *f)
{
	for (size_t i = 0; i < q->n; i++)
		if (strcmp(q->names[i], a) && strcmp(q->names[i], b))
			return sr_fail_set(f, SR_EINVAL, "unknown_filter",
					   q->names[i], "%s takes only %s and %s",
					   "this call", a, b);
	return SR_OK;
}

/* POST /api/v1/sales/import?create_products=true&name=FILE.csv */
void api_sales_import(struct api_call *c)
{
	const char *name = "sales.csv", *v;
	bool create = false;
	struct sr_query q;
	enum sr_err err;

	err = sr_query_parse(c->req->query, &q, &c->fail);
	if (!err)
		err = only(&q, "create_products", "name", &c->fail);
	if (!err && (v = sr_query_get(&q, "create_products"))) {
		if (!strcmp(v, "true") || !strcmp(v, "1"))
			create = true;
		else if (strcmp(v, "false") && strcmp(v, "0"))
			err = sr_fail_set(&c->fail, SR_EINVAL, "bad_value",
					  "create_products",
					  "create_products must be true or "
					  "false");
	}
	if (!err && (v = sr_query_get(&q, "name")) && v[0])
		name = v;
	if (!err)
		err = sr_sales_import(c->app->store, name, c->req->body,
				      c->req->body_len, create,
				      (int64_t)time(NULL), NULL, NULL,
				      &c->resp->body, &c->fail);
	api_answer(c, err, 200);
	sr_query_release(&q);
}

/* GET /api/v1/forecast?product=ID&days=N */
void api_forecast(struct api_call *c)
{
	int64_t product = 0, days = 7, today;
	struct sr_query q;
	const char *v;
	enum sr_err err;
	int minute;

	err = sr_query_parse(c->req->query, &q, &c->fail);
	if (!err)
		err = only(&q, "product", "days", &c->fail);
	if (!err && !(v = sr_query_get(&q, "product")))
		err = sr_fail_set(&c->fail, SR_EINVAL, "missing_field",
				  "product",
				  "product must be given: ?product=ID");
	else if (!err && sr_parse_i64z(v, &product, 1, INT64_MAX))
		err = sr_fail_set(&c->fail, SR_EINVAL, "bad_value", "product",
				  "product must be a product id");
	if (!err && (v = sr_query_get(&q, "days")) &&
	    sr_parse_i64z(v, &days, 1, SR_DEMAND_MAX_DAYS))
		err = sr_fail_set(&c->fail, SR_EINVAL, "out_of_range", "days",
				  "days must be a whole number from 1 to %d",
				  SR_DEMAND_MAX_DAYS);
	sr_local_time((int64_t)time(NULL), &today, &minute);
	if (!err)
		err = sr_demand_forecast(c->app->store, product, (int)days,
					 today, &c->resp->body, &c->fail);
	api_answer(c, err, 200);
	sr_query_release(&q);
}
