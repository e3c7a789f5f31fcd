-- 0014-recipes.sql: units that convert, and recipes.
--
-- A material keeps its base unit (g, ml, mm, pcs: materials.unit) and
-- gains a default supplier, the pack it is usually bought in (pack_size
-- base units for pack_price pence), and purchase units of its own: a
-- 16 kg sack holds 16000 g (material_units.base_qty).
--
-- A product's recipe is its lines: each a material or another product (a
-- sub-recipe), a whole quantity in a unit (null: the base unit, or units
-- of the product), per unit made or per batch of batch_yield units, and
-- an expected loss in percent. products.recipe_cost is the material cost
-- of one unit worked out from the recipe (lib/recipe.c keeps it, in the
-- transaction of every change that moves it); null while it has none.
ALTER TABLE materials ADD COLUMN supplier_id INTEGER REFERENCES suppliers (id);
ALTER TABLE materials ADD COLUMN pack_size INTEGER CHECK (pack_size > 0);
ALTER TABLE materials ADD COLUMN pack_price INTEGER CHECK (pack_price >= 0);
CREATE INDEX materials_supplier ON materials (supplier_id);

CREATE TABLE material_units (
	id INTEGER PRIMARY KEY,
	material_id INTEGER NOT NULL REFERENCES materials (id),
	name TEXT NOT NULL COLLATE NOCASE,
	base_qty INTEGER NOT NULL CHECK (base_qty > 0),
	created_at TEXT NOT NULL,
	UNIQUE (material_id, name)
) STRICT;

CREATE TABLE recipe_lines (
	id INTEGER PRIMARY KEY,
	product_id INTEGER NOT NULL REFERENCES products (id),
	material_id INTEGER REFERENCES materials (id),
	sub_product_id INTEGER REFERENCES products (id),
	quantity INTEGER NOT NULL CHECK (quantity > 0),
	unit TEXT,
	per TEXT NOT NULL DEFAULT 'unit' CHECK (per IN ('unit', 'batch')),
	batch_yield INTEGER CHECK (batch_yield > 0),
	loss_pct INTEGER NOT NULL DEFAULT 0 CHECK (loss_pct BETWEEN 0 AND 100),
	note TEXT,
	created_at TEXT NOT NULL,
	CHECK ((material_id IS NULL) <> (sub_product_id IS NULL)),
	CHECK ((per = 'batch') = (batch_yield IS NOT NULL))
) STRICT;
CREATE INDEX recipe_lines_product ON recipe_lines (product_id);
CREATE INDEX recipe_lines_material ON recipe_lines (material_id);
CREATE INDEX recipe_lines_sub ON recipe_lines (sub_product_id);

ALTER TABLE products ADD COLUMN recipe_cost INTEGER CHECK (recipe_cost >= 0);
