/*
 * param.c - a route's query parameters, checked once against its
 * declaration (param.h) before the handler runs.
 */
#include "compat.h"

#include "param.h"
#include "smallrun/date.h"
#include "smallrun/parse.h"

/*
 * The types of the resource descriptions (sr_field_info.type) and how a
 * query value of each is checked: as lib/records.c checks a list filter.
 */
static const struct {
	const char *name;
	enum api_ptype type;
} field_types[] = {
	{"int", API_P_ID},    {"money", API_P_ID},  {"ref", API_P_ID},
	{"text", API_P_TEXT}, {"enum", API_P_ENUM}, {"date", API_P_DATE},
	{"time", API_P_TIME},
};

/* p, or for API_P_FIELD the declaration its field stands for. */
static void resolve(const struct api_param *p, struct api_param *out)
{
	struct sr_field_info fi;

	*out = *p;
	if (p->type != API_P_FIELD)
		return;
	/* A type not listed above is left to the library's own check. */
	out->type = API_P_TEXT;
	out->min = 0;
	out->max = INT64_MAX;
	for (size_t i = 0; i < sr_res_field_count(p->res); i++) {
		sr_res_field_info(p->res, i, &fi);
		if (strcmp(fi.name, p->field))
			continue;
		for (size_t t = 0; t < SR_ARRAY_SIZE(field_types); t++) {
			if (strcmp(fi.type, field_types[t].name))
				continue;
			out->type = field_types[t].type;
			out->min = fi.min;
			out->max = fi.max;
			out->values = fi.values;
		}
		break;
	}
}

/* "from 1 to 1000", or "from 1" when there is no upper bound. */
static void bounds(const struct api_param *p, char out[static 64])
{
	/* Two 20-digit numbers and the words always fit. */
	if (p->max == INT64_MAX)
		snprintf(out, 64, "from %" PRId64, p->min);
	else
		snprintf(out, 64, "from %" PRId64 " to %" PRId64, p->min,
			 p->max);
}

static enum sr_err bad_enum(const struct api_param *p, struct sr_fail *f)
{
	struct sr_buf list = SR_BUF_INIT(1024);
	enum sr_err err;

	for (const char *const *v = p->values; v && *v; v++)
		sr_buf_addf(&list, "%s%s", v == p->values ? "" : ", ", *v);
	err = sr_fail_set(f, SR_EINVAL, "bad_value", p->name,
			  "%s must be one of: %s", p->name, list.data);
	sr_buf_release(&list);
	return err;
}

/* Check text against p (resolved); *n gets the number it stands for. */
static enum sr_err check_value(const struct api_param *p, const char *text,
			       int64_t *n, struct sr_fail *f)
{
	size_t len = strlen(text);
	char range[64];

	bounds(p, range);
	switch (p->type) {
	case API_P_INT:
		if (sr_parse_i64z(text, n, p->min, p->max))
			return sr_fail_set(
				f, SR_EINVAL, "out_of_range", p->name,
				"%s must be a whole number %s", p->name, range);
		break;
	case API_P_ID:
		if (sr_parse_i64z(text, n, INT64_MIN, INT64_MAX))
			return sr_fail_set(f, SR_EINVAL, "bad_type", p->name,
					   "%s must be a whole number %s, "
					   "not '%.40s'",
					   p->name, range, text);
		if (*n < p->min || *n > p->max)
			return sr_fail_set(f, SR_EINVAL, "out_of_range",
					   p->name,
					   "%s must be a whole number %s, "
					   "not %" PRId64,
					   p->name, range, *n);
		break;
	case API_P_DATE:
		if (sr_date_parse(text, len, n))
			return sr_fail_set(f, SR_EINVAL, "bad_date", p->name,
					   "%s must be a date as YYYY-MM-DD",
					   p->name);
		break;
	case API_P_TIME:
		if (sr_date_parse(text, len, n) &&
		    sr_instant_parse(text, len, n))
			return sr_fail_set(f, SR_EINVAL, "bad_time", p->name,
					   "%s must be a date as YYYY-MM-DD "
					   "or a UTC time as "
					   "YYYY-MM-DDTHH:MM:SSZ",
					   p->name);
		break;
	case API_P_TEXT:
		if (sr_check_length(p->name, len, p->min, p->max, f))
			return f ? f->err : SR_EINVAL;
		break;
	case API_P_ENUM:
		for (const char *const *v = p->values; v && *v; v++)
			if (!strcmp(*v, text))
				return SR_OK;
		return bad_enum(p, f);
	case API_P_BOOL:
		if (!strcmp(text, "true") || !strcmp(text, "1"))
			*n = 1;
		else if (!strcmp(text, "false") || !strcmp(text, "0"))
			*n = 0;
		else
			return sr_fail_set(f, SR_EINVAL, "bad_value", p->name,
					   "%s must be true or false", p->name);
		break;
	case API_P_FIELD: break; /* resolved before */
	}
	return SR_OK;
}

/* A parameter the route does not declare: name the ones it does. */
static enum sr_err unknown(const struct api_param *decl, size_t n,
			   const char *what, const char *name,
			   struct sr_fail *f)
{
	struct sr_buf known = SR_BUF_INIT(4096);
	enum sr_err err;

	if (!n)
		return sr_fail_set(f, SR_EINVAL, "unknown_param", name,
				   "'%.40s' is not a parameter of %s, which "
				   "takes none",
				   name, what);
	for (size_t k = 0; k < n; k++)
		sr_buf_addf(&known, "%s%s", k ? ", " : "", decl[k].name);
	err = sr_fail_set(f, SR_EINVAL, "unknown_param", name,
			  "'%.40s' is not a parameter of %s; it takes %s", name,
			  what, known.data);
	sr_buf_release(&known);
	return err;
}

enum sr_err api_param_check(const char *qs, const struct api_param *decl,
			    size_t n, const char *what, struct api_args *args,
			    struct sr_fail *f)
{
	enum sr_err err;

	memset(args, 0, sizeof(*args));
	err = sr_query_parse(qs, &args->q, f);
	for (size_t i = 0; !err && i < args->q.n; i++) {
		const char *name = args->q.names[i], *text = args->q.values[i];
		struct api_param p;
		int64_t num = 0;
		bool none;
		size_t k;

		for (k = 0; k < n && strcmp(decl[k].name, name); k++)
			;
		if (k == n) {
			err = unknown(decl, n, what, name, f);
			break;
		}
		resolve(&decl[k], &p);
		none = (p.flags & API_P_NULL) &&
		       (!*text || !strcmp(text, "null"));
		if (!none)
			err = check_value(&p, text, &num, f);
		if (err)
			break;
		if (p.flags & API_P_FILTER) {
			/* As sent: the library reads "" and "null" so too. */
			if (args->list.n == SR_LIST_MAX_FILTERS) {
				err = sr_fail_set(f, SR_EINVAL,
						  "too_many_params", name,
						  "a list takes at most %d "
						  "filters",
						  SR_LIST_MAX_FILTERS);
				break;
			}
			args->list.names[args->list.n] = p.name;
			args->list.values[args->list.n++] = text;
		} else if (!none) {
			args->v[p.arg].given = true;
			args->v[p.arg].n = num;
			args->v[p.arg].s = text;
		}
	}
	for (size_t k = 0; !err && k < n; k++)
		if ((decl[k].flags & API_P_REQUIRED) &&
		    !args->v[decl[k].arg].given)
			err = sr_fail_set(f, SR_EINVAL, "missing_field",
					  decl[k].name, "%s must be given",
					  decl[k].name);
	return err;
}

void api_param_release(struct api_args *args)
{
	sr_query_release(&args->q);
}
