/*
 * test-records.c - create, read, update, delete and list through the
 * public records API on a real SQLite file: what a write stores and gives
 * back, what it refuses (naming the field, writing nothing), deleting what
 * is still referred to, and lists with filters, pages and totals. Expected
 * lists are worked out from a model of what each test stored.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "records-fixture.h"

STORE_SUITE(records);

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Assert a list answer holds exactly the n ids want, in any order. */
static void assert_ids(const json_t *l, const int64_t *want, size_t n)
{
	const json_t *items = json_object_get(l, "items");

	cr_assert_eq(json_array_size(items), n, "%zu items, not %zu",
		     json_array_size(items), n);
	for (size_t i = 0; i < n; i++)
		cr_assert_not_null(find(l, "id", want[i]), "id %lld missing",
				   (long long)want[i]);
}

Test(records, a_record_s_whole_life)
{
	static const char body[] =
		"{\"name\":\"Oak stool\",\"mode\":\"job\",\"price\":12000,"
		"\"material_cost\":3500,\"minutes_per_unit\":240,"
		"\"shelf_life_days\":3650}";
	struct sr_fail f = SR_FAIL_INIT;
	json_t *given = json_loads(body, 0, NULL), *made, *again, *after, *v;
	char when[21];
	const char *key;
	int64_t id;

	made = create(SR_RES_PRODUCT, "%s", body);
	id = num(made, "id");
	cr_assert_gt(id, 0);
	/* Every field given is stored as given; created_at is the clock's. */
	json_object_foreach(given, key, v)
		cr_assert(json_equal(json_object_get(made, key), v), "%s", key);
	instant_text(NOW, when);
	cr_assert_str_eq(str(made, "created_at"), when);
	again = fetch(SR_RES_PRODUCT, id);
	cr_assert(json_equal(again, made), "a read differs from the create");
	json_decref(again);

	/* An update changes the fields it names and nothing else. */
	after = update(SR_RES_PRODUCT, id,
		       "{\"price\":12500,\"mode\":\"both\"}");
	json_object_foreach(made, key, v)
	{
		json_t *now = json_object_get(after, key);

		if (!strcmp(key, "price"))
			cr_assert_eq(num(after, key), 12500);
		else if (!strcmp(key, "mode"))
			cr_assert_str_eq(str(after, key), "both");
		else
			cr_assert(json_equal(now, v), "%s moved", key);
	}
	again = fetch(SR_RES_PRODUCT, id);
	cr_assert(json_equal(again, after), "a read differs from the update");

	/* Deleted: gone for reading, changing and deleting. */
	cr_assert_eq(sr_rec_delete(store, SR_RES_PRODUCT, id, &f), SR_OK);
	{
		struct sr_buf out = SR_BUF_INIT(4096);

		assert_fail(sr_rec_get(store, SR_RES_PRODUCT, id, &out, &f), &f,
			    SR_ENOTFOUND, "not_found", NULL);
		cr_assert_eq(out.len, 0);
		sr_buf_release(&out);
	}
	assert_fail(try_update(SR_RES_PRODUCT, id, &f, "{\"price\":1}"), &f,
		    SR_ENOTFOUND, "not_found", NULL);
	assert_fail(sr_rec_delete(store, SR_RES_PRODUCT, id, &f), &f,
		    SR_ENOTFOUND, "not_found", NULL);
	json_decref(given);
	json_decref(made);
	json_decref(again);
	json_decref(after);
}

Test(records, what_is_left_out_takes_its_default)
{
	json_t *p = create(SR_RES_PRODUCT, "{\"name\":\"Beeswax candle\"}");
	json_t *c = create(SR_RES_CUSTOMER, "{\"name\":\"Walk-in\"}");
	json_t *o =
		create(SR_RES_ORDER, "{\"customer_id\":%lld,\"title\":\"Box\"}",
		       (long long)num(c, "id"));

	cr_assert_str_eq(str(p, "mode"), "both");
	cr_assert_eq(num(p, "price"), 0);
	cr_assert_eq(num(p, "storage_per_unit"), 0);
	cr_assert(json_is_null(json_object_get(p, "max_batch")));
	cr_assert(json_is_null(json_object_get(p, "shelf_life_days")));
	cr_assert(json_is_null(json_object_get(c, "email")));
	cr_assert_eq(num(o, "quantity"), 1);
	cr_assert_str_eq(str(o, "status"), "quoted");
	cr_assert(json_is_null(json_object_get(o, "product_id")));
	json_decref(p);
	json_decref(c);
	json_decref(o);
}

