/*
 * fuzz-records.c - libFuzzer driver for the JSON bodies of every record
 * write, through the real library and a real SQLite file: the checks made
 * from each resource's description (lib/resource.c), the rules across
 * fields (lib/rules.c), the timer (lib/timer.c) and the store.
 *
 * Input: the first byte picks what to call, the rest is the body.
 *
 *     byte = (high << 6) | (op << 3) | low     (bit 7 is ignored)
 *
 *     resource (high bit 6, low bits 0-2), through picked[] below, so
 *              that a corpus input keeps its meaning when a resource is
 *              added to enum sr_res:
 *              0 product, 1 customer, 2 order, 3 batch, 4 material,
 *              5 batch material, 6 time entry, 7 sale; with bit 6 set
 *              0 supplier, 1 day off, 2 purchase unit, 3 recipe line,
 *              4 purchase, 5 purchase line, 6 lot, 7 quote
 *     op (bits 3-5):  0, 6  sr_rec_create(resource)
 *                     1, 7  sr_rec_update(resource, id 1)
 *                     2     sr_settings_update          (resource ignored)
 *                     3     sr_timer_start              (resource ignored)
 *                     4     sr_batch_material_add(batch 1) (ignored)
 *                     5     sr_timer_stop               (resource ignored)
 *
 * So 0x00 + '{"name":"Rye"}' creates a product, 0x0a + '{"status":"done"}'
 * updates order 1, 0x10 + '{"workers":2}' changes the settings.
 *
 * The database: a fresh file in a private folder (mkdtemp under /dev/shm
 * when it exists, as the store commits with synchronous=FULL and an fsync
 * per commit on a real disk would make the smoke run slow; else $TMPDIR or
 * /tmp), removed at exit. It is seeded once with row 1 of every resource
 * (product, customer, supplier, order, batch, material, a material use, a
 * finished time entry, a sale, a day off, a purchase unit, a recipe line
 * of product 1), a second material whose stock is overdrawn close to
 * its bound, a second product made of product 1 (so that a line of 1
 * using 2 is a cycle), and a running timer for worker "me", and a copy of
 * that state is kept beside it (seed.db). After any call that succeeded
 * every table is put back from the copy (DELETE + INSERT … SELECT through
 * the driver's own connection, with triggers off there so that derived
 * columns come back as copied: no schema change, so the library's prepared
 * statements stay valid), so every input starts from the same state (a
 * crash reproduces from one input) and the database never grows.
 *
 * Invariants, abort() on the first that breaks:
 *   - the call returns SR_OK or a documented error for what it does
 *     (SR_EINVAL, SR_ECONFLICT; SR_ENOTFOUND only from the timer stop);
 *     never SR_EDB, and never a CHECK constraint of the schema caught
 *     ("constraint"): the description must refuse bad input first;
 *   - on error: f.err is the error, f.code and f.message are set, and
 *     sr_fail_to_json writes it; and nothing was written: no commit (PRAGMA
 *     data_version of our own connection) and the fingerprint of the
 *     database is unchanged - the row count and an order-independent hash
 *     of every column of every row of every table, of the schema and of
 *     user_version (exact, and cheap enough to take after every call);
 *   - on success: the answer is a JSON object, with the new "id" (equal to
 *     *id and readable back, identical, with sr_rec_get) for creates; and
 *     every stored row of every resource, and the settings, still pass
 *     their own description (each field as sr_field_check sees it) — what
 *     the library writes it must be able to read back and accept again —
 *     a sale's total is quantity * price and a batch's available_qty is
 *     not negative; and every product's stored material cost is the
 *     one its recipe works out to now (sr_recipe_tree, read afresh).
 *
 * FUZZ_RECORDS_VERBOSE=1 in the environment prints what each input did.
 *
 * This driver includes the private lib/resource.h (FUZZ_FLAGS has -Ilib):
 * the last invariant needs the descriptions themselves.
 */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "resource.h"
#include "smallrun/date.h"
#include "smallrun/recipe.h"
#include "smallrun/records.h"
#include "smallrun/store.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum op {
	OP_CREATE,
	OP_UPDATE,
	OP_SETTINGS,
	OP_TIMER_START,
	OP_MATERIAL_ADD,
	OP_TIMER_STOP,
	OP_CREATE2,
	OP_UPDATE2,
};

