/*
 * planner.c - load the calendar, open orders and booked runs from the
 * store, plan them with lib/plan.c, and say it as JSON or iCalendar.
 */
#include "compat.h"

#include "json.h"
#include "records-int.h"
#include "smallrun/date.h"
#include "smallrun/plan.h"
#include "smallrun/planner.h"

#define MAX_DAYS_SHOWN 366

static const char *const weekdays[7] = {"Mon", "Tue", "Wed", "Thu",
					"Fri", "Sat", "Sun"};

/* Everything a plan needs, owned here. */
struct inputs {
	struct sr_calendar cal;
	struct sr_plan_order *orders;
	size_t n_orders;
	struct sr_plan_run *runs;
	size_t n_runs;
	struct sr_db_jobs order_rows, run_rows; /* keep the labels alive */
	struct sr_db_ids off;
};

static void inputs_release(struct inputs *in)
{
	free(in->orders);
	free(in->runs);
	sr_db_jobs_release(&in->order_rows);
	sr_db_jobs_release(&in->run_rows);
	sr_db_ids_release(&in->off);
	memset(in, 0, sizeof(*in));
}

static int64_t get_day(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	int64_t d;

	if (!s || sr_date_parse(s, strlen(s), &d))
		return INT64_MAX;
	return d;
}

static enum sr_err load(sr_store *s, int64_t today, int now_minute,
			struct inputs *in, struct sr_fail *f)
{
	static const char *const hours[7] = {
		"hours.mon", "hours.tue", "hours.wed", "hours.thu",
		"hours.fri", "hours.sat", "hours.sun"};
	json_t *settings = NULL;
	struct sr_tx *tx = NULL;
	enum sr_err err;

	memset(in, 0, sizeof(*in));
	err = sr_tx_begin(s, false, &tx, f);
	if (!err)
		err = sr_db_get(tx, sr_resource(SR_RES_SETTINGS), 1, &settings,
				f);
	if (!err)
		err = sr_db_plan_orders(tx, &in->order_rows, f);
	if (!err)
		err = sr_db_plan_runs(tx, today, &in->run_rows, f);
	if (!err)
		err = sr_db_plan_days_off(tx, today, &in->off, f);
	err = sr_tx_finish(tx, err, f);
	if (err)
		goto out;
	in->cal.today = today;
	in->cal.now_minute = now_minute;
	in->cal.day_start = (int)sr_json_int(settings, "day_start");
	in->cal.workers = (int)sr_json_int(settings, "workers");
	for (int d = 0; d < 7; d++)
		in->cal.minutes[d] = (int)sr_json_int(settings, hours[d]);
	in->n_orders = in->order_rows.n;
	in->n_runs = in->run_rows.n;
	in->cal.n_days_off = in->off.n;
	in->cal.days_off = in->off.id;
	in->orders = calloc(in->n_orders + 1, sizeof(*in->orders));
	in->runs = calloc(in->n_runs + 1, sizeof(*in->runs));
	if (!in->orders || !in->runs) {
		err = sr_fail_oom(f);
		goto out;
	}
	for (size_t i = 0; i < in->n_orders; i++) {
		const struct sr_db_job *o = &in->order_rows.job[i];

		in->orders[i] = (struct sr_plan_order){
			o->id, o->minutes, o->weight, o->day, o->label};
	}
	for (size_t i = 0; i < in->n_runs; i++) {
		const struct sr_db_job *r = &in->run_rows.job[i];

		in->runs[i] = (struct sr_plan_run){r->id, r->day, r->minutes,
						   r->label};
	}
out:
	json_decref(settings);
	if (err)
		inputs_release(in);
	return err;
}

static void hhmm(int minutes, char out[static 6])
{
	int h = minutes >= 1440 ? 24 : minutes / 60, m = minutes % 60;

	out[0] = (char)('0' + h / 10);
	out[1] = (char)('0' + h % 10);
	out[2] = ':';
	out[3] = (char)('0' + m / 10);
	out[4] = (char)('0' + m % 10);
	out[5] = '\0';
}

