/*
 * demand.c - sales files into the sales records, and the forecast of a
 * product from the sales on record (demand.h).
 */
#include "compat.h"

#include <math.h>

#include "json.h"
#include "records-int.h"
#include "smallrun/date.h"
#include "smallrun/demand.h"
#include "smallrun/forecast.h"
#include "smallrun/sales.h"
#include "smallrun/text.h"

/* Unknown product names one error lists before "and N more". */
#define UNKNOWN_LISTED 10
#define PROGRESS_EVERY 200

/* One product of the file and the stored product it is. */
struct match {
	int64_t id; /* 0: none stored */
	int64_t price;
};

/* Find a product in the store by name (any case); m->id 0 when none. */
static enum sr_err match_one(struct sr_tx *tx, const char *name,
			     struct match *m, struct sr_fail *f)
{
	return sr_db_product_by_name(tx, name, &m->id, &m->price, f);
}

static enum sr_err match_products(struct sr_tx *tx, const struct sr_sales *ss,
				  struct match *m, struct sr_fail *f)
{
	size_t n = sr_sales_count(ss);
	enum sr_err err = SR_OK;

	for (size_t i = 0; i < n && !err; i++)
		err = match_one(tx, sr_sales_name(ss, i), &m[i], f);
	return err;
}

/* One SR_EINVAL naming the products that are not stored. */
static enum sr_err unknown_products(const struct sr_sales *ss,
				    const struct match *m, const char *file,
				    struct sr_fail *f)
{
	struct sr_buf names = SR_BUF_INIT(8192);
	size_t n = sr_sales_count(ss), listed = 0, more = 0;
	enum sr_err err;

	for (size_t i = 0; i < n; i++) {
		if (m[i].id)
			continue;
		if (listed == UNKNOWN_LISTED) {
			more++;
			continue;
		}
		sr_buf_addf(&names, "%s\"%s\"", listed ? ", " : "",
			    sr_sales_name(ss, i));
		listed++;
	}
	if (more)
		sr_buf_addf(&names, " and %zu more", more);
	if (names.err)
		err = sr_fail_oom(f);
	else
		err = sr_fail_set(f, SR_EINVAL, "unknown_product", "product",
				  "no product called %s (in %s); add %s "
				  "first, or let the import create %s",
				  names.data, file,
				  listed + more > 1 ? "them" : "it",
				  listed + more > 1 ? "them" : "it");
	sr_buf_release(&names);
	return err;
}

/* Create the products that are not stored; their names go in created. */
static enum sr_err create_products(struct sr_tx *tx, const struct sr_sales *ss,
				   struct match *m, int64_t now,
				   json_t *created, struct sr_fail *f)
{
	size_t n = sr_sales_count(ss);
	enum sr_err err = SR_OK;
	bool no_mem = false;

	for (size_t i = 0; i < n && !err; i++) {
		json_t *in, *row = NULL;

		if (m[i].id)
			continue;
		/* "bun" after "Bun" in the same file: the one just made. */
		err = match_one(tx, sr_sales_name(ss, i), &m[i], f);
		if (err || m[i].id)
			continue;
		in = json_pack("{s:s, s:s, s:I}", "name", sr_sales_name(ss, i),
			       "mode", "batch", "price", (json_int_t)0);
		if (!in)
			return sr_fail_oom(f);
		err = sr_rec_create_in(tx, sr_resource(SR_RES_PRODUCT), in,
				       now, &m[i].id, &row, f);
		json_decref(in);
		json_decref(row);
		if (!err)
			sr_json_push(created, json_string(sr_sales_name(ss, i)),
				     &no_mem);
		if (no_mem)
			err = sr_fail_oom(f);
	}
	return err;
}

/* What an import did. */
struct tally {
	int64_t import_id;
	int64_t products, days, added, replaced, unchanged;
	long done, total;
};

/*
 * Put one product-day of the file on record: a new sale, the imported
 * sale of that product-day changed to the file's figure (removed when the
 * file says 0), or nothing when the record already holds that figure.
 */
