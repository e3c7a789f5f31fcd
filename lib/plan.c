/*
 * plan.c - lay the sequencing engine's order of work on the calendar.
 *
 * Each day gives every worker a window from the start of the working day
 * (or from now, today). Batch runs booked that day take the front of the
 * window, shared equally by the workers; what is left, day after day,
 * forms the working-time axis the engine plans on. The plan is then read
 * back onto days and hours.
 */
#include "compat.h"

#include "smallrun/date.h"
#include "smallrun/plan.h"
#include "smallrun/sequence.h"

/* The axis: per day, the window and the free minutes, and running sums. */
struct axis {
	int64_t days;
	int *open;     /* window start, minutes after midnight */
	int *batch;    /* minutes of batch runs per worker, at the front */
	int *free_min; /* free minutes per worker after the runs */
	int64_t *cum;  /* free minutes through the end of the day */
	int64_t avg;   /* an average free day, for dates past the axis */
};

static void axis_release(struct axis *a)
{
	free(a->open);
	free(a->batch);
	free(a->free_min);
	free(a->cum);
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

static enum sr_err axis_build(const struct sr_calendar *cal,
			      const struct sr_plan_run *runs, size_t n_runs,
			      int64_t need, int64_t last_due, struct axis *a,
			      struct sr_fail *f)
{
	int64_t days = SR_PLAN_MAX_DAYS, total = 0, worked = 0;

	memset(a, 0, sizeof(*a));
	a->open = calloc((size_t)days, sizeof(*a->open));
	a->batch = calloc((size_t)days, sizeof(*a->batch));
	a->free_min = calloc((size_t)days, sizeof(*a->free_min));
	a->cum = calloc((size_t)days, sizeof(*a->cum));
	if (!a->open || !a->batch || !a->free_min || !a->cum) {
		axis_release(a);
		return sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
				   "out of memory");
	}
	for (int64_t d = 0; d < days; d++) {
		int64_t day = cal->today + d, run = 0;
		int cap = sr_calendar_minutes(cal, day), share;

		a->open[d] = cal->day_start;
		if (d == 0 && cal->now_minute > cal->day_start)
			a->open[d] = cal->now_minute;
		for (size_t i = 0; i < n_runs; i++)
			if (runs[i].day == day)
				run += runs[i].minutes;
		share = (int)((run + cal->workers - 1) / cal->workers);
		if (share > cap)
			share = cap;
		a->batch[d] = cap ? share : 0;
		a->free_min[d] = cap - a->batch[d];
		total += a->free_min[d];
		a->cum[d] = total;
		worked += a->free_min[d] > 0;
		/* Enough days: all the work fits on one worker, and every due
		 * date and booked run lies inside, with two weeks at least. */
		if (d >= 13 && total >= need && day >= last_due) {
			a->days = d + 1;
			break;
		}
	}
	if (!a->days || !total) {
		axis_release(a);
		return sr_fail_set(
			f, SR_EINVAL, "no_time", NULL,
			total ? "the work does not fit in the next "
				"%d days"
			      : "the workshop has no working time in "
				"the next %d days: set the hours in "
				"the settings",
			SR_PLAN_MAX_DAYS);
	}
	a->avg = total / (worked ? worked : 1);
	return SR_OK;
}

/* Working minutes from now to the end of day `day`. */
static int64_t axis_due(const struct axis *a, const struct sr_calendar *cal,
			int64_t day)
{
	int64_t d = day - cal->today;

	if (day == INT64_MAX)
		return SR_SEQ_MAX_TIME - 1;
	if (d < 0)
		return -(-d) * (a->avg ? a->avg : 1); /* already late */
	if (d < a->days)
		return a->cum[d];
	return a->cum[a->days - 1] + (d - a->days + 1) * a->avg;
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
	memset(p, 0, sizeof(*p));
}

/* Lay the batch runs at the front of each day's window. */
static enum sr_err lay_runs(const struct sr_calendar *cal, const struct axis *a,
			    const struct sr_plan_run *runs, size_t n_runs,
			    struct sr_plan *p, size_t *cap, struct sr_fail *f)
{
	enum sr_err err = SR_OK;

	for (int64_t d = 0; d < a->days && !err; d++) {
		int used = 0;

		if (!a->batch[d])
			continue;
		for (size_t i = 0; i < n_runs && !err; i++) {
			int share;

			if (runs[i].day != cal->today + d)
				continue;
			share = (int)((runs[i].minutes + cal->workers - 1) /
				      cal->workers);
			if (share > a->batch[d] - used)
				share = a->batch[d] - used;
			for (int w = 0; w < cal->workers && share > 0 && !err;
			     w++) {
				struct sr_plan_block b = {
					cal->today + d,
					w,
					a->open[d] + used,
					a->open[d] + used + share,
					true,
					runs[i].id,
					runs[i].label};

				err = push(p, cap, &b, f);
			}
			used += share;
		}
	}
	return err;
}

