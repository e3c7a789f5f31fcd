/*
 * cmd-trace.c - `smallrun trace` (the recall list of a batch or a
 * supplier's lot) and `smallrun stock` (what is on the shelves).
 */
#include "compat.h"

#include <time.h>

#include "cli.h"
#include "smallrun/parse.h"
#include "smallrun/records.h"

void cmd_trace_help(FILE *out)
{
	fprintf(out,
		"  trace CODE          a batch by its code (e.g. "
		"SOUR-20261125-1)\n"
		"  trace --lot LOT     every batch that used a supplier's "
		"lot\n"
		"A lot or code matches whatever its case, spaces, '-' and "
		"'_'; when none\nmatches, close ones are suggested.\n"
		"Lists the materials and lots used and every customer who "
		"received the\nbatch, with how many and how to reach them. "
		"Takes --json and --db PATH.\n");
}

void cmd_stock_help(FILE *out)
{
	fprintf(out, "Finished goods per product and batch (made - rejected - "
		     "sold), materials at or\nunder their reorder level, and "
		     "storage used against capacity, and the lots of "
		     "materials with stock left\nthat are past their date "
		     "or expire within --soon-days N days (0 to 365,\n"
		     "default 7).\nRetired products with "
		     "none left are left out; --retired=1 lists them\ntoo. "
		     "Takes --json and --db PATH.\n");
}

static const char *str(const json_t *o, const char *key)
{
	return cli_str(o, key, "-");
}

static void print_trace(const json_t *t)
{
	const json_t *b = json_object_get(t, "batch");
	const json_t *mats = json_object_get(t, "materials");
	const json_t *cust = json_object_get(t, "customers");

	printf("batch %s: %s, run %s, best before %s\n", str(b, "code"),
	       str(json_object_get(t, "product"), "name"), str(b, "run_date"),
	       str(b, "best_before"));
	printf("  made %" JSON_INTEGER_FORMAT ", rejected %" JSON_INTEGER_FORMAT
	       ", sold %" JSON_INTEGER_FORMAT ", left %" JSON_INTEGER_FORMAT
	       "\n",
	       json_integer_value(json_object_get(b, "made_qty")),
	       json_integer_value(json_object_get(b, "rejected_qty")),
	       json_integer_value(json_object_get(b, "sold_qty")),
	       json_integer_value(json_object_get(b, "available_qty")));
	for (size_t i = 0; i < json_array_size(mats); i++) {
		const json_t *m = json_array_get(mats, i);

		printf("  used %" JSON_INTEGER_FORMAT " %s of %s, lot %s\n",
		       json_integer_value(json_object_get(m, "quantity")),
		       str(m, "unit"), str(m, "material_name"), str(m, "lot"));
	}
	if (!json_array_size(cust))
		printf("  no customer on record received it\n");
	for (size_t i = 0; i < json_array_size(cust); i++) {
		const json_t *c = json_array_get(cust, i);

		printf("  -> %s: %" JSON_INTEGER_FORMAT " (%s, %s)\n",
		       str(c, "name"),
		       json_integer_value(json_object_get(c, "quantity")),
		       str(c, "email"), str(c, "phone"));
	}
}

/* A batch's recall list, or each batch a lot went into (ctx: the lot). */
static int print_traced(const json_t *doc, const void *ctx)
{
	const json_t *batches = json_object_get(doc, "batches");
	const char *lot = ctx;

	if (!lot) {
		print_trace(doc);
	} else if (!json_array_size(batches)) {
		const json_t *near = json_object_get(doc, "suggestions");

		printf("no batch used lot %s\n", lot);
		for (size_t i = 0; i < json_array_size(near); i++)
			printf("%s%s", i ? ", " : "did you mean ",
			       json_string_value(json_array_get(near, i)));
		if (json_array_size(near))
			printf("?\n");
	} else {
		printf("lot %s went into %zu batch%s\n", lot,
		       json_array_size(batches),
		       json_array_size(batches) == 1 ? "" : "es");
		for (size_t i = 0; i < json_array_size(batches); i++)
			print_trace(json_array_get(batches, i));
	}
	return CLI_OK;
}

int cmd_trace(int argc, char **argv)
{
	static const struct cli_opt opts[] = {{"lot", true}};
	struct cli_call c = CLI_CALL_INIT;
	const char *lot;
	struct cli_args a;
	enum sr_err err;
	int rc;

	rc = cli_parse("trace", opts, 1, argc, argv, &lot, &a);
	if (rc)
		return rc;
	/* A code or --lot, not both. */
	if (a.argc != (lot ? 0 : 1))
		return cli_usage("trace");
	rc = cli_open_store("trace", a.db, &c.s);
	if (!rc) {
		err = lot ? sr_trace_lot(c.s, lot, &c.out, &c.f)
			  : sr_trace_code(c.s, a.argv[0], &c.out, &c.f);
		rc = cli_answer("trace", &c, err, a.json, print_traced, lot);
	}
	cli_call_release(&c);
	return rc;
}

