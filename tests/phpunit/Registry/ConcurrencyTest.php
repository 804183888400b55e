<?php

declare(strict_types=1);

namespace Vtws\Tests\Registry;

require_once __DIR__ . '/TestCase.php';
require_once __DIR__ . '/Workers.php';

use Vtws\OperationRegistry;

/**
 * Separate PHP processes registering the same operation at the same moment: the row lock on
 * vtiger_ws_operation_seq serialises them, so the table never holds the name twice (it has
 * no unique key that would stop a second row).
 */
final class ConcurrencyTest extends TestCase
{
    private const ROUNDS = 6;

    public function testTwoProcessesRegisteringTheSameOperationLeaveOneRow(): void
    {
        for ($round = 1; $round <= self::ROUNDS; $round++) {
            $name = 'concurrent' . $round;
            $answers = (new Workers([[$name, 'a'], [$name, 'a']]))->release();

            $results = array_column($answers, 'result');
            self::assertCount(2, $results, 'a worker failed: ' . json_encode($answers));
            $statuses = array_column($results, 'status');
            sort($statuses);
            self::assertSame(['created', 'unchanged'], $statuses, "round $round");
            self::assertSame($results[0]['id'], $results[1]['id'], "round $round");
            self::assertCount(1, $this->operationRows($name), "round $round");
            self::assertSame([['text', 'string', 1], ['language', 'string', 2]], $this->parameterRows($results[0]['id']));
        }
        // Exactly one id consumed per operation.
        self::assertSame(38 + self::ROUNDS, $this->sequence());
    }

    public function testTwoProcessesWithDifferentDefinitionsLeaveOneCompleteDefinition(): void
    {
        for ($round = 1; $round <= self::ROUNDS; $round++) {
            $name = 'contested' . $round;
            $answers = (new Workers([[$name, 'a'], [$name, 'b']]))->release();

            $results = array_column($answers, 'result');
            self::assertCount(2, $results, 'a worker failed: ' . json_encode($answers));
            $statuses = array_column($results, 'status');
            sort($statuses);
            self::assertSame(['created', 'updated'], $statuses, "round $round");
            self::assertCount(1, $this->operationRows($name));
            // Whoever came second wins, and its parameter list is complete, never a mix.
            $second = $results[0]['status'] === 'updated' ? 'a' : 'b';
            $expected = $second === 'a' ? [['text', 'string', 1], ['language', 'string', 2]] : [['text', 'encoded', 1]];
            self::assertSame($expected, $this->parameterRows($results[0]['id']), "round $round");
        }
    }

    public function testTwoFirstRegistrationsWithoutASequenceTableCreateItOnce(): void
    {
        $this->db->exec('DROP TABLE vtiger_ws_operation_seq');

        $answers = (new Workers([['first', 'a'], ['second', 'a']]))->release();

        $ids = array_column(array_column($answers, 'result'), 'id');
        sort($ids);
        self::assertSame([39, 40], $ids, json_encode($answers));
        self::assertSame([40], $this->db->query('SELECT id FROM vtiger_ws_operation_seq')->fetchAll(\PDO::FETCH_COLUMN));
    }

    public function testARegistrationWaitsForVtigersOwnSequenceUpdate(): void
    {
        // Vtiger's getUniqueID() in an open transaction (as in a Vtiger migration) holds the row.
        $vtiger = MariaDb::connect();
        $vtiger->beginTransaction();
        $vtiger->exec('UPDATE vtiger_ws_operation_seq SET id=LAST_INSERT_ID(id+1)');
        $workers = new Workers([['afterVtiger', 'a']], false);
        $this->waitUntilBlocked($workers->connections[0]);
        $vtiger->exec("INSERT INTO vtiger_ws_operation VALUES (39, 'vtigerop', 'x.php', 'vtws_x', 'POST', 0)");
        $vtiger->commit();

        $answers = $workers->finish();

        self::assertSame(['id' => 40, 'status' => 'created'], $answers[0]['result']);
        self::assertTrue((new OperationRegistry($this->db))->exists('vtigerop'));
    }

    private function waitUntilBlocked(int $connection): void
    {
        $statement = $this->db->prepare("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = ? AND INFO LIKE '%vtiger_ws_operation_seq%'");
        for ($i = 0; $i < 2000; $i++) {
            $statement->execute([$connection]);
            if ((int) $statement->fetchColumn() > 0) {
                return;
            }
            usleep(5000);
        }
        self::fail('the worker never waited for the sequence row');
    }
}
