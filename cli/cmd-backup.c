/*
 * cmd-backup.c - `smallrun backup FILE`: a consistent copy of the whole
 * database, safe while the server is running (SQLite's online backup).
 */
#include "compat.h"

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
	struct sr_fail f = SR_FAIL_INIT;
	struct cli_args a;
	sr_store *s = NULL;
	int rc;

	rc = cli_parse("backup", NULL, 0, argc, argv, NULL, &a);
	if (rc)
		return rc;
	if (a.argc != 1)
		return cli_usage("backup");
	rc = cli_open_store("backup", a.db, &s);
	if (rc)
		return rc;
	if (sr_store_backup(s, a.argv[0], &f))
		rc = cli_fail("backup", &f);
	else
		printf("backed up to %s\n", a.argv[0]);
	sr_store_close(s);
	sr_fail_release(&f);
	return rc;
}
