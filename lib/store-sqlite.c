/*
 * store-sqlite.c - the embedded SQLite backend.
 *
 * One file in WAL mode with foreign keys on and a busy timeout. The schema
 * comes from the migrations in sql/, embedded at build time and applied in
 * order, each in its own transaction together with the PRAGMA user_version
 * that records it, so a crash mid-way leaves the previous version intact.
 * Each connection prepares a statement of lib/sql.c the first time it runs
 * it and keeps it by key (stmt-cache.h).
 */
#include "compat.h"

#include <sqlite3.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend.h"
#include "embed.h"
#include "sql.h"
#include "stmt-cache.h"

/* "SMRN": marks a file as a smallrun database (PRAGMA application_id). */
#define SR_APPLICATION_ID 0x534d524e
#define SR_BUSY_TIMEOUT_MS 5000
/* Connections kept open; each prepares a statement the first time it runs. */
#define POOL_SIZE 4

/* sql/NNNN-*.sql, sorted by name (the generated sql-data.c). */
extern const struct sr_embed sr_migrations[];
extern const size_t sr_migrations_count;

struct conn {
	struct sr_tx tx; /* first: a struct conn is the tx handed out */
	struct sqlite_store *owner;
	sqlite3 *db;
	struct sr_stmt_cache stmts; /* sqlite3_stmt by key */
	bool busy;
	bool writing;
};

struct sqlite_store {
	struct sr_store base;
	struct conn conns[POOL_SIZE];
	size_t nconns;
	pthread_mutex_t lock;	    /* guards conns[].busy */
	pthread_cond_t freed;	    /* a connection came back */
	pthread_mutex_t write_lock; /* one writer at a time in this process */
};

static void finalize(void *st)
{
	sqlite3_finalize(st);
}

static void conn_close(struct conn *c)
{
	sr_stmt_cache_release(&c->stmts, finalize);
	sqlite3_close(c->db);
	memset(c, 0, sizeof(*c));
}

static void sqlite_close(sr_store *s)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;

	for (size_t i = 0; i < ss->nconns; i++)
		conn_close(&ss->conns[i]);
	pthread_mutex_destroy(&ss->lock);
	pthread_cond_destroy(&ss->freed);
	pthread_mutex_destroy(&ss->write_lock);
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
	return query_int(((struct sqlite_store *)s)->conns[0].db,
			 "PRAGMA user_version");
}


/*
 * The newest schema: the last migration's number. Numbers rise by one
 * from 0001 (migrate() refuses a gap, a repeat or a number out of order).
 */
int sr_store_sqlite_latest(void)
{
	return sr_migrations_latest(sr_migrations, sr_migrations_count);
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
	int latest = sr_store_sqlite_latest(), last = 0;

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
	for (size_t i = 0; i < sr_migrations_count; i++) {
		const struct sr_embed *m = &sr_migrations[i];
		int v = sr_migration_version(m);
		char pragma[96];

		if (v != last + 1)
			return sr_fail_set(f, SR_EDB, "bad_migration", NULL,
					   "migration %s is out of sequence",
					   m->path);
		last = v;
		if (v <= have)
			continue;
		if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL))
			return db_fail(db, f, "cannot start the upgrade");
		/* PRAGMAs take no bound parameters; both numbers are ours. */
		snprintf(pragma, sizeof(pragma),
			 "PRAGMA application_id = %d; PRAGMA user_version = %d",
			 SR_APPLICATION_ID, v);
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

/* Map a failed step to an error the user can act on. */
static enum sr_err step_fail(struct conn *c, int rc, const char *what,
			     struct sr_fail *f)
{
	switch (rc) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY: {
		/* "UNIQUE constraint failed: products.name" names the field. */
		const char *msg = sqlite3_errmsg(c->db);
		const char *dot = strrchr(msg, '.');
		const char *col = dot && !strchr(dot, ' ') ? dot + 1 : NULL;

		return sr_fail_set(f, SR_ECONFLICT, "duplicate", col,
				   "a %s with this %s already exists", what,
				   col ? col : "key");
	}
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		return sr_fail_set(f, SR_ECONFLICT, "in_use", NULL,
				   "this %s is still referred to by other "
				   "records",
				   what);
	case SQLITE_NOMEM:
		return sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
				   "out of memory");
	default:
		if ((rc & 0xff) == SQLITE_CONSTRAINT)
			return sr_fail_set(f, SR_EINVAL, "constraint", NULL,
					   "the %s breaks a rule of the "
					   "database: %s",
					   what, sqlite3_errmsg(c->db));
		return sr_fail_set(f, SR_EDB, "database", NULL,
				   "database error on %s: %s", what,
				   sqlite3_errmsg(c->db));
	}
}

