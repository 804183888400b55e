#!/usr/bin/env bash
# Builds the extension with phpize.
#
#   tools/build.sh           build in the source tree -> modules/vtws.so
#   tools/build.sh --asan    build a copy in build-asan/ with AddressSanitizer
#                            and UBSan -> build-asan/modules/vtws.so
#   tools/build.sh --strict  build a copy in build-strict/ with extra warnings as
#                            errors (what php-src's debug builds warn about, and more)
#   tools/build.sh --clean   remove every phpize artefact first
#
# Extra compiler flags pass through the CFLAGS environment variable. The
# configure step is skipped when neither config.m4 nor CFLAGS changed since
# the last build, so repeated runs only recompile what make finds stale.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ASAN_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -g -O1"
STRICT_FLAGS="-Werror -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
-Wno-unused-parameter -Wpointer-arith -Wundef -Wvla -Wimplicit-fallthrough -Wold-style-definition"

# PHP's own headers as system headers, so the strict flags judge only our code.
php_headers_as_system() {
	local dir
	for dir in $(php-config --includes); do
		printf -- '-isystem %s ' "${dir#-I}"
	done
}

# Files that make up the package sources, whether or not they are committed yet.
list_sources() {
	if git -C "$VTWS_ROOT" rev-parse --git-dir >/dev/null 2>&1; then
		git -C "$VTWS_ROOT" ls-files --cached --others --exclude-standard \
			-- config.m4 config.w32 '*.c' '*.h' 'stubs/*' 'tests/*'
	else
		(cd "$VTWS_ROOT" && find config.m4 config.w32 ./*.c ./*.h src stubs tests -type f 2>/dev/null)
	fi
}

copy_sources_to() {
	local dir=$1
	mkdir -p "$dir"
	(cd "$VTWS_ROOT" && list_sources | while IFS= read -r file; do
		[ -f "$file" ] || continue
		mkdir -p "$dir/$(dirname "$file")"
		cp -p "$file" "$dir/$file"
	done)
}

configure_stamp() {
	printf '%s\n' "CFLAGS=${CFLAGS:-}" "LDFLAGS=${LDFLAGS:-}" "$(sha1sum config.m4)" "$(php-config --version)"
}

# Keeps autotools chatter out of the output unless the step fails.
run_logged() {
	local log=".vtws-$1"
	shift
	if ! "$@" >"$log" 2>&1; then
		tail -n 40 "$log" >&2
		die "$* failed in $PWD (full log: $PWD/$log)"
	fi
}

needs_configure() {
	[ ! -f Makefile ] || [ ! -f .vtws-configure-stamp ] || [ "$(configure_stamp)" != "$(cat .vtws-configure-stamp)" ]
}

build_in() {
	local dir=$1
	cd "$dir"
	[ -f config.m4 ] || die "config.m4 missing in $dir"
	if needs_configure; then
		rm -f .vtws-configure-stamp
		run_logged phpize.log phpize
		run_logged configure.log ./configure --enable-vtws --with-php-config="$(command -v php-config)"
		configure_stamp >.vtws-configure-stamp
	fi
	make -j"$(nproc 2>/dev/null || echo 2)" ${MAKE_EXTRA_CFLAGS:+EXTRA_CFLAGS="$MAKE_EXTRA_CFLAGS"} >/dev/null ||
		die "make failed in $dir"
	[ -f modules/vtws.so ] || die "make finished without producing modules/vtws.so"
	printf 'built: %s\n' "$dir/modules/vtws.so"
}

clean_tree() {
	local dir=$1
	if [ -f "$dir/Makefile" ]; then
		(cd "$dir" && make distclean >/dev/null 2>&1 || true)
	fi
	(cd "$dir" && phpize --clean >/dev/null 2>&1 || true)
	rm -f "$dir/.vtws-configure-stamp"
}

main() {
	local asan=0 strict=0 clean=0 arg
	for arg in "$@"; do
		case "$arg" in
		--asan) asan=1 ;;
		--strict) strict=1 ;;
		--clean) clean=1 ;;
		*) die "usage: tools/build.sh [--asan|--strict] [--clean]" ;;
		esac
	done
	if [ "$strict" -eq 1 ]; then
		[ "$clean" -eq 0 ] || rm -rf "$VTWS_ROOT/build-strict"
		copy_sources_to "$VTWS_ROOT/build-strict"
		# Passed to make only: configure's own probes must not meet -Werror. Every object is
		# rebuilt so that no warning hides in an object compiled before.
		find "$VTWS_ROOT/build-strict" \( -name '*.lo' -o -name '*.o' \) -delete
		MAKE_EXTRA_CFLAGS="$(php_headers_as_system)$STRICT_FLAGS ${CFLAGS:-}"
		build_in "$VTWS_ROOT/build-strict"
	elif [ "$asan" -eq 1 ]; then
		[ "$clean" -eq 0 ] || rm -rf "$VTWS_ROOT/build-asan"
		copy_sources_to "$VTWS_ROOT/build-asan"
		export CFLAGS="$ASAN_FLAGS ${CFLAGS:-}"
		export LDFLAGS="-fsanitize=address,undefined ${LDFLAGS:-}"
		build_in "$VTWS_ROOT/build-asan"
	else
		[ "$clean" -eq 0 ] || clean_tree "$VTWS_ROOT"
		build_in "$VTWS_ROOT"
	fi
}

main "$@"
