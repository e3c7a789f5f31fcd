/*
 * commands.c - the command table, git-style: finding a command, its usage
 * and help, and the list of them all. Each command parses its options with
 * cli_parse() (options.c), given its own in a table and the shared ones
 * its row names. main() is in main.c, apart, so that a fuzz driver can
 * link all the rest.
 */
#include "compat.h"

#include "cli.h"
#include "smallrun/records.h"

static int cmd_help(int argc, char **argv);

/* What most commands take: --db and --json. */
#define DATA (CLI_DB | CLI_JSON)

/*
 * The usage strings leave out "smallrun NAME"; a second line is indented to
 * stand under the first option.
 */
static const struct cli_command commands[] = {
	{"advise", cmd_advise, NULL, CLI_JSON,
	 "answer five questions: job, batch or mixed production?",
	 "[--customization=yes|no] [--under-an-hour=yes|no]\n"
	 "                       [--ten-a-day=yes|no] [--storage=yes|no]\n"
	 "                       [--values=personal|consistency] [--json]",
	 cmd_advise_help},
	{"serve", cmd_serve, NULL, CLI_DB, "run the web app and the JSON API",
	 "[--listen ADDR:PORT] [--db PATH] [--access-log FILE]\n"
	 "                      [--threads N] [--workshop SLUG | --hosted "
	 "| --signup]\n"
	 "                      [--host-name NAMES] [--trusted-proxy ADDRS]",
	 cmd_serve_help},
	{"sequence", cmd_sequence, NULL, 0,
	 "the order of work for a list of jobs (CSV in, JSON out)",
	 "[--workers N] [--time-limit-ms N] [--seed N] [--stats]\n"
	 "                         FILE.csv|-",
	 cmd_sequence_help},
	{"forecast", cmd_forecast, cmd_forecast_check, CLI_JSON,
	 "how many to make each day, from past sales",
	 "--sales FILE --product NAME --price P --unit-cost C\n"
	 "                         [--from DATE] [--to DATE] "
	 "[--shelf-life-days N] [--json]",
	 cmd_forecast_help},
	{"backtest", cmd_backtest, cmd_backtest_check, CLI_JSON,
	 "how the forecast would have done against rules of thumb",
	 "--sales FILE --product NAME --price P --unit-cost C\n"
	 "                         [--from DATE] [--to DATE] "
	 "[--shelf-life-days N] [--json]",
	 cmd_backtest_help},
	/*
	 * A noun with a verb of its own beyond the record verbs (recipe
	 * tree): listed among the nouns, its summary the resource's.
	 */
	{"recipe", cmd_recipe, cmd_recipe_check, DATA | CLI_NOUN_OWN, NULL,
	 "list|add|show|edit|rm [ID] [--FIELD=VALUE...] [--json]",
	 cmd_recipe_help},
	{"purchase", cmd_purchase, cmd_purchase_check, DATA | CLI_NOUN_OWN,
	 NULL, "list|add|show|edit|rm [ID] [--FIELD=VALUE...] [--json]",
	 cmd_purchase_help},
	{"batch", cmd_batch, cmd_batch_check, DATA | CLI_NOUN_OWN, NULL,
	 "list|add|show|edit|rm|done|cost [ID] [--FIELD=VALUE...] [--json]",
	 cmd_batch_help},
	{"order", cmd_order, cmd_order_check, DATA | CLI_NOUN_OWN, NULL,
	 "list|add|show|edit|rm|done [ID] [--FIELD=VALUE...] [--json]",
	 cmd_order_help},
	{"quote", cmd_quote, cmd_quote_check, DATA | CLI_NOUN_OWN, NULL,
	 "list|add|show|edit|rm|make|pdf|accept|withdraw [ID] "
	 "[--FIELD=VALUE...] [--json]",
	 cmd_quote_help},
	/*
	 * The record nouns stand here, in the order of enum sr_res: each
	 * resource with a noun is a command of that name, with this row's
	 * function and options, and its summary from the description.
	 */
	{NULL, cmd_records, cmd_records_check, DATA | CLI_NOUN, NULL,
	 "list|add|show|edit|rm [ID] [--FIELD=VALUE...] [--json]", NULL},
	{"timer", cmd_timer, cmd_timer_check, DATA,
	 "start and stop the timer on an order or batch",
	 "start|stop|status [--order ID|--batch ID] [--worker NAME]",
	 cmd_timer_help},
	{"label", cmd_label, NULL, DATA,
	 "a batch's labels as a PDF for a label sheet or roll",
	 "BATCH [--layout L] [--copies N] [--start K] [--base-url URL]\n"
	 "                      -o FILE.pdf",
	 cmd_label_help},
	{"invoice", cmd_invoice, NULL, DATA,
	 "invoices with numbers in one sequence, their PDFs, paid or void",
	 "ORDER_ID [--out FILE] | pdf NUMBER [--out FILE]\n"
	 "                        | paid NUMBER [--on DATE] | void NUMBER | "
	 "list",
	 cmd_invoice_help},
	{"receipt", cmd_receipt, NULL, CLI_DB, "a sale's receipt as a PDF",
	 "SALE_ID [--out FILE]", cmd_receipt_help},
	{"trace", cmd_trace, NULL, DATA,
	 "who received a batch, or a supplier's lot", "CODE | trace --lot LOT",
	 cmd_trace_help},
	{"stock", cmd_stock, NULL, DATA,
	 "finished goods, materials to reorder, lots near their date, "
	 "storage",
	 "[--retired=0|1] [--soon-days N] [--json]", cmd_stock_help},
	{"tobuy", cmd_tobuy, cmd_tobuy_check, DATA,
	 "what to buy for the work of the next days, by supplier",
	 "[--days N] [--order] [--json]", cmd_tobuy_help},
	{"settings", cmd_settings, cmd_settings_check, DATA,
	 "the workshop: rate, hours, storage",
	 "[show] | settings set --FIELD=VALUE...", cmd_settings_help},
	{"econ", cmd_econ, NULL, DATA,
	 "costs, floor, earnings per hour, batch size", "[PRODUCT] [--json]",
	 cmd_econ_help},
	{"price", cmd_price, NULL, DATA, "the price floor and suggested prices",
	 "PRODUCT [--json]", cmd_price_help},
	{"plan", cmd_plan, NULL, DATA,
	 "the week's work, day by day, late orders flagged",
	 "[--from DATE] [--days N] [--json]", cmd_plan_help},
	{"promise", cmd_promise, NULL, DATA,
	 "the earliest date a new order can be promised",
	 "--minutes N --price P [--wanted DATE] [--json]", cmd_promise_help},
	{"export", cmd_export, NULL, CLI_DB, "write every record to CSV files",
	 "--csv DIR", cmd_export_help},
	{"import", cmd_import, NULL, CLI_DB,
	 "add records from CSV files, all or nothing", "--csv DIR",
	 cmd_import_help},
	{"sales", cmd_sales, NULL, CLI_DB | CLI_JSON,
	 "import a till's or shop's sales CSV",
	 "import FILE.csv [--preview] [--create-products] [--skip NAME]... "
	 "[--map NAME=ID]... [--price NAME=PRICE]... [--encoding ENC] "
	 "[--json] [--db PATH]",
	 cmd_sales_help},
	{"backup", cmd_backup, NULL, CLI_DB,
	 "copy the database, even while serving", "FILE", cmd_backup_help},
	{"demo", cmd_demo, cmd_demo_check, DATA,
	 "a sample workshop to look around, and start afresh",
	 "[--remove | --status] [--db PATH] [--json]", cmd_demo_help},
	{"user", cmd_user, cmd_user_check, DATA,
	 "the people who may use smallrun, and what each may do",
	 "add|list|edit|remove|passwd [LOGIN] [--login L] [--name N]\n"
	 "                     [--role viewer|maker|owner] [--password-stdin]",
	 cmd_user_help},
	{"workshop", cmd_workshop, cmd_workshop_check, DATA,
	 "the workshops of a hosted PostgreSQL database (the operator's)",
	 "list|add|suspend|resume|remove [SLUG] [--name NAME] [--yes]\n"
	 "                         --db postgresql://...",
	 cmd_workshop_help},
	{"migrate", cmd_migrate, cmd_migrate_check, CLI_JSON,
	 "move a workshop between a SQLite file and a hosted database",
	 "--from FILE.db --to postgresql://... --workshop SLUG\n"
	 "                        | --from postgresql://... --workshop SLUG "
	 "--to FILE.db",
	 cmd_migrate_help},
	{"help", cmd_help, cmd_help, 0, "show help for a command", "[COMMAND]",
	 NULL},
};

