/*
 * accounts.h - the people who use smallrun, their sessions and tokens,
 * and the audit log of who changed what.
 *
 * An account has a name, a login (1 to 64 of A-Z a-z 0-9 . _ @ -, the same
 * in any case), a role (auth.h) and a password, stored as its argon2id
 * hash. A login opens a session: a random secret for a cookie, stored as
 * its hash, good for SR_SESSION_DAYS after its last use. A token is a
 * secret for a script (kind "api", sent as "Authorization: Bearer") or
 * for a calendar app (kind "calendar", in the address of plan.ics); it is
 * shown once, when made, and acts as its account until revoked.
 *
 * The rules: the last owner can be neither removed nor made something
 * else; a password is checked outside any write transaction; an unknown
 * login gets the answer, and costs the work, of a wrong password; a
 * changed password ends the person's other sessions, a reset all of them.
 *
 * Calls take JSON bodies and append JSON, as records.h does; no answer
 * ever holds a password, a hash or a stored key. Errors: SR_EINVAL (bad
 * input, naming the field), SR_EAUTH (a login or credential that is not
 * right), SR_EDENIED, SR_ENOTFOUND, SR_ECONFLICT ("duplicate" login,
 * "last_owner", "already_set_up"), SR_EBUSY (too many tries: *retry_after
 * says for how long; or too many password checks at once).
 */
#ifndef SMALLRUN_ACCOUNTS_H
#define SMALLRUN_ACCOUNTS_H

#include <stdbool.h>
#include <stdint.h>

#include "smallrun/auth.h"
#include "smallrun/buf.h"
#include "smallrun/err.h"
#include "smallrun/store.h"
#include "smallrun/workshops.h"

#define SR_LOGIN_MAX 64
#define SR_ACCOUNT_NAME_MAX 100
/* A session lasts this long after its last use. */
#define SR_SESSION_DAYS 30
/* Its last use is written at most this often, in seconds. */
#define SR_SESSION_TOUCH 60
/* Tokens one account may hold. */
#define SR_TOKENS_MAX 50

/* Who a credential stands for. */
struct sr_who {
	int64_t id; /* the account; 0: nobody */
	char login[SR_LOGIN_MAX + 1];
	char name[SR_ACCOUNT_NAME_MAX + 1];
	enum sr_role role;
	int64_t session_id; /* when it came with a session cookie */
	int64_t token_id;   /* when it came with a token */
	int64_t workshop;   /* the workshop the account belongs to */
	char workshop_slug[SR_SLUG_MAX + 1];
};

/* Where a login comes from, kept with its session (either may be NULL). */
struct sr_client {
	const char *address;
	const char *user_agent;
};

/* Is login[0..len) a login's form? SR_EINVAL naming field when not. */
enum sr_err sr_login_check(const char *login, size_t len, const char *field,
			   struct sr_fail *f);

/* Does any account exist? */
enum sr_err sr_accounts_any(sr_store *s, bool *any, struct sr_fail *f);

/*
 * A new account from {"name", "login", "password", "role"} (role
 * "viewer", "maker" or "owner"); appends it as {id, name, login, role,
 * created_at} and sets *id. first: the first owner (role may be left
 * out, and must be owner), made only while no account exists
 * (SR_ECONFLICT "already_set_up" otherwise).
 */
enum sr_err sr_account_create(sr_store *s, const char *body, size_t len,
			      bool first, int64_t now, int64_t *id,
			      struct sr_buf *out, struct sr_fail *f);
/* {"items": [accounts], "total", "limit", "offset"}, by login. */
enum sr_err sr_account_list(sr_store *s, int64_t limit, int64_t offset,
			    struct sr_buf *out, struct sr_fail *f);
/* The id of the account with this login (any case); SR_ENOTFOUND. */
enum sr_err sr_account_find(sr_store *s, const char *login, int64_t *id,
			    struct sr_fail *f);
/* Append the account with this id. */
enum sr_err sr_account_get(sr_store *s, int64_t id, struct sr_buf *out,
			   struct sr_fail *f);
/* Change {"name"?, "login"?, "role"?}; appends the account as it is now. */
enum sr_err sr_account_update(sr_store *s, int64_t id, const char *body,
			      size_t len, int64_t now, struct sr_buf *out,
			      struct sr_fail *f);
/* Remove the account, its sessions and tokens (the audit log keeps it). */
enum sr_err sr_account_remove(sr_store *s, int64_t id, int64_t now,
			      struct sr_fail *f);
/*
 * Set the password of account id: {"password"} (an owner's reset, or the
 * command line's for a forgotten one). Ends every session of the person
 * and revokes their tokens; the audit log says so.
 */
enum sr_err sr_account_reset(sr_store *s, int64_t id, const char *body,
			     size_t len, int64_t now, struct sr_fail *f);
/*
 * Change one's own password: {"current", "new"}. SR_EAUTH
 * ("wrong_password", field "current") when current is not it. Ends the
 * person's other sessions (all but who->session_id) and revokes their
 * tokens.
 */
enum sr_err sr_password_change(sr_store *s, const struct sr_who *who,
			       const char *body, size_t len, int64_t now,
			       sr_throttle *t, struct sr_fail *f);

