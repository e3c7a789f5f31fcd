/* test-advice.c - the calculator's endpoints over a real socket. */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"

API_SUITE(advice);

static void post(const char *body, struct resp *r)
{
	http(&server, "POST", "/api/v1/advice", "application/json", body, r);
}

static const char *str(json_t *obj, const char *key)
{
	const char *v = json_string_value(json_object_get(obj, key));

	cr_assert_not_null(v, "no string %s", key);
	return v;
}

Test(advice, questions_list_the_five)
{
	static const char *const ids[] = {"customization", "under_an_hour",
					  "ten_a_day", "storage", "values"};
	struct resp r;
	json_t *qs;

	http(&server, "GET", "/api/v1/questions", NULL, NULL, &r);
	cr_assert_eq(r.status, 200);
	qs = json_object_get(r.json, "questions");
	cr_assert_eq(json_array_size(qs), 5);
	for (size_t i = 0; i < 5; i++) {
		json_t *q = json_array_get(qs, i);

		cr_assert_str_eq(str(q, "id"), ids[i]);
		cr_assert_gt(strlen(str(q, "text")), 10);
		cr_assert_gt(strlen(str(q, "hint")), 10);
		cr_assert_eq(json_array_size(json_object_get(q, "answers")), 2);
	}
	resp_free(&r);
}

Test(advice, all_job_answers_give_job)
{
	struct resp r;

	post("{\"answers\": {\"customization\": \"yes\", \"under_an_hour\": "
	     "\"yes\", \"ten_a_day\": \"no\", \"storage\": \"no\", "
	     "\"values\": \"personal\"}}",
	     &r);
	cr_assert_eq(r.status, 200, "%s", r.body);
	cr_assert_str_eq(str(r.json, "recommendation"), "job");
	cr_assert_eq(json_array_size(json_object_get(r.json, "reasons")), 5);
	cr_assert_gt(json_array_size(json_object_get(r.json, "benefits")), 0);
	cr_assert_gt(json_array_size(json_object_get(r.json, "common_uses")),
		     0);
	cr_assert_gt(json_array_size(json_object_get(r.json, "warnings")), 0);
	cr_assert_gt(strlen(str(r.json, "summary")), 20);
	cr_assert_gt(strlen(str(r.json, "note")), 20);
	cr_assert_gt(strlen(str(r.json, "title")), 3);
	resp_free(&r);
}

Test(advice, all_batch_answers_give_batch)
{
	struct resp r;

	post("{\"answers\": {\"customization\": \"no\", \"under_an_hour\": "
	     "\"no\", \"ten_a_day\": \"yes\", \"storage\": \"yes\", "
	     "\"values\": \"consistency\"}}",
	     &r);
	cr_assert_eq(r.status, 200, "%s", r.body);
	cr_assert_str_eq(str(r.json, "recommendation"), "batch");
	resp_free(&r);
}

Test(advice, custom_volume_and_storage_give_mixed)
{
	struct resp r;

	post("{\"answers\": {\"customization\": \"yes\", \"ten_a_day\": "
	     "\"yes\", \"storage\": \"yes\"}}",
	     &r);
	cr_assert_eq(r.status, 200, "%s", r.body);
	cr_assert_str_eq(str(r.json, "recommendation"), "mixed");
	cr_assert_eq(json_array_size(json_object_get(r.json, "unanswered")), 2);
	resp_free(&r);
}

Test(advice, charset_in_content_type_is_fine)
{
	struct resp r;

	http(&server, "POST", "/api/v1/advice",
	     "application/json; charset=utf-8",
	     "{\"answers\": {\"storage\": \"no\"}}", &r);
	cr_assert_eq(r.status, 200, "%s", r.body);
	resp_free(&r);
}

Test(advice, malformed_json)
{
	struct resp r;

	post("{\"answers\": {\"storage\": ", &r);
	assert_error(&r, 400, "bad_json");
	resp_free(&r);
}

Test(advice, unknown_question)
{
	struct resp r;

	post("{\"answers\": {\"colour\": \"blue\"}}", &r);
	assert_error(&r, 400, "unknown_question");
	cr_assert(strstr(r.body, "colour"));
	resp_free(&r);
}

Test(advice, bad_answer_value_names_the_field)
{
	struct resp r;

	post("{\"answers\": {\"values\": \"price\"}}", &r);
	assert_error(&r, 400, "bad_value");
	cr_assert_str_eq(str(json_object_get(r.json, "error"), "field"),
			 "answers.values");
	cr_assert(strstr(r.body, "personal") && strstr(r.body, "consistency"));
	resp_free(&r);
}

Test(advice, wrong_json_types)
{
	static const char *const bodies[] = {
		"[1, 2]", "{\"answers\": [\"yes\"]}",
		"{\"answers\": {\"storage\": false}}",
		"{\"answers\": {\"storage\": 2}}"};

	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		struct resp r;

		post(bodies[i], &r);
		assert_error(&r, 400, "bad_type");
		resp_free(&r);
	}
}

Test(advice, no_answers)
{
	struct resp r;

	post("{\"answers\": {}}", &r);
	assert_error(&r, 400, "no_answers");
	resp_free(&r);
	post("{}", &r);
	assert_error(&r, 400, "missing_field");
	resp_free(&r);
}

Test(advice, body_over_the_limit_is_413)
{
	size_t n = 200 * 1024;
	char *body = malloc(n + 1);
	struct resp r;

	memset(body, ' ', n);
	body[n] = '\0';
	body[0] = '{';
	body[n - 1] = '}';
	post(body, &r);
	assert_error(&r, 413, "too_large");
	resp_free(&r);
	free(body);
}

Test(advice, wrong_content_type_is_415)
{
	struct resp r;

	http(&server, "POST", "/api/v1/advice", "text/plain",
	     "{\"answers\": {\"storage\": \"no\"}}", &r);
	assert_error(&r, 415, "unsupported_media_type");
	resp_free(&r);
	http(&server, "POST", "/api/v1/advice", NULL,
	     "{\"answers\": {\"storage\": \"no\"}}", &r);
	assert_error(&r, 415, "unsupported_media_type");
	resp_free(&r);
}

Test(advice, wrong_method_is_405_with_allow)
{
	struct resp r;
	char *allow;

	http(&server, "GET", "/api/v1/advice", NULL, NULL, &r);
	assert_error(&r, 405, "method_not_allowed");
	allow = resp_header(&r, "Allow");
	cr_assert_not_null(allow);
	cr_assert_str_eq(allow, "POST");
	free(allow);
	resp_free(&r);
	http(&server, "DELETE", "/api/v1/questions", NULL, NULL, &r);
	assert_error(&r, 405, "method_not_allowed");
	allow = resp_header(&r, "Allow");
	cr_assert(allow && strstr(allow, "GET"));
	free(allow);
	resp_free(&r);
}

Test(advice, unknown_api_path_is_404)
{
	struct resp r;

	http(&server, "GET", "/api/v1/nothing-here", NULL, NULL, &r);
	assert_error(&r, 404, "not_found");
	resp_free(&r);
	http(&server, "POST", "/api/v2/advice", "application/json", "{}", &r);
	assert_error(&r, 404, "not_found");
	resp_free(&r);
}