/* The plan as the JSON of planner.h. */
static json_t *plan_json(const struct inputs *in, const struct sr_plan *p,
			 int64_t from, int days, bool *no_mem)
{
	json_t *doc = json_object(), *jdays = json_array(),
	       *orders = json_array();
	json_t *late = json_array(), *past = json_array(), *over = json_array();
	char date[11];
	size_t b = 0;

	sr_date_format(from, date);
	while (b < p->n_blocks && p->blocks[b].day < from)
		b++;
	for (int64_t d = from; d < from + days; d++) {
		json_t *jd = json_object(), *workers = json_array();

		for (int w = 0; w < in->cal.workers; w++) {
			json_t *blocks = json_array();

			for (size_t k = b;
			     k < p->n_blocks && p->blocks[k].day == d; k++) {
				const struct sr_plan_block *x = &p->blocks[k];
				char s[6], e[6];
				json_t *jb;

				if (x->worker != w)
					continue;
				hhmm(x->start, s);
				hhmm(x->end, e);
				jb = json_pack(
					"{sssssssIsssI}", "start", s, "end", e,
					"kind", x->batch ? "batch" : "order",
					"id", (json_int_t)x->id, "label",
					x->label ? x->label : "", "minutes",
					(json_int_t)(x->end - x->start));
				/* A run's day of all the days it is laid on. */
				if (x->batch && jb) {
					sr_json_put(jb, "part",
						    json_integer(x->part),
						    no_mem);
					sr_json_put(jb, "parts",
						    json_integer(x->parts),
						    no_mem);
				}
				sr_json_push(blocks, jb, no_mem);
			}
			sr_json_push(workers,
				     json_pack("{sisO}", "worker", w + 1,
					       "blocks", blocks),
				     no_mem);
			json_decref(blocks);
		}
		while (b < p->n_blocks && p->blocks[b].day == d)
			b++;
		sr_date_format(d, date);
		sr_json_put(jd, "date", json_string(date), no_mem);
		sr_json_put(jd, "weekday",
			    json_string(weekdays[sr_date_weekday(d)]), no_mem);
		sr_json_put(jd, "minutes",
			    json_integer(sr_calendar_minutes(&in->cal, d)),
			    no_mem);
		sr_json_put(jd, "workers", workers, no_mem);
		sr_json_push(jdays, jd, no_mem);
	}
	for (size_t i = 0; i < p->n_orders; i++) {
		const struct sr_plan_result *r = &p->orders[i];
		const struct sr_plan_order *o = &in->orders[i];
		char due[11] = "", fin[11], t[6];

		if (o->due_day != INT64_MAX)
			sr_date_format(o->due_day, due);
		sr_date_format(r->finish_day, fin);
		hhmm(r->finish_minute, t);
		/* Past the horizon there is no finish to tell. */
		sr_json_push(orders,
			     json_pack("{sIsssosososisbsIsIsIsb}", "id",
				       (json_int_t)o->id, "title",
				       o->label ? o->label : "", "due_date",
				       due[0] ? json_string(due) : json_null(),
				       "finish_date",
				       r->past_horizon ? json_null()
						       : json_string(fin),
				       "finish_time",
				       r->past_horizon ? json_null()
						       : json_string(t),
				       "worker", r->worker + 1, "late",
				       r->late_minutes > 0, "late_minutes",
				       (json_int_t)r->late_minutes, "late_days",
				       (json_int_t)r->late_days, "minutes",
				       (json_int_t)o->minutes, "past_horizon",
				       r->past_horizon),
			     no_mem);
		if (r->late_minutes > 0)
			sr_json_push(late, json_integer(o->id), no_mem);
		if (r->past_horizon)
			sr_json_push(past, json_integer(o->id), no_mem);
	}
	for (size_t i = 0; i < p->n_overruns; i++) {
		const struct sr_plan_overrun *x = &p->overruns[i];

		sr_date_format(x->day, date);
		sr_json_push(
			over,
			json_pack("{sIsssssIsIsI}", "id", (json_int_t)x->id,
				  "code", x->label ? x->label : "", "date",
				  date, "minutes", (json_int_t)x->minutes,
				  "planned_minutes", (json_int_t)x->planned,
				  "minutes_left_over",
				  (json_int_t)x->left_over),
			no_mem);
	}
	sr_date_format(from, date);
	sr_json_put(doc, "from", json_string(date), no_mem);
	sr_json_put(doc, "days", jdays, no_mem);
	sr_json_put(doc, "orders", orders, no_mem);
	sr_json_put(doc, "late", late, no_mem);
	sr_json_put(doc, "past_horizon", past, no_mem);
	sr_json_put(doc, "overbooked_runs", over, no_mem);
	sr_date_format(in->cal.today + p->horizon_days - 1, date);
	sr_json_put(doc, "horizon_end", json_string(date), no_mem);
	sr_json_put(doc, "weighted_lateness",
		    json_integer(p->weighted_lateness), no_mem);
	return doc;
}

