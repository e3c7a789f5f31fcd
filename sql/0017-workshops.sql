-- 0017-workshops.sql: the workshop this file holds, as one row of
-- workshops, so that both stores have one schema (sql/pg/0017 makes a
-- PostgreSQL database hold many workshops; doc/HOSTED.md). A SQLite file
-- holds exactly one workshop, always active; its slug is "main". The
-- login throttle stays in the server's memory on SQLite: login_throttle
-- is here only so that each statement of lib/sql.c has its table on both.

CREATE TABLE workshops (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	name TEXT NOT NULL,
	slug TEXT NOT NULL UNIQUE,
	status TEXT NOT NULL DEFAULT 'active'
		CHECK (status IN ('active', 'suspended')),
	created_at TEXT NOT NULL
) STRICT;

INSERT INTO workshops (id, name, slug, created_at)
SELECT 1, workshop_name, 'main', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM settings WHERE id = 1;

CREATE TABLE login_throttle (
	key TEXT PRIMARY KEY,
	failures INTEGER NOT NULL,
	last INTEGER NOT NULL
) STRICT;
