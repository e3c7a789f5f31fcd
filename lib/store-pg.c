/*
 * store-pg.c - the PostgreSQL backend, on libpq.
 *
 * A store is a libpq connection string (a postgresql:// URI) and a small
 * pool of connections to it, opened as they are first needed. The schema
 * comes from the migrations in sql/pg/, the same numbers as sql/ (one
 * schema version for both backends), each applied in its own transaction
 * with the version it brings, kept in the one-row table smallrun_schema.
 *
 * Workshops (doc/HOSTED.md): every transaction begins by setting
 * smallrun.workshop to its workshop's id (set_config(…, true): for this
 * transaction only; "" for none), which the row-level security of every
 * table (sql/pg/0017) compares each row's workshop_id with, and
 * smallrun.directory to "on" for a directory transaction, "" otherwise.
 * A pooled connection carries nothing of one transaction into the next.
 * The role the store connects as must not bypass row-level security (no
 * superuser, no BYPASSRLS): the store refuses one at open.
 *
 * The write guarantee of backend.h: a write transaction is BEGIN (READ
 * COMMITTED) and then pg_advisory_xact_lock() on its workshop's key (the
 * pair SMRN and the workshop's id), which waits for every other smallrun
 * writer of that workshop, in any process on any machine, to commit or
 * roll back, and holds until this one does; writers of other workshops do
 * not wait for it. Every
 * statement after the lock reads what those writers committed, and none
 * can commit meanwhile, so a rule that reads and then writes cannot
 * interleave with another. Why not SERIALIZABLE: a serialisation failure
 * must be answered by running the whole transaction again, and the
 * transaction is the caller's C code between begin and end, which the
 * backend cannot replay; a lock taken at begin never fails that way. Read
 * transactions are REPEATABLE READ, READ ONLY: one snapshot, no lock,
 * never waiting for a writer.
 *
 * Each connection prepares a statement of lib/sql.c (in the PostgreSQL
 * dialect, $N parameters) the first time it runs it, checks the columns
 * it returns against those declared, and keeps it by key (stmt-cache.h).
 * Values go as text and come back as text, read as integers where the
 * column is one (integers, numeric sums, booleans) and as text otherwise.
 *
 * The database must sort text byte by byte (C collation), as SQLite does:
 * the lot and batch-code lookups compare keys in that order. Copies of the
 * database are pg_dump's: backup and snapshot refuse here.
 */
#include "compat.h"

#include <libpq-fe.h>
#include <pthread.h>

#include "backend.h"
#include "embed.h"
#include "sql.h"
#include "stmt-cache.h"

/* The advisory lock an upgrade of the schema takes: "SMRN", 0x534d524e,
 * as SQLite's application_id marks a smallrun file. A writer takes the
 * pair (SMRN, its workshop's id), which never meets this one key. */
#define WRITE_LOCK "SELECT pg_advisory_xact_lock(1397576270)"
#define BEGIN_WRITE "BEGIN ISOLATION LEVEL READ COMMITTED"
#define BEGIN_READ "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"
/* What a transaction is for, and a writer's lock, just after BEGIN. */
#define SET_WORKSHOP                                                           \
	"SELECT set_config('smallrun.workshop', $1, true),"                    \
	" set_config('smallrun.directory', $2, true)"
#define SET_WORKSHOP_LOCK                                                      \
	SET_WORKSHOP ", pg_advisory_xact_lock(1397576270, $3::integer)"
/* Connections a store keeps at most, opened when first needed. */
#define POOL_SIZE 4
/* Writers of one workshop in this process wait for its lock one at a
 * time, on one of these mutexes (the workshop's id modulo), leaving the
 * rest of the pool to readers and to the other workshops' writers. */
#define WRITE_STRIPES 16
#define MAX_COLS 64
#define MAX_PARAMS 128

/* sql/pg/NNNN-*.sql, sorted by name (the generated sql-data.c). */
extern const struct sr_embed sr_pg_migrations[];
extern const size_t sr_pg_migrations_count;

/* A prepared statement of one connection. */
struct pg_stmt {
	char name[24]; /* "s" and the key in hex */
	int nparams;
};

