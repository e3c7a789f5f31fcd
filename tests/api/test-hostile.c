/*
 * test-hostile.c - hostile input over a loopback socket to the real
 * `smallrun serve`: request smuggling, DNS rebinding, cross-site writes,
 * deep JSON, cut bodies, oversized parts, NUL and control bytes in paths,
 * connection hoarding and pipelining.
 *
 * What the server must do is server/edge.h's (the checks and their
 * statuses) and server/http.h's (the body limits). Every answer any test
 * here reads goes through answered(), which checks the security headers
 * and that no answer ever carries Access-Control-Allow-Origin. A refusal
 * by the edge ends its connection: refused() reads the answer, checks it
 * says Connection: close, then sends one more valid request on the same
 * connection, which must never be answered (EOF, not a second answer and
 * not a connection left open). No timing is asserted; every wait has a
 * deadline (CONN_WAIT_SECONDS), so a server that does not answer fails.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness.h"
#include "http.h"

API_SUITE(hostile);

/* The request a refused connection must never answer. */
#define PROBE "GET " API "/questions HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

/* A GET route that answers 200 on an empty database. */
#define ROUTE API "/questions"

/* route.c's ROUTE_BIG_MAX, the sales import's limit. */
#define BIG_BODY_MAX ((size_t)128 * 1024 * 1024)

/* ---- every answer ---------------------------------------------------- */

static void assert_header_is(const struct resp *r, const char *name,
			     const char *want)
{
	char *v = resp_header(r, name);

	cr_assert_not_null(v, "status %d without %s:\n%s", r->status, name,
			   r->head);
	if (want)
		cr_assert_str_eq(v, want, "%s in\n%s", name, r->head);
	free(v);
}

/*
 * libmicrohttpd refuses a few requests itself, while reading them, before
 * smallrun sees them (doc/API.md, "The HTTP edge": a request line or
 * Content-Length it cannot parse, a version it does not know, a head over
 * its buffer, a bad chunk): a fixed HTML text, no Content-Type, none of
 * smallrun's headers. Those are the only answers allowed without them.
 */
static bool engines_own(const struct resp *r)
{
	char *ct = resp_header(r, "Content-Type");
	char *conn = resp_header(r, "Connection");
	/* Every answer of smallrun's own has a Content-Type (none is a 204
	 * or 304 here). libmicrohttpd 0.9.75 even sends the head of some of
	 * its own twice, so its body is not looked at. */
	bool own = !ct && r->status >= 400 && conn && !strcmp(conn, "close");

	free(ct);
	free(conn);
	return own;
}

/*
 * What every answer of this suite carries (but the engine's own, above),
 * and what none does: any Access-Control-Allow-* header.
 */
static void answered(const struct resp *r)
{
	for (const char *p = r->head; (p = strstr(p, "\r\n")); p += 2)
		cr_assert(strncasecmp(p + 2, "Access-Control-Allow-", 21),
			  "a CORS header in\n%s", r->head);
	if (engines_own(r))
		return;
	assert_header_is(r, "X-Content-Type-Options", "nosniff");
	assert_header_is(r, "Content-Security-Policy", NULL);
	assert_header_is(r, "X-Frame-Options", "DENY");
	assert_header_is(r, "Referrer-Policy", NULL);
}

/* {"error":{"code":"…","message":"…"}}, and the code when one is given. */
static void error_shape(const struct resp *r, const char *code)
{
	json_t *c = jget(r->json, "error.code");
	json_t *m = jget(r->json, "error.message");

	cr_assert(json_is_string(c) && json_string_length(c) > 0,
		  "status %d, not the error shape: %.300s", r->status, r->body);
	cr_assert(json_is_string(m) && json_string_length(m) > 0,
		  "no message: %.300s", r->body);
	if (code)
		cr_assert_str_eq(json_string_value(c), code, "status %d: %s",
				 r->status, r->body);
}

/* ---- exchanges ------------------------------------------------------- */

