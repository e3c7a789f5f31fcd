#!/bin/sh
# forecast.sh - the batch-quantity backtest on the real bakery's sales:
# smallrun's forecast against two rules of thumb, for five products, over
# the last eight weeks of the file, at stated prices and again with every
# unit cost at half the price.
#
#   bench/forecast.sh
#   SMALLRUN_BIN=build/fc/smallrun FROM=2017-01-09 TO=2017-03-05 bench/forecast.sh
#
# Environment:
#   SMALLRUN_BIN  the binary (default $BUILD/smallrun, BUILD=build)
#   SALES         the sales file (default ../shared/data/bakery-sales-2016-2017.csv)
#   FROM, TO      the days (default 2017-02-13 to 2017-04-09: the file's
#                 last eight weeks, Monday to Sunday)
#
# Prints a Markdown table per margin and the wall time of all the runs;
# the same goes to bench/out/forecast.md.
set -eu

cd "$(dirname "$0")/.."

BIN=${SMALLRUN_BIN:-${BUILD:-build}/smallrun}
SALES=${SALES:-../shared/data/bakery-sales-2016-2017.csv}
FROM=${FROM:-2017-02-13}
TO=${TO:-2017-04-09}
OUT=bench/out/forecast.md

[ -x "$BIN" ] || { echo "forecast.sh: no $BIN; run make first" >&2; exit 1; }
[ -r "$SALES" ] || { echo "forecast.sh: cannot read $SALES" >&2; exit 1; }
mkdir -p bench/out

# product price unit-cost: plausible bakery-café prices, stated once.
PRODUCTS="Bread 2.50 0.70
Pastry 2.20 0.60
Medialuna 1.50 0.40
Cake 3.50 1.00
Cookies 1.20 0.30"

# Half of a price in major units, exactly ("2.50" -> "1.25").
half() {
	echo "$1" | awk -F. '{ p = $1 * 100 + $2; printf "%d.%02d", p / 2 / 100, (p / 2) % 100 }'
}

table() { # $1: "stated" or "half"
	printf '| product | price | unit cost | method | made | sold | wasted | short | profit |\n'
	printf '|---|---:|---:|---|---:|---:|---:|---:|---:|\n'
	echo "$PRODUCTS" | while read -r name price cost; do
		[ "$1" = half ] && cost=$(half "$price")
		"$BIN" backtest --sales "$SALES" --product "$name" \
			--from "$FROM" --to "$TO" --price "$price" \
			--unit-cost "$cost" |
		awk -v n="$name" -v p="$price" -v c="$cost" '
			/^smallrun forecast|^same weekday|^mean of last/ {
				k = NF
				m = $1; for (i = 2; i <= k - 5; i++) m = m " " $i
				row[++r] = sprintf("| %s | %s | %s | %s | %s | %s | %s | %s | %s |",
					n, p, c, m, $(k-4), $(k-3), $(k-2), $(k-1), $k)
				profit[r] = $k
			}
			END {
				win = profit[1] > profit[2] && profit[1] > profit[3]
				for (i = 1; i <= r; i++) {
					if (i == 1) sub(/smallrun forecast/, win ? "**smallrun** (beats both)" : "**smallrun** (does not beat both)", row[i])
					print row[i]
				}
			}'
	done
}

start=$(date +%s.%N)
{
	echo "Backtest $FROM to $TO, $SALES, $("$BIN" --version)"
	echo
	echo "Stated prices and costs:"
	echo
	table stated
	echo
	echo "Every unit cost at half the price:"
	echo
	table half
} | tee "$OUT"
end=$(date +%s.%N)
echo
echo "30 backtests (10 runs of the binary, each reading the whole file) took" \
	"$(echo "$start $end" | awk '{ printf "%.2f", $2 - $1 }') s" | tee -a "$OUT"