/* The record noun of resource r as a command, from the CLI_NOUN row. */
static bool noun_command(int r, const struct cli_command *row,
			 struct cli_command *cmd)
{
	if (r < 0 || !sr_res_is_list((enum sr_res)r) ||
	    !sr_res_noun((enum sr_res)r))
		return false;
	*cmd = *row;
	cmd->name = sr_res_noun((enum sr_res)r);
	cmd->summary = sr_res_summary((enum sr_res)r);
	return true;
}

bool cli_find(const char *name, struct cli_command *cmd)
{
	const struct cli_command *nouns = NULL;

	for (size_t i = 0; i < SR_ARRAY_SIZE(commands); i++)
		if (commands[i].flags & CLI_NOUN)
			nouns = &commands[i];
		else if (!strcmp(commands[i].name, name)) {
			*cmd = commands[i];
			if (!cmd->summary)
				cmd->summary = sr_res_summary(
					(enum sr_res)sr_res_find_noun(name));
			return true;
		}
	return nouns && noun_command(sr_res_find_noun(name), nouns, cmd);
}

int cli_error(const char *name, int code, const char *fmt, ...)
{
	/* As long as any one argument can be: messages quote them. */
	struct sr_buf msg = SR_BUF_INIT(1 << 20);
	va_list ap;

	va_start(ap, fmt);
	sr_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "smallrun%s%s: ", name ? " " : "", name ? name : "");
	/* One line, whatever the culprit holds: control bytes as escapes. */
	for (const unsigned char *p = (const unsigned char *)msg.data; *p; p++)
		if (*p == '\n')
			fputs("\\n", stderr);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(stderr, "\\x%02x", *p);
		else
			fputc(*p, stderr);
	fputs(msg.err ? "(the message is too long)\n" : "\n", stderr);
	sr_buf_release(&msg);
	return code;
}

