/*
 * demo.c - the sample workshop (demo.h). Every record goes in through
 * sr_rec_create_in() and the settings through sr_rec_update_in(), in one
 * write transaction, exactly as the API would take them; the tables
 * below hold what is made up, the functions below them only lay it on
 * the calendar around today.
 *
 * The calendar: Saturday is the batch day (a biscuit bake every week, a
 * mug firing every other week, serving bowls every four), the shop sells
 * Monday to Saturday, and the sales of the 56 days before today are drawn
 * from the batches made by then, oldest first, never past a best-before
 * date. Nothing is dated today or later but the open orders' due dates,
 * the batches planned for the next Saturdays and the day off, so the
 * sample reads the same at any time of the day.
 */
#include "compat.h"

#include "json.h"
#include "records-int.h"
#include "smallrun/date.h"
#include "smallrun/demo.h"

#define SAMPLE_NAME "Clay & Crumb (sample)"
#define SALES_DAYS 56 /* eight weeks of sales, up to yesterday */
#define SATURDAY 5    /* sr_date_weekday(): 0 is Monday */
#define SUNDAY 6
#define HOUR 3600
#define FIRST_LOT 70 /* days before today the first lots came in */

enum { MUG, BISCUIT, BOWL, DINNER_SET, CAKE, NPRODUCT };
enum { PRIYA, TOM, CAFE, MEI, OLIVER, PATELS, NCUSTOMER };
enum { CLAY, GLAZE, OATS, HONEY, BUTTER, NMATERIAL };
enum { ROS, DEV }; /* the potter and the baker */
#define NONE (-1)

static const char *const workers[] = {"Ros", "Dev"};

/* The workshop's address, for its labels: a made-up one. */
#define SAMPLE_ADDRESS "Unit 3, Mill Yard\nCalder Street\nAnytown AB1 2CD"

/* Tables read best as tables: */
/* clang-format off */
static const struct {
	const char *name, *mode;
	int64_t price, material_cost, minutes, setup;
	int64_t max_batch, shelf_life; /* 0: none */
	int64_t storage;
} products[NPRODUCT] = {
	[MUG] = {"Stoneware mug", "batch", 2400, 380, 20, 60, 40, 0, 1},
	[BISCUIT] = {"Honey oat biscuits (bag of 8)", "batch", 450, 95, 3, 40, 90, 21, 1},
	[BOWL] = {"Serving bowl", "both", 4800, 900, 45, 60, 16, 0, 3},
	[DINNER_SET] = {"Commissioned dinner set", "job", 42000, 6000, 960, 0, 0, 0, 0},
	[CAKE] = {"Celebration cake", "job", 12000, 1400, 240, 0, 0, 0, 0},
};

/* Phone numbers from Ofcom's range for drama (01632 960000-960999). */
static const struct {
	const char *name, *email, *phone, *notes;
} customers[NCUSTOMER] = {
	[PRIYA] = {"Priya Shah", "priya.shah@example.com", "01632 960114",
		   "Likes the speckled glazes; collects on Saturdays."},
	[TOM] = {"Tom Hughes", "tom.hughes@example.com", NULL, NULL},
	[CAFE] = {"The Corner Café", "orders@cornercafe.example", "01632 960552",
		  "Wholesale: 24 bags of biscuits every Friday, at 3.00 a bag."},
	[MEI] = {"Mei Lin", "mei.lin@example.net", NULL, NULL},
	[OLIVER] = {"Oliver Grant", NULL, "01632 960871", "Rings rather than emails."},
	[PATELS] = {"Hannah and Sam Patel", "hannah.patel@example.org", NULL,
		    "Wedding on the day the cake is due."},
};

static const struct {
	const char *name, *contact;
	int64_t lead_time_days;
	const char *notes;
} suppliers[] = {
	{"Valley Clay Supplies", "sales@valleyclay.example", 7,
	 "Clay and glazes; free delivery over 100.00."},
	{"Hillside Mill", "01632 960230", 3, "Oats and flour, by the 25 kg sack."},
	{"Orchard Bees", "Jo at the farm shop", 2, "Honey in 6 kg tubs."},
};

/*
 * Materials: what is on hand after the sample's batches (honey is under
 * its reorder level, a tub on order; the butter will not last the next
 * biscuit bake), and each supplier lot's spelling; a new lot arrives
 * every `period` days.
 */
static const struct {
	const char *name, *unit;
	int64_t left, reorder_level, cost, cost_per;
	int64_t period;
	const char *lots[6];
} materials[NMATERIAL] = {
	[CLAY] = {"Stoneware clay", "g", 48000, 25000, 180, 1000, 28,
		  {"VC-2291", "VC-2304", "VC-2318", "VC-2333"}},
	[GLAZE] = {"Speckled glaze", "ml", 3200, 2000, 900, 1000, 35,
		   {"SPK-07", "SPK-08", "SPK-09"}},
	[OATS] = {"Rolled oats", "g", 7500, 5000, 160, 1000, 21,
		  {"HM-OAT-1142", "HM-OAT-1167", "HM-OAT-1190", "HM-OAT-1214"}},
	[HONEY] = {"Honey", "g", 1400, 2000, 1200, 1000, 28,
		   {"OB-061", "OB-078", "OB-090", "OB-103"}},
	[BUTTER] = {"Butter", "g", 3500, 3000, 900, 1000, 14,
		    {"BTR-5521", "BTR-5534", "BTR-5547", "BTR-5560", "BTR-5573", "BTR-5586"}},
};

