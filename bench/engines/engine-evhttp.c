/*
 * engine-evhttp.c - the libevent evhttp (2.1.12, Debian libevent-dev)
 * server of the HTTP engine comparison (bench/engines.sh): GET /advice,
 * GET /records, POST /echo; see engine.h.
 *
 * One event base per core, each with its own evhttp and its own
 * listening socket on the same port (SO_REUSEPORT: the kernel spreads
 * new connections over them); nothing is shared between the threads, so
 * libevent needs no locking. Callbacks run on the loop, so a blocking one
 * (SQLite) stalls every connection of that base: a real app would hand
 * the work to a thread pool and send the reply back on the base (an
 * event_active() from the worker). evhttp reads the whole body before the
 * callback; limits and timeouts are libevent's defaults (no body or
 * header size limit, 50 s read and write timeouts).
 *
 * The file bodies are added to the reply by reference, not copied.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>

#include "engine.h"

static struct eng_files files;

/* One event base and the buffer its replies are assembled in. */
struct loop {
	struct event_base *base;
	struct evhttp *http;
	struct evbuffer *out;
	int port;
};

/* Reply 200 with len bytes that outlive the request (by reference). */
static void send_static(struct evhttp_request *req, struct evbuffer *out,
			const char *body, size_t len, const char *type)
{
	evhttp_add_header(evhttp_request_get_output_headers(req),
			  "Content-Type", type);
	evbuffer_add_reference(out, body, len, NULL, NULL);
	/* The reply takes out's contents, leaving it empty for the next. */
	evhttp_send_reply(req, HTTP_OK, "OK", out);
}

/*
 * The one callback, for every request: routes on the path of evhttp's
 * parsed target (not percent-decoded) by exact comparison. An unknown
 * path gets evhttp's own error page (evhttp_send_error).
 */
static void route(struct evhttp_request *req, void *arg)
{
	struct loop *l = arg;
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
	const char *path = uri ? evhttp_uri_get_path(uri) : NULL;
	enum evhttp_cmd_type cmd = evhttp_request_get_command(req);

	if (!path)
		path = "";
	if (cmd == EVHTTP_REQ_GET && !strcmp(path, "/advice")) {
		send_static(req, l->out, files.advice, files.advice_len,
			    "application/json");
	} else if (cmd == EVHTTP_REQ_GET && !strcmp(path, "/records")) {
		send_static(req, l->out, files.records, files.records_len,
			    "application/json");
	} else if (cmd == EVHTTP_REQ_POST && !strcmp(path, "/echo")) {
		size_t len = evbuffer_get_length(
			evhttp_request_get_input_buffer(req));

		eng_echo_ran(len);
		evhttp_add_header(evhttp_request_get_output_headers(req),
				  "Content-Type", "text/plain");
		evbuffer_add_printf(l->out, "%zu", len);
		evhttp_send_reply(req, HTTP_OK, "OK", l->out);
	} else {
		evhttp_send_error(req, HTTP_NOTFOUND, NULL);
	}
}

/* Run one base with a listener of its own; returns only on failure. */
static void *run_loop(void *arg)
{
	struct loop *l = arg;
	int fd;

	l->base = event_base_new();
	l->http = l->base ? evhttp_new(l->base) : NULL;
	l->out = evbuffer_new();
	fd = eng_listen_reuseport(l->port);
	if (!l->http || !l->out || fd < 0 ||
	    !evhttp_accept_socket_with_handle(l->http, fd)) {
		fprintf(stderr, "engine-evhttp: cannot set up a loop\n");
		exit(1);
	}
	evhttp_set_gencb(l->http, route, l);
	event_base_dispatch(l->base);
	return NULL;
}

int main(int argc, char **argv)
{
	struct loop *loops;
	pthread_t tid;
	int port, i, n = eng_cores();

	if (eng_setup(argc, argv, "engine-evhttp", &port, &files))
		return 1;
	loops = calloc((size_t)n, sizeof(*loops));
	if (!loops) {
		fprintf(stderr, "engine-evhttp: out of memory\n");
		return 1;
	}
	for (i = 0; i < n; i++)
		loops[i].port = port;
	for (i = 1; i < n; i++) {
		if (pthread_create(&tid, NULL, run_loop, &loops[i])) {
			fprintf(stderr, "engine-evhttp: cannot start a thread\n");
			return 1;
		}
	}
	fprintf(stderr, "engine-evhttp: listening on 127.0.0.1:%d, %d bases\n",
		port, n);
	/* The main thread runs the first base until killed. */
	run_loop(&loops[0]);
	return 1;
}
