<?php

declare(strict_types=1);

namespace Vtws\SynergyServer;

/**
 * The SQLite database of one emulator instance, shared by all PHP_CLI_SERVER_WORKERS.
 * It lives in the instance directory ($SYNERGY_SERVER_DIR, default a temp directory
 * per port) and is created and seeded on first use under a lock file.
 */
final class Store
{
    public const SCHEMA_VERSION = '3';

    private function __construct(public readonly \PDO $pdo)
    {
    }

    public static function directory(): string
    {
        $configured = getenv('SYNERGY_SERVER_DIR');
        if (is_string($configured) && $configured !== '') {
            return rtrim($configured, '/');
        }
        return sys_get_temp_dir() . '/synergy-server-' . ($_SERVER['SERVER_PORT'] ?? '0');
    }

    public static function open(): self
    {
        $dir = self::directory();
        if (!is_dir($dir) && !@mkdir($dir, 0700, true) && !is_dir($dir)) {
            throw new \RuntimeException("cannot create the instance directory $dir");
        }
        $path = $dir . '/synergy.sqlite';
        $pdo = new \PDO('sqlite:' . $path, null, null, [
            \PDO::ATTR_ERRMODE => \PDO::ERRMODE_EXCEPTION,
            \PDO::ATTR_DEFAULT_FETCH_MODE => \PDO::FETCH_ASSOC,
        ]);
        $pdo->exec('PRAGMA busy_timeout = 10000');
        // A test double needs no durability; without syncs a commit never waits for the disk.
        $pdo->exec('PRAGMA synchronous = OFF');
        $store = new self($pdo);
        if (!$store->isReady()) {
            $lock = fopen($path . '.lock', 'c');
            flock($lock, LOCK_EX);
            try {
                if (!$store->isReady()) {
                    $pdo->exec('PRAGMA journal_mode = WAL');
                    $store->transaction(fn () => $store->rebuild(0));
                }
            } finally {
                flock($lock, LOCK_UN);
                fclose($lock);
            }
        }
        return $store;
    }

    /** Runs $work inside BEGIN IMMEDIATE, so that workers never interleave their writes. */
    public function transaction(callable $work): mixed
    {
        $this->pdo->exec('BEGIN IMMEDIATE');
        try {
            $result = $work();
            $this->pdo->exec('COMMIT');
            return $result;
        } catch (\Throwable $e) {
            $this->pdo->exec('ROLLBACK');
            throw $e;
        }
    }

    /** Runs $work so that a failure undoes its writes but not those made before (rate bucket, log). */
    public function savepoint(callable $work): mixed
    {
        $this->pdo->exec('SAVEPOINT work');
        try {
            $result = $work();
            $this->pdo->exec('RELEASE work');
            return $result;
        } catch (\Throwable $e) {
            $this->pdo->exec('ROLLBACK TO work');
            $this->pdo->exec('RELEASE work');
            throw $e;
        }
    }

    public function rebuild(int $records): void
    {
        Schema::drop($this->pdo);
        Schema::create($this->pdo);
        $this->setMeta('schema', self::SCHEMA_VERSION);
        (new Seeder($this))->seed($records);
    }

    public function meta(string $name, string $default = ''): string
    {
        $statement = $this->pdo->prepare('SELECT value FROM meta WHERE name = ?');
        $statement->execute([$name]);
        $value = $statement->fetchColumn();
        return $value === false ? $default : (string) $value;
    }

    public function setMeta(string $name, string $value): void
    {
        $this->pdo->prepare('INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value')
            ->execute([$name, $value]);
    }

    /** A fresh value of the account-wide resourceVersion counter. */
    public function nextVersion(): string
    {
        $next = (int) $this->meta('resource_version', '0') + 1;
        $this->setMeta('resource_version', (string) $next);
        return (string) $next;
    }

    /** @return list<array<string, mixed>> */
    public function rows(string $sql, array $params = []): array
    {
        $statement = $this->pdo->prepare($sql);
        $statement->execute($params);
        return $statement->fetchAll();
    }

    public function row(string $sql, array $params = []): ?array
    {
        $rows = $this->rows($sql, $params);
        return $rows[0] ?? null;
    }

    public function exec(string $sql, array $params = []): int
    {
        $statement = $this->pdo->prepare($sql);
        $statement->execute($params);
        return $statement->rowCount();
    }

    private function isReady(): bool
    {
        try {
            return $this->meta('schema') === self::SCHEMA_VERSION;
        } catch (\PDOException) {
            return false;
        }
    }
}
