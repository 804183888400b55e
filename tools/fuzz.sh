#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/*_fuzzer.c linked with the extension's sources
# and the embedded PHP engine, under ASan and UBSan), replays every saved regression
# input, then fuzzes each target for its share of the time.
#
#   tools/fuzz.sh                   60 seconds in all (the CI smoke run)
#   tools/fuzz.sh --time 3600       one hour in all, split between the targets
#   tools/fuzz.sh --only decode     one target
#   tools/fuzz.sh --build           build only
#
# Seeds: tests/fuzz/seeds/<target>/ plus inputs made from ../shared/fixtures (beside the
# repository, or $VTWS_SHARED/fixtures) when present. The growing corpus stays in build-fuzz/corpus/ between runs.
# Any crash, leak or sanitizer report fails the run; the input that caused it is copied to
# tests/fuzz/regressions/<target>/, which is replayed on every later run (commit it with
# the fix).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

TARGETS=(decode encode vtql options)
OUT="$VTWS_ROOT/build-fuzz"
FIXTURES="${VTWS_SHARED:-$VTWS_ROOT/../shared}/fixtures/vtiger-8.0"
SANITIZE="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
CFLAGS_FUZZ="-g -O1 -D_GNU_SOURCE -fno-omit-frame-pointer $SANITIZE"

