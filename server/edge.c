/*
 * edge.c - the checks of edge.h: what every request must be before any
 * handler sees it.
 *
 * Everything here is a function of its arguments: no allocation, no I/O,
 * no globals that change. Every loop is bounded by a length that an
 * earlier check capped (SR_EDGE_HEADERS_MAX fields, SR_EDGE_TARGET_MAX
 * bytes of target) or by a string the caller passed. Text from the
 * request goes into a message only through quote(), which keeps it short
 * and printable.
 */
#include "compat.h"

#include <arpa/inet.h>

#include "edge.h"
#include "smallrun/parse.h"

/* A Content-Length of at most 18 digits is below INT64_MAX (9.2e18). */
#define CL_DIGITS_MAX 18
/* The longest host name (RFC 1035) and label. */
#define NAME_MAX_CHARS 253
#define LABEL_MAX 63
/* How much of a request's text a message quotes; of a method, less. */
#define QUOTE_MAX 60
#define METHOD_QUOTE_MAX 16
/* The longest host name a message repeats as a --host-name to give. */
#define SUGGEST_MAX 40

/* ---- bytes ------------------------------------------------------------ */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* ASCII only: the C locale's tolower() is not wanted for protocol text. */
static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool eq_nocase(const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen != blen)
		return false;
	for (size_t i = 0; i < alen; i++)
		if (lower(a[i]) != lower(b[i]))
			return false;
	return true;
}

/* RFC 9110 §5.6.2: tchar = "!" / "#" / … / "~" / DIGIT / ALPHA. */
static bool is_tchar(unsigned char c)
{
	static const char extra[] = "!#$%&'*+-.^_`|~";

	if (is_digit((char)c) || is_alpha((char)c))
		return true;
	return c != '\0' && memchr(extra, c, sizeof(extra) - 1) != NULL;
}

static bool is_token(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (!is_tchar((unsigned char)*s))
			return false;
	return true;
}

