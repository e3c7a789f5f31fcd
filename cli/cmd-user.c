/*
 * cmd-user.c - `smallrun user add|list|edit|remove|passwd`: the accounts
 * of the people who use smallrun, kept on the command line too. The
 * command line opens the database itself and acts as the owner, so this
 * is where a forgotten owner's password is reset.
 *
 * A password comes from stdin with --password-stdin (one line; scripts),
 * or is asked for twice, without echo, on a terminal. Never from an
 * option: options show in `ps` and in the shell's history.
 */
#include "compat.h"

#include <jansson.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "smallrun/accounts.h"
#include "smallrun/records.h"

void cmd_user_help(FILE *out)
{
	fprintf(out,
		"  user add --login LOGIN --name NAME --role ROLE "
		"[--password-stdin]\n"
		"  user list [--json]\n"
		"  user edit LOGIN [--login NEW] [--name NAME] [--role ROLE]\n"
		"  user remove LOGIN\n"
		"  user passwd LOGIN [--password-stdin]\n\n"
		"Roles: viewer (reads only), maker (records, timer, sales, "
		"plan; deletes\nonly what they made), owner (everything: "
		"accounts, settings, prices).\nThe first account must be an "
		"owner, and the last owner stays one. A login\nis 1 to 64 of "
		"A-Z a-z 0-9 . _ @ - (the same in any case); a password "
		"%d\nto %d bytes. Without --password-stdin the password is "
		"asked for twice on\nthe terminal. passwd ends every session "
		"of the person: it is how a\nforgotten password, the owner's "
		"too, is reset. Each takes --db PATH;\nadd, list and edit "
		"take --json.\n",
		SR_PW_MIN, SR_PW_MAX);
}

enum { O_LOGIN, O_NAME, O_ROLE, O_STDIN, O__MAX };

static const struct cli_opt opts[O__MAX] = {
	[O_LOGIN] = {"login", true},
	[O_NAME] = {"name", true},
	[O_ROLE] = {"role", true},
	[O_STDIN] = {"password-stdin", false},
};

/* Which options each verb takes, and whether it names an account. */
static const struct {
	const char *verb;
	unsigned opts; /* 1 << O_... */
	bool account;  /* takes LOGIN */
} verbs[] = {
	{"add", 1 << O_LOGIN | 1 << O_NAME | 1 << O_ROLE | 1 << O_STDIN, false},
	{"list", 0, false},
	{"edit", 1 << O_LOGIN | 1 << O_NAME | 1 << O_ROLE, true},
	{"remove", 0, true},
	{"passwd", 1 << O_STDIN, true},
};

/* One `smallrun user VERB ...`, parsed. */
struct user_req {
	size_t verb;
	const char *val[O__MAX];
	const char *account; /* LOGIN */
	struct cli_args a;
};

static int user_parse(int argc, char **argv, struct user_req *u)
{
	const char *verb;
	int rc = cli_parse("user", opts, O__MAX, argc, argv, u->val, &u->a);

	if (rc)
		return rc;
	verb = u->a.argc ? u->a.argv[0] : "";
	for (u->verb = 0; u->verb < SR_ARRAY_SIZE(verbs); u->verb++)
		if (!strcmp(verbs[u->verb].verb, verb))
			break;
	if (u->verb == SR_ARRAY_SIZE(verbs))
		return cli_usage("user");
	if (u->a.argc != (verbs[u->verb].account ? 2 : 1))
		return u->a.argc > 2 || !verbs[u->verb].account
			       ? cli_error("user", CLI_USAGE,
					   "unexpected argument '%s'",
					   u->a.argv[u->a.argc - 1])
			       : cli_error("user", CLI_USAGE,
					   "user %s needs the LOGIN of an "
					   "account",
					   verb);
	u->account = verbs[u->verb].account ? u->a.argv[1] : NULL;
	for (int i = 0; i < O__MAX; i++)
		if (u->val[i] && !(verbs[u->verb].opts & 1u << i))
			return cli_error("user", CLI_USAGE,
					 "user %s takes no --%s", verb,
					 opts[i].name);
	if (u->verb == 0)
		for (int i = O_LOGIN; i <= O_ROLE; i++)
			if (!u->val[i])
				return cli_error("user", CLI_USAGE,
						 "user add needs --%s",
						 opts[i].name);
	if (u->verb == 2 && !u->val[O_LOGIN] && !u->val[O_NAME] &&
	    !u->val[O_ROLE])
		return cli_error("user", CLI_USAGE,
				 "user edit needs --login, --name or --role");
	if (!u->val[O_STDIN] && (u->verb == 0 || u->verb == 4) &&
	    !isatty(STDIN_FILENO))
		return cli_error("user", CLI_USAGE,
				 "give the password on stdin with "
				 "--password-stdin, or run on a terminal to "
				 "be asked for it");
	return CLI_OK;
}

/* Read a line from the terminal without echo; false at its end. */
static bool ask(const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	bool echo_off = tcgetattr(STDIN_FILENO, &old) == 0;
	bool ok;

	fputs(prompt, stderr);
	fflush(stderr);
	if (echo_off) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	ok = fgets(buf, (int)size, stdin) != NULL;
	if (echo_off)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	return ok;
}

/* The line's end, "\n" or "\r\n", cut off; false when there was none and
 * the line fills buf (too long). */
