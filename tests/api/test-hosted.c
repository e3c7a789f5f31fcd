/*
 * test-hosted.c - hosted smallrun as it is run: two `smallrun serve` on
 * one PostgreSQL database behind a real nginx (Debian's nginx-light), with
 * the proxy settings of doc/nginx/smallrun-proxy.conf included word for
 * word (doc/HOSTED.md, "Behind nginx").
 *
 * Shown here: a login through nginx and its session answered by whichever
 * server nginx picks, both workshops served, the client's address as
 * nginx passes it on (and a forged X-Forwarded-For not believed), the
 * edge's Host and Origin checks behind the proxy; the rules that check
 * and then write (stock, one running timer per worker, batch codes) with
 * writers on both servers at once; and a server killed with SIGKILL in
 * the middle of a stream of writes losing none it had answered, on
 * PostgreSQL and on SQLite.
 *
 * nginx connects to the servers from 127.0.0.2 (proxy_bind), the servers
 * trust that address alone (--trusted-proxy), and the test's requests
 * come from 127.0.0.1: so the address a server logs is the one nginx
 * saw, not nginx's. The suites need a PostgreSQL server (SMALLRUN_TEST_PG,
 * set by tests/pg-run.sh in both passes of make api) and nginx, and skip
 * without them; they do not depend on SMALLRUN_TEST_STORE.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "../unit/store-fixture.h"

#define PW "hosted-password-1"
#define PROXY_ADDR "127.0.0.2"

/* ---- the places: a database, two servers, nginx ------------------------ */

struct place {
	char dir[64];
	char *pg;
	struct srv one, two, nginx;
	char log_one[128], log_two[128];
};

static struct place P;

static const char *nginx_binary(void)
{
	static const char *const where[] = {
		"/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"};

	for (size_t i = 0; i < COUNT(where); i++)
		if (access(where[i], X_OK) == 0)
			return where[i];
	return NULL;
}

