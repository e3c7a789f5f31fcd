/*
 * label.c - a batch's labels as a PDF (label.h): the layouts as one
 * table, what a label says read from the records in one transaction, and
 * its drawing with cairo (the PDF, lengths in millimetres), pango (text
 * shaped, wrapped and measured with the font's real metrics, bold runs
 * inside a paragraph as attributes, never as markup), libqrencode (the
 * trace QR, through qr.c) and zint (the Code 128).
 */
#include "compat.h"

#include <math.h>
#include <zint.h>

#include "ingredients-int.h"
#include "json.h"
#include "pdf-int.h"
#include "resource.h"
#include "smallrun/label.h"
#include "smallrun/qr.h"

/*
 * The layouts. The A4 sheets' figures are their makers' template
 * information (Avery's L7160, L7163 and L7651 templates, the same as
 * Label Planet's LP21/63, LP14/99 and LP65/38, which list every margin
 * and pitch), and they add up to the page:
 *
 *   L7160  21 of 63.5 × 38.1 mm, 3 × 7: top 15.15, side 7.25, pitch
 *          66.0 × 38.1 (a 2.5 mm gap across, none down):
 *          7.25 + 3 × 63.5 + 2 × 2.5 + 7.25 = 210; 15.15 × 2 + 7 × 38.1 = 297
 *   L7163  14 of 99.1 × 38.1 mm, 2 × 7: top 15.15, side 4.65, pitch
 *          101.6 × 38.1: 4.65 × 2 + 2 × 99.1 + 2.5 = 210
 *   L7651  65 of 38.1 × 21.2 mm, 5 × 13: top 10.7, side 4.75, pitch
 *          40.6 × 21.2: 4.75 × 2 + 5 × 38.1 + 4 × 2.5 = 210;
 *          10.7 × 2 + 13 × 21.2 = 297
 *
 * The roll is Brother's DK-22205, 62 mm continuous paper: a page per
 * label, as long as its content needs.
 */
const struct sr_label_layout sr_label_layouts[SR_LABEL_LAYOUTS] = {
	{"l7160", "A4 sheet of 21 labels, 63.5 × 38.1 mm (Avery L7160)", 210,
	 297, 63.5, 38.1, 3, 7, 15.15, 7.25, 66.0, 38.1, 1.5},
	{"l7163", "A4 sheet of 14 labels, 99.1 × 38.1 mm (Avery L7163)", 210,
	 297, 99.1, 38.1, 2, 7, 15.15, 4.65, 101.6, 38.1, 2.0},
	{"l7651", "A4 sheet of 65 labels, 38.1 × 21.2 mm (Avery L7651)", 210,
	 297, 38.1, 21.2, 5, 13, 10.7, 4.75, 40.6, 21.2, 1.0},
	{"roll62", "62 mm continuous roll (Brother DK-22205)", 62, 0, 62, 0, 1,
	 1, 0, 0, 62, 0, 0},
};

const char *const sr_label_layout_names[SR_LABEL_LAYOUTS + 1] = {
	"l7160", "l7163", "l7651", "roll62", NULL,
};

const struct sr_label_layout *sr_label_layout_find(const char *name)
{
	for (size_t i = 0; name && i < SR_LABEL_LAYOUTS; i++)
		if (!strcmp(sr_label_layouts[i].name, name))
			return &sr_label_layouts[i];
	return NULL;
}

int sr_label_per_page(const struct sr_label_layout *l)
{
	return l->cols * l->rows;
}

/* The legal minimum x-heights, and the surface below which the smaller
 * one is allowed (Regulation (EU) 1169/2011 Annex IV). */
#define XH_LARGE 1.2
#define XH_SMALL 0.9
#define SMALL_AREA_MM2 8000.0
/* The codes: the quiet zone of a QR code (modules), the narrowest
 * module either may have to scan from a printed label (mm), a Code 128's
 * quiet zone (modules, ISO/IEC 15417) and its bars' height (mm). */
