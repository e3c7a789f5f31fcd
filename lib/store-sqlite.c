/*
 * store-sqlite.c - the embedded SQLite backend.
 *
 * One file in WAL mode with foreign keys on and a busy timeout. The schema
 * comes from the migrations in sql/, embedded at build time and applied in
 * order, each in its own transaction together with the PRAGMA user_version
 * that records it, so a crash mid-way leaves the previous version intact.
 */
#include "compat.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include "embed.h"
#include "store-int.h"

/* "SMRN": marks a file as a smallrun database (PRAGMA application_id). */
#define SR_APPLICATION_ID 0x534d524e
#define SR_BUSY_TIMEOUT_MS 5000

/* sql/NNNN-*.sql, sorted by name (the generated sql-data.c). */
extern const struct sr_embed sr_migrations[];
extern const size_t sr_migrations_count;

struct sqlite_store {
	struct sr_store base;
	sqlite3 *db;
};

static void sqlite_close(sr_store *s)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;

	sqlite3_close(ss->db);
	free(ss);
}

/* One integer from a pragma or query with no parameters; -1 on error. */
static int query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int sqlite_schema_version(sr_store *s)
{
	return query_int(((struct sqlite_store *)s)->db, "PRAGMA user_version");
}

static const struct sr_store_ops sqlite_ops = {
	"sqlite",
	sqlite_close,
	sqlite_schema_version,
};

/* The version a migration file brings the schema to: its NNNN prefix. */
static int migration_version(const struct sr_embed *m)
{
	int v = 0;

	for (int i = 1; i <= 4; i++) {
		if (m->path[i] < '0' || m->path[i] > '9')
			return -1;
		v = v * 10 + (m->path[i] - '0');
	}
	return m->path[5] == '-' ? v : -1;
}

int sr_store_sqlite_latest(void)
{
	return (int)sr_migrations_count;
}

/* mkdir -p for the folder that will hold path. */
static enum sr_err make_parent(const char *path, struct sr_fail *f)
{
	struct sr_buf dir = SR_BUF_INIT(PATH_MAX);
	enum sr_err err = SR_OK;
	char *slash;

	if (sr_buf_adds(&dir, path))
		return sr_fail_set(f, SR_EINVAL, "bad_path", "db",
				   "the database path is too long");
	slash = strrchr(dir.data, '/');
	if (!slash || slash == dir.data)
		goto out;
	*slash = '\0';
	for (char *p = dir.data + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char keep = *p;

		*p = '\0';
		if (mkdir(dir.data, 0700) && errno != EEXIST) {
			err = sr_fail_set(f, SR_EIO, "cannot_create", "db",
					  "cannot create the folder %s: %s",
					  dir.data, strerror(errno));
			goto out;
		}
		*p = keep;
		if (!keep)
			break;
	}
out:
	sr_buf_release(&dir);
	return err;
}

static enum sr_err db_fail(sqlite3 *db, struct sr_fail *f, const char *what)
{
	return sr_fail_set(f, SR_EDB, "database", "db", "%s: %s", what,
			   sqlite3_errmsg(db));
}

static enum sr_err migrate(sqlite3 *db, const char *path, struct sr_fail *f)
{
	int have = query_int(db, "PRAGMA user_version");
	int app = query_int(db, "PRAGMA application_id");
	int tables = query_int(db, "SELECT count(*) FROM sqlite_schema");
	int latest = (int)sr_migrations_count;

	if (have < 0 || app < 0 || tables < 0)
		return db_fail(db, f, "cannot read the database");
	if (app != SR_APPLICATION_ID && (app != 0 || tables > 0))
		return sr_fail_set(f, SR_EDB, "not_smallrun", "db",
				   "%s is not a smallrun database", path);
	if (have > latest)
		return sr_fail_set(f, SR_EDB, "schema_too_new", "db",
				   "%s has schema version %d, newer than this "
				   "smallrun knows (%d); use a newer smallrun",
				   path, have, latest);
	for (size_t i = (size_t)have; i < sr_migrations_count; i++) {
		const struct sr_embed *m = &sr_migrations[i];
		char pragma[96];

		if (migration_version(m) != (int)i + 1)
			return sr_fail_set(f, SR_EDB, "bad_migration", NULL,
					   "migration %s is out of sequence",
					   m->path);
		if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL))
			return db_fail(db, f, "cannot start the upgrade");
		/* PRAGMAs take no bound parameters; both numbers are ours. */
		snprintf(pragma, sizeof(pragma),
			 "PRAGMA application_id = %d; PRAGMA user_version = %d",
			 SR_APPLICATION_ID, (int)i + 1);
		if (sqlite3_exec(db, (const char *)m->data, NULL, NULL, NULL) ||
		    sqlite3_exec(db, pragma, NULL, NULL, NULL) ||
		    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL)) {
			enum sr_err err =
				sr_fail_set(f, SR_EDB, "migration_failed", "db",
					    "upgrading to %s failed: %s",
					    m->path + 1, sqlite3_errmsg(db));

			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return err;
		}
	}
	return SR_OK;
}

enum sr_err sr_store_sqlite_open(const char *path, sr_store **out,
				 struct sr_fail *f)
{
	struct sqlite_store *ss = NULL;
	sqlite3 *db = NULL;
	enum sr_err err;
	int rc;

	*out = NULL;
	err = make_parent(path, f);
	if (err)
		return err;
	rc = sqlite3_open_v2(path, &db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				     SQLITE_OPEN_FULLMUTEX,
			     NULL);
	if (rc != SQLITE_OK) {
		err = sr_fail_set(f, SR_EIO, "cannot_open", "db",
				  "cannot open %s: %s", path,
				  db ? sqlite3_errmsg(db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(db, SR_BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(db, 1);
	if (sqlite3_exec(db,
			 "PRAGMA foreign_keys = ON;"
			 "PRAGMA journal_mode = WAL;"
			 "PRAGMA synchronous = FULL;",
			 NULL, NULL, NULL)) {
		err = sr_fail_set(f, SR_EDB, "cannot_open", "db", "%s: %s",
				  path, sqlite3_errmsg(db));
		goto fail;
	}
	err = migrate(db, path, f);
	if (err)
		goto fail;
	ss = calloc(1, sizeof(*ss));
	if (!ss) {
		err = sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
				  "out of memory");
		goto fail;
	}
	ss->base.ops = &sqlite_ops;
	ss->db = db;
	*out = &ss->base;
	return SR_OK;
fail:
	sqlite3_close(db);
	return err;
}
