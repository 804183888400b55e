#!/usr/bin/env bash
# Installs dependencies, builds the extension and runs both test suites.
#
#   tools/test.sh               phpt suite (run-tests.php) + PHPUnit suite
#   tools/test.sh --valgrind    phpt suite under valgrind; any leak or error fails
#   tools/test.sh --asan        phpt + PHPUnit against the AddressSanitizer build
#   tools/test.sh --phpt        only the phpt suite
#   tools/test.sh --phpunit     only the PHPUnit suite
#
# Environment: VTWS_TEST_JOBS (parallel phpt workers, default 1),
# TEST_PHP_ARGS (extra run-tests.php arguments), PHPUNIT_ARGS (extra PHPUnit
# arguments, e.g. "--testsuite client").
set -euo pipefail
. "$(dirname "$0")/lib.sh"

MODE=plain
RUN_PHPT=1
RUN_PHPUNIT=1

parse_args() {
	local arg
	for arg in "$@"; do
		case "$arg" in
		--valgrind) MODE=valgrind RUN_PHPUNIT=0 ;;
		--asan) MODE=asan ;;
		--phpt) RUN_PHPUNIT=0 ;;
		--phpunit) RUN_PHPT=0 ;;
		*) die "usage: tools/test.sh [--valgrind|--asan] [--phpt|--phpunit]" ;;
		esac
	done
}

build_dir() {
	if [ "$MODE" = asan ]; then
		printf '%s\n' "$VTWS_ROOT/build-asan"
	else
		printf '%s\n' "$VTWS_ROOT"
	fi
}

# Environment for the PHP processes under test; empty unless --asan. It is
# applied per command rather than exported, because preloading the sanitizer
# into unrelated tools (mktemp, tee, ...) makes some of them fail.
PHP_ENV=()

# The stock PHP CLI is not instrumented, so the sanitizer runtimes must be
# preloaded, together with a shim that lets PHP dlopen() the ASan build.
prepare_asan_env() {
	local shim="$VTWS_ROOT/build-asan/.vtws-no-deepbind.so"
	gcc -shared -fPIC -O1 -o "$shim" "$VTWS_ROOT/tools/asan/no-deepbind.c" -ldl
	PHP_ENV=(
		"LD_PRELOAD=$shim $(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)"
		"ASAN_OPTIONS=verify_asan_link_order=0:abort_on_error=0:detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
		"UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
		# The Zend allocator hides heap errors from the sanitizer; keeping
		# modules loaded keeps symbol names in the leak reports.
		USE_ZEND_ALLOC=0 ZEND_DONT_UNLOAD_MODULES=1
	)
}

php_under_test() {
	env "${PHP_ENV[@]}" php "$@"
}

count_phpt() {
	find "$VTWS_ROOT/tests" -maxdepth 1 -name '*.phpt' | wc -l
}

run_tests_script() {
	local dir
	dir=$(build_dir)
	if [ -f "$dir/run-tests.php" ]; then
		printf '%s\n' "$dir/run-tests.php"
	else
		ls "$(php-config --prefix)"/lib/php/build/run-tests.php /usr/lib/php/*/build/run-tests.php 2>/dev/null | head -n1
	fi
}

# run-tests.php exits non-zero on FAIL, BORK and LEAK; we also refuse a run in
# which nothing passed (e.g. every test skipped because a server did not start)
# and one with WARN results.
check_phpt_summary() {
	local log=$1 passed warned
	passed=$(sed -n 's/^Tests passed *: *\([0-9]*\).*/\1/p' "$log" | tail -n1)
	warned=$(sed -n 's/^Tests warned *: *\([0-9]*\).*/\1/p' "$log" | tail -n1)
	[ "${passed:-0}" -gt 0 ] || die "no phpt test passed"
	[ "${warned:-0}" -eq 0 ] || die "$warned phpt test(s) warned"
}

