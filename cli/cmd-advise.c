/*
 * cmd-advise.c - `smallrun advise`: the production type calculator in a
 * terminal. Answers come from flags named after the questions; on a
 * terminal with no flags it asks, one key per answer.
 */
#include "compat.h"

#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "smallrun/advise.h"

#define WIDTH 78

/* The terminal's settings while a prompt has it in single-key mode. */
static struct termios saved_tty;
static volatile sig_atomic_t tty_raw;

static void tty_restore(void)
{
	if (tty_raw) {
		tcsetattr(STDIN_FILENO, TCSADRAIN, &saved_tty);
		tty_raw = 0;
	}
}

static void on_signal(int sig)
{
	tty_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Read one key without waiting for Enter; EOF on end of input. */
static int read_key(void)
{
	struct termios raw;
	unsigned char ch;
	ssize_t n;

	if (tcgetattr(STDIN_FILENO, &saved_tty) == 0) {
		raw = saved_tty;
		raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		tty_raw = 1;
		tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	}
	do
		n = read(STDIN_FILENO, &ch, 1);
	while (n < 0 && errno == EINTR);
	tty_restore();
	return n == 1 ? ch : EOF;
}

/*
 * Ask every question on the terminal. Returns CLI_OK, or CLI_FAIL when the
 * input ends or the user quits.
 */
static int ask(struct sr_answers *a)
{
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	printf("Five questions about your work. Press the key in brackets; "
	       "s skips, q quits.\n");
	for (int q = 0; q < SR_Q__MAX; q++) {
		const struct sr_question_def *d = &sr_questions[q];
		int key;

		printf("\n%d/%d  %s\n", q + 1, SR_Q__MAX, d->text);
		cli_wrap(stdout, d->hint, 6, 6, WIDTH);
		for (int i = 0; i < 2; i++)
			printf("      [%c] %s\n", d->answers[i].key,
			       d->answers[i].label);
		printf("      [s] skip this one\n> ");
		fflush(stdout);
		for (;;) {
			key = read_key();
			if (key == EOF || key == 'q' || key == 4 /* ^D */) {
				printf("\n");
				return CLI_FAIL;
			}
			if (key == 's' || key == '\n') {
				printf("skipped\n");
				break;
			}
			if (key == d->answers[0].key ||
			    key == d->answers[1].key) {
				a->pick[q] = key == d->answers[0].key ? 0 : 1;
				printf("%s\n", d->answers[a->pick[q]].label);
				break;
			}
		}
	}
	printf("\n");
	return CLI_OK;
}

/* A line showing where the answers fall between batch and job. */
static void print_balance(const struct sr_advice *adv)
{
	enum { CELLS = 23 };
	int balance = adv->score_job - adv->score_batch;
	int mid = CELLS / 2;
	int at = mid + balance * mid / (adv->score_max ? adv->score_max : 1);
	char bar[CELLS + 1];

	for (int i = 0; i < CELLS; i++)
		bar[i] = i == mid ? '|' : '-';
	/* Each score is at most score_max, but the bar does not rely on it. */
	bar[at < 0 ? 0 : at >= CELLS ? CELLS - 1 : at] = '#';
	bar[CELLS] = '\0';
	printf("  batch [%s] job    job %d, batch %d (of %d)\n", bar,
	       adv->score_job, adv->score_batch, adv->score_max);
}

/* "  - text", wrapped under itself. */
static void print_item(const char *text)
{
	fputs("  - ", stdout);
	cli_wrap_at(stdout, text, 4, 4, WIDTH);
}

static void print_list(const char *heading, const char *const *items)
{
	printf("\n%s\n", heading);
	for (; *items; items++)
		print_item(*items);
}

static void print_advice(const struct sr_answers *a,
			 const struct sr_advice *adv)
{
	const struct sr_production_def *p = &sr_productions[adv->rec];

	printf("Recommended: %s\n", p->title);
	print_balance(adv);
	printf("\n");
	cli_wrap(stdout, p->summary, 0, 0, WIDTH);

	printf("\nWhy\n");
	for (int q = 0; q < SR_Q__MAX; q++) {
		const struct sr_question_def *d = &sr_questions[q];
		const struct sr_answer_def *ans;
		int col;

		if (a->pick[q] == SR_UNANSWERED) {
			printf("  %s: not answered\n", d->topic);
			continue;
		}
		ans = &d->answers[a->pick[q]];
		printf("  %s: %s\n", d->topic, ans->label);
		col = printf("    leans %s, %d point%s. ",
			     sr_lean_name(ans->lean), d->weight,
			     d->weight == 1 ? "" : "s");
		cli_wrap_at(stdout, ans->why, col, 4, WIDTH);
	}
	if (adv->rules) {
		printf("\nRules that apply\n");
		for (int r = 0; r < SR_RULE__MAX; r++)
			if (adv->rules & (1u << r))
				print_item(sr_rules[r].text);
	}

	print_list("Benefits", p->benefits);
	print_list("Common uses", p->common_uses);
	printf("\nKeep in mind\n");
	cli_wrap(stdout, p->note, 2, 2, WIDTH);
	printf("\nWatch out for\n");
	for (int w = 0; w < SR_WARN__MAX; w++)
		if (adv->warnings & (1u << w))
			print_item(sr_warnings[w].text);
}

void cmd_advise_help(FILE *out)
{
	fprintf(out, "Questions (each may be left out; at least one is "
		     "needed):\n");
	for (int q = 0; q < SR_Q__MAX; q++) {
		const struct sr_question_def *d = &sr_questions[q];

		fprintf(out, "  --%s=%s|%s\n", d->flag, d->answers[0].value,
			d->answers[1].value);
		cli_wrap(out, d->text, 6, 6, WIDTH);
	}
	fprintf(out,
		"  --json   print the result as JSON (the same object as "
		"POST /api/v1/advice)\n\n"
		"On a terminal with no answers given, the questions are "
		"asked one by one.\n\n"
		"Scoring: each answer adds its points to the side it leans "
		"to.\n\n"
		"  question         points  leans job      leans batch\n");
	for (int q = 0; q < SR_Q__MAX; q++) {
		const struct sr_question_def *d = &sr_questions[q];
		int job = d->answers[0].lean == SR_LEAN_JOB ? 0 : 1;

		fprintf(out, "  %-16s %6d  %-14s %s\n", d->id, d->weight,
			d->answers[job].value, d->answers[1 - job].value);
	}
	fprintf(out,
		"\nIf job - batch >= %d the score says job; if <= -%d, batch; "
		"else mixed.\nThen these rules bound it:\n",
		SR_ADVISE_MARGIN, SR_ADVISE_MARGIN);
	for (int r = 0; r < SR_RULE__MAX; r++) {
		fprintf(out, "  %s: ", sr_rules[r].effect);
		cli_wrap_at(out, sr_rules[r].when,
			    4 + (int)strlen(sr_rules[r].effect), 4, WIDTH);
	}
	fprintf(out, "An unanswered question counts for neither side.\n");
}

int cmd_advise(int argc, char **argv)
{
	struct cli_opt opts[SR_Q__MAX];
	const char *val[SR_Q__MAX];
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_answers a;
	struct sr_advice adv;
	struct cli_args args;
	bool any = false;
	int rc;

	for (int q = 0; q < SR_Q__MAX; q++)
		opts[q] = (struct cli_opt){sr_questions[q].flag, true};
	sr_answers_init(&a);
	rc = cli_parse("advise", opts, SR_Q__MAX, argc, argv, val, &args);
	if (rc)
		goto out;
	for (int q = 0; q < SR_Q__MAX; q++) {
		const struct sr_question_def *d = &sr_questions[q];

		if (!val[q])
			continue;
		if (sr_answers_set(&a, (enum sr_question)q, val[q], NULL)) {
			rc = cli_error("advise", CLI_USAGE,
				       "--%s must be '%s' or '%s', not '%s'",
				       d->flag, d->answers[0].value,
				       d->answers[1].value, val[q]);
			goto out;
		}
		any = true;
	}
	if (args.argc) {
		rc = cli_error("advise", CLI_USAGE,
			       "unexpected argument '%s'; answers are given "
			       "as --QUESTION=VALUE",
			       args.argv[0]);
		goto out;
	}
	if (!any) {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			rc = cli_usage("advise");
			goto out;
		}
		if (ask(&a)) {
			rc = CLI_FAIL;
			goto out;
		}
	}
	if (sr_advise(&a, &adv, &f)) {
		/* Asked and all skipped is no usage mistake, just no advice. */
		rc = cli_error("advise", any ? CLI_USAGE : CLI_FAIL,
			       "no question was answered, so there is no "
			       "advice yet");
		goto out;
	}
	if (args.json) {
		struct sr_buf out = SR_BUF_INIT(1 << 20);

		if (sr_advice_to_json(&a, &adv, &out, SR_JSON_PRETTY))
			rc = cli_error("advise", CLI_FAIL, "out of memory");
		else
			printf("%s\n", out.data);
		sr_buf_release(&out);
	} else {
		print_advice(&a, &adv);
	}
	if (fflush(stdout) || ferror(stdout))
		rc = cli_error("advise", CLI_FAIL,
			       "cannot write the result: %s", strerror(errno));
out:
	sr_fail_release(&f);
	return rc;
}
