-- 0004-records-reads.sql (PostgreSQL): indexes for the heaviest reads of
-- the records, as sql/0004-records-reads.sql (doc/PERFORMANCE.md,
-- "Records"): orders in list order, and a batch's sold quantity from the
-- index alone.
CREATE INDEX orders_listed ON orders ((due_date IS NULL), due_date, id);

CREATE INDEX sales_batch_quantity ON sales (batch_id, quantity);
