/*
 * cmd-invoice.c - `smallrun invoice ORDER_ID [--out FILE]`, `invoice pdf
 * NUMBER --out FILE`, `invoice paid NUMBER [--on DATE]`, `invoice void
 * NUMBER`, `invoice list` and `smallrun receipt SALE_ID [--out FILE]`:
 * the same calls the API's invoice routes make (lib/invoice.c).
 */
#include "compat.h"

#include <jansson.h>
#include <time.h>

#include "cli.h"
#include "smallrun/date.h"
#include "smallrun/invoice.h"
#include "smallrun/parse.h"

void cmd_invoice_help(FILE *out)
{
	fprintf(out,
		"  invoice ORDER_ID  issue an invoice of a custom order "
		"(accepted, in\n"
		"                    progress, done or delivered) and write "
		"its PDF\n"
		"  invoice pdf NUMBER      write invoice NUMBER's PDF\n"
		"  invoice paid NUMBER     mark it paid, today or --on DATE\n"
		"  invoice void NUMBER     void it: it keeps its number, owes "
		"nothing\n"
		"  invoice list            every invoice, newest first\n"
		"  --out FILE    where the PDF goes (default invoice-N.pdf; "
		"'-': "
		"standard\n"
		"                output); the path written is printed\n"
		"  --on DATE     the day it was paid (YYYY-MM-DD)\n"
		"Numbers run 1, 2, 3 … with no gaps. Prices are without VAT; "
		"VAT is worked out\nper line, to the penny, half up. Takes "
		"--db "
		"PATH and (list) --json.\n");
}

void cmd_receipt_help(FILE *out)
{
	fprintf(out,
		"  receipt SALE_ID  write the receipt of a sale, \"Receipt "
		"S-ID\", as a PDF\n"
		"  --out FILE    where it goes (default receipt-S-ID.pdf; "
		"'-': standard output)\n"
		"Takes --db PATH.\n");
}

enum { O_OUT, O_ON, O__MAX };

/* Write the PDF in b to path ('-': stdout) and print where it went. */
static int write_pdf(const char *name, const struct sr_buf *b, const char *path)
{
	FILE *fp = strcmp(path, "-") ? fopen(path, "wb") : stdout;
	bool ok = fp && fwrite(b->data, 1, b->len, fp) == b->len;

	if (fp && fp != stdout)
		ok = !fclose(fp) && ok;
	else if (fp)
		ok = !fflush(fp) && ok;
	if (!ok)
		return cli_error(name, CLI_FAIL, "cannot write %s: %s", path,
				 strerror(errno));
	if (fp != stdout)
		printf("%s\n", path);
	return CLI_OK;
}

/* A whole number from 1 operand what names (an id or a number). */
static int operand(const char *name, const struct cli_args *a, const char *what,
		   int64_t *n)
{
	if (a->argc != 1)
		return cli_error(name, CLI_USAGE, "give one %s", what);
	if (sr_parse_i64z(a->argv[0], n, 1, INT64_MAX))
		return cli_error(name, CLI_USAGE,
				 "%s must be a whole number from 1, not '%s'",
				 what, a->argv[0]);
	return CLI_OK;
}

static int print_list(const json_t *doc, const void *ctx)
{
	const json_t *items = json_object_get(doc, "items"), *i;
	size_t k;

	(void)ctx;
	printf("%-7s %-24s %12s  %-10s  %s\n", "number", "customer", "total",
	       "due", "status");
	json_array_foreach(items, k, i)
	{
		char money[32];

		cli_format_money(
			json_integer_value(json_object_get(i, "gross")), money,
			sizeof(money));
		printf("%-7" JSON_INTEGER_FORMAT " %-24.24s %12s  %-10s  %s\n",
		       json_integer_value(json_object_get(i, "number")),
		       cli_str(i, "customer_name", ""), money,
		       cli_str(i, "due_on", ""), cli_str(i, "status", ""));
	}
	return CLI_OK;
}

static int print_one(const json_t *doc, const void *ctx)
{
	(void)ctx;
	printf("invoice %" JSON_INTEGER_FORMAT ": %s\n",
	       json_integer_value(json_object_get(doc, "number")),
	       cli_str(doc, "status", ""));
	return CLI_OK;
}

