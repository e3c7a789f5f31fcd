/*
 * test-db.c - the typed store API (lib/db.c) as the store conformance
 * suite, run on SQLite and again on PostgreSQL (store-fixture.h): every
 * statement of lib/sql.c prepares and returns the columns it declares,
 * every combination of list filters gives what a filter in C gives, write
 * transactions exclude each other (the guarantee of backend.h), and sums
 * past int64 are reported, not wrapped.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "db.h"
#include "smallrun/records.h"
#include "sql.h"
#include "store-fixture.h"

static char *path; /* a SQLite file, or a PostgreSQL URI */
static sr_store *store;

static void setup(void)
{
	struct sr_fail f = SR_FAIL_INIT;

	path = test_store_new();
	cr_assert_eq(test_store_open(path, &store, &f), SR_OK, "%s",
		     f.message.data);
	sr_fail_release(&f);
}

static void teardown(void)
{
	sr_store_close(store);
	test_store_remove(path);
	path = NULL;
}

TestSuite(db, .init = setup, .fini = teardown, .timeout = 120);

static int64_t create(enum sr_res r, const char *body)
{
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	int64_t id = 0;

	cr_assert_eq(sr_rec_create(store, r, body, strlen(body), 1764547200,
				   &id, &out, &f),
		     SR_OK, "%s: %s", body, f.message.data);
	sr_buf_release(&out);
	sr_fail_release(&f);
	return id;
}

/* How many ?N a statement takes: the highest N in its text. */
static size_t params_of(uint64_t key)
{
	struct sr_buf sql = SR_BUF_INIT(1 << 16);
	size_t most = 0;

	cr_assert_eq(sr_sql_text(key, SR_DIALECT_SQLITE, &sql, NULL), SR_OK);
	for (const char *p = sql.data; (p = strchr(p, '?')); p++) {
		size_t n = strtoul(p + 1, NULL, 10);

		if (n > most)
			most = n;
	}
	sr_buf_release(&sql);
	return most;
}

static enum sr_err ignore_row(void *ctx, const struct sr_val *cols,
			      size_t ncols, struct sr_fail *f)
{
	size_t *want = ctx;

	(void)cols;
	(void)f;
	cr_assert_eq(ncols, *want, "a row has %zu columns, not %zu", ncols,
		     *want);
	return SR_OK;
}

/* Columns declared: 1 + the commas of the list, 0 when empty. */
static size_t declared(uint64_t key)
{
	struct sr_buf sql = SR_BUF_INIT(1 << 16), cols = SR_BUF_INIT(4096);
	size_t n;

	cr_assert_eq(sr_sql_text(key, SR_DIALECT_SQLITE, &sql, &cols), SR_OK);
	n = cols.len ? 1 : 0;
	for (size_t i = 0; i < cols.len; i++)
		n += cols.data[i] == ',';
	sr_buf_release(&sql);
	sr_buf_release(&cols);
	return n;
}

/* Run key with every parameter 1 (a write transaction, rolled back). */
static void runs(uint64_t key)
{
	struct sr_val vals[70];
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_tx *tx = NULL;
	size_t n = params_of(key), want = declared(key);
	enum sr_err err;

	for (size_t i = 0; i < n; i++)
		vals[i] = SR_VAL_INT(1);
	/* A directory's too: the workshops' statements need one. */
	cr_assert_eq(sr_tx_begin_in(store, SR_TX_WRITE | SR_TX_DIRECTORY,
				    sr_store_workshop(store), &tx, &f),
		     SR_OK);
	err = tx->ops->exec(tx, key, vals, n, ignore_row, &want, "test", &f);
	/* An insert of made-up values may break a rule; nothing else may. */
	cr_assert(err == SR_OK || err == SR_EINVAL || err == SR_ECONFLICT,
		  "key %#llx: %s", (unsigned long long)key, f.message.data);
	sr_tx_finish(tx, SR_EINVAL, NULL);
	sr_fail_release(&f);
}

