/*
 * test-edge.c - the checks every request passes before a handler
 * (server/edge.h): each check on both sides of its boundary, their order,
 * and --host-name's names.
 *
 * edge.c is a front-end file, not part of libsmallrun: the Makefile links
 * its object into the unit tests (it needs nothing but libc).
 */
#define _GNU_SOURCE /* asprintf */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edge.h"

/* ---- building requests ------------------------------------------------ */

#define LINES_MAX (SR_EDGE_HEADERS_MAX + 8)

static struct sr_edge_header hdrs[LINES_MAX];
static struct sr_edge_req rq;
static struct sr_edge_result res;
static struct sr_edge_policy pol;
static char store[1 << 17];

/*
 * A request: fields is header lines separated by '\n', each split at its
 * first ':' (the value keeps its leading space, as received), or NULL.
 */
static void build(const char *method, const char *target, const char *version,
		  const char *fields)
{
	size_t n = 0;

	memset(&rq, 0, sizeof(rq));
	rq.method = method;
	rq.target = target;
	rq.version = version;
	rq.headers = hdrs;
	if (fields) {
		size_t len = strlen(fields);
		char *p = store;

		cr_assert_lt(len, sizeof(store));
		memcpy(store, fields, len + 1);
		for (;;) {
			char *nl = strchr(p, '\n'), *colon;

			if (nl)
				*nl = '\0';
			cr_assert_lt(n, LINES_MAX);
			colon = strchr(p, ':');
			hdrs[n].name = p;
			hdrs[n].value = colon ? colon + 1 : "";
			if (colon)
				*colon = '\0';
			n++;
			if (!nl)
				break;
			p = nl + 1;
		}
	}
	rq.nheaders = n;
}

/* Check a request under pol, and the invariants of every result. */
static int check(void)
{
	int st = sr_edge_check(&pol, &rq, &res);

	cr_assert_eq(st, res.status);
	if (st) {
		cr_assert_not_null(res.code, "status %d without a code", st);
		cr_assert_gt(strlen(res.message), 10, "%d %s", st, res.code);
		/* A message that filled the buffer was probably cut. */
		cr_assert_lt(strlen(res.message), sizeof(res.message) - 1,
			     "message cut: %s", res.message);
		cr_assert_str_eq(res.path, "");
		cr_assert_str_eq(res.query, "");
		cr_assert_eq(res.content_length, -1);
		cr_assert_not(res.chunked);
	} else {
		cr_assert_eq(res.path[0], '/');
		cr_assert_geq(res.query, rq.target);
		cr_assert_leq(res.query, rq.target + strlen(rq.target));
	}
	return st;
}

static int req(const char *method, const char *target, const char *fields)
{
	build(method, target, "HTTP/1.1", fields);
	return check();
}

static int get(const char *target)
{
	return req("GET", target, "Host: 127.0.0.1");
}

static int get_host(const char *host)
{
	char *fields = NULL;
	int st;

	cr_assert_gt(asprintf(&fields, "Host: %s", host), 0);
	st = req("GET", "/", fields);
	free(fields);
	return st;
}

#define refused(st, want_status, want_code)                                    \
	do {                                                                   \
		int st_ = (st);                                                \
		cr_assert_eq(st_, (want_status), "got %d %s: %s", st_,         \
			     res.code ? res.code : "-", res.message);          \
		cr_assert_str_eq(res.code, (want_code), "%s", res.message);    \
	} while (0)

#define passed(st)                                                             \
	do {                                                                   \
		int st_ = (st);                                                \
		cr_assert_eq(st_, 0, "got %d %s: %s", st_,                     \
			     res.code ? res.code : "-", res.message);          \
	} while (0)

static void reset_policy(void)
{
	memset(&pol, 0, sizeof(pol));
}

TestSuite(edge, .init = reset_policy);

/* ---- 505: the version ---------------------------------------------- */

Test(edge, versions_1_0_and_1_1_only)
{
	static const char *const bad[] = {"HTTP/1.2", "HTTP/2.0",  "HTTP/0.9",
					  "http/1.1", "HTTP/1.1 ", "HTTP/1",
					  "HTTP/3",   "",	   "HTTP/1.10"};

	build("GET", "/", "HTTP/1.1", "Host: 127.0.0.1");
	passed(check());
	build("GET", "/", "HTTP/1.0", NULL);
	passed(check());
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		build("GET", "/", bad[i], "Host: 127.0.0.1");
		refused(check(), 505, "version_not_supported");
	}
	build("GET", "/", NULL, "Host: 127.0.0.1");
	refused(check(), 505, "version_not_supported");
	build("GET", "/", "HTTP/2.0", NULL);
	check();
	cr_assert(strstr(res.message, "'HTTP/2.0'"), "%s", res.message);
}

/* ---- 431: how many fields ------------------------------------------- */

static char *many_fields(size_t n)
{
	char *s = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&s, &len);

	cr_assert_not_null(fp);
	fputs("Host: 127.0.0.1", fp);
	for (size_t i = 1; i < n; i++)
		fprintf(fp, "\nX-Field-%zu: %zu", i, i);
	fclose(fp);
	return s;
}

Test(edge, one_hundred_fields_pass_and_one_hundred_and_one_do_not)
{
	char *f100 = many_fields(SR_EDGE_HEADERS_MAX);
	char *f101 = many_fields(SR_EDGE_HEADERS_MAX + 1);

	passed(req("GET", "/", f100));
	cr_assert_eq(rq.nheaders, 100);
	refused(req("GET", "/", f101), 431, "headers_too_large");
	cr_assert_eq(rq.nheaders, 101);
	cr_assert(strstr(res.message, "100"), "%s", res.message);
	free(f100);
	free(f101);
}

/* ---- 400 bad_request: names and values ------------------------------ */