int cmd_invoice(int argc, char **argv)
{
	static const struct cli_opt opts[O__MAX] = {
		[O_OUT] = {"out", true},
		[O_ON] = {"on", true},
	};
	const char *val[O__MAX] = {0}, *verb = argc > 1 ? argv[1] : "";
	struct cli_call c = CLI_CALL_INIT;
	struct cli_args a;
	char path[64], body[64];
	int64_t n = 0, id = 0, now = (int64_t)time(NULL), day;
	bool pdf = !strcmp(verb, "pdf"), paid = !strcmp(verb, "paid"),
	     is_void = !strcmp(verb, "void"), list = !strcmp(verb, "list");
	bool verbed = pdf || paid || is_void || list;
	int rc = verbed ? cli_parse("invoice", opts, O__MAX, argc - 1, argv + 1,
				    val, &a)
			: cli_parse("invoice", opts, O__MAX, argc, argv, val,
				    &a);

	if (rc)
		goto out;
	if ((val[O_ON] && !paid) || (val[O_OUT] && (paid || is_void || list))) {
		rc = cli_error("invoice", CLI_USAGE, "--%s does not go with %s",
			       val[O_ON] && !paid ? "on" : "out",
			       verbed ? verb : "issuing an invoice");
		goto out;
	}
	if (val[O_ON] && sr_date_parse(val[O_ON], strlen(val[O_ON]), &day)) {
		rc = cli_error("invoice", CLI_USAGE,
			       "--on must be a date, YYYY-MM-DD, not '%s'",
			       val[O_ON]);
		goto out;
	}
	if (list && a.argc) {
		rc = cli_error("invoice", CLI_USAGE, "list takes no operand");
		goto out;
	}
	if (!list)
		rc = operand("invoice", &a,
			     verbed ? "invoice NUMBER" : "ORDER_ID", &n);
	if (!rc)
		rc = cli_open_store("invoice", a.db, &c.s);
	if (rc)
		goto out;
	if (list) {
		struct sr_invoice_query q = {.limit = 1000};

		rc = cli_answer("invoice", &c,
				sr_invoice_list(c.s, &q, now, &c.out, &c.f),
				a.json, print_list, NULL);
		goto out;
	}
	if (verbed && sr_invoice_by_number(c.s, n, &id, &c.f)) {
		rc = cli_fail("invoice", &c.f);
		goto out;
	}
	if (paid || is_void) {
		snprintf(body, sizeof(body), "{\"paid_on\":\"%s\"}",
			 val[O_ON] ? val[O_ON] : "");
		rc = cli_answer(
			"invoice", &c,
			paid ? sr_invoice_paid(c.s, id, body,
					       val[O_ON] ? strlen(body) : 0,
					       now, &c.out, &c.f)
			     : sr_invoice_void(c.s, id, "", 0, now, &c.out,
					       &c.f),
			a.json, print_one, NULL);
		goto out;
	}
	if (!pdf) {
		json_t *doc;

		if (sr_invoice_from_order(c.s, n, "", 0, now, &c.out, &c.f)) {
			rc = cli_fail("invoice", &c.f);
			goto out;
		}
		doc = json_loadb(c.out.data, c.out.len, 0, NULL);
		id = json_integer_value(json_object_get(doc, "id"));
		n = json_integer_value(json_object_get(doc, "number"));
		json_decref(doc);
		sr_buf_reset(&c.out);
	}
	if (sr_invoice_pdf(c.s, id, now, &c.out, &c.f)) {
		rc = cli_fail("invoice", &c.f);
		goto out;
	}
	snprintf(path, sizeof(path), "invoice-%" PRId64 ".pdf", n);
	rc = write_pdf("invoice", &c.out, val[O_OUT] ? val[O_OUT] : path);
out:
	cli_call_release(&c);
	return rc;
}

int cmd_receipt(int argc, char **argv)
{
	static const struct cli_opt opts[] = {{"out", true}};
	const char *val[1] = {0};
	struct cli_call c = CLI_CALL_INIT;
	struct cli_args a;
	char path[64];
	int64_t id = 0;
	int rc = cli_parse("receipt", opts, 1, argc, argv, val, &a);

	if (!rc)
		rc = operand("receipt", &a, "SALE_ID", &id);
	if (!rc)
		rc = cli_open_store("receipt", a.db, &c.s);
	if (!rc && sr_sale_receipt_pdf(c.s, id, &c.out, &c.f))
		rc = cli_fail("receipt", &c.f);
	snprintf(path, sizeof(path), "receipt-S-%" PRId64 ".pdf", id);
	if (!rc)
		rc = write_pdf("receipt", &c.out, val[0] ? val[0] : path);
	cli_call_release(&c);
	return rc;
}
