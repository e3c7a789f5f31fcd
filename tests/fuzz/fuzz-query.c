/*
 * fuzz-query.c - libFuzzer driver for the query-string parser
 * (sr_query_parse, sr_query_get, sr_query_to_list): the text after '?' of
 * every list request comes from outside.
 *
 * The input is split at NUL bytes and each piece (at most 8) is parsed as
 * its own NUL-terminated query string, as a C caller would see it, so bytes
 * after an embedded NUL are not wasted. Invariants, abort() on the first
 * that breaks:
 *
 *   - the parser agrees with a plain reference decoder written here, which
 *     keeps NUL bytes: it fails exactly when and as the reference does
 *     (same f.code), and on success gives the same pairs byte for byte —
 *     so no decoded name or value holds a NUL, and no text is lost;
 *   - on failure: SR_EINVAL, f.code and f.message set, sr_fail_to_json works;
 *   - on success: n <= SR_QUERY_MAX_PARAMS, names non-empty and unique,
 *     sr_query_get finds each value and nothing for "";
 *   - round trip: percent-encoding every pair and parsing that again gives
 *     the same pairs in the same order;
 *   - sr_query_to_list: on success limit is 0 (not given) or 1..SR_LIST_MAX,
 *     offset >= 0, both the canonical spelling of the text given, and the
 *     filters are exactly the other pairs, in order; it fails only over a
 *     limit or offset, with f set;
 *   - sr_query_release is safe after either outcome, and twice.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smallrun/query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_PIECES 8

static void check_fail(const struct sr_fail *f)
{
	struct sr_buf e = SR_BUF_INIT(1 << 16);

	if (!f->code || f->code[0] == '\0' || f->message.len == 0)
		abort();
	if (sr_fail_to_json(f, &e) != SR_OK || e.len == 0)
		abort();
	sr_buf_release(&e);
}

/*
 * The reference: the grammar written again, plainly, keeping NUL bytes so
 * that a decoded NUL shows. Returns the failure code the parser must give
 * ("" for success) and fills r with the pairs (malloc'd, with lengths).
 */
struct ref {
	char *names[SR_QUERY_MAX_PARAMS], *values[SR_QUERY_MAX_PARAMS];
	size_t nlen[SR_QUERY_MAX_PARAMS], vlen[SR_QUERY_MAX_PARAMS];
	size_t n;
};

/*
 * A hex digit's value, or -1. Looked up in a table rather than worked out
 * as lib/query.c does, so that the reference shares no code with what it
 * checks.
 */
static int hexval(char c)
{
	static const char digits[] = "0123456789abcdef0123456789ABCDEF";
	const char *at = c ? strchr(digits, c) : NULL;

	return at ? (int)((at - digits) % 16) : -1;
}

/* Decode s[0..len) into a new buffer; -1 on a bad or NUL escape. */
static long ref_decode(const char *s, size_t len, char **out)
{
	char *d = malloc(len + 1);
	size_t o = 0;

	if (!d)
		abort();
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '%') {
			int hi = i + 2 < len ? hexval(s[i + 1]) : -1;
			int lo = i + 2 < len ? hexval(s[i + 2]) : -1;

			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
				free(d);
				return -1;
			}
			d[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			d[o++] = s[i] == '+' ? ' ' : s[i];
		}
	}
	d[o] = '\0';
	*out = d;
	return (long)o;
}

static const char *ref_parse(const char *qs, struct ref *r)
{
	memset(r, 0, sizeof(*r));
	for (const char *p = qs; *p;) {
		size_t part = strcspn(p, "&");
		const char *eq = memchr(p, '=', part);
		size_t nlen = eq ? (size_t)(eq - p) : part;
		size_t i = r->n;
		long n, v;

		if (part == 0) {
			p++;
			continue;
		}
		if (i == SR_QUERY_MAX_PARAMS)
			return "too_many_params";
		n = ref_decode(p, nlen, &r->names[i]);
		if (n <= 0)
			return "bad_query";
		v = eq ? ref_decode(eq + 1, part - nlen - 1, &r->values[i])
		       : ref_decode("", 0, &r->values[i]);
		r->n++;
		if (v < 0)
			return "bad_query";
		r->nlen[i] = (size_t)n;
		r->vlen[i] = (size_t)v;
		for (size_t k = 0; k < i; k++)
			if (r->nlen[k] == r->nlen[i] &&
			    !memcmp(r->names[k], r->names[i], r->nlen[i]))
				return "duplicate_param";
		p += part;
	}
	return "";
}

