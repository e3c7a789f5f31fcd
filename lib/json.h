/*
 * json.h - private helpers over jansson shared by lib/ modules that read or
 * write JSON. Not public API: the public headers hide jansson.
 */
#ifndef SMALLRUN_LIB_JSON_H
#define SMALLRUN_LIB_JSON_H

#include <jansson.h>
#include <stdint.h>

#include "smallrun/buf.h"
#include "smallrun/err.h"

/* Reading a record: o's member key as a whole number (0 when it is not
 * one) or as text (NULL when it is not a string). */
static inline int64_t sr_json_int(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static inline const char *sr_json_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* o's member key as a day number (date.h), or none when it is null or
 * not a date. */
int64_t sr_json_day(const json_t *o, const char *key, int64_t none);
/* Day number day as a JSON date string "YYYY-MM-DD"; NULL out of memory. */
json_t *sr_json_date(int64_t day);

/*
 * Building a document: each call records an allocation failure in *oom
 * instead of returning it, so a builder checks once at the end (the
 * sqlite3_str habit). Values passed in are stolen, even on failure.
 */
void sr_json_put(json_t *obj, const char *key, json_t *value, bool *oom);
void sr_json_push(json_t *arr, json_t *value, bool *oom);
/* An array of strings from a NULL-terminated list. */
json_t *sr_json_strings(const char *const *list);

/*
 * A JSON string of text that may quote a client's bytes: kept as it is when
 * it is valid UTF-8, else with every non-ASCII or NUL byte shown as '?'.
 */
json_t *sr_json_text(const char *s, size_t len);

/*
 * Append s[0..len) (UTF-8) to b as a JSON string, escaped as jansson
 * escapes it: quote, backslash and control characters.
 */
void sr_json_add_text(struct sr_buf *b, const char *s, size_t len);

/* Append the document to out (compact, or indented with SR_JSON_PRETTY). */
enum sr_err sr_json_dump(const json_t *doc, struct sr_buf *out, int flags);

/*
 * Add to f's details the record its message names, {"resource", "id",
 * "name"} in details.records, name being the words the message names it
 * by ("B-20261202-1", "product 3"), so a client can link those words.
 * Call it after sr_fail_set(). Details are extra: when they cannot be
 * built (no memory), f keeps its message and has none.
 */
void sr_fail_names(struct sr_fail *f, const char *resource, int64_t id,
		   const char *name);

/*
 * The deepest nesting of arrays and objects a body may have: far more than
 * any body smallrun takes needs (four), and few enough that no parser's
 * recursion can exhaust a thread's stack.
 */
#define SR_JSON_DEPTH_MAX 32

/*
 * How deep arrays and objects nest in text[0..len), counted without
 * parsing (brackets inside strings do not count); stops counting at
 * limit + 1.
 */
int sr_json_depth(const char *text, size_t len, int limit);

/*
 * Parse a request body that must be a JSON object. Returns the object (the
 * caller json_decref()s it) or NULL with f set: "bad_json" naming line and
 * column, or "bad_type" when the top level is not an object.
 */
json_t *sr_json_parse_object(const char *body, size_t len, struct sr_fail *f);

/*
 * SR_OK when obj has no key but only (those may be missing); else SR_EINVAL
 * "unknown_field" naming the first other key (cut to 40 bytes), with the
 * message "unknown field 'K'; <hint>".
 */
enum sr_err sr_json_only_key(const json_t *obj, const char *only,
			     const char *hint, struct sr_fail *f);

/* "a string", "a number", … for messages about wrong JSON types. */
const char *sr_json_type_name(const json_t *v);

#endif
