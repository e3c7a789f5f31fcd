/*
 * sequence.c - sequencing jobs on workers: input checks, the jobs with a
 * fixed best place (no minutes, no weight), plans, CSV input and JSON
 * output. The search itself is in sequence-search.c.
 */
#include "compat.h"

#include "sequence-int.h"
#include "smallrun/parse.h"

/* Totals stay below this, so sums of a few of them cannot overflow. */
#define TOTAL_MAX SR_SEQ_MAX_TOTAL

void sr_seq_opts_init(struct sr_seq_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->time_limit_ms = 1000;
	o->seed = 1;
	o->exact_n = SR_SEQ_EXACT_N;
}

void sr_seq_plan_release(struct sr_seq_plan *p)
{
	free(p->slots);
	free(p->first);
	*p = (struct sr_seq_plan)SR_SEQ_PLAN_INIT;
}

enum sr_err sr_seq_check(const struct sr_seq_job *jobs, size_t n,
			 const struct sr_seq_worker *workers, size_t m,
			 struct sr_fail *f)
{
	int64_t sum_p = 0, sum_w = 0, max_start = 0, min_due = 0, late;
	char field[64];

	if (m < 1 || m > SR_SEQ_MAX_WORKERS)
		return sr_fail_set(f, SR_EINVAL, "bad_workers", "workers",
				   "the number of workers must be from 1 to "
				   "%d, not %zu",
				   SR_SEQ_MAX_WORKERS, m);
	if (n > SR_SEQ_MAX_JOBS)
		return sr_fail_set(f, SR_ETOOBIG, "too_many_jobs", "jobs",
				   "at most %d jobs can be sequenced at once, "
				   "not %zu",
				   SR_SEQ_MAX_JOBS, n);
	for (size_t w = 0; w < m; w++) {
		if (workers[w].start < -SR_SEQ_MAX_TIME ||
		    workers[w].start > SR_SEQ_MAX_TIME) {
			snprintf(field, sizeof(field), "workers[%zu].start", w);
			return sr_fail_set(f, SR_ETOOBIG, "bad_value", field,
					   "a start must be within %lld "
					   "minutes of now",
					   (long long)SR_SEQ_MAX_TIME);
		}
		if (w == 0 || workers[w].start > max_start)
			max_start = workers[w].start;
	}
	for (size_t j = 0; j < n; j++) {
		const struct sr_seq_job *jb = &jobs[j];
		const char *what = NULL;

		if (jb->minutes < 0 || jb->minutes > SR_SEQ_MAX_MINUTES)
			what = "minutes";
		else if (jb->weight < 0 || jb->weight > SR_SEQ_MAX_WEIGHT)
			what = "weight";
		else if (jb->due < -SR_SEQ_MAX_TIME ||
			 jb->due > SR_SEQ_MAX_TIME)
			what = "due";
		if (what) {
			snprintf(field, sizeof(field), "jobs[%zu].%s", j, what);
			return sr_fail_set(
				f, SR_ETOOBIG, "bad_value", field,
				"job %lld: minutes must be 0..%lld, weight "
				"0..%lld and due within %lld of now",
				(long long)jb->id,
				(long long)SR_SEQ_MAX_MINUTES,
				(long long)SR_SEQ_MAX_WEIGHT,
				(long long)SR_SEQ_MAX_TIME);
		}
		sum_p += jb->minutes;
		sum_w += jb->weight;
		if (j == 0 || jb->due < min_due)
			min_due = jb->due;
	}
	/* The latest end is max_start + sum_p; nothing is later than that. */
	late = max_start + sum_p - min_due;
	if (n && sum_w > 0 && late > 0 && late > TOTAL_MAX / sum_w)
		return sr_fail_set(f, SR_ETOOBIG, "too_big", "jobs",
				   "the weights and times are too large "
				   "together: the weighted lateness could pass "
				   "%lld",
				   (long long)TOTAL_MAX);
	return SR_OK;
}

/*
 * The plan from per-worker rows of job indices (rows[w][0..len[w])):
 * times, lateness, total.
 */
static enum sr_err plan_fill(const struct sr_seq_job *jobs, size_t n,
			     const struct sr_seq_worker *workers, size_t m,
			     const size_t *const *rows, const size_t *len,
			     struct sr_seq_plan *plan)
{
	size_t k = 0;

