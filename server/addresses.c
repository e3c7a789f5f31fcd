/*
 * addresses.c - the addresses a phone can open this server at
 * (addresses.h).
 */
/* The interface flags (IFF_UP …) are BSD's, beyond POSIX. */
#define _DEFAULT_SOURCE
#include "compat.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "addresses.h"
#include "credential.h"

bool sr_addr_beyond_loopback(const char *host)
{
	return !sr_cred_loopback(host);
}

/* Add "scheme://host[:port]/" to out unless it is there already. */
static void add(struct sr_addr_list *out, const struct sr_addr_listen *l,
		const char *host, bool bracket)
{
	bool own = l->port == (l->tls ? 443 : 80);
	char url[SR_ADDR_URL_MAX];
	int n;

	if (out->n >= SR_ADDR_MAX)
		return;
	n = snprintf(url, sizeof(url), "%s://%s%s%s", l->tls ? "https" : "http",
		     bracket ? "[" : "", host, bracket ? "]" : "");
	if (n > 0 && (size_t)n < sizeof(url) && !own)
		n += snprintf(url + n, sizeof(url) - (size_t)n, ":%d", l->port);
	if (n > 0 && (size_t)n < sizeof(url))
		n += snprintf(url + n, sizeof(url) - (size_t)n, "/");
	/* Only a name past edge.h's 253 bytes could be cut: leave it out. */
	if (n <= 0 || (size_t)n >= sizeof(url))
		return;
	for (size_t i = 0; i < out->n; i++)
		if (!strcmp(out->url[i], url))
			return;
	memcpy(out->url[out->n++], url, (size_t)n + 1);
}

/* An address of ifa a phone on the network may be sent to, as text. */
static bool usable(const struct ifaddrs *ifa, int family, char *text,
		   size_t size)
{
	const unsigned want = IFF_UP | IFF_RUNNING;

	if (!ifa->ifa_addr || ifa->ifa_addr->sa_family != family ||
	    (ifa->ifa_flags & want) != want || (ifa->ifa_flags & IFF_LOOPBACK))
		return false;
	if (family == AF_INET) {
		const struct sockaddr_in *sin =
			(const struct sockaddr_in *)(const void *)ifa->ifa_addr;
		uint32_t a = ntohl(sin->sin_addr.s_addr);

		if (a >> 24 == 127 || a >> 16 == (169u << 8 | 254u) ||
		    a == INADDR_ANY)
			return false;
		return inet_ntop(AF_INET, &sin->sin_addr, text,
				 (socklen_t)size) != NULL;
	} else {
		const struct sockaddr_in6 *sin6 =
			(const struct sockaddr_in6 *)(const void *)
				ifa->ifa_addr;
		const struct in6_addr *a = &sin6->sin6_addr;

		if (IN6_IS_ADDR_LOOPBACK(a) || IN6_IS_ADDR_LINKLOCAL(a) ||
		    IN6_IS_ADDR_V4MAPPED(a) || IN6_IS_ADDR_UNSPECIFIED(a) ||
		    IN6_IS_ADDR_MULTICAST(a))
			return false;
		return inet_ntop(AF_INET6, a, text, (socklen_t)size) != NULL;
	}
}

/* Is host the address of every interface, 0.0.0.0 or :: in any spelling? */
static bool every_address(const char *host)
{
	struct in_addr a4;
	struct in6_addr a6;

	if (!host[0])
		return true;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return a4.s_addr == htonl(INADDR_ANY);
	return inet_pton(AF_INET6, host, &a6) == 1 &&
	       IN6_IS_ADDR_UNSPECIFIED(&a6);
}

void sr_addr_urls(const struct sr_addr_listen *l, const struct ifaddrs *ifs,
		  struct sr_addr_list *out)
{
	char text[INET6_ADDRSTRLEN];
	bool v6 = strchr(l->host, ':') != NULL;
	bool every = every_address(l->host);

	out->n = 0;
	if (!sr_addr_beyond_loopback(l->host))
		return;
	if (!every)
		add(out, l, l->host, v6);
	for (const struct ifaddrs *ifa = ifs; every && ifa; ifa = ifa->ifa_next)
		if (usable(ifa, v6 ? AF_INET6 : AF_INET, text, sizeof(text)))
			add(out, l, text, v6);
	for (size_t i = 0; l->names && i < l->names->nnames; i++)
		if (l->names->names[i])
			add(out, l, l->names->names[i], false);
}