#define DIR_PREFIX "smallrun-fuzz-records-"
#define OUT_MAX (1 << 20)

static char dir[256], path[300], seed_path[300];
static sr_store *store;
#define MAX_TABLES 32

static sqlite3 *db;	      /* our own connection, seed.db attached */
static sqlite3_stmt *fp_stmt; /* the fingerprint query */
static sqlite3_stmt *dv_stmt; /* PRAGMA data_version */
static sqlite3_stmt *restore[2 * MAX_TABLES];
static size_t nrestore;
static struct fp {
	char name[64];
	int64_t rows, hash;
} seeded[MAX_TABLES + 2];
static size_t nseeded;
static int64_t now;

static void die(const char *what, const struct sr_fail *f)
{
	fprintf(stderr, "fuzz-records: %s: %s %s (%s)\n", what,
		f ? f->code : "", f ? f->message.data : "",
		f ? f->field.data : "");
	abort();
}

/* What a run leaves in its folder. */
static const char *const files[] = {
	"fuzz.db",     "fuzz.db-wal", "fuzz.db-shm",	 "seed.db",
	"seed.db-wal", "seed.db-shm", "seed.db-journal", NULL,
};

static void cleanup(void)
{
	char p[320];

	sr_store_close(store);
	store = NULL;
	sqlite3_finalize(fp_stmt);
	sqlite3_finalize(dv_stmt);
	for (size_t i = 0; i < nrestore; i++)
		sqlite3_finalize(restore[i]);
	sqlite3_close(db);
	db = NULL;
	for (const char *const *f = files; *f; f++) {
		snprintf(p, sizeof(p), "%s/%s", dir, *f);
		unlink(p);
	}
	rmdir(dir);
}

/*
 * A crash ends the process without atexit: remove what runs that are gone
 * left behind, by the pid in the folder's name (never a live process's).
 */
static void remove_stale(const char *base)
{
	DIR *d = opendir(base);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		char p[600], *end;
		long pid;

		if (strncmp(e->d_name, DIR_PREFIX, strlen(DIR_PREFIX)))
			continue;
		pid = strtol(e->d_name + strlen(DIR_PREFIX), &end, 10);
		if (pid <= 0 || *end != '-' || kill((pid_t)pid, 0) == 0 ||
		    errno != ESRCH)
			continue;
		for (const char *const *f = files; *f; f++) {
			snprintf(p, sizeof(p), "%s/%s/%s", base, e->d_name, *f);
			unlink(p);
		}
		snprintf(p, sizeof(p), "%s/%s", base, e->d_name);
		rmdir(p);
	}
	closedir(d);
}

static const char *temp_base(void)
{
	struct stat st;
	const char *t = getenv("TMPDIR");

	if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
	    access("/dev/shm", W_OK) == 0)
		return "/dev/shm";
	return t && *t ? t : "/tmp";
}

static void sql_fail(const char *what)
{
	fprintf(stderr, "fuzz-records: %s: %s\n", what, sqlite3_errmsg(db));
	abort();
}

/*
 * fz_rows(a, b, …): an aggregate adding up (mod 2^64) an FNV-1a hash of
 * each row's values with their types, so the order rows come in does not
 * matter and any change to any value does.
 */
static void rows_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	uint64_t *acc = sqlite3_aggregate_context(ctx, sizeof(*acc));
	uint64_t h = UINT64_C(14695981039346656037);

	if (!acc)
		return;
	for (int i = 0; i < argc; i++) {
		int type = sqlite3_value_type(argv[i]);
		const unsigned char *p = NULL;
		size_t n = 0;
		int64_t iv;
		double dv;

		switch (type) {
		case SQLITE_INTEGER:
			iv = sqlite3_value_int64(argv[i]);
			p = (const unsigned char *)&iv;
			n = sizeof(iv);
			break;
		case SQLITE_FLOAT:
			dv = sqlite3_value_double(argv[i]);
			p = (const unsigned char *)&dv;
			n = sizeof(dv);
			break;
		case SQLITE_TEXT:
		case SQLITE_BLOB:
			p = sqlite3_value_blob(argv[i]);
			n = (size_t)sqlite3_value_bytes(argv[i]);
			break;
		}
		h = (h ^ (uint64_t)type) * UINT64_C(1099511628211);
		h = (h ^ (uint64_t)n) * UINT64_C(1099511628211);
		for (size_t k = 0; k < n; k++)
			h = (h ^ p[k]) * UINT64_C(1099511628211);
	}
	*acc += h;
}

