/*
 * plan.c - lay the sequencing engine's order of work on the calendar.
 *
 * Each day gives every worker a window from the start of the working day
 * (or from now, today). Batch runs booked that day take the front of the
 * window, shared equally by the workers; what is left, day after day,
 * forms the working-time axis the engine plans on. The plan is then read
 * back onto days and hours.
 *
 * Budgets. A search prices at most PLAN_WORK moves (sr_seq_opts.max_work)
 * and a promise's checks CHECK_WORK each, so that a plan of 1,000 orders
 * takes a few tenths of a second whatever the clock says and stays
 * reproducible; the caller's time limit and cancel flag are the backstop.
 */
#include "compat.h"

#include "smallrun/date.h"
#include "smallrun/plan.h"
#include "smallrun/sequence.h"

/*
 * Work one plan's search may do (sr_seq_opts.max_work): about a quarter of
 * a second of one core at about 10 ns a step, measured on 1,000 orders. A
 * queue of a hundred orders spends its 300 kicks long before this.
 */
#define PLAN_WORK UINT64_C(24000000)

/*
 * A promise checks about 2 log2(SR_PLAN_MAX_DAYS) days: this many shares of
 * a plan's work keep the checks together at about one plan's time.
 */
#define PROMISE_CHECKS 24
#define CHECK_WORK (PLAN_WORK / PROMISE_CHECKS)

/* Sums of batch minutes stop here rather than overflow. */
#define MINUTES_CAP (INT64_MAX / 4)

/* One day's stretch of a batch run, per worker, at `at` into its window. */
struct run_seg {
	size_t run; /* index into the runs */
	int64_t d;  /* day on the axis */
	int at, len;
	int part;
};

/* Per run, as laid: minutes per worker, the days, what is left over. */
struct run_fit {
	int64_t laid, left;
	int parts;
};

/*
 * The axis: per day, the window and the free minutes, and running sums;
 * and where each batch run goes.
 */
struct axis {
	int64_t days;
	int *open;     /* window start, minutes after midnight */
	int *batch;    /* minutes of batch runs per worker, at the front */
	int *free_min; /* free minutes per worker after the runs */
	int64_t *cum;  /* free minutes through the end of the day */
	int64_t avg;   /* an average free day, for dates past the axis */
	struct run_seg *segs; /* by run (runs by day), then by day */
	size_t n_segs;
	struct run_fit *fit; /* per run, in input order */
	size_t *by_day;	     /* run indexes by day, then input order */
	size_t n_by_day;     /* the runs laid or tried: on the axis */
};

static void axis_release(struct axis *a)
{
	free(a->open);
	free(a->batch);
	free(a->free_min);
	free(a->cum);
	free(a->segs);
	free(a->fit);
	free(a->by_day);
	memset(a, 0, sizeof(*a));
}

int sr_calendar_minutes(const struct sr_calendar *cal, int64_t day)
{
	int m;

	for (size_t i = 0; i < cal->n_days_off; i++)
		if (cal->days_off[i] == day)
			return 0;
	m = cal->minutes[sr_date_weekday(day)];
	/* A working day ends by midnight. */
	if (m > 1440 - cal->day_start)
		m = 1440 - cal->day_start;
	if (day < cal->today)
		return 0;
	if (day == cal->today) {
		int end = cal->day_start + m;
		int from = cal->now_minute > cal->day_start ? cal->now_minute
							    : cal->day_start;

		return end > from ? end - from : 0;
	}
	return m;
}

static int64_t add_capped(int64_t a, int64_t b)
{
	return b > MINUTES_CAP - a ? MINUTES_CAP : a + b;
}

/* A run's minutes per worker: its share of the front of its day. */
static int64_t run_share(const struct sr_calendar *cal, int64_t minutes)
{
	if (minutes <= 0)
		return 0;
	minutes = minutes < MINUTES_CAP ? minutes : MINUTES_CAP;
	return (minutes + cal->workers - 1) / cal->workers;
}

/* Runs by day, then in input order. */
struct run_ref {
	int64_t day;
	size_t i;
};

