/*
 * recipe.c - recipes (recipe.h): the rules of a recipe line, a material
 * and its purchase units; a product's material cost rolled up from its
 * recipe and kept in products.recipe_cost; and the expanded tree.
 *
 * Everything runs inside the caller's transaction through the typed store
 * API (db.h). Costs are worked out in 128 bits and carried in millionths
 * of a penny ("micro"), so that a line's share never overflows and a
 * product's cost is rounded to pence once.
 */
#include "compat.h"

#include "json.h"
#include "recipe-int.h"
#include "records-int.h"
#include "smallrun/parse.h"
#include "smallrun/recipe.h"
#include "smallrun/units.h"

typedef __int128 i128;

#define MICRO INT64_C(1000000)
/* Quantities in a tree: at most 10^12 base units, in millionths. */
#define TREE_MICRO_MAX ((i128)INT64_C(1000000000000) * MICRO)

/* num / den rounded half up; num >= 0, den > 0. */
static i128 div_half_up(i128 num, i128 den)
{
	return (num + den / 2) / den;
}

/* The most a product's material cost may be, in micro. */
static int64_t cost_max_micro(void)
{
	return sr_field_find(sr_resource(SR_RES_PRODUCT), "material_cost")
		       ->max *
	       MICRO;
}

/* ---- products seen, by id: an open-addressing table ---------------------- */

enum seen_state { SEEN_NONE, SEEN_VISITING, SEEN_DONE };

struct seen {
	int64_t id;
	int64_t micro; /* its cost of one, when done and has */
	bool has;      /* it has a recipe */
	unsigned char state;
};

struct memo {
	struct seen *slot;
	size_t cap, n; /* cap a power of two */
};

static void memo_release(struct memo *m)
{
	free(m->slot);
	memset(m, 0, sizeof(*m));
}

static size_t memo_hash(int64_t id, size_t cap)
{
	uint64_t h = (uint64_t)id * UINT64_C(0x9E3779B97F4A7C15);

	return (size_t)(h >> 32) & (cap - 1);
}

/* The entry of id, made (state SEEN_NONE) when new; NULL: no memory. The
 * pointer holds until the next call. */
static struct seen *memo_at(struct memo *m, int64_t id)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		struct seen *slot = calloc(cap, sizeof(*slot));

		if (!slot)
			return NULL;
		for (size_t k = 0; k < m->cap; k++) {
			if (!m->slot[k].id)
				continue;
			i = memo_hash(m->slot[k].id, cap);
			while (slot[i].id)
				i = (i + 1) & (cap - 1);
			slot[i] = m->slot[k];
		}
		free(m->slot);
		m->slot = slot;
		m->cap = cap;
	}
	i = memo_hash(id, m->cap);
	while (m->slot[i].id && m->slot[i].id != id)
		i = (i + 1) & (m->cap - 1);
	if (!m->slot[i].id) {
		m->slot[i] = (struct seen){.id = id};
		m->n++;
	}
	return &m->slot[i];
}

/* ---- the cost of one unit ------------------------------------------------ */

struct roll {
	struct sr_tx *tx;
	struct memo memo;
};

static enum sr_err unit_cost(struct roll *r, int64_t product_id, int64_t typed,
			     int depth, int64_t *micro, bool *has,
			     struct sr_fail *f);

/* A line's quantity in its material's base unit (or units of a product). */
static enum sr_err line_base(const struct sr_db_recipe_line *l, int64_t *qty,
			     struct sr_fail *f)
{
	if (!l->material_id) {
		*qty = l->quantity;
		return SR_OK;
	}
	return sr_unit_to_base(
		l->base, l->unit, l->quantity,
		sr_field_find(sr_resource(SR_RES_RECIPE_LINE), "quantity")->max,
		"unit", qty, f);
}

/* What a line's quantity takes for each unit made, as a fraction:
 * base × (100 + loss) / (100 × yield). */
static void line_share(const struct sr_db_recipe_line *l, int64_t base,
		       i128 *num, i128 *den)
{
	*num = (i128)base * (100 + l->loss_pct);
	*den = (i128)100 * (l->batch_yield > 0 ? l->batch_yield : 1);
}

/* The cost in micro of one unit of what line l takes; *has for a product. */
static enum sr_err line_item_micro(struct roll *r,
				   const struct sr_db_recipe_line *l, int depth,
				   i128 *num, i128 *den, bool *has,
				   struct sr_fail *f)
{
	int64_t child = 0;
	enum sr_err err;

