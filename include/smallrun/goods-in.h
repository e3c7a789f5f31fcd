/*
 * goods-in.h - goods coming into the workshop: a purchase received, in
 * whole or in part, making one lot for each line that came, raising the
 * materials' stock and setting their cost by weighted average.
 *
 * The records themselves (purchases, purchase-lines, material-lots) are
 * resources of records.h; their rules are lib/goods-in.c's, run in every
 * write of them. doc/API.md ("Goods in") has the arithmetic.
 */
#ifndef SMALLRUN_GOODS_IN_H
#define SMALLRUN_GOODS_IN_H

#include <stdint.h>

#include "smallrun/buf.h"
#include "smallrun/err.h"
#include "smallrun/store.h"

/* The most lines one receipt names. */
#define SR_RECEIVE_LINES_MAX 200

/*
 * Receive goods on purchase purchase_id, from the body
 *
 *     {"received_on"?: "YYYY-MM-DD" (today, from now),
 *      "lines"?: [{"line_id", "quantity"? (in the line's own unit; all
 *                  that is still to come), "lot"?, "expires_on"?}]}
 *
 * with no "lines" everything still to come, each line with its own lot
 * and date. Each line that came makes one lot (its share of the line's
 * price, the parts adding up to the price exactly), raises its material's
 * on_hand and sets its cost to the weighted average; the line's
 * received_qty rises and the purchase becomes part_received or received,
 * received_on the day. All in one write transaction.
 *
 * Appends {"purchase": {… "lines": [...]}, "lots": [the lots made]}.
 * SR_EINVAL for a bad body (f naming the field: "lines[2].quantity");
 * SR_ENOTFOUND for no such purchase; SR_ECONFLICT for a cancelled
 * purchase ("cancelled"), more than is still to come ("more_than_ordered",
 * naming the line) or nothing at all to come ("nothing_to_come").
 */
enum sr_err sr_purchase_receive(sr_store *s, int64_t purchase_id,
				const char *body, size_t len, int64_t now,
				struct sr_buf *out, struct sr_fail *f);

#endif
