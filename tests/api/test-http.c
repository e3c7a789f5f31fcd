/* test-http.c - what every response shares, the page, and robustness. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "harness.h"

API_SUITE(http);

static void assert_header(const struct resp *r, const char *name,
			  const char *contains)
{
	char *v = resp_header(r, name);

	cr_assert_not_null(v, "no %s header in\n%s", name, r->head);
	cr_assert(strstr(v, contains), "%s: %s lacks %s", name, v, contains);
	free(v);
}

static void assert_security_headers(const struct resp *r)
{
	assert_header(r, "X-Content-Type-Options", "nosniff");
	assert_header(r, "Content-Security-Policy", "default-src 'self'");
	assert_header(r, "Referrer-Policy", "no-referrer");
}

Test(http, security_headers_on_every_kind_of_response)
{
	static const struct {
		const char *method, *path, *type, *body;
		int status;
	} cases[] = {
		{"GET", "/", NULL, NULL, 200},
		{"GET", "/api/v1/questions", NULL, NULL, 200},
		{"POST", "/api/v1/advice", "application/json",
		 "{\"answers\":{\"storage\":\"no\"}}", 200},
		{"POST", "/api/v1/advice", "application/json", "{", 400},
		{"GET", "/missing.html", NULL, NULL, 404},
		{"PUT", "/api/v1/advice", "application/json", "{}", 405},
		{"POST", "/api/v1/advice", "text/csv", "a,b", 415},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct resp r;

		http(&server, cases[i].method, cases[i].path, cases[i].type,
		     cases[i].body, &r);
		cr_assert_eq(r.status, cases[i].status, "%s %s: %d",
			     cases[i].method, cases[i].path, r.status);
		assert_security_headers(&r);
		resp_free(&r);
	}
}

Test(http, the_page_is_served_with_type_and_validator)
{
	struct resp r;
	char *etag, *req;

	http(&server, "GET", "/", NULL, NULL, &r);
	cr_assert_eq(r.status, 200);
	assert_header(&r, "Content-Type", "text/html");
	assert_header(&r, "Cache-Control", "no-cache");
	cr_assert(strstr(r.body, "<html") || strstr(r.body, "<!doctype") ||
		  strstr(r.body, "<!DOCTYPE"));
	etag = resp_header(&r, "ETag");
	cr_assert_not_null(etag);
	resp_free(&r);

	cr_assert_gt(asprintf(&req,
			      "GET /index.html HTTP/1.1\r\nHost: localhost\r\n"
			      "Connection: close\r\nIf-None-Match: %s\r\n\r\n",
			      etag),
		     0);
	http_raw(&server, req, strlen(req), &r);
	cr_assert_eq(r.status, 304);
	cr_assert_eq(r.body_len, 0);
	resp_free(&r);
	free(req);
	free(etag);
}

Test(http, head_sends_no_body)
{
	struct resp r;

	http(&server, "HEAD", "/api/v1/questions", NULL, NULL, &r);
	cr_assert_eq(r.status, 200);
	cr_assert_eq(r.body_len, 0);
	assert_header(&r, "Content-Length", "");
	resp_free(&r);
}

Test(http, survives_garbage_and_still_serves)
{
	static const char *const junk[] = {
		"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
		"GET\r\n\r\n",
		"GARBAGE / HTTP/1.1\r\n\r\n",
		"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
		"POST /api/v1/advice HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
		"POST /api/v1/advice HTTP/1.1\r\nContent-Length: 10\r\n\r\nab",
		"GET /%00%ff/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
	};
	struct resp r;

	/* Any answer, or none, is fine; the server must live on. */
	for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
		http_junk(&server, junk[i], strlen(junk[i]));
	http(&server, "GET", "/api/v1/questions", NULL, NULL, &r);
	cr_assert_eq(r.status, 200);
	resp_free(&r);
}

Test(http, unreadable_requests_get_the_json_error_shape)
{
	static const char *const reqs[] = {
		"GET /api/v1/\xff\xfe HTTP/1.1\r\nHost: localhost\r\n"
		"Connection: close\r\n\r\n",
		"GET /api/v1/%zz HTTP/1.1\r\nHost: localhost\r\n"
		"Connection: close\r\n"
		"\r\n",
	};

	for (size_t i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++) {
		struct resp r;

		http_raw(&server, reqs[i], strlen(reqs[i]), &r);
		cr_assert_geq(r.status, 400, "%s", r.head);
		cr_assert_lt(r.status, 500, "%s", r.head);
		assert_error(&r, r.status, r.status == 404 ? "not_found"
							   : "bad_path");
		assert_security_headers(&r);
		resp_free(&r);
	}
}

Test(http, sigterm_stops_cleanly)
{
	int status = srv_stop(&server);

	cr_assert(WIFEXITED(status), "the server did not exit by itself");
	cr_assert_eq(WEXITSTATUS(status), 0);
}

Test(http, sigint_stops_cleanly)
{
	int status;

	kill(server.pid, SIGINT);
	waitpid(server.pid, &status, 0);
	server.pid = 0;
	cr_assert(WIFEXITED(status));
	cr_assert_eq(WEXITSTATUS(status), 0);
}

Test(http, database_survives_a_restart)
{
	struct resp r;

	cr_assert_eq(srv_stop(&server), 0);
	{
		/* Reuse the same database file. */
		const char *extra[] = {"--db", server.db, NULL};
		struct srv again;

		srv_start(&again, extra);
		http(&again, "GET", "/api/v1/questions", NULL, NULL, &r);
		cr_assert_eq(r.status, 200);
		resp_free(&r);
		cr_assert_eq(srv_stop(&again), 0);
		srv_cleanup(&again);
	}
}
