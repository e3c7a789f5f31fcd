/*
 * http.c - libmicrohttpd adapter.
 *
 * The engine (doc/PERFORMANCE.md, "HTTP engine", says why this one) runs a
 * small pool of threads, each with its own epoll set: an open connection
 * costs a socket and its buffer, never a thread, so idle or slow clients
 * cannot lock others out. For every request it calls on_request()
 * several times:
 *
 *   1. once the request line and headers are in: sr_edge_check() (edge.c)
 *      judges them, and the body's declared size is checked against
 *      opts->body_limit for the route; a request refused here is answered
 *      at once, before any of its body is read, with Connection: close;
 *   2. once for each piece of body, appended to the request's buffer;
 *   3. once the whole body has arrived: only then does the handler run.
 *      A client that hangs up earlier never reaches step 3, so half a body
 *      is never taken for a whole one.
 *
 * The raw request-target comes from the URI log callback, which runs
 * before the engine decodes anything; the engine's own %-decoding is
 * turned off (keep_escapes), so edge.c sees and decodes exactly what was
 * sent. Every response leaves through respond(), which sets the security
 * headers.
 */
#include "compat.h"

#include <arpa/inet.h>
#include <malloc.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "credential.h"
#include "edge.h"
#include "http.h"

/* An idle connection, or one that sends nothing for this long, is closed. */
#define IDLE_TIMEOUT_S 30
/*
 * Each connection's buffer for the request line and headers, and for
 * building the response head: room for any head edge.c accepts (a target
 * of SR_EDGE_TARGET_MAX and a few KiB of fields), so that such a head
 * reaches it. Not more: the engine zeroes the whole buffer after every
 * request, and at 64 KiB that was the largest single cost of a small
 * request (doc/PERFORMANCE.md, "HTTP engine").
 */
#define CONN_MEMORY (16 * 1024)
/* Open connections at most; more wait in the kernel's accept queue. */
#define CONN_LIMIT 20000
/* Each worker's stack: the deepest work on it is a planner search and a
 * JSON parse limited to SR_JSON_DEPTH_MAX levels (lib/json.h). */
#define THREAD_STACK (2 * 1024 * 1024)

struct sr_http_server {
	struct MHD_Daemon *daemon;
	sr_http_handler handler;
	void *app;
	int port;
	FILE *access_log;
	size_t (*body_limit)(void *app, const char *method, const char *path);
	struct sr_edge_policy policy;
	pthread_mutex_t log_lock;
	bool tls; /* answers carry Strict-Transport-Security */
	/* Set once listening: from then on the engine's messages are about
	 * what clients sent, answered already, and are not logged. */
	atomic_bool serving;
};

/* One request in progress: from its request line to its answer. */
struct request {
	char *target;  /* the raw request-target, as sent */
	bool judged;   /* step 1 is done */
	bool answered; /* a response has been queued */
	struct sr_edge_result edge;
	struct sr_edge_client client; /* who sent it (step 1) */
	struct sr_buf body;
};

