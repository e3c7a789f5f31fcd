/*
 * fuzz-import.c - CSV import of the records (sr_import_csv) on fuzzed
 * files. The first byte picks which file the rest becomes (products.csv,
 * orders.csv, …); each input is imported into a fresh copy of a seeded
 * database. Invariants: a clean error with a code and a message naming the
 * file, and then not one row more anywhere (all or nothing); on success
 * the export of the result can be imported again into an empty database,
 * and gives back every product's and customer's texts exactly (the
 * export's guard against spreadsheet formulas undone, no more, no less).
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "smallrun/records.h"
#include "smallrun/transfer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const files[] = {
	"products", "customers", "materials", "orders", "batches",
	"batch-materials", "time-entries", "sales", "days-off", "settings",
};

/* On /dev/shm when there is one: the store syncs every commit. */
static char dir[64];
static char seed_db[160], work_db[160], in_dir[160], out_dir[160];

static void cleanup(void)
{
	char cmd[200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "cannot remove %s\n", dir);
}

/* Copy a file whole (the seeded database, between inputs). */
static void copy(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char buf[65536];
	size_t n;

	if (!in || !out)
		abort();
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			abort();
	fclose(in);
	if (fclose(out))
		abort();
}

/* Remove a database with its WAL and shared-memory files. */
static void remove_db(const char *path)
{
	char side[200];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

/* Empty a folder of the CSV files this driver writes. */
static void clear(const char *folder)
{
	char path[300];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s.csv", folder, files[i]);
		unlink(path);
	}
}

static void init_once(void)
{
	static const char *const bodies[][2] = {
		{"products", "{\"name\": \"Loaf\", \"price\": 300, "
			     "\"shelf_life_days\": 2}"},
		{"customers", "{\"name\": \"Ann\"}"},
		{"materials", "{\"name\": \"Flour\", \"on_hand\": 5000}"},
		{"batches", "{\"product_id\": 1, \"made_qty\": 20, "
			    "\"run_date\": \"2026-11-20\"}"},
	};
	sr_store *s = NULL;

	if (seed_db[0])
		return;
	snprintf(dir, sizeof(dir), "%s/smallrun-fuzz-import-XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (!mkdtemp(dir))
		abort();
	atexit(cleanup);
	snprintf(seed_db, sizeof(seed_db), "%s/seed.db", dir);
	snprintf(work_db, sizeof(work_db), "%s/work.db", dir);
	snprintf(in_dir, sizeof(in_dir), "%s/in", dir);
	snprintf(out_dir, sizeof(out_dir), "%s/out", dir);
	if (mkdir(in_dir, 0700))
		abort();
	if (sr_store_open(seed_db, &s, NULL))
		abort();
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		struct sr_buf out = SR_BUF_INIT(1 << 20);
		int64_t id;

		if (sr_rec_create(s, (enum sr_res)sr_res_find(bodies[i][0]),
				  bodies[i][1], strlen(bodies[i][1]), 0, &id,
				  &out, NULL))
			abort();
		sr_buf_release(&out);
	}
	sr_store_close(s);
}

/* Rows in every resource, as one number per resource. */
static void counts(sr_store *s, int64_t out[SR_RES__MAX])
{
	for (int r = 0; r < SR_RES__MAX; r++) {
		struct sr_list_query q = {0};
		struct sr_buf b = SR_BUF_INIT(1 << 24);
		const char *t;

		out[r] = 0;
		if (!sr_res_is_list((enum sr_res)r))
			continue;
		q.limit = 1;
		if (sr_rec_list(s, (enum sr_res)r, &q, &b, NULL))
			abort();
		t = strstr(b.data, "\"total\":");
		out[r] = t ? strtoll(t + 8, NULL, 10) : -1;
		sr_buf_release(&b);
	}
}

/* The text fields of a resource's rows, in list order, as one array. */
static json_t *texts(sr_store *s, const char *res, const char *const *fields)
{
	struct sr_list_query q = {0};
	struct sr_buf b = SR_BUF_INIT(1 << 24);
	json_t *doc, *out = json_array(), *it;
	size_t i;

	q.limit = 1000;
	if (sr_rec_list(s, (enum sr_res)sr_res_find(res), &q, &b, NULL))
		abort();
	doc = json_loadb(b.data, b.len, 0, NULL);
	if (!doc || !out)
		abort();
	json_array_foreach(json_object_get(doc, "items"), i, it)
		for (const char *const *f = fields; *f; f++)
			json_array_append(out, json_object_get(it, *f));
	json_decref(doc);
	sr_buf_release(&b);
	return out;
}

/* a and b hold the same texts of res. */
static void same_texts(sr_store *a, sr_store *b, const char *res,
		       const char *const *fields)
{
	json_t *x = texts(a, res, fields), *y = texts(b, res, fields);

	if (!json_equal(x, y))
		abort();
	json_decref(x);
	json_decref(y);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const product_texts[] = {"name", NULL};
	static const char *const customer_texts[] = {"name", "email", "phone",
						     "notes", NULL};
	struct sr_fail f = SR_FAIL_INIT;
	int64_t before[SR_RES__MAX], after[SR_RES__MAX];
	char path[300];
	sr_store *s = NULL;
	FILE *fp;

	if (size < 1)
		return 0;
	init_once();
	clear(in_dir);
	remove_db(work_db);
	copy(seed_db, work_db);
	snprintf(path, sizeof(path), "%s/%s.csv", in_dir,
		 files[data[0] % (sizeof(files) / sizeof(files[0]))]);
	fp = fopen(path, "wb");
	if (!fp || fwrite(data + 1, 1, size - 1, fp) != size - 1)
		abort();
	fclose(fp);
	if (sr_store_open(work_db, &s, NULL))
		abort();
	counts(s, before);
	if (sr_import_csv(s, in_dir, 1795000000, NULL, NULL, &f)) {
		if (!f.code[0] || !f.message.len)
			abort();
		counts(s, after);
		if (memcmp(before, after, sizeof(before)))
			abort(); /* a failed import wrote something */
	} else {
		/* What came in goes out and in again. */
		sr_store *again = NULL;
		struct sr_fail g = SR_FAIL_INIT;
		char db2[200];

		clear(out_dir);
		if (sr_export_csv(s, out_dir, &g))
			abort();
		snprintf(db2, sizeof(db2), "%s/again.db", dir);
		remove_db(db2);
		if (sr_store_open(db2, &again, NULL) ||
		    sr_import_csv(again, out_dir, 1795000000, NULL, NULL, &g))
			abort();
		same_texts(s, again, "products", product_texts);
		same_texts(s, again, "customers", customer_texts);
		sr_store_close(again);
		sr_fail_release(&g);
	}
	sr_store_close(s);
	sr_fail_release(&f);
	return 0;
}