/* tchar from RFC 9110 §5.6.2, written out again as the reference. */
static bool ref_tchar(int c)
{
	static const char set[] = "!#$%&'*+-.^_`|~0123456789"
				  "abcdefghijklmnopqrstuvwxyz"
				  "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

	return c != 0 && strchr(set, c) != NULL;
}

Test(edge, a_field_name_is_a_token_byte_by_byte)
{
	int tchars = 0;

	for (int c = 1; c < 256; c++) {
		char fields[64];

		if (c == ':' || c == '\n')
			continue; /* build() splits at these */
		snprintf(fields, sizeof(fields), "Host: 127.0.0.1\nX%cY: 1", c);
		if (ref_tchar(c)) {
			tchars++;
			passed(req("GET", "/", fields));
		} else {
			refused(req("GET", "/", fields), 400, "bad_request");
		}
	}
	cr_assert_eq(tchars, 15 + 10 + 52);
	/* ':' can only end a name; an empty name is no token either. */
	refused(req("GET", "/", "Host: 127.0.0.1\n: x"), 400, "bad_request");
}

Test(edge, a_space_before_the_colon_or_a_folded_line_is_refused)
{
	refused(req("GET", "/", "Host : 127.0.0.1"), 400, "bad_request");
	refused(req("GET", "/", "Host: 127.0.0.1\nX-A: 1\n folded: 2"), 400,
		"bad_request");
	refused(req("GET", "/", "Host: 127.0.0.1\n\tX-A: 1"), 400,
		"bad_request");
	refused(req("GET", "/", " Host: 127.0.0.1"), 400, "bad_request");
}

Test(edge, a_value_with_cr_or_lf_is_refused)
{
	static const char *const bad[] = {" a\rb", " a\r\n b", "\n", " x\r"};
	struct sr_edge_header h[2] = {{"Host", " 127.0.0.1"}, {"X-A", NULL}};

	build("GET", "/", "HTTP/1.1", NULL);
	rq.headers = h;
	rq.nheaders = 2;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		h[1].value = bad[i];
		refused(check(), 400, "bad_request");
	}
	h[1].value = " tabs\tand spaces are fine ";
	passed(check());
	h[1].value = "";
	passed(check());
	h[1].value = NULL;
	refused(check(), 400, "bad_request");
}

/* ---- 400 bad_request: Content-Length -------------------------------- */

Test(edge, content_length_is_one_to_eighteen_digits)
{
	static const struct {
		const char *v;
		int64_t want; /* -2: refused */
	} cases[] = {
		{" 0", 0},
		{" 5", 5},
		{"5", 5},
		{" 5 ", 5},
		{"\t42\t", 42},
		{" 007", 7},
		{" 999999999999999999", 999999999999999999}, /* 18 digits */
		{" 000000000000000001", 1},
		{" 1000000000000000000", -2},  /* 19 digits */
		{" 9223372036854775807", -2},  /* INT64_MAX, 19 digits */
		{" 9223372036854775808", -2},  /* INT64_MAX + 1 */
		{" 18446744073709551616", -2}, /* 2^64 */
		{" 99999999999999999999999999", -2},
		{" +5", -2},
		{" -5", -2},
		{" -0", -2},
		{" 5, 5", -2},
		{" 5,5", -2},
		{" 5 5", -2},
		{" 0x10", -2},
		{" 1e3", -2},
		{" 5.0", -2},
		{"", -2},
		{" ", -2},
		{" five", -2},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char fields[96];
		int st;

		snprintf(fields, sizeof(fields),
			 "Host: 127.0.0.1\nContent-Length:%s", cases[i].v);
		st = req("POST", "/api/v1/customers", fields);
		if (cases[i].want == -2) {
			refused(st, 400, "bad_request");
			cr_assert(strstr(res.message, "Content-Length"), "%s",
				  res.message);
		} else {
			passed(st);
			cr_assert_eq(res.content_length, cases[i].want, "'%s'",
				     cases[i].v);
			cr_assert_not(res.chunked);
		}
	}
	passed(req("GET", "/", "Host: 127.0.0.1"));
	cr_assert_eq(res.content_length, -1);
}

Test(edge, two_content_lengths_are_refused_equal_or_not)
{
	refused(req("POST", "/",
		    "Host: 127.0.0.1\nContent-Length: 5\n"
		    "Content-Length: 5"),
		400, "bad_request");
	cr_assert_str_eq(res.message,
			 "the request has more than one Content-Length field");
	refused(req("POST", "/",
		    "Host: 127.0.0.1\nContent-Length: 5\n"
		    "content-length: 6"),
		400, "bad_request");
	refused(req("POST", "/",
		    "CONTENT-LENGTH: 0\nHost: 127.0.0.1\n"
		    "Content-Length: 0"),
		400, "bad_request");
}

/* ---- 400 and 501: Transfer-Encoding --------------------------------- */

Test(edge, chunked_is_the_one_transfer_encoding)
{
	passed(req("POST", "/", "Host: 127.0.0.1\nTransfer-Encoding: chunked"));
	cr_assert(res.chunked);
	cr_assert_eq(res.content_length, -1);
	passed(req("POST", "/",
		   "Host: 127.0.0.1\ntransfer-encoding: Chunked "));
	cr_assert(res.chunked);
	refused(req("POST", "/", "Host: 127.0.0.1\nTransfer-Encoding: gzip"),
		501, "not_implemented");
	cr_assert(strstr(res.message, "'gzip'"), "%s", res.message);
	refused(req("POST", "/",
		    "Host: 127.0.0.1\nTransfer-Encoding: gzip, chunked"),
		501, "not_implemented");
	refused(req("POST", "/",
		    "Host: 127.0.0.1\nTransfer-Encoding: chunked,"),
		501, "not_implemented");
	refused(req("POST", "/", "Host: 127.0.0.1\nTransfer-Encoding: "), 501,
		"not_implemented");
	refused(req("POST", "/",
		    "Host: 127.0.0.1\nTransfer-Encoding: chunked\n"
		    "Transfer-Encoding: chunked"),
		501, "not_implemented");
	refused(req("POST", "/",
		    "Host: 127.0.0.1\nTransfer-Encoding: xchunked"),
		501, "not_implemented");
}

