/*
 * db.c - the typed store API (db.h) over the backend interface
 * (backend.h): records through their descriptions, and one function with
 * C types for each question the domain asks. Each reads its rows by
 * position, in the order lib/sql.c declares (and the backend checks).
 */
#include "compat.h"

#include "backend.h"
#include "db.h"
#include "json.h"
#include "smallrun/date.h"
#include "sql.h"

/* The most parameters or columns any statement has (a resource's fields). */
#define MAX_VALS 64

enum sr_err sr_tx_begin(sr_store *s, bool write, struct sr_tx **tx,
			struct sr_fail *f)
{
	*tx = NULL;
	return s->ops->begin(s, write ? SR_TX_WRITE : 0, sr_store_workshop(s),
			     tx, f);
}

enum sr_err sr_tx_begin_in(sr_store *s, unsigned flags, int64_t workshop,
			   struct sr_tx **tx, struct sr_fail *f)
{
	*tx = NULL;
	return s->ops->begin(s, flags, workshop, tx, f);
}

enum sr_err sr_tx_finish(struct sr_tx *tx, enum sr_err err, struct sr_fail *f)
{
	enum sr_err end;

	if (!tx)
		return err;
	/* A failed commit is reported; a rollback keeps the first error. */
	end = tx->ops->end(tx, err == SR_OK, err ? NULL : f);
	return err ? err : end;
}

static enum sr_err run(struct sr_tx *tx, uint64_t key,
		       const struct sr_val *params, size_t n, sr_row_fn row,
		       void *ctx, const char *what, struct sr_fail *f)
{
	return tx->ops->exec(tx, key, params, n, row, ctx, what, f);
}

static enum sr_err query(struct sr_tx *tx, enum sr_q q,
			 const struct sr_val *params, size_t n, sr_row_fn row,
			 void *ctx, struct sr_fail *f)
{
	return run(tx, sr_query_key(q), params, n, row, ctx, "query", f);
}

static enum sr_err bad_column(size_t i, struct sr_fail *f)
{
	return sr_fail_set(f, SR_EDB, "database", NULL,
			   "column %zu of a result has the wrong type", i + 1);
}

/* Values and JSON. */

static json_t *val_json(const struct sr_val *v)
{
	switch (v->type) {
	case SR_V_INT:
		return json_integer(v->i);
	case SR_V_TEXT:
		return json_stringn_nocheck(v->s, v->len);
	case SR_V_NULL:
		break;
	}
	return json_null();
}

static struct sr_val json_val(const json_t *v)
{
	if (json_is_integer(v))
		return SR_VAL_INT(json_integer_value(v));
	if (json_is_string(v))
		return (struct sr_val){.type = SR_V_TEXT,
				       .s = json_string_value(v),
				       .len = json_string_length(v)};
	if (json_is_boolean(v))
		return SR_VAL_INT(json_is_true(v));
	return SR_VAL_NULL;
}

/* Rows as objects: names[i] for column i, appended to rows. */
struct objects {
	json_t *rows;
	size_t *count; /* rows added, when not NULL */
	const char *names[MAX_VALS];
	size_t n;
	char buf[1024]; /* the names, when split from a column list */
};

static enum sr_err object_row(void *ctx, const struct sr_val *cols,
			      size_t ncols, struct sr_fail *f)
{
	struct objects *o = ctx;
	json_t *row = json_object();
	bool no_mem = !row;

	for (size_t i = 0; i < ncols && i < o->n; i++)
		sr_json_put(row, o->names[i], val_json(&cols[i]), &no_mem);
	if (no_mem || json_array_append_new(o->rows, row))
		return sr_fail_oom(f);
	if (o->count)
		++*o->count;
	return SR_OK;
}

/* Names for a resource's rows: its fields, in order. */
static void names_of_fields(struct objects *o, const struct sr_resource *res)
{
	o->n = res->nfields < MAX_VALS ? res->nfields : MAX_VALS;
	for (size_t i = 0; i < o->n; i++)
		o->names[i] = res->fields[i].name;
}

/* Names for a query's rows: its declared columns. */
static void names_of_query(struct objects *o, enum sr_q q)
{
	size_t len = 0;

	snprintf(o->buf, sizeof(o->buf), "%s", sr_sql_columns(q));
	o->n = 0;
	for (char *p = o->buf; *p && o->n < MAX_VALS; p += len) {
		len = strcspn(p, ",");
		o->names[o->n++] = p;
		if (p[len])
			p[len++] = '\0';
	}
}

/* Run query q and collect its rows as objects. */
static enum sr_err objects(struct sr_tx *tx, enum sr_q q,
			   const struct sr_val *params, size_t n,
			   json_t **rows, struct sr_fail *f)
{
	struct objects o;
	enum sr_err err;

	*rows = NULL;
	names_of_query(&o, q);
	o.count = NULL;
	o.rows = json_array();
	if (!o.rows)
		return sr_fail_oom(f);
	err = query(tx, q, params, n, object_row, &o, f);
	if (err)
		json_decref(o.rows);
	else
		*rows = o.rows;
	return err;
}

/* The first row's columns as whole numbers (NULL is 0); 0s when no row. */
struct ints {
	int64_t *v;
	size_t n;
	bool seen;
};

static enum sr_err ints_row(void *ctx, const struct sr_val *cols, size_t ncols,
			    struct sr_fail *f)
{
	struct ints *in = ctx;

	if (in->seen)
		return SR_OK;
	in->seen = true;
	for (size_t i = 0; i < in->n && i < ncols; i++) {
		if (cols[i].type == SR_V_TEXT)
			return bad_column(i, f);
		in->v[i] = cols[i].type == SR_V_INT ? cols[i].i : 0;
	}
	return SR_OK;
}

static enum sr_err ints(struct sr_tx *tx, enum sr_q q,
		       const struct sr_val *params, size_t n, int64_t *v,
		       size_t nv, struct sr_fail *f)
{
	struct ints in = {v, nv, false};

	memset(v, 0, nv * sizeof(*v));
	return query(tx, q, params, n, ints_row, &in, f);
}

/* Records. */

static enum sr_res res_id(const struct sr_resource *res)
{
	return (enum sr_res)(res - sr_resource(0));
}

enum sr_err sr_db_get(struct sr_tx *tx, const struct sr_resource *res,
		      int64_t id, json_t **row, struct sr_fail *f)
{
	struct sr_val key = SR_VAL_INT(id);
	struct objects o;
	enum sr_err err;

	*row = NULL;
	names_of_fields(&o, res);
	o.count = NULL;
	o.rows = json_array();
	if (!o.rows)
		return sr_fail_oom(f);
	err = run(tx, sr_stmt_key(SR_STMT_GET, res_id(res), 0), &key, 1,
		  object_row, &o, res->singular, f);
	if (!err && json_array_size(o.rows) == 0)
		err = sr_fail_set(f, SR_ENOTFOUND, "not_found", NULL,
				  "no %s has id %" PRId64, res->singular, id);
	if (!err) {
		*row = json_array_get(o.rows, 0);
		json_incref(*row);
	}
	json_decref(o.rows);
	return err;
}

/* The writable fields of row as values, in field order; their count. */
static size_t row_vals(const struct sr_resource *res, const json_t *row,
		       struct sr_val *vals)
{
	size_t n = 0;

	for (size_t i = 0; i < res->nfields && n < MAX_VALS - 1; i++)
		if (sr_sql_writable(&res->fields[i]))
			vals[n++] = json_val(
				json_object_get(row, res->fields[i].name));
	return n;
}

enum sr_err sr_db_insert(struct sr_tx *tx, const struct sr_resource *res,
			 const json_t *row, int64_t *id, struct sr_fail *f)
{
	struct sr_val vals[MAX_VALS];
	size_t n = row_vals(res, row, vals);
	int64_t got = 0;
	struct ints in = {&got, 1, false};
	enum sr_err err;

	err = run(tx, sr_stmt_key(SR_STMT_INSERT, res_id(res), 0), vals, n,
		  ints_row, &in, res->singular, f);
	if (!err && !in.seen)
		err = sr_fail_set(f, SR_EDB, "database", NULL,
				  "the new %s has no id", res->singular);
	*id = got;
	return err;
}

