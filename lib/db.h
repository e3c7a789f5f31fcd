/*
 * db.h - the typed store API that domain code uses (private to lib/).
 *
 * Records go in and out as flat JSON objects keyed by field name
 * (resource.h), through their resource's description; every other
 * question the domain asks has its own function with C types in and out.
 * Everything here runs inside a transaction from sr_tx_begin(); it is
 * built on the backend interface (backend.h) alone, which domain code
 * never calls.
 *
 * Unless said otherwise a function returns SR_OK, or an error with f set;
 * what it returns through a pointer belongs to the caller (json_decref()
 * for JSON, the matching _release() for arrays).
 */
#ifndef SMALLRUN_DB_H
#define SMALLRUN_DB_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "resource.h"
#include "smallrun/store.h"

struct sr_tx;

/* How a transaction begins (backend.h says what each means). */
enum sr_tx_flags {
	SR_TX_WRITE = 1 << 0,	  /* a writer: excludes its workshop's others */
	SR_TX_DIRECTORY = 1 << 1, /* the tables across workshops too */
};

/*
 * Start a transaction: a write one excludes every other writer until it
 * ends (backend.h states the guarantee the rules rely on).
 */
enum sr_err sr_tx_begin(sr_store *s, bool write, struct sr_tx **tx,
			struct sr_fail *f);
/*
 * sr_tx_begin() for the workshop of this thread's actor, or else the
 * store's pinned one (sr_store_workshop()). sr_tx_begin_in() names the
 * workshop and the flags itself (backend.h: SR_TX_WRITE,
 * SR_TX_DIRECTORY), for the calls that find a workshop before anyone acts
 * in it (workshops.c, the credential lookup, the login throttle).
 */
enum sr_err sr_tx_begin_in(sr_store *s, unsigned flags, int64_t workshop,
			   struct sr_tx **tx, struct sr_fail *f);
/* End tx (commit when err is SR_OK) and return err, or the commit's. */
enum sr_err sr_tx_finish(struct sr_tx *tx, enum sr_err err, struct sr_fail *f);

/* Records, by description. */

/* The row with this id; SR_ENOTFOUND when none. */
enum sr_err sr_db_get(struct sr_tx *tx, const struct sr_resource *res,
		      int64_t id, json_t **row, struct sr_fail *f);
/* Store a new row (its writable fields); *id gets its id. */
enum sr_err sr_db_insert(struct sr_tx *tx, const struct sr_resource *res,
			 const json_t *row, int64_t *id, struct sr_fail *f);
enum sr_err sr_db_update(struct sr_tx *tx, const struct sr_resource *res,
			 int64_t id, const json_t *row, struct sr_fail *f);
enum sr_err sr_db_remove(struct sr_tx *tx, const struct sr_resource *res,
			 int64_t id, struct sr_fail *f);
/*
 * A page of the rows matching the filters (values[i] for res->filters[i],
 * NULL where not used) and how many match in all.
 */
enum sr_err sr_db_list(struct sr_tx *tx, const struct sr_resource *res,
		       json_t *const *values, int64_t limit, int64_t offset,
		       json_t **items, int64_t *total, struct sr_fail *f);
/*
 * The same page written straight to out as the API's list document,
 * {"items": [...], "total": N, "limit": L, "offset": O}, without building
 * it in memory first (resources without nested fields).
 */
enum sr_err sr_db_list_json(struct sr_tx *tx, const struct sr_resource *res,
			    json_t *const *values, int64_t limit,
			    int64_t offset, struct sr_buf *out,
			    struct sr_fail *f);
/* How many referring rows sr_db_count_refs() names by id. */
#define SR_DB_REF_IDS 10

/*
 * How many rows of from have the reference field equal to id (*n), and
 * the ids of the first SR_DB_REF_IDS of them, lowest first, in ids
 * (room for SR_DB_REF_IDS; *nids says how many were filled).
 */
enum sr_err sr_db_count_refs(struct sr_tx *tx, const struct sr_resource *from,
			     const struct sr_field *field, int64_t id,
			     int64_t *n, int64_t *ids, size_t *nids,
			     struct sr_fail *f);

/*
 * How many rows of res have an id above last or were created at another
 * instant than loaded_at (*n): the maker's own beside the sample's
 * (demo.c), and the ids of the first SR_DB_REF_IDS of them, as
 * sr_db_count_refs() gives them.
 */
