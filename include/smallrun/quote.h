/*
 * quote.h - what a maker offers for a custom order: its price, VAT, the
 * delivery date, the terms and how long it stands; accepting it marks the
 * order accepted. A quote is a record of its own (resource "quotes",
 * sql/0021-documents.sql), kept as it was sent.
 *
 * The rules (doc/API.md, "Quotes"):
 *
 * - A quote is of an order still waiting for a yes (status "quoted"); a
 *   new one withdraws the order's open one.
 * - Its price is the whole order's without VAT: the one given; else the
 *   order's agreed price when it has one ("agreed"); else worked out from
 *   its costs ("costing"), as the Numbers work out a cost made to order
 *   (materials, then the order's estimated time at the hourly rate and
 *   overhead: econ.h's sr_econ_unit_cost()), marked up by the settings'
 *   markup_pct. The materials are its product's material cost of one
 *   (from its recipe, else typed) times the quantity; the time its
 *   estimated_minutes, else its product's minutes_per_unit times the
 *   quantity. With neither, there is no price to offer (SR_ECONFLICT
 *   "no_price").
 * - VAT at the order's rate (vat.h) on the whole price, when the
 *   workshop is registered; 0 otherwise.
 * - It stands from the day it is made (issued_on, the records' UTC day of
 *   now, as an invoice's) until valid_until, by
 *   default quote_days later; its delivery date is the one given, else the
 *   order's due date, else (sr_quote_make() only) the earliest day the
 *   planner can promise for its estimated time; else none ("to be
 *   agreed").
 * - What it says is never changed after (SR_ECONFLICT "quote_sent": make
 *   a new one). Only accepting or withdrawing it changes its status.
 */
#ifndef SMALLRUN_QUOTE_H
#define SMALLRUN_QUOTE_H

#include <stddef.h>
#include <stdint.h>

#include "smallrun/buf.h"
#include "smallrun/err.h"
#include "smallrun/plan.h"
#include "smallrun/store.h"

/*
 * A quote of order order_id (POST /api/v1/orders/{id}/quote): body as a
 * quote's (price, valid_until, delivery_on, terms; all optional, no
 * order_id), the delivery date from the planner when neither the body
 * nor the order gives one (today and now_minute: the local day and
 * minute it is laid out from; opts its limits). Appends the quote.
 */
enum sr_err sr_quote_make(sr_store *s, int64_t order_id, const char *body,
			  size_t len, int64_t today, int now_minute,
			  const struct sr_plan_opts *opts, int64_t now,
			  struct sr_buf *out, struct sr_fail *f);

/*
 * Accept quote id: it must be open (SR_ECONFLICT "quote_not_open"), not
 * past valid_until (quote_expired) and its order still quoted
 * (order_not_quoted). The quote becomes accepted (accepted_on today) and
 * the order accepted, at the quote's price, due on its delivery date when
 * the order had no due date. Appends {"quote", "order"}.
 */
enum sr_err sr_quote_accept(sr_store *s, int64_t id, int64_t now,
			    struct sr_buf *out, struct sr_fail *f);

/* Withdraw open quote id (quote_not_open otherwise); appends it. */
enum sr_err sr_quote_withdraw(sr_store *s, int64_t id, int64_t now,
			      struct sr_buf *out, struct sr_fail *f);

/* SR_OK for the body of an accept or withdraw: none, or {} (SR_EINVAL
 * "unknown_field" for a field, bad_json, bad_type). */
enum sr_err sr_quote_no_body(const char *body, size_t len, struct sr_fail *f);

/* Quote id as an A4 PDF (doc.h), appended to out. */
enum sr_err sr_quote_pdf(sr_store *s, int64_t id, int64_t now,
			 struct sr_buf *out, struct sr_fail *f);

#endif