/* A port nobody listens on now. */
static int free_port(void)
{
	struct sockaddr_in sa = {0};
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	cr_assert_geq(fd, 0);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

/* Wait until something accepts connections on port (10 s at most). */
static void wait_listening(int port)
{
	for (int i = 0; i < 1000; i++) {
		struct sockaddr_in sa = {0};
		int fd = socket(AF_INET, SOCK_STREAM, 0), ok;

		sa.sin_family = AF_INET;
		sa.sin_port = htons((uint16_t)port);
		sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
		close(fd);
		if (ok)
			return;
		usleep(10000);
	}
	cr_assert_fail("nothing listens on port %d", port);
}

/* nginx in front of the servers' ports, from P.dir. */
static void nginx_start(const int *ports, size_t n)
{
	const char *bin = nginx_binary();
	char *conf = fmt("%s/nginx.conf", P.dir), *include = NULL;
	FILE *fp;

	if (!bin)
		cr_skip_test("nginx is not installed (scripts/deps.sh test "
			     "installs nginx-light)");
	include = realpath("doc/nginx/smallrun-proxy.conf", NULL);
	cr_assert_not_null(include, "run from the source tree: "
				    "doc/nginx/smallrun-proxy.conf");
	snprintf(P.nginx.dir, sizeof(P.nginx.dir), "%s", P.dir);
	P.nginx.port = free_port();
	fp = fopen(conf, "w");
	cr_assert_not_null(fp);
	fprintf(fp,
		"daemon off;\nmaster_process off;\nworker_processes 1;\n"
		"pid %s/nginx.pid;\nerror_log %s/nginx-error.log info;\n"
		"events { worker_connections 256; }\nhttp {\n"
		"\taccess_log %s/nginx-access.log;\n"
		"\tclient_body_temp_path %s/body;\n"
		"\tproxy_temp_path %s/proxy;\n"
		"\tfastcgi_temp_path %s/fastcgi;\n"
		"\tuwsgi_temp_path %s/uwsgi;\n"
		"\tscgi_temp_path %s/scgi;\n"
		"\tupstream smallrun {\n",
		P.dir, P.dir, P.dir, P.dir, P.dir, P.dir, P.dir, P.dir);
	for (size_t i = 0; i < n; i++)
		fprintf(fp, "\t\tserver 127.0.0.1:%d;\n", ports[i]);
	fprintf(fp,
		"\t\tkeepalive 8;\n\t}\n\tserver {\n"
		"\t\tlisten 127.0.0.1:%d;\n"
		"\t\tlocation / {\n"
		"\t\t\tproxy_bind " PROXY_ADDR ";\n"
		"\t\t\tinclude %s;\n"
		"\t\t}\n\t}\n}\n",
		P.nginx.port, include);
	fclose(fp);
	P.nginx.pid = fork();
	cr_assert_geq(P.nginx.pid, 0);
	if (P.nginx.pid == 0) {
		char *err = fmt("%s/nginx-error.log", P.dir);

		execl(bin, bin, "-p", P.dir, "-c", conf, "-e", err,
		      (char *)NULL);
		_exit(127);
	}
	wait_listening(P.nginx.port);
	free(include);
	free(conf);
}

/* Two hosted servers on P.pg, each with its access log, behind nginx. */
static void hosted_start(void)
{
	int ports[2];

	P.pg = test_pg_new();
	if (!P.pg)
		cr_skip_test("hosted smallrun needs PostgreSQL: run under "
			     "tests/pg-run.sh (as make api does)");
	if (!nginx_binary())
		cr_skip_test("nginx is not installed (scripts/deps.sh test "
			     "installs nginx-light)");
	temp_dir(P.dir, sizeof(P.dir), "hosted");
	snprintf(P.log_one, sizeof(P.log_one), "%s/one.log", P.dir);
	snprintf(P.log_two, sizeof(P.log_two), "%s/two.log", P.dir);
	{
		const char *const one[] = {"--db",     P.pg,
					   "--hosted", "--trusted-proxy",
					   PROXY_ADDR, "--access-log",
					   P.log_one,  NULL};
		const char *const two[] = {"--db",     P.pg,
					   "--hosted", "--trusted-proxy",
					   PROXY_ADDR, "--access-log",
					   P.log_two,  NULL};

		srv_start(&P.one, one);
		srv_start(&P.two, two);
	}
	ports[0] = P.one.port;
	ports[1] = P.two.port;
	nginx_start(ports, 2);
}

static void stop(struct srv *s)
{
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		waitpid(s->pid, NULL, 0);
		s->pid = 0;
	}
	if (s->dir[0] && strcmp(s->dir, P.dir))
		remove_dir(s->dir);
	s->dir[0] = '\0';
}

static void hosted_stop(void)
{
	stop(&P.nginx);
	stop(&P.one);
	stop(&P.two);
	if (P.pg)
		test_store_remove(P.pg);
	P.pg = NULL;
	if (P.dir[0])
		remove_dir(P.dir);
	memset(&P, 0, sizeof(P));
}

TestSuite(behind_nginx, .init = hosted_start, .fini = hosted_stop);

/* ---- requests kept open until answered ----------------------------------- */

/*
 * The harness's http_raw() half-closes its side once the request is sent;
 * nginx takes that for the client leaving (499) and answers nothing. These
 * keep the connection open, as a browser does, until the answer is in.
 */
static void ask_raw(const struct srv *s, const char *req, struct resp *r)
{
	struct conn c;

	conn_open(&c, s);
	cr_assert(conn_send(&c, req, strlen(req)));
	cr_assert(conn_read(&c, r), "no answer on port %d to %.60s", s->port,
		  req);
	conn_close(&c);
}

static void ask_with(const struct srv *s, const char *method, const char *path,
		     const char *head, const char *type, const char *body,
		     struct resp *r)
{
	char *req = fmt("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s%s%s%s"
			"Content-Length: %zu\r\n\r\n%s",
			method, path, head ? head : "",
			type ? "Content-Type: " : "", type ? type : "",
			type ? "\r\n" : "", body ? strlen(body) : 0,
			body ? body : "");

	ask_raw(s, req, r);
	free(req);
}

/* ask_with() with c's credential and a JSON body (or none), asserting the
 * status; the answer (the caller decrefs). */
