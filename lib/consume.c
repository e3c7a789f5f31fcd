/*
 * consume.c - what making takes from stock (smallrun/consume.h): a batch
 * or custom order done takes its recipe's materials from their lots,
 * first to expire first (fefo.c), as material uses that name their lot;
 * set back or deleted, it puts them back.
 *
 * The hooks run inside the write transaction of lib/records.c (resource.h:
 * a batch's and an order's); the calls of consume.h have a transaction of
 * their own. Uses are written and deleted through sr_rec_create_in() and
 * sr_rec_remove_in(), so each is checked and audited as a record, and its
 * stock moves are stock.c's.
 */
#include "compat.h"

#include "fefo.h"
#include "json.h"
#include "recipe-int.h"
#include "records-int.h"
#include "resource.h"
#include "smallrun/consume.h"
#include "smallrun/date.h"
#include "smallrun/recipe.h"
#include "stock.h"

/*
 * The write transaction in which sr_consume_done() takes the materials
 * itself, with the maker's choices: the hooks take nothing in it.
 */
static _Thread_local const struct sr_tx *taken_by_call;

static const char *const owner_key[SR_MAKE__MAX] = {"batch_id", "order_id"};
static const char *const maker_key[SR_MAKE__MAX] = {"batch", "order"};

static const struct sr_resource *maker_res(enum sr_maker what)
{
	return sr_resource(what == SR_MAKE_ORDER ? SR_RES_ORDER : SR_RES_BATCH);
}

/* ---- the batch or order being made -------------------------------------- */

struct owner {
	enum sr_maker what;
	int64_t id;
	int64_t product_id; /* 0: none (an order for no product) */
	int64_t quantity;   /* a batch's made_qty, an order's quantity */
	int64_t day;	    /* the day of making */
	const json_t *row;
};

static void owner_of(enum sr_maker what, const json_t *row, int64_t now,
		     struct owner *o)
{
	*o = (struct owner){
		.what = what,
		.id = sr_json_int(row, "id"),
		.product_id = sr_json_int(row, "product_id"),
		.quantity = sr_json_int(
			row, what == SR_MAKE_ORDER ? "quantity" : "made_qty"),
		/* A batch is made on its run date, an order when done. */
		.day = what == SR_MAKE_ORDER
			       ? now / 86400
			       : sr_json_day(row, "run_date", now / 86400),
		.row = row,
	};
}

/* "batch SOAP-20261125-1", "order 4 (Oak table)", for messages. */
static void owner_name(const struct owner *o, char *out, size_t size)
{
	if (o->what == SR_MAKE_BATCH)
		snprintf(out, size, "batch %.64s", sr_json_str(o->row, "code"));
	else
		snprintf(out, size, "order %" PRId64 " (%.64s)", o->id,
			 sr_json_str(o->row, "title"));
}

/* Has status taken its materials (done; an order's delivered too)? */
static bool is_made(enum sr_maker what, const char *status)
{
	return status &&
	       (!strcmp(status, "done") ||
		(what == SR_MAKE_ORDER && !strcmp(status, "delivered")));
}

/* Is status before making (a batch planned or running, an order quoted,
 * accepted or in progress)? An order cancelled is neither. */
static bool is_before(enum sr_maker what, const char *status)
{
	if (!status || is_made(what, status))
		return false;
	return what == SR_MAKE_BATCH || strcmp(status, "cancelled");
}

/* Its material uses, [{...}] by id. */
static enum sr_err uses_of(struct sr_tx *tx, const struct owner *o,
			   json_t **uses, struct sr_fail *f)
{
	return sr_db_list_by(tx, sr_resource(SR_RES_BATCH_MATERIAL),
			     owner_key[o->what], o->id, uses, f);
}

static bool from_recipe(const json_t *use)
{
	const char *s = sr_json_str(use, "source");

	return s && !strcmp(s, "recipe");
}

/* How many of its uses came from its recipe (*n). */
static enum sr_err recipe_uses(struct sr_tx *tx, const struct owner *o,
			       int64_t *n, struct sr_fail *f)
{
	json_t *uses = NULL;
	enum sr_err err = uses_of(tx, o, &uses, f);

	*n = 0;
	for (size_t i = 0; !err && i < json_array_size(uses); i++)
		*n += from_recipe(json_array_get(uses, i));
	json_decref(uses);
	return err;
}

/* ---- what making takes --------------------------------------------------- */

/* One material of a plan. */
struct line {
	int64_t material_id;
	struct sr_stock st;
	int64_t need, already;	  /* the recipe's, and its hand uses' */
	int64_t want;		  /* need - already, at least 0 */
	struct sr_fefo_lot *lots; /* st.lots, in FEFO order once picked */
	struct sr_fefo_take *takes;
	struct sr_fefo_result res;
	int64_t loose; /* taken from stock in no lot */
	int64_t short_by;
};

struct plan {
	struct line *v;
	size_t n;
	bool has_recipe;
	bool short_by; /* some line is short */
};

static void plan_release(struct plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		sr_stock_release(&p->v[i].st);
		free(p->v[i].lots);
		free(p->v[i].takes);
	}
	free(p->v);
	memset(p, 0, sizeof(*p));
}

