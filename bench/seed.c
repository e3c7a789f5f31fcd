/*
 * seed.c - fill a fresh database with a realistic workshop, for the
 * records benchmark (bench/records.sh, doc/PERFORMANCE.md).
 *
 *	bench-seed --db PATH [--via sql|api] [--scale PERCENT] [--seed N]
 *	bench-seed --print-sql    (the resource descriptions, for the
 *	                           reference SQL of bench/records.sh)
 *
 * The data set, at --scale 100 (the default): 50 products, 2,000
 * customers, 200 materials, 10,000 custom orders (every status, due dates
 * spread over a year), 2,000 batches (made and rejected quantities, a few
 * large runs, the last fortnight still planned), 2-4 material uses per
 * batch with suppliers' lots shared by neighbouring batches, 50,000 sales
 * spread over the batches (weighted by batch size) and the customers
 * (skewed: a few regulars buy a lot) without ever selling more than a
 * batch has, time entries on orders and batches, 20 days off (bank
 * holidays and two breaks) and the 8 suppliers the materials are named
 * after (both fixed lists). Everything comes
 * from one fixed pseudo-random sequence (--seed), so two runs give the
 * same bytes; --scale shrinks customers, orders, batches and sales.
 *
 * --via api creates every record through the public library API
 * (sr_rec_create, sr_settings_update): the same validation as the CLI and
 * the JSON API, one fsync'd transaction per record. --via sql (the
 * default) opens the database once through sr_store_open (so the schema
 * and its migrations are the program's own), then inserts the same rows
 * with plain SQL in one transaction: codes, best-before dates, timer
 * minutes and material stock computed here exactly as lib/rules.c
 * computes them. The two give identical databases (`sqlite3 DB .dump`
 * compares equal, at full scale too), which is how the SQL path is
 * checked; bench/records.sh checks it again at 5% on every run.
 *
 * Prints "SEED via=… records=… seconds=… per_second=…", the row counts
 * ("COUNTS table=n …") and what bench/records.sh should ask for: the
 * batches with the most sales, a typical customer, the product with the
 * most batches, the lot in the most batches ("PICK name=value …").
 */
#include "compat.h"

#include <getopt.h>
#include <sqlite3.h>
#include <time.h>
#include <unistd.h>

#include "smallrun/date.h"
#include "smallrun/parse.h"
#include "smallrun/records.h"
#include "smallrun/store.h"
/* Private, for --print-sql alone: the resource descriptions. */
#include "resource.h"

#define NPRODUCTS 50
#define NMATERIALS 200
#define NWORKERS 4
#define USES_MAX 4

/* ---- the data set -------------------------------------------------- */

struct product {
	char name[64];
	const char *mode;
	int64_t price, material_cost, minutes_per_unit, setup_minutes;
	int64_t max_batch, shelf_life; /* 0: null */
	int64_t storage_per_unit;
	int64_t created;
};

struct customer {
	char name[64], email[96], phone[32];
	const char *notes;
	int64_t created;
};

struct material {
	char name[80];
	const char *unit;
	int64_t on_hand, reorder_level, cost_per_unit, cost_per;
	int64_t used;	       /* taken by batch uses */
	int64_t lot, lot_left; /* current supplier lot, uses left in it */
	int64_t created;
};

struct order {
	int64_t customer_id, product_id; /* product 0: null */
	char title[128];
	const char *spec;
	int64_t quantity, price, minutes;
	int64_t due; /* day number, or -1: null */
	const char *status;
	int64_t created;
};

struct batch {
	int64_t product_id, planned, made, rejected, run_date;
	const char *status, *qc;
	char code[64];
	int64_t best_before; /* -1: null */
	int64_t left;	     /* made - rejected - sold so far */
	int64_t created;
};

struct use {
	int64_t batch_id, material_id, quantity;
	int64_t lotn; /* the material's lot number */
	char lot[32];
	int64_t created;
};

struct entry {
	int64_t order_id, batch_id; /* one of them 0 */
	const char *worker, *note;
	int64_t started, minutes;
	int64_t created;
};

struct sale {
	int64_t product_id, customer_id, batch_id, order_id; /* 0: null */
	int64_t quantity, price, sold_on;
	int64_t created;
	size_t n; /* generation order, to sort stably */
};

struct data {
	struct product products[NPRODUCTS];
	struct material materials[NMATERIALS];
	struct customer *customers;
	struct order *orders;
	struct batch *batches;
	struct use *uses;
	struct entry *entries;
	struct sale *sales;
	size_t ncustomers, norders, nbatches, nuses, nentries, nsales;
};

/* The first day of the data set and its "today" (not the real clock). */
#define BASE_DATE "2025-01-01"
#define TODAY_OFFSET 330

/* Tables read best as tables. */
/* clang-format off */
static const char *const product_names[NPRODUCTS] = {
	"Sourdough loaf", "Rye bread", "Oak chopping board",
	"Walnut serving tray", "Beeswax candle", "Soy pillar candle",
	"Lavender soap", "Oatmeal soap", "Linen tea towel", "Wool scarf",
	"Ceramic mug", "Stoneware bowl", "Leather wallet", "Canvas tote bag",
	"Hand cream", "Lip balm", "Strawberry jam", "Marmalade",
	"Chilli sauce", "Granola", "Birch spoon", "Cherry cutting board",
	"Picture frame", "Bird box", "Plant pot", "Macrame hanger",
	"Knitted hat", "Quilted cushion", "Silver ring", "Brass pendant",
	"Glass vase", "Resin coaster set", "Notebook A5", "Greeting card pack",
	"Art print A4", "Bath bomb", "Shampoo bar", "Beard oil", "Dog collar",
	"Cat toy", "Honey jar", "Fudge box", "Shortbread tin", "Gin liqueur",
	"Kombucha", "Chutney", "Pesto", "Elderflower cordial", "Wreath",
	"Custom sign",
};

static const struct {
	const char *name, *unit;
} material_kinds[25] = {
	{"Strong white flour", "g"}, {"Rye flour", "g"}, {"Oak board", "mm"},
	{"Walnut board", "mm"}, {"Beeswax", "g"}, {"Soy wax", "g"},
	{"Lavender oil", "ml"}, {"Olive oil", "ml"}, {"Linen fabric", "mm"},
	{"Merino yarn", "g"}, {"Stoneware clay", "g"}, {"Glaze", "ml"},
	{"Veg-tan leather", "mm"}, {"Cotton canvas", "mm"},
	{"Shea butter", "g"}, {"Sugar", "g"}, {"Strawberries", "g"},
	{"Seville oranges", "g"}, {"Chillies", "g"}, {"Rolled oats", "g"},
	{"Glass jars", "pcs"}, {"Kraft boxes", "pcs"}, {"Labels", "pcs"},
	{"Sterling wire", "mm"}, {"Wicks", "pcs"},
};