static json_t *ask(const struct srv *s, const struct cred *c,
		   const char *method, const char *path, const char *body,
		   int status)
{
	struct resp r;
	json_t *j;

	ask_with(s, method, path, c ? c->head : NULL,
		 body ? "application/json" : NULL, body, &r);
	cr_assert_eq(r.status, status, "%s %s: %d %s", method, path, r.status,
		     r.body);
	j = r.json;
	r.json = NULL;
	resp_free(&r);
	return j;
}

/* ---- workshops and credentials ---------------------------------------- */

static void cli_ok(const char *args)
{
	struct run *r = malloc(sizeof(*r));

	cr_assert_not_null(r);
	cli_run(r, NULL, NULL, "%s --db '%s'", args, P.pg);
	cr_assert_eq(r->code, 0, "%s: exit %d: %s", args, r->code, r->err);
	free(r);
}

/* Workshop slug named name, with its owner ann. */
static void workshop(const char *slug, const char *name)
{
	struct run *r = malloc(sizeof(*r));
	char *add = fmt("workshop add %s --name '%s'", slug, name);

	cli_ok(add);
	free(add);
	cr_assert_not_null(r);
	cli_run_input(r, PW "\n", NULL,
		      "user add --login ann --name Ann --role owner "
		      "--password-stdin --db '%s' --workshop %s",
		      P.pg, slug);
	cr_assert_eq(r->code, 0, "user add: %s", r->err);
	free(r);
}

/* Log in to slug through s: the session's credential. */
static void login(const struct srv *s, const char *slug, struct cred *c)
{
	char *body = fmt("{\"login\":\"ann\",\"password\":\"" PW
			 "\",\"workshop\":\"%s\"}",
			 slug);
	char secret[64];
	struct resp r;

	ask_with(s, "POST", API "/session", NULL, "application/json", body, &r);
	cr_assert_eq(r.status, 200, "login to %s: %d %s", slug, r.status,
		     r.body);
	cookie_of(&r, secret);
	cookie_cred(c, secret);
	resp_free(&r);
	free(body);
}

/* A token of slug's owner, made through s. */
static void token(const struct srv *s, const char *slug, struct cred *t)
{
	struct cred c;
	json_t *j;

	login(s, slug, &c);
	j = ask(s, &c, "POST", API "/tokens", "{\"name\":\"writers\"}", 201);
	bearer_cred(t, jstr(j, "secret"));
	json_decref(j);
}

/* How many lines of the file at path hold text. */
static int lines_with(const char *path, const char *text)
{
	FILE *fp = fopen(path, "r");
	char line[2048];
	int n = 0;

	cr_assert_not_null(fp, "%s", path);
	while (fgets(line, sizeof(line), fp))
		n += strstr(line, text) != NULL;
	fclose(fp);
	return n;
}

/* ---- through nginx ------------------------------------------------------ */

Test(behind_nginx, a_login_is_answered_by_either_server)
{
	struct cred c;
	json_t *j;

	workshop("alpha", "Alpha");
	login(&P.nginx, "alpha", &c);
	/* nginx takes the servers in turn: ten asks reach both. Each is the
	 * session's, whichever server answers it. */
	for (int i = 0; i < 10; i++) {
		j = ask(&P.nginx, &c, "GET", API "/settings", NULL, 200);
		cr_assert_str_eq(jstr(j, "workshop_name"), "Alpha");
		json_decref(j);
	}
	cr_assert_gt(lines_with(P.log_one, "GET /api/v1/settings 200"), 0);
	cr_assert_gt(lines_with(P.log_two, "GET /api/v1/settings 200"), 0);
	cr_assert_eq(lines_with(P.log_one, "GET /api/v1/settings 200") +
			     lines_with(P.log_two, "GET /api/v1/settings 200"),
		     10);
	/* A write through nginx, from the page's own origin; a session's
	 * logout on one server is the other's too. */
	{
		char *head = fmt("%sOrigin: http://127.0.0.1\r\n", c.head);
		struct resp r;

		ask_with(&P.nginx, "POST", API "/customers", head,
			 "application/json", "{\"name\":\"Through nginx\"}",
			 &r);
		cr_assert_eq(r.status, 201, "%d %s", r.status, r.body);
		resp_free(&r);
		free(head);
	}
	json_decref(ask(&P.one, &c, "DELETE", API "/session", NULL, 204));
	json_decref(ask(&P.two, &c, "GET", API "/settings", NULL, 401));
}

