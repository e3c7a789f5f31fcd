/* json.c - small helpers over jansson for building and reading bodies. */
#include "compat.h"

#include "json.h"
#include "smallrun/date.h"
#include "smallrun/advise.h"

void sr_json_put(json_t *obj, const char *key, json_t *value, bool *oom)
{
	if (!value || json_object_set_new(obj, key, value))
		*oom = true;
}

void sr_json_push(json_t *arr, json_t *value, bool *oom)
{
	if (!value || json_array_append_new(arr, value))
		*oom = true;
}

json_t *sr_json_strings(const char *const *list)
{
	json_t *arr = json_array();
	bool oom = false;

	if (!arr)
		return NULL;
	for (; *list; list++)
		sr_json_push(arr, json_string(*list), &oom);
	if (oom) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

int64_t sr_json_day(const json_t *o, const char *key, int64_t none)
{
	const char *s = sr_json_str(o, key);
	int64_t d;

	return s && !sr_date_parse(s, strlen(s), &d) ? d : none;
}

json_t *sr_json_date(int64_t day)
{
	char text[11];

	sr_date_format(day, text);
	return json_string(text);
}

json_t *sr_json_text(const char *s, size_t len)
{
	json_t *v = json_stringn(s, len);
	char *clean;

	if (v)
		return v;
	clean = malloc(len + 1);
	if (!clean)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		clean[i] = ch >= 0x80 || ch == 0 ? '?' : (char)ch;
	}
	clean[len] = '\0';
	v = json_stringn(clean, len);
	free(clean);
	return v;
}

static int dump_cb(const char *data, size_t len, void *out)
{
	return sr_buf_add(out, data, len) ? -1 : 0;
}

enum sr_err sr_json_dump(const json_t *doc, struct sr_buf *out, int flags)
{
	/* Reals (forecasts) are rounded already; 12 digits print 1.17 as
	 * 1.17, not 1.1699999999999999. */
	size_t jflags = (flags & SR_JSON_PRETTY ? JSON_INDENT(2) : JSON_COMPACT) |
			JSON_REAL_PRECISION(12);

	if (!doc)
		return SR_ENOMEM;
	if (json_dump_callback(doc, dump_cb, out, jflags))
		return out->err ? (enum sr_err)out->err : SR_ENOMEM;
	return SR_OK;
}

int sr_json_depth(const char *text, size_t len, int limit)
{
	int depth = 0, deepest = 0;
	bool in_string = false;

	for (size_t i = 0; i < len && deepest <= limit; i++) {
		char c = text[i];

		if (in_string) {
			if (c == '\\')
				i++; /* the escaped byte cannot end the string */
			else if (c == '"')
				in_string = false;
		} else if (c == '"') {
			in_string = true;
		} else if (c == '[' || c == '{') {
			if (++depth > deepest)
				deepest = depth;
		} else if ((c == ']' || c == '}') && depth > 0) {
			depth--;
		}
	}
	return deepest;
}

json_t *sr_json_parse_object(const char *body, size_t len, struct sr_fail *f)
{
	json_error_t jerr;
	json_t *doc;

	/* Before the parser, whose recursion the depth would drive. */
	if (sr_json_depth(body, len, SR_JSON_DEPTH_MAX) > SR_JSON_DEPTH_MAX) {
		sr_fail_set(f, SR_EINVAL, "too_deep", NULL,
			    "the body nests arrays and objects more than %d "
			    "levels deep",
			    SR_JSON_DEPTH_MAX);
		return NULL;
	}
	doc = json_loadb(body, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
			 &jerr);
	if (!doc) {
		if (json_error_code(&jerr) == json_error_out_of_memory) {
			sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
				    "out of memory");
			return NULL;
		}
		sr_fail_set(f, SR_EINVAL, "bad_json", NULL,
			    "the body is not valid JSON (line %d, column %d: "
			    "%s)",
			    jerr.line, jerr.column, jerr.text);
		return NULL;
	}
	if (!json_is_object(doc)) {
		sr_fail_set(f, SR_EINVAL, "bad_type", NULL,
			    "the body must be a JSON object, not %s",
			    sr_json_type_name(doc));
		json_decref(doc);
		return NULL;
	}
	return doc;
}

const char *sr_json_type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER:
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "true or false";
	case JSON_NULL: return "null";
	}
	return "a value";
}

enum sr_err sr_fail_to_json(const struct sr_fail *f, struct sr_buf *out)
{
	json_t *doc = json_object(), *e = json_object();
	bool oom = !doc;
	enum sr_err err;

	sr_json_put(e, "code", json_string(f->code[0] ? f->code : "error"),
		    &oom);
	sr_json_put(e, "message", sr_json_text(f->message.data, f->message.len),
		    &oom);
	if (f->field.len)
		sr_json_put(e, "field",
			    sr_json_text(f->field.data, f->field.len), &oom);
	if (f->details.len && !f->details.err)
		sr_json_put(
			e, "details",
			json_loadb(f->details.data, f->details.len, 0, NULL),
			&oom);
	sr_json_put(doc, "error", e, &oom);
	err = oom ? SR_ENOMEM : sr_json_dump(doc, out, 0);
	json_decref(doc);
	return err;
}

void sr_fail_names(struct sr_fail *f, const char *resource, int64_t id,
		   const char *name)
{
	json_t *d = NULL, *list, *one = NULL;
	bool oom = false;

	if (!f)
		return;
	if (f->details.len)
		d = json_loadb(f->details.data, f->details.len, 0, NULL);
	if (!d)
		d = json_object();
	list = json_object_get(d, "records");
	if (d && !json_is_array(list)) {
		list = json_array();
		sr_json_put(d, "records", list, &oom);
	}
	if (d && !oom) {
		one = json_object();
		sr_json_put(one, "resource", json_string(resource), &oom);
		sr_json_put(one, "id", json_integer(id), &oom);
		sr_json_put(one, "name", sr_json_text(name, strlen(name)),
			    &oom);
		sr_json_push(list, one, &oom);
	}
	sr_buf_reset(&f->details);
	if (!d || oom || sr_json_dump(d, &f->details, 0))
		sr_buf_reset(&f->details);
	json_decref(d);
}

enum sr_err sr_json_only_key(const json_t *obj, const char *only,
			     const char *hint, struct sr_fail *f)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)obj, key, v)
	{
		char name[41];

		if (!strcmp(key, only))
			continue;
		snprintf(name, sizeof(name), "%s", key);
		return sr_fail_set(f, SR_EINVAL, "unknown_field", name,
				   "unknown field '%s'; %s", name, hint);
	}
	return SR_OK;
}

void sr_json_add_text(struct sr_buf *b, const char *s, size_t len)
{
	size_t run = 0;

	sr_buf_addch(b, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		sr_buf_add(b, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		}
		if (esc)
			sr_buf_adds(b, esc);
		else
			sr_buf_addf(b, "\\u%04x", c);
	}
	sr_buf_add(b, s + run, len - run);
	sr_buf_addch(b, '"');
}