static int print_stock(const json_t *doc, const void *ctx)
{
	const json_t *ps = json_object_get(doc, "products");
	const json_t *low = json_object_get(doc, "low_materials");
	const json_t *lots = json_object_get(doc, "expiring_lots");
	const json_t *st = json_object_get(doc, "storage");
	const json_t *page = json_object_get(doc, "batches");
	const json_t *bs = json_object_get(page, "items");
	json_int_t more = json_integer_value(json_object_get(page, "total")) -
			  (json_int_t)json_array_size(bs);

	(void)ctx;
	printf("Finished goods\n");
	for (size_t i = 0; i < json_array_size(ps); i++) {
		const json_t *p = json_array_get(ps, i);
		char name[300];

		snprintf(name, sizeof(name), "%s%s", str(p, "name"),
			 json_integer_value(json_object_get(p, "retired"))
				 ? " (retired)"
				 : "");
		printf("  %-30s %" JSON_INTEGER_FORMAT "\n", name,
		       json_integer_value(json_object_get(p, "available")));
		for (size_t j = 0; j < json_array_size(bs); j++) {
			const json_t *b = json_array_get(bs, j);

			if (!json_equal(json_object_get(b, "product_id"),
					json_object_get(p, "product_id")))
				continue;
			printf("    %-28s %" JSON_INTEGER_FORMAT
			       "  best before %s\n",
			       str(b, "code"),
			       json_integer_value(
				       json_object_get(b, "available")),
			       str(b, "best_before"));
		}
	}
	if (more > 0)
		printf("  (and %" JSON_INTEGER_FORMAT " more batches with "
		       "stock: see GET /api/v1/stock?offset=%zu)\n",
		       more, json_array_size(bs));
	printf("Materials to reorder\n");
	if (!json_array_size(low))
		printf("  none\n");
	for (size_t i = 0; i < json_array_size(low); i++) {
		const json_t *m = json_array_get(low, i);

		printf("  %-30s %" JSON_INTEGER_FORMAT " %s (reorder "
		       "at %" JSON_INTEGER_FORMAT ")\n",
		       str(m, "name"),
		       json_integer_value(json_object_get(m, "on_hand")),
		       str(m, "unit"),
		       json_integer_value(json_object_get(m, "reorder_level")));
	}
	printf("Lots past or near their date (within %" JSON_INTEGER_FORMAT
	       " days)\n",
	       json_integer_value(json_object_get(doc, "soon_days")));
	if (!json_array_size(lots))
		printf("  none\n");
	for (size_t i = 0; i < json_array_size(lots); i++) {
		const json_t *l = json_array_get(lots, i);
		json_int_t left =
			json_integer_value(json_object_get(l, "days_left"));

		printf("  %-30s %-12s %s  %" JSON_INTEGER_FORMAT " %s  %s\n",
		       str(l, "material_name"), str(l, "lot"),
		       str(l, "expires_on"),
		       json_integer_value(json_object_get(l, "remaining")),
		       str(l, "unit"),
		       left < 0	   ? "EXPIRED"
		       : left == 0 ? "expires today"
				   : "soon");
	}
	if (json_is_null(json_object_get(st, "used")))
		printf("Storage: more in use than can be counted\n");
	else if (json_integer_value(json_object_get(st, "capacity")) > 0)
		printf("Storage: %" JSON_INTEGER_FORMAT
		       " used of %" JSON_INTEGER_FORMAT "%s\n",
		       json_integer_value(json_object_get(st, "used")),
		       json_integer_value(json_object_get(st, "capacity")),
		       json_is_true(json_object_get(st, "over")) ? " - OVER"
								 : "");
	else
		printf("Storage: %" JSON_INTEGER_FORMAT " used (no "
		       "capacity set: 'smallrun settings set "
		       "--storage-capacity N')\n",
		       json_integer_value(json_object_get(st, "used")));
	return CLI_OK;
}

int cmd_stock(int argc, char **argv)
{
	static const struct cli_opt opts[] = {{"retired", true},
					      {"soon-days", true}};
	struct sr_stock_query q = {.limit = SR_LIST_MAX,
				   .now = (int64_t)time(NULL),
				   .soon_days = SR_STOCK_SOON_DEFAULT};
	struct cli_call c = CLI_CALL_INIT;
	const char *val[2];
	struct cli_args a;
	int rc;

	rc = cli_parse("stock", opts, 2, argc, argv, val, &a);
	if (!rc)
		rc = cli_retired("stock", val[0], &q.retired);
	if (!rc && val[1] &&
	    sr_parse_i64z(val[1], &q.soon_days, 0, SR_STOCK_SOON_MAX))
		rc = cli_error("stock", CLI_USAGE,
			       "--soon-days must be a whole number from 0 "
			       "to %d",
			       SR_STOCK_SOON_MAX);
	if (rc)
		return rc;
	if (a.argc)
		return cli_usage("stock");
	rc = cli_open_store("stock", a.db, &c.s);
	if (!rc)
		rc = cli_answer("stock", &c, sr_stock(c.s, &q, &c.out, &c.f),
				a.json, print_stock, NULL);
	cli_call_release(&c);
	return rc;
}
