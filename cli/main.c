/*
 * main.c - `smallrun COMMAND [options]`: --version, --help, and the
 * dispatch to the command's function (commands.c has the table).
 */
#include "compat.h"

#include "cli.h"
#include "smallrun/version.h"

int main(int argc, char **argv)
{
	struct cli_command cmd;
	int rc;

	if (argc < 2) {
		cli_list(stderr);
		return CLI_USAGE;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("smallrun %s\n", SR_VERSION);
		return CLI_OK;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		cli_list(stdout);
		return CLI_OK;
	}
	if (!cli_find(argv[1], &cmd))
		return cli_error(NULL, CLI_USAGE,
				 "'%s' is not a command; 'smallrun --help' "
				 "lists them",
				 argv[1]);
	rc = cmd.fn(argc - 1, argv + 1);
	/* Help was asked for: success, once it is written out. */
	return rc == CLI_HELP ? cli_finish(cmd.name, SR_OK, NULL) : rc;
}
