#!/bin/sh
# engines.sh - four HTTP engines side by side with nginx, on the same bytes:
# civetweb (what server/http.c uses today), GNU libmicrohttpd, h2o's
# library and libevent's evhttp, each as a minimal server in bench/engines/.
#
#   bench/engines.sh
#   ENGINES="mhd nginx" ROUNDS=5 SECONDS=10 bench/engines.sh
#
# Environment:
#   ENGINES      which to run (default "civetweb mhd h2o evhttp nginx");
#                the ratios need nginx among them
#   ROUNDS       wrk rounds per path and engine, interleaved (default 3)
#   SECONDS      length of each wrk run (default 5). This is a POSIX sh
#                script (dash): there SECONDS is an ordinary variable, not
#                bash's clock
#   IDLE_COUNTS  idle connection counts (default "1000 10000")
#   PROBE_S      deadline of each fresh-connection probe (default 5)
#   NGINX        the nginx binary (default /usr/sbin/nginx)
#
# First the real smallrun answers the advice request bench/advice.sh sends
# and a list of 50 customers (made through its API); those answers are
# files A and B, which every server then serves as GET /advice and
# GET /records, so all answer byte-identical bodies. Measured:
#   - throughput: wrk -t2 -c32 on each path, ROUNDS rounds, the engines
#     taking turns in an order that rotates every run; median req/s and
#     p99, and their ratio to nginx;
#   - a new client's latency with 1,000 and 10,000 idle connections open
#     (bench/engines/idle.c), each engine freshly started and alone;
#   - the server's VmRSS before and with 1,000 idle connections;
#   - hostile framing sent raw (bench/engines/framing.py), each engine
#     freshly started.
# The report goes to bench/out/engines.md and stdout.
#
# Everything listens on and talks to 127.0.0.1 only; every server and the
# temporary directory go on exit; every wait has a deadline.
set -eu

# Read before anything can change them.
SECS=${SECONDS:-5}
ROUNDS=${ROUNDS:-3}
ENGINES=${ENGINES:-civetweb mhd h2o evhttp nginx}
IDLE_COUNTS=${IDLE_COUNTS:-1000 10000}
PROBE_S=${PROBE_S:-5}
NGINX=${NGINX:-/usr/sbin/nginx}
COMMAND="ENGINES=\"$ENGINES\" ROUNDS=$ROUNDS SECONDS=$SECS IDLE_COUNTS=\"$IDLE_COUNTS\" PROBE_S=$PROBE_S bench/engines.sh"

cd "$(dirname "$0")/.."
PROG=bench/engines.sh
. bench/lib.sh

BIN=${BUILD:-build}/smallrun
SRC=bench/engines
OUT=bench/out
BODY='{"answers":{"customization":"yes","under_an_hour":"no","ten_a_day":"yes","storage":"yes","values":"personal"}}'
ALL_ENGINES="civetweb mhd h2o evhttp nginx"

# --- preconditions -------------------------------------------------------
need cc "(Debian package gcc)"
need pkg-config "(Debian package pkg-config)"
need wrk "(Debian package wrk)"
need curl "(Debian package curl)"
need python3 "(Debian package python3)"
need timeout "(coreutils)"
[ -x "$BIN" ] || die "no smallrun binary at $BIN; build it with make"
whole ROUNDS "$ROUNDS" 1
whole SECONDS "$SECS" 1
whole PROBE_S "$PROBE_S" 1
for n in $IDLE_COUNTS; do whole IDLE_COUNTS "$n" 1; done
for e in $ENGINES; do
	case " $ALL_ENGINES " in *" $e "*) ;; *) die "unknown engine '$e' (known: $ALL_ENGINES)" ;; esac
done
case " $ENGINES " in *" nginx "*) [ -x "$NGINX" ] || die "nginx is missing ($NGINX); Debian package nginx-light" ;; esac

# --- cleanup -------------------------------------------------------------
TMP=""
SR_PID=""
RUNNING="" # engines with a server up; PID_<name> is its process

