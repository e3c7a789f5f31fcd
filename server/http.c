/*
 * http.c - civetweb adapter.
 *
 * Reads each request into a struct sr_http_req (body capped at what
 * opts->body_limit says for the route, by default SR_HTTP_BODY_MAX), lets
 * the handler fill a struct sr_http_resp, then sends
 * status line, headers and body in one write: split writes cost a delayed-ACK
 * round trip per request even with TCP_NODELAY. Every response leaves
 * through send_response(), which sets the security headers.
 */
#include "compat.h"

#include <civetweb.h>
#include <malloc.h>
#include <pthread.h>
#include <time.h>

#include "http.h"

struct sr_http_server {
	struct mg_context *ctx;
	sr_http_handler handler;
	void *app;
	int port;
	FILE *access_log;
	size_t (*body_limit)(void *app, const char *method, const char *path);
	pthread_mutex_t log_lock;
};

static const char security_headers[] =
	"X-Content-Type-Options: nosniff\r\n"
	"Content-Security-Policy: default-src 'self'; script-src 'self'; "
	"style-src 'self'; img-src 'self' data:; connect-src 'self'; "
	"object-src 'none'; base-uri 'none'; form-action 'self'; "
	"frame-ancestors 'none'\r\n"
	"Referrer-Policy: no-referrer\r\n"
	"X-Frame-Options: DENY\r\n";

static const char *status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 411: return "Length Required";
	case 414: return "URI Too Long";
	case 431: return "Request Header Fields Too Large";
	case 409: return "Conflict";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 505: return "HTTP Version Not Supported";
	case 503: return "Service Unavailable";
	}
	return "Unknown";
}

/* Read at most b's maximum of body into b; flag anything more. */
static void read_body(struct mg_connection *conn, struct sr_buf *b,
		      size_t max, bool *too_big)
{
	const struct mg_request_info *ri = mg_get_request_info(conn);
	char chunk[8192];
	int n;

	*too_big = false;
	if (ri->content_length > 0 && (uint64_t)ri->content_length > max) {
		*too_big = true;
		return;
	}
	while ((n = mg_read(conn, chunk, sizeof(chunk))) > 0) {
		if (sr_buf_add(b, chunk, (size_t)n)) {
			*too_big = true;
			return;
		}
	}
}

/*
 * Send resp in one write. head_only leaves the body out (HEAD); close says
 * the connection ends after this response.
 */
static void send_response(struct mg_connection *conn, bool head_only,
			  bool close, const struct sr_http_resp *resp,
			  struct sr_buf *out)
{
	const void *body = resp->data ? resp->data : resp->body.data;
	size_t len = resp->data ? resp->data_len : resp->body.len;

	sr_buf_addf(out, "HTTP/1.1 %d %s\r\n", resp->status,
		    status_text(resp->status));
	sr_buf_adds(out, security_headers);
	sr_buf_addf(out, "Cache-Control: %s\r\n",
		    resp->cache_control ? resp->cache_control : "no-store");
	if (resp->etag[0])
		sr_buf_addf(out, "ETag: %s\r\n", resp->etag);
	if (resp->allow[0])
		sr_buf_addf(out, "Allow: %s\r\n", resp->allow);
	if (close)
		sr_buf_adds(out, "Connection: close\r\n");
	if (resp->status != 304 && resp->status != 204) {
		sr_buf_addf(out, "Content-Type: %s\r\n",
			    resp->content_type ? resp->content_type
					       : "application/json");
		sr_buf_addf(out, "Content-Length: %zu\r\n", len);
	}
	sr_buf_adds(out, "\r\n");
	if (!head_only && resp->status != 304 && resp->status != 204)
		sr_buf_add(out, body, len);
	if (out->err) {
		static const char fail_body[] =
			"{\"error\":{\"code\":\"internal\",\"message\":"
			"\"the response could not be built\"}}";

		sr_buf_reset(out);
		sr_buf_addf(out,
			    "HTTP/1.1 500 Internal Server Error\r\n%s"
			    "Content-Type: application/json\r\n"
			    "Content-Length: %zu\r\n\r\n%s",
			    security_headers, sizeof(fail_body) - 1, fail_body);
	}
	mg_write(conn, out->data, out->len);
}

static void log_access(struct sr_http_server *srv,
		       const struct sr_http_req *req,
		       const struct sr_http_resp *resp, size_t bytes)
{
	char when[32];
	struct tm tm;
	time_t now;

	if (!srv->access_log)
		return;
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	pthread_mutex_lock(&srv->log_lock);
	fprintf(srv->access_log, "%s %s %s %s%s%s %d %zu\n", when,
		req->remote_addr, req->method, req->path,
		req->query[0] ? "?" : "", req->query, resp->status, bytes);
	fflush(srv->access_log);
	pthread_mutex_unlock(&srv->log_lock);
}

