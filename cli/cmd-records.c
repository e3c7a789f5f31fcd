/*
 * cmd-records.c - `smallrun NOUN list|add|show|edit|rm` for every record
 * resource. The options come from the resource's description (one per
 * field or filter, '_' written '-'), so the CLI checks exactly what the
 * API checks: the library does both.
 */
#include "compat.h"

#include <getopt.h>
#include <time.h>
#include <jansson.h>

#include "cli.h"
#include "smallrun/parse.h"
#include "smallrun/records.h"

#define MAX_OPTS 64

enum {
	OPT_JSON = 1000,
	OPT_DB,
	OPT_HELP,
	OPT_LIMIT,
	OPT_OFFSET,
	OPT_FIELD = 1100, /* + the option's index in its struct optset */
};

/* The options of one verb, built from the description. */
struct optset {
	struct option opt[MAX_OPTS];
	char flag[MAX_OPTS][64];        /* "material-cost" */
	const char *name[MAX_OPTS];     /* "material_cost" */
	size_t n;
};

static int noun_res(const char *noun)
{
	return sr_res_find_noun(noun);
}

/* "hours.mon" and "material_cost" become "hours-mon", "material-cost". */
static void flag_of(const char *name, char *out, size_t size)
{
	size_t i;

	for (i = 0; name[i] && i + 1 < size; i++)
		out[i] = name[i] == '_' || name[i] == '.' ? '-' : name[i];
	out[i] = '\0';
}

static void optset_add(struct optset *os, const char *name, int has_arg,
		       int val)
{
	if (os->n + 1 >= MAX_OPTS)
		return;
	flag_of(name, os->flag[os->n], sizeof(os->flag[0]));
	os->name[os->n] = name;
	os->opt[os->n] = (struct option){os->flag[os->n], has_arg, NULL, val};
	os->n++;
	os->opt[os->n] = (struct option){NULL, 0, NULL, 0};
}

/* Options for a verb: writable fields (add, edit) or filters (list). */
static void optset_build(struct optset *os, int r, bool filters, bool fields)
{
	os->n = 0;
	optset_add(os, "json", no_argument, OPT_JSON);
	optset_add(os, "db", required_argument, OPT_DB);
	optset_add(os, "help", no_argument, OPT_HELP);
	if (filters) {
		const char *name;

		optset_add(os, "limit", required_argument, OPT_LIMIT);
		optset_add(os, "offset", required_argument, OPT_OFFSET);
		for (size_t i = 0; (name = sr_res_filter(r, i, NULL)); i++)
			optset_add(os, name, required_argument,
				   OPT_FIELD + (int)os->n);
	}
	if (fields) {
		for (size_t i = 0; i < sr_res_field_count(r); i++) {
			struct sr_field_info fi;

			sr_res_field_info(r, i, &fi);
			if (!fi.read_only)
				optset_add(os, fi.name, required_argument,
					   OPT_FIELD + (int)os->n);
		}
	}
}

/* Is the field called name of money type? */
static bool is_money(int r, const char *name)
{
	for (size_t i = 0; i < sr_res_field_count(r); i++) {
		struct sr_field_info fi;

		sr_res_field_info(r, i, &fi);
		if (!strcmp(fi.name, name))
			return !strcmp(fi.type, "money");
	}
	return false;
}

/* "name: value" lines for one object, nested objects flattened. */
static void print_object(int r, const json_t *obj, const char *prefix)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)obj, key, v) {
		char name[64], val[256];

		snprintf(name, sizeof(name), "%.30s%.30s", prefix, key);
		if (json_is_object(v)) {
			char sub[64];

			snprintf(sub, sizeof(sub), "%.60s.", name);
			print_object(r, v, sub);
			continue;
		}
		cli_format_value(v, is_money(r, name), val, sizeof(val));
		printf("  %-20s %s\n", name, val);
	}
}

/* A table of the resource's summary columns. */
static void print_table(int r, const json_t *items)
{
	const char *cols = sr_res_columns(r);
	char names[12][32];
	int width[12] = {0};
	size_t nc = 0;

	for (const char *c = cols; *c && nc < 12;) {
		size_t n = strcspn(c, ",");

		snprintf(names[nc], sizeof(names[nc]), "%.*s", (int)n, c);
		width[nc] = (int)n;
		nc++;
		c += n + (c[n] == ',');
	}
	for (size_t i = 0; i < json_array_size(items); i++)
		for (size_t k = 0; k < nc; k++) {
			char val[256];

			cli_format_value(json_object_get(json_array_get(items,
									i),
							 names[k]),
					 is_money(r, names[k]), val,
					 sizeof(val));
			if ((int)strlen(val) > width[k])
				width[k] = (int)strlen(val) > 28
						   ? 28
						   : (int)strlen(val);
		}
	for (size_t k = 0; k < nc; k++)
		printf("%-*s%s", k + 1 < nc ? width[k] : 0, names[k],
		       k + 1 < nc ? "  " : "\n");
	for (size_t i = 0; i < json_array_size(items); i++)
		for (size_t k = 0; k < nc; k++) {
			char val[256];

			cli_format_value(json_object_get(json_array_get(items,
									i),
							 names[k]),
					 is_money(r, names[k]), val,
					 sizeof(val));
			printf("%-*.*s%s", k + 1 < nc ? width[k] : 0, width[k],
			       val, k + 1 < nc ? "  " : "\n");
		}
}

