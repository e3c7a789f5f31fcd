#!/bin/sh
# advice.sh - load POST /api/v1/advice with wrk, side by side with nginx
# serving the same response bytes as a static file.
#
#   bench/advice.sh                      (or: make bench)
#   SMALLRUN_BIN=build/bench/smallrun BENCH_SECONDS=10 REPEAT=3 bench/advice.sh
#
# Environment:
#   SMALLRUN_BIN       the binary (default $BUILD/smallrun, BUILD=build; so
#                      `make BUILD=x bench` measures x/smallrun)
#   BENCH_SECONDS      length of each wrk run (default 10)
#   REPEAT             runs per point and server, alternating (default 3)
#   BENCH_CONNECTIONS  connection counts (default "1 32 128")
#   NGINX              the nginx binary (default /usr/sbin/nginx)
#
# Each point (connection count) is run REPEAT times for each server,
# alternating smallrun and nginx (and swapping which goes first on every
# repeat), so drift on a noisy machine hits both alike. Reported: median
# req/s and their ratio, median p50 and median p99 (exact percentiles from
# wrk's latency histogram, printed by bench/advice.lua), the server's CPU
# time per request, a fresh-connection probe, and the peak RSS (VmHWM) of
# the smallrun server after all runs. Results go to stdout and
# bench/out/advice.md; every single run to bench/out/advice-runs.txt.
#
# Everything listens on and talks to 127.0.0.1 only; every process and the
# temporary directory are cleaned up on exit; every step is bounded in time.
set -eu

cd "$(dirname "$0")/.."
PROG=bench/advice.sh
. bench/lib.sh

BIN=${SMALLRUN_BIN:-${BUILD:-build}/smallrun}
SECS=${BENCH_SECONDS:-10}
REPEAT=${REPEAT:-3}
CONNS=${BENCH_CONNECTIONS:-1 32 128}
NGINX=${NGINX:-/usr/sbin/nginx}
OUT=bench/out
NPROC=$(nproc)
BODY='{"answers":{"customization":"yes","under_an_hour":"no","ten_a_day":"yes","storage":"yes","values":"personal"}}'

# --- preconditions -------------------------------------------------------
need wrk "install it with: scripts/deps.sh bench (Debian package wrk)"
[ -x "$NGINX" ] ||
	die "nginx is missing ($NGINX); install it with: scripts/deps.sh bench (Debian package nginx-light)"
need curl "(Debian package curl)"
need timeout "(coreutils)"
[ -x "$BIN" ] || die "no smallrun binary at $BIN; build it (make) or set SMALLRUN_BIN"
whole BENCH_SECONDS "$SECS" 1
whole REPEAT "$REPEAT" 1

# --- cleanup -------------------------------------------------------------
TMP=""
SR_PID=""
NG_PID=""

