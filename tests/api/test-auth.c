/*
 * test-auth.c - accounts, roles and the safe network mode over a real
 * server: the route × credential matrix, generated from the route table
 * itself (server/route.c, linked in), with no credential, each role's
 * token, and a revoked and an expired session; cookies and their flags,
 * no session fixation, logging out everywhere, the login throttle, the
 * CSRF header, the per-record rules, the audit log, calendar keys, the
 * access log and the exports holding no secret, and `smallrun user`.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "harness.h"

API_SUITE(auth);

#define PW "password1"

/* Send with a credential (NULL: none); JSON body when body is set. */
static void send_as(const struct cred *c, const char *method, const char *path,
		    const char *body, struct resp *r)
{
	send_cred(&server, c, method, path, body, r);
}

static json_t *call_as(const struct cred *c, const char *method,
		       const char *path, const char *body, int status);

/* Does j, written out, hold needle? */
static bool dumped_holds(const json_t *j, const char *needle)
{
	char *text = json_dumps(j, 0);
	bool found = text && strstr(text, needle);

	free(text);
	return found;
}

static json_t *call_as(const struct cred *c, const char *method,
		       const char *path, const char *body, int status)
{
	return call_cred(&server, c, method, path, body, status);
}

/* Log in; the session as a credential. */
static void login(struct cred *c, const char *who, const char *pw)
{
	char *body = fmt("{\"login\":\"%s\",\"password\":\"%s\"}", who, pw);
	char secret[64];
	struct resp r;

	http_json(&server, "POST", API "/session", body, &r);
	cr_assert_eq(r.status, 200, "%s: %s", body, r.body);
	cookie_of(&r, secret);
	cookie_cred(c, secret);
	resp_free(&r);
	free(body);
}

/* A token of kind for the person c is; its secret as a Bearer. */
static void token(const struct cred *c, const char *kind, struct cred *out)
{
	char *body = fmt("{\"name\":\"t\",\"kind\":\"%s\"}", kind);
	json_t *t = call_as(c, "POST", API "/tokens", body, 201);

	bearer_cred(out, jstr(t, "secret"));
	json_decref(t);
	free(body);
}

/* The owner ann (set up on this computer), maker mia and viewer vic:
 * a session and a token each. */
static struct cred owner, maker, viewer, owner_t, maker_t, viewer_t;

static void people(void)
{
	struct resp r;
	char secret[64];

	http_json(&server, "POST", API "/setup",
		  "{\"name\":\"Ann\",\"login\":\"ann\",\"password\":\"" PW
		  "\"}",
		  &r);
	cr_assert_eq(r.status, 201, "%s", r.body);
	cookie_of(&r, secret);
	cookie_cred(&owner, secret);
	resp_free(&r);
	json_decref(call_as(&owner, "POST", API "/accounts",
			    "{\"name\":\"Mia\",\"login\":\"mia\",\"password\":"
			    "\"" PW "\",\"role\":\"maker\"}",
			    201));
	json_decref(call_as(&owner, "POST", API "/accounts",
			    "{\"name\":\"Vic\",\"login\":\"vic\",\"password\":"
			    "\"" PW "\",\"role\":\"viewer\"}",
			    201));
	login(&maker, "mia", PW);
	login(&viewer, "vic", PW);
	token(&owner, "api", &owner_t);
	token(&maker, "api", &maker_t);
	token(&viewer, "api", &viewer_t);
}

/* A route's pattern as a path to ask: ids that name nothing. */
static char *path_of(const char *pattern)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	cr_assert_not_null(fp);
	for (const char *p = pattern; *p; p++) {
		if (!strncmp(p, "{id}", 4)) {
			fputs("999999", fp);
			p += 3;
		} else if (!strncmp(p, "{res}", 5)) {
			fputs("customers", fp);
			p += 4;
		} else if (!strncmp(p, "{kind}", 6)) {
			fputs("customers", fp);
			p += 5;
		} else if (*p == '*') {
			fputs("index.html", fp);
		} else {
			fputc(*p, fp);
		}
	}
	fclose(fp);
	return out;
}

