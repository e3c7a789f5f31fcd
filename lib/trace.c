/*
 * trace.c - views derived from the records: finished stock and storage,
 * and the recall list from a batch or a supplier's lot to every customer.
 */
#include "compat.h"

#include "json.h"
#include "records-int.h"
#include "smallrun/date.h"
#include "smallrun/text.h"

static int64_t get_int(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static json_t *storage_json(const struct sr_db_storage *st)
{
	json_t *used = st->fits ? json_integer(st->used) : json_null();
	json_t *free_ = !st->fits ? json_null()
			: json_integer(st->capacity > st->used
					       ? st->capacity - st->used
					       : 0);

	return json_pack("{soso sIsb}", "used", used, "free", free_,
			 "capacity", (json_int_t)st->capacity, "over",
			 !st->fits || (st->capacity > 0 && st->used > st->capacity));
}

/*
 * The lots of rows (sr_db_lots_expiring()) marked "expired" (their date
 * before today) or "soon", with the days left (negative: days past); and
 * the warnings that say so, one for each kind, naming up to 5 lots.
 */
static enum sr_err expiring(json_t *rows, int64_t today, json_t *warnings,
			    struct sr_fail *f)
{
	static const struct {
		const char *status, *code, *words;
	} kinds[] = {
		{"expired", "lots_expired", "past"},
		{"soon", "lots_expiring", "near"},
	};
	bool oom = false;

	for (size_t i = 0; i < json_array_size(rows); i++) {
		json_t *l = json_array_get(rows, i);
		const char *date =
			json_string_value(json_object_get(l, "expires_on"));
		int64_t day = today;

		if (date)
			sr_date_parse(date, strlen(date), &day);
		sr_json_put(l, "status",
			    json_string(day < today ? "expired" : "soon"),
			    &oom);
		sr_json_put(l, "days_left", json_integer(day - today), &oom);
	}
	for (size_t k = 0; k < SR_ARRAY_SIZE(kinds) && !oom; k++) {
		struct sr_buf names = SR_BUF_INIT(4096);
		json_t *ids = json_array(), *seen = json_object();
		size_t n = 0, shown = 0;

		oom |= !ids || !seen;
		for (size_t i = 0; !oom && i < json_array_size(rows); i++) {
			const json_t *l = json_array_get(rows, i);
			const char *lot =
				json_string_value(json_object_get(l, "lot"));
			char key[24];

			if (strcmp(json_string_value(
					   json_object_get(l, "status")),
				   kinds[k].status))
				continue;
			n++;
			sr_json_push(ids, json_incref(json_object_get(l, "id")),
				     &oom);
			snprintf(key, sizeof(key), "%" PRId64,
				 get_int(l, "material_id"));
			sr_json_put(seen, key, json_true(), &oom);
			if (shown++ >= 5)
				continue;
			sr_buf_addf(
				&names, "%s%s%s%s (%s, %" PRId64 " %s)",
				shown > 1 ? "; " : "",
				json_string_value(
					json_object_get(l, "material_name")),
				lot ? " lot " : "", lot ? lot : "",
				json_string_value(
					json_object_get(l, "expires_on")),
				get_int(l, "remaining"),
				json_string_value(json_object_get(l, "unit")));
		}
		if (!oom && n) {
			struct sr_buf msg = SR_BUF_INIT(8192);
			size_t m = json_object_size(seen);

			sr_buf_addf(&msg,
				    "%zu lot%s of %zu material%s %s %s %s "
				    "date: %s",
				    n, n == 1 ? "" : "s", m, m == 1 ? "" : "s",
				    n == 1 ? "is" : "are", kinds[k].words,
				    n == 1 ? "its" : "their", names.data);
			if (shown > 5)
				sr_buf_addf(&msg, "; and %zu more", shown - 5);
			sr_json_push(warnings,
				     json_pack("{sssssO}", "code",
					       kinds[k].code, "message",
					       msg.data, "lots", ids),
				     &oom);
			sr_buf_release(&msg);
		}
		json_decref(ids);
		json_decref(seen);
		sr_buf_release(&names);
	}
	return oom ? sr_fail_oom(f) : SR_OK;
}

enum sr_err sr_stock(sr_store *s, const struct sr_stock_query *q,
		     struct sr_buf *out, struct sr_fail *f)
{
	json_t *products = NULL, *batches = NULL, *low = NULL, *doc = NULL;
	json_t *lots = NULL, *warnings = json_array();
	int64_t today = q->now / 86400;
	char until[11];
	int64_t limit = q->limit, total = 0;
	struct sr_db_storage storage;
	struct sr_tx *tx = NULL;
	bool no_mem = false;
	enum sr_err err;

	err = sr_rec_page(&limit, q->offset, f);
	if (!err && q->product_id < 0)
		err = sr_fail_set(f, SR_EINVAL, "out_of_range", "product_id",
				  "product_id must be an id");
	if (!err && (q->soon_days < 0 || q->soon_days > SR_STOCK_SOON_MAX))
		err = sr_fail_set(f, SR_EINVAL, "out_of_range", "soon_days",
				  "soon_days must be from 0 to %d",
				  SR_STOCK_SOON_MAX);
	if (!err && !warnings)
		err = sr_fail_oom(f);
	if (!err)
		err = sr_tx_begin(s, false, &tx, f);
	if (!err && q->product_id) {
		json_t *p = NULL;

		err = sr_db_get(tx, sr_resource(SR_RES_PRODUCT), q->product_id,
				&p, f);
		json_decref(p);
	}
	if (!err)
		err = sr_db_stock_products(tx, q->retired, &products, f);
	if (!err)
		err = sr_db_stock_batches(tx, q->product_id, limit, q->offset,
					  &batches, &total, f);
	if (!err)
		err = sr_db_stock_materials(tx, &low, f);
	if (!err)
		err = sr_db_storage(tx, &storage, f);
	if (!err) {
		sr_date_format(today + q->soon_days, until);
		err = sr_db_lots_expiring(tx, until, &lots, f);
	}
	if (!err)
		err = expiring(lots, today, warnings, f);
	err = sr_tx_finish(tx, err, f);
	if (err)
		goto out;
	doc = json_object();
	no_mem |= !doc;
	sr_json_put(doc, "products", json_incref(products), &no_mem);
	sr_json_put(doc, "batches",
		    json_pack("{sOsIsIsI}", "items", batches, "total",
			      (json_int_t)total, "limit", (json_int_t)limit,
			      "offset", (json_int_t)q->offset),
		    &no_mem);
	sr_json_put(doc, "low_materials", json_incref(low), &no_mem);
	sr_json_put(doc, "storage", storage_json(&storage), &no_mem);
	sr_json_put(doc, "expiring_lots", json_incref(lots), &no_mem);
	sr_json_put(doc, "soon_days", json_integer(q->soon_days), &no_mem);
	sr_json_put(doc, "warnings", json_incref(warnings), &no_mem);
	err = no_mem ? sr_fail_oom(f) : sr_json_dump(doc, out, 0);
out:
	json_decref(lots);
	json_decref(warnings);
	json_decref(products);
	json_decref(batches);
	json_decref(low);
	json_decref(doc);
	return err;
}

/*
 * Add a customer's quantity to customers (an array, in the order first
 * seen), found through index ({"<customer id>": position}, jansson's hash
 * table) rather than by a search. c is a new entry for the customer,
 * stolen: appended when the customer is new, else only its quantity used.
 */
static enum sr_err tally(json_t *customers, json_t *index, json_t *c,
			 struct sr_fail *f)
{
	char key[24];
	json_t *at, *have;

	if (!c)
		return sr_fail_oom(f);
	snprintf(key, sizeof(key), "%" PRId64, get_int(c, "customer_id"));
	at = json_object_get(index, key);
	if (!at) {
		if (json_object_set_new(index, key,
					json_integer((json_int_t)json_array_size(
						customers))) ||
		    json_array_append_new(customers, c))
			return sr_fail_oom(f);
		return SR_OK;
	}
	have = json_array_get(customers, (size_t)json_integer_value(at));
	if (json_object_set_new(have, "quantity",
				json_integer(get_int(have, "quantity") +
					     get_int(c, "quantity")))) {
		json_decref(c);
		return sr_fail_oom(f);
	}
	json_decref(c);
	return SR_OK;
}

size_t sr_trace_key(const char *text, char *out)
{
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p == ' ' || *p == '-' || *p == '_')
			continue;
		/* ASCII only, as SQLite's upper() without ICU does. */
		out[n++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
	}
	out[n] = '\0';
	return n;
}