struct conn {
	struct sr_tx tx; /* first: a struct conn is the tx handed out */
	struct pg_store *owner;
	PGconn *db;		    /* NULL until first needed */
	struct sr_stmt_cache stmts; /* struct pg_stmt by key */
	bool busy;
	pthread_mutex_t *writing; /* the stripe held while writing */
};

struct pg_store {
	struct sr_store base;
	char *conninfo;
	struct conn conns[POOL_SIZE];
	pthread_mutex_t lock;	    /* guards conns[].busy */
	pthread_cond_t freed;	    /* a connection came back */
	pthread_mutex_t write_locks[WRITE_STRIPES]; /* above */
	/* Each unique index's name and its last column but workshop_id,
	 * read at open: PostgreSQL shows no key in the message of a
	 * duplicate in a table with row-level security. */
	struct unique_key {
		char index[64];
		char column[64];
	} * uniques;
	size_t nuniques;
};

/*
 * The message of libpq's last error on db, or of res, in one line (libpq
 * ends its messages with a newline and may add a DETAIL line).
 */
static const char *one_line(struct sr_buf *b, const char *msg)
{
	sr_buf_reset(b);
	for (const char *p = msg ? msg : ""; *p; p++)
		sr_buf_addf(b, "%c", *p == '\n' ? ' ' : *p);
	while (b->len && b->data[b->len - 1] == ' ')
		b->data[--b->len] = '\0';
	return b->len ? b->data : "no reason given";
}

static enum sr_err conn_fail(PGconn *db, struct sr_fail *f, const char *what)
{
	struct sr_buf b = SR_BUF_INIT(SR_FAIL_MAX);
	enum sr_err err = sr_fail_set(f, SR_EDB, "database", "db", "%s: %s",
				      what, one_line(&b, PQerrorMessage(db)));

	sr_buf_release(&b);
	return err;
}

static void drop_stmt(void *p)
{
	free(p);
}

static void conn_close(struct conn *c)
{
	sr_stmt_cache_release(&c->stmts, drop_stmt);
	PQfinish(c->db);
	c->db = NULL;
}

static void pg_close(sr_store *s)
{
	struct pg_store *ps = (struct pg_store *)s;

	for (size_t i = 0; i < POOL_SIZE; i++)
		conn_close(&ps->conns[i]);
	pthread_mutex_destroy(&ps->lock);
	pthread_cond_destroy(&ps->freed);
	for (size_t i = 0; i < WRITE_STRIPES; i++)
		pthread_mutex_destroy(&ps->write_locks[i]);
	free(ps->uniques);
	free(ps->conninfo);
	free(ps);
}

/* The server's notices ("already exists, skipping") are not for users. */
static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static enum sr_err conn_open(const char *conninfo, PGconn **out,
			     struct sr_fail *f)
{
	/* The server's list of sessions names smallrun's, unless the URI
	 * says otherwise (application_name=). */
	static const char *const keys[] = {"dbname",
					   "fallback_application_name", NULL};
	const char *const values[] = {conninfo, "smallrun", NULL};
	PGconn *db = PQconnectdbParams(keys, values, 1);
	enum sr_err err = SR_OK;

	*out = NULL;
	if (!db)
		return sr_fail_oom(f);
	if (PQstatus(db) != CONNECTION_OK) {
		err = conn_fail(db, f, "cannot connect to PostgreSQL");
		PQfinish(db);
		return err;
	}
	PQsetNoticeProcessor(db, quiet, NULL);
	*out = db;
	return SR_OK;
}

/* Run sql (no parameters, any number of statements); SR_EDB on failure. */
static enum sr_err run_plain(PGconn *db, const char *sql, struct sr_fail *f,
			     const char *what)
{
	PGresult *res = PQexec(db, sql);
	ExecStatusType st = PQresultStatus(res);
	enum sr_err err = SR_OK;

	if (!res)
		err = sr_fail_oom(f);
	else if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		err = conn_fail(db, f, what);
	PQclear(res);
	return err;
}

/* One integer from a query with no parameters and one value; -1 if none. */
static int64_t query_int(PGconn *db, const char *sql)
{
	PGresult *res = PQexec(db, sql);
	int64_t v = -1;

	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
	    PQnfields(res) == 1 && !PQgetisnull(res, 0, 0)) {
		const char *t = PQgetvalue(res, 0, 0);

		v = !strcmp(t, "t")   ? 1
		    : !strcmp(t, "f") ? 0
				      : strtoll(t, NULL, 10);
	}
	PQclear(res);
	return v;
}


