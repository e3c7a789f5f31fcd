/*
 * test-timer.c - a worker's timer through the public API (sr_timer_start,
 * sr_timer_stop, sr_timer_status) on a real SQLite file, with the clock
 * given by the test: one running timer per worker, a start stops the one
 * before, stopping none is "not found", the minutes are the clock's span
 * rounded to the nearest minute.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <string.h>

#include "records-fixture.h"

STORE_SUITE(timer);

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* An order and a batch to time. */
static int64_t order, batch;

static void work(void)
{
	int64_t c = create_id(SR_RES_CUSTOMER, "{\"name\":\"Mo\"}");
	int64_t p = create_id(SR_RES_PRODUCT, "{\"name\":\"Bench\"}");

	order = create_id(SR_RES_ORDER,
			  "{\"customer_id\":%lld,\"title\":\"Hall bench\"}",
			  (long long)c);
	batch = new_batch(p, "2026-11-25", 0, 0);
}

typedef enum sr_err timer_fn(sr_store *, const char *, size_t, int64_t,
			     struct sr_buf *, struct sr_fail *);

/* Call sr_timer_start or _stop at the time `at`; *out gets the answer. */
static enum sr_err timer_at(timer_fn *fn, int64_t at, const char *body,
			    json_t **out, struct sr_fail *f)
{
	struct sr_buf b = SR_BUF_INIT(1 << 16);
	enum sr_err err = fn(store, body, strlen(body), at, &b, f);

	*out = err ? NULL : parsed(&b);
	cr_assert_eq(b.len, 0);
	sr_buf_release(&b);
	return err;
}

#define start_at(...) timer_at(sr_timer_start, __VA_ARGS__)
#define stop_at(...) timer_at(sr_timer_stop, __VA_ARGS__)

/* The same, expected to work. */
static json_t *start(int64_t at, const char *fmt, long long id)
{
	struct sr_fail f = SR_FAIL_INIT;
	char *body = textf(fmt, id);
	json_t *j;

	cr_assert_eq(start_at(at, body, &j, &f), SR_OK, "%s: %s", body,
		     f.message.data);
	free(body);
	sr_fail_release(&f);
	return j;
}

static json_t *stop(int64_t at, const char *body)
{
	struct sr_fail f = SR_FAIL_INIT;
	json_t *j;

	cr_assert_eq(stop_at(at, body, &j, &f), SR_OK, "%s: %s", body,
		     f.message.data);
	sr_fail_release(&f);
	return j;
}

/* The running timers, of one worker or (NULL) of all, at `at`. */
static json_t *running(const char *worker, int64_t at)
{
	struct sr_buf b = SR_BUF_INIT(1 << 16);
	struct sr_fail f = SR_FAIL_INIT;
	json_t *doc, *list;

	cr_assert_eq(sr_timer_status(store, worker, at, &b, &f), SR_OK, "%s",
		     f.message.data);
	doc = parsed(&b);
	list = json_incref(json_object_get(doc, "running"));
	cr_assert(json_is_array(list));
	json_decref(doc);
	sr_buf_release(&b);
	sr_fail_release(&f);
	return list;
}

/* Minutes the clock gives a span of secs: rounded to the nearest. */
static int64_t clock_minutes(int64_t secs)
{
	return (secs + 30) / 60;
}

Test(timer, a_start_with_nothing_running_stops_nothing)
{
	char when[21];
	json_t *j, *e;

	work();
	j = start(NOW,
		  "{\"worker\":\"ann\",\"order_id\":%lld,\"note\":\"legs\"}",
		  (long long)order);
	cr_assert(json_is_null(json_object_get(j, "stopped")));
	e = json_object_get(j, "started");
	instant_text(NOW, when);
	cr_assert_str_eq(str(e, "worker"), "ann");
	cr_assert_eq(num(e, "order_id"), order);
	cr_assert(json_is_null(json_object_get(e, "batch_id")));
	cr_assert_str_eq(str(e, "note"), "legs");
	cr_assert_str_eq(str(e, "started_at"), when);
	cr_assert(json_is_null(json_object_get(e, "ended_at")));
	cr_assert(json_is_null(json_object_get(e, "minutes")));
	json_decref(j);
}

