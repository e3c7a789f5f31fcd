/*
 * resource.c - the description of every resource, and the checks that
 * read it. DESIGN.md §6 lists the fields; sql/0002-records.sql holds the
 * matching columns (tests/unit/test-resource.c checks the two agree).
 */
#include "compat.h"

#include "json.h"
#include "resource.h"
#include "smallrun/date.h"
#include "smallrun/parse.h"

/* Bounds: generous for a workshop, small enough that sums cannot overflow. */
#define MONEY_MAX INT64_C(100000000000) /* a billion pounds, in pence */
#define QTY_MAX INT64_C(1000000000)
#define MINUTES_MAX INT64_C(10000000)
#define ID_MAX INT64_MAX
#define NAME_MAX_LEN 200
#define NOTE_MAX_LEN 4000

static const char *const modes[] = {"job", "batch", "both", NULL};
static const char *const order_states[] = {"quoted", "accepted", "in_progress",
					   "done", "delivered", "cancelled",
					   NULL};
static const char *const batch_states[] = {"planned", "running", "done",
					   NULL};
static const char *const units[] = {"g", "ml", "mm", "pcs", NULL};
static const char *const advised_types[] = {"job", "batch", "mixed", NULL};

#define F_ID {"id", "id", SR_T_INT, SR_F_SERVER, 1, ID_MAX, NULL, 0, NULL, NULL}
#define F_CREATED                                                        \
	{"created_at", "created_at", SR_T_INSTANT, SR_F_SERVER, 0, 0, NULL, \
	 0, NULL, NULL}
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* clang-format off: tables read best as tables */
static const struct sr_field product_fields[] = {
	F_ID,
	{"name", "name", SR_T_TEXT, SR_F_REQUIRED, 1, NAME_MAX_LEN, NULL, 0, NULL, NULL},
	{"mode", "mode", SR_T_ENUM, 0, 0, 0, modes, 0, "\"both\"", NULL},
	{"price", "price", SR_T_MONEY, 0, 0, MONEY_MAX, NULL, 0, "0", NULL},
	{"material_cost", "material_cost", SR_T_MONEY, 0, 0, MONEY_MAX, NULL, 0, "0", NULL},
	{"minutes_per_unit", "minutes_per_unit", SR_T_INT, 0, 0, MINUTES_MAX, NULL, 0, "0", NULL},
	{"setup_minutes", "setup_minutes", SR_T_INT, 0, 0, MINUTES_MAX, NULL, 0, "0", NULL},
	{"max_batch", "max_batch", SR_T_INT, SR_F_NULL, 1, QTY_MAX, NULL, 0, NULL, NULL},
	{"shelf_life_days", "shelf_life_days", SR_T_INT, SR_F_NULL, 1, 36500, NULL, 0, NULL, NULL},
	{"storage_per_unit", "storage_per_unit", SR_T_INT, 0, 0, QTY_MAX, NULL, 0, "0", NULL},
	F_CREATED,
};

static const struct sr_field customer_fields[] = {
	F_ID,
	{"name", "name", SR_T_TEXT, SR_F_REQUIRED, 1, NAME_MAX_LEN, NULL, 0, NULL, NULL},
	{"email", "email", SR_T_TEXT, SR_F_NULL, 3, NAME_MAX_LEN, NULL, 0, NULL, NULL},
	{"phone", "phone", SR_T_TEXT, SR_F_NULL, 1, 50, NULL, 0, NULL, NULL},
	{"notes", "notes", SR_T_TEXT, SR_F_NULL, 0, NOTE_MAX_LEN, NULL, 0, NULL, NULL},
	F_CREATED,
};