Test(records, bad_input_names_the_field_and_writes_nothing)
{
	/* clang-format off: a table reads best as one */
	static const struct {
		enum sr_res r;
		const char *body, *code, *field; /* field NULL: none */
	} bad[] = {
		{SR_RES_PRODUCT, "{}", "missing_field", "name"},
		{SR_RES_PRODUCT, "{\"name\":\"\"}", "missing_value", "name"},
		{SR_RES_PRODUCT, "{\"name\":7}", "bad_type", "name"},
		{SR_RES_PRODUCT, "{\"name\":\"A\",\"mode\":\"mass\"}",
		 "bad_value", "mode"},
		{SR_RES_PRODUCT, "{\"name\":\"A\",\"price\":-1}",
		 "out_of_range", "price"},
		{SR_RES_PRODUCT, "{\"name\":\"A\",\"price\":4.5}", "bad_type",
		 "price"},
		{SR_RES_PRODUCT, "{\"name\":\"A\",\"id\":5}", "read_only",
		 "id"},
		{SR_RES_PRODUCT, "{\"name\":\"A\",\"colour\":\"red\"}",
		 "unknown_field", "colour"},
		{SR_RES_PRODUCT, "{\"name\":", "bad_json", NULL},
		{SR_RES_PRODUCT, "[{\"name\":\"A\"}]", "bad_type", NULL},
		{SR_RES_ORDER, "{\"customer_id\":999,\"title\":\"Box\"}",
		 "unknown_reference", "customer_id"},
		{SR_RES_ORDER,
		 "{\"customer_id\":1,\"title\":\"Box\",\"due_date\":\"2026-02-"
		 "30\"}",
		 "bad_date", "due_date"},
		{SR_RES_SALE, "{\"product_id\":1,\"quantity\":0}",
		 "out_of_range", "quantity"},
		{SR_RES_BATCH,
		 "{\"product_id\":1,\"run_date\":\"2026-11-25\",\"code\":\"X-"
		 "1\"}",
		 "read_only", "code"},
	};
	/* clang-format on */
	struct sr_fail f = SR_FAIL_INIT;
	json_t *l;

	/* One customer and one product, which some bodies refer to as 1. */
	cr_assert_eq(create_id(SR_RES_CUSTOMER, "{\"name\":\"Ann\"}"), 1);
	cr_assert_eq(create_id(SR_RES_PRODUCT, "{\"name\":\"Loaf\"}"), 1);
	for (size_t i = 0; i < COUNT(bad); i++)
		expect_fail(try_create(bad[i].r, &f, "%s", bad[i].body), &f,
			    SR_EINVAL, bad[i].code, bad[i].field, bad[i].body);
	for (int r = 0; r < SR_RES__MAX; r++) {
		if (!sr_res_is_list((enum sr_res)r))
			continue;
		l = list((enum sr_res)r, "limit=1");
		cr_assert_eq(num(l, "total"),
			     r == SR_RES_PRODUCT || r == SR_RES_CUSTOMER,
			     "a refused write stored a %s", sr_res_singular(r));
		json_decref(l);
	}
	/* An update that fails leaves the row as it was. */
	assert_fail(try_update(SR_RES_PRODUCT, 1, &f,
			       "{\"name\":\"Rye\",\"price\":-1}"),
		    &f, SR_EINVAL, "out_of_range", "price");
	l = fetch(SR_RES_PRODUCT, 1);
	cr_assert_str_eq(str(l, "name"), "Loaf");
	json_decref(l);
}

