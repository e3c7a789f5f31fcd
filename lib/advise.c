/*
 * advise.c - the production type calculator.
 *
 * Each answered question adds its weight to the side it leans to. The
 * difference between the sides gives a first verdict (job at or above
 * +SR_ADVISE_MARGIN, batch at or below -SR_ADVISE_MARGIN, mixed between);
 * then the rules of DESIGN.md §5 bound it from below (floors, raised by
 * job-leaning answers) and above (ceilings, raised by removing batch-leaning
 * ones). A clamp of a monotone score between monotone bounds is monotone,
 * which is what keeps the advice from ever moving towards batch when an
 * answer moves towards job. doc/ADVISOR.md has the same table for people.
 */
#include "compat.h"

#include "smallrun/advise.h"

/* clang-format off: the texts read best laid out by hand. */
const struct sr_question_def sr_questions[SR_Q__MAX] = {
	[SR_Q_CUSTOMIZATION] =
		{
			"customization",
			"customization",
			"Customization",
			"Do your customers expect something made just for "
			"them?",
			"Their name or initials on it, a design of their own, "
			"a size "
			"that fits one person or one room.",
			3,
			{{"yes", "Yes, most orders are personal", 'y',
			  SR_LEAN_JOB,
			  "Customers want pieces made to their own request, "
			  "and that "
			  "is what made-to-order work is for: each piece "
			  "starts when "
			  "an order comes in."},
			 {"no", "No, they buy what I already make", 'n',
			  SR_LEAN_BATCH,
			  "Customers are happy with your standard designs, so "
			  "you can "
			  "make them ahead of time, several at once."}},
		},
	[SR_Q_UNDER_AN_HOUR] =
		{
			"under_an_hour",
			"under-an-hour",
			"Time per item",
			"Can you make one item in under an hour?",
			"Count your hands-on time for a single finished piece, "
			"not "
			"drying, proving or firing time.",
			1,
			{{"yes", "Yes, under an hour", 'y', SR_LEAN_JOB,
			  "A piece you can finish within the hour can be made "
			  "when it "
			  "is ordered without keeping the customer waiting "
			  "long."},
			 {"no", "No, an hour or more", 'n', SR_LEAN_BATCH,
			  "Long making times add up; setting up once and "
			  "making "
			  "several in a run spreads the preparation over more "
			  "pieces."}},
		},
	[SR_Q_TEN_A_DAY] =
		{
			"ten_a_day",
			"ten-a-day",
			"Daily output",
			"Could you make 10 or more identical items in a day?",
			"With the tools, oven, kiln or machines you have now, "
			"on a day "
			"you did nothing else.",
			3,
			{{"yes", "Yes, 10 or more", 'y', SR_LEAN_BATCH,
			  "You can turn out identical pieces in volume, which "
			  "is "
			  "exactly what a batch run makes use of."},
			 {"no", "No, fewer than 10", 'n', SR_LEAN_JOB,
			  "Your daily output is small, so each piece is worth "
			  "making "
			  "for a customer who has already asked for it."}},
		},
	[SR_Q_STORAGE] =
		{
			"storage",
			"storage",
			"Storage",
			"Do you have room to store materials and finished "
			"goods "
			"between runs?",
			"Shelves, a cool dry corner, a freezer or a stockroom: "
			"somewhere stock keeps safely until it sells.",
			2,
			{{"yes", "Yes, I have the space", 'y', SR_LEAN_BATCH,
			  "You have somewhere to keep materials bought in bulk "
			  "and "
			  "the stock a run produces until it sells."},
			 {"no", "No, space is tight", 'n', SR_LEAN_JOB,
			  "Without space for stock, making only what has been "
			  "ordered "
			  "keeps the workshop clear."}},
		},
	[SR_Q_VALUES] =
		{
			"values",
			"values",
			"What customers value",
			"What do your customers value most?",
			"Think of why your best customers come back to you.",
			2,
			{{"personal",
			  "A personal connection: the maker and the story", 'p',
			  SR_LEAN_JOB,
			  "Your customers come for you and the story of each "
			  "piece, "
			  "which one-to-one custom work delivers."},
			 {"consistency",
			  "Consistent quality: the same every time", 'c',
			  SR_LEAN_BATCH,
			  "Your customers want the same thing every time, and "
			  "making "
			  "identical runs to one recipe gives them that."}},
		},
};

