/*
 * test-safety.c - what the records promise about data (DESIGN.md §7):
 * a SIGKILL mid-stream loses no acknowledged write and leaves the file
 * sound; writers at once lose nothing and oversell nothing; bad input
 * writes nothing, even when it fails half-way through a multi-row write;
 * a restart keeps everything.
 *
 * Writers run in child processes, each over its own connections, and
 * report every write acknowledged with 201 down a pipe; the database file
 * itself is then read with SQLite.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

API_SUITE(safety);

/* ---- a client for child processes: no asserts, only answers --------- */

/*
 * One request over a new connection. Returns the status, with the body's
 * "id" in *id when there is one, or -1 when no whole answer came (the
 * server is gone).
 */
static int child_call(int port, const char *method, const char *path,
		      const char *body, long long *id)
{
	struct sockaddr_in sa = {0};
	struct timeval tv = {10, 0};
	char req[1024], buf[8192];
	size_t have = 0;
	int fd, status = -1, len;
	ssize_t n;
	const char *sep;
	json_t *doc;

	*id = 0;
	len = snprintf(req, sizeof(req),
		       "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: "
		       "close\r\nContent-Type: application/json\r\n"
		       "Content-Length: %zu\r\n\r\n%s",
		       method, path, strlen(body), body);
	if (len <= 0 || (size_t)len >= sizeof(req))
		return -1;
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    send(fd, req, (size_t)len, MSG_NOSIGNAL) != len) {
		close(fd);
		return -1;
	}
	while (have < sizeof(buf) - 1 &&
	       (n = recv(fd, buf + have, sizeof(buf) - 1 - have, 0)) > 0)
		have += (size_t)n;
	close(fd);
	buf[have] = '\0';
	sep = strstr(buf, "\r\n\r\n");
	if (!sep || sscanf(buf, "HTTP/1.1 %d", &status) != 1)
		return -1;
	/* A cut-off body is no acknowledgement. */
	doc = json_loads(sep + 4, 0, NULL);
	if (!doc)
		return -1;
	if (json_is_integer(json_object_get(doc, "id")))
		*id = json_integer_value(json_object_get(doc, "id"));
	json_decref(doc);
	return status;
}

/* One line to the parent; short lines on a pipe are written whole. */
static void report(int fd, const char *f, ...)
	__attribute__((format(printf, 2, 3)));
static void report(int fd, const char *f, ...)
{
	char line[128];
	va_list ap;
	int n;

	va_start(ap, f);
	n = vsnprintf(line, sizeof(line), f, ap);
	va_end(ap);
	if (n > 0 && write(fd, line, (size_t)n) != n)
		_exit(3);
}

/* Run fn(k, port, out) in n children, each writing lines to the pipe. */
static FILE *spawn(int n, int port, pid_t *pids,
		   void (*fn)(int k, int port, int out, void *arg), void *arg)
{
	int p[2];
	FILE *in;

	cr_assert_eq(pipe(p), 0);
	for (int k = 0; k < n; k++) {
		pids[k] = fork();
		cr_assert_geq(pids[k], 0);
		if (pids[k] == 0) {
			close(p[0]);
			fn(k, port, p[1], arg);
			_exit(0);
		}
	}
	close(p[1]);
	in = fdopen(p[0], "r");
	cr_assert_not_null(in);
	return in;
}

static void reap(int n, const pid_t *pids)
{
	for (int k = 0; k < n; k++) {
		int status;

		cr_assert_eq(waitpid(pids[k], &status, 0), pids[k]);
		cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0,
			  "writer %d failed (%d)", k, status);
	}
}

/* ---- reading the file itself ----------------------------------------- */

static sqlite3 *db_open(const char *path)
{
	sqlite3 *db = NULL;

	cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL),
		     SQLITE_OK, "cannot open %s", path);
	sqlite3_busy_timeout(db, 5000);
	return db;
}

