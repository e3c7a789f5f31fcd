/*
 * accounts.c - accounts, sessions, tokens and the audit log on the store
 * (accounts.h). Passwords are hashed and checked (auth.c) before any
 * write transaction starts, never inside one: argon2 takes tens of
 * milliseconds and 64 MiB, and the store has one writer at a time.
 */
#include "compat.h"

#include <arpa/inet.h>

#include "json.h"
#include "records-int.h"
#include "smallrun/accounts.h"
#include "smallrun/date.h"
#include "workshops-int.h"

/* A throttle key's room: "login:" a login, '@' and a slug. */
#define KEY_SIZE 128

/*
 * The workshop this thread's calls are for: the actor's or the store's
 * pinned one (store.h), SQLite's one, or 0 on a hosted store before a
 * credential has said whose.
 */
static int64_t here(const sr_store *s)
{
	int64_t w = sr_store_workshop(s);

	return w || sr_store_tenants(s) ? w : SR_WORKSHOP_ONLY;
}

/*
 * Within tx, a transaction of workshop w: its row, into who's workshop
 * fields. SR_EAUTH when it is gone (its credentials went with it),
 * SR_EDENIED "workshop_suspended" while it is suspended.
 */
static enum sr_err workshop_state(struct sr_tx *tx, int64_t w,
				  struct sr_who *who, struct sr_fail *f)
{
	json_t *row = NULL;
	const char *status;
	enum sr_err err = sr_db_workshop_find(tx, NULL, w, &row, f);

	if (!err && !row)
		err = sr_fail_set(f, SR_EAUTH, "unauthenticated", NULL,
				  "log in first: this workshop is no more");
	status = json_string_value(json_object_get(row, "status"));
	if (!err && status && !strcmp(status, "suspended"))
		err = sr_fail_set(f, SR_EDENIED, "workshop_suspended", NULL,
				  "this workshop is suspended: its owner can "
				  "ask the service to resume it");
	if (!err) {
		who->workshop = w;
		snprintf(who->workshop_slug, sizeof(who->workshop_slug), "%s",
			 json_string_value(json_object_get(row, "slug")));
	}
	json_decref(row);
	return err;
}

/* Bodies. */

/* The string at key of o into *out (NULL when absent and not required). */
static enum sr_err text_of(const json_t *o, const char *key, bool required,
			   const char **out, size_t *len, struct sr_fail *f)
{
	const json_t *v = json_object_get(o, key);

	*out = NULL;
	if (len)
		*len = 0;
	if (!v && !required)
		return SR_OK;
	if (!v || json_is_null(v))
		return sr_fail_set(f, SR_EINVAL, "missing_field", key,
				   "%s is required", key);
	if (!json_is_string(v))
		return sr_fail_set(f, SR_EINVAL, "bad_type", key,
				   "%s must be a string, not %s", key,
				   sr_json_type_name(v));
	*out = json_string_value(v);
	if (len)
		*len = json_string_length(v);
	return SR_OK;
}

/* Parse body, an object whose keys are all among keys (NULL-ended). */
static enum sr_err body_of(const char *body, size_t len,
			   const char *const *keys, json_t **doc,
			   struct sr_fail *f)
{
	struct sr_buf known = SR_BUF_INIT(256);
	const char *key;
	json_t *v;
	enum sr_err err = SR_OK;

	*doc = sr_json_parse_object(body, len, f);
	if (!*doc)
		return f ? f->err : SR_EINVAL;
	json_object_foreach(*doc, key, v)
	{
		const char *const *k;
		char name[48];

		for (k = keys; *k && strcmp(*k, key); k++)
			;
		if (*k)
			continue;
		for (k = keys; *k; k++)
			sr_buf_addf(&known, "%s%s", k == keys ? "" : ", ", *k);
		snprintf(name, sizeof(name), "%.40s", key);
		err = sr_fail_set(f, SR_EINVAL, "unknown_field", name,
				  "unknown field '%s'; give %s", name,
				  known.data);
		break;
	}
	sr_buf_release(&known);
	if (err) {
		json_decref(*doc);
		*doc = NULL;
	}
	return err;
}

enum sr_err sr_login_check(const char *login, size_t len, const char *field,
			   struct sr_fail *f)
{
	if (len < 1 || len > SR_LOGIN_MAX)
		return sr_fail_set(f, SR_EINVAL, "bad_length", field,
				   "%s must be 1 to %d characters long", field,
				   SR_LOGIN_MAX);
	for (size_t i = 0; i < len; i++) {
		char c = login[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '@' || c == '-'))
			return sr_fail_set(f, SR_EINVAL, "bad_value", field,
					   "%s may hold only letters A to Z, "
					   "digits and . _ @ -",
					   field);
	}
	return SR_OK;
}

static enum sr_err name_check(const char *name, size_t len, struct sr_fail *f)
{
	if (len < 1 || len > SR_ACCOUNT_NAME_MAX)
		return sr_fail_set(f, SR_EINVAL, "bad_length", "name",
				   "name must be 1 to %d bytes long",
				   SR_ACCOUNT_NAME_MAX);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return sr_fail_set(f, SR_EINVAL, "bad_value", "name",
					   "name must not hold control "
					   "characters");
	return SR_OK;
}

static enum sr_err role_check(const char *role, int *r, struct sr_fail *f)
{
	*r = sr_role_find(role);
	if (*r < 0)
		return sr_fail_set(f, SR_EINVAL, "bad_value", "role",
				   "role must be one of: viewer, maker, owner");
	return SR_OK;
}

/* Accounts as JSON. */