	*has = false;
	if (l->material_id) {
		/* cost_per_unit pence for cost_per base units. */
		*num = (i128)l->cost_per_unit * MICRO;
		*den = l->cost_per > 0 ? l->cost_per : 1;
		return SR_OK;
	}
	err = unit_cost(r, l->sub_product_id, l->typed_cost, depth + 1, &child,
			has, f);
	*num = child;
	*den = 1;
	return err;
}

static enum sr_err too_costly(const char *name, struct sr_fail *f)
{
	char most[SR_MONEY_TEXT_SIZE];

	sr_money_format(cost_max_micro() / MICRO, most);
	return sr_fail_set(f, SR_EINVAL, "out_of_range", NULL,
			   "the materials of one %.200s would cost more than "
			   "%s",
			   name, most);
}

/*
 * The cost of one unit of product_id in micro, from its recipe (*has), or
 * its typed cost when it has none (typed, given by whoever asks, as the
 * line that uses it read it). Each product is worked out once per roll.
 */
static enum sr_err unit_cost(struct roll *r, int64_t product_id, int64_t typed,
			     int depth, int64_t *micro, bool *has,
			     struct sr_fail *f)
{
	struct sr_db_recipe lines = {0};
	struct seen *s = memo_at(&r->memo, product_id);
	i128 sum = 0;
	enum sr_err err = SR_OK;

	*micro = typed * MICRO;
	*has = false;
	if (!s)
		return sr_fail_oom(f);
	if (s->state == SEEN_DONE) {
		*has = s->has;
		if (s->has)
			*micro = s->micro;
		return SR_OK;
	}
	if (s->state == SEEN_VISITING)
		return sr_fail_set(f, SR_ECONFLICT, "cycle", "sub_product_id",
				   "product %" PRId64 " is part of itself",
				   product_id);
	if (depth > SR_RECIPE_DEPTH_MAX)
		return sr_fail_set(f, SR_ECONFLICT, "recipe_too_deep",
				   "sub_product_id",
				   "recipes can nest at most %d deep",
				   SR_RECIPE_DEPTH_MAX);
	s->state = SEEN_VISITING;
	err = sr_db_recipe_lines(r->tx, product_id, &lines, f);
	for (size_t i = 0; !err && i < lines.n; i++) {
		const struct sr_db_recipe_line *l = &lines.line[i];
		i128 qn, qd, cn, cd, share;
		int64_t base;
		bool sub_has;

		err = line_base(l, &base, f);
		if (!err)
			err = line_item_micro(r, l, depth, &cn, &cd, &sub_has,
					      f);
		if (err)
			break;
		line_share(l, base, &qn, &qd);
		/* One rounding per line: at most 2·10^28 over at least 1. */
		share = div_half_up(qn * cn, qd * cd);
		sum += share;
		if (sum > cost_max_micro())
			err = too_costly(l->name, f);
	}
	s = memo_at(&r->memo, product_id);
	if (!s && !err)
		err = sr_fail_oom(f);
	if (!err) {
		s->state = SEEN_DONE;
		s->has = lines.n > 0;
		s->micro = (int64_t)sum;
		*has = s->has;
		if (s->has)
			*micro = s->micro;
	} else if (s) {
		s->state = SEEN_NONE;
	}
	sr_db_recipe_release(&lines);
	return err;
}

/* Work out and store the cost of each product of ids, with one memo. */
static enum sr_err store_costs(struct roll *r, const struct sr_db_ids *ids,
			       bool fresh_each, struct sr_fail *f)
{
	enum sr_err err = SR_OK;

	for (size_t i = 0; !err && i < ids->n; i++) {
		int64_t micro = 0;
		bool has = false;

		if (fresh_each)
			memo_release(&r->memo);
		err = unit_cost(r, ids->id[i], 0, 0, &micro, &has, f);
		if (!err)
			err = sr_db_recipe_set_cost(
				r->tx, ids->id[i], has,
				(int64_t)div_half_up(micro, MICRO), f);
	}
	return err;
}

/* The cost of every product that uses this product or material again. */
static enum sr_err refresh(struct sr_tx *tx, bool material, int64_t id,
			   struct sr_fail *f)
{
	struct roll r = {tx, {0}};
	struct sr_db_ids ids = {0};
	enum sr_err err = sr_db_recipe_up(tx, material, id, &ids, f);

