-- 0001-init.sql (PostgreSQL): the workshop's settings, one row; the
-- schema's version (kept by lib/store-pg.c, as SQLite's PRAGMA
-- user_version); citext for the names that are the same in any case
-- (SQLite's COLLATE NOCASE).
-- Beside sql/0001-init.sql: every sql/NNNN has its sql/pg/NNNN, the same
-- schema in PostgreSQL's words. Integers are bigint (SQLite's are 64-bit),
-- ids identities (never written by smallrun, which reads them back with
-- RETURNING id).
CREATE EXTENSION IF NOT EXISTS citext;

CREATE TABLE smallrun_schema (
	id integer PRIMARY KEY CHECK (id = 1),
	version integer NOT NULL
);

-- Money is in minor units (pence); working time in minutes per weekday.
CREATE TABLE settings (
	id bigint PRIMARY KEY CHECK (id = 1),
	workshop_name text NOT NULL DEFAULT 'My workshop',
	currency text NOT NULL DEFAULT 'GBP'
		CHECK (length(currency) = 3 AND currency = upper(currency)),
	hourly_rate bigint NOT NULL DEFAULT 1500 CHECK (hourly_rate >= 0),
	workers bigint NOT NULL DEFAULT 1 CHECK (workers BETWEEN 1 AND 50),
	minutes_mon bigint NOT NULL DEFAULT 480 CHECK (minutes_mon BETWEEN 0 AND 1440),
	minutes_tue bigint NOT NULL DEFAULT 480 CHECK (minutes_tue BETWEEN 0 AND 1440),
	minutes_wed bigint NOT NULL DEFAULT 480 CHECK (minutes_wed BETWEEN 0 AND 1440),
	minutes_thu bigint NOT NULL DEFAULT 480 CHECK (minutes_thu BETWEEN 0 AND 1440),
	minutes_fri bigint NOT NULL DEFAULT 480 CHECK (minutes_fri BETWEEN 0 AND 1440),
	minutes_sat bigint NOT NULL DEFAULT 0 CHECK (minutes_sat BETWEEN 0 AND 1440),
	minutes_sun bigint NOT NULL DEFAULT 0 CHECK (minutes_sun BETWEEN 0 AND 1440),
	storage_capacity bigint NOT NULL DEFAULT 0 CHECK (storage_capacity >= 0)
);

INSERT INTO settings (id) VALUES (1);
