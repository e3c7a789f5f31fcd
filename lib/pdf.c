/*
 * pdf.c - the cairo PDF surface and pango context smallrun's PDFs are
 * drawn on (pdf-int.h).
 */
#include "compat.h"

#include "pdf-int.h"

#ifdef __SANITIZE_ADDRESS__
/*
 * fontconfig keeps its configuration for the life of the process, and
 * LeakSanitizer counts that as lost at exit (FcFini() would free it, but
 * pango's per-thread font maps still hold fonts then). Under ASan only:
 * the sanitizer asks the program for these.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}
#endif

static cairo_status_t write_out(void *closure, const unsigned char *data,
				unsigned int len)
{
	return sr_buf_add(closure, data, len) ? CAIRO_STATUS_WRITE_ERROR
					      : CAIRO_STATUS_SUCCESS;
}

enum sr_err sr_pdf_open(struct sr_pdf *p, struct sr_buf *out, double w,
			double h, const char *title, struct sr_fail *f)
{
	*p = (struct sr_pdf){.out = out};
	p->surface = cairo_pdf_surface_create_for_stream(write_out, out, w, h);
	p->cr = cairo_create(p->surface);
	p->fo = cairo_font_options_create();
	p->pctx = pango_cairo_create_context(p->cr);
	if (cairo_status(p->cr) || !p->pctx || !p->fo)
		return sr_fail_oom(f);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE,
				       title);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR,
				       "smallrun");
	/* Outlines as the font draws them: no hinting to move a metric. */
	cairo_font_options_set_hint_metrics(p->fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(p->fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(p->pctx, p->fo);
	/* Glyphs placed where the font says, not at the nearest whole unit
	 * (a label's sizes are a few millimetres). */
	pango_context_set_round_glyph_positions(p->pctx, FALSE);
	pango_cairo_update_context(p->cr, p->pctx);
	return SR_OK;
}

enum sr_err sr_pdf_finish(struct sr_pdf *p, const char *field,
			  const char *what_to_do, struct sr_fail *f)
{
	cairo_show_page(p->cr);
	cairo_destroy(p->cr);
	p->cr = NULL;
	cairo_surface_finish(p->surface);
	if (p->out->err == SR_ETOOBIG)
		return sr_fail_set(f, SR_ETOOBIG, "too_big", field,
				   "the PDF would be too large a file; %s",
				   what_to_do);
	if (p->out->err || cairo_surface_status(p->surface))
		return sr_fail_oom(f);
	return SR_OK;
}

void sr_pdf_release(struct sr_pdf *p)
{
	if (p->pctx)
		g_object_unref(p->pctx);
	if (p->fo)
		cairo_font_options_destroy(p->fo);
	if (p->cr)
		cairo_destroy(p->cr);
	if (p->surface)
		cairo_surface_destroy(p->surface);
	*p = (struct sr_pdf){0};
}

PangoFontDescription *sr_pdf_font(double size, bool bold)
{
	PangoFontDescription *d = pango_font_description_new();

	pango_font_description_set_family(d, SR_PDF_FONT);
	pango_font_description_set_weight(d, bold ? PANGO_WEIGHT_BOLD
						  : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_absolute_size(d, size * PANGO_SCALE);
	return d;
}