int sr_store_pg_latest(void)
{
	return sr_migrations_latest(sr_pg_migrations, sr_pg_migrations_count);
}

/* The schema's version, 0 for an empty database, -1 for another's. */
static int64_t read_version(PGconn *db)
{
	int64_t ours = query_int(
		db, "SELECT to_regclass('smallrun_schema') IS NOT NULL");
	int64_t tables =
		query_int(db, "SELECT count(*) FROM pg_catalog.pg_tables"
			      " WHERE schemaname = current_schema()");

	if (ours < 0 || tables < 0)
		return -2;
	if (!ours)
		return tables ? -1 : 0;
	return query_int(db, "SELECT version FROM smallrun_schema");
}

/* Did the statements of res all run? */
static bool ran(const PGresult *res)
{
	return PQresultStatus(res) == PGRES_COMMAND_OK ||
	       PQresultStatus(res) == PGRES_TUPLES_OK;
}

/* The version check and the upgrade, each step under the write lock. */
static enum sr_err migrate(PGconn *db, struct sr_fail *f)
{
	int latest = sr_store_pg_latest(), last = 0;
	int64_t collate_c;
	enum sr_err err = SR_OK;

	/* By name, and by what it does: a database of ICU's (PostgreSQL 15)
	 * may name C and sort by language all the same. */
	collate_c = query_int(db, "SELECT datcollate IN ('C', 'POSIX')"
				  " AND 'B' < 'a' AND 'Z' < '_'"
				  " FROM pg_catalog.pg_database"
				  " WHERE datname = current_database()");
	if (collate_c < 0)
		return conn_fail(db, f, "cannot read the database");
	if (!collate_c)
		return sr_fail_set(
			f, SR_EDB, "bad_collation", "db",
			"the PostgreSQL database must sort text byte by byte, "
			"as smallrun does: create it with createdb "
			"--locale=C --template=template0");
	for (size_t i = 0; i < sr_pg_migrations_count && !err; i++) {
		const struct sr_embed *m = &sr_pg_migrations[i];
		int v = sr_migration_version(m);
		char version[16];
		const char *param = version;
		bool tenancy;
		int64_t have;
		PGresult *res;

		if (v != last + 1)
			return sr_fail_set(f, SR_EDB, "bad_migration", NULL,
					   "migration pg%s is out of sequence",
					   m->path);
		last = v;
		err = run_plain(db, "BEGIN; " WRITE_LOCK, f,
				"cannot start the upgrade");
		if (err)
			break;
		/* Read under the lock: another server may be upgrading. */
		have = read_version(db);
		if (have == -1)
			err = sr_fail_set(f, SR_EDB, "not_smallrun", "db",
					  "the PostgreSQL database is not a "
					  "smallrun database (it has tables of "
					  "its own); give an empty one");
		else if (have < 0)
			err = conn_fail(db, f, "cannot read the database");
		else if (have > latest)
			err = sr_fail_set(
				f, SR_EDB, "schema_too_new", "db",
				"the PostgreSQL database has schema version "
				"%lld, newer than this smallrun knows (%d); "
				"use a newer smallrun",
				(long long)have, latest);
		if (err || v <= have) {
			run_plain(db, err ? "ROLLBACK" : "COMMIT", NULL, "");
			if (err || have >= latest)
				break;
			continue;
		}
		/* After 0017, a migration sees every workshop's rows, and
		 * the tables it adds come under the workshops' rules. */
		tenancy = query_int(db, "SELECT to_regproc('smallrun_tenancy')"
					" IS NOT NULL") == 1;
		if (tenancy)
			err = run_plain(db, "SELECT smallrun_rls(false)", f,
					"cannot upgrade");
		res = err ? NULL : PQexec(db, (const char *)m->data);
		if (!err && ran(res) && tenancy) {
			PQclear(res);
			res = PQexec(db, "SELECT smallrun_tenancy();"
					 " SELECT smallrun_rls(true)");
		}
		if (!err && !ran(res)) {
			struct sr_buf b = SR_BUF_INIT(SR_FAIL_MAX);

			err = sr_fail_set(f, SR_EDB, "migration_failed", "db",
					  "upgrading to pg%s failed: %s",
					  m->path,
					  one_line(&b, PQerrorMessage(db)));
			sr_buf_release(&b);
		}
		PQclear(res);
		snprintf(version, sizeof(version), "%d", v);
		if (!err) {
			res = PQexecParams(
				db,
				"INSERT INTO smallrun_schema (id, version)"
				" VALUES (1, $1::integer) ON CONFLICT (id)"
				" DO UPDATE SET version = excluded.version",
				1, NULL, &param, NULL, NULL, 0);
			if (PQresultStatus(res) != PGRES_COMMAND_OK)
				err = conn_fail(db, f,
						"cannot record the "
						"schema version");
			PQclear(res);
		}
		if (!err)
			err = run_plain(db, "COMMIT", f,
					"cannot save the upgrade");
		if (err)
			run_plain(db, "ROLLBACK", NULL, "");
	}
	return err;
}

