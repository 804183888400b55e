<?php

declare(strict_types=1);

namespace Vtws\Tests\Sync;

require_once __DIR__ . '/StateContractTestCase.php';
require_once dirname(__DIR__) . '/Registry/MariaDb.php';

use Vtws\Sync\PdoState;
use Vtws\Sync\State;
use Vtws\Sync\StateException;
use Vtws\Tests\Registry\MariaDb;

/** PdoState on the run's private MariaDB (tools/mariadb.sh), tables under the prefix of this test. */
final class PdoMariaDbStateTest extends StateContractTestCase
{
    private const PREFIX = 'vtws_synctest_';

    protected function setUp(): void
    {
        if (!MariaDb::available()) {
            $reason = 'no MariaDB: run tools/test.sh, or export the variables printed by tools/mariadb.sh start';
            if (getenv('CI') === 'true') {
                self::fail($reason);
            }
            self::markTestSkipped($reason);
        }
        $db = MariaDb::connect();
        foreach (['connectors', 'pairs', 'idmap'] as $table) {
            $db->exec('DROP TABLE IF EXISTS ' . self::PREFIX . $table);
        }
    }

    protected function open(string $connector = 'acme'): State
    {
        return new PdoState(MariaDb::connect(), $connector, ['prefix' => self::PREFIX]);
    }

    public function testIdsCompareByteForByte(): void
    {
        $state = $this->open();
        $state->apply(['idmap' => [
            ['op' => 'put', 'pair' => 'A', 'vtiger' => '1x1', 'service' => 'co_a'],
            ['op' => 'put', 'pair' => 'A', 'vtiger' => '1x2', 'service' => 'CO_A'],
            ['op' => 'put', 'pair' => 'A', 'vtiger' => '1x3', 'service' => 'co_ä'],
        ]]);
        self::assertSame(['co_a', 'CO_A', 'co_ä'], array_column($state->load()['idmap']['A'], 'service'));
    }

    public function testTokensComeBackAsIntegers(): void
    {
        $db = MariaDb::connect();
        $db->setAttribute(\PDO::ATTR_EMULATE_PREPARES, true);
        $db->setAttribute(\PDO::ATTR_STRINGIFY_FETCHES, true);
        $state = new PdoState($db, 'acme', ['prefix' => self::PREFIX]);
        $state->apply(['pairs' => ['A' => ['pull' => ['token' => 1714555800, 'complete' => true]]],
            'idmap' => [['op' => 'put', 'pair' => 'A', 'vtiger' => '1x1', 'service' => '81', 'vtigerMtime' => 5]]]);
        self::assertSame(['pairs' => ['A' => ['pull' => ['token' => 1714555800, 'complete' => true, 'retries' => []]]],
            'idmap' => ['A' => [['vtiger' => '1x1', 'service' => '81', 'vtigerMtime' => 5, 'serviceMtime' => null]]]],
            $state->load());
    }

    public function testConcurrentAppliesOfTwoConnectionsBothLand(): void
    {
        $first = $this->open();
        $second = $this->open();
        $first->apply(['synctype' => 'user']);
        for ($i = 0; $i < 20; $i++) {
            $writer = $i % 2 === 0 ? $first : $second;
            $writer->apply(['idmap' => [['op' => 'put', 'pair' => 'A', 'vtiger' => "1x$i", 'service' => "s$i"]]]);
        }
        self::assertCount(20, $this->open()->load()['idmap']['A']);
    }

    public function testSilentErrorModeIsRestoredAfterADatabaseError(): void
    {
        $db = MariaDb::connect();
        $state = new PdoState($db, 'acme', ['prefix' => self::PREFIX]);
        $state->apply(['synctype' => 'user']);
        $db->setAttribute(\PDO::ATTR_ERRMODE, \PDO::ERRMODE_SILENT);
        $db->exec('DROP TABLE ' . self::PREFIX . 'idmap');
        try {
            $state->load();
            self::fail('no StateException');
        } catch (StateException $e) {
            self::assertStringContainsString('42S02', $e->getMessage());
        }
        self::assertSame(\PDO::ERRMODE_SILENT, $db->getAttribute(\PDO::ATTR_ERRMODE));
        self::assertFalse($db->inTransaction());
    }
}
