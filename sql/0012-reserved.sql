-- 0012-reserved.sql: a placeholder. Migration 0012 belongs to a branch being
-- merged before this one (0012-sample.sql from `demo`, 0013-accounts.sql
-- from `auth`); migrations must run without gaps, so this branch holds
-- the number until then. DELETE THIS FILE when that branch's 0012 is in.
SELECT 1;
