<?php

declare(strict_types=1);

namespace Vtws\Tests\Registry;

require_once __DIR__ . '/MariaDb.php';

use PHPUnit\Framework\TestCase as PHPUnitTestCase;

/**
 * Base of the registry tests: each test starts from the tables of a fresh Vtiger 8 install
 * in a real MariaDB. Without one they are skipped locally, but fail in CI (CI=true), where
 * tools/test.sh always provides it.
 */
abstract class TestCase extends PHPUnitTestCase
{
    protected const WS = 'include/Webservices/';
    protected \PDO $db;

    protected function setUp(): void
    {
        if (!MariaDb::available()) {
            $reason = 'no MariaDB: run tools/test.sh, or export the variables printed by tools/mariadb.sh start';
            if (getenv('CI') === 'true') {
                self::fail($reason);
            }
            self::markTestSkipped($reason);
        }
        $this->db = MariaDb::connect();
        MariaDb::loadSchema($this->db);
    }

    protected static function vtigerRoot(): string
    {
        return dirname(__DIR__, 2) . '/vtiger-root';
    }

    protected function sequence(): int
    {
        return (int) $this->db->query('SELECT id FROM vtiger_ws_operation_seq')->fetchColumn();
    }

    /** @return list<array{operationid: int|string, name: string, type: string, sequence: int|string}> */
    protected function parameterRows(int $operationId): array
    {
        $statement = $this->db->prepare(
            'SELECT name, type, sequence FROM vtiger_ws_operation_parameters WHERE operationid = ? ORDER BY sequence'
        );
        $statement->execute([$operationId]);
        return array_map(static fn (array $row): array => [$row['name'], $row['type'], (int) $row['sequence']],
            $statement->fetchAll());
    }

    protected function operationRows(string $name): array
    {
        $statement = $this->db->prepare('SELECT * FROM vtiger_ws_operation WHERE name = ? ORDER BY operationid');
        $statement->execute([$name]);
        return $statement->fetchAll();
    }

    /** Runs $call and returns the RegistryException it must throw. */
    protected static function registryError(callable $call): \Vtws\RegistryException
    {
        try {
            $call();
        } catch (\Vtws\RegistryException $e) {
            return $e;
        }
        self::fail('expected a Vtws\RegistryException');
    }
}