enum sr_err sr_db_update(struct sr_tx *tx, const struct sr_resource *res,
			 int64_t id, const json_t *row, struct sr_fail *f)
{
	struct sr_val vals[MAX_VALS];
	size_t n = row_vals(res, row, vals);

	vals[n++] = SR_VAL_INT(id);
	return run(tx, sr_stmt_key(SR_STMT_UPDATE, res_id(res), 0), vals, n,
		   NULL, NULL, res->singular, f);
}

enum sr_err sr_db_remove(struct sr_tx *tx, const struct sr_resource *res,
			 int64_t id, struct sr_fail *f)
{
	struct sr_val key = SR_VAL_INT(id);

	return run(tx, sr_stmt_key(SR_STMT_DELETE, res_id(res), 0), &key, 1,
		   NULL, NULL, res->singular, f);
}

/*
 * Run the list of res with the filters given (values[i] for filter i, NULL
 * where unused), handing each row to row; *rows counts them and *total
 * gets how many match in all.
 */
static enum sr_err list_rows(struct sr_tx *tx, const struct sr_resource *res,
			     json_t *const *values, int64_t limit,
			     int64_t offset, sr_row_fn row, void *ctx,
			     const size_t *rows, int64_t *total,
			     struct sr_fail *f)
{
	struct sr_val vals[SR_MAX_FILTERS + 2];
	struct ints count = {total, 1, false};
	uint32_t mask = 0;
	size_t n = 0;
	enum sr_err err;

	*total = 0;
	for (size_t i = 0; i < res->nfilters && i < SR_MAX_FILTERS; i++)
		if (values[i]) {
			mask |= 1u << i;
			vals[n++] = json_val(values[i]);
		}
	vals[n] = SR_VAL_INT(limit);
	vals[n + 1] = SR_VAL_INT(offset);
	err = run(tx, sr_stmt_key(SR_STMT_LIST, res_id(res), mask), vals,
		  n + 2, row, ctx, res->name, f);
	/* A short first page is all there is: no need to count. */
	if (!err && offset == 0 && (int64_t)*rows < limit)
		*total = (int64_t)*rows;
	else if (!err)
		err = run(tx, sr_stmt_key(SR_STMT_COUNT, res_id(res), mask),
			  vals, n, ints_row, &count, res->name, f);
	return err;
}

enum sr_err sr_db_list(struct sr_tx *tx, const struct sr_resource *res,
		       json_t *const *values, int64_t limit, int64_t offset,
		       json_t **items, int64_t *total, struct sr_fail *f)
{
	struct objects o;
	size_t got = 0;
	enum sr_err err;

	*items = NULL;
	names_of_fields(&o, res);
	o.rows = json_array();
	if (!o.rows)
		return sr_fail_oom(f);
	o.count = &got;
	err = list_rows(tx, res, values, limit, offset, object_row, &o, &got,
			total, f);
	if (err)
		json_decref(o.rows);
	else
		*items = o.rows;
	return err;
}

/* Rows written straight out as JSON objects, for sr_db_list_json. */
struct text_rows {
	struct sr_buf *out;
	const struct sr_resource *res;
	size_t n;
};

static enum sr_err text_row(void *ctx, const struct sr_val *cols,
			    size_t ncols, struct sr_fail *f)
{
	struct text_rows *t = ctx;
	struct sr_buf *b = t->out;

	sr_buf_adds(b, t->n++ ? ",{" : "{");
	for (size_t i = 0; i < ncols && i < t->res->nfields; i++) {
		if (i)
			sr_buf_addch(b, ',');
		sr_json_add_text(b, t->res->fields[i].name,
				 strlen(t->res->fields[i].name));
		sr_buf_addch(b, ':');
		switch (cols[i].type) {
		case SR_V_INT:
			sr_buf_addf(b, "%" PRId64, cols[i].i);
			break;
		case SR_V_TEXT:
			sr_json_add_text(b, cols[i].s, cols[i].len);
			break;
		case SR_V_NULL:
			sr_buf_adds(b, "null");
			break;
		}
	}
	sr_buf_addch(b, '}');
	return b->err ? sr_fail_set(f, b->err == SR_ETOOBIG ? SR_ETOOBIG
							    : SR_ENOMEM,
				    "too_large", NULL,
				    "the list is too large to send")
		      : SR_OK;
}

enum sr_err sr_db_list_json(struct sr_tx *tx, const struct sr_resource *res,
			    json_t *const *values, int64_t limit,
			    int64_t offset, struct sr_buf *out,
			    struct sr_fail *f)
{
	struct text_rows t = {out, res, 0};
	int64_t total = 0;
	enum sr_err err;

	sr_buf_adds(out, "{\"items\":[");
	err = list_rows(tx, res, values, limit, offset, text_row, &t, &t.n,
			&total, f);
	if (!err)
		sr_buf_addf(out,
			    "],\"total\":%" PRId64 ",\"limit\":%" PRId64
			    ",\"offset\":%" PRId64 "}",
			    total, limit, offset);
	if (!err && out->err)
		err = sr_fail_oom(f);
	return err;
}

/* The rows of SR_STMT_REFS: (n, id) each, n the same on every row. */
struct refs {
	int64_t *n, *ids;
	size_t *nids;
};

static enum sr_err refs_row(void *ctx, const struct sr_val *cols, size_t ncols,
			    struct sr_fail *f)
{
	struct refs *r = ctx;

	for (size_t i = 0; i < 2; i++)
		if (i >= ncols || cols[i].type != SR_V_INT)
			return bad_column(i, f);
	*r->n = cols[0].i;
	if (*r->nids < SR_DB_REF_IDS)
		r->ids[(*r->nids)++] = cols[1].i;
	return SR_OK;
}

enum sr_err sr_db_count_refs(struct sr_tx *tx, const struct sr_resource *from,
			     const struct sr_field *field, int64_t id,
			     int64_t *n, int64_t *ids, size_t *nids,
			     struct sr_fail *f)
{
	struct sr_val key = SR_VAL_INT(id);
	struct refs r = {n, ids, nids};

	*n = 0;
	*nids = 0;
	return run(tx,
		   sr_stmt_key(SR_STMT_REFS, res_id(from),
			       (uint32_t)(field - from->fields)),
		   &key, 1, refs_row, &r, from->name, f);
}

enum sr_err sr_db_added(struct sr_tx *tx, const struct sr_resource *res,
			int64_t last, const char *loaded_at, int64_t *n,
			int64_t *ids, size_t *nids, struct sr_fail *f)
{
	struct sr_val p[] = {SR_VAL_INT(last), SR_VAL_TEXT(loaded_at)};
	struct refs r = {n, ids, nids};

	*n = 0;
	*nids = 0;
	return run(tx, sr_stmt_key(SR_STMT_ADDED, res_id(res), 0), p, 2,
		   refs_row, &r, res->name, f);
}

/* Batches, stock and the timer. */

enum sr_err sr_db_batch_code_max(struct sr_tx *tx, const char *prefix,
				 int64_t *n, struct sr_fail *f)
{
	struct sr_val p = SR_VAL_TEXT(prefix);

	return ints(tx, SR_Q_BATCH_CODE_MAX, &p, 1, n, 1, f);
}

enum sr_err sr_db_batch_by_code(struct sr_tx *tx, const char *code,
				int64_t *id, struct sr_fail *f)
{
	struct sr_val p = SR_VAL_TEXT(code);

	return ints(tx, SR_Q_BATCH_BY_CODE, &p, 1, id, 1, f);
}

enum sr_err sr_db_batch_sold(struct sr_tx *tx, int64_t batch_id,
			     int64_t except, int64_t *sold, struct sr_fail *f)
{
	struct sr_val p[] = {SR_VAL_INT(batch_id), SR_VAL_INT(except)};

	return ints(tx, SR_Q_BATCH_SOLD, p, 2, sold, 1, f);
}

enum sr_err sr_db_material_adjust(struct sr_tx *tx, int64_t material_id,
				  int64_t delta, struct sr_fail *f)
{
	struct sr_val p[] = {SR_VAL_INT(delta), SR_VAL_INT(material_id)};

	return query(tx, SR_Q_MATERIAL_ADJUST, p, 2, NULL, NULL, f);
}

enum sr_err sr_db_timers_running(struct sr_tx *tx, const char *worker,
				 json_t **rows, struct sr_fail *f)
{
	struct sr_val p = worker ? SR_VAL_TEXT(worker) : SR_VAL_NULL;

	return objects(tx, SR_Q_TIMER_RUNNING, &p, 1, rows, f);
}