/* Send to route row i with credential c; its status. */
static int try_route(size_t i, const struct cred *c, const char **what)
{
	const char *pattern, *method;
	static char desc[160];
	enum sr_need need;
	struct resp r;
	char *path;
	int status;
	bool csv, body;

	if (!api_route_row(i, &pattern, &method, &need))
		return -1;
	path = path_of(pattern);
	csv = strstr(path, "/sales/import") != NULL;
	body = strcmp(method, "GET") && strcmp(method, "DELETE");
	http_with(&server, method, path, c ? c->head : "",
		  !body ? NULL
		  : csv ? "text/csv"
			: "application/json",
		  !body ? NULL
		  : csv ? "date,product,quantity\n"
			: "{}",
		  &r);
	status = r.status;
	snprintf(desc, sizeof(desc), "%s %s: %d %.80s", method, path, status,
		 r.body);
	*what = desc;
	resp_free(&r);
	free(path);
	return status;
}

/* The need of row i, or -1 for the catch-all. */
static int need_of(size_t i)
{
	const char *pattern, *method;
	enum sr_need need;

	return api_route_row(i, &pattern, &method, &need) ? (int)need : -1;
}

Test(auth, with_no_account_this_computer_is_the_owner_as_before)
{
	json_t *j = get(API "/session");

	cr_assert(json_is_true(jget(j, "setup")));
	json_decref(j);
	call_fails("DELETE", API "/days-off/5", NULL, 404, "not_found", NULL);
	json_decref(call("POST", API "/customers", "{\"name\":\"Mo\"}", 201));
}

Test(auth, once_an_account_exists_every_route_needs_a_credential)
{
	const char *what;
	size_t tried = 0;

	people();
	for (size_t i = 0; i < api_route_count(); i++) {
		int need = need_of(i), status;

		if (need < 0)
			continue;
		status = try_route(i, NULL, &what);
		if (need == SR_NEED_NONE)
			cr_expect_neq(status, 401, "%s", what);
		else
			cr_expect_eq(status, 401, "%s", what);
		tried++;
	}
	cr_assert_gt(tried, 40);
	/* A path with no route: 401 too, not 404. */
	call_fails("GET", API "/nothing/here", NULL, 401, "unauthenticated",
		   NULL);
	call_fails("DELETE", API "/days-off/5", NULL, 401, "unauthenticated",
		   NULL);
}

/*
 * Each role's token on every route: 403 where the role falls short. (A
 * token makes no other token whatever the role: that route is tested on
 * its own, below. Nor does a server without --signup make workshops,
 * whoever asks: test-tenants.c tests that route.)
 */
static void matrix(const struct cred *c, enum sr_role role)
{
	const char *what, *pattern, *method;
	enum sr_need row_need;

	for (size_t i = 0; i < api_route_count(); i++) {
		int need = need_of(i), status;

		if (need < 0 ||
		    (api_route_row(i, &pattern, &method, &row_need) &&
		     (!strcmp(pattern, "/api/v1/tokens") ||
		      !strcmp(pattern, "/api/v1/signup")) &&
		     !strcmp(method, "POST")))
			continue;
		status = try_route(i, c, &what);
		cr_expect_neq(status, 401, "%s", what);
		if (sr_role_may(role, (enum sr_need)need))
			cr_expect_neq(status, 403, "%s", what);
		else
			cr_expect_eq(status, 403, "%s", what);
	}
}

Test(auth, route_matrix_viewer)
{
	people();
	matrix(&viewer_t, SR_ROLE_VIEWER);
}

Test(auth, route_matrix_maker)
{
	people();
	matrix(&maker_t, SR_ROLE_MAKER);
}

Test(auth, route_matrix_owner)
{
	people();
	matrix(&owner_t, SR_ROLE_OWNER);
}

/* Every route but the open ones: 401 for the credential c. */
static void all_refused(const struct cred *c)
{
	const char *what;

	for (size_t i = 0; i < api_route_count(); i++) {
		int need = need_of(i);

		if (need > SR_NEED_NONE)
			cr_expect_eq(try_route(i, c, &what), 401, "%s", what);
	}
}

Test(auth, a_revoked_session_and_token_open_nothing)
{
	json_t *list;

	people();
	json_decref(call_as(&maker, "DELETE", API "/session", NULL, 204));
	all_refused(&maker);
	list = call_as(&maker_t, "GET", API "/tokens", NULL, 200);
	json_decref(call_as(
		&maker_t, "DELETE",
		sfmt(API "/tokens/%lld", jint(list, "items.0.id")), NULL, 204));
	json_decref(list);
	all_refused(&maker_t);
}

