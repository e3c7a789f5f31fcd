/*
 * test-cli-args.c - the command line's options, run as a user runs them:
 * an option given twice is a usage error on every command (exit 2, one
 * line naming it, nothing written), including the long runs of one option
 * that once overflowed fixed arrays, and the other option mistakes each
 * name their option. The record nouns come from the library's resource
 * description, so a new resource is covered without a change here.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "harness.h"
#include "smallrun/records.h"

static char dir[64];
static char db[96];

static void make_dir(void)
{
	temp_dir(dir, sizeof(dir), "args");
	snprintf(db, sizeof(db), "%s/w.db", dir);
}

static void clean_dir(void)
{
	remove_dir(dir);
}

/* A command that starts a server when it should not is stopped here. */
TestSuite(cli_args, .init = make_dir, .fini = clean_dir, .timeout = 60);

/*
 * Run `smallrun ARGS` (shell words) in the folder, with its database
 * there and stdin from /dev/null (harness.c's cli_run()).
 */
static void run(struct run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void run(struct run *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vrun(r, dir, db, fmt, ap);
	va_end(ap);
}

/* The folder holds nothing a command wrote: no database, no file. */
static void assert_folder_empty(const char *what)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	cr_assert_not_null(d);
	while ((e = readdir(d)))
		cr_assert(!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
				  !strcmp(e->d_name, ".stderr"),
			  "%s wrote %s", what, e->d_name);
	closedir(d);
}

/*
 * `smallrun ARGS` is refused as giving option twice: exit 2, nothing on
 * stdout, and on stderr exactly "smallrun CMD: --OPTION is given twice".
 */
static void assert_twice(const char *cmd, const char *option, const char *args)
{
	char want[256];
	struct run r;

	run(&r, "%s", args);
	snprintf(want, sizeof(want), "smallrun %s: --%s is given twice\n", cmd,
		 option);
	cr_assert_eq(r.code, 2, "%s: exit %d (%s)", args, r.code, r.err);
	cr_assert_str_eq(r.err, want, "%s", args);
	cr_assert_str_eq(r.out, "", "%s", args);
}

/* "--name=x --name=x ..." n times, or with the values y1 ... yn. */
static char *repeat(const char *option, int n, bool numbered)
{
	char *s = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&s, &len);

	cr_assert_not_null(fp);
	for (int i = 1; i <= n; i++)
		if (numbered)
			fprintf(fp, " --%s=y%d", option, i);
		else
			fprintf(fp, " --%s=x", option);
	fclose(fp);
	return s;
}

static json_t *run_json(const char *args)
{
	struct run r;
	json_t *doc;

	run(&r, "%s", args);
	cr_assert_eq(r.code, 0, "%s: %s", args, r.err);
	doc = json_loads(r.out, 0, NULL);
	cr_assert_not_null(doc, "%s: not JSON: %s", args, r.out);
	return doc;
}

Test(cli_args, seventy_names_on_product_add)
{
	char *names = repeat("name", 70, false), *args;

	cr_assert_gt(asprintf(&args, "product add%s", names), 0);
	assert_twice("product", "name", args);
	assert_folder_empty(args);
	free(args);
	free(names);
}

Test(cli_args, forty_statuses_on_order_list)
{
	char *statuses = repeat("status", 40, false), *args;

	cr_assert_gt(asprintf(&args, "order list%s", statuses), 0);
	assert_twice("order", "status", args);
	assert_folder_empty(args);
	free(args);
	free(statuses);
}

Test(cli_args, a_hundred_different_names_add_nothing)
{
	char *names = repeat("name", 100, true), *args;
	json_t *list;

	cr_assert_gt(asprintf(&args, "product add%s --price 2", names), 0);
	list = run_json("product list --json");
	cr_assert_eq(json_integer_value(json_object_get(list, "total")), 0);
	json_decref(list);
	assert_twice("product", "name", args);
	list = run_json("product list --json");
	cr_assert_eq(json_integer_value(json_object_get(list, "total")), 0,
		     "a product was added");
	json_decref(list);
	free(args);
	free(names);
}

