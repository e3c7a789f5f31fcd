/*
 * test-trace.c - the views derived from the records, through the public
 * API on a real SQLite file: the recall list of a batch (by id and by
 * code) and of a supplier's lot, with each customer once and their
 * quantities summed, and the finished stock, low materials and storage.
 * A small model of a workshop is stored; every expected answer is worked
 * out from the model.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "records-fixture.h"

STORE_SUITE(trace);

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A candle maker's fortnight. */
enum { WAX, WICK, OIL, NMAT };
enum { ADA, BO, CY, DI, NCUST };

static const char *const material_names[NMAT] = {"Soy wax", "Cotton wick",
						 "Lavender oil"};
static const char *const customer_names[NCUST] = {"Ada", "Bo", "Cy", "Di"};
static const char *const product_names[] = {"Pillar candle", "Tea light"};
static const struct {
	int product, made, rejected;
	const char *run_date;
} batches[] = {
	{0, 30, 3, "2026-11-20"},
	{1, 100, 0, "2026-11-20"},
	{0, 12, 2, "2026-11-22"},
};
/*
 * Wax lot W-88 goes into both products, twice into batch 0; wick lot
 * K-1 into both pillar runs; a lot with a space and a slash.
 */
static const struct {
	int batch, material, quantity;
	const char *lot;
} uses[] = {
	{0, WAX, 6000, "W-88"}, {0, WICK, 300, "K-1"},
	{1, WAX, 2000, "W-88"}, {1, OIL, 50, "Lavender 2/24"},
	{2, WAX, 2400, "W-91"}, {2, WICK, 120, "K-1"},
	{0, WAX, 1000, "W-88"},
};
/* customer -1: a market stall sale, in the sales but no one to call. */
static const struct {
	int batch, customer, quantity;
	const char *sold_on;
} sales[] = {
	{0, ADA, 4, "2026-11-21"}, {1, ADA, 20, "2026-11-21"},
	{0, BO, 2, "2026-11-22"},  {1, -1, 10, "2026-11-22"},
	{2, CY, 3, "2026-11-23"},  {2, ADA, 1, "2026-11-24"},
	{0, BO, 5, "2026-11-24"},  {1, DI, 6, "2026-11-25"},
};

struct shop {
	int64_t material[NMAT], customer[NCUST], product[COUNT(product_names)];
	int64_t batch[COUNT(batches)], use[COUNT(uses)], sale[COUNT(sales)];
	char code[COUNT(batches)][64];
};

static void build(struct shop *w)
{
	for (int m = 0; m < NMAT; m++)
		w->material[m] = create_id(
			SR_RES_MATERIAL, "{\"name\":\"%s\",\"on_hand\":50000}",
			material_names[m]);
	for (int c = 0; c < NCUST; c++)
		w->customer[c] =
			create_id(SR_RES_CUSTOMER,
				  "{\"name\":\"%s\",\"email\":"
				  "\"%s@example.com\"}",
				  customer_names[c], customer_names[c]);
	for (size_t p = 0; p < COUNT(product_names); p++)
		w->product[p] = create_id(SR_RES_PRODUCT, "{\"name\":\"%s\"}",
					  product_names[p]);
	for (size_t b = 0; b < COUNT(batches); b++) {
		json_t *j;

		w->batch[b] = new_batch(w->product[batches[b].product],
					batches[b].run_date, batches[b].made,
					batches[b].rejected);
		j = fetch(SR_RES_BATCH, w->batch[b]);
		snprintf(w->code[b], sizeof(w->code[b]), "%s", str(j, "code"));
		json_decref(j);
	}
	for (size_t u = 0; u < COUNT(uses); u++)
		w->use[u] = use_material(w->batch[uses[u].batch],
					 w->material[uses[u].material],
					 uses[u].quantity, uses[u].lot);
	/* A walk-in sale names no customer at all. */
	for (size_t k = 0; k < COUNT(sales); k++) {
		int c = sales[k].customer;
		char *who = c < 0 ? textf(" ")
				  : textf(",\"customer_id\":%lld",
					  (long long)w->customer[c]);

		w->sale[k] =
			create_id(SR_RES_SALE,
				  "{\"batch_id\":%lld,\"quantity\":%d,"
				  "\"sold_on\":\"%s\"%s}",
				  (long long)w->batch[sales[k].batch],
				  sales[k].quantity, sales[k].sold_on, who);
		free(who);
	}
}

