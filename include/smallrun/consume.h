/*
 * consume.h - making takes from stock: a batch or a custom order marked
 * done takes its recipe's materials from their lots, first to expire
 * first, as material uses that name their lot; set back, or deleted, it
 * puts them back.
 *
 * The rules (doc/API.md, "Making takes from stock"):
 *
 * - A batch that becomes done (made so, or changed to it) takes what its
 *   product's recipe needs for made_qty units (rejects included); a custom
 *   order with a product takes what that product's recipe needs for its
 *   quantity when it becomes done or delivered. From each material's need
 *   what the batch's or order's own hand-typed uses of it took already is
 *   left out.
 * - Each material is taken from its lots by fefo.h's rule on the day of
 *   making (a batch's run date, an order's day done): never a lot past its
 *   date, one use a lot (source "recipe"), costed at the lot's price; then
 *   from its loose stock (on hand in no lot: stock.h) as one use with no
 *   lot, costed at the material's price.
 * - Short stock, more than that holds, is refused (SR_ECONFLICT
 *   "short_stock", each short material in details.short) unless the maker
 *   lets it go below zero ("short": "allow"): then the short part is one
 *   more use with no lot, marked beyond_stock, and the batch or order
 *   counts it in short_uses and carries a "short_stock" warning while it
 *   stands.
 * - A batch set back to planned or running, or an order to quoted,
 *   accepted or in progress, puts back its recipe's uses, each on its lot,
 *   and deletes them; a batch or order deleted puts back and deletes every
 *   use it has. A change that leaves it done takes nothing more.
 * - Imports and restores write the uses the file holds, and take nothing.
 *
 * Every call runs in one transaction and writes nothing when it fails.
 */
#ifndef SMALLRUN_CONSUME_H
#define SMALLRUN_CONSUME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smallrun/buf.h"
#include "smallrun/err.h"
#include "smallrun/store.h"

/* What is made done: a batch or a custom order. */
enum sr_maker { SR_MAKE_BATCH, SR_MAKE_ORDER, SR_MAKE__MAX };

/* The most uses one done body names. */
#define SR_DONE_USES_MAX 200

/* A done body (POST /api/v1/batches/{id}/done, or an order's), parsed. */
struct sr_done {
	bool has_made, has_rejected; /* a batch's only */
	int64_t made_qty, rejected_qty;
	bool allow_short; /* "short": "allow" (default "refuse") */
	bool has_uses;	  /* "uses" given: exactly those, else FEFO */
	size_t nuses;
	struct sr_done_use {
		int64_t material_id;
		int64_t lot_id; /* 0: no lot (null or left out) */
		int64_t quantity;
	} uses[SR_DONE_USES_MAX];
};

/*
 * Parse body[0..len) as a done body for what: an object with
 * "made_qty"?, "rejected_qty"? (a batch's), "uses"?: [{"material_id",
 * "lot_id"?: id | null, "quantity"}] (at most SR_DONE_USES_MAX) and
 * "short"?: "refuse" | "allow", and nothing else; an empty body is {}.
 * SR_EINVAL naming the field ("uses[2].lot_id") for anything else. Pure:
 * no store, no clock (the fuzz driver calls it).
 */
enum sr_err sr_done_parse(enum sr_maker what, const char *body, size_t len,
			  struct sr_done *out, struct sr_fail *f);

/*
 * What marking record id done would take, changing nothing. made is the
 * made quantity to work it out for (a batch), or -1 for the record's own
 * (its planned_qty while its made_qty is 0); an order takes its quantity.
 * now gives an order's day of making. Appends
 *
 *   {"batch" | "order": the record, "made_qty" | "quantity": N,
 *    "already_done": its recipe's uses are taken already,
 *    "has_recipe", "day": the day of making,
 *    "lines": [{"material_id", "name", "unit", "need" (the recipe's),
 *      "already" (its hand uses), "want" (need - already, at least 0),
 *      "usable" (what it can be taken from), "loose" (in no lot),
 *      "picks": [{"lot_id" (null: loose stock), "lot", "expires_on",
 *        "quantity"}], "short",
 *      "lots": [{"lot_id", "lot", "expires_on", "received_on",
 *        "remaining", "quantity", "cost"}] (the usable ones)}],
 *    "short": any line short}
 *
 * SR_ENOTFOUND when there is no such record.
 */
enum sr_err sr_consumption(sr_store *s, enum sr_maker what, int64_t id,
			   int64_t made, int64_t now, struct sr_buf *out,
			   struct sr_fail *f);

/*
 * Mark record id done with the choices of a done body (sr_done_parse()):
 * its made and rejected quantities (a batch's made_qty, when the body
 * gives none and it has none, is its planned_qty), then exactly the uses
 * given, each checked (a lot of that material, not past its date on the
 * day of making, holding enough), or FEFO's when none are given; short
 * stock refused unless "short": "allow". Appends {"batch" | "order": the
 * record as stored, "uses": [its material uses], "warnings": [...]}.
 * SR_ECONFLICT "already_done" when its recipe's uses are taken already.
 */
enum sr_err sr_consume_done(sr_store *s, enum sr_maker what, int64_t id,
			    const char *body, size_t len, int64_t now,
			    struct sr_buf *out, struct sr_fail *f);

#endif
