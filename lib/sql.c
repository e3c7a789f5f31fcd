/*
 * sql.c - the one statement table: the named queries, and the statements
 * generated from each resource's description (sql.h).
 *
 * The text is the SQL that SQLite and PostgreSQL share: coalesce, CASE
 * instead of two-argument max(), EXISTS, WITH … AS MATERIALIZED, INSERT …
 * RETURNING, an alias on every subquery in FROM, a parameter's first use
 * one that gives it a type (PostgreSQL cannot type "?1 IS NULL": write
 * "x = ?1 OR ?1 IS NULL", or CAST it), and ?N parameters, which
 * sr_sql_text() writes $N for PostgreSQL. Where the two cannot share a
 * text, a named query carries PostgreSQL's own beside it (.pg), here and
 * nowhere else. Identifiers come only from the descriptions in
 * resource.c; values are always bound, never written into the text.
 */
#include "compat.h"

#include "db.h"
#include "sql.h"

struct named {
	const char *cols; /* the result columns, as sr_sql_text() gives them */
	const char *text; /* the SQL both dialects share ... */
	const char *pg;	  /* ... or PostgreSQL's own, where it differs */
};

/* A batch's stock: made, less rejected, less sold (kept by a trigger). */
#define AVAILABLE "b.made_qty - b.rejected_qty - b.sold_qty"
/* Minutes still to spend on order o: its estimate less the time tracked. */
#define ORDER_LEFT                                                          \
	"CASE WHEN o.estimated_minutes > coalesce((SELECT sum(e.minutes)"   \
	" FROM time_entries e WHERE e.order_id = o.id), 0)"                 \
	" THEN o.estimated_minutes - coalesce((SELECT sum(e.minutes)"       \
	" FROM time_entries e WHERE e.order_id = o.id), 0) ELSE 0 END"

/*
 * The key a lot or a batch code is matched by: capitals, without spaces,
 * '-' or '_'. The text must be the indexes' in sql/0010-trace-keys.sql,
 * character for character, for the database to use them; sr_trace_key()
 * (trace.c) computes the same key in C for the value asked about.
 */
#define SR_KEY(x)                                                           \
	"upper(replace(replace(replace(" x ", ' ', ''), '-', ''), '_', ''))"
/* A lot's or a code's neighbours in key order: (key, limit). */
#define NEAR(col, table, op, dir)                                            \
	"SELECT " SR_KEY(col) " AS key, min(" col ") AS name FROM " table    \
	" WHERE " SR_KEY(col) " " op " ?1 GROUP BY " SR_KEY(col)             \
	" ORDER BY " SR_KEY(col) dir " LIMIT ?2"

/* A workshop's columns. */
#define WORKSHOP "id, name, slug, status, created_at"
/* An account's columns, its password's hash among them. */
#define ACCOUNT "id, name, login, role, hash, created_at"
/* The audit log's filters: (actor, resource, record id), each or null. */
#define AUDIT_WHERE                                                            \
	"(actor = ?1 OR ?1 IS NULL) AND (resource = ?2 OR ?2 IS NULL)"         \
	" AND (record_id = ?3 OR ?3 IS NULL)"

/* An invoice's columns, with its customer's name (alias c). */
#define INVOICE_COLS                                                        \
	"id,number,customer_id,customer_name,order_id,issued_on,supply_on,"  \
	"due_on,paid_on,void_on,vat_number,net,vat,gross,notes,created_at"
#define INVOICE_SELECT                                                      \
	"i.id, i.number, i.customer_id, c.name AS customer_name, i.order_id," \
	" i.issued_on, i.supply_on, i.due_on, i.paid_on, i.void_on,"          \
	" i.vat_number, i.net, i.vat, i.gross, i.notes, i.created_at"
/* A list's filters: (customer or null, order or null, unpaid 0/1,
 * overdue 0/1, today); unpaid and overdue leave void ones out. */
#define INVOICE_WHERE                                                       \
	"(i.customer_id = ?1 OR ?1 IS NULL) AND (i.order_id = ?2 OR ?2 IS"    \
	" NULL) AND (?3 = 0 OR (i.paid_on IS NULL AND i.void_on IS NULL))"    \
	" AND (?4 = 0 OR (i.paid_on IS NULL AND i.void_on IS NULL AND"        \
	" i.due_on < ?5))"