enum sr_err sr_db_stock_products(struct sr_tx *tx, bool retired, json_t **rows,
				 struct sr_fail *f)
{
	struct sr_val p = SR_VAL_INT(retired);

	return objects(tx, SR_Q_STOCK_PRODUCTS, &p, 1, rows, f);
}

enum sr_err sr_db_sell_batches(struct sr_tx *tx, int64_t product_id,
			       json_t **rows, struct sr_fail *f)
{
	struct sr_val p = SR_VAL_INT(product_id);

	return objects(tx, SR_Q_SELL_BATCHES, &p, 1, rows, f);
}

enum sr_err sr_db_stock_batches(struct sr_tx *tx, int64_t product_id,
				int64_t limit, int64_t offset, json_t **rows,
				int64_t *total, struct sr_fail *f)
{
	struct sr_val p[] = {SR_VAL_INT(product_id), SR_VAL_INT(limit),
			     SR_VAL_INT(offset)};
	/* All products, or one: the first parameter only for one. */
	const struct sr_val *params = product_id ? p : p + 1;
	size_t n = product_id ? 3 : 2;
	enum sr_err err = objects(tx,
				  product_id ? SR_Q_STOCK_BATCHES_OF
					     : SR_Q_STOCK_BATCHES,
				  params, n, rows, f);

	*total = 0;
	if (!err && offset == 0 && (int64_t)json_array_size(*rows) < limit)
		*total = (int64_t)json_array_size(*rows);
	else if (!err)
		err = ints(tx,
			   product_id ? SR_Q_STOCK_BATCH_COUNT_OF
				      : SR_Q_STOCK_BATCH_COUNT,
			   p, product_id ? 1 : 0, total, 1, f);
	if (err) {
		json_decref(*rows);
		*rows = NULL;
	}
	return err;
}

enum sr_err sr_db_stock_materials(struct sr_tx *tx, json_t **rows,
				  struct sr_fail *f)
{
	return objects(tx, SR_Q_STOCK_MATERIALS, NULL, 0, rows, f);
}

/* Sum available × per, each at most 1e9 × 1e9, noting a sum past int64. */
static enum sr_err storage_row(void *ctx, const struct sr_val *cols,
			       size_t ncols, struct sr_fail *f)
{
	struct sr_db_storage *st = ctx;
	int64_t part;

	if (ncols < 2 || cols[0].type != SR_V_INT || cols[1].type != SR_V_INT)
		return bad_column(0, f);
	if (__builtin_mul_overflow(cols[0].i, cols[1].i, &part) ||
	    __builtin_add_overflow(st->used, part, &st->used))
		st->fits = false;
	return SR_OK;
}

enum sr_err sr_db_storage(struct sr_tx *tx, struct sr_db_storage *out,
			  struct sr_fail *f)
{
	enum sr_err err;

	*out = (struct sr_db_storage){0, true, 0};
	err = query(tx, SR_Q_STORAGE_PARTS, NULL, 0, storage_row, out, f);
	if (!err)
		err = ints(tx, SR_Q_STORAGE_CAPACITY, NULL, 0, &out->capacity,
			   1, f);
	if (!out->fits)
		out->used = 0;
	return err;
}

enum sr_err sr_db_trace_materials(struct sr_tx *tx, int64_t batch_id,
				  json_t **rows, struct sr_fail *f)
{
	struct sr_val p = SR_VAL_INT(batch_id);

	return objects(tx, SR_Q_TRACE_MATERIALS, &p, 1, rows, f);
}

enum sr_err sr_db_trace_sales(struct sr_tx *tx, int64_t batch_id,
			      json_t **rows, struct sr_fail *f)
{
	struct sr_val p = SR_VAL_INT(batch_id);

	return objects(tx, SR_Q_TRACE_SALES, &p, 1, rows, f);
}

/* Lists of ids and days. */

void sr_db_ids_release(struct sr_db_ids *ids)
{
	free(ids->id);
	memset(ids, 0, sizeof(*ids));
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap ? *cap : 16;
	void *n;

	if (need <= *cap)
		return 0;
	while (c < need)
		c *= 2;
	n = realloc(*p, c * size);
	if (!n)
		return -1;
	*p = n;
	*cap = c;
	return 0;
}

/* A day number from a date column; INT64_MAX for NULL. */
static enum sr_err day_of(const struct sr_val *v, size_t i, int64_t *day,
			  struct sr_fail *f)
{
	*day = INT64_MAX;
	if (v->type == SR_V_NULL)
		return SR_OK;
	if (v->type != SR_V_TEXT || sr_date_parse(v->s, v->len, day))
		return bad_column(i, f);
	return SR_OK;
}

/* Column 0 as an id (ints) or as a date (days). */
static enum sr_err id_row(void *ctx, const struct sr_val *cols, size_t ncols,
			  struct sr_fail *f)
{
	struct sr_db_ids *ids = ctx;

	if (ncols < 1 || cols[0].type != SR_V_INT)
		return bad_column(0, f);
	if (grow((void **)&ids->id, &ids->cap, ids->n + 1, sizeof(*ids->id)))
		return sr_fail_oom(f);
	ids->id[ids->n++] = cols[0].i;
	return SR_OK;
}

static enum sr_err day_row(void *ctx, const struct sr_val *cols, size_t ncols,
			   struct sr_fail *f)
{
	struct sr_db_ids *ids = ctx;
	int64_t d;
	enum sr_err err = ncols < 1 ? bad_column(0, f) : day_of(cols, 0, &d, f);

	if (err)
		return err;
	if (grow((void **)&ids->id, &ids->cap, ids->n + 1, sizeof(*ids->id)))
		return sr_fail_oom(f);
	ids->id[ids->n++] = d;
	return SR_OK;
}

enum sr_err sr_db_trace_lot(struct sr_tx *tx, const char *key,
			    struct sr_db_ids *ids, struct sr_fail *f)
{
	struct sr_val p = SR_VAL_TEXT(key);

	return query(tx, SR_Q_TRACE_LOT, &p, 1, id_row, ids, f);
}

enum sr_err sr_db_trace_lot_names(struct sr_tx *tx, const char *key,
				  json_t **rows, struct sr_fail *f)
{
	struct sr_val p = SR_VAL_TEXT(key);

	return objects(tx, SR_Q_TRACE_LOT_NAMES, &p, 1, rows, f);
}

enum sr_err sr_db_batches_by_code_key(struct sr_tx *tx, const char *key,
				      struct sr_db_ids *ids, struct sr_fail *f)
{
	struct sr_val p = SR_VAL_TEXT(key);

	return query(tx, SR_Q_BATCH_BY_CODE_KEY, &p, 1, id_row, ids, f);
}

enum sr_err sr_db_trace_near(struct sr_tx *tx, bool codes, bool after,
			     const char *key, int64_t limit, json_t **rows,
			     struct sr_fail *f)
{
	static const enum sr_q q[2][2] = {
		{SR_Q_LOTS_BEFORE, SR_Q_LOTS_AFTER},
		{SR_Q_CODES_BEFORE, SR_Q_CODES_AFTER},
	};
	struct sr_val p[] = {SR_VAL_TEXT(key), SR_VAL_INT(limit)};

	return objects(tx, q[codes][after], p, 2, rows, f);
}

enum sr_err sr_db_lots(struct sr_tx *tx, const char *from, const char *to,
		       int64_t limit, int64_t offset, json_t **rows,
		       int64_t *total, struct sr_fail *f)
{
	struct sr_val p[] = {SR_VAL_TEXT(from), SR_VAL_TEXT(to),
			     SR_VAL_INT(limit), SR_VAL_INT(offset)};
	enum sr_err err = objects(tx, SR_Q_LOTS, p, 4, rows, f);

	*total = 0;
	if (!err && offset == 0 && (int64_t)json_array_size(*rows) < limit)
		*total = (int64_t)json_array_size(*rows);
	else if (!err)
		err = ints(tx, SR_Q_LOTS_COUNT, p, 2, total, 1, f);
	if (err) {
		json_decref(*rows);
		*rows = NULL;
	}
	return err;
}

/* Economics. */