	sr_seq_plan_release(plan);
	plan->slots = malloc((n ? n : 1) * sizeof(*plan->slots));
	plan->first = malloc((m + 1) * sizeof(*plan->first));
	if (!plan->slots || !plan->first) {
		sr_seq_plan_release(plan);
		return SR_ENOMEM;
	}
	plan->n = n;
	plan->n_workers = m;
	for (size_t w = 0; w < m; w++) {
		int64_t t = workers[w].start;

		plan->first[w] = k;
		for (size_t q = 0; q < len[w]; q++, k++) {
			const struct sr_seq_job *jb = &jobs[rows[w][q]];
			struct sr_seq_slot *sl = &plan->slots[k];

			sl->job = rows[w][q];
			sl->worker = w;
			sl->start = t;
			t += jb->minutes;
			sl->end = t;
			sl->late = t > jb->due ? t - jb->due : 0;
			plan->total += jb->weight * sl->late;
		}
	}
	plan->first[m] = k;
	return SR_OK;
}

/*
 * Is order[] (n job indices) with len[] (m lengths) a plan of n jobs on m
 * workers? SR_OK, else SR_EINVAL naming `field`. seen has n + 1 entries.
 */
static enum sr_err order_check(const size_t *order, const size_t *len, size_t n,
			       size_t m, bool *seen, const char *field,
			       struct sr_fail *f)
{
	size_t sum = 0;

	for (size_t w = 0; w < m; w++) {
		if (len[w] > n - sum)
			return sr_fail_set(f, SR_EINVAL, "bad_order", field,
					   "the workers' lengths add up to "
					   "more than %zu jobs",
					   n);
		sum += len[w];
	}
	if (sum != n)
		return sr_fail_set(f, SR_EINVAL, "bad_order", field,
				   "the workers' lengths add up to %zu, not "
				   "%zu",
				   sum, n);
	memset(seen, 0, (n + 1) * sizeof(*seen));
	for (size_t k = 0; k < n; k++) {
		if (order[k] >= n || seen[order[k]])
			return sr_fail_set(f, SR_EINVAL, "bad_order", field,
					   "the order is not a permutation of "
					   "the jobs (at %zu)",
					   k);
		seen[order[k]] = true;
	}
	return SR_OK;
}

/* A problem reduced to the jobs that need searching, and the others. */
struct reduced {
	struct seq_prob pb;
	int64_t *p, *w, *d, *t0;
	size_t *orig;  /* search job -> input index */
	size_t *quick; /* zero-minute jobs, input order */
	size_t nquick;
	size_t *idle; /* zero-weight jobs with minutes, by due date */
	size_t nidle;
	size_t **rows; /* per worker: input indices, the final plan */
	size_t *len;
	size_t *rowmem;
	size_t *search; /* input index -> search job, or SIZE_MAX */
};

static void reduced_release(struct reduced *r)
{
	free(r->p);
	free(r->t0);
	free(r->orig);
	free(r->rows);
	free(r->len);
	free(r->rowmem);
	free(r->search);
	memset(r, 0, sizeof(*r));
}

static enum sr_err reduce(const struct sr_seq_job *jobs, size_t n,
			  const struct sr_seq_worker *workers, size_t m,
			  struct reduced *r)
{
	size_t k = 0;

	memset(r, 0, sizeof(*r));
	r->p = malloc(3 * (n + 1) * sizeof(*r->p));
	r->t0 = malloc(m * sizeof(*r->t0));
	r->orig = malloc(3 * (n + 1) * sizeof(*r->orig));
	r->rows = malloc(m * sizeof(*r->rows));
	r->len = calloc(m, sizeof(*r->len));
	r->rowmem = malloc((m * n + 1) * sizeof(*r->rowmem));
	r->search = malloc((n + 1) * sizeof(*r->search));
	if (!r->p || !r->t0 || !r->orig || !r->rows || !r->len || !r->rowmem ||
	    !r->search)
		return SR_ENOMEM;
	r->w = r->p + n + 1;
	r->d = r->w + n + 1;
	r->quick = r->orig + n + 1;
	r->idle = r->quick + n + 1;
	for (size_t w = 0; w < m; w++) {
		r->t0[w] = workers[w].start;
		r->rows[w] = r->rowmem + w * n;
	}
	for (size_t j = 0; j < n; j++) {
		r->search[j] = SIZE_MAX;
		if (jobs[j].minutes == 0) {
			r->quick[r->nquick++] = j;
		} else if (jobs[j].weight == 0) {
			size_t q = r->nidle++;

			/* Insertion sort by due date, stable. */
			while (q && jobs[r->idle[q - 1]].due > jobs[j].due) {
				r->idle[q] = r->idle[q - 1];
				q--;
			}
			r->idle[q] = j;
		} else {
			r->p[k] = jobs[j].minutes;
			r->w[k] = jobs[j].weight;
			r->d[k] = jobs[j].due;
			r->search[j] = k;
			r->orig[k++] = j;
		}
	}
	r->pb = (struct seq_prob){k, m, r->p, r->w, r->d, r->t0};
	return SR_OK;
}

