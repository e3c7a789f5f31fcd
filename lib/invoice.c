/*
 * invoice.c - invoices and receipts (invoice.h). An issue is one write
 * transaction: the records read, the lines and their VAT worked out, the
 * next number taken (sr_db_invoice_next(), under the writer lock that
 * every write transaction holds from its BEGIN), the invoice and its
 * lines stored, the audit log told. A refusal returns before anything is
 * written, and the transaction rolls back whatever came before it.
 */
#include "compat.h"

#include "db.h"
#include "json.h"
#include "records-int.h"
#include "resource.h"
#include "invoice-int.h"
#include "smallrun/csv.h"
#include "smallrun/date.h"
#include "smallrun/doc.h"
#include "smallrun/invoice.h"
#include "smallrun/parse.h"
#include "smallrun/records.h"
#include "smallrun/vat.h"

#define NOTES_MAX 4000

static void today(int64_t now, char date[11])
{
	sr_date_format(now / 86400, date);
}

/* A rate field of a record: its value, or SR_VAT_UNSET when null. */
static int bp_of(const json_t *row, const char *key)
{
	const json_t *v = json_object_get(row, key);

	return json_is_integer(v) ? (int)json_integer_value(v) : SR_VAT_UNSET;
}

/* What an issue is asked for, besides its lines' source. */
struct issue {
	json_t *doc; /* the parsed body */
	char issued[11], supply[11], due[11];
	bool supply_given, due_given;
	const char *notes;
	int64_t customer_id;
	const json_t *sale_ids;
};

/* body's date field key into out (when given and not null). */
static enum sr_err date_field(const json_t *doc, const char *key, char out[11],
			      bool *given, struct sr_fail *f)
{
	const json_t *v = json_object_get(doc, key);
	int64_t day;

	*given = false;
	if (!v || json_is_null(v))
		return SR_OK;
	if (!json_is_string(v) ||
	    sr_date_parse(json_string_value(v), json_string_length(v), &day))
		return sr_fail_set(f, SR_EINVAL, "bad_date", key,
				   "%s must be a date, YYYY-MM-DD", key);
	sr_date_format(day, out);
	*given = true;
	return SR_OK;
}

/* Is key one of the NULL-terminated keys? */
static bool one_of(const char *key, const char *const *keys)
{
	for (; *keys; keys++)
		if (!strcmp(key, *keys))
			return true;
	return false;
}

/* Refuse any key of doc but keys (what a body of kind takes). */
static enum sr_err only_keys(const json_t *doc, const char *const *keys,
			     const char *kind, struct sr_fail *f)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)doc, key, v)
	{
		char name[48];

		if (one_of(key, keys))
			continue;
		snprintf(name, sizeof(name), "%.40s", key);
		return sr_fail_set(f, SR_EINVAL, "unknown_field", name,
				   "%s does not take '%s'", kind, name);
	}
	return SR_OK;
}

/* The body (len 0: {}) as an object. */
static enum sr_err parse_body(const char *body, size_t len, json_t **doc,
			      struct sr_fail *f)
{
	*doc = len ? sr_json_parse_object(body, len, f) : json_object();
	if (*doc)
		return SR_OK;
	return f && f->err ? f->err : SR_ENOMEM;
}

/* The dates and notes of an issue's body; keys are what it takes. */
static enum sr_err issue_parse(const char *body, size_t len, int64_t now,
			       const char *const *keys, const char *kind,
			       struct issue *is, struct sr_fail *f)
{
	bool given = false;
	const json_t *v;
	enum sr_err err;

	memset(is, 0, sizeof(*is));
	err = parse_body(body, len, &is->doc, f);
	if (!err)
		err = only_keys(is->doc, keys, kind, f);
	today(now, is->issued);
	if (!err)
		err = date_field(is->doc, "issued_on", is->issued, &given, f);
	if (!err)
		err = date_field(is->doc, "supply_on", is->supply,
				 &is->supply_given, f);
	if (!err)
		err = date_field(is->doc, "due_on", is->due, &is->due_given,
				 f);
	if (!err && is->due_given && strcmp(is->due, is->issued) < 0)
		err = sr_fail_set(f, SR_EINVAL, "out_of_range", "due_on",
				  "an invoice cannot be due (%s) before it is "
				  "issued (%s)",
				  is->due, is->issued);
	v = json_object_get(is->doc, "notes");
	if (!err && v && !json_is_null(v)) {
		if (!json_is_string(v) || json_string_length(v) > NOTES_MAX)
			err = sr_fail_set(f, SR_EINVAL, "bad_type", "notes",
					  "notes are text of at most %d bytes",
					  NOTES_MAX);
		else
			is->notes = json_string_value(v);
	}
	return err;
}

/* What every invoice is issued with: the settings' figures. */
struct terms {
	bool registered;
	int standard_bp;
	int64_t days;
	json_t *settings;
};

static enum sr_err terms_read(struct sr_tx *tx, struct terms *t,
			      struct sr_fail *f)
{
	enum sr_err err = sr_db_get(tx, sr_resource(SR_RES_SETTINGS), 1,
				    &t->settings, f);

	if (err)
		return err;
	t->registered = json_is_string(
		json_object_get(t->settings, "vat_number"));
	t->standard_bp = bp_of(t->settings, "vat_bp");
	t->days = sr_json_int(t->settings, "invoice_days");
	return SR_OK;
}

/* ---- the rate a sale is made at -------------------------------------- */

/* The rate sale (as stored) is charged at on its receipt and invoices: the
 * one it was made at (0022), 0 when the workshop was not registered. */
static int sale_bp(const json_t *sale)
{
	int bp = bp_of(sale, "vat_bp");

	return bp == SR_VAT_UNSET ? 0 : bp;
}

