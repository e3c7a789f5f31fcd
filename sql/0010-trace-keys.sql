-- 0010-trace-keys.sql: a lot or a batch code is found whatever its case
-- and spacing. Its key is the text in capitals (ASCII letters) with every
-- space, '-' and '_' taken out, so "vm 2211 b", "VM_2211-B" and "VM2211B"
-- all find a lot stored as "VM-2211-B". The key is not stored: each index
-- is on the expression itself, which the database keeps in step with the
-- row on every write, and lib/sql.c asks with the very same expression
-- (SR_KEY there), so a lookup is one index probe, not a scan. The indexes
-- are built here for the rows already in the file.
CREATE INDEX batch_materials_lot_key ON batch_materials (
	upper(replace(replace(replace(lot, ' ', ''), '-', ''), '_', '')));

CREATE INDEX batches_code_key ON batches (
	upper(replace(replace(replace(code, ' ', ''), '-', ''), '_', '')));
