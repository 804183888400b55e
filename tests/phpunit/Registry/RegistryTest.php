<?php

declare(strict_types=1);

namespace Vtws\Tests\Registry;

require_once __DIR__ . '/TestCase.php';

use Vtws\OperationRegistry;

/** register / get / all / exists / unregister against the tables of a fresh Vtiger 8 install. */
final class RegistryTest extends TestCase
{
    private const TRANSLATION_PARAMS = ['totranslate' => 'encoded', 'language' => 'string', 'module' => 'string'];

    private function registerTranslation(OperationRegistry $registry, array $params = self::TRANSLATION_PARAMS): array
    {
        return $registry->register('gettranslation', self::WS . 'GetTranslation.php', 'vtws_gettranslation', 'POST', $params);
    }

    public function testFreshRegisterTakesTheNextIdFromTheSequenceAndKeepsTheDeclaredOrder(): void
    {
        $result = $this->registerTranslation(new OperationRegistry($this->db));

        // A fresh install handed out 38 ids; Vtiger's getUniqueID would hand out 39 next.
        self::assertSame(['id' => 39, 'status' => 'created'], $result);
        self::assertSame(39, $this->sequence());
        $row = $this->operationRows('gettranslation');
        self::assertCount(1, $row);
        self::assertEquals(['operationid' => 39, 'name' => 'gettranslation',
            'handler_path' => 'include/Webservices/GetTranslation.php', 'handler_method' => 'vtws_gettranslation',
            'type' => 'POST', 'prelogin' => 0], $row[0]);
        // Distinct sequences in the declared order, not alphabetical and not all 1.
        self::assertSame([['totranslate', 'encoded', 1], ['language', 'string', 2], ['module', 'string', 3]],
            $this->parameterRows(39));
    }

    public function testGetReturnsTheOperationWithItsParametersInSequenceOrder(): void
    {
        $registry = new OperationRegistry($this->db);
        $this->registerTranslation($registry);

        self::assertSame([
            'id' => 39,
            'name' => 'gettranslation',
            'handler_path' => 'include/Webservices/GetTranslation.php',
            'handler_method' => 'vtws_gettranslation',
            'type' => 'POST',
            'prelogin' => false,
            'params' => self::TRANSLATION_PARAMS,
            'builtin' => false,
            'duplicates' => [],
        ], $registry->get('gettranslation'));
        self::assertNull($registry->get('nosuchoperation'));
        self::assertTrue($registry->exists('gettranslation'));
        self::assertFalse($registry->exists('nosuchoperation'));
    }

    public function testRegisteringTheSameDefinitionAgainChangesNothing(): void
    {
        $registry = new OperationRegistry($this->db);
        $first = $this->registerTranslation($registry);
        $before = MariaDb::snapshot($this->db);

        // Type names are case-insensitive in Vtiger and stored lower-case here: still the same.
        $again = $this->registerTranslation($registry, ['totranslate' => 'Encoded', 'language' => 'STRING', 'module' => 'string']);
        $fromAnotherConnection = $this->registerTranslation(new OperationRegistry(MariaDb::connect()));

        self::assertSame(['id' => $first['id'], 'status' => 'unchanged'], $again);
        self::assertSame(['id' => $first['id'], 'status' => 'unchanged'], $fromAnotherConnection);
        // Not even an id was consumed.
        self::assertSame($before, MariaDb::snapshot($this->db));
    }

    public function testChangedParametersAreReplacedInPlaceInTheNewOrder(): void
    {
        $registry = new OperationRegistry($this->db);
        $this->registerTranslation($registry);

        $result = $this->registerTranslation($registry, ['module' => 'string', 'totranslate' => 'encoded', 'fallback' => 'boolean']);

        self::assertSame(['id' => 39, 'status' => 'updated'], $result);
        self::assertCount(1, $this->operationRows('gettranslation'));
        self::assertSame([['module', 'string', 1], ['totranslate', 'encoded', 2], ['fallback', 'boolean', 3]],
            $this->parameterRows(39));
        self::assertSame(39, $this->sequence());

        self::assertSame(['id' => 39, 'status' => 'updated'], $this->registerTranslation($registry, []));
        self::assertSame([], $this->parameterRows(39));
    }

    public function testChangedColumnsAreUpdatedInPlace(): void
    {
        $registry = new OperationRegistry($this->db);
        $this->registerTranslation($registry);

        $result = $registry->register('gettranslation', self::WS . 'Translate.php', 'vtws_translate', 'get',
            ['totranslate' => 'encoded'], true);

        self::assertSame(['id' => 39, 'status' => 'updated'], $result);
        $operation = $registry->get('gettranslation');
        self::assertSame([self::WS . 'Translate.php', 'vtws_translate', 'GET', true, ['totranslate' => 'encoded']],
            [$operation['handler_path'], $operation['handler_method'], $operation['type'], $operation['prelogin'],
                $operation['params']]);
        self::assertSame('1', (string) $this->operationRows('gettranslation')[0]['prelogin']);
    }

