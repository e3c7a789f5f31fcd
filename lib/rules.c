/*
 * rules.c - what each resource requires beyond its single fields: batch
 * codes and dates, one running timer per worker, sales within a batch's
 * stock (what a material use takes off the shelf is stock.c's). Each runs
 * inside the write transaction of lib/records.c, before the row is stored.
 */
#include "compat.h"

#include "economics-int.h"
#include "json.h"
#include "resource.h"
#include "smallrun/date.h"
#include "smallrun/parse.h"
#include "db.h"

/* The last day and second a date or instant can hold: 9999-12-31. */
#define LAST_DAY INT64_C(2932896)
#define LAST_SECOND (LAST_DAY * 86400 + 86399)

static void set_instant(json_t *row, const char *key, int64_t secs)
{
	char when[21];

	sr_instant_format(secs, when);
	json_object_set_new(row, key, json_string(when));
}

static int64_t date_days(const json_t *o, const char *key)
{
	const char *s = sr_json_str(o, key);
	int64_t d = 0;

	if (s)
		sr_date_parse(s, strlen(s), &d);
	return d;
}

/* The row a reference field points at (resource.h; recipe.c's too). */
enum sr_err sr_get_ref(struct sr_tx *tx, enum sr_res r, const json_t *row,
		       const char *field, json_t **out, struct sr_fail *f)
{
	const struct sr_resource *res = sr_resource(r);
	int64_t id = sr_json_int(row, field);
	enum sr_err err = sr_db_get(tx, res, id, out, f);

	if (err == SR_ENOTFOUND)
		return sr_fail_set(f, SR_EINVAL, "unknown_reference", field,
				   "%s: no %s has id %" PRId64, field,
				   res->singular, id);
	return err;
}

/*
 * A batch code: up to four letters or digits of the product's name in
 * capitals, the run date, and a number counting that product's runs that
 * day: "SOUR-20261125-1".
 */
static enum sr_err batch_code(struct sr_tx *tx, const json_t *product,
			      const char *run_date, json_t *row,
			      struct sr_fail *f)
{
	const char *name = sr_json_str(product, "name");
	char prefix[32];
	size_t n = 0;
	int64_t last = 0;
	enum sr_err err;

	for (const char *p = name; p && *p && n < 4; p++) {
		char c = *p;

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
			prefix[n++] = c;
	}
	if (!n)
		n = (size_t)snprintf(prefix, sizeof(prefix), "P%" PRId64,
				     sr_json_int(product, "id"));
	snprintf(prefix + n, sizeof(prefix) - n, "-%.4s%.2s%.2s-", run_date,
		 run_date + 5, run_date + 8);
	err = sr_db_batch_code_max(tx, prefix, &last, f);
	if (err)
		return err;
	{
		char code[64];

		snprintf(code, sizeof(code), "%s%" PRId64, prefix, last + 1);
		if (json_object_set_new(row, "code", json_string(code)))
			return sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
					   "out of memory");
	}
	return SR_OK;
}

enum sr_err sr_batch_before_write(struct sr_tx *tx, json_t *row,
				  const json_t *old, int64_t now,
				  struct sr_fail *f)
{
	json_t *product = NULL;
	int64_t made = sr_json_int(row, "made_qty");
	int64_t rejected = sr_json_int(row, "rejected_qty");
	enum sr_err err;

