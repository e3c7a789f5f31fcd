/*
 * credential.h - the credentials a request carries, read and written: the
 * session cookie (Cookie, Set-Cookie), a script's token (Authorization:
 * Bearer), a calendar key in a query kept out of the access log, and
 * whether an address is this machine's own. Pure functions of their
 * arguments, so that a fuzz driver (fuzz-credential) and unit tests call
 * them directly; api-auth.c decides what the credentials are worth.
 */
#ifndef SMALLRUN_SERVER_CREDENTIAL_H
#define SMALLRUN_SERVER_CREDENTIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The session cookie's name. Over TLS it has the __Host- prefix, which a
 * browser accepts only from a secure origin, with Path=/ and no Domain, so
 * no other site or subdomain can set or shadow it.
 */
#define SR_COOKIE "smallrun_session"
#define SR_COOKIE_TLS "__Host-smallrun_session"

/* Room for a Set-Cookie value sr_cred_set_cookie() writes. */
#define SR_SET_COOKIE_MAX 160

/*
 * The value of the cookie called name in the value of a Cookie header
 * ("a=1; smallrun_session=XYZ"), without surrounding double quotes, into
 * out (size bytes). Pairs are split at ';' and trimmed of spaces and tabs;
 * names compare exactly; the first pair of that name counts. Returns 0
 * when found, -1 when it is not there, has no '=', does not fit out, or
 * holds a byte that is not a cookie-octet (RFC 6265: a space, a quote
 * inside, ',', '\\', a control byte).
 */
int sr_cred_cookie(const char *header, const char *name, char *out,
		   size_t size);

/*
 * The token of an Authorization header "Bearer TOKEN" (the scheme in any
 * case, then spaces, then a token68: A-Z a-z 0-9 - . _ ~ + / then any
 * '='), into out. Returns 0, or -1 when the header is not that or the
 * token does not fit out.
 */
int sr_cred_bearer(const char *header, char *out, size_t size);

/*
 * A Set-Cookie value for the session cookie into out (SR_SET_COOKIE_MAX
 * bytes): "NAME=VALUE; Max-Age=N; Path=/; HttpOnly; SameSite=Strict",
 * with "; Secure" and the __Host- name over TLS. value "" with max_age 0
 * tells the browser to forget it.
 */
void sr_cred_set_cookie(char *out, bool tls, const char *value,
			int64_t max_age);

/*
 * query as the access log may show it, into out (size bytes, cut to fit):
 * the value of every pair whose name, %-decoded, is "key" written "-".
 */
void sr_cred_redact(const char *query, char *out, size_t size);

/* Is addr ("127.0.0.1", "::1", "::ffff:127.0.0.1") of this machine? */
bool sr_cred_loopback(const char *addr);

#endif
