/*
 * resource.h - the one description of each resource (private to lib/).
 *
 * A field's description is used for validating input (type, bounds, enum,
 * required, null), for JSON output (name, nesting at '.'), and for SQL (the
 * column, or an expression for computed fields) — store-sqlite.c builds and
 * prepares every resource statement from these tables when it opens.
 */
#ifndef SMALLRUN_RESOURCE_H
#define SMALLRUN_RESOURCE_H

#include <jansson.h>
#include <stdint.h>

#include "smallrun/records.h"

enum sr_ftype {
	SR_T_INT,     /* whole number in [min, max] */
	SR_T_MONEY,   /* whole minor units (pence) in [min, max] */
	SR_T_TEXT,    /* UTF-8 string of min..max bytes */
	SR_T_ENUM,    /* one of values[] */
	SR_T_DATE,    /* "YYYY-MM-DD" */
	SR_T_INSTANT, /* "YYYY-MM-DDTHH:MM:SSZ" */
	SR_T_REF,     /* the id of a row of resource ref */
};

enum sr_fflags {
	SR_F_REQUIRED = 1 << 0, /* must be given when creating */
	SR_F_NULL = 1 << 1,	/* may be null */
	SR_F_SERVER = 1 << 2,	/* set by smallrun; clients cannot write it */
	SR_F_COMPUTED = 1 << 3, /* not stored: expr, in output only */
	SR_F_DERIVED = 1 << 4,	/* stored, but kept by the database (a
				   trigger): read, never written */
	SR_F_OWNER = 1 << 5,	/* only the owner changes it (auth.h) */
	SR_F_SELF = 1 << 6,	/* a person's login: theirs unless they may
				   act on others' records (auth.h) */
};

struct sr_field {
	const char *name;   /* JSON name; "hours.mon" nests one level */
	const char *column; /* SQL column when not name; unused if computed */
	enum sr_ftype type;
	unsigned flags;
	int64_t min, max;	   /* value bounds, or byte length for text */
	const char *const *values; /* SR_T_ENUM: NULL-terminated */
	enum sr_res ref;	   /* SR_T_REF */
	const char *def;  /* default on create, as JSON text; NULL = null */
	const char *expr; /* SR_F_COMPUTED: SQL over the row alias "t" */
};

/* The SQL column that stores fd. */
static inline const char *sr_field_column(const struct sr_field *fd)
{
	return fd->column ? fd->column : fd->name;
}

enum sr_filter_op { SR_OP_EQ, SR_OP_GE, SR_OP_LE };

struct sr_filter {
	const char *param; /* query name: "due_before" */
	const char *field; /* the field it compares: "due_date" */
	enum sr_filter_op op;
};

/* A list may be filtered by at most this many of a resource's filters. */
#define SR_MAX_FILTERS 8

enum sr_res_flags {
	SR_RES_SINGLETON = 1 << 0, /* one row (id 1): no list, no CLI noun */
	SR_RES_NESTED = 1 << 1,	   /* written through its parent's path too */
};

struct sr_tx;

/*
 * Rules beyond one field, run inside the write transaction before the row
 * is stored: row is the whole new row (defaults or old values merged with
 * the input), old the stored row on update (else NULL). May fill
 * server-set fields.
 */
typedef enum sr_err sr_before_write_fn(struct sr_tx *tx, json_t *row,
				       const json_t *old, int64_t now,
				       struct sr_fail *f);
/*
 * What a maker should know of a row just stored (row, as read back),
 * accepted all the same: pushes {"code", "message", ...} onto warnings.
 * Run inside the write transaction, after the write, for a create or a
 * change of one record; the answer carries them as "warnings".
 */
typedef enum sr_err sr_warn_fn(struct sr_tx *tx, const json_t *row, int64_t now,
			       json_t *warnings, struct sr_fail *f);
/* Undo side effects before the stored row old is deleted. */
typedef enum sr_err sr_before_delete_fn(struct sr_tx *tx, const json_t *old,
					struct sr_fail *f);
/*
 * What follows from a write, in its transaction, once the row is stored:
 * row is the row as stored now (NULL once deleted), old the row before
 * (NULL when created). An error undoes the write.
 */
typedef enum sr_err sr_after_write_fn(struct sr_tx *tx, const json_t *row,
				      const json_t *old, struct sr_fail *f);

struct sr_resource;
/*
 * A record a person asks for, written in place of the plain create: the
 * one-record create (sr_rec_create(): the API's POST, the CLI's add)
 * calls it instead of sr_rec_create_in() with the parsed input in. It may
 * write the record as several, each through sr_rec_create_in() in tx (so
 * each is checked and audited), giving the one the answer shows in *id
 * and *stored; what the answer should say of the others it sets as
 * fields of *stored, beside the record (a sale's "allocated"). The warn
 * hook then sees them too. Writes that restore or import records
 * (transfer.c, demand.c, demo.c) call sr_rec_create_in() and never run
 * it.
 */
typedef enum sr_err sr_create_fn(struct sr_tx *tx,
				 const struct sr_resource *res,
				 const json_t *in, int64_t now, int64_t *id,
				 json_t **stored, struct sr_fail *f);

/*
 * Everything smallrun knows of one resource: the API, the CLI, the SQL, the
 * schema the web app reads, the CSV export, and the rules beyond single
 * fields. The table in resource.c is in dependency order (a resource comes
 * after every resource it refers to), which is also the order of export
 * and import; tests/unit/test-resource.c checks it.
 */
