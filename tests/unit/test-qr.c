/*
 * test-qr.c - lib/qr.c: each code drawn to a PNG by rsvg-convert (librsvg,
 * as a browser would draw the SVG) and read back by zbarimg (zbar, as a
 * phone's camera app would read it), which must give the very text it was
 * made of; the path kept inside the quiet zone; bad text refused.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smallrun/qr.h"

/* The SVG of text; asserts it is made. The caller releases it. */
static void make(const char *text, struct sr_buf *svg, int *side)
{
	struct sr_fail f = SR_FAIL_INIT;
	enum sr_err err;

	sr_buf_init(svg, 1 << 20);
	err = sr_qr_svg(text, strlen(text), "address", svg, side, &f);
	cr_assert_eq(err, SR_OK, "%s: %s", text, f.message.data);
	sr_fail_release(&f);
}

/* What zbarimg reads in the SVG drawn scale pixels a module; malloc'd. */
static char *read_back(const struct sr_buf *svg, int side, int scale)
{
	char dir[] = "/tmp/smallrun-qr-XXXXXX", cmd[512], *out = NULL;
	size_t len = 0, cap = 0;
	FILE *fp;
	int c;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "%s/code.svg", dir);
	fp = fopen(cmd, "w");
	cr_assert_not_null(fp);
	cr_assert_eq(fwrite(svg->data, 1, svg->len, fp), svg->len);
	cr_assert_eq(fclose(fp), 0);
	snprintf(cmd, sizeof(cmd),
		 "rsvg-convert -w %d -h %d -o %s/code.png %s/code.svg && "
		 "zbarimg --quiet --raw --nodbus %s/code.png; rm -rf %s",
		 side * scale, side * scale, dir, dir, dir, dir);
	fp = popen(cmd, "r");
	cr_assert_not_null(fp);
	while ((c = fgetc(fp)) != EOF) {
		if (len + 2 > cap) {
			cap = cap ? 2 * cap : 256;
			out = realloc(out, cap);
			cr_assert_not_null(out);
		}
		out[len++] = (char)c;
	}
	cr_assert_eq(pclose(fp), 0, "%s failed", cmd);
	cr_assert_not_null(out, "zbarimg read nothing");
	/* --raw ends each symbol's text with a newline: one symbol. */
	cr_assert_eq(out[len - 1], '\n');
	out[len - 1] = '\0';
	cr_assert_null(strchr(out, '\n'), "more than one code: %s", out);
	return out;
}

Test(qr, each_address_reads_back_as_itself)
{
	static const char *const texts[] = {
		"http://192.168.1.20:8080/", "https://192.168.0.5:8443/",
		"http://10.0.0.7/",	     "https://shop.example:8443/",
		"https://töpferei.example/", "http://x.example/?a=1&b=<2>",
	};

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct sr_buf svg;
		char *got;
		int side = 0;

		make(texts[i], &svg, &side);
		/* Drawn at a size that is no whole number of pixels a
		 * module too, as a page may scale it. */
		for (int scale = 4; scale <= 8; scale += 4) {
			got = read_back(&svg, side, scale + (int)(i % 2));
			cr_expect_str_eq(got, texts[i], "scale %d: %s", scale,
					 got);
			free(got);
		}
		sr_buf_release(&svg);
	}
}

Test(qr, the_longest_text_reads_back)
{
	char text[SR_QR_TEXT_MAX + 1];
	struct sr_buf svg;
	char *got;
	int side = 0;
	size_t n;

	n = (size_t)snprintf(text, sizeof(text), "https://");
	for (; n < SR_QR_TEXT_MAX - 1; n++)
		text[n] = (char)('a' + n % 26);
	text[n++] = '/';
	text[n] = '\0';
	cr_assert_eq(strlen(text), SR_QR_TEXT_MAX);
	make(text, &svg, &side);
	got = read_back(&svg, side, 6);
	cr_assert_str_eq(got, text);
	free(got);
	sr_buf_release(&svg);
	/* As many bytes of two-byte letters, after their ECI. */
	n = (size_t)snprintf(text, sizeof(text), "https://");
	while (n + 2 <= SR_QR_TEXT_MAX)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "é");
	cr_assert_eq(strlen(text), SR_QR_TEXT_MAX);
	make(text, &svg, &side);
	got = read_back(&svg, side, 6);
	cr_assert_str_eq(got, text);
	free(got);
	sr_buf_release(&svg);
}

/*
 * The image: a viewBox of side modules, crisp edges, a title, a white
 * square and one path whose every rectangle lies inside the quiet zone.
 */