/*
 * Put the search's rows and the set-aside jobs into r->rows: zero-minute
 * jobs first on the worker free first, zero-weight ones last, each on the
 * worker that finishes first.
 */
static void reduced_assemble(const struct sr_seq_job *jobs,
			     const struct sr_seq_worker *workers, size_t m,
			     struct reduced *r, const struct seq_sol *sol)
{
	size_t first = 0;
	int64_t end[SR_SEQ_MAX_WORKERS];

	for (size_t w = 1; w < m; w++)
		if (workers[w].start < workers[first].start)
			first = w;
	for (size_t w = 0; w < m; w++) {
		r->len[w] = 0;
		if (w == first)
			for (size_t q = 0; q < r->nquick; q++)
				r->rows[w][r->len[w]++] = r->quick[q];
		end[w] = workers[w].start;
		for (size_t q = 0; q < sol->len[w]; q++) {
			size_t j = r->orig[sol->seq[w * r->pb.n + q]];

			r->rows[w][r->len[w]++] = j;
			end[w] += jobs[j].minutes;
		}
	}
	for (size_t q = 0; q < r->nidle; q++) {
		size_t w = 0, j = r->idle[q];

		for (size_t v = 1; v < m; v++)
			if (end[v] < end[w])
				w = v;
		r->rows[w][r->len[w]++] = j;
		end[w] += jobs[j].minutes;
	}
}

/*
 * The caller's start (checked by order_check()) as a solution of the
 * reduced problem: the searched jobs in the same places and order.
 */
static void reduced_start(const struct reduced *r, const size_t *order,
			  const size_t *len, struct seq_sol *x)
{
	const size_t *o = order;

	for (size_t w = 0; w < r->pb.m; w++) {
		x->len[w] = 0;
		for (size_t q = 0; q < len[w]; q++, o++)
			if (r->search[*o] != SIZE_MAX)
				x->seq[w * r->pb.n + x->len[w]++] =
					(int32_t)r->search[*o];
	}
	x->total = 0;
}

/* Shared by solve and dispatch: rule < 0 means the full search. */
static enum sr_err seq_run(const struct sr_seq_job *jobs, size_t n,
			   const struct sr_seq_worker *workers, size_t m,
			   const struct sr_seq_opts *opts, int rule,
			   struct sr_seq_plan *plan, struct sr_fail *f)
{
	struct reduced r;
	struct seq_sol sol = {NULL, NULL, 0}, start = {NULL, NULL, 0};
	struct sr_seq_opts defaults;
	struct sr_seq_stats st;
	bool optimal = false, *seen = NULL;
	enum sr_err err;

	memset(&r, 0, sizeof(r));
	memset(&st, 0, sizeof(st));
	if ((err = sr_seq_check(jobs, n, workers, m, f)))
		goto out;
	if (!opts) {
		sr_seq_opts_init(&defaults);
		opts = &defaults;
	}
	if ((err = reduce(jobs, n, workers, m, &r)))
		goto out;
	sol.seq = malloc((r.pb.n ? r.pb.n : 1) * m * sizeof(*sol.seq));
	sol.len = calloc(m, sizeof(*sol.len));
	if (!sol.seq || !sol.len) {
		err = SR_ENOMEM;
		goto out;
	}
	if (rule < 0 && opts->start_order && opts->start_len) {
		seen = malloc((n + 1) * sizeof(*seen));
		start.seq =
			malloc((r.pb.n ? r.pb.n : 1) * m * sizeof(*start.seq));
		start.len = calloc(m, sizeof(*start.len));
		if (!seen || !start.seq || !start.len) {
			err = SR_ENOMEM;
			goto out;
		}
		if ((err = order_check(opts->start_order, opts->start_len, n, m,
				       seen, "start_order", f)))
			goto out;
		reduced_start(&r, opts->start_order, opts->start_len, &start);
	}
	if (rule >= 0)
		err = sr_seq_sol_dispatch(&r.pb, (enum sr_seq_rule)rule, &sol);
	else
		err = sr_seq_search(&r.pb, opts, start.seq ? &start : NULL,
				    &sol, &optimal, &st);
	if (err)
		goto out;
	reduced_assemble(jobs, workers, m, &r, &sol);
	if ((err = plan_fill(jobs, n, workers, m, (const size_t *const *)r.rows,
			     r.len, plan)))
		goto out;
	plan->optimal = optimal || plan->total == 0;
	plan->stats = st;
	/* The set-aside jobs' share, so initial compares with total. */
	plan->stats.initial += plan->total - sol.total;
out:
	if (err == SR_ENOMEM)
		sr_fail_set(f, err, "no_memory", "", "out of memory");
	free(sol.seq);
	free(sol.len);
	free(start.seq);
	free(start.len);
	free(seen);
	reduced_release(&r);
	return err;
}

