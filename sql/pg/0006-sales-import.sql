-- 0006-sales-import.sql (PostgreSQL): imported sales keyed by file and
-- product-day, as sql/0006-sales-import.sql (0009 replaces the key).
ALTER TABLE sales ADD COLUMN import_key text;
CREATE UNIQUE INDEX sales_import_key ON sales (import_key);