Test(edge, content_length_with_transfer_encoding_is_refused)
{
	refused(req("POST", "/",
		    "Host: 127.0.0.1\nContent-Length: 5\n"
		    "Transfer-Encoding: chunked"),
		400, "bad_request");
	cr_assert(strstr(res.message, "both"), "%s", res.message);
	/* Also when the coding is one the server would refuse anyway. */
	refused(req("POST", "/",
		    "Host: 127.0.0.1\nTransfer-Encoding: gzip\n"
		    "Content-Length: 5"),
		400, "bad_request");
}

Test(edge, transfer_encoding_in_http_1_0_is_refused)
{
	build("POST", "/", "HTTP/1.0", "Transfer-Encoding: chunked");
	refused(check(), 400, "bad_request");
	build("POST", "/", "HTTP/1.0", "Content-Length: 3");
	passed(check());
	cr_assert_eq(res.content_length, 3);
}

/* ---- 400: Host ------------------------------------------------------- */

Test(edge, http_1_1_needs_exactly_one_host)
{
	refused(req("GET", "/", NULL), 400, "bad_request");
	cr_assert(strstr(res.message, "Host"), "%s", res.message);
	refused(req("GET", "/", "Accept: */*"), 400, "bad_request");
	refused(req("GET", "/", "Host: 127.0.0.1\nHost: 127.0.0.1"), 400,
		"bad_request");
	cr_assert_str_eq(res.message,
			 "the request has more than one Host field");
	refused(req("GET", "/", "Host: 127.0.0.1\nhost: localhost"), 400,
		"bad_request");
	passed(req("GET", "/", "hOsT: 127.0.0.1"));
	/* HTTP/1.0 may leave it out; the host check then has nothing to do. */
	build("GET", "/", "HTTP/1.0", NULL);
	passed(check());
	build("GET", "/", "HTTP/1.0", "Host: a\nHost: b");
	refused(check(), 400, "bad_request");
}