static void ref_release(struct ref *r)
{
	for (size_t i = 0; i < SR_QUERY_MAX_PARAMS; i++) {
		free(r->names[i]);
		free(r->values[i]);
	}
}

/* Percent-encode s (everything but letters and digits) onto out. */
static void encode(struct sr_buf *out, const char *s)
{
	static const char hexd[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9')) {
			sr_buf_addch(out, (char)*p);
		} else {
			char esc[3] = {'%', hexd[*p >> 4], hexd[*p & 15]};

			sr_buf_add(out, esc, 3);
		}
	}
}

static void check_round_trip(const struct sr_query *q)
{
	struct sr_buf qs = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_query again;

	for (size_t i = 0; i < q->n; i++) {
		if (i)
			sr_buf_addch(&qs, '&');
		encode(&qs, q->names[i]);
		/* "a" and "a=" both mean an empty value: use both forms. */
		if (q->values[i][0] || i % 2) {
			sr_buf_addch(&qs, '=');
			encode(&qs, q->values[i]);
		}
	}
	if (qs.err)
		abort();
	if (sr_query_parse(qs.data, &again, &f) != SR_OK || again.n != q->n)
		abort();
	for (size_t i = 0; i < q->n; i++)
		if (strcmp(again.names[i], q->names[i]) ||
		    strcmp(again.values[i], q->values[i]))
			abort();
	sr_query_release(&again);
	sr_fail_release(&f);
	sr_buf_release(&qs);
}

/* text must be the canonical decimal spelling of v. */
static void check_spelling(const char *text, int64_t v)
{
	char want[32];

	snprintf(want, sizeof(want), "%" PRId64, v);
	if (strcmp(text, want))
		abort();
}

static void check_list(const struct sr_query *q)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_list_query lq;
	const char *limit = sr_query_get(q, "limit");
	const char *offset = sr_query_get(q, "offset");
	size_t j = 0;

	if (sr_query_to_list(q, &lq, &f) != SR_OK) {
		if (f.err != SR_EINVAL || (!limit && !offset))
			abort();
		check_fail(&f);
		sr_fail_release(&f);
		return;
	}
	if (lq.limit < 0 || lq.limit > SR_LIST_MAX || lq.offset < 0)
		abort();
	if (limit)
		check_spelling(limit, lq.limit);
	else if (lq.limit != 0)
		abort();
	if (offset)
		check_spelling(offset, lq.offset);
	else if (lq.offset != 0)
		abort();
	if (lq.n > SR_LIST_MAX_FILTERS)
		abort();
	for (size_t i = 0; i < q->n; i++) {
		if (!strcmp(q->names[i], "limit") ||
		    !strcmp(q->names[i], "offset"))
			continue;
		if (j >= lq.n || lq.names[j] != q->names[i] ||
		    lq.values[j] != q->values[i])
			abort();
		j++;
	}
	if (j != lq.n)
		abort();
	sr_fail_release(&f);
}

static void one(const char *qs)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_query q;
	struct ref ref;
	const char *want = ref_parse(qs, &ref);
	enum sr_err err;

	err = sr_query_parse(qs, &q, &f);
	if (err) {
		if (err != SR_EINVAL || f.err != err)
			abort();
		check_fail(&f);
		if (strcmp(f.code, want))
			abort();
		goto out;
	}
	if (want[0] || q.n > SR_QUERY_MAX_PARAMS || q.n != ref.n)
		abort();
	for (size_t i = 0; i < q.n; i++) {
		if (!q.names[i] || !q.values[i] || q.names[i][0] == '\0')
			abort();
		if (strlen(q.names[i]) != ref.nlen[i] ||
		    memcmp(q.names[i], ref.names[i], ref.nlen[i]) ||
		    strlen(q.values[i]) != ref.vlen[i] ||
		    memcmp(q.values[i], ref.values[i], ref.vlen[i]))
			abort();
		for (size_t k = 0; k < i; k++)
			if (!strcmp(q.names[k], q.names[i]))
				abort();
		if (sr_query_get(&q, q.names[i]) != q.values[i])
			abort();
	}
	if (sr_query_get(&q, "") != NULL)
		abort();
	check_round_trip(&q);
	check_list(&q);
out:
	sr_query_release(&q);
	sr_query_release(&q);
	sr_fail_release(&f);
	ref_release(&ref);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1);
	size_t at = 0;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	for (int piece = 0; piece < MAX_PIECES && at <= size; piece++) {
		one(copy + at);
		at += strlen(copy + at) + 1;
	}
	free(copy);
	return 0;
}
