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
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "embed.h"
#include "json.h"
#include "store-int.h"

/* "SMRN": marks a file as a smallrun database (PRAGMA application_id). */
#define SR_APPLICATION_ID 0x534d524e
#define SR_BUSY_TIMEOUT_MS 5000
/* Connections kept open; each has every statement prepared once. */
#define POOL_SIZE 4

/* sql/NNNN-*.sql, sorted by name (the generated sql-data.c). */
extern const struct sr_embed sr_migrations[];
extern const size_t sr_migrations_count;

/* clang-format off */
/* Every statement that is not generated from a resource description. */
static const char *const named_sql[SR_SQL__MAX] = {
	[SR_SQL_BATCH_CODE_MAX] =
		"SELECT coalesce(max(CAST(substr(code, length(?1) + 1) AS INTEGER)), 0) AS n"
		" FROM batches WHERE substr(code, 1, length(?1)) = ?1",
	[SR_SQL_BATCH_BY_CODE] =
		"SELECT id FROM batches WHERE code = ?1",
	[SR_SQL_BATCH_SOLD] =
		"SELECT coalesce(sum(quantity), 0) AS sold FROM sales"
		" WHERE batch_id = ?1 AND id IS NOT ?2",
	[SR_SQL_MATERIAL_ADJUST] =
		"UPDATE materials SET on_hand = on_hand + ?1 WHERE id = ?2",
	[SR_SQL_TIMER_RUNNING] =
		"SELECT e.id, e.order_id, e.batch_id, e.worker, e.started_at, e.note,"
		" o.title AS order_title, b.code AS batch_code"
		" FROM time_entries e"
		" LEFT JOIN orders o ON o.id = e.order_id"
		" LEFT JOIN batches b ON b.id = e.batch_id"
		" WHERE e.ended_at IS NULL AND (?1 IS NULL OR e.worker = ?1)"
		" ORDER BY e.worker",
	[SR_SQL_STOCK_PRODUCTS] =
		"SELECT p.id AS product_id, p.name,"
		" coalesce(sum(b.made_qty - b.rejected_qty), 0)"
		"  - coalesce((SELECT sum(s.quantity) FROM sales s"
		"   JOIN batches sb ON sb.id = s.batch_id WHERE sb.product_id = p.id), 0)"
		"  AS available,"
		" p.storage_per_unit"
		" FROM products p LEFT JOIN batches b ON b.product_id = p.id"
		" GROUP BY p.id ORDER BY p.name",
	/* MATERIALIZED: each batch's sales are summed once, not again for
	 * the WHERE (a filtered alias is expanded where it is used). */
	[SR_SQL_STOCK_BATCHES] =
		"WITH x AS MATERIALIZED ("
		"SELECT b.id AS batch_id, b.code, b.product_id, b.run_date, b.best_before,"
		" b.made_qty - b.rejected_qty"
		"  - coalesce((SELECT sum(s.quantity) FROM sales s WHERE s.batch_id = b.id), 0)"
		"  AS available"
		" FROM batches b)"
		" SELECT * FROM x WHERE available > 0"
		" ORDER BY product_id, run_date, batch_id",
	[SR_SQL_STOCK_MATERIALS] =
		"SELECT id AS material_id, name, unit, on_hand, reorder_level"
		" FROM materials WHERE on_hand <= reorder_level ORDER BY name",
	[SR_SQL_STOCK_STORAGE] =
		"WITH x AS MATERIALIZED ("
		"SELECT b.made_qty - b.rejected_qty"
		"  - coalesce((SELECT sum(s.quantity) FROM sales s WHERE s.batch_id = b.id), 0)"
		"  AS avail, p.storage_per_unit AS per"
		"  FROM batches b JOIN products p ON p.id = b.product_id)"
		" SELECT coalesce(sum(avail * per), 0) AS used,"
		" (SELECT storage_capacity FROM settings WHERE id = 1) AS capacity"
		" FROM x WHERE avail > 0",
	[SR_SQL_TRACE_MATERIALS] =
		"SELECT bm.id, bm.material_id, m.name AS material_name, m.unit,"
		" bm.quantity, bm.lot"
		" FROM batch_materials bm JOIN materials m ON m.id = bm.material_id"
		" WHERE bm.batch_id = ?1 ORDER BY bm.id",
	[SR_SQL_TRACE_SALES] =
		"SELECT s.id AS sale_id, s.sold_on, s.quantity, s.price, s.order_id,"
		" c.id AS customer_id, c.name AS customer_name, c.email, c.phone"
		" FROM sales s LEFT JOIN customers c ON c.id = s.customer_id"
		" WHERE s.batch_id = ?1 ORDER BY s.sold_on, s.id",
	[SR_SQL_ECON_TRACKED] =
		"SELECT"
		" coalesce((SELECT sum(e.minutes) FROM time_entries e"
		"  JOIN batches b ON b.id = e.batch_id"
		"  WHERE b.product_id = ?1 AND b.status = 'done'), 0)"
		" + coalesce((SELECT sum(e.minutes) FROM time_entries e"
		"  JOIN orders o ON o.id = e.order_id"
		"  WHERE o.product_id = ?1 AND o.status IN ('done', 'delivered')), 0)"
		"  AS minutes,"
		" coalesce((SELECT sum(b.made_qty) FROM batches b"
		"  WHERE b.product_id = ?1 AND b.status = 'done' AND EXISTS"
		"  (SELECT 1 FROM time_entries e WHERE e.batch_id = b.id AND e.minutes > 0)), 0)"
		" + coalesce((SELECT sum(o.quantity) FROM orders o"
		"  WHERE o.product_id = ?1 AND o.status IN ('done', 'delivered') AND EXISTS"
		"  (SELECT 1 FROM time_entries e WHERE e.order_id = o.id AND e.minutes > 0)), 0)"
		"  AS units,"
		" (SELECT count(*) FROM batches b WHERE b.product_id = ?1"
		"  AND b.status = 'done' AND EXISTS (SELECT 1 FROM time_entries e"
		"  WHERE e.batch_id = b.id AND e.minutes > 0))"
		" + (SELECT count(*) FROM orders o WHERE o.product_id = ?1"
		"  AND o.status IN ('done', 'delivered') AND EXISTS (SELECT 1"
		"  FROM time_entries e WHERE e.order_id = o.id AND e.minutes > 0))"
		"  AS runs",
	[SR_SQL_ECON_SOLD] =
		"SELECT coalesce(sum(quantity), 0) AS units,"
		" (SELECT count(*) FROM sales WHERE product_id = ?1) AS ever"
		" FROM sales WHERE product_id = ?1 AND sold_on >= ?2 AND sold_on < ?3",
	[SR_SQL_ECON_QUEUE] =
		"SELECT coalesce(sum(max(o.estimated_minutes - coalesce((SELECT"
		" sum(e.minutes) FROM time_entries e WHERE e.order_id = o.id), 0), 0)), 0)"
		" AS minutes FROM orders o WHERE o.status IN ('accepted', 'in_progress')",
	[SR_SQL_PLAN_ORDERS] =
		"SELECT o.id, o.title, o.due_date,"
		" max(o.estimated_minutes - coalesce((SELECT sum(e.minutes)"
		"  FROM time_entries e WHERE e.order_id = o.id), 0), 0) AS minutes,"
		/* An order of no price still counts when it is late. */
		" max(coalesce(o.priority, o.price), 1) AS weight"
		" FROM orders o WHERE o.status IN ('accepted', 'in_progress')"
		" ORDER BY o.id",
	[SR_SQL_PLAN_RUNS] =
		"SELECT b.id, b.code, b.run_date,"
		" max(p.setup_minutes + b.planned_qty * p.minutes_per_unit"
		"  - coalesce((SELECT sum(e.minutes) FROM time_entries e"
		"  WHERE e.batch_id = b.id), 0), 0) AS minutes"
		" FROM batches b JOIN products p ON p.id = b.product_id"
		" WHERE b.status IN ('planned', 'running') AND b.run_date >= ?1"
		" ORDER BY b.run_date, b.id",
	[SR_SQL_PLAN_DAYS_OFF] =
		"SELECT date FROM days_off WHERE date >= ?1 ORDER BY date",
	/* products.name is COLLATE NOCASE: "Croissant" finds "CROISSANT". */
	[SR_SQL_PRODUCT_BY_NAME] =
		"SELECT id, name, price FROM products WHERE name = ?1",
	[SR_SQL_SALE_IMPORTED] =
		"SELECT id FROM sales WHERE import_key = ?1",
	[SR_SQL_SALES_DAILY] =
		"SELECT sold_on, sum(quantity) AS units FROM sales"
		" WHERE product_id = ?1 GROUP BY sold_on ORDER BY sold_on",
	[SR_SQL_SALES_DAYS] =
		"SELECT DISTINCT sold_on FROM sales ORDER BY sold_on",
	[SR_SQL_TRACE_LOT] =
		"SELECT DISTINCT batch_id FROM batch_materials WHERE lot = ?1"
		" ORDER BY batch_id",
};
/* clang-format on */

