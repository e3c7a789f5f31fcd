-- 0010-trace-keys.sql (PostgreSQL): a lot or a batch code is found
-- whatever its case and spacing, as sql/0010-trace-keys.sql: each index is
-- on the very expression lib/sql.c asks with (SR_KEY there). The codes'
-- key index is batches_code_trace here: PostgreSQL gave batches_code_key
-- to the UNIQUE constraint on the code itself.
CREATE INDEX batch_materials_lot_key ON batch_materials (
	upper(replace(replace(replace(lot, ' ', ''), '-', ''), '_', '')));

CREATE INDEX batches_code_trace ON batches (
	upper(replace(replace(replace(code, ' ', ''), '-', ''), '_', '')));
