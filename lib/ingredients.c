/*
 * ingredients.c - a product's ingredients list and allergens from its
 * recipe (ingredients.h gives the rules), and the check of a material's
 * label fields.
 *
 * The recipe is walked line by line in the order entered, each line's
 * need worked out by recipe.c's own arithmetic (sr_recipe_line_need(),
 * recipe-int.h), into a tree of lists: one per compound ingredient. Each
 * list is then sorted by weight and written out as runs of text, bold
 * where an allergen is named.
 */
#include "compat.h"

#include "ingredients-int.h"
#include "json.h"
#include "recipe-int.h"
#include "resource.h"
#include "smallrun/allergens.h"
#include "smallrun/recipe.h"

typedef __int128 i128;

#define MICRO INT64_C(1000000)

static const char *get_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int64_t get_int(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* ---- a material's label fields ------------------------------------------ */

enum sr_err sr_material_label_check(json_t *row, struct sr_fail *f)
{
	const char *text = get_str(row, "allergens");
	struct sr_buf norm = SR_BUF_INIT(256);
	unsigned set = 0;
	enum sr_err err = SR_OK;

	/* None marked: "" (null from a CSV's empty cell). */
	if (!text)
		text = "";
	err = sr_allergens_parse(text, strlen(text), "allergens", &set, f);
	if (err)
		goto out;
	sr_allergens_format(set, &norm);
	if (norm.err ||
	    json_object_set_new(row, "allergens", json_string(norm.data)))
		err = sr_fail_oom(f);
out:
	sr_buf_release(&norm);
	return err;
}

/* ---- the walk ----------------------------------------------------------- */

struct ing_list;

/* One entry of a list. */
struct ing {
	char *name;	      /* as printed */
	i128 weight;	      /* millionths of a gram, of the known parts */
	bool unknown;	      /* some part of it has no weight */
	unsigned allergens;   /* its materials' own (not its sub-list's) */
	char *contains;	      /* a compound material's, or NULL */
	struct ing_list *sub; /* a compound product's list, or NULL */
	size_t order;	      /* when first met */
};

struct ing_list {
	struct ing *v;
	size_t n, cap;
};

/* A material as the walk needs it, read once. */
struct mat {
	int64_t id;
	char *name, *contains; /* name: the ingredient name, else its name */
	bool named;	       /* it has an ingredient name */
	bool grams;	       /* counted in g */
	int64_t grams_each;    /* mg per base unit; 0 when not known */
	unsigned allergens;
};

struct walk {
	struct sr_tx *tx;
	struct mat *mat;
	size_t nmat, capmat;
	struct sr_ingredients *out;
	size_t entries; /* all lists together */
	size_t order;
};

static void list_free(struct ing_list *l);

static void ing_release(struct ing *e)
{
	free(e->name);
	free(e->contains);
	list_free(e->sub);
}

static void list_free(struct ing_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		ing_release(&l->v[i]);
	free(l->v);
	free(l);
}

static char *dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

/* The entry called name in l, added when new; NULL: no memory, or *err
 * set (too many entries). */
static struct ing *entry_at(struct walk *w, struct ing_list *l,
			    const char *name, enum sr_err *err,
			    struct sr_fail *f)
{
	struct ing *e;

	for (size_t i = 0; i < l->n; i++)
		if (!strcasecmp(l->v[i].name, name))
			return &l->v[i];
	if (++w->entries > SR_INGREDIENTS_MAX) {
		*err = sr_fail_set(f, SR_ECONFLICT, "tree_too_large", NULL,
				   "the ingredients list would have more "
				   "than %d entries",
				   SR_INGREDIENTS_MAX);
		return NULL;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		struct ing *v = realloc(l->v, cap * sizeof(*v));

		if (!v) {
			*err = sr_fail_oom(f);
			return NULL;
		}
		l->v = v;
		l->cap = cap;
	}
	e = &l->v[l->n];
	*e = (struct ing){.name = dup_str(name), .order = w->order++};
	if (!e->name) {
		*err = sr_fail_oom(f);
		return NULL;
	}
	l->n++;
	return e;
}

/* Note what stands in the way, once for each thing and kind. */
static enum sr_err add_missing(struct walk *w, enum sr_missing_what what,
			       int64_t material_id, int64_t product_id,
			       struct sr_fail *f, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static enum sr_err add_missing(struct walk *w, enum sr_missing_what what,
			       int64_t material_id, int64_t product_id,
			       struct sr_fail *f, const char *fmt, ...)
{
	struct sr_ingredients *o = w->out;
	struct sr_buf msg = SR_BUF_INIT(1024);
	struct sr_missing *v;
	va_list ap;

	for (size_t i = 0; i < o->nmissing; i++)
		if (o->missing[i].what == what &&
		    o->missing[i].material_id == material_id &&
		    o->missing[i].product_id == product_id)
			return SR_OK;
	va_start(ap, fmt);
	sr_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	v = realloc(o->missing, (o->nmissing + 1) * sizeof(*v));
	if (!v || msg.err == SR_ENOMEM) {
		if (v)
			o->missing = v;
		sr_buf_release(&msg);
		return sr_fail_oom(f);
	}
	o->missing = v;
	v[o->nmissing++] = (struct sr_missing){
		.what = what,
		.material_id = material_id,
		.product_id = product_id,
		.message = sr_buf_detach(&msg, NULL),
	};
	if (what != SR_MISSING_INGREDIENT)
		o->complete = false;
	return SR_OK;
}

/* Material id as the walk needs it, read once per walk. */
static enum sr_err material(struct walk *w, int64_t id, const struct mat **out,
			    struct sr_fail *f)
{
	json_t *row = NULL;
	struct mat m = {.id = id};
	const char *ing, *contains, *allergens;
	enum sr_err err;

	for (size_t i = 0; i < w->nmat; i++)
		if (w->mat[i].id == id) {
			*out = &w->mat[i];
			return SR_OK;
		}
	err = sr_db_get(w->tx, sr_resource(SR_RES_MATERIAL), id, &row, f);
	if (err)
		goto out;
	ing = get_str(row, "ingredient");
	contains = get_str(row, "contains");
	allergens = get_str(row, "allergens");
	m.named = ing != NULL;
	m.name = dup_str(ing ? ing : get_str(row, "name"));
	m.contains = contains ? dup_str(contains) : NULL;
	m.grams = !strcmp(get_str(row, "unit"), "g");
	m.grams_each = get_int(row, "grams_each");
	/* Stored normalised; a stray code from elsewhere counts for nothing
	 * rather than stopping the label. */
	if (allergens)
		sr_allergens_parse(allergens, strlen(allergens), "allergens",
				   &m.allergens, NULL);
	if (!m.name || (contains && !m.contains)) {
		err = sr_fail_oom(f);
		goto out;
	}
	if (w->nmat == w->capmat) {
		size_t cap = w->capmat ? w->capmat * 2 : 16;
		struct mat *v = realloc(w->mat, cap * sizeof(*v));

		if (!v) {
			err = sr_fail_oom(f);
			goto out;
		}
		w->mat = v;
		w->capmat = cap;
	}
	w->mat[w->nmat] = m;
	*out = &w->mat[w->nmat++];
	m.name = m.contains = NULL;
	if (!(*out)->named)
		err = add_missing(w, SR_MISSING_INGREDIENT, id, 0, f,
				  "%s has no ingredient name: the label "
				  "says \"%s\"; give it the name an "
				  "ingredients list should use",
				  (*out)->name, (*out)->name);
out:
	free(m.name);
	free(m.contains);
	json_decref(row);
	return err;
}

/*
 * The lines of product_id when need millionths of it are made, into l;
 * *weight gets what they weigh (millionths of a gram, known parts),
 * *unknown whether some part has no weight, *lines how many lines it has.
 */
static enum sr_err walk(struct walk *w, int64_t product_id, i128 need,
			int depth, struct ing_list *l, i128 *weight,
			bool *unknown, size_t *lines, struct sr_fail *f)
{
	struct sr_db_recipe r = {0};
	enum sr_err err = SR_OK;

	*weight = 0;
	*unknown = false;
	*lines = 0;
	if (depth > SR_RECIPE_DEPTH_MAX)
		return sr_fail_set(f, SR_ECONFLICT, "recipe_too_deep",
				   "sub_product_id",
				   "recipes can nest at most %d deep",
				   SR_RECIPE_DEPTH_MAX);
	err = sr_db_recipe_lines(w->tx, product_id, &r, f);
	if (!err)
		*lines = r.n;
	for (size_t i = 0; !err && i < r.n; i++) {
		const struct sr_db_recipe_line *ln = &r.line[i];
		i128 needed = 0;

		err = sr_recipe_line_need(ln, need, &needed, f);
		if (err || !needed)
			continue;
		if (ln->material_id) {
			const struct mat *m = NULL;
			struct ing *e;
			i128 wt = 0;
			bool unk = false;

			err = material(w, ln->material_id, &m, f);
			if (err)
				break;
			if (m->grams)
				wt = needed;
			else if (m->grams_each)
				wt = (needed * m->grams_each + 500) / 1000;
			else
				unk = true;
			if (unk)
				err = add_missing(
					w, SR_MISSING_WEIGHT, m->id, 0, f,
					"%s is counted in %s and has no "
					"weight: set grams_each (the "
					"milligrams one %s weighs) to order "
					"the list by weight",
					ln->name, ln->base, ln->base);
			e = err ? NULL : entry_at(w, l, m->name, &err, f);
			if (!e)
				break;
			e->weight += wt;
			e->unknown |= unk;
			e->allergens |= m->allergens;
			w->out->allergens |= m->allergens;
			if (!e->contains && m->contains) {
				e->contains = dup_str(m->contains);
				if (!e->contains)
					err = sr_fail_oom(f);
			}
			*weight += wt;
			*unknown |= unk;
		} else {
			json_t *p = NULL;
			const char *as = NULL;
			struct ing_list *into = l;
			struct ing *e = NULL;
			i128 wt = 0;
			bool unk = false;
			size_t n = 0;

			err = sr_db_get(w->tx, sr_resource(SR_RES_PRODUCT),
					ln->sub_product_id, &p, f);
			as = err ? NULL : get_str(p, "ingredient");
			if (!err && as) {
				/* A compound ingredient: its own list. */
				e = entry_at(w, l, as, &err, f);
				if (e && !e->sub) {
					e->sub = calloc(1, sizeof(*e->sub));
					if (!e->sub)
						err = sr_fail_oom(f);
				}
				into = e ? e->sub : NULL;
			}
			if (!err)
				err = walk(w, ln->sub_product_id, needed,
					   depth + 1, into, &wt, &unk, &n, f);
			if (!err && !n) {
				/* No recipe: by its name, weight unknown. */
				err = add_missing(
					w, SR_MISSING_RECIPE, 0,
					ln->sub_product_id, f,
					"%s has no recipe, so its "
					"ingredients are not known: give it "
					"one",
					get_str(p, "name"));
				unk = true;
			}
			/* Its entry again: walking into l may move it. */
			if (!err && (as || !n))
				e = entry_at(w, l, as ? as : get_str(p, "name"),
					     &err, f);
			if (!err && e) {
				e->weight += wt;
				e->unknown |= unk;
			}
			json_decref(p);
			*weight += wt;
			*unknown |= unk;
		}
	}
	sr_db_recipe_release(&r);
	return err;
}

/* Heaviest first; unknown weights last; then as first met. */
static int by_weight(const void *pa, const void *pb)
{
	const struct ing *a = pa, *b = pb;

	if (a->unknown != b->unknown)
		return a->unknown ? 1 : -1;
	if (a->weight != b->weight)
		return a->weight > b->weight ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static void list_sort(struct ing_list *l)
{
	if (!l || !l->n)
		return;
	qsort(l->v, l->n, sizeof(*l->v), by_weight);
	for (size_t i = 0; i < l->n; i++)
		list_sort(l->v[i].sub);
}

/* ---- the runs ------------------------------------------------------------ */

struct runs {
	struct sr_ingredients *out;
	struct sr_buf cur; /* the run being built */
	bool bold;
	bool oom;
};

/* End the run being built. */
static void runs_flush(struct runs *r)
{
	struct sr_ingredients *o = r->out;
	struct sr_run *v;

	if (r->cur.err)
		r->oom = true;
	if (!r->cur.len || r->oom)
		return;
	v = realloc(o->run, (o->nrun + 1) * sizeof(*v));
	if (!v) {
		r->oom = true;
		return;
	}
	o->run = v;
	v[o->nrun].bold = r->bold;
	v[o->nrun].text = sr_buf_detach(&r->cur, NULL);
	if (!v[o->nrun].text)
		r->oom = true;
	else
		o->nrun++;
}

/* Add len bytes of text, bold or not. */
static void runs_add(struct runs *r, const char *s, size_t len, bool bold)
{
	if (!len)
		return;
	if (bold != r->bold) {
		runs_flush(r);
		r->bold = bold;
	}
	sr_buf_add(&r->cur, s, len);
}

static void runs_adds(struct runs *r, const char *s, bool bold)
{
	runs_add(r, s, strlen(s), bold);
}

/* Which of set name[0..len) names. */
static unsigned named_in(unsigned set, const char *name, size_t len)
{
	unsigned found = 0;

	for (int a = 0; a < SR_ALLERGEN__MAX; a++)
		if ((set & (1u << a)) &&
		    sr_allergen_named((enum sr_allergen)a, name, len))
			found |= 1u << a;
	return found;
}

/*
 * A compound material's contains, as written: each item between commas
 * outside brackets bold when it names one of set; *found gets those named.
 */
static void add_contains(struct runs *r, const char *s, unsigned set,
			 unsigned *found)
{
	size_t i = 0, len = strlen(s);

	while (i < len) {
		size_t start = i, end;
		int depth = 0;
		unsigned hit;

		while (i < len && (depth > 0 || s[i] != ',')) {
			depth += s[i] == '(' || s[i] == '[';
			depth -= depth > 0 && (s[i] == ')' || s[i] == ']');
			i++;
		}
		/* The item without the spaces around it, bold or not. */
		while (start < i && s[start] == ' ')
			runs_add(r, s + start++, 1, false);
		end = i;
		while (end > start && s[end - 1] == ' ')
			end--;
		hit = named_in(set, s + start, end - start);
		*found |= hit;
		runs_add(r, s + start, end - start, hit != 0);
		runs_add(r, s + end, i - end, false);
		if (i < len)
			runs_add(r, s + i++, 1, false); /* the comma */
	}
}

static void add_list(struct runs *r, const struct ing_list *l);

static void add_entry(struct runs *r, const struct ing *e)
{
	unsigned found = named_in(e->allergens, e->name, strlen(e->name));
	unsigned rest;
	bool first = true;

	runs_adds(r, e->name, found != 0);
	if (e->contains) {
		runs_adds(r, " (", false);
		add_contains(r, e->contains, e->allergens, &found);
		runs_adds(r, ")", false);
	}
	if (e->sub && e->sub->n) {
		runs_adds(r, " (", false);
		add_list(r, e->sub);
		runs_adds(r, ")", false);
	}
	rest = e->allergens & ~found;
	for (int a = 0; a < SR_ALLERGEN__MAX; a++) {
		if (!(rest & (1u << a)))
			continue;
		runs_adds(r, first ? " (" : ", ", false);
		runs_adds(r, sr_allergen_word((enum sr_allergen)a), true);
		first = false;
	}
	if (!first)
		runs_adds(r, ")", false);
}

static void add_list(struct runs *r, const struct ing_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			runs_adds(r, ", ", false);
		add_entry(r, &l->v[i]);
	}
}

/* ---- the calls ----------------------------------------------------------- */

void sr_ingredients_release(struct sr_ingredients *in)
{
	for (size_t i = 0; i < in->nrun; i++)
		free(in->run[i].text);
	free(in->run);
	free(in->text);
	for (size_t i = 0; i < in->nmissing; i++)
		free(in->missing[i].message);
	free(in->missing);
	memset(in, 0, sizeof(*in));
}

enum sr_err sr_ingredients_in(struct sr_tx *tx, int64_t product_id,
			      struct sr_ingredients *out, struct sr_fail *f)
{
	struct walk w = {.tx = tx, .out = out};
	struct ing_list *top = calloc(1, sizeof(*top));
	struct runs r = {.out = out, .cur = SR_BUF_INIT(1 << 20)};
	struct sr_buf text = SR_BUF_INIT(1 << 22);
	json_t *product = NULL;
	i128 weight = 0;
	bool unknown = false;
	size_t lines = 0;
	enum sr_err err = SR_OK;

	memset(out, 0, sizeof(*out));
	out->complete = true;
	if (!top) {
		err = sr_fail_oom(f);
		goto out;
	}
	err = sr_db_get(tx, sr_resource(SR_RES_PRODUCT), product_id, &product,
			f);
	if (!err)
		err = walk(&w, product_id, MICRO, 0, top, &weight, &unknown,
			   &lines, f);
	if (!err && !lines)
		err = add_missing(&w, SR_MISSING_RECIPE, 0, product_id, f,
				  "%s has no recipe, so its ingredients are "
				  "not known: give it one",
				  get_str(product, "name"));
	if (err)
		goto out;
	list_sort(top);
	add_list(&r, top);
	runs_flush(&r);
	for (size_t i = 0; i < out->nrun; i++)
		sr_buf_adds(&text, out->run[i].text);
	out->text = sr_buf_detach(&text, NULL);
	if (r.oom || !out->text)
		err = sr_fail_oom(f);
out:
	list_free(top);
	for (size_t i = 0; i < w.nmat; i++) {
		free(w.mat[i].name);
		free(w.mat[i].contains);
	}
	free(w.mat);
	sr_buf_release(&r.cur);
	sr_buf_release(&text);
	json_decref(product);
	return err;
}

enum sr_err sr_ingredients_of(sr_store *s, int64_t product_id,
			      struct sr_ingredients *out, struct sr_fail *f)
{
	struct sr_tx *tx = NULL;
	enum sr_err err;

	memset(out, 0, sizeof(*out));
	err = sr_tx_begin(s, false, &tx, f);
	if (!err)
		err = sr_ingredients_in(tx, product_id, out, f);
	return sr_tx_finish(tx, err, f);
}

json_t *sr_ingredients_runs_json(const struct sr_ingredients *in)
{
	json_t *a = json_array();
	bool oom = !a;

	for (size_t i = 0; a && i < in->nrun; i++)
		sr_json_push(a,
			     json_pack("{sssb}", "text", in->run[i].text,
				       "bold", in->run[i].bold),
			     &oom);
	if (oom) {
		json_decref(a);
		return NULL;
	}
	return a;
}

json_t *sr_allergens_json(unsigned set)
{
	json_t *a = json_array();
	bool oom = !a;

	for (int i = 0; a && i < SR_ALLERGEN__MAX; i++)
		if (set & (1u << i))
			sr_json_push(a, json_string(sr_allergen_codes[i]),
				     &oom);
	if (oom) {
		json_decref(a);
		return NULL;
	}
	return a;
}

static const char *const missing_names[] = {
	[SR_MISSING_INGREDIENT] = "ingredient",
	[SR_MISSING_WEIGHT] = "weight",
	[SR_MISSING_RECIPE] = "recipe",
};

enum sr_err sr_ingredients_json(sr_store *s, int64_t product_id,
				struct sr_buf *out, struct sr_fail *f)
{
	struct sr_ingredients in = {0};
	struct sr_tx *tx = NULL;
	json_t *product = NULL, *doc = NULL, *missing = NULL;
	const json_t *may;
	bool oom = false;
	enum sr_err err = sr_tx_begin(s, false, &tx, f);

	if (!err)
		err = sr_db_get(tx, sr_resource(SR_RES_PRODUCT), product_id,
				&product, f);
	if (!err)
		err = sr_ingredients_in(tx, product_id, &in, f);
	err = sr_tx_finish(tx, err, f);
	if (err)
		goto out;
	missing = json_array();
	oom = !missing;
	for (size_t i = 0; missing && i < in.nmissing; i++) {
		const struct sr_missing *m = &in.missing[i];

		sr_json_push(
			missing,
			json_pack("{sssIss}", "what", missing_names[m->what],
				  m->material_id ? "material_id" : "product_id",
				  (json_int_t)(m->material_id ? m->material_id
							      : m->product_id),
				  "message", m->message),
			&oom);
	}
	may = json_object_get(product, "may_contain");
	doc = json_object();
	oom |= !doc;
	sr_json_put(doc, "product_id", json_integer(product_id), &oom);
	sr_json_put(doc, "name", json_string(get_str(product, "name")), &oom);
	sr_json_put(doc, "ingredients", sr_ingredients_runs_json(&in), &oom);
	sr_json_put(doc, "text", json_string(in.text ? in.text : ""), &oom);
	sr_json_put(doc, "allergens", sr_allergens_json(in.allergens), &oom);
	sr_json_put(doc, "may_contain",
		    json_is_string(may) ? json_incref((json_t *)may)
					: json_null(),
		    &oom);
	sr_json_put(doc, "complete", json_boolean(in.complete), &oom);
	sr_json_put(doc, "missing", missing, &oom);
	missing = NULL;
	err = oom ? sr_fail_oom(f) : sr_json_dump(doc, out, 0);
	if (err && err != SR_ENOMEM)
		err = sr_fail_set(f, err, "internal", NULL,
				  "the answer could not be written");
out:
	sr_ingredients_release(&in);
	json_decref(missing);
	json_decref(product);
	json_decref(doc);
	return err;
}
