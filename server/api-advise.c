/* api-advise.c - the production type calculator over HTTP. */
#include "compat.h"

#include "api.h"
#include "smallrun/advise.h"

/* GET /api/v1/questions */
void api_questions(struct api_call *c)
{
	sr_questions_to_json(&c->resp->body, 0);
	c->resp->cache_control = "no-cache";
	api_json(c, 200);
}

/* POST /api/v1/advice {"answers": {…}} */
void api_advice(struct api_call *c)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_answers answers;
	struct sr_advice advice;

	if (sr_advice_request_parse(c->req->body, c->req->body_len, &answers,
				    &f) ||
	    sr_advise(&answers, &advice, &f)) {
		api_fail(c, &f);
		goto out;
	}
	sr_advice_to_json(&answers, &advice, &c->resp->body, 0);
	api_json(c, 200);
out:
	sr_fail_release(&f);
}