Test(db, every_statement_prepares_with_its_declared_columns)
{
	/* Some rows, so that every SELECT has one to read. */
	int64_t p = create(SR_RES_PRODUCT, "{\"name\": \"Loaf\"}");
	char body[160];

	snprintf(body, sizeof(body),
		 "{\"product_id\": %lld, \"run_date\": \"2026-01-02\","
		 " \"made_qty\": 3}",
		 (long long)p);
	create(SR_RES_BATCH, body);
	for (int q = 0; q < SR_Q__MAX; q++)
		runs(sr_query_key((enum sr_q)q));
	for (int r = 0; r < SR_RES__MAX; r++) {
		const struct sr_resource *res = sr_resource((enum sr_res)r);

		runs(sr_stmt_key(SR_STMT_GET, (enum sr_res)r, 0));
		for (uint32_t m = 0; m < (1u << res->nfilters); m++) {
			runs(sr_stmt_key(SR_STMT_LIST, (enum sr_res)r, m));
			runs(sr_stmt_key(SR_STMT_COUNT, (enum sr_res)r, m));
		}
		for (size_t i = 0; i < res->nfields; i++)
			if (res->fields[i].type == SR_T_REF)
				runs(sr_stmt_key(SR_STMT_REFS, (enum sr_res)r,
						 (uint32_t)i));
	}
	/* A workshop's tables as they are (move.c). */
	{
		size_t n;

		sr_sql_tables(&n);
		for (size_t t = 0; t < n; t++) {
			runs(sr_stmt_key(SR_STMT_ROWS, (enum sr_res)0,
					 (uint32_t)t));
			runs(sr_stmt_key(SR_STMT_PUT, (enum sr_res)0,
					 (uint32_t)t));
			runs(sr_stmt_key(SR_STMT_TALLY, (enum sr_res)0,
					 (uint32_t)t));
			runs(sr_stmt_key(SR_STMT_CLEAR, (enum sr_res)0,
					 (uint32_t)t));
		}
	}
	/* A key that names nothing is refused, not run. */
	{
		struct sr_buf sql = SR_BUF_INIT(1024);

		cr_assert_eq(sr_sql_text(sr_query_key(SR_Q__MAX),
					 SR_DIALECT_SQLITE, &sql, NULL),
			     SR_EINVAL);
		cr_assert_eq(sr_sql_text(sr_stmt_key(SR_STMT_LIST,
						     SR_RES_PRODUCT, 1u << 9),
					 SR_DIALECT_SQLITE, &sql, NULL),
			     SR_EINVAL);
		cr_assert_eq(sr_sql_text(sr_stmt_key(SR_STMT_ROWS,
						     (enum sr_res)0, 1000),
					 SR_DIALECT_SQLITE, &sql, NULL),
			     SR_EINVAL);
		sr_buf_release(&sql);
	}
}

/* The ids a list gives for these filters (name=value pairs). */
static void list_ids(const char *const *names, const char *const *values,
		     size_t n, int64_t *ids, size_t *count, int64_t *total)
{
	struct sr_list_query q = {.limit = SR_LIST_MAX};
	struct sr_buf out = SR_BUF_INIT(1 << 24);
	struct sr_fail f = SR_FAIL_INIT;
	json_t *doc, *items;

	for (size_t i = 0; i < n; i++) {
		q.names[i] = names[i];
		q.values[i] = values[i];
	}
	q.n = n;
	cr_assert_eq(sr_rec_list(store, SR_RES_SALE, &q, &out, &f), SR_OK,
		     "%s", f.message.data);
	doc = json_loads(out.data, 0, NULL);
	items = json_object_get(doc, "items");
	*count = json_array_size(items);
	for (size_t i = 0; i < *count; i++)
		ids[i] = json_integer_value(
			json_object_get(json_array_get(items, i), "id"));
	*total = json_integer_value(json_object_get(doc, "total"));
	json_decref(doc);
	sr_buf_release(&out);
	sr_fail_release(&f);
}

struct sale {
	int64_t id, product, customer, day; /* day: 1..28 of January */
};