/* A request's first line, for messages (in a static buffer). */
static const char *request_line(const char *req)
{
	static char line[120];
	size_t n = strcspn(req, "\r\n");

	snprintf(line, sizeof(line), "%.*s", (int)(n < 100 ? n : 100), req);
	for (char *p = line; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return line;
}

/* Send raw bytes on a new connection, read one answer, close. */
static void exchange(const char *req, size_t len, struct resp *r)
{
	struct conn c;

	conn_open(&c, &server);
	conn_send(&c, req, len);
	cr_assert(conn_read(&c, r), "%s: no answer", request_line(req));
	answered(r);
	conn_close(&c);
}

static void exchangef(struct resp *r, const char *f, ...)
	__attribute__((format(printf, 2, 3)));

static void exchangef(struct resp *r, const char *f, ...)
{
	char *req = NULL;
	va_list ap;
	int n;

	va_start(ap, f);
	n = vasprintf(&req, f, ap);
	va_end(ap);
	cr_assert_geq(n, 0);
	exchange(req, (size_t)n, r);
	free(req);
}

/* A request of the harness's own (Host: 127.0.0.1), answer checked. */
static void api(const char *method, const char *path, const char *body,
		struct resp *r)
{
	http_json(&server, method, path, body, r);
	answered(r);
}

/* The number of records of a resource ("customers"). */
static long long count(const char *res)
{
	char *path = fmt(API "/%s", res);
	struct resp r;
	long long n;

	api("GET", path, NULL, &r);
	cr_assert_eq(r.status, 200, "GET %s: %d %s", path, r.status, r.body);
	n = jint(r.json, "total");
	resp_free(&r);
	free(path);
	return n;
}

static long long create(const char *res, const char *body)
{
	char *path = fmt(API "/%s", res);
	struct resp r;
	long long id;

	api("POST", path, body, &r);
	cr_assert_eq(r.status, 201, "POST %s %s: %d %s", path, body, r.status,
		     r.body);
	id = jint(r.json, "id");
	resp_free(&r);
	free(path);
	return id;
}

/* GET path answers 200 (or status). */
static void expect_status(const char *path, int status)
{
	struct resp r;

	api("GET", path, NULL, &r);
	cr_assert_eq(r.status, status, "GET %s: %d %s", path, r.status, r.body);
	resp_free(&r);
}

static void still_answers(void)
{
	expect_status(ROUTE, 200);
}

/*
 * After its answer the server must close c: a further valid request on it
 * is never answered, and the connection ends.
 */
static void assert_closed(struct conn *c, const char *what)
{
	enum conn_next next;

	conn_send(c, PROBE, strlen(PROBE)); /* may fail: closed already */
	next = conn_next(c);
	cr_assert_neq(next, CONN_DATA,
		      "%s: the connection answered again after the refusal:\n"
		      "%.300s",
		      what, c->buf);
	cr_assert_neq(next, CONN_TIMEOUT,
		      "%s: the connection was left open after the refusal",
		      what);
}

/*
 * Send req on a new connection: the answer must be status (or alt, when
 * not 0), the error shape with code (when not NULL), Connection: close,
 * and the connection must end there.
 */
static void refused_alt(const char *req, size_t len, int status, int alt,
			const char *code)
{
	struct conn c;
	struct resp r;

	const char *what = request_line(req);

	conn_open(&c, &server);
	conn_send(&c, req, len);
	cr_assert(conn_read(&c, &r), "%s: no answer", what);
	answered(&r);
	cr_assert(r.status == status || (alt && r.status == alt),
		  "%s: status %d, want %d: %.300s", what, r.status, status,
		  r.body);
	assert_header_is(&r, "Connection", "close");
	if (engines_own(&r)) {
		enum conn_next next;
		int n = 0;

		cr_assert_null(code, "%s: the engine answered, not smallrun's "
				     "%s:\n%s", what, code, r.head);
		/* Its doubled head leaves bytes behind: drop them, read to
		 * the end. */
		while ((next = conn_next(&c)) == CONN_DATA && n++ < 8)
			c.have = 0;
		cr_assert_eq(next, CONN_EOF, "%s: left open", what);
	} else {
		error_shape(&r, code);
		assert_closed(&c, what);
	}
	resp_free(&r);
	conn_close(&c);
}

static void refused(const char *req, int status, const char *code)
{
	refused_alt(req, strlen(req), status, 0, code);
}

static void refusedf(int status, const char *code, const char *f, ...)
	__attribute__((format(printf, 3, 4)));

static void refusedf(int status, const char *code, const char *f, ...)
{
	char *req = NULL;
	va_list ap;
	int n;

	va_start(ap, f);
	n = vasprintf(&req, f, ap);
	va_end(ap);
	cr_assert_geq(n, 0);
	refused_alt(req, (size_t)n, status, 0, code);
	free(req);
}

/* ---- framing ---------------------------------------------------------- */

Test(hostile, content_length_and_chunked_is_refused)
{
	refused("POST " API "/customers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		"Content-Type: application/json\r\nContent-Length: 18\r\n"
		"Transfer-Encoding: chunked\r\n\r\n"
		"d\r\n{\"name\":\"CT\"}\r\n0\r\n\r\n",
		400, NULL);
	cr_assert_eq(count("customers"), 0);
	still_answers();
}

/* The body by Content-Length hides a request; by chunked it is a DELETE. */
Test(hostile, a_request_smuggled_after_a_chunked_body_is_never_answered)
{
	long long id = create("customers", "{\"name\":\"Kept\"}");
	char *path = fmt(API "/customers/%lld", id);
	char *smuggled =
		fmt("DELETE %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", path);

	refusedf(400, NULL,
		 "POST " API "/customers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		 "Content-Type: application/json\r\nContent-Length: %zu\r\n"
		 "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n%s",
		 5 + strlen(smuggled), smuggled);
	refusedf(400, NULL,
		 "POST " API "/customers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		 "Content-Type: application/json\r\nTransfer-Encoding: "
		 "chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n%s",
		 smuggled);
	expect_status(path, 200);
	cr_assert_eq(count("customers"), 1);
	free(smuggled);
	free(path);
}

Test(hostile, two_different_content_lengths_are_refused)
{
	refused("POST " API "/customers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		"Content-Type: application/json\r\nContent-Length: 13\r\n"
		"Content-Length: 2\r\n\r\n{\"name\":\"CL\"}",
		400, NULL);
	cr_assert_eq(count("customers"), 0);
}

Test(hostile, two_equal_content_lengths_are_refused)
{
	refused("POST " API "/customers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		"Content-Type: application/json\r\nContent-Length: 13\r\n"
		"Content-Length: 13\r\n\r\n{\"name\":\"CL\"}",
		400, NULL);
	cr_assert_eq(count("customers"), 0);
}

Test(hostile, a_space_before_the_colon_is_refused)
{
	refused("GET " ROUTE " HTTP/1.1\r\nHost : 127.0.0.1\r\n\r\n", 400,
		NULL);
	refused("GET " ROUTE " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		"X-Test : 1\r\n\r\n",
		400, NULL);
}

Test(hostile, http_1_1_without_host_is_refused)
{
	refused("GET " ROUTE " HTTP/1.1\r\nAccept: */*\r\n\r\n", 400, NULL);
}

Test(hostile, two_hosts_are_refused)
{
	refused("GET " ROUTE " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		"Host: 127.0.0.1\r\n\r\n",
		400, NULL);
	refused("GET " ROUTE " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		"Host: attacker.example\r\n\r\n",
		400, NULL);
}

Test(hostile, a_signed_content_length_is_refused)
{
	refused("POST " API "/customers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		"Content-Type: application/json\r\nContent-Length: +13\r\n"
		"\r\n{\"name\":\"CL\"}",
		400, NULL);
	cr_assert_eq(count("customers"), 0);
}

Test(hostile, a_content_length_list_is_refused)
{
	refused("POST " API "/customers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		"Content-Type: application/json\r\nContent-Length: 13, 13\r\n"
		"\r\n{\"name\":\"CL\"}",
		400, NULL);
	cr_assert_eq(count("customers"), 0);
}

Test(hostile, transfer_encoding_gzip_is_not_implemented)
{
	refused("POST " API "/customers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		"Content-Type: application/json\r\n"
		"Transfer-Encoding: gzip\r\n\r\nxxxx",
		501, NULL);
	cr_assert_eq(count("customers"), 0);
}

/*
 * RFC 9112 §5.2: a server either refuses a folded line (400) or reads the
 * fold as a space. libmicrohttpd 0.9.75 does neither quite: it joins the
 * line to the one before without a space, before edge.c sees the value,
 * so smallrun reads a folded field one way only, but not the RFC's way
 * (doc/API.md, "The HTTP edge"). What holds: a folded request is answered
 * once, 200 or 400, and the leftover bytes of a folded Content-Length
 * never make a second request that writes.
 */
Test(hostile, a_folded_header_line_is_refused_or_read_as_a_space)
{
	static const char *const folds[] = {
		"GET " ROUTE " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		"X-Test: 1\r\n folded: 2\r\nConnection: close\r\n\r\n",
		"GET " ROUTE " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		"X-Test: 1\r\n\tfolded\r\nConnection: close\r\n\r\n",
	};
	struct resp r;

	for (size_t i = 0; i < COUNT(folds); i++) {
		exchange(folds[i], strlen(folds[i]), &r);
		cr_assert(r.status == 200 || r.status == 400, "%s: %d %s",
			  request_line(folds[i]), r.status, r.body);
		resp_free(&r);
	}
	{
		/* Read as 13: the first 13 bytes are no JSON (400), and the
		 * rest, `"}` and a POST, is no request of its own. */
		struct conn c;

		conn_open(&c, &server);
		conn_sendf(&c, "POST " API "/customers HTTP/1.1\r\n"
			       "Host: 127.0.0.1\r\n"
			       "Content-Type: application/json\r\n"
			       "Content-Length: 1\r\n 3\r\n\r\n"
			       "{\"name\":\"Fold\"}"
			       "POST " API "/customers HTTP/1.1\r\n"
			       "Host: 127.0.0.1\r\n"
			       "Content-Type: application/json\r\n"
			       "Content-Length: 15\r\n\r\n"
			       "{\"name\":\"Evil\"}");
		cr_assert(conn_read(&c, &r), "no answer");
		cr_assert_eq(r.status, 400, "%s", r.body);
		resp_free(&r);
		while (conn_read(&c, &r)) {
			cr_assert_neq(r.status, 201, "%s", r.body);
			resp_free(&r);
		}
		conn_close(&c);
	}
	cr_assert_eq(count("customers"), 0);
}

Test(hostile, http_1_2_and_2_0_are_not_spoken)
{
	/* 505 by edge.h; an engine may refuse it sooner, with 400. */
	static const char *const reqs[] = {
		"GET " ROUTE " HTTP/1.2\r\nHost: 127.0.0.1\r\n\r\n",
		"GET " ROUTE " HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n",
	};

	for (size_t i = 0; i < COUNT(reqs); i++)
		refused_alt(reqs[i], strlen(reqs[i]), 505, 400, NULL);
}

/* ---- absolute-form and Host ------------------------------------------- */

Test(hostile, absolute_form_with_this_server_is_answered)
{
	struct resp r;

	exchangef(&r,
		  "GET http://127.0.0.1:%d" ROUTE " HTTP/1.1\r\n"
		  "Host: 127.0.0.1:%d\r\nConnection: close\r\n\r\n",
		  server.port, server.port);
	cr_assert_eq(r.status, 200, "%d %s", r.status, r.body);
	cr_assert_not_null(jget(r.json, "questions"), "%s", r.body);
	resp_free(&r);
}

Test(hostile, absolute_form_with_a_foreign_authority_is_refused)
{
	create("customers", "{\"name\":\"Secret Sam\"}");
	refusedf(421, "unknown_host",
		 "GET http://attacker.example" API "/customers HTTP/1.1\r\n"
		 "Host: 127.0.0.1:%d\r\n\r\n",
		 server.port);
}

Test(hostile, a_foreign_host_gets_no_data)
{
	struct conn c;
	struct resp r;

	create("customers", "{\"name\":\"Secret Sam\"}");
	conn_open(&c, &server);
	conn_sendf(&c, "GET " API "/customers HTTP/1.1\r\n"
		       "Host: attacker.example\r\n\r\n");
	cr_assert(conn_read(&c, &r), "no answer");
	answered(&r);
	cr_assert_eq(r.status, 421, "%d %s", r.status, r.body);
	error_shape(&r, "unknown_host");
	cr_assert_null(strstr(r.body, "Secret"), "%s", r.body);
	cr_assert_null(strstr(r.body, "items"), "%s", r.body);
	assert_header_is(&r, "Connection", "close");
	assert_closed(&c, "Host: attacker.example");
	resp_free(&r);
	conn_close(&c);
}

Test(hostile, loopback_hosts_with_their_port_are_answered)
{
	static const char *const hosts[] = {"localhost:%d", "127.0.0.1:%d",
					    "[::1]:%d", "LOCALHOST:%d"};

	for (size_t i = 0; i < COUNT(hosts); i++) {
		char *host = fmt(hosts[i], server.port);
		struct resp r;

		exchangef(&r,
			  "GET " API "/customers HTTP/1.1\r\nHost: %s\r\n"
			  "Connection: close\r\n\r\n",
			  host);
		cr_assert_eq(r.status, 200, "Host: %s: %d %s", host, r.status,
			     r.body);
		resp_free(&r);
		free(host);
	}
}

/* Needs `serve --host-name`, which the new engine brings. */
Test(hostile, host_names_given_with_host_name_are_answered)
{
	static const char *const extra[] = {
		"--host-name", "shop.example,bakery.example", NULL};
	static const struct {
		const char *host;
		int status;
	} cases[] = {
		{"shop.example", 200},
		{"SHOP.EXAMPLE:443", 200},
		{"bakery.example:8080", 200},
		{"127.0.0.1", 200},
		{"other.example", 421},
		{"shop.example.other.example", 421},
	};
	struct srv s;

	srv_start(&s, extra);
	for (size_t i = 0; i < COUNT(cases); i++) {
		struct conn c;
		struct resp r;

		conn_open(&c, &s);
		conn_sendf(&c,
			   "GET " ROUTE " HTTP/1.1\r\nHost: %s\r\n"
			   "Connection: close\r\n\r\n",
			   cases[i].host);
		cr_assert(conn_read(&c, &r), "Host: %s: no answer",
			  cases[i].host);
		answered(&r);
		cr_assert_eq(r.status, cases[i].status, "Host: %s: %d %s",
			     cases[i].host, r.status, r.body);
		if (r.status == 421)
			error_shape(&r, "unknown_host");
		resp_free(&r);
		conn_close(&c);
	}
	srv_finish(&s);
}

/* ---- cross-site writes ------------------------------------------------- */

/* A write from another site: 403 cross_site, and the connection ends. */
static void cross_site(const char *method, const char *path,
		       const char *site_header, const char *body)
{
	refusedf(403, "cross_site",
		 "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n%s\r\n"
		 "Content-Type: application/json\r\nContent-Length: %zu\r\n"
		 "\r\n%s",
		 method, path, server.port, site_header, strlen(body), body);
}

Test(hostile, writes_with_a_foreign_origin_change_nothing)
{
	static const char *const sites[] = {
		"Origin: https://evil.example",
		"Sec-Fetch-Site: cross-site",
		"Sec-Fetch-Site: same-site",
		"Origin: null",
	};
	long long id = create("customers", "{\"name\":\"Ann Baker\"}");
	char *path = fmt(API "/customers/%lld", id);
	struct resp r;

	for (size_t i = 0; i < COUNT(sites); i++) {
		cross_site("DELETE", path, sites[i], "");
		cross_site("PATCH", path, sites[i], "{\"name\":\"Evil\"}");
		cross_site("POST", API "/customers", sites[i],
			   "{\"name\":\"Evil\"}");
		cross_site("PUT", API "/settings", sites[i],
			   "{\"workshop_name\":\"Evil\"}");
	}
	api("GET", path, NULL, &r);
	cr_assert_eq(r.status, 200, "the customer is gone: %d", r.status);
	cr_assert_str_eq(jstr(r.json, "name"), "Ann Baker");
	resp_free(&r);
	cr_assert_eq(count("customers"), 1);
	api("GET", API "/settings", NULL, &r);
	cr_assert_str_neq(jstr(r.json, "workshop_name"), "Evil");
	resp_free(&r);
	free(path);
}

Test(hostile, a_write_from_the_own_origin_is_allowed)
{
	long long id = create("customers", "{\"name\":\"Ann Baker\"}");
	struct resp r;
	static const char body[] = "{\"name\":\"Ann Cole\"}";

	exchangef(&r,
		  "PATCH " API "/customers/%lld HTTP/1.1\r\n"
		  "Host: 127.0.0.1:%d\r\nOrigin: http://127.0.0.1:%d\r\n"
		  "Sec-Fetch-Site: same-origin\r\n"
		  "Content-Type: application/json\r\nContent-Length: %zu\r\n"
		  "Connection: close\r\n\r\n%s",
		  id, server.port, server.port, strlen(body), body);
	cr_assert_eq(r.status, 200, "%d %s", r.status, r.body);
	cr_assert_str_eq(jstr(r.json, "name"), "Ann Cole");
	resp_free(&r);
}

Test(hostile, a_read_with_a_foreign_origin_is_answered)
{
	struct resp r;

	exchangef(&r,
		  "GET " API "/customers HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
		  "Origin: https://evil.example\r\n"
		  "Sec-Fetch-Site: cross-site\r\nConnection: close\r\n\r\n",
		  server.port);
	cr_assert_eq(r.status, 200, "%d %s", r.status, r.body);
	resp_free(&r);
}

Test(hostile, a_preflight_gets_no_cors_permission)
{
	struct resp r;

	exchangef(&r,
		  "OPTIONS " API "/customers/1 HTTP/1.1\r\n"
		  "Host: 127.0.0.1:%d\r\nOrigin: https://evil.example\r\n"
		  "Access-Control-Request-Method: DELETE\r\n"
		  "Access-Control-Request-Headers: content-type\r\n"
		  "Connection: close\r\n\r\n",
		  server.port);
	/* answered() has checked: no Access-Control-Allow-* at all. */
	cr_assert(r.status < 200 || r.status >= 300, "preflight got %d",
		  r.status);
	resp_free(&r);
}

/* ---- JSON depth ------------------------------------------------------- */

/* open repeated n times, inner, close repeated n times. */
static char *nested(const char *open, const char *inner, const char *close,
		    int n)
{
	char *s = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&s, &len);

	cr_assert_not_null(fp);
	for (int i = 0; i < n; i++)
		fputs(open, fp);
	fputs(inner, fp);
	for (int i = 0; i < n; i++)
		fputs(close, fp);
	fclose(fp);
	return s;
}

