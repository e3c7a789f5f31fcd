/* query.c - query strings, decoded with bounds and no surprises. */
#include "compat.h"

#include "smallrun/parse.h"
#include "smallrun/query.h"

/* Decode s[0..len) in place at dst; returns the length or -1. */
static long decode(char *dst, const char *s, size_t len)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			int hi, lo;

			if (i + 2 >= len)
				return -1;
			hi = sr_hex_digit(s[i + 1]);
			lo = sr_hex_digit(s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = (char)(hi * 16 + lo);
			if (c == '\0')
				return -1;
			i += 2;
		}
		dst[o++] = c;
	}
	dst[o] = '\0';
	return (long)o;
}

enum sr_err sr_query_parse(const char *qs, struct sr_query *q,
			   struct sr_fail *f)
{
	size_t len = strlen(qs);
	char *out;

	memset(q, 0, sizeof(*q));
	/*
	 * Decoding never grows the text. "n=v" needs its own length plus one
	 * byte (two NULs for the one '='), a bare "n" the same (its empty
	 * value is the name's NUL), and parts are apart by at least one '&':
	 * len + 1 bytes always do.
	 */
	q->buf = malloc(len + 2);
	if (!q->buf)
		return sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
				   "out of memory");
	out = q->buf;
	for (const char *p = qs; *p;) {
		size_t part = strcspn(p, "&");
		const char *eq = memchr(p, '=', part);
		size_t nlen = eq ? (size_t)(eq - p) : part;
		long n, v;

		if (part == 0) {
			p++;
			continue;
		}
		if (q->n == SR_QUERY_MAX_PARAMS)
			return sr_fail_set(f, SR_EINVAL, "too_many_params",
					   NULL,
					   "the query has more than %d parts",
					   SR_QUERY_MAX_PARAMS);
		n = decode(out, p, nlen);
		if (n <= 0)
			return sr_fail_set(f, SR_EINVAL, "bad_query", NULL,
					   "the query has a bad name or "
					   "%%-escape near '%.*s'",
					   (int)(part > 40 ? 40 : part), p);
		q->names[q->n] = out;
		out += n + 1;
		if (eq) {
			v = decode(out, eq + 1, part - nlen - 1);
			if (v < 0)
				return sr_fail_set(f, SR_EINVAL, "bad_query",
						   q->names[q->n],
						   "the value of %.40s has a "
						   "bad %%-escape",
						   q->names[q->n]);
			q->values[q->n] = out;
			out += v + 1;
		} else {
			q->values[q->n] = out - 1;
		}
		for (size_t i = 0; i < q->n; i++)
			if (!strcmp(q->names[i], q->names[q->n]))
				return sr_fail_set(
					f, SR_EINVAL, "duplicate_param",
					q->names[i], "%.40s is given twice",
					q->names[i]);
		q->n++;
		p += part;
	}
	return SR_OK;
}

void sr_query_release(struct sr_query *q)
{
	free(q->buf);
	memset(q, 0, sizeof(*q));
}

const char *sr_query_get(const struct sr_query *q, const char *name)
{
	for (size_t i = 0; i < q->n; i++)
		if (!strcmp(q->names[i], name))
			return q->values[i];
	return NULL;
}

static enum sr_err whole(const char *name, const char *text, int64_t min,
			 int64_t max, int64_t *out, struct sr_fail *f)
{
	if (sr_parse_i64z(text, out, min, max))
		return sr_fail_set(f, SR_EINVAL, "out_of_range", name,
				   "%s must be a whole number from %" PRId64
				   " to %" PRId64,
				   name, min, max);
	return SR_OK;
}

enum sr_err sr_query_to_list(const struct sr_query *q, struct sr_list_query *lq,
			     struct sr_fail *f)
{
	enum sr_err err = SR_OK;

	memset(lq, 0, sizeof(*lq));
	for (size_t i = 0; i < q->n && !err; i++) {
		if (!strcmp(q->names[i], "limit")) {
			err = whole("limit", q->values[i], 1, SR_LIST_MAX,
				    &lq->limit, f);
		} else if (!strcmp(q->names[i], "offset")) {
			err = whole("offset", q->values[i], 0, INT64_MAX / 2,
				    &lq->offset, f);
		} else if (lq->n < SR_LIST_MAX_FILTERS) {
			lq->names[lq->n] = q->names[i];
			lq->values[lq->n] = q->values[i];
			lq->n++;
		}
	}
	return err;
}
