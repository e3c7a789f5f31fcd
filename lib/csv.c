/*
 * csv.c - a streaming RFC 4180 reader. Input comes a chunk at a time (a
 * file) or all at once (memory); one record at a time is kept, its fields
 * back to back in one buffer, each followed by a NUL.
 */
#include "compat.h"

#include "smallrun/csv.h"
#include "smallrun/text.h"

#define CSV_CHUNK 65536

struct sr_csv {
	FILE *fp;		  /* NULL when reading memory */
	const unsigned char *p;	  /* next unread byte */
	const unsigned char *end; /* end of the bytes in hand */
	unsigned char *chunk;	  /* what fp was read into */
	bool at_start;		  /* nothing read yet: look for a BOM */
	struct sr_csv_opts opts;

	long line;     /* the physical line p is on */
	long rec_line; /* the line the current record began on */
	long field_line; /* the line the current field began on */
	bool bad_utf8;	 /* the sticky error is a field not UTF-8 */
	enum sr_err err;
	struct sr_buf errmsg; /* the sticky error's message */

	struct sr_buf rec; /* the record's fields, each NUL-terminated */
	size_t *off;	   /* where each field starts in rec */
	size_t nfields, cap_fields;

	char **names; /* header column names */
	size_t ncols;
};

/* Refill from fp; returns false at the end of the input or on error. */
static bool csv_fill(struct sr_csv *r)
{
	size_t n;

	if (!r->fp || r->err)
		return false;
	n = fread(r->chunk, 1, CSV_CHUNK, r->fp);
	if (n == 0) {
		if (ferror(r->fp)) {
			r->err = SR_EIO;
			sr_buf_reset(&r->errmsg);
			sr_buf_addf(&r->errmsg, "line %ld: cannot read: %s",
				    r->line, strerror(errno));
		}
		return false;
	}
	r->p = r->chunk;
	r->end = r->chunk + n;
	if (r->at_start) {
		r->at_start = false;
		if (n >= 3 && r->p[0] == 0xef && r->p[1] == 0xbb &&
		    r->p[2] == 0xbf)
			r->p += 3;
	}
	return true;
}

/* The next byte without taking it, or EOF. */
static inline int csv_peek(struct sr_csv *r)
{
	while (r->p == r->end)
		if (!csv_fill(r))
			return EOF;
	return *r->p;
}

static inline void csv_skip(struct sr_csv *r)
{
	r->p++;
}

/* Take a line end (CRLF, LF or CR) whose first byte is c = csv_peek(). */
static void csv_eol(struct sr_csv *r, int c)
{
	csv_skip(r);
	if (c == '\r' && csv_peek(r) == '\n')
		csv_skip(r);
	r->line++;
}