static int run_ref_cmp(const void *x, const void *y)
{
	const struct run_ref *a = x, *b = y;

	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

/*
 * Lay the runs on the axis, by day and then in input order: each takes
 * its share per worker from the front of its run date's free time and
 * goes on over the next days with working time until it is done or the
 * horizon ends. cap[] is each day's working minutes; a->batch[] gets what
 * the runs take.
 */
static enum sr_err runs_fit(const struct sr_calendar *cal, const int *cap,
			    const struct sr_plan_run *runs, size_t n_runs,
			    struct axis *a, struct sr_fail *f)
{
	struct run_ref *ref = malloc((n_runs + 1) * sizeof(*ref));
	size_t n_cap = 0;
	enum sr_err err = SR_OK;

	a->fit = calloc(n_runs + 1, sizeof(*a->fit));
	a->by_day = calloc(n_runs + 1, sizeof(*a->by_day));
	if (!ref || !a->fit || !a->by_day) {
		err = sr_fail_oom(f);
		goto out;
	}
	for (size_t i = 0; i < n_runs; i++)
		ref[i] = (struct run_ref){runs[i].day, i};
	qsort(ref, n_runs, sizeof(*ref), run_ref_cmp);
	for (size_t k = 0; k < n_runs; k++) {
		size_t i = ref[k].i;
		int64_t d = runs[i].day - cal->today,
			left = run_share(cal, runs[i].minutes);

		if (runs[i].day < cal->today || d >= a->days || left == 0)
			continue;
		a->by_day[a->n_by_day++] = i;
		for (; d < a->days && left > 0; d++) {
			int room = cap[d] - a->batch[d];
			int take = (int)(left < room ? left : room);

			if (take <= 0)
				continue;
			if (a->n_segs == n_cap) {
				size_t nc = n_cap ? n_cap * 2 : 64;
				struct run_seg *ns =
					realloc(a->segs, nc * sizeof(*ns));

				if (!ns) {
					err = sr_fail_oom(f);
					goto out;
				}
				a->segs = ns;
				n_cap = nc;
			}
			a->segs[a->n_segs++] = (struct run_seg){
				i, d, a->batch[d], take, ++a->fit[i].parts};
			a->batch[d] += take;
			a->fit[i].laid += take;
			left -= take;
		}
		a->fit[i].left = left;
	}
out:
	free(ref);
	return err;
}

/* The whole horizon, SR_PLAN_MAX_DAYS days. */
static enum sr_err axis_build(const struct sr_calendar *cal,
			      const struct sr_plan_run *runs, size_t n_runs,
			      struct axis *a, struct sr_fail *f)
{
	int64_t days = SR_PLAN_MAX_DAYS, total = 0, open_total = 0, worked = 0;
	int *cap = NULL;
	enum sr_err err;

	memset(a, 0, sizeof(*a));
	a->days = days;
	a->open = calloc((size_t)days, sizeof(*a->open));
	a->batch = calloc((size_t)days, sizeof(*a->batch));
	a->free_min = calloc((size_t)days, sizeof(*a->free_min));
	a->cum = calloc((size_t)days, sizeof(*a->cum));
	cap = calloc((size_t)days, sizeof(*cap));
	if (!a->open || !a->batch || !a->free_min || !a->cum || !cap) {
		axis_release(a);
		free(cap);
		return sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
				   "out of memory");
	}
	for (int64_t d = 0; d < days; d++)
		cap[d] = sr_calendar_minutes(cal, cal->today + d);
	err = runs_fit(cal, cap, runs, n_runs, a, f);
	if (err) {
		axis_release(a);
		free(cap);
		return err;
	}
	for (int64_t d = 0; d < days; d++) {
		a->open[d] = cal->day_start;
		if (d == 0 && cal->now_minute > cal->day_start)
			a->open[d] = cal->now_minute;
		a->free_min[d] = cap[d] - a->batch[d];
		total += a->free_min[d];
		open_total += cap[d];
		a->cum[d] = total;
		worked += a->free_min[d] > 0;
	}
	free(cap);
	if (!open_total) {
		axis_release(a);
		return sr_fail_set(f, SR_EINVAL, "no_time", NULL,
				   "the workshop has no working time in the "
				   "next %d days: set the hours in the "
				   "settings",
				   SR_PLAN_MAX_DAYS);
	}
	/* Batch runs may take every minute: then no order fits in. */
	a->avg = total / (worked ? worked : 1);
	return SR_OK;
}

/* Working minutes from now to the end of day `day`. */
static int64_t axis_due(const struct axis *a, const struct sr_calendar *cal,
			int64_t day)
{
	int64_t d = day - cal->today, avg = a->avg ? a->avg : 1;

	if (day == INT64_MAX)
		return SR_SEQ_MAX_TIME - 1;
	if (d < 0)
		return -(-d) * avg; /* already late */
	if (d < a->days)
		return a->cum[d];
	return a->cum[a->days - 1] + (d - a->days + 1) * avg;
}

/* The day holding working minute t (t < cum[last]); *into: minutes in. */
static int64_t axis_day(const struct axis *a, int64_t t, int64_t *into)
{
	int64_t lo = 0, hi = a->days - 1;

	while (lo < hi) {
		int64_t mid = (lo + hi) / 2;

		if (a->cum[mid] > t)
			hi = mid;
		else
			lo = mid + 1;
	}
	*into = t - (lo ? a->cum[lo - 1] : 0);
	return lo;
}

/* The first day whose end is at or after working minute t, or -1. */
static int64_t axis_day_ending(const struct axis *a, int64_t t)
{
	int64_t lo = 0, hi = a->days;

	while (lo < hi) {
		int64_t mid = (lo + hi) / 2;

		if (a->cum[mid] >= t)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo < a->days ? lo : -1;
}

static enum sr_err push(struct sr_plan *p, size_t *cap,
			const struct sr_plan_block *b, struct sr_fail *f)
{
	if (p->n_blocks == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		struct sr_plan_block *nb =
			realloc(p->blocks, ncap * sizeof(*nb));

		if (!nb)
			return sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
					   "out of memory");
		p->blocks = nb;
		*cap = ncap;
	}
	p->blocks[p->n_blocks++] = *b;
	return SR_OK;
}

static int block_cmp(const void *x, const void *y)
{
	const struct sr_plan_block *a = x, *b = y;

	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	if (a->worker != b->worker)
		return a->worker - b->worker;
	return a->start - b->start;
}

void sr_plan_release(struct sr_plan *p)
{
	free(p->blocks);
	free(p->orders);
	free(p->overruns);
	memset(p, 0, sizeof(*p));
}

/*
 * The batch runs' blocks as runs_fit() placed them, each day's stretch on
 * every worker; a run that does not fit by the horizon goes into
 * p->overruns, in the order the runs were laid.
 */
static enum sr_err lay_runs(const struct sr_calendar *cal, const struct axis *a,
			    const struct sr_plan_run *runs, size_t n_runs,
			    struct sr_plan *p, size_t *cap, struct sr_fail *f)
{
	enum sr_err err = SR_OK;

