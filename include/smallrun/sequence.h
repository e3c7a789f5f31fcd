/*
 * sequence.h - the order of work: which worker makes which job, and in what
 * order, so that as little weighted work as possible is late.
 *
 * The model. Time is counted in working minutes from now on one axis that
 * leaves out nights, weekends and other closed hours (the caller maps it to
 * the calendar). Each job needs `minutes` of one worker's time and is done
 * by that worker from start to end without a break on this axis (it may
 * still run over several calendar days). A worker is free from its `start`
 * on: time already taken (a batch run, a job in progress that is not part
 * of the input) is given as that start offset. Workers are identical.
 * A job finishing at `end` is late by max(0, end - due) minutes, and the
 * engine minimises the total weighted lateness
 *
 *	sum over jobs of weight * max(0, end - due).
 *
 * What is supported: one or more workers, each with its own start offset;
 * due dates anywhere (negative: already late); zero-minute jobs (put first)
 * and zero-weight jobs (put last, where they harm nobody). Not supported:
 * blocked intervals in the middle of a worker's time (a batch run on
 * Thursday), release dates, precedence between jobs, or a job split between
 * workers. A caller with a batch run later in the horizon may plan the run
 * as a job with a due date and a very large weight, or plan up to the run.
 *
 * The method. For one worker: the best of several dispatch rules (EDD,
 * WSPT, ATC with a range of look-ahead values), improved by an iterated
 * dynasearch (Congram, Potts & van de Velde 2002) whose composite moves
 * combine swaps and forward and backward insertions of any two positions
 * (Grosso, Della Croce & Tadei 2004), with random kicks between descents.
 * Up to SR_SEQ_EXACT_N jobs (after setting aside zero-minute and zero-weight
 * ones) a dynamic programme over subsets proves the optimum instead. For
 * several workers: list scheduling of the same rules (the next job goes to
 * the worker free first), then the same search inside each worker plus
 * moves and swaps of jobs between workers; exact by dynamic programming up
 * to 12 jobs. Search stops at the time, iteration or work budget, when the
 * caller's cancel flag is raised, at a plan whose total is no more than
 * opts.target (0, a proven optimum, by default), or after opts.stall_iters
 * kicks without improvement. Whatever stops it, the plan returned is a
 * whole, valid plan: the best found so far.
 *
 * Determinism: for the same input, options and seed, the search visits the
 * same plans in the same order; only where a time limit cuts it off depends
 * on the clock. With clock_ms NULL (or time_limit_ms 0) and an iteration
 * budget the result is fully reproducible; so it is with a work budget
 * (opts.max_work), which unlike an iteration budget grows with the time
 * spent whatever the number of jobs. The engine itself never reads the
 * clock: the caller passes one in, so lib/ stays pure.
 */
#ifndef SMALLRUN_SEQUENCE_H
#define SMALLRUN_SEQUENCE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smallrun/csv.h"
#include "smallrun/err.h"

/*
 * Input bounds. sr_seq_check() also refuses an input whose total could
 * pass SR_SEQ_MAX_TOTAL (sum of weights times the latest end minus the
 * earliest due date), so no sum inside the engine can overflow.
 */
#define SR_SEQ_MAX_JOBS 10000
#define SR_SEQ_MAX_WORKERS 64
#define SR_SEQ_MAX_MINUTES 10000000LL	/* per job: about 19 years */
#define SR_SEQ_MAX_WEIGHT 1000000000LL	/* e.g. £10m in pence */
#define SR_SEQ_MAX_TIME 1000000000000LL /* |due|, |start| */
#define SR_SEQ_EXACT_N 18		/* default exact limit, one worker */
/* The largest total sr_seq_check() lets through (see above). */
#define SR_SEQ_MAX_TOTAL (INT64_MAX / 4)

struct sr_seq_job {
	int64_t id;	 /* the caller's id, handed back in the plan */
	int64_t minutes; /* working minutes still needed, 0..MAX_MINUTES */
	int64_t weight;	 /* cost per minute late, 0..MAX_WEIGHT: the price
			    by default, or a priority */
	int64_t due;	 /* due time, working minutes from now */
};

