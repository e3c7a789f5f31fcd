-- 0018-labels.sql: what a food label says, from the records.
--
-- A material gains its name on a label (ingredient: "wheat flour"; null
-- uses its name), the allergens it carries (allergens: a normalised comma
-- list of the UK's 14 by fixed code, "gluten,milk", '' for none; checked
-- by lib/allergens.c), the ingredients of a compound one as the maker
-- writes them (contains: "cocoa mass, sugar, emulsifier: soya lecithin")
-- and, for one not counted in g, what it weighs: grams_each is the
-- milligrams one base unit weighs (grams per 1000 base units; an egg of
-- 50 g is 50000 a piece, a ml of milk 1030), for ordering a list by
-- weight.
--
-- A product gains its name as a compound ingredient of other products
-- (ingredient: "starter"; null lists its ingredients among theirs), a
-- "may contain" note, its net quantity as printed ("800 g"), how to store
-- it, whether it is food (food: 1 prints the food label, 0 the plain
-- one) and whether its date is a best-before or a use-by (date_mark).
--
-- The settings gain the business's postal address (address, lines
-- separated by newlines) and the address labels' QR codes open
-- (base_url: "https://shop.example"; null takes the Host of the request
-- that prints them).
ALTER TABLE materials ADD COLUMN ingredient TEXT;
ALTER TABLE materials ADD COLUMN allergens TEXT NOT NULL DEFAULT '';
ALTER TABLE materials ADD COLUMN contains TEXT;
ALTER TABLE materials ADD COLUMN grams_each INTEGER CHECK (grams_each > 0);

ALTER TABLE products ADD COLUMN ingredient TEXT;
ALTER TABLE products ADD COLUMN may_contain TEXT;
ALTER TABLE products ADD COLUMN net_quantity TEXT;
ALTER TABLE products ADD COLUMN storage TEXT;
ALTER TABLE products ADD COLUMN food INTEGER NOT NULL DEFAULT 0 CHECK (food IN (0, 1));
ALTER TABLE products ADD COLUMN date_mark TEXT NOT NULL DEFAULT 'best_before'
	CHECK (date_mark IN ('best_before', 'use_by'));

ALTER TABLE settings ADD COLUMN address TEXT;
ALTER TABLE settings ADD COLUMN base_url TEXT;