	p->overruns = calloc(n_runs + 1, sizeof(*p->overruns));
	if (!p->overruns)
		return sr_fail_oom(f);
	for (size_t k = 0; k < a->n_segs && !err; k++) {
		const struct run_seg *g = &a->segs[k];
		const struct sr_plan_run *r = &runs[g->run];

		for (int w = 0; w < cal->workers && !err; w++) {
			struct sr_plan_block b = {cal->today + g->d,
						  w,
						  a->open[g->d] + g->at,
						  a->open[g->d] + g->at +
							  g->len,
						  true,
						  r->id,
						  r->label,
						  g->part,
						  a->fit[g->run].parts};

			err = push(p, cap, &b, f);
		}
	}
	for (size_t k = 0; k < a->n_by_day; k++) {
		size_t i = a->by_day[k];
		int64_t planned = a->fit[i].laid * cal->workers;

		if (a->fit[i].left > 0)
			p->overruns[p->n_overruns++] = (struct sr_plan_overrun){
				runs[i].id,
				runs[i].day,
				runs[i].minutes,
				planned,
				runs[i].minutes - planned,
				runs[i].label};
	}
	return err;
}

/*
 * The engine's input for n orders on the axis. due[] gets each order's
 * due time in working minutes; the engine gets max(due, 0), which changes
 * no plan: an order due before now is late wherever it goes, by its end
 * minus the due, so its due only adds a constant to the total.
 */
static void jobs_fill(const struct axis *a, const struct sr_calendar *cal,
		      const struct sr_plan_order *orders, size_t n,
		      struct sr_seq_job *jobs, int64_t *due)
{
	for (size_t i = 0; i < n; i++) {
		due[i] = axis_due(a, cal, orders[i].due_day);
		jobs[i] = (struct sr_seq_job){orders[i].id, orders[i].minutes,
					      orders[i].weight,
					      due[i] > 0 ? due[i] : 0};
	}
}

static int64_t weight_scaled(int64_t w, int64_t k)
{
	int64_t q;

	if (w <= 0 || k == 1)
		return w;
	q = w / k + (w % k >= k - k / 2); /* to the nearest, half up */
	return q > 0 ? q : 1;
}

/*
 * Fit the weights into what the engine takes (plan.h): each at most
 * SR_SEQ_MAX_WEIGHT, and their sum times the longest lateness possible (all
 * the minutes: dues are >= 0 and workers start at 0) within
 * SR_SEQ_MAX_TOTAL. Inputs the engine refuses anyway (negative weights,
 * minutes out of bounds) are left for it to name.
 */
static void weights_fit(struct sr_seq_job *jobs, size_t n)
{
	int64_t max_w = 0, sum_p = 0, allow, k;

	for (size_t i = 0; i < n; i++) {
		if (jobs[i].weight > max_w)
			max_w = jobs[i].weight;
		if (jobs[i].minutes > 0)
			sum_p = add_capped(sum_p, jobs[i].minutes);
	}
	allow = SR_SEQ_MAX_TOTAL / (sum_p > 0 ? sum_p : 1);
	k = max_w / SR_SEQ_MAX_WEIGHT + (max_w % SR_SEQ_MAX_WEIGHT != 0);
	if (k < 1)
		k = 1;
	for (;;) {
		int64_t sum = 0;

		for (size_t i = 0; i < n && sum <= allow; i++)
			if (jobs[i].weight > 0)
				sum += weight_scaled(jobs[i].weight, k);
		/* Past max_w every weight is 1 already: nothing more to do. */
		if (sum <= allow || k > max_w || k > INT64_MAX / 2)
			break;
		k *= 2;
	}
	for (size_t i = 0; i < n; i++)
		jobs[i].weight = weight_scaled(jobs[i].weight, k);
}

/* The clock and the cancel flag shared by the searches of one answer. */
struct budget {
	const struct sr_plan_opts *o;
	int64_t t0;
};

static void budget_start(struct budget *b, const struct sr_plan_opts *o)
{
	b->o = o;
	b->t0 = o->clock_ms ? o->clock_ms(o->clock_arg) : 0;
}

/* Milliseconds left, or INT64_MAX without a time limit. */
static int64_t budget_left_ms(const struct budget *b)
{
	const struct sr_plan_opts *o = b->o;

	if (!o->clock_ms || o->time_limit_ms <= 0)
		return INT64_MAX;
	return b->t0 + o->time_limit_ms - o->clock_ms(o->clock_arg);
}

static bool budget_spent(const struct budget *b)
{
	return (b->o->cancel && atomic_load(b->o->cancel)) ||
	       budget_left_ms(b) <= 0;
}

static void budget_opts(const struct budget *b, uint64_t work,
			struct sr_seq_opts *so)
{
	int64_t left = budget_left_ms(b);

	sr_seq_opts_init(so);
	so->max_iters = b->o->max_iters;
	so->seed = b->o->seed;
	so->max_work = work;
	so->cancel = b->o->cancel;
	so->clock_ms = left == INT64_MAX ? NULL : b->o->clock_ms;
	so->clock_arg = b->o->clock_arg;
	so->time_limit_ms = left < 1 ? 1 : left;
}

/*
 * Read a sequence back onto the calendar into out, with the runs: blocks
 * per day and worker, and each order's finish and lateness (due[]: the
 * orders' due times on the axis).
 */
static enum sr_err lay(const struct sr_calendar *cal, const struct axis *a,
		       const struct sr_plan_order *orders, size_t n,
		       const int64_t *due, const struct sr_plan_run *runs,
		       size_t n_runs, const struct sr_seq_plan *seq,
		       struct sr_plan *out, struct sr_fail *f)
{
	int64_t end_axis = a->cum[a->days - 1];
	size_t cap = 0;
	enum sr_err err;

