<?php

declare(strict_types=1);

namespace Vtws\Tests\Client;

require_once __DIR__ . '/TestCase.php';

/**
 * Vtiger keeps one challenge token per user: a getchallenge by one process replaces the token
 * another process is about to log in with. Eight processes logging in as the same user at
 * the same moment must all succeed, the losers of the race retrying with a fresh challenge.
 */
final class ConcurrentLoginTest extends TestCase
{
    private const PROCESSES = 8;
    private const MAX_ROUNDS = 6;

    private string $dir;

    protected function setUp(): void
    {
        self::resetServer();
        self::clearFaults();
        $this->dir = sys_get_temp_dir() . '/vtws-login-race-' . getmypid() . '-' . bin2hex(random_bytes(4));
        mkdir($this->dir);
        file_put_contents($this->dir . '/worker.php', <<<'PHP'
            <?php
            declare(strict_types=1);
            [, $url, $barrier, $user, $key] = $argv;
            $client = new Vtws\Client($url, ['timeout' => 60, 'connect_timeout' => 10]);
            echo "ready\n";
            // Every process waits here until the test releases them all at once.
            while (!file_exists($barrier)) {
                usleep(500);
            }
            try {
                $client->login($user, $key);
                $types = $client->listTypes();
                echo json_encode(['ok' => true, 'session' => $client->getSessionName(), 'userId' => $client->getUserId(),
                    'types' => count($types['types'] ?? [])]), "\n";
            } catch (Throwable $e) {
                echo json_encode(['ok' => false, 'error' => get_class($e) . ': ' . $e->getMessage()]), "\n";
            }
            PHP);
    }

    protected function tearDown(): void
    {
        foreach (glob($this->dir . '/*') ?: [] as $file) {
            unlink($file);
        }
        rmdir($this->dir);
    }

    /** The vtws build this PHPUnit process loaded, so the workers test the same one. */
    private static function loadedExtension(): string
    {
        foreach (file('/proc/self/maps') ?: [] as $line) {
            if (preg_match('#\s(/\S*/vtws\.so)$#', trim($line), $m) === 1) {
                return $m[1];
            }
        }
        self::fail('cannot tell which vtws.so is loaded');
    }

    /** @return list<array{ok: bool, session?: string, userId?: string, types?: int, error?: string}> */
    private function loginRound(int $round): array
    {
        $barrier = "$this->dir/go-$round";
        $processes = [];
        $outputs = [];
        for ($i = 0; $i < self::PROCESSES; $i++) {
            $process = proc_open([PHP_BINARY, '-n', '-d', 'extension=' . self::loadedExtension(), "$this->dir/worker.php",
                self::baseUrl(), $barrier, self::ADMIN_USER, self::ADMIN_KEY],
                [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['file', "$this->dir/stderr-$round-$i", 'w']],
                $pipes);
            self::assertIsResource($process);
            $processes[] = [$process, $pipes[1]];
        }
        foreach ($processes as $i => [, $stdout]) {
            self::assertSame("ready\n", fgets($stdout), "worker $i started: " . @file_get_contents("$this->dir/stderr-$round-$i"));
        }
        touch($barrier);
        foreach ($processes as $i => [$process, $stdout]) {
            $line = stream_get_contents($stdout);
            fclose($stdout);
            $exit = proc_close($process);
            self::assertSame(0, $exit, "worker $i exited cleanly: " . @file_get_contents("$this->dir/stderr-$round-$i"));
            $outputs[] = json_decode(trim((string) $line), true) ?? ['ok' => false, 'error' => "no answer: $line"];
        }
        return $outputs;
    }

    public function testSimultaneousLoginsOfOneUserAllSucceed(): void
    {
        $raced = false;
        for ($round = 1; $round <= self::MAX_ROUNDS && !$raced; $round++) {
            self::resetStats();
            $results = $this->loginRound($round);

            foreach ($results as $i => $result) {
                self::assertTrue($result['ok'], "round $round, worker $i: " . ($result['error'] ?? ''));
                self::assertSame(self::ADMIN_ID, $result['userId']);
                self::assertGreaterThan(0, $result['types'], 'the session works');
            }
            $sessions = array_column($results, 'session');
            self::assertCount(self::PROCESSES, array_unique($sessions), 'every process has its own session');

            $challenges = self::requestCount('getchallenge');
            $logins = self::requestCount('login');
            self::assertGreaterThanOrEqual(self::PROCESSES, $challenges);
            self::assertSame($challenges, $logins, 'every challenge was followed by one login attempt');
            // More challenges than processes: some login lost its token to another process and retried.
            $raced = $challenges > self::PROCESSES;
        }
        self::assertTrue($raced, 'in ' . self::MAX_ROUNDS . ' rounds the logins never raced for the token');
    }
}
