/*
 * api-sales.c - POST /api/v1/sales/import (a sales CSV as the body) and
 * GET /api/v1/forecast (demand and batch quantities from the sales).
 */
#include "compat.h"

#include <time.h>

#include "api.h"
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
 * The file's encoding: the encoding parameter, else the body's charset,
 * else UTF-8. Either one unknown is a 400 naming it, and the two
 * disagreeing is one too.
 */
static enum sr_err encoding(struct api_call *c, enum sr_encoding *enc)
{
	const char *given = api_arg_text(c, ARG_ENCODING);
	enum sr_encoding other;
	char cs[48];

	*enc = SR_ENC_UTF8;
	if (given && sr_encoding_parse(given, "encoding", enc, &c->fail))
		return c->fail.err;
	if (!charset(c->req->content_type, cs, sizeof(cs)))
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

/*
 * POST /api/v1/sales/import?create_products=true&name=FILE.csv
 * &encoding=windows-1252
 */
void api_sales_import(struct api_call *c)
{
	const char *name = api_arg_text(c, ARG_NAME);
	enum sr_encoding enc;
	enum sr_err err = encoding(c, &enc);

	if (!err)
		err = sr_sales_import(c->app->store,
				      name && *name ? name : "sales.csv",
				      c->req->body, c->req->body_len, enc,
				      api_arg_int(c, ARG_CREATE, 0) != 0,
				      (int64_t)time(NULL), NULL, NULL,
				      &c->resp->body, &c->fail);
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
