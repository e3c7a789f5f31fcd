/*
 * demand.h - the sales in the store as demand: a sales CSV imported into
 * the sales records, and the forecast and batch quantities of a product
 * from the sales on record (forecast.h does the maths).
 */
#ifndef SMALLRUN_DEMAND_H
#define SMALLRUN_DEMAND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smallrun/buf.h"
#include "smallrun/err.h"
#include "smallrun/store.h"

/* The most forecast days one call gives. */
#define SR_DEMAND_MAX_DAYS 60

/* Called every so often during an import: sales written of total. */
typedef void (*sr_sales_progress_fn)(void *ctx, long done, long total);

/*
 * Import the sales file of len bytes at data (either shape sales.h reads;
 * name is for messages: "NAME, line N: …"). Products are matched by name
 * ignoring case; names with no product are one SR_EINVAL (field "product")
 * listing them, unless create_products, which creates them (mode batch,
 * price 0). Each product-day with units sold becomes one sale at the
 * product's price, keyed by the file's bytes, the day and the product, so
 * a file imported again adds nothing. All or nothing, in one transaction.
 * Appends {"file", "products", "days", "sales_added", "sales_skipped",
 * "products_created": [names]} to out. progress may be NULL.
 * Errors: SR_EINVAL, SR_ETOOBIG, SR_EDB, SR_ENOMEM.
 */
enum sr_err sr_sales_import(sr_store *s, const char *name, const char *data,
			    size_t len, bool create_products, int64_t now,
			    sr_sales_progress_fn progress, void *ctx,
			    struct sr_buf *out, struct sr_fail *f);

/*
 * The forecast of product_id for the days days (1..SR_DEMAND_MAX_DAYS)
 * from day number today, from its sales before today: appends
 * {"product_id", "name", "days": [{"date", "open", "mean", "sd",
 * "quantity"}], "history_days", "note"}. quantity is what to make that
 * morning with nothing in stock (sr_forecast_batch()), at the product's
 * price and unit cost (material_cost plus minutes_per_unit at the
 * settings' hourly_rate). Errors: SR_ENOTFOUND (no such product),
 * SR_EINVAL (bad days, or no sales on record), SR_EDB, SR_ENOMEM.
 */
enum sr_err sr_demand_forecast(sr_store *s, int64_t product_id, int days,
			       int64_t today, struct sr_buf *out,
			       struct sr_fail *f);

#endif
