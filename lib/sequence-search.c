/*
 * sequence-search.c - the search behind sr_seq_solve(): dispatch rules,
 * exact dynamic programmes for few jobs, and an iterated dynasearch.
 *
 * Dynasearch (Congram, Potts & van de Velde 2002). Take a sequence with
 * completion times C. A move on the segment of positions i..j that keeps
 * the same jobs in the segment leaves every completion time outside it
 * unchanged, so moves on disjoint segments are independent and their gains
 * add up. For every segment we price three moves:
 *   swap  - exchange the jobs at i and j;
 *   EFSR  - take the job at i out and put it back after the one at j;
 *   EBSR  - take the job at j out and put it back before the one at i
 * (the last two from Grosso, Della Croce & Tadei 2004). The insertions cost
 * O(1) each, by running sums as i or j moves on. A swap shifts the jobs
 * between by delta = p[j] - p[i]: each tardy one changes by its weight
 * times delta (prefix sums of tardy weight), and only jobs whose lateness
 * is within delta of zero need a look of their own, which a bound usually
 * makes unnecessary. A dynamic programme over positions then picks the best
 * set of disjoint moves, F[j+1] = min(F[j], min_i F[i] + gain(i, j)), and
 * applies them all at once. This repeats until no set gains; then a kick
 * (random swaps of jobs up to n/2 apart) and another descent, keeping the
 * new local optimum when it is no worse than the current one.
 *
 * With several workers the descent also sweeps over the jobs, moving each
 * to another worker (at the best place there) or swapping it with a job of
 * another worker when that gains, priced the same way from per-worker rows
 * of completion times; then dynasearch again on the workers that changed.
 */
#include "compat.h"

#include <math.h>

#include "sequence-int.h"

/* Most jobs for the exact programmes; beyond, their tables grow too big. */
#define DP_MAX_N 20
#define DP_MULTI_MAX_N 12
#define DP_MULTI_WORK 20000000.0

/* How far apart (in positions) two jobs of one move may be. */
#define WINDOW 400

/*
 * A kick: this many random swaps of two jobs up to n/2 positions apart
 * (with several workers, half of them move or swap a job to another
 * worker instead). Measured on the OR-Library sets (doc/PERFORMANCE.md):
 * 4 to 10 swaps over half the sequence reach every wt100 value within
 * 0.2 s; swaps kept within 10 or 25 positions miss some in 1 s.
 */
#define KICK_SWAPS 8

/* xoshiro256** seeded through splitmix64: small, fast, reproducible. */
struct rng {
	uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* A number in [0, n), n > 0 (the modulo bias is below 2^-50). */
static size_t rng_below(struct rng *r, size_t n)
{
	return (size_t)(rng_next(r) % n);
}

static inline int64_t pos(int64_t x)
{
	return x > 0 ? x : 0;
}

/* The change in w * max(0, lateness) when lateness l moves by delta. */
#define CHG(l, w, delta) ((w) * (pos((l) + (delta)) - pos(l)))

/* ---- solutions ---- */

static enum sr_err sol_alloc(struct seq_sol *x, size_t n, size_t m)
{
	x->seq = malloc((n ? n : 1) * m * sizeof(*x->seq));
	x->len = calloc(m, sizeof(*x->len));
	x->total = 0;
	if (!x->seq || !x->len)
		return SR_ENOMEM;
	return SR_OK;
}

static void sol_free(struct seq_sol *x)
{
	free(x->seq);
	free(x->len);
	x->seq = NULL;
	x->len = NULL;
}

static void sol_copy(const struct seq_prob *pb, struct seq_sol *to,
		     const struct seq_sol *from)
{
	for (size_t w = 0; w < pb->m; w++) {
		memcpy(to->seq + w * pb->n, from->seq + w * pb->n,
		       from->len[w] * sizeof(*to->seq));
		to->len[w] = from->len[w];
	}
	to->total = from->total;
}

static int64_t row_eval(const struct seq_prob *pb, const int32_t *s, size_t len,
			int64_t t)
{
	int64_t sum = 0;

	for (size_t k = 0; k < len; k++) {
		t += pb->p[s[k]];
		sum += pb->w[s[k]] * pos(t - pb->d[s[k]]);
	}
	return sum;
}

int64_t sr_seq_sol_eval(const struct seq_prob *pb, const struct seq_sol *sol)
{
	int64_t sum = 0;

	for (size_t w = 0; w < pb->m; w++)
		sum += row_eval(pb, sol->seq + w * pb->n, sol->len[w],
				pb->t0[w]);
	return sum;
}

/* ---- dispatch rules ---- */

/* The look-ahead values tried for ATC, in units of the mean job length. */
static const double atc_k[] = {0.1, 0.25, 0.5, 0.75, 1.0, 1.25,
			       1.5, 2.0,  2.5, 3.0,  4.0, 6.0};

/*
 * List scheduling: the worker free first takes the waiting job with the
 * highest priority. rule SR_SEQ_ATC uses look-ahead k (times mean p).
 */
static void list_schedule(const struct seq_prob *pb, enum sr_seq_rule rule,
			  double k, int32_t *left, double *lw, int64_t *free_at,
			  struct seq_sol *x)
{
	size_t n = pb->n, nleft = n;
	double pbar = 0, scale;

