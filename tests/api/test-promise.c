/*
 * test-promise.c - issue 10, point 3: "the promise misleads". A promise
 * asked for a date that can be kept with nothing moving leads with that
 * date, says what moves for each date it offers, and says so when a date
 * makes an order that is late already later still; over a real socket
 * and from the command line.
 *
 * The workshop: 08:00 to 16:00 every day, one worker, and today a day
 * off, so the plan starts tomorrow at 08:00 whatever the hour the test
 * runs. Each order is a whole number of days of work:
 *
 *	Oak table  2 days, due today: late whatever happens (already late)
 *	Ash chair  1 day, due in 6 days
 *	Elm stool  1 day, due in 7 days
 *
 * Today's plan does the oak table first, done on day 2 from now, and the
 * other two (in either order) on days 3 and 4. A new order of one day,
 * worth more a minute than the oak table, can be done on day 1 only by
 * going first, which moves all three a day later (the oak table later
 * still), or after them, on day 5, with nothing moving. Asked for day 8,
 * it can be kept with nothing moving.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

API_SUITE(promise);

static const char *const titles[] = {"Oak table", "Ash chair", "Elm stool"};

/* The workshop above; ids[] gets the orders' ids. */
static void workshop(long long ids[3])
{
	static const int days[] = {2, 1, 1}, due_in[] = {0, 6, 7};
	static const int price[] = {20000, 40000, 20000};
	char today[11], due[11];
	long long customer;

	json_decref(call("PUT", "/api/v1/settings",
			 "{\"day_start\": 480, \"workers\": 1, \"hours\": "
			 "{\"mon\": 480, \"tue\": 480, \"wed\": 480, "
			 "\"thu\": 480, \"fri\": 480, \"sat\": 480, "
			 "\"sun\": 480}}",
			 200));
	local_day(0, today);
	add_record("days-off", "{\"date\": \"%s\", \"note\": \"Fair\"}", today);
	customer = add_customer("{\"name\": \"Ann\"}");
	for (int i = 0; i < 3; i++) {
		local_day(due_in[i], due);
		ids[i] = add_order("{\"customer_id\": %lld, \"title\": \"%s\", "
				   "\"estimated_minutes\": %d, \"price\": %d, "
				   "\"due_date\": \"%s\", \"status\": "
				   "\"accepted\"}",
				   customer, titles[i], days[i] * 480, price[i],
				   due);
	}
}

/* The move of order id in option o, or NULL. */
static const json_t *move_of(const json_t *o, long long id)
{
	const json_t *moves = json_object_get(o, "moves");

	for (size_t k = 0; k < json_array_size(moves); k++)
		if (jint(json_array_get(moves, k), "order_id") == id)
			return json_array_get(moves, k);
	return NULL;
}

/* How many days from today a date is (0 to 14), or -1. */
static int offset_of(const char *date)
{
	char day[11];

	for (int k = 0; k <= 14; k++) {
		local_day(k, day);
		if (!strcmp(day, date))
			return k;
	}
	return -1;
}

/* The order id in a /plan answer. */
static const json_t *planned(const json_t *plan, long long id)
{
	const json_t *orders = json_object_get(plan, "orders");

	for (size_t k = 0; k < json_array_size(orders); k++)
		if (jint(json_array_get(orders, k), "id") == id)
			return json_array_get(orders, k);
	cr_assert_fail("order %lld is not in the plan", id);
	return NULL;
}