	(void)now;
	if (old && sr_json_int(old, "product_id") != sr_json_int(row, "product_id"))
		return sr_fail_set(f, SR_EINVAL, "read_only", "product_id",
				   "a batch keeps its product (its code names "
				   "it); make a new batch instead");
	if (rejected > made)
		return sr_fail_set(f, SR_EINVAL, "out_of_range", "rejected_qty",
				   "rejected_qty (%" PRId64 ") cannot be more "
				   "than made_qty (%" PRId64 ")",
				   rejected, made);
	err = sr_get_ref(tx, SR_RES_PRODUCT, row, "product_id", &product, f);
	if (err)
		return err;
	if (json_is_null(json_object_get(row, "best_before")) &&
	    json_is_integer(json_object_get(product, "shelf_life_days")) &&
	    !old) {
		int64_t last = date_days(row, "run_date") +
			       sr_json_int(product, "shelf_life_days");
		char date[11];

		if (last > LAST_DAY) {
			err = sr_fail_set(f, SR_EINVAL, "out_of_range",
					  "run_date",
					  "run_date plus the product's shelf "
					  "life is after 9999-12-31");
			goto out;
		}
		sr_date_format(last, date);
		json_object_set_new(row, "best_before", json_string(date));
	}
	if (json_is_string(json_object_get(row, "best_before")) &&
	    date_days(row, "best_before") < date_days(row, "run_date")) {
		err = sr_fail_set(f, SR_EINVAL, "out_of_range", "best_before",
				  "best_before cannot be before run_date");
		goto out;
	}
	if (old) {
		int64_t sold = 0;

		err = sr_db_batch_sold(tx, sr_json_int(old, "id"), 0, &sold, f);
		if (!err && made - rejected < sold)
			err = sr_fail_set(
				f, SR_ECONFLICT, "below_sold", "made_qty",
				"%" PRId64 " of this batch are already sold; "
				"made_qty minus rejected_qty cannot go below "
				"that",
				sold);
	} else {
		err = batch_code(tx, product, sr_json_str(row, "run_date"), row, f);
	}
out:
	json_decref(product);
	return err;
}

enum sr_err sr_time_entry_before_write(struct sr_tx *tx, json_t *row,
				       const json_t *old, int64_t now,
				       struct sr_fail *f)
{
	int64_t most = sr_field_max(SR_RES_TIME_ENTRY, "minutes");
	bool has_order = json_is_integer(json_object_get(row, "order_id"));
	bool has_batch = json_is_integer(json_object_get(row, "batch_id"));
	const char *started, *ended;
	int64_t t0 = 0, t1 = 0;
	json_t *running = NULL;
	enum sr_err err = SR_OK;

	if (has_order == has_batch)
		return sr_fail_set(f, SR_EINVAL, "missing_field", "order_id",
				   "give either order_id or batch_id: the "
				   "time is spent on one order or one batch");
	if (!json_is_string(json_object_get(row, "started_at")))
		set_instant(row, "started_at", now);
	started = sr_json_str(row, "started_at");
	sr_instant_parse(started, strlen(started), &t0);
	ended = sr_json_str(row, "ended_at");
	if (ended) {
		sr_instant_parse(ended, strlen(ended), &t1);
		if (t1 < t0)
			return sr_fail_set(f, SR_EINVAL, "out_of_range",
					   "ended_at",
					   "ended_at cannot be before "
					   "started_at");
		/* The clock decides the minutes unless they are given: a
		 * moved start or end with the old minutes left is a clock
		 * correction, and the minutes follow it. */
		bool moved = old &&
			     (!json_equal(json_object_get(row, "started_at"),
					  json_object_get(old, "started_at")) ||
			      !json_equal(json_object_get(row, "ended_at"),
					  json_object_get(old, "ended_at")));
		bool kept = old && json_equal(json_object_get(row, "minutes"),
					      json_object_get(old, "minutes"));

		if (!json_is_integer(json_object_get(row, "minutes")) ||
		    (old && json_is_null(json_object_get(old, "ended_at"))) ||
		    (moved && kept)) {
			if ((t1 - t0 + 30) / 60 > most)
				return sr_fail_set(
					f, SR_EINVAL, "out_of_range",
					"ended_at",
					"a time entry can be at most %" PRId64
					" minutes long",
					most);
			json_object_set_new(row, "minutes",
					    json_integer((t1 - t0 + 30) / 60));
		}
	} else if (json_is_integer(json_object_get(row, "minutes"))) {
		/* Time entered by hand: it ended that many minutes later. */
		t1 = t0 + sr_json_int(row, "minutes") * 60;
		if (t1 > LAST_SECOND)
			return sr_fail_set(f, SR_EINVAL, "out_of_range",
					   "minutes",
					   "the entry would end after "
					   "9999-12-31T23:59:59Z");
		set_instant(row, "ended_at", t1);
	} else {
		/* A running timer: at most one per worker. */
		err = sr_db_timers_running(tx, sr_json_str(row, "worker"),
					   &running, f);
		for (size_t i = 0; !err && i < json_array_size(running); i++) {
			json_t *r = json_array_get(running, i);

			if (!old || sr_json_int(r, "id") != sr_json_int(old, "id"))
				err = sr_fail_set(
					f, SR_ECONFLICT, "timer_running",
					"worker",
					"%s already has a timer running "
					"(entry %" PRId64 "); stop it first",
					sr_json_str(row, "worker"),
					sr_json_int(r, "id"));
		}
		json_decref(running);
	}
	return err;
}