/*
 * Refuse a role that row-level security would not bind: a superuser, or
 * one with BYPASSRLS, would see every workshop's rows whatever the
 * setting says.
 */
static enum sr_err no_bypass(PGconn *db, struct sr_fail *f)
{
	int64_t bypass = query_int(db, "SELECT rolsuper OR rolbypassrls"
				       " FROM pg_catalog.pg_roles"
				       " WHERE rolname = current_user");

	if (bypass < 0)
		return conn_fail(db, f, "cannot read the database");
	if (bypass)
		return sr_fail_set(
			f, SR_EDB, "bypasses_rls", "db",
			"the PostgreSQL role smallrun connects as is a "
			"superuser or has BYPASSRLS, so row-level security "
			"would not keep the workshops apart: connect as a "
			"role of its own (CREATE ROLE smallrun LOGIN; see "
			"doc/HOSTED.md)");
	return SR_OK;
}

/* The operations. */

/*
 * Say what the transaction just begun on c is for: its workshop (0: none,
 * written ""), whether it is a directory's, and for a writer the
 * workshop's lock. The values are bound, never written into the text.
 */
static enum sr_err set_workshop(struct conn *c, unsigned flags,
				int64_t workshop, struct sr_fail *f)
{
	char id[24] = "", key[16];
	const char *values[3] = {id, flags & SR_TX_DIRECTORY ? "on" : "", key};
	bool write = flags & SR_TX_WRITE;
	PGresult *res;
	enum sr_err err = SR_OK;

	if (workshop > 0)
		snprintf(id, sizeof(id), "%" PRId64, workshop);
	/* Ids past 2^31 share a key with a lower one: they only wait more. */
	snprintf(key, sizeof(key), "%" PRId64, workshop % INT32_MAX);
	res = PQexecParams(c->db, write ? SET_WORKSHOP_LOCK : SET_WORKSHOP,
			   write ? 3 : 2, NULL, values, NULL, NULL, 0);
	if (!res)
		err = sr_fail_oom(f);
	else if (PQresultStatus(res) != PGRES_TUPLES_OK)
		err = conn_fail(c->db, f, "cannot start a transaction");
	PQclear(res);
	return err;
}

static enum sr_err pg_begin(sr_store *s, unsigned flags, int64_t workshop,
			    struct sr_tx **tx, struct sr_fail *f)
{
	struct pg_store *ps = (struct pg_store *)s;
	bool write = flags & SR_TX_WRITE;
	struct conn *c = NULL;
	enum sr_err err;

	*tx = NULL;
	pthread_mutex_lock(&ps->lock);
	for (;;) {
		/* An open connection first; else one to open. */
		for (size_t i = 0; i < POOL_SIZE && !c; i++)
			if (!ps->conns[i].busy && ps->conns[i].db)
				c = &ps->conns[i];
		for (size_t i = 0; i < POOL_SIZE && !c; i++)
			if (!ps->conns[i].busy)
				c = &ps->conns[i];
		if (c)
			break;
		pthread_cond_wait(&ps->freed, &ps->lock);
	}
	c->busy = true;
	pthread_mutex_unlock(&ps->lock);

