-- 0022-sale-vat.sql: the VAT rate a sale was made at.
--
-- A sale's vat_bp is the rate that applied when it was recorded: its
-- order's, else its product's, else the settings' standard rate; null when
-- the workshop had no VAT number then. Its receipt and an invoice of it
-- charge that rate, so a change to the settings later (registering for
-- VAT, a new rate) does not rewrite what was sold. Sales recorded before
-- this migration take the rate the settings give now by that rule, as if
-- made today; their receipts had the product's rate, which this is but
-- for a sale of an order with a rate of its own, now at the order's.
ALTER TABLE sales ADD COLUMN vat_bp INTEGER CHECK (vat_bp BETWEEN 0 AND 10000);
UPDATE sales SET vat_bp = (
	SELECT coalesce(o.vat_bp, p.vat_bp, s.vat_bp)
	FROM settings s
	JOIN products p ON p.id = sales.product_id
	LEFT JOIN orders o ON o.id = sales.order_id
	WHERE s.id = 1 AND s.vat_number IS NOT NULL);
