#!/bin/sh
# records.sh - the records API under wrk on a realistic workshop: lists,
# filters, deep pages, traces, stock and a create, side by side with the
# same SQL run by the sqlite3 CLI and with GET /api/v1/questions (no
# database) on the same server.
#
#   make bench-records                   (builds, then runs this)
#   SMALLRUN_BIN=build/rb/smallrun BENCH_SEED=build/rb/bench-seed bench/records.sh
#
# Environment:
#   SMALLRUN_BIN       the server binary (default $BUILD/smallrun, BUILD=build)
#   BENCH_SEED         the seeder, bench/seed.c (default: beside SMALLRUN_BIN)
#   BENCH_SECONDS      length of each wrk run (default 10)
#   REPEAT             runs per endpoint and connection count (default 3)
#   BENCH_CONNECTIONS  connection counts (default "1 32"); threads min(c, 2)
#   SQL_RUNS           sqlite3 runs per query and repeat (default 50)
#   API_SEED_SCALE     percent of the data set seeded once more through the
#                      library API, to time creates (default 5; 0: skip)
#
# The data set is seeded with plain SQL in one transaction (bench/seed.c
# explains why and how that equals seeding through the API; this script
# checks it at API_SEED_SCALE by comparing the two databases' dumps).
# Each repeat runs every endpoint once per connection count, in an order
# that rotates with the repeat (the create always last, as it adds rows),
# then the sqlite3 reference; reported are medians over the repeats.
#
# Everything listens on and talks to 127.0.0.1 only; the server and the
# temporary directory are cleaned up on exit; every step is bounded in time.
# Writes bench/out/records.md (every run: bench/out/records-runs.txt).
set -eu

cd "$(dirname "$0")/.."

BIN=${SMALLRUN_BIN:-${BUILD:-build}/smallrun}
SEED=${BENCH_SEED:-$(dirname "$BIN")/bench-seed}
SECS=${BENCH_SECONDS:-10}
REPEAT=${REPEAT:-3}
CONNS=${BENCH_CONNECTIONS:-1 32}
SQL_RUNS=${SQL_RUNS:-50}
API_SCALE=${API_SEED_SCALE:-5}
OUT=bench/out

die() {
	echo "bench/records.sh: $*" >&2
	exit 1
}

# --- preconditions -------------------------------------------------------
command -v wrk >/dev/null 2>&1 ||
	die "wrk is missing; install it with: scripts/deps.sh bench (Debian package wrk)"
command -v sqlite3 >/dev/null 2>&1 ||
	die "the sqlite3 CLI is missing (Debian package sqlite3)"
command -v curl >/dev/null 2>&1 || die "curl is missing"
command -v timeout >/dev/null 2>&1 || die "timeout (coreutils) is missing"
[ -x "$BIN" ] || die "no smallrun binary at $BIN; build it (make) or set SMALLRUN_BIN"
[ -x "$SEED" ] || die "no seeder at $SEED; build it (make bench-records) or set BENCH_SEED"
for v in "$SECS" "$REPEAT" "$SQL_RUNS" "$API_SCALE"; do
	case $v in '' | *[!0-9]*) die "BENCH_SECONDS, REPEAT, SQL_RUNS and API_SEED_SCALE must be whole numbers" ;; esac
done
if [ "$SECS" -lt 1 ] || [ "$REPEAT" -lt 1 ] || [ "$SQL_RUNS" -lt 1 ]; then
	die "BENCH_SECONDS, REPEAT and SQL_RUNS must be at least 1"
fi

# --- cleanup -------------------------------------------------------------
TMP=""
SR_PID=""

# stop PID: SIGTERM, up to 5 s to go, then SIGKILL; reap it.
stop() {
	kill -TERM "$1" 2>/dev/null || return 0
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -KILL "$1" 2>/dev/null || :
	wait "$1" 2>/dev/null || :
}