enum sr_err sr_db_added(struct sr_tx *tx, const struct sr_resource *res,
			int64_t last, const char *loaded_at, int64_t *n,
			int64_t *ids, size_t *nids, struct sr_fail *f);

/* Batches, stock and the timer (rules.c, timer.c). */

/* The highest N of the codes "<prefix>N" in use; 0 when none. */
enum sr_err sr_db_batch_code_max(struct sr_tx *tx, const char *prefix,
				 int64_t *n, struct sr_fail *f);
/* The id of the batch with this code; 0 when none. */
enum sr_err sr_db_batch_by_code(struct sr_tx *tx, const char *code,
				int64_t *id, struct sr_fail *f);
/* How many of a batch are sold, leaving out the sale except (0: none). */
enum sr_err sr_db_batch_sold(struct sr_tx *tx, int64_t batch_id,
			     int64_t except, int64_t *sold, struct sr_fail *f);
/*
 * Every batch of a product with some left, by run date and id (a sale
 * from stock, rules.c): [{batch_id, code, run_date, best_before,
 * available}].
 */
enum sr_err sr_db_sell_batches(struct sr_tx *tx, int64_t product_id,
			       json_t **rows, struct sr_fail *f);
/* Add delta to a material's stock on hand. */
enum sr_err sr_db_material_adjust(struct sr_tx *tx, int64_t material_id,
				  int64_t delta, struct sr_fail *f);
/*
 * The running timers, of one worker or (NULL) of all: [{id, order_id,
 * batch_id, worker, started_at, note, order_title, batch_code}].
 */
enum sr_err sr_db_timers_running(struct sr_tx *tx, const char *worker,
				 json_t **rows, struct sr_fail *f);

/* Stock and trace (trace.c). */

/*
 * Every product still made, and those retired with some available (all
 * with retired): [{product_id, name, available, storage_per_unit,
 * retired, beyond_stock}], beyond_stock the units of its sales recorded
 * beyond stock.
 */
enum sr_err sr_db_stock_products(struct sr_tx *tx, bool retired, json_t **rows,
				 struct sr_fail *f);
/*
 * A page of the batches with stock, of one product or (0) of all, by
 * product, run date and id: [{batch_id, code, product_id, run_date,
 * best_before, available}], and how many there are in all.
 */
enum sr_err sr_db_stock_batches(struct sr_tx *tx, int64_t product_id,
				int64_t limit, int64_t offset, json_t **rows,
				int64_t *total, struct sr_fail *f);
/* Materials at or under their reorder level. */
enum sr_err sr_db_stock_materials(struct sr_tx *tx, json_t **rows,
				  struct sr_fail *f);

/* Storage in use (space per unit times stock) against capacity. */
struct sr_db_storage {
	int64_t used;	  /* when fits */
	bool fits;	  /* false: the sum is past INT64_MAX */
	int64_t capacity; /* the settings' storage_capacity */
};
enum sr_err sr_db_storage(struct sr_tx *tx, struct sr_db_storage *out,
			  struct sr_fail *f);

/* The lots a batch used: [{id, material_id, material_name, unit, …}]. */
enum sr_err sr_db_trace_materials(struct sr_tx *tx, int64_t batch_id,
				  json_t **rows, struct sr_fail *f);
/* Its sales: [{sale_id, sold_on, quantity, price, order_id, customer_id,
 * customer_name, email, phone}], by date. */
enum sr_err sr_db_trace_sales(struct sr_tx *tx, int64_t batch_id,
			      json_t **rows, struct sr_fail *f);

/* A list of ids, grown as rows arrive; release with sr_db_ids_release. */
struct sr_db_ids {
	int64_t *id;
	size_t n, cap;
};
void sr_db_ids_release(struct sr_db_ids *ids);
/*
 * Lots and codes are found by their key (sr_trace_key(): capitals, no
 * spaces, '-' or '_'), through the indexes of sql/0010-trace-keys.sql.
 */

/* The batches that used a supplier's lot whose key is key, by id. */
enum sr_err sr_db_trace_lot(struct sr_tx *tx, const char *key,
			    struct sr_db_ids *ids, struct sr_fail *f);
/* The spellings of that lot as stored: [{lot}], in order. */
enum sr_err sr_db_trace_lot_names(struct sr_tx *tx, const char *key,
				  json_t **rows, struct sr_fail *f);
