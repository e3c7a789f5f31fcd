/*
 * hosted-seed.c - many workshops in one PostgreSQL database, for the
 * hosted benchmark (bench/hosted.sh, doc/PERFORMANCE.md "Hosted").
 *
 *	bench-hosted-seed --template FILE.db --db postgresql://…
 *	                  --workshops N --tokens FILE
 *
 * FILE.db is a workshop bench-seed made (bench/seed.c at a small scale).
 * It gets an owner, "bench", and is then moved into the database N times
 * with `smallrun migrate`'s own call (sr_move), as workshops w0001 … wN,
 * each keeping the template's ids, so one request names the same record
 * in any of them. Each workshop gets an API token for its owner; last,
 * the template itself gets one, for the SQLite figure beside. FILE gets a
 * line "SLUG SECRET" per workshop and "sqlite SECRET" last.
 *
 * Prints "HOSTED workshops=N rows=… seconds=…".
 */
#include "compat.h"

#include <getopt.h>
#include <jansson.h>
#include <time.h>

#include "smallrun/accounts.h"
#include "smallrun/auth.h"
#include "smallrun/move.h"
#include "smallrun/store.h"
#include "smallrun/workshops.h"

static int fail(const char *what, const struct sr_fail *f)
{
	fprintf(stderr, "bench-hosted-seed: %s: %s\n", what,
		f->message.len ? f->message.data : sr_strerror(f->err));
	return 1;
}

/* A token for account 1 of workshop ws of s, its secret into out. */
static enum sr_err token_of(sr_store *s, int64_t ws, int64_t now, char *out,
			    size_t size, struct sr_fail *f)
{
	struct sr_who who = {.id = 1, .role = SR_ROLE_OWNER, .workshop = ws};
	struct sr_buf b = SR_BUF_INIT(4096);
	json_t *j = NULL;
	enum sr_err err;

	snprintf(who.login, sizeof(who.login), "bench");
	sr_act_as("bench", 1, SR_ROLE_OWNER, ws, now);
	err = sr_token_create(s, &who, "{\"name\":\"bench\"}", 16, now, &b, f);
	if (!err)
		j = json_loads(b.data, 0, NULL);
	if (!err && !json_string_value(json_object_get(j, "secret")))
		err = sr_fail_set(f, SR_EDB, "database", NULL,
				  "the token has no secret");
	if (!err)
		snprintf(out, size, "%s",
			 json_string_value(json_object_get(j, "secret")));
	json_decref(j);
	sr_buf_release(&b);
	sr_act_clear();
	return err;
}

int main(int argc, char **argv)
{
	static const struct option longs[] = {
		{"template", required_argument, NULL, 't'},
		{"db", required_argument, NULL, 'd'},
		{"workshops", required_argument, NULL, 'n'},
		{"tokens", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	static const char owner[] = "{\"name\":\"Bench\",\"login\":\"bench\","
				    "\"password\":\"bench-password-1\","
				    "\"role\":\"owner\"}";
	const char *tpl = NULL, *db = NULL, *tokens = NULL;
	struct sr_fail f = SR_FAIL_INIT;
	sr_store *from = NULL, *to = NULL;
	struct sr_workshop w;
	struct timespec t0, t1;
	int64_t now = (int64_t)time(NULL), rows = 0, id = 0;
	struct sr_buf out = SR_BUF_INIT(4096);
	char secret[128];
	long n = 0;
	FILE *fp = NULL;
	int c, rc = 1;

	while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
		switch (c) {
		case 't': tpl = optarg; break;
		case 'd': db = optarg; break;
		case 'n': n = strtol(optarg, NULL, 10); break;
		case 'o': tokens = optarg; break;
		default: return 2;
		}
	}
	if (!tpl || !db || !tokens || n < 1 || n > 9999) {
		fprintf(stderr, "usage: bench-hosted-seed --template FILE.db "
				"--db postgresql://... --workshops N (1-9999) "
				"--tokens FILE\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (sr_store_open(tpl, &from, &f) ||
	    sr_workshop_choose(from, NULL, &w, &f))
		return fail(tpl, &f);
	/* The owner every workshop has: one password hash, moved along. */
	if (sr_account_create(from, owner, strlen(owner), true, now, &id, &out,
			      &f) ||
	    id != 1) {
		rc = fail("the owner", &f);
		goto out;
	}
	if (sr_store_open(db, &to, &f)) {
		rc = fail(db, &f);
		goto out;
	}
	fp = fopen(tokens, "w");
	if (!fp) {
		perror(tokens);
		goto out;
	}
	for (long i = 1; i <= n; i++) {
		struct sr_move_report r;
		char slug[16];

		snprintf(slug, sizeof(slug), "w%04ld", i);
		if (sr_move(from, w.id, to, slug, now, &r, &f)) {
			rc = fail(slug, &f);
			goto out;
		}
		if (token_of(to, r.workshop, now, secret, sizeof(secret), &f)) {
			rc = fail(slug, &f);
			goto out;
		}
		fprintf(fp, "%s %s\n", slug, secret);
		rows += r.rows;
	}
	/* After the moves: a session's or token's key is one workshop's. */
	if (token_of(from, w.id, now, secret, sizeof(secret), &f)) {
		rc = fail("the template's token", &f);
		goto out;
	}
	fprintf(fp, "sqlite %s\n", secret);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("HOSTED workshops=%ld rows=%" PRId64 " seconds=%.1f\n", n, rows,
	       (double)(t1.tv_sec - t0.tv_sec) +
		       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	rc = 0;
out:
	if (fp && fclose(fp) && !rc)
		rc = 1;
	sr_store_close(to);
	sr_store_close(from);
	sr_buf_release(&out);
	sr_fail_release(&f);
	return rc;
}