# The phpt tests that talk HTTP use one test server started here, outside valgrind and
# the sanitizers, so that only the extension's process is checked.
PHPT_SERVER_PID=
PHPT_SERVER_URL=
PHPT_SERVER_DB=
start_phpt_server() {
	local port
	port=$(free_port)
	PHPT_SERVER_DB=$(mktemp -u --suffix=.sqlite)
	VTWS_SERVER_DB=$PHPT_SERVER_DB PHP_CLI_SERVER_WORKERS=2 \
		setsid php -S "127.0.0.1:$port" "$VTWS_ROOT/tests/server/router.php" >/dev/null 2>&1 &
	PHPT_SERVER_PID=$!
	for _ in $(seq 1 100); do
		php -r 'exit(@file_get_contents($argv[1]) === false ? 1 : 0);' \
			"http://127.0.0.1:$port/__vtws/health" && break
		sleep 0.1
	done
	PHPT_SERVER_URL="http://127.0.0.1:$port"
}

# The Synergy! emulator for the phpt tests of Vtws\Synergy\Client, likewise outside the checks.
PHPT_SYNERGY_PID=
PHPT_SYNERGY_URL=
PHPT_SYNERGY_DIR=
start_phpt_synergy() {
	local port
	port=$(free_port)
	PHPT_SYNERGY_DIR=$(mktemp -d)
	SYNERGY_SERVER_DIR=$PHPT_SYNERGY_DIR PHP_CLI_SERVER_WORKERS=2 \
		setsid php -S "127.0.0.1:$port" "$VTWS_ROOT/tests/synergy-server/router.php" >/dev/null 2>&1 &
	PHPT_SYNERGY_PID=$!
	for _ in $(seq 1 100); do
		php -r 'exit(@file_get_contents($argv[1]) === false ? 1 : 0);' \
			"http://127.0.0.1:$port/__synergy/health" && break
		sleep 0.1
	done
	PHPT_SYNERGY_URL="http://127.0.0.1:$port"
}

stop_phpt_server() {
	[ -n "$PHPT_SERVER_PID" ] && kill -- "-$PHPT_SERVER_PID" 2>/dev/null || true
	PHPT_SERVER_PID=
	# The database, its session locks and its stored attachments.
	if [ -n "$PHPT_SERVER_DB" ]; then
		rm -rf -- "$PHPT_SERVER_DB" "$PHPT_SERVER_DB-wal" "$PHPT_SERVER_DB-shm" "$PHPT_SERVER_DB.lock" \
			"$PHPT_SERVER_DB.sessions" "$PHPT_SERVER_DB.files"
	fi
	PHPT_SERVER_DB=
	[ -n "$PHPT_SYNERGY_PID" ] && kill -- "-$PHPT_SYNERGY_PID" 2>/dev/null || true
	PHPT_SYNERGY_PID=
	[ -n "$PHPT_SYNERGY_DIR" ] && rm -rf "$PHPT_SYNERGY_DIR" || true
	PHPT_SYNERGY_DIR=
}

