/*
 * harness.h - API tests talk HTTP to the real smallrun binary.
 *
 * srv_start() runs `$SMALLRUN_BIN serve --listen 127.0.0.1:0` on a fresh
 * database in a temporary folder and reads its port from the announced URL;
 * http() sends raw request bytes over a loopback socket and parses the
 * response. Nothing is mocked.
 *
 * Most suites share one fixture: API_SUITE(name) starts a server for each
 * test (the global `server`) and stops it afterwards, and the helpers below
 * that take no server talk to that one. cli_run() runs the binary as a
 * command, for the CLI tests.
 */
#ifndef SMALLRUN_TEST_HARNESS_H
#define SMALLRUN_TEST_HARNESS_H

#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#define API "/api/v1"
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct srv {
	pid_t pid;
	int port;
	char dir[64];   /* the temporary folder */
	char db[256];	/* the database inside it, or a PostgreSQL URI */
};

struct resp {
	int status;
	char *head;     /* status line and headers, NUL-terminated */
	char *body;     /* NUL-terminated */
	size_t body_len;
	json_t *json;   /* the body parsed, when it is JSON */
};

/* A new folder /tmp/smallrun-<tag>-XXXXXX, its path in dir. */
void temp_dir(char *dir, size_t size, const char *tag);
/* Remove a folder and everything in it; a failure is only a warning. */
void remove_dir(const char *dir);
/* The whole of file path, NUL-terminated (free() it), its size in *len;
 * a file that cannot be read fails the test. */
char *read_whole(const char *path, size_t *len);

/*
 * Start a server on a new database. extra (NULL-terminated, or NULL) is
 * appended to the command line; a --db, --access-log or --listen among
 * them stands instead of the harness's own: {"--db", path, NULL} reopens
 * an existing database, {"--listen", "0.0.0.0:0", NULL} listens on every
 * address (requests still go to 127.0.0.1).
 */
void srv_start(struct srv *s, const char *const *extra);
/* SIGTERM it and return its exit status (as from waitpid). */
int srv_stop(struct srv *s);
/* Remove the temporary folder. */
void srv_cleanup(struct srv *s);
/*
 * SIGTERM the server, assert it exited by itself with status 0 (so a leak
 * or sanitizer report in an instrumented server fails the test), clean up.
 * When the test already stopped it (pid 0), only clean up.
 */
void srv_finish(struct srv *s);

/* ---- the shared fixture ---------------------------------------------- */

/* The server of the test that is running, when its suite is an API_SUITE. */
extern struct srv server;

/*
 * A suite's .init and .fini: start `server` on a new database; stop it and
 * remove its folder. Criterion does not count a failed assertion in .fini,
 * so when the server does not exit by itself with status 0 api_fini()
 * ends the test process with status 1, which fails the run.
 */
void api_init(void);
void api_fini(void);
#define API_SUITE(name) TestSuite(name, .init = api_init, .fini = api_fini)

/* ---- raw requests ------------------------------------------------------ */

/* Send raw bytes, read the whole response (the request must close). */
void http_raw(const struct srv *s, const char *req, size_t len,
	      struct resp *r);
/* Send bytes that may get no HTTP answer at all; read and drop any. */
void http_junk(const struct srv *s, const char *data, size_t len);
/* A request built from parts; body may be NULL. */
void http(const struct srv *s, const char *method, const char *path,
	  const char *content_type, const char *body, struct resp *r);
/* http() with more header lines ("Cookie: a=b\r\nX-Smallrun: 1\r\n"). */
void http_with(const struct srv *s, const char *method, const char *path,
	       const char *headers, const char *content_type, const char *body,
	       struct resp *r);
/* A header's value (case-insensitive name) in a malloc'd string, or NULL. */
char *resp_header(const struct resp *r, const char *name);
void resp_free(struct resp *r);

/*
 * http_json() sends body (or none, when NULL) as application/json;
 * post_json() POSTs it ("" when NULL).
 */
void http_json(const struct srv *s, const char *method, const char *path,
	       const char *body, struct resp *r);
void post_json(const struct srv *s, const char *path, const char *body,
	       struct resp *r);
