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
 * What an import does with a name in the file that no product has (or,
 * for skip and map, with any name in it).
 */
enum sr_import_action {
	SR_IMPORT_CREATE, /* a new product of that name */
	SR_IMPORT_SKIP,	  /* its sales are left out */
	SR_IMPORT_MAP,	  /* its sales are product_id's */
	SR_IMPORT__MAX
};
/* "create", "skip", "map", by enum sr_import_action. */
extern const char *const sr_import_actions[SR_IMPORT__MAX];

/* The most choices one import takes. */
#define SR_IMPORT_MAX_CHOICES 1000

struct sr_import_choice {
	char *name; /* as in the file, any case; the plan's own copy */
	enum sr_import_action action;
	int64_t product_id; /* map: the product its sales go to */
	int64_t price;	    /* create: its price, minor units; -1: none (0) */
	int mode;	/* create: index in the product's modes; -1: batch */
	char where[32]; /* what errors name: "--map", "products[2]" */
};

/*
 * How to run an import: for real or as a preview, and what to do with the
 * names no product has. Start from SR_IMPORT_PLAN_INIT, add choices with
 * sr_import_plan_add() or sr_import_plan_parse(), and free them with
 * sr_import_plan_release().
 */
struct sr_import_plan {
	bool preview;	      /* write nothing; say what the file holds */
	bool create_products; /* a name with no product and no choice is
				 created (batch, price 0); else refused */
	struct sr_import_choice *choices;
	size_t n, cap;
};
#define SR_IMPORT_PLAN_INIT                                                    \
	{                                                                      \
		false, false, NULL, 0, 0                                       \
	}

/*
 * Add a copy of c to p, checked: the name 1 to SR_SALES_MAX_NAME bytes of
 * UTF-8 and not chosen for already (any case), at most
 * SR_IMPORT_MAX_CHOICES, a product id for map, a price (0 to the price
 * field's bound) and a mode only for create. Errors name where: the field
 * itself when it starts with '-' (an option: "--map"), else where.member
 * ("products[2].price"). SR_EINVAL, SR_ENOMEM.
 */
enum sr_err sr_import_plan_add(struct sr_import_plan *p,
			       const struct sr_import_choice *c,
			       const char *where, struct sr_fail *f);

/*
 * Add the choices of a JSON plan of len bytes at json (at most 1 MiB):
 * {"create_products": bool, "products": [{"name": "Postcard", "action":
 * "create", "price": 150, "mode": "batch"}, {"name": "Adjustment",
 * "action": "skip"}, {"name": "Brownie", "action": "map", "product_id":
 * 4}]}, both members optional, nothing else in it. SR_EINVAL naming the
 * member ("products[2].action"), SR_ETOOBIG, SR_ENOMEM.
 */
enum sr_err sr_import_plan_parse(struct sr_import_plan *p, const char *json,
				 size_t len, struct sr_fail *f);

/* Free the choices; p is SR_IMPORT_PLAN_INIT again (preview kept). */
void sr_import_plan_release(struct sr_import_plan *p);

/*
 * Import the sales file of len bytes at data (either shape sales.h reads;
 * name is for messages: "NAME, line N: …"), read as enc: UTF-8 (checked;
 * a field that is not is SR_EINVAL "bad_encoding" naming the line) or
 * Windows-1252 (decoded). Products are matched by name ignoring case.
 *
 * plan (NULL: a real run with no choices) says what to do with the names
 * no product has: each choice's (create it, with a price and mode if
 * given, its imported sales at that price; skip its sales; or map them to
 * a product, which must exist and not be retired); the names left are
 * created when create_products, else they are one SR_EINVAL (field
 * "product") listing them. A choice for a name the file does not hold is
 * SR_EINVAL, and so is create for one a product has. Skip and map may be
 * chosen for a name a product has too.
 *
 * With plan->preview nothing is written (one read transaction) and the
 * answer is {"file", "preview": true, "rows", "days", "first_day",
 * "last_day", "names", "products_known", "unknown": [{"name", "rows",
 * "units", "days", "suggested": {"action", "product_id"?, "product_name"?,
 * "why"?}}]}: the names no product has, in the file's order, each with
 * the action suggested (map to a product whose name is a few letters
 * away, by sr_edit_distance(); skip a till's bookkeeping line such as
 * "Adjustment" or "Gift voucher"; else create). Choices are checked as
 * for a real run, so a preview with them says whether the run would go.
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
 * A real run appends {"file", "import_id", "products", "days",
 * "sales_added", "sales_replaced", "sales_unchanged", "products_created":
 * [names], "products_mapped": [{"name", "product_id"}],
 * "products_skipped": [names], "units_skipped", "rows_skipped"} to out.
 * progress may be NULL. Errors: SR_EINVAL, SR_ETOOBIG, SR_EDB, SR_ENOMEM.
 */
enum sr_err sr_sales_import(sr_store *s, const char *name, const char *data,
			    size_t len, enum sr_encoding enc,
			    const struct sr_import_plan *plan, int64_t now,
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
