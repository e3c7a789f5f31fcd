/*
 * seeded.c - the seeded SQLite store the records' fuzz drivers share
 * (seeded.h).
 */
#define _DEFAULT_SOURCE
#include "seeded.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

sr_store *fuzz_store;
static const char *driver = "fuzz";
static char dir[256], path[300], seed_path[300];

void fuzz_die(const char *what, const struct sr_fail *f)
{
	fprintf(stderr, "fuzz-%s: %s: %s %s\n", driver, what, f ? f->code : "",
		f ? f->message.data : "");
	abort();
}

static void remove_db(const char *p)
{
	char side[320];

	unlink(p);
	snprintf(side, sizeof(side), "%s-wal", p);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", p);
	unlink(side);
}

static void cleanup(void)
{
	sr_store_close(fuzz_store);
	fuzz_store = NULL;
	remove_db(path);
	remove_db(seed_path);
	rmdir(dir);
}

static void open_store(void)
{
	struct sr_fail f = SR_FAIL_INIT;

	if (sr_store_open(path, &fuzz_store, &f))
		fuzz_die("open", &f);
	sr_fail_release(&f);
}

void fuzz_open(const char *name)
{
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm"
			   : getenv("TMPDIR")		 ? getenv("TMPDIR")
							 : "/tmp";

	driver = name;
	snprintf(dir, sizeof(dir), "%s/smallrun-fuzz-%s-XXXXXX", base, name);
	if (!mkdtemp(dir))
		fuzz_die("mkdtemp", NULL);
	snprintf(path, sizeof(path), "%s/fuzz.db", dir);
	snprintf(seed_path, sizeof(seed_path), "%s/seed.db", dir);
	atexit(cleanup);
	open_store();
}

void fuzz_seed(const char *r, const char *body)
{
	struct sr_buf out = SR_BUF_INIT(FUZZ_OUT_MAX);
	struct sr_fail f = SR_FAIL_INIT;
	int64_t id;

	if (sr_rec_create(fuzz_store, (enum sr_res)sr_res_find(r), body,
			  strlen(body), FUZZ_NOW, &id, &out, &f))
		fuzz_die(body, &f);
	sr_buf_release(&out);
	sr_fail_release(&f);
}

void fuzz_seed_update(const char *r, int64_t id, const char *body)
{
	struct sr_buf out = SR_BUF_INIT(FUZZ_OUT_MAX);
	struct sr_fail f = SR_FAIL_INIT;

	if (sr_rec_update(fuzz_store, (enum sr_res)sr_res_find(r), id, body,
			  strlen(body), FUZZ_NOW, &out, &f))
		fuzz_die(body, &f);
	sr_buf_release(&out);
	sr_fail_release(&f);
}

void fuzz_keep(void)
{
	struct sr_fail f = SR_FAIL_INIT;

	if (sr_store_backup(fuzz_store, seed_path, &f))
		fuzz_die("backup", &f);
	sr_fail_release(&f);
}

void fuzz_restore(void)
{
	FILE *in, *out;
	char buf[65536];
	size_t n;

	sr_store_close(fuzz_store);
	fuzz_store = NULL;
	remove_db(path);
	in = fopen(seed_path, "rb");
	out = fopen(path, "wb");
	if (!in || !out)
		fuzz_die("copy seed", NULL);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			fuzz_die("copy seed", NULL);
	fclose(in);
	if (fclose(out))
		fuzz_die("copy seed", NULL);
	open_store();
}

json_t *fuzz_all_of(enum sr_res r)
{
	struct sr_list_query q = {.limit = SR_LIST_MAX};
	struct sr_buf out = SR_BUF_INIT(FUZZ_OUT_MAX);
	struct sr_fail f = SR_FAIL_INIT;
	json_t *doc;

	if (r == SR_RES_PRODUCT) {
		q.names[0] = "retired";
		q.values[0] = "1";
		q.n = 1;
	}
	if (sr_rec_list(fuzz_store, r, &q, &out, &f))
		fuzz_die("list", &f);
	doc = json_loads(out.data, 0, NULL);
	if (!doc)
		fuzz_die("list is not JSON", NULL);
	sr_buf_release(&out);
	sr_fail_release(&f);
	return doc;
}

void fuzz_snapshot(const enum sr_res *r, size_t n, struct sr_buf *out)
{
	for (size_t i = 0; i < n; i++) {
		json_t *doc = fuzz_all_of(r[i]);
		char *text = json_dumps(doc, JSON_SORT_KEYS | JSON_COMPACT);

		sr_buf_adds(out, text);
		free(text);
		json_decref(doc);
	}
}

void fuzz_refused(enum sr_err err, const struct sr_fail *f,
		  const struct sr_buf *before, const struct sr_buf *after)
{
	if (err != SR_EINVAL && err != SR_ECONFLICT && err != SR_ENOTFOUND)
		fuzz_die("unexpected error", f);
	if (!f->code || !f->message.len || !strcmp(f->code, "constraint"))
		fuzz_die("error without words, or caught by the schema", f);
	if (before->len != after->len ||
	    memcmp(before->data, after->data, before->len))
		fuzz_die("a refused call wrote something", f);
}
