#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine needs to build, test and lint vtws.
# Idempotent: when every package is already installed it touches neither apt
# nor the network, so repeated runs are fast and work offline.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PACKAGES=(
	php8.2-cli php8.2-dev php8.2-curl php8.2-sqlite3 php8.2-mbstring php8.2-xml
	libcurl4-openssl-dev libssl-dev libxml2-dev pkg-config build-essential
	valgrind composer git unzip ca-certificates
	clang-format cppcheck
	mariadb-server php8.2-mysql
	clang libclang-rt-14-dev libphp8.2-embed openssl
	php8.2-yaml php-json-schema
)

log() { printf 'deps: %s\n' "$*"; }

missing_packages() {
	local pkg
	for pkg in "$@"; do
		if ! dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed'; then
			printf '%s\n' "$pkg"
		fi
	done
}

as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		die "need root (or sudo) to run: $*"
	fi
}

apt_updated=0
apt_update_once() {
	if [ "$apt_updated" -eq 0 ]; then
		as_root env DEBIAN_FRONTEND=noninteractive apt-get update
		apt_updated=1
	fi
}

apt_install() {
	apt_update_once
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

install_system_packages() {
	local missing
	missing=$(missing_packages "${PACKAGES[@]}")
	if [ -z "$missing" ]; then
		log "system packages already installed"
		return
	fi
	# shellcheck disable=SC2086 # one package name per word is intended
	apt_install $missing
}

debian_has_phpunit() {
	apt-cache policy phpunit 2>/dev/null | grep -q 'Candidate: [0-9]'
}

# Debian 12 packages PHPUnit 9.6; the Composer fallback (kept out of the
# extension's own composer.json) covers derivatives whose archive lacks it.
install_phpunit() {
	if command -v phpunit >/dev/null 2>&1 || [ -x "$VTWS_CACHE/phpunit/vendor/bin/phpunit" ]; then
		log "phpunit already available"
		return
	fi
	apt_update_once
	if debian_has_phpunit; then
		apt_install phpunit
	else
		log "no Debian phpunit package; installing PHPUnit 9.6 with Composer"
		mkdir -p "$VTWS_CACHE/phpunit"
		COMPOSER_NO_INTERACTION=1 composer --working-dir="$VTWS_CACHE/phpunit" \
			require --no-progress 'phpunit/phpunit:^9.6'
	fi
}

install_system_packages
install_phpunit
log "ok: PHP $(php -r 'echo PHP_VERSION;'), $("$(phpunit_bin)" --version | head -n1)"