/* The first whole number in text, or -1. */
static long first_number(const char *text)
{
	const char *p = text + strcspn(text, "0123456789");

	return *p ? strtol(p, NULL, 10) : -1;
}

static void too_deep(const char *body)
{
	struct resp r;
	long limit;

	api("POST", API "/customers", body, &r);
	cr_assert_eq(r.status, 400, "%d %.300s", r.status, r.body);
	error_shape(&r, "too_deep");
	limit = first_number(jstr(r.json, "error.message"));
	cr_assert(limit >= 32 && limit < 1000,
		  "the message names no limit between 32 and 999: %s",
		  jstr(r.json, "error.message"));
	resp_free(&r);
	still_answers();
}

Test(hostile, json_nested_a_thousand_deep_is_too_deep)
{
	char *arrays = nested("[", "", "]", 1000);
	char *objects = nested("{\"a\":", "{}", "}", 999);

	too_deep(arrays);
	too_deep(objects);
	cr_assert_eq(count("customers"), 0);
	free(arrays);
	free(objects);
}

Test(hostile, json_nested_32_deep_is_not_too_deep)
{
	/* The object and 31 arrays: 32 levels of nesting. */
	char *inner = nested("[", "1", "]", 31);
	char *body = fmt("{\"name\":\"Deep\",\"notes\":null,\"x\":%s}", inner);
	struct resp r;

	api("POST", API "/customers", body, &r);
	/* It may be refused for its fields, not for its depth. */
	if (r.status != 201)
		cr_assert_str_neq(jstr(r.json, "error.code"), "too_deep", "%s",
				  r.body);
	resp_free(&r);
	free(body);
	free(inner);
}

