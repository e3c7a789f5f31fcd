/*
 * allocate.c - the order a sale from stock takes a product's batches in,
 * and how much it takes from each (allocate.h). Pure: the batches come in
 * as an array, the parts go out as one.
 */
#include "compat.h"

#include "allocate.h"

bool sr_alloc_on_hand(const struct sr_alloc_batch *b, int64_t day)
{
	return b->available > 0 && b->run_date <= day && b->best_before >= day;
}

/* Oldest best-before first (SR_ALLOC_KEEPS is the largest: last), then
 * the earlier run, then the lower id. */
static int by_best_before(const void *pa, const void *pb)
{
	const struct sr_alloc_batch *a = pa, *b = pb;

	if (a->best_before != b->best_before)
		return a->best_before < b->best_before ? -1 : 1;
	if (a->run_date != b->run_date)
		return a->run_date < b->run_date ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

enum sr_err sr_allocate(struct sr_alloc_batch *batches, size_t n, int64_t day,
			int64_t quantity, struct sr_alloc_part *parts,
			size_t *nparts, int64_t *on_hand, int64_t *taken,
			struct sr_fail *f)
{
	int64_t left = quantity;
	enum sr_err err = SR_OK;

	*nparts = 0;
	*on_hand = 0;
	*taken = 0;
	if (quantity < 1) {
		err = sr_fail_set(f, SR_EINVAL, "out_of_range", "quantity",
				  "quantity must be 1 or more");
		goto out;
	}
	if (n > 1)
		qsort(batches, n, sizeof(*batches), by_best_before);
	for (size_t i = 0; i < n; i++) {
		const struct sr_alloc_batch *b = &batches[i];
		int64_t give;

		if (!sr_alloc_on_hand(b, day))
			continue;
		*on_hand = b->available > INT64_MAX - *on_hand
				   ? INT64_MAX
				   : *on_hand + b->available;
		if (!left)
			continue;
		give = b->available < left ? b->available : left;
		parts[(*nparts)++] = (struct sr_alloc_part){i, give};
		left -= give;
	}
	*taken = quantity - left;
out:
	return err;
}
