/*
 * err.h - error codes shared by every libsmallrun call.
 *
 * Library functions return enum sr_err; SR_OK is zero so `if (err)` reads
 * naturally. Front ends map these to exit codes (cli/) or HTTP status codes
 * (server/) in exactly one place each.
 */
#ifndef SMALLRUN_ERR_H
#define SMALLRUN_ERR_H

#include <stdarg.h>

#include "smallrun/buf.h"

enum sr_err {
	SR_OK = 0,
	SR_ENOMEM,    /* out of memory */
	SR_EINVAL,    /* the caller's input is not acceptable */
	SR_ENOTFOUND, /* no such thing */
	SR_ECONFLICT, /* the request clashes with what is stored */
	SR_EDB,	      /* the database failed */
	SR_ETOOBIG,   /* the input is larger than allowed */
	SR_EIO,	      /* reading or writing a file or socket failed */
	SR_EAUTH,     /* who is asking is not known: log in first */
	SR_EDENIED,   /* who is asking may not do this */
	SR_EBUSY,     /* not now: too many tries, or too much work at once */
	SR_ERR__MAX
};

/* A short, static, lower-case description of err ("out of memory"). */
const char *sr_strerror(enum sr_err err);

/*
 * struct sr_fail - what went wrong, in enough detail to tell a user.
 *
 * code is a static snake_case identifier ("bad_value"); field names the
 * input at fault ("answers.storage") or is empty; message is one sentence.
 * details is empty or the text of a JSON object that says in data what
 * the message says in words (the records it names, so a client can link
 * to them without reading the sentence); sr_fail_set() empties it.
 * Initialise with SR_FAIL_INIT, release with sr_fail_release().
 */
struct sr_fail {
	enum sr_err err;
	const char *code;
	struct sr_buf field;
	struct sr_buf message;
	struct sr_buf details;
};

#define SR_FAIL_MAX 4096
#define SR_FAIL_INIT                                                           \
	{                                                                      \
		SR_OK, "", SR_BUF_INIT(SR_FAIL_MAX), SR_BUF_INIT(SR_FAIL_MAX), \
			SR_BUF_INIT(SR_FAIL_MAX)                               \
	}

/*
 * Record a failure and return err, so callers can write
 * `return sr_fail_set(f, SR_EINVAL, "bad_value", "answers.x", "…", …);`.
 * f may be NULL, in which case only err is returned. A message that does not
 * fit is cut with a trailing "..." (never silently).
 */
enum sr_err sr_fail_set(struct sr_fail *f, enum sr_err err, const char *code,
			const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* sr_fail_set() for running out of memory: SR_ENOMEM "out_of_memory". */
enum sr_err sr_fail_oom(struct sr_fail *f);

/* Put "what " before f's message, keeping its code and field (f may be
 * NULL): "orders.csv line 4: …", "product 7: …". */
void sr_fail_prefix(struct sr_fail *f, const char *what);

/* Free the field and message text; f may be reused afterwards. */
void sr_fail_release(struct sr_fail *f);

/*
 * Append f as the API's error shape to out:
 * {"error": {"code": …, "message": …, "field": …, "details": {…}}} (field
 * and details only when set).
 */
enum sr_err sr_fail_to_json(const struct sr_fail *f, struct sr_buf *out);

#endif
