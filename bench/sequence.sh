#!/bin/sh
# sequence.sh - run the sequencing benchmark: bench/sequence.sh BINARY [ARGS]
# Writes the table to stdout and to bench/out/sequence.md; the per-instance
# notes (misses, better values) go to bench/out/sequence.log.
set -eu
bin=${1:-build/bench-sequence}
[ $# -gt 0 ] && shift
data=${SEQ_BENCH_DATA:-../shared/bench-data/orlib-wt}
mkdir -p bench/out
{
	echo "# bench-sequence on $(uname -m), $(nproc) CPUs, $(date -u +%Y-%m-%d)"
	echo "# $bin --data $data $*"
	"$bin" --data "$data" "$@" 2>bench/out/sequence.log
} | tee bench/out/sequence.md
