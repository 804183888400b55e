#!/usr/bin/env bash
# A private, throw-away MariaDB server for the tests that need a real database. It has its
# own data directory, socket and port and reads no system option file, so it never touches
# the system service or the databases of a MariaDB that is already running. Durability is
# traded for speed (no fsync): the data are thrown away at the end anyway.
#
#   eval "$(tools/mariadb.sh start)"   start one; prints the export lines below
#   tools/mariadb.sh stop [DIR]        stop it and delete its directory
#                                      (DIR defaults to $VTWS_TEST_MYSQL_DIR)
#   tools/mariadb.sh status [DIR]      exit 0 when it answers
#
# Exports: VTWS_TEST_MYSQL_DSN (PDO DSN over TCP on 127.0.0.1), VTWS_TEST_MYSQL_USER,
# VTWS_TEST_MYSQL_PASSWORD, VTWS_TEST_MYSQL_SOCKET and VTWS_TEST_MYSQL_DIR. The user owns
# the database vtws_test and may create databases named vtws_test_*.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

DB_NAME=vtws_test
DB_USER=vtws
DB_PASSWORD=vtws-test-password

find_binary() {
	local name
	for name in "$@"; do
		if command -v "$name" >/dev/null 2>&1; then
			command -v "$name"
			return
		fi
		if [ -x "/usr/sbin/$name" ]; then
			printf '%s\n' "/usr/sbin/$name"
			return
		fi
	done
	return 1
}

# mariadbd refuses to run as root unless told which account to use.
user_args() {
	if [ "$(id -u)" -eq 0 ]; then
		printf '%s\n' "--user=$(id -un)"
	fi
}

client() {
	local dir=$1
	shift
	"$(find_binary mariadb mysql)" --no-defaults --protocol=socket --socket="$dir/mysqld.sock" \
		-uroot "$@"
}

wait_until_up() {
	local dir=$1 pid=$2
	for _ in $(seq 1 300); do
		if client "$dir" -e 'SELECT 1' >/dev/null 2>&1; then
			return 0
		fi
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	cat "$dir/error.log" >&2 || true
	return 1
}

start() {
	local server install dir port pid
	server=$(find_binary mariadbd mysqld) || die "mariadbd not found; install mariadb-server (tools/deps.sh)"
	install=$(find_binary mariadb-install-db mysql_install_db) || die "mariadb-install-db not found"
	dir=$(mktemp -d "${TMPDIR:-/tmp}/vtws-mariadb.XXXXXX")
	chmod 755 "$dir"
	"$install" --no-defaults $(user_args) --datadir="$dir/data" --auth-root-authentication-method=socket \
		--skip-test-db >"$dir/install.log" 2>&1 || {
		cat "$dir/install.log" >&2
		die "mariadb-install-db failed"
	}
	port=$(free_port)
	setsid "$server" --no-defaults $(user_args) --datadir="$dir/data" --socket="$dir/mysqld.sock" \
		--port="$port" --bind-address=127.0.0.1 --pid-file="$dir/mysqld.pid" --log-error="$dir/error.log" \
		--tmpdir="$dir" --skip-log-bin --innodb-buffer-pool-size=32M --innodb-log-file-size=16M \
		--character-set-server=utf8mb3 --collation-server=utf8mb3_general_ci \
		--innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --innodb-flush-method=nosync \
		>/dev/null 2>&1 </dev/null &
	pid=$!
	printf '%s\n' "$pid" >"$dir/server.pid"
	wait_until_up "$dir" "$pid" || die "MariaDB did not start (see above)"
	client "$dir" <<-SQL
		CREATE DATABASE $DB_NAME CHARACTER SET utf8mb3 COLLATE utf8mb3_general_ci;
		CREATE USER '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASSWORD';
		CREATE USER '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
		GRANT ALL ON \`${DB_NAME}\`.* TO '$DB_USER'@'127.0.0.1', '$DB_USER'@'localhost';
		GRANT ALL ON \`${DB_NAME}\_%\`.* TO '$DB_USER'@'127.0.0.1', '$DB_USER'@'localhost';
	SQL
	printf 'export VTWS_TEST_MYSQL_DSN=%q\n' "mysql:host=127.0.0.1;port=$port;dbname=$DB_NAME;charset=utf8"
	printf 'export VTWS_TEST_MYSQL_USER=%q\n' "$DB_USER"
	printf 'export VTWS_TEST_MYSQL_PASSWORD=%q\n' "$DB_PASSWORD"
	printf 'export VTWS_TEST_MYSQL_SOCKET=%q\n' "$dir/mysqld.sock"
	printf 'export VTWS_TEST_MYSQL_DIR=%q\n' "$dir"
}

# Only a directory this script made (it holds our pid file) is ever stopped and removed.
stop() {
	local dir=${1:-${VTWS_TEST_MYSQL_DIR:-}} pid
	[ -n "$dir" ] || die "usage: tools/mariadb.sh stop DIR (or set VTWS_TEST_MYSQL_DIR)"
	[ -f "$dir/server.pid" ] || die "$dir was not made by tools/mariadb.sh"
	pid=$(cat "$dir/server.pid")
	if kill -0 "$pid" 2>/dev/null; then
		kill "$pid"
		for _ in $(seq 1 300); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
	fi
	rm -rf "$dir"
}

status() {
	local dir=${1:-${VTWS_TEST_MYSQL_DIR:-}}
	[ -n "$dir" ] && [ -S "$dir/mysqld.sock" ] && client "$dir" -e 'SELECT 1' >/dev/null 2>&1
}

case "${1:-}" in
start) start ;;
stop) stop "${2:-}" ;;
status) status "${2:-}" ;;
*) die "usage: tools/mariadb.sh start|stop [DIR]|status [DIR]" ;;
esac
