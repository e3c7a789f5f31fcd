/*
 * cmd-plan.c - `smallrun plan` (the week, day by day and worker by
 * worker, late orders flagged) and `smallrun promise` (the earliest date a
 * new custom order can be promised without making another late).
 */
#include "compat.h"

#include <jansson.h>
#include <time.h>

#include "cli.h"
#include "smallrun/date.h"
#include "smallrun/parse.h"
#include "smallrun/planner.h"

void cmd_plan_help(FILE *out)
{
	fprintf(out,
		"  --from DATE   the first day shown (default today)\n"
		"  --days N      how many days (default 7, at most 366)\n"
		"  --json        the plan as the API gives it\n"
		"  --db PATH     the database\n"
		"Open orders (accepted or in progress) are put in the order "
		"that keeps the\nweighted lateness lowest (weight: an order's "
		"priority, else its price) and laid\non the working hours "
		"around the batch runs booked and the days off.\n"
		"A batch run longer than its day goes on over the next "
		"working days (part 1\nof 2, 2 of 2...). Orders that do not "
		"finish within the 730 days planned, and\nbatch runs that "
		"do not fit in them, are listed too.\n");
}

void cmd_promise_help(FILE *out)
{
	fprintf(out,
		"  --minutes N     the work the new order needs\n"
		"  --price P       its price (e.g. 450.00), the cost of it "
		"being late\n"
		"  --wanted DATE   a date the customer asked for: can it be "
		"kept?\n"
		"Takes --json and --db PATH. Nothing is stored.\n"
		"Prints each date it offers, the date asked for first when it "
		"can be kept, then\nthe earliest, with the orders that would "
		"finish later for that date and a\nWARNING when one of them is "
		"late already and would be later still.\n");
}

static const char *str(const json_t *o, const char *k)
{
	return cli_str(o, k, "");
}

static int print_plan(const json_t *doc, const void *ctx)
{
	const json_t *days = json_object_get(doc, "days");
	const json_t *orders = json_object_get(doc, "orders");
	const json_t *over = json_object_get(doc, "overbooked_runs");

	(void)ctx;
	for (size_t d = 0; d < json_array_size(days); d++) {
		const json_t *day = json_array_get(days, d);
		const json_t *workers = json_object_get(day, "workers");

		printf("%s %s\n", str(day, "weekday"), str(day, "date"));
		for (size_t w = 0; w < json_array_size(workers); w++) {
			const json_t *wk = json_array_get(workers, w);
			const json_t *blocks = json_object_get(wk, "blocks");

			for (size_t b = 0; b < json_array_size(blocks); b++) {
				const json_t *x = json_array_get(blocks, b);

				if (json_array_size(workers) > 1)
					printf("  worker %zu", w + 1);
				printf("  %s-%s  %s %" JSON_INTEGER_FORMAT
				       ": %s",
				       str(x, "start"), str(x, "end"),
				       str(x, "kind"),
				       json_integer_value(
					       json_object_get(x, "id")),
				       str(x, "label"));
				/* A batch over several days says which. */
				if (json_integer_value(
					    json_object_get(x, "parts")) > 1)
					printf(" (part %" JSON_INTEGER_FORMAT
					       " of %" JSON_INTEGER_FORMAT ")",
					       json_integer_value(
						       json_object_get(x,
								       "part")),
					       json_integer_value(
						       json_object_get(
							       x, "parts")));
				printf("\n");
			}
		}
	}
	for (size_t i = 0; i < json_array_size(orders); i++) {
		const json_t *o = json_array_get(orders, i);

		if (json_is_true(json_object_get(o, "past_horizon"))) {
			printf("NOT PLANNED: order %" JSON_INTEGER_FORMAT
			       " %s does not finish by %s, the end of the "
			       "plan%s\n",
			       json_integer_value(json_object_get(o, "id")),
			       str(o, "title"), str(doc, "horizon_end"),
			       json_is_true(json_object_get(o, "late"))
				       ? " (late)"
				       : "");
			continue;
		}
		if (!json_is_true(json_object_get(o, "late")))
			continue;
		printf("LATE: order %" JSON_INTEGER_FORMAT " %s, due %s, done "
		       "%s %s (%" JSON_INTEGER_FORMAT " day%s late)\n",
		       json_integer_value(json_object_get(o, "id")),
		       str(o, "title"), str(o, "due_date"),
		       str(o, "finish_date"), str(o, "finish_time"),
		       json_integer_value(json_object_get(o, "late_days")),
		       json_integer_value(json_object_get(o, "late_days")) == 1
			       ? ""
			       : "s");
	}
	for (size_t i = 0; i < json_array_size(over); i++) {
		const json_t *r = json_array_get(over, i);

		printf("DOES NOT FIT: batch %s from %s needs "
		       "%" JSON_INTEGER_FORMAT " minutes; %" JSON_INTEGER_FORMAT
		       " are planned by %s, "
		       "%" JSON_INTEGER_FORMAT " do not fit\n",
		       str(r, "code"), str(r, "date"),
		       json_integer_value(json_object_get(r, "minutes")),
		       json_integer_value(
			       json_object_get(r, "planned_minutes")),
		       str(doc, "horizon_end"),
		       json_integer_value(
			       json_object_get(r, "minutes_left_over")));
	}
	return CLI_OK;
}

