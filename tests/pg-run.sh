#!/bin/sh
# pg-run.sh - run a command beside a PostgreSQL server of its own.
#
#   tests/pg-run.sh COMMAND [ARGS...]
#
# Starts a throwaway server in a temporary folder (initdb -A trust, its
# Unix socket in that folder, no TCP at all: listen_addresses=''), runs
# COMMAND with SMALLRUN_TEST_PG set to the libpq URI of the server's
# maintenance database, then stops the server and removes the folder,
# whatever COMMAND did, and exits with COMMAND's status. The tests make a
# database of their own on it for each test (tests/unit/store-fixture.c,
# tests/api/harness.c).
#
# SMALLRUN_TEST_PG connects as the role smallrun, which may create
# databases and is neither a superuser nor exempt from row-level security,
# as smallrun's role must be in production (doc/HOSTED.md): the store
# refuses a role that would bypass the workshops' row-level security, and
# the tests check that RLS really applies. SMALLRUN_TEST_PG_ADMIN names
# the same database as the superuser smallrun_admin, for what only a
# superuser may do (a test that the store refuses one, bench/records.sh's
# loading of rows with triggers off).
#
# SMALLRUN_PG_FSYNC=on keeps PostgreSQL's fsync (a benchmark's writes
# then cost what they cost in production); the tests leave it off.
#
# initdb and pg_ctl come from `pg_config --bindir`, else Debian's
# /usr/lib/postgresql/*/bin, else the PATH. Both refuse to run as root, so
# as root the server runs as the user postgres (Debian's package makes it)
# or else nobody; the folder is theirs, and root still reaches the socket.
set -eu

[ $# -gt 0 ] || { echo "usage: tests/pg-run.sh COMMAND [ARGS...]" >&2; exit 2; }

bindir=
for d in "$(pg_config --bindir 2>/dev/null || true)" /usr/lib/postgresql/*/bin; do
	if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
		bindir=$d
		break
	fi
done
if [ -z "$bindir" ]; then
	d=$(command -v initdb 2>/dev/null || true)
	[ -n "$d" ] && bindir=$(dirname "$d")
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/pg_ctl" ]; then
	echo "pg-run.sh: no initdb and pg_ctl found; install Debian's postgresql package (scripts/deps.sh test)" >&2
	exit 1
fi

as=
if [ "$(id -u)" -eq 0 ]; then
	user=nobody
	getent passwd postgres >/dev/null 2>&1 && user=postgres
	as="runuser -u $user --"
fi

dir=$(mktemp -d /tmp/smallrun-pg-XXXXXX)
[ -n "$as" ] && chown "$user" "$dir"
stop() {
	$as "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$dir"
}
trap stop EXIT
trap 'exit 130' INT TERM

# C collation: text sorts and compares byte by byte, as in SQLite.
$as "$bindir/initdb" -D "$dir/data" -A trust -U smallrun_admin -E UTF8 \
	--locale=C >"$dir/initdb.log" 2>&1 || {
	cat "$dir/initdb.log" >&2
	exit 1
}
# fsync off: a test server's files need not outlive a crash of the machine.
fsync=off
[ "${SMALLRUN_PG_FSYNC:-}" = on ] && fsync=on
if ! $as "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -s \
	-o "-c listen_addresses='' -k $dir -c fsync=$fsync -c max_connections=300" \
	start; then
	cat "$dir/server.log" >&2
	exit 1
fi

SMALLRUN_TEST_PG_ADMIN="postgresql://smallrun_admin@/postgres?host=$dir"
# psql is in the same folder as initdb.
"$bindir/psql" -q -X -v ON_ERROR_STOP=1 "$SMALLRUN_TEST_PG_ADMIN" \
	-c "CREATE ROLE smallrun LOGIN CREATEDB NOSUPERUSER NOBYPASSRLS" \
	>"$dir/role.log" 2>&1 || {
	cat "$dir/role.log" >&2
	exit 1
}
SMALLRUN_TEST_PG="postgresql://smallrun@/postgres?host=$dir"
export SMALLRUN_TEST_PG SMALLRUN_TEST_PG_ADMIN
status=0
"$@" || status=$?
exit $status