cleanup() {
	[ -n "$SR_PID" ] && stop "$SR_PID"
	for e in $RUNNING; do
		eval "stop \"\$PID_$e\""
	done
	[ -n "$TMP" ] && rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP PIPE

TMP=$(mktemp -d "${TMPDIR:-/tmp}/smallrun-engines.XXXXXX")
# nginx, started as root, serves from unprivileged workers: let them read.
chmod 755 "$TMP"
mkdir -p "$TMP/bin" "$TMP/res" "$TMP/nginx-temp" "$OUT"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# --- build ---------------------------------------------------------------
# The project's warning flags, from the Makefile, so the servers build as
# cleanly as smallrun does.
WARNINGS=$(awk '/^WARNINGS :=/ { p = 1 } p { print } p && !/\\$/ { exit }' Makefile |
	sed 's/^WARNINGS :=//; s/\\$//' | tr -s ' \t\n' ' ')
CFLAGS_ENG="-std=c17 -O2 -D_GNU_SOURCE $WARNINGS"

# build NAME SOURCES... -- LIBS...: cc the sources into $TMP/bin/NAME.
build() {
	name=$1
	shift
	srcs=""
	while [ "$1" != -- ]; do srcs="$srcs $SRC/$1"; shift; done
	shift
	# shellcheck disable=SC2086 # word splitting of flags is intended
	cc $CFLAGS_ENG -o "$TMP/bin/$name" $srcs "$@" 2>"$TMP/cc.err" ||
		die "building $name failed: $(cat "$TMP/cc.err")"
	if [ -s "$TMP/cc.err" ]; then
		echo "$PROG: warnings building $name:" >&2
		cat "$TMP/cc.err" >&2
	fi
}

for e in $ENGINES; do
	case $e in
	civetweb) build engine-civetweb engine-civetweb.c engine.c -- -lcivetweb -lpthread ;;
	mhd) build engine-mhd engine-mhd.c engine.c -- $(pkg-config --cflags --libs libmicrohttpd) ;;
	h2o) build engine-h2o engine-h2o.c engine.c -- $(pkg-config --cflags --libs libh2o-evloop openssl) -lpthread ;;
	evhttp) build engine-evhttp engine-evhttp.c engine.c -- $(pkg-config --cflags --libs libevent) -lpthread ;;
	esac
done
build idle idle.c --

# --- the bytes: what smallrun answers ------------------------------------
start_smallrun smallrun "$BIN" "$TMP/x.db"
SR_PID=$STARTED_PID
[ -n "$STARTED_URL" ] || die "smallrun did not start: $(cat "$TMP/smallrun.err")"
A=$TMP/advice.json
B=$TMP/records.json
printf '%s' "$BODY" >"$TMP/request.json"
code=$(curl -sS --max-time 5 -o "$A" -w '%{http_code}' -X POST \
	-H 'Content-Type: application/json' --data-binary @"$TMP/request.json" \
	"$STARTED_URL/api/v1/advice") || die "POST /api/v1/advice failed"
[ "$code" = 200 ] || die "POST /api/v1/advice answered $code: $(cat "$A")"
i=1
while [ $i -le 50 ]; do
	code=$(curl -sS --max-time 5 -o "$TMP/created.json" -w '%{http_code}' -X POST \
		-H 'Content-Type: application/json' \
		--data-binary "{\"name\":\"Customer $i\",\"email\":\"customer$i@example.com\",\"phone\":\"07700 900$(printf %03d $i)\"}" \
		"$STARTED_URL/api/v1/customers") || die "POST /api/v1/customers failed"
	[ "$code" = 201 ] || die "POST /api/v1/customers answered $code: $(cat "$TMP/created.json")"
	i=$((i + 1))
done
code=$(curl -sS --max-time 5 -o "$B" -w '%{http_code}' \
	"$STARTED_URL/api/v1/customers?limit=50") || die "GET /api/v1/customers failed"
