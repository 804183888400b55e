<?php

declare(strict_types=1);

namespace Vtws\Tests;

/**
 * One `php -S` process serving a router script of the test tree: a free port, its own
 * process group (so that stopping it ends its workers too), sanitizer settings of the run
 * kept away from it, stdout and stderr into a log file, and a health URL polled until it
 * answers. The launchers of the test servers (Vtiger, Synergy!, Acme) are built on it.
 */
final class PhpServerLauncher
{
    /** Environment of an instrumented test run that must not reach the servers, which are tools. */
    private const TEST_RUN_ONLY = ['LD_PRELOAD', 'ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS', 'USE_ZEND_ALLOC',
        'ZEND_DONT_UNLOAD_MODULES'];

    /** @var resource|null */
    private $process = null;

    /**
     * @param string $name for messages ("the test server")
     * @param string $router path of the router script
     * @param string $healthPath path answering {"ok":true} once the server is up
     * @param array<string, string> $env added to the environment
     * @param list<string> $phpOptions arguments before -S (e.g. -d settings)
     */
    public function __construct(
        private readonly string $name,
        private readonly string $router,
        private readonly string $healthPath,
        private readonly string $log,
        private readonly array $env = [],
        private readonly array $phpOptions = [],
    ) {
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

    /** Starts the server on the port and returns its base URL once it answers. */
    public function start(int $port): string
    {
        $env = array_replace(array_diff_key(getenv(), array_flip(self::TEST_RUN_ONLY)), $this->env);
        $command = [PHP_BINARY, ...$this->phpOptions, '-S', '127.0.0.1:' . $port, $this->router];
        if (is_executable('/usr/bin/setsid')) {
            array_unshift($command, '/usr/bin/setsid');
        }
        $this->process = proc_open($command, [0 => ['file', '/dev/null', 'r'], 1 => ['file', $this->log, 'a'],
            2 => ['file', $this->log, 'a']], $pipes, dirname(__DIR__, 2), $env);
        if (!is_resource($this->process)) {
            throw new \RuntimeException("could not start $this->name");
        }
        $url = 'http://127.0.0.1:' . $port;
        $this->waitUntilAnswering($url);
        return $url;
    }

    /** Ends the server and its workers with the signal (SIGKILL: as a crash would). */
    public function stop(int $signal = SIGTERM): void
    {
        if (!is_resource($this->process)) {
            return;
        }
        $status = proc_get_status($this->process);
        if ($status['running']) {
            posix_kill(-$status['pid'], $signal) || proc_terminate($this->process, $signal);
        }
        proc_close($this->process);
        $this->process = null;
    }

    /** Removes the log unless VTWS_KEEP_SERVER_LOG asks to keep it for debugging. */
    public function removeLog(): void
    {
        if (getenv('VTWS_KEEP_SERVER_LOG') === false) {
            @unlink($this->log);
        }
    }

    private function waitUntilAnswering(string $url): void
    {
        // Poll for readiness; the attempt count bounds the wait, nothing asserts on timing.
        for ($attempt = 0; $attempt < 200; $attempt++) {
            $context = stream_context_create(['http' => ['timeout' => 2, 'ignore_errors' => true]]);
            $body = @file_get_contents($url . $this->healthPath, false, $context);
            if (is_string($body) && str_contains($body, '"ok":true')) {
                return;
            }
            usleep(50000);
        }
        throw new \RuntimeException("$this->name did not answer at $url");
    }
}