int cli_usage(const char *name)
{
	struct cli_command cmd;

	if (cli_find(name, &cmd))
		fprintf(stderr, "usage: smallrun %s %s\n", cmd.name, cmd.usage);
	fprintf(stderr, "Try 'smallrun help %s' for more.\n", name);
	return CLI_USAGE;
}

void cli_help(FILE *out, const struct cli_command *cmd)
{
	fprintf(out, "usage: smallrun %s %s\n\n", cmd->name, cmd->usage);
	cli_wrap(out, cmd->summary, 0, 0, 78);
	if (cmd->flags & CLI_NOUN) {
		fputc('\n', out);
		cmd_records_help(out, cmd->name);
	} else if (cmd->help) {
		fputc('\n', out);
		cmd->help(out);
	}
}

void cli_wrap(FILE *out, const char *text, int first_indent, int indent,
	      int width)
{
	fprintf(out, "%*s", first_indent, "");
	cli_wrap_at(out, text, first_indent, indent, width);
}

void cli_wrap_at(FILE *out, const char *text, int col, int indent, int width)
{
	bool line_start = true;

	for (const char *p = text;;) {
		size_t word;

		p += strspn(p, " ");
		if (!*p)
			break;
		word = strcspn(p, " ");
		if (!line_start && col + 1 + (int)word > width) {
			fprintf(out, "\n%*s", indent, "");
			col = indent;
			line_start = true;
		}
		if (!line_start) {
			fputc(' ', out);
			col++;
		}
		fwrite(p, 1, word, out);
		col += (int)word;
		line_start = false;
		p += word;
	}
	fputc('\n', out);
}

/*
 * Each command cli_list() lists, in order: its name and summary given to
 * row. The record nouns come from the resource descriptions.
 */
static void each_listed(void (*row)(const char *name, const char *summary,
				    FILE *out, int *width),
			FILE *out, int *width)
{
	for (size_t i = 0; i < SR_ARRAY_SIZE(commands); i++) {
		struct cli_command cmd;

		if (commands[i].flags & CLI_NOUN_OWN)
			continue; /* listed among the nouns */
		if (!(commands[i].flags & CLI_NOUN)) {
			row(commands[i].name, commands[i].summary, out, width);
			continue;
		}
		for (int r = 0; r < SR_RES__MAX; r++)
			if (noun_command(r, &commands[i], &cmd))
				row(cmd.name, cmd.summary, out, width);
	}
}

static void widest(const char *name, const char *summary, FILE *out, int *width)
{
	(void)summary;
	(void)out;
	if ((int)strlen(name) > *width)
		*width = (int)strlen(name);
}

static void listed(const char *name, const char *summary, FILE *out, int *width)
{
	fprintf(out, "  %-*s %s\n", *width, name, summary);
}

void cli_list(FILE *out)
{
	int width = 0;

	fprintf(out,
		"usage: smallrun [--version] [--help] COMMAND [options]\n\n"
		"smallrun helps a small workshop choose between making to "
		"order (job\nproduction) and making in runs (batch "
		"production), and then run it.\n\nCommands:\n");
	/* One column for the summaries, as wide as the longest name. */
	each_listed(widest, out, &width);
	each_listed(listed, out, &width);
	fprintf(out, "\n'smallrun help COMMAND' tells more about one "
		     "command. Each option may be\ngiven once: one given "
		     "twice is a usage error (exit status 2).\n");
}

static int cmd_help(int argc, char **argv)
{
	struct cli_command cmd;
	struct cli_args a;
	int rc = cli_parse("help", NULL, 0, argc, argv, NULL, &a);

	if (rc)
		return rc;
	if (!a.argc) {
		cli_list(stdout);
		return CLI_OK;
	}
	if (a.argc > 1)
		return cli_usage("help");
	if (!cli_find(a.argv[0], &cmd))
		return cli_error("help", CLI_USAGE,
				 "no command called '%s'; "
				 "'smallrun --help' lists them",
				 a.argv[0]);
	cli_help(stdout, &cmd);
	return CLI_OK;
}
