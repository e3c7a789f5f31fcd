/*
 * cmd-workshop.c - `smallrun workshop list|add|suspend|resume|remove`:
 * the operator's command line for the workshops of a hosted PostgreSQL
 * database (doc/HOSTED.md). It opens the database itself and looks across
 * workshops, so it takes no --workshop: the workshop is its argument.
 * A SQLite file's one workshop is listed, and the rest refused.
 */
#include "compat.h"

#include <jansson.h>
#include <time.h>

#include "cli.h"
#include "smallrun/workshops.h"

void cmd_workshop_help(FILE *out)
{
	fprintf(out,
		"  workshop list [--json]\n"
		"  workshop add SLUG --name NAME [--json]\n"
		"  workshop suspend SLUG\n"
		"  workshop resume SLUG\n"
		"  workshop remove SLUG --yes\n\n"
		"The workshops of a PostgreSQL database (--db "
		"postgresql://...). A slug is 1\nto %d of a-z 0-9 and '-', "
		"neither first nor last a '-'; a name 1 to %d\nbytes. A new "
		"workshop has no account: give it its owner with\n'smallrun "
		"user add --workshop SLUG --role owner ...'. A suspended "
		"workshop's\nsessions and tokens are refused (403) until it "
		"is resumed. remove deletes\nthe workshop and every record of "
		"it, in one transaction, and needs --yes.\n",
		SR_SLUG_MAX, SR_WORKSHOP_NAME_MAX);
}

enum { O_NAME, O_YES, O__MAX };

static const struct cli_opt opts[O__MAX] = {
	[O_NAME] = {"name", true},
	[O_YES] = {"yes", false},
};

enum verb { V_LIST, V_ADD, V_SUSPEND, V_RESUME, V_REMOVE, V__MAX };

/* Which options each verb takes. */
static const struct {
	const char *verb;
	unsigned opts; /* 1 << O_... */
	bool json;
} verbs[V__MAX] = {
	[V_LIST] = {"list", 0, true},
	[V_ADD] = {"add", 1 << O_NAME, true},
	[V_SUSPEND] = {"suspend", 0, false},
	[V_RESUME] = {"resume", 0, false},
	[V_REMOVE] = {"remove", 1 << O_YES, false},
};

struct workshop_req {
	enum verb verb;
	const char *val[O__MAX];
	const char *slug;
	struct cli_args a;
};

static int workshop_parse(int argc, char **argv, struct workshop_req *w)
{
	const char *verb;
	int rc = cli_parse("workshop", opts, O__MAX, argc, argv, w->val, &w->a);

	if (rc)
		return rc;
	verb = w->a.argc ? w->a.argv[0] : "";
	for (w->verb = 0; w->verb < V__MAX; w->verb++)
		if (!strcmp(verbs[w->verb].verb, verb))
			break;
	if (w->verb == V__MAX)
		return cli_usage("workshop");
	if (w->a.workshop)
		return cli_error("workshop", CLI_USAGE,
				 "workshop takes no --workshop: name the "
				 "workshop as its argument");
	if (w->a.argc > (w->verb == V_LIST ? 1 : 2))
		return cli_error("workshop", CLI_USAGE,
				 "unexpected argument '%s'",
				 w->a.argv[w->a.argc - 1]);
	if (w->verb != V_LIST && w->a.argc < 2)
		return cli_error("workshop", CLI_USAGE,
				 "workshop %s needs the SLUG of a workshop",
				 verb);
	w->slug = w->verb == V_LIST ? NULL : w->a.argv[1];
	for (int i = 0; i < O__MAX; i++)
		if (w->val[i] && !(verbs[w->verb].opts & 1u << i))
			return cli_error("workshop", CLI_USAGE,
					 "workshop %s takes no --%s", verb,
					 opts[i].name);
	if (w->a.json && !verbs[w->verb].json)
		return cli_error("workshop", CLI_USAGE,
				 "workshop %s takes no --json", verb);
	if (w->verb == V_ADD && !w->val[O_NAME])
		return cli_error("workshop", CLI_USAGE,
				 "workshop add needs --name NAME");
	if (w->verb == V_REMOVE && !w->val[O_YES])
		return cli_error("workshop", CLI_USAGE,
				 "workshop remove deletes every record of %s: "
				 "give --yes to mean it",
				 w->slug);
	return CLI_OK;
}