static enum sr_err check_range(int64_t today, int64_t from, int days,
			       struct sr_fail *f)
{
	if (days < 1 || days > MAX_DAYS_SHOWN)
		return sr_fail_set(f, SR_EINVAL, "out_of_range", "days",
				   "days must be from 1 to %d", MAX_DAYS_SHOWN);
	if (from < today - 366 || from > today + SR_PLAN_MAX_DAYS)
		return sr_fail_set(f, SR_EINVAL, "out_of_range", "from",
				   "from must be within a year before and two "
				   "after today");
	return SR_OK;
}

enum sr_err sr_planner_week(sr_store *s, int64_t today, int now_minute,
			    int64_t from, int days,
			    const struct sr_plan_opts *opts, struct sr_buf *out,
			    struct sr_fail *f)
{
	struct sr_plan p = SR_PLAN_INIT;
	struct inputs in;
	bool no_mem = false;
	json_t *doc = NULL;
	enum sr_err err;

	err = check_range(today, from, days, f);
	if (err)
		return err;
	err = load(s, today, now_minute, &in, f);
	if (err)
		return err;
	err = sr_plan_make(&in.cal, in.orders, in.n_orders, in.runs, in.n_runs,
			   opts, &p, f);
	if (!err) {
		doc = plan_json(&in, &p, from, days, &no_mem);
		err = no_mem || !doc
			      ? sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
					    "out of memory")
			      : sr_json_dump(doc, out, 0);
	}
	json_decref(doc);
	sr_plan_release(&p);
	inputs_release(&in);
	return err;
}

/* RFC 5545 text: escape \ ; , and newlines; fold lines at 75 octets. */
static void ics_line(struct sr_buf *b, const char *name, const char *value)
{
	struct sr_buf line = SR_BUF_INIT(4096);
	size_t col = 0;

	sr_buf_adds(&line, name);
	for (const char *p = value; *p; p++) {
		if (*p == '\\' || *p == ';' || *p == ',')
			sr_buf_addch(&line, '\\');
		if (*p == '\n') {
			sr_buf_adds(&line, "\\n");
			continue;
		}
		if (*p != '\r')
			sr_buf_addch(&line, *p);
	}
	for (size_t i = 0; i < line.len; i++) {
		/* Fold before 75 octets, never inside a UTF-8 sequence. */
		if (col >= 74 && ((unsigned char)line.data[i] & 0xC0) != 0x80) {
			sr_buf_adds(b, "\r\n ");
			col = 1;
		}
		sr_buf_addch(b, line.data[i]);
		col++;
	}
	sr_buf_adds(b, "\r\n");
	sr_buf_release(&line);
}

enum sr_err sr_planner_ics(sr_store *s, int64_t today, int now_minute,
			   int64_t from, int days, int64_t stamp,
			   const struct sr_plan_opts *opts, struct sr_buf *out,
			   struct sr_fail *f)
{
	struct sr_plan p = SR_PLAN_INIT;
	struct inputs in;
	char dtstamp[21], compact[17];
	enum sr_err err;

