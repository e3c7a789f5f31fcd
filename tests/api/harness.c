/*
 * harness.c - a real server and a small HTTP/1.1 client for API tests, the
 * fixture the suites share, and a runner for the command line.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "../unit/store-fixture.h"

struct srv server;

void temp_dir(char *dir, size_t size, const char *tag)
{
	int n = snprintf(dir, size, "/tmp/smallrun-%s-XXXXXX", tag);

	cr_assert(n > 0 && (size_t)n < size, "folder name too long: %s", tag);
	cr_assert_not_null(mkdtemp(dir), "mkdtemp: %s", strerror(errno));
}

char *read_whole(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *data;
	long n;

	cr_assert(fp, "cannot open %s", path);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	data = malloc((size_t)n + 1);
	cr_assert(data);
	cr_assert_eq(fread(data, 1, (size_t)n, fp), (size_t)n);
	data[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return data;
}

void remove_dir(const char *dir)
{
	char *cmd = NULL;

	if (asprintf(&cmd, "rm -rf '%s'", dir) < 0 || system(cmd) != 0)
		cr_log_warn("could not remove %s", dir);
	free(cmd);
}

void srv_start(struct srv *s, const char *const *extra)
{
	const char *bin = getenv("SMALLRUN_BIN");
	const char *argv[32];
	char line[256];
	int out[2], n = 0;
	FILE *fp;

	cr_assert_not_null(bin, "set SMALLRUN_BIN to the smallrun binary");
	temp_dir(s->dir, sizeof(s->dir), "api");
	snprintf(s->db, sizeof(s->db), "%s/test.db", s->dir);
	argv[n++] = bin;
	argv[n++] = "serve";
	/* The extra options may name the database or the log themselves (an
	 * option may be given once): then theirs stand instead of these. */
	bool own_db = true, own_log = true, own_listen = true;

	for (const char *const *e = extra; e && *e; e++) {
		own_db &= strcmp(*e, "--db") != 0;
		own_log &= strcmp(*e, "--access-log") != 0;
		own_listen &= strcmp(*e, "--listen") != 0;
	}
	if (own_listen) {
		argv[n++] = "--listen";
		argv[n++] = "127.0.0.1:0";
	}
	/* SMALLRUN_TEST_STORE=pg: a new database on the test server. */
	if (own_db && test_store_is_pg()) {
		char *uri = test_store_new();

		cr_assert_lt(strlen(uri), sizeof(s->db));
		snprintf(s->db, sizeof(s->db), "%s", uri);
		free(uri);
	}
	if (own_db) {
		argv[n++] = "--db";
		argv[n++] = s->db;
	}
	if (own_log) {
		argv[n++] = "--access-log";
		argv[n++] = "off";
	}
	for (; extra && *extra && n < 30; extra++)
		argv[n++] = *extra;
	argv[n] = NULL;
	cr_assert_eq(pipe(out), 0);
	s->pid = fork();
	cr_assert_geq(s->pid, 0);
	if (s->pid == 0) {
		dup2(out[1], STDOUT_FILENO);
		close(out[0]);
		close(out[1]);
		execv(bin, (char *const *)argv);
		_exit(127);
	}
	close(out[1]);
	fp = fdopen(out[0], "r");
	cr_assert_not_null(fp);
	cr_assert_not_null(fgets(line, sizeof(line), fp),
			   "the server printed nothing");
	/* http:// or, with --tls-cert, https://; on 127.0.0.1, or on every
	 * address (0.0.0.0), which loopback reaches too. */
	const char *at = strstr(line, "://127.0.0.1:");

	if (!at)
		at = strstr(line, "://0.0.0.0:");
	cr_assert(!strncmp(line, "smallrun is running at http", 27) && at &&
			  sscanf(strchr(at + 3, ':') + 1, "%d/", &s->port) == 1,
		  "unexpected first line: %s", line);
	/* Keep reading (and dropping) what it prints so it never blocks. */
	if (fork() == 0) {
		while (fgets(line, sizeof(line), fp))
			;
		_exit(0);
	}
	fclose(fp);
}

int srv_stop(struct srv *s)
{
	int status = -1;

	if (s->pid <= 0)
		return -1;
	kill(s->pid, SIGTERM);
	waitpid(s->pid, &status, 0);
	s->pid = 0;
	return status;
}