/* A byte no request-target or decoded path may hold. */
static bool is_control(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

/* A field value without its leading and trailing OWS (RFC 9110 §5.5). */
struct span {
	const char *s;
	size_t len;
};

static struct span trimmed(const char *v)
{
	struct span t = {v, strlen(v)};

	while (t.len && (t.s[0] == ' ' || t.s[0] == '\t')) {
		t.s++;
		t.len--;
	}
	while (t.len && (t.s[t.len - 1] == ' ' || t.s[t.len - 1] == '\t'))
		t.len--;
	return t;
}

static bool span_is(struct span t, const char *word)
{
	return t.len == strlen(word) && !memcmp(t.s, word, t.len);
}

/* ---- the verdict ------------------------------------------------------ */

/*
 * At most max (<= QUOTE_MAX) bytes of s[0..len) into dst (QUOTE_MAX + 4),
 * printable ASCII kept and anything else shown as '?', so that a message
 * stays short and valid UTF-8 whatever the request held; "..." marks a cut.
 */
static void quote(char dst[QUOTE_MAX + 4], const char *s, size_t len,
		  size_t max)
{
	size_t n = len > max ? max : len;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		dst[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	if (n < len) {
		memcpy(dst + n, "...", 3);
		n += 3;
	}
	dst[n] = '\0';
}

static int refuse(struct sr_edge_result *out, int status, const char *code,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Set the status, code and message; return the status. */
static int refuse(struct sr_edge_result *out, int status, const char *code,
		  const char *fmt, ...)
{
	va_list ap;

	out->status = status;
	out->code = code;
	va_start(ap, fmt);
	/* Every quoted piece is at most QUOTE_MAX + 3 bytes: the sentences
	 * below fit the buffer, so nothing is cut. */
	vsnprintf(out->message, sizeof(out->message), fmt, ap);
	va_end(ap);
	return status;
}

/* ---- header fields ---------------------------------------------------- */

/* The first field called name (case-insensitive), and how many there are. */
static const struct sr_edge_header *field(const struct sr_edge_req *req,
					  const char *name, size_t *count)
{
	const struct sr_edge_header *first = NULL;
	size_t n = 0, len = strlen(name);

	for (size_t i = 0; i < req->nheaders; i++) {
		const char *h = req->headers[i].name;

		if (eq_nocase(h, strlen(h), name, len)) {
			if (!first)
				first = &req->headers[i];
			n++;
		}
	}
	if (count)
		*count = n;
	return first;
}

/* ---- hosts ------------------------------------------------------------ */

enum host_kind { HOST_NAME, HOST_IPV4, HOST_IPV6 };

/* A host as a Host field or an authority names it. */
struct host {
	enum host_kind kind;
	struct span name; /* without brackets or port */
};

/* A dotted quad of decimal 0-255 with no leading zeros ("127.0.0.1"). */
static bool is_ipv4(const char *s, size_t len)
{
	size_t i = 0;

	for (int part = 0; part < 4; part++) {
		size_t start;
		int v = 0;

		if (part && (i >= len || s[i++] != '.'))
			return false;
		start = i;
		while (i < len && is_digit(s[i]) && i - start < 3)
			v = v * 10 + (s[i++] - '0');
		if (i == start || v > 255 || (s[start] == '0' && i - start > 1))
			return false;
	}
	return i == len;
}

/*
 * An IPv6 address as RFC 4291 §2.2 writes it, without brackets: eight
 * groups of 1-4 hex digits, or fewer with one "::", the last two groups
 * possibly a dotted quad. No zone ("%25eth0").
 */
static bool is_ipv6(const char *s, size_t len)
{
	size_t i = 0, groups = 0;
	bool gap = false;

	if (len < 2)
		return false;
	if (s[0] == ':') {
		if (s[1] != ':')
			return false;
		gap = true;
		i = 2;
		if (len == 2)
			return true;
	}
	while (groups <= 8) {
		size_t start = i;

		while (i < len && i - start < 5 && sr_hex_digit(s[i]) >= 0)
			i++;
		if (i < len && s[i] == '.') {
			if (!is_ipv4(s + start, len - start))
				return false;
			groups += 2;
			break;
		}
		if (i == start || i - start > 4)
			return false;
		groups++;
		if (i == len)
			break;
		if (s[i++] != ':' || i == len)
			return false;
		if (s[i] == ':') {
			if (gap)
				return false;
			gap = true;
			if (++i == len)
				break;
		}
	}
	return gap ? groups < 8 : groups == 8;
}

/* RFC 3986 reg-name bytes, less pct-encoded: unreserved and sub-delims. */
static bool is_name_char(char c)
{
	static const char extra[] = "-._~!$&'()*+,;=";

	return is_digit(c) || is_alpha(c) ||
	       (c != '\0' && memchr(extra, c, sizeof(extra) - 1) != NULL);
}

/*
 * Parse "host[:port]" (RFC 9110 §7.2: uri-host [":" port]): a bracketed
 * IPv6 literal, a dotted quad, or a reg-name, then at most 5 port digits.
 * Returns false when s is not that.
 */
static bool parse_host(struct span s, struct host *h)
{
	size_t i = 0, port;

	if (s.len && s.s[0] == '[') {
		const char *close = memchr(s.s, ']', s.len);

		if (!close || !is_ipv6(s.s + 1, (size_t)(close - s.s) - 1))
			return false;
		h->kind = HOST_IPV6;
		h->name.s = s.s + 1;
		h->name.len = (size_t)(close - s.s) - 1;
		i = (size_t)(close - s.s) + 1;
	} else {
		while (i < s.len && is_name_char(s.s[i]))
			i++;
		h->name.s = s.s;
		h->name.len = i;
		h->kind = is_ipv4(s.s, i) ? HOST_IPV4 : HOST_NAME;
	}
	if (i == s.len)
		return true;
	if (s.s[i++] != ':')
		return false;
	for (port = 0; i < s.len; i++, port++)
		if (!is_digit(s.s[i]) || port == 5)
			return false;
	return true;
}

/* Letters, digits and inner hyphens, 1-63 of them (RFC 1123 §2.1). */
static bool is_label(const char *s, size_t len)
{
	if (len == 0 || len > LABEL_MAX || s[0] == '-' || s[len - 1] == '-')
		return false;
	for (size_t i = 0; i < len; i++)
		if (!is_digit(s[i]) && !is_alpha(s[i]) && s[i] != '-')
			return false;
	return true;
}

static bool is_host_name(const char *s, size_t len)
{
	size_t start = 0;

	if (len == 0 || len > NAME_MAX_CHARS)
		return false;
	for (size_t i = 0; i <= len; i++) {
		if (i == len || s[i] == '.') {
			if (!is_label(s + start, i - start))
				return false;
			start = i + 1;
		}
	}
	return true;
}

/* Is h a name this server answers to: an IP literal, localhost, a name? */
static bool known_host(const struct sr_edge_policy *policy,
		       const struct host *h)
{
	if (h->kind != HOST_NAME)
		return true;
	if (!policy)
		return eq_nocase(h->name.s, h->name.len, "localhost", 9);
	if (eq_nocase(h->name.s, h->name.len, "localhost", 9))
		return true;
	for (size_t i = 0; i < policy->nnames && i < SR_EDGE_NAMES_MAX; i++) {
		const char *n = policy->names[i];

		if (n && eq_nocase(h->name.s, h->name.len, n, strlen(n)))
			return true;
	}
	return false;
}

/* ---- the checks, in edge.h's order ------------------------------------ */

static int check_version(const struct sr_edge_req *req,
			 struct sr_edge_result *out)
{
	char q[QUOTE_MAX + 4];
	const char *v = req->version ? req->version : "";

	if (!strcmp(v, "HTTP/1.1") || !strcmp(v, "HTTP/1.0"))
		return 0;
	quote(q, v, strlen(v), QUOTE_MAX);
	return refuse(out, 505, "version_not_supported",
		      "the request's protocol version '%s' is not one this "
		      "server speaks (HTTP/1.1 or HTTP/1.0)",
		      q);
}

static int check_count(const struct sr_edge_req *req,
		       struct sr_edge_result *out)
{
	if (req->nheaders <= SR_EDGE_HEADERS_MAX)
		return 0;
	return refuse(out, 431, "headers_too_large",
		      "the request has %zu header fields, more than the %d "
		      "this server reads",
		      req->nheaders, SR_EDGE_HEADERS_MAX);
}

/* Every field: a token for a name, no CR or LF in the value. */
static int check_fields(const struct sr_edge_req *req,
			struct sr_edge_result *out)
{
	char q[QUOTE_MAX + 4];

	for (size_t i = 0; i < req->nheaders; i++) {
		const struct sr_edge_header *h = &req->headers[i];

		if (!h->name || !h->value) {
			return refuse(out, 400, "bad_request",
				      "header field %zu of the request could "
				      "not be read",
				      i + 1);
		}
		if (!is_token(h->name)) {
			quote(q, h->name, strlen(h->name), QUOTE_MAX);
			return refuse(out, 400, "bad_request",
				      "the header field name '%s' is not a "
				      "valid name (a space before the colon, "
				      "or a folded line?)",
				      q);
		}
		/* NUL ends the C string: the engine refuses one inside. */
		if (strpbrk(h->value, "\r\n")) {
			quote(q, h->name, strlen(h->name), QUOTE_MAX);
			return refuse(out, 400, "bad_request",
				      "the value of the header field '%s' "
				      "holds a line break",
				      q);
		}
	}
	return 0;
}

/* 1-18 digits, nothing else (RFC 9112 §6.2: Content-Length = 1*DIGIT). */
static bool parse_length(struct span t, int64_t *out)
{
	int64_t v = 0;

	if (t.len == 0 || t.len > CL_DIGITS_MAX)
		return false;
	for (size_t i = 0; i < t.len; i++) {
		if (!is_digit(t.s[i]))
			return false;
		v = v * 10 + (t.s[i] - '0');
	}
	*out = v;
	return true;
}

/* Content-Length, Transfer-Encoding and Host: the message's framing. */
static int check_framing(const struct sr_edge_req *req,
			 struct sr_edge_result *out)
{
	const struct sr_edge_header *cl, *te, *host;
	size_t ncl, nte, nhost;
	char q[QUOTE_MAX + 4];
	struct host h;

	cl = field(req, "Content-Length", &ncl);
	te = field(req, "Transfer-Encoding", &nte);
	host = field(req, "Host", &nhost);
	if (ncl > 1)
		return refuse(out, 400, "bad_request",
			      "the request has more than one Content-Length "
			      "field");
	if (nhost > 1)
		return refuse(out, 400, "bad_request",
			      "the request has more than one Host field");
	if (cl && !parse_length(trimmed(cl->value), &out->content_length)) {
		struct span t = trimmed(cl->value);

		quote(q, t.s, t.len, QUOTE_MAX);
		return refuse(out, 400, "bad_request",
			      "the Content-Length '%s' is not a number of "
			      "1 to %d digits",
			      q, CL_DIGITS_MAX);
	}
	if (cl && te)
		return refuse(out, 400, "bad_request",
			      "the request has both Content-Length and "
			      "Transfer-Encoding, so its length is unclear");
	/* RFC 9112 §6.1: HTTP/1.0 framing with Transfer-Encoding is faulty. */
	if (te && !strcmp(req->version, "HTTP/1.0"))
		return refuse(out, 400, "bad_request",
			      "an HTTP/1.0 request may not use "
			      "Transfer-Encoding");
	if (!host && !strcmp(req->version, "HTTP/1.1"))
		return refuse(out, 400, "bad_request",
			      "the request has no Host field, which HTTP/1.1 "
			      "requires");
	if (host && !parse_host(trimmed(host->value), &h)) {
		struct span t = trimmed(host->value);

		quote(q, t.s, t.len, QUOTE_MAX);
		return refuse(out, 400, "bad_request",
			      "the Host '%s' is not a host name or address "
			      "with an optional port",
			      q);
	}
	/* Two Transfer-Encoding fields are one list ("chunked, chunked"). */
	if (nte > 1)
		return refuse(out, 501, "not_implemented",
			      "the request has more than one Transfer-Encoding "
			      "field; only one, 'chunked', is understood");
	if (te) {
		struct span t = trimmed(te->value);

		if (!eq_nocase(t.s, t.len, "chunked", 7)) {
			quote(q, t.s, t.len, QUOTE_MAX);
			return refuse(out, 501, "not_implemented",
				      "the Transfer-Encoding '%s' is not one "
				      "this server understands (only "
				      "'chunked')",
				      q);
		}
	}
	out->chunked = te != NULL;
	return 0;
}

/*
 * Decode the path part of a target, s[0..len), into out->path, which has
 * room: the decoded text is never longer. Refuses a bad escape and any
 * NUL or control byte, raw or decoded.
 */
static int decode_path(const char *s, size_t len, struct sr_edge_result *out)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%') {
			int hi = i + 2 < len ? sr_hex_digit(s[i + 1]) : -1;
			int lo = hi >= 0 ? sr_hex_digit(s[i + 2]) : -1;

			if (hi < 0 || lo < 0)
				return refuse(out, 400, "bad_path",
					      "the path has a '%%' that is not "
					      "followed by two hex digits");
			c = (unsigned char)(hi * 16 + lo);
			i += 2;
			if (is_control(c))
				return refuse(out, 400, "bad_path",
					      "the path holds an encoded "
					      "control byte (%%%02X)",
					      c);
		}
		out->path[o++] = (char)c;
	}
	out->path[o] = '\0';
	return 0;
}

