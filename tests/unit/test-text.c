/*
 * test-text.c - UTF-8 checking and the Windows-1252 decoder: every byte
 * against glibc's iconv (an independent table) and the five bytes the
 * WHATWG index maps where iconv has none; the checker against iconv's
 * UTF-8 decoder on every short sequence.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "smallrun/text.h"

/* What iconv makes of in (len bytes) from `from` as UTF-32LE; -1: error. */
static long iconv_one(const char *from, const char *in, size_t len,
		      uint32_t *cp)
{
	iconv_t cd = iconv_open("UTF-32LE", from);
	char *ip = (char *)in, *op = (char *)cp;
	size_t il = len, ol = sizeof(*cp) * 8;
	uint32_t out[8];
	size_t n;

	cr_assert_neq(cd, (iconv_t)-1, "iconv %s: %s", from, strerror(errno));
	op = (char *)out;
	n = iconv(cd, &ip, &il, &op, &ol);
	iconv_close(cd);
	if (n == (size_t)-1 || il)
		return -1;
	*cp = out[0];
	return (long)((uint32_t *)(void *)op - out);
}

Test(text, windows_1252_every_byte)
{
	/* The WHATWG index maps these to the C1 controls of their number;
	 * iconv's CP1252 leaves them undefined. */
	static const unsigned char c1[] = {0x81, 0x8d, 0x8f, 0x90, 0x9d};

	for (int b = 0; b < 256; b++) {
		char in = (char)b;
		uint32_t want = 0;

		if (memchr(c1, b, sizeof(c1))) {
			cr_assert_eq(sr_cp1252_code_point((unsigned char)b),
				     (uint32_t)b);
			continue;
		}
		cr_assert_eq(iconv_one("WINDOWS-1252", &in, 1, &want), 1,
			     "byte 0x%02x", b);
		cr_assert_eq(sr_cp1252_code_point((unsigned char)b), want,
			     "byte 0x%02x: U+%04X, not U+%04X", b, want,
			     sr_cp1252_code_point((unsigned char)b));
	}
}

Test(text, windows_1252_to_utf8)
{
	struct sr_buf out = SR_BUF_INIT(4096);
	char all[256];

	static const char in[] = "Caf\xe9 \x80 \x93ok\x94 \x9f";

	cr_assert_eq(sr_cp1252_to_utf8(in, sizeof(in) - 1, &out), SR_OK);
	cr_assert_str_eq(out.data, "Caf\u00e9 \u20ac \u201cok\u201d \u0178");
	/* Every byte decodes, and always into valid UTF-8. */
	for (int b = 0; b < 256; b++)
		all[b] = (char)b;
	sr_buf_reset(&out);
	cr_assert_eq(sr_cp1252_to_utf8(all, sizeof(all), &out), SR_OK);
	cr_assert_eq(sr_utf8_valid(out.data, out.len), out.len);
	sr_buf_release(&out);
	/* Over the buffer's maximum: its error, nothing silently cut. */
	out = (struct sr_buf)SR_BUF_INIT(4);
	cr_assert_eq(sr_cp1252_to_utf8("\x80\x80", 2, &out), SR_ETOOBIG);
	sr_buf_release(&out);
}

/* Every sequence of 1 to 4 bytes drawn from interesting bytes. */
Test(text, utf8_valid_agrees_with_iconv)
{
	static const unsigned char pick[] = {
		0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0,
		0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0,
		0xf1, 0xf3, 0xf4, 0xf5, 0xf8, 0xff,
	};
	const size_t np = sizeof(pick);
	unsigned char s[4];

	for (size_t len = 1; len <= 4; len++) {
		size_t total = 1;

		for (size_t i = 0; i < len; i++)
			total *= np;
		for (size_t k = 0; k < total; k++) {
			size_t x = k;
			uint32_t cp[8];
			bool ok;

			for (size_t i = 0; i < len; i++) {
				s[i] = pick[x % np];
				x /= np;
			}
			ok = sr_utf8_valid((const char *)s, len) == len;
			cr_assert_eq(ok,
				     iconv_one("UTF-8", (const char *)s, len,
					       cp) >= 0,
				     "%zu bytes %02x %02x %02x %02x", len,
				     s[0], len > 1 ? s[1] : 0,
				     len > 2 ? s[2] : 0, len > 3 ? s[3] : 0);
		}
	}
	/* The valid prefix stops at the first bad byte. */
	cr_assert_eq(sr_utf8_valid("ab\xc3\xa9z\xe9", 6), 5);
	cr_assert_eq(sr_utf8_valid("\xed\xa0\x80", 3), 0); /* a surrogate */
	cr_assert_eq(sr_utf8_valid("\xf4\x90\x80\x80", 4), 0); /* > 10FFFF */
	cr_assert_eq(sr_utf8_valid("\xe2\x82", 2), 0);	/* cut short */
}

Test(text, encoding_names)
{
	struct sr_fail f = SR_FAIL_INIT;
	enum sr_encoding e;

	cr_assert_eq(sr_encoding_parse("UTF-8", "encoding", &e, &f), SR_OK);
	cr_assert_eq(e, SR_ENC_UTF8);
	cr_assert_eq(sr_encoding_parse("Windows-1252", "encoding", &e, &f),
		     SR_OK);
	cr_assert_eq(e, SR_ENC_WINDOWS_1252);
	cr_assert_eq(sr_encoding_parse("cp1252", "encoding", &e, &f), SR_OK);
	cr_assert_eq(e, SR_ENC_WINDOWS_1252);
	cr_assert_eq(sr_encoding_parse("latin9", "encoding", &e, &f),
		     SR_EINVAL);
	cr_assert_str_eq(f.code, "bad_value");
	cr_assert_str_eq(f.field.data, "encoding");
	cr_assert(strstr(f.message.data, "latin9"), "%s", f.message.data);
	sr_fail_release(&f);
}

Test(text, edit_distance_ignores_ascii_case)
{
	static const struct {
		const char *a, *b;
		size_t d;
	} cases[] = {
		{"", "", 0},	     {"abc", "", 3},	   {"", "abc", 3},
		{"VM-2211-B", "vm-2211-b", 0},	   {"kitten", "sitting", 3},
		{"Sourdough", "Sourdogh", 1},	   {"flaw", "lawn", 2},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cr_expect_eq(sr_edit_distance(cases[i].a, strlen(cases[i].a),
					      cases[i].b, strlen(cases[i].b)),
			     cases[i].d, "%s / %s", cases[i].a, cases[i].b);
}