/* Print the library's answer: as JSON, or for people. */
static int print_result(const char *noun, int r, const char *verb,
			const char *text, bool json)
{
	json_t *doc;

	if (json)
		return cli_print_json(noun, text);
	doc = json_loads(text, 0, NULL);
	if (!doc)
		return cli_error(noun, CLI_FAIL, "out of memory");
	if (!strcmp(verb, "list")) {
		print_table(r, json_object_get(doc, "items"));
		printf("(%" JSON_INTEGER_FORMAT " of %" JSON_INTEGER_FORMAT
		       ")\n",
		       (json_int_t)json_array_size(json_object_get(doc,
								   "items")),
		       json_integer_value(json_object_get(doc, "total")));
	} else {
		json_t *id = json_object_get(doc, "id");

		if (strcmp(verb, "show"))
			printf("%s %s %" JSON_INTEGER_FORMAT "\n", noun,
			       !strcmp(verb, "add") ? "added" : "changed",
			       json_integer_value(id));
		else
			printf("%s %" JSON_INTEGER_FORMAT "\n", noun,
			       json_integer_value(id));
		print_object(r, doc, "");
	}
	json_decref(doc);
	return CLI_OK;
}

static int parse_id(const char *noun, const char *text, int64_t *id)
{
	if (!text)
		return cli_error(noun, CLI_USAGE, "which one? give its id");
	if (sr_parse_i64z(text, id, 1, INT64_MAX))
		return cli_error(noun, CLI_USAGE,
				 "'%s' is not an id (a whole number from 1)",
				 text);
	return CLI_OK;
}