Test(db, every_filter_combination_matches_a_filter_in_c)
{
	static const char *const names[] = {"product_id", "customer_id", "from",
					    "to"};
	struct sale sales[60];
	int64_t prod[3], cust[2], ids[64];
	char body[256];

	for (int i = 0; i < 3; i++) {
		snprintf(body, sizeof(body), "{\"name\": \"P%d\"}", i);
		prod[i] = create(SR_RES_PRODUCT, body);
	}
	for (int i = 0; i < 2; i++) {
		snprintf(body, sizeof(body), "{\"name\": \"C%d\"}", i);
		cust[i] = create(SR_RES_CUSTOMER, body);
	}
	for (int i = 0; i < 60; i++) {
		struct sale *sl = &sales[i];

		sl->product = prod[i % 3];
		sl->customer = i % 5 ? cust[i % 2] : 0;
		sl->day = 1 + (i * 7) % 28;
		if (sl->customer)
			snprintf(body, sizeof(body),
				 "{\"product_id\": %lld, \"customer_id\": %lld,"
				 " \"quantity\": 1, \"sold_on\": "
				 "\"2026-01-%02lld\"}",
				 (long long)sl->product,
				 (long long)sl->customer, (long long)sl->day);
		else
			snprintf(body, sizeof(body),
				 "{\"product_id\": %lld, \"quantity\": 1,"
				 " \"sold_on\": \"2026-01-%02lld\"}",
				 (long long)sl->product, (long long)sl->day);
		sl->id = create(SR_RES_SALE, body);
	}
	/* Every subset of four filters, with set values. */
	for (unsigned m = 0; m < 16; m++) {
		char v[4][16];
		const char *nm[4], *vl[4];
		size_t n = 0, count = 0, want = 0;
		int64_t total;

		snprintf(v[0], sizeof(v[0]), "%lld", (long long)prod[1]);
		snprintf(v[1], sizeof(v[1]), "%lld", (long long)cust[0]);
		snprintf(v[2], sizeof(v[2]), "2026-01-08");
		snprintf(v[3], sizeof(v[3]), "2026-01-20");
		for (int k = 0; k < 4; k++)
			if (m & (1u << k)) {
				nm[n] = names[k];
				vl[n++] = v[k];
			}
		list_ids(nm, vl, n, ids, &count, &total);
		for (int i = 0; i < 60; i++) {
			const struct sale *sl = &sales[i];
			bool in = (!(m & 1) || sl->product == prod[1]) &&
				  (!(m & 2) || sl->customer == cust[0]) &&
				  (!(m & 4) || sl->day >= 8) &&
				  (!(m & 8) || sl->day <= 20);
			bool listed = false;

			for (size_t k = 0; k < count; k++)
				listed |= ids[k] == sl->id;
			cr_assert_eq(listed, in, "mask %u, sale %lld", m,
				     (long long)sl->id);
			want += in;
		}
		cr_assert_eq(count, want, "mask %u", m);
		cr_assert_eq(total, (int64_t)want, "mask %u", m);
	}
}

/* Many writers read then write in their transactions: none is lost. */
struct writer {
	const char *path;
	int64_t material;
	int rounds;
};

static void *write_loop(void *arg)
{
	struct writer *w = arg;
	sr_store *mine = NULL;
	struct sr_fail f = SR_FAIL_INIT;

	/* Each writer its own store: a separate pool, as another process. */
	cr_assert_eq(test_store_open(w->path, &mine, &f), SR_OK, "%s",
		     f.message.data);
	for (int i = 0; i < w->rounds; i++) {
		struct sr_tx *tx = NULL;
		json_t *m = NULL;
		int64_t seen = 0;
		enum sr_err err;

		err = sr_tx_begin(mine, true, &tx, &f);
		if (!err)
			err = sr_db_get(tx, sr_resource(SR_RES_MATERIAL),
					w->material, &m, &f);
		if (!err) {
			/* Write back what was read plus one: an update lost
			 * if another writer ran between the read and this. */
			seen = json_integer_value(json_object_get(m, "on_hand"));
			json_object_set_new(m, "on_hand", json_integer(seen + 1));
			err = sr_db_update(tx, sr_resource(SR_RES_MATERIAL),
					   w->material, m, &f);
		}
		json_decref(m);
		if (!err) {
			json_t *after = NULL;

			err = sr_db_get(tx, sr_resource(SR_RES_MATERIAL),
					w->material, &after, &f);
			cr_assert_eq(json_integer_value(
					     json_object_get(after, "on_hand")),
				     seen + 1);
			json_decref(after);
		}
		cr_assert_eq(sr_tx_finish(tx, err, &f), SR_OK, "%s",
			     f.message.data);
	}
	sr_store_close(mine);
	sr_fail_release(&f);
	return NULL;
}

