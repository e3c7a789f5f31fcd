/*
 * quote.c - quotes of custom orders (quote.h): the records core's rules
 * for the "quotes" resource (what a new quote says, worked out in its
 * write transaction, and nothing changed after), the route that asks the
 * planner for a delivery date first, accepting and withdrawing, and the
 * quote as a PDF through doc.c.
 */
#include "compat.h"

#include <inttypes.h>
#include <stdio.h>

#include "json.h"
#include "records-int.h"
#include "smallrun/records.h"
#include "smallrun/doc.h"
#include "smallrun/econ.h"
#include "smallrun/planner.h"
#include "smallrun/quote.h"
#include "smallrun/vat.h"

/* The fields a quote keeps as it was sent. */
static const char *const sent_fields[] = {
	"order_id", "price", "valid_until", "delivery_on", "terms",
};

/* The day a quote is made, accepted or judged expired: the records'
 * day of now, as a sale's, a receipt's and an invoice's (rules.c,
 * goods-in.c, invoice.c). */
static int64_t day_of_now(int64_t now)
{
	return now / 86400;
}

/* A rate that may be null: SR_VAT_UNSET for none. */
static int rate_of(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_integer(v) ? (int)json_integer_value(v) : SR_VAT_UNSET;
}

/*
 * The price of order (product its product or NULL) from its costs: the
 * cost made to order (econ.h) marked up by markup_pct; 0 when neither
 * materials nor time are known.
 */
static int64_t costing(const json_t *settings, const json_t *order,
		       const json_t *product)
{
	struct sr_econ_workshop w = {
		.hourly_rate = sr_json_int(settings, "hourly_rate"),
		.overhead_per_hour = sr_json_int(settings, "overhead_per_hour"),
	};
	struct sr_econ_product p = {0};
	int64_t qty = sr_json_int(order, "quantity");
	int64_t minutes = sr_json_int(order, "estimated_minutes");
	int64_t cost;

	if (product) {
		p.material_cost = sr_product_material_cost(product, NULL) * qty;
		if (!minutes)
			minutes =
				sr_json_int(product, "minutes_per_unit") * qty;
	}
	if (!minutes && !p.material_cost)
		return 0;
	/* The whole order as one piece made on its own. */
	if (!sr_econ_unit_cost(&w, &p, minutes, 1, &cost))
		return 0;
	return sr_econ_muldiv(cost, 100 + sr_json_int(settings, "markup_pct"),
			      100);
}

static enum sr_err set(json_t *row, const char *key, json_t *v,
		       struct sr_fail *f)
{
	return v && !json_object_set_new(row, key, v) ? SR_OK : sr_fail_oom(f);
}

/* What a new quote says, worked out in its transaction. */
static enum sr_err fill(struct sr_tx *tx, json_t *row, int64_t now,
			struct sr_fail *f)
{
	json_t *order = NULL, *settings = NULL, *product = NULL;
	struct sr_vat_line vat;
	int64_t today = day_of_now(now), price;
	const char *source = "agreed";
	int bp;
	enum sr_err err;

	err = sr_get_ref(tx, SR_RES_ORDER, row, "order_id", &order, f);
	if (!err)
		err = sr_db_get(tx, sr_resource(SR_RES_SETTINGS), 1, &settings,
				f);
	if (!err && json_is_integer(json_object_get(order, "product_id")))
		err = sr_get_ref(tx, SR_RES_PRODUCT, order, "product_id",
				 &product, f);
	if (err)
		goto out;
	if (json_is_integer(json_object_get(row, "price"))) {
		price = sr_json_int(row, "price");
	} else if (sr_json_int(order, "price") > 0) {
		price = sr_json_int(order, "price");
	} else {
		price = costing(settings, order, product);
		source = "costing";
		if (!price) {
			err = sr_fail_set(
				f, SR_ECONFLICT, "no_price", "price",
				"order %" PRId64 " has no agreed price, and "
				"neither an estimated time nor a product with "
				"a material cost to work one out from: give "
				"the quote a price, or the order an estimated "
				"time",
				sr_json_int(order, "id"));
			goto out;
		}
	}
	bp = sr_vat_rate(
		json_is_string(json_object_get(settings, "vat_number")),
		(int)sr_json_int(settings, "vat_bp"),
		product ? rate_of(product, "vat_bp") : SR_VAT_UNSET,
		rate_of(order, "vat_bp"));
	if (!sr_vat_line(1, price, bp, &vat)) {
		err = sr_fail_set(f, SR_EINVAL, "out_of_range", "price",
				  "the price is too large to quote");
		goto out;
	}
	err = set(row, "issued_on", sr_json_date(today), f);
	if (!err && sr_json_day(row, "valid_until", -1) < 0)
		err = set(
			row, "valid_until",
			sr_json_date(today + sr_json_int(settings, "quote_days")),
			f);
	if (!err && !json_is_string(json_object_get(row, "delivery_on")))
		err = set(row, "delivery_on",
			  json_deep_copy(json_object_get(order, "due_date")),
			  f);
	if (!err && !json_is_string(json_object_get(row, "terms")) &&
	    json_is_string(json_object_get(settings, "quote_terms")))
		err = set(row, "terms",
			  json_deep_copy(
				  json_object_get(settings, "quote_terms")),
			  f);
	if (!err)
		err = set(row, "price", json_integer(price), f);
	if (!err)
		err = set(row, "price_source", json_string(source), f);
	if (!err)
		err = set(row, "vat_bp", json_integer(bp), f);
	if (!err)
		err = set(row, "vat", json_integer(vat.vat), f);
	if (!err)
		err = set(row, "status", json_string("open"), f);
	if (!err)
		err = set(row, "accepted_on", json_null(), f);
out:
	json_decref(order);
	json_decref(settings);
	json_decref(product);
	return err;
}

