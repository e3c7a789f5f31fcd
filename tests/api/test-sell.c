/*
 * test-sell.c - selling from stock over the API (lib/sell.c): a sale of a
 * batch product with no batch is allocated to the batches on hand,
 * oldest best-before first, split into one sale per batch so that a
 * trace of each finds the customer; more than on hand is 409 with
 * on_hand and writes nothing, unless beyond_stock 1 records the rest as
 * one marked sale; a job product, a sale for an order and the sales
 * import are not allocated; an allocated sale edited or deleted keeps
 * the batch's count; and eight writers at once never oversell. Every
 * date is given, and every figure is worked out by hand in a comment.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness.h"

API_SUITE(sell);

/*
 * A bakery: customer Ann; "Bread", made in batches, at 300; its batches
 * (all best-before dates given):
 *   A run 2026-12-01, best before 2026-12-06, 10 made;
 *   B run 2026-12-02, best before 2026-12-04, 5 made;
 *   C run 2026-12-05, best before 2026-12-05, 50 made: after a sale on
 *     2026-12-03, so not on hand for it, though its best-before comes
 *     before A's.
 */
struct bakery {
	long long ann, bread, a, b, c;
	char code_a[64], code_b[64], code_c[64];
};

static void batch_code(long long id, char *out, size_t size)
{
	json_t *doc = getf(API "/batches/%lld", id);

	snprintf(out, size, "%s", jstr(doc, "code"));
	json_decref(doc);
}

static void bakery(struct bakery *w)
{
	w->ann = add_customer("{\"name\":\"Ann\"}");
	w->bread = add_product("{\"name\":\"Bread\",\"mode\":\"batch\","
			       "\"price\":300}");
	w->a = add_batch("{\"product_id\":%lld,\"run_date\":\"2026-12-01\","
			 "\"best_before\":\"2026-12-06\",\"made_qty\":10}",
			 w->bread);
	w->b = add_batch("{\"product_id\":%lld,\"run_date\":\"2026-12-02\","
			 "\"best_before\":\"2026-12-04\",\"made_qty\":5}",
			 w->bread);
	w->c = add_batch("{\"product_id\":%lld,\"run_date\":\"2026-12-05\","
			 "\"best_before\":\"2026-12-05\",\"made_qty\":50}",
			 w->bread);
	batch_code(w->a, w->code_a, sizeof(w->code_a));
	batch_code(w->b, w->code_b, sizeof(w->code_b));
	batch_code(w->c, w->code_c, sizeof(w->code_c));
}

static long long sold_qty(long long batch)
{
	json_t *doc = getf(API "/batches/%lld", batch);
	long long n = jint(doc, "sold_qty");

	json_decref(doc);
	return n;
}

/* How many sales there are. */
static long long sales_count(void)
{
	json_t *doc = get(API "/sales?limit=1");
	long long n = jint(doc, "total");

	json_decref(doc);
	return n;
}

/* The sum of the quantities of the sales listed at path (all of them). */
static long long sum_quantity(const char *path)
{
	json_t *doc = get(path);
	long long sum = 0;
	size_t i;
	json_t *it;

	cr_assert_lt(jint(doc, "total"), 1000);
	json_array_foreach(json_object_get(doc, "items"), i, it) sum +=
		jint(it, "quantity");
	json_decref(doc);
	return sum;
}

/* The quantity a batch's trace gives customer, 0 when it lists none. */
static long long traced(long long batch, long long customer)
{
	json_t *doc = getf(API "/batches/%lld/trace", batch);
	long long q = 0;
	size_t i;
	json_t *it;

	json_array_foreach(json_object_get(doc, "customers"), i,
			   it) if (jint(it, "customer_id") == customer) q +=
		jint(it, "quantity");
	json_decref(doc);
	return q;
}

