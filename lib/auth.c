/*
 * auth.c - the roles as one table, passwords (argon2id, at most
 * SR_PW_RUNS_MAX at once), secrets and their stored keys (BLAKE2b), the
 * login throttle (in memory, or in the database for every server on it),
 * and the actor of this thread (auth.h).
 */
#include "compat.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>

#include "db.h"
#include "smallrun/auth.h"

/* clang-format off */
static const struct {
	const char *name;
	const char *limit; /* what it may not, for a 403 */
	bool may[SR_NEED__MAX];
	bool any_record; /* deletes what others created too */
} roles[SR_ROLE__MAX] = {
	[SR_ROLE_VIEWER] = {"viewer", "a viewer may only read",
		{[SR_NEED_NONE] = true, [SR_NEED_READ] = true}, false},
	[SR_ROLE_MAKER] = {"maker", "only the owner may do this",
		{[SR_NEED_NONE] = true, [SR_NEED_READ] = true,
		 [SR_NEED_WRITE] = true, [SR_NEED_OWN] = true}, false},
	[SR_ROLE_OWNER] = {"owner", "",
		{[SR_NEED_NONE] = true, [SR_NEED_READ] = true,
		 [SR_NEED_WRITE] = true, [SR_NEED_OWN] = true,
		 [SR_NEED_OWNER] = true}, true},
};
/* clang-format on */

const char *sr_role_name(enum sr_role role)
{
	return (unsigned)role < SR_ROLE__MAX ? roles[role].name : NULL;
}

int sr_role_find(const char *name)
{
	for (int r = 0; r < SR_ROLE__MAX; r++)
		if (!strcasecmp(roles[r].name, name))
			return r;
	return -1;
}

bool sr_role_may(enum sr_role role, enum sr_need need)
{
	return (unsigned)role < SR_ROLE__MAX && (unsigned)need < SR_NEED__MAX &&
	       roles[role].may[need];
}

bool sr_role_any_record(enum sr_role role)
{
	return (unsigned)role < SR_ROLE__MAX && roles[role].any_record;
}

const char *sr_role_limit(enum sr_role role)
{
	return (unsigned)role < SR_ROLE__MAX ? roles[role].limit : "";
}

/* The actor. */

static _Thread_local struct sr_actor actor = {"unknown", 0, SR_ROLE_OWNER, 0,
					      0};

void sr_act_as(const char *login, int64_t account_id, enum sr_role role,
	       int64_t workshop, int64_t now)
{
	snprintf(actor.login, sizeof(actor.login), "%s", login ? login : "");
	actor.account_id = account_id;
	actor.role = (unsigned)role < SR_ROLE__MAX ? role : SR_ROLE_VIEWER;
	actor.workshop = workshop > 0 ? workshop : 0;
	actor.now = now;
}

void sr_act_clear(void)
{
	sr_act_as("unknown", 0, SR_ROLE_OWNER, 0, 0);
}

const struct sr_actor *sr_actor(void)
{
	return &actor;
}

bool sr_actor_limited(enum sr_need need)
{
	return actor.account_id > 0 && !sr_role_may(actor.role, need);
}

/* libsodium, once per process (sodium_init() is safe to call again). */
static enum sr_err sodium_ready(struct sr_fail *f)
{
	if (sodium_init() < 0)
		return sr_fail_set(f, SR_EIO, "no_random", NULL,
				   "the system's random numbers cannot be "
				   "read");
	return SR_OK;
}

/* Passwords. */

_Static_assert(SR_PW_HASH_SIZE >= crypto_pwhash_STRBYTES,
	       "a stored hash fits SR_PW_HASH_SIZE");

static pthread_mutex_t runs_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t runs_free = PTHREAD_COND_INITIALIZER;
static int running, waiting;
static atomic_uint_fast64_t runs_done;

/* A turn at argon2: SR_EBUSY when too many wait already. */
static enum sr_err run_begin(struct sr_fail *f)
{
	enum sr_err err = SR_OK;

	pthread_mutex_lock(&runs_lock);
	if (running >= SR_PW_RUNS_MAX && waiting >= SR_PW_WAITING_MAX) {
		err = sr_fail_set(f, SR_EBUSY, "busy", NULL,
				  "too many logins at once; try again in a "
				  "moment");
	} else {
		waiting++;
		while (running >= SR_PW_RUNS_MAX)
			pthread_cond_wait(&runs_free, &runs_lock);
		waiting--;
		running++;
	}
	pthread_mutex_unlock(&runs_lock);
	return err;
}

static void run_end(void)
{
	pthread_mutex_lock(&runs_lock);
	running--;
	pthread_cond_signal(&runs_free);
	pthread_mutex_unlock(&runs_lock);
	atomic_fetch_add(&runs_done, 1);
}

uint64_t sr_pw_runs(void)
{
	return (uint64_t)atomic_load(&runs_done);
}

