/*
 * cmd-demo.c - `smallrun demo`: fill an empty database with the sample
 * workshop (lib/demo.c), see whether it is loaded (--status), and remove
 * it to start afresh (--remove).
 */
#include "compat.h"

#include <time.h>

#include "cli.h"
#include "smallrun/date.h"
#include "smallrun/demo.h"

void cmd_demo_help(FILE *out)
{
	fprintf(out,
		"  demo             fill an empty database with the sample "
		"workshop\n"
		"  demo --status    is it loaded, and what has been added "
		"beside it\n"
		"  demo --remove    start afresh: remove it, and put the "
		"settings back\n\n"
		"The sample is Clay & Crumb, a potter and a baker: products "
		"made to order,\nin batches and both, customers, orders in "
		"every status, batches with lots\nand QC notes, eight weeks "
		"of sales, time on orders and batches and a day\noff, dated "
		"around today. It goes only into a database with no records "
		"in it.\n--remove removes every record, and only while the "
		"database holds nothing\nbut the sample: a record added "
		"since is named, and nothing is removed.\nEach takes --json "
		"and --db PATH.\n");
}

enum { O_REMOVE, O_STATUS, O__MAX };

static const struct cli_opt opts[O__MAX] = {
	[O_REMOVE] = {"remove", false},
	[O_STATUS] = {"status", false},
};

/* "products 5, customers 6, …" of {"products": 5, …}, the nonzero ones. */
static void print_counts(const json_t *counts)
{
	const char *key;
	json_t *v;
	bool first = true;

	json_object_foreach((json_t *)counts, key, v)
	{
		if (!json_integer_value(v))
			continue;
		printf("%s%s %" JSON_INTEGER_FORMAT, first ? "" : ", ", key,
		       json_integer_value(v));
		first = false;
	}
	printf("%s\n", first ? "nothing" : "");
}

/* What an answer says (ctx: the option given, or NULL for a fill). */
static int show(const json_t *doc, const void *ctx)
{
	const char *what = ctx;

	if (!what) {
		printf("Loaded the sample workshop, %s: ",
		       cli_str(doc, "workshop_name", "?"));
		print_counts(json_object_get(doc, "records"));
		printf("Look around with 'smallrun serve'; start afresh with "
		       "'smallrun demo --remove'.\n");
	} else if (!strcmp(what, "remove")) {
		printf("Removed the sample workshop: ");
		print_counts(json_object_get(doc, "removed"));
		printf("The settings are as they were before it.\n");
	} else if (json_is_true(json_object_get(doc, "loaded"))) {
		json_t *added = json_object_get(doc, "added");

		printf("The sample workshop is loaded (since %s).\n",
		       cli_str(doc, "loaded_at", "?"));
		for (size_t i = 0; i < json_array_size(added); i++) {
			json_t *a = json_array_get(added, i);

			printf("%s%s %" JSON_INTEGER_FORMAT,
			       i ? ", " : "Added since: ",
			       cli_str(a, "resource", "?"),
			       json_integer_value(json_object_get(a, "count")));
		}
		printf("%s", json_array_size(added) ? ".\n" : "");
	} else {
		printf("The sample workshop is not loaded; the database %s.\n",
		       json_is_true(json_object_get(doc, "empty"))
			       ? "is empty"
			       : "holds records of its own");
	}
	return CLI_OK;
}

/* Parse, then run unless only checking. */
static int demo(int argc, char **argv, bool run)
{
	struct cli_call c = CLI_CALL_INIT;
	const char *val[O__MAX];
	const char *what = NULL;
	struct cli_args a;
	enum sr_err err;
	int64_t now = (int64_t)time(NULL), today;
	int minute, rc;

	rc = cli_parse("demo", opts, O__MAX, argc, argv, val, &a);
	if (rc)
		goto out;
	if (a.argc || cli_given(val, O__MAX) > 1) {
		rc = cli_usage("demo");
		goto out;
	}
	if (!run)
		goto out;
	rc = cli_open_store("demo", a.db, &c.s);
	if (rc)
		goto out;
	if (val[O_REMOVE]) {
		what = "remove";
		err = sr_demo_remove(c.s, now, &c.out, &c.f);
	} else if (val[O_STATUS]) {
		what = "status";
		err = sr_demo_status(c.s, &c.out, &c.f);
	} else {
		sr_local_time(now, &today, &minute);
		err = sr_demo_fill(c.s, NULL, 0, today, now, &c.out, &c.f);
	}
	rc = cli_answer("demo", &c, err, a.json, show, what);
out:
	cli_call_release(&c);
	return rc;
}

int cmd_demo(int argc, char **argv)
{
	return demo(argc, argv, true);
}

int cmd_demo_check(int argc, char **argv)
{
	return demo(argc, argv, false);
}