/* The account row without its hash, as answers show it. */
static json_t *account_shown(const json_t *row)
{
	json_t *o = json_deep_copy(row);

	if (o)
		json_object_del(o, "hash");
	return o;
}

/* Fill who from a row with {id, name, login, role}. */
static void who_of(const json_t *row, struct sr_who *who)
{
	const char *role = json_string_value(json_object_get(row, "role"));
	int r = role ? sr_role_find(role) : -1;

	memset(who, 0, sizeof(*who));
	who->id = json_integer_value(json_object_get(row, "id"));
	snprintf(who->login, sizeof(who->login), "%s",
		 json_string_value(json_object_get(row, "login")));
	snprintf(who->name, sizeof(who->name), "%s",
		 json_string_value(json_object_get(row, "name")));
	who->role = r < 0 ? SR_ROLE_VIEWER : (enum sr_role)r;
}

enum sr_err sr_who_json(const struct sr_who *who, struct sr_buf *out)
{
	json_t *o = json_pack("{sIssssss}", "id", (json_int_t)who->id, "login",
			      who->login, "name", who->name, "role",
			      sr_role_name(who->role));
	enum sr_err err = o ? sr_json_dump(o, out, 0) : SR_ENOMEM;

	json_decref(o);
	return err;
}

static enum sr_err dump(json_t *doc, struct sr_buf *out, struct sr_fail *f)
{
	enum sr_err err = doc ? sr_json_dump(doc, out, 0) : SR_ENOMEM;

	json_decref(doc);
	return err ? sr_fail_set(f, err, "internal", NULL,
				 "the answer could not be written")
		   : SR_OK;
}

/* The audit log. */

enum sr_err sr_audit_write(struct sr_tx *tx, const char *resource, int64_t id,
			   const char *action, const json_t *before,
			   const json_t *after, int64_t now, struct sr_fail *f)
{
	const struct sr_actor *who = sr_actor();
	char *b = before ? json_dumps(before, JSON_COMPACT) : NULL;
	char *a = after ? json_dumps(after, JSON_COMPACT) : NULL;
	struct sr_db_audit row = {
		.at = who->now ? who->now : now,
		.actor = who->login,
		.account_id = who->account_id,
		.resource = resource,
		.record_id = id,
		.action = action,
		.before = b,
		.after = a,
	};
	enum sr_err err = (before && !b) || (after && !a)
				  ? sr_fail_oom(f)
				  : sr_db_audit_add(tx, &row, f);

	free(b);
	free(a);
	return err;
}

/* The same for an account: its row, shown without the hash. */
static enum sr_err audit_account(struct sr_tx *tx, int64_t id,
				 const char *action, const json_t *before,
				 const json_t *after, int64_t now,
				 struct sr_fail *f)
{
	json_t *b = before ? account_shown(before) : NULL;
	json_t *a = after ? account_shown(after) : NULL;
	enum sr_err err = (before && !b) || (after && !a)
				  ? sr_fail_oom(f)
				  : sr_audit_write(tx, "accounts", id, action,
						   b, a, now, f);

	json_decref(b);
	json_decref(a);
	return err;
}

enum sr_err sr_audit_list(sr_store *s, const struct sr_audit_query *q,
			  struct sr_buf *out, struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	json_t *rows = NULL, *doc = NULL, *r;
	int64_t limit = q->limit, total = 0;
	size_t i;
	enum sr_err err = sr_rec_page(&limit, q->offset, f);

	if (!err)
		err = sr_tx_begin(s, false, &tx, f);
	if (!err)
		err = sr_db_audit(tx, q->actor, q->resource, q->record_id,
				  limit, q->offset, &rows, &total, f);
	err = sr_tx_finish(tx, err, f);
	if (err)
		goto out;
	/* before and after are stored as JSON text: shown as JSON. */
	json_array_foreach(rows, i, r)
	{
		static const char *const keys[] = {"before", "after"};

		for (size_t k = 0; k < 2; k++) {
			const char *t =
				json_string_value(json_object_get(r, keys[k]));

			if (t)
				json_object_set_new(
					r, keys[k],
					json_loads(t, JSON_DECODE_ANY, NULL));
		}
	}
	doc = json_pack("{sOsIsIsI}", "items", rows, "total", (json_int_t)total,
			"limit", (json_int_t)limit, "offset",
			(json_int_t)q->offset);
	err = dump(doc, out, f);
out:
	json_decref(rows);
	return err;
}

/* Accounts. */

enum sr_err sr_accounts_any(sr_store *s, bool *any, struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	enum sr_err err = sr_tx_begin(s, false, &tx, f);

	*any = false;
	if (!err)
		err = sr_db_accounts_any(tx, any, f);
	return sr_tx_finish(tx, err, f);
}

/* A duplicate login, said so. */
static enum sr_err login_taken(enum sr_err err, const char *login,
			       struct sr_fail *f)
{
	if (err == SR_ECONFLICT && f && !strcmp(f->code, "duplicate"))
		return sr_fail_set(f, SR_ECONFLICT, "duplicate", "login",
				   "the login '%s' is taken (logins are the "
				   "same in any case)",
				   login);
	return err;
}

enum sr_err sr_account_create(sr_store *s, const char *body, size_t len,
			      bool first, int64_t now, int64_t *id,
			      struct sr_buf *out, struct sr_fail *f)
{
	static const char *const keys[] = {"name", "login", "password", "role",
					   NULL};
	char hash[SR_PW_HASH_SIZE];
	const char *name, *login, *pw, *role;
	size_t name_len, login_len, pw_len;
	struct sr_tx *tx = NULL;
	json_t *doc = NULL, *row = NULL;
	bool any = false;
	int r = SR_ROLE_OWNER;
	enum sr_err err;