	err = check_range(today, from, days, f);
	if (!err)
		err = load(s, today, now_minute, &in, f);
	if (err)
		return err;
	err = sr_plan_make(&in.cal, in.orders, in.n_orders, in.runs, in.n_runs,
			   opts, &p, f);
	sr_instant_format(stamp, dtstamp);
	/* 2026-11-24T10:00:00Z -> 20261124T100000Z */
	snprintf(compact, sizeof(compact), "%.4s%.2s%.2sT%.2s%.2s%.2sZ",
		 dtstamp, dtstamp + 5, dtstamp + 8, dtstamp + 11, dtstamp + 14,
		 dtstamp + 17);
	sr_buf_adds(out, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
			 "PRODID:-//smallrun//week plan//EN\r\n"
			 "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n"
			 "X-WR-CALNAME:smallrun plan\r\n");
	for (size_t i = 0; !err && i < p.n_blocks; i++) {
		const struct sr_plan_block *x = &p.blocks[i];
		char date[11], day[9], uid[160], start[32], end[32], what[300];

		if (x->day < from || x->day >= from + days)
			continue;
		sr_date_format(x->day, date);
		snprintf(day, sizeof(day), "%.4s%.2s%.2s", date, date + 5,
			 date + 8);
		/* Floating local times: the phone shows them as the clock on
		 * the workshop wall reads them. */
		snprintf(start, sizeof(start), "%sT%02d%02d00", day,
			 x->start / 60 % 100, x->start % 60);
		if (x->end >= 1440) {
			/* Midnight is 00:00 of the next day; there is no 24:00.
			 */
			char next[11];

			sr_date_format(x->day + 1, next);
			snprintf(end, sizeof(end), "%.4s%.2s%.2sT000000", next,
				 next + 5, next + 8);
		} else {
			snprintf(end, sizeof(end), "%sT%02d%02d00", day,
				 x->end / 60 % 100, x->end % 60);
		}
		snprintf(uid, sizeof(uid), "%s-%" PRId64 "-%s-w%d-%d@smallrun",
			 x->batch ? "batch" : "order", x->id, day,
			 x->worker + 1, x->start);
		if (x->batch && x->parts > 1)
			snprintf(what, sizeof(what),
				 "Batch %" PRId64 ": %.200s (part %d of %d)",
				 x->id, x->label ? x->label : "", x->part,
				 x->parts);
		else
			snprintf(what, sizeof(what), "%s %" PRId64 ": %.200s",
				 x->batch ? "Batch" : "Order", x->id,
				 x->label ? x->label : "");
		sr_buf_adds(out, "BEGIN:VEVENT\r\n");
		ics_line(out, "UID:", uid);
		ics_line(out, "DTSTAMP:", compact);
		ics_line(out, "DTSTART:", start);
		ics_line(out, "DTEND:", end);
		ics_line(out, "SUMMARY:", what);
		if (in.cal.workers > 1) {
			char who[32];

			snprintf(who, sizeof(who), "worker %d", x->worker + 1);
			ics_line(out, "DESCRIPTION:", who);
		}
		sr_buf_adds(out, "END:VEVENT\r\n");
	}
	sr_buf_adds(out, "END:VCALENDAR\r\n");
	if (!err && out->err)
		err = sr_fail_set(f, (enum sr_err)out->err, "too_large", NULL,
				  "the calendar is too large");
	sr_plan_release(&p);
	inputs_release(&in);
	return err;
}

/* "Wed 2026-12-09": how a promise's messages name a day. */
static void day_words(int64_t day, char out[static 15])
{
	char date[11];

	sr_date_format(day, date);
	snprintf(out, 15, "%s %s", weekdays[sr_date_weekday(day)], date);
}

