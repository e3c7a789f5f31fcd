/*
 * seeded.h - a seeded SQLite store for the fuzz drivers that call the
 * records (fuzz-bulk, fuzz-receive, fuzz-done, fuzz-quote, fuzz-invoice):
 * a fresh file in a private
 * folder (under /dev/shm when it exists), seeded once, kept as a copy, and
 * put back after a call that changed it, so every input starts from the
 * same state. Each driver has one; every failure here is abort().
 */
#ifndef SMALLRUN_FUZZ_SEEDED_H
#define SMALLRUN_FUZZ_SEEDED_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "smallrun/buf.h"
#include "smallrun/err.h"
#include "smallrun/records.h"
#include "smallrun/store.h"

#define FUZZ_OUT_MAX (1 << 22)
#define FUZZ_NOW INT64_C(1796083200) /* 2026-12-01 */

/* The store open now (fuzz_restore() opens it afresh). */
extern sr_store *fuzz_store;

/* Say what failed, with f's code and message when f is not NULL; abort. */
void fuzz_die(const char *what, const struct sr_fail *f);

/* Make the folder and an empty store in it; name (the driver's, "done")
 * names the folder and every fuzz_die() message. Removed at exit. */
void fuzz_open(const char *name);
/* Add a record of resource r from its JSON body, or change record id. */
void fuzz_seed(const char *r, const char *body);
void fuzz_seed_update(const char *r, int64_t id, const char *body);
/* The seeding is done: keep the store as it is now as the copy. */
void fuzz_keep(void);
/* Put the kept copy back, and open it. */
void fuzz_restore(void);

/* Every record of r as JSON (retired products too); the caller decrefs. */
json_t *fuzz_all_of(enum sr_res r);
/* Every record of the n resources r, as compact JSON, appended to out. */
void fuzz_snapshot(const enum sr_res *r, size_t n, struct sr_buf *out);

/*
 * What every refused call must be: bad input, a conflict or a record not
 * found (err), said in words (f's code and message) and not caught by the
 * schema's own constraints; and it wrote nothing, the state after (as
 * the driver snapshots it) the same as before. Else fuzz_die().
 */
void fuzz_refused(enum sr_err err, const struct sr_fail *f,
		  const struct sr_buf *before, const struct sr_buf *after);

#endif