static const char *const suppliers[8] = {
	"Millers & Co", "Greenway", "Northfield", "Harbour Supply", "Oakleaf",
	"Brightside", "Westcott", "Red Kite",
};

static const char *const first_names[40] = {
	"Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Mia", "Arthur",
	"Ivy", "Leo", "Freya", "Oscar", "Lily", "Harry", "Grace", "Jack",
	"Sophia", "Charlie", "Rosie", "Theo", "Ella", "Alfie", "Evie", "Henry",
	"Poppy", "Finley", "Ruby", "Archie", "Daisy", "Thomas", "Alice",
	"Jacob", "Florence", "Joshua", "Willow", "William", "Sienna", "James",
	"Matilda", "Samuel",
};

static const char *const last_names[50] = {
	"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson",
	"Davies", "Patel", "Robinson", "Wright", "Thompson", "Evans", "Walker",
	"White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
	"Hughes", "Edwards", "Turner", "Hill", "Moore", "Cooper", "Ward",
	"Morris", "King", "Watson", "Harris", "Baker", "Lewis", "Young",
	"Allen", "Mitchell", "Kelly", "Carter", "Phillips", "Bell", "Adams",
	"Shaw", "Lloyd", "Fox", "Mills", "Webb", "Hunt", "Price", "Kaur",
};

static const char *const workers[NWORKERS] = {"me", "sam", "priya", "tom"};

/* The days the workshop is shut. Fixed, not drawn, so that every other
 * row is what it was before they were added. */
static const struct {
	const char *date, *note;
} days_off[] = {
	{"2025-01-01", "Bank holiday"}, {"2025-02-17", "Half term"},
	{"2025-02-18", "Half term"}, {"2025-02-19", "Half term"},
	{"2025-04-18", "Bank holiday"}, {"2025-04-21", "Bank holiday"},
	{"2025-05-05", "Bank holiday"}, {"2025-05-26", "Bank holiday"},
	{"2025-06-14", "Craft fair"}, {"2025-08-04", "Summer break"},
	{"2025-08-05", "Summer break"}, {"2025-08-06", "Summer break"},
	{"2025-08-07", "Summer break"}, {"2025-08-08", "Summer break"},
	{"2025-08-25", "Bank holiday"}, {"2025-12-25", "Bank holiday"},
	{"2025-12-26", "Bank holiday"}, {"2025-12-29", "Christmas closure"},
	{"2025-12-30", "Christmas closure"}, {"2025-12-31", "Christmas closure"},
};
/* clang-format on */

#define NDAYS_OFF (sizeof(days_off) / sizeof(days_off[0]))

/* The suppliers the materials are named after, in the same order; fixed
 * like the days off. */
static const struct {
	const char *contact;
	int64_t lead_time; /* days; -1: null */
} supplier_info[8] = {
	{"orders@millers.example", 3}, {"Jo at the Greenway depot", 7},
	{"01632 960123", 5}, {NULL, 14}, {"oakleaf.example/trade", 2},
	{"Brightside trade desk", -1}, {"sales@westcott.example", 10},
	{NULL, -1},
};

/* ---- a fixed pseudo-random sequence (splitmix64) -------------------- */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* A whole number in [lo, hi]. */
static int64_t rng_range(int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rng_next() % (uint64_t)(hi - lo + 1));
}

/* A real number in [0, 1). */
static double rng_unit(void)
{
	return (double)(rng_next() >> 11) / 9007199254740992.0;
}

/* True with probability percent/100. */
static bool rng_chance(int percent)
{
	return rng_range(0, 99) < percent;
}

/* An index in [0, n) skewed towards 0: the first few are the regulars. */
static size_t rng_skewed(size_t n)
{
	double u = rng_unit();

	return (size_t)(u * u * (double)n);
}

/* ---- generation ----------------------------------------------------- */

static int64_t base_day(void)
{
	int64_t d = 0;

	sr_date_parse(BASE_DATE, strlen(BASE_DATE), &d);
	return d;
}

/* lib/rules.c's batch code prefix: "SOUR-20250101-". */
static void code_prefix(const char *name, int64_t product_id, int64_t day,
			char *out, size_t size)
{
	char date[11];
	size_t n = 0;

	for (const char *p = name; *p && n < 4; p++) {
		char c = *p;

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
			out[n++] = c;
	}
	if (!n)
		n = (size_t)snprintf(out, size, "P%" PRId64, product_id);
	sr_date_format(day, date);
	snprintf(out + n, size - n, "-%.4s%.2s%.2s-", date, date + 5, date + 8);
}

static void gen_products(struct data *d, int64_t t0)
{
	static const char *const modes[] = {"batch", "both", "job"};

	for (size_t i = 0; i < NPRODUCTS; i++) {
		struct product *p = &d->products[i];

		snprintf(p->name, sizeof(p->name), "%s", product_names[i]);
		/* Custom signs are only ever made to order. */
		p->mode = i == NPRODUCTS - 1 ? "job" : modes[rng_range(0, 1)];
		p->price = rng_range(3, 80) * 50;
		p->material_cost = p->price * rng_range(15, 40) / 100;
		p->minutes_per_unit = rng_range(2, 45);
		p->setup_minutes = rng_range(0, 6) * 15;
		p->max_batch = rng_chance(50) ? rng_range(200, 600) : 0;
		p->shelf_life = rng_chance(60) ? rng_range(7, 365) : 0;
		p->storage_per_unit = rng_range(1, 20);
		p->created = t0 + (int64_t)i * 60;
	}
}

static void gen_materials(struct data *d, int64_t t0)
{
	for (size_t i = 0; i < NMATERIALS; i++) {
		struct material *m = &d->materials[i];
		size_t kind = i % 25;

		snprintf(m->name, sizeof(m->name), "%s (%s)",
			 material_kinds[kind].name, suppliers[i / 25]);
		m->unit = material_kinds[kind].unit;
		m->on_hand = rng_range(50, 400) * 1000;
		m->reorder_level = rng_range(5, 50) * 1000;
		m->cost_per_unit = rng_range(1, 500);
		m->cost_per = !strcmp(m->unit, "pcs") ? 1 : 1000;
		m->lot = 0;
		m->lot_left = 0;
		m->created = t0 + 3600 + (int64_t)i * 60;
	}
}