/* The row of lot id among a line's lots. */
static const json_t *lot_row(const struct line *l, int64_t id)
{
	for (size_t i = 0; i < json_array_size(l->st.lots); i++)
		if (sr_json_int(json_array_get(l->st.lots, i), "id") == id)
			return json_array_get(l->st.lots, i);
	return NULL;
}

/* A line's stock read, and what it takes on day: FEFO, then loose. */
static enum sr_err line_pick(struct sr_tx *tx, struct line *l, int64_t day,
			     struct sr_fail *f)
{
	size_t n;
	enum sr_err err = sr_stock_read(tx, l->material_id, &l->st, f);

	if (err)
		return err;
	n = json_array_size(l->st.lots);
	l->lots = calloc(n ? n : 1, sizeof(*l->lots));
	l->takes = calloc(n ? n : 1, sizeof(*l->takes));
	if (!l->lots || !l->takes)
		return sr_fail_oom(f);
	for (size_t i = 0; i < n; i++) {
		const json_t *r = json_array_get(l->st.lots, i);

		l->lots[i] = (struct sr_fefo_lot){
			sr_json_int(r, "id"),
			sr_json_day(r, "expires_on", SR_FEFO_NO_DATE),
			sr_json_day(r, "received_on", 0),
			sr_json_int(r, "remaining"),
		};
	}
	if (sr_fefo_pick(l->lots, n, l->want, day, l->takes, &l->res))
		return sr_fail_set(f, SR_EDB, "database", NULL,
				   "a lot of material %" PRId64 " holds less "
				   "than nothing",
				   l->material_id);
	l->loose =
		l->res.shortfall < l->st.loose ? l->res.shortfall : l->st.loose;
	l->short_by = l->res.shortfall - l->loose;
	return SR_OK;
}

/*
 * What making o takes: its recipe's needs for o->quantity, less its hand
 * uses, picked from the stock of each material.
 */
static enum sr_err plan_make(struct sr_tx *tx, const struct owner *o,
			     struct plan *p, struct sr_fail *f)
{
	struct sr_needs needs = {0};
	json_t *uses = NULL;
	enum sr_err err = SR_OK;

	memset(p, 0, sizeof(*p));
	/* Past what a recipe is worked out for, only a product with none
	 * (which takes nothing) goes on. */
	if (o->product_id)
		err = sr_recipe_needs(
			tx, o->product_id,
			o->quantity > SR_RECIPE_QTY_MAX ? 0 : o->quantity,
			&needs, &p->has_recipe, f);
	if (err == SR_ENOTFOUND)
		err = sr_fail_set(f, SR_EINVAL, "unknown_reference",
				  "product_id",
				  "product_id: no product has id "
				  "%" PRId64,
				  o->product_id);
	if (!err && p->has_recipe && o->quantity > SR_RECIPE_QTY_MAX)
		err = sr_fail_set(f, SR_EINVAL, "out_of_range",
				  o->what == SR_MAKE_ORDER ? "quantity"
							   : "made_qty",
				  "making takes a recipe from stock for at "
				  "most %d units, not %" PRId64,
				  SR_RECIPE_QTY_MAX, o->quantity);
	if (!err)
		err = uses_of(tx, o, &uses, f);
	if (!err && needs.n && !(p->v = calloc(needs.n, sizeof(*p->v))))
		err = sr_fail_oom(f);
	for (size_t i = 0; !err && i < needs.n; i++) {
		struct line *l = &p->v[p->n++];

		l->material_id = needs.v[i].material_id;
		l->need = sr_need_base(&needs.v[i]);
		for (size_t k = 0; k < json_array_size(uses); k++) {
			const json_t *u = json_array_get(uses, k);

			if (sr_json_int(u, "material_id") == l->material_id &&
			    !from_recipe(u))
				l->already += sr_json_int(u, "quantity");
		}
		l->want = l->need > l->already ? l->need - l->already : 0;
		err = line_pick(tx, l, o->day, f);
		p->short_by |= !err && l->short_by > 0;
	}
	sr_needs_release(&needs);
	json_decref(uses);
	return err;
}

/* Record one use of o from its recipe: from lot_id, or (0) from no lot,
 * beyond stock or not. */
static enum sr_err use_add(struct sr_tx *tx, const struct owner *o,
			   int64_t material_id, int64_t quantity,
			   int64_t lot_id, bool beyond, int64_t now,
			   struct sr_fail *f)
{
	json_t *in = json_pack(
		"{sI sI sI so ss sI}", owner_key[o->what], (json_int_t)o->id,
		"material_id", (json_int_t)material_id, "quantity",
		(json_int_t)quantity, "lot_id",
		lot_id ? json_integer(lot_id) : json_null(), "source", "recipe",
		"beyond_stock", (json_int_t)beyond);
	json_t *row = NULL;
	int64_t id = 0;
	enum sr_err err =
		in ? sr_rec_create_in(tx, sr_resource(SR_RES_BATCH_MATERIAL),
				      in, now, &id, &row, f)
		   : sr_fail_oom(f);

	json_decref(in);
	json_decref(row);
	return err;
}

