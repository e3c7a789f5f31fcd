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
#include "smallrun/text.h"

/* The largest sales file an import takes, in bytes (as sent). */
#define SR_SALES_IMPORT_MAX ((size_t)128 * 1024 * 1024)

/* The most forecast days one call gives. */
#define SR_DEMAND_MAX_DAYS 60

/* Called every so often during an import: sales written of total. */
typedef void (*sr_sales_progress_fn)(void *ctx, long done, long total);

/*
 * Import the sales file of len bytes at data (either shape sales.h reads;
 * name is for messages: "NAME, line N: …"), read as enc: UTF-8 (checked;
 * a field that is not is SR_EINVAL "bad_encoding" naming the line) or
 * Windows-1252 (decoded). Products are matched by name ignoring case;
 * names with no product are one SR_EINVAL (field "product") listing them,
 * unless create_products, which creates them (mode batch, price 0).
 *
 * An import is keyed by the product-days it holds, not by its bytes. It
 * is recorded (sales_imports), and each product-day in the file (the sum
 * of its rows, 0 included) is put on record so: no imported sale of that
 * product on that day yet → a new sale at the product's price (none for
 * 0); one with another quantity → its quantity becomes the file's, its
 * price stays, and it now names this import (removed for 0); one with the
 * same quantity → left as it is. Sales entered by hand are never touched,
 * and product-days the file does not hold are left alone. So a file sent
 * again, whole, cut short or exported differently, never counts a day
 * twice, and the latest figure for a day wins. All or nothing, in one
 * transaction.
 *
 * Appends {"file", "import_id", "products", "days", "sales_added",
 * "sales_replaced", "sales_unchanged", "products_created": [names]} to
 * out. progress may be NULL. Errors: SR_EINVAL, SR_ETOOBIG, SR_EDB,
 * SR_ENOMEM.
 */
enum sr_err sr_sales_import(sr_store *s, const char *name, const char *data,
			    size_t len, enum sr_encoding enc,
			    bool create_products, int64_t now,
			    sr_sales_progress_fn progress, void *ctx,
			    struct sr_buf *out, struct sr_fail *f);

/* sr_demand_forecast()'s from when the caller names no day. */
#define SR_DEMAND_FROM_AUTO INT64_MIN

/*
 * The forecast of product_id for the days days (1..SR_DEMAND_MAX_DAYS)
 * from its sales before the first day forecast, which is:
 *   - from, a day number, when it is not SR_DEMAND_FROM_AUTO;
 *   - else today, unless nothing at all sold on the 7 days before today
 *     (or on the days before today, when days > 7): the history ended
 *     well before today, and the forecast starts the day after the last
 *     day anything sold.
 * Appends {"product_id", "name", "from": the first day, "history_last":
 * the last day anything sold before it, "days": [{"date", "open", "mean",
 * "sd", "quantity"}], "history_days": the open days the forecast used,
 * "warnings": [{"code", "message"}], "note"}. A weekday is open when the
 * shop opened on at least half of its last eight on record (the days after
 * the last sale are not on record). warnings holds "history_ended" when
 * the start moved to the day after the history, "history_old" when a
 * chosen from is as far after it. quantity is what to make that morning
 * with nothing in stock (sr_forecast_batch()), at the product's price and
 * unit cost (material_cost plus minutes_per_unit at the settings'
 * hourly_rate). Errors: SR_ENOTFOUND (no such product), SR_EINVAL (bad
 * days or from, or no sales on record before the first day), SR_EDB,
 * SR_ENOMEM.
 */
enum sr_err sr_demand_forecast(sr_store *s, int64_t product_id, int days,
			       int64_t today, int64_t from, struct sr_buf *out,
			       struct sr_fail *f);

#endif