/* The generated statements of one resource. */
enum res_stmt { RS_GET, RS_INSERT, RS_UPDATE, RS_DELETE, RS_LIST, RS_COUNT,
		RS__MAX };

/* All resources plus the settings singleton. */
#define NRES SR_RES__MAX

struct conn {
	struct sr_tx tx; /* first: a struct conn is the tx handed out */
	struct sqlite_store *owner;
	sqlite3 *db;
	sqlite3_stmt *res[NRES][RS__MAX];
	/* One count per reference field: [resource][field index]. */
	sqlite3_stmt **refs[NRES];
	sqlite3_stmt *named[SR_SQL__MAX];
	bool busy;
	bool writing;
};

struct sqlite_store {
	struct sr_store base;
	struct conn conns[POOL_SIZE];
	size_t nconns;
	pthread_mutex_t lock;      /* guards conns[].busy */
	pthread_cond_t freed;      /* a connection came back */
	pthread_mutex_t write_lock; /* one writer at a time in this process */
};

static const struct sr_resource *res_at(size_t i)
{
	return sr_resource((enum sr_res)i);
}

static size_t res_index(const struct sr_resource *res)
{
	for (size_t i = 0; i < NRES; i++)
		if (res_at(i) == res)
			return i;
	return 0;
}

static void conn_close(struct conn *c)
{
	for (size_t i = 0; i < NRES; i++) {
		for (int k = 0; k < RS__MAX; k++)
			sqlite3_finalize(c->res[i][k]);
		if (c->refs[i]) {
			for (size_t j = 0; j < res_at(i)->nfields; j++)
				sqlite3_finalize(c->refs[i][j]);
			free(c->refs[i]);
		}
	}
	for (int q = 0; q < SR_SQL__MAX; q++)
		sqlite3_finalize(c->named[q]);
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

/* SQL text of the generated statements (identifiers from our tables only). */

static void add_select(struct sr_buf *sql, const struct sr_resource *res)
{
	sr_buf_adds(sql, "SELECT ");
	for (size_t i = 0; i < res->nfields; i++) {
		const struct sr_field *fd = &res->fields[i];

		if (i)
			sr_buf_adds(sql, ", ");
		if (fd->flags & SR_F_COMPUTED) {
			sr_buf_adds(sql, fd->expr);
		} else {
			sr_buf_adds(sql, "t.");
			sr_buf_adds(sql, sr_field_column(fd));
		}
	}
	sr_buf_adds(sql, " FROM ");
	sr_buf_adds(sql, res->table);
	sr_buf_adds(sql, " AS t");
}

/* Is the field a stored column a client or smallrun writes? */
static bool writable(const struct sr_field *fd)
{
	return !(fd->flags & SR_F_COMPUTED) && strcmp(fd->name, "id");
}

static void add_where(struct sr_buf *sql, const struct sr_resource *res)
{
	static const char *const ops[] = {" = ", " >= ", " <= "};

	sr_buf_adds(sql, " WHERE 1");
	for (size_t i = 0; i < res->nfilters; i++) {
		const struct sr_filter *flt = &res->filters[i];
		const struct sr_field *fd = sr_field_find(res, flt->field);

		sr_buf_addf(sql, " AND (?%zu IS NULL OR t.%s%s?%zu)", i + 1,
			    sr_field_column(fd), ops[flt->op], i + 1);
	}
}

static void build_sql(struct sr_buf *sql, const struct sr_resource *res,
		      enum res_stmt k)
{
	size_t n = 0;

	switch (k) {
	case RS_GET:
		add_select(sql, res);
		sr_buf_adds(sql, " WHERE t.id = ?1");
		break;
	case RS_INSERT:
		sr_buf_addf(sql, "INSERT INTO %s (", res->table);
		for (size_t i = 0; i < res->nfields; i++)
			if (writable(&res->fields[i]))
				sr_buf_addf(sql, "%s%s", n++ ? ", " : "",
					    sr_field_column(&res->fields[i]));
		sr_buf_adds(sql, ") VALUES (");
		for (size_t i = 0; i < n; i++)
			sr_buf_addf(sql, "%s?%zu", i ? ", " : "", i + 1);
		sr_buf_adds(sql, ")");
		break;
	case RS_UPDATE:
		sr_buf_addf(sql, "UPDATE %s SET ", res->table);
		for (size_t i = 0; i < res->nfields; i++)
			if (writable(&res->fields[i])) {
				sr_buf_addf(sql, "%s%s = ?%zu", n ? ", " : "",
					    sr_field_column(&res->fields[i]), n + 1);
				n++;
			}
		sr_buf_addf(sql, " WHERE id = ?%zu", n + 1);
		break;
	case RS_DELETE:
		sr_buf_addf(sql, "DELETE FROM %s WHERE id = ?1", res->table);
		break;
	case RS_LIST:
		add_select(sql, res);
		add_where(sql, res);
		sr_buf_addf(sql, " ORDER BY %s LIMIT ?%zu OFFSET ?%zu",
			    res->order_by, res->nfilters + 1,
			    res->nfilters + 2);
		break;
	case RS_COUNT:
		sr_buf_addf(sql, "SELECT count(*) FROM %s AS t", res->table);
		add_where(sql, res);
		break;
	case RS__MAX:
		break;
	}
}

static enum sr_err prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st,
			   struct sr_fail *f)
{
	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
			       NULL) != SQLITE_OK)
		return sr_fail_set(f, SR_EDB, "database", NULL,
				   "cannot prepare a statement: %s (%s)",
				   sqlite3_errmsg(db), sql);
	return SR_OK;
}