[ "$code" = 200 ] || die "GET /api/v1/customers?limit=50 answered $code: $(cat "$B")"
stop "$SR_PID"
SR_PID=""
chmod 644 "$A" "$B"
A_BYTES=$(wc -c <"$A")
B_BYTES=$(wc -c <"$B")

# --- servers -------------------------------------------------------------
# The nginx reference: the same two files, and /echo through the echo
# module when it is installed (it reads the body, then answers the
# Content-Length nginx accepted: nginx has no body-length echo of its own).
ECHO_SO=/usr/lib/nginx/modules/ngx_http_echo_module.so
NOFILE_HARD=$(ulimit -Hn)
write_nginx_conf() {
	{
		[ -f "$ECHO_SO" ] && echo "load_module $ECHO_SO;"
		cat <<EOF
worker_processes 2;
worker_rlimit_nofile $NOFILE_HARD;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log warn;
events {
	worker_connections 16384;
}
http {
	access_log off;
	client_body_temp_path $TMP/nginx-temp/body;
	proxy_temp_path $TMP/nginx-temp/proxy;
	fastcgi_temp_path $TMP/nginx-temp/fastcgi;
	uwsgi_temp_path $TMP/nginx-temp/uwsgi;
	scgi_temp_path $TMP/nginx-temp/scgi;
	types { }
	sendfile on;
	tcp_nodelay on;
	keepalive_timeout 65;
	keepalive_requests 100000000;
	server {
		listen 127.0.0.1:$1;
		location = /advice { default_type application/json; alias $A; }
		location = /records { default_type application/json; alias $B; }
EOF
		if [ -f "$ECHO_SO" ]; then
			echo "		location = /echo { default_type text/plain; echo_read_request_body; echo -n \$content_length; }"
		fi
		echo "	}"
		echo "}"
	} >"$TMP/nginx.conf"
}

# start_engine NAME: start NAME's server on a free random port below
# Linux's ephemeral range, check that it answers both files byte for byte,
# and set PID_<NAME>, PORT_<NAME>; its stderr goes to $TMP/NAME.err.
start_engine() {
	try=0
	while [ $try -lt 20 ]; do
		try=$((try + 1))
		port=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 12000))
		: >"$TMP/$1.err"
		if [ "$1" = nginx ]; then
			write_nginx_conf "$port"
			"$NGINX" -p "$TMP" -c "$TMP/nginx.conf" -g 'daemon off;' \
				>"$TMP/$1.out" 2>"$TMP/$1.err" &
		else
			"$TMP/bin/engine-$1" "$port" "$A" "$B" \
				>"$TMP/$1.out" 2>"$TMP/$1.err" &
		fi
		pid=$!
		eval "PID_$1=$pid PORT_$1=$port"
		RUNNING="$RUNNING $1"
		i=0
		while [ $i -lt 50 ] && kill -0 "$pid" 2>/dev/null; do
			if curl -s --max-time 2 -o "$TMP/check-a" "http://127.0.0.1:$port/advice" &&
				curl -s --max-time 2 -o "$TMP/check-b" "http://127.0.0.1:$port/records" &&
				cmp -s "$TMP/check-a" "$A" && cmp -s "$TMP/check-b" "$B"; then
				return 0
			fi
			sleep 0.1
			i=$((i + 1))
		done
		stop_engine "$1"
	done
	die "$1 did not start: $(cat "$TMP/$1.err" "$TMP/nginx-error.log" 2>/dev/null | tail -n 5)"
}

# stop_engine NAME
stop_engine() {
	eval "stop \"\$PID_$1\""
	RUNNING=$(echo "$RUNNING" | tr ' ' '\n' | grep -vx "$1" | tr '\n' ' ')
}

# pids NAME: the processes serving NAME, comma-separated (nginx: the
# master and its workers).
pids() {
	eval "p=\$PID_$1"
	if [ "$1" = nginx ]; then
		echo "$p" $(pgrep -P "$p") | tr ' ' ','
	else
		echo "$p"
	fi
}