/* ---- bodies cut short ---------------------------------------------------- */

Test(hostile, half_a_body_creates_nothing)
{
	static const char body[] =
		"{\"name\":\"Half body customer\",\"notes\":\"abcdefghij\"}";
	struct conn c;
	struct resp r;

	cr_assert_eq(strlen(body), 50);
	conn_open(&c, &server);
	conn_sendf(&c,
		   "POST " API "/customers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		   "Content-Type: application/json\r\n"
		   "Content-Length: 50\r\n\r\n%.30s",
		   body);
	shutdown(c.fd, SHUT_WR);
	/* An answer may come (400) or not, but never a 201. (libmicrohttpd
	 * may leave the half-closed connection to its idle timeout.) */
	if (conn_read(&c, &r)) {
		answered(&r);
		cr_assert_neq(r.status, 201, "%s", r.body);
		resp_free(&r);
	}
	conn_close(&c);
	cr_assert_eq(count("customers"), 0);
	still_answers();
}

Test(hostile, a_chunked_body_cut_before_its_last_chunk_creates_nothing)
{
	struct conn c;
	struct resp r;

	conn_open(&c, &server);
	conn_sendf(&c, "POST " API "/customers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		       "Content-Type: application/json\r\n"
		       "Transfer-Encoding: chunked\r\n\r\n"
		       "9\r\n{\"name\":\"\r\n"
		       "7\r\nChunked\r\n"
		       "2\r\n\"}\r\n");
	shutdown(c.fd, SHUT_WR);
	/* As for half a body: any answer but a 201. */
	if (conn_read(&c, &r)) {
		answered(&r);
		cr_assert_neq(r.status, 201, "%s", r.body);
		resp_free(&r);
	}
	conn_close(&c);
	cr_assert_eq(count("customers"), 0);
	still_answers();
}

