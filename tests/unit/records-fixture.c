/* records-fixture.c - a real store for the record tests. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "records-fixture.h"
#include "store-fixture.h"
#include "smallrun/query.h"

sr_store *store;
static char *where;

void store_init(void)
{
	struct sr_fail f = SR_FAIL_INIT;

	where = test_store_new();
	cr_assert_eq(test_store_open(where, &store, &f), SR_OK, "%s",
		     f.message.data);
	sr_fail_release(&f);
}

const char *store_where(void)
{
	return where;
}

void store_fini(void)
{
	sr_store_close(store);
	store = NULL;
	test_store_remove(where);
	where = NULL;
}

static char *vtextf(const char *fmt, va_list ap)
{
	char *out = NULL;

	cr_assert_geq(vasprintf(&out, fmt, ap), 0);
	return out;
}

char *textf(const char *fmt, ...)
{
	va_list ap;
	char *out;

	va_start(ap, fmt);
	out = vtextf(fmt, ap);
	va_end(ap);
	return out;
}

json_t *parsed(struct sr_buf *b)
{
	json_error_t e;
	json_t *j;

	cr_assert_eq(b->err, 0, "the answer did not fit");
	j = json_loadb(b->data, b->len, 0, &e);
	cr_assert_not_null(j, "not JSON (%s): %s", e.text, b->data);
	sr_buf_reset(b);
	return j;
}

/* What a successful call gave, or an assertion naming its failure. */
static json_t *ok(enum sr_err err, struct sr_fail *f, struct sr_buf *out,
		  const char *what, const char *body)
{
	json_t *j;

	cr_assert_eq(err, SR_OK, "%s %s: %s (%s, field %s): %s", what,
		     body ? body : "", sr_strerror(err), f->code, f->field.data,
		     f->message.data);
	j = parsed(out);
	sr_buf_release(out);
	sr_fail_release(f);
	return j;
}

/* body: fmt and the arguments after it, printed (the caller frees it). */
#define BODY(body, fmt)                                                        \
	do {                                                                   \
		va_list ap_;                                                   \
		va_start(ap_, fmt);                                            \
		(body) = vtextf((fmt), ap_);                                   \
		va_end(ap_);                                                   \
	} while (0)

static json_t *created(enum sr_res r, const char *body)
{
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	int64_t id = 0;
	enum sr_err err;
	json_t *j;

	err = sr_rec_create(store, r, body, strlen(body), NOW, &id, &out, &f);
	j = ok(err, &f, &out, sr_res_singular(r), body);
	cr_assert_eq(num(j, "id"), id, "the id given and the id stored differ");
	return j;
}

json_t *create(enum sr_res r, const char *fmt, ...)
{
	char *body;
	json_t *j;

	BODY(body, fmt);
	j = created(r, body);
	free(body);
	return j;
}

int64_t create_id(enum sr_res r, const char *fmt, ...)
{
	char *body;
	int64_t id;
	json_t *j;

	BODY(body, fmt);
	j = created(r, body);
	id = num(j, "id");
	json_decref(j);
	free(body);
	return id;
}

int64_t new_batch(int64_t product, const char *run_date, int64_t made,
		  int64_t rejected)
{
	return create_id(SR_RES_BATCH,
			 "{\"product_id\":%lld,\"run_date\":\"%s\","
			 "\"made_qty\":%lld,\"rejected_qty\":%lld}",
			 (long long)product, run_date, (long long)made,
			 (long long)rejected);
}

json_t *update(enum sr_res r, int64_t id, const char *fmt, ...)
{
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;
	char *body;
	json_t *j;

	BODY(body, fmt);
	j = ok(sr_rec_update(store, r, id, body, strlen(body), NOW, &out, &f),
	       &f, &out, sr_res_singular(r), body);
	free(body);
	return j;
}

json_t *update_settings(const char *fmt, ...)
{
	struct sr_buf out = SR_BUF_INIT(1 << 16);
	struct sr_fail f = SR_FAIL_INIT;
	char *body;
	json_t *j;

	BODY(body, fmt);
	j = ok(sr_settings_update(store, body, strlen(body), &out, &f), &f,
	       &out, "settings", body);
	free(body);
	return j;
}

json_t *fetch(enum sr_res r, int64_t id)
{
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	struct sr_fail f = SR_FAIL_INIT;

	return ok(sr_rec_get(store, r, id, &out, &f), &f, &out,
		  sr_res_singular(r), NULL);
}

/* sr_rec_list with a query string; out holds the answer on success. */
static enum sr_err listed(enum sr_res r, struct sr_fail *f, struct sr_buf *out,
			  const char *qs)
{
	struct sr_list_query lq;
	struct sr_query q;
	enum sr_err err;

	err = sr_query_parse(qs, &q, f);
	cr_assert_eq(err, SR_OK, "the test's query %s: %s", qs,
		     f->message.data);
	err = sr_query_to_list(&q, &lq, f);
	if (!err)
		err = sr_rec_list(store, r, &lq, out, f);
	sr_query_release(&q);
	return err;
}

