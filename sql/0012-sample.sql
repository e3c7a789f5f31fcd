-- 0012-sample.sql: the sample workshop (`smallrun demo`, lib/demo.c).
-- While the sample is loaded this table holds its one row: the instant
-- every sample record was created at, the highest id the sample gave in
-- each table (a JSON object by resource name, {"products": 5, …}) and the
-- settings it replaced (a JSON object by field name). A record with a
-- higher id, or created at another instant, is the maker's own. Starting
-- afresh removes every record only when there is none such, puts the
-- settings back and empties this table.
CREATE TABLE sample (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	loaded_at TEXT NOT NULL,
	last_ids TEXT NOT NULL,
	settings TEXT NOT NULL
) STRICT;