enum sr_err sr_db_econ_tracked(struct sr_tx *tx, int64_t product_id,
			       struct sr_db_tracked *out, struct sr_fail *f)
{
	struct sr_val p = SR_VAL_INT(product_id);
	int64_t v[3];
	enum sr_err err = ints(tx, SR_Q_ECON_TRACKED, &p, 1, v, 3, f);

	*out = (struct sr_db_tracked){v[0], v[1], v[2]};
	return err;
}

enum sr_err sr_db_econ_sold(struct sr_tx *tx, int64_t product_id,
			    const char *from, const char *to,
			    struct sr_db_sold *out, struct sr_fail *f)
{
	struct sr_val p[] = {SR_VAL_INT(product_id), SR_VAL_TEXT(from),
			     SR_VAL_TEXT(to)};
	int64_t v[2];
	enum sr_err err = ints(tx, SR_Q_ECON_SOLD, p, 3, v, 2, f);

	*out = (struct sr_db_sold){v[0], v[1]};
	return err;
}

enum sr_err sr_db_econ_queue(struct sr_tx *tx, int64_t *minutes,
			     struct sr_fail *f)
{
	return ints(tx, SR_Q_ECON_QUEUE, NULL, 0, minutes, 1, f);
}

/* The planner. */

void sr_db_jobs_release(struct sr_db_jobs *jobs)
{
	for (size_t i = 0; i < jobs->n; i++)
		free(jobs->job[i].label);
	free(jobs->job);
	memset(jobs, 0, sizeof(*jobs));
}

/* Add a job: id, label, day, minutes and weight from the given columns. */
static enum sr_err add_job(struct sr_db_jobs *jobs, const struct sr_val *id,
			   const struct sr_val *label, const struct sr_val *day,
			   const struct sr_val *minutes, int64_t weight,
			   struct sr_fail *f)
{
	struct sr_db_job *j;
	enum sr_err err;

	if (id->type != SR_V_INT || label->type != SR_V_TEXT ||
	    minutes->type != SR_V_INT)
		return bad_column(0, f);
	if (grow((void **)&jobs->job, &jobs->cap, jobs->n + 1,
		 sizeof(*jobs->job)))
		return sr_fail_oom(f);
	j = &jobs->job[jobs->n];
	*j = (struct sr_db_job){id->i, 0, minutes->i, weight, NULL};
	err = day_of(day, 2, &j->day, f);
	if (err)
		return err;
	j->label = malloc(label->len + 1);
	if (!j->label)
		return sr_fail_oom(f);
	memcpy(j->label, label->s, label->len);
	j->label[label->len] = '\0';
	jobs->n++;
	return SR_OK;
}

/* id, title, due_date, minutes, weight */
static enum sr_err order_row(void *ctx, const struct sr_val *c, size_t n,
			     struct sr_fail *f)
{
	if (n < 5 || c[4].type != SR_V_INT)
		return bad_column(4, f);
	return add_job(ctx, &c[0], &c[1], &c[2], &c[3], c[4].i, f);
}

/* id, code, run_date, minutes */
static enum sr_err run_row(void *ctx, const struct sr_val *c, size_t n,
			   struct sr_fail *f)
{
	if (n < 4)
		return bad_column(3, f);
	return add_job(ctx, &c[0], &c[1], &c[2], &c[3], 1, f);
}

enum sr_err sr_db_plan_orders(struct sr_tx *tx, struct sr_db_jobs *out,
			      struct sr_fail *f)
{
	return query(tx, SR_Q_PLAN_ORDERS, NULL, 0, order_row, out, f);
}

/* Run q with one parameter: the date of day. */
static enum sr_err query_from(struct sr_tx *tx, enum sr_q q, int64_t day,
			      sr_row_fn row, void *out, struct sr_fail *f)
{
	char from[11];
	struct sr_val p;

	sr_date_format(day, from);
	p = SR_VAL_TEXT(from);
	return query(tx, q, &p, 1, row, out, f);
}

enum sr_err sr_db_plan_runs(struct sr_tx *tx, int64_t day,
			    struct sr_db_jobs *out, struct sr_fail *f)
{
	return query_from(tx, SR_Q_PLAN_RUNS, day, run_row, out, f);
}

enum sr_err sr_db_plan_days_off(struct sr_tx *tx, int64_t day,
				struct sr_db_ids *out, struct sr_fail *f)
{
	return query_from(tx, SR_Q_PLAN_DAYS_OFF, day, day_row, out, f);
}

/* Sales. */

enum sr_err sr_db_product_by_name(struct sr_tx *tx, const char *name,
				  int64_t *id, int64_t *price,
				  struct sr_fail *f)
{
	struct sr_val p = SR_VAL_TEXT(name);
	int64_t v[2];
	enum sr_err err = ints(tx, SR_Q_PRODUCT_BY_NAME, &p, 1, v, 2, f);

	*id = v[0];
	*price = v[1];
	return err;
}

enum sr_err sr_db_sale_imported(struct sr_tx *tx, int64_t product_id,
				int64_t day, int64_t *id, int64_t *quantity,
				struct sr_fail *f)
{
	char date[11];
	struct sr_val p[2];
	int64_t v[2];
	enum sr_err err;

	sr_date_format(day, date);
	p[0] = SR_VAL_INT(product_id);
	p[1] = SR_VAL_TEXT(date);
	err = ints(tx, SR_Q_SALE_IMPORTED, p, 2, v, 2, f);
	*id = v[0];
	*quantity = v[1];
	return err;
}

enum sr_err sr_db_sale_reimport(struct sr_tx *tx, int64_t sale_id,
				int64_t import_id, struct sr_fail *f)
{
	struct sr_val p[] = {SR_VAL_INT(import_id), SR_VAL_INT(sale_id)};

	return query(tx, SR_Q_SALE_REIMPORT, p, 2, NULL, NULL, f);
}

enum sr_err sr_db_import_add(struct sr_tx *tx, const char *file, int64_t now,
			     int64_t *import_id, struct sr_fail *f)
{
	char at[21];
	struct sr_val p[2];

	sr_instant_format(now, at);
	p[0] = SR_VAL_TEXT(file);
	p[1] = SR_VAL_TEXT(at);
	return ints(tx, SR_Q_IMPORT_ADD, p, 2, import_id, 1, f);
}

void sr_db_daily_release(struct sr_db_daily *d)
{
	free(d->day);
	free(d->units);
	memset(d, 0, sizeof(*d));
}

/* sold_on, units */
static enum sr_err daily_row(void *ctx, const struct sr_val *c, size_t n,
			     struct sr_fail *f)
{
	struct sr_db_daily *d = ctx;
	size_t cap = d->cap;
	enum sr_err err;

	if (n < 2 || c[1].type != SR_V_INT)
		return bad_column(1, f);
	if (grow((void **)&d->day, &cap, d->n + 1, sizeof(*d->day)) ||
	    grow((void **)&d->units, &d->cap, d->n + 1, sizeof(*d->units)))
		return sr_fail_oom(f);
	err = day_of(&c[0], 0, &d->day[d->n], f);
	if (err)
		return err;
	d->units[d->n++] = c[1].i;
	return SR_OK;
}

enum sr_err sr_db_sales_daily(struct sr_tx *tx, int64_t product_id,
			      struct sr_db_daily *out, struct sr_fail *f)
{
	struct sr_val p = SR_VAL_INT(product_id);

	return query(tx, SR_Q_SALES_DAILY, &p, 1, daily_row, out, f);
}

enum sr_err sr_db_sales_days(struct sr_tx *tx, struct sr_db_ids *out,
			     struct sr_fail *f)
{
	return query(tx, SR_Q_SALES_DAYS, NULL, 0, day_row, out, f);
}

/* Accounts, sessions, tokens and the audit log. */

/* An instant's text for a bound value. */
#define AT(buf, secs) (sr_instant_format((secs), (buf)), SR_VAL_TEXT(buf))
/* Text or NULL as a bound value. */
static struct sr_val text_or_null(const char *s)
{
	return s ? SR_VAL_TEXT(s) : SR_VAL_NULL;
}

/* Run q and take its first row as an object (NULL when there is none). */
static enum sr_err first_object(struct sr_tx *tx, enum sr_q q,
				const struct sr_val *params, size_t n,
				json_t **row, struct sr_fail *f)
{
	json_t *rows = NULL;
	enum sr_err err = objects(tx, q, params, n, &rows, f);

	*row = NULL;
	if (!err && json_array_size(rows)) {
		*row = json_array_get(rows, 0);
		json_incref(*row);
	}
	json_decref(rows);
	return err;
}

