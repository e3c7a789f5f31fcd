/*
 * test-params.c - the query parameters of every route, checked by the
 * dispatcher against the route table before any handler runs: a parameter
 * the route does not take, a required one missing, a value past each
 * bound, a parameter given twice, and the good request still answering as
 * it did.
 *
 * The list filters are read from GET /api/v1/schema, the description the
 * server declares them from; their codes are the ones lib/records.c gives
 * for the same value (bad_type, out_of_range, bad_value, bad_length,
 * bad_date, bad_time), and limit and offset keep lib/query.c's.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

static struct srv s;

static void setup(void)
{
	srv_start(&s, NULL);
}

static void teardown(void)
{
	srv_finish(&s);
}

TestSuite(params, .init = setup, .fini = teardown, .timeout = 120);

#define API "/api/v1"
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* n copies of c, malloc'd. */
static char *repeat(char c, size_t n)
{
	char *out = malloc(n + 1);

	cr_assert_not_null(out);
	memset(out, c, n);
	out[n] = '\0';
	return out;
}

/*
 * Send a request and expect status; with code, the error shape with that
 * code, that field (NULL: none) and says somewhere in its message (NULL:
 * anything). The body goes as text/csv to the sales import, else as JSON.
 */
static void expect(const char *method, const char *path, const char *body,
		   int status, const char *code, const char *field,
		   const char *says)
{
	const char *type = !body			   ? NULL
			   : strstr(path, "/sales/import") ? "text/csv"
							   : "application/json";
	const char *got, *blamed, *msg;
	struct resp r;

	http(&s, method, path, type, body, &r);
	cr_expect_eq(r.status, status, "%s %s: %d %s", method, path, r.status,
		     r.body);
	if (code) {
		got = json_string_value(jget(r.json, "error.code"));
		blamed = json_string_value(jget(r.json, "error.field"));
		msg = json_string_value(jget(r.json, "error.message"));
		cr_expect_str_eq(got ? got : "(none)", code, "%s %s: %s",
				 method, path, r.body);
		cr_expect_str_eq(blamed ? blamed : "(none)",
				 field ? field : "(none)", "%s %s: %s", method,
				 path, r.body);
		if (says)
			cr_expect(msg && strstr(msg, says),
				  "%s %s: '%s' not in %s", method, path, says,
				  r.body);
	}
	resp_free(&r);
}

/* GET path and expect 200; the JSON, which the caller releases. */
static json_t *get_ok(const char *path)
{
	struct resp r;
	json_t *doc;

	http(&s, "GET", path, NULL, NULL, &r);
	cr_assert_eq(r.status, 200, "GET %s: %d %s", path, r.status, r.body);
	doc = json_incref(r.json);
	resp_free(&r);
	return doc;
}

/* A GET that must be refused with 400, code and field. */
static void bad(const char *path, const char *code, const char *field,
		const char *says)
{
	expect("GET", path, NULL, 400, code, field, says);
}

/* A GET that must answer 200 with a JSON list. */
static void good_list(const char *path)
{
	json_t *doc = get_ok(path);

	cr_expect(json_is_array(json_object_get(doc, "items")), "%s", path);
	json_decref(doc);
}

/* The description of one field of a resource, from the schema. */
static json_t *field_of(json_t *res, const char *field)
{
	json_t *fd;
	size_t i;

	json_array_foreach(json_object_get(res, "fields"), i,
			   fd) if (!strcmp(jstr(fd, "name"), field)) return fd;
	cr_assert_fail("no field %s", field);
	return NULL;
}

/* Every list resource's schema entry, in a borrowed object. */
static json_t *lists(json_t *schema)
{
	json_t *res = jget(schema, "resources");

	cr_assert(json_is_object(res));
	json_object_del(res, "settings"); /* one row, no list */
	return res;
}

