/*
 * fuzz-sequence.c - libFuzzer driver for the jobs CSV of `smallrun
 * sequence`, and the engine behind it. The first byte picks the number of
 * workers; the rest is the CSV. Whatever the bytes, reading must end
 * cleanly with a message that names a line; accepted jobs must give a
 * plan that holds every job once, with times and a total that add up, and
 * JSON output.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smallrun/sequence.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_plan(const struct sr_seq_job *jobs, size_t n,
		       const struct sr_seq_worker *wk, size_t m,
		       const struct sr_seq_plan *p)
{
	bool *seen = calloc(n + 1, 1);
	int64_t total = 0;

	if (!seen || p->n != n || p->n_workers != m || p->first[m] != n)
		abort();
	for (size_t w = 0; w < m; w++) {
		int64_t t = wk[w].start;

		for (size_t k = p->first[w]; k < p->first[w + 1]; k++) {
			const struct sr_seq_slot *s = &p->slots[k];

			if (s->job >= n || seen[s->job] || s->start != t)
				abort();
			seen[s->job] = true;
			t += jobs[s->job].minutes;
			if (s->end != t)
				abort();
			if (t > jobs[s->job].due)
				total += jobs[s->job].weight *
					 (t - jobs[s->job].due);
		}
	}
	if (total != p->total)
		abort();
	free(seen);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_seq_plan plan = SR_SEQ_PLAN_INIT;
	struct sr_seq_worker wk[4] = {{0}, {7}, {0}, {-3}};
	struct sr_seq_job *jobs = NULL;
	struct sr_csv *r = NULL;
	size_t n = 0, m;
	enum sr_err err;

	if (size < 1)
		return 0;
	m = 1 + (data[0] & 3);
	if (sr_csv_new_mem(&r, (const char *)data + 1, size - 1, NULL, &f))
		abort();
	err = sr_seq_jobs_read_csv(r, &jobs, &n, &f);
	if (err) {
		if (jobs || n || strncmp(f.message.data, "line ", 5))
			abort();
	} else {
		struct sr_seq_opts o;
		struct sr_buf out = SR_BUF_INIT(1 << 20);

		sr_seq_opts_init(&o);
		o.max_iters = 3;
		o.exact_n = data[0] & 4 ? 0 : 10;
		err = sr_seq_solve(jobs, n, wk, m, &o, &plan, &f);
		if (err == SR_OK) {
			json_t *doc;

			check_plan(jobs, n, wk, m, &plan);
			if (sr_seq_plan_to_json(&plan, jobs, &out))
				abort();
			doc = json_loads(out.data, 0, NULL);
			if (!doc)
				abort();
			json_decref(doc);
		} else if (err != SR_ETOOBIG) {
			abort(); /* only too-large totals are refused */
		}
		sr_buf_release(&out);
	}
	free(jobs);
	sr_seq_plan_release(&plan);
	sr_csv_free(r);
	sr_fail_release(&f);
	return 0;
}
