/*
 * move.h - one workshop moved from one store into another, as it is
 * (`smallrun migrate`, doc/HOSTED.md): a SQLite file's workshop into a
 * hosted PostgreSQL database as a new workshop, or a hosted workshop out
 * into a new SQLite file.
 *
 * Every row of every table that holds a workshop's records goes over with
 * every column and its id, so references, the trace and the audit log
 * hold as they were: settings, records, accounts with their password
 * hashes, sessions and tokens, the audit log, the sample's note, sales
 * imports. The workshop's name and the instant it was created go with
 * it; not the login throttle (a server's guard, not a record). It is one
 * transaction on the store written to, which first reads every row back
 * and compares it, column by column, with the one it came from (read in
 * one snapshot of the other store): anything different, and nothing is
 * written.
 */
#ifndef SMALLRUN_MOVE_H
#define SMALLRUN_MOVE_H

#include <stddef.h>
#include <stdint.h>

#include "smallrun/err.h"
#include "smallrun/store.h"

/* The most tables a move reports on (sql.c's list has fewer). */
#define SR_MOVE_TABLES 40

/* What a move did: each table's rows, all checked. */
struct sr_move_report {
	int64_t workshop; /* the workshop's id in the store written to */
	size_t ntables;
	struct {
		const char *name; /* static */
		int64_t rows;
	} table[SR_MOVE_TABLES];
	int64_t rows; /* in all */
};

/*
 * Move workshop from_ws of from into to. When to holds many workshops
 * (PostgreSQL), the workshop is made there with slug (SR_ECONFLICT
 * "duplicate", field "slug", when it is taken); else (a SQLite file) slug
 * is NULL and to must hold no record yet (SR_ECONFLICT "not_empty"): a
 * new file. now is the instant a new workshop row is stamped with, before
 * it takes the moved one's. Errors: SR_ENOTFOUND (no workshop from_ws),
 * SR_ECONFLICT "not_same" (a row read back differs: the message names
 * the table, id and column), "unknown_column" (a store has a table or
 * column this smallrun does not move), SR_EDB.
 */
enum sr_err sr_move(sr_store *from, int64_t from_ws, sr_store *to,
		    const char *slug, int64_t now, struct sr_move_report *r,
		    struct sr_fail *f);

#endif