enum sr_err sr_sale_vat(struct sr_tx *tx, json_t *row, const json_t *old,
			struct sr_fail *f)
{
	static const char *const from[] = {"product_id", "order_id"};
	json_t *product = NULL, *order = NULL;
	struct terms t = {0};
	bool again = !old;
	enum sr_err err;
	int bp;

	/* Its rate is the one it was made at: worked out again only when
	 * what it is a sale of changes. */
	for (size_t i = 0; old && i < SR_ARRAY_SIZE(from); i++) {
		const json_t *a = json_object_get(row, from[i]);
		const json_t *b = json_object_get(old, from[i]);

		again |= !json_equal(a ? a : json_null(), b ? b : json_null());
	}
	if (!again)
		return SR_OK;
	err = terms_read(tx, &t, f);
	if (!err)
		err = sr_get_ref(tx, SR_RES_PRODUCT, row, "product_id",
				 &product, f);
	if (!err && json_is_integer(json_object_get(row, "order_id")))
		err = sr_get_ref(tx, SR_RES_ORDER, row, "order_id", &order, f);
	if (!err) {
		bp = sr_vat_rate(t.registered, t.standard_bp,
				 bp_of(product, "vat_bp"),
				 order ? bp_of(order, "vat_bp") : SR_VAT_UNSET);
		if (json_object_set_new(row, "vat_bp",
					t.registered ? json_integer(bp)
						     : json_null()))
			err = sr_fail_oom(f);
	}
	json_decref(t.settings);
	json_decref(product);
	json_decref(order);
	return err;
}

/* Lines being made, and their sums. */
struct lines {
	json_t *list;
	int64_t net, vat;
};

static enum sr_err line_add(struct lines *ls, int64_t sale_id,
			    const char *what, int64_t qty, int64_t price, int bp,
			    struct sr_fail *f)
{
	struct sr_vat_line vl;
	json_t *l;

	if (!sr_vat_line(qty, price, bp, &vl) ||
	    ls->net + vl.net + ls->vat + vl.vat > SR_VAT_AMOUNT_MAX)
		return sr_fail_set(f, SR_EINVAL, "out_of_range", NULL,
				   "the invoice's figures are too large");
	l = json_pack("{sosssIsIsIsisI}", "sale_id",
		      sale_id ? json_integer(sale_id) : json_null(),
		      "description", what, "quantity", (json_int_t)qty,
		      "unit_price", (json_int_t)price, "net",
		      (json_int_t)vl.net, "vat_bp", bp, "vat",
		      (json_int_t)vl.vat);
	if (!l || json_array_append_new(ls->list, l))
		return sr_fail_oom(f);
	ls->net += vl.net;
	ls->vat += vl.vat;
	return SR_OK;
}

/* The status a stored invoice has today. */
static const char *status_of(const json_t *inv, const char *day)
{
	if (json_is_string(json_object_get(inv, "void_on")))
		return "void";
	if (json_is_string(json_object_get(inv, "paid_on")))
		return "paid";
	return strcmp(sr_json_str(inv, "due_on"), day) < 0 ? "overdue"
							   : "unpaid";
}

/*
 * Who a document is from, out of the settings: {name, address,
 * vat_number, payment_details}; an invoice's VAT number is its own (the
 * one it was issued with), a receipt's the settings' (vat NULL).
 */
static json_t *business(const json_t *set, const json_t *vat)
{
	return json_pack(
		"{sOsOsOsO}", "name", json_object_get(set, "workshop_name"),
		"address", json_object_get(set, "address"), "vat_number",
		vat ? vat : json_object_get(set, "vat_number"),
		"payment_details", json_object_get(set, "payment_details"));
}

/* Invoice id as sr_invoice_get() shows it, into *out. */
static enum sr_err invoice_doc(struct sr_tx *tx, int64_t id, int64_t now,
			       json_t **out, struct sr_fail *f)
{
	json_t *inv = NULL, *lines = NULL, *cust = NULL, *set = NULL;
	bool oom = false;
	char day[11];
	enum sr_err err;

	*out = NULL;
	today(now, day);
	err = sr_db_invoice_get(tx, id, &inv, f);
	if (!err && !inv)
		err = sr_fail_set(f, SR_ENOTFOUND, "not_found", NULL,
				  "no invoice has id %" PRId64, id);
	if (!err)
		err = sr_db_invoice_lines(tx, id, &lines, f);
	if (!err)
		err = sr_db_get(tx, sr_resource(SR_RES_CUSTOMER),
				sr_json_int(inv, "customer_id"), &cust, f);
	if (!err)
		err = sr_db_get(tx, sr_resource(SR_RES_SETTINGS), 1, &set, f);
	if (!err) {
		sr_json_put(inv, "status", json_string(status_of(inv, day)),
			    &oom);
		sr_json_put(inv, "vat_shown",
			    json_boolean(json_is_string(
				    json_object_get(inv, "vat_number"))),
			    &oom);
		sr_json_put(inv, "currency",
			    json_string(sr_json_str(set, "currency")), &oom);
		sr_json_put(inv, "customer", sr_rec_output(cust), &oom);
		sr_json_put(inv, "business",
			    business(set, json_object_get(inv, "vat_number")),
			    &oom);
		sr_json_put(inv, "lines", json_incref(lines), &oom);
		if (oom)
			err = sr_fail_oom(f);
	}
	if (!err)
		*out = json_incref(inv);
	json_decref(inv);
	json_decref(lines);
	json_decref(cust);
	json_decref(set);
	return err;
}

static enum sr_err emit(json_t *doc, struct sr_buf *out, struct sr_fail *f)
{
	if (sr_json_dump(doc, out, 0))
		return sr_fail_set(f, SR_ENOMEM, "internal", NULL,
				   "the answer could not be written");
	return SR_OK;
}