Test(sell, allocated_by_best_before_and_split_across_batches)
{
	struct bakery w;
	char *body;
	json_t *doc, *parts;

	bakery(&w);
	/* 12 sold on 2026-12-03. On hand: A (10) and B (5); C not yet made.
	 * B's best-before (12-04) comes before A's (12-06): all 5 of B,
	 * then 7 of A. */
	body = fmt("{\"product_id\":%lld,\"customer_id\":%lld,\"quantity\":12,"
		   "\"sold_on\":\"2026-12-03\"}",
		   w.bread, w.ann);
	doc = call("POST", API "/sales", body, 201);
	cr_assert_eq(jint(doc, "batch_id"), w.b);
	cr_assert_eq(jint(doc, "quantity"), 5);
	cr_assert_eq(jint(doc, "beyond_stock"), 0);
	parts = json_object_get(doc, "allocated");
	cr_assert_eq(json_array_size(parts), 2, "%s", json_dumps(doc, 0));
	cr_assert_eq(jint(parts, "0.sale_id"), jint(doc, "id"));
	cr_assert_eq(jint(parts, "0.batch_id"), w.b);
	cr_assert_str_eq(jstr(parts, "0.code"), w.code_b);
	cr_assert_eq(jint(parts, "0.quantity"), 5);
	cr_assert_eq(jint(parts, "1.batch_id"), w.a);
	cr_assert_str_eq(jstr(parts, "1.code"), w.code_a);
	cr_assert_eq(jint(parts, "1.quantity"), 7);
	cr_assert_eq(json_array_size(json_object_get(doc, "warnings")), 0);
	/* The second part is a sale of its own: same customer, price, day. */
	{
		json_t *other =
			getf(API "/sales/%lld", jint(parts, "1.sale_id"));

		cr_assert_eq(jint(other, "customer_id"), w.ann);
		cr_assert_eq(jint(other, "price"), 300);
		cr_assert_str_eq(jstr(other, "sold_on"), "2026-12-03");
		cr_assert_eq(jint(other, "batch_id"), w.a);
		json_decref(other);
	}
	/* The batches' counts: B 5, A 7, C none; each trace finds Ann. */
	cr_assert_eq(sold_qty(w.b), 5);
	cr_assert_eq(sold_qty(w.a), 7);
	cr_assert_eq(sold_qty(w.c), 0);
	cr_assert_eq(traced(w.b, w.ann), 5);
	cr_assert_eq(traced(w.a, w.ann), 7);
	cr_assert_eq(traced(w.c, w.ann), 0);
	json_decref(doc);
	free(body);

	/* On 2026-12-05 C is made too: A has 3 left (best before 12-06),
	 * C 50 (12-05): 4 sold take all 4 from C, the earlier best-before. */
	doc = call("POST", API "/sales",
		   sfmt("{\"product_id\":%lld,\"quantity\":4,"
		       "\"sold_on\":\"2026-12-05\"}",
		       w.bread),
		   201);
	cr_assert_eq(jint(doc, "batch_id"), w.c);
	cr_assert_eq(json_array_size(json_object_get(doc, "allocated")), 1);
	json_decref(doc);
}

Test(sell, more_than_on_hand_is_409_with_on_hand_and_writes_nothing)
{
	struct bakery w;
	long long before;
	struct resp r;
	char *want;

	bakery(&w);
	before = sales_count();
	/* On 2026-12-03: 5 in B and 10 in A, 15 on hand; 20 asked. */
	http_json(&server, "POST", API "/sales",
		  sfmt("{\"product_id\":%lld,\"quantity\":20,"
		      "\"sold_on\":\"2026-12-03\"}",
		      w.bread),
		  &r);
	assert_field_error(&r, 409, "not_enough_stock", "quantity");
	cr_assert_eq(jint(r.json, "error.details.on_hand"), 15);
	cr_assert_eq(jint(r.json, "error.details.quantity"), 20);
	/* The batches on hand, in the order a sale takes them. */
	cr_assert_eq(jint(r.json, "error.details.batches.0.batch_id"), w.b);
	cr_assert_eq(jint(r.json, "error.details.batches.0.available"), 5);
	cr_assert_eq(jint(r.json, "error.details.batches.1.batch_id"), w.a);
	cr_assert_null(jget(r.json, "error.details.batches.2"));
	want = fmt("only 15 of Bread on hand on 2026-12-03 (5 in %s, 10 in %s)",
		   w.code_b, w.code_a);
	cr_assert(strstr(jstr(r.json, "error.message"), want), "%s",
		  jstr(r.json, "error.message"));
	free(want);
	resp_free(&r);
	/* Nothing written. */
	cr_assert_eq(sales_count(), before);
	cr_assert_eq(sold_qty(w.a), 0);
	cr_assert_eq(sold_qty(w.b), 0);

	/* A bad field is said first (400), whatever the stock. */
	call_fails("POST", API "/sales",
		   sfmt("{\"product_id\":%lld,\"quantity\":20,\"customer_id\":"
		       "999999,\"sold_on\":\"2026-12-03\"}",
		       w.bread),
		   400, "unknown_reference", "customer_id");

	/* Before any batch was made (2026-11-30): none on hand. */
	http_json(&server, "POST", API "/sales",
		  sfmt("{\"product_id\":%lld,\"quantity\":1,"
		      "\"sold_on\":\"2026-11-30\"}",
		      w.bread),
		  &r);
	assert_field_error(&r, 409, "not_enough_stock", "quantity");
	cr_assert_eq(jint(r.json, "error.details.on_hand"), 0);
	resp_free(&r);

	/* On 2026-12-05 B is past its best-before (12-04): A's 10 and C's
	 * 50 are on hand, 60; B's 5 are past it. */
	http_json(&server, "POST", API "/sales",
		  sfmt("{\"product_id\":%lld,\"quantity\":61,"
		      "\"sold_on\":\"2026-12-05\"}",
		      w.bread),
		  &r);
	assert_field_error(&r, 409, "not_enough_stock", "quantity");
	cr_assert_eq(jint(r.json, "error.details.on_hand"), 60);
	cr_assert_eq(jint(r.json, "error.details.past_best_before"), 5);
	resp_free(&r);
	cr_assert_eq(sales_count(), before);
}