/* Where an order is done in one plan, for a move (planner.h). */
static json_t *landing_json(const struct sr_plan_result *r)
{
	char fin[11], t[6];

	sr_date_format(r->finish_day, fin);
	hhmm(r->finish_minute, t);
	return json_pack(
		"{sososbsI}", "finish_date",
		r->past_horizon ? json_null() : json_string(fin), "finish_time",
		r->past_horizon ? json_null() : json_string(t), "late",
		r->late_minutes > 0, "late_days", (json_int_t)r->late_days);
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* An option's message: the day, and what moves for it, in words. */
static void option_message(const struct sr_promise_option *o, struct sr_buf *b)
{
	size_t late = o->n_late_later, others = o->n_moves - o->n_late_later;
	char day[15];

	day_words(o->day, day);
	if (o->wanted)
		sr_buf_addf(b, "You can promise %s, the date asked for", day);
	else
		sr_buf_addf(b, "The earliest you can promise is %s", day);
	if (!o->n_moves) {
		sr_buf_adds(b, ": nothing else moves");
		return;
	}
	if (!late) {
		sr_buf_addf(b, ": %zu %s later, still on time", others,
			    plural(others, "order finishes", "orders finish"));
		return;
	}
	sr_buf_addf(b, ", but %zu %s late already %s later still", late,
		    plural(late, "order that is", "orders that are"),
		    plural(late, "finishes", "finish"));
	if (others)
		sr_buf_addf(b, "; %zu more %s later, still on time", others,
			    plural(others, "finishes", "finish"));
}

/* The warning of an option that makes late orders later still. */
static void late_warning(const struct inputs *in,
			 const struct sr_promise_option *o, struct sr_buf *b)
{
	size_t named = 0;
	char day[15];

	day_words(o->day, day);
	sr_buf_addf(
		b, "Promising %s makes %s late already later still: ", day,
		plural(o->n_late_later, "an order that is", "orders that are"));
	for (size_t k = 0; k < o->n_moves && named < 3; k++) {
		const struct sr_plan_order *x = &in->orders[o->moves[k].order];

		if (!o->moves[k].was_late)
			continue;
		sr_buf_addf(b, "%s%s (order %" PRId64 ")", named ? ", " : "",
			    x->label ? x->label : "", x->id);
		named++;
	}
	if (o->n_late_later > named)
		sr_buf_addf(b, " and %zu more", o->n_late_later - named);
}

/* One option of a promise as the JSON of planner.h. */
static json_t *option_json(const struct inputs *in, const struct sr_promise *pr,
			   const struct sr_promise_option *o, bool *no_mem)
{
	const struct sr_plan_result *mine = &o->plan.orders[in->n_orders];
	struct sr_buf msg = SR_BUF_INIT(4096), warn = SR_BUF_INIT(4096);
	json_t *doc, *moves = json_array(), *warnings = json_array();
	char date[11], fin[11], t[6];

	for (size_t k = 0; k < o->n_moves; k++) {
		const struct sr_promise_move *m = &o->moves[k];
		const struct sr_plan_order *x = &in->orders[m->order];
		const struct sr_plan_result *was = &pr->base.orders[m->order],
					    *now = &o->plan.orders[m->order];
		char due[11] = "";

		if (x->due_day != INT64_MAX)
			sr_date_format(x->due_day, due);
		sr_json_push(
			moves,
			json_pack(
				"{sIsssosososIsIsb}", "order_id",
				(json_int_t)x->id, "title",
				x->label ? x->label : "", "due_date",
				due[0] ? json_string(due) : json_null(),
				"before", landing_json(was), "after",
				landing_json(now), "later_days",
				(json_int_t)(now->finish_day - was->finish_day),
				"later_minutes", (json_int_t)m->later_minutes,
				"was_late", m->was_late),
			no_mem);
	}
	if (o->n_late_later) {
		late_warning(in, o, &warn);
		sr_json_push(warnings,
			     json_pack("{ssss}", "code", "late_order_later",
				       "text", warn.data),
			     no_mem);
	}
	option_message(o, &msg);
	sr_date_format(o->day, date);
	sr_date_format(mine->finish_day, fin);
	hhmm(mine->finish_minute, t);
	doc = json_pack("{sssssbsbsosososIsoss}", "date", date, "weekday",
			weekdays[sr_date_weekday(o->day)], "earliest",
			o->earliest, "wanted", o->wanted, "finish_date",
			mine->past_horizon ? json_null() : json_string(fin),
			"finish_time",
			mine->past_horizon ? json_null() : json_string(t),
			"moves", moves, "late_later",
			(json_int_t)o->n_late_later, "warnings", warnings,
			"message", msg.data);
	if (!doc || msg.err || warn.err)
		*no_mem = true;
	sr_buf_release(&msg);
	sr_buf_release(&warn);
	return doc;
}

enum sr_err sr_planner_promise(sr_store *s, int64_t today, int now_minute,
			       const char *body, size_t len,
			       const struct sr_plan_opts *opts,
			       struct sr_buf *out, struct sr_fail *f)
{
	static const struct sr_field fields[] = {
		{"minutes", NULL, SR_T_INT, SR_F_REQUIRED, 1, 10000000, NULL, 0,
		 NULL, NULL},
		/* As an order's price: the planner fits any weight. */
		{"price", NULL, SR_T_MONEY, SR_F_REQUIRED, 0,
		 INT64_C(100000000000), NULL, 0, NULL, NULL},
		{"wanted", NULL, SR_T_DATE, SR_F_NULL, 0, 0, NULL, 0, NULL,
		 NULL},
		{"title", NULL, SR_T_TEXT, SR_F_NULL, 0, 200, NULL, 0, NULL,
		 NULL},
	};
	struct sr_promise pr;
	struct inputs in;
	struct sr_buf msg = SR_BUF_INIT(4096);
	json_t *req, *v, *doc = NULL, *options = NULL;
	const char *key;
	int64_t wanted = INT64_MAX;
	bool no_mem = false;
	enum sr_err err = SR_OK;
	char date[11], day[15];

	memset(&in, 0, sizeof(in));
	memset(&pr, 0, sizeof(pr));
	req = sr_json_parse_object(body, len, f);
	if (!req)
		return f ? f->err : SR_EINVAL;
	json_object_foreach(req, key, v)
	{
		const struct sr_field *fd = NULL;

		for (size_t i = 0; i < SR_ARRAY_SIZE(fields); i++)
			if (!strcmp(fields[i].name, key))
				fd = &fields[i];
		if (!fd) {
			char name[41];

			snprintf(name, sizeof(name), "%s", key);
			err = sr_fail_set(f, SR_EINVAL, "unknown_field", name,
					  "a promise has no field '%s'", name);
			goto out;
		}
		err = sr_field_check(fd, v, f);
		if (err)
			goto out;
	}
	for (size_t i = 0; i < 2; i++)
		if (!json_object_get(req, fields[i].name)) {
			err = sr_fail_set(f, SR_EINVAL, "missing_field",
					  fields[i].name, "%s is required",
					  fields[i].name);
			goto out;
		}
	if (json_is_string(json_object_get(req, "wanted"))) {
		wanted = get_day(req, "wanted");
		if (wanted < today) {
			err = sr_fail_set(f, SR_EINVAL, "out_of_range",
					  "wanted", "wanted is in the past");
			goto out;
		}
	}
	err = load(s, today, now_minute, &in, f);
	if (!err)
		err = sr_plan_promise(
			&(struct sr_plan_input){&in.cal, in.orders, in.n_orders,
						in.runs, in.n_runs},
			&(struct sr_plan_ask){sr_json_int(req, "minutes"),
					      sr_json_int(req, "price")
						      ? sr_json_int(req, "price")
						      : 1,
					      wanted},
			opts, &pr, f);
	if (err)
		goto out;
	options = json_array();
	for (size_t i = 0; i < pr.n_options; i++)
		sr_json_push(options,
			     option_json(&in, &pr, &pr.options[i], &no_mem),
			     &no_mem);
	/* The lead option's message, after the wanted day's fate. */
	if (wanted != INT64_MAX && !pr.wanted_ok) {
		day_words(wanted, day);
		sr_buf_addf(&msg, "The date asked for, %s, cannot be kept. ",
			    day);
	}
	option_message(&pr.options[0], &msg);
	sr_date_format(pr.day, date);
	doc = json_pack("{sssssosOss}", "date", date, "weekday",
			weekdays[sr_date_weekday(pr.day)], "wanted",
			wanted == INT64_MAX
				? json_null()
				: json_pack("{sOsb}", "date",
					    json_object_get(req, "wanted"),
					    "ok", pr.wanted_ok),
			"options", options, "message", msg.data);
	if (!doc || no_mem || msg.err)
		err = sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
				  "out of memory");
	else
		err = sr_json_dump(doc, out, 0);
out:
	json_decref(req);
	json_decref(doc);
	json_decref(options);
	sr_buf_release(&msg);
	sr_promise_release(&pr);
	inputs_release(&in);
	return err;
}
