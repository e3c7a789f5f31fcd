/* advise-json.c - the calculator's questions, requests and results as JSON. */
#include "compat.h"

#include "json.h"
#include "smallrun/advise.h"

/* Longest piece of a client's own key echoed back in an error message. */
#define KEY_ECHO_MAX 40

enum sr_err sr_questions_to_json(struct sr_buf *out, int flags)
{
	json_t *doc = json_object(), *list = json_array();
	bool oom = !doc;
	enum sr_err err;

	for (int q = 0; q < SR_Q__MAX; q++) {
		const struct sr_question_def *d = &sr_questions[q];
		json_t *o = json_object(), *answers = json_array();

		if (!o)
			oom = true;
		sr_json_put(o, "id", json_string(d->id), &oom);
		sr_json_put(o, "topic", json_string(d->topic), &oom);
		sr_json_put(o, "text", json_string(d->text), &oom);
		sr_json_put(o, "hint", json_string(d->hint), &oom);
		sr_json_put(o, "weight", json_integer(d->weight), &oom);
		for (int i = 0; i < 2; i++) {
			const struct sr_answer_def *a = &d->answers[i];
			json_t *ao = json_object();

			if (!ao)
				oom = true;
			sr_json_put(ao, "value", json_string(a->value), &oom);
			sr_json_put(ao, "label", json_string(a->label), &oom);
			sr_json_put(ao, "leans",
				    json_string(sr_lean_name(a->lean)), &oom);
			sr_json_push(answers, ao, &oom);
		}
		sr_json_put(o, "answers", answers, &oom);
		sr_json_push(list, o, &oom);
	}
	sr_json_put(doc, "questions", list, &oom);
	sr_json_put(doc, "margin", json_integer(SR_ADVISE_MARGIN), &oom);
	err = oom ? SR_ENOMEM : sr_json_dump(doc, out, flags);
	json_decref(doc);
	return err;
}

/* The warnings raised, as {"code", "text"} in table order. */
static json_t *warnings_json(unsigned set, bool *oom)
{
	json_t *arr = json_array();

	if (!arr)
		*oom = true;
	for (size_t i = 0; i < SR_WARN__MAX; i++) {
		json_t *o;

		if (!(set & (1u << i)))
			continue;
		o = json_object();
		if (!o)
			*oom = true;
		sr_json_put(o, "code", json_string(sr_warnings[i].code), oom);
		sr_json_put(o, "text", json_string(sr_warnings[i].text), oom);
		sr_json_push(arr, o, oom);
	}
	return arr;
}

/* The rules that applied, as {"code", "effect", "text"}. */
static json_t *rules_json(unsigned set, bool *oom)
{
	json_t *arr = json_array();

	if (!arr)
		*oom = true;
	for (size_t i = 0; i < SR_RULE__MAX; i++) {
		json_t *o;

		if (!(set & (1u << i)))
			continue;
		o = json_object();
		if (!o)
			*oom = true;
		sr_json_put(o, "code", json_string(sr_rules[i].code), oom);
		sr_json_put(o, "effect", json_string(sr_rules[i].effect), oom);
		sr_json_put(o, "text", json_string(sr_rules[i].text), oom);
		sr_json_push(arr, o, oom);
	}
	return arr;
}