/* Workshops, credentials and the login throttle. */

enum sr_err sr_db_workshops(struct sr_tx *tx, json_t **rows, struct sr_fail *f)
{
	return objects(tx, SR_Q_WORKSHOP_LIST, NULL, 0, rows, f);
}

enum sr_err sr_db_workshop_find(struct sr_tx *tx, const char *slug, int64_t id,
				json_t **row, struct sr_fail *f)
{
	struct sr_val p = slug ? SR_VAL_TEXT(slug) : SR_VAL_INT(id);

	return first_object(tx,
			    slug ? SR_Q_WORKSHOP_BY_SLUG : SR_Q_WORKSHOP_GET,
			    &p, 1, row, f);
}

enum sr_err sr_db_workshop_add(struct sr_tx *tx, const char *name,
			       const char *slug, int64_t at, int64_t *id,
			       struct sr_fail *f)
{
	char when[21];
	struct sr_val p[] = {SR_VAL_TEXT(name), SR_VAL_TEXT(slug),
			     AT(when, at)};
	struct ints in = {id, 1, false};

	*id = 0;
	return run(tx, sr_query_key(SR_Q_WORKSHOP_ADD), p, 3, ints_row, &in,
		   "workshop", f);
}

enum sr_err sr_db_workshop_status(struct sr_tx *tx, int64_t id,
				  const char *status, bool *found,
				  struct sr_fail *f)
{
	struct sr_val p[] = {SR_VAL_TEXT(status), SR_VAL_INT(id)};
	int64_t got = 0;
	enum sr_err err = ints(tx, SR_Q_WORKSHOP_STATUS, p, 2, &got, 1, f);

	*found = !err && got == id;
	return err;
}

enum sr_err sr_db_workshop_enter(struct sr_tx *tx, int64_t id,
				 struct sr_fail *f)
{
	struct sr_val p = SR_VAL_INT(id);

	return query(tx, SR_Q_WORKSHOP_ENTER, &p, 1, NULL, NULL, f);
}

enum sr_err sr_db_workshop_purge(struct sr_tx *tx, int64_t *n,
				 struct sr_fail *f)
{
	return ints(tx, SR_Q_WORKSHOP_PURGE, NULL, 0, n, 1, f);
}

enum sr_err sr_db_settings_new(struct sr_tx *tx, const char *name,
			       struct sr_fail *f)
{
	struct sr_val p = SR_VAL_TEXT(name);

	return run(tx, sr_query_key(SR_Q_SETTINGS_NEW), &p, 1, NULL, NULL,
		   "settings", f);
}

enum sr_err sr_db_credential_find(struct sr_tx *tx, const char *key,
				  int64_t *workshop, int64_t *account,
				  struct sr_fail *f)
{
	struct sr_val p = SR_VAL_TEXT(key);
	int64_t v[2];
	enum sr_err err = ints(tx, SR_Q_CREDENTIAL_FIND, &p, 1, v, 2, f);

	*workshop = err ? 0 : v[0];
	*account = err ? 0 : v[1];
	return err;
}

enum sr_err sr_db_throttle_get(struct sr_tx *tx, const char *key,
			       int64_t *failures, int64_t *last,
			       struct sr_fail *f)
{
	struct sr_val p = SR_VAL_TEXT(key);
	int64_t v[2];
	enum sr_err err = ints(tx, SR_Q_THROTTLE_GET, &p, 1, v, 2, f);

	*failures = err ? 0 : v[0];
	*last = err ? 0 : v[1];
	return err;
}

enum sr_err sr_db_throttle_fail(struct sr_tx *tx, const char *key, int64_t now,
				int64_t forget, struct sr_fail *f)
{
	struct sr_val p[] = {SR_VAL_TEXT(key), SR_VAL_INT(now),
			     SR_VAL_INT(forget)};

	return query(tx, SR_Q_THROTTLE_FAIL, p, 3, NULL, NULL, f);
}

enum sr_err sr_db_throttle_clear(struct sr_tx *tx, const char *key,
				 struct sr_fail *f)
{
	struct sr_val p = SR_VAL_TEXT(key);

	return query(tx, SR_Q_THROTTLE_CLEAR, &p, 1, NULL, NULL, f);
}

enum sr_err sr_db_throttle_purge(struct sr_tx *tx, int64_t before,
				 struct sr_fail *f)
{
	struct sr_val p = SR_VAL_INT(before);

	return query(tx, SR_Q_THROTTLE_PURGE, &p, 1, NULL, NULL, f);
}

/* The sample workshop. */

enum sr_err sr_db_sample(struct sr_tx *tx, json_t **row, struct sr_fail *f)
{
	return first_object(tx, SR_Q_SAMPLE, NULL, 0, row, f);
}

enum sr_err sr_db_sample_add(struct sr_tx *tx, const char *loaded_at,
			     const char *last_ids, const char *settings,
			     struct sr_fail *f)
{
	struct sr_val p[] = {SR_VAL_TEXT(loaded_at), SR_VAL_TEXT(last_ids),
			     SR_VAL_TEXT(settings)};

	return query(tx, SR_Q_SAMPLE_ADD, p, 3, NULL, NULL, f);
}

enum sr_err sr_db_sample_clear(struct sr_tx *tx, struct sr_fail *f)
{
	return query(tx, SR_Q_SAMPLE_CLEAR, NULL, 0, NULL, NULL, f);
}

enum sr_err sr_db_accounts_any(struct sr_tx *tx, bool *any, struct sr_fail *f)
{
	int64_t n;
	enum sr_err err = ints(tx, SR_Q_ACCOUNT_ANY, NULL, 0, &n, 1, f);

	*any = !err && n;
	return err;
}

enum sr_err sr_db_account_add(struct sr_tx *tx, const char *name,
			      const char *login, const char *role,
			      const char *hash, int64_t at, int64_t *id,
			      struct sr_fail *f)
{
	char when[21];
	struct sr_val p[] = {SR_VAL_TEXT(name), SR_VAL_TEXT(login),
			     SR_VAL_TEXT(role), SR_VAL_TEXT(hash),
			     AT(when, at)};

	return ints(tx, SR_Q_ACCOUNT_ADD, p, 5, id, 1, f);
}

enum sr_err sr_db_account_find(struct sr_tx *tx, const char *login, int64_t id,
			       json_t **row, struct sr_fail *f)
{
	struct sr_val p = login ? SR_VAL_TEXT(login) : SR_VAL_INT(id);

	return first_object(tx,
			    login ? SR_Q_ACCOUNT_BY_LOGIN : SR_Q_ACCOUNT_GET,
			    &p, 1, row, f);
}

enum sr_err sr_db_accounts(struct sr_tx *tx, int64_t limit, int64_t offset,
			   json_t **rows, int64_t *total, struct sr_fail *f)
{
	struct sr_val p[] = {SR_VAL_INT(limit), SR_VAL_INT(offset)};
	enum sr_err err = objects(tx, SR_Q_ACCOUNT_LIST, p, 2, rows, f);

	if (!err)
		err = ints(tx, SR_Q_ACCOUNT_COUNT, NULL, 0, total, 1, f);
	return err;
}

enum sr_err sr_db_account_owners(struct sr_tx *tx, int64_t *n,
				 struct sr_fail *f)
{
	return ints(tx, SR_Q_ACCOUNT_OWNERS, NULL, 0, n, 1, f);
}

enum sr_err sr_db_account_set(struct sr_tx *tx, int64_t id, const char *name,
			      const char *login, const char *role,
			      struct sr_fail *f)
{
	struct sr_val p[] = {SR_VAL_TEXT(name), SR_VAL_TEXT(login),
			     SR_VAL_TEXT(role), SR_VAL_INT(id)};

	return run(tx, sr_query_key(SR_Q_ACCOUNT_SET), p, 4, NULL, NULL,
		   "account", f);
}

enum sr_err sr_db_account_hash(struct sr_tx *tx, int64_t id, const char *hash,
			       struct sr_fail *f)
{
	struct sr_val p[] = {SR_VAL_TEXT(hash), SR_VAL_INT(id)};

	return query(tx, SR_Q_ACCOUNT_HASH, p, 2, NULL, NULL, f);
}