/* Prepare every statement on c once, when the store opens. */
static enum sr_err conn_prepare(struct conn *c, struct sr_fail *f)
{
	struct sr_buf sql = SR_BUF_INIT(64 * 1024);
	enum sr_err err = SR_OK;

	for (size_t i = 0; i < NRES && !err; i++) {
		const struct sr_resource *res = res_at(i);

		for (int k = 0; k < RS__MAX && !err; k++) {
			sr_buf_reset(&sql);
			build_sql(&sql, res, (enum res_stmt)k);
			if (sql.err) {
				err = sr_fail_set(f, SR_ENOMEM, "out_of_memory",
						  NULL, "out of memory");
				break;
			}
			err = prepare(c->db, sql.data, &c->res[i][k], f);
		}
		c->refs[i] = calloc(res->nfields, sizeof(*c->refs[i]));
		if (!c->refs[i] && !err)
			err = sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
					  "out of memory");
		for (size_t j = 0; j < res->nfields && !err; j++) {
			const struct sr_field *fd = &res->fields[j];

			if (fd->type != SR_T_REF || (fd->flags & SR_F_COMPUTED))
				continue;
			sr_buf_reset(&sql);
			sr_buf_addf(&sql,
				    "SELECT count(*) FROM %s WHERE %s = ?1",
				    res->table, sr_field_column(fd));
			err = prepare(c->db, sql.data, &c->refs[i][j], f);
		}
	}
	for (int q = 0; q < SR_SQL__MAX && !err; q++)
		err = prepare(c->db, named_sql[q], &c->named[q], f);
	sr_buf_release(&sql);
	return err;
}

