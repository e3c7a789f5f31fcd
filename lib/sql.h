/*
 * sql.h - every SQL statement smallrun runs, in one table (private to lib/).
 *
 * A statement is named by a key: a named query (enum sr_q) or one of the
 * statements generated from a resource's description (get, insert, update,
 * delete, a list or count for one combination of filters, a count of the
 * rows that refer to another). The text is written in the SQL that SQLite
 * and PostgreSQL share, with ?1, ?2 … parameters (written $1, $2 … for
 * PostgreSQL, which has a text of its own for the few queries where the two
 * differ); a backend prepares each key the first time one of its
 * connections runs it, and keeps it.
 *
 * Every statement that returns rows declares its columns' names; a backend
 * checks them against what the statement really returns when it prepares
 * it, so a misspelt alias fails at once instead of reading as nothing.
 */
#ifndef SMALLRUN_SQL_H
#define SMALLRUN_SQL_H

#include <stdint.h>

#include "resource.h"
#include "smallrun/buf.h"

/* The queries beyond the generated ones. */
enum sr_q {
	SR_Q_BATCH_CODE_MAX,	   /* (prefix) -> n: highest suffix in use */
	SR_Q_BATCH_BY_CODE,	   /* (code) -> id */
	SR_Q_BATCH_BY_CODE_KEY,	   /* (key) -> up to 2 ids */
	SR_Q_CODES_AFTER,	   /* (key, limit) -> key, name: codes after */
	SR_Q_CODES_BEFORE,	   /* (key, limit) -> key, name: codes before */
	SR_Q_BATCH_SOLD,	   /* (batch_id, except sale id or 0) -> sold */
	SR_Q_MATERIAL_ADJUST,	   /* (delta, material_id) */
	SR_Q_TIMER_RUNNING,	   /* (worker or null) -> running entries */
	SR_Q_STOCK_PRODUCTS,	   /* (retired too) -> per product */
	SR_Q_STOCK_BATCHES,	   /* (limit, offset) -> batches with stock */
	SR_Q_STOCK_BATCHES_OF,	   /* (product_id, limit, offset) */
	SR_Q_STOCK_BATCH_COUNT,	   /* () -> batches with stock */
	SR_Q_STOCK_BATCH_COUNT_OF, /* (product_id) */
	SR_Q_STOCK_MATERIALS,	   /* () -> at or under reorder level */
	SR_Q_SELL_BATCHES,	   /* (product_id) -> its batches with stock */
	SR_Q_STORAGE_PARTS,	   /* () -> available and space per unit */
	SR_Q_STORAGE_CAPACITY,	   /* () -> capacity */
	SR_Q_TRACE_MATERIALS,	   /* (batch_id) -> material lots */
	SR_Q_TRACE_SALES,	   /* (batch_id) -> sales with customers */
	SR_Q_TRACE_LOT,		   /* (key) -> batch ids */
	SR_Q_TRACE_LOT_NAMES,	   /* (key) -> lot: the spellings stored */
	SR_Q_LOTS_AFTER,	   /* (key, limit) -> key, name: lots after */
	SR_Q_LOTS_BEFORE,	   /* (key, limit) -> key, name: lots before */
	SR_Q_LOTS,		 /* (from key, to key, limit, offset) -> lots */
	SR_Q_LOTS_COUNT,	 /* (from key, to key) -> n */
	SR_Q_ECON_TRACKED,	 /* (product_id) -> minutes, units, runs */
	SR_Q_ECON_SOLD,		 /* (product_id, from, to) -> units, ever */
	SR_Q_ECON_QUEUE,	 /* () -> minutes left on accepted orders */
	SR_Q_PLAN_ORDERS,	 /* () -> open orders with minutes left */
	SR_Q_PLAN_RUNS,		 /* (from date) -> booked batch runs */
	SR_Q_PLAN_DAYS_OFF,	 /* (from date) -> days off */
	SR_Q_PRODUCT_BY_NAME,	 /* (name, any case) -> id, price */
	SR_Q_SALE_IMPORTED,	 /* (product, day) -> imported sale, quantity */
	SR_Q_SALE_REIMPORT,	 /* (import, sale): the import that set it */
	SR_Q_IMPORT_ADD,	 /* (file, instant) -> a new sales import */
	SR_Q_SALES_DAILY,	 /* (product_id) -> sold_on, units per day */
	SR_Q_SALES_DAYS,	 /* () -> sold_on: every day with a sale */
	SR_Q_RECIPE_LINES,	 /* (product_id) -> its lines, with costs */
	SR_Q_RECIPE_SUBS,	 /* (product_id) -> the products it uses */
	SR_Q_RECIPE_COUNT,	 /* (product_id) -> how many lines */
	SR_Q_RECIPE_UP,		 /* (product_id) -> it and every user of it */
	SR_Q_RECIPE_UP_MATERIAL, /* (material_id) -> every product using it */
	SR_Q_RECIPE_SET_COST,	 /* (cost or null, product_id) */
	SR_Q_PRODUCT_IDS,	 /* () -> every product's id */
	SR_Q_SAMPLE,		 /* () -> the sample's row, when loaded */
	SR_Q_SAMPLE_ADD,	 /* (loaded_at, last_ids, settings) */
	SR_Q_SAMPLE_CLEAR,	 /* (): the sample is gone */
	/* Accounts, sessions, tokens and the audit log (accounts.c). */
	SR_Q_ACCOUNT_ANY,      /* () -> n: 1 when any account exists */
	SR_Q_ACCOUNT_ADD,      /* (name, login, role, hash, at) -> id */
	SR_Q_ACCOUNT_BY_LOGIN, /* (login, any case) -> the account */
	SR_Q_ACCOUNT_GET,      /* (id) -> the account */
	SR_Q_ACCOUNT_LIST,     /* (limit, offset) -> accounts, no hash */
	SR_Q_ACCOUNT_COUNT,    /* () -> n */
	SR_Q_ACCOUNT_OWNERS,   /* () -> n: how many owners */
	SR_Q_ACCOUNT_SET,      /* (name, login, role, id) */
	SR_Q_ACCOUNT_HASH,     /* (hash, id) */
	SR_Q_ACCOUNT_REMOVE,   /* (id) */
	SR_Q_SESSION_ADD,      /* (key, account, at, expiry, ua, addr) */
	SR_Q_SESSION_FIND,     /* (key, now) -> session and its account */
	SR_Q_SESSION_TOUCH,    /* (at, expires, id) */
	SR_Q_SESSION_LIST,     /* (account) -> its sessions, newest first */
	SR_Q_SESSION_END,      /* (id, account) -> id when it was one */
	SR_Q_SESSION_END_ALL,  /* (account, except id or 0) */
	SR_Q_SESSION_PURGE,    /* (now): the expired ones */
	SR_Q_TOKEN_ADD,	       /* (key, account, kind, name, at) -> id */
	SR_Q_TOKEN_FIND,       /* (key, kind) -> token and its account */
	SR_Q_TOKEN_TOUCH,      /* (at, id) */
	SR_Q_TOKEN_LIST,       /* (account) -> its tokens, no key */
	SR_Q_TOKEN_REMOVE,     /* (id, account) -> id when it was one */
	SR_Q_TOKEN_REMOVE_ALL, /* (account): every token of theirs */
	SR_Q_TOKEN_COUNT,      /* (account) -> n */
	SR_Q_AUDIT_ADD,	       /* (at, actor, account, what, id, ...) */
	SR_Q_AUDIT_LIST,       /* (actor, resource, record, limit, offset) */
	SR_Q_AUDIT_COUNT,      /* (actor, resource, record) -> n */
	SR_Q_AUDIT_CREATOR,    /* (resource, id) -> account that made it */
	/* Goods in, expiry and what to buy (goods-in.c, trace.c, to-buy.c). */
	SR_Q_PURCHASE_RECEIVED, /* (purchase_id) -> lines, received, whole */
	SR_Q_LOTS_EXPIRING,	/* (until date) -> lots with stock, by date */
	SR_Q_BUY_BATCHES,	/* (from, to) -> planned and running runs */
	SR_Q_BUY_ORDERS,	/* (from, to) -> open orders of a product */
	SR_Q_ON_ORDER,		/* () -> material_id, on_order: still to come */
	/* Making takes from stock (stock.c, consume.c). */
	SR_Q_LOTS_OPEN, /* (material_id) -> its lots with stock, FEFO */
	SR_Q_LOT_TAKE,	/* (quantity, lot_id): off its remaining */
	/* Invoices (invoice.c): numbered under the writer lock. */
	SR_Q_INVOICE_NEXT,	 /* () -> n: the greatest number plus one */
	SR_Q_INVOICE_ADD,	 /* (number, customer, order, dates, …) -> id */
	SR_Q_INVOICE_LINE_ADD,	 /* (invoice, sale, description, …) */
	SR_Q_INVOICE_GET,	 /* (id) -> the invoice, its customer's name */
	SR_Q_INVOICE_BY_NUMBER,	 /* (number) -> id */
	SR_Q_INVOICE_LINES,	 /* (invoice_id) -> its lines, by id */
	SR_Q_INVOICE_LIST,	 /* (customer, order, unpaid, overdue, today,
				    limit, offset) -> invoices, newest first */
	SR_Q_INVOICE_COUNT,	 /* (the same filters) -> n */
	SR_Q_INVOICE_OF_ORDER,	 /* (order_id, open only) -> number, id */
	SR_Q_INVOICE_OF_SALE,	 /* (sale_id, open only) -> number, id */
	SR_Q_INVOICE_PAID,	 /* (paid_on or null, id) */
	SR_Q_INVOICE_VOID,	 /* (void_on, id) */
	SR_Q_INVOICE_CLEAR,	 /* (): every line gone (the sample's reset) */
	SR_Q_INVOICE_CLEAR_ALL,	 /* (): every invoice gone, after its lines */
	/* Workshops (workshops.c), the credential lookup and the login
	 * throttle: directory transactions (backend.h), except ENTER's
	 * workshop's own row (WORKSHOP_GET) and SETTINGS_NEW. */
	SR_Q_WORKSHOP_LIST,    /* () -> every workshop, by id */
	SR_Q_WORKSHOP_BY_SLUG, /* (slug) -> the workshop */
	SR_Q_WORKSHOP_GET,     /* (id) -> the workshop */
	SR_Q_WORKSHOP_ADD,     /* (name, slug, at) -> id */
	SR_Q_WORKSHOP_STATUS,  /* (status, id) -> id when it was one */
	SR_Q_WORKSHOP_ENTER,   /* (id): the rest of the tx is its, locked */
	SR_Q_WORKSHOP_PURGE,   /* () -> n: the entered workshop's rows gone */
	SR_Q_SETTINGS_NEW,     /* (workshop name): a new workshop's settings */
	SR_Q_CREDENTIAL_FIND,  /* (key) -> workshop_id, account_id */
	SR_Q_THROTTLE_GET,     /* (key) -> failures, last */
	SR_Q_THROTTLE_FAIL,    /* (key, now, forget after): one more */
	SR_Q_THROTTLE_CLEAR,   /* (key) */
	SR_Q_THROTTLE_PURGE,   /* (before): the forgotten ones */
	/* Moving a workshop between stores (move.c). */
	SR_Q_CATALOG,	   /* () -> tbl, col: every table's columns */
	SR_Q_IDS_PAST,	   /* (table, last): new ids above last */
	SR_Q_WORKSHOP_SET, /* (name, created_at, id) */
	SR_Q__MAX
};

