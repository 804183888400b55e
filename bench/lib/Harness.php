<?php

declare(strict_types=1);

namespace Vtws\Bench;

/** Servers, timing (median wall time and the client's CPU time) and result tables for the benchmarks. */
final class Harness
{
    /** @var list<resource> */
    private static array $servers = [];

    /**
     * Starts `php -S` with a router on a free port in its own process group; stopped at exit.
     * @param array<string, string> $env
     */
    public static function startServer(string $router, array $env, string $healthPath): string
    {
        $socket = stream_socket_server('tcp://127.0.0.1:0');
        $name = (string) stream_socket_get_name($socket, false);
        fclose($socket);
        $port = (int) substr($name, strrpos($name, ':') + 1);
        $command = [PHP_BINARY, '-S', "127.0.0.1:$port", $router];
        if (is_executable('/usr/bin/setsid')) {
            array_unshift($command, '/usr/bin/setsid');
        }
        $process = proc_open($command, [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'a'],
            2 => ['file', '/dev/null', 'a']], $pipes, dirname(__DIR__, 2), $env + self::environment());
        if (!is_resource($process)) {
            throw new \RuntimeException("could not start $router");
        }
        self::$servers[] = $process;
        if (count(self::$servers) === 1) {
            register_shutdown_function([self::class, 'stopServers']);
        }
        $url = "http://127.0.0.1:$port";
        for ($attempt = 0; $attempt < 200; $attempt++) {
            if (@file_get_contents($url . $healthPath) !== false) {
                return $url;
            }
            usleep(50000);
        }
        throw new \RuntimeException("$router did not answer on port $port");
    }

    public static function stopServers(): void
    {
        foreach (self::$servers as $process) {
            $status = proc_get_status($process);
            if ($status['running']) {
                posix_kill(-$status['pid'], SIGTERM) || proc_terminate($process);
            }
            proc_close($process);
        }
        self::$servers = [];
    }

    /** POSTs to a test server control (/__vtws/...). */
    public static function control(string $url, string $name, array $params = []): array
    {
        $body = file_get_contents("$url/__vtws/$name", false, stream_context_create(['http' => [
            'method' => 'POST', 'timeout' => 300, 'ignore_errors' => true,
            'header' => "Content-Type: application/x-www-form-urlencoded\r\n",
            'content' => http_build_query($params),
        ]]));
        $answer = json_decode((string) $body, true);
        if (!is_array($answer) || !($answer['ok'] ?? false)) {
            throw new \RuntimeException("control $name failed: $body");
        }
        return $answer;
    }

    /**
     * Runs $work $runs times (after $prepare, untimed, each time) and returns the medians of
     * its wall time and of this process's CPU time (user + system) in seconds.
     * @return array{wall: float, cpu: float}
     */
    public static function measure(callable $work, int $runs, ?callable $prepare = null): array
    {
        $walls = $cpus = [];
        for ($run = 0; $run < $runs; $run++) {
            if ($prepare !== null) {
                $prepare();
            }
            gc_collect_cycles();
            $cpu = self::cpuSeconds();
            $start = hrtime(true);
            $work();
            $walls[] = (hrtime(true) - $start) / 1e9;
            $cpus[] = self::cpuSeconds() - $cpu;
        }
        return ['wall' => self::median($walls), 'cpu' => self::median($cpus)];
    }

    /**
     * Measures two alternatives in alternating runs (A, B, A, B, ...), so a change in the
     * machine's load during the benchmark weighs on both alike.
     * @return array{array{wall: float, cpu: float}, array{wall: float, cpu: float}}
     */
    public static function compare(callable $first, callable $second, int $runs): array
    {
        $a = $b = ['wall' => [], 'cpu' => []];
        for ($run = 0; $run < $runs; $run++) {
            foreach ([[$first, &$a], [$second, &$b]] as [$work, &$into]) {
                $one = self::measure($work, 1);
                $into['wall'][] = $one['wall'];
                $into['cpu'][] = $one['cpu'];
            }
            unset($into);
        }
        return [['wall' => self::median($a['wall']), 'cpu' => self::median($a['cpu'])],
            ['wall' => self::median($b['wall']), 'cpu' => self::median($b['cpu'])]];
    }

    public static function median(array $values): float
    {
        sort($values);
        $n = count($values);
        return $n % 2 === 1 ? $values[intdiv($n, 2)] : ($values[$n / 2 - 1] + $values[$n / 2]) / 2;
    }

    public static function machine(): string
    {
        $cpu = 'unknown CPU';
        foreach (@file('/proc/cpuinfo') ?: [] as $line) {
            if (str_starts_with($line, 'model name')) {
                $cpu = trim(substr($line, strpos($line, ':') + 1));
                break;
            }
        }
        $curl = curl_version();
        return sprintf('%s, %d cores, %s; PHP %s, libcurl %s', $cpu, (int) shell_exec('nproc'), php_uname('s') . ' ' . php_uname('r'),
            PHP_VERSION, $curl['version']);
    }

    /** Prints one table: every row is [label, baseline result, extension result, note]. */
    public static function table(string $title, string $baselineName, string $extensionName, array $rows): void
    {
        printf("\n%s\n", $title);
        printf("| %-34s | %12s | %12s | %7s | %9s | %9s | %s\n", 'scenario', $baselineName, $extensionName, 'speedup',
            'base CPU', 'ext CPU', 'note');
        printf("|%s|%s|%s|%s|%s|%s|%s\n", str_repeat('-', 36), str_repeat('-', 14), str_repeat('-', 14),
            str_repeat('-', 9), str_repeat('-', 11), str_repeat('-', 11), str_repeat('-', 6));
        foreach ($rows as [$label, $base, $ext, $note]) {
            printf("| %-34s | %12s | %12s | %6.2fx | %8.1f%% | %8.1f%% | %s\n", $label, self::duration($base['wall']),
                self::duration($ext['wall']), $base['wall'] / max($ext['wall'], 1e-9),
                100 * $base['cpu'] / max($base['wall'], 1e-9), 100 * $ext['cpu'] / max($ext['wall'], 1e-9), $note);
        }
    }

    public static function duration(float $seconds): string
    {
        if ($seconds >= 1) {
            return sprintf('%.2f s', $seconds);
        }
        if ($seconds >= 0.001) {
            return sprintf('%.2f ms', $seconds * 1e3);
        }
        return sprintf('%.1f µs', $seconds * 1e6);
    }

    private static function cpuSeconds(): float
    {
        $usage = getrusage();
        return $usage['ru_utime.tv_sec'] + $usage['ru_utime.tv_usec'] / 1e6
            + $usage['ru_stime.tv_sec'] + $usage['ru_stime.tv_usec'] / 1e6;
    }

    /** The environment of a server: this one's, without what instruments the client. */
    private static function environment(): array
    {
        return array_diff_key(getenv(), array_flip(['LD_PRELOAD', 'ASAN_OPTIONS', 'USE_ZEND_ALLOC']));
    }
}
