-- 0003-economics.sql (PostgreSQL): what the numbers need beyond the hourly
-- rate, as sql/0003-economics.sql. Overhead is minor units per working
-- hour; the price conventions and the cost of holding stock percentages.
ALTER TABLE settings ADD COLUMN overhead_per_hour bigint NOT NULL DEFAULT 0
	CHECK (overhead_per_hour >= 0);
ALTER TABLE settings ADD COLUMN markup_pct bigint NOT NULL DEFAULT 50
	CHECK (markup_pct BETWEEN 0 AND 1000);
ALTER TABLE settings ADD COLUMN wholesale_pct bigint NOT NULL DEFAULT 200
	CHECK (wholesale_pct BETWEEN 100 AND 1000);
ALTER TABLE settings ADD COLUMN retail_pct bigint NOT NULL DEFAULT 200
	CHECK (retail_pct BETWEEN 100 AND 1000);
ALTER TABLE settings ADD COLUMN holding_pct bigint NOT NULL DEFAULT 25
	CHECK (holding_pct BETWEEN 0 AND 1000);
-- The calculator's answer, kept so the numbers can be shown beside it.
ALTER TABLE settings ADD COLUMN advised text
	CHECK (advised IN ('job', 'batch', 'mixed'));
