/*
 * test-rules.c - the rules that span fields and records, through the
 * public records API on a real SQLite file: batch codes and best-before
 * dates, made, rejected and sold, a batch's product, sales within a
 * batch's stock, what a sale takes from its batch and product, the bound
 * on quantity times price, material use moving stock, and the clock of a
 * time entry. Every expected value is worked out here from the inputs.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "records-fixture.h"

STORE_SUITE(rules);

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The documented code: up to four letters or digits of the product's
 * name in capitals ("P" and the id when it has none), the run date's
 * digits, and the how-manieth run of that product on that day.
 */
static void batch_code(const char *name, int64_t product, const char *date,
		       int nth, char *out, size_t size)
{
	char prefix[32];
	size_t k = 0;

	for (const char *p = name; *p && k < 4; p++)
		if (isalnum((unsigned char)*p))
			prefix[k++] = (char)toupper((unsigned char)*p);
	prefix[k] = '\0';
	if (!k)
		snprintf(prefix, sizeof(prefix), "P%lld", (long long)product);
	snprintf(out, size, "%s-%.4s%.2s%.2s-%d", prefix, date, date + 5,
		 date + 8, nth);
}

/* The largest value field of resource r may hold (its description). */
static int64_t field_max(int r, const char *field)
{
	struct sr_field_info info;

	for (size_t i = 0; i < sr_res_field_count(r); i++) {
		sr_res_field_info(r, i, &info);
		if (!strcmp(info.name, field))
			return info.max;
	}
	cr_assert_fail("no field %s", field);
	return 0;
}

Test(rules, batch_codes_count_each_product_s_runs_per_day)
{
	static const char *const names[] = {"Sourdough loaf", "Rye & caraway",
					    "12 mince pies", "***"};
	static const struct {
		int product;
		const char *run_date;
	} runs[] = {
		{0, "2026-11-25"}, {0, "2026-11-25"}, {1, "2026-11-25"},
		{0, "2026-11-26"}, {2, "2026-11-25"}, {3, "2026-11-25"},
		{0, "2026-11-25"}, {3, "2026-11-25"}, {1, "2026-12-01"},
	};
	int64_t p[COUNT(names)];
	char want[64];

	for (size_t i = 0; i < COUNT(names); i++)
		p[i] = create_id(SR_RES_PRODUCT, "{\"name\":\"%s\"}", names[i]);
	for (size_t i = 0; i < COUNT(runs); i++) {
		int nth = 0;
		json_t *b;

		for (size_t k = 0; k <= i; k++)
			nth += runs[k].product == runs[i].product &&
			       !strcmp(runs[k].run_date, runs[i].run_date);
		b = create(SR_RES_BATCH,
			   "{\"product_id\":%lld,\"run_date\":\"%s\"}",
			   (long long)p[runs[i].product], runs[i].run_date);
		batch_code(names[runs[i].product], p[runs[i].product],
			   runs[i].run_date, nth, want, sizeof(want));
		cr_assert_str_eq(str(b, "code"), want, "run %zu", i);
		json_decref(b);
	}
}

Test(rules, a_batch_s_code_is_the_server_s_to_give)
{
	struct sr_fail f = SR_FAIL_INIT;
	int64_t p = create_id(SR_RES_PRODUCT, "{\"name\":\"Loaf\"}");
	int64_t b = new_batch(p, "2026-11-25", 0, 0);

	assert_fail(try_create(SR_RES_BATCH, &f,
			       "{\"product_id\":%lld,\"run_date\":"
			       "\"2026-11-25\",\"code\":\"MINE-1\"}",
			       (long long)p),
		    &f, SR_EINVAL, "read_only", "code");
	assert_fail(try_update(SR_RES_BATCH, b, &f, "{\"code\":\"MINE-1\"}"),
		    &f, SR_EINVAL, "read_only", "code");
}