static const struct sr_field order_fields[] = {
	F_ID,
	{"customer_id", "customer_id", SR_T_REF, SR_F_REQUIRED, 1, ID_MAX, NULL, SR_RES_CUSTOMER, NULL, NULL},
	{"product_id", "product_id", SR_T_REF, SR_F_NULL, 1, ID_MAX, NULL, SR_RES_PRODUCT, NULL, NULL},
	{"title", "title", SR_T_TEXT, SR_F_REQUIRED, 1, NAME_MAX_LEN, NULL, 0, NULL, NULL},
	{"spec", "spec", SR_T_TEXT, SR_F_NULL, 0, NOTE_MAX_LEN, NULL, 0, NULL, NULL},
	{"quantity", "quantity", SR_T_INT, 0, 1, QTY_MAX, NULL, 0, "1", NULL},
	{"price", "price", SR_T_MONEY, 0, 0, MONEY_MAX, NULL, 0, "0", NULL},
	{"estimated_minutes", "estimated_minutes", SR_T_INT, 0, 0, MINUTES_MAX, NULL, 0, "0", NULL},
	{"due_date", "due_date", SR_T_DATE, SR_F_NULL, 0, 0, NULL, 0, NULL, NULL},
	{"status", "status", SR_T_ENUM, 0, 0, 0, order_states, 0, "\"quoted\"", NULL},
	/* What a minute late costs, when not the price (the planner). */
	{"priority", "priority", SR_T_INT, SR_F_NULL, 1, 1000000000, NULL, 0, NULL, NULL},
	F_CREATED,
	{"tracked_minutes", NULL, SR_T_INT, SR_F_COMPUTED, 0, 0, NULL, 0, NULL,
	 "(SELECT coalesce(sum(e.minutes), 0) FROM time_entries e WHERE e.order_id = t.id)"},
};

static const struct sr_field batch_fields[] = {
	F_ID,
	{"code", "code", SR_T_TEXT, SR_F_SERVER, 1, 64, NULL, 0, NULL, NULL},
	{"product_id", "product_id", SR_T_REF, SR_F_REQUIRED, 1, ID_MAX, NULL, SR_RES_PRODUCT, NULL, NULL},
	{"planned_qty", "planned_qty", SR_T_INT, 0, 0, QTY_MAX, NULL, 0, "0", NULL},
	{"made_qty", "made_qty", SR_T_INT, 0, 0, QTY_MAX, NULL, 0, "0", NULL},
	{"rejected_qty", "rejected_qty", SR_T_INT, 0, 0, QTY_MAX, NULL, 0, "0", NULL},
	{"run_date", "run_date", SR_T_DATE, SR_F_REQUIRED, 0, 0, NULL, 0, NULL, NULL},
	{"best_before", "best_before", SR_T_DATE, SR_F_NULL, 0, 0, NULL, 0, NULL, NULL},
	{"status", "status", SR_T_ENUM, 0, 0, 0, batch_states, 0, "\"planned\"", NULL},
	{"qc_notes", "qc_notes", SR_T_TEXT, SR_F_NULL, 0, NOTE_MAX_LEN, NULL, 0, NULL, NULL},
	F_CREATED,
	{"sold_qty", NULL, SR_T_INT, SR_F_COMPUTED, 0, 0, NULL, 0, NULL,
	 "(SELECT coalesce(sum(s.quantity), 0) FROM sales s WHERE s.batch_id = t.id)"},
	{"available_qty", NULL, SR_T_INT, SR_F_COMPUTED, 0, 0, NULL, 0, NULL,
	 "(t.made_qty - t.rejected_qty - (SELECT coalesce(sum(s.quantity), 0) FROM sales s WHERE s.batch_id = t.id))"},
	{"tracked_minutes", NULL, SR_T_INT, SR_F_COMPUTED, 0, 0, NULL, 0, NULL,
	 "(SELECT coalesce(sum(e.minutes), 0) FROM time_entries e WHERE e.batch_id = t.id)"},
};

static const struct sr_field material_fields[] = {
	F_ID,
	{"name", "name", SR_T_TEXT, SR_F_REQUIRED, 1, NAME_MAX_LEN, NULL, 0, NULL, NULL},
	{"unit", "unit", SR_T_ENUM, 0, 0, 0, units, 0, "\"g\"", NULL},
	{"on_hand", "on_hand", SR_T_INT, 0, -QTY_MAX, QTY_MAX, NULL, 0, "0", NULL},
	{"reorder_level", "reorder_level", SR_T_INT, 0, 0, QTY_MAX, NULL, 0, "0", NULL},
	{"cost_per_unit", "cost_per_unit", SR_T_MONEY, 0, 0, MONEY_MAX, NULL, 0, "0", NULL},
	{"cost_per", "cost_per", SR_T_INT, 0, 1, QTY_MAX, NULL, 0, "1", NULL},
	F_CREATED,
};

