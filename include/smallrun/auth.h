/*
 * auth.h - who may do what: the roles, passwords, secrets and the login
 * throttle, and who is acting now (the actor every write is recorded
 * under). The accounts themselves are stored by accounts.h.
 *
 * Passwords are hashed with argon2id (libsodium's crypto_pwhash_str, at
 * its INTERACTIVE limits); at most SR_PW_RUNS_MAX hashes run at once in
 * the process, so a flood of logins waits (or is told to come back) rather
 * than taking every core and 64 MiB a try. Secrets (session cookies,
 * tokens) are 32 random bytes written as 43 characters of base64url; only
 * their BLAKE2b hash is stored, so a copy of the database opens nothing.
 */
#ifndef SMALLRUN_AUTH_H
#define SMALLRUN_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "smallrun/err.h"

/* The roles, from least to most; the table in auth.c says what each may. */
enum sr_role {
	SR_ROLE_VIEWER, /* reads only */
	SR_ROLE_MAKER, /* records, timer, sales, plan; deletes only their own */
	SR_ROLE_OWNER, /* everything: accounts, settings, prices, deletions */
	SR_ROLE__MAX
};

/* What a request needs (each route's row in server/route.c says). */
enum sr_need {
	SR_NEED_NONE,  /* anyone: the web app's files, logging in */
	SR_NEED_READ,  /* any account */
	SR_NEED_WRITE, /* change records */
	SR_NEED_OWN,   /* delete a record: a maker only one they created */
	SR_NEED_OWNER, /* settings, accounts, the audit log, backups */
	SR_NEED__MAX
};

/* "viewer", "maker", "owner"; NULL for no role. */
const char *sr_role_name(enum sr_role role);
/* The role called name (any case), or -1. */
int sr_role_find(const char *name);
/* May role do what need asks? SR_NEED_NONE: always. */
bool sr_role_may(enum sr_role role, enum sr_need need);
/* May role delete records others created (SR_NEED_OWN beyond their own)? */
bool sr_role_any_record(enum sr_role role);
/* "a viewer may only read", for a 403's message. */
const char *sr_role_limit(enum sr_role role);

/*
 * Who is acting, for this thread: the login (or "command line"), the
 * account's id (0 when no account is acting: the command line, or a
 * server that has no accounts yet, both with the owner's rights), the
 * role, the workshop they act in (0: none named, so the store's pinned
 * one, store.h; on a PostgreSQL database of many workshops every
 * transaction sees that workshop's rows alone) and the time of the
 * request. Every write through the records
 * (records.c) is recorded in the audit log under it, and the per-record
 * rules read it: a maker deletes only what they created, the owner alone
 * sets a product's price, a maker's timer is their own.
 *
 * sr_act_as() copies login (cut to 64 bytes); sr_act_clear() goes back
 * to the default, "unknown" with the owner's rights in no workshop at
 * time 0.
 */
struct sr_actor {
	char login[65];
	int64_t account_id;
	enum sr_role role;
	int64_t workshop;
	int64_t now;
};
void sr_act_as(const char *login, int64_t account_id, enum sr_role role,
	       int64_t workshop, int64_t now);
void sr_act_clear(void);
/* This thread's actor (never NULL). */
const struct sr_actor *sr_actor(void);
/* Is a logged-in person acting whose role does not reach need? */
bool sr_actor_limited(enum sr_need need);

/* Password lengths, in bytes. */
#define SR_PW_MIN 8
#define SR_PW_MAX 256
/* A stored hash's room, NUL included (crypto_pwhash_STRBYTES). */
#define SR_PW_HASH_SIZE 128
/* Hashes at once, at most; and callers that may wait for one. */
#define SR_PW_RUNS_MAX 2
#define SR_PW_WAITING_MAX 16

/*
 * Check a new password: SR_PW_MIN to SR_PW_MAX bytes, no NUL byte.
 * SR_EINVAL naming field when it is not one.
 */
