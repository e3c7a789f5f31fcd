/*
 * fuzz-what-if.c - the economics what-if body, through the real library
 * and a real SQLite file holding one product. Whatever the bytes: a clean
 * error with a code and message, or valid JSON whose figures obey the
 * rules (recommended batch within every cap, at least 1), and the stored
 * product unchanged (a what-if stores nothing).
 */
#define _GNU_SOURCE
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smallrun/economics.h"
#include "smallrun/records.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sr_store *store;
static char dir[] = "/tmp/smallrun-fuzz-whatif-XXXXXX";
static char before[4096];

static void cleanup(void)
{
	char cmd[128];

	sr_store_close(store);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "cannot remove %s\n", dir);
}

static void open_once(void)
{
	static const char product[] =
		"{\"name\": \"Mug\", \"mode\": \"both\", \"price\": 1200, "
		"\"material_cost\": 200, \"minutes_per_unit\": 12, "
		"\"setup_minutes\": 120, \"max_batch\": 200, "
		"\"shelf_life_days\": 30, \"storage_per_unit\": 2}";
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	char path[128];
	int64_t id;

	if (store)
		return;
	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof(path), "%s/f.db", dir);
	if (sr_store_open(path, &store, NULL) ||
	    sr_rec_create(store, SR_RES_PRODUCT, product, strlen(product), 0,
			  &id, &out, NULL))
		abort();
	snprintf(before, sizeof(before), "%s", out.data);
	sr_buf_release(&out);
	atexit(cleanup);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sr_buf out = SR_BUF_INIT(1 << 22), now = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	enum sr_err err;

	open_once();
	err = sr_economics_what_if(store, (const char *)data, size,
				   1795000000, &out, &f);
	if (err) {
		if (!f.code[0] || !f.message.len)
			abort();
	} else {
		json_t *doc = json_loads(out.data, 0, NULL), *batch, *caps, *v;
		const char *key;
		json_int_t rec;

		if (!doc)
			abort();
		batch = json_object_get(doc, "batch");
		caps = json_object_get(batch, "caps");
		rec = json_integer_value(json_object_get(batch, "recommended"));
		if (rec < 1)
			abort();
		json_object_foreach(caps, key, v)
			if (json_integer_value(v) > 0 &&
			    rec > json_integer_value(v))
				abort();
		json_decref(doc);
	}
	if (sr_rec_get(store, SR_RES_PRODUCT, 1, &now, NULL) ||
	    strcmp(now.data, before))
		abort();
	sr_buf_release(&out);
	sr_buf_release(&now);
	sr_fail_release(&f);
	return 0;
}