static int on_request(struct mg_connection *conn, void *cbdata)
{
	struct sr_http_server *srv = cbdata;
	const struct mg_request_info *ri = mg_get_request_info(conn);
	struct sr_buf body;
	struct sr_buf wire = SR_BUF_INIT(SR_HTTP_RESP_MAX + 4096);
	struct sr_http_resp resp = {0};
	struct sr_http_req req = {0};
	const char *h;
	size_t max = 0;

	req.method = ri->request_method;
	req.path = ri->local_uri ? ri->local_uri : "/";
	if (srv->body_limit)
		max = srv->body_limit(srv->app, req.method, req.path);
	if (!max)
		max = SR_HTTP_BODY_MAX;
	sr_buf_init(&body, max);
	req.body_max = max;
	req.query = ri->query_string ? ri->query_string : "";
	h = mg_get_header(conn, "Content-Type");
	req.content_type = h ? h : "";
	h = mg_get_header(conn, "If-None-Match");
	req.if_none_match = h ? h : "";
	req.remote_addr = ri->remote_addr;
	req.app = srv->app;
	read_body(conn, &body, max, &req.body_too_big);
	req.body = body.data;
	req.body_len = body.len;

	sr_buf_init(&resp.body, SR_HTTP_RESP_MAX);
	resp.status = 500;
	srv->handler(&req, &resp);
	send_response(conn, !strcmp(req.method, "HEAD"), req.body_too_big,
		      &resp, &wire);
	log_access(srv, &req, &resp, resp.data ? resp.data_len : resp.body.len);

	sr_buf_release(&resp.body);
	sr_buf_release(&wire);
	sr_buf_release(&body);
	return resp.status;
}

/*
 * Requests civetweb refuses before any handler runs (unparsable request
 * line, bad path) still get the JSON error shape and the security headers.
 */
static int on_http_error(struct mg_connection *conn, int status,
			 const char *msg)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_http_resp resp = {0};
	struct sr_buf wire = SR_BUF_INIT(16384);

	(void)msg;
	sr_buf_init(&resp.body, 8192);
	resp.status = status;
	resp.content_type = "application/json";
	f.err = SR_EINVAL;
	f.code = status == 413 ? "too_large"
		 : status >= 500 ? "internal"
				 : "bad_request";
	sr_buf_addf(&f.message, "the request could not be read (HTTP %d)",
		    status);
	sr_fail_to_json(&f, &resp.body);
	send_response(conn, false, true, &resp, &wire);
	sr_buf_release(&wire);
	sr_buf_release(&resp.body);
	sr_fail_release(&f);
	return 0;
}

static int quiet_log(const struct mg_connection *conn, const char *msg)
{
	(void)conn;
	fprintf(stderr, "smallrun: http: %s\n", msg);
	return 1;
}

struct sr_http_server *sr_http_start(const struct sr_http_opts *opts,
				     sr_http_handler handler, void *app,
				     struct sr_fail *f)
{
	struct sr_http_server *srv = NULL;
	struct mg_callbacks cb = {0};
	struct mg_server_port ports[1];
	struct sr_buf listen = SR_BUF_INIT(256);
	char threads[16];
	const char *options[16];
	size_t n = 0;

	srv = calloc(1, sizeof(*srv));
	if (!srv) {
		sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
			    "out of memory");
		return NULL;
	}
	mg_init_library(0);
	srv->handler = handler;
	srv->app = app;
	srv->access_log = opts->access_log;
	srv->body_limit = opts->body_limit;
	pthread_mutex_init(&srv->log_lock, NULL);

	/* Feature 8 is IPv6; Debian's civetweb is built without it. */
	if (strchr(opts->host, ':') && !mg_check_feature(8)) {
		sr_fail_set(f, SR_EINVAL, "no_ipv6", "listen",
			    "this build's HTTP library has no IPv6; listen on "
			    "an IPv4 address such as 127.0.0.1");
		goto fail;
	}
	if (strchr(opts->host, ':'))
		sr_buf_addf(&listen, "[%s]:%d", opts->host, opts->port);
	else if (opts->host[0])
		sr_buf_addf(&listen, "%s:%d", opts->host, opts->port);
	else
		sr_buf_addf(&listen, "%d", opts->port);
	snprintf(threads, sizeof(threads), "%d",
		 opts->threads > 0 ? opts->threads : 64);
	options[n++] = "listening_ports";
	options[n++] = listen.data;
	options[n++] = "num_threads";
	options[n++] = threads;
	options[n++] = "tcp_nodelay";
	options[n++] = "1";
	options[n++] = "enable_keep_alive";
	options[n++] = "yes";
	options[n++] = "keep_alive_timeout_ms";
	options[n++] = "5000";
	options[n++] = "request_timeout_ms";
	options[n++] = "10000";
	options[n] = NULL;

	cb.log_message = quiet_log;
	cb.http_error = on_http_error;
	/*
	 * glibc gives each thread that allocates an arena of its own, up to
	 * eight per core, and keeps what is freed in each: with 64 workers
	 * that held twice the memory the requests needed. Two arenas serve
	 * a 2-core machine's requests without contention worth measuring
	 * (doc/PERFORMANCE.md, "Records").
	 */
	mallopt(M_ARENA_MAX, 2);
	srv->ctx = mg_start(&cb, srv, options);
	if (!srv->ctx) {
		sr_fail_set(f, SR_EIO, "listen_failed", "listen",
			    "cannot listen on %s (in use, or not an address "
			    "of this machine?)",
			    listen.data);
		goto fail;
	}
	if (mg_get_server_ports(srv->ctx, 1, ports) < 1) {
		sr_fail_set(f, SR_EIO, "listen_failed", "listen",
			    "cannot tell which port %s got", listen.data);
		goto fail;
	}
	srv->port = ports[0].port;
	mg_set_request_handler(srv->ctx, "/", on_request, srv);
	sr_buf_release(&listen);
	return srv;
fail:
	sr_buf_release(&listen);
	sr_http_stop(srv);
	return NULL;
}

int sr_http_port(const struct sr_http_server *srv)
{
	return srv->port;
}

void sr_http_stop(struct sr_http_server *srv)
{
	if (!srv)
		return;
	if (srv->ctx)
		mg_stop(srv->ctx);
	pthread_mutex_destroy(&srv->log_lock);
	free(srv);
	mg_exit_library();
}