/* The key of text, allocated with room for 4 more bytes; free() it. */
static char *key_new(const char *text, struct sr_fail *f)
{
	char *k = malloc(strlen(text) + 5);

	if (!k)
		sr_fail_oom(f);
	else
		sr_trace_key(text, k);
	return k;
}

static size_t shared_prefix(const char *a, const char *b)
{
	size_t n = 0;

	while (a[n] && a[n] == b[n])
		n++;
	return n;
}

/* How many to suggest, and how many neighbours each side to look at. */
#define SUGGEST_MAX 5

struct near {
	const char *key, *name;
	unsigned dist;
	size_t prefix;
};

static int near_cmp(const void *pa, const void *pb)
{
	const struct near *a = pa, *b = pb;

	if (a->dist != b->dist)
		return a->dist < b->dist ? -1 : 1;
	if (a->prefix != b->prefix)
		return a->prefix > b->prefix ? -1 : 1;
	return strcmp(a->key, b->key);
}

/*
 * The stored lots (or batch codes) to suggest for key, which matched
 * none: an array of up to SUGGEST_MAX stored spellings, closest first.
 *
 * The candidates are the SUGGEST_MAX keys just before key and the
 * SUGGEST_MAX just after it in key order, two index range reads however
 * many lots there are. Those are the keys that share the longest prefix
 * with it, so a slip near the end ("VM-2211-C" for "VM-2211-B"), a missing
 * or extra last character, or the start of a lot typed alone are found; a
 * slip in the first characters mostly is not. A candidate is kept when
 * it is within 2 edits of key (Levenshtein, on the keys) or shares its
 * first 3 characters (all of key's, when shorter); the kept ones are in
 * order of fewest edits, then longest shared prefix, then key.
 */
