#!/usr/bin/env bash
# Style and static checks for the C sources.
#
#   tools/lint.sh          clang-format (dry run) + cppcheck; fails on findings
#   tools/lint.sh --fix    rewrite the sources with clang-format, then cppcheck
set -euo pipefail
. "$(dirname "$0")/lib.sh"

c_sources() {
	(cd "$VTWS_ROOT" && ls src/*.c src/*.h vtws.c php_vtws.h 2>/dev/null)
}

run_clang_format() {
	local fix=$1
	command -v clang-format >/dev/null || die "clang-format missing; run tools/deps.sh"
	section "clang-format"
	cd "$VTWS_ROOT"
	if [ "$fix" -eq 1 ]; then
		c_sources | xargs clang-format -i || return 1
		echo "reformatted $(c_sources | wc -l) files"
	else
		c_sources | xargs clang-format --dry-run --Werror || return 1
		echo "formatting ok"
	fi
}

run_cppcheck() {
	local -a includes
	command -v cppcheck >/dev/null || die "cppcheck missing; run tools/deps.sh"
	section "cppcheck"
	cd "$VTWS_ROOT"
	read -r -a includes <<<"$(php-config --includes)"
	# PHP's headers are only searched for macros; checking them is not our job.
	# ZEND_PARSE_PARAMETERS_START(0, n) expands to "unsigned < 0" comparisons.
	cppcheck --quiet --enable=warning,style,performance,portability --error-exitcode=1 \
		--inline-suppr --std=c11 --suppress=missingIncludeSystem \
		--suppress='*:/usr/include/*' --suppress=unsignedLessThanZero \
		-I. "${includes[@]}" -DZEND_ENABLE_STATIC_TSRMLS_CACHE=1 \
		src vtws.c || return 1
	echo "cppcheck ok"
}

main() {
	local fix=0
	case "${1:-}" in
	"") ;;
	--fix) fix=1 ;;
	*) die "usage: tools/lint.sh [--fix]" ;;
	esac
	[ -n "$(c_sources)" ] || die "no C sources found"
	# Run both so one pass shows every finding.
	local status=0
	run_clang_format "$fix" || status=1
	run_cppcheck || status=1
	[ "$status" -eq 0 ] || die "lint found problems"
}

main "$@"