static enum sr_err put_day(struct sr_tx *tx, const struct match *m,
			   int64_t day, int64_t units, int64_t now,
			   struct tally *t, struct sr_fail *f)
{
	const struct sr_resource *sale = sr_resource(SR_RES_SALE);
	json_t *in = NULL, *row = NULL;
	int64_t id = 0, had = 0;
	char date[11];
	enum sr_err err;

	err = sr_db_sale_imported(tx, m->id, day, &id, &had, f);
	if (err)
		return err;
	if (!id && !units)
		return SR_OK; /* none sold, none on record */
	if (id && had == units) {
		t->unchanged++;
		return SR_OK;
	}
	if (id && !units) {
		t->replaced++;
		return sr_db_remove(tx, sale, id, f);
	}
	if (id) {
		/* The quantity through the sale's rules; its price stays. */
		in = json_pack("{s:I}", "quantity", (json_int_t)units);
		err = in ? sr_rec_update_in(tx, sale, id, in, now, &row, f)
			 : sr_fail_oom(f);
		if (!err)
			err = sr_db_sale_reimport(tx, id, t->import_id, f);
		if (!err)
			t->replaced++;
		goto out;
	}
	sr_date_format(day, date);
	in = json_pack("{s:I, s:I, s:I, s:s, s:I}", "product_id",
		       (json_int_t)m->id, "quantity", (json_int_t)units,
		       "price", (json_int_t)m->price, "sold_on", date,
		       "import_id", (json_int_t)t->import_id);
	err = in ? sr_rec_create_in(tx, sale, in, now, &id, &row, f)
		 : sr_fail_oom(f);
	if (!err)
		t->added++;
out:
	json_decref(in);
	json_decref(row);
	return err;
}

/*
 * Write the sales: each stored product's days in the file (the names that
 * are one product merged), one product-day at a time.
 */
static enum sr_err write_sales(struct sr_tx *tx, struct sr_sales *ss,
			       const struct match *m, int64_t now,
			       sr_sales_progress_fn progress, void *ctx,
			       struct tally *t, struct sr_fail *f)
{
	size_t n = sr_sales_count(ss);
	int64_t first, last, *units = NULL, day, u;
	unsigned char *done = NULL, *seen = NULL;
	enum sr_err err = SR_OK;
	size_t ndays;

	sr_sales_span(ss, &first, &last);
	ndays = (size_t)(last - first + 1);
	units = calloc(ndays, sizeof(*units));
	seen = calloc(ndays, 1);
	done = calloc(n ? n : 1, 1);
	if (!units || !seen || !done) {
		err = sr_fail_oom(f);
		goto out;
	}
	for (size_t i = 0; i < n && !err; i++) {
		if (done[i])
			continue;
		memset(units, 0, ndays * sizeof(*units));
		memset(seen, 0, ndays);
		for (size_t j = i; j < n; j++) {
			if (done[j] || m[j].id != m[i].id)
				continue;
			done[j] = 1;
			for (size_t k = 0; sr_sales_entry(ss, j, k, &day, &u);
			     k++) {
				units[day - first] += u;
				seen[day - first] = 1;
			}
		}
		t->products++;
		for (size_t d = 0; d < ndays && !err; d++) {
			if (!seen[d])
				continue;
			/* Names that are one product add up; a sum past a
			 * sale's quantity bound is refused by its check. */
			err = put_day(tx, &m[i], first + (int64_t)d, units[d],
				      now, t, f);
			if (progress && ++t->done % PROGRESS_EVERY == 0)
				progress(ctx, t->done, t->total);
		}
	}
	if (!err && progress)
		progress(ctx, t->done, t->total);
out:
	free(units);
	free(seen);
	free(done);
	return err;
}

/*
 * The file as UTF-8: data itself, or decoded from Windows-1252 into dec.
 * A file that is not UTF-8 is refused later by the CSV reader, naming the
 * line; the hint how to read it otherwise is added then.
 */
