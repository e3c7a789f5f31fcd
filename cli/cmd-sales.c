/*
 * cmd-sales.c - `smallrun sales import FILE.csv [--create-products]
 * [--encoding utf-8|windows-1252]`: a till's log or a shop's daily sales
 * into the sales records, all or nothing, one sale per product-day however
 * often its days are imported.
 */
#include "compat.h"

#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "smallrun/demand.h"
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
		"case; names with no product stop the import (exit 1) unless"
		"\n--create-products creates them (mode batch, price 0). A bad "
		"row names the\nfile and line (exit 2). All or nothing. Each "
		"product-day is one sale:\nimporting a day again (the same "
		"file, a longer or shorter one, another\nexport) replaces its "
		"figure, never adds to it. The file is read as UTF-8;\n"
		"--encoding windows-1252 reads a Windows till's export. "
		"Progress shows on a\nterminal.\n");
}

/* Progress on stderr, one line rewritten, only on a terminal. */
static void progress(void *ctx, long done, long total)
{
	fprintf(stderr, "\rimporting %s: %ld of %ld product-days",
		(const char *)ctx,
		done, total);
	fflush(stderr);
}

int cmd_sales(int argc, char **argv)
{
	static const struct cli_opt opts[] = {{"create-products", false},
					      {"encoding", true}};
	struct sr_buf data = SR_BUF_INIT(SALES_FILE_MAX);
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	const char *val[2], *file;
	enum sr_encoding enc = SR_ENC_UTF8;
	bool tty = isatty(STDERR_FILENO);
	struct cli_args a;
	sr_store *s = NULL;
	json_t *doc = NULL;
	enum sr_err err;
	int rc;

	rc = cli_parse("sales", opts, 2, argc, argv, val, &a);
	if (rc)
		return rc;
	if (a.argc != 2 || strcmp(a.argv[0], "import"))
		return cli_usage("sales");
	if (val[1] && sr_encoding_parse(val[1], "--encoding", &enc, &f)) {
		rc = cli_fail("sales", &f);
		goto out;
	}
	file = a.argv[1];
	rc = cli_read_file("sales", file, &data);
	if (!rc)
		rc = cli_open_store("sales", a.db, &s);
	if (rc)
		goto out;
	err = sr_sales_import(s, file, data.data, data.len, enc, val[0] != NULL,
			      (int64_t)time(NULL), tty ? progress : NULL,
			      (void *)file, &out, &f);
	if (tty)
		fputc('\n', stderr);
	if (err) {
		/* Products to add first: the data is fine, the store is not
		 * ready for it (1); a bad row is bad input (2). */
		rc = !strcmp(f.code, "unknown_product")
			     ? cli_error("sales", CLI_FAIL,
					 "%s (--create-products)",
					 f.message.data)
			     : cli_fail("sales", &f);
		goto out;
	}
	doc = json_loads(out.data, 0, NULL);
	printf("%s: %lld sales added, %lld replaced, %lld unchanged, "
	       "%lld products over %lld days",
	       file, (long long)json_integer_value(json_object_get(doc,
								   "sales_added")),
	       (long long)json_integer_value(
		       json_object_get(doc, "sales_replaced")),
	       (long long)json_integer_value(
		       json_object_get(doc, "sales_unchanged")),
	       (long long)json_integer_value(json_object_get(doc, "products")),
	       (long long)json_integer_value(json_object_get(doc, "days")));
	if (json_array_size(json_object_get(doc, "products_created")))
		printf("; %zu products created",
		       json_array_size(json_object_get(doc, "products_created")));
	printf("\n");
	rc = cli_finish("sales", SR_OK, &f);
out:
	json_decref(doc);
	sr_store_close(s);
	sr_buf_release(&data);
	sr_buf_release(&out);
	sr_fail_release(&f);
	return rc;
}