/* clang-format off */
static const struct named named[SR_Q__MAX] = {
	/* SQLite's CAST reads the leading digits (none: 0); PostgreSQL's
	 * refuses text that is not a number, so it takes them itself. */
	[SR_Q_BATCH_CODE_MAX] = {"n",
		"SELECT coalesce(max(CAST(substr(code, length(?1) + 1) AS INTEGER)), 0) AS n"
		" FROM batches WHERE substr(code, 1, length(?1)) = ?1",
		"SELECT coalesce(max(CAST(coalesce(substring(substr(code,"
		" length(?1) + 1) FROM '^[0-9]{1,18}'), '0') AS BIGINT)), 0) AS n"
		" FROM batches WHERE substr(code, 1, length(?1)) = ?1"},
	[SR_Q_BATCH_BY_CODE] = {"id", "SELECT id FROM batches WHERE code = ?1"},
	[SR_Q_BATCH_BY_CODE_KEY] = {"id",
		"SELECT id FROM batches WHERE " SR_KEY("code") " = ?1"
		" ORDER BY id LIMIT 2"},
	[SR_Q_CODES_AFTER] = {"key,name", NEAR("code", "batches", ">", "")},
	[SR_Q_CODES_BEFORE] = {"key,name", NEAR("code", "batches", "<", " DESC")},
	[SR_Q_BATCH_SOLD] = {"sold",
		"SELECT coalesce(sum(quantity), 0) AS sold FROM sales"
		" WHERE batch_id = ?1 AND id <> ?2"},
	[SR_Q_MATERIAL_ADJUST] = {"",
		"UPDATE materials SET on_hand = on_hand + ?1 WHERE id = ?2"},
	[SR_Q_TIMER_RUNNING] = {"id,order_id,batch_id,worker,started_at,note,order_title,batch_code",
		"SELECT e.id, e.order_id, e.batch_id, e.worker, e.started_at, e.note,"
		" o.title AS order_title, b.code AS batch_code"
		" FROM time_entries e"
		" LEFT JOIN orders o ON o.id = e.order_id"
		" LEFT JOIN batches b ON b.id = e.batch_id"
		" WHERE e.ended_at IS NULL AND (e.worker = ?1 OR ?1 IS NULL)"
		" ORDER BY e.worker"},
	/* ?1 = 1: retired products with none left too. beyond_stock: the
	 * units of its sales recorded beyond stock (index sales_beyond_stock,
	 * sql/0016-sell.sql, whose WHERE this repeats word for word). */
	[SR_Q_STOCK_PRODUCTS] = {"product_id,name,available,storage_per_unit,retired,beyond_stock",
		"SELECT * FROM (SELECT p.id AS product_id, p.name,"
		" coalesce((SELECT sum(" AVAILABLE ") FROM batches b"
		"  WHERE b.product_id = p.id), 0) AS available, p.storage_per_unit,"
		" p.retired, coalesce((SELECT sum(x.quantity) FROM sales x"
		"  WHERE x.product_id = p.id AND x.beyond_stock = 1), 0)"
		" AS beyond_stock FROM products p) AS s"
		" WHERE ?1 OR retired = 0 OR available > 0"
		" ORDER BY name, product_id"},
	/* Two forms, so that each can use the partial index batches_stock. */
	[SR_Q_STOCK_BATCHES] = {"batch_id,code,product_id,run_date,best_before,available",
		"SELECT b.id AS batch_id, b.code, b.product_id, b.run_date,"
		" b.best_before, " AVAILABLE " AS available FROM batches b"
		" WHERE " AVAILABLE " > 0"
		" ORDER BY b.product_id, b.run_date, b.id LIMIT ?1 OFFSET ?2"},
	[SR_Q_STOCK_BATCHES_OF] = {"batch_id,code,product_id,run_date,best_before,available",
		"SELECT b.id AS batch_id, b.code, b.product_id, b.run_date,"
		" b.best_before, " AVAILABLE " AS available FROM batches b"
		" WHERE " AVAILABLE " > 0 AND b.product_id = ?1"
		" ORDER BY b.run_date, b.id LIMIT ?2 OFFSET ?3"},
	[SR_Q_STOCK_BATCH_COUNT] = {"n",
		"SELECT count(*) AS n FROM batches b WHERE " AVAILABLE " > 0"},
	[SR_Q_STOCK_BATCH_COUNT_OF] = {"n",
		"SELECT count(*) AS n FROM batches b WHERE " AVAILABLE " > 0"
		" AND b.product_id = ?1"},
	[SR_Q_STOCK_MATERIALS] = {"material_id,name,unit,on_hand,reorder_level",
		"SELECT id AS material_id, name, unit, on_hand, reorder_level"
		" FROM materials WHERE on_hand <= reorder_level ORDER BY name, id"},
	/* A sale from stock: every batch of the product with some left
	 * (allocate.c orders them), through the index batches_stock. */
	[SR_Q_SELL_BATCHES] = {"batch_id,code,run_date,best_before,available",
		"SELECT b.id AS batch_id, b.code, b.run_date, b.best_before,"
		" " AVAILABLE " AS available FROM batches b"
		" WHERE " AVAILABLE " > 0 AND b.product_id = ?1"
		" ORDER BY b.run_date, b.id"},
	[SR_Q_STORAGE_PARTS] = {"available,per",
		"SELECT " AVAILABLE " AS available, p.storage_per_unit AS per"
		" FROM batches b JOIN products p ON p.id = b.product_id"
		" WHERE p.storage_per_unit > 0 AND " AVAILABLE " > 0"},
	[SR_Q_STORAGE_CAPACITY] = {"capacity",
		"SELECT storage_capacity AS capacity FROM settings WHERE id = 1"},
	/* With the lot a use was taken from, and its date (consume.c). */
	[SR_Q_TRACE_MATERIALS] = {"id,material_id,material_name,unit,quantity,lot,lot_id,expires_on",
		"SELECT bm.id, bm.material_id, m.name AS material_name, m.unit,"
		" bm.quantity, bm.lot, bm.lot_id, l.expires_on"
		" FROM batch_materials bm JOIN materials m ON m.id = bm.material_id"
		" LEFT JOIN lots l ON l.id = bm.lot_id"
		" WHERE bm.batch_id = ?1 ORDER BY bm.id"},
	[SR_Q_TRACE_SALES] = {"sale_id,sold_on,quantity,price,order_id,customer_id,customer_name,email,phone",
		"SELECT s.id AS sale_id, s.sold_on, s.quantity, s.price, s.order_id,"
		" c.id AS customer_id, c.name AS customer_name, c.email, c.phone"
		" FROM sales s LEFT JOIN customers c ON c.id = s.customer_id"
		" WHERE s.batch_id = ?1 ORDER BY s.sold_on, s.id"},
	[SR_Q_TRACE_LOT] = {"batch_id",
		"SELECT DISTINCT batch_id FROM batch_materials"
		" WHERE " SR_KEY("lot") " = ?1 AND batch_id IS NOT NULL"
		" ORDER BY batch_id"},
	[SR_Q_TRACE_LOT_NAMES] = {"lot",
		"SELECT DISTINCT lot FROM batch_materials"
		" WHERE " SR_KEY("lot") " = ?1 ORDER BY lot"},
	[SR_Q_LOTS_AFTER] = {"key,name",
		NEAR("lot", "batch_materials", ">", "")},
	[SR_Q_LOTS_BEFORE] = {"key,name",
		NEAR("lot", "batch_materials", "<", " DESC")},
	/* Keys from ?1 (included) to ?2 (excluded): a prefix's range. */
	[SR_Q_LOTS] = {"lot,batches",
		"SELECT min(lot) AS lot, count(DISTINCT batch_id) AS batches"
		" FROM batch_materials"
		" WHERE " SR_KEY("lot") " >= ?1 AND " SR_KEY("lot") " < ?2"
		" AND " SR_KEY("lot") " <> ''"
		" GROUP BY " SR_KEY("lot") " ORDER BY " SR_KEY("lot")
		" LIMIT ?3 OFFSET ?4"},
	[SR_Q_LOTS_COUNT] = {"n",
		"SELECT count(DISTINCT " SR_KEY("lot") ") AS n FROM batch_materials"
		" WHERE " SR_KEY("lot") " >= ?1 AND " SR_KEY("lot") " < ?2"
		" AND " SR_KEY("lot") " <> ''"},
	[SR_Q_ECON_TRACKED] = {"minutes,units,runs",
		"SELECT"
		" coalesce((SELECT sum(e.minutes) FROM time_entries e"
		"  JOIN batches b ON b.id = e.batch_id"
		"  WHERE b.product_id = ?1 AND b.status = 'done'), 0)"
		" + coalesce((SELECT sum(e.minutes) FROM time_entries e"
		"  JOIN orders o ON o.id = e.order_id"
		"  WHERE o.product_id = ?1 AND o.status IN ('done', 'delivered')), 0)"
		"  AS minutes,"
		" coalesce((SELECT sum(b.made_qty) FROM batches b"
		"  WHERE b.product_id = ?1 AND b.status = 'done' AND EXISTS"
		"  (SELECT 1 FROM time_entries e WHERE e.batch_id = b.id AND e.minutes > 0)), 0)"
		" + coalesce((SELECT sum(o.quantity) FROM orders o"
		"  WHERE o.product_id = ?1 AND o.status IN ('done', 'delivered') AND EXISTS"
		"  (SELECT 1 FROM time_entries e WHERE e.order_id = o.id AND e.minutes > 0)), 0)"
		"  AS units,"
		" (SELECT count(*) FROM batches b WHERE b.product_id = ?1"
		"  AND b.status = 'done' AND EXISTS (SELECT 1 FROM time_entries e"
		"  WHERE e.batch_id = b.id AND e.minutes > 0))"
		" + (SELECT count(*) FROM orders o WHERE o.product_id = ?1"
		"  AND o.status IN ('done', 'delivered') AND EXISTS (SELECT 1"
		"  FROM time_entries e WHERE e.order_id = o.id AND e.minutes > 0))"
		"  AS runs"},
	[SR_Q_ECON_SOLD] = {"units,ever",
		"SELECT coalesce(sum(quantity), 0) AS units,"
		" (SELECT count(*) FROM sales WHERE product_id = ?1) AS ever"
		" FROM sales WHERE product_id = ?1 AND sold_on >= ?2 AND sold_on < ?3"},
	[SR_Q_ECON_QUEUE] = {"minutes",
		"SELECT coalesce(sum(" ORDER_LEFT "), 0) AS minutes"
		" FROM orders o WHERE o.status IN ('accepted', 'in_progress')"},
	[SR_Q_PLAN_ORDERS] = {"id,title,due_date,minutes,weight",
		"SELECT o.id, o.title, o.due_date, " ORDER_LEFT " AS minutes,"
		/* An order of no price still counts when it is late. */
		" CASE WHEN coalesce(o.priority, o.price) > 1"
		" THEN coalesce(o.priority, o.price) ELSE 1 END AS weight"
		" FROM orders o WHERE o.status IN ('accepted', 'in_progress')"
		" ORDER BY o.id"},
	[SR_Q_PLAN_RUNS] = {"id,code,run_date,minutes",
		"WITH r AS MATERIALIZED (SELECT b.id, b.code, b.run_date,"
		" p.setup_minutes + b.planned_qty * p.minutes_per_unit"
		"  - coalesce((SELECT sum(e.minutes) FROM time_entries e"
		"  WHERE e.batch_id = b.id), 0) AS rest"
		" FROM batches b JOIN products p ON p.id = b.product_id"
		" WHERE b.status IN ('planned', 'running') AND b.run_date >= ?1)"
		" SELECT id, code, run_date,"
		" CASE WHEN rest > 0 THEN rest ELSE 0 END AS minutes"
		" FROM r ORDER BY run_date, id"},
	[SR_Q_PLAN_DAYS_OFF] = {"date",
		"SELECT date FROM days_off WHERE date >= ?1 ORDER BY date"},
	/* products.name ignores case: "Croissant" finds "CROISSANT". */
	[SR_Q_PRODUCT_BY_NAME] = {"id,price",
		"SELECT id, price FROM products WHERE name = ?1"},
	[SR_Q_SALE_IMPORTED] = {"id,quantity",
		"SELECT id, quantity FROM sales WHERE product_id = ?1"
		" AND sold_on = ?2 AND import_id IS NOT NULL"},
	[SR_Q_SALE_REIMPORT] = {"",
		"UPDATE sales SET import_id = ?1 WHERE id = ?2"},
	[SR_Q_IMPORT_ADD] = {"id",
		"INSERT INTO sales_imports (file, imported_at) VALUES (?1, ?2)"
		" RETURNING id"},
	[SR_Q_SALES_DAILY] = {"sold_on,units",
		"SELECT sold_on, sum(quantity) AS units FROM sales"
		" WHERE product_id = ?1 GROUP BY sold_on ORDER BY sold_on"},
	[SR_Q_SALES_DAYS] = {"sold_on",
		"SELECT DISTINCT sold_on FROM sales ORDER BY sold_on"},
	[SR_Q_SAMPLE] = {"loaded_at,last_ids,settings",
		"SELECT loaded_at, last_ids, settings FROM sample WHERE id = 1"},
	[SR_Q_SAMPLE_ADD] = {"",
		"INSERT INTO sample (id, loaded_at, last_ids, settings)"
		" VALUES (1, ?1, ?2, ?3)"},
	[SR_Q_SAMPLE_CLEAR] = {"", "DELETE FROM sample"},
	[SR_Q_ACCOUNT_ANY] = {"n",
		"SELECT EXISTS (SELECT 1 FROM accounts) AS n"},
	[SR_Q_ACCOUNT_ADD] = {"id",
		"INSERT INTO accounts (name, login, role, hash, created_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id"},
	/* accounts.login ignores case: "Ann" finds "ann". */
	[SR_Q_ACCOUNT_BY_LOGIN] = {"id,name,login,role,hash,created_at",
		"SELECT " ACCOUNT " FROM accounts WHERE login = ?1"},
	[SR_Q_ACCOUNT_GET] = {"id,name,login,role,hash,created_at",
		"SELECT " ACCOUNT " FROM accounts WHERE id = ?1"},
	[SR_Q_ACCOUNT_LIST] = {"id,name,login,role,created_at",
		"SELECT id, name, login, role, created_at FROM accounts"
		" ORDER BY login, id LIMIT ?1 OFFSET ?2"},
	[SR_Q_ACCOUNT_COUNT] = {"n", "SELECT count(*) AS n FROM accounts"},
	[SR_Q_ACCOUNT_OWNERS] = {"n",
		"SELECT count(*) AS n FROM accounts WHERE role = 'owner'"},
	[SR_Q_ACCOUNT_SET] = {"",
		"UPDATE accounts SET name = ?1, login = ?2, role = ?3 WHERE id = ?4"},
	[SR_Q_ACCOUNT_HASH] = {"",
		"UPDATE accounts SET hash = ?1 WHERE id = ?2"},
	[SR_Q_ACCOUNT_REMOVE] = {"", "DELETE FROM accounts WHERE id = ?1"},
	[SR_Q_SESSION_ADD] = {"id",
		"INSERT INTO sessions (key, account_id, created_at, last_used_at,"
		" expires_at, user_agent, address)"
		" VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6) RETURNING id"},
	[SR_Q_SESSION_FIND] = {"session_id,last_used_at,id,name,login,role",
		"SELECT s.id AS session_id, s.last_used_at, a.id, a.name, a.login,"
		" a.role FROM sessions s JOIN accounts a ON a.id = s.account_id"
		" WHERE s.key = ?1 AND s.expires_at > ?2"},
	[SR_Q_SESSION_TOUCH] = {"",
		"UPDATE sessions SET last_used_at = ?1, expires_at = ?2 WHERE id = ?3"},
	[SR_Q_SESSION_LIST] = {"id,created_at,last_used_at,expires_at,user_agent,address",
		"SELECT id, created_at, last_used_at, expires_at, user_agent, address"
		" FROM sessions WHERE account_id = ?1"
		" ORDER BY last_used_at DESC, id DESC LIMIT 100"},
	[SR_Q_SESSION_END] = {"id",
		"DELETE FROM sessions WHERE id = ?1 AND account_id = ?2 RETURNING id"},
	[SR_Q_SESSION_END_ALL] = {"",
		"DELETE FROM sessions WHERE account_id = ?1 AND id <> ?2"},
	[SR_Q_SESSION_PURGE] = {"",
		"DELETE FROM sessions WHERE expires_at <= ?1"},
	[SR_Q_TOKEN_ADD] = {"id",
		"INSERT INTO tokens (key, account_id, kind, name, created_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id"},
	[SR_Q_TOKEN_FIND] = {"token_id,last_used_at,id,name,login,role",
		"SELECT t.id AS token_id, t.last_used_at, a.id, a.name, a.login,"
		" a.role FROM tokens t JOIN accounts a ON a.id = t.account_id"
		" WHERE t.key = ?1 AND t.kind = ?2"},
	[SR_Q_TOKEN_TOUCH] = {"",
		"UPDATE tokens SET last_used_at = ?1 WHERE id = ?2"},
	[SR_Q_TOKEN_LIST] = {"id,name,kind,created_at,last_used_at",
		"SELECT id, name, kind, created_at, last_used_at FROM tokens"
		" WHERE account_id = ?1 ORDER BY id"},
	[SR_Q_TOKEN_REMOVE] = {"id",
		"DELETE FROM tokens WHERE id = ?1 AND account_id = ?2 RETURNING id"},
	[SR_Q_TOKEN_REMOVE_ALL] = {"",
		"DELETE FROM tokens WHERE account_id = ?1"},
	[SR_Q_TOKEN_COUNT] = {"n",
		"SELECT count(*) AS n FROM tokens WHERE account_id = ?1"},
	[SR_Q_AUDIT_ADD] = {"",
		"INSERT INTO audit (at, actor, account_id, resource, record_id,"
		" action, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"},
	/* Each filter is null when not given. */
	[SR_Q_AUDIT_LIST] = {"id,at,actor,resource,record_id,action,before,after",
		"SELECT id, at, actor, resource, record_id, action, before, after"
		" FROM audit WHERE " AUDIT_WHERE
		" ORDER BY id DESC LIMIT ?4 OFFSET ?5"},
	[SR_Q_AUDIT_COUNT] = {"n",
		"SELECT count(*) AS n FROM audit WHERE " AUDIT_WHERE},
	[SR_Q_AUDIT_CREATOR] = {"account_id",
		"SELECT account_id FROM audit WHERE resource = ?1"
		" AND record_id = ?2 AND action = 'create'"
		/* The latest: an id freed by a deletion is given again. */
		" ORDER BY id DESC LIMIT 1"},
	/* Workshops: on SQLite the file's one row. */
	[SR_Q_WORKSHOP_LIST] = {"id,name,slug,status,created_at",
		"SELECT " WORKSHOP " FROM workshops ORDER BY id"},
	[SR_Q_WORKSHOP_BY_SLUG] = {"id,name,slug,status,created_at",
		"SELECT " WORKSHOP " FROM workshops WHERE slug = ?1"},
	[SR_Q_WORKSHOP_GET] = {"id,name,slug,status,created_at",
		"SELECT " WORKSHOP " FROM workshops WHERE id = ?1"},
	[SR_Q_WORKSHOP_ADD] = {"id",
		"INSERT INTO workshops (name, slug, created_at)"
		" VALUES (?1, ?2, ?3) RETURNING id"},
	[SR_Q_WORKSHOP_STATUS] = {"id",
		"UPDATE workshops SET status = ?1 WHERE id = ?2 RETURNING id"},
	/* The transaction's setting (sql/pg/0017), for this transaction
	 * only, once the workshop's writers are done: its lock, as
	 * store-pg.c's writers take it (the id modulo 2^31 - 1). SQLite's
	 * one workshop needs neither. */
	[SR_Q_WORKSHOP_ENTER] = {"workshop",
		"SELECT CAST(?1 AS TEXT) AS workshop",
		"SELECT set_config('smallrun.workshop', CAST(?1 AS text), true)"
		" AS workshop FROM (SELECT pg_advisory_xact_lock(1397576270,"
		" CAST(CAST(?1 AS bigint) % 2147483647 AS integer))) AS l"},
	[SR_Q_WORKSHOP_PURGE] = {"n",
		"SELECT 0 AS n",
		"SELECT smallrun_purge() AS n"},
	[SR_Q_SETTINGS_NEW] = {"",
		"INSERT INTO settings (id, workshop_name) VALUES (1, ?1)"},
	/* PostgreSQL's credentials table is kept by triggers on sessions
	 * and tokens; SQLite's one workshop has them all. */
	[SR_Q_CREDENTIAL_FIND] = {"workshop_id,account_id",
		"SELECT 1 AS workshop_id, account_id FROM sessions WHERE key = ?1"
		" UNION ALL SELECT 1 AS workshop_id, account_id FROM tokens"
		" WHERE key = ?1",
		"SELECT workshop_id, account_id FROM credentials WHERE key = ?1"},
	[SR_Q_THROTTLE_GET] = {"failures,last",
		"SELECT failures, last FROM login_throttle WHERE key = ?1"},
	/* A failure after a quiet spell of ?3 seconds counts from one. */
	[SR_Q_THROTTLE_FAIL] = {"",
		"INSERT INTO login_throttle (key, failures, last)"
		" VALUES (?1, 1, ?2) ON CONFLICT (key) DO UPDATE SET"
		" failures = CASE WHEN login_throttle.last <= ?2 - CAST(?3 AS BIGINT)"
		" THEN 1 ELSE login_throttle.failures + 1 END, last = ?2"},
	[SR_Q_THROTTLE_CLEAR] = {"",
		"DELETE FROM login_throttle WHERE key = ?1"},
	[SR_Q_THROTTLE_PURGE] = {"",
		"DELETE FROM login_throttle WHERE last < ?1"},
	/* Moving a workshop (move.c). Every column of every table, in
	 * each store's words; PostgreSQL's workshop_id is the store's. */
	[SR_Q_CATALOG] = {"tbl,col",
		"SELECT m.name AS tbl, c.name AS col FROM sqlite_schema AS m"
		" JOIN pragma_table_info(m.name) AS c WHERE m.type = 'table'"
		" ORDER BY m.name, c.cid",
		"SELECT CAST(table_name AS text) AS tbl,"
		" CAST(column_name AS text) AS col FROM information_schema.columns"
		" WHERE table_schema = current_schema()"
		" AND column_name <> 'workshop_id'"
		" ORDER BY table_name, ordinal_position"},
	/* A SQLite table gives the highest id plus one; PostgreSQL's
	 * sequences are the whole database's (sql/pg/0019). */
	[SR_Q_IDS_PAST] = {"was",
		"SELECT CAST(?2 AS INTEGER) AS was WHERE CAST(?1 AS TEXT) <> ''",
		"SELECT smallrun_ids_past(CAST(?1 AS text), CAST(?2 AS bigint))"
		" AS was"},
	[SR_Q_WORKSHOP_SET] = {"",
		"UPDATE workshops SET name = ?1, created_at = ?2 WHERE id = ?3"},
	/* Recipes (recipe.c): a line's batch_yield is null per unit made. */
	[SR_Q_RECIPE_LINES] = {"id,material_id,sub_product_id,quantity,unit,batch_yield,loss_pct,base,cost_per_unit,cost_per,typed_cost,name",
		"SELECT l.id, l.material_id, l.sub_product_id, l.quantity, l.unit,"
		" l.batch_yield, l.loss_pct, m.unit AS base, m.cost_per_unit,"
		" m.cost_per, p.material_cost AS typed_cost,"
		" coalesce(m.name, p.name) AS name"
		" FROM recipe_lines l"
		" LEFT JOIN materials m ON m.id = l.material_id"
		" LEFT JOIN products p ON p.id = l.sub_product_id"
		" WHERE l.product_id = ?1 ORDER BY l.id"},
	[SR_Q_RECIPE_SUBS] = {"id",
		"SELECT DISTINCT sub_product_id AS id FROM recipe_lines"
		" WHERE product_id = ?1 AND sub_product_id IS NOT NULL"
		" ORDER BY sub_product_id"},
	[SR_Q_RECIPE_COUNT] = {"n",
		"SELECT count(*) AS n FROM recipe_lines WHERE product_id = ?1"},
	/* UNION, not UNION ALL: each product once, and an end even if a
	 * cycle were stored. */
	[SR_Q_RECIPE_UP] = {"id",
		"WITH RECURSIVE up(id) AS (SELECT CAST(?1 AS BIGINT)"
		" UNION SELECT l.product_id FROM recipe_lines l"
		" JOIN up ON l.sub_product_id = up.id)"
		" SELECT id FROM up ORDER BY id"},
	[SR_Q_RECIPE_UP_MATERIAL] = {"id",
		"WITH RECURSIVE up(id) AS (SELECT product_id FROM recipe_lines"
		" WHERE material_id = ?1"
		" UNION SELECT l.product_id FROM recipe_lines l"
		" JOIN up ON l.sub_product_id = up.id)"
		" SELECT id FROM up ORDER BY id"},
	[SR_Q_RECIPE_SET_COST] = {"",
		"UPDATE products SET recipe_cost = ?1 WHERE id = ?2"},
	[SR_Q_PRODUCT_IDS] = {"id", "SELECT id FROM products ORDER BY id"},
	/* How many lines a purchase has, how many have had goods in, and
	 * how many have come whole (goods-in.c keeps its status by it). */
	[SR_Q_PURCHASE_RECEIVED] = {"lines,received,whole",
		"SELECT count(*) AS lines,"
		" coalesce(sum(CASE WHEN received_qty > 0 THEN 1 ELSE 0 END), 0)"
		"  AS received,"
		" coalesce(sum(CASE WHEN received_qty >= base_qty THEN 1 ELSE 0"
		"  END), 0) AS whole"
		" FROM purchase_lines WHERE purchase_id = ?1"},
	/* Lots with stock left whose date is on or before ?1 (trace.c). */
	[SR_Q_LOTS_EXPIRING] = {"id,material_id,material_name,lot,expires_on,remaining,unit",
		"SELECT l.id, l.material_id, m.name AS material_name, l.lot,"
		" l.expires_on, l.remaining, m.unit"
		" FROM lots l JOIN materials m ON m.id = l.material_id"
		" WHERE l.remaining > 0 AND l.expires_on IS NOT NULL"
		" AND l.expires_on <= ?1 ORDER BY l.expires_on, m.name, l.id"},
	/* What to buy (to-buy.c): the runs booked from ?1 to ?2 ... */
	[SR_Q_BUY_BATCHES] = {"id,code,product_id,quantity,run_date",
		"SELECT b.id, b.code, b.product_id, b.planned_qty AS quantity,"
		" b.run_date FROM batches b"
		" WHERE b.run_date >= ?1 AND b.run_date <= ?2"
		" AND b.status IN ('planned', 'running') AND b.planned_qty > 0"
		" ORDER BY b.run_date, b.id"},
	/* ... the open orders of a product due then, or with no date ... */
	[SR_Q_BUY_ORDERS] = {"id,title,product_id,quantity,due_date",
		"SELECT o.id, o.title, o.product_id, o.quantity, o.due_date"
		" FROM orders o"
		" WHERE (o.due_date IS NULL OR (o.due_date >= ?1"
		" AND o.due_date <= ?2))"
		" AND o.status IN ('accepted', 'in_progress')"
		" AND o.product_id IS NOT NULL"
		" ORDER BY o.due_date IS NULL, o.due_date, o.id"},
	/* ... and what is ordered and still to come, per material. */
	[SR_Q_ON_ORDER] = {"material_id,on_order",
		"SELECT l.material_id, sum(l.base_qty - l.received_qty)"
		" AS on_order FROM purchase_lines l"
		" JOIN purchases p ON p.id = l.purchase_id"
		" WHERE p.status IN ('ordered', 'part_received')"
		" GROUP BY l.material_id ORDER BY l.material_id"},
	/* Making (stock.c, consume.c): a material's lots with stock left, in
	 * the order of the partial index lots_fefo (sql/0015-stock.sql), the
	 * expired among the rest: fefo.c skips those when it picks, and
	 * stock counted down comes off them first. */
	[SR_Q_LOTS_OPEN] = {"id,lot,received_on,expires_on,quantity,remaining,cost",
		"SELECT id, lot, received_on, expires_on, quantity, remaining, cost"
		" FROM lots WHERE material_id = ?1 AND remaining > 0"
		" ORDER BY material_id, expires_on IS NULL, expires_on,"
		" received_on, id"},
	/* The table's CHECK keeps remaining from 0 to quantity. */
	[SR_Q_LOT_TAKE] = {"",
		"UPDATE lots SET remaining = remaining - ?1 WHERE id = ?2"},
	/* Run under the workshop's writer lock (a write transaction), so
	 * no other writer takes the same number between this and the
	 * insert: numbers neither repeat nor skip. */
	[SR_Q_INVOICE_NEXT] = {"n",
		"SELECT coalesce(max(number), 0) + 1 AS n FROM invoices"},
	[SR_Q_INVOICE_ADD] = {"id",
		"INSERT INTO invoices (number, customer_id, order_id, issued_on,"
		" supply_on, due_on, vat_number, net, vat, gross, notes,"
		" created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
		" ?11, ?12) RETURNING id"},
	[SR_Q_INVOICE_LINE_ADD] = {"",
		"INSERT INTO invoice_lines (invoice_id, sale_id, description,"
		" quantity, unit_price, net, vat_bp, vat, created_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"},
	[SR_Q_INVOICE_GET] = {INVOICE_COLS,
		"SELECT " INVOICE_SELECT " FROM invoices i"
		" JOIN customers c ON c.id = i.customer_id WHERE i.id = ?1"},
	[SR_Q_INVOICE_BY_NUMBER] = {"id",
		"SELECT id FROM invoices WHERE number = ?1"},
	[SR_Q_INVOICE_LINES] = {"id,sale_id,description,quantity,unit_price,net,vat_bp,vat",
		"SELECT id, sale_id, description, quantity, unit_price, net,"
		" vat_bp, vat FROM invoice_lines WHERE invoice_id = ?1"
		" ORDER BY id"},
	[SR_Q_INVOICE_LIST] = {INVOICE_COLS,
		"SELECT " INVOICE_SELECT " FROM invoices i"
		" JOIN customers c ON c.id = i.customer_id WHERE " INVOICE_WHERE
		" ORDER BY i.number DESC LIMIT ?6 OFFSET ?7"},
	[SR_Q_INVOICE_COUNT] = {"n",
		"SELECT count(*) AS n FROM invoices i WHERE " INVOICE_WHERE},
	[SR_Q_INVOICE_OF_ORDER] = {"number,id",
		"SELECT number, id FROM invoices WHERE order_id = ?1"
		" AND (?2 = 0 OR void_on IS NULL) ORDER BY number LIMIT 1"},
	[SR_Q_INVOICE_OF_SALE] = {"number,id",
		"SELECT i.number, i.id FROM invoice_lines l"
		" JOIN invoices i ON i.id = l.invoice_id WHERE l.sale_id = ?1"
		" AND (?2 = 0 OR i.void_on IS NULL) ORDER BY i.number LIMIT 1"},
	[SR_Q_INVOICE_PAID] = {"",
		"UPDATE invoices SET paid_on = ?1 WHERE id = ?2"},
	[SR_Q_INVOICE_VOID] = {"",
		"UPDATE invoices SET void_on = ?1 WHERE id = ?2"},
	[SR_Q_INVOICE_CLEAR] = {"", "DELETE FROM invoice_lines"},
	[SR_Q_INVOICE_CLEAR_ALL] = {"", "DELETE FROM invoices"},
};
/* clang-format on */