enum sr_err sr_pw_check(const char *pw, size_t len, const char *field,
			struct sr_fail *f)
{
	if (memchr(pw, '\0', len))
		return sr_fail_set(f, SR_EINVAL, "bad_value", field,
				   "%s must not contain a NUL byte", field);
	if (len < SR_PW_MIN || len > SR_PW_MAX)
		return sr_fail_set(f, SR_EINVAL, "bad_length", field,
				   "%s must be from %d to %d bytes long, not "
				   "%zu",
				   field, SR_PW_MIN, SR_PW_MAX, len);
	return SR_OK;
}

enum sr_err sr_pw_hash(const char *pw, size_t len, char out[SR_PW_HASH_SIZE],
		       struct sr_fail *f)
{
	enum sr_err err = sodium_ready(f);
	int rc;

	if (!err)
		err = run_begin(f);
	if (err)
		return err;
	rc = crypto_pwhash_str(out, pw, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			       crypto_pwhash_MEMLIMIT_INTERACTIVE);
	run_end();
	return rc ? sr_fail_oom(f) : SR_OK;
}

/* A hash of a password nobody knows, made once: an unknown login's work. */
static pthread_once_t nobody_once = PTHREAD_ONCE_INIT;
static char nobody[SR_PW_HASH_SIZE];

static void nobody_make(void)
{
	unsigned char pw[32];

	randombytes_buf(pw, sizeof(pw));
	if (crypto_pwhash_str(nobody, (const char *)pw, sizeof(pw),
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE))
		nobody[0] = '\0';
	sodium_memzero(pw, sizeof(pw));
}