enum sr_err sr_quote_before_write(struct sr_tx *tx, json_t *row,
				  const json_t *old, int64_t now,
				  struct sr_fail *f)
{
	if (!old)
		return fill(tx, row, now, f);
	for (size_t i = 0; i < SR_ARRAY_SIZE(sent_fields); i++) {
		const json_t *a = json_object_get(row, sent_fields[i]);
		const json_t *b = json_object_get(old, sent_fields[i]);

		if (!json_equal(a ? a : json_null(), b ? b : json_null()))
			return sr_fail_set(f, SR_ECONFLICT, "quote_sent",
					   sent_fields[i],
					   "quote %" PRId64 " is kept as it "
					   "was sent: make a new quote of the "
					   "order to offer something else",
					   sr_json_int(old, "id"));
	}
	return SR_OK;
}

/* Set the status of quote id (row: as stored) to status; the row after. */
static enum sr_err set_status(struct sr_tx *tx, int64_t id, const char *status,
			      int64_t accepted_on, int64_t now, json_t **stored,
			      struct sr_fail *f)
{
	json_t *in = json_pack("{ss}", "status", status);
	enum sr_err err = in ? SR_OK : sr_fail_oom(f);

	if (!err && accepted_on >= 0)
		err = set(in, "accepted_on", sr_json_date(accepted_on), f);
	if (!err)
		err = sr_rec_update_in(tx, sr_resource(SR_RES_QUOTE), id, in,
				       now, stored, f);
	json_decref(in);
	return err;
}

/* Withdraw the open quotes of order order_id but quote keep (0: none). */
static enum sr_err withdraw_open(struct sr_tx *tx, int64_t order_id,
				 int64_t keep, int64_t now, struct sr_fail *f)
{
	json_t *open = NULL, *values[SR_MAX_FILTERS] = {NULL};
	int64_t total = 0;
	enum sr_err err;
	size_t i;
	json_t *q;

	values[0] = json_integer(order_id);
	values[1] = json_string("open");
	err = values[0] && values[1]
		      ? sr_db_list(tx, sr_resource(SR_RES_QUOTE), values,
				   SR_LIST_MAX, 0, &open, &total, f)
		      : sr_fail_oom(f);
	json_array_foreach(open, i, q)
	{
		json_t *after = NULL;

		if (err || sr_json_int(q, "id") == keep)
			continue;
		err = set_status(tx, sr_json_int(q, "id"), "withdrawn", -1, now,
				 &after, f);
		json_decref(after);
	}
	json_decref(values[0]);
	json_decref(values[1]);
	json_decref(open);
	return err;
}

enum sr_err sr_quote_follow_order(struct sr_tx *tx, json_t *row,
				  const json_t *old, int64_t now,
				  struct sr_fail *f)
{
	const char *was = old ? sr_json_str(old, "status") : NULL;
	const char *is = sr_json_str(row, "status");

	if (!was || strcmp(was, "quoted") || (is && !strcmp(is, "quoted")))
		return SR_OK;
	return withdraw_open(tx, sr_json_int(old, "id"), 0, now, f);
}