/* Statement use: bind a JSON value, read a row into a JSON object. */

static int bind_json(sqlite3_stmt *st, int i, const json_t *v)
{
	if (!v || json_is_null(v))
		return sqlite3_bind_null(st, i);
	if (json_is_integer(v))
		return sqlite3_bind_int64(st, i, json_integer_value(v));
	if (json_is_string(v))
		return sqlite3_bind_text(st, i, json_string_value(v),
					 (int)json_string_length(v),
					 SQLITE_TRANSIENT);
	if (json_is_boolean(v))
		return sqlite3_bind_int(st, i, json_is_true(v));
	return SQLITE_MISMATCH;
}

static json_t *column_json(sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER:
		return json_integer(sqlite3_column_int64(st, i));
	case SQLITE_TEXT:
		return json_stringn_nocheck(
			(const char *)sqlite3_column_text(st, i),
			(size_t)sqlite3_column_bytes(st, i));
	case SQLITE_FLOAT: {
		/* Only an overflowing sum gives a float here; out of range it
		 * has no integer to be, so it reads as null. */
		double d = sqlite3_column_double(st, i);

		if (!(d >= -9.2e18 && d <= 9.2e18))
			return json_null();
		return json_integer((json_int_t)d);
	}
	default:
		return json_null();
	}
}

