#!/usr/bin/env bash
# Runs every benchmark against a fresh build; results are printed side by side with ratios.
#
#   bench/run.sh            all benchmarks (a few minutes)
#   bench/run.sh --quick    one run of each large workload
#
# Environment: see bench/workloads.php (BENCH_WORKERS, BENCH_LATENCY_MS, BENCH_CONCURRENCY,
# BENCH_RUNS), bench/sync.php (BENCH_ONLY=push|pull) and VTWS_FIXTURES (recorded bodies,
# default ../shared/fixtures/vtiger-8.0).
# VTWS_BENCH_SIMDJSON=/path/to/simdjson.so adds simdjson_decode() as a column of decode.php
# (the simdjson extension, built separately; it is not part of this repository).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--quick" ]; then
	export BENCH_RUNS=1
fi
tools/build.sh >/dev/null
so="$PWD/modules/vtws.so"
run() {
	printf '\n==== %s ====\n' "${*: -1}"
	php -d "extension=$so" "$@"
}

simdjson=()
if [ -n "${VTWS_BENCH_SIMDJSON:-}" ]; then
	if [ ! -f "$VTWS_BENCH_SIMDJSON" ]; then
		echo "VTWS_BENCH_SIMDJSON: no such file: $VTWS_BENCH_SIMDJSON" >&2
		exit 1
	fi
	simdjson=(-d "extension=$VTWS_BENCH_SIMDJSON")
fi
run "${simdjson[@]}" bench/decode.php
run bench/encode.php
run bench/overhead.php
# The export at 20 ms: 4 workers like the measured Vtiger, then 8 workers and 8 sessions.
run bench/workloads.php
BENCH_WORKERS=8 BENCH_CONCURRENCY=8 BENCH_ONLY=export,creates run bench/workloads.php
run bench/upload.php
# The Sync Connector runtime: 10,000 contacts pushed to and pulled from the Acme emulator.
run bench/sync.php