static enum sr_err csv_fail(struct sr_csv *r, enum sr_err err, long line,
			    const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Make err the reader's sticky error, with "line N: " before the message. */
static enum sr_err csv_fail(struct sr_csv *r, enum sr_err err, long line,
			    const char *fmt, ...)
{
	va_list ap;

	r->err = err;
	sr_buf_reset(&r->errmsg);
	sr_buf_addf(&r->errmsg, "line %ld: ", line);
	va_start(ap, fmt);
	sr_buf_vaddf(&r->errmsg, fmt, ap);
	va_end(ap);
	return err;
}

static enum sr_err csv_new(struct sr_csv **out, const struct sr_csv_opts *opts,
			   struct sr_fail *f)
{
	static const struct sr_csv_opts defaults = SR_CSV_OPTS_INIT;
	struct sr_csv *r;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	if (opts->sep == '"' || opts->sep == '\r' || opts->sep == '\n' ||
	    !opts->max_field || !opts->max_record || !opts->max_fields)
		return sr_fail_set(
			f, SR_EINVAL, "bad_csv_options", "",
			"the CSV separator or a limit is not usable");
	r = calloc(1, sizeof(*r));
	if (!r)
		return sr_fail_set(f, SR_ENOMEM, "no_memory", "",
				   "out of memory");
	r->opts = *opts;
	r->line = 1;
	r->at_start = true;
	sr_buf_init(&r->rec, opts->max_record + opts->max_fields);
	sr_buf_init(&r->errmsg, 1024);
	*out = r;
	return SR_OK;
}

enum sr_err sr_csv_new_file(struct sr_csv **out, FILE *fp,
			    const struct sr_csv_opts *opts, struct sr_fail *f)
{
	enum sr_err err = csv_new(out, opts, f);

	if (err)
		return err;
	(*out)->chunk = malloc(CSV_CHUNK);
	if (!(*out)->chunk) {
		sr_csv_free(*out);
		*out = NULL;
		return sr_fail_set(f, SR_ENOMEM, "no_memory", "",
				   "out of memory");
	}
	(*out)->fp = fp;
	(*out)->p = (*out)->end = (*out)->chunk;
	return SR_OK;
}

enum sr_err sr_csv_new_mem(struct sr_csv **out, const char *data, size_t len,
			   const struct sr_csv_opts *opts, struct sr_fail *f)
{
	enum sr_err err = csv_new(out, opts, f);
	const unsigned char *u = (const unsigned char *)data;

	if (err)
		return err;
	if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
		u += 3;
		len -= 3;
	}
	(*out)->at_start = false;
	(*out)->p = u;
	(*out)->end = u + len;
	return SR_OK;
}

void sr_csv_free(struct sr_csv *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->ncols; i++)
		free(r->names[i]);
	free(r->names);
	free(r->off);
	free(r->chunk);
	sr_buf_release(&r->rec);
	sr_buf_release(&r->errmsg);
	free(r);
}

/* Begin field number r->nfields at the end of rec. */
static enum sr_err csv_field_start(struct sr_csv *r)
{
	if (r->nfields == r->opts.max_fields)
		return csv_fail(r, SR_ETOOBIG, r->line,
				"more than %zu fields in one record",
				r->opts.max_fields);
	if (r->nfields == r->cap_fields) {
		size_t cap = r->cap_fields ? r->cap_fields * 2 : 16;
		size_t *off = realloc(r->off, cap * sizeof(*off));

		if (!off)
			return csv_fail(r, SR_ENOMEM, r->line, "out of memory");
		r->off = off;
		r->cap_fields = cap;
	}
	r->off[r->nfields++] = r->rec.len;
	r->field_line = r->line;
	return SR_OK;
}

/* Append byte c to the field being read, within the limits. */
static inline enum sr_err csv_put(struct sr_csv *r, int c)
{
	size_t flen = r->rec.len - r->off[r->nfields - 1];

	if (flen >= r->opts.max_field)
		return csv_fail(r, SR_ETOOBIG, r->line,
				"field %zu is longer than %zu bytes",
				r->nfields, r->opts.max_field);
	if (r->rec.len - (r->nfields - 1) >= r->opts.max_record)
		return csv_fail(r, SR_ETOOBIG, r->line,
				"the record is longer than %zu bytes",
				r->opts.max_record);
	if (sr_buf_addch(&r->rec, (char)c))
		return csv_fail(r, (enum sr_err)r->rec.err, r->line,
				"out of memory");
	return SR_OK;
}

/* Refuse the field being read when it is not UTF-8, naming its line. */
static enum sr_err csv_check_utf8(struct sr_csv *r)
{
	const char *s = r->rec.data + r->off[r->nfields - 1];
	size_t len = r->rec.len - r->off[r->nfields - 1];
	size_t ok = sr_utf8_valid(s, len);
	long line = r->field_line;

	if (ok == len)
		return SR_OK;
	/* Line breaks inside a quoted field count: CRLF, LF or CR. */
	for (size_t i = 0; i < ok; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == len ||
							  s[i + 1] != '\n')))
			line++;
	r->bad_utf8 = true;
	return csv_fail(r, SR_EINVAL, line,
			"field %zu is not UTF-8 text (byte 0x%02X)",
			r->nfields, (unsigned)(unsigned char)s[ok]);
}