const struct sr_production_def sr_productions[SR_PROD__MAX] = {
	[SR_PROD_JOB] =
		{
			"job",
			"Job production",
			"Make each piece to order, one at a time, to the "
			"customer's "
			"own request. You start work once someone has "
			"committed, so "
			"you hold little stock, and every piece can be priced "
			"for the "
			"hours it really takes.",
			{"A higher margin on every piece",
			 "Little money tied up in materials and stock",
			 "Customers who come back and bring their friends",
			 NULL},
			{"Custom furniture and joinery",
			 "Made-to-measure clothing and alterations",
			 "Commissions, engraving and personalised gifts",
			 "Repairs, restorations and one-off prototypes", NULL},
			"It rests on your skill and a well-kept order book: "
			"quote "
			"delivery dates your queue can meet, and charge for "
			"every hour.",
		},
	[SR_PROD_BATCH] =
		{
			"batch",
			"Batch production",
			"Make a set number of one identical product in a run, "
			"then "
			"clean down and move to the next. Setting up and "
			"cleaning are "
			"paid for once per run instead of once per piece, and "
			"each run "
			"can be checked as a whole before it leaves.",
			{"A lower cost per piece, as setup is shared across "
			 "the run",
			 "Even quality you can check and trace run by run",
			 "Stock on the shelf when customers walk in", NULL},
			{"Bread, cakes, jams and other small food businesses",
			 "Candles, soap and cosmetics",
			 "Pottery ranges, mugs and tableware",
			 "Small runs of textiles and prints", NULL},
			"It needs steady demand, fixed batch days and space "
			"for "
			"materials and stock; size each run to what sells "
			"before it "
			"spoils or dates.",
		},
	[SR_PROD_MIXED] =
		{
			"mixed",
			"Mixed: job and batch",
			"Do both: take custom orders on some days and make "
			"runs of your "
			"standard pieces on others. The runs bring in steady "
			"money; "
			"the custom work earns more per piece and keeps you "
			"close to "
			"your customers.",
			{"Steady sales of standard pieces beside high-margin "
			 "custom "
			 "work",
			 "Runs fill the quiet days between custom orders",
			 "Two kinds of customer, so less risk if one goes "
			 "quiet",
			 NULL},
			{"Custom belts in the week, a run of wallets on "
			 "Saturday",
			 "One-off gallery pieces beside matching sets for "
			 "shops",
			 "Celebration cakes to order beside the daily bread",
			 NULL},
			"It takes discipline: set fixed days for each kind of "
			"work, "
			"clean and reset shared tools between them, and keep "
			"the two "
			"sets of numbers apart.",
		},
};

const struct sr_rule_def sr_rules[SR_RULE__MAX] = {
	[SR_RULE_CUSTOM_NOT_BATCH] =
		{"custom_not_batch", "customization=yes", "never batch",
		 "Customers expect customization, so identical runs alone "
		 "would not serve them."},
	[SR_RULE_NO_STORAGE_NOT_BATCH] =
		{"no_storage_not_batch", "storage=no", "never batch",
		 "With no room to store materials and stock, batch production "
		 "alone is not workable."},
	[SR_RULE_CUSTOM_SLOW_JOB] =
		{"custom_slow_job", "customization=yes and ten_a_day=no", "job",
		 "Custom pieces that you make fewer than ten of a day are "
		 "made-to-order work."},
	[SR_RULE_VOLUME_NOT_JOB] =
		{"volume_not_job", "ten_a_day=yes and storage=yes", "never job",
		 "You can make ten or more a day and have room to keep them, "
		 "so "
		 "runs of standard pieces deserve a place in your week."},
	[SR_RULE_ALL_BATCH] =
		{"all_batch",
		 "customization=no, ten_a_day=yes, storage=yes and "
		 "values=consistency",
		 "batch",
		 "Standard designs, volume, storage and customers who want "
		 "consistency: everything points to batch production."},
};

