/*
 * qr.c - a short text as a QR code (qr.h), the symbol from libqrencode:
 * its modules for a drawing of one's own (the labels' PDF) and as SVG.
 */
#include "compat.h"

#include <qrencode.h>

#include "smallrun/qr.h"
#include "smallrun/text.h"

/* The Extended Channel Interpretation that says "UTF-8". */
#define ECI_UTF8 26

/* The text is one the <title> may hold and the symbol too. */
static enum sr_err check_text(const char *text, size_t len, const char *field,
			      struct sr_fail *f)
{
	if (len == 0)
		return sr_fail_set(f, SR_EINVAL, "bad_value", field,
				   "%s is empty: a QR code needs text", field);
	if (len > SR_QR_TEXT_MAX)
		return sr_fail_set(f, SR_EINVAL, "too_long", field,
				   "%s is %zu bytes; a QR code here holds at "
				   "most %d",
				   field, len, SR_QR_TEXT_MAX);
	if (sr_utf8_valid(text, len) != len)
		return sr_fail_set(f, SR_EINVAL, "bad_value", field,
				   "%s is not UTF-8 text", field);
	/* Neither XML nor an address has a place for one. */
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)text[i] < 0x20 || text[i] == 0x7f)
			return sr_fail_set(f, SR_EINVAL, "bad_value", field,
					   "%s holds a control character "
					   "(byte %zu)",
					   field, i + 1);
	return SR_OK;
}

/* len bytes of checked text as XML character data. */
static void add_xml_text(struct sr_buf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '&': sr_buf_adds(out, "&amp;"); break;
		case '<': sr_buf_adds(out, "&lt;"); break;
		case '>': sr_buf_adds(out, "&gt;"); break;
		default: sr_buf_addch(out, s[i]); break;
		}
	}
}

/*
 * The dark modules of the symbol, moved in by the quiet zone: each run of
 * dark modules in a row is one rectangle one module high, drawn relative
 * to where the last one ended.
 */
static void add_modules(struct sr_buf *out, const struct sr_qr_matrix *qr)
{
	int px = 0, py = 0;

	for (int y = 0; y < qr->width; y++) {
		const unsigned char *row = qr->dark + (size_t)y * qr->width;

		for (int x = 0; x < qr->width;) {
			int run = 0;

			if (!row[x]) {
				x++;
				continue;
			}
			while (x + run < qr->width && row[x + run])
				run++;
			/* After "h run v1 h -run z" the pen is back at the
			 * run's start; a path's first "m" is absolute. */
			sr_buf_addf(out, "m%d %dh%dv1h-%dz",
				    x + SR_QR_QUIET - px, y + SR_QR_QUIET - py,
				    run, run);
			px = x + SR_QR_QUIET;
			py = y + SR_QR_QUIET;
			x += run;
		}
	}
}

/*
 * The symbol of len bytes of checked text, or NULL when out of memory.
 * ASCII goes in 8-bit mode with runs of digits and capitals packed
 * tighter; other UTF-8 in 8-bit mode after an ECI saying it is UTF-8, so
 * that a reader does not take it for Latin-1 or Shift JIS.
 */
static QRcode *encode(const char *text, size_t len)
{
	char copy[SR_QR_TEXT_MAX + 1];
	QRinput *in = NULL;
	QRcode *qr = NULL;
	bool ascii = true;

	for (size_t i = 0; i < len; i++)
		ascii &= (unsigned char)text[i] < 0x80;
	if (ascii) {
		/* It reads a C string; check_text() left no NUL in. */
		memcpy(copy, text, len);
		copy[len] = '\0';
		return QRcode_encodeString(copy, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	}
	in = QRinput_new2(0, QR_ECLEVEL_M);
	if (in && !QRinput_appendECIheader(in, ECI_UTF8) &&
	    !QRinput_append(in, QR_MODE_8, (int)len,
			    (const unsigned char *)text))
		qr = QRcode_encodeInput(in);
	QRinput_free(in);
	return qr;
}

void sr_qr_matrix_release(struct sr_qr_matrix *m)
{
	free(m->dark);
	m->dark = NULL;
	m->width = 0;
}

enum sr_err sr_qr_matrix(const char *text, size_t len, const char *field,
			 struct sr_qr_matrix *out, struct sr_fail *f)
{
	QRcode *qr = NULL;
	enum sr_err err;
	size_t n;

	out->width = 0;
	out->dark = NULL;
	err = check_text(text, len, field, f);
	if (err)
		return err;
	qr = encode(text, len);
	if (!qr) {
		/* SR_QR_TEXT_MAX bytes fit a version-13 symbol at level M,
		 * far below the largest (40): only memory can run out. */
		err = sr_fail_oom(f);
		goto out;
	}
	n = (size_t)qr->width * (size_t)qr->width;
	out->dark = malloc(n);
	if (!out->dark) {
		err = sr_fail_oom(f);
		goto out;
	}
	/* libqrencode's bit 0 of each byte is the module's colour. */
	for (size_t i = 0; i < n; i++)
		out->dark[i] = qr->data[i] & 1;
	out->width = qr->width;
out:
	QRcode_free(qr);
	return err;
}

enum sr_err sr_qr_svg(const char *text, size_t len, const char *field,
		      struct sr_buf *out, int *modules, struct sr_fail *f)
{
	struct sr_qr_matrix qr = {0, NULL};
	enum sr_err err;
	int side;

	err = sr_qr_matrix(text, len, field, &qr, f);
	if (err)
		return err;
	side = qr.width + 2 * SR_QR_QUIET;
	sr_buf_addf(out,
		    "<svg xmlns=\"http://www.w3.org/2000/svg\" "
		    "viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\" "
		    "role=\"img\"><title>QR code for ",
		    side, side);
	add_xml_text(out, text, len);
	sr_buf_addf(out,
		    "</title><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
		    "<path fill=\"#000\" d=\"",
		    side, side);
	add_modules(out, &qr);
	sr_buf_adds(out, "\"/></svg>");
	err = (enum sr_err)out->err;
	if (err == SR_ENOMEM)
		sr_fail_oom(f);
	else if (err)
		sr_fail_set(f, err, "too_big", field,
			    "the QR code of %s is too large to answer", field);
	else if (modules)
		*modules = side;
	sr_qr_matrix_release(&qr);
	return err;
}
