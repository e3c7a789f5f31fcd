-- 0015-stock.sql: goods in, lots, and stock that keeps itself.
--
-- A purchase is an order to a supplier and what came of it: its lines
-- each a material, a quantity in a unit (a purchase unit's name, a
-- standard unit such as kg, or null for the material's base unit), the
-- same quantity in base units (base_qty, worked out by lib/stock.c), the
-- price of the line in pence, and how much of it has come (received_qty,
-- base units). Each receipt of a line makes one lot.
--
-- A lot is stock of one material that came in together: the supplier's
-- lot code, its best-before or expiry date, how much came (quantity) and
-- is left (remaining), and what all of it cost (cost, pence). A
-- material's on_hand stays the one count of its stock; its lots say which
-- stock that is. The stock a material held before lots were kept becomes
-- one lot of its own here, at the material's cost then.
--
-- A material use (batch_materials) now belongs to a batch or to a custom
-- order, may name the lot it was taken from (lot_id, lot then its code)
-- and what it cost (cost, pence, from the lot's price), and says whether
-- a maker typed it (source 'hand') or smallrun took it from the recipe
-- when the batch or order was done ('recipe'), so that undoing the done
-- puts back exactly what it took.
--
-- A sale made beyond the stock on hand, recorded all the same at the
-- maker's word, is marked beyond_stock = 1.
CREATE TABLE purchases (
	id INTEGER PRIMARY KEY,
	supplier_id INTEGER REFERENCES suppliers (id),
	status TEXT NOT NULL DEFAULT 'ordered' CHECK (status IN
		('ordered', 'part_received', 'received', 'cancelled')),
	ordered_on TEXT,
	expected_on TEXT,
	received_on TEXT,
	reference TEXT,
	notes TEXT,
	created_at TEXT NOT NULL
) STRICT;
CREATE INDEX purchases_supplier ON purchases (supplier_id);
CREATE INDEX purchases_status ON purchases (status);

CREATE TABLE purchase_lines (
	id INTEGER PRIMARY KEY,
	purchase_id INTEGER NOT NULL REFERENCES purchases (id),
	material_id INTEGER NOT NULL REFERENCES materials (id),
	quantity INTEGER NOT NULL CHECK (quantity > 0),
	unit TEXT,
	base_qty INTEGER NOT NULL CHECK (base_qty > 0),
	price INTEGER NOT NULL DEFAULT 0 CHECK (price >= 0),
	received_qty INTEGER NOT NULL DEFAULT 0
		CHECK (received_qty >= 0 AND received_qty <= base_qty),
	lot TEXT,
	expires_on TEXT,
	created_at TEXT NOT NULL
) STRICT;
CREATE INDEX purchase_lines_purchase ON purchase_lines (purchase_id);
CREATE INDEX purchase_lines_material ON purchase_lines (material_id);

CREATE TABLE lots (
	id INTEGER PRIMARY KEY,
	material_id INTEGER NOT NULL REFERENCES materials (id),
	purchase_line_id INTEGER REFERENCES purchase_lines (id),
	lot TEXT,
	received_on TEXT NOT NULL,
	expires_on TEXT,
	quantity INTEGER NOT NULL CHECK (quantity > 0),
	remaining INTEGER NOT NULL CHECK (remaining >= 0 AND remaining <= quantity),
	cost INTEGER NOT NULL DEFAULT 0 CHECK (cost >= 0),
	note TEXT,
	created_at TEXT NOT NULL
) STRICT;
CREATE INDEX lots_material ON lots (material_id);
CREATE INDEX lots_line ON lots (purchase_line_id);
-- FEFO: a material's lots with stock left, first-expiring first.
CREATE INDEX lots_fefo ON lots (material_id, expires_on IS NULL, expires_on,
	received_on, id) WHERE remaining > 0;
CREATE INDEX lots_lot_key ON lots (
	upper(replace(replace(replace(lot, ' ', ''), '-', ''), '_', '')));

INSERT INTO lots (material_id, lot, received_on, quantity, remaining, cost,
		  note, created_at)
SELECT id, NULL, substr(created_at, 1, 10), on_hand, on_hand,
	(on_hand * cost_per_unit + cost_per / 2) / cost_per,
	'on hand before lots were kept', created_at
FROM materials WHERE on_hand > 0;

CREATE TABLE batch_materials_new (
	id INTEGER PRIMARY KEY,
	batch_id INTEGER REFERENCES batches (id),
	order_id INTEGER REFERENCES orders (id),
	material_id INTEGER NOT NULL REFERENCES materials (id),
	quantity INTEGER NOT NULL CHECK (quantity > 0),
	lot TEXT,
	created_at TEXT NOT NULL,
	lot_id INTEGER REFERENCES lots (id),
	cost INTEGER CHECK (cost >= 0),
	source TEXT NOT NULL DEFAULT 'hand' CHECK (source IN ('hand', 'recipe')),
	CHECK ((batch_id IS NULL) <> (order_id IS NULL))
) STRICT;
INSERT INTO batch_materials_new (id, batch_id, material_id, quantity, lot,
				 created_at)
SELECT id, batch_id, material_id, quantity, lot, created_at
FROM batch_materials;
DROP TABLE batch_materials;
ALTER TABLE batch_materials_new RENAME TO batch_materials;
CREATE INDEX batch_materials_batch ON batch_materials (batch_id);
CREATE INDEX batch_materials_order ON batch_materials (order_id);
CREATE INDEX batch_materials_material ON batch_materials (material_id);
CREATE INDEX batch_materials_lot ON batch_materials (lot);
CREATE INDEX batch_materials_lot_id ON batch_materials (lot_id);
CREATE INDEX batch_materials_lot_key ON batch_materials (
	upper(replace(replace(replace(lot, ' ', ''), '-', ''), '_', '')));

ALTER TABLE sales ADD COLUMN beyond_stock INTEGER NOT NULL DEFAULT 0
	CHECK (beyond_stock IN (0, 1));