Test(auth, an_expired_session_opens_nothing_and_is_forgotten)
{
	sqlite3 *db;
	struct resp r;
	char *set;

	people();
	cr_assert_eq(sqlite3_open(server.db, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db,
				  "UPDATE sessions SET expires_at ="
				  " '2000-01-01T00:00:00Z'"
				  " WHERE account_id = (SELECT id FROM accounts"
				  " WHERE login = 'vic')",
				  NULL, NULL, NULL),
		     SQLITE_OK);
	sqlite3_close(db);
	all_refused(&viewer);
	send_as(&viewer, "GET", API "/session", NULL, &r);
	assert_error(&r, 401, "unauthenticated");
	set = resp_header(&r, "Set-Cookie");
	cr_assert_not_null(set);
	cr_assert(strstr(set, "Max-Age=0"), "%s", set);
	free(set);
	resp_free(&r);
}

Test(auth, the_cookie_is_httponly_strict_and_new_at_each_login)
{
	struct cred planted, c1, c2;
	struct resp r;
	char *set;

	people();
	/* A cookie someone planted stays worthless: no fixation. */
	cookie_cred(&planted, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	http_with(&server, "POST", API "/session", planted.head,
		  "application/json",
		  "{\"login\":\"mia\",\"password\":\"" PW "\"}", &r);
	cr_assert_eq(r.status, 200, "%s", r.body);
	set = resp_header(&r, "Set-Cookie");
	cr_assert(strstr(set, "; HttpOnly"), "%s", set);
	cr_assert(strstr(set, "; SameSite=Strict"), "%s", set);
	cr_assert(strstr(set, "; Path=/"), "%s", set);
	cr_assert(strstr(set, "; Max-Age=2592000"), "%s", set);
	cr_assert_null(strstr(set, "Secure"), "plain HTTP: %s", set);
	cr_assert_null(strstr(set, planted.secret));
	cr_assert_str_eq(jstr(r.json, "login"), "mia");
	cr_assert_null(strstr(r.body, "hash"));
	free(set);
	resp_free(&r);
	call_fails("GET", API "/session", NULL, 401, "unauthenticated", NULL);
	send_as(&planted, "GET", API "/session", NULL, &r);
	assert_error(&r, 401, "unauthenticated");
	resp_free(&r);
	login(&c1, "mia", PW);
	login(&c2, "mia", PW);
	cr_assert_str_neq(c1.secret, c2.secret);
}

Test(auth, log_out_everywhere)
{
	struct cred other;
	json_t *list;

	people();
	login(&other, "mia", PW);
	list = call_as(&maker, "GET", API "/sessions", NULL, 200);
	cr_assert_eq(jint(list, "total"), 2);
	cr_assert(!dumped_holds(list, maker.secret));
	json_decref(list);
	json_decref(call_as(&maker, "DELETE", API "/sessions", NULL, 204));
	json_decref(call_as(&maker, "GET", API "/session", NULL, 401));
	json_decref(call_as(&other, "GET", API "/session", NULL, 401));
	/* Others' sessions stay. */
	json_decref(call_as(&viewer, "GET", API "/session", NULL, 200));
}

Test(auth, wrong_and_unknown_logins_are_answered_alike_then_throttled)
{
	struct resp wrong, unknown, r;
	char *after;

	people();
	http_json(&server, "POST", API "/session",
		  "{\"login\":\"mia\",\"password\":\"not it at all\"}", &wrong);
	http_json(&server, "POST", API "/session",
		  "{\"login\":\"nobody\",\"password\":\"not it at all\"}",
		  &unknown);
	assert_error(&wrong, 401, "wrong_login");
	cr_assert_eq(wrong.status, unknown.status);
	cr_assert_str_eq(wrong.body, unknown.body);
	cr_assert_null(resp_header(&wrong, "Set-Cookie"));
	resp_free(&wrong);
	resp_free(&unknown);
	/* This address has failed twice; three more are free. */
	for (int i = 0; i < 3; i++) {
		http_json(&server, "POST", API "/session",
			  "{\"login\":\"mia\",\"password\":\"not it\"}", &r);
		assert_error(&r, 401, "wrong_login");
		resp_free(&r);
	}
	http_json(&server, "POST", API "/session",
		  "{\"login\":\"mia\",\"password\":\"" PW "\"}", &r);
	assert_error(&r, 429, "too_many_tries");
	after = resp_header(&r, "Retry-After");
	cr_assert_not_null(after);
	/* 30 seconds from the last failure: what is left of them. */
	cr_assert(strtol(after, NULL, 10) >= 1 && strtol(after, NULL, 10) <= 30,
		  "%s", after);
	free(after);
	resp_free(&r);
	/* Sessions already open go on. */
	json_decref(call_as(&maker, "GET", API "/session", NULL, 200));
}

Test(auth, a_cookie_write_needs_the_x_smallrun_header)
{
	char head[256];
	struct resp r;

	people();
	snprintf(head, sizeof(head), "Cookie: smallrun_session=%s\r\n",
		 maker.secret);
	http_with(&server, "POST", API "/customers", head, "application/json",
		  "{\"name\":\"Mo\"}", &r);
	assert_error(&r, 403, "csrf");
	resp_free(&r);
	/* Reads need none; a Bearer token is no ambient credential. */
	http_with(&server, "GET", API "/customers", head, NULL, NULL, &r);
	cr_assert_eq(r.status, 200);
	cr_assert_eq(jint(r.json, "total"), 0, "nothing was written");
	resp_free(&r);
	json_decref(call_as(&maker_t, "POST", API "/customers",
			    "{\"name\":\"Mo\"}", 201));
}

Test(auth, makers_delete_their_own_and_only_the_owner_prices)
{
	json_t *mine, *ann_s;

	people();
	mine = call_as(&maker, "POST", API "/customers", "{\"name\":\"Mo\"}",
		       201);
	ann_s = call_as(&owner, "POST", API "/customers",
			"{\"name\":\"Ann's\"}", 201);
	json_decref(call_as(&maker, "DELETE",
				sfmt(API "/customers/%lld", jint(ann_s, "id")),
				NULL, 403));
	json_decref(call_as(&maker, "DELETE",
				sfmt(API "/customers/%lld", jint(mine, "id")),
				NULL, 204));
	json_decref(call_as(&owner, "DELETE",
				sfmt(API "/customers/%lld", jint(ann_s, "id")),
				NULL, 204));
	json_decref(mine);
	json_decref(ann_s);
	json_decref(call_as(&maker, "POST", API "/products",
			    "{\"name\":\"Loaf\",\"price\":300}", 403));
	json_decref(call_as(&maker, "PUT", API "/settings", "{\"workers\":2}",
			    403));
	json_decref(call_as(&owner, "POST", API "/products",
			    "{\"name\":\"Loaf\",\"price\":300}", 201));
}

/*
 * A record's maker is whoever made the record that has the id now: an id
 * a deletion freed and a new record took again is the new record's.
 */
Test(auth, a_freed_id_given_again_is_the_new_makers)
{
	json_t *mine, *ann_s;

	people();
	mine = call_as(&maker, "POST", API "/customers", "{\"name\":\"Tmp\"}",
		       201);
	json_decref(call_as(&maker, "DELETE",
				sfmt(API "/customers/%lld", jint(mine, "id")),
				NULL, 204));
	ann_s = call_as(&owner, "POST", API "/customers",
			"{\"name\":\"Big customer\"}", 201);
	cr_assert_eq(jint(ann_s, "id"), jint(mine, "id"),
		     "SQLite gives the freed id again");
	json_decref(call_as(&maker, "DELETE",
				sfmt(API "/customers/%lld", jint(ann_s, "id")),
				NULL, 403));
	json_decref(mine);
	json_decref(ann_s);
}

/*
 * A new password, set by the owner or by the person, revokes the person's
 * tokens with their sessions, and the audit log says it was set; a token
 * makes no other token.
 */
Test(auth, a_new_password_revokes_tokens_and_a_token_makes_none)
{
	json_t *j, *log;
	char *path;
	const json_t *after;

	people();
	j = call_as(&maker_t, "POST", API "/tokens", "{\"name\":\"spare\"}",
		    403);
	cr_assert_str_eq(jstr(j, "error.code"), "session_needed");
	json_decref(j);
	json_decref(call_as(&maker, "GET", API "/session", NULL, 200));
	json_decref(call_as(&maker_t, "GET", API "/session", NULL, 200));
	j = call_as(&owner, "GET", API "/session", NULL, 200);
	json_decref(j);
	j = call_as(&maker, "GET", API "/session", NULL, 200);
	path = fmt(API "/accounts/%lld/password", jint(j, "id"));
	json_decref(j);
	json_decref(call_as(&owner, "PUT", path,
			    "{\"password\": \"a new one 1\"}", 204));
	free(path);
	json_decref(call_as(&maker, "GET", API "/session", NULL, 401));
	json_decref(call_as(&maker_t, "GET", API "/session", NULL, 401));
	/* The owner's own change keeps this session, ends their tokens. */
	json_decref(call_as(&owner, "PUT", API "/account/password",
			    "{\"current\": \"" PW "\", \"new\": \"" PW "2\"}",
			    204));
	json_decref(call_as(&owner_t, "GET", API "/session", NULL, 401));
	log = call_as(&owner, "GET", API "/audit?resource=accounts", NULL, 200);
	after = jget(json_array_get(jget(log, "items"), 0), "after");
	cr_assert(after, "%s", json_dumps(log, 0));
	cr_assert_str_eq(jstr(after, "password"), "set anew");
	cr_assert_null(jget(after, "hash"));
	cr_assert(!dumped_holds(log, "argon2"));
	json_decref(log);
}

Test(auth, a_role_change_takes_effect_at_once)
{
	json_t *list = NULL;
	long long mia = 0;

	people();
	json_decref(call_as(&maker, "POST", API "/customers",
			    "{\"name\":\"Mo\"}", 201));
	list = call_as(&owner, "GET", API "/accounts", NULL, 200);
	for (size_t i = 0; i < json_array_size(jget(list, "items")); i++)
		if (!strcmp(jstr(json_array_get(jget(list, "items"), i),
				 "login"),
			    "mia"))
			mia = jint(json_array_get(jget(list, "items"), i),
				   "id");
	cr_assert(!dumped_holds(list, "argon2"));
	json_decref(list);
	json_decref(call_as(&owner, "PATCH", sfmt(API "/accounts/%lld", mia),
				"{\"role\":\"viewer\"}", 200));
	json_decref(call_as(&maker, "POST", API "/customers",
			    "{\"name\":\"Jo\"}", 403));
	json_decref(call_as(&maker_t, "POST", API "/customers",
			    "{\"name\":\"Jo\"}", 403));
	/* The last owner stays. */
	json_decref(call_as(&owner, "PATCH", API "/accounts/1",
			    "{\"role\":\"maker\"}", 409));
}

Test(auth, the_timer_worker_is_the_person_logged_in)
{
	json_t *c, *o, *t;
	char *body;

	people();
	c = call_as(&owner, "POST", API "/customers", "{\"name\":\"Mo\"}", 201);
	body = fmt("{\"customer_id\":%lld,\"title\":\"Bench\"}", jint(c, "id"));
	o = call_as(&owner, "POST", API "/orders", body, 201);
	free(body);
	body = fmt("{\"order_id\":%lld}", jint(o, "id"));
	t = call_as(&maker, "POST", API "/timer/start", body, 201);
	cr_assert_str_eq(jstr(t, "started.worker"), "mia");
	json_decref(t);
	free(body);
	body = fmt("{\"order_id\":%lld,\"worker\":\"ann\"}", jint(o, "id"));
	t = call_as(&maker, "POST", API "/timer/start", body, 403);
	cr_assert_str_eq(jstr(t, "error.code"), "not_yours");
	json_decref(t);
	free(body);
	json_decref(c);
	json_decref(o);
}

/*
 * Time recorded by hand is the maker's own too: by default, and refused
 * for another person or on another person's entry; the owner records
 * anyone's.
 */
Test(auth, time_by_hand_is_the_makers_own)
{
	json_t *c, *o, *t, *mine, *anns;
	char *body, *path;

	people();
	c = call_as(&owner, "POST", API "/customers", "{\"name\":\"Mo\"}", 201);
	body = fmt("{\"customer_id\":%lld,\"title\":\"Bench\"}", jint(c, "id"));
	o = call_as(&owner, "POST", API "/orders", body, 201);
	free(body);

	body = fmt("{\"order_id\":%lld,\"minutes\":30}", jint(o, "id"));
	mine = call_as(&maker, "POST", API "/time-entries", body, 201);
	cr_assert_str_eq(jstr(mine, "worker"), "mia");
	anns = call_as(&owner, "POST", API "/time-entries", body, 201);
	cr_assert_str_eq(jstr(anns, "worker"), "ann");
	free(body);

	body = fmt("{\"order_id\":%lld,\"minutes\":30,\"worker\":\"ann\"}",
		   jint(o, "id"));
	t = call_as(&maker, "POST", API "/time-entries", body, 403);
	cr_assert_str_eq(jstr(t, "error.code"), "not_yours");
	cr_assert_str_eq(jstr(t, "error.field"), "worker");
	json_decref(t);
	free(body);

	/* Another's entry is not the maker's to change, nor to hand over. */
	path = fmt(API "/time-entries/%lld", jint(anns, "id"));
	t = call_as(&maker, "PATCH", path, "{\"minutes\":45}", 403);
	cr_assert_str_eq(jstr(t, "error.code"), "not_yours");
	json_decref(t);
	free(path);
	path = fmt(API "/time-entries/%lld", jint(mine, "id"));
	t = call_as(&maker, "PATCH", path, "{\"worker\":\"ann\"}", 403);
	json_decref(t);
	json_decref(call_as(&maker, "PATCH", path, "{\"minutes\":45}", 200));
	/* The owner records and corrects anyone's. */
	t = call_as(&owner, "PATCH", path, "{\"minutes\":50}", 200);
	cr_assert_eq(jint(t, "minutes"), 50);
	json_decref(t);
	free(path);
	json_decref(mine);
	json_decref(anns);
	json_decref(c);
	json_decref(o);
}

Test(auth, the_audit_log_says_who_changed_what)
{
	json_t *c, *log;
	char *path;

	people();
	c = call_as(&maker, "POST", API "/customers", "{\"name\":\"Mo\"}", 201);
	path = fmt(API "/customers/%lld", jint(c, "id"));
	json_decref(
		call_as(&owner, "PATCH", path, "{\"name\":\"Mo Li\"}", 200));
	free(path);
	path = fmt(API "/audit?resource=customers&record_id=%lld",
		   jint(c, "id"));
	log = call_as(&owner, "GET", path, NULL, 200);
	cr_assert_eq(jint(log, "total"), 2);
	cr_assert_str_eq(jstr(log, "items.0.action"), "update");
	cr_assert_str_eq(jstr(log, "items.0.actor"), "ann");
	cr_assert_str_eq(jstr(log, "items.0.before.name"), "Mo");
	cr_assert_str_eq(jstr(log, "items.0.after.name"), "Mo Li");
	cr_assert_str_eq(jstr(log, "items.1.action"), "create");
	cr_assert_str_eq(jstr(log, "items.1.actor"), "mia");
	json_decref(log);
	json_decref(call_as(&maker, "GET", path, NULL, 403));
	free(path);
	json_decref(c);
}

Test(auth, a_calendar_key_opens_the_calendar_only)
{
	struct cred cal;
	struct resp r;
	char *path;

	people();
	token(&viewer, "calendar", &cal);
	path = fmt(API "/plan.ics?key=%s", cal.secret);
	http(&server, "GET", path, NULL, NULL, &r);
	cr_assert_eq(r.status, 200, "%s", r.body);
	cr_assert(strstr(r.body, "BEGIN:VCALENDAR"));
	resp_free(&r);
	free(path);
	/* Not elsewhere, not as a Bearer, and no api token as a key. */
	path = fmt(API "/plan?key=%s", cal.secret);
	call_fails("GET", path, NULL, 401, "unauthenticated", NULL);
	free(path);
	json_decref(call_as(&cal, "GET", API "/plan.ics", NULL, 401));
	path = fmt(API "/plan.ics?key=%s", viewer_t.secret);
	call_fails("GET", path, NULL, 401, "unauthenticated", NULL);
	free(path);
}

/* Does the file at path hold needle? */
static bool file_holds(const char *path, const char *needle)
{
	FILE *fp = fopen(path, "r");
	char *text = NULL;
	size_t cap = 0;
	bool found = false;

	cr_assert_not_null(fp, "%s", path);
	while (getdelim(&text, &cap, '\0', fp) > 0)
		found |= strstr(text, needle) != NULL;
	free(text);
	fclose(fp);
	return found;
}

Test(auth, no_secret_reaches_the_access_log)
{
	struct srv s;
	char log[160];
	const char *extra[] = {"--access-log", log, NULL};
	struct resp r;
	json_t *t;
	char secret[64], *path, *body;

	snprintf(log, sizeof(log), "/tmp/smallrun-auth-log-%d", getpid());
	remove(log);
	srv_start(&s, extra);
	http_json(&s, "POST", API "/setup",
		  "{\"name\":\"Ann\",\"login\":\"ann\",\"password\":\"" PW
		  "\"}",
		  &r);
	cookie_of(&r, secret);
	resp_free(&r);
	body = fmt("Cookie: smallrun_session=%s\r\nX-Smallrun: 1\r\n", secret);
	http_with(&s, "POST", API "/tokens", body, "application/json",
		  "{\"name\":\"cal\",\"kind\":\"calendar\"}", &r);
	t = json_incref(r.json);
	resp_free(&r);
	path = fmt(API "/plan.ics?days=7&key=%s", jstr(t, "secret"));
	http(&s, "GET", path, NULL, NULL, &r);
	cr_assert_eq(r.status, 200);
	resp_free(&r);
	srv_finish(&s);
	cr_assert(file_holds(log, "/api/v1/plan.ics?days=7&key=-"));
	cr_assert(!file_holds(log, jstr(t, "secret")));
	cr_assert(!file_holds(log, secret));
	cr_assert(!file_holds(log, PW));
	remove(log);
	json_decref(t);
	free(path);
	free(body);
}

/* A request the edge refuses (421, a Host not this server's) is logged
 * with its calendar key redacted all the same. */
Test(auth, no_key_reaches_the_access_log_from_a_refused_request)
{
	static const char key[] = "Zq7cAlendarKeyNotForTheLog0123456789abcdef";
	struct srv s;
	struct resp r;
	char log[160], *req;

	snprintf(log, sizeof(log), "/tmp/smallrun-auth-refused-log-%d",
		 getpid());
	remove(log);
	srv_start(&s, (const char *const[]){"--access-log", log, NULL});
	req = fmt("GET " API "/plan.ics?days=7&key=%s HTTP/1.1\r\n"
		  "Host: workshop.local\r\nConnection: close\r\n\r\n",
		  key);
	http_raw(&s, req, strlen(req), &r);
	cr_assert_eq(r.status, 421);
	resp_free(&r);
	srv_finish(&s);
	cr_assert(!file_holds(log, key));
	cr_assert(file_holds(log, "/api/v1/plan.ics?days=7&key=- 421 "));
	remove(log);
	free(req);
}

/*
 * Opened as a database, the download has its accounts, each with an empty
 * hash, and no session or token.
 */
static bool backup_holds_no_secret(const struct resp *r)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	unsigned char *copy = sqlite3_malloc64(r->body_len);
	bool ok = false;

	cr_assert(copy);
	memcpy(copy, r->body, r->body_len);
	cr_assert_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	cr_assert_eq(sqlite3_deserialize(db, "main", copy,
					 (sqlite3_int64)r->body_len,
					 (sqlite3_int64)r->body_len,
					 SQLITE_DESERIALIZE_FREEONCLOSE),
		     SQLITE_OK);
	cr_assert_eq(
		sqlite3_prepare_v2(db,
				   "SELECT (SELECT count(*) FROM accounts),"
				   " (SELECT count(*) FROM accounts"
				   "  WHERE hash <> ''),"
				   " (SELECT count(*) FROM sessions),"
				   " (SELECT count(*) FROM tokens)",
				   -1, &st, NULL),
		SQLITE_OK);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	ok = sqlite3_column_int(st, 0) > 0 && sqlite3_column_int(st, 1) == 0 &&
	     sqlite3_column_int(st, 2) == 0 && sqlite3_column_int(st, 3) == 0;
	sqlite3_finalize(st);
	sqlite3_close(db);
	return ok;
}