Test(sell, beyond_stock_records_the_rest_marked)
{
	struct bakery w;
	json_t *doc, *parts, *rest, *stock;
	long long rest_id;
	size_t i;

	bakery(&w);
	/* 20 on 2026-12-03 with beyond_stock: 5 of B, 10 of A, and the other
	 * 20 - 15 = 5 as one sale with no batch, marked. */
	doc = call("POST", API "/sales",
		   sfmt("{\"product_id\":%lld,\"customer_id\":%lld,"
		       "\"quantity\":20,\"sold_on\":\"2026-12-03\","
		       "\"beyond_stock\":1}",
		       w.bread, w.ann),
		   201);
	parts = json_object_get(doc, "allocated");
	cr_assert_eq(json_array_size(parts), 3);
	cr_assert_eq(jint(parts, "0.quantity"), 5);
	cr_assert_eq(jint(parts, "0.beyond_stock"), 0);
	cr_assert_eq(jint(parts, "1.quantity"), 10);
	cr_assert(json_is_null(jget(parts, "2.batch_id")));
	cr_assert_eq(jint(parts, "2.quantity"), 5);
	cr_assert_eq(jint(parts, "2.beyond_stock"), 1);
	rest_id = jint(parts, "2.sale_id");
	/* The answer warns, naming the rest. */
	cr_assert_str_eq(jstr(doc, "warnings.0.code"), "beyond_stock");
	cr_assert_eq(jint(doc, "warnings.0.quantity"), 5);
	cr_assert_eq(jint(doc, "warnings.0.sale_id"), rest_id);
	json_decref(doc);
	rest = getf(API "/sales/%lld", rest_id);
	cr_assert_eq(jint(rest, "beyond_stock"), 1);
	cr_assert(json_is_null(json_object_get(rest, "batch_id")));
	cr_assert_eq(jint(rest, "customer_id"), w.ann);
	json_decref(rest);
	/* Listed as such, and counted on Stock. */
	doc = get(API "/sales?beyond_stock=1");
	cr_assert_eq(jint(doc, "total"), 1);
	cr_assert_eq(jint(doc, "items.0.id"), rest_id);
	json_decref(doc);
	stock = get(API "/stock");
	json_array_foreach(json_object_get(stock, "products"), i,
			   doc) if (jint(doc, "product_id") == w.bread)
		cr_assert_eq(jint(doc, "beyond_stock"), 5);
	json_decref(stock);

	/* beyond_stock 1 on a sale that fits is a permission, not a mark:
	 * on 2026-12-05, 2 of C's 50 (best before 12-05, before A's 12-06:
	 * A was sold out above anyway), stored 0, no warning. */
	doc = call("POST", API "/sales",
		   sfmt("{\"product_id\":%lld,\"quantity\":2,"
		       "\"sold_on\":\"2026-12-05\",\"beyond_stock\":1}",
		       w.bread),
		   201);
	cr_assert_eq(jint(doc, "batch_id"), w.c);
	cr_assert_eq(jint(doc, "beyond_stock"), 0);
	cr_assert_eq(json_array_size(json_object_get(doc, "allocated")), 1);
	cr_assert_eq(json_array_size(json_object_get(doc, "warnings")), 0);
	json_decref(doc);
	/* A beyond-stock sale given its batch later (and the day it really
	 * left, once C was made) is no longer marked. */
	doc = call("PATCH", sfmt(API "/sales/%lld", rest_id),
		   sfmt("{\"batch_id\":%lld,\"sold_on\":\"2026-12-05\"}", w.c),
		   200);
	cr_assert_eq(jint(doc, "beyond_stock"), 0);
	json_decref(doc);
	/* C: 2 + 5 sold. */
	cr_assert_eq(sold_qty(w.c), 7);
}

