-- 0011-product-retired.sql (PostgreSQL): a product the workshop no longer
-- makes, as sql/0011-product-retired.sql; 0 or 1.
ALTER TABLE products ADD COLUMN retired bigint NOT NULL DEFAULT 0
	CHECK (retired IN (0, 1));
