/*
 * transfer.c - export and import of the records as CSV (transfer.h).
 * Both go through the same descriptions and checks as the API: an import
 * row is a create, mapped to new ids, in one transaction for the lot.
 */
#include "compat.h"

#include <sys/stat.h>
#include <unistd.h>

#include "invoice-int.h"
#include "json.h"
#include "records-int.h"
#include "smallrun/csv.h"
#include "smallrun/date.h"
#include "smallrun/parse.h"
#include "smallrun/transfer.h"
#include "stock.h"

/*
 * Files go in the order of enum sr_res, which puts every resource after
 * those it refers to (resource.h): the order an import needs them in.
 */

#define PAGE 1000
#define PROGRESS_EVERY 1000

/*
 * The fields smallrun keeps that an import restores as the file has them,
 * once every record is in (the file is the truth, as for on_hand): what
 * came of a purchase line, what is left of a lot and the line it came on,
 * a purchase's status and the day its goods came, and where a material
 * use came from. A purchase's status
 * is a client's field too, but one only receipts set past "ordered".
 */
static const struct {
	enum sr_res r;
	const char *name;
} kept_fields[] = {
	{SR_RES_PURCHASE, "status"},
	{SR_RES_PURCHASE, "received_on"},
	{SR_RES_PURCHASE_LINE, "received_qty"},
	{SR_RES_LOT, "remaining"},
	{SR_RES_LOT, "purchase_line_id"},
	/* Whether a use came from its recipe, or beyond stock: what undoing
	 * its batch's done puts back (consume.c). */
	{SR_RES_BATCH_MATERIAL, "source"},
	{SR_RES_BATCH_MATERIAL, "beyond_stock"},
	/* What a quote said and became, as it was sent (quote.c). */
	{SR_RES_QUOTE, "issued_on"},
	{SR_RES_QUOTE, "price_source"},
	{SR_RES_QUOTE, "vat_bp"},
	{SR_RES_QUOTE, "vat"},
	{SR_RES_QUOTE, "status"},
	{SR_RES_QUOTE, "accepted_on"},
	/* The VAT rate a sale was made at (invoice.c). */
	{SR_RES_SALE, "vat_bp"},
};

static bool kept(int r, const char *name)
{
	for (size_t i = 0; i < SR_ARRAY_SIZE(kept_fields); i++)
		if ((int)kept_fields[i].r == r &&
		    !strcmp(kept_fields[i].name, name))
			return true;
	return false;
}

static bool exported(int r, const struct sr_field *fd)
{
	/* import_id is the sales import's own: not a field to write back.
	 * Of the fields smallrun sets, the import restores the id, a
	 * batch's code and the kept ones; the rest it works out again. */
	if (kept(r, fd->name))
		return true;
	if ((fd->flags & SR_F_SERVER) && strcmp(fd->name, "id") &&
	    strcmp(fd->name, "code") && strcmp(fd->name, "created_at"))
		return false;
	return !(fd->flags & (SR_F_COMPUTED | SR_F_DERIVED)) &&
	       strcmp(fd->name, "created_at") &&
	       strcmp(fd->name, "import_id");
}

/* Append one CSV field; text is guarded against spreadsheet formulas. */
static void csv_put(struct sr_buf *b, const char *s, size_t len, bool first)
{
	sr_csv_put_cell(b, s, len, false, first);
}

static void csv_value(struct sr_buf *b, const struct sr_field *fd,
		      const json_t *v, bool first)
{
	char num[32];

	if (!v || json_is_null(v)) {
		csv_put(b, "", 0, first);
	} else if (json_is_integer(v) && fd->type == SR_T_MONEY) {
		sr_money_format(json_integer_value(v), num);
		csv_put(b, num, strlen(num), first);
	} else if (json_is_integer(v)) {
		snprintf(num, sizeof(num), "%" PRId64,
			 (int64_t)json_integer_value(v));
		csv_put(b, num, strlen(num), first);
	} else {
		/* A text a spreadsheet would run as a formula gets an
		 * apostrophe in front, which import takes off (csv.h). */
		sr_csv_put_cell(b, json_string_value(v), json_string_length(v),
				fd->type == SR_T_TEXT, first);
	}
}

