/*
 * cmd-migrate.c - `smallrun migrate --from FILE.db --to postgresql://…
 * --workshop SLUG` moves a workshop's SQLite file into a hosted database
 * as a new workshop; `smallrun migrate --from postgresql://… --workshop
 * SLUG --to FILE.db` writes one hosted workshop out to a new SQLite file.
 * Every row of every table, ids kept, read back and compared before it is
 * saved (lib/move.c, doc/HOSTED.md).
 */
#include "compat.h"

#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "smallrun/move.h"
#include "smallrun/workshops.h"

void cmd_migrate_help(FILE *out)
{
	fprintf(out,
		"Moves one workshop between a SQLite file and a hosted "
		"PostgreSQL database:\n\n"
		"  migrate --from FILE.db --to postgresql://... --workshop "
		"SLUG\n"
		"      the file's workshop into the database, as a new "
		"workshop SLUG\n"
		"  migrate --from postgresql://... --workshop SLUG --to "
		"FILE.db\n"
		"      workshop SLUG out into FILE.db, which must not exist "
		"yet\n\n"
		"Every record goes with its id, accounts with their "
		"passwords, sessions and\ntokens, settings and the audit "
		"log. It is one transaction: every row is read\nback and "
		"compared, column by column, before it is saved, and "
		"anything\ndifferent saves nothing. The workshop moved from "
		"stays as it was.\n");
}

enum { O_FROM, O_TO, O_WORKSHOP, O__MAX };

static const struct cli_opt opts[O__MAX] = {
	[O_FROM] = {"from", true},
	[O_TO] = {"to", true},
	[O_WORKSHOP] = {"workshop", true},
};

static bool is_pg(const char *path)
{
	return !strncmp(path, "postgres://", 11) ||
	       !strncmp(path, "postgresql://", 13);
}

struct migrate_req {
	const char *val[O__MAX];
	struct cli_args a;
	bool in; /* SQLite into PostgreSQL; else out */
};

static int migrate_parse(int argc, char **argv, struct migrate_req *m)
{
	const char *from, *to;
	int rc = cli_parse("migrate", opts, O__MAX, argc, argv, m->val, &m->a);

	if (rc)
		return rc;
	from = m->val[O_FROM];
	to = m->val[O_TO];
	if (m->a.argc)
		return cli_error("migrate", CLI_USAGE,
				 "unexpected argument '%s'", m->a.argv[0]);
	if (!from || !to || !*from || !*to)
		return cli_error("migrate", CLI_USAGE,
				 "migrate needs --from and --to: a SQLite file "
				 "and a postgresql:// database");
	if (is_pg(from) == is_pg(to))
		return cli_error("migrate", CLI_USAGE,
				 "one of --from and --to must be a SQLite "
				 "file and the other a postgresql:// "
				 "database (a copy of a file is smallrun "
				 "backup's)");
	if (!m->val[O_WORKSHOP] || !*m->val[O_WORKSHOP])
		return cli_error("migrate", CLI_USAGE,
				 "migrate needs --workshop SLUG: the "
				 "workshop in the PostgreSQL database");
	if (sr_slug_check(m->val[O_WORKSHOP], strlen(m->val[O_WORKSHOP]),
			  "workshop", NULL))
		return cli_error("migrate", CLI_USAGE,
				 "--workshop must be 1 to %d of a-z, 0-9 and "
				 "'-', neither first nor last a '-'",
				 SR_SLUG_MAX);
	m->in = is_pg(to);
	return CLI_OK;
}

int cmd_migrate_check(int argc, char **argv)
{
	struct migrate_req m;

	return migrate_parse(argc, argv, &m);
}

/* What was moved, for people or as JSON. */
static void report(const struct migrate_req *m, const struct sr_move_report *r,
		   bool json)
{
	const char *slug = m->val[O_WORKSHOP];

	if (json) {
		printf("{\n  \"workshop\": \"%s\",\n  \"workshop_id\": "
		       "%" PRId64 ",\n  \"rows\": %" PRId64
		       ",\n  \"tables\": {",
		       slug, r->workshop, r->rows);
		for (size_t i = 0; i < r->ntables; i++)
			printf("%s\n    \"%s\": %" PRId64, i ? "," : "",
			       r->table[i].name, r->table[i].rows);
		printf("\n  }\n}\n");
		return;
	}
	for (size_t i = 0; i < r->ntables; i++)
		if (r->table[i].rows)
			printf("  %-16s %8" PRId64 "\n", r->table[i].name,
			       r->table[i].rows);
	if (m->in)
		printf("moved %" PRId64 " rows into workshop %s (id %" PRId64
		       "), every one checked\n",
		       r->rows, slug, r->workshop);
	else
		printf("moved workshop %s's %" PRId64
		       " rows out to %s, every one checked\n",
		       slug, r->rows, m->val[O_TO]);
}

/* Remove the file a failed move out made, and SQLite's companions. */
static void remove_file(const char *path)
{
	struct sr_buf b = SR_BUF_INIT(PATH_MAX);

	unlink(path);
	sr_buf_addf(&b, "%s-wal", path);
	unlink(b.data);
	sr_buf_reset(&b);
	sr_buf_addf(&b, "%s-shm", path);
	unlink(b.data);
	sr_buf_release(&b);
}

int cmd_migrate(int argc, char **argv)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_move_report r;
	struct migrate_req m;
	struct sr_workshop w;
	sr_store *from = NULL, *to = NULL;
	struct stat st;
	bool made = false;
	enum sr_err err = SR_OK;
	int rc = migrate_parse(argc, argv, &m);

	if (rc)
		return rc;
	if (!m.in && stat(m.val[O_TO], &st) == 0) {
		rc = cli_error("migrate", CLI_FAIL,
			       "%s exists already: a workshop is moved out "
			       "into a new file",
			       m.val[O_TO]);
		goto out;
	}
	if (m.in && stat(m.val[O_FROM], &st) != 0) {
		rc = cli_error("migrate", CLI_FAIL, "cannot read %s: %s",
			       m.val[O_FROM], strerror(errno));
		goto out;
	}
	err = sr_store_open(m.val[O_FROM], &from, &f);
	if (err) {
		sr_fail_prefix(&f, "--from:");
		goto done;
	}
	/* The workshop moved: a file's one, or the hosted one named. */
	err = sr_workshop_choose(from, m.in ? NULL : m.val[O_WORKSHOP], &w, &f);
	if (!err) {
		made = !m.in;
		err = sr_store_open(m.val[O_TO], &to, &f);
		if (err)
			sr_fail_prefix(&f, "--to:");
	}
	if (!err)
		err = sr_move(from, w.id, to, m.in ? m.val[O_WORKSHOP] : NULL,
			      (int64_t)time(NULL), &r, &f);
done:
	/* No workshop of that slug to move out: bad input (2). */
	if (err == SR_ENOTFOUND)
		f.err = SR_EINVAL;
	if (!err)
		report(&m, &r, m.a.json);
	rc = cli_finish("migrate", err, &f);
out:
	sr_store_close(to);
	sr_store_close(from);
	if (rc && made)
		remove_file(m.val[O_TO]);
	sr_fail_release(&f);
	return rc;
}
