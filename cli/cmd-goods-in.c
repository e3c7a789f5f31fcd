/*
 * cmd-goods-in.c - `smallrun purchase receive ID …`, goods coming in on a
 * purchase (the one verb of the purchase noun beyond the record verbs of
 * cmd-records.c), and `smallrun tobuy [--days N] [--order]`, what to buy
 * for the work ahead and the purchase orders that buy it.
 */
#include "compat.h"

#include <jansson.h>
#include <time.h>

#include "cli.h"
#include "smallrun/goods-in.h"
#include "smallrun/parse.h"
#include "smallrun/to-buy.h"

#define QTY_MAX INT64_C(1000000000)

static const char *str(const json_t *o, const char *key)
{
	return cli_str(o, key, "-");
}

static json_int_t num(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static void money(json_int_t pence, char *out, size_t size)
{
	cli_format_money((int64_t)pence, out, size);
}

/* ---- purchase receive ---------------------------------------------------- */

/* Set key on obj to v (stolen); a NULL v (not UTF-8, no memory) noted. */
static void put(json_t *obj, const char *key, json_t *v, bool *bad)
{
	if (!v || !obj || json_object_set_new(obj, key, v))
		*bad = true;
}

void cmd_purchase_help(FILE *out)
{
	fprintf(out,
		"Its own verb:\n"
		"  purchase receive ID [--received-on DATE] [--line LINE "
		"[--quantity N]\n"
		"                      [--lot CODE] [--expires-on DATE]] "
		"[--json]\n"
		"      Goods came on purchase ID (on DATE, default today): "
		"with no --line,\n"
		"      everything still to come, each line with its own lot "
		"and date; with\n"
		"      --line, that line only: N of its own unit (default "
		"all still to come),\n"
		"      from the supplier's lot CODE, best before DATE. Each "
		"line that comes\n"
		"      makes a lot, raises the material's stock and sets its "
		"cost by weighted\n"
		"      average. More than is still to come is refused.\n\n");
	cmd_records_help(out, "purchase");
}

static int print_receipt(const json_t *doc, const void *ctx)
{
	const json_t *p = json_object_get(doc, "purchase");
	const json_t *lots = json_object_get(doc, "lots");

	(void)ctx;
	printf("Purchase %" JSON_INTEGER_FORMAT " (%s): %s, received on %s\n",
	       num(p, "id"), str(p, "supplier_name"), str(p, "status"),
	       str(p, "received_on"));
	for (size_t i = 0; i < json_array_size(lots); i++) {
		const json_t *l = json_array_get(lots, i);
		char cost[32];

		money(num(l, "cost"), cost, sizeof(cost));
		printf("  lot %" JSON_INTEGER_FORMAT
		       ": %s %" JSON_INTEGER_FORMAT
		       " %s, lot %s, expires %s, cost %s\n",
		       num(l, "id"), str(l, "material_name"),
		       num(l, "quantity"), str(l, "unit"), str(l, "lot"),
		       str(l, "expires_on"), cost);
	}
	return CLI_OK;
}

/* `purchase receive …`: parse (run false: only check), then receive. */
static int receive(int argc, char **argv, bool run)
{
	static const struct cli_opt opts[] = {
		{"received-on", true}, {"line", true},	     {"quantity", true},
		{"lot", true},	       {"expires-on", true},
	};
	struct cli_call c = CLI_CALL_INIT;
	const char *val[SR_ARRAY_SIZE(opts)];
	struct cli_args a;
	int64_t id = 0, line = 0, qty = 0;
	json_t *body = NULL, *l = NULL;
	bool oom = false;
	char *text = NULL;
	int rc;

	rc = cli_parse("purchase", opts, SR_ARRAY_SIZE(opts), argc - 1,
		       argv + 1, val, &a);
	if (rc)
		return rc;
	if (a.argc != 1 || sr_parse_i64z(a.argv[0], &id, 1, INT64_MAX))
		return cli_error("purchase", CLI_USAGE,
				 "which purchase? 'smallrun purchase receive "
				 "ID' (its id)");
	if (!val[1] && (val[2] || val[3] || val[4]))
		return cli_error("purchase", CLI_USAGE,
				 "--quantity, --lot and --expires-on are of "
				 "one line: give its --line ID too");
	if (val[1] && sr_parse_i64z(val[1], &line, 1, INT64_MAX))
		return cli_error("purchase", CLI_USAGE,
				 "--line must be a purchase line's id, not "
				 "'%s'",
				 val[1]);
	if (val[2] && sr_parse_i64z(val[2], &qty, 1, QTY_MAX))
		return cli_error("purchase", CLI_USAGE,
				 "--quantity must be a whole number from 1 to "
				 "%" PRId64 " (of the line's own unit)",
				 QTY_MAX);
	if (!run)
		return CLI_OK;
	body = json_object();
	oom = !body;
	if (val[0])
		put(body, "received_on", json_string(val[0]), &oom);
	if (val[1]) {
		l = json_object();
		oom |= !l;
		put(l, "line_id", json_integer(line), &oom);
		if (val[2])
			put(l, "quantity", json_integer(qty), &oom);
		if (val[3])
			put(l, "lot", json_string(val[3]), &oom);
		if (val[4])
			put(l, "expires_on", json_string(val[4]), &oom);
		put(body, "lines", json_pack("[O]", l), &oom);
	}
	text = oom ? NULL : json_dumps(body, JSON_COMPACT);
	json_decref(l);
	json_decref(body);
	if (!text)
		return cli_error("purchase", CLI_USAGE,
				 "a value is not UTF-8 text");
	rc = cli_open_store("purchase", a.db, &c.s);
	if (!rc)
		rc = cli_answer("purchase", &c,
				sr_purchase_receive(c.s, id, text, strlen(text),
						    (int64_t)time(NULL), &c.out,
						    &c.f),
				a.json, print_receipt, NULL);
	free(text);
	cli_call_release(&c);
	return rc;
}

int cmd_purchase(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "receive"))
		return receive(argc, argv, true);
	return cmd_records(argc, argv);
}