static enum sr_err write_file(const char *dir, const char *name,
			      const struct sr_buf *b, struct sr_fail *f)
{
	struct sr_buf path = SR_BUF_INIT(PATH_MAX);
	enum sr_err err = SR_OK;
	FILE *fp;

	sr_buf_addf(&path, "%s/%s.csv", dir, name);
	fp = fopen(path.data, "w");
	if (!fp || fwrite(b->data, 1, b->len, fp) != b->len) {
		err = sr_fail_set(f, SR_EIO, "cannot_write", NULL,
				  "cannot write %s: %s", path.data,
				  strerror(errno));
	}
	if (fp && fclose(fp) && !err)
		err = sr_fail_set(f, SR_EIO, "cannot_write", NULL,
				  "cannot write %s: %s", path.data,
				  strerror(errno));
	sr_buf_release(&path);
	return err;
}

/* Resource r's CSV file, appended to b (whose maximum bounds it). */
static enum sr_err csv_of(struct sr_tx *tx, int r, struct sr_buf *b,
			  struct sr_fail *f)
{
	const struct sr_resource *res = sr_resource((enum sr_res)r);
	json_t *values[SR_MAX_FILTERS] = {NULL}, *rows = NULL;
	enum sr_err err = SR_OK;
	bool first = true;

	for (size_t i = 0; i < res->nfields; i++)
		if (exported(r, &res->fields[i])) {
			csv_put(b, res->fields[i].name,
				strlen(res->fields[i].name), first);
			first = false;
		}
	sr_buf_adds(b, "\r\n");
	for (int64_t off = 0; !err; off += PAGE) {
		int64_t total = 0;
		size_t got;

		if (r == SR_RES_SETTINGS) {
			json_t *one = NULL;

			err = sr_db_get(tx, res, 1, &one, f);
			rows = json_array();
			json_array_append_new(rows, one);
		} else {
			err = sr_db_list(tx, res, values, PAGE, off, &rows,
					    &total, f);
		}
		for (size_t k = 0; !err && k < json_array_size(rows); k++) {
			json_t *row = json_array_get(rows, k);

			first = true;
			for (size_t i = 0; i < res->nfields; i++) {
				const struct sr_field *fd = &res->fields[i];

				if (!exported(r, fd))
					continue;
				csv_value(b, fd, json_object_get(row, fd->name),
					  first);
				first = false;
			}
			sr_buf_adds(b, "\r\n");
		}
		got = json_array_size(rows);
		json_decref(rows);
		rows = NULL;
		if (r == SR_RES_SETTINGS || got < PAGE)
			break;
	}
	if (!err && b->err)
		err = sr_fail_set(f, (enum sr_err)b->err, "too_large", NULL,
				  "%s is too large to export", res->name);
	return err;
}

static enum sr_err export_one(struct sr_tx *tx, const char *dir, int r,
			      struct sr_fail *f)
{
	struct sr_buf b = SR_BUF_INIT((size_t)1 << 31);
	enum sr_err err = csv_of(tx, r, &b, f);

	if (!err)
		err = write_file(dir, sr_res_name((enum sr_res)r), &b, f);
	sr_buf_release(&b);
	return err;
}

enum sr_err sr_export_csv(sr_store *s, const char *dir, struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	enum sr_err err = SR_OK;

	if (mkdir(dir, 0755) && errno != EEXIST)
		return sr_fail_set(f, SR_EIO, "cannot_write", "dir",
				   "cannot create %s: %s", dir,
				   strerror(errno));
	err = sr_tx_begin(s, false, &tx, f);
	for (size_t i = 0; !err && i < SR_RES__MAX; i++)
		err = export_one(tx, dir, (int)i, f);
	/* And the invoices, for the accountant: import leaves them be. */
	if (!err) {
		struct sr_buf b = SR_BUF_INIT((size_t)1 << 31);

		err = sr_invoice_csv_in(tx, &b, f);
		if (!err)
			err = write_file(dir, "invoices", &b, f);
		sr_buf_release(&b);
	}
	return sr_tx_finish(tx, err, f);
}

