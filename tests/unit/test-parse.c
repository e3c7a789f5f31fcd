/* test-parse.c - bounded parsers of outside text. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdint.h>
#include <string.h>

#include "smallrun/parse.h"

/* Arrays, not pointers: Criterion may run each case in a fresh process. */
struct num_case {
	char text[32];
	int64_t min, max;
	enum sr_err err;
	int64_t want;
};

static struct num_case num_cases[] = {
	{"0", 0, 10, SR_OK, 0},
	{"10", 0, 10, SR_OK, 10},
	{"11", 0, 10, SR_ETOOBIG, 0},
	{"-1", 0, 10, SR_ETOOBIG, 0},
	{"-5", -10, 10, SR_OK, -5},
	{"9223372036854775807", INT64_MIN, INT64_MAX, SR_OK, INT64_MAX},
	{"9223372036854775808", INT64_MIN, INT64_MAX, SR_ETOOBIG, 0},
	{"-9223372036854775808", INT64_MIN, INT64_MAX, SR_OK, INT64_MIN},
	{"-9223372036854775809", INT64_MIN, INT64_MAX, SR_ETOOBIG, 0},
	{"99999999999999999999999", INT64_MIN, INT64_MAX, SR_ETOOBIG, 0},
	{"", 0, 10, SR_EINVAL, 0},
	{"-", 0, 10, SR_EINVAL, 0},
	{"+1", 0, 10, SR_EINVAL, 0},
	{" 1", 0, 10, SR_EINVAL, 0},
	{"1 ", 0, 10, SR_EINVAL, 0},
	{"01", 0, 10, SR_EINVAL, 0},
	{"1e3", 0, 10000, SR_EINVAL, 0},
	{"0x10", 0, 100, SR_EINVAL, 0},
	{"1.5", 0, 10, SR_EINVAL, 0},
};

ParameterizedTestParameters(parse, i64)
{
	return cr_make_param_array(struct num_case, num_cases,
				   sizeof(num_cases) / sizeof(num_cases[0]));
}

ParameterizedTest(struct num_case *c, parse, i64)
{
	int64_t out = 12345;

	cr_assert_eq(sr_parse_i64z(c->text, &out, c->min, c->max), c->err,
		     "'%s'", c->text);
	cr_assert_eq(out, c->err ? 12345 : c->want, "'%s'", c->text);
}

Test(parse, i64_stops_at_len)
{
	int64_t out;

	cr_assert_eq(sr_parse_i64("12abc", 2, &out, 0, 100), SR_OK);
	cr_assert_eq(out, 12);
}

Test(parse, listen_forms)
{
	char host[64];
	int port;

	cr_assert_eq(sr_parse_listen("127.0.0.1:8080", host, sizeof(host),
				     &port, NULL),
		     SR_OK);
	cr_assert_str_eq(host, "127.0.0.1");
	cr_assert_eq(port, 8080);
	cr_assert_eq(sr_parse_listen("[::1]:0", host, sizeof(host), &port,
				     NULL),
		     SR_OK);
	cr_assert_str_eq(host, "::1");
	cr_assert_eq(port, 0);
	cr_assert_eq(sr_parse_listen(":9000", host, sizeof(host), &port, NULL),
		     SR_OK);
	cr_assert_str_eq(host, "");
	cr_assert_eq(port, 9000);
}

Test(parse, listen_errors_say_what_is_wrong)
{
	static const char *const bad[] = {"8080", "localhost:", "host:99999",
					  "host:-1", "::1:80", "[::1]80",
					  "[::1", "h:8o"};
	struct sr_fail f = SR_FAIL_INIT;
	char host[8];
	int port;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(sr_parse_listen(bad[i], host, sizeof(host), &port,
					     &f),
			     SR_EINVAL, "%s", bad[i]);
		cr_assert_gt(f.message.len, 0);
	}
	cr_assert_eq(sr_parse_listen("a-very-long-host-name:80", host,
				     sizeof(host), &port, &f),
		     SR_EINVAL);
	sr_fail_release(&f);
}
