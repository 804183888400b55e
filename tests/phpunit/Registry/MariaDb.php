<?php

declare(strict_types=1);

namespace Vtws\Tests\Registry;

/**
 * The MariaDB server of a test run (tools/mariadb.sh starts a private one and exports
 * VTWS_TEST_MYSQL_DSN, _USER and _PASSWORD) and the Vtiger 8 webservice tables in it.
 */
final class MariaDb
{
    public static function available(): bool
    {
        return self::dsn() !== '';
    }

    public static function dsn(): string
    {
        return (string) getenv('VTWS_TEST_MYSQL_DSN');
    }

    public static function user(): string
    {
        return (string) getenv('VTWS_TEST_MYSQL_USER');
    }

    public static function password(): string
    {
        return (string) getenv('VTWS_TEST_MYSQL_PASSWORD');
    }

    /** A new connection with the caller's usual settings: exceptions, associative rows. */
    public static function connect(): \PDO
    {
        return new \PDO(self::dsn(), self::user(), self::password(), [
            \PDO::ATTR_ERRMODE => \PDO::ERRMODE_EXCEPTION,
            \PDO::ATTR_DEFAULT_FETCH_MODE => \PDO::FETCH_ASSOC,
        ]);
    }

    /** Drops and recreates the vtiger_ws_operation tables as a fresh Vtiger 8 install has them. */
    public static function loadSchema(\PDO $db): void
    {
        $sql = (string) file_get_contents(dirname(__DIR__, 2) . '/schema/vtiger_ws.sql');
        $db->exec('DROP TRIGGER IF EXISTS vtws_test_refuse_parameter');
        foreach (preg_split('/;\s*\n/', $sql) as $statement) {
            $statement = trim(preg_replace('/^--.*$/m', '', $statement));
            if ($statement !== '') {
                $db->exec($statement);
            }
        }
    }

    /** Every row of both operation tables and the sequence, for before/after comparisons. */
    public static function snapshot(\PDO $db): array
    {
        return [
            'operations' => $db->query('SELECT * FROM vtiger_ws_operation ORDER BY operationid')->fetchAll(),
            'parameters' => $db->query('SELECT * FROM vtiger_ws_operation_parameters ORDER BY operationid, name')->fetchAll(),
            'sequence' => $db->query('SELECT id FROM vtiger_ws_operation_seq')->fetchAll(\PDO::FETCH_COLUMN),
        ];
    }

    /** Path of the vtws extension under test, for the PHP processes the tests start. */
    public static function extension(): string
    {
        $configured = getenv('VTWS_EXTENSION_SO');
        return is_string($configured) && $configured !== '' ? $configured : dirname(__DIR__, 3) . '/modules/vtws.so';
    }
}
