#!/bin/sh
# deps.sh - make sure the Debian packages smallrun needs are installed.
#
#   scripts/deps.sh build|test|bench
#
# build: what `make` and `make run` need; test: also what `make test` needs;
# bench: also what `make bench` needs. As root, missing packages are
# installed with apt-get; otherwise the exact apt-get line is printed and the
# script fails, so nothing half-works.
set -eu

profile=${1:-build}
pkgs="gcc make pkg-config libc6-dev libmicrohttpd-dev libjansson-dev libsqlite3-dev libpq-dev libsodium-dev libqrencode-dev libcairo2-dev libpango1.0-dev libzint-dev fonts-dejavu-core"
case $profile in
build) ;;
test) pkgs="$pkgs libcriterion-dev clang libclang-rt-14-dev chromium sqlite3 openssl librsvg2-bin zbar-tools poppler-utils postgresql nginx-light" ;;
# The HTTP engine comparison (bench/engines.sh) builds each candidate.
bench) pkgs="$pkgs wrk nginx-light libcivetweb-dev libh2o-evloop-dev libevent-dev postgresql" ;;
*) echo "usage: scripts/deps.sh build|test|bench" >&2; exit 2 ;;
esac

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done
# Node.js may come from Debian or elsewhere: only its commands matter.
if [ "$profile" = test ]; then
	command -v node >/dev/null 2>&1 || missing="$missing nodejs"
	command -v npm >/dev/null 2>&1 || missing="$missing npm"
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "smallrun needs these Debian packages:$missing" >&2
	echo "install them with:" >&2
	echo "  sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have no package lists yet, or stale ones.
apt-get update -qq
# shellcheck disable=SC2086 # one word per package is intended
apt-get install -y -qq --no-install-recommends $missing
