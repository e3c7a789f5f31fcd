/*
 * test-plan.c - the week plan, its calendar feed and delivery promises
 * over a real socket. The workshop gets seven-day weeks from midnight to
 * midnight, so the plan starts now whatever the hour the test runs.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "harness.h"

API_SUITE(plan);

/* Open all day, every day, one worker; a customer to order for. */
static void workshop(void)
{
	json_decref(call("PUT", "/api/v1/settings",
			 "{\"day_start\": 0, \"workers\": 1, \"hours\": "
			 "{\"mon\": 1440, \"tue\": 1440, \"wed\": 1440, "
			 "\"thu\": 1440, \"fri\": 1440, \"sat\": 1440, "
			 "\"sun\": 1440}}",
			 200));
	json_decref(call("POST", "/api/v1/customers", "{\"name\": \"Ann\"}",
			 201));
}

static void order(const char *title, int minutes, int price, int due_in)
{
	char body[300], due[11];

	local_day(due_in, due);
	snprintf(body, sizeof(body),
		 "{\"customer_id\": 1, \"title\": \"%s\", \"estimated_minutes\":"
		 " %d, \"price\": %d, \"due_date\": \"%s\", \"status\": "
		 "\"accepted\"}",
		 title, minutes, price, due);
	json_decref(call("POST", "/api/v1/orders", body, 201));
}

Test(plan, every_open_order_once_and_late_ones_flagged)
{
	json_t *p, *orders, *late;

	workshop();
	/* Three days of work due tomorrow: something must be late. */
	order("Table", 3 * 1440, 90000, 1);
	order("Chair", 600, 20000, 1);
	json_decref(call("POST", "/api/v1/orders",
			 "{\"customer_id\": 1, \"title\": \"Quote only\", "
			 "\"estimated_minutes\": 60}",
			 201)); /* quoted: not planned */
	p = call("GET", "/api/v1/plan?days=7", NULL, 200);
	orders = json_object_get(p, "orders");
	cr_assert_eq(json_array_size(orders), 2);
	late = json_object_get(p, "late");
	cr_assert_geq(json_array_size(late), 1);
	cr_assert_gt(json_integer_value(json_object_get(p,
						       "weighted_lateness")),
		     0);
	cr_assert_eq(json_array_size(json_object_get(p, "days")), 7);
	json_decref(p);
}

Test(plan, bad_ranges)
{
	struct resp r;

	http(&server, "GET", "/api/v1/plan?days=0", NULL, NULL, &r);
	assert_error(&r, 400, "out_of_range");
	resp_free(&r);
	http(&server, "GET", "/api/v1/plan?from=2026-02-30", NULL, NULL, &r);
	assert_error(&r, 400, "bad_date");
	resp_free(&r);
	http(&server, "GET", "/api/v1/plan?colour=red", NULL, NULL, &r);
	assert_error(&r, 400, "unknown_param");
	resp_free(&r);
}

Test(plan, ics_feed)
{
	struct resp r;
	char *type;

	workshop();
	order("Table", 600, 90000, 3);
	http(&server, "GET", "/api/v1/plan.ics", NULL, NULL, &r);
	cr_assert_eq(r.status, 200);
	type = resp_header(&r, "Content-Type");
	cr_assert(type && strstr(type, "text/calendar"), "%s", type);
	free(type);
	cr_assert(!strncmp(r.body, "BEGIN:VCALENDAR\r\n", 17));
	cr_assert(strstr(r.body, "BEGIN:VEVENT\r\n"));
	cr_assert(strstr(r.body, "SUMMARY:Order 1: Table\r\n"), "%s", r.body);
	cr_assert(strstr(r.body, "END:VCALENDAR\r\n"));
	/* No line longer than 75 octets (RFC 5545 folding). */
	for (const char *l = r.body; *l;) {
		const char *e = strstr(l, "\r\n");

		cr_assert_not_null(e);
		cr_assert_leq(e - l, 75);
		l = e + 2;
	}
	resp_free(&r);
}