Test(params, stock_refuses_what_it_does_not_take)
{
	long long pid = post_id(&s, API "/products", "{\"name\": \"Jam\"}");
	char *path;
	json_t *doc;

	bad(API "/stock?x=1", "unknown_param", "x",
	    "product_id, retired, soon_days, limit, offset");
	/* The numbers take retired alone, as a list of products does. */
	bad(API "/economics?x=1", "unknown_param", "x", "it takes retired");
	bad(API "/economics?retired=yes", "out_of_range", "retired", NULL);
	doc = get_ok(API "/stock");
	cr_expect(json_is_array(json_object_get(doc, "products")));
	cr_expect_eq(jint(doc, "batches.limit"), 100);
	json_decref(doc);

	bad(API "/stock?limit=0", "out_of_range", "limit", "from 1 to 1000");
	bad(API "/stock?limit=1001", "out_of_range", "limit", "from 1 to 1000");
	bad(API "/stock?offset=-1", "out_of_range", "offset", "from 0");
	bad(API "/stock?offset=4611686018427387904", "out_of_range", "offset",
	    "from 0 to 4611686018427387903");
	bad(API "/stock?product_id=0", "out_of_range", "product_id", "from 1");
	bad(API "/stock?product_id=jam", "bad_type", "product_id", "from 1");
	bad(API "/stock?limit=1&limit=2", "duplicate_param", "limit", NULL);
	/* An id that is well formed but not stored: the library's 404. */
	expect("GET", API "/stock?product_id=999", NULL, 404, "not_found", NULL,
	       NULL);

	doc = get_ok(API "/stock?limit=1&offset=0");
	cr_expect_eq(jint(doc, "batches.limit"), 1);
	json_decref(doc);
	doc = get_ok(API "/stock?limit=1000&offset=4611686018427387903");
	cr_expect_eq(jint(doc, "batches.limit"), 1000);
	json_decref(doc);
	path = fmt(API "/stock?product_id=%lld", pid);
	json_decref(get_ok(path));
	free(path);
}

Test(params, routes_that_take_none_refuse_any)
{
	long long pid = post_id(&s, API "/products", "{\"name\": \"Jam\"}");
	long long bid = post_id(&s, API "/batches",
				"{\"product_id\": %lld, \"run_date\": "
				"\"2026-11-25\"}",
				pid);
	static const char *const gets[] = {
		API "/questions",
		API "/schema",
		API "/settings",
		API "/products/{P}/economics",
		API "/products/{P}",
		API "/batches/{B}/materials",
		API "/batches/{B}/trace",
	};
	long long ids[26] = {0};
	json_t *doc;

	ids['P' - 'A'] = pid;
	ids['B' - 'A'] = bid;
	for (size_t i = 0; i < COUNT(gets); i++) {
		char *path = expand_ids(gets[i], ids);
		char *q = fmt("%s?x=1", path);

		bad(q, "unknown_param", "x", "which takes none");
		json_decref(get_ok(path));
		free(q);
		free(path);
	}

	/* Refused before anything is written. */
	expect("PUT", API "/settings?x=1", "{\"workshop_name\": \"Other\"}",
	       400, "unknown_param", "x", "which takes none");
	doc = get_ok(API "/settings");
	cr_expect_str_neq(jstr(doc, "workshop_name"), "Other");
	json_decref(doc);
	{
		char *path = fmt(API "/products/%lld?x=1", pid);

		expect("DELETE", path, NULL, 400, "unknown_param", "x", NULL);
		expect("PATCH", path, "{\"name\": \"Marmalade\"}", 400,
		       "unknown_param", "x", NULL);
		free(path);
		path = fmt(API "/products/%lld", pid);
		doc = get_ok(path);
		cr_expect_str_eq(jstr(doc, "name"), "Jam");
		json_decref(doc);
		free(path);
	}
	expect("POST", API "/products?x=1", "{\"name\": \"Honey\"}", 400,
	       "unknown_param", "x", NULL);
	doc = get_ok(API "/products");
	cr_expect_eq(jint(doc, "total"), 1);
	json_decref(doc);
	expect("POST", API "/advice?x=1", "{\"answers\": {}}", 400,
	       "unknown_param", "x", NULL);
	expect("POST", API "/advice",
	       "{\"answers\": {\"customization\": \"yes\"}}", 200, NULL, NULL,
	       NULL);
	expect("POST", API "/timer/stop?worker=ann", "{\"worker\": \"ann\"}",
	       400, "unknown_param", "worker", NULL);

	/* The web app's own files take any query. */
	expect("GET", "/?utm_source=x&v=2", NULL, 200, NULL, NULL, NULL);
	expect("GET", "/index.html?v=2", NULL, 200, NULL, NULL, NULL);
}

