/*
 * timer.c - start and stop a worker's timer on an order or a batch. A
 * timer is a time entry with no end yet; a worker has at most one (the
 * schema enforces it too), so starting another stops the first.
 */
#include "compat.h"

#include "json.h"
#include "records-int.h"
#include "smallrun/auth.h"
#include "smallrun/date.h"

/*
 * The worker named in a body; when none is given, the person logged in
 * (auth.h's actor), else "me". A logged-in person who is not the owner
 * times only their own work: another worker is SR_EDENIED "not_yours".
 */
static enum sr_err worker_of(const json_t *in, const char **worker,
			     struct sr_fail *f)
{
	const json_t *w = json_object_get(in, "worker");
	const struct sr_actor *who = sr_actor();

	*worker = who->account_id > 0 ? who->login : "me";
	if (!w || json_is_null(w))
		return SR_OK;
	if (!json_is_string(w) || json_string_length(w) == 0 ||
	    json_string_length(w) > 100)
		return sr_fail_set(f, SR_EINVAL, "bad_value", "worker",
				   "worker must be a name of 1 to 100 bytes");
	if (who->account_id > 0 && !sr_role_any_record(who->role) &&
	    strcasecmp(json_string_value(w), who->login))
		return sr_fail_set(f, SR_EDENIED, "not_yours", "worker",
				   "you time your own work, as %s; only the "
				   "owner may start or stop another's timer",
				   who->login);
	*worker = json_string_value(w);
	return SR_OK;
}

/* Stop worker's running timer, if any; *stopped gets the entry or NULL. */
static enum sr_err stop_running(struct sr_tx *tx, const char *worker,
				int64_t now, json_t **stopped,
				struct sr_fail *f)
{
	const struct sr_resource *res = sr_resource(SR_RES_TIME_ENTRY);
	json_t *rows = NULL, *patch = NULL;
	char when[21];
	enum sr_err err;

	*stopped = NULL;
	err = sr_db_timers_running(tx, worker, &rows, f);
	if (err || json_array_size(rows) == 0)
		goto out;
	sr_instant_format(now, when);
	patch = json_pack("{ss}", "ended_at", when);
	if (!patch) {
		err = sr_fail_oom(f);
		goto out;
	}
	err = sr_rec_update_in(tx, res,
			       json_integer_value(json_object_get(
				       json_array_get(rows, 0), "id")),
			       patch, now, stopped, f);
out:
	json_decref(rows);
	json_decref(patch);
	return err;
}

enum sr_err sr_timer_start(sr_store *s, const char *body, size_t len,
			   int64_t now, struct sr_buf *out, struct sr_fail *f)
{
	static const char *const clock_fields[] = {"started_at", "ended_at",
						   "minutes"};
	const struct sr_resource *res = sr_resource(SR_RES_TIME_ENTRY);
	json_t *in = NULL, *stopped = NULL, *started = NULL, *doc = NULL;
	struct sr_tx *tx = NULL;
	const char *worker;
	bool no_mem = false;
	enum sr_err err;
	int64_t id;

	err = sr_rec_parse_input(res, body, len, &in, f);
	if (!err)
		err = worker_of(in, &worker, f);
	/* No worker is the one worker_of() gives, as for stopping. */
	if (!err && json_object_set_new(in, "worker", json_string(worker)))
		err = sr_fail_oom(f);
	/* The old value is gone: worker is the new one's text. */
	if (!err)
		worker = json_string_value(json_object_get(in, "worker"));
	for (size_t i = 0; !err && i < SR_ARRAY_SIZE(clock_fields); i++)
		if (json_object_get(in, clock_fields[i]))
			err = sr_fail_set(f, SR_EINVAL, "unknown_field",
					  clock_fields[i],
					  "a timer starts now, so %s cannot be "
					  "given: give worker, order_id or "
					  "batch_id, and note only",
					  clock_fields[i]);
	if (!err)
		err = sr_tx_begin(s, true, &tx, f);
	if (!err)
		err = stop_running(tx, worker, now, &stopped, f);
	if (!err)
		err = sr_rec_create_in(tx, res, in, now, &id, &started, f);
	err = sr_tx_finish(tx, err, f);
	if (!err) {
		doc = json_object();
		no_mem = !doc;
		sr_json_put(doc, "started", sr_rec_output(started), &no_mem);
		sr_json_put(doc, "stopped",
			    stopped ? sr_rec_output(stopped) : json_null(),
			    &no_mem);
		err = no_mem ? sr_fail_oom(f) : sr_json_dump(doc, out, 0);
	}
	json_decref(doc);
	json_decref(in);
	json_decref(stopped);
	json_decref(started);
	return err;
}

enum sr_err sr_timer_stop(sr_store *s, const char *body, size_t len,
			  int64_t now, struct sr_buf *out, struct sr_fail *f)
{
	json_t *in = NULL, *stopped = NULL;
	struct sr_tx *tx = NULL;
	const char *worker = "me";
	enum sr_err err;

	in = sr_json_parse_object(body, len, f);
	if (!in)
		return f ? f->err : SR_EINVAL;
	err = sr_json_only_key(in, "worker",
			       "to stop a timer give only the worker", f);
	if (!err)
		err = worker_of(in, &worker, f);
	if (!err)
		err = sr_tx_begin(s, true, &tx, f);
	if (!err)
		err = stop_running(tx, worker, now, &stopped, f);
	if (!err && !stopped)
		err = sr_fail_set(f, SR_ENOTFOUND, "no_timer", "worker",
				  "%s has no timer running", worker);
	err = sr_tx_finish(tx, err, f);
	if (!err)
		err = sr_rec_emit(stopped, out, f);
	json_decref(in);
	json_decref(stopped);
	return err;
}

enum sr_err sr_timer_status(sr_store *s, const char *worker, int64_t now,
			    struct sr_buf *out, struct sr_fail *f)
{
	json_t *rows = NULL, *doc = NULL;
	struct sr_tx *tx = NULL;
	bool no_mem = false;
	enum sr_err err;

	err = sr_tx_begin(s, false, &tx, f);
	if (!err)
		err = sr_db_timers_running(tx, worker, &rows, f);
	err = sr_tx_finish(tx, err, f);
	if (err)
		goto out;
	for (size_t i = 0; i < json_array_size(rows); i++) {
		json_t *r = json_array_get(rows, i);
		const char *at =
			json_string_value(json_object_get(r, "started_at"));
		int64_t t0 = now;

		if (at)
			sr_instant_parse(at, strlen(at), &t0);
		sr_json_put(r, "elapsed_minutes",
			    json_integer(now > t0 ? (now - t0) / 60 : 0),
			    &no_mem);
	}
	doc = json_object();
	no_mem |= !doc;
	sr_json_put(doc, "running", json_incref(rows), &no_mem);
	err = no_mem ? sr_fail_oom(f) : sr_json_dump(doc, out, 0);
out:
	json_decref(rows);
	json_decref(doc);
	return err;
}
