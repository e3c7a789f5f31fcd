/*
 * store-int.h - what a storage backend implements (private; the SQLite
 * btree.h/btreeInt.h split). store.c holds the public entry points and
 * forwards to the backend's table of operations; lib/records.c works only
 * through these, so a PostgreSQL backend needs no change above this line.
 *
 * Rows travel as flat JSON objects keyed by field name (resource.h), with
 * integers, strings and nulls only.
 */
#ifndef SMALLRUN_STORE_INT_H
#define SMALLRUN_STORE_INT_H

#include <jansson.h>

#include "resource.h"
#include "smallrun/store.h"

/* Queries beyond the generic ones each resource gets. */
enum sr_sql {
	SR_SQL_BATCH_CODE_MAX,	/* (prefix) -> n: highest suffix in use */
	SR_SQL_BATCH_BY_CODE,	/* (code) -> id */
	SR_SQL_BATCH_SOLD,	/* (batch_id, except sale id) -> sold */
	SR_SQL_MATERIAL_ADJUST, /* (delta, material_id) */
	SR_SQL_TIMER_RUNNING,	/* (worker or null) -> running entries */
	SR_SQL_STOCK_PRODUCTS,	/* () -> per product */
	SR_SQL_STOCK_BATCHES,	/* () -> per batch with stock */
	SR_SQL_STOCK_MATERIALS, /* () -> at or under reorder level */
	SR_SQL_STOCK_STORAGE,	/* () -> used, capacity */
	SR_SQL_TRACE_MATERIALS, /* (batch_id) -> material lots */
	SR_SQL_TRACE_SALES,	/* (batch_id) -> sales with customers */
	SR_SQL_TRACE_LOT,	/* (lot) -> batch ids */
	SR_SQL_ECON_TRACKED,     /* (product_id) -> minutes, units */
	SR_SQL_ECON_SOLD,        /* (product_id, from, to) -> units, sales */
	SR_SQL_ECON_QUEUE,       /* () -> minutes left on accepted orders */
	SR_SQL_PLAN_ORDERS,      /* () -> open orders with minutes left */
	SR_SQL_PLAN_RUNS,        /* (from date) -> booked batch runs */
	SR_SQL_PLAN_DAYS_OFF,    /* (from date) -> days off */
	SR_SQL_PRODUCT_BY_NAME,  /* (name, any case) -> id, name, price */
	SR_SQL_SALE_IMPORTED,    /* (import_key) -> id */
	SR_SQL_SALES_DAILY,      /* (product_id) -> sold_on, units per day */
	SR_SQL_SALES_DAYS,       /* () -> sold_on: every day with a sale */
	SR_SQL__MAX
};

/* One connection inside one transaction; backends extend it. */
struct sr_tx {
	const struct sr_store_ops *ops;
};

struct sr_store_ops {
	const char *name;
	void (*close)(sr_store *s);
	int (*schema_version)(sr_store *s);
	/* Start a transaction; a write one excludes other writers. */
	enum sr_err (*begin)(sr_store *s, bool write, struct sr_tx **tx,
			     struct sr_fail *f);
	/* Commit (or roll back) and hand the connection back. */
	enum sr_err (*end)(struct sr_tx *tx, bool commit, struct sr_fail *f);
	enum sr_err (*get)(struct sr_tx *tx, const struct sr_resource *res,
			   int64_t id, json_t **row, struct sr_fail *f);
	enum sr_err (*insert)(struct sr_tx *tx, const struct sr_resource *res,
			      const json_t *row, int64_t *id,
			      struct sr_fail *f);
	enum sr_err (*update)(struct sr_tx *tx, const struct sr_resource *res,
			      int64_t id, const json_t *row, struct sr_fail *f);
	enum sr_err (*remove)(struct sr_tx *tx, const struct sr_resource *res,
			      int64_t id, struct sr_fail *f);
	/*
	 * Rows matching the filters (values[i] for res->filters[i], NULL
	 * where unused), a page of them and the total.
	 */
	enum sr_err (*list)(struct sr_tx *tx, const struct sr_resource *res,
			    json_t *const *values, int64_t limit,
			    int64_t offset, json_t **items, int64_t *total,
			    struct sr_fail *f);
	/* How many rows of from have field (a reference) equal to id. */
	enum sr_err (*count_refs)(struct sr_tx *tx,
				  const struct sr_resource *from,
				  const struct sr_field *field, int64_t id,
				  int64_t *n, struct sr_fail *f);
	/* Copy the database to a new file (sr_store_backup). */
	enum sr_err (*backup)(sr_store *s, const char *path,
			      struct sr_fail *f);
	/* A named query with positional parameters; rows as objects. */
	enum sr_err (*query)(struct sr_tx *tx, enum sr_sql q,
			     const json_t *params, json_t **rows,
			     struct sr_fail *f);
};

struct sr_store {
	const struct sr_store_ops *ops;
};

/* lib/store-sqlite.c */
enum sr_err sr_store_sqlite_open(const char *path, sr_store **out,
				 struct sr_fail *f);
int sr_store_sqlite_latest(void);

/* Shorthands over the ops for lib/records.c. */
enum sr_err sr_tx_begin(sr_store *s, bool write, struct sr_tx **tx,
			struct sr_fail *f);
/*
 * Run a named query; params (a JSON array, stolen, typically from
 * json_pack) may be NULL only when allocating it failed.
 */
enum sr_err sr_tx_query(struct sr_tx *tx, enum sr_sql q, json_t *params,
			json_t **rows, struct sr_fail *f);
/* The first column of the first row as an integer (0 when no row). */
enum sr_err sr_tx_query_int(struct sr_tx *tx, enum sr_sql q, json_t *params,
			    int64_t *v, struct sr_fail *f);
/* End tx (commit when commit and err is SR_OK) and return err. */
enum sr_err sr_tx_finish(struct sr_tx *tx, enum sr_err err, struct sr_fail *f);

#endif
