#!/bin/sh
# Runs the Synergy! database API emulator in the foreground.
# Usage: tests/synergy-server/serve.sh [PORT]   (default 8089; data: $SYNERGY_SERVER_DIR or a temp directory per port)
set -eu
port="${1:-8089}"
here="$(cd "$(dirname "$0")" && pwd)"
export PHP_CLI_SERVER_WORKERS="${PHP_CLI_SERVER_WORKERS:-2}"
echo "Synergy! emulator: http://127.0.0.1:${port}/ (token: /oauth2/token, controls under /__synergy/)"
exec "${PHP:-php}" -S "127.0.0.1:${port}" "${here}/router.php"
