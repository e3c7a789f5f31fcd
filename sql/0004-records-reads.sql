-- 0004-records-reads.sql: indexes for the heaviest reads of the records,
-- found with bench/records.sh on 10,000 orders and 50,000 sales
-- (doc/PERFORMANCE.md, "Records").

-- Orders are listed by (due_date IS NULL, due_date, id). An index on
-- exactly those expressions (the rowid is the id) lets a page be read in
-- that order and stop after LIMIT + OFFSET entries; without it every
-- page sorted all the orders, working out each one's tracked minutes.
CREATE INDEX orders_listed ON orders (due_date IS NULL, due_date);

-- A batch's sold quantity (stock, batch lists and traces, the stock check
-- of every sale) summed from the index alone, without reading each sale.
CREATE INDEX sales_batch_quantity ON sales (batch_id, quantity);
