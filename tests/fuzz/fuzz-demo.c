/*
 * fuzz-demo.c - libFuzzer driver for the body of POST /api/v1/demo, and
 * the sample workshop on any day, through sr_demo_fill() and
 * sr_demo_remove() on a real SQLite file.
 *
 * Input: the first byte picks today, that many days after 2026-11-23 (a
 * Monday), so fills land on every weekday and across month and year ends;
 * the rest is the body.
 *
 * The database: a fresh file in a private folder (under /dev/shm when it
 * exists), empty, with the default settings.
 *
 * Invariants, abort() on the first that breaks:
 *   - the fill returns SR_OK exactly when the body is empty or a JSON
 *     object with no members (as jansson reads it), else SR_EINVAL with a
 *     code and a message, never another error: the sample's own records
 *     pass every rule on every day;
 *   - after SR_EINVAL nothing is written: the sample is not loaded and
 *     the database is still empty;
 *   - after SR_OK the sample is loaded, and sr_demo_remove() succeeds and
 *     leaves the database empty, not loaded, with the settings as before.
 */
#define _DEFAULT_SOURCE
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "smallrun/date.h"
#include "smallrun/demo.h"
#include "smallrun/records.h"
#include "smallrun/store.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define OUT_MAX (1 << 20)
#define MONDAY "2026-11-23"

static char dir[256], path[300];
static sr_store *store;
static char *settings; /* as they were at the start */

static void die(const char *what, const struct sr_fail *f)
{
	fprintf(stderr, "fuzz-demo: %s: %s %s\n", what, f ? f->code : "",
		f ? f->message.data : "");
	abort();
}

static void cleanup(void)
{
	char side[320];

	sr_store_close(store);
	store = NULL;
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	rmdir(dir);
	free(settings);
}

static char *settings_now(void)
{
	struct sr_buf out = SR_BUF_INIT(OUT_MAX);
	struct sr_fail f = SR_FAIL_INIT;

	if (sr_settings_get(store, &out, &f))
		die("settings", &f);
	sr_fail_release(&f);
	return sr_buf_detach(&out, NULL);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm"
			   : getenv("TMPDIR")		 ? getenv("TMPDIR")
							 : "/tmp";
	struct sr_fail f = SR_FAIL_INIT;

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "%s/smallrun-fuzz-demo-XXXXXX", base);
	if (!mkdtemp(dir))
		die("mkdtemp", NULL);
	snprintf(path, sizeof(path), "%s/fuzz.db", dir);
	atexit(cleanup);
	if (sr_store_open(path, &store, &f))
		die("open", &f);
	sr_fail_release(&f);
	settings = settings_now();
	return 0;
}

/* Is the sample loaded, and is the database empty? */
static void status(bool *loaded, bool *empty)
{
	struct sr_buf out = SR_BUF_INIT(OUT_MAX);
	struct sr_fail f = SR_FAIL_INIT;
	json_t *doc;

	if (sr_demo_status(store, &out, &f))
		die("status", &f);
	doc = json_loads(out.data, 0, NULL);
	if (!doc)
		die("status is not JSON", NULL);
	*loaded = json_is_true(json_object_get(doc, "loaded"));
	*empty = json_is_true(json_object_get(doc, "empty"));
	json_decref(doc);
	sr_buf_release(&out);
	sr_fail_release(&f);
}

/* What the fill must take: nothing, or an object with no members. */
static bool takes(const uint8_t *body, size_t len)
{
	json_t *doc;
	bool ok;

	if (len == 0)
		return true;
	doc = json_loadb((const char *)body, len,
			 JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, NULL);
	ok = json_is_object(doc) && json_object_size(doc) == 0;
	json_decref(doc);
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sr_buf out = SR_BUF_INIT(OUT_MAX);
	struct sr_fail f = SR_FAIL_INIT;
	int64_t today = 0;
	bool loaded, empty;
	enum sr_err err;
	char *now;

	if (size < 1)
		return 0;
	sr_date_parse(MONDAY, strlen(MONDAY), &today);
	today += data[0];
	err = sr_demo_fill(store, (const char *)data + 1, size - 1, today,
			   today * 86400 + 43200, &out, &f);
	if (err != SR_OK && err != SR_EINVAL)
		die("the fill failed", &f);
	if ((err == SR_OK) != takes(data + 1, size - 1))
		die(err ? "a good body was refused" : "a bad body was taken",
		    &f);
	status(&loaded, &empty);
	if (err) {
		if (!f.code || !*f.code || !f.message.len)
			die("an error without words", &f);
		if (loaded || !empty)
			die("a refused fill wrote something", &f);
	} else {
		if (!loaded || empty)
			die("the sample is not loaded", NULL);
		sr_buf_reset(&out);
		if (sr_demo_remove(store, today * 86400 + 43260, &out, &f))
			die("start afresh", &f);
		status(&loaded, &empty);
		now = settings_now();
		if (loaded || !empty || strcmp(now, settings))
			die("start afresh left something", NULL);
		free(now);
	}
	sr_buf_release(&out);
	sr_fail_release(&f);
	return 0;
}