/* A ".." segment in the decoded path, which could climb out of it. */
static bool has_dot_dot(const char *path)
{
	for (const char *p = path; (p = strstr(p, "..")); p += 2) {
		bool starts = p > path && p[-1] == '/';
		bool ends = p[2] == '/' || p[2] == '\0';

		if (starts && ends)
			return true;
	}
	return false;
}

/*
 * The target: its length (414), its form (origin or absolute), its bytes
 * and escapes, and its path (bad_path). Sets *authority for absolute-form.
 */
static int check_target(const struct sr_edge_req *req,
			struct sr_edge_result *out, struct span *authority)
{
	const char *t = req->target ? req->target : "";
	size_t len = strlen(t), skip = 0, plen;
	const char *path, *q;

	if (len > SR_EDGE_TARGET_MAX)
		return refuse(out, 414, "uri_too_long",
			      "the request's target is %zu bytes long, more "
			      "than the %d this server reads",
			      len, SR_EDGE_TARGET_MAX);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)t[i];

		if (is_control(c) || c == ' ')
			return refuse(out, 400, "bad_path",
				      "the request's target holds a control "
				      "byte (0x%02X)",
				      c);
		if (c == '#')
			return refuse(out, 400, "bad_path",
				      "the request's target holds a '#', "
				      "which a client never sends");
	}
	if (len >= 7 && eq_nocase(t, 7, "http://", 7))
		skip = 7;
	else if (len >= 8 && eq_nocase(t, 8, "https://", 8))
		skip = 8;
	if (skip) {
		struct host h;

		authority->s = t + skip;
		authority->len = strcspn(t + skip, "/?");
		if (memchr(authority->s, '@', authority->len) ||
		    !parse_host(*authority, &h) || h.name.len == 0)
			return refuse(out, 400, "bad_path",
				      "the authority of the request's target "
				      "is not a host with an optional port");
	} else if (t[0] != '/') {
		char qt[QUOTE_MAX + 4];

		quote(qt, t, len, QUOTE_MAX);
		return refuse(out, 400, "bad_path",
			      "the request's target '%s' is neither a path "
			      "('/...') nor an http:// URL",
			      qt);
	}
	path = t + skip + authority->len;
	q = strchr(path, '?');
	plen = q ? (size_t)(q - path) : strlen(path);
	out->query = q ? q + 1 : t + len;
	/* The query is left to lib/query.c, which refuses a bad or NUL
	 * escape in it (bad_query) and hands each value to its field's
	 * check. */
	if (plen == 0) {
		/* "http://host" and "http://host?q" mean the path "/". */
		out->path[0] = '/';
		out->path[1] = '\0';
	} else if (path[0] != '/') {
		return refuse(out, 400, "bad_path",
			      "the request's path does not start with '/'");
	} else if (decode_path(path, plen, out)) {
		return out->status;
	}
	if (has_dot_dot(out->path))
		return refuse(out, 400, "bad_path",
			      "the path has a '..' segment");
	return 0;
}