	*id = 0;
	err = body_of(body, len, keys, &doc, f);
	if (!err)
		err = text_of(doc, "name", true, &name, &name_len, f);
	if (!err)
		err = name_check(name, name_len, f);
	if (!err)
		err = text_of(doc, "login", true, &login, &login_len, f);
	if (!err)
		err = sr_login_check(login, login_len, "login", f);
	if (!err)
		err = text_of(doc, "password", true, &pw, &pw_len, f);
	if (!err)
		err = sr_pw_check(pw, pw_len, "password", f);
	if (!err)
		err = text_of(doc, "role", !first, &role, NULL, f);
	if (!err && role)
		err = role_check(role, &r, f);
	if (!err && first && r != SR_ROLE_OWNER)
		err = sr_fail_set(f, SR_EINVAL, "bad_value", "role",
				  "the first account is the owner's");
	/* The hash before the write transaction, never in it. */
	if (!err)
		err = sr_pw_hash(pw, pw_len, hash, f);
	if (!err)
		err = sr_tx_begin(s, true, &tx, f);
	if (!err)
		err = sr_db_accounts_any(tx, &any, f);
	if (!err && first && any)
		err = sr_fail_set(f, SR_ECONFLICT, "already_set_up", NULL,
				  "smallrun has accounts already; log in, or "
				  "ask the owner for one");
	/* Someone must be able to manage the rest. */
	if (!err && !any && r != SR_ROLE_OWNER)
		err = sr_fail_set(f, SR_EINVAL, "bad_value", "role",
				  "the first account must be an owner's: "
				  "give role owner");
	if (!err)
		err = login_taken(sr_db_account_add(tx, name, login,
						    sr_role_name(r), hash, now,
						    id, f),
				  login, f);
	if (!err)
		err = sr_db_account_find(tx, NULL, *id, &row, f);
	if (!err)
		err = audit_account(tx, *id, "create", NULL, row, now, f);
	err = sr_tx_finish(tx, err, f);
	if (!err)
		err = dump(account_shown(row), out, f);
	sr_wipe(hash, sizeof(hash));
	json_decref(doc);
	json_decref(row);
	return err;
}

enum sr_err sr_account_list(sr_store *s, int64_t limit, int64_t offset,
			    struct sr_buf *out, struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	json_t *rows = NULL;
	int64_t total = 0;
	enum sr_err err = sr_rec_page(&limit, offset, f);

	if (!err)
		err = sr_tx_begin(s, false, &tx, f);
	if (!err)
		err = sr_db_accounts(tx, limit, offset, &rows, &total, f);
	err = sr_tx_finish(tx, err, f);
	if (!err)
		err = dump(json_pack("{sOsIsIsI}", "items", rows, "total",
				     (json_int_t)total, "limit",
				     (json_int_t)limit, "offset",
				     (json_int_t)offset),
			   out, f);
	json_decref(rows);
	return err;
}

/* The stored account with this id (hash included); SR_ENOTFOUND. */
static enum sr_err account_row(struct sr_tx *tx, int64_t id, json_t **row,
			       struct sr_fail *f)
{
	enum sr_err err = sr_db_account_find(tx, NULL, id, row, f);

	if (!err && !*row)
		err = sr_fail_set(f, SR_ENOTFOUND, "not_found", NULL,
				  "no account has id %" PRId64, id);
	return err;
}

enum sr_err sr_account_find(sr_store *s, const char *login, int64_t *id,
			    struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	json_t *row = NULL;
	enum sr_err err = sr_tx_begin(s, false, &tx, f);

	*id = 0;
	if (!err)
		err = sr_db_account_find(tx, login, 0, &row, f);
	if (!err && !row)
		err = sr_fail_set(f, SR_ENOTFOUND, "not_found", "login",
				  "no account has the login '%.64s'", login);
	if (!err)
		*id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	return sr_tx_finish(tx, err, f);
}

enum sr_err sr_account_get(sr_store *s, int64_t id, struct sr_buf *out,
			   struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	json_t *row = NULL;
	enum sr_err err = sr_tx_begin(s, false, &tx, f);

	if (!err)
		err = account_row(tx, id, &row, f);
	err = sr_tx_finish(tx, err, f);
	if (!err)
		err = dump(account_shown(row), out, f);
	json_decref(row);
	return err;
}

/* Would making account row something else, or removing it, leave no
 * owner? SR_ECONFLICT "last_owner" when it would. */
static enum sr_err keep_an_owner(struct sr_tx *tx, const json_t *row,
				 const char *what, struct sr_fail *f)
{
	const char *role = json_string_value(json_object_get(row, "role"));
	int64_t owners = 0;
	enum sr_err err;

	if (!role || strcmp(role, "owner"))
		return SR_OK;
	err = sr_db_account_owners(tx, &owners, f);
	if (!err && owners <= 1)
		err = sr_fail_set(
			f, SR_ECONFLICT, "last_owner", "role",
			"%s is the only owner and cannot be %s; make "
			"someone else an owner first",
			json_string_value(json_object_get(row, "login")), what);
	return err;
}

enum sr_err sr_account_update(sr_store *s, int64_t id, const char *body,
			      size_t len, int64_t now, struct sr_buf *out,
			      struct sr_fail *f)
{
	static const char *const keys[] = {"name", "login", "role", NULL};
	const char *name, *login, *role;
	size_t name_len, login_len;
	struct sr_tx *tx = NULL;
	json_t *doc = NULL, *old = NULL, *row = NULL;
	int r = -1;
	enum sr_err err;

