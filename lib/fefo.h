/*
 * fefo.h - which lots a making takes, first-expiring first (private to
 * lib/). Pure: lots in, picks out, no I/O and no clock.
 *
 * A lot is usable on the day of making when it has stock left and has not
 * expired by then: its expiry date, when it has one, is that day or later
 * (a lot that expires on the day is still used that day). Usable lots are
 * taken in this order: the first to expire first, lots with no date
 * after every dated one; among lots expiring the same day (or none), the
 * one received first; then the lowest id. Each is taken whole, the last
 * only in part, until the need is covered or no usable lot is left: what
 * is still needed then is the short part.
 */
#ifndef SMALLRUN_FEFO_H
#define SMALLRUN_FEFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smallrun/err.h"

/* A lot's expires day when it has none: after every date. */
#define SR_FEFO_NO_DATE INT64_MAX

/* One lot of a material: its days are day numbers (date.h). */
struct sr_fefo_lot {
	int64_t id;
	int64_t expires;   /* the last day it may be used; SR_FEFO_NO_DATE */
	int64_t received;  /* the day it came */
	int64_t remaining; /* what is left, in the material's base unit */
};

/* What is taken from one lot: lots[lot] of sr_fefo_pick()'s array. */
struct sr_fefo_take {
	size_t lot;
	int64_t quantity; /* 1 to that lot's remaining */
};

/* What sr_fefo_pick() found. */
struct sr_fefo_result {
	size_t ntakes;	   /* takes[0 .. ntakes-1], in the order taken */
	int64_t usable;	   /* the usable lots' remaining, all together */
	int64_t shortfall; /* need - what was taken: 0 when covered */
};

/* Is lot usable on day (stock left, not expired before it)? */
bool sr_fefo_usable(const struct sr_fefo_lot *lot, int64_t day);

/* The FEFO order of two lots, as qsort() compares: <0, 0 or >0. */
int sr_fefo_cmp(const void *a, const void *b);

/*
 * Take need from the n lots for a making on day. The lots are sorted in
 * place into FEFO order first (sr_fefo_cmp()), and the takes name them by
 * their place in that order. takes has room for n (at most one take a
 * lot). A need of 0 takes nothing. SR_EINVAL for a negative need or a
 * negative remaining (nothing is taken); SR_OK otherwise, *res filled.
 * usable saturates at INT64_MAX.
 */
enum sr_err sr_fefo_pick(struct sr_fefo_lot *lots, size_t n, int64_t need,
			 int64_t day, struct sr_fefo_take *takes,
			 struct sr_fefo_result *res);

#endif
