/*
 * cmd-forecast.c - `smallrun forecast` and `smallrun backtest`: how many
 * to make each day from a sales file, and how that would have done against
 * two bakers' rules of thumb. Both take the same options, so they share
 * this file (one parser, two outputs).
 */
#include "compat.h"

#include <jansson.h>
#include <math.h>

#include "cli.h"
#include "smallrun/date.h"
#include "smallrun/forecast.h"
#include "smallrun/parse.h"
#include "smallrun/sales.h"

#define WIDTH 78
/* The default backtest: the last eight weeks of the file. */
#define BACKTEST_DAYS 56
/* The default forecast: the week after the file. */
#define FORECAST_DAYS 7

static const char *const wdays[7] = {"Mon", "Tue", "Wed", "Thu",
				     "Fri", "Sat", "Sun"};

enum {
	O_SALES,
	O_PRODUCT,
	O_FROM,
	O_TO,
	O_PRICE,
	O_COST,
	O_SHELF,
	O_SALVAGE,
	O_BATCH_SIZE,
	O_MAX_BATCH,
	O_BATCH_DAYS,
	O_ON_HAND,
	O__MAX
};

static const struct cli_opt options[O__MAX] = {
	[O_SALES] = {"sales", true},
	[O_PRODUCT] = {"product", true},
	[O_FROM] = {"from", true},
	[O_TO] = {"to", true},
	[O_PRICE] = {"price", true},
	[O_COST] = {"unit-cost", true},
	[O_SHELF] = {"shelf-life-days", true},
	[O_SALVAGE] = {"salvage", true},
	[O_BATCH_SIZE] = {"batch-size", true},
	[O_MAX_BATCH] = {"max-batch", true},
	[O_BATCH_DAYS] = {"batch-days", true},
	[O_ON_HAND] = {"on-hand", true},
};

/* What both commands are asked. */
struct job {
	const char *cmd;
	const char *sales, *product, *from_s, *to_s;
	bool have_price, have_cost, json;
	int64_t from, to, on_hand;
	unsigned batch_days;
	struct sr_fc_product p;
	struct sr_sales *s;
	struct sr_fc_history h;
	size_t idx;
};

static void options_help(FILE *out, bool backtest)
{
	fprintf(out,
		"Options:\n"
		"  --sales FILE           past sales ('-': standard input), "
		"as\n"
		"                         date,product,quantity or a till's "
		"log\n"
		"                         Date,Time,Transaction,Item (one "
		"row per item)\n"
		"  --product NAME         the product, as named in FILE\n"
		"  --price P              what one sells for, e.g. 2.50\n"
		"  --unit-cost C          what one costs to make, e.g. 0.70\n"
		"  --from DATE, --to DATE the days, YYYY-MM-DD (default: %s)\n"
		"  --shelf-life-days N    days one can be sold, counting the "
		"day it is made\n"
		"                         (default 1: bread; 30 for soap)\n"
		"  --salvage S            what an expired one still fetches "
		"(default 0)\n"
		"  --batch-size N         make multiples of N, e.g. a tray "
		"of 12 (default 1)\n"
		"  --max-batch N          the most one run of the equipment "
		"makes\n"
		"  --batch-days LIST      the weekdays you make a batch, "
		"e.g. mon,thu\n"
		"                         (default every day the shop "
		"opens)\n"
		"  --on-hand N            units in stock before the first "
		"day (default 0)\n"
		"  --json                 print JSON (money in pence)\n\n",
		backtest ? "the last eight weeks of FILE"
			 : "the week after FILE ends");
}

static void about(FILE *out)
{
	cli_wrap(out,
		 "Each day's quantity rests only on the sales before that "
		 "day. smallrun forecasts the day's demand from the weekday "
		 "pattern, the recent level and half of a robust trend, with "
		 "the spread of its own recent errors, and makes the "
		 "quantity that earns most on average: it runs out only as "
		 "often as a missed sale costs less than an unsold one. A day "
		 "with no sales of anything in FILE is a day the shop was "
		 "closed: no batch, and not a zero. doc/FORECAST.md explains "
		 "the model.",
		 0, 0, WIDTH);
	fprintf(out, "\nExit status: 0 on success; 2 for a bad option or bad "
		     "input (one line on\nstandard error names it); 1 when "
		     "FILE cannot be read.\n");
}