/* The host the request names: its target's authority, else its Host. */
static int check_host(const struct sr_edge_policy *policy,
		      const struct sr_edge_req *req, struct span authority,
		      struct sr_edge_result *out)
{
	const struct sr_edge_header *hf = field(req, "Host", NULL);
	char q[QUOTE_MAX + 4];
	struct span given;
	struct host h;

	if (authority.s)
		given = authority;
	else if (hf)
		given = trimmed(hf->value);
	else
		return 0; /* HTTP/1.0 with no Host: no browser sends that */
	/* Checked already by check_framing() or check_target(). */
	if (!parse_host(given, &h))
		return refuse(out, 400, "bad_request",
			      "the request's host could not be read");
	if (h.name.len == 0)
		return refuse(out, 421, "unknown_host",
			      "the request's Host field names no host");
	if (known_host(policy, &h))
		return 0;
	quote(q, h.name.s, h.name.len, QUOTE_MAX);
	if (!is_host_name(h.name.s, h.name.len))
		return refuse(out, 421, "unknown_host",
			      "the host '%s' is not one this server answers "
			      "to, nor a host name it could be started with",
			      q);
	if (h.name.len > SUGGEST_MAX)
		return refuse(out, 421, "unknown_host",
			      "the host '%s' is not one this server answers "
			      "to; start it with --host-name and that name to "
			      "allow it",
			      q);
	return refuse(out, 421, "unknown_host",
		      "the host '%s' is not one this server answers to; start "
		      "it with --host-name %s to allow it",
		      q, q);
}