static const struct sr_field batch_material_fields[] = {
	F_ID,
	{"batch_id", "batch_id", SR_T_REF, SR_F_REQUIRED, 1, ID_MAX, NULL, SR_RES_BATCH, NULL, NULL},
	{"material_id", "material_id", SR_T_REF, SR_F_REQUIRED, 1, ID_MAX, NULL, SR_RES_MATERIAL, NULL, NULL},
	{"quantity", "quantity", SR_T_INT, SR_F_REQUIRED, 1, QTY_MAX, NULL, 0, NULL, NULL},
	{"lot", "lot", SR_T_TEXT, SR_F_NULL, 1, 100, NULL, 0, NULL, NULL},
	F_CREATED,
	{"material_name", NULL, SR_T_TEXT, SR_F_COMPUTED, 0, 0, NULL, 0, NULL,
	 "(SELECT m.name FROM materials m WHERE m.id = t.material_id)"},
	{"unit", NULL, SR_T_TEXT, SR_F_COMPUTED, 0, 0, NULL, 0, NULL,
	 "(SELECT m.unit FROM materials m WHERE m.id = t.material_id)"},
};

static const struct sr_field time_entry_fields[] = {
	F_ID,
	{"order_id", "order_id", SR_T_REF, SR_F_NULL, 1, ID_MAX, NULL, SR_RES_ORDER, NULL, NULL},
	{"batch_id", "batch_id", SR_T_REF, SR_F_NULL, 1, ID_MAX, NULL, SR_RES_BATCH, NULL, NULL},
	{"worker", "worker", SR_T_TEXT, 0, 1, 100, NULL, 0, "\"me\"", NULL},
	{"started_at", "started_at", SR_T_INSTANT, SR_F_NULL, 0, 0, NULL, 0, NULL, NULL}, /* now */
	{"ended_at", "ended_at", SR_T_INSTANT, SR_F_NULL, 0, 0, NULL, 0, NULL, NULL},
	{"minutes", "minutes", SR_T_INT, SR_F_NULL, 0, MINUTES_MAX, NULL, 0, NULL, NULL},
	{"note", "note", SR_T_TEXT, SR_F_NULL, 0, NOTE_MAX_LEN, NULL, 0, NULL, NULL},
	F_CREATED,
};

static const struct sr_field sale_fields[] = {
	F_ID,
	/* May be left out when batch_id is given: rules.c takes the batch's. */
	{"product_id", "product_id", SR_T_REF, SR_F_NULL, 1, ID_MAX, NULL, SR_RES_PRODUCT, NULL, NULL},
	{"customer_id", "customer_id", SR_T_REF, SR_F_NULL, 1, ID_MAX, NULL, SR_RES_CUSTOMER, NULL, NULL},
	{"batch_id", "batch_id", SR_T_REF, SR_F_NULL, 1, ID_MAX, NULL, SR_RES_BATCH, NULL, NULL},
	{"order_id", "order_id", SR_T_REF, SR_F_NULL, 1, ID_MAX, NULL, SR_RES_ORDER, NULL, NULL},
	{"quantity", "quantity", SR_T_INT, SR_F_REQUIRED, 1, QTY_MAX, NULL, 0, NULL, NULL},
	/* Per unit; left out, the product's price (rules.c). */
	{"price", "price", SR_T_MONEY, SR_F_NULL, 0, MONEY_MAX, NULL, 0, NULL, NULL},
	{"sold_on", "sold_on", SR_T_DATE, SR_F_NULL, 0, 0, NULL, 0, NULL, NULL}, /* today */
	/* "<file hash>:<date>:<product id>" on sales a CSV import added. */
	{"import_key", "import_key", SR_T_TEXT, SR_F_SERVER | SR_F_NULL, 0, 200, NULL, 0, NULL, NULL},
	F_CREATED,
	{"total", NULL, SR_T_MONEY, SR_F_COMPUTED, 0, 0, NULL, 0, NULL, "(t.quantity * t.price)"},
};

