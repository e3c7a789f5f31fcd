/*
 * engine-h2o.c - the h2o library (2.2.5, Debian libh2o-evloop-dev) server
 * of the HTTP engine comparison (bench/engines.sh): GET /advice,
 * GET /records, POST /echo; see engine.h.
 *
 * h2o's own event loop (evloop, epoll), one per core, each on a thread
 * of its own with its own listening socket on the same port
 * (SO_REUSEPORT: the kernel spreads new connections over the loops), all
 * sharing one read-only configuration, the way the h2o server runs.
 * Handlers run on the loop, so a blocking one (SQLite) stalls every
 * connection of that loop: a real app would hand the work to a thread
 * pool and answer through h2o_multithread_* messages. h2o reads the whole
 * request body before calling the handler (up to its default limit of
 * 1 GiB); timeouts are h2o's defaults (10 s for a request to arrive).
 *
 * The file bodies are sent from the buffers read at start, not copied.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define H2O_USE_LIBUV 0
#include <h2o.h>

#include "engine.h"

/* What each loop's handler answers from; set once, then only read. */
static struct eng_files files;
static h2o_globalconf_t config;

/* One event loop and what its listener needs. */
struct loop {
	h2o_context_t ctx;
	h2o_accept_ctx_t accept_ctx;
	int port;
};

/* Answer 200 with len bytes that outlive the request (not copied). */
static int send_static(h2o_req_t *req, const char *body, size_t len,
		       const char *type, size_t type_len)
{
	static h2o_generator_t generator = {NULL, NULL};
	h2o_iovec_t buf = h2o_iovec_init(body, len);

	req->res.status = 200;
	req->res.reason = "OK";
	req->res.content_length = len;
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE,
		       NULL, type, type_len);
	h2o_start_response(req, &generator);
	h2o_send(req, &buf, 1, H2O_SEND_STATE_FINAL);
	return 0;
}

/*
 * The one handler, on path "/": routes on h2o's normalized path by exact
 * comparison (length and bytes). Returning -1 passes the request on:
 * h2o's own 404 answers anything else.
 */
static int route(h2o_handler_t *self, h2o_req_t *req)
{
	h2o_iovec_t m = req->method, p = req->path_normalized;

	(void)self;
	if (h2o_memis(m.base, m.len, H2O_STRLIT("GET"))) {
		if (h2o_memis(p.base, p.len, H2O_STRLIT("/advice")))
			return send_static(req, files.advice, files.advice_len,
					   H2O_STRLIT("application/json"));
		if (h2o_memis(p.base, p.len, H2O_STRLIT("/records")))
			return send_static(req, files.records,
					   files.records_len,
					   H2O_STRLIT("application/json"));
	}
	if (h2o_memis(m.base, m.len, H2O_STRLIT("POST")) &&
	    h2o_memis(p.base, p.len, H2O_STRLIT("/echo"))) {
		/* h2o has read the whole body into req->entity. */
		char *num = h2o_mem_alloc_pool(&req->pool, 24);
		int n = snprintf(num, 24, "%zu", req->entity.len);

		eng_echo_ran(req->entity.len);
		return send_static(req, num, (size_t)n,
				   H2O_STRLIT("text/plain"));
	}
	return -1;
}

/* A connection is waiting on a loop's listener. */
static void on_accept(h2o_socket_t *listener, const char *err)
{
	struct loop *l = listener->data;
	h2o_socket_t *sock;

	if (err)
		return;
	sock = h2o_evloop_socket_accept(listener);
	if (sock)
		h2o_accept(&l->accept_ctx, sock);
}

/* Run one event loop with a listener of its own; never returns unless its
 * socket cannot be made. */
static void *run_loop(void *arg)
{
	struct loop *l = arg;
	h2o_socket_t *listener;
	int fd;

	h2o_context_init(&l->ctx, h2o_evloop_create(), &config);
	l->accept_ctx.ctx = &l->ctx;
	l->accept_ctx.hosts = config.hosts;
	fd = eng_listen_reuseport(l->port);
	if (fd < 0) {
		perror("engine-h2o: listen");
		exit(1);
	}
	listener = h2o_evloop_socket_create(l->ctx.loop, fd,
					    H2O_SOCKET_FLAG_DONT_READ);
	listener->data = l;
	h2o_socket_read_start(listener, on_accept);
	while (h2o_evloop_run(l->ctx.loop, INT32_MAX) == 0)
		;
	return NULL;
}

int main(int argc, char **argv)
{
	h2o_hostconf_t *host;
	h2o_pathconf_t *path;
	h2o_handler_t *handler;
	struct loop *loops;
	pthread_t tid;
	int port, i, n = eng_cores();

	if (eng_setup(argc, argv, "engine-h2o", &port, &files))
		return 1;
	h2o_config_init(&config);
	host = h2o_config_register_host(&config,
					h2o_iovec_init(H2O_STRLIT("default")),
					65535);
	path = h2o_config_register_path(host, "/", 0);
	handler = h2o_create_handler(path, sizeof(*handler));
	handler->on_req = route;

	loops = calloc((size_t)n, sizeof(*loops));
	if (!loops) {
		fprintf(stderr, "engine-h2o: out of memory\n");
		return 1;
	}
	for (i = 0; i < n; i++)
		loops[i].port = port;
	for (i = 1; i < n; i++) {
		if (pthread_create(&tid, NULL, run_loop, &loops[i])) {
			fprintf(stderr, "engine-h2o: cannot start a thread\n");
			return 1;
		}
	}
	fprintf(stderr, "engine-h2o: listening on 127.0.0.1:%d, %d loops\n",
		port, n);
	/* The main thread runs the first loop until killed. */
	run_loop(&loops[0]);
	return 0;
}
