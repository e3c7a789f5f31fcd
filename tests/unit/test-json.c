/* test-json.c - the depth limit every JSON body meets before the parser. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

/* n opening brackets of kind open, then n closing ones. */
static char *nested(int n, char open, char close)
{
	char *s = malloc((size_t)n * 2 + 1);

	cr_assert_not_null(s);
	memset(s, open, (size_t)n);
	memset(s + n, close, (size_t)n);
	s[n * 2] = '\0';
	return s;
}

Test(json, depth_counts_arrays_and_objects)
{
	static const struct {
		const char *text;
		int depth;
	} cases[] = {
		{"", 0},
		{"1", 0},
		{"{}", 1},
		{"[[], [[]]]", 3},
		{"{\"a\": {\"b\": [1, {\"c\": 2}]}}", 4},
		/* Brackets inside strings, escaped quotes included, do not
		 * count. */
		{"{\"a\": \"[[[[{{{{\"}", 1},
		{"{\"a\": \"\\\"[[[[\"}", 1},
		{"{\"a\": \"\\\\\", \"b\": [[]]}", 3},
		/* A stray closing bracket does not make depth negative. */
		{"]]]][", 1},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cr_expect_eq(sr_json_depth(cases[i].text,
					   strlen(cases[i].text), 100),
			     cases[i].depth, "%s", cases[i].text);
}

Test(json, parse_refuses_past_the_limit_and_takes_the_limit)
{
	struct sr_fail f = SR_FAIL_INIT;
	char *at = nested(SR_JSON_DEPTH_MAX, '[', ']');
	char *past = nested(SR_JSON_DEPTH_MAX + 1, '{', '}');
	char *deep = nested(100000, '[', ']');
	json_t *doc;
	char limit[32];

	/* At the limit the depth check passes: what refuses it is that
	 * the body is an array, not an object. */
	cr_assert_null(sr_json_parse_object(at, strlen(at), &f));
	cr_expect_str_eq(f.code, "bad_type");
	sr_fail_release(&f);
	cr_assert_null(sr_json_parse_object(past, strlen(past), &f));
	cr_expect_str_eq(f.code, "too_deep");
	snprintf(limit, sizeof(limit), "%d levels", SR_JSON_DEPTH_MAX);
	cr_expect(strstr(f.message.data, limit) != NULL, "%s", f.message.data);
	sr_fail_release(&f);
	cr_assert_null(sr_json_parse_object(deep, strlen(deep), &f));
	cr_expect_str_eq(f.code, "too_deep");
	sr_fail_release(&f);
	/* The counting stops early: a deep body costs little to refuse. */
	cr_expect_eq(sr_json_depth(deep, strlen(deep), 40), 41);
	doc = sr_json_parse_object("{\"a\": [[[1]]]}", 14, &f);
	cr_assert_not_null(doc);
	json_decref(doc);
	free(at);
	free(past);
	free(deep);
}
