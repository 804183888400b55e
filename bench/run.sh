#!/usr/bin/env bash
# Runs every benchmark against a fresh build; results are printed side by side with ratios.
#
#   bench/run.sh            all benchmarks (a few minutes)
#   bench/run.sh --quick    one run of each large workload
#
# Environment: see bench/workloads.php (BENCH_WORKERS, BENCH_LATENCY_MS, BENCH_CONCURRENCY,
# BENCH_RUNS) and VTWS_FIXTURES (recorded bodies, default ../shared/fixtures/vtiger-8.0).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--quick" ]; then
	export BENCH_RUNS=1
fi
tools/build.sh >/dev/null
so="$PWD/modules/vtws.so"
run() {
	printf '\n==== %s ====\n' "$*"
	php -d "extension=$so" "$@"
}

for script in bench/decode.php bench/encode.php; do
	[ -f "$script" ] && run "$script"
done
run bench/overhead.php
# The export at 20 ms: 4 workers like the measured Vtiger, then 8 workers and 8 sessions.
run bench/workloads.php
BENCH_WORKERS=8 BENCH_CONCURRENCY=8 BENCH_ONLY=export,creates run bench/workloads.php
run bench/upload.php