/* The current row as an object keyed by names[i], or by column name. */
static json_t *row_json(sqlite3_stmt *st, const struct sr_resource *res)
{
	json_t *row = json_object();
	bool oom = !row;
	int n = sqlite3_column_count(st);

	for (int i = 0; i < n && !oom; i++)
		sr_json_put(row,
			    res ? res->fields[i].name
				: sqlite3_column_name(st, i),
			    column_json(st, i), &oom);
	if (oom) {
		json_decref(row);
		return NULL;
	}
	return row;
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

/* Run st (already bound) to completion, collecting rows if rows. */
static enum sr_err run(struct conn *c, sqlite3_stmt *st,
		       const struct sr_resource *res, json_t *rows,
		       const char *what, struct sr_fail *f)
{
	enum sr_err err = SR_OK;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!rows)
			continue;
		if (json_array_append_new(rows, row_json(st, res))) {
			err = sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
					  "out of memory");
			break;
		}
	}
	if (!err && rc != SQLITE_DONE)
		err = step_fail(c, rc, what, f);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return err;
}

/* The operations. */

static enum sr_err sqlite_begin(sr_store *s, bool write, struct sr_tx **tx,
				struct sr_fail *f)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	struct conn *c = NULL;

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

static enum sr_err sqlite_get(struct sr_tx *tx, const struct sr_resource *res,
			      int64_t id, json_t **row, struct sr_fail *f)
{
	struct conn *c = (struct conn *)tx;
	sqlite3_stmt *st = c->res[res_index(res)][RS_GET];
	json_t *rows = json_array();
	enum sr_err err;

	*row = NULL;
	if (!rows)
		return sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
				   "out of memory");
	sqlite3_bind_int64(st, 1, id);
	err = run(c, st, res, rows, res->singular, f);
	if (!err && json_array_size(rows) == 0)
		err = sr_fail_set(f, SR_ENOTFOUND, "not_found", NULL,
				  "no %s has id %" PRId64, res->singular, id);
	if (!err) {
		*row = json_array_get(rows, 0);
		json_incref(*row);
	}
	json_decref(rows);
	return err;
}

/* Bind the writable fields of row as ?1, ?2, … in field order. */
static int bind_row(sqlite3_stmt *st, const struct sr_resource *res,
		    const json_t *row)
{
	int n = 0, rc = SQLITE_OK;

	for (size_t i = 0; i < res->nfields && rc == SQLITE_OK; i++)
		if (writable(&res->fields[i]))
			rc = bind_json(st, ++n, json_object_get(
						     row, res->fields[i].name));
	return rc == SQLITE_OK ? n : -1;
}

static enum sr_err sqlite_insert(struct sr_tx *tx,
				 const struct sr_resource *res,
				 const json_t *row, int64_t *id,
				 struct sr_fail *f)
{
	struct conn *c = (struct conn *)tx;
	sqlite3_stmt *st = c->res[res_index(res)][RS_INSERT];
	enum sr_err err;

	if (bind_row(st, res, row) < 0) {
		sqlite3_clear_bindings(st);
		return sr_fail_set(f, SR_EINVAL, "bad_type", NULL,
				   "a value has the wrong type");
	}
	err = run(c, st, NULL, NULL, res->singular, f);
	if (!err)
		*id = sqlite3_last_insert_rowid(c->db);
	return err;
}

