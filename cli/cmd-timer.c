/*
 * cmd-timer.c - `smallrun timer start|stop|status`: the phone-sized timer
 * for the terminal. One running timer per worker; starting another stops
 * the first.
 */
#include "compat.h"

#include <getopt.h>
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

static int show(const char *verb, const char *text, bool json)
{
	json_t *doc;

	if (json)
		return cli_print_json("timer", text);
	doc = json_loads(text, 0, NULL);
	if (!doc)
		return cli_error("timer", CLI_FAIL, "out of memory");
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
	json_decref(doc);
	return CLI_OK;
}

int cmd_timer(int argc, char **argv)
{
	static const struct option opts[] = {
		{"order", required_argument, NULL, 'o'},
		{"batch", required_argument, NULL, 'b'},
		{"worker", required_argument, NULL, 'w'},
		{"note", required_argument, NULL, 'n'},
		{"json", no_argument, NULL, 'j'},
		{"db", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *names[4], *values[4], *verb = argc > 1 ? argv[1] : "";
	const char *db = NULL, *worker = NULL;
	struct sr_buf body = SR_BUF_INIT(4096), out = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	sr_store *s = NULL;
	bool json = false, start = !strcmp(verb, "start");
	int c, rc = CLI_OK;
	size_t n = 0;
	enum sr_err err;

	if (!strcmp(verb, "--help") || !strcmp(verb, "-h")) {
		cli_help(stdout, cli_find("timer"));
		return CLI_OK;
	}
	if (!start && strcmp(verb, "stop") && strcmp(verb, "status"))
		return cli_usage("timer");
	opterr = 0;
	optind = 2;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
		case 'b':
		case 'n':
			if (!start) {
				rc = cli_error("timer", CLI_USAGE,
					       "%s is only for 'timer start'",
					       argv[optind - 1]);
				goto out;
			}
			names[n] = c == 'o' ? "order_id"
				   : c == 'b' ? "batch_id"
					      : "note";
			values[n++] = optarg;
			break;
		case 'w':
			worker = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'd':
			db = optarg;
			break;
		case 'h':
			cli_help(stdout, cli_find("timer"));
			goto out;
		default:
			rc = cli_error("timer", CLI_USAGE,
				       "bad option '%s'; see 'smallrun help "
				       "timer'",
				       argv[optind - 1]);
			goto out;
		}
	}
	if (optind < argc) {
		rc = cli_error("timer", CLI_USAGE, "unexpected argument '%s'",
			       argv[optind]);
		goto out;
	}
	if (worker) {
		names[n] = "worker";
		values[n++] = worker;
	}
	if (strcmp(verb, "status") &&
	    sr_rec_body_from_text(SR_RES_TIME_ENTRY, names, values, n, &body,
				  &f)) {
		rc = cli_fail("timer", &f);
		goto out;
	}
	rc = cli_open_store("timer", db, &s);
	if (rc)
		goto out;
	if (start)
		err = sr_timer_start(s, body.data, body.len,
				     (int64_t)time(NULL), &out, &f);
	else if (!strcmp(verb, "stop"))
		err = sr_timer_stop(s, body.data, body.len,
				    (int64_t)time(NULL), &out, &f);
	else
		err = sr_timer_status(s, worker, (int64_t)time(NULL), &out,
				      &f);
	if (!err)
		rc = show(verb, out.data, json);
	if (!rc)
		rc = cli_finish("timer", err, &f);
out:
	sr_store_close(s);
	sr_buf_release(&body);
	sr_buf_release(&out);
	sr_fail_release(&f);
	return rc;
}