/* Store the invoice of lines to customer (order: 0 for none). */
static enum sr_err issue_store(struct sr_tx *tx, const struct issue *is,
			       const struct terms *t, int64_t customer_id,
			       int64_t order_id, const char *supply,
			       const struct lines *ls, int64_t now,
			       int64_t *id, struct sr_fail *f)
{
	int64_t number = 0, issued_day = 0;
	char due[11];
	json_t *inv = NULL, *after = NULL;
	enum sr_err err;

	if (is->due_given)
		snprintf(due, sizeof(due), "%s", is->due);
	else {
		sr_date_parse(is->issued, 10, &issued_day);
		sr_date_format(issued_day + t->days, due);
	}
	err = sr_db_invoice_next(tx, &number, f);
	if (err)
		return err;
	inv = json_pack(
		"{sIsIsossssssso sIsIsIso}", "number", (json_int_t)number,
		"customer_id", (json_int_t)customer_id, "order_id",
		order_id ? json_integer(order_id) : json_null(), "issued_on",
		is->issued, "supply_on", supply, "due_on", due, "vat_number",
		json_incref(json_object_get(t->settings, "vat_number")), "net",
		(json_int_t)ls->net, "vat", (json_int_t)ls->vat, "gross",
		(json_int_t)(ls->net + ls->vat), "notes",
		is->notes ? json_string(is->notes) : json_null());
	if (!inv)
		return sr_fail_oom(f);
	err = sr_db_invoice_add(tx, inv, now, id, f);
	for (size_t i = 0; !err && i < json_array_size(ls->list); i++)
		err = sr_db_invoice_line_add(tx, *id,
					     json_array_get(ls->list, i), now,
					     f);
	if (!err)
		err = sr_invoice_audit(tx, *id, "create", NULL, now, &after, f);
	json_decref(inv);
	json_decref(after);
	return err;
}

enum sr_err sr_invoice_audit(struct sr_tx *tx, int64_t id, const char *action,
			     const json_t *before, int64_t now, json_t **after,
			     struct sr_fail *f)
{
	enum sr_err err = sr_db_invoice_get(tx, id, after, f);

	if (!err)
		err = sr_audit_write(tx, "invoices", id, action, before,
				     *after, now, f);
	return err;
}

/* Say in f's details which invoice its message names. */
static void name_invoice(struct sr_fail *f, int64_t id, int64_t number)
{
	char name[40];

	snprintf(name, sizeof(name), "invoice %" PRId64, number);
	sr_fail_names(f, "invoices", id, name);
}

/* Refuse when an invoice that is not void already has the order or sale. */
static enum sr_err not_invoiced(struct sr_tx *tx, bool sale, int64_t ref,
				const char *field, struct sr_fail *f)
{
	int64_t number = 0, id = 0;
	enum sr_err err = sr_db_invoice_of(tx, sale, ref, true, &number, &id,
					   f);

	if (err || !number)
		return err;
	err = sr_fail_set(f, SR_ECONFLICT, "already_invoiced", field,
			  "%s %" PRId64 " is on invoice %" PRId64
			  "; void that invoice first to invoice it again",
			  sale ? "sale" : "order", ref, number);
	name_invoice(f, id, number);
	return err;
}

/* ---- from an order ------------------------------------------------------ */

static enum sr_err from_order_in(struct sr_tx *tx, int64_t order_id,
				 const struct issue *is, int64_t now,
				 int64_t *id, struct sr_fail *f)
{
	struct terms t = {0};
	struct lines ls = {json_array(), 0, 0};
	json_t *order = NULL, *product = NULL;
	struct sr_buf what = SR_BUF_INIT(8192);
	const char *status, *spec, *supply = is->issued;
	char day[11];
	int64_t qty, price, pid;
	enum sr_err err = ls.list ? SR_OK : sr_fail_oom(f);

	if (!err)
		err = sr_db_get(tx, sr_resource(SR_RES_ORDER), order_id, &order,
				f);
	if (err)
		goto out;
	status = sr_json_str(order, "status");
	if (!strcmp(status, "quoted") || !strcmp(status, "cancelled")) {
		err = sr_fail_set(f, SR_ECONFLICT, "bad_status", "status",
				  "order %" PRId64 " is %s; an order is "
				  "invoiced once it is accepted, in progress, "
				  "done or delivered",
				  order_id, status);
		goto out;
	}
	if (!sr_json_int(order, "customer_id")) {
		err = sr_fail_set(f, SR_ECONFLICT, "no_customer", "customer_id",
				  "order %" PRId64 " has no customer; give it "
				  "one to invoice it",
				  order_id);
		goto out;
	}
	err = not_invoiced(tx, false, order_id, NULL, f);
	if (!err)
		err = terms_read(tx, &t, f);
	pid = sr_json_int(order, "product_id");
	if (!err && pid)
		err = sr_db_get(tx, sr_resource(SR_RES_PRODUCT), pid, &product,
				f);
	if (err)
		goto out;
	sr_buf_add(&what, sr_json_str(order, "title"),
		   strlen(sr_json_str(order, "title")));
	spec = sr_json_str(order, "spec");
	if (spec && *spec) {
		sr_buf_add(&what, ", ", 2);
		sr_buf_add(&what, spec, strlen(spec));
	}
	if (what.err) {
		err = sr_fail_oom(f);
		goto out;
	}
	qty = sr_json_int(order, "quantity");
	price = sr_json_int(order, "price");
	if (qty < 1 || price % qty) {
		qty = 1;
	} else {
		price /= qty;
	}
	err = line_add(&ls, 0, what.data, qty, price,
		       sr_vat_rate(t.registered, t.standard_bp,
				   bp_of(product, "vat_bp"),
				   bp_of(order, "vat_bp")),
		       f);
	today(now, day);
	if (is->supply_given)
		supply = is->supply;
	else if (!strcmp(status, "done") || !strcmp(status, "delivered"))
		supply = day;
	if (!err)
		err = issue_store(tx, is, &t, sr_json_int(order, "customer_id"),
				  order_id, supply, &ls, now, id, f);
out:
	sr_buf_release(&what);
	json_decref(t.settings);
	json_decref(ls.list);
	json_decref(order);
	json_decref(product);
	return err;
}

