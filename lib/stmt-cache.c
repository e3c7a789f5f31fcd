/* stmt-cache.c - a connection's prepared statements by key. */
#include "compat.h"

#include "stmt-cache.h"

/* key's slot in c: its own, or the empty one for it (c->nslots > 0). */
static struct sr_stmt_slot *slot_of(const struct sr_stmt_cache *c, uint64_t key)
{
	/* Fibonacci hashing spreads the packed kind/resource/arg bits. */
	size_t mask = c->nslots - 1;
	size_t i = (size_t)((key * UINT64_C(0x9e3779b97f4a7c15)) >> 32) & mask;

	while (c->slots[i].stmt && c->slots[i].key != key)
		i = (i + 1) & mask;
	return &c->slots[i];
}

void *sr_stmt_cache_get(const struct sr_stmt_cache *c, uint64_t key)
{
	return c->nslots ? slot_of(c, key)->stmt : NULL;
}

/* Make room for one more statement (kept at most half full). */
static int grow(struct sr_stmt_cache *c)
{
	struct sr_stmt_slot *old = c->slots;
	size_t n = c->nslots;

	if (2 * (c->used + 1) <= c->nslots)
		return 0;
	c->nslots = n ? 2 * n : 64;
	c->slots = calloc(c->nslots, sizeof(*c->slots));
	if (!c->slots) {
		c->slots = old;
		c->nslots = n;
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (old[i].stmt)
			*slot_of(c, old[i].key) = old[i];
	free(old);
	return 0;
}

int sr_stmt_cache_put(struct sr_stmt_cache *c, uint64_t key, void *stmt)
{
	if (grow(c))
		return -1;
	*slot_of(c, key) = (struct sr_stmt_slot){key, stmt};
	c->used++;
	return 0;
}

void sr_stmt_cache_release(struct sr_stmt_cache *c, void (*drop)(void *))
{
	for (size_t i = 0; i < c->nslots; i++)
		if (c->slots[i].stmt && drop)
			drop(c->slots[i].stmt);
	free(c->slots);
	*c = (struct sr_stmt_cache){0};
}
