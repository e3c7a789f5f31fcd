/*
 * harness.h - API tests talk HTTP to the real smallrun binary.
 *
 * srv_start() runs `$SMALLRUN_BIN serve --listen 127.0.0.1:0` on a fresh
 * database in a temporary folder and reads its port from the announced URL;
 * http() sends raw request bytes over a loopback socket and parses the
 * response. Nothing is mocked.
 */
#ifndef SMALLRUN_TEST_HARNESS_H
#define SMALLRUN_TEST_HARNESS_H

#include <jansson.h>
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

#endif