/* Sent with every answer. */
static const struct {
	const char *name, *value;
} security_headers[] = {
	{"X-Content-Type-Options", "nosniff"},
	{"Content-Security-Policy",
	 "default-src 'self'; script-src 'self'; style-src 'self'; "
	 "img-src 'self' data:; connect-src 'self'; object-src 'none'; "
	 "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
	{"Referrer-Policy", "no-referrer"},
	{"X-Frame-Options", "DENY"},
};

/* TLS 1.2 and 1.3 only, in GnuTLS's words; its NORMAL ciphers for them. */
static const char tls_priorities[] =
	"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:%SERVER_PRECEDENCE";

/* A response for resp's body: handed over when it can be, else copied. */
static struct MHD_Response *make_response(struct sr_http_resp *resp)
{
	if (resp->data)
		return MHD_create_response_from_buffer(resp->data_len,
						       (void *)resp->data,
						       MHD_RESPMEM_PERSISTENT);
	if (resp->body.cap) {
		size_t len;
		char *data = sr_buf_detach(&resp->body, &len);

		return data ? MHD_create_response_from_buffer(
				      len, data, MHD_RESPMEM_MUST_FREE)
			    : NULL;
	}
	return MHD_create_response_from_buffer(0, (void *)"",
					       MHD_RESPMEM_PERSISTENT);
}

/*
 * Queue resp on conn. close says the connection ends after it. Returns
 * false when the engine could not take it (then it drops the connection).
 */
static bool respond(const struct sr_http_server *srv,
		    struct MHD_Connection *conn, struct sr_http_resp *resp,
		    bool close)
{
	struct MHD_Response *r = make_response(resp);
	bool ok = r != NULL;
	char cache[128];

	if (!r)
		return false;
	for (size_t i = 0;
	     i < sizeof(security_headers) / sizeof(security_headers[0]); i++)
		ok &= MHD_add_response_header(r, security_headers[i].name,
					      security_headers[i].value) ==
		      MHD_YES;
	if (srv->tls)
		ok &= MHD_add_response_header(r, "Strict-Transport-Security",
					      "max-age=31536000") == MHD_YES;
	snprintf(cache, sizeof(cache), "%s",
		 resp->cache_control ? resp->cache_control : "no-store");
	ok &= MHD_add_response_header(r, "Cache-Control", cache) == MHD_YES;
	if (resp->etag[0])
		ok &= MHD_add_response_header(r, "ETag", resp->etag) == MHD_YES;
	if (resp->allow[0])
		ok &= MHD_add_response_header(r, "Allow", resp->allow) ==
		      MHD_YES;
	if (resp->filename[0]) {
		char disp[96];

		/* The handler's own name: letters, digits, '-' and '.'. */
		snprintf(disp, sizeof(disp), "%s; filename=\"%s\"",
			 resp->inline_file ? "inline" : "attachment",
			 resp->filename);
		ok &= MHD_add_response_header(r, "Content-Disposition", disp) ==
		      MHD_YES;
	}
	if (resp->set_cookie[0])
		ok &= MHD_add_response_header(r, "Set-Cookie",
					      resp->set_cookie) == MHD_YES;
	if (resp->retry_after > 0) {
		char after[24];

		snprintf(after, sizeof(after), "%d", resp->retry_after);
		ok &= MHD_add_response_header(r, "Retry-After", after) ==
		      MHD_YES;
	}
	if (close)
		ok &= MHD_add_response_header(r, "Connection", "close") ==
		      MHD_YES;
	if (resp->status != 304 && resp->status != 204)
		ok &= MHD_add_response_header(r, "Content-Type",
					      resp->content_type
						      ? resp->content_type
						      : "application/json") ==
		      MHD_YES;
	ok = ok &&
	     MHD_queue_response(conn, (unsigned)resp->status, r) == MHD_YES;
	MHD_destroy_response(r);
	return ok;
}

/* Answer status with the JSON error shape, and close. */
static bool refuse(const struct sr_http_server *srv,
		   struct MHD_Connection *conn, int status, const char *code,
		   const char *message)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_http_resp resp = {0};
	bool ok;

	sr_buf_init(&resp.body, 8192);
	resp.status = status;
	f.err = SR_EINVAL;
	f.code = code;
	sr_buf_adds(&f.message, message);
	sr_fail_to_json(&f, &resp.body);
	ok = respond(srv, conn, &resp, true);
	sr_buf_release(&resp.body);
	sr_fail_release(&f);
	return ok;
}

static void client_address(struct MHD_Connection *conn, char *out, size_t size)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
		conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(out, size, "-");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET,
			  &((const struct sockaddr_in *)(const void *)sa)
				   ->sin_addr,
			  out, (socklen_t)size);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)(const void *)sa)
				   ->sin6_addr,
			  out, (socklen_t)size);
}

/* Text from a request, fit for one line of the log: bytes outside
 * printable ASCII (and spaces, which separate the fields) as '?', cut at
 * size - 1. */
static const char *loggable(const char *s, char *out, size_t size)
{
	size_t n = 0;

	for (; s && *s && n + 1 < size; s++)
		out[n++] = *s > ' ' && *s < 0x7f ? *s : '?';
	out[n] = '\0';
	return n ? out : "-";
}

