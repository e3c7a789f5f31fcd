/*
 * test-consistency.c - the same figure on every page that shows it, on the
 * sample workshop (POST /api/v1/demo): each open order's time left, its
 * blocks on the plan and its events in the calendar feed; each planned
 * batch's time (set-up plus minutes a unit × planned quantity, less what
 * was tracked), its blocks and its events; the command line's plan and the
 * API's. The expected figures are worked out here from the records
 * themselves, never from the plan being checked.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

API_SUITE(consistency);

/* Far enough that nothing of the sample falls past the horizon. */
#define DAYS 60

/* Minutes per kind ("order"/"batch") and id, up to 64 records each. */
struct tally {
	long long id[2][64];
	long long minutes[2][64];
	size_t n[2];
};

static int kind_of(const char *kind)
{
	if (!strcmp(kind, "order"))
		return 0;
	cr_assert_str_eq(kind, "batch");
	return 1;
}

static void add(struct tally *t, int kind, long long id, long long minutes)
{
	size_t i;

	for (i = 0; i < t->n[kind] && t->id[kind][i] != id; i++)
		;
	if (i == t->n[kind]) {
		cr_assert_lt(i, 64);
		t->id[kind][i] = id;
		t->minutes[kind][i] = 0;
		t->n[kind]++;
	}
	t->minutes[kind][i] += minutes;
}

static long long minutes_of(const struct tally *t, int kind, long long id)
{
	for (size_t i = 0; i < t->n[kind]; i++)
		if (t->id[kind][i] == id)
			return t->minutes[kind][i];
	return 0;
}

/* Every block of a plan document, by what it is for. */
static void plan_blocks(const json_t *plan, struct tally *t)
{
	const json_t *days = jget(plan, "days");

	for (size_t d = 0; d < json_array_size(days); d++) {
		const json_t *workers =
			jget(json_array_get(days, d), "workers");

		for (size_t w = 0; w < json_array_size(workers); w++) {
			const json_t *blocks =
				jget(json_array_get(workers, w), "blocks");

			for (size_t b = 0; b < json_array_size(blocks); b++) {
				const json_t *bl = json_array_get(blocks, b);

				add(t, kind_of(jstr(bl, "kind")),
				    jint(bl, "id"), jint(bl, "minutes"));
			}
		}
	}
}

/* "20261203T080000" -> minutes since midnight of that day, and the day. */
static long long ics_minute(const char *v, long long *day)
{
	int y, mo, d, h, mi, s;

	cr_assert_eq(sscanf(v, "%4d%2d%2dT%2d%2d%2d", &y, &mo, &d, &h, &mi, &s),
		     6, "%s", v);
	*day = (long long)y * 10000 + mo * 100 + d;
	return h * 60 + mi;
}

/* Every event of a calendar feed, by the kind and id in its UID. */
static void ics_events(const char *ics, struct tally *t)
{
	const char *p = ics;

	while ((p = strstr(p, "BEGIN:VEVENT\r\n"))) {
		const char *end = strstr(p, "END:VEVENT\r\n");
		const char *uid = strstr(p, "\r\nUID:");
		const char *ds = strstr(p, "\r\nDTSTART:");
		const char *de = strstr(p, "\r\nDTEND:");
		char kind[8];
		long long id, d1, d2, m1, m2;

		cr_assert(end && uid && ds && de && uid < end && ds < end &&
			  de < end);
		cr_assert_eq(sscanf(uid + 6, "%7[a-z]-%lld-", kind, &id), 2);
		m1 = ics_minute(ds + 10, &d1);
		m2 = ics_minute(de + 8, &d2);
		cr_assert_eq(d1, d2, "an event within one working day");
		add(t, kind_of(kind), id, m2 - m1);
		p = end;
	}
}

/* The minutes tracked on a record (a time entry's order_id or batch_id). */
static long long tracked(const char *field, long long id)
{
	json_t *list =
		getf("/api/v1/time-entries?%s=%lld&limit=1000", field, id);
	const json_t *items = jget(list, "items");
	long long sum = 0;

	for (size_t i = 0; i < json_array_size(items); i++)
		sum += jint(json_array_get(items, i), "minutes");
	json_decref(list);
	return sum;
}