/* Issue with fn in one write transaction; append the invoice made. */
static enum sr_err issue_answer(sr_store *s, int64_t now, struct sr_buf *out,
				struct sr_fail *f,
				enum sr_err (*fn)(struct sr_tx *, int64_t,
						  const struct issue *, int64_t,
						  int64_t *, struct sr_fail *),
				int64_t ref, const struct issue *is)
{
	struct sr_tx *tx = NULL;
	json_t *doc = NULL;
	int64_t id = 0;
	enum sr_err err = sr_tx_begin(s, true, &tx, f);

	if (!err)
		err = fn(tx, ref, is, now, &id, f);
	if (!err)
		err = invoice_doc(tx, id, now, &doc, f);
	err = sr_tx_finish(tx, err, f);
	if (!err)
		err = emit(doc, out, f);
	json_decref(doc);
	return err;
}

enum sr_err sr_invoice_from_order(sr_store *s, int64_t order_id,
				  const char *body, size_t len, int64_t now,
				  struct sr_buf *out, struct sr_fail *f)
{
	static const char *const keys[] = {"issued_on", "supply_on", "due_on",
					   "notes", NULL};
	struct issue is;
	enum sr_err err = issue_parse(body, len, now, keys,
				      "an invoice of an order", &is, f);

	if (!err)
		err = issue_answer(s, now, out, f, from_order_in, order_id,
				   &is);
	json_decref(is.doc);
	return err;
}

/* ---- from sales --------------------------------------------------------- */

/* Sale sale_id as line i of an invoice to customer_id, at the rate it was
 * made at; at none when the workshop is not registered now (an invoice
 * without a VAT number charges no VAT). */
static enum sr_err sale_line(struct sr_tx *tx, bool registered,
			     int64_t customer_id, size_t i, int64_t sale_id,
			     struct lines *ls, char sold_on[11], int64_t now,
			     struct sr_fail *f)
{
	json_t *sale = NULL, *product = NULL, *stored = NULL;
	const json_t *price;
	int64_t owner;
	char field[32];
	enum sr_err err;

	snprintf(field, sizeof(field), "sale_ids[%zu]", i);
	err = sr_db_get(tx, sr_resource(SR_RES_SALE), sale_id, &sale, f);
	if (err == SR_ENOTFOUND)
		err = sr_fail_set(f, SR_EINVAL, "unknown_reference", field,
				  "no sale has id %" PRId64, sale_id);
	if (err)
		goto out;
	owner = sr_json_int(sale, "customer_id");
	if (owner && owner != customer_id) {
		err = sr_fail_set(f, SR_ECONFLICT, "other_customer", field,
				  "sale %" PRId64 " is customer %" PRId64
				  "'s, not customer %" PRId64 "'s",
				  sale_id, owner, customer_id);
		goto out;
	}
	err = not_invoiced(tx, true, sale_id, field, f);
	if (!err)
		err = sr_db_get(tx, sr_resource(SR_RES_PRODUCT),
				sr_json_int(sale, "product_id"), &product, f);
	if (err)
		goto out;
	price = json_object_get(sale, "price");
	err = line_add(ls, sale_id, sr_json_str(product, "name"),
		       sr_json_int(sale, "quantity"),
		       json_is_integer(price) ? json_integer_value(price)
					      : sr_json_int(product, "price"),
		       registered ? sale_bp(sale) : 0, f);
	if (sr_json_str(sale, "sold_on"))
		snprintf(sold_on, 11, "%s", sr_json_str(sale, "sold_on"));
	/* A sale to no one becomes the customer's, as a write of it. */
	if (!err && !owner) {
		json_t *patch = json_pack("{sI}", "customer_id",
					  (json_int_t)customer_id);

		err = patch ? sr_rec_update_in(tx, sr_resource(SR_RES_SALE),
					       sale_id, patch, now, &stored, f)
			    : sr_fail_oom(f);
		json_decref(patch);
	}
out:
	json_decref(sale);
	json_decref(product);
	json_decref(stored);
	return err;
}

static enum sr_err from_sales_in(struct sr_tx *tx, int64_t customer_id,
				 const struct issue *is, int64_t now,
				 int64_t *id, struct sr_fail *f)
{
	struct terms t = {0};
	struct lines ls = {json_array(), 0, 0};
	json_t *cust = NULL;
	size_t n = json_array_size(is->sale_ids);
	char sold_on[11] = "";
	const char *supply = is->issued;
	enum sr_err err = ls.list ? SR_OK : sr_fail_oom(f);

	if (!err)
		err = sr_db_get(tx, sr_resource(SR_RES_CUSTOMER), customer_id,
				&cust, f);
	if (err == SR_ENOTFOUND)
		err = sr_fail_set(f, SR_EINVAL, "unknown_reference",
				  "customer_id", "no customer has id %" PRId64,
				  customer_id);
	if (!err)
		err = terms_read(tx, &t, f);
	for (size_t i = 0; !err && i < n; i++)
		err = sale_line(tx, t.registered, customer_id, i,
				json_integer_value(
					json_array_get(is->sale_ids, i)),
				&ls, sold_on, now, f);
	if (is->supply_given)
		supply = is->supply;
	else if (n == 1 && sold_on[0])
		supply = sold_on;
	if (!err)
		err = issue_store(tx, is, &t, customer_id, 0, supply, &ls, now,
				  id, f);
	json_decref(t.settings);
	json_decref(ls.list);
	json_decref(cust);
	return err;
}