/* One line of the access log: time, client, method, target, status,
 * body bytes. */
static void log_access(struct sr_http_server *srv, const char *addr,
		       const char *method, const char *path, const char *query,
		       int status, size_t bytes)
{
	char when[32], m[32], t[512], q[512], r[512];
	struct tm tm;
	time_t now;

	if (!srv->access_log)
		return;
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* A calendar key in the query is a secret: never in the log. */
	sr_cred_redact(query, r, sizeof(r));
	loggable(r, q, sizeof(q));
	pthread_mutex_lock(&srv->log_lock);
	fprintf(srv->access_log, "%s %s %s %s%s%s %d %zu\n", when, addr,
		loggable(method, m, sizeof(m)), loggable(path, t, sizeof(t)),
		q[0] ? "?" : "", q, status, bytes);
	fflush(srv->access_log);
	pthread_mutex_unlock(&srv->log_lock);
}

/* The access log's line for a head edge.c refused: the raw target, its
 * query redacted all the same (a calendar key with a bad Host). */
static void log_refused(struct sr_http_server *srv, const char *addr,
			const char *method, const char *target, int status)
{
	const char *q = strchr(target, '?');
	size_t n = q ? (size_t)(q - target) : strlen(target);
	char path[512];

	if (n >= sizeof(path))
		n = sizeof(path) - 1;
	memcpy(path, target, n);
	path[n] = '\0';
	log_access(srv, addr, method, path, q ? q + 1 : "", status, 0);
}

/* The headers of a request, as edge.c wants them. */
struct header_list {
	struct sr_edge_header h[SR_EDGE_HEADERS_MAX + 1];
	size_t n;
};

static enum MHD_Result add_header(void *cls, enum MHD_ValueKind kind,
				  const char *name, const char *value)
{
	struct header_list *l = cls;

	(void)kind;
	if (l->n == SR_EDGE_HEADERS_MAX + 1)
		return MHD_NO; /* one too many is all edge.c needs to see */
	l->h[l->n].name = name;
	l->h[l->n].value = value ? value : "";
	l->n++;
	return MHD_YES;
}

static const char *header(struct MHD_Connection *conn, const char *name)
{
	const char *v =
		MHD_lookup_connection_value(conn, MHD_HEADER_KIND, name);

	return v ? v : "";
}

/* Step 1: judge the head. Returns false when the request was refused. */
static bool judge(struct sr_http_server *srv, struct MHD_Connection *conn,
		  struct request *rq, const char *method, const char *version)
{
	struct header_list hl = {.n = 0};
	char peer[INET6_ADDRSTRLEN];
	struct sr_edge_req er;
	size_t max = 0;
	char msg[96];

	MHD_get_connection_values(conn, MHD_HEADER_KIND, add_header, &hl);
	er.method = method;
	er.version = version;
	er.target = rq->target ? rq->target : "";
	er.headers = hl.h;
	er.nheaders = hl.n;
	/* Who sent it: the peer, or the client a trusted proxy names. */
	client_address(conn, peer, sizeof(peer));
	sr_edge_client(&srv->policy, peer, srv->tls, &er, &rq->client);
	sr_edge_check(&srv->policy, &er, &rq->edge);
	if (rq->edge.status) {
		log_refused(srv, rq->client.addr, method, er.target,
			    rq->edge.status);
		refuse(srv, conn, rq->edge.status, rq->edge.code,
		       rq->edge.message);
		return false;
	}
	if (srv->body_limit)
		max = srv->body_limit(srv->app, method, rq->edge.path);
	if (!max)
		max = SR_HTTP_BODY_MAX;
	sr_buf_init(&rq->body, max);
	if (rq->edge.content_length > 0 &&
	    (uint64_t)rq->edge.content_length > max) {
		snprintf(msg, sizeof(msg),
			 "the body may be at most %zu bytes here", max);
		log_access(srv, rq->client.addr, method, rq->edge.path,
			   rq->edge.query, 413, 0);
		refuse(srv, conn, 413, "too_large", msg);
		return false;
	}
	return true;
}

