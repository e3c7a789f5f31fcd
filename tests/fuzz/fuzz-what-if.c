/*
 * fuzz-what-if.c - the economics what-if body, through the real library
 * and a real SQLite file holding one product, with the settings at their
 * largest (50 workers, 1440 minutes every day, percentages 1000).
 * Whatever the bytes: a clean error with a code and message, or valid JSON
 * whose figures obey the rules, and the stored product unchanged (a
 * what-if stores nothing).
 *
 * The rules: the recommended batch is at least 1 and within every cap;
 * every figure is an integer within ±(2^53 - 1) or null, and null exactly
 * when the too_large_to_show warning names it, or, for the figures that
 * need a price with the price 0, the no_price warning; and the money and minute
 * figures equal what the formulas of doc/API.md give, worked out again
 * here in __int128 from the inputs (the body, else the stored product
 * and settings). So no figure can wrap, be cut to fit, or be lost.
 */
#define _GNU_SOURCE
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smallrun/economics.h"
#include "smallrun/records.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef __int128 big;

#define LIMIT ((big)9007199254740991) /* 2^53 - 1 */

static sr_store *store;
static char dir[] = "/tmp/smallrun-fuzz-whatif-XXXXXX";
static char before[4096];
static json_t *product, *settings;

static void cleanup(void)
{
	char cmd[128];

	json_decref(product);
	json_decref(settings);
	sr_store_close(store);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "cannot remove %s\n", dir);
}

static void open_once(void)
{
	static const char mug[] =
		"{\"name\": \"Mug\", \"mode\": \"both\", \"price\": 1200, "
		"\"material_cost\": 200, \"minutes_per_unit\": 12, "
		"\"setup_minutes\": 120, \"max_batch\": 200, "
		"\"shelf_life_days\": 30, \"storage_per_unit\": 2}";
	static const char largest[] =
		"{\"hourly_rate\": 2000, \"overhead_per_hour\": 500, "
		"\"workers\": 50, \"hours\": {\"mon\": 1440, \"tue\": 1440, "
		"\"wed\": 1440, \"thu\": 1440, \"fri\": 1440, \"sat\": 1440, "
		"\"sun\": 1440}, \"markup_pct\": 1000, \"wholesale_pct\": "
		"1000, \"retail_pct\": 1000, \"holding_pct\": 1000, "
		"\"storage_capacity\": 1000000000}";
	struct sr_buf out = SR_BUF_INIT(1 << 20), set = SR_BUF_INIT(1 << 20);
	char path[128];
	int64_t id;

	if (store)
		return;
	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof(path), "%s/f.db", dir);
	if (sr_store_open(path, &store, NULL) ||
	    sr_rec_create(store, SR_RES_PRODUCT, mug, strlen(mug), 0, &id, &out,
			  NULL) ||
	    sr_settings_update(store, largest, strlen(largest), &set, NULL))
		abort();
	snprintf(before, sizeof(before), "%s", out.data);
	product = json_loads(out.data, 0, NULL);
	settings = json_loads(set.data, 0, NULL);
	if (!product || !settings)
		abort();
	sr_buf_release(&out);
	sr_buf_release(&set);
	atexit(cleanup);
}

/* n / d rounded half away from zero, d > 0. */
static big rnd(big n, big d)
{
	big q = n / d, r = n % d;

	if ((r < 0 ? -r : r) * 2 >= d)
		q += n < 0 ? -1 : 1;
	return q;
}

static big smaller(big a, big b)
{
	return a < b ? a : b;
}

/* The member at path ("a.b.c"), or NULL. */
static json_t *at(json_t *doc, const char *path)
{
	const char *p = path, *dot;
	char key[64];

	for (; doc && (dot = strchr(p, '.')); p = dot + 1) {
		snprintf(key, sizeof(key), "%.*s", (int)(dot - p), p);
		doc = json_object_get(doc, key);
	}
	return json_object_get(doc, p);
}

/* The input: the body's field, else the product's (with one), else the
 * settings', else 0. */
static big input(const json_t *body, bool with_product, const char *key)
{
	const json_t *v = json_object_get(body, key);

	if (!v && with_product)
		v = json_object_get(product, key);
	if (!v)
		v = json_object_get(settings, key);
	return json_integer_value(v);
}

