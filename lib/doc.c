/*
 * doc.c - a quote, an invoice or a receipt as an A4 PDF (doc.h): laid
 * out twice on the same surface, first to count the pages, then to draw
 * them with "Page N of M"; every text shaped and wrapped by pango in the
 * embedded font (pdf-int.h). Lengths are points; the page is A4 with
 * margins of 20 mm.
 */
#include "compat.h"

#include <inttypes.h>
#include <stdio.h>

#include "pdf-int.h"
#include "smallrun/date.h"
#include "smallrun/doc.h"
#include "smallrun/parse.h"
#include "smallrun/vat.h"

#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN (20 * SR_PDF_PT_PER_MM)
#define WIDTH (PAGE_W - 2 * MARGIN)
#define FOOTER 24.0 /* the page number's band above the bottom margin */
#define BODY 9.5
#define SMALL 8.0
#define PAD 3.0	      /* above and below a table row's text */
#define GAP 16.0      /* between blocks */
#define TEXT_MAX 4000 /* the bytes any one text may have */

/* The table's columns, right to left from the amount; "What" takes the
 * rest. */
#define COL_QTY 44.0
#define COL_PRICE 74.0
#define COL_VAT 46.0
#define COL_NET 80.0

/* ---- money and dates as the documents write them --------------------- */

char *sr_doc_money(int64_t minor, const char *currency,
		   char out[static SR_DOC_MONEY_TEXT])
{
	char plain[SR_MONEY_TEXT_SIZE];
	const char *digits = sr_money_format(minor, plain), *sign = "";
	const char *sym = "";
	char code[8] = "";
	size_t whole, n = 0;

	if (*digits == '-') {
		sign = "-";
		digits++;
	}
	if (currency && !strcmp(currency, "GBP"))
		sym = "£";
	else if (currency && !strcmp(currency, "EUR"))
		sym = "€";
	else if (currency && !strcmp(currency, "USD"))
		sym = "$";
	else if (currency && *currency) {
		snprintf(code, sizeof(code), "%.3s ", currency);
		sym = code;
	}
	n = (size_t)snprintf(out, SR_DOC_MONEY_TEXT, "%s%s", sign, sym);
	/* The whole part in threes: 1234567.89 -> 1,234,567.89. */
	whole = strcspn(digits, ".");
	for (size_t i = 0; digits[i] && n + 2 < SR_DOC_MONEY_TEXT; i++) {
		if (i && i < whole && (whole - i) % 3 == 0)
			out[n++] = ',';
		out[n++] = digits[i];
	}
	out[n] = '\0';
	return out;
}

char *sr_doc_date(const char *iso, char *out, size_t size)
{
	static const char *const months[12] = {
		"January",   "February", "March",    "April",
		"May",	     "June",	 "July",     "August",
		"September", "October",	 "November", "December",
	};
	int64_t day;
	char text[11];
	int y, m, d;

	if (!size)
		return out;
	if (!iso || sr_date_parse(iso, strlen(iso), &day)) {
		snprintf(out, size, "%s", iso ? iso : "");
		return out;
	}
	sr_date_format(day, text);
	y = (text[0] - '0') * 1000 + (text[1] - '0') * 100 +
	    (text[2] - '0') * 10 + (text[3] - '0');
	m = (text[5] - '0') * 10 + (text[6] - '0');
	d = (text[8] - '0') * 10 + (text[9] - '0');
	snprintf(out, size, "%d %s %d", d, months[m - 1], y);
	return out;
}

/* ---- laying out ------------------------------------------------------- */

struct flow {
	struct sr_pdf *pdf;
	const struct sr_doc *d;
	bool draw;	/* false: only measure */
	int page;	/* the page being laid out, from 1 */
	int pages;	/* how many there are: known when drawing */
	double y;	/* where the next block starts */
	double cols[5]; /* the table's column widths, What first */
	int ncols;
};

/*
 * Lay text out at (x, y) in a box w wide (alignment align), at size,
 * bold or not; draw it when drawing. Returns its height.
 */
