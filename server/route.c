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
#include "smallrun/records.h"

enum route_flags {
	ROUTE_JSON_BODY = 1 << 0, /* the body must be application/json */
	ROUTE_CSV_BODY = 1 << 1,  /* the body must be text/csv */
	ROUTE_BIG_BODY = 1 << 2,  /* the body may be up to ROUTE_BIG_MAX */
};

/* A sales file from a till: years of rows. */
#define ROUTE_BIG_MAX ((size_t)128 * 1024 * 1024)

/* One row per path and method; HEAD is served wherever GET is. */
struct route {
	const char *pattern; /* literal segments, "{id}", or a final "*" */
	const char *method;
	api_fn fn;
	unsigned flags;
};

#define J ROUTE_JSON_BODY
/* clang-format off */
static const struct route routes[] = {
	{"/api/v1/questions", "GET", api_questions, 0},
	{"/api/v1/advice", "POST", api_advice, J},
	{"/api/v1/schema", "GET", api_schema, 0},
	{"/api/v1/settings", "GET", api_settings_get, 0},
	{"/api/v1/settings", "PUT", api_settings_put, J},
	{"/api/v1/products/{id}/economics", "GET", api_economics_product, 0},
	{"/api/v1/economics", "GET", api_economics, 0},
	{"/api/v1/economics/what-if", "POST", api_economics_what_if, J},
	{"/api/v1/batches/{id}/materials", "GET", api_batch_materials, 0},
	{"/api/v1/batches/{id}/materials", "POST", api_batch_material_add, J},
	{"/api/v1/batches/{id}/trace", "GET", api_trace_batch, 0},
	{"/api/v1/timer", "GET", api_timer_status, 0},
	{"/api/v1/timer/start", "POST", api_timer_start, J},
	{"/api/v1/timer/stop", "POST", api_timer_stop, J},
	{"/api/v1/stock", "GET", api_stock, 0},
	{"/api/v1/plan", "GET", api_plan, 0},
	{"/api/v1/plan.ics", "GET", api_plan_ics, 0},
	{"/api/v1/promise", "POST", api_promise, J},
	{"/api/v1/trace", "GET", api_trace, 0},
	{"/api/v1/sales/import", "POST", api_sales_import,
	 ROUTE_CSV_BODY | ROUTE_BIG_BODY},
	{"/api/v1/forecast", "GET", api_forecast, 0},
	/* Every list resource (resource.c), by its name: "{res}". */
	{"/api/v1/{res}", "GET", api_list, 0},
	{"/api/v1/{res}", "POST", api_create, J},
	{"/api/v1/{res}/{id}", "GET", api_get, 0},
	{"/api/v1/{res}/{id}", "PATCH", api_update, J},
	{"/api/v1/{res}/{id}", "DELETE", api_delete, 0},
	{"/api/*", NULL, NULL, 0}, /* no other API path exists */
	{"/*", "GET", api_asset, 0},
};
/* clang-format on */
#undef J

/* What a path's variable segments held. */
struct route_vars {
	int64_t id; /* "{id}": a positive integer */
	int res;    /* "{res}": a list resource's name, as enum sr_res */
};

/*
 * Does path match pattern? "{id}" takes a positive integer segment, "{res}"
 * the name of a list resource (both stored in *v), "*" at the end takes
 * anything that follows.
 */
