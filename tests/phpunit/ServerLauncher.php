<?php

declare(strict_types=1);

namespace Vtws\Tests;

require_once __DIR__ . '/PhpServerLauncher.php';

/**
 * Starts the Vtiger-compatible test server (tests/server/router.php) once per PHP
 * process on a free port with its own SQLite file, and stops it at shutdown.
 * With VTWS_TEST_URL set, that server is used instead.
 */
final class ServerLauncher
{
    private static ?string $url = null;
    private static ?PhpServerLauncher $server = null;
    private static ?string $database = null;
    private static ?int $port = null;

    public static function start(): string
    {
        if (self::$url !== null) {
            return self::$url;
        }
        $external = getenv('VTWS_TEST_URL');
        if (is_string($external) && $external !== '') {
            return self::$url = rtrim($external, '/');
        }
        $port = PhpServerLauncher::freePort();
        self::$port = $port;
        self::$database = sys_get_temp_dir() . '/vtws-test-' . getmypid() . '-' . $port . '.sqlite';
        self::$server = new PhpServerLauncher('the test server', dirname(__DIR__) . '/server/router.php', '/__vtws/health',
            sys_get_temp_dir() . '/vtws-test-server-' . $port . '.log',
            ['PHP_CLI_SERVER_WORKERS' => '4', 'VTWS_SERVER_DB' => self::$database],
            // Uploads of Documents go up to tens of megabytes, as real attachments do.
            ['-d', 'upload_max_filesize=64M', '-d', 'post_max_size=96M', '-d', 'memory_limit=1G']);
        register_shutdown_function([self::class, 'stop']);
        return self::$url = self::$server->start($port);
    }

    /** The SQLite file of the server started here (its stored files are in "<file>.files/"); null for VTWS_TEST_URL. */
    public static function database(): ?string
    {
        self::start();
        return self::$database;
    }

    /** The webservice endpoint of the running server. */
    public static function endpoint(): string
    {
        return self::start() . '/webservice.php';
    }

    /** POSTs to a /__vtws/ control and returns its decoded JSON answer. */
    public static function control(string $name, array $params = []): array
    {
        $context = stream_context_create(['http' => [
            'method' => 'POST', 'ignore_errors' => true, 'timeout' => 30,
            'header' => "Content-Type: application/x-www-form-urlencoded\r\n",
            'content' => http_build_query($params),
        ]]);
        $body = file_get_contents(self::start() . '/__vtws/' . $name, false, $context);
        $decoded = json_decode((string) $body, true);
        if (!is_array($decoded)) {
            throw new \RuntimeException("control $name answered: " . var_export($body, true));
        }
        return $decoded;
    }

    /**
     * Kills the server (and its workers) the hard way, as a crash or a restart of the host
     * would, keeping its database. Requests in flight are cut. restart() brings it back.
     */
    public static function kill(): void
    {
        self::$server?->stop(SIGKILL);
    }

    /** Starts the killed server again on the same port with the same database. */
    public static function restart(): void
    {
        if (self::$server === null || self::$port === null) {
            throw new \LogicException('the launcher did not start the server');
        }
        self::$server->stop(SIGKILL);
        self::$server->start(self::$port);
    }

    public static function stop(): void
    {
        if (self::$server === null) {
            return;
        }
        self::$server->stop();
        if (self::$database !== null) {
            foreach (['', '-wal', '-shm', '.lock'] as $suffix) {
                @unlink(self::$database . $suffix);
            }
            // Session lock files (see tests/server/src/SessionLock.php).
            foreach (glob(self::$database . '.sessions/sess_*') ?: [] as $file) {
                @unlink($file);
            }
            @rmdir(self::$database . '.sessions');
            self::removeTree(self::$database . '.files');
        }
        // The server's own log (stderr of php -S) is kept only on request, for debugging.
        self::$server->removeLog();
    }

    /** The stored attachments (tests/server/src/Storage.php). */
    private static function removeTree(string $dir): void
    {
        if (!is_dir($dir)) {
            return;
        }
        $entries = new \RecursiveIteratorIterator(
            new \RecursiveDirectoryIterator($dir, \FilesystemIterator::SKIP_DOTS),
            \RecursiveIteratorIterator::CHILD_FIRST,
        );
        foreach ($entries as $entry) {
            $entry->isDir() && !$entry->isLink() ? @rmdir($entry->getPathname()) : @unlink($entry->getPathname());
        }
        @rmdir($dir);
    }
}