/* Parse what a trace call gave, asserting it worked. */
static json_t *traced(enum sr_err err, struct sr_fail *f, struct sr_buf *b)
{
	json_t *j;

	cr_assert_eq(err, SR_OK, "%s", f->message.data);
	j = parsed(b);
	sr_buf_release(b);
	sr_fail_release(f);
	return j;
}

static json_t *by_batch(int64_t id)
{
	struct sr_buf b = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;

	return traced(sr_trace_batch(store, id, &b, &f), &f, &b);
}

static json_t *by_code(const char *code)
{
	struct sr_buf b = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;

	return traced(sr_trace_code(store, code, &b, &f), &f, &b);
}

static json_t *by_lot(const char *lot)
{
	struct sr_buf b = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;

	return traced(sr_trace_lot(store, lot, &b, &f), &f, &b);
}

/*
 * Each object of list cut down to keys (space-separated), in list order
 * or, when sort is set, by the first key (a whole number): something to
 * compare with json_equal(). The caller decrefs it.
 */
static json_t *pick(const json_t *list, const char *keys, bool sort)
{
	json_t *out = json_array(), *row[64];
	size_t n = json_array_size(list);
	char first[32];

	cr_assert(json_is_array(list) && n <= COUNT(row));
	for (size_t i = 0; i < n; i++) {
		char *names = strdup(keys), *save = NULL;

		row[i] = json_object();
		for (char *key = strtok_r(names, " ", &save); key;
		     key = strtok_r(NULL, " ", &save)) {
			json_t *v =
				json_object_get(json_array_get(list, i), key);

			cr_assert_not_null(v, "no %s", key);
			json_object_set(row[i], key, v);
		}
		free(names);
	}
	/* Insertion sort on the first of the keys. */
	snprintf(first, sizeof(first), "%.*s", (int)strcspn(keys, " "), keys);
	for (size_t i = 1; sort && i < n; i++) {
		for (size_t k = i;
		     k > 0 && num(row[k - 1], first) > num(row[k], first);
		     k--) {
			json_t *t = row[k];

			row[k] = row[k - 1];
			row[k - 1] = t;
		}
	}
	for (size_t i = 0; i < n; i++)
		json_array_append_new(out, row[i]);
	return out;
}

#define MATERIAL_KEYS "material_id material_name quantity lot"
#define SALE_KEYS "sale_id quantity sold_on customer_id"
#define CUSTOMER_KEYS "customer_id name email quantity"

/* What the recall lists of a trace say, comparably. */
static json_t *as_found(const json_t *t)
{
	return json_pack(
		"{soso}", "sales",
		pick(json_object_get(t, "sales"), SALE_KEYS, true), "customers",
		pick(json_object_get(t, "customers"), CUSTOMER_KEYS, true));
}

/*
 * The customers the model gives for the batches in used: each customer
 * who bought from them once, with what they bought summed, by id.
 */
static json_t *want_customers(const struct shop *w, const bool *used)
{
	json_t *list = json_array(), *sorted;

	for (int c = 0; c < NCUST; c++) {
		int qty = 0;
		char *email;

		for (size_t k = 0; k < COUNT(sales); k++)
			if (used[sales[k].batch] && sales[k].customer == c)
				qty += sales[k].quantity;
		if (!qty)
			continue;
		email = textf("%s@example.com", customer_names[c]);
		json_array_append_new(
			list, json_pack("{sIsssssi}", "customer_id",
					(json_int_t)w->customer[c], "name",
					customer_names[c], "email", email,
					"quantity", qty));
		free(email);
	}
	sorted = pick(list, CUSTOMER_KEYS, true);
	json_decref(list);
	return sorted;
}

