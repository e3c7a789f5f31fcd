/*
 * records.h - the workshop's records: settings, products, customers,
 * suppliers, custom orders, batches, materials and the units they are
 * bought in, recipes, material use, time entries and sales.
 *
 * Every resource is described once (lib/resource.c: fields, types, bounds,
 * enums, references, filters); that description drives validation, JSON and
 * SQL alike, so the CLI and the JSON API share every check. Calls take and
 * give JSON text: a create or update body in, the stored object out.
 *
 * Every call that writes runs in one transaction and writes nothing when it
 * fails. Errors: SR_EINVAL (bad input; f names the field), SR_ENOTFOUND (no
 * such id), SR_ECONFLICT (clashes with stored data: a duplicate name, a row
 * still referenced, more than is in stock), SR_EDB, SR_ENOMEM.
 *
 * `now` is the current time in seconds since the epoch, passed in so that
 * the library never reads the clock.
 */
#ifndef SMALLRUN_RECORDS_H
#define SMALLRUN_RECORDS_H

#include <stdbool.h>
#include <stdint.h>

#include "smallrun/buf.h"
#include "smallrun/err.h"
#include "smallrun/store.h"

/*
 * The resources, in dependency order: each comes after every resource it
 * refers to (the order of export and import). The settings are described
 * like a resource but are one row, with no list and no id in the path.
 */
enum sr_res {
	SR_RES_PRODUCT,
	SR_RES_CUSTOMER,
	SR_RES_SUPPLIER,
	SR_RES_ORDER,
	SR_RES_BATCH,
	SR_RES_MATERIAL,
	SR_RES_MATERIAL_UNIT,
	SR_RES_RECIPE_LINE,
	SR_RES_PURCHASE,
	SR_RES_PURCHASE_LINE,
	SR_RES_LOT,
	SR_RES_BATCH_MATERIAL,
	SR_RES_TIME_ENTRY,
	SR_RES_SALE,
	SR_RES_DAY_OFF,
	SR_RES_QUOTE,
	SR_RES_SETTINGS,
	SR_RES__MAX
};

/* The resource's plural API name ("time-entries") and singular ("sale"). */
const char *sr_res_name(enum sr_res r);
const char *sr_res_singular(enum sr_res r);
/* The resource with that plural or singular name, or -1. */
int sr_res_find(const char *name);
/* Is r a list of records (not the settings singleton)? */
bool sr_res_is_list(enum sr_res r);
/*
 * The CLI's noun for r ("time" for time entries) and its one-line summary
 * for `smallrun --help`; NULL for a resource with no noun (the settings).
 */
const char *sr_res_noun(enum sr_res r);
const char *sr_res_summary(enum sr_res r);
/* The resource whose CLI noun is noun, or -1. */
int sr_res_find_noun(const char *noun);

/* What a caller may know of a field, to build options, forms and tables. */
struct sr_field_info {
	const char *name;    /* "material_cost", "hours.mon" */
	const char *type;    /* int, money, text, enum, date, time, ref */
	bool required;       /* must be given when creating */
	bool nullable;       /* may be null (cleared) */
	bool read_only;      /* set by smallrun (id, code, computed, …) */
	bool owner_only;     /* only the owner may set it (a product's price) */
	int64_t min, max;    /* bounds, or byte lengths for text */
	const char *const *values; /* enum: NULL-terminated */
	const char *ref;     /* ref: the plural name of the resource */
};

/* How many fields r has (SR_RES_SETTINGS included); fill info for field i. */
size_t sr_res_field_count(int r);
void sr_res_field_info(int r, size_t i, struct sr_field_info *info);
/* The i-th list filter of r and the field it compares, or NULL past the end. */
const char *sr_res_filter(int r, size_t i, const char **field);
/* The fields a summary table shows, e.g. "id,name,price"; every resource. */
const char *sr_res_columns(int r);

/*
 * Append the description of every resource as JSON, for forms that check
 * as the user types: {"resources": {"products": {"singular", "fields":
 * [{name, type, required, nullable, read_only, min, max, values?, ref?}],
 * "filters": [{name, field}], "columns": [...]}, …, "settings": {…}},
 * "units": {"g": {"g": 1, "kg": 1000}, …}} (the standard units of each
 * base, units.h).
 */
