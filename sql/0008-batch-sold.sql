-- 0008-batch-sold.sql: how many of each batch are sold, kept on the batch
-- by the database itself. Stock, the stock page and every batch list read
-- made - rejected - sold_qty from the row instead of summing the batch's
-- sales each time (on the seeded workshop that was 50,000 sales summed
-- per page). The triggers run inside the transaction that changes a sale,
-- so the count is never out of step with the sales it counts.
ALTER TABLE batches ADD COLUMN sold_qty INTEGER NOT NULL DEFAULT 0;

UPDATE batches SET sold_qty = coalesce(
	(SELECT sum(s.quantity) FROM sales s WHERE s.batch_id = batches.id), 0);

CREATE TRIGGER sales_sold_insert AFTER INSERT ON sales
WHEN NEW.batch_id IS NOT NULL
BEGIN
	UPDATE batches SET sold_qty = sold_qty + NEW.quantity
	WHERE id = NEW.batch_id;
END;

CREATE TRIGGER sales_sold_delete AFTER DELETE ON sales
WHEN OLD.batch_id IS NOT NULL
BEGIN
	UPDATE batches SET sold_qty = sold_qty - OLD.quantity
	WHERE id = OLD.batch_id;
END;

CREATE TRIGGER sales_sold_update AFTER UPDATE OF batch_id, quantity ON sales
BEGIN
	UPDATE batches SET sold_qty = sold_qty - OLD.quantity
	WHERE id = OLD.batch_id;
	UPDATE batches SET sold_qty = sold_qty + NEW.quantity
	WHERE id = NEW.batch_id;
END;

-- The stock page lists the batches with stock by product and run date.
CREATE INDEX batches_stock ON batches (product_id, run_date)
WHERE made_qty - rejected_qty - sold_qty > 0;