int cmd_purchase_check(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "receive"))
		return receive(argc, argv, false);
	return cmd_records_check(argc, argv);
}

/* ---- tobuy --------------------------------------------------------------- */

void cmd_tobuy_help(FILE *out)
{
	fprintf(out,
		"What the batches planned or running and the orders "
		"accepted or in progress\nof the next N days (default %d, "
		"at most %d) need of each material, beyond\nwhat is on "
		"hand and on order and its reorder level: rounded up to "
		"whole packs,\npriced, grouped by supplier with the last "
		"day to order by its lead time.\n--order makes one purchase "
		"order per supplier of it. Takes --json and\n--db PATH.\n",
		SR_TO_BUY_DAYS_DEFAULT, SR_TO_BUY_DAYS_MAX);
}

static int print_to_buy(const json_t *doc, const void *ctx)
{
	const json_t *groups = json_object_get(doc, "groups");
	char cost[32];

	(void)ctx;
	printf("What to buy for %s to %s\n", str(doc, "from"), str(doc, "to"));
	if (!json_array_size(groups))
		printf("  nothing: stock and orders cover it\n");
	for (size_t i = 0; i < json_array_size(groups); i++) {
		const json_t *g = json_array_get(groups, i);
		const json_t *ms = json_object_get(g, "materials");

		money(num(g, "total"), cost, sizeof(cost));
		printf("%s (lead time %" JSON_INTEGER_FORMAT " days): order by "
		       "%s%s, %s%s\n",
		       str(g, "supplier_name"), num(g, "lead_time_days"),
		       str(g, "order_by"),
		       json_is_true(json_object_get(g, "late")) ? " - LATE"
								: "",
		       cost,
		       json_is_true(json_object_get(g, "estimated"))
			       ? " (estimated)"
			       : "");
		for (size_t k = 0; k < json_array_size(ms); k++) {
			const json_t *m = json_array_get(ms, k);
			const json_t *u = json_object_get(m, "purchase_unit");
			char what[96];

			if (json_is_object(u))
				snprintf(what, sizeof(what),
					 "%" JSON_INTEGER_FORMAT " %s",
					 num(m, "packs"), str(u, "name"));
			else
				snprintf(what, sizeof(what),
					 "%" JSON_INTEGER_FORMAT " %s",
					 num(m, "order_qty"), str(m, "unit"));
			money(num(m, "cost"), cost, sizeof(cost));
			printf("  %-24s buy %-16s %10s%s  (short "
			       "%" JSON_INTEGER_FORMAT " %s by %s)\n",
			       str(m, "name"), what, cost,
			       json_is_true(json_object_get(m, "estimated"))
				       ? "*"
				       : "",
			       num(m, "shortfall"), str(m, "unit"),
			       str(m, "needed_on"));
		}
	}
	if (json_is_true(json_object_get(doc, "estimated")))
		printf("* estimated at the material's own cost: it has no "
		       "pack price\n");
	return CLI_OK;
}

static int print_orders(const json_t *doc, const void *ctx)
{
	const json_t *items = json_object_get(doc, "items");

	(void)ctx;
	if (!json_array_size(items))
		printf("Nothing to buy: no purchase order made\n");
	for (size_t i = 0; i < json_array_size(items); i++) {
		const json_t *p = json_array_get(items, i);
		char cost[32];

		money(num(p, "total"), cost, sizeof(cost));
		printf("Purchase %" JSON_INTEGER_FORMAT
		       " to %s: %zu lines, %s, "
		       "expected on %s\n",
		       num(p, "id"), str(p, "supplier_name"),
		       json_array_size(json_object_get(p, "lines")), cost,
		       str(p, "expected_on"));
	}
	return CLI_OK;
}

static int tobuy(int argc, char **argv, bool run)
{
	static const struct cli_opt opts[] = {{"days", true}, {"order", false}};
	struct cli_call c = CLI_CALL_INIT;
	const char *val[2];
	struct cli_args a;
	int64_t days = SR_TO_BUY_DAYS_DEFAULT, made = 0;
	int64_t now = (int64_t)time(NULL);
	char body[64];
	int rc;

	rc = cli_parse("tobuy", opts, 2, argc, argv, val, &a);
	if (rc)
		return rc;
	if (a.argc)
		return cli_usage("tobuy");
	if (val[0] && sr_parse_i64z(val[0], &days, 1, SR_TO_BUY_DAYS_MAX))
		return cli_error("tobuy", CLI_USAGE,
				 "--days must be a whole number from 1 to %d",
				 SR_TO_BUY_DAYS_MAX);
	if (!run)
		return CLI_OK;
	rc = cli_open_store("tobuy", a.db, &c.s);
	if (!rc && val[1]) {
		snprintf(body, sizeof(body), "{\"days\": %" PRId64 "}", days);
		rc = cli_answer("tobuy", &c,
				sr_to_buy_orders(c.s, body, strlen(body), now,
						 &made, &c.out, &c.f),
				a.json, print_orders, NULL);
	} else if (!rc) {
		rc = cli_answer("tobuy", &c,
				sr_to_buy(c.s, days, now, &c.out, &c.f), a.json,
				print_to_buy, NULL);
	}
	cli_call_release(&c);
	return rc;
}

int cmd_tobuy(int argc, char **argv)
{
	return tobuy(argc, argv, true);
}

int cmd_tobuy_check(int argc, char **argv)
{
	return tobuy(argc, argv, false);
}
