-- 0016-sell.sql (PostgreSQL): the partial index of sql/0016-sell.sql, on
-- the sales recorded beyond the stock on hand.
CREATE INDEX sales_beyond_stock ON sales (product_id, quantity)
WHERE beyond_stock = 1;
