/*
 * stmt-cache.h - a connection's prepared statements by key (private to
 * lib/): the table each backend keeps so that a statement of lib/sql.c is
 * prepared the first time a connection runs it, and only then (a list's
 * every combination of filters is a statement of its own, so only those
 * used are made).
 */
#ifndef SMALLRUN_STMT_CACHE_H
#define SMALLRUN_STMT_CACHE_H

#include <stddef.h>
#include <stdint.h>

struct sr_stmt_slot {
	uint64_t key;
	void *stmt; /* the backend's; NULL: an empty slot */
};

/* Open addressing, kept at most half full; all zero is an empty cache. */
struct sr_stmt_cache {
	struct sr_stmt_slot *slots;
	size_t nslots, used; /* nslots a power of two, or 0 */
};

/* The statement stored for key, or NULL. */
void *sr_stmt_cache_get(const struct sr_stmt_cache *c, uint64_t key);

/* Store stmt (not NULL) for key, which has none yet. -1 when out of
 * memory (the cache is unchanged, stmt still the caller's). */
int sr_stmt_cache_put(struct sr_stmt_cache *c, uint64_t key, void *stmt);

/* Hand each statement to drop (may be NULL), free the table, empty it. */
void sr_stmt_cache_release(struct sr_stmt_cache *c, void (*drop)(void *));

#endif