Test(hostile, a_chunked_body_sent_whole_creates_the_record)
{
	struct resp r;

	exchangef(&r, "POST " API "/customers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		      "Content-Type: application/json\r\n"
		      "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
		      "9\r\n{\"name\":\"\r\n"
		      "7\r\nChunked\r\n"
		      "2\r\n\"}\r\n"
		      "0\r\n\r\n");
	cr_assert_eq(r.status, 201, "%d %s", r.status, r.body);
	cr_assert_str_eq(jstr(r.json, "name"), "Chunked");
	resp_free(&r);
	cr_assert_eq(count("customers"), 1);
}

/* ---- limits ---------------------------------------------------------- */

/* Only the head is sent: the answer must come without the body. */
Test(hostile, a_body_over_the_limit_is_refused_unread)
{
	refusedf(413, NULL,
		 "POST " API "/customers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		 "Content-Type: application/json\r\nContent-Length: %zu\r\n"
		 "\r\n",
		 (size_t)SR_HTTP_BODY_MAX + 1);
	refusedf(413, NULL,
		 "POST " API "/sales/import HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		 "Content-Type: text/csv\r\nContent-Length: %zu\r\n\r\n",
		 BIG_BODY_MAX + 1);
	refused("POST " API "/customers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		"Content-Type: application/json\r\n"
		"Content-Length: 999999999999999999\r\n\r\n",
		413, NULL);
	still_answers();
}

