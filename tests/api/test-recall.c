/*
 * test-recall.c - the flows that span resources, end to end over HTTP:
 * recall (supplier lot -> batches -> sales -> customers), the timer, and
 * the stock arithmetic. A small model of the workshop lives in each test;
 * every expected answer is computed from it.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

API_SUITE(recall);

/* ---- recall ------------------------------------------------------------ */

enum { FLOUR, SALT, NMAT };
enum { ANN, BEN, CAT, DAN, EVE, NCUST };

static const char *const material_names[NMAT] = {"Strong white flour",
						 "Sea salt"};
static const char *const customer_names[NCUST] = {"Ann", "Ben", "Cat", "Dan",
						  "Eve"};
static const struct {
	const char *name;
	int shelf_life;
} products[] = {{"Sourdough loaf", 4}, {"Seeded rye", 5}};
static const struct {
	int product, made, rejected;
	const char *run_date;
} batches[] = {
	{0, 20, 2, "2026-11-25"}, /* two runs of the same flour lot */
	{0, 12, 0, "2026-11-25"},
	{1, 15, 1, "2026-11-26"}, /* another lot */
};
/* A lot with a space and a slash, to go through a query string. */
static const struct {
	int batch, material, quantity;
	const char *lot;
} uses[] = {
	{0, FLOUR, 4000, "F-2291"}, {0, SALT, 80, "S 17/b"},
	{1, FLOUR, 2500, "F-2291"}, {2, FLOUR, 3000, "F-2304"},
	{2, SALT, 60, "S 17/b"},    {1, FLOUR, 500, "F-2291"},
};
/* customer -1: a walk-in sale, in the sales but no one to call. */
static const struct {
	int batch, customer, quantity;
	const char *sold_on;
} sales[] = {
	{0, ANN, 3, "2026-11-25"}, {0, BEN, 2, "2026-11-25"},
	{0, ANN, 1, "2026-11-27"}, {0, -1, 1, "2026-11-26"},
	{1, CAT, 4, "2026-11-26"}, {1, ANN, 2, "2026-11-26"},
	{2, DAN, 5, "2026-11-27"}, {2, BEN, 1, "2026-11-27"},
	{2, DAN, 2, "2026-11-28"},
};

struct shop {
	long long material[NMAT], customer[NCUST], product[COUNT(products)];
	long long batch[COUNT(batches)], use[COUNT(uses)], sale[COUNT(sales)];
	char code[COUNT(batches)][64];
};

static void build_shop(struct shop *w)
{
	for (int m = 0; m < NMAT; m++)
		w->material[m] =
			add_material("{\"name\":\"%s\",\"on_hand\":50000}",
				     material_names[m]);
	for (int c = 0; c < NCUST; c++)
		w->customer[c] =
			add_customer("{\"name\":\"%s\",\"email\":"
				     "\"%s@example.com\"}",
				     customer_names[c], customer_names[c]);
	for (size_t p = 0; p < COUNT(products); p++)
		w->product[p] =
			add_product("{\"name\":\"%s\",\"shelf_life_days\":"
				    "%d}",
				    products[p].name, products[p].shelf_life);
	for (size_t b = 0; b < COUNT(batches); b++) {
		json_t *j;
		char *body = fmt("{\"product_id\":%lld,\"run_date\":\"%s\","
				 "\"made_qty\":%d,\"rejected_qty\":%d,"
				 "\"status\":\"done\"}",
				 w->product[batches[b].product],
				 batches[b].run_date, batches[b].made,
				 batches[b].rejected);

		j = call("POST", API "/batches", body, 201);
		w->batch[b] = jint(j, "id");
		snprintf(w->code[b], sizeof(w->code[b]), "%s", jstr(j, "code"));
		json_decref(j);
		free(body);
	}
	for (size_t u = 0; u < COUNT(uses); u++)
		w->use[u] = add_use(w->batch[uses[u].batch],
				    w->material[uses[u].material],
				    uses[u].quantity, uses[u].lot);
	for (size_t k = 0; k < COUNT(sales); k++) {
		char cust[32] = "null";

		if (sales[k].customer >= 0)
			snprintf(cust, sizeof(cust), "%lld",
				 w->customer[sales[k].customer]);
		w->sale[k] = add_sale("{\"batch_id\":%lld,\"customer_id\":%s,"
				      "\"quantity\":%d,\"price\":450,"
				      "\"sold_on\":\"%s\"}",
				      w->batch[sales[k].batch], cust,
				      sales[k].quantity, sales[k].sold_on);
	}
}