static void gen_customers(struct data *d, int64_t t0)
{
	for (size_t i = 0; i < d->ncustomers; i++) {
		struct customer *c = &d->customers[i];
		const char *first = first_names[rng_range(0, 39)];
		const char *last = last_names[rng_range(0, 49)];
		size_t n;

		snprintf(c->name, sizeof(c->name), "%s %s", first, last);
		n = (size_t)snprintf(c->email, sizeof(c->email), "%s.%s%zu",
				     first, last, i + 1);
		for (size_t k = 0; k < n; k++)
			if (c->email[k] >= 'A' && c->email[k] <= 'Z')
				c->email[k] = (char)(c->email[k] - 'A' + 'a');
		snprintf(c->email + n, sizeof(c->email) - n, "@example.com");
		if (rng_chance(70))
			snprintf(c->phone, sizeof(c->phone), "07700 9%05d",
				 (int)rng_range(0, 99999));
		else
			c->phone[0] = '\0';
		c->notes = rng_chance(10) ? "Prefers collection on Saturdays"
					  : NULL;
		c->created = t0 + 86400 + (int64_t)i * 600;
	}
}

static const char *order_status(int64_t due, int64_t today)
{
	int r = (int)rng_range(0, 99);

	if (due < 0)
		return r < 60 ? "quoted" : "accepted";
	if (due < today)
		return r < 70	? "delivered"
		       : r < 80 ? "done"
		       : r < 92 ? "cancelled"
		       : r < 97 ? "in_progress"
				: "accepted";
	return r < 35	? "quoted"
	       : r < 75 ? "accepted"
	       : r < 95 ? "in_progress"
			: "cancelled";
}

static void gen_orders(struct data *d, int64_t day0)
{
	static const char *const specs[] = {
		NULL,
		NULL,
		"Engraved with initials, gift wrapped",
		"Match the colour of the sample left in the shop",
		"Deliver to the venue by 10am",
	};
	int64_t today = day0 + TODAY_OFFSET;

	for (size_t i = 0; i < d->norders; i++) {
		struct order *o = &d->orders[i];
		const struct product *p;
		const struct customer *c;

		o->customer_id = (int64_t)rng_skewed(d->ncustomers) + 1;
		c = &d->customers[o->customer_id - 1];
		/* One in five is a one-off with no catalogue product. */
		if (rng_chance(20)) {
			o->product_id = 0;
			snprintf(o->title, sizeof(o->title),
				 "One-off commission for %s", c->name);
			o->price = rng_range(20, 600) * 100;
		} else {
			do
				o->product_id = rng_range(1, NPRODUCTS);
			while (!strcmp(d->products[o->product_id - 1].mode,
				       "batch"));
			p = &d->products[o->product_id - 1];
			snprintf(o->title, sizeof(o->title), "%s for %s",
				 p->name, c->name);
			o->price = p->price * rng_range(1, 20);
		}
		o->spec = specs[rng_range(0, 4)];
		o->quantity = rng_chance(60) ? 1 : rng_range(2, 20);
		o->minutes = rng_range(1, 40) * 15;
		o->due = rng_chance(3) ? -1 : day0 - 30 + rng_range(0, 394);
		o->status = order_status(o->due, today);
		o->created = (o->due < 0 ? today : o->due) * 86400 -
			     rng_range(7, 60) * 86400 + rng_range(0, 86399);
	}
}

static void gen_batches(struct data *d, int64_t day0)
{
	int64_t today = day0 + TODAY_OFFSET;
	size_t nbatch_products = 0;
	int64_t batch_products[NPRODUCTS];

	for (size_t i = 0; i < NPRODUCTS; i++)
		if (strcmp(d->products[i].mode, "job"))
			batch_products[nbatch_products++] = (int64_t)i + 1;
	for (size_t i = 0; i < d->nbatches; i++) {
		struct batch *b = &d->batches[i];
		const struct product *p;
		char prefix[32];
		int64_t same = 0;

		/* Runs spread over the year; the last fortnight is planned. */
		b->run_date = day0 + (int64_t)(i * 345 / d->nbatches);
		b->product_id = batch_products[rng_skewed(nbatch_products)];
		p = &d->products[b->product_id - 1];
		b->planned = p->max_batch
				     ? rng_range(p->max_batch / 4, p->max_batch)
				     : rng_range(40, 300);
		/* One run in fifty is a big one for a wholesale order. */
		if (rng_chance(2))
			b->planned = rng_range(1000, 3000);
		b->qc = NULL;
		if (b->run_date > today) {
			b->status = "planned";
			b->made = b->rejected = 0;
		} else if (b->run_date >= today - 1) {
			b->status = "running";
			b->made = b->planned / 2;
			b->rejected = 0;
		} else {
			b->status = "done";
			b->made = b->planned - rng_range(0, b->planned / 10);
			b->rejected = rng_chance(30)
					      ? rng_range(1, b->made / 20 + 1)
					      : 0;
			if (b->rejected)
				b->qc = "Some uneven finishes set aside";
		}
		b->best_before =
			p->shelf_life ? b->run_date + p->shelf_life : -1;
		b->left = b->made - b->rejected;
		/* The number after the prefix counts the runs of that day
		 * (lib/rules.c: the highest number in use, plus one). */
		code_prefix(p->name, b->product_id, b->run_date, prefix,
			    sizeof(prefix));
		for (size_t k = 0; k < i; k++)
			if (!strncmp(d->batches[k].code, prefix,
				     strlen(prefix)))
				same++;
		snprintf(b->code, sizeof(b->code), "%s%" PRId64, prefix,
			 same + 1);
		b->created =
			b->run_date * 86400 + 7 * 3600 + rng_range(0, 3600);
	}
}

static void gen_uses(struct data *d)
{
	d->nuses = 0;
	for (size_t i = 0; i < d->nbatches; i++) {
		const struct batch *b = &d->batches[i];
		int64_t n = rng_range(2, USES_MAX);

		if (!strcmp(b->status, "planned"))
			continue;
		for (int64_t k = 0; k < n; k++) {
			struct use *u = &d->uses[d->nuses++];
			/* Each product draws on its own few materials. */
			size_t mi = (size_t)((b->product_id * 7 + k * 53 +
					      rng_range(0, 3)) %
					     NMATERIALS);
			struct material *m = &d->materials[mi];

			u->batch_id = (int64_t)i + 1;
			u->material_id = (int64_t)mi + 1;
			u->quantity = rng_range(1, 40) * 50;
			/* A supplier's lot lasts several runs. */
			if (m->lot_left == 0) {
				m->lot++;
				m->lot_left = rng_range(3, 12);
			}
			m->lot_left--;
			u->lotn = m->lot;
			snprintf(u->lot, sizeof(u->lot),
				 "S%zu-M%03zu-L%03" PRId64, mi / 25 + 1, mi + 1,
				 m->lot);
			m->used += u->quantity;
			u->created = b->created + 600 + k * 60;
		}
	}
}

