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
#include "smallrun/allergens.h"
#include "smallrun/units.h"

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
static const char *const per_what[] = {"unit", "batch", NULL};
static const char *const quote_states[] = {"open", "accepted", "withdrawn",
					   NULL};
static const char *const price_sources[] = {"agreed", "costing", NULL};
static const char *const purchase_states[] = {"ordered", "part_received",
					      "received", "cancelled", NULL};
static const char *const use_sources[] = {"hand", "recipe", NULL};
static const char *const advised_types[] = {"job", "batch", "mixed", NULL};
static const char *const date_marks[] = {"best_before", "use_by", NULL};

#define F_ID {.name = "id", .type = SR_T_INT, .flags = SR_F_SERVER, .min = 1, .max = ID_MAX}
#define F_CREATED {.name = "created_at", .type = SR_T_INSTANT, .flags = SR_F_SERVER}
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
/* A field's table and its size, for struct sr_resource. */
#define FIELDS(a) .fields = (a), .nfields = COUNT(a)
#define FILTERS(a) .filters = (a), .nfilters = COUNT(a)

/* clang-format off: tables read best as tables */
static const struct sr_field product_fields[] = {
	F_ID,
	{.name = "name",
	 .type = SR_T_TEXT,
	 .flags = SR_F_REQUIRED,
	 .min = 1,
	 .max = NAME_MAX_LEN},
	{.name = "mode", .type = SR_T_ENUM, .values = modes, .def = "\"both\""},
	/* What the workshop charges: the owner's to set. */
	{.name = "price",
	 .type = SR_T_MONEY,
	 .flags = SR_F_OWNER,
	 .max = MONEY_MAX,
	 .def = "0"},
	{.name = "material_cost",
	 .type = SR_T_MONEY,
	 .max = MONEY_MAX,
	 .def = "0"},
	{.name = "minutes_per_unit",
	 .type = SR_T_INT,
	 .max = MINUTES_MAX,
	 .def = "0"},
	{.name = "setup_minutes",
	 .type = SR_T_INT,
	 .max = MINUTES_MAX,
	 .def = "0"},
	{.name = "max_batch",
	 .type = SR_T_INT,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = QTY_MAX},
	{.name = "shelf_life_days",
	 .type = SR_T_INT,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = 36500},
	{.name = "storage_per_unit",
	 .type = SR_T_INT,
	 .max = QTY_MAX,
	 .def = "0"},
	F_CREATED,
	/* 1: no longer made; kept with its history, out of lists (0011). */
	{.name = "retired", .type = SR_T_INT, .max = 1, .def = "0"},
	/* One unit's materials from its recipe, kept by recipe.c (0014). */
	{.name = "recipe_cost",
	 .type = SR_T_MONEY,
	 .flags = SR_F_SERVER | SR_F_DERIVED | SR_F_NULL,
	 .max = MONEY_MAX},
	{.name = "material_cost_source",
	 .type = SR_T_TEXT,
	 .flags = SR_F_COMPUTED,
	 .expr = "(CASE WHEN t.recipe_cost IS NULL THEN 'typed' ELSE 'recipe' "
		 "END)"},
	/* What its label says (0018, lib/label.c): its name as a compound
	 * ingredient of other products (null: its ingredients are listed
	 * among theirs), "may contain", net quantity, storage, food or not,
	 * and whether its date is a best-before or a use-by. */
	{.name = "ingredient",
	 .type = SR_T_TEXT,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = NAME_MAX_LEN},
	{.name = "may_contain",
	 .type = SR_T_TEXT,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = 500},
	{.name = "net_quantity",
	 .type = SR_T_TEXT,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = 40},
	{.name = "storage",
	 .type = SR_T_TEXT,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = 500},
	{.name = "food", .type = SR_T_INT, .max = 1, .def = "0"},
	{.name = "date_mark",
	 .type = SR_T_ENUM,
	 .values = date_marks,
	 .def = "\"best_before\""},
	/* Its VAT rate in basis points, null: the settings' (0021). */
	{.name = "vat_bp", .type = SR_T_INT, .flags = SR_F_NULL, .max = 10000},
};

static const struct sr_field customer_fields[] = {
	F_ID,
	{.name = "name", .type = SR_T_TEXT, .flags = SR_F_REQUIRED, .min = 1, .max = NAME_MAX_LEN},
	{.name = "email", .type = SR_T_TEXT, .flags = SR_F_NULL, .min = 3, .max = NAME_MAX_LEN},
	{.name = "phone", .type = SR_T_TEXT, .flags = SR_F_NULL, .min = 1, .max = 50},
	{.name = "notes", .type = SR_T_TEXT, .flags = SR_F_NULL, .max = NOTE_MAX_LEN},
	F_CREATED,
};

static const struct sr_field supplier_fields[] = {
	F_ID,
	{.name = "name", .type = SR_T_TEXT, .flags = SR_F_REQUIRED, .min = 1, .max = NAME_MAX_LEN},
	/* Who to ask and how: a person, an email, a phone, a web shop. */
	{.name = "contact", .type = SR_T_TEXT, .flags = SR_F_NULL, .min = 1, .max = NAME_MAX_LEN},
	/* Days from ordering to delivery, for reordering in time. */
	{.name = "lead_time_days", .type = SR_T_INT, .flags = SR_F_NULL, .max = 365},
	{.name = "notes", .type = SR_T_TEXT, .flags = SR_F_NULL, .max = NOTE_MAX_LEN},
	F_CREATED,
};

