<?php

declare(strict_types=1);

namespace Vtws\SynergyServer;

/** Tables of the emulator. JSON columns hold documents exactly as the API shows them. */
final class Schema
{
    private const TABLES = [
        'meta' => 'name TEXT PRIMARY KEY, value TEXT NOT NULL',
        'clients' => 'id TEXT PRIMARY KEY, secret TEXT NOT NULL, account TEXT NOT NULL, scopes TEXT NOT NULL,
            allow_ips TEXT NOT NULL',
        'tokens' => 'token TEXT PRIMARY KEY, client_id TEXT NOT NULL, account TEXT NOT NULL, scopes TEXT NOT NULL,
            audience TEXT, issued_us INTEGER NOT NULL, expires_us INTEGER NOT NULL',
        'token_hits' => 'id INTEGER PRIMARY KEY, ip TEXT NOT NULL, at_us INTEGER NOT NULL',
        'buckets' => 'account TEXT PRIMARY KEY, micro INTEGER NOT NULL, updated_us INTEGER NOT NULL',
        'databases' => 'account TEXT NOT NULL, name TEXT NOT NULL, label TEXT NOT NULL, type TEXT NOT NULL,
            created TEXT NOT NULL, uid TEXT NOT NULL, version TEXT NOT NULL, next_id INTEGER NOT NULL,
            position INTEGER NOT NULL, PRIMARY KEY (account, name)',
        'columns' => 'account TEXT NOT NULL, db TEXT NOT NULL, name TEXT NOT NULL, label TEXT NOT NULL,
            type TEXT NOT NULL, selects TEXT, unique_key INTEGER NOT NULL DEFAULT 0, position INTEGER NOT NULL,
            PRIMARY KEY (account, db, name)',
        'definitions' => 'account TEXT NOT NULL, name TEXT NOT NULL, document TEXT NOT NULL, PRIMARY KEY (account, name)',
        'records' => 'account TEXT NOT NULL, db TEXT NOT NULL, id INTEGER NOT NULL, data TEXT NOT NULL,
            PRIMARY KEY (account, db, id)',
        'faults' => 'id INTEGER PRIMARY KEY, kind TEXT NOT NULL, target TEXT NOT NULL, operation TEXT,
            remaining INTEGER NOT NULL',
        'request_log' => 'id INTEGER PRIMARY KEY, at_us INTEGER NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,
            query TEXT NOT NULL, operation TEXT NOT NULL, status INTEGER NOT NULL, auth TEXT NOT NULL,
            client_id TEXT, content_type TEXT, accept TEXT, body_bytes INTEGER NOT NULL, fault TEXT',
    ];

    public static function create(\PDO $pdo): void
    {
        foreach (self::TABLES as $name => $columns) {
            $pdo->exec("CREATE TABLE $name ($columns)");
        }
    }

    public static function drop(\PDO $pdo): void
    {
        foreach (array_keys(self::TABLES) as $name) {
            $pdo->exec("DROP TABLE IF EXISTS $name");
        }
    }
}