static void gen_entries(struct data *d)
{
	static const char *const notes[] = {NULL, NULL, "Finishing", "Packing",
					    "Setup and clean"};

	d->nentries = 0;
	for (size_t i = 0; i < d->norders; i++) {
		const struct order *o = &d->orders[i];
		struct entry *e;

		if (strcmp(o->status, "in_progress") &&
		    strcmp(o->status, "done") && strcmp(o->status, "delivered"))
			continue;
		if (!rng_chance(40))
			continue;
		e = &d->entries[d->nentries++];
		e->order_id = (int64_t)i + 1;
		e->batch_id = 0;
		e->worker = workers[rng_range(0, NWORKERS - 1)];
		e->note = notes[rng_range(0, 4)];
		e->started = o->created + rng_range(1, 5) * 86400;
		e->minutes = rng_range(10, 480);
		e->created = e->started + e->minutes * 60;
	}
	for (size_t i = 0; i < d->nbatches; i++) {
		const struct batch *b = &d->batches[i];
		struct entry *e;

		if (!strcmp(b->status, "planned"))
			continue;
		e = &d->entries[d->nentries++];
		e->order_id = 0;
		e->batch_id = (int64_t)i + 1;
		e->worker = workers[rng_range(0, NWORKERS - 1)];
		e->note = notes[rng_range(0, 4)];
		e->started = b->run_date * 86400 + 8 * 3600;
		e->minutes = rng_range(60, 600);
		e->created = e->started + e->minutes * 60;
	}
}

static int sale_cmp(const void *a, const void *b)
{
	const struct sale *x = a, *y = b;

	if (x->sold_on != y->sold_on)
		return x->sold_on < y->sold_on ? -1 : 1;
	return x->n < y->n ? -1 : x->n > y->n;
}

/* Sales over the done batches, weighted by their size, never more than
 * a batch has left; one in twenty without a batch (product only). */
static int gen_sales(struct data *d)
{
	int64_t *cum = calloc(d->nbatches + 1, sizeof(*cum));
	size_t ndone = 0, *done = calloc(d->nbatches + 1, sizeof(*done));
	int rc = 0;

	if (!cum || !done) {
		rc = -1;
		goto out;
	}
	for (size_t i = 0; i < d->nbatches; i++)
		if (!strcmp(d->batches[i].status, "done") &&
		    d->batches[i].left > 0) {
			done[ndone] = i;
			cum[ndone + 1] = cum[ndone] + d->batches[i].left;
			ndone++;
		}
	for (size_t i = 0; i < d->nsales; i++) {
		struct sale *s = &d->sales[i];
		int r = (int)rng_range(0, 99);
		int64_t qty = r < 55   ? 1
			      : r < 80 ? 2
			      : r < 92 ? rng_range(3, 5)
				       : rng_range(6, 12);
		struct batch *b = NULL;

		s->n = i;
		s->order_id = 0;
		if (rng_chance(5)) {
			s->batch_id = 0;
			s->product_id = rng_range(1, NPRODUCTS);
			s->sold_on = d->batches[0].run_date + rng_range(0, 330);
		} else {
			for (int tries = 0; tries < 1000 && !b; tries++) {
				int64_t x = rng_range(0, cum[ndone] - 1);
				size_t lo = 0, hi = ndone;

				while (hi - lo > 1) {
					size_t mid = (lo + hi) / 2;

					if (cum[mid] <= x)
						lo = mid;
					else
						hi = mid;
				}
				if (d->batches[done[lo]].left > 0)
					b = &d->batches[done[lo]];
			}
			if (!b) {
				fprintf(stderr, "bench-seed: the batches ran "
						"out of stock\n");
				rc = -1;
				goto out;
			}
			if (qty > b->left)
				qty = b->left;
			b->left -= qty;
			s->batch_id = b - d->batches + 1;
			s->product_id = b->product_id;
			{
				double u = rng_unit();

				s->sold_on =
					b->run_date + (int64_t)(u * u * 120);
			}
		}
		s->quantity = qty;
		s->customer_id =
			rng_chance(85) ? (int64_t)rng_skewed(d->ncustomers) + 1
				       : 0;
		if (s->customer_id && rng_chance(3))
			s->order_id = rng_range(1, (int64_t)d->norders);
		s->price = d->products[s->product_id - 1].price *
			   (qty >= 6 ? 85 : 100) / 100;
		s->created =
			s->sold_on * 86400 + 9 * 3600 + rng_range(0, 8 * 3600);
	}
	/* Entered day by day, as a shop would. */
	qsort(d->sales, d->nsales, sizeof(*d->sales), sale_cmp);
out:
	free(cum);
	free(done);
	return rc;
}

static int generate(struct data *d, uint64_t seed, int64_t scale)
{
	int64_t day0 = base_day();
	int64_t t0 = (day0 - 60) * 86400 + 9 * 3600;

	rng_state = seed;
	d->ncustomers = (size_t)(2000 * scale / 100);
	d->norders = (size_t)(10000 * scale / 100);
	d->nbatches = (size_t)(2000 * scale / 100);
	d->nsales = (size_t)(50000 * scale / 100);
	if (d->ncustomers < 1 || d->nbatches < 20) {
		fprintf(stderr, "bench-seed: --scale is too small\n");
		return -1;
	}
	d->customers = calloc(d->ncustomers, sizeof(*d->customers));
	d->orders = calloc(d->norders, sizeof(*d->orders));
	d->batches = calloc(d->nbatches, sizeof(*d->batches));
	d->uses = calloc(d->nbatches * USES_MAX, sizeof(*d->uses));
	d->entries = calloc(d->norders + d->nbatches, sizeof(*d->entries));
	d->sales = calloc(d->nsales, sizeof(*d->sales));
	if (!d->customers || !d->orders || !d->batches || !d->uses ||
	    !d->entries || !d->sales) {
		fprintf(stderr, "bench-seed: out of memory\n");
		return -1;
	}
	gen_products(d, t0);
	gen_materials(d, t0);
	gen_customers(d, t0);
	gen_orders(d, day0);
	gen_batches(d, day0);
	gen_uses(d);
	gen_entries(d);
	return gen_sales(d);
}

/* Every row seeded, the settings row included. */
static size_t data_records(const struct data *d)
{
	return 1 + NPRODUCTS + d->ncustomers + NMATERIALS + d->norders +
	       d->nbatches + d->nuses + d->nentries + d->nsales + NDAYS_OFF +
	       SR_ARRAY_SIZE(suppliers);
}

/* When the day off or supplier at index i was entered: a month before
 * the data starts. */
static int64_t day_off_created(size_t i)
{
	return (base_day() - 30) * 86400 + 10 * 3600 + (int64_t)i * 60;
}

static int64_t supplier_created(size_t i)
{
	return (base_day() - 30) * 86400 + 11 * 3600 + (int64_t)i * 60;
}

static void data_free(struct data *d)
{
	free(d->customers);
	free(d->orders);
	free(d->batches);
	free(d->uses);
	free(d->entries);
	free(d->sales);
}

/* ---- writing through the library API -------------------------------- */

