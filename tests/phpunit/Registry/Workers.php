<?php

declare(strict_types=1);

namespace Vtws\Tests\Registry;

/** Separate PHP processes running register-worker.php, started together. */
final class Workers
{
    /** @var list<resource> */
    private array $processes = [];
    /** @var list<resource> */
    private array $outputs = [];
    /** @var list<int> database connection id of each worker */
    public array $connections = [];
    private string $gate;

    /**
     * @param list<array{string, string}> $jobs [name, variant] per worker
     * @param bool $gated wait for release() (else each registers as soon as it is connected)
     */
    public function __construct(array $jobs, bool $gated = true)
    {
        $this->gate = $gated ? sys_get_temp_dir() . '/vtws-registry-gate-' . getmypid() . '-' . bin2hex(random_bytes(4)) : '-';
        foreach ($jobs as [$name, $variant]) {
            $this->spawn($name, $variant);
        }
        foreach ($this->outputs as $output) {
            $line = json_decode((string) fgets($output), true);
            if (!is_array($line) || !($line['ready'] ?? false)) {
                throw new \RuntimeException('a worker did not start: ' . var_export($line, true) . $this->stderr());
            }
            $this->connections[] = (int) $line['connection'];
        }
    }

    /** Lets every worker register at once and returns their answers in start order. */
    public function release(): array
    {
        touch($this->gate);
        return $this->finish();
    }

    /** Collects the answers (of ungated workers, or after release()). */
    public function finish(): array
    {
        $answers = [];
        foreach ($this->outputs as $i => $output) {
            $answers[] = json_decode((string) stream_get_contents($output), true)
                ?? throw new \RuntimeException('worker ' . $i . ' answered nothing' . $this->stderr());
            fclose($output);
            proc_close($this->processes[$i]);
        }
        $this->removeGate();
        $this->processes = $this->outputs = [];
        return $answers;
    }

    public function __destruct()
    {
        foreach ($this->processes as $i => $process) {
            proc_terminate($process);
            fclose($this->outputs[$i]);
            proc_close($process);
        }
        $this->removeGate();
    }

    private function removeGate(): void
    {
        if ($this->gate !== '-') {
            @unlink($this->gate);
        }
    }

    private function spawn(string $name, string $variant): void
    {
        $command = [PHP_BINARY, '-d', 'extension=' . MariaDb::extension(), __DIR__ . '/register-worker.php',
            $this->gate, $name, $variant];
        $stderr = sys_get_temp_dir() . '/vtws-registry-worker-' . getmypid() . '.log';
        $process = proc_open($command, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['file', $stderr, 'a']],
            $pipes);
        if (!is_resource($process)) {
            throw new \RuntimeException('could not start a worker');
        }
        $this->processes[] = $process;
        $this->outputs[] = $pipes[1];
    }

    private function stderr(): string
    {
        $log = sys_get_temp_dir() . '/vtws-registry-worker-' . getmypid() . '.log';
        return is_file($log) ? "\n" . file_get_contents($log) : '';
    }
}