/*
 * The customers array of a trace holds exactly those with a non-zero
 * want[c], each once, with that quantity, their name and email.
 */
static void assert_customers(const json_t *list, const struct shop *w,
			     const int want[NCUST])
{
	size_t n = 0;

	for (int c = 0; c < NCUST; c++)
		n += want[c] > 0;
	cr_assert_eq(json_array_size(list), n, "%zu customers, not %zu",
		     json_array_size(list), n);
	for (int c = 0; c < NCUST; c++) {
		json_t *found = NULL;

		for (size_t i = 0; i < json_array_size(list); i++) {
			json_t *it = json_array_get(list, i);

			if (jint(it, "customer_id") == w->customer[c]) {
				cr_assert_null(found, "%s listed twice",
					       customer_names[c]);
				found = it;
			}
		}
		if (!want[c]) {
			cr_assert_null(found, "%s is not to be called",
				       customer_names[c]);
			continue;
		}
		cr_assert_not_null(found, "%s is missing", customer_names[c]);
		cr_assert_eq(jint(found, "quantity"), want[c], "%s: %lld, not %d",
			     customer_names[c], jint(found, "quantity"),
			     want[c]);
		cr_assert_str_eq(jstr(found, "name"), customer_names[c]);
		{
			char *email = fmt("%s@example.com", customer_names[c]);

			cr_assert_str_eq(jstr(found, "email"), email);
			free(email);
		}
	}
}

/* One batch's recall record against the model. */
static void assert_batch_trace(const json_t *t, const struct shop *w,
			       size_t b)
{
	int want[NCUST] = {0}, sold = 0;
	size_t nuse = 0, nsale = 0;
	json_t *mats = jget(t, "materials"), *sl = jget(t, "sales");

	cr_assert_eq(jint(t, "batch.id"), w->batch[b]);
	cr_assert_str_eq(jstr(t, "batch.code"), w->code[b]);
	cr_assert_eq(jint(t, "product.id"), w->product[batches[b].product]);
	cr_assert_str_eq(jstr(t, "product.name"),
			 products[batches[b].product].name);

	/* The lots it used, in the order they were booked. */
	for (size_t u = 0; u < COUNT(uses); u++) {
		json_t *m;

		if ((size_t)uses[u].batch != b)
			continue;
		m = json_array_get(mats, nuse++);
		cr_assert_not_null(m, "material use %zu missing", u);
		cr_assert_eq(jint(m, "material_id"),
			     w->material[uses[u].material]);
		cr_assert_str_eq(jstr(m, "material_name"),
				 material_names[uses[u].material]);
		cr_assert_eq(jint(m, "quantity"), uses[u].quantity);
		cr_assert_str_eq(jstr(m, "lot"), uses[u].lot);
	}
	cr_assert_eq(json_array_size(mats), nuse);

	/* Every sale, walk-ins too; customers once each, summed. */
	for (size_t k = 0; k < COUNT(sales); k++) {
		bool found = false;

		if ((size_t)sales[k].batch != b)
			continue;
		nsale++;
		sold += sales[k].quantity;
		if (sales[k].customer >= 0)
			want[sales[k].customer] += sales[k].quantity;
		for (size_t i = 0; i < json_array_size(sl); i++) {
			json_t *it = json_array_get(sl, i);

			if (jint(it, "sale_id") != w->sale[k])
				continue;
			found = true;
			cr_assert_eq(jint(it, "quantity"), sales[k].quantity);
			cr_assert_str_eq(jstr(it, "sold_on"), sales[k].sold_on);
			if (sales[k].customer < 0)
				cr_assert(json_is_null(jget(it, "customer_id")));
			else
				cr_assert_eq(jint(it, "customer_id"),
					     w->customer[sales[k].customer]);
		}
		cr_assert(found, "sale %zu is missing from the trace", k);
	}
	cr_assert_eq(json_array_size(sl), nsale);
	cr_assert_eq(jint(t, "batch.sold_qty"), sold);
	cr_assert_eq(jint(t, "batch.available_qty"),
		     batches[b].made - batches[b].rejected - sold);
	assert_customers(jget(t, "customers"), w, want);
}