/*
 * One case per command of `smallrun --help` but the record nouns, which
 * the next test takes from the description. The timer case is the one
 * that once wrote past a four-slot array.
 */
static const struct {
	const char *cmd, *option, *args;
} twice[] = {
	{"advise", "storage", "advise --storage=yes --storage=no"},
	{"serve", "listen", "serve --listen 127.0.0.1:0 --listen 127.0.0.1:0"},
	{"sequence", "seed", "sequence --seed 1 --seed 2 jobs.csv"},
	{"forecast", "sales",
	 "forecast --sales a.csv --sales a.csv --product Bread --price 2 "
	 "--unit-cost 1"},
	{"backtest", "product",
	 "backtest --sales a.csv --product Bread --product Rye --price 2 "
	 "--unit-cost 1"},
	{"timer", "order",
	 "timer start --order 1 --order 2 --order 3 --order 4 --worker me"},
	{"trace", "lot", "trace --lot L1 --lot L2"},
	{"stock", "json", "stock --json --json"},
	{"stock", "soon-days", "stock --soon-days 3 --soon-days 4"},
	{"tobuy", "days", "tobuy --days 7 --days 14"},
	{"purchase", "line", "purchase receive 1 --line 1 --line 2"},
	{"batch", "made", "batch done 1 --made 3 --made 4"},
	{"batch", "short", "batch done 1 --short allow --short refuse"},
	{"batch", "json", "batch cost 1 --json --json"},
	{"order", "short", "order done 1 --short allow --short allow"},
	{"settings", "workers", "settings set --workers 1 --workers 2"},
	{"econ", "db", "econ --db a.db --db b.db"},
	{"price", "json", "price 1 --json --json"},
	{"plan", "days", "plan --days 1 --days 2"},
	{"promise", "minutes", "promise --minutes 60 --price 100 --minutes 30"},
	{"export", "csv", "export --csv out --csv out"},
	{"import", "csv", "import --csv in --csv other"},
	{"sales", "create-products",
	 "sales import till.csv --create-products --create-products"},
	{"backup", "db", "backup --db a.db --db b.db copy.db"},
	{"demo", "remove", "demo --remove --remove"},
	{"user", "role",
	 "user add --login a --name A --role maker --role owner "
	 "--password-stdin"},
	{"tobuy", "days", "tobuy --days 7 --days 14"},
	{"workshop", "workshop",
	 "workshop list --db a.db --workshop x --workshop y"},
	{"label", "copies", "label 1 --copies 1 --copies 2 -o x.pdf"},
	{"quote", "price", "quote make 1 --price 1 --price 2"},
	{"quote", "output", "quote pdf 1 -o a.pdf -o b.pdf"},
	{"invoice", "out", "invoice 1 --out a.pdf --out b.pdf"},
	{"receipt", "out", "receipt 1 --out a.pdf --out b.pdf"},
	{"migrate", "to",
	 "migrate --from a.db --to postgresql://x/y --to postgresql://x/z "
	 "--workshop w"},
	{"help", "help", "help --help --help"},
};

Test(cli_args, every_command_refuses_an_option_given_twice)
{
	struct run r;
	char *line;

	for (size_t i = 0; i < sizeof(twice) / sizeof(twice[0]); i++)
		assert_twice(twice[i].cmd, twice[i].option, twice[i].args);
	assert_folder_empty("a command refused");

	/* Every command listed has its case here, or is a record noun. */
	run(&r, "--help");
	cr_assert_eq(r.code, 0);
	line = strstr(r.out, "\nCommands:\n");
	cr_assert_not_null(line, "%s", r.out);
	for (line += strlen("\nCommands:\n"); !strncmp(line, "  ", 2);
	     line = strchr(line, '\n') + 1) {
		char name[32];
		bool found;

		cr_assert_eq(sscanf(line, "%31s", name), 1);
		found = sr_res_find_noun(name) >= 0;
		for (size_t i = 0; i < sizeof(twice) / sizeof(twice[0]); i++)
			found |= !strcmp(twice[i].cmd, name);
		cr_assert(found, "no case for '%s'", name);
	}
	cr_assert(strstr(r.out, "twice"), "the rule is not in --help");
}

