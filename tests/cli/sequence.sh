#!/bin/sh
# sequence.sh - `smallrun sequence` from the outside: the JSON for a tiny
# input worked out by hand, standard input, several workers, and the exit
# status and one-line message for bad input.
#
#	tests/cli/sequence.sh [SMALLRUN]	(default: $SMALLRUN_BIN or build/smallrun)
set -u
bin=${1:-${SMALLRUN_BIN:-build/smallrun}}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
checks=0

fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}

# run NAME WANT_STATUS ARGS... : run smallrun, keep stdout and stderr.
run() {
	name=$1 want=$2
	shift 2
	checks=$((checks + 1))
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	status=$?
	[ "$status" -eq "$want" ] || fail "$name: exit $status, want $want ($(cat "$tmp/err"))"
}

# expect_err NAME TEXT: stderr is one line and holds TEXT.
expect_err() {
	[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$1: stderr is not one line: $(cat "$tmp/err")"
	grep -qF -- "$2" "$tmp/err" || fail "$1: stderr lacks '$2': $(cat "$tmp/err")"
}

# Job 2 first (ends 5, on time), then 1 (ends 15, 5 late x 1), then 3
# (ends 35, due 40): 5. Every other order is worse: 1 before 2 makes 2
# late by 10 x 3 = 30, and 3 before 1 makes 1 late by 25 at least.
printf 'id,minutes,weight,due\n1,10,1,10\n2,5,3,5\n3,20,2,40\n' >"$tmp/jobs.csv"
run tiny 0 sequence "$tmp/jobs.csv"
[ "$(cat "$tmp/out")" = '{"sequence": [[2, 1, 3]], "weighted_tardiness": 5}' ] ||
	fail "tiny: got $(cat "$tmp/out")"
[ -s "$tmp/err" ] && fail "tiny: stderr not empty: $(cat "$tmp/err")"

checks=$((checks + 1))
out=$("$bin" sequence --time-limit-ms 50 --seed 3 - <"$tmp/jobs.csv")
[ "$out" = '{"sequence": [[2, 1, 3]], "weighted_tardiness": 5}' ] ||
	fail "stdin: got $out"

# Two workers can finish everything on time; every id appears once.
run two-workers 0 sequence --workers 2 "$tmp/jobs.csv"
grep -q '"weighted_tardiness": 0}$' "$tmp/out" || fail "two workers: $(cat "$tmp/out")"
ids=$(tr -c '0-9\n' ' ' <"$tmp/out" | tr -s ' ' '\n' | grep -v '^$' | sort | tr '\n' ' ')
[ "$ids" = "0 1 2 3 " ] || fail "two workers: ids $ids in $(cat "$tmp/out")"

# CRLF, a BOM, quoted fields, other columns and any column order.
printf '\357\273\277Due,Note,ID,Weight,Minutes\r\n40,"big, slow",3,2,20\r\n5,x,2,3,5\r\n10,"",1,1,10\r\n' >"$tmp/excel.csv"
run excel 0 sequence "$tmp/excel.csv"
[ "$(cat "$tmp/out")" = '{"sequence": [[2, 1, 3]], "weighted_tardiness": 5}' ] ||
	fail "excel: got $(cat "$tmp/out")"

# An empty list of jobs is a plan too.
printf 'id,minutes,weight,due\n' >"$tmp/none.csv"
run none 0 sequence --workers 3 "$tmp/none.csv"
[ "$(cat "$tmp/out")" = '{"sequence": [[], [], []], "weighted_tardiness": 0}' ] ||
	fail "none: got $(cat "$tmp/out")"

# Bad input: exit 2, one line naming the file, the line and the column.
bad() {
	b_name=$1 b_want=$3
	printf "$2" >"$tmp/$b_name.csv"
	run "$b_name" 2 sequence "$tmp/$b_name.csv"
	expect_err "$b_name" "$tmp/$b_name.csv: $b_want"
	[ -s "$tmp/out" ] && fail "$b_name: printed $(cat "$tmp/out")"
}
bad missing-column 'id,minutes,due\n1,2,3\n' "line 1: no 'weight' column"
bad not-a-number 'id,minutes,weight,due\n1,2,3,4\n2,two,3,4\n' "line 3, column 'minutes' (field 2): 'two' is not a whole number"
bad negative-minutes 'id,minutes,weight,due\n1,-5,3,4\n' "line 2, column 'minutes' (field 2): '-5' is outside 0.."
bad duplicate-id 'id,minutes,weight,due\n7,1,1,1\n8,1,1,1\n7,2,2,2\n' "line 4, column 'id' (field 1): id 7 is already used on line 2"
bad short-row 'id,minutes,weight,due\n1,2,3\n' "line 2: 3 fields where the header has 4"
bad bad-quote 'id,minutes,weight,due\n1,2,3,"4\n' "line 2: the quoted field 4 opened here is never closed"
bad empty '' "line 1: the input is empty"

# Bad usage: exit 2; a file that cannot be read: exit 1.
run no-file 2 sequence
run two-files 2 sequence a.csv b.csv
run bad-workers 2 sequence --workers 0 "$tmp/jobs.csv"
expect_err bad-workers "--workers must be a whole number from 1 to"
run bad-limit 2 sequence --time-limit-ms -1 "$tmp/jobs.csv"
expect_err bad-limit "--time-limit-ms must be"
run bad-seed 2 sequence --seed x "$tmp/jobs.csv"
run bad-option 2 sequence --frobnicate "$tmp/jobs.csv"
expect_err bad-option "unknown option '--frobnicate'"
run missing 1 sequence "$tmp/does-not-exist.csv"
expect_err missing "does-not-exist.csv"

# Help documents the command.
run help 0 help sequence
for word in --workers --time-limit-ms --seed id minutes weight due weighted_tardiness; do
	grep -qF -- "$word" "$tmp/out" || fail "help lacks $word"
done
run help-flag 0 sequence --help
grep -qF -- "--time-limit-ms" "$tmp/out" || fail "--help lacks --time-limit-ms"

if [ "$fails" -ne 0 ]; then
	echo "tests/cli/sequence.sh: $fails of $checks checks failed" >&2
	exit 1
fi
echo "tests/cli/sequence.sh: $checks checks passed"
