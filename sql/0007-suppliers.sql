-- 0007-suppliers.sql: who a workshop buys its materials from. The recipes
-- and purchases that refer to them come later; a supplier is a record of
-- its own first, so a maker can keep the list before using it.
CREATE TABLE suppliers (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE COLLATE NOCASE,
	contact TEXT,
	lead_time_days INTEGER CHECK (lead_time_days BETWEEN 0 AND 365),
	notes TEXT,
	created_at TEXT NOT NULL
) STRICT;