enum sr_err sr_plan_make(const struct sr_calendar *cal,
			 const struct sr_plan_order *orders, size_t n,
			 const struct sr_plan_run *runs, size_t n_runs,
			 const struct sr_plan_opts *opts, struct sr_plan *out,
			 struct sr_fail *f)
{
	struct sr_plan_opts dflt = SR_PLAN_OPTS_INIT;
	struct sr_seq_plan seq = SR_SEQ_PLAN_INIT;
	struct sr_seq_worker *workers = NULL;
	struct sr_seq_job *jobs = NULL;
	struct sr_seq_opts so;
	struct axis a;
	int64_t need = 0, last = cal->today;
	size_t cap = 0;
	enum sr_err err;

	memset(out, 0, sizeof(*out));
	if (!opts)
		opts = &dflt;
	if (cal->workers < 1 || cal->workers > SR_SEQ_MAX_WORKERS)
		return sr_fail_set(f, SR_EINVAL, "out_of_range", "workers",
				   "workers must be from 1 to %d",
				   SR_SEQ_MAX_WORKERS);
	for (size_t i = 0; i < n; i++) {
		need += orders[i].minutes;
		if (orders[i].due_day != INT64_MAX && orders[i].due_day > last)
			last = orders[i].due_day;
	}
	for (size_t i = 0; i < n_runs; i++)
		if (runs[i].day > last)
			last = runs[i].day;
	if (last > cal->today + SR_PLAN_MAX_DAYS - 1)
		last = cal->today + SR_PLAN_MAX_DAYS - 1;
	err = axis_build(cal, runs, n_runs, need, last, &a, f);
	if (err)
		return err;
	jobs = calloc(n ? n : 1, sizeof(*jobs));
	workers = calloc((size_t)cal->workers, sizeof(*workers));
	out->orders = calloc(n ? n : 1, sizeof(*out->orders));
	if (!jobs || !workers || !out->orders) {
		err = sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
				  "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		jobs[i].id = orders[i].id;
		jobs[i].minutes = orders[i].minutes;
		jobs[i].weight = orders[i].weight;
		jobs[i].due = axis_due(&a, cal, orders[i].due_day);
	}
	sr_seq_opts_init(&so);
	so.max_iters = opts->max_iters;
	so.seed = opts->seed;
	err = sr_seq_solve(jobs, n, workers, (size_t)cal->workers, &so, &seq,
			   f);
	if (err)
		goto out;
	out->n_orders = n;
	out->weighted_lateness = seq.total;
	err = lay_runs(cal, &a, runs, n_runs, out, &cap, f);
	for (size_t k = 0; k < seq.n && !err; k++) {
		const struct sr_seq_slot *s = &seq.slots[k];
		const struct sr_plan_order *o = &orders[s->job];
		struct sr_plan_result *r = &out->orders[s->job];
		int64_t t = s->start, into, d = 0;

		r->id = o->id;
		r->worker = (int)s->worker;
		r->late_minutes = s->late;
		/* Past the axis (a very long queue): say the last day. */
		if (s->end > a.cum[a.days - 1]) {
			r->start_day = r->finish_day = cal->today + a.days - 1;
			r->finish_minute = a.open[a.days - 1];
		}
		while (t < s->end && t < a.cum[a.days - 1] && !err) {
			int64_t left;
			struct sr_plan_block b;

			d = axis_day(&a, t, &into);
			left = a.cum[d] - t;
			if (left > s->end - t)
				left = s->end - t;
			b.day = cal->today + d;
			b.worker = (int)s->worker;
			b.start = a.open[d] + a.batch[d] + (int)into;
			b.end = b.start + (int)left;
			b.batch = false;
			b.id = o->id;
			b.label = o->label;
			if (t == s->start)
				r->start_day = b.day;
			r->finish_day = b.day;
			r->finish_minute = b.end;
			err = push(out, &cap, &b, f);
			t += left;
		}
		if (s->start == s->end && s->start < a.cum[a.days - 1]) {
			d = axis_day(&a, s->start, &into);
			r->start_day = r->finish_day = cal->today + d;
			r->finish_minute = a.open[d] + a.batch[d] + (int)into;
		}
		r->late_days = o->due_day != INT64_MAX && r->late_minutes > 0 &&
					       r->finish_day > o->due_day
				       ? r->finish_day - o->due_day
				       : 0;
	}
	if (!err) {
		qsort(out->blocks, out->n_blocks, sizeof(*out->blocks),
		      block_cmp);
		out->horizon_days = a.days;
	}
out:
	if (err)
		sr_plan_release(out);
	sr_seq_plan_release(&seq);
	free(jobs);
	free(workers);
	axis_release(&a);
	return err;
}

