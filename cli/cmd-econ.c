/*
 * cmd-econ.c - `smallrun econ [PRODUCT]` (the numbers of every product or
 * one, and the workshop's verdict) and `smallrun price PRODUCT` (the floor
 * and the suggested prices). PRODUCT is an id or a name.
 */
#include "compat.h"

#include <jansson.h>
#include <time.h>

#include "cli.h"
#include "smallrun/economics.h"
#include "smallrun/parse.h"
#include "smallrun/records.h"

void cmd_econ_help(FILE *out)
{
	fprintf(out,
		"  econ            every product, then the workshop summary\n"
		"  econ PRODUCT    one product in full (an id or a name)\n"
		"Costs made to order and in batches, the price floor (materials "
		"and your\nhourly rate), margin, earnings per hour of work, a "
		"week at the last four\nweeks' sales, the batch size that fits "
		"and what limits it, the verdict and\nwarnings with their "
		"numbers. A warning many products share is said once after "
		"the list, with how\nmany and which; a product with no price "
		"(0) has its price-dependent\nfigures as not known. Retired "
		"products are left out; --retired=1 shows\nthem too. Takes "
		"--json and --db PATH.\n");
}

void cmd_price_help(FILE *out)
{
	fprintf(out, "The price floor of PRODUCT (an id or a name) and the "
		     "prices the conventions\nin 'smallrun settings' suggest: "
		     "cost plus markup, wholesale and retail.\nTakes --json "
		     "and --db PATH.\n");
}

/* Money, or "not known" for a figure left out (no price, too large). */
static void money(const json_t *o, const char *key, char *out, size_t size)
{
	const json_t *v = json_object_get(o, key);

	if (json_is_integer(v))
		cli_format_money(json_integer_value(v), out, size);
	else
		snprintf(out, size, "not known");
}

/* Has the product or the page this warning? */
static bool has_warning(const json_t *o, const char *code)
{
	const json_t *w;
	size_t i;

	json_array_foreach(json_object_get(o, "warnings"), i, w)
	{
		if (!strcmp(cli_str(w, "code", ""), code))
			return true;
	}
	return false;
}

/* Warnings as "  ! code: detail" lines. */
static void print_warnings(const json_t *warnings)
{
	for (size_t i = 0; i < json_array_size(warnings); i++) {
		const json_t *w = json_array_get(warnings, i);

		printf("  ! %s: %s\n", cli_str(w, "code", ""),
		       cli_str(w, "detail", ""));
	}
}

static void print_product(const json_t *p, bool full)
{
	const json_t *uc = json_object_get(p, "unit_cost");
	const json_t *week = json_object_get(p, "week");
	const json_t *batch = json_object_get(p, "batch");
	const json_t *verdict = json_object_get(p, "verdict");
	const json_t *warnings = json_object_get(p, "warnings");
	char price[32], floor[32], cj[32], cb[32], eph[32], pj[32], pb[32];

	money(p, "price", price, sizeof(price));
	money(p, "price_floor", floor, sizeof(floor));
	money(uc, "job", cj, sizeof(cj));
	money(uc, "batch", cb, sizeof(cb));
	money(p, "earned_per_hour", eph, sizeof(eph));
	money(week, "profit_job", pj, sizeof(pj));
	money(week, "profit_batch", pb, sizeof(pb));
	printf("%s%s: best %s (%s)\n",
	       json_string_value(json_object_get(p, "name")),
	       json_integer_value(json_object_get(p, "retired")) ? " (retired)"
								 : "",
	       json_string_value(json_object_get(verdict, "best")),
	       json_string_value(json_object_get(verdict, "why")));
	if (has_warning(p, "no_price"))
		printf("  no price yet, floor %s: set a price to see what it "
		       "earns\n",
		       floor);
	else
		printf("  price %s, floor %s, earns %s an hour of work (%s "
		       "time)\n",
		       price, floor, eph,
		       json_string_value(json_object_get(p, "time_source")));
	if (!full)
		return;
	printf("  unit cost: %s made to order, %s in a batch of %"
	       JSON_INTEGER_FORMAT "\n",
	       cj, cb, json_integer_value(json_object_get(uc, "batch_size")));
	if (json_is_integer(json_object_get(week, "demand")))
		printf("  a week of %" JSON_INTEGER_FORMAT " units: %"
		       JSON_INTEGER_FORMAT " min and %s profit to order, %"
		       JSON_INTEGER_FORMAT " min and %s in batches (of %"
		       JSON_INTEGER_FORMAT " min available)\n",
		       json_integer_value(json_object_get(week, "demand")),
		       json_integer_value(
			       json_object_get(week, "minutes_needed_job")),
		       pj,
		       json_integer_value(
			       json_object_get(week, "minutes_needed_batch")),
		       pb,
		       json_integer_value(
			       json_object_get(week, "minutes_available")));
	else
		printf("  no sales on record: the week cannot be costed yet\n");
	printf("  batch size: %" JSON_INTEGER_FORMAT " (limited by %s; "
	       "economic quantity %" JSON_INTEGER_FORMAT ")\n",
	       json_integer_value(json_object_get(batch, "recommended")),
	       json_string_value(json_object_get(batch, "bound_by")),
	       json_integer_value(json_object_get(batch, "epq")));
	printf("  a new custom order would start within %" JSON_INTEGER_FORMAT
	       " working day(s)\n",
	       json_integer_value(json_object_get(p, "lead_days")));
	print_warnings(warnings);
}