/* The recall lists of batch b as the model gives them. */
static json_t *as_wanted(const struct shop *w, size_t b)
{
	bool used[COUNT(batches)] = {false};
	json_t *sl = json_array(), *doc;

	used[b] = true;
	for (size_t k = 0; k < COUNT(sales); k++) {
		int c = sales[k].customer;
		json_t *who =
			c < 0 ? json_null() : json_integer(w->customer[c]);

		if ((size_t)sales[k].batch != b) {
			json_decref(who);
			continue;
		}
		json_array_append_new(
			sl, json_pack("{sIsisssO}", "sale_id",
				      (json_int_t)w->sale[k], "quantity",
				      sales[k].quantity, "sold_on",
				      sales[k].sold_on, "customer_id", who));
		json_decref(who);
	}
	doc = json_pack("{soso}", "sales", pick(sl, SALE_KEYS, true),
			"customers", want_customers(w, used));
	json_decref(sl);
	return doc;
}

/* The lots batch b used as the model gives them, in booking order. */
static json_t *lots_wanted(const struct shop *w, size_t b)
{
	json_t *list = json_array();

	for (size_t u = 0; u < COUNT(uses); u++)
		if ((size_t)uses[u].batch == b)
			json_array_append_new(
				list,
				json_pack("{sIsssiss}", "material_id",
					  (json_int_t)
						  w->material[uses[u].material],
					  "material_name",
					  material_names[uses[u].material],
					  "quantity", uses[u].quantity, "lot",
					  uses[u].lot));
	return list;
}

static void assert_same(json_t *got, json_t *want, const char *what)
{
	char *g = json_dumps(got, JSON_SORT_KEYS | JSON_COMPACT);
	char *e = json_dumps(want, JSON_SORT_KEYS | JSON_COMPACT);

	cr_assert(json_equal(got, want), "%s:\n got %s\nwant %s", what, g, e);
	free(g);
	free(e);
	json_decref(got);
	json_decref(want);
}

/* One batch's recall record against the model. */
static void assert_batch(const json_t *t, const struct shop *w, size_t b)
{
	const json_t *batch = json_object_get(t, "batch");
	const json_t *product = json_object_get(t, "product");
	int sold = 0;

	cr_assert_eq(num(batch, "id"), w->batch[b]);
	cr_assert_str_eq(str(batch, "code"), w->code[b]);
	cr_assert_eq(num(product, "id"), w->product[batches[b].product]);
	cr_assert_str_eq(str(product, "name"),
			 product_names[batches[b].product]);
	assert_same(pick(json_object_get(t, "materials"), MATERIAL_KEYS, false),
		    lots_wanted(w, b), w->code[b]);
	assert_same(as_found(t), as_wanted(w, b), w->code[b]);
	for (size_t k = 0; k < COUNT(sales); k++)
		if ((size_t)sales[k].batch == b)
			sold += sales[k].quantity;
	cr_assert_eq(num(batch, "sold_qty"), sold);
	cr_assert_eq(num(batch, "available_qty"),
		     batches[b].made - batches[b].rejected - sold);
}

Test(trace, a_batch_by_id_and_by_code)
{
	struct shop w;

	build(&w);
	for (size_t b = 0; b < COUNT(batches); b++) {
		json_t *t = by_batch(w.batch[b]), *c = by_code(w.code[b]);

		assert_batch(t, &w, b);
		cr_assert(json_equal(t, c), "by code %s differs", w.code[b]);
		json_decref(t);
		json_decref(c);
	}
}

Test(trace, a_later_sale_is_in_the_next_recall)
{
	struct shop w;
	json_t *t;

	build(&w);
	json_decref(create(SR_RES_SALE,
			   "{\"batch_id\":%lld,\"customer_id\":%lld,"
			   "\"quantity\":1}",
			   (long long)w.batch[2], (long long)w.customer[DI]));
	t = by_batch(w.batch[2]);
	cr_assert_eq(num(find(json_object_get(t, "customers"), "customer_id",
			      w.customer[DI]),
			 "quantity"),
		     1);
	json_decref(t);
}