static void rows_final(sqlite3_context *ctx)
{
	uint64_t *acc = sqlite3_aggregate_context(ctx, 0);

	sqlite3_result_int64(ctx, acc ? (int64_t)*acc : 0);
}

/* The tables of schema (main or seed), by name. */
static size_t tables(const char *schema, char names[][64])
{
	char sql[160];
	sqlite3_stmt *st;
	size_t n = 0;

	snprintf(sql, sizeof(sql),
		 "SELECT name FROM %s.sqlite_schema WHERE type = 'table' AND "
		 "name NOT LIKE 'sqlite_%%' ORDER BY name",
		 schema);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL))
		sql_fail("tables");
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == MAX_TABLES)
			abort();
		snprintf(names[n++], 64, "%s", sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	return n;
}

/*
 * Build, once, the query giving (name, rows, hash) for the schema, the
 * schema version and each table, and the statements that put every table
 * back from seed.db. Identifiers come from our own schema only.
 */
static void prepare_fingerprint(void)
{
	struct sr_buf sql = SR_BUF_INIT(1 << 20);
	char names[MAX_TABLES][64];
	size_t n = tables("main", names);

	if (sqlite3_create_function(db, "fz_rows", -1, SQLITE_UTF8, NULL, NULL,
				    rows_step, rows_final))
		sql_fail("fz_rows");
	sr_buf_adds(&sql, "SELECT 'sqlite_schema', count(*), fz_rows(type, "
			  "name, tbl_name, sql) FROM main.sqlite_schema "
			  "UNION ALL SELECT 'user_version', user_version, 0 "
			  "FROM pragma_user_version");
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *info;
		char q[160];
		int cols = 0;

		snprintf(q, sizeof(q), "PRAGMA main.table_info(\"%s\")",
			 names[i]);
		if (sqlite3_prepare_v2(db, q, -1, &info, NULL))
			sql_fail("table_info");
		sr_buf_addf(&sql, " UNION ALL SELECT '%s', count(*), fz_rows(",
			    names[i]);
		while (sqlite3_step(info) == SQLITE_ROW)
			sr_buf_addf(&sql, "%s\"%s\"", cols++ ? ", " : "",
				    sqlite3_column_text(info, 1));
		sqlite3_finalize(info);
		sr_buf_addf(&sql, ") FROM main.\"%s\"", names[i]);

		snprintf(q, sizeof(q), "DELETE FROM main.\"%s\"", names[i]);
		if (sqlite3_prepare_v2(db, q, -1, &restore[nrestore++], NULL))
			sql_fail("restore");
		snprintf(q, sizeof(q),
			 "INSERT INTO main.\"%s\" SELECT * FROM seed.\"%s\"",
			 names[i], names[i]);
		if (sqlite3_prepare_v2(db, q, -1, &restore[nrestore++], NULL))
			sql_fail("restore");
	}
	if (sql.err || sqlite3_prepare_v2(db, sql.data, -1, &fp_stmt, NULL) ||
	    sqlite3_prepare_v2(db, "PRAGMA data_version", -1, &dv_stmt, NULL))
		sql_fail("fingerprint");
	sr_buf_release(&sql);
}

/* The fingerprint now, into fp[] (MAX_TABLES + 2 entries); its length. */
static size_t fingerprint(struct fp *fp)
{
	size_t n = 0;
	int rc;

	while ((rc = sqlite3_step(fp_stmt)) == SQLITE_ROW) {
		if (n == MAX_TABLES + 2)
			abort();
		snprintf(fp[n].name, sizeof(fp[n].name), "%s",
			 sqlite3_column_text(fp_stmt, 0));
		fp[n].rows = sqlite3_column_int64(fp_stmt, 1);
		fp[n].hash = sqlite3_column_int64(fp_stmt, 2);
		n++;
	}
	if (rc != SQLITE_DONE)
		sql_fail("fingerprint");
	sqlite3_reset(fp_stmt);
	return n;
}