/* A lot's recall: the batches that used it and everyone who got them. */
static void assert_lot_trace(const struct shop *w, const char *lot,
			     const char *escaped)
{
	bool used[COUNT(batches)] = {false};
	int want[NCUST] = {0};
	size_t nb = 0, seen = 0;
	json_t *t = getf(API "/trace?lot=%s", escaped), *bl;

	for (size_t u = 0; u < COUNT(uses); u++)
		if (!strcmp(uses[u].lot, lot))
			used[uses[u].batch] = true;
	for (size_t k = 0; k < COUNT(sales); k++)
		if (used[sales[k].batch] && sales[k].customer >= 0)
			want[sales[k].customer] += sales[k].quantity;
	for (size_t b = 0; b < COUNT(batches); b++)
		nb += used[b];

	cr_assert_str_eq(jstr(t, "lot"), lot);
	bl = jget(t, "batches");
	cr_assert_eq(json_array_size(bl), nb, "lot %s: %zu batches, not %zu",
		     lot, json_array_size(bl), nb);
	for (size_t b = 0; b < COUNT(batches); b++) {
		if (!used[b])
			continue;
		for (size_t i = 0; i < json_array_size(bl); i++)
			if (jint(json_array_get(bl, i), "batch.id") ==
			    w->batch[b]) {
				assert_batch_trace(json_array_get(bl, i), w, b);
				seen++;
			}
	}
	cr_assert_eq(seen, nb, "lot %s: a batch is listed twice or not at all",
		     lot);
	assert_customers(jget(t, "customers"), w, want);
	json_decref(t);
}

Test(recall, from_lot_to_batches_to_customers)
{
	struct shop w;

	build_shop(&w);
	/* By batch id, and by its code: the same record. */
	for (size_t b = 0; b < COUNT(batches); b++) {
		json_t *t = getf(API "/batches/%lld/trace", w.batch[b]);
		json_t *by_code = getf(API "/trace?code=%s", w.code[b]);

		assert_batch_trace(t, &w, b);
		cr_assert(json_equal(t, by_code), "?code=%s differs",
			  w.code[b]);
		json_decref(t);
		json_decref(by_code);
	}
	/* By supplier lot, across batches and products. */
	assert_lot_trace(&w, "F-2291", "F-2291");
	assert_lot_trace(&w, "F-2304", "F-2304");
	assert_lot_trace(&w, "S 17/b", "S+17%2Fb");
	assert_lot_trace(&w, "S 17/b", "S%2017%2fb");
	/* A lot nobody used recalls nothing. */
	{
		json_t *t = getf(API "/trace?lot=F-9999");

		cr_assert_eq(json_array_size(jget(t, "batches")), 0);
		cr_assert_eq(json_array_size(jget(t, "customers")), 0);
		json_decref(t);
	}
	/* A later sale shows up in the next recall. */
	{
		char *body = fmt("{\"batch_id\":%lld,\"customer_id\":%lld,"
				 "\"quantity\":1}",
				 w.batch[1], w.customer[EVE]);
		json_t *t;

		json_decref(call("POST", API "/sales", body, 201));
		free(body);
		t = getf(API "/trace?lot=F-2291");
		{
			bool found = false;

			for (size_t i = 0;
			     i < json_array_size(jget(t, "customers")); i++)
				if (jint(json_array_get(jget(t, "customers"),
							i),
					 "customer_id") == w.customer[EVE]) {
					found = true;
					cr_assert_eq(
						jint(json_array_get(
							     jget(t, "customers"),
							     i),
						     "quantity"),
						1);
				}
			cr_assert(found, "Eve's sale is not in the recall");
		}
		json_decref(t);
	}
	{
		struct resp r;

		http(&server, "GET", API "/trace", NULL, NULL, &r);
		assert_error(&r, 400, "bad_query");
		resp_free(&r);
		http(&server, "GET", API "/trace?lot=F-2291&code=X", NULL, NULL,
		     &r);
		assert_error(&r, 400, "bad_query");
		resp_free(&r);
		http(&server, "GET", API "/trace?lot=F-2291&limit=5", NULL,
		     NULL, &r);
		assert_field_error(&r, 400, "unknown_param", "limit");
		resp_free(&r);
		http(&server, "GET", API "/trace?code=NOPE-20261125-1", NULL,
		     NULL, &r);
		assert_field_error(&r, 404, "not_found", "code");
		resp_free(&r);
		http(&server, "GET", API "/batches/999999/trace", NULL, NULL,
		     &r);
		assert_error(&r, 404, "not_found");
		resp_free(&r);
	}
}

/* Whether the array at path in j holds the string want. */
static bool holds(const json_t *j, const char *path, const char *want)
{
	const json_t *a = jget(j, path);

	for (size_t i = 0; i < json_array_size(a); i++)
		if (!strcmp(json_string_value(json_array_get(a, i)), want))
			return true;
	return false;
}