Test(behind_nginx, both_workshops_are_served)
{
	struct cred a, b;
	json_t *j;

	workshop("alpha", "Alpha");
	workshop("beta", "Beta");
	login(&P.nginx, "alpha", &a);
	login(&P.nginx, "beta", &b);
	for (int i = 0; i < 4; i++) {
		j = ask(&P.nginx, i % 2 ? &a : &b, "GET", API "/settings", NULL,
			200);
		cr_assert_str_eq(jstr(j, "workshop_name"),
				 i % 2 ? "Alpha" : "Beta");
		json_decref(j);
		j = ask(&P.nginx, i % 2 ? &a : &b, "GET", API "/session", NULL,
			200);
		cr_assert_str_eq(jstr(j, "workshop"), i % 2 ? "alpha" : "beta");
		json_decref(j);
	}
}

Test(behind_nginx, the_client_is_who_nginx_saw_and_the_edge_still_checks)
{
	struct cred c;
	struct resp r;

	workshop("alpha", "Alpha");
	login(&P.nginx, "alpha", &c);
	/* A forged X-Forwarded-For: nginx adds the address it saw after
	 * it, and the servers read from the right. */
	for (int i = 0; i < 2; i++) {
		char *head = fmt("%sX-Forwarded-For: 203.0.113.66\r\n", c.head);

		ask_with(&P.nginx, "GET", API "/settings", head, NULL, NULL,
			 &r);
		cr_assert_eq(r.status, 200, "%d %s", r.status, r.body);
		resp_free(&r);
		free(head);
	}
	/* Every line of both logs has the test's own address, 127.0.0.1:
	 * never nginx's (127.0.0.2), never the forged one. */
	cr_assert_eq(lines_with(P.log_one, " " PROXY_ADDR " "), 0);
	cr_assert_eq(lines_with(P.log_two, " " PROXY_ADDR " "), 0);
	cr_assert_eq(lines_with(P.log_one, "203.0.113.66"), 0);
	cr_assert_eq(lines_with(P.log_two, "203.0.113.66"), 0);
	cr_assert_gt(lines_with(P.log_one, " 127.0.0.1 GET /api/v1/settings") +
			     lines_with(P.log_two,
					" 127.0.0.1 GET /api/v1/settings"),
		     1);
	/* nginx passes the Host on as sent: an unknown name is refused by
	 * the server behind it, as it would be in front. */
	{
		char *req = fmt("GET " API "/settings HTTP/1.1\r\n"
				"Host: evil.example\r\nConnection: close\r\n"
				"%s\r\n",
				c.head);

		ask_raw(&P.nginx, req, &r);
		assert_error(&r, 421, "unknown_host");
		resp_free(&r);
		free(req);
	}
	/* A write from another site: its Origin is not the Host. */
	{
		char *head = fmt("%sOrigin: http://evil.example\r\n", c.head);

		ask_with(&P.nginx, "POST", API "/customers", head,
			 "application/json", "{\"name\":\"Forged\"}", &r);
		assert_error(&r, 403, "cross_site");
		resp_free(&r);
		free(head);
	}
}

/* ---- writers on both servers ------------------------------------------ */

/*
 * method path with body and the header lines head to port on 127.0.0.1,
 * its status returned and its body copied into answer (size bytes); -1
 * when the connection failed. No Criterion assertions: not the main
 * thread.
 */