	for (size_t j = 0; j < n; j++) {
		left[j] = (int32_t)j;
		lw[j] = log((double)pb->w[j] / (double)pb->p[j]);
		pbar += (double)pb->p[j];
	}
	pbar = n ? pbar / (double)n : 1;
	scale = 1.0 / (k * pbar);
	for (size_t w = 0; w < pb->m; w++) {
		free_at[w] = pb->t0[w];
		x->len[w] = 0;
	}
	while (nleft) {
		size_t wk = 0, pick = 0;
		int64_t t;

		for (size_t w = 1; w < pb->m; w++)
			if (free_at[w] < free_at[wk])
				wk = w;
		t = free_at[wk];
		for (size_t q = 1; q < nleft; q++) {
			int32_t a = left[q], b = left[pick];
			bool better;

			if (rule == SR_SEQ_EDD) {
				better = pb->d[a] < pb->d[b] ||
					 (pb->d[a] == pb->d[b] && a < b);
			} else if (rule == SR_SEQ_WSPT) {
				int64_t l = pb->w[a] * pb->p[b],
					r = pb->w[b] * pb->p[a];
				better = l > r || (l == r && a < b);
			} else {
				double ia = lw[a] - (double)pos(pb->d[a] -
								pb->p[a] - t) *
							    scale,
				       ib = lw[b] - (double)pos(pb->d[b] -
								pb->p[b] - t) *
							    scale;
				better = ia > ib || (ia == ib && a < b);
			}
			if (better)
				pick = q;
		}
		x->seq[wk * n + x->len[wk]++] = left[pick];
		free_at[wk] += pb->p[left[pick]];
		/* Keep left[] in index order so ties go to the lowest. */
		memmove(left + pick, left + pick + 1,
			(nleft - pick - 1) * sizeof(*left));
		nleft--;
	}
	x->total = sr_seq_sol_eval(pb, x);
}

enum sr_err sr_seq_sol_dispatch(const struct seq_prob *pb,
				enum sr_seq_rule rule, struct seq_sol *sol)
{
	struct seq_sol tmp = {NULL, NULL, 0};
	int32_t *left = malloc((pb->n + 1) * sizeof(*left));
	double *lw = malloc((pb->n + 1) * sizeof(*lw));
	int64_t *free_at = malloc(pb->m * sizeof(*free_at));
	enum sr_err err = SR_ENOMEM;
	size_t nk = pb->n > 2000 ? 1 : SR_ARRAY_SIZE(atc_k);