Test(recall, a_lot_matches_whatever_its_case_and_spacing)
{
	/* As a query string carries them: lower case, spaces, none. */
	static const char *const asked[] = {"vm-2211-b", "+vm+2211+b+",
					    "%20vm%202211%20b%20", "VM2211B",
					    "vm_2211_b"};
	struct shop w;
	json_t *exact, *t;
	struct resp r;

	build_shop(&w);
	/* The supplier's lot as it was typed on two batches. */
	add_use(w.batch[0], w.material[SALT], 10, "VM-2211-B");
	add_use(w.batch[2], w.material[SALT], 10, "VM-2211-B");
	exact = get(API "/trace?lot=VM-2211-B");
	cr_assert_eq(json_array_size(jget(exact, "batches")), 2);
	for (size_t i = 0; i < COUNT(asked); i++) {
		t = getf(API "/trace?lot=%s", asked[i]);
		cr_assert(json_equal(jget(t, "batches"), jget(exact, "batches")),
			  "?lot=%s: other batches", asked[i]);
		cr_assert(json_equal(jget(t, "customers"),
				     jget(exact, "customers")),
			  "?lot=%s: other customers", asked[i]);
		cr_assert(holds(t, "lots", "VM-2211-B"));
		cr_assert_eq(json_array_size(jget(t, "suggestions")), 0);
		json_decref(t);
	}
	/* The batches' own traces are the ones by id. */
	for (size_t i = 0; i < 2; i++) {
		json_t *one = json_array_get(jget(exact, "batches"), i);

		t = getf(API "/batches/%lld/trace", w.batch[i ? 2 : 0]);
		cr_assert(json_equal(one, t), "batch %zu differs", i);
		json_decref(t);
	}
	json_decref(exact);

	/* A near miss finds nothing and says what it might be. */
	t = get(API "/trace?lot=VM-2211-C");
	cr_assert_eq(json_array_size(jget(t, "batches")), 0);
	cr_assert_eq(json_array_size(jget(t, "customers")), 0);
	cr_assert(holds(t, "suggestions", "VM-2211-B"));
	cr_assert(json_array_size(jget(t, "suggestions")) <= 5);
	json_decref(t);
	/* A batch code too, in lower case and with spaces. */
	{
		char *lower = strdup(w.code[1]);

		for (char *p = lower; *p; p++)
			*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a'
							   : *p == '-' ? '+'
								       : *p);
		exact = getf(API "/trace?code=%s", w.code[1]);
		t = getf(API "/trace?code=%s", lower);
		cr_assert(json_equal(t, exact), "?code=%s differs", lower);
		json_decref(t);
		json_decref(exact);
		lower[strlen(lower) - 1] = '9';
		{
		char *path = fmt(API "/trace?code=%s", lower);

		http(&server, "GET", path, NULL, NULL, &r);
		free(path);
		}
		assert_field_error(&r, 404, "not_found", "code");
		cr_assert(strstr(r.body, "did you mean"), "%s", r.body);
		resp_free(&r);
		free(lower);
	}
	/* The picker's list: each lot once, by its start in any case. */
	t = get(API "/lots?q=vm");
	cr_assert_eq(jint(t, "total"), 1);
	cr_assert_str_eq(jstr(json_array_get(jget(t, "items"), 0), "lot"),
			 "VM-2211-B");
	cr_assert_eq(jint(json_array_get(jget(t, "items"), 0), "batches"), 2);
	json_decref(t);
	t = get(API "/lots?limit=2&offset=1");
	/* F-2291, F-2304, S 17/b, VM-2211-B */
	cr_assert_eq(jint(t, "total"), 4);
	cr_assert_eq(jint(t, "limit"), 2);
	cr_assert_eq(json_array_size(jget(t, "items")), 2);
	cr_assert_str_eq(jstr(json_array_get(jget(t, "items"), 0), "lot"),
			 "F-2304");
	json_decref(t);
	http(&server, "GET", API "/lots?lot=vm", NULL, NULL, &r);
	assert_field_error(&r, 400, "unknown_param", "lot");
	resp_free(&r);
	http(&server, "GET", API "/lots?limit=0", NULL, NULL, &r);
	assert_field_error(&r, 400, "out_of_range", "limit");
	resp_free(&r);
}

/* ---- the timer --------------------------------------------------------- */

/* Minutes the clock gives an entry: its span, rounded to the nearest. */
static long long clock_minutes(const json_t *e)
{
	return (instant(jstr(e, "ended_at")) - instant(jstr(e, "started_at")) +
		30) /
	       60;
}

