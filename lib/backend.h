/*
 * backend.h - what a storage backend implements (private to lib/).
 *
 * A backend holds connections and runs statements: it opens the database
 * and brings its schema up to date, starts and ends transactions, copies
 * the database, and runs any statement of lib/sql.c by its key with bound
 * values, handing back each row as an array of values. It knows nothing of
 * resources, rules or reports: lib/db.c builds the typed store API that
 * domain code uses on this interface alone, so a second backend
 * (PostgreSQL) implements these few operations and passes the same
 * conformance suite (tests/unit/test-store.c) without any domain change.
 *
 * The write guarantee the rules rely on: a transaction begun with write
 * set excludes every other write transaction on the same database, in this
 * process and in others, from its begin to its end, and reads what every
 * earlier write committed. So a rule that reads and then writes inside one
 * write transaction — stock that cannot be oversold, one running timer per
 * worker, the next free batch code — cannot interleave with another
 * writer. (SQLite: BEGIN IMMEDIATE and one writer per process.
 * PostgreSQL: a transaction-level advisory lock taken at begin.)
 *
 * Workshops: a PostgreSQL database may hold many (doc/HOSTED.md). A
 * transaction is for one of them, named at begin: it sees and writes that
 * workshop's rows only (row-level security keyed by the transaction's
 * setting), and the write guarantee holds among the writers of the same
 * workshop, which alone wait for each other. Workshop 0 is none: such a
 * transaction sees no workshop's rows. A directory transaction
 * (SR_TX_DIRECTORY) also reads and writes the few tables that span
 * workshops (workshops, credentials, login_throttle), and nothing else of
 * any workshop's but the named one's. SQLite holds one workshop and
 * ignores both.
 */
#ifndef SMALLRUN_BACKEND_H
#define SMALLRUN_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h" /* enum sr_tx_flags */
#include "smallrun/err.h"
#include "smallrun/store.h"

/* A value bound to a statement or read from a row. */
enum sr_vtype { SR_V_NULL, SR_V_INT, SR_V_TEXT };

struct sr_val {
	enum sr_vtype type;
	int64_t i;     /* SR_V_INT */
	const char *s; /* SR_V_TEXT: valid during the row callback only */
	size_t len;
};

#define SR_VAL_NULL ((struct sr_val){.type = SR_V_NULL})
#define SR_VAL_INT(x) ((struct sr_val){.type = SR_V_INT, .i = (x)})
#define SR_VAL_TEXT(x)                                                   \
	((struct sr_val){.type = SR_V_TEXT, .s = (x), .len = strlen(x)})

/*
 * Called for each result row with its columns, in the order the statement
 * declares them (sql.h). A non-zero return stops the statement and is
 * returned by exec (with f set by the callback).
 */
typedef enum sr_err (*sr_row_fn)(void *ctx, const struct sr_val *cols,
				 size_t ncols, struct sr_fail *f);

/* One connection inside one transaction; backends extend it. */
struct sr_tx {
	const struct sr_backend_ops *ops;
};

struct sr_backend_ops {
	const char *name;
	void (*close)(sr_store *s);
	int (*schema_version)(sr_store *s);
	/* Start a transaction on a free connection (see the guarantee),
	 * flags of enum sr_tx_flags, for workshop (0: none). */
	enum sr_err (*begin)(sr_store *s, unsigned flags, int64_t workshop,
			     struct sr_tx **tx, struct sr_fail *f);
	/* Commit (or roll back) and hand the connection back. */
	enum sr_err (*end)(struct sr_tx *tx, bool commit, struct sr_fail *f);
	/* Copy the database to a new file (sr_store_backup). */
	enum sr_err (*backup)(sr_store *s, const char *path,
			      struct sr_fail *f);
	/* Append the database's file, as of one moment, to out
	 * (sr_store_snapshot). */
	enum sr_err (*snapshot)(sr_store *s, struct sr_buf *out,
				struct sr_fail *f);
	/*
	 * Run the statement key (sr_sql_text() gives its text the first time
	 * a connection needs it) with params bound as ?1 … ?n, calling row
	 * (may be NULL) for each result. A constraint the data breaks is
	 * SR_ECONFLICT ("duplicate" naming the column, "in_use") or SR_EINVAL;
	 * what names the record in messages ("product").
	 */
	enum sr_err (*exec)(struct sr_tx *tx, uint64_t key,
			    const struct sr_val *params, size_t n,
			    sr_row_fn row, void *ctx, const char *what,
			    struct sr_fail *f);
};

struct sr_store {
	const struct sr_backend_ops *ops;
	/* The workshop of a transaction whose thread's actor names none
	 * (sr_store_pin); 0: none. Set before the store is shared. */
	int64_t workshop;
	/* Does the database hold many workshops (PostgreSQL)? */
	bool tenants;
};

/* lib/store-sqlite.c */
enum sr_err sr_store_sqlite_open(const char *path, sr_store **out,
				 struct sr_fail *f);
int sr_store_sqlite_latest(void);

/* lib/store-pg.c: conninfo is a libpq connection string or URI. */
enum sr_err sr_store_pg_open(const char *conninfo, sr_store **out,
			     struct sr_fail *f);
int sr_store_pg_latest(void);

/*
 * The version a migration file brings the schema to: its NNNN prefix
 * ("/0012-sample.sql" is 12), or -1 when it has none. Both stores' lists
 * of migrations are named so, with the same numbers.
 */
struct sr_embed;
int sr_migration_version(const struct sr_embed *m);
/* The newest schema a list of n migrations brings: the last one's (0: none). */
int sr_migrations_latest(const struct sr_embed *list, size_t n);

#endif