struct sr_resource {
	const char *name;     /* "time-entries": API path, CSV file, plural */
	const char *singular; /* "time entry" in messages */
	const char *table;    /* SQL table */
	const char *noun;     /* CLI noun ("time"), NULL for none */
	const char *summary;  /* one line for `smallrun --help` */
	const char *columns;  /* a summary table's fields: "id,name,price" */
	unsigned flags;	      /* enum sr_res_flags */
	const struct sr_field *fields;
	size_t nfields;
	const struct sr_filter *filters;
	size_t nfilters;
	const char *order_by; /* SQL ORDER BY over alias "t" */
	/* A filter a list applies when it is not given, and its value:
	 * products' "retired" at "0" leaves retired ones out. Or NULL. */
	const char *list_filter, *list_value;
	sr_before_write_fn *before_write;   /* or NULL */
	sr_before_delete_fn *before_delete; /* or NULL */
	sr_after_write_fn *after_write;	    /* or NULL */
	sr_warn_fn *warn;		    /* or NULL */
	sr_create_fn *create;		    /* or NULL: sr_rec_create_in() */
	/* A delete's first step, before what refers to the record is
	 * counted: it deletes what belongs to it (a batch's or an order's
	 * material uses, put back), so only the rest stands in the way. */
	sr_before_delete_fn *delete_own; /* or NULL */
};

/* The rules of each resource beyond single fields (lib/rules.c). */
sr_before_write_fn sr_batch_before_write, sr_time_entry_before_write,
	sr_sale_before_write;
sr_warn_fn sr_sale_warn;
/* The VAT rate a sale is made at, into row's vat_bp: worked out from the
 * settings, its product and its order when it is made or what it is of
 * changes (lib/invoice.c; called by sr_sale_before_write). */
enum sr_err sr_sale_vat(struct sr_tx *tx, json_t *row, const json_t *old,
			struct sr_fail *f);
/* A sale from stock: allocated to the batches on hand (allocate.h). */
sr_create_fn sr_sale_create;
/* Fetch the row field of row refers to, into *out: a field error
 * (unknown_reference) when there is none, as the record checks give. */
enum sr_err sr_get_ref(struct sr_tx *tx, enum sr_res r, const json_t *row,
		       const char *field, json_t **out, struct sr_fail *f);
/* Quotes of custom orders (lib/quote.c). An order that leaves quoted
 * other than by its quote's acceptance withdraws its open quotes
 * (sr_quote_follow_order, called by the order's sr_order_made_before_write). */
sr_before_write_fn sr_quote_before_write, sr_quote_follow_order;
sr_create_fn sr_quote_create;
/* Recipes and the units materials are bought in (lib/recipe.c). */
sr_before_write_fn sr_material_before_write, sr_material_unit_before_write,
	sr_recipe_line_before_write;
sr_after_write_fn sr_product_after_write, sr_material_after_write,
	sr_recipe_line_after_write;

/* Labels: a material's allergens normalised, its label fields checked
 * (lib/ingredients.c, called by sr_material_before_write); the address
 * labels' QR codes open (lib/label.c). */
enum sr_err sr_material_label_check(json_t *row, struct sr_fail *f);
sr_before_write_fn sr_settings_before_write;

/* Goods in: purchases, their lines and lots (lib/goods-in.c). */
sr_before_write_fn sr_purchase_before_write, sr_purchase_line_before_write,
	sr_lot_before_write;
sr_after_write_fn sr_purchase_line_after_write;
sr_before_delete_fn sr_purchase_line_before_delete, sr_lot_before_delete;

/*
 * Stock and its lots kept in step (lib/stock.c): what a material use
 * takes from its lot and on_hand, and puts back; a material's stock
 * counted down by hand (called by sr_material_before_write); a new lot
 * while stock is below zero.
 */
sr_before_write_fn sr_material_use_before_write;
sr_before_delete_fn sr_material_use_before_delete;
sr_after_write_fn sr_lot_after_write;
enum sr_err sr_material_stock_count(struct sr_tx *tx, const json_t *row,
				    const json_t *old, struct sr_fail *f);

/*
 * Making takes from stock (lib/consume.c): a batch or an order made done
 * takes its recipe's materials from their lots, and puts them back when
 * set back or deleted. The batch's hook runs sr_batch_before_write first.
 */
sr_before_write_fn sr_batch_made_before_write, sr_order_made_before_write;
sr_create_fn sr_batch_made_create, sr_order_made_create;
sr_before_delete_fn sr_batch_made_delete_own, sr_order_made_delete_own;
sr_warn_fn sr_batch_made_warn, sr_order_made_warn;

const struct sr_resource *sr_resource(enum sr_res r);

/* The field called name in res, or NULL. */
const struct sr_field *sr_field_find(const struct sr_resource *res,
				     const char *name);

/* The largest value r's field name takes: a bound the rules check with. */
static inline int64_t sr_field_max(enum sr_res r, const char *name)
{
	return sr_field_find(sr_resource(r), name)->max;
}

/*
 * Check one JSON value against its field: type, bounds, enum, date form.
 * References are only checked to be ids here (the store checks they
 * exist). Returns SR_OK or SR_EINVAL with f naming the field.
 */
enum sr_err sr_field_check(const struct sr_field *fd, const json_t *v,
			   struct sr_fail *f);

/*
 * Turn text (a query-string value) into the JSON value the field takes: a
 * number for INT/MONEY/REF (money in minor units), a string otherwise; ""
 * or "null" is null. sr_field_from_cell() reads a CSV cell or a CLI
 * option the same way but money as an amount, "12" or "12.50", as the
 * files smallrun writes have it. Both return a new reference, or NULL with
 * f set.
 */
json_t *sr_field_from_cell(const struct sr_field *fd, const char *text,
			   struct sr_fail *f);
json_t *sr_field_from_text(const struct sr_field *fd, const char *text,
			   struct sr_fail *f);

#endif