# rotate K WORDS...: the words, starting from the K-th (0-based, mod n).
rotate() {
	k=$1
	shift
	echo "$@" | awk -v k="$k" '{ for (i = 0; i < NF; i++) printf "%s ", $(((i + k) % NF) + 1) }'
}

version() {
	case $1 in
	civetweb) dpkg-query -W -f '${Version}' libcivetweb-dev 2>/dev/null ;;
	mhd) pkg-config --modversion libmicrohttpd ;;
	h2o) dpkg-query -W -f '${Version}' libh2o-evloop-dev 2>/dev/null ;;
	evhttp) pkg-config --modversion libevent ;;
	nginx) "$NGINX" -v 2>&1 | sed 's#.*/##' ;;
	esac
}

# --- throughput ----------------------------------------------------------
NE=$(echo $ENGINES | wc -w)
ncounts=$(echo $IDLE_COUNTS | wc -w)
echo "$NE servers; throughput: $ROUNDS rounds x 2 paths x ${SECS}s each," \
	"about $(((NE * 2 * (ROUNDS * (SECS + 1) + 2) + NE * ncounts * 15 + NE * 20) / 60 + 1)) minutes"
for e in $ENGINES; do start_engine "$e"; done

# run_wrk NAME PATH SECONDS: one wrk run; its BENCH line on stdout.
run_wrk() {
	eval "port=\$PORT_$1"
	timeout -k 5 $(($3 + 30)) wrk -t2 -c32 -d"${3}s" --latency \
		-s bench/wrk-report.lua "http://127.0.0.1:$port/$2" >"$TMP/wrk.out" 2>&1 ||
		die "wrk against $1 /$2 failed: $(cat "$TMP/wrk.out")"
	grep '^BENCH ' "$TMP/wrk.out" ||
		die "wrk against $1 /$2 printed no BENCH line: $(cat "$TMP/wrk.out")"
}

# Warm everything up (page cache, allocators, threads); not recorded.
for e in $ENGINES; do
	for p in advice records; do run_wrk "$e" "$p" 1 >/dev/null; done
done

RUNS=$OUT/engines-runs.txt
: >"$RUNS"
turn=0
r=1
while [ $r -le "$ROUNDS" ]; do
	for p in advice records; do
		for e in $(rotate $turn $ENGINES); do
			line=$(run_wrk "$e" "$p" "$SECS")
			echo "$(field "$line" rps) $(field "$line" p99_us) $(errors "$line") $(field "$line" status)" \
				>>"$TMP/res/tp-$p-$e"
			echo "$e /$p round=$r $line" >>"$RUNS"
			printf '  %-8s /%-7s round %s: %9s req/s  p99 %6s us\n' "$e" "$p" "$r" \
				"$(field "$line" rps)" "$(field "$line" p99_us)"
		done
		turn=$((turn + 1))
	done
	r=$((r + 1))
done
for e in $ENGINES; do
	th=0
	for p in $(pids "$e" | tr ',' ' '); do
		th=$((th + $(awk '/^Threads:/ { print $2 }' "/proc/$p/status")))
	done
	eval "THREADS_$e=$th"
	stop_engine "$e"
done

# --- idle connections and memory -----------------------------------------
# Each engine on its own, freshly started and warmed with a few requests,
# so what one run leaves behind (half-open sockets, stuck workers) does
# not reach the next.
for n in $IDLE_COUNTS; do
	for e in $(rotate $turn $ENGINES); do
		start_engine "$e"
		eval "port=\$PORT_$e"
		for i in 1 2 3 4 5; do
			curl -s --max-time 2 -o /dev/null "http://127.0.0.1:$port/advice" || :
		done
		sleep 0.5
		line=$(timeout -k 5 $((PROBE_S * 60 + 120)) "$TMP/bin/idle" -t "$PROBE_S" \
			-p "$(pids "$e")" "$port" "$n" 2>"$TMP/idle.err") ||
			line="IDLE failed=$(tr '\n' ' ' <"$TMP/idle.err")"
		echo "$line" >"$TMP/res/idle-$n-$e"
		echo "$e idle $line" >>"$RUNS"
		printf '  %-8s %5s idle: %s\n' "$e" "$n" "$line"
		stop_engine "$e"
	done
	turn=$((turn + 1))
