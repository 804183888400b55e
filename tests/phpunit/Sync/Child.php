<?php

declare(strict_types=1);

namespace Vtws\Tests\Sync;

/**
 * A separate PHP process with the extension under test loaded, running a snippet of code
 * (php -r) with arguments: what a second run of a connector is.
 */
final class Child
{
    /** @var resource */
    private $process;
    /** @var resource */
    private $stdout;

    /** @param list<string> $args */
    private function __construct(string $code, array $args)
    {
        // The environment is passed on whole: under ASan the child needs the run's preloads
        // to load the instrumented extension, and it is checked like the test process.
        $env = getenv();
        $command = [PHP_BINARY, '-d', 'extension=' . self::extension(), '-r', $code, '--', ...$args];
        $process = proc_open($command, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']],
            $pipes, null, $env);
        if (!is_resource($process)) {
            throw new \RuntimeException('could not start a PHP child process');
        }
        fclose($pipes[2]);
        $this->process = $process;
        $this->stdout = $pipes[1];
    }

    /** @param list<string> $args */
    public static function start(string $code, array $args = []): self
    {
        return new self($code, $args);
    }

    /** Runs the code to its end and returns what it printed. @param list<string> $args */
    public static function run(string $code, array $args = []): string
    {
        $child = new self($code, $args);
        $output = (string) stream_get_contents($child->stdout);
        $child->close();
        return $output;
    }

    /** Blocks until the child prints the line (bounded by the child's own lifetime). */
    public function waitForLine(string $line): void
    {
        while (($read = fgets($this->stdout)) !== false) {
            if (rtrim($read, "\n") === $line) {
                return;
            }
        }
        throw new \RuntimeException("the child ended without printing $line");
    }

    /** The whole pid-targeted kill: SIGKILL, as a crash or the OOM killer would. */
    public function kill(): void
    {
        $status = proc_get_status($this->process);
        if ($status['running']) {
            posix_kill($status['pid'], SIGKILL);
        }
        $this->close();
    }

    private function close(): void
    {
        if (is_resource($this->stdout)) {
            fclose($this->stdout);
        }
        proc_close($this->process);
    }

    public static function extension(): string
    {
        $configured = getenv('VTWS_EXTENSION_SO');
        return is_string($configured) && $configured !== '' ? $configured : dirname(__DIR__, 3) . '/modules/vtws.so';
    }
}
