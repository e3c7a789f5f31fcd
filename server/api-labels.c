/*
 * api-labels.c - a product's ingredients list, and a batch's labels: what
 * one says (for the web app's printable preview) and the PDF of many.
 */
#include "compat.h"

#include "api.h"
#include "server.h"
#include "smallrun/ingredients.h"
#include "smallrun/label.h"

/* GET /api/v1/products/{id}/ingredients */
void api_ingredients(struct api_call *c)
{
	api_answer(c,
		   sr_ingredients_json(c->app->store, c->id, &c->resp->body,
				       &c->fail),
		   200);
}

/*
 * The request's labels. The QR code opens the settings' base_url, else
 * this request's own address: its scheme and the Host edge.c let in (an
 * IP literal, localhost or a --host-name), which is how the maker reached
 * smallrun; into base (SR_EDGE_TARGET_MAX is far above a Host's length).
 */
static void label_req(const struct api_call *c, struct sr_label_req *r,
		      char *base, size_t size)
{
	const char *layout = api_arg_text(c, ARG_LAYOUT);

	r->batch_id = c->id;
	r->layout = layout ? layout : "l7160";
	r->copies = (int)api_arg_int(c, ARG_COPIES, 1);
	r->start = (int)api_arg_int(c, ARG_START, 1);
	r->base_url = NULL;
	if (c->req->host && c->req->host[0] &&
	    (size_t)snprintf(base, size, "%s://%s",
			     c->req->tls ? "https" : "http",
			     c->req->host) < size)
		r->base_url = base;
}

/* GET /api/v1/batches/{id}/label?layout=… */
void api_label(struct api_call *c)
{
	struct sr_label_req r;
	char base[300];

	label_req(c, &r, base, sizeof(base));
	api_answer(c,
		   sr_label_json(c->app->store, &r, &c->resp->body, &c->fail),
		   200);
}

/* GET /api/v1/batches/{id}/labels.pdf?layout=…&copies=…&start=… */
void api_labels_pdf(struct api_call *c)
{
	struct sr_label_req r;
	char base[300];

	label_req(c, &r, base, sizeof(base));
	if (sr_label_pdf(c->app->store, &r, &c->resp->body, &c->fail)) {
		sr_buf_reset(&c->resp->body);
		api_fail(c, &c->fail);
		return;
	}
	c->resp->status = 200;
	c->resp->content_type = "application/pdf";
	c->resp->inline_file = true;
	snprintf(c->resp->filename, sizeof(c->resp->filename),
		 "labels-%" PRId64 ".pdf", c->id);
}
