#!/bin/sh
# records.sh - the records API under wrk on a realistic workshop, every
# endpoint class beside the best SQL for it in the sqlite3 CLI, for one
# server binary or two (before and after a change) in the same run.
#
#   make bench-records                   (builds, then runs this)
#   SMALLRUN_BIN=build/smallrun SMALLRUN_BIN_BEFORE=/work/bench-before/smallrun \
#       BENCH_SEED=build/bench-seed bench/records.sh
#
# Environment:
#   SMALLRUN_BIN         the server binary ("after"; default $BUILD/smallrun,
#                        BUILD=build)
#   SMALLRUN_BIN_BEFORE  a second binary ("before"), measured in the same
#                        run, interleaved endpoint by endpoint (default: none)
#   BENCH_SEED           the seeder, bench/seed.c (default: beside SMALLRUN_BIN)
#   BENCH_SECONDS        length of each wrk run (default 10)
#   REPEAT               runs per endpoint, connection count and binary
#                        (default 3)
#   BENCH_CONNECTIONS    connection counts (default "1 32"); threads min(c, 2).
#                        Server CPU is taken at the first, p50/p99 at the last.
#   BENCH_ONLY           an extended regular expression: only the endpoints
#                        whose names match (the names are in the first
#                        column of the table, e.g. 'sales|stock')
#   SQL_RUNS             requests per endpoint and repeat in sqlite3 (default 100)
#   API_SEED_SCALE       percent of the data set seeded once more through the
#                        library API, to check the SQL seeding (default 5; 0: skip)
#   BENCH_STORE          pg: one binary on both stores instead, side "sqlite"
#                        (the seeded file) beside side "pg" (the same rows
#                        copied into a new database on the PostgreSQL server
#                        SMALLRUN_TEST_PG names, as tests/pg-run.sh starts
#                        one: `make bench-records-pg`); writes
#                        bench/out/records-pg.md (and records-pg-runs.txt)
#
# The endpoints: for every resource its first page, each filter alone and a
# typical two together, a deep page (offset near the end) and a get by id;
# the trace of a batch by id, by code and by lot; stock, whole and paged;
# GET /api/v1/questions (no database: the cost of HTTP alone); and a
# create. The data set is bench/seed.c's (10,000 orders, 2,000 batches,
# 50,000 sales), seeded with plain SQL in one transaction (seed.c explains
# why; this script checks it at API_SEED_SCALE against seeding through the
# library). Each binary serves its own copy of it.
#
# The reference is the best SQL for each endpoint, written with only the
# filters given, run by the sqlite3 CLI on a copy of the database: see
# "the best SQL" below. Every answer is checked first: 200 (the create
# 201), the same ids in the same order as the reference list statement
# and the same total as its count, the same number of sales in a trace,
# the same batches in stock. A paged stock that a binary refuses (400) or
# answers as a whole is "n/a" for it and not run.
#
# Each repeat runs every endpoint at every connection count, in an order
# that rotates with the repeat (the create last: it adds rows, which are
# deleted again after its run); for each endpoint the binaries take turns,
# which goes first swapping every time, so drift on a busy machine hits
# both alike. Then the sqlite3 reference. Reported are medians over the
# repeats. Everything listens on and talks to 127.0.0.1 only; the servers
# and the temporary directory are cleaned up on exit; every step is bounded
# in time. Writes bench/out/records.md (every run: bench/out/records-runs.txt).
set -eu

cd "$(dirname "$0")/.."
PROG=bench/records.sh
. bench/lib.sh

BIN=${SMALLRUN_BIN:-${BUILD:-build}/smallrun}
BIN_BEFORE=${SMALLRUN_BIN_BEFORE:-}
SEED=${BENCH_SEED:-$(dirname "$BIN")/bench-seed}
SECS=${BENCH_SECONDS:-10}
REPEAT=${REPEAT:-3}
CONNS=${BENCH_CONNECTIONS:-1 32}
ONLY=${BENCH_ONLY:-}
SQL_RUNS=${SQL_RUNS:-100}
API_SCALE=${API_SEED_SCALE:-5}
STORE=${BENCH_STORE:-}
OUT=bench/out
NAME=records$([ "$STORE" = pg ] && echo -pg || :)
# The page the lists are asked for: the server's default (SR_LIST_DEFAULT).
PAGE=100
# The goals (doc/PERFORMANCE.md): server CPU within this many times the
# best SQL's, p99 at the last connection count under this (ms), peak RSS
# under this (MiB).
GOAL_RATIO=1.5
GOAL_P99_MS=20
GOAL_RSS_MIB=32

# --- preconditions -------------------------------------------------------
need wrk "install it with: scripts/deps.sh bench (Debian package wrk)"
need sqlite3 "(Debian package sqlite3)"
need curl "(Debian package curl)"
need timeout "(coreutils)"
[ -x "$BIN" ] || die "no smallrun binary at $BIN; build it (make) or set SMALLRUN_BIN"
[ -z "$BIN_BEFORE" ] || [ -x "$BIN_BEFORE" ] || die "no smallrun binary at SMALLRUN_BIN_BEFORE=$BIN_BEFORE"
case $STORE in
'') ;;
pg)
	[ -z "$BIN_BEFORE" ] || die "BENCH_STORE=pg measures one binary on two stores: leave SMALLRUN_BIN_BEFORE out"
	need psql "(Debian package postgresql-client)"
	case ${SMALLRUN_TEST_PG:-} in
	postgresql://*/postgres\?*) ;;
	*) die "BENCH_STORE=pg needs a PostgreSQL server: run under tests/pg-run.sh (make bench-records-pg)" ;;
	esac
	;;
*) die "BENCH_STORE must be pg or empty, not '$STORE'" ;;
esac
[ -x "$SEED" ] || die "no seeder at $SEED; build it (make bench-records) or set BENCH_SEED"
whole BENCH_SECONDS "$SECS" 1
whole REPEAT "$REPEAT" 1
whole SQL_RUNS "$SQL_RUNS" 1
whole API_SEED_SCALE "$API_SCALE" 0
for c in $CONNS; do whole BENCH_CONNECTIONS "$c" 1; done
export LC_ALL=C

# The binaries, by side: "after" is SMALLRUN_BIN; "before" runs first.
# With BENCH_STORE=pg the sides are stores: "sqlite" first, then "pg".
if [ "$STORE" = pg ]; then
	SIDES="sqlite pg"
	PG_DB=smallrun_bench_$$
	PG_URI=$(echo "$SMALLRUN_TEST_PG" | sed "s#/postgres?#/$PG_DB?#")
	# Loading with triggers off takes a superuser (pg-run.sh's admin),
	# who RLS does not bind; smallrun itself connects as PG_URI's role.
	PG_ADMIN_URI=$(echo "${SMALLRUN_TEST_PG_ADMIN:-$SMALLRUN_TEST_PG}" | sed "s#/postgres?#/$PG_DB?#")