Test(sell, job_products_orders_and_named_batches_are_not_allocated)
{
	struct bakery w;
	long long cake, order;
	json_t *doc;

	bakery(&w);
	/* A job product: recorded as it is, nothing beyond stock. */
	cake = add_product(
		"{\"name\":\"Cake\",\"mode\":\"job\",\"price\":2000}");
	doc = call("POST", API "/sales",
		   sfmt("{\"product_id\":%lld,\"quantity\":3,"
		       "\"sold_on\":\"2026-12-03\",\"beyond_stock\":1}",
		       cake),
		   201);
	cr_assert(json_is_null(json_object_get(doc, "batch_id")));
	cr_assert_null(json_object_get(doc, "allocated"));
	cr_assert_eq(jint(doc, "beyond_stock"), 0);
	json_decref(doc);
	/* A sale for an order of Bread: the order's, not the shelf's. */
	order = add_order("{\"customer_id\":%lld,\"product_id\":%lld,"
			  "\"title\":\"Party\",\"quantity\":40}",
			  w.ann, w.bread);
	doc = call("POST", API "/sales",
		   sfmt("{\"product_id\":%lld,\"order_id\":%lld,"
		       "\"quantity\":40,\"sold_on\":\"2026-12-03\"}",
		       w.bread, order),
		   201);
	cr_assert(json_is_null(json_object_get(doc, "batch_id")));
	cr_assert_null(json_object_get(doc, "allocated"));
	json_decref(doc);
	/* A named batch: that batch, as always (A, not B's earlier date). */
	doc = call("POST", API "/sales",
		   sfmt("{\"batch_id\":%lld,\"quantity\":2,"
		       "\"sold_on\":\"2026-12-03\"}",
		       w.a),
		   201);
	cr_assert_eq(jint(doc, "batch_id"), w.a);
	cr_assert_null(json_object_get(doc, "allocated"));
	json_decref(doc);
	cr_assert_eq(sold_qty(w.a), 2);
	cr_assert_eq(sold_qty(w.b), 0);
}

Test(sell, both_is_allocated_once_it_has_a_batch)
{
	long long mug, batch;
	json_t *doc;

	/* Made both ways, no batch yet: a sale with no batch is recorded. */
	mug = add_product(
		"{\"name\":\"Mug\",\"mode\":\"both\",\"price\":1200}");
	doc = call("POST", API "/sales",
		   sfmt("{\"product_id\":%lld,\"quantity\":2,"
		       "\"sold_on\":\"2026-12-03\"}",
		       mug),
		   201);
	cr_assert_null(json_object_get(doc, "allocated"));
	json_decref(doc);
	/* Once it has a batch (6 made on 12-01), the shelf is used. */
	batch = add_batch("{\"product_id\":%lld,\"run_date\":\"2026-12-01\","
			  "\"made_qty\":6}",
			  mug);
	doc = call("POST", API "/sales",
		   sfmt("{\"product_id\":%lld,\"quantity\":2,"
		       "\"sold_on\":\"2026-12-03\"}",
		       mug),
		   201);
	cr_assert_eq(jint(doc, "batch_id"), batch);
	json_decref(doc);
	/* 6 - 2 = 4 left: 5 is refused. */
	call_fails("POST", API "/sales",
		   sfmt("{\"product_id\":%lld,\"quantity\":5,"
		       "\"sold_on\":\"2026-12-03\"}",
		       mug),
		   409, "not_enough_stock", "quantity");
}

Test(sell, the_sales_import_is_not_allocated)
{
	struct bakery w;
	json_t *doc;

	bakery(&w);
	/* Till history: 40 of Bread on 2026-12-03, more than the 15 on hand,
	 * is history, recorded as it is, with no batch. */
	doc = call_type("POST", API "/sales/import?name=till.csv", "text/csv",
			"date,product,quantity\n2026-12-03,Bread,40\n", 200);
	cr_assert_eq(jint(doc, "sales_added"), 1);
	json_decref(doc);
	doc = getf(API "/sales?product_id=%lld", w.bread);
	cr_assert_eq(jint(doc, "total"), 1);
	cr_assert(json_is_null(jget(doc, "items.0.batch_id")));
	cr_assert_eq(jint(doc, "items.0.quantity"), 40);
	cr_assert_eq(jint(doc, "items.0.beyond_stock"), 0);
	json_decref(doc);
	cr_assert_eq(sold_qty(w.a) + sold_qty(w.b) + sold_qty(w.c), 0);
}

