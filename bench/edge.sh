#!/bin/sh
# edge.sh - the HTTP edge's three goals, for smallrun itself, in one run:
#
#   1. POST /api/v1/advice at 32 connections against nginx serving the same
#      bytes (bench/advice.sh, which alternates the two servers);
#   2. a new client's latency with 1,000 and with 10,000 idle or slow
#      connections open (bench/engines/idle.c);
#   3. the server's resident memory with 1,000 idle connections open.
#
#   bench/edge.sh
#   SMALLRUN_BIN_BEFORE=../before/build/smallrun bench/edge.sh
#
# Environment:
#   SMALLRUN_BIN         the binary (default build/smallrun)
#   SMALLRUN_BIN_BEFORE  an earlier binary measured the same way, in the same
#                        run, after this one (optional)
#   BENCH_SECONDS        length of each wrk run (default 5)
#   REPEAT               wrk runs per server, alternating (default 3)
#   IDLE_COUNTS          idle connection counts (default "1000 10000")
#
# Results go to stdout and bench/out/edge.md.
set -eu

cd "$(dirname "$0")/.."
PROG=bench/edge.sh
. bench/lib.sh

BIN=${SMALLRUN_BIN:-build/smallrun}
BEFORE=${SMALLRUN_BIN_BEFORE:-}
SECS=${BENCH_SECONDS:-5}
REPEAT=${REPEAT:-3}
IDLE_COUNTS=${IDLE_COUNTS:-1000 10000}
OUT=bench/out

[ -x "$BIN" ] || die "no smallrun binary at $BIN; build it (make)"
[ -z "$BEFORE" ] || [ -x "$BEFORE" ] || die "no binary at $BEFORE"
need cc "(Debian package gcc)"

TMP=""
SR_PID=""
cleanup() {
	[ -n "$SR_PID" ] && stop "$SR_PID"
	[ -n "$TMP" ] && rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP PIPE
TMP=$(mktemp -d "${TMPDIR:-/tmp}/smallrun-edge.XXXXXX")
mkdir -p "$OUT"
cc -O2 -o "$TMP/idle" bench/engines/idle.c || die "cannot build idle.c"

# advice NAME BIN: the 32-connection row of bench/advice.sh for BIN.
advice() {
	SMALLRUN_BIN=$2 BENCH_CONNECTIONS=32 BENCH_SECONDS=$SECS \
		REPEAT=$REPEAT bench/advice.sh >"$TMP/advice-$1.txt" 2>&1 ||
		die "bench/advice.sh failed for $2: $(tail -5 "$TMP/advice-$1.txt")"
	grep '^| 32 |' "$OUT/advice.md" | head -1 >"$TMP/advice-$1.row"
}

# idle NAME BIN: one line per idle count, as idle.c prints it.
idle() {
	: >"$TMP/idle-$1.txt"
	for n in $IDLE_COUNTS; do
		start_smallrun "idle-$1" "$2" "$TMP/idle-$1.db"
		SR_PID=$STARTED_PID
		[ -n "$STARTED_URL" ] || die "$2 did not start: $(cat "$TMP/idle-$1.err")"
		port=${STARTED_URL##*:}
		"$TMP/idle" -p "$SR_PID" -g /api/v1/questions "$port" "$n" >>"$TMP/idle-$1.txt" ||
			die "idle.c failed against $2"
		stop "$SR_PID"
		SR_PID=""
		rm -f "$TMP/idle-$1.db"*
	done
}

NAMES=after
[ -n "$BEFORE" ] && NAMES="after before"
for name in $NAMES; do
	b=$BIN
	[ "$name" = before ] && b=$BEFORE
	echo "$PROG: $name ($b): advice at 32 connections" >&2
	advice "$name" "$b"
	echo "$PROG: $name ($b): idle connections" >&2
	idle "$name" "$b"
done

# kv FILE N KEY: KEY's value on the line of FILE whose n= is N.
kv() {
	awk -v n="n=$2" -v k="$3=" '{ for (i = 1; i <= NF; i++) if ($i == n) hit = 1
		if (hit) { for (i = 1; i <= NF; i++) if (index($i, k) == 1) { print substr($i, length(k) + 1); exit } } }' "$1"
}

{
	echo "# The HTTP edge's goals"
	echo
	echo "\`SMALLRUN_BIN=$BIN${BEFORE:+ SMALLRUN_BIN_BEFORE=$BEFORE} BENCH_SECONDS=$SECS REPEAT=$REPEAT IDLE_COUNTS=\"$IDLE_COUNTS\" bench/edge.sh\`"
	echo
	machine
	echo
	echo "## POST /api/v1/advice at 32 connections, against nginx (goal: ≥ 0.8×)"
	echo
	echo "| binary | connections | smallrun req/s | nginx req/s | ratio | smallrun p50 / p99 (ms) | nginx p50 / p99 (ms) | new connection answered in (ms): smallrun / nginx |"
	echo "|---|---|---|---|---|---|---|---|"
	for name in $NAMES; do
		echo "| $name $(cat "$TMP/advice-$name.row")"
	done
	echo
	echo "## A new client with idle connections open (goal: answered within 50 ms with 10,000), and memory (goal: under 32 MiB with 1,000)"
	echo
	echo "| binary | idle connections | connected | server descriptors | probes answered | median ms | max ms | idle closed (silent / partial) | RSS before KiB | RSS with them open KiB |"
	echo "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|"
	for name in $NAMES; do
		f=$TMP/idle-$name.txt
		for n in $IDLE_COUNTS; do
			printf '| %s | %s | %s | %s | %s of %s | %s | %s | %s / %s | %s | %s |\n' \
				"$name" "$n" "$(kv "$f" "$n" connected)" \
				"$(kv "$f" "$n" server_fds)" "$(kv "$f" "$n" answered)" \
				"$(kv "$f" "$n" probes)" "$(kv "$f" "$n" median_ms)" \
				"$(kv "$f" "$n" max_ms)" "$(kv "$f" "$n" closed_silent)" \
				"$(kv "$f" "$n" closed_partial)" \
				"$(kv "$f" "$n" rss_before_kib)" "$(kv "$f" "$n" rss_open_kib)"
		done
	done
	echo
	echo "Each idle run starts the server afresh on an empty database; half the idle connections are silent, half sent a request line and a Host header but not the blank line. 50 probes, one after another, each a whole GET on a new connection, timed from connect() to the last byte."
} >"$OUT/edge.md"
cat "$OUT/edge.md"