Test(params, every_list_takes_a_page_and_its_filters)
{
	json_t *schema = get_ok(API "/schema"), *res, *flt;
	const char *name;

	json_object_foreach(lists(schema), name, res)
	{
		static const struct {
			const char *query, *code, *field, *says;
		} cases[] = {
			{"limit=0", "out_of_range", "limit", "from 1 to 1000"},
			{"limit=1001", "out_of_range", "limit",
			 "from 1 to 1000"},
			{"limit=ten", "out_of_range", "limit",
			 "from 1 to 1000"},
			{"limit=", "out_of_range", "limit", NULL},
			{"offset=-1", "out_of_range", "offset", "from 0 to"},
			{"offset=4611686018427387904", "out_of_range", "offset",
			 NULL},
			{"offset=x", "out_of_range", "offset", NULL},
			{"limit=5&limit=5", "duplicate_param", "limit", NULL},
			{"offset=0&offset=1", "duplicate_param", "offset",
			 NULL},
		};
		static const char *const goods[] = {
			"limit=1",	    "limit=1000",
			"offset=0",	    "offset=4611686018427387903",
			"limit=1&offset=0",
		};
		char known[512] = "limit, offset", *path;
		size_t len = strlen(known), i;

		/* The message lists what the list takes, in order. */
		json_array_foreach(json_object_get(res, "filters"), i, flt)
			len +=
			(size_t)snprintf(known + len, sizeof(known) - len,
					 ", %s", jstr(flt, "name"));
		cr_assert_lt(len, sizeof(known));
		path = fmt(API "/%s?colour=red", name);
		bad(path, "unknown_param", "colour", known);
		free(path);
		for (i = 0; i < COUNT(cases); i++) {
			path = fmt(API "/%s?%s", name, cases[i].query);
			bad(path, cases[i].code, cases[i].field, cases[i].says);
			free(path);
		}
		for (i = 0; i < COUNT(goods); i++) {
			path = fmt(API "/%s?%s", name, goods[i]);
			good_list(path);
			free(path);
		}
		path = fmt(API "/%s", name);
		good_list(path);
		free(path);
	}
	json_decref(schema);
}

