/*
 * form.c - multipart/form-data split into parts, in place (form.h).
 *
 * The body is: a preamble (ignored), then each part after a delimiter
 * line "--BOUNDARY" (transport padding of spaces and tabs allowed before
 * its CRLF), its head lines, an empty line and its content, which ends at
 * the CRLF before the next delimiter; "--BOUNDARY--" closes the form and
 * whatever follows it is ignored.
 */
#include "compat.h"

#include "form.h"

/* The longest boundary RFC 2046 allows. */
#define BOUNDARY_MAX 70

/*
 * The first needle[0..nl) in hay[0..hl), or NULL. Linear for the needles
 * used here: they start with the only CR they hold, so no two candidate
 * matches overlap.
 */
static const char *find(const char *hay, size_t hl, const char *needle,
			size_t nl)
{
	const char *end = hay + hl, *p = hay;

	while (nl && (size_t)(end - p) >= nl &&
	       (p = memchr(p, needle[0], (size_t)(end - p) - nl + 1))) {
		if (!memcmp(p, needle, nl))
			return p;
		p++;
	}
	return NULL;
}

static enum sr_err bad(struct sr_fail *f, const char *field, const char *why)
{
	return sr_fail_set(f, SR_EINVAL, "bad_form", field,
			   "the form data is not readable: %s", why);
}

/* The boundary parameter of content_type into out (BOUNDARY_MAX + 1). */
static bool boundary_of(const char *ct, char *out)
{
	const char *p = strchr(ct, ';');
	size_t n = 0;

	while (p) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!strncasecmp(p, "boundary=", 9)) {
			bool quoted = p[9] == '"';

			p += 9 + quoted;
			while (p[n] && n <= BOUNDARY_MAX &&
			       (quoted ? p[n] != '"' : !strchr("; \t", p[n]))) {
				if ((unsigned char)p[n] < 0x20 || p[n] == 0x7f)
					return false;
				n++;
			}
			if (!n || n > BOUNDARY_MAX || (quoted && p[n] != '"'))
				return false;
			memcpy(out, p, n);
			out[n] = '\0';
			return true;
		}
		p = strchr(p, ';');
	}
	return false;
}

/*
 * The value of parameter key (name, filename) in a Content-Disposition's
 * parameters [p, end), unquoted, into out (size bytes). 0 when it is
 * there, 1 when it is not, -1 when it is too long or badly quoted.
 */
static int param_of(const char *p, const char *end, const char *key, char *out,
		    size_t size)
{
	size_t kl = strlen(key);

	while (p < end) {
		const char *name;
		size_t nl, n = 0;
		bool match;

		while (p < end && (*p == ';' || *p == ' ' || *p == '\t'))
			p++;
		name = p;
		while (p < end && *p != '=' && *p != ';')
			p++;
		nl = (size_t)(p - name);
		while (nl && (name[nl - 1] == ' ' || name[nl - 1] == '\t'))
			nl--;
		match = nl == kl && !strncasecmp(name, key, kl);
		if (p == end || *p == ';')
			continue; /* a parameter with no value */
		p++;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p < end && *p == '"') {
			for (p++; p < end && *p != '"'; p++) {
				if (*p == '\\' && p + 1 < end)
					p++;
				if (match && n + 1 >= size)
					return -1;
				if (match)
					out[n++] = *p;
			}
			if (p == end)
				return -1;
			p++;
		} else {
			for (; p < end && *p != ';' && *p != ' ' && *p != '\t';
			     p++) {
				if (match && n + 1 >= size)
					return -1;
				if (match)
					out[n++] = *p;
			}
		}
		if (match) {
			out[n] = '\0';
			return 0;
		}
	}
	return 1;
}

/* Does the head line [p, end) start with header name (and a colon)? */
static const char *header(const char *p, const char *end, const char *name)
{
	size_t n = strlen(name);

	if ((size_t)(end - p) <= n || strncasecmp(p, name, n) || p[n] != ':')
		return NULL;
	for (p += n + 1; p < end && (*p == ' ' || *p == '\t'); p++)
		;
	return p;
}

/* A part's head, [p, end) without its last CRLF, into part. */
static enum sr_err read_head(const char *p, const char *end,
			     struct sr_form_part *part, struct sr_fail *f)
{
	bool disposition = false;

