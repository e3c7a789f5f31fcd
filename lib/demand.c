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
/* Products read at a time for the suggestions. */
#define PRODUCTS_PAGE 1000

/* One name of the file, the stored product it is and what is done. */
struct match {
	int64_t id; /* 0: none stored, or skipped */
	int64_t price;
	bool known; /* a product had the name before any choice */
	bool skip;
	const struct sr_import_choice *choice; /* or NULL */
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

	for (size_t i = 0; i < n && !err; i++) {
		err = match_one(tx, sr_sales_name(ss, i), &m[i], f);
		m[i].known = m[i].id != 0;
	}
	return err;
}

/* The field an error about choice c's member names. */
static const char *choice_field(const struct sr_import_choice *c,
				const char *member, char *out, size_t size)
{
	if (c->where[0] == '-')
		return c->where;
	snprintf(out, size, "%s.%s", c->where, member);
	return out;
}

/*
 * Apply one choice to the names of the file it stands for (equal
 * ignoring ASCII case, as products' names are): refused when there is
 * none, when it creates a product that exists, and when it maps to a
 * product that does not, or that is retired.
 */
static enum sr_err apply_choice(struct sr_tx *tx, const struct sr_sales *ss,
				struct match *m,
				const struct sr_import_choice *c,
				const char *file, struct sr_fail *f)
{
	const struct sr_resource *prod = sr_resource(SR_RES_PRODUCT);
	size_t n = sr_sales_count(ss), hits = 0;
	json_t *row = NULL;
	enum sr_err err = SR_OK;
	char field[64];

	if (c->action == SR_IMPORT_MAP) {
		err = sr_db_get(tx, prod, c->product_id, &row, f);
		if (err == SR_ENOTFOUND)
			return sr_fail_set(f, SR_EINVAL, "unknown_reference",
					   choice_field(c, "product_id", field,
							sizeof(field)),
					   "no product has id %" PRId64
					   ", so \"%s\" cannot be mapped to it",
					   c->product_id, c->name);
		if (err)
			return err;
		if (json_integer_value(json_object_get(row, "retired"))) {
			err = sr_fail_set(
				f, SR_EINVAL, "retired",
				choice_field(c, "product_id", field,
					     sizeof(field)),
				"%s (product %" PRId64 ") is retired; bring "
				"it back first, or map \"%s\" to another "
				"product",
				json_string_value(json_object_get(row, "name")),
				c->product_id, c->name);
			goto out;
		}
	}
	for (size_t i = 0; i < n && !err; i++) {
		if (strcasecmp(sr_sales_name(ss, i), c->name))
			continue;
		hits++;
		if (c->action == SR_IMPORT_CREATE && m[i].known) {
			err = sr_fail_set(
				f, SR_EINVAL, "already_exists",
				choice_field(c, "name", field, sizeof(field)),
				"you already have a product called \"%s\"; "
				"its sales go to it, so there is nothing to "
				"create",
				sr_sales_name(ss, i));
			break;
		}
		m[i].choice = c;
		m[i].skip = c->action == SR_IMPORT_SKIP;
		if (c->action == SR_IMPORT_SKIP)
			m[i].id = 0;
		if (c->action == SR_IMPORT_MAP) {
			m[i].id = c->product_id;
			m[i].price = json_integer_value(
				json_object_get(row, "price"));
		}
	}
	if (!err && !hits)
		err = sr_fail_set(f, SR_EINVAL, "not_in_file",
				  choice_field(c, "name", field, sizeof(field)),
				  "%s names no product called \"%s\"", file,
				  c->name);
out:
	json_decref(row);
	return err;
}

static enum sr_err apply_plan(struct sr_tx *tx, const struct sr_sales *ss,
			      struct match *m,
			      const struct sr_import_plan *plan,
			      const char *file, struct sr_fail *f)
{
	enum sr_err err = SR_OK;

	for (size_t j = 0; plan && j < plan->n && !err; j++)
		err = apply_choice(tx, ss, m, &plan->choices[j], file, f);
	return err;
}

