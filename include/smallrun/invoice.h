/*
 * invoice.h - invoices with numbers that never repeat or skip, their VAT,
 * and receipts for sales.
 *
 * An invoice is issued in one write transaction: its number is one more
 * than the greatest of the workshop's invoices (1 for the first), read and
 * stored under the workshop's writer lock (doc/HOSTED.md, "Serialisable
 * where it matters"), so invoices issued at once, from any number of
 * servers, take 1, 2, 3 … with no gap and no repeat. An invoice is never
 * deleted: voiding one keeps its number, and it owes nothing. Once issued
 * its lines and totals never change; only paid_on and void_on do.
 *
 * Prices are without VAT. Each line's rate is vat.h's sr_vat_rate() (0
 * when the workshop has no VAT number), its VAT worked out per line,
 * rounded to the penny half up (sr_vat_line()); the totals are the sums.
 *
 * Every call gives JSON text in out. Errors: SR_EINVAL for a bad body (f
 * naming the field), SR_ENOTFOUND for no such invoice, order or sale,
 * SR_ECONFLICT for what the records forbid (f's code says which).
 */
#ifndef SMALLRUN_INVOICE_H
#define SMALLRUN_INVOICE_H

#include <stdbool.h>
#include <stdint.h>

#include "smallrun/buf.h"
#include "smallrun/err.h"
#include "smallrun/store.h"

/* The most sales one invoice names. */
#define SR_INVOICE_SALES_MAX 200

/*
 * Invoice custom order order_id, from the body (len 0: {})
 *
 *     {"issued_on"?, "supply_on"?, "due_on"?, "notes"?}
 *
 * One line: the order's title (", " and its spec) × its quantity at the
 * order's price / quantity when that divides exactly, else one of
 * quantity 1 at the whole price (an order's price is the whole order's,
 * without VAT). issued_on is today unless given; supply_on (the tax
 * point) today for a done or delivered order, else issued_on; due_on
 * issued_on + the settings' invoice_days, never before issued_on.
 *
 * Appends the invoice as sr_invoice_get() gives it. SR_ECONFLICT
 * "bad_status" (field "status") for a quoted or cancelled order,
 * "no_customer" for an order without one, "already_invoiced" when an
 * invoice of it is not void (its number in the message and details).
 */
enum sr_err sr_invoice_from_order(sr_store *s, int64_t order_id,
				  const char *body, size_t len, int64_t now,
				  struct sr_buf *out, struct sr_fail *f);

/*
 * Invoice sales to a customer, from the body
 *
 *     {"customer_id", "sale_ids": [1 to SR_INVOICE_SALES_MAX ids],
 *      "issued_on"?, "supply_on"?, "due_on"?, "notes"?}
 *
 * A line per sale: its product's name, quantity, price of one and rate
 * (the product's). Each sale must be the customer's or no one's (then it
 * becomes the customer's). supply_on is the sale's day for one sale,
 * else issued_on. SR_EINVAL "unknown_reference" for no such customer or
 * sale ("sale_ids[2]"); SR_ECONFLICT "other_customer" for a sale of
 * another customer, "already_invoiced" for one on an invoice not void.
 */
enum sr_err sr_invoice_from_sales(sr_store *s, const char *body, size_t len,
				  int64_t now, struct sr_buf *out,
				  struct sr_fail *f);

/*
 * Invoice id: its fields, "status" ("unpaid", "overdue": due before
 * today and unpaid, "paid", "void"), "customer" (the record), "lines",
 * "currency" and "vat_shown" (whether it was issued with a VAT number).
 */
enum sr_err sr_invoice_get(sr_store *s, int64_t id, int64_t now,
			   struct sr_buf *out, struct sr_fail *f);

/* The id of invoice number (SR_ENOTFOUND when there is none). */
enum sr_err sr_invoice_by_number(sr_store *s, int64_t number, int64_t *id,
				 struct sr_fail *f);

/* Which invoices a list shows: 0 and false where not used. */
struct sr_invoice_query {
	int64_t customer_id, order_id;
	bool unpaid, overdue; /* not paid nor void; and due before today */
	int64_t limit, offset;
};

/*
 * A page of invoices, newest first: {"items": [each with "status" and
 * "customer_name"], "total", "limit", "offset"}.
 */
enum sr_err sr_invoice_list(sr_store *s, const struct sr_invoice_query *q,
			    int64_t now, struct sr_buf *out,
			    struct sr_fail *f);

/*
 * Every invoice as CSV, appended to out in one read transaction: the
 * file `smallrun export` writes as invoices.csv (invoice-int.h).
 */
enum sr_err sr_invoice_csv(sr_store *s, struct sr_buf *out, struct sr_fail *f);

/*
 * Mark invoice id paid on body's {"paid_on"} (a date not before its
 * issue; left out: today; null: not paid after all). SR_ECONFLICT "void"
 * for a void invoice. Appends the invoice.
 */
enum sr_err sr_invoice_paid(sr_store *s, int64_t id, const char *body,
			    size_t len, int64_t now, struct sr_buf *out,
			    struct sr_fail *f);

/*
 * Void invoice id today (body {"void_on"?}): it keeps its number and owes
 * nothing. SR_ECONFLICT "already_void", or "paid" for a paid one (unmark
 * it first). Appends the invoice.
 */
enum sr_err sr_invoice_void(sr_store *s, int64_t id, const char *body,
			    size_t len, int64_t now, struct sr_buf *out,
			    struct sr_fail *f);

/*
 * Invoice id as an A4 PDF (doc.h): "Invoice N", its dates, the business,
 * the customer, the lines, the totals, how to pay, and "Paid on …" or
 * "VOID".
 */
enum sr_err sr_invoice_pdf(sr_store *s, int64_t id, int64_t now,
			   struct sr_buf *out, struct sr_fail *f);

/*
 * The receipt of sale id, "Receipt S-<id>" (no number sequence): the
 * business, the day, the product, quantity, price of one, the VAT at the
 * product's rate when the workshop is registered, the totals.
 */
enum sr_err sr_sale_receipt(sr_store *s, int64_t sale_id, struct sr_buf *out,
			    struct sr_fail *f);
/* The same as an A4 PDF. */
enum sr_err sr_sale_receipt_pdf(sr_store *s, int64_t sale_id,
				struct sr_buf *out, struct sr_fail *f);

#endif