Test(trace, a_lot_gives_every_batch_that_used_it_and_their_customers)
{
	static const char *const lots[] = {"W-88", "K-1", "W-91",
					   "Lavender 2/24"};
	struct shop w;

	build(&w);
	for (size_t l = 0; l < COUNT(lots); l++) {
		bool used[COUNT(batches)] = {false};
		size_t nb = 0;
		json_t *t = by_lot(lots[l]),
		       *bl = json_object_get(t, "batches");

		for (size_t u = 0; u < COUNT(uses); u++)
			if (!strcmp(uses[u].lot, lots[l]))
				used[uses[u].batch] = true;
		cr_assert_str_eq(str(t, "lot"), lots[l]);
		for (size_t b = 0; b < COUNT(batches); b++) {
			json_t *one = NULL;

			nb += used[b];
			for (size_t i = 0; i < json_array_size(bl); i++) {
				json_t *it = json_array_get(bl, i);

				if (num(json_object_get(it, "batch"), "id") !=
				    w.batch[b])
					continue;
				cr_assert_null(one, "batch %zu listed twice",
					       b);
				one = it;
			}
			cr_assert_eq(one != NULL, used[b], "lot %s, batch %zu",
				     lots[l], b);
			if (one)
				assert_batch(one, &w, b);
		}
		cr_assert_eq(json_array_size(bl), nb);
		assert_same(pick(json_object_get(t, "customers"), CUSTOMER_KEYS,
				 true),
			    want_customers(&w, used), lots[l]);
		json_decref(t);
	}
}

Test(trace, what_is_not_there)
{
	struct sr_buf b = SR_BUF_INIT(1 << 16);
	struct sr_fail f = SR_FAIL_INIT;
	struct shop w;
	json_t *t;

	build(&w);
	/* A lot nobody used recalls nothing. */
	t = by_lot("W-9999");
	cr_assert_eq(json_array_size(json_object_get(t, "batches")), 0);
	cr_assert_eq(json_array_size(json_object_get(t, "customers")), 0);
	json_decref(t);
	assert_fail(sr_trace_code(store, "NOPE-20261125-1", &b, &f), &f,
		    SR_ENOTFOUND, "not_found", "code");
	assert_fail(sr_trace_batch(store, w.batch[2] + 100, &b, &f), &f,
		    SR_ENOTFOUND, "not_found", NULL);
	cr_assert_eq(b.len, 0);
	sr_buf_release(&b);
}

/* ---- matching a lot or a code whatever its case and spacing ----------- */

Test(trace, the_key_ignores_case_spaces_dashes_and_underscores)
{
	static const struct {
		const char *in, *key;
	} cases[] = {
		{"VM-2211-B", "VM2211B"},   {"vm-2211-b", "VM2211B"},
		{" vm 2211 b ", "VM2211B"}, {"VM2211B", "VM2211B"},
		{"vm_2211__b", "VM2211B"},  {"S 17/b", "S17/B"},
		{"Lot.4", "LOT.4"},	    {"--", ""},
		{"", ""},		    {"café-1", "CAFé1"},
	};

	for (size_t i = 0; i < COUNT(cases); i++) {
		char out[64];
		size_t n = sr_trace_key(cases[i].in, out);

		cr_assert_str_eq(out, cases[i].key, "'%s' -> '%s', not '%s'",
				 cases[i].in, out, cases[i].key);
		cr_assert_eq(n, strlen(cases[i].key));
	}
}

/* The batches and customers of a trace, for comparing two traces. */
static json_t *recall_of(const json_t *t)
{
	json_t *ids = json_array();
	const json_t *bl = json_object_get(t, "batches");

	for (size_t i = 0; i < json_array_size(bl); i++)
		json_array_append_new(
			ids, json_incref(json_object_get(
				     json_object_get(json_array_get(bl, i),
						     "batch"),
				     "id")));
	return json_pack("{soso}", "batches", ids, "customers",
			 json_deep_copy(json_object_get(t, "customers")));
}

Test(trace, a_lot_matches_whatever_its_case_and_spacing)
{
	static const char *const asked[] = {"w-88", " w 88 ", "W88", "w_88",
					    "W - 88"};
	struct shop w;
	json_t *exact, *want;

	build(&w);
	exact = by_lot("W-88");
	want = recall_of(exact);
	cr_assert_eq(json_array_size(json_object_get(exact, "batches")), 2);
	for (size_t i = 0; i < COUNT(asked); i++) {
		json_t *t = by_lot(asked[i]), *got = recall_of(t);

		cr_assert(json_equal(got, want), "'%s' finds another recall",
			  asked[i]);
		/* Every batch's whole trace, not only the ids. */
		cr_assert(json_equal(json_object_get(t, "batches"),
				     json_object_get(exact, "batches")));
		cr_assert_str_eq(json_string_value(json_object_get(t, "lot")),
				 asked[i]);
		cr_assert_str_eq(json_string_value(json_array_get(
					 json_object_get(t, "lots"), 0)),
				 "W-88");
		cr_assert_eq(json_array_size(json_object_get(t, "suggestions")),
			     0);
		json_decref(got);
		json_decref(t);
	}
	json_decref(want);
	json_decref(exact);
}

