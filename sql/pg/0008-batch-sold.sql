-- 0008-batch-sold.sql (PostgreSQL): how many of each batch are sold, kept
-- on the batch by the database itself, as sql/0008-batch-sold.sql: one
-- trigger function for the three changes of a sale, run inside the
-- transaction that makes them.
ALTER TABLE batches ADD COLUMN sold_qty bigint NOT NULL DEFAULT 0;

UPDATE batches SET sold_qty = coalesce(
	(SELECT sum(s.quantity) FROM sales s WHERE s.batch_id = batches.id), 0);

CREATE FUNCTION sales_sold_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.batch_id IS NOT NULL THEN
		UPDATE batches SET sold_qty = sold_qty - OLD.quantity
		WHERE id = OLD.batch_id;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.batch_id IS NOT NULL THEN
		UPDATE batches SET sold_qty = sold_qty + NEW.quantity
		WHERE id = NEW.batch_id;
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER sales_sold AFTER INSERT OR DELETE OR UPDATE OF batch_id, quantity
ON sales FOR EACH ROW EXECUTE FUNCTION sales_sold_follow();

-- The stock page lists the batches with stock by product and run date.
CREATE INDEX batches_stock ON batches (product_id, run_date, id)
WHERE made_qty - rejected_qty - sold_qty > 0;