Test(edge, a_host_value_is_host_and_optional_port)
{
	static const char *const bad[] = {
		"a b",
		"[::1",
		"::1",
		"[::1]x",
		"x:80:90",
		"x:123456",
		"x:8o",
		"x/y",
		"x@y",
		"[fe80::1%25e]",
		"x%41",
		"[v1.x]",
		"[1:2:3:4:5:6:7:8:9]",
		"[1::2::3]",
		"[12345::]",
		"[:1]",
		"[1:]",
		"[1:2:3:4:5:6:7]",
		"[::1.2.3]",
		"[::1.2.3.4.5]",
		"[]",
		"x\"y",
		"[1:2:3:4:5:6:7::8]",
		"[1::2:3:4:5:6:7:8]",
	};
	static const char *const good[] = {
		"127.0.0.1",
		"127.0.0.1:8080",
		"[::1]",
		"[::1]:8080",
		"[::]",
		"[1:2:3:4:5:6:7:8]",
		"[1::]",
		"[::ffff:127.0.0.1]",
		"[2001:DB8::a:1]:443",
		"[1:2:3:4:5:6::8]",
		"localhost",
		"localhost:",
		" localhost ",
		"\tlocalhost:99999",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		refused(get_host(bad[i]), 400, "bad_request");
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		passed(get_host(good[i]));
}

/* ---- 414: the target's length --------------------------------------- */

static char *target_of(size_t len)
{
	char *t = malloc(len + 1);

	cr_assert_not_null(t);
	t[0] = '/';
	memset(t + 1, 'a', len - 1);
	t[len] = '\0';
	return t;
}

Test(edge, a_target_of_8192_bytes_passes_and_8193_does_not)
{
	char *t8192 = target_of(SR_EDGE_TARGET_MAX);
	char *t8193 = target_of(SR_EDGE_TARGET_MAX + 1);

	passed(get(t8192));
	cr_assert_eq(strlen(res.path), SR_EDGE_TARGET_MAX);
	refused(get(t8193), 414, "uri_too_long");
	cr_assert(strstr(res.message, "8193"), "%s", res.message);
	/* The length is checked before the bytes. */
	t8193[5] = '\x01';
	refused(get(t8193), 414, "uri_too_long");
	free(t8192);
	free(t8193);
}

/* ---- 400 bad_path ---------------------------------------------------- */

Test(edge, escapes_and_bytes_of_the_path)
{
	static const char *const bad[] = {
		"/%00",
		"/a%00b",
		"/api/v1/days-off/5%00/anything",
		"/index.html%00.js",
		"/%01",
		"/%1f",
		"/%1F",
		"/%7f",
		"/%7F",
		"/%0d%0aX: y",
		"/%09",
		"/%",
		"/%4",
		"/%zz",
		"/%g0",
		"/%0g",
		"/a\x01",
		"/a\x7f",
		"/a\x1f",
		"/a b",
		"/a\tb",
		"/a#b",
		"/#",
		"/a?b#c",
		"/a?\x01",
		"/a?x=\x7f",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		refused(get(bad[i]), 400, "bad_path");
}

/* The query's escapes are lib/query.c's to judge (bad_query): the edge
 * passes them on as sent. */
Test(edge, the_query_is_passed_on_undecoded)
{
	static const char *const queries[] = {"%00", "x=%01", "%", "x=%zz"};

	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		char target[32];

		snprintf(target, sizeof(target), "/a?%s", queries[i]);
		cr_expect_eq(get(target), 0, "%s: %s", target, res.message);
		cr_expect_str_eq(res.query, queries[i]);
		cr_expect_str_eq(res.path, "/a");
	}
}

Test(edge, the_path_is_decoded)
{
	static const struct {
		const char *target, *path, *query;
	} cases[] = {
		{"/", "/", ""},
		{"/a%20b", "/a b", ""},
		{"/%41%62c", "/Abc", ""},
		{"/%7e%2F", "/~/", ""},
		{"/%C3%A9", "/\xc3\xa9", ""},
		{"/%80%ff", "/\x80\xff", ""},
		{"/%20", "/ ", ""},
		{"/api/v1/customers?limit=5", "/api/v1/customers", "limit=5"},
		{"/a?", "/a", ""},
		{"/a?b?c", "/a", "b?c"},
		{"/a?x=%41+b", "/a", "x=%41+b"},
		{"/a%3Fb?c", "/a?b", "c"},
		{"/...", "/...", ""},
		{"/a..b/..c/c..", "/a..b/..c/c..", ""},
		{"/.hidden/./x", "/.hidden/./x", ""},
		{"//a", "//a", ""},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		passed(get(cases[i].target));
		cr_assert_str_eq(res.path, cases[i].path, "%s",
				 cases[i].target);
		cr_assert_str_eq(res.query, cases[i].query, "%s",
				 cases[i].target);
	}
	/* A missing query is the target's own final NUL. */
	passed(get("/x"));
	cr_assert_eq(res.query, rq.target + 2);
	passed(get("/x?q=1"));
	cr_assert_eq(res.query, rq.target + 3);
}

Test(edge, a_dot_dot_segment_is_refused)
{
	static const char *const bad[] = {
		"/..",
		"/../",
		"/a/..",
		"/a/../b",
		"/api/v1/../etc/passwd",
		"/%2e%2e/x",
		"/%2E%2E",
		"/a/.%2e/",
		"/a/%2e.",
		"/a%2f..",
		"/a/..?x",
		"/.../..",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		refused(get(bad[i]), 400, "bad_path");
	passed(get("/a/..b"));
	passed(get("/a/b..?x=/../"));
}

Test(edge, a_target_is_origin_or_absolute_form)
{
	static const char *const bad[] = {
		"*",
		"",
		"a/b",
		"127.0.0.1:80",
		"ftp://127.0.0.1/",
		"http:/x",
		"http://",
		"http:///x",
		"http://?x",
		"http://u@127.0.0.1/",
		"http://u:p@127.0.0.1/",
		"http://127.0.0.1:x/",
		"http://[::1/",
		"http://127.0.0.1#x",
		"https//127.0.0.1/",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		refused(get(bad[i]), 400, "bad_path");
	build("GET", NULL, "HTTP/1.1", "Host: 127.0.0.1");
	refused(check(), 400, "bad_path");
}

/* ---- absolute-form ---------------------------------------------------- */

Test(edge, absolute_form_gives_path_and_query)
{
	static const struct {
		const char *target, *path, *query;
	} cases[] = {
		{"http://127.0.0.1:8080/api/v1/questions", "/api/v1/questions",
		 ""},
		{"http://127.0.0.1/a?x=1", "/a", "x=1"},
		{"HTTP://LOCALHOST/a%20b", "/a b", ""},
		{"https://[::1]:8443/x", "/x", ""},
		{"http://127.0.0.1", "/", ""},
		{"http://127.0.0.1?q", "/", "q"},
		{"http://127.0.0.1:/", "/", ""},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		passed(get(cases[i].target));
		cr_assert_str_eq(res.path, cases[i].path, "%s",
				 cases[i].target);
		cr_assert_str_eq(res.query, cases[i].query, "%s",
				 cases[i].target);
	}
	refused(get("http://127.0.0.1/a/../b"), 400, "bad_path");
	refused(get("http://127.0.0.1/%00"), 400, "bad_path");
}

Test(edge, the_authority_stands_instead_of_host)
{
	/* A foreign authority while Host is fine. */
	refused(req("GET", "http://attacker.example/api/v1/customers",
		    "Host: 127.0.0.1"),
		421, "unknown_host");
	cr_assert(strstr(res.message, "attacker.example"), "%s", res.message);
	refused(req("GET", "https://attacker.example:443/", "Host: localhost"),
		421, "unknown_host");
	/* And the reverse: the authority is known, the Host is not. */
	passed(req("GET", "http://127.0.0.1:8080/api/v1/customers",
		   "Host: attacker.example"));
	cr_assert_str_eq(res.path, "/api/v1/customers");
	/* Host must still be there, once, and well formed. */
	refused(req("GET", "http://127.0.0.1/", NULL), 400, "bad_request");
	refused(req("GET", "http://127.0.0.1/", "Host: a b"), 400,
		"bad_request");
}

/* ---- 421 unknown_host ------------------------------------------------- */

Test(edge, ip_literals_and_localhost_are_known)
{
	static const char *const good[] = {
		"127.0.0.1",	   "127.0.0.1:8080", "10.0.0.7:1",
		"255.255.255.255", "0.0.0.0",	     "[::1]",
		"[::1]:8080",	   "[2001:db8::1]",  "localhost",
		"localhost:8080",  "LOCALHOST:8080", "LocalHost",
	};
	static const char *const unknown[] = {
		"attacker.example",
		"attacker.example:8080",
		"localhost.attacker.example",
		"127.0.0.1.attacker.example",
		"127.0.0.01",
		"256.0.0.1",
		"127.1",
		"1.2.3",
		"1.2.3.4.5",
		"localhost.",
		"localhos",
		"x",
		":80",
		"",
	};

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		passed(get_host(good[i]));
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
		refused(get_host(unknown[i]), 421, "unknown_host");
}

Test(edge, the_unknown_host_message_says_how_to_allow_it)
{
	refused(get_host("attacker.example:8080"), 421, "unknown_host");
	cr_assert_str_eq(res.message,
			 "the host 'attacker.example' is not one this server "
			 "answers to; start it with --host-name "
			 "attacker.example to allow it");
	refused(get_host(""), 421, "unknown_host");
	cr_assert(strstr(res.message, "no host"), "%s", res.message);
	refused(get_host("a!b"), 421, "unknown_host");
	cr_assert_null(strstr(res.message, "--host-name a!b"), "%s",
		       res.message);
}

Test(edge, a_long_host_is_quoted_short)
{
	char host[300];

	memset(host, 'a', sizeof(host) - 1);
	host[sizeof(host) - 1] = '\0';
	refused(get_host(host), 421, "unknown_host");
	cr_assert(strstr(res.message, "..."), "%s", res.message);
	host[41] = '\0';
	refused(get_host(host), 421, "unknown_host");
	cr_assert(strstr(res.message, "--host-name and that name"), "%s",
		  res.message);
	host[40] = '\0';
	refused(get_host(host), 421, "unknown_host");
	cr_assert(strstr(res.message, "--host-name aaaa"), "%s", res.message);
}

Test(edge, host_names_from_the_policy_match_in_any_case_and_port)
{
	char spec[] = "shop.example,bakery.example";

	cr_assert_eq(sr_edge_add_names(&pol, spec), 0);
	passed(get_host("shop.example"));
	passed(get_host("SHOP.EXAMPLE:443"));
	passed(get_host("Bakery.Example:8080"));
	passed(get_host("127.0.0.1")); /* still */
	refused(get_host("other.example"), 421, "unknown_host");
	refused(get_host("shop.example.attacker.example"), 421, "unknown_host");
	refused(get_host("shop.exampl"), 421, "unknown_host");
	refused(get_host("xshop.example"), 421, "unknown_host");
}

Test(edge, no_policy_knows_only_literals_and_localhost)
{
	build("GET", "/", "HTTP/1.1", "Host: localhost");
	cr_assert_eq(sr_edge_check(NULL, &rq, &res), 0);
	build("GET", "/", "HTTP/1.1", "Host: shop.example");
	cr_assert_eq(sr_edge_check(NULL, &rq, &res), 421);
}

/* ---- 403 cross_site ---------------------------------------------------- */

Test(edge, an_unsafe_method_with_a_foreign_origin_is_refused)
{
	static const char *const unsafe[] = {"POST",   "PUT",	"PATCH",
					     "DELETE", "TRACE", "post"};
	static const char *const foreign[] = {
		" https://evil.example",
		" null",
		" http://127.0.0.1", /* the port is part of the host */
		" http://127.0.0.1:8081",
		" http://127.0.0.1:8080/", /* an Origin has no path */
		" ftp://127.0.0.1:8080",
		" 127.0.0.1:8080",
		" http://127.0.0.1:8080.evil.example",
		"",
	};

	for (size_t m = 0; m < sizeof(unsafe) / sizeof(unsafe[0]); m++) {
		for (size_t o = 0; o < sizeof(foreign) / sizeof(foreign[0]);
		     o++) {
			char fields[128];

			snprintf(fields, sizeof(fields),
				 "Host: 127.0.0.1:8080\nOrigin:%s", foreign[o]);
			refused(req(unsafe[m], "/api/v1/customers/1", fields),
				403, "cross_site");
		}
	}
	req("DELETE", "/",
	    "Host: 127.0.0.1:8080\nOrigin: https://evil.example");
	cr_assert(strstr(res.message, "DELETE"), "%s", res.message);
	cr_assert(strstr(res.message, "https://evil.example"), "%s",
		  res.message);
}

Test(edge, the_own_origin_and_no_origin_are_allowed)
{
	static const char *const own[] = {
		"Host: 127.0.0.1:8080\nOrigin: http://127.0.0.1:8080",
		"Host: 127.0.0.1:8080\nOrigin: https://127.0.0.1:8080",
		"Host: localhost:8080\nOrigin: HTTP://LOCALHOST:8080",
		"Host: LOCALHOST:8080\nOrigin: http://localhost:8080 ",
		"Host: [::1]:8080\nOrigin: http://[::1]:8080",
		"Host: 127.0.0.1:8080",
		"Host: 127.0.0.1:8080\nSec-Fetch-Site: same-origin",
		"Host: 127.0.0.1:8080\nSec-Fetch-Site: none",
		"Host: 127.0.0.1:8080\nSec-Fetch-Site: same-origin\n"
		"Origin: http://127.0.0.1:8080",
	};

	for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		passed(req("POST", "/api/v1/customers", own[i]));
}

Test(edge, sec_fetch_site_other_than_same_origin_or_none_is_refused)
{
	static const char *const bad[] = {"cross-site", "same-site",
					  "Same-Origin", "",
					  "same-origin, none"};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char fields[96];

		snprintf(fields, sizeof(fields),
			 "Host: 127.0.0.1\nSec-Fetch-Site: %s", bad[i]);
		refused(req("DELETE", "/api/v1/days-off/5", fields), 403,
			"cross_site");
		/* Safe methods are not asked. */
		passed(req("GET", "/api/v1/days-off/5", fields));
	}
}

Test(edge, every_origin_and_sec_fetch_site_field_counts)
{
	refused(req("POST", "/",
		    "Host: 127.0.0.1\nOrigin: http://127.0.0.1\n"
		    "Origin: https://evil.example"),
		403, "cross_site");
	refused(req("POST", "/",
		    "Host: 127.0.0.1\nSec-Fetch-Site: same-origin\n"
		    "sec-fetch-site: cross-site"),
		403, "cross_site");
}

Test(edge, safe_methods_may_come_from_anywhere)
{
	static const char *const safe[] = {"GET", "HEAD", "OPTIONS"};

	for (size_t i = 0; i < sizeof(safe) / sizeof(safe[0]); i++)
		passed(req(safe[i], "/api/v1/customers",
			   "Host: 127.0.0.1\nOrigin: https://evil.example\n"
			   "Sec-Fetch-Site: cross-site"));
}

Test(edge, the_origin_is_compared_with_the_absolute_form_authority)
{
	passed(req("POST", "http://127.0.0.1:8080/api/v1/customers",
		   "Host: localhost\nOrigin: http://127.0.0.1:8080"));
	refused(req("POST", "http://127.0.0.1:8080/api/v1/customers",
		    "Host: localhost\nOrigin: http://localhost"),
		403, "cross_site");
	/* HTTP/1.0 with no Host has no own origin: any Origin is foreign. */
	build("POST", "/", "HTTP/1.0", "Origin: http://127.0.0.1");
	refused(check(), 403, "cross_site");
	build("POST", "/", "HTTP/1.0", NULL);
	passed(check());
}

/* ---- the order of the checks ------------------------------------------ */

/*
 * A request that breaks every check, each part mended in turn: each
 * verdict must be the next check's.
 */
Test(edge, the_checks_come_in_the_order_edge_h_gives)
{
	char *fields = many_fields(SR_EDGE_HEADERS_MAX + 1);
	char *long_target = target_of(SR_EDGE_TARGET_MAX + 1);
	char spec[] = "attacker.example";

	/* 101 fields, the last made "X : 1" plus framing faults. */
	build("DELETE", long_target, "HTTP/2.0", fields);
	refused(check(), 505, "version_not_supported");
	rq.version = "HTTP/1.1";
	refused(check(), 431, "headers_too_large");
	/* 100 fields from here on; the last is mended one fault at a time. */
	rq.nheaders = SR_EDGE_HEADERS_MAX;
	hdrs[1].name = "X-Bad ";
	hdrs[2].name = "Content-Length";
	hdrs[2].value = " +5";
	hdrs[3].name = "Transfer-Encoding";
	hdrs[3].value = " gzip";
	hdrs[4].name = "Origin";
	hdrs[4].value = " https://evil.example";
	hdrs[0].value = " attacker.example";
	refused(check(), 400, "bad_request"); /* the name */
	cr_assert(strstr(res.message, "X-Bad "), "%s", res.message);
	hdrs[1].name = "X-Good";
	refused(check(), 400, "bad_request"); /* the length */
	cr_assert(strstr(res.message, "'+5'"), "%s", res.message);
	hdrs[2].value = " 5";
	refused(check(), 400, "bad_request"); /* both CL and TE */
	cr_assert(strstr(res.message, "both"), "%s", res.message);
	hdrs[2].name = "X-Was-Length";
	refused(check(), 501, "not_implemented");
	hdrs[3].value = " chunked";
	refused(check(), 414, "uri_too_long");
	rq.target = "/api/v1/days-off/5%00/x";
	refused(check(), 400, "bad_path");
	rq.target = "/api/v1/days-off/5";
	refused(check(), 421, "unknown_host");
	cr_assert_eq(sr_edge_add_names(&pol, spec), 0);
	refused(check(), 403, "cross_site");
	hdrs[4].value = " http://attacker.example";
	passed(check());
	cr_assert(res.chunked);
	cr_assert_str_eq(res.path, "/api/v1/days-off/5");
	free(fields);
	free(long_target);
}

Test(edge, a_refusal_leaves_no_half_result)
{
	/* The length was read before the Host fault was found. */
	refused(req("POST", "/a?x=1", "Content-Length: 5\nHost: a b"), 400,
		"bad_request");
	refused(req("POST", "/a?x=1",
		    "Host: 127.0.0.1\nContent-Length: 5\nOrigin: null"),
		403, "cross_site");
	refused(req("POST", "/a?x=1",
		    "Host: 127.0.0.1\nTransfer-Encoding: chunked\n"
		    "Origin: null"),
		403, "cross_site");
}

/* ---- sr_edge_add_names ------------------------------------------------- */

Test(edge, names_are_split_at_commas_in_place)
{
	char spec[] = "shop.example,www.shop.example,Bakery-1.example";

	cr_assert_eq(sr_edge_add_names(&pol, spec), 0);
	cr_assert_eq(pol.nnames, 3);
	cr_assert_str_eq(pol.names[0], "shop.example");
	cr_assert_str_eq(pol.names[1], "www.shop.example");
	cr_assert_str_eq(pol.names[2], "Bakery-1.example");
	cr_assert_eq(pol.names[0], spec);
	cr_assert_eq(pol.names[1], spec + 13);
}

Test(edge, names_accumulate_over_calls)
{
	char a[] = "a.example", b[] = "b.example,c.example";

	cr_assert_eq(sr_edge_add_names(&pol, a), 0);
	cr_assert_eq(sr_edge_add_names(&pol, b), 0);
	cr_assert_eq(pol.nnames, 3);
	cr_assert_str_eq(pol.names[2], "c.example");
}

Test(edge, empty_and_bad_names_are_refused_and_change_nothing)
{
	static const char *const bad[] = {
		"",
		",",
		",a.example",
		"a.example,",
		"a,,b",
		"a.example, b",
		" a",
		"a ",
		"a_b",
		"a..b",
		".a",
		"a.",
		"-a",
		"a-",
		"a.-b",
		"shop.example:8080",
		"[::1]",
		"a/b",
		"ok.example,bad_one",
		"ok.example,,ok2.example",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char spec[64];

		snprintf(spec, sizeof(spec), "%s", bad[i]);
		reset_policy();
		cr_assert_eq(sr_edge_add_names(&pol, spec), -1, "'%s'", bad[i]);
		cr_assert_eq(pol.nnames, 0, "'%s'", bad[i]);
		cr_assert_str_eq(spec, bad[i], "spec changed");
	}
	cr_assert_eq(sr_edge_add_names(&pol, NULL), -1);
}

static void names_spec(char *spec, size_t size, int n)
{
	size_t at = 0;

	for (int i = 0; i < n; i++)
		at += (size_t)snprintf(spec + at, size - at, "%sn%d.example",
				       i ? "," : "", i);
}

Test(edge, sixteen_names_fit_and_seventeen_do_not)
{
	char s16[512], s17[512], one[] = "one.more";

	names_spec(s16, sizeof(s16), SR_EDGE_NAMES_MAX);
	names_spec(s17, sizeof(s17), SR_EDGE_NAMES_MAX + 1);
	cr_assert_eq(sr_edge_add_names(&pol, s17), -1);
	cr_assert_eq(pol.nnames, 0);
	cr_assert_eq(sr_edge_add_names(&pol, s16), 0);
	cr_assert_eq(pol.nnames, SR_EDGE_NAMES_MAX);
	cr_assert_str_eq(pol.names[15], "n15.example");
	/* The limit is on the policy, over every call. */
	cr_assert_eq(sr_edge_add_names(&pol, one), -1);
	cr_assert_eq(pol.nnames, SR_EDGE_NAMES_MAX);
	passed(get_host("N15.example"));
}

/* A name of len bytes: 63-letter labels joined by dots. */
static void long_name(char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		s[i] = i % 64 == 63 ? '.' : 'a';
	if (s[len - 1] == '.')
		s[len - 1] = 'b';
	s[len] = '\0';
}

Test(edge, a_name_of_253_bytes_fits_and_254_does_not)
{
	char name[300], label[80];

	long_name(name, 253);
	cr_assert_eq(sr_edge_add_names(&pol, name), 0);
	cr_assert_eq(strlen(pol.names[0]), 253);
	passed(get_host(pol.names[0]));
	reset_policy();
	long_name(name, 254);
	cr_assert_eq(sr_edge_add_names(&pol, name), -1);
	/* A label is at most 63. */
	memset(label, 'a', 63);
	memcpy(label + 63, ".example", 9);
	cr_assert_eq(sr_edge_add_names(&pol, label), 0);
	reset_policy();
	memset(label, 'a', 64);
	memcpy(label + 64, ".example", 9);
	cr_assert_eq(sr_edge_add_names(&pol, label), -1);
}

/* Found by fuzz-edge: a long method and a long Origin cut the message. */
Test(edge, a_long_method_and_origin_still_fit_the_message)
{
	char method[200], fields[300];

	memset(method, 'M', sizeof(method) - 1);
	method[sizeof(method) - 1] = '\0';
	snprintf(fields, sizeof(fields),
		 "Host: 127.0.0.1\nOrigin: http://%0200d", 0);
	refused(req(method, "/", fields), 403, "cross_site");
	snprintf(fields, sizeof(fields),
		 "Host: 127.0.0.1\nSec-Fetch-Site: %0200d", 0);
	refused(req(method, "/", fields), 403, "cross_site");
}

/* ---- who sent it (sr_edge_client) --------------------------------------- */

static struct sr_edge_client who;

/* The client of a GET with these fields from peer, under pol. */
static void client_of(const char *peer, bool tls, const char *fields)
{
	build("GET", "/", "HTTP/1.1", fields);
	sr_edge_client(&pol, peer, tls, &rq, &who);
}

static void trust(const char *spec)
{
	memset(&pol, 0, sizeof(pol));
	cr_assert_eq(sr_edge_add_proxies(&pol, spec), 0, "%s", spec);
}

Test(edge_client, a_peer_not_trusted_is_the_client_whatever_it_says)
{
	memset(&pol, 0, sizeof(pol));
	client_of(
		"203.0.113.5", false,
		"Host: a\nX-Forwarded-For: 1.2.3.4\nX-Forwarded-Proto: https");
	cr_assert_str_eq(who.addr, "203.0.113.5");
	cr_assert(!who.loopback && !who.proxied && !who.tls);
	client_of("127.0.0.1", false, "Host: a");
	cr_assert_str_eq(who.addr, "127.0.0.1");
	cr_assert(who.loopback && !who.proxied);
	client_of("::1", true, "Host: a");
	cr_assert(who.loopback && who.tls);
}

Test(edge_client, loopback_that_was_forwarded_is_not_loopback)
{
	static const char *const fields[] = {
		"X-Forwarded-For: 198.51.100.7",  "x-real-ip: 198.51.100.7",
		"Forwarded: for=198.51.100.7",	  "X-Forwarded-Proto: https",
		"X-Forwarded-Host: shop.example",
	};

	memset(&pol, 0, sizeof(pol));
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		char *f = NULL;

		cr_assert_geq(asprintf(&f, "Host: a\n%s", fields[i]), 0);
		client_of("127.0.0.1", false, f);
		cr_assert(!who.loopback, "%s", fields[i]);
		/* Not believed either: the address is the peer's. */
		cr_assert_str_eq(who.addr, "127.0.0.1");
		cr_assert(!who.tls && !who.proxied);
		free(f);
	}
}

Test(edge_client, a_trusted_proxy_names_the_client_from_the_right)
{
	trust("127.0.0.1");
	/* nginx appends the address it saw to what the client sent. */
	client_of("127.0.0.1", false,
		  "Host: a\nX-Forwarded-For: 6.6.6.6, 198.51.100.7");
	cr_assert_str_eq(who.addr, "198.51.100.7");
	cr_assert(who.proxied && !who.loopback && !who.tls);
	/* Two fields: the last one's last element. */
	client_of("127.0.0.1", false,
		  "Host: a\nX-Forwarded-For: 1.1.1.1\nX-Forwarded-For: "
		  "2.2.2.2");
	cr_assert_str_eq(who.addr, "2.2.2.2");
	/* A chain of proxies, each trusted, is walked past. */
	trust("127.0.0.1,10.0.0.2");
	client_of("127.0.0.1", false,
		  "Host: a\nX-Forwarded-For: 198.51.100.7,10.0.0.2");
	cr_assert_str_eq(who.addr, "198.51.100.7");
	client_of("127.0.0.1", false,
		  "Host: a\nX-Forwarded-For: 198.51.100.7\nX-Forwarded-For: "
		  " 10.0.0.2 ");
	cr_assert_str_eq(who.addr, "198.51.100.7");
}

Test(edge_client, forms_of_an_element)
{
	static const struct {
		const char *xff, *addr;
	} cases[] = {
		{"[2001:db8::1]:4711", "2001:db8::1"},
		{"[2001:db8::1]", "2001:db8::1"},
		{"2001:db8::1", "2001:db8::1"},
		{"192.0.2.1:8080", "192.0.2.1"},
		{"\t192.0.2.1 ", "192.0.2.1"},
		/* No address: the proxy stands for the client. */
		{"unknown", "127.0.0.1"},
		{"shop.example", "127.0.0.1"},
		{"192.0.2.1:", "127.0.0.1"},
		{"192.0.2.1:123456", "127.0.0.1"},
		{"[192.0.2.1]", "127.0.0.1"},
		{"[2001:db8::1]x", "127.0.0.1"},
		{"", "127.0.0.1"},
		{"192.0.2.1,", "127.0.0.1"},
		/* An element that is no address stops the walk. */
		{"198.51.100.7, junk", "127.0.0.1"},
	};

	trust("127.0.0.1");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *f = NULL;

		cr_assert_geq(asprintf(&f, "Host: a\nX-Forwarded-For:%s",
				       cases[i].xff),
			      0);
		client_of("127.0.0.1", false, f);
		cr_assert_str_eq(who.addr, cases[i].addr, "'%s'", cases[i].xff);
		cr_assert(!who.loopback, "'%s'", cases[i].xff);
		free(f);
	}
}