Test(promise, leads_with_the_wanted_date_and_says_what_moves_for_each)
{
	char first[11], wanted[11], day[11];
	const json_t *lead, *soon, *m;
	long long ids[3];
	json_t *plan, *pr;
	char *body;

	workshop(ids);
	local_day(1, first);
	local_day(8, wanted);
	plan = call("GET", "/api/v1/plan?days=14", NULL, 200);
	/* The scenario as the header says: oak late, the others on time,
	 * done on days 2, 3 and 4. */
	for (int i = 0, sum = 0; i < 3; i++) {
		int at = offset_of(jstr(planned(plan, ids[i]), "finish_date"));

		cr_assert(i ? at == 3 || at == 4 : at == 2, "%s on day %d",
			  titles[i], at);
		sum += at;
		cr_assert(i < 2 || sum == 9, "two on one day");
		cr_assert_eq(json_is_true(json_object_get(planned(plan, ids[i]),
							  "late")),
			     i == 0, "%s", titles[i]);
	}

	body = fmt("{\"minutes\": 480, \"price\": 60000, \"wanted\": \"%s\"}",
		   wanted);
	pr = call("POST", "/api/v1/promise", body, 200);
	free(body);
	cr_assert_str_eq(jstr(pr, "date"), first, "the earliest day");
	cr_assert(json_is_true(jget(pr, "wanted.ok")));
	cr_assert_eq(json_array_size(json_object_get(pr, "options")), 2);

	/* It leads with the date asked for: nothing moves for it. */
	lead = jget(pr, "options.0");
	cr_assert_str_eq(jstr(lead, "date"), wanted);
	cr_assert(json_is_true(json_object_get(lead, "wanted")));
	cr_assert(json_is_false(json_object_get(lead, "earliest")));
	cr_assert_eq(json_array_size(json_object_get(lead, "moves")), 0,
		     "moves for the wanted date: %s",
		     json_dumps(json_object_get(lead, "moves"), 0));
	cr_assert_eq(jint(lead, "late_later"), 0);
	cr_assert_eq(json_array_size(json_object_get(lead, "warnings")), 0);
	local_day(5, day); /* after the three, in the free time */
	cr_assert_str_eq(jstr(lead, "finish_date"), day);
	cr_assert(strstr(jstr(lead, "message"), wanted), "%s",
		  jstr(lead, "message"));
	cr_assert(strstr(jstr(lead, "message"), "nothing else moves"), "%s",
		  jstr(lead, "message"));
	cr_assert_str_eq(jstr(pr, "message"), jstr(lead, "message"));

	/* The earliest date, second, moves all three, each a day later. */
	soon = jget(pr, "options.1");
	cr_assert_str_eq(jstr(soon, "date"), first);
	cr_assert(json_is_true(json_object_get(soon, "earliest")));
	cr_assert(json_is_false(json_object_get(soon, "wanted")));
	cr_assert_eq(json_array_size(json_object_get(soon, "moves")), 3);
	for (int i = 0; i < 3; i++) {
		m = move_of(soon, ids[i]);
		cr_assert_not_null(m, "%s does not move", titles[i]);
		cr_assert_str_eq(jstr(m, "title"), titles[i]);
		cr_assert_str_eq(jstr(m, "before.finish_date"),
				 jstr(planned(plan, ids[i]), "finish_date"));
		cr_assert_str_eq(jstr(m, "before.finish_time"),
				 jstr(planned(plan, ids[i]), "finish_time"));
		cr_assert_eq(offset_of(jstr(m, "after.finish_date")),
			     offset_of(jstr(m, "before.finish_date")) + 1);
		cr_assert_eq(jint(m, "later_days"), 1);
		cr_assert_eq(jint(m, "later_minutes"), 480);
		cr_assert_eq(json_is_true(json_object_get(m, "was_late")),
			     i == 0, "%s", titles[i]);
		cr_assert_eq(json_is_true(jget(m, "after.late")), i == 0);
	}
	/* ... and says that it makes the late oak table later still. */
	cr_assert_eq(jint(soon, "late_later"), 1);
	cr_assert_str_eq(jstr(soon, "warnings.0.code"), "late_order_later");
	cr_assert(strstr(jstr(soon, "warnings.0.text"), "Oak table"), "%s",
		  jstr(soon, "warnings.0.text"));
	cr_assert(strstr(jstr(soon, "message"), "late already"), "%s",
		  jstr(soon, "message"));
	json_decref(pr);
	json_decref(plan);
}