static bool is_safe_method(const char *m)
{
	return !strcmp(m, "GET") || !strcmp(m, "HEAD") || !strcmp(m, "OPTIONS");
}

/* Is origin http(s):// + own (the Host as sent), case-insensitive? */
static bool same_origin(struct span origin, struct span own)
{
	if (!own.s)
		return false;
	if (origin.len > 7 && eq_nocase(origin.s, 7, "http://", 7))
		return eq_nocase(origin.s + 7, origin.len - 7, own.s, own.len);
	if (origin.len > 8 && eq_nocase(origin.s, 8, "https://", 8))
		return eq_nocase(origin.s + 8, origin.len - 8, own.s, own.len);
	return false;
}

/* An unsafe method only from this server's own pages, or no browser. */
static int check_site(const struct sr_edge_req *req, struct span authority,
		      struct sr_edge_result *out)
{
	const struct sr_edge_header *hf = field(req, "Host", NULL);
	const char *m = req->method ? req->method : "";
	struct span own = {NULL, 0};
	char qm[QUOTE_MAX + 4], qv[QUOTE_MAX + 4];

	if (is_safe_method(m))
		return 0;
	if (authority.s)
		own = authority;
	else if (hf)
		own = trimmed(hf->value);
	quote(qm, m, strlen(m), METHOD_QUOTE_MAX);
	/* Every field counts: a second one could say something else. */
	for (size_t i = 0; i < req->nheaders; i++) {
		const struct sr_edge_header *h = &req->headers[i];
		size_t nlen = strlen(h->name);
		struct span v = trimmed(h->value);

		if (eq_nocase(h->name, nlen, "Sec-Fetch-Site", 14) &&
		    !span_is(v, "same-origin") && !span_is(v, "none")) {
			quote(qv, v.s, v.len, QUOTE_MAX);
			return refuse(out, 403, "cross_site",
				      "a %s from another site is refused "
				      "(Sec-Fetch-Site: %s)",
				      qm, qv);
		}
		if (eq_nocase(h->name, nlen, "Origin", 6) &&
		    !same_origin(v, own)) {
			quote(qv, v.s, v.len, QUOTE_MAX);
			return refuse(out, 403, "cross_site",
				      "a %s from another site is refused: "
				      "its Origin '%s' is not this server",
				      qm, qv);
		}
	}
	return 0;
}