Test(timer, a_start_stops_the_worker_s_running_timer)
{
	const int64_t span = 25 * 60 + 40;
	char when[21];
	int64_t first;
	json_t *j, *e, *r;

	work();
	j = start(NOW, "{\"worker\":\"ann\",\"order_id\":%lld}",
		  (long long)order);
	first = num(json_object_get(j, "started"), "id");
	json_decref(j);

	j = start(NOW + span, "{\"worker\":\"ann\",\"batch_id\":%lld}",
		  (long long)batch);
	instant_text(NOW + span, when);
	e = json_object_get(j, "stopped");
	cr_assert_eq(num(e, "id"), first);
	cr_assert_eq(num(e, "order_id"), order);
	cr_assert_str_eq(str(e, "ended_at"), when);
	cr_assert_eq(num(e, "minutes"), clock_minutes(span));
	/* The new one starts when the old one ends. */
	e = json_object_get(j, "started");
	cr_assert_neq(num(e, "id"), first);
	cr_assert_eq(num(e, "batch_id"), batch);
	cr_assert_str_eq(str(e, "started_at"), when);
	/* What was stopped is stored so, and only the new one runs. */
	r = fetch(SR_RES_TIME_ENTRY, first);
	cr_assert_eq(num(r, "minutes"), clock_minutes(span));
	json_decref(r);
	r = running("ann", NOW + span);
	cr_assert_eq(json_array_size(r), 1);
	cr_assert_eq(num(json_array_get(r, 0), "id"), num(e, "id"));
	json_decref(r);
	json_decref(j);
}

Test(timer, each_worker_has_a_timer_of_their_own)
{
	json_t *j, *r;

	work();
	json_decref(start(NOW, "{\"worker\":\"ann\",\"order_id\":%lld}",
			  (long long)order));
	j = start(NOW + 60, "{\"worker\":\"bob\",\"order_id\":%lld}",
		  (long long)order);
	cr_assert(json_is_null(json_object_get(j, "stopped")),
		  "bob's start stopped someone else's timer");
	json_decref(j);
	j = start(NOW + 120, "{\"worker\":\"ann\",\"batch_id\":%lld}",
		  (long long)batch);
	cr_assert_str_eq(str(json_object_get(j, "stopped"), "worker"), "ann");
	json_decref(j);
	r = running(NULL, NOW + 180);
	cr_assert_eq(json_array_size(r), 2);
	json_decref(r);
	r = running("bob", NOW + 180);
	cr_assert_eq(json_array_size(r), 1);
	cr_assert_str_eq(str(json_array_get(r, 0), "worker"), "bob");
	json_decref(r);
	r = running("cat", NOW + 180);
	cr_assert_eq(json_array_size(r), 0);
	json_decref(r);
}

Test(timer, stopping_with_none_running_is_not_found)
{
	struct sr_fail f = SR_FAIL_INIT;
	json_t *j;

	work();
	assert_fail(stop_at(NOW, "{\"worker\":\"ann\"}", &j, &f), &f,
		    SR_ENOTFOUND, "no_timer", "worker");
	json_decref(start(NOW, "{\"worker\":\"ann\",\"order_id\":%lld}",
			  (long long)order));
	/* Another worker's timer is not theirs to stop. */
	assert_fail(stop_at(NOW + 60, "{\"worker\":\"bob\"}", &j, &f), &f,
		    SR_ENOTFOUND, "no_timer", "worker");
	json_decref(stop(NOW + 60, "{\"worker\":\"ann\"}"));
	assert_fail(stop_at(NOW + 120, "{\"worker\":\"ann\"}", &j, &f), &f,
		    SR_ENOTFOUND, "no_timer", "worker");
	/* No worker named is "me", for starting and stopping alike. */
	json_decref(start(NOW, "{\"order_id\":%lld}", (long long)order));
	j = stop(NOW + 60, "{}");
	cr_assert_str_eq(str(j, "worker"), "me");
	json_decref(j);
}

