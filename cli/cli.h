/*
 * cli.h - the command-line front end: one command table (main.c), one
 * cmd_<name>() per file, and the conventions they share.
 *
 * Exit codes: 0 success, 1 failure, 2 usage error. Errors go to stderr as
 * one line that names the culprit: "smallrun advise: --storage must be …".
 */
#ifndef SMALLRUN_CLI_H
#define SMALLRUN_CLI_H

#include <stdio.h>

#include "smallrun/err.h"

/*
 * Exit codes, and CLI_HELP: help was printed on request, so the command
 * stops there and smallrun exits 0.
 */
enum { CLI_HELP = -1, CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* What a command's row says of it: the shared options it takes, and more. */
enum cli_flags {
	CLI_DB = 1 << 0,   /* takes --db PATH: the database */
	CLI_JSON = 1 << 1, /* takes --json: print JSON */
	CLI_NOUN = 1 << 2, /* the row of every record noun (cmd-records.c) */
	/* a record noun's own row, for a verb of its own (summary NULL:
	 * the resource's) */
	CLI_NOUN_OWN = 1 << 3,
};

struct cli_command {
	const char *name;
	int (*fn)(int argc, char **argv);
	/*
	 * fn's parse step alone, or NULL: what fn gives for argv before it
	 * opens a file or the database (CLI_OK where it would go on), saying
	 * the same, and doing nothing else; fn itself where fn touches
	 * nothing (help). For the fuzz driver.
	 */
	int (*check)(int argc, char **argv);
	unsigned flags;		 /* enum cli_flags */
	const char *summary;	 /* one line for `smallrun --help` */
	const char *usage;	 /* the synopsis after "smallrun NAME " */
	void (*help)(FILE *out); /* the rest of `smallrun help NAME` */
};

/* Print `smallrun --help`, the list of every command, to out. */
void cli_list(FILE *out);

/* Print `smallrun help NAME` for cmd to out. */
void cli_help(FILE *out, const struct cli_command *cmd);

/* Fill cmd with the command called name; false when there is none. */
bool cli_find(const char *name, struct cli_command *cmd);

/*
 * Print "smallrun NAME: message" to stderr as one line (a control byte in
 * the message, such as a newline in a quoted argument, is written as an
 * escape: "\n", "\x1b") and return code.
 */
int cli_error(const char *name, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Print the usage line and a pointer to help on stderr; return CLI_USAGE. */
int cli_usage(const char *name);

/*
 * Print text to out wrapped at width columns, each line starting with
 * indent spaces (the first with first_indent).
 */
void cli_wrap(FILE *out, const char *text, int first_indent, int indent,
	      int width);
/* The same, with the cursor already at column col of the first line. */
void cli_wrap_at(FILE *out, const char *text, int col, int indent, int width);

/*
 * options.c: the one option parser. A command declares its own options in
 * a table; cli_parse() adds the shared ones its row names (enum
 * cli_flags) and --help and -h, which every command takes.
 */
struct cli_opt {
	const char *name; /* --NAME; '_' and '.' in it are written '-' */
	/*
	 * false: no value; true: a value, --NAME=VALUE or --NAME VALUE;
	 * CLI_MANY: a value, and the option may come again (cli_args.many).
	 */
	int value;
};
#define CLI_MANY 2

/* The most values all of a command's CLI_MANY options take together. */
#define CLI_MANY_MAX 1000

/* What cli_parse() found besides the command's own options. */
struct cli_args {
	const char *db;	      /* --db PATH, or NULL */
	const char *workshop; /* --workshop SLUG, or NULL */
	bool json;	/* --json */
	int argc;	/* the operands left once the options are out, */
	char **argv;	/* in their order */
	/* Every value of the CLI_MANY options, in the order given. */
	size_t nmany;
	struct cli_many {
		size_t opt; /* its index in the command's table */
		const char *value;
	} many[CLI_MANY_MAX];
};

/*
 * Parse the options in argv[1..argc-1] (argv[0] is the command or its
 * verb) for the command called name. val[i] is set to the value of opts[i]
 * ("" for one without a value), or NULL when it is not given; val has n
 * slots. The values point into argv.
 *
 * An option given twice is a usage error, whatever the values (a CLI_MANY
 * one may come up to CLI_MANY_MAX times: val[i] is its first value, and
 * a->many holds them all), and so is one not known, one without the value it
 * needs or with a value it does not take: CLI_USAGE after one line on stderr
 * that names it (the first found, from the left). Otherwise --help or -h prints
 * the command's help on stdout and gives CLI_HELP. CLI_FAIL when out of memory;
 * else CLI_OK and a filled.
 */
int cli_parse(const char *name, const struct cli_opt *opts, size_t n, int argc,
	      char **argv, const char **val, struct cli_args *a);
/* How many of the n values cli_parse() left were given. */
size_t cli_given(const char *const *val, size_t n);
/*
 * For a list of options in a help text: "  --NAME", NAME as typed
 * ("hours.mon" is --hours-mon), then spaces to column 25 (one at least).
 */
void cli_put_flag(FILE *out, const char *name);

/* common.c: what the data commands share. */
#include <jansson.h>
#include <stdint.h>

#include "smallrun/plan.h"
#include "smallrun/store.h"

/*
 * What a data command holds while it calls the library: the database, a
 * request body, the answer and what failed. Start from CLI_CALL_INIT;
 * cli_call_release() frees it all, whatever happened.
 */
struct cli_call {
	sr_store *s;
	struct sr_buf body;
	struct sr_buf out;
	struct sr_fail f;
};
#define CLI_CALL_INIT                                                          \
	{                                                                      \
		NULL, SR_BUF_INIT(1 << 20), SR_BUF_INIT(64 << 20),             \
			SR_FAIL_INIT                                           \
	}
void cli_call_release(struct cli_call *c);

/*
 * The end of a call: with err set, say what c->f says; with --json, print
 * the answer in c->out as it is; else parse it for print to show people
 * (ctx passed on). The exit code, once stdout is written out.
 */
int cli_answer(const char *name, const struct cli_call *c, enum sr_err err,
	       bool json, int (*print)(const json_t *doc, const void *ctx),
	       const void *ctx);

/*
 * Open --db (or the default path) for the workshop --workshop names, or
 * the only one the database holds (a SQLite file's one; a PostgreSQL
 * database may hold many, and then --workshop must name one: a usage
 * error otherwise), and act in it as the owner; CLI_OK, or the exit code
 * after saying why.
 */
int cli_open_store(const char *name, const char *db, sr_store **s);
/* The --workshop of the command line cli_parse() last read, or NULL. */
const char *cli_workshop(void);
/*
 * The product what names: an id, or a name in any case (econ, price,
 * recipe). CLI_OK with *id set, else the error printed as name's.
 */
int cli_product_id(const char *name, sr_store *s, const char *what,
		   int64_t *id);
/* The batch what names: an id, or its code as stored (label). */
int cli_batch_id(const char *name, sr_store *s, const char *what, int64_t *id);

/*
 * A copy of argv (argc entries and a NULL) in which "-o" is "--output",
 * as cc and curl have it (the one option parser knows long options
 * only), up to a "--" and no further; NULL when out of memory. The
 * caller frees the array, not its strings.
 */
char **cli_dash_o(int argc, char **argv);

/* The planner's limits on the command line: its time limit, on the
 * monotonic clock. */
struct sr_plan_opts cli_plan_opts(void);

/* Write b to path ("-": standard output): CLI_OK, or the error said. */
int cli_write_file(const char *name, const char *path, const struct sr_buf *b);
/* Say what f says in one line; return 2 for bad input, else 1. */
int cli_fail(const char *name, const struct sr_fail *f);
/* CLI_OK after flushing stdout, or cli_fail() when err is set. */
int cli_finish(const char *name, enum sr_err err, const struct sr_fail *f);
/*
 * The create or update body of resource r for the options given, each
 * named after its field: opts[i].name set to val[i], as cli_parse() left
 * them. CLI_OK, or the exit code after saying which value is bad.
 */
int cli_body(const char *name, int r, const struct cli_opt *opts,
	     const char *const *val, size_t n, struct sr_buf *body);
/* Print JSON text indented for reading. */
int cli_print_json(const char *name, const char *text);
/* Read all of path into b (at most b->max bytes); CLI_OK or the exit code
 * after saying why (CLI_USAGE when it is too large, else CLI_FAIL). */
int cli_read_file(const char *name, const char *path, struct sr_buf *b);
/* 450 -> "4.50". */
void cli_format_money(int64_t minor, char *out, size_t size);
/*
 * --retired=0|1, as `product list` takes it: *retired set from val (NULL:
 * not given, 0). CLI_OK, or CLI_USAGE after saying what it takes.
 */
int cli_retired(const char *name, const char *val, bool *retired);
/* The string at key in o, or none when there is none. */
const char *cli_str(const json_t *o, const char *key, const char *none);
/* A JSON value for a table cell or a "name: value" line. */
void cli_format_value(const json_t *v, bool money, char *out, size_t size);

/* Commands: one file each. */
int cmd_advise(int argc, char **argv);
void cmd_advise_help(FILE *out);
int cmd_serve(int argc, char **argv);
void cmd_serve_help(FILE *out);
int cmd_timer(int argc, char **argv);
int cmd_timer_check(int argc, char **argv);
void cmd_timer_help(FILE *out);
int cmd_label(int argc, char **argv);
void cmd_label_help(FILE *out);
int cmd_invoice(int argc, char **argv); /* cmd-invoice.c */
void cmd_invoice_help(FILE *out);
int cmd_receipt(int argc, char **argv);
void cmd_receipt_help(FILE *out);
int cmd_trace(int argc, char **argv);
void cmd_trace_help(FILE *out);
int cmd_stock(int argc, char **argv);
void cmd_stock_help(FILE *out);
int cmd_settings(int argc, char **argv);
int cmd_settings_check(int argc, char **argv);
void cmd_settings_help(FILE *out);
int cmd_econ(int argc, char **argv);
void cmd_econ_help(FILE *out);
int cmd_price(int argc, char **argv);
void cmd_price_help(FILE *out);
int cmd_plan(int argc, char **argv);
void cmd_plan_help(FILE *out);
int cmd_promise(int argc, char **argv);
void cmd_promise_help(FILE *out);
int cmd_export(int argc, char **argv);
void cmd_export_help(FILE *out);
int cmd_import(int argc, char **argv);
void cmd_import_help(FILE *out);
int cmd_quote(int argc, char **argv); /* cmd-quote.c */
int cmd_quote_check(int argc, char **argv);
void cmd_quote_help(FILE *out);
int cmd_purchase(int argc, char **argv); /* cmd-goods-in.c */
int cmd_purchase_check(int argc, char **argv);
void cmd_purchase_help(FILE *out);
int cmd_batch(int argc, char **argv); /* cmd-done.c */
int cmd_batch_check(int argc, char **argv);
void cmd_batch_help(FILE *out);
int cmd_order(int argc, char **argv);
int cmd_order_check(int argc, char **argv);
void cmd_order_help(FILE *out);
int cmd_tobuy(int argc, char **argv);
int cmd_tobuy_check(int argc, char **argv);
void cmd_tobuy_help(FILE *out);
int cmd_recipe(int argc, char **argv);
int cmd_recipe_check(int argc, char **argv);
void cmd_recipe_help(FILE *out);
int cmd_sales(int argc, char **argv);
void cmd_sales_help(FILE *out);
int cmd_backup(int argc, char **argv);
void cmd_backup_help(FILE *out);
int cmd_demo(int argc, char **argv);
int cmd_demo_check(int argc, char **argv);
void cmd_demo_help(FILE *out);
int cmd_user(int argc, char **argv);
int cmd_user_check(int argc, char **argv);
void cmd_user_help(FILE *out);
int cmd_workshop(int argc, char **argv);
int cmd_workshop_check(int argc, char **argv);
void cmd_workshop_help(FILE *out);
int cmd_migrate(int argc, char **argv);
int cmd_migrate_check(int argc, char **argv);
void cmd_migrate_help(FILE *out);
/* Every record noun: `smallrun NOUN VERB ...`, and its help. */
int cmd_records(int argc, char **argv);
int cmd_records_check(int argc, char **argv);
void cmd_records_help(FILE *out, const char *noun);
int cmd_sequence(int argc, char **argv);
void cmd_sequence_help(FILE *out);
int cmd_forecast(int argc, char **argv); /* and backtest: cmd-forecast.c */
int cmd_forecast_check(int argc, char **argv);
void cmd_forecast_help(FILE *out);
int cmd_backtest(int argc, char **argv);
int cmd_backtest_check(int argc, char **argv);
void cmd_backtest_help(FILE *out);

#endif