	if (!left || !lw || !free_at || sol_alloc(&tmp, pb->n, pb->m))
		goto out;
	if (rule != SR_SEQ_ATC) {
		list_schedule(pb, rule, 1, left, lw, free_at, sol);
	} else if (nk == 1) {
		list_schedule(pb, rule, 2.0, left, lw, free_at, sol);
	} else {
		for (size_t i = 0; i < nk; i++) {
			list_schedule(pb, rule, atc_k[i], left, lw, free_at,
				      &tmp);
			if (i == 0 || tmp.total < sol->total)
				sol_copy(pb, sol, &tmp);
		}
	}
	err = SR_OK;
out:
	sol_free(&tmp);
	free(left);
	free(lw);
	free(free_at);
	return err;
}

/* ---- exact: dynamic programmes over subsets ---- */

/*
 * best[S] = least cost of doing the jobs in S (bits over jobs[]) first,
 * from time t0; last[S] = the job done last. 2^k entries each.
 */
static void dp_subsets(const struct seq_prob *pb, const int32_t *jobs, size_t k,
		       int64_t t0, int64_t *best, uint8_t *last, int64_t *psum)
{
	size_t full = (size_t)1 << k;

	best[0] = 0;
	psum[0] = t0;
	for (size_t s = 1; s < full; s++) {
		size_t low = (size_t)__builtin_ctzll((unsigned long long)s);
		int64_t t = psum[s & (s - 1)] + pb->p[jobs[low]], b = INT64_MAX;
		uint8_t bl = 0;

		psum[s] = t;
		for (size_t rest = s; rest; rest &= rest - 1) {
			size_t j = (size_t)__builtin_ctzll(
				(unsigned long long)rest);
			int32_t job = jobs[j];
			int64_t c = best[s & ~((size_t)1 << j)] +
				    pb->w[job] * pos(t - pb->d[job]);

			if (c < b) {
				b = c;
				bl = (uint8_t)j;
			}
		}
		best[s] = b;
		last[s] = bl;
	}
}

/* Write the jobs of subset s in the order last[] gives, into out. */
static size_t dp_order(const int32_t *jobs, const uint8_t *last, size_t s,
		       int32_t *out)
{
	size_t cnt = (size_t)__builtin_popcountll((unsigned long long)s);

	for (size_t k = cnt; k-- > 0;) {
		out[k] = jobs[last[s]];
		s &= ~((size_t)1 << last[s]);
	}
	return cnt;
}

/* Exact for one worker; SR_ENOMEM or SR_OK with x filled. */
static enum sr_err exact_single(const struct seq_prob *pb, struct seq_sol *x)
{
	size_t full = (size_t)1 << pb->n;
	int64_t *best = malloc(full * sizeof(*best));
	int64_t *psum = malloc(full * sizeof(*psum));
	uint8_t *last = malloc(full);
	int32_t *jobs = malloc((pb->n + 1) * sizeof(*jobs));
	enum sr_err err = SR_ENOMEM;

	if (!best || !psum || !last || !jobs)
		goto out;
	for (size_t j = 0; j < pb->n; j++)
		jobs[j] = (int32_t)j;
	dp_subsets(pb, jobs, pb->n, pb->t0[0], best, last, psum);
	x->len[0] = dp_order(jobs, last, full - 1, x->seq);
	x->total = best[full - 1];
	err = SR_OK;
out:
	free(best);
	free(psum);
	free(last);
	free(jobs);
	return err;
}

/*
 * Exact for several workers: g_w[T] is the best one worker w can do with
 * the jobs T; h_w[S] = min over T within S of h_{w-1}[S \ T] + g_w[T]
 * (3^n steps a worker).
 */
static enum sr_err exact_multi(const struct seq_prob *pb, struct seq_sol *x)
{
	size_t n = pb->n, m = pb->m, full = (size_t)1 << n;
	int64_t *g = malloc(m * full * sizeof(*g));
	uint8_t *last = malloc(m * full);
	int64_t *psum = malloc(full * sizeof(*psum));
	int64_t *h = malloc(2 * full * sizeof(*h));
	uint16_t *pick = malloc(m * full * sizeof(*pick));
	int32_t *jobs = malloc((n + 1) * sizeof(*jobs));
	enum sr_err err = SR_ENOMEM;
	size_t s;

	if (!g || !last || !psum || !h || !pick || !jobs)
		goto out;
	for (size_t j = 0; j < n; j++)
		jobs[j] = (int32_t)j;
	for (size_t w = 0; w < m; w++) {
		size_t same = w;

		for (size_t v = 0; v < w; v++)
			if (pb->t0[v] == pb->t0[w]) {
				same = v;
				break;
			}
		if (same != w) {
			memcpy(g + w * full, g + same * full,
			       full * sizeof(*g));
			memcpy(last + w * full, last + same * full, full);
		} else {
			dp_subsets(pb, jobs, n, pb->t0[w], g + w * full,
				   last + w * full, psum);
		}
	}
	memcpy(h, g, full * sizeof(*h));
	for (s = 0; s < full; s++)
		pick[s] = (uint16_t)s;
	for (size_t w = 1; w < m; w++) {
		int64_t *prev = h + ((w - 1) & 1) * full,
			*cur = h + (w & 1) * full;
		const int64_t *gw = g + w * full;

		for (s = 0; s < full; s++) {
			int64_t b = prev[s] + gw[0];
			size_t bt = 0;

			/* Every non-empty subset t of s, as worker w's share.
			 */
			for (size_t t = s; t; t = (t - 1) & s) {
				int64_t c = prev[s & ~t] + gw[t];

				if (c < b) {
					b = c;
					bt = t;
				}
			}
			cur[s] = b;
			pick[w * full + s] = (uint16_t)bt;
		}
	}
	x->total = h[((m - 1) & 1) * full + full - 1];
	s = full - 1;
	for (size_t w = m; w-- > 0;) {
		size_t t = pick[w * full + s];

		x->len[w] = dp_order(jobs, last + w * full, t, x->seq + w * n);
		s &= ~t;
	}
	err = SR_OK;
out:
	free(g);
	free(last);
	free(psum);
	free(h);
	free(pick);
	free(jobs);
	return err;
}

/*
 * One allocation of k arrays of n numbers each, *parts[i] pointing at the
 * i-th (all NULL when it fails); the block is freed through *parts[0].
 */
static int64_t *carve(size_t n, int64_t **const *parts, size_t k)
{
	int64_t *block = malloc(k * n * sizeof(int64_t));

	for (size_t i = 0; i < k; i++)
		*parts[i] = block ? block + i * n : NULL;
	return block;
}


/* ---- the local search ---- */

struct search {
	const struct seq_prob *pb;
	const struct sr_seq_opts *o;
	struct rng rng;
	size_t n, m, window;
	int64_t t_start;
	uint64_t work; /* steps of pricing moves (max_work) */
	bool stop;     /* a budget is spent, or the caller cancelled */
	bool cut;      /* ... by the clock or the cancel flag */

