/*
 * test-auth.c - lib/auth.c: the roles table, passwords (argon2id), secrets
 * and their keys, the login throttle and the actor.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <sodium.h>
#include <string.h>

#include "smallrun/auth.h"

Test(auth, roles_read_write_own_owner)
{
	static const struct {
		enum sr_role role;
		bool may[SR_NEED__MAX];
	} want[] = {
		{SR_ROLE_VIEWER, {true, true, false, false, false}},
		{SR_ROLE_MAKER, {true, true, true, true, false}},
		{SR_ROLE_OWNER, {true, true, true, true, true}},
	};

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		for (int n = 0; n < SR_NEED__MAX; n++)
			cr_expect_eq(sr_role_may(want[i].role, (enum sr_need)n),
				     want[i].may[n], "%s need %d",
				     sr_role_name(want[i].role), n);
	cr_assert(!sr_role_any_record(SR_ROLE_MAKER));
	cr_assert(sr_role_any_record(SR_ROLE_OWNER));
	cr_assert_eq(sr_role_find("Maker"), SR_ROLE_MAKER);
	cr_assert_eq(sr_role_find("admin"), -1);
	cr_assert(!sr_role_may(SR_ROLE__MAX, SR_NEED_NONE));
	cr_assert_null(sr_role_name(SR_ROLE__MAX));
}

Test(auth, password_bounds_name_the_field)
{
	struct sr_fail f = SR_FAIL_INIT;

	cr_assert_eq(sr_pw_check("short", 5, "password", &f), SR_EINVAL);
	cr_assert_str_eq(f.code, "bad_length");
	cr_assert_str_eq(f.field.data, "password");
	cr_assert_eq(sr_pw_check("long enough\0x", 13, "new", &f), SR_EINVAL);
	cr_assert_str_eq(f.field.data, "new");
	cr_assert_eq(sr_pw_check("long enough", 11, "new", &f), SR_OK);
	sr_fail_release(&f);
}

Test(auth, a_hash_verifies_its_password_only)
{
	char hash[SR_PW_HASH_SIZE];
	bool ok, rehash;

	cr_assert_eq(sr_pw_hash("horse battery", 13, hash, NULL), SR_OK);
	cr_assert(!strncmp(hash, "$argon2id$", 10), "%s", hash);
	cr_assert_eq(
		sr_pw_verify(hash, "horse battery", 13, &ok, &rehash, NULL),
		SR_OK);
	cr_assert(ok && !rehash);
	cr_assert_eq(
		sr_pw_verify(hash, "horse batterY", 13, &ok, &rehash, NULL),
		SR_OK);
	cr_assert(!ok && !rehash);
}

/* An unknown login (no hash) is checked with the same argon2 work. */
Test(auth, no_hash_costs_one_argon2_run_and_fails)
{
	char hash[SR_PW_HASH_SIZE];
	uint64_t before;
	bool ok, rehash;

	cr_assert_eq(sr_pw_hash("horse battery", 13, hash, NULL), SR_OK);
	before = sr_pw_runs();
	cr_assert_eq(
		sr_pw_verify(NULL, "horse battery", 13, &ok, &rehash, NULL),
		SR_OK);
	cr_assert(!ok);
	cr_assert_eq(sr_pw_runs(), before + 1);
	cr_assert_eq(sr_pw_verify(hash, "wrong one", 9, &ok, &rehash, NULL),
		     SR_OK);
	cr_assert(!ok);
	cr_assert_eq(sr_pw_runs(), before + 2);
}

/* A hash made with other limits verifies, and asks to be made again. */
Test(auth, old_limits_ask_for_a_rehash)
{
	char hash[crypto_pwhash_STRBYTES];
	bool ok, rehash;

	cr_assert_eq(sodium_init() >= 0, true);
	cr_assert_eq(crypto_pwhash_str(hash, "horse battery", 13,
				       crypto_pwhash_OPSLIMIT_MIN,
				       crypto_pwhash_MEMLIMIT_MIN),
		     0);
	cr_assert_eq(
		sr_pw_verify(hash, "horse battery", 13, &ok, &rehash, NULL),
		SR_OK);
	cr_assert(ok && rehash);
}

Test(auth, secrets_are_43_base64url_characters_keyed_by_blake2b)
{
	char a[SR_SECRET_LEN + 1], b[SR_SECRET_LEN + 1];
	char ka[SR_SECRET_KEY_LEN + 1], kb[SR_SECRET_KEY_LEN + 1];

	cr_assert_eq(sr_secret_new(a, NULL), SR_OK);
	cr_assert_eq(sr_secret_new(b, NULL), SR_OK);
	cr_assert_eq(strlen(a), SR_SECRET_LEN);
	cr_assert(sr_secret_form(a, strlen(a)));
	cr_assert_str_neq(a, b);
	sr_secret_key(a, ka);
	sr_secret_key(b, kb);
	cr_assert_eq(strlen(ka), SR_SECRET_KEY_LEN);
	cr_assert_eq(strspn(ka, "0123456789abcdef"), SR_SECRET_KEY_LEN);
	cr_assert_str_neq(ka, kb);
	sr_secret_key(a, kb);
	cr_assert_str_eq(ka, kb);
	/* Not the secret itself, in any form. */
	cr_assert_null(strstr(ka, a));
	cr_assert(!sr_secret_form(a, SR_SECRET_LEN - 1));
	a[5] = '=';
	cr_assert(!sr_secret_form(a, SR_SECRET_LEN));
	a[5] = '+';
	cr_assert(!sr_secret_form(a, SR_SECRET_LEN));
}

