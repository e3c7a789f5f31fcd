/*
 * fuzz-edge.c - libFuzzer driver for the checks every request passes
 * before a handler (sr_edge_check, sr_edge_add_names in server/edge.c):
 * the request line and headers come from anyone who can connect.
 *
 * The input is a request head as text, one line per '\n' (a '\r' before
 * it is dropped, as the engine drops the CRLF; any other '\r' stays):
 *
 *   line 1      the request line: the method up to the first space, the
 *               version after the last one, the target between (so a
 *               target may hold spaces); with no space at all the line is
 *               the method and target and version are ""
 *   lines 2…    header fields, at most SR_EDGE_HEADERS_MAX + 5 of them:
 *               the name up to the first ':', the value after it (not
 *               trimmed); a line with no ':' is a name with value ""
 *   ""          an empty line ends the head, as in HTTP; the line after
 *               it, if any, is a --host-name value for sr_edge_add_names
 *
 * A NUL byte ends the piece it is in, as it would a C string. The policy
 * is fixed: shop.example and bakery.example. Invariants, abort() on the
 * first that breaks:
 *
 *   - the status is 0 or one that edge.h lists, with its code; a refusal
 *     has a message of printable ASCII that was not cut, and leaves path
 *     "", query "", content_length -1 and chunked false;
 *   - on 0: the version is HTTP/1.0 or 1.1, at most SR_EDGE_HEADERS_MAX
 *     fields, an HTTP/1.1 request has a Host, the target is at most
 *     SR_EDGE_TARGET_MAX bytes, the path starts with '/' and holds no byte
 *     < 0x20 or 0x7F and no ".." segment, query points into the target
 *     (at its final NUL when none was sent), content_length is -1 or >= 0
 *     and never set with chunked;
 *   - the same request gives the same verdict twice;
 *   - sr_edge_add_names() on the line after the head: on 0 every name is 1-253
 *     bytes of letters, digits, '-' and '.', at most SR_EDGE_NAMES_MAX; on
 *     -1 neither the policy nor the text changed; sr_edge_add_proxies() on
 *     the same line: on 0 one address more for each comma and one, on -1
 *     the policy as it was;
 *   - sr_edge_client() of the request (the policy trusting 127.0.0.1 and
 *     ::1), from a trusted peer, from a loopback peer not trusted and from
 *     one beyond: the address is always one inet_pton() reads; from a peer
 *     not trusted it is the peer's, with its TLS, never proxied, and
 *     loopback only from loopback with no forwarding field; from a trusted
 *     one proxied, and loopback only when the address is; the same twice.
 */
#define _POSIX_C_SOURCE 200809L /* strdup, strcasecmp */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <arpa/inet.h>

#include "edge.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define LINES_MAX (SR_EDGE_HEADERS_MAX + 5)

static bool is_known(int status, const char *code)
{
	static const struct {
		int status;
		const char *code;
	} verdicts[] = {
		{505, "version_not_supported"}, {431, "headers_too_large"},
		{400, "bad_request"},		{501, "not_implemented"},
		{414, "uri_too_long"},		{400, "bad_path"},
		{421, "unknown_host"},		{403, "cross_site"},
	};

	for (size_t i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]); i++)
		if (verdicts[i].status == status && code &&
		    !strcmp(verdicts[i].code, code))
			return true;
	return false;
}

static bool has_host(const struct sr_edge_req *req)
{
	for (size_t i = 0; i < req->nheaders; i++)
		if (!strcasecmp(req->headers[i].name, "host"))
			return true;
	return false;
}

static bool has_dot_dot_segment(const char *path)
{
	size_t len = strlen(path);

	return strstr(path, "/../") ||
	       (len >= 3 && !strcmp(path + len - 3, "/.."));
}

static void check_refusal(const struct sr_edge_result *out)
{
	size_t len = strlen(out->message);

	if (!is_known(out->status, out->code))
		abort();
	if (len == 0 || len >= sizeof(out->message) - 1)
		abort();
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)out->message[i] < 0x20 ||
		    (unsigned char)out->message[i] >= 0x7f)
			abort();
	if (out->path[0] || out->query[0] || out->content_length != -1 ||
	    out->chunked)
		abort();
}