    public function testNamesMatchLikeVtigersLookupIgnoringCase(): void
    {
        $registry = new OperationRegistry($this->db);
        $this->registerTranslation($registry);

        self::assertTrue($registry->exists('GetTranslation'));
        self::assertSame(39, $registry->get('GETTRANSLATION')['id']);
        // Registering another spelling renames the one row instead of adding a second one.
        $result = $registry->register('getTranslation', self::WS . 'GetTranslation.php', 'vtws_gettranslation', 'POST',
            self::TRANSLATION_PARAMS);
        self::assertSame(['id' => 39, 'status' => 'updated'], $result);
        self::assertSame('getTranslation', $this->operationRows('gettranslation')[0]['name']);
    }

    public function testUnregisterRemovesTheOperationAndItsParameters(): void
    {
        $registry = new OperationRegistry($this->db);
        $this->registerTranslation($registry);

        self::assertTrue($registry->unregister('gettranslation'));

        self::assertSame([], $this->operationRows('gettranslation'));
        self::assertSame([], $this->parameterRows(39));
        self::assertFalse($registry->exists('gettranslation'));
        self::assertNull($registry->get('gettranslation'));
        self::assertFalse($registry->unregister('gettranslation'));
        // Ids are never reused: the next registration takes 40.
        self::assertSame(['id' => 40, 'status' => 'created'], $this->registerTranslation($registry));
    }

    public function testBuiltInOperationsAreProtected(): void
    {
        $registry = new OperationRegistry($this->db);
        $before = MariaDb::snapshot($this->db);

        foreach (['login', 'Query', 'sync', 'changePassword', 'mobile.saverecord', 'wsapp_map'] as $name) {
            $error = self::registryError(fn () => $registry->register($name, self::WS . 'Mine.php', 'vtws_mine'));
            self::assertSame('name', $error->getArgument(), $name);
            self::assertStringContainsString('built-in', $error->getMessage());
            self::assertSame('name', self::registryError(fn () => $registry->unregister($name))->getArgument());
        }

        self::assertSame($before, MariaDb::snapshot($this->db));
    }

    public function testAllowBuiltinPermitsRepairingAStockOperation(): void
    {
        $registry = new OperationRegistry($this->db, ['allow_builtin' => true]);

        // A fresh 8.0 registers changePassword with a path that does not exist.
        $result = $registry->register('changePassword', 'include/Webservices/Custom/ChangePassword.php',
            'vtws_changePassword', 'POST', ['id' => 'string', 'oldPassword' => 'string', 'newPassword' => 'string',
                'confirmPassword' => 'string']);

        self::assertSame(['id' => 15, 'status' => 'updated'], $result);
        self::assertSame('include/Webservices/Custom/ChangePassword.php', $registry->get('changepassword')['handler_path']);
        self::assertTrue($registry->get('changePassword')['builtin']);
        self::assertTrue($registry->unregister('changePassword'));
        self::assertFalse($registry->exists('changePassword'));
    }

    public function testAllListsEveryOperationWithParametersInSequenceOrder(): void
    {
        $registry = new OperationRegistry($this->db);
        $this->registerTranslation($registry);

        $all = $registry->all();

        self::assertCount(39, $all);
        self::assertSame(range(1, 39), array_column($all, 'id'));
        self::assertSame(['modifiedTime' => 'DateTime', 'elementType' => 'String'], $all['sync']['params']);
        self::assertSame(['id' => 'String', 'oldPassword' => 'String', 'newPassword' => 'String',
            'confirmPassword' => 'String'], $all['changePassword']['params']);
        self::assertSame([], $all['extendsession']['params']);
        self::assertTrue($all['extendsession']['prelogin']);
        self::assertSame(self::TRANSLATION_PARAMS, $all['gettranslation']['params']);
        $custom = array_keys(array_filter($all, static fn (array $operation): bool => !$operation['builtin']));
        self::assertSame(['gettranslation'], $custom);
    }

    public function testDuplicateRowsAreReportedAndCanBeCleanedUp(): void
    {
        $registry = new OperationRegistry($this->db);
        $this->registerTranslation($registry);
        // What the tutorial's registration script does when run twice without its guard.
        $this->db->exec("UPDATE vtiger_ws_operation_seq SET id = 40");
        $this->db->exec("INSERT INTO vtiger_ws_operation VALUES (40, 'gettranslation', 'include/Webservices/GetTranslation.php', 'vtws_gettranslation', 'POST', 0)");
        $this->db->exec("INSERT INTO vtiger_ws_operation_parameters VALUES (40, 'language', 'string', 1)");

        self::assertSame([40], $registry->get('gettranslation')['duplicates']);
        self::assertSame([40], $registry->all()['gettranslation']['duplicates']);
        $error = self::registryError(fn () => $this->registerTranslation($registry));
        self::assertSame('name', $error->getArgument());
        self::assertStringContainsString('stored 2 times (operationid 39, 40)', $error->getMessage());

        self::assertTrue($registry->unregister('gettranslation'));
        self::assertSame([], $this->operationRows('gettranslation'));
        self::assertSame([], $this->parameterRows(40));
        self::assertSame(['id' => 41, 'status' => 'created'], $this->registerTranslation($registry));
    }