static int64_t data_version(void)
{
	int64_t v = -1;

	if (sqlite3_step(dv_stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(dv_stmt, 0);
	sqlite3_reset(dv_stmt);
	if (v < 0)
		sql_fail("data_version");
	return v;
}

/* Does the database differ from the seeded state? Says where if so. */
static bool changed(void)
{
	struct fp fp[MAX_TABLES + 2];
	size_t n = fingerprint(fp);

	for (size_t i = 0; i < nseeded || i < n; i++)
		if (i >= n || i >= nseeded ||
		    strcmp(fp[i].name, seeded[i].name) ||
		    fp[i].rows != seeded[i].rows ||
		    fp[i].hash != seeded[i].hash) {
			fprintf(stderr,
				"fuzz-records: %s differs from the seeded "
				"state\n",
				i < n ? fp[i].name : seeded[i].name);
			return true;
		}
	return false;
}

/* Put every table back as seeded. */
static void put_back(void)
{
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL))
		sql_fail("begin");
	for (size_t i = 0; i < nrestore; i++) {
		if (sqlite3_step(restore[i]) != SQLITE_DONE)
			sql_fail("restore");
		sqlite3_reset(restore[i]);
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL))
		sql_fail("commit");
	if (changed())
		abort();
}

static int64_t seed(enum sr_res r, const char *body)
{
	struct sr_buf out = SR_BUF_INIT(OUT_MAX);
	struct sr_fail f = SR_FAIL_INIT;
	int64_t id = 0;

	if (sr_rec_create(store, r, body, strlen(body), now, &id, &out, &f))
		die(body, &f);
	sr_buf_release(&out);
	sr_fail_release(&f);
	return id;
}

/* The resource each input byte names (see the top of this file). */
static const enum sr_res picked[] = {
	SR_RES_PRODUCT,	   SR_RES_CUSTOMER,	 SR_RES_ORDER,
	SR_RES_BATCH,	   SR_RES_MATERIAL,	 SR_RES_BATCH_MATERIAL,
	SR_RES_TIME_ENTRY, SR_RES_SALE,		 SR_RES_SUPPLIER,
	SR_RES_DAY_OFF,	   SR_RES_MATERIAL_UNIT, SR_RES_RECIPE_LINE,
	SR_RES_PURCHASE,   SR_RES_PURCHASE_LINE, SR_RES_LOT,
	SR_RES_QUOTE,
};
#define NPICKED (sizeof(picked) / sizeof(picked[0]))

/* Every resource with a list is reachable: abort() when one is added to
 * enum sr_res and not to picked[]. */