static enum sr_err decode(const char **data, size_t *len,
			  enum sr_encoding enc, struct sr_buf *dec,
			  struct sr_fail *f)
{
	if (enc == SR_ENC_UTF8)
		return SR_OK;
	if (enc != SR_ENC_WINDOWS_1252)
		return sr_fail_set(f, SR_EINVAL, "bad_value", "encoding",
				   "encoding must be one of: utf-8, "
				   "windows-1252");
	if (sr_cp1252_to_utf8(*data, *len, dec))
		return dec->err == SR_ETOOBIG
			       ? sr_fail_set(f, SR_ETOOBIG, "too_large", "",
					     "the file is too large once "
					     "decoded from Windows-1252")
			       : sr_fail_oom(f);
	*data = dec->data;
	*len = dec->len;
	return SR_OK;
}

enum sr_err sr_sales_import(sr_store *s, const char *name, const char *data,
			    size_t len, enum sr_encoding enc, bool create,
			    int64_t now, sr_sales_progress_fn progress,
			    void *ctx, struct sr_buf *out, struct sr_fail *f)
{
	/* Windows-1252 takes at most 3 bytes of UTF-8 a byte. */
	struct sr_buf dec = SR_BUF_INIT((size_t)3 * SR_SALES_IMPORT_MAX + 1);
	struct sr_sales *ss = NULL;
	struct sr_tx *tx = NULL;
	struct match *m = NULL;
	struct tally t = {0};
	json_t *created = NULL, *doc = NULL;
	struct sr_fc_history h;
	int64_t day, u;
	enum sr_err err;
	size_t n;

	if (sr_utf8_valid(name, strlen(name)) != strlen(name)) {
		err = sr_fail_set(f, SR_EINVAL, "bad_encoding", "name",
				  "the file's name is not UTF-8 text");
		goto out;
	}
	err = decode(&data, &len, enc, &dec, f);
	if (!err)
		err = sr_sales_read_mem(&ss, data, len, name, f);
	if (err) {
		if (f && f->code && !strcmp(f->code, "bad_encoding"))
			sr_buf_adds(&f->message,
				    "; if the file is Windows-1252, import it "
				    "with encoding=windows-1252 (--encoding "
				    "windows-1252)");
		goto out;
	}
	n = sr_sales_count(ss);
	m = calloc(n ? n : 1, sizeof(*m));
	created = json_array();
	if (!m || !created) {
		err = sr_fail_oom(f);
		goto out;
	}
	/* Product-days to come, for progress; the open days. */
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; sr_sales_entry(ss, i, k, &day, &u); k++)
			t.total++;
	if (n && !(err = sr_sales_history(ss, 0, &h, f)))
		for (size_t d = 0; d < h.ndays; d++)
			t.days += !h.open || h.open[d];
	if (!err)
		err = sr_tx_begin(s, true, &tx, f);
	if (!err)
		err = match_products(tx, ss, m, f);
	for (size_t i = 0; i < n && !err && !create; i++)
		if (!m[i].id)
			err = unknown_products(ss, m, name, f);
	if (!err && create)
		err = create_products(tx, ss, m, now, created, f);
	if (!err)
		err = sr_db_import_add(tx, name, now, &t.import_id, f);
	if (!err)
		err = write_sales(tx, ss, m, now, progress, ctx, &t, f);
	err = sr_tx_finish(tx, err, f);
	if (err)
		goto out;
	doc = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:O}", "file",
			name, "import_id", (json_int_t)t.import_id, "products",
			(json_int_t)t.products, "days", (json_int_t)t.days,
			"sales_added", (json_int_t)t.added, "sales_replaced",
			(json_int_t)t.replaced, "sales_unchanged",
			(json_int_t)t.unchanged, "products_created", created);
	err = doc ? sr_json_dump(doc, out, 0) : sr_fail_oom(f);
out:
	json_decref(doc);
	json_decref(created);
	free(m);
	sr_sales_free(ss);
	sr_buf_release(&dec);
	return err;
}