/* A field's or filter's name as an option: "shelf-life-days". */
static char *dashed(const char *name)
{
	char *s = strdup(name);

	cr_assert_not_null(s);
	for (char *p = s; *p; p++)
		if (*p == '_' || *p == '.')
			*p = '-';
	return s;
}

Test(cli_args, every_record_noun_refuses_an_option_given_twice)
{
	for (int r = 0; r < SR_RES__MAX; r++) {
		const char *noun = sr_res_noun((enum sr_res)r), *filter;
		char *args, *option = NULL;

		if (!noun || !sr_res_is_list((enum sr_res)r))
			continue;
		for (size_t i = 0; !option && i < sr_res_field_count(r); i++) {
			struct sr_field_info fi;

			sr_res_field_info(r, i, &fi);
			if (!fi.read_only)
				option = dashed(fi.name);
		}
		cr_assert_not_null(option, "%s has no field to write", noun);
		cr_assert_gt(asprintf(&args, "%s add --%s=1 --%s=2", noun,
				      option, option),
			     0);
		assert_twice(noun, option, args);
		free(args);
		free(option);
		if ((filter = sr_res_filter(r, 0, NULL))) {
			option = dashed(filter);
			cr_assert_gt(asprintf(&args, "%s list --%s=1 --%s=1",
					      noun, option, option),
				     0);
			assert_twice(noun, option, args);
			free(args);
			free(option);
		}
		cr_assert_gt(asprintf(&args, "%s show 1 --json --json", noun),
			     0);
		assert_twice(noun, "json", args);
		free(args);
		cr_assert_gt(
			asprintf(&args, "%s rm --db a.db 1 --db b.db", noun),
			0);
		assert_twice(noun, "db", args);
		free(args);
	}
	assert_folder_empty("a record noun refused");
}

Test(cli_args, a_field_written_with_dashes_is_named_so)
{
	assert_twice("product", "shelf-life-days",
		     "product add --name A --shelf-life-days 1 "
		     "--shelf-life-days 2");
	assert_twice("settings", "hours-mon",
		     "settings set --hours-mon 60 --hours-mon=0");
}

Test(cli_args, a_shortened_option_is_the_option)
{
	assert_twice("product", "name", "product add --name=a --na=b");
	assert_twice("forecast", "shelf-life-days",
		     "forecast --shelf 1 --shelf-life-days 2");
	assert_twice("timer", "help", "timer -h --help");
}

Test(cli_args, help_comes_once_the_options_are_right)
{
	struct run r;

	run(&r, "product add --help");
	cr_assert_eq(r.code, 0, "%s", r.err);
	cr_assert(!strncmp(r.out, "usage: smallrun product ", 24), "%s", r.out);
	cr_assert_str_eq(r.err, "");
	assert_twice("product", "name", "product add --name a --name b --help");
	run(&r, "plan --colour --help");
	cr_assert_eq(r.code, 2);
	cr_assert_str_eq(r.err, "smallrun plan: unknown option '--colour'; "
				"see 'smallrun help plan'\n");
	cr_assert_str_eq(r.out, "");
}

