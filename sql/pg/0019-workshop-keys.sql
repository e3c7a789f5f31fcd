-- 0019-workshop-keys.sql (PostgreSQL): ids per workshop, so that a
-- workshop moved in from a SQLite file (smallrun migrate, doc/HOSTED.md)
-- keeps every id it had: its product 7 is still product 7, and its trace,
-- references and audit still hold.
--
-- Until now a primary key on an identity column was the id alone, unique
-- in the whole database, and a workshop moved in would have had to take
-- new ids. smallrun_tenancy() now leads primary keys with workshop_id as
-- it does every other key, and every foreign key between two workshops'
-- tables too: (workshop_id, product_id) refers to products (workshop_id,
-- id), so the database itself refuses a reference to another workshop's
-- row. ON DELETE SET NULL sets the reference alone (PostgreSQL 15's
-- column list), never workshop_id. New ids still come from one sequence
-- per table, so two workshops' ids meet only where one was moved in; RLS
-- keeps each workshop to its own rows whatever the ids.
--
-- lib/store-pg.c runs smallrun_tenancy() after this migration, as after
-- every later one, which makes the change.

CREATE OR REPLACE FUNCTION smallrun_tenancy() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	tenant regclass[];
	t regclass;
	wcol smallint;
	only_one bigint;
	has_rows boolean;
	c record;
	fks text[] := '{}'; -- table, name, definition; three at a time
	def text;
	cols text;
	was text := current_setting('smallrun.directory', true);
BEGIN
	PERFORM set_config('smallrun.directory', 'on', true);
	SELECT CASE WHEN count(*) = 1 THEN min(id) END INTO only_one
	FROM workshops;
	SELECT coalesce(array_agg(cl.oid::regclass ORDER BY cl.relname), '{}')
	INTO tenant FROM pg_class cl
	WHERE cl.relnamespace = current_schema()::regnamespace
	  AND cl.relkind = 'r'
	  AND cl.relname NOT IN ('smallrun_schema', 'workshops',
				 'login_throttle', 'credentials');
	-- Each table a workshop's: workshop_id, RLS forced, the policy.
	FOREACH t IN ARRAY tenant LOOP
		IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = t
			       AND attname = 'workshop_id' AND NOT attisdropped)
		THEN
			EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s)', t)
				INTO has_rows;
			IF has_rows AND only_one IS NULL THEN
				RAISE EXCEPTION 'table % has rows but no workshop_id, '
					'and the database holds several workshops: '
					'its migration must give each row its '
					'workshop', t;
			END IF;
			EXECUTE format('ALTER TABLE %s ADD COLUMN workshop_id bigint'
				       ' NOT NULL DEFAULT %s REFERENCES workshops (id)',
				       t, coalesce(only_one::text, 'NULL'));
			EXECUTE format('ALTER TABLE %s ALTER COLUMN workshop_id'
				       ' SET DEFAULT smallrun_workshop()', t);
		END IF;
		EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY,'
			       ' FORCE ROW LEVEL SECURITY', t);
		IF NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = t) THEN
			EXECUTE format('CREATE POLICY tenant ON %s'
				       ' USING (workshop_id = smallrun_workshop())'
				       ' WITH CHECK (workshop_id = smallrun_workshop())',
				       t);
		END IF;
	END LOOP;
	-- The foreign keys from one workshop's table to another's without
	-- workshop_id: noted and dropped, so that the keys they lean on can
	-- be made again with workshop_id in front.
	FOR c IN SELECT con.conrelid::regclass AS tab, con.conname,
			pg_get_constraintdef(con.oid) AS def
		FROM pg_constraint con
		WHERE con.contype = 'f' AND con.conrelid = ANY (tenant)
		  AND con.confrelid = ANY (tenant)
		  AND NOT EXISTS (SELECT 1 FROM pg_attribute a
				  WHERE a.attrelid = con.conrelid
				    AND a.attname = 'workshop_id'
				    AND a.attnum = ANY (con.conkey))
		ORDER BY con.conrelid::regclass::text, con.conname
	LOOP
		fks := fks || ARRAY[c.tab::text, c.conname::text, c.def];
		EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', c.tab,
			       c.conname);
	END LOOP;
	-- Every key and index led by workshop_id, primary keys included.
	FOREACH t IN ARRAY tenant LOOP
		SELECT attnum INTO wcol FROM pg_attribute
			WHERE attrelid = t AND attname = 'workshop_id';
		FOR c IN SELECT con.conname, pg_get_constraintdef(con.oid) AS def
			FROM pg_constraint con
			WHERE con.conrelid = t AND con.contype IN ('u', 'p')
			  AND NOT wcol = ANY (con.conkey)
		LOOP
			EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', t,
				       c.conname);
			EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', t,
				       c.conname,
				       regexp_replace(c.def, '\(', '(workshop_id, '));
		END LOOP;
		FOR c IN SELECT ix.indexrelid::regclass AS name,
				pg_get_indexdef(ix.indexrelid) AS def
			FROM pg_index ix
			WHERE ix.indrelid = t
			  AND NOT wcol = ANY (ix.indkey::int2[])
			  AND NOT EXISTS (SELECT 1 FROM pg_constraint con
					  WHERE con.conrelid = t
					    AND con.conindid = ix.indexrelid)
		LOOP
			EXECUTE format('DROP INDEX %s', c.name);
			EXECUTE regexp_replace(c.def, ' USING (\w+) \(',
					       ' USING \1 (workshop_id, ');
		END LOOP;
	END LOOP;
	-- The foreign keys again, workshop_id on both sides: "FOREIGN KEY
	-- (product_id) REFERENCES products(id)" becomes "FOREIGN KEY
	-- (workshop_id, product_id) REFERENCES products(workshop_id, id)".
	FOR i IN 1 .. coalesce(array_length(fks, 1), 0) / 3 LOOP
		def := fks[3 * i];
		cols := substring(def FROM '^FOREIGN KEY \(([^)]*)\)');
		def := regexp_replace(def,
			'^FOREIGN KEY \(([^)]*)\) REFERENCES ([^(]+)\(([^)]*)\)',
			'FOREIGN KEY (workshop_id, \1) REFERENCES \2(workshop_id, \3)');
		def := regexp_replace(def, 'ON DELETE SET NULL(?! \()',
				      'ON DELETE SET NULL (' || cols || ')');
		EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s',
			       fks[3 * i - 2], fks[3 * i - 1], def);
	END LOOP;
	PERFORM set_config('smallrun.directory', coalesce(was, ''), true);
END
$$;

-- Make the identity sequence of table tab give ids above last from now
-- on (smallrun migrate, before it moves in a workshop whose ids in tab
-- go up to last). The table is locked meanwhile, so no insert takes an
-- id between the reading and the setting; returns the sequence's value
-- it found (0 for a table without one). A name that is no table is an
-- invalid value (class 22).
CREATE FUNCTION smallrun_ids_past(tab text, last bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
	seq text;
	was bigint;
BEGIN
	IF to_regclass(quote_ident(tab)) IS NULL THEN
		RAISE EXCEPTION 'smallrun_ids_past: there is no table %', tab
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	seq := pg_get_serial_sequence(quote_ident(tab), 'id');
	IF seq IS NULL THEN
		RETURN 0;
	END IF;
	EXECUTE format('LOCK TABLE %I IN SHARE ROW EXCLUSIVE MODE', tab);
	EXECUTE format('SELECT last_value FROM %s', seq) INTO was;
	IF was <= last THEN
		PERFORM setval(seq, last, true);
	END IF;
	RETURN was;
END
$$;