elif [ -n "$BIN_BEFORE" ]; then SIDES="before after"; else SIDES=after; fi
FIRST_SIDE=${SIDES%% *}
LAST_SIDE=${SIDES##* }

# --- cleanup -------------------------------------------------------------
TMP=""
PIDS=""

cleanup() {
	for p in $PIDS; do stop "$p"; done
	[ -n "$TMP" ] && rm -rf "$TMP"
	[ "$STORE" != pg ] || psql -q "$SMALLRUN_TEST_PG" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || :
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP PIPE

TMP=$(mktemp -d "${TMPDIR:-/tmp}/smallrun-$NAME.XXXXXX")
mkdir -p "$OUT" "$TMP/ep" "$TMP/res"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# --- seed ----------------------------------------------------------------
SEED_DB=$TMP/seed.db
timeout 120 "$SEED" --db "$SEED_DB" >"$TMP/seed.out" 2>"$TMP/seed.err" ||
	die "seeding failed: $(cat "$TMP/seed.err")"
SEED_LINE=$(grep '^SEED ' "$TMP/seed.out")
COUNTS_LINE=$(sed -n 's/^COUNTS //p' "$TMP/seed.out")
DB_KIB=$(($(wc -c <"$SEED_DB") / 1024))

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

# q SQL: one value from the seeded database.
q() {
	sqlite3 "$SEED_DB" "$1"
}

# pick KEY: a value from the seeder's PICK lines.
pick() {
	tr ' ' '\n' <"$TMP/seed.out" | sed -n "s/^$1=//p" | head -n 1
}

# --- what to ask for -----------------------------------------------------
TRACE_IDS=$(pick trace_batches | tr ',' ' ') # the 8 batches with most sales
CUSTOMER=$(pick customer_typical)            # the median number of purchases
PRODUCT=$(pick product)                      # the product with most batches
LOT=$(pick lot)                              # the lot in most batches
if [ -z "$TRACE_IDS" ] || [ -z "$CUSTOMER" ] || [ -z "$PRODUCT" ] || [ -z "$LOT" ]; then
	die "the seeder printed no picks: $(cat "$TMP/seed.out")"
fi
BATCH=${TRACE_IDS%% *}
PRODUCT_NAME=$(q "SELECT name FROM products WHERE id = $PRODUCT")
ORDER_PRODUCT=$(q "SELECT product_id FROM orders WHERE product_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
MATERIAL=$(q "SELECT material_id FROM batch_materials WHERE lot = '$LOT' ORDER BY id LIMIT 1")
TE_ORDER=$(q "SELECT order_id FROM time_entries WHERE order_id IS NOT NULL ORDER BY id LIMIT 1")
SALE_ORDER=$(q "SELECT order_id FROM sales WHERE order_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
NCUSTOMERS=$(q "SELECT max(id) FROM customers") # the create's rows come after
# Dates: the data set's "today" is 2025-11-27.
RECENT=2025-11-01     # from: the last weeks
EARLY=2025-01-31      # to: the first month
MONTH_FROM=2025-06-01 # from and to: one month
MONTH_TO=2025-06-30

# --- the best SQL --------------------------------------------------------
# For each endpoint, the least SQL that returns everything its answer
# holds, written for exactly the request: only the filters given, as in
#   SELECT … FROM sales AS t WHERE t.customer_id = ?1
#   ORDER BY t.sold_on DESC, t.id DESC LIMIT ?2 OFFSET ?3
# with the same bound values. Lists return the resource's columns (those
# lib/resource.c computes, as its expressions), in its order, and their
# total (a count with the same filters); a get its row by id. The
# descriptions come from the seeder (bench-seed --print-sql), so they stay
# in step with lib/resource.c. What the server may do in C with rows it has
# read (grouping a trace's customers, nesting stock's batches under their
# products, adding up storage) it is not given SQL for.
"$SEED" --print-sql >"$TMP/res.txt" || die "$SEED --print-sql failed"

# res_line KIND RESOURCE: that line of the descriptions.
res_line() {
	sed -n "s/^$1 $2 //p" "$TMP/res.txt"
}

# lit TYPE OP VALUE: VALUE as the SQL literal the server binds (a date
# given to an instant filter is the day's first second, or last for <=).
lit() {
	case $1 in
	int) echo "$3" ;;
	instant)
		case $3 in
		????-??-??) [ "$2" = "<=" ] && echo "'${3}T23:59:59Z'" || echo "'${3}T00:00:00Z'" ;;
		*) echo "'$3'" ;;
		esac
		;;
	*) printf "'%s'\n" "$(printf '%s' "$3" | sed "s/'/''/g")" ;;
	esac
}

# urlenc TEXT: TEXT percent-encoded for a query string.
urlenc() {
	printf '%s' "$1" | awk 'BEGIN { for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i }
		{ s = s (NR > 1 ? "\n" : "") $0 }
		END { for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			printf "%s", (c ~ /[A-Za-z0-9._~-]/) ? c : sprintf("%%%02X", ord[c]) } }'
}

# Each endpoint NAME has, in $TMP/ep: NAME.paths (the requests, which wrk
# takes in turn), NAME.sql (for each request in the same order, the
# reference: .parameter lines and one statement a line, then a line
# "#END"), NAME.desc (for the table) and NAME.kind (list, get, trace,
# stock, page, none or create). ENDPOINTS lists them in table order.
ENDPOINTS=""

# endpoint NAME KIND DESC: start one (skipped unless it matches BENCH_ONLY).
endpoint() {
	EP=$TMP/ep/$1
	if [ -n "$ONLY" ] && ! echo "$1" | grep -Eq -- "$ONLY"; then
		EP=/dev/null
		return 0
	fi
	ENDPOINTS="$ENDPOINTS $1"
	echo "$2" >"$EP.kind"
	echo "$3" >"$EP.desc"
	: >"$EP.paths"
	: >"$EP.sql"
}

# add PATH [LINES...]: one request of the current endpoint and its SQL;
# then the lines in $TMP/lines, if that exists (it is used up).
add() {
	[ "$EP" != /dev/null ] || { rm -f "$TMP/lines"; return 0; }
	echo "$1" >>"$EP.paths"
	shift
	for line in "$@"; do echo "$line"; done >>"$EP.sql"
	if [ -e "$TMP/lines" ]; then
		cat "$TMP/lines" >>"$EP.sql"
		rm -f "$TMP/lines"
	fi
	echo "#END" >>"$EP.sql"
}