Test(rules, best_before_is_the_run_date_plus_the_shelf_life)
{
	static const int shelf = 4;
	struct sr_fail f = SR_FAIL_INIT;
	int64_t keeps, lasts, id;
	char want[11];
	json_t *b;

	keeps = create_id(SR_RES_PRODUCT,
			  "{\"name\":\"Loaf\",\"shelf_life_days\":%d}", shelf);
	lasts = create_id(SR_RES_PRODUCT, "{\"name\":\"Mug\"}");

	b = create(SR_RES_BATCH,
		   "{\"product_id\":%lld,\"run_date\":\"2026-12-30\"}",
		   (long long)keeps);
	date_text(day_of("2026-12-30") + shelf, want);
	cr_assert_str_eq(str(b, "best_before"), want);
	/* The date is on the labels: a later run date does not move it. */
	id = num(b, "id");
	json_decref(b);
	json_decref(update(SR_RES_BATCH, id, "{\"run_date\":\"2026-12-31\"}"));
	b = fetch(SR_RES_BATCH, id);
	cr_assert_str_eq(str(b, "best_before"), want);
	json_decref(b);
	/* Given, it is kept; before the run date, it is refused. */
	b = create(SR_RES_BATCH,
		   "{\"product_id\":%lld,\"run_date\":\"2026-11-25\","
		   "\"best_before\":\"2026-11-27\"}",
		   (long long)keeps);
	cr_assert_str_eq(str(b, "best_before"), "2026-11-27");
	json_decref(b);
	assert_fail(try_create(SR_RES_BATCH, &f,
			       "{\"product_id\":%lld,\"run_date\":"
			       "\"2026-11-25\",\"best_before\":\"2026-11-24\"}",
			       (long long)lasts),
		    &f, SR_EINVAL, "out_of_range", "best_before");
	/* No shelf life, no best-before; nor later, for a batch made
	 * before its product was given one. */
	b = create(SR_RES_BATCH,
		   "{\"product_id\":%lld,\"run_date\":\"2026-11-25\"}",
		   (long long)lasts);
	cr_assert(json_is_null(json_object_get(b, "best_before")));
	id = num(b, "id");
	json_decref(b);
	json_decref(update(SR_RES_PRODUCT, lasts, "{\"shelf_life_days\":%d}",
			   shelf));
	b = update(SR_RES_BATCH, id, "{\"qc_notes\":\"glaze ok\"}");
	cr_assert(json_is_null(json_object_get(b, "best_before")));
	json_decref(b);
}

Test(rules, no_more_rejected_than_made)
{
	struct sr_fail f = SR_FAIL_INIT;
	int64_t p = create_id(SR_RES_PRODUCT, "{\"name\":\"Loaf\"}"), b;

	assert_fail(try_create(SR_RES_BATCH, &f,
			       "{\"product_id\":%lld,\"run_date\":"
			       "\"2026-11-25\",\"made_qty\":3,"
			       "\"rejected_qty\":4}",
			       (long long)p),
		    &f, SR_EINVAL, "out_of_range", "rejected_qty");
	b = new_batch(p, "2026-11-25", 3, 3);
	assert_fail(try_update(SR_RES_BATCH, b, &f, "{\"made_qty\":2}"), &f,
		    SR_EINVAL, "out_of_range", "rejected_qty");
}

Test(rules, made_less_rejected_never_falls_below_sold)
{
	const int64_t made = 12, rejected = 2, sold = 7;
	struct sr_fail f = SR_FAIL_INIT;
	enum sr_err err;
	int64_t p, b;
	char *says;
	json_t *j;

	p = create_id(SR_RES_PRODUCT, "{\"name\":\"Soap\"}");
	b = new_batch(p, "2026-11-25", made, rejected);
	json_decref(create(SR_RES_SALE, "{\"batch_id\":%lld,\"quantity\":%lld}",
			   (long long)b, (long long)sold));

	says = textf("%lld of this batch", (long long)sold);
	err = try_update(SR_RES_BATCH, b, &f, "{\"made_qty\":%lld}",
			 (long long)(sold + rejected - 1));
	cr_assert(strstr(f.message.data, says), "%s", f.message.data);
	assert_fail(err, &f, SR_ECONFLICT, "below_sold", "made_qty");
	assert_fail(try_update(SR_RES_BATCH, b, &f, "{\"rejected_qty\":%lld}",
			       (long long)(made - sold + 1)),
		    &f, SR_ECONFLICT, "below_sold", "made_qty");
	/* Exactly what is sold is fine, and so is moving both together. */
	j = update(SR_RES_BATCH, b, "{\"made_qty\":%lld,\"rejected_qty\":%lld}",
		   (long long)(sold + 5), (long long)5);
	cr_assert_eq(num(j, "available_qty"), 0);
	json_decref(j);
	free(says);
}