/* The cases for one filter, from the field it compares. */
static void filter_cases(const char *res, const char *param, json_t *fd)
{
	const char *type = jstr(fd, "type");
	json_t *jmin = json_object_get(fd, "min");
	json_t *jmax = json_object_get(fd, "max");
	char *path;

#define GOOD(...)                                                              \
	do {                                                                   \
		path = fmt(API "/%s?%s=" __VA_ARGS__);                         \
		good_list(path);                                               \
		free(path);                                                    \
	} while (0)
#define BAD(code, says, ...)                                                   \
	do {                                                                   \
		path = fmt(API "/%s?%s=" __VA_ARGS__);                         \
		bad(path, code, param, says);                                  \
		free(path);                                                    \
	} while (0)

	/* No value is no filter, as the library reads it. */
	GOOD("", res, param);
	GOOD("null", res, param);
	path = fmt(API "/%s?%s=&%s=", res, param, param);
	bad(path, "duplicate_param", param, NULL);
	free(path);

	if (!strcmp(type, "ref") || !strcmp(type, "int") ||
	    !strcmp(type, "money")) {
		BAD("bad_type", "whole number", "x", res, param);
		BAD("bad_type", NULL, "1.5", res, param);
		BAD("bad_type", NULL, "99999999999999999999", res, param);
		if (jmin) {
			long long min = json_integer_value(jmin);

			GOOD("%lld", res, param, min);
			if (min > LLONG_MIN)
				BAD("out_of_range", "from", "%lld", res, param,
				    min - 1);
		}
		if (jmax && json_integer_value(jmax) < LLONG_MAX) {
			long long max = json_integer_value(jmax);

			GOOD("%lld", res, param, max);
			BAD("out_of_range", "from", "%lld", res, param,
			    max + 1);
		}
	} else if (!strcmp(type, "enum")) {
		json_t *v;
		size_t i;
		char *upper;

		json_array_foreach(json_object_get(fd, "values"), i, v)
			GOOD("%s", res, param, json_string_value(v));
		upper = strdup(jstr(fd, "values.0"));
		cr_assert_not_null(upper);
		upper[0] = (char)(upper[0] - 'a' + 'A');
		BAD("bad_value", jstr(fd, "values.0"), "nope", res, param);
		BAD("bad_value", NULL, "%s", res, param, upper);
		free(upper);
	} else if (!strcmp(type, "date")) {
		GOOD("2026-11-25", res, param);
		BAD("bad_date", "YYYY-MM-DD", "2026-02-30", res, param);
		BAD("bad_date", NULL, "2026/11/25", res, param);
		BAD("bad_date", NULL, "2026-11-25T00:00:00Z", res, param);
	} else if (!strcmp(type, "time")) {
		GOOD("2026-11-25", res, param);
		GOOD("2026-11-25T10:00:00Z", res, param);
		BAD("bad_time", "YYYY-MM-DDTHH:MM:SSZ", "noon", res, param);
		BAD("bad_time", NULL, "2026-11-20T25:00:00Z", res, param);
	} else if (!strcmp(type, "text")) {
		GOOD("a", res, param);
		/* The schema shows the bounds of fields a client writes. */
		if (jmax) {
			long long max = json_integer_value(jmax);
			char *at = repeat('a', (size_t)max);
			char *over = repeat('a', (size_t)max + 1);
			char says[64];

			snprintf(says, sizeof(says), "to %lld bytes", max);
			GOOD("%s", res, param, at);
			BAD("bad_length", says, "%s", res, param, over);
			free(at);
			free(over);
		}
	} else {
		cr_expect_fail("%s.%s: a filter of type %s is not tested", res,
			       param, type);
	}
#undef GOOD
#undef BAD
}

Test(params, list_filters_follow_the_description)
{
	json_t *schema = get_ok(API "/schema"), *res, *flt;
	const char *name;
	size_t n = 0;

	json_object_foreach(lists(schema), name, res)
	{
		size_t i;

		json_array_foreach(json_object_get(res, "filters"), i, flt)
		{
			filter_cases(name, jstr(flt, "name"),
				     field_of(res, jstr(flt, "field")));
			n++;
		}
	}
	cr_expect_gt(n, 20, "only %zu filters", n);
	json_decref(schema);
}

/* The library's answers for the same mistakes (lib/records.c, query.c). */
Test(params, list_answers_agree_with_the_library)
{
	static const struct {
		const char *path, *code, *field;
	} cases[] = {
		{API "/orders?status=bogus", "bad_value", "status"},
		{API "/orders?customer_id=abc", "bad_type", "customer_id"},
		{API "/orders?customer_id=0", "out_of_range", "customer_id"},
		{API "/orders?due_after=2026-13-01", "bad_date", "due_after"},
		{API "/orders?due_before=tomorrow", "bad_date", "due_before"},
		{API "/orders?status=done&status=quoted", "duplicate_param",
		 "status"},
		{API "/batches?status=done,planned", "bad_value", "status"},
		{API "/batches?product_id=x", "bad_type", "product_id"},
		{API "/batch-materials?batch_id=none", "bad_type", "batch_id"},
		{API "/time-entries?from=noon", "bad_time", "from"},
		{API "/time-entries?order_id=-1", "out_of_range", "order_id"},
		{API "/sales?to=2026-11-26T00:00:00Z", "bad_date", "to"},
		{API "/products?mode=mass", "bad_value", "mode"},
		{API "/products?limit=2.5", "out_of_range", "limit"},
		{API "/products?offset=99999999999999999999", "out_of_range",
		 "offset"},
		{API "/products?%zz=1", "bad_query", NULL},
	};
	char *code = repeat('C', 65), *path;

	for (size_t i = 0; i < COUNT(cases); i++)
		bad(cases[i].path, cases[i].code, cases[i].field, NULL);
	/* A batch code is at most 64 bytes (lib/resource.c). */
	path = fmt(API "/batches?code=%s", code);
	bad(path, "bad_length", "code", "1 to 64 bytes");
	free(path);
	path = fmt(API "/batches?code=%.64s", code);
	good_list(path);
	free(path);
	free(code);
}