int sr_edge_check(const struct sr_edge_policy *policy,
		  const struct sr_edge_req *req, struct sr_edge_result *out)
{
	struct span authority = {NULL, 0};

	out->status = 0;
	out->code = NULL;
	out->message[0] = '\0';
	out->path[0] = '\0';
	out->query = "";
	out->content_length = -1;
	out->chunked = false;
	/* Each check returns its status: the first refusal ends the rest. */
	(void)(check_version(req, out) || check_count(req, out) ||
	       check_fields(req, out) || check_framing(req, out) ||
	       check_target(req, out, &authority) ||
	       check_host(policy, req, authority, out) ||
	       check_site(req, authority, out));
	if (out->status) {
		out->path[0] = '\0';
		out->query = "";
		out->content_length = -1;
		out->chunked = false;
	}
	return out->status;
}

int sr_edge_add_names(struct sr_edge_policy *policy, char *spec)
{
	size_t n = policy->nnames, len;
	char *p;

	if (!spec || n > SR_EDGE_NAMES_MAX)
		return -1;
	/* Check every name before changing anything. */
	for (p = spec;; p += len + 1) {
		len = strcspn(p, ",");
		if (!is_host_name(p, len) || n == SR_EDGE_NAMES_MAX)
			return -1;
		n++;
		if (p[len] == '\0')
			break;
	}
	for (p = spec;; p += len + 1) {
		bool last;

		len = strcspn(p, ",");
		last = p[len] == '\0';
		p[len] = '\0';
		policy->names[policy->nnames++] = p;
		if (last)
			break;
	}
	return 0;
}

