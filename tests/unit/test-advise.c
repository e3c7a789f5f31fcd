/*
 * test-advise.c - the calculator over every combination of answers.
 *
 * The expected directions come from DESIGN.md §5, written here by answer
 * value (not taken from the library's own tables), so a wrong lean in
 * lib/advise.c fails these tests.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <string.h>

#include "smallrun/advise.h"

/* For each question in enum order: its job-leaning and batch-leaning value. */
static const struct {
	const char *id;
	const char *job;
	const char *batch;
} design[SR_Q__MAX] = {
	{"customization", "yes", "no"},
	{"under_an_hour", "yes", "no"},
	{"ten_a_day", "no", "yes"},
	{"storage", "no", "yes"},
	{"values", "personal", "consistency"},
};

/* States of one question, ordered from batch-leaning to job-leaning. */
enum state { BATCH, NONE, JOB };

static void answers_from(const enum state st[SR_Q__MAX], struct sr_answers *a)
{
	sr_answers_init(a);
	for (int q = 0; q < SR_Q__MAX; q++) {
		int idx = sr_question_find(design[q].id, 0);

		cr_assert_geq(idx, 0, "question %s missing", design[q].id);
		if (st[q] == NONE)
			continue;
		cr_assert_eq(sr_answers_set(a, (enum sr_question)idx,
					    st[q] == JOB ? design[q].job
							 : design[q].batch,
					    NULL),
			     SR_OK);
	}
}

static int answered(const enum state st[SR_Q__MAX])
{
	int n = 0;

	for (int q = 0; q < SR_Q__MAX; q++)
		n += st[q] != NONE;
	return n;
}

static enum sr_production advise(const enum state st[SR_Q__MAX])
{
	struct sr_answers a;
	struct sr_advice adv;

	answers_from(st, &a);
	cr_assert_eq(sr_advise(&a, &adv, NULL), SR_OK);
	return adv.rec;
}

/* Decode combination number c (0..242) into states. */
static void decode(int c, enum state st[SR_Q__MAX])
{
	for (int q = 0; q < SR_Q__MAX; q++) {
		st[q] = (enum state)(c % 3);
		c /= 3;
	}
}

#define COMBOS 243

Test(advise, rule1_all_job_is_job_and_all_batch_is_batch)
{
	enum state job[SR_Q__MAX] = {JOB, JOB, JOB, JOB, JOB};
	enum state batch[SR_Q__MAX] = {BATCH, BATCH, BATCH, BATCH, BATCH};

	cr_assert_eq(advise(job), SR_PROD_JOB);
	cr_assert_eq(advise(batch), SR_PROD_BATCH);
}

Test(advise, rules_hold_for_every_combination)
{
	for (int c = 0; c < COMBOS; c++) {
		enum state st[SR_Q__MAX];
		enum sr_production rec;

		decode(c, st);
		if (!answered(st))
			continue;
		rec = advise(st);
		/* Rule 3: no storage, never batch. */
		if (st[SR_Q_STORAGE] == JOB)
			cr_assert_neq(rec, SR_PROD_BATCH, "rule 3, combo %d", c);
		/* Rule 4: customization expected, never batch. */
		if (st[SR_Q_CUSTOMIZATION] == JOB)
			cr_assert_neq(rec, SR_PROD_BATCH, "rule 4, combo %d", c);
		/* Rule 5: customization and under ten a day: job. */
		if (st[SR_Q_CUSTOMIZATION] == JOB && st[SR_Q_TEN_A_DAY] == JOB)
			cr_assert_eq(rec, SR_PROD_JOB, "rule 5, combo %d", c);
		/* Rule 6: customization, ten a day and storage: mixed. */
		if (st[SR_Q_CUSTOMIZATION] == JOB &&
		    st[SR_Q_TEN_A_DAY] == BATCH && st[SR_Q_STORAGE] == BATCH)
			cr_assert_eq(rec, SR_PROD_MIXED, "rule 6, combo %d", c);
		/* Rule 7: standard, ten a day, storage, consistency: batch. */
		if (st[SR_Q_CUSTOMIZATION] == BATCH &&
		    st[SR_Q_TEN_A_DAY] == BATCH && st[SR_Q_STORAGE] == BATCH &&
		    st[SR_Q_VALUES] == BATCH)
			cr_assert_eq(rec, SR_PROD_BATCH, "rule 7, combo %d", c);
	}
}