# list_sql RESOURCE OFFSET NAME=VALUE...: the lines of a list's reference.
list_sql() {
	r=$1 off=$2 n=0 conds=""
	shift 2
	echo ".parameter clear"
	for nv in "$@"; do
		name=${nv%%=*}
		spec=$(sed -n "s/^FILTER $r $name //p" "$TMP/res.txt")
		[ -n "$spec" ] || die "$r has no filter $name (bench-seed --print-sql)"
		col=${spec%% *} op=${spec#* }
		type=${op#* } op=${op%% *}
		n=$((n + 1))
		printf '.parameter set ?%s "%s"\n' "$n" "$(lit "$type" "$op" "${nv#*=}")"
		conds="$conds${conds:+ AND }$col $op ?$n"
	done
	where=${conds:+ WHERE $conds}
	printf '.parameter set ?%s %s\n.parameter set ?%s %s\n' $((n + 1)) "$PAGE" $((n + 2)) "$off"
	echo "$(res_line COLUMNS "$r")$where ORDER BY $(res_line ORDER "$r") LIMIT ?$((n + 1)) OFFSET ?$((n + 2));"
	echo "SELECT count(*) FROM $(res_line TABLE "$r") AS t$where;"
}

# list NAME RESOURCE OFFSET NAME=VALUE...: a list endpoint (offset 0: the
# first page, no limit or offset in the URL, as the app asks for it).
list() {
	name=$1 r=$2 off=$3
	shift 3
	qs=""
	for nv in "$@"; do
		qs="$qs${qs:+&}${nv%%=*}=$(urlenc "${nv#*=}")"
	done
	[ "$off" = 0 ] || qs="$qs${qs:+&}limit=$PAGE&offset=$off"
	endpoint "$name" list "GET /api/v1/$r${qs:+?$qs}"
	list_sql "$r" "$off" "$@" >"$TMP/lines"
	add "/api/v1/$r${qs:+?$qs}"
}

# get NAME RESOURCE: GET by id, 100 ids spread over the table in turn.
get() {
	total=$(q "SELECT count(*) FROM $(res_line TABLE "$2")")
	endpoint "$1" get "GET /api/v1/$2/{id} ($((total < 100 ? total : 100)) ids)"
	sel="$(res_line COLUMNS "$2") WHERE t.id = ?1;"
	q "SELECT id FROM $(res_line TABLE "$2") ORDER BY id" |
		awk -v n="$total" 'n <= 100 || (NR - 1) % int(n / 100) == 0' | head -n 100 |
		while read -r id; do
			add "/api/v1/$2/$id" ".parameter set ?1 $id" "$sel"
		done
}

# resource RESOURCE NAME=VALUE... [-- NAME=VALUE...]: its endpoints: the
# first page, each filter alone (every filter it has must be given), the
# filters after -- together, a deep page (the last) when it has more than
# a page, and a get by id.
resource() {
	# (list and get set r, name, nv and total as they go: names of our own)
	res=$1 given=""
	shift
	list "$res.list" "$res" 0
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		list "$res.${1%%=*}" "$res" 0 "$1"
		given="$given ${1%%=*} "
		shift
	done
	for f in $(sed -n "s/^FILTER $res \([^ ]*\) .*/\1/p" "$TMP/res.txt"); do
		case $given in *" $f "*) ;; *) die "$res has a filter $f this script gives no value for" ;; esac
	done
	if [ $# -gt 0 ]; then
		shift
		combo=""
		for pair in "$@"; do combo="$combo${combo:++}${pair%%=*}"; done
		list "$res.$combo" "$res" 0 "$@"
	fi
	rows=$(q "SELECT count(*) FROM $(res_line TABLE "$res")")
	[ "$rows" -le "$PAGE" ] || list "$res.deep" "$res" $((rows - PAGE))
	get "$res.get" "$res"
}

# What trace_one() in lib/trace.c needs of one batch: the batch, its
# product's id and name, its material uses and its sales with their
# customers (the last two as lib/store-sqlite.c's named_sql[] has them;
# they are already written for exactly this). The customers, each once
# with their quantity, come from the sales rows.
BATCH_GET="$(res_line COLUMNS batches) WHERE t.id = ?1;"
TRACE_PRODUCT="SELECT id, name FROM products WHERE id = ?2;"
TRACE_MATERIALS="SELECT bm.id, bm.material_id, m.name AS material_name, m.unit, bm.quantity, bm.lot FROM batch_materials bm JOIN materials m ON m.id = bm.material_id WHERE bm.batch_id = ?1 ORDER BY bm.id;"
TRACE_SALES="SELECT s.id AS sale_id, s.sold_on, s.quantity, s.price, s.order_id, c.id AS customer_id, c.name AS customer_name, c.email, c.phone FROM sales s LEFT JOIN customers c ON c.id = s.customer_id WHERE s.batch_id = ?1 ORDER BY s.sold_on, s.id;"
TRACE_CODE="SELECT id FROM batches WHERE code = ?3;"
TRACE_LOT="SELECT DISTINCT batch_id FROM batch_materials WHERE lot = ?3 ORDER BY batch_id;"

# trace_sql BATCH_ID: the reference lines of one batch's trace.
trace_sql() {
	echo ".parameter set ?1 $1"
	echo ".parameter set ?2 $(q "SELECT product_id FROM batches WHERE id = $1")"
	echo "$BATCH_GET"
	echo "$TRACE_PRODUCT"
	echo "$TRACE_MATERIALS"
	echo "$TRACE_SALES"
}

# Stock: per product its name, storage per unit and stock left, with its
# batches that have some; the materials at or under their reorder level;
# storage used and capacity. Every batch's stock is made - rejected - sold
# (one pass over the sales, from the covering index sales_batch_quantity);
# the products' totals and the storage are sums of those rows.
# (The reference runs on the "after" binary's schema: from migration 0008
# a batch keeps its sold quantity, kept by triggers, and the best SQL
# reads it; on an older schema it sums the sales.)
cp "$SEED_DB" "$TMP/schema.db"
"$BIN" stock --db "$TMP/schema.db" >/dev/null 2>&1 || :
if sqlite3 "$TMP/schema.db" "SELECT sold_qty FROM batches LIMIT 1" >/dev/null 2>&1; then
	BATCH_AVAIL="b.made_qty - b.rejected_qty - b.sold_qty"
else
	BATCH_AVAIL="b.made_qty - b.rejected_qty - coalesce((SELECT sum(s.quantity) FROM sales s WHERE s.batch_id = b.id), 0)"
fi
STOCK_BATCHES="SELECT b.id AS batch_id, b.code, b.product_id, b.run_date, b.best_before, $BATCH_AVAIL AS available FROM batches b"
STOCK_ORDER="ORDER BY b.product_id, b.run_date, b.id"
STOCK_PRODUCTS="SELECT id AS product_id, name, storage_per_unit FROM products ORDER BY name;"
STOCK_MATERIALS="SELECT id AS material_id, name, unit, on_hand, reorder_level FROM materials WHERE on_hand <= reorder_level ORDER BY name;"
STOCK_CAPACITY="SELECT storage_capacity FROM settings WHERE id = 1;"
# A page of stock reads only the batches on it; what else it needs
# depends on what the answer holds (stock_page_sql, once it is known).
STOCK_PAGE="$STOCK_BATCHES WHERE available > 0 $STOCK_ORDER LIMIT ?1 OFFSET ?2;"
STOCK_COUNT="SELECT count(*) FROM batches b WHERE $BATCH_AVAIL > 0;"
STOCK_TOTALS="SELECT p.id AS product_id, p.name, p.storage_per_unit, coalesce(sum(x.avail), 0) AS available, coalesce(sum(max(x.avail, 0)), 0) * p.storage_per_unit AS stored FROM products p LEFT JOIN (SELECT b.product_id, $BATCH_AVAIL AS avail FROM batches b) x ON x.product_id = p.id GROUP BY p.id ORDER BY p.name;"
STOCK_STORAGE="SELECT coalesce(sum(x.avail * p.storage_per_unit), 0) AS used FROM (SELECT b.product_id, $BATCH_AVAIL AS avail FROM batches b) x JOIN products p ON p.id = x.product_id WHERE x.avail > 0;"

# The endpoints, in table order.
endpoint questions none "GET /api/v1/questions (no database)"
add /api/v1/questions

resource products "name=$PRODUCT_NAME" mode=batch retired=1 -- "name=$PRODUCT_NAME" mode=batch
resource customers
resource suppliers "name=$(q "SELECT name FROM suppliers ORDER BY id LIMIT 1")"
resource orders status=accepted "customer_id=$CUSTOMER" "product_id=$ORDER_PRODUCT" \
	due_after=2025-12-01 "due_before=$EARLY" -- status=accepted due_before=2025-12-31
resource batches "product_id=$PRODUCT" status=done \
	"code=$(q "SELECT code FROM batches WHERE id = $BATCH")" "from=$RECENT" "to=$EARLY" \
	-- "product_id=$PRODUCT" status=done
resource materials supplier_id=1
resource batch-materials "batch_id=$BATCH" "material_id=$MATERIAL" "lot=$LOT" \
	-- "material_id=$MATERIAL" "lot=$LOT"
resource time-entries "order_id=$TE_ORDER" "batch_id=$BATCH" worker=sam "from=$RECENT" \
	"to=$EARLY" -- "from=$MONTH_FROM" "to=$MONTH_TO"
resource sales "product_id=$PRODUCT" "customer_id=$CUSTOMER" "batch_id=$BATCH" \
	"order_id=$SALE_ORDER" "from=$RECENT" "to=$EARLY" -- "from=$MONTH_FROM" "to=$MONTH_TO"
resource days-off from=2025-08-01 to=2025-05-31 -- from=2025-08-01 to=2025-08-31

endpoint trace.batch trace "GET /api/v1/batches/{id}/trace ($(echo $TRACE_IDS | wc -w) ids)"
for b in $TRACE_IDS; do
	trace_sql "$b" >"$TMP/lines"
	add "/api/v1/batches/$b/trace" ".parameter clear"
done
endpoint trace.code trace "GET /api/v1/trace?code=… (the same $(echo $TRACE_IDS | wc -w) batches)"
for b in $TRACE_IDS; do
	code=$(q "SELECT code FROM batches WHERE id = $b")
	trace_sql "$b" >"$TMP/lines"
	add "/api/v1/trace?code=$(urlenc "$code")" ".parameter clear" \
		".parameter set ?3 \"'$code'\"" "$TRACE_CODE"
done
LOT_BATCHES=$(q "SELECT DISTINCT batch_id FROM batch_materials WHERE lot = '$LOT' ORDER BY batch_id")
endpoint trace.lot trace "GET /api/v1/trace?lot=$LOT ($(echo $LOT_BATCHES | wc -w) batches)"
for b in $LOT_BATCHES; do trace_sql "$b"; done >"$TMP/lines"
add "/api/v1/trace?lot=$(urlenc "$LOT")" ".parameter clear" \
	".parameter set ?3 \"'$LOT'\"" "$TRACE_LOT"

endpoint stock stock "GET /api/v1/stock"
add /api/v1/stock "$STOCK_PRODUCTS" "$STOCK_BATCHES $STOCK_ORDER;" \
	"$STOCK_MATERIALS" "$STOCK_CAPACITY"
# The paged form's SQL is written once an answer shows what it holds.
# A second page of 50, so that it differs from the whole (or default) answer.
STOCK_LIMIT=50
STOCK_OFFSET=50
endpoint stock.page page "GET /api/v1/stock?limit=$STOCK_LIMIT&offset=$STOCK_OFFSET"
[ "$EP" = /dev/null ] || echo "/api/v1/stock?limit=$STOCK_LIMIT&offset=$STOCK_OFFSET" >"$EP.paths"

endpoint customers.create create "POST /api/v1/customers"
add /api/v1/customers

[ -n "$ENDPOINTS" ] || die "BENCH_ONLY='$ONLY' matches no endpoint"

# stock_page_sql BODY LIMIT OFFSET: the reference of a page of stock from
# what the answer BODY holds besides its batches.
stock_page_sql() {
	echo ".parameter set ?1 $2"
	echo ".parameter set ?2 $3"
	echo "$STOCK_PAGE"
	grep -q '"total": *[0-9]' "$1" && echo "$STOCK_COUNT"
	if grep -q '"products": *[[{]' "$1"; then
		echo "$STOCK_TOTALS" # the storage too, in the same pass
	elif grep -q '"storage": *[[{]' "$1"; then
		echo "$STOCK_STORAGE"
	fi
	grep -q '"storage": *[[{]' "$1" && echo "$STOCK_CAPACITY"
	grep -q '"low_materials": *[[{]' "$1" && echo "$STOCK_MATERIALS"
	echo "#END"
}

# --- the databases and the servers ---------------------------------------
# Each binary serves its own copy (the create writes, and a newer binary
# may migrate it); the reference runs on a copy of the "after" binary's,
# taken once it has opened it, so it has the same schema and indexes.
# pg_load URI: the seeded rows, as they are (ids, codes, sold_qty), into
# the new database URI, which smallrun has migrated: each table's rows as
# INSERTs from sqlite3, in one transaction with triggers and foreign keys
# off (session_replication_role: the rows are consistent already, and the
# sales trigger would count sold_qty twice), then each id sequence moved
# past the highest id. The rows are the database's first workshop's (its
# workshops row is migration 0017's; each row's workshop_id the setting's
# default), loaded as PG_ADMIN_URI's superuser.
pg_load() {
	{
		echo "BEGIN; SET session_replication_role = replica;"
		echo "SELECT set_config('smallrun.workshop', '1', true);"
		echo "DELETE FROM settings;"
		for t in $(sqlite3 "$SEED_DB" "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('workshops', 'login_throttle') ORDER BY name"); do
			sqlite3 -header "$SEED_DB" ".mode insert $t" "SELECT * FROM $t"
		done
		sqlite3 "$SEED_DB" "SELECT 'SELECT setval(pg_get_serial_sequence(''' || name || ''', ''id''), (SELECT coalesce(max(id), 0) + 1 FROM ' || name || '), false);' FROM sqlite_schema WHERE type = 'table' AND name NOT IN ('settings', 'sample', 'workshops', 'login_throttle') AND name NOT LIKE 'sqlite_%'"
		echo "COMMIT; ANALYZE;"
	} | timeout 600 psql -q -v ON_ERROR_STOP=1 "$PG_ADMIN_URI" >"$TMP/pg-load.out" 2>&1 ||
		die "copying the seeded rows into PostgreSQL failed: $(tail -n 5 "$TMP/pg-load.out")"
}

# db SIDE: where that side's records are (a file, or the PostgreSQL URI).
db() {
	if [ "$1" = pg ]; then echo "$PG_URI"; else echo "$TMP/$1.db"; fi
}

# side_sql SIDE SQL: run SQL on that side's database.
side_sql() {
	if [ "$1" = pg ]; then
		# The first workshop's rows (row-level security: doc/HOSTED.md).
		PGOPTIONS="-c smallrun.workshop=1" \
			psql -q -v ON_ERROR_STOP=1 "$PG_URI" -c "$2" >/dev/null
	else
		sqlite3 "$TMP/$1.db" ".timeout 10000" "$2"
	fi
}

for s in $SIDES; do
	if [ "$s" = pg ]; then
		psql -q -v ON_ERROR_STOP=1 "$SMALLRUN_TEST_PG" \
			-c "CREATE DATABASE $PG_DB TEMPLATE template0 LOCALE 'C' ENCODING 'UTF8'" >/dev/null ||
			die "cannot create the database $PG_DB"
		# smallrun makes the schema (its migrations), then the rows go in.
		"$BIN" settings show --db "$PG_URI" >/dev/null 2>"$TMP/pg.err" ||
			die "smallrun cannot open $PG_URI: $(cat "$TMP/pg.err")"
		pg_load "$PG_URI"
	else
		cp "$SEED_DB" "$TMP/$s.db"
	fi
	eval "bin=\$$([ "$s" = before ] && echo BIN_BEFORE || echo BIN)"
	start_smallrun "$s" "$bin" "$(db "$s")"
	PIDS="$PIDS $STARTED_PID"
	[ -n "$STARTED_URL" ] ||
		die "the $s binary ($bin) did not start on the seeded database: $(cat "$TMP/$s.err")" \
			"(a seeder from a newer tree makes a schema an older binary refuses: seed with the older tree's bench-seed)"
	eval "PID_$s=$STARTED_PID URL_$s=$STARTED_URL BIN_$s=\$bin"
done
REF_DB=$TMP/ref.db
sqlite3 "$TMP/$([ "$STORE" = pg ] && echo sqlite || echo after).db" ".timeout 10000" ".backup '$REF_DB'" ||
	die "cannot copy the database for the reference"

# pid SIDE / url SIDE
pid() { eval "echo \$PID_$1"; }
url() { eval "echo \$URL_$1"; }

# cpu_pids SIDE: the processes whose CPU a request costs: the server, and
# on side pg the PostgreSQL backends serving its connections too.
cpu_pids() {
	echo "$(pid "$1")"
	[ "$1" != pg ] || psql -At "$SMALLRUN_TEST_PG" -c "SELECT pid FROM pg_stat_activity WHERE datname = '$PG_DB' AND application_name = 'smallrun'"
}

# stmt N FILE: the dot lines and the N-th statement of the first request.
stmt() {
	awk -v n="$1" '/^#END/ { exit } /^\./ { print; next } ++k == n' "$2"
}

# ref N ENDPOINT: what the N-th statement of its first request returns.
ref() {
	stmt "$1" "$TMP/ep/$2.sql" | sqlite3 -bail "$REF_DB"
}

# Every path answers 200 (the create 201), and answers what the reference
# does. NA_SIDE_NAME marks an endpoint a binary does not serve (a paged
# stock it refuses or answers whole).
for s in $SIDES; do
	u=$(url "$s")
	for e in $ENDPOINTS; do
		kind=$(cat "$TMP/ep/$e.kind")
		first=yes
		while read -r path; do
			if [ "$kind" = create ]; then
				code=$(curl -sS --max-time 10 -o "$TMP/body" -w '%{http_code}' \
					-X POST -H 'Content-Type: application/json' \
					--data-binary '{"name":"Check customer"}' "$u$path") || code=none
				want=201
			else
				code=$(curl -sS --max-time 30 -o "$TMP/body" -w '%{http_code}' "$u$path") || code=none
				want=200
			fi
			if [ "$kind" = page ] && { [ "$code" = 400 ] || { [ "$code" = 200 ] &&
				! grep -q '"total": *[0-9]' "$TMP/body"; }; }; then
				echo "$code" >"$TMP/ep/$e.na-$s"
				break
			fi
			[ "$code" = "$want" ] || die "$s: $path answered $code, not $want: $(head -c 300 "$TMP/body")"
			[ -z "$first" ] || cp "$TMP/body" "$TMP/ep/$e.body-$s"
			first=""
		done <"$TMP/ep/$e.paths"
		[ -e "$TMP/ep/$e.na-$s" ] && continue
		body=$TMP/ep/$e.body-$s
		wc -c <"$body" | tr -d ' ' >"$TMP/ep/$e.bytes-$s"
		case $kind in
		list)
			api=$(grep -o '"id": *[0-9]*' "$body" | tr -dc '0-9\n' | tr '\n' ' ')
			sql=$(ref 1 "$e" | cut -d'|' -f1 | tr '\n' ' ')
			[ "$api" = "$sql" ] ||
				die "$s: $e: the server's ids ($api) are not the reference's ($sql)"
			api=$(sed -n 's/.*"total": *\([0-9]*\).*/\1/p' "$body")
			sql=$(ref 2 "$e")
			[ "$api" = "$sql" ] || die "$s: $e: the server says total $api, the reference $sql"
			echo "$api" >"$TMP/ep/$e.rows"
			;;
		trace)
			api=$(grep -o '"sale_id": *[0-9]' "$body" | wc -l)
			sql=$(grep -v '^#END' "$TMP/ep/$e.sql" | awk '/^\.parameter clear/ && n++ { exit } 1' |
				sed "s/^SELECT s.id AS sale_id/SELECT 'SALE', s.id AS sale_id/" | sqlite3 -bail "$REF_DB" | grep -c '^SALE|' || :)
			[ "$api" = "$sql" ] || die "$s: $e: the server lists $api sales, the reference $sql"
			echo "$api sales" >"$TMP/ep/$e.rows"
			;;
		stock)
			api=$(grep -o '"batch_id": *[0-9]' "$body" | wc -l)
			sql=$(sqlite3 "$REF_DB" "SELECT count(*) FROM ($STOCK_BATCHES) WHERE available > 0")
			# A paged answer (its first page of $PAGE by default) is
			# measured against the SQL of that page, not of them all.
			if grep -q '"total": *[0-9]' "$body"; then
				[ "$sql" -le "$PAGE" ] || sql=$PAGE
				stock_page_sql "$body" "$PAGE" 0 >"$TMP/ep/$e.sql"
			fi
			[ "$api" = "$sql" ] || die "$s: $e: the server lists $api batches, the reference $sql"
			echo "$api batches" >"$TMP/ep/$e.rows"
			;;
		page)
			api=$(grep -o '"batch_id": *[0-9]' "$body" | wc -l)
			[ "$api" -le "$STOCK_LIMIT" ] || die "$s: $e: $api batches on a page of $STOCK_LIMIT"
			if [ ! -s "$TMP/ep/$e.sql" ]; then
				stock_page_sql "$body" "$STOCK_LIMIT" "$STOCK_OFFSET" >"$TMP/ep/$e.sql"
				echo "$api batches" >"$TMP/ep/$e.rows"
			fi
			;;
		esac
	done