Test(qr, one_path_inside_the_quiet_zone)
{
	const char *text = "http://192.168.1.20:8080/";
	int side = 0, x = 0, y = 0, minx = 1 << 30, miny = 1 << 30;
	int maxx = -1, maxy = -1, rects = 0;
	struct sr_buf svg, again;
	char want[64];
	const char *d;

	make(text, &svg, &side);
	/* The smallest symbol is 21 modules, then 4 more a version. */
	cr_assert_geq(side, 21 + 2 * SR_QR_QUIET);
	cr_assert_eq((side - 2 * SR_QR_QUIET - 21) % 4, 0, "%d", side);
	snprintf(want, sizeof(want), "viewBox=\"0 0 %d %d\"", side, side);
	cr_assert(strstr(svg.data, want), "%s", svg.data);
	cr_assert(strstr(svg.data, "shape-rendering=\"crispEdges\""));
	cr_assert(strstr(svg.data, "<title>QR code for "
				   "http://192.168.1.20:8080/</title>"),
		  "%s", svg.data);
	cr_assert(!strncmp(svg.data, "<svg xmlns=", 11));
	cr_assert(!strcmp(svg.data + svg.len - 6, "</svg>"));
	d = strstr(svg.data, "<path");
	cr_assert_not_null(d);
	cr_assert_null(strstr(d + 1, "<path"), "one path only");
	d = strstr(d, " d=\"");
	cr_assert_not_null(d);
	d += 4;
	/* "m dx dy h w v1 h-w z", each move from the last run's start. */
	while (*d != '"') {
		int dx, dy, w, w2, n = 0;

		cr_assert_eq(
			sscanf(d, "m%d %dh%dv1h-%dz%n", &dx, &dy, &w, &w2, &n),
			4, "at %.20s", d);
		cr_assert_eq(w, w2);
		cr_assert_gt(w, 0);
		x += dx;
		y += dy;
		minx = x < minx ? x : minx;
		miny = y < miny ? y : miny;
		maxx = x + w > maxx ? x + w : maxx;
		maxy = y + 1 > maxy ? y + 1 : maxy;
		rects++;
		d += n;
	}
	/* The finder patterns touch the symbol's corners. */
	cr_assert_eq(minx, SR_QR_QUIET);
	cr_assert_eq(miny, SR_QR_QUIET);
	cr_assert_eq(maxx, side - SR_QR_QUIET);
	cr_assert_eq(maxy, side - SR_QR_QUIET);
	cr_assert_gt(rects, 20);
	/* The same text, the same image. */
	make(text, &again, NULL);
	cr_assert_str_eq(again.data, svg.data);
	sr_buf_release(&again);
	sr_buf_release(&svg);
}

Test(qr, the_title_escapes_markup)
{
	struct sr_buf svg;

	make("http://x.example/?a=1&b=<2>", &svg, NULL);
	cr_assert(strstr(svg.data, "<title>QR code for "
				   "http://x.example/?a=1&amp;b=&lt;2&gt;"
				   "</title>"),
		  "%s", svg.data);
	sr_buf_release(&svg);
}

Test(qr, bad_text_is_refused_naming_the_field)
{
	static const struct {
		const char *text;
		size_t len;
		const char *code;
	} cases[] = {
		{"", 0, "bad_value"},
		{"http://a\nb/", 11, "bad_value"},
		{"http://a\tb/", 11, "bad_value"},
		{"http://a\x7f/", 10, "bad_value"},
		{"http://a\0b/", 11, "bad_value"},
		{"http://\xff/", 9, "bad_value"},
		{"http://\xc3/", 9, "bad_value"},
	};
	char big[SR_QR_TEXT_MAX + 2];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sr_buf svg = SR_BUF_INIT(1 << 20);
		struct sr_fail f = SR_FAIL_INIT;
		int side = -1;

		cr_expect_eq(sr_qr_svg(cases[i].text, cases[i].len, "address",
				       &svg, &side, &f),
			     SR_EINVAL, "case %zu", i);
		cr_expect_str_eq(f.code, cases[i].code, "case %zu", i);
		cr_expect_str_eq(f.field.data, "address", "case %zu", i);
		cr_expect(strstr(f.message.data, "address"), "%s",
			  f.message.data);
		cr_expect_eq(svg.len, 0, "case %zu appended", i);
		cr_expect_eq(side, -1);
		sr_fail_release(&f);
		sr_buf_release(&svg);
	}
	memset(big, 'a', sizeof(big));
	{
		struct sr_buf svg = SR_BUF_INIT(1 << 20);
		struct sr_fail f = SR_FAIL_INIT;

		cr_assert_eq(sr_qr_svg(big, SR_QR_TEXT_MAX + 1, "address", &svg,
				       NULL, &f),
			     SR_EINVAL);
		cr_assert_str_eq(f.code, "too_long");
		cr_assert_str_eq(f.field.data, "address");
		cr_assert_eq(svg.len, 0);
		sr_fail_release(&f);
		/* One byte less is a code. */
		cr_assert_eq(sr_qr_svg(big, SR_QR_TEXT_MAX, "address", &svg,
				       NULL, &f),
			     SR_OK, "%s", f.message.data);
		sr_buf_release(&svg);
	}
}

Test(qr, an_image_over_the_buffer_is_too_big)
{
	struct sr_buf svg = SR_BUF_INIT(100);
	struct sr_fail f = SR_FAIL_INIT;

	cr_assert_eq(
		sr_qr_svg("http://10.0.0.7/", 16, "address", &svg, NULL, &f),
		SR_ETOOBIG);
	cr_assert_str_eq(f.code, "too_big");
	sr_fail_release(&f);
	sr_buf_release(&svg);
}