	memset(out, 0, sizeof(*out));
	out->orders = calloc(n ? n : 1, sizeof(*out->orders));
	if (!out->orders)
		return sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
				   "out of memory");
	out->n_orders = n;
	err = lay_runs(cal, a, runs, n_runs, out, &cap, f);
	for (size_t k = 0; k < seq->n && !err; k++) {
		const struct sr_seq_slot *s = &seq->slots[k];
		const struct sr_plan_order *o = &orders[s->job];
		struct sr_plan_result *r = &out->orders[s->job];
		int64_t t = s->start, into, d = 0, wl;

		r->id = o->id;
		r->worker = (int)s->worker;
		r->late_minutes =
			s->end > due[s->job] ? s->end - due[s->job] : 0;
		/* Past the axis: its last day, and that it is past; the
		 * blocks below say better when it starts or ends inside. */
		r->past_horizon = s->end > end_axis;
		r->start_day = r->finish_day = cal->today + a->days - 1;
		r->finish_minute = a->open[a->days - 1];
		while (t < s->end && t < end_axis && !err) {
			int64_t left;
			struct sr_plan_block b;

			d = axis_day(a, t, &into);
			left = a->cum[d] - t;
			if (left > s->end - t)
				left = s->end - t;
			b.day = cal->today + d;
			b.worker = (int)s->worker;
			b.start = a->open[d] + a->batch[d] + (int)into;
			b.end = b.start + (int)left;
			b.batch = false;
			b.id = o->id;
			b.label = o->label;
			b.part = b.parts = 0;
			if (t == s->start)
				r->start_day = b.day;
			if (!r->past_horizon) {
				r->finish_day = b.day;
				r->finish_minute = b.end;
			}
			err = push(out, &cap, &b, f);
			t += left;
		}
		if (s->start == s->end && s->start < end_axis) {
			d = axis_day(a, s->start, &into);
			r->start_day = r->finish_day = cal->today + d;
			r->finish_minute = a->open[d] + a->batch[d] + (int)into;
		}
		r->late_days = o->due_day != INT64_MAX && r->late_minutes > 0 &&
					       r->finish_day > o->due_day
				       ? r->finish_day - o->due_day
				       : 0;
		/* In the caller's units, which may be far larger. */
		if (__builtin_mul_overflow(o->weight, r->late_minutes, &wl) ||
		    __builtin_add_overflow(out->weighted_lateness, wl,
					   &out->weighted_lateness))
			out->weighted_lateness = INT64_MAX;
	}
	if (!err) {
		if (out->n_blocks)
			qsort(out->blocks, out->n_blocks, sizeof(*out->blocks),
			      block_cmp);
		out->horizon_days = a->days;
	} else {
		sr_plan_release(out);
	}
	return err;
}

/* One plan's search over n orders: the same for a plan and a promise. */
static enum sr_err plan_search(const struct sr_calendar *cal,
			       const struct axis *a,
			       const struct sr_plan_order *orders, size_t n,
			       const struct budget *b, int64_t *due,
			       struct sr_seq_plan *seq, struct sr_fail *f)
{
	struct sr_seq_job *jobs = calloc(n ? n : 1, sizeof(*jobs));
	struct sr_seq_worker *workers =
		calloc((size_t)cal->workers, sizeof(*workers));
	struct sr_seq_opts so;
	enum sr_err err;

	if (!jobs || !workers) {
		err = sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
				  "out of memory");
		goto out;
	}
	jobs_fill(a, cal, orders, n, jobs, due);
	weights_fit(jobs, n);
	budget_opts(b, PLAN_WORK, &so);
	err = sr_seq_solve(jobs, n, workers, (size_t)cal->workers, &so, seq, f);
out:
	free(jobs);
	free(workers);
	return err;
}

static enum sr_err check_workers(const struct sr_calendar *cal,
				 struct sr_fail *f)
{
	if (cal->workers < 1 || cal->workers > SR_SEQ_MAX_WORKERS)
		return sr_fail_set(f, SR_EINVAL, "out_of_range", "workers",
				   "workers must be from 1 to %d",
				   SR_SEQ_MAX_WORKERS);
	return SR_OK;
}

enum sr_err sr_plan_make(const struct sr_calendar *cal,
			 const struct sr_plan_order *orders, size_t n,
			 const struct sr_plan_run *runs, size_t n_runs,
			 const struct sr_plan_opts *opts, struct sr_plan *out,
			 struct sr_fail *f)
{
	struct sr_plan_opts dflt = SR_PLAN_OPTS_INIT;
	struct sr_seq_plan seq = SR_SEQ_PLAN_INIT;
	struct budget b;
	struct axis a;
	int64_t *due = NULL;
	enum sr_err err;

	memset(out, 0, sizeof(*out));
	budget_start(&b, opts ? opts : &dflt);
	if ((err = check_workers(cal, f)) ||
	    (err = axis_build(cal, runs, n_runs, &a, f)))
		return err;
	due = calloc(n ? n : 1, sizeof(*due));
	if (!due)
		err = sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
				  "out of memory");
	if (!err)
		err = plan_search(cal, &a, orders, n, &b, due, &seq, f);
	if (!err)
		err = lay(cal, &a, orders, n, due, runs, n_runs, &seq, out, f);
	sr_seq_plan_release(&seq);
	free(due);
	axis_release(&a);
	return err;
}

/* ---- promises ---- */

