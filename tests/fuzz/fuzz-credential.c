/*
 * fuzz-credential.c - libFuzzer driver for the credentials a request
 * carries (server/credential.c): the Cookie and Authorization headers come
 * from anyone who can connect, and the access log shows every query.
 *
 * The input is four pieces, one per '\n' (a NUL ends the piece it is in):
 * a Cookie header, an Authorization header, a query string and an address.
 * The first byte of the input also sizes the output buffers (1 to 64
 * bytes, and 256). Invariants, abort() on the first that breaks:
 *
 *   - sr_cred_cookie(): on 0 the value fits the buffer, is cookie-octets
 *     only (no space, tab, quote, ';', ',' or backslash), and occurs in
 *     the header; a value found in a small buffer is found, the
 *     same, in a large one;
 *   - sr_cred_bearer(): on 0 the token is 1 or more token68 characters
 *     then any '=', it occurs in the header, and the header starts (after
 *     spaces) with "bearer" in some case;
 *   - sr_cred_redact(): the result fits its buffer, and in it every pair
 *     whose name decodes to "key" has the value "-" (or was cut short);
 *   - sr_cred_set_cookie() of a found cookie value reads back as it;
 *   - sr_cred_loopback() answers the same twice.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "credential.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		abort();
}

static void check_cookie(const char *h, size_t small)
{
	char a[64], b[256];
	int ra = sr_cred_cookie(h, SR_COOKIE, a, small);
	int rb = sr_cred_cookie(h, SR_COOKIE, b, sizeof(b));
	size_t n;

	if (ra == 0) {
		n = strlen(a);
		check(n < small && rb == 0 && !strcmp(a, b));
	}
	if (rb != 0)
		return;
	n = strlen(b);
	check(!strpbrk(b, "; \t\",\\") && strstr(h, b));
	for (size_t i = 0; i < n; i++)
		check((unsigned char)b[i] > 0x20 && b[i] != 0x7f);
	/* What a Set-Cookie says reads back as it, when it is a value a
	 * cookie can hold. */
	if (n < 64 && !strpbrk(b, "; \t\"")) {
		char set[SR_SET_COOKIE_MAX], back[256];

		sr_cred_set_cookie(set, false, b, 60);
		check(sr_cred_cookie(set, SR_COOKIE, back, sizeof(back)) == 0 &&
		      !strcmp(back, b));
	}
}

static bool token68(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || strchr("-._~+/", c);
}

static void check_bearer(const char *h, size_t small)
{
	char t[256], s[64];
	const char *p = h;
	size_t n, i = 0;

	if (sr_cred_bearer(h, s, small) == 0)
		check(sr_cred_bearer(h, t, sizeof(t)) == 0 && !strcmp(s, t));
	if (sr_cred_bearer(h, t, sizeof(t)))
		return;
	n = strlen(t);
	while (i < n && t[i] && token68(t[i]))
		i++;
	check(i > 0);
	while (i < n && t[i] == '=')
		i++;
	check(i == n && strstr(h, t));
	while (*p == ' ' || *p == '\t')
		p++;
	check(!strncasecmp(p, "bearer", 6));
}

/* Does q[0..len) decode to "key"? (As the server's query parser reads.) */
static bool is_key(const char *q, size_t len)
{
	char d[8];
	size_t k = 0;

	for (size_t i = 0; i < len; i++) {
		char c = q[i];

		if (k == sizeof(d) - 1)
			return false;
		if (c == '%' && i + 2 < len) {
			char hex[3] = {q[i + 1], q[i + 2], 0};
			char *end;
			long v = strtol(hex, &end, 16);

			if (!*end && hex[0] != '-' && hex[0] != '+' &&
			    hex[0] != ' ') {
				c = (char)v;
				i += 2;
			}
		} else if (c == '+') {
			c = ' ';
		}
		d[k++] = c;
	}
	d[k] = '\0';
	return !strcmp(d, "key");
}

static void check_redact(const char *q, size_t small)
{
	char out[256], cut[64];
	size_t n;

	sr_cred_redact(q, out, sizeof(out));
	sr_cred_redact(q, cut, small);
	check(strlen(out) < sizeof(out) && strlen(cut) < small);
	/* Whole pairs only: the last one may have been cut. */
	n = strlen(out);
	for (const char *p = out; *p;) {
		size_t len = strcspn(p, "&");
		const char *eq = memchr(p, '=', len);
		bool last = !p[len];

		if (eq && is_key(p, (size_t)(eq - p)) &&
		    !(last && n + 1 >= sizeof(out)))
			check(len - (size_t)(eq - p) - 1 <= 1 &&
			      (len == (size_t)(eq - p) + 1 || eq[1] == '-'));
		p += len + (p[len] == '&');
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *piece[4] = {"", "", "", ""};
	size_t small = size ? (size_t)(data[0] % 64) + 1 : 1;
	char *p;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	p = text;
	for (int i = 0; i < 4 && p; i++) {
		char *nl = strchr(p, '\n');

		piece[i] = p;
		if (nl)
			*nl++ = '\0';
		p = nl;
	}
	check_cookie(piece[0], small);
	check_bearer(piece[1], small);
	check_redact(piece[2], small);
	check(sr_cred_loopback(piece[3]) == sr_cred_loopback(piece[3]));
	free(text);
	return 0;
}