	if (workshop < 0)
		workshop = 0;
	if (write) {
		c->writing = &ps->write_locks[workshop % WRITE_STRIPES];
		pthread_mutex_lock(c->writing);
	}
	/* A connection the server dropped while it lay in the pool (a
	 * restart, a fail-over) is opened again, once. */
	for (int tries = 0; tries < 2; tries++) {
		err = c->db ? SR_OK : conn_open(ps->conninfo, &c->db, f);
		if (!err)
			err = run_plain(c->db, write ? BEGIN_WRITE : BEGIN_READ,
					f, "cannot start a transaction");
		if (!err)
			err = set_workshop(c, flags, workshop, f);
		if (!err || !c->db || PQstatus(c->db) == CONNECTION_OK)
			break;
		conn_close(c);
	}
	if (err)
		goto fail;
	*tx = &c->tx;
	return SR_OK;
fail:
	c->tx.ops->end(&c->tx, false, NULL);
	return err;
}

static enum sr_err pg_end(struct sr_tx *tx, bool commit, struct sr_fail *f)
{
	struct conn *c = (struct conn *)tx;
	struct pg_store *ps = c->owner;
	enum sr_err err = SR_OK;

	if (c->db && PQtransactionStatus(c->db) != PQTRANS_IDLE) {
		/* COMMIT of a transaction a statement failed in rolls it
		 * back; that is no save. */
		if (commit && PQtransactionStatus(c->db) == PQTRANS_INTRANS)
			err = run_plain(c->db, "COMMIT", f, "cannot save");
		else if (commit)
			err = sr_fail_set(f, SR_EDB, "database", NULL,
					  "cannot save: a statement failed");
		if (PQtransactionStatus(c->db) != PQTRANS_IDLE)
			run_plain(c->db, "ROLLBACK", NULL, "");
	}
	/* A connection the server closed is opened afresh next time. */
	if (c->db && (PQstatus(c->db) != CONNECTION_OK ||
		      PQtransactionStatus(c->db) != PQTRANS_IDLE))
		conn_close(c);
	if (c->writing)
		pthread_mutex_unlock(c->writing);
	c->writing = NULL;
	pthread_mutex_lock(&ps->lock);
	c->busy = false;
	pthread_cond_signal(&ps->freed);
	pthread_mutex_unlock(&ps->lock);
	return err;
}

/*
 * Prepare key's statement on c and check that the columns it returns are
 * the ones lib/sql.c declares for it, by name and in order.
 */
static enum sr_err prepare(struct conn *c, uint64_t key, struct pg_stmt **out,
			   struct sr_fail *f)
{
	struct sr_buf sql = SR_BUF_INIT(64 * 1024), cols = SR_BUF_INIT(4096);
	struct sr_buf msg = SR_BUF_INIT(SR_FAIL_MAX);
	struct pg_stmt *st = calloc(1, sizeof(*st));
	PGresult *res = NULL;
	enum sr_err err;
	const char *p;
	int n;

	*out = NULL;
	if (!st) {
		err = sr_fail_oom(f);
		goto out;
	}
	snprintf(st->name, sizeof(st->name), "s%" PRIx64, key);
	err = sr_sql_text(key, SR_DIALECT_PG, &sql, &cols);
	if (err) {
		err = sr_fail_set(f, err == SR_ENOMEM ? SR_ENOMEM : SR_EDB,
				  "database", NULL,
				  "no statement has the key %#" PRIx64, key);
		goto out;
	}
	res = PQprepare(c->db, st->name, sql.data, 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		err = sr_fail_set(f, SR_EDB, "database", NULL,
				  "cannot prepare a statement: %s (%s)",
				  one_line(&msg, PQerrorMessage(c->db)),
				  sql.data);
		goto out;
	}
	PQclear(res);
	res = PQdescribePrepared(c->db, st->name);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		err = conn_fail(c->db, f, "cannot describe a statement");
		goto out;
	}
	st->nparams = PQnparams(res);
	n = PQnfields(res);
	p = cols.data;
	for (int i = 0; i < n && !err; i++) {
		size_t len = strcspn(p, ",");
		const char *name = PQfname(res, i);

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
	if (!err) {
		*out = st;
		st = NULL;
	}
out:
	PQclear(res);
	free(st);
	sr_buf_release(&sql);
	sr_buf_release(&cols);
	sr_buf_release(&msg);
	return err;
}

