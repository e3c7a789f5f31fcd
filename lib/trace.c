/*
 * trace.c - views derived from the records: finished stock and storage,
 * and the recall list from a batch or a supplier's lot to every customer.
 */
#include "compat.h"

#include "json.h"
#include "records-int.h"

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

enum sr_err sr_stock(sr_store *s, const struct sr_stock_query *q,
		     struct sr_buf *out, struct sr_fail *f)
{
	json_t *products = NULL, *batches = NULL, *low = NULL, *doc = NULL;
	int64_t limit = q->limit, total = 0;
	struct sr_db_storage storage;
	struct sr_tx *tx = NULL;
	bool no_mem = false;
	enum sr_err err;

	err = sr_rec_page(&limit, q->offset, f);
	if (!err && q->product_id < 0)
		err = sr_fail_set(f, SR_EINVAL, "out_of_range", "product_id",
				  "product_id must be an id");
	if (!err)
		err = sr_tx_begin(s, false, &tx, f);
	if (!err && q->product_id) {
		json_t *p = NULL;

		err = sr_db_get(tx, sr_resource(SR_RES_PRODUCT), q->product_id,
				&p, f);
		json_decref(p);
	}
	if (!err)
		err = sr_db_stock_products(tx, &products, f);
	if (!err)
		err = sr_db_stock_batches(tx, q->product_id, limit, q->offset,
					  &batches, &total, f);
	if (!err)
		err = sr_db_stock_materials(tx, &low, f);
	if (!err)
		err = sr_db_storage(tx, &storage, f);
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
	err = no_mem ? sr_fail_oom(f) : sr_json_dump(doc, out, 0);
out:
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

enum sr_err sr_trace_code(sr_store *s, const char *code, struct sr_buf *out,
			  struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	json_t *doc = NULL;
	int64_t id = 0;
	enum sr_err err;

	err = sr_tx_begin(s, false, &tx, f);
	if (!err)
		err = sr_db_batch_by_code(tx, code, &id, f);
	if (!err && !id)
		err = sr_fail_set(f, SR_ENOTFOUND, "not_found", "code",
				  "no batch has the code '%.64s'", code);
	if (!err)
		err = trace_one(tx, id, &doc, f);
	err = sr_tx_finish(tx, err, f);
	if (!err)
		err = sr_json_dump(doc, out, 0);
	json_decref(doc);
	return err;
}

enum sr_err sr_trace_lot(sr_store *s, const char *lot, struct sr_buf *out,
			 struct sr_fail *f)
{
	json_t *batches = json_array(), *customers = json_array();
	json_t *index = json_object(), *doc = NULL;
	struct sr_db_ids ids = {0};
	struct sr_tx *tx = NULL;
	bool no_mem = !batches || !customers || !index;
	enum sr_err err;

	err = sr_tx_begin(s, false, &tx, f);
	if (!err)
		err = sr_db_trace_lot(tx, lot, &ids, f);
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
	err = sr_tx_finish(tx, err, f);
	if (!err) {
		doc = json_object();
		no_mem |= !doc;
		sr_json_put(doc, "lot", json_string(lot), &no_mem);
		sr_json_put(doc, "batches", json_incref(batches), &no_mem);
		sr_json_put(doc, "customers", json_incref(customers), &no_mem);
		err = no_mem ? sr_fail_oom(f) : sr_json_dump(doc, out, 0);
	}
	sr_db_ids_release(&ids);
	json_decref(index);
	json_decref(batches);
	json_decref(customers);
	json_decref(doc);
	return err;
}