static double text_at(struct flow *fl, double x, double y, double w,
		      const char *text, double size, bool bold,
		      PangoAlignment align)
{
	PangoLayout *l = pango_layout_new(fl->pdf->pctx);
	PangoFontDescription *font = sr_pdf_font(size, bold);
	int lw, lh;

	pango_layout_set_font_description(l, font);
	pango_layout_set_width(l, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, align);
	pango_layout_set_text(l, text ? text : "", -1);
	pango_layout_get_size(l, &lw, &lh);
	if (fl->draw) {
		cairo_move_to(fl->pdf->cr, x, y);
		pango_cairo_show_layout(fl->pdf->cr, l);
	}
	pango_font_description_free(font);
	g_object_unref(l);
	return (double)lh / PANGO_SCALE;
}

static double left(struct flow *fl, double x, double y, double w,
		   const char *text, double size, bool bold)
{
	return text_at(fl, x, y, w, text, size, bold, PANGO_ALIGN_LEFT);
}

static double right(struct flow *fl, double x, double y, double w,
		    const char *text, double size, bool bold)
{
	return text_at(fl, x, y, w, text, size, bold, PANGO_ALIGN_RIGHT);
}

static void rule(struct flow *fl, double y, double grey, double width)
{
	if (!fl->draw)
		return;
	cairo_save(fl->pdf->cr);
	cairo_set_source_rgb(fl->pdf->cr, grey, grey, grey);
	cairo_set_line_width(fl->pdf->cr, width);
	cairo_move_to(fl->pdf->cr, MARGIN, y);
	cairo_line_to(fl->pdf->cr, MARGIN + WIDTH, y);
	cairo_stroke(fl->pdf->cr);
	cairo_restore(fl->pdf->cr);
}

static double bottom(void)
{
	return PAGE_H - MARGIN - FOOTER;
}

/* Start the next page: its number at the foot, and on every page after
 * the first the document's title and reference at the head. */
static void next_page(struct flow *fl)
{
	char foot[48];

	if (fl->page && fl->draw)
		cairo_show_page(fl->pdf->cr);
	fl->page++;
	fl->y = MARGIN;
	snprintf(foot, sizeof(foot), "Page %d of %d", fl->page, fl->pages);
	if (fl->draw)
		text_at(fl, MARGIN, PAGE_H - MARGIN - SMALL * 1.5, WIDTH, foot,
			SMALL, false, PANGO_ALIGN_CENTER);
	if (fl->page > 1) {
		char head[160];

		snprintf(head, sizeof(head), "%s%s%s, continued", fl->d->title,
			 fl->d->reference ? " · " : "",
			 fl->d->reference ? fl->d->reference : "");
		fl->y += left(fl, MARGIN, fl->y, WIDTH, head, BODY, true) + GAP;
	}
}

/* Room for h more on this page, or a new page. */
static void need(struct flow *fl, double h)
{
	if (fl->y + h > bottom())
		next_page(fl);
}

/* The business, the title and reference, and who it is to with the
 * facts beside. */
static void heading(struct flow *fl)
{
	const struct sr_doc *d = fl->d;
	double half = WIDTH * 0.55, y = fl->y, hl = 0, hr = 0;
	char vat[64];

	hl += left(fl, MARGIN, y, half, d->from_name, 13, true);
	if (d->from_address)
		hl += left(fl, MARGIN, y + hl + 2, half, d->from_address, BODY,
			   false) +
		      2;
	if (d->from_vat_number) {
		snprintf(vat, sizeof(vat), "VAT number %s", d->from_vat_number);
		hl += left(fl, MARGIN, y + hl + 2, half, vat, BODY, false) + 2;
	}
	hr += right(fl, MARGIN + half, y, WIDTH - half, d->title, 20, true);
	if (d->reference)
		hr += right(fl, MARGIN + half, y + hr, WIDTH - half,
			    d->reference, 11, false);
	fl->y = y + (hl > hr ? hl : hr) + GAP * 1.5;

	y = fl->y;
	hl = 0;
	if (d->to_name) {
		hl += left(fl, MARGIN, y, half - 12, "To", SMALL, true) + 2;
		hl += left(fl, MARGIN, y + hl, half - 12, d->to_name, BODY,
			   true);
		if (d->to_lines)
			hl += left(fl, MARGIN, y + hl + 1, half - 12,
				   d->to_lines, BODY, false) +
			      1;
	}
	hr = 0;
	for (size_t i = 0; i < d->n_facts; i++) {
		double x = MARGIN + half, lw = 92, a, b;

		a = left(fl, x, y + hr, lw - 6, d->facts[i].label, BODY, true);
		b = left(fl, x + lw, y + hr, WIDTH - half - lw,
			 d->facts[i].value, BODY, false);
		hr += (a > b ? a : b) + 3;
	}
	fl->y = y + (hl > hr ? hl : hr) + GAP * 1.5;
}

