-- 0016-sell.sql: the sales recorded beyond the stock on hand, per product,
-- for the Stock page's count of them (sr_db_stock_products): few rows, so
-- a partial index the count reads without touching the table.
CREATE INDEX sales_beyond_stock ON sales (product_id, quantity)
WHERE beyond_stock = 1;