done
# The check's own customers go again (as after every create run).
for s in $SIDES; do
	side_sql "$s" "DELETE FROM customers WHERE id > $NCUSTOMERS"
done

# na ENDPOINT SIDE: true if SIDE does not serve ENDPOINT.
na() {
	[ -e "$TMP/ep/$1.na-$2" ]
}

# --- the reference -------------------------------------------------------
# sql_ms ENDPOINT: the mean CPU time (user + sys, from .timer: its
# statements' preparing, running and printing to /dev/null) the sqlite3
# CLI spends on SQL_RUNS of its requests, taken in turn as wrk takes them;
# one process, so the page cache and the schema are warm as in the server.
sql_ms() {
	[ -s "$TMP/ep/$1.sql" ] || return 0
	awk -v runs="$SQL_RUNS" -v kf="$TMP/ref.k" '
		BEGIN { n = 0; print ".timer on"; print ".output /dev/null" }
		/^#END/ { n++; next }
		{ blk[n] = blk[n] $0 "\n"; if (!/^\./) k[n]++ }
		END { if (!n) exit 1; t = 0; for (i = 0; i < runs; i++) { printf "%s", blk[i % n]; t += k[i % n] }
			print t > kf }' "$TMP/ep/$1.sql" >"$TMP/ref.sql"
	timeout 600 sqlite3 -bail "$REF_DB" <"$TMP/ref.sql" >"$TMP/ref.out" 2>&1 ||
		die "sqlite3 failed on the $1 reference: $(head -n 5 "$TMP/ref.out")"
	awk -v want="$(cat "$TMP/ref.k")" -v runs="$SQL_RUNS" -v e="$1" '
		/^Run Time/ { t += $6 + $8; n++ }
		END { if (n != want) { printf "%s: %d timings for %d statements\n", e, n, want > "/dev/stderr"; exit 1 }
			printf "%.4f\n", t * 1000 / runs }' "$TMP/ref.out"
}