static int raw_call(int port, const char *method, const char *path,
		    const char *head, const char *body, char *answer,
		    size_t size)
{
	struct sockaddr_in sa = {0};
	char req[2048];
	size_t have = 0;
	ssize_t n;
	int fd = socket(AF_INET, SOCK_STREAM, 0), len, status = -1;
	const char *json;

	answer[0] = '\0';
	if (fd < 0)
		return -1;
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	len = snprintf(
		req, sizeof(req),
		"%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		"Connection: close\r\n%sContent-Type: application/json\r\n"
		"Content-Length: %zu\r\n\r\n%s",
		method, path, head, strlen(body), body);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    send(fd, req, (size_t)len, MSG_NOSIGNAL) != len)
		goto out;
	while (have + 1 < size &&
	       (n = recv(fd, answer + have, size - 1 - have, 0)) > 0)
		have += (size_t)n;
	answer[have] = '\0';
	if (sscanf(answer, "HTTP/1.1 %d", &status) != 1)
		status = -1;
	json = strstr(answer, "\r\n\r\n");
	if (json)
		memmove(answer, json + 4, strlen(json + 4) + 1);
out:
	close(fd);
	return status;
}

enum { PER_SERVER = 8, EACH = 5 };

struct writer {
	int port;
	const char *head;
	const char *method, *path;
	char body[256];
	pthread_barrier_t *go;
	int times; /* requests to send: EACH when 0 */
	int status[EACH];
	json_t *answer[EACH];
};

static void *write_loop(void *arg)
{
	struct writer *w = arg;
	char *answer = malloc(1 << 16);

	pthread_barrier_wait(w->go);
	for (int i = 0; i < (w->times ? w->times : EACH) && answer; i++) {
		w->status[i] = raw_call(w->port, w->method, w->path, w->head,
					w->body, answer, 1 << 16);
		w->answer[i] = json_loads(answer, 0, NULL);
	}
	free(answer);
	return NULL;
}

/* Eight writers on each server, all at once, each sending body EACH
 * times; w[k] the k-th (the first eight on P.one). */
static void writers(struct writer *w, const struct cred *t, const char *method,
		    const char *path, const char *body)
{
	pthread_t th[2 * PER_SERVER];
	pthread_barrier_t go;

	cr_assert_eq(pthread_barrier_init(&go, NULL, 2 * PER_SERVER), 0);
	for (int k = 0; k < 2 * PER_SERVER; k++) {
		w[k] = (struct writer){
			.port = k < PER_SERVER ? P.one.port : P.two.port,
			.head = t->head,
			.method = method,
			.path = path,
			.go = &go,
		};
		snprintf(w[k].body, sizeof(w[k].body), "%s", body);
		cr_assert_eq(pthread_create(&th[k], NULL, write_loop, &w[k]),
			     0);
	}
	for (int k = 0; k < 2 * PER_SERVER; k++)
		pthread_join(th[k], NULL);
	pthread_barrier_destroy(&go);
}

static void writers_release(struct writer *w)
{
	for (int k = 0; k < 2 * PER_SERVER; k++)
		for (int i = 0; i < EACH; i++)
			json_decref(w[k].answer[i]);
}

/* The sum of the quantities of the sales at path (a list). */
static long long sum_quantity(const struct srv *s, const struct cred *c,
			      const char *path)
{
	json_t *j = ask(s, c, "GET", path, NULL, 200), *it;
	long long sum = 0;
	size_t i;

	json_array_foreach(json_object_get(j, "items"), i, it) sum +=
		json_integer_value(json_object_get(it, "quantity"));
	json_decref(j);
	return sum;
}