enum sr_err sr_db_account_remove(struct sr_tx *tx, int64_t id,
				 struct sr_fail *f)
{
	struct sr_val p = SR_VAL_INT(id);

	return run(tx, sr_query_key(SR_Q_ACCOUNT_REMOVE), &p, 1, NULL, NULL,
		   "account", f);
}

enum sr_err sr_db_session_add(struct sr_tx *tx, const char *key,
			      int64_t account_id, int64_t at, int64_t expires,
			      const char *user_agent, const char *address,
			      int64_t *id, struct sr_fail *f)
{
	char when[21], until[21];
	struct sr_val p[] = {SR_VAL_TEXT(key),
			     SR_VAL_INT(account_id),
			     AT(when, at),
			     AT(until, expires),
			     text_or_null(user_agent),
			     text_or_null(address)};

	return ints(tx, SR_Q_SESSION_ADD, p, 6, id, 1, f);
}

enum sr_err sr_db_session_find(struct sr_tx *tx, const char *key, int64_t now,
			       json_t **row, struct sr_fail *f)
{
	char when[21];
	struct sr_val p[] = {SR_VAL_TEXT(key), AT(when, now)};

	return first_object(tx, SR_Q_SESSION_FIND, p, 2, row, f);
}

enum sr_err sr_db_session_touch(struct sr_tx *tx, int64_t id, int64_t at,
				int64_t expires, struct sr_fail *f)
{
	char when[21], until[21];
	struct sr_val p[] = {AT(when, at), AT(until, expires), SR_VAL_INT(id)};

	return query(tx, SR_Q_SESSION_TOUCH, p, 3, NULL, NULL, f);
}

enum sr_err sr_db_sessions(struct sr_tx *tx, int64_t account_id, json_t **rows,
			   struct sr_fail *f)
{
	struct sr_val p = SR_VAL_INT(account_id);

	return objects(tx, SR_Q_SESSION_LIST, &p, 1, rows, f);
}

/* Run a DELETE … RETURNING id of (id, account): did it delete one? */
static enum sr_err remove_own(struct sr_tx *tx, enum sr_q q, int64_t id,
			      int64_t account_id, bool *found,
			      struct sr_fail *f)
{
	struct sr_val p[] = {SR_VAL_INT(id), SR_VAL_INT(account_id)};
	int64_t got = 0;
	enum sr_err err = ints(tx, q, p, 2, &got, 1, f);

	*found = !err && got == id;
	return err;
}

enum sr_err sr_db_session_end(struct sr_tx *tx, int64_t id, int64_t account_id,
			      bool *found, struct sr_fail *f)
{
	return remove_own(tx, SR_Q_SESSION_END, id, account_id, found, f);
}

enum sr_err sr_db_sessions_end(struct sr_tx *tx, int64_t account_id,
			       int64_t except, struct sr_fail *f)
{
	struct sr_val p[] = {SR_VAL_INT(account_id), SR_VAL_INT(except)};

	return query(tx, SR_Q_SESSION_END_ALL, p, 2, NULL, NULL, f);
}

enum sr_err sr_db_tokens_end(struct sr_tx *tx, int64_t account_id,
			     struct sr_fail *f)
{
	struct sr_val p = SR_VAL_INT(account_id);

	return query(tx, SR_Q_TOKEN_REMOVE_ALL, &p, 1, NULL, NULL, f);
}

enum sr_err sr_db_sessions_purge(struct sr_tx *tx, int64_t now,
				 struct sr_fail *f)
{
	char when[21];
	struct sr_val p = AT(when, now);

	return query(tx, SR_Q_SESSION_PURGE, &p, 1, NULL, NULL, f);
}

enum sr_err sr_db_token_add(struct sr_tx *tx, const char *key,
			    int64_t account_id, const char *kind,
			    const char *name, int64_t at, int64_t *id,
			    struct sr_fail *f)
{
	char when[21];
	struct sr_val p[] = {SR_VAL_TEXT(key), SR_VAL_INT(account_id),
			     SR_VAL_TEXT(kind), SR_VAL_TEXT(name),
			     AT(when, at)};

	return ints(tx, SR_Q_TOKEN_ADD, p, 5, id, 1, f);
}

enum sr_err sr_db_token_find(struct sr_tx *tx, const char *key,
			     const char *kind, json_t **row, struct sr_fail *f)
{
	struct sr_val p[] = {SR_VAL_TEXT(key), SR_VAL_TEXT(kind)};

	return first_object(tx, SR_Q_TOKEN_FIND, p, 2, row, f);
}

enum sr_err sr_db_token_touch(struct sr_tx *tx, int64_t id, int64_t at,
			      struct sr_fail *f)
{
	char when[21];
	struct sr_val p[] = {AT(when, at), SR_VAL_INT(id)};

	return query(tx, SR_Q_TOKEN_TOUCH, p, 2, NULL, NULL, f);
}

enum sr_err sr_db_tokens(struct sr_tx *tx, int64_t account_id, json_t **rows,
			 struct sr_fail *f)
{
	struct sr_val p = SR_VAL_INT(account_id);

	return objects(tx, SR_Q_TOKEN_LIST, &p, 1, rows, f);
}

enum sr_err sr_db_token_remove(struct sr_tx *tx, int64_t id, int64_t account_id,
			       bool *found, struct sr_fail *f)
{
	return remove_own(tx, SR_Q_TOKEN_REMOVE, id, account_id, found, f);
}

enum sr_err sr_db_token_count(struct sr_tx *tx, int64_t account_id, int64_t *n,
			      struct sr_fail *f)
{
	struct sr_val p = SR_VAL_INT(account_id);

	return ints(tx, SR_Q_TOKEN_COUNT, &p, 1, n, 1, f);
}

enum sr_err sr_db_audit_add(struct sr_tx *tx, const struct sr_db_audit *a,
			    struct sr_fail *f)
{
	char when[21];
	struct sr_val p[] = {
		AT(when, a->at),
		SR_VAL_TEXT(a->actor),
		a->account_id ? SR_VAL_INT(a->account_id) : SR_VAL_NULL,
		SR_VAL_TEXT(a->resource),
		SR_VAL_INT(a->record_id),
		SR_VAL_TEXT(a->action),
		text_or_null(a->before),
		text_or_null(a->after),
	};

	return query(tx, SR_Q_AUDIT_ADD, p, 8, NULL, NULL, f);
}

enum sr_err sr_db_audit(struct sr_tx *tx, const char *actor,
			const char *resource, int64_t record_id, int64_t limit,
			int64_t offset, json_t **rows, int64_t *total,
			struct sr_fail *f)
{
	struct sr_val p[] = {text_or_null(actor), text_or_null(resource),
			     record_id ? SR_VAL_INT(record_id) : SR_VAL_NULL,
			     SR_VAL_INT(limit), SR_VAL_INT(offset)};
	enum sr_err err = objects(tx, SR_Q_AUDIT_LIST, p, 5, rows, f);

	if (!err)
		err = ints(tx, SR_Q_AUDIT_COUNT, p, 3, total, 1, f);
	return err;
}

enum sr_err sr_db_audit_creator(struct sr_tx *tx, const char *resource,
				int64_t id, int64_t *account_id,
				struct sr_fail *f)
{
	struct sr_val p[] = {SR_VAL_TEXT(resource), SR_VAL_INT(id)};

	return ints(tx, SR_Q_AUDIT_CREATOR, p, 2, account_id, 1, f);
}

/* Recipes. */

void sr_db_recipe_release(struct sr_db_recipe *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->line[i].name);
	free(r->line);
	memset(r, 0, sizeof(*r));
}

/* A text column into a fixed field ("" for NULL); false when too long. */
static bool text_into(const struct sr_val *v, char *out, size_t size)
{
	if (v->type == SR_V_NULL) {
		*out = '\0';
		return true;
	}
	if (v->type != SR_V_TEXT || v->len >= size)
		return false;
	memcpy(out, v->s, v->len);
	out[v->len] = '\0';
	return true;
}

/* An integer column, NULL as 0. */
static bool int_of(const struct sr_val *v, int64_t *out)
{
	*out = v->type == SR_V_INT ? v->i : 0;
	return v->type != SR_V_TEXT;
}

/* id, material_id, sub_product_id, quantity, unit, batch_yield, loss_pct,
 * base, cost_per_unit, cost_per, typed_cost, name */
