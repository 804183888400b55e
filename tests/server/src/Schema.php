<?php

declare(strict_types=1);

namespace Vtws\TestServer;

/**
 * Table layout. The vtiger_ws_* tables keep Vtiger's own names and columns because
 * the extension's registration helpers and the dispatcher read them; the record
 * storage is a generic table with the record as JSON.
 */
final class Schema
{
    /** Bumped whenever a table changes, so that an older database file is rebuilt. */
    public const VERSION = '4';

    private const TABLES = [
        'server_meta' => 'name TEXT PRIMARY KEY, value TEXT NOT NULL',
        'vtiger_ws_operation' => 'operationid INTEGER PRIMARY KEY, name VARCHAR(128) NOT NULL,
            handler_path VARCHAR(255) NOT NULL, handler_method VARCHAR(64) NOT NULL,
            type VARCHAR(8) NOT NULL, prelogin INTEGER NOT NULL',
        'vtiger_ws_operation_parameters' => 'operationid INTEGER NOT NULL, name VARCHAR(128) NOT NULL,
            type VARCHAR(64) NOT NULL, sequence INTEGER NOT NULL, PRIMARY KEY (operationid, name)',
        'vtiger_ws_operation_seq' => 'id INTEGER NOT NULL',
        'vtiger_ws_entity' => 'id INTEGER PRIMARY KEY, name VARCHAR(25) NOT NULL, ismodule INTEGER NOT NULL',
        'vtiger_users' => 'id INTEGER PRIMARY KEY, user_name TEXT NOT NULL COLLATE NOCASE, accesskey TEXT NOT NULL,
            status TEXT NOT NULL, is_admin TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, data TEXT NOT NULL',
        'vtiger_ws_userauthtoken' => 'userid INTEGER NOT NULL UNIQUE, token VARCHAR(36) NOT NULL,
            expiretime INTEGER NOT NULL',
        'ws_sessions' => 'id TEXT PRIMARY KEY, user_id INTEGER NOT NULL, created INTEGER NOT NULL',
        'vtiger_crmentity_seq' => 'id INTEGER NOT NULL',
        'records' => 'crmid INTEGER PRIMARY KEY, module TEXT NOT NULL, owner INTEGER NOT NULL,
            data TEXT NOT NULL, mtime INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
            converted INTEGER NOT NULL DEFAULT 0',
        'relations' => 'crmid INTEGER NOT NULL, relcrmid INTEGER NOT NULL, label TEXT NOT NULL DEFAULT \'\'',
        // Vtiger's own tables: the file itself is under storage/ (see Storage).
        'vtiger_attachments' => 'attachmentsid INTEGER PRIMARY KEY, name TEXT NOT NULL, description TEXT,
            type TEXT, path TEXT NOT NULL, storedname TEXT',
        'vtiger_seattachmentsrel' => 'crmid INTEGER NOT NULL, attachmentsid INTEGER NOT NULL,
            PRIMARY KEY (crmid, attachmentsid)',
        'autonumbers' => 'module TEXT PRIMARY KEY, next INTEGER NOT NULL',
        'faults' => 'id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, remaining INTEGER NOT NULL,
            operation TEXT, ms INTEGER NOT NULL DEFAULT 0, lines INTEGER NOT NULL DEFAULT 3',
        'request_log' => 'id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, method TEXT NOT NULL,
            operation TEXT NOT NULL, params TEXT NOT NULL, content_type TEXT NOT NULL',
        'op_counts' => 'operation TEXT PRIMARY KEY, count INTEGER NOT NULL',
        'request_timeline' => 'id INTEGER PRIMARY KEY AUTOINCREMENT, session TEXT NOT NULL, operation TEXT NOT NULL,
            pid INTEGER NOT NULL, arrived REAL NOT NULL, started REAL NOT NULL, finished REAL NOT NULL',
    ];

    private const INDEXES = [
        'CREATE INDEX records_module ON records (module, deleted, crmid)',
        'CREATE INDEX records_sync ON records (module, owner, mtime)',
        'CREATE INDEX relations_both ON relations (crmid, relcrmid)',
    ];

    public static function create(\PDO $db): void
    {
        foreach (self::TABLES as $name => $columns) {
            $db->exec("CREATE TABLE $name ($columns)");
        }
        foreach (self::INDEXES as $sql) {
            $db->exec($sql);
        }
    }

    public static function drop(\PDO $db): void
    {
        $db->exec('DROP TABLE IF EXISTS attachments'); // schema 3 kept files in the database
        foreach (array_keys(self::TABLES) as $name) {
            $db->exec("DROP TABLE IF EXISTS $name");
        }
    }
}
