<?php

declare(strict_types=1);

namespace Vtws\TestServer;

/**
 * Per-session serialisation, as PHP's files session handler does it on a real Vtiger:
 * session_start() takes an exclusive flock() on sess_<id> and keeps it until the script
 * ends, so two requests carrying the same sessionName never run at the same time while
 * requests of different sessions run side by side (up to the number of workers).
 *
 * Every webservice request also leaves a line in the timeline (GET /__vtws/timeline):
 * when it arrived, when it got the lock, when it finished, and which session it carried,
 * so tests can see overlap from the server's side.
 */
final class SessionLock
{
    private const KEEP = 2000;

    /** @param resource|null $handle */
    private function __construct(
        private readonly string $session,
        private readonly string $operation,
        private readonly float $arrived,
        private readonly float $started,
        private $handle,
    ) {
    }

    /** Blocks until the request's session is free; requests without a session never wait. */
    public static function acquire(WebRequest $request, string $databasePath): self
    {
        $arrived = microtime(true);
        $any = $request->any();
        $name = $any['PHPSESSID'] ?? $any['sessionName'] ?? '';
        $name = is_string($name) ? $name : '';
        $operation = is_string($any['operation'] ?? null) ? strtolower($any['operation']) : '';
        $handle = null;
        if ($name !== '' && $name !== '0' && strtolower($name) !== 'null') {
            $directory = $databasePath . '.sessions';
            if (!is_dir($directory)) {
                @mkdir($directory, 0700, true);
            }
            $handle = fopen($directory . '/sess_' . self::key($name), 'c');
            if ($handle !== false) {
                flock($handle, LOCK_EX);
            } else {
                $handle = null;
            }
        }
        return new self($name === '' ? '' : self::key($name), $operation, $arrived, microtime(true), $handle);
    }

    /** Short, stable and not secret: what the timeline shows instead of the session name. */
    public static function key(string $sessionName): string
    {
        return substr(hash('sha256', $sessionName), 0, 16);
    }

    /** Ends the request: unlocks the session, then writes the timeline line. */
    public function release(\PDO $db): void
    {
        $finished = microtime(true);
        if ($this->handle !== null) {
            flock($this->handle, LOCK_UN);
            fclose($this->handle);
            $this->handle = null;
        }
        Database::transaction($db, fn () => $db->prepare('INSERT INTO request_timeline
            (session, operation, pid, arrived, started, finished) VALUES (?, ?, ?, ?, ?, ?)')
            ->execute([$this->session, $this->operation, getmypid(), $this->arrived, $this->started, $finished])
            && $db->prepare('DELETE FROM request_timeline WHERE id <= (SELECT MAX(id) FROM request_timeline) - ?')
                ->execute([self::KEEP]));
    }

    /** @return list<array{session: string, operation: string, pid: int, arrived: float, started: float, finished: float}> */
    public static function timeline(\PDO $db): array
    {
        $lines = [];
        foreach ($db->query('SELECT * FROM request_timeline ORDER BY id') as $row) {
            $lines[] = ['session' => $row['session'], 'operation' => $row['operation'], 'pid' => (int) $row['pid'],
                'arrived' => (float) $row['arrived'], 'started' => (float) $row['started'],
                'finished' => (float) $row['finished']];
        }
        return $lines;
    }

    public static function clearTimeline(\PDO $db): void
    {
        $db->exec('DELETE FROM request_timeline');
    }
}