static enum sr_err recipe_row(void *ctx, const struct sr_val *c, size_t n,
			      struct sr_fail *f)
{
	struct sr_db_recipe *r = ctx;
	struct sr_db_recipe_line *l;

	if (n < 12 || c[11].type != SR_V_TEXT)
		return bad_column(11, f);
	if (grow((void **)&r->line, &r->cap, r->n + 1, sizeof(*r->line)))
		return sr_fail_oom(f);
	l = &r->line[r->n];
	memset(l, 0, sizeof(*l));
	if (!int_of(&c[0], &l->id) || !int_of(&c[1], &l->material_id) ||
	    !int_of(&c[2], &l->sub_product_id) ||
	    !int_of(&c[3], &l->quantity) || !int_of(&c[5], &l->batch_yield) ||
	    !int_of(&c[6], &l->loss_pct) || !int_of(&c[8], &l->cost_per_unit) ||
	    !int_of(&c[9], &l->cost_per) || !int_of(&c[10], &l->typed_cost))
		return bad_column(0, f);
	if (!text_into(&c[4], l->unit, sizeof(l->unit)) ||
	    !text_into(&c[7], l->base, sizeof(l->base)))
		return bad_column(4, f);
	l->name = malloc(c[11].len + 1);
	if (!l->name)
		return sr_fail_oom(f);
	memcpy(l->name, c[11].s, c[11].len);
	l->name[c[11].len] = '\0';
	r->n++;
	return SR_OK;
}

enum sr_err sr_db_recipe_lines(struct sr_tx *tx, int64_t product_id,
			       struct sr_db_recipe *out, struct sr_fail *f)
{
	struct sr_val p = SR_VAL_INT(product_id);

	return query(tx, SR_Q_RECIPE_LINES, &p, 1, recipe_row, out, f);
}

enum sr_err sr_db_recipe_subs(struct sr_tx *tx, int64_t product_id,
			      struct sr_db_ids *out, struct sr_fail *f)
{
	struct sr_val p = SR_VAL_INT(product_id);

	return query(tx, SR_Q_RECIPE_SUBS, &p, 1, id_row, out, f);
}

enum sr_err sr_db_recipe_count(struct sr_tx *tx, int64_t product_id, int64_t *n,
			       struct sr_fail *f)
{
	struct sr_val p = SR_VAL_INT(product_id);

	return ints(tx, SR_Q_RECIPE_COUNT, &p, 1, n, 1, f);
}

enum sr_err sr_db_recipe_up(struct sr_tx *tx, bool material, int64_t id,
			    struct sr_db_ids *out, struct sr_fail *f)
{
	struct sr_val p = SR_VAL_INT(id);

	return query(tx, material ? SR_Q_RECIPE_UP_MATERIAL : SR_Q_RECIPE_UP,
		     &p, 1, id_row, out, f);
}

enum sr_err sr_db_recipe_set_cost(struct sr_tx *tx, int64_t product_id,
				  bool has, int64_t cost, struct sr_fail *f)
{
	struct sr_val p[] = {has ? SR_VAL_INT(cost) : SR_VAL_NULL,
			     SR_VAL_INT(product_id)};

	return query(tx, SR_Q_RECIPE_SET_COST, p, 2, NULL, NULL, f);
}

enum sr_err sr_db_product_ids(struct sr_tx *tx, struct sr_db_ids *out,
			      struct sr_fail *f)
{
	return query(tx, SR_Q_PRODUCT_IDS, NULL, 0, id_row, out, f);
}

/* Goods in, expiry and what to buy. */

enum sr_err sr_db_list_by(struct sr_tx *tx, const struct sr_resource *res,
			  const char *filter, int64_t id, json_t **items,
			  struct sr_fail *f)
{
	json_t *values[SR_MAX_FILTERS] = {NULL}, *all = json_array();
	enum sr_err err = all ? SR_OK : sr_fail_oom(f);
	size_t k = 0;

	*items = NULL;
	for (; filter && k < res->nfilters; k++)
		if (!strcmp(res->filters[k].param, filter))
			break;
	if (!err && filter && (k == res->nfilters || k >= SR_MAX_FILTERS))
		err = sr_fail_set(f, SR_EINVAL, "internal", NULL,
				  "%s has no filter %s", res->name, filter);
	if (!err && filter && !(values[k] = json_integer(id)))
		err = sr_fail_oom(f);
	for (int64_t off = 0; !err; off += SR_LIST_MAX) {
		json_t *page = NULL;
		int64_t total = 0;
		size_t got;

		err = sr_db_list(tx, res, values, SR_LIST_MAX, off, &page,
				 &total, f);
		if (err)
			break;
		got = json_array_size(page);
		if (json_array_extend(all, page))
			err = sr_fail_oom(f);
		json_decref(page);
		if (got < SR_LIST_MAX)
			break;
	}
	if (filter && k < SR_MAX_FILTERS)
		json_decref(values[k]);
	if (err)
		json_decref(all);
	else
		*items = all;
	return err;
}

enum sr_err sr_db_purchase_received(struct sr_tx *tx, int64_t purchase_id,
				    struct sr_db_received *out,
				    struct sr_fail *f)
{
	struct sr_val p = SR_VAL_INT(purchase_id);
	int64_t v[3];
	enum sr_err err = ints(tx, SR_Q_PURCHASE_RECEIVED, &p, 1, v, 3, f);

	out->lines = v[0];
	out->received = v[1];
	out->whole = v[2];
	return err;
}

enum sr_err sr_db_lots_expiring(struct sr_tx *tx, const char *until,
				json_t **rows, struct sr_fail *f)
{
	struct sr_val p = SR_VAL_TEXT(until);

	return objects(tx, SR_Q_LOTS_EXPIRING, &p, 1, rows, f);
}

enum sr_err sr_db_buy_batches(struct sr_tx *tx, const char *from,
			      const char *to, json_t **rows, struct sr_fail *f)
{
	struct sr_val p[] = {SR_VAL_TEXT(from), SR_VAL_TEXT(to)};

	return objects(tx, SR_Q_BUY_BATCHES, p, 2, rows, f);
}

enum sr_err sr_db_buy_orders(struct sr_tx *tx, const char *from, const char *to,
			     json_t **rows, struct sr_fail *f)
{
	struct sr_val p[] = {SR_VAL_TEXT(from), SR_VAL_TEXT(to)};

	return objects(tx, SR_Q_BUY_ORDERS, p, 2, rows, f);
}

enum sr_err sr_db_on_order(struct sr_tx *tx, json_t **rows, struct sr_fail *f)
{
	return objects(tx, SR_Q_ON_ORDER, NULL, 0, rows, f);
}

/* A workshop's tables as they are (move.c). */

/* Rows as arrays of their values, appended to a JSON array. */
static enum sr_err array_row(void *ctx, const struct sr_val *cols, size_t ncols,
			     struct sr_fail *f)
{
	json_t *rows = ctx, *row = json_array();
	bool no_mem = !row;

	for (size_t i = 0; i < ncols && !no_mem; i++)
		no_mem = json_array_append_new(row, val_json(&cols[i])) != 0;
	if (no_mem || json_array_append_new(rows, row))
		return sr_fail_oom(f);
	return SR_OK;
}

static uint64_t table_key(enum sr_stmt_kind kind, size_t t)
{
	return sr_stmt_key(kind, (enum sr_res)0, (uint32_t)t);
}

/* What names table t in messages. */
static const char *table_name(size_t t)
{
	size_t n;
	const struct sr_sql_table *tables = sr_sql_tables(&n);

	return t < n ? tables[t].name : "table";
}

enum sr_err sr_db_table_rows(struct sr_tx *tx, size_t t, int64_t after,
			     int64_t limit, json_t **rows, struct sr_fail *f)
{
	struct sr_val p[] = {SR_VAL_INT(after), SR_VAL_INT(limit)};
	enum sr_err err;

	*rows = json_array();
	if (!*rows)
		return sr_fail_oom(f);
	err = run(tx, table_key(SR_STMT_ROWS, t), p, 2, array_row, *rows,
		  table_name(t), f);
	if (err) {
		json_decref(*rows);
		*rows = NULL;
	}
	return err;
}

