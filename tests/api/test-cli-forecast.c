/*
 * test-cli-forecast.c - `smallrun forecast` and `smallrun backtest` run as
 * a user runs them, on small sales files written to a temporary folder:
 * the JSON shape, quantities with known answers, both file shapes giving
 * the same answer, no look-ahead through the command line, the backtest's
 * books, and one-line errors with exit code 2.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "smallrun/date.h"

static char dir[64];

static void make_dir(void)
{
	temp_dir(dir, sizeof(dir), "fc");
}

static void drop_dir(void)
{
	remove_dir(dir);
}

TestSuite(cli_forecast, .init = make_dir, .fini = drop_dir);

/* Run `smallrun ARGS` (shell words; files are in the folder). */
static void run(struct run *r, const char *args)
{
	cli_run(r, dir, NULL, "%s", args);
}

/* The same with --json, parsed. */
static json_t *run_json(const char *args)
{
	return cli_json(dir, NULL, "%s --json", args);
}

/* The path of name in the folder, written with text. */
static void write_file(const char *name, const char *text)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	cr_assert_not_null(fp);
	cr_assert_eq(fputs(text, fp) >= 0, true);
	cr_assert_eq(fclose(fp), 0);
}

/* Day i (0 = 2024-01-01, a Monday) as YYYY-MM-DD. */
static void date_of(int i, char out[11])
{
	int64_t d;

	cr_assert_eq(sr_date_parse("2024-01-01", 10, &d), SR_OK);
	sr_date_format(d + i, out);
}

/*
 * A bakery's eight weeks (56 days from 2024-01-01), shut on Sundays, as
 * date,product,quantity and as a till log: Bread sells bread(i) a day,
 * Cake 3 on open days.
 */
static int bread(int i)
{
	return 10 + (i % 7 == 5 ? 8 : 0) + (i * 7) % 5;
}

/* Append printf output to a buffer of size 1 MiB. */
static void add(char *buf, size_t *len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add(char *buf, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf + *len, (1 << 20) - *len, fmt, ap);
	va_end(ap);
	cr_assert(n >= 0 && *len + (size_t)n < (1 << 20));
	*len += (size_t)n;
}

static void write_bakery(int days)
{
	char *agg = malloc(1 << 20), *log = malloc(1 << 20), d[11];
	size_t a = 0, l = 0;
	int tx = 0;

	cr_assert(agg && log);
	add(agg, &a, "date,product,quantity\r\n");
	add(log, &l, "Date,Time,Transaction,Item\n");
	for (int i = 0; i < days; i++) {
		if (i % 7 == 6)
			continue;
		date_of(i, d);
		add(agg, &a, "%s,Bread,%d\r\n%s,\"Cake\",3\r\n", d, bread(i),
		    d);
		for (int k = 0; k < bread(i); k++)
			add(log, &l, "%s,09:00:00,%d,Bread\n", d, ++tx);
		for (int k = 0; k < 3; k++)
			add(log, &l, "%s,10:00:00,%d,Cake\n", d, ++tx);
		add(log, &l, "%s,11:00:00,%d,NONE\n", d, ++tx);
	}
	write_file("sales.csv", agg);
	write_file("log.csv", log);
	free(agg);
	free(log);
}

Test(cli_forecast, json_has_every_day_with_a_quantity)
{
	json_t *j, *days;
	size_t i;
	json_t *day;

	write_bakery(56);
	j = run_json("forecast --sales sales.csv --product Bread --from "
		     "2024-02-20 --to 2024-03-05 --price 2.50 --unit-cost "
		     "0.70");
	days = json_object_get(j, "days");
	cr_assert(json_is_array(days));
	cr_assert_eq(json_array_size(days), 15);
	json_array_foreach(days, i, day)
	{
		char want[11];
		json_t *q = json_object_get(day, "quantity");

		date_of(50 + (int)i, want);
		cr_assert_str_eq(json_string_value(json_object_get(day, "date")),
				 want);
		cr_assert(json_is_integer(q));
		cr_assert_geq(json_integer_value(q), 0);
		/* Sundays: shut in the file, and as usual after it. */
		if ((50 + i) % 7 == 6) {
			cr_assert(json_is_false(json_object_get(day, "open")));
			cr_assert_eq(json_integer_value(q), 0);
		} else {
			cr_assert_gt(json_integer_value(q), 5, "%s", want);
		}
	}
	cr_assert_str_eq(json_string_value(json_object_get(j, "product")),
			 "Bread");
	cr_assert_eq(json_integer_value(json_object_get(j, "price")), 250);
	json_decref(j);
}

