<?php

declare(strict_types=1);

namespace Vtws\Tests\Registry;

require_once __DIR__ . '/TestCase.php';
require_once __DIR__ . '/Workers.php';
require_once __DIR__ . '/PearDatabaseDouble.php';

use Vtws\OperationRegistry;

/** The database connection dies (KILL from another connection): an error with the SQLSTATE, nothing half-written. */
final class ConnectionLossTest extends TestCase
{
    private function connectionId(\PDO $pdo): int
    {
        return (int) $pdo->query('SELECT CONNECTION_ID()')->fetchColumn();
    }

    public function testAConnectionKilledBetweenCallsGivesARegistryException(): void
    {
        $victim = MariaDb::connect();
        $registry = new OperationRegistry($victim);
        self::assertTrue($registry->exists('login'));
        $before = MariaDb::snapshot($this->db);

        $this->db->exec('KILL CONNECTION ' . $this->connectionId($victim));
        $error = self::registryError(fn () => $registry->register('afterkill', self::WS . 'X.php', 'vtws_x'));

        self::assertSame('HY000', $error->getSqlState());
        self::assertMatchesRegularExpression('/gone away|Lost connection/', $error->getMessage());
        self::assertInstanceOf(\PDOException::class, $error->getPrevious());
        self::assertSame(\PDO::ERRMODE_EXCEPTION, $victim->getAttribute(\PDO::ATTR_ERRMODE));
        self::assertSame($before, MariaDb::snapshot($this->db));
    }

    public function testAProcessKilledWhileRegisteringWritesNothing(): void
    {
        // Hold the sequence row so the worker stops inside its transaction, then kill it there.
        $holder = MariaDb::connect();
        $holder->beginTransaction();
        $holder->query('SELECT id FROM vtiger_ws_operation_seq FOR UPDATE')->fetchAll();
        $workers = new Workers([['killed', 'a']], false);
        $connection = $workers->connections[0];
        $this->waitForStatement($connection, 'vtiger_ws_operation_seq FOR UPDATE');

        $this->db->exec("KILL CONNECTION $connection");
        $holder->rollBack();
        $answer = $workers->finish()[0];

        self::assertArrayHasKey('error', $answer, json_encode($answer));
        self::assertSame('HY000', $answer['sqlState']);
        self::assertSame('PDOException', $answer['previous']);
        self::assertSame([], $this->operationRows('killed'));
        self::assertSame(38, $this->sequence());
    }

    public function testAPearDatabaseConnectionKilledMidTransactionIsRolledBack(): void
    {
        $adb = new PearDatabaseDouble(MariaDb::connect());
        $registry = new OperationRegistry($adb);
        $killer = $this->db;
        $victim = $this->connectionId($adb->pdo);
        // The operation row and the first parameter are written when the connection dies.
        $adb->beforeQuery = static function (string $sql) use ($killer, $victim, $adb): void {
            $parameters = array_filter($adb->statements, static fn (string $s): bool => str_starts_with($s, 'INSERT INTO vtiger_ws_operation_parameters'));
            if (count($parameters) === 2) {
                $killer->exec("KILL CONNECTION $victim");
            }
        };

        $error = self::registryError(fn () => $registry->register('halfway', self::WS . 'X.php', 'vtws_x', 'POST',
            ['a' => 'string', 'b' => 'string', 'c' => 'string']));

        self::assertSame('HY000', $error->getSqlState());
        self::assertMatchesRegularExpression('/gone away|Lost connection/', $error->getMessage());
        self::assertSame([], $this->operationRows('halfway'));
        self::assertSame(38, $this->sequence());
    }

    private function waitForStatement(int $connection, string $fragment): void
    {
        $statement = $this->db->prepare('SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = ? AND INFO LIKE ?');
        for ($i = 0; $i < 2000; $i++) {
            $statement->execute([$connection, '%' . $fragment . '%']);
            if ((int) $statement->fetchColumn() > 0) {
                return;
            }
            usleep(5000);
        }
        self::fail("connection $connection never ran $fragment");
    }
}