static const struct sr_field order_fields[] = {
	F_ID,
	{.name = "customer_id",
	 .type = SR_T_REF,
	 .flags = SR_F_REQUIRED,
	 .min = 1,
	 .max = ID_MAX,
	 .ref = SR_RES_CUSTOMER},
	{.name = "product_id",
	 .type = SR_T_REF,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = ID_MAX,
	 .ref = SR_RES_PRODUCT},
	{.name = "title",
	 .type = SR_T_TEXT,
	 .flags = SR_F_REQUIRED,
	 .min = 1,
	 .max = NAME_MAX_LEN},
	{.name = "spec",
	 .type = SR_T_TEXT,
	 .flags = SR_F_NULL,
	 .max = NOTE_MAX_LEN},
	{.name = "quantity",
	 .type = SR_T_INT,
	 .min = 1,
	 .max = QTY_MAX,
	 .def = "1"},
	{.name = "price", .type = SR_T_MONEY, .max = MONEY_MAX, .def = "0"},
	{.name = "estimated_minutes",
	 .type = SR_T_INT,
	 .max = MINUTES_MAX,
	 .def = "0"},
	{.name = "due_date", .type = SR_T_DATE, .flags = SR_F_NULL},
	{.name = "status",
	 .type = SR_T_ENUM,
	 .values = order_states,
	 .def = "\"quoted\""},
	/* What a minute late costs, when not the price (the planner). */
	{.name = "priority",
	 .type = SR_T_INT,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = 1000000000},
	F_CREATED,
	/* Its VAT rate in basis points, null: its product's, else the
	 * settings' (0021). */
	{.name = "vat_bp", .type = SR_T_INT, .flags = SR_F_NULL, .max = 10000},
	{.name = "tracked_minutes",
	 .type = SR_T_INT,
	 .flags = SR_F_COMPUTED,
	 .expr = "(SELECT coalesce(sum(e.minutes), 0) FROM time_entries e "
		 "WHERE e.order_id = t.id)"},
	/* Its material uses taken beyond stock (consume.c). */
	{.name = "short_uses",
	 .type = SR_T_INT,
	 .flags = SR_F_COMPUTED,
	 .expr = "(SELECT count(*) FROM batch_materials u WHERE u.order_id = "
		 "t.id AND u.beyond_stock = 1)"},
};

static const struct sr_field batch_fields[] = {
	F_ID,
	{.name = "code",
	 .type = SR_T_TEXT,
	 .flags = SR_F_SERVER,
	 .min = 1,
	 .max = 64},
	{.name = "product_id",
	 .type = SR_T_REF,
	 .flags = SR_F_REQUIRED,
	 .min = 1,
	 .max = ID_MAX,
	 .ref = SR_RES_PRODUCT},
	{.name = "planned_qty", .type = SR_T_INT, .max = QTY_MAX, .def = "0"},
	{.name = "made_qty", .type = SR_T_INT, .max = QTY_MAX, .def = "0"},
	{.name = "rejected_qty", .type = SR_T_INT, .max = QTY_MAX, .def = "0"},
	{.name = "run_date", .type = SR_T_DATE, .flags = SR_F_REQUIRED},
	{.name = "best_before", .type = SR_T_DATE, .flags = SR_F_NULL},
	{.name = "status",
	 .type = SR_T_ENUM,
	 .values = batch_states,
	 .def = "\"planned\""},
	{.name = "qc_notes",
	 .type = SR_T_TEXT,
	 .flags = SR_F_NULL,
	 .max = NOTE_MAX_LEN},
	F_CREATED,
	/* The sum of its sales' quantities (sql/0008-batch-sold.sql). */
	{.name = "sold_qty",
	 .type = SR_T_INT,
	 .flags = SR_F_SERVER | SR_F_DERIVED,
	 .max = QTY_MAX},
	{.name = "available_qty",
	 .type = SR_T_INT,
	 .flags = SR_F_COMPUTED,
	 .expr = "(t.made_qty - t.rejected_qty - t.sold_qty)"},
	{.name = "tracked_minutes",
	 .type = SR_T_INT,
	 .flags = SR_F_COMPUTED,
	 .expr = "(SELECT coalesce(sum(e.minutes), 0) FROM time_entries e "
		 "WHERE e.batch_id = t.id)"},
	/* Its material uses taken beyond stock (consume.c). */
	{.name = "short_uses",
	 .type = SR_T_INT,
	 .flags = SR_F_COMPUTED,
	 .expr = "(SELECT count(*) FROM batch_materials u WHERE u.batch_id = "
		 "t.id AND u.beyond_stock = 1)"},
};