compile_objects() {
	local -a includes
	# libxml2 for the Sync Connector loader, found as config.m4 finds it.
	read -r -a includes <<<"$(php-config --includes) $(pkg-config --cflags libxml-2.0)"
	mkdir -p "$OUT/obj"
	local src obj
	for src in "$VTWS_ROOT"/vtws.c "$VTWS_ROOT"/src/*.c "$VTWS_ROOT"/tests/fuzz/fuzz_engine.c; do
		obj="$OUT/obj/$(basename "${src%.c}").o"
		# -fsanitize=fuzzer-no-link gives coverage feedback from our code only.
		clang $CFLAGS_FUZZ -fsanitize=fuzzer-no-link -I"$VTWS_ROOT" -I"$VTWS_ROOT/tests/fuzz" \
			"${includes[@]}" -c "$src" -o "$obj" || die "compiling $src failed"
	done
}

build_target() {
	local target=$1
	local -a includes
	read -r -a includes <<<"$(php-config --includes)"
	clang $CFLAGS_FUZZ -fsanitize=fuzzer -I"$VTWS_ROOT" -I"$VTWS_ROOT/tests/fuzz" "${includes[@]}" \
		"$VTWS_ROOT/tests/fuzz/${target}_fuzzer.c" "$OUT"/obj/*.o \
		-L"$(php-config --prefix)/lib" -lphp8.2 -lcurl -lcrypto $(pkg-config --libs libxml-2.0) -o "$OUT/${target}_fuzzer" ||
		die "linking the $target target failed"
}

build_all() {
	section "build fuzz targets (clang, libFuzzer, ASan, UBSan)"
	command -v clang >/dev/null || die "clang missing; run tools/deps.sh"
	[ -f /usr/lib/libphp8.2.so ] || [ -f "$(php-config --prefix)/lib/libphp8.2.so" ] ||
		die "libphp8.2.so (the embed SAPI) missing; run tools/deps.sh"
	rm -rf "$OUT/obj"
	compile_objects
	local target
	for target in "${TARGETS[@]}"; do
		build_target "$target"
		printf 'built: %s\n' "$OUT/${target}_fuzzer"
	done
}

# Options shared by replay and fuzzing. Leaks are checked after every input.
fuzzer_env() {
	env ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:allocator_may_return_null=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
		LSAN_OPTIONS="suppressions=$VTWS_ROOT/tests/fuzz/lsan.supp:print_suppressions=0" \
		UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" "$@"
}

replay_regressions() {
	local target=$1 dir="$VTWS_ROOT/tests/fuzz/regressions/$1"
	local -a inputs=()
	[ -d "$dir" ] && mapfile -t inputs < <(find "$dir" -type f ! -name '.*' | sort)
	if [ "${#inputs[@]}" -eq 0 ]; then
		printf '%-8s regressions: none saved\n' "$target"
		return 0
	fi
	fuzzer_env "$OUT/${target}_fuzzer" -runs=1 "${inputs[@]}" >"$OUT/logs/$target-replay.log" 2>&1 || {
		tail -n 60 "$OUT/logs/$target-replay.log" >&2
		die "$target: a saved regression input fails again"
	}
	printf '%-8s regressions: %d inputs replayed clean\n' "$target" "${#inputs[@]}"
}

make_shared_seeds() {
	rm -rf "$OUT/seeds-fixtures"
	if [ -d "$FIXTURES" ]; then
		php "$VTWS_ROOT/tests/fuzz/seeds-from-fixtures.php" "$FIXTURES" "$OUT/seeds-fixtures"
	else
		echo "note: $FIXTURES not found; using the committed seeds only"
	fi
}

# Moves what libFuzzer saved for a failing input into the regression set.
keep_crash_inputs() {
	local target=$1 file kept=0
	mkdir -p "$VTWS_ROOT/tests/fuzz/regressions/$target"
	for file in "$OUT/artifacts/$target/"*; do
		[ -f "$file" ] || continue
		cp "$file" "$VTWS_ROOT/tests/fuzz/regressions/$target/"
		printf 'saved %s\n' "tests/fuzz/regressions/$target/$(basename "$file")" >&2
		kept=1
	done
	[ "$kept" -eq 1 ] || echo "no input was saved (the fuzzer itself failed?)" >&2
}

fuzz_target() {
	local target=$1 seconds=$2 log="$OUT/logs/$1.log" status=0
	local -a corpora=("$OUT/corpus/$target" "$VTWS_ROOT/tests/fuzz/seeds/$target")
	[ -d "$OUT/seeds-fixtures/$target" ] && corpora+=("$OUT/seeds-fixtures/$target")
	local -a dict=()
	[ -f "$VTWS_ROOT/tests/fuzz/$target.dict" ] && dict=(-dict="$VTWS_ROOT/tests/fuzz/$target.dict")
	mkdir -p "$OUT/corpus/$target" "$OUT/artifacts/$target"
	rm -f "$OUT/artifacts/$target/"*
	fuzzer_env "$OUT/${target}_fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
		-max_len=16384 -print_final_stats=1 -artifact_prefix="$OUT/artifacts/$target/" "${dict[@]}" \
		"${corpora[@]}" >"$log" 2>&1 || status=$?
	report_target "$target" "$log"
	if [ "$status" -ne 0 ] || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$log"; then
		grep -E -m 20 'ERROR:|runtime error:|fuzz:|SUMMARY:' "$log" >&2 || true
		keep_crash_inputs "$target"
		die "$target: the fuzzer found a problem (log: $log)"
	fi
}

# One line per target: executions, coverage (edges) and features from libFuzzer's output.
report_target() {
	local target=$1 log=$2 last execs corpus
	last=$(grep -E '^#[0-9]+' "$log" | grep 'cov:' | tail -n1 || true)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
	corpus=$(find "$OUT/corpus/$target" -type f | wc -l)
	printf '%-8s execs=%s %s corpus-files=%s\n' "$target" "${execs:-?}" \
		"$(printf '%s' "$last" | grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9a-zA-Z]+' || echo 'cov: ?')" \
		"$corpus"
}

main() {
	local total=60 only="" build_only=0
	while [ $# -gt 0 ]; do
		case "$1" in
		--time) total=${2:?--time needs seconds}; shift ;;
		--only) only=${2:?--only needs a target}; shift ;;
		--build) build_only=1 ;;
		*) die "usage: tools/fuzz.sh [--time SECONDS] [--only TARGET] [--build]" ;;
		esac
		shift
	done
	if [ -n "$only" ]; then
		[[ " ${TARGETS[*]} " == *" $only "* ]] || die "unknown target $only (${TARGETS[*]})"
		TARGETS=("$only")
	fi
	build_all
	[ "$build_only" -eq 0 ] || return 0
	mkdir -p "$OUT/logs"
	section "replay saved regression inputs"
	local target
	for target in "${TARGETS[@]}"; do
		replay_regressions "$target"
	done
	make_shared_seeds
	local share=$((total / ${#TARGETS[@]}))
	[ "$share" -ge 1 ] || share=1
	section "fuzz ${#TARGETS[@]} targets, ${share}s each"
	for target in "${TARGETS[@]}"; do
		fuzz_target "$target" "$share"
	done
	section "fuzzing found nothing"
}

main "$@"