const struct sr_text_def sr_warnings[SR_WARN__MAX] = {
	[SR_WARN_NO_STORAGE] =
		{"no_storage",
		 "You are short of storage. Keep any run small enough to sell "
		 "before it needs a shelf, and find the space before you make "
		 "more."},
	[SR_WARN_UNDERCHARGING] =
		{"undercharging",
		 "Custom work takes longer than it looks. Price it from your "
		 "real hours at a fair hourly rate, not from what a shop asks "
		 "for something similar."},
	[SR_WARN_NO_DEMAND] =
		{"batch_without_demand",
		 "Size runs to the demand you have seen, not the demand you "
		 "hope for: unsold stock is money sitting on a shelf."},
	[SR_WARN_SHARED_TOOLS] =
		{"shared_tools",
		 "When custom and batch work share tools, moulds or an oven, "
		 "clean and reset them between the two, or quality slips on "
		 "both."},
	[SR_WARN_UNTRACKED_TIME] =
		{"untracked_time",
		 "Time every piece and every run, even roughly. Without real "
		 "times you cannot set a price or promise a date you can "
		 "keep."},
	[SR_WARN_PRICE_WAR] =
		{"price_war",
		 "Do not try to match mass-market prices. People buy from you "
		 "for what only you make, so sell on that."},
};

/* clang-format on */

const char *sr_lean_name(enum sr_lean lean)
{
	static const char *const names[SR_LEAN__MAX] = {
		[SR_LEAN_JOB] = "job",
		[SR_LEAN_NONE] = "none",
		[SR_LEAN_BATCH] = "batch",
	};
	return (unsigned)lean < SR_LEAN__MAX ? names[lean] : "none";
}

void sr_answers_init(struct sr_answers *a)
{
	for (size_t q = 0; q < SR_Q__MAX; q++)
		a->pick[q] = SR_UNANSWERED;
}

int sr_question_find(const char *name, int by_flag)
{
	for (int q = 0; q < SR_Q__MAX; q++) {
		const struct sr_question_def *d = &sr_questions[q];

		if (!strcmp(name, by_flag ? d->flag : d->id))
			return q;
	}
	return -1;
}

enum sr_err sr_answers_set(struct sr_answers *a, enum sr_question q,
			   const char *value, struct sr_fail *f)
{
	const struct sr_question_def *d = &sr_questions[q];

	for (int i = 0; i < 2; i++) {
		if (!strcmp(value, d->answers[i].value)) {
			a->pick[q] = i;
			return SR_OK;
		}
	}
	return sr_fail_set(f, SR_EINVAL, "bad_value", NULL,
			   "must be '%s' or '%s'", d->answers[0].value,
			   d->answers[1].value);
}

/* The lean of question q in a. */
static enum sr_lean lean_of(const struct sr_answers *a, enum sr_question q)
{
	int i = a->pick[q];

	if (i != 0 && i != 1)
		return SR_LEAN_NONE;
	return sr_questions[q].answers[i].lean;
}

enum sr_err sr_advise(const struct sr_answers *a, struct sr_advice *out,
		      struct sr_fail *f)
{
	enum sr_lean l[SR_Q__MAX];
	enum sr_production lo = SR_PROD_BATCH, hi = SR_PROD_JOB, rec;
	int balance;