Test(trace, a_code_matches_whatever_its_case_and_spacing)
{
	struct shop w;
	char lower[64], spaced[80];
	json_t *exact, *t;
	size_t n = 0;

	build(&w);
	for (size_t i = 0; w.code[2][i]; i++)
		lower[i] = (char)(w.code[2][i] >= 'A' && w.code[2][i] <= 'Z'
					  ? w.code[2][i] - 'A' + 'a'
					  : w.code[2][i]);
	lower[strlen(w.code[2])] = '\0';
	for (size_t i = 0; lower[i]; i++)
		if (lower[i] != '-')
			spaced[n++] = lower[i];
		else
			spaced[n++] = ' ';
	spaced[n] = '\0';
	exact = by_code(w.code[2]);
	t = by_code(lower);
	cr_assert(json_equal(t, exact), "'%s' differs", lower);
	json_decref(t);
	t = by_code(spaced);
	cr_assert(json_equal(t, exact), "'%s' differs", spaced);
	json_decref(t);
	json_decref(exact);
}

/* The suggestions of a lot that matched nothing. */
static json_t *suggestions(const char *lot)
{
	json_t *t = by_lot(lot), *s;

	cr_assert_eq(json_array_size(json_object_get(t, "batches")), 0);
	cr_assert_eq(json_array_size(json_object_get(t, "lots")), 0);
	s = json_incref(json_object_get(t, "suggestions"));
	json_decref(t);
	return s;
}

static bool suggests(const json_t *s, const char *lot)
{
	for (size_t i = 0; i < json_array_size(s); i++)
		if (!strcmp(json_string_value(json_array_get(s, i)), lot))
			return true;
	return false;
}

Test(trace, a_near_miss_suggests_stored_lots_closest_first)
{
	struct shop w;
	json_t *s;

	build(&w);
	/* One edit off: W-88 (one edit) before W-91 (two), both stored. */
	s = suggestions("w-89");
	cr_assert_eq(json_array_size(s), 2, "%zu suggestions",
		     json_array_size(s));
	cr_assert_str_eq(json_string_value(json_array_get(s, 0)), "W-88");
	cr_assert_str_eq(json_string_value(json_array_get(s, 1)), "W-91");
	json_decref(s);
	/* The start of a lot, typed alone. */
	s = suggestions("laven");
	cr_assert(suggests(s, "Lavender 2/24"));
	json_decref(s);
	/* A lot like none on record suggests nothing. */
	s = suggestions("ZZZ-404");
	cr_assert_eq(json_array_size(s), 0);
	json_decref(s);
	/* Never more than 5, each a stored lot. */
	for (int i = 0; i < 8; i++) {
		char *lot = textf("VM-2211-%c", 'A' + i);

		use_material(w.batch[0], w.material[WAX], 1, lot);
		free(lot);
	}
	s = suggestions("vm-2211-z");
	cr_assert_eq(json_array_size(s), 5);
	for (size_t i = 0; i < 5; i++)
		cr_assert_eq(strncmp(json_string_value(json_array_get(s, i)),
				     "VM-2211-", 8),
			     0);
	json_decref(s);
}

Test(trace, a_near_miss_code_is_suggested_in_the_message)
{
	struct sr_buf b = SR_BUF_INIT(1 << 16);
	struct sr_fail f = SR_FAIL_INIT;
	struct shop w;
	char *near;

	build(&w);
	near = textf("%.*sX", (int)strlen(w.code[2]) - 1, w.code[2]);
	cr_assert_eq(sr_trace_code(store, near, &b, &f), SR_ENOTFOUND);
	cr_assert(strstr(f.message.data, "did you mean"), "%s",
		  f.message.data);
	cr_assert(strstr(f.message.data, w.code[2]), "%s", f.message.data);
	sr_fail_release(&f);
	sr_buf_release(&b);
	free(near);
}