Test(params, timer_takes_a_worker)
{
	json_t *schema = get_ok(API "/schema"), *fd, *doc;
	long long max;
	char *at, *over, *path, says[64];

	fd = field_of(jget(schema, "resources.time-entries"), "worker");
	max = jint(fd, "max");
	json_decref(schema);
	bad(API "/timer?who=ann", "unknown_param", "who", "takes worker");
	bad(API "/timer?worker=", "missing_value", "worker", NULL);
	bad(API "/timer?worker=a&worker=b", "duplicate_param", "worker", NULL);
	at = repeat('w', (size_t)max);
	over = repeat('w', (size_t)max + 1);
	snprintf(says, sizeof(says), "1 to %lld bytes", max);
	path = fmt(API "/timer?worker=%s", over);
	bad(path, "bad_length", "worker", says);
	free(path);
	path = fmt(API "/timer?worker=%s", at);
	doc = get_ok(path);
	cr_expect_eq(json_array_size(json_object_get(doc, "running")), 0);
	json_decref(doc);
	free(path);
	free(at);
	free(over);

	doc = get_ok(API "/timer");
	cr_expect(json_is_array(json_object_get(doc, "running")));
	json_decref(doc);
	doc = get_ok(API "/timer?worker=ann");
	cr_expect(json_is_array(json_object_get(doc, "running")));
	json_decref(doc);
}

Test(params, trace_takes_a_code_or_a_lot)
{
	long long pid = post_id(&s, API "/products", "{\"name\": \"Jam\"}");
	long long mid = post_id(&s, API "/materials",
				"{\"name\": \"Sugar\", \"on_hand\": 100}");
	json_t *schema = get_ok(API "/schema"), *batch, *doc;
	long long lot_max;
	char *path, *code = repeat('C', 65), *lot, says[64];

	lot_max =
		jint(field_of(jget(schema, "resources.batch-materials"), "lot"),
		     "max");
	json_decref(schema);
	lot = repeat('L', (size_t)lot_max + 1);
	{
		struct resp r;
		char *body = fmt("{\"product_id\": %lld, \"run_date\": "
				 "\"2026-11-25\"}",
				 pid);

		http_json(&s, "POST", API "/batches", body, &r);
		cr_assert_eq(r.status, 201, "%s", r.body);
		batch = json_incref(r.json);
		resp_free(&r);
		free(body);
	}
	path = fmt(API "/batches/%lld/materials", jint(batch, "id"));
	post_id(&s, path,
		"{\"material_id\": %lld, \"quantity\": 2, "
		"\"lot\": \"S-1\"}",
		mid);
	free(path);

	/* Exactly one of the two is the handler's rule, as before. */
	bad(API "/trace", "bad_query", NULL, NULL);
	bad(API "/trace?code=X&lot=S-1", "bad_query", NULL, NULL);
	bad(API "/trace?lot=S-1&limit=5", "unknown_param", "limit",
	    "takes code, lot");
	bad(API "/trace?code=", "missing_value", "code", NULL);
	bad(API "/trace?lot=", "missing_value", "lot", NULL);
	bad(API "/trace?lot=a&lot=b", "duplicate_param", "lot", NULL);
	path = fmt(API "/trace?code=%s", code);
	bad(path, "bad_length", "code", "1 to 64 bytes");
	free(path);
	snprintf(says, sizeof(says), "1 to %lld bytes", lot_max);
	path = fmt(API "/trace?lot=%s", lot);
	bad(path, "bad_length", "lot", says);
	free(path);

	/* Good ones answer as they did. */
	path = fmt(API "/trace?code=%s", jstr(batch, "code"));
	doc = get_ok(path);
	cr_expect_eq(jint(doc, "batch.id"), jint(batch, "id"));
	json_decref(doc);
	free(path);
	doc = get_ok(API "/trace?lot=S-1");
	cr_expect_eq(json_array_size(json_object_get(doc, "batches")), 1);
	json_decref(doc);
	expect("GET", API "/trace?code=NOPE-20261125-1", NULL, 404, "not_found",
	       "code", NULL);
	path = fmt(API "/trace?code=%.64s", code);
	expect("GET", path, NULL, 404, "not_found", "code", NULL);
	free(path);
	json_decref(batch);
	free(code);
	free(lot);
}

