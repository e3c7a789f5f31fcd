/*
 * sell.c - a sale from stock: a sale of a product made in batches, with
 * no batch and no order named, is allocated to the batches on hand
 * (allocate.c says which and how many) and written as one sale per batch
 * drawn on, each through sr_rec_create_in() and so checked against its
 * batch, audited, and found by a trace of that batch. More than is on
 * hand is refused (409 not_enough_stock, saying what is) unless the maker
 * asks with beyond_stock 1: then the rest is one more sale, with no batch,
 * marked beyond_stock. The sales resource's create hook (resource.h); all
 * of it inside the one write transaction, which excludes every other
 * writer (db.h), so two sales at once cannot both take the last loaf.
 */
#include "compat.h"

#include "allocate.h"
#include "json.h"
#include "records-int.h"
#include "smallrun/date.h"

/* The batches a refusal names in words; the rest are counted. */
#define NAMED_MAX 5

/* What a sale from stock needs to know, once from_stock() says it is one. */
struct sell {
	json_t *product;
	int64_t day;	  /* sold_on, or today */
	int64_t quantity; /* within the field's bounds */
	bool beyond;	  /* beyond_stock 1: record what is not on hand too */
};

/*
 * Is the sale (row: the whole sale, checked by sr_rec_prepare_in()) a
 * sale from stock? Not when it names a batch or an order; else by its
 * product's mode: batch, or both once the product has any batch. *yes
 * says; s is filled when it is.
 */
static enum sr_err from_stock(struct sr_tx *tx, const json_t *row,
			      struct sell *s, bool *yes, struct sr_fail *f)
{
	const struct sr_resource *batches = sr_resource(SR_RES_BATCH);
	const char *mode;
	int64_t nbatches = 0, ids[SR_DB_REF_IDS];
	size_t nids = 0;
	enum sr_err err = SR_OK;

	*yes = false;
	if (json_is_integer(json_object_get(row, "batch_id")) ||
	    json_is_integer(json_object_get(row, "order_id")) ||
	    !json_is_integer(json_object_get(row, "product_id")))
		goto out;
	s->quantity = sr_json_int(row, "quantity");
	s->day = sr_json_day(row, "sold_on", 0);
	s->beyond = sr_json_int(row, "beyond_stock") == 1;
	err = sr_db_get(tx, sr_resource(SR_RES_PRODUCT),
			sr_json_int(row, "product_id"), &s->product, f);
	if (err)
		goto out;
	mode = sr_json_str(s->product, "mode");
	if (mode && !strcmp(mode, "both"))
		err = sr_db_count_refs(
			tx, batches, sr_field_find(batches, "product_id"),
			sr_json_int(s->product, "id"), &nbatches, ids, &nids, f);
	*yes = !err && mode &&
	       (!strcmp(mode, "batch") ||
		(!strcmp(mode, "both") && nbatches > 0));
out:
	return err;
}

/* The stored batch row of id among rows (sr_db_sell_batches()). */
static const json_t *row_of(const json_t *rows, int64_t id)
{
	size_t i;
	json_t *r;

	json_array_foreach(rows, i, r)
	{
		if (sr_json_int(r, "batch_id") == id)
			return r;
	}
	return NULL;
}

/*
 * The refusal: 409 not_enough_stock on quantity, saying how many are on
 * hand and in which batches (the first NAMED_MAX by name), and how many
 * more are past their best-before; details {on_hand, quantity,
 * past_best_before, batches: [{batch_id, code, available, best_before}],
 * records} for a client to show and link.
 */
static enum sr_err refuse(const struct sell *s, const struct sr_alloc_batch *b,
			  size_t n, const json_t *rows, int64_t on_hand,
			  struct sr_fail *f)
{
	struct sr_buf where = SR_BUF_INIT(2048);
	json_t *d = json_object(), *list = json_array(), *recs = json_array();
	const char *name = sr_json_str(s->product, "name");
	int64_t past = 0, named = 0, more = 0;
	char day[11];
	bool oom = !d || !list || !recs;
	enum sr_err err;

	sr_date_format(s->day, day);
	for (size_t i = 0; i < n; i++) {
		const json_t *r = row_of(rows, b[i].id);
		const char *code = sr_json_str(r, "code");

		if (b[i].available > 0 && b[i].run_date <= s->day &&
		    b[i].best_before < s->day)
			past += b[i].available;
		if (!sr_alloc_on_hand(&b[i], s->day) || !code)
			continue;
		sr_json_push(list,
			     json_pack("{s:I, s:s, s:I, s:O}", "batch_id",
				       (json_int_t)b[i].id, "code", code,
				       "available", (json_int_t)b[i].available,
				       "best_before",
				       json_object_get(r, "best_before")),
			     &oom);
		if (named == NAMED_MAX) {
			more++;
			continue;
		}
		sr_buf_addf(&where, "%s%" PRId64 " in %s", named ? ", " : "",
			    b[i].available, code);
		sr_json_push(recs,
			     json_pack("{s:s, s:I, s:s}", "resource",
				       sr_resource(SR_RES_BATCH)->name, "id",
				       (json_int_t)b[i].id, "name", code),
			     &oom);
		named++;
	}
	if (more)
		sr_buf_addf(&where, " and %" PRId64 " more batch%s", more,
			    more == 1 ? "" : "es");
	if (on_hand)
		err = sr_fail_set(f, SR_ECONFLICT, "not_enough_stock",
				  "quantity",
				  "only %" PRId64 " of %s on hand on %s (%s), "
				  "not %" PRId64 "%s: sell fewer, or record "
				  "the rest beyond stock (beyond_stock 1)",
				  on_hand, name, day, where.data, s->quantity,
				  past ? ", besides some past their "
					 "best-before"
				       : "");
	else
		err = sr_fail_set(
			f, SR_ECONFLICT, "not_enough_stock", "quantity",
			"none of %s on hand on %s: no batch made by then has "
			"any left%s, so the %" PRId64 " can only be recorded "
			"beyond stock (beyond_stock 1)",
			name, day,
			past ? " that is not past its best-before" : "",
			s->quantity);
	sr_json_put(d, "on_hand", json_integer(on_hand), &oom);
	sr_json_put(d, "quantity", json_integer(s->quantity), &oom);
	sr_json_put(d, "past_best_before", json_integer(past), &oom);
	sr_json_put(d, "batches", list, &oom);
	sr_json_put(d, "records", recs, &oom);
	if (f && !oom && d) {
		sr_buf_reset(&f->details);
		if (sr_json_dump(d, &f->details, 0))
			sr_buf_reset(&f->details);
	}
	json_decref(d);
	sr_buf_release(&where);
	return err;
}