/* The customer and the sales of a body for sr_invoice_from_sales(). */
static enum sr_err sales_parse(struct issue *is, struct sr_fail *f)
{
	const json_t *c = json_object_get(is->doc, "customer_id");
	const json_t *ids = json_object_get(is->doc, "sale_ids");
	size_t n;

	if (!json_is_integer(c) || json_integer_value(c) < 1)
		return sr_fail_set(f, SR_EINVAL, c ? "bad_type" : "required",
				   "customer_id",
				   "customer_id must be the id of a customer");
	is->customer_id = json_integer_value(c);
	if (!json_is_array(ids))
		return sr_fail_set(f, SR_EINVAL, ids ? "bad_type" : "required",
				   "sale_ids",
				   "sale_ids must be a list of the ids of "
				   "the sales to invoice");
	n = json_array_size(ids);
	if (n < 1 || n > SR_INVOICE_SALES_MAX)
		return sr_fail_set(f, SR_EINVAL, "out_of_range", "sale_ids",
				   "an invoice names 1 to %d sales, not %zu",
				   SR_INVOICE_SALES_MAX, n);
	for (size_t i = 0; i < n; i++) {
		const json_t *v = json_array_get(ids, i);
		char field[32];

		snprintf(field, sizeof(field), "sale_ids[%zu]", i);
		if (!json_is_integer(v) || json_integer_value(v) < 1)
			return sr_fail_set(f, SR_EINVAL, "bad_type", field,
					   "a sale's id is a whole number "
					   "from 1");
		for (size_t k = 0; k < i; k++)
			if (json_integer_value(json_array_get(ids, k)) ==
			    json_integer_value(v))
				return sr_fail_set(
					f, SR_EINVAL, "duplicate", field,
					"sale %" JSON_INTEGER_FORMAT
					" is named twice",
					json_integer_value(v));
	}
	is->sale_ids = ids;
	return SR_OK;
}

enum sr_err sr_invoice_from_sales(sr_store *s, const char *body, size_t len,
				  int64_t now, struct sr_buf *out,
				  struct sr_fail *f)
{
	static const char *const keys[] = {"customer_id", "sale_ids",
					   "issued_on",	  "supply_on",
					   "due_on",	  "notes",
					   NULL};
	struct issue is;
	enum sr_err err = issue_parse(body, len, now, keys,
				      "an invoice of sales", &is, f);

	if (!err)
		err = sales_parse(&is, f);
	if (!err)
		err = issue_answer(s, now, out, f, from_sales_in,
				   is.customer_id, &is);
	json_decref(is.doc);
	return err;
}

/* What answer() gives: an invoice or a sale's receipt, as JSON or PDF. */
enum answer_kind { INVOICE_JSON, INVOICE_PDF, RECEIPT_JSON, RECEIPT_PDF };

/* Invoice (or sale) id read in one read transaction, as kind says. */
static enum sr_err answer(sr_store *s, enum answer_kind kind, int64_t id,
			  int64_t now, struct sr_buf *out, struct sr_fail *f);

/* ---- reading, paid, void ------------------------------------------------ */

enum sr_err sr_invoice_get(sr_store *s, int64_t id, int64_t now,
			   struct sr_buf *out, struct sr_fail *f)
{
	return answer(s, INVOICE_JSON, id, now, out, f);
}

enum sr_err sr_invoice_by_number(sr_store *s, int64_t number, int64_t *id,
				 struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	enum sr_err err = sr_tx_begin(s, false, &tx, f);

	*id = 0;
	if (!err)
		err = sr_db_invoice_by_number(tx, number, id, f);
	if (!err && !*id)
		err = sr_fail_set(f, SR_ENOTFOUND, "not_found", NULL,
				  "there is no invoice %" PRId64, number);
	return sr_tx_finish(tx, err, f);
}

enum sr_err sr_invoice_list(sr_store *s, const struct sr_invoice_query *q,
			    int64_t now, struct sr_buf *out,
			    struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	json_t *rows = NULL, *doc = NULL;
	int64_t limit = q->limit, total = 0;
	char day[11];
	struct sr_db_invoice_filter dq = {q->customer_id, q->order_id,
					  q->unpaid, q->overdue, day};
	bool oom = false;
	enum sr_err err = sr_rec_page(&limit, q->offset, f);

	today(now, day);
	if (!err)
		err = sr_tx_begin(s, false, &tx, f);
	if (!err)
		err = sr_db_invoice_list(tx, &dq, limit, q->offset, &rows,
					 &total, f);
	err = sr_tx_finish(tx, err, f);
	for (size_t i = 0; !err && i < json_array_size(rows); i++) {
		json_t *r = json_array_get(rows, i);

		sr_json_put(r, "status", json_string(status_of(r, day)), &oom);
	}
	if (!err) {
		doc = json_pack("{sOsIsIsI}", "items", rows, "total",
				(json_int_t)total, "limit", (json_int_t)limit,
				"offset", (json_int_t)q->offset);
		err = !doc || oom ? sr_fail_oom(f) : emit(doc, out, f);
	}
	json_decref(rows);
	json_decref(doc);
	return err;
}