/* Write what the plan takes: a use a lot, the loose part, the short part. */
static enum sr_err plan_write(struct sr_tx *tx, const struct owner *o,
			      const struct plan *p, int64_t now,
			      struct sr_fail *f)
{
	enum sr_err err = SR_OK;

	for (size_t i = 0; !err && i < p->n; i++) {
		const struct line *l = &p->v[i];

		for (size_t k = 0; !err && k < l->res.ntakes; k++)
			err = use_add(
				tx, o, l->material_id, l->takes[k].quantity,
				l->lots[l->takes[k].lot].id, false, now, f);
		if (!err && l->loose > 0)
			err = use_add(tx, o, l->material_id, l->loose, 0, false,
				      now, f);
		if (!err && l->short_by > 0)
			err = use_add(tx, o, l->material_id, l->short_by, 0,
				      true, now, f);
	}
	return err;
}

/* One material short, in the words and the data of a short_stock. */
struct short_item {
	int64_t material_id;
	const char *name, *unit;
	int64_t want, usable, short_by;
};

/*
 * SR_ECONFLICT "short_stock" naming field: what is short, in words and in
 * details.short, and how to go on (how).
 */
static enum sr_err short_fail(const struct owner *o,
			      const struct short_item *items, size_t n,
			      const char *field, const char *how,
			      struct sr_fail *f)
{
	struct sr_buf msg = SR_BUF_INIT(SR_FAIL_MAX);
	json_t *list = json_array(), *doc = NULL;
	char who[160];
	bool oom = !list;
	enum sr_err err;

	owner_name(o, who, sizeof(who));
	sr_buf_addf(&msg, "Not enough in stock to mark %s done:", who);
	for (size_t i = 0; i < n; i++) {
		const struct short_item *s = &items[i];

		sr_buf_addf(&msg,
			    "%s %.60s needs %" PRId64 " %s and %" PRId64
			    " %s can be used (%" PRId64 " %s short)",
			    i ? ";" : "", s->name, s->want, s->unit, s->usable,
			    s->unit, s->short_by, s->unit);
		sr_json_push(list,
			     json_pack("{sI ss ss sI sI sI}", "material_id",
				       (json_int_t)s->material_id, "name",
				       s->name, "unit", s->unit, "need",
				       (json_int_t)s->want, "usable",
				       (json_int_t)s->usable, "short",
				       (json_int_t)s->short_by),
			     &oom);
	}
	sr_buf_addf(&msg, ". %s", how);
	err = sr_fail_set(f, SR_ECONFLICT, "short_stock", field, "%s",
			  msg.data);
	if (f && !oom) {
		doc = json_pack("{sO}", "short", list);
		if (!doc || sr_json_dump(doc, &f->details, 0))
			sr_buf_reset(&f->details);
	}
	json_decref(doc);
	json_decref(list);
	sr_buf_release(&msg);
	return err;
}

/* The plan's short lines as a short_stock failure. */
static enum sr_err plan_short(const struct owner *o, const struct plan *p,
			      const char *field, const char *how,
			      struct sr_fail *f)
{
	struct short_item *items = calloc(p->n ? p->n : 1, sizeof(*items));
	size_t n = 0;
	enum sr_err err;

	if (!items)
		return sr_fail_oom(f);
	for (size_t i = 0; i < p->n; i++) {
		const struct line *l = &p->v[i];

		if (l->short_by > 0)
			items[n++] = (struct short_item){
				l->material_id,
				sr_json_str(l->st.material, "name"),
				sr_json_str(l->st.material, "unit"),
				l->want,
				l->want - l->short_by,
				l->short_by,
			};
	}
	err = short_fail(o, items, n, field, how, f);
	free(items);
	return err;
}

/* Take o's recipe's materials, FEFO, short refused unless allow. */
static enum sr_err consume(struct sr_tx *tx, const struct owner *o, bool allow,
			   const char *field, const char *how, int64_t now,
			   struct sr_fail *f)
{
	struct plan p;
	enum sr_err err = plan_make(tx, o, &p, f);

	if (!err && p.short_by && !allow)
		err = plan_short(o, &p, field, how, f);
	if (!err)
		err = plan_write(tx, o, &p, now, f);
	plan_release(&p);
	return err;
}

/*
 * Put back o's uses, each on its lot, and delete them: those from its
 * recipe, or (all) every one. Newest first, as they were taken: a use
 * beyond stock, put back first, lifts on_hand before the lots get theirs
 * back, so that none of theirs is settled away.
 */
static enum sr_err undo(struct sr_tx *tx, const struct owner *o, bool all,
			struct sr_fail *f)
{
	const struct sr_resource *res = sr_resource(SR_RES_BATCH_MATERIAL);
	json_t *uses = NULL;
	enum sr_err err = uses_of(tx, o, &uses, f);

	for (size_t i = json_array_size(uses); !err && i-- > 0;) {
		const json_t *u = json_array_get(uses, i);

		if (!all && !from_recipe(u))
			continue;
		err = res->before_delete(tx, u, f);
		if (!err)
			err = sr_rec_remove_in(tx, res, sr_json_int(u, "id"), u,
					       f);
	}
	json_decref(uses);
	return err;
}

/* ---- the hooks ---------------------------------------------------------- */

