/*
 * text.h - the encoding of text from outside: checking that bytes are
 * UTF-8, and decoding Windows-1252 (what many tills and older spreadsheets
 * export) into UTF-8.
 *
 * Everything smallrun stores and answers is UTF-8. A file is read as
 * UTF-8 unless its maker says otherwise, and bytes that are not UTF-8 are
 * refused with the line they are on, never passed on.
 */
#ifndef SMALLRUN_TEXT_H
#define SMALLRUN_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smallrun/buf.h"
#include "smallrun/err.h"

/* The encodings a file may be read in. */
enum sr_encoding {
	SR_ENC_UTF8,	     /* "utf-8": checked, never changed */
	SR_ENC_WINDOWS_1252, /* "windows-1252": decoded into UTF-8 */
	SR_ENC__MAX
};

/* The names, in enum order, NULL-terminated: {"utf-8", "windows-1252"}. */
extern const char *const sr_encoding_names[SR_ENC__MAX + 1];

/*
 * The encoding called name: one of sr_encoding_names, ignoring ASCII case
 * ("UTF-8", "Windows-1252"), or the aliases "utf8" and "cp1252". SR_OK
 * and *enc, or SR_EINVAL with f saying "field must be one of: …" (code
 * bad_value, field `field`).
 */
enum sr_err sr_encoding_parse(const char *name, const char *field,
			      enum sr_encoding *enc, struct sr_fail *f);

/*
 * How many of the len bytes at s are the longest prefix that is valid
 * UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF). len itself when all of it is.
 */
size_t sr_utf8_valid(const char *s, size_t len);

/*
 * The Unicode code point that Windows-1252 byte b stands for, per the
 * WHATWG Encoding Standard's index (every byte has one; 0x81, 0x8D, 0x8F,
 * 0x90 and 0x9D are the C1 controls of the same number).
 */
uint32_t sr_cp1252_code_point(unsigned char b);

/*
 * Append the len bytes at s, read as Windows-1252, to out as UTF-8.
 * Every byte decodes. Errors: out's own (SR_ENOMEM, or SR_ETOOBIG when
 * the result is over its maximum).
 */
enum sr_err sr_cp1252_to_utf8(const char *s, size_t len, struct sr_buf *out);

/* The longest text sr_edit_distance() compares; past it, the first this
 * many bytes. */
#define SR_EDIT_DISTANCE_MAX 256

/*
 * The Levenshtein distance between a[0..la) and b[0..lb), ignoring ASCII
 * case: for "did you mean" suggestions (product names, lots).
 */
size_t sr_edit_distance(const char *a, size_t la, const char *b, size_t lb);

#endif