static long long db_int(sqlite3 *db, const char *sql, long long arg)
{
	sqlite3_stmt *st = NULL;
	long long v = -1;

	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK,
		     "%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_bind_parameter_count(st))
		sqlite3_bind_int64(st, 1, arg);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The one text answer of sql (a pragma), malloc'd. */
static char *db_text(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	char *v = NULL;

	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = strdup((const char *)sqlite3_column_text(st, 0));
	cr_assert_eq(sqlite3_step(st), SQLITE_DONE, "%s: more than one row",
		     sql);
	sqlite3_finalize(st);
	cr_assert_not_null(v);
	return v;
}

static void assert_sound(sqlite3 *db)
{
	char *ok = db_text(db, "PRAGMA integrity_check");

	cr_assert_str_eq(ok, "ok");
	free(ok);
	cr_assert_eq(db_int(db,
			    "SELECT count(*) FROM pragma_foreign_key_check", 0),
		     0, "rows point at rows that are gone");
}

static const char *const tables[] = {
	"settings",	 "products",	 "customers", "orders", "batches",
	"materials", "batch_materials", "time_entries", "sales",
};

/* Every row of every record table as text: two equal dumps, equal data. */
static char *dump(sqlite3 *db)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	cr_assert_not_null(fp);
	for (size_t t = 0; t < COUNT(tables); t++) {
		char *sql = fmt("SELECT * FROM %s ORDER BY rowid", tables[t]);
		sqlite3_stmt *st = NULL;

		cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
			     SQLITE_OK, "%s", sqlite3_errmsg(db));
		fprintf(fp, "[%s]\n", tables[t]);
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(st); c++) {
				const unsigned char *v =
					sqlite3_column_text(st, c);

				fprintf(fp, "%s%s", c ? "|" : "",
					v ? (const char *)v : "NULL");
			}
			fputc('\n', fp);
		}
		sqlite3_finalize(st);
		free(sql);
	}
	fclose(fp);
	return out;
}

/* ---- 1: SIGKILL in the middle of a stream of writes ------------------ */

enum { KILL_WRITERS = 4, KILL_EACH = 3000, KILL_AFTER = 150 };
#define FLOUR_START 1000000

struct base {
	long long product, batch, flour;
	long long sold; /* the product sold: one with no batches, so that
			   its sales are not allocated to stock */
};

/*
 * In turn: a product (one row), a sale (one row), a material use (a row
 * and the material's stock, in one transaction). The i-th write of writer
 * k carries i in its price or quantity, to be checked afterwards.
 */
static void kill_writer(int k, int port, int out, void *arg)
{
	const struct base *b = arg;

	for (int i = 0; i < KILL_EACH; i++) {
		static const char kinds[] = "PSU";
		char body[160], path[64];
		long long id;
		int st;

		switch (kinds[i % 3]) {
		case 'P':
			snprintf(body, sizeof(body),
				 "{\"name\":\"w%d-%d\",\"price\":%d}", k, i, i);
			st = child_call(port, "POST", API "/products", body,
					&id);
			break;
		case 'S':
			snprintf(body, sizeof(body),
				 "{\"product_id\":%lld,\"quantity\":%d,"
				 "\"price\":%d}",
				 b->sold, k + 1, i);
			st = child_call(port, "POST", API "/sales", body, &id);
			break;
		default:
			snprintf(path, sizeof(path),
				 API "/batches/%lld/materials", b->batch);
			snprintf(body, sizeof(body),
				 "{\"material_id\":%lld,\"quantity\":%d,"
				 "\"lot\":\"w%d\"}",
				 b->flour, i, k);
			st = child_call(port, "POST", path, body, &id);
			break;
		}
		if (st == 201)
			report(out, "%c %lld %d %d\n", kinds[i % 3], id, k, i);
		else if (st < 0)
			return; /* the server is gone */
		else
			report(out, "E %d %d %d\n", st, k, i);
	}
}