cleanup() {
	[ -n "$SR_PID" ] && stop "$SR_PID"
	[ -n "$TMP" ] && rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP PIPE

TMP=$(mktemp -d "${TMPDIR:-/tmp}/smallrun-records.XXXXXX")
mkdir -p "$OUT"
DB=$TMP/bench.db
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# pick KEY: a value from the seeder's PICK lines.
pick() {
	tr ' ' '\n' <"$TMP/seed.out" | sed -n "s/^$1=//p" | head -n 1
}

# --- seed ----------------------------------------------------------------
timeout 120 "$SEED" --db "$DB" >"$TMP/seed.out" 2>"$TMP/seed.err" ||
	die "seeding failed: $(cat "$TMP/seed.err")"
SEED_LINE=$(grep '^SEED ' "$TMP/seed.out")
COUNTS_LINE=$(sed -n 's/^COUNTS //p' "$TMP/seed.out")
DB_KIB=$(($(wc -c <"$DB") / 1024))

API_LINE=""
SAME=""
if [ "$API_SCALE" -gt 0 ]; then
	timeout 600 "$SEED" --db "$TMP/api.db" --via api --scale "$API_SCALE" \
		>"$TMP/api.out" 2>"$TMP/api.err" ||
		die "seeding through the API failed: $(cat "$TMP/api.err")"
	API_LINE=$(grep '^SEED ' "$TMP/api.out")
	timeout 60 "$SEED" --db "$TMP/sql-small.db" --scale "$API_SCALE" >/dev/null ||
		die "seeding $API_SCALE% with SQL failed"
	if [ "$(sqlite3 "$TMP/api.db" .dump | cksum)" = "$(sqlite3 "$TMP/sql-small.db" .dump | cksum)" ]; then
		SAME=identical
	else
		SAME=DIFFERENT
	fi
	rm -f "$TMP"/api.db* "$TMP"/sql-small.db*
fi

# --- what to ask for -----------------------------------------------------
TRACE_IDS=$(pick trace_batches)
CUSTOMER=$(pick customer_typical)
PRODUCT=$(pick product)
LOT=$(pick lot)
DUE_BEFORE=2025-12-31
MONTH_FROM=2025-06-01
MONTH_TO=2025-06-30
if [ -z "$TRACE_IDS" ] || [ -z "$CUSTOMER" ] || [ -z "$PRODUCT" ] || [ -z "$LOT" ]; then
	die "the seeder printed no picks: $(cat "$TMP/seed.out")"
fi
ORDERS=$(sqlite3 "$DB" 'SELECT count(*) FROM orders')

# Endpoints, in table order. The create runs last in every repeat.
ENDPOINTS="questions orders_page orders_filter orders_deep order_get sales_customer sales_month batches_product trace_batch trace_lot stock customer_create"

P=$TMP/paths
mkdir -p "$P"
echo /api/v1/questions >"$P/questions"
echo '/api/v1/orders?limit=50' >"$P/orders_page"
echo "/api/v1/orders?status=accepted&due_before=$DUE_BEFORE&limit=50" >"$P/orders_filter"
echo "/api/v1/orders?offset=$((ORDERS - 1000))&limit=50" >"$P/orders_deep"
i=1
: >"$P/order_get"
while [ $i -le "$ORDERS" ]; do
	echo "/api/v1/orders/$i" >>"$P/order_get"
	i=$((i + ORDERS / 100))
done
echo "/api/v1/sales?customer_id=$CUSTOMER" >"$P/sales_customer"
echo "/api/v1/sales?from=$MONTH_FROM&to=$MONTH_TO" >"$P/sales_month"
echo "/api/v1/batches?product_id=$PRODUCT" >"$P/batches_product"
echo "$TRACE_IDS" | tr ',' '\n' | sed 's#.*#/api/v1/batches/&/trace#' >"$P/trace_batch"
echo "/api/v1/trace?lot=$LOT" >"$P/trace_lot"
echo /api/v1/stock >"$P/stock"
echo /api/v1/customers >"$P/customer_create"

# --- the same work as SQL ------------------------------------------------
# What the server runs for one request, as the sqlite3 CLI runs it, with
# the same bound parameters. The list, count and get statements come from
# the seeder (--print-sql builds them from the resource descriptions as
# lib/store-sqlite.c does); the named queries below are copied from its
# named_sql[] and must be kept in step with it. The totals the API reports
# are checked against the reference SQL below.
"$SEED" --print-sql >"$TMP/sql.txt" || die "$SEED --print-sql failed"
# sql KEY: a generated statement ("orders.list"); pos KEY: a parameter's
# position ("orders.status").
sql() {
	sed -n "s/^SQL $1 //p" "$TMP/sql.txt"
}
pos() {
	n=$(sed -n "s/^PARAM $1 //p" "$TMP/sql.txt")
	[ -n "$n" ] || die "the list of $1 has no such parameter"
	echo "$n"
}
ORDER_LIST=$(sql orders.list)
ORDER_COUNT=$(sql orders.count)
ORDER_GET=$(sql orders.get)
SALE_LIST=$(sql sales.list)
SALE_COUNT=$(sql sales.count)
BATCH_LIST=$(sql batches.list)
BATCH_COUNT=$(sql batches.count)
BATCH_GET=$(sql batches.get)
PRODUCT_GET=$(sql products.get)
TRACE_MATERIALS="SELECT bm.id, bm.material_id, m.name AS material_name, m.unit, bm.quantity, bm.lot FROM batch_materials bm JOIN materials m ON m.id = bm.material_id WHERE bm.batch_id = ?1 ORDER BY bm.id;"
TRACE_SALES="SELECT s.id AS sale_id, s.sold_on, s.quantity, s.price, s.order_id, c.id AS customer_id, c.name AS customer_name, c.email, c.phone FROM sales s LEFT JOIN customers c ON c.id = s.customer_id WHERE s.batch_id = ?1 ORDER BY s.sold_on, s.id;"
TRACE_LOT="SELECT DISTINCT batch_id FROM batch_materials WHERE lot = ?1 ORDER BY batch_id;"
STOCK_PRODUCTS="SELECT p.id AS product_id, p.name, coalesce(sum(b.made_qty - b.rejected_qty), 0) - coalesce((SELECT sum(s.quantity) FROM sales s JOIN batches sb ON sb.id = s.batch_id WHERE sb.product_id = p.id), 0) AS available, p.storage_per_unit FROM products p LEFT JOIN batches b ON b.product_id = p.id GROUP BY p.id ORDER BY p.name;"
STOCK_BATCHES="WITH x AS MATERIALIZED (SELECT b.id AS batch_id, b.code, b.product_id, b.run_date, b.best_before, b.made_qty - b.rejected_qty  - coalesce((SELECT sum(s.quantity) FROM sales s WHERE s.batch_id = b.id), 0)  AS available FROM batches b) SELECT * FROM x WHERE available > 0 ORDER BY product_id, run_date, batch_id;"
STOCK_MATERIALS="SELECT id AS material_id, name, unit, on_hand, reorder_level FROM materials WHERE on_hand <= reorder_level ORDER BY name;"
STOCK_STORAGE="WITH x AS MATERIALIZED (SELECT b.made_qty - b.rejected_qty  - coalesce((SELECT sum(s.quantity) FROM sales s WHERE s.batch_id = b.id), 0)  AS avail, p.storage_per_unit AS per  FROM batches b JOIN products p ON p.id = b.product_id) SELECT coalesce(sum(avail * per), 0) AS used, (SELECT storage_capacity FROM settings WHERE id = 1) AS capacity FROM x WHERE avail > 0;"

# param N VALUE: a .parameter line (VALUE is an SQL literal).
param() {
	printf '.parameter set ?%s "%s"\n' "$1" "$2"
}

LOT_BATCHES=$(sqlite3 "$DB" "SELECT DISTINCT batch_id FROM batch_materials WHERE lot = '$LOT' ORDER BY batch_id")
sqlite3 "$DB" "SELECT id, product_id FROM batches" | tr '|' ' ' >"$TMP/batch-products"

# trace_sql BATCH_ID: the statements of one batch's trace (trace_one()).
trace_sql() {
	product=$(awk -v b="$1" '$1 == b { print $2 }' "$TMP/batch-products")
	echo ".parameter clear"
	param 1 "$1"
	echo "$BATCH_GET"
	param 1 "$product"
	echo "$PRODUCT_GET"
	param 1 "$1"
	echo "$TRACE_MATERIALS"
	echo "$TRACE_SALES"
}

# ref_sql NAME I: the SQL of the I-th request of endpoint NAME (empty: none).
ref_sql() {
	echo ".parameter clear"
	case $1 in
	orders_page | orders_filter | orders_deep)
		if [ "$1" = orders_filter ]; then
			param "$(pos orders.status)" "'accepted'"
			param "$(pos orders.due_before)" "'$DUE_BEFORE'"
		fi
		param "$(pos orders.limit)" 50
		param "$(pos orders.offset)" "$([ "$1" = orders_deep ] && echo $((ORDERS - 1000)) || echo 0)"
		echo "$ORDER_LIST"
		echo "$ORDER_COUNT"
		;;
	order_get)
		param 1 "$(sed -n "$(($2 % $(wc -l <"$P/order_get") + 1))s#.*/##p" "$P/order_get")"
		echo "$ORDER_GET"
		;;
	sales_customer | sales_month)
		if [ "$1" = sales_customer ]; then
			param "$(pos sales.customer_id)" "$CUSTOMER"
		else
			param "$(pos sales.from)" "'$MONTH_FROM'"
			param "$(pos sales.to)" "'$MONTH_TO'"
		fi
		param "$(pos sales.limit)" 100
		param "$(pos sales.offset)" 0
		echo "$SALE_LIST"
		echo "$SALE_COUNT"
		;;
	batches_product)
		param "$(pos batches.product_id)" "$PRODUCT"
		param "$(pos batches.limit)" 100
		param "$(pos batches.offset)" 0
		echo "$BATCH_LIST"
		echo "$BATCH_COUNT"
		;;
	trace_batch)
		n=$(echo "$TRACE_IDS" | tr ',' '\n' | wc -l)
		trace_sql "$(echo "$TRACE_IDS" | tr ',' '\n' | sed -n "$(($2 % n + 1))p")"
		;;
	trace_lot)
		param 1 "'$LOT'"
		echo "$TRACE_LOT"
		for b in $LOT_BATCHES; do
			trace_sql "$b"
		done
		;;
	stock)
		echo "$STOCK_PRODUCTS"
		echo "$STOCK_BATCHES"
		echo "$STOCK_MATERIALS"
		echo "$STOCK_STORAGE"
		;;
	esac
}

