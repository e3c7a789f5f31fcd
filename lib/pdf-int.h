/*
 * pdf-int.h - what smallrun's PDFs share (lib/pdf.c): a cairo PDF
 * surface that writes into an sr_buf, a pango context on it with the
 * font options every document uses, and the embedded font. The labels
 * (label.c) and the business documents (doc.c) are drawn on it.
 */
#ifndef SMALLRUN_PDF_INT_H
#define SMALLRUN_PDF_INT_H

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdbool.h>

#include "smallrun/buf.h"
#include "smallrun/err.h"

/* The font every PDF is set in: Debian's fonts-dejavu-core, embedded. */
#define SR_PDF_FONT "DejaVu Sans"
#define SR_PDF_PT_PER_MM (72.0 / 25.4)

struct sr_pdf {
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoContext *pctx;
	cairo_font_options_t *fo;
	struct sr_buf *out;
};

/*
 * Open a PDF of pages w × h points that goes into out, with title in
 * its metadata. Text is laid out with no hinting (outlines where the
 * font puts them) and unrounded glyph positions. SR_ENOMEM with f set
 * when cairo or pango cannot start; release p either way.
 */
enum sr_err sr_pdf_open(struct sr_pdf *p, struct sr_buf *out, double w,
			double h, const char *title, struct sr_fail *f);

/*
 * End the last page and finish the file into out. SR_ETOOBIG (too_big,
 * naming field, with what_to_do said) when out's maximum was reached,
 * SR_ENOMEM when cairo failed.
 */
enum sr_err sr_pdf_finish(struct sr_pdf *p, const char *field,
			  const char *what_to_do, struct sr_fail *f);

/* Free what p holds; p may be half open. */
void sr_pdf_release(struct sr_pdf *p);

/* DejaVu Sans at size (the cairo context's units), bold or not; the
 * caller frees it. */
PangoFontDescription *sr_pdf_font(double size, bool bold);

#endif