/*
 * Write one part of the sale: in with this batch (0: none) and quantity,
 * marked beyond stock or not. The first part written is the record the
 * answer shows (*id, *stored); each is listed in allocated as {sale_id,
 * batch_id, code, quantity, beyond_stock}.
 */
static enum sr_err put_part(struct sr_tx *tx, const struct sr_resource *res,
			    json_t *part, int64_t now, int64_t batch_id,
			    const char *code, int64_t quantity, bool beyond,
			    int64_t *id, json_t **stored, json_t *allocated,
			    struct sr_fail *f)
{
	json_t *row = NULL;
	int64_t got = 0;
	bool oom = false;
	enum sr_err err;

	sr_json_put(part, "batch_id",
		    batch_id ? json_integer(batch_id) : json_null(), &oom);
	sr_json_put(part, "quantity", json_integer(quantity), &oom);
	sr_json_put(part, "beyond_stock", json_integer(beyond), &oom);
	err = oom ? sr_fail_oom(f)
		  : sr_rec_create_in(tx, res, part, now, &got, &row, f);
	if (err)
		goto out;
	sr_json_push(allocated,
		     json_pack("{s:I, s:o, s:o, s:I, s:i}", "sale_id",
			       (json_int_t)got, "batch_id",
			       batch_id ? json_integer(batch_id) : json_null(),
			       "code", code ? json_string(code) : json_null(),
			       "quantity", (json_int_t)quantity, "beyond_stock",
			       beyond ? 1 : 0),
		     &oom);
	if (oom) {
		err = sr_fail_oom(f);
		goto out;
	}
	if (!*stored) {
		*id = got;
		*stored = row;
		row = NULL;
	}
out:
	json_decref(row);
	return err;
}

enum sr_err sr_sale_create(struct sr_tx *tx, const struct sr_resource *res,
			   const json_t *in, int64_t now, int64_t *id,
			   json_t **stored, struct sr_fail *f)
{
	struct sell s = {0};
	json_t *part = json_copy((json_t *)in), *rows = NULL, *allocated = NULL;
	json_t *whole = NULL;
	struct sr_alloc_batch *b = NULL;
	struct sr_alloc_part *parts = NULL;
	int64_t on_hand = 0, taken = 0;
	size_t n = 0, nparts = 0;
	bool yes = false;
	enum sr_err err;

	*stored = NULL;
	/* The whole sale checked first: a bad field is said before stock. */
	err = part ? sr_rec_prepare_in(tx, res, in, now, &whole, f)
		   : sr_fail_oom(f);
	if (!err)
		err = from_stock(tx, whole, &s, &yes, f);
	if (err)
		goto out;
	if (!yes) {
		/* Not from stock, so nothing of it is beyond stock. */
		if (json_is_integer(json_object_get(part, "beyond_stock")))
			json_object_set_new(part, "beyond_stock",
					    json_integer(0));
		err = sr_rec_create_in(tx, res, part, now, id, stored, f);
		goto out;
	}
	err = sr_db_sell_batches(tx, sr_json_int(s.product, "id"), &rows, f);
	if (err)
		goto out;
	n = json_array_size(rows);
	b = calloc(n ? n : 1, sizeof(*b));
	parts = calloc(n ? n : 1, sizeof(*parts));
	allocated = json_array();
	if (!b || !parts || !allocated) {
		err = sr_fail_oom(f);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const json_t *r = json_array_get(rows, i);

		b[i] = (struct sr_alloc_batch){
			sr_json_int(r, "batch_id"), sr_json_day(r, "run_date", 0),
			sr_json_day(r, "best_before", SR_ALLOC_KEEPS),
			sr_json_int(r, "available")};
	}
	err = sr_allocate(b, n, s.day, s.quantity, parts, &nparts, &on_hand,
			  &taken, f);
	if (!err && taken < s.quantity && !s.beyond)
		err = refuse(&s, b, n, rows, on_hand, f);
	for (size_t i = 0; !err && i < nparts; i++) {
		const struct sr_alloc_batch *from = &b[parts[i].batch];

		err = put_part(tx, res, part, now, from->id,
			       sr_json_str(row_of(rows, from->id), "code"),
			       parts[i].quantity, false, id, stored, allocated,
			       f);
	}
	if (!err && taken < s.quantity)
		err = put_part(tx, res, part, now, 0, NULL, s.quantity - taken,
			       true, id, stored, allocated, f);
	if (!err && json_object_set(*stored, "allocated", allocated))
		err = sr_fail_oom(f);
out:
	if (err) {
		json_decref(*stored);
		*stored = NULL;
	}
	json_decref(s.product);
	json_decref(whole);
	json_decref(part);
	json_decref(rows);
	json_decref(allocated);
	free(b);
	free(parts);
	return err;
}