Test(recall, timer_on_an_order_then_a_batch)
{
	long long cust, prod, order, batch, first, second, bobs;
	long long order_minutes = 0, batch_minutes = 0;
	char *body;
	time_t t0, t1;
	json_t *j, *run;
	struct resp r;

	cust = add_customer("{\"name\":\"Mo\"}");
	prod = add_product("{\"name\":\"Bench\"}");
	order = add_order("{\"customer_id\":%lld,\"product_id\":%lld,\"title\":"
			  "\"Hall bench\",\"estimated_minutes\":600}",
			  cust, prod);
	batch = add_batch("{\"product_id\":%lld,\"run_date\":\"2026-11-25\"}",
			  prod);

	/* Start on the order: nothing was running. */
	body = fmt("{\"worker\":\"ann\",\"order_id\":%lld,\"note\":\"legs\"}",
		   order);
	t0 = time(NULL);
	j = call("POST", API "/timer/start", body, 201);
	t1 = time(NULL);
	free(body);
	cr_assert(json_is_null(jget(j, "stopped")));
	first = jint(j, "started.id");
	cr_assert_eq(jint(j, "started.order_id"), order);
	cr_assert(json_is_null(jget(j, "started.batch_id")));
	cr_assert_str_eq(jstr(j, "started.worker"), "ann");
	cr_assert_str_eq(jstr(j, "started.note"), "legs");
	cr_assert(json_is_null(jget(j, "started.ended_at")));
	cr_assert(json_is_null(jget(j, "started.minutes")));
	cr_assert_geq(instant(jstr(j, "started.started_at")), t0);
	cr_assert_leq(instant(jstr(j, "started.started_at")), t1);
	json_decref(j);

	/* It shows as running, for ann and for everyone. */
	run = getf(API "/timer?worker=ann");
	cr_assert_eq(json_array_size(jget(run, "running")), 1);
	cr_assert_eq(jint(run, "running.0.id"), first);
	cr_assert_eq(jint(run, "running.0.order_id"), order);
	cr_assert_str_eq(jstr(run, "running.0.order_title"), "Hall bench");
	cr_assert_geq(jint(run, "running.0.elapsed_minutes"), 0);
	json_decref(run);
	run = getf(API "/timer?worker=bob");
	cr_assert_eq(json_array_size(jget(run, "running")), 0);
	json_decref(run);

	/* A second running entry for ann, by direct POST, is refused. */
	body = fmt("{\"worker\":\"ann\",\"batch_id\":%lld}", batch);
	http_json(&server, "POST", API "/time-entries", body, &r);
	assert_field_error(&r, 409, "timer_running", "worker");
	resp_free(&r);

	/* Starting on the batch stops the order's timer first. */
	j = call("POST", API "/timer/start", body, 201);
	free(body);
	second = jint(j, "started.id");
	cr_assert_neq(second, first);
	cr_assert_eq(jint(j, "started.batch_id"), batch);
	cr_assert(json_is_null(jget(j, "started.order_id")));
	cr_assert_eq(jint(j, "stopped.id"), first);
	cr_assert_eq(jint(j, "stopped.order_id"), order);
	cr_assert(json_is_string(jget(j, "stopped.ended_at")));
	cr_assert_geq(instant(jstr(j, "stopped.ended_at")),
		      instant(jstr(j, "stopped.started_at")));
	cr_assert_eq(jint(j, "stopped.minutes"), clock_minutes(jget(j, "stopped")));
	/* The new one starts when the old one ends. */
	cr_assert_str_eq(jstr(j, "started.started_at"),
			 jstr(j, "stopped.ended_at"));
	order_minutes += jint(j, "stopped.minutes");
	json_decref(j);

	/* bob runs his own timer alongside. */
	body = fmt("{\"worker\":\"bob\",\"order_id\":%lld}", order);
	j = call("POST", API "/timer/start", body, 201);
	free(body);
	cr_assert(json_is_null(jget(j, "stopped")));
	bobs = jint(j, "started.id");
	json_decref(j);
	run = getf(API "/timer");
	cr_assert_eq(json_array_size(jget(run, "running")), 2);
	json_decref(run);

	/* Time entered by hand counts too; running time does not yet. */
	add_entry("{\"order_id\":%lld,\"worker\":\"ann\",\"started_at\":"
		  "\"2026-11-20T09:00:00Z\",\"minutes\":45}",
		  order);
	order_minutes += 45;
	j = getf(API "/orders/%lld", order);
	cr_assert_eq(jint(j, "tracked_minutes"), order_minutes);
	json_decref(j);

	/* A start that fails leaves ann's timer running. */
	http_json(&server, "POST", API "/timer/start",
		  "{\"worker\":\"ann\",\"order_id\":999999}", &r);
	assert_field_error(&r, 400, "unknown_reference", "order_id");
	resp_free(&r);
	run = getf(API "/timer?worker=ann");
	cr_assert_eq(jint(run, "running.0.id"), second);
	json_decref(run);

	/* Stop ann: the batch's entry ends. */
	j = call("POST", API "/timer/stop", "{\"worker\":\"ann\"}", 200);
	cr_assert_eq(jint(j, "id"), second);
	cr_assert_eq(jint(j, "batch_id"), batch);
	cr_assert_eq(jint(j, "minutes"), clock_minutes(j));
	batch_minutes += jint(j, "minutes");
	json_decref(j);
	http_json(&server, "POST", API "/timer/stop", "{\"worker\":\"ann\"}",
		  &r);
	assert_field_error(&r, 404, "no_timer", "worker");
	resp_free(&r);
	/* No worker named: "me", who has none. */
	http_json(&server, "POST", API "/timer/stop", "{}", &r);
	assert_field_error(&r, 404, "no_timer", "worker");
	resp_free(&r);

	/* Stop bob: now his time is on the order. */
	j = call("POST", API "/timer/stop", "{\"worker\":\"bob\"}", 200);
	cr_assert_eq(jint(j, "id"), bobs);
	order_minutes += clock_minutes(j);
	json_decref(j);
	run = getf(API "/timer");
	cr_assert_eq(json_array_size(jget(run, "running")), 0);
	json_decref(run);
	j = getf(API "/orders/%lld", order);
	cr_assert_eq(jint(j, "tracked_minutes"), order_minutes);
	json_decref(j);
	j = getf(API "/batches/%lld", batch);
	cr_assert_eq(jint(j, "tracked_minutes"), batch_minutes);
	json_decref(j);

	/* Bad starts and stops. */
	body = fmt("{\"worker\":\"ann\",\"order_id\":%lld,\"batch_id\":%lld}",
		   order, batch);
	http_json(&server, "POST", API "/timer/start", body, &r);
	assert_field_error(&r, 400, "missing_field", "order_id");
	resp_free(&r);
	free(body);
	http_json(&server, "POST", API "/timer/start", "{\"worker\":\"ann\"}",
		  &r);
	assert_field_error(&r, 400, "missing_field", "order_id");
	resp_free(&r);
	body = fmt("{\"worker\":\"\",\"order_id\":%lld}", order);
	http_json(&server, "POST", API "/timer/start", body, &r);
	assert_field_error(&r, 400, "bad_value", "worker");
	resp_free(&r);
	free(body);
	body = fmt("{\"worker\":7,\"order_id\":%lld}", order);
	http_json(&server, "POST", API "/timer/start", body, &r);
	assert_field_error(&r, 400, "bad_value", "worker");
	resp_free(&r);
	free(body);
	http_json(&server, "POST", API "/timer/start", "[]", &r);
	assert_error(&r, 400, "bad_type");
	resp_free(&r);
	http_json(&server, "POST", API "/timer/stop", "{\"worker\":\"\"}", &r);
	assert_field_error(&r, 400, "bad_value", "worker");
	resp_free(&r);
	http_json(&server, "GET", API "/timer?who=ann", NULL, &r);
	assert_error(&r, 400, "unknown_param");
	resp_free(&r);
	run = getf(API "/timer");
	cr_assert_eq(json_array_size(jget(run, "running")), 0,
		     "a refused start left a timer running");
	json_decref(run);
}