/*
 * How each material is bought and what a label calls it: its usual
 * supplier (an index of suppliers[], NONE: none), the pack it comes in
 * (base units) at its price, the pack's name as a purchase unit, and its
 * ingredient name and allergens (lib/allergens.c's codes).
 */
static const struct {
	int supplier;
	int64_t pack_size, pack_price;
	const char *pack, *ingredient, *allergens;
} buying[NMATERIAL] = {
	[CLAY] = {0, 12500, 2250, "bag", NULL, ""},
	[GLAZE] = {0, 5000, 4500, "tub", NULL, ""},
	[OATS] = {1, 25000, 4000, "sack", "rolled oats", "gluten"},
	[HONEY] = {2, 6000, 7200, "tub", "honey", ""},
	[BUTTER] = {NONE, 0, 0, NULL, "butter", "milk"},
};

/* What one run of each batch product uses per unit made or planned. */
static const struct {
	int product, material;
	int64_t per_unit;
} recipe[] = {
	{MUG, CLAY, 420}, {MUG, GLAZE, 35},
	{BISCUIT, OATS, 30}, {BISCUIT, HONEY, 10}, {BISCUIT, BUTTER, 20},
	{BOWL, CLAY, 1500}, {BOWL, GLAZE, 80},
};

/*
 * The batch runs, each a series on Saturdays: the first `count` of them
 * `every` weeks apart going back from `weeks_back` weeks before the last
 * Saturday, done, each made in the same number, with the rejects and the
 * QC note of its turn (of three).
 */
static const struct {
	int product, worker;
	int weeks_back, every, count;
	int64_t made;
	struct { int64_t rejected; const char *qc; } turn[3];
} runs[] = {
	{BISCUIT, DEV, 0, 1, 9, 80,
	 {{2, "Even colour all through; two bags of broken ones set aside."},
	  {1, "Back tray a shade dark: one bag set aside; turn the trays halfway next time."},
	  {0, "Good bake; bags sealed and labelled the same afternoon."}}},
	{MUG, ROS, 0, 2, 5, 30,
	 {{2, "Two cracked at the handle in the glaze firing."},
	  {1, "Glaze crawled on one; kept back as a second."},
	  {0, "Clean firing; the speckle even on every mug."}}},
	{BOWL, ROS, 1, 4, 3, 10,
	 {{1, "One warped in the bisque firing."}, {0, "All ten sound."},
	  {0, NULL}}},
};

/* The runs booked ahead: planned for the next Saturdays (0: the next). */
static const struct {
	int product, weeks_ahead;
	int64_t planned;
	const char *note;
} booked[] = {
	{BISCUIT, 0, 80, NULL},
	{MUG, 1, 24, "Try the new oatmeal glaze on six of them."},
};

/* Units each product sells on a weekday, Monday to Sunday (closed). */
static const int64_t retail[NPRODUCT][7] = {
	[MUG] = {1, 1, 2, 1, 2, 4, 0},
	[BISCUIT] = {5, 6, 6, 7, 9, 14, 0},
	[BOWL] = {0, 0, 1, 0, 0, 1, 0},
};

/* The custom orders, with the time spent on each: days around today. */
static const struct {
	int customer, product;
	const char *title, *spec;
	int64_t quantity, price, minutes;
	int due; /* days from today */
	const char *status;
	struct { int days_ago; int64_t minutes; const char *note; } time[3];
} orders[] = {
	{MEI, DINNER_SET, "Dinner set for six, speckled glaze",
	 "Six each of dinner plates, side plates and bowls; oatmeal speckle.",
	 1, 42000, 960, 42, "quoted", {{0}}},
	{PATELS, CAKE, "Wedding cake, three tiers",
	 "Lemon and elderflower; fresh flowers from their florist.",
	 1, 18000, 420, 12, "accepted",
	 {{4, 45, "Tasting with the couple"}}},
	{TOM, NONE, "Four mugs with the family's names",
	 "Names under the handle: Tom, Ella, Joe, Rosie.", 4, 12000, 240, 5,
	 "accepted", {{0}}},
	{PRIYA, BOWL, "Serving bowl in sea-green glaze",
	 "30 cm across, sea-green inside, plain outside.", 1, 6500, 180, 3,
	 "in_progress",
	 {{5, 60, "Thrown and trimmed"}, {2, 30, "Glazed inside"}}},
	{OLIVER, NONE, "Tea set for a retirement gift",
	 "Teapot, milk jug and four cups; his initials on the teapot.", 1,
	 21000, 600, -2, "in_progress",
	 {{12, 240, "Threw the pot and the cups"},
	  {9, 120, "Handles and spout"},
	  {5, 120, "Bisque fired; initials carved"}}},
	{TOM, NONE, "Christening mug with name and date",
	 "Amelia, and the date of the christening, in blue.", 1, 3500, 90, 2,
	 "done", {{8, 95, "Made, glazed and fired"}}},
	{MEI, BOWL, "Large serving bowl for an anniversary",
	 "Their initials and the year inside the rim.", 1, 7500, 200, -10,
	 "delivered",
	 {{20, 120, "Thrown"}, {16, 90, "Lettering and glaze"}}},
	{OLIVER, CAKE, "Birthday cake with a fox on top",
	 "Chocolate sponge; cancelled when the party moved.", 1, 5500, 240,
	 -6, "cancelled", {{0}}},
};
/* clang-format on */

