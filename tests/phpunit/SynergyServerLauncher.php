<?php

declare(strict_types=1);

namespace Vtws\Tests;

/**
 * Starts the Synergy! database API emulator (tests/synergy-server/router.php) once per
 * PHP process on a free port with its own instance directory, and stops it at shutdown.
 * With VTWS_SYNERGY_URL set, that emulator is used instead.
 */
final class SynergyServerLauncher
{
    private static ?string $url = null;
    /** @var resource|null */
    private static $process = null;
    private static ?string $directory = null;
    private static ?string $log = null;

    public static function start(): string
    {
        if (self::$url !== null) {
            return self::$url;
        }
        $external = getenv('VTWS_SYNERGY_URL');
        if (is_string($external) && $external !== '') {
            return self::$url = rtrim($external, '/');
        }
        $port = self::freePort();
        self::$directory = sys_get_temp_dir() . '/vtws-synergy-' . getmypid() . '-' . $port;
        self::$log = self::$directory . '.log';
        self::spawn($port);
        register_shutdown_function([self::class, 'stop']);
        self::$url = 'http://127.0.0.1:' . $port;
        self::waitUntilAnswering(self::$url);
        return self::$url;
    }

    /** Calls a /__synergy/ control (POST with form fields, or GET) and returns its decoded JSON answer. */
    public static function control(string $name, array $fields = [], string $method = 'POST'): array
    {
        $context = stream_context_create(['http' => [
            'method' => $method, 'ignore_errors' => true, 'timeout' => 60,
            'header' => "Content-Type: application/x-www-form-urlencoded\r\n",
            'content' => http_build_query($fields),
        ]]);
        $body = file_get_contents(self::start() . '/__synergy/' . $name, false, $context);
        $decoded = json_decode((string) $body, true);
        if (!is_array($decoded) || ($method === 'POST' && ($decoded['ok'] ?? false) !== true)) {
            throw new \RuntimeException("control $name answered: " . var_export($body, true));
        }
        return $decoded;
    }

    public static function stop(): void
    {
        if (is_resource(self::$process)) {
            $status = proc_get_status(self::$process);
            if ($status['running']) {
                // The emulator runs in its own process group (setsid): end its workers with it.
                posix_kill(-$status['pid'], SIGTERM) || proc_terminate(self::$process);
            }
            proc_close(self::$process);
            self::$process = null;
        }
        if (self::$directory !== null && is_dir(self::$directory)) {
            foreach (glob(self::$directory . '/*') ?: [] as $file) {
                @unlink($file);
            }
            @rmdir(self::$directory);
        }
        if (self::$log !== null && getenv('VTWS_KEEP_SERVER_LOG') === false) {
            @unlink(self::$log);
        }
    }

    private static function spawn(int $port): void
    {
        $router = dirname(__DIR__) . '/synergy-server/router.php';
        // The emulator is a tool, not the code under test: keep sanitizer preloads away from it.
        $env = array_diff_key(getenv(), array_flip(['LD_PRELOAD', 'ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS',
            'USE_ZEND_ALLOC', 'ZEND_DONT_UNLOAD_MODULES']));
        $env['PHP_CLI_SERVER_WORKERS'] = '2';
        $env['SYNERGY_SERVER_DIR'] = self::$directory;
        $command = [PHP_BINARY, '-S', '127.0.0.1:' . $port, $router];
        if (is_executable('/usr/bin/setsid')) {
            array_unshift($command, '/usr/bin/setsid');
        }
        self::$process = proc_open($command, [0 => ['file', '/dev/null', 'r'], 1 => ['file', self::$log, 'a'],
            2 => ['file', self::$log, 'a']], $pipes, dirname(__DIR__, 2), $env);
        if (!is_resource(self::$process)) {
            throw new \RuntimeException('could not start the Synergy! emulator');
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
            $body = @file_get_contents($url . '/__synergy/health', false, $context);
            if (is_string($body) && str_contains($body, '"ok":true')) {
                return;
            }
            usleep(50000);
        }
        throw new \RuntimeException('the Synergy! emulator did not answer at ' . $url);
    }
}