	err = body_of(body, len, keys, &doc, f);
	if (!err && json_object_size(doc) == 0)
		err = sr_fail_set(f, SR_EINVAL, "missing_value", NULL,
				  "give at least one of name, login, role");
	if (!err)
		err = text_of(doc, "name", false, &name, &name_len, f);
	if (!err && name)
		err = name_check(name, name_len, f);
	if (!err)
		err = text_of(doc, "login", false, &login, &login_len, f);
	if (!err && login)
		err = sr_login_check(login, login_len, "login", f);
	if (!err)
		err = text_of(doc, "role", false, &role, NULL, f);
	if (!err && role)
		err = role_check(role, &r, f);
	if (!err)
		err = sr_tx_begin(s, true, &tx, f);
	if (!err)
		err = account_row(tx, id, &old, f);
	if (!err && r >= 0 && r != SR_ROLE_OWNER)
		err = keep_an_owner(tx, old, "made something else", f);
	if (!err) {
		const char *n =
			name ? name
			     : json_string_value(json_object_get(old, "name"));
		const char *l = login ? login
				      : json_string_value(
						json_object_get(old, "login"));
		const char *ro = r >= 0 ? sr_role_name((enum sr_role)r)
					: json_string_value(
						  json_object_get(old, "role"));

		err = login_taken(sr_db_account_set(tx, id, n, l, ro, f), l, f);
	}
	if (!err)
		err = account_row(tx, id, &row, f);
	if (!err)
		err = audit_account(tx, id, "update", old, row, now, f);
	err = sr_tx_finish(tx, err, f);
	if (!err)
		err = dump(account_shown(row), out, f);
	json_decref(doc);
	json_decref(old);
	json_decref(row);
	return err;
}

enum sr_err sr_account_remove(sr_store *s, int64_t id, int64_t now,
			      struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	json_t *old = NULL;
	enum sr_err err = sr_tx_begin(s, true, &tx, f);

	if (!err)
		err = account_row(tx, id, &old, f);
	if (!err)
		err = keep_an_owner(tx, old, "removed", f);
	if (!err)
		err = sr_db_account_remove(tx, id, f);
	if (!err)
		err = audit_account(tx, id, "delete", old, NULL, now, f);
	err = sr_tx_finish(tx, err, f);
	json_decref(old);
	return err;
}

/*
 * Store hash as account id's, end its sessions but keep (0: all) and
 * revoke every token of theirs: a new password is often the answer to a
 * secret that got out. The audit log says the password was set anew.
 */
static enum sr_err set_hash(sr_store *s, int64_t id, const char *hash,
			    int64_t keep, int64_t now, struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	json_t *row = NULL, *after = NULL;
	enum sr_err err = sr_tx_begin(s, true, &tx, f);

	if (!err)
		err = account_row(tx, id, &row, f);
	if (!err)
		err = sr_db_account_hash(tx, id, hash, f);
	if (!err)
		err = sr_db_sessions_end(tx, id, keep, f);
	if (!err)
		err = sr_db_tokens_end(tx, id, f);
	if (!err && (!(after = json_deep_copy(row)) ||
		     json_object_set_new(after, "password",
					 json_string("set anew"))))
		err = sr_fail_oom(f);
	if (!err)
		err = audit_account(tx, id, "update", row, after, now, f);
	json_decref(after);
	json_decref(row);
	return sr_tx_finish(tx, err, f);
}

enum sr_err sr_account_reset(sr_store *s, int64_t id, const char *body,
			     size_t len, int64_t now, struct sr_fail *f)
{
	static const char *const keys[] = {"password", NULL};
	char hash[SR_PW_HASH_SIZE];
	json_t *doc = NULL;
	const char *pw;
	size_t pw_len;
	enum sr_err err = body_of(body, len, keys, &doc, f);

	if (!err)
		err = text_of(doc, "password", true, &pw, &pw_len, f);
	if (!err)
		err = sr_pw_check(pw, pw_len, "password", f);
	if (!err)
		err = sr_pw_hash(pw, pw_len, hash, f);
	if (!err)
		err = set_hash(s, id, hash, 0, now, f);
	sr_wipe(hash, sizeof(hash));
	json_decref(doc);
	return err;
}

/* The throttle's keys for a login (of the workshop slug, on a hosted
 * store; else NULL) and an address. */
static void throttle_keys(const char *login, const char *slug,
			  const char *address, char by_login[KEY_SIZE],
			  char by_addr[KEY_SIZE])
{
	size_t n = (size_t)snprintf(by_login, KEY_SIZE, "login:%.64s%s%.40s",
				    login, slug ? "@" : "", slug ? slug : "");

	for (size_t i = 6; i < n && i < KEY_SIZE - 1; i++)
		if (by_login[i] >= 'A' && by_login[i] <= 'Z')
			by_login[i] = (char)(by_login[i] - 'A' + 'a');
	snprintf(by_addr, KEY_SIZE, "addr:%.80s", address ? address : "-");
	/*
	 * An IPv6 address by its /64: one network hands out a whole /64, so
	 * counting each of its addresses apart would let one attacker try as
	 * many times as they like.
	 */
	if (address && strchr(address, ':')) {
		unsigned char a[16];

		static const unsigned char v4[12] = {[10] = 0xff, [11] = 0xff};

		/* ::ffff:a.b.c.d is an IPv4 address: kept whole. */
		if (inet_pton(AF_INET6, address, a) == 1 &&
		    memcmp(a, v4, sizeof(v4)))
			snprintf(by_addr, KEY_SIZE,
				 "addr6:%02x%02x:%02x%02x:%02x%02x:%02x%02x::/"
				 "64",
				 a[0], a[1], a[2], a[3], a[4], a[5], a[6],
				 a[7]);
	}
}

