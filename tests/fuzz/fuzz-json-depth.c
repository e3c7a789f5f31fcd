/*
 * fuzz-json-depth.c - libFuzzer driver for the depth limit every JSON body
 * meets before jansson parses it (sr_json_depth, sr_json_parse_object in
 * lib/json.c): without it a body nested a thousand deep ran the parser's
 * recursion off a worker thread's stack.
 *
 * The input is the body. Invariants, abort() on the first that breaks:
 *
 *   - sr_json_depth never counts past its limit + 1, and is the same with
 *     any limit at or above the true count;
 *   - whenever jansson parses the body, sr_json_depth is exactly the
 *     nesting of the document it parsed (measured on the tree, here), so
 *     the count is never fooled by strings or escapes into letting a
 *     deeper body through, nor into refusing a shallower one;
 *   - sr_json_parse_object refuses with "too_deep" exactly when the count
 *     is over SR_JSON_DEPTH_MAX, and never parses such a body.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The nesting of a parsed document: 0 for a scalar, 1 for [] or {}. */
static int tree_depth(const json_t *v)
{
	int deepest = 0;

	if (json_is_array(v)) {
		size_t i;
		json_t *e;

		json_array_foreach (v, i, e) {
			int d = tree_depth(e);

			if (d > deepest)
				deepest = d;
		}
		return deepest + 1;
	}
	if (json_is_object(v)) {
		const char *k;
		json_t *e;

		json_object_foreach ((json_t *)v, k, e) {
			int d = tree_depth(e);

			if (d > deepest)
				deepest = d;
		}
		return deepest + 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct sr_fail f = SR_FAIL_INIT;
	int depth = sr_json_depth(text, size, SR_JSON_DEPTH_MAX);
	int wide = sr_json_depth(text, size, 1 << 20);
	json_t *doc;

	if (depth > SR_JSON_DEPTH_MAX + 1 || depth < 0 || wide < depth)
		abort();
	if (wide <= SR_JSON_DEPTH_MAX && wide != depth)
		abort();
	/* Only shallow enough bodies go to jansson here, as in the server. */
	if (depth <= SR_JSON_DEPTH_MAX) {
		doc = json_loadb(text, size, JSON_DECODE_ANY, NULL);
		if (doc && tree_depth(doc) != depth)
			abort();
		json_decref(doc);
	}
	doc = sr_json_parse_object(text, size, &f);
	if (depth > SR_JSON_DEPTH_MAX) {
		if (doc || !f.code || strcmp(f.code, "too_deep"))
			abort();
	} else if (f.code && !strcmp(f.code, "too_deep")) {
		abort();
	}
	json_decref(doc);
	sr_fail_release(&f);
	return 0;
}