/* price: the floor and the suggested prices of one product. */
static int print_prices(const json_t *doc, const void *ctx)
{
	const json_t *sp = json_object_get(doc, "suggested_prices");
	char now[32], floor[32], plus[32], whole[32], retail[32];

	(void)ctx;
	money(doc, "price", now, sizeof(now));
	money(doc, "price_floor", floor, sizeof(floor));
	money(sp, "cost_plus", plus, sizeof(plus));
	money(sp, "wholesale", whole, sizeof(whole));
	money(sp, "retail", retail, sizeof(retail));
	printf("%s\n  now %s\n  floor %s (materials and your hourly rate)\n"
	       "  cost plus markup %s\n  wholesale %s\n  retail %s\n",
	       json_string_value(json_object_get(doc, "name")), now, floor,
	       plus, whole, retail);
	return CLI_OK;
}

/* econ PRODUCT: that product in full. */
static int print_one(const json_t *doc, const void *ctx)
{
	(void)ctx;
	print_product(doc, true);
	return CLI_OK;
}

/* econ: every product in brief, the warnings they share (each once),
 * then the workshop's verdict. */
static int print_all(const json_t *doc, const void *ctx)
{
	const json_t *ps = json_object_get(doc, "products");
	const json_t *w = json_object_get(doc, "workshop");
	const json_t *warnings = json_object_get(doc, "warnings");

	(void)ctx;
	for (size_t i = 0; i < json_array_size(ps); i++)
		print_product(json_array_get(ps, i), false);
	if (json_array_size(warnings)) {
		printf("\nwarnings:\n");
		print_warnings(warnings);
	}
	printf("\nworkshop: %s\n",
	       json_string_value(json_object_get(w, "why")));
	print_warnings(json_object_get(w, "warnings"));
	return CLI_OK;
}

static int run(const char *name, int argc, char **argv, bool price_only)
{
	/* Only econ takes --retired: the list is all it changes. */
	static const struct cli_opt opts[] = {{"retired", true}};
	struct cli_call c = CLI_CALL_INIT;
	int64_t id = 0, now = (int64_t)time(NULL);
	const char *val[1];
	bool retired = false;
	struct cli_args a;
	enum sr_err err;
	int rc;

	rc = cli_parse(name, opts, price_only ? 0 : 1, argc, argv, val, &a);
	if (!rc && !price_only)
		rc = cli_retired(name, val[0], &retired);
	if (rc)
		return rc;
	if (a.argc > 1 || (price_only && !a.argc))
		return cli_usage(name);
	rc = cli_open_store(name, a.db, &c.s);
	if (!rc && a.argc)
		rc = cli_product_id(name, c.s, a.argv[0], &id);
	if (!rc) {
		unsigned flags = retired ? SR_ECONOMICS_RETIRED : 0;

		err = a.argc ? sr_economics_product(c.s, id, now, &c.out, &c.f)
			     : sr_economics_all(c.s, now, flags, &c.out, &c.f);
		rc = cli_answer(name, &c, err, a.json,
				price_only ? print_prices
				: a.argc   ? print_one
					   : print_all,
				NULL);
	}
	cli_call_release(&c);
	return rc;
}

int cmd_econ(int argc, char **argv)
{
	return run("econ", argc, argv, false);
}

int cmd_price(int argc, char **argv)
{
	return run("price", argc, argv, true);
}