	if (!err)
		err = store_costs(&r, &ids, false, f);
	memo_release(&r.memo);
	sr_db_ids_release(&ids);
	return err;
}

enum sr_err sr_recipe_rollup(sr_store *s, enum sr_rollup_how how,
			     int64_t *products, struct sr_fail *f)
{
	struct roll r = {NULL, {0}};
	struct sr_db_ids ids = {0};
	enum sr_err err = sr_tx_begin(s, true, &r.tx, f);

	if (!err)
		err = sr_db_product_ids(r.tx, &ids, f);
	if (!err)
		err = store_costs(&r, &ids, how == SR_ROLLUP_EACH, f);
	err = sr_tx_finish(r.tx, err, f);
	if (products)
		*products = err ? 0 : (int64_t)ids.n;
	memo_release(&r.memo);
	sr_db_ids_release(&ids);
	return err;
}

/* ---- the rules ----------------------------------------------------------- */

int64_t sr_product_material_cost(const json_t *product, bool *from_recipe)
{
	const json_t *rc = json_object_get(product, "recipe_cost");

	if (from_recipe)
		*from_recipe = json_is_integer(rc);
	return json_is_integer(rc) ? json_integer_value(rc)
				   : sr_json_int(product, "material_cost");
}

/* Append v to a list of ids. */
static int push_id(struct sr_db_ids *ids, int64_t v)
{
	if (ids->n == ids->cap) {
		size_t cap = ids->cap ? ids->cap * 2 : 16;
		int64_t *id = realloc(ids->id, cap * sizeof(*id));

		if (!id)
			return -1;
		ids->id = id;
		ids->cap = cap;
	}
	ids->id[ids->n++] = v;
	return 0;
}

/* "Loaf → Dough → Loaf" for the products of ids, into f as a cycle. */
static enum sr_err cycle_fail(struct sr_tx *tx, const int64_t *ids, size_t n,
			      struct sr_fail *f)
{
	const struct sr_resource *res = sr_resource(SR_RES_PRODUCT);
	struct sr_buf path = SR_BUF_INIT(SR_FAIL_MAX / 2);
	enum sr_err err = SR_OK;

	for (size_t k = 0; k < n && !err; k++) {
		json_t *row = NULL;

		err = sr_db_get(tx, res, ids[k], &row, f);
		if (!err)
			sr_buf_addf(&path, "%s%s", k ? " → " : "",
				    sr_json_str(row, "name"));
		json_decref(row);
	}
	if (!err)
		err = sr_fail_set(f, SR_ECONFLICT, "cycle", "sub_product_id",
				  "%s%s: a product cannot be made of itself",
				  path.data, path.err ? " …" : "");
	/* Each product of the path once, for a client to link. */
	for (size_t k = 0; err == SR_ECONFLICT && k + 1 < n; k++) {
		json_t *row = NULL;

		if (!sr_db_get(tx, res, ids[k], &row, NULL))
			sr_fail_names(f, res->name, ids[k],
				      sr_json_str(row, "name"));
		json_decref(row);
	}
	sr_buf_release(&path);
	return err;
}

/*
 * Is product part of sub already (or sub product itself)? Then a line of
 * product that uses sub is refused, with the shortest way round named:
 * "Loaf → Dough → Loaf". Breadth first from sub over the products each
 * recipe uses: queue.id[i] was reached from queue.id[from.id[i]].
 */
static enum sr_err check_cycle(struct sr_tx *tx, int64_t product, int64_t sub,
			       struct sr_fail *f)
{
	struct sr_db_ids queue = {0}, from = {0}, next = {0}, path = {0};
	struct memo seen = {0};
	struct seen *e = memo_at(&seen, sub);
	enum sr_err err = SR_OK;
	size_t i;