static const struct sr_field settings_fields[] = {
	{"workshop_name", "workshop_name", SR_T_TEXT, 0, 1, NAME_MAX_LEN, NULL, 0, NULL, NULL},
	{"currency", "currency", SR_T_TEXT, 0, 3, 3, NULL, 0, NULL, NULL},
	{"hourly_rate", "hourly_rate", SR_T_MONEY, 0, 0, MONEY_MAX, NULL, 0, NULL, NULL},
	{"workers", "workers", SR_T_INT, 0, 1, 50, NULL, 0, NULL, NULL},
	{"hours.mon", "minutes_mon", SR_T_INT, 0, 0, 1440, NULL, 0, NULL, NULL},
	{"hours.tue", "minutes_tue", SR_T_INT, 0, 0, 1440, NULL, 0, NULL, NULL},
	{"hours.wed", "minutes_wed", SR_T_INT, 0, 0, 1440, NULL, 0, NULL, NULL},
	{"hours.thu", "minutes_thu", SR_T_INT, 0, 0, 1440, NULL, 0, NULL, NULL},
	{"hours.fri", "minutes_fri", SR_T_INT, 0, 0, 1440, NULL, 0, NULL, NULL},
	{"hours.sat", "minutes_sat", SR_T_INT, 0, 0, 1440, NULL, 0, NULL, NULL},
	{"hours.sun", "minutes_sun", SR_T_INT, 0, 0, 1440, NULL, 0, NULL, NULL},
	{"storage_capacity", "storage_capacity", SR_T_INT, 0, 0, QTY_MAX, NULL, 0, NULL, NULL},
	{"overhead_per_hour", "overhead_per_hour", SR_T_MONEY, 0, 0, MONEY_MAX, NULL, 0, NULL, NULL},
	{"markup_pct", "markup_pct", SR_T_INT, 0, 0, 1000, NULL, 0, NULL, NULL},
	{"wholesale_pct", "wholesale_pct", SR_T_INT, 0, 100, 1000, NULL, 0, NULL, NULL},
	{"retail_pct", "retail_pct", SR_T_INT, 0, 100, 1000, NULL, 0, NULL, NULL},
	{"holding_pct", "holding_pct", SR_T_INT, 0, 0, 1000, NULL, 0, NULL, NULL},
	{"advised", "advised", SR_T_ENUM, SR_F_NULL, 0, 0, advised_types, 0, NULL, NULL},
	/* When the working day starts, in minutes after midnight. */
	{"day_start", "day_start", SR_T_INT, 0, 0, 1439, NULL, 0, NULL, NULL},
};

static const struct sr_field day_off_fields[] = {
	F_ID,
	{"date", "date", SR_T_DATE, SR_F_REQUIRED, 0, 0, NULL, 0, NULL, NULL},
	{"note", "note", SR_T_TEXT, SR_F_NULL, 0, NOTE_MAX_LEN, NULL, 0, NULL, NULL},
	F_CREATED,
};

static const struct sr_filter product_filters[] = {
	{"name", "name", SR_OP_EQ}, /* the column ignores case */
	{"mode", "mode", SR_OP_EQ},
};
static const struct sr_filter order_filters[] = {
	{"status", "status", SR_OP_EQ},
	{"customer_id", "customer_id", SR_OP_EQ},
	{"product_id", "product_id", SR_OP_EQ},
	{"due_after", "due_date", SR_OP_GE},
	{"due_before", "due_date", SR_OP_LE},
};
static const struct sr_filter batch_filters[] = {
	{"product_id", "product_id", SR_OP_EQ},
	{"status", "status", SR_OP_EQ},
	{"code", "code", SR_OP_EQ},
	{"from", "run_date", SR_OP_GE},
	{"to", "run_date", SR_OP_LE},
};
static const struct sr_filter batch_material_filters[] = {
	{"batch_id", "batch_id", SR_OP_EQ},
	{"material_id", "material_id", SR_OP_EQ},
	{"lot", "lot", SR_OP_EQ},
};
static const struct sr_filter time_entry_filters[] = {
	{"order_id", "order_id", SR_OP_EQ},
	{"batch_id", "batch_id", SR_OP_EQ},
	{"worker", "worker", SR_OP_EQ},
	{"from", "started_at", SR_OP_GE},
	{"to", "started_at", SR_OP_LE},
};
static const struct sr_filter day_off_filters[] = {
	{"from", "date", SR_OP_GE},
	{"to", "date", SR_OP_LE},
};
static const struct sr_filter sale_filters[] = {
	{"product_id", "product_id", SR_OP_EQ},
	{"customer_id", "customer_id", SR_OP_EQ},
	{"batch_id", "batch_id", SR_OP_EQ},
	{"order_id", "order_id", SR_OP_EQ},
	{"from", "sold_on", SR_OP_GE},
	{"to", "sold_on", SR_OP_LE},
};
/* clang-format on */