/* The delivered order, paid for on its due date. */
#define DELIVERED 6

/* A batch as the sample lays it out, before and after it is stored. */
struct run {
	int product, worker;
	int64_t day, made, rejected, planned;
	const char *status, *qc;
	int64_t id, best_before; /* once stored; best_before 0: none */
	int64_t left;		 /* units not yet sold */
};

#define MAX_RUNS 32

struct demo {
	struct sr_tx *tx;
	int64_t today, now;
	int64_t product[NPRODUCT], customer[NCUSTOMER], material[NMATERIAL];
	int64_t supplier[3];
	int64_t order[SR_ARRAY_SIZE(orders)];
	struct run run[MAX_RUNS];
	size_t nrun;
	int64_t count[SR_RES__MAX], last[SR_RES__MAX];
};

static json_t *instant_json(int64_t secs)
{
	char text[21];

	sr_instant_format(secs, text);
	return json_string(text);
}

/* An id, or null for none (0). */
static json_t *ref_json(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

/* A whole number, or null for none (0). */
static json_t *maybe_json(int64_t n)
{
	return n ? json_integer(n) : json_null();
}

/*
 * Create one record of r from in (stolen; NULL means json_pack() ran out
 * of memory) as a maker's request would, and note its id.
 */
static enum sr_err put(struct demo *d, enum sr_res r, json_t *in, int64_t *id,
		       struct sr_fail *f)
{
	json_t *row = NULL;
	int64_t got = 0;
	enum sr_err err;

	if (!in)
		return sr_fail_oom(f);
	err = sr_rec_create_in(d->tx, sr_resource(r), in, d->now, &got, &row,
			       f);
	json_decref(in);
	json_decref(row);
	if (err) {
		char what[64];

		/* The sample's own data failing a rule is a bug: say where. */
		snprintf(what, sizeof(what),
			 "the sample's %s:", sr_res_singular(r));
		sr_fail_prefix(f, what);
		return err;
	}
	d->count[r]++;
	if (got > d->last[r])
		d->last[r] = got;
	if (id)
		*id = got;
	return SR_OK;
}

/* The lot of material m that a run on day came from. */
static const char *lot_of(const struct demo *d, int m, int64_t day)
{
	size_t n = 0, i;

	while (n < SR_ARRAY_SIZE(materials[m].lots) && materials[m].lots[n])
		n++;
	i = (size_t)((day - (d->today - FIRST_LOT)) / materials[m].period);
	return materials[m].lots[i < n ? i : n - 1];
}

/* The Saturdays around today: the last before it and the next after. */
static int64_t last_saturday(int64_t today)
{
	int back = (sr_date_weekday(today) + 7 - SATURDAY) % 7;

	return today - (back ? back : 7);
}

static int64_t next_saturday(int64_t today)
{
	return last_saturday(today) +
	       (sr_date_weekday(today) == SATURDAY ? 14 : 7);
}

/* Lay the batch runs on the calendar, oldest first. */
static void plan_runs(struct demo *d)
{
	int64_t last = last_saturday(d->today), next = next_saturday(d->today);

	for (size_t s = 0; s < SR_ARRAY_SIZE(runs); s++)
		for (int k = 0; k < runs[s].count && d->nrun < MAX_RUNS; k++) {
			struct run *r = &d->run[d->nrun++];

			*r = (struct run){
				.product = runs[s].product,
				.worker = runs[s].worker,
				.day = last - 7 * (runs[s].weeks_back +
						   runs[s].every * k),
				.made = runs[s].made,
				.rejected = runs[s].turn[k % 3].rejected,
				.planned = runs[s].made,
				.status = "done",
				.qc = runs[s].turn[k % 3].qc,
			};
		}
	/* Serving bowls in the kiln since the last Saturday. */
	if (d->nrun < MAX_RUNS)
		d->run[d->nrun++] = (struct run){
			.product = BOWL,
			.worker = ROS,
			.day = last,
			.planned = 10,
			.status = "running",
			.qc = "Glazed and in the kiln; unpack once it has "
			      "cooled.",
		};
	for (size_t b = 0; b < SR_ARRAY_SIZE(booked) && d->nrun < MAX_RUNS; b++)
		d->run[d->nrun++] = (struct run){
			.product = booked[b].product,
			.day = next + 7 * booked[b].weeks_ahead,
			.planned = booked[b].planned,
			.status = "planned",
			.qc = booked[b].note,
		};
	/* Oldest first (then by product), so ids and codes follow the days. */
	for (size_t i = 1; i < d->nrun; i++)
		for (size_t j = i; j > 0; j--) {
			struct run *a = &d->run[j - 1], *b = &d->run[j], t;

			if (a->day < b->day ||
			    (a->day == b->day && a->product <= b->product))
				break;
			t = *a;
			*a = *b;
			*b = t;
		}
}

/* How much of material m the runs that have started used. */
static int64_t used(const struct demo *d, int m)
{
	int64_t sum = 0;

	for (size_t i = 0; i < d->nrun; i++)
		for (size_t k = 0; k < SR_ARRAY_SIZE(recipe); k++)
			if (strcmp(d->run[i].status, "planned") &&
			    recipe[k].product == d->run[i].product &&
			    recipe[k].material == m)
				sum += recipe[k].per_unit * d->run[i].planned;
	return sum;
}

static enum sr_err put_settings(struct demo *d, struct sr_fail *f)
{
	json_t *in = json_pack(
		"{ss ss sI sI sI sI sI sI sI sI sI sI sI ss sI}",
		"workshop_name", SAMPLE_NAME, "currency", "GBP", "hourly_rate",
		(json_int_t)1800, "workers", (json_int_t)2, "hours.mon",
		(json_int_t)480, "hours.tue", (json_int_t)480, "hours.wed",
		(json_int_t)480, "hours.thu", (json_int_t)480, "hours.fri",
		(json_int_t)480, "hours.sat", (json_int_t)360, "hours.sun",
		(json_int_t)0, "storage_capacity", (json_int_t)400,
		"overhead_per_hour", (json_int_t)350, "advised", "mixed",
		"day_start", (json_int_t)480);
	json_t *row = NULL;
	enum sr_err err;

	if (!in)
		return sr_fail_oom(f);
	err = sr_rec_update_in(d->tx, sr_resource(SR_RES_SETTINGS), 1, in,
			       d->now, &row, f);
	json_decref(in);
	json_decref(row);
	return err;
}

static enum sr_err put_people(struct demo *d, struct sr_fail *f)
{
	enum sr_err err = SR_OK;

	for (int p = 0; !err && p < NPRODUCT; p++)
		err = put(d, SR_RES_PRODUCT,
			  json_pack("{ss ss sI sI sI sI so so sI}", "name",
				    products[p].name, "mode", products[p].mode,
				    "price", (json_int_t)products[p].price,
				    "material_cost",
				    (json_int_t)products[p].material_cost,
				    "minutes_per_unit",
				    (json_int_t)products[p].minutes,
				    "setup_minutes",
				    (json_int_t)products[p].setup, "max_batch",
				    maybe_json(products[p].max_batch),
				    "shelf_life_days",
				    maybe_json(products[p].shelf_life),
				    "storage_per_unit",
				    (json_int_t)products[p].storage),
			  &d->product[p], f);
	for (int c = 0; !err && c < NCUSTOMER; c++)
		err = put(d, SR_RES_CUSTOMER,
			  json_pack("{ss ss? ss? ss?}", "name",
				    customers[c].name, "email",
				    customers[c].email, "phone",
				    customers[c].phone, "notes",
				    customers[c].notes),
			  &d->customer[c], f);
	for (size_t i = 0; !err && i < SR_ARRAY_SIZE(suppliers); i++)
		err = put(d, SR_RES_SUPPLIER,
			  json_pack("{ss ss sI ss}", "name", suppliers[i].name,
				    "contact", suppliers[i].contact,
				    "lead_time_days",
				    (json_int_t)suppliers[i].lead_time_days,
				    "notes", suppliers[i].notes),
			  &d->supplier[i], f);
	/* Bought in before the runs: what is left, and what they used. */
	for (int m = 0; !err && m < NMATERIAL; m++)
		err = put(
			d, SR_RES_MATERIAL,
			json_pack(
				"{ss ss sI sI sI sI so so so ss? ss}", "name",
				materials[m].name, "unit", materials[m].unit,
				"on_hand",
				(json_int_t)(materials[m].left + used(d, m)),
				"reorder_level",
				(json_int_t)materials[m].reorder_level,
				"cost_per_unit", (json_int_t)materials[m].cost,
				"cost_per", (json_int_t)materials[m].cost_per,
				"supplier_id",
				ref_json(
					buying[m].supplier == NONE
						? 0
						: d->supplier
							  [buying[m].supplier]),
				"pack_size", maybe_json(buying[m].pack_size),
				"pack_price", maybe_json(buying[m].pack_price),
				"ingredient", buying[m].ingredient, "allergens",
				buying[m].allergens),
			&d->material[m], f);
	for (int m = 0; !err && m < NMATERIAL; m++)
		if (buying[m].pack)
			err = put(d, SR_RES_MATERIAL_UNIT,
				  json_pack("{sI ss sI}", "material_id",
					    (json_int_t)d->material[m], "name",
					    buying[m].pack, "base_qty",
					    (json_int_t)buying[m].pack_size),
				  NULL, f);
	return err;
}

/* One run: the batch, the lots it used and the time it took. */
static enum sr_err put_run(struct demo *d, struct run *r, struct sr_fail *f)
{
	const struct sr_resource *res = sr_resource(SR_RES_BATCH);
	json_t *row = NULL;
	const char *bb;
	enum sr_err err;

	err = put(d, SR_RES_BATCH,
		  json_pack("{sI sI sI sI so ss ss?}", "product_id",
			    (json_int_t)d->product[r->product], "planned_qty",
			    (json_int_t)r->planned, "made_qty",
			    (json_int_t)r->made, "rejected_qty",
			    (json_int_t)r->rejected, "run_date",
			    sr_json_date(r->day), "status", r->status, "qc_notes",
			    r->qc),
		  &r->id, f);
	/* The best-before date the batch rules gave it, for the sales. */
	if (!err)
		err = sr_db_get(d->tx, res, r->id, &row, f);
	bb = json_string_value(json_object_get(row, "best_before"));
	if (!err && bb)
		sr_date_parse(bb, strlen(bb), &r->best_before);
	json_decref(row);
	r->left = r->made - r->rejected;
	if (!strcmp(r->status, "planned"))
		return err;
	for (size_t k = 0; !err && k < SR_ARRAY_SIZE(recipe); k++)
		if (recipe[k].product == r->product)
			err = put(
				d, SR_RES_BATCH_MATERIAL,
				json_pack(
					"{sI sI sI ss}", "batch_id",
					(json_int_t)r->id, "material_id",
					(json_int_t)
						d->material[recipe[k].material],
					"quantity",
					(json_int_t)(recipe[k].per_unit *
						     r->planned),
					"lot",
					lot_of(d, recipe[k].material, r->day)),
				NULL, f);
	/* The set-up and the work, from eight in the morning. */
	if (!err)
		err = put(
			d, SR_RES_TIME_ENTRY,
			json_pack("{sI ss so sI}", "batch_id",
				  (json_int_t)r->id, "worker",
				  workers[r->worker], "started_at",
				  instant_json(r->day * 86400 + 8 * HOUR),
				  "minutes",
				  (json_int_t)(products[r->product].setup +
					       r->planned * products[r->product]
								    .minutes +
					       5 * (r->day % 3))),
			NULL, f);
	return err;
}

static enum sr_err put_orders(struct demo *d, struct sr_fail *f)
{
	enum sr_err err = SR_OK;

	for (size_t i = 0; !err && i < SR_ARRAY_SIZE(orders); i++) {
		int p = orders[i].product;

		err = put(d, SR_RES_ORDER,
			  json_pack("{sI so ss ss sI sI sI so ss}",
				    "customer_id",
				    (json_int_t)d->customer[orders[i].customer],
				    "product_id",
				    ref_json(p == NONE ? 0 : d->product[p]),
				    "title", orders[i].title, "spec",
				    orders[i].spec, "quantity",
				    (json_int_t)orders[i].quantity, "price",
				    (json_int_t)orders[i].price,
				    "estimated_minutes",
				    (json_int_t)orders[i].minutes, "due_date",
				    sr_json_date(d->today + orders[i].due),
				    "status", orders[i].status),
			  &d->order[i], f);
		for (size_t t = 0; !err && t < SR_ARRAY_SIZE(orders[i].time) &&
				   orders[i].time[t].minutes;
		     t++) {
			int64_t day = d->today - orders[i].time[t].days_ago;
			int w = p == CAKE ? DEV : ROS;

			err = put(
				d, SR_RES_TIME_ENTRY,
				json_pack("{sI ss so sI ss}", "order_id",
					  (json_int_t)d->order[i], "worker",
					  workers[w], "started_at",
					  instant_json(day * 86400 +
						       (9 + (int)t) * HOUR),
					  "minutes",
					  (json_int_t)orders[i].time[t].minutes,
					  "note", orders[i].time[t].note),
				NULL, f);
		}
	}
	return err;
}

/*
 * Sell quantity units of product p on day, from the oldest runs made by
 * then and not past their best-before date, one sale per run drawn on; as
 * many as there are, when fewer. price 0: the product's own.
 */
static enum sr_err sell(struct demo *d, int p, int64_t day, int64_t quantity,
			int customer, int64_t price, struct sr_fail *f)
{
	enum sr_err err = SR_OK;

	for (size_t i = 0; !err && quantity > 0 && i < d->nrun; i++) {
		struct run *r = &d->run[i];
		int64_t n = quantity < r->left ? quantity : r->left;

		if (r->product != p || r->day > day || n <= 0 ||
		    (r->best_before && r->best_before < day))
			continue;
		err = put(d, SR_RES_SALE,
			  json_pack("{sI so sI so so}", "batch_id",
				    (json_int_t)r->id, "customer_id",
				    ref_json(customer == NONE
						     ? 0
						     : d->customer[customer]),
				    "quantity", (json_int_t)n, "price",
				    maybe_json(price), "sold_on",
				    sr_json_date(day)),
			  NULL, f);
		r->left -= n;
		quantity -= n;
	}
	return err;
}

/*
 * Eight weeks of sales: each weekday's usual units, a small wobble that
 * does not repeat with the week, a little growth, and the regulars.
 */
static enum sr_err put_sales(struct demo *d, struct sr_fail *f)
{
	enum sr_err err = SR_OK;

	for (int i = 0; !err && i < SALES_DAYS; i++) {
		int64_t day = d->today - SALES_DAYS + i;
		int w = sr_date_weekday(day), week = i / 7;

		if (w == SUNDAY)
			continue;
		err = sell(d, BISCUIT, day,
			   retail[BISCUIT][w] + (i * 3) % 5 - 2 + i / 28, NONE,
			   0, f);
		if (!err && w == 4) /* Friday: the café's standing order */
			err = sell(d, BISCUIT, day, 24, CAFE, 300, f);
		if (!err)
			err = sell(d, MUG, day,
				   retail[MUG][w] + ((i * 2) % 3 == 0), NONE, 0,
				   f);
		if (!err && w == SATURDAY && week % 2 == 0)
			err = sell(d, MUG, day, 2, PRIYA, 0, f);
		if (!err && retail[BOWL][w])
			err = sell(d, BOWL, day, retail[BOWL][w],
				   w == SATURDAY && week % 3 == 1 ? TOM : NONE,
				   0, f);
	}
	/* The delivered order, paid for when it was handed over. */
	if (!err)
		err = put(
			d, SR_RES_SALE,
			json_pack("{sI sI sI sI sI so}", "product_id",
				  (json_int_t)d->product[BOWL], "customer_id",
				  (json_int_t)d->customer[MEI], "order_id",
				  (json_int_t)d->order[DELIVERED], "quantity",
				  (json_int_t)orders[DELIVERED].quantity,
				  "price", (json_int_t)orders[DELIVERED].price,
				  "sold_on",
				  sr_json_date(d->today + orders[DELIVERED].due)),
			NULL, f);
	return err;
}

/*
 * What the sample knows once its past is laid down: the batch products'
 * recipes (the uses each run typed by hand, now written once; recipes
 * made earlier would have taken the runs' materials a second time when
 * they were stored done), the biscuits' label, the address on it, and
 * a tub of honey ordered yesterday, the stock being under its reorder
 * level.
 */
static enum sr_err put_recipes(struct demo *d, struct sr_fail *f)
{
	const struct sr_resource *products_res = sr_resource(SR_RES_PRODUCT);
	enum sr_err err = SR_OK;
	json_t *in, *row = NULL;
	int64_t purchase = 0;

	for (size_t k = 0; !err && k < SR_ARRAY_SIZE(recipe); k++)
		err = put(d, SR_RES_RECIPE_LINE,
			  json_pack("{sI sI sI}", "product_id",
				    (json_int_t)d->product[recipe[k].product],
				    "material_id",
				    (json_int_t)d->material[recipe[k].material],
				    "quantity", (json_int_t)recipe[k].per_unit),
			  NULL, f);
	/* A bag's 30 g of oats, 10 g of honey and 20 g of butter, 60 g
	 * mixed, weigh 55 g once baked. */
	in = json_pack("{sI ss ss}", "food", (json_int_t)1, "net_quantity",
		       "55 g", "storage",
		       "Store in a cool, dry place; once opened, keep in an "
		       "airtight tin.");
	if (!err && !in)
		err = sr_fail_oom(f);
	if (!err)
		err = sr_rec_update_in(d->tx, products_res, d->product[BISCUIT],
				       in, d->now, &row, f);
	json_decref(in);
	json_decref(row);
	row = NULL;
	in = json_pack("{ss}", "address", SAMPLE_ADDRESS);
	if (!err && !in)
		err = sr_fail_oom(f);
	if (!err)
		err = sr_rec_update_in(d->tx, sr_resource(SR_RES_SETTINGS), 1,
				       in, d->now, &row, f);
	json_decref(in);
	json_decref(row);
	if (!err)
		err = put(
			d, SR_RES_PURCHASE,
			json_pack(
				"{sI ss so so ss}", "supplier_id",
				(json_int_t)d->supplier[buying[HONEY].supplier],
				"status", "ordered", "ordered_on",
				sr_json_date(d->today - 1), "expected_on",
				sr_json_date(d->today + 1), "reference",
				"Phoned Jo, Tuesday"),
			&purchase, f);
	if (!err)
		err = put(d, SR_RES_PURCHASE_LINE,
			  json_pack("{sI sI sI ss sI}", "purchase_id",
				    (json_int_t)purchase, "material_id",
				    (json_int_t)d->material[HONEY], "quantity",
				    (json_int_t)1, "unit", buying[HONEY].pack,
				    "price",
				    (json_int_t)buying[HONEY].pack_price),
			  NULL, f);
	return err;
}

/* A day off for a craft fair: the first weekday four days or more ahead. */
static enum sr_err put_day_off(struct demo *d, struct sr_fail *f)
{
	int64_t day = d->today + 4;

	while (sr_date_weekday(day) >= SATURDAY)
		day++;
	return put(d, SR_RES_DAY_OFF,
		   json_pack("{so ss}", "date", sr_json_date(day), "note",
			     "Craft fair in town: the workshop is closed."),
		   NULL, f);
}

/* The count of records of every list resource: its total in *all. */
static enum sr_err count_all(struct sr_tx *tx, int64_t *counts, int64_t *all,
			     struct sr_fail *f)
{
	json_t *values[SR_MAX_FILTERS] = {NULL};
	enum sr_err err = SR_OK;

	*all = 0;
	for (int r = 0; !err && r < SR_RES__MAX; r++) {
		json_t *items = NULL;

		counts[r] = 0;
		if (!sr_res_is_list((enum sr_res)r))
			continue;
		err = sr_db_list(tx, sr_resource((enum sr_res)r), values, 1, 0,
				 &items, &counts[r], f);
		json_decref(items);
		*all += counts[r];
	}
	return err;
}

/* {"products": N, …} of every list resource. */
static json_t *counts_json(const int64_t *counts)
{
	json_t *o = json_object();
	bool oom = !o;

	for (int r = 0; r < SR_RES__MAX; r++)
		if (sr_res_is_list((enum sr_res)r))
			sr_json_put(o, sr_res_name((enum sr_res)r),
				    json_integer(counts[r]), &oom);
	if (oom) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Append doc (stolen) to out. */
static enum sr_err answer(json_t *doc, struct sr_buf *out, struct sr_fail *f)
{
	enum sr_err err = doc ? sr_json_dump(doc, out, 0) : SR_ENOMEM;

	json_decref(doc);
	return err ? sr_fail_set(f, err, "internal", NULL,
				 "the answer could not be written")
		   : SR_OK;
}

/* The body a fill takes: nothing, or {}. */
static enum sr_err check_body(const char *body, size_t len, struct sr_fail *f)
{
	json_t *doc;
	const char *key;
	enum sr_err err = SR_OK;

	if (!body || len == 0)
		return SR_OK;
	doc = sr_json_parse_object(body, len, f);
	if (!doc)
		return f ? f->err : SR_EINVAL;
	key = json_object_iter_key(json_object_iter(doc));
	if (key) {
		char name[41];

		snprintf(name, sizeof(name), "%s", key);
		err = sr_fail_set(f, SR_EINVAL, "unknown_field", name,
				  "the sample takes no fields, not '%s'; send "
				  "no body or {}",
				  name);
	}
	json_decref(doc);
	return err;
}

/* Keep the settings as they are now, and the sample's ids and instant. */
static enum sr_err note_sample(struct demo *d, const json_t *settings,
			       struct sr_fail *f)
{
	struct sr_buf before = SR_BUF_INIT(1 << 16), ids = SR_BUF_INIT(1 << 12);
	json_t *last = counts_json(d->last);
	char at[21];
	enum sr_err err;

	sr_instant_format(d->now, at);
	err = last ? sr_json_dump(settings, &before, 0) : SR_ENOMEM;
	if (!err)
		err = sr_json_dump(last, &ids, 0);
	if (err)
		err = sr_fail_oom(f);
	else
		err = sr_db_sample_add(d->tx, at, ids.data, before.data, f);
	json_decref(last);
	sr_buf_release(&before);
	sr_buf_release(&ids);
	return err;
}

enum sr_err sr_demo_fill(sr_store *s, const char *body, size_t len,
			 int64_t today, int64_t now, struct sr_buf *out,
			 struct sr_fail *f)
{
	struct demo *d = calloc(1, sizeof(*d));
	struct sr_buf held = SR_BUF_INIT(1024);
	json_t *sample = NULL, *settings = NULL;
	int64_t counts[SR_RES__MAX], all = 0;
	enum sr_err err;
	char at[21];

	if (!d)
		return sr_fail_oom(f);
	d->today = today;
	d->now = now;
	err = check_body(body, len, f);
	if (!err)
		err = sr_tx_begin(s, true, &d->tx, f);
	if (!err)
		err = sr_db_sample(d->tx, &sample, f);
	if (!err && sample)
		err = sr_fail_set(f, SR_ECONFLICT, "already_loaded", NULL,
				  "the sample workshop is already loaded; "
				  "start afresh to remove it first");
	if (!err)
		err = count_all(d->tx, counts, &all, f);
	if (!err && all) {
		for (int r = 0; r < SR_RES__MAX; r++)
			if (counts[r])
				sr_rec_count_words(
					&held, counts[r],
					sr_res_singular((enum sr_res)r), NULL,
					0);
		err = sr_fail_set(f, SR_ECONFLICT, "not_empty", NULL,
				  "the database already holds records (%s); "
				  "the sample workshop goes only into an "
				  "empty one",
				  held.data);
	}
	if (!err)
		err = sr_db_get(d->tx, sr_resource(SR_RES_SETTINGS), 1,
				&settings, f);
	if (!err)
		err = put_settings(d, f);
	/* The runs first: the materials are bought in for them. */
	plan_runs(d);
	if (!err)
		err = put_people(d, f);
	if (!err)
		err = put_orders(d, f);
	for (size_t i = 0; !err && i < d->nrun; i++)
		err = put_run(d, &d->run[i], f);
	if (!err)
		err = put_sales(d, f);
	if (!err)
		err = put_recipes(d, f);
	if (!err)
		err = put_day_off(d, f);
	if (!err)
		err = note_sample(d, settings, f);
	err = sr_tx_finish(d->tx, err, f);
	if (!err) {
		int64_t total = 0;

		for (int r = 0; r < SR_RES__MAX; r++)
			total += d->count[r];
		sr_instant_format(now, at);
		err = answer(json_pack("{ss ss so sI}", "loaded_at", at,
				       "workshop_name", SAMPLE_NAME, "records",
				       counts_json(d->count), "total",
				       (json_int_t)total),
			     out, f);
	}
	json_decref(sample);
	json_decref(settings);
	sr_buf_release(&held);
	free(d);
	return err;
}

/*
 * What was added beside the sample: its words in *words ("1 product (6),
 * …") and its data in *added ([{resource, count, ids}]).
 */
static enum sr_err added_since(struct sr_tx *tx, const json_t *sample,
			       struct sr_buf *words, json_t **added,
			       struct sr_fail *f)
{
	const char *at =
		json_string_value(json_object_get(sample, "loaded_at"));
	const char *text =
		json_string_value(json_object_get(sample, "last_ids"));
	json_t *last = text ? json_loads(text, 0, NULL) : NULL;
	enum sr_err err = SR_OK;
	bool oom;

	*added = json_array();
	oom = !*added;
	if (!at || !json_is_object(last)) {
		err = sr_fail_set(f, SR_EDB, "database", NULL,
				  "the note of the sample workshop is "
				  "damaged");
		goto out;
	}
	for (int r = 0; !err && r < SR_RES__MAX; r++) {
		const struct sr_resource *res = sr_resource((enum sr_res)r);
		int64_t n = 0, ids[SR_DB_REF_IDS];
		size_t nids = 0;
		json_t *list, *one;

		if (!sr_res_is_list((enum sr_res)r))
			continue;
		err = sr_db_added(
			tx, res,
			json_integer_value(json_object_get(last, res->name)),
			at, &n, ids, &nids, f);
		if (err || n == 0)
			continue;
		sr_rec_count_words(words, n, res->singular, ids, nids);
		list = json_array();
		for (size_t i = 0; i < nids && list; i++)
			sr_json_push(list, json_integer(ids[i]), &oom);
		one = json_pack("{ss sI so}", "resource", res->name, "count",
				(json_int_t)n, "ids", list);
		sr_json_push(*added, one, &oom);
		oom |= !one;
	}
	if (!err && oom)
		err = sr_fail_oom(f);
out:
	json_decref(last);
	return err;
}

enum sr_err sr_demo_status(sr_store *s, struct sr_buf *out, struct sr_fail *f)
{
	struct sr_buf words = SR_BUF_INIT(SR_FAIL_MAX);
	struct sr_tx *tx = NULL;
	json_t *sample = NULL, *added = NULL;
	int64_t counts[SR_RES__MAX], all = 0;
	enum sr_err err = sr_tx_begin(s, false, &tx, f);

	if (!err)
		err = sr_db_sample(tx, &sample, f);
	if (!err)
		err = count_all(tx, counts, &all, f);
	if (!err && sample)
		err = added_since(tx, sample, &words, &added, f);
	err = sr_tx_finish(tx, err, f);
	if (!err && !added)
		added = json_array();
	if (!err)
		err = answer(json_pack("{sb sO? sb sO}", "loaded",
				       sample != NULL, "loaded_at",
				       json_object_get(sample, "loaded_at"),
				       "empty", all == 0, "added", added),
			     out, f);
	json_decref(sample);
	json_decref(added);
	sr_buf_release(&words);
	return err;
}

/* Remove every row of res, counting them into *n. */
static enum sr_err remove_all(struct sr_tx *tx, const struct sr_resource *res,
			      int64_t *n, struct sr_fail *f)
{
	json_t *values[SR_MAX_FILTERS] = {NULL};
	enum sr_err err = SR_OK;

	*n = 0;
	for (;;) {
		json_t *items = NULL;
		int64_t total = 0;
		size_t got;

		err = sr_db_list(tx, res, values, SR_LIST_MAX, 0, &items,
				 &total, f);
		got = err ? 0 : json_array_size(items);
		for (size_t i = 0; !err && i < got; i++)
			err = sr_db_remove(
				tx, res,
				json_integer_value(json_object_get(
					json_array_get(items, i), "id")),
				f);
		json_decref(items);
		*n += (int64_t)got;
		if (err || got == 0)
			return err;
	}
}

/* Put back the settings the sample replaced, field by field. */
static enum sr_err restore_settings(struct sr_tx *tx, const json_t *sample,
				    int64_t now, struct sr_fail *f)
{
	const struct sr_resource *res = sr_resource(SR_RES_SETTINGS);
	const char *text =
		json_string_value(json_object_get(sample, "settings"));
	json_t *before = text ? json_loads(text, 0, NULL) : NULL;
	json_t *in = json_object(), *row = NULL, *v;
	enum sr_err err = SR_OK;
	const char *key;

	if (!json_is_object(before) || !in) {
		err = in ? sr_fail_set(f, SR_EDB, "database", NULL,
				       "the settings kept with the sample "
				       "workshop are damaged")
			 : sr_fail_oom(f);
		goto out;
	}
	/* Only fields this program knows: a later one keeps its value. */
	json_object_foreach(before, key, v)
	{
		if (sr_field_find(res, key) && json_object_set(in, key, v)) {
			err = sr_fail_oom(f);
			goto out;
		}
	}
	err = sr_rec_update_in(tx, res, 1, in, now, &row, f);
out:
	json_decref(before);
	json_decref(in);
	json_decref(row);
	return err;
}

enum sr_err sr_demo_remove(sr_store *s, int64_t now, struct sr_buf *out,
			   struct sr_fail *f)
{
	struct sr_buf words = SR_BUF_INIT(SR_FAIL_MAX);
	struct sr_tx *tx = NULL;
	json_t *sample = NULL, *added = NULL;
	int64_t removed[SR_RES__MAX] = {0}, total = 0;
	enum sr_err err = sr_tx_begin(s, true, &tx, f);

	if (!err)
		err = sr_db_sample(tx, &sample, f);
	if (!err && !sample)
		err = sr_fail_set(f, SR_ENOTFOUND, "no_sample", NULL,
				  "no sample workshop is loaded, so there is "
				  "nothing to remove");
	if (!err)
		err = added_since(tx, sample, &words, &added, f);
	if (!err && words.len) {
		err = sr_fail_set(f, SR_ECONFLICT, "not_only_sample", NULL,
				  "since the sample workshop was loaded these "
				  "records were added: %s; delete them first "
				  "to start afresh, or keep the sample",
				  words.data);
		if (f) {
			json_t *d = json_pack("{sO}", "added", added);

			if (!d || sr_json_dump(d, &f->details, 0))
				sr_buf_reset(&f->details);
			json_decref(d);
		}
	}
	/* Invoices of the sample's orders and sales first: they are no
	 * resource, and refer to them. */
	if (!err)
		err = sr_db_invoice_clear(tx, f);
	/* Each resource before those it refers to (resource.h's order). */
	for (int r = SR_RES__MAX - 1; !err && r >= 0; r--)
		if (sr_res_is_list((enum sr_res)r)) {
			err = remove_all(tx, sr_resource((enum sr_res)r),
					 &removed[r], f);
			total += removed[r];
		}
	if (!err)
		err = restore_settings(tx, sample, now, f);
	if (!err)
		err = sr_db_sample_clear(tx, f);
	err = sr_tx_finish(tx, err, f);
	if (!err)
		err = answer(json_pack("{so sI}", "removed",
				       counts_json(removed), "total",
				       (json_int_t)total),
			     out, f);
	json_decref(sample);
	json_decref(added);
	sr_buf_release(&words);
	return err;
}
