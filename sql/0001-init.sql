-- 0001-init.sql: the workshop's settings, one row.
-- Money is in minor units (pence); working time in minutes per weekday.
CREATE TABLE settings (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	workshop_name TEXT NOT NULL DEFAULT 'My workshop',
	currency TEXT NOT NULL DEFAULT 'GBP'
		CHECK (length(currency) = 3 AND currency = upper(currency)),
	hourly_rate INTEGER NOT NULL DEFAULT 1500 CHECK (hourly_rate >= 0),
	workers INTEGER NOT NULL DEFAULT 1 CHECK (workers BETWEEN 1 AND 50),
	minutes_mon INTEGER NOT NULL DEFAULT 480 CHECK (minutes_mon BETWEEN 0 AND 1440),
	minutes_tue INTEGER NOT NULL DEFAULT 480 CHECK (minutes_tue BETWEEN 0 AND 1440),
	minutes_wed INTEGER NOT NULL DEFAULT 480 CHECK (minutes_wed BETWEEN 0 AND 1440),
	minutes_thu INTEGER NOT NULL DEFAULT 480 CHECK (minutes_thu BETWEEN 0 AND 1440),
	minutes_fri INTEGER NOT NULL DEFAULT 480 CHECK (minutes_fri BETWEEN 0 AND 1440),
	minutes_sat INTEGER NOT NULL DEFAULT 0 CHECK (minutes_sat BETWEEN 0 AND 1440),
	minutes_sun INTEGER NOT NULL DEFAULT 0 CHECK (minutes_sun BETWEEN 0 AND 1440),
	storage_capacity INTEGER NOT NULL DEFAULT 0 CHECK (storage_capacity >= 0)
) STRICT;

INSERT INTO settings (id) VALUES (1);
