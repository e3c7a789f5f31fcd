#define _POSIX_C_SOURCE 200809L /* popen */
/*
 * test-tls.c - `serve --tls-cert --tls-key` serves HTTPS only: TLS 1.2 and
 * 1.3, never older, with HSTS on every answer. The certificate is made for
 * the test by openssl(1), and openssl s_client is the client.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "harness.h"

static char dir[64], cert[128], key[128];

static void make_cert(void)
{
	char cmd[512];

	temp_dir(dir, sizeof(dir), "tls");
	snprintf(cert, sizeof(cert), "%s/cert.pem", dir);
	snprintf(key, sizeof(key), "%s/key.pem", dir);
	snprintf(cmd, sizeof(cmd),
		 "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
		 "-nodes -keyout %s -out %s -days 2 -subj /CN=localhost "
		 "-addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1",
		 key, cert);
	cr_assert_eq(system(cmd), 0, "openssl could not make a certificate");
}

/*
 * One GET over TLS with s_client's protocol option proto ("-tls1_2");
 * what came back, or NULL when the handshake failed. free() it.
 */
static char *tls_get(int port, const char *proto, const char *path)
{
	char cmd[768], *out = calloc(1, 65536);
	size_t n = 0, got;
	FILE *p;

	cr_assert_not_null(out);
	snprintf(cmd, sizeof(cmd),
		 "printf 'GET %s HTTP/1.1\\r\\nHost: 127.0.0.1:%d\\r\\n"
		 "Connection: close\\r\\n\\r\\n' | "
		 "timeout 10 openssl s_client -quiet -ign_eof %s "
		 "-CAfile %s -verify_return_error -connect 127.0.0.1:%d "
		 "2>/dev/null",
		 path, port, proto, cert, port);
	p = popen(cmd, "r");
	cr_assert_not_null(p);
	while (n < 65535 && (got = fread(out + n, 1, 65535 - n, p)) > 0)
		n += got;
	pclose(p);
	if (!n) {
		free(out);
		return NULL;
	}
	return out;
}

Test(tls, serves_https_with_hsts_and_refuses_old_protocols)
{
	struct srv s;
	char *r;

	make_cert();
	srv_start(&s, (const char *const[]){"--tls-cert", cert, "--tls-key",
					    key, NULL});
	for (size_t i = 0; i < 2; i++) {
		const char *proto = i ? "-tls1_3" : "-tls1_2";

		r = tls_get(s.port, proto, API "/customers");
		cr_assert_not_null(r, "no answer over %s", proto);
		cr_expect(!strncmp(r, "HTTP/1.1 200", 12), "%s: %s", proto, r);
		cr_expect(strstr(r, "\r\nStrict-Transport-Security: max-age="),
			  "%s: %s", proto, r);
		cr_expect(strstr(r, "\"items\":[]"), "%s: %s", proto, r);
		free(r);
	}
	/* TLS 1.1: no handshake, so no answer at all. The client is made
	 * willing (Debian's openssl refuses TLS 1.1 at its default security
	 * level), so the refusal is the server's. */
	r = tls_get(s.port, "-tls1_1 -cipher DEFAULT@SECLEVEL=0",
		    API "/customers");
	cr_expect_null(r, "TLS 1.1 was answered: %s", r ? r : "");
	free(r);
	/* Plain HTTP on the TLS port gets no HTTP answer, and the server
	 * goes on serving TLS. */
	{
		static const char plain[] = "GET " API "/customers HTTP/1.1\r\n"
					    "Host: 127.0.0.1\r\n"
					    "Connection: close\r\n\r\n";

		http_junk(&s, plain, sizeof(plain) - 1);
		r = tls_get(s.port, "-tls1_3", API "/customers");
		cr_expect(r && !strncmp(r, "HTTP/1.1 200", 12), "%s",
			  r ? r : "no answer");
		free(r);
	}
	srv_finish(&s);
	remove_dir(dir);
}

Test(tls, a_certificate_without_its_key_is_a_usage_error)
{
	static struct run r;

	cli_run(&r, NULL, NULL, "serve --tls-cert cert.pem");
	cr_expect_eq(r.code, 2);
	cr_expect(strstr(r.err, "--tls-cert and --tls-key go together"), "%s",
		  r.err);
	cli_run(&r, NULL, NULL, "serve --tls-key key.pem --listen 127.0.0.1:0");
	cr_expect_eq(r.code, 2);
}
