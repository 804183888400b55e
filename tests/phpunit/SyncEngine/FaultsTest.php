<?php

declare(strict_types=1);

namespace Vtws\Tests\SyncEngine;

require_once __DIR__ . '/SyncTestCase.php';
require_once dirname(__DIR__) . '/AcmeServerLauncher.php';

use Vtws\Sync\Connector;
use Vtws\Tests\AcmeServerLauncher as Acme;

/**
 * tests/sync/acme.xml between the Vtiger test server and the Acme Directory emulator while
 * either side fails: the emulator's /__acme/fault switches (500, 429 with Retry-After, a body
 * that is not JSON, a body cut in half) and Vtiger refusing a record. After each failed run
 * the tokens must not have passed a change that was not applied; after further runs without
 * faults both sides hold every record exactly once.
 */
final class FaultsTest extends SyncTestCase
{
    /** Names of the records this test creates; the seed data of both sides are left out. */
    private const PREFIX = 'F-';

    protected function setUp(): void
    {
        parent::setUp();
        Acme::control('reset');
    }

    private function connector(MemoryState $state): Connector
    {
        return Connector::fromFile(dirname(__DIR__, 2) . '/sync/acme.xml', ['vtiger' => $this->vtiger, 'state' => $state,
            'config' => ['apikey' => 'k-123', 'baseUrl' => Acme::apiBase()]]);
    }

    private static function initialState(): MemoryState
    {
        $since = time() - 5;
        return new MemoryState(['pairs' => [
            'Accounts' => ['pull' => ['token' => 0], 'push' => ['token' => $since]],
            'Contacts' => ['pull' => ['token' => 0], 'push' => ['token' => $since]],
        ]]);
    }

    private function newAcmeCompany(string $name): void
    {
        Acme::control('seed', ['module' => 'companies', 'items' => [['fields' => ['name' => self::PREFIX . $name]]]]);
    }

    private function newVtigerAccount(string $name): void
    {
        $this->vtiger->create('Accounts', ['accountname' => self::PREFIX . $name, 'assigned_user_id' => self::ADMIN_ID]);
    }

    /** @return array<string, array{name: string, mtime: int}> the emulator's live companies of this test by id */
    private static function acmeCompanies(): array
    {
        $companies = [];
        foreach (Acme::control('records?module=companies', null, 'GET')['items'] as $item) {
            $name = $item['fields']['name'] ?? '';
            if (!$item['removed'] && str_starts_with($name, self::PREFIX)) {
                $companies[$item['id']] = ['name' => $name, 'mtime' => strtotime($item['modified_at'])];
            }
        }
        return $companies;
    }

    /** @return array<string, array{name: string, mtime: int}> Vtiger's accounts of this test by id */
    private function vtigerAccounts(): array
    {
        $accounts = [];
        foreach ($this->vtiger->queryAll('SELECT accountname, modifiedtime FROM Accounts') as $row) {
            if (str_starts_with($row['accountname'], self::PREFIX)) {
                $accounts[$row['id']] = ['name' => $row['accountname'], 'mtime' => strtotime($row['modifiedtime'] . ' UTC')];
            }
        }
        return $accounts;
    }

    /**
     * Neither token is past a record of the other side that has no id map entry yet: the
     * pull filter is inclusive (gte), so a record at the token's second is still fetched.
     */
    private function assertNoTokenPassedAnUnappliedChange(MemoryState $state, string $after): void
    {
        $map = $state->idmap('Accounts');
        $pull = $state->document['pairs']['Accounts']['pull']['token'] ?? 0;
        foreach (self::acmeCompanies() as $id => $company) {
            if (!in_array($id, $map, true)) {
                self::assertGreaterThanOrEqual($pull, $company['mtime'], "$after: pull token passed unapplied $id");
            }
        }
        $push = $state->document['pairs']['Accounts']['push']['token'] ?? 0;
        foreach ($this->vtigerAccounts() as $id => $account) {
            if (!isset($map[$id])) {
                self::assertGreaterThanOrEqual($push, $account['mtime'], "$after: push token passed unapplied $id");
            }
        }
    }