#define QR_MODULE_MIN 0.25
#define BAR_MODULE_MIN 0.25
#define BAR_MODULE_MAX 0.5
#define BAR_QUIET 10
#define BAR_H 5.0
#define GAP 1.0

/* ---- the settings' base_url --------------------------------------------- */

/* An address a phone opens: http(s)://host[:port][/path], in the bytes
 * an address may hold without escaping. */
static bool good_base_url(const char *u)
{
	size_t n = !strncmp(u, "https://", 8)  ? 8
		   : !strncmp(u, "http://", 7) ? 7
					       : 0;

	if (!n || !u[n] || u[n] == '/')
		return false;
	for (const char *p = u + n; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWX"
			    "YZ"
			    "0123456789-._~:/[]%",
			    *p))
			return false;
	return true;
}

enum sr_err sr_settings_before_write(struct sr_tx *tx, json_t *row,
				     const json_t *old, int64_t now,
				     struct sr_fail *f)
{
	const char *u = json_string_value(json_object_get(row, "base_url"));

	(void)tx;
	(void)old;
	(void)now;
	if (u && !good_base_url(u))
		return sr_fail_set(f, SR_EINVAL, "bad_value", "base_url",
				   "base_url must be the address smallrun is "
				   "opened at, like https://shop.example or "
				   "http://192.168.1.20:8080, with no "
				   "spaces, query or fragment");
	return SR_OK;
}

/* ---- what a label says ----------------------------------------------------
 */

struct content {
	const struct sr_label_layout *layout;
	json_t *batch, *product, *settings; /* the texts point into them */
	bool food;
	const char *code, *name, *may_contain, *storage, *net, *maker;
	char *address;	    /* the settings' lines joined by ", ", or NULL */
	char *trace_url;    /* food only */
	char *lot;	    /* "L " and the code */
	char date_line[40]; /* "Best before 25/11/2026" (food) */
	char made_line[40]; /* "Made 25/11/2026" (plain) */
	struct sr_ingredients ing;
};

static const char *get_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void content_release(struct content *c)
{
	json_decref(c->batch);
	json_decref(c->product);
	json_decref(c->settings);
	free(c->address);
	free(c->trace_url);
	free(c->lot);
	sr_ingredients_release(&c->ing);
	memset(c, 0, sizeof(*c));
}

/* "2026-11-25" as "25/11/2026", after what and a no-break space. */
static void uk_date(char *out, size_t size, const char *what, const char *iso)
{
	snprintf(out, size, "%s\xc2\xa0%.2s/%.2s/%.4s", what, iso + 8, iso + 5,
		 iso);
}

/* The address's lines, without blank ones, joined by ", ". */
static char *address_line(const char *a)
{
	struct sr_buf b = SR_BUF_INIT(4096);

	while (a && *a) {
		size_t n = strcspn(a, "\r\n"), s = 0;

		while (s < n && (a[s] == ' ' || a[s] == '\t'))
			s++;
		while (n > s &&
		       (a[n - 1] == ' ' || a[n - 1] == '\t' || a[n - 1] == ','))
			n--;
		if (n > s) {
			if (b.len)
				sr_buf_adds(&b, ", ");
			sr_buf_add(&b, a + s, n - s);
		}
		a += strcspn(a, "\r\n");
		a += strspn(a, "\r\n");
	}
	return b.err ? (sr_buf_release(&b), NULL) : sr_buf_detach(&b, NULL);
}

/* base (no trailing '/') + "/#/trace?code=" + the code, escaped. */
static char *trace_url(const char *base, const char *code)
{
	struct sr_buf b = SR_BUF_INIT(1024);
	size_t n = strlen(base);

	while (n && base[n - 1] == '/')
		n--;
	sr_buf_add(&b, base, n);
	sr_buf_adds(&b, "/#/trace?code=");
	for (const unsigned char *p = (const unsigned char *)code; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			sr_buf_addch(&b, (char)*p);
		else
			sr_buf_addf(&b, "%%%02X", *p);
	}
	return b.err ? (sr_buf_release(&b), NULL) : sr_buf_detach(&b, NULL);
}