Test(behind_nginx, sixteen_writers_on_two_servers_never_oversell)
{
	struct writer w[2 * PER_SERVER];
	struct cred t;
	long long bread, a, b, ok = 0, units = 0;
	char body[160], *path;
	json_t *j;

	workshop("alpha", "Alpha");
	token(&P.nginx, "alpha", &t);
	j = ask(&P.nginx, &t, "POST", API "/products",
		"{\"name\":\"Bread\",\"mode\":\"batch\"}", 201);
	bread = jint(j, "id");
	json_decref(j);
	snprintf(body, sizeof(body),
		 "{\"product_id\":%lld,\"run_date\":\"2026-12-01\","
		 "\"best_before\":\"2026-12-05\",\"made_qty\":17}",
		 bread);
	j = ask(&P.nginx, &t, "POST", API "/batches", body, 201);
	a = jint(j, "id");
	json_decref(j);
	snprintf(body, sizeof(body),
		 "{\"product_id\":%lld,\"run_date\":\"2026-12-02\","
		 "\"best_before\":\"2026-12-06\",\"made_qty\":13}",
		 bread);
	j = ask(&P.nginx, &t, "POST", API "/batches", body, 201);
	b = jint(j, "id");
	json_decref(j);
	/* 17 + 13 = 30 on hand on 2026-12-03. Sixteen writers ask for 2
	 * each, five times: 160 asked. Every 2 fits while 2 or more are
	 * left, and 30 is even, so exactly 30 / 2 = 15 sales succeed (one
	 * may split 1 + 1 across the batches) and the other 80 - 15 = 65
	 * are refused, whichever server each reaches. */
	snprintf(body, sizeof(body),
		 "{\"product_id\":%lld,\"quantity\":2,"
		 "\"sold_on\":\"2026-12-03\"}",
		 bread);
	writers(w, &t, "POST", API "/sales", body);
	for (int k = 0; k < 2 * PER_SERVER; k++)
		for (int i = 0; i < EACH; i++) {
			size_t n;
			json_t *p;

			cr_assert(
				w[k].status[i] == 201 || w[k].status[i] == 409,
				"writer %d, sale %d: %d", k, i, w[k].status[i]);
			if (w[k].status[i] == 409) {
				cr_assert_str_eq(
					jstr(w[k].answer[i], "error.code"),
					"not_enough_stock");
				continue;
			}
			ok++;
			json_array_foreach(
				json_object_get(w[k].answer[i], "allocated"), n,
				p) units +=
				json_integer_value(
					json_object_get(p, "quantity"));
		}
	writers_release(w);
	cr_assert_eq(ok, 15, "%lld sales succeeded, not 15", ok);
	cr_assert_eq(units, 30);
	/* The records agree: all 30 sold, each batch all it had. */
	path = fmt(API "/sales?product_id=%lld&limit=1000", bread);
	cr_assert_eq(sum_quantity(&P.nginx, &t, path), 30);
	free(path);
	path = fmt(API "/sales?batch_id=%lld&limit=1000", a);
	cr_assert_eq(sum_quantity(&P.nginx, &t, path), 17);
	free(path);
	path = fmt(API "/sales?batch_id=%lld&limit=1000", b);
	cr_assert_eq(sum_quantity(&P.nginx, &t, path), 13);
	free(path);
	path = fmt(API "/batches/%lld", a);
	j = ask(&P.nginx, &t, "GET", path, NULL, 200);
	cr_assert_eq(jint(j, "sold_qty"), 17);
	json_decref(j);
	free(path);
}

