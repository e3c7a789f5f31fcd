/*
 * common.c - what the data commands share: opening the database, mapping
 * library errors to exit codes and one-line messages, and printing the
 * library's JSON either as it is (--json) or for people.
 */
#include "compat.h"

#include <jansson.h>
#include <time.h>

#include "cli.h"
#include "smallrun/auth.h"
#include "smallrun/parse.h"
#include "smallrun/plan.h"
#include "smallrun/records.h"
#include "smallrun/workshops.h"

int cli_open_store(const char *name, const char *db, sr_store **s)
{
	struct sr_buf path = SR_BUF_INIT(PATH_MAX);
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_workshop w = {.id = 0};
	const char *slug = cli_workshop();
	int rc = CLI_OK;

	if (db && *db)
		sr_buf_adds(&path, db);
	else if (sr_store_default_path(&path))
		rc = cli_error(name, CLI_USAGE,
			       "no database path: set HOME or SMALLRUN_DB, or "
			       "give --db");
	if (!rc && sr_store_open(path.data, s, &f))
		rc = cli_error(name, CLI_FAIL, "%s", f.message.data);
	/* Which workshop: named, or the only one (a wrong or missing name
	 * is a usage error, 2). */
	if (!rc && (slug || sr_store_tenants(*s)) &&
	    sr_workshop_choose(*s, slug, &w, &f)) {
		rc = cli_error(name, f.err == SR_EDB ? CLI_FAIL : CLI_USAGE,
			       "%s", f.message.data);
		sr_store_close(*s);
		*s = NULL;
	}
	/* The command line opens the file itself and acts as the owner;
	 * the audit log says "command line". */
	if (!rc)
		sr_act_as("command line", 0, SR_ROLE_OWNER, w.id,
			  (int64_t)time(NULL));
	sr_buf_release(&path);
	sr_fail_release(&f);
	return rc;
}

int cli_fail(const char *name, const struct sr_fail *f)
{
	/* Bad input is a usage error (2); anything else a failure (1). */
	int code = f->err == SR_EINVAL ? CLI_USAGE : CLI_FAIL;

	if (f->field.len && !strstr(f->message.data, f->field.data))
		return cli_error(name, code, "%s: %s", f->field.data,
				 f->message.data);
	return cli_error(name, code, "%s", f->message.data);
}

int cli_print_json(const char *name, const char *text)
{
	json_t *doc = json_loads(text, 0, NULL);
	char *pretty = doc ? json_dumps(doc, JSON_INDENT(2)) : NULL;
	int rc = CLI_OK;

	if (!pretty)
		rc = cli_error(name, CLI_FAIL, "out of memory");
	else
		printf("%s\n", pretty);
	free(pretty);
	json_decref(doc);
	return rc;
}

void cli_format_money(int64_t minor, char *out, size_t size)
{
	char text[SR_MONEY_TEXT_SIZE];

	snprintf(out, size, "%s", sr_money_format(minor, text));
}

void cli_format_value(const json_t *v, bool money, char *out, size_t size)
{
	if (!v || json_is_null(v))
		snprintf(out, size, "-");
	else if (json_is_integer(v) && money)
		cli_format_money(json_integer_value(v), out, size);
	else if (json_is_integer(v))
		snprintf(out, size, "%" JSON_INTEGER_FORMAT,
			 json_integer_value(v));
	else if (json_is_string(v))
		snprintf(out, size, "%s", json_string_value(v));
	else if (json_is_true(v))
		snprintf(out, size, "yes");
	else if (json_is_false(v))
		snprintf(out, size, "no");
	else
		snprintf(out, size, "…");
}

int cli_finish(const char *name, enum sr_err err, const struct sr_fail *f)
{
	if (err)
		return cli_fail(name, f);
	if (fflush(stdout) || ferror(stdout))
		return cli_error(name, CLI_FAIL, "cannot write: %s",
				 strerror(errno));
	return CLI_OK;
}

int cli_body(const char *name, int r, const struct cli_opt *opts,
	     const char *const *val, size_t n, struct sr_buf *body)
{
	const char **names = calloc(n + 1, sizeof(*names));
	const char **values = calloc(n + 1, sizeof(*values));
	struct sr_fail f = SR_FAIL_INIT;
	size_t given = 0;
	int rc = CLI_OK;

	if (!names || !values)
		rc = cli_error(name, CLI_FAIL, "out of memory");
	for (size_t i = 0; !rc && i < n; i++)
		if (val[i]) {
			names[given] = opts[i].name;
			values[given++] = val[i];
		}
	if (!rc && sr_rec_body_from_text(r, names, values, given, body, &f))
		rc = cli_fail(name, &f);
	free(names);
	free(values);
	sr_fail_release(&f);
	return rc;
}

void cli_call_release(struct cli_call *c)
{
	sr_store_close(c->s);
	c->s = NULL;
	sr_buf_release(&c->body);
	sr_buf_release(&c->out);
	sr_fail_release(&c->f);
}