enum sr_err sr_pw_verify(const char *hash, const char *pw, size_t len, bool *ok,
			 bool *rehash, struct sr_fail *f)
{
	enum sr_err err = sodium_ready(f);
	/* An empty hash (an account from a downloaded backup) opens to no
	 * password, after the same work as any other. */
	bool known = hash != NULL && hash[0] != '\0';
	int rc;

	*ok = false;
	*rehash = false;
	if (err)
		return err;
	if (!known) {
		pthread_once(&nobody_once, nobody_make);
		if (!nobody[0])
			return sr_fail_oom(f);
		hash = nobody;
	}
	err = run_begin(f);
	if (err)
		return err;
	rc = crypto_pwhash_str_verify(hash, pw, len);
	run_end();
	*ok = known && rc == 0;
	*rehash = *ok && crypto_pwhash_str_needs_rehash(
				 hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
	return SR_OK;
}

/* Secrets. */

_Static_assert(SR_SECRET_LEN + 1 ==
		       sodium_base64_ENCODED_LEN(
			       32, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
	       "32 bytes are 43 characters of base64url");

enum sr_err sr_secret_new(char out[SR_SECRET_LEN + 1], struct sr_fail *f)
{
	unsigned char raw[32];
	enum sr_err err = sodium_ready(f);

	if (err)
		return err;
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, SR_SECRET_LEN + 1, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	return SR_OK;
}

bool sr_secret_form(const char *s, size_t len)
{
	if (len != SR_SECRET_LEN)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return true;
}

void sr_secret_key(const char *secret, char out[SR_SECRET_KEY_LEN + 1])
{
	unsigned char h[SR_SECRET_KEY_LEN / 2];

	crypto_generichash(h, sizeof(h), (const unsigned char *)secret,
			   strlen(secret), NULL, 0);
	sodium_bin2hex(out, SR_SECRET_KEY_LEN + 1, h, sizeof(h));
}

void sr_wipe(void *p, size_t len)
{
	sodium_memzero(p, len);
}

/* The throttle. */

struct throttle_key {
	char key[128]; /* "" for a free slot */
	int64_t failures;
	int64_t last; /* the last failure */
};

struct sr_throttle {
	pthread_mutex_t lock;
	sr_store *store; /* the shared one's; NULL: the table below */
	struct throttle_key k[SR_THROTTLE_KEYS];
};

sr_throttle *sr_throttle_new(void)
{
	sr_throttle *t = calloc(1, sizeof(*t));

	if (t)
		pthread_mutex_init(&t->lock, NULL);
	return t;
}

sr_throttle *sr_throttle_new_shared(sr_store *s)
{
	sr_throttle *t = calloc(1, sizeof(*t)); /* its table unused */

	if (t) {
		pthread_mutex_init(&t->lock, NULL);
		t->store = s;
	}
	return t;
}

void sr_throttle_free(sr_throttle *t)
{
	if (!t)
		return;
	pthread_mutex_destroy(&t->lock);
	free(t);
}

/* The slot of key, or NULL; expired slots are freed on the way. */
static struct throttle_key *throttle_find(sr_throttle *t, const char *key,
					  int64_t now)
{
	struct throttle_key *hit = NULL;

	for (size_t i = 0; i < SR_THROTTLE_KEYS; i++) {
		struct throttle_key *k = &t->k[i];

		if (!k->key[0])
			continue;
		if (now && now - k->last >= SR_THROTTLE_FORGET)
			k->key[0] = '\0';
		else if (!strncmp(k->key, key, sizeof(k->key) - 1))
			hit = k;
	}
	return hit;
}

/* Seconds to wait after n failures, from the last. */
static int64_t delay_after(int64_t n)
{
	int64_t d = SR_THROTTLE_FIRST;

	if (n < SR_THROTTLE_FREE)
		return 0;
	for (int64_t i = SR_THROTTLE_FREE; i < n && d < SR_THROTTLE_LAST; i++)
		d *= 2;
	return d < SR_THROTTLE_LAST ? d : SR_THROTTLE_LAST;
}

/* Seconds the key in slot k must still wait at now; 0 or less when none. */
static int64_t slot_wait(const struct throttle_key *k, int64_t now)
{
	return k->last + delay_after(k->failures) - now;
}

/*
 * A slot a new key may have, or NULL when every slot is in use and
 * waiting: a waiting key is never pushed out, or a flood of made-up keys
 * would set it free. A free slot first, else the fewest failures (a
 * one-off key before one with a history), failed longest ago. *soonest
 * gets the seconds until a slot stops waiting.
 */
static struct throttle_key *throttle_room(sr_throttle *t, int64_t now,
					  int64_t *soonest)
{
	struct throttle_key *room = NULL;

	*soonest = SR_THROTTLE_LAST;
	for (size_t i = 0; i < SR_THROTTLE_KEYS; i++) {
		struct throttle_key *k = &t->k[i];
		int64_t w;

		if (!k->key[0])
			return k;
		w = slot_wait(k, now);
		if (w > 0) {
			if (w < *soonest)
				*soonest = w;
		} else if (!room || k->failures < room->failures ||
			   (k->failures == room->failures &&
			    k->last < room->last)) {
			room = k;
		}
	}
	return room;
}

/* The shared throttle: each call one directory transaction. */
static int64_t shared_wait(sr_throttle *t, const char *key, int64_t now)
{
	struct throttle_key k = {.failures = 0};
	struct sr_tx *tx = NULL;
	enum sr_err err =
		sr_tx_begin_in(t->store, SR_TX_DIRECTORY, 0, &tx, NULL);

	if (!err)
		err = sr_db_throttle_get(tx, key, &k.failures, &k.last, NULL);
	err = sr_tx_finish(tx, err, NULL);
	if (err)
		return SR_THROTTLE_FIRST;
	if (!k.failures || now - k.last >= SR_THROTTLE_FORGET)
		return 0;
	return slot_wait(&k, now);
}

static void shared_fail(sr_throttle *t, const char *key, int64_t now)
{
	struct sr_tx *tx = NULL;
	enum sr_err err = sr_tx_begin_in(
		t->store, SR_TX_DIRECTORY | SR_TX_WRITE, 0, &tx, NULL);

	if (!err)
		err = sr_db_throttle_purge(tx, now - SR_THROTTLE_FORGET, NULL);
	if (!err)
		err = sr_db_throttle_fail(tx, key, now, SR_THROTTLE_FORGET,
					  NULL);
	sr_tx_finish(tx, err, NULL);
}

static void shared_clear(sr_throttle *t, const char *key)
{
	struct sr_tx *tx = NULL;
	enum sr_err err = sr_tx_begin_in(
		t->store, SR_TX_DIRECTORY | SR_TX_WRITE, 0, &tx, NULL);

	if (!err)
		err = sr_db_throttle_clear(tx, key, NULL);
	sr_tx_finish(tx, err, NULL);
}

int64_t sr_throttle_wait(sr_throttle *t, const char *key, int64_t now)
{
	struct throttle_key *k;
	int64_t wait = 0, soonest;

	if (t->store) {
		wait = shared_wait(t, key, now);
		return wait > 0 ? wait : 0;
	}
	pthread_mutex_lock(&t->lock);
	k = throttle_find(t, key, now);
	if (k)
		wait = slot_wait(k, now);
	/* A key that could not be counted waits: a full table fails safe. */
	else if (!throttle_room(t, now, &soonest))
		wait = soonest;
	pthread_mutex_unlock(&t->lock);
	return wait > 0 ? wait : 0;
}

void sr_throttle_fail(sr_throttle *t, const char *key, int64_t now)
{
	struct throttle_key *k;
	int64_t soonest;

	if (t->store) {
		shared_fail(t, key, now);
		return;
	}
	pthread_mutex_lock(&t->lock);
	k = throttle_find(t, key, now);
	if (!k) {
		/* Full of waiting keys: not counted, and sr_throttle_wait says
		 * wait. */
		k = throttle_room(t, now, &soonest);
		if (k) {
			snprintf(k->key, sizeof(k->key), "%s", key);
			k->failures = 0;
		}
	}
	if (k) {
		k->failures++;
		k->last = now;
	}
	pthread_mutex_unlock(&t->lock);
}

void sr_throttle_clear(sr_throttle *t, const char *key)
{
	struct throttle_key *k;

	if (t->store) {
		shared_clear(t, key);
		return;
	}
	pthread_mutex_lock(&t->lock);
	k = throttle_find(t, key, 0);
	if (k)
		k->key[0] = '\0';
	pthread_mutex_unlock(&t->lock);
}
