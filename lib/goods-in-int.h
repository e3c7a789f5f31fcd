/*
 * goods-in-int.h - the arithmetic of goods in (lib/goods-in.c), pure, for
 * the unit tests and for the modules that price stock. Private to lib/.
 */
#ifndef SMALLRUN_GOODS_IN_INT_H
#define SMALLRUN_GOODS_IN_INT_H

#include <jansson.h>
#include <stdint.h>

#include "smallrun/err.h"

/* A material's cost: per_unit pence for per base units. */
struct sr_cost {
	int64_t per_unit, per;
};

/*
 * What the part of a line from before to after (base units received,
 * before < after <= base_qty) costs of the line's price: the price pro
 * rata of after less that of before, each rounded half up, so the parts of
 * a line add up to its price exactly, the last taking the remainder.
 */
int64_t sr_part_cost(int64_t price, int64_t base_qty, int64_t before,
		     int64_t after);

/*
 * A material's cost once qty base units (>= 1) that cost value pence come
 * in, on_hand (counted as 0 when below it) at cost had already there:
 *
 *     (on_hand × per_unit / per + value) / (on_hand + qty)
 *
 * per base unit, carried in 128 bits and rounded half up once, into *out
 * as pence per out->per units: per 1000 where the material counts in g,
 * ml or mm (base) and had.per is under 1000, else per had.per. SR_EINVAL
 * ("out_of_range", cost_per_unit) when it is past what a cost can be.
 */
enum sr_err sr_average_cost(const char *base, int64_t on_hand,
			    struct sr_cost had, int64_t qty, int64_t value,
			    struct sr_cost *out, struct sr_fail *f);

struct sr_tx;

/* Purchase id as the API shows it, with "lines", its lines; into *out
 * (a new reference). */
enum sr_err sr_purchase_with_lines(struct sr_tx *tx, int64_t id, json_t **out,
				   struct sr_fail *f);

#endif