/* Taking o's materials as a plain change asks for them: FEFO, none short. */
static enum sr_err take_plainly(struct sr_tx *tx, const struct owner *o,
				int64_t now, struct sr_fail *f)
{
	char how[320];

	snprintf(how, sizeof(how),
		 "Nothing was changed. Mark it done from its page to choose "
		 "other lots or quantities, or send POST /api/v1/%s/%" PRId64
		 "/done with \"short\": \"allow\" to go below zero",
		 maker_res(o->what)->name, o->id);
	return consume(tx, o, false, "status", how, now, f);
}

/*
 * A change of status: made from before, it takes its recipe's materials
 * (unless it took some already, or sr_consume_done() takes them); set
 * back from made to before, it puts them back.
 */
static enum sr_err follow(enum sr_maker what, struct sr_tx *tx,
			  const json_t *row, const json_t *old, int64_t now,
			  struct sr_fail *f)
{
	bool was = is_made(what, sr_json_str(old, "status"));
	const char *status = sr_json_str(row, "status");
	struct owner o;
	int64_t n = 0;
	enum sr_err err;

	owner_of(what, row, now, &o);
	if (was && is_before(what, status))
		return undo(tx, &o, false, f);
	if (was || !is_made(what, status) || taken_by_call == tx)
		return SR_OK;
	err = recipe_uses(tx, &o, &n, f);
	return err || n ? err : take_plainly(tx, &o, now, f);
}

enum sr_err sr_batch_made_before_write(struct sr_tx *tx, json_t *row,
				       const json_t *old, int64_t now,
				       struct sr_fail *f)
{
	enum sr_err err = sr_batch_before_write(tx, row, old, now, f);

	if (!err && old)
		err = follow(SR_MAKE_BATCH, tx, row, old, now, f);
	return err;
}

enum sr_err sr_order_made_before_write(struct sr_tx *tx, json_t *row,
				       const json_t *old, int64_t now,
				       struct sr_fail *f)
{
	enum sr_err err = sr_quote_follow_order(tx, row, old, now, f);

	if (!err && old)
		err = follow(SR_MAKE_ORDER, tx, row, old, now, f);
	return err;
}

/* A person's new record, made already, takes its materials once stored
 * (an import, which never comes here, takes none: its file has its uses). */
static enum sr_err made_create(enum sr_maker what, struct sr_tx *tx,
			       const struct sr_resource *res, const json_t *in,
			       int64_t now, int64_t *id, json_t **stored,
			       struct sr_fail *f)
{
	enum sr_err err = sr_rec_create_in(tx, res, in, now, id, stored, f);
	struct owner o;

	if (err || !is_made(what, sr_json_str(*stored, "status")))
		return err;
	owner_of(what, *stored, now, &o);
	return take_plainly(tx, &o, now, f);
}

enum sr_err sr_batch_made_create(struct sr_tx *tx,
				 const struct sr_resource *res,
				 const json_t *in, int64_t now, int64_t *id,
				 json_t **stored, struct sr_fail *f)
{
	return made_create(SR_MAKE_BATCH, tx, res, in, now, id, stored, f);
}

enum sr_err sr_order_made_create(struct sr_tx *tx,
				 const struct sr_resource *res,
				 const json_t *in, int64_t now, int64_t *id,
				 json_t **stored, struct sr_fail *f)
{
	return made_create(SR_MAKE_ORDER, tx, res, in, now, id, stored, f);
}

enum sr_err sr_batch_made_delete_own(struct sr_tx *tx, const json_t *old,
				     struct sr_fail *f)
{
	struct owner o;

	owner_of(SR_MAKE_BATCH, old, 0, &o);
	return undo(tx, &o, true, f);
}

enum sr_err sr_order_made_delete_own(struct sr_tx *tx, const json_t *old,
				     struct sr_fail *f)
{
	struct owner o;

	owner_of(SR_MAKE_ORDER, old, 0, &o);
	return undo(tx, &o, true, f);
}

/* The warning a batch or order made beyond its stock carries. */
static enum sr_err short_warning(enum sr_maker what, const json_t *row,
				 json_t *warnings, struct sr_fail *f)
{
	int64_t n = sr_json_int(row, "short_uses");
	struct owner o;
	char who[160], msg[400];
	bool oom = false;

	if (n <= 0)
		return SR_OK;
	owner_of(what, row, 0, &o);
	owner_name(&o, who, sizeof(who));
	snprintf(msg, sizeof(msg),
		 "%s took %" PRId64 " material use%s beyond the stock there "
		 "was, so its material%s went below zero: count %s, or "
		 "record the goods that came in, to put it right",
		 who, n, n == 1 ? "" : "s", n == 1 ? "" : "s",
		 n == 1 ? "it" : "them");
	/* "Batch …", "Order …". */
	msg[0] = (char)(msg[0] - 'a' + 'A');
	sr_json_push(warnings,
		     json_pack("{ss ss sI}", "code", "short_stock", "message",
			       msg, "short_uses", (json_int_t)n),
		     &oom);
	return oom ? sr_fail_oom(f) : SR_OK;
}

enum sr_err sr_batch_made_warn(struct sr_tx *tx, const json_t *row, int64_t now,
			       json_t *warnings, struct sr_fail *f)
{
	(void)tx;
	(void)now;
	return short_warning(SR_MAKE_BATCH, row, warnings, f);
}