Test(plan, promise_is_kept_and_is_the_earliest)
{
	json_t *pr, *p;
	const char *date;
	char body[200], wanted[11];

	workshop();
	order("Table", 2 * 1440, 90000, 3);
	pr = call("POST", "/api/v1/promise",
		  "{\"minutes\": 1440, \"price\": 30000}", 200);
	date = json_string_value(json_object_get(pr, "date"));
	cr_assert_not_null(date);
	cr_assert(strstr(json_string_value(json_object_get(pr, "message")),
			 date));
	/* Take the order with that date: nothing is late. */
	snprintf(body, sizeof(body),
		 "{\"customer_id\": 1, \"title\": \"New\", "
		 "\"estimated_minutes\": 1440, \"price\": 30000, "
		 "\"due_date\": \"%s\", \"status\": \"accepted\"}",
		 date);
	json_decref(call("POST", "/api/v1/orders", body, 201));
	p = call("GET", "/api/v1/plan?days=14", NULL, 200);
	cr_assert_eq(json_array_size(json_object_get(p, "late")), 0,
		     "promised %s but something is late", date);
	json_decref(p);
	/* A wanted date of tomorrow cannot be kept: 3 days of work. */
	local_day(1, wanted);
	snprintf(body, sizeof(body),
		 "{\"minutes\": 1440, \"price\": 30000, \"wanted\": \"%s\"}",
		 wanted);
	json_decref(pr);
	pr = call("POST", "/api/v1/promise", body, 200);
	cr_assert(json_is_false(json_object_get(
		json_object_get(pr, "wanted"), "ok")));
	json_decref(pr);
}

Test(plan, promise_bad_input)
{
	static const struct {
		const char *body, *code, *field;
	} bad[] = {
		{"{\"price\": 100}", "missing_field", "minutes"},
		{"{\"minutes\": 60}", "missing_field", "price"},
		{"{\"minutes\": 0, \"price\": 1}", "out_of_range", "minutes"},
		{"{\"minutes\": 60, \"price\": -1}", "out_of_range", "price"},
		{"{\"minutes\": 60, \"price\": 1, \"wanted\": \"soon\"}",
		 "bad_date", "wanted"},
		{"{\"minutes\": 60, \"price\": 1, \"wanted\": \"2001-01-01\"}",
		 "out_of_range", "wanted"},
		{"{\"minutes\": 60, \"price\": 1, \"colour\": 1}",
		 "unknown_field", "colour"},
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct resp r;

		http(&server, "POST", "/api/v1/promise", "application/json",
		     bad[i].body, &r);
		assert_error(&r, 400, bad[i].code);
		cr_assert_str_eq(json_string_value(json_object_get(
					 json_object_get(r.json, "error"),
					 "field")),
				 bad[i].field, "%s", bad[i].body);
		resp_free(&r);
	}
}

Test(plan, ics_has_no_hour_24)
{
	struct resp r;

	workshop(); /* days end at midnight */
	order("Table", 3000, 90000, 5);
	http(&server, "GET", "/api/v1/plan.ics", NULL, NULL, &r);
	cr_assert_eq(r.status, 200);
	cr_assert(strstr(r.body, "DTEND:"), "%s", r.body);
	cr_assert_null(strstr(r.body, "T24"), "an hour 24 in:\n%s", r.body);
	resp_free(&r);
}

/* Minutes from "HH:MM" to "HH:MM" (or from "HHMM" at s to e, in .ics). */
static int span(int sh, int sm, int eh, int em)
{
	return eh * 60 + em - (sh * 60 + sm);
}

/*
 * Issue 10, point 2: a batch longer than a working day goes on over the
 * next working days, a day off skipped, and every view of the plan adds
 * its blocks up to its whole time: the API, the calendar feed, the CLI.
 */