enum sr_err sr_db_table_put(struct sr_tx *tx, size_t t, const json_t *row,
			    struct sr_fail *f)
{
	size_t ntables, n = 0, i = 0;
	const struct sr_sql_table *tables = sr_sql_tables(&ntables);
	struct sr_val vals[MAX_VALS];

	if (t >= ntables)
		return sr_fail_set(f, SR_EINVAL, "bad_value", NULL,
				   "there is no table %zu", t);
	/* The values in the columns' order, the derived ones left out. */
	for (const char *p = tables[t].cols; *p && n < MAX_VALS; i++) {
		size_t len = strcspn(p, ",");
		char col[64];

		snprintf(col, sizeof(col), "%.*s", (int)len, p);
		if (!sr_sql_derived(t, col))
			vals[n++] = json_val(json_array_get(row, i));
		p += len + (p[len] == ',');
	}
	return run(tx, table_key(SR_STMT_PUT, t), vals, n, NULL, NULL,
		   table_name(t), f);
}

enum sr_err sr_db_table_clear(struct sr_tx *tx, size_t t, struct sr_fail *f)
{
	return run(tx, table_key(SR_STMT_CLEAR, t), NULL, 0, NULL, NULL,
		   table_name(t), f);
}

enum sr_err sr_db_table_tally(struct sr_tx *tx, size_t t, int64_t *n,
			      int64_t *top, struct sr_fail *f)
{
	int64_t v[2] = {0, 0};
	struct ints in = {v, 2, false};
	enum sr_err err = run(tx, table_key(SR_STMT_TALLY, t), NULL, 0,
			      ints_row, &in, table_name(t), f);

	*n = v[0];
	*top = v[1];
	return err;
}

enum sr_err sr_db_catalog(struct sr_tx *tx, json_t **rows, struct sr_fail *f)
{
	enum sr_err err;

	*rows = json_array();
	if (!*rows)
		return sr_fail_oom(f);
	err = query(tx, SR_Q_CATALOG, NULL, 0, array_row, *rows, f);
	if (err) {
		json_decref(*rows);
		*rows = NULL;
	}
	return err;
}

enum sr_err sr_db_ids_past(struct sr_tx *tx, const char *table, int64_t last,
			   struct sr_fail *f)
{
	struct sr_val p[] = {SR_VAL_TEXT(table), SR_VAL_INT(last)};

	return query(tx, SR_Q_IDS_PAST, p, 2, NULL, NULL, f);
}

enum sr_err sr_db_workshop_set(struct sr_tx *tx, int64_t id, const char *name,
			       const char *created_at, struct sr_fail *f)
{
	struct sr_val p[] = {SR_VAL_TEXT(name), SR_VAL_TEXT(created_at),
			     SR_VAL_INT(id)};

	return run(tx, sr_query_key(SR_Q_WORKSHOP_SET), p, 3, NULL, NULL,
		   "workshop", f);
}

/* Making takes from stock. */

enum sr_err sr_db_lots_open(struct sr_tx *tx, int64_t material_id,
			    json_t **rows, struct sr_fail *f)
{
	struct sr_val p = SR_VAL_INT(material_id);

	return objects(tx, SR_Q_LOTS_OPEN, &p, 1, rows, f);
}

enum sr_err sr_db_lot_take(struct sr_tx *tx, int64_t lot_id, int64_t quantity,
			   struct sr_fail *f)
{
	struct sr_val p[] = {SR_VAL_INT(quantity), SR_VAL_INT(lot_id)};

	return query(tx, SR_Q_LOT_TAKE, p, 2, NULL, NULL, f);
}

/* Invoices. */

enum sr_err sr_db_invoice_next(struct sr_tx *tx, int64_t *n, struct sr_fail *f)
{
	return ints(tx, SR_Q_INVOICE_NEXT, NULL, 0, n, 1, f);
}

enum sr_err sr_db_invoice_add(struct sr_tx *tx, const json_t *inv,
			      int64_t now, int64_t *id, struct sr_fail *f)
{
	static const char *const cols[] = {
		"number",     "customer_id", "order_id", "issued_on",
		"supply_on",  "due_on",	     "vat_number", "net",
		"vat",	      "gross",	     "notes"};
	struct sr_val p[12];
	char at[21];

	for (size_t i = 0; i < 11; i++)
		p[i] = json_val(json_object_get(inv, cols[i]));
	p[11] = AT(at, now);
	return ints(tx, SR_Q_INVOICE_ADD, p, 12, id, 1, f);
}

enum sr_err sr_db_invoice_line_add(struct sr_tx *tx, int64_t invoice_id,
				   const json_t *line, int64_t now,
				   struct sr_fail *f)
{
	static const char *const cols[] = {"sale_id",	 "description",
					   "quantity",	 "unit_price",
					   "net",	 "vat_bp",
					   "vat"};
	struct sr_val p[9];
	char at[21];

	p[0] = SR_VAL_INT(invoice_id);
	for (size_t i = 0; i < 7; i++)
		p[i + 1] = json_val(json_object_get(line, cols[i]));
	p[8] = AT(at, now);
	return query(tx, SR_Q_INVOICE_LINE_ADD, p, 9, NULL, NULL, f);
}

enum sr_err sr_db_invoice_get(struct sr_tx *tx, int64_t id, json_t **row,
			      struct sr_fail *f)
{
	struct sr_val p = SR_VAL_INT(id);

	return first_object(tx, SR_Q_INVOICE_GET, &p, 1, row, f);
}

enum sr_err sr_db_invoice_by_number(struct sr_tx *tx, int64_t number,
				    int64_t *id, struct sr_fail *f)
{
	struct sr_val p = SR_VAL_INT(number);

	return ints(tx, SR_Q_INVOICE_BY_NUMBER, &p, 1, id, 1, f);
}

enum sr_err sr_db_invoice_lines(struct sr_tx *tx, int64_t id, json_t **rows,
				struct sr_fail *f)
{
	struct sr_val p = SR_VAL_INT(id);

	return objects(tx, SR_Q_INVOICE_LINES, &p, 1, rows, f);
}

enum sr_err sr_db_invoice_list(struct sr_tx *tx,
			       const struct sr_db_invoice_filter *q,
			       int64_t limit, int64_t offset, json_t **rows,
			       int64_t *total, struct sr_fail *f)
{
	struct sr_val p[] = {
		q->customer_id ? SR_VAL_INT(q->customer_id) : SR_VAL_NULL,
		q->order_id ? SR_VAL_INT(q->order_id) : SR_VAL_NULL,
		SR_VAL_INT(q->unpaid),
		SR_VAL_INT(q->overdue),
		SR_VAL_TEXT(q->today),
		SR_VAL_INT(limit),
		SR_VAL_INT(offset)};
	enum sr_err err = objects(tx, SR_Q_INVOICE_LIST, p, 7, rows, f);

	*total = 0;
	if (!err)
		err = ints(tx, SR_Q_INVOICE_COUNT, p, 5, total, 1, f);
	if (err) {
		json_decref(*rows);
		*rows = NULL;
	}
	return err;
}

enum sr_err sr_db_invoice_of(struct sr_tx *tx, bool sale, int64_t ref,
			     bool open, int64_t *number, int64_t *id,
			     struct sr_fail *f)
{
	struct sr_val p[] = {SR_VAL_INT(ref), SR_VAL_INT(open)};
	int64_t v[2];
	enum sr_err err = ints(tx, sale ? SR_Q_INVOICE_OF_SALE
					: SR_Q_INVOICE_OF_ORDER,
			       p, 2, v, 2, f);

	*number = v[0];
	*id = v[1];
	return err;
}

enum sr_err sr_db_invoice_mark(struct sr_tx *tx, int64_t id, bool is_void,
			       const char *date, struct sr_fail *f)
{
	struct sr_val p[] = {text_or_null(date), SR_VAL_INT(id)};

	return query(tx, is_void ? SR_Q_INVOICE_VOID : SR_Q_INVOICE_PAID, p, 2,
		     NULL, NULL, f);
}

enum sr_err sr_db_invoice_clear(struct sr_tx *tx, struct sr_fail *f)
{
	enum sr_err err = query(tx, SR_Q_INVOICE_CLEAR, NULL, 0, NULL, NULL, f);

	return err ? err
		   : query(tx, SR_Q_INVOICE_CLEAR_ALL, NULL, 0, NULL, NULL, f);
}
