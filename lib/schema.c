/*
 * schema.c - the resource descriptions as others see them: field facts for
 * the CLI's options, the JSON schema the web app builds its forms from, and
 * bodies made from command-line text.
 */
#include "compat.h"

#include "json.h"
#include "resource.h"
#include "smallrun/parse.h"
#include "smallrun/units.h"

static const char *const type_names[] = {
	[SR_T_INT] = "int",   [SR_T_MONEY] = "money", [SR_T_TEXT] = "text",
	[SR_T_ENUM] = "enum", [SR_T_DATE] = "date",   [SR_T_INSTANT] = "time",
	[SR_T_REF] = "ref",
};

static const struct sr_resource *res_of(int r)
{
	return sr_resource((enum sr_res)r);
}

size_t sr_res_field_count(int r)
{
	return res_of(r) ? res_of(r)->nfields : 0;
}

void sr_res_field_info(int r, size_t i, struct sr_field_info *info)
{
	const struct sr_field *fd = &res_of(r)->fields[i];

	info->name = fd->name;
	info->type = type_names[fd->type];
	info->required = fd->flags & SR_F_REQUIRED;
	info->nullable = fd->flags & SR_F_NULL;
	info->read_only = fd->flags & (SR_F_SERVER | SR_F_COMPUTED);
	info->owner_only = fd->flags & SR_F_OWNER;
	info->min = fd->min;
	info->max = fd->max;
	info->values = fd->values;
	info->ref = fd->type == SR_T_REF ? sr_resource(fd->ref)->name : NULL;
}

const char *sr_res_filter(int r, size_t i, const char **field)
{
	const struct sr_resource *res = res_of(r);

	if (!res || i >= res->nfilters)
		return NULL;
	if (field)
		*field = res->filters[i].field;
	return res->filters[i].param;
}

const char *sr_res_columns(int r)
{
	return res_of(r) ? res_of(r)->columns : "";
}

static json_t *resource_json(int r, bool *no_mem)
{
	const struct sr_resource *res = res_of(r);
	json_t *o = json_object(), *fields = json_array();
	json_t *filters = json_array(), *cols = json_array();
	const char *c = res->columns;

	for (size_t i = 0; i < res->nfields; i++) {
		struct sr_field_info fi;
		json_t *f = json_object();

		sr_res_field_info(r, (size_t)i, &fi);
		sr_json_put(f, "name", json_string(fi.name), no_mem);
		sr_json_put(f, "type", json_string(fi.type), no_mem);
		sr_json_put(f, "required", json_boolean(fi.required), no_mem);
		sr_json_put(f, "nullable", json_boolean(fi.nullable), no_mem);
		sr_json_put(f, "read_only", json_boolean(fi.read_only), no_mem);
		if (fi.owner_only)
			sr_json_put(f, "owner_only", json_true(), no_mem);
		if (!fi.read_only && strcmp(fi.type, "date") &&
		    strcmp(fi.type, "time") && strcmp(fi.type, "enum")) {
			sr_json_put(f, "min", json_integer(fi.min), no_mem);
			sr_json_put(f, "max", json_integer(fi.max), no_mem);
		}
		if (fi.values)
			sr_json_put(f, "values", sr_json_strings(fi.values),
				    no_mem);
		if (fi.ref)
			sr_json_put(f, "ref", json_string(fi.ref), no_mem);
		sr_json_push(fields, f, no_mem);
	}
	for (size_t i = 0; i < res->nfilters; i++) {
		const char *param = res->filters[i].param;
		/* The value a list takes when this filter is not given. */
		const char *def =
			res->list_filter && !strcmp(res->list_filter, param)
				? res->list_value
				: NULL;

		sr_json_push(filters,
			     json_pack("{ssssss*}", "name", param, "field",
				       res->filters[i].field, "default", def),
			     no_mem);
	}
	while (c && *c) {
		size_t n = strcspn(c, ",");

		sr_json_push(cols, json_stringn(c, n), no_mem);
		c += n + (c[n] == ',');
	}
	sr_json_put(o, "singular", json_string(res->singular), no_mem);
	sr_json_put(o, "fields", fields, no_mem);
	sr_json_put(o, "filters", filters, no_mem);
	sr_json_put(o, "columns", cols, no_mem);
	return o;
}

/* {"g": {"g": 1, "kg": 1000}, "ml": {…}, …}: the units of each base. */
static json_t *units_json(bool *no_mem)
{
	json_t *o = json_object();

	for (size_t i = 0; sr_unit_at(i); i++) {
		const struct sr_unit *u = sr_unit_at(i);
		json_t *base = json_object_get(o, u->base);

		if (!base) {
			base = json_object();
			sr_json_put(o, u->base, base, no_mem);
		}
		if (base)
			sr_json_put(base, u->name, json_integer(u->factor),
				    no_mem);
	}
	return o;
}

enum sr_err sr_schema_to_json(struct sr_buf *out, struct sr_fail *f)
{
	json_t *doc = json_object(), *all = json_object();
	bool no_mem = !doc || !all;
	enum sr_err err;

	for (int r = 0; r < SR_RES__MAX; r++)
		sr_json_put(all, res_of(r)->name, resource_json(r, &no_mem),
			    &no_mem);
	sr_json_put(doc, "resources", all, &no_mem);
	sr_json_put(doc, "units", units_json(&no_mem), &no_mem);
	err = no_mem ? SR_ENOMEM : sr_json_dump(doc, out, 0);
	json_decref(doc);
	if (err)
		return sr_fail_set(f, err, "out_of_memory", NULL,
				   "out of memory");
	return SR_OK;
}

/* Build the flat-to-nested body: "hours.mon" goes into "hours": {"mon"}. */
static int put_path(json_t *doc, const char *name, json_t *v)
{
	const char *dot = strchr(name, '.');
	json_t *inner;
	char outer[64];

	if (!dot)
		return json_object_set_new(doc, name, v);
	snprintf(outer, sizeof(outer), "%.*s", (int)(dot - name), name);
	inner = json_object_get(doc, outer);
	if (!inner) {
		inner = json_object();
		if (json_object_set_new(doc, outer, inner)) {
			json_decref(v);
			return -1;
		}
	}
	return json_object_set_new(inner, dot + 1, v);
}

enum sr_err sr_rec_body_from_text(int r, const char *const *names,
				  const char *const *values, size_t n,
				  struct sr_buf *out, struct sr_fail *f)
{
	const struct sr_resource *res = res_of(r);
	json_t *doc = res ? json_object() : NULL;
	enum sr_err err = SR_OK;

	if (!res)
		return sr_fail_set(f, SR_EINVAL, "unknown_resource", NULL,
				   "there is no resource %d", r);
	if (!doc)
		return sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
				   "out of memory");
	for (size_t i = 0; i < n && !err; i++) {
		const struct sr_field *fd = sr_field_find(res, names[i]);
		json_t *v;

		if (!fd) {
			err = sr_fail_set(f, SR_EINVAL, "unknown_field",
					  names[i], "%s has no field %s",
					  res->singular, names[i]);
			break;
		}
		v = sr_field_from_cell(fd, values[i], f);
		if (!v) {
			err = f ? f->err : SR_EINVAL;
			break;
		}
		if (put_path(doc, fd->name, v))
			err = sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
					  "out of memory");
	}
	if (!err)
		err = sr_json_dump(doc, out, 0);
	json_decref(doc);
	return err;
}
