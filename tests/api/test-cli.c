/*
 * test-cli.c - the smallrun command line: exit codes, messages, and the
 * same advice as the API for the same answers.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "harness.h"

/* Run `smallrun ARGS` (shell words) with stdin from /dev/null. */
static void run(const char *args, struct run *r)
{
	cli_run(r, NULL, NULL, "%s", args);
}

Test(cli, version_and_help)
{
	struct run r;

	run("--version", &r);
	cr_assert_eq(r.code, 0);
	cr_assert(!strncmp(r.out, "smallrun ", 9));
	run("--help", &r);
	cr_assert_eq(r.code, 0);
	cr_assert(strstr(r.out, "advise") && strstr(r.out, "serve"));
	run("help advise", &r);
	cr_assert_eq(r.code, 0);
	cr_assert(strstr(r.out, "--ten-a-day"));
	cr_assert(strstr(r.out, "points"), "no scoring table:\n%s", r.out);
	run("help nothing", &r);
	cr_assert_eq(r.code, 2);
	run("frobnicate", &r);
	cr_assert_eq(r.code, 2);
	cr_assert_eq(count_lines(r.err), 1, "%s", r.err);
}

Test(cli, advise_prints_readable_advice_within_80_columns)
{
	struct run r;
	const char *line;

	run("advise --customization=no --under-an-hour=no --ten-a-day=yes "
	    "--storage=yes --values=consistency",
	    &r);
	cr_assert_eq(r.code, 0, "%s", r.err);
	cr_assert(strstr(r.out, "Batch production"), "%s", r.out);
	for (line = r.out; *line;) {
		size_t len = strcspn(line, "\n");

		cr_assert_leq(len, 80, "long line: %.*s", (int)len, line);
		line += len + (line[len] == '\n');
	}
}

Test(cli, bad_flags_exit_2_with_one_line)
{
	static const char *const cases[][2] = {
		{"advise --storage=maybe", "--storage"},
		{"advise --values=yes", "personal"},
		{"advise --values", "--values"},
		{"advise --colour=red", "--colour"},
		{"advise extra", "extra"},
		{"serve --listen nonsense", "--listen"},
		{"serve --listen 127.0.0.1:70000", "65535"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run r;

		run(cases[i][0], &r);
		cr_assert_eq(r.code, 2, "%s: exit %d", cases[i][0], r.code);
		cr_assert_eq(count_lines(r.err), 1, "%s:\n%s", cases[i][0],
			     r.err);
		cr_assert(strstr(r.err, cases[i][1]), "%s: %s", cases[i][0],
			  r.err);
	}
}

Test(cli, no_answers_and_no_terminal_is_a_usage_error)
{
	struct run r;

	run("advise", &r);
	cr_assert_eq(r.code, 2);
	cr_assert(strstr(r.err, "usage: smallrun advise"), "%s", r.err);
}

Test(cli, json_matches_the_api)
{
	static const char *const flags[] = {
		"--customization=yes --ten-a-day=yes --storage=yes",
		"--storage=no",
		"--customization=no --under-an-hour=no --ten-a-day=yes "
		"--storage=yes --values=consistency",
		"--values=personal --under-an-hour=yes",
	};
	static const char *const bodies[] = {
		"{\"answers\":{\"customization\":\"yes\",\"ten_a_day\":\"yes\","
		"\"storage\":\"yes\"}}",
		"{\"answers\":{\"storage\":\"no\"}}",
		"{\"answers\":{\"customization\":\"no\",\"under_an_hour\":"
		"\"no\",\"ten_a_day\":\"yes\",\"storage\":\"yes\",\"values\":"
		"\"consistency\"}}",
		"{\"answers\":{\"values\":\"personal\",\"under_an_hour\":"
		"\"yes\"}}",
	};
	struct srv s;

	srv_start(&s, NULL);
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		struct run r;
		struct resp api;
		char *args;
		json_t *cli;

		cr_assert_gt(asprintf(&args, "advise --json %s", flags[i]), 0);
		run(args, &r);
		free(args);
		cr_assert_eq(r.code, 0, "%s", r.err);
		cli = json_loads(r.out, 0, NULL);
		cr_assert_not_null(cli, "not JSON: %s", r.out);
		http(&s, "POST", "/api/v1/advice", "application/json",
		     bodies[i], &api);
		cr_assert_eq(api.status, 200);
		cr_assert(json_equal(cli, api.json),
			  "CLI and API differ for %s", flags[i]);
		json_decref(cli);
		resp_free(&api);
	}
	srv_cleanup(&s);
}

Test(cli, serve_refuses_a_newer_database)
{
	struct run r;
	char *args, *sql;
	struct srv s;

	/* Make a real smallrun database, then mark it as from the future. */
	srv_start(&s, NULL);
	cr_assert_eq(srv_stop(&s), 0);
	cr_assert_gt(asprintf(&sql, "sqlite3 '%s' 'PRAGMA user_version = 9999'",
			      s.db),
		     0);
	cr_assert_eq(system(sql), 0);
	cr_assert_gt(asprintf(&args, "serve --listen 127.0.0.1:0 --db '%s'",
			      s.db),
		     0);
	run(args, &r);
	cr_assert_eq(r.code, 1);
	cr_assert_eq(count_lines(r.err), 1, "%s", r.err);
	cr_assert(strstr(r.err, "newer"), "%s", r.err);
	free(args);
	free(sql);
	srv_cleanup(&s);
}

Test(cli, asks_on_a_terminal_one_key_per_answer)
{
	char *cmd;
	FILE *fp;
	char out[1 << 15];
	size_t n;
	int status;

	/* script(1) gives the command a terminal; the keys, typed ahead,
	 * answer yes, skip, no, yes, personal. */
	cr_assert_gt(asprintf(&cmd,
			      "printf 'ysnyp' | timeout 20 script -qec "
			      "'%s advise' /dev/null",
			      getenv("SMALLRUN_BIN")),
		     0);
	fp = popen(cmd, "r");
	cr_assert_not_null(fp);
	n = fread(out, 1, sizeof(out) - 1, fp);
	out[n] = '\0';
	status = pclose(fp);
	free(cmd);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s", out);
	cr_assert(strstr(out, "1/5"), "no prompt:\n%s", out);
	cr_assert(strstr(out, "skipped"), "%s", out);
	/* Customization yes and under ten a day: job (rule 5). */
	cr_assert(strstr(out, "Recommended: Job production"), "%s", out);
}