Test(plan, a_long_batch_keeps_all_its_hours_everywhere)
{
	const int setup = 30, per_unit = 15, qty = 60, day = 480;
	const int need = setup + per_unit * qty; /* 930: more than a day */
	char run[11], off[11], next[11], tag[40], *path;
	long long product, batch;
	int sum = 0, parts = 0, events = 0, cli_sum = 0, cli_lines = 0;
	json_t *p, *days;
	struct resp r;
	struct run *out = malloc(sizeof(*out));

	/* 08:00 to 16:00 every day, one worker. */
	json_decref(call("PUT", "/api/v1/settings",
			 "{\"day_start\": 480, \"workers\": 1, \"hours\": "
			 "{\"mon\": 480, \"tue\": 480, \"wed\": 480, "
			 "\"thu\": 480, \"fri\": 480, \"sat\": 480, "
			 "\"sun\": 480}}",
			 200));
	product = add_product("{\"name\": \"Loaf\", \"mode\": \"batch\", "
			      "\"setup_minutes\": %d, \"minutes_per_unit\": "
			      "%d}",
			      setup, per_unit);
	local_day(2, run);
	local_day(3, off);
	local_day(4, next);
	batch = add_batch("{\"product_id\": %lld, \"planned_qty\": %d, "
			  "\"run_date\": \"%s\"}",
			  product, qty, run);
	add_record("days-off", "{\"date\": \"%s\"}", off);

	p = call("GET", "/api/v1/plan?days=14", NULL, 200);
	days = json_object_get(p, "days");
	for (size_t d = 0; d < json_array_size(days); d++) {
		const json_t *jd = json_array_get(days, d);
		const json_t *bl = jget(jd, "workers.0.blocks");
		const char *date = jstr(jd, "date");

		for (size_t k = 0; k < json_array_size(bl); k++) {
			const json_t *b = json_array_get(bl, k);
			int sh, sm, eh, em;

			if (strcmp(jstr(b, "kind"), "batch") ||
			    jint(b, "id") != batch)
				continue;
			cr_assert_eq(sscanf(jstr(b, "start"), "%d:%d", &sh,
					    &sm),
				     2);
			cr_assert_eq(sscanf(jstr(b, "end"), "%d:%d", &eh, &em),
				     2);
			cr_assert_eq(jint(b, "minutes"), span(sh, sm, eh, em));
			cr_assert_str_neq(date, off, "work on the day off");
			cr_assert_eq(jint(b, "part"), parts + 1);
			cr_assert_eq(jint(b, "parts"), 2);
			cr_assert_str_eq(date, parts ? next : run);
			cr_assert_eq(jint(b, "minutes"),
				     parts ? need - day : day);
			sum += (int)jint(b, "minutes");
			parts++;
		}
	}
	cr_assert_eq(sum, need, "the plan shows %d of %d minutes", sum, need);
	cr_assert_eq(parts, 2);
	cr_assert_eq(json_array_size(json_object_get(p, "overbooked_runs")),
		     0);
	json_decref(p);

	/* The calendar feed: one event per block, the same minutes. */
	http(&server, "GET", "/api/v1/plan.ics?days=14", NULL, NULL, &r);
	cr_assert_eq(r.status, 200);
	snprintf(tag, sizeof(tag), "SUMMARY:Batch %lld: ", batch);
	for (const char *e = strstr(r.body, "BEGIN:VEVENT"); e;
	     e = strstr(e + 1, "BEGIN:VEVENT")) {
		const char *end = strstr(e, "END:VEVENT");
		const char *s = strstr(e, "DTSTART:"), *t = strstr(e, "DTEND:");
		const char *sum_line = strstr(e, tag);
		int sh, sm, eh, em;

		cr_assert(end && s && t);
		if (!sum_line || sum_line > end)
			continue;
		cr_assert_eq(sscanf(s, "DTSTART:%*8dT%2d%2d", &sh, &sm), 2);
		cr_assert_eq(sscanf(t, "DTEND:%*8dT%2d%2d", &eh, &em), 2);
		events++;
		cr_assert(strstr(sum_line, events == 1 ? "(part 1 of 2)"
						       : "(part 2 of 2)"),
			  "%.80s", sum_line);
		sum -= span(sh, sm, eh, em);
	}
	cr_assert_eq(events, 2);
	cr_assert_eq(sum, 0, "the feed differs from the plan by %d", sum);
	resp_free(&r);

	/* The command line prints the same blocks. */
	path = fmt("%s", server.db);
	cli_run(out, NULL, path, "plan --days 14");
	cr_assert_eq(out->code, 0, "%s", out->err);
	snprintf(tag, sizeof(tag), "batch %lld: ", batch);
	for (const char *l = out->out; *l;) {
		const char *e = strchr(l, '\n');
		int sh, sm, eh, em;

		if (!e)
			e = l + strlen(l);
		if (strstr(l, tag) && strstr(l, tag) < e) {
			cr_assert_eq(sscanf(l, " %d:%d-%d:%d", &sh, &sm, &eh,
					    &em),
				     4, "%.60s", l);
			cli_sum += span(sh, sm, eh, em);
			cli_lines++;
		}
		l = *e ? e + 1 : e;
	}
	cr_assert_eq(cli_lines, 2, "%s", out->out);
	cr_assert_eq(cli_sum, need, "%s", out->out);
	cr_assert(strstr(out->out, "(part 2 of 2)"), "%s", out->out);
	free(path);
	free(out);
}
