<?php

declare(strict_types=1);

namespace Vtws\Tests;

/**
 * A test server a test owns outright, unlike the shared one of ServerLauncher: started on
 * a port and database file of the test's choosing, so that it can be killed mid-request
 * and started again on the same port with the same data.
 */
final class StandaloneServer
{
    /** @var resource|null */
    private $process = null;

    public function __construct(public readonly int $port, public readonly string $database, private readonly int $workers = 2)
    {
    }

    /** A server on a free port with a fresh temporary database. */
    public static function onFreePort(int $workers = 2): self
    {
        $port = self::freePort();
        return new self($port, sys_get_temp_dir() . '/vtws-standalone-' . getmypid() . '-' . $port . '.sqlite', $workers);
    }

    public static function freePort(): int
    {
        $socket = stream_socket_server('tcp://127.0.0.1:0', $errno, $error);
        if ($socket === false) {
            throw new \RuntimeException("no free port: $error");
        }
        $name = (string) stream_socket_get_name($socket, false);
        fclose($socket);
        return (int) substr($name, strrpos($name, ':') + 1);
    }

    public function url(): string
    {
        return 'http://127.0.0.1:' . $this->port;
    }

    public function start(): void
    {
        $env = array_diff_key(getenv(), array_flip(['LD_PRELOAD', 'ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS',
            'USE_ZEND_ALLOC', 'ZEND_DONT_UNLOAD_MODULES']));
        $env['PHP_CLI_SERVER_WORKERS'] = (string) $this->workers;
        $env['VTWS_SERVER_DB'] = $this->database;
        // Its own process group (setsid), so that kill() ends the workers with it.
        $command = ['/usr/bin/setsid', PHP_BINARY, '-S', '127.0.0.1:' . $this->port, dirname(__DIR__) . '/server/router.php'];
        $this->process = proc_open($command, [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'a'],
            2 => ['file', '/dev/null', 'a']], $pipes, dirname(__DIR__, 2), $env);
        if (!is_resource($this->process)) {
            throw new \RuntimeException('could not start the test server');
        }
        $this->waitUntilAnswering();
    }

    /** Ends the server and its workers at once, as a crash or a power cut would. */
    public function kill(): void
    {
        if (!is_resource($this->process)) {
            return;
        }
        $status = proc_get_status($this->process);
        if ($status['running']) {
            posix_kill(-$status['pid'], SIGKILL);
        }
        proc_close($this->process);
        $this->process = null;
        $this->waitUntilRefused();
    }

    /** Stops the server and removes its database. */
    public function destroy(): void
    {
        $this->kill();
        foreach (['', '-wal', '-shm', '.lock'] as $suffix) {
            @unlink($this->database . $suffix);
        }
    }

    /** POSTs to a /__vtws/ control (or GETs stats) with plain PHP streams. */
    public function control(string $route, array $params = [], string $method = 'POST'): array
    {
        $context = stream_context_create(['http' => [
            'method' => $method, 'ignore_errors' => true, 'timeout' => 60,
            'header' => "Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n",
            'content' => http_build_query($params),
        ]]);
        $body = file_get_contents($this->url() . '/__vtws/' . $route, false, $context);
        $decoded = json_decode((string) $body, true);
        if (!is_array($decoded)) {
            throw new \RuntimeException("control $route answered: " . var_export($body, true));
        }
        return $decoded;
    }

    private function waitUntilAnswering(): void
    {
        // The attempt count bounds the wait; nothing asserts on timing.
        for ($attempt = 0; $attempt < 200; $attempt++) {
            $context = stream_context_create(['http' => ['timeout' => 2, 'ignore_errors' => true]]);
            $body = @file_get_contents($this->url() . '/__vtws/health', false, $context);
            if (is_string($body) && str_contains($body, '"ok":true')) {
                return;
            }
            usleep(50000);
        }
        throw new \RuntimeException('the test server did not answer at ' . $this->url());
    }

    private function waitUntilRefused(): void
    {
        for ($attempt = 0; $attempt < 200; $attempt++) {
            $socket = @stream_socket_client('tcp://127.0.0.1:' . $this->port, $errno, $error, 1);
            if ($socket === false) {
                return;
            }
            fclose($socket);
            usleep(25000);
        }
        throw new \RuntimeException('the test server at ' . $this->url() . ' did not go away');
    }
}
