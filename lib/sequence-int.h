/*
 * sequence-int.h - between the sequencing front (sequence.c: checks, plans,
 * CSV, JSON) and its search (sequence-search.c). Private to lib/.
 *
 * The search sees a reduced problem: only jobs with minutes > 0 and
 * weight > 0 (the others have a fixed best place, set by sequence.c), and
 * every number already checked against the bounds in sequence.h, so that
 * no sum in the search can overflow.
 */
#ifndef SMALLRUN_SEQUENCE_INT_H
#define SMALLRUN_SEQUENCE_INT_H

#include "smallrun/sequence.h"

struct seq_prob {
	size_t n;	   /* jobs */
	size_t m;	   /* workers */
	const int64_t *p;  /* minutes, > 0 */
	const int64_t *w;  /* weight, > 0 */
	const int64_t *d;  /* due */
	const int64_t *t0; /* per worker: free from */
};

/*
 * An assignment: worker w's jobs are seq[w * n .. w * n + len[w]), in order
 * of work (rows of n, so jobs can move between workers in place).
 */
struct seq_sol {
	int32_t *seq;
	size_t *len;
	int64_t total;
};

/* The total weighted lateness of sol (recomputed from scratch). */
int64_t sr_seq_sol_eval(const struct seq_prob *pb, const struct seq_sol *sol);

/*
 * List scheduling by a dispatch rule (SR_SEQ_ATC: the best of its range of
 * look-ahead values), into sol (sized for pb). Returns SR_OK or SR_ENOMEM.
 */
enum sr_err sr_seq_sol_dispatch(const struct seq_prob *pb,
				enum sr_seq_rule rule, struct seq_sol *sol);

/*
 * The search of sequence.h into sol (sized for pb), from start when it is
 * not NULL (a solution of pb; its total need not be set), else from the
 * best dispatch rule; sets *optimal when the plan is proven optimal and
 * fills st. Returns SR_OK or SR_ENOMEM.
 */
enum sr_err sr_seq_search(const struct seq_prob *pb,
			  const struct sr_seq_opts *o,
			  const struct seq_sol *start, struct seq_sol *sol,
			  bool *optimal, struct sr_seq_stats *st);

#endif