done

# --- hostile framing -----------------------------------------------------
for e in $ENGINES; do
	start_engine "$e"
	eval "port=\$PORT_$e"
	log=$TMP/$e.err
	[ "$e" = nginx ] && log=""
	timeout -k 5 120 python3 "$SRC/framing.py" "$port" "$A" "$B" $log \
		>"$TMP/res/framing-$e" 2>"$TMP/framing.err" ||
		die "framing.py against $e failed: $(cat "$TMP/framing.err")"
	sed "s/^/$e	/" "$TMP/res/framing-$e" >>"$RUNS"
	stop_engine "$e"
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- report --------------------------------------------------------------
HAVE_NGINX=no
case " $ENGINES " in *" nginx "*) HAVE_NGINX=yes ;; esac

# tp PATH NAME COLUMN: the median of a throughput column.
tp() {
	median "$TMP/res/tp-$1-$2" "$3"
}

# vs_nginx PATH NAME: median req/s over nginx's, or "-".
vs_nginx() {
	[ $HAVE_NGINX = yes ] || { echo -; return; }
	awk -v a="$(tp "$1" "$2" 1)" -v b="$(tp "$1" nginx 1)" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}

# idle_field N NAME KEY
idle_field() {
	field "$(cat "$TMP/res/idle-$1-$2")" "$3"
}

# cell CASE NAME: one framing answer for the table.
cell() {
	awk -F'\t' -v c="$1" -v e="$2" '$1 == c {
		s = $2 " · " $3
		if ($4 != "-" && $4 != "n/a") s = s " · handler " $4
		else if ($4 == "-" && (c ~ /cl_te|two_cl|short_body|oversize/)) s = s " · handler logged nothing"
		gsub(/\|/, "/", s); print s }' "$TMP/res/framing-$2"
}