Test(safety, sigkill_mid_stream_loses_no_acknowledged_write)
{
	enum { MAXACK = KILL_WRITERS * KILL_EACH };
	static struct {
		char kind;
		long long id;
		int k, i;
	} ack[MAXACK];
	pid_t pids[KILL_WRITERS];
	size_t n = 0, count[3] = {0};
	struct base b;
	char line[128];
	bool killed = false;
	struct srv again;
	sqlite3 *db;
	FILE *in;

	b.product = add_product("{\"name\":\"Base\"}");
	b.sold = add_product("{\"name\":\"Sold\"}");
	b.batch = add_batch("{\"product_id\":%lld,\"run_date\":\"2026-11-25\"}",
			    b.product);
	b.flour = add_material("{\"name\":\"Flour\",\"on_hand\":%d}",
			       FLOUR_START);
	in = spawn(KILL_WRITERS, server.port, pids, kill_writer, &b);
	while (fgets(line, sizeof(line), in)) {
		cr_assert_neq(line[0], 'E', "a write failed before the kill: %s",
			      line);
		cr_assert_lt(n, (size_t)MAXACK);
		cr_assert_eq(sscanf(line, "%c %lld %d %d", &ack[n].kind,
				    &ack[n].id, &ack[n].k, &ack[n].i),
			     4, "%s", line);
		n++;
		if (n == KILL_AFTER) {
			kill(server.pid, SIGKILL);
			waitpid(server.pid, NULL, 0);
			server.pid = 0;
			killed = true;
		}
	}
	fclose(in);
	reap(KILL_WRITERS, pids);
	cr_assert(killed, "the writers finished before the kill");
	cr_log_info("%zu writes acknowledged before and around the kill", n);

	/* The file after the crash: sound, and holding every 201. */
	db = db_open(server.db);
	assert_sound(db);
	for (size_t a = 0; a < n; a++) {
		char *name = fmt("w%d-%d", ack[a].k, ack[a].i);
		sqlite3_stmt *st = NULL;

		switch (ack[a].kind) {
		case 'P':
			sqlite3_prepare_v2(db,
					   "SELECT name, price FROM products "
					   "WHERE id = ?",
					   -1, &st, NULL);
			sqlite3_bind_int64(st, 1, ack[a].id);
			cr_assert_eq(sqlite3_step(st), SQLITE_ROW,
				     "acknowledged product %lld is lost",
				     ack[a].id);
			cr_assert_str_eq((const char *)sqlite3_column_text(st, 0),
					 name);
			cr_assert_eq(sqlite3_column_int(st, 1), ack[a].i);
			sqlite3_finalize(st);
			count[0]++;
			break;
		case 'S':
			cr_assert_eq(db_int(db,
					    "SELECT price FROM sales WHERE id "
					    "= ?",
					    ack[a].id),
				     ack[a].i, "acknowledged sale %lld is lost",
				     ack[a].id);
			count[1]++;
			break;
		default:
			cr_assert_eq(ack[a].kind, 'U');
			cr_assert_eq(db_int(db,
					    "SELECT quantity FROM "
					    "batch_materials WHERE id = ?",
					    ack[a].id),
				     ack[a].i, "acknowledged use %lld is lost",
				     ack[a].id);
			count[2]++;
			break;
		}
		free(name);
	}
	cr_assert(count[0] && count[1] && count[2],
		  "not every kind of write was acknowledged");
	/* At most one write per writer may have landed unacknowledged. */
	cr_assert_leq(
		db_int(db, "SELECT count(*) FROM products", 0) - 2 +
			db_int(db, "SELECT count(*) FROM sales", 0) +
			db_int(db, "SELECT count(*) FROM batch_materials", 0),
		(long long)(n + KILL_WRITERS));
	/* A material use and its stock moved together, or neither did. */
	cr_assert_eq(db_int(db, "SELECT on_hand FROM materials WHERE id = ?",
			    b.flour) +
			     db_int(db,
				    "SELECT coalesce(sum(quantity), 0) FROM "
				    "batch_materials",
				    0),
		     FLOUR_START);
	sqlite3_close(db);

	/* A new server on the same file serves every one of them. */
	srv_start(&again, (const char *[]){"--db", server.db, NULL});
	for (size_t a = 0; a < n; a++) {
		static const char *const paths[] = {"products", "sales",
						    "batch-materials"};
		int kind = ack[a].kind == 'P' ? 0 : ack[a].kind == 'S' ? 1 : 2;
		char *path = fmt(API "/%s/%lld", paths[kind], ack[a].id);
		json_t *j = call_on(&again, "GET", path, NULL, 200);

		cr_assert_eq(jint(j, kind == 2 ? "quantity" : "price"),
			     ack[a].i);
		json_decref(j);
		free(path);
	}
	/* And takes new writes. */
	json_decref(call_on(&again, "POST", API "/products",
			    "{\"name\":\"After the crash\"}", 201));
	srv_finish(&again);
}

/* ---- 2: several writers at once -------------------------------------- */

enum { WRITERS = 8, EACH = 50, STOCK = 50, SALES_EACH = 10, BATCHES_EACH = 5 };

struct crowd {
	long long product, batch, order;
};