/* The connection's statement for key, prepared the first time. */
static enum sr_err stmt_get(struct conn *c, uint64_t key, struct pg_stmt **st,
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
		/* Left prepared on the server, unused: a name is per key. */
		free(*st);
		*st = NULL;
		return sr_fail_oom(f);
	}
	return SR_OK;
}

/*
 * The column a key violation names: "Key (name)=(Bread) already exists."
 * gives "name", "Key (product_id, sold_on)=…" the last, "sold_on", as
 * SQLite's message does; an index on an expression names none. Written
 * into col (size n), or "" when there is none.
 */
static const char *key_column(const char *detail, char *col, size_t n)
{
	const char *start = detail ? strstr(detail, "Key (") : NULL;
	const char *end, *comma;
	size_t len;

	col[0] = '\0';
	if (!start)
		return NULL;
	start += 5;
	end = strstr(start, ")=");
	if (!end)
		return NULL;
	for (comma = start; (comma = memchr(comma, ',', (size_t)(end - comma)));
	     start = ++comma)
		while (comma[1] == ' ')
			comma++;
	while (*start == ' ')
		start++;
	len = (size_t)(end - start);
	if (!len || len >= n || memchr(start, '(', len) ||
	    memchr(start, ' ', len))
		return NULL;
	memcpy(col, start, len);
	col[len] = '\0';
	return col;
}

/* Read the unique indexes' columns (struct unique_key) from db. */
static enum sr_err read_uniques(struct pg_store *ps, PGconn *db,
				struct sr_fail *f)
{
	PGresult *res = PQexec(
		db,
		"SELECT ic.relname, (SELECT a.attname FROM"
		" unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n)"
		" JOIN pg_catalog.pg_attribute a ON a.attrelid = ix.indrelid"
		" AND a.attnum = k.attnum WHERE a.attname <> 'workshop_id'"
		" ORDER BY k.n DESC LIMIT 1)"
		" FROM pg_catalog.pg_index ix"
		" JOIN pg_catalog.pg_class ic ON ic.oid = ix.indexrelid"
		" WHERE ix.indisunique"
		" AND ic.relnamespace = current_schema()::regnamespace");
	enum sr_err err = SR_OK;
	int n;

	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		err = conn_fail(db, f, "cannot read the database");
		goto out;
	}
	n = PQntuples(res);
	ps->uniques = calloc((size_t)n + 1, sizeof(*ps->uniques));
	if (!ps->uniques) {
		err = sr_fail_oom(f);
		goto out;
	}
	for (int i = 0; i < n; i++) {
		struct unique_key *k = &ps->uniques[ps->nuniques];

		if (PQgetisnull(res, i, 1))
			continue;
		snprintf(k->index, sizeof(k->index), "%s",
			 PQgetvalue(res, i, 0));
		snprintf(k->column, sizeof(k->column), "%s",
			 PQgetvalue(res, i, 1));
		ps->nuniques++;
	}
out:
	PQclear(res);
	return err;
}

/* The column the unique index named index ends with, or NULL. */
static const char *unique_column(const struct pg_store *ps, const char *index)
{
	for (size_t i = 0; index && i < ps->nuniques; i++)
		if (!strcmp(ps->uniques[i].index, index))
			return ps->uniques[i].column;
	return NULL;
}

