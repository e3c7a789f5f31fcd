/*
 * fuzz-advice.c - libFuzzer driver for the advice request parser, the one
 * piece of the calculator that reads outside input. Whatever the bytes, the
 * parser must return cleanly, leave the answers fully set or fully unset,
 * and any accepted request must produce advice and valid JSON.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "smallrun/advise.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_answers a;
	struct sr_advice adv;
	enum sr_err err;

	err = sr_advice_request_parse((const char *)data, size, &a, &f);
	if (err) {
		if (f.code[0] == '\0' || f.message.len == 0)
			abort();
		for (int q = 0; q < SR_Q__MAX; q++)
			if (a.pick[q] != SR_UNANSWERED)
				abort();
	} else {
		struct sr_buf out = SR_BUF_INIT(1 << 20);
		json_t *doc;

		if (sr_advise(&a, &adv, &f) != SR_OK)
			abort(); /* a parsed request has at least one answer */
		if (sr_advice_to_json(&a, &adv, &out, 0) != SR_OK)
			abort();
		doc = json_loads(out.data, 0, NULL);
		if (!doc)
			abort();
		json_decref(doc);
		sr_buf_release(&out);
	}
	{
		/* The error shape must serialise whatever the message holds. */
		struct sr_buf e = SR_BUF_INIT(1 << 16);

		if (err && sr_fail_to_json(&f, &e) != SR_OK)
			abort();
		sr_buf_release(&e);
	}
	sr_fail_release(&f);
	return 0;
}