static const struct sr_resource resources[SR_RES__MAX] = {
	[SR_RES_PRODUCT] = {"products", "product", "products", product_fields,
			    COUNT(product_fields), product_filters,
			    COUNT(product_filters), "t.name, t.id", NULL},
	[SR_RES_CUSTOMER] = {"customers", "customer", "customers",
			     customer_fields, COUNT(customer_fields), NULL, 0,
			     "t.name, t.id", NULL},
	[SR_RES_ORDER] = {"orders", "order", "orders", order_fields,
			  COUNT(order_fields), order_filters,
			  COUNT(order_filters),
			  "t.due_date IS NULL, t.due_date, t.id", NULL},
	[SR_RES_BATCH] = {"batches", "batch", "batches", batch_fields,
			  COUNT(batch_fields), batch_filters,
			  COUNT(batch_filters), "t.run_date DESC, t.id DESC",
			  sr_batch_before_write},
	[SR_RES_MATERIAL] = {"materials", "material", "materials",
			     material_fields, COUNT(material_fields), NULL, 0,
			     "t.name, t.id", NULL},
	[SR_RES_BATCH_MATERIAL] = {"batch-materials", "material use",
				   "batch_materials", batch_material_fields,
				   COUNT(batch_material_fields),
				   batch_material_filters,
				   COUNT(batch_material_filters), "t.id",
				   sr_material_use_before_write,
				   sr_material_use_before_delete},
	[SR_RES_TIME_ENTRY] = {"time-entries", "time entry", "time_entries",
			       time_entry_fields, COUNT(time_entry_fields),
			       time_entry_filters, COUNT(time_entry_filters),
			       "t.started_at DESC, t.id DESC",
			       sr_time_entry_before_write},
	[SR_RES_SALE] = {"sales", "sale", "sales", sale_fields,
			 COUNT(sale_fields), sale_filters, COUNT(sale_filters),
			 "t.sold_on DESC, t.id DESC", sr_sale_before_write},
	[SR_RES_DAY_OFF] = {"days-off", "day off", "days_off", day_off_fields,
			    COUNT(day_off_fields), day_off_filters,
			    COUNT(day_off_filters), "t.date", NULL},
};

const struct sr_resource sr_settings_resource = {
	"settings", "settings", "settings", settings_fields,
	COUNT(settings_fields), NULL, 0, "t.id", NULL, NULL,
};

const struct sr_resource *sr_resource(enum sr_res r)
{
	return r == SR_RES_SETTINGS ? &sr_settings_resource : &resources[r];
}

const char *sr_res_name(enum sr_res r)
{
	return resources[r].name;
}

const char *sr_res_singular(enum sr_res r)
{
	return resources[r].singular;
}

int sr_res_find(const char *name)
{
	for (int r = 0; r < SR_RES__MAX; r++)
		if (!strcmp(resources[r].name, name) ||
		    !strcmp(resources[r].singular, name))
			return r;
	return -1;
}

const struct sr_field *sr_field_find(const struct sr_resource *res,
				     const char *name)
{
	for (size_t i = 0; i < res->nfields; i++)
		if (!strcmp(res->fields[i].name, name))
			return &res->fields[i];
	return NULL;
}

/* "one of: a, b, c" into f's message. */
static enum sr_err enum_fail(const struct sr_field *fd, struct sr_fail *f)
{
	struct sr_buf list = SR_BUF_INIT(1024);
	enum sr_err err;

	for (const char *const *v = fd->values; *v; v++)
		sr_buf_addf(&list, "%s%s", v == fd->values ? "" : ", ", *v);
	err = sr_fail_set(f, SR_EINVAL, "bad_value", fd->name,
			  "%s must be one of: %s", fd->name, list.data);
	sr_buf_release(&list);
	return err;
}