static const struct sr_field material_fields[] = {
	F_ID,
	{.name = "name",
	 .type = SR_T_TEXT,
	 .flags = SR_F_REQUIRED,
	 .min = 1,
	 .max = NAME_MAX_LEN},
	{.name = "unit",
	 .type = SR_T_ENUM,
	 .values = sr_unit_bases,
	 .def = "\"g\""},
	{.name = "on_hand",
	 .type = SR_T_INT,
	 .min = -QTY_MAX,
	 .max = QTY_MAX,
	 .def = "0"},
	{.name = "reorder_level", .type = SR_T_INT, .max = QTY_MAX, .def = "0"},
	{.name = "cost_per_unit",
	 .type = SR_T_MONEY,
	 .max = MONEY_MAX,
	 .def = "0"},
	{.name = "cost_per",
	 .type = SR_T_INT,
	 .min = 1,
	 .max = QTY_MAX,
	 .def = "1"},
	F_CREATED,
	/* Who it is usually bought from, in what pack, at what price (0014). */
	{.name = "supplier_id",
	 .type = SR_T_REF,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = ID_MAX,
	 .ref = SR_RES_SUPPLIER},
	{.name = "pack_size",
	 .type = SR_T_INT,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = QTY_MAX},
	{.name = "pack_price",
	 .type = SR_T_MONEY,
	 .flags = SR_F_NULL,
	 .max = MONEY_MAX},
	/* What a label says of it (0018, lib/ingredients.c): its name as
	 * an ingredient (null: its name), the allergens it carries (a set
	 * of the 14 codes, normalised by lib/allergens.c; values lists them
	 * for the web form's boxes), a compound one's own ingredients, and
	 * the milligrams one base unit weighs when that is not g. */
	{.name = "ingredient", .type = SR_T_TEXT, .flags = SR_F_NULL, .min = 1, .max = NAME_MAX_LEN},
	/* null (a CSV's empty cell) is stored as "", none. */
	{.name = "allergens", .type = SR_T_TEXT, .flags = SR_F_NULL, .max = 200, .values = sr_allergen_codes, .def = "\"\""},
	{.name = "contains", .type = SR_T_TEXT, .flags = SR_F_NULL, .min = 1, .max = 1000},
	{.name = "grams_each", .type = SR_T_INT, .flags = SR_F_NULL, .min = 1, .max = QTY_MAX},
};

static const struct sr_field material_unit_fields[] = {
	F_ID,
	{.name = "material_id",
	 .type = SR_T_REF,
	 .flags = SR_F_REQUIRED,
	 .min = 1,
	 .max = ID_MAX,
	 .ref = SR_RES_MATERIAL},
	/* "sack", "pack of 100": unique for its material, in any case. */
	{.name = "name",
	 .type = SR_T_TEXT,
	 .flags = SR_F_REQUIRED,
	 .min = 1,
	 .max = 40},
	/* How many of the material's base unit one holds: 16000 (g). */
	{.name = "base_qty",
	 .type = SR_T_INT,
	 .flags = SR_F_REQUIRED,
	 .min = 1,
	 .max = QTY_MAX},
	F_CREATED,
	{.name = "unit",
	 .type = SR_T_TEXT,
	 .flags = SR_F_COMPUTED,
	 .expr = "(SELECT m.unit FROM materials m WHERE m.id = t.material_id)"},
};

static const struct sr_field recipe_line_fields[] = {
	F_ID,
	{.name = "product_id",
	 .type = SR_T_REF,
	 .flags = SR_F_REQUIRED,
	 .min = 1,
	 .max = ID_MAX,
	 .ref = SR_RES_PRODUCT},
	/* What it takes: a material, or another product (a sub-recipe). */
	{.name = "material_id",
	 .type = SR_T_REF,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = ID_MAX,
	 .ref = SR_RES_MATERIAL},
	{.name = "sub_product_id",
	 .type = SR_T_REF,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = ID_MAX,
	 .ref = SR_RES_PRODUCT},
	{.name = "quantity",
	 .type = SR_T_INT,
	 .flags = SR_F_REQUIRED,
	 .min = 1,
	 .max = QTY_MAX},
	/* A standard unit of the material's base (kg for g); null: the base. */
	{.name = "unit",
	 .type = SR_T_TEXT,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = 20},
	/* For each unit made, or for a batch that makes batch_yield. */
	{.name = "per",
	 .type = SR_T_ENUM,
	 .values = per_what,
	 .def = "\"unit\""},
	{.name = "batch_yield",
	 .type = SR_T_INT,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = QTY_MAX},
	{.name = "loss_pct", .type = SR_T_INT, .max = 100, .def = "0"},
	{.name = "note",
	 .type = SR_T_TEXT,
	 .flags = SR_F_NULL,
	 .max = NAME_MAX_LEN},
	F_CREATED,
	{.name = "name",
	 .type = SR_T_TEXT,
	 .flags = SR_F_COMPUTED,
	 .expr = "(SELECT coalesce((SELECT m.name FROM materials m WHERE m.id "
		 "= t.material_id),"
		 " (SELECT p.name FROM products p WHERE p.id = "
		 "t.sub_product_id)))"},
	{.name = "base_unit",
	 .type = SR_T_TEXT,
	 .flags = SR_F_COMPUTED,
	 .expr = "(SELECT m.unit FROM materials m WHERE m.id = t.material_id)"},
};

static const struct sr_field purchase_fields[] = {
	F_ID,
	{.name = "supplier_id",
	 .type = SR_T_REF,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = ID_MAX,
	 .ref = SR_RES_SUPPLIER},
	/* ordered → part_received → received as goods come (stock.c). */
	{.name = "status",
	 .type = SR_T_ENUM,
	 .values = purchase_states,
	 .def = "\"ordered\""},
	{.name = "ordered_on", .type = SR_T_DATE, .flags = SR_F_NULL},
	{.name = "expected_on", .type = SR_T_DATE, .flags = SR_F_NULL},
	/* The day the last of it came. */
	{.name = "received_on",
	 .type = SR_T_DATE,
	 .flags = SR_F_SERVER | SR_F_NULL},
	/* The supplier's order or invoice number. */
	{.name = "reference",
	 .type = SR_T_TEXT,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = 100},
	{.name = "notes",
	 .type = SR_T_TEXT,
	 .flags = SR_F_NULL,
	 .max = NOTE_MAX_LEN},
	F_CREATED,
	{.name = "supplier_name",
	 .type = SR_T_TEXT,
	 .flags = SR_F_COMPUTED,
	 .expr = "(SELECT s.name FROM suppliers s WHERE s.id = t.supplier_id)"},
	{.name = "total",
	 .type = SR_T_MONEY,
	 .flags = SR_F_COMPUTED,
	 .expr = "(SELECT coalesce(sum(l.price), 0) FROM purchase_lines l "
		 "WHERE l.purchase_id = t.id)"},
};