{
	echo "# HTTP engines side by side"
	echo
	echo "\`$COMMAND\`"
	echo
	echo "$(machine); load average before $LOAD_BEFORE, after $LOAD_AFTER;" \
		"$(date -u +%Y-%m-%dT%H:%MZ)."
	echo
	echo "Servers (bench/engines/): civetweb $(version civetweb) (64 worker threads, the" \
		"options server/http.c uses: 5 s keep-alive, 10 s request timeout);" \
		"libmicrohttpd $(version mhd) (MHD_USE_EPOLL_INTERNAL_THREAD, a pool of $(nproc) threads," \
		"connection limit 16384, defaults otherwise: no timeout, not strict);" \
		"h2o $(version h2o) (evloop, one loop per core on SO_REUSEPORT, defaults: 10 s request timeout," \
		"1 GiB body limit); evhttp $(version evhttp) (one event base per core on SO_REUSEPORT," \
		"defaults: 50 s timeouts, no size limits); nginx $(version nginx) (2 workers," \
		"static files, keep-alive). In h2o and evhttp a handler runs on its event loop, in MHD" \
		"on its pool thread: blocking SQLite work would stall that loop's or thread's other" \
		"connections and needs offloading to worker threads; civetweb gives each connection a" \
		"worker thread of its own. Bodies: /advice $A_BYTES bytes (smallrun's POST /api/v1/advice)," \
		"/records $B_BYTES bytes (smallrun's GET /api/v1/customers?limit=50), the same bytes from all."
	echo
	echo "## Throughput"
	echo
	echo "| engine | /advice req/s | × nginx | /advice p99 ms | /records req/s | × nginx | /records p99 ms | socket errors | non-2xx |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
	for e in $ENGINES; do
		errs=$(cat "$TMP/res/tp-advice-$e" "$TMP/res/tp-records-$e" | awk '{ s += $3 } END { print s + 0 }')
		bad=$(cat "$TMP/res/tp-advice-$e" "$TMP/res/tp-records-$e" | awk '{ s += $4 } END { print s + 0 }')
		printf '| %s | %.0f | %s | %s | %.0f | %s | %s | %s | %s |\n' "$e" \
			"$(tp advice "$e" 1)" "$(vs_nginx advice "$e")" "$(ms "$(tp advice "$e" 2)")" \
			"$(tp records "$e" 1)" "$(vs_nginx records "$e")" "$(ms "$(tp records "$e" 2)")" \
			"$errs" "$bad"
	done
	echo
	echo "Medians of $ROUNDS runs of $SECS s per path and engine: \`wrk -t2 -c32 -d${SECS}s\`," \
		"keep-alive, the engines taking turns in an order that rotates every run." \
		"Client and servers share the $(nproc) CPUs. Every run: $RUNS."
	echo
	echo "## A new client's latency with idle connections open"
	echo
	echo "| engine | idle connections | connected / refused / not connected in 20 s | server descriptors | probes answered | median ms | max ms | idle closed by then (silent / partial) |"
	echo "|---|---:|---|---:|---:|---:|---:|---|"
	for n in $IDLE_COUNTS; do
		for e in $ENGINES; do
			l=$(cat "$TMP/res/idle-$n-$e")
			case $l in "IDLE failed="*)
				printf '| %s | %s | %s | | | | | |\n' "$e" "$n" "$(echo "$l" | sed 's/^IDLE failed=//')"
				continue ;;
			esac
			ans=$(idle_field "$n" "$e" answered)
			med=$(idle_field "$n" "$e" median_ms)
			max=$(idle_field "$n" "$e" max_ms)
			if [ "$ans" = 0 ]; then med="none in ${PROBE_S} s"; max="-"; fi
			skipped=$(idle_field "$n" "$e" skipped)
			probes="$ans of $(idle_field "$n" "$e" probes)"
			[ "$skipped" = 0 ] || probes="$probes ($(idle_field "$n" "$e" failed) timed out or failed, $skipped skipped)"
			printf '| %s | %s | %s / %s / %s (%s s) | %s | %s | %s | %s | %s / %s |\n' "$e" "$n" \
				"$(idle_field "$n" "$e" connected)" "$(idle_field "$n" "$e" refused)" \
				"$(idle_field "$n" "$e" timedout)" \
				"$(awk -v ms="$(idle_field "$n" "$e" open_ms)" 'BEGIN { printf "%.1f", ms / 1000 }')" \
				"$(idle_field "$n" "$e" server_fds)" "$probes" "$med" "$max" \
				"$(idle_field "$n" "$e" closed_silent)" "$(idle_field "$n" "$e" closed_partial)"
		done
	done
	echo
	echo "bench/engines/idle.c opens the idle connections (at most 512 connects in flight;" \
		"half silent, half having sent a request line and a Host header but not the blank line)," \
		"waits 1 s, counts the server's open descriptors, then makes 50 fresh connections one" \
		"after another, each a whole GET /advice timed from connect() to the last body byte," \
		"each within ${PROBE_S} s (after 3 failures in a row the rest are skipped); last, how many" \
		"idle connections the server had closed or answered. A connection \"connected\" is" \
		"established in the kernel, not necessarily accepted by the server: the descriptors" \
		"column shows what the server took in. Each engine freshly started, alone."
	echo
	echo "## Memory"
	echo
	echo "| engine | threads | VmRSS idle KiB | with 1,000 idle connections KiB | connections it holds | KiB per idle connection |"
	echo "|---|---:|---:|---:|---:|---:|"
	n=$(echo $IDLE_COUNTS | tr ' ' '\n' | grep -x 1000 || echo $IDLE_COUNTS | awk '{ print $1 }')
	for e in $ENGINES; do
		case $(cat "$TMP/res/idle-$n-$e") in "IDLE failed="*) printf '| %s | | | | | |\n' "$e"; continue ;; esac
		b=$(idle_field "$n" "$e" rss_before_kib)
		o=$(idle_field "$n" "$e" rss_open_kib)
		# Per connection the server took in, not per one queued in the
		# kernel for it.
		c=$(($(idle_field "$n" "$e" server_fds) - $(idle_field "$n" "$e" server_fds_before)))
		eval "th=\$THREADS_$e"
		printf '| %s | %s | %s | %s | %s | %s |\n' "$e" "$th" "$b" "$o" "$c" \
			"$(awk -v b="$b" -v o="$o" -v c="$c" 'BEGIN { printf "%.1f", (c > 0 ? (o - b) / c : 0) }')"
	done
	echo
	echo "VmRSS from /proc/PID/status (nginx: master and workers summed), read by idle.c" \
		"just before it opened $n idle connections and 1 s after; per connection is the" \
		"difference over the connections the server holds (its descriptors then less before:" \
		"civetweb takes in only what its workers and queue hold, the rest wait in the kernel). Threads: all the server's processes' (nginx: master and workers), counted after the throughput runs."
	echo
	echo "## Hostile framing"
	echo
	printf '| case | sent |'
	for e in $ENGINES; do printf ' %s |' "$e"; done
	printf '\n|---|---|'
	for e in $ENGINES; do printf -- '---|'; done
	echo
	while IFS='	' read -r c what; do
		printf '| %s | %s |' "$c" "$what"
		for e in $ENGINES; do printf ' %s |' "$(cell "$c" "$e")"; done
		echo
	done <<'EOF'
