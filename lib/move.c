/*
 * move.c - one workshop from one store into another, row by row, ids and
 * all, and checked (move.h).
 *
 * The tables and their columns are sql.c's list (sr_sql_tables()), which
 * both stores' catalogs are held to before anything moves: a table or a
 * column the list does not know stops the move rather than being left
 * behind. The source is read in one transaction (one snapshot); the
 * target is written in one, which reads every row back and compares it
 * with the source's before it commits.
 *
 * Ids are kept. A SQLite file numbers from 1; a PostgreSQL database's ids
 * come from one sequence per table for all its workshops, so its keys are
 * per workshop (sql/pg/0019), and before the move each sequence is set
 * past the highest id moved in (sr_db_ids_past, in a transaction of its
 * own per table), so that no id the workshop has is given again.
 */
#include "compat.h"

#include "db.h"
#include "json.h"
#include "smallrun/move.h"
#include "sql.h"
#include "workshops-int.h"

/* Rows read at a time. */
#define PAGE 500

/* Column i of a table's list into buf (size n). */
static const char *column_name(const struct sr_sql_table *tb, size_t i,
			       char *buf, size_t n)
{
	const char *p = tb->cols;

	for (size_t k = 0; k < i && *p; k++)
		p += strcspn(p, ",") + (p[strcspn(p, ",")] == ',');
	snprintf(buf, n, "%.*s", (int)strcspn(p, ","), p);
	return buf;
}

static size_t column_count(const struct sr_sql_table *tb)
{
	size_t n = 1;

	for (const char *p = tb->cols; *p; p++)
		n += *p == ',';
	return n;
}

/* The index of the listed table called name, or -1. */
static long table_index(const struct sr_sql_table *tables, size_t n,
			const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(tables[i].name, name))
			return (long)i;
	return -1;
}

/*
 * Is the store's catalog the list's: every table it has either listed
 * with exactly the listed columns (PostgreSQL's workshop_id aside: the
 * catalog query leaves it out) or one a move passes over?
 */
static enum sr_err check_catalog(struct sr_tx *tx, const char *which,
				 struct sr_fail *f)
{
	size_t n, seen[SR_MOVE_TABLES] = {0};
	const struct sr_sql_table *tables = sr_sql_tables(&n);
	json_t *rows = NULL, *row;
	enum sr_err err = sr_db_catalog(tx, &rows, f);
	size_t k;

	json_array_foreach(rows, k, row)
	{
		const char *tbl = json_string_value(json_array_get(row, 0));
		const char *col = json_string_value(json_array_get(row, 1));
		long t = tbl ? table_index(tables, n, tbl) : -1;
		char name[64];
		bool known = false;

		if (err || !tbl || !col || sr_sql_table_unmoved(tbl))
			continue;
		for (size_t i = 0; t >= 0 && !known; i++) {
			if (i == column_count(&tables[t]))
				break;
			known = !strcmp(
				column_name(&tables[t], i, name, sizeof(name)),
				col);
		}
		if (known) {
			seen[t]++;
			continue;
		}
		err = sr_fail_set(f, SR_ECONFLICT, "unknown_column", NULL,
				  "the %s has %s %s%s%s, which this smallrun "
				  "does not know how to move",
				  which, t < 0 ? "a table" : "a column", tbl,
				  t < 0 ? "" : ".", t < 0 ? "" : col);
	}
	for (size_t t = 0; !err && t < n; t++)
		if (seen[t] != column_count(&tables[t]))
			err = sr_fail_set(
				f, SR_ECONFLICT, "unknown_column", NULL,
				"the %s's table %s has %zu of the %zu columns "
				"this smallrun moves: is its schema this "
				"smallrun's?",
				which, tables[t].name, seen[t],
				column_count(&tables[t]));
	json_decref(rows);
	return err;
}

/* Copy table t from src to dst, page by page. */
static enum sr_err copy_table(struct sr_tx *src, struct sr_tx *dst, size_t t,
			      const struct sr_sql_table *tb, struct sr_fail *f)
{
	int64_t after = 0;
	enum sr_err err = SR_OK;

	for (;;) {
		json_t *rows = NULL, *row;
		size_t k, got;

		err = sr_db_table_rows(src, t, after, PAGE, &rows, f);
		json_array_foreach(rows, k, row)
		{
			if (err)
				break;
			after = json_integer_value(json_array_get(row, 0));
			err = sr_db_table_put(dst, t, row, f);
			if (err) {
				char where[96];

				snprintf(where, sizeof(where),
					 "%s, the row with id %" PRId64 ":",
					 tb->name, after);
				sr_fail_prefix(f, where);
			}
		}
		got = json_array_size(rows);
		json_decref(rows);
		if (err || got < PAGE)
			break;
	}
	return err;
}