/* Check the request and read what its label says, in one transaction. */
static enum sr_err content_read(sr_store *s, const struct sr_label_req *r,
				struct content *c, struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	const char *base, *best;
	enum sr_err err = SR_OK;
	int per;

	memset(c, 0, sizeof(*c));
	c->layout = sr_label_layout_find(r->layout);
	if (!c->layout)
		return sr_fail_set(f, SR_EINVAL, "bad_value", "layout",
				   "layout must be one of l7160, l7163, "
				   "l7651, roll62");
	per = sr_label_per_page(c->layout);
	if (r->copies < 1 || r->copies > SR_LABEL_COPIES_MAX)
		return sr_fail_set(f, SR_EINVAL, "out_of_range", "copies",
				   "copies must be from 1 to %d",
				   SR_LABEL_COPIES_MAX);
	if (r->start < 1 || r->start > per)
		return sr_fail_set(f, SR_EINVAL, "out_of_range", "start",
				   "start must be from 1 to %d: a sheet of "
				   "layout %s has %d labels",
				   per, c->layout->name, per);
	err = sr_tx_begin(s, false, &tx, f);
	if (!err)
		err = sr_db_get(tx, sr_resource(SR_RES_BATCH), r->batch_id,
				&c->batch, f);
	if (!err)
		err = sr_db_get(tx, sr_resource(SR_RES_PRODUCT),
				json_integer_value(json_object_get(
					c->batch, "product_id")),
				&c->product, f);
	if (!err)
		err = sr_db_get(tx, sr_resource(SR_RES_SETTINGS), 1,
				&c->settings, f);
	c->food = !err &&
		  json_integer_value(json_object_get(c->product, "food")) == 1;
	if (!err && c->food)
		err = sr_ingredients_in(
			tx,
			json_integer_value(json_object_get(c->product, "id")),
			&c->ing, f);
	err = sr_tx_finish(tx, err, f);
	if (err)
		return err;
	c->code = get_str(c->batch, "code");
	c->name = get_str(c->product, "name");
	c->may_contain = get_str(c->product, "may_contain");
	c->storage = get_str(c->product, "storage");
	c->net = get_str(c->product, "net_quantity");
	c->maker = get_str(c->settings, "workshop_name");
	c->address = address_line(get_str(c->settings, "address"));
	/* "L", a no-break space and the code: one mark, never split. */
	c->lot = malloc(strlen(c->code) + 4);
	if (!c->lot || (!c->address && get_str(c->settings, "address")))
		return sr_fail_oom(f);
	memcpy(c->lot, "L\xc2\xa0", 3);
	memcpy(c->lot + 3, c->code, strlen(c->code) + 1);
	uk_date(c->made_line, sizeof(c->made_line), "Made",
		get_str(c->batch, "run_date"));
	if (!c->food)
		return SR_OK;
	for (size_t i = 0; !c->ing.complete && i < c->ing.nmissing; i++)
		if (c->ing.missing[i].what != SR_MISSING_INGREDIENT)
			return sr_fail_set(f, SR_ECONFLICT,
					   "ingredients_incomplete", NULL,
					   "the ingredients of %s cannot be "
					   "listed by weight yet: %s",
					   c->name, c->ing.missing[i].message);
	best = get_str(c->batch, "best_before");
	if (!best)
		return sr_fail_set(f, SR_ECONFLICT, "no_date", "best_before",
				   "batch %s has no best_before date: a food "
				   "label must carry one",
				   c->code);
	uk_date(c->date_line, sizeof(c->date_line),
		!strcmp(get_str(c->product, "date_mark"), "use_by")
			? "Use\xc2\xa0" "by"
			: "Best\xc2\xa0" "before",
		best);
	base = get_str(c->settings, "base_url");
	if (!base && r->base_url && !good_base_url(r->base_url))
		return sr_fail_set(f, SR_EINVAL, "bad_value", "base_url",
				   "the base address must be like "
				   "http://192.168.1.20:8080, not %.100s",
				   r->base_url);
	if (!base)
		base = r->base_url;
	if (!base)
		return sr_fail_set(f, SR_ECONFLICT, "no_base_url", "base_url",
				   "the label's QR code needs the address "
				   "smallrun is opened at: set base_url in "
				   "the settings (or give the command line "
				   "--base-url)");
	c->trace_url = trace_url(base, c->code);
	return c->trace_url ? SR_OK : sr_fail_oom(f);
}