Test(edge_client, the_proxy_alone_is_not_loopback)
{
	trust("127.0.0.1");
	client_of("127.0.0.1", false, "Host: a");
	cr_assert_str_eq(who.addr, "127.0.0.1");
	cr_assert(who.proxied && !who.loopback);
	/* Every element a proxy's, the same. */
	client_of("127.0.0.1", false, "Host: a\nX-Forwarded-For: 127.0.0.1");
	cr_assert(!who.loopback);
	/* A client named as loopback by the proxy is loopback. */
	trust("10.0.0.2");
	client_of("10.0.0.2", false, "Host: a\nX-Forwarded-For: 127.0.0.1");
	cr_assert_str_eq(who.addr, "127.0.0.1");
	cr_assert(who.loopback);
}

Test(edge_client, https_is_the_trusted_proxys_last_word)
{
	trust("::1");
	client_of("::1", false,
		  "Host: a\nX-Forwarded-For: 192.0.2.1\nX-Forwarded-Proto: "
		  "HTTPS");
	cr_assert(who.tls);
	client_of("::1", false,
		  "Host: a\nX-Forwarded-For: 192.0.2.1\nX-Forwarded-Proto: "
		  "http, https");
	cr_assert(who.tls);
	client_of("::1", false,
		  "Host: a\nX-Forwarded-For: 192.0.2.1\nX-Forwarded-Proto: "
		  "https, http");
	cr_assert(!who.tls);
	client_of("::1", false,
		  "Host: a\nX-Forwarded-Proto: https\nX-Forwarded-Proto: "
		  "http");
	cr_assert(!who.tls);
	/* A connection over TLS stays so whatever the proxy says. */
	client_of("::1", true, "Host: a\nX-Forwarded-Proto: http");
	cr_assert(who.tls);
}

