/*
 * test-forecast-history.c - GET /api/v1/forecast on a real bakery's
 * history that ended years before today (issue 10, point 1): the forecast
 * starts the day after the history and says so, or on the day `from`
 * names; the days the history shows open are open; the history counted is
 * the history used; and the figures are the CLI's on the same file.
 *
 * The data is a real bakery's till log (../shared/data), its first eight
 * weeks, 2016-10-30 to 2016-12-24, kept in tests/data (or the file
 * SMALLRUN_BAKERY_CSV names), read at test time.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "smallrun/date.h"

API_SUITE(forecast_history);

#define BAKERY_DEFAULT "tests/data/bakery-first-8-weeks.csv"
/* The slice: the file's first eight weeks (its dates sort as text). */
#define SLICE_END "2016-12-25"

struct slice {
	char *csv;	/* the header and every row dated before SLICE_END */
	char last[11];	/* the latest date in it */
	char path[256]; /* the slice written to a file, for the CLI */
};

/* Read the bakery file's first eight weeks, or skip the test. */
static void read_slice(struct slice *s)
{
	const char *name = getenv("SMALLRUN_BAKERY_CSV");
	size_t cap = 1 << 20, len = 0, n = 0;
	char *line = NULL;
	FILE *fp, *out;

	if (!name || !*name)
		name = BAKERY_DEFAULT;
	fp = fopen(name, "r");
	if (!fp)
		cr_assert_fail("no bakery file at %s (set SMALLRUN_BAKERY_CSV)",
			       name);
	s->csv = malloc(cap);
	cr_assert_not_null(s->csv);
	s->last[0] = '\0';
	for (bool head = true; getline(&line, &n, fp) > 0; head = false) {
		size_t l = strlen(line);

		/* Rows start with the date; keep the header and the slice. */
		if (!head && (l < 10 || strncmp(line, SLICE_END, 10) >= 0))
			continue;
		if (!head && strncmp(line, s->last, 10) > 0) {
			memcpy(s->last, line, 10);
			s->last[10] = '\0';
		}
		while (len + l + 1 > cap) {
			cap *= 2;
			s->csv = realloc(s->csv, cap);
			cr_assert_not_null(s->csv);
		}
		memcpy(s->csv + len, line, l);
		len += l;
	}
	s->csv[len] = '\0';
	free(line);
	fclose(fp);
	cr_assert(len > 10000 && s->last[0], "the slice of %s is empty", name);
	snprintf(s->path, sizeof(s->path), "%s/slice.csv", server.dir);
	out = fopen(s->path, "w");
	cr_assert_not_null(out);
	cr_assert_eq(fwrite(s->csv, 1, len, out), len);
	fclose(out);
}

/* The day after date, as YYYY-MM-DD. */
static void next_day(const char *date, char out[11])
{
	int64_t d;

	cr_assert_eq(sr_date_parse(date, 10, &d), SR_OK);
	sr_date_format(d + 1, out);
}

/* Import the slice, creating its products; Bread's id. */
static long long import_slice(const struct slice *s)
{
	json_t *doc = call_type(
		"POST",
		"/api/v1/sales/import?name=bakery.csv&create_products=true",
		"text/csv", s->csv, 200);
	long long id;

	cr_assert_gt(jint(doc, "sales_added"), 100);
	json_decref(doc);
	doc = get("/api/v1/products?name=Bread");
	cr_assert_eq(jint(doc, "total"), 1);
	id = jint(doc, "items.0.id");
	json_decref(doc);
	return id;
}

/* Bread at 2.50, 0.70 of materials, good for the day it is baked. */
static void set_price(long long bread)
{
	char *path = fmt("/api/v1/products/%lld", bread);

	json_decref(call("PATCH", path,
			 "{\"price\": 250, \"material_cost\": 70, "
			 "\"shelf_life_days\": 1}",
			 200));
	free(path);
}

/* The forecast's warning of that code, or NULL. */
static json_t *warning(const json_t *doc, const char *code)
{
	json_t *w;
	size_t i;

	json_array_foreach(json_object_get(doc, "warnings"), i, w)
		if (!strcmp(json_string_value(json_object_get(w, "code")), code))
			return w;
	return NULL;
}

/*
 * The report: every day closed, 0 expected, 0 to make, 0 days of
 * history — with a price set and without.
 */
Test(forecast_history, starts_after_a_history_that_ended_long_ago)
{
	struct slice s;
	char after[11], today[11];
	long long bread;
	json_t *doc, *day, *w;
	size_t i;

	read_slice(&s);
	bread = import_slice(&s);
	next_day(s.last, after);
	local_day(0, today);

	for (int priced = 0; priced < 2; priced++) {
		if (priced)
			set_price(bread);
		doc = getf("/api/v1/forecast?product=%lld", bread);
		cr_assert_str_eq(jstr(doc, "from"), after);
		cr_assert_str_eq(jstr(doc, "history_last"), s.last);
		cr_assert_str_eq(jstr(doc, "days.0.date"), after);
		/* Eight weeks of a shop open nearly every day. */
		cr_assert_gt(jint(doc, "history_days"), 40);
		cr_assert_leq(jint(doc, "history_days"), 56);
		json_array_foreach(json_object_get(doc, "days"), i, day)
		{
			double mean = json_number_value(
				json_object_get(day, "mean"));

			cr_assert(json_is_true(json_object_get(day, "open")),
				  "%s called closed",
				  jstr(day, "date"));
			/* Bread sold 10 to 60 a day in those weeks. */
			cr_assert(mean > 5 && mean < 100, "%s: mean %g",
				  jstr(day, "date"), mean);
			if (priced)
				cr_assert_gt(jint(day, "quantity"), 0, "%s",
					     jstr(day, "date"));
			else
				cr_assert_eq(jint(day, "quantity"), 0);
		}
		/* Said in a maker's words, naming both dates. */
		w = warning(doc, "history_ended");
		cr_assert_not_null(w, "no history_ended warning");
		cr_assert(strstr(jstr(w, "message"), s.last), "%s",
			  jstr(w, "message"));
		cr_assert(strstr(jstr(w, "message"), after), "%s",
			  jstr(w, "message"));
		cr_assert(strcmp(jstr(doc, "from"), today) < 0);
		json_decref(doc);
	}
	free(s.csv);
	srv_finish(&server);
}