/* How long the keys must wait; SR_EBUSY "too_many_tries" when they must. */
static enum sr_err throttled(sr_throttle *t, const char *k1, const char *k2,
			     int64_t now, int64_t *retry_after,
			     struct sr_fail *f)
{
	int64_t w1 = t ? sr_throttle_wait(t, k1, now) : 0;
	int64_t w2 = t && k2 ? sr_throttle_wait(t, k2, now) : 0;

	*retry_after = w1 > w2 ? w1 : w2;
	if (!*retry_after)
		return SR_OK;
	return sr_fail_set(f, SR_EBUSY, "too_many_tries", NULL,
			   "too many wrong passwords; try again in %" PRId64
			   " seconds",
			   *retry_after);
}

enum sr_err sr_password_change(sr_store *s, const struct sr_who *who,
			       const char *body, size_t len, int64_t now,
			       sr_throttle *t, struct sr_fail *f)
{
	static const char *const keys[] = {"current", "new", NULL};
	char hash[SR_PW_HASH_SIZE], k1[KEY_SIZE], k2[KEY_SIZE];
	const char *cur, *pw, *stored;
	size_t cur_len, pw_len;
	struct sr_tx *tx = NULL;
	json_t *doc = NULL, *row = NULL;
	bool ok = false, rehash;
	int64_t wait;
	enum sr_err err = body_of(body, len, keys, &doc, f);

	throttle_keys(who->login,
		      sr_store_tenants(s) ? who->workshop_slug : NULL, NULL, k1,
		      k2);
	if (!err)
		err = text_of(doc, "current", true, &cur, &cur_len, f);
	if (!err)
		err = text_of(doc, "new", true, &pw, &pw_len, f);
	if (!err)
		err = sr_pw_check(pw, pw_len, "new", f);
	if (!err)
		err = throttled(t, k1, NULL, now, &wait, f);
	if (!err)
		err = sr_tx_begin(s, false, &tx, f);
	if (!err)
		err = account_row(tx, who->id, &row, f);
	err = sr_tx_finish(tx, err, f);
	stored = json_string_value(json_object_get(row, "hash"));
	if (!err)
		err = sr_pw_verify(stored, cur, cur_len, &ok, &rehash, f);
	if (!err && !ok) {
		if (t)
			sr_throttle_fail(t, k1, now);
		err = sr_fail_set(f, SR_EAUTH, "wrong_password", "current",
				  "the current password is not right");
	}
	if (!err)
		err = sr_pw_hash(pw, pw_len, hash, f);
	if (!err)
		err = set_hash(s, who->id, hash, who->session_id, now, f);
	sr_wipe(hash, sizeof(hash));
	json_decref(doc);
	json_decref(row);
	return err;
}

/* Sessions. */

/* A user agent as kept: printable ASCII, at most 200 bytes. */
static void agent_of(const char *ua, char out[201])
{
	size_t n = 0;

	for (; ua && *ua && n < 200; ua++)
		out[n++] = *ua >= ' ' && *ua < 0x7f ? *ua : '?';
	out[n] = '\0';
}

/* A new session for account id of workshop w (sr_session_open). */
static enum sr_err session_open_in(sr_store *s, int64_t w, int64_t id,
				   const struct sr_client *cl, int64_t now,
				   char secret[SR_SECRET_LEN + 1],
				   struct sr_who *who, struct sr_fail *f)
{
	char key[SR_SECRET_KEY_LEN + 1], ua[201], addr[64];
	struct sr_who place = {.id = 0};
	struct sr_tx *tx = NULL;
	json_t *row = NULL;
	int64_t sid = 0;
	enum sr_err err = sr_secret_new(secret, f);

	agent_of(cl ? cl->user_agent : NULL, ua);
	snprintf(addr, sizeof(addr), "%s",
		 cl && cl->address ? cl->address : "");
	if (!err) {
		sr_secret_key(secret, key);
		err = sr_tx_begin_in(s, SR_TX_WRITE, w, &tx, f);
	}
	if (!err)
		err = account_row(tx, id, &row, f);
	if (!err)
		err = workshop_state(tx, w, &place, f);
	if (!err)
		err = sr_db_sessions_purge(tx, now, f);
	if (!err)
		err = sr_db_session_add(
			tx, key, id, now, now + SR_SESSION_DAYS * 86400,
			ua[0] ? ua : NULL, addr[0] ? addr : NULL, &sid, f);
	err = sr_tx_finish(tx, err, f);
	if (!err) {
		who_of(row, who);
		who->session_id = sid;
		who->workshop = place.workshop;
		memcpy(who->workshop_slug, place.workshop_slug,
		       sizeof(who->workshop_slug));
	} else {
		sr_wipe(secret, SR_SECRET_LEN + 1);
	}
	json_decref(row);
	return err;
}

enum sr_err sr_session_open(sr_store *s, int64_t id, const struct sr_client *cl,
			    int64_t now, char secret[SR_SECRET_LEN + 1],
			    struct sr_who *who, struct sr_fail *f)
{
	return session_open_in(s, here(s), id, cl, now, secret, who, f);
}

