/*
 * cmd-sales.c - `smallrun sales import FILE.csv [--preview]
 * [--create-products] [--skip NAME] [--map NAME=ID] [--price NAME=PRICE]
 * [--encoding utf-8|windows-1252]`: a till's log or a shop's daily sales
 * into the sales records, all or nothing, one sale per product-day however
 * often its days are imported. --preview shows the names no product has,
 * and writes nothing.
 */
#include "compat.h"

#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "smallrun/demand.h"
#include "smallrun/parse.h"
#include "smallrun/sales.h"
#include "smallrun/text.h"

/* The largest sales file read, as the API takes. */
#define SALES_FILE_MAX SR_SALES_IMPORT_MAX

void cmd_sales_help(FILE *out)
{
	fprintf(out,
		"Reads a sales CSV - date,product,quantity rows, or a till's "
		"log with\nDate,Time,Transaction,Item (one row per item "
		"sold) - and adds one sale per\nproduct and day at the "
		"product's price. Products are matched by name,\nignoring "
		"case. All or nothing. Each product-day is one sale: "
		"importing a\nday again (the same file, a longer or shorter "
		"one, another export)\nreplaces its figure, never adds to it. "
		"The file is read as UTF-8;\n--encoding windows-1252 reads a "
		"Windows till's export. Progress shows on\na terminal.\n\n"
		"  --preview                write nothing: show the rows, days "
		"and dates the\n"
		"                           file covers and the names no "
		"product has, each\n"
		"                           with its rows, units, days and a "
		"suggestion\n"
		"  --skip NAME              leave NAME's sales out "
		"(repeatable)\n"
		"  --map NAME=ID            NAME's sales are product ID's "
		"(repeatable)\n"
		"  --price NAME=PRICE       create NAME at PRICE (2.50), its "
		"sales at that\n"
		"                           price (repeatable)\n"
		"  --create-products        create the other names too, at "
		"price 0 (mode\n"
		"                           batch)\n\n"
		"A name with no product and none of these stops the import "
		"(exit 1).\nA bad row names the file and line (exit 2), and so "
		"does a bad choice.\n");
}

/* Progress on stderr, one line rewritten, only on a terminal. */
static void progress(void *ctx, long done, long total)
{
	fprintf(stderr, "\rimporting %s: %ld of %ld product-days",
		(const char *)ctx, done, total);
	fflush(stderr);
}

enum { O_CREATE, O_ENCODING, O_PREVIEW, O_SKIP, O_MAP, O_PRICE, O__MAX };

/*
 * The choices the repeated options make, in the order given, into plan.
 * NAME=VALUE splits at the last '=' (a name may hold one; an id and a
 * price do not).
 */
static int read_choices(const struct cli_args *a, struct sr_import_plan *plan,
			struct sr_fail *f)
{
	static const char *const flag[O__MAX] = {
		[O_SKIP] = "--skip", [O_MAP] = "--map", [O_PRICE] = "--price"};

	for (size_t i = 0; i < a->nmany; i++) {
		const char *v = a->many[i].value, *eq = strrchr(v, '=');
		struct sr_import_choice c = {NULL, SR_IMPORT_SKIP, 0, -1, -1,
					     ""};
		size_t opt = a->many[i].opt;
		char name[SR_SALES_MAX_NAME + 2];

		if (opt != O_SKIP) {
			if (!eq || eq == v ||
			    (size_t)(eq - v) > SR_SALES_MAX_NAME)
				return cli_error(
					"sales", CLI_USAGE,
					"%s takes NAME=%s, not '%s'", flag[opt],
					opt == O_MAP ? "ID" : "PRICE", v);
			snprintf(name, sizeof(name), "%.*s", (int)(eq - v), v);
			c.name = name;
		} else {
			c.name = (char *)v;
		}
		if (opt == O_MAP) {
			c.action = SR_IMPORT_MAP;
			if (sr_parse_i64z(eq + 1, &c.product_id, 1, INT64_MAX))
				return cli_error("sales", CLI_USAGE,
						 "--map %s: '%s' is not a "
						 "product id",
						 name, eq + 1);
		}
		if (opt == O_PRICE) {
			c.action = SR_IMPORT_CREATE;
			if (sr_parse_money(eq + 1, &c.price, INT64_MAX / 4))
				return cli_error("sales", CLI_USAGE,
						 "--price %s: '%s' is not an "
						 "amount such as 2.50",
						 name, eq + 1);
		}
		if (sr_import_plan_add(plan, &c, flag[opt], f))
			return cli_fail("sales", f);
	}
	return CLI_OK;
}

static long long num(const json_t *doc, const char *key)
{
	return (long long)json_integer_value(json_object_get(doc, key));
}