/* A value as a message shows it: JSON, cut short. */
static void shown(const json_t *v, char *buf, size_t n)
{
	char *text = v ? json_dumps(v, JSON_ENCODE_ANY) : NULL;

	snprintf(buf, n, "%s", text ? text : "nothing");
	if (text && strlen(text) >= n && n > 4)
		memcpy(buf + n - 4, "...", 4);
	free(text);
}

static enum sr_err not_same(const struct sr_sql_table *tb, int64_t id,
			    const char *col, const json_t *was,
			    const json_t *is, struct sr_fail *f)
{
	char a[64], b[64];

	if (!col)
		return sr_fail_set(f, SR_ECONFLICT, "not_same", NULL,
				   "%s: the row with id %" PRId64
				   " is %s after the move",
				   tb->name, id, was ? "missing" : "extra");
	shown(was, a, sizeof(a));
	shown(is, b, sizeof(b));
	return sr_fail_set(f, SR_ECONFLICT, "not_same", NULL,
			   "%s: the row with id %" PRId64
			   " has %s %s where it had %s",
			   tb->name, id, col, b, a);
}

/*
 * Compare table t in src and dst row by row and column by column, and
 * count its rows into *rows.
 */
static enum sr_err compare_table(struct sr_tx *src, struct sr_tx *dst, size_t t,
				 const struct sr_sql_table *tb, int64_t *rows,
				 struct sr_fail *f)
{
	size_t ncols = column_count(tb);
	int64_t after = 0;
	enum sr_err err = SR_OK;

	*rows = 0;
	for (;;) {
		json_t *was = NULL, *is = NULL;
		size_t nwas = 0, nis = 0;

		err = sr_db_table_rows(src, t, after, PAGE, &was, f);
		if (!err)
			err = sr_db_table_rows(dst, t, after, PAGE, &is, f);
		nwas = json_array_size(was);
		nis = json_array_size(is);
		for (size_t k = 0; !err && (k < nwas || k < nis); k++) {
			json_t *a = json_array_get(was, k);
			json_t *b = json_array_get(is, k);
			int64_t ida = json_integer_value(json_array_get(a, 0));
			int64_t idb = json_integer_value(json_array_get(b, 0));

			if (!a || !b || ida != idb) {
				bool missing = !b || (a && ida < idb);

				err = not_same(tb, missing ? ida : idb, NULL,
					       missing ? a : NULL, NULL, f);
				break;
			}
			for (size_t c = 0; !err && c < ncols; c++) {
				json_t *x = json_array_get(a, c);
				json_t *y = json_array_get(b, c);
				char col[64];

				if (!json_equal(x, y))
					err = not_same(tb, ida,
						       column_name(tb, c, col,
								   sizeof(col)),
						       x, y, f);
			}
			after = ida;
		}
		json_decref(was);
		json_decref(is);
		*rows += (int64_t)nwas;
		if (err || nwas < PAGE)
			break;
	}
	return err;
}

/* The workshop from_ws as from has it: {id, name, slug, status, …}. */
static enum sr_err source_workshop(sr_store *from, int64_t from_ws, json_t **ws,
				   struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	enum sr_err err =
		sr_tx_begin_in(from, SR_TX_DIRECTORY, from_ws, &tx, f);

	*ws = NULL;
	if (!err)
		err = sr_db_workshop_find(tx, NULL, from_ws, ws, f);
	if (!err && !*ws)
		err = sr_fail_set(f, SR_ENOTFOUND, "no_workshop", "workshop",
				  "no workshop has the id %" PRId64, from_ws);
	return sr_tx_finish(tx, err, f);
}

/* Is slug free in to? SR_ECONFLICT "duplicate" when it is taken. */
static enum sr_err slug_free(sr_store *to, const char *slug, struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	json_t *row = NULL;
	enum sr_err err = sr_tx_begin_in(to, SR_TX_DIRECTORY, 0, &tx, f);

	if (!err)
		err = sr_db_workshop_find(tx, slug, 0, &row, f);
	if (!err && row)
		err = sr_fail_set(f, SR_ECONFLICT, "duplicate", "slug",
				  "the database has a workshop '%s' already: "
				  "choose another slug",
				  slug);
	json_decref(row);
	return sr_tx_finish(tx, err, f);
}

/* Make every listed table's new ids in to come above top[t]. */
static enum sr_err ids_past(sr_store *to, const struct sr_sql_table *tables,
			    size_t n, const int64_t *top, struct sr_fail *f)
{
	enum sr_err err = SR_OK;

	/* One table a transaction: each holds its table's lock briefly,
	 * and never waits for one while it holds another. */
	for (size_t t = 0; !err && t < n; t++) {
		struct sr_tx *tx = NULL;

		if (top[t] <= 0)
			continue;
		err = sr_tx_begin_in(to, SR_TX_WRITE, 0, &tx, f);
		if (!err)
			err = sr_db_ids_past(tx, tables[t].name, top[t], f);
		err = sr_tx_finish(tx, err, f);
	}
	return err;
}

