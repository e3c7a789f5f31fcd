-- 0006-sales-import.sql: sales imported from a till's or a shop's CSV file
-- carry the key of the file and the product-day they came from, so that
-- importing the same file again adds nothing. SQLite cannot add a UNIQUE
-- column, so the uniqueness is a unique index (NULLs never clash).
ALTER TABLE sales ADD COLUMN import_key TEXT;
CREATE UNIQUE INDEX sales_import_key ON sales (import_key);