/* YYYY-MM-DD of today minus back days (the server's local calendar). */
static void day_before(int back, char out[11])
{
	time_t t = time(NULL) - (time_t)back * 86400;
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

Test(params, plan_and_calendar_take_from_and_days)
{
	static const char *const routes[] = {API "/plan", API "/plan.ics"};
	char today[11];
	long long cust;

	day_before(0, today);
	/*
	 * Something to plan: lib/plan.c passes a NULL block list to qsort()
	 * when there is nothing, which a UBSan build stops at.
	 */
	expect("PUT", API "/settings",
	       "{\"day_start\": 0, \"workers\": 1, \"hours\": {\"mon\": "
	       "1440, \"tue\": 1440, \"wed\": 1440, \"thu\": 1440, \"fri\": "
	       "1440, \"sat\": 1440, \"sun\": 1440}}",
	       200, NULL, NULL, NULL);
	cust = post_id(&s, API "/customers", "{\"name\": \"Ann\"}");
	post_id(&s, API "/orders",
		"{\"customer_id\": %lld, \"title\": \"Shelf\", "
		"\"estimated_minutes\": 60, \"status\": \"accepted\"}",
		cust);
	for (size_t i = 0; i < COUNT(routes); i++) {
		const char *p = routes[i];
		char *path;

#define BADQ(query, code, field, says)                                         \
	do {                                                                   \
		path = fmt("%s?%s", p, query);                                 \
		bad(path, code, field, says);                                  \
		free(path);                                                    \
	} while (0)
		BADQ("colour=red", "unknown_param", "colour",
		     "takes from, days");
		BADQ("days=0", "out_of_range", "days", "from 1 to 366");
		BADQ("days=367", "out_of_range", "days", "from 1 to 366");
		BADQ("days=week", "out_of_range", "days", "from 1 to 366");
		BADQ("from=2026-02-30", "bad_date", "from", "YYYY-MM-DD");
		BADQ("from=today", "bad_date", "from", NULL);
		BADQ("days=1&days=2", "duplicate_param", "days", NULL);
#undef BADQ
		{
			static const char *const goods[] = {"", "?days=1",
							    "?days=366"};

			for (size_t k = 0; k < COUNT(goods); k++) {
				path = fmt("%s%s", p, goods[k]);
				expect("GET", path, NULL, 200, NULL, NULL,
				       NULL);
				free(path);
			}
			path = fmt("%s?from=%s&days=7", p, today);
			expect("GET", path, NULL, 200, NULL, NULL, NULL);
			free(path);
		}
	}
	{
		json_t *doc = get_ok(API "/plan?days=1");

		cr_expect_eq(json_array_size(json_object_get(doc, "days")), 1);
		json_decref(doc);
		doc = get_ok(API "/plan");
		cr_expect_eq(json_array_size(json_object_get(doc, "days")), 7);
		json_decref(doc);
	}
	{
		struct resp r;
		char *type;

		http(&s, "GET", API "/plan.ics?days=1", NULL, NULL, &r);
		cr_expect_eq(r.status, 200);
		type = resp_header(&r, "Content-Type");
		cr_expect(type && !strncmp(type, "text/calendar", 13), "%s",
			  type ? type : "(none)");
		free(type);
		resp_free(&r);
	}
}

/* Eight weeks of sales of "Loaf", imported; its product id. */
static long long loaf_with_history(void)
{
	char *csv = malloc(16384), date[11];
	json_t *doc, *p;
	size_t n = 0, i;
	long long id = 0;
	struct resp r;

	cr_assert_not_null(csv);
	n += (size_t)snprintf(csv, 16384, "date,product,quantity\n");
	for (int back = 57; back >= 2; back--) {
		day_before(back, date);
		n += (size_t)snprintf(csv + n, 16384 - n, "%s,Loaf,12\n", date);
	}
	http(&s, "POST", API "/sales/import?create_products=true", "text/csv",
	     csv, &r);
	cr_assert_eq(r.status, 200, "%s", r.body);
	resp_free(&r);
	free(csv);
	doc = get_ok(API "/products?name=Loaf");
	json_array_foreach(json_object_get(doc, "items"), i, p) id =
		jint(p, "id");
	json_decref(doc);
	cr_assert_gt(id, 0);
	return id;
}

Test(params, forecast_needs_a_product)
{
	long long id = loaf_with_history();
	char *path;
	json_t *doc;

	bad(API "/forecast", "missing_field", "product", NULL);
	bad(API "/forecast?days=5", "missing_field", "product", NULL);
	bad(API "/forecast?product=0", "out_of_range", "product", "from 1");
	bad(API "/forecast?product=loaf", "bad_type", "product", "from 1");
	bad(API "/forecast?product=1&product=1", "duplicate_param", "product",
	    NULL);
	bad(API "/forecast?product=1&colour=red", "unknown_param", "colour",
	    "takes product, days");
	bad(API "/forecast?product=1&days=0", "out_of_range", "days",
	    "from 1 to 60");
	bad(API "/forecast?product=1&days=61", "out_of_range", "days",
	    "from 1 to 60");
	expect("GET", API "/forecast?product=999", NULL, 404, "not_found", NULL,
	       NULL);

	path = fmt(API "/forecast?product=%lld", id);
	doc = get_ok(path);
	cr_expect_eq(json_array_size(json_object_get(doc, "days")), 7);
	json_decref(doc);
	free(path);
	for (int days = 1; days <= 60; days += 59) {
		path = fmt(API "/forecast?product=%lld&days=%d", id, days);
		doc = get_ok(path);
		cr_expect_eq(json_array_size(json_object_get(doc, "days")),
			     (size_t)days);
		cr_expect_eq(jint(doc, "product_id"), id);
		json_decref(doc);
		free(path);
	}
}

Test(params, sales_import_takes_create_products_and_a_name)
{
	static const char csv[] = "date,product,quantity\n2026-11-01,Jam,2\n";
	char *at = repeat('n', 255), *over = repeat('n', 256), *path;
	struct resp r;
	json_t *doc;

	post_id(&s, API "/products", "{\"name\": \"Jam\"}");
	expect("POST", API "/sales/import?create_products=maybe", csv, 400,
	       "bad_value", "create_products", "true or false");
	expect("POST", API "/sales/import?create_products=", csv, 400,
	       "bad_value", "create_products", NULL);
	expect("POST", API "/sales/import?colour=red", csv, 400,
	       "unknown_param", "colour", "takes create_products, name");
	expect("POST", API "/sales/import?name=a.csv&name=b.csv", csv, 400,
	       "duplicate_param", "name", NULL);
	path = fmt(API "/sales/import?name=%s", over);
	expect("POST", path, csv, 400, "bad_length", "name", "0 to 255 bytes");
	free(path);
	doc = get_ok(API "/sales");
	cr_expect_eq(jint(doc, "total"), 0, "a refused import wrote sales");
	json_decref(doc);

	for (int i = 0; i < 4; i++) {
		static const char *const flags[] = {"true", "1", "false", "0"};

		path = fmt(API "/sales/import?create_products=%s", flags[i]);
		expect("POST", path, csv, 200, NULL, NULL, NULL);
		free(path);
	}
	path = fmt(API "/sales/import?name=%s", at);
	http(&s, "POST", path, "text/csv", csv, &r);
	cr_expect_eq(r.status, 200, "%s", r.body);
	cr_expect_str_eq(jstr(r.json, "file"), at);
	resp_free(&r);
	free(path);
	http(&s, "POST", API "/sales/import?name=", "text/csv", csv, &r);
	cr_expect_eq(r.status, 200, "%s", r.body);
	cr_expect_str_eq(jstr(r.json, "file"), "sales.csv");
	resp_free(&r);
	free(at);
	free(over);
}
