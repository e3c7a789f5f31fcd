/*
 * test-addresses.c - GET /api/v1/addresses over a real server: on
 * loopback, no address and the command that listens on the network (with
 * "create the owner's account first" while there is none); on 0.0.0.0
 * with an owner made on the command line and a --host-name, each IPv4
 * address this machine's up interfaces have (as getifaddrs() tells the
 * test itself) and the name, each with the QR code lib/qr.c makes of it;
 * the owner's alone: 401 with no credential, 403 for a maker and a viewer.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "smallrun/qr.h"

API_SUITE(addresses);

#define PW "password1"

/* Log in as login on s: the header lines of its session, for http_with(). */
static void log_in(const struct srv *s, const char *login, char head[256])
{
	char *body = fmt("{\"login\":\"%s\",\"password\":\"" PW "\"}", login);
	char *set, secret[64];
	struct resp r;

	http_json(s, "POST", API "/session", body, &r);
	cr_assert_eq(r.status, 200, "%s: %s", login, r.body);
	set = resp_header(&r, "Set-Cookie");
	cr_assert_not_null(set);
	cr_assert_eq(sscanf(set, "smallrun_session=%63[^;]", secret), 1, "%s",
		     set);
	snprintf(head, 256, "Cookie: smallrun_session=%s\r\n", secret);
	free(set);
	free(body);
	resp_free(&r);
}

/* GET /api/v1/addresses on s with head; assert status, return the body. */
static json_t *addresses(const struct srv *s, const char *head, int status)
{
	struct resp r;
	json_t *j;

	http_with(s, "GET", API "/addresses", head, NULL, NULL, &r);
	cr_assert_eq(r.status, status, "%d %s", r.status, r.body);
	j = json_incref(r.json);
	cr_assert_not_null(j, "%s", r.body);
	resp_free(&r);
	return j;
}

/* Add a maker and a viewer on s as the owner (head). */
static void staff(const struct srv *s, const char *head)
{
	static const char *const who[] = {"mia\",\"role\":\"maker",
					  "vic\",\"role\":\"viewer"};

	for (size_t i = 0; i < COUNT(who); i++) {
		char *body = fmt("{\"name\":\"X\",\"password\":\"" PW
				 "\",\"login\":\"%s\"}",
				 who[i]);
		char *h = fmt("%sX-Smallrun: 1\r\n", head);
		struct resp r;

		http_with(s, "POST", API "/accounts", h, "application/json",
			  body, &r);
		cr_assert_eq(r.status, 201, "%s", r.body);
		resp_free(&r);
		free(h);
		free(body);
	}
}

/* Maker, viewer and nobody are refused on s. */
static void only_the_owner(const struct srv *s)
{
	char head[256];
	json_t *j;

	log_in(s, "mia", head);
	j = addresses(s, head, 403);
	cr_assert_str_eq(jstr(j, "error.code"), "forbidden");
	json_decref(j);
	log_in(s, "vic", head);
	j = addresses(s, head, 403);
	cr_assert_str_eq(jstr(j, "error.code"), "forbidden");
	json_decref(j);
	j = addresses(s, "", 401);
	cr_assert_str_eq(jstr(j, "error.code"), "unauthenticated");
	json_decref(j);
}

Test(addresses, on_loopback_none_and_how_to_listen_on_the_network)
{
	char *cmd = fmt("smallrun serve --listen 0.0.0.0:%d", server.port);
	char head[256], secret[64], *set;
	struct resp r;
	json_t *j = get(API "/addresses");

	cr_assert(json_is_false(jget(j, "network")));
	cr_assert_eq(jint(j, "total"), 0);
	cr_assert_eq(json_array_size(jget(j, "items")), 0);
	cr_assert_str_eq(jstr(j, "listen.host"), "127.0.0.1");
	cr_assert_eq(jint(j, "listen.port"), server.port);
	cr_assert(json_is_false(jget(j, "listen.tls")));
	cr_assert_str_eq(jstr(j, "command"), cmd);
	cr_assert(strstr(jstr(j, "message"), "this computer only"), "%s",
		  jstr(j, "message"));
	cr_assert(strstr(jstr(j, "message"), "create the owner's account "
					     "first, then"),
		  "%s", jstr(j, "message"));
	cr_assert(strstr(jstr(j, "message"), cmd), "%s", jstr(j, "message"));
	json_decref(j);

	/* Once the owner exists, that step is done. */
	http_json(&server, "POST", API "/setup",
		  "{\"name\":\"Ann\",\"login\":\"ann\",\"password\":\"" PW
		  "\"}",
		  &r);
	cr_assert_eq(r.status, 201, "%s", r.body);
	set = resp_header(&r, "Set-Cookie");
	cr_assert_not_null(set);
	cr_assert_eq(sscanf(set, "smallrun_session=%63[^;]", secret), 1);
	snprintf(head, sizeof(head), "Cookie: smallrun_session=%s\r\n", secret);
	free(set);
	resp_free(&r);
	j = addresses(&server, head, 200);
	cr_assert(json_is_false(jget(j, "network")));
	cr_assert_eq(jint(j, "total"), 0);
	cr_assert_null(strstr(jstr(j, "message"), "owner"), "%s",
		       jstr(j, "message"));
	cr_assert(strstr(jstr(j, "message"), cmd), "%s", jstr(j, "message"));
	json_decref(j);
	staff(&server, head);
	only_the_owner(&server);
	free(cmd);
}