Test(trace, the_known_lots_by_their_start)
{
	struct sr_buf b = SR_BUF_INIT(1 << 16);
	struct sr_fail f = SR_FAIL_INIT;
	struct shop w;
	json_t *j;

	build(&w);
	cr_assert_eq(sr_lots(store, &(struct sr_lots_query){"w", 0, 0}, &b,
			     &f),
		     SR_OK, "%s", f.message.data);
	j = parsed(&b);
	/* W-88 used by batches 0 and 1, W-91 by batch 2. */
	cr_assert_eq(json_integer_value(json_object_get(j, "total")), 2);
	cr_assert_str_eq(json_string_value(json_object_get(
				 json_array_get(json_object_get(j, "items"), 0),
				 "lot")),
			 "W-88");
	cr_assert_eq(json_integer_value(json_object_get(
			     json_array_get(json_object_get(j, "items"), 0),
			     "batches")),
		     2);
	json_decref(j);
	sr_buf_reset(&b);
	cr_assert_eq(sr_lots(store, &(struct sr_lots_query){NULL, 1, 1}, &b,
			     &f),
		     SR_OK);
	j = parsed(&b);
	/* K-1, Lavender 2/24, W-88, W-91: the second of four. */
	cr_assert_eq(json_integer_value(json_object_get(j, "total")), 4);
	cr_assert_str_eq(json_string_value(json_object_get(
				 json_array_get(json_object_get(j, "items"), 0),
				 "lot")),
			 "Lavender 2/24");
	json_decref(j);
	sr_buf_release(&b);
}

/* ---- stock ------------------------------------------------------------ */

/* The stock view now. */
static json_t *stock_now(void)
{
	struct sr_buf b = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;

	return traced(sr_stock(store,
			       &(struct sr_stock_query){.limit = SR_LIST_MAX},
			       &b, &f),
		      &f, &b);
}

/* The batches with stock of product pid, from the stock's page of them. */
static json_t *batches_of(const json_t *st, int64_t pid)
{
	json_t *items = json_object_get(json_object_get(st, "batches"),
					"items");
	json_t *mine = json_array(), *b;
	size_t i;

	json_array_foreach(items, i, b)
		if (json_integer_value(json_object_get(b, "product_id")) == pid)
			json_array_append(mine, b);
	return mine;
}