Test(consistency, the_sample_shows_one_figure_for_each_piece_of_work)
{
	struct tally blocks = {0}, events = {0};
	json_t *plan, *orders, *batches, *cli;
	struct resp ics;
	size_t checked_orders = 0, checked_batches = 0;
	char *path;

	json_decref(call("POST", "/api/v1/demo", "{}", 201));
	path = fmt("/api/v1/plan?days=%d", DAYS);
	plan = get(path);
	free(path);
	plan_blocks(plan, &blocks);
	path = fmt("/api/v1/plan.ics?days=%d", DAYS);
	http(&server, "GET", path, NULL, NULL, &ics);
	free(path);
	cr_assert_eq(ics.status, 200, "%s", ics.body);
	ics_events(ics.body, &events);
	resp_free(&ics);

	/* Each open order: its time left, on the plan and in the feed. */
	orders = get("/api/v1/orders?limit=200");
	for (size_t i = 0; i < json_array_size(jget(orders, "items")); i++) {
		const json_t *o = json_array_get(jget(orders, "items"), i);
		const char *status = jstr(o, "status");
		const json_t *po = NULL;
		long long id = jint(o, "id"), left;

		if (strcmp(status, "accepted") && strcmp(status, "in_progress"))
			continue;
		left = jint(o, "estimated_minutes") - tracked("order_id", id);
		if (left < 0)
			left = 0;
		for (size_t k = 0; k < json_array_size(jget(plan, "orders"));
		     k++)
			if (jint(json_array_get(jget(plan, "orders"), k),
				 "id") == id)
				po = json_array_get(jget(plan, "orders"), k);
		cr_assert(po, "open order %lld is on the plan", id);
		cr_assert(json_is_false(jget(po, "past_horizon")));
		cr_assert_eq(jint(po, "minutes"), left, "order %lld", id);
		cr_assert_eq(minutes_of(&blocks, 0, id), left,
			     "order %lld: its blocks add up to its time", id);
		cr_assert_eq(minutes_of(&events, 0, id), left,
			     "order %lld: its events add up to its time", id);
		checked_orders++;
	}
	cr_assert_geq(checked_orders, 2, "the sample has open orders");

	/* Each batch still to make: its time, on the plan and in the feed. */
	batches = get("/api/v1/batches?limit=200");
	for (size_t i = 0; i < json_array_size(jget(batches, "items")); i++) {
		const json_t *b = json_array_get(jget(batches, "items"), i);
		const char *status = jstr(b, "status");
		long long id = jint(b, "id"), want;
		json_t *p;

		if (strcmp(status, "planned") && strcmp(status, "running"))
			continue;
		p = getf("/api/v1/products/%lld", jint(b, "product_id"));
		want = jint(p, "setup_minutes") +
		       jint(b, "planned_qty") * jint(p, "minutes_per_unit") -
		       tracked("batch_id", id);
		json_decref(p);
		if (want < 0)
			want = 0;
		cr_assert_eq(minutes_of(&blocks, 1, id), want,
			     "batch %lld: its blocks add up to its time", id);
		cr_assert_eq(minutes_of(&events, 1, id), want,
			     "batch %lld: its events add up to its time", id);
		checked_batches++;
	}
	cr_assert_geq(checked_batches, 1, "the sample has batches to make");

	/* Nothing on the plan or in the feed that is not one of these. */
	cr_assert_eq(blocks.n[0], checked_orders);
	cr_assert_eq(events.n[0], checked_orders);
	cr_assert_eq(blocks.n[1], events.n[1]);

	/* The command line's plan is the API's. */
	cli = cli_json(NULL, server.db, "plan --json --days %d", DAYS);
	cr_assert(json_equal(jget(cli, "days"), jget(plan, "days")));
	cr_assert(json_equal(jget(cli, "orders"), jget(plan, "orders")));
	json_decref(cli);
	json_decref(orders);
	json_decref(batches);
	json_decref(plan);
}
