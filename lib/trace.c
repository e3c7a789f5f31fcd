/*
 * trace.c - views derived from the records: finished stock and storage,
 * and the recall list from a batch or a supplier's lot to every customer.
 */
#include "compat.h"

#include "json.h"
#include "records-int.h"

static enum sr_err oom(struct sr_fail *f)
{
	return sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
			   "out of memory");
}

static int64_t get_int(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

enum sr_err sr_stock(sr_store *s, struct sr_buf *out, struct sr_fail *f)
{
	json_t *products = NULL, *batches = NULL, *low = NULL, *storage = NULL;
	json_t *doc = NULL, *st, *json_storage;
	struct sr_tx *tx = NULL;
	bool no_mem = false;
	int64_t used, cap;
	enum sr_err err;

	err = sr_tx_begin(s, false, &tx, f);
	if (!err)
		err = sr_tx_query(tx, SR_SQL_STOCK_PRODUCTS, json_array(),
				  &products, f);
	if (!err)
		err = sr_tx_query(tx, SR_SQL_STOCK_BATCHES, json_array(),
				  &batches, f);
	if (!err)
		err = sr_tx_query(tx, SR_SQL_STOCK_MATERIALS, json_array(),
				  &low, f);
	if (!err)
		err = sr_tx_query(tx, SR_SQL_STOCK_STORAGE, json_array(),
				  &storage, f);
	err = sr_tx_finish(tx, err, f);
	if (err)
		goto out;

	/* Each product lists its batches that still have stock. */
	for (size_t i = 0; i < json_array_size(products); i++) {
		json_t *p = json_array_get(products, i), *mine = json_array();

		for (size_t j = 0; j < json_array_size(batches); j++) {
			json_t *b = json_array_get(batches, j);

			if (get_int(b, "product_id") ==
			    get_int(p, "product_id"))
				sr_json_push(mine, json_incref(b), &no_mem);
		}
		sr_json_put(p, "batches", mine, &no_mem);
	}
	st = json_array_get(storage, 0);
	used = get_int(st, "used");
	cap = get_int(st, "capacity");
	json_storage = json_pack("{sIsIsIsb}", "used", (json_int_t)used,
				 "capacity", (json_int_t)cap, "free",
				 (json_int_t)(cap > used ? cap - used : 0),
				 "over", cap > 0 && used > cap);
	doc = json_object();
	no_mem |= !doc;
	sr_json_put(doc, "products", json_incref(products), &no_mem);
	sr_json_put(doc, "low_materials", json_incref(low), &no_mem);
	sr_json_put(doc, "storage", json_storage, &no_mem);
	err = no_mem ? oom(f) : sr_json_dump(doc, out, 0);
out:
	json_decref(products);
	json_decref(batches);
	json_decref(low);
	json_decref(storage);
	json_decref(doc);
	return err;
}

/* The recall record of one batch, inside tx. */
static enum sr_err trace_one(struct sr_tx *tx, int64_t batch_id, json_t **out,
			     struct sr_fail *f)
{
	json_t *batch = NULL, *product = NULL, *materials = NULL, *sales = NULL;
	json_t *customers = NULL, *doc = NULL;
	bool no_mem = false;
	enum sr_err err;

	*out = NULL;
	err = tx->ops->get(tx, sr_resource(SR_RES_BATCH), batch_id, &batch, f);
	if (!err)
		err = tx->ops->get(tx, sr_resource(SR_RES_PRODUCT),
				   get_int(batch, "product_id"), &product, f);
	if (!err)
		err = sr_tx_query(tx, SR_SQL_TRACE_MATERIALS,
				  json_pack("[I]", (json_int_t)batch_id),
				  &materials, f);
	if (!err)
		err = sr_tx_query(tx, SR_SQL_TRACE_SALES,
				  json_pack("[I]", (json_int_t)batch_id),
				  &sales, f);
	if (err)
		goto fail;
	/* Each customer once, with how many they received. */
	customers = json_array();
	no_mem = !customers;
	for (size_t i = 0; i < json_array_size(sales); i++) {
		json_t *sale = json_array_get(sales, i), *c = NULL;
		int64_t cid = get_int(sale, "customer_id");

		if (!cid)
			continue;
		for (size_t j = 0; j < json_array_size(customers); j++)
			if (get_int(json_array_get(customers, j),
				    "customer_id") == cid)
				c = json_array_get(customers, j);
		if (c) {
			json_object_set_new(
				c, "quantity",
				json_integer(get_int(c, "quantity") +
					     get_int(sale, "quantity")));
			continue;
		}
		c = json_pack("{sIsOsOsOsI}", "customer_id", (json_int_t)cid,
			      "name", json_object_get(sale, "customer_name"),
			      "email", json_object_get(sale, "email"), "phone",
			      json_object_get(sale, "phone"), "quantity",
			      (json_int_t)get_int(sale, "quantity"));
		sr_json_push(customers, c, &no_mem);
	}
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
		err = oom(f);
fail:
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
		err = sr_tx_query_int(tx, SR_SQL_BATCH_BY_CODE,
				      json_pack("[s]", code), &id, f);
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
	json_t *ids = NULL, *batches = json_array(), *customers = json_array();
	json_t *doc = NULL;
	struct sr_tx *tx = NULL;
	bool no_mem = !batches || !customers;
	enum sr_err err;

	err = sr_tx_begin(s, false, &tx, f);
	if (!err)
		err = sr_tx_query(tx, SR_SQL_TRACE_LOT, json_pack("[s]", lot),
				  &ids, f);
	for (size_t i = 0; !err && i < json_array_size(ids); i++) {
		json_t *one = NULL, *cs;

		err = trace_one(tx, get_int(json_array_get(ids, i), "batch_id"),
				&one, f);
		if (err)
			break;
		/* Gather every customer of every batch, each once. */
		cs = json_object_get(one, "customers");
		for (size_t j = 0; j < json_array_size(cs); j++) {
			json_t *c = json_array_get(cs, j), *have = NULL;

			for (size_t k = 0; k < json_array_size(customers); k++)
				if (get_int(json_array_get(customers, k),
					    "customer_id") ==
				    get_int(c, "customer_id"))
					have = json_array_get(customers, k);
			if (have)
				json_object_set_new(
					have, "quantity",
					json_integer(get_int(have, "quantity") +
						     get_int(c, "quantity")));
			else
				sr_json_push(customers, json_deep_copy(c),
					     &no_mem);
		}
		sr_json_push(batches, one, &no_mem);
	}
	err = sr_tx_finish(tx, err, f);
	if (!err) {
		doc = json_object();
		no_mem |= !doc;
		sr_json_put(doc, "lot", json_string(lot), &no_mem);
		sr_json_put(doc, "batches", json_incref(batches), &no_mem);
		sr_json_put(doc, "customers", json_incref(customers), &no_mem);
		err = no_mem ? oom(f) : sr_json_dump(doc, out, 0);
	}
	json_decref(ids);
	json_decref(batches);
	json_decref(customers);
	json_decref(doc);
	return err;
}
