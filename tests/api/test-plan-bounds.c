/*
 * test-plan-bounds.c - the planner at the edges of what the records allow,
 * over a real socket: prices and priorities far past what the sequencing
 * engine takes, work longer than the 730 days planned, a queue of 1,000
 * open orders, and a server told to stop in the middle of a promise.
 *
 * No timing is asserted; the one wait below is a liveness bound.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

static struct srv s;

static void setup(void)
{
	srv_start(&s, NULL);
}

static void teardown(void)
{
	srv_cleanup(&s);
}

TestSuite(plan_bounds, .init = setup, .fini = teardown);

static void day_text(int offset, char out[11])
{
	time_t t = time(NULL) + (time_t)offset * 86400;
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Open 08:00-16:00 every day, `workers` of them; one customer. */
static void workshop(int workers)
{
	struct resp r;
	char body[300];

	snprintf(body, sizeof(body),
		 "{\"day_start\": 480, \"workers\": %d, \"hours\": "
		 "{\"mon\": 480, \"tue\": 480, \"wed\": 480, \"thu\": 480, "
		 "\"fri\": 480, \"sat\": 480, \"sun\": 480}}",
		 workers);
	http_json(&s, "PUT", "/api/v1/settings", body, &r);
	cr_assert_eq(r.status, 200, "%s", r.body);
	resp_free(&r);
	post_id(&s, "/api/v1/customers", "{\"name\": \"Ann\"}");
}

/* An accepted order; priority < 0 for none. */
static long long order(const char *title, long long minutes, long long price,
		       long long priority, int due_in)
{
	char due[11], prio[40] = "";

	day_text(due_in, due);
	if (priority >= 0)
		snprintf(prio, sizeof(prio), ", \"priority\": %lld", priority);
	return post_id(&s, "/api/v1/orders",
		       "{\"customer_id\": 1, \"title\": \"%s\", "
		       "\"estimated_minutes\": %lld, \"price\": %lld, "
		       "\"due_date\": \"%s\", \"status\": \"accepted\"%s}",
		       title, minutes, price, due, prio);
}

static json_t *get_ok(const char *path)
{
	struct resp r;
	json_t *doc;

	http(&s, "GET", path, NULL, NULL, &r);
	cr_assert_eq(r.status, 200, "GET %s: %d %s", path, r.status, r.body);
	doc = json_incref(r.json);
	resp_free(&r);
	return doc;
}

static json_t *promise_ok(const char *body)
{
	struct resp r;
	json_t *doc;

	post_json(&s, "/api/v1/promise", body, &r);
	cr_assert_eq(r.status, 200, "promise %s: %d %s", body, r.status,
		     r.body);
	cr_assert(json_is_string(jget(r.json, "date")), "%s", r.body);
	doc = json_incref(r.json);
	resp_free(&r);
	return doc;
}

/* The plan's entry for order id. */
static json_t *plan_order(json_t *plan, long long id)
{
	json_t *orders = jget(plan, "orders");

	for (size_t i = 0; i < json_array_size(orders); i++)
		if (jint(json_array_get(orders, i), "id") == id)
			return json_array_get(orders, i);
	cr_assert_fail("order %lld is not in the plan", id);
	return NULL;
}

static void ics_ok(void)
{
	struct resp r;

	http(&s, "GET", "/api/v1/plan.ics?days=30", NULL, NULL, &r);
	cr_assert_eq(r.status, 200, "plan.ics: %d %s", r.status, r.body);
	cr_assert(strstr(r.body, "END:VCALENDAR\r\n"));
	resp_free(&r);
}

/*
 * A price of 1e11 and a priority of 1e9 are valid records: every page
 * answers, and the heavy orders come first.
 */
Test(plan_bounds, big_prices_and_priorities_keep_every_page)
{
	long long gold, prio, small;
	json_t *plan, *pr;

	workshop(1);
	/*
	 * 481 minutes: the three need 1,441, one more than today and the
	 * next two days hold even when the test starts before opening
	 * time, and the two heavy ones (960) fit even when it starts after
	 * closing.
	 */
	small = order("Small", 481, 1000, -1, 2);
	gold = order("Gold", 480, 100000000000LL, -1, 2);
	prio = order("Priority", 480, 100, 1000000000LL, 2);
	plan = get_ok("/api/v1/plan?days=7");
	/* More than three days of work due in two: only the small one is late. */
	cr_assert(json_is_false(jget(plan_order(plan, gold), "late")));
	cr_assert(json_is_false(jget(plan_order(plan, prio), "late")));
	cr_assert(json_is_true(jget(plan_order(plan, small), "late")));
	/* In the orders' own units: 1000 a minute late. */
	cr_assert_eq(jint(plan, "weighted_lateness"),
		     1000 * jint(plan_order(plan, small), "late_minutes"));
	json_decref(plan);
	ics_ok();
	json_decref(promise_ok("{\"minutes\": 60, \"price\": 100}"));
	pr = promise_ok("{\"minutes\": 60, \"price\": 100000000000}");
	json_decref(pr);
}

/*
 * Work past the horizon is said, not refused: an order of 1e7 minutes and
 * a batch of 1e7 + 1e9 × 1e7 minutes, which goes on to the horizon.
 */
