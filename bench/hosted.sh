#!/bin/sh
# hosted.sh - hosted smallrun under a mixed load: 1,000 workshops in one
# PostgreSQL database, served by 1, 2 and 4 `smallrun serve` processes
# behind nginx, beside one server on the same workshop's SQLite file, all
# measured in the same run (doc/PERFORMANCE.md, "Hosted").
#
#   make bench-hosted        (builds, then runs this under tests/pg-run.sh
#                             with SMALLRUN_PG_FSYNC=on)
#
# Environment:
#   SMALLRUN_BIN         the server (default build/smallrun)
#   BENCH_SEED           bench/seed.c's seeder (default beside SMALLRUN_BIN)
#   BENCH_HOSTED_SEED    bench/hosted-seed.c's (default beside SMALLRUN_BIN)
#   BENCH_WORKSHOPS      workshops in the database (default 1000)
#   BENCH_SCALE          each workshop's size, bench/seed.c's --scale
#                        percent (default 1: 20 customers, 100 orders,
#                        20 batches, 500 sales, 50 products, 200 materials)
#   BENCH_SECONDS        length of each wrk run (default 10)
#   REPEAT               runs of each configuration (default 3)
#   BENCH_CONNECTIONS    wrk's connections (default 32), on 2 threads
#   SMALLRUN_TEST_PG     the PostgreSQL server (tests/pg-run.sh sets it)
#
# The load (bench/hosted.lua): of every 10 requests 8 reads (the products
# page, the queue of orders, a customer, a batch, a batch's trace, a
# customer's purchases, stock, settings) and 2 writes (a new customer, a
# product's change), each with the API token of a workshop drawn at random
# from all of them (on SQLite: the file's one). Every answer must be 2xx.
#
# The configurations, each behind the same nginx set-up
# (doc/nginx/smallrun-proxy.conf; worker_processes 2): sqlite (one server
# on the workshop's file) and pg1, pg2, pg4 (1, 2, 4 servers on the
# database, --hosted); and sqlite-direct, the SQLite server without nginx,
# which is how one maker runs it. Each repeat runs them all, the order
# rotated by one each time. Reported: medians over the repeats of req/s
# and p99, and each beside sqlite behind nginx. Writes
# bench/out/hosted.md (every run: bench/out/hosted-runs.txt).
set -eu

cd "$(dirname "$0")/.."
PROG=bench/hosted.sh
. bench/lib.sh

BIN=${SMALLRUN_BIN:-build/smallrun}
SEED=${BENCH_SEED:-$(dirname "$BIN")/bench-seed}
HSEED=${BENCH_HOSTED_SEED:-$(dirname "$BIN")/bench-hosted-seed}
N=${BENCH_WORKSHOPS:-1000}
SCALE=${BENCH_SCALE:-1}
SECS=${BENCH_SECONDS:-10}
REPEAT=${REPEAT:-3}
CONNS=${BENCH_CONNECTIONS:-32}
OUT=bench/out

need wrk "install it with: scripts/deps.sh bench (Debian package wrk)"
need psql "(Debian package postgresql-client)"
need curl "(Debian package curl)"
need sqlite3 "(Debian package sqlite3)"
need timeout "(coreutils)"
NGINX=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null || :)
[ -n "$NGINX" ] || die "nginx is missing; scripts/deps.sh bench (Debian package nginx-light)"
[ -x "$BIN" ] || die "no smallrun binary at $BIN; build it (make)"
[ -x "$SEED" ] || die "no seeder at $SEED (make build/bench-seed)"
[ -x "$HSEED" ] || die "no seeder at $HSEED (make build/bench-hosted-seed)"
whole BENCH_WORKSHOPS "$N" 1
whole BENCH_SCALE "$SCALE" 1
whole BENCH_SECONDS "$SECS" 1
whole REPEAT "$REPEAT" 1
whole BENCH_CONNECTIONS "$CONNS" 1
case ${SMALLRUN_TEST_PG:-} in
postgresql://*/postgres\?*) ;;
*) die "needs a PostgreSQL server: run under tests/pg-run.sh (make bench-hosted)" ;;
esac
export LC_ALL=C

PG_DB=smallrun_hosted_$$
PG_URI=$(echo "$SMALLRUN_TEST_PG" | sed "s#/postgres?#/$PG_DB?#")
TMP=""
PIDS=""