/* The operations. */

/* One file, one workshop: the workshop and the directory are the file's. */
static enum sr_err sqlite_begin(sr_store *s, unsigned flags, int64_t workshop,
				struct sr_tx **tx, struct sr_fail *f)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	bool write = flags & SR_TX_WRITE;
	struct conn *c = NULL;

	(void)workshop;

	pthread_mutex_lock(&ss->lock);
	for (;;) {
		for (size_t i = 0; i < ss->nconns && !c; i++)
			if (!ss->conns[i].busy)
				c = &ss->conns[i];
		if (c)
			break;
		pthread_cond_wait(&ss->freed, &ss->lock);
	}
	c->busy = true;
	pthread_mutex_unlock(&ss->lock);

	if (write)
		pthread_mutex_lock(&ss->write_lock);
	c->writing = write;
	if (sqlite3_exec(c->db, write ? "BEGIN IMMEDIATE" : "BEGIN", NULL,
			 NULL, NULL) != SQLITE_OK) {
		enum sr_err err = sr_fail_set(f, SR_EDB, "database", NULL,
					      "cannot start a transaction: %s",
					      sqlite3_errmsg(c->db));
		c->tx.ops->end(&c->tx, false, NULL);
		return err;
	}
	*tx = &c->tx;
	return SR_OK;
}

static enum sr_err sqlite_end(struct sr_tx *tx, bool commit,
			      struct sr_fail *f)
{
	struct conn *c = (struct conn *)tx;
	struct sqlite_store *ss = c->owner;
	enum sr_err err = SR_OK;

	if (!sqlite3_get_autocommit(c->db)) {
		if (commit &&
		    sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			err = sr_fail_set(f, SR_EDB, "database", NULL,
					  "cannot save: %s",
					  sqlite3_errmsg(c->db));
		if (!sqlite3_get_autocommit(c->db))
			sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	}
	if (c->writing)
		pthread_mutex_unlock(&ss->write_lock);
	c->writing = false;
	pthread_mutex_lock(&ss->lock);
	c->busy = false;
	pthread_cond_signal(&ss->freed);
	pthread_mutex_unlock(&ss->lock);
	return err;
}

/*
 * Prepare key's statement and check that the columns it returns are the
 * ones lib/sql.c declares for it, by name and in order.
 */
static enum sr_err prepare(struct conn *c, uint64_t key, sqlite3_stmt **out,
			   struct sr_fail *f)
{
	struct sr_buf sql = SR_BUF_INIT(64 * 1024), cols = SR_BUF_INIT(4096);
	sqlite3_stmt *st = NULL;
	enum sr_err err;
	const char *p;
	int n;

	*out = NULL;
	err = sr_sql_text(key, SR_DIALECT_SQLITE, &sql, &cols);
	if (err) {
		err = sr_fail_set(f, err == SR_ENOMEM ? SR_ENOMEM : SR_EDB,
				  "database", NULL,
				  "no statement has the key %#" PRIx64, key);
		goto out;
	}
	if (sqlite3_prepare_v3(c->db, sql.data, -1, SQLITE_PREPARE_PERSISTENT,
			       &st, NULL) != SQLITE_OK) {
		err = sr_fail_set(f, SR_EDB, "database", NULL,
				  "cannot prepare a statement: %s (%s)",
				  sqlite3_errmsg(c->db), sql.data);
		goto out;
	}
	n = sqlite3_column_count(st);
	p = cols.data;
	for (int i = 0; i < n && !err; i++) {
		size_t len = strcspn(p, ",");
		const char *name = sqlite3_column_name(st, i);

		if (!name || strlen(name) != len || strncmp(name, p, len))
			err = sr_fail_set(f, SR_EDB, "database", NULL,
					  "column %d of (%s) is '%s', not the "
					  "'%.*s' declared",
					  i + 1, sql.data, name ? name : "",
					  (int)len, p);
		p += len + (p[len] == ',');
	}
	if (!err && *p)
		err = sr_fail_set(f, SR_EDB, "database", NULL,
				  "(%s) returns %d columns, fewer than '%s'",
				  sql.data, n, cols.data);
	if (err)
		sqlite3_finalize(st);
	else
		*out = st;
out:
	sr_buf_release(&sql);
	sr_buf_release(&cols);
	return err;
}

/* The connection's statement for key, prepared the first time. */
static enum sr_err stmt_get(struct conn *c, uint64_t key, sqlite3_stmt **st,
			    struct sr_fail *f)
{
	enum sr_err err;

