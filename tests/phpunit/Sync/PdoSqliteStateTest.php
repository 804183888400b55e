<?php

declare(strict_types=1);

namespace Vtws\Tests\Sync;

require_once __DIR__ . '/StateContractTestCase.php';
require_once __DIR__ . '/TempDir.php';

use Vtws\Sync\PdoState;
use Vtws\Sync\State;
use Vtws\Sync\StateException;

/** PdoState on an SQLite file; each open() is a new connection, as a new run would make. */
final class PdoSqliteStateTest extends StateContractTestCase
{
    private TempDir $dir;

    protected function setUp(): void
    {
        if (!extension_loaded('pdo_sqlite')) {
            self::markTestSkipped('pdo_sqlite is not loaded');
        }
        $this->dir = new TempDir('vtws-pdostate');
    }

    protected function tearDown(): void
    {
        $this->dir->remove();
    }

    private function connect(): \PDO
    {
        return new \PDO('sqlite:' . $this->dir->path('state.sqlite'));
    }

    protected function open(string $connector = 'acme'): State
    {
        return new PdoState($this->connect(), $connector);
    }

    public function testTablesAndIndexesAsDocumented(): void
    {
        $pdo = $this->connect();
        new PdoState($pdo, 'acme', ['prefix' => 'sync_']);
        $tables = $pdo->query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")->fetchAll(\PDO::FETCH_COLUMN);
        self::assertSame(['sync_connectors', 'sync_idmap', 'sync_pairs'], $tables);
        // Two ids of one pair cannot be mapped twice, whatever writes the rows.
        $insert = $pdo->prepare('INSERT INTO sync_idmap (connector, pair, vtiger, service, seq) VALUES (?, ?, ?, ?, ?)');
        $insert->execute(['acme', 'A', '1x1', 's1', 1]);
        foreach ([['1x1', 's2'], ['1x2', 's1']] as [$vtiger, $service]) {
            try {
                $insert->execute(['acme', 'A', $vtiger, $service, 2]);
                self::fail("duplicate $vtiger/$service accepted");
            } catch (\PDOException $e) {
                self::assertSame('23000', $e->getCode());
            }
        }
    }

    public function testCallerSettingsAreRestored(): void
    {
        $pdo = $this->connect();
        $pdo->setAttribute(\PDO::ATTR_ERRMODE, \PDO::ERRMODE_WARNING);
        $pdo->setAttribute(\PDO::ATTR_CASE, \PDO::CASE_LOWER);
        $state = new PdoState($pdo, 'acme');
        $state->apply(['synctype' => 'user']);
        $state->load();
        $pdo->exec('DROP TABLE vtws_sync_pairs');
        try {
            $state->apply(['pairs' => ['A' => ['pull' => ['token' => 1]]]]);
            self::fail('no StateException');
        } catch (StateException $e) {
            self::assertInstanceOf(\PDOException::class, $e->getPrevious());
        }
        self::assertSame(\PDO::ERRMODE_WARNING, $pdo->getAttribute(\PDO::ATTR_ERRMODE));
        self::assertSame(\PDO::CASE_LOWER, $pdo->getAttribute(\PDO::ATTR_CASE));
        self::assertFalse($pdo->inTransaction());
    }

    public function testFailedApplyLeavesTheStoredStateAsItWas(): void
    {
        $pdo = $this->connect();
        $state = new PdoState($pdo, 'acme');
        $state->apply(['synctype' => 'user', 'idmap' => [['op' => 'put', 'pair' => 'A', 'vtiger' => '1x1', 'service' => 's1']]]);
        $before = $state->load();
        $pdo->exec("CREATE TRIGGER refuse BEFORE INSERT ON vtws_sync_idmap WHEN NEW.service = 'bad'
            BEGIN SELECT RAISE(ABORT, 'refused'); END");
        try {
            $state->apply(['synctype' => 'app', 'pairs' => ['A' => ['push' => ['token' => 9]]], 'idmap' => [
                ['op' => 'remove', 'pair' => 'A', 'vtiger' => '1x1'],
                ['op' => 'put', 'pair' => 'A', 'vtiger' => '1x2', 'service' => 'bad'],
            ]]);
            self::fail('no StateException');
        } catch (StateException $e) {
            self::assertStringContainsString('refused', $e->getMessage());
        }
        self::assertSame($before, (new PdoState($this->connect(), 'acme'))->load());
    }

    public function testAppliesInsideTheCallersTransactionAreRefused(): void
    {
        $pdo = $this->connect();
        $state = new PdoState($pdo, 'acme');
        $pdo->beginTransaction();
        $this->expectException(StateException::class);
        $this->expectExceptionMessage('inside a transaction');
        try {
            $state->apply(['synctype' => 'user']);
        } finally {
            self::assertTrue($pdo->inTransaction(), "the caller's transaction is not ours to end");
            $pdo->rollBack();
        }
    }
}