/* Up to 2 batches whose code has this key (2: more than one). */
enum sr_err sr_db_batches_by_code_key(struct sr_tx *tx, const char *key,
				      struct sr_db_ids *ids,
				      struct sr_fail *f);
/*
 * The up to limit keys of lots (or, codes true, of batch codes) next to
 * key in key order, after it (after true, ascending) or before it
 * (descending): [{key, name}], name one stored spelling of the key.
 */
enum sr_err sr_db_trace_near(struct sr_tx *tx, bool codes, bool after,
			     const char *key, int64_t limit, json_t **rows,
			     struct sr_fail *f);
/*
 * A page of the known lots whose key is from from (included) to to
 * (excluded), in key order: [{lot, batches}], each key once (its first
 * spelling), with how many batches used it, and how many there are.
 */
enum sr_err sr_db_lots(struct sr_tx *tx, const char *from, const char *to,
		       int64_t limit, int64_t offset, json_t **rows,
		       int64_t *total, struct sr_fail *f);

/* Economics (economics.c). */

struct sr_db_tracked {
	int64_t minutes; /* on finished batches and orders of the product */
	int64_t units;	 /* made by those that have time tracked */
	int64_t runs;	 /* how many of them */
};
enum sr_err sr_db_econ_tracked(struct sr_tx *tx, int64_t product_id,
			       struct sr_db_tracked *out, struct sr_fail *f);

struct sr_db_sold {
	int64_t units; /* sold from from to before to */
	int64_t ever;  /* sales of the product ever recorded */
};
enum sr_err sr_db_econ_sold(struct sr_tx *tx, int64_t product_id,
			    const char *from, const char *to,
			    struct sr_db_sold *out, struct sr_fail *f);
/* Minutes still to work on accepted and started orders. */
enum sr_err sr_db_econ_queue(struct sr_tx *tx, int64_t *minutes,
			     struct sr_fail *f);

/* The planner (planner.c). Dates are day numbers (date.h). */

struct sr_db_job {
	int64_t id;
	int64_t day;	 /* due date or run date; INT64_MAX: none */
	int64_t minutes; /* still to work */
	int64_t weight;	 /* orders: what a minute late costs, >= 1 */
	char *label;	 /* order title or batch code */
};
struct sr_db_jobs {
	struct sr_db_job *job;
	size_t n, cap;
};
void sr_db_jobs_release(struct sr_db_jobs *jobs);
/* Accepted and started orders, by id. */
enum sr_err sr_db_plan_orders(struct sr_tx *tx, struct sr_db_jobs *out,
			      struct sr_fail *f);
/* Planned and running batches from day on, by run date. */
enum sr_err sr_db_plan_runs(struct sr_tx *tx, int64_t day,
			    struct sr_db_jobs *out, struct sr_fail *f);
/* Days off from day on, as day numbers in ids->id. */
enum sr_err sr_db_plan_days_off(struct sr_tx *tx, int64_t day,
				struct sr_db_ids *out, struct sr_fail *f);

/* Sales (demand.c). */

/* The product of this name, any case: *id 0 when none. */
enum sr_err sr_db_product_by_name(struct sr_tx *tx, const char *name,
				  int64_t *id, int64_t *price,
				  struct sr_fail *f);
/*
 * The sale an import stored for product_id on day (a day number), and its
 * quantity; *id 0 when there is none.
 */
enum sr_err sr_db_sale_imported(struct sr_tx *tx, int64_t product_id,
				int64_t day, int64_t *id, int64_t *quantity,
				struct sr_fail *f);
/* Mark an imported sale as set by import import_id. */
enum sr_err sr_db_sale_reimport(struct sr_tx *tx, int64_t sale_id,
				int64_t import_id, struct sr_fail *f);
/* Record a sales import of file at now (seconds); its id in *import_id. */
enum sr_err sr_db_import_add(struct sr_tx *tx, const char *file, int64_t now,
			     int64_t *import_id, struct sr_fail *f);

/* Units sold per day (ids->id the day numbers, units[i] their units). */
struct sr_db_daily {
	int64_t *day, *units;
	size_t n, cap;
};
void sr_db_daily_release(struct sr_db_daily *d);
enum sr_err sr_db_sales_daily(struct sr_tx *tx, int64_t product_id,
			      struct sr_db_daily *out, struct sr_fail *f);