/* What a key names. */
enum sr_stmt_kind {
	SR_STMT_QUERY,	/* arg: enum sr_q */
	SR_STMT_GET,	/* (id) -> the row */
	SR_STMT_INSERT, /* (writable fields in order) -> id */
	SR_STMT_UPDATE, /* (writable fields in order, id) */
	SR_STMT_DELETE, /* (id) */
	SR_STMT_LIST,	/* arg: filter mask; (filters in mask order, limit,
			   offset) -> rows */
	SR_STMT_COUNT,	/* arg: filter mask; (filters) -> n */
	SR_STMT_REFS,	/* arg: field index of a reference; (id) -> n, id:
			   how many refer to id, and the first
			   SR_DB_REF_IDS (db.h) of them by id */
	SR_STMT_ADDED,	/* (last id, instant) -> n, id: the rows with a
			   higher id or created at another instant (the
			   maker's, beside the sample's), as SR_STMT_REFS */
	/* A workshop's tables as they are (move.c); arg: the table's index
	 * in sr_sql_tables(), the resource 0. */
	SR_STMT_ROWS,  /* (after id, limit) -> every column, by id */
	SR_STMT_PUT,   /* (the columns but the derived ones, in order) */
	SR_STMT_CLEAR, /* (): every row gone */
	SR_STMT_TALLY, /* () -> n, top: how many rows, the highest id */
	SR_STMT__MAX
};

