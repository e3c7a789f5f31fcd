/*
 * test-tenants.c - many workshops on one PostgreSQL database, over a real
 * hosted server (serve --hosted) and the operator's command line
 * (doc/HOSTED.md).
 *
 * Two workshops, alpha and beta, hold the same records, made through the
 * API by an owner called ann in each (one login, two workshops). Every
 * text beta's records hold carries BETAMARK, so that any answer to alpha
 * that shows a byte of beta's data is caught whatever its shape. Then:
 * every route of server/route.c's table (walked, not listed) asked with
 * alpha's credential for beta's ids gets 404, and no answer holds beta's
 * data; a fuzz of ids the same; beta's records are as they were after;
 * two servers answer one session and share the login throttle; sign-up
 * on and off; suspend and resume; the operator's commands.
 *
 * The suite "tenants" needs PostgreSQL (SMALLRUN_TEST_STORE=pg, as make
 * api runs it) and skips otherwise; "one_workshop" is a SQLite file's
 * side of the same commands and options.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "harness.h"
#include "smallrun/records.h"
#include "../unit/store-fixture.h"

#define PW "password1"
#define MARK "BETAMARK"

/* ---- credentials ------------------------------------------------------ */

static json_t *ask(const struct cred *c, const char *method, const char *path,
		   const char *body, int status)
{
	return call_cred(&server, c, method, path, body, status);
}

/* Log in to workshop slug on s; the session as c. */
static void login_on(const struct srv *s, struct cred *c, const char *login,
		     const char *slug)
{
	char *body = fmt("{\"login\":\"%s\",\"password\":\"" PW
			 "\",\"workshop\":\"%s\"}",
			 login, slug);
	char secret[64];
	struct resp r;

	http_json(s, "POST", API "/session", body, &r);
	cr_assert_eq(r.status, 200, "%s: %d %s", body, r.status, r.body);
	cr_assert_str_eq(jstr(r.json, "workshop"), slug);
	cookie_of(&r, secret);
	cookie_cred(c, secret);
	resp_free(&r);
	free(body);
}

/* ---- the command line on the server's database ---------------------- */

static void cli_ok(const char *args)
{
	struct run *r = malloc(sizeof(*r));

	cr_assert_not_null(r);
	cli_run(r, NULL, NULL, "%s --db '%s'", args, server.db);
	cr_assert_eq(r->code, 0, "%s: exit %d: %s", args, r->code, r->err);
	free(r);
}

/* `smallrun user add` of an owner in workshop slug. */
static void owner_of(const char *slug, const char *login, const char *name)
{
	struct run *r = malloc(sizeof(*r));

	cr_assert_not_null(r);
	cli_run_input(r, PW "\n", NULL,
		      "user add --login %s --name '%s' --role owner "
		      "--password-stdin --db '%s' --workshop %s",
		      login, name, server.db, slug);
	cr_assert_eq(r->code, 0, "user add: %d %s", r->code, r->err);
	free(r);
}

/* ---- two workshops with the same records ---------------------------- */

/* Ids of a workshop's records, by resource; and its people. */
struct shop {
	const char *slug;
	struct cred owner, token;
	long long id[SR_RES__MAX];
	long long session, token_id, account, invoice;
};

static struct shop alpha = {.slug = "alpha"}, beta = {.slug = "beta"};

/* POST a body (tmpl: "%1$s" is the mark, "{R}" the id of resource R's
 * letter) as sh's owner; the new id. */
static long long add_as(struct shop *sh, const char *mark, const char *path,
			const char *tmpl, const long long ids[26])
{
	char *t = fmt(tmpl, mark), *body = expand_ids(t, ids);
	json_t *j = ask(&sh->owner, "POST", path, body, 201);
	long long id = jint(j, "id");

	json_decref(j);
	free(body);
	free(t);
	return id;
}

