/*
 * demo.h - the sample workshop: a made-up mixed workshop, "Clay & Crumb",
 * that throws pots to order and in kiln runs and bakes biscuits in batches,
 * put into an empty database so that every page has something true to
 * show at once, and taken out again to start afresh.
 *
 * The sample is written through the ordinary record calls, so every rule
 * and every derived column holds as if a maker had typed it in: batch
 * codes, best-before dates, stock taken off materials, sales within each
 * batch's stock and never before it was made. Its dates are around today
 * (the caller's), so it always reads as the last eight weeks of a
 * workshop: products of each mode, customers, orders in every status (two
 * due within the week, one late), batches done and planned with codes, QC
 * notes and material lots, eight weeks of sales shaped by the weekday
 * (closed on Sundays), time on orders and batches, a day off next week,
 * and the settings (hours, two workers, rate, overhead). No randomness:
 * the same today gives the same sample.
 *
 * sql/0012-sample.sql notes it as loaded. A record the maker adds later is
 * told apart from the sample's by its id and its creation time.
 *
 * Errors besides those below: SR_EDB, SR_ENOMEM.
 */
#ifndef SMALLRUN_DEMO_H
#define SMALLRUN_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "smallrun/buf.h"
#include "smallrun/err.h"
#include "smallrun/store.h"

/*
 * Fill an empty database with the sample, all in one transaction. today is
 * the workshop's local date (a day number) and now the time in seconds
 * since the epoch (the sample's created_at). body[0..len) may be empty or
 * an empty JSON object; anything else is SR_EINVAL (bad_json,
 * unknown_field). SR_ECONFLICT "not_empty" when the database holds any
 * record, its message naming how many of what; "already_loaded" when the
 * sample is loaded. The settings it replaces are kept, to be put back by
 * sr_demo_remove(). Appends {"loaded_at", "workshop_name", "records":
 * {"products": N, … every list resource}, "total"}.
 */
enum sr_err sr_demo_fill(sr_store *s, const char *body, size_t len,
			 int64_t today, int64_t now, struct sr_buf *out,
			 struct sr_fail *f);

/*
 * Is the sample loaded, is the database empty, and what has the maker
 * added beside the sample: {"loaded", "loaded_at" (null when not loaded),
 * "empty" (no record at all), "added": [{"resource", "count", "ids": the
 * first 10}]} ("added" empty when not loaded).
 */
enum sr_err sr_demo_status(sr_store *s, struct sr_buf *out, struct sr_fail *f);

/*
 * Start afresh: remove every record and put back the settings the sample
 * replaced, in one transaction, when the database holds only the sample
 * (records the maker changed count as the sample's; records they added do
 * not). SR_ENOTFOUND "no_sample" when it is not loaded; SR_ECONFLICT
 * "not_only_sample" when records were added since, the message naming
 * them ("1 product (6), 2 sales (140, 141)") and details.added listing
 * them as sr_demo_status() does; nothing is removed then. Appends
 * {"removed": {"products": N, …}, "total"}.
 */
enum sr_err sr_demo_remove(sr_store *s, int64_t now, struct sr_buf *out,
			   struct sr_fail *f);

#endif
