/*
 * options.c - the one option parser of the command line. Each command
 * declares its own options in a table; cli_parse() adds the shared ones
 * (--db and --workshop, --json, --help and -h), refuses an option given
 * twice, and says
 * in one line what is wrong with any other option. --help is an option
 * like the others: the help shows once all of them are right.
 *
 * Because no option may come twice, a command gets one value per option
 * it declares, in a slot of its own. The exception is an option declared
 * CLI_MANY (`sales import --skip NAME --skip NAME2`): its values go into
 * a list of a fixed size, CLI_MANY_MAX, and more is a usage error.
 */
#include "compat.h"

#include <getopt.h>

#include "cli.h"

/* The last parse's --workshop (one command runs per process). */
static const char *workshop_given;

const char *cli_workshop(void)
{
	return workshop_given;
}

/* getopt_long's val for each option: the command's own from OPT_OWN on. */
enum { OPT_DB = 256, OPT_WORKSHOP, OPT_JSON, OPT_HELP, OPT_OWN };

/* Copy name to out as typed, '_' and '.' written '-'; past its NUL. */
static char *copy_flag(char *out, const char *name)
{
	for (; *name; name++)
		*out++ = *name == '_' || *name == '.' ? '-' : *name;
	*out++ = '\0';
	return out;
}

void cli_put_flag(FILE *out, const char *name)
{
	int n = fprintf(out, "  --");

	for (; *name; name++, n++)
		fputc(*name == '_' || *name == '.' ? '-' : *name, out);
	fprintf(out, "%*s", n < 25 ? 25 - n : 1, "");
}

size_t cli_given(const char *const *val, size_t n)
{
	size_t given = 0;

	for (size_t i = 0; i < n; i++)
		given += val[i] != NULL;
	return given;
}

/* The name of the option whose val is val. */
static const char *name_of(const struct option *lo, int val)
{
	for (; lo->name; lo++)
		if (lo->val == val)
			return lo->name;
	return "?";
}

/*
 * Say what is wrong with the option getopt_long() did not take: word is
 * the argument it stopped at, which for a short option in a cluster
 * ("-xv") is not the culprit, so optopt names that one.
 */
static int bad_option(const char *name, const struct option *lo,
		      const char *word)
{
	size_t len, matches = 0;

	if (optopt >= OPT_DB)
		return cli_error(name, CLI_USAGE, "--%s takes no value",
				 name_of(lo, optopt));
	if (optopt)
		return cli_error(name, CLI_USAGE,
				 "unknown option '-%c'; see 'smallrun help %s'",
				 optopt, name);
	/* getopt_long takes any unique prefix; more than one is ambiguous. */
	len = strncmp(word, "--", 2) ? 0 : strcspn(word + 2, "=");
	for (const struct option *o = lo; len && o->name; o++)
		matches += !strncmp(o->name, word + 2, len);
	if (matches > 1)
		return cli_error(name, CLI_USAGE,
				 "'%.*s' could be more than one option; write "
				 "it out in full",
				 (int)len + 2, word);
	return cli_error(name, CLI_USAGE,
			 "unknown option '%s'; see 'smallrun help %s'", word,
			 name);
}

int cli_parse(const char *name, const struct cli_opt *opts, size_t n, int argc,
	      char **argv, const char **val, struct cli_args *a)
{
	struct cli_command cmd;
	struct option *lo = NULL;
	const char *db = NULL, *workshop = NULL, *json = NULL, *help = NULL;
	char *flags = NULL, *p;
	size_t len = 0, k = 0;
	int c, rc = CLI_OK;

	*a = (struct cli_args){0};
	workshop_given = NULL;
	for (size_t i = 0; i < n; i++) {
		val[i] = NULL;
		len += strlen(opts[i].name) + 1;
	}
	if (!cli_find(name, &cmd))
		return cli_error(name, CLI_FAIL, "not a command");
	lo = calloc(n + 5, sizeof(*lo));
	flags = malloc(len + 1);
	if (!lo || !flags) {
		rc = cli_error(name, CLI_FAIL, "out of memory");
		goto out;
	}
	/* The shared options first, so that a field cannot hide one. */
	if (cmd.flags & CLI_DB) {
		lo[k++] =
			(struct option){"db", required_argument, NULL, OPT_DB};
		lo[k++] = (struct option){"workshop", required_argument, NULL,
					  OPT_WORKSHOP};
	}
	if (cmd.flags & CLI_JSON)
		lo[k++] = (struct option){"json", no_argument, NULL, OPT_JSON};
	lo[k++] = (struct option){"help", no_argument, NULL, OPT_HELP};
	p = flags;
	for (size_t i = 0; i < n; i++) {
		lo[k++] = (struct option){
			p, opts[i].value ? required_argument : no_argument,
			NULL, OPT_OWN + (int)i};
		p = copy_flag(p, opts[i].name);
	}
	lo[k] = (struct option){NULL, 0, NULL, 0};

	opterr = 0;
	/* 0, not 1: getopt also forgets a cluster a parse left half read. */
	optind = 0;
	while (!rc && (c = getopt_long(argc, argv, ":h", lo, NULL)) != -1) {
		const char **slot;

		c = c == 'h' ? OPT_HELP : c;
		slot = c == OPT_DB	   ? &db
		       : c == OPT_WORKSHOP ? &workshop
		       : c == OPT_JSON	   ? &json
		       : c == OPT_HELP	   ? &help
		       : c >= OPT_OWN	   ? &val[c - OPT_OWN]
					   : NULL;
		if (c == ':')
			rc = cli_error(name, CLI_USAGE, "--%s needs a value",
				       name_of(lo, optopt));
		else if (!slot)
			rc = bad_option(name, lo, argv[optind - 1]);
		else if (c >= OPT_OWN && opts[c - OPT_OWN].value == CLI_MANY &&
			 a->nmany == CLI_MANY_MAX)
			rc = cli_error(name, CLI_USAGE,
				       "--%s: at most %d repeated options in "
				       "all",
				       name_of(lo, c), CLI_MANY_MAX);
		else if (c >= OPT_OWN && opts[c - OPT_OWN].value == CLI_MANY) {
			a->many[a->nmany++] = (struct cli_many){
				(size_t)(c - OPT_OWN), optarg};
			if (!*slot)
				*slot = optarg;
		} else if (*slot)
			rc = cli_error(name, CLI_USAGE, "--%s is given twice",
				       name_of(lo, c));
		else
			*slot = optarg ? optarg : "";
	}
	/* Help once the options are known to be right, --help among them. */
	if (!rc && help) {
		cli_help(stdout, &cmd);
		rc = CLI_HELP;
	}
	if (rc)
		a->nmany = 0;
	if (!rc) {
		a->db = db;
		a->workshop = workshop;
		workshop_given = workshop;
		a->json = json != NULL;
		a->argc = argc - optind;
		a->argv = argv + optind;
	}
out:
	free(lo);
	free(flags);
	return rc;
}
