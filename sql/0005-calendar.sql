-- 0005-calendar.sql: what the planner needs to know of the working week
-- beyond minutes per weekday: when the working day starts, the days the
-- workshop is closed, and an order's own priority when price is not the
-- right measure of what its lateness costs.
ALTER TABLE settings ADD COLUMN day_start INTEGER NOT NULL DEFAULT 480
	CHECK (day_start BETWEEN 0 AND 1439);

CREATE TABLE days_off (
	id INTEGER PRIMARY KEY,
	date TEXT NOT NULL UNIQUE,
	note TEXT,
	created_at TEXT NOT NULL
) STRICT;

ALTER TABLE orders ADD COLUMN priority INTEGER CHECK (priority > 0);
