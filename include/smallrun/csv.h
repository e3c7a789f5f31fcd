/*
 * csv.h - a streaming RFC 4180 CSV reader, for every importer in smallrun
 * (sequencing input, sales history, records import).
 *
 * What it accepts:
 *   - an optional UTF-8 byte order mark at the very start (skipped);
 *   - records ended by CRLF, LF or a lone CR, the last one optionally
 *     unterminated;
 *   - fields separated by opts.sep (',' unless set), quoted with '"' where
 *     they hold the separator, a quote or a line break; "" inside a quoted
 *     field is one quote; line breaks inside quotes are kept as they are;
 *   - empty lines anywhere, which are skipped (a line holding only "" is a
 *     record with one empty field, not an empty line).
 * What it refuses, with the line number: a quote inside an unquoted field,
 * anything but a separator or a line end after a closing quote, a quoted
 * field still open at the end of the input, and a field, record or field
 * count over the limits in struct sr_csv_opts (never truncated).
 *
 * Fields must be UTF-8 (text.h's sr_utf8_valid()) unless opts.utf8 is
 * false: a field that is not is refused with the line of its first bad
 * byte ("line N: field K is not UTF-8 text (byte 0xE9)", code
 * bad_encoding, SR_EINVAL), so no caller ever passes such bytes on. Bytes
 * are otherwise passed through as they are.
 * A reader holds no global state; use one per input, from one thread.
 *
 *	struct sr_csv *r = NULL;
 *	bool got;
 *	if (sr_csv_new_file(&r, fp, NULL, f) || sr_csv_read_header(r, f))
 *		goto out;
 *	while (!(err = sr_csv_next(r, &got, f)) && got)
 *		... sr_csv_field(r, i, &len), sr_csv_line(r) ...
 *	sr_csv_free(r);
 */
#ifndef SMALLRUN_CSV_H
#define SMALLRUN_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "smallrun/err.h"

struct sr_csv;

struct sr_csv_opts {
	char sep;	   /* the field separator: ',' (or ';', '\t') */
	size_t max_field;  /* the longest field in bytes */
	size_t max_record; /* the longest record in bytes, all fields */
	size_t max_fields; /* the most fields in one record */
	bool utf8;	   /* refuse a field that is not UTF-8 */
};

/*
 * The defaults: ',' and 64 KiB a field, 1 MiB a record, 1024 fields, UTF-8
 * only.
 */
#define SR_CSV_OPTS_INIT                                                       \
	{                                                                      \
		',', (size_t)64 << 10, (size_t)1 << 20, 1024, true             \
	}

/*
 * Start reading CSV from fp (the caller keeps fp and closes it after
 * sr_csv_free()) or from the len bytes at data (which must stay unchanged
 * while the reader lives). opts may be NULL for SR_CSV_OPTS_INIT. On SR_OK
 * *out is a reader to free with sr_csv_free(); else *out is NULL and the
 * error is SR_ENOMEM or SR_EINVAL (a separator that is '"', CR or LF, or a
 * zero limit).
 */
enum sr_err sr_csv_new_file(struct sr_csv **out, FILE *fp,
			    const struct sr_csv_opts *opts, struct sr_fail *f);
enum sr_err sr_csv_new_mem(struct sr_csv **out, const char *data, size_t len,
			   const struct sr_csv_opts *opts, struct sr_fail *f);

/* Free a reader and everything it returned; NULL is fine. */
void sr_csv_free(struct sr_csv *r);

/*
 * Read the next record. Sets *got to true and returns SR_OK with the record
 * available through sr_csv_field(), or sets *got to false at the end of the
 * input. Errors, each with f's message starting "line N: ": SR_EINVAL (bad
 * quoting), SR_ETOOBIG (a limit exceeded), SR_EIO (reading fp failed),
 * SR_ENOMEM. After an error the reader is spent: further calls repeat it.
 */
enum sr_err sr_csv_next(struct sr_csv *r, bool *got, struct sr_fail *f);

/*
 * Read the first record as the header: its fields, with spaces and tabs
 * around them removed, become the column names that sr_csv_column() looks
 * up. Errors are those of sr_csv_next(), and SR_EINVAL when the input holds
 * no record at all.
 */
enum sr_err sr_csv_read_header(struct sr_csv *r, struct sr_fail *f);

/*
 * Find the header column called name, ignoring ASCII case. Returns SR_OK
 * and sets *idx, SR_ENOTFOUND when no column has that name, or
 * SR_ECONFLICT when two do (*idx is then the first).
 */
enum sr_err sr_csv_column(const struct sr_csv *r, const char *name,
			  size_t *idx);

/* The number of header columns, and the name of column i (NULL past it). */
size_t sr_csv_columns(const struct sr_csv *r);
const char *sr_csv_column_name(const struct sr_csv *r, size_t i);

/* The number of fields in the current record. */
size_t sr_csv_nfields(const struct sr_csv *r);

/*
 * Field i of the current record, NUL-terminated, with its length in *len
 * (len may be NULL; the field may itself hold NUL bytes). NULL when there
 * is no field i. The text belongs to the reader and changes with the next
 * sr_csv_next().
 */
const char *sr_csv_field(const struct sr_csv *r, size_t i, size_t *len);

/* The line on which the current record starts (1 for the first line). */
long sr_csv_line(const struct sr_csv *r);

/*
 * Writing cells that a spreadsheet opens safely and smallrun reads back
 * exactly.
 *
 * A spreadsheet runs a cell that starts with = + - or @ as a formula (and
 * some, one that starts with a tab or CR). So a text cell that starts with
 * one of = + - @ TAB CR, or with an apostrophe ('), is written with one
 * apostrophe in front, which a spreadsheet shows as text; reading takes
 * exactly one apostrophe off a cell that starts with an apostrophe
 * followed by one of those seven, and leaves every other cell as it is.
 * Every text therefore comes back as it was written, apostrophes and all,
 * and a cell typed into a spreadsheet as 'abc stays 'abc.
 *
 * sr_csv_put_cell() appends the len bytes at s to b as one CSV field
 * (after a ',' unless first), guarded so when text is true, and quoted
 * RFC 4180 style when it holds a comma, a quote, a line break, or a space
 * at either end. b's sticky error reports a failure.
 */
void sr_csv_put_cell(struct sr_buf *b, const char *s, size_t len, bool text,
		     bool first);
/* Does text s need the apostrophe in front (s may be NULL: no)? */
bool sr_csv_needs_guard(const char *s);
/* The cell s as read back: s itself, or s + 1 without the guard. */
const char *sr_csv_unguard(const char *s);

#endif