/* The key of a statement: kind, resource and argument in one number. */
static inline uint64_t sr_stmt_key(enum sr_stmt_kind kind, enum sr_res r,
				   uint32_t arg)
{
	return (uint64_t)kind << 56 | (uint64_t)r << 40 | arg;
}

/* The key of a named query. */
static inline uint64_t sr_query_key(enum sr_q q)
{
	return sr_stmt_key(SR_STMT_QUERY, (enum sr_res)0, (uint32_t)q);
}

/* The SQL a backend speaks: the text of a statement is written for it. */
enum sr_dialect {
	SR_DIALECT_SQLITE, /* ?N parameters */
	SR_DIALECT_PG,	   /* $N parameters, and the queries' own .pg text */
	SR_DIALECT__MAX
};

/*
 * Append the SQL text of key in dialect d to sql and, to cols (when not
 * NULL), the names of the columns it returns, comma-separated ("" when it
 * returns none). SR_EINVAL for a key that names nothing; SR_ENOMEM when a
 * buffer is full.
 */
enum sr_err sr_sql_text(uint64_t key, enum sr_dialect d, struct sr_buf *sql,
			struct sr_buf *cols);

/* The names of the columns query q returns: "id,price". */
const char *sr_sql_columns(enum sr_q q);

/*
 * What a downloaded copy of the database leaves out: every session and
 * token, and every password hash (emptied: `smallrun user passwd` sets a
 * new one after a restore). Run on the copy, then VACUUM, so no freed page
 * keeps a secret either.
 */
extern const char sr_sql_scrub_secrets[];

/*
 * The tables that hold a workshop's records, every one but workshops
 * itself, in an order that puts each after those it refers to: what
 * `smallrun migrate` moves, column by column. cols lists every column
 * (PostgreSQL's workshop_id aside, which a transaction's workshop sets),
 * derived those the database itself keeps from other tables' rows
 * (triggers: batches.sold_qty from sales), which a copy leaves to it and
 * then checks. tests/unit/test-move.c checks the list against both
 * stores' catalogs, so that a migration adding a table or a column must
 * add it here.
 */
struct sr_sql_table {
	const char *name;
	const char *cols;    /* "id,name,…", id first */
	const char *derived; /* "sold_qty", or "" */
};
/* The list, and (*n) how many. */
const struct sr_sql_table *sr_sql_tables(size_t *n);
/* The tables that are no workshop's records, which a move passes over:
 * true for workshops, login_throttle, credentials, smallrun_schema and
 * SQLite's own (sqlite_…). */
bool sr_sql_table_unmoved(const char *name);
/* Is col one of table t's derived columns? */
bool sr_sql_derived(size_t t, const char *col);

/* Is the field a stored column a client or smallrun writes? */
bool sr_sql_writable(const struct sr_field *fd);

#endif
