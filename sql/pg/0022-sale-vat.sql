-- 0022-sale-vat.sql (PostgreSQL): the VAT rate a sale was made at, as
-- sql/0022-sale-vat.sql; each workshop's sales from its own settings.
ALTER TABLE sales ADD COLUMN vat_bp bigint CHECK (vat_bp BETWEEN 0 AND 10000);
UPDATE sales x SET vat_bp = (
	SELECT coalesce(o.vat_bp, p.vat_bp, s.vat_bp)
	FROM settings s
	JOIN products p ON p.workshop_id = s.workshop_id AND p.id = x.product_id
	LEFT JOIN orders o ON o.workshop_id = s.workshop_id AND o.id = x.order_id
	WHERE s.workshop_id = x.workshop_id AND s.id = 1
		AND s.vat_number IS NOT NULL);