# sql_ms NAME: median over SQL_RUNS requests of the CPU time (user + sys,
# from .timer) the sqlite3 CLI spends on NAME's statements; one process,
# so the page cache and schema are warm as in the server. Empty: no SQL.
sql_ms() {
	ref_sql "$1" 0 | grep -qv '^\.' || return 0
	k=$(ref_sql "$1" 0 | grep -vc '^\.')
	{
		echo ".timer on"
		echo ".output /dev/null"
		i=0
		while [ $i -lt "$SQL_RUNS" ]; do
			ref_sql "$1" "$i"
			i=$((i + 1))
		done
	} >"$TMP/ref.sql"
	timeout 300 sqlite3 "$DB" <"$TMP/ref.sql" >"$TMP/ref.out" 2>&1 ||
		die "sqlite3 failed on the $1 reference: $(head -n 5 "$TMP/ref.out")"
	awk -v k="$k" '/^Run Time/ { t += ($6 + $8) * 1000; if (++n % k == 0) { print t; t = 0 } }' \
		"$TMP/ref.out" | sort -g |
		awk '{ v[NR] = $1 } END { if (NR) printf "%.3f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# The fsync'd create, as the sqlite3 CLI does it: mean wall time of
# SQL_RUNS transactions (.timer rounds wall time to milliseconds).
create_ms() {
	{
		echo "PRAGMA synchronous = FULL;"
		i=0
		while [ $i -lt "$SQL_RUNS" ]; do
			echo "BEGIN IMMEDIATE;"
			echo "INSERT INTO customers (name, email, phone, notes, created_at) VALUES ('Reference customer $i', 'ref$i@example.com', '07700 900000', NULL, '2025-11-27T12:00:00Z');"
			echo "SELECT t.id, t.name, t.email, t.phone, t.notes, t.created_at FROM customers AS t WHERE t.id = last_insert_rowid();"
			echo "COMMIT;"
			i=$((i + 1))
		done
	} >"$TMP/create.sql"
	t0=$(date +%s%N)
	timeout 300 sqlite3 "$DB" <"$TMP/create.sql" >/dev/null
	t1=$(date +%s%N)
	awk -v ns=$((t1 - t0)) -v n="$SQL_RUNS" 'BEGIN { printf "%.3f\n", ns / n / 1e6 }'
}

# --- the server ----------------------------------------------------------
: >"$TMP/smallrun.out"
: >"$TMP/smallrun.err"
"$BIN" serve --listen 127.0.0.1:0 --db "$DB" --access-log off \
	>"$TMP/smallrun.out" 2>"$TMP/smallrun.err" &
SR_PID=$!
i=0
URL=""
while [ $i -lt 100 ]; do
	URL=$(sed -n '1s#^smallrun is running at \(http://127\.0\.0\.1:[0-9]*\)/$#\1#p' "$TMP/smallrun.out")
	[ -n "$URL" ] && break
	kill -0 "$SR_PID" 2>/dev/null || break
	sleep 0.1
	i=$((i + 1))
done
[ -n "$URL" ] || die "smallrun did not start: $(cat "$TMP/smallrun.err")"

# Every path answers 200 (the create 201); the list totals match the SQL.
for e in $ENDPOINTS; do
	first=yes
	while read -r path; do
		if [ "$e" = customer_create ]; then
			code=$(curl -sS --max-time 10 -o "$TMP/body" -w '%{http_code}' \
				-X POST -H 'Content-Type: application/json' \
				--data-binary '{"name":"Check customer"}' "$URL$path") || code=none
			want=201
		else
			code=$(curl -sS --max-time 10 -o "$TMP/body" -w '%{http_code}' "$URL$path") || code=none
			want=200
		fi
		[ "$code" = "$want" ] || die "$path answered $code, not $want: $(head -c 300 "$TMP/body")"
		[ -z "$first" ] || wc -c <"$TMP/body" >"$TMP/bytes-$e"
		[ -z "$first" ] || cp "$TMP/body" "$TMP/first-body"
		first=""
	done <"$P/$e"
	cp "$TMP/first-body" "$TMP/body"
	case $e in
	orders_* | sales_* | batches_*)
		api_total=$(sed -n 's/.*"total":\([0-9]*\).*/\1/p' "$TMP/body")
		sql_total=$(ref_sql "$e" 0 | grep -v ' LIMIT ?' | sqlite3 "$DB")
		[ "$api_total" = "$sql_total" ] ||
			die "$e: the API says total $api_total, the reference SQL $sql_total; is bench/records.sh in step with lib/store-sqlite.c?"
		echo "$api_total" >"$TMP/total-$e"
		;;
	esac
