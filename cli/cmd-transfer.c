/*
 * cmd-transfer.c - `smallrun export --csv DIR` and `smallrun import --csv
 * DIR`: the records as spreadsheet files, out and back in, all or nothing.
 */
#include "compat.h"

#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "smallrun/transfer.h"

void cmd_export_help(FILE *out)
{
	fprintf(out,
		"Writes one CSV file per kind of record into DIR "
		"(products.csv, orders.csv,\nbatches.csv, sales.csv, …), "
		"money in pounds and pence (4.50), empty for none,\n"
		"and invoices.csv, one row per invoice, for an accountant.\n"
		"The export is the database at one moment, even while "
		"serving.\n");
}

void cmd_import_help(FILE *out)
{
	fprintf(out,
		"Adds the records in DIR's CSV files (as 'smallrun export' "
		"writes them, or\nedited in a spreadsheet). All or nothing: "
		"the first bad row stops it, names\nthe file, line and field, "
		"and nothing is added. Ids in the files link rows\nacross "
		"files; new ids are given. Progress shows on a terminal.\n"
		"invoices.csv is not read: invoices move with a backup.\n");
}

/* Progress on stderr, one line rewritten, only on a terminal. */
static void progress(void *ctx, const char *file, long rows)
{
	(void)ctx;
	fprintf(stderr, "\rimporting %s: %ld rows", file, rows);
	fflush(stderr);
}

static int transfer(int argc, char **argv, bool import)
{
	static const struct cli_opt opts[] = {{"csv", true}};
	const char *name = import ? "import" : "export", *dir;
	struct sr_fail f = SR_FAIL_INIT;
	bool tty = isatty(STDERR_FILENO);
	struct cli_args a;
	sr_store *s = NULL;
	enum sr_err err;
	int rc;

	rc = cli_parse(name, opts, 1, argc, argv, &dir, &a);
	if (rc)
		return rc;
	if (!dir || a.argc)
		return cli_usage(name);
	rc = cli_open_store(name, a.db, &s);
	if (rc)
		return rc;
	if (import)
		err = sr_import_csv(s, dir, (int64_t)time(NULL),
				    tty ? progress : NULL, NULL, &f);
	else
		err = sr_export_csv(s, dir, &f);
	if (tty && import)
		fputc('\n', stderr);
	if (!err)
		printf("%s %s\n", import ? "imported everything from"
					 : "exported everything to",
		       dir);
	rc = cli_finish(name, err, &f);
	sr_store_close(s);
	sr_fail_release(&f);
	return rc;
}

int cmd_export(int argc, char **argv)
{
	return transfer(argc, argv, false);
}

int cmd_import(int argc, char **argv)
{
	return transfer(argc, argv, true);
}