/* One row of the table: cells left to right, the first left-aligned and
 * the rest right; its height. */
static double row(struct flow *fl, const char *const *cells, bool bold)
{
	double x = MARGIN, h = 0;

	for (int c = 0; c < fl->ncols; c++) {
		double w = fl->cols[c] - (c ? 0 : 8), t;

		t = c ? right(fl, x, fl->y + PAD, w, cells[c], BODY, bold)
		      : left(fl, x, fl->y + PAD, w, cells[c], BODY, bold);
		if (t > h)
			h = t;
		x += fl->cols[c];
	}
	return h + 2 * PAD;
}

/* Measure a row without drawing it. */
static double row_height(struct flow *fl, const char *const *cells, bool bold)
{
	bool draw = fl->draw;
	double h;

	fl->draw = false;
	h = row(fl, cells, bold);
	fl->draw = draw;
	return h;
}

static void table_head(struct flow *fl)
{
	const char *cells[5] = {"Description", "Qty", "Price each"};
	int c = 3;

	if (fl->d->vat_shown)
		cells[c++] = "VAT";
	cells[c] = "Amount";
	fl->y += row(fl, cells, true);
	rule(fl, fl->y, 0.0, 0.8);
}

static void table(struct flow *fl)
{
	const struct sr_doc *d = fl->d;

	need(fl, 60);
	table_head(fl);
	for (size_t i = 0; i < d->n_lines; i++) {
		const struct sr_doc_line *l = &d->lines[i];
		char qty[24], price[SR_DOC_MONEY_TEXT], net[SR_DOC_MONEY_TEXT];
		char rate[SR_VAT_RATE_TEXT];
		const char *cells[5] = {
			l->what, qty,
			sr_doc_money(l->unit_price, d->currency, price)};
		int c = 3;
		double h;

		snprintf(qty, sizeof(qty), "%" PRId64, l->quantity);
		if (d->vat_shown)
			cells[c++] = sr_vat_rate_text(l->vat_bp, rate);
		cells[c] = sr_doc_money(l->net, d->currency, net);
		h = row_height(fl, cells, false);
		if (fl->y + h > bottom()) {
			next_page(fl);
			table_head(fl);
		}
		fl->y += row(fl, cells, false);
		rule(fl, fl->y, 0.75, 0.4);
	}
}

static void totals(struct flow *fl)
{
	const struct sr_doc *d = fl->d;
	char a[SR_DOC_MONEY_TEXT], b[SR_DOC_MONEY_TEXT], c[SR_DOC_MONEY_TEXT];
	const char *labels[3], *values[3];
	int n = 0;
	double lw = 150, x = MARGIN + WIDTH - COL_NET - lw, y0;

	if (d->vat_shown) {
		labels[n] = "Total without VAT";
		values[n++] = sr_doc_money(d->net, d->currency, a);
		labels[n] = "VAT";
		values[n++] = sr_doc_money(d->vat, d->currency, b);
		labels[n] = "Total with VAT";
		values[n++] = sr_doc_money(d->gross, d->currency, c);
	} else {
		labels[n] = "Total";
		values[n++] = sr_doc_money(d->gross, d->currency, c);
	}
	need(fl, n * 16.0 + GAP);
	fl->y += 6;
	y0 = fl->y;
	for (int i = 0; i < n; i++) {
		bool last = i == n - 1;
		double h = right(fl, x, fl->y, lw - 8, labels[i], BODY, last);
		double v = right(fl, x + lw, fl->y, COL_NET, values[i],
				 last ? 11 : BODY, last);

		fl->y += (h > v ? h : v) + 4;
	}
	if (d->stamp)
		left(fl, MARGIN, y0, WIDTH - COL_NET - lw - 12, d->stamp, 13,
		     true);
	fl->y += GAP;
}

