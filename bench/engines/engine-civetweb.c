/*
 * engine-civetweb.c - the civetweb (1.15, Debian libcivetweb-dev) server of
 * the HTTP engine comparison (bench/engines.sh): GET /advice, GET /records,
 * POST /echo; see engine.h.
 *
 * civetweb's own model: a master thread accepts and queues connections,
 * and each of num_threads worker threads serves one connection at a time,
 * blocking, until it closes or its keep-alive times out. Handlers may
 * block (SQLite) without holding up other connections, but an idle or
 * slow connection holds a whole worker. The options are the ones
 * server/http.c gives smallrun today (64 workers, TCP_NODELAY, 5 s
 * keep-alive, 10 s request timeout), so this measures the engine as the
 * app runs it.
 *
 * The whole response (status line, headers, body) is built once at start
 * and sent with one mg_write(): civetweb leaves the response to the
 * application, and one write per answer is its fastest form.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <civetweb.h>

#include "engine.h"

struct app {
	char *advice;	/* a whole HTTP response, header and body */
	size_t advice_len;
	char *records;
	size_t records_len;
};

/* A new buffer (caller frees) holding a 200 response with body. */
static char *full_response(const char *body, size_t len, size_t *out_len)
{
	char head[160];
	char *buf;
	int n;

	n = snprintf(head, sizeof(head),
		     "HTTP/1.1 200 OK\r\n"
		     "Content-Type: application/json\r\n"
		     "Content-Length: %zu\r\n\r\n",
		     len);
	if (n < 0 || (size_t)n >= sizeof(head))
		return NULL;
	buf = malloc((size_t)n + len);
	if (!buf)
		return NULL;
	memcpy(buf, head, (size_t)n);
	memcpy(buf + n, body, len);
	*out_len = (size_t)n + len;
	return buf;
}

/* POST /echo: read the body to its end as civetweb frames it (length or
 * chunked), answer its length. */
static int echo(struct mg_connection *conn)
{
	char chunk[16384], num[24];
	size_t total = 0;
	int n;

	while ((n = mg_read(conn, chunk, sizeof(chunk))) > 0)
		total += (size_t)n;
	if (n < 0) {
		/* civetweb says the body broke off: give up, it closes. */
		eng_echo_aborted(total);
		return 500;
	}
	eng_echo_ran(total);
	n = snprintf(num, sizeof(num), "%zu", total);
	mg_printf(conn,
		  "HTTP/1.1 200 OK\r\n"
		  "Content-Type: text/plain\r\n"
		  "Content-Length: %d\r\n\r\n%s",
		  n, num);
	return 200;
}

/*
 * The one handler, for every path: routes on civetweb's decoded path
 * (local_uri) by exact comparison. Returning 0 leaves the request to
 * civetweb, whose own answer (404: there is no document root) is the one
 * measured for anything else.
 */
static int route(struct mg_connection *conn, void *cbdata)
{
	const struct mg_request_info *ri = mg_get_request_info(conn);
	const struct app *app = cbdata;
	const char *path = ri->local_uri ? ri->local_uri : "";

	if (!strcmp(ri->request_method, "GET") && !strcmp(path, "/advice")) {
		mg_write(conn, app->advice, app->advice_len);
		return 200;
	}
	if (!strcmp(ri->request_method, "GET") && !strcmp(path, "/records")) {
		mg_write(conn, app->records, app->records_len);
		return 200;
	}
	if (!strcmp(ri->request_method, "POST") && !strcmp(path, "/echo"))
		return echo(conn);
	return 0;
}

/* civetweb's messages are not part of the measurement. */
static int quiet(const struct mg_connection *conn, const char *msg)
{
	(void)conn;
	(void)msg;
	return 1;
}

int main(int argc, char **argv)
{
	struct eng_files files;
	struct app app;
	struct mg_callbacks cb;
	struct mg_context *ctx;
	char listen[32];
	int port;

	if (eng_setup(argc, argv, "engine-civetweb", &port, &files))
		return 1;
	app.advice = full_response(files.advice, files.advice_len,
				   &app.advice_len);
	app.records = full_response(files.records, files.records_len,
				    &app.records_len);
	if (!app.advice || !app.records) {
		fprintf(stderr, "engine-civetweb: out of memory\n");
		return 1;
	}
	snprintf(listen, sizeof(listen), "127.0.0.1:%d", port);
	const char *options[] = {
		"listening_ports", listen,
		"num_threads", "64",
		"tcp_nodelay", "1",
		"enable_keep_alive", "yes",
		"keep_alive_timeout_ms", "5000",
		"request_timeout_ms", "10000",
		NULL,
	};

	mg_init_library(0);
	memset(&cb, 0, sizeof(cb));
	cb.log_message = quiet;
	ctx = mg_start(&cb, NULL, options);
	if (!ctx) {
		fprintf(stderr, "engine-civetweb: cannot listen on %s\n",
			listen);
		return 1;
	}
	mg_set_request_handler(ctx, "/", route, &app);
	fprintf(stderr, "engine-civetweb: listening on %s\n", listen);
	/* Serve until killed (bench/engines.sh sends SIGTERM). */
	for (;;)
		pause();
}