static void check_picked(void)
{
	for (int r = 0; r < SR_RES__MAX; r++) {
		size_t i = 0;

		while (i < NPICKED && picked[i] != (enum sr_res)r)
			i++;
		if (sr_res_is_list((enum sr_res)r) && i == NPICKED) {
			fprintf(stderr, "fuzz-records: resource %d is not in "
					"picked[]\n", r);
			abort();
		}
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct sr_buf out = SR_BUF_INIT(OUT_MAX);
	struct sr_fail f = SR_FAIL_INIT;
	const char *base = temp_base();
	const char *use = "{\"material_id\": 1, \"quantity\": 500, "
			  "\"lot\": \"L-001\"}";
	const char *timer = "{\"worker\": \"me\", \"batch_id\": 1}";
	int64_t id;

	(void)argc;
	(void)argv;
	check_picked();
	if (sr_instant_parse("2026-11-25T10:00:00Z", 20, &now))
		abort();
	remove_stale(base);
	snprintf(dir, sizeof(dir), "%s/" DIR_PREFIX "%ld-XXXXXX", base,
		 (long)getpid());
	if (!mkdtemp(dir)) {
		perror(dir);
		abort();
	}
	snprintf(path, sizeof(path), "%s/fuzz.db", dir);
	atexit(cleanup);
	if (sr_store_open(path, &store, &f))
		die("open", &f);

	seed(SR_RES_PRODUCT, "{\"name\": \"Sourdough\", \"price\": 450, "
			     "\"shelf_life_days\": 5, \"storage_per_unit\": 2, "
			     "\"max_batch\": 40}");
	seed(SR_RES_CUSTOMER,
	     "{\"name\": \"Ada\", \"email\": \"ada@example.org\"}");
	seed(SR_RES_SUPPLIER, "{\"name\": \"Mill\", \"lead_time_days\": 3}");
	seed(SR_RES_ORDER, "{\"customer_id\": 1, \"product_id\": 1, "
			   "\"title\": \"Birthday loaf\", \"quantity\": 2, "
			   "\"due_date\": \"2026-12-01\"}");
	seed(SR_RES_BATCH, "{\"product_id\": 1, \"run_date\": \"2026-11-24\", "
			   "\"planned_qty\": 20, \"made_qty\": 20, "
			   "\"rejected_qty\": 1}");
	seed(SR_RES_MATERIAL, "{\"name\": \"Flour\", \"unit\": \"g\", "
			      "\"on_hand\": 10000, \"reorder_level\": 2000}");
	/* Material 2: stock overdrawn nearly as far as on_hand may go. */
	seed(SR_RES_MATERIAL, "{\"name\": \"Yeast\", \"on_hand\": "
			      "-999999000}");
	if (sr_batch_material_add(store, 1, use, strlen(use), now, &id, &out,
				  &f))
		die("material use", &f);
	seed(SR_RES_TIME_ENTRY, "{\"order_id\": 1, \"worker\": \"bo\", "
				"\"started_at\": \"2026-11-24T08:00:00Z\", "
				"\"minutes\": 90}");
	seed(SR_RES_SALE, "{\"batch_id\": 1, \"customer_id\": 1, "
			  "\"quantity\": 3, \"price\": 450}");
	seed(SR_RES_DAY_OFF, "{\"date\": \"2026-12-25\"}");
	seed(SR_RES_MATERIAL_UNIT, "{\"material_id\": 1, \"name\": "
				   "\"sack\", \"base_qty\": 16000}");
	seed(SR_RES_RECIPE_LINE, "{\"product_id\": 1, \"material_id\": 1, "
				 "\"quantity\": 500, \"loss_pct\": 2}");
	/* Product 2: two of product 1 for a batch of 3. */
	seed(SR_RES_PRODUCT, "{\"name\": \"Rye\", \"material_cost\": 7}");
	seed(SR_RES_RECIPE_LINE, "{\"product_id\": 2, \"sub_product_id\": 1, "
				 "\"quantity\": 2, \"per\": \"batch\", "
				 "\"batch_yield\": 3}");
	sr_buf_reset(&out);
	if (sr_timer_start(store, timer, strlen(timer), now, &out, &f))
		die("timer", &f);
	/* Batch 2 of product 1, after every other row so the ids above
	 * stay: two batches with stock, so a sale with no batch is split
	 * across them (lib/sell.c). */
	seed(SR_RES_BATCH, "{\"product_id\": 1, \"run_date\": \"2026-11-23\", "
			   "\"best_before\": \"2026-11-26\", \"made_qty\": 5}");
	/* A record with id 1 of every resource picked[] names, so that an
	 * update of id 1 reaches the resource's rules: a purchase of flour
	 * with its line, a lot, and a quote of the quoted order 1. */
	seed(SR_RES_PURCHASE, "{\"supplier_id\": 1, \"ordered_on\": "
			      "\"2026-11-20\"}");
	seed(SR_RES_PURCHASE_LINE, "{\"purchase_id\": 1, \"material_id\": 1, "
				   "\"quantity\": 1, \"unit\": \"sack\", "
				   "\"price\": 1840}");
	seed(SR_RES_LOT, "{\"material_id\": 1, \"quantity\": 500, "
			 "\"lot\": \"F-1\", \"expires_on\": \"2027-03-01\"}");
	seed(SR_RES_QUOTE, "{\"order_id\": 1, \"price\": 900}");
	sr_buf_release(&out);
	sr_fail_release(&f);

	/* Our own connection: a copy of the seeded state beside it. */
	if (sqlite3_open(path, &db) != SQLITE_OK)
		sql_fail("open");
	sqlite3_busy_timeout(db, 5000);
	/* A restore copies rows as they were, derived columns included
	 * (batches.sold_qty): the triggers that keep those must not fire. */
	if (sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL))
		sql_fail("triggers off");
	snprintf(seed_path, sizeof(seed_path), "%s/seed.db", dir);
	{
		sqlite3 *copy;
		sqlite3_backup *b;

		if (sqlite3_open(seed_path, &copy) != SQLITE_OK)
			sql_fail("seed copy");
		b = sqlite3_backup_init(copy, "main", db, "main");
		if (!b || sqlite3_backup_step(b, -1) != SQLITE_DONE ||
		    sqlite3_backup_finish(b) != SQLITE_OK)
			sql_fail("seed copy");
		sqlite3_close(copy);
	}
	{
		char *sql = sqlite3_mprintf("ATTACH %Q AS seed", seed_path);

		/* Restores are of a throw-away file: no need to sync them. */
		if (!sql || sqlite3_exec(db, sql, NULL, NULL, NULL) ||
		    sqlite3_exec(db,
				 "PRAGMA foreign_keys = OFF; "
				 "PRAGMA main.synchronous = OFF",
				 NULL, NULL, NULL))
			sql_fail("attach");
		sqlite3_free(sql);
	}
	prepare_fingerprint();
	nseeded = fingerprint(seeded);
	return 0;
}

