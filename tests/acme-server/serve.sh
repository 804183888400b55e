#!/bin/sh
# Runs the Acme Directory emulator in the foreground.
# Usage: tests/acme-server/serve.sh [PORT]   (default 8091; data: $ACME_SERVER_DB or a temp file per port)
set -eu
port="${1:-8091}"
here="$(cd "$(dirname "$0")" && pwd)"
export PHP_CLI_SERVER_WORKERS="${PHP_CLI_SERVER_WORKERS:-2}"
echo "Acme Directory emulator: http://127.0.0.1:${port}/v2 (API key k-123, controls under /__acme/)"
exec "${PHP:-php}" -S "127.0.0.1:${port}" "${here}/router.php"