/* POST a printf-built body, assert 201 and return the new object's id. */
long long post_id(const struct srv *s, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Assert r is the error shape with this status and code. */
void assert_error(const struct resp *r, int status, const char *code);
/* assert_error() and the field to blame (NULL: the error names none). */
void assert_field_error(const struct resp *r, int status, const char *code,
			const char *field);

/* ---- connections: raw bytes both ways, every wait with a deadline ------- */

/* The longest any one send or recv on a conn_*() socket waits. */
#define CONN_WAIT_SECONDS 10

/* A connection kept open across requests (pipelining, keep-alive). */
struct conn {
	int fd;
	char *buf;   /* bytes received and not yet read as a response */
	size_t have, cap;
};

/* What came next on a connection (conn_next()). */
enum conn_next {
	CONN_EOF,     /* the server closed it (or reset it) */
	CONN_DATA,    /* more bytes: another answer */
	CONN_TIMEOUT, /* nothing within CONN_WAIT_SECONDS */
};

/*
 * A loopback socket connected to s whose every send and recv waits at
 * most CONN_WAIT_SECONDS (SO_RCVTIMEO, SO_SNDTIMEO), so a server that
 * never answers fails a test instead of hanging it. The caller closes it.
 */
int conn_socket(const struct srv *s);
/* conn_socket() with a receive buffer; conn_close() frees both. */
void conn_open(struct conn *c, const struct srv *s);
void conn_close(struct conn *c);
/* Send all of data (printf-built for conn_sendf); false when the server
 * has closed or reset the connection. */
bool conn_send(struct conn *c, const void *data, size_t len);
bool conn_sendf(struct conn *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * Read one response: its head, then Content-Length bytes of body (none
 * for 1xx, 204, 304; up to EOF when there is no Content-Length). Bytes
 * after it stay for the next call. False, with r empty, when the
 * connection ended or a wait ran out before a whole response.
 */
bool conn_read(struct conn *c, struct resp *r);
/* Wait for what comes next after the responses read so far. */
enum conn_next conn_next(struct conn *c);

/* ---- requests that give parsed JSON ------------------------------------ */

/*
 * A credential: the header lines a request carries ("Cookie:
 * smallrun_session=…" with the X-Smallrun header a cookie write needs, or
 * "Authorization: Bearer …") and its secret.
 */
struct cred {
	char head[256];
	char secret[64];
};
void cookie_cred(struct cred *c, const char *secret);
void bearer_cred(struct cred *c, const char *secret);
/* The session secret a Set-Cookie of r sets; asserts there is one. */
void cookie_of(const struct resp *r, char out[64]);
/* Send to s with c (NULL: none); a JSON body when body is set. */
void send_cred(const struct srv *s, const struct cred *c, const char *method,
	       const char *path, const char *body, struct resp *r);
/* send_cred(), asserting status; the JSON answer (caller decrefs). */
json_t *call_cred(const struct srv *s, const struct cred *c,
		  const char *method, const char *path, const char *body,
		  int status);

/*
 * Send a JSON body (or none, when NULL), assert the status and return the
 * parsed body, which the caller decrefs (NULL when it is not JSON, as
 * after a 204). call() talks to `server`, call_on() to s, call_type() to
 * `server` with another content type (NULL: none).
 */
json_t *call(const char *method, const char *path, const char *body,
	     int status);
json_t *call_on(const struct srv *s, const char *method, const char *path,
		const char *body, int status);
json_t *call_type(const char *method, const char *path, const char *type,
		  const char *body, int status);
/* GET path (printf-built for getf) from `server`, assert 200. */
json_t *get(const char *path);
json_t *getf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Send to `server`; assert the error's status, code and field (NULL: none). */
void call_fails(const char *method, const char *path, const char *body,
		int status, const char *code, const char *field);

/*
 * Create a record of a resource ("products", "batch-materials") on
 * `server` from a printf-built body, assert 201, return its id.
 * add_use() records quantity of a material used by a batch, from a
 * supplier's lot (NULL: none).
 */
long long add_record(const char *resource, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define add_product(...) add_record("products", __VA_ARGS__)
#define add_customer(...) add_record("customers", __VA_ARGS__)
#define add_order(...) add_record("orders", __VA_ARGS__)
#define add_batch(...) add_record("batches", __VA_ARGS__)
#define add_material(...) add_record("materials", __VA_ARGS__)
#define add_sale(...) add_record("sales", __VA_ARGS__)
#define add_entry(...) add_record("time-entries", __VA_ARGS__)
long long add_use(long long batch, long long material, long long quantity,
		  const char *lot);

/*
 * A small workshop on `server` to refer to by letter (id[X - 'A'], the
 * rest 0): products P ("Sourdough loaf": batch-made, price 450, shelf life
 * 3 days, 2 storage a unit) and Q ("Rye bread", 380); customers C ("Ann
 * Baker", with an email) and D ("Ben Cole"); order O of C for P, accepted,
 * due 2026-12-01; batch B of P run on 2026-11-25, 10 made, QC notes "good
 * rise"; material M ("Flour", 5000 on hand, reorder level 1000) with use U
 * of 500 on B from lot F-100; time entry T of 30 minutes on O; sale S of 2
 * from B to C at 450.
 */
void seed_workshop(long long id[26]);

/* ---- reading answers ------------------------------------------------ */

/*
 * The value at a dotted path ("error.code", "items.0.id": a number steps
 * into an array), borrowed from j, or NULL when there is none.
 */
json_t *jget(const json_t *j, const char *path);
/* The integer or string there; assert it is one. */
long long jint(const json_t *j, const char *path);
const char *jstr(const json_t *j, const char *path);

/* ---- text, times and dates ---------------------------------------------- */

/* printf into new memory; the caller frees it. */
char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
/* The same for a text used in place, as an argument: freed when the test
 * ends (api_fini()), so call("GET", sfmt(API "/x/%lld", id), …) leaks
 * nothing. */
const char *sfmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
/* GET path from `server`, assert a PDF came as a file whose name starts
 * with prefix, and write it as name in the server's folder; the file's
 * path (the caller frees it). */
char *fetch_pdf(const char *path, const char *prefix, const char *name);
/* What the shell command (a format) writes on its standard output, all
 * of it; the test fails when it cannot run or exits other than 0. */
char *tool_output(const char *f, ...) __attribute__((format(printf, 1, 2)));

/*
 * tmpl with every "{X}" (X a capital letter) replaced by the number
 * ids[X - 'A'], for bodies and paths that name fixtures; malloc'd, the
 * caller frees it.
 */
char *expand_ids(const char *tmpl, const long long ids[26]);

/* An RFC 3339 UTC instant ("2026-11-20T09:00:00Z"); assert it is one. */
time_t instant(const char *text);
/* Today plus offset days in the local calendar, as YYYY-MM-DD. */
void local_day(int offset, char out[11]);
/* The same in UTC, the calendar a record's "today" is counted in. */
void utc_day(int offset, char out[11]);

/* ---- the command line ---------------------------------------------------- */

/* What a command printed and how it ended. */
struct run {
	int code;	   /* exit status, -1 when it did not exit */
	char out[1 << 18]; /* stdout, cut to fit */
	char err[4096];	   /* stderr, cut to fit */
};

/*
 * Run `$SMALLRUN_BIN ARGS` through the shell (ARGS printf-built shell
 * words) with stdin from /dev/null, in the folder cwd (NULL: this one) and
 * with SMALLRUN_DB set to db (NULL: as it is).
 */
void cli_run(struct run *r, const char *cwd, const char *db, const char *fmt,
	     ...) __attribute__((format(printf, 4, 5)));
void cli_vrun(struct run *r, const char *cwd, const char *db, const char *fmt,
	      va_list ap) __attribute__((format(printf, 4, 0)));
/* cli_run() with input on its stdin instead of /dev/null. */
void cli_run_input(struct run *r, const char *input, const char *db,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* cli_run(), asserting exit 0 and JSON on stdout; the caller decrefs it. */
json_t *cli_json(const char *cwd, const char *db, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* How many lines s holds (newlines). */
int count_lines(const char *s);

#endif