Test(auth, no_export_or_answer_holds_a_hash_or_secret)
{
	struct run *run = malloc(sizeof(*run));
	char dir[64];
	json_t *j;

	people();
	for (int r = 0; r < SR_RES__MAX; r++) {
		char *path = fmt(API "/export/%s.csv", sr_res_name(r));
		struct resp resp;

		send_as(&owner_t, "GET", path, NULL, &resp);
		cr_assert_eq(resp.status, 200, "%s", path);
		cr_assert_null(strstr(resp.body, "argon2"), "%s", path);
		cr_assert_null(strstr(resp.body, owner.secret), "%s", path);
		resp_free(&resp);
		free(path);
	}
	/* The backup download: no hash, and no session or token, in any of
	 * its pages (a freed one included: a password changed first). */
	json_decref(call_as(&owner, "PUT", API "/account/password",
			    "{\"current\": \"" PW "\", \"new\": \"" PW "!\"}",
			    204));
	{
		struct resp resp;

		/* The change revoked owner_t: the session stays. */
		send_as(&owner, "GET", API "/backup", NULL, &resp);
		cr_assert_eq(resp.status, 200, "%s", resp.body);
		cr_assert(!memcmp(resp.body, "SQLite format 3", 16));
		cr_assert_null(memmem(resp.body, resp.body_len, "argon2", 6));
		cr_assert(backup_holds_no_secret(&resp));
		resp_free(&resp);
	}
	j = call_as(&owner, "GET", API "/accounts", NULL, 200);
	cr_assert(!dumped_holds(j, "argon2"));
	cr_assert_null(jget(j, "items.0.hash"));
	json_decref(j);
	j = call_as(&owner, "GET", API "/tokens", NULL, 200);
	cr_assert(!dumped_holds(j, owner_t.secret));
	json_decref(j);
	/* And `smallrun export --csv` writes none either. */
	temp_dir(dir, sizeof(dir), "auth-export");
	cli_run(run, NULL, server.db, "export --csv '%s/out'", dir);
	cr_assert_eq(run->code, 0, "%s", run->err);
	for (int r = 0; r < SR_RES__MAX; r++) {
		char *file = fmt("%s/out/%s.csv", dir, sr_res_name(r));

		cr_assert(!file_holds(file, "argon2"), "%s", file);
		cr_assert(!file_holds(file, owner_t.secret), "%s", file);
		free(file);
	}
	remove_dir(dir);
	free(run);
}