done

# --- runs ----------------------------------------------------------------
RUNS=$OUT/records-runs.txt
: >"$RUNS"

# run_wrk NAME CONNECTIONS SECONDS: one wrk run; its BENCH line on stdout.
run_wrk() {
	c=$2
	t=$((c < 2 ? c : 2))
	if [ "$1" = customer_create ]; then
		export BENCH_CREATE=customers
	else
		unset BENCH_CREATE
	fi
	BENCH_PATHS=$P/$1 timeout -k 5 $(($3 + 30)) wrk -t "$t" -c "$c" -d "${3}s" \
		--timeout 10s --latency -s bench/records.lua "$URL" >"$TMP/wrk.out" 2>&1 ||
		die "wrk on $1 failed: $(cat "$TMP/wrk.out")"
	grep '^BENCH ' "$TMP/wrk.out" ||
		die "wrk on $1 printed no BENCH line: $(cat "$TMP/wrk.out")"
}

# settle: wait (up to 60 s) until the server uses under 5% of a CPU, so
# that requests still queued when one wrk run stops (a slow endpoint at 32
# connections leaves seconds of them) do not run into the next.
TICKS=$(getconf CLK_TCK)
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$SR_PID/stat"
}
settle() {
	i=0
	while [ $i -lt 120 ]; do
		a=$(cpu_ticks)
		sleep 0.5
		b=$(cpu_ticks)
		[ $(((b - a) * 40)) -le "$TICKS" ] && return 0
		i=$((i + 1))
	done
}