enum sr_err sr_schema_to_json(struct sr_buf *out, struct sr_fail *f);

/*
 * Build a create or update body for r from text values (command-line
 * options): whole numbers parsed, money given in major units ("4.50"
 * becomes 450 minor units), "" or "null" clears a field. names are field
 * names as in sr_field_info. SR_EINVAL with f naming a bad value.
 */
enum sr_err sr_rec_body_from_text(int r, const char *const *names,
				  const char *const *values, size_t n,
				  struct sr_buf *out, struct sr_fail *f);

/* A list request: filters by name (as in a query string) and a page. */
#define SR_LIST_MAX_FILTERS 32
#define SR_LIST_DEFAULT 100
#define SR_LIST_MAX 1000
struct sr_list_query {
	const char *names[SR_LIST_MAX_FILTERS];	 /* filter names */
	const char *values[SR_LIST_MAX_FILTERS]; /* their values, as text */
	size_t n;
	int64_t limit;	/* 1..SR_LIST_MAX; 0 means SR_LIST_DEFAULT */
	int64_t offset; /* >= 0 */
};

/* Append {"items": [...], "total": N, "limit": L, "offset": O} to out. */
enum sr_err sr_rec_list(sr_store *s, enum sr_res r,
			const struct sr_list_query *q, struct sr_buf *out,
			struct sr_fail *f);

/* Append the object with this id to out. */
enum sr_err sr_rec_get(sr_store *s, enum sr_res r, int64_t id,
		       struct sr_buf *out, struct sr_fail *f);

/*
 * Create from a JSON object body; append the stored object (with its id and
 * every server-set field) to out and set *id.
 */
enum sr_err sr_rec_create(sr_store *s, enum sr_res r, const char *body,
			  size_t len, int64_t now, int64_t *id,
			  struct sr_buf *out, struct sr_fail *f);

/* Change the fields given in the body (PATCH); append the result to out. */
enum sr_err sr_rec_update(sr_store *s, enum sr_res r, int64_t id,
			  const char *body, size_t len, int64_t now,
			  struct sr_buf *out, struct sr_fail *f);

/* The most records one sr_rec_update_many() changes. */
#define SR_BULK_MAX 1000

/*
 * Change many records of r at once: body {"ids": [id, …], "set": {fields}},
 * 1 to SR_BULK_MAX ids, none twice. Each is changed exactly as
 * sr_rec_update() would change it with body "set", all in one
 * transaction: one unknown id (SR_EINVAL "unknown_reference", field
 * "ids") or one record the change does not fit (its error, the message
 * naming it: "product 7: …") changes nothing. Appends
 * {"items": [each record as now stored, in the order of ids], "total": n}.
 */
enum sr_err sr_rec_update_many(sr_store *s, enum sr_res r, const char *body,
			       size_t len, int64_t now, struct sr_buf *out,
			       struct sr_fail *f);

/*
 * Record material used by a batch: body {"material_id", "quantity", "lot"?}.
 * Takes the quantity off the material's stock in the same transaction.
 */
enum sr_err sr_batch_material_add(sr_store *s, int64_t batch_id,
				  const char *body, size_t len, int64_t now,
				  int64_t *id, struct sr_buf *out,
				  struct sr_fail *f);

/* Delete; SR_ECONFLICT, naming what refers to it, when still in use. */
enum sr_err sr_rec_delete(sr_store *s, enum sr_res r, int64_t id,
			  struct sr_fail *f);

/* The workshop settings: read, and change the fields given (PUT). */
enum sr_err sr_settings_get(sr_store *s, struct sr_buf *out, struct sr_fail *f);
enum sr_err sr_settings_update(sr_store *s, const char *body, size_t len,
			       struct sr_buf *out, struct sr_fail *f);

/*
 * The timer. Start: body {"worker", "order_id" | "batch_id", "note"?};
 * a running timer of the same worker is stopped first. Stop: body
 * {"worker"}; SR_ENOTFOUND when none runs. Both append the entry written
 * (start: {"started": …, "stopped": … or null}). Status appends
 * {"running": [entries with "elapsed_minutes"]}, for one worker or all
 * (worker NULL).
 */