/* ---- laying out ------------------------------------------------------------
 */

/* A paragraph: its text and bold ranges, laid out at one size. */
struct para {
	PangoLayout *layout;
	double height; /* mm */
};

#define PARAS_MAX 8

struct lay {
	PangoContext *pctx;
	struct para para[PARAS_MAX];
	size_t n;
	double body;   /* the font size of the text, mm */
	double xh;     /* the x-height it gives, mm */
	double height; /* of all paragraphs with their gaps */
};

static void lay_release(struct lay *l)
{
	for (size_t i = 0; i < l->n; i++)
		g_object_unref(l->para[i].layout);
	l->n = 0;
	l->height = 0;
}

/* The x-height of the font at size (mm): the ink of an "x", measured. */
static double x_height(PangoContext *pctx, double size)
{
	PangoLayout *l = pango_layout_new(pctx);
	PangoFontDescription *d = sr_pdf_font(size, false);
	PangoRectangle ink;

	pango_layout_set_font_description(l, d);
	pango_layout_set_text(l, "x", 1);
	pango_layout_get_extents(l, &ink, NULL);
	pango_font_description_free(d);
	g_object_unref(l);
	return (double)ink.height / PANGO_SCALE;
}

/* The smallest size (mm) whose measured x-height is at least xh. */
static double size_for(PangoContext *pctx, double xh)
{
	double size = xh * 10.0 / x_height(pctx, 10.0);

	/* Pango's sizes are in 1/1024 mm: step up until the ink is tall
	 * enough, never taking the estimate's word for it. */
	size = ceil(size * PANGO_SCALE) / PANGO_SCALE;
	while (x_height(pctx, size) < xh)
		size += 1.0 / PANGO_SCALE;
	return size;
}

/* A text being built with its bold ranges. */
struct text {
	struct sr_buf b;
	PangoAttrList *attrs;
};

static void text_add(struct text *t, const char *s, bool bold)
{
	size_t start = t->b.len;

	sr_buf_adds(&t->b, s);
	if (bold && t->b.len > start) {
		PangoAttribute *a = pango_attr_weight_new(PANGO_WEIGHT_BOLD);

		a->start_index = (guint)start;
		a->end_index = (guint)t->b.len;
		pango_attr_list_insert(t->attrs, a);
	}
}

