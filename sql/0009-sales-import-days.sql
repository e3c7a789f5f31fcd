-- 0009-sales-import-days.sql: a sales import is keyed by what it imports,
-- one product-day at a time, not by the bytes of the file it came in.
--
-- Each import is a row of sales_imports, and each sale an import wrote
-- names it in import_id. A product and day has at most one imported sale
-- (the partial unique index): importing that product-day again, from the
-- same file, a longer or shorter one, or another export of the same days,
-- replaces its quantity instead of adding a second sale. Sales entered by
-- hand (import_id NULL) are never touched by an import.
CREATE TABLE sales_imports (
	id INTEGER PRIMARY KEY,
	file TEXT NOT NULL,
	imported_at TEXT NOT NULL
);

ALTER TABLE sales ADD COLUMN import_id INTEGER REFERENCES sales_imports (id);

-- The sales earlier imports wrote (import_key set) become one import.
INSERT INTO sales_imports (file, imported_at)
SELECT 'imports before smallrun 0009', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
WHERE EXISTS (SELECT 1 FROM sales WHERE import_key IS NOT NULL);

UPDATE sales SET import_id = (SELECT max(id) FROM sales_imports)
WHERE import_key IS NOT NULL;

-- The same product-day imported from two different files was counted
-- twice (or more): keep the sale the latest import wrote, as an import
-- from now on would.
DELETE FROM sales
WHERE import_id IS NOT NULL
  AND id <> (SELECT max(s.id) FROM sales s
	     WHERE s.import_id IS NOT NULL
	       AND s.product_id = sales.product_id
	       AND s.sold_on = sales.sold_on);

DROP INDEX sales_import_key;
ALTER TABLE sales DROP COLUMN import_key;

CREATE UNIQUE INDEX sales_import_day ON sales (product_id, sold_on)
WHERE import_id IS NOT NULL;
