/*
 * sequence.c - benchmark of the sequencing engine (lib/sequence*.c).
 *
 * Single worker: every OR-Library instance of wt40, wt50 and wt100 against
 * its optimal or best-known value, and fresh instances of the same recipe
 * at n = 200 and 500 against a long run of the engine. Several workers:
 * the OR-Library instances with due dates divided by m (m = 2, 3) against
 * a long run. Each line sets the engine (time limit per instance, stopping
 * early once it reaches the reference value) beside EDD and ATC run on the
 * same instances.
 *
 *	bench-sequence [--data DIR] [--ref FILE] [--time-limit-ms N]
 *		       [--seed N] [--sets LIST] [--every K] [--wall]
 *		       [--make-ref MS] [--verbose]
 *
 * Times are the thread's CPU time unless --wall, so that other work on a
 * shared machine does not count against the engine. --make-ref MS runs the
 * engine for MS ms with --ref-seeds seeds (3) on every instance that has no
 * known value and prints reference lines ("SET M INDEX VALUE") for --ref.
 */
#include "compat.h"

#include <getopt.h>
#include <time.h>

#include "smallrun/parse.h"
#include "smallrun/sequence.h"

#define NINST 125
#define MAXN 500

struct inst {
	size_t n;
	struct sr_seq_job jobs[MAXN];
};

/* What the reference file knows: set name, workers, index -> value. */
struct refs {
	size_t count, cap;
	struct ref {
		char set[16];
		int m;
		int idx;
		int64_t value;
	} * r;
};

static bool use_wall;