Test(records, names_are_unique_whatever_their_case)
{
	struct sr_fail f = SR_FAIL_INIT;
	int64_t rye = create_id(SR_RES_PRODUCT, "{\"name\":\"Rye bread\"}");
	int64_t spelt = create_id(SR_RES_PRODUCT, "{\"name\":\"Spelt\"}");
	json_t *p;

	assert_fail(try_create(SR_RES_PRODUCT, &f, "{\"name\":\"RYE bread\"}"),
		    &f, SR_ECONFLICT, "duplicate", "name");
	assert_fail(try_update(SR_RES_PRODUCT, spelt, &f,
			       "{\"name\":\"rye BREAD\"}"),
		    &f, SR_ECONFLICT, "duplicate", "name");
	/* Its own name in other capitals is still its own. */
	p = update(SR_RES_PRODUCT, rye, "{\"name\":\"RYE BREAD\"}");
	cr_assert_str_eq(str(p, "name"), "RYE BREAD");
	json_decref(p);
	/* People may share a name. */
	json_decref(create(SR_RES_CUSTOMER, "{\"name\":\"Ann\"}"));
	json_decref(create(SR_RES_CUSTOMER, "{\"name\":\"Ann\"}"));
}

/* The failure message of deleting r id says "<n> <words>". */
static void assert_in_use(enum sr_res r, int64_t id, const char *const *words,
			  size_t n)
{
	struct sr_fail f = SR_FAIL_INIT;
	char *self = textf("%s %lld", sr_res_singular(r), (long long)id);

	cr_assert_eq(sr_rec_delete(store, r, id, &f), SR_ECONFLICT);
	cr_assert_str_eq(f.code, "in_use");
	cr_assert(strstr(f.message.data, self), "'%s' does not name %s",
		  f.message.data, self);
	for (size_t i = 0; i < n; i++) {
		const char *at = strstr(f.message.data, words[i]);

		/* The whole words: "1 batch", not "1 batches". */
		cr_assert(at && !isalpha((unsigned char)at[strlen(words[i])]),
			  "'%s' does not say %s", f.message.data, words[i]);
	}
	free(self);
	sr_fail_release(&f);
}

Test(records, delete_is_refused_while_referred_to_and_says_by_what)
{
	struct sr_fail f = SR_FAIL_INIT;
	int64_t p, c, m, b, o, use, e[2], s[3];
	json_t *still;

	p = create_id(SR_RES_PRODUCT, "{\"name\":\"Loaf\"}");
	c = create_id(SR_RES_CUSTOMER, "{\"name\":\"Ann\"}");
	m = create_id(SR_RES_MATERIAL, "{\"name\":\"Flour\",\"on_hand\":900}");
	b = new_batch(p, "2026-11-25", 10, 0);
	o = create_id(SR_RES_ORDER, "{\"customer_id\":%lld,\"title\":\"Box\"}",
		      (long long)c);

	/* One of a kind: the singular. */
	{
		static const char *const one[] = {"1 batch"};

		assert_in_use(SR_RES_PRODUCT, p, one, COUNT(one));
	}
	use = use_material(b, m, 100, NULL);
	for (size_t i = 0; i < COUNT(e); i++)
		e[i] = create_id(SR_RES_TIME_ENTRY,
				 "{\"batch_id\":%lld,\"minutes\":5}",
				 (long long)b);
	for (size_t i = 0; i < COUNT(s); i++)
		s[i] = create_id(SR_RES_SALE,
				 "{\"batch_id\":%lld,\"customer_id\":%lld,"
				 "\"quantity\":1}",
				 (long long)b, (long long)c);
	/* Several kinds, each counted, in the plural where it is more. */
	{
		/* Not its material use: a batch deleted puts its uses
		 * back and deletes them (consume.c). */
		static const char *const many[] = {"2 time entries", "3 sales"};
		static const char *const product[] = {"1 batch", "3 sales"};
		static const char *const customer[] = {"1 order", "3 sales"};
		static const char *const material[] = {"1 material use"};

		assert_in_use(SR_RES_BATCH, b, many, COUNT(many));
		assert_in_use(SR_RES_PRODUCT, p, product, COUNT(product));
		assert_in_use(SR_RES_CUSTOMER, c, customer, COUNT(customer));
		assert_in_use(SR_RES_MATERIAL, m, material, COUNT(material));
	}
	/* A refused delete removed nothing. */
	still = fetch(SR_RES_BATCH, b);
	cr_assert_eq(num(still, "id"), b);
	json_decref(still);

	/* Once nothing refers to them, they go. */
	for (size_t i = 0; i < COUNT(s); i++)
		cr_assert_eq(sr_rec_delete(store, SR_RES_SALE, s[i], &f),
			     SR_OK);
	for (size_t i = 0; i < COUNT(e); i++)
		cr_assert_eq(sr_rec_delete(store, SR_RES_TIME_ENTRY, e[i], &f),
			     SR_OK);
	/* The batch goes with its use, whose 100 g are back: 800 + 100. */
	cr_assert_eq(sr_rec_delete(store, SR_RES_BATCH, b, &f), SR_OK);
	still = fetch(SR_RES_MATERIAL, m);
	cr_expect_eq(num(still, "on_hand"), 900);
	json_decref(still);
	assert_fail(sr_rec_delete(store, SR_RES_BATCH_MATERIAL, use, &f), &f,
		    SR_ENOTFOUND, "not_found", NULL);
	cr_assert_eq(sr_rec_delete(store, SR_RES_PRODUCT, p, &f), SR_OK);
	cr_assert_eq(sr_rec_delete(store, SR_RES_MATERIAL, m, &f), SR_OK);
	cr_assert_eq(sr_rec_delete(store, SR_RES_ORDER, o, &f), SR_OK);
	cr_assert_eq(sr_rec_delete(store, SR_RES_CUSTOMER, c, &f), SR_OK, "%s",
		     f.message.data);
	sr_fail_release(&f);
}