/* The value of a field in an answer, "hours.mon" nested one level. */
static json_t *field_value(const json_t *obj, const char *name)
{
	const char *dot = strchr(name, '.');
	char outer[64];

	if (!dot)
		return json_object_get(obj, name);
	snprintf(outer, sizeof(outer), "%.*s", (int)(dot - name), name);
	return json_object_get(json_object_get(obj, outer), dot + 1);
}

/* The product's stored recipe_cost is what its recipe works out to now. */
static void check_recipe_cost(const json_t *product)
{
	struct sr_buf out = SR_BUF_INIT(OUT_MAX);
	struct sr_fail f = SR_FAIL_INIT;
	const json_t *stored = json_object_get(product, "recipe_cost");
	json_t *tree;
	bool has;

	if (sr_recipe_tree(store,
			   json_integer_value(json_object_get(product, "id")),
			   1, &out, &f))
		die("recipe tree after a write", &f);
	tree = json_loads(out.data, 0, NULL);
	has = !strcmp(json_string_value(
			      json_object_get(tree, "material_cost_source")),
		      "recipe");
	if (has != json_is_integer(stored) ||
	    (has && !json_equal(stored, json_object_get(tree, "unit_cost")))) {
		fprintf(stderr,
			"fuzz-records: product %s costs %s stored, "
			"not what its recipe works out to (%s)\n",
			json_string_value(json_object_get(product, "name")),
			json_dumps(stored, JSON_ENCODE_ANY), out.data);
		abort();
	}
	json_decref(tree);
	sr_buf_release(&out);
	sr_fail_release(&f);
}

/* A stored object must pass its own resource's description. */
static void check_stored(const struct sr_resource *res, const json_t *obj)
{
	if (!json_is_object(obj))
		abort();
	for (size_t i = 0; i < res->nfields; i++) {
		const struct sr_field *fd = &res->fields[i];
		const json_t *v = field_value(obj, fd->name);
		struct sr_fail f = SR_FAIL_INIT;
		char *text;

		if (!v) {
			fprintf(stderr, "fuzz-records: %s has no %s\n",
				res->name, fd->name);
			abort();
		}
		if (fd->flags & SR_F_COMPUTED)
			continue;
		if (!strcmp(fd->name, "id")) {
			if (!json_is_integer(v) || json_integer_value(v) < 1)
				abort();
			continue;
		}
		if (sr_field_check(fd, v, &f) == SR_OK) {
			sr_fail_release(&f);
			continue;
		}
		text = json_dumps(obj, JSON_COMPACT);
		fprintf(stderr,
			"fuzz-records: a stored %s fails its own description: "
			"%s\n  %s\n",
			res->singular, f.message.data, text ? text : "?");
		abort();
	}
	if (res == sr_resource(SR_RES_SALE)) {
		json_int_t q =
			json_integer_value(json_object_get(obj, "quantity"));
		json_int_t p =
			json_integer_value(json_object_get(obj, "price"));
		json_t *t = json_object_get(obj, "total");

		json_int_t want;

		if (__builtin_mul_overflow(q, p, &want) ||
		    !json_is_integer(t) || json_integer_value(t) != want) {
			fprintf(stderr, "fuzz-records: sale total is not "
					"quantity * price\n");
			abort();
		}
	}
	if (res == sr_resource(SR_RES_BATCH) &&
	    json_integer_value(json_object_get(obj, "available_qty")) < 0) {
		fprintf(stderr, "fuzz-records: batch sold more than made\n");
		abort();
	}
	if (res == sr_resource(SR_RES_PRODUCT))
		check_recipe_cost(obj);
}