const char sr_sql_scrub_secrets[] = "DELETE FROM sessions;"
				    "DELETE FROM tokens;"
				    "UPDATE accounts SET hash = '';";

/* clang-format off */
static const struct sr_sql_table tables[] = {
	{"settings", "id,workshop_name,currency,hourly_rate,workers,"
		"minutes_mon,minutes_tue,minutes_wed,minutes_thu,minutes_fri,"
		"minutes_sat,minutes_sun,storage_capacity,overhead_per_hour,"
		"markup_pct,wholesale_pct,retail_pct,holding_pct,advised,"
		"day_start,address,base_url,vat_number,vat_bp,quote_days,"
		"quote_terms,invoice_days,payment_details", ""},
	{"suppliers", "id,name,contact,lead_time_days,notes,created_at", ""},
	{"products", "id,name,mode,price,material_cost,minutes_per_unit,"
		"setup_minutes,max_batch,shelf_life_days,storage_per_unit,"
		"created_at,retired,recipe_cost,ingredient,may_contain,"
		"net_quantity,storage,food,date_mark,vat_bp", ""},
	{"customers", "id,name,email,phone,notes,created_at", ""},
	{"materials", "id,name,unit,on_hand,reorder_level,cost_per_unit,"
		"cost_per,created_at,supplier_id,pack_size,pack_price,ingredient,"
		"allergens,contains,grams_each", ""},
	{"material_units", "id,material_id,name,base_qty,created_at", ""},
	{"recipe_lines", "id,product_id,material_id,sub_product_id,quantity,"
		"unit,per,batch_yield,loss_pct,note,created_at", ""},
	{"orders", "id,customer_id,product_id,title,spec,quantity,price,"
		"estimated_minutes,due_date,status,created_at,priority,vat_bp", ""},
	{"batches", "id,code,product_id,planned_qty,made_qty,rejected_qty,"
		"run_date,best_before,status,qc_notes,created_at,sold_qty",
		"sold_qty"},
	{"sales_imports", "id,file,imported_at", ""},
	{"sales", "id,product_id,customer_id,batch_id,order_id,quantity,price,"
		"sold_on,created_at,import_id,beyond_stock,vat_bp", ""},
	{"time_entries", "id,order_id,batch_id,worker,started_at,ended_at,"
		"minutes,note,created_at", ""},
	{"days_off", "id,date,note,created_at", ""},
	{"purchases", "id,supplier_id,status,ordered_on,expected_on,"
		"received_on,reference,notes,created_at", ""},
	{"purchase_lines", "id,purchase_id,material_id,quantity,unit,base_qty,"
		"price,received_qty,lot,expires_on,created_at", ""},
	{"lots", "id,material_id,purchase_line_id,lot,received_on,expires_on,"
		"quantity,remaining,cost,note,created_at", ""},
	{"batch_materials", "id,batch_id,order_id,material_id,quantity,lot,"
		"created_at,lot_id,cost,source,beyond_stock", ""},
	{"quotes", "id,order_id,issued_on,valid_until,delivery_on,price,"
		"price_source,vat_bp,vat,terms,status,accepted_on,created_at", ""},
	{"invoices", "id,number,customer_id,order_id,issued_on,supply_on,"
		"due_on,paid_on,void_on,vat_number,net,vat,gross,notes,"
		"created_at", ""},
	{"invoice_lines", "id,invoice_id,sale_id,description,quantity,"
		"unit_price,net,vat_bp,vat,created_at", ""},
	{"accounts", "id,name,login,role,hash,created_at", ""},
	{"sessions", "id,key,account_id,created_at,last_used_at,expires_at,"
		"user_agent,address", ""},
	{"tokens", "id,key,account_id,kind,name,created_at,last_used_at", ""},
	{"audit", "id,at,actor,account_id,resource,record_id,action,before,"
		"after", ""},
	{"sample", "id,loaded_at,last_ids,settings", ""},
};
/* clang-format on */