static enum sr_err suggest(struct sr_tx *tx, bool codes, const char *key,
			   json_t **out, struct sr_fail *f)
{
	json_t *before = NULL, *after = NULL, *list = json_array();
	struct near cand[2 * SUGGEST_MAX];
	size_t n = 0, want = strlen(key) < 3 ? strlen(key) : 3;
	bool no_mem = !list;
	enum sr_err err;

	*out = NULL;
	err = sr_db_trace_near(tx, codes, false, key, SUGGEST_MAX, &before, f);
	if (!err)
		err = sr_db_trace_near(tx, codes, true, key, SUGGEST_MAX,
				       &after, f);
	for (int side = 0; !err && side < 2; side++) {
		json_t *rows = side ? after : before;

		for (size_t i = 0; i < json_array_size(rows) &&
				   n < 2 * SUGGEST_MAX;
		     i++) {
			json_t *r = json_array_get(rows, i);
			struct near c = {
				json_string_value(json_object_get(r, "key")),
				json_string_value(json_object_get(r, "name")),
				0, 0};

			if (!c.key || !c.name)
				continue;
			c.dist = (unsigned)sr_edit_distance(key, strlen(key), c.key,
							  strlen(c.key));
			c.prefix = shared_prefix(key, c.key);
			if (c.dist <= 2 || (want && c.prefix >= want))
				cand[n++] = c;
		}
	}
	if (!err) {
		qsort(cand, n, sizeof(*cand), near_cmp);
		for (size_t i = 0; i < n && i < SUGGEST_MAX; i++)
			sr_json_push(list, json_string(cand[i].name),
				     &no_mem);
		if (no_mem)
			err = sr_fail_oom(f);
	}
	json_decref(before);
	json_decref(after);
	if (err)
		json_decref(list);
	else
		*out = list;
	return err;
}

/* The recall record of one batch, inside tx. */
static enum sr_err trace_one(struct sr_tx *tx, int64_t batch_id, json_t **out,
			     struct sr_fail *f)
{
	json_t *batch = NULL, *product = NULL, *materials = NULL, *sales = NULL;
	json_t *customers = NULL, *index = NULL, *doc = NULL;
	bool no_mem = false;
	enum sr_err err;