int cmd_workshop_check(int argc, char **argv)
{
	struct workshop_req w;

	return workshop_parse(argc, argv, &w);
}

/* The list for people: id, slug, status, created, name. */
static int print_list(const json_t *doc, const void *ctx)
{
	const json_t *items = json_object_get(doc, "items"), *it;
	size_t i;

	(void)ctx;
	printf("%-6s %-24s %-10s %-20s %s\n", "ID", "SLUG", "STATUS", "CREATED",
	       "NAME");
	json_array_foreach(items, i, it)
	{
		printf("%-6" JSON_INTEGER_FORMAT " %-24s %-10s %-20s %s\n",
		       json_integer_value(json_object_get(it, "id")),
		       json_string_value(json_object_get(it, "slug")),
		       json_string_value(json_object_get(it, "status")),
		       json_string_value(json_object_get(it, "created_at")),
		       json_string_value(json_object_get(it, "name")));
	}
	return CLI_OK;
}

int cmd_workshop(int argc, char **argv)
{
	struct cli_call c = CLI_CALL_INIT;
	struct sr_buf path = SR_BUF_INIT(PATH_MAX);
	struct workshop_req w;
	struct sr_workshop ws;
	enum sr_err err = SR_OK;
	int64_t rows = 0;
	int rc = workshop_parse(argc, argv, &w);

	if (rc)
		goto out;
	if (w.a.db && *w.a.db)
		sr_buf_adds(&path, w.a.db);
	else if (sr_store_default_path(&path)) {
		rc = cli_error("workshop", CLI_USAGE,
			       "no database: give --db postgresql://...");
		goto out;
	}
	if (sr_store_open(path.data, &c.s, &c.f)) {
		rc = cli_error("workshop", CLI_FAIL, "%s", c.f.message.data);
		goto out;
	}
	switch (w.verb) {
	case V_LIST:
		err = sr_workshop_list(c.s, &c.out, &c.f);
		rc = cli_answer("workshop", &c, err, w.a.json, print_list,
				NULL);
		goto out;
	case V_ADD:
		err = sr_workshop_add(c.s, w.val[O_NAME], w.slug,
				      (int64_t)time(NULL), &ws, &c.f);
		if (!err && w.a.json)
			printf("{\n  \"id\": %" PRId64
			       ",\n  \"slug\": \"%s\"\n}\n",
			       ws.id, ws.slug);
		else if (!err)
			printf("added workshop %s (id %" PRId64
			       "); give it its owner with smallrun user add "
			       "--workshop %s --role owner\n",
			       ws.slug, ws.id, ws.slug);
		break;
	case V_SUSPEND:
	case V_RESUME:
		err = sr_workshop_suspend(c.s, w.slug, w.verb == V_SUSPEND,
					  &c.f);
		if (!err)
			printf("%s workshop %s\n",
			       w.verb == V_SUSPEND ? "suspended" : "resumed",
			       w.slug);
		break;
	case V_REMOVE:
		err = sr_workshop_remove(c.s, w.slug, &rows, &c.f);
		if (!err)
			printf("removed workshop %s and its %" PRId64
			       " records\n",
			       w.slug, rows);
		break;
	case V__MAX: break;
	}
	/* Not found, or not possible in a SQLite file: bad input (2). */
	if (err == SR_ENOTFOUND ||
	    (err == SR_ECONFLICT && !strcmp(c.f.code, "not_supported")))
		c.f.err = SR_EINVAL;
	rc = cli_finish("workshop", err, &c.f);
out:
	sr_buf_release(&path);
	cli_call_release(&c);
	return rc;
}