const struct sr_sql_table *sr_sql_tables(size_t *n)
{
	*n = SR_ARRAY_SIZE(tables);
	return tables;
}

bool sr_sql_table_unmoved(const char *name)
{
	return !strcmp(name, "workshops") || !strcmp(name, "login_throttle") ||
	       !strcmp(name, "credentials") ||
	       !strcmp(name, "smallrun_schema") || !strncmp(name, "sqlite_", 7);
}

/* Is col (a name) in the comma-separated list? */
static bool in_list(const char *list, const char *col, size_t len)
{
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ",");

		if (n == len && !strncmp(p, col, len))
			return true;
		p += n + (p[n] == ',');
	}
	return false;
}

/* The statements of a table of sr_sql_tables(). */
static enum sr_err table_text(enum sr_stmt_kind kind, uint32_t t,
			      struct sr_buf *sql, struct sr_buf *cols)
{
	const struct sr_sql_table *tb;
	size_t n = 0;

	if (t >= SR_ARRAY_SIZE(tables))
		return SR_EINVAL;
	tb = &tables[t];
	switch (kind) {
	case SR_STMT_ROWS:
		sr_buf_addf(sql,
			    "SELECT %s FROM %s WHERE id > ?1 ORDER BY id "
			    "LIMIT ?2",
			    tb->cols, tb->name);
		if (cols)
			sr_buf_adds(cols, tb->cols);
		break;
	case SR_STMT_PUT:
		sr_buf_addf(sql, "INSERT INTO %s (", tb->name);
		for (const char *p = tb->cols; *p;) {
			size_t len = strcspn(p, ",");

			if (!in_list(tb->derived, p, len))
				sr_buf_addf(sql, "%s%.*s", n++ ? ", " : "",
					    (int)len, p);
			p += len + (p[len] == ',');
		}
		sr_buf_adds(sql, ") VALUES (");
		for (size_t i = 0; i < n; i++)
			sr_buf_addf(sql, "%s?%zu", i ? ", " : "", i + 1);
		sr_buf_adds(sql, ")");
		break;
	case SR_STMT_CLEAR: sr_buf_addf(sql, "DELETE FROM %s", tb->name); break;
	case SR_STMT_TALLY:
		sr_buf_addf(sql,
			    "SELECT count(*) AS n, coalesce(max(id), 0) AS top "
			    "FROM %s",
			    tb->name);
		if (cols)
			sr_buf_adds(cols, "n,top");
		break;
	default: return SR_EINVAL;
	}
	return SR_OK;
}