/* Asked for the earliest day itself: one option, both at once. */
Test(promise, the_wanted_date_that_is_the_earliest_is_one_option)
{
	char first[11];
	long long ids[3];
	json_t *pr;
	char *body;

	workshop(ids);
	local_day(1, first);
	body = fmt("{\"minutes\": 480, \"price\": 60000, \"wanted\": \"%s\"}",
		   first);
	pr = call("POST", "/api/v1/promise", body, 200);
	free(body);
	cr_assert(json_is_true(jget(pr, "wanted.ok")));
	cr_assert_eq(json_array_size(json_object_get(pr, "options")), 1);
	cr_assert(json_is_true(jget(pr, "options.0.earliest")));
	cr_assert(json_is_true(jget(pr, "options.0.wanted")));
	cr_assert_eq(jint(pr, "options.0.late_later"), 1);
	json_decref(pr);
}

/*
 * Asked for today (a day off): it cannot be kept, and the one option is
 * the earliest, its warning with it.
 */
Test(promise, a_wanted_date_too_soon_leads_with_the_earliest)
{
	char today[11], first[11];
	long long ids[3];
	json_t *pr;
	char *body;

	workshop(ids);
	local_day(0, today);
	local_day(1, first);
	body = fmt("{\"minutes\": 480, \"price\": 60000, \"wanted\": \"%s\"}",
		   today);
	pr = call("POST", "/api/v1/promise", body, 200);
	free(body);
	cr_assert(json_is_false(jget(pr, "wanted.ok")));
	cr_assert_eq(json_array_size(json_object_get(pr, "options")), 1);
	cr_assert_str_eq(jstr(pr, "options.0.date"), first);
	cr_assert(json_is_false(jget(pr, "options.0.wanted")));
	cr_assert(strstr(jstr(pr, "message"), "cannot be kept"), "%s",
		  jstr(pr, "message"));
	cr_assert(strstr(jstr(pr, "message"), first), "%s",
		  jstr(pr, "message"));
	cr_assert_str_eq(jstr(pr, "options.0.warnings.0.code"),
			 "late_order_later");
	json_decref(pr);
}

/* The command line says the same, the wanted date first. */
Test(promise, the_command_line_leads_with_the_wanted_date)
{
	char wanted[11], first[11];
	struct run *out = malloc(sizeof(*out));
	const char *lead, *soon, *warn, *oak;
	long long ids[3];
	char *path;
	json_t *j;

	workshop(ids);
	local_day(8, wanted);
	local_day(1, first);
	path = fmt("%s", server.db);
	cli_run(out, NULL, path,
		"promise --minutes 480 --price 600 "
		"--wanted %s",
		wanted);
	cr_assert_eq(out->code, 0, "%s", out->err);
	lead = strstr(out->out, wanted);
	soon = strstr(out->out, first);
	cr_assert(lead && soon && lead < soon, "%s", out->out);
	cr_assert(!strncmp(out->out, "You can promise ", 16), "%s", out->out);
	cr_assert(strstr(out->out, "nothing else moves"), "%s", out->out);
	/* The earliest date's moves come after it, the oak table's flagged,
	 * and a warning. */
	oak = strstr(soon, "Oak table");
	warn = strstr(soon, "WARNING: ");
	cr_assert(oak && warn, "%s", out->out);
	cr_assert(strstr(soon, "late already"), "%s", out->out);
	cr_assert(strstr(soon, "Ash chair") && strstr(soon, "Elm stool"), "%s",
		  out->out);
	/* --json is the API's answer. */
	j = cli_json(NULL, path,
		     "promise --minutes 480 --price 600 "
		     "--wanted %s --json",
		     wanted);
	cr_assert_str_eq(jstr(j, "options.0.date"), wanted);
	cr_assert_str_eq(jstr(j, "options.1.date"), first);
	json_decref(j);
	free(path);
	free(out);
}