struct sr_seq_worker {
	int64_t start; /* free from this many working minutes from now */
};

struct sr_seq_opts {
	/*
	 * Budgets; the search stops at the first one reached. time_limit_ms
	 * counts only when clock_ms is set (it returns milliseconds from any
	 * fixed origin, e.g. CLOCK_MONOTONIC). max_iters counts kicks (0: no
	 * limit). max_work counts the steps of pricing moves (0: no limit):
	 * each pair of positions priced, each look at a job whose lateness
	 * a move may change; it is checked between descent passes and
	 * between jobs of a sweep across workers, so a search may do one
	 * pass (about 400 steps a job) more. With none of the three the
	 * search does one descent from its start and stops.
	 */
	int64_t time_limit_ms;
	int64_t (*clock_ms)(void *arg);
	void *clock_arg;
	uint64_t max_iters;
	uint64_t max_work;
	/*
	 * NULL, or a flag another thread may raise (a server that is
	 * stopping): once it reads true the search stops at its next check,
	 * as at the end of a budget. Checked between descent passes and
	 * between jobs of a sweep across workers; the dispatch rules and the
	 * exact programmes (a few milliseconds) run to their end.
	 */
	const atomic_bool *cancel;
	/*
	 * NULL, or where to start instead of the best dispatch rule: n job
	 * indices worker by worker in start_order, start_len[w] of them for
	 * worker w, as for sr_seq_plan_build(). Jobs with no minutes or no
	 * weight still go to their fixed places; the exact programmes, when
	 * they apply, do not need a start and ignore it.
	 */
	const size_t *start_order;
	const size_t *start_len;
	uint64_t stall_iters; /* stop after this many kicks without a better
				 plan; 0: never */
	int64_t target;	      /* stop once the total is <= target */
	uint64_t seed;	      /* for the kicks; any value */
	int exact_n; /* solve exactly up to this many jobs: one worker at
			most 20, several workers min(exact_n, 12); 0: never */
};

/*
 * Defaults: 1000 ms (counted only with a clock), no iteration or work
 * limit, no stall limit, no cancel flag, no start, target 0, seed 1,
 * exact_n SR_SEQ_EXACT_N.
 */
void sr_seq_opts_init(struct sr_seq_opts *o);

/* One job's place in a plan. */
struct sr_seq_slot {
	size_t job;    /* index into the jobs given to the solver */
	size_t worker; /* index into the workers */
	int64_t start; /* working minutes from now */
	int64_t end;   /* start + minutes */
	int64_t late;  /* max(0, end - due) */
};

struct sr_seq_stats {
	uint64_t iters;	    /* kicks (descents after the first) */
	uint64_t best_iter; /* the kick that found the plan returned */
	int64_t best_ms;    /* when it was found, from the start (0 with no
			       clock) */
	int64_t elapsed_ms; /* the whole solve (0 with no clock) */
	int64_t initial;    /* the total of the start: the best dispatch
			       rule, or opts.start_order */
	uint64_t work;	    /* steps of pricing moves (see max_work) */
	bool cut;	    /* the time limit or the cancel flag stopped
			       it: the plan depends on timing */
};

/*
 * A plan: slots[] holds every job once, worker 0's in order of work, then
 * worker 1's, and so on; worker w has slots[first[w] .. first[w + 1]).
 * Initialise with SR_SEQ_PLAN_INIT; release with sr_seq_plan_release().
 */
struct sr_seq_plan {
	struct sr_seq_slot *slots;
	size_t n;      /* slots */
	size_t *first; /* n_workers + 1 offsets into slots */
	size_t n_workers;
	int64_t total; /* sum of weight * late */
	bool optimal;  /* proven optimal (exact method, or a total of 0) */
	struct sr_seq_stats stats;
};

#define SR_SEQ_PLAN_INIT                                                       \
	{                                                                      \
		NULL, 0, NULL, 0, 0, false,                                    \
		{                                                              \
			0, 0, 0, 0, 0, 0, false                                \
		}                                                              \
	}

