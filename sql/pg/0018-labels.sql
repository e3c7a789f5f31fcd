-- 0018-labels.sql (PostgreSQL): what a food label says, as
-- sql/0018-labels.sql: a material's ingredient name, allergens (the UK's
-- 14 as a normalised comma list of codes), compound contents and weight
-- per base unit (milligrams); a product's name as a compound ingredient,
-- "may contain" note, net quantity, storage, food mark and date mark; the
-- business's address and the address labels' QR codes open.
ALTER TABLE materials ADD COLUMN ingredient text;
ALTER TABLE materials ADD COLUMN allergens text NOT NULL DEFAULT '';
ALTER TABLE materials ADD COLUMN contains text;
ALTER TABLE materials ADD COLUMN grams_each bigint CHECK (grams_each > 0);

ALTER TABLE products ADD COLUMN ingredient text;
ALTER TABLE products ADD COLUMN may_contain text;
ALTER TABLE products ADD COLUMN net_quantity text;
ALTER TABLE products ADD COLUMN storage text;
ALTER TABLE products ADD COLUMN food bigint NOT NULL DEFAULT 0 CHECK (food IN (0, 1));
ALTER TABLE products ADD COLUMN date_mark text NOT NULL DEFAULT 'best_before'
	CHECK (date_mark IN ('best_before', 'use_by'));

ALTER TABLE settings ADD COLUMN address text;
ALTER TABLE settings ADD COLUMN base_url text;