/* A timer starts now: the clock fields are not the client's to give. */
Test(recall, timer_refusals_name_the_field)
{
	long long cust, order;
	char *body;
	struct resp r;

	cust = add_customer("{\"name\":\"Mo\"}");
	order = add_order("{\"customer_id\":%lld,\"title\":\"Gate\"}", cust);
	body = fmt("{\"order_id\":%lld,\"minutes\":5}", order);
	http_json(&server, "POST", API "/timer/start", body, &r);
	assert_field_error(&r, 400, "unknown_field", "minutes");
	resp_free(&r);
	free(body);
	body = fmt("{\"order_id\":%lld,\"started_at\":\"2026-11-20T09:00:00Z\"}",
		   order);
	http_json(&server, "POST", API "/timer/start", body, &r);
	assert_field_error(&r, 400, "unknown_field", "started_at");
	resp_free(&r);
	free(body);
	http_json(&server, "POST", API "/timer/stop",
		  "{\"worker\":\"ann\",\"order_id\":1}", &r);
	assert_field_error(&r, 400, "unknown_field", "order_id");
	resp_free(&r);
}

/* ---- stock ------------------------------------------------------------- */

/* Is the material listed as low in a GET /stock answer? */
static bool is_low(const json_t *st, long long id)
{
	json_t *low = jget(st, "low_materials");

	for (size_t k = 0; k < json_array_size(low); k++)
		if (jint(json_array_get(low, k), "material_id") == id)
			return true;
	return false;
}