	*st = sr_stmt_cache_get(&c->stmts, key);
	if (*st)
		return SR_OK;
	err = prepare(c, key, st, f);
	if (err)
		return err;
	if (sr_stmt_cache_put(&c->stmts, key, *st)) {
		sqlite3_finalize(*st);
		*st = NULL;
		return sr_fail_oom(f);
	}
	return SR_OK;
}

static int bind(sqlite3_stmt *st, int i, const struct sr_val *v)
{
	switch (v->type) {
	case SR_V_INT:
		return sqlite3_bind_int64(st, i, v->i);
	case SR_V_TEXT:
		return sqlite3_bind_text(st, i, v->s, (int)v->len,
					 SQLITE_TRANSIENT);
	case SR_V_NULL:
		break;
	}
	return sqlite3_bind_null(st, i);
}

/* Column i of the current row as a value (text valid until the next step). */
static struct sr_val column(sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER:
		return SR_VAL_INT(sqlite3_column_int64(st, i));
	case SQLITE_TEXT:
		return (struct sr_val){
			.type = SR_V_TEXT,
			.s = (const char *)sqlite3_column_text(st, i),
			.len = (size_t)sqlite3_column_bytes(st, i)};
	default:
		/*
		 * SQLite turns integer arithmetic that overflows into a float;
		 * no figure smallrun stores is one, so it reads as unknown.
		 */
		return SR_VAL_NULL;
	}
}

#define MAX_COLS 64

static enum sr_err sqlite_exec(struct sr_tx *tx, uint64_t key,
			       const struct sr_val *params, size_t n,
			       sr_row_fn row, void *ctx, const char *what,
			       struct sr_fail *f)
{
	struct conn *c = (struct conn *)tx;
	struct sr_val cols[MAX_COLS];
	sqlite3_stmt *st = NULL;
	enum sr_err err;
	int rc = SQLITE_OK, ncols;

	err = stmt_get(c, key, &st, f);
	if (err)
		return err;
	for (size_t i = 0; i < n && rc == SQLITE_OK; i++)
		rc = bind(st, (int)i + 1, &params[i]);
	if (rc != SQLITE_OK) {
		err = step_fail(c, rc, what, f);
		goto out;
	}
	ncols = sqlite3_column_count(st);
	if (ncols > MAX_COLS)
		ncols = MAX_COLS;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!row)
			continue;
		for (int i = 0; i < ncols; i++)
			cols[i] = column(st, i);
		err = row(ctx, cols, (size_t)ncols, f);
		if (err)
			goto out;
	}
	if (rc != SQLITE_DONE)
		err = step_fail(c, rc, what, f);
out:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return err;
}

