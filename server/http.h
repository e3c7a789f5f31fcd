/*
 * http.h - the HTTP library behind one small interface.
 *
 * Handlers see struct sr_http_req and fill struct sr_http_resp; nothing
 * outside http.c knows the engine (libmicrohttpd), so it can be swapped
 * without touching a handler. A handler runs only for a request that
 * passed server/edge.c's checks and whose whole body has arrived.
 */
#ifndef SMALLRUN_SERVER_HTTP_H
#define SMALLRUN_SERVER_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "smallrun/buf.h"
#include "smallrun/err.h"

struct sr_edge_policy;

/* Request bodies larger than this are refused with 413. */
#define SR_HTTP_BODY_MAX (64 * 1024)
/* Responses may not grow past this. */
#define SR_HTTP_RESP_MAX (16 * 1024 * 1024)

struct sr_http_req {
	const char *method;	  /* "GET", "POST", … */
	const char *path;	  /* decoded path, no query: "/api/v1/advice" */
	const char *query;	  /* after '?', or "" */
	const char *content_type; /* header value, or "" */
	const char *if_none_match; /* header value, or "" */
	const char *body;	   /* NUL-terminated; "" if none */
	size_t body_len;
	/* The client's address: the peer's, or the one a trusted proxy
	 * names (edge.h, sr_edge_client). */
	const char *remote_addr;
	/* The credentials' headers (credential.h reads them), or "". */
	const char *cookie;
	const char *authorization;
	const char *x_smallrun; /* "1" on the web app's writes */
	const char *user_agent;
	/* As sent, and checked by edge.c (host[:port], a known name); "" when
	 * an HTTP/1.0 request sent none. */
	const char *host;
	bool loopback; /* from this machine itself, through no proxy */
	bool tls;      /* came over HTTPS, or a trusted proxy says it did */
	void *app;     /* what sr_http_start() was given */
};

struct sr_http_resp {
	int status;
	const char *content_type;  /* static */
	char allow[64];		   /* sent with 405 when not empty */
	const char *cache_control; /* static; default "no-store" */
	char etag[24];		   /* sent when not empty */
	char filename[64];	   /* a download's name: Content-Disposition */
	bool inline_file; /* shown in the browser (inline), not saved */
	const void *data;	   /* a static body, used when set */
	size_t data_len;
	struct sr_buf body; /* the body otherwise */
	char set_cookie[160]; /* a Set-Cookie value, sent when not empty */
	int retry_after;      /* seconds, sent as Retry-After when > 0 */
};

typedef void (*sr_http_handler)(const struct sr_http_req *req,
				struct sr_http_resp *resp);

struct sr_http_server;

struct sr_http_opts {
	const char *host; /* "127.0.0.1", "::1", "" for every address */
	int port;	  /* 0 picks a free port */
	int threads;	  /* event-loop threads; 0 for the default */
	FILE *access_log; /* one line per request, or NULL */
	/*
	 * The largest body a request to method and path may send, asked
	 * before the body is read; NULL or 0 means SR_HTTP_BODY_MAX.
	 */
	size_t (*body_limit)(void *app, const char *method, const char *path);
	/* The host names answered besides IP literals and localhost. */
	const struct sr_edge_policy *policy;
	/* A certificate (chain) and its key, PEM text: serve HTTPS only,
	 * TLS 1.2 and 1.3, with HSTS. NULL for plain HTTP. */
	const char *tls_cert, *tls_key;
};

/*
 * Start serving: every request goes to handler with req->app = app.
 * Returns the server (stop it with sr_http_stop()) or NULL with f saying why.
 */
struct sr_http_server *sr_http_start(const struct sr_http_opts *opts,
				     sr_http_handler handler, void *app,
				     struct sr_fail *f);

/* The port the server listens on (the one chosen, when 0 was asked). */
int sr_http_port(const struct sr_http_server *srv);

/* Stop, wait for requests in flight, and free srv. NULL is a no-op. */
void sr_http_stop(struct sr_http_server *srv);

#endif
