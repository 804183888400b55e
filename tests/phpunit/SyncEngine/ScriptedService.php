<?php

declare(strict_types=1);

namespace Vtws\Tests\SyncEngine;

/**
 * Starts tests/phpunit/SyncEngine/scripted-service.php under `php -S` on a free port, once
 * per test process, and drives its controls with plain PHP streams.
 */
final class ScriptedService
{
    private static ?string $url = null;
    /** @var resource|null */
    private static $process = null;
    private static string $stateFile = '';

    public static function url(): string
    {
        if (self::$url !== null) {
            return self::$url;
        }
        $socket = stream_socket_server('tcp://127.0.0.1:0');
        $port = (int) substr(strrchr((string) stream_socket_get_name($socket, false), ':'), 1);
        fclose($socket);
        self::$stateFile = sys_get_temp_dir() . '/vtws-scripted-service-' . getmypid() . '-' . $port . '.json';
        $env = array_diff_key(getenv(), array_flip(['LD_PRELOAD', 'ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS',
            'USE_ZEND_ALLOC']));
        $env['SCRIPTED_SERVICE_STATE'] = self::$stateFile;
        self::$process = proc_open([PHP_BINARY, '-n', '-S', '127.0.0.1:' . $port, __DIR__ . '/scripted-service.php'],
            [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'a'], 2 => ['file', '/dev/null', 'a']],
            $pipes, __DIR__, $env);
        register_shutdown_function([self::class, 'stop']);
        self::$url = 'http://127.0.0.1:' . $port;
        for ($i = 0; $i < 200; $i++) {
            $probe = @fsockopen('127.0.0.1', $port, $errno, $error, 0.1);
            if ($probe !== false) {
                fclose($probe);
                return self::$url;
            }
            usleep(25000);
        }
        throw new \RuntimeException('the scripted service did not start');
    }

    public static function stop(): void
    {
        if (is_resource(self::$process)) {
            proc_terminate(self::$process);
            proc_close(self::$process);
            self::$process = null;
        }
        foreach ([self::$stateFile, self::$stateFile . '.lock'] as $file) {
            if ($file !== '' && is_file($file)) {
                unlink($file);
            }
        }
    }

    private static function control(string $name, string $method = 'POST', string $body = ''): mixed
    {
        $context = stream_context_create(['http' => ['method' => $method, 'content' => $body,
            'header' => "Content-Type: application/json\r\nConnection: close\r\n", 'ignore_errors' => true]]);
        return json_decode((string) file_get_contents(self::url() . '/__script/' . $name, false, $context), true);
    }

    public static function reset(): void
    {
        self::control('reset');
    }

    /** Queues one answer for "METHOD /path"; $body: array (sent as JSON), string or null. */
    public static function queue(string $route, int $status, array|string|null $body, array $headers = []): void
    {
        if (is_array($body)) {
            $body = json_encode($body, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
        }
        self::control('queue', 'POST', (string) json_encode([['route' => $route, 'status' => $status,
            'body' => $body, 'headers' => (object) $headers]]));
    }

    /** @return list<array{method: string, path: string, query: string, headers: array<string, string>, body: string}> */
    public static function log(): array
    {
        return self::control('log', 'GET');
    }
}