cl_te	POST /echo with `Content-Length: 39` and `Transfer-Encoding: chunked`; body `0\r\n\r\nGET /records …` (39 bytes)
two_cl	POST /echo with `Content-Length: 5` and `Content-Length: 12`; body `helloworld!!`
space_colon	GET /advice with `Host : x`
absolute	`GET http://127.0.0.1:PORT/advice HTTP/1.1`, Host 127.0.0.1:PORT
no_host	GET /advice HTTP/1.1 with no Host
nul_path	`GET /advice%00.js`
short_body	POST /echo, `Content-Length: 50`, 30 bytes sent, then shutdown(SHUT_WR)
oversize	POST /echo, `Content-Length: 100000000`, 1,000 bytes sent
EOF
	echo
	echo "Each cell: the status of every answer read on the connection, in order (\"200 advice\"," \
		"\"200 records\": that file's bytes; \"200 echo=N\": the /echo handler saw N bytes of body;" \
		"\"closed\": closed without an answer; \"no answer\": nothing within 2 s), then whether the" \
		"connection stayed open (a following GET /advice answered 200), then, for the POSTs, what" \
		"the server's /echo handler logged by the time the case ended (our side closing included):" \
		"\"ran: N bytes\" when it answered, \"aborted\" when the engine told it the body broke off" \
		"(civetweb and MHD hand the body over as it arrives, so their handler is already under" \
		"way; h2o and evhttp call it only once the whole body is in)." \
		"Two answers to cl_te mean the server framed the body by Transfer-Encoding and then served" \
		"the \"body\" as a second request: request smuggling behind any proxy that frames by" \
		"Content-Length. The engine servers add no checks of their own; they route on the path" \
		"each engine hands the application (civetweb and MHD: percent-decoded C strings;" \
		"h2o: the normalized path with its length; evhttp: the raw path), and MHD's 404 for an" \
		"unknown path is the server's own (MHD has none)." \
		"$([ -f "$ECHO_SO" ] && echo "nginx's /echo (echo module) reads the body and answers the Content-Length header it accepted.")"
} >"$OUT/engines.md"

echo
cat "$OUT/engines.md"
echo
echo "written to $OUT/engines.md (every run: $RUNS)"