Test(auth, throttle_five_free_then_30s_doubling_to_900)
{
	static const int64_t waits[] = {0,  0,	 0,   0,   0,	30,
					60, 120, 240, 480, 900, 900};
	sr_throttle *t = sr_throttle_new();
	int64_t now = 1000000;

	cr_assert_not_null(t);
	for (size_t i = 0; i < sizeof(waits) / sizeof(waits[0]); i++) {
		cr_expect_eq(sr_throttle_wait(t, "login:ann", now), waits[i],
			     "after %zu failures: %lld", i,
			     (long long)sr_throttle_wait(t, "login:ann", now));
		sr_throttle_fail(t, "login:ann", now);
	}
	/* Time counts down from the last failure; other keys are free. */
	cr_assert_eq(sr_throttle_wait(t, "login:ann", now + 899), 1);
	cr_assert_eq(sr_throttle_wait(t, "login:ann", now + 900), 0);
	cr_assert_eq(sr_throttle_wait(t, "login:bob", now), 0);
	/* Forgotten an hour after the last failure. */
	sr_throttle_fail(t, "login:ann", now + 900);
	cr_assert_gt(sr_throttle_wait(t, "login:ann", now + 901), 0);
	cr_assert_eq(sr_throttle_wait(t, "login:ann", now + 900 + 3600), 0);
	for (int i = 0; i < 6; i++)
		sr_throttle_fail(t, "addr:x", now);
	cr_assert_eq(sr_throttle_wait(t, "addr:x", now), 60);
	sr_throttle_clear(t, "addr:x");
	cr_assert_eq(sr_throttle_wait(t, "addr:x", now), 0);
	sr_throttle_free(t);
}

/* A full table makes room with the key that failed longest ago. */
Test(auth, throttle_full_table_keeps_the_recent)
{
	sr_throttle *t = sr_throttle_new();
	char key[32];

	for (int i = 0; i < 6; i++)
		sr_throttle_fail(t, "login:recent", 5000);
	for (int i = 0; i < SR_THROTTLE_KEYS + 10; i++) {
		snprintf(key, sizeof(key), "addr:%d", i);
		sr_throttle_fail(t, key, 4000);
	}
	cr_assert_gt(sr_throttle_wait(t, "login:recent", 5000), 0);
	sr_throttle_free(t);
}

/*
 * A flood of made-up keys never pushes out a key that is waiting; with
 * every slot waiting, a key that cannot be counted waits too.
 */
Test(auth, throttle_full_of_waiting_keys_fails_safe)
{
	sr_throttle *t = sr_throttle_new();
	int64_t now = 1000000;
	char key[32];

	cr_assert_not_null(t);
	for (int n = 0; n < SR_THROTTLE_FREE; n++)
		sr_throttle_fail(t, "login:ann", now);
	for (int i = 1; i < SR_THROTTLE_KEYS; i++) {
		snprintf(key, sizeof(key), "addr:%d", i);
		for (int n = 0; n < SR_THROTTLE_FREE; n++)
			sr_throttle_fail(t, key, now);
	}
	for (int i = 0; i < 2 * SR_THROTTLE_KEYS; i++) {
		snprintf(key, sizeof(key), "login:made-up-%d", i);
		sr_throttle_fail(t, key, now + 1);
	}
	cr_assert_eq(sr_throttle_wait(t, "login:ann", now + 1),
		     SR_THROTTLE_FIRST - 1);
	cr_assert_eq(sr_throttle_wait(t, "addr:4095", now + 1),
		     SR_THROTTLE_FIRST - 1);
	/* Not counted, yet told to wait until the soonest slot is free. */
	cr_assert_eq(sr_throttle_wait(t, "login:new", now + 1),
		     SR_THROTTLE_FIRST - 1);
	cr_assert_eq(sr_throttle_wait(t, "login:made-up-0", now + 1),
		     SR_THROTTLE_FIRST - 1);
	/* A login that worked frees its slot for a new key at once. */
	sr_throttle_clear(t, "login:ann");
	cr_assert_eq(sr_throttle_wait(t, "login:new", now + 1), 0);
	for (int n = 0; n < SR_THROTTLE_FREE; n++)
		sr_throttle_fail(t, "login:new", now + 1);
	cr_assert_gt(sr_throttle_wait(t, "login:other", now + 1), 0);
	/* Once the waits are over the table makes room again. */
	cr_assert_eq(
		sr_throttle_wait(t, "login:other", now + SR_THROTTLE_FIRST), 0);
	sr_throttle_free(t);
}

Test(auth, the_actor_is_per_thread_and_defaults_to_owner_rights)
{
	sr_act_clear();
	cr_assert_str_eq(sr_actor()->login, "unknown");
	cr_assert(!sr_actor_limited(SR_NEED_OWNER));
	sr_act_as("ann", 7, SR_ROLE_MAKER, 0, 123);
	cr_assert_str_eq(sr_actor()->login, "ann");
	cr_assert_eq(sr_actor()->account_id, 7);
	cr_assert_eq(sr_actor()->now, 123);
	cr_assert(sr_actor_limited(SR_NEED_OWNER));
	cr_assert(!sr_actor_limited(SR_NEED_WRITE));
	/* No account acting (the command line): the owner's rights. */
	sr_act_as("command line", 0, SR_ROLE_OWNER, 0, 1);
	cr_assert(!sr_actor_limited(SR_NEED_OWNER));
	sr_act_clear();
}
