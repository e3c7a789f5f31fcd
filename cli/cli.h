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

/* Commands: one file each. */
int cmd_advise(int argc, char **argv);
void cmd_advise_help(FILE *out);
int cmd_serve(int argc, char **argv);
void cmd_serve_help(FILE *out);

#endif