enum sr_err sr_quote_create(struct sr_tx *tx, const struct sr_resource *res,
			    const json_t *in, int64_t now, int64_t *id,
			    json_t **stored, struct sr_fail *f)
{
	json_t *order = NULL;
	int64_t valid = sr_json_day(in, "valid_until", -1);
	const char *status;
	enum sr_err err = SR_OK;

	/* Without an order, the record rules say what is missing. */
	if (json_is_integer(json_object_get(in, "order_id")))
		err = sr_get_ref(tx, SR_RES_ORDER, in, "order_id", &order, f);
	if (err)
		return err;
	status = order ? sr_json_str(order, "status") : NULL;
	if (status && strcmp(status, "quoted")) {
		err = sr_fail_set(f, SR_ECONFLICT, "order_not_quoted",
				  "order_id",
				  "order %" PRId64 " is %s: a quote is for an "
				  "order still waiting for a yes (set it back "
				  "to quoted to quote it again)",
				  sr_json_int(order, "id"), status);
		goto out;
	}
	if (valid >= 0 && valid < day_of_now(now)) {
		err = sr_fail_set(f, SR_EINVAL, "out_of_range", "valid_until",
				  "valid_until is in the past: a quote "
				  "stands until today or later");
		goto out;
	}
	err = sr_rec_create_in(tx, res, in, now, id, stored, f);
	if (err || !order)
		goto out;
	/* The order's open quotes before this one are withdrawn. */
	err = withdraw_open(tx, sr_json_int(order, "id"), *id, now, f);
out:
	json_decref(order);
	return err;
}

/* ---- the route, accepting and withdrawing ------------------------------ */

/* The earliest day the planner promises minutes of work at price, as
 * JSON text; NULL when it gives none. */
static json_t *promised(sr_store *s, int64_t minutes, int64_t price,
			int64_t today, int now_minute,
			const struct sr_plan_opts *opts)
{
	struct sr_buf body = SR_BUF_INIT(256), out = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	json_t *doc = NULL, *date = NULL;

	sr_buf_addf(&body, "{\"minutes\":%" PRId64 ",\"price\":%" PRId64 "}",
		    minutes, price);
	if (!body.err && !sr_planner_promise(s, today, now_minute, body.data,
					     body.len, opts, &out, &f))
		doc = json_loadb(out.data, out.len, 0, NULL);
	if (json_is_string(json_object_get(doc, "date")))
		date = json_deep_copy(json_object_get(doc, "date"));
	json_decref(doc);
	sr_fail_release(&f);
	sr_buf_release(&body);
	sr_buf_release(&out);
	return date;
}

enum sr_err sr_quote_make(sr_store *s, int64_t order_id, const char *body,
			  size_t len, int64_t today, int now_minute,
			  const struct sr_plan_opts *opts, int64_t now,
			  struct sr_buf *out, struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	json_t *in = NULL, *order = NULL;
	char *text = NULL;
	int64_t id = 0;
	enum sr_err err;

	in = len ? sr_json_parse_object(body, len, f) : json_object();
	if (!in)
		return f && f->err ? f->err : sr_fail_oom(f);
	if (json_object_get(in, "order_id")) {
		err = sr_fail_set(f, SR_EINVAL, "read_only", "order_id",
				  "the order is given by the path");
		goto out;
	}
	err = sr_tx_begin(s, false, &tx, f);
	if (!err)
		err = sr_db_get(tx, sr_resource(SR_RES_ORDER), order_id, &order,
				f);
	err = sr_tx_finish(tx, err, f);
	if (err)
		goto out;
	err = set(in, "order_id", json_integer(order_id), f);
	/* No date given and none due: what the planner can promise. */
	if (!err && !json_object_get(in, "delivery_on") &&
	    !json_is_string(json_object_get(order, "due_date")) &&
	    sr_json_int(order, "estimated_minutes") > 0 &&
	    !strcmp(sr_json_str(order, "status"), "quoted")) {
		json_t *date = promised(
			s, sr_json_int(order, "estimated_minutes"),
			sr_json_int(order, "price"), today, now_minute, opts);

		if (date)
			err = set(in, "delivery_on", date, f);
	}
	text = err ? NULL : json_dumps(in, JSON_COMPACT);
	if (!err && !text)
		err = sr_fail_oom(f);
	if (!err)
		err = sr_rec_create(s, SR_RES_QUOTE, text, strlen(text), now,
				    &id, out, f);
out:
	free(text);
	json_decref(in);
	json_decref(order);
	return err;
}

enum sr_err sr_quote_no_body(const char *body, size_t len, struct sr_fail *f)
{
	json_t *in = len ? sr_json_parse_object(body, len, f) : NULL;
	const char *key;
	enum sr_err err = SR_OK;

	if (len && !in)
		return f && f->err ? f->err : sr_fail_oom(f);
	key = in ? json_object_iter_key(json_object_iter(in)) : NULL;
	if (key)
		err = sr_fail_set(f, SR_EINVAL, "unknown_field", key,
				  "unknown field '%.40s'; accepting or "
				  "withdrawing a quote takes no fields",
				  key);
	json_decref(in);
	return err;
}