enum sr_err sr_order_made_warn(struct sr_tx *tx, const json_t *row, int64_t now,
			       json_t *warnings, struct sr_fail *f)
{
	(void)tx;
	(void)now;
	return short_warning(SR_MAKE_ORDER, row, warnings, f);
}

/* ---- the proposal -------------------------------------------------------- */

static json_t *lot_json(const json_t *r)
{
	return json_pack("{sO sO sO sO sO sO sO}", "lot_id",
			 json_object_get(r, "id"), "lot",
			 json_object_get(r, "lot"), "expires_on",
			 json_object_get(r, "expires_on"), "received_on",
			 json_object_get(r, "received_on"), "remaining",
			 json_object_get(r, "remaining"), "quantity",
			 json_object_get(r, "quantity"), "cost",
			 json_object_get(r, "cost"));
}

static json_t *line_json(const struct line *l, int64_t day, bool *oom)
{
	json_t *picks = json_array(), *usable = json_array();

	*oom |= !picks || !usable;
	for (size_t k = 0; k < l->res.ntakes; k++) {
		const struct sr_fefo_take *t = &l->takes[k];
		const json_t *r = lot_row(l, l->lots[t->lot].id);

		sr_json_push(picks,
			     json_pack("{sI sO sO sI}", "lot_id",
				       (json_int_t)l->lots[t->lot].id, "lot",
				       json_object_get(r, "lot"), "expires_on",
				       json_object_get(r, "expires_on"),
				       "quantity", (json_int_t)t->quantity),
			     oom);
	}
	if (l->loose > 0)
		sr_json_push(picks,
			     json_pack("{sn sn sn sI}", "lot_id", "lot",
				       "expires_on", "quantity",
				       (json_int_t)l->loose),
			     oom);
	for (size_t i = 0; i < json_array_size(l->st.lots); i++) {
		const json_t *r = json_array_get(l->st.lots, i);
		struct sr_fefo_lot one = {
			0, sr_json_day(r, "expires_on", SR_FEFO_NO_DATE), 0,
			sr_json_int(r, "remaining")};

		if (sr_fefo_usable(&one, day))
			sr_json_push(usable, lot_json(r), oom);
	}
	return json_pack("{sI sO sO sI sI sI sI sI so sI so}", "material_id",
			 (json_int_t)l->material_id, "name",
			 json_object_get(l->st.material, "name"), "unit",
			 json_object_get(l->st.material, "unit"), "need",
			 (json_int_t)l->need, "already", (json_int_t)l->already,
			 "want", (json_int_t)l->want, "usable",
			 (json_int_t)(l->res.usable + l->st.loose), "loose",
			 (json_int_t)l->st.loose, "picks", picks, "short",
			 (json_int_t)l->short_by, "lots", usable);
}

/* A batch's made quantity for the done call: its planned one while it
 * has none. */
static int64_t made_of(const json_t *batch)
{
	int64_t made = sr_json_int(batch, "made_qty");

	return made > 0 ? made : sr_json_int(batch, "planned_qty");
}

enum sr_err sr_consumption(sr_store *s, enum sr_maker what, int64_t id,
			   int64_t made, int64_t now, struct sr_buf *out,
			   struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	json_t *row = NULL, *doc = NULL, *lines = json_array();
	struct plan p = {0};
	struct owner o;
	int64_t taken = 0;
	char day[11];
	bool oom = !lines;
	enum sr_err err = oom ? sr_fail_oom(f) : SR_OK;

	if (!err && (unsigned)what >= SR_MAKE__MAX)
		err = sr_fail_set(f, SR_EINVAL, "bad_value", NULL,
				  "a batch or an order is made");
	if (!err && what == SR_MAKE_BATCH &&
	    made > sr_field_max(SR_RES_BATCH, "made_qty"))
		err = sr_fail_set(f, SR_EINVAL, "out_of_range", "made_qty",
				  "made_qty must be from 0 to %" PRId64,
				  sr_field_max(SR_RES_BATCH, "made_qty"));
	if (!err)
		err = sr_tx_begin(s, false, &tx, f);
	if (!err)
		err = sr_db_get(tx, maker_res(what), id, &row, f);
	if (!err) {
		owner_of(what, row, now, &o);
		if (what == SR_MAKE_BATCH)
			o.quantity = made >= 0 ? made : made_of(row);
		err = recipe_uses(tx, &o, &taken, f);
	}
	if (!err)
		err = plan_make(tx, &o, &p, f);
	err = sr_tx_finish(tx, err, f);
	if (err)
		goto out;
	for (size_t i = 0; i < p.n; i++)
		sr_json_push(lines, line_json(&p.v[i], o.day, &oom), &oom);
	sr_date_format(o.day, day);
	doc = json_object();
	oom |= !doc;
	sr_json_put(doc, maker_key[what], sr_rec_output(row), &oom);
	sr_json_put(doc, what == SR_MAKE_ORDER ? "quantity" : "made_qty",
		    json_integer(o.quantity), &oom);
	sr_json_put(doc, "already_done", json_boolean(taken > 0), &oom);
	sr_json_put(doc, "has_recipe", json_boolean(p.has_recipe), &oom);
	sr_json_put(doc, "day", json_string(day), &oom);
	sr_json_put(doc, "lines", json_incref(lines), &oom);
	sr_json_put(doc, "short", json_boolean(p.short_by), &oom);
	err = oom ? sr_fail_oom(f) : sr_json_dump(doc, out, 0);
out:
	plan_release(&p);
	json_decref(row);
	json_decref(doc);
	json_decref(lines);
	return err;
}