int cmd_records(int argc, char **argv)
{
	const char *noun = argv[0], *verb = argc > 1 ? argv[1] : NULL;
	const char *db = NULL, *names[MAX_OPTS], *values[MAX_OPTS];
	struct sr_buf body = SR_BUF_INIT(1 << 20), out = SR_BUF_INIT(64 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_list_query lq = {0};
	struct optset os;
	sr_store *s = NULL;
	bool json = false, list, edit, add;
	int r = noun_res(noun), c, rc = CLI_OK;
	size_t n = 0;
	int64_t id = 0;
	enum sr_err err = SR_OK;

	if (!verb || !strcmp(verb, "--help") || !strcmp(verb, "-h")) {
		cli_help(verb ? stdout : stderr, cli_find(noun));
		return verb ? CLI_OK : CLI_USAGE;
	}
	list = !strcmp(verb, "list") || !strcmp(verb, "ls");
	add = !strcmp(verb, "add");
	edit = !strcmp(verb, "edit");
	if (!list && !add && !edit && strcmp(verb, "show") &&
	    strcmp(verb, "rm"))
		return cli_error(noun, CLI_USAGE,
				 "'%s' is not something a %s can do; use list, "
				 "add, show, edit or rm",
				 verb, noun);
	verb = list ? "list" : verb;
	optset_build(&os, r, list, add || edit);
	opterr = 0;
	optind = 2;
	while ((c = getopt_long(argc, argv, ":h", os.opt, NULL)) != -1) {
		if (c == OPT_JSON) {
			json = true;
		} else if (c == OPT_DB) {
			db = optarg;
		} else if (c == OPT_HELP || c == 'h') {
			cli_help(stdout, cli_find(noun));
			goto out;
		} else if (c == OPT_LIMIT || c == OPT_OFFSET) {
			if (sr_parse_i64z(optarg,
					  c == OPT_LIMIT ? &lq.limit
							 : &lq.offset,
					  c == OPT_LIMIT ? 1 : 0,
					  c == OPT_LIMIT ? SR_LIST_MAX
							 : INT64_MAX / 2)) {
				rc = cli_error(noun, CLI_USAGE,
					       "--%s must be a whole number%s",
					       c == OPT_LIMIT ? "limit"
							      : "offset",
					       c == OPT_LIMIT ? " from 1 to 1000"
							      : "");
				goto out;
			}
		} else if (c >= OPT_FIELD) {
			names[n] = os.name[c - OPT_FIELD];
			values[n++] = optarg;
		} else if (c == ':') {
			rc = cli_error(noun, CLI_USAGE, "%s needs a value",
				       argv[optind - 1]);
			goto out;
		} else {
			rc = cli_error(noun, CLI_USAGE,
				       "unknown option '%s' for '%s %s'; see "
				       "'smallrun help %s'",
				       argv[optind - 1], noun, verb, noun);
			goto out;
		}
	}
	if (!list && !add) {
		rc = parse_id(noun, optind < argc ? argv[optind++] : NULL, &id);
		if (rc)
			goto out;
	}
	if (optind < argc) {
		rc = cli_error(noun, CLI_USAGE, "unexpected argument '%s'",
			       argv[optind]);
		goto out;
	}
	if (edit && !n) {
		rc = cli_error(noun, CLI_USAGE,
			       "nothing to change: give the fields as "
			       "--FIELD=VALUE");
		goto out;
	}
	if ((add || edit) &&
	    sr_rec_body_from_text(r, names, values, n, &body, &f)) {
		rc = cli_fail(noun, &f);
		goto out;
	}
	rc = cli_open_store(noun, db, &s);
	if (rc)
		goto out;
	if (list) {
		for (size_t k = 0; k < n; k++) {
			lq.names[k] = names[k];
			lq.values[k] = values[k];
		}
		lq.n = n;
		err = sr_rec_list(s, (enum sr_res)r, &lq, &out, &f);
	} else if (add) {
		err = sr_rec_create(s, (enum sr_res)r, body.data, body.len,
				    (int64_t)time(NULL), &id, &out, &f);
	} else if (edit) {
		err = sr_rec_update(s, (enum sr_res)r, id, body.data, body.len,
				    (int64_t)time(NULL), &out, &f);
	} else if (!strcmp(verb, "show")) {
		err = sr_rec_get(s, (enum sr_res)r, id, &out, &f);
	} else {
		err = sr_rec_delete(s, (enum sr_res)r, id, &f);
		if (!err && !json)
			printf("%s %" PRId64 " deleted\n", noun, id);
		else if (!err)
			printf("{\"deleted\": %" PRId64 "}\n", id);
		rc = cli_finish(noun, err, &f);
		goto out;
	}
	if (!err)
		rc = print_result(noun, r, verb, out.data, json);
	if (!rc)
		rc = cli_finish(noun, err, &f);
out:
	sr_store_close(s);
	sr_buf_release(&body);
	sr_buf_release(&out);
	sr_fail_release(&f);
	return rc;
}

static void cmd_records_help(FILE *out, const char *noun)
{
	int r = noun_res(noun);
	const char *flt, *field;

	fprintf(out, "Verbs:\n"
		     "  list [FILTERS] [--limit N] [--offset N]\n"
		     "  add --FIELD=VALUE ...\n"
		     "  show ID\n"
		     "  edit ID --FIELD=VALUE ...\n"
		     "  rm ID\n"
		     "Every verb takes --json (print JSON, as the API does) "
		     "and --db PATH.\n\nFields (add, edit):\n");
	for (size_t i = 0; i < sr_res_field_count(r); i++) {
		struct sr_field_info fi;
		char flag[64];

		sr_res_field_info(r, i, &fi);
		if (fi.read_only)
			continue;
		flag_of(fi.name, flag, sizeof(flag));
		fprintf(out, "  --%-20s %s%s", flag, fi.type,
			fi.required ? ", required" : "");
		if (fi.values) {
			fputs(": ", out);
			for (const char *const *v = fi.values; *v; v++)
				fprintf(out, "%s%s", *v, v[1] ? "|" : "");
		}
		if (!strcmp(fi.type, "money"))
			fputs(" (an amount such as 4.50)", out);
		if (!strcmp(fi.type, "date"))
			fputs(" (YYYY-MM-DD)", out);
		if (!strcmp(fi.type, "time"))
			fputs(" (YYYY-MM-DDTHH:MM:SSZ)", out);
		if (fi.ref)
			fprintf(out, " (the id of one of the %s)", fi.ref);
		fputc('\n', out);
	}
	if (sr_res_filter(r, 0, NULL)) {
		fprintf(out, "\nFilters (list):\n");
		for (size_t i = 0; (flt = sr_res_filter(r, i, &field)); i++) {
			char flag[64];

			flag_of(flt, flag, sizeof(flag));
			fprintf(out, "  --%-20s by %s\n", flag, field);
		}
	}
	fprintf(out, "\nAn empty value (--FIELD=) clears a field that may be "
		     "empty.\n");
}

/* `smallrun help NOUN` for each noun. */
#define NOUN_HELP(noun)                             \
	void cmd_##noun##_help(FILE *out)           \
	{                                           \
		cmd_records_help(out, #noun);       \
	}
NOUN_HELP(product)
NOUN_HELP(customer)
NOUN_HELP(supplier)
NOUN_HELP(order)
NOUN_HELP(batch)
NOUN_HELP(material)
NOUN_HELP(use)
NOUN_HELP(time)
NOUN_HELP(sale)
NOUN_HELP(dayoff)
