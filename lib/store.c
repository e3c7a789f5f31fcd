/* store.c - the public store API, forwarding to the chosen backend. */
#include "compat.h"

#include "store-int.h"

enum sr_err sr_store_open(const char *path, sr_store **out, struct sr_fail *f)
{
	*out = NULL;
	if (!strncmp(path, "postgres://", 11) ||
	    !strncmp(path, "postgresql://", 13))
		return sr_fail_set(f, SR_EINVAL, "unsupported_store", "db",
				   "PostgreSQL is not supported yet; give "
				   "the path of a SQLite file");
	return sr_store_sqlite_open(path, out, f);
}

void sr_store_close(sr_store *s)
{
	if (s)
		s->ops->close(s);
}

enum sr_err sr_store_backup(sr_store *s, const char *path, struct sr_fail *f)
{
	return s->ops->backup(s, path, f);
}

int sr_store_schema_version(sr_store *s)
{
	return s->ops->schema_version(s);
}

int sr_store_schema_latest(void)
{
	return sr_store_sqlite_latest();
}

enum sr_err sr_store_default_path(struct sr_buf *out)
{
	const char *env = getenv("SMALLRUN_DB");

	if (env && *env)
		return sr_buf_adds(out, env);
	env = getenv("XDG_DATA_HOME");
	if (env && env[0] == '/')
		return sr_buf_addf(out, "%s/smallrun/smallrun.db", env);
	env = getenv("HOME");
	if (env && env[0] == '/')
		return sr_buf_addf(out, "%s/.local/share/smallrun/smallrun.db",
				   env);
	return SR_EINVAL;
}

enum sr_err sr_tx_begin(sr_store *s, bool write, struct sr_tx **tx,
			struct sr_fail *f)
{
	return s->ops->begin(s, write, tx, f);
}

enum sr_err sr_tx_finish(struct sr_tx *tx, enum sr_err err, struct sr_fail *f)
{
	enum sr_err end;

	if (!tx)
		return err;
	/* A failed commit is reported; a rollback keeps the first error. */
	end = tx->ops->end(tx, err == SR_OK, err ? NULL : f);
	return err ? err : end;
}

enum sr_err sr_tx_query(struct sr_tx *tx, enum sr_sql q, json_t *params,
			json_t **rows, struct sr_fail *f)
{
	enum sr_err err;

	if (!params)
		return sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
				   "out of memory");
	err = tx->ops->query(tx, q, params, rows, f);
	json_decref(params);
	return err;
}

enum sr_err sr_tx_query_int(struct sr_tx *tx, enum sr_sql q, json_t *params,
			    int64_t *v, struct sr_fail *f)
{
	json_t *rows = NULL, *row;
	enum sr_err err = sr_tx_query(tx, q, params, &rows, f);
	const char *key;
	json_t *val;

	*v = 0;
	if (!err && (row = json_array_get(rows, 0)))
		json_object_foreach(row, key, val)
		{
			*v = json_integer_value(val);
			break;
		}
	json_decref(rows);
	return err;
}