enum sr_err sr_login(sr_store *s, sr_throttle *t, const char *body, size_t len,
		     const struct sr_client *cl, int64_t now,
		     char secret[SR_SECRET_LEN + 1], struct sr_who *who,
		     int64_t *retry_after, struct sr_fail *f)
{
	static const char *const keys[] = {"login", "password", NULL};
	static const char *const hosted_keys[] = {"login", "password",
						  "workshop", NULL};
	char hash[SR_PW_HASH_SIZE], k1[KEY_SIZE], k2[KEY_SIZE];
	const char *login, *pw, *stored = NULL, *slug = NULL;
	size_t login_len, pw_len, slug_len = 0;
	struct sr_workshop ws = {.id = 0};
	struct sr_tx *tx = NULL;
	json_t *doc = NULL, *row = NULL;
	bool ok = false, rehash = false;
	/* Hosted: no workshop chosen for this store, the body names it. */
	bool tenants = sr_store_tenants(s), hosted = tenants && !here(s);
	int64_t id = 0, w = here(s);
	enum sr_err err;

	*retry_after = 0;
	memset(who, 0, sizeof(*who));
	err = body_of(body, len, hosted ? hosted_keys : keys, &doc, f);
	if (!err)
		err = text_of(doc, "login", true, &login, &login_len, f);
	if (!err)
		err = text_of(doc, "password", true, &pw, &pw_len, f);
	if (!err && hosted)
		err = text_of(doc, "workshop", true, &slug, &slug_len, f);
	/* An unknown workshop, or one that cannot be: no login is in it. */
	if (!err && hosted) {
		if (!sr_slug_check(slug, slug_len, "workshop", NULL))
			err = sr_workshop_find(s, slug, &ws, f);
		if (err == SR_ENOTFOUND)
			err = SR_OK;
	} else if (!err && tenants) {
		err = sr_workshop_get(s, w, &ws, f);
	}
	if (err)
		goto out;
	if (hosted)
		w = ws.id;
	throttle_keys(login,
		      !tenants ? NULL
		      : hosted ? slug
			       : ws.slug,
		      cl ? cl->address : NULL, k1, k2);
	err = throttled(t, k1, k2, now, retry_after, f);
	/* A login that cannot be one is looked for all the same: not found. */
	if (!err && w && !sr_login_check(login, login_len, "login", NULL))
		err = sr_tx_begin_in(s, 0, w, &tx, f);
	if (!err && tx)
		err = sr_db_account_find(tx, login, 0, &row, f);
	err = sr_tx_finish(tx, err, f);
	if (err)
		goto out;
	stored = json_string_value(json_object_get(row, "hash"));
	id = json_integer_value(json_object_get(row, "id"));
	/* No account: the same work, against no one's hash. */
	err = sr_pw_verify(stored, pw, pw_len, &ok, &rehash, f);
	if (!err && !ok) {
		if (t) {
			sr_throttle_fail(t, k1, now);
			sr_throttle_fail(t, k2, now);
		}
		err = sr_fail_set(f, SR_EAUTH, "wrong_login", NULL,
				  "the login or the password is not right");
	}
	if (err)
		goto out;
	if (t)
		sr_throttle_clear(t, k1);
	if (rehash && !sr_pw_hash(pw, pw_len, hash, NULL)) {
		/* Today's limits: a failure here only keeps the old hash. */
		struct sr_tx *wtx = NULL;

		if (!sr_tx_begin_in(s, SR_TX_WRITE, w, &wtx, NULL))
			sr_tx_finish(wtx,
				     sr_db_account_hash(wtx, id, hash, NULL),
				     NULL);
		sr_wipe(hash, sizeof(hash));
	}
	/* A suspended workshop's session is refused (workshop_state). */
	err = session_open_in(s, w, id, cl, now, secret, who, f);
out:
	json_decref(doc);
	json_decref(row);
	return err;
}

static enum sr_err unauthenticated(struct sr_fail *f)
{
	return sr_fail_set(f, SR_EAUTH, "unauthenticated", NULL,
			   "log in first: this session or key is not (or no "
			   "longer) valid");
}

/*
 * The workshop whose credential key is, into *w: the one chosen for this
 * thread, else (a hosted store) the one the credentials table names, in a
 * directory transaction. SR_EAUTH when none does.
 */
static enum sr_err credential_workshop(sr_store *s, const char *key, int64_t *w,
				       struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	int64_t account = 0;
	enum sr_err err = SR_OK;

	*w = here(s);
	if (*w)
		return SR_OK;
	err = sr_tx_begin_in(s, SR_TX_DIRECTORY, 0, &tx, f);
	if (!err)
		err = sr_db_credential_find(tx, key, w, &account, f);
	err = sr_tx_finish(tx, err, f);
	if (!err && !*w)
		err = unauthenticated(f);
	return err;
}

/*
 * Who the stored key of a session (token false) or a token of kind
 * stands for at now, into who; its last use moved on at most once every
 * SR_SESSION_TOUCH seconds.
 */
static enum sr_err credential_check(sr_store *s, const char *secret,
				    const char *kind, int64_t now,
				    struct sr_who *who, struct sr_fail *f)
{
	char key[SR_SECRET_KEY_LEN + 1];
	struct sr_who place = {.id = 0};
	struct sr_tx *tx = NULL;
	json_t *row = NULL;
	const char *last;
	int64_t used = 0, w = 0;
	enum sr_err err;

