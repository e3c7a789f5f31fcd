/*
 * test-accounts.c - lib/accounts.c on a real SQLite file: accounts and
 * their rules, logging in, sessions, tokens, and the audit log with the
 * per-record rules that read it (a maker deletes only their own, the
 * owner alone sets prices, a maker's timer is their own).
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <string.h>

#include "records-fixture.h"
#include "smallrun/accounts.h"

STORE_SUITE(accounts);

static const struct sr_client here = {"127.0.0.1", "test agent"};

/* Create an account from a printf-built body; its id. */
__attribute__((format(printf, 2, 3))) static int64_t
account(bool first, const char *fmt, ...)
{
	struct sr_buf out = SR_BUF_INIT(4096);
	struct sr_fail f = SR_FAIL_INIT;
	char *body = NULL;
	int64_t id = 0;
	va_list ap;

	va_start(ap, fmt);
	cr_assert_geq(vasprintf(&body, fmt, ap), 0);
	va_end(ap);
	cr_assert_eq(sr_account_create(store, body, strlen(body), first, NOW,
				       &id, &out, &f),
		     SR_OK, "%s: %s", body, f.message.data);
	cr_assert_null(strstr(out.data, "argon2"), "%s", out.data);
	cr_assert_null(strstr(out.data, "hash"), "%s", out.data);
	free(body);
	sr_buf_release(&out);
	sr_fail_release(&f);
	return id;
}

static enum sr_err login(sr_throttle *t, const char *who, const char *pw,
			 char secret[SR_SECRET_LEN + 1], struct sr_who *w,
			 int64_t *retry, struct sr_fail *f)
{
	char *body = textf("{\"login\":\"%s\",\"password\":\"%s\"}", who, pw);
	enum sr_err err = sr_login(store, t, body, strlen(body), &here, NOW,
				   secret, w, retry, f);

	free(body);
	return err;
}

/* An owner ann and a maker bob, both with password "password1". */
static int64_t ann, bob;

static void two(void)
{
	ann = account(true, "{\"name\":\"Ann\",\"login\":\"ann\","
			    "\"password\":\"password1\"}");
	bob = account(false, "{\"name\":\"Bob\",\"login\":\"bob\",\"password\":"
			     "\"password1\",\"role\":\"maker\"}");
}

Test(accounts, the_first_is_the_owner_and_setup_happens_once)
{
	struct sr_buf out = SR_BUF_INIT(4096);
	struct sr_fail f = SR_FAIL_INIT;
	const char *maker = "{\"name\":\"M\",\"login\":\"m\",\"password\":"
			    "\"password1\",\"role\":\"maker\"}";
	bool any = true;
	int64_t id;

	cr_assert_eq(sr_accounts_any(store, &any, NULL), SR_OK);
	cr_assert(!any);
	assert_fail(sr_account_create(store, maker, strlen(maker), false, NOW,
				      &id, &out, &f),
		    &f, SR_EINVAL, "bad_value", "role");
	two();
	cr_assert_eq(sr_accounts_any(store, &any, NULL), SR_OK);
	cr_assert(any);
	assert_fail(sr_account_create(store, maker, strlen(maker), true, NOW,
				      &id, &out, &f),
		    &f, SR_EINVAL, "bad_value", "role");
	maker = "{\"name\":\"M\",\"login\":\"m\",\"password\":\"password1\"}";
	assert_fail(sr_account_create(store, maker, strlen(maker), true, NOW,
				      &id, &out, &f),
		    &f, SR_ECONFLICT, "already_set_up", NULL);
	cr_assert_eq(out.len, 0);
	sr_buf_release(&out);
}

