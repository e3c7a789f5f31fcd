/*
 * economics-int.h - what economics.c gives the other modules of lib/
 * inside their own transaction. Private to lib/.
 */
#ifndef SMALLRUN_ECONOMICS_INT_H
#define SMALLRUN_ECONOMICS_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"

/*
 * The cost of one of product_id as the Numbers page shows it (its price
 * floor: materials, labour and overhead, in a batch of the size advised
 * when it is made in batches), from the records as they are in tx.
 * *known is false when the figure is too large to give. SR_ENOTFOUND,
 * SR_EDB, SR_ENOMEM.
 */
enum sr_err sr_economics_cost_of_one(struct sr_tx *tx, int64_t product_id,
				     int64_t now, int64_t *cost, bool *known,
				     struct sr_fail *f);

#endif
