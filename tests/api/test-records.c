/*
 * test-records.c - every record resource over a real socket: create, read,
 * list with every filter and page, patch, delete; every kind of bad input
 * with its exact code and field; unknown ids; conflicts.
 *
 * Expected values come from the inputs and the rules in lib/resource.c and
 * lib/rules.c (defaults, bounds, batch codes, best-before dates, stock),
 * never from the output being checked.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

API_SUITE(records);

/* The documented fields of each resource, as the API shows them. */
#define PRODUCT_KEYS                                                        \
	"id name mode price material_cost minutes_per_unit setup_minutes " \
	"max_batch shelf_life_days storage_per_unit created_at"
#define CUSTOMER_KEYS "id name email phone notes created_at"
#define ORDER_KEYS                                                       \
	"id customer_id product_id title spec quantity price "          \
	"estimated_minutes due_date status created_at tracked_minutes"
#define BATCH_KEYS                                                          \
	"id code product_id planned_qty made_qty rejected_qty run_date "   \
	"best_before status qc_notes created_at sold_qty available_qty " \
	"tracked_minutes"
#define MATERIAL_KEYS                                                   \
	"id name unit on_hand reorder_level cost_per_unit cost_per " \
	"created_at"
#define USE_KEYS \
	"id batch_id material_id quantity lot created_at material_name unit"
#define ENTRY_KEYS                                                          \
	"id order_id batch_id worker started_at ended_at minutes note " \
	"created_at"
#define SALE_KEYS                                                          \
	"id product_id customer_id batch_id order_id quantity price sold_on " \
	"created_at total"
#define SETTINGS_KEYS \
	"workshop_name currency hourly_rate workers hours storage_capacity"

/* ---- small helpers ---------------------------------------------------- */

static char *repeat(char c, size_t n)
{
	char *p = malloc(n + 1);

	memset(p, c, n);
	p[n] = '\0';
	return p;
}

static json_t *parse(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, JSON_DECODE_ANY, &e);

	cr_assert_not_null(j, "bad JSON in the test: %s (%s)", text, e.text);
	return j;
}

/* Every key of the JSON object text want is in obj with the same value. */
static void assert_has(const json_t *obj, const char *want)
{
	json_t *w = parse(want), *v;
	const char *key;

	json_object_foreach(w, key, v)
	{
		json_t *got = json_object_get(obj, key);
		char *g = got ? json_dumps(got, JSON_ENCODE_ANY) : NULL;
		char *e = json_dumps(v, JSON_ENCODE_ANY);

		cr_assert(got && json_equal(got, v), "%s is %s, not %s", key,
			  g ? g : "missing", e);
		free(g);
		free(e);
	}
	json_decref(w);
}

/*
 * obj has these (space-separated) keys: the documented minimum (DESIGN.md
 * §6; later issues may add more).
 */
static void assert_keys(const json_t *obj, const char *keys)
{
	char *list = strdup(keys), *save = NULL;

	cr_assert(json_is_object(obj));
	for (char *k = strtok_r(list, " ", &save); k;
	     k = strtok_r(NULL, " ", &save))
		cr_assert_not_null(json_object_get(obj, k), "no %s", k);
	free(list);
}