/* A name no product has and no choice or create_products settles. */
static bool unsettled(const struct match *m, bool create)
{
	return !m->id && !m->skip && !m->choice && !create;
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
		if (!unsettled(&m[i], false))
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

/*
 * Create the products the file names that are not stored and not
 * skipped, at the price and mode chosen (batch and 0 when none); their
 * names go in created, and their sales are at that price.
 */
static enum sr_err create_products(struct sr_tx *tx, const struct sr_sales *ss,
				   struct match *m, int64_t now,
				   json_t *created, struct sr_fail *f)
{
	const struct sr_field *modes =
		sr_field_find(sr_resource(SR_RES_PRODUCT), "mode");
	size_t n = sr_sales_count(ss);
	enum sr_err err = SR_OK;
	bool no_mem = false;

	for (size_t i = 0; i < n && !err; i++) {
		const struct sr_import_choice *c = m[i].choice;
		int64_t price = c && c->price >= 0 ? c->price : 0;
		json_t *in, *row = NULL;

		if (m[i].id || m[i].skip)
			continue;
		/* "bun" after "Bun" in the same file: the one just made. */
		err = match_one(tx, sr_sales_name(ss, i), &m[i], f);
		if (err || m[i].id)
			continue;
		in = json_pack(
			"{s:s, s:s, s:I}", "name", sr_sales_name(ss, i), "mode",
			c && c->mode >= 0 ? modes->values[c->mode] : "batch",
			"price", (json_int_t)price);
		if (!in)
			return sr_fail_oom(f);
		err = sr_rec_create_in(tx, sr_resource(SR_RES_PRODUCT), in,
				       now, &m[i].id, &row, f);
		m[i].price = price;
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
	int64_t rows, units_skipped, rows_skipped;
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
		return sr_rec_remove_in(tx, sale, id, NULL, f);
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
 * are one product merged), one product-day at a time. Skipped names are
 * left out.
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
		if (done[i] || !m[i].id)
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

/*
 * Names a till logs that are bookkeeping, not things made: suggested to
 * skip. Whole names, any case; those with a '*' are found anywhere.
 */
static const char *const not_made[] = {
	"adjustment",
	"adjustments",
	"refund",
	"refunds",
	"discount",
	"discounts",
	"tip",
	"tips",
	"deposit",
	"service charge",
	"delivery charge",
	"cashback",
	"cash back",
	"void",
	"*voucher",
	"*gift card",
};

static bool bookkeeping(const char *name)
{
	size_t ln = strlen(name);

	for (size_t i = 0; i < SR_ARRAY_SIZE(not_made); i++) {
		const char *w = not_made[i];

		if (*w != '*') {
			if (!strcasecmp(name, w))
				return true;
			continue;
		}
		for (size_t lw = strlen(++w), at = 0; at + lw <= ln; at++)
			if (!strncasecmp(name + at, w, lw))
				return true;
	}
	return false;
}

/* The products a name may be mapped to: not retired, id and name. */
struct stored {
	json_t *rows; /* [{id, name, ...}] */
};

static enum sr_err load_stored(struct sr_tx *tx, struct stored *st,
			       struct sr_fail *f)
{
	const struct sr_resource *prod = sr_resource(SR_RES_PRODUCT);
	json_t *values[SR_MAX_FILTERS] = {NULL};
	enum sr_err err = SR_OK;
	int64_t total = 0, offset = 0;

	st->rows = json_array();
	if (!st->rows)
		return sr_fail_oom(f);
	do {
		json_t *page = NULL, *it;
		size_t i;

		err = sr_db_list(tx, prod, values, PRODUCTS_PAGE, offset, &page,
				 &total, f);
		if (err)
			break;
		json_array_foreach(
			page, i,
			it) if (!json_integer_value(json_object_get(it,
								    "retired")))
			json_array_append(st->rows, it);
		offset += (int64_t)json_array_size(page);
		if (!json_array_size(page))
			total = 0;
		json_decref(page);
	} while (offset < total);
	return err;
}

/*
 * What to do with a name no product has: skip bookkeeping, map to the
 * stored product whose name is fewest letters away when that is a slip
 * of the keys (one letter in a name under 10, two under 20 ...: "Coffe"
 * for "Coffee", not "Bread" for "Spread"; the first of equals), else
 * create.
 */
static json_t *suggest(const char *name, const struct stored *st)
{
	size_t ln = strlen(name), best = SIZE_MAX;
	size_t limit = 1 + ln / 10;
	const json_t *pick = NULL, *it;
	size_t i;

	if (bookkeeping(name))
		return json_pack("{s:s, s:s}", "action", "skip", "why",
				 "it looks like a till's bookkeeping line, "
				 "not something you make");
	json_array_foreach(st->rows, i, it)
	{
		const char *p = json_string_value(json_object_get(it, "name"));
		size_t lp = p ? strlen(p) : 0, d;

		/* The distance is at least the difference in length. */
		if (!p || (lp > ln ? lp - ln : ln - lp) > limit)
			continue;
		d = sr_edit_distance(name, ln, p, lp);
		if (d <= limit && d < best) {
			best = d;
			pick = it;
		}
	}
	if (!pick)
		return json_pack("{s:s}", "action", "create");
	return json_pack("{s:s, s:O, s:O}", "action", "map", "product_id",
			 json_object_get(pick, "id"), "product_name",
			 json_object_get(pick, "name"));
}

/* A name of the file, for sorting: by name ignoring case, then index. */
struct named {
	const char *name;
	size_t i;
	size_t group; /* the first index of its spellings */
};

static int by_name(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int c = strcasecmp(x->name, y->name);

	return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* By group (the first spelling's index), then index: reading order. */
static int by_group(const void *a, const void *b)
{
	const struct named *x = a, *y = b;

	if (x->group != y->group)
		return (x->group > y->group) - (x->group < y->group);
	return (x->i > y->i) - (x->i < y->i);
}

/*
 * One name no product has, with the spellings of it that differ only in
 * case (they become one product): first[0..n) in reading order.
 */
static json_t *unknown_json(const struct sr_sales *ss,
			    const struct named *first, size_t n,
			    unsigned char *sold, const struct stored *st,
			    bool *no_mem)
{
	int64_t start, last, rows = 0, units = 0, days = 0, day, u;
	json_t *also = json_array(), *o;

	sr_sales_span(ss, &start, &last);
	memset(sold, 0, (size_t)(last - start + 1));
	for (size_t g = 0; g < n; g++) {
		rows += sr_sales_rows(ss, first[g].i);
		units += sr_sales_total(ss, first[g].i);
		for (size_t k = 0; sr_sales_entry(ss, first[g].i, k, &day, &u);
		     k++)
			if (u > 0 && !sold[day - start]) {
				sold[day - start] = 1;
				days++;
			}
		if (g)
			sr_json_push(also, json_string(first[g].name), no_mem);
	}
	o = json_pack("{s:s, s:I, s:I, s:I, s:o}", "name", first[0].name,
		      "rows", (json_int_t)rows, "units", (json_int_t)units,
		      "days", (json_int_t)days, "suggested",
		      suggest(first[0].name, st));
	if (o && json_array_size(also))
		sr_json_put(o, "spellings", json_incref(also), no_mem);
	json_decref(also);
	return o;
}

/*
 * The preview: what the file holds and the names no product has, in the
 * order the file first names them.
 */
static enum sr_err preview_json(struct sr_tx *tx, const struct sr_sales *ss,
				const struct match *m, const char *file,
				const struct tally *t, struct sr_buf *out,
				struct sr_fail *f)
{
	struct stored st = {NULL};
	size_t n = sr_sales_count(ss), nu = 0;
	json_t *doc = NULL, *unknown = json_array();
	int64_t first = 0, last = 0, known = 0;
	char from[11] = "", to[11] = "";
	unsigned char *sold = NULL;
	struct named *names;
	bool no_mem = !unknown;
	enum sr_err err;

	names = calloc(n ? n : 1, sizeof(*names));
	if (n) {
		sr_sales_span(ss, &first, &last);
		sold = malloc((size_t)(last - first + 1));
	}
	if (!names || (n && !sold)) {
		err = sr_fail_oom(f);
		goto out;
	}
	err = load_stored(tx, &st, f);
	if (err)
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (m[i].known)
			known++;
		else
			names[nu++] =
				(struct named){sr_sales_name(ss, i), i, i};
	}
	/* Spellings of one name side by side, each with its first's index,
	 * then the groups in the order the file first names them. */
	qsort(names, nu, sizeof(*names), by_name);
	for (size_t i = 1; i < nu; i++)
		if (!strcasecmp(names[i - 1].name, names[i].name))
			names[i].group = names[i - 1].group;
	qsort(names, nu, sizeof(*names), by_group);
	for (size_t at = 0, len; at < nu && !no_mem; at += len) {
		for (len = 1;
		     at + len < nu && names[at + len].group == names[at].group;
		     len++)
			;
		sr_json_push(
			unknown,
			unknown_json(ss, names + at, len, sold, &st, &no_mem),
			&no_mem);
	}
	sr_date_format(first, from);
	sr_date_format(last, to);
	doc = json_pack("{s:s, s:b, s:I, s:I, s:s?, s:s?, s:I, s:I, s:O}",
			"file", file, "preview", 1, "rows", (json_int_t)t->rows,
			"days", (json_int_t)t->days, "first_day",
			n ? from : NULL, "last_day", n ? to : NULL, "names",
			(json_int_t)n, "products_known", (json_int_t)known,
			"unknown", unknown);
	err = no_mem || !doc ? sr_fail_oom(f) : sr_json_dump(doc, out, 0);
out:
	json_decref(doc);
	json_decref(unknown);
	json_decref(st.rows);
	free(names);
	free(sold);
	return err;
}

/* What a real run did with the names it mapped and skipped. */
static enum sr_err report_json(const struct sr_sales *ss, const struct match *m,
			       const char *file, const struct tally *t,
			       json_t *created, struct sr_buf *out,
			       struct sr_fail *f)
{
	json_t *mapped = json_array(), *skipped = json_array(), *doc = NULL;
	bool no_mem = !mapped || !skipped;
	enum sr_err err;

	for (size_t i = 0; i < sr_sales_count(ss) && !no_mem; i++) {
		const struct sr_import_choice *c = m[i].choice;

		if (c && c->action == SR_IMPORT_MAP)
			sr_json_push(mapped,
				     json_pack("{s:s, s:I}", "name",
					       sr_sales_name(ss, i),
					       "product_id",
					       (json_int_t)c->product_id),
				     &no_mem);
		else if (m[i].skip)
			sr_json_push(skipped, json_string(sr_sales_name(ss, i)),
				     &no_mem);
	}
	doc = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:O, s:O, s:O, "
			"s:I, s:I}",
			"file", file, "import_id", (json_int_t)t->import_id,
			"products", (json_int_t)t->products, "days",
			(json_int_t)t->days, "sales_added",
			(json_int_t)t->added, "sales_replaced",
			(json_int_t)t->replaced, "sales_unchanged",
			(json_int_t)t->unchanged, "products_created", created,
			"products_mapped", mapped, "products_skipped", skipped,
			"units_skipped", (json_int_t)t->units_skipped,
			"rows_skipped", (json_int_t)t->rows_skipped);
	err = no_mem || !doc ? sr_fail_oom(f) : sr_json_dump(doc, out, 0);
	json_decref(doc);
	json_decref(mapped);
	json_decref(skipped);
	return err;
}

enum sr_err sr_sales_import(sr_store *s, const char *name, const char *data,
			    size_t len, enum sr_encoding enc,
			    const struct sr_import_plan *plan, int64_t now,
			    sr_sales_progress_fn progress, void *ctx,
			    struct sr_buf *out, struct sr_fail *f)
{
	/* Windows-1252 takes at most 3 bytes of UTF-8 a byte. */
	struct sr_buf dec = SR_BUF_INIT((size_t)3 * SR_SALES_IMPORT_MAX + 1);
	bool preview = plan && plan->preview;
	bool create = plan && plan->create_products;
	struct sr_sales *ss = NULL;
	struct sr_tx *tx = NULL;
	struct match *m = NULL;
	struct tally t = {0};
	json_t *created = NULL;
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
	/* Product-days to come, for progress; the rows; the open days. */
	for (size_t i = 0; i < n; i++) {
		t.rows += sr_sales_rows(ss, i);
		for (size_t k = 0; sr_sales_entry(ss, i, k, &day, &u); k++)
			t.total++;
	}
	if (n && !(err = sr_sales_history(ss, 0, &h, f)))
		for (size_t d = 0; d < h.ndays; d++)
			t.days += !h.open || h.open[d];
	/* A preview reads and writes nothing: one read transaction. */
	if (!err)
		err = sr_tx_begin(s, !preview, &tx, f);
	if (!err)
		err = match_products(tx, ss, m, f);
	if (!err)
		err = apply_plan(tx, ss, m, plan, name, f);
	for (size_t i = 0; i < n && !err && !preview; i++)
		if (unsettled(&m[i], create))
			err = unknown_products(ss, m, name, f);
	if (!err && preview)
		err = preview_json(tx, ss, m, name, &t, out, f);
	if (!err && !preview)
		err = create_products(tx, ss, m, now, created, f);
	if (!err && !preview)
		err = sr_db_import_add(tx, name, now, &t.import_id, f);
	if (!err && !preview)
		err = write_sales(tx, ss, m, now, progress, ctx, &t, f);
	err = sr_tx_finish(tx, err, f);
	if (err || preview)
		goto out;
	for (size_t i = 0; i < n; i++)
		if (m[i].skip) {
			t.units_skipped += sr_sales_total(ss, i);
			t.rows_skipped += sr_sales_rows(ss, i);
		}
	err = report_json(ss, m, name, &t, created, out, f);
out:
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

/* The numbers sr_forecast_batch() needs from the product and settings. */
static void fc_product(const json_t *prod, const json_t *settings,
		       struct sr_fc_product *p)
{
	int64_t labour = sr_json_int(prod, "minutes_per_unit") *
			 sr_json_int(settings, "hourly_rate");
	const json_t *shelf = json_object_get(prod, "shelf_life_days");

	memset(p, 0, sizeof(*p));
	p->price = sr_json_int(prod, "price");
	/* Minutes at an hourly rate, rounded to the nearest penny. */
	p->unit_cost =
		sr_product_material_cost(prod, NULL) + (labour + 30) / 60;
	p->shelf_life_days =
		json_is_integer(shelf) ? (int)json_integer_value(shelf) : 365;
	p->batch_size = 1;
	p->max_batch = sr_json_int(prod, "max_batch");
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
