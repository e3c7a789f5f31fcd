/*
 * addresses.h - the addresses a phone on the workshop's network can open
 * this server at, from where it listens and this machine's interfaces.
 *
 * A pure function of its arguments (the interfaces are passed in, as
 * getifaddrs() gives them), so unit tests hand it any network they like;
 * api-addresses.c asks the system and answers GET /api/v1/addresses.
 */
#ifndef SMALLRUN_SERVER_ADDRESSES_H
#define SMALLRUN_SERVER_ADDRESSES_H

#include <stdbool.h>
#include <stddef.h>

#include "edge.h"

struct ifaddrs;

/* The most addresses listed: the interfaces' and the --host-name names. */
#define SR_ADDR_MAX 32
/* Room for one: "https://", a 253-byte name or "[" an IPv6 literal "]",
 * ":65535", "/". */
#define SR_ADDR_URL_MAX 272

/* Where the server listens. */
struct sr_addr_listen {
	const char *host; /* as --listen gave it: "" for every IPv4 address */
	int port;	  /* the port it got */
	bool tls;	  /* https */
	const struct sr_edge_policy *names; /* --host-name, or NULL */
};

struct sr_addr_list {
	size_t n;
	char url[SR_ADDR_MAX][SR_ADDR_URL_MAX];
};

/* Does listening on host reach beyond this machine? Only an address of
 * the loopback network does not; "" (every address) and "::" do. */
bool sr_addr_beyond_loopback(const char *host);

/*
 * The addresses a phone on the same network can open, into out (emptied
 * first), each "http://HOST:PORT/" ("https://" with TLS; no port when it
 * is the scheme's own, 80 or 443), with no two alike:
 *
 *   - listening on loopback only: none at all;
 *   - on "" or "0.0.0.0": each IPv4 address of an interface in ifs that is
 *     up and running and not loopback, except link-local 169.254.0.0/16
 *     (no phone is sent there); then each --host-name name;
 *   - on "::": the same for IPv6 (the server then takes IPv6 alone), with
 *     neither link-local fe80::/10 nor IPv4-mapped addresses, in brackets;
 *   - on one address: that address, then the names.
 *
 * In the order of ifs, names last; past SR_ADDR_MAX the rest are left out.
 */
void sr_addr_urls(const struct sr_addr_listen *l, const struct ifaddrs *ifs,
		  struct sr_addr_list *out);

#endif