enum sr_err sr_timer_start(sr_store *s, const char *body, size_t len,
			   int64_t now, struct sr_buf *out, struct sr_fail *f);
enum sr_err sr_timer_stop(sr_store *s, const char *body, size_t len,
			  int64_t now, struct sr_buf *out, struct sr_fail *f);
enum sr_err sr_timer_status(sr_store *s, const char *worker, int64_t now,
			    struct sr_buf *out, struct sr_fail *f);

/*
 * Finished goods: every product with its units available (made - rejected
 * - sold) and whether it is retired, leaving out retired products with
 * none available unless q->retired (what is left of one still sells); a
 * page of the batches that still have stock, by product, run date and id,
 * of one product or of all; materials at or under their reorder level;
 * storage used against capacity; and the lots with stock left that are
 * past their date or expire within q->soon_days of today (q->now), with
 * warnings that say so in words:
 * {"products": [...], "batches": {"items", "total", "limit", "offset"},
 *  "low_materials": [...], "storage": {used, capacity, free, over},
 *  "expiring_lots": [{id, material_id, material_name, lot, expires_on,
 *  remaining, unit, status ("expired"|"soon"), days_left}],
 *  "soon_days": n, "warnings": [{code, message, lots}]}.
 * Storage too large to count (past 2^63) is "used": null, "free": null.
 */
struct sr_stock_query {
	int64_t product_id; /* 0: every product */
	int64_t limit;	    /* 1..SR_LIST_MAX; 0 means SR_LIST_DEFAULT */
	int64_t offset;	    /* >= 0 */
	bool retired;	    /* retired products with none available too */
	int64_t now;	    /* seconds since the epoch: today */
	int64_t soon_days;  /* 0..SR_STOCK_SOON_MAX: how far ahead is soon */
};
/* A lot expiring within this many days is flagged "soon" (default 7). */
#define SR_STOCK_SOON_DEFAULT 7
#define SR_STOCK_SOON_MAX 365
enum sr_err sr_stock(sr_store *s, const struct sr_stock_query *q,
		     struct sr_buf *out, struct sr_fail *f);

/*
 * The recall list of a batch: the batch, the material lots it used, and
 * every sale and customer that received it.
 */
enum sr_err sr_trace_batch(sr_store *s, int64_t batch_id, struct sr_buf *out,
			   struct sr_fail *f);
/*
 * The same for a batch given by its code. A code matches by its key
 * (sr_trace_key()) when no code is exactly it. SR_ENOTFOUND (code
 * "not_found", field "code") when none matches, its message naming up to
 * 5 close codes ("did you mean …?"); SR_ECONFLICT ("ambiguous") when two
 * codes have the key and neither is exact.
 */
enum sr_err sr_trace_code(sr_store *s, const char *code, struct sr_buf *out,
			  struct sr_fail *f);
/*
 * Every batch that used a supplier's lot, and who received them:
 * {lot, lots, batches, customers, suggestions}. The lot matches by its
 * key: lots lists the spellings on record that matched. When none did,
 * suggestions holds up to 5 stored lots close to it (suggest() in
 * trace.c says which), else it is empty. SR_EINVAL (field "lot") for a
 * lot whose key is empty.
 */
enum sr_err sr_trace_lot(sr_store *s, const char *lot, struct sr_buf *out,
			 struct sr_fail *f);

/*
 * The key a lot or batch code is matched by: its ASCII letters in capitals,
 * every space, '-' and '_' left out, every other byte as it is. out must
 * hold strlen(text) + 1 bytes (a key is never longer); returns its length.
 */
size_t sr_trace_key(const char *text, char *out);

/* The known lots, for a picker: a page, in key order. */
struct sr_lots_query {
	const char *q;	/* NULL: all; else the lots whose key starts with q's */
	int64_t limit;	/* 1..SR_LIST_MAX; 0 means SR_LIST_DEFAULT */
	int64_t offset; /* >= 0 */
};
/* {"items": [{lot, batches}], total, limit, offset}. */
enum sr_err sr_lots(sr_store *s, const struct sr_lots_query *q,
		    struct sr_buf *out, struct sr_fail *f);

#endif