void srv_cleanup(struct srv *s)
{
	if (s->pid > 0)
		srv_stop(s);
	if (!strncmp(s->db, "postgresql://", 13))
		test_store_remove(strdup(s->db));
	s->db[0] = '\0';
	remove_dir(s->dir);
}

static int connect_to(const struct srv *s)
{
	struct sockaddr_in sa = {0};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	cr_assert_geq(fd, 0);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)s->port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0,
		     "connect: %s", strerror(errno));
	return fd;
}

void http_raw(const struct srv *s, const char *req, size_t len,
	      struct resp *r)
{
	size_t cap = 1 << 16, have = 0;
	char *buf = malloc(cap + 1), *sep;
	int fd = connect_to(s);
	ssize_t n;

	memset(r, 0, sizeof(*r));
	for (size_t off = 0; off < len; off += (size_t)n) {
		n = send(fd, req + off, len - off, MSG_NOSIGNAL);
		if (n <= 0)
			break; /* the server may stop reading a huge body */
	}
	shutdown(fd, SHUT_WR);
	while ((n = recv(fd, buf + have, cap - have, 0)) > 0) {
		have += (size_t)n;
		if (have == cap) {
			cap *= 2;
			buf = realloc(buf, cap + 1);
			cr_assert_not_null(buf);
		}
	}
	close(fd);
	buf[have] = '\0';
	cr_assert_gt(have, 0, "no response");
	cr_assert_eq(sscanf(buf, "HTTP/1.1 %d", &r->status), 1, "%s", buf);
	sep = strstr(buf, "\r\n\r\n");
	cr_assert_not_null(sep, "no end of headers");
	*sep = '\0';
	r->head = strdup(buf);
	r->body_len = have - (size_t)(sep + 4 - buf);
	r->body = malloc(r->body_len + 1);
	memcpy(r->body, sep + 4, r->body_len);
	r->body[r->body_len] = '\0';
	free(buf);
	r->json = json_loadb(r->body, r->body_len, 0, NULL);
}

void http_junk(const struct srv *s, const char *data, size_t len)
{
	struct timeval tv = {2, 0};
	char buf[4096];
	int fd = connect_to(s);

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	send(fd, data, len, MSG_NOSIGNAL);
	shutdown(fd, SHUT_WR);
	while (recv(fd, buf, sizeof(buf), 0) > 0)
		;
	close(fd);
}

void http(const struct srv *s, const char *method, const char *path,
	  const char *content_type, const char *body, struct resp *r)
{
	http_with(s, method, path, "", content_type, body, r);
}

void http_with(const struct srv *s, const char *method, const char *path,
	       const char *headers, const char *content_type, const char *body,
	       struct resp *r)
{
	char *req = NULL;
	size_t blen = body ? strlen(body) : 0;
	int len;

	len = asprintf(&req,
		       "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		       "Connection: close\r\n%s%s%s%s"
		       "Content-Length: %zu\r\n\r\n%s",
		       method, path, headers ? headers : "",
		       content_type ? "Content-Type: " : "",
		       content_type ? content_type : "",
		       content_type ? "\r\n" : "", blen, body ? body : "");
	cr_assert_gt(len, 0);
	http_raw(s, req, (size_t)len, r);
	free(req);
}

char *resp_header(const struct resp *r, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = strstr(r->head, "\r\n"); p;
	     p = strstr(p + 2, "\r\n")) {
		const char *line = p + 2;

		if (!strncasecmp(line, name, n) && line[n] == ':') {
			const char *v = line + n + 1;
			const char *end = strstr(v, "\r\n");

			while (*v == ' ')
				v++;
			return strndup(v, end ? (size_t)(end - v) : strlen(v));
		}
	}
	return NULL;
}

void resp_free(struct resp *r)
{
	free(r->head);
	free(r->body);
	json_decref(r->json);
	memset(r, 0, sizeof(*r));
}