cleanup() {
	[ -n "$SR_PID" ] && stop "$SR_PID"
	[ -n "$NG_PID" ] && stop "$NG_PID"
	[ -n "$TMP" ] && rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP PIPE

TMP=$(mktemp -d "${TMPDIR:-/tmp}/smallrun-bench.XXXXXX")
# nginx run as root hands requests to unprivileged workers: let them read.
chmod 755 "$TMP"
mkdir -p "$TMP/html" "$TMP/nginx-temp" "$OUT"

# --- smallrun ------------------------------------------------------------
start_smallrun smallrun "$BIN" "$TMP/bench.db"
SR_PID=$STARTED_PID
SR_URL=$STARTED_URL
[ -n "$SR_URL" ] || die "smallrun did not start: $(cat "$TMP/smallrun.err")"

printf '%s' "$BODY" >"$TMP/request.json"
code=$(curl -sS --max-time 5 -o "$TMP/html/advice.json" -w '%{http_code}' \
	-X POST -H 'Content-Type: application/json' \
	--data-binary @"$TMP/request.json" "$SR_URL/api/v1/advice") ||
	die "POST /api/v1/advice failed"
[ "$code" = 200 ] || die "POST /api/v1/advice answered $code, not 200: $(cat "$TMP/html/advice.json")"
chmod 644 "$TMP/html/advice.json"
RESP_BYTES=$(wc -c <"$TMP/html/advice.json")
SR_RSS_IDLE=$(awk '/^VmRSS:/ { print $2 }' "/proc/$SR_PID/status")

# --- nginx ---------------------------------------------------------------
# The static file gets the same security headers smallrun sends, so both
# put about the same bytes on the wire. keepalive_requests is raised from
# its default of 1000 so that nginx, like civetweb, never closes a busy
# keep-alive connection during a run.
write_nginx_conf() {
	cat >"$TMP/nginx.conf" <<EOF
worker_processes auto;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log warn;
events {
	worker_connections 1024;
}
http {
	access_log off;
	client_body_temp_path $TMP/nginx-temp/body;
	proxy_temp_path $TMP/nginx-temp/proxy;
	fastcgi_temp_path $TMP/nginx-temp/fastcgi;
	uwsgi_temp_path $TMP/nginx-temp/uwsgi;
	scgi_temp_path $TMP/nginx-temp/scgi;
	types { }
	default_type application/json;
	sendfile on;
	tcp_nopush on;
	tcp_nodelay on;
	keepalive_timeout 65;
	keepalive_requests 100000000;
	server {
		listen 127.0.0.1:$1;
		root $TMP/html;
		add_header X-Content-Type-Options nosniff;
		add_header Content-Security-Policy "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
		add_header Referrer-Policy no-referrer;
		add_header X-Frame-Options DENY;
		add_header Cache-Control no-store;
		location = /advice.json { }
	}
}
EOF
}

# nginx cannot report an ephemeral port, so try random ports below Linux's
# ephemeral range until one binds and serves exactly our file.
NG_URL=""
try=0
while [ $try -lt 20 ] && [ -z "$NG_URL" ]; do
	try=$((try + 1))
	port=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 12000))
	write_nginx_conf "$port"
	"$NGINX" -p "$TMP" -c "$TMP/nginx.conf" -g 'daemon off;' \
		>"$TMP/nginx.out" 2>&1 &
	NG_PID=$!
	i=0
	while [ $i -lt 50 ] && kill -0 "$NG_PID" 2>/dev/null; do
		if curl -sS --max-time 2 -o "$TMP/nginx-check.json" \
			"http://127.0.0.1:$port/advice.json" 2>/dev/null &&
			cmp -s "$TMP/nginx-check.json" "$TMP/html/advice.json"; then
			NG_URL="http://127.0.0.1:$port"
			break
		fi
		sleep 0.1
		i=$((i + 1))
	done
	if [ -z "$NG_URL" ]; then
		stop "$NG_PID"
		NG_PID=""
	fi
done
[ -n "$NG_URL" ] || die "nginx did not start: $(cat "$TMP/nginx.out" "$TMP/nginx-error.log" 2>/dev/null)"

# --- runs ----------------------------------------------------------------
RUNS=$OUT/advice-runs.txt
: >"$RUNS"

# run_wrk NAME CONNECTIONS SECONDS: one wrk run; its BENCH line on stdout
# with probe_ms= appended: how long one extra request on a fresh connection,
# sent a quarter of the way through the run, took to be answered
# (PROBE_MAX_MS, half the run, when it was not answered by then). wrk's own
# figures only cover the requests that were answered, so a server that
# leaves some connections waiting would otherwise look fine.
PROBE_MAX_MS=$((SECS * 500))

# child_cpu FILE: user + system seconds used by this shell's reaped
# children, from the output of `times` saved in FILE (`times` itself must
# run in the shell whose children count, not in $(…) or a pipeline).
child_cpu() {
	awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/)
		print u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$1"
}

# server_pids NAME: the processes doing NAME's work.
server_pids() {
	if [ "$1" = smallrun ]; then
		echo "$SR_PID"
	else
		echo "$NG_PID" $(pgrep -P "$NG_PID")
	fi
}