enum sr_err sr_seq_solve(const struct sr_seq_job *jobs, size_t n,
			 const struct sr_seq_worker *workers, size_t m,
			 const struct sr_seq_opts *opts,
			 struct sr_seq_plan *plan, struct sr_fail *f)
{
	return seq_run(jobs, n, workers, m, opts, -1, plan, f);
}

enum sr_err sr_seq_dispatch(const struct sr_seq_job *jobs, size_t n,
			    const struct sr_seq_worker *workers, size_t m,
			    enum sr_seq_rule rule, struct sr_seq_plan *plan,
			    struct sr_fail *f)
{
	if ((unsigned)rule >= SR_SEQ_RULE__MAX)
		return sr_fail_set(f, SR_EINVAL, "bad_rule", "rule",
				   "no dispatch rule number %d", (int)rule);
	return seq_run(jobs, n, workers, m, NULL, (int)rule, plan, f);
}

enum sr_err sr_seq_plan_build(const struct sr_seq_job *jobs, size_t n,
			      const struct sr_seq_worker *workers, size_t m,
			      const size_t *order, const size_t *len,
			      struct sr_seq_plan *plan, struct sr_fail *f)
{
	const size_t **rows = NULL;
	size_t sum = 0;
	bool *seen = NULL;
	enum sr_err err;

	if ((err = sr_seq_check(jobs, n, workers, m, f)))
		return err;
	rows = malloc(m * sizeof(*rows));
	seen = calloc(n + 1, sizeof(*seen));
	if (!rows || !seen) {
		err = sr_fail_set(f, SR_ENOMEM, "no_memory", "",
				  "out of memory");
		goto out;
	}
	if ((err = order_check(order, len, n, m, seen, "order", f)))
		goto out;
	for (size_t w = 0; w < m; w++) {
		rows[w] = order + sum;
		sum += len[w];
	}
	if ((err = plan_fill(jobs, n, workers, m, rows, len, plan)))
		sr_fail_set(f, err, "no_memory", "", "out of memory");
out:
	free(rows);
	free(seen);
	return err;
}

/* ---- CSV input ---- */

static const char *const csv_cols[] = {"id", "minutes", "weight", "due"};

/* A printable preview of s for a message: at most 32 bytes, '?' for odd. */
static void preview(char *out, size_t outsz, const char *s, size_t len)
{
	size_t k = 0;

	for (size_t i = 0; i < len && k + 4 < outsz; i++) {
		unsigned char c = (unsigned char)s[i];

		if (i == 32) {
			memcpy(out + k, "...", 3);
			k += 3;
			break;
		}
		out[k++] = c >= 0x20 && c < 0x7f && c != '\'' ? (char)c : '?';
	}
	out[k] = '\0';
}

/* Parse field col of the current record into *v within [min, max]. */
static enum sr_err csv_number(struct sr_csv *r, size_t col, size_t fieldno,
			      int64_t *v, int64_t min, int64_t max,
			      struct sr_fail *f)
{
	const char *name = sr_csv_column_name(r, col);
	size_t len;
	const char *s = sr_csv_field(r, col, &len);
	char shown[48];
	enum sr_err err;