/* Many users: the first ten by number in words and in the details, and
 * how many more, so the message stays one sentence however many. */
Test(records, delete_refusal_names_the_first_ten_users_and_counts_the_rest)
{
	enum { N = 13, SHOWN = 10 };
	struct sr_fail f = SR_FAIL_INIT;
	int64_t c = create_id(SR_RES_CUSTOMER, "{\"name\":\"Bea\"}");
	int64_t o[N];
	json_t *d, *ids;
	char *want;

	for (int i = 0; i < N; i++)
		o[i] = create_id(SR_RES_ORDER,
				 "{\"customer_id\":%lld,\"title\":\"Box %d\"}",
				 (long long)c, i);
	cr_assert_eq(sr_rec_delete(store, SR_RES_CUSTOMER, c, &f),
		     SR_ECONFLICT);
	want = textf("%d orders (%lld, %lld,", N, (long long)o[0],
		     (long long)o[1]);
	cr_assert(strstr(f.message.data, want), "%s", f.message.data);
	free(want);
	want = textf(", %lld and %d more)", (long long)o[SHOWN - 1], N - SHOWN);
	cr_assert(strstr(f.message.data, want), "%s", f.message.data);
	free(want);
	d = parsed(&f.details);
	ids = json_object_get(json_array_get(json_object_get(d, "used_by"), 0),
			      "ids");
	cr_assert_eq(json_array_size(json_object_get(d, "used_by")), 1);
	cr_assert_eq(
		num(json_array_get(json_object_get(d, "used_by"), 0), "count"),
		N);
	cr_assert_eq(json_array_size(ids), SHOWN);
	for (int i = 0; i < SHOWN; i++)
		cr_assert_eq(json_integer_value(json_array_get(ids, i)), o[i]);
	json_decref(d);
	/* Another failure on the same struct carries no stale details. */
	cr_assert_eq(sr_rec_delete(store, SR_RES_CUSTOMER, c + 1000, &f),
		     SR_ENOTFOUND);
	cr_assert_eq(f.details.len, 0);
	sr_fail_release(&f);
}