Test(cli_args, other_option_mistakes_name_the_option)
{
	static const char *const cases[][2] = {
		{"product add --name",
		 "smallrun product: --name needs a value\n"},
		{"stock --json=yes", "smallrun stock: --json takes no value\n"},
		{"sequence -vx jobs.csv",
		 "smallrun sequence: unknown option '-v'; see 'smallrun help "
		 "sequence'\n"},
		{"order list --due=2026-01-01",
		 "smallrun order: '--due' could be more than one option; write "
		 "it out in full\n"},
		{"serve --listen=127.0.0.1:0 --frobnicate",
		 "smallrun serve: unknown option '--frobnicate'; see 'smallrun "
		 "help serve'\n"},
		{"product --json",
		 "smallrun product: the verb comes first: 'smallrun product "
		 "list|add|show|edit|rm ...'\n"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run r;

		run(&r, "%s", cases[i][0]);
		cr_assert_eq(r.code, 2, "%s: exit %d", cases[i][0], r.code);
		cr_assert_str_eq(r.err, cases[i][1], "%s", cases[i][0]);
		cr_assert_str_eq(r.out, "", "%s", cases[i][0]);
	}
	assert_folder_empty("a refused option");
}

/*
 * The record nouns come from the description: `smallrun --help` lists each
 * with its summary, in the order of enum sr_res, where they have always
 * stood (after backtest, before timer); help for each names its fields.
 */
Test(cli_args, record_nouns_from_the_description)
{
	struct run r;
	const char *at;
	int width, longest = 0;

	run(&r, "--help");
	cr_assert_eq(r.code, 0);
	at = strstr(r.out, "\n  backtest ");
	cr_assert_not_null(at, "%s", r.out);
	/* The summaries start in one column, one space after the longest
	 * name: backtest's tells where. */
	width = (int)strspn(at + 11, " ") + 7;
	at = strchr(at + 1, '\n') + 1;
	for (int res = 0; res < SR_RES__MAX; res++) {
		const char *noun = sr_res_noun((enum sr_res)res);
		char *line;

		if (!noun || !sr_res_is_list((enum sr_res)res))
			continue;
		cr_assert_leq((int)strlen(noun), width, "%s", noun);
		longest = (int)strlen(noun) > longest ? (int)strlen(noun)
						      : longest;
		cr_assert_gt(asprintf(&line, "  %-*s %s\n", width, noun,
				      sr_res_summary((enum sr_res)res)),
			     0);
		cr_assert(!strncmp(at, line, strlen(line)), "want %sgot %.80s",
			  line, at);
		at += strlen(line);
		free(line);
	}
	cr_assert(!strncmp(at, "  timer ", 8), "after the nouns: %.40s", at);
	/* No wider than the longest noun needs (no command is longer). */
	cr_assert_eq(width, longest);

	for (int res = 0; res < SR_RES__MAX; res++) {
		const char *noun = sr_res_noun((enum sr_res)res);
		const char *how[] = {"help %s", "%s --help", "%s add -h"};
		char *want;

		if (!noun || !sr_res_is_list((enum sr_res)res))
			continue;
		/* A noun with verbs of its own (purchase receive) lists
		 * them after the record verbs. */
		cr_assert_gt(asprintf(&want,
				      "usage: smallrun %s list|add|show|edit|rm",
				      noun),
			     0);
		for (size_t k = 0; k < sizeof(how) / sizeof(how[0]); k++) {
			static const char tail[] =
				" [ID] [--FIELD=VALUE...] [--json]\n\n";
			char *rest;

			run(&r, how[k], noun);
			cr_assert_eq(r.code, 0, "%s: %s", noun, r.err);
			cr_assert(!strncmp(r.out, want, strlen(want)),
				  "%s:\n%s", noun, r.out);
			rest = strstr(r.out, tail);
			cr_assert(rest, "%s:\n%s", noun, r.out);
			rest += strlen(tail);
			cr_assert(!strncmp(rest,
					   sr_res_summary((enum sr_res)res),
					   strlen(sr_res_summary(
						   (enum sr_res)res))),
				  "%s:\n%s", noun, r.out);
		}
		for (size_t i = 0; i < sr_res_field_count(res); i++) {
			struct sr_field_info fi;
			char *flag;

			sr_res_field_info(res, i, &fi);
			if (fi.read_only)
				continue;
			flag = dashed(fi.name);
			cr_assert(strstr(r.out, flag), "help %s lacks --%s",
				  noun, flag);
			free(flag);
		}
		free(want);
	}
}

/* A culprit quoted in a message cannot break the one line, nor colour it. */
Test(cli_args, control_bytes_in_a_culprit_stay_on_one_line)
{
	struct run r;

	run(&r, "product show \"$(printf '1\\n2')\"");
	cr_assert_eq(r.code, 2);
	cr_assert_str_eq(r.err, "smallrun product: '1\\n2' is not an id (a "
				"whole number from 1)\n");
	run(&r, "plan --from \"$(printf '\\033[31m')\"");
	cr_assert_eq(r.code, 2);
	cr_assert_str_eq(r.err, "smallrun plan: --from must be a date as "
				"YYYY-MM-DD, not '\\x1b[31m'\n");
}