Test(sell, an_allocated_sale_edited_and_deleted)
{
	struct bakery w;
	json_t *doc;
	long long first, second;

	bakery(&w);
	/* 8 on 12-03: 5 of B (first), 3 of A (second). */
	doc = call("POST", API "/sales",
		   sfmt("{\"product_id\":%lld,\"quantity\":8,"
		       "\"sold_on\":\"2026-12-03\"}",
		       w.bread),
		   201);
	first = jint(doc, "allocated.0.sale_id");
	second = jint(doc, "allocated.1.sale_id");
	json_decref(doc);
	/* The part from A up past A's 10: 409, as any sale from a batch. */
	call_fails("PATCH", sfmt(API "/sales/%lld", second), "{\"quantity\":11}",
		   409, "not_enough_stock", "quantity");
	/* Up to 10 fits. */
	json_decref(call("PATCH", sfmt(API "/sales/%lld", second),
			 "{\"quantity\":10}", 200));
	cr_assert_eq(sold_qty(w.a), 10);
	/* Deleting puts the stock back. */
	json_decref(call("DELETE", sfmt(API "/sales/%lld", first), NULL, 204));
	cr_assert_eq(sold_qty(w.b), 0);
	json_decref(call("DELETE", sfmt(API "/sales/%lld", second), NULL, 204));
	cr_assert_eq(sold_qty(w.a), 0);
}

Test(sell, the_cli_says_the_allocation_in_words)
{
	struct bakery w;
	struct run *r = malloc(sizeof(*r));
	char *want;

	cr_assert_not_null(r);
	bakery(&w);
	/* 12 on 12-03: 5 from B, 7 from A, as above. */
	cli_run(r, NULL, NULL,
		"sale add --product-id %lld --quantity 12 --sold-on 2026-12-03 "
		"--db '%s'",
		w.bread, server.db);
	cr_assert_eq(r->code, 0, "%s", r->err);
	want = fmt("5 from %s", w.code_b);
	cr_assert(strstr(r->out, want), "%s", r->out);
	free(want);
	want = fmt("7 from %s", w.code_a);
	cr_assert(strstr(r->out, want), "%s", r->out);
	free(want);
	/* 3 left in A: 5 is refused, in one line, and nothing written. */
	cli_run(r, NULL, NULL,
		"sale add --product-id %lld --quantity 5 --sold-on 2026-12-03 "
		"--db '%s'",
		w.bread, server.db);
	cr_assert_eq(r->code, 1, "%s", r->err);
	cr_assert_eq(count_lines(r->err), 1, "%s", r->err);
	cr_assert(strstr(r->err, "only 3 of Bread on hand"), "%s", r->err);
	/* With --beyond-stock=1: 3 from A, 2 beyond stock, and a warning. */
	cli_run(r, NULL, NULL,
		"sale add --product-id %lld --quantity 5 --sold-on 2026-12-03 "
		"--beyond-stock=1 --db '%s'",
		w.bread, server.db);
	cr_assert_eq(r->code, 0, "%s", r->err);
	want = fmt("3 from %s", w.code_a);
	cr_assert(strstr(r->out, want), "%s", r->out);
	free(want);
	cr_assert(strstr(r->out, "2 beyond stock"), "%s", r->out);
	cr_assert(strstr(r->err, "warning"), "%s", r->err);
	free(r);
}

/* ---- eight writers at once ------------------------------------------ */

enum { WRITERS = 8, EACH = 5, ASK = 2 };

struct writer {
	int port;
	long long product;
	int status[EACH];
	long long sold[EACH]; /* units the 201s took, from "allocated" */
};

/* POST body to the server and return the status; the body read into
 * answer (size bytes). No Criterion assertions here: not the main
 * thread. -1 when the connection failed. */
