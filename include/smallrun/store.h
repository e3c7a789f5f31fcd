/*
 * store.h - where the workshop's records live.
 *
 * An opaque handle over a storage backend: the embedded SQLite file by
 * default (lib/store-sqlite.c); a PostgreSQL backend can implement the same
 * operations later without any caller changing.
 */
#ifndef SMALLRUN_STORE_H
#define SMALLRUN_STORE_H

#include "smallrun/buf.h"
#include "smallrun/err.h"

typedef struct sr_store sr_store;

/*
 * Open (creating if need be, with its folder) the database at path and
 * bring its schema up to date, each migration in its own transaction.
 * Returns SR_OK and *out (close it with sr_store_close()), or an error with
 * f saying what is wrong: SR_EIO when the file cannot be opened, SR_EDB when
 * it is not a smallrun database or is newer than this program.
 */
enum sr_err sr_store_open(const char *path, sr_store **out, struct sr_fail *f);

/* Close the store; NULL is a no-op. */
void sr_store_close(sr_store *s);

/*
 * Copy the whole database to path (which must not exist yet) with SQLite's
 * online backup, safe while a server writes: the copy is one consistent
 * moment. SR_EIO when path exists or cannot be written.
 */
enum sr_err sr_store_backup(sr_store *s, const char *path, struct sr_fail *f);

/*
 * Append a copy of the whole database file to out, as one consistent
 * moment (a read transaction), for a download: the records a file made by
 * sr_store_backup() would hold, with no secret in it (no session, no
 * token, every account's password hash empty, no freed page left over).
 * SR_ETOOBIG, before anything is copied,
 * when it would not fit out's maximum; SR_EDB when the copy fails. Out is
 * unchanged on failure.
 */
enum sr_err sr_store_snapshot(sr_store *s, struct sr_buf *out,
			      struct sr_fail *f);

/* The schema version of the open database (PRAGMA user_version). */
int sr_store_schema_version(sr_store *s);

/* The newest schema this program knows. */
int sr_store_schema_latest(void);

/*
 * Append the default database path to out: $SMALLRUN_DB, else
 * $XDG_DATA_HOME/smallrun/smallrun.db, else
 * $HOME/.local/share/smallrun/smallrun.db. SR_EINVAL when none can be made.
 */
enum sr_err sr_store_default_path(struct sr_buf *out);

#endif
