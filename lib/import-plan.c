/*
 * import-plan.c - what a sales import does with the names in its file
 * that no product has: each one created (with a price and mode), skipped,
 * or mapped to a product (demand.h). Built choice by choice from the
 * command line, or parsed from the JSON the API is sent; checked the same
 * way either way, before anything is read from the store.
 */
#include "compat.h"

#include "json.h"
#include "resource.h"
#include "smallrun/demand.h"
#include "smallrun/sales.h"
#include "smallrun/text.h"

/* The largest JSON plan taken: a thousand choices fit many times over. */
#define PLAN_JSON_MAX ((size_t)1 << 20)

const char *const sr_import_actions[SR_IMPORT__MAX] = {
	[SR_IMPORT_CREATE] = "create",
	[SR_IMPORT_SKIP] = "skip",
	[SR_IMPORT_MAP] = "map",
};

static const struct sr_field *product_field(const char *name)
{
	return sr_field_find(sr_resource(SR_RES_PRODUCT), name);
}

/*
 * The field an error names: where itself for an option ("--price"), else
 * where.member ("products[2].price").
 */
static const char *field_of(const char *where, const char *member, char *out,
			    size_t size)
{
	if (where[0] == '-' || !member)
		return where;
	snprintf(out, size, "%s.%s", where, member);
	return out;
}

enum sr_err sr_import_plan_add(struct sr_import_plan *p,
			       const struct sr_import_choice *c,
			       const char *where, struct sr_fail *f)
{
	const struct sr_field *price = product_field("price");
	size_t len = c->name ? strlen(c->name) : 0;
	struct sr_import_choice *n;
	char field[64];

	if (p->n >= SR_IMPORT_MAX_CHOICES)
		return sr_fail_set(f, SR_EINVAL, "too_many", where,
				   "at most %d products can be chosen for in "
				   "one import",
				   SR_IMPORT_MAX_CHOICES);
	if ((unsigned)c->action >= SR_IMPORT__MAX)
		return sr_fail_set(
			f, SR_EINVAL, "bad_value",
			field_of(where, "action", field, sizeof(field)),
			"action must be one of: create, skip, map");
	if (!len || len > SR_SALES_MAX_NAME)
		return sr_fail_set(
			f, SR_EINVAL, len ? "bad_length" : "missing_value",
			field_of(where, "name", field, sizeof(field)),
			"a product's name is 1 to %d bytes long",
			SR_SALES_MAX_NAME);
	if (sr_utf8_valid(c->name, len) != len)
		return sr_fail_set(
			f, SR_EINVAL, "bad_encoding",
			field_of(where, "name", field, sizeof(field)),
			"a product's name must be UTF-8 text");
	for (size_t i = 0; i < p->n; i++)
		if (!strcasecmp(p->choices[i].name, c->name))
			return sr_fail_set(
				f, SR_EINVAL, "duplicate_value",
				field_of(where, "name", field, sizeof(field)),
				"\"%s\" is chosen for twice", c->name);
	if (c->action == SR_IMPORT_MAP && c->product_id < 1)
		return sr_fail_set(
			f, SR_EINVAL, "missing_field",
			field_of(where, "product_id", field, sizeof(field)),
			"to map \"%s\", give the id of the product "
			"its sales are",
			c->name);
	if (c->action != SR_IMPORT_MAP && c->product_id)
		return sr_fail_set(
			f, SR_EINVAL, "bad_value",
			field_of(where, "product_id", field, sizeof(field)),
			"a product id goes only with map");
	if (c->action != SR_IMPORT_CREATE && (c->price >= 0 || c->mode >= 0))
		return sr_fail_set(f, SR_EINVAL, "bad_value",
				   field_of(where,
					    c->price >= 0 ? "price" : "mode",
					    field, sizeof(field)),
				   "a %s is only for a product to create; "
				   "\"%s\" is to %s",
				   c->price >= 0 ? "price" : "mode", c->name,
				   sr_import_actions[c->action]);
	if (c->price > price->max)
		return sr_fail_set(
			f, SR_EINVAL, "out_of_range",
			field_of(where, "price", field, sizeof(field)),
			"a price is 0 to %" PRId64 " (minor units: pence)",
			price->max);
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 16;

		n = realloc(p->choices, cap * sizeof(*n));
		if (!n)
			return sr_fail_oom(f);
		p->choices = n;
		p->cap = cap;
	}
	n = &p->choices[p->n];
	*n = *c;
	n->name = malloc(len + 1);
	if (!n->name)
		return sr_fail_oom(f);
	memcpy(n->name, c->name, len + 1);
	snprintf(n->where, sizeof(n->where), "%s", where);
	p->n++;
	return SR_OK;
}

void sr_import_plan_release(struct sr_import_plan *p)
{
	bool preview = p->preview;

	for (size_t i = 0; i < p->n; i++)
		free(p->choices[i].name);
	free(p->choices);
	*p = (struct sr_import_plan)SR_IMPORT_PLAN_INIT;
	p->preview = preview;
}