json_t *list(enum sr_res r, const char *fmt, ...)
{
	struct sr_buf out = SR_BUF_INIT(1 << 22);
	struct sr_fail f = SR_FAIL_INIT;
	char *qs;
	json_t *j;

	BODY(qs, fmt);
	j = ok(listed(r, &f, &out, qs), &f, &out, sr_res_name(r), qs);
	free(qs);
	return j;
}

int64_t use_material(int64_t batch, int64_t material, int64_t quantity,
		     const char *lot)
{
	struct sr_buf out = SR_BUF_INIT(1 << 16);
	struct sr_fail f = SR_FAIL_INIT;
	json_t *use = json_pack("{sIsI}", "material_id", (json_int_t)material,
				"quantity", (json_int_t)quantity);
	int64_t id = 0;
	enum sr_err err;
	char *body;
	json_t *j;

	cr_assert_not_null(use);
	if (lot)
		json_object_set_new(use, "lot", json_string(lot));
	body = json_dumps(use, JSON_COMPACT);
	cr_assert_not_null(body);
	err = sr_batch_material_add(store, batch, body, strlen(body), NOW, &id,
				    &out, &f);
	j = ok(err, &f, &out, "material use", body);
	cr_assert_eq(num(j, "id"), id);
	json_decref(j);
	json_decref(use);
	free(body);
	return id;
}

/* A failure leaves nothing in out. */
static enum sr_err failed(enum sr_err err, struct sr_buf *out)
{
	cr_assert_neq(err, SR_OK, "it was accepted: %s", out->data);
	cr_assert_eq(out->len, 0, "a failed call wrote %s", out->data);
	sr_buf_release(out);
	return err;
}

enum sr_err try_create(enum sr_res r, struct sr_fail *f, const char *fmt, ...)
{
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	int64_t id = 0;
	enum sr_err err;
	char *body;

	BODY(body, fmt);
	err = sr_rec_create(store, r, body, strlen(body), NOW, &id, &out, f);
	free(body);
	return failed(err, &out);
}

enum sr_err try_update(enum sr_res r, int64_t id, struct sr_fail *f,
		       const char *fmt, ...)
{
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	enum sr_err err;
	char *body;

	BODY(body, fmt);
	err = sr_rec_update(store, r, id, body, strlen(body), NOW, &out, f);
	free(body);
	return failed(err, &out);
}

enum sr_err try_list(enum sr_res r, struct sr_fail *f, const char *fmt, ...)
{
	struct sr_buf out = SR_BUF_INIT(1 << 20);
	enum sr_err err;
	char *qs;

	BODY(qs, fmt);
	err = listed(r, f, &out, qs);
	free(qs);
	return failed(err, &out);
}

void assert_fail(enum sr_err got, struct sr_fail *f, enum sr_err want,
		 const char *code, const char *field)
{
	cr_assert_eq(got, want, "%s, not %s: %s", sr_strerror(got),
		     sr_strerror(want), f->message.data);
	cr_assert_str_eq(f->code, code, "%s", f->message.data);
	cr_assert_str_eq(f->field.data, field ? field : "", "%s",
			 f->message.data);
	cr_assert_gt(f->message.len, 0, "no message");
	sr_fail_release(f);
}

void expect_fail(enum sr_err got, struct sr_fail *f, enum sr_err want,
		 const char *code, const char *field, const char *what)
{
	cr_expect_eq(got, want, "%s: %s, not %s: %s", what, sr_strerror(got),
		     sr_strerror(want), f->message.data);
	cr_expect_str_eq(f->code, code, "%s: %s", what, f->message.data);
	cr_expect_str_eq(f->field.data, field ? field : "", "%s: %s", what,
			 f->message.data);
	cr_expect_gt(f->message.len, 0, "%s: no message", what);
	sr_fail_release(f);
}

int64_t num(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	cr_assert(json_is_integer(v), "%s is not a whole number", key);
	return json_integer_value(v);
}

const char *str(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	cr_assert(json_is_string(v), "%s is not a string", key);
	return json_string_value(v);
}

json_t *find(const json_t *list, const char *key, int64_t value)
{
	const json_t *items =
		json_is_array(list) ? list : json_object_get(list, "items");
	json_t *found = NULL;

	cr_assert(json_is_array(items), "no list to look in");
	for (size_t i = 0; i < json_array_size(items); i++) {
		json_t *it = json_array_get(items, i);

		if (json_integer_value(json_object_get(it, key)) != value)
			continue;
		cr_assert_null(found, "%s %lld is there twice", key,
			       (long long)value);
		found = it;
	}
	return found;
}

int64_t day_of(const char *date)
{
	struct tm tm = {0};
	const char *end = strptime(date, "%Y-%m-%d", &tm);

	cr_assert(end && !*end, "not a date: %s", date);
	return (int64_t)(timegm(&tm) / 86400);
}

void date_text(int64_t day, char out[11])
{
	time_t t = (time_t)(day * 86400);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void instant_text(int64_t secs, char out[21])
{
	time_t t = (time_t)secs;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
