/*
 * test-addresses.c - server/addresses.c: which addresses a phone is
 * offered, from where the server listens and a made-up machine's
 * interfaces (loopback, Wi-Fi, wired, a link-local fallback, one down,
 * one up with no cable, IPv6 global, link-local and IPv4-mapped).
 */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "addresses.h"

#define UP (IFF_UP | IFF_RUNNING)

/* An interface address, chained in the order they are made. */
struct fake {
	struct ifaddrs ifa;
	struct sockaddr_storage addr;
};

static struct fake fakes[SR_ADDR_MAX + 8];
static size_t nfakes;

static void iface(const char *name, const char *addr, unsigned flags)
{
	struct fake *f = &fakes[nfakes];

	cr_assert_lt(nfakes, sizeof(fakes) / sizeof(fakes[0]));
	memset(f, 0, sizeof(*f));
	f->ifa.ifa_name = (char *)name;
	f->ifa.ifa_flags = flags;
	f->ifa.ifa_addr = (struct sockaddr *)&f->addr;
	if (strchr(addr, ':')) {
		struct sockaddr_in6 *s = (struct sockaddr_in6 *)&f->addr;

		s->sin6_family = AF_INET6;
		cr_assert_eq(inet_pton(AF_INET6, addr, &s->sin6_addr), 1);
	} else {
		struct sockaddr_in *s = (struct sockaddr_in *)&f->addr;

		s->sin_family = AF_INET;
		cr_assert_eq(inet_pton(AF_INET, addr, &s->sin_addr), 1);
	}
	if (nfakes)
		fakes[nfakes - 1].ifa.ifa_next = &f->ifa;
	nfakes++;
}

/* A workshop's laptop. */
static struct ifaddrs *machine(void)
{
	nfakes = 0;
	iface("lo", "127.0.0.1", UP | IFF_LOOPBACK);
	iface("lo", "::1", UP | IFF_LOOPBACK);
	iface("wlan0", "192.168.1.20", UP);
	iface("wlan0", "fe80::1c2b:3ff:fe4d:5e6f", UP);
	iface("wlan0", "2001:db8::20", UP);
	iface("eth0", "10.0.0.7", UP);
	iface("eth0", "::ffff:10.0.0.7", UP);
	iface("eth1", "169.254.10.1", UP);	   /* no DHCP answered */
	iface("eth2", "172.16.5.5", IFF_UP);	   /* no cable */
	iface("wwan0", "100.64.1.1", IFF_RUNNING); /* switched off */
	iface("wlan0", "192.168.1.20", UP);	   /* listed twice */
	/* An interface with no address at all. */
	memset(&fakes[nfakes], 0, sizeof(fakes[nfakes]));
	fakes[nfakes].ifa.ifa_name = (char *)"tun0";
	fakes[nfakes].ifa.ifa_flags = UP;
	fakes[nfakes - 1].ifa.ifa_next = &fakes[nfakes].ifa;
	nfakes++;
	return &fakes[0].ifa;
}

static void expect(const struct sr_addr_list *got, const char *const *want,
		   size_t n)
{
	cr_expect_eq(got->n, n, "%zu addresses, not %zu", got->n, n);
	for (size_t i = 0; i < n && i < got->n; i++)
		cr_expect_str_eq(got->url[i], want[i], "address %zu", i);
}

#define EXPECT(got, ...)                                                       \
	do {                                                                   \
		static const char *const w_[] = {__VA_ARGS__};                 \
		expect((got), w_, sizeof(w_) / sizeof(w_[0]));                 \
	} while (0)

Test(addresses, every_ipv4_address_the_phone_can_reach)
{
	struct sr_addr_list out;
	struct sr_addr_listen l = {"0.0.0.0", 8080, false, NULL};

	sr_addr_urls(&l, machine(), &out);
	EXPECT(&out, "http://192.168.1.20:8080/", "http://10.0.0.7:8080/");
	/* ":8080" listens on every address too. */
	l.host = "";
	sr_addr_urls(&l, machine(), &out);
	EXPECT(&out, "http://192.168.1.20:8080/", "http://10.0.0.7:8080/");
}