static void json_str(struct sr_buf *b, const char *key, const char *s)
{
	/* Every string here is ours and plain: no quotes, no escapes. */
	if (s && *s)
		sr_buf_addf(b, ",\"%s\":\"%s\"", key, s);
}

static void json_int(struct sr_buf *b, const char *key, int64_t v, bool null)
{
	if (!null)
		sr_buf_addf(b, ",\"%s\":%" PRId64, key, v);
}

static void json_date(struct sr_buf *b, const char *key, int64_t day)
{
	char date[11];

	if (day < 0)
		return;
	sr_date_format(day, date);
	json_str(b, key, date);
}

/* Create one record from body ("{" + fields each starting with ","). */
static int api_create(sr_store *s, enum sr_res r, struct sr_buf *body,
		      int64_t now, int64_t want_id)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	int64_t id = 0;
	enum sr_err err;
	int rc = 0;

	sr_buf_adds(body, "}");
	if (body->err) {
		fprintf(stderr, "bench-seed: body too long\n");
		return -1;
	}
	body->data[1] = ' '; /* the first field's comma */
	err = sr_rec_create(s, r, body->data, body->len, now, &id, &out, &f);
	if (err || id != want_id) {
		fprintf(stderr,
			"bench-seed: creating %s %" PRId64 ": %s (%s)\n",
			sr_res_singular(r), want_id, f.message.data,
			body->data);
		rc = -1;
	}
	sr_buf_release(&out);
	sr_fail_release(&f);
	sr_buf_reset(body);
	sr_buf_adds(body, "{");
	return rc;
}

/* Create every row of d through sr_rec_create, in id order. */
static int api_rows(sr_store *s, const struct data *d)
{
	struct sr_buf body = SR_BUF_INIT(8192);
	int rc = -1;

	sr_buf_adds(&body, "{");
	for (size_t i = 0; i < NPRODUCTS; i++) {
		const struct product *p = &d->products[i];

		json_str(&body, "name", p->name);
		json_str(&body, "mode", p->mode);
		json_int(&body, "price", p->price, false);
		json_int(&body, "material_cost", p->material_cost, false);
		json_int(&body, "minutes_per_unit", p->minutes_per_unit, false);
		json_int(&body, "setup_minutes", p->setup_minutes, false);
		json_int(&body, "max_batch", p->max_batch, !p->max_batch);
		json_int(&body, "shelf_life_days", p->shelf_life,
			 !p->shelf_life);
		json_int(&body, "storage_per_unit", p->storage_per_unit, false);
		if (api_create(s, SR_RES_PRODUCT, &body, p->created,
			       (int64_t)i + 1))
			goto out;
	}
	for (size_t i = 0; i < d->ncustomers; i++) {
		const struct customer *c = &d->customers[i];

		json_str(&body, "name", c->name);
		json_str(&body, "email", c->email);
		json_str(&body, "phone", c->phone);
		json_str(&body, "notes", c->notes);
		if (api_create(s, SR_RES_CUSTOMER, &body, c->created,
			       (int64_t)i + 1))
			goto out;
	}
	for (size_t i = 0; i < NMATERIALS; i++) {
		const struct material *m = &d->materials[i];

		json_str(&body, "name", m->name);
		json_str(&body, "unit", m->unit);
		json_int(&body, "on_hand", m->on_hand, false);
		json_int(&body, "reorder_level", m->reorder_level, false);
		json_int(&body, "cost_per_unit", m->cost_per_unit, false);
		json_int(&body, "cost_per", m->cost_per, false);
		if (api_create(s, SR_RES_MATERIAL, &body, m->created,
			       (int64_t)i + 1))
			goto out;
	}
	for (size_t i = 0; i < d->norders; i++) {
		const struct order *o = &d->orders[i];

		json_int(&body, "customer_id", o->customer_id, false);
		json_int(&body, "product_id", o->product_id, !o->product_id);
		json_str(&body, "title", o->title);
		json_str(&body, "spec", o->spec);
		json_int(&body, "quantity", o->quantity, false);
		json_int(&body, "price", o->price, false);
		json_int(&body, "estimated_minutes", o->minutes, false);
		json_date(&body, "due_date", o->due);
		json_str(&body, "status", o->status);
		if (api_create(s, SR_RES_ORDER, &body, o->created,
			       (int64_t)i + 1))
			goto out;
	}
	for (size_t i = 0; i < d->nbatches; i++) {
		const struct batch *b = &d->batches[i];

		json_int(&body, "product_id", b->product_id, false);
		json_int(&body, "planned_qty", b->planned, false);
		json_int(&body, "made_qty", b->made, false);
		json_int(&body, "rejected_qty", b->rejected, false);
		json_date(&body, "run_date", b->run_date);
		json_str(&body, "status", b->status);
		json_str(&body, "qc_notes", b->qc);
		if (api_create(s, SR_RES_BATCH, &body, b->created,
			       (int64_t)i + 1))
			goto out;
	}
	for (size_t i = 0; i < d->nuses; i++) {
		const struct use *u = &d->uses[i];

		json_int(&body, "batch_id", u->batch_id, false);
		json_int(&body, "material_id", u->material_id, false);
		json_int(&body, "quantity", u->quantity, false);
		json_str(&body, "lot", u->lot);
		if (api_create(s, SR_RES_BATCH_MATERIAL, &body, u->created,
			       (int64_t)i + 1))
			goto out;
	}
	for (size_t i = 0; i < d->nentries; i++) {
		const struct entry *e = &d->entries[i];
		char when[21];

		sr_instant_format(e->started, when);
		json_int(&body, "order_id", e->order_id, !e->order_id);
		json_int(&body, "batch_id", e->batch_id, !e->batch_id);
		json_str(&body, "worker", e->worker);
		json_str(&body, "started_at", when);
		json_int(&body, "minutes", e->minutes, false);
		json_str(&body, "note", e->note);
		if (api_create(s, SR_RES_TIME_ENTRY, &body, e->created,
			       (int64_t)i + 1))
			goto out;
	}
	for (size_t i = 0; i < d->nsales; i++) {
		const struct sale *sl = &d->sales[i];

		json_int(&body, "product_id", sl->product_id, false);
		json_int(&body, "customer_id", sl->customer_id,
			 !sl->customer_id);
		json_int(&body, "batch_id", sl->batch_id, !sl->batch_id);
		json_int(&body, "order_id", sl->order_id, !sl->order_id);
		json_int(&body, "quantity", sl->quantity, false);
		json_int(&body, "price", sl->price, false);
		json_date(&body, "sold_on", sl->sold_on);
		if (api_create(s, SR_RES_SALE, &body, sl->created,
			       (int64_t)i + 1))
			goto out;
	}
	for (size_t i = 0; i < NDAYS_OFF; i++) {
		json_str(&body, "date", days_off[i].date);
		json_str(&body, "note", days_off[i].note);
		if (api_create(s, SR_RES_DAY_OFF, &body, day_off_created(i),
			       (int64_t)i + 1))
			goto out;
	}
	for (size_t i = 0; i < SR_ARRAY_SIZE(suppliers); i++) {
		json_str(&body, "name", suppliers[i]);
		json_str(&body, "contact", supplier_info[i].contact);
		json_int(&body, "lead_time_days", supplier_info[i].lead_time,
			 supplier_info[i].lead_time < 0);
		if (api_create(s, SR_RES_SUPPLIER, &body, supplier_created(i),
			       (int64_t)i + 1))
			goto out;
	}
	rc = 0;
out:
	sr_buf_release(&body);
	return rc;
}