Test(db, write_transactions_exclude_each_other)
{
	enum { THREADS = 4, ROUNDS = 40 };
	pthread_t t[THREADS];
	struct writer w = {path, 0, ROUNDS};
	struct sr_buf out = SR_BUF_INIT(1 << 16);
	json_t *m;

	w.material = create(SR_RES_MATERIAL, "{\"name\": \"Flour\"}");
	for (int i = 0; i < THREADS; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, write_loop, &w), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	cr_assert_eq(sr_rec_get(store, SR_RES_MATERIAL, w.material, &out,
				NULL),
		     SR_OK);
	m = json_loads(out.data, 0, NULL);
	cr_assert_eq(json_integer_value(json_object_get(m, "on_hand")),
		     THREADS * ROUNDS);
	json_decref(m);
	sr_buf_release(&out);
}

Test(db, storage_past_int64_is_reported_not_wrapped)
{
	struct sr_db_storage st;
	struct sr_tx *tx = NULL;
	int64_t p;
	char body[200];

	p = create(SR_RES_PRODUCT,
		   "{\"name\": \"Crate\", \"storage_per_unit\": 1000000000}");
	for (int i = 0; i < 9; i++) {
		snprintf(body, sizeof(body),
			 "{\"product_id\": %lld, \"run_date\": \"2026-01-0%d\","
			 " \"made_qty\": 1000000000}",
			 (long long)p, i + 1);
		create(SR_RES_BATCH, body);
	}
	/* 9e18 fits an int64 (whose largest is 9.22e18) ... */
	cr_assert_eq(sr_tx_begin(store, false, &tx, NULL), SR_OK);
	cr_assert_eq(sr_db_storage(tx, &st, NULL), SR_OK);
	sr_tx_finish(tx, SR_OK, NULL);
	cr_assert(st.fits);
	cr_assert_eq(st.used, INT64_C(9000000000000000000));
	/* ... 1e19 does not. */
	snprintf(body, sizeof(body),
		 "{\"product_id\": %lld, \"run_date\": \"2026-01-10\","
		 " \"made_qty\": 1000000000}",
		 (long long)p);
	create(SR_RES_BATCH, body);
	cr_assert_eq(sr_tx_begin(store, false, &tx, NULL), SR_OK);
	cr_assert_eq(sr_db_storage(tx, &st, NULL), SR_OK);
	sr_tx_finish(tx, SR_OK, NULL);
	cr_assert_not(st.fits);
}

/* A batch's sold_qty, read through the API. */
static int64_t sold_of(int64_t batch)
{
	struct sr_buf out = SR_BUF_INIT(1 << 16);
	json_t *b;
	int64_t v;

	cr_assert_eq(sr_rec_get(store, SR_RES_BATCH, batch, &out, NULL),
		     SR_OK);
	b = json_loads(out.data, 0, NULL);
	v = json_integer_value(json_object_get(b, "sold_qty"));
	cr_assert_eq(json_integer_value(json_object_get(b, "available_qty")),
		     1000 - v);
	json_decref(b);
	sr_buf_release(&out);
	return v;
}

