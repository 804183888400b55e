#!/bin/sh
# Runs the Vtiger-compatible test server in the foreground.
# Usage: tests/server/serve.sh [PORT]   (default 8088; database: $VTWS_SERVER_DB or a temp file per port)
set -eu
port="${1:-8088}"
here="$(cd "$(dirname "$0")" && pwd)"
export PHP_CLI_SERVER_WORKERS="${PHP_CLI_SERVER_WORKERS:-4}"
echo "Vtiger test server: http://127.0.0.1:${port}/webservice.php (controls under /__vtws/)"
exec "${PHP:-php}" -d upload_max_filesize=64M -d post_max_size=96M -d memory_limit=1G \
	-S "127.0.0.1:${port}" "${here}/router.php"
