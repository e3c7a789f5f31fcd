/*
 * fuzz-signup.c - libFuzzer driver for the body of POST /api/v1/signup
 * (sr_signup() in lib/accounts.c), which anyone may send to a server
 * started with --signup, and the slug check it shares with the login's
 * "workshop" field and the operator's commands (sr_slug_check()).
 *
 * The store is a SQLite file in a private folder (under /dev/shm when it
 * exists), made once: a SQLite file holds one workshop, so a body that
 * passes every check ends at not_supported before any password is hashed
 * or anything is written, and every input is checked, none stored. The
 * input is the body.
 *
 * Invariants, abort() on the first that breaks:
 *   - sr_signup() gives SR_EINVAL (a bad body, naming a field of the body
 *     or none) or SR_ECONFLICT "not_supported", never another error; f's
 *     code and message are set; who is left empty and no secret is made;
 *   - when the body is an object whose "workshop" is a string, the answer
 *     about it agrees with sr_slug_check() of that string: a bad slug is
 *     blamed on "workshop" only when the check refuses it;
 *   - sr_slug_check() of the whole input accepts only 1 to 40 of a-z 0-9
 *     and '-', neither first nor last a '-'.
 */
#define _DEFAULT_SOURCE
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smallrun/accounts.h"
#include "smallrun/store.h"
#include "smallrun/workshops.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sr_store *store;
static char dir[64];

static void check(bool ok)
{
	if (!ok)
		abort();
}

static void cleanup(void)
{
	char path[128];

	sr_store_close(store);
	snprintf(path, sizeof(path), "%s/f.db", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/f.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/f.db-shm", dir);
	unlink(path);
	rmdir(dir);
}

static void open_once(void)
{
	struct sr_fail f = SR_FAIL_INIT;
	char path[128];

	if (store)
		return;
	snprintf(dir, sizeof(dir), "%s/fuzz-signup-XXXXXX",
		 access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm");
	check(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/f.db", dir);
	check(sr_store_open(path, &store, &f) == SR_OK);
	sr_fail_release(&f);
	atexit(cleanup);
}

/* Is s[0..n) a slug, by the rule itself? */
static bool slug_by_hand(const char *s, size_t n)
{
	if (n < 1 || n > SR_SLUG_MAX || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_client cl = {"192.0.2.1", "fuzz"};
	char secret[SR_SECRET_LEN + 1];
	struct sr_who who;
	int64_t retry = 0;
	json_t *doc, *slug;
	enum sr_err err;

	open_once();
	check((sr_slug_check((const char *)data, size, "w", NULL) == SR_OK) ==
	      slug_by_hand((const char *)data, size));
	memset(secret, 0, sizeof(secret));
	err = sr_signup(store, NULL, (const char *)data, size, &cl, 1, secret,
			&who, &retry, &f);
	check(err == SR_EINVAL ||
	      (err == SR_ECONFLICT && !strcmp(f.code, "not_supported")));
	check(f.err == err && f.code && f.code[0] && f.message.len > 0);
	check(who.id == 0 && secret[0] == '\0' && retry == 0);
	doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES,
			 NULL);
	slug = json_is_object(doc) ? json_object_get(doc, "workshop") : NULL;
	if (json_is_string(slug) && !strcmp(f.field.data, "workshop") &&
	    !strcmp(f.code, "bad_value"))
		check(sr_slug_check(json_string_value(slug),
				    json_string_length(slug), "workshop",
				    NULL) != SR_OK);
	json_decref(doc);
	sr_fail_release(&f);
	return 0;
}