static const struct sr_field purchase_line_fields[] = {
	F_ID,
	{.name = "purchase_id",
	 .type = SR_T_REF,
	 .flags = SR_F_REQUIRED,
	 .min = 1,
	 .max = ID_MAX,
	 .ref = SR_RES_PURCHASE},
	{.name = "material_id",
	 .type = SR_T_REF,
	 .flags = SR_F_REQUIRED,
	 .min = 1,
	 .max = ID_MAX,
	 .ref = SR_RES_MATERIAL},
	/* How many of unit: a purchase unit's name ("sack"), a standard
	 * unit of the material's base ("kg"), or null for the base itself. */
	{.name = "quantity",
	 .type = SR_T_INT,
	 .flags = SR_F_REQUIRED,
	 .min = 1,
	 .max = QTY_MAX},
	{.name = "unit",
	 .type = SR_T_TEXT,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = 40},
	/* The same in the material's base unit (stock.c). */
	{.name = "base_qty",
	 .type = SR_T_INT,
	 .flags = SR_F_SERVER,
	 .min = 1,
	 .max = QTY_MAX},
	/* What the whole line costs, in pence. */
	{.name = "price", .type = SR_T_MONEY, .max = MONEY_MAX, .def = "0"},
	/* How much of base_qty has come so far. */
	{.name = "received_qty",
	 .type = SR_T_INT,
	 .flags = SR_F_SERVER,
	 .max = QTY_MAX},
	/* The supplier's lot code and date, when known at ordering. */
	{.name = "lot",
	 .type = SR_T_TEXT,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = 100},
	{.name = "expires_on", .type = SR_T_DATE, .flags = SR_F_NULL},
	F_CREATED,
	{.name = "material_name",
	 .type = SR_T_TEXT,
	 .flags = SR_F_COMPUTED,
	 .expr = "(SELECT m.name FROM materials m WHERE m.id = t.material_id)"},
	{.name = "base_unit",
	 .type = SR_T_TEXT,
	 .flags = SR_F_COMPUTED,
	 .expr = "(SELECT m.unit FROM materials m WHERE m.id = t.material_id)"},
};

static const struct sr_field lot_fields[] = {
	F_ID,
	{.name = "material_id",
	 .type = SR_T_REF,
	 .flags = SR_F_REQUIRED,
	 .min = 1,
	 .max = ID_MAX,
	 .ref = SR_RES_MATERIAL},
	/* The purchase line it came on; null for stock found or counted. */
	{.name = "purchase_line_id",
	 .type = SR_T_REF,
	 .flags = SR_F_SERVER | SR_F_NULL,
	 .min = 1,
	 .max = ID_MAX,
	 .ref = SR_RES_PURCHASE_LINE},
	/* The supplier's lot code. */
	{.name = "lot",
	 .type = SR_T_TEXT,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = 100},
	{.name = "received_on",
	 .type = SR_T_DATE,
	 .flags = SR_F_NULL}, /* today */
	/* Best before or use by: FEFO takes the first to expire first. */
	{.name = "expires_on", .type = SR_T_DATE, .flags = SR_F_NULL},
	/* How much came, and how much is left, in the base unit. */
	{.name = "quantity",
	 .type = SR_T_INT,
	 .flags = SR_F_REQUIRED,
	 .min = 1,
	 .max = QTY_MAX},
	{.name = "remaining",
	 .type = SR_T_INT,
	 .flags = SR_F_SERVER,
	 .max = QTY_MAX},
	/* What all of quantity cost, in pence. */
	{.name = "cost", .type = SR_T_MONEY, .max = MONEY_MAX, .def = "0"},
	{.name = "note",
	 .type = SR_T_TEXT,
	 .flags = SR_F_NULL,
	 .max = NAME_MAX_LEN},
	F_CREATED,
	{.name = "material_name",
	 .type = SR_T_TEXT,
	 .flags = SR_F_COMPUTED,
	 .expr = "(SELECT m.name FROM materials m WHERE m.id = t.material_id)"},
	{.name = "unit",
	 .type = SR_T_TEXT,
	 .flags = SR_F_COMPUTED,
	 .expr = "(SELECT m.unit FROM materials m WHERE m.id = t.material_id)"},
};

static const struct sr_field batch_material_fields[] = {
	F_ID,
	/* A use belongs to a batch or to a custom order (0015). */
	{.name = "batch_id",
	 .type = SR_T_REF,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = ID_MAX,
	 .ref = SR_RES_BATCH},
	{.name = "material_id",
	 .type = SR_T_REF,
	 .flags = SR_F_REQUIRED,
	 .min = 1,
	 .max = ID_MAX,
	 .ref = SR_RES_MATERIAL},
	{.name = "quantity",
	 .type = SR_T_INT,
	 .flags = SR_F_REQUIRED,
	 .min = 1,
	 .max = QTY_MAX},
	/* The lot's code: from lot_id when one is named. */
	{.name = "lot",
	 .type = SR_T_TEXT,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = 100},
	F_CREATED,
	{.name = "order_id",
	 .type = SR_T_REF,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = ID_MAX,
	 .ref = SR_RES_ORDER},
	{.name = "lot_id",
	 .type = SR_T_REF,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = ID_MAX,
	 .ref = SR_RES_LOT},
	/* What it cost at its lot's price, in pence; null: no lot. */
	{.name = "cost",
	 .type = SR_T_MONEY,
	 .flags = SR_F_SERVER | SR_F_NULL,
	 .max = MONEY_MAX},
	/* "recipe": taken when its batch or order was done (consume.c). */
	{.name = "source",
	 .type = SR_T_ENUM,
	 .flags = SR_F_SERVER,
	 .values = use_sources,
	 .def = "\"hand\""},
	/* 1: taken beyond what stock held, at the maker's word (0019). */
	{.name = "beyond_stock",
	 .type = SR_T_INT,
	 .flags = SR_F_SERVER,
	 .max = 1,
	 .def = "0"},
	{.name = "material_name",
	 .type = SR_T_TEXT,
	 .flags = SR_F_COMPUTED,
	 .expr = "(SELECT m.name FROM materials m WHERE m.id = t.material_id)"},
	{.name = "unit",
	 .type = SR_T_TEXT,
	 .flags = SR_F_COMPUTED,
	 .expr = "(SELECT m.unit FROM materials m WHERE m.id = t.material_id)"},
};