static enum sr_err not_open(const json_t *q, struct sr_fail *f)
{
	return sr_fail_set(f, SR_ECONFLICT, "quote_not_open", "status",
			   "quote %" PRId64 " is %s, not open",
			   sr_json_int(q, "id"), sr_json_str(q, "status"));
}

/* The checks before accepting quote q of order. */
static enum sr_err acceptable(const json_t *q, const json_t *order,
			      int64_t today, struct sr_fail *f)
{
	if (strcmp(sr_json_str(q, "status"), "open"))
		return not_open(q, f);
	if (sr_json_day(q, "valid_until", -1) < today)
		return sr_fail_set(
			f, SR_ECONFLICT, "quote_expired", "valid_until",
			"quote %" PRId64 " stood until %s: make a "
			"new quote of the order",
			sr_json_int(q, "id"), sr_json_str(q, "valid_until"));
	if (strcmp(sr_json_str(order, "status"), "quoted"))
		return sr_fail_set(
			f, SR_ECONFLICT, "order_not_quoted", "order_id",
			"order %" PRId64 " is %s already",
			sr_json_int(order, "id"), sr_json_str(order, "status"));
	return SR_OK;
}

enum sr_err sr_quote_accept(sr_store *s, int64_t id, int64_t now,
			    struct sr_buf *out, struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	json_t *q = NULL, *order = NULL, *in = NULL, *doc = NULL;
	json_t *quote = NULL, *after = NULL;
	int64_t today = day_of_now(now);
	enum sr_err err = sr_tx_begin(s, true, &tx, f);

	if (!err)
		err = sr_db_get(tx, sr_resource(SR_RES_QUOTE), id, &q, f);
	if (!err)
		err = sr_get_ref(tx, SR_RES_ORDER, q, "order_id", &order, f);
	if (!err)
		err = acceptable(q, order, today, f);
	if (!err)
		err = set_status(tx, id, "accepted", today, now, &quote, f);
	if (!err) {
		/* The order at the quote's price, due when it promised. */
		in = json_pack("{ss sO}", "status", "accepted", "price",
			       json_object_get(q, "price"));
		err = in ? SR_OK : sr_fail_oom(f);
	}
	if (!err && !json_is_string(json_object_get(order, "due_date")) &&
	    json_is_string(json_object_get(q, "delivery_on")))
		err = set(in, "due_date",
			  json_deep_copy(json_object_get(q, "delivery_on")), f);
	if (!err)
		err = sr_rec_update_in(tx, sr_resource(SR_RES_ORDER),
				       sr_json_int(order, "id"), in, now,
				       &after, f);
	err = sr_tx_finish(tx, err, f);
	if (!err) {
		doc = json_pack("{sOsO}", "quote", quote, "order", after);
		err = doc ? sr_rec_emit(doc, out, f) : sr_fail_oom(f);
	}
	json_decref(doc);
	json_decref(in);
	json_decref(q);
	json_decref(order);
	json_decref(quote);
	json_decref(after);
	return err;
}

enum sr_err sr_quote_withdraw(sr_store *s, int64_t id, int64_t now,
			      struct sr_buf *out, struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	json_t *q = NULL, *after = NULL;
	enum sr_err err = sr_tx_begin(s, true, &tx, f);

	if (!err)
		err = sr_db_get(tx, sr_resource(SR_RES_QUOTE), id, &q, f);
	if (!err && strcmp(sr_json_str(q, "status"), "open"))
		err = not_open(q, f);
	if (!err)
		err = set_status(tx, id, "withdrawn", -1, now, &after, f);
	err = sr_tx_finish(tx, err, f);
	if (!err)
		err = sr_rec_emit(after, out, f);
	json_decref(q);
	json_decref(after);
	return err;
}

/* ---- the PDF ------------------------------------------------------------ */

/* A date field as the documents write it, or NULL for none. */
static const char *doc_date(const json_t *o, const char *key, char *out,
			    size_t size)
{
	const char *s = sr_json_str(o, key);

	return s ? sr_doc_date(s, out, size) : NULL;
}

