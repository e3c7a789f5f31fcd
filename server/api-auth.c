/*
 * api-auth.c - who is asking (api_authorize(), run by the dispatcher for
 * every request before its query is judged), and the routes of accounts,
 * sessions, tokens and the audit log. The rules themselves are the
 * library's (accounts.h, auth.h); here is only what HTTP adds: cookies,
 * headers, statuses.
 */
#include "compat.h"

#include <time.h>

#include "api.h"
#include "credential.h"
#include "server.h"
#include "smallrun/query.h"

/* What the audit log and the owner's rights call a server with no
 * accounts: the one maker, at this computer. */
#define NO_ACCOUNT "this computer"

static int64_t now(void)
{
	return (int64_t)time(NULL);
}

/* Does any account exist? Asks the store until one does. */
static enum sr_err accounts_exist(struct sr_app *app, bool *any,
				  struct sr_fail *f)
{
	enum sr_err err = SR_OK;

	*any = atomic_load(&app->accounts);
	if (!*any) {
		err = sr_accounts_any(app->store, any, f);
		if (!err && *any)
			atomic_store(&app->accounts, true);
	}
	return err;
}

/* The method changes something: the CSRF header is asked of cookies. */
static bool unsafe(const char *method)
{
	return strcmp(method, "GET") && strcmp(method, "HEAD") &&
	       strcmp(method, "OPTIONS");
}

/* Tell the browser to forget its session cookie. */
static void forget_cookie(struct api_call *c)
{
	sr_cred_set_cookie(c->resp->set_cookie, c->req->tls, "", 0);
}

/* The calendar key of the query, when one is given, into out. */
static bool calendar_key(const char *query, char *out, size_t size)
{
	struct sr_query q = {0};
	const char *key = NULL;
	bool ok = false;

	if (!sr_query_parse(query, &q, NULL))
		key = sr_query_get(&q, "key");
	if (key && strlen(key) < size) {
		snprintf(out, size, "%s", key);
		ok = true;
	}
	sr_query_release(&q);
	return ok;
}

/*
 * Close the JSON object in the body with what a login page must know of
 * this server: "hosted" (a login names its workshop) and "signup" (a new
 * workshop may be made here). The object's last '}' gives way to them.
 */
static void say_hosting(struct api_call *c)
{
	struct sr_buf *b = &c->resp->body;

	if (!b->len || b->data[b->len - 1] != '}')
		return;
	b->data[--b->len] = '\0';
	sr_buf_addf(b, "%s\"hosted\":%s,\"signup\":%s}", b->len > 1 ? "," : "",
		    c->app->hosted ? "true" : "false",
		    c->app->signup ? "true" : "false");
}

static bool unauthenticated(struct api_call *c)
{
	api_error(c, 401, "unauthenticated", NULL,
		  "log in first: this needs an account's session or token");
	say_hosting(c);
	return false;
}

bool api_authorize(struct api_call *c, enum sr_need need, bool calendar)
{
	const struct sr_http_req *req = c->req;
	const char *name = req->tls ? SR_COOKIE_TLS : SR_COOKIE;
	char secret[96];
	bool any = false, by_cookie = false;
	enum sr_err err;
	int64_t t = now();

	memset(&c->who, 0, sizeof(c->who));
	c->who.role = SR_ROLE_VIEWER;
	if (need == SR_NEED_NONE)
		return true;
	err = accounts_exist(c->app, &any, &c->fail);
	if (err) {
		api_fail(c, &c->fail);
		return false;
	}
	if (!any) {
		if (!req->loopback) {
			api_error(c, 403, "loopback_only", NULL,
				  "smallrun has no accounts yet, so only "
				  "this computer may use it; create the "
				  "owner's account first (smallrun user add "
				  "--role owner)");
			return false;
		}
		c->who.role = SR_ROLE_OWNER;
		sr_act_as(NO_ACCOUNT, 0, SR_ROLE_OWNER, 0, t);
		return true;
	}
	if (req->authorization[0]) {
		if (sr_cred_bearer(req->authorization, secret, sizeof(secret)))
			return unauthenticated(c);
		err = sr_token_check(c->app->store, secret, false, t, &c->who,
				     &c->fail);
	} else if (!sr_cred_cookie(req->cookie, name, secret, sizeof(secret))) {
		by_cookie = true;
		err = sr_session_check(c->app->store, secret, t, &c->who,
				       &c->fail);
		if (err == SR_EAUTH)
			forget_cookie(c);
	} else if (calendar &&
		   calendar_key(req->query, secret, sizeof(secret))) {
		err = sr_token_check(c->app->store, secret, true, t, &c->who,
				     &c->fail);
	} else {
		return unauthenticated(c);
	}
	sr_wipe(secret, sizeof(secret));
	if (err == SR_EAUTH)
		return unauthenticated(c);
	if (err) {
		api_fail(c, &c->fail);
		return false;
	}
	/* No other site's form can send a header: a cookie's write has it. */
	if (by_cookie && unsafe(req->method) && strcmp(req->x_smallrun, "1")) {
		api_error(c, 403, "csrf", NULL,
			  "a write with the session cookie must carry the "
			  "header X-Smallrun: 1");
		return false;
	}
	if (!sr_role_may(c->who.role, need)) {
		api_error(c, 403, "forbidden", NULL, "%s; you are %s, a %s",
			  sr_role_limit(c->who.role), c->who.login,
			  sr_role_name(c->who.role));
		return false;
	}
	sr_act_as(c->who.login, c->who.id, c->who.role, c->who.workshop, t);
	return true;
}

