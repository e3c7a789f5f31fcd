/*
 * fuzz-cli-args.c - the command line's option parsing: cli_parse() and
 * what each command checks after it. The input is argv words separated by
 * NUL or newline bytes, the first naming the command. A command with a
 * parse step of its own (cli_command.check: every record noun, timer,
 * settings, forecast, backtest and help) runs it, which opens no database
 * and no file; any other input is given to `smallrun product`, its first
 * word as the verb.
 *
 * Invariants: the exit code is CLI_OK, CLI_USAGE or CLI_HELP (checking
 * never fails otherwise); CLI_OK and CLI_HELP write nothing on stderr and
 * CLI_HELP writes the help on stdout; a usage error is explained on stderr
 * in whole lines, the first starting "smallrun NAME: " (then it is the
 * only line) or "usage: smallrun NAME ".
 *
 * stdout and stderr are memory streams while a check runs, swapped in for
 * glibc's stdout and stderr; the sanitizers write to the file descriptor,
 * so a report still shows.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What one check wrote. */
struct captured {
	char *out, *err;
	size_t out_len, err_len;
};

static int run_check(const struct cli_command *cmd, int argc, char **argv,
		     struct captured *c)
{
	FILE *saved_out = stdout, *saved_err = stderr;
	FILE *out = open_memstream(&c->out, &c->out_len);
	FILE *err = open_memstream(&c->err, &c->err_len);
	int rc;

	if (!out || !err)
		abort();
	stdout = out;
	stderr = err;
	rc = cmd->check(argc, argv);
	stdout = saved_out;
	stderr = saved_err;
	fclose(out);
	fclose(err);
	return rc;
}

/* s starts with prefix, then name, then end. */
static bool starts(const char *s, const char *prefix, const char *name,
		   const char *end)
{
	size_t p = strlen(prefix), n = strlen(name);

	return !strncmp(s, prefix, p) && !strncmp(s + p, name, n) &&
	       !strncmp(s + p + n, end, strlen(end));
}

static void check_output(const char *name, int rc, const struct captured *c)
{
	const char *nl;

	if (rc != CLI_OK && rc != CLI_USAGE && rc != CLI_HELP)
		abort();
	if (rc != CLI_USAGE) {
		if (c->err_len)
			abort();
		if (rc == CLI_HELP && !c->out_len)
			abort();
		return;
	}
	/* Said why, in whole lines, naming the command. */
	if (!c->err_len || c->err[c->err_len - 1] != '\n' ||
	    strlen(c->err) != c->err_len)
		abort();
	nl = strchr(c->err, '\n');
	if (starts(c->err, "smallrun ", name, ": ")) {
		if (nl != c->err + c->err_len - 1)
			abort();
	} else if (!starts(c->err, "usage: smallrun ", name, " ")) {
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cli_command cmd;
	struct captured c = {0};
	char *text = malloc(size + 1),
	     **words = calloc(size + 3, sizeof(char *));
	char **argv = words;
	int argc = 0, rc;

	if (!text || !words)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	/* "product" in front, then the words; a last separator ends a word. */
	argv[argc++] = "product";
	for (size_t i = 0, start = 0; i < size || start < size; i++)
		if (i == size || text[i] == '\0' || text[i] == '\n') {
			text[i] = '\0';
			argv[argc++] = text + start;
			start = i + 1;
		}
	/* The first word names a command that can be checked, or a verb. */
	if (argc > 1 && cli_find(argv[1], &cmd) && cmd.check) {
		argv++;
		argc--;
	} else if (!cli_find("product", &cmd)) {
		abort();
	}
	rc = run_check(&cmd, argc, argv, &c);
	check_output(cmd.name, rc, &c);
	free(c.out);
	free(c.err);
	free(text);
	free(words);
	return 0;
}