Test(trace, stock_is_made_less_rejected_less_sold)
{
	/* Storage a unit takes; a gift card takes none. */
	static const struct {
		const char *name;
		int per_unit;
	} prods[] = {{"Beeswax wrap", 2}, {"Lip balm", 1}, {"Gift card", 0}};
	/* Run 0 and run 2 sell out; run 3 is all rejected. */
	static const struct {
		int product, made, rejected;
	} runs[] = {{0, 40, 4}, {0, 6, 1}, {1, 50, 0}, {1, 8, 8}, {0, 3, 0}};
	static const struct {
		int run, quantity;
	} sold[] = {{0, 12}, {2, 50}, {1, 2}, {0, 24}, {4, 1}};
	int64_t p[COUNT(prods)], b[COUNT(runs)], avail[COUNT(runs)];
	int64_t pavail[COUNT(prods)] = {0}, used = 0, cap;
	json_t *st, *storage;

	for (size_t i = 0; i < COUNT(prods); i++)
		p[i] = create_id(SR_RES_PRODUCT,
				 "{\"name\":\"%s\",\"storage_per_unit\":%d}",
				 prods[i].name, prods[i].per_unit);
	for (size_t i = 0; i < COUNT(runs); i++) {
		char day[11];

		snprintf(day, sizeof(day), "2026-11-%02zu", 10 + i);
		b[i] = new_batch(p[runs[i].product], day, runs[i].made,
				 runs[i].rejected);
		avail[i] = runs[i].made - runs[i].rejected;
	}
	for (size_t i = 0; i < COUNT(sold); i++) {
		json_decref(create(
			SR_RES_SALE, "{\"batch_id\":%lld,\"quantity\":%d}",
			(long long)b[sold[i].run], sold[i].quantity));
		avail[sold[i].run] -= sold[i].quantity;
	}
	/* A gift card, sold with no batch, takes no batch stock. */
	json_decref(create(SR_RES_SALE, "{\"product_id\":%lld,\"quantity\":1}",
			   (long long)p[2]));
	for (size_t i = 0; i < COUNT(runs); i++) {
		pavail[runs[i].product] += avail[i];
		if (avail[i] > 0)
			used += avail[i] * prods[runs[i].product].per_unit;
	}
	cap = used + 7;
	json_decref(
		update_settings("{\"storage_capacity\":%lld}", (long long)cap));

	st = stock_now();
	for (size_t i = 0; i < COUNT(prods); i++) {
		json_t *row = find(json_object_get(st, "products"),
				   "product_id", p[i]);
		json_t *mine = batches_of(st, p[i]);
		size_t with_stock = 0;

		cr_assert_not_null(row, "%s is not in the stock",
				   prods[i].name);
		cr_assert_eq(num(row, "available"), pavail[i], "%s",
			     prods[i].name);
		/* Only the batches that still have some, with how many. */
		for (size_t k = 0; k < COUNT(runs); k++) {
			json_t *it;

			if ((size_t)runs[k].product != i)
				continue;
			it = find(mine, "batch_id", b[k]);
			cr_assert_eq(it != NULL, avail[k] > 0, "batch %zu", k);
			if (it)
				cr_assert_eq(num(it, "available"), avail[k]);
			with_stock += avail[k] > 0;
		}
		cr_assert_eq(json_array_size(mine), with_stock);
		cr_assert_eq(num(json_object_get(st, "batches"), "total"),
			     (long long)json_array_size(json_object_get(
				     json_object_get(st, "batches"), "items")));
		json_decref(mine);
	}
	storage = json_object_get(st, "storage");
	cr_assert_eq(num(storage, "used"), used);
	cr_assert_eq(num(storage, "capacity"), cap);
	cr_assert_eq(num(storage, "free"), cap - used);
	cr_assert(json_is_false(json_object_get(storage, "over")));
	json_decref(st);
	/* Exactly full is not over; one less is. */
	for (int64_t less = 0; less <= 1; less++) {
		json_decref(update_settings("{\"storage_capacity\":%lld}",
					    (long long)(used - less)));
		st = stock_now();
		storage = json_object_get(st, "storage");
		cr_assert_eq(num(storage, "free"), 0);
		cr_assert_eq(json_is_true(json_object_get(storage, "over")),
			     less > 0);
		json_decref(st);
	}
}

Test(trace, low_materials_are_at_or_under_their_reorder_level)
{
	static const struct {
		const char *name;
		int on_hand, reorder, use; /* use: taken by a batch */
	} mats[] = {
		{"Flour", 5000, 1000, 4200}, /* 800: low */
		{"Salt", 100, 100, 0},	     /* at the level: low */
		{"Wick", 900, 50, 0},	     /* plenty */
		{"Wax", 2000, 500, 1500},    /* 500 left: low */
		{"Jars", 10, 0, 12},	     /* -2, overdrawn: low */
	};
	int64_t m[COUNT(mats)], p, b;
	json_t *st;

	p = create_id(SR_RES_PRODUCT, "{\"name\":\"Candle\"}");
	b = new_batch(p, "2026-11-25", 0, 0);
	for (size_t i = 0; i < COUNT(mats); i++) {
		m[i] = create_id(SR_RES_MATERIAL,
				 "{\"name\":\"%s\",\"on_hand\":%d,"
				 "\"reorder_level\":%d}",
				 mats[i].name, mats[i].on_hand,
				 mats[i].reorder);
		if (mats[i].use)
			use_material(b, m[i], mats[i].use, NULL);
	}
	st = stock_now();
	for (size_t i = 0; i < COUNT(mats); i++) {
		int left = mats[i].on_hand - mats[i].use;
		json_t *it = find(json_object_get(st, "low_materials"),
				  "material_id", m[i]);

		cr_assert_eq(it != NULL, left <= mats[i].reorder, "%s",
			     mats[i].name);
		if (it) {
			cr_assert_eq(num(it, "on_hand"), left);
			cr_assert_eq(num(it, "reorder_level"), mats[i].reorder);
		}
	}
	json_decref(st);
}