	if (!e || push_id(&queue, sub) || push_id(&from, -1)) {
		err = sr_fail_oom(f);
		goto out;
	}
	e->state = SEEN_DONE;
	for (i = 0; i < queue.n && queue.id[i] != product && !err; i++) {
		next.n = 0;
		err = sr_db_recipe_subs(tx, queue.id[i], &next, f);
		for (size_t k = 0; !err && k < next.n; k++) {
			e = memo_at(&seen, next.id[k]);
			if (!e)
				err = sr_fail_oom(f);
			else if (e->state == SEEN_NONE &&
				 (push_id(&queue, next.id[k]) ||
				  push_id(&from, (int64_t)i)))
				err = sr_fail_oom(f);
			else
				e->state = SEEN_DONE;
		}
	}
	if (err || i == queue.n)
		goto out;
	/* product, then back from it to sub, read in reverse. */
	for (int64_t k = (int64_t)i; k >= 0 && !err; k = from.id[k])
		if (push_id(&path, queue.id[k]))
			err = sr_fail_oom(f);
	if (!err && push_id(&path, product))
		err = sr_fail_oom(f);
	for (size_t a = 0, b = path.n - 1; !err && a < b; a++, b--) {
		int64_t t = path.id[a];

		path.id[a] = path.id[b];
		path.id[b] = t;
	}
	if (!err)
		err = cycle_fail(tx, path.id, path.n, f);
out:
	sr_db_ids_release(&queue);
	sr_db_ids_release(&from);
	sr_db_ids_release(&next);
	sr_db_ids_release(&path);
	memo_release(&seen);
	return err;
}

enum sr_err sr_recipe_line_before_write(struct sr_tx *tx, json_t *row,
					const json_t *old, int64_t now,
					struct sr_fail *f)
{
	bool is_material = json_is_integer(json_object_get(row, "material_id"));
	bool is_product =
		json_is_integer(json_object_get(row, "sub_product_id"));
	bool per_batch = !strcmp(sr_json_str(row, "per"), "batch");
	const json_t *yield = json_object_get(row, "batch_yield");
	const char *unit = sr_json_str(row, "unit");
	int64_t product = sr_json_int(row, "product_id");
	enum sr_err err = SR_OK;

	(void)now;
	if (is_material == is_product)
		return sr_fail_set(f, SR_EINVAL, "missing_field", "material_id",
				   "give either material_id or sub_product_id: "
				   "a line takes one material or one product");
	if (per_batch && !json_is_integer(yield))
		return sr_fail_set(f, SR_EINVAL, "missing_field", "batch_yield",
				   "a line per batch needs batch_yield: how "
				   "many one batch makes");
	if (!per_batch && json_is_integer(yield)) {
		/* Turned from per batch to per unit: the yield goes too. */
		if (old && !strcmp(sr_json_str(old, "per"), "batch") &&
		    json_equal(yield, json_object_get(old, "batch_yield")))
			json_object_set_new(row, "batch_yield", json_null());
		else
			return sr_fail_set(f, SR_EINVAL, "bad_value",
					   "batch_yield",
					   "batch_yield is for a line per "
					   "batch; give per \"batch\" too, or "
					   "leave it out");
	}
	if (is_material) {
		json_t *material = NULL;
		int64_t base;

		err = sr_get_ref(tx, SR_RES_MATERIAL, row, "material_id",
				 &material, f);
		if (!err)
			err = sr_unit_to_base(
				sr_json_str(material, "unit"), unit,
				sr_json_int(row, "quantity"),
				sr_field_find(sr_resource(SR_RES_RECIPE_LINE),
					      "quantity")
					->max,
				unit ? "unit" : "quantity", &base, f);
		json_decref(material);
		if (err)
			return err;
	} else if (unit) {
		return sr_fail_set(f, SR_EINVAL, "bad_unit", "unit",
				   "a product is counted in whole units: "
				   "leave unit out");
	} else {
		/* A cycle is named by its products: the line's must exist. */
		json_t *made = NULL;

		err = sr_get_ref(tx, SR_RES_PRODUCT, row, "product_id", &made,
				 f);
		json_decref(made);
		if (!err)
			err = check_cycle(tx, product,
					  sr_json_int(row, "sub_product_id"), f);
		if (err)
			return err;
	}
	if (!old || sr_json_int(old, "product_id") != product) {
		int64_t n = 0;

		err = sr_db_recipe_count(tx, product, &n, f);
		if (!err && n >= SR_RECIPE_LINES_MAX)
			err = sr_fail_set(f, SR_ECONFLICT, "too_many_lines",
					  "product_id",
					  "a recipe has at most %d lines",
					  SR_RECIPE_LINES_MAX);
	}
	return err;
}