static const struct sr_field time_entry_fields[] = {
	F_ID,
	{.name = "order_id", .type = SR_T_REF, .flags = SR_F_NULL, .min = 1, .max = ID_MAX, .ref = SR_RES_ORDER},
	{.name = "batch_id", .type = SR_T_REF, .flags = SR_F_NULL, .min = 1, .max = ID_MAX, .ref = SR_RES_BATCH},
	{.name = "worker", .type = SR_T_TEXT, .flags = SR_F_SELF, .min = 1, .max = 100, .def = "\"me\""},
	{.name = "started_at", .type = SR_T_INSTANT, .flags = SR_F_NULL}, /* now */
	{.name = "ended_at", .type = SR_T_INSTANT, .flags = SR_F_NULL},
	{.name = "minutes", .type = SR_T_INT, .flags = SR_F_NULL, .max = MINUTES_MAX},
	{.name = "note", .type = SR_T_TEXT, .flags = SR_F_NULL, .max = NOTE_MAX_LEN},
	F_CREATED,
};

static const struct sr_field sale_fields[] = {
	F_ID,
	/* May be left out when batch_id is given: rules.c takes the batch's. */
	{.name = "product_id",
	 .type = SR_T_REF,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = ID_MAX,
	 .ref = SR_RES_PRODUCT},
	{.name = "customer_id",
	 .type = SR_T_REF,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = ID_MAX,
	 .ref = SR_RES_CUSTOMER},
	{.name = "batch_id",
	 .type = SR_T_REF,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = ID_MAX,
	 .ref = SR_RES_BATCH},
	{.name = "order_id",
	 .type = SR_T_REF,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = ID_MAX,
	 .ref = SR_RES_ORDER},
	{.name = "quantity",
	 .type = SR_T_INT,
	 .flags = SR_F_REQUIRED,
	 .min = 1,
	 .max = QTY_MAX},
	/* Per unit; left out, the product's price (rules.c). */
	{.name = "price",
	 .type = SR_T_MONEY,
	 .flags = SR_F_NULL,
	 .max = MONEY_MAX},
	{.name = "sold_on", .type = SR_T_DATE, .flags = SR_F_NULL}, /* today */
	/* The sales import that last set this product-day (demand.c). */
	{.name = "import_id",
	 .type = SR_T_INT,
	 .flags = SR_F_SERVER | SR_F_NULL,
	 .min = 1,
	 .max = ID_MAX},
	F_CREATED,
	{.name = "total",
	 .type = SR_T_MONEY,
	 .flags = SR_F_COMPUTED,
	 .expr = "(t.quantity * t.price)"},
	/* 1: more than was on hand, recorded at the maker's word (0015). */
	{.name = "beyond_stock", .type = SR_T_INT, .max = 1, .def = "0"},
	/* The VAT rate it was made at; null: not VAT-registered then
	 * (0022, sr_sale_vat in lib/invoice.c). */
	{.name = "vat_bp",
	 .type = SR_T_INT,
	 .flags = SR_F_SERVER | SR_F_NULL,
	 .max = 10000},
};

static const struct sr_field day_off_fields[] = {
	F_ID,
	{.name = "date", .type = SR_T_DATE, .flags = SR_F_REQUIRED},
	{.name = "note", .type = SR_T_TEXT, .flags = SR_F_NULL, .max = NOTE_MAX_LEN},
	F_CREATED,
};

/* A quote (0021, lib/quote.c): what the maker gives, the rest worked
 * out when it is made and kept as it was sent. */
static const struct sr_field quote_fields[] = {
	F_ID,
	{.name = "order_id",
	 .type = SR_T_REF,
	 .flags = SR_F_REQUIRED,
	 .min = 1,
	 .max = ID_MAX,
	 .ref = SR_RES_ORDER},
	{.name = "issued_on", .type = SR_T_DATE, .flags = SR_F_SERVER},
	/* Null: quote_days after it is made. */
	{.name = "valid_until", .type = SR_T_DATE, .flags = SR_F_NULL},
	/* Null: the order's due date, else none. */
	{.name = "delivery_on", .type = SR_T_DATE, .flags = SR_F_NULL},
	/* The whole order's, without VAT; null: agreed, else costed. */
	{.name = "price",
	 .type = SR_T_MONEY,
	 .flags = SR_F_NULL,
	 .max = MONEY_MAX},
	{.name = "price_source",
	 .type = SR_T_ENUM,
	 .flags = SR_F_SERVER,
	 .values = price_sources},
	{.name = "vat_bp",
	 .type = SR_T_INT,
	 .flags = SR_F_SERVER,
	 .max = 10000},
	{.name = "vat",
	 .type = SR_T_MONEY,
	 .flags = SR_F_SERVER,
	 .max = MONEY_MAX},
	{.name = "terms",
	 .type = SR_T_TEXT,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = NOTE_MAX_LEN},
	{.name = "status",
	 .type = SR_T_ENUM,
	 .flags = SR_F_SERVER,
	 .values = quote_states},
	{.name = "accepted_on",
	 .type = SR_T_DATE,
	 .flags = SR_F_SERVER | SR_F_NULL},
	F_CREATED,
	{.name = "total",
	 .type = SR_T_MONEY,
	 .flags = SR_F_COMPUTED,
	 .expr = "(t.price + t.vat)"},
};