/* What every check of one promise shares. */
struct promise {
	const struct sr_calendar *cal;
	const struct axis *a;
	size_t n, m;		 /* orders (the new one is job n), workers */
	struct sr_seq_job *jobs; /* n + 1, weights fitted over all */
	int64_t *due;		 /* n + 1 due times, not clamped */
	struct sr_seq_worker *workers;
	const struct sr_seq_plan *base; /* today's plan */
	bool *on_time;			/* per order, in today's plan */
	int64_t lower;			/* no day before it can be promised */
	signed char *memo;   /* per day: 1 kept, -1 not, 0 not known */
	size_t *order, *len; /* a start for the search */
	struct budget b;
	struct sr_seq_plan best; /* the plan of best_day */
	int64_t best_day;	 /* INT64_MAX: none yet */
	int64_t *base_end;	 /* per order, its end in today's plan */
	int64_t *end;		 /* per order, its end in a plan looked at */
};

/* Per worker, base slots [first[w], first[w + 1]). */
static const struct sr_seq_slot *row(const struct promise *P, size_t w,
				     size_t *len)
{
	*len = P->base->first[w + 1] - P->base->first[w];
	return P->base->slots + P->base->first[w];
}

/*
 * Where the new order (due dJ) goes into today's plan as the start of a
 * check: before position *at of worker *wk. With `earliest`, the place
 * that finishes it soonest while every order on time stays on time (and
 * false when there is none); else the place that adds least weighted
 * lateness among those that keep everyone on time, or among all when none
 * does. *end gets the new order's end there.
 */
static bool insert_place(const struct promise *P, int64_t dJ, bool earliest,
			 size_t *wk, size_t *at, int64_t *end)
{
	const struct sr_seq_job *J = &P->jobs[P->n];
	int64_t best_keep = INT64_MAX, best_any = INT64_MAX,
		best_end = INT64_MAX;
	size_t keep_w = 0, keep_k = 0, any_w = 0, any_k = 0;

	for (size_t w = 0; w < P->m; w++) {
		size_t len, k;
		const struct sr_seq_slot *s = row(P, w, &len);
		int64_t cost = 0, slack = INT64_MAX;

		/* From the end back: cost and slack of the tail from k. */
		for (k = len + 1; k-- > 0;) {
			int64_t before = k ? s[k - 1].end : P->workers[w].start;
			int64_t e = before + J->minutes;
			int64_t c = cost + J->weight * (e > dJ ? e - dJ : 0);
			bool keeps = e <= dJ && slack >= J->minutes;

			if (!earliest && c <= best_any) {
				best_any = c;
				any_w = w;
				any_k = k;
			}
			if (keeps && !earliest && c <= best_keep) {
				best_keep = c;
				keep_w = w;
				keep_k = k;
			}
			if (earliest && slack >= J->minutes && e <= best_end) {
				best_end = e;
				keep_w = w;
				keep_k = k;
			}
			if (k == 0)
				break;
			{
				const struct sr_seq_slot *x = &s[k - 1];
				const struct sr_seq_job *jb = &P->jobs[x->job];
				int64_t l0 = x->end - jb->due;

				cost += jb->weight *
					((l0 + J->minutes > 0 ? l0 + J->minutes
							      : 0) -
					 (l0 > 0 ? l0 : 0));
				if (P->on_time[x->job] &&
				    P->due[x->job] - x->end < slack)
					slack = P->due[x->job] - x->end;
			}
		}
	}
	if (earliest) {
		if (best_end == INT64_MAX)
			return false;
	} else if (best_keep == INT64_MAX) {
		keep_w = any_w;
		keep_k = any_k;
	}
	*wk = keep_w;
	*at = keep_k;
	{
		size_t len;
		const struct sr_seq_slot *s = row(P, keep_w, &len);

		*end = (keep_k ? s[keep_k - 1].end : P->workers[keep_w].start) +
		       J->minutes;
	}
	return true;
}

/* Today's plan with the new order before position at of worker wk. */
static void start_build(struct promise *P, size_t wk, size_t at)
{
	size_t q = 0;

	for (size_t w = 0; w < P->m; w++) {
		size_t len;
		const struct sr_seq_slot *s = row(P, w, &len);

		P->len[w] = len + (w == wk);
		for (size_t k = 0; k <= len; k++) {
			if (w == wk && k == at)
				P->order[q++] = P->n;
			if (k < len)
				P->order[q++] = s[k].job;
		}
	}
}

/* Does seq keep the promise: the new order and every order on time? */
static bool keeps(const struct promise *P, const struct sr_seq_plan *seq)
{
	for (size_t k = 0; k < seq->n; k++) {
		size_t j = seq->slots[k].job;

		if ((j == P->n || P->on_time[j]) &&
		    seq->slots[k].end > P->due[j])
			return false;
	}
	return true;
}

/* Take seq as the plan of `day` if it is the earliest kept so far. */
static void offer(struct promise *P, int64_t day, struct sr_seq_plan *seq)
{
	if (day < P->best_day) {
		sr_seq_plan_release(&P->best);
		P->best = *seq;
		*seq = (struct sr_seq_plan)SR_SEQ_PLAN_INIT;
		P->best_day = day;
	}
}

/*
 * A plan for `day` by the check's search into *seq (the caller releases
 * it): *res 1 it keeps the promise, -1 it does not, 0 not known (the time
 * limit or the cancel flag came first). A pure function of the day while
 * no clock or flag cuts a search.
 */
static enum sr_err search_day(struct promise *P, int64_t day, int *res,
			      struct sr_seq_plan *seq, struct sr_fail *f)
{
	struct sr_seq_opts so;
	int64_t end;
	size_t wk, at;
	enum sr_err err;