/* Map a failed statement to an error the user can act on. */
static enum sr_err step_fail(struct conn *c, const PGresult *res,
			     const char *what, struct sr_fail *f)
{
	const char *state =
		res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	struct sr_buf msg = SR_BUF_INIT(SR_FAIL_MAX);
	const char *text = one_line(&msg, res ? PQresultErrorMessage(res)
					      : PQerrorMessage(c->db));
	enum sr_err err;
	char colbuf[64];

	if (!res && PQstatus(c->db) == CONNECTION_OK)
		err = sr_fail_oom(f);
	else if (state && !strcmp(state, "23505")) {
		const char *col = key_column(
			PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL), colbuf,
			sizeof(colbuf));

		if (!col)
			col = unique_column(
				c->owner,
				PQresultErrorField(res,
						   PG_DIAG_CONSTRAINT_NAME));

		err = sr_fail_set(f, SR_ECONFLICT, "duplicate", col,
				  "a %s with this %s already exists", what,
				  col ? col : "key");
	} else if (state && !strcmp(state, "23503"))
		err = sr_fail_set(f, SR_ECONFLICT, "in_use", NULL,
				  "this %s is still referred to by other "
				  "records",
				  what);
	/* Class 23, a broken rule; class 22, a value the column cannot
	 * hold (text in a number, a number out of range). */
	else if (state &&
		 (!strncmp(state, "23", 2) || !strncmp(state, "22", 2)))
		err = sr_fail_set(f, SR_EINVAL, "constraint", NULL,
				  "the %s breaks a rule of the database: %s",
				  what, text);
	else
		err = sr_fail_set(f, SR_EDB, "database", NULL,
				  "database error on %s: %s", what, text);
	sr_buf_release(&msg);
	return err;
}

/*
 * Value i of the row in res, as an integer where its type is one
 * (integers, numeric sums that are whole and fit, booleans), else as text
 * (valid while res is). A numeric past int64 reads as unknown, as SQLite's
 * overflowing arithmetic does.
 */
static struct sr_val column(const PGresult *res, int i)
{
	const char *t;
	char *end;
	long long v;

	if (PQgetisnull(res, 0, i))
		return SR_VAL_NULL;
	t = PQgetvalue(res, 0, i);
	switch (PQftype(res, i)) {
	case 16: /* bool */ return SR_VAL_INT(t[0] == 't');
	case 20:   /* int8 */
	case 21:   /* int2 */
	case 23:   /* int4 */
	case 1700: /* numeric */
		errno = 0;
		v = strtoll(t, &end, 10);
		if (errno || end == t)
			return SR_VAL_NULL;
		if (*end == '.')
			for (end++; *end == '0'; end++)
				;
		return *end ? SR_VAL_NULL : SR_VAL_INT((int64_t)v);
	default:
		return (struct sr_val){.type = SR_V_TEXT,
				       .s = t,
				       .len = (size_t)PQgetlength(res, 0, i)};
	}
}

/*
 * The parameters as libpq takes them: text, NUL-terminated, numbers in
 * decimal; NULL for a null. One allocation holds them all (*mem, freed by
 * the caller). SR_EINVAL for text with a NUL in it, which PostgreSQL
 * cannot store.
 */
static enum sr_err params_text(const struct sr_val *params, size_t n,
			       size_t want, const char **values, char **mem,
			       struct sr_fail *f)
{
	size_t size = 0, at = 0;

	for (size_t i = 0; i < n; i++)
		size += params[i].type == SR_V_TEXT ? params[i].len + 1 : 24;
	*mem = malloc(size ? size : 1);
	if (!*mem)
		return sr_fail_oom(f);
	for (size_t i = 0; i < want; i++) {
		const struct sr_val *v = i < n ? &params[i] : NULL;

		values[i] = NULL;
		if (!v || v->type == SR_V_NULL)
			continue;
		values[i] = *mem + at;
		if (v->type == SR_V_INT) {
			at += (size_t)snprintf(*mem + at, 24, "%" PRId64,
					       v->i) +
			      1;
			continue;
		}
		if (memchr(v->s, '\0', v->len))
			return sr_fail_set(f, SR_EINVAL, "bad_value", NULL,
					   "text cannot hold a NUL character");
		memcpy(*mem + at, v->s, v->len);
		(*mem)[at + v->len] = '\0';
		at += v->len + 1;
	}
	return SR_OK;
}