static enum sr_err sqlite_backup(sr_store *s, const char *path,
				 struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	sqlite3_backup *bk;
	sqlite3 *dst = NULL;
	enum sr_err err;
	int rc;

	if (access(path, F_OK) == 0)
		return sr_fail_set(f, SR_EIO, "exists", "file",
				   "%s already exists; choose a new file name",
				   path);
	rc = sqlite3_open_v2(path, &dst,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		err = sr_fail_set(f, SR_EIO, "cannot_open", "file",
				  "cannot create %s: %s", path,
				  dst ? sqlite3_errmsg(dst) : "out of memory");
		sqlite3_close(dst);
		return err;
	}
	/* A read transaction pins one consistent snapshot (WAL). */
	err = sqlite_begin(s, 0, 0, &tx, f);
	if (err)
		goto out;
	bk = sqlite3_backup_init(dst, "main", ((struct conn *)tx)->db, "main");
	if (!bk) {
		err = sr_fail_set(f, SR_EIO, "backup_failed", "file",
				  "cannot back up to %s: %s", path,
				  sqlite3_errmsg(dst));
	} else {
		rc = sqlite3_backup_step(bk, -1);
		sqlite3_backup_finish(bk);
		if (rc != SQLITE_DONE)
			err = sr_fail_set(f, SR_EIO, "backup_failed", "file",
					  "backing up to %s failed: %s", path,
					  sqlite3_errstr(rc));
	}
	sqlite_end(tx, false, NULL);
out:
	if (sqlite3_close(dst) != SQLITE_OK && !err)
		err = sr_fail_set(f, SR_EIO, "backup_failed", "file",
				  "cannot finish %s", path);
	if (err)
		remove(path);
	return err;
}

/*
 * Append to out the database image data (size bytes, from sqlite3_malloc,
 * taken over) with no secret in it: opened in memory, scrubbed
 * (sr_sql_scrub_secrets) and vacuumed, so neither a row nor a freed page
 * holds a session, a token or a password hash.
 */
static enum sr_err scrub(unsigned char *data, sqlite3_int64 size,
			 struct sr_buf *out, struct sr_fail *f)
{
	sqlite3 *mem = NULL;
	unsigned char *clean = NULL;
	sqlite3_int64 n = 0;
	enum sr_err err = SR_OK;

	if (sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE, NULL)) {
		sqlite3_free(data);
		err = sr_fail_oom(f);
		goto out;
	}
	/*
	 * The file is in WAL mode (bytes 18 and 19 of its header are 2), which
	 * a database in memory cannot be; the image is whole without its WAL,
	 * so it is marked as a rollback-journal file (1) before it is opened.
	 */
	if (size >= 100 && data[18] == 2 && data[19] == 2)
		data[18] = data[19] = 1;
	/* With FREEONCLOSE the image is SQLite's now, even on failure. */
	if (sqlite3_deserialize(mem, "main", data, size, size,
				SQLITE_DESERIALIZE_FREEONCLOSE |
					SQLITE_DESERIALIZE_RESIZEABLE)) {
		err = sr_fail_set(f, SR_EDB, "database", NULL,
				  "cannot copy the database: %s",
				  sqlite3_errmsg(mem));
		goto out;
	}
	if (sqlite3_exec(mem, sr_sql_scrub_secrets, NULL, NULL, NULL) ||
	    sqlite3_exec(mem, "VACUUM", NULL, NULL, NULL) ||
	    !(clean = sqlite3_serialize(mem, "main", &n, 0))) {
		err = sr_fail_set(
			f, SR_EDB, "database", NULL,
			"cannot leave the secrets out of the copy: %s",
			sqlite3_errmsg(mem));
		goto out;
	}
	if (sr_buf_add(out, clean, (size_t)n))
		err = sr_fail_set(f, (enum sr_err)out->err, "too_large", NULL,
				  "the records do not fit a download");
out:
	sqlite3_free(clean);
	sqlite3_close(mem);
	return err;
}

/*
 * The file's bytes through sqlite3_serialize(), in a read transaction so
 * they are one moment's (WAL: writers carry on meanwhile). Its size is
 * asked first, so a database too large for out is refused before any copy.
 */
