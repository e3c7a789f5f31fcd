/*
 * engine-mhd.c - the GNU libmicrohttpd (0.9.75, Debian libmicrohttpd-dev)
 * server of the HTTP engine comparison (bench/engines.sh): GET /advice,
 * GET /records, POST /echo; see engine.h.
 *
 * MHD_USE_EPOLL_INTERNAL_THREAD with a pool of one thread per core: each
 * thread runs its own epoll loop over its share of the connections, so
 * idle connections cost a little memory and no thread. A handler runs on
 * its connection's pool thread, so a blocking one (SQLite) holds up every
 * other connection of that thread; a real app would suspend the
 * connection (MHD_suspend_connection) and finish the work elsewhere, or
 * use MHD_USE_THREAD_PER_CONNECTION. The connection limit leaves room for
 * the 10,000-idle-connection run. MHD_USE_TURBO is left out: MHD itself
 * calls its optimistic reads "potentially unsafe", and safety comes first
 * in this comparison. Everything else (timeouts: none; strictness: 0)
 * is MHD's default.
 *
 * The two file responses are made once and queued again for every
 * request (MHD counts their references, under a lock).
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <microhttpd.h>

#include "engine.h"

struct app {
	struct MHD_Response *advice;
	struct MHD_Response *records;
	struct MHD_Response *not_found;
};

/* The state of a GET between MHD's two calls: only its address matters. */
static int get_seen;

/* Per request of POST /echo: how much body MHD has handed over. */
struct echo {
	size_t total;
	int answered;
};

/* A response of len bytes that stay valid for the process's life. */
static struct MHD_Response *persistent(const char *body, size_t len,
				       const char *type)
{
	struct MHD_Response *r;

	r = MHD_create_response_from_buffer(len, (void *)body,
					    MHD_RESPMEM_PERSISTENT);
	if (r)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	return r;
}

/* POST /echo: MHD calls once with no data, once per piece of body, and
 * once more with none when the body is complete (as MHD frames it). */
static enum MHD_Result echo(struct MHD_Connection *conn,
			    const char *upload_data, size_t *upload_data_size,
			    void **con_cls)
{
	struct echo *e = *con_cls;
	struct MHD_Response *r;
	enum MHD_Result ret;
	char num[24];
	int n;

	(void)upload_data;
	if (!e) {
		e = calloc(1, sizeof(*e));
		if (!e)
			return MHD_NO;
		*con_cls = e;
		return MHD_YES;
	}
	if (*upload_data_size) {
		e->total += *upload_data_size;
		*upload_data_size = 0;
		return MHD_YES;
	}
	eng_echo_ran(e->total);
	e->answered = 1;
	n = snprintf(num, sizeof(num), "%zu", e->total);
	r = MHD_create_response_from_buffer((size_t)n, num,
					    MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain");
	ret = MHD_queue_response(conn, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

/*
 * The access handler, for every request: routes on MHD's decoded url by
 * exact comparison. MHD has no answer of its own for an unknown path, so
 * that gets a plain 404 made at start.
 */
static enum MHD_Result route(void *cls, struct MHD_Connection *conn,
			     const char *url, const char *method,
			     const char *version, const char *upload_data,
			     size_t *upload_data_size, void **con_cls)
{
	const struct app *app = cls;

	(void)version;
	if (!strcmp(method, "POST") && !strcmp(url, "/echo"))
		return echo(conn, upload_data, upload_data_size, con_cls);
	/*
	 * MHD's first call comes right after the header: a response queued
	 * then is sent with "Connection: close" (the body, if any, is not
	 * read yet). Answering on the next call keeps the connection alive.
	 */
	if (!*con_cls) {
		*con_cls = &get_seen;
		return MHD_YES;
	}
	*upload_data_size = 0; /* a body on a GET is read and dropped */
	if (!strcmp(method, "GET") && !strcmp(url, "/advice"))
		return MHD_queue_response(conn, MHD_HTTP_OK, app->advice);
	if (!strcmp(method, "GET") && !strcmp(url, "/records"))
		return MHD_queue_response(conn, MHD_HTTP_OK, app->records);
	return MHD_queue_response(conn, MHD_HTTP_NOT_FOUND, app->not_found);
}

/* When a request ends: free /echo's state, and say if its body broke off
 * before the handler could answer. */
static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	struct echo *e = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (!e || *con_cls == &get_seen)
		return;
	if (!e->answered)
		eng_echo_aborted(e->total);
	free(e);
	*con_cls = NULL;
}

int main(int argc, char **argv)
{
	static const char nf[] = "not found\n";
	struct eng_files files;
	struct app app;
	struct MHD_Daemon *d;
	struct sockaddr_in sa;
	int port;

	if (eng_setup(argc, argv, "engine-mhd", &port, &files))
		return 1;
	app.advice = persistent(files.advice, files.advice_len,
				"application/json");
	app.records = persistent(files.records, files.records_len,
				 "application/json");
	app.not_found = persistent(nf, sizeof(nf) - 1, "text/plain");
	if (!app.advice || !app.records || !app.not_found) {
		fprintf(stderr, "engine-mhd: out of memory\n");
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG,
			     (uint16_t)port, NULL, NULL, route, &app,
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
			     MHD_OPTION_THREAD_POOL_SIZE,
			     (unsigned int)eng_cores(),
			     /* Shared out among the pool's threads. */
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned int)16384,
			     MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
			     MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "engine-mhd: cannot listen on 127.0.0.1:%d\n",
			port);
		return 1;
	}
	fprintf(stderr, "engine-mhd: listening on 127.0.0.1:%d, %d threads\n",
		port, eng_cores());
	/* Serve until killed (bench/engines.sh sends SIGTERM). */
	for (;;)
		pause();
}