Test(hostile, a_target_of_9000_bytes_is_too_long)
{
	char *target = malloc(9001);

	cr_assert_not_null(target);
	memcpy(target, ROUTE "?", strlen(ROUTE "?"));
	memset(target + strlen(ROUTE "?"), 'a', 9000 - strlen(ROUTE "?"));
	target[9000] = '\0';
	refusedf(414, NULL, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
		 target);
	target[0] = '/';
	memset(target + 1, 'b', 8999);
	refusedf(414, NULL, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
		 target);
	free(target);
	still_answers();
}

Test(hostile, one_hundred_and_one_header_fields_are_too_many)
{
	char *req = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&req, &len);

	cr_assert_not_null(fp);
	fputs("GET " ROUTE " HTTP/1.1\r\nHost: 127.0.0.1\r\n", fp);
	for (int i = 1; i < 101; i++)
		fprintf(fp, "X-Field-%d: %d\r\n", i, i);
	fputs("\r\n", fp);
	fclose(fp);
	refused(req, 431, NULL);
	free(req);
	still_answers();
}

Test(hostile, sixty_four_kib_of_headers_are_too_large)
{
	char *req = NULL, value[4097];
	size_t len = 0;
	FILE *fp = open_memstream(&req, &len);

	cr_assert_not_null(fp);
	memset(value, 'v', sizeof(value) - 1);
	value[sizeof(value) - 1] = '\0';
	fputs("GET " ROUTE " HTTP/1.1\r\nHost: 127.0.0.1\r\n", fp);
	for (int i = 0; i < 16; i++)
		fprintf(fp, "X-Big-%d: %s\r\n", i, value);
	fputs("\r\n", fp);
	fclose(fp);
	cr_assert_gt(len, 64 * 1024);
	/* 431 by edge.h; the engine may refuse so much sooner, with 400. */
	refused_alt(req, len, 431, 400, NULL);
	free(req);
	still_answers();
}