Test(behind_nginx, two_timer_starts_at_once_leave_one_running)
{
	struct cred t;
	long long order, customer;
	char body[160];
	json_t *j;

	workshop("alpha", "Alpha");
	token(&P.nginx, "alpha", &t);
	j = ask(&P.nginx, &t, "POST", API "/customers", "{\"name\":\"Cara\"}",
		201);
	customer = jint(j, "id");
	json_decref(j);
	snprintf(body, sizeof(body),
		 "{\"customer_id\":%lld,\"title\":\"Chair\"}", customer);
	j = ask(&P.nginx, &t, "POST", API "/orders", body, 201);
	order = jint(j, "id");
	json_decref(j);
	snprintf(body, sizeof(body), "{\"worker\":\"sam\",\"order_id\":%lld}",
		 order);
	/* Twenty rounds: sam's timer started on both servers at the same
	 * moment. A start stops the worker's running timer first, so both
	 * answer 201, one of them has stopped the other's, and one timer
	 * is left running: never two, never none. */
	for (int round = 0; round < 20; round++) {
		struct writer w[2];
		pthread_t th[2];
		pthread_barrier_t go;
		long long started[2], stopped[2];

		cr_assert_eq(pthread_barrier_init(&go, NULL, 2), 0);
		for (int k = 0; k < 2; k++) {
			w[k] = (struct writer){
				.port = k ? P.two.port : P.one.port,
				.head = t.head,
				.method = "POST",
				.path = API "/timer/start",
				.go = &go,
				.times = 1,
			};
			snprintf(w[k].body, sizeof(w[k].body), "%s", body);
			cr_assert_eq(
				pthread_create(&th[k], NULL, write_loop, &w[k]),
				0);
		}
		for (int k = 0; k < 2; k++)
			pthread_join(th[k], NULL);
		pthread_barrier_destroy(&go);
		for (int k = 0; k < 2; k++) {
			cr_assert_eq(w[k].status[0], 201,
				     "round %d, server %d: %d %s", round, k,
				     w[k].status[0],
				     json_dumps(w[k].answer[0], 0));
			started[k] = jint(w[k].answer[0], "started.id");
			stopped[k] =
				json_is_null(jget(w[k].answer[0], "stopped"))
					? 0
					: jint(w[k].answer[0], "stopped.id");
		}
		j = ask(&P.nginx, &t, "GET", API "/timer", NULL, 200);
		cr_assert_eq(json_array_size(json_object_get(j, "running")), 1,
			     "round %d: %s", round, json_dumps(j, 0));
		json_decref(j);
		/* The later start stopped the earlier (the timer is stopped
		 * after each round, so the earlier stopped none). */
		cr_assert((stopped[0] == started[1] && !stopped[1]) ||
				  (stopped[1] == started[0] && !stopped[0]),
			  "round %d: starts %lld and %lld, stopped %lld and "
			  "%lld",
			  round, started[0], started[1], stopped[0],
			  stopped[1]);
		for (int k = 0; k < 2; k++)
			json_decref(w[k].answer[0]);
		json_decref(ask(&P.nginx, &t, "POST", API "/timer/stop",
				"{\"worker\":\"sam\"}", 200));
	}
}

Test(behind_nginx, batch_codes_made_at_once_on_two_servers_are_all_different)
{
	struct writer w[2 * PER_SERVER];
	struct cred t;
	long long bread;
	char body[160], prefix[64] = "";
	bool seen[2 * PER_SERVER * EACH + 1] = {false};
	json_t *j;

	workshop("alpha", "Alpha");
	token(&P.nginx, "alpha", &t);
	j = ask(&P.nginx, &t, "POST", API "/products",
		"{\"name\":\"Rye\",\"mode\":\"batch\"}", 201);
	bread = jint(j, "id");
	json_decref(j);
	snprintf(body, sizeof(body),
		 "{\"product_id\":%lld,\"run_date\":\"2026-12-07\","
		 "\"planned_qty\":10}",
		 bread);
	/* Sixteen writers, five batches each, of one product on one day:
	 * 80 batches, whose codes share the product's and the day's prefix
	 * and end in the next free number. Each is made once the writer
	 * before it is done, whichever server it is on, so the 80 codes
	 * end in 1 to 80, each once. */
	writers(w, &t, "POST", API "/batches", body);
	for (int k = 0; k < 2 * PER_SERVER; k++)
		for (int i = 0; i < EACH; i++) {
			const char *code, *dash;
			long long n;

			cr_assert_eq(w[k].status[i], 201,
				     "writer %d, batch %d: %d", k, i,
				     w[k].status[i]);
			code = jstr(w[k].answer[i], "code");
			dash = strrchr(code, '-');
			cr_assert_not_null(dash, "%s", code);
			if (!prefix[0])
				snprintf(prefix, sizeof(prefix), "%.*s",
					 (int)(dash - code), code);
			cr_assert(!strncmp(code, prefix, strlen(prefix)) &&
					  code + strlen(prefix) == dash,
				  "%s after %s", code, prefix);
			n = strtoll(dash + 1, NULL, 10);
			cr_assert(n >= 1 && n <= 2 * PER_SERVER * EACH, "%s",
				  code);
			cr_assert(!seen[n], "%s twice", code);
			seen[n] = true;
		}
	writers_release(w);
}

/* ---- kill -9 ------------------------------------------------------------- */

enum { KILL_WRITERS = 4, KILL_AFTER = 60, KILL_MAX = 4000 };

/* A writer of customers named "kill-W-N", counting what was answered. */
struct killed_writer {
	int port, n;
	int acked; /* how many got a 201, in order: kill-W-0 … */
	_Atomic int *total;
};

