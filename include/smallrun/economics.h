/*
 * economics.h - the numbers of econ.h worked out from the records: each
 * product's costs, prices, earnings per hour and batch size from its
 * fields, the time tracked on it, its sales over the last four weeks and
 * the workshop's settings; and a workshop summary set beside the
 * calculator's answer. JSON out, as the API and `smallrun econ --json`
 * show it (doc/API.md).
 */
#ifndef SMALLRUN_ECONOMICS_H
#define SMALLRUN_ECONOMICS_H

#include <stdint.h>

#include "smallrun/buf.h"
#include "smallrun/err.h"
#include "smallrun/store.h"

/* The economics of one product (SR_ENOTFOUND when there is none). */
enum sr_err sr_economics_product(sr_store *s, int64_t product_id,
				 int64_t now, struct sr_buf *out,
				 struct sr_fail *f);

enum sr_economics_flags {
	SR_ECONOMICS_RETIRED = 1 << 0, /* retired products too */
};

/*
 * Every product still made (with SR_ECONOMICS_RETIRED, the retired ones
 * too), the workshop summary, and the page's warnings: each warning the
 * products share said once, with how many and which
 * ({"products", "workshop", "warnings"}, doc/API.md).
 */
enum sr_err sr_economics_all(sr_store *s, int64_t now, unsigned flags,
			     struct sr_buf *out, struct sr_fail *f);

/*
 * Try other numbers without storing anything: body {"product_id"?, and any
 * of "price", "material_cost", "minutes_per_unit", "setup_minutes",
 * "max_batch", "shelf_life_days", "storage_per_unit", "batch_size",
 * "weekly_demand", "hourly_rate", "overhead_per_hour"}. Fields not given
 * come from the product (when product_id is given) and the settings.
 */
enum sr_err sr_economics_what_if(sr_store *s, const char *body, size_t len,
				 int64_t now, struct sr_buf *out,
				 struct sr_fail *f);

#endif
