/*
 * edge.h - what every request must be before any handler sees it.
 *
 * The HTTP engine (http.c) splits the bytes into a request line and
 * headers; sr_edge_check() then decides, with no engine in sight, whether
 * the request is one smallrun answers: framing as RFC 9112 says, a Host
 * this server is known by (no DNS rebinding), no unsafe method from
 * another site, and a path with no NUL or control byte in it. Pure
 * functions of their arguments, so that a fuzz driver and unit tests can
 * call them directly.
 */
#ifndef SMALLRUN_SERVER_EDGE_H
#define SMALLRUN_SERVER_EDGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A request-target longer than this is refused with 414. */
#define SR_EDGE_TARGET_MAX 8192
/* More header fields than this are refused with 431. */
#define SR_EDGE_HEADERS_MAX 100
/* Names given with --host-name, at most. */
#define SR_EDGE_NAMES_MAX 16
/* Proxies given with --trusted-proxy, at most. */
#define SR_EDGE_PROXIES_MAX 8

struct sr_edge_header {
	const char *name;  /* as received: not trimmed, not folded */
	const char *value; /* as received, without the line's CRLF */
};

/* A request as the engine read it, before its body. */
struct sr_edge_req {
	const char *method;  /* "GET", "POST", … as received */
	const char *version; /* "HTTP/1.1", "HTTP/1.0", … as received */
	const char *target;  /* the raw request-target, still %-encoded */
	const struct sr_edge_header *headers; /* in order, repeats kept */
	size_t nheaders;
};

/*
 * What the server is known by, besides IP literals and "localhost"; and
 * the proxies in front of it whose word on the client it takes.
 */
struct sr_edge_policy {
	const char *names[SR_EDGE_NAMES_MAX]; /* --host-name, case-insensitive */
	size_t nnames;
	/* --trusted-proxy: each an IPv6 address, an IPv4 one mapped
	 * (::ffff:a.b.c.d) */
	unsigned char proxies[SR_EDGE_PROXIES_MAX][16];
	size_t nproxies;
};

/* The verdict, and what a handler needs from the request line. */
struct sr_edge_result {
	int status;	  /* 0: go on; else answer this status, then close */
	const char *code; /* the JSON error code when status != 0 */
	char message[192];
	/* When status == 0: */
	char path[SR_EDGE_TARGET_MAX + 1]; /* decoded, starts with '/' */
	const char *query;     /* raw, after '?', into req->target; or "" */
	int64_t content_length; /* -1 when none was sent */
	bool chunked;		/* Transfer-Encoding: chunked */
};

/*
 * Check req against policy; fill out. Returns out->status. The checks, in
 * this order, each with the status and code it answers:
 *
 *   505 version_not_supported  version other than HTTP/1.0 or HTTP/1.1
 *			    (exactly: the name is case-sensitive)
 *   431 headers_too_large	    more than SR_EDGE_HEADERS_MAX fields
 *   400 bad_request	    a field name that is not an RFC 9110 token (so
 *			    "Host : x" and a folded line " x" are refused);
 *			    a value with CR or LF; more than one
 *			    Content-Length or Host (even equal ones); a
 *			    Content-Length that is not 1-18 digits (no sign,
 *			    no list); both Content-Length and
 *			    Transfer-Encoding; Transfer-Encoding in an
 *			    HTTP/1.0 request (RFC 9112 §6.1); HTTP/1.1
 *			    without Host; a Host that is not host[:port]
 *			    (a name, a dotted quad or a bracketed IPv6
 *			    literal, then at most 5 port digits)
 *   501 not_implemented	    a Transfer-Encoding other than one "chunked"
 *			    (any case; two fields are a list, refused)
 *   414 uri_too_long	    a target over SR_EDGE_TARGET_MAX bytes
 *   400 bad_path		    a target that is neither origin-form ("/…")
 *			    nor absolute-form ("http://host/…", "https://";
 *			    no userinfo); anywhere in it, a control byte
 *			    (< 0x20, 0x7F) raw or %-encoded (%00 included),
 *			    a raw space or '#', or a '%' without two hex
 *			    digits; a ".." segment in the decoded path
 *   421 unknown_host	    a Host (or the authority of an absolute-form
 *			    target, which stands instead of Host, RFC 9112
 *			    §3.2.2) whose name is not an IP literal,
 *			    "localhost" or one of policy->names (any port;
 *			    an empty name included). An HTTP/1.0 request
 *			    with no Host passes: browsers always send one
 *   403 cross_site		    a method other than GET, HEAD or OPTIONS with
 *			    a Sec-Fetch-Site other than same-origin or none,
 *			    or with an Origin that is not http(s):// + the
 *			    request's own host (Origin: null included); every
 *			    Sec-Fetch-Site and Origin field is checked. The
 *			    own host is the Host value (or authority) as
 *			    sent, port included, compared case-insensitively
 *
 * Everything is a C string, so a NUL inside the target, a name or a value
 * cannot be seen here: the engine must refuse a request holding one.
 * Values are read without their leading and trailing spaces and tabs.
 * When status != 0, path and query are "", content_length -1 and chunked
 * false. A query that was not sent points at the target's final NUL.
 * policy may be NULL: then only IP literals and localhost are known.
 */