/* The member key of o as an id or price: a whole number, else -1 given. */
static enum sr_err whole(const json_t *o, const char *key, const char *where,
			 int64_t *out, struct sr_fail *f)
{
	const json_t *v = json_object_get(o, key);
	char field[64];

	if (!v)
		return SR_OK;
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return sr_fail_set(f, SR_EINVAL, "bad_type",
				   field_of(where, key, field, sizeof(field)),
				   "%s must be a whole number, 0 or more, not "
				   "%s",
				   key, sr_json_type_name(v));
	*out = json_integer_value(v);
	return SR_OK;
}

/* One element of "products", products[i], into p. */
static enum sr_err one_choice(struct sr_import_plan *p, const json_t *o,
			      size_t i, struct sr_fail *f)
{
	const struct sr_field *modes = product_field("mode");
	struct sr_import_choice c = {NULL, SR_IMPORT__MAX, 0, -1, -1, ""};
	const char *key, *action, *mode;
	char where[32], field[64];
	enum sr_err err;
	json_t *v;

	snprintf(where, sizeof(where), "products[%zu]", i);
	if (!json_is_object(o))
		return sr_fail_set(f, SR_EINVAL, "bad_type", where,
				   "each of products is an object, not %s",
				   sr_json_type_name(o));
	json_object_foreach((json_t *)o, key, v)
	{
		static const char *const known[] = {
			"name", "action", "product_id", "price", "mode"};
		size_t k = 0;

		while (k < SR_ARRAY_SIZE(known) && strcmp(key, known[k]))
			k++;
		if (k == SR_ARRAY_SIZE(known))
			return sr_fail_set(
				f, SR_EINVAL, "unknown_field", where,
				"unknown field '%.40s' in %s; a choice has "
				"name, action, product_id, price and mode",
				key, where);
		if (k < 2 && !json_is_string(v))
			return sr_fail_set(
				f, SR_EINVAL, "bad_type",
				field_of(where, key, field, sizeof(field)),
				"%s must be a string, not %s", key,
				sr_json_type_name(v));
	}
	c.name = (char *)json_string_value(json_object_get(o, "name"));
	action = json_string_value(json_object_get(o, "action"));
	if (!action)
		return sr_fail_set(
			f, SR_EINVAL, "missing_field",
			field_of(where, "action", field, sizeof(field)),
			"say what to do with each product: create, "
			"skip or map");
	for (int a = 0; a < SR_IMPORT__MAX; a++)
		if (!strcmp(action, sr_import_actions[a]))
			c.action = (enum sr_import_action)a;
	err = whole(o, "product_id", where, &c.product_id, f);
	if (!err)
		err = whole(o, "price", where, &c.price, f);
	if (err)
		return err;
	v = json_object_get(o, "mode");
	mode = json_string_value(v);
	if (v && !mode)
		return sr_fail_set(
			f, SR_EINVAL, "bad_type",
			field_of(where, "mode", field, sizeof(field)),
			"mode must be a string, not %s", sr_json_type_name(v));
	for (int m = 0; mode && modes->values[m]; m++)
		if (!strcmp(mode, modes->values[m]))
			c.mode = m;
	if (mode && c.mode < 0)
		return sr_fail_set(
			f, SR_EINVAL, "bad_value",
			field_of(where, "mode", field, sizeof(field)),
			"mode must be one of: job, batch, both");
	return sr_import_plan_add(p, &c, where, f);
}

enum sr_err sr_import_plan_parse(struct sr_import_plan *p, const char *json,
				 size_t len, struct sr_fail *f)
{
	json_t *doc, *v, *list;
	const char *key;
	enum sr_err err = SR_OK;
	size_t i;

	if (len > PLAN_JSON_MAX)
		return sr_fail_set(f, SR_ETOOBIG, "too_large", "plan",
				   "the plan is over %zu bytes", PLAN_JSON_MAX);
	doc = sr_json_parse_object(json, len, f);
	if (!doc) {
		if (f && !f->field.len)
			sr_buf_adds(&f->field, "plan");
		return f ? f->err : SR_EINVAL;
	}
	json_object_foreach(doc, key, v)
	{
		if (strcmp(key, "create_products") && strcmp(key, "products")) {
			err = sr_fail_set(f, SR_EINVAL, "unknown_field", "plan",
					  "unknown field '%.40s' in the plan; "
					  "it has create_products and "
					  "products",
					  key);
			goto out;
		}
	}
	v = json_object_get(doc, "create_products");
	if (v && !json_is_boolean(v)) {
		err = sr_fail_set(f, SR_EINVAL, "bad_type", "create_products",
				  "create_products must be true or false, not "
				  "%s",
				  sr_json_type_name(v));
		goto out;
	}
	if (v)
		p->create_products = json_is_true(v);
	list = json_object_get(doc, "products");
	if (list && !json_is_array(list)) {
		err = sr_fail_set(f, SR_EINVAL, "bad_type", "products",
				  "products must be an array, not %s",
				  sr_json_type_name(list));
		goto out;
	}
	json_array_foreach(list, i, v)
	{
		err = one_choice(p, v, i, f);
		if (err)
			break;
	}
out:
	json_decref(doc);
	return err;
}
