/*
 * test-credential.c - server/credential.c: reading the session cookie and
 * a Bearer token, writing Set-Cookie, keeping a calendar key out of the
 * access log, and telling this machine's addresses.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "credential.h"

Test(credential, the_session_cookie_among_others)
{
	static const struct {
		const char *header, *want; /* want NULL: not found */
	} cases[] = {
		{"smallrun_session=abc", "abc"},
		{"a=1; smallrun_session=abc; b=2", "abc"},
		{"a=1;smallrun_session=abc", "abc"},
		{"  smallrun_session = abc ", NULL}, /* a space in the name */
		{"smallrun_session=\"abc\"", "abc"},
		{"smallrun_session=abc; smallrun_session=def", "abc"},
		{"xsmallrun_session=abc", NULL},
		{"smallrun_sessionx=abc", NULL},
		{"Smallrun_session=abc", NULL},
		{"smallrun_session", NULL},
		{"smallrun_session=a b", NULL},
		{"smallrun_session=a,b", NULL},
		{"", NULL},
		{"smallrun_session=", ""},
	};
	char out[64];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = sr_cred_cookie(cases[i].header, SR_COOKIE, out,
					sizeof(out));

		if (!cases[i].want) {
			cr_expect_eq(rc, -1, "'%s' gave '%s'", cases[i].header,
				     out);
			continue;
		}
		cr_expect_eq(rc, 0, "'%s'", cases[i].header);
		if (!rc)
			cr_expect_str_eq(out, cases[i].want, "'%s'",
					 cases[i].header);
	}
	/* Too long for the buffer: not cut, refused. */
	cr_assert_eq(
		sr_cred_cookie("smallrun_session=abcdef", SR_COOKIE, out, 4),
		-1);
}

Test(credential, bearer_tokens)
{
	char out[64];

	cr_assert_eq(sr_cred_bearer("Bearer abc-_.~+/==", out, sizeof(out)), 0);
	cr_assert_str_eq(out, "abc-_.~+/==");
	cr_assert_eq(sr_cred_bearer("bearer   xyz  ", out, sizeof(out)), 0);
	cr_assert_str_eq(out, "xyz");
	cr_assert_eq(sr_cred_bearer("Basic dXNlcjpwYXNz", out, sizeof(out)),
		     -1);
	cr_assert_eq(sr_cred_bearer("Bearer", out, sizeof(out)), -1);
	cr_assert_eq(sr_cred_bearer("Bearer a b", out, sizeof(out)), -1);
	cr_assert_eq(sr_cred_bearer("Bearer a=b", out, sizeof(out)), -1);
	cr_assert_eq(sr_cred_bearer("Bearerabc", out, sizeof(out)), -1);
	cr_assert_eq(sr_cred_bearer("Bearer abcdef", out, 4), -1);
}

Test(credential, set_cookie_flags)
{
	char out[SR_SET_COOKIE_MAX];

	sr_cred_set_cookie(out, false, "abc", 60);
	cr_assert_str_eq(out, "smallrun_session=abc; Max-Age=60; Path=/; "
			      "HttpOnly; SameSite=Strict");
	sr_cred_set_cookie(out, true, "", 0);
	cr_assert_str_eq(out, "__Host-smallrun_session=; Max-Age=0; Path=/; "
			      "HttpOnly; SameSite=Strict; Secure");
}

Test(credential, a_calendar_key_never_reaches_the_log)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"days=7&key=SECRET", "days=7&key=-"},
		{"key=SECRET", "key=-"},
		{"k%65y=SECRET&x=1", "k%65y=-&x=1"},
		{"%6B%65%79=SECRET", "%6B%65%79=-"},
		{"keys=1&monkey=2", "keys=1&monkey=2"},
		{"key=", "key="},
		{"key", "key"},
		{"", ""},
	};
	char out[128];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sr_cred_redact(cases[i].in, out, sizeof(out));
		cr_expect_str_eq(out, cases[i].out, "'%s'", cases[i].in);
	}
	sr_cred_redact("key=SECRET", out, 5);
	cr_assert_str_eq(out, "key=");
}

Test(credential, loopback_addresses)
{
	cr_assert(sr_cred_loopback("127.0.0.1"));
	cr_assert(sr_cred_loopback("127.1.2.3"));
	cr_assert(sr_cred_loopback("::1"));
	cr_assert(sr_cred_loopback("::ffff:127.0.0.1"));
	cr_assert(!sr_cred_loopback("192.168.1.5"));
	cr_assert(!sr_cred_loopback("::ffff:10.0.0.1"));
	cr_assert(!sr_cred_loopback("0.0.0.0"));
	cr_assert(!sr_cred_loopback(""));
	cr_assert(!sr_cred_loopback("localhost"));
	cr_assert(!sr_cred_loopback(NULL));
}
