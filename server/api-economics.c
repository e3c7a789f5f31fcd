/* api-economics.c - the numbers behind the advice, over HTTP. */
#include "compat.h"

#include <time.h>

#include "api.h"
#include "server.h"
#include "smallrun/economics.h"

/* GET /api/v1/economics[?retired=1] */
void api_economics(struct api_call *c)
{
	unsigned flags =
		api_arg_int(c, ARG_RETIRED, 0) ? SR_ECONOMICS_RETIRED : 0;

	api_answer(c,
		   sr_economics_all(c->app->store, (int64_t)time(NULL), flags,
				    &c->resp->body, &c->fail),
		   200);
}

/* GET /api/v1/products/{id}/economics */
void api_economics_product(struct api_call *c)
{
	api_answer(c,
		   sr_economics_product(c->app->store, c->id,
					(int64_t)time(NULL), &c->resp->body,
					&c->fail),
		   200);
}

/* POST /api/v1/economics/what-if */
void api_economics_what_if(struct api_call *c)
{
	api_answer(c,
		   sr_economics_what_if(c->app->store, c->req->body,
					c->req->body_len, (int64_t)time(NULL),
					&c->resp->body, &c->fail),
		   200);
}