/* ---- paths ---------------------------------------------------------- */

Test(hostile, a_nul_in_the_path_is_refused)
{
	struct resp r;

	for (int day = 20; day < 25; day++) {
		char *body = fmt("{\"date\":\"2026-12-%d\"}", day);

		create("days-off", body);
		free(body);
	}
	refused("DELETE " API "/days-off/5%00/anything HTTP/1.1\r\n"
		"Host: 127.0.0.1\r\n\r\n",
		400, "bad_path");
	api("GET", API "/days-off/5", NULL, &r);
	cr_assert_eq(r.status, 200, "day off 5 is gone: %d", r.status);
	resp_free(&r);
	cr_assert_eq(count("days-off"), 5);
	refused("GET /index.html%00.js HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
		400, "bad_path");
}

Test(hostile, control_bytes_in_the_path_are_refused)
{
	static const char *const encoded[] = {
		"GET " ROUTE "%01 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
		"GET " ROUTE "%7f HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
		"GET /index.html%0d%0aSet-Cookie:x HTTP/1.1\r\n"
		"Host: 127.0.0.1\r\n\r\n",
	};
	static const char raw[] =
		"GET " ROUTE "\x01 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

	for (size_t i = 0; i < COUNT(encoded); i++)
		refused(encoded[i], 400, "bad_path");
	/* A raw control byte may be refused by the engine's own parser. */
	refused(raw, 400, NULL);
}

Test(hostile, a_dot_dot_segment_is_refused)
{
	refused("GET " API "/../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		"\r\n",
		400, "bad_path");
	refused("GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\n"
		"Host: 127.0.0.1\r\n\r\n",
		400, "bad_path");
}

/* ---- connections --------------------------------------------------- */

#define IDLE 300
#define HALF 50

