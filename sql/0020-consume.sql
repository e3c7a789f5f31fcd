-- 0020-consume.sql: making takes from stock (lib/consume.c). A material
-- use that a batch or order took beyond what its material held, at the
-- maker's word ("short": "allow"), is marked beyond_stock = 1: it names
-- no lot, it took on_hand below zero (or off lots already past their
-- date), and its batch or order says so while the use stands
-- (short_uses, and a short_stock warning).
ALTER TABLE batch_materials ADD COLUMN beyond_stock INTEGER NOT NULL DEFAULT 0
	CHECK (beyond_stock IN (0, 1));