bool sr_sql_derived(size_t t, const char *col)
{
	return t < SR_ARRAY_SIZE(tables) &&
	       in_list(tables[t].derived, col, strlen(col));
}

const char *sr_sql_columns(enum sr_q q)
{
	return (unsigned)q < SR_Q__MAX ? named[q].cols : "";
}

bool sr_sql_writable(const struct sr_field *fd)
{
	return !(fd->flags & (SR_F_COMPUTED | SR_F_DERIVED)) &&
	       strcmp(fd->name, "id");
}

/* SELECT every field of res, each under its own name, FROM its table. */
static void add_select(struct sr_buf *sql, struct sr_buf *cols,
		       const struct sr_resource *res)
{
	sr_buf_adds(sql, "SELECT ");
	for (size_t i = 0; i < res->nfields; i++) {
		const struct sr_field *fd = &res->fields[i];

		if (i)
			sr_buf_adds(sql, ", ");
		if (fd->flags & SR_F_COMPUTED)
			sr_buf_adds(sql, fd->expr);
		else
			sr_buf_addf(sql, "t.%s", sr_field_column(fd));
		sr_buf_addf(sql, " AS \"%s\"", fd->name);
		if (cols)
			sr_buf_addf(cols, "%s%s", i ? "," : "", fd->name);
	}
	sr_buf_addf(sql, " FROM %s AS t", res->table);
}