/* End t as a paragraph of l, width w, at size (mm), all bold or not. */
static enum sr_err para_add(struct lay *l, struct text *t, double w,
			    double size, bool bold, struct sr_fail *f)
{
	PangoLayout *pl;
	PangoFontDescription *d;
	PangoRectangle logical;
	enum sr_err err = SR_OK;

	if (t->b.err) {
		err = sr_fail_oom(f);
		goto out;
	}
	pl = pango_layout_new(l->pctx);
	d = sr_pdf_font(size, bold);
	pango_layout_set_font_description(pl, d);
	pango_font_description_free(d);
	pango_layout_set_width(pl, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(pl, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(pl, t->b.data, (int)t->b.len);
	/* No ligatures: "fl" stays two letters, for a reader and for
	 * whoever copies the text out of the PDF. */
	pango_attr_list_insert_before(
		t->attrs, pango_attr_font_features_new("liga 0, clig 0"));
	pango_layout_set_attributes(pl, t->attrs);
	pango_layout_get_extents(pl, NULL, &logical);
	l->para[l->n].layout = pl;
	l->para[l->n].height = (double)logical.height / PANGO_SCALE;
	l->height += l->para[l->n].height + (l->n ? size * 0.3 : 0);
	l->n++;
out:
	sr_buf_reset(&t->b);
	pango_attr_list_unref(t->attrs);
	t->attrs = pango_attr_list_new();
	return err;
}

/* The paragraphs of c in a column w wide at body size. */
static enum sr_err lay_out(struct lay *l, const struct content *c, double w,
			   double body, struct sr_fail *f)
{
	struct text t = {SR_BUF_INIT(1 << 20), pango_attr_list_new()};
	double big = body * 1.3;
	enum sr_err err;

	lay_release(l);
	l->body = body;
	text_add(&t, c->name, false);
	err = para_add(l, &t, w, big, true, f);
	if (!err && c->food) {
		text_add(&t, "Ingredients: ", false);
		for (size_t i = 0; i < c->ing.nrun; i++)
			text_add(&t, c->ing.run[i].text, c->ing.run[i].bold);
		err = para_add(l, &t, w, body, false, f);
	}
	if (!err && c->food && c->may_contain) {
		text_add(&t, "May contain: ", false);
		text_add(&t, c->may_contain, false);
		err = para_add(l, &t, w, body, false, f);
	}
	if (!err && c->food && c->storage) {
		text_add(&t, c->storage, false);
		err = para_add(l, &t, w, body, false, f);
	}
	if (!err && c->food) {
		if (c->net) {
			text_add(&t, c->net, false);
			text_add(&t, "   ", false);
		}
		text_add(&t, c->date_line, false);
		text_add(&t, "   ", false);
		text_add(&t, c->lot, false);
		err = para_add(l, &t, w, body, false, f);
	} else if (!err) {
		text_add(&t, "Batch ", false);
		text_add(&t, c->code, false);
		text_add(&t, "   ", false);
		text_add(&t, c->made_line, false);
		err = para_add(l, &t, w, body, false, f);
	}
	if (!err) {
		text_add(&t, c->maker ? c->maker : "", false);
		if (c->food && c->address) {
			text_add(&t, ", ", false);
			text_add(&t, c->address, false);
		}
		err = para_add(l, &t, w, body, false, f);
	}
	sr_buf_release(&t.b);
	pango_attr_list_unref(t.attrs);
	return err;
}

/* Where the parts of one label go, from its top left corner (mm). */
struct geometry {
	double w, h;	       /* the label; h worked out on a roll */
	double pad;	       /* white all round */
	double text_w, text_h; /* the text's column; text_h 0: unbounded */
	double qr;	       /* the QR code's side, 0 for none */
	int qr_modules;	       /* its modules, quiet zone included */
	double bar_module;     /* a Code 128 module, 0 for none */
	int bar_modules;       /* its modules, quiet zones not included */
};

static void geometry_of(const struct sr_label_layout *lo, bool food,
			struct geometry *g)
{
	double inner_w, inner_h;

	memset(g, 0, sizeof(*g));
	g->w = lo->label_w;
	g->h = lo->label_h;
	g->pad = !g->h ? 3.0 : g->h < 25 ? 1.5 : 2.0;
	inner_w = g->w - 2 * g->pad;
	inner_h = g->h ? g->h - 2 * g->pad : 0;
	g->text_w = inner_w;
	g->text_h = inner_h;
	if (!food)
		return;
	/* The QR code beside the text, the Code 128 across the bottom. */
	g->qr = g->h ? fmin(14.0, inner_h - BAR_H - GAP) : 16.0;
	if (g->qr < 0)
		g->qr = 0;
	g->text_w = inner_w - g->qr - GAP;
	if (g->h)
		g->text_h = inner_h - BAR_H - GAP;
}

/* Too narrow or small: what does not fit, and which layouts are larger. */
static enum sr_err no_fit(const struct sr_label_layout *lo, const char *what,
			  double need, double have, struct sr_fail *f)
{
	struct sr_buf larger = SR_BUF_INIT(200);
	double area = lo->label_w * lo->label_h;
	enum sr_err err;

	for (size_t i = 0; i < SR_LABEL_LAYOUTS; i++) {
		const struct sr_label_layout *o = &sr_label_layouts[i];

		if (o != lo && (!o->label_h || o->label_w * o->label_h > area))
			sr_buf_addf(&larger, "%s%s", larger.len ? ", " : "",
				    o->name);
	}
	err = sr_fail_set(f, SR_ECONFLICT, "label_does_not_fit", "layout",
			  "%s needs %.1f mm and a label of layout %s has "
			  "%.1f mm for it (%.1f mm short), at the smallest "
			  "size the law allows; choose a larger layout: %s",
			  what, need, lo->name, have, need - have, larger.data);
	sr_buf_release(&larger);
	return err;
}

/*
 * Lay c out on its layout: the text at an x-height of 1.2 mm, or 0.9 mm
 * where the label is under 80 cm² and 1.2 mm does not fit; and the codes
 * at sizes that scan. Fills l and g.
 */
static enum sr_err fit(struct lay *l, const struct content *c,
		       const struct sr_qr_matrix *qr,
		       const struct zint_symbol *bar, struct geometry *g,
		       struct sr_fail *f)
{
	const struct sr_label_layout *lo = c->layout;
	bool small = lo->label_h && lo->label_w * lo->label_h < SMALL_AREA_MM2;
	double xh[2] = {XH_LARGE, XH_SMALL};
	enum sr_err err = SR_OK;

	geometry_of(lo, c->food, g);
	for (int i = 0; i < (small ? 2 : 1); i++) {
		l->xh = xh[i];
		err = lay_out(l, c, g->text_w, size_for(l->pctx, xh[i]), f);
		if (err || !g->text_h || l->height <= g->text_h)
			break;
	}
	if (!err && g->text_h && l->height > g->text_h)
		err = no_fit(lo, "The text", l->height, g->text_h, f);
	/* Then the codes, at sizes a phone and a scanner read. */
	if (!err && c->food) {
		g->qr_modules = qr->width + 2 * SR_QR_QUIET;
		g->bar_modules = bar->width;
		g->bar_module =
			(g->w - 2 * g->pad) / (g->bar_modules + 2 * BAR_QUIET);
		if (g->qr < g->qr_modules * QR_MODULE_MIN)
			err = no_fit(lo, "The QR code",
				     g->qr_modules * QR_MODULE_MIN, g->qr, f);
		else if (g->bar_module < BAR_MODULE_MIN)
			err = no_fit(lo, "The Code 128 of the batch code",
				     (g->bar_modules + 2 * BAR_QUIET) *
					     BAR_MODULE_MIN,
				     g->w - 2 * g->pad, f);
		g->bar_module = fmin(g->bar_module, BAR_MODULE_MAX);
	}
	if (!err && !g->h)
		g->h = 2 * g->pad + fmax(l->height, g->qr) +
		       (c->food ? GAP + BAR_H : 0);
	return err;
}

/* ---- drawing ---------------------------------------------------------------
 */

static void draw_qr(cairo_t *cr, double x, double y, double side,
		    const struct sr_qr_matrix *qr)
{
	double m = side / (qr->width + 2 * SR_QR_QUIET);

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, side, side);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (int r = 0; r < qr->width; r++)
		for (int k = 0; k < qr->width;) {
			int run = 0;

			while (k + run < qr->width &&
			       qr->dark[(size_t)r * qr->width + k + run])
				run++;
			if (run)
				cairo_rectangle(cr, x + (k + SR_QR_QUIET) * m,
						y + (r + SR_QR_QUIET) * m,
						run * m, m);
			k += run ? run : 1;
		}
	cairo_fill(cr);
}

/* zint's bars, scaled so that its symbol is modules × module wide. */
static void draw_bars(cairo_t *cr, double x, double y, double module,
		      const struct zint_symbol *bar)
{
	const struct zint_vector_rect *rc;
	double lo = INFINITY, hi = -INFINITY, k;

	for (rc = bar->vector->rectangles; rc; rc = rc->next) {
		lo = fmin(lo, rc->x);
		hi = fmax(hi, rc->x + rc->width);
	}
	if (!(hi > lo))
		return;
	/* Its first and last modules are bars: the span is the symbol. */
	k = module * bar->width / (hi - lo);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (rc = bar->vector->rectangles; rc; rc = rc->next)
		cairo_rectangle(cr, x + (rc->x - lo) * k, y, rc->width * k,
				BAR_H);
	cairo_fill(cr);
}

static void draw_label(cairo_t *cr, double x, double y, const struct content *c,
		       const struct lay *l, const struct geometry *g,
		       const struct sr_qr_matrix *qr,
		       const struct zint_symbol *bar)
{
	double ty = y + g->pad;

	cairo_set_source_rgb(cr, 0, 0, 0);
	for (size_t i = 0; i < l->n; i++) {
		cairo_move_to(cr, x + g->pad, ty);
		pango_cairo_show_layout(cr, l->para[i].layout);
		ty += l->para[i].height + l->body * 0.3;
	}
	if (!c->food)
		return;
	draw_qr(cr, x + g->w - g->pad - g->qr, y + g->pad, g->qr, qr);
	draw_bars(cr,
		  x + g->pad +
			  (g->w - 2 * g->pad -
			   g->bar_module * (g->bar_modules + 2 * BAR_QUIET)) /
				  2 +
			  BAR_QUIET * g->bar_module,
		  y + g->h - g->pad - BAR_H, g->bar_module, bar);
}

/* The Code 128 of the batch code, drawn as vectors; NULL with f set. */
static struct zint_symbol *code128(const char *code, struct sr_fail *f)
{
	struct zint_symbol *z = ZBarcode_Create();

	if (!z) {
		sr_fail_oom(f);
		return NULL;
	}
	z->symbology = BARCODE_CODE128;
	z->show_hrt = 0;
	z->output_options |= BARCODE_NO_QUIET_ZONES;
	if (ZBarcode_Encode(z, (const unsigned char *)code,
			    (int)strlen(code)) >= ZINT_ERROR ||
	    ZBarcode_Buffer_Vector(z, 0) >= ZINT_ERROR || !z->vector) {
		sr_fail_set(f, SR_EINVAL, "bad_value", "code",
			    "the batch code %s cannot be a Code 128: %s", code,
			    z->errtxt);
		ZBarcode_Delete(z);
		return NULL;
	}
	return z;
}

enum sr_err sr_label_pdf(sr_store *s, const struct sr_label_req *r,
			 struct sr_buf *out, struct sr_fail *f)
{
	struct content c;
	struct sr_qr_matrix qr = {0, NULL};
	struct zint_symbol *bar = NULL;
	struct lay l = {0};
	struct geometry g;
	struct sr_pdf pdf = {0};
	const struct sr_label_layout *lo;
	enum sr_err err = content_read(s, r, &c, f);
	int per;

	if (err)
		goto out;
	lo = c.layout;
	per = sr_label_per_page(lo);
	if (c.food) {
		err = sr_qr_matrix(c.trace_url, strlen(c.trace_url),
				   "trace_url", &qr, f);
		if (err)
			goto out;
		bar = code128(c.code, f);
		if (!bar) {
			err = f ? f->err : SR_EINVAL;
			goto out;
		}
	}
	/* A roll's page is as long as its label: set once it is known. */
	err = sr_pdf_open(&pdf, out, lo->page_w * SR_PDF_PT_PER_MM,
			  (lo->page_h ? lo->page_h : 100) * SR_PDF_PT_PER_MM,
			  c.name, f);
	if (err)
		goto out;
	cairo_scale(pdf.cr, SR_PDF_PT_PER_MM, SR_PDF_PT_PER_MM);
	pango_cairo_update_context(pdf.cr, pdf.pctx);
	l.pctx = pdf.pctx;
	err = fit(&l, &c, &qr, bar, &g, f);
	if (err)
		goto out;
	if (!lo->page_h)
		cairo_pdf_surface_set_size(pdf.surface,
					   lo->page_w * SR_PDF_PT_PER_MM,
					   g.h * SR_PDF_PT_PER_MM);
	for (int i = 0; i < r->copies; i++) {
		int slot = (r->start - 1 + i) % per;

		if (i && !slot)
			cairo_show_page(pdf.cr);
		draw_label(pdf.cr, lo->left + (slot % lo->cols) * lo->pitch_x,
			   lo->top + (double)(slot / lo->cols) * lo->pitch_y,
			   &c, &l, &g, &qr, bar);
	}
	err = sr_pdf_finish(&pdf, "copies", "ask for fewer copies", f);
out:
	lay_release(&l);
	sr_pdf_release(&pdf);
	if (bar)
		ZBarcode_Delete(bar);
	sr_qr_matrix_release(&qr);
	content_release(&c);
	return err;
}

static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

enum sr_err sr_label_json(sr_store *s, const struct sr_label_req *r,
			  struct sr_buf *out, struct sr_fail *f)
{
	struct content c;
	struct sr_buf svg = SR_BUF_INIT(1 << 20);
	json_t *doc = NULL, *layout = NULL;
	bool oom = false;
	enum sr_err err = content_read(s, r, &c, f);

	if (err)
		goto out;
	if (c.food)
		err = sr_qr_svg(c.trace_url, strlen(c.trace_url), "trace_url",
				&svg, NULL, f);
	if (err)
		goto out;
	layout = json_pack("{sssssfsf}", "name", c.layout->name, "title",
			   c.layout->title, "label_w", c.layout->label_w,
			   "label_h", c.layout->label_h);
	doc = json_object();
	oom = !doc || !layout;
	sr_json_put(doc, "batch_id", json_integer(r->batch_id), &oom);
	sr_json_put(doc, "code", json_string(c.code), &oom);
	sr_json_put(doc, "food", json_boolean(c.food), &oom);
	sr_json_put(doc, "layout", layout, &oom);
	layout = NULL;
	sr_json_put(doc, "name", json_string(c.name), &oom);
	sr_json_put(doc, "ingredients",
		    c.food ? sr_ingredients_runs_json(&c.ing) : json_null(),
		    &oom);
	sr_json_put(doc, "allergens",
		    c.food ? sr_allergens_json(c.ing.allergens) : json_null(),
		    &oom);
	sr_json_put(doc, "may_contain",
		    text_or_null(c.food ? c.may_contain : NULL), &oom);
	sr_json_put(doc, "storage", text_or_null(c.food ? c.storage : NULL),
		    &oom);
	sr_json_put(doc, "net_quantity", text_or_null(c.food ? c.net : NULL),
		    &oom);
	sr_json_put(doc, "date_line", text_or_null(c.food ? c.date_line : NULL),
		    &oom);
	sr_json_put(doc, "lot", text_or_null(c.food ? c.lot : NULL), &oom);
	sr_json_put(doc, "made_line", text_or_null(c.food ? NULL : c.made_line),
		    &oom);
	sr_json_put(doc, "maker", text_or_null(c.maker), &oom);
	sr_json_put(doc, "address", text_or_null(c.food ? c.address : NULL),
		    &oom);
	sr_json_put(doc, "trace_url", text_or_null(c.trace_url), &oom);
	sr_json_put(doc, "qr_svg", text_or_null(c.food ? svg.data : NULL),
		    &oom);
	err = oom ? sr_fail_oom(f) : sr_json_dump(doc, out, 0);
	if (err && err != SR_ENOMEM)
		err = sr_fail_set(f, err, "internal", NULL,
				  "the answer could not be written");
out:
	json_decref(layout);
	json_decref(doc);
	sr_buf_release(&svg);
	content_release(&c);
	return err;
}