enum sr_err sr_pw_check(const char *pw, size_t len, const char *field,
			struct sr_fail *f);
/*
 * Hash pw (len bytes) into out. SR_EBUSY ("busy") when SR_PW_WAITING_MAX
 * others already wait their turn; SR_ENOMEM when argon2 has no memory.
 */
enum sr_err sr_pw_hash(const char *pw, size_t len, char out[SR_PW_HASH_SIZE],
		       struct sr_fail *f);
/*
 * Does pw match hash? *ok says; *rehash says the hash was made with
 * other limits than today's and should be made again. A NULL hash is
 * checked against a hash of no one's password, with the same work, so an
 * unknown login costs what a wrong password costs; so is an empty one (an
 * account restored from a downloaded backup), which no password opens.
 * SR_EBUSY as above.
 */
enum sr_err sr_pw_verify(const char *hash, const char *pw, size_t len, bool *ok,
			 bool *rehash, struct sr_fail *f);
/* How many argon2 runs this process has made: hashes and checks (tests). */
uint64_t sr_pw_runs(void);

/* A secret: 43 characters of base64url (32 random bytes). */
#define SR_SECRET_LEN 43
/* Its stored key: BLAKE2b-256 in hex. */
#define SR_SECRET_KEY_LEN 64

/* A new random secret into out (SR_SECRET_LEN + 1 bytes). */
enum sr_err sr_secret_new(char out[SR_SECRET_LEN + 1], struct sr_fail *f);
/* Is s[0..len) a secret's form: 43 base64url characters? */
bool sr_secret_form(const char *s, size_t len);
/* The key a secret is stored and found by, into out (65 bytes). */
void sr_secret_key(const char *secret, char out[SR_SECRET_KEY_LEN + 1]);
/* Wipe a secret (or any memory) so that it does not linger. */
void sr_wipe(void *p, size_t len);

/*
 * The login throttle: failures counted by key ("login:ann",
 * "addr:192.0.2.7"). The first SR_THROTTLE_FREE cost nothing; after
 * that each try waits SR_THROTTLE_FIRST seconds from the last failure,
 * doubling up to SR_THROTTLE_LAST. A key forgotten after
 * SR_THROTTLE_FORGET seconds without a failure. A fixed table of
 * SR_THROTTLE_KEYS keys; when it is full a key that is not waiting makes
 * room (the fewest failures, failed longest ago), never a waiting one.
 * When every key waits, a new key is not counted and must wait too,
 * until the soonest stops waiting. Safe from many threads.
 */
#define SR_THROTTLE_FREE 5
#define SR_THROTTLE_FIRST 30
#define SR_THROTTLE_LAST 900
#define SR_THROTTLE_FORGET 3600
#define SR_THROTTLE_KEYS 4096

typedef struct sr_throttle sr_throttle;
/* A new, empty throttle, or NULL when out of memory; free it. */
sr_throttle *sr_throttle_new(void);
/*
 * A throttle kept in the store's database instead, with the same rules
 * (no table of fixed size: keys are forgotten SR_THROTTLE_FORGET seconds
 * after their last failure), so that every server on one PostgreSQL
 * database counts the same failures. When the database cannot be asked,
 * a key waits SR_THROTTLE_FIRST seconds: it fails safe. NULL when out of
 * memory; free it before the store is closed.
 */
struct sr_store;
sr_throttle *sr_throttle_new_shared(struct sr_store *s);
void sr_throttle_free(sr_throttle *t);
/* Seconds key must still wait at now; 0 when it may try. */
int64_t sr_throttle_wait(sr_throttle *t, const char *key, int64_t now);
/* Count a failure of key at now. */
void sr_throttle_fail(sr_throttle *t, const char *key, int64_t now);
/* Forget key's failures (a login that worked). */
void sr_throttle_clear(sr_throttle *t, const char *key);

#endif
