/*
 * fefo.c - first-expiring first, out of a material's lots (fefo.h). Pure:
 * what consume.c reads from the store comes in as an array, and what to
 * take goes out as another.
 */
#include "compat.h"

#include "fefo.h"

bool sr_fefo_usable(const struct sr_fefo_lot *lot, int64_t day)
{
	return lot->remaining > 0 && lot->expires >= day;
}

static int cmp_i64(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

int sr_fefo_cmp(const void *pa, const void *pb)
{
	const struct sr_fefo_lot *a = pa, *b = pb;
	int c = cmp_i64(a->expires, b->expires);

	if (!c)
		c = cmp_i64(a->received, b->received);
	return c ? c : cmp_i64(a->id, b->id);
}

enum sr_err sr_fefo_pick(struct sr_fefo_lot *lots, size_t n, int64_t need,
			 int64_t day, struct sr_fefo_take *takes,
			 struct sr_fefo_result *res)
{
	int64_t left = need;

	*res = (struct sr_fefo_result){0, 0, need > 0 ? need : 0};
	if (need < 0)
		return SR_EINVAL;
	for (size_t i = 0; i < n; i++)
		if (lots[i].remaining < 0)
			return SR_EINVAL;
	if (n > 1)
		qsort(lots, n, sizeof(*lots), sr_fefo_cmp);
	for (size_t i = 0; i < n; i++) {
		int64_t take;

		if (!sr_fefo_usable(&lots[i], day))
			continue;
		if (__builtin_add_overflow(res->usable, lots[i].remaining,
					   &res->usable))
			res->usable = INT64_MAX;
		if (!left)
			continue;
		take = lots[i].remaining < left ? lots[i].remaining : left;
		takes[res->ntakes++] = (struct sr_fefo_take){i, take};
		left -= take;
	}
	res->shortfall = left;
	return SR_OK;
}
