/*
 * cmd-settings.c - `smallrun settings [show]` and `smallrun settings set
 * --FIELD=VALUE …` (hours per weekday as --hours-mon=MINUTES …).
 */
#include "compat.h"

#include "cli.h"
#include "smallrun/records.h"

void cmd_settings_help(FILE *out)
{
	fprintf(out, "  settings [show]\n  settings set --FIELD=VALUE ...\n\n"
		     "Fields:\n");
	for (size_t i = 0; i < sr_res_field_count(SR_RES_SETTINGS); i++) {
		struct sr_field_info fi;

		sr_res_field_info(SR_RES_SETTINGS, i, &fi);
		cli_put_flag(out, fi.name);
		fprintf(out, "%s%s\n", fi.type,
			!strcmp(fi.type, "money")
				? " (an amount per hour, such as 25.00)"
			: !strncmp(fi.name, "hours.", 6)
				? " (working minutes that day, 0 to 1440)"
				: "");
	}
	fprintf(out, "Each takes --json and --db PATH.\n");
}

/* Parse, then run unless only checking. */
static int settings(int argc, char **argv, bool run)
{
	size_t nf = sr_res_field_count(SR_RES_SETTINGS), n = 0;
	struct cli_call c = CLI_CALL_INIT;
	bool set = argc > 1 && !strcmp(argv[1], "set");
	struct cli_opt *opts = calloc(nf + 1, sizeof(*opts));
	const char **val = calloc(nf + 1, sizeof(*val));
	struct cli_args a;
	enum sr_err err;
	int rc, verb = 0;

	if (!opts || !val) {
		rc = cli_error("settings", CLI_FAIL, "out of memory");
		goto out;
	}
	/* The verb, when there is one, stands where a command's name would. */
	if (argc > 1 && argv[1][0] != '-') {
		if (strcmp(argv[1], "show") && !set) {
			rc = cli_usage("settings");
			goto out;
		}
		verb = 1;
	}
	for (size_t i = 0; set && i < nf; i++) {
		struct sr_field_info fi;

		sr_res_field_info(SR_RES_SETTINGS, i, &fi);
		opts[n++] = (struct cli_opt){fi.name, true};
	}
	rc = cli_parse("settings", opts, n, argc - verb, argv + verb, val, &a);
	if (rc)
		goto out;
	if (a.argc || (set && !cli_given(val, n))) {
		rc = cli_usage("settings");
		goto out;
	}
	if (set) {
		rc = cli_body("settings", SR_RES_SETTINGS, opts, val, n,
			      &c.body);
		if (rc)
			goto out;
	}
	if (!run)
		goto out;
	rc = cli_open_store("settings", a.db, &c.s);
	if (rc)
		goto out;
	err = set ? sr_settings_update(c.s, c.body.data, c.body.len, &c.out,
				       &c.f)
		  : sr_settings_get(c.s, &c.out, &c.f);
	/* Settings print as JSON with or without --json: they nest. */
	rc = cli_answer("settings", &c, err, true, NULL, NULL);
out:
	free(opts);
	free(val);
	cli_call_release(&c);
	return rc;
}

int cmd_settings(int argc, char **argv)
{
	return settings(argc, argv, true);
}

int cmd_settings_check(int argc, char **argv)
{
	return settings(argc, argv, false);
}