/* A sale's refusals name the batch by its code, a product by number. */
static void name_batch(struct sr_fail *f, const json_t *batch)
{
	sr_fail_names(f, sr_resource(SR_RES_BATCH)->name, sr_json_int(batch, "id"),
		      sr_json_str(batch, "code"));
}

static void name_product(struct sr_fail *f, int64_t id)
{
	char name[40];

	snprintf(name, sizeof(name), "product %" PRId64, id);
	sr_fail_names(f, sr_resource(SR_RES_PRODUCT)->name, id, name);
}

enum sr_err sr_sale_before_write(struct sr_tx *tx, json_t *row,
				 const json_t *old, int64_t now,
				 struct sr_fail *f)
{
	int64_t most = sr_field_max(SR_RES_SALE, "price");
	int64_t quantity = sr_json_int(row, "quantity");
	int64_t each = sr_json_int(row, "price");
	json_t *batch = NULL;
	enum sr_err err = SR_OK;

	/* The total, quantity * price, is computed when read: keep it money. */
	if (each > 0 && quantity > most / each)
		return sr_fail_set(f, SR_EINVAL, "out_of_range", "price",
				   "quantity times price cannot be more than "
				   "%" PRId64,
				   most);
	if (!json_is_string(json_object_get(row, "sold_on"))) {
		char date[11];

		sr_date_format(now / 86400, date);
		json_object_set_new(row, "sold_on", json_string(date));
	}
	/* A sale from a batch is within that batch's stock (below), and one
	 * for an order is not from stock: neither is beyond it (sell.c). */
	if (json_is_integer(json_object_get(row, "batch_id")) ||
	    json_is_integer(json_object_get(row, "order_id")))
		json_object_set_new(row, "beyond_stock", json_integer(0));
	if (json_is_integer(json_object_get(row, "batch_id"))) {
		int64_t sold = 0, left;

		err = sr_get_ref(tx, SR_RES_BATCH, row, "batch_id", &batch, f);
		if (err)
			return err;
		if (!json_is_integer(json_object_get(row, "product_id")))
			json_object_set(row, "product_id",
					json_object_get(batch, "product_id"));
		else if (sr_json_int(row, "product_id") !=
			 sr_json_int(batch, "product_id")) {
			err = sr_fail_set(f, SR_EINVAL, "wrong_product",
					  "batch_id",
					  "batch %s is of product %" PRId64
					  ", not product %" PRId64,
					  sr_json_str(batch, "code"),
					  sr_json_int(batch, "product_id"),
					  sr_json_int(row, "product_id"));
			name_batch(f, batch);
			name_product(f, sr_json_int(batch, "product_id"));
			name_product(f, sr_json_int(row, "product_id"));
			goto out;
		}
		/* Dates as YYYY-MM-DD compare as text. */
		if (json_is_string(json_object_get(batch, "run_date")) &&
		    strcmp(sr_json_str(row, "sold_on"),
			   sr_json_str(batch, "run_date")) < 0) {
			err = sr_fail_set(f, SR_EINVAL, "sold_before_made",
					  "sold_on",
					  "batch %s was made on %s, so it "
					  "cannot have been sold on %s",
					  sr_json_str(batch, "code"),
					  sr_json_str(batch, "run_date"),
					  sr_json_str(row, "sold_on"));
			name_batch(f, batch);
			goto out;
		}
		err = sr_db_batch_sold(tx, sr_json_int(batch, "id"),
				       old ? sr_json_int(old, "id") : 0, &sold, f);
		left = sr_json_int(batch, "made_qty") -
		       sr_json_int(batch, "rejected_qty") - sold;
		if (!err && sr_json_int(row, "quantity") > left) {
			err = sr_fail_set(
				f, SR_ECONFLICT, "not_enough_stock", "quantity",
				"only %" PRId64 " left in batch %s",
				left < 0 ? 0 : left, sr_json_str(batch, "code"));
			name_batch(f, batch);
		}
	} else if (!json_is_integer(json_object_get(row, "product_id"))) {
		err = sr_fail_set(f, SR_EINVAL, "missing_field", "product_id",
				  "product_id is required (or give batch_id)");
	}
	/* No price given: the product's own. */
	if (!err && json_is_null(json_object_get(row, "price"))) {
		json_t *product = NULL;

		err = sr_get_ref(tx, SR_RES_PRODUCT, row, "product_id",
				 &product, f);
		if (!err) {
			each = sr_json_int(product, "price");
			json_object_set_new(row, "price", json_integer(each));
		}
		json_decref(product);
		if (!err && each > 0 && quantity > most / each)
			err = sr_fail_set(f, SR_EINVAL, "out_of_range",
					  "quantity",
					  "quantity times price cannot be "
					  "more than %" PRId64,
					  most);
	}
	if (!err)
		err = sr_sale_vat(tx, row, old, f);
out:
	json_decref(batch);
	return err;
}