# The fsync'd create, as the sqlite3 CLI does it: mean wall time of
# SQL_RUNS transactions (.timer rounds wall time to milliseconds), on a
# copy of the reference so that the reference itself stays as seeded.
create_ms() {
	cp "$REF_DB" "$TMP/create.db"
	{
		echo "PRAGMA journal_mode = WAL;"
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
	timeout 300 sqlite3 "$TMP/create.db" <"$TMP/create.sql" >/dev/null
	t1=$(date +%s%N)
	rm -f "$TMP"/create.db*
	awk -v ns=$((t1 - t0)) -v n="$SQL_RUNS" 'BEGIN { printf "%.3f\n", ns / n / 1e6 }'
}

# --- runs ----------------------------------------------------------------
RUNS=$OUT/$NAME-runs.txt
: >"$RUNS"

# run_wrk SIDE ENDPOINT CONNECTIONS SECONDS: one wrk run; its BENCH line.
run_wrk() {
	c=$3
	t=$((c < 2 ? c : 2))
	if [ "$(cat "$TMP/ep/$2.kind")" = create ]; then
		export BENCH_CREATE=customers
	else
		unset BENCH_CREATE
	fi
	BENCH_PATHS=$TMP/ep/$2.paths timeout -k 5 $(($4 + 60)) wrk -t "$t" -c "$c" -d "${4}s" \
		--timeout 10s --latency -s bench/records.lua "$(url "$1")" >"$TMP/wrk.out" 2>&1 ||
		die "wrk on $1 $2 failed: $(cat "$TMP/wrk.out")"
	grep '^BENCH ' "$TMP/wrk.out" ||
		die "wrk on $1 $2 printed no BENCH line: $(cat "$TMP/wrk.out")"
}

# settle SIDE: wait (up to 60 s) until its server uses under 5% of a CPU,
# so that requests still queued when a wrk run stops (a slow endpoint at
# 32 connections leaves seconds of them) are counted in its CPU and do not
# run into the next run.
settle() {
	p=$(cpu_pids "$1")
	i=0
	while [ $i -lt 120 ]; do
		a=$(cpu_ticks $p)
		sleep 0.5
		b=$(cpu_ticks $p)
		[ $(((b - a) * 40)) -le "$CLK_TCK" ] && return 0
		i=$((i + 1))
	done
}

NE=$(echo $ENDPOINTS | wc -w)
NC=$(echo $CONNS | wc -w)
NSIDES=$(echo $SIDES | wc -w)
NRUNS=0
for e in $ENDPOINTS; do
	for s in $SIDES; do na "$e" "$s" || NRUNS=$((NRUNS + 1)); done
done
# About 1.3 s a run besides its length (wrk, settling), 2 s to warm each
# endpoint up, and a few seconds of SQL per endpoint and repeat.
ETA=$(((NRUNS * (REPEAT * NC * (SECS * 10 + 13) + 20) + NE * REPEAT * 30) / 600))
echo "$NE endpoints on $NSIDES binar$([ "$NSIDES" = 1 ] && echo y || echo ies);" \
	"$REPEAT x ${SECS}s at $CONNS connections: about $ETA minutes"

# Warm every endpoint up (page cache, allocator, threads); not recorded.
for e in $ENDPOINTS; do
	[ "$(cat "$TMP/ep/$e.kind")" = create ] && continue
	for s in $SIDES; do
		na "$e" "$s" || { run_wrk "$s" "$e" 2 1 >/dev/null && settle "$s"; }
	done
done

READS=$(for e in $ENDPOINTS; do [ "$(cat "$TMP/ep/$e.kind")" = create ] || echo "$e"; done)
CREATES=$(for e in $ENDPOINTS; do [ "$(cat "$TMP/ep/$e.kind")" != create ] || echo "$e"; done)
nreads=$(echo "$READS" | grep -c . || :)
turn=0
r=1
while [ "$r" -le "$REPEAT" ]; do
	# Rotate the order of the reads by one on every repeat.
	order=""
	if [ "$nreads" -gt 0 ]; then
		k=$(((r - 1) % nreads))
		order=$( (echo "$READS" | tail -n $((nreads - k)); [ $k = 0 ] || echo "$READS" | head -n $k) | grep .)
	fi
	for c in $CONNS; do
		for e in $order $CREATES; do
			# The binaries take turns; which goes first swaps each time.
			turn=$((turn + 1))
			sides=$SIDES
			[ $((turn % 2)) = 0 ] && sides=$(echo $SIDES | awk '{ for (i = NF; i; i--) printf "%s ", $i }')
			for s in $sides; do
				na "$e" "$s" && continue
				p=$(cpu_pids "$s")
				t0=$(cpu_ticks $p)
				line=$(run_wrk "$s" "$e" "$c" "$SECS")
				settle "$s"
				t1=$(cpu_ticks $p)
				[ "$(field "$line" status)" = 0 ] ||
					die "$s: $e answered $(field "$line" status) non-2xx responses at $c connections"
				# The server's CPU time per answered request: on a shared
				# machine, wall time also counts waiting for a CPU.
				cpu=$(awk -v t=$((t1 - t0)) -v hz="$CLK_TCK" -v n="$(field "$line" requests)" \
					'BEGIN { printf "%.4f", (n > 0 ? t * 1000 / hz / n : 0) }')
				echo "$(field "$line" rps) $(field "$line" p50_us) $(field "$line" p99_us) $(errors "$line") $cpu" \
					>>"$TMP/res/$e-$s-$c"
				echo "$s $e c=$c run=$r $line cpu_ms=$cpu" >>"$RUNS"
				printf '  %-6s %-30s c=%-3s run %s: %9s req/s  p50 %7s us  p99 %8s us  CPU %7s ms/req\n' \
					"$s" "$e" "$c" "$r" "$(field "$line" rps)" "$(field "$line" p50_us)" \
					"$(field "$line" p99_us)" "$cpu"
				if [ "$(cat "$TMP/ep/$e.kind")" = create ]; then
					side_sql "$s" "DELETE FROM customers WHERE id > $NCUSTOMERS"
				fi
			done
		done
	done
	for e in $ENDPOINTS; do
		case $(cat "$TMP/ep/$e.kind") in
		none) continue ;;
		create) v=$(create_ms) ;;
		*) v=$(sql_ms "$e") ;;
		esac
		[ -n "$v" ] || continue
		echo "$v" >>"$TMP/res/$e-sql"
		echo "sqlite3 $e run=$r ms=$v" >>"$RUNS"
	done
	r=$((r + 1))
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
for s in $SIDES; do
	eval "HWM_$s=$(hwm "$(pid "$s")")"
	eval "THREADS_$s=$(awk '/^Threads:/ { print $2 }' "/proc/$(pid "$s")/status")"