/* Every day on which anything sold, as day numbers. */
enum sr_err sr_db_sales_days(struct sr_tx *tx, struct sr_db_ids *out,
			     struct sr_fail *f);

/* The sample workshop (demo.c, sql/0012-sample.sql). */

/* Its row, {loaded_at, last_ids, settings} (JSON text), or NULL when none. */
enum sr_err sr_db_sample(struct sr_tx *tx, json_t **row, struct sr_fail *f);
/* Note it as loaded. */
enum sr_err sr_db_sample_add(struct sr_tx *tx, const char *loaded_at,
			     const char *last_ids, const char *settings,
			     struct sr_fail *f);
/* Note it as gone. */
enum sr_err sr_db_sample_clear(struct sr_tx *tx, struct sr_fail *f);
/*
 * Accounts, sessions, tokens and the audit log (accounts.c). Times are
 * seconds since the epoch, stored as RFC 3339 instants. A row found is a
 * JSON object of the query's columns (sql.c); *row is NULL when none.
 */
enum sr_err sr_db_accounts_any(struct sr_tx *tx, bool *any, struct sr_fail *f);
enum sr_err sr_db_account_add(struct sr_tx *tx, const char *name,
			      const char *login, const char *role,
			      const char *hash, int64_t at, int64_t *id,
			      struct sr_fail *f);
/* By login (any case) when login is not NULL, else by id; hash included. */
enum sr_err sr_db_account_find(struct sr_tx *tx, const char *login, int64_t id,
			       json_t **row, struct sr_fail *f);
enum sr_err sr_db_accounts(struct sr_tx *tx, int64_t limit, int64_t offset,
			   json_t **rows, int64_t *total, struct sr_fail *f);
enum sr_err sr_db_account_owners(struct sr_tx *tx, int64_t *n,
				 struct sr_fail *f);
enum sr_err sr_db_account_set(struct sr_tx *tx, int64_t id, const char *name,
			      const char *login, const char *role,
			      struct sr_fail *f);
enum sr_err sr_db_account_hash(struct sr_tx *tx, int64_t id, const char *hash,
			       struct sr_fail *f);
enum sr_err sr_db_account_remove(struct sr_tx *tx, int64_t id,
				 struct sr_fail *f);

enum sr_err sr_db_session_add(struct sr_tx *tx, const char *key,
			      int64_t account_id, int64_t at, int64_t expires,
			      const char *user_agent, const char *address,
			      int64_t *id, struct sr_fail *f);
/* A session not expired at now: {session_id, last_used_at, id, name,
 * login, role}, the last four its account's. */
enum sr_err sr_db_session_find(struct sr_tx *tx, const char *key, int64_t now,
			       json_t **row, struct sr_fail *f);
enum sr_err sr_db_session_touch(struct sr_tx *tx, int64_t id, int64_t at,
				int64_t expires, struct sr_fail *f);
enum sr_err sr_db_sessions(struct sr_tx *tx, int64_t account_id, json_t **rows,
			   struct sr_fail *f);
/* End session id if it is account_id's (*found says). */
enum sr_err sr_db_session_end(struct sr_tx *tx, int64_t id, int64_t account_id,
			      bool *found, struct sr_fail *f);
/* End every session of account_id but except (0: all). */
enum sr_err sr_db_sessions_end(struct sr_tx *tx, int64_t account_id,
			       int64_t except, struct sr_fail *f);
/* Revoke every token of account_id. */
enum sr_err sr_db_tokens_end(struct sr_tx *tx, int64_t account_id,
			     struct sr_fail *f);
enum sr_err sr_db_sessions_purge(struct sr_tx *tx, int64_t now,
				 struct sr_fail *f);

enum sr_err sr_db_token_add(struct sr_tx *tx, const char *key,
			    int64_t account_id, const char *kind,
			    const char *name, int64_t at, int64_t *id,
			    struct sr_fail *f);
/* {token_id, last_used_at, id, name, login, role}, as a session. */
enum sr_err sr_db_token_find(struct sr_tx *tx, const char *key,
			     const char *kind, json_t **row, struct sr_fail *f);
enum sr_err sr_db_token_touch(struct sr_tx *tx, int64_t id, int64_t at,
			      struct sr_fail *f);
enum sr_err sr_db_tokens(struct sr_tx *tx, int64_t account_id, json_t **rows,
			 struct sr_fail *f);
