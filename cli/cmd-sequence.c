/*
 * cmd-sequence.c - `smallrun sequence FILE.csv`: the order of work for a
 * list of jobs, from a CSV file, as JSON. The planner's engine on its own,
 * for scripts and for benchmarking it.
 */
#include "compat.h"

#include <time.h>

#include "cli.h"
#include "smallrun/parse.h"
#include "smallrun/sequence.h"

#define WIDTH 78

enum { O_WORKERS, O_TIME_LIMIT, O_SEED, O_STATS, O__MAX };

void cmd_sequence_help(FILE *out)
{
	fprintf(out,
		"Reads jobs from FILE ('-' for standard input), a CSV file "
		"whose first line\nnames the columns id, minutes, weight and "
		"due (in any order; other columns\nare ignored), and prints "
		"the order of work that keeps the total weighted\nlateness "
		"low:\n\n"
		"  {\"sequence\": [[ids of worker 1 in order], [ids of worker "
		"2] ...],\n   \"weighted_tardiness\": N}\n\n"
		"Columns, all whole numbers:\n"
		"  id        any integer, each used once\n"
		"  minutes   working minutes the job still needs, 0..%lld\n"
		"  weight    what a minute late costs, 0..%lld (the price, "
		"or a priority)\n"
		"  due       when it is due, in working minutes from now "
		"(negative: late)\n\n"
		"The weighted tardiness is the sum over jobs of weight x "
		"max(0, end - due),\nwhere each worker works through their "
		"jobs back to back from time 0.\n\n"
		"Options:\n"
		"  --workers N         share the jobs among N identical "
		"workers (default 1)\n"
		"  --time-limit-ms N   search for N milliseconds at most "
		"(default 1000);\n"
		"                      it stops sooner once the plan is "
		"proven best;\n"
		"                      0 keeps the best rule's plan after one "
		"descent\n"
		"  --seed N            the seed for the search's random "
		"choices (default 1);\n"
		"                      the same seed gives the same search\n"
		"  --stats             print the search's figures to "
		"standard error\n\n",
		(long long)SR_SEQ_MAX_MINUTES, (long long)SR_SEQ_MAX_WEIGHT);
	cli_wrap(out,
		 "The search starts from the best of several dispatch rules "
		 "(earliest due date, weighted shortest job, apparent "
		 "tardiness cost) and improves it by iterated dynasearch: "
		 "swaps and moves of jobs, many at once, with random kicks "
		 "in between. Up to 18 jobs on one worker (12 on several) it "
		 "finds the proven optimum instead.",
		 0, 0, WIDTH);
	fprintf(out, "\nExit status: 0 with the JSON on standard output; 2 "
		     "for a bad option or bad\ninput (one line on standard "
		     "error names the file, line and column);\n1 when the "
		     "file cannot be read.\n");
}

static int64_t clock_ms(void *arg)
{
	struct timespec ts;

	(void)arg;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Parse a number option into *v within [min, max], or say why not. */
static int opt_number(const char *opt, const char *arg, int64_t *v, int64_t min,
		      int64_t max)
{
	if (sr_parse_i64z(arg, v, min, max))
		return cli_error("sequence", CLI_USAGE,
				 "--%s must be a whole number from %lld to "
				 "%lld, not '%s'",
				 opt, (long long)min, (long long)max, arg);
	return CLI_OK;
}

int cmd_sequence(int argc, char **argv)
{
	static const struct cli_opt opts[O__MAX] = {
		[O_WORKERS] = {"workers", true},
		[O_TIME_LIMIT] = {"time-limit-ms", true},
		[O_SEED] = {"seed", true},
		[O_STATS] = {"stats", false},
	};
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_seq_plan plan = SR_SEQ_PLAN_INIT;
	struct sr_seq_worker *workers = NULL;
	struct sr_seq_job *jobs = NULL;
	struct sr_seq_opts so;
	struct sr_buf out = SR_BUF_INIT((size_t)64 << 20);
	struct sr_csv *csv = NULL;
	const char *val[O__MAX], *path, *name;
	struct cli_args a;
	FILE *fp = NULL;
	int64_t nworkers = 1, v;
	size_t n = 0;
	enum sr_err err;
	int rc;

	sr_seq_opts_init(&so);
	so.clock_ms = clock_ms;
	rc = cli_parse("sequence", opts, O__MAX, argc, argv, val, &a);
	if (rc)
		goto out;
	if (val[O_WORKERS] &&
	    (rc = opt_number("workers", val[O_WORKERS], &nworkers, 1,
			     SR_SEQ_MAX_WORKERS)))
		goto out;
	if (val[O_TIME_LIMIT]) {
		if ((rc = opt_number("time-limit-ms", val[O_TIME_LIMIT], &v, 0,
				     86400000)))
			goto out;
		so.time_limit_ms = v;
	}
	if (val[O_SEED]) {
		if ((rc = opt_number("seed", val[O_SEED], &v, 0, INT64_MAX)))
			goto out;
		so.seed = (uint64_t)v;
	}
	if (a.argc != 1) {
		rc = cli_usage("sequence");
		goto out;
	}
	path = a.argv[0];
	if (!strcmp(path, "-")) {
		fp = stdin;
		name = "<stdin>";
	} else {
		fp = fopen(path, "r");
		name = path;
		if (!fp) {
			rc = cli_error("sequence", CLI_FAIL,
				       "cannot open %s: %s", path,
				       strerror(errno));
			goto out;
		}
	}
	if ((err = sr_csv_new_file(&csv, fp, NULL, &f)) ||
	    (err = sr_seq_jobs_read_csv(csv, &jobs, &n, &f))) {
		rc = cli_error("sequence",
			       err == SR_EIO || err == SR_ENOMEM ? CLI_FAIL
								 : CLI_USAGE,
			       "%s: %s", name, f.message.data);
		goto out;
	}
	workers = calloc((size_t)nworkers, sizeof(*workers));
	if (!workers) {
		rc = cli_error("sequence", CLI_FAIL, "out of memory");
		goto out;
	}
	if ((err = sr_seq_solve(jobs, n, workers, (size_t)nworkers, &so, &plan,
				&f))) {
		rc = cli_error("sequence",
			       err == SR_ENOMEM ? CLI_FAIL : CLI_USAGE,
			       "%s: %s", name, f.message.data);
		goto out;
	}
	if (sr_seq_plan_to_json(&plan, jobs, &out)) {
		rc = cli_error("sequence", CLI_FAIL, "out of memory");
		goto out;
	}
	printf("%s\n", out.data);
	if (val[O_STATS])
		fprintf(stderr,
			"smallrun sequence: %zu jobs, %zu workers: total %lld "
			"(first rule %lld)%s; %llu kicks, best at kick %llu "
			"after %lld ms, %lld ms in all\n",
			n, (size_t)nworkers, (long long)plan.total,
			(long long)plan.stats.initial,
			plan.optimal ? ", proven optimal" : "",
			(unsigned long long)plan.stats.iters,
			(unsigned long long)plan.stats.best_iter,
			(long long)plan.stats.best_ms,
			(long long)plan.stats.elapsed_ms);
	if (fflush(stdout) || ferror(stdout))
		rc = cli_error("sequence", CLI_FAIL,
			       "cannot write the result: %s", strerror(errno));
out:
	sr_csv_free(csv);
	if (fp && fp != stdin)
		fclose(fp);
	free(jobs);
	free(workers);
	sr_seq_plan_release(&plan);
	sr_buf_release(&out);
	sr_fail_release(&f);
	return rc;
}