# LeakSanitizer's own tracer crashes at exit ("Tracer caught signal 11") in some processes
# that have the yaml extension loaded, which fails a test without any leak. The phpt suite
# needs no YAML, so under ASan it runs with the distribution's ini files minus that one.
exclude_yaml_extension() {
	local scan dir ini
	scan=$(php --ini | sed -n 's/^Scan for additional .ini files in: //p')
	[ -n "$scan" ] && [ -d "$scan" ] || return 0
	dir="$VTWS_ROOT/build-asan/.vtws-ini"
	rm -rf "$dir"
	mkdir -p "$dir"
	for ini in "$scan"/*.ini; do
		case "$(basename "$ini")" in
		*yaml*) ;;
		*) ln -s "$ini" "$dir/" ;;
		esac
	done
	PHP_ENV+=("PHP_INI_SCAN_DIR=$dir")
}

run_phpt() {
	local so=$1 log status=0
	local -a extra=()
	section "phpt suite ($MODE, $(count_phpt) tests)"
	[ "$(count_phpt)" -gt 0 ] || die "no tests/*.phpt found"
	if [ "$MODE" = valgrind ]; then
		command -v valgrind >/dev/null || die "valgrind missing; run tools/deps.sh"
		extra=(-m --set-timeout 900)
		PHP_ENV=(USE_ZEND_ALLOC=0 ZEND_DONT_UNLOAD_MODULES=1)
	fi
	local -a outer_env=("${PHP_ENV[@]}")
	if [ "$MODE" = asan ]; then
		exclude_yaml_extension
	fi
	log=$(mktemp)
	start_phpt_server
	start_phpt_synergy
	trap stop_phpt_server EXIT
	# shellcheck disable=SC2086 # TEST_PHP_ARGS is a list of words by design
	VTWS_PHPT_SERVER=$PHPT_SERVER_URL VTWS_PHPT_SYNERGY=$PHPT_SYNERGY_URL TEST_PHP_EXECUTABLE=$(command -v php) NO_INTERACTION=1 REPORT_EXIT_STATUS=1 \
		php_under_test "$(run_tests_script)" -q --no-color --no-progress --show-diff -g FAIL,BORK,LEAK,WARN,XLEAK \
		-j"${VTWS_TEST_JOBS:-1}" -d "extension=$so" "${extra[@]}" ${TEST_PHP_ARGS:-} \
		"$VTWS_ROOT/tests" 2>&1 | tee "$log" || status=$?
	stop_phpt_server
	PHP_ENV=("${outer_env[@]}")
	if [ "$status" -eq 0 ]; then
		check_phpt_summary "$log" || status=1
	fi
	rm -f "$log"
	[ "$status" -eq 0 ] || die "phpt suite failed ($MODE)"
}

# The registry tests need a real MariaDB: a private one (tools/mariadb.sh) for the run,
# unless VTWS_TEST_MYSQL_DSN already names one. Without MariaDB those tests skip locally
# and fail in CI.
MARIADB_DIR=
start_mariadb() {
	local exports
	[ -z "${VTWS_TEST_MYSQL_DSN:-}" ] || return 0
	if exports=$("$VTWS_ROOT/tools/mariadb.sh" start); then
		eval "$exports"
		MARIADB_DIR=$VTWS_TEST_MYSQL_DIR
		echo "MariaDB for the registry tests: $VTWS_TEST_MYSQL_DSN"
	else
		echo "warning: no MariaDB for the registry tests (they skip, or fail with CI=true)" >&2
	fi
}

stop_mariadb() {
	[ -n "$MARIADB_DIR" ] && "$VTWS_ROOT/tools/mariadb.sh" stop "$MARIADB_DIR" || true
	MARIADB_DIR=
}

run_phpunit() {
	local so=$1
	section "PHPUnit suite ($MODE)"
	start_mariadb
	trap 'stop_mariadb; stop_phpt_server' EXIT
	# The tests that start PHP processes of their own load the same build.
	export VTWS_EXTENSION_SO=$so
	if [ "$MODE" = asan ]; then
		# PHPUnit itself leaves a few objects unfreed at exit (seen with the extension not
		# loaded at all), so leak detection stays with the phpt suite, which runs clean;
		# every other ASan and UBSan check stays on.
		PHP_ENV+=("ASAN_OPTIONS=verify_asan_link_order=0:abort_on_error=0:detect_leaks=0")
	fi
	# shellcheck disable=SC2086 # PHPUNIT_ARGS is a list of words by design
	(cd "$VTWS_ROOT" && php_under_test -d "extension=$so" "$(phpunit_bin)" \
		-c phpunit.xml.dist --colors=never ${PHPUNIT_ARGS:-}) || {
		stop_mariadb
		die "PHPUnit suite failed ($MODE)"
	}
	stop_mariadb
}

main() {
	local so
	parse_args "$@"
	section "dependencies"
	"$VTWS_ROOT/tools/deps.sh"
	section "build ($MODE)"
	if [ "$MODE" = asan ]; then
		"$VTWS_ROOT/tools/build.sh" --asan
		prepare_asan_env
	else
		"$VTWS_ROOT/tools/build.sh"
	fi
	so="$(build_dir)/modules/vtws.so"
	php_under_test -d "extension=$so" -r 'exit(extension_loaded("vtws") ? 0 : 1);' ||
		die "PHP cannot load $so"
	[ "$RUN_PHPT" -eq 0 ] || run_phpt "$so"
	[ "$RUN_PHPUNIT" -eq 0 ] || run_phpunit "$so"
	section "all requested tests passed ($MODE)"
}

main "$@"
