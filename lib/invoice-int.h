/*
 * invoice-int.h - what other lib/ modules ask of invoices (invoice.c).
 */
#ifndef SMALLRUN_INVOICE_INT_H
#define SMALLRUN_INVOICE_INT_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"
#include "smallrun/records.h"

/*
 * SR_ECONFLICT "in_use" when record id of r (a sale or an order) is on
 * an invoice, void or not: invoices are kept whole, so what they name
 * stays (records.c's delete asks before anything else).
 */
enum sr_err sr_invoice_in_use(struct sr_tx *tx, enum sr_res r, int64_t id,
			      struct sr_fail *f);

/* Tell the audit log of a write of invoice id (action "create" or
 * "update", before it or NULL); the invoice as it is now in *after. */
enum sr_err sr_invoice_audit(struct sr_tx *tx, int64_t id, const char *action,
			     const json_t *before, int64_t now, json_t **after,
			     struct sr_fail *f);

/*
 * Every invoice as invoices.csv onto b, oldest first, one row each: its
 * number, dates, status (unpaid, paid or void), customer, order, VAT
 * number and totals (smallrun export, GET /api/v1/export/invoices.csv).
 * Invoices are never imported: a file cannot re-make their numbers.
 */
enum sr_err sr_invoice_csv_in(struct sr_tx *tx, struct sr_buf *b,
			      struct sr_fail *f);

#endif