static int seed_api(const char *path, const struct data *d, size_t *n)
{
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_buf out = SR_BUF_INIT(65536);
	sr_store *s = NULL;
	int rc = -1;
	static const char settings[] =
		"{\"workshop_name\":\"Bench workshop\",\"workers\":3,"
		"\"storage_capacity\":400000}";

	if (sr_store_open(path, &s, &f) ||
	    sr_settings_update(s, settings, sizeof(settings) - 1, &out, &f))
		fprintf(stderr, "bench-seed: %s\n", f.message.data);
	else if (!api_rows(s, d)) {
		*n = data_records(d);
		rc = 0;
	}
	sr_store_close(s);
	sr_buf_release(&out);
	sr_fail_release(&f);
	return rc;
}

/* ---- writing with plain SQL, in one transaction --------------------- */

enum {
	Q_PRODUCT,
	Q_CUSTOMER,
	Q_MATERIAL,
	Q_ORDER,
	Q_BATCH,
	Q_USE,
	Q_ENTRY,
	Q_SALE,
	Q_DAY_OFF,
	Q_SUPPLIER,
	Q__MAX
};

static const char *const insert_sql[Q__MAX] = {
	[Q_PRODUCT] = "INSERT INTO products (name, mode, price, material_cost,"
		      " minutes_per_unit, setup_minutes, max_batch,"
		      " shelf_life_days, storage_per_unit, created_at)"
		      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_CUSTOMER] = "INSERT INTO customers (name, email, phone, notes,"
		       " created_at) VALUES (?, ?, ?, ?, ?)",
	[Q_MATERIAL] = "INSERT INTO materials (name, unit, on_hand,"
		       " reorder_level, cost_per_unit, cost_per, created_at)"
		       " VALUES (?, ?, ?, ?, ?, ?, ?)",
	[Q_ORDER] = "INSERT INTO orders (customer_id, product_id, title, spec,"
		    " quantity, price, estimated_minutes, due_date, status,"
		    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_BATCH] = "INSERT INTO batches (code, product_id, planned_qty,"
		    " made_qty, rejected_qty, run_date, best_before, status,"
		    " qc_notes, created_at)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_USE] = "INSERT INTO batch_materials (batch_id, material_id,"
		  " quantity, lot, created_at) VALUES (?, ?, ?, ?, ?)",
	[Q_ENTRY] = "INSERT INTO time_entries (order_id, batch_id, worker,"
		    " started_at, ended_at, minutes, note, created_at)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_SALE] = "INSERT INTO sales (product_id, customer_id, batch_id,"
		   " order_id, quantity, price, sold_on, created_at)"
		   " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_DAY_OFF] = "INSERT INTO days_off (date, note, created_at)"
		      " VALUES (?, ?, ?)",
	[Q_SUPPLIER] = "INSERT INTO suppliers (name, contact, lead_time_days,"
		       " created_at) VALUES (?, ?, ?, ?)",
};

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static void bind_int(sqlite3_stmt *st, int i, int64_t v, bool null)
{
	if (null)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, v);
}

static void bind_date(sqlite3_stmt *st, int i, int64_t day)
{
	char date[11];

	if (day < 0) {
		sqlite3_bind_null(st, i);
		return;
	}
	sr_date_format(day, date);
	sqlite3_bind_text(st, i, date, -1, SQLITE_TRANSIENT);
}

static void bind_instant(sqlite3_stmt *st, int i, int64_t secs)
{
	char when[21];

	sr_instant_format(secs, when);
	sqlite3_bind_text(st, i, when, -1, SQLITE_TRANSIENT);
}

/* Step st once, check the row got the id the API would have given it. */
static int step(sqlite3 *db, sqlite3_stmt *st, int64_t want_id)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE || sqlite3_last_insert_rowid(db) != want_id) {
		fprintf(stderr, "bench-seed: %s (row %" PRId64 ")\n",
			sqlite3_errmsg(db), want_id);
		return -1;
	}
	return 0;
}