enum sr_err sr_field_check(const struct sr_field *fd, const json_t *v,
			   struct sr_fail *f)
{
	const char *s;
	size_t len;
	int64_t n, tmp;

	if (json_is_null(v)) {
		if (fd->flags & SR_F_NULL)
			return SR_OK;
		return sr_fail_set(f, SR_EINVAL, "missing_value", fd->name,
				   "%s cannot be empty", fd->name);
	}
	switch (fd->type) {
	case SR_T_INT:
	case SR_T_MONEY:
	case SR_T_REF:
		if (!json_is_integer(v))
			return sr_fail_set(
				f, SR_EINVAL, "bad_type", fd->name,
				"%s must be a whole number%s, not %s",
				fd->name,
				fd->type == SR_T_MONEY
					? " of minor units (pence)"
				: fd->type == SR_T_REF ? " (an id)"
						       : "",
				sr_json_type_name(v));
		n = json_integer_value(v);
		if (n < fd->min || n > fd->max)
			return sr_fail_set(f, SR_EINVAL, "out_of_range",
					   fd->name,
					   "%s must be from %" PRId64
					   " to %" PRId64 ", not %" PRId64,
					   fd->name, fd->min, fd->max, n);
		return SR_OK;
	case SR_T_TEXT:
	case SR_T_ENUM:
	case SR_T_DATE:
	case SR_T_INSTANT:
		break;
	}
	if (!json_is_string(v))
		return sr_fail_set(f, SR_EINVAL, "bad_type", fd->name,
				   "%s must be a string, not %s", fd->name,
				   sr_json_type_name(v));
	s = json_string_value(v);
	len = json_string_length(v);
	switch (fd->type) {
	case SR_T_TEXT:
		if (memchr(s, '\0', len))
			return sr_fail_set(f, SR_EINVAL, "bad_value", fd->name,
					   "%s must not contain NUL",
					   fd->name);
		if (len == 0 && fd->min > 0)
			return sr_fail_set(f, SR_EINVAL, "missing_value",
					   fd->name, "%s cannot be empty",
					   fd->name);
		if ((int64_t)len < fd->min || (int64_t)len > fd->max)
			return sr_fail_set(f, SR_EINVAL, "bad_length", fd->name,
					   "%s must be %" PRId64 " to %" PRId64
					   " bytes long",
					   fd->name, fd->min, fd->max);
		return SR_OK;
	case SR_T_ENUM:
		for (const char *const *e = fd->values; *e; e++)
			if (!strcmp(*e, s))
				return SR_OK;
		return enum_fail(fd, f);
	case SR_T_DATE:
		if (sr_date_parse(s, len, &tmp))
			return sr_fail_set(f, SR_EINVAL, "bad_date", fd->name,
					   "%s must be a date as YYYY-MM-DD",
					   fd->name);
		return SR_OK;
	case SR_T_INSTANT:
		if (sr_instant_parse(s, len, &tmp))
			return sr_fail_set(f, SR_EINVAL, "bad_time", fd->name,
					   "%s must be a UTC time as "
					   "YYYY-MM-DDTHH:MM:SSZ",
					   fd->name);
		return SR_OK;
	default:
		return SR_OK;
	}
}

json_t *sr_field_from_text(const struct sr_field *fd, const char *text,
			   struct sr_fail *f)
{
	int64_t n;
	enum sr_err err;
	json_t *v;

	if (!*text || !strcmp(text, "null"))
		return json_null();
	switch (fd->type) {
	case SR_T_INT:
	case SR_T_MONEY:
	case SR_T_REF:
		err = sr_parse_i64z(text, &n, INT64_MIN, INT64_MAX);
		if (err) {
			sr_fail_set(f, SR_EINVAL, "bad_type", fd->name,
				    "%s must be a whole number, not '%.40s'",
				    fd->name, text);
			return NULL;
		}
		v = json_integer(n);
		break;
	default:
		v = sr_json_text(text, strlen(text));
		break;
	}
	if (!v)
		sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
			    "out of memory");
	return v;
}
