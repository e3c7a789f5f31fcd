/*
 * label.h - a batch's labels as a PDF, at the exact size of the label
 * sheets and rolls makers buy.
 *
 * A food product's label (products.food = 1) carries its name, the
 * ingredients with the allergens in bold (ingredients.h), "May contain",
 * storage, the net quantity, "Best before DD/MM/YYYY" (or "Use by", as the
 * product's date_mark says) from the batch, the lot mark "L" and the batch
 * code, the business's name and address, a QR code of the batch's trace
 * address and a Code 128 of its code. Any other product's is plain: its
 * name, the batch, the date it was made and the maker.
 *
 * Text keeps the legal minimum x-height (Regulation (EU) 1169/2011 Art.
 * 13(2), Annex IV): 1.2 mm, or 0.9 mm where the largest surface is under
 * 80 cm². It is laid out at 1.2 mm first, and at 0.9 mm only on a label
 * under 80 cm² where 1.2 mm does not fit; the x-height is measured from
 * the font itself. A label whose text does not fit even so is refused
 * (SR_ECONFLICT, label_does_not_fit), never shrunk further.
 */
#ifndef SMALLRUN_LABEL_H
#define SMALLRUN_LABEL_H

#include <stddef.h>
#include <stdint.h>

#include "smallrun/buf.h"
#include "smallrun/err.h"
#include "smallrun/store.h"

/* A sheet or a roll. Lengths in millimetres. */
struct sr_label_layout {
	const char *name;	 /* "l7160": the API's and the CLI's */
	const char *title;	 /* for people */
	double page_w, page_h;	 /* page_h 0: a roll, a page a label */
	double label_w, label_h; /* label_h 0: as tall as its content */
	int cols, rows;
	double top, left;	 /* from the page's edge to the first label */
	double pitch_x, pitch_y; /* from one label's edge to the next's */
	double corner;		 /* the labels' corner radius */
};

/* The layouts, in the table's order, and their names NULL-terminated. */
#define SR_LABEL_LAYOUTS 4
extern const struct sr_label_layout sr_label_layouts[SR_LABEL_LAYOUTS];
extern const char *const sr_label_layout_names[SR_LABEL_LAYOUTS + 1];

/* The layout called name, or NULL. */
const struct sr_label_layout *sr_label_layout_find(const char *name);

/* How many labels one page of l holds (1 on a roll). */
int sr_label_per_page(const struct sr_label_layout *l);

/* The most copies one request prints. */
#define SR_LABEL_COPIES_MAX 1000

struct sr_label_req {
	int64_t batch_id;
	const char *layout; /* a layout's name */
	int copies;	    /* 1 to SR_LABEL_COPIES_MAX */
	int start;	    /* the first label used on the first sheet,
			       1 to sr_label_per_page(): left to right,
			       then down */
	/*
	 * The address the trace QR opens when the settings give no
	 * base_url: "http://192.168.1.20:8080" (the server passes the
	 * request's own scheme and Host). NULL: the settings' or nothing.
	 */
	const char *base_url;
};

/*
 * The labels of r as a PDF, appended to out. Errors, with f naming the
 * culprit: SR_ENOTFOUND (no such batch); SR_EINVAL for a layout not in
 * the table (bad_value, layout), copies or start out of range
 * (out_of_range); SR_ECONFLICT for a food label that cannot be made right
 * (ingredients_incomplete: a material's weight or a recipe missing;
 * no_date: the batch has no best_before; no_base_url: no address for the
 * QR code) or whose text does not fit (label_does_not_fit: what, by how
 * much, and a larger layout); SR_ETOOBIG past out's maximum.
 */
enum sr_err sr_label_pdf(sr_store *s, const struct sr_label_req *r,
			 struct sr_buf *out, struct sr_fail *f);

/*
 * What one label of r says, as JSON, for the web app's printable
 * preview (the same texts and runs the PDF draws):
 *
 *   {"batch_id", "code", "food", "layout": {"name", "title", "label_w",
 *    "label_h"}, "name", "ingredients": [{"text", "bold"}],
 *    "allergens": [codes], "may_contain", "storage", "net_quantity",
 *    "date_line", "lot", "made_line", "maker", "address", "trace_url",
 *    "qr_svg"}
 *
 * (texts a plain label lacks are null). The errors of sr_label_pdf()
 * but label_does_not_fit, which only laying out finds.
 */
enum sr_err sr_label_json(sr_store *s, const struct sr_label_req *r,
			  struct sr_buf *out, struct sr_fail *f);

#endif