/* This machine's IPv4 addresses a phone could be sent to, as the test
 * reads them itself, in getifaddrs() order. */
static size_t lan_addresses(char out[][INET_ADDRSTRLEN], size_t max)
{
	struct ifaddrs *ifs = NULL;
	size_t n = 0;

	cr_assert_eq(getifaddrs(&ifs), 0);
	for (struct ifaddrs *i = ifs; i && n < max; i = i->ifa_next) {
		struct sockaddr_in *sin = (struct sockaddr_in *)i->ifa_addr;
		char text[INET_ADDRSTRLEN];
		bool seen = false;

		if (!sin || sin->sin_family != AF_INET ||
		    !(i->ifa_flags & IFF_UP) || !(i->ifa_flags & IFF_RUNNING) ||
		    (i->ifa_flags & IFF_LOOPBACK))
			continue;
		inet_ntop(AF_INET, &sin->sin_addr, text, sizeof(text));
		if (!strncmp(text, "127.", 4) || !strncmp(text, "169.254.", 8))
			continue;
		for (size_t k = 0; k < n; k++)
			seen |= !strcmp(out[k], text);
		if (!seen)
			snprintf(out[n++], INET_ADDRSTRLEN, "%s", text);
	}
	freeifaddrs(ifs);
	return n;
}

Test(addresses, on_every_address_each_with_its_code)
{
	struct run *run = malloc(sizeof(*run));
	char dir[64], head[256], lan[16][INET_ADDRSTRLEN], *db;
	struct srv s;
	size_t n;
	json_t *j, *items;

	cr_assert_not_null(run);
	temp_dir(dir, sizeof(dir), "addresses");
	db = fmt("%s/shop.db", dir);
	/* Beyond loopback needs the owner first: made on the command line. */
	cli_run_input(run, PW "\n", db,
		      "user add --login ann --name Ann --role owner "
		      "--password-stdin");
	cr_assert_eq(run->code, 0, "%s", run->err);
	srv_start(&s,
		  (const char *const[]){"--db", db, "--listen", "0.0.0.0:0",
					"--host-name", "shop.example", NULL});
	log_in(&s, "ann", head);
	j = addresses(&s, head, 200);
	cr_assert(json_is_true(jget(j, "network")));
	cr_assert(json_is_null(jget(j, "command")));
	cr_assert_str_eq(jstr(j, "listen.host"), "0.0.0.0");
	cr_assert_eq(jint(j, "listen.port"), s.port);
	n = lan_addresses(lan, COUNT(lan));
	items = jget(j, "items");
	cr_assert_eq(jint(j, "total"), (long long)n + 1, "%zu addresses", n);
	cr_assert_eq(json_array_size(items), n + 1);
	for (size_t i = 0; i <= n; i++) {
		char *want = i < n ? fmt("http://%s:%d/", lan[i], s.port)
				   : fmt("http://shop.example:%d/", s.port);
		json_t *item = json_array_get(items, i);
		struct sr_buf svg = SR_BUF_INIT(1 << 20);
		struct sr_fail f = SR_FAIL_INIT;

		cr_assert_str_eq(jstr(item, "url"), want);
		/* The library's own code of the address: test-qr.c reads
		 * those back with zbarimg. */
		cr_assert_eq(
			sr_qr_svg(want, strlen(want), "url", &svg, NULL, &f),
			SR_OK);
		cr_assert_str_eq(jstr(item, "qr_svg"), svg.data);
		sr_buf_release(&svg);
		sr_fail_release(&f);
		free(want);
	}
	cr_assert(strstr(jstr(j, "message"), "same network"), "%s",
		  jstr(j, "message"));
	json_decref(j);
	staff(&s, head);
	only_the_owner(&s);
	srv_finish(&s);
	remove_dir(dir);
	free(db);
	free(run);
}
