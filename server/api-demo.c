/*
 * api-demo.c - the sample workshop (lib/demo.c): GET /api/v1/demo (is it
 * loaded, is the database empty), POST (fill an empty database with it)
 * and DELETE (start afresh).
 */
#include "compat.h"

#include <time.h>

#include "api.h"
#include "server.h"
#include "smallrun/date.h"
#include "smallrun/demo.h"

/* GET /api/v1/demo */
void api_demo_status(struct api_call *c)
{
	api_answer(c, sr_demo_status(c->app->store, &c->resp->body, &c->fail),
		   200);
}

/* POST /api/v1/demo, with no body or {} */
void api_demo_fill(struct api_call *c)
{
	int64_t now = (int64_t)time(NULL), today;
	int minute;

	sr_local_time(now, &today, &minute);
	api_answer(c,
		   sr_demo_fill(c->app->store, c->req->body, c->req->body_len,
				today, now, &c->resp->body, &c->fail),
		   201);
}

/* DELETE /api/v1/demo */
void api_demo_remove(struct api_call *c)
{
	api_answer(c,
		   sr_demo_remove(c->app->store, (int64_t)time(NULL),
				  &c->resp->body, &c->fail),
		   200);
}
