/* store.c - the public store API, forwarding to the chosen backend. */
#include "compat.h"

#include "backend.h"
#include "embed.h"
#include "smallrun/auth.h"

/* Is path a PostgreSQL connection URI rather than a file? */
static bool is_pg(const char *path)
{
	return !strncmp(path, "postgres://", 11) ||
	       !strncmp(path, "postgresql://", 13);
}

enum sr_err sr_store_shown(const char *path, struct sr_buf *out)
{
	const char *p = path, *host, *at = NULL, *colon;

	if (!is_pg(path))
		return sr_buf_adds(out, path);
	/* postgresql://user:SECRET@host/db?password=SECRET&… */
	p = strstr(path, "://") + 3;
	sr_buf_add(out, path, (size_t)(p - path));
	host = p + strcspn(p, "/?");
	for (const char *q = p; q < host; q++)
		if (*q == '@')
			at = q;
	colon = at ? memchr(p, ':', (size_t)(at - p)) : NULL;
	if (colon) {
		sr_buf_add(out, p, (size_t)(colon - p));
		sr_buf_adds(out, ":***");
		p = at;
	}
	while (*p) {
		size_t n = strcspn(p, "?&");

		sr_buf_add(out, p, n);
		p += n;
		if (!*p)
			break;
		sr_buf_add(out, p++, 1);
		if (!strncmp(p, "password=", 9)) {
			sr_buf_adds(out, "password=***");
			p += strcspn(p, "&");
		}
	}
	return (enum sr_err)out->err;
}

enum sr_err sr_store_open(const char *path, sr_store **out, struct sr_fail *f)
{
	*out = NULL;
	return is_pg(path) ? sr_store_pg_open(path, out, f)
			   : sr_store_sqlite_open(path, out, f);
}

bool sr_store_tenants(const sr_store *s)
{
	return s->tenants;
}

void sr_store_pin(sr_store *s, int64_t workshop)
{
	s->workshop = workshop > 0 ? workshop : 0;
}

int64_t sr_store_workshop(const sr_store *s)
{
	int64_t w = sr_actor()->workshop;

	return w > 0 ? w : s->workshop;
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

enum sr_err sr_store_snapshot(sr_store *s, struct sr_buf *out,
			      struct sr_fail *f)
{
	return s->ops->snapshot(s, out, f);
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

int sr_migration_version(const struct sr_embed *m)
{
	int v = 0;

	for (int i = 1; i <= 4; i++) {
		if (m->path[i] < '0' || m->path[i] > '9')
			return -1;
		v = v * 10 + (m->path[i] - '0');
	}
	return m->path[5] == '-' ? v : -1;
}

int sr_migrations_latest(const struct sr_embed *list, size_t n)
{
	return n ? sr_migration_version(&list[n - 1]) : 0;
}