/* ---- who sent it ------------------------------------------------------ */

/* An IP literal s[0..len) as 16 bytes (IPv4 mapped); false if none. */
static bool ip_of(const char *s, size_t len, unsigned char out[16])
{
	char text[INET6_ADDRSTRLEN];
	struct in_addr a4;

	if (len == 0 || len >= sizeof(text))
		return false;
	memcpy(text, s, len);
	text[len] = '\0';
	if (inet_pton(AF_INET, text, &a4) == 1) {
		memset(out, 0, 10);
		out[10] = out[11] = 0xff;
		memcpy(out + 12, &a4, 4);
		return true;
	}
	return inet_pton(AF_INET6, text, out) == 1;
}

static bool is_mapped(const unsigned char a[16])
{
	static const unsigned char prefix[12] = {0, 0, 0, 0, 0,	   0,
						 0, 0, 0, 0, 0xff, 0xff};

	return !memcmp(a, prefix, sizeof(prefix));
}

static bool ip_loopback(const unsigned char a[16])
{
	static const unsigned char one[16] = {[15] = 1};

	return (is_mapped(a) && a[12] == 127) || !memcmp(a, one, 16);
}

static void ip_text(const unsigned char a[16], char out[46])
{
	out[0] = '\0';
	if (is_mapped(a))
		inet_ntop(AF_INET, a + 12, out, 46);
	else
		inet_ntop(AF_INET6, a, out, 46);
}

static bool trusted(const struct sr_edge_policy *policy,
		    const unsigned char a[16])
{
	for (size_t i = 0; policy && i < policy->nproxies; i++)
		if (!memcmp(policy->proxies[i], a, 16))
			return true;
	return false;
}

int sr_edge_add_proxies(struct sr_edge_policy *policy, const char *spec)
{
	unsigned char got[SR_EDGE_PROXIES_MAX][16];
	size_t n = 0, len;

	if (!spec || policy->nproxies > SR_EDGE_PROXIES_MAX)
		return -1;
	for (const char *p = spec;; p += len + 1) {
		len = strcspn(p, ",");
		if (policy->nproxies + n == SR_EDGE_PROXIES_MAX ||
		    !ip_of(p, len, got[n]))
			return -1;
		n++;
		if (p[len] == '\0')
			break;
	}
	memcpy(policy->proxies[policy->nproxies], got, n * sizeof(got[0]));
	policy->nproxies += n;
	return 0;
}

/*
 * One element of a forwarding list, s[0..len) trimmed: an address, or
 * "[v6]", "[v6]:port", "v4:port"; false for anything else.
 */
static bool element_ip(const char *s, size_t len, unsigned char out[16])
{
	struct span t = {s, len};
	const char *colon;

	while (t.len && (t.s[0] == ' ' || t.s[0] == '\t')) {
		t.s++;
		t.len--;
	}
	while (t.len && (t.s[t.len - 1] == ' ' || t.s[t.len - 1] == '\t'))
		t.len--;
	if (t.len && t.s[0] == '[') {
		const char *end = memchr(t.s, ']', t.len);
		size_t rest;

		if (!end)
			return false;
		rest = t.len - (size_t)(end + 1 - t.s);
		/* After "]": nothing, or ":" and 1 to 5 digits. */
		if (rest && (end[1] != ':' || rest < 2 || rest > 6))
			return false;
		for (size_t i = 2; i < rest + 1 && rest; i++)
			if (!is_digit(end[i]))
				return false;
		return ip_of(t.s + 1, (size_t)(end - t.s - 1), out) &&
		       !is_mapped(out);
	}
	colon = memchr(t.s, ':', t.len);
	/* One colon: "v4:port"; more: a bare IPv6 address. */
	if (colon &&
	    !memchr(colon + 1, ':', t.len - (size_t)(colon + 1 - t.s))) {
		size_t plen = t.len - (size_t)(colon + 1 - t.s);

		if (plen < 1 || plen > 5)
			return false;
		for (size_t i = 0; i < plen; i++)
			if (!is_digit(colon[1 + i]))
				return false;
		return ip_of(t.s, (size_t)(colon - t.s), out) && is_mapped(out);
	}
	return ip_of(t.s, t.len, out);
}

