/*
 * store.h - where the workshop's records live.
 *
 * An opaque handle over a storage backend: the embedded SQLite file by
 * default (lib/store-sqlite.c), or a PostgreSQL database when the path is a
 * postgresql:// (or postgres://) URI (lib/store-pg.c). Callers do not
 * know which.
 */
#ifndef SMALLRUN_STORE_H
#define SMALLRUN_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "smallrun/buf.h"
#include "smallrun/err.h"

typedef struct sr_store sr_store;

/*
 * Open (creating if need be, with its folder) the database at path and
 * bring its schema up to date, each migration in its own transaction.
 * A path that is a postgresql:// or postgres:// URI (libpq's) opens that
 * PostgreSQL database instead, which must exist (empty, or smallrun's) and
 * sort text in the C collation. Returns SR_OK and *out (close it with
 * sr_store_close()), or an error with f saying what is wrong: SR_EIO when
 * the file cannot be opened, SR_EDB when the server cannot be reached, or
 * the database is not a smallrun database or is newer than this program.
 */
enum sr_err sr_store_open(const char *path, sr_store **out, struct sr_fail *f);

/* Close the store; NULL is a no-op. */
void sr_store_close(sr_store *s);

/*
 * Copy the whole database to path (which must not exist yet) with SQLite's
 * online backup, safe while a server writes: the copy is one consistent
 * moment. SR_EIO when path exists or cannot be written; SR_ECONFLICT
 * "not_supported" on PostgreSQL, whose copies are pg_dump's.
 */
enum sr_err sr_store_backup(sr_store *s, const char *path, struct sr_fail *f);

/*
 * Append a copy of the whole database file to out, as one consistent
 * moment (a read transaction), for a download: the records a file made by
 * sr_store_backup() would hold, with no secret in it (no session, no
 * token, every account's password hash empty, no freed page left over).
 * SR_ETOOBIG, before anything is copied,
 * when it would not fit out's maximum; SR_EDB when the copy fails;
 * SR_ECONFLICT "not_supported" on PostgreSQL. Out is unchanged on failure.
 */
enum sr_err sr_store_snapshot(sr_store *s, struct sr_buf *out,
			      struct sr_fail *f);

/* The schema version of the open database (SQLite's PRAGMA user_version,
 * PostgreSQL's smallrun_schema table; the same numbers for both). */
int sr_store_schema_version(sr_store *s);

/* The newest schema this program knows. */
int sr_store_schema_latest(void);

/*
 * Workshops (doc/HOSTED.md). A SQLite file holds one workshop; a
 * PostgreSQL database may hold many, each transaction seeing only the rows
 * of the workshop it is for: that of the thread's actor (auth.h,
 * sr_act_as), else the one the store is pinned to, else none, and then
 * it sees nothing at all.
 *
 * sr_store_tenants() says whether the store may hold many (PostgreSQL).
 * sr_store_pin() pins the store to workshop (0: none), for a program
 * that serves one workshop (the command line, a server for one
 * workshop); call it before the store is shared between threads.
 * sr_store_workshop() is the workshop this thread's transactions are for
 * now (0: none).
 */
bool sr_store_tenants(const sr_store *s);
void sr_store_pin(sr_store *s, int64_t workshop);
int64_t sr_store_workshop(const sr_store *s);

/*
 * Append path to out as it may be shown (a log, a start-up line): a
 * PostgreSQL URI with its password, if any, as ***. SR_ENOMEM when out is
 * full.
 */
enum sr_err sr_store_shown(const char *path, struct sr_buf *out);

/*
 * Append the default database path to out: $SMALLRUN_DB, else
 * $XDG_DATA_HOME/smallrun/smallrun.db, else
 * $HOME/.local/share/smallrun/smallrun.db. SR_EINVAL when none can be made.
 */
enum sr_err sr_store_default_path(struct sr_buf *out);

#endif