#define HOURS(day) {.name = "hours." day, .column = "minutes_" day, .type = SR_T_INT, .max = 1440}
static const struct sr_field settings_fields[] = {
	{.name = "workshop_name",
	 .type = SR_T_TEXT,
	 .min = 1,
	 .max = NAME_MAX_LEN},
	{.name = "currency", .type = SR_T_TEXT, .min = 3, .max = 3},
	{.name = "hourly_rate", .type = SR_T_MONEY, .max = MONEY_MAX},
	{.name = "workers", .type = SR_T_INT, .min = 1, .max = 50},
	HOURS("mon"),
	HOURS("tue"),
	HOURS("wed"),
	HOURS("thu"),
	HOURS("fri"),
	HOURS("sat"),
	HOURS("sun"),
	{.name = "storage_capacity", .type = SR_T_INT, .max = QTY_MAX},
	{.name = "overhead_per_hour", .type = SR_T_MONEY, .max = MONEY_MAX},
	{.name = "markup_pct", .type = SR_T_INT, .max = 1000},
	{.name = "wholesale_pct", .type = SR_T_INT, .min = 100, .max = 1000},
	{.name = "retail_pct", .type = SR_T_INT, .min = 100, .max = 1000},
	{.name = "holding_pct", .type = SR_T_INT, .max = 1000},
	{.name = "advised",
	 .type = SR_T_ENUM,
	 .flags = SR_F_NULL,
	 .values = advised_types},
	/* When the working day starts, in minutes after midnight. */
	{.name = "day_start", .type = SR_T_INT, .max = 1439},
	/* On labels (0018): the business's postal address, and the
	 * address their QR codes open (null: the request's Host). */
	{.name = "address",
	 .type = SR_T_TEXT,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = 500},
	{.name = "base_url",
	 .type = SR_T_TEXT,
	 .flags = SR_F_NULL,
	 .min = 8,
	 .max = 200},
	/* On quotes and invoices (0021): the VAT number (null: not
	 * registered, no VAT charged), the standard rate in basis points,
	 * how long a quote stands and its terms, the days to pay an invoice
	 * and how to pay it. */
	{.name = "vat_number",
	 .type = SR_T_TEXT,
	 .flags = SR_F_NULL,
	 .min = 4,
	 .max = 20},
	{.name = "vat_bp", .type = SR_T_INT, .max = 10000},
	{.name = "quote_days", .type = SR_T_INT, .min = 1, .max = 365},
	{.name = "quote_terms",
	 .type = SR_T_TEXT,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = NOTE_MAX_LEN},
	{.name = "invoice_days", .type = SR_T_INT, .max = 365},
	{.name = "payment_details",
	 .type = SR_T_TEXT,
	 .flags = SR_F_NULL,
	 .min = 1,
	 .max = 500},
};
#undef HOURS

