/*
 * cmd-settings.c - `smallrun settings [show]` and `smallrun settings set
 * --FIELD=VALUE …` (hours per weekday as --hours-mon=MINUTES …).
 */
#include "compat.h"

#include <getopt.h>

#include "cli.h"
#include "smallrun/records.h"

#define MAX_FIELDS 24

enum { OPT_JSON = 1000, OPT_DB, OPT_HELP, OPT_FIELD = 1100 };

void cmd_settings_help(FILE *out)
{
	fprintf(out, "  settings [show]\n  settings set --FIELD=VALUE ...\n\n"
		     "Fields:\n");
	for (size_t i = 0; i < sr_res_field_count(SR_RES_SETTINGS); i++) {
		struct sr_field_info fi;
		char flag[64];
		size_t k;

		sr_res_field_info(SR_RES_SETTINGS, i, &fi);
		for (k = 0; fi.name[k] && k + 1 < sizeof(flag); k++)
			flag[k] = fi.name[k] == '_' || fi.name[k] == '.'
					  ? '-'
					  : fi.name[k];
		flag[k] = '\0';
		fprintf(out, "  --%-20s %s%s\n", flag, fi.type,
			!strcmp(fi.type, "money")
				? " (an amount per hour, such as 25.00)"
			: !strncmp(fi.name, "hours.", 6)
				? " (working minutes that day, 0 to 1440)"
				: "");
	}
	fprintf(out, "Each takes --json and --db PATH.\n");
}

int cmd_settings(int argc, char **argv)
{
	struct option opts[MAX_FIELDS + 4];
	char flags[MAX_FIELDS][64];
	const char *names[MAX_FIELDS], *values[MAX_FIELDS], *db = NULL;
	const char *fnames[MAX_FIELDS];
	struct sr_buf body = SR_BUF_INIT(4096), out = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	size_t nf = sr_res_field_count(SR_RES_SETTINGS), n = 0, o = 0;
	bool json = false, set;
	sr_store *s = NULL;
	enum sr_err err;
	int c, rc = CLI_OK, first = 1;

	if (argc > 1 && argv[1][0] != '-') {
		if (strcmp(argv[1], "show") && strcmp(argv[1], "set"))
			return cli_usage("settings");
		first = 2;
	}
	set = first == 2 && !strcmp(argv[1], "set");
	for (size_t i = 0; i < nf && i < MAX_FIELDS; i++) {
		struct sr_field_info fi;
		size_t k;

		sr_res_field_info(SR_RES_SETTINGS, i, &fi);
		for (k = 0; fi.name[k] && k + 1 < sizeof(flags[i]); k++)
			flags[i][k] = fi.name[k] == '_' || fi.name[k] == '.'
					      ? '-'
					      : fi.name[k];
		flags[i][k] = '\0';
		fnames[i] = fi.name;
		if (set)
			opts[o++] = (struct option){flags[i], required_argument,
						    NULL, OPT_FIELD + (int)i};
	}
	opts[o++] = (struct option){"json", no_argument, NULL, OPT_JSON};
	opts[o++] = (struct option){"db", required_argument, NULL, OPT_DB};
	opts[o++] = (struct option){"help", no_argument, NULL, OPT_HELP};
	opts[o] = (struct option){NULL, 0, NULL, 0};
	opterr = 0;
	optind = first;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (c == OPT_JSON) {
			json = true;
		} else if (c == OPT_DB) {
			db = optarg;
		} else if (c == OPT_HELP || c == 'h') {
			cli_help(stdout, cli_find("settings"));
			goto out;
		} else if (c >= OPT_FIELD && n < MAX_FIELDS) {
			names[n] = fnames[c - OPT_FIELD];
			values[n++] = optarg;
		} else {
			rc = cli_error("settings", CLI_USAGE,
				       "bad option '%s'; see 'smallrun help "
				       "settings'",
				       argv[optind - 1]);
			goto out;
		}
	}
	if (optind < argc || (set && !n)) {
		rc = cli_usage("settings");
		goto out;
	}
	if (set && sr_rec_body_from_text(SR_RES_SETTINGS, names, values, n,
					 &body, &f)) {
		rc = cli_fail("settings", &f);
		goto out;
	}
	rc = cli_open_store("settings", db, &s);
	if (rc)
		goto out;
	err = set ? sr_settings_update(s, body.data, body.len, &out, &f)
		  : sr_settings_get(s, &out, &f);
	if (!err)
		rc = cli_print_json("settings", out.data);
	if (!rc)
		rc = cli_finish("settings", err, &f);
	(void)json; /* settings print as JSON either way: they nest. */
out:
	sr_store_close(s);
	sr_buf_release(&body);
	sr_buf_release(&out);
	sr_fail_release(&f);
	return rc;
}