    public function testAMissingSequenceTableIsCreatedAsVtigerWould(): void
    {
        $this->db->exec('DROP TABLE vtiger_ws_operation_seq');

        $result = $this->registerTranslation(new OperationRegistry($this->db));

        // Seeded with the highest id in use, so the new id cannot collide.
        self::assertSame(['id' => 39, 'status' => 'created'], $result);
        self::assertSame(39, $this->sequence());
    }

    public function testASequenceBehindTheTableIsRefusedWithoutWriting(): void
    {
        $this->db->exec('UPDATE vtiger_ws_operation_seq SET id = 10');
        $before = MariaDb::snapshot($this->db);

        $error = self::registryError(fn () => $this->registerTranslation(new OperationRegistry($this->db)));

        self::assertStringContainsString('id 11, which is already used', $error->getMessage());
        self::assertSame($before, MariaDb::snapshot($this->db));
    }

    public function testMissingTablesSayWhatIsWrong(): void
    {
        $this->db->exec('DROP TABLE vtiger_ws_operation_parameters');
        $registry = new OperationRegistry($this->db);

        foreach ([fn () => $registry->all(), fn () => $registry->exists('x'), fn () => $this->registerTranslation($registry)] as $call) {
            $error = self::registryError($call);
            self::assertSame('42S02', $error->getSqlState());
            self::assertStringContainsString('is this Vtiger\'s database?', $error->getMessage());
            self::assertInstanceOf(\PDOException::class, $error->getPrevious());
        }
    }

    public function testAFailureAfterTheOperationRowLeavesNothingBehind(): void
    {
        // The database refuses one parameter: the operation row is already written by then.
        $this->db->exec("CREATE TRIGGER vtws_test_refuse_parameter BEFORE INSERT ON vtiger_ws_operation_parameters
            FOR EACH ROW BEGIN IF NEW.name = 'module' THEN
            SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'parameter refused'; END IF; END");
        $before = MariaDb::snapshot($this->db);
        $registry = new OperationRegistry($this->db);

        $error = self::registryError(fn () => $this->registerTranslation($registry));

        self::assertSame('45000', $error->getSqlState());
        self::assertStringContainsString('parameter refused', $error->getMessage());
        self::assertSame($before, MariaDb::snapshot($this->db));
        // The same for an update in place: the old definition stays whole.
        $this->registerTranslation($registry, ['totranslate' => 'encoded']);
        $stored = MariaDb::snapshot($this->db);
        self::registryError(fn () => $this->registerTranslation($registry));
        self::assertSame($stored, MariaDb::snapshot($this->db));
    }

    public function testTooLongValuesForTheDatabaseAreDatabaseErrors(): void
    {
        // An install whose column is narrower than Vtiger 8's: strict mode refuses the value.
        $this->db->exec('DELETE FROM vtiger_ws_operation_parameters WHERE CHAR_LENGTH(type) > 6');
        $this->db->exec('ALTER TABLE vtiger_ws_operation_parameters MODIFY type varchar(6) NOT NULL');
        $before = MariaDb::snapshot($this->db);

        $error = self::registryError(fn () => $this->registerTranslation(new OperationRegistry($this->db)));

        self::assertSame('22001', $error->getSqlState());
        self::assertSame('', $error->getArgument());
        self::assertSame($before, MariaDb::snapshot($this->db));
    }

    public function testThePdoSettingsOfTheCallerAreRestored(): void
    {
        $this->db->setAttribute(\PDO::ATTR_ERRMODE, \PDO::ERRMODE_SILENT);
        $this->db->setAttribute(\PDO::ATTR_CASE, \PDO::CASE_UPPER);
        $registry = new OperationRegistry($this->db);

        $this->registerTranslation($registry);
        self::assertSame(['totranslate', 'language', 'module'], array_keys($registry->get('gettranslation')['params']));
        self::registryError(fn () => $registry->register('login', self::WS . 'X.php', 'x'));
        $this->db->exec('DROP TABLE vtiger_ws_operation_seq');
        $this->db->exec('CREATE TABLE vtiger_ws_operation_seq (id varchar(1) NOT NULL)');
        $this->db->exec("INSERT INTO vtiger_ws_operation_seq VALUES ('x')");
        self::registryError(fn () => $registry->register('other', self::WS . 'X.php', 'x'));

        self::assertSame(\PDO::ERRMODE_SILENT, $this->db->getAttribute(\PDO::ATTR_ERRMODE));
        self::assertSame(\PDO::CASE_UPPER, $this->db->getAttribute(\PDO::ATTR_CASE));
        self::assertFalse($this->db->inTransaction());
    }

    public function testTheCallersOwnTransactionIsLeftAlone(): void
    {
        $registry = new OperationRegistry($this->db);
        $this->db->beginTransaction();

        $error = self::registryError(fn () => $this->registerTranslation($registry));

        self::assertSame('db', $error->getArgument());
        self::assertTrue($this->db->inTransaction());
        $this->db->rollBack();
        self::assertSame('created', $this->registerTranslation($registry)['status']);
    }
}