	while (len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	preview(shown, sizeof(shown), s, len);
	if (len == 0)
		return sr_fail_set(f, SR_EINVAL, "bad_value", name,
				   "line %ld, column '%s' (field %zu): the "
				   "value is missing",
				   sr_csv_line(r), name, fieldno);
	err = sr_parse_i64(s, len, v, INT64_MIN, INT64_MAX);
	if (err == SR_EINVAL)
		return sr_fail_set(f, SR_EINVAL, "bad_value", name,
				   "line %ld, column '%s' (field %zu): '%s' "
				   "is not a whole number",
				   sr_csv_line(r), name, fieldno, shown);
	if (err || *v < min || *v > max)
		return sr_fail_set(f, SR_EINVAL, "bad_value", name,
				   "line %ld, column '%s' (field %zu): '%s' "
				   "is outside %lld..%lld",
				   sr_csv_line(r), name, fieldno, shown,
				   (long long)min, (long long)max);
	return SR_OK;
}

struct id_line {
	int64_t id;
	long line;
	size_t pos;
};

static int id_line_cmp(const void *a, const void *b)
{
	const struct id_line *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

enum sr_err sr_seq_jobs_read_csv(struct sr_csv *r, struct sr_seq_job **jobs,
				 size_t *n, struct sr_fail *f)
{
	static const int64_t lo[] = {INT64_MIN, 0, 0, -SR_SEQ_MAX_TIME};
	static const int64_t hi[] = {INT64_MAX, SR_SEQ_MAX_MINUTES,
				     SR_SEQ_MAX_WEIGHT, SR_SEQ_MAX_TIME};
	struct sr_seq_job *out = NULL;
	struct id_line *ids = NULL;
	size_t col[4], count = 0, cap = 0, ncols;
	enum sr_err err;
	bool got;

	*jobs = NULL;
	*n = 0;
	if ((err = sr_csv_read_header(r, f)))
		goto out;
	for (size_t c = 0; c < 4; c++) {
		err = sr_csv_column(r, csv_cols[c], &col[c]);
		if (err == SR_ECONFLICT) {
			err = sr_fail_set(f, SR_EINVAL, "bad_header",
					  csv_cols[c],
					  "line %ld: two columns are called "
					  "'%s'",
					  sr_csv_line(r), csv_cols[c]);
			goto out;
		}
		if (err) {
			err = sr_fail_set(f, SR_EINVAL, "bad_header",
					  csv_cols[c],
					  "line %ld: no '%s' column; the "
					  "header must name id, minutes, "
					  "weight and due",
					  sr_csv_line(r), csv_cols[c]);
			goto out;
		}
	}
	ncols = sr_csv_columns(r);
	while (!(err = sr_csv_next(r, &got, f)) && got) {
		struct sr_seq_job jb;
		int64_t *dst[4] = {&jb.id, &jb.minutes, &jb.weight, &jb.due};

		if (sr_csv_nfields(r) != ncols) {
			err = sr_fail_set(f, SR_EINVAL, "bad_csv", "",
					  "line %ld: %zu field%s where the "
					  "header has %zu",
					  sr_csv_line(r), sr_csv_nfields(r),
					  sr_csv_nfields(r) == 1 ? "" : "s",
					  ncols);
			goto out;
		}
		for (size_t c = 0; c < 4; c++)
			if ((err = csv_number(r, col[c], col[c] + 1, dst[c],
					      lo[c], hi[c], f)))
				goto out;
		if (count == SR_SEQ_MAX_JOBS) {
			err = sr_fail_set(f, SR_ETOOBIG, "too_many_jobs", "",
					  "line %ld: more than %d jobs",
					  sr_csv_line(r), SR_SEQ_MAX_JOBS);
			goto out;
		}
		if (count == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct sr_seq_job *nj =
				realloc(out, ncap * sizeof(*nj));
			struct id_line *ni =
				nj ? realloc(ids, ncap * sizeof(*ni)) : NULL;

			if (nj)
				out = nj;
			if (ni)
				ids = ni;
			if (!nj || !ni) {
				err = sr_fail_set(f, SR_ENOMEM, "no_memory", "",
						  "out of memory");
				goto out;
			}
			cap = ncap;
		}
		out[count] = jb;
		ids[count] = (struct id_line){jb.id, sr_csv_line(r), count};
		count++;
	}
	if (err)
		goto out;
	if (count > 1) {
		qsort(ids, count, sizeof(*ids), id_line_cmp);
		for (size_t k = 1; k < count; k++)
			if (ids[k].id == ids[k - 1].id) {
				err = sr_fail_set(
					f, SR_EINVAL, "duplicate_id", "id",
					"line %ld, column 'id' (field %zu): id "
					"%lld is already used on line %ld",
					ids[k].line, col[0] + 1,
					(long long)ids[k].id, ids[k - 1].line);
				goto out;
			}
	}
	*jobs = out;
	*n = count;
	out = NULL;
out:
	free(out);
	free(ids);
	return err;
}

enum sr_err sr_seq_plan_to_json(const struct sr_seq_plan *p,
				const struct sr_seq_job *jobs,
				struct sr_buf *out)
{
	sr_buf_adds(out, "{\"sequence\": [");
	for (size_t w = 0; w < p->n_workers; w++) {
		sr_buf_adds(out, w ? ", [" : "[");
		for (size_t k = p->first[w]; k < p->first[w + 1]; k++)
			sr_buf_addf(out, "%s%lld", k > p->first[w] ? ", " : "",
				    (long long)jobs[p->slots[k].job].id);
		sr_buf_addch(out, ']');
	}
	sr_buf_addf(out, "], \"weighted_tardiness\": %lld}",
		    (long long)p->total);
	return (enum sr_err)out->err;
}