/* Every stored row of every resource, and the settings. */
static void check_all_stored(void)
{
	struct sr_buf out = SR_BUF_INIT(OUT_MAX);
	struct sr_fail f = SR_FAIL_INIT;
	json_t *doc, *items, *v;
	size_t i;

	for (int r = 0; r < SR_RES__MAX; r++) {
		struct sr_list_query q = {.limit = SR_LIST_MAX};

		if (!sr_res_is_list((enum sr_res)r))
			continue;
		sr_buf_reset(&out);
		if (sr_rec_list(store, (enum sr_res)r, &q, &out, &f))
			die("list after a write", &f);
		doc = json_loads(out.data, 0, NULL);
		items = json_object_get(doc, "items");
		if (!json_is_array(items))
			abort();
		json_array_foreach(items, i, v)
			check_stored(sr_resource((enum sr_res)r), v);
		json_decref(doc);
	}
	sr_buf_reset(&out);
	if (sr_settings_get(store, &out, &f))
		die("settings after a write", &f);
	doc = json_loads(out.data, 0, NULL);
	check_stored(sr_resource(SR_RES_SETTINGS), doc);
	json_decref(doc);
	sr_buf_release(&out);
	sr_fail_release(&f);
}

/*
 * A sale from stock's "allocated" (lib/sell.c): the sales it wrote, the
 * first the one answered, each stored as it says (its batch and
 * quantity), only the last beyond stock and that one with no batch.
 */
static void check_allocated(int64_t id, const json_t *parts)
{
	size_t i, n = json_array_size(parts);
	json_t *p;

	if (!n || json_integer_value(json_object_get(json_array_get(parts, 0),
						     "sale_id")) != id)
		abort();
	json_array_foreach(parts, i, p)
	{
		struct sr_buf out = SR_BUF_INIT(OUT_MAX);
		struct sr_fail f = SR_FAIL_INIT;
		json_int_t sale =
			json_integer_value(json_object_get(p, "sale_id"));
		bool beyond =
			json_integer_value(json_object_get(p, "beyond_stock"));
		json_t *back;

		if (beyond && i + 1 != n)
			abort();
		if (sr_rec_get(store, SR_RES_SALE, sale, &out, &f))
			die("get an allocated sale", &f);
		back = json_loads(out.data, 0, NULL);
		if (!back ||
		    !json_equal(json_object_get(back, "batch_id"),
				json_object_get(p, "batch_id")) ||
		    !json_equal(json_object_get(back, "quantity"),
				json_object_get(p, "quantity")) ||
		    json_integer_value(json_object_get(back, "beyond_stock")) !=
			    beyond ||
		    (beyond && !json_is_null(json_object_get(p, "batch_id"))))
			abort();
		json_decref(back);
		sr_buf_release(&out);
		sr_fail_release(&f);
	}
}

/*
 * The answer of a create: the new row, with id, as sr_rec_get shows it,
 * and beside it "warnings", an array, when the resource has a warn hook
 * (resource.h) and never otherwise; and "allocated" only from a create
 * hook (a sale from stock), checked above.
 */
static void check_created(enum sr_res r, int64_t id, const json_t *doc)
{
	struct sr_buf out = SR_BUF_INIT(OUT_MAX);
	struct sr_fail f = SR_FAIL_INIT;
	const json_t *warnings = json_object_get(doc, "warnings");
	const json_t *allocated = json_object_get(doc, "allocated");
	json_t *back, *row;

	if (id < 1 || json_integer_value(json_object_get(doc, "id")) != id)
		abort();
	if (sr_resource(r)->warn ? !json_is_array(warnings) : warnings != NULL)
		abort();
	if (allocated && (!sr_resource(r)->create || !json_is_array(allocated)))
		abort();
	if (allocated)
		check_allocated(id, allocated);
	if (sr_rec_get(store, r, id, &out, &f))
		die("get after create", &f);
	back = json_loads(out.data, 0, NULL);
	row = json_copy((json_t *)doc);
	if (!row || json_object_del(row, "warnings") != (warnings ? 0 : -1))
		abort();
	json_object_del(row, "allocated");
	if (!back || !json_equal(back, row))
		abort();
	json_decref(row);
	json_decref(back);
	sr_buf_release(&out);
	sr_fail_release(&f);
}