/*
 * Log in with {"login", "password"}: a new session, its secret into
 * secret (for the cookie; wipe it after) and its person into who. SR_EAUTH
 * ("wrong_login") for an unknown login and a wrong password alike, each
 * counted by t under the login and the client's address; SR_EBUSY
 * ("too_many_tries") while either must wait, *retry_after seconds.
 *
 * On a store of many workshops that no workshop is chosen for (a hosted
 * server: store.h), the body also names the workshop, {"workshop":
 * slug}, and a login is one of that workshop's: an unknown workshop is
 * answered as a wrong login. A suspended workshop's login is SR_EDENIED
 * ("workshop_suspended"), once the password is right.
 */
enum sr_err sr_login(sr_store *s, sr_throttle *t, const char *body, size_t len,
		     const struct sr_client *cl, int64_t now,
		     char secret[SR_SECRET_LEN + 1], struct sr_who *who,
		     int64_t *retry_after, struct sr_fail *f);
/* A new session for account id, as a login makes (after setup). */
enum sr_err sr_session_open(sr_store *s, int64_t id, const struct sr_client *cl,
			    int64_t now, char secret[SR_SECRET_LEN + 1],
			    struct sr_who *who, struct sr_fail *f);
/*
 * Who a session's secret, or a token's, stands for at now; SR_EAUTH
 * ("unauthenticated") when none does (unknown, ended, expired, revoked,
 * or not a secret at all). A session's last use (and so its expiry) is
 * moved on at most once every SR_SESSION_TOUCH seconds. calendar: a
 * calendar key, else an api token. With no workshop chosen (a hosted
 * server) the credential is found in whichever workshop it belongs to,
 * who->workshop says which; with one chosen, only in that one. A
 * suspended workshop's credential is SR_EDENIED ("workshop_suspended").
 */
enum sr_err sr_session_check(sr_store *s, const char *secret, int64_t now,
			     struct sr_who *who, struct sr_fail *f);
enum sr_err sr_token_check(sr_store *s, const char *secret, bool calendar,
			   int64_t now, struct sr_who *who, struct sr_fail *f);

/* The person's sessions: {"items": [{id, created_at, last_used_at,
 * expires_at, user_agent, address, current}], "total"}. */
enum sr_err sr_session_list(sr_store *s, const struct sr_who *who,
			    struct sr_buf *out, struct sr_fail *f);
/* End one of the person's sessions; SR_ENOTFOUND when it is not one. */
enum sr_err sr_session_end(sr_store *s, const struct sr_who *who, int64_t id,
			   struct sr_fail *f);
/* End all of them (log out everywhere). */
enum sr_err sr_sessions_end(sr_store *s, const struct sr_who *who,
			    struct sr_fail *f);

/*
 * A new token from {"name", "kind"?} (kind "api", the default, or
 * "calendar"); appends {id, name, kind, created_at, last_used_at,
 * secret}: the one time its secret is shown. SR_ECONFLICT
 * ("too_many_tokens") past SR_TOKENS_MAX; SR_EDENIED ("session_needed")
 * when who came with a token: a token makes no other.
 */
enum sr_err sr_token_create(sr_store *s, const struct sr_who *who,
			    const char *body, size_t len, int64_t now,
			    struct sr_buf *out, struct sr_fail *f);
/* The person's tokens, without secrets: {"items", "total"}. */
enum sr_err sr_token_list(sr_store *s, const struct sr_who *who,
			  struct sr_buf *out, struct sr_fail *f);
/* Revoke one; SR_ENOTFOUND when it is not the person's. */
enum sr_err sr_token_revoke(sr_store *s, const struct sr_who *who, int64_t id,
			    struct sr_fail *f);

/*
 * Sign up: a new workshop and its owner from {"workshop_name",
 * "workshop" (its slug), "name"? (the owner's; the login when not
 * given), "login", "password"}, in one transaction, then a session for
 * the owner, as sr_login() gives. Only on a store of many workshops
 * (SR_ECONFLICT "not_supported" otherwise). Every sign-up is counted by t
 * under the client's address, as a failed login is: SR_EBUSY
 * ("too_many_tries") while it must wait. SR_ECONFLICT "duplicate" (field
 * "workshop") for a slug that is taken.
 */
enum sr_err sr_signup(sr_store *s, sr_throttle *t, const char *body, size_t len,
		      const struct sr_client *cl, int64_t now,
		      char secret[SR_SECRET_LEN + 1], struct sr_who *who,
		      int64_t *retry_after, struct sr_fail *f);

/* {"id", "login", "name", "role"} of who. */
enum sr_err sr_who_json(const struct sr_who *who, struct sr_buf *out);

/* A page of the audit log, newest first. */
struct sr_audit_query {
	const char *actor;    /* a login, "command line"; NULL: all */
	const char *resource; /* "products", "accounts"; NULL: all */
	int64_t record_id;    /* 0: all */
	int64_t limit;	      /* 1..SR_LIST_MAX; 0 means SR_LIST_DEFAULT */
	int64_t offset;
};
/* {"items": [{id, at, actor, resource, record_id, action, before,
 * after}], "total", "limit", "offset"}. */
enum sr_err sr_audit_list(sr_store *s, const struct sr_audit_query *q,
			  struct sr_buf *out, struct sr_fail *f);

#endif
