<?php

declare(strict_types=1);

namespace Vtws\TestServer;

/**
 * Opens the SQLite database shared by all PHP_CLI_SERVER_WORKERS and makes sure
 * it holds the schema and the seed data. Creation is guarded by a lock file so
 * that concurrent first requests do not race.
 */
final class Database
{
    public static function path(): string
    {
        $configured = getenv('VTWS_SERVER_DB');
        if (is_string($configured) && $configured !== '') {
            return $configured;
        }
        return sys_get_temp_dir() . '/vtws-server-' . ($_SERVER['SERVER_PORT'] ?? '0') . '.sqlite';
    }

    public static function open(string $path): \PDO
    {
        $db = new \PDO('sqlite:' . $path, null, null, [
            \PDO::ATTR_ERRMODE => \PDO::ERRMODE_EXCEPTION,
            \PDO::ATTR_DEFAULT_FETCH_MODE => \PDO::FETCH_ASSOC,
        ]);
        $db->exec('PRAGMA busy_timeout = 10000');
        $db->exec('PRAGMA synchronous = NORMAL');
        if (!self::isReady($db)) {
            self::initialiseOnce($db, $path);
        }
        return $db;
    }

    /** Drops everything and seeds again, inside one write transaction. */
    public static function rebuild(\PDO $db, int $extraContacts = 0): void
    {
        self::transaction($db, static function () use ($db, $extraContacts): void {
            Schema::drop($db);
            Storage::wipe($db);
            Schema::create($db);
            (new Seeder($db))->seed($extraContacts);
        });
    }

    /** Runs $work in a BEGIN IMMEDIATE transaction so workers never interleave writes. */
    public static function transaction(\PDO $db, callable $work): mixed
    {
        return self::within($db, 'BEGIN IMMEDIATE', $work);
    }

    /**
     * Runs $work in a deferred transaction: a consistent snapshot that takes no write lock,
     * so reads of different workers run side by side (WAL mode) as they do on MySQL.
     */
    public static function readTransaction(\PDO $db, callable $work): mixed
    {
        return self::within($db, 'BEGIN DEFERRED', $work);
    }

    private static function within(\PDO $db, string $begin, callable $work): mixed
    {
        $db->exec($begin);
        try {
            $result = $work();
            $db->exec('COMMIT');
            return $result;
        } catch (\Throwable $e) {
            $db->exec('ROLLBACK');
            throw $e;
        }
    }

    private static function isReady(\PDO $db): bool
    {
        try {
            return $db->query("SELECT value FROM server_meta WHERE name = 'schema'")->fetchColumn() === Schema::VERSION;
        } catch (\PDOException) {
            return false;
        }
    }

    private static function initialiseOnce(\PDO $db, string $path): void
    {
        $lock = fopen($path . '.lock', 'c');
        flock($lock, LOCK_EX);
        try {
            if (!self::isReady($db)) {
                $db->exec('PRAGMA journal_mode = WAL');
                self::rebuild($db);
            }
        } finally {
            flock($lock, LOCK_UN);
            fclose($lock);
        }
    }
}