void cmd_forecast_help(FILE *out)
{
	options_help(out, false);
	cli_wrap(out,
		 "Prints, for every day from --from to --to, how many to "
		 "make, the runs that takes, and the demand expected with an "
		 "80% range. --json prints {\"days\": [{\"date\": "
		 "\"YYYY-MM-DD\", \"quantity\": Q, ...}, ...]}. Days after "
		 "FILE ends are planned on the forecast itself.",
		 0, 0, WIDTH);
	fputc('\n', out);
	about(out);
}

void cmd_backtest_help(FILE *out)
{
	options_help(out, true);
	cli_wrap(out,
		 "Walks through the days from --from to --to as if planning "
		 "each one that morning, sells what FILE says sold (sales "
		 "stand in for demand: a sold-out day hides what more would "
		 "have sold), and reports units made, sold, wasted and short "
		 "and the profit, side by side with two rules of thumb: make "
		 "what sold on the same weekday last week, and make the mean "
		 "of the last four same weekdays. Profit = sold x price - "
		 "made x unit cost (+ salvage, + stock left over at unit "
		 "cost).",
		 0, 0, WIDTH);
	fputc('\n', out);
	about(out);
}

static int bad(const struct job *j, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int bad(const struct job *j, const char *fmt, ...)
{
	struct sr_buf msg = SR_BUF_INIT(4096);
	va_list ap;
	int rc;

	va_start(ap, fmt);
	sr_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	rc = cli_error(j->cmd, CLI_USAGE, "%s", msg.data);
	sr_buf_release(&msg);
	return rc;
}

static int opt_count(const struct job *j, const char *opt, const char *arg,
		     int64_t *v, int64_t min, int64_t max)
{
	if (sr_parse_i64z(arg, v, min, max))
		return bad(j,
			   "%s must be a whole number from %" PRId64
			   " to %" PRId64 ", not '%s'",
			   opt, min, max, arg);
	return CLI_OK;
}

static int opt_money(const struct job *j, const char *opt, const char *arg,
		     int64_t *v)
{
	if (sr_parse_money(arg, v, SR_FC_MAX_PRICE))
		return bad(j,
			   "%s must be an amount like 2.50 (at most %d.%02d), "
			   "not '%s'",
			   opt, SR_FC_MAX_PRICE / 100, SR_FC_MAX_PRICE % 100,
			   arg);
	return CLI_OK;
}

static int opt_date(const struct job *j, const char *opt, const char *arg,
		    int64_t *v)
{
	if (sr_date_parse(arg, strlen(arg), v))
		return bad(j, "%s must be a date as YYYY-MM-DD, not '%s'", opt,
			   arg);
	return CLI_OK;
}

/* "mon,thu" into weekday bits. */
static int opt_weekdays(const struct job *j, const char *arg, unsigned *bits)
{
	const char *p = arg;

	*bits = 0;
	if (!strcasecmp(arg, "daily") || !strcasecmp(arg, "all")) {
		*bits = SR_FC_EVERY_DAY;
		return CLI_OK;
	}
	for (;;) {
		size_t len = strcspn(p, ",");
		int w;

		for (w = 0; w < 7; w++)
			if (len == 3 && !strncasecmp(p, wdays[w], 3))
				break;
		if (w == 7)
			return bad(j,
				   "--batch-days takes weekdays like mon,thu "
				   "(mon tue wed thu fri sat sun), not '%s'",
				   arg);
		*bits |= 1u << w;
		if (!p[len])
			break;
		p += len + 1;
	}
	return CLI_OK;
}

/* Check one option's value: option i is given as arg. */
static int parse_value(struct job *j, int i, const char *arg)
{
	int64_t v = 1;
	int rc;

	switch (i) {
	case O_FROM: return opt_date(j, "--from", arg, &j->from);
	case O_TO: return opt_date(j, "--to", arg, &j->to);
	case O_PRICE: return opt_money(j, "--price", arg, &j->p.price);
	case O_COST: return opt_money(j, "--unit-cost", arg, &j->p.unit_cost);
	case O_SALVAGE: return opt_money(j, "--salvage", arg, &j->p.salvage);
	case O_SHELF:
		rc = opt_count(j, "--shelf-life-days", arg, &v, 1, 3660);
		j->p.shelf_life_days = (int)v;
		return rc;
	case O_BATCH_SIZE:
		return opt_count(j, "--batch-size", arg, &j->p.batch_size, 1,
				 SR_FC_MAX_UNITS);
	case O_MAX_BATCH:
		return opt_count(j, "--max-batch", arg, &j->p.max_batch, 1,
				 SR_FC_MAX_BATCH);
	case O_BATCH_DAYS: return opt_weekdays(j, arg, &j->batch_days);
	case O_ON_HAND:
		return opt_count(j, "--on-hand", arg, &j->on_hand, 0,
				 SR_FC_MAX_BATCH);
	default: return CLI_OK;
	}
}

static int parse(struct job *j, int argc, char **argv)
{
	const char *val[O__MAX];
	struct cli_args a;
	int rc;

	j->p = (struct sr_fc_product){0, 0, 0, 1, 1, 0};
	j->batch_days = SR_FC_EVERY_DAY;
	rc = cli_parse(j->cmd, options, O__MAX, argc, argv, val, &a);
	for (int i = 0; !rc && i < O__MAX; i++)
		if (val[i])
			rc = parse_value(j, i, val[i]);
	if (rc)
		return rc;
	j->json = a.json;
	j->sales = val[O_SALES];
	j->product = val[O_PRODUCT];
	j->from_s = val[O_FROM];
	j->to_s = val[O_TO];
	j->have_price = val[O_PRICE] != NULL;
	j->have_cost = val[O_COST] != NULL;
	if (a.argc)
		return bad(j,
			   "unexpected argument '%s'; see 'smallrun help %s'",
			   a.argv[0], j->cmd);
	if (!j->sales || !j->product || !j->have_price || !j->have_cost)
		return bad(j, "%s is needed; see 'smallrun help %s'",
			   !j->sales	    ? "--sales FILE"
			   : !j->product    ? "--product NAME"
			   : !j->have_price ? "--price P"
					    : "--unit-cost C",
			   j->cmd);
	if (j->p.price <= 0)
		return bad(j, "--price must be above zero");
	if (j->p.salvage >= j->p.price)
		return bad(j, "--salvage must be below --price");
	if (j->from_s && j->to_s && j->from > j->to)
		return bad(j, "--from %s is after --to %s", j->from_s, j->to_s);
	return CLI_OK;
}

/* Read the file and find the product; exit code. */
static int load(struct job *j)
{
	struct sr_fail f = SR_FAIL_INIT;
	FILE *fp = stdin;
	bool std = !strcmp(j->sales, "-");
	const char *name = std ? "standard input" : j->sales;
	enum sr_err err;
	int rc = CLI_OK;

	if (!std && !(fp = fopen(j->sales, "rb")))
		return cli_error(j->cmd, CLI_FAIL, "cannot open %s: %s",
				 j->sales, strerror(errno));
	err = sr_sales_read(&j->s, fp, name, &f);
	if (!std)
		fclose(fp);
	if (err) {
		rc = cli_error(j->cmd,
			       err == SR_EINVAL || err == SR_ETOOBIG ? CLI_USAGE
								     : CLI_FAIL,
			       "%s", f.message.data);
		goto out;
	}
	err = sr_sales_find(j->s, j->product, &j->idx);
	if (err == SR_ECONFLICT) {
		rc = bad(j,
			 "several products in %s are called '%s' but for "
			 "case; give the exact name",
			 name, j->product);
	} else if (err) {
		size_t near[5], n = sr_sales_similar(j->s, j->product, near, 5);
		struct sr_buf msg = SR_BUF_INIT(4096);

		for (size_t i = 0; i < n; i++)
			sr_buf_addf(&msg, "%s'%s'", i ? ", " : "",
				    sr_sales_name(j->s, near[i]));
		if (!n) {
			/* Nothing close: name the best sellers instead. */
			size_t count = sr_sales_count(j->s);

			for (size_t k = 0; k < 5 && k < count; k++) {
				size_t best = count;

				for (size_t i = 0; i < count; i++) {
					bool taken = false;

					for (size_t t = 0; t < k; t++)
						taken |= near[t] == i;
					if (!taken &&
					    (best == count ||
					     sr_sales_total(j->s, i) >
						     sr_sales_total(j->s,
								    best)))
						best = i;
				}
				near[k] = best;
				sr_buf_addf(&msg, "%s'%s'", k ? ", " : "",
					    sr_sales_name(j->s, best));
			}
		}
		rc = bad(j, "no product '%s' in %s; %s %s%s", j->product, name,
			 n ? "did you mean" : "its best sellers are", msg.data,
			 n ? "?" : "");
		sr_buf_release(&msg);
	} else if (sr_sales_history(j->s, j->idx, &j->h, &f)) {
		rc = cli_error(j->cmd, CLI_FAIL, "%s", f.message.data);
	}
out:
	sr_fail_release(&f);
	return rc;
}

static void print_money(int64_t minor, int width)
{
	char buf[32];

	cli_format_money(minor, buf, sizeof(buf));
	printf("%*s", width, buf);
}

static json_t *round2(double v)
{
	return json_real(round(v * 100) / 100);
}

static int emit_json(const struct job *j, json_t *doc)
{
	char *text =
		doc ? json_dumps(doc, JSON_INDENT(2) | JSON_REAL_PRECISION(10))
		    : NULL;
	int rc = CLI_OK;

	if (!text)
		rc = cli_error(j->cmd, CLI_FAIL, "out of memory");
	else
		printf("%s\n", text);
	free(text);
	json_decref(doc);
	return rc;
}

static json_t *head_json(const struct job *j, int64_t from, int64_t to)
{
	char a[11], b[11];

	sr_date_format(from, a);
	sr_date_format(to, b);
	return json_pack(
		"{s:s, s:s, s:s, s:I, s:I, s:I, s:i, s:I, s:I}", "product",
		sr_sales_name(j->s, j->idx), "from", a, "to", b, "price",
		(json_int_t)j->p.price, "unit_cost", (json_int_t)j->p.unit_cost,
		"salvage", (json_int_t)j->p.salvage, "shelf_life_days",
		j->p.shelf_life_days, "batch_size", (json_int_t)j->p.batch_size,
		"max_batch", (json_int_t)j->p.max_batch);
}

static void print_head(const struct job *j, const char *what, int64_t from,
		       int64_t to)
{
	char a[11], b[11], price[32], cost[32];

	sr_date_format(from, a);
	sr_date_format(to, b);
	cli_format_money(j->p.price, price, sizeof(price));
	cli_format_money(j->p.unit_cost, cost, sizeof(cost));
	printf("%s: %s, %s to %s\nprice %s, unit cost %s, shelf life %d "
	       "day%s",
	       sr_sales_name(j->s, j->idx), what, a, b, price, cost,
	       j->p.shelf_life_days, j->p.shelf_life_days == 1 ? "" : "s");
	if (j->p.batch_size > 1)
		printf(", batches of %" PRId64, j->p.batch_size);
	printf("\n\n");
}

static int run_forecast(struct job *j)
{
	static const struct sr_fc_model model = SR_FC_MODEL_INIT;
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_fc_step *steps = NULL;
	int64_t first, last, from, to, total = 0;
	json_t *doc = NULL, *days = NULL;
	int rc = CLI_OK;
	size_t n;

	sr_sales_span(j->s, &first, &last);
	from = j->from_s ? j->from
	       : j->to_s ? j->to - FORECAST_DAYS + 1
			 : last + 1;
	to = j->to_s ? j->to : from + FORECAST_DAYS - 1;
	if (from > to) {
		char a[11];

		sr_date_format(from, a);
		return bad(j, "--to %s is before %s, where the days start",
			   j->to_s, a);
	}
	if (to - from >= SR_FC_MAX_DAYS)
		return bad(j, "a forecast covers at most %d days",
			   SR_FC_MAX_DAYS);
	n = (size_t)(to - from + 1);
	steps = calloc(n, sizeof(*steps));
	if (!steps)
		return cli_error(j->cmd, CLI_FAIL, "out of memory");
	if (sr_forecast_walk(&j->h, &model, &j->p, j->batch_days,
			     SR_FC_SMALLRUN, from, to, j->on_hand, steps, NULL,
			     &f)) {
		rc = cli_fail(j->cmd, &f);
		goto out;
	}
	if (j->json) {
		doc = head_json(j, from, to);
		days = json_array();
		if (!doc || !days || json_object_set(doc, "days", days)) {
			rc = cli_error(j->cmd, CLI_FAIL, "out of memory");
			goto out;
		}
	} else {
		print_head(j, "how many to make", from, to);
		printf("date        day     make  runs  expected  80%% "
		       "range  in stock\n");
	}
	for (size_t i = 0; i < n; i++) {
		const struct sr_fc_step *s = &steps[i];
		double dispersion = s->mean > 0 ? s->sd * s->sd / s->mean : 1;
		int64_t lo = sr_forecast_quantile(s->mean, dispersion, 0.1);
		int64_t hi = sr_forecast_quantile(s->mean, dispersion, 0.9);
		char date[11];

		sr_date_format(s->day, date);
		total += s->quantity;
		if (j->json) {
			json_t *d = json_pack(
				"{s:s, s:s, s:I, s:I, s:b, s:b, s:o, s:o, "
				"s:I, s:I, s:I}",
				"date", date, "weekday",
				wdays[sr_date_weekday(s->day)], "quantity",
				(json_int_t)s->quantity, "runs",
				(json_int_t)s->runs, "open", s->open, "batch",
				s->batch, "mean", round2(s->mean), "sd",
				round2(s->sd), "low", (json_int_t)lo, "high",
				(json_int_t)hi, "on_hand",
				(json_int_t)s->on_hand);

			if (!d || json_array_append_new(days, d)) {
				rc = cli_error(j->cmd, CLI_FAIL,
					       "out of memory");
				goto out;
			}
			continue;
		}
		printf("%s  %s", date, wdays[sr_date_weekday(s->day)]);
		if (!s->open) {
			printf("  closed\n");
			continue;
		}
		if (s->batch)
			printf("  %7" PRId64 "  %4" PRId64, s->quantity,
			       s->runs);
		else
			printf("  %7s  %4s", "-", "-");
		printf("  %8.1f  %4" PRId64 "-%-4" PRId64 "  %8" PRId64 "\n",
		       s->mean, lo, hi, s->on_hand);
	}
	if (j->json) {
		if (json_object_set_new(doc, "total", json_integer(total))) {
			rc = cli_error(j->cmd, CLI_FAIL, "out of memory");
			goto out;
		}
		rc = emit_json(j, doc);
		doc = NULL;
	} else {
		printf("\ntotal to make: %" PRId64 "\n", total);
	}
	if (!rc)
		rc = cli_finish(j->cmd, SR_OK, &f);
out:
	json_decref(days);
	json_decref(doc);
	free(steps);
	sr_fail_release(&f);
	return rc;
}

static json_t *tally_json(const struct sr_fc_tally *t)
{
	return json_pack(
		"{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "made",
		(json_int_t)t->made, "sold", (json_int_t)t->sold, "wasted",
		(json_int_t)t->wasted, "short", (json_int_t)t->shortfall,
		"left", (json_int_t)t->left, "revenue", (json_int_t)t->revenue,
		"cost", (json_int_t)t->cost, "salvage", (json_int_t)t->salvage,
		"stock_value", (json_int_t)t->stock_value, "profit",
		(json_int_t)t->profit);
}

static int run_backtest(struct job *j)
{
	static const struct sr_fc_model model = SR_FC_MODEL_INIT;
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_fc_tally t[SR_FC_METHOD__MAX];
	int64_t first, last, from, to;
	json_t *doc = NULL, *methods = NULL;
	char a[11];
	int rc = CLI_OK, best = 0;

	sr_sales_span(j->s, &first, &last);
	to = j->to_s ? j->to : last;
	from = j->from_s ? j->from : to - BACKTEST_DAYS + 1;
	if (from < first)
		from = j->from_s ? from : first;
	if (from < first || to > last) {
		sr_date_format(from < first ? first : last, a);
		return bad(j, "%s %s is %s the sales in %s (%s %s)",
			   from < first ? "--from" : "--to",
			   from < first ? j->from_s : j->to_s,
			   from < first ? "before" : "after",
			   strcmp(j->sales, "-") ? j->sales : "standard input",
			   from < first ? "the first day is" : "the last is",
			   a);
	}
	if (from > to) {
		sr_date_format(from, a);
		return bad(j, "--to %s is before %s, where the days start",
			   j->to_s, a);
	}
	for (int m = 0; m < SR_FC_METHOD__MAX; m++) {
		if (sr_forecast_walk(&j->h, &model, &j->p, j->batch_days,
				     (enum sr_fc_method)m, from, to, j->on_hand,
				     NULL, &t[m], &f)) {
			rc = cli_fail(j->cmd, &f);
			goto out;
		}
		if (t[m].profit > t[best].profit)
			best = m;
	}
	if (j->json) {
		doc = head_json(j, from, to);
		methods = json_object();
		if (!doc || !methods ||
		    json_object_set_new(doc, "open_days",
					json_integer(t[0].open_days)) ||
		    json_object_set(doc, "methods", methods) ||
		    json_object_set_new(
			    doc, "best",
			    json_string(sr_fc_method_names[best]))) {
			rc = cli_error(j->cmd, CLI_FAIL, "out of memory");
			goto out;
		}
		for (int m = 0; m < SR_FC_METHOD__MAX; m++)
			if (json_object_set_new(methods, sr_fc_method_names[m],
						tally_json(&t[m]))) {
				rc = cli_error(j->cmd, CLI_FAIL,
					       "out of memory");
				goto out;
			}
		rc = emit_json(j, doc);
		doc = NULL;
	} else {
		print_head(j, "backtest", from, to);
		printf("%d open days, each planned from the sales before "
		       "it.\n\n",
		       t[0].open_days);
		printf("%-30s %7s %7s %7s %7s %10s\n", "method", "made", "sold",
		       "wasted", "short", "profit");
		for (int m = 0; m < SR_FC_METHOD__MAX; m++) {
			printf("%-30s %7" PRId64 " %7" PRId64 " %7" PRId64
			       " %7" PRId64 " ",
			       sr_fc_method_titles[m], t[m].made, t[m].sold,
			       t[m].wasted, t[m].shortfall);
			print_money(t[m].profit, 10);
			printf("\n");
		}
		if (t[0].left)
			printf("\n(profit counts the %" PRId64 " units left "
			       "in stock at unit cost)\n",
			       t[0].left);
	}
	if (!rc)
		rc = cli_finish(j->cmd, SR_OK, &f);
out:
	json_decref(methods);
	json_decref(doc);
	sr_fail_release(&f);
	return rc;
}

/* Parse, then read the file and run fn; only parse when fn is NULL. */
static int run(const char *cmd, int argc, char **argv, int (*fn)(struct job *))
{
	struct job j = {0};
	int rc;

	j.cmd = cmd;
	rc = parse(&j, argc, argv);
	if (!rc && fn)
		rc = load(&j);
	if (!rc && fn)
		rc = fn(&j);
	sr_sales_free(j.s);
	return rc;
}

int cmd_forecast(int argc, char **argv)
{
	return run("forecast", argc, argv, run_forecast);
}

int cmd_forecast_check(int argc, char **argv)
{
	return run("forecast", argc, argv, NULL);
}

int cmd_backtest(int argc, char **argv)
{
	return run("backtest", argc, argv, run_backtest);
}

int cmd_backtest_check(int argc, char **argv)
{
	return run("backtest", argc, argv, NULL);
}