enum sr_err sr_recipe_line_after_write(struct sr_tx *tx, const json_t *row,
				       const json_t *old, struct sr_fail *f)
{
	enum sr_err err = SR_OK;

	if (row)
		err = refresh(tx, false, sr_json_int(row, "product_id"), f);
	if (!err && old &&
	    (!row || sr_json_int(old, "product_id") != sr_json_int(row, "product_id")))
		err = refresh(tx, false, sr_json_int(old, "product_id"), f);
	return err;
}

enum sr_err sr_product_after_write(struct sr_tx *tx, const json_t *row,
				   const json_t *old, struct sr_fail *f)
{
	/* A typed cost counts where the product, with no recipe, is used. */
	if (row && old &&
	    sr_json_int(row, "material_cost") != sr_json_int(old, "material_cost"))
		return refresh(tx, false, sr_json_int(row, "id"), f);
	return SR_OK;
}

/* How many records of r refer to material id through field. */
static enum sr_err uses_of(struct sr_tx *tx, enum sr_res r, const char *field,
			   int64_t id, int64_t *n, struct sr_fail *f)
{
	const struct sr_resource *res = sr_resource(r);
	int64_t ids[SR_DB_REF_IDS];
	size_t nids;

	return sr_db_count_refs(tx, res, sr_field_find(res, field), id, n, ids,
				&nids, f);
}

enum sr_err sr_material_before_write(struct sr_tx *tx, json_t *row,
				     const json_t *old, int64_t now,
				     struct sr_fail *f)
{
	/* What its label says: lib/ingredients.c. */
	enum sr_err label = sr_material_label_check(row, f);

	(void)now;
	if (label)
		return label;
	if (!old) {
		/* New, with a pack's price and no cost: the pack's. */
		if (sr_json_int(row, "cost_per_unit") == 0 &&
		    sr_json_int(row, "cost_per") == 1 &&
		    json_is_integer(json_object_get(row, "pack_price")) &&
		    json_is_integer(json_object_get(row, "pack_size"))) {
			json_object_set(row, "cost_per_unit",
					json_object_get(row, "pack_price"));
			json_object_set(row, "cost_per",
					json_object_get(row, "pack_size"));
		}
		return SR_OK;
	}
	/* Its stock counted by hand: its lots follow (lib/stock.c). */
	enum sr_err counted = sr_material_stock_count(tx, row, old, f);

	if (counted)
		return counted;
	if (strcmp(sr_json_str(row, "unit"), sr_json_str(old, "unit"))) {
		int64_t lines = 0, units = 0;
		enum sr_err err = uses_of(tx, SR_RES_RECIPE_LINE, "material_id",
					  sr_json_int(old, "id"), &lines, f);

		if (!err)
			err = uses_of(tx, SR_RES_MATERIAL_UNIT, "material_id",
				      sr_json_int(old, "id"), &units, f);
		if (err)
			return err;
		if (lines || units)
			return sr_fail_set(
				f, SR_ECONFLICT, "unit_in_use", "unit",
				"%s is counted in %s by %" PRId64
				" recipe line%s and %" PRId64
				" purchase unit%s; change or delete those "
				"before its unit",
				sr_json_str(old, "name"), sr_json_str(old, "unit"),
				lines, lines == 1 ? "" : "s", units,
				units == 1 ? "" : "s");
	}
	return SR_OK;
}

enum sr_err sr_material_after_write(struct sr_tx *tx, const json_t *row,
				    const json_t *old, struct sr_fail *f)
{
	if (row && old &&
	    (sr_json_int(row, "cost_per_unit") != sr_json_int(old, "cost_per_unit") ||
	     sr_json_int(row, "cost_per") != sr_json_int(old, "cost_per")))
		return refresh(tx, true, sr_json_int(row, "id"), f);
	return SR_OK;
}

enum sr_err sr_material_unit_before_write(struct sr_tx *tx, json_t *row,
					  const json_t *old, int64_t now,
					  struct sr_fail *f)
{
	const char *name = sr_json_str(row, "name");

	(void)tx;
	(void)old;
	(void)now;
	/* "kg" is 1000 g everywhere: a material's own units are its packs. */
	for (size_t i = 0; sr_unit_at(i); i++)
		if (!strcasecmp(sr_unit_at(i)->name, name))
			return sr_fail_set(
				f, SR_EINVAL, "bad_value", "name",
				"%s is a standard unit already (1 %s is "
				"%" PRId64 " %s); name the pack, like "
				"\"sack\" or \"pack of 100\"",
				sr_unit_at(i)->name, sr_unit_at(i)->name,
				sr_unit_at(i)->factor, sr_unit_at(i)->base);
	return SR_OK;
}