/* Step 3: the whole request is in; run the handler and answer. */
static bool answer(struct sr_http_server *srv, struct MHD_Connection *conn,
		   struct request *rq, const char *method)
{
	struct sr_http_resp resp = {0};
	struct sr_http_req req = {0};
	size_t bytes;
	bool ok;

	req.method = method;
	req.path = rq->edge.path;
	req.query = rq->edge.query;
	req.content_type = header(conn, "Content-Type");
	req.if_none_match = header(conn, "If-None-Match");
	req.body = rq->body.data;
	req.body_len = rq->body.len;
	req.remote_addr = rq->client.addr;
	req.cookie = header(conn, "Cookie");
	req.authorization = header(conn, "Authorization");
	req.x_smallrun = header(conn, "X-Smallrun");
	req.user_agent = header(conn, "User-Agent");
	req.host = header(conn, "Host");
	req.loopback = rq->client.loopback;
	req.tls = rq->client.tls;
	req.app = srv->app;
	sr_buf_init(&resp.body, SR_HTTP_RESP_MAX);
	resp.status = 500;
	srv->handler(&req, &resp);
	bytes = resp.data ? resp.data_len : resp.body.len;
	log_access(srv, rq->client.addr, method, req.path, req.query,
		   resp.status, bytes);
	if (resp.body.err) {
		sr_buf_release(&resp.body);
		return refuse(srv, conn, 500, "internal",
			      "the response could not be built");
	}
	ok = respond(srv, conn, &resp, false);
	sr_buf_release(&resp.body);
	return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct sr_http_server *srv = cls;
	struct request *rq = *con_cls;

	(void)url; /* edge.c decodes rq->target itself */
	if (!rq)   /* the URI callback could not allocate */
		return refuse(srv, conn, 503, "out_of_memory",
			      "the server is out of memory")
			       ? MHD_YES
			       : MHD_NO;
	if (rq->answered) { /* a refused request's body: dropped */
		*upload_size = 0;
		return MHD_YES;
	}
	if (!rq->judged) {
		rq->judged = true;
		rq->answered = !judge(srv, conn, rq, method, version);
		return MHD_YES;
	}
	if (*upload_size) {
		/* A chunked body past the limit: the engine cannot answer
		 * mid-body, so the connection is dropped. */
		if (sr_buf_add(&rq->body, upload, *upload_size))
			return MHD_NO;
		*upload_size = 0;
		return MHD_YES;
	}
	rq->answered = true;
	return answer(srv, conn, rq, method) ? MHD_YES : MHD_NO;
}

/* Before the engine parses the target: keep it as it came. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	/* Not calloc(): the edge result's path buffer is large, and edge.c
	 * writes what it sets. */
	struct request *rq = malloc(sizeof(*rq));

	(void)cls;
	(void)conn;
	if (!rq)
		return NULL;
	rq->judged = false;
	rq->answered = false;
	sr_buf_init(&rq->body, SR_HTTP_BODY_MAX);
	rq->target = strdup(uri ? uri : "");
	if (!rq->target) {
		free(rq);
		return NULL;
	}
	return rq;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode why)
{
	struct request *rq = *con_cls;

	(void)cls;
	(void)conn;
	(void)why;
	if (!rq)
		return;
	sr_buf_release(&rq->body);
	free(rq->target);
	free(rq);
	*con_cls = NULL;
}

/* The engine decodes nothing: edge.c decodes the path, param.c the query. */
static size_t keep_escapes(void *cls, struct MHD_Connection *conn, char *s)
{
	(void)cls;
	(void)conn;
	return strlen(s);
}

static void engine_log(void *cls, const char *fmt, va_list ap)
{
	struct sr_http_server *srv = cls;

	if (atomic_load(&srv->serving))
		return;
	fputs("smallrun: http: ", stderr);
	vfprintf(stderr, fmt, ap);
}

/* As many descriptors as the hard limit allows: each client holds one. */
static void raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static int default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 2 ? 4 : n > 16 ? 32 : (int)n * 2;
}