	memset(out, 0, sizeof(*out));
	for (int q = 0; q < SR_Q__MAX; q++) {
		int w = sr_questions[q].weight;

		l[q] = lean_of(a, (enum sr_question)q);
		out->score_max += w;
		if (l[q] == SR_LEAN_JOB)
			out->score_job += w;
		else if (l[q] == SR_LEAN_BATCH)
			out->score_batch += w;
		if (l[q] != SR_LEAN_NONE)
			out->answered++;
	}
	if (!out->answered) {
		out->rec = out->by_score = SR_PROD_MIXED;
		return sr_fail_set(f, SR_EINVAL, "no_answers", "answers",
				   "answer at least one question");
	}

	balance = out->score_job - out->score_batch;
	if (balance >= SR_ADVISE_MARGIN)
		rec = SR_PROD_JOB;
	else if (balance <= -SR_ADVISE_MARGIN)
		rec = SR_PROD_BATCH;
	else
		rec = SR_PROD_MIXED;
	out->by_score = rec;

	/* Floors: each is raised by a job-leaning answer. */
	if (l[SR_Q_CUSTOMIZATION] == SR_LEAN_JOB) {
		out->rules |= 1u << SR_RULE_CUSTOM_NOT_BATCH;
		lo = SR_PROD_MIXED;
	}
	if (l[SR_Q_STORAGE] == SR_LEAN_JOB) {
		out->rules |= 1u << SR_RULE_NO_STORAGE_NOT_BATCH;
		lo = SR_PROD_MIXED;
	}
	if (l[SR_Q_CUSTOMIZATION] == SR_LEAN_JOB &&
	    l[SR_Q_TEN_A_DAY] == SR_LEAN_JOB) {
		out->rules |= 1u << SR_RULE_CUSTOM_SLOW_JOB;
		lo = SR_PROD_JOB;
	}
	/* Ceilings: each needs batch-leaning answers, so job-ward moves only
	 * ever lift them. A ceiling never falls below a floor: a floor of
	 * mixed needs customization or no storage, a floor of job also under
	 * ten a day, and the ceilings need the opposite answers; the two can
	 * only meet at mixed (rule 6). */
	if (l[SR_Q_TEN_A_DAY] == SR_LEAN_BATCH &&
	    l[SR_Q_STORAGE] == SR_LEAN_BATCH) {
		out->rules |= 1u << SR_RULE_VOLUME_NOT_JOB;
		hi = SR_PROD_MIXED;
	}
	if (l[SR_Q_CUSTOMIZATION] == SR_LEAN_BATCH &&
	    l[SR_Q_TEN_A_DAY] == SR_LEAN_BATCH &&
	    l[SR_Q_STORAGE] == SR_LEAN_BATCH &&
	    l[SR_Q_VALUES] == SR_LEAN_BATCH) {
		out->rules |= 1u << SR_RULE_ALL_BATCH;
		hi = SR_PROD_BATCH;
	}
	if (rec < lo)
		rec = lo;
	if (rec > hi)
		rec = hi;
	out->rec = rec;

	/* Warnings: the common mistakes that fit these answers. */
	if (l[SR_Q_STORAGE] == SR_LEAN_JOB &&
	    (rec != SR_PROD_JOB || l[SR_Q_TEN_A_DAY] == SR_LEAN_BATCH))
		out->warnings |= 1u << SR_WARN_NO_STORAGE;
	if (rec != SR_PROD_BATCH || l[SR_Q_CUSTOMIZATION] == SR_LEAN_JOB)
		out->warnings |= 1u << SR_WARN_UNDERCHARGING;
	if (rec != SR_PROD_JOB)
		out->warnings |= 1u << SR_WARN_NO_DEMAND;
	if (rec == SR_PROD_MIXED)
		out->warnings |= 1u << SR_WARN_SHARED_TOOLS;
	out->warnings |= 1u << SR_WARN_UNTRACKED_TIME;
	if (rec == SR_PROD_JOB || l[SR_Q_VALUES] == SR_LEAN_JOB)
		out->warnings |= 1u << SR_WARN_PRICE_WAR;
	return SR_OK;
}