int cli_answer(const char *name, const struct cli_call *c, enum sr_err err,
	       bool json, int (*print)(const json_t *doc, const void *ctx),
	       const void *ctx)
{
	json_t *doc;
	int rc;

	if (err)
		return cli_fail(name, &c->f);
	if (json) {
		rc = cli_print_json(name, c->out.data);
	} else if (!(doc = json_loads(c->out.data, 0, NULL))) {
		rc = cli_error(name, CLI_FAIL, "out of memory");
	} else {
		rc = print(doc, ctx);
		json_decref(doc);
	}
	return rc ? rc : cli_finish(name, SR_OK, NULL);
}

int cli_retired(const char *name, const char *val, bool *retired)
{
	int64_t n = 0;

	if (val && sr_parse_i64z(val, &n, 0, 1))
		return cli_error(name, CLI_USAGE,
				 "--retired must be 0 or 1 (1: retired "
				 "products too), not '%s'",
				 val);
	*retired = n;
	return CLI_OK;
}

const char *cli_str(const json_t *o, const char *key, const char *none)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : none;
}

int cli_read_file(const char *name, const char *path, struct sr_buf *b)
{
	FILE *fp = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = CLI_OK;

	if (!fp)
		return cli_error(name, CLI_FAIL, "cannot open %s: %s", path,
				 strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (sr_buf_add(b, chunk, n)) {
			rc = cli_error(name, CLI_USAGE,
				       "%s is larger than %zu KiB", path,
				       b->max >> 10);
			break;
		}
	if (!rc && ferror(fp))
		rc = cli_error(name, CLI_FAIL, "cannot read %s: %s", path,
			       strerror(errno));
	fclose(fp);
	return rc;
}

/* An id, or the product with that name (any case). */
/* The record of r whose filter equals what, when what is not an id; said
 * "no NOUN HOW 'what'" when there is none. */
static int record_id(const char *name, sr_store *s, enum sr_res r,
		     const char *filter, const char *what, const char *noun,
		     const char *how, int64_t *id)
{
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	struct sr_list_query q = {0};
	struct sr_fail f = SR_FAIL_INIT;
	json_t *doc = NULL;
	int rc = CLI_OK;

	if (!sr_parse_i64z(what, id, 1, INT64_MAX))
		return CLI_OK;
	q.names[0] = filter;
	q.values[0] = what;
	q.n = 1;
	if (sr_rec_list(s, r, &q, &out, &f))
		rc = cli_fail(name, &f);
	else if (!(doc = json_loads(out.data, 0, NULL)) ||
		 !json_array_size(json_object_get(doc, "items")))
		rc = cli_error(name, CLI_FAIL,
			       "no %s %s '%s'; 'smallrun %s list' shows them",
			       noun, how, what, noun);
	else
		*id = json_integer_value(json_object_get(
			json_array_get(json_object_get(doc, "items"), 0),
			"id"));
	json_decref(doc);
	sr_buf_release(&out);
	sr_fail_release(&f);
	return rc;
}

int cli_product_id(const char *name, sr_store *s, const char *what, int64_t *id)
{
	return record_id(name, s, SR_RES_PRODUCT, "name", what, "product",
			 "is called", id);
}

int cli_batch_id(const char *name, sr_store *s, const char *what, int64_t *id)
{
	return record_id(name, s, SR_RES_BATCH, "code", what, "batch",
			 "has the code", id);
}

char **cli_dash_o(int argc, char **argv)
{
	char **args = calloc((size_t)argc + 1, sizeof(*args));
	bool end = false;

	if (!args)
		return NULL;
	for (int i = 0; i < argc; i++) {
		args[i] = !end && i > 0 && !strcmp(argv[i], "-o")
				  ? (char *)"--output"
				  : argv[i];
		end = end || (i > 0 && !strcmp(argv[i], "--"));
	}
	return args;
}

int cli_write_file(const char *name, const char *path, const struct sr_buf *b)
{
	bool to_stdout = !strcmp(path, "-");
	FILE *fp = to_stdout ? stdout : fopen(path, "wb");
	bool ok;

	if (!fp)
		return cli_error(name, CLI_FAIL, "cannot write %s: %s", path,
				 strerror(errno));
	ok = fwrite(b->data, 1, b->len, fp) == b->len;
	/* Closed whatever came of the writing: a full disk shows here. */
	ok = !(to_stdout ? fflush(fp) : fclose(fp)) && ok;
	return ok ? CLI_OK
		  : cli_error(name, CLI_FAIL, "cannot write %s: %s", path,
			      strerror(errno));
}

/* The planner's clock (lib/ never reads one). */
static int64_t monotonic_ms(void *arg)
{
	struct timespec ts;

	(void)arg;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct sr_plan_opts cli_plan_opts(void)
{
	struct sr_plan_opts o = SR_PLAN_OPTS_INIT;

	o.clock_ms = monotonic_ms;
	o.time_limit_ms = SR_PLAN_TIME_LIMIT_MS;
	return o;
}