Test(cli_forecast, constant_sales_give_the_poisson_quantile)
{
	json_t *j, *day;
	size_t i;
	double p0, cdf = 0;
	int want = 0;

	write_bakery(56);
	j = run_json("forecast --sales sales.csv --product Cake --from "
		     "2024-02-26 --to 2024-03-02 --price 2.50 --unit-cost "
		     "0.70");
	/* Cake sold 3 every open day: Poisson(3) at (2.50-0.70)/2.50. */
	for (p0 = exp(-3.0); cdf + p0 < 0.72; want++) {
		cdf += p0;
		p0 *= 3.0 / (want + 1);
	}
	json_array_foreach(json_object_get(j, "days"), i, day)
	{
		cr_assert_eq(json_integer_value(json_object_get(day, "quantity")),
			     want);
		cr_assert_float_eq(
			json_real_value(json_object_get(day, "mean")), 3.0,
			0.005);
	}
	json_decref(j);
}

Test(cli_forecast, till_log_and_daily_totals_agree)
{
	json_t *a, *b;

	write_bakery(56);
	a = run_json("forecast --sales sales.csv --product Bread --from "
		     "2024-02-01 --to 2024-02-28 --price 2.50 --unit-cost 0.70");
	b = run_json("forecast --sales log.csv --product bread --from "
		     "2024-02-01 --to 2024-02-28 --price 2.50 --unit-cost 0.70");
	cr_assert(json_equal(json_object_get(a, "days"),
			     json_object_get(b, "days")));
	json_decref(a);
	json_decref(b);
}

Test(cli_forecast, no_look_ahead_through_the_command)
{
	json_t *full, *cut;
	char arg[256], d[11];

	write_bakery(56);
	full = run_json("forecast --sales sales.csv --product Bread --from "
			"2024-01-15 --to 2024-02-25 --price 2.50 --unit-cost "
			"0.70");
	for (int k = 14; k < 56; k += 5) {
		json_t *a, *b;

		/* The file cut before day k: day k's quantity stands. */
		write_bakery(k);
		date_of(k, d);
		snprintf(arg, sizeof(arg),
			 "forecast --sales sales.csv --product Bread --from %s "
			 "--to %s --price 2.50 --unit-cost 0.70",
			 d, d);
		cut = run_json(arg);
		a = json_array_get(json_object_get(full, "days"),
				   (size_t)(k - 14));
		b = json_array_get(json_object_get(cut, "days"), 0);
		cr_assert_str_eq(json_string_value(json_object_get(a, "date")),
				 d);
		if (k % 7 != 6)
			cr_assert(json_equal(json_object_get(a, "quantity"),
					     json_object_get(b, "quantity")),
				  "day %s", d);
		json_decref(cut);
	}
	json_decref(full);
}

Test(cli_forecast, backtest_books_balance)
{
	static const char *const methods[] = {"smallrun", "last_week",
					      "four_week_mean"};
	json_t *j, *m;
	long long demand = 0;

	write_bakery(56);
	j = run_json("backtest --sales sales.csv --product Bread --from "
		     "2024-01-29 --to 2024-02-24 --price 2.50 --unit-cost 0.70");
	for (int i = 28; i < 55; i++)
		if (i % 7 != 6)
			demand += bread(i);
	cr_assert_eq(json_integer_value(json_object_get(j, "open_days")), 24);
	for (size_t k = 0; k < 3; k++) {
		long long made, sold, wasted, shortfall, profit;

		m = json_object_get(json_object_get(j, "methods"), methods[k]);
		cr_assert_not_null(m, "%s", methods[k]);
		made = json_integer_value(json_object_get(m, "made"));
		sold = json_integer_value(json_object_get(m, "sold"));
		wasted = json_integer_value(json_object_get(m, "wasted"));
		shortfall = json_integer_value(json_object_get(m, "short"));
		profit = json_integer_value(json_object_get(m, "profit"));
		cr_assert_eq(sold + shortfall, demand, "%s", methods[k]);
		cr_assert_eq(made, sold + wasted, "%s", methods[k]);
		cr_assert_eq(profit, sold * 250 - made * 70, "%s", methods[k]);
	}
	json_decref(j);
}

Test(cli_forecast, text_output_is_a_table)
{
	struct run r;

	write_bakery(56);
	run(&r, "backtest --sales sales.csv --product Bread --price 2.50 "
		"--unit-cost 0.70");
	cr_assert_eq(r.code, 0, "%s", r.err);
	cr_assert(strstr(r.out, "same weekday last week"), "%s", r.out);
	cr_assert(strstr(r.out, "mean of last 4 same weekdays"));
	/* The default: the last eight weeks, which here is all of it (the
	 * file ends on the last Saturday). */
	cr_assert(strstr(r.out, "2024-01-01 to 2024-02-24"), "%s", r.out);
	run(&r, "forecast --sales sales.csv --product Bread --price 2.50 "
		"--unit-cost 0.70");
	cr_assert_eq(r.code, 0, "%s", r.err);
	/* The default: the week after the file. */
	cr_assert(strstr(r.out, "2024-02-25 to 2024-03-02"), "%s", r.out);
	cr_assert(strstr(r.out, "2024-02-25  Sun  closed"), "%s", r.out);
	run(&r, "help forecast");
	cr_assert_eq(r.code, 0);
	cr_assert(strstr(r.out, "--shelf-life-days"));
}