	memset(who, 0, sizeof(*who));
	if (!secret || !sr_secret_form(secret, strlen(secret)))
		return unauthenticated(f);
	sr_secret_key(secret, key);
	err = credential_workshop(s, key, &w, f);
	if (!err)
		err = sr_tx_begin_in(s, 0, w, &tx, f);
	if (!err)
		err = kind ? sr_db_token_find(tx, key, kind, &row, f)
			   : sr_db_session_find(tx, key, now, &row, f);
	if (!err && !row)
		err = unauthenticated(f);
	if (!err)
		err = workshop_state(tx, w, &place, f);
	err = sr_tx_finish(tx, err, f);
	if (err)
		goto out;
	who_of(row, who);
	who->workshop = place.workshop;
	memcpy(who->workshop_slug, place.workshop_slug,
	       sizeof(who->workshop_slug));
	who->session_id =
		kind ? 0
		     : json_integer_value(json_object_get(row, "session_id"));
	who->token_id =
		kind ? json_integer_value(json_object_get(row, "token_id")) : 0;
	last = json_string_value(json_object_get(row, "last_used_at"));
	if (last)
		sr_instant_parse(last, strlen(last), &used);
	/* Sliding: in use, it lasts; written at most once a minute. */
	if (now - used >= SR_SESSION_TOUCH) {
		tx = NULL;
		err = sr_tx_begin_in(s, SR_TX_WRITE, w, &tx, f);
		if (!err && kind)
			err = sr_db_token_touch(tx, who->token_id, now, f);
		else if (!err)
			err = sr_db_session_touch(tx, who->session_id, now,
						  now + SR_SESSION_DAYS * 86400,
						  f);
		err = sr_tx_finish(tx, err, f);
	}
out:
	json_decref(row);
	return err;
}

enum sr_err sr_session_check(sr_store *s, const char *secret, int64_t now,
			     struct sr_who *who, struct sr_fail *f)
{
	return credential_check(s, secret, NULL, now, who, f);
}

enum sr_err sr_token_check(sr_store *s, const char *secret, bool calendar,
			   int64_t now, struct sr_who *who, struct sr_fail *f)
{
	return credential_check(s, secret, calendar ? "calendar" : "api", now,
				who, f);
}

enum sr_err sr_signup(sr_store *s, sr_throttle *t, const char *body, size_t len,
		      const struct sr_client *cl, int64_t now,
		      char secret[SR_SECRET_LEN + 1], struct sr_who *who,
		      int64_t *retry_after, struct sr_fail *f)
{
	static const char *const keys[] = {"workshop_name", "workshop", "name",
					   "login",	    "password", NULL};
	char hash[SR_PW_HASH_SIZE], k1[KEY_SIZE], k2[KEY_SIZE];
	const char *wname, *slug, *name, *login, *pw;
	size_t wname_len, slug_len, name_len, login_len, pw_len;
	const struct sr_actor *a = sr_actor();
	struct sr_actor was = *a;
	struct sr_tx *tx = NULL;
	json_t *doc = NULL, *row = NULL;
	int64_t w = 0, id = 0;
	enum sr_err err;

	*retry_after = 0;
	hash[0] = '\0';
	memset(who, 0, sizeof(*who));
	err = body_of(body, len, keys, &doc, f);
	if (!err)
		err = text_of(doc, "workshop_name", true, &wname, &wname_len,
			      f);
	if (!err)
		err = sr_workshop_name_check(wname, wname_len, "workshop_name",
					     f);
	if (!err)
		err = text_of(doc, "workshop", true, &slug, &slug_len, f);
	if (!err)
		err = sr_slug_check(slug, slug_len, "workshop", f);
	if (!err)
		err = text_of(doc, "login", true, &login, &login_len, f);
	if (!err)
		err = sr_login_check(login, login_len, "login", f);
	if (!err)
		err = text_of(doc, "name", false, &name, &name_len, f);
	if (!err && !name) {
		name = login;
		name_len = login_len;
	}
	if (!err)
		err = name_check(name, name_len, f);
	if (!err)
		err = text_of(doc, "password", true, &pw, &pw_len, f);
	if (!err)
		err = sr_pw_check(pw, pw_len, "password", f);
	if (!err && !sr_store_tenants(s))
		err = sr_fail_set(f, SR_ECONFLICT, "not_supported", NULL,
				  "a SQLite file holds one workshop: sign-up "
				  "needs a PostgreSQL database");
	if (err)
		goto out;
	/* Each sign-up counts, as a wrong password does: made-up
	 * workshops by the thousand wait. */
	throttle_keys("-", NULL, cl ? cl->address : NULL, k1, k2);
	snprintf(k1, sizeof(k1), "signup:%.100s", k2);
	err = throttled(t, k1, NULL, now, retry_after, f);
	if (err)
		goto out;
	if (t)
		sr_throttle_fail(t, k1, now);
	err = sr_pw_hash(pw, pw_len, hash, f);
	if (!err)
		err = sr_tx_begin_in(s, SR_TX_DIRECTORY | SR_TX_WRITE, 0, &tx,
				     f);
	if (!err)
		err = sr_workshop_add_in(tx, wname, slug, now, &w, f);
	if (err == SR_ECONFLICT && f && !strcmp(f->code, "duplicate"))
		err = sr_fail_set(f, SR_ECONFLICT, "duplicate", "workshop",
				  "the workshop '%s' exists already: choose "
				  "another",
				  slug);
	if (!err)
		err = sr_db_account_add(tx, name, login, "owner", hash, now,
					&id, f);
	if (!err)
		err = sr_db_account_find(tx, NULL, id, &row, f);
	/* The audit log: the new owner made their own account. */
	if (!err) {
		sr_act_as(login, id, SR_ROLE_OWNER, w, now);
		err = audit_account(tx, id, "create", NULL, row, now, f);
		sr_act_as(was.login, was.account_id, was.role, was.workshop,
			  was.now);
	}
	err = sr_tx_finish(tx, err, f);
	if (!err)
		err = session_open_in(s, w, id, cl, now, secret, who, f);
out:
	sr_wipe(hash, sizeof(hash));
	json_decref(doc);
	json_decref(row);
	return err;
}

