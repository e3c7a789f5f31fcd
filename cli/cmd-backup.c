/*
 * cmd-backup.c - `smallrun backup FILE`: a consistent copy of the whole
 * database, safe while the server is running (SQLite's online backup).
 */
#include "compat.h"

#include <getopt.h>

#include "cli.h"

void cmd_backup_help(FILE *out)
{
	fprintf(out, "Writes a copy of the database to FILE, which must not "
		     "exist yet. Safe while\n'smallrun serve' runs: the copy "
		     "is the database at one moment.\nRestore by using the "
		     "copy as --db.\n");
}

int cmd_backup(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct sr_fail f = SR_FAIL_INIT;
	const char *db = NULL;
	sr_store *s = NULL;
	int c, rc;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (c == 'd') {
			db = optarg;
		} else if (c == 'h') {
			cli_help(stdout, cli_find("backup"));
			return CLI_OK;
		} else {
			return cli_error("backup", CLI_USAGE,
					 "bad option '%s'; see 'smallrun help "
					 "backup'",
					 argv[optind - 1]);
		}
	}
	if (optind + 1 != argc)
		return cli_usage("backup");
	rc = cli_open_store("backup", db, &s);
	if (rc)
		return rc;
	if (sr_store_backup(s, argv[optind], &f))
		rc = cli_fail("backup", &f);
	else
		printf("backed up to %s\n", argv[optind]);
	sr_store_close(s);
	sr_fail_release(&f);
	return rc;
}