/* ---- a done body -----------------------------------------------------------
 */

/* Check v as the field called field of resource r, named as name. */
static enum sr_err check_as(enum sr_res r, const char *field, const char *name,
			    const json_t *v, struct sr_fail *f)
{
	struct sr_field as = *sr_field_find(sr_resource(r), field);

	as.name = name;
	if (!v)
		return sr_fail_set(f, SR_EINVAL, "missing_field", name,
				   "%s is required", name);
	if (json_is_null(v) && !(as.flags & SR_F_NULL))
		return sr_fail_set(f, SR_EINVAL, "missing_value", name,
				   "%s cannot be empty", name);
	return sr_field_check(&as, v, f);
}

static enum sr_err parse_use(const json_t *u, size_t i, struct sr_done_use *d,
			     struct sr_fail *f)
{
	static const char *const keys[] = {"material_id", "lot_id", "quantity"};
	const char *key;
	json_t *v;
	char name[64];
	enum sr_err err;

	snprintf(name, sizeof(name), "uses[%zu]", i);
	if (!json_is_object(u))
		return sr_fail_set(f, SR_EINVAL, "bad_type", name,
				   "%s must be an object {\"material_id\", "
				   "\"lot_id\", \"quantity\"}, not %s",
				   name, sr_json_type_name(u));
	json_object_foreach((json_t *)u, key, v)
	{
		if (strcmp(key, keys[0]) && strcmp(key, keys[1]) &&
		    strcmp(key, keys[2])) {
			snprintf(name, sizeof(name), "uses[%zu].%.30s", i, key);
			return sr_fail_set(f, SR_EINVAL, "unknown_field", name,
					   "a use takes only material_id, "
					   "lot_id and quantity, not '%s'",
					   name);
		}
	}
	*d = (struct sr_done_use){0, 0, 0};
	snprintf(name, sizeof(name), "uses[%zu].material_id", i);
	v = json_object_get(u, "material_id");
	err = check_as(SR_RES_BATCH_MATERIAL, "material_id", name, v, f);
	if (err)
		return err;
	d->material_id = json_integer_value(v);
	snprintf(name, sizeof(name), "uses[%zu].quantity", i);
	v = json_object_get(u, "quantity");
	err = check_as(SR_RES_BATCH_MATERIAL, "quantity", name, v, f);
	if (err)
		return err;
	d->quantity = json_integer_value(v);
	snprintf(name, sizeof(name), "uses[%zu].lot_id", i);
	v = json_object_get(u, "lot_id");
	if (v) {
		err = check_as(SR_RES_BATCH_MATERIAL, "lot_id", name, v, f);
		d->lot_id = json_is_integer(v) ? json_integer_value(v) : 0;
	}
	return err;
}

enum sr_err sr_done_parse(enum sr_maker what, const char *body, size_t len,
			  struct sr_done *out, struct sr_fail *f)
{
	json_t *doc = NULL, *v;
	const char *key;
	size_t i;
	enum sr_err err = SR_OK;

	memset(out, 0, sizeof(*out));
	if ((unsigned)what >= SR_MAKE__MAX)
		return sr_fail_set(f, SR_EINVAL, "bad_value", NULL,
				   "a batch or an order is made");
	/* No body: all as it is, FEFO, short refused. */
	if (!len)
		return SR_OK;
	doc = sr_json_parse_object(body, len, f);
	if (!doc)
		return f ? f->err : SR_EINVAL;
	json_object_foreach(doc, key, v)
	{
		bool batch_only = !strcmp(key, "made_qty") ||
				  !strcmp(key, "rejected_qty");
		char name[64];

		if ((batch_only && what == SR_MAKE_BATCH) ||
		    !strcmp(key, "uses") || !strcmp(key, "short"))
			continue;
		snprintf(name, sizeof(name), "%.60s", key);
		err = sr_fail_set(f, SR_EINVAL, "unknown_field", name,
				  "done takes %s\"uses\" and \"short\", not "
				  "'%s'",
				  what == SR_MAKE_BATCH
					  ? "\"made_qty\", \"rejected_qty\", "
					  : "",
				  name);
		goto out;
	}
	if ((v = json_object_get(doc, "made_qty"))) {
		err = check_as(SR_RES_BATCH, "made_qty", "made_qty", v, f);
		out->has_made = true;
		out->made_qty = json_integer_value(v);
	}
	if (!err && (v = json_object_get(doc, "rejected_qty"))) {
		err = check_as(SR_RES_BATCH, "rejected_qty", "rejected_qty", v,
			       f);
		out->has_rejected = true;
		out->rejected_qty = json_integer_value(v);
	}
	v = json_object_get(doc, "short");
	if (!err && v) {
		const char *s = json_string_value(v);

		if (!s || (strcmp(s, "refuse") && strcmp(s, "allow")))
			err = sr_fail_set(f, SR_EINVAL, "bad_value", "short",
					  "short must be \"refuse\" (the "
					  "default) or \"allow\" (go below "
					  "zero)");
		else
			out->allow_short = !strcmp(s, "allow");
	}
	v = json_object_get(doc, "uses");
	if (!err && v) {
		if (!json_is_array(v))
			err = sr_fail_set(f, SR_EINVAL, "bad_type", "uses",
					  "uses must be a list of "
					  "{\"material_id\", \"lot_id\", "
					  "\"quantity\"}, not %s",
					  sr_json_type_name(v));
		else if (json_array_size(v) > SR_DONE_USES_MAX)
			err = sr_fail_set(f, SR_EINVAL, "out_of_range", "uses",
					  "uses can name at most %d uses, not "
					  "%zu",
					  SR_DONE_USES_MAX, json_array_size(v));
		out->has_uses = !err;
	}
	if (!err && out->has_uses) {
		json_t *u;

		json_array_foreach(v, i, u)
		{
			err = parse_use(u, i, &out->uses[i], f);
			if (err)
				break;
			out->nuses++;
		}
	}
out:
	json_decref(doc);
	return err;
}