cleanup() {
	for p in $PIDS; do stop "$p"; done
	[ -n "$TMP" ] && rm -rf "$TMP"
	psql -q "$SMALLRUN_TEST_PG" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || :
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP PIPE

TMP=$(mktemp -d "${TMPDIR:-/tmp}/smallrun-hosted.XXXXXX")
chmod 755 "$TMP"
mkdir -p "$OUT"
RUNS=$OUT/hosted-runs.txt
: >"$RUNS"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the workshops ---------------------------------------------------------
FILE=$TMP/workshop.db
timeout 120 "$SEED" --db "$FILE" --scale "$SCALE" >"$TMP/seed.out" 2>"$TMP/seed.err" ||
	die "seeding failed: $(cat "$TMP/seed.err")"
COUNTS=$(sed -n 's/^COUNTS //p' "$TMP/seed.out")
psql -q "$SMALLRUN_TEST_PG" -c "CREATE DATABASE $PG_DB" >/dev/null ||
	die "cannot create the database $PG_DB"
echo "moving the workshop in $N times ..." >&2
timeout 3600 "$HSEED" --template "$FILE" --db "$PG_URI" --workshops "$N" \
	--tokens "$TMP/tokens" >"$TMP/hseed.out" 2>"$TMP/hseed.err" ||
	die "seeding the workshops failed: $(cat "$TMP/hseed.err")"
HSEED_LINE=$(grep '^HOSTED ' "$TMP/hseed.out")
echo "$HSEED_LINE" >&2
export BENCH_TOKENS=$TMP/tokens
export BENCH_CUSTOMERS=$(sqlite3 "$FILE" "SELECT count(*) FROM customers")
export BENCH_BATCHES=$(sqlite3 "$FILE" "SELECT count(*) FROM batches")
export BENCH_PRODUCTS=$(sqlite3 "$FILE" "SELECT count(*) FROM products")
PG_ROWS=$(psql -Atq "$PG_URI" -c "SELECT sum(n_live_tup) FROM pg_stat_user_tables")
PG_SIZE=$(psql -Atq "$PG_URI" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")

# --- the servers -------------------------------------------------------------
# start NAME DB ARGS...: a server on DB, its URL in URL_NAME, its pid in PID_NAME.
start() {
	name=$1 db=$2
	shift 2
	: >"$TMP/$name.out"
	"$BIN" serve --listen 127.0.0.1:0 --db "$db" --access-log off "$@" \
		>"$TMP/$name.out" 2>"$TMP/$name.err" &
	p=$!
	PIDS="$PIDS $p"
	i=0
	url=""
	while [ $i -lt 100 ] && [ -z "$url" ]; do
		url=$(sed -n '1s#^smallrun is running at \(http://127\.0\.0\.1:[0-9]*\)/$#\1#p' "$TMP/$name.out")
		[ -n "$url" ] || sleep 0.1
		i=$((i + 1))
	done
	[ -n "$url" ] || die "$name did not start: $(cat "$TMP/$name.err")"
	eval "URL_$name=$url PID_$name=$p"
}

start sqlite "$FILE"
for k in 1 2 3 4; do start "pg$k" "$PG_URI" --hosted --trusted-proxy 127.0.0.1; done

# A free port, as the kernel gives one.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# nginx NAME URL...: nginx in front of the servers at these URLs, on a
# port of its own (NGINX_NAME: its URL).
nginx_for() {
	name=$1
	shift
	port=$(free_port)
	d=$TMP/nginx-$name
	mkdir -p "$d"
	{
		echo "daemon off; worker_processes 2; pid $d/nginx.pid;"
		echo "error_log $d/error.log warn;"
		echo "events { worker_connections 1024; }"
		echo "http { access_log off;"
		echo "client_body_temp_path $d/body; proxy_temp_path $d/proxy;"
		echo "fastcgi_temp_path $d/fastcgi; uwsgi_temp_path $d/uwsgi; scgi_temp_path $d/scgi;"
		echo "upstream smallrun {"
		for u in "$@"; do echo "server ${u#http://};"; done
		echo "keepalive 32; }"
		echo "server { listen 127.0.0.1:$port;"
		echo "location / { include $PWD/doc/nginx/smallrun-proxy.conf; } } }"
	} >"$d/nginx.conf"
	"$NGINX" -p "$d" -c "$d/nginx.conf" -e "$d/error.log" &
	PIDS="$PIDS $!"
	i=0
	until curl -s -o /dev/null "http://127.0.0.1:$port/"; do
		i=$((i + 1))
		[ $i -lt 100 ] || die "nginx for $name did not start: $(cat "$d/error.log")"
		sleep 0.1
	done
	eval "NGINX_$name=http://127.0.0.1:$port"
}

nginx_for sqlite "$URL_sqlite"
nginx_for pg1 "$URL_pg1"
nginx_for pg2 "$URL_pg1" "$URL_pg2"
nginx_for pg4 "$URL_pg1" "$URL_pg2" "$URL_pg3" "$URL_pg4"

# Every configuration answers the load's requests before it is measured.
check() {
	url=$1 only=$2
	secret=$(awk -v s="$only" '$1 == s { print $2 }' "$BENCH_TOKENS")
	for path in /api/v1/products /api/v1/stock /api/v1/batches/1/trace; do
		code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $secret" "$url$path")
		[ "$code" = 200 ] || die "$url$path answered $code"
	done
}
check "$NGINX_sqlite" sqlite
check "$URL_sqlite" sqlite
check "$NGINX_pg4" w0001
check "$NGINX_pg4" "w$(printf %04d "$N")"

# --- the runs ----------------------------------------------------------------
CONFIGS="sqlite-direct sqlite pg1 pg2 pg4"
mkdir -p "$TMP/res"

url_of() {
	case $1 in
	sqlite-direct) echo "$URL_sqlite" ;;
	*) eval "echo \$NGINX_$1" ;;
	esac
}

