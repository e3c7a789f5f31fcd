/*
 * advise.h - the production type calculator.
 *
 * Five questions, each answered towards job production, towards batch
 * production, or left open. sr_advise() turns the answers into a
 * recommendation (batch, mixed or job) with the reasons behind it; the
 * scoring is the table in doc/ADVISOR.md. Pure: no I/O, no clock.
 */
#ifndef SMALLRUN_ADVISE_H
#define SMALLRUN_ADVISE_H

#include "smallrun/buf.h"
#include "smallrun/err.h"

/* The questions, in the order they are asked. */
enum sr_question {
	SR_Q_CUSTOMIZATION,
	SR_Q_UNDER_AN_HOUR,
	SR_Q_TEN_A_DAY,
	SR_Q_STORAGE,
	SR_Q_VALUES,
	SR_Q__MAX
};

/* Which way an answer leans. Ordered from job to batch. */
enum sr_lean { SR_LEAN_JOB, SR_LEAN_NONE, SR_LEAN_BATCH, SR_LEAN__MAX };

/* Recommendations, ordered batch < mixed < job. */
enum sr_production { SR_PROD_BATCH, SR_PROD_MIXED, SR_PROD_JOB, SR_PROD__MAX };

struct sr_answer_def {
	const char *value; /* as sent in the API: "yes", "personal" */
	const char *label; /* what a person reads */
	char key;	   /* the single key that picks it at a prompt */
	enum sr_lean lean;
	const char *why; /* why this answer leans the way it does */
};

struct sr_question_def {
	const char *id;	   /* API id: "under_an_hour" */
	const char *flag;  /* CLI flag: "under-an-hour" */
	const char *topic; /* a short heading: "Speed" */
	const char *text;  /* the question */
	const char *hint;  /* what to think about when answering */
	int weight;	   /* points the answer adds to its side */
	struct sr_answer_def answers[2];
};

/* The questionnaire, indexed by enum sr_question. */
extern const struct sr_question_def sr_questions[SR_Q__MAX];

/* Answers: for each question an index into its answers[], or SR_UNANSWERED. */
#define SR_UNANSWERED (-1)
struct sr_answers {
	int pick[SR_Q__MAX];
};

/* Mark every question unanswered. */
void sr_answers_init(struct sr_answers *a);

/* The question with this API id (or, if by_flag, CLI flag); -1 if none. */
int sr_question_find(const char *name, int by_flag);

/*
 * Answer question q with value ("yes", "consistency", …). Returns SR_OK, or
 * SR_EINVAL with f naming the allowed values (f->field is left to the
 * caller, who knows how the question was named).
 */
enum sr_err sr_answers_set(struct sr_answers *a, enum sr_question q,
			   const char *value, struct sr_fail *f);

/* Rules that bound the score's verdict (DESIGN.md §5, doc/ADVISOR.md). */
enum sr_rule {
	SR_RULE_CUSTOM_NOT_BATCH,     /* customization expected: never batch */
	SR_RULE_NO_STORAGE_NOT_BATCH, /* no storage: never batch */
	SR_RULE_CUSTOM_SLOW_JOB,      /* custom and under ten a day: job */
	SR_RULE_VOLUME_NOT_JOB,	      /* ten a day and storage: never job */
	SR_RULE_ALL_BATCH, /* standard, volume, storage, consistency */
	SR_RULE__MAX
};

/* Warnings drawn from the common mistakes; each has a stable code. */
enum sr_warning {
	SR_WARN_NO_STORAGE,
	SR_WARN_UNDERCHARGING,
	SR_WARN_NO_DEMAND,
	SR_WARN_SHARED_TOOLS,
	SR_WARN_UNTRACKED_TIME,
	SR_WARN_PRICE_WAR,
	SR_WARN__MAX
};

struct sr_advice {
	enum sr_production rec;
	enum sr_production by_score; /* before the rules were applied */
	int score_job;		     /* weights of answers leaning job */
	int score_batch;	     /* weights of answers leaning batch */
	int score_max;		     /* the most either side can reach */
	int answered;		     /* how many questions have an answer */
	unsigned rules;		     /* 1 << enum sr_rule, each that applied */
	unsigned warnings;	     /* 1 << enum sr_warning, each raised */
};

/* Distance between the sides at or beyond which the score alone decides. */
#define SR_ADVISE_MARGIN 3

/*
 * Work out the advice for a. Returns SR_OK, or SR_EINVAL (f says so) when no
 * question is answered. out is always fully written.
 */
enum sr_err sr_advise(const struct sr_answers *a, struct sr_advice *out,
		      struct sr_fail *f);

/* Texts for a recommendation. Every string is static. */
struct sr_production_def {
	const char *id; /* "job", "batch", "mixed" */
	const char *title;
	const char *summary;
	const char *benefits[4];    /* NULL-terminated */
	const char *common_uses[5]; /* NULL-terminated */
	const char *note;
};
extern const struct sr_production_def sr_productions[SR_PROD__MAX];

struct sr_text_def {
	const char *code;
	const char *text;
};
struct sr_rule_def {
	const char *code;
	const char *when;   /* the answers that trigger it */
	const char *effect; /* "never batch", "job", … */
	const char *text;   /* what it means for the maker */
};
extern const struct sr_rule_def sr_rules[SR_RULE__MAX];
extern const struct sr_text_def sr_warnings[SR_WARN__MAX];

/* "job", "none" or "batch". */
const char *sr_lean_name(enum sr_lean lean);

/*
 * JSON (lib/advise-json.c). The functions append to out, which the caller
 * owns; flags is 0 or SR_JSON_PRETTY. They return SR_OK or SR_ENOMEM /
 * SR_ETOOBIG from the buffer.
 */
#define SR_JSON_PRETTY 1
enum sr_err sr_questions_to_json(struct sr_buf *out, int flags);
enum sr_err sr_advice_to_json(const struct sr_answers *a,
			      const struct sr_advice *adv, struct sr_buf *out,
			      int flags);

/*
 * Parse an advice request, {"answers": {"customization": "yes", …}}, into
 * a. A null answer counts as unanswered. Returns SR_OK, SR_EINVAL with f
 * naming the field at fault (malformed JSON, wrong types, unknown question
 * or field, bad value, no answers), or SR_ENOMEM.
 */
enum sr_err sr_advice_request_parse(const char *body, size_t len,
				    struct sr_answers *a, struct sr_fail *f);

#endif
