/* assets.c - serve the embedded web app with types and validators. */
#include "compat.h"

#include "api.h"
#include "assets.h"

static const struct {
	const char *ext;
	const char *type;
} content_types[] = {
	{".html", "text/html; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".json", "application/json"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".ico", "image/x-icon"},
	{".txt", "text/plain; charset=utf-8"},
};

static const char *content_type(const char *path)
{
	const char *dot = strrchr(path, '.');

	for (size_t i = 0; dot && i < SR_ARRAY_SIZE(content_types); i++)
		if (!strcmp(dot, content_types[i].ext))
			return content_types[i].type;
	return "application/octet-stream";
}

/* Does an If-None-Match header list etag (quotes included), or "*"? */
static bool etag_matches(const char *header, const char *etag)
{
	header += strspn(header, " \t");
	return !strcmp(header, "*") || strstr(header, etag);
}

/* GET / and the files of the web app. */
void api_asset(struct api_call *c)
{
	const char *path = c->req->path;
	struct sr_http_resp *resp = c->resp;

	if (!strcmp(path, "/"))
		path = "/index.html";
	for (size_t i = 0; i < sr_assets_count; i++) {
		const struct sr_embed *a = &sr_assets[i];

		if (strcmp(a->path, path))
			continue;
		/* Revalidate each time: a new build changes every ETag. */
		resp->cache_control = "no-cache";
		snprintf(resp->etag, sizeof(resp->etag), "%s", a->etag);
		resp->content_type = content_type(a->path);
		if (etag_matches(c->req->if_none_match, a->etag)) {
			resp->status = 304;
			return;
		}
		resp->data = a->data;
		resp->data_len = a->len;
		resp->status = 200;
		return;
	}
	api_error(c, 404, "not_found", NULL, "no such page: %s", c->req->path);
}
