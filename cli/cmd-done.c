/*
 * cmd-done.c - making takes from stock on the command line: `smallrun
 * batch done ID [--made N] [--rejected N] [--short allow|refuse]`, `batch
 * cost ID` and `order done ID [--short allow|refuse]`, the verbs of the
 * batch and order nouns beyond the record verbs of cmd-records.c.
 */
#include "compat.h"

#include <jansson.h>
#include <time.h>

#include "cli.h"
#include "smallrun/batch-cost.h"
#include "smallrun/consume.h"
#include "smallrun/parse.h"

#define QTY_MAX INT64_C(1000000000)

static const char *str(const json_t *o, const char *key)
{
	return cli_str(o, key, "-");
}

static json_int_t num(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* A figure in pence, or "-" where it is null. */
static void money(const json_t *o, const char *key, char *out, size_t size)
{
	const json_t *v = json_object_get(o, key);

	if (json_is_integer(v))
		cli_format_money((int64_t)json_integer_value(v), out, size);
	else
		snprintf(out, size, "-");
}

void cmd_batch_help(FILE *out)
{
	fprintf(out,
		"Its own verbs:\n"
		"  batch done ID [--made N] [--rejected N] [--short "
		"allow|refuse] [--json]\n"
		"      Mark batch ID (its id or code) done with N made "
		"(default "
		"its made\n"
		"      quantity, or its planned one while it has none): its "
		"recipe's materials\n"
		"      are taken from their lots, first to expire first, never "
		"one past its\n"
		"      date. Short stock is refused, unless --short allow: "
		"then "
		"stock goes\n"
		"      below zero and the batch says so. Setting it back to "
		"planned or running\n"
		"      puts them back.\n"
		"  batch cost ID [--json]\n"
		"      What batch ID really cost (its uses at their lots' "
		"prices, its tracked\n"
		"      time at the hourly rate) beside the estimate.\n\n");
	cmd_records_help(out, "batch");
}

void cmd_order_help(FILE *out)
{
	fprintf(out, "Its own verb:\n"
		     "  order done ID [--short allow|refuse] [--json]\n"
		     "      Mark custom order ID done: its product's recipe is "
		     "taken "
		     "from stock for\n"
		     "      its quantity, as for a batch (see smallrun batch "
		     "--help).\n\n");
	cmd_records_help(out, "order");
}

static int print_done(const json_t *doc, const void *ctx)
{
	const char *what = ctx;
	const json_t *rec = json_object_get(doc, what);
	const json_t *uses = json_object_get(doc, "uses");
	const json_t *warnings = json_object_get(doc, "warnings");

	if (!strcmp(what, "batch"))
		printf("Batch %s done: %" JSON_INTEGER_FORMAT
		       " made, %" JSON_INTEGER_FORMAT " rejected\n",
		       str(rec, "code"), num(rec, "made_qty"),
		       num(rec, "rejected_qty"));
	else
		printf("Order %" JSON_INTEGER_FORMAT " (%s): %s\n",
		       num(rec, "id"), str(rec, "title"), str(rec, "status"));
	if (!json_array_size(uses))
		printf("  nothing taken from stock\n");
	for (size_t i = 0; i < json_array_size(uses); i++) {
		const json_t *u = json_array_get(uses, i);
		char cost[32];

		money(u, "cost", cost, sizeof(cost));
		printf("  %-24s %10" JSON_INTEGER_FORMAT " %-4s %s%s %s\n",
		       str(u, "material_name"), num(u, "quantity"),
		       str(u, "unit"),
		       json_is_string(json_object_get(u, "lot")) ? "lot " : "",
		       num(u, "beyond_stock") ? "BEYOND STOCK"
		       : json_is_integer(json_object_get(u, "lot_id"))
			       ? str(u, "lot")
			       : "no lot",
		       cost);
	}
	for (size_t i = 0; i < json_array_size(warnings); i++)
		printf("warning: %s\n",
		       str(json_array_get(warnings, i), "message"));
	return CLI_OK;
}

static int print_cost(const json_t *doc, const void *ctx)
{
	static const char *const rows[][2] = {
		{"materials", "materials"},
		{"labour", "labour"},
		{"total", "total"},
		{"per_unit", "one"},
	};
	const json_t *est = json_object_get(doc, "estimate");
	const json_t *act = json_object_get(doc, "actual");
	const json_t *diff = json_object_get(doc, "difference");
	const json_t *notes = json_object_get(doc, "notes");

	(void)ctx;
	printf("Batch %s (%s): %" JSON_INTEGER_FORMAT
	       " made, %" JSON_INTEGER_FORMAT " sellable\n",
	       str(doc, "code"), str(doc, "status"), num(doc, "made"),
	       num(doc, "sellable"));
	printf("  %-10s %12s %12s %12s\n", "", "estimate", "real",
	       "difference");
	for (size_t i = 0; i < SR_ARRAY_SIZE(rows); i++) {
		char e[32], a[32], d[32] = "";

		money(est, rows[i][0], e, sizeof(e));
		money(act, rows[i][0], a, sizeof(a));
		if (json_object_get(diff, rows[i][0]))
			money(diff, rows[i][0], d, sizeof(d));
		printf("  %-10s %12s %12s %12s\n", rows[i][1], e, a, d);
	}
	for (size_t i = 0; i < json_array_size(notes); i++)
		printf("note: %s\n",
		       json_string_value(json_array_get(notes, i)));
	return CLI_OK;
}

/*
 * `batch done …`, `order done …`, `batch cost …`: parse (run false: only
 * check), then call.
 */
static int verb(const char *name, int argc, char **argv, bool run)
{
	enum { O_MADE, O_REJECTED, O_SHORT, O__MAX };
	static const struct cli_opt opts[] = {
		{"made", true},
		{"rejected", true},
		{"short", true},
	};
	bool order = !strcmp(name, "order"), cost = !strcmp(argv[1], "cost");
	struct cli_call c = CLI_CALL_INIT;
	const char *val[O__MAX];
	struct cli_args a;
	int64_t id = 0, made = 0, rejected = 0;
	json_t *body = NULL;
	char *text = NULL;
	int rc;

	/* A batch's done takes all three options, an order's --short, a
	 * batch's cost none: the rest are refused as unknown. */
	memset(val, 0, sizeof(val));
	if (cost)
		rc = cli_parse(name, opts, 0, argc - 1, argv + 1, val, &a);
	else if (order)
		rc = cli_parse(name, opts + O_SHORT, 1, argc - 1, argv + 1,
			       val + O_SHORT, &a);
	else
		rc = cli_parse(name, opts, O__MAX, argc - 1, argv + 1, val, &a);
	if (rc)
		return rc;
	if (a.argc != 1)
		return cli_error(name, CLI_USAGE,
				 "which %s? 'smallrun %s %s ID'%s", name, name,
				 argv[1],
				 order ? " (its id)" : " (its id or code)");
	if (order && sr_parse_i64z(a.argv[0], &id, 1, INT64_MAX))
		return cli_error(name, CLI_USAGE,
				 "an order is named by its id, not '%s'",
				 a.argv[0]);
	if (val[O_MADE] && sr_parse_i64z(val[O_MADE], &made, 0, QTY_MAX))
		return cli_error(name, CLI_USAGE,
				 "--made must be a whole number from 0 to "
				 "%" PRId64,
				 QTY_MAX);
	if (val[O_REJECTED] &&
	    sr_parse_i64z(val[O_REJECTED], &rejected, 0, QTY_MAX))
		return cli_error(name, CLI_USAGE,
				 "--rejected must be a whole number from 0 to "
				 "%" PRId64,
				 QTY_MAX);
	if (val[O_SHORT] && strcmp(val[O_SHORT], "allow") &&
	    strcmp(val[O_SHORT], "refuse"))
		return cli_error(name, CLI_USAGE,
				 "--short must be allow (go below zero) or "
				 "refuse, not '%s'",
				 val[O_SHORT]);
	if (!run)
		return CLI_OK;
	if (!cost) {
		bool oom = !(body = json_object());

		if (val[O_MADE])
			oom |= json_object_set_new(body, "made_qty",
						   json_integer(made)) != 0;
		if (val[O_REJECTED])
			oom |= json_object_set_new(body, "rejected_qty",
						   json_integer(rejected)) != 0;
		if (val[O_SHORT])
			oom |= json_object_set_new(body, "short",
						   json_string(val[O_SHORT])) !=
			       0;
		text = oom ? NULL : json_dumps(body, JSON_COMPACT);
		json_decref(body);
		if (!text)
			return cli_error(name, CLI_FAIL, "out of memory");
	}
	rc = cli_open_store(name, a.db, &c.s);
	if (!rc && !order)
		rc = cli_batch_id(name, c.s, a.argv[0], &id);
	if (!rc && cost)
		rc = cli_answer(name, &c, sr_batch_cost(c.s, id, &c.out, &c.f),
				a.json, print_cost, NULL);
	else if (!rc)
		rc = cli_answer(
			name, &c,
			sr_consume_done(c.s,
					order ? SR_MAKE_ORDER : SR_MAKE_BATCH,
					id, text, strlen(text),
					(int64_t)time(NULL), &c.out, &c.f),
			a.json, print_done, name);
	free(text);
	cli_call_release(&c);
	return rc;
}

static bool is_verb(const char *name, int argc, char **argv)
{
	return argc > 1 &&
	       (!strcmp(argv[1], "done") ||
		(!strcmp(name, "batch") && !strcmp(argv[1], "cost")));
}

int cmd_batch(int argc, char **argv)
{
	return is_verb("batch", argc, argv) ? verb("batch", argc, argv, true)
					    : cmd_records(argc, argv);
}

int cmd_batch_check(int argc, char **argv)
{
	return is_verb("batch", argc, argv) ? verb("batch", argc, argv, false)
					    : cmd_records_check(argc, argv);
}

int cmd_order(int argc, char **argv)
{
	return is_verb("order", argc, argv) ? verb("order", argc, argv, true)
					    : cmd_records(argc, argv);
}

int cmd_order_check(int argc, char **argv)
{
	return is_verb("order", argc, argv) ? verb("order", argc, argv, false)
					    : cmd_records_check(argc, argv);
}