static void check_answer(enum op op, enum sr_res r, int64_t id,
			 const struct sr_buf *out)
{
	json_t *doc = json_loads(out->data, 0, NULL);

	if (!json_is_object(doc))
		abort();
	switch (op) {
	case OP_CREATE:
	case OP_CREATE2: check_created(r, id, doc); break;
	case OP_MATERIAL_ADD:
		check_created(SR_RES_BATCH_MATERIAL, id, doc);
		if (json_integer_value(json_object_get(doc, "batch_id")) != 1)
			abort();
		break;
	case OP_UPDATE:
	case OP_UPDATE2:
		if (json_integer_value(json_object_get(doc, "id")) != 1)
			abort();
		break;
	case OP_SETTINGS:
		if (json_object_get(doc, "id"))
			abort();
		break;
	case OP_TIMER_START:
		/* Starting stops the running one: "me" has one, others not. */
		if (!json_is_object(json_object_get(doc, "started")) ||
		    !json_object_get(doc, "stopped"))
			abort();
		break;
	case OP_TIMER_STOP:
		if (json_is_null(json_object_get(doc, "ended_at")))
			abort();
		break;
	}
	json_decref(doc);
	check_all_stored();
}

static void check_error(enum op op, enum sr_err err, const struct sr_fail *f)
{
	struct sr_buf e = SR_BUF_INIT(1 << 16);

	if (err != SR_EINVAL && err != SR_ECONFLICT &&
	    !(err == SR_ENOTFOUND && op == OP_TIMER_STOP))
		die(sr_strerror(err), f);
	if (f->err != err || !f->code || !f->code[0] || !f->message.len)
		die("failure not described", f);
	if (!strcmp(f->code, "constraint"))
		die("the schema caught what the description let through", f);
	if (sr_fail_to_json(f, &e) != SR_OK || !e.len)
		die("failure does not serialise", f);
	sr_buf_release(&e);
	/* Bad input writes nothing. */
	if (changed())
		die("written on failure", f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sr_buf out = SR_BUF_INIT(OUT_MAX);
	struct sr_fail f = SR_FAIL_INIT;
	enum sr_res r;
	enum op op;
	const char *body;
	size_t len;
	int64_t id = 0, version;
	enum sr_err err = SR_OK;

	if (size < 1)
		return 0;
	r = picked[(((data[0] >> 3) & 8) | (data[0] & 7)) % NPICKED];
	op = (enum op)((data[0] >> 3) & 7);
	body = (const char *)data + 1;
	len = size - 1;
	version = data_version();

	switch (op) {
	case OP_CREATE:
	case OP_CREATE2:
		err = sr_rec_create(store, r, body, len, now, &id, &out, &f);
		break;
	case OP_UPDATE:
	case OP_UPDATE2:
		err = sr_rec_update(store, r, 1, body, len, now, &out, &f);
		break;
	case OP_SETTINGS:
		err = sr_settings_update(store, body, len, &out, &f);
		break;
	case OP_TIMER_START:
		err = sr_timer_start(store, body, len, now, &out, &f);
		break;
	case OP_MATERIAL_ADD:
		err = sr_batch_material_add(store, 1, body, len, now, &id, &out,
					    &f);
		break;
	case OP_TIMER_STOP:
		err = sr_timer_stop(store, body, len, now, &out, &f);
		break;
	}

	if (getenv("FUZZ_RECORDS_VERBOSE"))
		fprintf(stderr, "fuzz-records: op %d resource %d: %s %s %s\n",
			(int)op, (int)r, err ? f.code : "ok",
			err ? f.message.data : "", err ? "" : out.data);
	if (err) {
		if (data_version() != version)
			die("a failed call committed", &f);
		check_error(op, err, &f);
	} else {
		check_answer(op, r, id, &out);
		/* Back to the seeded state for the next input. */
		put_back();
	}
	sr_buf_release(&out);
	sr_fail_release(&f);
	return 0;
}