static int raw_post(int port, const char *body, char *answer, size_t size)
{
	struct sockaddr_in sa = {0};
	char req[1024];
	size_t have = 0;
	ssize_t n;
	int fd = socket(AF_INET, SOCK_STREAM, 0), len, status = -1;

	if (fd < 0)
		return -1;
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	len = snprintf(req, sizeof(req),
		       "POST " API "/sales HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		       "Connection: close\r\nContent-Type: application/json\r\n"
		       "Content-Length: %zu\r\n\r\n%s",
		       strlen(body), body);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    send(fd, req, (size_t)len, MSG_NOSIGNAL) != len)
		goto out;
	while (have + 1 < size &&
	       (n = recv(fd, answer + have, size - 1 - have, 0)) > 0)
		have += (size_t)n;
	answer[have] = '\0';
	if (sscanf(answer, "HTTP/1.1 %d", &status) != 1)
		status = -1;
out:
	close(fd);
	return status;
}

static void *write_sales(void *arg)
{
	struct writer *w = arg;
	char body[256], *answer = malloc(1 << 16);

	for (int i = 0; i < EACH && answer; i++) {
		snprintf(body, sizeof(body),
			 "{\"product_id\":%lld,\"quantity\":%d,"
			 "\"sold_on\":\"2026-12-03\"}",
			 w->product, ASK);
		w->status[i] = raw_post(w->port, body, answer, 1 << 16);
		w->sold[i] = 0;
		if (w->status[i] == 201) {
			char *json = strstr(answer, "\r\n\r\n");
			json_t *doc =
				json ? json_loads(json + 4, 0, NULL) : NULL;
			size_t k;
			json_t *p;

			json_array_foreach(json_object_get(doc, "allocated"), k,
					   p) w->sold[i] +=
				json_integer_value(
					json_object_get(p, "quantity"));
			json_decref(doc);
		}
	}
	free(answer);
	return NULL;
}

Test(sell, eight_writers_at_once_never_oversell)
{
	struct writer w[WRITERS];
	pthread_t t[WRITERS];
	long long bread, a, b, units = 0, ok = 0;
	char *path;

	/* Two batches on hand on 2026-12-03: 17 + 13 = 30. Eight writers ask
	 * for 2 each, 5 times: 80 asked. Every 2 fits while 2 or more are
	 * left, and 30 is even, so exactly 30 / 2 = 15 sales succeed (some
	 * split 1 + 1 across the two batches), and the other 40 - 15 = 25
	 * are refused with 409. */
	bread = add_product("{\"name\":\"Bread\",\"mode\":\"batch\"}");
	a = add_batch("{\"product_id\":%lld,\"run_date\":\"2026-12-01\","
		      "\"best_before\":\"2026-12-05\",\"made_qty\":17}",
		      bread);
	b = add_batch("{\"product_id\":%lld,\"run_date\":\"2026-12-02\","
		      "\"best_before\":\"2026-12-06\",\"made_qty\":13}",
		      bread);
	for (int k = 0; k < WRITERS; k++) {
		w[k] = (struct writer){.port = server.port, .product = bread};
		cr_assert_eq(pthread_create(&t[k], NULL, write_sales, &w[k]),
			     0);
	}
	for (int k = 0; k < WRITERS; k++)
		pthread_join(t[k], NULL);
	for (int k = 0; k < WRITERS; k++)
		for (int i = 0; i < EACH; i++) {
			cr_assert(
				w[k].status[i] == 201 || w[k].status[i] == 409,
				"writer %d, sale %d: %d", k, i, w[k].status[i]);
			if (w[k].status[i] == 201) {
				cr_assert_eq(w[k].sold[i], ASK);
				ok++;
			}
			units += w[k].sold[i];
		}
	cr_assert_eq(ok, 15, "%lld sales succeeded, not 15", ok);
	cr_assert_eq(units, 30);
	/* The record agrees: every sale of Bread is from a batch, and each
	 * batch's sold_qty is the sum of its sales, and all it had. */
	path = fmt(API "/sales?product_id=%lld&limit=1000", bread);
	cr_assert_eq(sum_quantity(path), 30);
	free(path);
	path = fmt(API "/sales?batch_id=%lld&limit=1000", a);
	cr_assert_eq(sum_quantity(path), sold_qty(a));
	free(path);
	path = fmt(API "/sales?batch_id=%lld&limit=1000", b);
	cr_assert_eq(sum_quantity(path), sold_qty(b));
	free(path);
	cr_assert_eq(sold_qty(a), 17);
	cr_assert_eq(sold_qty(b), 13);
	path = fmt(API "/sales?product_id=%lld&beyond_stock=1", bread);
	cr_assert_eq(sum_quantity(path), 0);
	free(path);
}