/* One record of every list resource, and a second account, in sh. */
static void fill(struct shop *sh, const char *mark)
{
	/* A record's letter, for the templates. */
	static const struct {
		enum sr_res res;
		char letter;
		const char *path;
		const char *body;
	} rows[] = {
		{SR_RES_PRODUCT, 'P', API "/products",
		 "{\"name\":\"%1$s loaf\",\"mode\":\"batch\",\"price\":450}"},
		{SR_RES_CUSTOMER, 'C', API "/customers",
		 "{\"name\":\"%1$s customer\",\"notes\":\"%1$s\"}"},
		{SR_RES_SUPPLIER, 'Y', API "/suppliers",
		 "{\"name\":\"%1$s supplier\"}"},
		{SR_RES_ORDER, 'O', API "/orders",
		 "{\"customer_id\":{C},\"product_id\":{P},\"title\":\"%1$s "
		 "order\",\"price\":1000,\"due_date\":\"2026-12-01\"}"},
		/* Quoted while it waits for a yes, then accepted (below). */
		{SR_RES_QUOTE, 'Q', API "/quotes",
		 "{\"order_id\":{O},\"terms\":\"%1$s terms\"}"},
		{SR_RES_BATCH, 'B', API "/batches",
		 "{\"product_id\":{P},\"run_date\":\"2026-11-25\","
		 "\"made_qty\":10,\"qc_notes\":\"%1$s\"}"},
		{SR_RES_MATERIAL, 'M', API "/materials",
		 "{\"name\":\"%1$s flour\",\"on_hand\":5000,"
		 "\"supplier_id\":{Y}}"},
		{SR_RES_MATERIAL_UNIT, 'N', API "/material-units",
		 "{\"material_id\":{M},\"name\":\"%1$s sack\","
		 "\"base_qty\":16000}"},
		{SR_RES_RECIPE_LINE, 'R', API "/recipe-lines",
		 "{\"product_id\":{P},\"material_id\":{M},\"quantity\":100,"
		 "\"note\":\"%1$s\"}"},
		{SR_RES_PURCHASE, 'H', API "/purchases",
		 "{\"supplier_id\":{Y},\"reference\":\"%1$s ref\"}"},
		{SR_RES_PURCHASE_LINE, 'L', API "/purchase-lines",
		 "{\"purchase_id\":{H},\"material_id\":{M},\"quantity\":2,"
		 "\"lot\":\"%1$s-PL\"}"},
		{SR_RES_LOT, 'K', API "/material-lots",
		 "{\"material_id\":{M},\"quantity\":100,\"lot\":\"%1$s-LOT\","
		 "\"received_on\":\"2026-11-01\"}"},
		{SR_RES_BATCH_MATERIAL, 'U', API "/batch-materials",
		 "{\"batch_id\":{B},\"material_id\":{M},\"quantity\":10,"
		 "\"lot\":\"%1$s-LOT\"}"},
		{SR_RES_TIME_ENTRY, 'T', API "/time-entries",
		 "{\"order_id\":{O},\"started_at\":\"2026-11-20T09:00:00Z\","
		 "\"minutes\":30,\"note\":\"%1$s\"}"},
		{SR_RES_SALE, 'S', API "/sales",
		 "{\"batch_id\":{B},\"customer_id\":{C},\"quantity\":2,"
		 "\"price\":450}"},
		{SR_RES_DAY_OFF, 'D', API "/days-off",
		 "{\"date\":\"2026-12-25\",\"note\":\"%1$s\"}"},
	};
	long long ids[26] = {0};
	char *body;
	json_t *j;

	for (size_t i = 0; i < COUNT(rows); i++) {
		ids[rows[i].letter - 'A'] =
			add_as(sh, mark, rows[i].path, rows[i].body, ids);
		sh->id[rows[i].res] = ids[rows[i].letter - 'A'];
	}
	body = fmt(API "/orders/%lld", ids['O' - 'A']);
	json_decref(ask(&sh->owner, "PATCH", body, "{\"status\":\"accepted\"}",
			200));
	free(body);
	/* Every list resource has one. */
	for (int r = 0; r < SR_RES__MAX; r++)
		if (sr_res_is_list((enum sr_res)r))
			cr_assert_gt(sh->id[r], 0, "no %s made",
				     sr_res_name((enum sr_res)r));
	/* An invoice of its sale, numbered in its own sequence: 1. */
	sh->invoice = add_as(sh, mark, API "/invoices",
			     "{\"customer_id\":{C},\"sale_ids\":[{S}],"
			     "\"notes\":\"%1$s\"}",
			     ids);
	body = fmt("{\"workshop_name\":\"%s workshop\"}", mark);
	json_decref(ask(&sh->owner, "PUT", API "/settings", body, 200));
	free(body);
	body = fmt("{\"name\":\"%s Mia\",\"login\":\"mia\",\"password\":\"" PW
		   "\",\"role\":\"maker\"}",
		   mark);
	j = ask(&sh->owner, "POST", API "/accounts", body, 201);
	sh->account = jint(j, "id");
	json_decref(j);
	free(body);
	body = fmt("{\"name\":\"%s script\"}", mark);
	j = ask(&sh->owner, "POST", API "/tokens", body, 201);
	free(body);
	sh->token_id = jint(j, "id");
	bearer_cred(&sh->token, jstr(j, "secret"));
	json_decref(j);
	j = ask(&sh->owner, "GET", API "/sessions", NULL, 200);
	sh->session = jint(j, "items.0.id");
	json_decref(j);
}