/* ---- marking done -------------------------------------------------------- */

/* Name use i of the body in f: its field, and its message. */
static void at_use(struct sr_fail *f, size_t i)
{
	char where[64];

	if (!f)
		return;
	snprintf(where, sizeof(where), "uses[%zu]%s%.40s", i,
		 f->field.len ? "." : "", f->field.data);
	sr_buf_reset(&f->field);
	sr_buf_adds(&f->field, where);
	snprintf(where, sizeof(where), "uses[%zu]:", i);
	sr_fail_prefix(f, where);
}

/* Lot id, for use i of o: one there is, not past its date on the day. */
static enum sr_err chosen_lot(struct sr_tx *tx, const struct owner *o,
			      int64_t id, struct sr_fail *f)
{
	json_t *lot = NULL;
	enum sr_err err = sr_db_get(tx, sr_resource(SR_RES_LOT), id, &lot, f);

	if (err == SR_ENOTFOUND)
		err = sr_fail_set(f, SR_EINVAL, "unknown_reference", "lot_id",
				  "no lot has id %" PRId64, id);
	if (!err && sr_json_day(lot, "expires_on", SR_FEFO_NO_DATE) < o->day) {
		char day[11];

		sr_date_format(o->day, day);
		err = sr_fail_set(f, SR_ECONFLICT, "expired_lot", "lot_id",
				  "lot %s of %s expired on %s, before the day "
				  "of making (%s)",
				  sr_json_str(lot, "lot")
					  ? sr_json_str(lot, "lot")
					  : "with no code",
				  sr_json_str(lot, "material_name"),
				  sr_json_str(lot, "expires_on"), day);
	}
	json_decref(lot);
	return err;
}

/*
 * Record the uses the maker chose for o: each from its lot, checked; then
 * per material what is given with no lot, from its loose stock, the rest
 * beyond stock (short: refused unless d allows it).
 */
static enum sr_err chosen_write(struct sr_tx *tx, const struct owner *o,
				const struct sr_done *d, int64_t now,
				struct sr_fail *f)
{
	struct short_item *items =
		calloc(d->nuses ? d->nuses : 1, sizeof(*items));
	struct sr_stock *st = calloc(d->nuses ? d->nuses : 1, sizeof(*st));
	int64_t *loose = calloc(d->nuses ? d->nuses : 1, sizeof(*loose));
	size_t n = 0;
	enum sr_err err = items && st && loose ? SR_OK : sr_fail_oom(f);

	for (size_t i = 0; !err && i < d->nuses; i++) {
		const struct sr_done_use *u = &d->uses[i];

		if (!u->lot_id)
			continue;
		err = chosen_lot(tx, o, u->lot_id, f);
		if (!err)
			err = use_add(tx, o, u->material_id, u->quantity,
				      u->lot_id, false, now, f);
		if (err)
			at_use(f, i);
	}
	/* What each material's no-lot uses come to, against its loose
	 * stock: a take from a lot moves lots and on_hand alike, so that
	 * is as it was. */
	for (size_t i = 0; !err && i < d->nuses; i++) {
		int64_t want = 0;
		bool seen = false;

		for (size_t k = 0; k < i; k++)
			seen |= !d->uses[k].lot_id &&
				d->uses[k].material_id ==
					d->uses[i].material_id;
		if (d->uses[i].lot_id || seen)
			continue;
		for (size_t k = i; k < d->nuses; k++)
			if (!d->uses[k].lot_id &&
			    d->uses[k].material_id == d->uses[i].material_id)
				want += d->uses[k].quantity;
		err = sr_stock_read(tx, d->uses[i].material_id, &st[n], f);
		if (err == SR_ENOTFOUND) {
			err = sr_fail_set(f, SR_EINVAL, "unknown_reference",
					  "material_id",
					  "no material has id %" PRId64,
					  d->uses[i].material_id);
			at_use(f, i);
			break;
		}
		if (err)
			break;
		loose[n] = want < st[n].loose ? want : st[n].loose;
		items[n] = (struct short_item){
			d->uses[i].material_id,
			sr_json_str(st[n].material, "name"),
			sr_json_str(st[n].material, "unit"),
			want,
			loose[n],
			want - loose[n],
		};
		n++;
	}
	if (!err && !d->allow_short) {
		size_t k = 0;

		for (size_t i = 0; i < n; i++)
			if (items[i].short_by > 0)
				items[k++] = items[i];
		if (k)
			err = short_fail(
				o, items, k, "uses",
				"Nothing was changed. Choose lots that "
				"hold it, or allow it to go below zero "
				"(\"short\": \"allow\")",
				f);
	}
	for (size_t i = 0; !err && i < n; i++) {
		if (loose[i] > 0)
			err = use_add(tx, o, items[i].material_id, loose[i], 0,
				      false, now, f);
		if (!err && items[i].short_by > 0)
			err = use_add(tx, o, items[i].material_id,
				      items[i].short_by, 0, true, now, f);
	}
	for (size_t i = 0; st && i < n; i++)
		sr_stock_release(&st[i]);
	free(st);
	free(loose);
	free(items);
	return err;
}