done

# --- report --------------------------------------------------------------
FIRST_C=$(echo $CONNS | awk '{ print $1 }')
LAST_C=$(echo $CONNS | awk '{ print $NF }')

# med ENDPOINT SIDE CONNECTIONS COLUMN: the median, or empty.
med() {
	f=$TMP/res/$1-$2-$3
	[ -s "$f" ] && median "$f" "$4" || :
}

# ratio ENDPOINT SIDE: server CPU ÷ sqlite3 CPU, or empty.
ratio() {
	cpu=$(med "$1" "$2" "$FIRST_C" 5)
	[ -n "$cpu" ] && [ -s "$TMP/res/$1-sql" ] || return 0
	case $(cat "$TMP/ep/$1.kind") in none | create) return 0 ;; esac
	awk -v c="$cpu" -v s="$(median "$TMP/res/$1-sql" 1)" 'BEGIN { if (s > 0) printf "%.2f", c / s }'
}

# goals ENDPOINT SIDE: "ok", or what misses.
goals() {
	miss=""
	rt=$(ratio "$1" "$2")
	[ -z "$rt" ] || awk -v r="$rt" -v g="$GOAL_RATIO" 'BEGIN { exit !(r <= g) }' || miss="CPU"
	p99=$(med "$1" "$2" "$LAST_C" 3)
	[ -z "$p99" ] || [ "$p99" -lt $((GOAL_P99_MS * 1000)) ] || miss="$miss${miss:+, }p99"
	echo "${miss:-ok}"
}