Test(accounts, bad_input_names_the_field)
{
	static const struct {
		const char *body, *code, *field;
	} cases[] = {
		{"{\"name\":\"A\",\"login\":\"a "
		 "b\",\"password\":\"password1\"}",
		 "bad_value", "login"},
		{"{\"name\":\"A\",\"login\":\"\",\"password\":\"password1\"}",
		 "bad_length", "login"},
		{"{\"name\":\"\",\"login\":\"a\",\"password\":\"password1\"}",
		 "bad_length", "name"},
		{"{\"name\":\"A\",\"login\":\"a\",\"password\":\"short\"}",
		 "bad_length", "password"},
		{"{\"name\":\"A\",\"login\":\"a\"}", "missing_field",
		 "password"},
		{"{\"name\":\"A\",\"login\":\"a\",\"password\":\"password1\","
		 "\"role\":\"boss\"}",
		 "bad_value", "role"},
		{"{\"name\":\"A\",\"login\":\"a\",\"password\":\"password1\","
		 "\"hash\":\"x\"}",
		 "unknown_field", "hash"},
		{"{\"name\":1,\"login\":\"a\",\"password\":\"password1\"}",
		 "bad_type", "name"},
	};
	struct sr_buf out = SR_BUF_INIT(4096);
	int64_t id;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sr_fail f = SR_FAIL_INIT;

		expect_fail(sr_account_create(store, cases[i].body,
					      strlen(cases[i].body), false, NOW,
					      &id, &out, &f),
			    &f, SR_EINVAL, cases[i].code, cases[i].field,
			    cases[i].body);
	}
	sr_buf_release(&out);
}

Test(accounts, logins_are_the_same_in_any_case)
{
	struct sr_buf out = SR_BUF_INIT(4096);
	struct sr_fail f = SR_FAIL_INIT;
	const char *dup = "{\"name\":\"A\",\"login\":\"ANN\",\"password\":"
			  "\"password1\",\"role\":\"viewer\"}";
	int64_t id;

	two();
	assert_fail(sr_account_create(store, dup, strlen(dup), false, NOW, &id,
				      &out, &f),
		    &f, SR_ECONFLICT, "duplicate", "login");
	cr_assert_eq(sr_account_find(store, "BoB", &id, NULL), SR_OK);
	cr_assert_eq(id, bob);
	sr_buf_release(&out);
}

Test(accounts, the_last_owner_stays)
{
	struct sr_buf out = SR_BUF_INIT(4096);
	struct sr_fail f = SR_FAIL_INIT;
	const char *demote = "{\"role\":\"maker\"}";
	const char *promote = "{\"role\":\"owner\"}";

	two();
	assert_fail(sr_account_update(store, ann, demote, strlen(demote), NOW,
				      &out, &f),
		    &f, SR_ECONFLICT, "last_owner", "role");
	assert_fail(sr_account_remove(store, ann, NOW, &f), &f, SR_ECONFLICT,
		    "last_owner", "role");
	cr_assert_eq(sr_account_update(store, bob, promote, strlen(promote),
				       NOW, &out, &f),
		     SR_OK, "%s", f.message.data);
	sr_buf_reset(&out);
	cr_assert_eq(sr_account_update(store, ann, demote, strlen(demote), NOW,
				       &out, &f),
		     SR_OK, "%s", f.message.data);
	cr_assert_eq(sr_account_remove(store, ann, NOW, &f), SR_OK);
	assert_fail(sr_account_remove(store, bob, NOW, &f), &f, SR_ECONFLICT,
		    "last_owner", "role");
	sr_buf_release(&out);
	sr_fail_release(&f);
}

Test(accounts, unknown_login_and_wrong_password_are_answered_alike)
{
	struct sr_fail f1 = SR_FAIL_INIT, f2 = SR_FAIL_INIT;
	char secret[SR_SECRET_LEN + 1];
	struct sr_who w;
	int64_t retry;
	uint64_t runs;

	two();
	runs = sr_pw_runs();
	cr_assert_eq(login(NULL, "ann", "not it!!", secret, &w, &retry, &f1),
		     SR_EAUTH);
	cr_assert_eq(sr_pw_runs(), runs + 1);
	cr_assert_eq(login(NULL, "nobody", "not it!!", secret, &w, &retry, &f2),
		     SR_EAUTH);
	cr_assert_eq(sr_pw_runs(), runs + 2, "the same argon2 work");
	/* Not even a login's form: still one run, the same answer. */
	cr_assert_eq(
		login(NULL, "no body!", "not it!!", secret, &w, &retry, &f2),
		SR_EAUTH);
	cr_assert_eq(sr_pw_runs(), runs + 3);
	cr_assert_str_eq(f1.code, f2.code);
	cr_assert_str_eq(f1.message.data, f2.message.data);
	cr_assert_str_eq(f1.field.data, f2.field.data);
	sr_fail_release(&f1);
	sr_fail_release(&f2);
}