Test(records, lists_filter_and_count)
{
	static const struct {
		const char *name, *mode;
	} prods[] = {
		{"Oak stool", "job"},	 {"Rye loaf", "batch"},
		{"Seeded rye", "batch"}, {"Mug", "both"},
		{"Soap bar", "batch"},
	};
	static const struct {
		int product;
		const char *run_date, *status;
	} runs[] = {
		{1, "2026-11-20", "done"},    {1, "2026-11-25", "planned"},
		{2, "2026-11-25", "running"}, {4, "2026-11-26", "planned"},
		{4, "2026-11-28", "done"},
	};
	int64_t p[COUNT(prods)], b[COUNT(runs)], want[COUNT(runs)];
	size_t n;
	json_t *l;

	for (size_t i = 0; i < COUNT(prods); i++)
		p[i] = create_id(SR_RES_PRODUCT,
				 "{\"name\":\"%s\",\"mode\":\"%s\"}",
				 prods[i].name, prods[i].mode);
	for (size_t i = 0; i < COUNT(runs); i++)
		b[i] = create_id(SR_RES_BATCH,
				 "{\"product_id\":%lld,\"run_date\":\"%s\","
				 "\"status\":\"%s\"}",
				 (long long)p[runs[i].product],
				 runs[i].run_date, runs[i].status);

	/* Products by mode, and by the whole name whatever its case. */
	n = 0;
	for (size_t i = 0; i < COUNT(prods); i++)
		if (!strcmp(prods[i].mode, "batch"))
			want[n++] = p[i];
	l = list(SR_RES_PRODUCT, "mode=batch");
	cr_assert_eq(num(l, "total"), (int64_t)n);
	assert_ids(l, want, n);
	json_decref(l);
	l = list(SR_RES_PRODUCT, "name=SEEDED%%20RYE");
	assert_ids(l, &p[2], 1);
	json_decref(l);
	l = list(SR_RES_PRODUCT, "name=rye");
	assert_ids(l, want, 0);
	json_decref(l);

	/* Batches by product, status and run date, alone and together. */
#define PICK(cond)                                                             \
	do {                                                                   \
		n = 0;                                                         \
		for (size_t i = 0; i < COUNT(runs); i++)                       \
			if (cond)                                              \
				want[n++] = b[i];                              \
	} while (0)
	PICK(runs[i].product == 1);
	l = list(SR_RES_BATCH, "product_id=%lld", (long long)p[1]);
	cr_assert_eq(num(l, "total"), (int64_t)n);
	assert_ids(l, want, n);
	json_decref(l);
	PICK(strcmp(runs[i].run_date, "2026-11-25") >= 0 &&
	     strcmp(runs[i].run_date, "2026-11-26") <= 0);
	l = list(SR_RES_BATCH, "from=2026-11-25&to=2026-11-26");
	cr_assert_eq(num(l, "total"), (int64_t)n);
	assert_ids(l, want, n);
	json_decref(l);
	PICK(!strcmp(runs[i].status, "planned") &&
	     strcmp(runs[i].run_date, "2026-11-26") >= 0);
	l = list(SR_RES_BATCH, "status=planned&from=2026-11-26");
	assert_ids(l, want, n);
	json_decref(l);
	PICK(runs[i].product == 3);
	l = list(SR_RES_BATCH, "product_id=%lld", (long long)p[3]);
	cr_assert_eq(num(l, "total"), 0);
	assert_ids(l, want, n);
	json_decref(l);
#undef PICK
}

Test(records, pages_cover_the_list_once_and_keep_the_total)
{
	enum { N = 7, PAGE = 3 };
	int64_t ids[N];
	int seen[N] = {0};
	json_t *l;

	for (int i = 0; i < N; i++)
		ids[i] = create_id(SR_RES_CUSTOMER, "{\"name\":\"C%d\"}",
				   (i * 3) % N);
	for (int off = 0; off < N + PAGE; off += PAGE) {
		size_t want = off >= N ? 0 : N - off < PAGE ? N - off : PAGE;
		json_t *items;

		l = list(SR_RES_CUSTOMER, "limit=%d&offset=%d", PAGE, off);
		items = json_object_get(l, "items");
		cr_assert_eq(num(l, "total"), N);
		cr_assert_eq(num(l, "limit"), PAGE);
		cr_assert_eq(num(l, "offset"), off);
		cr_assert_eq(json_array_size(items), want, "offset %d", off);
		for (size_t i = 0; i < json_array_size(items); i++)
			for (int k = 0; k < N; k++)
				if (num(json_array_get(items, i), "id") ==
				    ids[k])
					seen[k]++;
		json_decref(l);
	}
	for (int k = 0; k < N; k++)
		cr_assert_eq(seen[k], 1, "customer %d listed %d times", k,
			     seen[k]);
	/* No limit given: the default page. */
	l = list(SR_RES_CUSTOMER, "%s", "");
	cr_assert_eq(num(l, "limit"), SR_LIST_DEFAULT);
	cr_assert_eq(json_array_size(json_object_get(l, "items")), N);
	json_decref(l);
}

