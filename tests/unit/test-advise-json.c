/* test-advise-json.c - advice requests and results as JSON. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <jansson.h>
#include <string.h>

#include "smallrun/advise.h"

static enum sr_err parse(const char *body, struct sr_answers *a,
			 struct sr_fail *f)
{
	return sr_advice_request_parse(body, strlen(body), a, f);
}

Test(advise_json, parses_answers_and_nulls)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_answers a;

	cr_assert_eq(parse("{\"answers\": {\"storage\": \"no\", \"values\": "
			   "\"consistency\", \"ten_a_day\": null}}",
			   &a, &f),
		     SR_OK);
	cr_assert_str_eq(
		sr_questions[SR_Q_STORAGE].answers[a.pick[SR_Q_STORAGE]].value,
		"no");
	cr_assert_str_eq(
		sr_questions[SR_Q_VALUES].answers[a.pick[SR_Q_VALUES]].value,
		"consistency");
	cr_assert_eq(a.pick[SR_Q_TEN_A_DAY], SR_UNANSWERED);
	cr_assert_eq(a.pick[SR_Q_CUSTOMIZATION], SR_UNANSWERED);
	sr_fail_release(&f);
}

/* Arrays, not pointers: Criterion may run each case in a fresh process. */
struct bad_case {
	char body[96];
	char code[24];
	char field[24];
};

static struct bad_case bad_cases[] = {
	{"", "bad_json", ""},
	{"{\"answers\": {", "bad_json", ""},
	{"{\"answers\": {}} trailing", "bad_json", ""},
	{"[]", "bad_type", ""},
	{"\"answers\"", "bad_type", ""},
	{"{}", "missing_field", "answers"},
	{"{\"answers\": []}", "bad_type", "answers"},
	{"{\"answers\": \"yes\"}", "bad_type", "answers"},
	{"{\"answers\": {}}", "no_answers", "answers"},
	{"{\"answers\": {\"storage\": null}}", "no_answers", "answers"},
	{"{\"answers\": {\"colour\": \"red\"}}", "unknown_question",
	 "answers.colour"},
	{"{\"answers\": {\"storage\": \"maybe\"}}", "bad_value",
	 "answers.storage"},
	{"{\"answers\": {\"storage\": \"YES\"}}", "bad_value",
	 "answers.storage"},
	{"{\"answers\": {\"storage\": true}}", "bad_type", "answers.storage"},
	{"{\"answers\": {\"storage\": 1}}", "bad_type", "answers.storage"},
	{"{\"answers\": {\"storage\": [\"yes\"]}}", "bad_type",
	 "answers.storage"},
	{"{\"answers\": {\"storage\": \"yes\"}, \"extra\": 1}",
	 "unknown_field", "extra"},
	{"{\"answers\": {\"storage\": \"yes\", \"storage\": \"no\"}}",
	 "bad_json", ""},
};

ParameterizedTestParameters(advise_json, bad_requests)
{
	return cr_make_param_array(struct bad_case, bad_cases,
				   sizeof(bad_cases) / sizeof(bad_cases[0]));
}

ParameterizedTest(struct bad_case *c, advise_json, bad_requests)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_answers a;

	cr_assert_eq(parse(c->body, &a, &f), SR_EINVAL, "body %s", c->body);
	cr_assert_str_eq(f.code, c->code, "body %s", c->body);
	cr_assert_str_eq(f.field.data, c->field, "body %s", c->body);
	cr_assert_gt(f.message.len, 0);
	/* Nothing half-parsed is left behind. */
	for (int q = 0; q < SR_Q__MAX; q++)
		cr_assert_eq(a.pick[q], SR_UNANSWERED);
	sr_fail_release(&f);
}

Test(advise_json, long_unknown_key_is_clipped_in_message)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_answers a;
	char body[5000];
	char key[4001];

	memset(key, 'k', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	snprintf(body, sizeof(body), "{\"answers\": {\"%s\": \"yes\"}}", key);
	cr_assert_eq(parse(body, &a, &f), SR_EINVAL);
	cr_assert_lt(f.message.len, 200);
	sr_fail_release(&f);
}

Test(advise_json, result_has_every_field)
{
	static const char *const keys[] = {
		"recommendation", "title", "scores", "reasons", "summary",
		"benefits", "common_uses", "note", "warnings", "rules",
		"unanswered", "by_score"};
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	struct sr_answers a;
	struct sr_advice adv;
	json_t *doc, *reasons;
	json_error_t jerr;

	cr_assert_eq(parse("{\"answers\": {\"customization\": \"yes\", "
			   "\"ten_a_day\": \"no\", \"storage\": \"no\"}}",
			   &a, NULL),
		     SR_OK);
	cr_assert_eq(sr_advise(&a, &adv, NULL), SR_OK);
	cr_assert_eq(sr_advice_to_json(&a, &adv, &out, 0), SR_OK);
	doc = json_loads(out.data, 0, &jerr);
	cr_assert_not_null(doc, "%s", jerr.text);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		cr_assert_not_null(json_object_get(doc, keys[i]), "%s", keys[i]);
	cr_assert_str_eq(
		json_string_value(json_object_get(doc, "recommendation")),
		"job");
	reasons = json_object_get(doc, "reasons");
	cr_assert_eq(json_array_size(reasons), 3);
	cr_assert_str_eq(json_string_value(json_object_get(
				 json_array_get(reasons, 0), "leans")),
			 "job");
	cr_assert_eq(json_array_size(json_object_get(doc, "unanswered")), 2);
	cr_assert_eq(json_integer_value(json_object_get(
			     json_object_get(doc, "scores"), "job")),
		     3 + 3 + 2);
	json_decref(doc);
	sr_buf_release(&out);
}

Test(advise_json, questions_document)
{
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	json_t *doc, *qs;
	json_error_t jerr;

	cr_assert_eq(sr_questions_to_json(&out, SR_JSON_PRETTY), SR_OK);
	doc = json_loads(out.data, 0, &jerr);
	cr_assert_not_null(doc);
	qs = json_object_get(doc, "questions");
	cr_assert_eq(json_array_size(qs), 5);
	for (size_t i = 0; i < 5; i++) {
		json_t *q = json_array_get(qs, i);

		cr_assert(json_is_string(json_object_get(q, "id")));
		cr_assert(json_is_string(json_object_get(q, "hint")));
		cr_assert_eq(json_array_size(json_object_get(q, "answers")), 2);
	}
	json_decref(doc);
	sr_buf_release(&out);
}