int cmd_plan(int argc, char **argv)
{
	enum { O_FROM, O_DAYS, O__MAX };
	static const struct cli_opt opts[O__MAX] = {
		[O_FROM] = {"from", true},
		[O_DAYS] = {"days", true},
	};
	struct cli_call c = CLI_CALL_INIT;
	const char *val[O__MAX];
	int64_t today, from, days = 7;
	struct cli_args a;
	int minute, rc;
	enum sr_err err;

	sr_local_time((int64_t)time(NULL), &today, &minute);
	from = today;
	rc = cli_parse("plan", opts, O__MAX, argc, argv, val, &a);
	if (rc)
		return rc;
	if (val[O_FROM] &&
	    sr_date_parse(val[O_FROM], strlen(val[O_FROM]), &from))
		return cli_error(
			"plan", CLI_USAGE,
			"--from must be a date as YYYY-MM-DD, not '%s'",
			val[O_FROM]);
	if (val[O_DAYS] && sr_parse_i64z(val[O_DAYS], &days, 1, 366))
		return cli_error("plan", CLI_USAGE,
				 "--days must be a whole number from 1 to 366, "
				 "not '%s'",
				 val[O_DAYS]);
	if (a.argc)
		return cli_usage("plan");
	rc = cli_open_store("plan", a.db, &c.s);
	if (!rc) {
		struct sr_plan_opts po = cli_plan_opts();

		err = sr_planner_week(c.s, today, minute, from, (int)days, &po,
				      &c.out, &c.f);
		rc = cli_answer("plan", &c, err, a.json, print_plan, NULL);
	}
	cli_call_release(&c);
	return rc;
}

/* Where a move's order is done: "2026-12-02 16:00", or past the plan. */
static void print_landing(const json_t *l)
{
	if (json_is_string(json_object_get(l, "finish_date")))
		printf("%s %s", str(l, "finish_date"), str(l, "finish_time"));
	else
		printf("not within the 730 days planned");
}

/*
 * Each date offered, the one to lead with first (the date asked for when
 * it can be kept), with the orders that finish later for it and a warning
 * when one of them is late already.
 */
static int print_promise(const json_t *doc, const void *ctx)
{
	const json_t *w = json_object_get(doc, "wanted");
	const json_t *options = json_object_get(doc, "options");

	(void)ctx;
	if (json_is_object(w) && !json_is_true(json_object_get(w, "ok")))
		printf("The date asked for, %s, cannot be kept.\n",
		       str(w, "date"));
	for (size_t i = 0; i < json_array_size(options); i++) {
		const json_t *o = json_array_get(options, i);
		const json_t *moves = json_object_get(o, "moves");
		const json_t *warnings = json_object_get(o, "warnings");

		printf("%s.\n", str(o, "message"));
		for (size_t k = 0; k < json_array_size(moves); k++) {
			const json_t *m = json_array_get(moves, k);
			json_int_t days = json_integer_value(
				json_object_get(m, "later_days"));

			printf("  order %" JSON_INTEGER_FORMAT " %s: done ",
			       json_integer_value(
				       json_object_get(m, "order_id")),
			       str(m, "title"));
			print_landing(json_object_get(m, "after"));
			printf(" instead of ");
			print_landing(json_object_get(m, "before"));
			if (days > 0)
				printf(" (%" JSON_INTEGER_FORMAT
				       " day%s later)",
				       days, days == 1 ? "" : "s");
			else
				printf(" (later the same day)");
			if (json_is_true(json_object_get(m, "was_late")))
				printf("; late already, due %s",
				       str(m, "due_date"));
			printf("\n");
		}
		for (size_t k = 0; k < json_array_size(warnings); k++)
			printf("  WARNING: %s.\n",
			       str(json_array_get(warnings, k), "text"));
	}
	return CLI_OK;
}

int cmd_promise(int argc, char **argv)
{
	enum { O_MINUTES, O_PRICE, O_WANTED, O__MAX };
	static const struct cli_opt opts[O__MAX] = {
		[O_MINUTES] = {"minutes", true},
		[O_PRICE] = {"price", true},
		[O_WANTED] = {"wanted", true},
	};
	struct cli_call c = CLI_CALL_INIT;
	const char *val[O__MAX], *wanted;
	int64_t today, minutes, price, day;
	struct cli_args a;
	int minute, rc;
	enum sr_err err;

	rc = cli_parse("promise", opts, O__MAX, argc, argv, val, &a);
	if (rc)
		return rc;
	wanted = val[O_WANTED];
	if (val[O_MINUTES] &&
	    sr_parse_i64z(val[O_MINUTES], &minutes, 1, 10000000))
		return cli_error("promise", CLI_USAGE,
				 "--minutes must be a whole number from 1, not "
				 "'%s'",
				 val[O_MINUTES]);
	if (val[O_PRICE] &&
	    sr_parse_money(val[O_PRICE], &price, INT64_C(100000000000)))
		return cli_error("promise", CLI_USAGE,
				 "--price must be an amount such as 450 or "
				 "450.00, not '%s'",
				 val[O_PRICE]);
	if (wanted && sr_date_parse(wanted, strlen(wanted), &day))
		return cli_error("promise", CLI_USAGE,
				 "--wanted must be a date as YYYY-MM-DD, not "
				 "'%s'",
				 wanted);
	if (a.argc || !val[O_MINUTES] || !val[O_PRICE])
		return cli_usage("promise");
	sr_buf_addf(&c.body, "{\"minutes\": %" PRId64 ", \"price\": %" PRId64,
		    minutes, price);
	if (wanted)
		sr_buf_addf(&c.body, ", \"wanted\": \"%s\"", wanted);
	sr_buf_adds(&c.body, "}");
	rc = cli_open_store("promise", a.db, &c.s);
	if (!rc) {
		struct sr_plan_opts po = cli_plan_opts();

		sr_local_time((int64_t)time(NULL), &today, &minute);
		err = sr_planner_promise(c.s, today, minute, c.body.data,
					 c.body.len, &po, &c.out, &c.f);
		rc = cli_answer("promise", &c, err, a.json, print_promise,
				NULL);
	}
	cli_call_release(&c);
	return rc;
}