run_wrk() {
	c=$2
	t=$((c < 2 ? c : 2))
	if [ "$1" = smallrun ]; then
		url=$SR_URL/api/v1/advice
		method=POST
	else
		url=$NG_URL/advice.json
		method=GET
	fi
	# shellcheck disable=SC2046 # one word per pid is intended
	ticks0=$(cpu_ticks $(server_pids "$1"))
	times >"$TMP/times0"
	ADVICE_METHOD=$method ADVICE_BODY=$TMP/request.json \
		timeout -k 5 $(($3 + 30)) wrk -t "$t" -c "$c" -d "${3}s" \
		--latency -s bench/advice.lua "$url" >"$TMP/wrk.out" 2>&1 &
	wrk_pid=$!
	sleep "$(awk -v s="$3" 'BEGIN { print s / 4 }')"
	probe_max=$(awk -v ms="$PROBE_MAX_MS" 'BEGIN { print ms / 1000 }')
	if [ $method = POST ]; then
		probe=$(curl -sS -o /dev/null --max-time "$probe_max" \
			-w '%{http_code} %{time_total}' -X POST \
			-H 'Content-Type: application/json' \
			--data-binary @"$TMP/request.json" "$url" 2>/dev/null) || :
	else
		probe=$(curl -sS -o /dev/null --max-time "$probe_max" \
			-w '%{http_code} %{time_total}' "$url" 2>/dev/null) || :
	fi
	case $probe in
	"200 "*) probe_ms=$(awk -v s="${probe#200 }" 'BEGIN { printf "%.1f", s * 1000 }') ;;
	*) probe_ms=$PROBE_MAX_MS ;;
	esac
	wait "$wrk_pid" || die "wrk against $1 failed: $(cat "$TMP/wrk.out")"
	times >"$TMP/times1"
	# shellcheck disable=SC2046
	ticks1=$(cpu_ticks $(server_pids "$1"))
	line=$(grep '^BENCH ' "$TMP/wrk.out") ||
		die "wrk against $1 printed no BENCH line: $(cat "$TMP/wrk.out")"
	cpu=$(awk -v t=$((ticks1 - ticks0)) -v hz="$CLK_TCK" \
		-v n="$(field "$line" requests)" \
		'BEGIN { printf "%.1f", n ? t * 1e6 / hz / n : 0 }')
	wrk_cpu=$(awk -v a="$(child_cpu "$TMP/times0")" -v b="$(child_cpu "$TMP/times1")" \
		-v n="$(field "$line" requests)" \
		'BEGIN { printf "%.1f", n ? (b - a) * 1e6 / n : 0 }')
	echo "$line probe_ms=$probe_ms cpu_us=$cpu wrk_cpu_us=$wrk_cpu"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# Warm both up (page cache, allocator, thread pool); not recorded.
run_wrk smallrun 32 2 >/dev/null
run_wrk nginx 32 2 >/dev/null

echo "smallrun at $SR_URL (POST /api/v1/advice), nginx at $NG_URL (GET /advice.json)"
echo "response body: $RESP_BYTES bytes; $REPEAT x ${SECS}s per point and server"
for c in $CONNS; do
	: >"$TMP/res-smallrun-$c"
	: >"$TMP/res-nginx-$c"
	r=1
	while [ $r -le "$REPEAT" ]; do
		if [ $((r % 2)) = 1 ]; then order="smallrun nginx"; else order="nginx smallrun"; fi
		for name in $order; do
			line=$(run_wrk "$name" "$c" "$SECS")
			errs=$(errors "$line")
			status=$(field "$line" status)
			[ "$status" = 0 ] ||
				die "$name answered $status non-2xx responses at $c connections"
			probe=$(field "$line" probe_ms)
			cpu=$(field "$line" cpu_us)
			echo "$(field "$line" rps) $(field "$line" p50_us) $(field "$line" p99_us) $errs $probe $cpu $(field "$line" wrk_cpu_us)" \
				>>"$TMP/res-$name-$c"
			echo "$name c=$c run=$r $line" >>"$RUNS"
			printf '  %-8s c=%-3s run %s: %9s req/s  p50 %6s us  p99 %6s us  probe %6s ms  CPU %5s us/req  socket errors %s\n' \
				"$name" "$c" "$r" "$(field "$line" rps)" \
				"$(field "$line" p50_us)" "$(field "$line" p99_us)" "$probe" "$cpu" "$errs"
		done
		r=$((r + 1))
	done
done

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- memory --------------------------------------------------------------
SR_HWM=$(hwm "$SR_PID")
NG_MASTER_HWM=$(hwm "$NG_PID")
NG_WORKERS_HWM=""
for w in $(pgrep -P "$NG_PID"); do
	NG_WORKERS_HWM="$NG_WORKERS_HWM${NG_WORKERS_HWM:+ + }$(($(hwm "$w") / 1024))"
done
SR_THREADS=$(awk '/^Threads:/ { print $2 }' "/proc/$SR_PID/status")
stop "$SR_PID"
SR_PID=""
[ "$STOP_RC" = 0 ] ||
	echo "bench/advice.sh: warning: smallrun exited with status $STOP_RC on SIGTERM" >&2

# --- report --------------------------------------------------------------
probe_text() {
	awk -v ms="$1" -v max="$PROBE_MAX_MS" 'BEGIN {
		if (ms >= max) printf "none in %g s", max / 1000; else printf "%.1f", ms }'
}

