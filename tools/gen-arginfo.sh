#!/usr/bin/env bash
# Regenerates every *_arginfo.h from its *.stub.php with the gen_stub.php that
# php8.2-dev ships.
#
#   tools/gen-arginfo.sh           rewrite the headers in place
#   tools/gen-arginfo.sh --check   regenerate into a scratch copy and fail if
#                                  a committed header differs (used by CI)
#
# gen_stub.php downloads PHP-Parser from GitHub on first use, which fails on
# machines without general network access. We fetch the exact version it
# expects through Composer once (cached in tools/.cache/) and place it beside
# a scratch copy of gen_stub.php, where gen_stub looks first.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PARSER_VERSION=4.15.1
PARSER_DIR="$VTWS_CACHE/PHP-Parser-$PARSER_VERSION"

find_gen_stub() {
	local candidate
	for candidate in "$(php-config --prefix)/lib/php/build/gen_stub.php" /usr/lib/php/*/build/gen_stub.php; do
		if [ -f "$candidate" ]; then
			printf '%s\n' "$candidate"
			return
		fi
	done
	die "gen_stub.php not found; install php8.2-dev (tools/deps.sh)"
}

fetch_parser() {
	composer_fetch "nikic/php-parser:$PARSER_VERSION" "$PARSER_DIR" lib/PhpParser/Parser.php
}

# Prints the stub files relative to the repository root.
list_stubs() {
	(cd "$VTWS_ROOT" && find stubs src -name '*.stub.php' 2>/dev/null | sort)
}

prepare_generator() {
	local work=$1
	cp "$(find_gen_stub)" "$work/gen_stub.php"
	ln -s "$PARSER_DIR" "$work/PHP-Parser-$PARSER_VERSION"
}

generate_in() {
	local work=$1 tree=$2 stub
	while IFS= read -r stub; do
		php "$work/gen_stub.php" --force-regeneration "$tree/$stub" >/dev/null
	done < <(list_stubs)
}

copy_stubs_to() {
	local tree=$1 stub
	while IFS= read -r stub; do
		mkdir -p "$tree/$(dirname "$stub")"
		cp "$VTWS_ROOT/$stub" "$tree/$stub"
	done < <(list_stubs)
}

check_against() {
	local tree=$1 stub header status=0
	while IFS= read -r stub; do
		header="${stub%.stub.php}_arginfo.h"
		if [ ! -f "$VTWS_ROOT/$header" ]; then
			printf 'missing: %s (run tools/gen-arginfo.sh)\n' "$header"
			status=1
		elif ! diff -u "$VTWS_ROOT/$header" "$tree/$header"; then
			printf 'stale: %s differs from %s (run tools/gen-arginfo.sh)\n' "$header" "$stub"
			status=1
		fi
	done < <(list_stubs)
	return "$status"
}

WORK_DIR=""
cleanup() {
	if [ -n "$WORK_DIR" ]; then rm -rf "$WORK_DIR"; fi
}

main() {
	local mode=${1:-write} work
	[ -n "$(list_stubs)" ] || die "no *.stub.php files found"
	fetch_parser
	WORK_DIR=$(mktemp -d)
	trap cleanup EXIT
	work=$WORK_DIR
	prepare_generator "$work"
	case "$mode" in
	write)
		generate_in "$work" "$VTWS_ROOT"
		list_stubs | sed 's/\.stub\.php$/_arginfo.h/; s/^/generated: /'
		;;
	--check)
		mkdir "$work/tree"
		copy_stubs_to "$work/tree"
		generate_in "$work" "$work/tree"
		check_against "$work/tree"
		echo "arginfo headers are up to date"
		;;
	*)
		die "usage: tools/gen-arginfo.sh [--check]"
		;;
	esac
}

main "$@"