static int64_t now_ms(void *arg)
{
	struct timespec ts;

	(void)arg;
	clock_gettime(use_wall ? CLOCK_MONOTONIC : CLOCK_THREAD_CPUTIME_ID,
		      &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(use_wall ? CLOCK_MONOTONIC : CLOCK_THREAD_CPUTIME_ID,
		      &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* Read a whole file; NULL (with a message) on failure. free() it. */
static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	struct sr_buf b = SR_BUF_INIT((size_t)64 << 20);
	char chunk[65536];
	size_t got;

	if (!fp) {
		fprintf(stderr, "bench-sequence: cannot open %s: %s\n", path,
			strerror(errno));
		return NULL;
	}
	while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		sr_buf_add(&b, chunk, got);
	fclose(fp);
	if (b.err) {
		sr_buf_release(&b);
		return NULL;
	}
	return sr_buf_detach(&b, len);
}

/* Whitespace-separated integers from path into v[0..max); the count. */
static size_t read_ints(const char *path, int64_t *v, size_t max)
{
	size_t len, k = 0, i = 0;
	char *s = slurp(path, &len);

	if (!s)
		return 0;
	while (i < len && k < max) {
		size_t j;

		while (i < len && strchr(" \t\r\n", s[i]))
			i++;
		for (j = i; j < len && !strchr(" \t\r\n", s[j]); j++)
			;
		if (j > i && sr_parse_i64(s + i, j - i, &v[k], INT64_MIN,
					  INT64_MAX) == SR_OK)
			k++;
		i = j;
	}
	free(s);
	return k;
}

/* The 125 instances of an OR-Library file of size n. */
static bool load_orlib(const char *path, size_t n, struct inst *out)
{
	size_t need = NINST * 3 * n;
	int64_t *v = malloc(need * sizeof(*v));
	bool ok = v && read_ints(path, v, need) == need;

	for (size_t k = 0; ok && k < NINST; k++) {
		const int64_t *b = v + k * 3 * n;

		out[k].n = n;
		for (size_t j = 0; j < n; j++)
			out[k].jobs[j] = (struct sr_seq_job){
				(int64_t)j + 1, b[j], b[n + j], b[2 * n + j]};
	}
	if (!ok)
		fprintf(stderr, "bench-sequence: %s: expected %zu numbers\n",
			path, need);
	free(v);
	return ok;
}

static uint64_t gen_next(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int64_t gen_uniform(uint64_t *x, int64_t lo, int64_t hi)
{
	return lo + (int64_t)(gen_next(x) % (uint64_t)(hi - lo + 1));
}

/*
 * 125 fresh instances of size n by the OR-Library recipe (wtinfo.txt):
 * p ~ U[1,100], w ~ U[1,10], d ~ U[P(1-TF-RDD/2), P(1-TF+RDD/2)], five per
 * (RDD, TF) pair, due dates below 0 raised to 0 as in the files.
 */
static void generate(size_t n, uint64_t seed, struct inst *out)
{
	static const double vals[] = {0.2, 0.4, 0.6, 0.8, 1.0};
	uint64_t x = seed * 1000003 + n;

	for (size_t k = 0; k < NINST; k++) {
		double tf = vals[(k / 5) % 5], rdd = vals[k / 25];
		int64_t P = 0;

		out[k].n = n;
		for (size_t j = 0; j < n; j++) {
			out[k].jobs[j].id = (int64_t)j + 1;
			out[k].jobs[j].minutes = gen_uniform(&x, 1, 100);
			out[k].jobs[j].weight = gen_uniform(&x, 1, 10);
			P += out[k].jobs[j].minutes;
		}
		for (size_t j = 0; j < n; j++) {
			int64_t lo = (int64_t)((double)P * (1 - tf - rdd / 2));
			int64_t hi = (int64_t)((double)P * (1 - tf + rdd / 2));
			int64_t d = gen_uniform(&x, lo, hi);

			out[k].jobs[j].due = d < 0 ? 0 : d;
		}
	}
}

/* Lines "SET M INDEX VALUE"; '#' starts a comment line. */
static void refs_load(struct refs *R, const char *path)
{
	size_t len, i = 0;
	char *s = slurp(path, &len);

	if (!s)
		return;
	while (i < len) {
		size_t end = i, ntok = 0, tok[4][2];
		int64_t num[3];
		struct ref r;

		while (end < len && s[end] != '\n')
			end++;
		for (size_t k = i; k < end && ntok < 4;) {
			size_t e = k;

			while (e < end && s[e] != ' ')
				e++;
			if (e > k) {
				tok[ntok][0] = k;
				tok[ntok++][1] = e - k;
			}
			k = e + 1;
		}
		if (s[i] != '#' && ntok == 4 && tok[0][1] < sizeof(r.set) &&
		    !sr_parse_i64(s + tok[1][0], tok[1][1], &num[0], 1, 64) &&
		    !sr_parse_i64(s + tok[2][0], tok[2][1], &num[1], 0, 1000) &&
		    !sr_parse_i64(s + tok[3][0], tok[3][1], &num[2], 0,
				  INT64_MAX)) {
			memset(&r, 0, sizeof(r));
			memcpy(r.set, s + tok[0][0], tok[0][1]);
			r.m = (int)num[0];
			r.idx = (int)num[1];
			r.value = num[2];
			if (R->count == R->cap) {
				R->cap = R->cap ? R->cap * 2 : 1024;
				R->r = realloc(R->r, R->cap * sizeof(*R->r));
				if (!R->r)
					abort();
			}
			R->r[R->count++] = r;
		}
		i = end + 1;
	}
	free(s);
}

static bool refs_find(const struct refs *R, const char *set, int m, int idx,
		      int64_t *v)
{
	for (size_t k = 0; k < R->count; k++)
		if (R->r[k].m == m && R->r[k].idx == idx &&
		    !strcmp(R->r[k].set, set)) {
			*v = R->r[k].value;
			return true;
		}
	return false;
}

struct tally {
	int count, hits, better;
	double sum_ref, sum_got, sum_edd, sum_atc;
	double sum_ms, max_ms, sum_edd_us, sum_atc_us;
	double worst_gap; /* per instance, over nonzero references */
};

/* The total of a plan just made (err: how making it went), releasing the
 * plan and f; a failure ends the benchmark. */
static int64_t plan_total(enum sr_err err, struct sr_seq_plan *plan,
			  struct sr_fail *f)
{
	int64_t total = plan->total;

	if (err) {
		fprintf(stderr, "bench-sequence: %s\n", f->message.data);
		exit(1);
	}
	sr_seq_plan_release(plan);
	sr_fail_release(f);
	return total;
}

static int64_t rule_total(const struct inst *in, const struct sr_seq_worker *wk,
			  size_t m, enum sr_seq_rule rule, double *us)
{
	struct sr_seq_plan plan = SR_SEQ_PLAN_INIT;
	struct sr_fail f = SR_FAIL_INIT;
	double t = now_us();
	enum sr_err err = sr_seq_dispatch(in->jobs, in->n, wk, m, rule, &plan,
					  &f);

	*us += now_us() - t;
	return plan_total(err, &plan, &f);
}

static int64_t engine(const struct inst *in, const struct sr_seq_worker *wk,
		      size_t m, int64_t limit_ms, uint64_t seed, int64_t target,
		      double *ms)
{
	struct sr_seq_plan plan = SR_SEQ_PLAN_INIT;
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_seq_opts o;
	double t = now_us();
	enum sr_err err;

	sr_seq_opts_init(&o);
	o.clock_ms = now_ms;
	o.time_limit_ms = limit_ms;
	o.seed = seed;
	o.target = target;
	err = sr_seq_solve(in->jobs, in->n, wk, m, &o, &plan, &f);
	*ms = (now_us() - t) / 1000;
	return plan_total(err, &plan, &f);
}

static void scale_due(const struct inst *in, int m, struct inst *out)
{
	*out = *in;
	for (size_t j = 0; j < in->n; j++)
		out->jobs[j].due = in->jobs[j].due / m;
}

static void print_header(void)
{
	printf("| set | m | inst | reached | gap of totals | mean ms | max ms "
	       "| EDD gap | ATC gap | EDD ms | ATC ms |\n"
	       "|---|---|---|---|---|---|---|---|---|---|---|\n");
}

static void print_row(const char *set, int m, const struct tally *t)
{
	printf("| %s | %d | %d | %d/%d%s | %+.4f%% | %.1f | %.0f | %+.1f%% | "
	       "%+.2f%% | %.3f | %.3f |\n",
	       set, m, t->count, t->hits, t->count,
	       t->better ? " (+better)" : "",
	       t->sum_ref ? 100 * (t->sum_got - t->sum_ref) / t->sum_ref : 0,
	       t->sum_ms / t->count, t->max_ms,
	       t->sum_ref ? 100 * (t->sum_edd - t->sum_ref) / t->sum_ref : 0,
	       t->sum_ref ? 100 * (t->sum_atc - t->sum_ref) / t->sum_ref : 0,
	       t->sum_edd_us / t->count / 1000,
	       t->sum_atc_us / t->count / 1000);
	fflush(stdout);
}

struct cfg {
	const char *data, *ref;
	int64_t limit_ms, make_ref_ms;
	uint64_t seed, ref_seeds;
	int every;
	bool verbose;
	struct refs refs;
};

/* Run one set (instances in[], m workers) and print its row. */
static void run_set(struct cfg *c, const char *set, const struct inst *in,
		    const int64_t *known, int m)
{
	struct sr_seq_worker wk[3] = {{0}, {0}, {0}};
	struct tally t;
	static struct inst scaled;

	memset(&t, 0, sizeof(t));
	for (int k = 0; k < NINST; k += c->every) {
		int64_t ref = -1, got, edd, atc;
		double ms;
		const struct inst *p = &in[k];

		if (m > 1) {
			scale_due(&in[k], m, &scaled);
			p = &scaled;
		}
		if (known && m == 1)
			ref = known[k];
		else
			refs_find(&c->refs, set, m, k, &ref);
		if (c->make_ref_ms) {
			int64_t b = ref;

			for (uint64_t s = 1; s <= c->ref_seeds; s++) {
				got = engine(p, wk, (size_t)m, c->make_ref_ms,
					     1000 + s, b >= 0 ? b : 0, &ms);
				if (b < 0 || got < b)
					b = got;
			}
			printf("%s %d %d %lld\n", set, m, k, (long long)b);
			fflush(stdout);
			continue;
		}
		if (ref < 0) {
			fprintf(stderr,
				"bench-sequence: no reference for %s m=%d "
				"#%d; run with --make-ref\n",
				set, m, k);
			continue;
		}
		edd = rule_total(p, wk, (size_t)m, SR_SEQ_EDD, &t.sum_edd_us);
		atc = rule_total(p, wk, (size_t)m, SR_SEQ_ATC, &t.sum_atc_us);
		got = engine(p, wk, (size_t)m, c->limit_ms, c->seed, ref, &ms);
		t.count++;
		t.hits += got <= ref;
		t.better += got < ref;
		t.sum_ref += (double)ref;
		t.sum_got += (double)got;
		t.sum_edd += (double)edd;
		t.sum_atc += (double)atc;
		t.sum_ms += ms;
		if (ms > t.max_ms)
			t.max_ms = ms;
		if (c->verbose || got < ref)
			fprintf(stderr,
				"%s m=%d #%d: ref %lld got %lld%s in "
				"%.1f ms (EDD %lld, ATC %lld)\n",
				set, m, k, (long long)ref, (long long)got,
				got < ref   ? " BETTER"
				: got > ref ? " MISS"
					    : "",
				ms, (long long)edd, (long long)atc);
	}
	if (!c->make_ref_ms && t.count)
		print_row(set, m, &t);
}

static bool want(const char *sets, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = sets; (p = strstr(p, name)); p += len)
		if ((p == sets || p[-1] == ',') &&
		    (p[len] == ',' || p[len] == '\0'))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'},
		{"ref", required_argument, NULL, 'r'},
		{"time-limit-ms", required_argument, NULL, 't'},
		{"seed", required_argument, NULL, 's'},
		{"sets", required_argument, NULL, 'S'},
		{"every", required_argument, NULL, 'e'},
		{"make-ref", required_argument, NULL, 'M'},
		{"ref-seeds", required_argument, NULL, 'R'},
		{"wall", no_argument, NULL, 'w'},
		{"verbose", no_argument, NULL, 'v'},
		{NULL, 0, NULL, 0},
	};
	static const struct {
		const char *name, *file, *opt;
		size_t n;
	} orlib[] = {
		{"wt40", "wt40.txt", "wtopt40.txt", 40},
		{"wt50", "wt50.txt", "wtopt50.txt", 50},
		{"wt100", "wt100.txt", "wtbest100b.txt", 100},
	};
	static struct inst in[NINST];
	struct cfg c = {.data = "../shared/bench-data/orlib-wt",
			.ref = "bench/sequence-ref.txt",
			.limit_ms = 1000,
			.seed = 1,
			.ref_seeds = 3,
			.every = 1};
	const char *sets = "wt40,wt50,wt100,gen200,gen500,multi";
	int64_t v;
	int ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': c.data = optarg; break;
		case 'r': c.ref = optarg; break;
		case 'S': sets = optarg; break;
		case 'w': use_wall = true; break;
		case 'v': c.verbose = true; break;
		case 't':
		case 's':
		case 'e':
		case 'R':
		case 'M':
			if (sr_parse_i64z(optarg, &v, 0, INT64_MAX)) {
				fprintf(stderr,
					"bench-sequence: bad number "
					"'%s'\n",
					optarg);
				return 2;
			}
			if (ch == 't')
				c.limit_ms = v;
			else if (ch == 's')
				c.seed = (uint64_t)v;
			else if (ch == 'e')
				c.every = v > 0 ? (int)v : 1;
			else if (ch == 'R')
				c.ref_seeds = v > 0 ? (uint64_t)v : 1;
			else
				c.make_ref_ms = v;
			break;
		default:
			fprintf(stderr, "usage: bench-sequence [--data DIR] "
					"[--ref FILE] [--time-limit-ms N] "
					"[--seed N] [--sets LIST] [--every K] "
					"[--wall] [--make-ref MS] "
					"[--ref-seeds N] [--verbose]\n");
			return 2;
		}
	}
	refs_load(&c.refs, c.ref);
	if (!c.make_ref_ms) {
		printf("time limit %lld ms per instance (%s time), seed %llu; "
		       "gaps are of the totals over each set\n\n",
		       (long long)c.limit_ms, use_wall ? "wall" : "CPU",
		       (unsigned long long)c.seed);
		print_header();
	}
	for (size_t s = 0; s < SR_ARRAY_SIZE(orlib); s++) {
		char path[4096];
		int64_t known[NINST];

		if (!want(sets, orlib[s].name) && !want(sets, "multi"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", c.data, orlib[s].file);
		if (!load_orlib(path, orlib[s].n, in))
			return 1;
		snprintf(path, sizeof(path), "%s/%s", c.data, orlib[s].opt);
		if (read_ints(path, known, NINST) != NINST) {
			fprintf(stderr,
				"bench-sequence: %s: expected %d "
				"values\n",
				path, NINST);
			return 1;
		}
		if (want(sets, orlib[s].name) && !c.make_ref_ms)
			run_set(&c, orlib[s].name, in, known, 1);
		if (want(sets, "multi")) {
			int every = c.every;

			/* One instance per (RDD, TF) pair: 25 a set. */
			c.every = every > 5 ? every : 5;
			run_set(&c, orlib[s].name, in, NULL, 2);
			run_set(&c, orlib[s].name, in, NULL, 3);
			c.every = every;
		}
	}
	if (want(sets, "gen200") || want(sets, "gen500")) {
		static const size_t sizes[] = {200, 500};

		for (size_t s = 0; s < 2; s++) {
			char name[16];
			int every = c.every;

			snprintf(name, sizeof(name), "gen%zu", sizes[s]);
			if (!want(sets, name))
				continue;
			generate(sizes[s], 2024, in);
			c.every = every > 5 ? every : 5;
			run_set(&c, name, in, NULL, 1);
			c.every = every;
		}
	}
	free(c.refs.r);
	return 0;
}