static enum sr_err pg_exec(struct sr_tx *tx, uint64_t key,
			   const struct sr_val *params, size_t n, sr_row_fn row,
			   void *ctx, const char *what, struct sr_fail *f)
{
	struct conn *c = (struct conn *)tx;
	const char *values[MAX_PARAMS];
	struct sr_val cols[MAX_COLS];
	struct pg_stmt *st = NULL;
	char *mem = NULL;
	PGresult *res;
	enum sr_err err;
	bool sent;

	err = stmt_get(c, key, &st, f);
	if (err)
		return err;
	/* As SQLite: a parameter not given is null, one too many an error. */
	if (n > (size_t)st->nparams || st->nparams > MAX_PARAMS)
		return sr_fail_set(f, SR_EDB, "database", NULL,
				   "%zu values for a statement of %d "
				   "parameters",
				   n, st->nparams);
	err = params_text(params, n, (size_t)st->nparams, values, &mem, f);
	if (err)
		goto out;
	/* Row by row, so a long list is never held whole. */
	sent = PQsendQueryPrepared(c->db, st->name, st->nparams, values, NULL,
				   NULL, 0) &&
	       PQsetSingleRowMode(c->db);
	if (!sent) {
		err = step_fail(c, NULL, what, f);
		goto out;
	}
	/* Read every result, whatever happens: the connection must be idle
	 * again before its next statement. */
	while ((res = PQgetResult(c->db))) {
		ExecStatusType rs = PQresultStatus(res);

		if (rs == PGRES_SINGLE_TUPLE && row && !err) {
			int ncols = PQnfields(res);

			if (ncols > MAX_COLS)
				ncols = MAX_COLS;
			for (int i = 0; i < ncols; i++)
				cols[i] = column(res, i);
			err = row(ctx, cols, (size_t)ncols, f);
		} else if (rs != PGRES_SINGLE_TUPLE && rs != PGRES_TUPLES_OK &&
			   rs != PGRES_COMMAND_OK && !err) {
			err = step_fail(c, res, what, f);
		}
		PQclear(res);
	}
out:
	free(mem);
	return err;
}

static enum sr_err pg_backup(sr_store *s, const char *path, struct sr_fail *f)
{
	(void)s;
	(void)path;
	return sr_fail_set(f, SR_ECONFLICT, "not_supported", NULL,
			   "backups are not supported on PostgreSQL; use "
			   "pg_dump");
}

static enum sr_err pg_snapshot(sr_store *s, struct sr_buf *out,
			       struct sr_fail *f)
{
	(void)s;
	(void)out;
	return sr_fail_set(f, SR_ECONFLICT, "not_supported", NULL,
			   "a copy of the records is not supported on "
			   "PostgreSQL; use pg_dump");
}

static int pg_schema_version(sr_store *s)
{
	struct sr_tx *tx = NULL;
	int64_t v = -1;

	if (pg_begin(s, 0, 0, &tx, NULL))
		return -1;
	v = read_version(((struct conn *)tx)->db);
	pg_end(tx, false, NULL);
	return v < 0 || v > INT_MAX ? -1 : (int)v;
}

static const struct sr_backend_ops pg_ops = {
	.name = "postgresql",
	.close = pg_close,
	.schema_version = pg_schema_version,
	.begin = pg_begin,
	.end = pg_end,
	.backup = pg_backup,
	.snapshot = pg_snapshot,
	.exec = pg_exec,
};

enum sr_err sr_store_pg_open(const char *conninfo, sr_store **out,
			     struct sr_fail *f)
{
	struct pg_store *ps;
	enum sr_err err;

	*out = NULL;
	ps = calloc(1, sizeof(*ps));
	if (!ps || !(ps->conninfo = strdup(conninfo))) {
		free(ps);
		return sr_fail_oom(f);
	}
	ps->base.ops = &pg_ops;
	ps->base.tenants = true;
	pthread_mutex_init(&ps->lock, NULL);
	pthread_cond_init(&ps->freed, NULL);
	for (size_t i = 0; i < WRITE_STRIPES; i++)
		pthread_mutex_init(&ps->write_locks[i], NULL);
	for (size_t i = 0; i < POOL_SIZE; i++) {
		ps->conns[i].owner = ps;
		ps->conns[i].tx.ops = &pg_ops;
	}
	/* The first connection upgrades the schema and stays in the pool. */
	err = conn_open(conninfo, &ps->conns[0].db, f);
	if (!err)
		err = no_bypass(ps->conns[0].db, f);
	if (!err)
		err = migrate(ps->conns[0].db, f);
	if (!err)
		err = read_uniques(ps, ps->conns[0].db, f);
	if (err) {
		pg_close(&ps->base);
		return err;
	}
	*out = &ps->base;
	return SR_OK;
}