/* Can the new order be due on `day`? (out gets that plan) */
static enum sr_err try_day(const struct sr_calendar *cal,
			   struct sr_plan_order *all, size_t n,
			   const struct sr_plan_run *runs, size_t n_runs,
			   const struct sr_plan *base,
			   const struct sr_plan_opts *opts, int64_t day,
			   bool *ok, struct sr_plan *out, struct sr_fail *f)
{
	enum sr_err err;

	all[n].due_day = day;
	sr_plan_release(out);
	err = sr_plan_make(cal, all, n + 1, runs, n_runs, opts, out, f);
	if (err)
		return err;
	*ok = out->orders[n].late_minutes == 0;
	for (size_t i = 0; i < n && *ok; i++)
		if (base->orders[i].late_minutes == 0 &&
		    out->orders[i].late_minutes > 0)
			*ok = false;
	return SR_OK;
}

enum sr_err sr_plan_promise(const struct sr_calendar *cal,
			    const struct sr_plan_order *orders, size_t n,
			    const struct sr_plan_run *runs, size_t n_runs,
			    int64_t minutes, int64_t weight, int64_t wanted_day,
			    const struct sr_plan_opts *opts,
			    struct sr_promise *out, struct sr_plan *plan,
			    struct sr_fail *f)
{
	struct sr_plan base = SR_PLAN_INIT, probe = SR_PLAN_INIT;
	struct sr_plan_order *all;
	int64_t lo = cal->today, hi, found;
	bool ok = false;
	enum sr_err err;

	memset(out, 0, sizeof(*out));
	memset(plan, 0, sizeof(*plan));
	all = calloc(n + 1, sizeof(*all));
	if (!all)
		return sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
				   "out of memory");
	memcpy(all, orders, n * sizeof(*all));
	all[n] = (struct sr_plan_order){0, minutes, weight, INT64_MAX,
					"new order"};
	err = sr_plan_make(cal, orders, n, runs, n_runs, opts, &base, f);
	/* Grow the step until a day works, then halve back to the first. */
	for (hi = lo; !err; hi = lo + (hi - lo + 1) * 2) {
		if (hi > cal->today + SR_PLAN_MAX_DAYS - 1) {
			err = sr_fail_set(f, SR_EINVAL, "no_time", NULL,
					  "no date in the next %d days can be "
					  "promised",
					  SR_PLAN_MAX_DAYS);
			break;
		}
		err = try_day(cal, all, n, runs, n_runs, &base, opts, hi, &ok,
			      &probe, f);
		if (!err && ok)
			break;
		if (!err)
			lo = hi + 1;
	}
	found = hi;
	while (!err && lo < found) {
		int64_t mid = lo + (found - lo) / 2;

		err = try_day(cal, all, n, runs, n_runs, &base, opts, mid, &ok,
			      &probe, f);
		if (!err && ok)
			found = mid;
		else if (!err)
			lo = mid + 1;
	}
	/* The search assumes later is easier; make sure a day earlier fails. */
	while (!err && found > cal->today) {
		err = try_day(cal, all, n, runs, n_runs, &base, opts, found - 1,
			      &ok, &probe, f);
		if (err || !ok)
			break;
		found--;
	}
	if (!err)
		err = try_day(cal, all, n, runs, n_runs, &base, opts, found,
			      &ok, plan, f);
	if (!err) {
		out->day = found;
		for (size_t i = 0; i < n && out->n_moved < 64; i++) {
			int64_t later = plan->orders[i].finish_day -
					base.orders[i].finish_day;

			if (later > 0) {
				out->moved_ids[out->n_moved] = orders[i].id;
				out->moved_days[out->n_moved++] = later;
			}
		}
	}
	if (!err && wanted_day != INT64_MAX)
		err = try_day(cal, all, n, runs, n_runs, &base, opts,
			      wanted_day, &out->wanted_ok, &probe, f);
	sr_plan_release(&base);
	sr_plan_release(&probe);
	free(all);
	if (err)
		sr_plan_release(plan);
	return err;
}
