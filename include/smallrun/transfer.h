/*
 * transfer.h - the records to and from CSV files, one per resource, for
 * makers who live in spreadsheets and for moving a workshop between
 * machines.
 *
 * A folder holds products.csv, customers.csv, materials.csv, orders.csv,
 * batches.csv, batch-materials.csv, time-entries.csv, sales.csv and
 * settings.csv. The header names the fields (as in the API); money is in
 * major units ("4.50"); an empty field is null.
 */
#ifndef SMALLRUN_TRANSFER_H
#define SMALLRUN_TRANSFER_H

#include <stdint.h>

#include "smallrun/err.h"
#include "smallrun/records.h"
#include "smallrun/store.h"

/* Called every so often during an import: the file and rows done in it. */
typedef void (*sr_progress_fn)(void *ctx, const char *file, long rows);

/*
 * Write every record into dir (created if missing; files in it are
 * replaced). The export is one consistent moment of the database.
 */
enum sr_err sr_export_csv(sr_store *s, const char *dir, struct sr_fail *f);

/*
 * Append resource r's file (the same bytes sr_export_csv() writes as
 * r's .csv), read in one transaction, to out. SR_ETOOBIG when it does not
 * fit out's maximum, SR_EINVAL for no such resource; out is unchanged on
 * failure.
 */
enum sr_err sr_export_csv_one(sr_store *s, enum sr_res r, struct sr_buf *out,
			      struct sr_fail *f);

/*
 * Add the records in dir's CSV files to the database, all or nothing (one
 * transaction). Files may be missing; columns may be in any order and any
 * may be left out except required ones. The "id" column links rows across
 * the files: a reference to a resource whose file is present names a row
 * of that file, else a row already in the database. Batch codes are kept.
 * Errors name the file, line and field: "orders.csv line 4: due_date must
 * be a date as YYYY-MM-DD".
 */
enum sr_err sr_import_csv(sr_store *s, const char *dir, int64_t now,
			  sr_progress_fn progress, void *ctx,
			  struct sr_fail *f);

#endif