Test(plan_bounds, work_longer_than_the_horizon_is_reported)
{
	long long forever, normal, product, batch;
	char run[11], body[300];
	json_t *plan, *o, *over;

	workshop(2);
	forever = order("Forever", 10000000, 500, -1, 30);
	normal = order("Normal", 240, 500, -1, 5);
	product = post_id(&s, "/api/v1/products",
			  "{\"name\": \"Brick\", \"mode\": \"batch\", "
			  "\"minutes_per_unit\": 10000000, "
			  "\"setup_minutes\": 10000000}");
	/* Ten days on: the orders due before it have room. */
	day_text(10, run);
	snprintf(body, sizeof(body),
		 "{\"product_id\": %lld, \"planned_qty\": 1000000000, "
		 "\"run_date\": \"%s\"}",
		 product, run);
	batch = post_id(&s, "/api/v1/batches", "%s", body);
	plan = get_ok("/api/v1/plan?days=3");
	o = plan_order(plan, forever);
	cr_assert(json_is_true(jget(o, "past_horizon")));
	cr_assert(json_is_null(jget(o, "finish_date")));
	cr_assert(json_is_true(jget(o, "late")));
	cr_assert_eq(jint(plan, "past_horizon.0"), forever);
	cr_assert_eq(json_array_size(jget(plan, "past_horizon")), 1);
	cr_assert(
		json_is_false(jget(plan_order(plan, normal), "past_horizon")));
	cr_assert(json_is_string(jget(plan, "horizon_end")));
	over = jget(plan, "overbooked_runs");
	cr_assert_eq(json_array_size(over), 1);
	cr_assert_eq(jint(over, "0.id"), batch);
	cr_assert_str_eq(jstr(over, "0.date"), run);
	cr_assert_eq(jint(over, "0.minutes"), 10000000010000000LL);
	/* Both workers' whole days from day 10 to the horizon's last
	 * (day 729), and the rest said as not fitting. */
	cr_assert_eq(jint(over, "0.planned_minutes"), 2 * 480 * (729 - 10 + 1));
	cr_assert_eq(jint(over, "0.minutes_left_over"),
		     10000000010000000LL - 2 * 480 * (729 - 10 + 1));
	json_decref(plan);
	ics_ok();
	json_decref(promise_ok("{\"minutes\": 120, \"price\": 5000}"));
}

static int connect_to(const struct srv *sv)
{
	struct sockaddr_in sa = {0};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	cr_assert_geq(fd, 0);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)sv->port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0,
		     "connect: %s", strerror(errno));
	return fd;
}

/* Send a promise request and return the socket, the answer unread. */
static int promise_send(const struct srv *sv, const char *body)
{
	char *req = NULL;
	int fd = connect_to(sv), len;

	len = asprintf(&req,
		       "POST /api/v1/promise HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		       "Connection: close\r\nContent-Type: application/json\r\n"
		       "Content-Length: %zu\r\n\r\n%s",
		       strlen(body), body);
	cr_assert_gt(len, 0);
	cr_assert_eq(send(fd, req, (size_t)len, MSG_NOSIGNAL), len);
	free(req);
	return fd;
}

/* 1,000 open orders on two workers, about two thirds of a year's work. */
static void thousand_orders(void)
{
	workshop(2);
	for (int i = 0; i < 1000; i++) {
		char title[32];

		snprintf(title, sizeof(title), "Order %d", i + 1);
		order(title, 30 + (i * 7919) % 211, 1000 + (i * 104729) % 90000,
		      -1, 1 + (i * 31) % 240);
	}
}

/*
 * A promise over 1,000 orders answers, a plan too; then two promises are
 * under way, one whose client has hung up and one still waiting, and the
 * server gets SIGTERM: it must exit by itself, cleanly.
 */
Test(plan_bounds, stopping_server_does_not_wait_for_searches, .timeout = 300)
{
	struct timeval tv = {20, 0};
	char buf[4096];
	json_t *pr, *plan;
	int gone, waiting, status = -1;
	pid_t done = 0;

	thousand_orders();
	pr = promise_ok("{\"minutes\": 300, \"price\": 45000}");
	json_decref(pr);
	plan = get_ok("/api/v1/plan?days=7");
	cr_assert_eq(json_array_size(jget(plan, "orders")), 1000);
	json_decref(plan);

	gone = promise_send(&s, "{\"minutes\": 300, \"price\": 45000}");
	close(gone);
	waiting = promise_send(&s, "{\"minutes\": 600, \"price\": 900}");
	usleep(100 * 1000); /* the searches are likely under way */
	cr_assert_eq(kill(s.pid, SIGTERM), 0);
	/* Liveness, not timing: a server that never stops fails here. */
	for (int i = 0; i < 1000 && done == 0; i++) {
		done = waitpid(s.pid, &status, WNOHANG);
		if (done == 0)
			usleep(10 * 1000);
	}
	if (done == 0) {
		kill(s.pid, SIGKILL);
		waitpid(s.pid, &status, 0);
	}
	s.pid = 0;
	cr_assert_neq(done, 0,
		      "the server was still running 10 s after "
		      "SIGTERM");
	cr_assert(WIFEXITED(status), "the server did not exit (%d)", status);
	cr_assert_eq(WEXITSTATUS(status), 0,
		     "the server exited with %d (a sanitizer report?)",
		     WEXITSTATUS(status));
	/* The waiting client gets its answer or the end of the stream. */
	setsockopt(waiting, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	while (recv(waiting, buf, sizeof(buf), 0) > 0)
		;
	close(waiting);
}