	*res = 0;
	if (budget_spent(&P->b))
		return SR_OK;
	P->due[P->n] = P->jobs[P->n].due = axis_due(P->a, P->cal, day);
	insert_place(P, P->due[P->n], false, &wk, &at, &end);
	start_build(P, wk, at);
	budget_opts(&P->b, CHECK_WORK, &so);
	so.start_order = P->order;
	so.start_len = P->len;
	err = sr_seq_solve(P->jobs, P->n + 1, P->workers, P->m, &so, seq, f);
	if (err)
		return err;
	if (keeps(P, seq))
		*res = 1;
	else if (!seq->stats.cut)
		*res = -1;
	return SR_OK;
}

/*
 * Can `day` be promised? 1 yes (the plan is offered), -1 no, 0 not known,
 * as search_day() says; remembered per day.
 */
static enum sr_err check_day(struct promise *P, int64_t day, int *res,
			     struct sr_fail *f)
{
	struct sr_seq_plan seq = SR_SEQ_PLAN_INIT;
	int64_t d = day - P->cal->today;
	enum sr_err err;

	if (d < 0 || d >= SR_PLAN_MAX_DAYS) {
		*res = -1;
		return SR_OK;
	}
	if (P->memo[d] || day < P->lower) {
		*res = P->memo[d] ? P->memo[d] : -1;
		return SR_OK;
	}
	err = search_day(P, day, res, &seq, f);
	if (!err && *res)
		P->memo[d] = (signed char)*res;
	if (!err && *res == 1)
		offer(P, day, &seq);
	sr_seq_plan_release(&seq);
	return err;
}

/* An order on time today, for lower_bound(). */
struct due_work {
	int64_t due, minutes;
};

static int due_work_cmp(const void *x, const void *y)
{
	const struct due_work *a = x, *b = y;

	return a->due < b->due ? -1 : a->due > b->due;
}

/*
 * The first day any plan at all could keep the promise, or INT64_MAX: the
 * orders on time today and the new one must all be done by their dues,
 * so for every due t the work due by t must fit in workers × t. On one
 * worker that is also enough (earliest due first meets every due); with
 * more it is only needed. Today's plan meets it without the new order, so
 * only the dues from the new one's on need a look.
 */
static enum sr_err lower_bound(const struct promise *P, int64_t *lower,
			       struct sr_fail *f)
{
	struct due_work *dw = malloc((P->n + 1) * sizeof(*dw));
	int64_t *sum = malloc((P->n + 1) * sizeof(*sum));
	int64_t *room = malloc((P->n + 1) * sizeof(*room));
	int64_t pJ = P->jobs[P->n].minutes, m = (int64_t)P->m;
	size_t k = 0;

	*lower = INT64_MAX;
	if (!dw || !sum || !room) {
		free(dw);
		free(sum);
		free(room);
		return sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
				   "out of memory");
	}
	for (size_t i = 0; i < P->n; i++)
		if (P->on_time[i])
			dw[k++] = (struct due_work){P->due[i],
						    P->jobs[i].minutes};
	qsort(dw, k, sizeof(*dw), due_work_cmp);
	/* sum[i]: the work due by dw[i].due; room[i]: the least time left
	 * at any due from dw[i] on. */
	for (size_t i = 0; i < k; i++)
		sum[i] = add_capped(i ? sum[i - 1] : 0, dw[i].minutes);
	for (size_t i = k; i-- > 0;) {
		int64_t r = m * dw[i].due - sum[i];

		room[i] = i + 1 < k && room[i + 1] < r ? room[i + 1] : r;
	}
	for (int64_t d = 0; d < SR_PLAN_MAX_DAYS; d++) {
		int64_t dJ = axis_due(P->a, P->cal, P->cal->today + d);
		size_t lo = 0, hi = k;

		if (pJ > dJ)
			continue;
		while (lo < hi) { /* lo: the first due after dJ */
			size_t mid = (lo + hi) / 2;

			if (dw[mid].due <= dJ)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (m * dJ - (lo ? sum[lo - 1] : 0) < pJ ||
		    (lo < k && room[lo] < pJ))
			continue;
		*lower = P->cal->today + d;
		break;
	}
	free(dw);
	free(sum);
	free(room);
	return SR_OK;
}

static void promise_release(struct promise *P)
{
	free(P->jobs);
	free(P->due);
	free(P->workers);
	free(P->on_time);
	free(P->memo);
	free(P->order);
	free(P->len);
	free(P->base_end);
	free(P->end);
	sr_seq_plan_release(&P->best);
}

/*
 * No day could be checked in time: the first day on which the new order
 * fits into today's plan unchanged, that plan as *day's (or INT64_MAX).
 */
static enum sr_err fallback(struct promise *P, struct sr_fail *f)
{
	struct sr_seq_plan seq = SR_SEQ_PLAN_INIT;
	size_t wk, at;
	int64_t end, d;
	enum sr_err err;

	if (!insert_place(P, 0, true, &wk, &at, &end) ||
	    (d = axis_day_ending(P->a, end)) < 0)
		return SR_OK;
	P->due[P->n] = P->jobs[P->n].due = P->a->cum[d];
	start_build(P, wk, at);
	err = sr_seq_plan_build(P->jobs, P->n + 1, P->workers, P->m, P->order,
				P->len, &seq, f);
	if (!err)
		offer(P, P->cal->today + d, &seq);
	sr_seq_plan_release(&seq);
	return err;
}