/* Does a warning with code (NULL: any) name path in its fields? */
static bool listed_by(json_t *doc, const char *code, const char *path)
{
	json_t *warnings = json_object_get(doc, "warnings");

	for (size_t i = 0; i < json_array_size(warnings); i++) {
		json_t *w = json_array_get(warnings, i);
		json_t *fields = json_object_get(w, "fields");

		if (code &&
		    strcmp(json_string_value(json_object_get(w, "code")), code))
			continue;
		for (size_t j = 0; j < json_array_size(fields); j++)
			if (!strcmp(json_string_value(
					    json_array_get(fields, j)),
				    path))
				return true;
	}
	return false;
}

static bool listed(json_t *doc, const char *path)
{
	return listed_by(doc, NULL, path);
}

/* path shows want, or null and named when want is past the limit. */
static void expect(json_t *doc, const char *path, big want)
{
	json_t *v = at(doc, path);

	if (want > LIMIT || want < -LIMIT) {
		if (!json_is_null(v) || !listed(doc, path)) {
			fprintf(stderr, "%s: not left out\n", path);
			abort();
		}
	} else if (!json_is_integer(v) || json_integer_value(v) != want ||
		   listed(doc, path)) {
		fprintf(stderr, "%s: %lld, want %lld\n", path,
			(long long)json_integer_value(v), (long long)want);
		abort();
	}
}

/* expect() for a figure that needs the price: with price 0 it is null
 * and named by no_price, and too large never. */
static void expect_priced(json_t *doc, const char *path, big price, big want)
{
	if (price > 0) {
		expect(doc, path, want);
		return;
	}
	if (!json_is_null(at(doc, path)) || !listed_by(doc, "no_price", path) ||
	    listed_by(doc, "too_large_to_show", path)) {
		fprintf(stderr, "%s: not left out for want of a price\n", path);
		abort();
	}
}

/* Every number in doc within the limit; every null figure named. */
static void within(json_t *doc, json_t *v, const char *path)
{
	char sub[128];
	const char *key;
	json_t *x;

	if (json_is_integer(v) &&
	    (json_integer_value(v) > LIMIT || json_integer_value(v) < -LIMIT))
		abort();
	if (json_is_object(v))
		json_object_foreach(v, key, x)
		{
			if (!strcmp(key, "warnings") || !strcmp(key, "caps"))
				continue;
			snprintf(sub, sizeof(sub), "%s%s%s", path,
				 *path ? "." : "", key);
			/* Null only when named, bar the ones that mean
			 * "none" and the curve (checked in check()). */
			if (json_is_null(x) && strcmp(sub, "product_id") &&
			    strcmp(sub, "mode") && strcmp(sub, "retired") &&
			    strcmp(sub, "week.demand") &&
			    strncmp(sub, "cost_curve", 10) && !listed(doc, sub))
				abort();
			within(doc, x, sub);
		}
	if (json_is_array(v))
		for (size_t i = 0; i < json_array_size(v); i++)
			within(doc, json_array_get(v, i), path);
}