static enum sr_err sqlite_snapshot(sr_store *s, struct sr_buf *out,
				   struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	sqlite3_stmt *st = NULL;
	sqlite3_int64 pages = 0, page_size = 0, size = 0;
	unsigned char *data = NULL;
	sqlite3 *db;
	enum sr_err err;

	err = sqlite_begin(s, 0, 0, &tx, f);
	if (err)
		return err;
	db = ((struct conn *)tx)->db;
	/* The first read starts the transaction's snapshot. */
	if (sqlite3_prepare_v2(db,
			       "SELECT page_count, page_size FROM "
			       "pragma_page_count(), pragma_page_size()",
			       -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		pages = sqlite3_column_int64(st, 0);
		page_size = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (pages <= 0 || page_size <= 0) {
		err = sr_fail_set(f, SR_EDB, "database", NULL,
				  "cannot read the database's size: %s",
				  sqlite3_errmsg(db));
		goto out;
	}
	if ((uint64_t)pages > (out->max - out->len) / (uint64_t)page_size) {
		err = sr_fail_set(f, SR_ETOOBIG, "too_large", NULL,
				  "the records are %lld MB, more than the "
				  "%zu MB a download can be; make a backup on "
				  "the computer smallrun runs on instead",
				  (long long)((pages * page_size) >> 20) + 1,
				  out->max >> 20);
		goto out;
	}
	data = sqlite3_serialize(db, "main", &size, 0);
	if (!data || size != pages * page_size) {
		err = sr_fail_set(f, SR_EDB, "database", NULL,
				  "cannot copy the database: %s",
				  sqlite3_errmsg(db));
		goto out;
	}
	sqlite_end(tx, false, NULL);
	tx = NULL;
	err = scrub(data, size, out, f);
	data = NULL; /* scrub() took it */
out:
	sqlite3_free(data);
	if (tx)
		sqlite_end(tx, false, NULL);
	return err;
}

static const struct sr_backend_ops sqlite_ops = {
	.name = "sqlite",
	.close = sqlite_close,
	.schema_version = sqlite_schema_version,
	.begin = sqlite_begin,
	.end = sqlite_end,
	.backup = sqlite_backup,
	.snapshot = sqlite_snapshot,
	.exec = sqlite_exec,
};

/* Open one connection with the house settings. */
static enum sr_err conn_open(const char *path, sqlite3 **out,
			     struct sr_fail *f)
{
	sqlite3 *db = NULL;
	int rc;

	*out = NULL;
	rc = sqlite3_open_v2(path, &db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				     SQLITE_OPEN_NOMUTEX,
			     NULL);
	if (rc != SQLITE_OK) {
		enum sr_err err = sr_fail_set(
			f, SR_EIO, "cannot_open", "db", "cannot open %s: %s",
			path, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return err;
	}
	sqlite3_busy_timeout(db, SR_BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(db, 1);
	/* WAL: readers never block the writer. synchronous=FULL: a commit
	 * that returned is on disk, so an acknowledged write survives a
	 * crash of the process or the machine. */
	if (sqlite3_exec(db,
			 "PRAGMA foreign_keys = ON;"
			 /* 1 MiB of pages per connection (SQLite's default
			  * is 2): the workshop's hot pages, in a server
			  * that stays under 32 MiB. */
			 "PRAGMA cache_size = -1024;"
			 "PRAGMA journal_mode = WAL;"
			 "PRAGMA synchronous = FULL;",
			 NULL, NULL, NULL)) {
		enum sr_err err = sr_fail_set(f, SR_EDB, "cannot_open", "db",
					      "%s: %s", path,
					      sqlite3_errmsg(db));
		sqlite3_close(db);
		return err;
	}
	*out = db;
	return SR_OK;
}

enum sr_err sr_store_sqlite_open(const char *path, sr_store **out,
				 struct sr_fail *f)
{
	struct sqlite_store *ss;
	enum sr_err err;

	*out = NULL;
	err = make_parent(path, f);
	if (err)
		return err;
	ss = calloc(1, sizeof(*ss));
	if (!ss)
		return sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
				   "out of memory");
	ss->base.ops = &sqlite_ops;
	pthread_mutex_init(&ss->lock, NULL);
	pthread_cond_init(&ss->freed, NULL);
	pthread_mutex_init(&ss->write_lock, NULL);
	for (size_t i = 0; i < POOL_SIZE; i++) {
		struct conn *c = &ss->conns[i];

		err = conn_open(path, &c->db, f);
		if (!err && i == 0)
			err = migrate(c->db, path, f);
		if (err)
			break;
		ss->nconns++;
		c->owner = ss;
		c->tx.ops = &sqlite_ops;
	}
	if (err) {
		if (!ss->nconns)
			sqlite3_close(ss->conns[0].db);
		sqlite_close(&ss->base);
		return err;
	}
	*out = &ss->base;
	return SR_OK;
}