    /** Both sides hold the same names, each once, and the id map pairs exactly those records. */
    private function assertBothSidesHoldEveryRecordOnce(MemoryState $state, array $names): void
    {
        $acme = self::acmeCompanies();
        $vtiger = $this->vtigerAccounts();
        $expected = array_map(fn (string $n): string => self::PREFIX . $n, $names);
        sort($expected);
        $acmeNames = array_column($acme, 'name');
        sort($acmeNames);
        $vtigerNames = array_column($vtiger, 'name');
        sort($vtigerNames);
        self::assertSame($expected, $acmeNames, 'the service holds every record once');
        self::assertSame($expected, $vtigerNames, 'Vtiger holds every record once');
        $map = $state->idmap('Accounts');
        self::assertCount(count($expected), $map);
        foreach ($map as $vtigerId => $serviceId) {
            self::assertSame($vtiger[$vtigerId]['name'], $acme[$serviceId]['name'], "$vtigerId <-> $serviceId");
        }
    }

    private static function pullFailure(array $report): string
    {
        return $report['pairs']['Accounts']['pull']['failures'][0]['message'] ?? '(no pull failure)';
    }

    public function testServiceFaultsNeitherLoseNorDuplicateChanges(): void
    {
        $state = self::initialState();
        $names = [];
        $change = function (string $tag) use (&$names): void {
            $this->newAcmeCompany("service $tag");
            $this->newVtigerAccount("vtiger $tag");
            array_push($names, "service $tag", "vtiger $tag");
        };
        $faultedRun = function (array $fault, array $run = []) use ($state): array {
            Acme::control('fault/clear');
            Acme::control('log/clear');
            Acme::control('fault', $fault + ['count' => 1]);
            $report = $this->connector($state)->run($run)->toArray();
            self::assertSame([], Acme::control('faults', null, 'GET')['faults'] ?? [], 'the fault was used');
            $this->assertNoTokenPassedAnUnappliedChange($state, "after the {$fault['kind']} run");
            return $report;
        };

        $change('1');
        $report = $faultedRun(['kind' => '500']);
        self::assertSame('HTTP 500: internal error (injected fault)', self::pullFailure($report));
        self::assertFalse($report['pairs']['Accounts']['pull']['complete']);
        self::assertSame(0, $state->document['pairs']['Accounts']['pull']['token']);
        self::assertSame('waiting for dependencies', $report['pairs']['Contacts']['pull']['status']);

        // 429: the request is repeated after Retry-After, and the run succeeds.
        $change('2');
        $report = $faultedRun(['kind' => '429', 'retryAfter' => 1]);
        self::assertSame(2, $report['pairs']['Accounts']['pull']['requests']);
        self::assertSame([], $report['pairs']['Accounts']['pull']['failures']);
        self::assertSame(429, Acme::control('log', null, 'GET')['log'][0]['status'] ?? null);

        $change('3');
        $report = $faultedRun(['kind' => 'garbage']);
        self::assertStringStartsWith('the response is not JSON', self::pullFailure($report));

        $change('4');
        $report = $faultedRun(['kind' => 'truncated']);
        self::assertStringStartsWith('the response is not JSON', self::pullFailure($report));
        self::assertFalse($report['pairs']['Accounts']['pull']['complete']);

        // A push whose answer is cut in half after the emulator stored it. Success is the
        // status code (section 8.3): the modification counts as done, and the emulator's newer
        // modified time, unread, makes the next pull bring the same values back once.
        $id = array_search(self::PREFIX . 'vtiger 1', array_map(fn (array $a): string => $a['name'], $this->vtigerAccounts()), true);
        self::assertIsString($id);
        $this->vtiger->revise(['id' => $id, 'accountname' => self::PREFIX . 'vtiger 1 renamed']);
        $names[array_search('vtiger 1', $names, true)] = 'vtiger 1 renamed';
        $report = $faultedRun(['kind' => 'truncated'], ['pair' => 'Accounts', 'direction' => 'push']);
        self::assertSame(1, $report['pairs']['Accounts']['push']['updated']);
        self::assertSame(self::PREFIX . 'vtiger 1 renamed', self::acmeCompanies()[$state->idmap('Accounts')[$id]]['name']);

        Acme::control('fault/clear');
        for ($run = 1; $run <= 2; $run++) {
            $report = $this->connector($state)->run()->toArray();
            $this->assertNoTokenPassedAnUnappliedChange($state, "clean run $run");
            self::assertSame([], $report['pairs']['Accounts']['pull']['failures'], json_encode($report));
            self::assertSame([], $report['pairs']['Accounts']['push']['failures'], json_encode($report));
        }
        $this->assertBothSidesHoldEveryRecordOnce($state, $names);
    }
}
