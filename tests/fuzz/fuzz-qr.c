/*
 * fuzz-qr.c - libFuzzer driver for the QR code of a text (lib/qr.c): the
 * addresses it is made of come from the machine's interfaces and from
 * --host-name, and the SVG it writes goes into a web page.
 *
 * The input is the text, passed by length (never NUL-terminated, so an
 * over-read shows under ASan); its first byte also sizes a second, small
 * output buffer. Invariants, abort() on the first that breaks:
 *
 *   - the text is refused (SR_EINVAL, nothing written, a code and the
 *     field) exactly when it is empty, over SR_QR_TEXT_MAX bytes, not
 *     UTF-8 or holds a control character;
 *   - an accepted text gives one <svg> with a viewBox of side × side
 *     modules, side = 21 + 4k + 2 * SR_QR_QUIET for a version k + 1 of 1
 *     to 40, one <path>, and a <title> whose entities decode to exactly
 *     the text, with no '<' or '&' of its own;
 *   - every rectangle of the path is one module high and lies inside the
 *     quiet zone;
 *   - into a buffer too small it is SR_ETOOBIG, never a partial success;
 *   - the same text gives the same image.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smallrun/qr.h"
#include "smallrun/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		abort();
}

/* Should sr_qr_svg() take these bytes? Said independently of qr.c. */
static bool acceptable(const char *s, size_t len)
{
	if (len == 0 || len > SR_QR_TEXT_MAX || sr_utf8_valid(s, len) != len)
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

/* The title's text, entities decoded, equals the len bytes at s. */
static void check_title(const char *svg, const char *s, size_t len)
{
	static const char open[] = "<title>QR code for ";
	const char *p = strstr(svg, open), *end;
	size_t n = 0;

	check(p != NULL);
	p += sizeof(open) - 1;
	end = strstr(p, "</title>");
	check(end != NULL);
	while (p < end) {
		char c = *p++;

		check(c != '<' && c != '>');
		if (c == '&') {
			if (!strncmp(p, "amp;", 4)) {
				c = '&';
				p += 4;
			} else if (!strncmp(p, "lt;", 3)) {
				c = '<';
				p += 3;
			} else if (!strncmp(p, "gt;", 3)) {
				c = '>';
				p += 3;
			} else {
				abort();
			}
		}
		check(n < len && s[n] == c);
		n++;
	}
	check(n == len);
}

/* The path's runs lie in the quiet zone of a side × side image. */
static void check_path(const char *svg, int side)
{
	const char *d = strstr(svg, "<path");
	int x = 0, y = 0;

	check(d && !strstr(d + 1, "<path"));
	d = strstr(d, " d=\"");
	check(d != NULL);
	d += 4;
	while (*d != '"') {
		int dx, dy, w, w2, n = 0;

		check(sscanf(d, "m%d %dh%dv1h-%dz%n", &dx, &dy, &w, &w2, &n) ==
			      4 &&
		      n > 0);
		check(w == w2 && w > 0);
		x += dx;
		y += dy;
		check(x >= SR_QR_QUIET && x + w <= side - SR_QR_QUIET);
		check(y >= SR_QR_QUIET && y + 1 <= side - SR_QR_QUIET);
		d += n;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct sr_buf svg = SR_BUF_INIT(1 << 20), again = SR_BUF_INIT(1 << 20);
	struct sr_buf small = SR_BUF_INIT(size ? data[0] * 16u : 0);
	struct sr_fail f = SR_FAIL_INIT;
	enum sr_err err;
	char want[64];
	int side = -1, k;

	err = sr_qr_svg(s, size, "address", &svg, &side, &f);
	if (!acceptable(s, size)) {
		check(err == SR_EINVAL && svg.len == 0 && side == -1);
		check(f.code[0] && !strcmp(f.field.data, "address"));
		goto out;
	}
	check(err == SR_OK);
	k = side - 2 * SR_QR_QUIET - 21;
	check(k >= 0 && k % 4 == 0 && k / 4 < 40);
	snprintf(want, sizeof(want), "viewBox=\"0 0 %d %d\"", side, side);
	check(!strncmp(svg.data, "<svg xmlns=", 11) && strstr(svg.data, want));
	check(svg.len > 6 && !strcmp(svg.data + svg.len - 6, "</svg>"));
	check(strstr(svg.data, "<svg") == svg.data &&
	      !strstr(svg.data + 1, "<svg"));
	check_title(svg.data, s, size);
	check_path(svg.data, side);
	check(sr_qr_svg(s, size, "address", &again, NULL, &f) == SR_OK);
	check(again.len == svg.len && !memcmp(again.data, svg.data, svg.len));
	err = sr_qr_svg(s, size, "address", &small, NULL, &f);
	check(small.max >= svg.len ? err == SR_OK : err == SR_ETOOBIG);
out:
	sr_fail_release(&f);
	sr_buf_release(&small);
	sr_buf_release(&again);
	sr_buf_release(&svg);
	return 0;
}
