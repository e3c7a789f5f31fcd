/*
 * qr.h - a QR code of a short text, as an SVG image (the address a phone
 * on the workshop's network opens, for its camera to read off the screen)
 * or as its modules (a batch's trace address on its label, label.h).
 *
 * The symbol is libqrencode's, at error correction level M (about 15% of
 * it may be smudged or covered), with the quiet zone of 4 modules the
 * standard asks for. The image is one <path> of the dark modules on a
 * white square, its viewBox in modules, drawn with crisp edges so that it
 * scales to any size without blurring; a <title> says what it holds.
 */
#ifndef SMALLRUN_QR_H
#define SMALLRUN_QR_H

#include <stddef.h>

#include "smallrun/buf.h"
#include "smallrun/err.h"

/* The longest text a code is made of: the longest address smallrun
 * offers ("https://", a 253-byte host name, ":65535/": 268 bytes) with
 * room to spare. It fits a version-13 symbol at level M. */
#define SR_QR_TEXT_MAX 300

/* The quiet zone around the symbol, in modules (ISO/IEC 18004). */
#define SR_QR_QUIET 4

/*
 * Append to out the SVG of a QR code holding the len bytes at text, which
 * must be 1 to SR_QR_TEXT_MAX bytes of UTF-8 with no control character.
 * The symbol holds exactly those bytes. On success *modules, when not
 * NULL, is the image's side in modules, quiet zone included (its viewBox
 * is "0 0 N N").
 *
 * Errors: SR_EINVAL with f naming `field` (code bad_value: empty, not
 * UTF-8, a control character; code too_long: over SR_QR_TEXT_MAX), and
 * nothing appended; SR_ENOMEM; SR_ETOOBIG (code too_big) past out's
 * maximum, out then holding part of the image as a full sr_buf does.
 */
enum sr_err sr_qr_svg(const char *text, size_t len, const char *field,
		      struct sr_buf *out, int *modules, struct sr_fail *f);

/* A symbol's modules, quiet zone not included: width × width bytes, row
 * by row, 1 for a dark module and 0 for a light one. */
struct sr_qr_matrix {
	int width;
	unsigned char *dark; /* malloc'd; sr_qr_matrix_release() frees it */
};

/*
 * The symbol of the len bytes at text into *out, checked and encoded as
 * sr_qr_svg() does (the same symbol it draws); the same errors, and out
 * is empty on failure. Release with sr_qr_matrix_release().
 */
enum sr_err sr_qr_matrix(const char *text, size_t len, const char *field,
			 struct sr_qr_matrix *out, struct sr_fail *f);
void sr_qr_matrix_release(struct sr_qr_matrix *m);

#endif