void api_authorize_end(struct api_call *c)
{
	(void)c;
	sr_act_clear();
}

/* Where a login comes from, kept with its session. */
static struct sr_client client(const struct api_call *c)
{
	return (struct sr_client){c->req->remote_addr, c->req->user_agent};
}

/* Answer with who, and on a hosted server the slug of their workshop. */
static void who_answer(struct api_call *c, int status)
{
	enum sr_err err = sr_who_json(&c->who, &c->resp->body);
	struct sr_buf *b = &c->resp->body;

	if (!err && c->app->hosted && b->len && b->data[b->len - 1] == '}') {
		/* A slug is a-z 0-9 and '-' (workshops.h): no escaping. */
		b->data[--b->len] = '\0';
		sr_buf_addf(b, ",\"workshop\":\"%s\"}", c->who.workshop_slug);
	}
	if (!err)
		say_hosting(c);
	api_answer(c, err ? SR_ENOMEM : SR_OK, status);
}

/* Answer with who, the new session's cookie set. */
static void logged_in(struct api_call *c, char *secret, int status)
{
	sr_cred_set_cookie(c->resp->set_cookie, c->req->tls, secret,
			   (int64_t)SR_SESSION_DAYS * 86400);
	sr_wipe(secret, SR_SECRET_LEN + 1);
	who_answer(c, status);
}

/* GET /api/v1/session: who is logged in; {"setup": true} with none yet. */
void api_session_get(struct api_call *c)
{
	if (!c->who.id) {
		/* Only reached on loopback with no account (api_authorize). */
		sr_buf_adds(&c->resp->body, "{\"setup\":true}");
		say_hosting(c);
		api_json(c, 200);
		return;
	}
	who_answer(c, 200);
}

/* POST /api/v1/session {"login", "password"}: a new session each time. */
void api_session_login(struct api_call *c)
{
	struct sr_client cl = client(c);
	char secret[SR_SECRET_LEN + 1];
	int64_t retry = 0;
	enum sr_err err;

	err = sr_login(c->app->store, c->app->throttle, c->req->body,
		       c->req->body_len, &cl, now(), secret, &c->who, &retry,
		       &c->fail);
	if (err) {
		c->resp->retry_after =
			err == SR_EBUSY ? (int)(retry ? retry : 1) : 0;
		api_fail(c, &c->fail);
		return;
	}
	logged_in(c, secret, 200);
}

/* DELETE /api/v1/session: log out here. */
void api_session_logout(struct api_call *c)
{
	if (c->who.session_id && sr_session_end(c->app->store, &c->who,
						c->who.session_id, &c->fail)) {
		api_fail(c, &c->fail);
		return;
	}
	forget_cookie(c);
	c->resp->status = 204;
}

/* POST /api/v1/setup {"name", "login", "password"}: the first owner. */
void api_setup(struct api_call *c)
{
	struct sr_client cl = client(c);
	char secret[SR_SECRET_LEN + 1];
	int64_t id = 0;
	enum sr_err err;

	if (c->app->hosted) {
		api_error(c, 403, "hosted", NULL,
			  "this server holds many workshops: log in to yours, "
			  "or make one with POST /api/v1/signup where the "
			  "server allows it");
		return;
	}
	if (!c->req->loopback) {
		api_error(c, 403, "loopback_only", NULL,
			  "the owner's account is made on this computer "
			  "itself (or with smallrun user add --role owner)");
		return;
	}
	sr_act_as(NO_ACCOUNT, 0, SR_ROLE_OWNER, 0, now());
	err = sr_account_create(c->app->store, c->req->body, c->req->body_len,
				true, now(), &id, &c->resp->body, &c->fail);
	if (!err) {
		atomic_store(&c->app->accounts, true);
		sr_buf_reset(&c->resp->body);
		err = sr_session_open(c->app->store, id, &cl, now(), secret,
				      &c->who, &c->fail);
	}
	if (err) {
		api_fail(c, &c->fail);
		return;
	}
	logged_in(c, secret, 201);
}

/*
 * POST /api/v1/signup {"workshop_name", "workshop", "name"?, "login",
 * "password"}: a new workshop, its owner, and their session. Only where
 * the server was started with --signup.
 */