/*
 * WHERE with only the filters in mask, numbered ?1 … in filter order: each
 * combination is its own statement, so the planner can use an index.
 */
static size_t add_where(struct sr_buf *sql, const struct sr_resource *res,
			uint32_t mask)
{
	static const char *const ops[] = {" = ", " >= ", " <= "};
	size_t n = 0;

	for (size_t i = 0; i < res->nfilters; i++) {
		const struct sr_filter *flt = &res->filters[i];

		if (!(mask & (1u << i)))
			continue;
		sr_buf_addf(sql, "%s t.%s%s?%zu", n ? " AND" : " WHERE",
			    sr_field_column(sr_field_find(res, flt->field)),
			    ops[flt->op], n + 1);
		n++;
	}
	return n;
}

static enum sr_err resource_text(enum sr_stmt_kind kind,
				 const struct sr_resource *res, uint32_t arg,
				 struct sr_buf *sql, struct sr_buf *cols)
{
	size_t n = 0;

	switch (kind) {
	case SR_STMT_GET:
		add_select(sql, cols, res);
		sr_buf_adds(sql, " WHERE t.id = ?1");
		break;
	case SR_STMT_INSERT:
		sr_buf_addf(sql, "INSERT INTO %s (", res->table);
		for (size_t i = 0; i < res->nfields; i++)
			if (sr_sql_writable(&res->fields[i]))
				sr_buf_addf(sql, "%s%s", n++ ? ", " : "",
					    sr_field_column(&res->fields[i]));
		sr_buf_adds(sql, ") VALUES (");
		for (size_t i = 0; i < n; i++)
			sr_buf_addf(sql, "%s?%zu", i ? ", " : "", i + 1);
		sr_buf_adds(sql, ") RETURNING id");
		if (cols)
			sr_buf_adds(cols, "id");
		break;
	case SR_STMT_UPDATE:
		sr_buf_addf(sql, "UPDATE %s SET ", res->table);
		for (size_t i = 0; i < res->nfields; i++)
			if (sr_sql_writable(&res->fields[i])) {
				sr_buf_addf(sql, "%s%s = ?%zu", n ? ", " : "",
					    sr_field_column(&res->fields[i]),
					    n + 1);
				n++;
			}
		sr_buf_addf(sql, " WHERE id = ?%zu", n + 1);
		break;
	case SR_STMT_DELETE:
		sr_buf_addf(sql, "DELETE FROM %s WHERE id = ?1", res->table);
		break;
	case SR_STMT_LIST:
		if (arg >> res->nfilters)
			return SR_EINVAL;
		add_select(sql, cols, res);
		n = add_where(sql, res, arg);
		sr_buf_addf(sql, " ORDER BY %s LIMIT ?%zu OFFSET ?%zu",
			    res->order_by, n + 1, n + 2);
		break;
	case SR_STMT_COUNT:
		if (arg >> res->nfilters)
			return SR_EINVAL;
		sr_buf_addf(sql, "SELECT count(*) AS n FROM %s AS t",
			    res->table);
		add_where(sql, res, arg);
		if (cols)
			sr_buf_adds(cols, "n");
		break;
	case SR_STMT_REFS:
		if (arg >= res->nfields || res->fields[arg].type != SR_T_REF ||
		    (res->fields[arg].flags & SR_F_COMPUTED))
			return SR_EINVAL;
		/* The count is over every match, before the LIMIT. */
		sr_buf_addf(sql,
			    "SELECT count(*) OVER () AS n, id FROM %s WHERE "
			    "%s = ?1 ORDER BY id LIMIT %d",
			    res->table, sr_field_column(&res->fields[arg]),
			    SR_DB_REF_IDS);
		if (cols)
			sr_buf_adds(cols, "n,id");
		break;
	case SR_STMT_ADDED:
		sr_buf_addf(sql,
			    "SELECT count(*) OVER () AS n, id FROM %s WHERE "
			    "id > ?1%s ORDER BY id LIMIT %d",
			    res->table,
			    sr_field_find(res, "created_at")
				    ? " OR created_at <> ?2"
				    : " AND CAST(?2 AS TEXT) IS NOT NULL",
			    SR_DB_REF_IDS);
		if (cols)
			sr_buf_adds(cols, "n,id");
		break;
	case SR_STMT_QUERY:
	case SR_STMT_ROWS:
	case SR_STMT_PUT:
	case SR_STMT_CLEAR:
	case SR_STMT_TALLY:
	case SR_STMT__MAX:
		return SR_EINVAL;
	}
	return SR_OK;
}