Test(rules, a_batch_keeps_its_product)
{
	struct sr_fail f = SR_FAIL_INIT;
	int64_t p = create_id(SR_RES_PRODUCT, "{\"name\":\"Loaf\"}");
	int64_t q = create_id(SR_RES_PRODUCT, "{\"name\":\"Rye\"}");
	int64_t b = new_batch(p, "2026-11-25", 0, 0);
	json_t *j;

	assert_fail(try_update(SR_RES_BATCH, b, &f, "{\"product_id\":%lld}",
			       (long long)q),
		    &f, SR_EINVAL, "read_only", "product_id");
	/* Naming the one it has is no change. */
	j = update(SR_RES_BATCH, b, "{\"product_id\":%lld,\"qc_notes\":\"ok\"}",
		   (long long)p);
	cr_assert_eq(num(j, "product_id"), p);
	json_decref(j);
}

Test(rules, sales_stay_within_a_batch_s_stock)
{
	const int64_t made = 10, rejected = 3, first = 4;
	const int64_t left = made - rejected - first;
	struct sr_fail f = SR_FAIL_INIT;
	int64_t p, b, sale;
	enum sr_err err;
	char *says;
	json_t *j;

	p = create_id(SR_RES_PRODUCT, "{\"name\":\"Candle\"}");
	b = new_batch(p, "2026-11-25", made, rejected);
	sale = create_id(SR_RES_SALE, "{\"batch_id\":%lld,\"quantity\":%lld}",
			 (long long)b, (long long)first);

	/* One more than is left: refused, saying how many are. */
	says = textf("only %lld left", (long long)left);
	err = try_create(SR_RES_SALE, &f,
			 "{\"batch_id\":%lld,\"quantity\":%lld}", (long long)b,
			 (long long)(left + 1));
	cr_assert(strstr(f.message.data, says), "%s", f.message.data);
	assert_fail(err, &f, SR_ECONFLICT, "not_enough_stock", "quantity");
	/* A sale may grow by what is left, not by one more: it does not
	 * count against itself. */
	assert_fail(try_update(SR_RES_SALE, sale, &f, "{\"quantity\":%lld}",
			       (long long)(first + left + 1)),
		    &f, SR_ECONFLICT, "not_enough_stock", "quantity");
	json_decref(update(SR_RES_SALE, sale, "{\"quantity\":%lld}",
			   (long long)(first + left)));
	j = fetch(SR_RES_BATCH, b);
	cr_assert_eq(num(j, "sold_qty"), first + left);
	cr_assert_eq(num(j, "available_qty"), 0);
	json_decref(j);
	/* Deleting the sale gives its stock back. */
	cr_assert_eq(sr_rec_delete(store, SR_RES_SALE, sale, &f), SR_OK);
	j = fetch(SR_RES_BATCH, b);
	cr_assert_eq(num(j, "available_qty"), made - rejected);
	json_decref(j);
	free(says);
	sr_fail_release(&f);
}

Test(rules, a_sale_takes_product_and_price_when_they_are_left_out)
{
	const int64_t price = 450, quantity = 3;
	struct sr_fail f = SR_FAIL_INIT;
	int64_t p, q, b;
	char today[11];
	json_t *s;

	p = create_id(SR_RES_PRODUCT, "{\"name\":\"Loaf\",\"price\":%lld}",
		      (long long)price);
	q = create_id(SR_RES_PRODUCT, "{\"name\":\"Rye\",\"price\":380}");
	b = new_batch(p, "2026-11-25", 20, 0);

	/* From a batch: the batch's product, its price, sold today. */
	s = create(SR_RES_SALE, "{\"batch_id\":%lld,\"quantity\":%lld}",
		   (long long)b, (long long)quantity);
	date_text(NOW / 86400, today);
	cr_assert_eq(num(s, "product_id"), p);
	cr_assert_eq(num(s, "price"), price);
	cr_assert_eq(num(s, "total"), quantity * price);
	cr_assert_str_eq(str(s, "sold_on"), today);
	json_decref(s);
	/* A price given is kept. */
	s = create(SR_RES_SALE,
		   "{\"product_id\":%lld,\"quantity\":2,\"price\":99}",
		   (long long)q);
	cr_assert_eq(num(s, "price"), 99);
	cr_assert_eq(num(s, "total"), 2 * 99);
	json_decref(s);
	/* Product and batch both given must agree. */
	assert_fail(try_create(SR_RES_SALE, &f,
			       "{\"product_id\":%lld,\"batch_id\":%lld,"
			       "\"quantity\":1}",
			       (long long)q, (long long)b),
		    &f, SR_EINVAL, "wrong_product", "batch_id");
	assert_fail(try_create(SR_RES_SALE, &f, "{\"quantity\":1}"), &f,
		    SR_EINVAL, "missing_field", "product_id");
}