Test(accounts, a_login_opens_a_session_with_a_new_secret)
{
	char s1[SR_SECRET_LEN + 1], s2[SR_SECRET_LEN + 1];
	struct sr_who w, got;
	int64_t retry;

	two();
	cr_assert_eq(login(NULL, "ANN", "password1", s1, &w, &retry, NULL),
		     SR_OK);
	cr_assert(sr_secret_form(s1, strlen(s1)));
	cr_assert_eq(w.id, ann);
	cr_assert_str_eq(w.login, "ann");
	cr_assert_eq(w.role, SR_ROLE_OWNER);
	cr_assert_eq(login(NULL, "ann", "password1", s2, &w, &retry, NULL),
		     SR_OK);
	cr_assert_str_neq(s1, s2);
	cr_assert_eq(sr_session_check(store, s1, NOW + 10, &got, NULL), SR_OK);
	cr_assert_eq(got.id, ann);
	cr_assert_gt(got.session_id, 0);
	/* A token is not a session, nor the other way round. */
	cr_assert_eq(sr_token_check(store, s1, false, NOW, &got, NULL),
		     SR_EAUTH);
	cr_assert_eq(sr_session_check(store, "x", NOW, &got, NULL), SR_EAUTH);
}

Test(accounts, sessions_slide_and_expire)
{
	char s[SR_SECRET_LEN + 1];
	struct sr_who w;
	int64_t retry, day = 86400;

	two();
	cr_assert_eq(login(NULL, "bob", "password1", s, &w, &retry, NULL),
		     SR_OK);
	/* Used after 29 days: it lasts 30 days from then. */
	cr_assert_eq(sr_session_check(store, s, NOW + 29 * day, &w, NULL),
		     SR_OK);
	cr_assert_eq(sr_session_check(store, s, NOW + 58 * day, &w, NULL),
		     SR_OK);
	cr_assert_eq(sr_session_check(store, s, NOW + 89 * day, &w, NULL),
		     SR_EAUTH);
}

Test(accounts, throttled_after_five_failures_even_with_the_password)
{
	sr_throttle *t = sr_throttle_new();
	struct sr_fail f = SR_FAIL_INIT;
	char s[SR_SECRET_LEN + 1];
	struct sr_who w;
	int64_t retry;

	two();
	for (int i = 0; i < SR_THROTTLE_FREE; i++)
		cr_assert_eq(login(t, "bob", "wrong one", s, &w, &retry, &f),
			     SR_EAUTH);
	cr_assert_eq(login(t, "bob", "password1", s, &w, &retry, &f), SR_EBUSY);
	cr_assert_str_eq(f.code, "too_many_tries");
	cr_assert_eq(retry, SR_THROTTLE_FIRST);
	/* The address too: another login from it waits as well. */
	cr_assert_eq(login(t, "ann", "password1", s, &w, &retry, &f), SR_EBUSY);
	sr_throttle_free(t);
	sr_fail_release(&f);
}

