<?php

declare(strict_types=1);

namespace Vtws\AcmeServer;

/**
 * The SQLite database of one emulator instance ($ACME_SERVER_DB, default a temp file per
 * port), shared by all PHP_CLI_SERVER_WORKERS; created on first use under a lock file.
 */
final class Store
{
    public const DEFAULT_KEY = 'k-123';

    private function __construct(public readonly \PDO $pdo)
    {
    }

    public static function path(): string
    {
        $configured = getenv('ACME_SERVER_DB');
        if (is_string($configured) && $configured !== '') {
            return $configured;
        }
        return sys_get_temp_dir() . '/acme-server-' . ($_SERVER['SERVER_PORT'] ?? '0') . '.sqlite';
    }

    public static function open(): self
    {
        $path = self::path();
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
                    $store->transaction(fn () => $store->rebuild());
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

    /** Runs $work so that a failure undoes its writes but not those made before (the request log). */
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

    /** Drops everything and starts empty, with the given API key. */
    public function rebuild(string $key = self::DEFAULT_KEY): void
    {
        foreach (['records', 'meta', 'request_log', 'faults'] as $table) {
            $this->pdo->exec("DROP TABLE IF EXISTS $table");
        }
        $this->pdo->exec('CREATE TABLE records (module TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL,
            modified_at INTEGER NOT NULL, removed INTEGER NOT NULL, fields TEXT NOT NULL, PRIMARY KEY (module, id))');
        $this->pdo->exec('CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)');
        $this->pdo->exec('CREATE TABLE request_log (id INTEGER PRIMARY KEY AUTOINCREMENT, method TEXT, path TEXT,
            query TEXT, headers TEXT, body TEXT, status INTEGER, call TEXT, fault TEXT)');
        $this->pdo->exec('CREATE TABLE faults (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL,
            remaining INTEGER NOT NULL, retry_after INTEGER NOT NULL)');
        $this->setMeta('api_key', $key);
        $this->setMeta('ready', '1');
    }

    private function isReady(): bool
    {
        try {
            return $this->meta('ready') === '1';
        } catch (\PDOException) {
            return false;
        }
    }

    public function exec(string $sql, array $params = []): int
    {
        $statement = $this->pdo->prepare($sql);
        $statement->execute($params);
        return $statement->rowCount();
    }

    public function rows(string $sql, array $params = []): array
    {
        $statement = $this->pdo->prepare($sql);
        $statement->execute($params);
        return $statement->fetchAll();
    }

    public function row(string $sql, array $params = []): ?array
    {
        return $this->rows($sql, $params)[0] ?? null;
    }

    public function meta(string $name, string $default = ''): string
    {
        $row = $this->row('SELECT value FROM meta WHERE name = ?', [$name]);
        return $row === null ? $default : (string) $row['value'];
    }

    public function setMeta(string $name, string $value): void
    {
        $this->exec('INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
            [$name, $value]);
    }
}