/*
 * The part of a sale recorded beyond stock: the row itself when it is
 * marked, else the marked part among those sell.c wrote ("allocated").
 * *quantity 0 when none.
 */
static void beyond_part(const json_t *row, int64_t *sale_id, int64_t *quantity)
{
	const json_t *parts = json_object_get(row, "allocated"), *p;
	size_t i;

	*sale_id = sr_json_int(row, "id");
	*quantity = sr_json_int(row, "beyond_stock") ? sr_json_int(row, "quantity") : 0;
	json_array_foreach(parts, i, p)
	{
		if (sr_json_int(p, "beyond_stock")) {
			*sale_id = sr_json_int(p, "sale_id");
			*quantity = sr_json_int(p, "quantity");
		}
	}
}

enum sr_err sr_sale_warn(struct sr_tx *tx, const json_t *row, int64_t now,
			 json_t *warnings, struct sr_fail *f)
{
	int64_t each = sr_json_int(row, "price"), cost, beyond_id, beyond;
	char price[SR_MONEY_TEXT_SIZE], floor[SR_MONEY_TEXT_SIZE];
	char loss[SR_MONEY_TEXT_SIZE], msg[400];
	bool known, no_mem = false;
	enum sr_err err;

	beyond_part(row, &beyond_id, &beyond);
	if (beyond) {
		snprintf(msg, sizeof(msg),
			 "%" PRId64 " of this sale %s not on hand, and %s "
			 "recorded all the same as sale %" PRId64
			 ", marked beyond stock. It has no batch, so a recall "
			 "will not find this customer: give it its batch once "
			 "that is recorded",
			 beyond, beyond == 1 ? "was" : "were",
			 beyond == 1 ? "is" : "are", beyond_id);
		sr_json_push(warnings,
			     json_pack("{s:s, s:s, s:I, s:I}", "code",
				       "beyond_stock", "message", msg,
				       "quantity", (json_int_t)beyond,
				       "sale_id", (json_int_t)beyond_id),
			     &no_mem);
		if (no_mem)
			return sr_fail_oom(f);
	}
	if (!json_is_integer(json_object_get(row, "product_id")) ||
	    !json_is_integer(json_object_get(row, "price")))
		return SR_OK;
	err = sr_economics_cost_of_one(tx, sr_json_int(row, "product_id"), now,
				       &cost, &known, f);
	if (err || !known || each >= cost)
		return err;
	sr_money_format(each, price);
	sr_money_format(cost, floor);
	sr_money_format(cost - each, loss);
	snprintf(msg, sizeof(msg),
		 "Sold at %s each, below the %s one costs to make (the price "
		 "floor on the Numbers page): each one sold this way loses %s",
		 price, floor, loss);
	sr_json_push(warnings,
		     json_pack("{s:s, s:s, s:I, s:I}", "code", "below_cost",
			       "message", msg, "price", (json_int_t)each,
			       "cost_of_one", (json_int_t)cost),
		     &no_mem);
	return no_mem ? sr_fail_oom(f) : SR_OK;
}