Test(edge_client, an_ipv4_proxy_is_the_same_as_its_mapped_address)
{
	trust("127.0.0.1");
	client_of("::ffff:127.0.0.1", false,
		  "Host: a\nX-Forwarded-For: 192.0.2.1");
	cr_assert(who.proxied);
	cr_assert_str_eq(who.addr, "192.0.2.1");
}

Test(edge_client, proxies_are_ip_literals_and_eight_at_most)
{
	memset(&pol, 0, sizeof(pol));
	cr_assert_eq(sr_edge_add_proxies(&pol, "127.0.0.1,::1"), 0);
	cr_assert_eq(pol.nproxies, 2);
	cr_assert_eq(sr_edge_add_proxies(&pol, "localhost"), -1);
	cr_assert_eq(sr_edge_add_proxies(&pol, "10.0.0.1,"), -1);
	cr_assert_eq(sr_edge_add_proxies(&pol, ""), -1);
	cr_assert_eq(sr_edge_add_proxies(&pol, "10.0.0.1/8"), -1);
	cr_assert_eq(pol.nproxies, 2, "a refusal changed the list");
	cr_assert_eq(sr_edge_add_proxies(&pol, "10.0.0.1,10.0.0.2,10.0.0.3,"
					       "10.0.0.4,10.0.0.5,10.0.0.6"),
		     0);
	cr_assert_eq(pol.nproxies, 8);
	cr_assert_eq(sr_edge_add_proxies(&pol, "10.0.0.7"), -1);
	cr_assert_eq(pol.nproxies, 8);
}