Test(recall, stock_arithmetic)
{
	static const struct {
		const char *name;
		int per_unit;
	} prods[] = {{"Tallow candle", 3}, {"Soap bar", 1}, {"Mug", 0}};
	static const struct {
		int product, made, rejected;
	} runs[] = {{0, 20, 2}, {0, 10, 0}, {1, 30, 5}, {1, 4, 4}};
	static const struct {
		int batch, quantity;
	} sold[] = {{0, 5}, {0, 3}, {2, 10}, {1, 10}};
	long long p[COUNT(prods)], b[COUNT(runs)];
	long long avail[COUNT(runs)], pavail[COUNT(prods)] = {0}, used = 0;
	long long flour, salt, wick, use, cap;
	char *path, *body;
	json_t *st, *j;

	for (size_t i = 0; i < COUNT(prods); i++)
		p[i] = add_product("{\"name\":\"%s\",\"storage_per_unit\":%d}",
				   prods[i].name, prods[i].per_unit);
	for (size_t i = 0; i < COUNT(runs); i++) {
		b[i] = add_batch("{\"product_id\":%lld,\"run_date\":"
				 "\"2026-11-%02zu\",\"made_qty\":%d,"
				 "\"rejected_qty\":%d}",
				 p[runs[i].product], 10 + i, runs[i].made,
				 runs[i].rejected);
		avail[i] = runs[i].made - runs[i].rejected;
	}
	for (size_t i = 0; i < COUNT(sold); i++) {
		add_sale("{\"batch_id\":%lld,\"quantity\":%d}",
			 b[sold[i].batch], sold[i].quantity);
		avail[sold[i].batch] -= sold[i].quantity;
	}
	/* A made-to-order mug sold with no batch takes no batch stock. */
	add_sale("{\"product_id\":%lld,\"quantity\":1}", p[2]);
	for (size_t i = 0; i < COUNT(runs); i++) {
		pavail[runs[i].product] += avail[i];
		if (avail[i] > 0)
			used += avail[i] * prods[runs[i].product].per_unit;
	}
	cap = used + 7;
	body = fmt("{\"storage_capacity\":%lld}", cap);
	json_decref(call("PUT", API "/settings", body, 200));
	free(body);

	st = getf(API "/stock");
	cr_assert_eq(json_array_size(jget(st, "products")), COUNT(prods));
	for (size_t i = 0; i < COUNT(prods); i++) {
		json_t *row = NULL, *bl;
		size_t with_stock = 0;

		for (size_t k = 0; k < json_array_size(jget(st, "products"));
		     k++)
			if (jint(json_array_get(jget(st, "products"), k),
				 "product_id") == p[i])
				row = json_array_get(jget(st, "products"), k);
		cr_assert_not_null(row, "%s is not in the stock", prods[i].name);
		cr_assert_str_eq(jstr(row, "name"), prods[i].name);
		cr_assert_eq(jint(row, "available"), pavail[i], "%s: %lld, not %lld",
			     prods[i].name, jint(row, "available"), pavail[i]);
		/* Only the batches that still have some, each with its count:
		 * the product's own page of them. */
		{
			json_t *one = getf(API "/stock?product_id=%lld"
					   "&limit=1000",
					   (long long)p[i]);

			cr_assert_eq(jint(one, "batches.offset"), 0);
			bl = json_deep_copy(jget(one, "batches.items"));
			cr_assert_eq(jint(one, "batches.total"),
				     (long long)json_array_size(bl));
			json_decref(one);
		}
		for (size_t k = 0; k < COUNT(runs); k++) {
			bool listed = false;

			if ((size_t)runs[k].product != i)
				continue;
			for (size_t m = 0; m < json_array_size(bl); m++) {
				json_t *it = json_array_get(bl, m);

				if (jint(it, "batch_id") != b[k])
					continue;
				listed = true;
				cr_assert_eq(jint(it, "available"), avail[k]);
			}
			cr_assert_eq(listed, avail[k] > 0,
				     "batch %zu listed: %d, stock %lld", k,
				     listed, avail[k]);
			with_stock += avail[k] > 0;
		}
		cr_assert_eq(json_array_size(bl), with_stock);
		json_decref(bl);
	}
	cr_assert_eq(jint(st, "storage.used"), used);
	cr_assert_eq(jint(st, "storage.capacity"), cap);
	cr_assert_eq(jint(st, "storage.free"), cap - used);
	cr_assert(json_is_false(jget(st, "storage.over")));
	json_decref(st);

	/* Over capacity once it is lowered below what is stored. */
	body = fmt("{\"storage_capacity\":%lld}", used - 1);
	json_decref(call("PUT", API "/settings", body, 200));
	free(body);
	st = getf(API "/stock");
	cr_assert(json_is_true(jget(st, "storage.over")));
	cr_assert_eq(jint(st, "storage.free"), 0);
	json_decref(st);
	/* Exactly full is not over. */
	body = fmt("{\"storage_capacity\":%lld}", used);
	json_decref(call("PUT", API "/settings", body, 200));
	free(body);
	st = getf(API "/stock");
	cr_assert(json_is_false(jget(st, "storage.over")));
	cr_assert_eq(jint(st, "storage.free"), 0);
	json_decref(st);

	/* Materials: at or under the reorder level is low. */
	flour = add_material(
		"{\"name\":\"Flour\",\"on_hand\":5000,\"reorder_level\":"
		"1000}");
	salt = add_material(
		"{\"name\":\"Salt\",\"on_hand\":100,\"reorder_level\":"
		"100}");
	wick = add_material(
		"{\"name\":\"Wick\",\"unit\":\"mm\",\"on_hand\":900,"
		"\"reorder_level\":50}");
	st = getf(API "/stock");
	cr_assert(!is_low(st, flour));
	cr_assert(is_low(st, salt));
	cr_assert(!is_low(st, wick));
	json_decref(st);

	/* Using flour takes it off the shelf; deleting the use puts it back. */
	use = add_use(b[0], flour, 4200, "F-1");
	j = getf(API "/materials/%lld", flour);
	cr_assert_eq(jint(j, "on_hand"), 5000 - 4200);
	json_decref(j);
	st = getf(API "/stock");
	cr_assert(is_low(st, flour));
	for (size_t k = 0; k < json_array_size(jget(st, "low_materials")); k++) {
		json_t *it = json_array_get(jget(st, "low_materials"), k);

		if (jint(it, "material_id") == flour) {
			cr_assert_eq(jint(it, "on_hand"), 5000 - 4200);
			cr_assert_eq(jint(it, "reorder_level"), 1000);
		}
	}
	json_decref(st);

	/* A changed quantity moves the difference. */
	path = fmt(API "/batch-materials/%lld", use);
	json_decref(call("PATCH", path, "{\"quantity\":3000}", 200));
	j = getf(API "/materials/%lld", flour);
	cr_assert_eq(jint(j, "on_hand"), 5000 - 3000);
	json_decref(j);
	/* A changed material gives back to the old, takes from the new. */
	body = fmt("{\"material_id\":%lld,\"quantity\":40}", wick);
	json_decref(call("PATCH", path, body, 200));
	free(body);
	j = getf(API "/materials/%lld", flour);
	cr_assert_eq(jint(j, "on_hand"), 5000);
	json_decref(j);
	j = getf(API "/materials/%lld", wick);
	cr_assert_eq(jint(j, "on_hand"), 900 - 40);
	json_decref(j);
	/* Using more than is there drives it below zero: it is low. */
	json_decref(call("PATCH", path, "{\"quantity\":1000}", 200));
	j = getf(API "/materials/%lld", wick);
	cr_assert_eq(jint(j, "on_hand"), 900 - 1000);
	json_decref(j);
	st = getf(API "/stock");
	cr_assert(is_low(st, wick));
	json_decref(st);
	json_decref(call("DELETE", path, NULL, 204));
	free(path);
	j = getf(API "/materials/%lld", wick);
	cr_assert_eq(jint(j, "on_hand"), 900);
	json_decref(j);
	st = getf(API "/stock");
	cr_assert(!is_low(st, flour));
	cr_assert(!is_low(st, wick));
	json_decref(st);
}