/*
 * Each writer: EACH customers, SALES_EACH sales of one from the batch,
 * BATCHES_EACH batches of one product on one day (each needs the next
 * code), and a timer start for the one shared worker.
 */
static void crowd_writer(int k, int port, int out, void *arg)
{
	const struct crowd *c = arg;
	char body[160];
	long long id;
	int st;

	for (int i = 0; i < EACH; i++) {
		snprintf(body, sizeof(body), "{\"name\":\"c%d-%d\"}", k, i);
		st = child_call(port, "POST", API "/customers", body, &id);
		if (st == 201)
			report(out, "C %lld %d %d\n", id, k, i);
		else
			report(out, "E %d customer %d %d\n", st, k, i);
	}
	for (int i = 0; i < SALES_EACH; i++) {
		snprintf(body, sizeof(body),
			 "{\"batch_id\":%lld,\"quantity\":1}", c->batch);
		st = child_call(port, "POST", API "/sales", body, &id);
		if (st == 201)
			report(out, "S %lld %d %d\n", id, k, i);
		else if (st == 409)
			report(out, "F 0 %d %d\n", k, i);
		else
			report(out, "E %d sale %d %d\n", st, k, i);
	}
	for (int i = 0; i < BATCHES_EACH; i++) {
		snprintf(body, sizeof(body),
			 "{\"product_id\":%lld,\"run_date\":\"2026-11-25\"}",
			 c->product);
		st = child_call(port, "POST", API "/batches", body, &id);
		report(out, st == 201 ? "B %lld\n" : "E batch %lld\n", id);
	}
	snprintf(body, sizeof(body), "{\"worker\":\"shared\",\"order_id\":%lld}",
		 c->order);
	st = child_call(port, "POST", API "/timer/start", body, &id);
	report(out, st == 201 ? "T 0 %d 0\n" : "E timer %d\n", k);
}

Test(safety, writers_at_once_lose_nothing_and_oversell_nothing)
{
	static long long customers[WRITERS * EACH];
	pid_t pids[WRITERS];
	struct crowd c;
	size_t nc = 0, ns = 0, nf = 0, nt = 0, nb = 0;
	long long prod, cust;
	char line[128], kind;
	long long id;
	json_t *j;
	FILE *in;

	prod = add_product("{\"name\":\"Candle\"}");
	c.product = prod;
	c.batch = add_batch("{\"product_id\":%lld,\"run_date\":\"2026-11-25\","
			    "\"made_qty\":%d}",
			    prod, STOCK);
	cust = add_customer("{\"name\":\"Owner\"}");
	c.order = add_order("{\"customer_id\":%lld,\"title\":\"Shelf\"}", cust);

	in = spawn(WRITERS, server.port, pids, crowd_writer, &c);
	while (fgets(line, sizeof(line), in)) {
		cr_assert_neq(line[0], 'E', "unexpected answer: %s", line);
		cr_assert_eq(sscanf(line, "%c %lld", &kind, &id), 2, "%s",
			     line);
		if (kind == 'C') {
			cr_assert_lt(nc, COUNT(customers));
			for (size_t i = 0; i < nc; i++)
				cr_assert_neq(customers[i], id,
					      "id %lld given twice", id);
			customers[nc++] = id;
		}
		ns += kind == 'S';
		nf += kind == 'F';
		nt += kind == 'T';
		nb += kind == 'B';
	}
	fclose(in);
	reap(WRITERS, pids);

	/* Every create acknowledged is there, and nothing else. */
	cr_assert_eq(nc, WRITERS * EACH);
	j = get(API "/customers?limit=1");
	cr_assert_eq(jint(j, "total"), (long long)nc + 1);
	json_decref(j);
	for (size_t i = 0; i < nc; i++) {
		char *path = fmt(API "/customers/%lld", customers[i]);

		json_decref(get(path));
		free(path);
	}
	/* The batch sold out exactly: every other sale was refused. */
	cr_assert_eq(ns, STOCK);
	cr_assert_eq(nf, WRITERS * SALES_EACH - STOCK);
	{
		char *path = fmt(API "/batches/%lld", c.batch);

		j = get(path);
		cr_assert_eq(jint(j, "sold_qty"), STOCK);
		cr_assert_eq(jint(j, "available_qty"), 0);
		json_decref(j);
		free(path);
	}
	j = get(API "/sales?limit=1");
	cr_assert_eq(jint(j, "total"), STOCK);
	json_decref(j);
	/* The batches of the day got the codes 1 to n, each once. */
	cr_assert_eq(nb, WRITERS * BATCHES_EACH);
	{
		bool seen[WRITERS * BATCHES_EACH + 2] = {false};
		json_t *items;

		j = get(API "/batches?limit=1000");
		items = jget(j, "items");
		cr_assert_eq(json_array_size(items), nb + 1);
		for (size_t i = 0; i < json_array_size(items); i++) {
			const char *code = jstr(json_array_get(items, i), "code");
			unsigned long k = 0;

			cr_assert_eq(sscanf(code, "CAND-20261125-%lu", &k), 1,
				     "%s", code);
			cr_assert(k >= 1 && k <= nb + 1 && !seen[k],
				  "code %s out of turn or twice", code);
			seen[k] = true;
		}
		json_decref(j);
	}
	/* Each start stopped the one before: one timer runs, all recorded. */
	cr_assert_eq(nt, WRITERS);
	j = get(API "/timer?worker=shared");
	cr_assert_eq(json_array_size(jget(j, "running")), 1);
	json_decref(j);
	j = get(API "/time-entries?worker=shared");
	cr_assert_eq(jint(j, "total"), WRITERS);
	json_decref(j);
	{
		sqlite3 *db = db_open(server.db);

		assert_sound(db);
		cr_assert_eq(db_int(db, "SELECT count(*) FROM customers", 0),
			     (long long)nc + 1);
		cr_assert_eq(db_int(db,
				    "SELECT count(*) FROM time_entries "
				    "WHERE ended_at IS NULL",
				    0),
			     1);
		sqlite3_close(db);
	}
}

