<?php

declare(strict_types=1);

namespace Vtws\Tests;

/**
 * Starts the Vtiger-compatible test server (tests/server/router.php) once per PHP
 * process on a free port with its own SQLite file, and stops it at shutdown.
 * With VTWS_TEST_URL set, that server is used instead.
 */
final class ServerLauncher
{
    private static ?string $url = null;
    /** @var resource|null */
    private static $process = null;
    private static ?string $database = null;
    private static ?string $log = null;
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
        $port = self::freePort();
        self::$port = $port;
        self::$database = sys_get_temp_dir() . '/vtws-test-' . getmypid() . '-' . $port . '.sqlite';
        self::spawn($port);
        register_shutdown_function([self::class, 'stop']);
        self::$url = 'http://127.0.0.1:' . $port;
        self::waitUntilAnswering(self::$url);
        return self::$url;
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
        self::terminate(SIGKILL);
    }

    /** Starts the killed server again on the same port with the same database. */
    public static function restart(): void
    {
        if (self::$port === null) {
            throw new \LogicException('the launcher did not start the server');
        }
        self::terminate(SIGKILL);
        self::spawn(self::$port);
        self::waitUntilAnswering((string) self::$url);
    }

    private static function terminate(int $signal): void
    {
        if (!is_resource(self::$process)) {
            return;
        }
        $status = proc_get_status(self::$process);
        if ($status['running']) {
            // The server runs in its own process group (setsid): end the workers with it.
            posix_kill(-$status['pid'], $signal) || proc_terminate(self::$process, $signal);
        }
        proc_close(self::$process);
        self::$process = null;
    }

    public static function stop(): void
    {
        self::terminate(SIGTERM);
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
        if (self::$log !== null && getenv('VTWS_KEEP_SERVER_LOG') === false) {
            @unlink(self::$log);
        }
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

    private static function spawn(int $port): void
    {
        $router = dirname(__DIR__) . '/server/router.php';
        // The server is a tool, not the code under test: keep sanitizer preloads of an
        // instrumented test run away from it.
        $env = array_diff_key(getenv(), array_flip(['LD_PRELOAD', 'ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS',
            'USE_ZEND_ALLOC', 'ZEND_DONT_UNLOAD_MODULES']));
        $env['PHP_CLI_SERVER_WORKERS'] = '4';
        $env['VTWS_SERVER_DB'] = self::$database;
        // Uploads of Documents go up to tens of megabytes, as real attachments do.
        $command = [PHP_BINARY, '-d', 'upload_max_filesize=64M', '-d', 'post_max_size=96M', '-d', 'memory_limit=1G',
            '-S', '127.0.0.1:' . $port, $router];
        if (is_executable('/usr/bin/setsid')) {
            array_unshift($command, '/usr/bin/setsid');
        }
        self::$log = sys_get_temp_dir() . '/vtws-test-server-' . $port . '.log';
        self::$process = proc_open($command, [0 => ['file', '/dev/null', 'r'], 1 => ['file', self::$log, 'a'],
            2 => ['file', self::$log, 'a']], $pipes, dirname(__DIR__, 2), $env);
        if (!is_resource(self::$process)) {
            throw new \RuntimeException('could not start the test server');
        }
    }

    private static function freePort(): int
    {
        $socket = stream_socket_server('tcp://127.0.0.1:0', $errno, $error);
        if ($socket === false) {
            throw new \RuntimeException("no free port: $error");
        }
        $name = (string) stream_socket_get_name($socket, false);
        fclose($socket);
        return (int) substr($name, strrpos($name, ':') + 1);
    }

    private static function waitUntilAnswering(string $url): void
    {
        // Poll for readiness; the attempt count bounds the wait, nothing asserts on timing.
        for ($attempt = 0; $attempt < 200; $attempt++) {
            $context = stream_context_create(['http' => ['timeout' => 2, 'ignore_errors' => true]]);
            $body = @file_get_contents($url . '/__vtws/health', false, $context);
            if (is_string($body) && str_contains($body, '"ok":true')) {
                return;
            }
            usleep(50000);
        }
        throw new \RuntimeException('the test server did not answer at ' . $url);
    }
}