Test(accounts, a_changed_password_ends_the_other_sessions)
{
	char s1[SR_SECRET_LEN + 1], s2[SR_SECRET_LEN + 1];
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_who w1, w2, w;
	const char *wrong = "{\"current\":\"nope nope\",\"new\":\"password2\"}";
	const char *right = "{\"current\":\"password1\",\"new\":\"password2\"}";
	const char *reset = "{\"password\":\"password3\"}";
	int64_t retry;

	two();
	cr_assert_eq(login(NULL, "bob", "password1", s1, &w1, &retry, NULL),
		     SR_OK);
	cr_assert_eq(login(NULL, "bob", "password1", s2, &w2, &retry, NULL),
		     SR_OK);
	assert_fail(sr_password_change(store, &w1, wrong, strlen(wrong), NOW,
				       NULL, &f),
		    &f, SR_EAUTH, "wrong_password", "current");
	cr_assert_eq(sr_password_change(store, &w1, right, strlen(right), NOW,
					NULL, &f),
		     SR_OK, "%s", f.message.data);
	cr_assert_eq(sr_session_check(store, s1, NOW, &w, NULL), SR_OK);
	cr_assert_eq(sr_session_check(store, s2, NOW, &w, NULL), SR_EAUTH);
	cr_assert_eq(login(NULL, "bob", "password1", s2, &w, &retry, NULL),
		     SR_EAUTH);
	cr_assert_eq(login(NULL, "bob", "password2", s2, &w, &retry, NULL),
		     SR_OK);
	/* The owner's reset ends all of them. */
	cr_assert_eq(sr_account_reset(store, bob, reset, strlen(reset), NOW,
				      &f),
		     SR_OK);
	cr_assert_eq(sr_session_check(store, s1, NOW, &w, NULL), SR_EAUTH);
	cr_assert_eq(sr_session_check(store, s2, NOW, &w, NULL), SR_EAUTH);
	sr_fail_release(&f);
}

/*
 * Failures from one IPv6 /64 count together, whatever its addresses and
 * the logins tried; the next /64 is apart.
 */
Test(accounts, an_ipv6_network_is_throttled_as_one_address)
{
	sr_throttle *t = sr_throttle_new();
	struct sr_fail f = SR_FAIL_INIT;
	char s[SR_SECRET_LEN + 1], addr[64], body[96];
	struct sr_who w;
	int64_t retry;
	const char *pw = "{\"login\":\"ann\",\"password\":\"password1\"}";

	two();
	for (int i = 0; i < SR_THROTTLE_FREE; i++) {
		struct sr_client from = {addr, "test agent"};

		snprintf(addr, sizeof(addr), "2001:db8:1:2::%x", i + 1);
		snprintf(body, sizeof(body),
			 "{\"login\":\"nobody%d\",\"password\":\"guess\"}",
			 i);
		cr_assert_eq(sr_login(store, t, body, strlen(body), &from, NOW,
				      s, &w, &retry, &f),
			     SR_EAUTH);
	}
	{
		struct sr_client same = {"2001:db8:1:2:ffff::99", "agent"};
		struct sr_client other = {"2001:db8:1:3::1", "agent"};

		cr_assert_eq(sr_login(store, t, pw, strlen(pw), &same, NOW, s,
				      &w, &retry, &f),
			     SR_EBUSY);
		cr_assert_eq(sr_login(store, t, pw, strlen(pw), &other, NOW, s,
				      &w, &retry, &f),
			     SR_OK);
	}
	sr_throttle_free(t);
	sr_fail_release(&f);
}

Test(accounts, sessions_listed_ended_one_and_everywhere)
{
	char s1[SR_SECRET_LEN + 1], s2[SR_SECRET_LEN + 1];
	struct sr_buf out = SR_BUF_INIT(1 << 16);
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_who w1, w2, w;
	int64_t retry;
	json_t *list;

	two();
	cr_assert_eq(login(NULL, "bob", "password1", s1, &w1, &retry, NULL),
		     SR_OK);
	cr_assert_eq(login(NULL, "bob", "password1", s2, &w2, &retry, NULL),
		     SR_OK);
	cr_assert_eq(sr_session_list(store, &w1, &out, NULL), SR_OK);
	cr_assert_null(strstr(out.data, s1));
	list = parsed(&out);
	cr_assert_eq(num(list, "total"), 2);
	cr_assert(json_is_true(
		json_object_get(find(list, "id", w1.session_id), "current")));
	cr_assert_str_eq(str(find(list, "id", w1.session_id), "user_agent"),
			 "test agent");
	json_decref(list);
	/* Not someone else's. */
	assert_fail(sr_session_end(store, &(struct sr_who){.id = ann},
				   w2.session_id, &f),
		    &f, SR_ENOTFOUND, "not_found", NULL);
	cr_assert_eq(sr_session_end(store, &w1, w2.session_id, NULL), SR_OK);
	cr_assert_eq(sr_session_check(store, s2, NOW, &w, NULL), SR_EAUTH);
	cr_assert_eq(sr_session_check(store, s1, NOW, &w, NULL), SR_OK);
	cr_assert_eq(sr_sessions_end(store, &w1, NULL), SR_OK);
	cr_assert_eq(sr_session_check(store, s1, NOW, &w, NULL), SR_EAUTH);
	sr_buf_release(&out);
}