static void instant_text(time_t t, char out[21])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* date + days, both "YYYY-MM-DD". */
static void date_add(const char *date, int days, char out[11])
{
	struct tm tm = {0};
	time_t t;

	cr_assert_not_null(strptime(date, "%Y-%m-%d", &tm));
	t = timegm(&tm) + (time_t)days * 86400;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* The documented batch code: NAME-YYYYMMDD-n. */
static void batch_code(const char *product, const char *run_date, int n,
		       char *out, size_t size)
{
	char prefix[8];
	size_t k = 0;

	for (const char *p = product; *p && k < 4; p++)
		if (isalnum((unsigned char)*p))
			prefix[k++] = (char)toupper((unsigned char)*p);
	prefix[k] = '\0';
	snprintf(out, size, "%s-%.4s%.2s%.2s-%d", prefix, run_date,
		 run_date + 5, run_date + 8, n);
}

/*
 * One record's whole life. POST body to create_path: 201, every given field
 * echoed, a new id, created_at between the moments before and after, the
 * documented keys and no others (extra, a JSON object, lists values the
 * server derives). GET /path/{id} gives the same object; the list has it.
 * PATCH patch: the fields in changes (default: patch) take their new values
 * and nothing else moves. DELETE: 204, then 404 for GET, PATCH and DELETE.
 */
static void record_life(const char *create_path, const char *path,
			const char *body, const char *extra, const char *keys,
			const char *patch, const char *changes)
{
	time_t t0 = time(NULL), t1;
	json_t *made, *again, *list, *after, *want, *v;
	const char *key;
	char *item, *item_list;
	long long id;
	bool listed = false;

	made = call("POST", create_path, body, 201);
	t1 = time(NULL);
	assert_keys(made, keys);
	assert_has(made, body);
	if (extra)
		assert_has(made, extra);
	id = jint(made, "id");
	cr_assert_gt(id, 0);
	cr_assert_geq(instant(jstr(made, "created_at")), t0);
	cr_assert_leq(instant(jstr(made, "created_at")), t1);

	/* The answer to a write is the record and, for a sale, what it
	 * warned of: a list, not part of the record. */
	v = json_object_get(made, "warnings");
	cr_assert(!v || json_is_array(v), "warnings is a list");
	json_object_del(made, "warnings");
	item = fmt("%s/%lld", path, id);
	again = get(item);
	cr_assert(json_equal(again, made), "GET differs from the POST answer");

	item_list = fmt("%s?limit=1000", path);
	list = get(item_list);
	cr_assert_eq(jint(list, "total"), json_array_size(jget(list, "items")));
	for (size_t i = 0; i < json_array_size(jget(list, "items")); i++)
		if (json_equal(json_array_get(jget(list, "items"), i), made))
			listed = true;
	cr_assert(listed, "the list lacks the new %s", path);

	after = call("PATCH", item, patch, 200);
	want = parse(changes ? changes : patch);
	json_object_foreach(made, key, v)
	{
		json_t *now = json_object_get(after, key);
		json_t *expect = json_object_get(want, key);

		if (!expect)
			expect = v;
		cr_assert(now && json_equal(now, expect),
			  "PATCH %s: %s changed or is wrong", patch, key);
	}
	assert_keys(after, keys);
	v = json_object_get(after, "warnings");
	cr_assert(!v || json_is_array(v), "warnings is a list");
	json_object_del(after, "warnings");
	json_decref(again);
	again = get(item);
	cr_assert(json_equal(again, after), "GET differs from the PATCH answer");

	json_decref(call("DELETE", item, NULL, 204));
	call_fails("GET", item, NULL, 404, "not_found", NULL);
	call_fails("PATCH", item, patch, 404, "not_found", NULL);
	call_fails("DELETE", item, NULL, 404, "not_found", NULL);

	json_decref(made);
	json_decref(again);
	json_decref(list);
	json_decref(after);
	json_decref(want);
	free(item);
	free(item_list);
}

/* A bad request: {"X"} in path and body name fixture ids. */
struct bad {
	const char *method, *path, *body;
	int status;
	const char *code, *field; /* field NULL: the error names none */
};

/* Run every case, reporting each mismatch (expect, not assert). */
static void expect_bad(const struct bad *cases, size_t n,
		       const long long ids[26])
{
	for (size_t i = 0; i < n; i++) {
		const struct bad *c = &cases[i];
		char *path = expand_ids(c->path, ids);
		char *body = c->body ? expand_ids(c->body, ids) : NULL;
		const char *code, *field;
		struct resp r;

		http_json(&server, c->method, path, body, &r);
		code = json_string_value(jget(r.json, "error.code"));
		field = json_string_value(jget(r.json, "error.field"));
		cr_expect_eq(r.status, c->status, "%s %s %s: %d %s", c->method,
			     path, body ? body : "", r.status, r.body);
		cr_expect_str_eq(code ? code : "(none)", c->code,
				 "%s %s %s: %s", c->method, path,
				 body ? body : "", r.body);
		cr_expect_str_eq(field ? field : "(none)",
				 c->field ? c->field : "(none)",
				 "%s %s %s: %s", c->method, path,
				 body ? body : "", r.body);
		cr_expect(json_is_string(jget(r.json, "error.message")) &&
				  *jstr(r.json, "error.message"),
			  "%s %s: no message", c->method, path);
		resp_free(&r);
		free(path);
		free(body);
	}
}

/* ---- lists ------------------------------------------------------------ */

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/*
 * GET path (a list): total is n and the items are exactly the ids want,
 * in any order; the page is the default one.
 */
static void assert_ids(const char *path, const long long *want, size_t n)
{
	json_t *list = get(path), *items = jget(list, "items");
	long long got[64], exp[64];

	cr_assert_leq(n, 64);
	cr_assert_eq(jint(list, "total"), (long long)n, "%s: total %lld, not %zu",
		     path, jint(list, "total"), n);
	cr_assert_eq(json_array_size(items), n, "%s: %zu items, not %zu", path,
		     json_array_size(items), n);
	cr_assert_eq(jint(list, "limit"), 100);
	cr_assert_eq(jint(list, "offset"), 0);
	for (size_t i = 0; i < n; i++) {
		got[i] = jint(json_array_get(items, i), "id");
		exp[i] = want[i];
	}
	qsort(got, n, sizeof(*got), cmp_ll);
	qsort(exp, n, sizeof(*exp), cmp_ll);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(got[i], exp[i], "%s: id %lld where %lld was due",
			     path, got[i], exp[i]);
	json_decref(list);
}

/*
 * want[0..n) = ids[i] for each row i of the test's model where cond holds
 * (a filter's answer worked out from the model).
 */
#define PICK(ids, cond)                                                        \
	do {                                                                   \
		n = 0;                                                         \
		for (size_t i = 0; i < COUNT(model); i++)                      \
			if (cond)                                              \
				want[n++] = (ids)[i];                          \
	} while (0)

/* ---- products --------------------------------------------------------- */

Test(records, products)
{
	long long id[26], want[3];
	char *name200 = repeat('n', 200), *name201 = repeat('n', 201);
	char *body;
	json_t *p;

	record_life(API "/products", API "/products",
		    "{\"name\":\"Oak stool\",\"mode\":\"job\",\"price\":"
		    "12000,\"material_cost\":3500,\"minutes_per_unit\":240,"
		    "\"setup_minutes\":30,\"max_batch\":4,"
		    "\"shelf_life_days\":3650,\"storage_per_unit\":40}",
		    NULL, PRODUCT_KEYS, "{\"price\":12500,\"max_batch\":null}",
		    NULL);

	/* Only the name is required; the rest take their defaults. */
	p = call("POST", API "/products", "{\"name\":\"Beeswax candle\"}", 201);
	assert_has(p, "{\"mode\":\"both\",\"price\":0,\"material_cost\":0,"
		      "\"minutes_per_unit\":0,\"setup_minutes\":0,"
		      "\"max_batch\":null,\"shelf_life_days\":null,"
		      "\"storage_per_unit\":0}");
	want[0] = jint(p, "id");
	json_decref(p);

	/* The bounds themselves are accepted. */
	body = fmt("{\"name\":\"%s\",\"price\":100000000000,"
		   "\"shelf_life_days\":36500,\"max_batch\":1,"
		   "\"minutes_per_unit\":10000000}",
		   name200);
	p = call("POST", API "/products", body, 201);
	want[1] = jint(p, "id");
	json_decref(p);
	free(body);

	/* Filters: mode, and the name whatever its case (not a part of it). */
	seed_workshop(id);
	want[2] = id['Q' - 'A'];
	assert_ids(sfmt(API "/products?mode=both"), want, 3);
	assert_ids(sfmt(API "/products?mode=batch"), &id['P' - 'A'], 1);
	assert_ids(sfmt(API "/products?mode=job"), want, 0);
	assert_ids(sfmt(API "/products?name=rye%%20BREAD"), &id['Q' - 'A'], 1);
	assert_ids(sfmt(API "/products?name=Rye"), want, 0);
	assert_ids(sfmt(API "/products?name=Rye+bread&mode=batch"), want, 0);
	body = fmt("{\"name\":\"%s\"}", name201);
	call_fails("POST", API "/products", body, 400, "bad_length", "name");
	free(body);
	{
		static const struct bad cases[] = {
			{"POST", API "/products", "{}", 400, "missing_field", "name"},
			{"POST", API "/products", "{\"name\":null}", 400, "missing_field", "name"},
			{"POST", API "/products", "{\"name\":\"\"}", 400, "missing_value", "name"},
			{"POST", API "/products", "{\"name\":7}", 400, "bad_type", "name"},
			{"POST", API "/products", "{\"name\":[\"x\"]}", 400, "bad_type", "name"},
			{"POST", API "/products", "{\"name\":\"A\",\"mode\":\"mass\"}", 400, "bad_value", "mode"},
			{"POST", API "/products", "{\"name\":\"A\",\"mode\":\"JOB\"}", 400, "bad_value", "mode"},
			{"POST", API "/products", "{\"name\":\"A\",\"mode\":null}", 400, "missing_value", "mode"},
			{"POST", API "/products", "{\"name\":\"A\",\"mode\":1}", 400, "bad_type", "mode"},
			{"POST", API "/products", "{\"name\":\"A\",\"price\":-1}", 400, "out_of_range", "price"},
			{"POST", API "/products", "{\"name\":\"A\",\"price\":100000000001}", 400, "out_of_range", "price"},
			{"POST", API "/products", "{\"name\":\"A\",\"price\":4.5}", 400, "bad_type", "price"},
			{"POST", API "/products", "{\"name\":\"A\",\"price\":\"450\"}", 400, "bad_type", "price"},
			{"POST", API "/products", "{\"name\":\"A\",\"price\":null}", 400, "missing_value", "price"},
			{"POST", API "/products", "{\"name\":\"A\",\"material_cost\":-1}", 400, "out_of_range", "material_cost"},
			{"POST", API "/products", "{\"name\":\"A\",\"minutes_per_unit\":10000001}", 400, "out_of_range", "minutes_per_unit"},
			{"POST", API "/products", "{\"name\":\"A\",\"setup_minutes\":true}", 400, "bad_type", "setup_minutes"},
			{"POST", API "/products", "{\"name\":\"A\",\"max_batch\":0}", 400, "out_of_range", "max_batch"},
			{"POST", API "/products", "{\"name\":\"A\",\"shelf_life_days\":0}", 400, "out_of_range", "shelf_life_days"},
			{"POST", API "/products", "{\"name\":\"A\",\"shelf_life_days\":36501}", 400, "out_of_range", "shelf_life_days"},
			{"POST", API "/products", "{\"name\":\"A\",\"storage_per_unit\":[]}", 400, "bad_type", "storage_per_unit"},
			{"POST", API "/products", "{\"name\":\"A\",\"storage_per_unit\":-2}", 400, "out_of_range", "storage_per_unit"},
			{"POST", API "/products", "{\"name\":\"A\",\"id\":5}", 400, "read_only", "id"},
			{"POST", API "/products", "{\"name\":\"A\",\"created_at\":\"2026-01-01T00:00:00Z\"}", 400, "read_only", "created_at"},
			{"POST", API "/products", "{\"name\":\"A\",\"colour\":\"red\"}", 400, "unknown_field", "colour"},
			{"POST", API "/products", "{\"name\":\"A\",\"size\":{\"w\":1}}", 400, "unknown_field", "size.w"},
			{"POST", API "/products", "[{\"name\":\"A\"}]", 400, "bad_type", NULL},
			{"POST", API "/products", "\"A\"", 400, "bad_type", NULL},
			{"POST", API "/products", "{\"name\":", 400, "bad_json", NULL},
			{"POST", API "/products", "", 400, "bad_json", NULL},
			{"POST", API "/products", "{\"name\":\"A\",\"name\":\"B\"}", 400, "bad_json", NULL},
			/* Names are unique whatever their case. */
			{"POST", API "/products", "{\"name\":\"sourdough LOAF\"}", 409, "duplicate", "name"},
			{"PATCH", API "/products/{Q}", "{\"name\":\"SOURDOUGH loaf\"}", 409, "duplicate", "name"},
			{"PATCH", API "/products/{P}", "{\"price\":-1}", 400, "out_of_range", "price"},
			{"PATCH", API "/products/{P}", "{\"name\":\"\"}", 400, "missing_value", "name"},
			{"PATCH", API "/products/{P}", "{\"name\":null}", 400, "missing_field", "name"},
			{"PATCH", API "/products/{P}", "{\"id\":99}", 400, "read_only", "id"},
			{"PATCH", API "/products/{P}", "{\"stock\":3}", 400, "unknown_field", "stock"},
			{"PATCH", API "/products/{P}", "[]", 400, "bad_type", NULL},
			{"GET", API "/products?mode=mass", NULL, 400, "bad_value", "mode"},
		};

		expect_bad(cases, COUNT(cases), id);
	}
	/* A product may be renamed to its own name in another case. */
	body = fmt(API "/products/%lld", id['P' - 'A']);
	p = call("PATCH", body, "{\"name\":\"SOURDOUGH LOAF\"}", 200);
	cr_assert_str_eq(jstr(p, "name"), "SOURDOUGH LOAF");
	json_decref(p);
	free(body);
	free(name200);
	free(name201);
}

/* ---- customers -------------------------------------------------------- */

Test(records, customers)
{
	long long id[26];
	char *long51 = repeat('9', 51), *long4001 = repeat('x', 4001);
	char *body;
	json_t *c;

	record_life(API "/customers", API "/customers",
		    "{\"name\":\"Cara Dunn\",\"email\":\"cara@example.com\","
		    "\"phone\":\"+44 1632 960000\",\"notes\":\"No nuts, "
		    "please.\"}",
		    NULL, CUSTOMER_KEYS, "{\"phone\":null,\"notes\":\"\"}", NULL);

	c = call("POST", API "/customers", "{\"name\":\"Walk-in\"}", 201);
	assert_has(c, "{\"email\":null,\"phone\":null,\"notes\":null}");
	json_decref(c);
	/* Unicode survives the round trip. */
	c = call("POST", API "/customers",
		 "{\"name\":\"Zo\\u00eb Ma\\u0142ecka\",\"notes\":\"\\u2603\"}",
		 201);
	cr_assert_str_eq(jstr(c, "name"), "Zo\xc3\xab Ma\xc5\x82""ecka");
	cr_assert_str_eq(jstr(c, "notes"), "\xe2\x98\x83");
	json_decref(c);

	seed_workshop(id);
	body = fmt("{\"name\":\"A\",\"phone\":\"%s\"}", long51);
	call_fails("POST", API "/customers", body, 400, "bad_length", "phone");
	free(body);
	body = fmt("{\"name\":\"A\",\"notes\":\"%s\"}", long4001);
	call_fails("POST", API "/customers", body, 400, "bad_length", "notes");
	free(body);
	{
		static const struct bad cases[] = {
			{"POST", API "/customers", "{}", 400, "missing_field", "name"},
			{"POST", API "/customers", "{\"email\":\"a@b.c\"}", 400, "missing_field", "name"},
			{"POST", API "/customers", "{\"name\":\"\"}", 400, "missing_value", "name"},
			{"POST", API "/customers", "{\"name\":\"A\",\"email\":\"ab\"}", 400, "bad_length", "email"},
			{"POST", API "/customers", "{\"name\":\"A\",\"email\":\"\"}", 400, "missing_value", "email"},
			{"POST", API "/customers", "{\"name\":\"A\",\"email\":5}", 400, "bad_type", "email"},
			{"POST", API "/customers", "{\"name\":\"A\",\"phone\":\"\"}", 400, "missing_value", "phone"},
			{"POST", API "/customers", "{\"name\":\"A\",\"phone\":441632}", 400, "bad_type", "phone"},
			{"POST", API "/customers", "{\"name\":\"A\",\"address\":\"1 High St\"}", 400, "unknown_field", "address"},
			{"POST", API "/customers", "{\"name\":\"A\",\"created_at\":null}", 400, "read_only", "created_at"},
			{"PATCH", API "/customers/{C}", "{\"email\":\"x\"}", 400, "bad_length", "email"},
			{"PATCH", API "/customers/{C}", "{\"id\":{D}}", 400, "read_only", "id"},
		};

		expect_bad(cases, COUNT(cases), id);
	}
	/* Two customers may share a name: people do. */
	json_decref(call("POST", API "/customers", "{\"name\":\"Ann Baker\"}", 201));
	free(long51);
	free(long4001);
}

/* ---- orders ----------------------------------------------------------- */

Test(records, orders)
{
	static const struct {
		int customer, product; /* indexes into c[] and p[]; -1: none */
		const char *status, *due;
	} model[] = {
		{0, 0, "quoted", "2026-12-01"},
		{0, -1, "accepted", "2026-12-05"},
		{1, 1, "in_progress", "2026-11-28"},
		{1, 0, "done", NULL},
		{0, 1, "accepted", "2026-12-10"},
	};
	long long c[2], p[2], o[COUNT(model)], want[COUNT(model)], id[26];
	size_t n;
	char *body;
	json_t *j;

	c[0] = add_customer("{\"name\":\"Ann\"}");
	c[1] = add_customer("{\"name\":\"Ben\"}");
	p[0] = add_product("{\"name\":\"Table\"}");
	p[1] = add_product("{\"name\":\"Chair\"}");

	body = fmt("{\"customer_id\":%lld,\"product_id\":%lld,\"title\":"
		   "\"Walnut table\",\"spec\":\"180x90, oiled\",\"quantity\":"
		   "1,\"price\":145000,\"estimated_minutes\":1800,"
		   "\"due_date\":\"2026-12-18\",\"status\":\"accepted\"}",
		   c[0], p[0]);
	record_life(API "/orders", API "/orders", body,
		    "{\"tracked_minutes\":0}", ORDER_KEYS,
		    "{\"status\":\"in_progress\",\"due_date\":null}", NULL);
	free(body);

	body = fmt("{\"customer_id\":%lld,\"title\":\"Repair\"}", c[1]);
	j = call("POST", API "/orders", body, 201);
	assert_has(j, "{\"product_id\":null,\"spec\":null,\"quantity\":1,"
		      "\"price\":0,\"estimated_minutes\":0,\"due_date\":null,"
		      "\"status\":\"quoted\",\"tracked_minutes\":0}");
	free(body);
	body = fmt(API "/orders/%lld", jint(j, "id"));
	json_decref(call("DELETE", body, NULL, 204));
	json_decref(j);
	free(body);

	for (size_t i = 0; i < COUNT(model); i++) {
		char due[32] = "null", prod[32] = "null";

		if (model[i].due)
			snprintf(due, sizeof(due), "\"%s\"", model[i].due);
		if (model[i].product >= 0)
			snprintf(prod, sizeof(prod), "%lld",
				 p[model[i].product]);
		o[i] = add_order("{\"customer_id\":%lld,\"product_id\":%s,"
				 "\"title\":\"Order %zu\",\"status\":\"%s\","
				 "\"due_date\":%s}",
				 c[model[i].customer], prod, i, model[i].status,
				 due);
	}

	/* Every filter, alone and together, against the model. */
	PICK(o, 1);
	assert_ids(sfmt(API "/orders"), want, n);
	PICK(o, !strcmp(model[i].status, "accepted"));
	assert_ids(sfmt(API "/orders?status=accepted"), want, n);
	PICK(o, model[i].customer == 0);
	assert_ids(sfmt(API "/orders?customer_id=%lld", c[0]), want, n);
	PICK(o, model[i].product == 0);
	assert_ids(sfmt(API "/orders?product_id=%lld", p[0]), want, n);
	PICK(o, model[i].due && strcmp(model[i].due, "2026-12-01") >= 0);
	assert_ids(sfmt(API "/orders?due_after=2026-12-01"), want, n);
	PICK(o, model[i].due && strcmp(model[i].due, "2026-12-05") <= 0);
	assert_ids(sfmt(API "/orders?due_before=2026-12-05"), want, n);
	PICK(o, model[i].due && strcmp(model[i].due, "2026-12-01") >= 0 &&
			strcmp(model[i].due, "2026-12-05") <= 0);
	assert_ids(sfmt(API "/orders?due_after=2026-12-01&due_before=2026-12-05"),
		   want, n);
	PICK(o, !strcmp(model[i].status, "accepted") && model[i].customer == 0);
	assert_ids(sfmt(API "/orders?status=accepted&customer_id=%lld", c[0]),
		   want, n);
	PICK(o, 0);
	assert_ids(sfmt(API "/orders?customer_id=999999"), want, n);
	assert_ids(sfmt(API "/orders?status=cancelled"), want, n);

	/* Soonest due first, undated last. */
	j = get(API "/orders");
	for (size_t i = 1; i < json_array_size(jget(j, "items")); i++) {
		json_t *a = json_array_get(jget(j, "items"), i - 1);
		json_t *b = json_array_get(jget(j, "items"), i);

		cr_assert(json_is_null(jget(b, "due_date")) ||
				  (json_is_string(jget(a, "due_date")) &&
				   strcmp(jstr(a, "due_date"),
					  jstr(b, "due_date")) <= 0),
			  "orders out of due order at %zu", i);
	}
	json_decref(j);

	seed_workshop(id);
	{
		static const struct bad cases[] = {
			{"POST", API "/orders", "{}", 400, "missing_field", "customer_id"},
			{"POST", API "/orders", "{\"title\":\"Cake\"}", 400, "missing_field", "customer_id"},
			{"POST", API "/orders", "{\"customer_id\":{C}}", 400, "missing_field", "title"},
			{"POST", API "/orders", "{\"customer_id\":{C},\"title\":\"\"}", 400, "missing_value", "title"},
			{"POST", API "/orders", "{\"customer_id\":\"{C}\",\"title\":\"Cake\"}", 400, "bad_type", "customer_id"},
			{"POST", API "/orders", "{\"customer_id\":0,\"title\":\"Cake\"}", 400, "out_of_range", "customer_id"},
			{"POST", API "/orders", "{\"customer_id\":999999,\"title\":\"Cake\"}", 400, "unknown_reference", "customer_id"},
			{"POST", API "/orders", "{\"customer_id\":{C},\"product_id\":999999,\"title\":\"Cake\"}", 400, "unknown_reference", "product_id"},
			{"POST", API "/orders", "{\"customer_id\":{C},\"title\":\"Cake\",\"quantity\":0}", 400, "out_of_range", "quantity"},
			{"POST", API "/orders", "{\"customer_id\":{C},\"title\":\"Cake\",\"price\":-1}", 400, "out_of_range", "price"},
			{"POST", API "/orders", "{\"customer_id\":{C},\"title\":\"Cake\",\"estimated_minutes\":-5}", 400, "out_of_range", "estimated_minutes"},
			{"POST", API "/orders", "{\"customer_id\":{C},\"title\":\"Cake\",\"due_date\":\"2026-02-30\"}", 400, "bad_date", "due_date"},
			{"POST", API "/orders", "{\"customer_id\":{C},\"title\":\"Cake\",\"due_date\":\"2026-2-3\"}", 400, "bad_date", "due_date"},
			{"POST", API "/orders", "{\"customer_id\":{C},\"title\":\"Cake\",\"due_date\":\"2026-12-01T10:00:00Z\"}", 400, "bad_date", "due_date"},
			{"POST", API "/orders", "{\"customer_id\":{C},\"title\":\"Cake\",\"due_date\":20261201}", 400, "bad_type", "due_date"},
			{"POST", API "/orders", "{\"customer_id\":{C},\"title\":\"Cake\",\"status\":\"started\"}", 400, "bad_value", "status"},
			{"POST", API "/orders", "{\"customer_id\":{C},\"title\":\"Cake\",\"tracked_minutes\":0}", 400, "read_only", "tracked_minutes"},
			{"PATCH", API "/orders/{O}", "{\"customer_id\":999999}", 400, "unknown_reference", "customer_id"},
			{"PATCH", API "/orders/{O}", "{\"product_id\":999999}", 400, "unknown_reference", "product_id"},
			{"PATCH", API "/orders/{O}", "{\"status\":\"lost\"}", 400, "bad_value", "status"},
			{"PATCH", API "/orders/{O}", "{\"tracked_minutes\":60}", 400, "read_only", "tracked_minutes"},
			{"GET", API "/orders?status=bogus", NULL, 400, "bad_value", "status"},
			{"GET", API "/orders?customer_id=abc", NULL, 400, "bad_type", "customer_id"},
			{"GET", API "/orders?customer_id=0", NULL, 400, "out_of_range", "customer_id"},
			{"GET", API "/orders?due_after=2026-13-01", NULL, 400, "bad_date", "due_after"},
			{"GET", API "/orders?due_before=tomorrow", NULL, 400, "bad_date", "due_before"},
			{"GET", API "/orders?colour=red", NULL, 400, "unknown_param", "colour"},
			{"GET", API "/orders?status=done&status=quoted", NULL, 400, "duplicate_param", "status"},
		};

		expect_bad(cases, COUNT(cases), id);
	}
}

/* ---- batches ---------------------------------------------------------- */

Test(records, batches)
{
	static const struct {
		int product;
		const char *run_date, *status;
	} model[] = {
		{0, "2026-11-25", "done"},	{0, "2026-11-25", "running"},
		{1, "2026-11-25", "planned"}, {0, "2026-11-26", "planned"},
		{2, "2026-11-27", "done"},	{3, "2026-11-28", "planned"},
	};
	/* A name of no letters or digits gives "P" and the product id. */
	static const char *const names[] = {"Spelt sourdough", "Rye & caraway",
					    "12 mince pies", "***"};
	long long p[COUNT(names)], b[COUNT(model)], want[COUNT(model)], id[26];
	char code[64], date[11], *body, *path;
	size_t n;
	json_t *j;

	p[0] = add_product("{\"name\":\"%s\",\"shelf_life_days\":3}", names[0]);
	for (size_t i = 1; i < COUNT(names); i++)
		p[i] = add_product("{\"name\":\"%s\"}", names[i]);

	body = fmt("{\"product_id\":%lld,\"planned_qty\":24,\"made_qty\":22,"
		   "\"rejected_qty\":1,\"run_date\":\"2026-11-20\","
		   "\"best_before\":\"2026-11-22\",\"status\":\"done\","
		   "\"qc_notes\":\"crust a shade dark\"}",
		   p[0]);
	batch_code(names[0], "2026-11-20", 1, code, sizeof(code));
	path = fmt("{\"code\":\"%s\",\"sold_qty\":0,\"available_qty\":%d,"
		   "\"tracked_minutes\":0}",
		   code, 22 - 1);
	record_life(API "/batches", API "/batches", body, path, BATCH_KEYS,
		    "{\"qc_notes\":null,\"made_qty\":23}",
		    "{\"qc_notes\":null,\"made_qty\":23,\"available_qty\":22}");
	free(body);
	free(path);

	/* Defaults; best_before from the product's shelf life. */
	body = fmt("{\"product_id\":%lld,\"run_date\":\"2026-11-10\"}", p[0]);
	j = call("POST", API "/batches", body, 201);
	date_add("2026-11-10", 3, date);
	assert_has(j, "{\"planned_qty\":0,\"made_qty\":0,\"rejected_qty\":0,"
		      "\"status\":\"planned\",\"qc_notes\":null}");
	cr_assert_str_eq(jstr(j, "best_before"), date);
	free(body);
	body = fmt(API "/batches/%lld", jint(j, "id"));
	json_decref(j);
	/* A later run date does not move it: the date was printed. */
	j = call("PATCH", body, "{\"run_date\":\"2026-11-11\"}", 200);
	cr_assert_str_eq(jstr(j, "best_before"), date);
	json_decref(j);
	json_decref(call("DELETE", body, NULL, 204));
	free(body);
	/* No shelf life, no best-before. */
	body = fmt("{\"product_id\":%lld,\"run_date\":\"2026-11-10\"}", p[1]);
	j = call("POST", API "/batches", body, 201);
	cr_assert(json_is_null(jget(j, "best_before")));
	free(body);
	body = fmt(API "/batches/%lld", jint(j, "id"));
	json_decref(call("DELETE", body, NULL, 204));
	json_decref(j);
	free(body);

	/* Codes count each product's runs per day. */
	for (size_t i = 0; i < COUNT(model); i++) {
		int nth = 0;

		body = fmt("{\"product_id\":%lld,\"run_date\":\"%s\","
			   "\"status\":\"%s\"}",
			   p[model[i].product], model[i].run_date,
			   model[i].status);
		j = call("POST", API "/batches", body, 201);
		b[i] = jint(j, "id");
		for (size_t k = 0; k <= i; k++)
			nth += model[k].product == model[i].product &&
			       !strcmp(model[k].run_date, model[i].run_date);
		if (model[i].product == 3) {
			const char *d = model[i].run_date;

			snprintf(code, sizeof(code), "P%lld-%.4s%.2s%.2s-%d",
				 p[3], d, d + 5, d + 8, nth);
		} else {
			batch_code(names[model[i].product], model[i].run_date,
				   nth, code, sizeof(code));
		}
		cr_assert_str_eq(jstr(j, "code"), code);
		json_decref(j);
		free(body);
	}

	PICK(b, 1);
	assert_ids(sfmt(API "/batches"), want, n);
	PICK(b, model[i].product == 0);
	assert_ids(sfmt(API "/batches?product_id=%lld", p[0]), want, n);
	PICK(b, !strcmp(model[i].status, "planned"));
	assert_ids(sfmt(API "/batches?status=planned"), want, n);
	PICK(b, strcmp(model[i].run_date, "2026-11-26") >= 0);
	assert_ids(sfmt(API "/batches?from=2026-11-26"), want, n);
	PICK(b, strcmp(model[i].run_date, "2026-11-26") <= 0);
	assert_ids(sfmt(API "/batches?to=2026-11-26"), want, n);
	PICK(b, strcmp(model[i].run_date, "2026-11-26") >= 0 &&
			strcmp(model[i].run_date, "2026-11-27") <= 0 &&
			strcmp(model[i].status, "planned"));
	assert_ids(sfmt(API "/batches?from=2026-11-26&to=2026-11-27&status=done"),
		   want, n);
	PICK(b, i == 1);
	batch_code(names[0], "2026-11-25", 2, code, sizeof(code));
	assert_ids(sfmt(API "/batches?code=%s", code), want, n);
	PICK(b, 0);
	assert_ids(sfmt(API "/batches?code=NOPE-20261125-1"), want, n);

	/* Newest run first. */
	j = get(API "/batches");
	for (size_t i = 1; i < json_array_size(jget(j, "items")); i++)
		cr_assert_geq(
			strcmp(jstr(json_array_get(jget(j, "items"), i - 1),
				    "run_date"),
			       jstr(json_array_get(jget(j, "items"), i),
				    "run_date")),
			0, "batches out of date order at %zu", i);
	json_decref(j);

	seed_workshop(id);
	{
		static const struct bad cases[] = {
			{"POST", API "/batches", "{}", 400, "missing_field", "product_id"},
			{"POST", API "/batches", "{\"product_id\":{P}}", 400, "missing_field", "run_date"},
			{"POST", API "/batches", "{\"product_id\":999999,\"run_date\":\"2026-11-25\"}", 400, "unknown_reference", "product_id"},
			{"POST", API "/batches", "{\"product_id\":{P},\"run_date\":\"25/11/2026\"}", 400, "bad_date", "run_date"},
			{"POST", API "/batches", "{\"product_id\":{P},\"run_date\":null}", 400, "missing_field", "run_date"},
			{"POST", API "/batches", "{\"product_id\":{P},\"run_date\":\"2026-11-25\",\"code\":\"MINE-1\"}", 400, "read_only", "code"},
			{"POST", API "/batches", "{\"product_id\":{P},\"run_date\":\"2026-11-25\",\"sold_qty\":0}", 400, "read_only", "sold_qty"},
			{"POST", API "/batches", "{\"product_id\":{P},\"run_date\":\"2026-11-25\",\"available_qty\":5}", 400, "read_only", "available_qty"},
			{"POST", API "/batches", "{\"product_id\":{P},\"run_date\":\"2026-11-25\",\"tracked_minutes\":5}", 400, "read_only", "tracked_minutes"},
			{"POST", API "/batches", "{\"product_id\":{P},\"run_date\":\"2026-11-25\",\"made_qty\":3,\"rejected_qty\":5}", 400, "out_of_range", "rejected_qty"},
			{"POST", API "/batches", "{\"product_id\":{P},\"run_date\":\"2026-11-25\",\"best_before\":\"2026-11-24\"}", 400, "out_of_range", "best_before"},
			{"POST", API "/batches", "{\"product_id\":{P},\"run_date\":\"2026-11-25\",\"best_before\":\"soon\"}", 400, "bad_date", "best_before"},
			{"POST", API "/batches", "{\"product_id\":{P},\"run_date\":\"2026-11-25\",\"status\":\"finished\"}", 400, "bad_value", "status"},
			{"POST", API "/batches", "{\"product_id\":{P},\"run_date\":\"2026-11-25\",\"planned_qty\":-1}", 400, "out_of_range", "planned_qty"},
			{"POST", API "/batches", "{\"product_id\":{P},\"run_date\":\"2026-11-25\",\"made_qty\":1000000001}", 400, "out_of_range", "made_qty"},
			{"PATCH", API "/batches/{B}", "{\"product_id\":{Q}}", 400, "read_only", "product_id"},
			{"PATCH", API "/batches/{B}", "{\"code\":\"X-1\"}", 400, "read_only", "code"},
			{"PATCH", API "/batches/{B}", "{\"rejected_qty\":11}", 400, "out_of_range", "rejected_qty"},
			/* B: 10 made, 2 sold, best before run date + 3. */
			{"PATCH", API "/batches/{B}", "{\"run_date\":\"2026-12-31\"}", 400, "out_of_range", "best_before"},
			{"PATCH", API "/batches/{B}", "{\"made_qty\":1}", 409, "below_sold", "made_qty"},
			{"PATCH", API "/batches/{B}", "{\"rejected_qty\":9}", 409, "below_sold", "made_qty"},
			{"GET", API "/batches?product_id=0", NULL, 400, "out_of_range", "product_id"},
			{"GET", API "/batches?product_id=x", NULL, 400, "bad_type", "product_id"},
			{"GET", API "/batches?status=done,planned", NULL, 400, "bad_value", "status"},
			{"GET", API "/batches?from=2026/11/01", NULL, 400, "bad_date", "from"},
			{"GET", API "/batches?to=2026-11-31", NULL, 400, "bad_date", "to"},
			{"GET", API "/batches?run_date=2026-11-25", NULL, 400, "unknown_param", "run_date"},
		};

		expect_bad(cases, COUNT(cases), id);
	}
}

/* ---- materials and their use by batches ------------------------------- */

Test(records, materials)
{
	long long id[26];
	json_t *m;

	record_life(API "/materials", API "/materials",
		    "{\"name\":\"Rye flour\",\"unit\":\"g\",\"on_hand\":25000,"
		    "\"reorder_level\":5000,\"cost_per_unit\":180,"
		    "\"cost_per\":1000}",
		    NULL, MATERIAL_KEYS, "{\"reorder_level\":8000}", NULL);

	m = call("POST", API "/materials", "{\"name\":\"Wick\"}", 201);
	assert_has(m, "{\"unit\":\"g\",\"on_hand\":0,\"reorder_level\":0,"
		      "\"cost_per_unit\":0,\"cost_per\":1}");
	json_decref(m);
	/* Stock may run below zero (used before it was booked in). */
	json_decref(call("POST", API "/materials",
			 "{\"name\":\"Jars\",\"unit\":\"pcs\",\"on_hand\":-5}",
			 201));
	json_decref(call("POST", API "/materials",
			 "{\"name\":\"Oil\",\"unit\":\"ml\",\"on_hand\":"
			 "-1000000000}",
			 201));

	seed_workshop(id);
	{
		static const struct bad cases[] = {
			{"POST", API "/materials", "{}", 400, "missing_field", "name"},
			{"POST", API "/materials", "{\"name\":\"Salt\",\"unit\":\"kg\"}", 400, "bad_value", "unit"},
			{"POST", API "/materials", "{\"name\":\"Salt\",\"unit\":null}", 400, "missing_value", "unit"},
			{"POST", API "/materials", "{\"name\":\"Salt\",\"on_hand\":-1000000001}", 400, "out_of_range", "on_hand"},
			{"POST", API "/materials", "{\"name\":\"Salt\",\"on_hand\":1000000001}", 400, "out_of_range", "on_hand"},
			{"POST", API "/materials", "{\"name\":\"Salt\",\"on_hand\":1.5}", 400, "bad_type", "on_hand"},
			{"POST", API "/materials", "{\"name\":\"Salt\",\"reorder_level\":-1}", 400, "out_of_range", "reorder_level"},
			{"POST", API "/materials", "{\"name\":\"Salt\",\"cost_per_unit\":-1}", 400, "out_of_range", "cost_per_unit"},
			{"POST", API "/materials", "{\"name\":\"Salt\",\"cost_per\":0}", 400, "out_of_range", "cost_per"},
			{"POST", API "/materials", "{\"name\":\"Salt\",\"supplier\":\"Mill\"}", 400, "unknown_field", "supplier"},
			{"POST", API "/materials", "{\"name\":\"FLOUR\"}", 409, "duplicate", "name"},
			{"POST", API "/materials", "{\"name\":\"flour\",\"unit\":\"pcs\"}", 409, "duplicate", "name"},
			{"PATCH", API "/materials/{M}", "{\"unit\":\"lb\"}", 400, "bad_value", "unit"},
			{"PATCH", API "/materials/{M}", "{\"created_at\":\"2026-01-01T00:00:00Z\"}", 400, "read_only", "created_at"},
			{"GET", API "/materials?colour=white", NULL, 400, "unknown_param", "colour"},
		};

		expect_bad(cases, COUNT(cases), id);
	}
	{
		char *path = fmt(API "/materials/%lld", id['M' - 'A']);

		m = call("PATCH", path, "{\"name\":\"FLOUR\"}", 200);
		cr_assert_str_eq(jstr(m, "name"), "FLOUR");
		json_decref(m);
		free(path);
	}
}

Test(records, batch_materials)
{
	long long id[26], b2, m2, u[4], want[4];
	char *path, *body, *extra;
	size_t n;
	json_t *j;

	seed_workshop(id);
	b2 = add_batch("{\"product_id\":%lld,\"run_date\":\"2026-11-26\"}",
		       id['P' - 'A']);
	m2 = add_material("{\"name\":\"Salt\",\"on_hand\":900}");

	/* Created under its batch; read, changed and removed on its own. */
	path = fmt(API "/batches/%lld/materials", id['B' - 'A']);
	body = fmt("{\"material_id\":%lld,\"quantity\":750,\"lot\":\"F-2231\"}",
		   id['M' - 'A']);
	extra = fmt("{\"batch_id\":%lld,\"material_name\":\"Flour\",\"unit\":"
		    "\"g\"}",
		    id['B' - 'A']);
	record_life(path, API "/batch-materials", body, extra, USE_KEYS,
		    "{\"lot\":\"F-2232\"}", NULL);
	free(body);
	free(extra);

	/* A lot is optional. */
	body = fmt("{\"material_id\":%lld,\"quantity\":10}", m2);
	j = call("POST", path, body, 201);
	cr_assert(json_is_null(jget(j, "lot")));
	cr_assert_str_eq(jstr(j, "material_name"), "Salt");
	u[0] = jint(j, "id");
	json_decref(j);
	free(body);
	free(path);
	/* The plain collection takes the batch in the body. */
	u[1] = add_record(
		"batch-materials",
		"{\"batch_id\":%lld,\"material_id\":%lld,\"quantity\":"
		"2000,\"lot\":\"F-100\"}",
		b2, id['M' - 'A']);
	u[2] = add_record(
		"batch-materials",
		"{\"batch_id\":%lld,\"material_id\":%lld,\"quantity\":"
		"20,\"lot\":\"S-9\"}",
		b2, m2);

	/* GET /batches/{id}/materials: that batch's uses only. */
	want[0] = id['U' - 'A'];
	want[1] = u[0];
	j = getf(API "/batches/%lld/materials", id['B' - 'A']);
	cr_assert_eq(jint(j, "total"), 2);
	cr_assert_eq(json_array_size(jget(j, "items")), 2);
	for (size_t i = 0; i < 2; i++) {
		json_t *it = json_array_get(jget(j, "items"), i);

		cr_assert_eq(jint(it, "batch_id"), id['B' - 'A']);
		cr_assert(jint(it, "id") == want[0] || jint(it, "id") == want[1]);
	}
	json_decref(j);

	n = 0;
	want[n++] = u[1];
	want[n++] = u[2];
	assert_ids(sfmt(API "/batch-materials?batch_id=%lld", b2), want, n);
	n = 0;
	want[n++] = id['U' - 'A'];
	want[n++] = u[1];
	assert_ids(sfmt(API "/batch-materials?material_id=%lld", id['M' - 'A']),
		   want, n);
	assert_ids(sfmt(API "/batch-materials?lot=F-100"), want, n);
	n = 0;
	want[n++] = u[1];
	assert_ids(sfmt(API "/batch-materials?lot=F-100&batch_id=%lld", b2),
		   want, n);
	assert_ids(sfmt(API "/batch-materials?lot=f-100"), want, 0);

	{
		static const struct bad cases[] = {
			{"POST", API "/batches/{B}/materials", "{}", 400, "missing_field", "material_id"},
			{"POST", API "/batches/{B}/materials", "{\"material_id\":{M}}", 400, "missing_field", "quantity"},
			{"POST", API "/batches/{B}/materials", "{\"material_id\":{M},\"quantity\":0}", 400, "out_of_range", "quantity"},
			{"POST", API "/batches/{B}/materials", "{\"material_id\":{M},\"quantity\":\"5\"}", 400, "bad_type", "quantity"},
			{"POST", API "/batches/{B}/materials", "{\"material_id\":999999,\"quantity\":5}", 400, "unknown_reference", "material_id"},
			{"POST", API "/batches/{B}/materials", "{\"material_id\":{M},\"quantity\":5,\"lot\":\"\"}", 400, "missing_value", "lot"},
			{"POST", API "/batches/{B}/materials", "{\"material_id\":{M},\"quantity\":5,\"lot\":7}", 400, "bad_type", "lot"},
			{"POST", API "/batches/{B}/materials", "{\"material_id\":{M},\"quantity\":5,\"batch_id\":{B}}", 400, "read_only", "batch_id"},
			{"POST", API "/batches/{B}/materials", "{\"material_id\":{M},\"quantity\":5,\"material_name\":\"Rye\"}", 400, "read_only", "material_name"},
			{"POST", API "/batches/{B}/materials", "{\"material_id\":{M},\"quantity\":5,\"unit\":\"g\"}", 400, "read_only", "unit"},
			{"POST", API "/batches/{B}/materials", "{\"material_id\":{M},\"quantity\":5,\"supplier\":\"Mill\"}", 400, "unknown_field", "supplier"},
			{"POST", API "/batches/999999/materials", "{\"material_id\":{M},\"quantity\":5}", 404, "not_found", NULL},
			{"GET", API "/batches/999999/materials", NULL, 404, "not_found", NULL},
			{"POST", API "/batch-materials", "{\"material_id\":{M},\"quantity\":5}", 400, "missing_field", "batch_id"},
			{"POST", API "/batch-materials", "{\"batch_id\":999999,\"material_id\":{M},\"quantity\":5}", 400, "unknown_reference", "batch_id"},
			{"POST", API "/batch-materials", "{\"batch_id\":{B},\"material_id\":999999,\"quantity\":5}", 400, "unknown_reference", "material_id"},
			{"PATCH", API "/batch-materials/{U}", "{\"material_id\":999999}", 400, "unknown_reference", "material_id"},
			{"PATCH", API "/batch-materials/{U}", "{\"batch_id\":999999}", 400, "unknown_reference", "batch_id"},
			{"PATCH", API "/batch-materials/{U}", "{\"quantity\":-1}", 400, "out_of_range", "quantity"},
			{"PATCH", API "/batch-materials/{U}", "{\"material_name\":\"Rye\"}", 400, "read_only", "material_name"},
			{"GET", API "/batch-materials?batch_id=none", NULL, 400, "bad_type", "batch_id"},
			{"GET", API "/batch-materials?quantity=5", NULL, 400, "unknown_param", "quantity"},
		};

		expect_bad(cases, COUNT(cases), id);
	}
	{
		char *lot = repeat('L', 101);

		path = fmt(API "/batches/%lld/materials", id['B' - 'A']);
		body = fmt("{\"material_id\":%lld,\"quantity\":5,\"lot\":"
			   "\"%s\"}",
			   id['M' - 'A'], lot);
		call_fails("POST", path, body, 400, "bad_length", "lot");
		free(body);
		lot[100] = '\0';
		body = fmt("{\"material_id\":%lld,\"quantity\":5,\"lot\":"
			   "\"%s\"}",
			   id['M' - 'A'], lot);
		json_decref(call("POST", path, body, 201));
		free(body);
		free(path);
		free(lot);
	}
}

/* ---- time entries ----------------------------------------------------- */

Test(records, time_entries)
{
	static const struct {
		int on_batch; /* 0: the order, 1: the batch */
		const char *worker, *started;
		int minutes;
	} model[] = {
		{0, "sam", "2026-11-20T09:00:00Z", 30},
		{0, "kit", "2026-11-21T13:15:00Z", 45},
		{1, "sam", "2026-11-21T23:59:59Z", 90},
		{1, "sam", "2026-11-22T00:00:00Z", 15},
		{0, "kit", "2026-11-23T08:00:00Z", 60},
	};
	long long id[26], e[COUNT(model)], want[COUNT(model) + 1];
	long long order_minutes = 0, batch_minutes = 0, ria;
	time_t t0, t1, start;
	char when[21], *body, *path;
	size_t n;
	json_t *j;

	seed_workshop(id);
	/* seed_workshop() left T: 30 minutes on O. */
	order_minutes = 30;

	/* Start and end given: the clock gives the minutes, rounded. */
	body = fmt("{\"order_id\":%lld,\"worker\":\"sam\",\"started_at\":"
		   "\"2026-11-19T09:00:00Z\",\"ended_at\":"
		   "\"2026-11-19T10:30:40Z\",\"note\":\"glue-up\"}",
		   id['O' - 'A']);
	path = fmt("{\"batch_id\":null,\"minutes\":%lld}",
		   (long long)((instant("2026-11-19T10:30:40Z") -
				instant("2026-11-19T09:00:00Z") + 30) /
			       60));
	record_life(API "/time-entries", API "/time-entries", body, path,
		    ENTRY_KEYS, "{\"note\":\"glue-up, clamps\"}", NULL);
	free(body);
	free(path);

	/* Minutes and no start: it started now and ended that much later. */
	body = fmt("{\"batch_id\":%lld,\"minutes\":25}", id['B' - 'A']);
	t0 = time(NULL);
	j = call("POST", API "/time-entries", body, 201);
	t1 = time(NULL);
	start = instant(jstr(j, "started_at"));
	cr_assert(start >= t0 && start <= t1);
	cr_assert_eq(instant(jstr(j, "ended_at")), start + 25 * 60);
	cr_assert_str_eq(jstr(j, "worker"), "me");
	cr_assert(json_is_null(jget(j, "order_id")));
	free(body);
	path = fmt(API "/time-entries/%lld", jint(j, "id"));
	json_decref(call("DELETE", path, NULL, 204));
	free(path);
	json_decref(j);

	/* No end and no minutes: a running timer, stopped by a PATCH. */
	body = fmt("{\"order_id\":%lld,\"worker\":\"ria\",\"started_at\":"
		   "\"2026-11-24T08:00:00Z\"}",
		   id['O' - 'A']);
	j = call("POST", API "/time-entries", body, 201);
	cr_assert(json_is_null(jget(j, "ended_at")));
	cr_assert(json_is_null(jget(j, "minutes")));
	free(body);
	path = fmt(API "/time-entries/%lld", jint(j, "id"));
	ria = jint(j, "id");
	json_decref(j);
	j = call("PATCH", path, "{\"ended_at\":\"2026-11-24T09:20:00Z\"}", 200);
	cr_assert_eq(jint(j, "minutes"),
		     (instant("2026-11-24T09:20:00Z") -
		      instant("2026-11-24T08:00:00Z") + 30) /
			     60);
	order_minutes += jint(j, "minutes");
	json_decref(j);
	free(path);

	for (size_t i = 0; i < COUNT(model); i++) {
		e[i] = add_entry(
			"{\"%s\":%lld,\"worker\":\"%s\",\"started_at\":"
			"\"%s\",\"minutes\":%d}",
			model[i].on_batch ? "batch_id" : "order_id",
			id[model[i].on_batch ? 'B' - 'A' : 'O' - 'A'],
			model[i].worker, model[i].started, model[i].minutes);
		if (model[i].on_batch)
			batch_minutes += model[i].minutes;
		else
			order_minutes += model[i].minutes;
		/* The end follows from start and minutes. */
		j = getf(API "/time-entries/%lld", e[i]);
		instant_text(instant(model[i].started) + model[i].minutes * 60,
			     when);
		cr_assert_str_eq(jstr(j, "ended_at"), when);
		json_decref(j);
	}
	/* Orders and batches add up their time. */
	j = getf(API "/orders/%lld", id['O' - 'A']);
	cr_assert_eq(jint(j, "tracked_minutes"), order_minutes);
	json_decref(j);
	j = getf(API "/batches/%lld", id['B' - 'A']);
	cr_assert_eq(jint(j, "tracked_minutes"), batch_minutes);
	json_decref(j);

	PICK(e, model[i].on_batch);
	assert_ids(sfmt(API "/time-entries?batch_id=%lld", id['B' - 'A']), want,
		   n);
	PICK(e, !strcmp(model[i].worker, "kit"));
	assert_ids(sfmt(API "/time-entries?worker=kit"), want, n);
	/* A date as the bound takes in the whole day. */
	PICK(e, strcmp(model[i].started, "2026-11-21") > 0 &&
			strcmp(model[i].started, "2026-11-22") < 0);
	assert_ids(sfmt(API "/time-entries?from=2026-11-21&to=2026-11-21"),
		   want, n);
	/* An instant as the bound is exact; ria's entry is on the 24th. */
	PICK(e, strcmp(model[i].started, "2026-11-21T23:59:59Z") >= 0);
	want[n++] = ria;
	assert_ids(sfmt(API "/time-entries?from=2026-11-21T23:59:59Z"), want,
		   n);
	PICK(e, strcmp(model[i].started, "2026-11-21T13:15:00Z") <= 0 &&
			!model[i].on_batch && !strcmp(model[i].worker, "kit"));
	assert_ids(sfmt(API "/time-entries?to=2026-11-21T13:15:00Z&worker=kit"
		       "&order_id=%lld",
		       id['O' - 'A']),
		   want, n);

	{
		static const struct bad cases[] = {
			{"POST", API "/time-entries", "{}", 400, "missing_field", "order_id"},
			{"POST", API "/time-entries", "{\"minutes\":5}", 400, "missing_field", "order_id"},
			{"POST", API "/time-entries", "{\"order_id\":{O},\"batch_id\":{B},\"minutes\":5}", 400, "missing_field", "order_id"},
			{"POST", API "/time-entries", "{\"order_id\":999999,\"minutes\":5}", 400, "unknown_reference", "order_id"},
			{"POST", API "/time-entries", "{\"batch_id\":999999,\"minutes\":5}", 400, "unknown_reference", "batch_id"},
			{"POST", API "/time-entries", "{\"order_id\":\"{O}\",\"minutes\":5}", 400, "bad_type", "order_id"},
			{"POST", API "/time-entries", "{\"order_id\":{O},\"started_at\":\"2026-11-20 09:00:00\"}", 400, "bad_time", "started_at"},
			{"POST", API "/time-entries", "{\"order_id\":{O},\"started_at\":\"2026-11-20T09:00:00+01:00\"}", 400, "bad_time", "started_at"},
			{"POST", API "/time-entries", "{\"order_id\":{O},\"started_at\":\"2026-11-20\"}", 400, "bad_time", "started_at"},
			{"POST", API "/time-entries", "{\"order_id\":{O},\"started_at\":\"2026-11-20T24:00:00Z\"}", 400, "bad_time", "started_at"},
			{"POST", API "/time-entries", "{\"order_id\":{O},\"started_at\":\"2026-11-20T09:00:00Z\",\"ended_at\":\"later\"}", 400, "bad_time", "ended_at"},
			{"POST", API "/time-entries", "{\"order_id\":{O},\"started_at\":\"2026-11-20T09:00:00Z\",\"ended_at\":\"2026-11-20T08:59:59Z\"}", 400, "out_of_range", "ended_at"},
			{"POST", API "/time-entries", "{\"order_id\":{O},\"minutes\":-1}", 400, "out_of_range", "minutes"},
			{"POST", API "/time-entries", "{\"order_id\":{O},\"minutes\":10000001}", 400, "out_of_range", "minutes"},
			{"POST", API "/time-entries", "{\"order_id\":{O},\"minutes\":1.5}", 400, "bad_type", "minutes"},
			{"POST", API "/time-entries", "{\"order_id\":{O},\"minutes\":5,\"worker\":\"\"}", 400, "missing_value", "worker"},
			{"POST", API "/time-entries", "{\"order_id\":{O},\"minutes\":5,\"worker\":null}", 400, "missing_value", "worker"},
			{"POST", API "/time-entries", "{\"order_id\":{O},\"minutes\":5,\"note\":[]}", 400, "bad_type", "note"},
			{"POST", API "/time-entries", "{\"order_id\":{O},\"minutes\":5,\"created_at\":\"2026-11-20T09:00:00Z\"}", 400, "read_only", "created_at"},
			{"POST", API "/time-entries", "{\"order_id\":{O},\"minutes\":5,\"hours\":1}", 400, "unknown_field", "hours"},
			{"PATCH", API "/time-entries/{T}", "{\"order_id\":null}", 400, "missing_field", "order_id"},
			{"PATCH", API "/time-entries/{T}", "{\"batch_id\":{B}}", 400, "missing_field", "order_id"},
			{"PATCH", API "/time-entries/{T}", "{\"ended_at\":\"2026-11-20T08:00:00Z\"}", 400, "out_of_range", "ended_at"},
			{"GET", API "/time-entries?from=noon", NULL, 400, "bad_time", "from"},
			{"GET", API "/time-entries?to=2026-11-20T25:00:00Z", NULL, 400, "bad_time", "to"},
			{"GET", API "/time-entries?order_id=-1", NULL, 400, "out_of_range", "order_id"},
			{"GET", API "/time-entries?minutes=30", NULL, 400, "unknown_param", "minutes"},
		};

		expect_bad(cases, COUNT(cases), id);
	}
}

/* ---- sales ------------------------------------------------------------ */

Test(records, sales)
{
	static const struct {
		int batch, customer; /* -1: none (then product 0, no batch) */
		int quantity;
		const char *sold_on;
	} model[] = {
		{0, 0, 2, "2026-11-25"}, {0, 1, 1, "2026-11-26"},
		{1, 0, 3, "2026-11-26"}, {-1, 1, 1, "2026-11-27"},
		{1, -1, 4, "2026-11-28"},
	};
	long long id[26], p[2], b[2], c[2], e[COUNT(model)],
		want[COUNT(model)];
	char today[11], *body, *extra;
	struct tm tm;
	time_t t0;
	size_t n;
	json_t *j;

	seed_workshop(id);
	/* A sale from a batch takes the batch's product; total = qty × price. */
	body = fmt("{\"batch_id\":%lld,\"customer_id\":%lld,\"order_id\":%lld,"
		   "\"quantity\":3,\"price\":450,\"sold_on\":\"2026-11-26\"}",
		   id['B' - 'A'], id['D' - 'A'], id['O' - 'A']);
	extra = fmt("{\"product_id\":%lld,\"total\":%d}", id['P' - 'A'],
		    3 * 450);
	record_life(API "/sales", API "/sales", body, extra, SALE_KEYS,
		    "{\"price\":500}", "{\"price\":500,\"total\":1500}");
	free(body);
	free(extra);

	/* sold_on defaults to today (UTC); price to the product's (380, as
	 * seeded: "Rye bread"); a product alone. */
	body = fmt("{\"product_id\":%lld,\"quantity\":2}", id['Q' - 'A']);
	t0 = time(NULL);
	j = call("POST", API "/sales", body, 201);
	gmtime_r(&t0, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	if (strcmp(jstr(j, "sold_on"), today)) { /* midnight passed */
		t0 = time(NULL);
		gmtime_r(&t0, &tm);
		strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	}
	cr_assert_str_eq(jstr(j, "sold_on"), today);
	assert_has(j, "{\"price\":380,\"total\":760,\"batch_id\":null,"
		      "\"customer_id\":null,\"order_id\":null}");
	free(body);
	body = fmt(API "/sales/%lld", jint(j, "id"));
	json_decref(call("DELETE", body, NULL, 204));
	free(body);
	json_decref(j);
	/* Product and batch may both be given when they agree. */
	body = fmt("{\"product_id\":%lld,\"batch_id\":%lld,\"quantity\":1}",
		   id['P' - 'A'], id['B' - 'A']);
	j = call("POST", API "/sales", body, 201);
	free(body);
	body = fmt(API "/sales/%lld", jint(j, "id"));
	json_decref(call("DELETE", body, NULL, 204));
	free(body);
	json_decref(j);

	{
		static const struct bad cases[] = {
			{"POST", API "/sales", "{}", 400, "missing_field",
			 "quantity"},
			{"POST", API "/sales", "{\"quantity\":1}", 400,
			 "missing_field", "product_id"},
			{"POST", API "/sales",
			 "{\"product_id\":{P},\"quantity\":0}", 400,
			 "out_of_range", "quantity"},
			{"POST", API "/sales",
			 "{\"product_id\":{P},\"quantity\":null}", 400,
			 "missing_field", "quantity"},
			{"POST", API "/sales",
			 "{\"product_id\":999999,\"quantity\":1}", 400,
			 "unknown_reference", "product_id"},
			{"POST", API "/sales",
			 "{\"product_id\":{P},\"customer_id\":999999,"
			 "\"quantity\":1}",
			 400, "unknown_reference", "customer_id"},
			{"POST", API "/sales",
			 "{\"batch_id\":999999,\"quantity\":1}", 400,
			 "unknown_reference", "batch_id"},
			{"POST", API "/sales",
			 "{\"product_id\":{P},\"order_id\":999999,\"quantity\":"
			 "1}",
			 400, "unknown_reference", "order_id"},
			{"POST", API "/sales",
			 "{\"product_id\":{P},\"quantity\":1,\"sold_on\":"
			 "\"yesterday\"}",
			 400, "bad_date", "sold_on"},
			{"POST", API "/sales",
			 "{\"product_id\":{P},\"quantity\":1,\"price\":-1}",
			 400, "out_of_range", "price"},
			{"POST", API "/sales",
			 "{\"product_id\":{P},\"quantity\":1,\"total\":450}",
			 400, "read_only", "total"},
			{"POST", API "/sales",
			 "{\"product_id\":{P},\"quantity\":1,\"discount\":5}",
			 400, "unknown_field", "discount"},
			{"POST", API "/sales",
			 "{\"product_id\":{Q},\"batch_id\":{B},\"quantity\":1}",
			 400, "wrong_product", "batch_id"},
			/* B: 10 made, 2 sold to C by seed_workshop(). */
			{"POST", API "/sales",
			 "{\"batch_id\":{B},\"quantity\":9}", 409,
			 "not_enough_stock", "quantity"},
			{"PATCH", API "/sales/{S}", "{\"quantity\":11}", 409,
			 "not_enough_stock", "quantity"},
			{"PATCH", API "/sales/{S}", "{\"product_id\":{Q}}", 400,
			 "wrong_product", "batch_id"},
			{"PATCH", API "/sales/{S}", "{\"customer_id\":999999}",
			 400, "unknown_reference", "customer_id"},
			{"PATCH", API "/sales/{S}", "{\"total\":1}", 400,
			 "read_only", "total"},
			{"GET", API "/sales?from=x", NULL, 400, "bad_date",
			 "from"},
			{"GET", API "/sales?to=2026-11-26T00:00:00Z", NULL, 400,
			 "bad_date", "to"},
			{"GET", API "/sales?customer_id=ann", NULL, 400,
			 "bad_type", "customer_id"},
			{"GET", API "/sales?quantity=1", NULL, 400,
			 "unknown_param", "quantity"},
		};

		expect_bad(cases, COUNT(cases), id);
	}
	/* The whole of what is left may be sold, in a PATCH too. */
	{
		char *path = fmt(API "/sales/%lld", id['S' - 'A']);

		j = call("PATCH", path, "{\"quantity\":10}", 200);
		cr_assert_eq(jint(j, "total"), 10 * 450);
		json_decref(j);
		json_decref(call("PATCH", path, "{\"quantity\":2}", 200));
		free(path);
	}

	/* Filters, over a fresh set of sales. */
	body = fmt(API "/sales/%lld", id['S' - 'A']);
	json_decref(call("DELETE", body, NULL, 204));
	free(body);
	p[0] = id['P' - 'A'];
	p[1] = id['Q' - 'A'];
	b[0] = id['B' - 'A'];
	b[1] = add_batch("{\"product_id\":%lld,\"run_date\":\"2026-11-26\","
			 "\"made_qty\":12}",
			 p[0]);
	c[0] = id['C' - 'A'];
	c[1] = id['D' - 'A'];
	for (size_t i = 0; i < COUNT(model); i++) {
		char ref[64], cust[32] = "null";

		if (model[i].batch >= 0)
			snprintf(ref, sizeof(ref), "\"batch_id\":%lld",
				 b[model[i].batch]);
		else
			snprintf(ref, sizeof(ref), "\"product_id\":%lld", p[1]);
		if (model[i].customer >= 0)
			snprintf(cust, sizeof(cust), "%lld",
				 c[model[i].customer]);
		e[i] = add_sale("{%s,\"customer_id\":%s,\"quantity\":%d,"
				"\"price\":100,\"sold_on\":\"%s\"}",
				ref, cust, model[i].quantity, model[i].sold_on);
	}
	PICK(e, 1);
	assert_ids(sfmt(API "/sales"), want, n);
	PICK(e, model[i].batch >= 0);
	assert_ids(sfmt(API "/sales?product_id=%lld", p[0]), want, n);
	PICK(e, model[i].batch == 1);
	assert_ids(sfmt(API "/sales?batch_id=%lld", b[1]), want, n);
	PICK(e, model[i].customer == 0);
	assert_ids(sfmt(API "/sales?customer_id=%lld", c[0]), want, n);
	PICK(e, strcmp(model[i].sold_on, "2026-11-26") >= 0);
	assert_ids(sfmt(API "/sales?from=2026-11-26"), want, n);
	PICK(e, strcmp(model[i].sold_on, "2026-11-26") <= 0);
	assert_ids(sfmt(API "/sales?to=2026-11-26"), want, n);
	PICK(e,
	     !strcmp(model[i].sold_on, "2026-11-26") && model[i].customer == 0);
	assert_ids(sfmt(API "/sales?from=2026-11-26&to=2026-11-26&customer_id=%lld",
		       c[0]),
		   want, n);
	PICK(e, 0);
	assert_ids(sfmt(API "/sales?order_id=%lld", id['O' - 'A']), want, n);
	/* One sale on the order, then the order filter finds it. */
	want[0] = add_sale("{\"product_id\":%lld,\"order_id\":%lld,"
			   "\"customer_id\":%lld,\"quantity\":1,\"price\":"
			   "9900}",
			   p[1], id['O' - 'A'], c[0]);
	assert_ids(sfmt(API "/sales?order_id=%lld", id['O' - 'A']), want, 1);
}

/* ---- settings --------------------------------------------------------- */

Test(records, settings)
{
	static const char *const days[] = {"mon", "tue", "wed", "thu",
					   "fri", "sat", "sun"};
	json_t *before, *after, *again;
	const char *key;
	json_t *v;

	before = get(API "/settings");
	assert_keys(before, SETTINGS_KEYS);
	assert_keys(jget(before, "hours"), "mon tue wed thu fri sat sun");
	cr_assert_str_eq(jstr(before, "currency"), "GBP");

	/* PUT changes the fields given, nested hours one by one. */
	after = call("PUT", API "/settings",
		     "{\"workshop_name\":\"Crumb & Co\",\"hourly_rate\":2250,"
		     "\"hours\":{\"sat\":240,\"mon\":0},\"storage_capacity\":"
		     "500}",
		     200);
	assert_keys(after, SETTINGS_KEYS);
	json_object_foreach(before, key, v)
	{
		if (!strcmp(key, "hours"))
			continue;
		if (!strcmp(key, "workshop_name"))
			cr_assert_str_eq(jstr(after, key), "Crumb & Co");
		else if (!strcmp(key, "hourly_rate"))
			cr_assert_eq(jint(after, key), 2250);
		else if (!strcmp(key, "storage_capacity"))
			cr_assert_eq(jint(after, key), 500);
		else
			cr_assert(json_equal(v, jget(after, key)),
				  "%s changed", key);
	}
	for (size_t i = 0; i < COUNT(days); i++) {
		json_t *h = jget(jget(after, "hours"), days[i]);

		if (!strcmp(days[i], "sat"))
			cr_assert_eq(json_integer_value(h), 240);
		else if (!strcmp(days[i], "mon"))
			cr_assert_eq(json_integer_value(h), 0);
		else
			cr_assert(json_equal(h, jget(jget(before, "hours"),
						     days[i])),
				  "%s changed", days[i]);
	}
	again = get(API "/settings");
	cr_assert(json_equal(again, after));
	json_decref(again);
	/* The bounds are accepted; an empty PUT changes nothing. */
	json_decref(call("PUT", API "/settings",
			 "{\"workers\":50,\"currency\":\"EUR\",\"hours\":"
			 "{\"sun\":1440}}",
			 200));
	json_decref(call("PUT", API "/settings",
			 "{\"workers\":1,\"currency\":\"GBP\",\"hours\":"
			 "{\"sun\":0}}",
			 200));
	again = call("PUT", API "/settings", "{}", 200);
	cr_assert(json_equal(again, after));
	json_decref(again);

	{
		static const long long none[26];
		static const struct bad cases[] = {
			{"PUT", API "/settings", "{\"workers\":0}", 400, "out_of_range", "workers"},
			{"PUT", API "/settings", "{\"workers\":51}", 400, "out_of_range", "workers"},
			{"PUT", API "/settings", "{\"workers\":\"two\"}", 400, "bad_type", "workers"},
			{"PUT", API "/settings", "{\"hours\":{\"mon\":1441}}", 400, "out_of_range", "hours.mon"},
			{"PUT", API "/settings", "{\"hours\":{\"sun\":-1}}", 400, "out_of_range", "hours.sun"},
			{"PUT", API "/settings", "{\"hours\":{\"tue\":\"8h\"}}", 400, "bad_type", "hours.tue"},
			{"PUT", API "/settings", "{\"hours\":{\"someday\":60}}", 400, "unknown_field", "hours.someday"},
			{"PUT", API "/settings", "{\"hours\":480}", 400, "unknown_field", "hours"},
			{"PUT", API "/settings", "{\"currency\":\"gbp\"}", 400, "bad_value", "currency"},
			{"PUT", API "/settings", "{\"currency\":\"EURO\"}", 400, "bad_value", "currency"},
			{"PUT", API "/settings", "{\"currency\":\"GB\"}", 400, "bad_value", "currency"},
			{"PUT", API "/settings", "{\"currency\":null}", 400, "missing_value", "currency"},
			{"PUT", API "/settings", "{\"currency\":826}", 400, "bad_type", "currency"},
			{"PUT", API "/settings", "{\"workshop_name\":\"\"}", 400, "missing_value", "workshop_name"},
			{"PUT", API "/settings", "{\"workshop_name\":null}", 400, "missing_value", "workshop_name"},
			{"PUT", API "/settings", "{\"hourly_rate\":-1}", 400, "out_of_range", "hourly_rate"},
			{"PUT", API "/settings", "{\"hourly_rate\":12.5}", 400, "bad_type", "hourly_rate"},
			{"PUT", API "/settings", "{\"storage_capacity\":-1}", 400, "out_of_range", "storage_capacity"},
			{"PUT", API "/settings", "{\"id\":1}", 400, "unknown_field", "id"},
			{"PUT", API "/settings", "[]", 400, "bad_type", NULL},
			{"PUT", API "/settings", "{", 400, "bad_json", NULL},
			{"POST", API "/settings", "{}", 405, "method_not_allowed", NULL},
			{"PATCH", API "/settings", "{}", 405, "method_not_allowed", NULL},
		};

		expect_bad(cases, COUNT(cases), none);
	}
	again = get(API "/settings");
	cr_assert(json_equal(again, after), "a refused PUT changed settings");
	json_decref(again);
	json_decref(before);
	json_decref(after);
}

/* ---- pages, unknown ids, the HTTP edges -------------------------------- */

Test(records, paging)
{
	enum { N = 7, PAGE = 3 };
	long long ids[N];
	bool seen[N] = {false};
	char name[32];

	/* Made out of name order; listed by name. */
	for (int i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "Item %c", 'A' + (i * 3) % N);
		ids[i] = add_product("{\"name\":\"%s\"}", name);
	}
	for (int off = 0; off < N + PAGE; off += PAGE) {
		json_t *page = getf(API "/products?limit=%d&offset=%d", PAGE,
				    off);
		json_t *items = jget(page, "items");
		size_t want = off >= N ? 0 : (N - off < PAGE ? N - off : PAGE);

		cr_assert_eq(jint(page, "total"), N);
		cr_assert_eq(jint(page, "limit"), PAGE);
		cr_assert_eq(jint(page, "offset"), off);
		cr_assert_eq(json_array_size(items), want, "offset %d", off);
		for (size_t i = 0; i < json_array_size(items); i++) {
			json_t *it = json_array_get(items, i);

			snprintf(name, sizeof(name), "Item %c",
				 'A' + off + (int)i);
			cr_assert_str_eq(jstr(it, "name"), name);
			for (int k = 0; k < N; k++)
				if (ids[k] == jint(it, "id")) {
					cr_assert(!seen[k], "listed twice");
					seen[k] = true;
				}
		}
		json_decref(page);
	}
	for (int k = 0; k < N; k++)
		cr_assert(seen[k], "product %lld never listed", ids[k]);
	{
		json_t *all = get(API "/products?limit=1000&offset=0");

		cr_assert_eq(json_array_size(jget(all, "items")), N);
		json_decref(all);
	}
	{
		static const long long none[26];
		static const struct bad cases[] = {
			{"GET", API "/products?limit=0", NULL, 400, "out_of_range", "limit"},
			{"GET", API "/products?limit=1001", NULL, 400, "out_of_range", "limit"},
			{"GET", API "/products?limit=-1", NULL, 400, "out_of_range", "limit"},
			{"GET", API "/products?limit=ten", NULL, 400, "out_of_range", "limit"},
			{"GET", API "/products?limit=", NULL, 400, "out_of_range", "limit"},
			{"GET", API "/products?limit=2.5", NULL, 400, "out_of_range", "limit"},
			{"GET", API "/products?offset=-1", NULL, 400, "out_of_range", "offset"},
			{"GET", API "/products?offset=x", NULL, 400, "out_of_range", "offset"},
			{"GET", API "/products?offset=99999999999999999999", NULL, 400, "out_of_range", "offset"},
			{"GET", API "/products?limit=5&limit=6", NULL, 400, "duplicate_param", "limit"},
			{"GET", API "/products?colour=red", NULL, 400, "unknown_param", "colour"},
			{"GET", API "/customers?shoe_size=9", NULL, 400, "unknown_param", "shoe_size"},
			{"GET", API "/products?%zz=1", NULL, 400, "bad_query", NULL},
		};

		expect_bad(cases, COUNT(cases), none);
	}
}

Test(records, unknown_ids_are_404)
{
	static const char *const paths[] = {
		"products", "customers", "orders", "batches", "materials",
		"batch-materials", "time-entries", "sales",
	};
	long long id[26];

	seed_workshop(id);
	for (size_t i = 0; i < COUNT(paths); i++) {
		struct bad cases[] = {
			{"GET", NULL, NULL, 404, "not_found", NULL},
			{"PATCH", NULL, "{}", 404, "not_found", NULL},
			{"DELETE", NULL, NULL, 404, "not_found", NULL},
			/* Not an id at all: no such path. */
			{"GET", NULL, NULL, 404, "not_found", NULL},
			{"GET", NULL, NULL, 404, "not_found", NULL},
		};
		char *p0 = fmt(API "/%s/999999", paths[i]);
		char *p1 = fmt(API "/%s/0", paths[i]);
		char *p2 = fmt(API "/%s/abc", paths[i]);

		cases[0].path = cases[1].path = cases[2].path = p0;
		cases[3].path = p1;
		cases[4].path = p2;
		expect_bad(cases, COUNT(cases), id);
		free(p0);
		free(p1);
		free(p2);
	}
	{
		static const struct bad cases[] = {
			/* A valid body does not make an unknown id exist. */
			{"PATCH", API "/products/999999", "{\"price\":1}", 404, "not_found", NULL},
			{"PATCH", API "/batches/999999", "{\"made_qty\":1}", 404, "not_found", NULL},
			{"PATCH", API "/sales/999999", "{\"quantity\":1}", 404, "not_found", NULL},
			{"GET", API "/batches/999999/trace", NULL, 404, "not_found", NULL},
			{"GET", API "/trace?code=NOPE-20261125-1", NULL, 404, "not_found", "code"},
			{"GET", API "/products/{P}/extra", NULL, 404, "not_found", NULL},
		};

		expect_bad(cases, COUNT(cases), id);
	}
}

Test(records, http_edges_on_records)
{
	long long id[26];
	char *big = repeat('x', 2 * 1024 * 1024), *body;
	struct resp r;

	seed_workshop(id);
	{
		static const struct bad cases[] = {
			{"PUT", API "/products", "{}", 405, "method_not_allowed", NULL},
			{"PUT", API "/products/{P}", "{}", 405, "method_not_allowed", NULL},
			{"POST", API "/products/{P}", "{}", 405, "method_not_allowed", NULL},
			{"DELETE", API "/batches/{B}/materials", NULL, 405, "method_not_allowed", NULL},
			{"POST", API "/stock", "{}", 405, "method_not_allowed", NULL},
		};

		expect_bad(cases, COUNT(cases), id);
	}
	http(&server, "POST", API "/products", "text/plain",
	     "{\"name\":\"Tea\"}", &r);
	assert_error(&r, 415, "unsupported_media_type");
	resp_free(&r);
	http(&server, "PATCH", API "/products/1", NULL, "{\"price\":1}", &r);
	assert_error(&r, 415, "unsupported_media_type");
	resp_free(&r);
	body = fmt("{\"name\":\"Big\",\"x\":\"%s\"}", big);
	post_json(&server, API "/products", body, &r);
	assert_error(&r, 413, "too_large");
	resp_free(&r);
	free(body);
	free(big);
	/* None of these wrote anything. */
	{
		json_t *list = get(API "/products");

		cr_assert_eq(jint(list, "total"), 2);
		json_decref(list);
	}
}

/* ---- conflicts -------------------------------------------------------- */

/*
 * A sale refused for its batch or product names them in the message and
 * again in error.details.records ({resource, id, name}), name being the
 * very words of the message, so a page links them without parsing it.
 */
Test(records, sale_refusals_name_their_records_in_details)
{
	long long id[26];
	json_t *batch, *recs;
	const char *code;
	char *body, *want;
	struct resp r;

	seed_workshop(id);
	batch = getf(API "/batches/%lld", id['B' - 'A']);
	code = jstr(batch, "code");

	/* 10 made, 2 sold: 9 more is too many. */
	body = fmt("{\"batch_id\":%lld,\"quantity\":9}", id['B' - 'A']);
	http_json(&server, "POST", API "/sales", body, &r);
	assert_field_error(&r, 409, "not_enough_stock", "quantity");
	recs = jget(r.json, "error.details.records");
	cr_assert(json_is_array(recs) && json_array_size(recs) == 1, "%s",
		  r.body);
	cr_assert_str_eq(jstr(recs, "0.resource"), "batches");
	cr_assert_eq(jint(recs, "0.id"), id['B' - 'A']);
	cr_assert_str_eq(jstr(recs, "0.name"), code);
	cr_assert(strstr(jstr(r.json, "error.message"), code));
	resp_free(&r);
	free(body);

	/* The batch is of P, the sale says Q: all three named. */
	body = fmt("{\"batch_id\":%lld,\"product_id\":%lld,\"quantity\":1}",
		   id['B' - 'A'], id['Q' - 'A']);
	http_json(&server, "POST", API "/sales", body, &r);
	assert_field_error(&r, 400, "wrong_product", "batch_id");
	recs = jget(r.json, "error.details.records");
	cr_assert(json_is_array(recs) && json_array_size(recs) == 3, "%s",
		  r.body);
	cr_assert_str_eq(jstr(recs, "0.resource"), "batches");
	cr_assert_str_eq(jstr(recs, "0.name"), code);
	for (int i = 1; i < 3; i++) {
		long long p = id[(i == 1 ? 'P' : 'Q') - 'A'];
		char res[16], rid[16], name[16];

		snprintf(res, sizeof(res), "%d.resource", i);
		snprintf(rid, sizeof(rid), "%d.id", i);
		snprintf(name, sizeof(name), "%d.name", i);
		cr_assert_str_eq(jstr(recs, res), "products");
		cr_assert_eq(jint(recs, rid), p);
		want = fmt("product %lld", p);
		cr_assert_str_eq(jstr(recs, name), want);
		cr_assert(strstr(jstr(r.json, "error.message"), want), "%s",
			  r.body);
		free(want);
	}
	resp_free(&r);
	free(body);
	/* Nothing was written. */
	json_decref(batch);
	batch = getf(API "/sales?batch_id=%lld", id['B' - 'A']);
	cr_assert_eq(jint(batch, "total"), 1);
	json_decref(batch);
}

Test(records, deleting_what_is_used_is_409)
{
	/* Each reference field: the row it points at, and who points. */
	static const struct {
		const char *target, *referrer, *ref_body, *singular, *plural;
	} refs[] = {
		{"customers", "orders",
		 "{\"customer_id\":{X},\"title\":\"Box\"}", "order", "orders"},
		{"products", "orders",
		 "{\"customer_id\":{C},\"product_id\":{X},\"title\":\"Box\"}",
		 "order", "orders"},
		{"products", "batches",
		 "{\"product_id\":{X},\"run_date\":\"2026-11-25\"}", "batch",
		 "batches"},
		{"products", "sales", "{\"product_id\":{X},\"quantity\":1}",
		 "sale", "sales"},
		/* From the seeded batch: P is made in batches, and a sale
		 * of it with no batch named would be allocated (sell.c). */
		{"customers", "sales",
		 "{\"batch_id\":{B},\"customer_id\":{X},\"quantity\":1}",
		 "sale", "sales"},
		{"orders", "sales",
		 "{\"product_id\":{P},\"order_id\":{X},\"quantity\":1}", "sale",
		 "sales"},
		{"batches", "sales", "{\"batch_id\":{X},\"quantity\":1}",
		 "sale", "sales"},
		/* Not a batch's material uses: a batch deleted puts them
		 * back and deletes them (consume.c). */
		{"materials", "batch-materials",
		 "{\"batch_id\":{B},\"material_id\":{X},\"quantity\":1}",
		 "material use", "material uses"},
		{"orders", "time-entries", "{\"order_id\":{X},\"minutes\":5}",
		 "time entry", "time entries"},
		{"batches", "time-entries", "{\"batch_id\":{X},\"minutes\":5}",
		 "time entry", "time entries"},
	};
	long long id[26];

	seed_workshop(id);
	for (size_t i = 0; i < COUNT(refs); i++) {
		char *target_body, *ref_body, *path, *ref_path, *words[2];
		long long target, ref[2];
		struct resp r;

		/* A fresh target of the right kind (customers, products and
		 * materials need only a name). */
		if (!strcmp(refs[i].target, "orders"))
			target_body = fmt("{\"customer_id\":%lld,\"title\":"
					  "\"Ref %zu\"}",
					  id['C' - 'A'], i);
		else if (!strcmp(refs[i].target, "batches"))
			target_body = fmt("{\"product_id\":%lld,\"run_date\":"
					  "\"2026-10-01\",\"made_qty\":5}",
					  id['P' - 'A']);
		else
			target_body = fmt("{\"name\":\"Ref %zu\"}", i);
		target = add_record(refs[i].target, "%s", target_body);
		id['X' - 'A'] = target;
		ref_body = expand_ids(refs[i].ref_body, id);
		ref_path = fmt(API "/%s", refs[i].referrer);
		ref[0] = add_record(refs[i].referrer, "%s", ref_body);

		/* One user: named in the singular, with the count. */
		path = fmt(API "/%s/%lld", refs[i].target, target);
		http(&server, "DELETE", path, NULL, NULL, &r);
		assert_field_error(&r, 409, "in_use", NULL);
		words[0] = fmt("1 %s", refs[i].singular);
		cr_assert(strstr(jstr(r.json, "error.message"), words[0]),
			  "%s: '%s' does not say %s", path,
			  jstr(r.json, "error.message"), words[0]);
		resp_free(&r);
		/* Two: the count and the plural. */
		ref[1] = add_record(refs[i].referrer, "%s", ref_body);
		http(&server, "DELETE", path, NULL, NULL, &r);
		assert_field_error(&r, 409, "in_use", NULL);
		words[1] = fmt("2 %s", refs[i].plural);
		cr_assert(strstr(jstr(r.json, "error.message"), words[1]),
			  "%s: '%s' does not say %s", path,
			  jstr(r.json, "error.message"), words[1]);
		/* The same in data: which records, by resource, field and id,
		 * so a page links to them without reading the sentence. */
		{
			json_t *used = jget(r.json, "error.details.used_by");
			char *ref_field;

			cr_assert(json_is_array(used) &&
					  json_array_size(used) == 1,
				  "%s: no details.used_by: %s", path, r.body);
			cr_assert_str_eq(jstr(used, "0.resource"),
					 refs[i].referrer);
			ref_field = fmt("\"%s\":{X}", jstr(used, "0.field"));
			cr_assert(strstr(refs[i].ref_body, ref_field),
				  "%s: field %s", path, jstr(used, "0.field"));
			free(ref_field);
			cr_assert_eq(jint(used, "0.count"), 2);
			cr_assert_eq(json_array_size(jget(used, "0.ids")), 2);
			cr_assert_eq(jint(used, "0.ids.0"), ref[0]);
			cr_assert_eq(jint(used, "0.ids.1"), ref[1]);
		}
		resp_free(&r);
		/* Still there; gone once its users are. */
		json_decref(get(path));
		for (int k = 0; k < 2; k++) {
			char *rp = fmt("%s/%lld", ref_path, ref[k]);

			json_decref(call("DELETE", rp, NULL, 204));
			free(rp);
		}
		json_decref(call("DELETE", path, NULL, 204));
		free(words[0]);
		free(words[1]);
		free(path);
		free(ref_path);
		free(ref_body);
		free(target_body);
	}
}

Test(records, stock_limits_sales_and_batches)
{
	long long p, b, sale;
	char *bp, *sp, *body;
	json_t *j;
	struct resp r;
	const long long made = 12, rejected = 2;

	p = add_product("{\"name\":\"Lavender soap\"}");
	b = add_batch("{\"product_id\":%lld,\"run_date\":\"2026-11-02\","
		      "\"made_qty\":%lld,\"rejected_qty\":%lld}",
		      p, made, rejected);
	bp = fmt(API "/batches/%lld", b);

	/* Sell all but one, in two sales. */
	sale = add_sale("{\"batch_id\":%lld,\"quantity\":%lld}", b,
			made - rejected - 4);
	add_sale("{\"batch_id\":%lld,\"quantity\":3}", b);
	j = get(bp);
	cr_assert_eq(jint(j, "sold_qty"), made - rejected - 1);
	cr_assert_eq(jint(j, "available_qty"), 1);
	json_decref(j);

	/* One more than is left. */
	body = fmt("{\"batch_id\":%lld,\"quantity\":2}", b);
	post_json(&server, API "/sales", body, &r);
	assert_field_error(&r, 409, "not_enough_stock", "quantity");
	cr_assert(strstr(jstr(r.json, "error.message"), "only 1 left"), "%s",
		  r.body);
	resp_free(&r);
	free(body);
	/* Growing a sale by more than is left. */
	sp = fmt(API "/sales/%lld", sale);
	body = fmt("{\"quantity\":%lld}", made - rejected - 4 + 2);
	http_json(&server, "PATCH", sp, body, &r);
	assert_field_error(&r, 409, "not_enough_stock", "quantity");
	resp_free(&r);
	free(body);
	/* Exactly what is left is fine. */
	add_sale("{\"batch_id\":%lld,\"quantity\":1}", b);
	j = get(bp);
	cr_assert_eq(jint(j, "available_qty"), 0);
	json_decref(j);

	/* made - rejected may not fall below what is sold. */
	body = fmt("{\"made_qty\":%lld}", made - 1);
	http_json(&server, "PATCH", bp, body, &r);
	assert_field_error(&r, 409, "below_sold", "made_qty");
	cr_assert(strstr(jstr(r.json, "error.message"), "10 of this batch"),
		  "%s", r.body);
	resp_free(&r);
	free(body);
	body = fmt("{\"rejected_qty\":%lld}", rejected + 1);
	http_json(&server, "PATCH", bp, body, &r);
	assert_field_error(&r, 409, "below_sold", "made_qty");
	resp_free(&r);
	free(body);
	/* Both together, keeping the difference, are fine. */
	body = fmt("{\"made_qty\":%lld,\"rejected_qty\":%lld}", made + 3,
		   rejected + 3);
	j = call("PATCH", bp, body, 200);
	cr_assert_eq(jint(j, "available_qty"), 0);
	json_decref(j);
	free(body);
	/* Deleting a sale frees its stock. */
	json_decref(call("DELETE", sp, NULL, 204));
	j = get(bp);
	cr_assert_eq(jint(j, "available_qty"), made - rejected - 4);
	json_decref(j);
	free(sp);
	free(bp);
}

Test(records, one_running_timer_per_worker)
{
	long long id[26], running, other;
	char *path, *body, *end, when[21];
	struct resp r;
	json_t *j;

	seed_workshop(id);
	running = add_entry("{\"order_id\":%lld,\"worker\":\"sam\"}",
			    id['O' - 'A']);
	/* A second running entry for sam, by direct POST. */
	body = fmt("{\"batch_id\":%lld,\"worker\":\"sam\"}", id['B' - 'A']);
	post_json(&server, API "/time-entries", body, &r);
	assert_field_error(&r, 409, "timer_running", "worker");
	resp_free(&r);
	/* Time entered by hand is not a timer; another worker may run one. */
	add_entry("{\"batch_id\":%lld,\"worker\":\"sam\",\"minutes\":20}",
		  id['B' - 'A']);
	other = add_entry("{\"batch_id\":%lld,\"worker\":\"kit\"}",
			  id['B' - 'A']);
	/* A running entry may be edited without clashing with itself. */
	path = fmt(API "/time-entries/%lld", running);
	j = call("PATCH", path, "{\"note\":\"sanding\"}", 200);
	cr_assert(json_is_null(jget(j, "ended_at")));
	json_decref(j);
	/* Reopening kit's entry under sam's name clashes. */
	free(path);
	path = fmt(API "/time-entries/%lld", other);
	http_json(&server, "PATCH", path, "{\"worker\":\"sam\"}", &r);
	assert_field_error(&r, 409, "timer_running", "worker");
	resp_free(&r);
	/* Once sam's stops, the second may start. */
	free(path);
	path = fmt(API "/time-entries/%lld", running);
	instant_text(time(NULL) + 3600, when);
	end = fmt("{\"ended_at\":\"%s\"}", when);
	json_decref(call("PATCH", path, end, 200));
	free(end);
	add_entry("%s", body);
	free(body);
	free(path);
}

/*
 * "The clock decides the minutes unless they are given" (lib/rules.c):
 * correcting when an entry started or ended, without giving minutes,
 * gives the minutes of the new span; minutes given are kept.
 */
Test(records, correcting_an_entry_s_clock_recomputes_its_minutes)
{
	long long id[26], e;
	char *path;
	json_t *j;

	seed_workshop(id);
	e = add_entry("{\"order_id\":%lld,\"worker\":\"sam\",\"started_at\":"
		      "\"2026-11-21T09:00:00Z\",\"minutes\":30}",
		      id['O' - 'A']);
	path = fmt(API "/time-entries/%lld", e);
	j = call("PATCH", path, "{\"ended_at\":\"2026-11-21T10:00:00Z\"}", 200);
	cr_expect_eq(jint(j, "minutes"),
		     (instant("2026-11-21T10:00:00Z") -
		      instant("2026-11-21T09:00:00Z") + 30) /
			     60,
		     "a new end kept the old minutes: %lld",
		     jint(j, "minutes"));
	json_decref(j);
	j = call("PATCH", path, "{\"started_at\":\"2026-11-21T08:00:00Z\"}",
		 200);
	cr_expect_eq(jint(j, "minutes"),
		     (instant(jstr(j, "ended_at")) -
		      instant("2026-11-21T08:00:00Z") + 30) /
			     60,
		     "a new start kept the old minutes: %lld",
		     jint(j, "minutes"));
	json_decref(j);
	/* Minutes given win (a break inside the span). */
	j = call("PATCH", path,
		 "{\"ended_at\":\"2026-11-21T11:00:00Z\",\"minutes\":150}", 200);
	cr_expect_eq(jint(j, "minutes"), 150);
	json_decref(j);
	j = call("PATCH", path, "{\"note\":\"lunch off\"}", 200);
	cr_expect_eq(jint(j, "minutes"), 150);
	json_decref(j);
	free(path);
}

/* A sale from a batch cannot be dated before the batch was made: refused
 * with a message naming both dates, on create and on edit, and nothing is
 * written. */
Test(records, a_sale_cannot_come_before_its_batch)
{
	long long product = add_product("{\"name\": \"Rye\", \"price\": 400}");
	long long batch = add_batch("{\"product_id\": %lld, \"run_date\": "
				    "\"2026-11-20\", \"made_qty\": 10}",
				    product);
	char *body = NULL, *path = NULL;
	json_t *sale, *e;
	long long id;

	cr_assert_gt(asprintf(&body, "{\"batch_id\": %lld, \"quantity\": 1, "
				     "\"sold_on\": \"2026-11-19\"}",
			      batch),
		     0);
	e = call("POST", API "/sales", body, 400);
	cr_assert_str_eq(jstr(e, "error.code"), "sold_before_made");
	cr_assert_str_eq(jstr(e, "error.field"), "sold_on");
	cr_assert(strstr(jstr(e, "error.message"), "2026-11-20") &&
			  strstr(jstr(e, "error.message"), "2026-11-19"),
		  "%s", jstr(e, "error.message"));
	json_decref(e);
	free(body);
	/* The day it was made is fine, and moving the sale earlier is not. */
	cr_assert_gt(asprintf(&body, "{\"batch_id\": %lld, \"quantity\": 1, "
				     "\"sold_on\": \"2026-11-20\"}",
			      batch),
		     0);
	sale = call("POST", API "/sales", body, 201);
	id = jint(sale, "id");
	json_decref(sale);
	cr_assert_gt(asprintf(&path, API "/sales/%lld", id), 0);
	e = call("PATCH", path, "{\"sold_on\": \"2026-01-01\"}", 400);
	cr_assert_str_eq(jstr(e, "error.code"), "sold_before_made");
	json_decref(e);
	sale = call("GET", path, NULL, 200);
	cr_assert_str_eq(jstr(sale, "sold_on"), "2026-11-20");
	json_decref(sale);
	e = call("GET", API "/sales", NULL, 200);
	cr_assert_eq(jint(e, "total"), 1);
	json_decref(e);
	free(body);
	free(path);
}
