#!/usr/bin/env bash
# `composer validate --strict` for a PIE package, also on Debian 12's Composer.
#
# Composer learned the "php-ext" section in 2.7 (needs-value in 2.8). With an
# older Composer we split the job: its strict validation runs on a copy of
# composer.json without "php-ext", and tools/composer-validate.php checks the
# whole file against the schema of a current Composer release, fetched once
# into tools/.cache/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SCHEMA_RELEASE=2.11.2
SCHEMA_DIR="$VTWS_CACHE/composer-$SCHEMA_RELEASE"

composer_knows_php_ext() {
	local version
	version=$(composer --version 2>/dev/null | sed -n 's/^Composer version \([0-9][0-9.]*\).*/\1/p')
	[ -n "$version" ] && [ "$(printf '%s\n%s\n' 2.8.0 "$version" | sort -V | head -n1)" = 2.8.0 ]
}

fetch_schema() {
	composer_fetch "composer/composer:$SCHEMA_RELEASE" "$SCHEMA_DIR" res/composer-schema.json
}

validate_without_php_ext() {
	local work
	work=$(mktemp -d)
	php -r '$m = json_decode(file_get_contents($argv[1]), true, 512, JSON_THROW_ON_ERROR);
		unset($m["php-ext"]);
		file_put_contents($argv[2], json_encode($m, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES));' \
		"$VTWS_ROOT/composer.json" "$work/composer.json"
	(cd "$work" && COMPOSER_NO_INTERACTION=1 composer validate --strict --no-check-lock) || {
		rm -rf "$work"
		die "composer validate --strict failed"
	}
	rm -rf "$work"
}

main() {
	cd "$VTWS_ROOT"
	if composer_knows_php_ext; then
		COMPOSER_NO_INTERACTION=1 composer validate --strict
		return
	fi
	echo "Composer $(composer --version 2>/dev/null | awk '{print $3}') predates php-ext; validating in two steps"
	validate_without_php_ext
	fetch_schema
	php "$VTWS_ROOT/tools/composer-validate.php" "$VTWS_ROOT/composer.json" "$SCHEMA_DIR/res/composer-schema.json"
}

main "$@"