enum sr_err sr_db_token_remove(struct sr_tx *tx, int64_t id, int64_t account_id,
			       bool *found, struct sr_fail *f);
enum sr_err sr_db_token_count(struct sr_tx *tx, int64_t account_id, int64_t *n,
			      struct sr_fail *f);

/* One write, as the audit log keeps it; before and after are JSON text
 * or NULL. */
/*
 * Workshops, credentials and the login throttle (workshops.c, accounts.c,
 * auth.c): in a directory transaction (sr_tx_begin_in), but for
 * sr_db_workshop_find() by id, which a workshop's own transaction may
 * ask of itself, and sr_db_settings_new(). A workshop is a row {id, name,
 * slug, status, created_at}; find takes a slug or (slug NULL) an id and
 * gives NULL when none has it.
 */
enum sr_err sr_db_workshops(struct sr_tx *tx, json_t **rows, struct sr_fail *f);
enum sr_err sr_db_workshop_find(struct sr_tx *tx, const char *slug, int64_t id,
				json_t **row, struct sr_fail *f);
enum sr_err sr_db_workshop_add(struct sr_tx *tx, const char *name,
			       const char *slug, int64_t at, int64_t *id,
			       struct sr_fail *f);
/* Set its status; *found says whether there was such a workshop. */
enum sr_err sr_db_workshop_status(struct sr_tx *tx, int64_t id,
				  const char *status, bool *found,
				  struct sr_fail *f);
/* The rest of tx is workshop id's: its rows, and its writes' default;
 * it waits for that workshop's writers first, as a writer of it does. */
enum sr_err sr_db_workshop_enter(struct sr_tx *tx, int64_t id,
				 struct sr_fail *f);
/* Remove the entered workshop: every row of it, then it (*n: the rows). */
enum sr_err sr_db_workshop_purge(struct sr_tx *tx, int64_t *n,
				 struct sr_fail *f);
/* The settings row of a new workshop, named name. */
enum sr_err sr_db_settings_new(struct sr_tx *tx, const char *name,
			       struct sr_fail *f);
/* The workshop and account of a stored key; 0s when none has it. */
enum sr_err sr_db_credential_find(struct sr_tx *tx, const char *key,
				  int64_t *workshop, int64_t *account,
				  struct sr_fail *f);
/* A throttle key's failures and the last one's time; 0s when none. */
enum sr_err sr_db_throttle_get(struct sr_tx *tx, const char *key,
			       int64_t *failures, int64_t *last,
			       struct sr_fail *f);
/* One more failure of key at now (from one after forget quiet seconds). */
enum sr_err sr_db_throttle_fail(struct sr_tx *tx, const char *key, int64_t now,
				int64_t forget, struct sr_fail *f);
enum sr_err sr_db_throttle_clear(struct sr_tx *tx, const char *key,
				 struct sr_fail *f);
/* Forget every key whose last failure came before before. */
enum sr_err sr_db_throttle_purge(struct sr_tx *tx, int64_t before,
				 struct sr_fail *f);

struct sr_db_audit {
	int64_t at;
	const char *actor;
	int64_t account_id; /* 0: none */
	const char *resource;
	int64_t record_id;
	const char *action; /* create, update, delete */
	const char *before, *after;
};
enum sr_err sr_db_audit_add(struct sr_tx *tx, const struct sr_db_audit *a,
			    struct sr_fail *f);
/* A page of the log, newest first, filtered by actor, resource and record
 * (NULL, NULL, 0: not filtered), and how many match. */
enum sr_err sr_db_audit(struct sr_tx *tx, const char *actor,
			const char *resource, int64_t record_id, int64_t limit,
			int64_t offset, json_t **rows, int64_t *total,
			struct sr_fail *f);
/* The account that created record id of resource (0: none, or not known). */
enum sr_err sr_db_audit_creator(struct sr_tx *tx, const char *resource,
				int64_t id, int64_t *account_id,
				struct sr_fail *f);

/* Recipes (recipe.c). */