/*
 * In dst, the workshop's row (a hosted store's new one, entered; a SQLite
 * file's one) named and dated as the moved one, its id into *id.
 */
static enum sr_err target_workshop(struct sr_tx *dst, bool hosted,
				   const char *slug, const json_t *ws,
				   int64_t now, int64_t *id, struct sr_fail *f)
{
	const char *name = sr_json_str(ws, "name");
	const char *created = sr_json_str(ws, "created_at");
	enum sr_err err = SR_OK;

	*id = SR_WORKSHOP_ONLY;
	if (!name || !created)
		return sr_fail_set(f, SR_EDB, "database", NULL,
				   "the workshop to move has no name");
	if (hosted) {
		err = sr_db_workshop_add(dst, name, slug, now, id, f);
		if (err == SR_ECONFLICT)
			err = sr_fail_set(f, SR_ECONFLICT, "duplicate", "slug",
					  "the database has a workshop '%s' "
					  "already: choose another slug",
					  slug);
		if (!err)
			err = sr_db_workshop_enter(dst, *id, f);
	}
	if (!err)
		err = sr_db_workshop_set(dst, *id, name, created, f);
	return err;
}

/*
 * dst holds no record yet: settings aside, which a new workshop or file
 * has and the move replaces, every table is empty.
 */
static enum sr_err target_empty(struct sr_tx *dst,
				const struct sr_sql_table *tables, size_t n,
				struct sr_fail *f)
{
	enum sr_err err = SR_OK;

	for (size_t t = 0; !err && t < n; t++) {
		int64_t rows = 0, top = 0;

		if (!strcmp(tables[t].name, "settings")) {
			err = sr_db_table_clear(dst, t, f);
			continue;
		}
		err = sr_db_table_tally(dst, t, &rows, &top, f);
		if (!err && rows)
			err = sr_fail_set(f, SR_ECONFLICT, "not_empty", NULL,
					  "the database to move into has "
					  "records already (%" PRId64
					  " in %s): give a new file",
					  rows, tables[t].name);
	}
	return err;
}

enum sr_err sr_move(sr_store *from, int64_t from_ws, sr_store *to,
		    const char *slug, int64_t now, struct sr_move_report *r,
		    struct sr_fail *f)
{
	bool hosted = sr_store_tenants(to);
	struct sr_tx *src = NULL, *dst = NULL;
	int64_t top[SR_MOVE_TABLES] = {0};
	json_t *ws = NULL;
	size_t n;
	const struct sr_sql_table *tables = sr_sql_tables(&n);
	enum sr_err err = SR_OK;

	memset(r, 0, sizeof(*r));
	if (n > SR_MOVE_TABLES)
		return sr_fail_set(f, SR_EDB, "database", NULL,
				   "too many tables to move");
	if (hosted != (slug != NULL))
		return sr_fail_set(f, SR_EINVAL, "bad_value", "workshop",
				   hosted ? "a workshop moved into a hosted "
					    "database needs a slug"
					  : "a SQLite file holds one "
					    "workshop: give no slug");
	err = source_workshop(from, from_ws, &ws, f);
	if (!err && hosted)
		err = slug_free(to, slug, f);
	/* One snapshot of the source for everything that follows. */
	if (!err)
		err = sr_tx_begin_in(from, 0, from_ws, &src, f);
	if (!err)
		err = check_catalog(src, "database to move from", f);
	for (size_t t = 0; !err && t < n; t++) {
		int64_t rows = 0;

		err = sr_db_table_tally(src, t, &rows, &top[t], f);
	}
	if (!err && hosted)
		err = ids_past(to, tables, n, top, f);
	if (!err)
		err = sr_tx_begin_in(to, SR_TX_WRITE | SR_TX_DIRECTORY,
				     hosted ? 0 : SR_WORKSHOP_ONLY, &dst, f);
	if (!err)
		err = target_workshop(dst, hosted, slug, ws, now, &r->workshop,
				      f);
	if (!err)
		err = check_catalog(dst, "database to move into", f);
	if (!err)
		err = target_empty(dst, tables, n, f);
	for (size_t t = 0; !err && t < n; t++)
		err = copy_table(src, dst, t, &tables[t], f);
	/* Every row read back and compared, before anything is saved. */
	for (size_t t = 0; !err && t < n; t++) {
		r->table[t].name = tables[t].name;
		err = compare_table(src, dst, t, &tables[t], &r->table[t].rows,
				    f);
		r->rows += r->table[t].rows;
		r->ntables = t + 1;
	}
	err = sr_tx_finish(dst, err, f);
	err = sr_tx_finish(src, err, f);
	json_decref(ws);
	if (err)
		r->ntables = 0;
	return err;
}
