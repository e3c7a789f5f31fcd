/*
 * to-buy.h - what to buy: the materials the work of the next days needs
 * beyond what is on hand and on order, with the reorder levels, rounded up
 * to whole packs, grouped by supplier with what it costs and the last day
 * to order given the supplier's lead time; and the purchase orders that
 * buy it, in one call. doc/API.md ("What to buy") has the arithmetic.
 *
 * `now` (seconds since the epoch) gives today; the library reads no clock.
 */
#ifndef SMALLRUN_TO_BUY_H
#define SMALLRUN_TO_BUY_H

#include <stdint.h>

#include "smallrun/buf.h"
#include "smallrun/err.h"
#include "smallrun/store.h"

/* How many days ahead the list looks: 1 to 365, 14 when not said. */
#define SR_TO_BUY_DAYS_DEFAULT 14
#define SR_TO_BUY_DAYS_MAX 365
/* The most suppliers one call to sr_to_buy_orders() names. */
#define SR_TO_BUY_SUPPLIERS_MAX 1000

/*
 * The list for the days from today to today + days (0: the default):
 * {"from", "to", "days", "total", "estimated", "groups": [{"supplier_id"
 * (null: no supplier yet), "supplier_name", "lead_time_days",
 * "first_needed_on", "order_by", "late", "total", "estimated",
 * "materials": [{"material_id", "name", "unit", "need", "on_hand",
 * "on_order", "reorder_level", "shortfall", "pack_size", "packs",
 * "order_qty", "purchase_unit", "cost", "estimated", "needed_on",
 * "reasons": [...]}]}]}, most urgent group first. SR_EINVAL ("days") out
 * of bounds.
 */
enum sr_err sr_to_buy(sr_store *s, int64_t days, int64_t now,
		      struct sr_buf *out, struct sr_fail *f);

/*
 * Make the list into purchase orders: body {"days"?, "supplier_ids"?:
 * [id, or null for the group with no supplier]}, every group when
 * supplier_ids is left out. One purchase (ordered today, expected after
 * the supplier's lead time) per group, a line per material in the
 * material's purchase unit that holds a pack, else in its base unit, at
 * the list's cost. All in one write transaction. Appends {"items":
 * [each purchase with its "lines"], "total": n}; *made = n. SR_EINVAL for
 * a bad body (f naming the field).
 */
enum sr_err sr_to_buy_orders(sr_store *s, const char *body, size_t len,
			     int64_t now, int64_t *made, struct sr_buf *out,
			     struct sr_fail *f);

#endif