/* The earliest day that passes check_day(), into P->best_day. */
static enum sr_err promise_search(struct promise *P, struct sr_fail *f)
{
	int64_t last = P->cal->today + SR_PLAN_MAX_DAYS - 1, lo = P->lower;
	int64_t hi = lo, step = 1;
	int res = -1;
	enum sr_err err = SR_OK;

	/* Double the step until a day works (the last day is tried too),
	 * then halve back to the first. */
	for (;;) {
		if ((err = check_day(P, hi, &res, f)) || res >= 0 || hi >= last)
			break;
		lo = hi + 1;
		hi = last - hi > step ? hi + step : last;
		step *= 2;
	}
	if (err || res != 1)
		return err;
	while (lo < P->best_day && res) {
		int64_t mid = lo + (P->best_day - lo) / 2;

		if ((err = check_day(P, mid, &res, f)))
			return err;
		if (res < 0)
			lo = mid + 1;
	}
	/* Later is only mostly easier: make sure a day earlier fails. */
	while (P->best_day > P->lower && res) {
		if ((err = check_day(P, P->best_day - 1, &res, f)) || res != 1)
			break;
	}
	return err;
}

/*
 * The new order after all the work of today's plan, on the worker free
 * first, so that nothing else moves: into *seq when it is done by the end
 * of `day` there, else *seq stays empty.
 */
static enum sr_err append_day(struct promise *P, int64_t day,
			      struct sr_seq_plan *seq, struct sr_fail *f)
{
	int64_t best = INT64_MAX, due = axis_due(P->a, P->cal, day);
	size_t wk = 0, len;

	for (size_t w = 0; w < P->m; w++) {
		const struct sr_seq_slot *s = row(P, w, &len);
		int64_t e = (len ? s[len - 1].end : P->workers[w].start) +
			    P->jobs[P->n].minutes;

		if (e < best) {
			best = e;
			wk = w;
		}
	}
	if (best > due)
		return SR_OK;
	row(P, wk, &len);
	start_build(P, wk, len);
	P->due[P->n] = P->jobs[P->n].due = due;
	return sr_seq_plan_build(P->jobs, P->n + 1, P->workers, P->m, P->order,
				 P->len, seq, f);
}

/*
 * What seq moves against today's plan: the orders whose work ends later,
 * into moves[] (by order, when not NULL); returns how many, and in
 * *late_later how many of them are late already.
 */
static size_t moves_of(const struct promise *P, const struct sr_seq_plan *seq,
		       struct sr_promise_move *moves, size_t *late_later)
{
	size_t n = 0;

	for (size_t k = 0; k < seq->n; k++)
		P->end[seq->slots[k].job] = seq->slots[k].end;
	*late_later = 0;
	for (size_t i = 0; i < P->n; i++) {
		if (P->end[i] <= P->base_end[i])
			continue;
		if (moves)
			moves[n] = (struct sr_promise_move){
				i, P->end[i] - P->base_end[i], !P->on_time[i]};
		n++;
		*late_later += !P->on_time[i];
	}
	return n;
}

/*
 * The option for `day`: of the candidate plans that keep it (NULL or
 * empty ones left out), the one that makes the fewest late orders later,
 * then moves the fewest; the first on a tie. It is laid with the new order
 * (all[n]) due that day.
 */
static enum sr_err option_make(struct promise *P, int64_t day,
			       struct sr_seq_plan *const *cand, size_t n_cand,
			       struct sr_plan_order *all,
			       const struct sr_plan_run *runs, size_t n_runs,
			       struct sr_promise_option *opt, struct sr_fail *f)
{
	const struct sr_seq_plan *pick = NULL;
	size_t best_late = SIZE_MAX, best_moved = SIZE_MAX, late, moved;
	enum sr_err err;

	for (size_t c = 0; c < n_cand; c++) {
		if (!cand[c] || !cand[c]->n)
			continue;
		moved = moves_of(P, cand[c], NULL, &late);
		if (late < best_late ||
		    (late == best_late && moved < best_moved)) {
			pick = cand[c];
			best_late = late;
			best_moved = moved;
		}
	}
	opt->day = day;
	all[P->n].due_day = day;
	P->due[P->n] = axis_due(P->a, P->cal, day);
	/* The last candidate is always a plan that keeps the day. */
	if (!pick)
		return sr_fail_set(f, SR_EINVAL, "no_time", NULL,
				   "no plan keeps that day");
	opt->moves = calloc(best_moved ? best_moved : 1, sizeof(*opt->moves));
	if (!opt->moves)
		return sr_fail_oom(f);
	opt->n_moves = moves_of(P, pick, opt->moves, &opt->n_late_later);
	err = lay(P->cal, P->a, all, P->n + 1, P->due, runs, n_runs, pick,
		  &opt->plan, f);
	return err;
}

static void option_release(struct sr_promise_option *o)
{
	sr_plan_release(&o->plan);
	free(o->moves);
	memset(o, 0, sizeof(*o));
}

void sr_promise_release(struct sr_promise *p)
{
	for (size_t i = 0; i < SR_ARRAY_SIZE(p->options); i++)
		option_release(&p->options[i]);
	sr_plan_release(&p->base);
	memset(p, 0, sizeof(*p));
}

/*
 * The days offered (plan.h): the wanted day when it is kept and is not
 * the earliest, then the earliest.
 */
static enum sr_err options_make(struct promise *P, int64_t wanted,
				struct sr_plan_order *all,
				const struct sr_plan_run *runs, size_t n_runs,
				struct sr_promise *out, struct sr_fail *f)
{
	struct sr_seq_plan app = SR_SEQ_PLAN_INIT, found = SR_SEQ_PLAN_INIT;
	struct sr_promise_option *o;
	int64_t d = wanted - P->cal->today;
	int res = 0;
	enum sr_err err = SR_OK;

