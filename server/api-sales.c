/*
 * api-sales.c - POST /api/v1/sales/import (a sales CSV as the body, or a
 * form with the file and a plan for the names no product has; or either
 * as a preview) and GET /api/v1/forecast (demand and batch quantities
 * from the sales).
 */
#include "compat.h"

#include <time.h>

#include "api.h"
#include "form.h"
#include "server.h"
#include "smallrun/date.h"
#include "smallrun/demand.h"
#include "smallrun/text.h"

/*
 * The charset parameter of a Content-Type ("text/csv; charset=cp1252"),
 * copied into out; false when there is none.
 */
static bool charset(const char *type, char *out, size_t size)
{
	const char *p = strchr(type, ';');
	size_t n = 0;

	while (p) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!strncasecmp(p, "charset=", 8)) {
			p += 8;
			if (*p == '"')
				p++;
			while (p[n] && !strchr("\"; \t", p[n]) && n + 1 < size)
				n++;
			memcpy(out, p, n);
			out[n] = '\0';
			return true;
		}
		p = strchr(p, ';');
	}
	return false;
}

/*
 * The file's encoding: the encoding parameter, else the charset of its
 * type (the body's, or its part's in a form), else UTF-8. Either one
 * unknown is a 400 naming it, and the two disagreeing is one too.
 */
static enum sr_err encoding(struct api_call *c, const char *type,
			    enum sr_encoding *enc)
{
	const char *given = api_arg_text(c, ARG_ENCODING);
	enum sr_encoding other;
	char cs[48];

	*enc = SR_ENC_UTF8;
	if (given && sr_encoding_parse(given, "encoding", enc, &c->fail))
		return c->fail.err;
	if (!charset(type, cs, sizeof(cs)))
		return SR_OK;
	if (sr_encoding_parse(cs, "charset", &other, &c->fail))
		return c->fail.err;
	if (given && other != *enc)
		return sr_fail_set(&c->fail, SR_EINVAL, "bad_value",
				   "encoding",
				   "encoding=%s and the body's charset=%s "
				   "disagree",
				   sr_encoding_names[*enc],
				   sr_encoding_names[other]);
	*enc = other;
	return SR_OK;
}

/* What an import is sent: the file, its type and name, and the plan. */
struct upload {
	const char *data, *type, *name;
	size_t len;
	struct sr_form_part parts[SR_FORM_MAX_PARTS];
};

/*
 * The file and plan of a form: the parts "file" (required) and "plan"
 * (JSON, optional), no others.
 */
static enum sr_err read_form(struct api_call *c, struct upload *u,
			     struct sr_import_plan *plan)
{
	const struct sr_form_part *file, *json;
	size_t n;
	enum sr_err err;

	err = sr_form_parse(c->req->content_type, c->req->body,
			    c->req->body_len, u->parts, &n, &c->fail);
	if (err)
		return err;
	for (size_t i = 0; i < n; i++)
		if (strcmp(u->parts[i].name, "file") &&
		    strcmp(u->parts[i].name, "plan"))
			return sr_fail_set(&c->fail, SR_EINVAL, "unknown_field",
					   u->parts[i].name,
					   "the form has a part '%s'; it takes "
					   "file and plan",
					   u->parts[i].name);
	file = sr_form_get(u->parts, n, "file");
	json = sr_form_get(u->parts, n, "plan");
	if (!file)
		return sr_fail_set(&c->fail, SR_EINVAL, "missing_field", "file",
				   "the form has no part called file: the "
				   "sales file");
	u->data = file->data;
	u->len = file->len;
	u->type = file->type;
	if (file->filename[0])
		u->name = file->filename;
	return json ? sr_import_plan_parse(plan, json->data, json->len,
					   &c->fail)
		    : SR_OK;
}

/*
 * POST /api/v1/sales/import?create_products=true&name=FILE.csv
 * &encoding=windows-1252&preview=true, with the file as the body
 * (text/csv), or as the part "file" of a form with a part "plan".
 */
void api_sales_import(struct api_call *c)
{
	const char *name = api_arg_text(c, ARG_NAME);
	struct sr_import_plan plan = SR_IMPORT_PLAN_INIT;
	struct upload u = {.data = c->req->body,
			   .type = c->req->content_type,
			   .len = c->req->body_len};
	enum sr_encoding enc;
	enum sr_err err = SR_OK;

	if (!strncasecmp(c->req->content_type, "multipart/form-data", 19))
		err = read_form(c, &u, &plan);
	if (!err)
		err = encoding(c, u.type, &enc);
	plan.preview = api_arg_int(c, ARG_PREVIEW, 0) != 0;
	if (api_arg_int(c, ARG_CREATE, 0))
		plan.create_products = true;
	if (name && *name)
		u.name = name;
	if (!err)
		err = sr_sales_import(c->app->store,
				      u.name ? u.name : "sales.csv", u.data,
				      u.len, enc, &plan, (int64_t)time(NULL),
				      NULL, NULL, &c->resp->body, &c->fail);
	sr_import_plan_release(&plan);
	api_answer(c, err, 200);
}

/* GET /api/v1/forecast?product=ID&days=N&from=DATE */
void api_forecast(struct api_call *c)
{
	int64_t today;
	int minute;

	sr_local_time((int64_t)time(NULL), &today, &minute);
	api_answer(c,
		   sr_demand_forecast(c->app->store,
				      api_arg_int(c, ARG_PRODUCT, 0),
				      (int)api_arg_int(c, ARG_DAYS, 7), today,
				      api_arg_int(c, ARG_FROM,
						  SR_DEMAND_FROM_AUTO),
				      &c->resp->body, &c->fail),
		   200);
}
