-- 0020-consume.sql (PostgreSQL): a material use taken beyond stock, as
-- sql/0020-consume.sql.
ALTER TABLE batch_materials ADD COLUMN beyond_stock bigint NOT NULL DEFAULT 0
	CHECK (beyond_stock IN (0, 1));
