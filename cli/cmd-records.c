/*
 * cmd-records.c - `smallrun NOUN list|add|show|edit|rm` for every record
 * resource. The options come from the resource's description (one per
 * field or filter, '_' written '-'), so the CLI checks exactly what the
 * API checks: the library does both.
 */
#include "compat.h"

#include <time.h>
#include <jansson.h>

#include "cli.h"
#include "smallrun/parse.h"
#include "smallrun/records.h"

enum verb { V_LIST, V_ADD, V_SHOW, V_EDIT, V_RM, V__MAX };

static const char *const verbs[V__MAX] = {"list", "add", "show", "edit", "rm"};

/* list's own options: the page, then the resource's filters. */
enum { O_LIMIT, O_OFFSET, O_FILTERS };

/* One `smallrun NOUN VERB ...`, parsed: everything but the database. */
struct req {
	const char *noun;
	enum sr_res r;
	enum verb verb;
	struct cli_opt *opts; /* the verb's own options, from the description */
	const char **val;     /* their values (cli_parse) */
	size_t n;
	struct cli_args a;
	int64_t id;		 /* show, edit, rm */
	struct sr_list_query lq; /* list */
	struct cli_call call;	 /* its body for add and edit */
};

#define REQ_INIT                                                               \
	{                                                                      \
		.call = CLI_CALL_INIT                                          \
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

/*
 * How a sale from stock was allocated, in words: "12 from
 * SOUR-20261201-1 (sale 1), 8 from SOUR-20261202-1 (sale 2)", the part
 * recorded beyond stock as "3 beyond stock, no batch (sale 4)".
 */
static void print_allocated(const json_t *parts)
{
	size_t i;
	json_t *p;

	printf("  %-20s ", "allocated");
	json_array_foreach(parts, i, p)
	{
		json_int_t n =
			json_integer_value(json_object_get(p, "quantity"));
		json_int_t id =
			json_integer_value(json_object_get(p, "sale_id"));

		if (json_is_true(json_object_get(p, "beyond_stock")) ||
		    json_integer_value(json_object_get(p, "beyond_stock")))
			printf("%s%" JSON_INTEGER_FORMAT
			       " beyond stock, no batch (sale "
			       "%" JSON_INTEGER_FORMAT ")",
			       i ? ", " : "", n, id);
		else
			printf("%s%" JSON_INTEGER_FORMAT
			       " from %s (sale %" JSON_INTEGER_FORMAT ")",
			       i ? ", " : "", n, cli_str(p, "code", "?"), id);
	}
	putchar('\n');
}

/* "name: value" lines for one object, nested objects flattened. */
static void print_object(int r, const json_t *obj, const char *prefix)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)obj, key, v) {
		char name[64], val[256];

		snprintf(name, sizeof(name), "%.30s%.30s", prefix, key);
		if (!*prefix && !strcmp(key, "warnings"))
			continue; /* said on stderr, after the record */
		if (!*prefix && !strcmp(key, "allocated") && json_is_array(v)) {
			print_allocated(v);
			continue;
		}
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

/* Column col of a row, as a table shows it. */
static void cell(int r, const json_t *row, const char *col, char *val,
		 size_t size)
{
	cli_format_value(json_object_get(row, col), is_money(r, col), val,
			 size);
}

/*
 * A table of the resource's summary columns ("id,name,price"), each as
 * wide as its widest cell, up to 28.
 */
static int print_table(const char *noun, int r, const json_t *items)
{
	char *cols = strdup(sr_res_columns(r)), val[256];
	size_t nc = 1, rows = json_array_size(items);
	const char **names = NULL;
	int *width = NULL, rc = CLI_OK;

	for (const char *c = cols; c && *c; c++)
		nc += *c == ',';
	names = calloc(nc, sizeof(*names));
	width = calloc(nc, sizeof(*width));
	if (!cols || !names || !width) {
		rc = cli_error(noun, CLI_FAIL, "out of memory");
		goto out;
	}
	names[0] = cols;
	for (size_t k = 1; k < nc; k++) {
		char *comma = strchr(names[k - 1], ',');

		*comma = '\0';
		names[k] = comma + 1;
	}
	for (size_t k = 0; k < nc; k++)
		width[k] = (int)strlen(names[k]);
	for (size_t i = 0; i < rows; i++)
		for (size_t k = 0; k < nc; k++) {
			cell(r, json_array_get(items, i), names[k], val,
			     sizeof(val));
			if ((int)strlen(val) > width[k])
				width[k] = strlen(val) > 28 ? 28
							    : (int)strlen(val);
		}
	for (size_t k = 0; k < nc; k++)
		printf("%-*s%s", k + 1 < nc ? width[k] : 0, names[k],
		       k + 1 < nc ? "  " : "\n");
	for (size_t i = 0; i < rows; i++)
		for (size_t k = 0; k < nc; k++) {
			cell(r, json_array_get(items, i), names[k], val,
			     sizeof(val));
			printf("%-*.*s%s", k + 1 < nc ? width[k] : 0, width[k],
			       val, k + 1 < nc ? "  " : "\n");
		}
out:
	free(cols);
	free(names);
	free(width);
	return rc;
}

/* The library's answer for people (ctx: the request). */
static int print_result(const json_t *doc, const void *ctx)
{
	const struct req *q = ctx;
	int rc = CLI_OK;

	if (q->verb == V_LIST) {
		rc = print_table(q->noun, q->r, json_object_get(doc, "items"));
		if (!rc)
			printf("(%" JSON_INTEGER_FORMAT
			       " of %" JSON_INTEGER_FORMAT ")\n",
			       (json_int_t)json_array_size(
				       json_object_get(doc, "items")),
			       json_integer_value(
				       json_object_get(doc, "total")));
	} else {
		json_t *id = json_object_get(doc, "id");

		if (q->verb != V_SHOW)
			printf("%s %s %" JSON_INTEGER_FORMAT "\n", q->noun,
			       q->verb == V_ADD ? "added" : "changed",
			       json_integer_value(id));
		else
			printf("%s %" JSON_INTEGER_FORMAT "\n", q->noun,
			       json_integer_value(id));
		print_object(q->r, doc, "");
		/* Accepted, but worth knowing: a sale below its cost. */
		for (size_t i = 0;
		     i < json_array_size(json_object_get(doc, "warnings")); i++)
			fprintf(stderr, "smallrun %s: warning: %s\n", q->noun,
				cli_str(json_array_get(json_object_get(
							       doc, "warnings"),
						       i),
					"message", ""));
	}
	return rc;
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

/* The verb's own options: list's page and filters, add's and edit's fields. */
static int req_options(struct req *q)
{
	size_t nfields = sr_res_field_count(q->r), max = O_FILTERS + nfields;
	const char *name;

	for (size_t i = 0; sr_res_filter(q->r, i, NULL); i++)
		max++;
	q->opts = calloc(max, sizeof(*q->opts));
	q->val = calloc(max, sizeof(*q->val));
	if (!q->opts || !q->val)
		return cli_error(q->noun, CLI_FAIL, "out of memory");
	if (q->verb == V_LIST) {
		q->opts[q->n++] = (struct cli_opt){"limit", true};
		q->opts[q->n++] = (struct cli_opt){"offset", true};
		for (size_t i = 0; (name = sr_res_filter(q->r, i, NULL)); i++)
			q->opts[q->n++] = (struct cli_opt){name, true};
	} else if (q->verb == V_ADD || q->verb == V_EDIT) {
		for (size_t i = 0; i < nfields; i++) {
			struct sr_field_info fi;

			sr_res_field_info(q->r, i, &fi);
			if (!fi.read_only)
				q->opts[q->n++] =
					(struct cli_opt){fi.name, true};
		}
	}
	return CLI_OK;
}

/* list: the page and the filters given, into q->lq. */
static int req_list(struct req *q)
{
	if (q->val[O_LIMIT] &&
	    sr_parse_i64z(q->val[O_LIMIT], &q->lq.limit, 1, SR_LIST_MAX))
		return cli_error(q->noun, CLI_USAGE,
				 "--limit must be a whole number from 1 to %d",
				 SR_LIST_MAX);
	if (q->val[O_OFFSET] &&
	    sr_parse_i64z(q->val[O_OFFSET], &q->lq.offset, 0, INT64_MAX / 2))
		return cli_error(q->noun, CLI_USAGE,
				 "--offset must be a whole number");
	for (size_t i = O_FILTERS; i < q->n; i++) {
		if (!q->val[i])
			continue;
		if (q->lq.n == SR_ARRAY_SIZE(q->lq.names))
			return cli_error(q->noun, CLI_USAGE,
					 "at most %zu filters at once",
					 SR_ARRAY_SIZE(q->lq.names));
		q->lq.names[q->lq.n] = q->opts[i].name;
		q->lq.values[q->lq.n++] = q->val[i];
	}
	return CLI_OK;
}

/* Check `NOUN VERB ...` and build what the library is to be given. */
static int req_parse(int argc, char **argv, struct req *q)
{
	const char *verb = argc > 1 ? argv[1] : NULL;
	struct cli_command cmd;
	int rc, r;

	q->noun = argv[0];
	r = sr_res_find_noun(q->noun);
	if (r < 0 || !cli_find(q->noun, &cmd))
		return cli_error(q->noun, CLI_FAIL, "not a record noun");
	q->r = (enum sr_res)r;
	if (!verb) {
		cli_help(stderr, &cmd);
		return CLI_USAGE;
	}
	if (verb[0] == '-') {
		/* Options, but no verb: --help, or a mistake. */
		rc = cli_parse(q->noun, NULL, 0, argc, argv, NULL, &q->a);
		return rc ? rc
			  : cli_error(q->noun, CLI_USAGE,
				      "the verb comes first: 'smallrun %s "
				      "list|add|show|edit|rm ...'",
				      q->noun);
	}
	for (q->verb = 0; q->verb < V__MAX; q->verb++)
		if (!strcmp(verb, verbs[q->verb]))
			break;
	if (!strcmp(verb, "ls"))
		q->verb = V_LIST;
	if (q->verb == V__MAX)
		return cli_error(q->noun, CLI_USAGE,
				 "'%s' is not something a %s can do; use list, "
				 "add, show, edit or rm",
				 verb, q->noun);
	rc = req_options(q);
	if (!rc)
		rc = cli_parse(q->noun, q->opts, q->n, argc - 1, argv + 1,
			       q->val, &q->a);
	if (rc)
		return rc;
	if (q->verb == V_SHOW || q->verb == V_EDIT || q->verb == V_RM) {
		rc = parse_id(q->noun, q->a.argc ? q->a.argv[0] : NULL, &q->id);
		if (rc)
			return rc;
		q->a.argc--;
		q->a.argv++;
	}
	if (q->a.argc)
		return cli_error(q->noun, CLI_USAGE, "unexpected argument '%s'",
				 q->a.argv[0]);
	if (q->verb == V_LIST)
		return req_list(q);
	if (q->verb == V_EDIT && !cli_given(q->val, q->n))
		return cli_error(q->noun, CLI_USAGE,
				 "nothing to change: give the fields as "
				 "--FIELD=VALUE");
	if (q->verb == V_ADD || q->verb == V_EDIT)
		return cli_body(q->noun, q->r, q->opts, q->val, q->n,
				&q->call.body);
	return CLI_OK;
}

static void req_release(struct req *q)
{
	free(q->opts);
	free(q->val);
	cli_call_release(&q->call);
}

/* Ask the library, and print what it answers. */
static int req_run(struct req *q)
{
	struct cli_call *c = &q->call;
	int64_t now = (int64_t)time(NULL);
	enum sr_err err;
	int rc;

	rc = cli_open_store(q->noun, q->a.db, &c->s);
	if (rc)
		return rc;
	switch (q->verb) {
	case V_LIST:
		err = sr_rec_list(c->s, q->r, &q->lq, &c->out, &c->f);
		break;
	case V_ADD:
		err = sr_rec_create(c->s, q->r, c->body.data, c->body.len, now,
				    &q->id, &c->out, &c->f);
		break;
	case V_EDIT:
		err = sr_rec_update(c->s, q->r, q->id, c->body.data,
				    c->body.len, now, &c->out, &c->f);
		break;
	case V_SHOW: err = sr_rec_get(c->s, q->r, q->id, &c->out, &c->f); break;
	default:
		err = sr_rec_delete(c->s, q->r, q->id, &c->f);
		if (!err && !q->a.json)
			printf("%s %" PRId64 " deleted\n", q->noun, q->id);
		else if (!err)
			printf("{\"deleted\": %" PRId64 "}\n", q->id);
		return cli_finish(q->noun, err, &c->f);
	}
	return cli_answer(q->noun, c, err, q->a.json, print_result, q);
}

/* Parse, then run unless only checking. */
static int records(int argc, char **argv, bool run)
{
	struct req q = REQ_INIT;
	int rc = req_parse(argc, argv, &q);

	if (!rc && run)
		rc = req_run(&q);
	req_release(&q);
	return rc;
}

int cmd_records(int argc, char **argv)
{
	return records(argc, argv, true);
}

int cmd_records_check(int argc, char **argv)
{
	return records(argc, argv, false);
}

void cmd_records_help(FILE *out, const char *noun)
{
	int r = sr_res_find_noun(noun);
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

		sr_res_field_info(r, i, &fi);
		if (fi.read_only)
			continue;
		cli_put_flag(out, fi.name);
		fprintf(out, "%s%s", fi.type, fi.required ? ", required" : "");
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
			cli_put_flag(out, flt);
			fprintf(out, "by %s\n", field);
		}
	}
	fprintf(out, "\nAn empty value (--FIELD=) clears a field that may be "
		     "empty.\n");
}
