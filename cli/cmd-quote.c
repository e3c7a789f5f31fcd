/*
 * cmd-quote.c - quotes on the command line: `smallrun quote make ORDER
 * [--price P] [--valid-until DATE] [--delivery-on DATE] [--terms TEXT]
 * [-o FILE.pdf]`, `quote pdf ID -o FILE.pdf`, `quote accept ID` and
 * `quote withdraw ID`, the verbs of the quote noun beyond the record
 * verbs of cmd-records.c (lib/quote.c).
 */
#include "compat.h"

#include <inttypes.h>
#include <jansson.h>
#include <time.h>

#include "cli.h"
#include "smallrun/date.h"
#include "smallrun/parse.h"
#include "smallrun/quote.h"

#define MONEY_MAX INT64_C(100000000000)

void cmd_quote_help(FILE *out)
{
	fprintf(out,
		"Its own verbs:\n"
		"  quote make ORDER [--price P] [--valid-until DATE] "
		"[--delivery-on DATE]\n"
		"             [--terms TEXT] [-o FILE.pdf] [--json]\n"
		"      Quote custom order ORDER (still quoted): at price P "
		"(pounds, without\n"
		"      VAT), else its agreed price, else one worked out from "
		"its costs; VAT\n"
		"      when you are registered; standing until DATE (default "
		"the settings'\n"
		"      quote_days); for delivery on DATE, else its due date, "
		"else the earliest\n"
		"      day the plan can promise. An open quote of the order "
		"is withdrawn.\n"
		"      With -o the quote's PDF is written there too.\n"
		"  quote pdf ID -o FILE.pdf   quote ID as a PDF ('-': "
		"standard output)\n"
		"  quote accept ID            the customer said yes: the "
		"order is accepted\n"
		"  quote withdraw ID          it no longer stands\n\n");
	cmd_records_help(out, "quote");
}

static const char *str(const json_t *o, const char *key)
{
	return cli_str(o, key, "-");
}

/* Set key on obj to v (stolen); a NULL v (not UTF-8, no memory) noted. */
static void put(json_t *obj, const char *key, json_t *v, bool *bad)
{
	if (!v || json_object_set_new(obj, key, v))
		*bad = true;
}

static int print_quote(const json_t *doc, const void *ctx)
{
	const json_t *q = json_object_get(doc, "quote");
	json_int_t vat;
	char total[32], tax[32];

	(void)ctx;
	if (!q)
		q = doc;
	vat = json_integer_value(json_object_get(q, "vat"));
	cli_format_money(json_integer_value(json_object_get(q, "total")), total,
			 sizeof(total));
	cli_format_money(vat, tax, sizeof(tax));
	printf("Quote %" JSON_INTEGER_FORMAT " of order %" JSON_INTEGER_FORMAT
	       ": %s, %s%s%s%s; delivery %s; stands until %s\n",
	       json_integer_value(json_object_get(q, "id")),
	       json_integer_value(json_object_get(q, "order_id")),
	       str(q, "status"), total, vat ? " (VAT " : "", vat ? tax : "",
	       vat ? " in it)" : "", str(q, "delivery_on"),
	       str(q, "valid_until"));
	return CLI_OK;
}

enum { O_PRICE, O_VALID, O_DELIVERY, O_TERMS, O_OUTPUT, O__MAX };

/* An id operand of verb, or the usage error said. */
static int id_of(const struct cli_args *a, const char *what, int64_t *id)
{
	if (a->argc != 1 || sr_parse_i64z(a->argv[0], id, 1, INT64_MAX))
		return cli_error("quote", CLI_USAGE,
				 "which %s? give its id, like 'smallrun quote "
				 "%s 3'",
				 what, strcmp(what, "order") ? "pdf" : "make");
	return CLI_OK;
}

/* The PDF of quote id into path. */
static int write_pdf(struct cli_call *c, int64_t id, const char *path)
{
	sr_buf_reset(&c->out);
	if (sr_quote_pdf(c->s, id, (int64_t)time(NULL), &c->out, &c->f))
		return cli_fail("quote", &c->f);
	return cli_write_file("quote", path, &c->out);
}