/* The change a done body makes to record row: done, and its quantities. */
static json_t *done_change(enum sr_maker what, const json_t *row,
			   const struct sr_done *d)
{
	json_t *in = json_object();
	bool oom = !in;

	if (!is_made(what, sr_json_str(row, "status")))
		sr_json_put(in, "status", json_string("done"), &oom);
	if (d->has_made ||
	    (what == SR_MAKE_BATCH && !sr_json_int(row, "made_qty")))
		sr_json_put(
			in, "made_qty",
			json_integer(d->has_made ? d->made_qty : made_of(row)),
			&oom);
	if (d->has_rejected)
		sr_json_put(in, "rejected_qty", json_integer(d->rejected_qty),
			    &oom);
	if (oom) {
		json_decref(in);
		return NULL;
	}
	return in;
}

enum sr_err sr_consume_done(sr_store *s, enum sr_maker what, int64_t id,
			    const char *body, size_t len, int64_t now,
			    struct sr_buf *out, struct sr_fail *f)
{
	const struct sr_resource *res = maker_res(what);
	struct sr_done *d = malloc(sizeof(*d));
	struct sr_tx *tx = NULL;
	json_t *row = NULL, *in = NULL, *stored = NULL, *uses = NULL;
	json_t *warnings = json_array(), *doc = NULL, *shown = json_array();
	struct owner o;
	int64_t taken = 0;
	bool oom = !warnings || !shown;
	enum sr_err err = !d || oom ? sr_fail_oom(f) : SR_OK;

	if (!err)
		err = sr_done_parse(what, body, len, d, f);
	if (!err)
		err = sr_tx_begin(s, true, &tx, f);
	if (!err)
		err = sr_db_get(tx, res, id, &row, f);
	if (!err) {
		owner_of(what, row, now, &o);
		err = recipe_uses(tx, &o, &taken, f);
	}
	if (!err && taken) {
		char who[160];

		owner_name(&o, who, sizeof(who));
		err = sr_fail_set(
			f, SR_ECONFLICT, "already_done", "status",
			"%s is done and took its materials already; "
			"set it back to %s first to take them again",
			who, what == SR_MAKE_ORDER ? "in_progress" : "running");
	}
	/* The change first, with its own checks (made, rejected, sold), the
	 * hooks told to take nothing; then the uses, by its new quantity. */
	if (!err) {
		in = done_change(what, row, d);
		taken_by_call = tx;
		err = in ? sr_rec_update_in(tx, res, id, in, now, &stored, f)
			 : sr_fail_oom(f);
		taken_by_call = NULL;
	}
	if (!err) {
		owner_of(what, stored, now, &o);
		if (d->has_uses)
			err = chosen_write(tx, &o, d, now, f);
		else
			err = consume(tx, &o, d->allow_short, "short",
				      "Nothing was changed. Choose other lots "
				      "or quantities, or allow it to go below "
				      "zero (\"short\": \"allow\"; on the "
				      "command line --short allow)",
				      now, f);
	}
	if (!err) {
		json_decref(stored);
		stored = NULL;
		err = sr_db_get(tx, res, id, &stored, f);
	}
	if (!err)
		err = uses_of(tx, &o, &uses, f);
	if (!err)
		err = short_warning(what, stored, warnings, f);
	err = sr_tx_finish(tx, err, f);
	if (err)
		goto out;
	for (size_t i = 0; i < json_array_size(uses); i++)
		sr_json_push(shown, sr_rec_output(json_array_get(uses, i)),
			     &oom);
	doc = json_object();
	oom |= !doc;
	sr_json_put(doc, maker_key[what], sr_rec_output(stored), &oom);
	sr_json_put(doc, "uses", json_incref(shown), &oom);
	sr_json_put(doc, "warnings", json_incref(warnings), &oom);
	err = oom ? sr_fail_oom(f) : sr_json_dump(doc, out, 0);
out:
	free(d);
	json_decref(row);
	json_decref(in);
	json_decref(stored);
	json_decref(uses);
	json_decref(warnings);
	json_decref(shown);
	json_decref(doc);
	return err;
}