	while (p < end) {
		const char *eol = memchr(p, '\r', (size_t)(end - p));
		const char *v;

		if (!eol)
			eol = end;
		if (eol < end && (eol + 1 == end || eol[1] != '\n'))
			return bad(f, "body", "a part's head has a bare CR");
		if (memchr(p, '\0', (size_t)(eol - p)) ||
		    memchr(p, '\n', (size_t)(eol - p)))
			return bad(f, "body",
				   "a part's head holds a control byte");
		if ((v = header(p, eol, "Content-Disposition"))) {
			int rc;

			if (disposition)
				return bad(f, "body",
					   "a part has two Content-Disposition "
					   "lines");
			disposition = true;
			if ((size_t)(eol - v) < 9 ||
			    strncasecmp(v, "form-data", 9) ||
			    (v[9] != ';' && v + 9 != eol && v[9] != ' '))
				return bad(f, "body",
					   "a part is not form-data");
			rc = param_of(v + 9, eol, "name", part->name,
				      sizeof(part->name));
			if (rc || !part->name[0])
				return bad(f, "body",
					   rc < 0 ? "a part's name is too long "
						    "or badly quoted"
						  : "a part has no name");
			if (param_of(v + 9, eol, "filename", part->filename,
				     sizeof(part->filename)) < 0)
				return bad(f, "body",
					   "a part's file name is too long "
					   "or badly quoted");
		} else if ((v = header(p, eol, "Content-Type"))) {
			size_t n = (size_t)(eol - v);

			if (n >= sizeof(part->type))
				return bad(f, "body",
					   "a part's Content-Type is too long");
			memcpy(part->type, v, n);
			part->type[n] = '\0';
		}
		p = eol + 2;
	}
	if (!disposition)
		return bad(f, "body", "a part has no Content-Disposition");
	return SR_OK;
}

enum sr_err sr_form_parse(const char *content_type, const char *body,
			  size_t len, struct sr_form_part *parts, size_t *n,
			  struct sr_fail *f)
{
	char boundary[BOUNDARY_MAX + 1], delim[BOUNDARY_MAX + 5];
	const char *p, *end = body + len, *head_end, *next;
	size_t dl;

	*n = 0;
	if (!boundary_of(content_type, boundary))
		return bad(f, "boundary",
			   "the Content-Type names no boundary of 1 to 70 "
			   "characters");
	/* Each delimiter but a first at the very start follows a CRLF. */
	dl = (size_t)snprintf(delim, sizeof(delim), "\r\n--%s", boundary);
	if (len >= dl - 2 && !memcmp(body, delim + 2, dl - 2)) {
		p = body + dl - 2;
	} else {
		p = find(body, len, delim, dl);
		if (!p)
			return bad(f, "body",
				   "no part starts with the boundary");
		p += dl;
	}
	for (;;) {
		struct sr_form_part *part;

		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return SR_OK; /* the closing delimiter */
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return bad(f, "body",
				   "a boundary line does not end in CRLF");
		p += 2;
		if (end - p >= 2 && p[0] == '\r' && p[1] == '\n')
			return bad(f, "body",
				   "a part has no Content-Disposition");
		if (*n == SR_FORM_MAX_PARTS)
			return bad(f, "body", "it has more than 8 parts");
		head_end = find(p,
				(size_t)(end - p) < SR_FORM_HEAD_MAX
					? (size_t)(end - p)
					: SR_FORM_HEAD_MAX,
				"\r\n\r\n", 4);
		if (!head_end)
			return bad(f, "body",
				   "a part's head is over 4096 bytes or does "
				   "not end");
		part = &parts[*n];
		memset(part, 0, sizeof(*part));
		if (read_head(p, head_end + 2, part, f))
			return f ? f->err : SR_EINVAL;
		for (size_t i = 0; i < *n; i++)
			if (!strcmp(parts[i].name, part->name))
				return bad(f, "body",
					   "two parts have one name");
		p = head_end + 4;
		next = find(p, (size_t)(end - p), delim, dl);
		if (!next)
			return bad(f, "body",
				   "it ends before its closing boundary");
		part->data = p;
		part->len = (size_t)(next - p);
		++*n;
		p = next + dl;
	}
}

const struct sr_form_part *sr_form_get(const struct sr_form_part *parts,
				       size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(parts[i].name, name))
			return &parts[i];
	return NULL;
}