Test(rules, quantity_times_price_stays_within_money)
{
	const int64_t most = field_max(SR_RES_SALE, "price");
	const int64_t quantity = 7, each = most / quantity;
	struct sr_fail f = SR_FAIL_INIT;
	int64_t p, dear;
	json_t *s;

	p = create_id(SR_RES_PRODUCT, "{\"name\":\"Table\"}");
	s = create(SR_RES_SALE,
		   "{\"product_id\":%lld,\"quantity\":%lld,\"price\":%lld}",
		   (long long)p, (long long)quantity, (long long)each);
	cr_assert_eq(num(s, "total"), quantity * each);
	json_decref(s);
	assert_fail(try_create(SR_RES_SALE, &f,
			       "{\"product_id\":%lld,\"quantity\":%lld,"
			       "\"price\":%lld}",
			       (long long)p, (long long)quantity,
			       (long long)(each + 1)),
		    &f, SR_EINVAL, "out_of_range", "price");
	/* The product's own price: then the quantity is to blame. */
	dear = create_id(SR_RES_PRODUCT, "{\"name\":\"Boat\",\"price\":%lld}",
			 (long long)(each + 1));
	assert_fail(try_create(SR_RES_SALE, &f,
			       "{\"product_id\":%lld,\"quantity\":%lld}",
			       (long long)dear, (long long)quantity),
		    &f, SR_EINVAL, "out_of_range", "quantity");
	json_decref(create(SR_RES_SALE,
			   "{\"product_id\":%lld,\"quantity\":%lld}",
			   (long long)dear, (long long)(quantity - 1)));
}

static int64_t on_hand(int64_t material)
{
	json_t *m = fetch(SR_RES_MATERIAL, material);
	int64_t n = num(m, "on_hand");

	json_decref(m);
	return n;
}

Test(rules, material_use_takes_stock_off_and_gives_it_back)
{
	const int64_t flour0 = 5000, salt0 = 300;
	struct sr_fail f = SR_FAIL_INIT;
	int64_t p, b, flour, salt, u1, u2;

	p = create_id(SR_RES_PRODUCT, "{\"name\":\"Loaf\"}");
	b = new_batch(p, "2026-11-25", 0, 0);
	flour = create_id(SR_RES_MATERIAL,
			  "{\"name\":\"Flour\",\"on_hand\":%lld}",
			  (long long)flour0);
	salt = create_id(SR_RES_MATERIAL,
			 "{\"name\":\"Salt\",\"on_hand\":%lld}",
			 (long long)salt0);

	u1 = use_material(b, flour, 1200, "F-1");
	u2 = use_material(b, flour, 800, "F-2");
	cr_assert_eq(on_hand(flour), flour0 - 1200 - 800);
	/* A new quantity moves the difference. */
	json_decref(update(SR_RES_BATCH_MATERIAL, u1, "{\"quantity\":1500}"));
	cr_assert_eq(on_hand(flour), flour0 - 1500 - 800);
	/* Another material: the old one gets it back, the new one gives. */
	json_decref(update(SR_RES_BATCH_MATERIAL, u1,
			   "{\"material_id\":%lld,\"quantity\":40}",
			   (long long)salt));
	cr_assert_eq(on_hand(flour), flour0 - 800);
	cr_assert_eq(on_hand(salt), salt0 - 40);
	/* Deleting a use puts it back. */
	cr_assert_eq(sr_rec_delete(store, SR_RES_BATCH_MATERIAL, u1, &f),
		     SR_OK);
	cr_assert_eq(sr_rec_delete(store, SR_RES_BATCH_MATERIAL, u2, &f),
		     SR_OK);
	cr_assert_eq(on_hand(flour), flour0);
	cr_assert_eq(on_hand(salt), salt0);
	/* A refused use moves nothing. */
	{
		static const char body[] =
			"{\"material_id\":999,\"quantity\":5}";
		struct sr_buf out = SR_BUF_INIT(4096);
		int64_t id = 0;

		assert_fail(sr_batch_material_add(store, b, body, strlen(body),
						  NOW, &id, &out, &f),
			    &f, SR_EINVAL, "unknown_reference", "material_id");
		cr_assert_eq(out.len, 0);
		sr_buf_release(&out);
	}
	cr_assert_eq(on_hand(flour), flour0);
	sr_fail_release(&f);
}