/* from=DATE: the forecast starts there and uses only the days before. */
Test(forecast_history, from_a_date_the_maker_picks)
{
	struct slice s;
	long long bread;
	json_t *doc, *day;
	char *path;
	size_t i;

	read_slice(&s);
	bread = import_slice(&s);

	/* Within the history: the days before 2016-12-01, none after. */
	doc = getf("/api/v1/forecast?product=%lld&from=2016-12-01&days=3",
		   bread);
	cr_assert_str_eq(jstr(doc, "from"), "2016-12-01");
	cr_assert_str_eq(jstr(doc, "days.0.date"), "2016-12-01");
	cr_assert_str_eq(jstr(doc, "days.2.date"), "2016-12-03");
	cr_assert_str_eq(jstr(doc, "history_last"), "2016-11-30");
	cr_assert_gt(jint(doc, "history_days"), 20);
	cr_assert_leq(jint(doc, "history_days"), 32);
	cr_assert_null(warning(doc, "history_ended"));
	json_decref(doc);

	/* Months after it: the history is still counted and the days open,
	 * and the answer says how old the history is. */
	doc = getf("/api/v1/forecast?product=%lld&from=2017-03-01", bread);
	cr_assert_str_eq(jstr(doc, "from"), "2017-03-01");
	cr_assert_str_eq(jstr(doc, "days.0.date"), "2017-03-01");
	cr_assert_str_eq(jstr(doc, "history_last"), s.last);
	cr_assert_gt(jint(doc, "history_days"), 40);
	json_array_foreach(json_object_get(doc, "days"), i, day)
	{
		cr_assert(json_is_true(json_object_get(day, "open")), "%s",
			  jstr(day, "date"));
		cr_assert_gt(json_number_value(json_object_get(day, "mean")),
			     5);
	}
	cr_assert_not_null(warning(doc, "history_old"));
	json_decref(doc);

	/* Before the first sale: nothing to go on. */
	path = fmt("/api/v1/forecast?product=%lld&from=2016-10-01", bread);
	call_fails("GET", path, NULL, 400, "no_history", "product");
	free(path);
	free(s.csv);
	srv_finish(&server);
}

Test(forecast_history, bad_from)
{
	static const char *const bad[] = {"2017-02-30", "2017-3-01", "soon",
					  "", "2017-03-01T00:00:00Z"};
	struct resp r;

	add_product("{\"name\": \"Bread\"}");
	for (size_t i = 0; i < COUNT(bad); i++) {
		char *path = fmt("/api/v1/forecast?product=1&from=%s", bad[i]);

		http(&server, "GET", path, NULL, NULL, &r);
		assert_field_error(&r, 400, "bad_date", "from");
		cr_assert(strstr(jstr(r.json, "error.message"), "from"), "%s",
			  r.body);
		resp_free(&r);
		free(path);
	}
	http(&server, "GET",
	     "/api/v1/forecast?product=1&from=2017-03-01&from=2017-03-02",
	     NULL, NULL, &r);
	assert_field_error(&r, 400, "duplicate_param", "from");
	resp_free(&r);
	srv_finish(&server);
}

/*
 * The same file through `smallrun forecast` (the same model, the same
 * price, cost and one-day shelf life): the same start, the same quantity
 * every day, and the first day's mean and spread.
 */
Test(forecast_history, agrees_with_the_cli)
{
	struct slice s;
	long long bread;
	json_t *api, *cli, *a, *c;
	size_t i;

	read_slice(&s);
	bread = import_slice(&s);
	set_price(bread);
	api = getf("/api/v1/forecast?product=%lld&days=7", bread);
	cli = cli_json(NULL, NULL,
		       "forecast --sales '%s' --product Bread --price 2.50 "
		       "--unit-cost 0.70 --json",
		       s.path);
	cr_assert_str_eq(jstr(api, "from"), jstr(cli, "from"));
	cr_assert_eq(json_array_size(json_object_get(api, "days")),
		     json_array_size(json_object_get(cli, "days")));
	json_array_foreach(json_object_get(api, "days"), i, a)
	{
		c = json_array_get(json_object_get(cli, "days"), i);
		cr_assert_str_eq(jstr(a, "date"), jstr(c, "date"));
		cr_assert_eq(json_is_true(json_object_get(a, "open")),
			     json_is_true(json_object_get(c, "open")), "%s",
			     jstr(a, "date"));
		cr_assert_eq(jint(a, "quantity"), jint(c, "quantity"), "%s",
			     jstr(a, "date"));
	}
	a = json_array_get(json_object_get(api, "days"), 0);
	c = json_array_get(json_object_get(cli, "days"), 0);
	cr_assert_float_eq(json_number_value(json_object_get(a, "mean")),
			   json_number_value(json_object_get(c, "mean")), 0.006);
	cr_assert_float_eq(json_number_value(json_object_get(a, "sd")),
			   json_number_value(json_object_get(c, "sd")), 0.006);
	json_decref(api);
	json_decref(cli);
	free(s.csv);
	srv_finish(&server);
}
