/*
 * allocate.h - which batches a sale from stock comes out of (pure: no
 * I/O, no clock). Private to lib/: rules.c reads a product's batches,
 * asks here, and writes one sale per batch drawn on.
 *
 * The rule: a sale on day takes from the batches on hand that day (some
 * left, run on or before day, best-before not before day), oldest
 * best-before first, those that keep (no best-before) last; between equal
 * dates the earlier run, then the lower id.
 */
#ifndef SMALLRUN_ALLOCATE_H
#define SMALLRUN_ALLOCATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smallrun/err.h"

/* A best-before date a batch does not have: it keeps. */
#define SR_ALLOC_KEEPS INT64_MAX

struct sr_alloc_batch {
	int64_t id;
	int64_t run_date;    /* a day number (date.h) */
	int64_t best_before; /* a day number, or SR_ALLOC_KEEPS */
	int64_t available;   /* made - rejected - sold; may be 0 or less */
};

/* One batch a sale draws on: batches[batch] after sr_allocate() sorted. */
struct sr_alloc_part {
	size_t batch;
	int64_t quantity; /* from 1 */
};

/* Is b on hand for a sale on day? */
bool sr_alloc_on_hand(const struct sr_alloc_batch *b, int64_t day);

/*
 * Sort batches[0..n) into the order a sale takes them (above; in place),
 * then take quantity (from 1) sold on day from those on hand. parts, with
 * room for n, gets the batches drawn on in that order (*nparts of them),
 * each with how many it gives; *on_hand is how many all the batches on
 * hand hold; *taken how many were allocated: quantity, or *on_hand when
 * that is less (a sum past INT64_MAX stops there). SR_EINVAL naming
 * "quantity" when quantity is below 1, else SR_OK.
 */
enum sr_err sr_allocate(struct sr_alloc_batch *batches, size_t n, int64_t day,
			int64_t quantity, struct sr_alloc_part *parts,
			size_t *nparts, int64_t *on_hand, int64_t *taken,
			struct sr_fail *f);

#endif
