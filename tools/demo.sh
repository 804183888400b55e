#!/usr/bin/env bash
# Builds vtws and runs examples/quickstart.php against the bundled
# Vtiger-compatible test server on a free local port.
#
#   tools/demo.sh
#
# Set VTIGER_URL (plus VTIGER_USER and VTIGER_ACCESS_KEY) to run the same tour
# against a real Vtiger instead; no local server is started then.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SERVER_PID=""
SERVER_LOG=""

stop_server() {
	if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
		# The server runs in its own process group so that php -S workers
		# started by the launcher go away with it.
		kill -- "-$SERVER_PID" 2>/dev/null || kill "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
	fi
	SERVER_PID=""
}

cleanup() {
	stop_server
	if [ -n "$SERVER_LOG" ]; then rm -f "$SERVER_LOG"; fi
}

start_server() {
	local port=$1 log=$2
	cd "$VTWS_ROOT"
	if [ -x tests/server/serve.sh ]; then
		setsid tests/server/serve.sh "$port" >"$log" 2>&1 &
	elif [ -f tests/server/router.php ]; then
		setsid php -S "127.0.0.1:$port" tests/server/router.php >"$log" 2>&1 &
	else
		die "the test server (tests/server/) is missing"
	fi
	SERVER_PID=$!
}

# Polls until the port accepts connections; gives up after about 20 seconds.
wait_for_server() {
	local port=$1 log=$2 attempt
	for attempt in $(seq 1 200); do
		if php -r '$s = @fsockopen("127.0.0.1", (int) $argv[1], $no, $err, 1.0); exit($s ? 0 : 1);' "$port"; then
			return
		fi
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.1
	done
	cat "$log" >&2
	die "the test server did not start on port $port"
}

main() {
	local so="$VTWS_ROOT/modules/vtws.so" port url
	section "dependencies"
	"$VTWS_ROOT/tools/deps.sh"
	section "build"
	"$VTWS_ROOT/tools/build.sh"

	if [ -n "${VTIGER_URL:-}" ]; then
		section "quickstart against $VTIGER_URL"
		php -d "extension=$so" "$VTWS_ROOT/examples/quickstart.php"
		return
	fi

	port=$(free_port)
	SERVER_LOG=$(mktemp)
	trap cleanup EXIT
	section "test server on 127.0.0.1:$port"
	start_server "$port" "$SERVER_LOG"
	wait_for_server "$port" "$SERVER_LOG"
	echo "server pid $SERVER_PID"

	url="http://127.0.0.1:$port"
	section "quickstart against $url"
	php -d "extension=$so" "$VTWS_ROOT/examples/quickstart.php" "$url" admin vtwsAdminAccessK
}

main "$@"