Test(cli_forecast, bad_input_exits_2_with_one_line)
{
	static const char *const cases[][2] = {
		{"forecast --sales sales.csv --product Bred --price 2.50 "
		 "--unit-cost 0.70",
		 "did you mean 'Bread'"},
		{"forecast --sales sales.csv --product Zzz --price 2.50 "
		 "--unit-cost 0.70",
		 "'Bread'"},
		{"forecast --sales sales.csv --product Bread --price 2.5x "
		 "--unit-cost 0.70",
		 "--price must be an amount"},
		{"forecast --sales sales.csv --product Bread --price -1 "
		 "--unit-cost 0.70",
		 "--price"},
		{"forecast --sales sales.csv --product Bread --price 0 "
		 "--unit-cost 0",
		 "above zero"},
		{"forecast --sales sales.csv --product Bread --price 2.50 "
		 "--unit-cost 0.70 --from 2024-02-30",
		 "--from must be a date"},
		{"backtest --sales sales.csv --product Bread --price 2.50 "
		 "--unit-cost 0.70 --from 2024-02-10 --to 2024-02-01",
		 "--from 2024-02-10 is after --to 2024-02-01"},
		{"backtest --sales sales.csv --product Bread --price 2.50 "
		 "--unit-cost 0.70 --to 2024-04-01",
		 "after the sales in sales.csv"},
		{"forecast --product Bread --price 2.50 --unit-cost 0.70",
		 "--sales FILE is needed"},
		{"forecast --sales sales.csv --product Bread --price 2.50",
		 "--unit-cost C is needed"},
		{"forecast --sales sales.csv --product Bread --price 2.50 "
		 "--unit-cost 0.70 --shelf-life-days 0",
		 "--shelf-life-days"},
		{"forecast --sales sales.csv --product Bread --price 2.50 "
		 "--unit-cost 0.70 --batch-days mon,fun",
		 "--batch-days"},
		{"forecast --sales sales.csv --product Bread --price 2.50 "
		 "--unit-cost 0.70 --salvage 3",
		 "--salvage must be below --price"},
		{"forecast --sales bad.csv --product Bread --price 2.50 "
		 "--unit-cost 0.70",
		 "bad.csv, line 3: '2024-01-32' is not a date"},
		{"forecast --sales sales.csv --product Bread --price 2.50 "
		 "--unit-cost 0.70 --colour red",
		 "--colour"},
	};

	write_bakery(56);
	write_file("bad.csv", "date,product,quantity\n2024-01-01,Bread,3\n"
			      "2024-01-32,Bread,4\n");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run r;

		run(&r, cases[i][0]);
		cr_assert_eq(r.code, 2, "%s: exit %d (%s)", cases[i][0], r.code,
			     r.err);
		cr_assert_eq(count_lines(r.err), 1, "%s:\n%s", cases[i][0],
			     r.err);
		cr_assert(strstr(r.err, cases[i][1]), "%s: %s", cases[i][0],
			  r.err);
		cr_assert_eq(r.out[0], '\0', "%s: %s", cases[i][0], r.out);
	}
}

Test(cli_forecast, unreadable_file_exits_1)
{
	struct run r;

	run(&r, "forecast --sales nothing.csv --product Bread --price 2.50 "
		"--unit-cost 0.70");
	cr_assert_eq(r.code, 1);
	cr_assert_eq(count_lines(r.err), 1);
	cr_assert(strstr(r.err, "nothing.csv"), "%s", r.err);
}

Test(cli_forecast, long_shelf_life_and_batch_days)
{
	json_t *j, *day;
	size_t i;
	long long total = 0;

	write_bakery(56);
	j = run_json("forecast --sales sales.csv --product Bread --from "
		     "2024-02-26 --to 2024-03-10 --price 6.00 --unit-cost 2.00 "
		     "--shelf-life-days 30 --batch-days mon,thu --batch-size 12 "
		     "--max-batch 24 --on-hand 5");
	json_array_foreach(json_object_get(j, "days"), i, day)
	{
		long long q = json_integer_value(json_object_get(day, "quantity"));
		long long runs = json_integer_value(json_object_get(day, "runs"));
		bool batch = json_is_true(json_object_get(day, "batch"));

		cr_assert_eq(q % 12, 0);
		cr_assert_eq(runs, (q + 23) / 24);
		/* Only Mondays and Thursdays (i = 0, 3, 7, 10). */
		cr_assert_eq(batch, i % 7 == 0 || i % 7 == 3, "day %zu", i);
		total += q;
	}
	cr_assert_eq(json_integer_value(json_object_get(
			     json_array_get(json_object_get(j, "days"), 0),
			     "on_hand")),
		     5);
	cr_assert_gt(total, 0);
	cr_assert_eq(json_integer_value(json_object_get(j, "total")), total);
	json_decref(j);
}