enum sr_err sr_export_csv_one(sr_store *s, enum sr_res r, struct sr_buf *out,
			      struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	size_t start = out->len;
	enum sr_err err = SR_OK;

	if ((unsigned)r >= SR_RES__MAX)
		return sr_fail_set(f, SR_EINVAL, "bad_value", NULL,
				   "there is no such kind of record");
	err = sr_tx_begin(s, false, &tx, f);
	if (!err)
		err = csv_of(tx, (int)r, out, f);
	err = sr_tx_finish(tx, err, f);
	if (err && out->len > start) {
		out->len = start;
		out->data[start] = '\0';
	}
	return err;
}

/* Import. */

/* Old id (from the file) to new id, per resource, when its file exists. */
struct idmap {
	bool present;
	json_t *ids; /* {"old": new} */
};

struct import {
	struct sr_tx *tx;
	struct idmap map[SR_RES__MAX];
	json_t *on_hand; /* [[new material id, on_hand], …] set at the end */
	json_t *kept; /* [[resource, new id, {field: value}], …] likewise */
	int64_t now;
	sr_progress_fn progress;
	void *ctx;
};

/* "file line N: message". */
static void at_line(struct sr_fail *f, const char *file, long line)
{
	char where[96];

	snprintf(where, sizeof(where), "%s line %ld:", file, line);
	sr_fail_prefix(f, where);
}

static enum sr_err import_row(struct import *im, int r, struct sr_csv *csv,
			      struct sr_fail *f)
{
	const struct sr_resource *res = sr_resource((enum sr_res)r);
	const char *names[64], *values[64];
	char mapped[64][24];
	const char *old_id = NULL, *code = NULL, *on_hand = NULL;
	struct sr_buf body = SR_BUF_INIT(1 << 20);
	json_t *in = NULL, *row = NULL, *keep = json_object();
	size_t n = 0;
	int64_t id = 0;
	enum sr_err err = SR_OK;

	for (size_t c = 0; c < sr_csv_columns(csv) && c < 64; c++) {
		const char *col = sr_csv_column_name(csv, c);
		const char *val = sr_csv_field(csv, c, NULL);
		const struct sr_field *fd = sr_field_find(res, col);

		if (!val)
			val = "";
		/* Undo the export's guard against spreadsheet formulas. */
		if (fd && fd->type == SR_T_TEXT)
			val = sr_csv_unguard(val);
		if (!strcmp(col, "id")) {
			old_id = val;
			continue;
		}
		if (!strcmp(col, "code") && r == SR_RES_BATCH) {
			code = val;
			continue;
		}
		if (!strcmp(col, "on_hand") && r == SR_RES_MATERIAL)
			on_hand = val; /* also set at the end, see below */
		if (fd && fd->type == SR_T_REF && *val &&
		    im->map[fd->ref].present) {
			json_t *to = json_object_get(im->map[fd->ref].ids, val);

			if (!to) {
				err = sr_fail_set(
					f, SR_EINVAL, "unknown_reference", col,
					"%s %s is not in %s.csv", col, val,
					sr_resource(fd->ref)->name);
				goto out;
			}
			snprintf(mapped[n], sizeof(mapped[n]), "%" PRId64,
				 (int64_t)json_integer_value(to));
			val = mapped[n];
		}
		if (fd && kept(r, col)) {
			/* Restored once every record is in. */
			json_t *v = sr_field_from_cell(fd, val, f);

			if (!v || !keep || json_object_set_new(keep, col, v)) {
				err = v	  ? sr_fail_oom(f)
				      : f ? f->err
					  : SR_EINVAL;
				goto out;
			}
			continue;
		}
		names[n] = col;
		values[n++] = val;
	}
	err = sr_rec_body_from_text(r, names, values, n, &body, f);
	if (!err)
		err = sr_rec_parse_input(res, body.data, body.len, &in, f);
	if (!err && r == SR_RES_SETTINGS)
		err = sr_rec_update_in(im->tx, res, 1, in, im->now, &row, f);
	else if (!err)
		err = sr_rec_create_in(im->tx, res, in, im->now, &id, &row, f);
	if (!err && code && *code && r == SR_RES_BATCH) {
		json_t *again = NULL, *patch = NULL, *text = json_string(code);

		/* A code that is not UTF-8 text is refused, not stored. */
		if (!text)
			err = sr_fail_set(f, SR_EINVAL, "bad_value", "code",
					  "code must be UTF-8 text");
		else
			patch = json_pack("{so}", "code", text);
		if (err)
			goto out;

		err = patch ? sr_rec_update_in(im->tx, res, id, patch, im->now,
					       &again, f)
			    : SR_ENOMEM;
		json_decref(patch);
		json_decref(again);
		if (err == SR_ECONFLICT)
			sr_fail_set(f, err, "duplicate", "code",
				    "a batch with the code %s already exists",
				    code);
	}
	if (!err && old_id && *old_id && im->map[r].present &&
	    json_object_set_new(im->map[r].ids, old_id, json_integer(id)))
		err = SR_ENOMEM;
	if (!err && on_hand && *on_hand)
		json_array_append_new(im->on_hand,
				      json_pack("[Is]", (json_int_t)id, on_hand));
	if (!err && keep && json_object_size(keep) &&
	    json_array_append_new(im->kept,
				  json_pack("[iIO]", r, (json_int_t)id, keep)))
		err = sr_fail_oom(f);
out:
	json_decref(keep);
	json_decref(in);
	json_decref(row);
	sr_buf_release(&body);
	return err;
}

