-- 0002-records.sql: the records a workshop runs its week on.
-- Money is in minor units (pence), time spent in whole minutes, dates are
-- YYYY-MM-DD and instants RFC 3339 UTC. Deleting a row that others still
-- refer to is refused (the default RESTRICT-like NO ACTION); the program
-- says which records are in the way.

CREATE TABLE products (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE COLLATE NOCASE,
	mode TEXT NOT NULL DEFAULT 'both' CHECK (mode IN ('job', 'batch', 'both')),
	price INTEGER NOT NULL DEFAULT 0 CHECK (price >= 0),
	material_cost INTEGER NOT NULL DEFAULT 0 CHECK (material_cost >= 0),
	minutes_per_unit INTEGER NOT NULL DEFAULT 0 CHECK (minutes_per_unit >= 0),
	setup_minutes INTEGER NOT NULL DEFAULT 0 CHECK (setup_minutes >= 0),
	max_batch INTEGER CHECK (max_batch > 0),
	shelf_life_days INTEGER CHECK (shelf_life_days > 0),
	storage_per_unit INTEGER NOT NULL DEFAULT 0 CHECK (storage_per_unit >= 0),
	created_at TEXT NOT NULL
) STRICT;

CREATE TABLE customers (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	email TEXT,
	phone TEXT,
	notes TEXT,
	created_at TEXT NOT NULL
) STRICT;

CREATE TABLE orders (
	id INTEGER PRIMARY KEY,
	customer_id INTEGER NOT NULL REFERENCES customers (id),
	product_id INTEGER REFERENCES products (id),
	title TEXT NOT NULL,
	spec TEXT,
	quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
	price INTEGER NOT NULL DEFAULT 0 CHECK (price >= 0),
	estimated_minutes INTEGER NOT NULL DEFAULT 0 CHECK (estimated_minutes >= 0),
	due_date TEXT,
	status TEXT NOT NULL DEFAULT 'quoted' CHECK (status IN
		('quoted', 'accepted', 'in_progress', 'done', 'delivered', 'cancelled')),
	created_at TEXT NOT NULL
) STRICT;
CREATE INDEX orders_status_due ON orders (status, due_date);
CREATE INDEX orders_due ON orders (due_date);
CREATE INDEX orders_customer ON orders (customer_id);
CREATE INDEX orders_product ON orders (product_id);

CREATE TABLE batches (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	product_id INTEGER NOT NULL REFERENCES products (id),
	planned_qty INTEGER NOT NULL DEFAULT 0 CHECK (planned_qty >= 0),
	made_qty INTEGER NOT NULL DEFAULT 0 CHECK (made_qty >= 0),
	rejected_qty INTEGER NOT NULL DEFAULT 0 CHECK (rejected_qty >= 0),
	run_date TEXT NOT NULL,
	best_before TEXT,
	status TEXT NOT NULL DEFAULT 'planned'
		CHECK (status IN ('planned', 'running', 'done')),
	qc_notes TEXT,
	created_at TEXT NOT NULL,
	CHECK (rejected_qty <= made_qty)
) STRICT;
CREATE INDEX batches_product_date ON batches (product_id, run_date);
CREATE INDEX batches_date ON batches (run_date);

CREATE TABLE materials (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE COLLATE NOCASE,
	unit TEXT NOT NULL DEFAULT 'g' CHECK (unit IN ('g', 'ml', 'mm', 'pcs')),
	on_hand INTEGER NOT NULL DEFAULT 0,
	reorder_level INTEGER NOT NULL DEFAULT 0 CHECK (reorder_level >= 0),
	cost_per_unit INTEGER NOT NULL DEFAULT 0 CHECK (cost_per_unit >= 0),
	cost_per INTEGER NOT NULL DEFAULT 1 CHECK (cost_per > 0),
	created_at TEXT NOT NULL
) STRICT;

CREATE TABLE batch_materials (
	id INTEGER PRIMARY KEY,
	batch_id INTEGER NOT NULL REFERENCES batches (id),
	material_id INTEGER NOT NULL REFERENCES materials (id),
	quantity INTEGER NOT NULL CHECK (quantity > 0),
	lot TEXT,
	created_at TEXT NOT NULL
) STRICT;
CREATE INDEX batch_materials_batch ON batch_materials (batch_id);
CREATE INDEX batch_materials_material ON batch_materials (material_id);
CREATE INDEX batch_materials_lot ON batch_materials (lot);

CREATE TABLE time_entries (
	id INTEGER PRIMARY KEY,
	order_id INTEGER REFERENCES orders (id),
	batch_id INTEGER REFERENCES batches (id),
	worker TEXT NOT NULL,
	started_at TEXT NOT NULL,
	ended_at TEXT,
	minutes INTEGER CHECK (minutes >= 0),
	note TEXT,
	created_at TEXT NOT NULL,
	CHECK ((order_id IS NULL) <> (batch_id IS NULL))
) STRICT;
CREATE INDEX time_entries_order ON time_entries (order_id);
CREATE INDEX time_entries_batch ON time_entries (batch_id);
CREATE INDEX time_entries_started ON time_entries (started_at);
-- A worker has at most one running timer.
CREATE UNIQUE INDEX time_entries_running ON time_entries (worker)
	WHERE ended_at IS NULL;

CREATE TABLE sales (
	id INTEGER PRIMARY KEY,
	product_id INTEGER NOT NULL REFERENCES products (id),
	customer_id INTEGER REFERENCES customers (id),
	batch_id INTEGER REFERENCES batches (id),
	order_id INTEGER REFERENCES orders (id),
	quantity INTEGER NOT NULL CHECK (quantity > 0),
	price INTEGER NOT NULL DEFAULT 0 CHECK (price >= 0),
	sold_on TEXT NOT NULL,
	created_at TEXT NOT NULL
) STRICT;
CREATE INDEX sales_date ON sales (sold_on);
CREATE INDEX sales_customer ON sales (customer_id);
CREATE INDEX sales_batch ON sales (batch_id);
CREATE INDEX sales_product ON sales (product_id, sold_on);
CREATE INDEX sales_order ON sales (order_id);
