/*
 * route.c - the route table and the one dispatcher.
 *
 * Before any handler runs, the dispatcher settles, in this order: is there
 * such a path (404), is the method allowed on it (405 with Allow), is the
 * body small enough (413) and of the right type (415). Handlers then only
 * check the meaning of their input (400).
 */
#include "compat.h"

#include "api.h"
#include "smallrun/parse.h"

enum route_flags {
	ROUTE_JSON_BODY = 1 << 0, /* POST/PUT/PATCH take application/json */
};

struct route {
	const char *pattern; /* literal segments, "{id}", or a final "*" */
	const char *allow;   /* the methods, as sent in Allow */
	api_fn fn;
	unsigned flags;
};

static const struct route routes[] = {
	{"/api/v1/questions", "GET, HEAD", api_questions, 0},
	{"/api/v1/advice", "POST", api_advice, ROUTE_JSON_BODY},
	{"/api/*", "", NULL, 0}, /* no other API path exists */
	{"/*", "GET, HEAD", api_asset, 0},
};

/*
 * Does path match pattern? "{id}" takes a positive integer segment (stored
 * in *id), "*" at the end takes anything that follows.
 */
static bool route_match(const char *pattern, const char *path, int64_t *id)
{
	while (*pattern) {
		if (!strcmp(pattern, "*"))
			return true;
		if (!strncmp(pattern, "{id}", 4)) {
			size_t n = strcspn(path, "/");

			if (sr_parse_i64(path, n, id, 1, INT64_MAX))
				return false;
			pattern += 4;
			path += n;
			continue;
		}
		if (*pattern != *path)
			return false;
		pattern++;
		path++;
	}
	return *path == '\0';
}

/* Is method one of the comma-separated names in allow? */
static bool method_allowed(const char *allow, const char *method)
{
	size_t n = strlen(method);

	while (*allow) {
		size_t len = strcspn(allow, ",");

		if (len == n && !strncmp(allow, method, n))
			return true;
		allow += len;
		while (*allow == ',' || *allow == ' ')
			allow++;
	}
	return false;
}

/* application/json, with any parameters (charset) after a ';'. */
static bool is_json_type(const char *ct)
{
	static const char want[] = "application/json";
	size_t n = sizeof(want) - 1;

	if (strncasecmp(ct, want, n))
		return false;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

void api_dispatch(const struct sr_http_req *req, struct sr_http_resp *resp)
{
	struct api_call c = {req, resp, req->app, 0};
	const struct route *r = NULL;
	bool sends_body;

	for (size_t i = 0; i < SR_ARRAY_SIZE(routes); i++) {
		if (route_match(routes[i].pattern, req->path, &c.id)) {
			r = &routes[i];
			break;
		}
	}
	if (!r || !r->fn) {
		api_error(&c, 404, "not_found", NULL, "no such path: %s",
			  req->path);
		return;
	}
	if (!method_allowed(r->allow, req->method)) {
		resp->allow = r->allow;
		api_error(&c, 405, "method_not_allowed", NULL,
			  "%s is not allowed here; use %s", req->method,
			  r->allow);
		return;
	}
	if (req->body_too_big) {
		api_error(&c, 413, "too_large", NULL,
			  "the body is larger than %d bytes", SR_HTTP_BODY_MAX);
		return;
	}
	sends_body = !strcmp(req->method, "POST") ||
		     !strcmp(req->method, "PUT") ||
		     !strcmp(req->method, "PATCH");
	if ((r->flags & ROUTE_JSON_BODY) && sends_body &&
	    !is_json_type(req->content_type)) {
		api_error(&c, 415, "unsupported_media_type", NULL,
			  "send the body as application/json");
		return;
	}
	r->fn(&c);
}