# field LINE KEY: the value of KEY=value in a BENCH line.
field() {
	printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

# median FILE COLUMN
median() {
	awk -v k="$2" '{ print $k }' "$1" | sort -g |
		awk '{ v[NR] = $1 } END {
			if (NR % 2) print v[(NR + 1) / 2];
			else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Warm up every endpoint (page cache, allocator, threads); not recorded.
for e in $ENDPOINTS; do
	[ "$e" = customer_create ] || run_wrk "$e" 2 1 >/dev/null
	settle
done

echo "smallrun at $URL; $REPEAT x ${SECS}s per endpoint and connection count"
for e in $ENDPOINTS; do
	for c in $CONNS; do : >"$TMP/res-$e-$c"; done
	: >"$TMP/sql-$e"
done
r=1
while [ "$r" -le "$REPEAT" ]; do
	# Rotate the order of the reads by one on every repeat.
	reads=$(echo "$ENDPOINTS" | tr ' ' '\n' | grep -v customer_create)
	n=$(echo "$reads" | wc -l)
	order=$( (echo "$reads" | tail -n $((n - (r - 1) % n)); echo "$reads" | head -n $(((r - 1) % n))) | grep .)
	for c in $CONNS; do
		for e in $order customer_create; do
			settle
			t0=$(cpu_ticks)
			line=$(run_wrk "$e" "$c" "$SECS")
			settle
			t1=$(cpu_ticks)
			errs=$(($(field "$line" connect) + $(field "$line" read) + \
				$(field "$line" write) + $(field "$line" timeout)))
			status=$(field "$line" status)
			[ "$status" = 0 ] || die "$e answered $status non-2xx responses at $c connections"
			# The server's CPU time per answered request: on a shared
			# machine, wall time also counts waiting for a CPU.
			cpu=$(awk -v t=$((t1 - t0)) -v hz="$TICKS" -v n="$(field "$line" requests)" \
				'BEGIN { printf "%.3f", (n > 0 ? t * 1000 / hz / n : 0) }')
			echo "$(field "$line" rps) $(field "$line" p50_us) $(field "$line" p99_us) $errs $cpu" >>"$TMP/res-$e-$c"
			echo "$e c=$c run=$r $line cpu_ms=$cpu" >>"$RUNS"
			printf '  %-16s c=%-3s run %s: %9s req/s  p50 %7s us  p99 %8s us  CPU %7s ms/req  errors %s\n' \
				"$e" "$c" "$r" "$(field "$line" rps)" "$(field "$line" p50_us)" \
				"$(field "$line" p99_us)" "$cpu" "$errs"
		done
	done
	settle
	for e in $ENDPOINTS; do
		case $e in
		questions) ;;
		customer_create) create_ms >>"$TMP/sql-$e" ;;
		*) sql_ms "$e" >>"$TMP/sql-$e" ;;
		esac
		[ -s "$TMP/sql-$e" ] && echo "$e sqlite3 run=$r ms=$(tail -n 1 "$TMP/sql-$e")" >>"$RUNS"
	done
	r=$((r + 1))
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
SR_HWM=$(awk '/^VmHWM:/ { print $2 }' "/proc/$SR_PID/status")

