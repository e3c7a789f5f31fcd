/*
 * batch-cost.h - what a batch really cost, beside its estimate: its
 * materials from the uses it took (each at its lot's price, or its
 * material's when it names no lot) and its labour from the time tracked
 * on it at the workshop's hourly rate.
 */
#ifndef SMALLRUN_BATCH_COST_H
#define SMALLRUN_BATCH_COST_H

#include <stdint.h>

#include "smallrun/buf.h"
#include "smallrun/err.h"
#include "smallrun/store.h"

/*
 * What batch id cost beside its estimate, in pence. Appends
 *
 *   {"batch_id", "code", "status", "made", "sellable" (made - rejected),
 *    "estimate": {"materials" (the product's material cost of one, from
 *      its recipe or typed, "materials_source", × made), "labour" ((setup
 *      + minutes per unit × made) × hourly rate / 60, rounded once),
 *      "total", "per_unit" (over made)},
 *    "actual": {"materials" (the sum of its uses' costs), "uses",
 *      "uses_without_cost", "labour" (tracked minutes × rate / 60),
 *      "tracked_minutes", "total", "per_unit" (over sellable)},
 *    "difference": {"total", "per_unit"} (actual - estimate),
 *    "notes": [what the figures leave out, in words]}
 *
 * A figure that cannot be given (one of none sellable, a sum past any
 * price) is null. Neither side counts overheads. SR_ENOTFOUND when there
 * is no such batch.
 */
enum sr_err sr_batch_cost(sr_store *s, int64_t id, struct sr_buf *out,
			  struct sr_fail *f);

#endif