struct sr_http_server *sr_http_start(const struct sr_http_opts *opts,
				     sr_http_handler handler, void *app,
				     struct sr_fail *f)
{
	struct sr_http_server *srv = calloc(1, sizeof(*srv));
	struct sockaddr_storage ss = {0};
	struct sockaddr_in *sin = (struct sockaddr_in *)(void *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)(void *)&ss;
	const union MHD_DaemonInfo *info;
	struct MHD_OptionItem tls[4] = {{MHD_OPTION_END, 0, NULL}};
	unsigned int flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG;

	if (!srv) {
		sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
			    "out of memory");
		return NULL;
	}
	atomic_init(&srv->serving, false);
	srv->handler = handler;
	srv->app = app;
	srv->access_log = opts->access_log;
	srv->body_limit = opts->body_limit;
	if (opts->policy)
		srv->policy = *opts->policy;
	pthread_mutex_init(&srv->log_lock, NULL);

	if (strchr(opts->host, ':')) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)opts->port);
		if (inet_pton(AF_INET6, opts->host, &sin6->sin6_addr) != 1)
			goto bad_address;
		flags |= MHD_USE_IPv6;
	} else {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)opts->port);
		if (!opts->host[0])
			sin->sin_addr.s_addr = htonl(INADDR_ANY);
		else if (inet_pton(AF_INET, opts->host, &sin->sin_addr) != 1)
			goto bad_address;
	}
	if (opts->tls_cert) {
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			sr_fail_set(f, SR_EINVAL, "no_tls", "tls",
				    "this build's HTTP library has no TLS; "
				    "put a TLS proxy in front instead");
			goto fail;
		}
		flags |= MHD_USE_TLS;
		srv->tls = true;
		tls[0] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0,
						 (void *)opts->tls_cert};
		tls[1] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0,
						 (void *)opts->tls_key};
		tls[2] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_PRIORITIES, 0,
						 (void *)tls_priorities};
	}
	raise_fd_limit();
	/* See doc/PERFORMANCE.md, "Records": two arenas serve a small
	 * machine's requests; glibc's default, eight per core, kept twice
	 * the memory the requests needed. */
	mallopt(M_ARENA_MAX, 2);
	srv->daemon = MHD_start_daemon(
		flags, (uint16_t)opts->port, NULL, NULL, on_request, srv,
		/* First, so that the engine's every message goes through it. */
		MHD_OPTION_EXTERNAL_LOGGER, engine_log, srv,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE,
		(unsigned)(opts->threads > 0 ? opts->threads
					     : default_threads()),
		MHD_OPTION_THREAD_STACK_SIZE, (size_t)THREAD_STACK,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONN_LIMIT,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)IDLE_TIMEOUT_S,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
		MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_UNESCAPE_CALLBACK, keep_escapes, NULL,
		MHD_OPTION_SIGPIPE_HANDLED_BY_APP, 1, MHD_OPTION_ARRAY, tls,
		MHD_OPTION_END);
	if (!srv->daemon) {
		sr_fail_set(f, SR_EIO, "listen_failed", "listen",
			    "cannot listen on %s port %d: %s",
			    opts->host[0] ? opts->host : "every address",
			    opts->port,
			    srv->tls ? "the port is in use, or the "
				       "certificate and key are not a PEM "
				       "pair (see above)"
				     : "in use, or not an address of this "
				       "machine?");
		goto fail;
	}
	info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	if (!info || !info->port) {
		sr_fail_set(f, SR_EIO, "listen_failed", "listen",
			    "cannot tell which port the server got");
		goto fail;
	}
	srv->port = info->port;
	atomic_store(&srv->serving, true);
	return srv;
bad_address:
	sr_fail_set(f, SR_EINVAL, "bad_address", "listen",
		    "'%s' is not an IP address of this machine", opts->host);
fail:
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
	if (srv->daemon)
		MHD_stop_daemon(srv->daemon);
	pthread_mutex_destroy(&srv->log_lock);
	free(srv);
}