{
	echo "| connections | smallrun req/s | nginx req/s | ratio | smallrun p50 / p99 (ms) | nginx p50 / p99 (ms) | new connection answered in (ms): smallrun / nginx |"
	echo "|---:|---:|---:|---:|---:|---:|---:|"
	for c in $CONNS; do
		s=$TMP/res-smallrun-$c
		n=$TMP/res-nginx-$c
		srps=$(median "$s" 1)
		nrps=$(median "$n" 1)
		printf '| %s | %.0f | %.0f | %.2f | %s / %s | %s / %s | %s / %s |\n' "$c" \
			"$srps" "$nrps" "$(awk -v a="$srps" -v b="$nrps" 'BEGIN { print a / b }')" \
			"$(ms "$(median "$s" 2)")" "$(ms "$(median "$s" 3)")" \
			"$(ms "$(median "$n" 2)")" "$(ms "$(median "$n" 3)")" \
			"$(probe_text "$(median "$s" 5)")" "$(probe_text "$(median "$n" 5)")"
	done
	echo
	echo "| connections | CPU per request: smallrun server (us) | nginx server (us) | nginx / smallrun | wrk, loading smallrun / nginx (us) | ratio expected on an idle machine |"
	echo "|---:|---:|---:|---:|---:|---:|"
	for c in $CONNS; do
		scpu=$(median "$TMP/res-smallrun-$c" 6)
		ncpu=$(median "$TMP/res-nginx-$c" 6)
		swrk=$(median "$TMP/res-smallrun-$c" 7)
		nwrk=$(median "$TMP/res-nginx-$c" 7)
		if [ "$c" -ge $((4 * NPROC)) ]; then
			idle=$(awk -v s="$scpu" -v sw="$swrk" -v n="$ncpu" -v nw="$nwrk" \
				'BEGIN { printf "%.2f", s + sw ? (n + nw) / (s + sw) : 0 }')
		else
			idle="n/a (latency-bound)"
		fi
		printf '| %s | %.1f | %.1f | %.2f | %.1f / %.1f | %s |\n' "$c" "$scpu" "$ncpu" \
			"$(awk -v a="$ncpu" -v b="$scpu" 'BEGIN { print b ? a / b : 0 }')" \
			"$swrk" "$nwrk" "$idle"
	done
	echo
	echo "Medians of $REPEAT runs of ${SECS} s each per point and server, alternating;" \
		"wrk -t min(c,2) -c c --latency, keep-alive." \
		"Response body $RESP_BYTES bytes (the same bytes from both)." \
		"wrk corrects latencies for coordinated omission (each stall longer" \
		"than the mean request interval adds made-up samples), so on a busy" \
		"machine p99 tells more about the machine's stalls than the server." \
		"The last column is one extra request on a fresh connection sent" \
		"a quarter of the way through each run (median over the runs): wrk's percentiles" \
		"cover only answered requests, so a server that leaves connections" \
		"waiting shows it there, not in p99." \
		"Server CPU per request is user + system time of the server's" \
		"processes (smallrun; nginx master and workers) over the run, divided" \
		"by the requests answered; wrk's is its own user + system time per" \
		"request. Unlike req/s these do not depend on how much CPU each" \
		"process got, so they hold up on a busy machine. When server and wrk" \
		"keep all $NPROC CPUs busy (enough connections), req/s on an idle" \
		"machine is about $NPROC CPU-seconds / (server + wrk CPU per request)," \
		"so the last column, (nginx + its wrk) / (smallrun + its wrk), is the" \
		"smallrun / nginx req/s ratio to expect when nothing else runs."
	echo "Peak RSS (VmHWM) of the smallrun server after all runs: $((SR_HWM / 1024)) MiB" \
		"(idle after start: $((SR_RSS_IDLE / 1024)) MiB; $SR_THREADS threads)."
	echo "nginx for reference: master $((NG_MASTER_HWM / 1024)) MiB, workers ${NG_WORKERS_HWM:-?} MiB."
	s_err=$(cat "$TMP"/res-smallrun-* | awk '{ e += $4 } END { print e + 0 }')
	n_err=$(cat "$TMP"/res-nginx-* | awk '{ e += $4 } END { print e + 0 }')
	echo "Socket errors over all runs: smallrun $s_err, nginx $n_err; non-2xx: none." \
		"Load average before: $LOAD_BEFORE; after: $LOAD_AFTER" \
		"(anything else busy on the machine takes CPU from nginx's few workers" \
		"more than from smallrun's many threads, so ratios taken on a busy" \
		"machine flatter smallrun)."
	echo
	echo "$(machine)," \
		"$("$NGINX" -v 2>&1 | sed 's/^nginx version: //');" \
		"$(date -u +%Y-%m-%dT%H:%MZ)."
} >"$OUT/advice.md"

echo
cat "$OUT/advice.md"
echo
echo "written to $OUT/advice.md (every run: $RUNS)"