Test(accounts, tokens_are_shown_once_and_act_as_their_account)
{
	struct sr_buf out = SR_BUF_INIT(1 << 16);
	struct sr_who who = {.id = 0}, w;
	const char *api = "{\"name\":\"till script\"}";
	const char *cal = "{\"name\":\"phone\",\"kind\":\"calendar\"}";
	char secret[SR_SECRET_LEN + 1], cal_secret[SR_SECRET_LEN + 1];
	json_t *t;

	two();
	who.id = bob;
	cr_assert_eq(
		sr_token_create(store, &who, api, strlen(api), NOW, &out, NULL),
		SR_OK);
	t = parsed(&out);
	snprintf(secret, sizeof(secret), "%s", str(t, "secret"));
	cr_assert_str_eq(str(t, "kind"), "api");
	json_decref(t);
	cr_assert_eq(
		sr_token_create(store, &who, cal, strlen(cal), NOW, &out, NULL),
		SR_OK);
	t = parsed(&out);
	snprintf(cal_secret, sizeof(cal_secret), "%s", str(t, "secret"));
	json_decref(t);
	cr_assert_eq(sr_token_check(store, secret, false, NOW, &w, NULL),
		     SR_OK);
	cr_assert_eq(w.id, bob);
	cr_assert_eq(w.role, SR_ROLE_MAKER);
	/* Each kind only where it belongs. */
	cr_assert_eq(sr_token_check(store, secret, true, NOW, &w, NULL),
		     SR_EAUTH);
	cr_assert_eq(sr_token_check(store, cal_secret, true, NOW, &w, NULL),
		     SR_OK);
	cr_assert_eq(sr_token_check(store, cal_secret, false, NOW, &w, NULL),
		     SR_EAUTH);
	cr_assert_eq(sr_token_list(store, &who, &out, NULL), SR_OK);
	cr_assert_null(strstr(out.data, secret), "%s", out.data);
	cr_assert_null(strstr(out.data, "key"), "%s", out.data);
	t = parsed(&out);
	cr_assert_eq(num(t, "total"), 2);
	cr_assert_eq(sr_token_revoke(
			     store, &who,
			     num(json_array_get(json_object_get(t, "items"), 0),
				 "id"),
			     NULL),
		     SR_OK);
	json_decref(t);
	cr_assert_eq(sr_token_check(store, secret, false, NOW, &w, NULL),
		     SR_EAUTH);
	sr_buf_release(&out);
}

/* The audit log's row i (newest first) of a list. */
static json_t *audit(const char *resource, int64_t id)
{
	struct sr_audit_query q = {.resource = resource, .record_id = id};
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	json_t *j;

	cr_assert_eq(sr_audit_list(store, &q, &out, &f), SR_OK, "%s",
		     f.message.data);
	sr_fail_release(&f);
	j = parsed(&out);
	sr_buf_release(&out);
	return j;
}

Test(accounts, every_write_is_audited_with_before_and_after)
{
	int64_t c;
	json_t *log, *e;
	struct sr_fail f = SR_FAIL_INIT;

	sr_act_as("ann", 0, SR_ROLE_OWNER, 0, NOW + 5);
	c = create_id(SR_RES_CUSTOMER, "{\"name\":\"Mo\"}");
	json_decref(update(SR_RES_CUSTOMER, c, "{\"name\":\"Mo Li\"}"));
	cr_assert_eq(sr_rec_delete(store, SR_RES_CUSTOMER, c, &f), SR_OK);
	log = audit("customers", c);
	cr_assert_eq(num(log, "total"), 3);
	e = json_array_get(json_object_get(log, "items"), 0);
	cr_assert_str_eq(str(e, "action"), "delete");
	cr_assert_str_eq(str(e, "actor"), "ann");
	cr_assert_str_eq(str(json_object_get(e, "before"), "name"), "Mo Li");
	cr_assert(json_is_null(json_object_get(e, "after")));
	e = json_array_get(json_object_get(log, "items"), 1);
	cr_assert_str_eq(str(e, "action"), "update");
	cr_assert_str_eq(str(json_object_get(e, "before"), "name"), "Mo");
	cr_assert_str_eq(str(json_object_get(e, "after"), "name"), "Mo Li");
	e = json_array_get(json_object_get(log, "items"), 2);
	cr_assert_str_eq(str(e, "action"), "create");
	cr_assert(json_is_null(json_object_get(e, "before")));
	json_decref(log);
	sr_act_clear();
}