Test(advise, monotone_towards_job)
{
	int checked = 0;

	for (int c = 0; c < COMBOS; c++) {
		enum state st[SR_Q__MAX];

		decode(c, st);
		if (!answered(st))
			continue;
		for (int q = 0; q < SR_Q__MAX; q++) {
			enum state up[SR_Q__MAX];

			if (st[q] == JOB)
				continue;
			memcpy(up, st, sizeof(up));
			up[q] = (enum state)(st[q] + 1);
			if (!answered(up))
				continue;
			cr_assert_geq(advise(up), advise(st),
				      "combo %d, question %d moved towards job "
				      "but the advice moved towards batch",
				      c, q);
			checked++;
		}
	}
	/* 5 * 3^4 * 2 moves, less the 5 out of and the 5 into no answers. */
	cr_assert_eq(checked, 5 * 81 * 2 - 5 - 5);
}

Test(advise, every_recommendation_is_reachable)
{
	bool seen[SR_PROD__MAX] = {false};

	for (int c = 0; c < COMBOS; c++) {
		enum state st[SR_Q__MAX];

		decode(c, st);
		if (answered(st))
			seen[advise(st)] = true;
	}
	for (int p = 0; p < SR_PROD__MAX; p++)
		cr_assert(seen[p], "recommendation %d never given", p);
}

Test(advise, scores_add_up)
{
	for (int c = 0; c < COMBOS; c++) {
		enum state st[SR_Q__MAX];
		struct sr_answers a;
		struct sr_advice adv;
		int job = 0, batch = 0, max = 0;

		decode(c, st);
		if (!answered(st))
			continue;
		answers_from(st, &a);
		cr_assert_eq(sr_advise(&a, &adv, NULL), SR_OK);
		for (int q = 0; q < SR_Q__MAX; q++) {
			int w = sr_questions[q].weight;

			cr_assert_gt(w, 0);
			max += w;
			job += st[q] == JOB ? w : 0;
			batch += st[q] == BATCH ? w : 0;
		}
		cr_assert_eq(adv.score_job, job);
		cr_assert_eq(adv.score_batch, batch);
		cr_assert_eq(adv.score_max, max);
		cr_assert_eq(adv.answered, answered(st));
		/* The warning about tracking time applies to everyone. */
		cr_assert(adv.warnings & (1u << SR_WARN_UNTRACKED_TIME));
		if (st[SR_Q_STORAGE] == JOB && adv.rec != SR_PROD_JOB)
			cr_assert(adv.warnings & (1u << SR_WARN_NO_STORAGE));
		if (adv.rec == SR_PROD_MIXED)
			cr_assert(adv.warnings & (1u << SR_WARN_SHARED_TOOLS));
	}
}

Test(advise, no_answers_is_an_error)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_answers a;
	struct sr_advice adv;

	sr_answers_init(&a);
	cr_assert_eq(sr_advise(&a, &adv, &f), SR_EINVAL);
	cr_assert_str_eq(f.code, "no_answers");
	cr_assert_str_eq(f.field.data, "answers");
	sr_fail_release(&f);
}

Test(advise, bad_value_is_refused)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_answers a;

	sr_answers_init(&a);
	cr_assert_eq(sr_answers_set(&a, SR_Q_VALUES, "yes", &f), SR_EINVAL);
	cr_assert_eq(a.pick[SR_Q_VALUES], SR_UNANSWERED);
	cr_assert(strstr(f.message.data, "personal"));
	cr_assert(strstr(f.message.data, "consistency"));
	sr_fail_release(&f);
}

Test(advise, question_lookup_by_id_and_flag)
{
	cr_assert_eq(sr_question_find("under_an_hour", 0), SR_Q_UNDER_AN_HOUR);
	cr_assert_eq(sr_question_find("under-an-hour", 1), SR_Q_UNDER_AN_HOUR);
	cr_assert_eq(sr_question_find("under-an-hour", 0), -1);
	cr_assert_eq(sr_question_find("colour", 0), -1);
}

Test(advise, texts_are_complete)
{
	for (int p = 0; p < SR_PROD__MAX; p++) {
		const struct sr_production_def *d = &sr_productions[p];

		cr_assert(d->id && d->title && d->summary && d->note);
		cr_assert(d->benefits[0] && d->common_uses[0]);
	}
	for (int q = 0; q < SR_Q__MAX; q++)
		for (int i = 0; i < 2; i++)
			cr_assert(sr_questions[q].answers[i].why &&
				  *sr_questions[q].answers[i].why);
	for (int w = 0; w < SR_WARN__MAX; w++)
		cr_assert(sr_warnings[w].code && *sr_warnings[w].text);
}
