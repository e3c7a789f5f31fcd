-- 0013-accounts.sql: the people who may use the workshop's smallrun, how
-- they are logged in, and who changed what (lib/accounts.c, lib/auth.c).
-- No secret is stored: a password as its argon2id hash, a session's
-- cookie and a token as the BLAKE2b hash of their random secret.

CREATE TABLE accounts (
	id INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: the audit names it
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
	-- 1 to 64 of A-Z a-z 0-9 . _ @ -, the same in any case
	login TEXT NOT NULL UNIQUE COLLATE NOCASE
		CHECK (length(login) BETWEEN 1 AND 64),
	role TEXT NOT NULL CHECK (role IN ('viewer', 'maker', 'owner')),
	hash TEXT NOT NULL,
	created_at TEXT NOT NULL
) STRICT;

CREATE TABLE sessions (
	id INTEGER PRIMARY KEY,
	key TEXT NOT NULL UNIQUE, -- BLAKE2b of the cookie's secret, in hex
	account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	created_at TEXT NOT NULL,
	last_used_at TEXT NOT NULL, -- touched at most once a minute
	expires_at TEXT NOT NULL,   -- 30 days after the last use
	user_agent TEXT,
	address TEXT
) STRICT;
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE tokens (
	id INTEGER PRIMARY KEY,
	key TEXT NOT NULL UNIQUE, -- BLAKE2b of the secret, in hex
	account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	-- api: "Authorization: Bearer"; calendar: plan.ics?key= only
	kind TEXT NOT NULL CHECK (kind IN ('api', 'calendar')),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
	created_at TEXT NOT NULL,
	last_used_at TEXT
) STRICT;
CREATE INDEX tokens_account ON tokens (account_id);

-- Every write to a record: who, when, what, and the record before and
-- after (JSON; before is null for a creation, after for a deletion).
CREATE TABLE audit (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	actor TEXT NOT NULL, -- the login then, or "command line"
	account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
	resource TEXT NOT NULL,
	record_id INTEGER,
	action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
	before TEXT,
	after TEXT
) STRICT;
CREATE INDEX audit_record ON audit (resource, record_id);
CREATE INDEX audit_account ON audit (account_id);