Test(auth, smallrun_user_on_the_command_line)
{
	struct run *run = malloc(sizeof(*run));
	struct cred c;
	json_t *j;

	people();
	/* Made while the server runs: it counts at once. */
	cli_run_input(run, "carrot cake 1\n", server.db,
		      "user add --login Cy --name 'Cy Smith' --role maker "
		      "--password-stdin --json");
	cr_assert_eq(run->code, 0, "%s", run->err);
	cr_assert_null(strstr(run->out, "carrot"));
	login(&c, "cy", "carrot cake 1");
	cli_run(run, NULL, server.db, "user list");
	cr_assert_eq(run->code, 0, "%s", run->err);
	cr_assert(strstr(run->out, "Cy Smith"), "%s", run->out);
	/* A reset on the command line ends the person's sessions. */
	cli_run_input(run, "new carrot 2\n", server.db,
		      "user passwd cy --password-stdin");
	cr_assert_eq(run->code, 0, "%s", run->err);
	json_decref(call_as(&c, "GET", API "/session", NULL, 401));
	login(&c, "cy", "new carrot 2");
	/* No password on a pipe without --password-stdin: no hang. */
	cli_run(run, NULL, server.db,
		"user add --login x --name X --role maker");
	cr_assert_eq(run->code, 2);
	cli_run_input(run, "short\n", server.db,
		      "user add --login x --name X --role maker "
		      "--password-stdin");
	cr_assert_eq(run->code, 2, "%s", run->err);
	cr_assert(strstr(run->err, "password"), "%s", run->err);
	cli_run(run, NULL, server.db, "user remove ann");
	cr_assert_eq(run->code, 1, "%s", run->err);
	cr_assert(strstr(run->err, "only owner"), "%s", run->err);
	cli_run(run, NULL, server.db, "user remove cy");
	cr_assert_eq(run->code, 0, "%s", run->err);
	json_decref(call_as(&c, "GET", API "/session", NULL, 401));
	j = call_as(&owner, "GET", API "/audit?actor=command%20line", NULL,
		    200);
	cr_assert_geq(jint(j, "total"), 2);
	json_decref(j);
	free(run);
}

Test(auth, serve_beyond_this_computer_needs_the_owner_first)
{
	struct run *run = malloc(sizeof(*run));
	char dir[64], *db;

	temp_dir(dir, sizeof(dir), "auth-serve");
	db = fmt("%s/new.db", dir);
	cli_run(run, NULL, NULL, "serve --listen 0.0.0.0:0 --db '%s'", db);
	cr_assert_eq(run->code, 2, "%s", run->err);
	cr_assert_eq(count_lines(run->err), 1, "%s", run->err);
	cr_assert(strstr(run->err, "smallrun user add --role owner"), "%s",
		  run->err);
	remove_dir(dir);
	free(db);
	free(run);
}