/* One line of a product's recipe, with what its costing needs. */
struct sr_db_recipe_line {
	int64_t id;
	int64_t material_id, sub_product_id; /* one of them; 0 the other */
	int64_t quantity;		     /* in unit */
	int64_t batch_yield;		     /* 0: per unit made */
	int64_t loss_pct;
	char unit[24]; /* "" for the base unit (or a product's units) */
	char base[8];  /* a material's base unit; "" for a product */
	int64_t cost_per_unit, cost_per; /* a material's cost */
	int64_t typed_cost;		 /* a product's typed material_cost */
	char *name;			 /* the material's or product's */
};
struct sr_db_recipe {
	struct sr_db_recipe_line *line;
	size_t n, cap;
};
void sr_db_recipe_release(struct sr_db_recipe *r);
/* The lines of product_id's recipe, in the order entered. */
enum sr_err sr_db_recipe_lines(struct sr_tx *tx, int64_t product_id,
			       struct sr_db_recipe *out, struct sr_fail *f);
/* The products product_id's recipe uses, each once, by id. */
enum sr_err sr_db_recipe_subs(struct sr_tx *tx, int64_t product_id,
			      struct sr_db_ids *out, struct sr_fail *f);
/* How many lines product_id's recipe has. */
enum sr_err sr_db_recipe_count(struct sr_tx *tx, int64_t product_id, int64_t *n,
			       struct sr_fail *f);
/*
 * The products whose cost moves when this product's (material false) or
 * this material's (material true) does: a product itself, and every
 * product that uses one of them, at any depth, each once, by id.
 */
enum sr_err sr_db_recipe_up(struct sr_tx *tx, bool material, int64_t id,
			    struct sr_db_ids *out, struct sr_fail *f);
/* Store a product's recipe_cost (has false: null, it has no recipe). */
enum sr_err sr_db_recipe_set_cost(struct sr_tx *tx, int64_t product_id,
				  bool has, int64_t cost, struct sr_fail *f);
/* Every product's id, in order. */
enum sr_err sr_db_product_ids(struct sr_tx *tx, struct sr_db_ids *out,
			      struct sr_fail *f);

/* Goods in, expiry and what to buy (goods-in.c, trace.c, to-buy.c). */

/*
 * Every row of res whose filter called filter equals id (filter NULL:
 * every row), in the list's order, however many pages that takes.
 */
enum sr_err sr_db_list_by(struct sr_tx *tx, const struct sr_resource *res,
			  const char *filter, int64_t id, json_t **items,
			  struct sr_fail *f);
/* How many lines a purchase has, have had goods in, and have come whole. */
struct sr_db_received {
	int64_t lines, received, whole;
};
enum sr_err sr_db_purchase_received(struct sr_tx *tx, int64_t purchase_id,
				    struct sr_db_received *out,
				    struct sr_fail *f);
/*
 * The lots with stock left whose date is on or before until (a date):
 * [{id, material_id, material_name, lot, expires_on, remaining, unit}],
 * first to expire first.
 */
enum sr_err sr_db_lots_expiring(struct sr_tx *tx, const char *until,
				json_t **rows, struct sr_fail *f);
/* Batches planned or running from from to to (dates), by run date:
 * [{id, code, product_id, quantity (planned), run_date}]. */
enum sr_err sr_db_buy_batches(struct sr_tx *tx, const char *from,
			      const char *to, json_t **rows, struct sr_fail *f);
/* Orders accepted or in progress with a product, due from from to to or
 * with no due date: [{id, title, product_id, quantity, due_date}]. */
enum sr_err sr_db_buy_orders(struct sr_tx *tx, const char *from, const char *to,
			     json_t **rows, struct sr_fail *f);
/* What is ordered and still to come of each material, in base units:
 * [{material_id, on_order}], from the lines of purchases ordered or part
 * received. */
enum sr_err sr_db_on_order(struct sr_tx *tx, json_t **rows, struct sr_fail *f);

/*
 * A workshop's tables as they are, for moving it between stores (move.c):
 * t is a table's index in sr_sql_tables() (sql.h), a row an array of its
 * values in the order of the table's columns (integers, strings, nulls).
 */

/* Up to limit rows of t with an id above after, by id, into *rows. */
enum sr_err sr_db_table_rows(struct sr_tx *tx, size_t t, int64_t after,
			     int64_t limit, json_t **rows, struct sr_fail *f);
/* Store row in t as it is, id and all, but its derived columns (which the
 * database keeps itself). */
enum sr_err sr_db_table_put(struct sr_tx *tx, size_t t, const json_t *row,
			    struct sr_fail *f);