Test(timer, minutes_are_the_clock_s_span_rounded)
{
	static const int64_t spans[] = {0,  29,	       30,	 89,
					90, 3600 + 29, 3600 + 30};
	json_t *j;

	work();
	for (size_t i = 0; i < COUNT(spans); i++) {
		const int64_t t0 = NOW + (int64_t)i * 86400;
		char begun[21], ended[21];

		json_decref(start(t0, "{\"worker\":\"ann\",\"order_id\":%lld}",
				  (long long)order));
		j = stop(t0 + spans[i], "{\"worker\":\"ann\"}");
		instant_text(t0, begun);
		instant_text(t0 + spans[i], ended);
		cr_assert_str_eq(str(j, "started_at"), begun);
		cr_assert_str_eq(str(j, "ended_at"), ended);
		cr_assert_eq(num(j, "minutes"), clock_minutes(spans[i]),
			     "%lld s gave %lld minutes", (long long)spans[i],
			     (long long)num(j, "minutes"));
		json_decref(j);
	}
	/* The order adds them up. */
	{
		int64_t sum = 0;

		for (size_t i = 0; i < COUNT(spans); i++)
			sum += clock_minutes(spans[i]);
		j = fetch(SR_RES_ORDER, order);
		cr_assert_eq(num(j, "tracked_minutes"), sum);
		json_decref(j);
	}
}

Test(timer, status_counts_whole_minutes_so_far)
{
	json_t *r;

	work();
	json_decref(start(NOW, "{\"worker\":\"ann\",\"order_id\":%lld}",
			  (long long)order));
	r = running("ann", NOW + 7 * 60);
	cr_assert_eq(num(json_array_get(r, 0), "elapsed_minutes"), 7);
	cr_assert_eq(num(json_array_get(r, 0), "order_id"), order);
	cr_assert_str_eq(str(json_array_get(r, 0), "order_title"),
			 "Hall bench");
	json_decref(r);
	/* A clock behind the start shows none, not less than none. */
	r = running("ann", NOW - 600);
	cr_assert_eq(num(json_array_get(r, 0), "elapsed_minutes"), 0);
	json_decref(r);
}

Test(timer, refused_starts_and_stops_change_nothing)
{
	static const struct {
		const char *body, *code, *field;
	} bad_starts[] = {
		{"{\"worker\":\"ann\",\"order_id\":999999}",
		 "unknown_reference", "order_id"},
		{"{\"worker\":\"ann\"}", "missing_field", "order_id"},
		{"{\"worker\":\"ann\",\"order_id\":1,\"batch_id\":1}",
		 "missing_field", "order_id"},
		{"{\"worker\":\"\",\"order_id\":1}", "bad_value", "worker"},
		{"{\"worker\":7,\"order_id\":1}", "bad_value", "worker"},
		{"{\"order_id\":1,\"minutes\":5}", "unknown_field", "minutes"},
		{"{\"order_id\":1,\"started_at\":\"2026-11-20T09:00:00Z\"}",
		 "unknown_field", "started_at"},
		{"{\"order_id\":1,\"ended_at\":\"2026-11-20T09:00:00Z\"}",
		 "unknown_field", "ended_at"},
	};
	static const struct {
		const char *body, *code, *field;
	} bad_stops[] = {
		{"{\"worker\":\"ann\",\"order_id\":1}", "unknown_field",
		 "order_id"},
		{"{\"worker\":\"\"}", "bad_value", "worker"},
		{"[]", "bad_type", NULL},
	};
	struct sr_fail f = SR_FAIL_INIT;
	int64_t first;
	json_t *j, *r;

	work();
	cr_assert_eq(order, 1);
	cr_assert_eq(batch, 1);
	j = start(NOW, "{\"worker\":\"ann\",\"order_id\":%lld}",
		  (long long)order);
	first = num(json_object_get(j, "started"), "id");
	json_decref(j);
	for (size_t i = 0; i < COUNT(bad_starts); i++)
		expect_fail(start_at(NOW + 60, bad_starts[i].body, &j, &f), &f,
			    SR_EINVAL, bad_starts[i].code, bad_starts[i].field,
			    bad_starts[i].body);
	for (size_t i = 0; i < COUNT(bad_stops); i++)
		expect_fail(stop_at(NOW + 60, bad_stops[i].body, &j, &f), &f,
			    SR_EINVAL, bad_stops[i].code, bad_stops[i].field,
			    bad_stops[i].body);
	/* ann's timer still runs, unstopped, and no other entry was made. */
	r = running(NULL, NOW + 60);
	cr_assert_eq(json_array_size(r), 1);
	cr_assert_eq(num(json_array_get(r, 0), "id"), first);
	json_decref(r);
	r = list(SR_RES_TIME_ENTRY, "%s", "");
	cr_assert_eq(num(r, "total"), 1);
	json_decref(r);
}