	*out = NULL;
	err = sr_db_get(tx, sr_resource(SR_RES_BATCH), batch_id, &batch, f);
	if (!err)
		err = sr_db_get(tx, sr_resource(SR_RES_PRODUCT),
				get_int(batch, "product_id"), &product, f);
	if (!err)
		err = sr_db_trace_materials(tx, batch_id, &materials, f);
	if (!err)
		err = sr_db_trace_sales(tx, batch_id, &sales, f);
	if (err)
		goto fail;
	/* Each customer once, with how many they received. */
	customers = json_array();
	index = json_object();
	if (!customers || !index)
		err = sr_fail_oom(f);
	for (size_t i = 0; !err && i < json_array_size(sales); i++) {
		json_t *sale = json_array_get(sales, i);
		int64_t cid = get_int(sale, "customer_id");

		if (cid)
			err = tally(customers, index,
				    json_pack("{sIsOsOsOsI}", "customer_id",
					      (json_int_t)cid, "name",
					      json_object_get(sale,
							      "customer_name"),
					      "email",
					      json_object_get(sale, "email"),
					      "phone",
					      json_object_get(sale, "phone"),
					      "quantity",
					      (json_int_t)get_int(sale,
								  "quantity")),
				    f);
	}
	if (err)
		goto fail;
	doc = json_object();
	no_mem |= !doc;
	sr_json_put(doc, "batch", sr_rec_output(batch), &no_mem);
	sr_json_put(doc, "product",
		    json_pack("{sOsO}", "id", json_object_get(product, "id"),
			      "name", json_object_get(product, "name")),
		    &no_mem);
	sr_json_put(doc, "materials", json_incref(materials), &no_mem);
	sr_json_put(doc, "sales", json_incref(sales), &no_mem);
	sr_json_put(doc, "customers", json_incref(customers), &no_mem);
	if (no_mem)
		err = sr_fail_oom(f);
fail:
	json_decref(index);
	json_decref(batch);
	json_decref(product);
	json_decref(materials);
	json_decref(sales);
	json_decref(customers);
	if (err)
		json_decref(doc);
	else
		*out = doc;
	return err;
}

enum sr_err sr_trace_batch(sr_store *s, int64_t batch_id, struct sr_buf *out,
			   struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	json_t *doc = NULL;
	enum sr_err err;

	err = sr_tx_begin(s, false, &tx, f);
	if (!err)
		err = trace_one(tx, batch_id, &doc, f);
	err = sr_tx_finish(tx, err, f);
	if (!err)
		err = sr_json_dump(doc, out, 0);
	json_decref(doc);
	return err;
}

/* "A, B, C" from an array of strings, into b (bounded; for a message). */
static void name_list(const json_t *names, struct sr_buf *b)
{
	for (size_t i = 0; i < json_array_size(names); i++)
		sr_buf_addf(b, "%s%.64s", i ? ", " : "",
			    json_string_value(json_array_get(names, i)));
}

enum sr_err sr_trace_code(sr_store *s, const char *code, struct sr_buf *out,
			  struct sr_fail *f)
{
	struct sr_db_ids ids = {0};
	struct sr_buf near = SR_BUF_INIT(1024);
	struct sr_tx *tx = NULL;
	json_t *doc = NULL, *sugg = NULL;
	char *key = key_new(code, f);
	int64_t id = 0;
	enum sr_err err = key ? SR_OK : SR_ENOMEM;

	if (!err)
		err = sr_tx_begin(s, false, &tx, f);
	if (!err)
		err = sr_db_batch_by_code(tx, code, &id, f);
	/* No code is exactly it: the one code with its key, if one. */
	if (!err && !id && *key)
		err = sr_db_batches_by_code_key(tx, key, &ids, f);
	if (!err && !id && ids.n > 1)
		err = sr_fail_set(f, SR_ECONFLICT, "ambiguous", "code",
				  "more than one batch code reads as '%.64s'",
				  code);
	else if (!err && !id && ids.n == 1)
		id = ids.id[0];
	if (!err && !id) {
		err = *key ? suggest(tx, true, key, &sugg, f) : SR_OK;
		if (!err) {
			name_list(sugg, &near);
			err = sr_fail_set(f, SR_ENOTFOUND, "not_found", "code",
					  "no batch has the code '%.64s'%s%s%s",
					  code,
					  json_array_size(sugg)
						  ? "; did you mean "
						  : "",
					  near.data,
					  json_array_size(sugg) ? "?" : "");
		}
	}
	if (!err)
		err = trace_one(tx, id, &doc, f);
	err = sr_tx_finish(tx, err, f);
	if (!err)
		err = sr_json_dump(doc, out, 0);
	sr_db_ids_release(&ids);
	sr_buf_release(&near);
	json_decref(sugg);
	json_decref(doc);
	free(key);
	return err;
}