/* The date of body's field key: today when left out, NULL when null. */
static enum sr_err mark_parse(const char *body, size_t len, const char *key,
			      int64_t now, char date[11], bool *clear,
			      json_t **doc, struct sr_fail *f)
{
	const char *keys[] = {key, NULL};
	bool given = false;
	enum sr_err err = parse_body(body, len, doc, f);

	today(now, date);
	*clear = false;
	if (!err)
		err = only_keys(*doc, keys, key, f);
	if (!err)
		err = date_field(*doc, key, date, &given, f);
	if (!err && json_is_null(json_object_get(*doc, key)))
		*clear = true;
	return err;
}

static enum sr_err mark(sr_store *s, int64_t id, bool is_void,
			const char *body, size_t len, int64_t now,
			struct sr_buf *out, struct sr_fail *f)
{
	const char *key = is_void ? "void_on" : "paid_on";
	struct sr_tx *tx = NULL;
	json_t *doc = NULL, *before = NULL, *after = NULL, *shown = NULL;
	char date[11];
	bool clear = false;
	enum sr_err err = mark_parse(body, len, key, now, date, &clear, &doc,
				     f);

	if (!err && clear && is_void)
		err = sr_fail_set(f, SR_EINVAL, "read_only", key,
				  "a void invoice stays void");
	if (!err)
		err = sr_tx_begin(s, true, &tx, f);
	if (!err)
		err = sr_db_invoice_get(tx, id, &before, f);
	if (!err && !before)
		err = sr_fail_set(f, SR_ENOTFOUND, "not_found", NULL,
				  "no invoice has id %" PRId64, id);
	if (err)
		goto out;
	if (json_is_string(json_object_get(before, "void_on")))
		err = sr_fail_set(f, SR_ECONFLICT,
				  is_void ? "already_void" : "void", NULL,
				  "invoice %" PRId64 " is void: it owes "
				  "nothing",
				  sr_json_int(before, "number"));
	else if (is_void && json_is_string(json_object_get(before, "paid_on")))
		err = sr_fail_set(f, SR_ECONFLICT, "paid", NULL,
				  "invoice %" PRId64 " was paid on %s; mark "
				  "it not paid before voiding it",
				  sr_json_int(before, "number"),
				  sr_json_str(before, "paid_on"));
	else if (!clear && strcmp(date, sr_json_str(before, "issued_on")) < 0)
		err = sr_fail_set(f, SR_EINVAL, "out_of_range", key,
				  "invoice %" PRId64 " was issued on %s; %s "
				  "cannot be before that",
				  sr_json_int(before, "number"),
				  sr_json_str(before, "issued_on"), key);
	if (!err)
		err = sr_db_invoice_mark(tx, id, is_void, clear ? NULL : date,
					 f);
	if (!err)
		err = sr_invoice_audit(tx, id, "update", before, now, &after,
				       f);
	if (!err)
		err = invoice_doc(tx, id, now, &shown, f);
out:
	err = sr_tx_finish(tx, err, f);
	if (!err)
		err = emit(shown, out, f);
	json_decref(doc);
	json_decref(before);
	json_decref(after);
	json_decref(shown);
	return err;
}

enum sr_err sr_invoice_paid(sr_store *s, int64_t id, const char *body,
			    size_t len, int64_t now, struct sr_buf *out,
			    struct sr_fail *f)
{
	return mark(s, id, false, body, len, now, out, f);
}

enum sr_err sr_invoice_void(sr_store *s, int64_t id, const char *body,
			    size_t len, int64_t now, struct sr_buf *out,
			    struct sr_fail *f)
{
	return mark(s, id, true, body, len, now, out, f);
}

/* ---- what stands in a record's way ------------------------------------- */

enum sr_err sr_invoice_in_use(struct sr_tx *tx, enum sr_res r, int64_t id,
			      struct sr_fail *f)
{
	int64_t number = 0, inv = 0;
	enum sr_err err;

	if (r != SR_RES_SALE && r != SR_RES_ORDER)
		return SR_OK;
	/* Void ones too: an invoice is kept whole, with what it names. */
	err = sr_db_invoice_of(tx, r == SR_RES_SALE, id, false, &number, &inv,
			       f);
	if (err || !number)
		return err;
	err = sr_fail_set(f, SR_ECONFLICT, "in_use", NULL,
			  "%s %" PRId64 " is on invoice %" PRId64
			  ", which is kept; it cannot be deleted",
			  sr_resource(r)->singular, id, number);
	name_invoice(f, inv, number);
	return err;
}

/* ---- receipts ----------------------------------------------------------- */

/* Sale id's receipt as a document, into *out. */
static enum sr_err receipt_doc(struct sr_tx *tx, int64_t id, json_t **out,
			       struct sr_fail *f)
{
	struct terms t = {0};
	struct lines ls = {json_array(), 0, 0};
	json_t *sale = NULL, *product = NULL, *cust = NULL;
	const json_t *price;
	char ref[32];
	int64_t cid;
	bool registered;
	enum sr_err err = ls.list ? SR_OK : sr_fail_oom(f);

