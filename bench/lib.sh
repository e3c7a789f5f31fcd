# lib.sh - shell helpers the benchmark scripts share; sourced, not run:
#
#   PROG=bench/records.sh
#   . bench/lib.sh
#
# POSIX sh. Needs TMP (a private temporary directory) for start_smallrun.
# Nothing here changes the caller's options or traps.

# die MESSAGE: say it on stderr, prefixed by $PROG, and exit 1.
die() {
	echo "${PROG:-bench}: $*" >&2
	exit 1
}

# need COMMAND HINT: die unless COMMAND is on PATH.
need() {
	command -v "$1" >/dev/null 2>&1 || die "$1 is missing; $2"
}

# whole NAME VALUE MIN: die unless VALUE is a whole number >= MIN.
whole() {
	case $2 in '' | *[!0-9]*) die "$1 must be a whole number, not '$2'" ;; esac
	[ "$2" -ge "$3" ] || die "$1 must be at least $3"
}

# stop PID: SIGTERM, up to 10 s to go, then SIGKILL; reap it and leave its
# exit status in STOP_RC.
stop() {
	STOP_RC=0
	kill -TERM "$1" 2>/dev/null || return 0
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -KILL "$1" 2>/dev/null || :
	wait "$1" 2>/dev/null || STOP_RC=$?
}

# start_smallrun NAME BIN DB: start BIN serving DB on an ephemeral port of
# 127.0.0.1, its output in $TMP/NAME.out and .err; set STARTED_PID, and
# STARTED_URL once it says where it listens (empty if it did not start
# within 10 s: the caller decides what to say).
start_smallrun() {
	# The redirections happen in the child: create the files first so the
	# loop that reads them cannot race it.
	: >"$TMP/$1.out"
	: >"$TMP/$1.err"
	"$2" serve --listen 127.0.0.1:0 --db "$3" --access-log off \
		>"$TMP/$1.out" 2>"$TMP/$1.err" &
	STARTED_PID=$!
	STARTED_URL=""
	i=0
	while [ $i -lt 100 ]; do
		STARTED_URL=$(sed -n '1s#^smallrun is running at \(http://127\.0\.0\.1:[0-9]*\)/$#\1#p' "$TMP/$1.out")
		[ -n "$STARTED_URL" ] && break
		kill -0 "$STARTED_PID" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
}

CLK_TCK=$(getconf CLK_TCK)

# cpu_ticks PID...: user + system CPU ticks used so far by these processes
# (all their threads, living and gone).
cpu_ticks() {
	for p in "$@"; do
		sed 's/^.*) //' "/proc/$p/stat"
	done | awk '{ t += $12 + $13 } END { print t + 0 }'
}

# hwm PID: the peak resident set (VmHWM) of PID in KiB, 0 if gone.
hwm() {
	awk '/^VmHWM:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0
}

# field LINE KEY: the value of KEY=value in a BENCH line.
field() {
	printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

# errors LINE: socket errors and timeouts of a BENCH line.
errors() {
	echo $(($(field "$1" connect) + $(field "$1" read) + \
		$(field "$1" write) + $(field "$1" timeout)))
}

# median FILE COLUMN
median() {
	awk -v k="$2" '{ print $k }' "$1" | sort -g |
		awk '{ v[NR] = $1 } END {
			if (NR % 2) print v[(NR + 1) / 2];
			else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ms MICROSECONDS: as milliseconds with two decimals.
ms() {
	awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'
}

# machine: one line on the machine and the tools, for a report.
machine() {
	echo "Machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
		"Linux $(uname -r); $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2)"
}