run() {
	cfg=$1
	case $cfg in sqlite*) export BENCH_ONLY=sqlite ;; *) unset BENCH_ONLY ;; esac
	timeout -k 5 $((SECS + 60)) wrk -t 2 -c "$CONNS" -d "${SECS}s" --timeout 10s \
		--latency -s bench/hosted.lua "$(url_of "$cfg")" >"$TMP/wrk.out" 2>&1 ||
		die "wrk on $cfg failed: $(cat "$TMP/wrk.out")"
	line=$(grep '^BENCH ' "$TMP/wrk.out") || die "wrk on $cfg printed no BENCH line: $(cat "$TMP/wrk.out")"
	[ "$(field "$line" status)" = 0 ] ||
		die "$cfg: $(field "$line" status) answers were not 2xx"
	echo "$(field "$line" rps) $(field "$line" p50_us) $(field "$line" p99_us) $(errors "$line")" \
		>>"$TMP/res/$cfg"
	echo "$cfg run=$r $line" >>"$RUNS"
	printf '  %-14s run %s: %9s req/s  p50 %7s us  p99 %8s us\n' "$cfg" "$r" \
		"$(field "$line" rps)" "$(field "$line" p50_us)" "$(field "$line" p99_us)" >&2
}

r=1
while [ "$r" -le "$REPEAT" ]; do
	order=$(echo $CONFIGS | awk -v k=$(((r - 1) % 5)) \
		'{ for (i = 0; i < NF; i++) printf "%s ", $(((i + k) % NF) + 1) }')
	for cfg in $order; do run "$cfg"; done
	r=$((r + 1))
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- report ------------------------------------------------------------------
med() { median "$TMP/res/$1" "$2"; }
BASE=$(med sqlite 1)
{
	echo "| configuration | servers | workshops | req/s | × sqlite behind nginx | p50 ms | p99 ms |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
	for cfg in $CONFIGS; do
		case $cfg in
		sqlite-direct) desc="SQLite file, no nginx" n=1 w=1 ;;
		sqlite) desc="SQLite file, behind nginx" n=1 w=1 ;;
		pg*) n=${cfg#pg} desc="PostgreSQL, behind nginx" w=$N ;;
		esac
		printf '| %s (%s) | %s | %s | %.0f | %s | %s | %s |\n' "$cfg" "$desc" "$n" "$w" \
			"$(med "$cfg" 1)" \
			"$(awk -v a="$(med "$cfg" 1)" -v b="$BASE" 'BEGIN { printf "%.2f", a / b }')" \
			"$(ms "$(med "$cfg" 2)")" "$(ms "$(med "$cfg" 3)")"
	done
	echo
	echo "Medians of $REPEAT runs of $SECS s each, the configurations interleaved" \
		"(the order rotated every repeat); wrk -t 2 -c $CONNS --timeout 10s --latency," \
		"keep-alive; bench/hosted.lua's mix: 8 reads and 2 writes in 10, each with the" \
		"token of a workshop drawn at random (on SQLite the file's one). Every answer 2xx;" \
		"socket errors and timeouts over all runs: $(cat "$TMP"/res/* | awk '{ e += $4 } END { print e + 0 }')."
	echo
	echo "Each workshop: bench/seed.c at --scale $SCALE ($COUNTS) and an owner with" \
		"a token. The database: $N of them, moved in with smallrun migrate's own call" \
		"($HSEED_LINE), $PG_ROWS rows, $PG_SIZE; PostgreSQL" \
		"$(psql -Atq "$PG_URI" -c 'SHOW server_version'), fsync" \
		"$(psql -Atq "$PG_URI" -c 'SHOW fsync'), shared_buffers" \
		"$(psql -Atq "$PG_URI" -c 'SHOW shared_buffers'), through a Unix socket on this" \
		"machine; each smallrun server keeps at most 4 connections to it. nginx" \
		"$("$NGINX" -v 2>&1 | sed 's#.*/##'), 2 worker processes," \
		"doc/nginx/smallrun-proxy.conf; every process on the same machine as wrk."
	echo "Load average before: $LOAD_BEFORE; after: $LOAD_AFTER."
	echo "$(machine); $(date -u +%Y-%m-%dT%H:%MZ)."
} >"$OUT/hosted.md"

echo
cat "$OUT/hosted.md"
echo
echo "written to $OUT/hosted.md (every run: $RUNS)"