static void *write_until_refused(void *arg)
{
	struct killed_writer *w = arg;
	char body[96], *answer = malloc(1 << 14);

	for (int i = 0; answer && i < KILL_MAX; i++) {
		snprintf(body, sizeof(body), "{\"name\":\"kill-%d-%d\"}", w->n,
			 i);
		if (raw_call(w->port, "POST", API "/customers", "", body,
			     answer, 1 << 14) != 201)
			break;
		w->acked = i + 1;
		(*w->total)++;
	}
	free(answer);
	return NULL;
}

/*
 * Serve db (a new SQLite file or PostgreSQL database), write customers
 * from four writers at once, SIGKILL the server once 60 writes were
 * answered, serve db again and find every answered write there.
 */
static void kill_in_the_middle(const char *db)
{
	const char *const args[] = {"--db", db, NULL};
	struct killed_writer w[KILL_WRITERS];
	pthread_t th[KILL_WRITERS];
	_Atomic int total = 0;
	struct srv s;
	int status, found = 0, acked = 0;
	json_t *j, *it;
	size_t i;

	srv_start(&s, args);
	for (int k = 0; k < KILL_WRITERS; k++) {
		w[k] = (struct killed_writer){
			.port = s.port, .n = k, .total = &total};
		cr_assert_eq(pthread_create(&th[k], NULL, write_until_refused,
					    &w[k]),
			     0);
	}
	/* Not a measure of speed: a wait, with a deadline, for writes to be
	 * under way, so that the kill lands among them. */
	for (int tries = 0; total < KILL_AFTER && tries < 6000; tries++)
		usleep(5000);
	cr_assert_geq(total, KILL_AFTER, "the writes did not get going");
	kill(s.pid, SIGKILL);
	waitpid(s.pid, &status, 0);
	s.pid = 0;
	cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	for (int k = 0; k < KILL_WRITERS; k++)
		pthread_join(th[k], NULL);
	for (int k = 0; k < KILL_WRITERS; k++) {
		cr_assert_lt(w[k].acked, KILL_MAX, "the kill came too late");
		acked += w[k].acked;
	}
	/* The same database again: every answered write is there, and at
	 * most one more per writer (sent, saved, killed before the 201). */
	{
		struct srv again;

		srv_start(&again, args);
		j = call_on(&again, "GET", API "/customers?limit=1000", NULL,
			    200);
		cr_assert_lt(jint(j, "total"), 1000);
		for (int k = 0; k < KILL_WRITERS; k++)
			for (int n = 0; n < w[k].acked; n++) {
				char *name = fmt("kill-%d-%d", k, n);
				bool there = false;

				json_array_foreach(json_object_get(j, "items"),
						   i, it) there |=
					!strcmp(jstr(it, "name"), name);
				cr_assert(there,
					  "%s was answered 201 and is "
					  "gone",
					  name);
				found++;
				free(name);
			}
		cr_assert_eq(found, acked);
		cr_assert_geq(jint(j, "total"), acked);
		cr_assert_leq(jint(j, "total"), acked + KILL_WRITERS);
		json_decref(j);
		srv_finish(&again);
	}
	srv_cleanup(&s);
}

Test(kill9, no_answered_write_is_lost_on_postgresql)
{
	char *pg = test_pg_new();

	if (!pg)
		cr_skip_test("needs PostgreSQL: run under tests/pg-run.sh");
	kill_in_the_middle(pg);
	test_store_remove(pg);
}

Test(kill9, no_answered_write_is_lost_on_sqlite)
{
	char dir[64];
	char *file;
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;

	temp_dir(dir, sizeof(dir), "kill9");
	file = fmt("%s/shop.db", dir);
	kill_in_the_middle(file);
	/* And the file is whole. */
	cr_assert_eq(sqlite3_open_v2(file, &db, SQLITE_OPEN_READONLY, NULL),
		     SQLITE_OK);
	cr_assert_eq(
		sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL),
		SQLITE_OK);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	cr_assert_str_eq((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(file);
	remove_dir(dir);
}