Test(accounts, a_maker_deletes_only_their_own)
{
	struct sr_fail f = SR_FAIL_INIT;
	int64_t mine, theirs;

	two();
	sr_act_as("ann", ann, SR_ROLE_OWNER, 0, NOW);
	theirs = create_id(SR_RES_CUSTOMER, "{\"name\":\"Ann's\"}");
	sr_act_as("bob", bob, SR_ROLE_MAKER, 0, NOW);
	mine = create_id(SR_RES_CUSTOMER, "{\"name\":\"Bob's\"}");
	assert_fail(sr_rec_delete(store, SR_RES_CUSTOMER, theirs, &f), &f,
		    SR_EDENIED, "not_yours", NULL);
	json_decref(fetch(SR_RES_CUSTOMER, theirs));
	cr_assert_eq(sr_rec_delete(store, SR_RES_CUSTOMER, mine, &f), SR_OK);
	sr_act_as("ann", ann, SR_ROLE_OWNER, 0, NOW);
	cr_assert_eq(sr_rec_delete(store, SR_RES_CUSTOMER, theirs, &f), SR_OK);
	sr_act_clear();
	sr_fail_release(&f);
}

Test(accounts, only_the_owner_sets_a_price)
{
	struct sr_fail f = SR_FAIL_INIT;
	int64_t p;

	two();
	sr_act_as("bob", bob, SR_ROLE_MAKER, 0, NOW);
	assert_fail(try_create(SR_RES_PRODUCT, &f,
			       "{\"name\":\"Loaf\",\"price\":300}"),
		    &f, SR_EDENIED, "owner_only", "price");
	p = create_id(SR_RES_PRODUCT, "{\"name\":\"Loaf\",\"price\":0}");
	assert_fail(try_update(SR_RES_PRODUCT, p, &f, "{\"price\":350}"), &f,
		    SR_EDENIED, "owner_only", "price");
	/* The same price again is no change: a whole form saves. */
	json_decref(update(SR_RES_PRODUCT, p,
			   "{\"price\":0,\"minutes_per_unit\":20}"));
	sr_act_as("ann", ann, SR_ROLE_OWNER, 0, NOW);
	json_decref(update(SR_RES_PRODUCT, p, "{\"price\":350}"));
	sr_act_clear();
}

Test(accounts, a_makers_timer_is_their_own)
{
	struct sr_buf out = SR_BUF_INIT(1 << 16);
	struct sr_fail f = SR_FAIL_INIT;
	const char *as_ann = "{\"worker\":\"ann\",\"order_id\":%lld}";
	int64_t o;
	char *body;
	json_t *j;

	two();
	o = create_id(
		SR_RES_ORDER, "{\"customer_id\":%lld,\"title\":\"Bench\"}",
		(long long)create_id(SR_RES_CUSTOMER, "{\"name\":\"Mo\"}"));
	sr_act_as("bob", bob, SR_ROLE_MAKER, 0, NOW);
	body = textf(as_ann, (long long)o);
	assert_fail(sr_timer_start(store, body, strlen(body), NOW, &out, &f),
		    &f, SR_EDENIED, "not_yours", "worker");
	free(body);
	body = textf("{\"order_id\":%lld}", (long long)o);
	cr_assert_eq(sr_timer_start(store, body, strlen(body), NOW, &out, &f),
		     SR_OK, "%s", f.message.data);
	j = parsed(&out);
	cr_assert_str_eq(str(json_object_get(j, "started"), "worker"), "bob");
	json_decref(j);
	free(body);
	sr_act_clear();
	sr_buf_release(&out);
}