/* The preview for people: what the file covers, the names to settle. */
static int print_preview(const json_t *doc, const void *ctx)
{
	const json_t *unknown = json_object_get(doc, "unknown"), *u;
	size_t i;

	(void)ctx;
	printf("%s: %lld rows over %lld days, %s to %s; %lld names, %lld of "
	       "them your products\n",
	       cli_str(doc, "file", ""), num(doc, "rows"), num(doc, "days"),
	       cli_str(doc, "first_day", "-"), cli_str(doc, "last_day", "-"),
	       num(doc, "names"), num(doc, "products_known"));
	if (!json_array_size(unknown)) {
		printf("Every name is one of your products. Nothing was "
		       "written; import without --preview.\n");
		return CLI_OK;
	}
	printf("\n%zu not yet products:\n%-30s %7s %7s %5s  %s\n",
	       json_array_size(unknown), "NAME", "ROWS", "UNITS", "DAYS",
	       "SUGGESTED");
	json_array_foreach(unknown, i, u)
	{
		const json_t *s = json_object_get(u, "suggested");
		const char *action = cli_str(s, "action", "create");
		char what[300];

		if (!strcmp(action, "map"))
			snprintf(what, sizeof(what), "map to %lld %s",
				 num(s, "product_id"),
				 cli_str(s, "product_name", ""));
		else if (!strcmp(action, "skip"))
			snprintf(what, sizeof(what), "skip: %s",
				 cli_str(s, "why", ""));
		else
			snprintf(what, sizeof(what), "create");
		printf("%-30s %7lld %7lld %5lld  %s\n", cli_str(u, "name", ""),
		       num(u, "rows"), num(u, "units"), num(u, "days"), what);
	}
	printf("\nNothing was written. To import, say for each: --price "
	       "NAME=2.50 (create it\nat that price), --skip NAME, --map "
	       "NAME=ID, or --create-products for the rest.\n");
	return CLI_OK;
}

static int print_import(const json_t *doc, const void *ctx)
{
	size_t created =
		json_array_size(json_object_get(doc, "products_created"));
	size_t mapped =
		json_array_size(json_object_get(doc, "products_mapped"));
	size_t skipped =
		json_array_size(json_object_get(doc, "products_skipped"));

	printf("%s: %lld sales added, %lld replaced, %lld unchanged, %lld "
	       "products over %lld days",
	       (const char *)ctx, num(doc, "sales_added"),
	       num(doc, "sales_replaced"), num(doc, "sales_unchanged"),
	       num(doc, "products"), num(doc, "days"));
	if (created)
		printf("; %zu products created", created);
	if (mapped)
		printf("; %zu names mapped", mapped);
	if (skipped)
		printf("; %zu names skipped (%lld units)", skipped,
		       num(doc, "units_skipped"));
	printf("\n");
	return CLI_OK;
}

int cmd_sales(int argc, char **argv)
{
	static const struct cli_opt opts[O__MAX] = {
		[O_CREATE] = {"create-products", false},
		[O_ENCODING] = {"encoding", true},
		[O_PREVIEW] = {"preview", false},
		[O_SKIP] = {"skip", CLI_MANY},
		[O_MAP] = {"map", CLI_MANY},
		[O_PRICE] = {"price", CLI_MANY},
	};
	struct sr_import_plan plan = SR_IMPORT_PLAN_INIT;
	struct sr_buf data = SR_BUF_INIT(SALES_FILE_MAX);
	struct cli_call c = CLI_CALL_INIT;
	const char *val[O__MAX], *file;
	enum sr_encoding enc = SR_ENC_UTF8;
	bool tty = isatty(STDERR_FILENO);
	struct cli_args *a = malloc(sizeof(*a));
	enum sr_err err;
	int rc;

	if (!a)
		return cli_error("sales", CLI_FAIL, "out of memory");
	rc = cli_parse("sales", opts, O__MAX, argc, argv, val, a);
	if (rc)
		goto out;
	if (a->argc != 2 || strcmp(a->argv[0], "import")) {
		rc = cli_usage("sales");
		goto out;
	}
	if (val[O_ENCODING] &&
	    sr_encoding_parse(val[O_ENCODING], "--encoding", &enc, &c.f)) {
		rc = cli_fail("sales", &c.f);
		goto out;
	}
	plan.preview = val[O_PREVIEW] != NULL;
	plan.create_products = val[O_CREATE] != NULL;
	rc = read_choices(a, &plan, &c.f);
	file = a->argv[1];
	if (!rc)
		rc = cli_read_file("sales", file, &data);
	if (!rc)
		rc = cli_open_store("sales", a->db, &c.s);
	if (rc)
		goto out;
	tty = tty && !plan.preview;
	err = sr_sales_import(c.s, file, data.data, data.len, enc, &plan,
			      (int64_t)time(NULL), tty ? progress : NULL,
			      (void *)file, &c.out, &c.f);
	if (tty)
		fputc('\n', stderr);
	/* Products to add first: the data is fine, the store is not ready
	 * for it (1); a bad row or choice is bad input (2). */
	if (err && !strcmp(c.f.code, "unknown_product"))
		rc = cli_error("sales", CLI_FAIL,
			       "%s (--preview shows them; --price, --skip, "
			       "--map or --create-products settles them)",
			       c.f.message.data);
	else
		rc = cli_answer("sales", &c, err, a->json,
				plan.preview ? print_preview : print_import,
				file);
out:
	sr_import_plan_release(&plan);
	cli_call_release(&c);
	sr_buf_release(&data);
	free(a);
	return rc;
}
