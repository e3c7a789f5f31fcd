/* api-economics.c - the numbers behind the advice, over HTTP. */
#include "compat.h"

#include <time.h>

#include "api.h"
#include "server.h"
#include "smallrun/economics.h"

static void finish(struct api_call *c, enum sr_err err,
		   const struct sr_fail *f)
{
	if (err)
		api_fail(c, f);
	else
		api_json(c, 200);
}

/* GET /api/v1/economics */
void api_economics(struct api_call *c)
{
	struct sr_fail f = SR_FAIL_INIT;
	enum sr_err err;

	err = sr_economics_all(c->app->store, (int64_t)time(NULL),
			       &c->resp->body, &f);
	finish(c, err, &f);
	sr_fail_release(&f);
}

/* GET /api/v1/products/{id}/economics */
void api_economics_product(struct api_call *c)
{
	struct sr_fail f = SR_FAIL_INIT;
	enum sr_err err;

	err = sr_economics_product(c->app->store, c->id, (int64_t)time(NULL),
				   &c->resp->body, &f);
	finish(c, err, &f);
	sr_fail_release(&f);
}

/* POST /api/v1/economics/what-if */
void api_economics_what_if(struct api_call *c)
{
	struct sr_fail f = SR_FAIL_INIT;
	enum sr_err err;

	err = sr_economics_what_if(c->app->store, c->req->body,
				   c->req->body_len, (int64_t)time(NULL),
				   &c->resp->body, &f);
	finish(c, err, &f);
	sr_fail_release(&f);
}
