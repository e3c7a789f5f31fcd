/*
 * fuzz-numbers.c - libFuzzer driver for the bounded number parsers that
 * every number from outside goes through: sr_parse_i64 / sr_parse_i64z
 * (query strings, CLI options, CSV cells), sr_parse_money (CLI amounts in
 * major units) and sr_parse_listen (--listen HOST:PORT).
 *
 * Input layout: bytes 0..7 and 8..15 are min and max (little-endian int64,
 * zero-padded when short; min > max is a fair case), the rest is the text.
 * The text is given to sr_parse_i64 by length as it is, and as a
 * NUL-terminated copy (cut at the first NUL) to the others. Byte 0 also
 * sizes the host buffer of sr_parse_listen (1..256 bytes, allocated exactly
 * so ASan sees any overrun). Invariants, abort() on the first that breaks:
 *
 *   - sr_parse_i64 agrees with a reference written here: it accepts exactly
 *     -?(0|[1-9][0-9]*) but not "-0" (so no '+', spaces or leading zeros),
 *     gives SR_EINVAL for anything else and SR_ETOOBIG for a number outside
 *     int64 or [min, max]; on success min <= v <= max and printing v with
 *     PRId64 gives the input text back exactly; on error *out is untouched;
 *   - sr_parse_i64z is sr_parse_i64 over strlen();
 *   - sr_parse_money accepts exactly (0|[1-9][0-9]*)(.[0-9]{1,2})?, its
 *     value is units * 100 + cents, within [0, max]; printed as "U.CC" it
 *     parses back to the same value; on error *minor is untouched;
 *   - sr_parse_listen accepts exactly "HOST:PORT" (HOST without ':'),
 *     "[HOST]:PORT" (HOST without ']') and ":PORT" with a canonical PORT in
 *     0..65535 and HOST shorter than the buffer; on success writing host and
 *     port back in the same form gives the input exactly; on failure
 *     f.code and f.message are set and serialise, and *port is untouched.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smallrun/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define UNTOUCHED INT64_C(0x5a5a5a5a5a5a5a5a)

/*
 * The reference for sr_parse_i64: SR_EINVAL, SR_ETOOBIG or SR_OK with *v.
 * Overflow is tracked in unsigned arithmetic on the magnitude.
 */
static enum sr_err ref_i64(const char *s, size_t len, int64_t min, int64_t max,
			   int64_t *v)
{
	bool neg = len && s[0] == '-';
	size_t i = neg, digits = len - i;
	uint64_t mag = 0, limit = neg ? (uint64_t)INT64_MAX + 1 : INT64_MAX;
	bool over = false;

	if (digits == 0)
		return SR_EINVAL;
	for (size_t k = i; k < len; k++)
		if (s[k] < '0' || s[k] > '9')
			return SR_EINVAL;
	if (s[i] == '0' && (digits > 1 || neg))
		return SR_EINVAL;
	for (size_t k = i; k < len; k++) {
		unsigned d = (unsigned)(s[k] - '0');

		if (mag > (limit - d) / 10)
			over = true;
		else
			mag = mag * 10 + d;
	}
	if (over)
		return SR_ETOOBIG;
	if (neg)
		*v = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
	else
		*v = (int64_t)mag;
	return *v < min || *v > max ? SR_ETOOBIG : SR_OK;
}

static void check_i64(const char *s, size_t len, int64_t min, int64_t max)
{
	int64_t out = UNTOUCHED, want = 0;
	enum sr_err err = sr_parse_i64(s, len, &out, min, max);
	enum sr_err ref = ref_i64(s, len, min, max, &want);
	char text[32];

	if (err != ref)
		abort();
	if (err) {
		if (out != UNTOUCHED)
			abort();
		return;
	}
	if (out != want || out < min || out > max)
		abort();
	snprintf(text, sizeof(text), "%" PRId64, out);
	if (strlen(text) != len || memcmp(text, s, len))
		abort();
	out = UNTOUCHED;
	if (sr_parse_i64z(text, &out, min, max) != SR_OK || out != want)
		abort();
}

static void check_i64z(const char *z, int64_t min, int64_t max)
{
	int64_t a = UNTOUCHED, b = UNTOUCHED;
	enum sr_err ea = sr_parse_i64z(z, &a, min, max);
	enum sr_err eb = sr_parse_i64(z, strlen(z), &b, min, max);

	if (ea != eb || a != b)
		abort();
}