/* ---- the tree ------------------------------------------------------------ */

struct tree {
	struct roll roll;
	size_t nodes;
	json_t *materials; /* [{material_id, name, unit, needed, cost}] */
	i128 *mat_needed, *mat_cost;
	size_t nmat, capmat;
};

static json_t *micro_json(i128 v)
{
	return json_real((double)v / (double)MICRO);
}

static json_t *pence_json(i128 micro)
{
	return json_integer((json_int_t)div_half_up(micro, MICRO));
}

/* Add a material's need to the totals. */
static enum sr_err add_material(struct tree *t,
				const struct sr_db_recipe_line *l, i128 needed,
				i128 cost, struct sr_fail *f)
{
	bool oom = false;
	size_t i;

	for (i = 0; i < t->nmat; i++)
		if (sr_json_int(json_array_get(t->materials, i), "material_id") ==
		    l->material_id)
			break;
	if (i == t->nmat) {
		if (t->nmat == t->capmat) {
			size_t cap = t->capmat ? t->capmat * 2 : 16;
			i128 *a = realloc(t->mat_needed, cap * sizeof(*a));
			i128 *b = a ? realloc(t->mat_cost, cap * sizeof(*b))
				    : NULL;

			if (a)
				t->mat_needed = a;
			if (b)
				t->mat_cost = b;
			if (!a || !b)
				return sr_fail_oom(f);
			t->capmat = cap;
		}
		sr_json_push(t->materials,
			     json_pack("{sIssss}", "material_id",
				       (json_int_t)l->material_id, "name",
				       l->name, "unit", l->base),
			     &oom);
		if (oom)
			return sr_fail_oom(f);
		t->mat_needed[i] = t->mat_cost[i] = 0;
		t->nmat++;
	}
	t->mat_needed[i] += needed;
	t->mat_cost[i] += cost;
	return SR_OK;
}

static enum sr_err too_much(struct sr_fail *f)
{
	return sr_fail_set(f, SR_EINVAL, "out_of_range", "quantity",
			   "that many would need more of something than can "
			   "be worked out; ask for fewer");
}

/*
 * The lines of product_id when need micro units of it are made, into
 * list; *cost the micro they cost together.
 */
static enum sr_err expand(struct tree *t, int64_t product_id, i128 need,
			  int depth, json_t *list, i128 *cost,
			  struct sr_fail *f)
{
	static const char *const kinds[] = {"unit", "batch"};
	struct sr_db_recipe lines = {0};
	enum sr_err err;