enum sr_err sr_trace_lot(sr_store *s, const char *lot, struct sr_buf *out,
			 struct sr_fail *f)
{
	json_t *batches = json_array(), *customers = json_array();
	json_t *index = json_object(), *doc = NULL, *names = NULL;
	json_t *spellings = json_array(), *sugg = NULL;
	struct sr_db_ids ids = {0};
	struct sr_tx *tx = NULL;
	bool no_mem = !batches || !customers || !index || !spellings;
	char *key = key_new(lot, f);
	enum sr_err err = key ? SR_OK : SR_ENOMEM;

	if (!err && !*key)
		err = sr_fail_set(f, SR_EINVAL, "bad_value", "lot",
				  "a lot needs a letter or a digit, not only "
				  "spaces, '-' or '_'");
	if (!err)
		err = sr_tx_begin(s, false, &tx, f);
	if (!err)
		err = sr_db_trace_lot(tx, key, &ids, f);
	for (size_t i = 0; !err && i < ids.n; i++) {
		json_t *one = NULL, *cs;

		err = trace_one(tx, ids.id[i], &one, f);
		if (err)
			break;
		/* Gather every customer of every batch, each once. */
		cs = json_object_get(one, "customers");
		for (size_t j = 0; !err && j < json_array_size(cs); j++)
			err = tally(customers, index,
				    json_deep_copy(json_array_get(cs, j)), f);
		sr_json_push(batches, one, &no_mem);
	}
	if (!err)
		err = sr_db_trace_lot_names(tx, key, &names, f);
	for (size_t i = 0; !err && i < json_array_size(names); i++)
		sr_json_push(spellings,
			     json_incref(json_object_get(
				     json_array_get(names, i), "lot")),
			     &no_mem);
	if (!err && !ids.n)
		err = suggest(tx, false, key, &sugg, f);
	err = sr_tx_finish(tx, err, f);
	if (!err) {
		doc = json_object();
		no_mem |= !doc;
		sr_json_put(doc, "lot", json_string(lot), &no_mem);
		sr_json_put(doc, "lots", json_incref(spellings), &no_mem);
		sr_json_put(doc, "batches", json_incref(batches), &no_mem);
		sr_json_put(doc, "customers", json_incref(customers), &no_mem);
		sr_json_put(doc, "suggestions",
			    sugg ? json_incref(sugg) : json_array(), &no_mem);
		err = no_mem ? sr_fail_oom(f) : sr_json_dump(doc, out, 0);
	}
	sr_db_ids_release(&ids);
	json_decref(index);
	json_decref(batches);
	json_decref(customers);
	json_decref(names);
	json_decref(spellings);
	json_decref(sugg);
	json_decref(doc);
	free(key);
	return err;
}

/* The highest code point, in UTF-8: after every key with a prefix. */
#define KEY_TOP "\xf4\x8f\xbf\xbf"

enum sr_err sr_lots(sr_store *s, const struct sr_lots_query *q,
		    struct sr_buf *out, struct sr_fail *f)
{
	json_t *rows = NULL, *doc = NULL;
	int64_t limit = q->limit, total = 0;
	struct sr_tx *tx = NULL;
	char *from = key_new(q->q ? q->q : "", f), *to = NULL;
	enum sr_err err = from ? SR_OK : SR_ENOMEM;

	if (!err)
		err = sr_rec_page(&limit, q->offset, f);
	if (!err) {
		to = malloc(strlen(from) + sizeof(KEY_TOP));
		if (!to)
			err = sr_fail_oom(f);
		else
			snprintf(to, strlen(from) + sizeof(KEY_TOP), "%s%s",
				 from, KEY_TOP);
	}
	if (!err)
		err = sr_tx_begin(s, false, &tx, f);
	if (!err)
		err = sr_db_lots(tx, from, to, limit, q->offset, &rows, &total,
				 f);
	err = sr_tx_finish(tx, err, f);
	if (!err) {
		doc = json_pack("{sOsIsIsI}", "items", rows, "total",
				(json_int_t)total, "limit", (json_int_t)limit,
				"offset", (json_int_t)q->offset);
		err = doc ? sr_json_dump(doc, out, 0) : sr_fail_oom(f);
	}
	json_decref(rows);
	json_decref(doc);
	free(from);
	free(to);
	return err;
}