static bool route_match(const char *pattern, const char *path,
			struct route_vars *v)
{
	while (*pattern) {
		size_t n = strcspn(path, "/");

		if (!strcmp(pattern, "*"))
			return true;
		if (!strncmp(pattern, "{id}", 4)) {
			if (sr_parse_i64(path, n, &v->id, 1, INT64_MAX))
				return false;
			pattern += 4;
			path += n;
			continue;
		}
		if (!strncmp(pattern, "{res}", 5)) {
			char name[32];
			int r;

			if (n == 0 || n >= sizeof(name))
				return false;
			memcpy(name, path, n);
			name[n] = '\0';
			r = sr_res_find(name);
			if (r < 0 || !sr_res_is_list((enum sr_res)r) ||
			    strcmp(sr_res_name((enum sr_res)r), name))
				return false;
			v->res = r;
			pattern += 5;
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
/* The media type want, with any parameters (charset) after a ';'. */
static bool is_type(const char *ct, const char *want)
{
	size_t n = strlen(want);

	if (strncasecmp(ct, want, n))
		return false;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

/* The route that serves method on path, or NULL. */
static const struct route *route_find(const char *method, const char *path)
{
	for (size_t i = 0; i < SR_ARRAY_SIZE(routes); i++) {
		struct route_vars v = {0, 0};

		if (routes[i].fn && !strcmp(routes[i].method, method) &&
		    route_match(routes[i].pattern, path, &v))
			return &routes[i];
	}
	return NULL;
}

size_t api_body_limit(void *app, const char *method, const char *path)
{
	const struct route *r = route_find(method, path);

	(void)app;
	return r && (r->flags & ROUTE_BIG_BODY) ? ROUTE_BIG_MAX
						: SR_HTTP_BODY_MAX;
}

void api_dispatch(const struct sr_http_req *req, struct sr_http_resp *resp)
{
	struct api_call c = {.req = req,
			     .resp = resp,
			     .app = req->app,
			     .fail = SR_FAIL_INIT};
	const struct route *first = NULL, *hit = NULL;
	const char *method = req->method;
	size_t alen = 0;
	bool sends_body;

	if (!strcmp(method, "HEAD"))
		method = "GET";
	/* The rows of one path stand together in the table. */
	for (size_t i = 0; i < SR_ARRAY_SIZE(routes); i++) {
		const struct route *cand = &routes[i];
		struct route_vars v = {0, 0};

		if (!route_match(cand->pattern, req->path, &v))
			continue;
		if (!first) {
			if (!cand->fn)
				break; /* the catch-all that answers 404 */
			first = cand;
		} else if (strcmp(cand->pattern, first->pattern)) {
			break;
		}
		alen += (size_t)snprintf(
			resp->allow + alen, sizeof(resp->allow) - alen,
			"%s%s%s", alen ? ", " : "", cand->method,
			strcmp(cand->method, "GET") ? "" : ", HEAD");
		if (alen >= sizeof(resp->allow))
			alen = sizeof(resp->allow) - 1;
		if (!hit && !strcmp(cand->method, method)) {
			hit = cand;
			c.id = v.id;
			c.res = v.res;
		}
	}
	if (!first) {
		resp->allow[0] = '\0';
		api_error(&c, 404, "not_found", NULL, "no such path: %s",
			  req->path);
		goto out;
	}
	if (!hit) {
		api_error(&c, 405, "method_not_allowed", NULL,
			  "%s is not allowed here; use %s", req->method,
			  resp->allow);
		goto out;
	}
	resp->allow[0] = '\0';
	if (req->body_too_big) {
		api_error(&c, 413, "too_large", NULL,
			  "the body is larger than %zu bytes", req->body_max);
		goto out;
	}
	sends_body = !strcmp(method, "POST") || !strcmp(method, "PUT") ||
		     !strcmp(method, "PATCH");
	if ((hit->flags & ROUTE_JSON_BODY) && sends_body &&
	    !is_type(req->content_type, "application/json")) {
		api_error(&c, 415, "unsupported_media_type", NULL,
			  "send the body as application/json");
		goto out;
	}
	if ((hit->flags & ROUTE_CSV_BODY) && sends_body &&
	    !is_type(req->content_type, "text/csv")) {
		api_error(&c, 415, "unsupported_media_type", NULL,
			  "send the body as text/csv");
		goto out;
	}
	hit->fn(&c);
out:
	sr_fail_release(&c.fail);
}