void assert_error(const struct resp *r, int status, const char *code)
{
	json_t *e;

	cr_assert_eq(r->status, status, "status %d, body %s", r->status,
		     r->body);
	cr_assert_not_null(r->json, "error body is not JSON: %s", r->body);
	e = json_object_get(r->json, "error");
	cr_assert(json_is_object(e), "no error object: %s", r->body);
	cr_assert_str_eq(json_string_value(json_object_get(e, "code")), code,
			 "%s", r->body);
	cr_assert(json_is_string(json_object_get(e, "message")));
	cr_assert_gt(strlen(json_string_value(json_object_get(e, "message"))),
		     0);
}

void http_json(const struct srv *s, const char *method, const char *path,
	       const char *body, struct resp *r)
{
	http(s, method, path, body ? "application/json" : NULL, body, r);
}

void post_json(const struct srv *s, const char *path, const char *body,
	       struct resp *r)
{
	http_json(s, "POST", path, body ? body : "", r);
}

long long post_id(const struct srv *s, const char *path, const char *fmt, ...)
{
	struct resp r;
	char *body = NULL;
	long long id;
	va_list ap;

	va_start(ap, fmt);
	cr_assert_geq(vasprintf(&body, fmt, ap), 0);
	va_end(ap);
	post_json(s, path, body, &r);
	cr_assert_eq(r.status, 201, "POST %s %s: %d %s", path, body, r.status,
		     r.body);
	id = jint(r.json, "id");
	cr_assert_gt(id, 0);
	resp_free(&r);
	free(body);
	return id;
}

json_t *jget(const json_t *j, const char *path)
{
	char key[128];

	while (j && *path) {
		size_t n = strcspn(path, ".");
		char *end;
		unsigned long i;

		cr_assert_lt(n, sizeof(key), "path part too long: %s", path);
		memcpy(key, path, n);
		key[n] = '\0';
		if (json_is_array(j)) {
			i = strtoul(key, &end, 10);
			j = *key && !*end ? json_array_get(j, i) : NULL;
		} else {
			j = json_object_get(j, key);
		}
		path += n + (path[n] == '.');
	}
	return (json_t *)j;
}

long long jint(const json_t *j, const char *path)
{
	json_t *v = jget(j, path);

	cr_assert(json_is_integer(v), "%s is not a whole number", path);
	return json_integer_value(v);
}

const char *jstr(const json_t *j, const char *path)
{
	json_t *v = jget(j, path);

	cr_assert(json_is_string(v), "%s is not a string", path);
	return json_string_value(v);
}

void assert_field_error(const struct resp *r, int status, const char *code,
			const char *field)
{
	json_t *f;

	assert_error(r, status, code);
	f = jget(r->json, "error.field");
	if (!field)
		cr_assert_null(f, "error names a field: %s", r->body);
	else
		cr_assert_str_eq(json_string_value(f) ? json_string_value(f)
						      : "(none)",
				 field, "%s", r->body);
}

void srv_finish(struct srv *s)
{
	int status;

	if (s->pid <= 0) { /* the test stopped it already */
		srv_cleanup(s);
		return;
	}
	status = srv_stop(s);
	srv_cleanup(s);
	cr_assert(WIFEXITED(status), "the server did not exit by itself (%d)",
		  status);
	cr_assert_eq(WEXITSTATUS(status), 0,
		     "the server exited with %d (a sanitizer report?)",
		     WEXITSTATUS(status));
}

char *expand_ids(const char *tmpl, const long long ids[26])
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	cr_assert_not_null(fp);
	for (const char *p = tmpl; *p; p++) {
		if (p[0] == '{' && p[1] >= 'A' && p[1] <= 'Z' && p[2] == '}') {
			fprintf(fp, "%lld", ids[p[1] - 'A']);
			p += 2;
		} else {
			fputc(*p, fp);
		}
	}
	fclose(fp);
	return out;
}

/* ---- the shared fixture ---------------------------------------------- */

void api_init(void)
{
	srv_start(&server, NULL);
}

static void scratch_free(void);

void api_fini(void)
{
	int status = 0;

	scratch_free();
	if (server.pid > 0)
		status = srv_stop(&server);
	srv_cleanup(&server);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		cr_log_error("the server did not exit by itself with 0 (status "
			     "%d: a sanitizer report?)",
			     status);
		_exit(1);
	}
}

/* ---- connections: raw bytes both ways, every wait with a deadline ------- */

