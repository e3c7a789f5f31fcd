-- 0011-product-retired.sql: a product the workshop no longer makes, kept
-- with its orders, batches and sales but left out of lists and choices.
-- 0 or 1; lists of products show only 0 unless asked (lib/resource.c).
ALTER TABLE products ADD COLUMN retired INTEGER NOT NULL DEFAULT 0
	CHECK (retired IN (0, 1));