/* Minutes the clock gives a span of secs: rounded to the nearest. */
static int64_t clock_minutes(int64_t secs)
{
	return (secs + 30) / 60;
}

Test(rules, a_time_entry_s_minutes_come_from_its_clock)
{
	static const int64_t spans[] = {0, 29, 30, 89, 90, 5400 + 40};
	const int64_t t0 = NOW - 86400;
	struct sr_fail f = SR_FAIL_INIT;
	char start[21], end[21], want[21];
	int64_t c, o, e;
	json_t *j;

	c = create_id(SR_RES_CUSTOMER, "{\"name\":\"Mo\"}");
	o = create_id(SR_RES_ORDER, "{\"customer_id\":%lld,\"title\":\"Gate\"}",
		      (long long)c);
	instant_text(t0, start);
	for (size_t i = 0; i < COUNT(spans); i++) {
		instant_text(t0 + spans[i], end);
		j = create(SR_RES_TIME_ENTRY,
			   "{\"order_id\":%lld,\"started_at\":\"%s\","
			   "\"ended_at\":\"%s\"}",
			   (long long)o, start, end);
		cr_assert_eq(num(j, "minutes"), clock_minutes(spans[i]),
			     "%lld s", (long long)spans[i]);
		json_decref(j);
	}
	/* Minutes given and a start: it ended that much later. */
	j = create(SR_RES_TIME_ENTRY,
		   "{\"order_id\":%lld,\"started_at\":\"%s\",\"minutes\":45}",
		   (long long)o, start);
	instant_text(t0 + 45 * 60, want);
	cr_assert_str_eq(str(j, "ended_at"), want);
	e = num(j, "id");
	json_decref(j);
	/* A corrected end, minutes left alone: the minutes follow it. */
	instant_text(t0 + 3600, end);
	j = update(SR_RES_TIME_ENTRY, e, "{\"ended_at\":\"%s\"}", end);
	cr_assert_eq(num(j, "minutes"), clock_minutes(3600));
	json_decref(j);
	/* No start: it started now. */
	j = create(SR_RES_TIME_ENTRY, "{\"order_id\":%lld,\"minutes\":10}",
		   (long long)o);
	instant_text(NOW, want);
	cr_assert_str_eq(str(j, "started_at"), want);
	json_decref(j);
	/* An end before the start, or both an order and a batch. */
	instant_text(t0 - 1, end);
	assert_fail(try_create(SR_RES_TIME_ENTRY, &f,
			       "{\"order_id\":%lld,\"started_at\":\"%s\","
			       "\"ended_at\":\"%s\"}",
			       (long long)o, start, end),
		    &f, SR_EINVAL, "out_of_range", "ended_at");
	assert_fail(try_create(SR_RES_TIME_ENTRY, &f, "{\"minutes\":5}"), &f,
		    SR_EINVAL, "missing_field", "order_id");
}

Test(rules, one_running_entry_per_worker)
{
	struct sr_fail f = SR_FAIL_INIT;
	int64_t c, o, running;
	char end[21];

	c = create_id(SR_RES_CUSTOMER, "{\"name\":\"Mo\"}");
	o = create_id(SR_RES_ORDER, "{\"customer_id\":%lld,\"title\":\"Gate\"}",
		      (long long)c);
	running = create_id(SR_RES_TIME_ENTRY,
			    "{\"order_id\":%lld,\"worker\":\"sam\"}",
			    (long long)o);
	assert_fail(try_create(SR_RES_TIME_ENTRY, &f,
			       "{\"order_id\":%lld,\"worker\":\"sam\"}",
			       (long long)o),
		    &f, SR_ECONFLICT, "timer_running", "worker");
	/* Another worker may run one; time entered by hand is no timer. */
	json_decref(create(SR_RES_TIME_ENTRY,
			   "{\"order_id\":%lld,\"worker\":\"kit\"}",
			   (long long)o));
	json_decref(
		create(SR_RES_TIME_ENTRY,
		       "{\"order_id\":%lld,\"worker\":\"sam\",\"minutes\":5}",
		       (long long)o));
	/* Once sam's ends, another may start. */
	instant_text(NOW + 600, end);
	json_decref(update(SR_RES_TIME_ENTRY, running, "{\"ended_at\":\"%s\"}",
			   end));
	json_decref(create(SR_RES_TIME_ENTRY,
			   "{\"order_id\":%lld,\"worker\":\"sam\"}",
			   (long long)o));
}