static void notes(struct flow *fl)
{
	for (size_t i = 0; i < fl->d->n_notes; i++) {
		const struct sr_doc_fact *n = &fl->d->notes[i];
		bool draw = fl->draw;
		double h = 0;

		/* A note is kept whole on one page. */
		fl->draw = false;
		if (n->label)
			h += left(fl, MARGIN, 0, WIDTH, n->label, BODY, true) +
			     2;
		h += left(fl, MARGIN, 0, WIDTH, n->value, BODY, false);
		fl->draw = draw;
		need(fl, h);
		if (n->label)
			fl->y += left(fl, MARGIN, fl->y, WIDTH, n->label, BODY,
				      true) +
				 2;
		fl->y += left(fl, MARGIN, fl->y, WIDTH, n->value, BODY, false) +
			 GAP * 0.75;
	}
}

static void lay_out(struct flow *fl)
{
	fl->page = 0;
	next_page(fl);
	heading(fl);
	table(fl);
	totals(fl);
	notes(fl);
}

/* ---- the document ----------------------------------------------------- */

static bool too_long(const char *s)
{
	return s && strlen(s) > TEXT_MAX;
}

static enum sr_err check(const struct sr_doc *d, struct sr_fail *f)
{
	if (!d->title || !d->from_name)
		return sr_fail_set(f, SR_EINVAL, "bad_value", "title",
				   "a document needs its title and the "
				   "business's name");
	if (d->n_lines > SR_DOC_LINES_MAX)
		return sr_fail_set(f, SR_EINVAL, "out_of_range", "lines",
				   "a document takes at most %d lines, not %zu",
				   SR_DOC_LINES_MAX, d->n_lines);
	for (size_t i = 0; i < d->n_lines; i++)
		if (d->lines[i].quantity <= 0 || too_long(d->lines[i].what))
			return sr_fail_set(f, SR_EINVAL, "bad_value", "lines",
					   "line %zu has no quantity or too "
					   "long a description",
					   i + 1);
	for (size_t i = 0; i < d->n_notes; i++)
		if (too_long(d->notes[i].value))
			return sr_fail_set(f, SR_EINVAL, "bad_value", "notes",
					   "a note is at most %d bytes",
					   TEXT_MAX);
	if (too_long(d->from_address) || too_long(d->to_lines))
		return sr_fail_set(f, SR_EINVAL, "bad_value", "address",
				   "an address is at most %d bytes", TEXT_MAX);
	return SR_OK;
}

enum sr_err sr_doc_pdf(const struct sr_doc *d, struct sr_buf *out,
		       struct sr_fail *f)
{
	struct sr_pdf pdf = {0};
	char title[200];
	struct flow fl = {.d = d};
	enum sr_err err = check(d, f);

	if (err)
		return err;
	snprintf(title, sizeof(title), "%s",
		 d->reference ? d->reference : d->title);
	err = sr_pdf_open(&pdf, out, PAGE_W, PAGE_H, title, f);
	if (!err) {
		fl.pdf = &pdf;
		fl.ncols = 0;
		fl.cols[fl.ncols++] = WIDTH - COL_QTY - COL_PRICE - COL_NET -
				      (d->vat_shown ? COL_VAT : 0);
		fl.cols[fl.ncols++] = COL_QTY;
		fl.cols[fl.ncols++] = COL_PRICE;
		if (d->vat_shown)
			fl.cols[fl.ncols++] = COL_VAT;
		fl.cols[fl.ncols++] = COL_NET;
		/* Count the pages, then draw them. */
		fl.draw = false;
		lay_out(&fl);
		fl.pages = fl.page;
		fl.draw = true;
		lay_out(&fl);
		err = sr_pdf_finish(&pdf, "lines", "give it fewer lines", f);
	}
	sr_pdf_release(&pdf);
	return err;
}