/* Free what a plan holds and make it empty; it may be reused. */
void sr_seq_plan_release(struct sr_seq_plan *p);

/*
 * Check jobs and workers against the bounds above (at least one worker;
 * ids need not be unique here). Returns SR_OK; SR_EINVAL or SR_ETOOBIG
 * with f->field naming the culprit, e.g. "jobs[3].minutes"; or SR_ETOOBIG
 * with f->code "too_big" when the total could overflow.
 */
enum sr_err sr_seq_check(const struct sr_seq_job *jobs, size_t n,
			 const struct sr_seq_worker *workers, size_t m,
			 struct sr_fail *f);

/*
 * Find a plan for n jobs on m workers: the search described at the top.
 * opts may be NULL for the defaults (which, without a clock, do a single
 * descent). On SR_OK *plan holds the plan (release it with
 * sr_seq_plan_release(); a plan already in it is released first). Errors:
 * those of sr_seq_check(), SR_EINVAL (field "start_order") for a start that
 * is not a plan of these jobs, SR_ENOMEM.
 */
enum sr_err sr_seq_solve(const struct sr_seq_job *jobs, size_t n,
			 const struct sr_seq_worker *workers, size_t m,
			 const struct sr_seq_opts *opts,
			 struct sr_seq_plan *plan, struct sr_fail *f);

/* Dispatch rules, for a quick plan or to compare against. */
enum sr_seq_rule {
	SR_SEQ_EDD,  /* earliest due date first */
	SR_SEQ_WSPT, /* highest weight per minute first */
	SR_SEQ_ATC,  /* apparent tardiness cost, the best of a range of
			look-ahead values */
	SR_SEQ_RULE__MAX
};

/*
 * Plan by one dispatch rule alone: each time a worker comes free (the
 * first free, lowest index on a tie) it takes the waiting job the rule
 * ranks first (lowest index on a tie). Same ownership and errors as
 * sr_seq_solve().
 */
enum sr_err sr_seq_dispatch(const struct sr_seq_job *jobs, size_t n,
			    const struct sr_seq_worker *workers, size_t m,
			    enum sr_seq_rule rule, struct sr_seq_plan *plan,
			    struct sr_fail *f);

/*
 * Build a plan from a given order: order[] lists n job indices, worker by
 * worker, and len[w] says how many belong to worker w (they sum to n).
 * Fills in times, lateness and the total; optimal is false. Returns SR_OK,
 * SR_EINVAL when order is not a permutation of 0..n-1 or the lengths do
 * not add up, or the errors of sr_seq_check().
 */
enum sr_err sr_seq_plan_build(const struct sr_seq_job *jobs, size_t n,
			      const struct sr_seq_worker *workers, size_t m,
			      const size_t *order, const size_t *len,
			      struct sr_seq_plan *plan, struct sr_fail *f);

/*
 * Read jobs from CSV with the header id,minutes,weight,due (any order, any
 * case; other columns are ignored): whole numbers within the bounds above,
 * ids unique. The reader must be fresh (no header read yet). On SR_OK
 * *jobs is a malloc'd array of *n jobs in file order (free() it; NULL when
 * n is 0). Errors: SR_EINVAL / SR_ETOOBIG with a message naming the line
 * and the column, e.g. "line 4, column 'minutes' (field 2): -5 is below 0",
 * and f->field the column name; those of sr_csv_next(); SR_ENOMEM.
 */
enum sr_err sr_seq_jobs_read_csv(struct sr_csv *r, struct sr_seq_job **jobs,
				 size_t *n, struct sr_fail *f);

/*
 * Append a plan as JSON to out: {"sequence": [[ids of worker 1 in order],
 * …], "weighted_tardiness": N}, with the ids from jobs. Returns SR_OK or
 * out's error (SR_ENOMEM, SR_ETOOBIG).
 */
enum sr_err sr_seq_plan_to_json(const struct sr_seq_plan *p,
				const struct sr_seq_job *jobs,
				struct sr_buf *out);

#endif
