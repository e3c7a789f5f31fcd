/* api.c - how every handler answers: JSON bodies and the error shape. */
#include "compat.h"

#include "api.h"

int api_status(enum sr_err err)
{
	switch (err) {
	case SR_OK: return 200;
	case SR_EINVAL: return 400;
	case SR_ENOTFOUND: return 404;
	case SR_ECONFLICT: return 409;
	case SR_ETOOBIG: return 413;
	case SR_EAUTH: return 401;
	case SR_EDENIED: return 403;
	case SR_EBUSY: return 429;
	case SR_ENOMEM:
	case SR_EDB:
	case SR_EIO:
	case SR_ERR__MAX: break;
	}
	return 500;
}

void api_json(struct api_call *c, int status)
{
	c->resp->status = status;
	c->resp->content_type = "application/json";
	if (c->resp->body.err) {
		sr_buf_reset(&c->resp->body);
		api_error(c, 500, "internal", NULL,
			  "the response could not be built");
	}
}

void api_fail(struct api_call *c, const struct sr_fail *f)
{
	int status = api_status(f->err);

	if (status == 500) {
		/* Log the detail; tell the client no more than it needs. */
		fprintf(stderr, "smallrun: %s %s: %s: %s\n", c->req->method,
			c->req->path, sr_strerror(f->err), f->message.data);
		api_error(c, 500, "internal", NULL,
			  "something went wrong inside smallrun; the server "
			  "log has the details");
		return;
	}
	sr_buf_reset(&c->resp->body);
	sr_fail_to_json(f, &c->resp->body);
	c->resp->status = status;
	c->resp->content_type = "application/json";
}

void api_error(struct api_call *c, int status, const char *code,
	       const char *field, const char *fmt, ...)
{
	struct sr_fail f = SR_FAIL_INIT;
	va_list ap;

	f.err = SR_EINVAL;
	f.code = code;
	sr_buf_adds(&f.field, field ? field : "");
	va_start(ap, fmt);
	sr_buf_vaddf(&f.message, fmt, ap);
	va_end(ap);
	sr_buf_reset(&c->resp->body);
	sr_fail_to_json(&f, &c->resp->body);
	sr_fail_release(&f);
	c->resp->status = status;
	c->resp->content_type = "application/json";
}

void api_answer(struct api_call *c, enum sr_err err, int status)
{
	if (err)
		api_fail(c, &c->fail);
	else
		api_json(c, status);
}

int64_t api_arg_int(const struct api_call *c, enum api_arg a, int64_t dflt)
{
	return c->args.v[a].given ? c->args.v[a].n : dflt;
}

const char *api_arg_text(const struct api_call *c, enum api_arg a)
{
	return c->args.v[a].given ? c->args.v[a].s : NULL;
}
