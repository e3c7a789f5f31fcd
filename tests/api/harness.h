/*
 * harness.h - API tests talk HTTP to the real smallrun binary.
 *
 * srv_start() runs `$SMALLRUN_BIN serve --listen 127.0.0.1:0` on a fresh
 * database in a temporary folder and reads its port from the announced URL;
 * http() sends raw request bytes over a loopback socket and parses the
 * response. Nothing is mocked. cli_run() runs the binary as a command,
 * for the CLI tests.
 */
#ifndef SMALLRUN_TEST_HARNESS_H
#define SMALLRUN_TEST_HARNESS_H

#include <jansson.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

struct srv {
	pid_t pid;
	int port;
	char dir[64];   /* the temporary folder */
	char db[128];   /* the database inside it */
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

/*
 * Start a server on a new database. extra (NULL-terminated, or NULL) is
 * appended to the command line, where a later option overrides an earlier
 * one: {"--db", path, NULL} reopens an existing database.
 */
void srv_start(struct srv *s, const char *const *extra);
/* SIGTERM it and return its exit status (as from waitpid). */
int srv_stop(struct srv *s);
/* Remove the temporary folder. */
void srv_cleanup(struct srv *s);

/* Send raw bytes, read the whole response (the request must close). */
void http_raw(const struct srv *s, const char *req, size_t len,
	      struct resp *r);
/* Send bytes that may get no HTTP answer at all; read and drop any. */
void http_junk(const struct srv *s, const char *data, size_t len);
/* A request built from parts; body may be NULL. */
void http(const struct srv *s, const char *method, const char *path,
	  const char *content_type, const char *body, struct resp *r);
/* A header's value (case-insensitive name) in a malloc'd string, or NULL. */
char *resp_header(const struct resp *r, const char *name);
void resp_free(struct resp *r);

/* Assert r is the error shape with this status and code. */
void assert_error(const struct resp *r, int status, const char *code);

/*
 * Helpers for the record tests. http_json() sends body (or none, when
 * NULL) as application/json; post_json() POSTs it ("" when NULL).
 */
void http_json(const struct srv *s, const char *method, const char *path,
	       const char *body, struct resp *r);
void post_json(const struct srv *s, const char *path, const char *body,
	       struct resp *r);
/* POST a printf-built body, assert 201 and return the new object's id. */
long long post_id(const struct srv *s, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * The value at a dotted path ("error.code", "items.0.id": a number steps
 * into an array), borrowed from j, or NULL when there is none.
 */
json_t *jget(const json_t *j, const char *path);
/* The integer or string there; assert it is one. */
long long jint(const json_t *j, const char *path);
const char *jstr(const json_t *j, const char *path);

/*
 * tmpl with every "{X}" (X a capital letter) replaced by the number
 * ids[X - 'A'], for bodies and paths that name fixtures; malloc'd, the
 * caller frees it.
 */
char *expand_ids(const char *tmpl, const long long ids[26]);

/* assert_error() and the field to blame (NULL: the error names none). */
void assert_field_error(const struct resp *r, int status, const char *code,
			const char *field);

/*
 * SIGTERM the server, assert it exited by itself with status 0 (so a leak
 * or sanitizer report in an instrumented server fails the test), clean up.
 * When the test already stopped it (pid 0), only clean up.
 */
void srv_finish(struct srv *s);

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
/* cli_run(), asserting exit 0 and JSON on stdout; the caller decrefs it. */
json_t *cli_json(const char *cwd, const char *db, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* How many lines s holds (newlines). */
int count_lines(const char *s);

#endif