static const struct sr_filter product_filters[] = {
	{"name", "name", SR_OP_EQ}, /* the column ignores case */
	{"mode", "mode", SR_OP_EQ},
	/* retired=1 lists them all; not given, 0 (.list_filter) */
	{"retired", "retired", SR_OP_LE},
};
static const struct sr_filter supplier_filters[] = {
	{"name", "name", SR_OP_EQ}, /* the column ignores case */
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
static const struct sr_filter material_filters[] = {
	{"supplier_id", "supplier_id", SR_OP_EQ},
};
static const struct sr_filter material_unit_filters[] = {
	{"material_id", "material_id", SR_OP_EQ},
};
static const struct sr_filter recipe_line_filters[] = {
	{"product_id", "product_id", SR_OP_EQ},
	{"material_id", "material_id", SR_OP_EQ},
	{"sub_product_id", "sub_product_id", SR_OP_EQ},
};
static const struct sr_filter purchase_filters[] = {
	{"supplier_id", "supplier_id", SR_OP_EQ},
	{"status", "status", SR_OP_EQ},
	{"from", "ordered_on", SR_OP_GE},
	{"to", "ordered_on", SR_OP_LE},
};
static const struct sr_filter purchase_line_filters[] = {
	{"purchase_id", "purchase_id", SR_OP_EQ},
	{"material_id", "material_id", SR_OP_EQ},
};
static const struct sr_filter lot_filters[] = {
	{"material_id", "material_id", SR_OP_EQ},
	{"purchase_line_id", "purchase_line_id", SR_OP_EQ},
	{"expires_before", "expires_on", SR_OP_LE},
	{"lot", "lot", SR_OP_EQ},
};
static const struct sr_filter batch_material_filters[] = {
	{"batch_id", "batch_id", SR_OP_EQ},
	{"order_id", "order_id", SR_OP_EQ},
	{"lot_id", "lot_id", SR_OP_EQ},
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
static const struct sr_filter quote_filters[] = {
	{"order_id", "order_id", SR_OP_EQ},
	{"status", "status", SR_OP_EQ},
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
	{"beyond_stock", "beyond_stock", SR_OP_EQ},
};

static const struct sr_resource resources[] = {
	[SR_RES_PRODUCT] =
		{
			.name = "products",
			.singular = "product",
			.table = "products",
			.noun = "product",
			.summary = "the products you make: prices, times, "
				   "shelf life",
			.columns = "id,name,mode,price,minutes_per_unit",
			FIELDS(product_fields),
			FILTERS(product_filters),
			.order_by = "t.name, t.id",
			.list_filter = "retired",
			.list_value = "0",
			.after_write = sr_product_after_write,
		},
	[SR_RES_CUSTOMER] =
		{
			.name = "customers",
			.singular = "customer",
			.table = "customers",
			.noun = "customer",
			.summary = "the people you make for",
			.columns = "id,name,email,phone",
			FIELDS(customer_fields),
			.order_by = "t.name, t.id",
		},
	[SR_RES_SUPPLIER] =
		{
			.name = "suppliers",
			.singular = "supplier",
			.table = "suppliers",
			.noun = "supplier",
			.summary = "who you buy materials from, and how long "
				   "they take",
			.columns = "id,name,contact,lead_time_days",
			FIELDS(supplier_fields),
			FILTERS(supplier_filters),
			.order_by = "t.name, t.id",
		},
	[SR_RES_ORDER] =
		{
			.name = "orders",
			.singular = "order",
			.table = "orders",
			.noun = "order",
			.summary =
				"custom (job) orders: what, for whom, by when",
			.columns = "id,title,customer_id,price,due_date,status",
			FIELDS(order_fields),
			FILTERS(order_filters),
			.order_by = "t.due_date IS NULL, t.due_date, t.id",
			.before_write = sr_order_made_before_write,
			.delete_own = sr_order_made_delete_own,
			.warn = sr_order_made_warn,
			.create = sr_order_made_create,
		},
	[SR_RES_BATCH] =
		{
			.name = "batches",
			.singular = "batch",
			.table = "batches",
			.noun = "batch",
			.summary =
				"production runs: codes, quantities, QC notes",
			.columns = "id,code,run_date,made_qty,available_qty,"
				   "status",
			FIELDS(batch_fields),
			FILTERS(batch_filters),
			.order_by = "t.run_date DESC, t.id DESC",
			.before_write = sr_batch_made_before_write,
			.delete_own = sr_batch_made_delete_own,
			.warn = sr_batch_made_warn,
			.create = sr_batch_made_create,
		},
	[SR_RES_MATERIAL] =
		{
			.name = "materials",
			.singular = "material",
			.table = "materials",
			.noun = "material",
			.summary = "raw materials and what is on hand",
			.columns = "id,name,on_hand,unit,reorder_level",
			FIELDS(material_fields),
			FILTERS(material_filters),
			.order_by = "t.name, t.id",
			.before_write = sr_material_before_write,
			.after_write = sr_material_after_write,
		},
	[SR_RES_MATERIAL_UNIT] =
		{
			.name = "material-units",
			.singular = "purchase unit",
			.table = "material_units",
			.noun = "unit",
			.summary = "what a material is bought in: a 16 kg "
				   "sack, a pack of 100",
			.columns = "id,material_id,name,base_qty,unit",
			FIELDS(material_unit_fields),
			FILTERS(material_unit_filters),
			.order_by = "t.material_id, t.base_qty, t.id",
			.before_write = sr_material_unit_before_write,
		},
	[SR_RES_RECIPE_LINE] =
		{
			.name = "recipe-lines",
			.singular = "recipe line",
			.table = "recipe_lines",
			.noun = "recipe",
			.summary = "what a product is made of: materials and "
				   "other products",
			.columns = "id,product_id,name,quantity,unit,per,batch_"
				   "yield,loss_pct",
			FIELDS(recipe_line_fields),
			FILTERS(recipe_line_filters),
			.order_by = "t.product_id, t.id",
			.before_write = sr_recipe_line_before_write,
			.after_write = sr_recipe_line_after_write,
		},
	[SR_RES_PURCHASE] =
		{
			.name = "purchases",
			.singular = "purchase",
			.table = "purchases",
			.noun = "purchase",
			.summary = "goods ordered from suppliers, and what "
				   "came",
			.columns = "id,supplier_name,status,ordered_on,"
				   "expected_on,total",
			FIELDS(purchase_fields),
			FILTERS(purchase_filters),
			.order_by = "t.ordered_on IS NULL, t.ordered_on DESC, "
				    "t.id DESC",
			.before_write = sr_purchase_before_write,
		},
	[SR_RES_PURCHASE_LINE] =
		{
			.name = "purchase-lines",
			.singular = "purchase line",
			.table = "purchase_lines",
			.noun = "purchase-line",
			.summary = "what a purchase is for: material, "
				   "quantity, price, lot",
			.columns = "id,purchase_id,material_name,quantity,unit,"
				   "price,received_qty",
			.flags = SR_RES_NESTED,
			FIELDS(purchase_line_fields),
			FILTERS(purchase_line_filters),
			.order_by = "t.purchase_id, t.id",
			.before_write = sr_purchase_line_before_write,
			.before_delete = sr_purchase_line_before_delete,
			.after_write = sr_purchase_line_after_write,
		},
	[SR_RES_LOT] =
		{
			.name = "material-lots",
			.singular = "lot",
			.table = "lots",
			.noun = "lot",
			.summary = "stock of a material that came together: "
				   "code, date, what is left",
			.columns = "id,material_name,lot,expires_on,remaining,"
				   "unit",
			FIELDS(lot_fields),
			FILTERS(lot_filters),
			.order_by = "t.material_id, t.expires_on IS NULL, "
				    "t.expires_on, t.received_on, t.id",
			.before_write = sr_lot_before_write,
			.before_delete = sr_lot_before_delete,
			.after_write = sr_lot_after_write,
		},
	[SR_RES_BATCH_MATERIAL] =
		{
			.name = "batch-materials",
			.singular = "material use",
			.table = "batch_materials",
			.noun = "use",
			.summary = "materials used by a batch, with the "
				   "supplier's lot",
			.columns = "id,batch_id,material_name,quantity,lot",
			.flags = SR_RES_NESTED,
			FIELDS(batch_material_fields),
			FILTERS(batch_material_filters),
			.order_by = "t.id",
			.before_write = sr_material_use_before_write,
			.before_delete = sr_material_use_before_delete,
		},
	[SR_RES_TIME_ENTRY] =
		{
			.name = "time-entries",
			.singular = "time entry",
			.table = "time_entries",
			.noun = "time",
			.summary = "time spent on orders and batches",
			.columns = "id,worker,order_id,batch_id,started_at,"
				   "minutes",
			FIELDS(time_entry_fields),
			FILTERS(time_entry_filters),
			.order_by = "t.started_at DESC, t.id DESC",
			.before_write = sr_time_entry_before_write,
		},
	[SR_RES_SALE] =
		{
			.name = "sales",
			.singular = "sale",
			.table = "sales",
			.noun = "sale",
			.summary = "what sold, to whom, from which batch",
			.columns = "id,sold_on,product_id,quantity,price,"
				   "customer_id",
			FIELDS(sale_fields),
			FILTERS(sale_filters),
			.order_by = "t.sold_on DESC, t.id DESC",
			.before_write = sr_sale_before_write,
			.warn = sr_sale_warn,
			.create = sr_sale_create,
		},
	[SR_RES_DAY_OFF] =
		{
			.name = "days-off",
			.singular = "day off",
			.table = "days_off",
			.noun = "dayoff",
			.summary =
				"days the workshop is closed (for the planner)",
			.columns = "id,date,note",
			FIELDS(day_off_fields),
			FILTERS(day_off_filters),
			.order_by = "t.date",
		},
	[SR_RES_QUOTE] =
		{
			.name = "quotes",
			.singular = "quote",
			.table = "quotes",
			.noun = "quote",
			.summary =
				"what was offered for a custom order: price, "
				"VAT, delivery, terms",
			.columns = "id,order_id,issued_on,valid_until,total,"
				   "status",
			FIELDS(quote_fields),
			FILTERS(quote_filters),
			.order_by = "t.id",
			.before_write = sr_quote_before_write,
			.create = sr_quote_create,
		},
	[SR_RES_SETTINGS] =
		{
			.name = "settings",
			.singular = "settings",
			.table = "settings",
			.columns = "workshop_name,currency,hourly_rate,workers",
			.flags = SR_RES_SINGLETON,
			FIELDS(settings_fields),
			.order_by = "t.id",
			.before_write = sr_settings_before_write,
		},
};
/* clang-format on */

/* Every resource is described, and no list has more filters than fit. */
_Static_assert(COUNT(resources) == SR_RES__MAX,
	       "every enum sr_res has its entry in resources[]");
_Static_assert(COUNT(product_filters) <= SR_MAX_FILTERS &&
		       COUNT(order_filters) <= SR_MAX_FILTERS &&
		       COUNT(batch_filters) <= SR_MAX_FILTERS &&
		       COUNT(sale_filters) <= SR_MAX_FILTERS &&
		       COUNT(time_entry_filters) <= SR_MAX_FILTERS,
	       "a list's filters fit a filter mask and a query");

const struct sr_resource *sr_resource(enum sr_res r)
{
	return (unsigned)r < SR_RES__MAX ? &resources[r] : NULL;
}

const char *sr_res_name(enum sr_res r)
{
	return (unsigned)r < SR_RES__MAX ? resources[r].name : NULL;
}

const char *sr_res_singular(enum sr_res r)
{
	return (unsigned)r < SR_RES__MAX ? resources[r].singular : NULL;
}

bool sr_res_is_list(enum sr_res r)
{
	return (unsigned)r < SR_RES__MAX &&
	       !(resources[r].flags & SR_RES_SINGLETON);
}

const char *sr_res_noun(enum sr_res r)
{
	return (unsigned)r < SR_RES__MAX ? resources[r].noun : NULL;
}

const char *sr_res_summary(enum sr_res r)
{
	return (unsigned)r < SR_RES__MAX ? resources[r].summary : NULL;
}

int sr_res_find(const char *name)
{
	for (int r = 0; r < SR_RES__MAX; r++)
		if (!strcmp(resources[r].name, name) ||
		    !strcmp(resources[r].singular, name))
			return r;
	return -1;
}

int sr_res_find_noun(const char *noun)
{
	for (int r = 0; r < SR_RES__MAX; r++)
		if (resources[r].noun && !strcmp(resources[r].noun, noun))
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
		return sr_check_length(fd->name, len, fd->min, fd->max, f);
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

json_t *sr_field_from_cell(const struct sr_field *fd, const char *text,
			   struct sr_fail *f)
{
	int64_t minor;
	json_t *v;

	if (fd->type != SR_T_MONEY || !*text || !strcmp(text, "null"))
		return sr_field_from_text(fd, text, f);
	if (sr_parse_money(text, &minor, fd->max)) {
		sr_fail_set(f, SR_EINVAL, "bad_value", fd->name,
			    "%s must be an amount like 12 or 12.50, "
			    "not '%.40s'",
			    fd->name, text);
		return NULL;
	}
	v = json_integer(minor);
	if (!v)
		sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
			    "out of memory");
	return v;
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