static void check(json_t *body, json_t *doc)
{
	bool with = json_object_get(body, "product_id");
	big price = input(body, with, "price");
	big mat = input(body, with, "material_cost");
	big m = input(body, with, "minutes_per_unit");
	big s = input(body, with, "setup_minutes");
	big hourly = input(body, with, "hourly_rate");
	big rate = hourly + input(body, with, "overhead_per_hour");
	big shelf_days = input(body, with, "shelf_life_days");
	big week = json_integer_value(at(doc, "week.minutes_available"));
	json_t *batch = json_object_get(doc, "batch"), *caps, *v, *dv, *curve;
	big n, made, job, wholesale, cap_job, cap_batch, d = -1;
	const char *key;
	json_int_t rec;

	caps = json_object_get(batch, "caps");
	rec = json_integer_value(json_object_get(batch, "recommended"));
	if (json_is_integer(json_object_get(batch, "recommended")) && rec < 1)
		abort();
	json_object_foreach(caps, key, v) if (json_integer_value(v) > 0 &&
					      rec > json_integer_value(v))
		abort();
	within(doc, doc, "");
	/* Settings week: 504000 minutes over 7 days. */
	if (week != 504000)
		abort();
	if ((dv = json_object_get(body, "weekly_demand")))
		d = json_integer_value(dv);
	/* The batch size: the one asked, else the recommended. */
	if (json_object_get(body, "batch_size") &&
	    json_integer_value(at(doc, "unit_cost.batch_size")) !=
		    json_integer_value(json_object_get(body, "batch_size")))
		abort();
	n = json_integer_value(at(doc, "unit_cost.batch_size"));
	if (n < 1)
		abort();
	job = mat + rnd((m + s) * rate, 60);
	made = mat + rnd((m * n + s) * rate, 60 * n);
	expect(doc, "unit_cost.job", job);
	expect(doc, "unit_cost.batch", made);
	/* Both the stored mug and a what-if without it may be batched. */
	expect(doc, "price_floor", made);
	expect_priced(doc, "margin", price, price - made);
	expect_priced(doc, "margin_bp", price,
		      price > 0 ? rnd((price - made) * 10000, price) : 0);
	expect(doc, "suggested_prices.cost_plus", rnd(made * 1100, 100));
	wholesale = rnd(made * 1000, 100);
	expect(doc, "suggested_prices.wholesale", wholesale);
	expect(doc, "suggested_prices.retail", rnd(wholesale * 1000, 100));
	expect_priced(doc, "earned_per_hour", price,
		      m > 0 ? rnd((price - mat) * 60, m) : 0);
	cap_job = m + s > 0 ? week / (m + s) : 0;
	cap_batch = m * n + s > 0 ? rnd(week * n, m * n + s) : 0;
	expect(doc, "week.capacity_units_job", cap_job);
	expect(doc, "week.capacity_units_batch", cap_batch);
	expect(doc, "lead_days", (m + s + 71999) / 72000);
	curve = json_object_get(doc, "cost_curve");
	for (size_t i = 0; i < json_array_size(curve); i++) {
		json_t *pt = json_array_get(curve, i);
		big size = json_integer_value(json_object_get(pt, "size"));
		big cost = mat + rnd((m * size + s) * rate, 60 * size);

		if (size < 1 || size > LIMIT)
			abort();
		v = json_object_get(pt, "unit_cost");
		if (cost > LIMIT ? !json_is_null(v)
				 : json_integer_value(v) != cost ||
					   !json_is_integer(v))
			abort();
	}
	if (d > 0) {
		big sellable = shelf_days > 0 ? rnd(d * shelf_days, 7) : -1;
		big waste = sellable >= 0 && n > sellable
				    ? rnd((n - sellable) * d, n)
				    : 0;

		expect(doc, "week.demand", d);
		expect(doc, "week.minutes_needed_job", d * (m + s));
		expect(doc, "week.minutes_needed_batch", d * m + rnd(d * s, n));
		expect_priced(doc, "week.profit_job", price,
			      smaller(d, cap_job) * (price - job));
		expect_priced(doc, "week.profit_batch", price,
			      smaller(d, cap_batch) * (price - made) -
				      waste * made);
		expect(doc, "batch.caps.demand", d * 52);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sr_buf out = SR_BUF_INIT(1 << 22), now = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	enum sr_err err;

	open_once();
	err = sr_economics_what_if(store, (const char *)data, size,
				   1795000000, &out, &f);
	if (err) {
		if (!f.code[0] || !f.message.len)
			abort();
	} else {
		json_t *doc = json_loads(out.data, 0, NULL);
		json_t *body = json_loadb(
			(const char *)data, size,
			JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, NULL);

		/* Accepted, so the body is an object of known fields. */
		if (!doc || !json_is_object(body))
			abort();
		check(body, doc);
		json_decref(body);
		json_decref(doc);
	}
	if (sr_rec_get(store, SR_RES_PRODUCT, 1, &now, NULL) ||
	    strcmp(now.data, before))
		abort();
	sr_buf_release(&out);
	sr_buf_release(&now);
	sr_fail_release(&f);
	return 0;
}