/* ---- 3: bad input writes nothing -------------------------------------- */

/*
 * The fixtures, by letter: seed_workshop()'s (products P and Q, customers
 * C and D, order O, batch B of P with 10 made, material M, use U of 500 M
 * on B, time entry T, sale S of 2 from B), material N, and ria's running
 * timer R on O; the settings changed.
 */
static void seed(long long id[26])
{
	seed_workshop(id);
	id['N' - 'A'] = add_material("{\"name\":\"Salt\",\"on_hand\":300}");
	id['R' - 'A'] = add_entry("{\"order_id\":%lld,\"worker\":\"ria\"}",
				  id['O' - 'A']);
	json_decref(call("PUT", API "/settings",
			 "{\"workshop_name\":\"Crumb\",\"storage_capacity\":"
			 "100}",
			 200));
}

Test(safety, bad_input_writes_nothing)
{
	static const struct {
		const char *method, *path, *type, *body;
		int status;
	} bad[] = {
		/* One field wrong among good ones. */
		{"POST", API "/products", "application/json", "{\"name\":\"Spelt\",\"price\":-1}", 400},
		{"PATCH", API "/products/{P}", "application/json", "{\"name\":\"Renamed\",\"price\":-1}", 400},
		{"POST", API "/customers", "application/json", "{\"name\":\"Bo\",\"email\":\"b\"}", 400},
		{"PATCH", API "/customers/{C}", "application/json", "{\"name\":\"Annie\",\"phone\":\"\"}", 400},
		{"POST", API "/orders", "application/json", "{\"customer_id\":999999,\"title\":\"Cake\"}", 400},
		{"PATCH", API "/orders/{O}", "application/json", "{\"status\":\"done\",\"product_id\":999999}", 400},
		{"POST", API "/batches", "application/json", "{\"product_id\":{P},\"run_date\":\"2026-11-31\"}", 400},
		{"PATCH", API "/batches/{B}", "application/json", "{\"qc_notes\":\"flat\",\"rejected_qty\":11}", 400},
		{"POST", API "/materials", "application/json", "{\"name\":\"Yeast\",\"unit\":\"kg\"}", 400},
		{"PATCH", API "/materials/{M}", "application/json", "{\"on_hand\":1,\"cost_per\":0}", 400},
		{"POST", API "/time-entries", "application/json", "{\"order_id\":{O},\"minutes\":-1}", 400},
		{"PATCH", API "/time-entries/{T}", "application/json", "{\"note\":\"x\",\"ended_at\":\"2026-11-20T08:00:00Z\"}", 400},
		{"POST", API "/sales", "application/json", "{\"product_id\":{P},\"quantity\":1,\"customer_id\":999999}", 400},
		{"PATCH", API "/sales/{S}", "application/json", "{\"price\":1,\"product_id\":{Q}}", 400},
		{"PUT", API "/settings", "application/json", "{\"workshop_name\":\"New\",\"workers\":0}", 400},
		{"PUT", API "/settings", "application/json", "{\"hourly_rate\":100,\"currency\":\"gbp\"}", 400},
		{"PUT", API "/settings", "application/json", "{\"storage_capacity\":5,\"hours\":{\"mon\":1441}}", 400},
		/* Multi-row writes that fail after their first step. */
		{"POST", API "/batch-materials", "application/json", "{\"batch_id\":999999,\"material_id\":{M},\"quantity\":100}", 400},
		{"PATCH", API "/batch-materials/{U}", "application/json", "{\"quantity\":50,\"batch_id\":999999}", 400},
		{"PATCH", API "/batch-materials/{U}", "application/json", "{\"material_id\":{N},\"batch_id\":999999}", 400},
		{"POST", API "/batches/{B}/materials", "application/json", "{\"material_id\":999999,\"quantity\":5}", 400},
		{"POST", API "/batches/999999/materials", "application/json", "{\"material_id\":{M},\"quantity\":5}", 404},
		{"POST", API "/timer/start", "application/json", "{\"worker\":\"ria\",\"order_id\":999999}", 400},
		{"POST", API "/timer/start", "application/json", "{\"worker\":\"ria\",\"batch_id\":{B},\"note\":7}", 400},
		/* Conflicts. */
		{"POST", API "/sales", "application/json", "{\"batch_id\":{B},\"quantity\":9}", 409},
		{"PATCH", API "/sales/{S}", "application/json", "{\"quantity\":11}", 409},
		{"PATCH", API "/batches/{B}", "application/json", "{\"made_qty\":1}", 409},
		{"POST", API "/products", "application/json", "{\"name\":\"SOURDOUGH LOAF\"}", 409},
		{"PATCH", API "/products/{Q}", "application/json", "{\"name\":\"sourdough loaf\"}", 409},
		{"POST", API "/materials", "application/json", "{\"name\":\"flour\"}", 409},
		{"POST", API "/time-entries", "application/json", "{\"batch_id\":{B},\"worker\":\"ria\"}", 409},
		{"DELETE", API "/products/{P}", NULL, NULL, 409},
		{"DELETE", API "/customers/{C}", NULL, NULL, 409},
		{"DELETE", API "/orders/{O}", NULL, NULL, 409},
		{"DELETE", API "/batches/{B}", NULL, NULL, 409},
		{"DELETE", API "/materials/{M}", NULL, NULL, 409},
		/* Bodies that never get as far as a field. */
		{"POST", API "/products", "application/json", "{\"name\":", 400},
		{"POST", API "/products", "application/json", "[{\"name\":\"Spelt\"}]", 400},
		{"POST", API "/products", "application/json", "{\"name\":\"Spelt\",\"name\":\"Rye\"}", 400},
		{"POST", API "/products", "text/plain", "{\"name\":\"Spelt\"}", 415},
		{"PUT", API "/products/{P}", "application/json", "{\"name\":\"Spelt\"}", 405},
		{"PATCH", API "/products/999999", "application/json", "{\"name\":\"Spelt\"}", 404},
		{"DELETE", API "/sales/999999", NULL, NULL, 404},
	};
	long long id[26];
	char *before, *after;
	sqlite3 *db;

	seed(id);
	db = db_open(server.db);
	before = dump(db);
	for (size_t i = 0; i < COUNT(bad); i++) {
		char *path = expand_ids(bad[i].path, id);
		char *body = bad[i].body ? expand_ids(bad[i].body, id) : NULL;
		struct resp r;

		http(&server, bad[i].method, path, bad[i].type, body, &r);
		cr_expect_eq(r.status, bad[i].status, "%s %s %s: %d %s",
			     bad[i].method, path, body ? body : "", r.status,
			     r.body);
		after = dump(db);
		cr_expect_str_eq(after, before, "%s %s %s wrote something",
				 bad[i].method, path, body ? body : "");
		free(after);
		resp_free(&r);
		free(path);
		free(body);
	}
	/* Too big for the server to read: refused whole. */
	{
		static const char head[] = "{\"name\":\"Big\",\"notes\":\"";
		size_t big = 2 * 1024 * 1024, at = sizeof(head) - 1;
		char *body = malloc(at + big + 3);
		struct resp r;

		memcpy(body, head, at);
		memset(body + at, 'x', big);
		memcpy(body + at + big, "\"}", 3);
		post_json(&server, API "/customers", body, &r);
		cr_expect_eq(r.status, 413, "%d", r.status);
		resp_free(&r);
		free(body);
		after = dump(db);
		cr_expect_str_eq(after, before, "a 413 wrote something");
		free(after);
	}
	/* The dump does see writes: one good one changes it. */
	json_decref(call("POST", API "/customers", "{\"name\":\"Cy\"}", 201));
	after = dump(db);
	cr_assert_str_neq(after, before);
	free(after);
	free(before);
	assert_sound(db);
	sqlite3_close(db);
}