/* Delete every row of t (the transaction's workshop's). */
enum sr_err sr_db_table_clear(struct sr_tx *tx, size_t t, struct sr_fail *f);
/* How many rows t holds, and its highest id (0 when none). */
enum sr_err sr_db_table_tally(struct sr_tx *tx, size_t t, int64_t *n,
			      int64_t *top, struct sr_fail *f);
/* Every column of every table the store has: [[table, column], …]. */
enum sr_err sr_db_catalog(struct sr_tx *tx, json_t **rows, struct sr_fail *f);
/* New ids of table (a name of sr_sql_tables()) above last from now on. */
enum sr_err sr_db_ids_past(struct sr_tx *tx, const char *table, int64_t last,
			   struct sr_fail *f);
/* Set workshop id's name and creation instant (the one it moved from). */
enum sr_err sr_db_workshop_set(struct sr_tx *tx, int64_t id, const char *name,
			       const char *created_at, struct sr_fail *f);

/* Making takes from stock (stock.c, consume.c). */

/*
 * A material's lots with stock left, first to expire first with the
 * expired ones among them: [{id, lot, received_on, expires_on, quantity,
 * remaining, cost}].
 */
enum sr_err sr_db_lots_open(struct sr_tx *tx, int64_t material_id,
			    json_t **rows, struct sr_fail *f);
/* Take quantity off a lot's remaining (negative: put it back). */
enum sr_err sr_db_lot_take(struct sr_tx *tx, int64_t lot_id, int64_t quantity,
			   struct sr_fail *f);

/* Invoices (invoice.c): each call runs in the caller's transaction; the
 * numbering ones in a write transaction, under the writer lock. */

/* The next invoice number: the greatest plus one, 1 for the first. */
enum sr_err sr_db_invoice_next(struct sr_tx *tx, int64_t *n,
			       struct sr_fail *f);
/*
 * Store an invoice row {number, customer_id, order_id (or null),
 * issued_on, supply_on, due_on, vat_number, net, vat, gross, notes} made
 * at now; its id in *id.
 */
enum sr_err sr_db_invoice_add(struct sr_tx *tx, const json_t *inv,
			      int64_t now, int64_t *id, struct sr_fail *f);
/* Store a line {sale_id (or null), description, quantity, unit_price,
 * net, vat_bp, vat} of invoice invoice_id. */
enum sr_err sr_db_invoice_line_add(struct sr_tx *tx, int64_t invoice_id,
				   const json_t *line, int64_t now,
				   struct sr_fail *f);
/* Invoice id with its customer's name (*row NULL when there is none). */
enum sr_err sr_db_invoice_get(struct sr_tx *tx, int64_t id, json_t **row,
			      struct sr_fail *f);
/* The id of invoice number (0 when none). */
enum sr_err sr_db_invoice_by_number(struct sr_tx *tx, int64_t number,
				    int64_t *id, struct sr_fail *f);
/* Invoice id's lines, in order. */
enum sr_err sr_db_invoice_lines(struct sr_tx *tx, int64_t id, json_t **rows,
				struct sr_fail *f);
/* A list's filters: 0 (customer, order) or false where not used. */
struct sr_db_invoice_filter {
	int64_t customer_id, order_id;
	bool unpaid, overdue;
	const char *today;
};
/* A page of the invoices, newest first, and how many match (*total). */
enum sr_err sr_db_invoice_list(struct sr_tx *tx,
			       const struct sr_db_invoice_filter *q,
			       int64_t limit, int64_t offset, json_t **rows,
			       int64_t *total, struct sr_fail *f);
/*
 * The lowest-numbered invoice of an order (sale false) or with a line of
 * a sale (sale true), only those not void when open: its number and id
 * in *number and *id (0 when none).
 */
enum sr_err sr_db_invoice_of(struct sr_tx *tx, bool sale, int64_t ref,
			     bool open, int64_t *number, int64_t *id,
			     struct sr_fail *f);
/* Set an invoice's paid_on (date, or NULL to clear it), or (is_void)
 * its void_on. */
enum sr_err sr_db_invoice_mark(struct sr_tx *tx, int64_t id, bool is_void,
			       const char *date, struct sr_fail *f);
/* Every invoice and line gone (only the sample's reset, demo.c). */
enum sr_err sr_db_invoice_clear(struct sr_tx *tx, struct sr_fail *f);

#endif
