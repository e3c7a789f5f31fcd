-- 0012-sample.sql (PostgreSQL): the sample workshop's one row while it is
-- loaded, as sql/0012-sample.sql.
CREATE TABLE sample (
	id bigint PRIMARY KEY CHECK (id = 1),
	loaded_at text NOT NULL,
	last_ids text NOT NULL,
	settings text NOT NULL
);