/* The reference for sr_parse_money over a NUL-terminated string. */
static bool ref_money(const char *s, int64_t max, int64_t *v)
{
	const char *dot = strchr(s, '.');
	size_t whole = dot ? (size_t)(dot - s) : strlen(s);
	int64_t units = 0, cents = 0;

	if (whole == 0 || (s[0] == '0' && whole > 1))
		return false;
	for (size_t i = 0; i < whole; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		if (units > (INT64_MAX - 9) / 10)
			return false;
		units = units * 10 + (s[i] - '0');
	}
	if (dot) {
		size_t frac = strlen(dot + 1);

		if (frac < 1 || frac > 2)
			return false;
		for (size_t i = 0; i < frac; i++) {
			if (dot[1 + i] < '0' || dot[1 + i] > '9')
				return false;
			cents = cents * 10 + (dot[1 + i] - '0');
		}
		if (frac == 1)
			cents *= 10;
	}
	if (units > (INT64_MAX - cents) / 100)
		return false;
	*v = units * 100 + cents;
	return *v <= max;
}

static void check_money(const char *z, int64_t max)
{
	int64_t out = UNTOUCHED, want = 0, again = UNTOUCHED;
	enum sr_err err = sr_parse_money(z, &out, max);
	char text[48];

	if (err != SR_OK && err != SR_EINVAL && err != SR_ETOOBIG)
		abort();
	if (err) {
		if (out != UNTOUCHED)
			abort();
		/* Refused: either not an amount, or too much for max. */
		if (ref_money(z, max, &want))
			abort();
		return;
	}
	if (out < 0 || out > max)
		abort();
	if (!ref_money(z, max, &want) || out != want)
		abort();
	snprintf(text, sizeof(text), "%" PRId64 ".%02" PRId64, out / 100,
		 out % 100);
	if (sr_parse_money(text, &again, max) != SR_OK || again != out)
		abort();
}

static void check_fail(const struct sr_fail *f)
{
	struct sr_buf e = SR_BUF_INIT(1 << 16);

	if (!f->code || f->code[0] == '\0' || f->message.len == 0)
		abort();
	if (sr_fail_to_json(f, &e) != SR_OK || e.len == 0)
		abort();
	sr_buf_release(&e);
}

/* Must sr_parse_listen accept s (with a host buffer of hostsz)? */
static bool ref_listen(const char *s, size_t hostsz)
{
	const char *host, *colon;
	size_t hlen;
	int64_t port;

	if (s[0] == '[') {
		const char *close = strchr(s, ']');

		if (!close || close[1] != ':')
			return false;
		host = s + 1;
		hlen = (size_t)(close - host);
		colon = close + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon)
			return false;
		host = s;
		hlen = (size_t)(colon - s);
		if (memchr(host, ':', hlen))
			return false;
	}
	return hlen < hostsz &&
	       ref_i64(colon + 1, strlen(colon + 1), 0, 65535, &port) == SR_OK;
}

static void check_listen(const char *z, size_t hostsz)
{
	struct sr_fail f = SR_FAIL_INIT;
	char *host = malloc(hostsz);
	struct sr_buf back = SR_BUF_INIT(1 << 16);
	int port = -7;
	enum sr_err err;

	if (!host)
		abort();
	err = sr_parse_listen(z, host, hostsz, &port, &f);
	if (err) {
		if (err != SR_EINVAL || f.err != err || port != -7)
			abort();
		check_fail(&f);
		if (ref_listen(z, hostsz))
			abort();
		goto out;
	}
	if (!ref_listen(z, hostsz))
		abort();
	if (port < 0 || port > 65535 || strlen(host) >= hostsz)
		abort();
	if (z[0] == '[')
		sr_buf_addf(&back, "[%s]:%d", host, port);
	else
		sr_buf_addf(&back, "%s:%d", host, port);
	if (back.err || strcmp(back.data, z))
		abort();
out:
	sr_buf_release(&back);
	sr_fail_release(&f);
	free(host);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t head[16] = {0};
	int64_t min, max;
	const char *text = (const char *)data + (size < 16 ? size : 16);
	size_t len = size < 16 ? 0 : size - 16;
	char *z;

	memcpy(head, data, size < 16 ? size : 16);
	memcpy(&min, head, 8);
	memcpy(&max, head + 8, 8);
	check_i64(text, len, min, max);
	/* Also with wide-open bounds, so the syntax is always exercised. */
	check_i64(text, len, INT64_MIN, INT64_MAX);

	z = malloc(len + 1);
	if (!z)
		return 0;
	memcpy(z, text, len);
	z[len] = '\0';
	check_i64z(z, min, max);
	check_money(z, max);
	check_money(z, INT64_MAX);
	check_listen(z, (size_t)head[0] + 1);
	free(z);
	return 0;
}
