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

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

struct cli_command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;	 /* one line for `smallrun --help` */
	const char *usage;	 /* the synopsis, without "usage: smallrun" */
	void (*help)(FILE *out); /* the rest of `smallrun help NAME` */
};

/* Print `smallrun help NAME` for cmd to out. */
void cli_help(FILE *out, const struct cli_command *cmd);

/* The command called name, or NULL. */
const struct cli_command *cli_find(const char *name);

/* Print "smallrun NAME: message" to stderr and return code. */
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

/* common.c: what the data commands share. */
#include <jansson.h>
#include <stdint.h>

#include "smallrun/store.h"

/* Open --db (or the default path); CLI_OK, or the exit code after saying why. */
int cli_open_store(const char *name, const char *db, sr_store **s);
/* Say what f says in one line; return 2 for bad input, else 1. */
int cli_fail(const char *name, const struct sr_fail *f);
/* CLI_OK after flushing stdout, or cli_fail() when err is set. */
int cli_finish(const char *name, enum sr_err err, const struct sr_fail *f);
/* Print JSON text indented for reading. */
int cli_print_json(const char *name, const char *text);
/* 450 -> "4.50". */
void cli_format_money(int64_t minor, char *out, size_t size);
/* A JSON value for a table cell or a "name: value" line. */
void cli_format_value(const json_t *v, bool money, char *out, size_t size);

/* Commands: one file each. */
int cmd_advise(int argc, char **argv);
void cmd_advise_help(FILE *out);
int cmd_serve(int argc, char **argv);
void cmd_serve_help(FILE *out);
int cmd_timer(int argc, char **argv);
void cmd_timer_help(FILE *out);
int cmd_trace(int argc, char **argv);
void cmd_trace_help(FILE *out);
int cmd_stock(int argc, char **argv);
void cmd_stock_help(FILE *out);
int cmd_settings(int argc, char **argv);
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
int cmd_sales(int argc, char **argv);
void cmd_sales_help(FILE *out);
int cmd_backup(int argc, char **argv);
void cmd_backup_help(FILE *out);
int cmd_records(int argc, char **argv); /* every record noun */
void cmd_product_help(FILE *out);
void cmd_customer_help(FILE *out);
void cmd_supplier_help(FILE *out);
void cmd_order_help(FILE *out);
void cmd_batch_help(FILE *out);
void cmd_material_help(FILE *out);
void cmd_use_help(FILE *out);
void cmd_time_help(FILE *out);
void cmd_sale_help(FILE *out);
void cmd_dayoff_help(FILE *out);
int cmd_sequence(int argc, char **argv);
void cmd_sequence_help(FILE *out);
int cmd_forecast(int argc, char **argv); /* and backtest: cmd-forecast.c */
void cmd_forecast_help(FILE *out);
int cmd_backtest(int argc, char **argv);
void cmd_backtest_help(FILE *out);

#endif