/* The header fields that say a proxy forwarded the request. */
static bool forwarded(const struct sr_edge_req *req)
{
	static const char *const names[] = {
		"X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host",
		"X-Real-IP",	   "Forwarded",
	};

	for (size_t i = 0; i < SR_ARRAY_SIZE(names); i++)
		if (field(req, names[i], NULL))
			return true;
	return false;
}

/* The last element of the last field called name, trimmed, or an empty
 * span. */
static struct span last_element(const struct sr_edge_req *req, const char *name)
{
	struct span v = {NULL, 0};

	for (size_t i = 0; i < req->nheaders; i++) {
		const char *h = req->headers[i].name;

		if (eq_nocase(h, strlen(h), name, strlen(name)))
			v = trimmed(req->headers[i].value);
	}
	if (v.s) {
		const char *comma = NULL;

		for (size_t i = 0; i < v.len; i++)
			if (v.s[i] == ',')
				comma = v.s + i;
		if (comma) {
			v.len -= (size_t)(comma + 1 - v.s);
			v.s = comma + 1;
		}
		while (v.len && (v.s[0] == ' ' || v.s[0] == '\t')) {
			v.s++;
			v.len--;
		}
	}
	return v;
}

/*
 * The client a trusted proxy's X-Forwarded-For names: from the right, the
 * first element that is not a trusted proxy. False when there is none,
 * or an element on the way is no address.
 */
static bool forwarded_for(const struct sr_edge_policy *policy,
			  const struct sr_edge_req *req, unsigned char out[16])
{
	for (size_t i = req->nheaders; i-- > 0;) {
		const struct sr_edge_header *h = &req->headers[i];
		const char *v = h->value;
		size_t end = strlen(v);

		if (!eq_nocase(h->name, strlen(h->name), "X-Forwarded-For", 15))
			continue;
		/* Elements right to left. */
		for (;;) {
			size_t start = end;

			while (start > 0 && v[start - 1] != ',')
				start--;
			if (!element_ip(v + start, end - start, out))
				return false;
			if (!trusted(policy, out))
				return true;
			if (start == 0)
				break;
			end = start - 1;
		}
	}
	/* None, or every one a proxy's: the client is taken for the
	 * proxy. */
	return false;
}

void sr_edge_client(const struct sr_edge_policy *policy, const char *peer,
		    bool tls, const struct sr_edge_req *req,
		    struct sr_edge_client *out)
{
	unsigned char a[16], client[16];
	bool known = peer && ip_of(peer, strlen(peer), a);

	memset(out, 0, sizeof(*out));
	out->tls = tls;
	snprintf(out->addr, sizeof(out->addr), "%s", known ? peer : "-");
	if (!known)
		return;
	ip_text(a, out->addr);
	if (!trusted(policy, a)) {
		out->loopback = ip_loopback(a) && !forwarded(req);
		return;
	}
	out->proxied = true;
	{
		struct span proto = last_element(req, "X-Forwarded-Proto");

		if (proto.len == 5 && eq_nocase(proto.s, 5, "https", 5))
			out->tls = true;
	}
	if (!forwarded_for(policy, req, client))
		return; /* the proxy itself, not loopback */
	ip_text(client, out->addr);
	out->loopback = ip_loopback(client);
}
