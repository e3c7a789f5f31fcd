/* credential.c - the Cookie, Authorization and Set-Cookie texts (credential.h).
 */
#include "compat.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include "credential.h"
#include "smallrun/parse.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

int sr_cred_cookie(const char *header, const char *name, char *out, size_t size)
{
	size_t nlen = strlen(name);

	if (!header || !size)
		return -1;
	for (const char *p = header; *p;) {
		const char *end = strchr(p, ';'), *eq, *v, *ve;

		if (!end)
			end = p + strlen(p);
		while (p < end && is_space(*p))
			p++;
		eq = memchr(p, '=', (size_t)(end - p));
		if (eq && (size_t)(eq - p) == nlen && !memcmp(p, name, nlen)) {
			v = eq + 1;
			ve = end;
			while (v < ve && is_space(*v))
				v++;
			while (ve > v && is_space(ve[-1]))
				ve--;
			if (ve - v >= 2 && *v == '"' && ve[-1] == '"') {
				v++;
				ve--;
			}
			if ((size_t)(ve - v) >= size)
				return -1;
			/* RFC 6265 cookie-octets only. */
			for (const char *c = v; c < ve; c++)
				if ((unsigned char)*c < 0x21 || *c == 0x7f ||
				    *c == '"' || *c == ',' || *c == '\\')
					return -1;
			memcpy(out, v, (size_t)(ve - v));
			out[ve - v] = '\0';
			return 0;
		}
		p = *end ? end + 1 : end;
	}
	return -1;
}

static bool token68_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	       c == '~' || c == '+' || c == '/';
}

int sr_cred_bearer(const char *header, char *out, size_t size)
{
	const char *p = header, *t;
	size_t n = 0;

	if (!p || !size)
		return -1;
	while (is_space(*p))
		p++;
	if (strncasecmp(p, "bearer", 6) || !is_space(p[6]))
		return -1;
	p += 6;
	while (is_space(*p))
		p++;
	t = p;
	while (token68_char(t[n]))
		n++;
	if (!n)
		return -1;
	while (t[n] == '=')
		n++;
	for (p = t + n; is_space(*p); p++)
		;
	if (*p || n >= size)
		return -1;
	memcpy(out, t, n);
	out[n] = '\0';
	return 0;
}

void sr_cred_set_cookie(char *out, bool tls, const char *value, int64_t max_age)
{
	snprintf(out, SR_SET_COOKIE_MAX,
		 "%s=%s; Max-Age=%" PRId64 "; Path=/; HttpOnly; "
		 "SameSite=Strict%s",
		 tls ? SR_COOKIE_TLS : SR_COOKIE, value, max_age,
		 tls ? "; Secure" : "");
}

/* Does the query name q[0..len) decode to "key"? */
static bool names_key(const char *q, size_t len)
{
	static const char want[] = "key";
	size_t k = 0;

	for (size_t i = 0; i < len; i++, k++) {
		char c = q[i];

		if (c == '%' && i + 2 < len && sr_hex_digit(q[i + 1]) >= 0 &&
		    sr_hex_digit(q[i + 2]) >= 0) {
			c = (char)(sr_hex_digit(q[i + 1]) * 16 +
				   sr_hex_digit(q[i + 2]));
			i += 2;
		} else if (c == '+') {
			c = ' ';
		}
		if (k >= 3 || c != want[k])
			return false;
	}
	return k == 3;
}

void sr_cred_redact(const char *query, char *out, size_t size)
{
	size_t n = 0;

	if (!size)
		return;
	for (const char *p = query ? query : ""; *p && n + 1 < size;) {
		size_t len = strcspn(p, "&");
		const char *eq = memchr(p, '=', len);
		size_t keep = eq && names_key(p, (size_t)(eq - p))
				      ? (size_t)(eq - p) + 1
				      : len;

		for (size_t i = 0; i < keep && n + 1 < size; i++)
			out[n++] = p[i];
		if (keep < len && n + 1 < size)
			out[n++] = '-';
		p += len;
		if (*p && n + 1 < size)
			out[n++] = *p++;
	}
	out[n] = '\0';
}

bool sr_cred_loopback(const char *addr)
{
	struct in_addr a4;
	struct in6_addr a6;

	if (!addr)
		return false;
	if (inet_pton(AF_INET, addr, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, addr, &a6) != 1)
		return false;
	if (IN6_IS_ADDR_LOOPBACK(&a6))
		return true;
	return IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127;
}