Test(records, bad_lists_name_what_is_wrong)
{
	/* clang-format off: a table reads best as one */
	static const struct {
		enum sr_res r;
		const char *query, *code, *field;
	} bad[] = {
		{SR_RES_PRODUCT, "colour=red", "unknown_filter", "colour"},
		{SR_RES_PRODUCT, "mode=mass", "bad_value", "mode"},
		{SR_RES_BATCH, "product_id=x", "bad_type", "product_id"},
		{SR_RES_BATCH, "from=2026-11-31", "bad_date", "from"},
		{SR_RES_SALE, "quantity=1", "unknown_filter", "quantity"},
		{SR_RES_CUSTOMER, "limit=0", "out_of_range", "limit"},
		{SR_RES_CUSTOMER, "limit=1001", "out_of_range", "limit"},
		{SR_RES_CUSTOMER, "offset=-1", "out_of_range", "offset"},
	};
	/* clang-format on */
	struct sr_fail f = SR_FAIL_INIT;

	for (size_t i = 0; i < COUNT(bad); i++)
		expect_fail(try_list(bad[i].r, &f, "%s", bad[i].query), &f,
			    SR_EINVAL, bad[i].code, bad[i].field, bad[i].query);
	/* A filter given twice, by a caller that does not use the query
	 * parser (which refuses it first). */
	{
		struct sr_list_query q = {.names = {"mode", "mode"},
					  .values = {"job", "batch"},
					  .n = 2};
		struct sr_buf out = SR_BUF_INIT(4096);

		assert_fail(sr_rec_list(store, SR_RES_PRODUCT, &q, &out, &f),
			    &f, SR_EINVAL, "duplicate_filter", "mode");
		cr_assert_eq(out.len, 0);
		sr_buf_release(&out);
	}
}

Test(records, settings_change_only_what_is_given)
{
	struct sr_buf out = SR_BUF_INIT(1 << 16);
	struct sr_fail f = SR_FAIL_INIT;
	static const char body[] = "{\"workers\":3,\"hours\":{\"sat\":240}}";
	json_t *before, *after, *v;
	const char *key;

	cr_assert_eq(sr_settings_get(store, &out, &f), SR_OK);
	before = parsed(&out);
	cr_assert_eq(sr_settings_update(store, body, strlen(body), &out, &f),
		     SR_OK, "%s", f.message.data);
	after = parsed(&out);
	json_object_foreach(before, key, v)
	{
		if (!strcmp(key, "workers"))
			cr_assert_eq(num(after, key), 3);
		else if (strcmp(key, "hours"))
			cr_assert(json_equal(json_object_get(after, key), v),
				  "%s moved", key);
	}
	json_object_foreach(json_object_get(before, "hours"), key, v)
	{
		json_t *now =
			json_object_get(json_object_get(after, "hours"), key);

		if (!strcmp(key, "sat"))
			cr_assert_eq(json_integer_value(now), 240);
		else
			cr_assert(json_equal(now, v), "hours.%s moved", key);
	}
	assert_fail(sr_settings_update(store, "{\"currency\":\"gbp\"}", 18,
				       &out, &f),
		    &f, SR_EINVAL, "bad_value", "currency");
	assert_fail(sr_settings_update(store, "{\"workers\":0}", 13, &out, &f),
		    &f, SR_EINVAL, "out_of_range", "workers");
	cr_assert_eq(out.len, 0);
	cr_assert_eq(sr_settings_get(store, &out, &f), SR_OK);
	v = parsed(&out);
	cr_assert(json_equal(v, after), "a refused change was stored");
	json_decref(v);
	json_decref(before);
	json_decref(after);
	sr_buf_release(&out);
	sr_fail_release(&f);
}