/* Enough descriptors for the sockets this test holds open. */
static void raise_nofile(rlim_t want)
{
	struct rlimit rl;

	cr_assert_eq(getrlimit(RLIMIT_NOFILE, &rl), 0);
	if (rl.rlim_cur >= want)
		return;
	rl.rlim_cur = rl.rlim_max < want ? rl.rlim_max : want;
	cr_assert_eq(setrlimit(RLIMIT_NOFILE, &rl), 0);
	cr_assert_geq(rl.rlim_cur, want, "RLIMIT_NOFILE is at most %lu",
		      (unsigned long)rl.rlim_max);
}

Test(hostile, idle_and_slow_connections_lock_nobody_out)
{
	static int fds[IDLE + HALF];
	struct conn c;
	struct resp r;

	raise_nofile(IDLE + HALF + 64);
	for (int i = 0; i < IDLE + HALF; i++) {
		fds[i] = conn_socket(&server);
		if (i >= IDLE)
			cr_assert_eq(send(fds[i], "GET /api/v1/ques", 16,
					  MSG_NOSIGNAL),
				     16);
	}
	conn_open(&c, &server);
	conn_sendf(&c, "GET " ROUTE " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		       "Connection: close\r\n\r\n");
	cr_assert(conn_read(&c, &r),
		  "a new client was locked out by %d idle "
		  "and %d slow connections",
		  IDLE, HALF);
	answered(&r);
	cr_assert_eq(r.status, 200, "%d %s", r.status, r.body);
	resp_free(&r);
	conn_close(&c);
	for (int i = 0; i < IDLE + HALF; i++) {
		char b;
		ssize_t n = recv(fds[i], &b, 1, MSG_DONTWAIT);

		cr_assert(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK),
			  "connection %d (%s) was closed or answered (%zd, %s)",
			  i, i < IDLE ? "idle" : "half a request line", n,
			  n < 0 ? strerror(errno) : "-");
	}
	for (int i = 0; i < IDLE + HALF; i++)
		close(fds[i]);
	still_answers();
}

Test(hostile, two_pipelined_requests_get_two_answers_in_order)
{
	struct conn c;
	struct resp first, second;

	create("customers", "{\"name\":\"Pip\"}");
	conn_open(&c, &server);
	conn_sendf(&c, "GET " ROUTE " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
		       "GET " API "/customers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		       "Connection: close\r\n\r\n");
	cr_assert(conn_read(&c, &first), "no first answer");
	answered(&first);
	cr_assert(conn_read(&c, &second), "no second answer");
	answered(&second);
	cr_assert_eq(first.status, 200, "%d %s", first.status, first.body);
	cr_assert_eq(second.status, 200, "%d %s", second.status, second.body);
	cr_assert_not_null(jget(first.json, "questions"), "%s", first.body);
	cr_assert_str_eq(jstr(second.json, "items.0.name"), "Pip");
	cr_assert_eq(conn_next(&c), CONN_EOF);
	resp_free(&first);
	resp_free(&second);
	conn_close(&c);
}

/* ---- the access log ---------------------------------------------------- */

/* A refused request is logged too, on one line, its bytes made harmless:
 * no control byte from a client reaches the log (no forged lines, no
 * terminal escapes). */
Test(hostile, refusals_are_logged_on_one_harmless_line)
{
	static const char req[] = "GET /x\x01\x1b[31m HTTP/1.1\r\n"
				  "Host: localhost\r\n\r\n";
	char dir[64], log[128], text[4096];
	struct srv s;
	struct resp r;
	size_t n, lines = 0;
	FILE *fp;

	temp_dir(dir, sizeof(dir), "log");
	snprintf(log, sizeof(log), "%s/access.log", dir);
	srv_start(&s, (const char *const[]){"--access-log", log, NULL});
	http_raw(&s, req, sizeof(req) - 1, &r);
	resp_free(&r);
	http(&s, "GET", ROUTE, NULL, NULL, &r);
	cr_assert_eq(r.status, 200);
	resp_free(&r);
	srv_finish(&s);
	fp = fopen(log, "r");
	cr_assert_not_null(fp);
	n = fread(text, 1, sizeof(text) - 1, fp);
	fclose(fp);
	text[n] = '\0';
	for (size_t i = 0; i < n; i++) {
		cr_assert(text[i] == '\n' || ((unsigned char)text[i] >= 0x20 &&
					      (unsigned char)text[i] < 0x7f),
			  "byte 0x%02x in the log:\n%s",
			  (unsigned char)text[i], text);
		lines += text[i] == '\n';
	}
	cr_assert_eq(lines, 2, "%s", text);
	cr_assert(strstr(text, " GET /x??[31m 400 0\n"), "%s", text);
	cr_assert(strstr(text, " GET " ROUTE " 200 "), "%s", text);
	remove_dir(dir);
}