static void hosted_init(void)
{
	static const char *const hosted[] = {"--hosted", NULL};

	if (!test_store_is_pg())
		cr_skip_test("many workshops need PostgreSQL: "
			     "SMALLRUN_TEST_STORE=pg (make api runs it so)");
	srv_start(&server, hosted);
}

/* A second server on the same database, stopped after each test
 * whatever became of it. */
static struct srv second;

static void hosted_fini(void)
{
	if (second.pid > 0)
		srv_stop(&second);
	if (second.dir[0])
		remove_dir(second.dir);
	api_fini();
}

TestSuite(tenants, .init = hosted_init, .fini = hosted_fini);

/* alpha and beta, each with its owner ann, their records and people. */
static void two_workshops(void)
{
	cli_ok("workshop add alpha --name Alpha");
	cli_ok("workshop add beta --name Beta");
	owner_of("alpha", "ann", "Ann");
	owner_of("beta", "ann", MARK " Ann");
	login_on(&server, &alpha.owner, "ann", "alpha");
	login_on(&server, &beta.owner, "ann", "beta");
	fill(&alpha, "alpha");
	fill(&beta, MARK);
}

/* ---- the walk over the route table ------------------------------------ */

/* A route's pattern with res for "{res}"/"{kind}" and id for "{id}". */
static char *path_for(const char *pattern, const char *res, long long id)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	cr_assert_not_null(fp);
	for (const char *p = pattern; *p; p++) {
		if (!strncmp(p, "{id}", 4)) {
			fprintf(fp, "%lld", id);
			p += 3;
		} else if (!strncmp(p, "{res}", 5)) {
			fputs(res, fp);
			p += 4;
		} else if (!strncmp(p, "{kind}", 6)) {
			fputs(res, fp);
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

/* beta's id of what an "{id}" of pattern names, resource r for {res}. */
static long long beta_id(const char *pattern, int r)
{
	if (strstr(pattern, "{res}"))
		return beta.id[r];
	if (!strncmp(pattern, API "/products/", 17))
		return beta.id[SR_RES_PRODUCT];
	if (!strncmp(pattern, API "/batches/", 16))
		return beta.id[SR_RES_BATCH];
	if (!strncmp(pattern, API "/purchases/", 18))
		return beta.id[SR_RES_PURCHASE];
	if (!strncmp(pattern, API "/orders/", 15))
		return beta.id[SR_RES_ORDER];
	if (!strncmp(pattern, API "/quotes/", 15))
		return beta.id[SR_RES_QUOTE];
	if (!strncmp(pattern, API "/invoices/", 17))
		return beta.invoice;
	if (!strncmp(pattern, API "/sales/", 14))
		return beta.id[SR_RES_SALE];
	if (!strncmp(pattern, API "/sessions/", 17))
		return beta.session;
	if (!strncmp(pattern, API "/tokens/", 15))
		return beta.token_id;
	if (!strncmp(pattern, API "/accounts/", 17))
		return beta.account;
	cr_assert_fail("route %s: which of beta's records is its {id}?",
		       pattern);
	return 0;
}

/* The body a route is sent: enough to reach its look-up of {id}. */
static const char *body_for(const char *method, const char *pattern, int r,
			    const char **type)
{
	*type = "application/json";
	if (!strcmp(method, "GET") || !strcmp(method, "DELETE")) {
		*type = NULL;
		return NULL;
	}
	if (strstr(pattern, "/sales/import")) {
		*type = "text/csv";
		return "date,product,quantity\n";
	}
	/* An invoice's paid and void take their own date, or nothing. */
	if (!strncmp(pattern, API "/invoices/", 17))
		return "{}";
	if (!strcmp(pattern, API "/batches/{id}/materials"))
		return "{\"material_id\":1,\"quantity\":1}";
	if (strstr(pattern, "/password"))
		return "{\"password\":\"" PW "\"}";
	/* A change every record takes: its name, note or notes where it
	 * has one, else nothing (an empty change of a record that is not
	 * there is still 404). */
	if (!strcmp(method, "PATCH") && strstr(pattern, "{id}"))
		switch (r) {
		case SR_RES_PRODUCT:
		case SR_RES_CUSTOMER:
		case SR_RES_SUPPLIER:
		case SR_RES_MATERIAL: return "{\"name\":\"renamed\"}";
		case SR_RES_ORDER: return "{\"title\":\"renamed\"}";
		case SR_RES_BATCH: return "{\"qc_notes\":\"renamed\"}";
		default: return "{}";
		}
	return "{}";
}

/* Every text alpha's credential c is answered by: no byte of beta's. */
static int walk(const struct cred *c, int *with_id)
{
	const char *pattern, *method;
	enum sr_need need;
	int asked = 0;

	*with_id = 0;
	for (size_t i = 0; i < api_route_count(); i++) {
		bool by_res;

		if (!api_route_row(i, &pattern, &method, &need))
			continue;
		by_res = strstr(pattern, "{res}") || strstr(pattern, "{kind}");
		for (int r = 0; r < (by_res ? SR_RES__MAX : 1); r++) {
			bool has_id = strstr(pattern, "{id}") != NULL;
			const char *type, *body;
			char *path;
			struct resp resp;

			/* {res}: the list resources; {kind}: any. */
			if (by_res && strstr(pattern, "{res}") &&
			    !sr_res_is_list((enum sr_res)r))
				continue;
			path = path_for(pattern,
					by_res ? sr_res_name((enum sr_res)r)
					       : "",
					has_id ? beta_id(pattern, r) : 0);
			body = body_for(method, pattern, r, &type);
			http_with(&server, method, path, c->head, type, body,
				  &resp);
			cr_expect_null(strstr(resp.body, MARK),
				       "%s %s answered beta's data: %.300s",
				       method, path, resp.body);
			if (has_id) {
				cr_expect_eq(resp.status, 404,
					     "%s %s with beta's id: %d %.200s",
					     method, path, resp.status,
					     resp.body);
				(*with_id)++;
			}
			asked++;
			resp_free(&resp);
			free(path);
		}
	}
	return asked;
}

/* beta's records, accounts and settings, as beta's owner reads them. */
static char *beta_state(void)
{
	char *all = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&all, &len);

	cr_assert_not_null(fp);
	for (int r = 0; r < SR_RES__MAX; r++) {
		char *path;
		struct resp resp;

		if (!sr_res_is_list((enum sr_res)r))
			continue;
		path = fmt(API "/%s?limit=1000", sr_res_name((enum sr_res)r));
		send_cred(&server, &beta.token, "GET", path, NULL, &resp);
		cr_assert_eq(resp.status, 200, "%s: %s", path, resp.body);
		fprintf(fp, "%s\n%s\n", path, resp.body);
		resp_free(&resp);
		free(path);
	}
	{
		static const char *const more[] = {API "/settings",
						   API "/accounts"};

		for (size_t i = 0; i < COUNT(more); i++) {
			struct resp resp;

			send_cred(&server, &beta.token, "GET", more[i], NULL,
				&resp);
			cr_assert_eq(resp.status, 200, "%s", resp.body);
			fprintf(fp, "%s\n%s\n", more[i], resp.body);
			resp_free(&resp);
		}
	}
	fclose(fp);
	return all;
}

Test(tenants,
     every_route_with_the_other_workshops_ids_is_404_and_shows_none_of_it)
{
	int with_id = 0, asked;
	char *before, *after;
	json_t *j;

	two_workshops();
	/* The same login and the same names, apart. */
	j = ask(&alpha.owner, "GET", API "/products", NULL, 200);
	cr_assert_eq(jint(j, "total"), 1);
	cr_assert_str_eq(jstr(j, "items.0.name"), "alpha loaf");
	json_decref(j);
	before = beta_state();
	cr_assert(strstr(before, MARK " loaf"), "%s", before);
	/* With alpha's token: the walk logs alpha's sessions out. */
	asked = walk(&alpha.token, &with_id);
	cr_assert_gt(asked, 100, "only %d requests", asked);
	cr_assert_gt(with_id, 40, "only %d with an id", with_id);
	after = beta_state();
	cr_assert_str_eq(after, before, "beta's records changed");
	/* beta's people are still in. */
	json_decref(ask(&beta.owner, "GET", API "/session", NULL, 200));
	json_decref(ask(&beta.token, "GET", API "/session", NULL, 200));
	free(before);
	free(after);
}

/* The same walk for the viewer's and a maker's credential is the same
 * rule; a fuzz of ids instead: any id, any record route. */
Test(tenants, a_fuzz_of_ids_finds_only_the_workshops_own)
{
	long long top = 0;
	unsigned seed = 20261203;
	int tried = 0, found = 0;

	two_workshops();
	for (int r = 0; r < SR_RES__MAX; r++)
		if (beta.id[r] > top)
			top = beta.id[r];
	for (int n = 0; n < 600; n++) {
		int r;
		long long id;
		char *path;
		struct resp resp;

		seed = seed * 1103515245u + 12345u;
		r = (int)((seed >> 16) % SR_RES__MAX);
		if (!sr_res_is_list((enum sr_res)r))
			continue;
		seed = seed * 1103515245u + 12345u;
		/* 1 .. a little past the highest id either holds. */
		id = 1 + (long long)((seed >> 8) % (unsigned)(top + 5));
		path = fmt(API "/%s/%lld", sr_res_name((enum sr_res)r), id);
		send_cred(&server, &alpha.token, n % 3 == 2 ? "DELETE" : "GET",
			path, NULL, &resp);
		cr_expect_null(strstr(resp.body, MARK), "%s: %.200s", path,
			       resp.body);
		if (id == beta.id[r])
			cr_expect_eq(resp.status, 404, "%s is beta's: %d", path,
				     resp.status);
		if (resp.status == 200 || resp.status == 204) {
			cr_expect_eq(id, alpha.id[r],
				     "%s answered %d and is not alpha's", path,
				     resp.status);
			found++;
		} else {
			/* 409: alpha's own, still in use by others. */
			cr_expect(resp.status == 404 || (resp.status == 409 &&
							 id == alpha.id[r]),
				  "%s: %d %.200s", path, resp.status,
				  resp.body);
		}
		tried++;
		resp_free(&resp);
		free(path);
	}
	cr_assert_gt(tried, 200);
	/* Some asked for alpha's own, and got it (not a vacuous 404). */
	cr_assert_gt(found, 0);
}

Test(tenants, two_servers_answer_one_session_and_share_the_throttle)
{
	struct srv *two = &second;
	const char *const args[] = {"--db", server.db, "--hosted", NULL};
	struct resp r;
	json_t *j;

	two_workshops();
	srv_start(two, args);
	/* A session made on one is good on the other... */
	j = call_cred(two, &beta.owner, "GET", API "/products", NULL, 200);
	cr_assert_str_eq(jstr(j, "items.0.name"), MARK " loaf");
	json_decref(j);
	j = call_cred(two, &alpha.owner, "GET", API "/session", NULL, 200);
	cr_assert_str_eq(jstr(j, "workshop"), "alpha");
	json_decref(j);
	/* ...and ended on the other, ended on both. */
	json_decref(
		call_cred(two, &alpha.owner, "DELETE", API "/session", NULL, 204));
	json_decref(ask(&alpha.owner, "GET", API "/session", NULL, 401));
	/* Wrong passwords on one server count on the other: after the
	 * free tries (auth.h: 5), the next waits, on either. */
	for (int i = 0; i < 5; i++) {
		http_json(i % 2 ? two : &server, "POST", API "/session",
			  "{\"login\":\"mia\",\"password\":\"wrong-one\","
			  "\"workshop\":\"beta\"}",
			  &r);
		cr_assert_eq(r.status, 401, "try %d: %d %s", i, r.status,
			     r.body);
		resp_free(&r);
	}
	http_json(two, "POST", API "/session",
		  "{\"login\":\"mia\",\"password\":\"" PW
		  "\",\"workshop\":\"beta\"}",
		  &r);
	assert_error(&r, 429, "too_many_tries");
	resp_free(&r);
	/* The address was counted on both too: from it, even alpha's
	 * right password waits now. */
	http_json(&server, "POST", API "/session",
		  "{\"login\":\"mia\",\"password\":\"" PW
		  "\",\"workshop\":\"alpha\"}",
		  &r);
	assert_error(&r, 429, "too_many_tries");
	resp_free(&r);
	srv_finish(two);
}

Test(tenants, a_login_names_its_workshop)
{
	struct resp r;

	two_workshops();
	http_json(&server, "POST", API "/session",
		  "{\"login\":\"ann\",\"password\":\"" PW "\"}", &r);
	assert_field_error(&r, 400, "missing_field", "workshop");
	resp_free(&r);
	/* No such workshop: as a wrong password, nothing more. */
	http_json(&server, "POST", API "/session",
		  "{\"login\":\"ann\",\"password\":\"" PW
		  "\",\"workshop\":\"gamma\"}",
		  &r);
	assert_error(&r, 401, "wrong_login");
	resp_free(&r);
	http_json(&server, "POST", API "/session",
		  "{\"login\":\"ann\",\"password\":\"" PW
		  "\",\"workshop\":\"Not A Slug\"}",
		  &r);
	assert_error(&r, 401, "wrong_login");
	resp_free(&r);
	/* Logged out, a visitor learns that logins name a workshop. */
	http(&server, "GET", API "/session", NULL, NULL, &r);
	cr_assert_eq(r.status, 401);
	cr_assert(json_is_true(jget(r.json, "hosted")), "%s", r.body);
	cr_assert(json_is_false(jget(r.json, "signup")), "%s", r.body);
	resp_free(&r);
	/* Hosted: no one is the owner of the server by being on it. */
	http_json(&server, "POST", API "/setup",
		  "{\"name\":\"X\",\"login\":\"x\",\"password\":\"" PW "\"}",
		  &r);
	assert_error(&r, 403, "hosted");
	resp_free(&r);
	call_fails("GET", API "/products", NULL, 401, "unauthenticated", NULL);
}

Test(tenants, signup_is_off_unless_the_server_allows_it)
{
	struct resp r;

	http_json(&server, "POST", API "/signup",
		  "{\"workshop_name\":\"Pots\",\"workshop\":\"pots\","
		  "\"login\":\"bo\",\"password\":\"" PW "\"}",
		  &r);
	assert_error(&r, 403, "signup_off");
	resp_free(&r);
}

Test(tenants, signup_makes_a_workshop_and_its_owner)
{
	const char *const args[] = {"--db", server.db, "--signup", NULL};
	struct srv *open = &second;
	struct cred bo, again;
	char secret[64];
	struct resp r;
	json_t *j;

	two_workshops();
	srv_start(open, args);
	http_json(open, "POST", API "/signup",
		  "{\"workshop_name\":\"Pots & Co\",\"workshop\":\"pots\","
		  "\"name\":\"Bo\",\"login\":\"bo\",\"password\":\"" PW "\"}",
		  &r);
	cr_assert_eq(r.status, 201, "%s", r.body);
	cr_assert_str_eq(jstr(r.json, "role"), "owner");
	cr_assert_str_eq(jstr(r.json, "workshop"), "pots");
	cookie_of(&r, secret);
	cookie_cred(&bo, secret);
	resp_free(&r);
	/* A workshop of its own: empty, named, and bo is its owner. */
	j = call_cred(open, &bo, "GET", API "/products", NULL, 200);
	cr_assert_eq(jint(j, "total"), 0);
	json_decref(j);
	j = call_cred(open, &bo, "GET", API "/settings", NULL, 200);
	cr_assert_str_eq(jstr(j, "workshop_name"), "Pots & Co");
	json_decref(j);
	j = call_cred(open, &bo, "GET", API "/audit", NULL, 200);
	cr_assert_eq(jint(j, "total"), 1);
	cr_assert_str_eq(jstr(j, "items.0.actor"), "bo");
	json_decref(j);
	json_decref(call_cred(open, &bo, "POST", API "/products",
			   "{\"name\":\"Vase\"}", 201));
	/* The other server (no sign-up) knows the new workshop too. */
	login_on(&server, &again, "bo", "pots");
	j = ask(&again, "GET", API "/products", NULL, 200);
	cr_assert_str_eq(jstr(j, "items.0.name"), "Vase");
	json_decref(j);
	/* A taken slug, and bad ones, write nothing. */
	http_json(open, "POST", API "/signup",
		  "{\"workshop_name\":\"Other\",\"workshop\":\"beta\","
		  "\"login\":\"zed\",\"password\":\"" PW "\"}",
		  &r);
	assert_field_error(&r, 409, "duplicate", "workshop");
	resp_free(&r);
	http_json(open, "POST", API "/signup",
		  "{\"workshop_name\":\"Other\",\"workshop\":\"-bad\","
		  "\"login\":\"zed\",\"password\":\"" PW "\"}",
		  &r);
	assert_field_error(&r, 400, "bad_value", "workshop");
	resp_free(&r);
	http_json(open, "POST", API "/signup",
		  "{\"workshop_name\":\"Other\",\"workshop\":\"other\","
		  "\"login\":\"zed\",\"password\":\"short\"}",
		  &r);
	assert_field_error(&r, 400, "bad_length", "password");
	resp_free(&r);
	http_json(open, "POST", API "/signup",
		  "{\"workshop\":\"other\",\"login\":\"zed\",\"password\":\"" PW
		  "\",\"extra\":1}",
		  &r);
	assert_field_error(&r, 400, "unknown_field", "extra");
	resp_free(&r);
	{
		struct run *cr = malloc(sizeof(*cr));

		cr_assert_not_null(cr);
		cli_run(cr, NULL, NULL, "workshop list --json --db '%s'",
			server.db);
		cr_assert_eq(cr->code, 0, "%s", cr->err);
		cr_assert(strstr(cr->out, "\"pots\""), "%s", cr->out);
		cr_assert_null(strstr(cr->out, "\"other\""), "%s", cr->out);
		free(cr);
	}
	srv_finish(open);
}

/* Each sign-up counts, as a wrong password does: past the free ones the
 * next waits (429), even with a new slug each time. */
Test(tenants, signups_are_throttled)
{
	const char *const args[] = {"--db", server.db, "--signup", NULL};
	struct srv *open = &second;
	struct resp r;

	srv_start(open, args);
	for (int i = 0; i < 6; i++) {
		char *body = fmt("{\"workshop_name\":\"Shop %d\",\"workshop\":"
				 "\"shop-%d\",\"login\":\"o\",\"password\":"
				 "\"" PW "\"}",
				 i, i);

		http_json(open, "POST", API "/signup", body, &r);
		if (i < 5)
			cr_assert_eq(r.status, 201, "%d: %s", i, r.body);
		else
			assert_error(&r, 429, "too_many_tries");
		resp_free(&r);
		free(body);
	}
	srv_finish(open);
}

Test(tenants, a_suspended_workshop_is_refused_until_resumed)
{
	struct resp r;

	two_workshops();
	cli_ok("workshop suspend beta");
	send_cred(&server, &beta.owner, "GET", API "/products", NULL, &r);
	assert_error(&r, 403, "workshop_suspended");
	resp_free(&r);
	send_cred(&server, &beta.token, "GET", API "/session", NULL, &r);
	assert_error(&r, 403, "workshop_suspended");
	resp_free(&r);
	http_json(&server, "POST", API "/session",
		  "{\"login\":\"mia\",\"password\":\"" PW
		  "\",\"workshop\":\"beta\"}",
		  &r);
	assert_error(&r, 403, "workshop_suspended");
	resp_free(&r);
	/* The other workshop goes on. */
	json_decref(ask(&alpha.owner, "GET", API "/products", NULL, 200));
	cli_ok("workshop resume beta");
	json_decref(ask(&beta.owner, "GET", API "/products", NULL, 200));
}

Test(tenants, the_operator_lists_adds_and_removes_workshops)
{
	struct run *r = malloc(sizeof(*r));
	json_t *j;

	cr_assert_not_null(r);
	two_workshops();
	j = cli_json(NULL, NULL, "workshop list --json --db '%s'", server.db);
	/* The first, made by migration 0017 from the settings, and ours. */
	cr_assert_eq(jint(j, "total"), 3);
	cr_assert_str_eq(jstr(j, "items.1.slug"), "alpha");
	cr_assert_str_eq(jstr(j, "items.2.slug"), "beta");
	cr_assert_str_eq(jstr(j, "items.2.status"), "active");
	json_decref(j);
	/* A taken slug; a bad one; remove without --yes. */
	cli_run(r, NULL, NULL, "workshop add beta --name B2 --db '%s'",
		server.db);
	cr_assert_eq(r->code, 1, "%s", r->err);
	cr_assert(strstr(r->err, "taken"), "%s", r->err);
	cli_run(r, NULL, NULL, "workshop add Beta_2 --name B2 --db '%s'",
		server.db);
	cr_assert_eq(r->code, 2, "%s", r->err);
	cli_run(r, NULL, NULL, "workshop remove beta --db '%s'", server.db);
	cr_assert_eq(r->code, 2, "%s", r->err);
	cr_assert(strstr(r->err, "--yes"), "%s", r->err);
	cli_run(r, NULL, NULL, "workshop suspend gamma --db '%s'", server.db);
	cr_assert_eq(r->code, 2, "%s", r->err);
	/* A command for one workshop must be told which. */
	cli_run(r, NULL, NULL, "product list --db '%s'", server.db);
	cr_assert_eq(r->code, 2, "%s", r->err);
	cr_assert(strstr(r->err, "--workshop"), "%s", r->err);
	j = cli_json(NULL, NULL,
		     "product list --json --db '%s' --workshop beta",
		     server.db);
	cr_assert_str_eq(jstr(j, "items.0.name"), MARK " loaf");
	json_decref(j);
	cli_run(r, NULL, NULL, "product list --db '%s' --workshop gamma",
		server.db);
	cr_assert_eq(r->code, 2, "%s", r->err);
	/* Removed: its people are out, its records gone, alpha's kept. */
	cli_run(r, NULL, NULL, "workshop remove beta --yes --db '%s'",
		server.db);
	cr_assert_eq(r->code, 0, "%s", r->err);
	json_decref(ask(&beta.owner, "GET", API "/session", NULL, 401));
	json_decref(ask(&beta.token, "GET", API "/session", NULL, 401));
	j = cli_json(NULL, NULL, "workshop list --json --db '%s'", server.db);
	cr_assert_eq(jint(j, "total"), 2);
	json_decref(j);
	j = ask(&alpha.owner, "GET", API "/batches", NULL, 200);
	cr_assert_eq(jint(j, "total"), 1);
	json_decref(j);
	/* Its slug is free again: a new, empty beta. */
	cli_ok("workshop add beta --name Beta");
	owner_of("beta", "ann", "Ann again");
	login_on(&server, &beta.owner, "ann", "beta");
	j = ask(&beta.owner, "GET", API "/products", NULL, 200);
	cr_assert_eq(jint(j, "total"), 0);
	json_decref(j);
	free(r);
}

/* ---- a SQLite file: one workshop -------------------------------------- */

API_SUITE(one_workshop);

Test(one_workshop, the_file_is_one_workshop_and_logins_name_none)
{
	struct run *r;
	json_t *j;

	if (test_store_is_pg())
		cr_skip_test("a SQLite file's");
	r = malloc(sizeof(*r));
	cr_assert_not_null(r);
	j = get(API "/session");
	cr_assert(json_is_true(jget(j, "setup")));
	cr_assert(json_is_false(jget(j, "hosted")));
	json_decref(j);
	j = cli_json(NULL, NULL, "workshop list --json --db '%s'", server.db);
	cr_assert_eq(jint(j, "total"), 1);
	cr_assert_str_eq(jstr(j, "items.0.slug"), "main");
	json_decref(j);
	cli_run(r, NULL, NULL, "workshop add two --name Two --db '%s'",
		server.db);
	cr_assert_eq(r->code, 2, "%s", r->err);
	cr_assert(strstr(r->err, "PostgreSQL"), "%s", r->err);
	cli_run(r, NULL, NULL, "workshop suspend main --db '%s'", server.db);
	cr_assert_eq(r->code, 2, "%s", r->err);
	/* --workshop names the file's one, or is wrong. */
	cli_run(r, NULL, NULL, "product list --db '%s' --workshop main",
		server.db);
	cr_assert_eq(r->code, 0, "%s", r->err);
	cli_run(r, NULL, NULL, "product list --db '%s' --workshop other",
		server.db);
	cr_assert_eq(r->code, 2, "%s", r->err);
	/* Hosting needs PostgreSQL. */
	cli_run(r, NULL, NULL,
		"serve --listen 127.0.0.1:0 --access-log off --signup "
		"--db '%s'",
		server.db);
	cr_assert_eq(r->code, 2, "%s", r->err);
	cr_assert(strstr(r->err, "PostgreSQL"), "%s", r->err);
	/* No sign-up on a server that holds one workshop. */
	call_fails("POST", API "/signup",
		   "{\"workshop_name\":\"W\",\"workshop\":\"w\",\"login\":"
		   "\"a\",\"password\":\"" PW "\"}",
		   403, "signup_off", NULL);
	/* A login names no workshop here: the field is not one. */
	call_fails("POST", API "/session",
		   "{\"login\":\"a\",\"password\":\"" PW
		   "\",\"workshop\":\"main\"}",
		   400, "unknown_field", "workshop");
	free(r);
}
