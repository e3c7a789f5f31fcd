/*
 * cmd-label.c - `smallrun label BATCH --layout L --copies N --start K
 * [--base-url URL] -o FILE.pdf`: a batch's labels as a PDF file, the same
 * PDF the API's labels.pdf answers (lib/label.c).
 */
#include "compat.h"

#include <jansson.h>

#include "cli.h"
#include "smallrun/label.h"
#include "smallrun/parse.h"

void cmd_label_help(FILE *out)
{
	fprintf(out,
		"BATCH is a batch's id or its code (e.g. SOUR-20261125-1).\n"
		"  --layout L      the sheet or roll (default l7160):\n");
	for (size_t i = 0; i < SR_LABEL_LAYOUTS; i++)
		fprintf(out, "                    %-7s %s\n",
			sr_label_layouts[i].name, sr_label_layouts[i].title);
	fprintf(out,
		"  --copies N      how many labels, 1 to %d (default 1)\n"
		"  --start K       the first free label of a used sheet, "
		"counted left to right\n"
		"                  and then down (default 1)\n"
		"  --base-url URL  the address the QR code opens when the "
		"settings have no\n"
		"                  base_url, like http://192.168.1.20:8080\n"
		"  -o, --output FILE.pdf  where the PDF goes ('-': standard "
		"output)\n"
		"A food product's label carries its ingredients (allergens in "
		"bold), dates,\nlot, storage, the business's address, a QR "
		"code of the batch's trace and a\nCode 128 of its code; text "
		"that cannot fit at the legal x-height is an\nerror, never "
		"shrunk. Takes --db PATH.\n",
		SR_LABEL_COPIES_MAX);
}

enum { O_LAYOUT, O_COPIES, O_START, O_BASE, O_OUTPUT, O__MAX };

static int parse(int argc, char **argv, const char **val, struct cli_args *a,
		 struct sr_label_req *r)
{
	static const struct cli_opt opts[O__MAX] = {
		[O_LAYOUT] = {"layout", true}, [O_COPIES] = {"copies", true},
		[O_START] = {"start", true},   [O_BASE] = {"base-url", true},
		[O_OUTPUT] = {"output", true},
	};
	int64_t n;
	int rc = cli_parse("label", opts, O__MAX, argc, argv, val, a);

	if (rc)
		return rc;
	if (a->argc != 1)
		return cli_error("label", CLI_USAGE,
				 "which batch? 'smallrun label BATCH -o "
				 "FILE.pdf' (an id or a code)");
	if (!val[O_OUTPUT])
		return cli_error("label", CLI_USAGE,
				 "where to? give -o FILE.pdf ('-' for "
				 "standard output)");
	r->layout = val[O_LAYOUT] ? val[O_LAYOUT] : "l7160";
	if (!sr_label_layout_find(r->layout))
		return cli_error("label", CLI_USAGE,
				 "--layout must be one of l7160, l7163, "
				 "l7651, roll62, not '%s'",
				 r->layout);
	r->copies = r->start = 1;
	if (val[O_COPIES]) {
		if (sr_parse_i64z(val[O_COPIES], &n, 1, SR_LABEL_COPIES_MAX))
			return cli_error("label", CLI_USAGE,
					 "--copies must be a whole number "
					 "from 1 to %d",
					 SR_LABEL_COPIES_MAX);
		r->copies = (int)n;
	}
	if (val[O_START]) {
		int per = sr_label_per_page(sr_label_layout_find(r->layout));

		if (sr_parse_i64z(val[O_START], &n, 1, per))
			return cli_error("label", CLI_USAGE,
					 "--start must be a whole number from "
					 "1 to %d for layout %s",
					 per, r->layout);
		r->start = (int)n;
	}
	r->base_url = val[O_BASE];
	return CLI_OK;
}

int cmd_label(int argc, char **argv)
{
	const char *val[O__MAX] = {0};
	struct sr_label_req r = {0};
	struct cli_call c = CLI_CALL_INIT;
	struct cli_args a;
	char **args = cli_dash_o(argc, argv);
	int rc;

	if (!args)
		return cli_error("label", CLI_FAIL, "out of memory");
	rc = parse(argc, args, val, &a, &r);
	if (rc)
		goto out;
	rc = cli_open_store("label", a.db, &c.s);
	if (!rc)
		rc = cli_batch_id("label", c.s, a.argv[0], &r.batch_id);
	if (!rc && sr_label_pdf(c.s, &r, &c.out, &c.f))
		rc = cli_fail("label", &c.f);
	if (rc)
		goto out;
	rc = cli_write_file("label", val[O_OUTPUT], &c.out);
out:
	cli_call_release(&c);
	free(args);
	return rc;
}