/*
 * PostgreSQL numbers its parameters $N: each ? from start on becomes $,
 * the same length, outside quoted text and names.
 */
static void dollar_params(struct sr_buf *sql, size_t start)
{
	char quote = 0;

	for (size_t i = start; i < sql->len; i++) {
		char c = sql->data[i];

		if (quote)
			quote = c == quote ? 0 : quote;
		else if (c == '\'' || c == '"')
			quote = c;
		else if (c == '?')
			sql->data[i] = '$';
	}
}

enum sr_err sr_sql_text(uint64_t key, enum sr_dialect d, struct sr_buf *sql,
			struct sr_buf *cols)
{
	enum sr_stmt_kind kind = (enum sr_stmt_kind)(key >> 56);
	unsigned r = (unsigned)(key >> 40) & 0xffff;
	uint32_t arg = (uint32_t)key;
	size_t start = sql->len;
	enum sr_err err;

	if (kind == SR_STMT_QUERY) {
		if (arg >= SR_Q__MAX)
			return SR_EINVAL;
		sr_buf_adds(sql, d == SR_DIALECT_PG && named[arg].pg
					 ? named[arg].pg
					 : named[arg].text);
		if (cols)
			sr_buf_adds(cols, named[arg].cols);
	} else if (kind >= SR_STMT_ROWS && kind < SR_STMT__MAX) {
		if (r)
			return SR_EINVAL;
		err = table_text(kind, arg, sql, cols);
		if (err)
			return err;
	} else {
		if (kind >= SR_STMT__MAX || r >= SR_RES__MAX)
			return SR_EINVAL;
		err = resource_text(kind, sr_resource((enum sr_res)r), arg, sql,
				    cols);
		if (err)
			return err;
	}
	if (sql->err || (cols && cols->err))
		return SR_ENOMEM;
	if (d == SR_DIALECT_PG)
		dollar_params(sql, start);
	return SR_OK;
}