int sr_edge_check(const struct sr_edge_policy *policy,
		  const struct sr_edge_req *req, struct sr_edge_result *out);

/*
 * Add the names of a --host-name value ("shop.example,www.shop.example")
 * to policy. Returns 0, or -1 when a name is empty, too long (253) or not
 * a host name (dot-separated labels of 1-63 letters, digits and inner
 * hyphens; no spaces, no port), or there would be more than
 * SR_EDGE_NAMES_MAX in policy; then neither policy nor spec is changed.
 * On success the commas of spec become NULs and the names point into
 * spec, which must outlive policy.
 */
int sr_edge_add_names(struct sr_edge_policy *policy, char *spec);

/*
 * Add the addresses of a --trusted-proxy value ("127.0.0.1,::1": IP
 * literals, comma-separated) to policy. Returns 0, or -1 when one is not
 * an IPv4 or IPv6 address or there would be more than SR_EDGE_PROXIES_MAX;
 * then policy is not changed.
 */
int sr_edge_add_proxies(struct sr_edge_policy *policy, const char *spec);

/* Who sent a request, as far as the server can tell. */
struct sr_edge_client {
	char addr[46]; /* an IPv4 or IPv6 address, as inet_ntop writes it */
	bool loopback; /* this machine itself */
	bool tls;      /* over HTTPS */
	bool proxied;  /* through a trusted proxy, whose word addr is */
};

/*
 * Who sent req over a connection from peer (an IP address as text; TLS
 * when tls), into out.
 *
 * From a proxy of policy's (--trusted-proxy), the client is the proxy's
 * word: the rightmost address of the X-Forwarded-For fields (the last
 * field's last element first, "for" elements as nginx appends them) that
 * is not itself a trusted proxy, and HTTPS when the last
 * X-Forwarded-Proto's last element is "https" (any case). An element
 * that is no address ("unknown", a name, garbage) stops the walk: the
 * client is then the proxy, and not loopback. With no X-Forwarded-For, or
 * every element of it a trusted proxy, the client is the proxy, not
 * loopback either.
 *
 * From any other peer the forwarding fields are not believed: the client
 * is peer. But a request from loopback that carries any of them
 * (X-Forwarded-For, X-Forwarded-Proto, X-Forwarded-Host, X-Real-IP,
 * Forwarded) came through a proxy on this machine that smallrun was not
 * told of, and is not loopback: whoever is behind that proxy is not this
 * computer, whose requests smallrun answers without an account.
 *
 * An element is an IP literal, optionally as "[v6]", "[v6]:port" or
 * "v4:port", with spaces and tabs around it. Pure: no I/O, no DNS.
 */
void sr_edge_client(const struct sr_edge_policy *policy, const char *peer,
		    bool tls, const struct sr_edge_req *req,
		    struct sr_edge_client *out);

#endif