# side_table SIDE: every endpoint's figures for one binary.
side_table() {
	s=$1
	printf '| endpoint | request | rows | body bytes |'
	for c in $CONNS; do printf ' c=%s req/s |' "$c"; done
	printf ' c=%s p50 / p99 ms | server CPU ms/req (c=%s) | sqlite3 CPU ms/req | server ÷ sqlite3 | goals |\n' "$LAST_C" "$FIRST_C"
	printf '|---|---|---:|---:|'
	for c in $CONNS; do printf -- '---:|'; done
	printf -- '---:|---:|---:|---:|---|\n'
	for e in $ENDPOINTS; do
		printf '| %s | `%s` | %s |' "$e" "$(cat "$TMP/ep/$e.desc")" "$(cat "$TMP/ep/$e.rows" 2>/dev/null || echo -)"
		if na "$e" "$s"; then
			printf ' n/a (%s) |' "$([ "$(cat "$TMP/ep/$e.na-$s")" = 400 ] && echo 400 || echo unpaged)"
			for c in $CONNS; do printf ' - |'; done
			sqlv=$([ -s "$TMP/res/$e-sql" ] && printf '%.3f' "$(median "$TMP/res/$e-sql" 1)" || echo -)
			printf ' - | - | %s | - | n/a %s |\n' "$sqlv" "$s"
			continue
		fi
		printf ' %s |' "$(cat "$TMP/ep/$e.bytes-$s")"
		for c in $CONNS; do printf ' %.0f |' "$(med "$e" "$s" "$c" 1)"; done
		printf ' %s / %s | %.3f |' "$(ms "$(med "$e" "$s" "$LAST_C" 2)")" "$(ms "$(med "$e" "$s" "$LAST_C" 3)")" \
			"$(med "$e" "$s" "$FIRST_C" 5)"
		if [ "$(cat "$TMP/ep/$e.kind")" = create ]; then
			printf ' %.3f (wall) | - |' "$(median "$TMP/res/$e-sql" 1)"
		elif [ -s "$TMP/res/$e-sql" ]; then
			printf ' %.3f | %s |' "$(median "$TMP/res/$e-sql" 1)" "$(ratio "$e" "$s")"
		else
			printf ' - | - |'
		fi
		printf ' %s |\n' "$(goals "$e" "$s")"
	done
}

