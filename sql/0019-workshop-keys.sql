-- 0019-workshop-keys.sql: nothing to do in a SQLite file, which holds one
-- workshop. sql/pg/0019 leads every PostgreSQL table's primary key and
-- foreign keys with workshop_id, so that a workshop moved in from a
-- SQLite file (smallrun migrate) keeps its ids; the number is taken here
-- too, so that both stores have one schema version.
SELECT 1;