/* End the field being read: its NUL. */
static enum sr_err csv_field_end(struct sr_csv *r)
{
	if (r->opts.utf8 && csv_check_utf8(r))
		return r->err;
	if (sr_buf_addch(&r->rec, '\0'))
		return csv_fail(r, (enum sr_err)r->rec.err, r->line,
				"out of memory");
	return SR_OK;
}

/* Read a quoted field; the opening quote has been taken. */
static enum sr_err csv_quoted(struct sr_csv *r)
{
	long opened = r->line;
	enum sr_err err;
	int c;

	for (;;) {
		c = csv_peek(r);
		if (c == EOF) {
			if (r->err)
				return r->err;
			return csv_fail(r, SR_EINVAL, opened,
					"the quoted field %zu opened here is "
					"never closed",
					r->nfields);
		}
		csv_skip(r);
		if (c == '"') {
			if (csv_peek(r) != '"')
				break;
			csv_skip(r);
		} else if (c == '\r' || c == '\n') {
			/* Keep the line break as written; count the line. */
			if ((err = csv_put(r, c)))
				return err;
			if (c == '\r' && csv_peek(r) == '\n') {
				csv_skip(r);
				if ((err = csv_put(r, '\n')))
					return err;
			}
			r->line++;
			continue;
		}
		if ((err = csv_put(r, c)))
			return err;
	}
	c = csv_peek(r);
	if (c != EOF && c != r->opts.sep && c != '\r' && c != '\n') {
		if (c >= 0x20 && c < 0x7f)
			return csv_fail(r, SR_EINVAL, r->line,
					"'%c' after the closing quote of "
					"field %zu; a quote inside a quoted "
					"field is written \"\"",
					c, r->nfields);
		return csv_fail(r, SR_EINVAL, r->line,
				"byte 0x%02x after the closing quote of "
				"field %zu",
				(unsigned)c, r->nfields);
	}
	return r->err;
}

/* Read an unquoted field up to a separator, a line end or the end. */
static enum sr_err csv_plain(struct sr_csv *r)
{
	enum sr_err err;
	int c;

	while ((c = csv_peek(r)) != EOF && c != r->opts.sep && c != '\r' &&
	       c != '\n') {
		if (c == '"')
			return csv_fail(r, SR_EINVAL, r->line,
					"a quote inside unquoted field %zu; "
					"quote the whole field and double the "
					"quote (\"\")",
					r->nfields);
		csv_skip(r);
		if ((err = csv_put(r, c)))
			return err;
	}
	return r->err;
}

static enum sr_err csv_report(const struct sr_csv *r, struct sr_fail *f)
{
	return sr_fail_set(f, r->err,
			   r->err == SR_ETOOBIG	 ? "csv_too_big"
			   : r->err == SR_EIO	 ? "csv_io"
			   : r->err == SR_ENOMEM ? "no_memory"
			   : r->bad_utf8	 ? "bad_encoding"
						 : "bad_csv",
			   "", "%s", r->errmsg.data);
}

enum sr_err sr_csv_next(struct sr_csv *r, bool *got, struct sr_fail *f)
{
	enum sr_err err = SR_OK;
	int c;

	*got = false;
	if (r->err)
		return csv_report(r, f);
	sr_buf_reset(&r->rec);
	r->nfields = 0;
	/* Skip empty lines. */
	while ((c = csv_peek(r)) == '\r' || c == '\n')
		csv_eol(r, c);
	if (c == EOF)
		goto out;
	r->rec_line = r->line;
	for (;;) {
		if ((err = csv_field_start(r)))
			goto out;
		if (csv_peek(r) == '"') {
			csv_skip(r);
			err = csv_quoted(r);
		} else {
			err = csv_plain(r);
		}
		if (err || (err = csv_field_end(r)))
			goto out;
		c = csv_peek(r);
		if (c == r->opts.sep) {
			csv_skip(r);
			continue;
		}
		if (c == '\r' || c == '\n')
			csv_eol(r, c);
		break;
	}
	if (r->err) /* a read error while looking past the record */
		err = r->err;
	else
		*got = true;
out:
	if (err)
		return csv_report(r, f);
	return SR_OK;
}