	*cost = 0;
	if (depth > SR_RECIPE_DEPTH_MAX)
		return sr_fail_set(f, SR_ECONFLICT, "recipe_too_deep",
				   "sub_product_id",
				   "recipes can nest at most %d deep",
				   SR_RECIPE_DEPTH_MAX);
	err = sr_db_recipe_lines(t->roll.tx, product_id, &lines, f);
	for (size_t i = 0; !err && i < lines.n; i++) {
		const struct sr_db_recipe_line *l = &lines.line[i];
		json_t *node = NULL, *sub = json_array();
		i128 qn, qd, cn, cd, needed, line_cost = 0;
		int64_t base;
		bool has = false, oom = !sub;

		if (++t->nodes > SR_RECIPE_TREE_MAX) {
			json_decref(sub);
			err = sr_fail_set(f, SR_ECONFLICT, "tree_too_large",
					  NULL,
					  "the recipe expands to more than "
					  "%d lines",
					  SR_RECIPE_TREE_MAX);
			break;
		}
		err = line_base(l, &base, f);
		if (!err)
			err = line_item_micro(&t->roll, l, depth, &cn, &cd,
					      &has, f);
		line_share(l, base, &qn, &qd);
		needed = err ? 0 : div_half_up(qn * need, qd);
		if (!err && needed > TREE_MICRO_MAX)
			err = too_much(f);
		if (!err && l->material_id) {
			line_cost = div_half_up(needed * cn, cd * MICRO);
			err = add_material(t, l, needed, line_cost, f);
		} else if (!err && has) {
			err = expand(t, l->sub_product_id, needed, depth + 1,
				     sub, &line_cost, f);
		} else if (!err) {
			line_cost = div_half_up(needed * cn, MICRO);
		}
		if (err) {
			json_decref(sub);
			break;
		}
		*cost += line_cost;
		node = json_object();
		oom |= !node;
		sr_json_put(node, "line_id", json_integer(l->id), &oom);
		sr_json_put(node, "material_id",
			    l->material_id ? json_integer(l->material_id)
					   : json_null(),
			    &oom);
		sr_json_put(node, "sub_product_id",
			    l->sub_product_id ? json_integer(l->sub_product_id)
					      : json_null(),
			    &oom);
		sr_json_put(node, "name", json_string(l->name), &oom);
		sr_json_put(node, "quantity", json_integer(l->quantity), &oom);
		sr_json_put(node, "unit",
			    *l->unit ? json_string(l->unit) : json_null(),
			    &oom);
		sr_json_put(node, "per", json_string(kinds[l->batch_yield > 0]),
			    &oom);
		sr_json_put(node, "batch_yield",
			    l->batch_yield ? json_integer(l->batch_yield)
					   : json_null(),
			    &oom);
		sr_json_put(node, "loss_pct", json_integer(l->loss_pct), &oom);
		sr_json_put(node, "base_unit",
			    *l->base ? json_string(l->base) : json_null(),
			    &oom);
		sr_json_put(node, "needed", micro_json(needed), &oom);
		sr_json_put(node, "cost", pence_json(line_cost), &oom);
		if (l->sub_product_id)
			sr_json_put(node, "source",
				    json_string(has ? "recipe" : "typed"),
				    &oom);
		sr_json_put(node, "lines", sub, &oom);
		sr_json_push(list, node, &oom);
		if (oom)
			err = sr_fail_oom(f);
	}
	sr_db_recipe_release(&lines);
	return err;
}

enum sr_err sr_recipe_tree(sr_store *s, int64_t product_id, int64_t quantity,
			   struct sr_buf *out, struct sr_fail *f)
{
	struct tree t = {0};
	json_t *product = NULL, *doc = NULL, *lines = json_array();
	i128 cost = 0;
	int64_t micro = 0;
	bool has = false, oom = !lines;
	enum sr_err err = SR_OK;

	t.materials = json_array();
	if (quantity < 1 || quantity > SR_RECIPE_QTY_MAX)
		err = sr_fail_set(f, SR_EINVAL, "out_of_range", "quantity",
				  "quantity must be from 1 to %d, not "
				  "%" PRId64,
				  SR_RECIPE_QTY_MAX, quantity);
	else if (oom || !t.materials)
		err = sr_fail_oom(f);
	if (!err)
		err = sr_tx_begin(s, false, &t.roll.tx, f);
	if (!err)
		err = sr_db_get(t.roll.tx, sr_resource(SR_RES_PRODUCT),
				product_id, &product, f);
	if (!err)
		err = unit_cost(&t.roll, product_id,
				sr_json_int(product, "material_cost"), 0, &micro,
				&has, f);
	if (!err && has)
		err = expand(&t, product_id, (i128)quantity * MICRO, 0, lines,
			     &cost, f);
	else if (!err)
		cost = (i128)micro * quantity;
	err = sr_tx_finish(t.roll.tx, err, f);
	if (err)
		goto out;
	for (size_t i = 0; i < t.nmat; i++) {
		json_t *m = json_array_get(t.materials, i);

		sr_json_put(m, "needed", micro_json(t.mat_needed[i]), &oom);
		sr_json_put(m, "cost", pence_json(t.mat_cost[i]), &oom);
	}
	doc = json_object();
	oom |= !doc;
	sr_json_put(doc, "product_id", json_integer(product_id), &oom);
	sr_json_put(doc, "name", json_string(sr_json_str(product, "name")), &oom);
	sr_json_put(doc, "quantity", json_integer(quantity), &oom);
	sr_json_put(doc, "material_cost_source",
		    json_string(has ? "recipe" : "typed"), &oom);
	sr_json_put(doc, "unit_cost", pence_json(micro), &oom);
	sr_json_put(doc, "cost", pence_json(cost), &oom);
	sr_json_put(doc, "lines", json_incref(lines), &oom);
	sr_json_put(doc, "materials", json_incref(t.materials), &oom);
	err = oom ? sr_fail_oom(f) : sr_json_dump(doc, out, 0);
	if (err)
		err = sr_fail_set(f, err, "internal", NULL,
				  "the answer could not be written");
out:
	memo_release(&t.roll.memo);
	free(t.mat_needed);
	free(t.mat_cost);
	json_decref(t.materials);
	json_decref(lines);
	json_decref(product);
	json_decref(doc);
	return err;
}