static enum sr_err import_file(struct import *im, int r, const char *path,
			       const char *file, struct sr_fail *f)
{
	const struct sr_resource *res = sr_resource((enum sr_res)r);
	struct sr_csv *csv = NULL;
	enum sr_err err;
	long rows = 0;
	bool got;
	FILE *fp = fopen(path, "rb");

	if (!fp)
		return sr_fail_set(f, SR_EIO, "cannot_read", NULL,
				   "cannot read %s: %s", path, strerror(errno));
	err = sr_csv_new_file(&csv, fp, NULL, f);
	if (!err)
		err = sr_csv_read_header(csv, f);
	if (err == SR_EINVAL && csv && sr_csv_columns(csv) == 0) {
		err = SR_OK; /* an empty file imports nothing */
		goto out;
	}
	if (err) {
		sr_fail_prefix(f, file);
		goto out;
	}
	for (size_t c = 0; c < sr_csv_columns(csv); c++) {
		const char *col = sr_csv_column_name(csv, c);
		const struct sr_field *fd = sr_field_find(res, col);

		if (!fd || (fd->flags & (SR_F_COMPUTED | SR_F_DERIVED))) {
			err = sr_fail_set(f, SR_EINVAL, "unknown_field", col,
					  "%s line 1: %s has no column '%.40s'",
					  file, res->singular, col);
			goto out;
		}
	}
	for (;;) {
		err = sr_csv_next(csv, &got, f);
		if (err) {
			/* The reader's message starts "line N: ". */
			sr_fail_prefix(f, file);
			break;
		}
		if (!got)
			break;
		if (sr_csv_nfields(csv) != sr_csv_columns(csv)) {
			err = sr_fail_set(f, SR_EINVAL, "bad_csv", NULL,
					  "%s line %ld: %zu fields where the "
					  "header has %zu",
					  file, sr_csv_line(csv),
					  sr_csv_nfields(csv),
					  sr_csv_columns(csv));
			break;
		}
		err = import_row(im, r, csv, f);
		if (err) {
			at_line(f, file, sr_csv_line(csv));
			break;
		}
		if (++rows % PROGRESS_EVERY == 0 && im->progress)
			im->progress(im->ctx, file, rows);
	}
	if (!err && im->progress)
		im->progress(im->ctx, file, rows);
out:
	sr_csv_free(csv);
	fclose(fp);
	return err;
}