	/* one worker's row: per position (n + 1 each) */
	int64_t *C, *L, *wp, *pp, *cost, *F, *acc, *tw;
	int32_t *chi;
	uint8_t *cht;
	size_t *near;

	/* all workers' rows, for moves between workers (m * (n + 1)) */
	int64_t *mC, *mL, *mw, *mp, *mcost, *mtw;
	size_t *mnear;
	int64_t pmax; /* the longest job */
};

enum { MOVE_NONE, MOVE_EFSR, MOVE_EBSR, MOVE_SWAP };

static enum sr_err search_init(struct search *S, const struct seq_prob *pb,
			       const struct sr_seq_opts *o)
{
	size_t n1 = pb->n + 1, mn1 = pb->m * n1;

	memset(S, 0, sizeof(*S));
	S->pb = pb;
	S->o = o;
	S->n = pb->n;
	S->m = pb->m;
	S->window = pb->n < WINDOW ? pb->n : WINDOW;
	rng_seed(&S->rng, o->seed);
	for (size_t j = 0; j < pb->n; j++)
		if (pb->p[j] > S->pmax)
			S->pmax = pb->p[j];
	S->C = carve(n1, (int64_t **[]){&S->C, &S->L, &S->wp, &S->pp, &S->cost,
				      &S->F, &S->acc, &S->tw},
		     8);
	S->chi = malloc(n1 * sizeof(*S->chi));
	S->cht = malloc(n1);
	S->near = malloc(n1 * sizeof(*S->near));
	if (!S->C || !S->chi || !S->cht || !S->near)
		return SR_ENOMEM;
	if (pb->m > 1) {
		S->mC = carve(mn1, (int64_t **[]){&S->mC, &S->mL, &S->mw,
						  &S->mp, &S->mcost, &S->mtw},
			      6);
		S->mnear = malloc(mn1 * sizeof(*S->mnear));
		if (!S->mC || !S->mnear)
			return SR_ENOMEM;
	}
	return SR_OK;
}

static void search_release(struct search *S)
{
	free(S->C);
	free(S->chi);
	free(S->cht);
	free(S->near);
	free(S->mC);
	free(S->mnear);
}

static void apply_move(int32_t *s, size_t i, size_t j, int type)
{
	int32_t t;

	if (type == MOVE_SWAP) {
		t = s[i];
		s[i] = s[j];
		s[j] = t;
	} else if (type == MOVE_EFSR) {
		t = s[i];
		memmove(s + i, s + i + 1, (j - i) * sizeof(*s));
		s[j] = t;
	} else {
		t = s[j];
		memmove(s + i + 1, s + i, (j - i) * sizeof(*s));
		s[i] = t;
	}
}

/*
 * One dynasearch step on s[0..len) starting at t0: find the best set of
 * disjoint moves and apply it. Returns the change in cost (< 0), or 0 when
 * no set of moves gains.
 */
static int64_t dyna_pass(struct search *S, int32_t *s, size_t len, int64_t t0)
{
	const struct seq_prob *pb = S->pb;
	int64_t *C = S->C, *L = S->L, *wp = S->wp, *pp = S->pp;
	int64_t *cost = S->cost, *F = S->F, *acc = S->acc, *tw = S->tw;
	int32_t *chi = S->chi;
	uint8_t *cht = S->cht;
	size_t *near = S->near, win = S->window;
	int64_t t = t0, maxp = 0;
	uint64_t work = 0; /* pairs priced, and looks at near positions */

	if (len < 2)
		return 0;
	tw[0] = 0;
	for (size_t k = 0; k < len; k++) {
		int32_t job = s[k];

		t += pb->p[job];
		C[k] = t;
		pp[k] = pb->p[job];
		wp[k] = pb->w[job];
		L[k] = t - pb->d[job];
		cost[k] = wp[k] * pos(L[k]);
		tw[k + 1] = tw[k] + (L[k] > 0 ? wp[k] : 0);
		if (pp[k] > maxp)
			maxp = pp[k];
	}
	/* near[k]: the first position >= k whose lateness is within maxp. */
	near[len] = len;
	for (size_t k = len; k-- > 0;)
		near[k] = L[k] > -maxp && L[k] < maxp ? k : near[k + 1];
	F[0] = 0;
	for (size_t j = 0; j < len; j++) {
		int64_t best = F[j], pj = pp[j], wj = wp[j], Lj = L[j];
		int64_t dj = C[j] - Lj, accb = 0;
		size_t lo = j > win ? j - win : 0;
		int32_t bi = -1;
		uint8_t bt = MOVE_NONE;

		acc[j] = 0;
		work += j - lo;
		for (size_t i = j; i-- > lo;) {
			int64_t pi = pp[i], wi = wp[i], ci0 = i ? C[i - 1] : t0;
			int64_t newj, newi, df, db, fi = F[i];

			/* EFSR: jobs i+1..j move earlier by pi. */
			acc[i] += CHG(Lj, wj, -pi);
			/* EBSR: jobs i..j-1 move later by pj. */
			accb += CHG(L[i], wi, pj);
			newj = wj * pos(ci0 + pj - dj) - cost[j];
			newi = wi * pos(L[i] + C[j] - C[i]) - cost[i];
			df = newi + acc[i];
			db = newj + accb;
			if (fi + df < best) {
				best = fi + df;
				bi = (int32_t)i;
				bt = MOVE_EFSR;
			}
			if (fi + db < best) {
				best = fi + db;
				bi = (int32_t)i;
				bt = MOVE_EBSR;
			}
			if (j > i + 1) {
				/*
				 * Swap: jobs i+1..j-1 move by delta = pj - pi.
				 * Each tardy one changes by its weight times
				 * delta (the prefix sums tw), except where the
				 * lateness changes sign, which needs |L| <
				 * |delta| <= maxp: the few "near" positions.
				 */
				int64_t delta = pj - pi, e = newj + newi;

				/* The corrections are >= 0: a bound first. */
				e += delta * (tw[j] - tw[i + 1]);
				if (fi + e >= best)
					continue;
				for (size_t k = near[i + 1]; k < j;
				     k = near[k + 1]) {
					work++;
					e += CHG(L[k], wp[k], delta) -
					     (L[k] > 0 ? wp[k] * delta : 0);
					if (fi + e >= best)
						break;
				}
				if (fi + e < best) {
					best = fi + e;
					bi = (int32_t)i;
					bt = MOVE_SWAP;
				}
			}
		}
		F[j + 1] = best;
		chi[j + 1] = bi;
		cht[j + 1] = bt;
	}
	S->work += work;
	if (F[len] >= 0)
		return 0;
	for (size_t k = len; k > 0;) {
		if (chi[k] < 0) {
			k--;
			continue;
		}
		apply_move(s, (size_t)chi[k], k - 1, cht[k]);
		k = (size_t)chi[k];
	}
	return F[len];
}

static bool must_stop(struct search *S);

/*
 * Dynasearch on one worker until no set of moves gains, or the search must
 * stop; returns the gain.
 */
static int64_t descend_row(struct search *S, int32_t *s, size_t len, int64_t t0)
{
	int64_t sum = 0, d;

	while (!must_stop(S) && (d = dyna_pass(S, s, len, t0)) < 0)
		sum += d;
	return sum;
}

/* Fill worker w's per-position row for moves between workers. */
static void row_fill(struct search *S, const struct seq_sol *x, size_t w)
{
	const struct seq_prob *pb = S->pb;
	size_t n1 = S->n + 1, len = x->len[w];
	const int32_t *s = x->seq + w * S->n;
	int64_t *C = S->mC + w * n1, *L = S->mL + w * n1;
	int64_t *wp = S->mw + w * n1, *pp = S->mp + w * n1;
	int64_t *cost = S->mcost + w * n1, *tw = S->mtw + w * n1;
	size_t *near = S->mnear + w * n1;
	int64_t t = pb->t0[w];

	tw[0] = 0;
	for (size_t k = 0; k < len; k++) {
		t += pb->p[s[k]];
		C[k] = t;
		pp[k] = pb->p[s[k]];
		wp[k] = pb->w[s[k]];
		L[k] = t - pb->d[s[k]];
		cost[k] = wp[k] * pos(L[k]);
		tw[k + 1] = tw[k] + (L[k] > 0 ? wp[k] : 0);
	}
	near[len] = len;
	for (size_t k = len; k-- > 0;)
		near[k] = L[k] > -S->pmax && L[k] < S->pmax ? k : near[k + 1];
}

/*
 * The change in cost of worker w's jobs from position s to its end when
 * they all move by delta (|delta| <= pmax): delta times their tardy
 * weight, corrected (upwards) where a lateness changes sign.
 */
static int64_t tail_shift(struct search *S, const struct seq_sol *x, size_t w,
			  size_t s, int64_t delta)
{
	size_t n1 = S->n + 1, len = x->len[w];
	const int64_t *L = S->mL + w * n1, *wp = S->mw + w * n1;
	const int64_t *tw = S->mtw + w * n1;
	const size_t *near = S->mnear + w * n1;
	int64_t sum = delta * (tw[len] - tw[s]);

	for (size_t k = near[s]; k < len; k = near[k + 1]) {
		S->work++;
		sum += CHG(L[k], wp[k], delta) - (L[k] > 0 ? wp[k] * delta : 0);
	}
	return sum;
}

/* The best move across workers found so far: its gain (< 0 to be taken). */
struct across {
	int64_t gain;
	int type; /* 0: none, 1: move to b before j, 2: swap with b's j */
	size_t b, j;
};

static void across_offer(struct across *m, int64_t gain, int type, size_t b,
			 size_t j)
{
	if (gain < m->gain)
		*m = (struct across){gain, type, b, j};
}

/*
 * Price every move of the job at position i of worker a to another worker
 * (at the best place there) and every swap of it with a job of another
 * worker; apply the best if it gains. Returns true if it did, marking the
 * two workers in changed[].
 */
static bool inter_job(struct search *S, struct seq_sol *x, size_t a, size_t i,
		      bool *changed)
{
	const struct seq_prob *pb = S->pb;
	size_t n1 = S->n + 1, lena = x->len[a];
	const int64_t *Ca = S->mC + a * n1, *ca = S->mcost + a * n1;
	const int64_t *twa = S->mtw + a * n1;
	int32_t *ra = x->seq + a * S->n, job = ra[i];
	int64_t px = pb->p[job], wx = pb->w[job], dx = pb->d[job];
	int64_t prev_a = i ? Ca[i - 1] : pb->t0[a];
	int64_t rem = -ca[i] + tail_shift(S, x, a, i + 1, -px);
	struct across best = {0, 0, 0, 0};

	for (size_t b = 0; b < S->m; b++) {
		size_t lenb = x->len[b];
		const int64_t *Cb = S->mC + b * n1, *Lb = S->mL + b * n1;
		const int64_t *wb = S->mw + b * n1, *pbb = S->mp + b * n1;
		const int64_t *cb = S->mcost + b * n1, *twb = S->mtw + b * n1;
		const int32_t *rb = x->seq + b * S->n;
		int64_t suffix = 0;

		if (b == a)
			continue;
		S->work += lenb;
		/* Insert before position j of b: b's jobs from j on move by
		 * px; the added costs are all >= 0. */
		for (size_t j = lenb; rem < best.gain; j--) {
			int64_t prev = j ? Cb[j - 1] : pb->t0[b];

			if (rem + suffix >= best.gain)
				break; /* the suffix only grows */
			across_offer(&best,
				     rem + suffix + wx * pos(prev + px - dx), 1,
				     b, j);
			if (j == 0)
				break;
			suffix += CHG(Lb[j - 1], wb[j - 1], px);
		}
		/* Swap with the job at j of b: a's tail moves by delta, b's
		 * by -delta; bound with the tardy weights first. */
		for (size_t j = 0; j < lenb; j++) {
			int32_t y = rb[j];
			int64_t delta = pbb[j] - px;
			int64_t prev_b = j ? Cb[j - 1] : pb->t0[b];
			int64_t e = pb->w[y] * pos(prev_a + pbb[j] - pb->d[y]) -
				    ca[i] + wx * pos(prev_b + px - dx) - cb[j];

			if (e + delta * (twa[lena] - twa[i + 1]) -
				    delta * (twb[lenb] - twb[j + 1]) >=
			    best.gain)
				continue;
			e += tail_shift(S, x, a, i + 1, delta);
			if (e - delta * (twb[lenb] - twb[j + 1]) >= best.gain)
				continue;
			e += tail_shift(S, x, b, j + 1, -delta);
			across_offer(&best, e, 2, b, j);
		}
	}
	size_t bb = best.b, bj = best.j;

	if (best.type == 0)
		return false;
	if (best.type == 1) {
		int32_t *rb = x->seq + bb * S->n;

		memmove(ra + i, ra + i + 1, (x->len[a] - i - 1) * sizeof(*ra));
		x->len[a]--;
		memmove(rb + bj + 1, rb + bj, (x->len[bb] - bj) * sizeof(*rb));
		rb[bj] = job;
		x->len[bb]++;
	} else {
		ra[i] = x->seq[bb * S->n + bj];
		x->seq[bb * S->n + bj] = job;
	}
	x->total += best.gain;
	row_fill(S, x, a);
	row_fill(S, x, bb);
	changed[a] = changed[bb] = true;
	return true;
}

/* One sweep of inter_job() over every job; true if anything moved. */
static bool inter_sweep(struct search *S, struct seq_sol *x, bool *changed)
{
	bool any = false;

	for (size_t w = 0; w < S->m; w++)
		row_fill(S, x, w);
	/* A sweep is O(n^2): stop between jobs when the search must. */
	for (size_t a = 0; a < S->m; a++)
		for (size_t i = 0; i < x->len[a] && !must_stop(S); i++)
			any |= inter_job(S, x, a, i, changed);
	return any;
}

/* Descend from x to a local optimum of all the moves; x->total is kept. */
static void local_search(struct search *S, struct seq_sol *x)
{
	const struct seq_prob *pb = S->pb;
	bool changed[SR_SEQ_MAX_WORKERS];

	for (size_t w = 0; w < S->m; w++)
		x->total +=
			descend_row(S, x->seq + w * S->n, x->len[w], pb->t0[w]);
	if (S->m == 1)
		return;
	memset(changed, 0, sizeof(changed));
	while (!must_stop(S) && inter_sweep(S, x, changed)) {
		for (size_t w = 0; w < S->m; w++) {
			if (!changed[w])
				continue;
			x->total += descend_row(S, x->seq + w * S->n, x->len[w],
						pb->t0[w]);
			changed[w] = false;
		}
	}
}

/* ---- kicks ---- */

/* Swap two jobs of row s that are at most reach positions apart. */
static void kick_row(struct search *S, int32_t *s, size_t len, size_t reach)
{
	size_t i, j;
	int32_t t;

	if (len < 2)
		return;
	i = rng_below(&S->rng, len - 1);
	if (reach > len - 1 - i)
		reach = len - 1 - i;
	j = i + 1 + rng_below(&S->rng, reach);
	t = s[i];
	s[i] = s[j];
	s[j] = t;
}

/* Move or swap a random job to another worker at about the same time. */
static void kick_across(struct search *S, struct seq_sol *x)
{
	const struct seq_prob *pb = S->pb;
	size_t a = rng_below(&S->rng, S->m), b, i, j = 0;
	int64_t ta, tb;
	int32_t *ra, *rb, job;

	if (!x->len[a])
		return;
	b = rng_below(&S->rng, S->m - 1);
	b += b >= a;
	ra = x->seq + a * S->n;
	rb = x->seq + b * S->n;
	i = rng_below(&S->rng, x->len[a]);
	ta = pb->t0[a];
	for (size_t k = 0; k < i; k++)
		ta += pb->p[ra[k]];
	tb = pb->t0[b];
	while (j < x->len[b] && tb + pb->p[rb[j]] <= ta)
		tb += pb->p[rb[j++]];
	if (j < x->len[b] && rng_below(&S->rng, 2)) {
		job = ra[i];
		ra[i] = rb[j];
		rb[j] = job;
		return;
	}
	job = ra[i];
	memmove(ra + i, ra + i + 1, (x->len[a] - i - 1) * sizeof(*ra));
	x->len[a]--;
	memmove(rb + j + 1, rb + j, (x->len[b] - j) * sizeof(*rb));
	rb[j] = job;
	x->len[b]++;
}

static void kick(struct search *S, struct seq_sol *x)
{
	size_t reach = 1 + S->n / 2;

	for (size_t r = 0; r < KICK_SWAPS; r++) {
		size_t w = S->m > 1 ? rng_below(&S->rng, S->m) : 0;

		if (S->m > 1 && rng_below(&S->rng, 2)) {
			kick_across(S, x);
			continue;
		}
		kick_row(S, x->seq + w * S->n, x->len[w], reach);
	}
	x->total = sr_seq_sol_eval(S->pb, x);
}

/* ---- the driver ---- */

static int64_t elapsed(const struct search *S)
{
	if (!S->o->clock_ms)
		return 0;
	return S->o->clock_ms(S->o->clock_arg) - S->t_start;
}

/*
 * True once the work budget is spent, the time limit has passed or the
 * caller has raised the cancel flag; it stays true.
 */
static bool must_stop(struct search *S)
{
	const struct sr_seq_opts *o = S->o;

	if (S->stop)
		return true;
	if (o->max_work && S->work >= o->max_work)
		S->stop = true;
	if ((o->cancel &&
	     atomic_load_explicit(o->cancel, memory_order_relaxed)) ||
	    (o->clock_ms && o->time_limit_ms > 0 &&
	     elapsed(S) >= o->time_limit_ms))
		S->stop = S->cut = true;
	return S->stop;
}

static bool budget_left(struct search *S, uint64_t iters)
{
	const struct sr_seq_opts *o = S->o;
	bool timed = o->clock_ms && o->time_limit_ms > 0;

	if (!timed && !o->max_iters && !o->max_work)
		return false;
	if (o->max_iters && iters >= o->max_iters)
		return false;
	return !must_stop(S);
}

enum sr_err sr_seq_search(const struct seq_prob *pb,
			  const struct sr_seq_opts *o,
			  const struct seq_sol *start, struct seq_sol *sol,
			  bool *optimal, struct sr_seq_stats *st)
{
	struct search S;
	struct seq_sol cur = {NULL, NULL, 0}, cand = {NULL, NULL, 0};
	enum sr_err err;
	uint64_t iters = 0, stall = 0;
	size_t exact_multi_n = o->exact_n < DP_MULTI_MAX_N ? (size_t)o->exact_n
							   : DP_MULTI_MAX_N;

	memset(st, 0, sizeof(*st));
	*optimal = false;
	err = search_init(&S, pb, o);
	if (err)
		goto out;
	if (o->clock_ms)
		S.t_start = o->clock_ms(o->clock_arg);
	for (size_t w = 0; w < pb->m; w++)
		sol->len[w] = 0;
	sol->total = 0;
	if (pb->n == 0) {
		*optimal = true;
		goto done;
	}
	if ((err = sol_alloc(&cur, pb->n, pb->m)) ||
	    (err = sol_alloc(&cand, pb->n, pb->m)))
		goto done;
	if (start) {
		sol_copy(pb, sol, start);
		sol->total = sr_seq_sol_eval(pb, sol);
	}
	for (int r = 0; !start && r < SR_SEQ_RULE__MAX; r++) {
		if ((err = sr_seq_sol_dispatch(pb, (enum sr_seq_rule)r, &cand)))
			goto done;
		if (r == 0 || cand.total < sol->total)
			sol_copy(pb, sol, &cand);
	}
	st->initial = sol->total;
	if (pb->m == 1 && o->exact_n > 0 && pb->n <= (size_t)o->exact_n &&
	    pb->n <= DP_MAX_N) {
		err = exact_single(pb, sol);
		*optimal = !err;
		st->best_ms = elapsed(&S);
		goto done;
	}
	if (pb->m > 1 && pb->n <= exact_multi_n &&
	    (double)(pb->m - 1) * pow(3, (double)pb->n) <= DP_MULTI_WORK) {
		err = exact_multi(pb, sol);
		*optimal = !err;
		st->best_ms = elapsed(&S);
		goto done;
	}
	local_search(&S, sol);
	sol_copy(pb, &cur, sol);
	st->best_ms = elapsed(&S);
	while (sol->total > o->target && budget_left(&S, iters)) {
		if (o->stall_iters && stall >= o->stall_iters)
			break;
		sol_copy(pb, &cand, &cur);
		kick(&S, &cand);
		local_search(&S, &cand);
		iters++;
		stall++;
		if (cand.total < sol->total) {
			sol_copy(pb, sol, &cand);
			st->best_iter = iters;
			st->best_ms = elapsed(&S);
			stall = 0;
		}
		/* Better or equal: equal moves let it drift on plateaus. */
		if (cand.total <= cur.total)
			sol_copy(pb, &cur, &cand);
	}
done:
	if (!err && sol->total == 0)
		*optimal = true;
	st->iters = iters;
	st->work = S.work;
	st->cut = S.cut;
	st->elapsed_ms = elapsed(&S);
out:
	sol_free(&cur);
	sol_free(&cand);
	search_release(&S);
	return err;
}