void api_signup(struct api_call *c)
{
	struct sr_client cl = client(c);
	char secret[SR_SECRET_LEN + 1];
	int64_t retry = 0;
	enum sr_err err;

	if (!c->app->signup) {
		api_error(c, 403, "signup_off", NULL,
			  "this server makes no new workshops; its operator "
			  "adds them (smallrun workshop add)");
		return;
	}
	err = sr_signup(c->app->store, c->app->throttle, c->req->body,
			c->req->body_len, &cl, now(), secret, &c->who, &retry,
			&c->fail);
	if (err) {
		c->resp->retry_after =
			err == SR_EBUSY ? (int)(retry ? retry : 1) : 0;
		api_fail(c, &c->fail);
		return;
	}
	logged_in(c, secret, 201);
}

/* GET /api/v1/sessions: the caller's. */
void api_sessions(struct api_call *c)
{
	api_answer(c,
		   sr_session_list(c->app->store, &c->who, &c->resp->body,
				   &c->fail),
		   200);
}

/* DELETE /api/v1/sessions: log out everywhere. */
void api_sessions_end(struct api_call *c)
{
	if (sr_sessions_end(c->app->store, &c->who, &c->fail)) {
		api_fail(c, &c->fail);
		return;
	}
	if (c->who.session_id)
		forget_cookie(c);
	c->resp->status = 204;
}

/* DELETE /api/v1/sessions/{id} */
void api_session_end(struct api_call *c)
{
	if (sr_session_end(c->app->store, &c->who, c->id, &c->fail)) {
		api_fail(c, &c->fail);
		return;
	}
	if (c->id == c->who.session_id)
		forget_cookie(c);
	c->resp->status = 204;
}

/* GET /api/v1/tokens */
void api_tokens(struct api_call *c)
{
	api_answer(
		c,
		sr_token_list(c->app->store, &c->who, &c->resp->body, &c->fail),
		200);
}

/* POST /api/v1/tokens {"name", "kind"}: its secret, this once. */
void api_token_create(struct api_call *c)
{
	api_answer(c,
		   sr_token_create(c->app->store, &c->who, c->req->body,
				   c->req->body_len, now(), &c->resp->body,
				   &c->fail),
		   201);
}

/* DELETE /api/v1/tokens/{id} */
void api_token_revoke(struct api_call *c)
{
	if (sr_token_revoke(c->app->store, &c->who, c->id, &c->fail))
		api_fail(c, &c->fail);
	else
		c->resp->status = 204;
}

/* PUT /api/v1/account/password {"current", "new"} */
void api_password_change(struct api_call *c)
{
	enum sr_err err =
		c->who.id
			? sr_password_change(c->app->store, &c->who,
					     c->req->body, c->req->body_len,
					     now(), c->app->throttle, &c->fail)
			: sr_fail_set(&c->fail, SR_ECONFLICT, "no_account",
				      NULL,
				      "there is no account yet: "
				      "create the owner's first");

	if (err)
		api_fail(c, &c->fail);
	else
		c->resp->status = 204;
}

/* GET /api/v1/accounts?limit=&offset= */
void api_accounts(struct api_call *c)
{
	api_answer(c,
		   sr_account_list(c->app->store, api_arg_int(c, ARG_LIMIT, 0),
				   api_arg_int(c, ARG_OFFSET, 0),
				   &c->resp->body, &c->fail),
		   200);
}

/* POST /api/v1/accounts {"name", "login", "password", "role"} */
void api_account_create(struct api_call *c)
{
	int64_t id;
	enum sr_err err =
		sr_account_create(c->app->store, c->req->body, c->req->body_len,
				  false, now(), &id, &c->resp->body, &c->fail);

	if (!err)
		atomic_store(&c->app->accounts, true);
	api_answer(c, err, 201);
}

/* PATCH /api/v1/accounts/{id} {"name"?, "login"?, "role"?} */
void api_account_update(struct api_call *c)
{
	api_answer(c,
		   sr_account_update(c->app->store, c->id, c->req->body,
				     c->req->body_len, now(), &c->resp->body,
				     &c->fail),
		   200);
}

/* DELETE /api/v1/accounts/{id} */
void api_account_remove(struct api_call *c)
{
	if (sr_account_remove(c->app->store, c->id, now(), &c->fail))
		api_fail(c, &c->fail);
	else
		c->resp->status = 204;
}

/* PUT /api/v1/accounts/{id}/password {"password"}: the owner's reset. */
void api_account_reset(struct api_call *c)
{
	if (sr_account_reset(c->app->store, c->id, c->req->body,
			     c->req->body_len, (int64_t)time(NULL), &c->fail))
		api_fail(c, &c->fail);
	else
		c->resp->status = 204;
}

/* GET /api/v1/audit?actor=&resource=&record_id=&limit=&offset= */
void api_audit(struct api_call *c)
{
	struct sr_audit_query q = {
		.actor = api_arg_text(c, ARG_ACTOR),
		.resource = api_arg_text(c, ARG_RESOURCE),
		.record_id = api_arg_int(c, ARG_RECORD, 0),
		.limit = api_arg_int(c, ARG_LIMIT, 0),
		.offset = api_arg_int(c, ARG_OFFSET, 0),
	};

	api_answer(c,
		   sr_audit_list(c->app->store, &q, &c->resp->body, &c->fail),
		   200);
}