static int seed_rows(sqlite3 *db, sqlite3_stmt **q, const struct data *d)
{
	sqlite3_stmt *st;

	for (size_t i = 0; i < NPRODUCTS; i++) {
		const struct product *p = &d->products[i];

		st = q[Q_PRODUCT];
		bind_text(st, 1, p->name);
		bind_text(st, 2, p->mode);
		bind_int(st, 3, p->price, false);
		bind_int(st, 4, p->material_cost, false);
		bind_int(st, 5, p->minutes_per_unit, false);
		bind_int(st, 6, p->setup_minutes, false);
		bind_int(st, 7, p->max_batch, !p->max_batch);
		bind_int(st, 8, p->shelf_life, !p->shelf_life);
		bind_int(st, 9, p->storage_per_unit, false);
		bind_instant(st, 10, p->created);
		if (step(db, st, (int64_t)i + 1))
			return -1;
	}
	for (size_t i = 0; i < d->ncustomers; i++) {
		const struct customer *c = &d->customers[i];

		st = q[Q_CUSTOMER];
		bind_text(st, 1, c->name);
		bind_text(st, 2, c->email);
		bind_text(st, 3, c->phone);
		bind_text(st, 4, c->notes);
		bind_instant(st, 5, c->created);
		if (step(db, st, (int64_t)i + 1))
			return -1;
	}
	for (size_t i = 0; i < NMATERIALS; i++) {
		const struct material *m = &d->materials[i];

		st = q[Q_MATERIAL];
		bind_text(st, 1, m->name);
		bind_text(st, 2, m->unit);
		/* Each use takes its quantity off the shelf (lib/rules.c). */
		bind_int(st, 3, m->on_hand - m->used, false);
		bind_int(st, 4, m->reorder_level, false);
		bind_int(st, 5, m->cost_per_unit, false);
		bind_int(st, 6, m->cost_per, false);
		bind_instant(st, 7, m->created);
		if (step(db, st, (int64_t)i + 1))
			return -1;
	}
	for (size_t i = 0; i < d->norders; i++) {
		const struct order *o = &d->orders[i];

		st = q[Q_ORDER];
		bind_int(st, 1, o->customer_id, false);
		bind_int(st, 2, o->product_id, !o->product_id);
		bind_text(st, 3, o->title);
		bind_text(st, 4, o->spec);
		bind_int(st, 5, o->quantity, false);
		bind_int(st, 6, o->price, false);
		bind_int(st, 7, o->minutes, false);
		bind_date(st, 8, o->due);
		bind_text(st, 9, o->status);
		bind_instant(st, 10, o->created);
		if (step(db, st, (int64_t)i + 1))
			return -1;
	}
	for (size_t i = 0; i < d->nbatches; i++) {
		const struct batch *b = &d->batches[i];

		st = q[Q_BATCH];
		bind_text(st, 1, b->code);
		bind_int(st, 2, b->product_id, false);
		bind_int(st, 3, b->planned, false);
		bind_int(st, 4, b->made, false);
		bind_int(st, 5, b->rejected, false);
		bind_date(st, 6, b->run_date);
		bind_date(st, 7, b->best_before);
		bind_text(st, 8, b->status);
		bind_text(st, 9, b->qc);
		bind_instant(st, 10, b->created);
		if (step(db, st, (int64_t)i + 1))
			return -1;
	}
	for (size_t i = 0; i < d->nuses; i++) {
		const struct use *u = &d->uses[i];

		st = q[Q_USE];
		bind_int(st, 1, u->batch_id, false);
		bind_int(st, 2, u->material_id, false);
		bind_int(st, 3, u->quantity, false);
		bind_text(st, 4, u->lot);
		bind_instant(st, 5, u->created);
		if (step(db, st, (int64_t)i + 1))
			return -1;
	}
	for (size_t i = 0; i < d->nentries; i++) {
		const struct entry *e = &d->entries[i];

		st = q[Q_ENTRY];
		bind_int(st, 1, e->order_id, !e->order_id);
		bind_int(st, 2, e->batch_id, !e->batch_id);
		bind_text(st, 3, e->worker);
		bind_instant(st, 4, e->started);
		/* Minutes given by hand: it ended that much later. */
		bind_instant(st, 5, e->started + e->minutes * 60);
		bind_int(st, 6, e->minutes, false);
		bind_text(st, 7, e->note);
		bind_instant(st, 8, e->created);
		if (step(db, st, (int64_t)i + 1))
			return -1;
	}
	for (size_t i = 0; i < d->nsales; i++) {
		const struct sale *s = &d->sales[i];

		st = q[Q_SALE];
		bind_int(st, 1, s->product_id, false);
		bind_int(st, 2, s->customer_id, !s->customer_id);
		bind_int(st, 3, s->batch_id, !s->batch_id);
		bind_int(st, 4, s->order_id, !s->order_id);
		bind_int(st, 5, s->quantity, false);
		bind_int(st, 6, s->price, false);
		bind_date(st, 7, s->sold_on);
		bind_instant(st, 8, s->created);
		if (step(db, st, (int64_t)i + 1))
			return -1;
	}
	for (size_t i = 0; i < NDAYS_OFF; i++) {
		st = q[Q_DAY_OFF];
		bind_text(st, 1, days_off[i].date);
		bind_text(st, 2, days_off[i].note);
		bind_instant(st, 3, day_off_created(i));
		if (step(db, st, (int64_t)i + 1))
			return -1;
	}
	for (size_t i = 0; i < SR_ARRAY_SIZE(suppliers); i++) {
		st = q[Q_SUPPLIER];
		bind_text(st, 1, suppliers[i]);
		bind_text(st, 2, supplier_info[i].contact);
		bind_int(st, 3, supplier_info[i].lead_time,
			 supplier_info[i].lead_time < 0);
		bind_instant(st, 4, supplier_created(i));
		if (step(db, st, (int64_t)i + 1))
			return -1;
	}
	return 0;
}

static int seed_sql(const char *path, const struct data *d, size_t *n)
{
	struct sr_fail f = SR_FAIL_INIT;
	sqlite3_stmt *q[Q__MAX] = {NULL};
	sr_store *s = NULL;
	sqlite3 *db = NULL;
	int rc = -1;

	/* The program makes the schema; then close it and write directly. */
	if (sr_store_open(path, &s, &f)) {
		fprintf(stderr, "bench-seed: %s\n", f.message.data);
		goto out;
	}
	sr_store_close(s);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) ||
	    sqlite3_exec(db,
			 "PRAGMA foreign_keys = ON; BEGIN IMMEDIATE;"
			 "UPDATE settings SET workshop_name = 'Bench workshop',"
			 " workers = 3, storage_capacity = 400000 WHERE id = 1",
			 NULL, NULL, NULL))
		goto fail;
	for (int i = 0; i < Q__MAX; i++)
		if (sqlite3_prepare_v2(db, insert_sql[i], -1, &q[i], NULL))
			goto fail;
	if (seed_rows(db, q, d))
		goto out;
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL))
		goto fail;
	*n = data_records(d);
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "bench-seed: %s: %s\n", path, sqlite3_errmsg(db));
out:
	for (int i = 0; i < Q__MAX; i++)
		sqlite3_finalize(q[i]);
	sqlite3_close(db);
	sr_fail_release(&f);
	return rc;
}

/* ---- what the benchmark should ask for ------------------------------ */