	*out = NULL;
	if (!err)
		err = sr_db_get(tx, sr_resource(SR_RES_SALE), id, &sale, f);
	if (!err)
		err = sr_db_get(tx, sr_resource(SR_RES_PRODUCT),
				sr_json_int(sale, "product_id"), &product, f);
	cid = sr_json_int(sale, "customer_id");
	if (!err && cid)
		err = sr_db_get(tx, sr_resource(SR_RES_CUSTOMER), cid, &cust,
				f);
	if (!err)
		err = terms_read(tx, &t, f);
	price = json_object_get(sale, "price");
	registered = json_is_integer(json_object_get(sale, "vat_bp"));
	if (!err)
		err = line_add(&ls, id, sr_json_str(product, "name"),
			       sr_json_int(sale, "quantity"),
			       json_is_integer(price)
				       ? json_integer_value(price)
				       : sr_json_int(product, "price"),
			       sale_bp(sale), f);
	snprintf(ref, sizeof(ref), "Receipt S-%" PRId64, id);
	if (!err) {
		bool oom = !(*out = json_object());

		sr_json_put(*out, "reference", json_string(ref), &oom);
		sr_json_put(*out, "sale_id", json_integer(id), &oom);
		sr_json_put(*out, "sold_on",
			    json_incref(json_object_get(sale, "sold_on")),
			    &oom);
		sr_json_put(*out, "currency",
			    json_string(sr_json_str(t.settings, "currency")),
			    &oom);
		sr_json_put(*out, "customer",
			    cust ? sr_rec_output(cust) : json_null(), &oom);
		/* VAT as it was when it was sold: none, and no VAT
		 * number, for a sale made before the workshop registered. */
		sr_json_put(*out, "business",
			    business(t.settings, registered ? NULL : json_null()),
			    &oom);
		sr_json_put(*out, "vat_shown", json_boolean(registered), &oom);
		sr_json_put(*out, "lines", json_incref(ls.list), &oom);
		sr_json_put(*out, "net", json_integer(ls.net), &oom);
		sr_json_put(*out, "vat", json_integer(ls.vat), &oom);
		sr_json_put(*out, "gross", json_integer(ls.net + ls.vat), &oom);
		if (oom)
			err = sr_fail_oom(f);
	}
	json_decref(t.settings);
	json_decref(ls.list);
	json_decref(sale);
	json_decref(product);
	json_decref(cust);
	return err;
}

enum sr_err sr_sale_receipt(sr_store *s, int64_t sale_id, struct sr_buf *out,
			    struct sr_fail *f)
{
	return answer(s, RECEIPT_JSON, sale_id, 0, out, f);
}

/* ---- PDFs ---------------------------------------------------------------- */

/* Text of key in o, or NULL when it is not text or is empty. */
static const char *text_of(const json_t *o, const char *key)
{
	const char *t = sr_json_str(o, key);

	return t && *t ? t : NULL;
}

/*
 * doc (sr_invoice_get()'s or sr_sale_receipt()'s) laid out as a PDF:
 * invoice says which. The texts point into doc and dates[].
 */
static enum sr_err doc_pdf(const json_t *doc, bool invoice, struct sr_buf *out,
			   struct sr_fail *f)
{
	const json_t *biz = json_object_get(doc, "business");
	const json_t *cust = json_object_get(doc, "customer");
	const json_t *lines = json_object_get(doc, "lines");
	size_t n = json_array_size(lines), nf = 0, nn = 0;
	struct sr_doc_line *dl = calloc(n ? n : 1, sizeof(*dl));
	struct sr_doc_fact facts[4], notes[2];
	char dates[4][24], ref[40], stamp[48], order[24];
	const char *status = sr_json_str(doc, "status");
	struct sr_doc d = {0};
	enum sr_err err;

	if (!dl)
		return sr_fail_oom(f);
	for (size_t i = 0; i < n; i++) {
		const json_t *l = json_array_get(lines, i);

		dl[i] = (struct sr_doc_line){sr_json_str(l, "description"),
					     sr_json_int(l, "quantity"),
					     sr_json_int(l, "unit_price"),
					     (int)sr_json_int(l, "vat_bp"),
					     sr_json_int(l, "net")};
	}
	if (invoice) {
		snprintf(ref, sizeof(ref), "Invoice %" PRId64,
			 sr_json_int(doc, "number"));
		sr_doc_date(sr_json_str(doc, "issued_on"), dates[0], 24);
		sr_doc_date(sr_json_str(doc, "supply_on"), dates[1], 24);
		sr_doc_date(sr_json_str(doc, "due_on"), dates[2], 24);
		facts[nf++] = (struct sr_doc_fact){"Invoice date", dates[0]};
		facts[nf++] = (struct sr_doc_fact){"Tax point", dates[1]};
		facts[nf++] = (struct sr_doc_fact){"Due", dates[2]};
		if (sr_json_int(doc, "order_id")) {
			snprintf(order, sizeof(order), "%" PRId64,
				 sr_json_int(doc, "order_id"));
			facts[nf++] = (struct sr_doc_fact){"Order", order};
		}
	} else {
		snprintf(ref, sizeof(ref), "%s", sr_json_str(doc, "reference"));
		sr_doc_date(sr_json_str(doc, "sold_on"), dates[0], 24);
		facts[nf++] = (struct sr_doc_fact){"Date", dates[0]};
	}
	d.title = invoice ? "Invoice" : "Receipt";
	d.reference = ref;
	d.from_name = text_of(biz, "name");
	d.from_address = text_of(biz, "address");
	d.from_vat_number = text_of(biz, "vat_number");
	d.to_name = text_of(cust, "name");
	d.to_lines = text_of(cust, "email");
	d.facts = facts;
	d.n_facts = nf;
	d.lines = dl;
	d.n_lines = n;
	d.currency = sr_json_str(doc, "currency");
	d.vat_shown = json_is_true(json_object_get(doc, "vat_shown"));
	d.net = sr_json_int(doc, "net");
	d.vat = sr_json_int(doc, "vat");
	d.gross = sr_json_int(doc, "gross");
	if (invoice && status && !strcmp(status, "void")) {
		d.stamp = "VOID";
	} else if (invoice && status && !strcmp(status, "paid")) {
		sr_doc_date(sr_json_str(doc, "paid_on"), dates[3], 24);
		snprintf(stamp, sizeof(stamp), "Paid on %s", dates[3]);
		d.stamp = stamp;
	} else if (!invoice) {
		d.stamp = "Paid";
	}
	if (invoice && text_of(doc, "notes"))
		notes[nn++] =
			(struct sr_doc_fact){"Notes", text_of(doc, "notes")};
	if (invoice && text_of(biz, "payment_details") &&
	    strcmp(status, "void") && strcmp(status, "paid"))
		notes[nn++] = (struct sr_doc_fact){
			"How to pay", text_of(biz, "payment_details")};
	d.notes = notes;
	d.n_notes = nn;
	err = sr_doc_pdf(&d, out, f);
	free(dl);
	return err;
}