	for (size_t k = 0; k < P->base->n; k++)
		P->base_end[P->base->slots[k].job] = P->base->slots[k].end;
	if (out->wanted_ok && wanted != P->best_day) {
		o = &out->options[out->n_options++];
		o->wanted = true;
		err = append_day(P, wanted, &app, f);
		/* Later is only mostly easier: a day that failed its check is
		 * kept by the earliest day's plan all the same. */
		if (!err && d < SR_PLAN_MAX_DAYS && P->memo[d] >= 0)
			err = search_day(P, wanted, &res, &found, f);
		if (!err)
			err = option_make(P, wanted,
					  (struct sr_seq_plan *[]){
						  &app,
						  res == 1 ? &found : NULL,
						  &P->best},
					  3, all, runs, n_runs, o, f);
		sr_seq_plan_release(&app);
		sr_seq_plan_release(&found);
		if (err)
			return err;
	}
	o = &out->options[out->n_options++];
	o->earliest = true;
	o->wanted = out->wanted_ok && wanted == P->best_day;
	err = append_day(P, P->best_day, &app, f);
	if (!err)
		err = option_make(P, P->best_day,
				  (struct sr_seq_plan *[]){&app, &P->best}, 2,
				  all, runs, n_runs, o, f);
	sr_seq_plan_release(&app);
	return err;
}

enum sr_err sr_plan_promise(const struct sr_plan_input *in,
			    const struct sr_plan_ask *ask,
			    const struct sr_plan_opts *opts,
			    struct sr_promise *out, struct sr_fail *f)
{
	const struct sr_calendar *cal = in->cal;
	const struct sr_plan_order *orders = in->orders;
	const struct sr_plan_run *runs = in->runs;
	size_t n = in->n, n_runs = in->n_runs;
	int64_t minutes = ask->minutes, weight = ask->weight;
	int64_t wanted_day = ask->wanted_day;
	struct sr_plan_opts dflt = SR_PLAN_OPTS_INIT;
	struct sr_seq_plan seq = SR_SEQ_PLAN_INIT;
	struct sr_plan_order *all = NULL;
	struct promise P;
	struct axis a;
	enum sr_err err;

	memset(out, 0, sizeof(*out));
	memset(&P, 0, sizeof(P));
	memset(&a, 0, sizeof(a));
	budget_start(&P.b, opts ? opts : &dflt);
	if ((err = check_workers(cal, f)) ||
	    (err = axis_build(cal, runs, n_runs, &a, f)))
		return err;
	P.cal = cal;
	P.a = &a;
	P.n = n;
	P.m = (size_t)cal->workers;
	P.best_day = INT64_MAX;
	P.base = &seq;
	all = calloc(n + 1, sizeof(*all));
	P.jobs = calloc(n + 1, sizeof(*P.jobs));
	P.due = calloc(n + 1, sizeof(*P.due));
	P.workers = calloc(P.m, sizeof(*P.workers));
	P.on_time = calloc(n + 1, sizeof(*P.on_time));
	P.memo = calloc(SR_PLAN_MAX_DAYS, sizeof(*P.memo));
	P.order = calloc(n + 1, sizeof(*P.order));
	P.len = calloc(P.m, sizeof(*P.len));
	P.base_end = calloc(n + 1, sizeof(*P.base_end));
	P.end = calloc(n + 1, sizeof(*P.end));
	if (!all || !P.jobs || !P.due || !P.workers || !P.on_time || !P.memo ||
	    !P.order || !P.len || !P.base_end || !P.end) {
		err = sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
				  "out of memory");
		goto out;
	}
	/* Today's plan, exactly as sr_plan_make() makes it. */
	err = plan_search(cal, &a, orders, n, &P.b, P.due, &seq, f);
	if (!err)
		err = lay(cal, &a, orders, n, P.due, runs, n_runs, &seq,
			  &out->base, f);
	if (err)
		goto out;
	for (size_t i = 0; i < n; i++)
		P.on_time[i] = out->base.orders[i].late_minutes == 0;
	if (n)
		memcpy(all, orders, n * sizeof(*all));
	all[n] = (struct sr_plan_order){0, minutes, weight, INT64_MAX,
					"new order"};
	jobs_fill(&a, cal, all, n + 1, P.jobs, P.due);
	weights_fit(P.jobs, n + 1);
	if ((err = lower_bound(&P, &P.lower, f)))
		goto out;
	if (P.lower != INT64_MAX && (err = promise_search(&P, f)))
		goto out;
	if (P.best_day == INT64_MAX && P.lower != INT64_MAX &&
	    budget_spent(&P.b) && (err = fallback(&P, f)))
		goto out;
	if (P.best_day == INT64_MAX) {
		err = sr_fail_set(f, SR_EINVAL, "no_time", NULL,
				  "no date in the next %d days can be "
				  "promised: the order does not fit in the "
				  "working time left",
				  SR_PLAN_MAX_DAYS);
		goto out;
	}
	if (wanted_day != INT64_MAX && wanted_day >= cal->today) {
		int res = 1;

		if (wanted_day < P.best_day &&
		    (err = check_day(&P, wanted_day, &res, f)))
			goto out;
		out->wanted_ok = res == 1;
	}
	out->day = P.best_day;
	err = options_make(&P, wanted_day, all, runs, n_runs, out, f);
out:
	if (err)
		sr_promise_release(out);
	sr_seq_plan_release(&seq);
	promise_release(&P);
	free(all);
	axis_release(&a);
	return err;
}