/*
 * A product's daily sales before the cut (the first day forecast), and the
 * shop's open days.
 */
struct hist {
	int64_t first;
	size_t ndays;
	int64_t *units;
	unsigned char *open;
	int64_t cut;  /* the first day forecast */
	int64_t last; /* the last day anything sold before cut; INT64_MIN */
	bool moved;   /* cut is not today: the history ended well before */
};

static void hist_release(struct hist *hs)
{
	free(hs->units);
	free(hs->open);
}

/*
 * The days with no sale of anything, up to today, after which the history
 * has "ended well before today": a week, or the days asked for when more.
 */
static int64_t stale_after(int days)
{
	return days > 7 ? days : 7;
}

/*
 * Where the forecast starts: from, when the caller names a day
 * (SR_DEMAND_FROM_AUTO when not); else today, unless nothing at all sold
 * on the stale_after(days) days before today, when it starts the day after
 * the last sale: a history that ended long ago says nothing of today.
 */
static void choose_cut(const struct sr_db_ids *days, int64_t today,
		       int64_t from, int ndays, struct hist *hs)
{
	int64_t limit = from == SR_DEMAND_FROM_AUTO ? today : from;

	hs->last = INT64_MIN;
	for (size_t i = 0; i < days->n; i++)
		if (days->id[i] < limit && days->id[i] > hs->last)
			hs->last = days->id[i];
	hs->cut = limit;
	hs->moved = false;
	if (from == SR_DEMAND_FROM_AUTO && hs->last != INT64_MIN &&
	    today - hs->last > stale_after(ndays)) {
		hs->cut = hs->last + 1;
		hs->moved = true;
	}
}

/*
 * One count per day from the product's first sale to the day before the
 * cut (at most SR_FC_MAX_DAYS of them); a day is open when anything sold
 * on it.
 */
static enum sr_err load_history(struct sr_tx *tx, int64_t product_id,
				int64_t today, int64_t from, int ndays,
				struct hist *hs, struct sr_fail *f)
{
	struct sr_db_daily sales = {0};
	struct sr_db_ids days = {0};
	enum sr_err err;
	int64_t cut;

	err = sr_db_sales_daily(tx, product_id, &sales, f);
	if (!err)
		err = sr_db_sales_days(tx, &days, f);
	if (err)
		goto out;
	choose_cut(&days, today, from, ndays, hs);
	cut = hs->cut;
	hs->first = INT64_MAX;
	for (size_t i = 0; i < sales.n; i++)
		if (sales.day[i] < cut && sales.day[i] < hs->first)
			hs->first = sales.day[i];
	if (hs->first == INT64_MAX)
		goto out; /* no sales before the cut: ndays 0 */
	if (cut - hs->first > SR_FC_MAX_DAYS)
		hs->first = cut - SR_FC_MAX_DAYS;
	hs->ndays = (size_t)(cut - hs->first);
	hs->units = calloc(hs->ndays, sizeof(*hs->units));
	hs->open = calloc(hs->ndays, 1);
	if (!hs->units || !hs->open) {
		err = sr_fail_oom(f);
		goto out;
	}
	for (size_t i = 0; i < sales.n; i++) {
		int64_t d = sales.day[i], u = sales.units[i];

		if (d < hs->first || d >= cut)
			continue;
		hs->units[d - hs->first] =
			u < 0 ? 0 : u > SR_FC_MAX_UNITS ? SR_FC_MAX_UNITS : u;
	}
	for (size_t i = 0; i < days.n; i++)
		if (days.id[i] >= hs->first && days.id[i] < cut)
			hs->open[days.id[i] - hs->first] = 1;
out:
	sr_db_daily_release(&sales);
	sr_db_ids_release(&days);
	return err;
}

/*
 * Does the shop usually open on day's weekday? Half of the last 8 on
 * record. The days after the last sale of anything are not on record -
 * the file that holds them has not come in yet - so they do not count as
 * closed.
 */