/* ---- what a recipe takes ------------------------------------------------- */

void sr_needs_release(struct sr_needs *n)
{
	free(n->v);
	memset(n, 0, sizeof(*n));
}

int64_t sr_need_base(const struct sr_need *n)
{
	return (int64_t)((n->micro + MICRO - 1) / MICRO);
}

static enum sr_err need_add(struct sr_needs *out, int64_t material_id,
			    i128 micro, struct sr_fail *f)
{
	size_t i;

	for (i = 0; i < out->n; i++)
		if (out->v[i].material_id == material_id)
			break;
	if (i == out->n) {
		if (out->n == out->cap) {
			size_t cap = out->cap ? out->cap * 2 : 16;
			struct sr_need *v = realloc(out->v, cap * sizeof(*v));

			if (!v)
				return sr_fail_oom(f);
			out->v = v;
			out->cap = cap;
		}
		out->v[out->n++] = (struct sr_need){.material_id = material_id};
	}
	out->v[i].micro += micro;
	if (out->v[i].micro > TREE_MICRO_MAX)
		return too_much(f);
	return SR_OK;
}

enum sr_err sr_recipe_line_need(const struct sr_db_recipe_line *l, i128 need,
				i128 *out, struct sr_fail *f)
{
	i128 qn, qd;
	int64_t base = 0;
	enum sr_err err = line_base(l, &base, f);

	*out = 0;
	if (err)
		return err;
	line_share(l, base, &qn, &qd);
	*out = div_half_up(qn * need, qd);
	return *out > TREE_MICRO_MAX ? too_much(f) : SR_OK;
}

/* The needs of making need micro units of product_id, into out. */
static enum sr_err needs_walk(struct sr_tx *tx, int64_t product_id, i128 need,
			      int depth, struct sr_needs *out, bool *has,
			      struct sr_fail *f)
{
	struct sr_db_recipe lines = {0};
	enum sr_err err;

	if (depth > SR_RECIPE_DEPTH_MAX)
		return sr_fail_set(f, SR_ECONFLICT, "recipe_too_deep",
				   "sub_product_id",
				   "recipes can nest at most %d deep",
				   SR_RECIPE_DEPTH_MAX);
	err = sr_db_recipe_lines(tx, product_id, &lines, f);
	*has = !err && lines.n > 0;
	for (size_t i = 0; !err && i < lines.n; i++) {
		const struct sr_db_recipe_line *l = &lines.line[i];
		i128 qn, qd, needed;
		int64_t base = 0;
		bool sub_has = false;

		err = line_base(l, &base, f);
		if (err)
			break;
		line_share(l, base, &qn, &qd);
		needed = div_half_up(qn * need, qd);
		if (needed > TREE_MICRO_MAX)
			err = too_much(f);
		else if (!needed)
			continue;
		else if (l->material_id)
			err = need_add(out, l->material_id, needed, f);
		else
			err = needs_walk(tx, l->sub_product_id, needed,
					 depth + 1, out, &sub_has, f);
	}
	sr_db_recipe_release(&lines);
	return err;
}

enum sr_err sr_recipe_needs(struct sr_tx *tx, int64_t product_id,
			    int64_t quantity, struct sr_needs *out, bool *has,
			    struct sr_fail *f)
{
	json_t *product = NULL;
	enum sr_err err;

	*has = false;
	if (quantity < 0 || quantity > SR_RECIPE_QTY_MAX)
		return sr_fail_set(f, SR_EINVAL, "out_of_range", "quantity",
				   "a recipe is worked out for 0 to %d units, "
				   "not %" PRId64,
				   SR_RECIPE_QTY_MAX, quantity);
	err = sr_db_get(tx, sr_resource(SR_RES_PRODUCT), product_id, &product,
			f);
	json_decref(product);
	if (!err)
		err = needs_walk(tx, product_id, (i128)quantity * MICRO, 0, out,
				 has, f);
	return err;
}
