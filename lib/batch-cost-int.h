/*
 * batch-cost-int.h - a batch's real cost and its estimate for the other
 * modules of lib/ inside their own transaction (economics.c). Private.
 */
#ifndef SMALLRUN_BATCH_COST_INT_H
#define SMALLRUN_BATCH_COST_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db.h"

/* A figure in pence; known false where it cannot be given. */
struct sr_cost_figure {
	int64_t v;
	bool known;
};

struct sr_batch_costs {
	int64_t made, sellable;
	bool from_recipe; /* the estimate's materials: recipe or typed */
	struct sr_cost_figure est_materials, est_labour, est_total, est_per;
	struct sr_cost_figure act_materials, act_labour, act_total, act_per;
	int64_t uses, uses_without_cost, tracked_minutes;
};

/* Work out the costs of batch (its row, as read) into *c. */
enum sr_err sr_batch_costs(struct sr_tx *tx, const json_t *batch,
			   struct sr_batch_costs *c, struct sr_fail *f);

/* How many done batches sr_batch_costs_recent() sums, newest first. */
#define SR_BATCH_COSTS_RECENT 5

/*
 * What the last SR_BATCH_COSTS_RECENT done batches of product (its row)
 * that made any really cost, for the Numbers, at rate pence an hour:
 * {"batches", "made", "sellable", "materials", "labour", "per_unit" (their
 * materials and labour over what was sellable), "estimate_per_unit" (their
 * estimates over what was made), "uses_without_cost"}; the caller
 * decrefs *out. A figure there is none of, or past a price, is null.
 */
enum sr_err sr_batch_costs_recent(struct sr_tx *tx, const json_t *product,
				  int64_t rate, json_t **out,
				  struct sr_fail *f);

#endif