/* ---- 4: a restart keeps everything ------------------------------------ */

/* Every list, each batch's recall, settings and stock: the whole state. */
static json_t *everything(const struct srv *srv)
{
	static const char *const lists[] = {
		"products", "customers",     "orders",	  "batches",
		"materials", "batch-materials", "time-entries", "sales",
	};
	json_t *all = json_object(), *batches;

	for (size_t i = 0; i < COUNT(lists); i++) {
		char *path = fmt(API "/%s?limit=1000", lists[i]);

		json_object_set_new(all, lists[i],
				    call_on(srv, "GET", path, NULL, 200));
		free(path);
	}
	json_object_set_new(all, "settings",
			    call_on(srv, "GET", API "/settings", NULL, 200));
	json_object_set_new(all, "stock",
			    call_on(srv, "GET", API "/stock", NULL, 200));
	batches = jget(all, "batches.items");
	for (size_t i = 0; i < json_array_size(batches); i++) {
		char *path = fmt(API "/batches/%lld/trace",
				 jint(json_array_get(batches, i), "id"));
		char *key = fmt("trace %zu", i);

		json_object_set_new(all, key,
				    call_on(srv, "GET", path, NULL, 200));
		free(path);
		free(key);
	}
	return all;
}

Test(safety, restart_keeps_everything)
{
	long long id[26];
	json_t *before, *after, *run;
	struct srv again;
	sqlite3 *db;
	char *raw_before, *raw_after;

	seed(id);
	/* A little more of everything. */
	add_customer("{\"name\":\"Zo\\u00eb\",\"phone\":\"+44 1632 960001\","
		     "\"notes\":\"line one\\nline two \\\"quoted\\\"\"}");
	add_batch(
		"{\"product_id\":%lld,\"run_date\":\"2026-11-26\",\"made_qty\":"
		"6,\"rejected_qty\":1,\"best_before\":\"2026-11-30\","
		"\"status\":"
		"\"done\"}",
		id['Q' - 'A']);
	add_sale("{\"product_id\":%lld,\"order_id\":%lld,\"customer_id\":%lld,"
		 "\"quantity\":1,\"price\":12000,\"sold_on\":\"2026-11-27\"}",
		 id['P' - 'A'], id['O' - 'A'], id['C' - 'A']);
	json_decref(
		call("PUT", API "/settings",
		     "{\"currency\":\"EUR\",\"hourly_rate\":2500,\"workers\":"
		     "2,\"hours\":{\"sat\":300}}",
		     200));

	before = everything(&server);
	db = db_open(server.db);
	raw_before = dump(db);
	sqlite3_close(db);

	cr_assert_eq(srv_stop(&server), 0, "SIGTERM did not stop it cleanly");
	srv_start(&again, (const char *[]){"--db", server.db, NULL});
	after = everything(&again);
	cr_assert(json_equal(before, after), "the records changed on restart");
	/* ria's timer still runs, from when it started. */
	run = call_on(&again, "GET", API "/timer?worker=ria", NULL, 200);
	cr_assert_eq(json_array_size(jget(run, "running")), 1);
	cr_assert_eq(jint(run, "running.0.id"), id['R' - 'A']);
	json_decref(run);
	srv_finish(&again);

	db = db_open(server.db);
	raw_after = dump(db);
	assert_sound(db);
	sqlite3_close(db);
	cr_assert_str_eq(raw_after, raw_before);
	free(raw_before);
	free(raw_after);
	json_decref(before);
	json_decref(after);
}