static enum sr_err sqlite_update(struct sr_tx *tx,
				 const struct sr_resource *res, int64_t id,
				 const json_t *row, struct sr_fail *f)
{
	struct conn *c = (struct conn *)tx;
	sqlite3_stmt *st = c->res[res_index(res)][RS_UPDATE];
	int n = bind_row(st, res, row);

	if (n < 0) {
		sqlite3_clear_bindings(st);
		return sr_fail_set(f, SR_EINVAL, "bad_type", NULL,
				   "a value has the wrong type");
	}
	sqlite3_bind_int64(st, n + 1, id);
	return run(c, st, NULL, NULL, res->singular, f);
}

static enum sr_err sqlite_remove(struct sr_tx *tx,
				 const struct sr_resource *res, int64_t id,
				 struct sr_fail *f)
{
	struct conn *c = (struct conn *)tx;
	sqlite3_stmt *st = c->res[res_index(res)][RS_DELETE];

	sqlite3_bind_int64(st, 1, id);
	return run(c, st, NULL, NULL, res->singular, f);
}

static enum sr_err sqlite_list(struct sr_tx *tx, const struct sr_resource *res,
			       json_t *const *values, int64_t limit,
			       int64_t offset, json_t **items, int64_t *total,
			       struct sr_fail *f)
{
	struct conn *c = (struct conn *)tx;
	sqlite3_stmt *list = c->res[res_index(res)][RS_LIST];
	sqlite3_stmt *count = c->res[res_index(res)][RS_COUNT];
	enum sr_err err;
	int nf = (int)res->nfilters;

	*items = json_array();
	if (!*items)
		return sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
				   "out of memory");
	for (int i = 0; i < nf; i++) {
		bind_json(list, i + 1, values[i]);
		bind_json(count, i + 1, values[i]);
	}
	sqlite3_bind_int64(list, nf + 1, limit);
	sqlite3_bind_int64(list, nf + 2, offset);
	err = run(c, list, res, *items, res->name, f);
	if (!err) {
		if (sqlite3_step(count) == SQLITE_ROW)
			*total = sqlite3_column_int64(count, 0);
		else
			err = step_fail(c, sqlite3_errcode(c->db), res->name,
					f);
	}
	sqlite3_reset(count);
	sqlite3_clear_bindings(count);
	if (err) {
		json_decref(*items);
		*items = NULL;
	}
	return err;
}

static enum sr_err sqlite_count_refs(struct sr_tx *tx,
				     const struct sr_resource *from,
				     const struct sr_field *field, int64_t id,
				     int64_t *n, struct sr_fail *f)
{
	struct conn *c = (struct conn *)tx;
	size_t ri = res_index(from);
	sqlite3_stmt *st = c->refs[ri][field - from->fields];
	enum sr_err err = SR_OK;

	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	else
		err = step_fail(c, sqlite3_errcode(c->db), from->name, f);
	sqlite3_reset(st);
	return err;
}

static enum sr_err sqlite_query(struct sr_tx *tx, enum sr_sql q,
				const json_t *params, json_t **rows,
				struct sr_fail *f)
{
	struct conn *c = (struct conn *)tx;
	sqlite3_stmt *st = c->named[q];
	enum sr_err err;

	for (size_t i = 0; params && i < json_array_size(params); i++)
		bind_json(st, (int)i + 1, json_array_get(params, i));
	*rows = json_array();
	if (!*rows)
		return sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
				   "out of memory");
	err = run(c, st, NULL, *rows, "query", f);
	if (err) {
		json_decref(*rows);
		*rows = NULL;
	}
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
	err = sqlite_begin(s, false, &tx, f);
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

static const struct sr_store_ops sqlite_ops = {
	"sqlite",      sqlite_close, sqlite_schema_version, sqlite_begin,
	sqlite_end,    sqlite_get,   sqlite_insert,         sqlite_update,
	sqlite_remove, sqlite_list,  sqlite_count_refs,     sqlite_backup,
	sqlite_query,
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
		err = conn_prepare(c, f);
		if (err)
			break;
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
