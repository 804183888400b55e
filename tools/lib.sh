# Shared helpers for the tools/*.sh scripts; sourced, never run directly.
# shellcheck shell=bash

VTWS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VTWS_CACHE="$VTWS_ROOT/tools/.cache"

section() {
	printf '\n==== %s ====\n' "$*"
}

die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

# PHPUnit from Debian's package, or the copy tools/deps.sh installs with
# Composer when the archive has none.
phpunit_bin() {
	if command -v phpunit >/dev/null 2>&1; then
		command -v phpunit
	elif [ -x "$VTWS_CACHE/phpunit/vendor/bin/phpunit" ]; then
		printf '%s\n' "$VTWS_CACHE/phpunit/vendor/bin/phpunit"
	else
		die "PHPUnit not found; run tools/deps.sh"
	fi
}

# Asks the kernel for an unused port by binding to port 0.
free_port() {
	php -r '$s = stream_socket_server("tcp://127.0.0.1:0", $no, $err) or exit(1);
		$name = stream_socket_get_name($s, false);
		echo substr($name, strrpos($name, ":") + 1), "\n";'
}

# Unpacks a Composer package (no dependencies, no scripts) into DIR once; MARKER is a
# file inside it that proves an earlier download completed.
composer_fetch() {
	local package=$1 dir=$2 marker=$3
	[ -f "$dir/$marker" ] && return
	mkdir -p "$VTWS_CACHE"
	rm -rf "$dir"
	COMPOSER_NO_INTERACTION=1 composer create-project --no-install --no-scripts \
		--no-progress --quiet "$package" "$dir"
	[ -f "$dir/$marker" ] || die "download of $package failed"
}