static void check_pass(const struct sr_edge_req *req,
		       const struct sr_edge_result *out)
{
	size_t tlen = strlen(req->target);

	if (strcmp(req->version, "HTTP/1.0") &&
	    strcmp(req->version, "HTTP/1.1"))
		abort();
	if (req->nheaders > SR_EDGE_HEADERS_MAX || tlen > SR_EDGE_TARGET_MAX)
		abort();
	if (!strcmp(req->version, "HTTP/1.1") && !has_host(req))
		abort();
	if (out->code || out->path[0] != '/')
		abort();
	for (const char *p = out->path; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			abort();
	if (has_dot_dot_segment(out->path))
		abort();
	if (out->query < req->target || out->query > req->target + tlen)
		abort();
	if (out->content_length < -1)
		abort();
	if (out->chunked && out->content_length >= 0)
		abort();
}

static bool is_name_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static void check_names(const char *line)
{
	struct sr_edge_policy pol = {0}, before;
	char *spec = strdup(line), *orig = strdup(line);

	if (!spec || !orig)
		abort();
	before = pol;
	if (sr_edge_add_names(&pol, spec) == 0) {
		if (pol.nnames == 0 || pol.nnames > SR_EDGE_NAMES_MAX)
			abort();
		for (size_t i = 0; i < pol.nnames; i++) {
			size_t n = strlen(pol.names[i]);

			if (n == 0 || n > 253 || pol.names[i] < spec ||
			    pol.names[i] + n > spec + strlen(orig))
				abort();
			for (size_t k = 0; k < n; k++)
				if (!is_name_byte(pol.names[i][k]))
					abort();
		}
	} else if (memcmp(&pol, &before, sizeof(pol)) || strcmp(spec, orig)) {
		abort();
	}
	free(spec);
	free(orig);
}

static void check_proxies(const char *line)
{
	struct sr_edge_policy pol = {0}, before;
	size_t commas = 0;

	pol.nproxies = 3; /* some there already */
	before = pol;
	for (const char *p = line; *p; p++)
		commas += *p == ',';
	if (sr_edge_add_proxies(&pol, line) == 0) {
		if (pol.nproxies != before.nproxies + commas + 1 ||
		    pol.nproxies > SR_EDGE_PROXIES_MAX)
			abort();
	} else if (memcmp(&pol, &before, sizeof(pol))) {
		abort();
	}
}

static bool is_ip(const char *s)
{
	unsigned char a[16];

	return inet_pton(AF_INET, s, a) == 1 || inet_pton(AF_INET6, s, a) == 1;
}

static bool is_loopback_text(const char *s)
{
	return !strncmp(s, "127.", 4) || !strcmp(s, "::1");
}

static bool any_forwarding(const struct sr_edge_req *req)
{
	static const char *const names[] = {
		"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host",
		"x-real-ip",	   "forwarded",
	};

	for (size_t i = 0; i < req->nheaders; i++)
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			if (!strcasecmp(req->headers[i].name, names[k]))
				return true;
	return false;
}

static void check_client(const struct sr_edge_req *req)
{
	static const char *const peers[] = {"127.0.0.1", "127.0.0.2",
					    "192.0.2.9", "::1"};
	struct sr_edge_policy pol = {0};
	struct sr_edge_client c, again;

	if (sr_edge_add_proxies(&pol, "127.0.0.1,::1"))
		abort();
	for (size_t i = 0; i < sizeof(peers) / sizeof(peers[0]); i++) {
		bool trusted = i == 0 || i == 3, tls = i % 2;

		sr_edge_client(&pol, peers[i], tls, req, &c);
		sr_edge_client(&pol, peers[i], tls, req, &again);
		if (memcmp(&c, &again, sizeof(c)) || !is_ip(c.addr))
			abort();
		if (c.loopback && !is_loopback_text(c.addr))
			abort();
		if (trusted != c.proxied)
			abort();
		if (!trusted &&
		    (strcmp(c.addr, peers[i]) || c.tls != tls ||
		     c.loopback != (i == 1 && !any_forwarding(req))))
			abort();
		if (tls && !c.tls)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"shop.example", "bakery.example"};
	static struct sr_edge_result out, again;
	struct sr_edge_header hdrs[LINES_MAX];
	struct sr_edge_policy pol = {{names[0], names[1]}, 2};
	struct sr_edge_req req = {.headers = hdrs};
	char *copy = malloc(size + 1), *line, *names_line = NULL, *sp;
	size_t n = 0;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	line = copy;
	for (bool first = true; line; first = false) {
		char *nl = strchr(line, '\n'), *colon;
		size_t len;

		if (nl)
			*nl = '\0';
		len = strlen(line);
		if (len && line[len - 1] == '\r')
			line[len - 1] = '\0';
		if (first) {
			req.method = line;
			req.target = req.version = "";
			sp = strchr(line, ' ');
			if (sp) {
				char *lsp = strrchr(line, ' ');

				*sp = '\0';
				req.target = sp + 1;
				req.version = lsp > sp ? lsp + 1 : "";
				if (lsp > sp)
					*lsp = '\0';
			}
		} else if (!*line) {
			/* The end of the head: then a --host-name value. */
			if (nl) {
				names_line = nl + 1;
				names_line[strcspn(names_line, "\r\n")] = '\0';
			}
			break;
		} else if (n < LINES_MAX) {
			colon = strchr(line, ':');
			hdrs[n].name = line;
			hdrs[n].value = colon ? colon + 1 : "";
			if (colon)
				*colon = '\0';
			n++;
		}
		line = nl ? nl + 1 : NULL;
	}
	req.nheaders = n;

	if (sr_edge_check(&pol, &req, &out) != out.status)
		abort();
	if (out.status)
		check_refusal(&out);
	else
		check_pass(&req, &out);
	if (sr_edge_check(&pol, &req, &again) != out.status ||
	    strcmp(again.message, out.message) ||
	    strcmp(again.path, out.path) || again.query != out.query ||
	    again.content_length != out.content_length ||
	    again.chunked != out.chunked)
		abort();
	check_client(&req);
	if (names_line) {
		check_names(names_line);
		check_proxies(names_line);
	}
	free(copy);
	return 0;
}