enum sr_err sr_quote_pdf(sr_store *s, int64_t id, int64_t now,
			 struct sr_buf *out, struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	json_t *q = NULL, *order = NULL, *customer = NULL, *settings = NULL;
	char issued[32], valid[32], delivery[40], stamp[64], ref[40];
	struct sr_buf to = SR_BUF_INIT(1024), what = SR_BUF_INIT(8192);
	struct sr_buf stands = SR_BUF_INIT(512);
	struct sr_doc_fact facts[3], notes[2];
	struct sr_doc_line line;
	struct sr_doc d = {0};
	const char *status, *email, *phone, *spec, *dated;
	int64_t qty, price;
	size_t n_notes = 0;
	enum sr_err err = sr_tx_begin(s, false, &tx, f);

	if (!err)
		err = sr_db_get(tx, sr_resource(SR_RES_QUOTE), id, &q, f);
	if (!err)
		err = sr_get_ref(tx, SR_RES_ORDER, q, "order_id", &order, f);
	if (!err)
		err = sr_get_ref(tx, SR_RES_CUSTOMER, order, "customer_id",
				 &customer, f);
	if (!err)
		err = sr_db_get(tx, sr_resource(SR_RES_SETTINGS), 1, &settings,
				f);
	err = sr_tx_finish(tx, err, f);
	if (err)
		goto out;

	snprintf(ref, sizeof(ref), "Quote Q-%" PRId64, id);
	facts[0] = (struct sr_doc_fact){
		"Date", doc_date(q, "issued_on", issued, sizeof(issued))};
	facts[1] = (struct sr_doc_fact){
		"Valid until",
		doc_date(q, "valid_until", valid, sizeof(valid))};
	dated = doc_date(q, "delivery_on", delivery, sizeof(delivery));
	facts[2] = (struct sr_doc_fact){"Delivery",
					dated ? dated : "to be agreed"};
	email = sr_json_str(customer, "email");
	phone = sr_json_str(customer, "phone");
	sr_buf_addf(&to, "%s%s%s", email ? email : "",
		    email && phone ? "\n" : "", phone ? phone : "");

	/* One line, the whole order: as many at a price each when the
	 * price divides, else the lot at its price. */
	qty = sr_json_int(order, "quantity");
	price = sr_json_int(q, "price");
	spec = sr_json_str(order, "spec");
	sr_buf_addf(&what, "%s", sr_json_str(order, "title"));
	if (spec)
		sr_buf_addf(&what, "\n%s", spec);
	if (qty > 1 && price % qty)
		sr_buf_addf(&what, "\n(%" PRId64 " pieces)", qty);
	line = (struct sr_doc_line){what.data, qty, price / qty,
				    (int)sr_json_int(q, "vat_bp"), price};
	if (qty > 1 && price % qty) {
		line.quantity = 1;
		line.unit_price = price;
	}

	sr_buf_addf(&stands,
		    "This quote stands until %s. To go ahead, say yes before "
		    "then%s.",
		    valid,
		    dated ? ", so that it is made for the delivery date above"
			  : "");
	if (sr_json_str(q, "terms"))
		notes[n_notes++] =
			(struct sr_doc_fact){"Terms", sr_json_str(q, "terms")};
	notes[n_notes++] = (struct sr_doc_fact){NULL, stands.data};

	status = sr_json_str(q, "status");
	stamp[0] = '\0';
	if (!strcmp(status, "accepted"))
		snprintf(stamp, sizeof(stamp), "Accepted %s",
			 doc_date(q, "accepted_on", issued, sizeof(issued)));
	else if (!strcmp(status, "withdrawn"))
		snprintf(stamp, sizeof(stamp), "Withdrawn");
	else if (sr_json_day(q, "valid_until", -1) < day_of_now(now))
		snprintf(stamp, sizeof(stamp), "Expired");

	d = (struct sr_doc){
		.title = "Quote",
		.reference = ref,
		.from_name = sr_json_str(settings, "workshop_name"),
		.from_address = sr_json_str(settings, "address"),
		.from_vat_number = sr_json_str(settings, "vat_number"),
		.to_name = sr_json_str(customer, "name"),
		.to_lines = to.len ? to.data : NULL,
		.facts = facts,
		.n_facts = SR_ARRAY_SIZE(facts),
		.lines = &line,
		.n_lines = 1,
		.currency = sr_json_str(settings, "currency"),
		.vat_shown = sr_json_str(settings, "vat_number") != NULL,
		.net = price,
		.vat = sr_json_int(q, "vat"),
		.gross = price + sr_json_int(q, "vat"),
		.stamp = stamp[0] ? stamp : NULL,
		.notes = notes,
		.n_notes = n_notes,
	};
	if (to.err || what.err || stands.err)
		err = sr_fail_oom(f);
	else
		err = sr_doc_pdf(&d, out, f);
out:
	sr_buf_release(&to);
	sr_buf_release(&what);
	sr_buf_release(&stands);
	json_decref(q);
	json_decref(order);
	json_decref(customer);
	json_decref(settings);
	return err;
}