enum sr_err sr_csv_read_header(struct sr_csv *r, struct sr_fail *f)
{
	enum sr_err err;
	bool got;

	if ((err = sr_csv_next(r, &got, f)))
		return err;
	if (!got)
		return sr_fail_set(f, SR_EINVAL, "bad_csv", "",
				   "line %ld: the input is empty; the first "
				   "line must name the columns",
				   r->line);
	r->names = calloc(r->nfields, sizeof(*r->names));
	if (!r->names)
		return sr_fail_set(f, SR_ENOMEM, "no_memory", "",
				   "out of memory");
	for (size_t i = 0; i < r->nfields; i++) {
		size_t len;
		const char *s = sr_csv_field(r, i, &len);

		while (len && (*s == ' ' || *s == '\t')) {
			s++;
			len--;
		}
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		r->names[i] = malloc(len + 1);
		if (!r->names[i])
			return sr_fail_set(f, SR_ENOMEM, "no_memory", "",
					   "out of memory");
		memcpy(r->names[i], s, len);
		r->names[i][len] = '\0';
		r->ncols = i + 1;
	}
	return SR_OK;
}

enum sr_err sr_csv_column(const struct sr_csv *r, const char *name, size_t *idx)
{
	enum sr_err err = SR_ENOTFOUND;

	for (size_t i = 0; i < r->ncols; i++) {
		if (strcasecmp(r->names[i], name))
			continue;
		if (err == SR_OK)
			return SR_ECONFLICT;
		*idx = i;
		err = SR_OK;
	}
	return err;
}

size_t sr_csv_columns(const struct sr_csv *r)
{
	return r->ncols;
}

const char *sr_csv_column_name(const struct sr_csv *r, size_t i)
{
	return i < r->ncols ? r->names[i] : NULL;
}

size_t sr_csv_nfields(const struct sr_csv *r)
{
	return r->nfields;
}

const char *sr_csv_field(const struct sr_csv *r, size_t i, size_t *len)
{
	size_t end;

	if (i >= r->nfields)
		return NULL;
	end = i + 1 < r->nfields ? r->off[i + 1] - 1 : r->rec.len - 1;
	if (len)
		*len = end - r->off[i];
	return r->rec.data + r->off[i];
}

long sr_csv_line(const struct sr_csv *r)
{
	return r->rec_line;
}

/* Writing. */

bool sr_csv_needs_guard(const char *s)
{
	return s && (s[0] == '=' || s[0] == '+' || s[0] == '-' ||
		     s[0] == '@' || s[0] == '\t' || s[0] == '\r' ||
		     s[0] == '\'');
}

const char *sr_csv_unguard(const char *s)
{
	return s[0] == '\'' && sr_csv_needs_guard(s + 1) ? s + 1 : s;
}

void sr_csv_put_cell(struct sr_buf *b, const char *s, size_t len, bool text,
		     bool first)
{
	bool guard = text && len && sr_csv_needs_guard(s);
	bool quote = len && (s[0] == ' ' || s[len - 1] == ' ');

	if (!first)
		sr_buf_addch(b, ',');
	for (size_t i = 0; i < len && !quote; i++)
		quote = strchr(",\"\r\n", s[i]) != NULL;
	if (quote)
		sr_buf_addch(b, '"');
	if (guard)
		sr_buf_addch(b, '\'');
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			sr_buf_addch(b, '"');
		sr_buf_addch(b, s[i]);
	}
	if (quote)
		sr_buf_addch(b, '"');
}
