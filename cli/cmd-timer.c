/*
 * cmd-timer.c - `smallrun timer start|stop|status`: the phone-sized timer
 * for the terminal. One running timer per worker; starting another stops
 * the first.
 */
#include "compat.h"

#include <time.h>

#include "cli.h"
#include "smallrun/records.h"

void cmd_timer_help(FILE *out)
{
	fprintf(out,
		"  timer start --order ID | --batch ID [--worker NAME] "
		"[--note TEXT]\n"
		"  timer stop [--worker NAME]\n"
		"  timer status [--worker NAME]\n"
		"Each takes --json and --db PATH. The worker is \"me\" unless "
		"named.\n");
}

static void print_entry(const json_t *e, const char *what)
{
	json_t *order = json_object_get(e, "order_id");
	json_t *mins = json_object_get(e, "minutes");

	printf("%s %s's timer on %s %" JSON_INTEGER_FORMAT,
	       what, json_string_value(json_object_get(e, "worker")),
	       json_is_integer(order) ? "order" : "batch",
	       json_integer_value(json_is_integer(order)
					  ? order
					  : json_object_get(e, "batch_id")));
	if (json_is_integer(mins))
		printf(" after %" JSON_INTEGER_FORMAT " min",
		       json_integer_value(mins));
	printf(" (entry %" JSON_INTEGER_FORMAT ")\n",
	       json_integer_value(json_object_get(e, "id")));
}

/* What a verb's answer says (ctx: the verb). */
static int show(const json_t *doc, const void *ctx)
{
	const char *verb = ctx;

	if (!strcmp(verb, "start")) {
		if (json_is_object(json_object_get(doc, "stopped")))
			print_entry(json_object_get(doc, "stopped"), "stopped");
		print_entry(json_object_get(doc, "started"), "started");
	} else if (!strcmp(verb, "stop")) {
		print_entry(doc, "stopped");
	} else {
		json_t *running = json_object_get(doc, "running");

		if (!json_array_size(running))
			printf("no timer is running\n");
		for (size_t i = 0; i < json_array_size(running); i++) {
			json_t *e = json_array_get(running, i);
			json_t *title = json_object_get(e, "order_title");

			printf("%s: %" JSON_INTEGER_FORMAT " min on %s %s\n",
			       json_string_value(json_object_get(e, "worker")),
			       json_integer_value(
				       json_object_get(e, "elapsed_minutes")),
			       json_is_string(title) ? "order" : "batch",
			       json_is_string(title)
				       ? json_string_value(title)
				       : json_string_value(json_object_get(
						 e, "batch_code")));
		}
	}
	return CLI_OK;
}

enum { O_ORDER, O_BATCH, O_NOTE, O_WORKER, O__MAX };

static const struct cli_opt opts[O__MAX] = {
	[O_ORDER] = {"order", true},
	[O_BATCH] = {"batch", true},
	[O_NOTE] = {"note", true},
	[O_WORKER] = {"worker", true},
};

/* The field each option sets. */
static const char *const fields[O__MAX] = {
	[O_ORDER] = "order_id",
	[O_BATCH] = "batch_id",
	[O_NOTE] = "note",
	[O_WORKER] = "worker",
};

/* One `smallrun timer VERB ...`, parsed. */
struct timer_req {
	const char *verb;
	const char *val[O__MAX];
	struct cli_args a;
	struct cli_call call; /* its body for start and stop */
};

static int timer_parse(int argc, char **argv, struct timer_req *t)
{
	const char *names[O__MAX], *values[O__MAX];
	size_t n = 0;
	int rc;

	rc = cli_parse("timer", opts, O__MAX, argc, argv, t->val, &t->a);
	if (rc)
		return rc;
	t->verb = t->a.argc ? t->a.argv[0] : "";
	if (strcmp(t->verb, "start") && strcmp(t->verb, "stop") &&
	    strcmp(t->verb, "status"))
		return cli_usage("timer");
	if (t->a.argc > 1)
		return cli_error("timer", CLI_USAGE, "unexpected argument '%s'",
				 t->a.argv[1]);
	for (int i = 0; i < O__MAX; i++) {
		if (!t->val[i])
			continue;
		if (strcmp(t->verb, "start") && i != O_WORKER)
			return cli_error("timer", CLI_USAGE,
					 "--%s is only for 'timer start'",
					 opts[i].name);
		names[n] = fields[i];
		values[n++] = t->val[i];
	}
	if (strcmp(t->verb, "status") &&
	    sr_rec_body_from_text(SR_RES_TIME_ENTRY, names, values, n,
				  &t->call.body, &t->call.f))
		return cli_fail("timer", &t->call.f);
	return CLI_OK;
}

static int timer_run(struct timer_req *t)
{
	struct cli_call *c = &t->call;
	int64_t now = (int64_t)time(NULL);
	enum sr_err err;
	int rc;

	rc = cli_open_store("timer", t->a.db, &c->s);
	if (rc)
		return rc;
	if (!strcmp(t->verb, "start"))
		err = sr_timer_start(c->s, c->body.data, c->body.len, now,
				     &c->out, &c->f);
	else if (!strcmp(t->verb, "stop"))
		err = sr_timer_stop(c->s, c->body.data, c->body.len, now,
				    &c->out, &c->f);
	else
		err = sr_timer_status(c->s, t->val[O_WORKER], now, &c->out,
				      &c->f);
	return cli_answer("timer", c, err, t->a.json, show, t->verb);
}

/* Parse, then run unless only checking. */
static int timer(int argc, char **argv, bool run)
{
	struct timer_req t = {.call = CLI_CALL_INIT};
	int rc = timer_parse(argc, argv, &t);

	if (!rc && run)
		rc = timer_run(&t);
	cli_call_release(&t.call);
	return rc;
}

int cmd_timer(int argc, char **argv)
{
	return timer(argc, argv, true);
}

int cmd_timer_check(int argc, char **argv)
{
	return timer(argc, argv, false);
}
