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

/* POST /api/v1/sales/import?create_products=true&name=FILE.csv */
void api_sales_import(struct api_call *c)
{
	const char *name = api_arg_text(c, ARG_NAME);

	api_answer(c,
		   sr_sales_import(c->app->store,
				   name && *name ? name : "sales.csv",
				   c->req->body, c->req->body_len,
				   api_arg_int(c, ARG_CREATE, 0) != 0,
				   (int64_t)time(NULL), NULL, NULL,
				   &c->resp->body, &c->fail),
		   200);
}

/* GET /api/v1/forecast?product=ID&days=N */
void api_forecast(struct api_call *c)
{
	int64_t today;
	int minute;

	sr_local_time((int64_t)time(NULL), &today, &minute);
	api_answer(c,
		   sr_demand_forecast(c->app->store,
				      api_arg_int(c, ARG_PRODUCT, 0),
				      (int)api_arg_int(c, ARG_DAYS, 7), today,
				      &c->resp->body, &c->fail),
		   200);
}