/* "items" of rows and their count. */
static enum sr_err items(json_t *rows, struct sr_buf *out, struct sr_fail *f)
{
	return dump(json_pack("{sOsI}", "items", rows, "total",
			      (json_int_t)json_array_size(rows)),
		    out, f);
}

/* Calls on the person's own sessions and tokens need an account. */
static enum sr_err need_account(const struct sr_who *who, struct sr_fail *f)
{
	if (who->id > 0)
		return SR_OK;
	return sr_fail_set(f, SR_ECONFLICT, "no_account", NULL,
			   "there is no account yet: create the owner's "
			   "first");
}

enum sr_err sr_session_list(sr_store *s, const struct sr_who *who,
			    struct sr_buf *out, struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	json_t *rows = NULL, *r;
	size_t i;
	enum sr_err err = need_account(who, f);

	if (!err)
		err = sr_tx_begin(s, false, &tx, f);
	if (!err)
		err = sr_db_sessions(tx, who->id, &rows, f);
	err = sr_tx_finish(tx, err, f);
	if (err)
		return err;
	json_array_foreach(rows, i, r)
	{
		json_object_set_new(
			r, "current",
			json_boolean(json_integer_value(json_object_get(
					     r, "id")) == who->session_id));
	}
	err = items(rows, out, f);
	json_decref(rows);
	return err;
}

enum sr_err sr_session_end(sr_store *s, const struct sr_who *who, int64_t id,
			   struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	bool found = false;
	enum sr_err err = need_account(who, f);

	if (!err)
		err = sr_tx_begin(s, true, &tx, f);
	if (!err)
		err = sr_db_session_end(tx, id, who->id, &found, f);
	if (!err && !found)
		err = sr_fail_set(f, SR_ENOTFOUND, "not_found", NULL,
				  "you have no session %" PRId64, id);
	return sr_tx_finish(tx, err, f);
}

enum sr_err sr_sessions_end(sr_store *s, const struct sr_who *who,
			    struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	enum sr_err err = need_account(who, f);

	if (!err)
		err = sr_tx_begin(s, true, &tx, f);
	if (!err)
		err = sr_db_sessions_end(tx, who->id, 0, f);
	return sr_tx_finish(tx, err, f);
}

/* Tokens. */

enum sr_err sr_token_create(sr_store *s, const struct sr_who *who,
			    const char *body, size_t len, int64_t now,
			    struct sr_buf *out, struct sr_fail *f)
{
	static const char *const keys[] = {"name", "kind", NULL};
	char secret[SR_SECRET_LEN + 1], key[SR_SECRET_KEY_LEN + 1], at[21];
	const char *name, *kind = NULL;
	size_t name_len;
	struct sr_tx *tx = NULL;
	json_t *doc = NULL;
	int64_t id = 0, n = 0;
	enum sr_err err = need_account(who, f);

	secret[0] = '\0';
	/* A token makes no other: one that got out cannot plant spares. */
	if (!err && who->token_id > 0)
		err = sr_fail_set(f, SR_EDENIED, "session_needed", NULL,
				  "log in to make a token; a token cannot "
				  "make another");
	if (!err)
		err = body_of(body, len, keys, &doc, f);
	if (!err)
		err = text_of(doc, "name", true, &name, &name_len, f);
	if (!err)
		err = name_check(name, name_len, f);
	if (!err)
		err = text_of(doc, "kind", false, &kind, NULL, f);
	if (!kind)
		kind = "api";
	if (!err && strcmp(kind, "api") && strcmp(kind, "calendar"))
		err = sr_fail_set(f, SR_EINVAL, "bad_value", "kind",
				  "kind must be one of: api, calendar");
	if (!err)
		err = sr_secret_new(secret, f);
	if (!err) {
		sr_secret_key(secret, key);
		err = sr_tx_begin(s, true, &tx, f);
	}
	if (!err)
		err = sr_db_token_count(tx, who->id, &n, f);
	if (!err && n >= SR_TOKENS_MAX)
		err = sr_fail_set(f, SR_ECONFLICT, "too_many_tokens", NULL,
				  "you have %d tokens, as many as one person "
				  "may; revoke one first",
				  SR_TOKENS_MAX);
	if (!err)
		err = sr_db_token_add(tx, key, who->id, kind, name, now, &id,
				      f);
	err = sr_tx_finish(tx, err, f);
	sr_instant_format(now, at);
	if (!err)
		err = dump(json_pack("{sIsssssssnss}", "id", (json_int_t)id,
				     "name", name, "kind", kind, "created_at",
				     at, "last_used_at", "secret", secret),
			   out, f);
	sr_wipe(secret, sizeof(secret));
	json_decref(doc);
	return err;
}

enum sr_err sr_token_list(sr_store *s, const struct sr_who *who,
			  struct sr_buf *out, struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	json_t *rows = NULL;
	enum sr_err err = need_account(who, f);

	if (!err)
		err = sr_tx_begin(s, false, &tx, f);
	if (!err)
		err = sr_db_tokens(tx, who->id, &rows, f);
	err = sr_tx_finish(tx, err, f);
	if (!err)
		err = items(rows, out, f);
	json_decref(rows);
	return err;
}

enum sr_err sr_token_revoke(sr_store *s, const struct sr_who *who, int64_t id,
			    struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	bool found = false;
	enum sr_err err = need_account(who, f);

	if (!err)
		err = sr_tx_begin(s, true, &tx, f);
	if (!err)
		err = sr_db_token_remove(tx, id, who->id, &found, f);
	if (!err && !found)
		err = sr_fail_set(f, SR_ENOTFOUND, "not_found", NULL,
				  "you have no token %" PRId64, id);
	return sr_tx_finish(tx, err, f);
}
