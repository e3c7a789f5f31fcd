/* parse.c - bounded parsers for text from outside, and money as text. */
#include "compat.h"

#include "smallrun/parse.h"

enum sr_err sr_parse_i64(const char *s, size_t len, int64_t *out, int64_t min,
			 int64_t max)
{
	uint64_t limit, v = 0;
	size_t i = 0;
	bool neg = false, over = false;

	if (len && s[0] == '-') {
		neg = true;
		i = 1;
	}
	if (i == len)
		return SR_EINVAL;
	/* One spelling per number: no leading zeros, and no "-0". */
	if (s[i] == '0' && (len - i > 1 || neg))
		return SR_EINVAL;
	/* Magnitude limit: |INT64_MIN| for negatives, INT64_MAX otherwise. */
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < len; i++) {
		unsigned d;

		if (s[i] < '0' || s[i] > '9')
			return SR_EINVAL;
		d = (unsigned)(s[i] - '0');
		/* Read on: "99999999999999999999x" is not a number at all. */
		if (v > (limit - d) / 10)
			over = true;
		else
			v = v * 10 + d;
	}
	if (over)
		return SR_ETOOBIG;
	if (neg) {
		int64_t r =
			v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
		if (r < min || r > max)
			return SR_ETOOBIG;
		*out = r;
	} else {
		if ((int64_t)v < min || (int64_t)v > max)
			return SR_ETOOBIG;
		*out = (int64_t)v;
	}
	return SR_OK;
}

enum sr_err sr_parse_i64z(const char *s, int64_t *out, int64_t min, int64_t max)
{
	return sr_parse_i64(s, strlen(s), out, min, max);
}

enum sr_err sr_parse_listen(const char *s, char *host, size_t hostsz, int *port,
			    struct sr_fail *f)
{
	const char *colon, *h = s;
	size_t hlen;
	int64_t p;

	if (s[0] == '[') {
		const char *close = strchr(s, ']');

		if (!close || close[1] != ':')
			return sr_fail_set(f, SR_EINVAL, "bad_listen", "listen",
					   "'%s' is not [IPV6]:PORT", s);
		h = s + 1;
		hlen = (size_t)(close - h);
		colon = close + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon)
			return sr_fail_set(f, SR_EINVAL, "bad_listen", "listen",
					   "'%s' has no port; use ADDR:PORT, "
					   "e.g. 127.0.0.1:8080",
					   s);
		hlen = (size_t)(colon - s);
		if (memchr(s, ':', hlen))
			return sr_fail_set(f, SR_EINVAL, "bad_listen", "listen",
					   "write an IPv6 address in brackets, "
					   "e.g. [::1]:8080");
	}
	if (hlen >= hostsz)
		return sr_fail_set(f, SR_EINVAL, "bad_listen", "listen",
				   "the address in '%s' is too long", s);
	if (sr_parse_i64z(colon + 1, &p, 0, 65535))
		return sr_fail_set(f, SR_EINVAL, "bad_listen", "listen",
				   "the port in '%s' must be a number from 0 "
				   "to 65535",
				   s);
	memcpy(host, h, hlen);
	host[hlen] = '\0';
	*port = (int)p;
	return SR_OK;
}

enum sr_err sr_parse_money(const char *s, int64_t *minor, int64_t max)
{
	const char *dot = strchr(s, '.');
	size_t whole = dot ? (size_t)(dot - s) : strlen(s);
	int64_t units, cents = 0;
	size_t frac;

	if (!whole || s[0] == '-')
		return SR_EINVAL;
	if (sr_parse_i64(s, whole, &units, 0, INT64_MAX / 100))
		return SR_EINVAL;
	if (dot) {
		frac = strlen(dot + 1);
		if (frac < 1 || frac > 2)
			return SR_EINVAL;
		for (size_t i = 0; i < frac; i++) {
			if (dot[1 + i] < '0' || dot[1 + i] > '9')
				return SR_EINVAL;
			cents = cents * 10 + (dot[1 + i] - '0');
		}
		if (frac == 1)
			cents *= 10;
	}
	/* cents first: with cents > max, (max - cents) / 100 rounds to 0. */
	if (cents > max || units > (max - cents) / 100)
		return SR_ETOOBIG;
	*minor = units * 100 + cents;
	return SR_OK;
}

char *sr_money_format(int64_t minor, char out[static SR_MONEY_TEXT_SIZE])
{
	/* The magnitude in uint64_t: -INT64_MIN does not fit in int64_t. */
	uint64_t a = minor < 0 ? -(uint64_t)minor : (uint64_t)minor;

	snprintf(out, SR_MONEY_TEXT_SIZE, "%s%" PRIu64 ".%02" PRIu64,
		 minor < 0 ? "-" : "", a / 100, a % 100);
	return out;
}

enum sr_err sr_check_length(const char *name, size_t len, int64_t min,
			    int64_t max, struct sr_fail *f)
{
	if (len == 0 && min > 0)
		return sr_fail_set(f, SR_EINVAL, "missing_value", name,
				   "%s cannot be empty", name);
	if ((int64_t)len < min || (int64_t)len > max)
		return sr_fail_set(f, SR_EINVAL, "bad_length", name,
				   "%s must be %" PRId64 " to %" PRId64
				   " bytes long",
				   name, min, max);
	return SR_OK;
}

int sr_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
