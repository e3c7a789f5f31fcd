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

/* ---- money as text ---- */

Test(parse, money_format)
{
	static const struct {
		int64_t minor;
		const char *text;
	} cases[] = {
		{0, "0.00"},
		{5, "0.05"},
		{-5, "-0.05"},
		{150, "1.50"},
		{-150, "-1.50"},
		{INT64_C(100000000000), "1000000000.00"},
		/* -2^63 and 2^63 - 1 pence. */
		{INT64_MIN, "-92233720368547758.08"},
		{INT64_MAX, "92233720368547758.07"},
	};
	char out[SR_MONEY_TEXT_SIZE];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert_eq(sr_money_format(cases[i].minor, out), out);
		cr_assert_str_eq(out, cases[i].text, "%lld",
				 (long long)cases[i].minor);
	}
	/* The longest text, INT64_MIN's, fits with its NUL. */
	cr_assert_lt(strlen(sr_money_format(INT64_MIN, out)),
		     (size_t)SR_MONEY_TEXT_SIZE);
}

/* Formatting then parsing gives the amount back, for amounts across the
 * whole range the parser accepts (0 to INT64_MAX): the small ones, every
 * power of ten and its neighbours, and a spread between. */
Test(parse, money_format_round_trips_through_the_parser)
{
	char out[SR_MONEY_TEXT_SIZE];
	uint64_t x = 88172645463325252u; /* xorshift64 state */
	int64_t back;

	for (int64_t v = 0; v < 2000; v++) {
		cr_assert_eq(sr_parse_money(sr_money_format(v, out), &back,
					    INT64_MAX),
			     SR_OK, "%s", out);
		cr_assert_eq(back, v);
	}
	for (int64_t p = 1; p <= INT64_MAX / 10; p *= 10)
		for (int64_t d = -1; d <= 1; d++) {
			int64_t v = p + d;

			cr_assert_eq(sr_parse_money(sr_money_format(v, out),
						    &back, INT64_MAX),
				     SR_OK, "%s", out);
			cr_assert_eq(back, v, "%s", out);
		}
	for (int i = 0; i < 100000; i++) {
		int64_t v;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		v = (int64_t)(x >> (1 + i % 63)); /* every magnitude */
		cr_assert_eq(sr_parse_money(sr_money_format(v, out), &back,
					    INT64_MAX),
			     SR_OK, "%s", out);
		cr_assert_eq(back, v, "%s", out);
	}
	cr_assert_eq(sr_parse_money(sr_money_format(INT64_MAX, out), &back,
				    INT64_MAX),
		     SR_OK);
	cr_assert_eq(back, INT64_MAX);
}

/* Every spelling the parser accepts comes back from the formatter in the
 * one spelling it writes, with the same amount. */
Test(parse, money_parsed_text_formats_the_same_amount)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"0", "0.00"},
		{"0.5", "0.50"},
		{"0.05", "0.05"},
		{"12", "12.00"},
		{"12.5", "12.50"},
		{"12.50", "12.50"},
		{"1000000000", "1000000000.00"},
		{"92233720368547758.07", "92233720368547758.07"},
	};
	char out[SR_MONEY_TEXT_SIZE];
	int64_t minor, again;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert_eq(sr_parse_money(cases[i].in, &minor, INT64_MAX),
			     SR_OK, "%s", cases[i].in);
		cr_assert_str_eq(sr_money_format(minor, out), cases[i].out);
		cr_assert_eq(sr_parse_money(out, &again, INT64_MAX), SR_OK);
		cr_assert_eq(again, minor);
	}
}

/* The parser takes no sign: a negative amount's text is refused, not
 * read as some other amount (money typed in is never negative). */
Test(parse, money_negative_text_is_refused)
{
	char out[SR_MONEY_TEXT_SIZE];
	int64_t minor = 7;

	cr_assert_eq(
		sr_parse_money(sr_money_format(-150, out), &minor, INT64_MAX),
		SR_EINVAL);
	cr_assert_eq(minor, 7);
}