# summary SIDE: the goals, counted.
summary() {
	n=0 cpu_ok=0 cpu_n=0 p99_ok=0
	for e in $ENDPOINTS; do
		na "$e" "$1" && continue
		n=$((n + 1))
		g=$(goals "$e" "$1")
		[ -z "$(ratio "$e" "$1")" ] || {
			cpu_n=$((cpu_n + 1))
			case $g in *CPU*) ;; *) cpu_ok=$((cpu_ok + 1)) ;; esac
		}
		case $g in *p99*) ;; *) p99_ok=$((p99_ok + 1)) ;; esac
	done
	eval "h=\$HWM_$1 th=\$THREADS_$1"
	echo "Goals, $1: server CPU within ${GOAL_RATIO}x of the best SQL on $cpu_ok of $cpu_n endpoints;" \
		"p99 under $GOAL_P99_MS ms at $LAST_C connection(s) on $p99_ok of $n;" \
		"peak RSS (VmHWM) over the run $((h / 1024)) MiB ($th threads), goal under $GOAL_RSS_MIB MiB:" \
		"$([ $((h / 1024)) -lt "$GOAL_RSS_MIB" ] && echo ok || echo missed)."
}

# arrow ENDPOINT CONNECTIONS COLUMN FORMAT: "before → after" (or
# "sqlite → pg").
arrow() {
	for s in $SIDES; do
		v=$(med "$1" "$s" "$2" "$3")
		if [ -z "$v" ]; then printf 'n/a'; else printf "$4" "$v"; fi
		[ $s = "$LAST_SIDE" ] || printf ' → '
	done
}

{
	for s in $(echo $SIDES | awk '{ for (i = NF; i; i--) print $i }'); do
		eval "b=\$BIN_$s"
		echo "### $s: \`$b\`"
		echo
		side_table "$s"
		echo
		summary "$s"
		echo
	done
	if [ "$NSIDES" = 2 ]; then
		echo "### $FIRST_SIDE → $LAST_SIDE"
		echo
		if [ "$STORE" = pg ]; then
			printf '| endpoint | server CPU ms/req (c=%s) | pg ÷ sqlite | server ÷ sqlite3 | c=%s p99 ms |' "$FIRST_C" "$LAST_C"
		else
			printf '| endpoint | server CPU ms/req (c=%s) | × less | server ÷ sqlite3 | c=%s p99 ms |' "$FIRST_C" "$LAST_C"
		fi
		for c in $CONNS; do printf ' c=%s req/s |' "$c"; done
		printf '\n|---|---:|---:|---:|---:|'
		for c in $CONNS; do printf -- '---:|'; done
		echo
		for e in $ENDPOINTS; do
			b=$(med "$e" "$FIRST_SIDE" "$FIRST_C" 5)
			a=$(med "$e" "$LAST_SIDE" "$FIRST_C" 5)
			# before → after: how many times less; sqlite → pg: the
			# ratio of pg's to sqlite's.
			if [ "$STORE" = pg ]; then
				x=$([ -n "$a" ] && [ -n "$b" ] && awk -v a="$a" -v b="$b" 'BEGIN { if (b > 0) printf "%.2f", a / b }' || echo -)
			else
				x=$([ -n "$a" ] && [ -n "$b" ] && awk -v a="$a" -v b="$b" 'BEGIN { if (a > 0) printf "%.1f", b / a }' || echo -)
			fi
			printf '| %s | %s | %s | %s → %s | %s |' "$e" "$(arrow "$e" "$FIRST_C" 5 %.3f)" "$x" \
				"$(ratio "$e" "$FIRST_SIDE" | grep . || echo n/a)" "$(ratio "$e" "$LAST_SIDE" | grep . || echo n/a)" \
				"$(for s in $SIDES; do v=$(med "$e" "$s" "$LAST_C" 3); [ -n "$v" ] && ms "$v" || printf n/a; [ $s = "$LAST_SIDE" ] || printf ' → '; done)"
			for c in $CONNS; do printf ' %s |' "$(arrow "$e" "$c" 1 %.0f)"; done
			echo
		done
		echo
	fi
	echo "Medians of $REPEAT runs of $SECS s per endpoint, connection count and binary;" \
		"wrk -t min(c,2) -c c --timeout 10s --latency, keep-alive, each request path of an" \
		"endpoint in turn; the binaries interleaved endpoint by endpoint." \
		"\"server CPU\": the server process's user + system time over a run at $FIRST_C" \
		"connection(s), until it is idle again, divided by the requests answered." \
		"\"sqlite3 CPU\": the best SQL for the same requests in the sqlite3 CLI on a copy of" \
		"the database, mean user + system time per request over $SQL_RUNS requests (the CLI" \
		"prepares each statement every time; the server prepares once), median over the" \
		"repeats; for the create, the mean wall time of $SQL_RUNS fsync'd transactions" \
		"(INSERT and read back), so no ratio. Goals: server ÷ sqlite3 at most $GOAL_RATIO," \
		"p99 under $GOAL_P99_MS ms at $LAST_C connections, peak RSS under $GOAL_RSS_MIB MiB." \
		"\"n/a (400)\" or \"n/a (unpaged)\": that binary refuses the paged stock, or answers it whole."
	errs=$(cat "$TMP"/res/*-*-* 2>/dev/null | awk '{ e += $4 } END { print e + 0 }')
	echo "Socket errors and timeouts over all runs: $errs; non-2xx: none."
	echo
	echo "Data set: $COUNTS_LINE (database $DB_KIB KiB). Seeded with SQL in one" \
		"transaction: $(echo "$SEED_LINE" | sed 's/.*records=\([0-9]*\) seconds=\([0-9.]*\) per_second=\([0-9]*\).*/\1 records in \2 s/')."
	if [ -n "$API_LINE" ]; then
		echo "The same at $API_SCALE% through the library API (sr_rec_create, one" \
			"fsync'd transaction each): $(echo "$API_LINE" | sed 's/.*records=\([0-9]*\) seconds=\([0-9.]*\) per_second=\([0-9]*\).*/\1 records in \2 s, \3 creates per second/');" \
			"its dump and the SQL-seeded one's are $SAME."
	fi
	echo "Asked for: customer $CUSTOMER (median purchases), product $PRODUCT ($PRODUCT_NAME, most batches)," \
		"product $ORDER_PRODUCT in orders (most ordered), batch $BATCH (most sales), material $MATERIAL" \
		"and lot $LOT (the lot in most batches), order $TE_ORDER (time entries), order $SALE_ORDER (sales)."
	echo "Load average before: $LOAD_BEFORE; after: $LOAD_AFTER."
	echo "$(machine), SQLite $(sqlite3 --version | cut -d' ' -f1); $(date -u +%Y-%m-%dT%H:%MZ)."
	if [ "$STORE" = pg ]; then
		echo "Side pg: the same binary on PostgreSQL $(psql -Atc 'SHOW server_version' "$PG_URI")" \
			"through a Unix socket on this machine (tests/pg-run.sh's server: fsync" \
			"$(psql -Atc 'SHOW fsync' "$PG_URI"), default settings otherwise), the seeded rows copied in as they are;" \
			"its \"server CPU\" is smallrun's and that of the PostgreSQL backends" \
			"serving smallrun's connections, together."
	fi
} >"$OUT/$NAME.md"

echo
cat "$OUT/$NAME.md"
echo
echo "written to $OUT/$NAME.md (every run: $RUNS)"