enum sr_err sr_advice_to_json(const struct sr_answers *a,
			      const struct sr_advice *adv, struct sr_buf *out,
			      int flags)
{
	const struct sr_production_def *p = &sr_productions[adv->rec];
	json_t *doc = json_object(), *scores = json_object();
	json_t *reasons = json_array(), *unanswered = json_array();
	bool oom = !doc;
	enum sr_err err;

	sr_json_put(doc, "recommendation", json_string(p->id), &oom);
	sr_json_put(doc, "title", json_string(p->title), &oom);
	sr_json_put(scores, "job", json_integer(adv->score_job), &oom);
	sr_json_put(scores, "batch", json_integer(adv->score_batch), &oom);
	sr_json_put(scores, "balance",
		    json_integer(adv->score_job - adv->score_batch), &oom);
	sr_json_put(scores, "max", json_integer(adv->score_max), &oom);
	sr_json_put(scores, "margin", json_integer(SR_ADVISE_MARGIN), &oom);
	sr_json_put(doc, "scores", scores, &oom);
	sr_json_put(doc, "by_score",
		    json_string(sr_productions[adv->by_score].id), &oom);

	for (int q = 0; q < SR_Q__MAX; q++) {
		const struct sr_question_def *d = &sr_questions[q];
		const struct sr_answer_def *ans;
		json_t *o;

		if (a->pick[q] != 0 && a->pick[q] != 1) {
			sr_json_push(unanswered, json_string(d->id), &oom);
			continue;
		}
		ans = &d->answers[a->pick[q]];
		o = json_object();
		if (!o)
			oom = true;
		sr_json_put(o, "question", json_string(d->id), &oom);
		sr_json_put(o, "topic", json_string(d->topic), &oom);
		sr_json_put(o, "answer", json_string(ans->value), &oom);
		sr_json_put(o, "label", json_string(ans->label), &oom);
		sr_json_put(o, "leans", json_string(sr_lean_name(ans->lean)),
			    &oom);
		sr_json_put(o, "weight", json_integer(d->weight), &oom);
		sr_json_put(o, "text", json_string(ans->why), &oom);
		sr_json_push(reasons, o, &oom);
	}
	sr_json_put(doc, "reasons", reasons, &oom);
	sr_json_put(doc, "unanswered", unanswered, &oom);
	sr_json_put(doc, "rules", rules_json(adv->rules, &oom), &oom);
	sr_json_put(doc, "summary", json_string(p->summary), &oom);
	sr_json_put(doc, "benefits", sr_json_strings(p->benefits), &oom);
	sr_json_put(doc, "common_uses", sr_json_strings(p->common_uses), &oom);
	sr_json_put(doc, "note", json_string(p->note), &oom);
	sr_json_put(doc, "warnings", warnings_json(adv->warnings, &oom), &oom);
	err = oom ? SR_ENOMEM : sr_json_dump(doc, out, flags);
	json_decref(doc);
	return err;
}

enum sr_err sr_advice_request_parse(const char *body, size_t len,
				    struct sr_answers *a, struct sr_fail *f)
{
	json_t *doc, *answers, *v;
	const char *key;
	enum sr_err err = SR_OK;
	int given = 0;

	sr_answers_init(a);
	doc = sr_json_parse_object(body, len, f);
	if (!doc)
		return f ? f->err : SR_EINVAL;
	err = sr_json_only_key(doc, "answers", "the body has only \"answers\"",
			       f);
	if (err)
		goto out;
	answers = json_object_get(doc, "answers");
	if (!answers) {
		err = sr_fail_set(f, SR_EINVAL, "missing_field", "answers",
				  "\"answers\" is required");
		goto out;
	}
	if (!json_is_object(answers)) {
		err = sr_fail_set(f, SR_EINVAL, "bad_type", "answers",
				  "\"answers\" must be an object, not %s",
				  sr_json_type_name(answers));
		goto out;
	}
	json_object_foreach(answers, key, v)
	{
		int q = sr_question_find(key, 0);

		if (q < 0) {
			char name[KEY_ECHO_MAX + 16];

			snprintf(name, sizeof(name), "answers.%.*s",
				 KEY_ECHO_MAX, key);
			err = sr_fail_set(f, SR_EINVAL, "unknown_question",
					  name, "no question is called '%.*s'",
					  KEY_ECHO_MAX, key);
			goto out;
		}
		if (json_is_null(v))
			continue;
		if (!json_is_string(v)) {
			err = sr_fail_set(f, SR_EINVAL, "bad_type", NULL,
					  "answers.%s must be a string, not %s",
					  key, sr_json_type_name(v));
			goto field;
		}
		err = sr_answers_set(a, (enum sr_question)q,
				     json_string_value(v), NULL);
		if (err) {
			const struct sr_question_def *d = &sr_questions[q];

			err = sr_fail_set(f, SR_EINVAL, "bad_value", NULL,
					  "answers.%s must be \"%s\" or "
					  "\"%s\"",
					  key, d->answers[0].value,
					  d->answers[1].value);
			goto field;
		}
		given++;
	}
	if (!given)
		err = sr_fail_set(f, SR_EINVAL, "no_answers", "answers",
				  "answer at least one question");
	goto out;
field:
	if (f) {
		sr_buf_reset(&f->field);
		sr_buf_addf(&f->field, "answers.%s", key);
	}
out:
	json_decref(doc);
	if (err)
		sr_answers_init(a);
	return err;
}