/* sold_qty is kept by the database: it always equals the sales' sum. */
Test(db, sold_quantity_follows_every_change_of_a_sale)
{
	enum { BATCHES = 3, STEPS = 120 };
	int64_t b[BATCHES], sale_batch[STEPS], sale_qty[STEPS], sale_id[STEPS];
	int64_t p = create(SR_RES_PRODUCT, "{\"name\": \"Bun\"}");
	size_t nsales = 0;
	unsigned rnd = 7;
	char body[200];

	for (int i = 0; i < BATCHES; i++) {
		snprintf(body, sizeof(body),
			 "{\"product_id\": %lld, \"run_date\": \"2025-04-0%d\","
			 " \"made_qty\": 1000}",
			 (long long)p, i + 1);
		b[i] = create(SR_RES_BATCH, body);
	}
	for (int step = 0; step < STEPS; step++) {
		struct sr_buf out = SR_BUF_INIT(1 << 16);
		unsigned what;

		rnd = rnd * 1103515245u + 12345u;
		what = (rnd >> 16) % 4;
		if (what == 0 || nsales == 0) {
			int k = (int)((rnd >> 8) % BATCHES);
			int64_t q = 1 + (int64_t)((rnd >> 4) % 5);

			snprintf(body, sizeof(body),
				 "{\"batch_id\": %lld, \"quantity\": %lld,"
				 " \"price\": 100}",
				 (long long)b[k], (long long)q);
			sale_id[nsales] = create(SR_RES_SALE, body);
			sale_batch[nsales] = b[k];
			sale_qty[nsales++] = q;
		} else {
			size_t i = (rnd >> 8) % nsales;

			if (!sale_id[i])
				continue;
			if (what == 1) {
				cr_assert_eq(sr_rec_delete(store, SR_RES_SALE,
							   sale_id[i], NULL),
					     SR_OK);
				sale_id[i] = 0;
			} else {
				int k = (int)((rnd >> 4) % BATCHES);

				/* Moved to another batch, or its count changed. */
				if (what == 2)
					sale_batch[i] = b[k];
				else
					sale_qty[i] = 1 + (rnd >> 12) % 7;
				snprintf(body, sizeof(body),
					 "{\"batch_id\": %lld, \"quantity\": "
					 "%lld}",
					 (long long)sale_batch[i],
					 (long long)sale_qty[i]);
				cr_assert_eq(sr_rec_update(store, SR_RES_SALE,
							   sale_id[i], body,
							   strlen(body), 0,
							   &out, NULL),
					     SR_OK, "%s", body);
			}
		}
		sr_buf_release(&out);
		for (int k = 0; k < BATCHES; k++) {
			int64_t want = 0;

			for (size_t i = 0; i < nsales; i++)
				if (sale_id[i] && sale_batch[i] == b[k])
					want += sale_qty[i];
			cr_assert_eq(sold_of(b[k]), want, "step %d batch %d",
				     step, k);
		}
	}
}

/* PostgreSQL's text of a query: its parameters written $N, none left ?N
 * outside quoted text, and the same numbers as the shared text's. */
Test(sql, postgresql_text_numbers_its_parameters_with_dollars)
{
	for (int q = 0; q < SR_Q__MAX; q++) {
		struct sr_buf a = SR_BUF_INIT(1 << 16),
			      b = SR_BUF_INIT(1 << 16);
		uint64_t key = sr_query_key((enum sr_q)q);
		char quote = 0;

		cr_assert_eq(sr_sql_text(key, SR_DIALECT_SQLITE, &a, NULL),
			     SR_OK);
		cr_assert_eq(sr_sql_text(key, SR_DIALECT_PG, &b, NULL), SR_OK);
		for (const char *p = b.data; *p; p++) {
			if (quote)
				quote = *p == quote ? 0 : quote;
			else if (*p == '\'' || *p == '"')
				quote = *p;
			else
				cr_assert_neq(*p, '?', "query %d: %s", q,
					      b.data);
		}
		/* Where both dialects share the text, only ? became $. */
		if (a.len == b.len && strchr(a.data, '?'))
			for (size_t i = 0; i < a.len; i++)
				cr_assert(a.data[i] == b.data[i] ||
						  (a.data[i] == '?' &&
						   b.data[i] == '$'),
					  "query %d: %s", q, b.data);
		sr_buf_release(&a);
		sr_buf_release(&b);
	}
}
