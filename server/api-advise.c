/*
 * api-advise.c - the production type calculator over HTTP.
 *
 * There are only 3^5 = 243 sets of answers, and the advice for each never
 * changes while the program runs, so each answer is written as JSON once,
 * the first time it is asked for, and sent from memory after that:
 * building the JSON was most of the cost of a request (doc/PERFORMANCE.md).
 */
#include "compat.h"

#include <pthread.h>

#include "api.h"
#include "smallrun/advise.h"

#define ANSWER_SETS 243 /* 3^SR_Q__MAX: yes, no or unanswered each */

static struct {
	pthread_mutex_t lock;
	char *json[ANSWER_SETS];
	size_t len[ANSWER_SETS];
} cache = {PTHREAD_MUTEX_INITIALIZER, {NULL}, {0}};

/* The answers as a number from 0 to 242. */
static size_t answer_key(const struct sr_answers *a)
{
	size_t key = 0;

	for (int q = SR_Q__MAX - 1; q >= 0; q--)
		key = key * 3 + (size_t)(a->pick[q] + 1);
	return key;
}

void api_advise_release(void)
{
	pthread_mutex_lock(&cache.lock);
	for (size_t i = 0; i < ANSWER_SETS; i++) {
		free(cache.json[i]);
		cache.json[i] = NULL;
	}
	pthread_mutex_unlock(&cache.lock);
}

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
	struct sr_answers answers;
	struct sr_advice advice;
	size_t key;

	if (sr_advice_request_parse(c->req->body, c->req->body_len, &answers,
				    &c->fail) ||
	    sr_advise(&answers, &advice, &c->fail)) {
		api_fail(c, &c->fail);
		return;
	}
	key = answer_key(&answers);
	pthread_mutex_lock(&cache.lock);
	if (!cache.json[key]) {
		struct sr_buf b = SR_BUF_INIT(1 << 20);

		if (sr_advice_to_json(&answers, &advice, &b, 0) == SR_OK)
			cache.json[key] = sr_buf_detach(&b, &cache.len[key]);
		sr_buf_release(&b);
	}
	if (cache.json[key])
		sr_buf_add(&c->resp->body, cache.json[key], cache.len[key]);
	pthread_mutex_unlock(&cache.lock);
	if (!c->resp->body.len)
		sr_advice_to_json(&answers, &advice, &c->resp->body, 0);
	api_json(c, 200);
}
