/*
 * api-addresses.c - GET /api/v1/addresses: where a phone on the same
 * network opens smallrun, each address with its QR code (lib/qr.c) for
 * the phone's camera; or, while smallrun answers this computer only, how
 * to start it so that a phone can. The owner's alone (route.c): it tells
 * the machine's network addresses.
 */
/* getifaddrs() is BSD's, beyond POSIX. */
#define _DEFAULT_SOURCE
#include "compat.h"

#include <ifaddrs.h>
#include <jansson.h>

#include "addresses.h"
#include "api.h"
#include "server.h"
#include "smallrun/qr.h"

/* json_dump_callback() into an sr_buf. */
static int dump_to_buf(const char *text, size_t len, void *arg)
{
	return sr_buf_add(arg, text, len) ? -1 : 0;
}

/* The sentence above the addresses, or in place of them, with the
 * command that listens on the network. */
static void say(struct sr_buf *out, const struct api_call *c, bool beyond,
		size_t n, const char *command)
{
	if (beyond && n)
		sr_buf_addf(out,
			    "Open %s on a phone on the same network as this "
			    "computer, or point the phone's camera at its "
			    "code.",
			    n == 1 ? "this address" : "one of these addresses");
	else if (beyond)
		sr_buf_adds(out, "smallrun listens on the network, but this "
				 "computer has no network address just now: "
				 "connect it to the workshop's network and "
				 "look again.");
	else
		sr_buf_addf(out,
			    "smallrun answers this computer only, so a phone "
			    "cannot open it. To use it on a phone on the same "
			    "network, %sstart smallrun with: %s",
			    c->who.id ? ""
				      : "create the owner's account first, "
					"then ",
			    command);
}

/* {"url", "qr_svg"} of each address into items. */
static enum sr_err add_items(json_t *items, const struct sr_addr_list *list,
			     struct sr_fail *f)
{
	struct sr_buf svg = SR_BUF_INIT(SR_HTTP_RESP_MAX);
	enum sr_err err = SR_OK;

	for (size_t i = 0; !err && i < list->n; i++) {
		const char *url = list->url[i];

		sr_buf_reset(&svg);
		err = sr_qr_svg(url, strlen(url), "url", &svg, NULL, f);
		if (!err && json_array_append_new(
				    items, json_pack("{s:s s:s}", "url", url,
						     "qr_svg", svg.data)))
			err = sr_fail_oom(f);
	}
	sr_buf_release(&svg);
	return err;
}

void api_addresses(struct api_call *c)
{
	struct sr_app *app = c->app;
	int port = atomic_load(&app->port);
	struct sr_addr_listen l = {app->listen_host, port, app->tls,
				   app->names};
	bool beyond = sr_addr_beyond_loopback(l.host);
	struct sr_buf message = SR_BUF_INIT(1024);
	struct ifaddrs *ifs = NULL;
	struct sr_addr_list list;
	char command[64];
	json_t *doc = NULL, *items = json_array();
	enum sr_err err = SR_OK;

	/* With no interfaces to read, the --host-name names still stand. */
	if (beyond && getifaddrs(&ifs))
		ifs = NULL;
	sr_addr_urls(&l, ifs, &list);
	if (ifs)
		freeifaddrs(ifs);
	snprintf(command, sizeof(command), "smallrun serve --listen 0.0.0.0:%d",
		 port);
	say(&message, c, beyond, list.n, command);
	err = items ? add_items(items, &list, &c->fail) : sr_fail_oom(&c->fail);
	if (!err && !message.err)
		doc = json_pack("{s:b s:{s:s s:i s:b} s:O s:I s:s s:s?}",
				"network", beyond, "listen", "host",
				l.host[0] ? l.host : "0.0.0.0", "port", port,
				"tls", l.tls, "items", items, "total",
				(json_int_t)list.n, "message", message.data,
				"command", beyond ? NULL : command);
	if (!err && (!doc || json_dump_callback(doc, dump_to_buf,
						&c->resp->body, JSON_COMPACT)))
		err = c->resp->body.err == SR_ETOOBIG
			      ? sr_fail_set(&c->fail, SR_ETOOBIG, "too_big",
					    NULL,
					    "the addresses are too many "
					    "to answer")
			      : sr_fail_oom(&c->fail);
	json_decref(doc);
	json_decref(items);
	sr_buf_release(&message);
	api_answer(c, err, 200);
}