int conn_socket(const struct srv *s)
{
	struct timeval tv = {CONN_WAIT_SECONDS, 0};
	int fd = connect_to(s);

	cr_assert_eq(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)),
		     0);
	cr_assert_eq(setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)),
		     0);
	return fd;
}

void conn_open(struct conn *c, const struct srv *s)
{
	c->fd = conn_socket(s);
	c->cap = 1 << 16;
	c->have = 0;
	c->buf = malloc(c->cap + 1);
	cr_assert_not_null(c->buf);
	c->buf[0] = '\0';
}

void conn_close(struct conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	free(c->buf);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

bool conn_send(struct conn *c, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = send(c->fd, p, len, MSG_NOSIGNAL);

		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

bool conn_sendf(struct conn *c, const char *f, ...)
{
	char *data = NULL;
	bool ok;
	va_list ap;
	int n;

	va_start(ap, f);
	n = vasprintf(&data, f, ap);
	va_end(ap);
	cr_assert_geq(n, 0);
	ok = conn_send(c, data, (size_t)n);
	free(data);
	return ok;
}

/* One recv more into c->buf; false on EOF, reset or a wait run out. */
static bool conn_fill(struct conn *c)
{
	ssize_t n;

	if (c->have == c->cap) {
		c->cap *= 2;
		c->buf = realloc(c->buf, c->cap + 1);
		cr_assert_not_null(c->buf);
	}
	errno = 0; /* recv() leaves it alone at EOF */
	n = recv(c->fd, c->buf + c->have, c->cap - c->have, 0);
	if (n <= 0)
		return false;
	c->have += (size_t)n;
	c->buf[c->have] = '\0';
	return true;
}

bool conn_read(struct conn *c, struct resp *r)
{
	size_t head_len, body_len = 0, need;
	char *sep, *cl;

	memset(r, 0, sizeof(*r));
	while (!(sep = memmem(c->buf, c->have, "\r\n\r\n", 4)))
		if (!conn_fill(c))
			return false;
	head_len = (size_t)(sep - c->buf);
	r->head = strndup(c->buf, head_len);
	cr_assert_not_null(r->head);
	cr_assert_eq(sscanf(r->head, "HTTP/1.%*d %d", &r->status), 1,
		     "not an HTTP response: %.200s", r->head);
	cl = resp_header(r, "Content-Length");
	if (cl) {
		char *end;

		body_len = strtoul(cl, &end, 10);
		cr_assert(*cl && !*end, "Content-Length: %s", cl);
		free(cl);
	} else if (r->status >= 200 && r->status != 204 && r->status != 304) {
		while (conn_fill(c))
			;
		body_len = c->have - head_len - 4;
	}
	need = head_len + 4 + body_len;
	while (c->have < need) {
		if (!conn_fill(c)) {
			resp_free(r);
			return false;
		}
	}
	r->body_len = body_len;
	r->body = malloc(body_len + 1);
	cr_assert_not_null(r->body);
	memcpy(r->body, c->buf + head_len + 4, body_len);
	r->body[body_len] = '\0';
	r->json = json_loadb(r->body, r->body_len, 0, NULL);
	memmove(c->buf, c->buf + need, c->have - need);
	c->have -= need;
	c->buf[c->have] = '\0';
	return true;
}

enum conn_next conn_next(struct conn *c)
{
	if (c->have)
		return CONN_DATA;
	if (conn_fill(c))
		return CONN_DATA;
	/* recv gave 0 (EOF) or failed: a reset is a close too. */
	if (errno == EAGAIN || errno == EWOULDBLOCK)
		return CONN_TIMEOUT;
	return CONN_EOF;
}

/* ---- requests with a credential --------------------------------------- */

void cookie_cred(struct cred *c, const char *secret)
{
	snprintf(c->secret, sizeof(c->secret), "%s", secret);
	snprintf(c->head, sizeof(c->head),
		 "Cookie: smallrun_session=%s\r\nX-Smallrun: 1\r\n", secret);
}

void bearer_cred(struct cred *c, const char *secret)
{
	snprintf(c->secret, sizeof(c->secret), "%s", secret);
	snprintf(c->head, sizeof(c->head), "Authorization: Bearer %s\r\n",
		 secret);
}

void cookie_of(const struct resp *r, char out[64])
{
	char *set = resp_header(r, "Set-Cookie");

	cr_assert_not_null(set, "no Set-Cookie: %s", r->head);
	cr_assert(!strncmp(set, "smallrun_session=", 17), "%s", set);
	cr_assert_eq(sscanf(set + 17, "%63[^;]", out), 1, "%s", set);
	free(set);
}

void send_cred(const struct srv *s, const struct cred *c, const char *method,
	       const char *path, const char *body, struct resp *r)
{
	http_with(s, method, path, c ? c->head : "",
		  body ? "application/json" : NULL, body, r);
}

json_t *call_cred(const struct srv *s, const struct cred *c,
		  const char *method, const char *path, const char *body,
		  int status)
{
	struct resp r;
	json_t *j;

	send_cred(s, c, method, path, body, &r);
	cr_assert_eq(r.status, status, "%s %s %s: %d %s", method, path,
		     body ? body : "", r.status, r.body);
	j = json_incref(r.json);
	resp_free(&r);
	return j;
}

/* ---- requests that give parsed JSON ------------------------------------ */

static json_t *request(const struct srv *s, const char *method,
		       const char *path, const char *type, const char *body,
		       int status)
{
	struct resp r;
	json_t *j;

	http(s, method, path, type, body, &r);
	cr_assert_eq(r.status, status, "%s %s %.300s: %d %s", method, path,
		     body ? body : "", r.status, r.body);
	j = json_incref(r.json);
	resp_free(&r);
	return j;
}

json_t *call(const char *method, const char *path, const char *body, int status)
{
	return call_on(&server, method, path, body, status);
}

json_t *call_on(const struct srv *s, const char *method, const char *path,
		const char *body, int status)
{
	return request(s, method, path, body ? "application/json" : NULL, body,
		       status);
}

json_t *call_type(const char *method, const char *path, const char *type,
		  const char *body, int status)
{
	return request(&server, method, path, type, body, status);
}

json_t *get(const char *path)
{
	return call("GET", path, NULL, 200);
}

json_t *getf(const char *f, ...)
{
	char *path = NULL;
	json_t *j;
	va_list ap;

	va_start(ap, f);
	cr_assert_geq(vasprintf(&path, f, ap), 0);
	va_end(ap);
	j = get(path);
	free(path);
	return j;
}

void call_fails(const char *method, const char *path, const char *body,
		int status, const char *code, const char *field)
{
	struct resp r;

	http_json(&server, method, path, body, &r);
	cr_assert_eq(r.status, status, "%s %s %s: %d %s", method, path,
		     body ? body : "", r.status, r.body);
	assert_field_error(&r, status, code, field);
	resp_free(&r);
}

long long add_record(const char *resource, const char *f, ...)
{
	char *path = fmt(API "/%s", resource), *body = NULL;
	long long id;
	va_list ap;

	va_start(ap, f);
	cr_assert_geq(vasprintf(&body, f, ap), 0);
	va_end(ap);
	id = post_id(&server, path, "%s", body);
	free(body);
	free(path);
	return id;
}

long long add_use(long long batch, long long material, long long quantity,
		  const char *lot)
{
	char *path = fmt(API "/batches/%lld/materials", batch), *body;
	json_t *use = json_pack("{sIsI}", "material_id", (json_int_t)material,
				"quantity", (json_int_t)quantity);
	long long id;

	cr_assert_not_null(use);
	if (lot)
		json_object_set_new(use, "lot", json_string(lot));
	body = json_dumps(use, JSON_COMPACT);
	cr_assert_not_null(body);
	id = post_id(&server, path, "%s", body);
	json_decref(use);
	free(body);
	free(path);
	return id;
}

void seed_workshop(long long id[26])
{
	memset(id, 0, 26 * sizeof(*id));
	id['P' - 'A'] =
		add_product("{\"name\":\"Sourdough loaf\",\"mode\":"
			    "\"batch\",\"price\":450,\"shelf_life_days\":"
			    "3,\"storage_per_unit\":2}");
	id['Q' - 'A'] = add_product("{\"name\":\"Rye bread\",\"price\":380}");
	id['C' - 'A'] = add_customer("{\"name\":\"Ann Baker\",\"email\":"
				     "\"ann@example.com\"}");
	id['D' - 'A'] = add_customer("{\"name\":\"Ben Cole\"}");
	id['O' - 'A'] = add_order("{\"customer_id\":%lld,\"product_id\":%lld,"
				  "\"title\":\"Wedding loaves\",\"due_date\":"
				  "\"2026-12-01\",\"status\":\"accepted\"}",
				  id['C' - 'A'], id['P' - 'A']);
	id['B' - 'A'] = add_batch("{\"product_id\":%lld,\"run_date\":"
				  "\"2026-11-25\",\"made_qty\":10,\"qc_notes\":"
				  "\"good rise\"}",
				  id['P' - 'A']);
	id['M' - 'A'] = add_material("{\"name\":\"Flour\",\"on_hand\":5000,"
				     "\"reorder_level\":1000}");
	id['U' - 'A'] = add_use(id['B' - 'A'], id['M' - 'A'], 500, "F-100");
	id['T' - 'A'] = add_entry("{\"order_id\":%lld,\"started_at\":"
				  "\"2026-11-20T09:00:00Z\",\"minutes\":30}",
				  id['O' - 'A']);
	id['S' - 'A'] = add_sale("{\"batch_id\":%lld,\"customer_id\":%lld,"
				 "\"quantity\":2,\"price\":450}",
				 id['B' - 'A'], id['C' - 'A']);
}

/* ---- text, times and dates ---------------------------------------------- */

char *fmt(const char *f, ...)
{
	char *out = NULL;
	va_list ap;

	va_start(ap, f);
	cr_assert_geq(vasprintf(&out, f, ap), 0);
	va_end(ap);
	return out;
}

/* sfmt()'s texts, freed by api_fini(). */
static char **scratch;
static size_t scratch_n, scratch_cap;

const char *sfmt(const char *f, ...)
{
	char *out = NULL;
	va_list ap;

	va_start(ap, f);
	cr_assert_geq(vasprintf(&out, f, ap), 0);
	va_end(ap);
	if (scratch_n == scratch_cap) {
		size_t cap = scratch_cap ? 2 * scratch_cap : 64;
		char **more = realloc(scratch, cap * sizeof(*more));

		cr_assert(more, "out of memory");
		scratch = more;
		scratch_cap = cap;
	}
	scratch[scratch_n++] = out;
	return out;
}

static void scratch_free(void)
{
	for (size_t i = 0; i < scratch_n; i++)
		free(scratch[i]);
	free(scratch);
	scratch = NULL;
	scratch_n = scratch_cap = 0;
}

char *fetch_pdf(const char *path, const char *prefix, const char *name)
{
	struct resp r;
	char *file = NULL, *h, *want = fmt("filename=\"%s", prefix);
	FILE *fp;

	http(&server, "GET", path, NULL, NULL, &r);
	cr_assert_eq(r.status, 200, "%s: %d %s", path, r.status, r.body);
	h = resp_header(&r, "Content-Type");
	cr_assert_str_eq(h, "application/pdf");
	free(h);
	h = resp_header(&r, "Content-Disposition");
	cr_assert_not_null(h);
	cr_expect(strstr(h, want), "%s", h);
	free(h);
	free(want);
	file = fmt("%s/%s", server.dir, name);
	fp = fopen(file, "wb");
	cr_assert_not_null(fp);
	cr_assert_eq(fwrite(r.body, 1, r.body_len, fp), r.body_len);
	cr_assert_eq(fclose(fp), 0);
	resp_free(&r);
	return file;
}

char *tool_output(const char *f, ...)
{
	char *cmd = NULL, *out = NULL;
	size_t len = 0;
	FILE *fp, *mem = open_memstream(&out, &len);
	va_list ap;
	char buf[4096];
	size_t n;

	cr_assert_not_null(mem);
	va_start(ap, f);
	cr_assert(vasprintf(&cmd, f, ap) > 0);
	va_end(ap);
	fp = popen(cmd, "r");
	cr_assert_not_null(fp, "%s", cmd);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		fwrite(buf, 1, n, mem);
	cr_assert_eq(pclose(fp), 0, "%s failed", cmd);
	fclose(mem);
	free(cmd);
	return out;
}

time_t instant(const char *text)
{
	struct tm tm = {0};
	const char *end = strptime(text, "%Y-%m-%dT%H:%M:%SZ", &tm);

	cr_assert(end && !*end, "not an RFC 3339 UTC instant: %s", text);
	return timegm(&tm);
}

void local_day(int offset, char out[11])
{
	time_t t = time(NULL) + (time_t)offset * 86400;
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void utc_day(int offset, char out[11])
{
	time_t t = time(NULL) + (time_t)offset * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* ---- the command line ---------------------------------------------------- */

static void run_args_in(struct run *r, const char *cwd, const char *db,
			const char *args, const char *input);

static void run_args(struct run *r, const char *cwd, const char *db,
		     const char *args)
{
	run_args_in(r, cwd, db, args, NULL);
}

void cli_run_input(struct run *r, const char *input, const char *db,
		   const char *f, ...)
{
	char *args = NULL;
	va_list ap;

	va_start(ap, f);
	cr_assert_geq(vasprintf(&args, f, ap), 0);
	va_end(ap);
	run_args_in(r, NULL, db, args, input);
	free(args);
}

/* run_args() with input (NULL: none, /dev/null) on stdin. */
static void run_args_in(struct run *r, const char *cwd, const char *db,
			const char *args, const char *input)
{
	char inpath[] = "/tmp/smallrun-cli-in-XXXXXX";
	char errpath[] = "/tmp/smallrun-cli-err-XXXXXX";
	char *cmd, *bin, *at = NULL, *env = NULL;
	int fd = mkstemp(errpath), status;
	size_t n;
	FILE *fp;

	cr_assert_geq(fd, 0);
	close(fd);
	/* The command may run in another folder: the binary's full path. */
	bin = realpath(getenv("SMALLRUN_BIN"), NULL);
	cr_assert_not_null(bin, "set SMALLRUN_BIN to the smallrun binary");
	if (cwd)
		at = fmt("cd '%s' && ", cwd);
	if (db)
		env = fmt("SMALLRUN_DB='%s' ", db);
	if (input) {
		int in = mkstemp(inpath);

		cr_assert_geq(in, 0);
		cr_assert_eq(write(in, input, strlen(input)),
			     (ssize_t)strlen(input));
		close(in);
	}
	cmd = fmt("%s%s'%s' %s <'%s' 2>'%s'", at ? at : "", env ? env : "", bin,
		  args, input ? inpath : "/dev/null", errpath);
	fp = popen(cmd, "r");
	cr_assert_not_null(fp);
	n = fread(r->out, 1, sizeof(r->out) - 1, fp);
	r->out[n] = '\0';
	status = pclose(fp);
	r->code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	fp = fopen(errpath, "r");
	cr_assert_not_null(fp);
	n = fread(r->err, 1, sizeof(r->err) - 1, fp);
	r->err[n] = '\0';
	fclose(fp);
	remove(errpath);
	if (input)
		remove(inpath);
	free(bin);
	free(at);
	free(env);
	free(cmd);
}

void cli_vrun(struct run *r, const char *cwd, const char *db, const char *f,
	      va_list ap)
{
	char *args = NULL;

	cr_assert_geq(vasprintf(&args, f, ap), 0);
	run_args(r, cwd, db, args);
	free(args);
}

void cli_run(struct run *r, const char *cwd, const char *db, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	cli_vrun(r, cwd, db, f, ap);
	va_end(ap);
}

json_t *cli_json(const char *cwd, const char *db, const char *f, ...)
{
	struct run *r = malloc(sizeof(*r));
	char *args = NULL;
	json_error_t e;
	json_t *j;
	va_list ap;

	cr_assert_not_null(r);
	va_start(ap, f);
	cr_assert_geq(vasprintf(&args, f, ap), 0);
	va_end(ap);
	run_args(r, cwd, db, args);
	cr_assert_eq(r->code, 0, "%s: exit %d, %s", args, r->code, r->err);
	j = json_loads(r->out, 0, &e);
	cr_assert_not_null(j, "%s: not JSON (%s):\n%s", args, e.text, r->out);
	free(args);
	free(r);
	return j;
}

int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}