static int size_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* The batches with the most sales, the busiest customer and so on. */
static void print_picks(const struct data *d)
{
	size_t *per_batch = calloc(d->nbatches + 1, sizeof(*per_batch));
	size_t *per_customer = calloc(d->ncustomers + 1, sizeof(*per_customer));
	size_t top[8] = {0}, best_c = 1, per_product[NPRODUCTS + 1] = {0};
	size_t best_p = 1, best_lot = 0, best_lot_n = 0, typical_c = 1;
	size_t *sorted = NULL;

	if (!per_batch || !per_customer)
		goto out;
	for (size_t i = 0; i < d->nsales; i++) {
		per_batch[d->sales[i].batch_id]++;
		per_customer[d->sales[i].customer_id]++;
	}
	for (size_t i = 0; i < d->nbatches; i++)
		per_product[d->batches[i].product_id]++;
	for (size_t b = 1; b <= d->nbatches; b++) {
		/* Insert b into top[] (most sales first). */
		for (size_t k = 0; k < 8; k++) {
			if (top[k] && per_batch[top[k]] >= per_batch[b])
				continue;
			memmove(&top[k + 1], &top[k], (7 - k) * sizeof(top[0]));
			top[k] = b;
			break;
		}
	}
	for (size_t c = 1; c <= d->ncustomers; c++)
		if (per_customer[c] > per_customer[best_c])
			best_c = c;
	/* A typical customer: the median number of purchases. */
	sorted = calloc(d->ncustomers, sizeof(*sorted));
	if (!sorted)
		goto out;
	memcpy(sorted, per_customer + 1, d->ncustomers * sizeof(*sorted));
	qsort(sorted, d->ncustomers, sizeof(*sorted), size_cmp);
	for (size_t c = 1; c <= d->ncustomers; c++)
		if (per_customer[c] == sorted[d->ncustomers / 2]) {
			typical_c = c;
			break;
		}
	for (size_t p = 1; p <= NPRODUCTS; p++)
		if (per_product[p] > per_product[best_p])
			best_p = p;
	printf("PICK trace_batches=");
	for (size_t k = 0; k < 8 && top[k]; k++)
		printf("%s%zu", k ? "," : "", top[k]);
	printf(" trace_sales=");
	for (size_t k = 0; k < 8 && top[k]; k++)
		printf("%s%zu", k ? "," : "", per_batch[top[k]]);
	printf("\nPICK customer=%zu customer_sales=%zu customer_typical=%zu "
	       "typical_sales=%zu product=%zu product_batches=%zu\n",
	       best_c, per_customer[best_c], typical_c, per_customer[typical_c],
	       best_p, per_product[best_p]);
	/* The supplier's lot that went into the most batches. */
	for (size_t i = 0; i < d->nuses; i++) {
		const struct use *u = &d->uses[i];
		size_t batches = 0;

		/* A batch uses a material at most once (gen_uses). */
		for (size_t k = i; k < d->nuses; k++)
			if (d->uses[k].material_id == u->material_id &&
			    d->uses[k].lotn == u->lotn)
				batches++;
		if (batches > best_lot_n) {
			best_lot_n = batches;
			best_lot = i;
		}
	}
	if (d->nuses)
		printf("PICK lot=%s lot_batches=%zu\n", d->uses[best_lot].lot,
		       best_lot_n);
out:
	free(per_batch);
	free(per_customer);
	free(sorted);
}

/* ---- the resource descriptions, for the sqlite3 reference ---------- */

/*
 * Print what bench/records.sh needs to write the best SQL for each list,
 * filter and get: the columns each resource returns (as lib/resource.c
 * describes them, computed ones as their expressions over the alias t),
 * its table, its order, and for each filter the column, the comparison
 * and how the server turns the query text into the value it binds:
 *
 *	TABLE orders orders
 *	COLUMNS orders SELECT t.id, … FROM orders AS t
 *	ORDER orders t.due_date IS NULL, t.due_date, t.id
 *	FILTER orders due_before t.due_date <= date
 *
 * Types: int (bound as a number), text, date, and instant (a date given
 * to an instant filter is the day's first second, or for <= its last,
 * as lib/records.c's filter_value() has it).
 */
static void print_sql(void)
{
	static const char *const ops[] = {"=", ">=", "<="};

	for (int r = 0; r < SR_RES__MAX; r++) {
		const struct sr_resource *res = sr_resource((enum sr_res)r);
		struct sr_buf sel = SR_BUF_INIT(1 << 16);

		if (res->flags & SR_RES_SINGLETON)
			continue; /* the settings: no list, no id */
		sr_buf_adds(&sel, "SELECT ");
		for (size_t i = 0; i < res->nfields; i++) {
			const struct sr_field *fd = &res->fields[i];

			if (i)
				sr_buf_adds(&sel, ", ");
			if (fd->flags & SR_F_COMPUTED)
				sr_buf_adds(&sel, fd->expr);
			else
				sr_buf_addf(&sel, "t.%s", sr_field_column(fd));
		}
		sr_buf_addf(&sel, " FROM %s AS t", res->table);
		printf("TABLE %s %s\nCOLUMNS %s %s\nORDER %s %s\n", res->name,
		       res->table, res->name, sel.data, res->name,
		       res->order_by);
		for (size_t i = 0; i < res->nfilters; i++) {
			const struct sr_filter *flt = &res->filters[i];
			const struct sr_field *fd =
				sr_field_find(res, flt->field);
			const char *type = "text";

			if (fd->type == SR_T_INT || fd->type == SR_T_MONEY ||
			    fd->type == SR_T_REF)
				type = "int";
			else if (fd->type == SR_T_DATE)
				type = "date";
			else if (fd->type == SR_T_INSTANT)
				type = "instant";
			printf("FILTER %s %s t.%s %s %s\n", res->name,
			       flt->param, sr_field_column(fd), ops[flt->op],
			       type);
		}
		sr_buf_release(&sel);
	}
}

static double wall_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"via", required_argument, NULL, 'v'},
		{"scale", required_argument, NULL, 'S'},
		{"seed", required_argument, NULL, 's'},
		{"print-sql", no_argument, NULL, 'P'},
		{NULL, 0, NULL, 0},
	};
	struct data d = {0};
	const char *path = NULL, *via = "sql";
	int64_t scale = 100, seed = 1, v;
	size_t n = 0;
	double t;
	int ch, rc = 1;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': path = optarg; break;
		case 'v': via = optarg; break;
		case 'P': print_sql(); return 0;
		case 'S':
		case 's':
			if (sr_parse_i64z(optarg, &v, 1,
					  ch == 'S' ? 1000 : INT64_MAX)) {
				fprintf(stderr, "bench-seed: bad number '%s'\n",
					optarg);
				return 2;
			}
			if (ch == 'S')
				scale = v;
			else
				seed = v;
			break;
		default:
			path = NULL;
			optind = argc + 1;
			break;
		}
	}
	if (!path || optind != argc ||
	    (strcmp(via, "sql") && strcmp(via, "api"))) {
		fprintf(stderr, "usage: bench-seed --db PATH [--via sql|api] "
				"[--scale PERCENT] [--seed N]\n"
				"       bench-seed --print-sql\n");
		return 2;
	}
	if (access(path, F_OK) == 0) {
		fprintf(stderr, "bench-seed: %s exists; give a new file\n",
			path);
		return 1;
	}
	if (generate(&d, (uint64_t)seed, scale))
		goto out;
	t = wall_seconds();
	if (!strcmp(via, "api") ? seed_api(path, &d, &n)
				: seed_sql(path, &d, &n))
		goto out;
	t = wall_seconds() - t;
	printf("SEED via=%s scale=%" PRId64 " records=%zu seconds=%.2f "
	       "per_second=%.0f\n",
	       via, scale, n, t, (double)n / t);
	printf("COUNTS products=%d customers=%zu materials=%d orders=%zu "
	       "batches=%zu batch_materials=%zu time_entries=%zu sales=%zu "
	       "days_off=%zu suppliers=%zu\n",
	       NPRODUCTS, d.ncustomers, NMATERIALS, d.norders, d.nbatches,
	       d.nuses, d.nentries, d.nsales, NDAYS_OFF,
	       SR_ARRAY_SIZE(suppliers));
	print_picks(&d);
	rc = 0;
out:
	data_free(&d);
	return rc;
}