/* The one way an invoice or a receipt is read and answered. */
static enum sr_err answer(sr_store *s, enum answer_kind kind, int64_t id,
			  int64_t now, struct sr_buf *out, struct sr_fail *f)
{
	bool invoice = kind == INVOICE_JSON || kind == INVOICE_PDF;
	struct sr_tx *tx = NULL;
	json_t *doc = NULL;
	enum sr_err err = sr_tx_begin(s, false, &tx, f);

	if (!err)
		err = invoice ? invoice_doc(tx, id, now, &doc, f)
			      : receipt_doc(tx, id, &doc, f);
	err = sr_tx_finish(tx, err, f);
	if (!err)
		err = kind == INVOICE_PDF || kind == RECEIPT_PDF
			      ? doc_pdf(doc, invoice, out, f)
			      : emit(doc, out, f);
	json_decref(doc);
	return err;
}

enum sr_err sr_invoice_pdf(sr_store *s, int64_t id, int64_t now,
			   struct sr_buf *out, struct sr_fail *f)
{
	return answer(s, INVOICE_PDF, id, now, out, f);
}

enum sr_err sr_sale_receipt_pdf(sr_store *s, int64_t sale_id,
				struct sr_buf *out, struct sr_fail *f)
{
	return answer(s, RECEIPT_PDF, sale_id, 0, out, f);
}

/* ---- the invoices as CSV ---------------------------------------------- */

/* The columns of invoices.csv, one row per invoice: what an accountant
 * asks for. Money as "12.34", as every CSV smallrun writes has it. */
static const struct {
	const char *col, *key;
	bool money, text;
} csv_cols[] = {
	{"number", "number", false, false},
	{"issued_on", "issued_on", false, false},
	{"supply_on", "supply_on", false, false},
	{"due_on", "due_on", false, false},
	{"status", NULL, false, false},
	{"paid_on", "paid_on", false, false},
	{"void_on", "void_on", false, false},
	{"customer_id", "customer_id", false, false},
	{"customer", "customer_name", false, true},
	{"order_id", "order_id", false, false},
	{"vat_number", "vat_number", false, true},
	{"net", "net", true, false},
	{"vat", "vat", true, false},
	{"gross", "gross", true, false},
	{"notes", "notes", false, true},
};

/* Invoice row inv as a line of invoices.csv onto b. */
static void csv_row(struct sr_buf *b, const json_t *inv)
{
	for (size_t c = 0; c < SR_ARRAY_SIZE(csv_cols); c++) {
		const char *key = csv_cols[c].key;
		const json_t *v = key ? json_object_get(inv, key) : NULL;
		char num[32];
		const char *s = "";

		if (!key) {
			/* Paid, void or unpaid: the due date says the rest. */
			s = json_is_string(json_object_get(inv, "void_on"))
				    ? "void"
			    : json_is_string(json_object_get(inv, "paid_on"))
				    ? "paid"
				    : "unpaid";
		} else if (json_is_integer(v) && csv_cols[c].money) {
			sr_money_format(json_integer_value(v), num);
			s = num;
		} else if (json_is_integer(v)) {
			snprintf(num, sizeof(num), "%" PRId64,
				 (int64_t)json_integer_value(v));
			s = num;
		} else if (json_is_string(v)) {
			s = json_string_value(v);
		}
		sr_csv_put_cell(b, s, strlen(s), csv_cols[c].text, c == 0);
	}
	sr_buf_adds(b, "\r\n");
}

enum sr_err sr_invoice_csv_in(struct sr_tx *tx, struct sr_buf *b,
			      struct sr_fail *f)
{
	struct sr_db_invoice_filter dq = {0, 0, false, false, "9999-12-31"};
	json_t *all = json_array(), *rows = NULL;
	int64_t total = 0, offset = 0;
	enum sr_err err = all ? SR_OK : sr_fail_oom(f);
	size_t start = b->len;

	for (size_t c = 0; c < SR_ARRAY_SIZE(csv_cols); c++)
		sr_csv_put_cell(b, csv_cols[c].col, strlen(csv_cols[c].col),
				false, c == 0);
	sr_buf_adds(b, "\r\n");
	/* Newest first a page at a time; written oldest first, 1, 2, 3. */
	do {
		err = err ? err
			  : sr_db_invoice_list(tx, &dq, SR_LIST_MAX, offset,
					       &rows, &total, f);
		if (!err && json_array_extend(all, rows))
			err = sr_fail_oom(f);
		offset += SR_LIST_MAX;
		json_decref(rows);
		rows = NULL;
	} while (!err && offset < total);
	for (size_t i = json_array_size(all); !err && i > 0; i--)
		csv_row(b, json_array_get(all, i - 1));
	json_decref(all);
	if (!err && b->err)
		err = sr_fail_oom(f);
	if (err) {
		b->len = start;
		if (b->data)
			b->data[start] = '\0';
	}
	return err;
}

enum sr_err sr_invoice_csv(sr_store *s, struct sr_buf *out, struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	enum sr_err err = sr_tx_begin(s, false, &tx, f);

	if (!err)
		err = sr_invoice_csv_in(tx, out, f);
	return sr_tx_finish(tx, err, f);
}