static bool chomp(char *buf, size_t size)
{
	size_t n = strlen(buf);

	if (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	else if (n + 1 >= size)
		return false;
	if (n && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return true;
}

/* The new password into pw (SR_PW_MAX + 3 bytes): stdin or asked twice. */
static int read_password(const struct user_req *u, char *pw, size_t size)
{
	char again[SR_PW_MAX + 3];
	int rc = CLI_OK;

	if (u->val[O_STDIN]) {
		if (!fgets(pw, (int)size, stdin))
			pw[0] = '\0';
		if (!chomp(pw, size))
			return cli_error("user", CLI_USAGE,
					 "the password is longer than %d bytes",
					 SR_PW_MAX);
		return CLI_OK;
	}
	if (!ask("New password: ", pw, size) ||
	    !ask("The same again: ", again, sizeof(again)) ||
	    !chomp(pw, size) || !chomp(again, sizeof(again)))
		rc = cli_error("user", CLI_USAGE, "no password was given");
	else if (strcmp(pw, again))
		rc = cli_error("user", CLI_USAGE,
			       "the two passwords are not the same");
	sr_wipe(again, sizeof(again));
	return rc;
}

/* Put doc in body as JSON text, and wipe the copies jansson made. */
static int body_of(json_t *doc, struct sr_buf *body)
{
	char *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
	int rc = text && !sr_buf_adds(body, text)
			 ? CLI_OK
			 : cli_error("user", CLI_FAIL, "out of memory");

	if (text) {
		sr_wipe(text, strlen(text));
		free(text);
	}
	json_decref(doc);
	return rc;
}

/* The account's fields given as options, into o. */
static void put_fields(const struct user_req *u, json_t *o)
{
	static const char *const keys[] = {
		[O_LOGIN] = "login", [O_NAME] = "name", [O_ROLE] = "role"};

	for (int i = O_LOGIN; i <= O_ROLE; i++)
		if (u->val[i])
			json_object_set_new(o, keys[i], json_string(u->val[i]));
}

static int print_account(const json_t *a)
{
	printf("%-6" JSON_INTEGER_FORMAT " %-20s %-7s %s\n",
	       json_integer_value(json_object_get(a, "id")),
	       cli_str(a, "login", "-"), cli_str(a, "role", "-"),
	       cli_str(a, "name", "-"));
	return CLI_OK;
}

static int show(const json_t *doc, const void *ctx)
{
	const json_t *list = json_object_get(doc, "items");
	size_t i;
	json_t *a;

	(void)ctx;
	if (!list)
		return print_account(doc);
	printf("%-6s %-20s %-7s %s\n", "id", "login", "role", "name");
	json_array_foreach(list, i, a)
	{
		print_account(a);
	}
	if (!json_array_size(list))
		printf("no accounts: anyone on this computer may use smallrun "
		       "on 127.0.0.1\n");
	return CLI_OK;
}

static int user_run(struct user_req *u)
{
	struct cli_call c = CLI_CALL_INIT;
	char pw[SR_PW_MAX + 3] = "";
	int64_t id = 0, now = (int64_t)time(NULL);
	json_t *doc;
	enum sr_err err = SR_OK;
	int rc;

	if (u->verb == 0 || u->verb == 4) {
		rc = read_password(u, pw, sizeof(pw));
		if (rc)
			goto out;
	}
	rc = cli_open_store("user", u->a.db, &c.s);
	if (rc)
		goto out;
	if (u->account)
		err = sr_account_find(c.s, u->account, &id, &c.f);
	if (err) {
		rc = cli_fail("user", &c.f);
		goto out;
	}
	switch (u->verb) {
	case 0: /* add */
		doc = json_pack("{ss}", "password", pw);
		put_fields(u, doc);
		rc = body_of(doc, &c.body);
		if (!rc)
			err = sr_account_create(c.s, c.body.data, c.body.len,
						false, now, &id, &c.out, &c.f);
		break;
	case 1: /* list */
		err = sr_account_list(c.s, SR_LIST_MAX, 0, &c.out, &c.f);
		break;
	case 2: /* edit */
		doc = json_object();
		put_fields(u, doc);
		rc = body_of(doc, &c.body);
		if (!rc)
			err = sr_account_update(c.s, id, c.body.data,
						c.body.len, now, &c.out, &c.f);
		break;
	case 3: /* remove */
		err = sr_account_remove(c.s, id, now, &c.f);
		if (!err)
			printf("removed %s, with their sessions and tokens\n",
			       u->account);
		break;
	default: /* passwd */
		rc = body_of(json_pack("{ss}", "password", pw), &c.body);
		if (!rc)
			err = sr_account_reset(c.s, id, c.body.data, c.body.len,
					       (int64_t)time(NULL), &c.f);
		if (!rc && !err)
			printf("the password of %s is changed, and every "
			       "session and token of theirs ended\n",
			       u->account);
		break;
	}
	if (rc)
		goto out;
	if (u->verb == 3 || u->verb == 4)
		rc = cli_finish("user", err, &c.f);
	else
		rc = cli_answer("user", &c, err, u->a.json, show, NULL);
out:
	sr_wipe(pw, sizeof(pw));
	if (c.body.cap)
		sr_wipe(c.body.data, c.body.cap);
	cli_call_release(&c);
	return rc;
}

/* Parse, then run unless only checking. */
static int user(int argc, char **argv, bool run)
{
	struct user_req u = {0};
	int rc = user_parse(argc, argv, &u);

	if (!rc && run)
		rc = user_run(&u);
	return rc;
}

int cmd_user(int argc, char **argv)
{
	return user(argc, argv, true);
}

int cmd_user_check(int argc, char **argv)
{
	return user(argc, argv, false);
}