/* `quote make`: run false only checks the command line. */
static int make(int argc, char **argv, bool run)
{
	static const struct cli_opt opts[O__MAX] = {
		[O_PRICE] = {"price", true},
		[O_VALID] = {"valid-until", true},
		[O_DELIVERY] = {"delivery-on", true},
		[O_TERMS] = {"terms", true},
		[O_OUTPUT] = {"output", true},
	};
	static const char *const keys[] = {"valid_until", "delivery_on",
					   "terms"};
	const char *val[O__MAX] = {0};
	struct cli_call c = CLI_CALL_INIT;
	struct cli_args a;
	int64_t order = 0, price = 0, day, now = (int64_t)time(NULL), today;
	json_t *body = NULL, *doc = NULL;
	char *text = NULL;
	bool oom = false;
	struct sr_plan_opts po = cli_plan_opts();
	int minute, rc;

	rc = cli_parse("quote", opts, O__MAX, argc - 1, argv + 1, val, &a);
	if (!rc)
		rc = id_of(&a, "order", &order);
	if (rc)
		return rc;
	if (val[O_PRICE] && sr_parse_money(val[O_PRICE], &price, MONEY_MAX))
		return cli_error("quote", CLI_USAGE,
				 "--price must be an amount like 450 or "
				 "450.00, not '%s'",
				 val[O_PRICE]);
	for (int i = O_VALID; i <= O_DELIVERY; i++)
		if (val[i] && sr_date_parse(val[i], strlen(val[i]), &day))
			return cli_error("quote", CLI_USAGE,
					 "--%s must be a date like 2027-01-15, "
					 "not '%s'",
					 opts[i].name, val[i]);
	if (!run)
		return CLI_OK;
	body = json_object();
	oom = !body;
	if (val[O_PRICE])
		put(body, "price", json_integer(price), &oom);
	for (int i = O_VALID; i <= O_TERMS; i++)
		if (val[i])
			put(body, keys[i - O_VALID], json_string(val[i]), &oom);
	text = oom ? NULL : json_dumps(body, JSON_COMPACT);
	json_decref(body);
	if (!text)
		return cli_error("quote", CLI_USAGE,
				 "a value is not UTF-8 text");
	sr_local_time(now, &today, &minute);
	rc = cli_open_store("quote", a.db, &c.s);
	if (!rc && sr_quote_make(c.s, order, text, strlen(text), today, minute,
				 &po, now, &c.out, &c.f))
		rc = cli_fail("quote", &c.f);
	if (!rc) {
		doc = json_loadb(c.out.data, c.out.len, 0, NULL);
		rc = cli_answer("quote", &c, SR_OK, a.json, print_quote, NULL);
	}
	if (!rc && val[O_OUTPUT])
		rc = write_pdf(&c,
			       json_integer_value(json_object_get(doc, "id")),
			       val[O_OUTPUT]);
	json_decref(doc);
	free(text);
	cli_call_release(&c);
	return rc;
}

/* `quote pdf|accept|withdraw ID`. */
static int one(int argc, char **argv, bool run)
{
	static const struct cli_opt opts[] = {{"output", true}};
	const char *verb = argv[1], *val[1] = {0};
	struct cli_call c = CLI_CALL_INIT;
	struct cli_args a;
	int64_t id = 0, now = (int64_t)time(NULL);
	bool pdf = !strcmp(verb, "pdf");
	enum sr_err err;
	int rc;

	rc = cli_parse("quote", opts, pdf ? 1 : 0, argc - 1, argv + 1, val, &a);
	if (!rc)
		rc = id_of(&a, "quote", &id);
	if (!rc && pdf && !val[0])
		rc = cli_error("quote", CLI_USAGE,
			       "where to? give -o FILE.pdf ('-' for standard "
			       "output)");
	if (rc || !run)
		return rc;
	rc = cli_open_store("quote", a.db, &c.s);
	if (!rc && pdf) {
		rc = write_pdf(&c, id, val[0]);
	} else if (!rc) {
		err = !strcmp(verb, "accept")
			      ? sr_quote_accept(c.s, id, now, &c.out, &c.f)
			      : sr_quote_withdraw(c.s, id, now, &c.out, &c.f);
		rc = cli_answer("quote", &c, err, a.json, print_quote, NULL);
	}
	cli_call_release(&c);
	return rc;
}

static bool own(int argc, char **argv, const char **verb)
{
	static const char *const verbs[] = {"make", "pdf", "accept",
					    "withdraw"};

	for (size_t i = 0; argc > 1 && i < SR_ARRAY_SIZE(verbs); i++)
		if (!strcmp(argv[1], verbs[i])) {
			*verb = verbs[i];
			return true;
		}
	return false;
}

static int quote(int argc, char **argv, bool run)
{
	char **args = cli_dash_o(argc, argv);
	const char *verb = NULL;
	int rc;

	if (!args)
		return cli_error("quote", CLI_FAIL, "out of memory");
	if (!own(argc, args, &verb))
		rc = run ? cmd_records(argc, argv)
			 : cmd_records_check(argc, argv);
	else if (!strcmp(verb, "make"))
		rc = make(argc, args, run);
	else
		rc = one(argc, args, run);
	free(args);
	return rc;
}

int cmd_quote(int argc, char **argv)
{
	return quote(argc, argv, true);
}

int cmd_quote_check(int argc, char **argv)
{
	return quote(argc, argv, false);
}