static bool usually_open(const struct hist *hs, int64_t day)
{
	int seen = 0, open = 0;
	int64_t d = hs->first + (int64_t)hs->ndays - 1;

	if (hs->last < d)
		d = hs->last;
	while (d >= hs->first && sr_date_weekday(d) != sr_date_weekday(day))
		d--;
	for (; d >= hs->first && seen < 8; d -= 7) {
		seen++;
		open += hs->open[d - hs->first] != 0;
	}
	return seen == 0 || 2 * open >= seen;
}

static int64_t get_int(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* The numbers sr_forecast_batch() needs from the product and settings. */
static void fc_product(const json_t *prod, const json_t *settings,
		       struct sr_fc_product *p)
{
	int64_t labour = get_int(prod, "minutes_per_unit") *
			 get_int(settings, "hourly_rate");
	const json_t *shelf = json_object_get(prod, "shelf_life_days");

	memset(p, 0, sizeof(*p));
	p->price = get_int(prod, "price");
	/* Minutes at an hourly rate, rounded to the nearest penny. */
	p->unit_cost =
		sr_product_material_cost(prod, NULL) + (labour + 30) / 60;
	p->shelf_life_days =
		json_is_integer(shelf) ? (int)json_integer_value(shelf) : 365;
	p->batch_size = 1;
	p->max_batch = get_int(prod, "max_batch");
	if (p->max_batch > SR_FC_MAX_BATCH)
		p->max_batch = 0;
}

/*
 * The warning, if any, that the history ends well before the first day
 * forecast: pushed onto warnings as {"code", "message"}.
 */
static void history_warning(const struct hist *hs, int days,
			    const struct sr_fc_model *model, json_t *warnings,
			    bool *no_mem)
{
	char last[11], cut[11];
	int64_t gap = hs->cut - hs->last; /* last + gap is the cut */
	const char *code;
	json_t *w;
	struct sr_buf msg = SR_BUF_INIT(1024);

	if (hs->last == INT64_MIN || (!hs->moved && gap <= stale_after(days)))
		return;
	sr_date_format(hs->last, last);
	sr_date_format(hs->cut, cut);
	if (hs->moved) {
		code = "history_ended";
		sr_buf_addf(&msg,
			    "Your sales on record end on %s, more than %" PRId64
			    " days before today, so this forecast starts the "
			    "day after they end: %s. To plan from another "
			    "day, choose the date to start from",
			    last, stale_after(days), cut);
	} else if (gap > model->lookback_days) {
		code = "history_old";
		sr_buf_addf(&msg,
			    "Your sales on record end on %s, more than %d "
			    "days before %s: too long ago for the forecast to "
			    "go on, so it expects none. Start from an earlier "
			    "date, or import more recent sales",
			    last, model->lookback_days, cut);
	} else {
		code = "history_old";
		sr_buf_addf(&msg,
			    "Your sales on record end on %s, %" PRId64
			    " days before %s: this forecast assumes you have "
			    "sold since then as you did before",
			    last, gap, cut);
	}
	if (msg.err) {
		*no_mem = true;
	} else {
		w = json_pack("{s:s, s:s}", "code", code, "message", msg.data);
		sr_json_push(warnings, w, no_mem);
	}
	sr_buf_release(&msg);
}

enum sr_err sr_demand_forecast(sr_store *s, int64_t product_id, int days,
			       int64_t today, int64_t from, struct sr_buf *out,
			       struct sr_fail *f)
{
	const struct sr_fc_model model = SR_FC_MODEL_INIT;
	json_t *prod = NULL, *settings = NULL, *doc = NULL, *list = NULL;
	json_t *warnings = NULL;
	struct hist hs = {0};
	struct sr_fc_history h;
	struct sr_fc_product p;
	struct sr_tx *tx = NULL;
	const char *name = "";
	bool no_mem = false, can_make;
	enum sr_err err;
	int history_days = 0;
	char cut[11], last[11];

	if (days < 1 || days > SR_DEMAND_MAX_DAYS)
		return sr_fail_set(f, SR_EINVAL, "bad_value", "days",
				   "days must be 1 to %d",
				   SR_DEMAND_MAX_DAYS);
	if (from != SR_DEMAND_FROM_AUTO &&
	    (from < -SR_FC_MAX_DAYS * 100 || from > SR_FC_MAX_DAYS * 100))
		return sr_fail_set(f, SR_EINVAL, "out_of_range", "from",
				   "from is too far from today");
	err = sr_tx_begin(s, false, &tx, f);
	if (!err)
		err = sr_db_get(tx, sr_resource(SR_RES_PRODUCT), product_id,
				   &prod, f);
	if (!err)
		err = sr_db_get(tx, sr_resource(SR_RES_SETTINGS), 1,
				   &settings, f);
	if (!err)
		err = load_history(tx, product_id, today, from, days, &hs, f);
	err = sr_tx_finish(tx, err, f);
	if (err)
		goto out;
	name = json_string_value(json_object_get(prod, "name"));
	sr_date_format(hs.cut, cut);
	if (!hs.ndays) {
		err = sr_fail_set(f, SR_EINVAL, "no_history", "product",
				  "no sales on record for %s before %s; "
				  "import a sales file first",
				  name ? name : "this product",
				  from == SR_DEMAND_FROM_AUTO ? "today" : cut);
		goto out;
	}
	sr_date_format(hs.last, last);
	fc_product(prod, settings, &p);
	can_make = p.price > 0 && p.price <= SR_FC_MAX_PRICE &&
		   p.unit_cost <= SR_FC_MAX_PRICE && p.unit_cost < p.price;
	h.first = hs.first;
	h.ndays = hs.ndays;
	h.units = hs.units;
	h.open = hs.open;
	list = json_array();
	warnings = json_array();
	if (!list || !warnings) {
		err = sr_fail_oom(f);
		goto out;
	}
	history_warning(&hs, days, &model, warnings, &no_mem);
	for (int i = 0; i < days && !err; i++) {
		int64_t day = hs.cut + i, quantity = 0;
		struct sr_fc_batch b;
		struct sr_fc_day fd;
		char date[11];

		bool open = usually_open(&hs, day);

		/* Further days are forecast from the same cut. */
		err = sr_forecast_day(&h, &model, hs.cut, day, &fd, f);
		/* A day the shop is usually closed gets nothing to make and
		 * no demand; a batch day past the history reads all of it. */
		if (!err && !open)
			fd.mean = fd.sd = 0;
		if (!err && can_make && open) {
			err = sr_forecast_batch(&h, &model, &p, 0, day, 0, &b,
						f);
			quantity = b.quantity;
		}
		if (err)
			break;
		history_days = fd.history_days;
		sr_date_format(day, date);
		sr_json_push(list,
			     json_pack("{s:s, s:b, s:f, s:f, s:I}", "date",
				       date, "open", open,
				       "mean", round(fd.mean * 100) / 100,
				       "sd", round(fd.sd * 100) / 100,
				       "quantity", (json_int_t)quantity),
			     &no_mem);
	}
	if (err)
		goto out;
	doc = json_pack(
		"{s:I, s:s, s:s, s:s, s:O, s:i, s:O, s:s}", "product_id",
		(json_int_t)product_id, "name", name ? name : "", "from", cut,
		"history_last", last, "days", list, "history_days",
		history_days, "warnings", warnings, "note",
		can_make ? "quantity: what to make that morning with nothing in "
			   "stock, to earn the most on average"
			 : "quantity is 0: the price does not cover the unit "
			   "cost (or no price is set)");
	err = no_mem || !doc ? sr_fail_oom(f) : sr_json_dump(doc, out, 0);
out:
	json_decref(doc);
	json_decref(list);
	json_decref(warnings);
	json_decref(prod);
	json_decref(settings);
	hist_release(&hs);
	return err;
}