Test(addresses, https_and_the_schemes_own_ports)
{
	struct sr_addr_list out;
	struct sr_addr_listen l = {"0.0.0.0", 443, true, NULL};

	sr_addr_urls(&l, machine(), &out);
	EXPECT(&out, "https://192.168.1.20/", "https://10.0.0.7/");
	l.port = 8443;
	sr_addr_urls(&l, machine(), &out);
	EXPECT(&out, "https://192.168.1.20:8443/", "https://10.0.0.7:8443/");
	l.tls = false;
	l.port = 80;
	sr_addr_urls(&l, machine(), &out);
	EXPECT(&out, "http://192.168.1.20/", "http://10.0.0.7/");
	/* 443 is no default for http. */
	l.port = 443;
	sr_addr_urls(&l, machine(), &out);
	EXPECT(&out, "http://192.168.1.20:443/", "http://10.0.0.7:443/");
}

Test(addresses, host_names_come_after_the_addresses)
{
	char spec[] = "shop.example,Werkstatt.example,shop.example";
	struct sr_edge_policy names = {.nnames = 0};
	struct sr_addr_list out;
	struct sr_addr_listen l = {"0.0.0.0", 8443, true, &names};

	cr_assert_eq(sr_edge_add_names(&names, spec), 0);
	sr_addr_urls(&l, machine(), &out);
	EXPECT(&out, "https://192.168.1.20:8443/", "https://10.0.0.7:8443/",
	       "https://shop.example:8443/", "https://Werkstatt.example:8443/");
}

Test(addresses, one_address_is_that_address)
{
	char spec[] = "shop.example";
	struct sr_edge_policy names = {.nnames = 0};
	struct sr_addr_list out;
	struct sr_addr_listen l = {"10.0.0.7", 8080, false, NULL};

	sr_addr_urls(&l, machine(), &out);
	EXPECT(&out, "http://10.0.0.7:8080/");
	cr_assert_eq(sr_edge_add_names(&names, spec), 0);
	l.names = &names;
	l.host = "2001:db8::20";
	sr_addr_urls(&l, machine(), &out);
	EXPECT(&out, "http://[2001:db8::20]:8080/",
	       "http://shop.example:8080/");
}

Test(addresses, ipv6_every_address)
{
	struct sr_addr_list out;
	struct sr_addr_listen l = {"::", 8080, false, NULL};

	sr_addr_urls(&l, machine(), &out);
	EXPECT(&out, "http://[2001:db8::20]:8080/");
	l.host = "0:0::0";
	sr_addr_urls(&l, machine(), &out);
	EXPECT(&out, "http://[2001:db8::20]:8080/");
}

Test(addresses, loopback_offers_nothing)
{
	static const char *const hosts[] = {"127.0.0.1", "127.1.2.3", "::1",
					    "::ffff:127.0.0.1"};
	char spec[] = "shop.example";
	struct sr_edge_policy names = {.nnames = 0};
	struct sr_addr_list out;

	cr_assert_eq(sr_edge_add_names(&names, spec), 0);
	for (size_t i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		struct sr_addr_listen l = {hosts[i], 8080, false, &names};

		cr_expect(!sr_addr_beyond_loopback(hosts[i]), "%s", hosts[i]);
		sr_addr_urls(&l, machine(), &out);
		cr_expect_eq(out.n, 0, "%s", hosts[i]);
	}
	cr_expect(sr_addr_beyond_loopback(""));
	cr_expect(sr_addr_beyond_loopback("0.0.0.0"));
	cr_expect(sr_addr_beyond_loopback("::"));
	cr_expect(sr_addr_beyond_loopback("192.168.1.20"));
}

Test(addresses, no_network_no_interfaces)
{
	struct sr_addr_list out;
	struct sr_addr_listen l = {"0.0.0.0", 8080, false, NULL};

	nfakes = 0;
	iface("lo", "127.0.0.1", UP | IFF_LOOPBACK);
	sr_addr_urls(&l, &fakes[0].ifa, &out);
	cr_expect_eq(out.n, 0);
	sr_addr_urls(&l, NULL, &out);
	cr_expect_eq(out.n, 0);
}

Test(addresses, a_long_list_stops_at_the_most)
{
	static char text[SR_ADDR_MAX + 8][16];
	struct sr_addr_list out;
	struct sr_addr_listen l = {"0.0.0.0", 8080, false, NULL};

	nfakes = 0;
	for (int i = 0; i < SR_ADDR_MAX + 8; i++) {
		snprintf(text[i], sizeof(text[i]), "10.0.1.%d", i + 1);
		iface("eth0", text[i], UP);
	}
	sr_addr_urls(&l, &fakes[0].ifa, &out);
	cr_assert_eq(out.n, SR_ADDR_MAX);
	cr_assert_str_eq(out.url[SR_ADDR_MAX - 1], "http://10.0.1.32:8080/");
}