# --- report --------------------------------------------------------------
ms() {
	awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'
}

describe() {
	case $1 in
	questions) echo "GET /api/v1/questions (no database)" ;;
	orders_page) echo "GET /api/v1/orders?limit=50" ;;
	orders_filter) echo "GET /api/v1/orders?status=accepted&due_before=$DUE_BEFORE&limit=50" ;;
	orders_deep) echo "GET /api/v1/orders?offset=$((ORDERS - 1000))&limit=50" ;;
	order_get) echo "GET /api/v1/orders/{id} (100 ids)" ;;
	sales_customer) echo "GET /api/v1/sales?customer_id=$CUSTOMER" ;;
	sales_month) echo "GET /api/v1/sales?from=$MONTH_FROM&to=$MONTH_TO" ;;
	batches_product) echo "GET /api/v1/batches?product_id=$PRODUCT" ;;
	trace_batch) echo "GET /api/v1/batches/{id}/trace ($(echo "$TRACE_IDS" | tr ',' '\n' | wc -l) ids)" ;;
	trace_lot) echo "GET /api/v1/trace?lot=$LOT" ;;
	stock) echo "GET /api/v1/stock" ;;
	customer_create) echo "POST /api/v1/customers" ;;
	esac
}

first_c=$(echo "$CONNS" | awk '{ print $1 }')
last_c=$(echo "$CONNS" | awk '{ print $NF }')
q_rps=$(median "$TMP/res-questions-$last_c" 1)
{
	printf '| endpoint | body bytes | total |'
	for c in $CONNS; do printf ' c=%s req/s | c=%s p50 / p99 ms |' "$c" "$c"; done
	printf ' req/s ÷ questions (c=%s) | server CPU ms/req (c=%s) | sqlite3 CPU ms | server ÷ sqlite3 |\n' "$last_c" "$first_c"
	printf '|---|---:|---:|'
	for c in $CONNS; do printf -- '---:|---:|'; done
	printf -- '---:|---:|---:|---:|\n'
	for e in $ENDPOINTS; do
		printf '| %s | %s | %s |' "$(describe "$e")" "$(cat "$TMP/bytes-$e")" \
			"$(cat "$TMP/total-$e" 2>/dev/null || echo -)"
		for c in $CONNS; do
			printf ' %.0f | %s / %s |' "$(median "$TMP/res-$e-$c" 1)" \
				"$(ms "$(median "$TMP/res-$e-$c" 2)")" "$(ms "$(median "$TMP/res-$e-$c" 3)")"
		done
		rps=$(median "$TMP/res-$e-$last_c" 1)
		cpu=$(median "$TMP/res-$e-$first_c" 5)
		printf ' %s | %.3f |' "$(awk -v a="$rps" -v b="$q_rps" 'BEGIN { printf "%.2f", a / b }')" "$cpu"
		if [ "$e" = customer_create ]; then
			# Wall time of an fsync'd commit: no CPU ratio to take.
			printf ' %.3f (wall) | - |\n' "$(median "$TMP/sql-$e" 1)"
		elif [ -s "$TMP/sql-$e" ]; then
			sql=$(median "$TMP/sql-$e" 1)
			printf ' %.3f | %s |\n' "$sql" \
				"$(awk -v c="$cpu" -v s="$sql" 'BEGIN { if (s > 0) printf "%.1f", c / s; else print "-" }')"
		else
			printf ' - | - |\n'
		fi
	done
	echo
	echo "Medians of $REPEAT runs of ${SECS} s each per endpoint and connection count;" \
		"wrk -t min(c,2) -c c --timeout 10s --latency, keep-alive; exact percentiles" \
		"from bench/records.lua. \"sqlite3 ms\": the same statements with the same" \
		"parameters in the sqlite3 CLI, median CPU time (user + sys) over $SQL_RUNS requests" \
		"per repeat, median over the repeats; for the create, the mean wall time of" \
		"$SQL_RUNS fsync'd transactions (INSERT and read back). \"server CPU\": the server process's user + system time" \
		"over a run at $first_c connection(s), divided by the requests answered."
	errs=$(cat "$TMP"/res-* | awk '{ e += $4 } END { print e + 0 }')
	echo "Socket errors and timeouts over all runs: $errs; non-2xx: none."
	echo "Peak RSS (VmHWM) of the server after all runs: $((SR_HWM / 1024)) MiB."
	echo
	echo "Data set: $COUNTS_LINE (database $DB_KIB KiB). Seeded with SQL in one" \
		"transaction: $(echo "$SEED_LINE" | sed 's/.*records=\([0-9]*\) seconds=\([0-9.]*\) per_second=\([0-9]*\).*/\1 records in \2 s/')."
	if [ -n "$API_LINE" ]; then
		echo "The same at $API_SCALE% through the library API (sr_rec_create, one" \
			"fsync'd transaction each): $(echo "$API_LINE" | sed 's/.*records=\([0-9]*\) seconds=\([0-9.]*\) per_second=\([0-9]*\).*/\1 records in \2 s, \3 creates per second/');" \
			"its dump and the SQL-seeded one's are $SAME."
	fi
	echo "Load average before: $LOAD_BEFORE; after: $LOAD_AFTER."
	echo "Machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
		"Linux $(uname -r); $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2)," \
		"SQLite $(sqlite3 --version | cut -d' ' -f1); $(date -u +%Y-%m-%dT%H:%MZ)."
} >"$OUT/records.md"

echo
cat "$OUT/records.md"
echo
echo "written to $OUT/records.md (every run: $RUNS)"