enum sr_err sr_import_csv(sr_store *s, const char *dir, int64_t now,
			  sr_progress_fn progress, void *ctx,
			  struct sr_fail *f)
{
	struct import im = {0};
	struct sr_buf path = SR_BUF_INIT(PATH_MAX);
	enum sr_err err = SR_OK;
	bool any = false;

	im.now = now;
	im.progress = progress;
	im.ctx = ctx;
	im.on_hand = json_array();
	im.kept = json_array();
	for (size_t i = 0; i < SR_RES__MAX; i++) {
		int r = (int)i;

		sr_buf_reset(&path);
		sr_buf_addf(&path, "%s/%s.csv", dir, sr_resource(r)->name);
		im.map[r].present = access(path.data, R_OK) == 0;
		im.map[r].ids = json_object();
		any |= im.map[r].present;
	}
	if (!any) {
		err = sr_fail_set(f, SR_EINVAL, "no_files", "dir",
				  "%s holds none of the CSV files smallrun "
				  "exports (products.csv, orders.csv, …)",
				  dir);
		goto out;
	}
	err = sr_tx_begin(s, true, &im.tx, f);
	/* The lots are the file's: none is settled on the way (stock.h). */
	if (!err)
		sr_stock_restoring(im.tx);
	/* The settings first, so what a record works out when it is made
	 * (a sale's VAT rate, from a file older than its column) comes from
	 * the workshop's own settings; then the rest in dependency order. */
	for (size_t i = 0; !err && i <= SR_RES__MAX; i++) {
		int r = i == 0 ? (int)SR_RES_SETTINGS : (int)i - 1;
		char file[64];

		if ((i > 0 && r == (int)SR_RES_SETTINGS) || !im.map[r].present)
			continue;
		snprintf(file, sizeof(file), "%s.csv", sr_resource(r)->name);
		sr_buf_reset(&path);
		sr_buf_addf(&path, "%s/%s", dir, file);
		err = import_file(&im, r, path.data, file, f);
	}
	/* Material use took stock off on_hand; the file's figure stands. */
	for (size_t i = 0; !err && i < json_array_size(im.on_hand); i++) {
		json_t *pair = json_array_get(im.on_hand, i), *row = NULL;
		struct sr_buf body = SR_BUF_INIT(256);
		const char *names[] = {"on_hand"};
		const char *vals[] = {json_string_value(json_array_get(pair, 1))};
		json_t *in = NULL;

		err = sr_rec_body_from_text(SR_RES_MATERIAL, names, vals, 1,
					    &body, f);
		if (!err)
			err = sr_rec_parse_input(sr_resource(SR_RES_MATERIAL),
						 body.data, body.len, &in, f);
		if (!err)
			err = sr_rec_update_in(
				im.tx, sr_resource(SR_RES_MATERIAL),
				json_integer_value(json_array_get(pair, 0)), in,
				now, &row, f);
		json_decref(in);
		json_decref(row);
		sr_buf_release(&body);
	}
	/* Then what the file says came and is left, as it says it. */
	for (size_t i = 0; !err && i < json_array_size(im.kept); i++) {
		json_t *k = json_array_get(im.kept, i);
		int r = (int)json_integer_value(json_array_get(k, 0));

		err = sr_rec_restore_in(
			im.tx, sr_resource((enum sr_res)r),
			json_integer_value(json_array_get(k, 1)),
			json_array_get(k, 2), now, f);
		if (err)
			sr_fail_prefix(f, sr_resource((enum sr_res)r)->name);
	}
	sr_stock_restoring(NULL);
	err = sr_tx_finish(im.tx, err, f);
out:
	for (size_t i = 0; i < SR_ARRAY_SIZE(im.map); i++)
		json_decref(im.map[i].ids);
	json_decref(im.on_hand);
	json_decref(im.kept);
	sr_buf_release(&path);
	return err;
}
