<?php

declare(strict_types=1);

namespace Vtws\Tests\Registry;

require_once __DIR__ . '/TestCase.php';
require_once __DIR__ . '/PearDatabaseDouble.php';

use Vtws\OperationRegistry;

/** The registry inside Vtiger: driven through PearDatabase ($adb) instead of PDO. */
final class PearDatabaseTest extends TestCase
{
    private const PARAMS = ['totranslate' => 'encoded', 'language' => 'string', 'module' => 'string'];

    private function register(OperationRegistry $registry, array $params = self::PARAMS): array
    {
        return $registry->register('gettranslation', self::WS . 'GetTranslation.php', 'vtws_gettranslation', 'POST', $params);
    }

    public function testRegisterGetAndUnregisterThroughPearDatabase(): void
    {
        $adb = new PearDatabaseDouble(MariaDb::connect());
        $registry = new OperationRegistry($adb);

        self::assertSame(['id' => 39, 'status' => 'created'], $this->register($registry));
        self::assertSame(['id' => 39, 'status' => 'unchanged'], $this->register($registry));
        self::assertSame(['id' => 39, 'status' => 'updated'], $this->register($registry, ['module' => 'string']));
        // The same view as through PDO.
        self::assertSame((new OperationRegistry($this->db))->get('gettranslation'), $registry->get('gettranslation'));
        self::assertSame([['module', 'string', 1]], $this->parameterRows(39));
        self::assertCount(39, $registry->all());
        self::assertTrue($registry->unregister('gettranslation'));
        self::assertFalse($registry->exists('gettranslation'));
    }

    public function testWritesRunInOneLockedTransaction(): void
    {
        $adb = new PearDatabaseDouble(MariaDb::connect());

        $this->register(new OperationRegistry($adb));

        $statements = $adb->statements;
        $start = array_search('START TRANSACTION', $statements, true);
        self::assertIsInt($start);
        self::assertSame('SELECT id FROM vtiger_ws_operation_seq FOR UPDATE', $statements[$start + 1]);
        // The id is taken exactly like Vtiger's getUniqueID() (ADOdb GenID on MySQL).
        self::assertContains('UPDATE vtiger_ws_operation_seq SET id=LAST_INSERT_ID(id+1)', $statements);
        self::assertSame('COMMIT', end($statements));
        $writes = array_filter($statements, static fn (string $s): bool => preg_match('/^(INSERT|UPDATE|DELETE)/', $s) === 1);
        self::assertGreaterThan($start, min(array_keys($writes)));
    }

    public function testFetchArrayIsUsedWithoutRawRowData(): void
    {
        $adb = new LegacyPearDatabaseDouble(MariaDb::connect());
        $registry = new OperationRegistry($adb);

        self::assertSame(['id' => 39, 'status' => 'created'], $this->register($registry));
        self::assertSame(['id' => 39, 'status' => 'unchanged'], $this->register($registry));
        self::assertSame(self::PARAMS, $registry->get('gettranslation')['params']);
        self::assertSame(['modifiedTime' => 'DateTime', 'elementType' => 'String'], $registry->all()['sync']['params']);
    }

    public function testDatabaseErrorsCarryTheSqlStateOfTheAdodbConnection(): void
    {
        $this->db->exec('DROP TABLE vtiger_ws_operation');
        $registry = new OperationRegistry(new PearDatabaseDouble(MariaDb::connect()));

        $error = self::registryError(fn () => $registry->get('gettranslation'));

        self::assertSame('42S02', $error->getSqlState());
        self::assertStringContainsString('error 1146', $error->getMessage());
        self::assertStringContainsString("is this Vtiger's database?", $error->getMessage());
    }

    public function testAFailedWriteIsRolledBack(): void
    {
        $this->db->exec("CREATE TRIGGER vtws_test_refuse_parameter BEFORE INSERT ON vtiger_ws_operation_parameters
            FOR EACH ROW BEGIN IF NEW.name = 'module' THEN
            SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'parameter refused'; END IF; END");
        $adb = new PearDatabaseDouble(MariaDb::connect());
        $before = MariaDb::snapshot($this->db);

        $error = self::registryError(fn () => $this->register(new OperationRegistry($adb)));

        self::assertSame('45000', $error->getSqlState());
        self::assertSame('ROLLBACK', end($adb->statements));
        self::assertSame($before, MariaDb::snapshot($this->db));
    }

    public function testExceptionsThrownByTheDatabaseObjectBecomeRegistryExceptions(): void
    {
        $adb = new PearDatabaseDouble(MariaDb::connect());
        $adb->beforeQuery = static function (string $sql): void {
            if (str_starts_with($sql, 'INSERT INTO vtiger_ws_operation ')) {
                throw new \RuntimeException('adodb said no');
            }
        };

        $error = self::registryError(fn () => $this->register(new OperationRegistry($adb)));

        self::assertInstanceOf(\RuntimeException::class, $error->getPrevious());
        self::assertStringContainsString('adodb said no', $error->getMessage());
        self::assertSame('ROLLBACK', end($adb->statements));
        self::assertSame([], $this->operationRows('gettranslation'));
        self::assertSame(38, $this->sequence());
    }
}
