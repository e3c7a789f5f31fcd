/*
 * stock.h - a material's stock and its lots, kept in step (private to
 * lib/).
 *
 * on_hand is the one count of a material's stock; its lots say which
 * stock that is. Every write keeps
 *
 *     sum(lots.remaining) <= max(on_hand, 0)
 *
 * What on_hand holds beyond its lots is loose stock, in no lot (stock
 * typed in by hand, a use with no lot put back): making takes it after
 * every usable lot, as a use with no lot. A use from a lot moves the lot
 * and on_hand by the same amount. Whatever else lowers on_hand (a use
 * with no lot, stock counted down by hand) takes what the lots then hold
 * beyond it off them, first to expire first, so the expired go first of
 * all (sr_stock_settle()); and a lot that comes while on_hand is below
 * zero is settled the same way, so it covers what was taken beyond stock.
 */
#ifndef SMALLRUN_STOCK_H
#define SMALLRUN_STOCK_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"

/* A material's stock as a making reads it (sr_stock_read()). */
struct sr_stock {
	json_t *material; /* its row */
	json_t *lots;	  /* its lots with stock left, sr_db_lots_open()'s */
	int64_t on_hand;
	int64_t held;  /* what the lots hold in all */
	int64_t loose; /* max(on_hand, 0) - held, at least 0 */
};

/* Read material_id's stock into *st: SR_ENOTFOUND when there is none. */
enum sr_err sr_stock_read(struct sr_tx *tx, int64_t material_id,
			  struct sr_stock *st, struct sr_fail *f);
void sr_stock_release(struct sr_stock *st);

/*
 * Keep the invariant for material_id once its on_hand is, or is about to
 * be, on_hand: take what its lots hold beyond max(on_hand, 0) off them,
 * in the order sr_db_lots_open() reads them.
 */
enum sr_err sr_stock_settle(struct sr_tx *tx, int64_t material_id,
			    int64_t on_hand, struct sr_fail *f);

/*
 * The write transaction tx restores records as a file has them (an
 * import, transfer.c), or none (NULL): in it no lot is settled, since what
 * each lot holds is the file's, restored once every record is in.
 */
void sr_stock_restoring(const struct sr_tx *tx);

#endif
