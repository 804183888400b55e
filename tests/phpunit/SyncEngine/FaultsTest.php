<?php

declare(strict_types=1);

namespace Vtws\Tests\SyncEngine;

require_once __DIR__ . '/SyncTestCase.php';
require_once dirname(__DIR__) . '/AcmeServerLauncher.php';
require_once dirname(__DIR__) . '/Sync/Child.php';

use Vtws\Sync\Connector;
use Vtws\Tests\AcmeServerLauncher as Acme;
use Vtws\Tests\Sync\Child;

/**
 * tests/sync/acme.xml between the Vtiger test server and the Acme Directory emulator while
 * either side fails: the emulator's /__acme/fault switches (500, 429 with Retry-After, a body
 * that is not JSON, a body cut in half) and Vtiger refusing a record. After each failed run
 * the tokens must not have passed a change that was not applied; after further runs without
 * faults both sides hold every record exactly once. Also: a run killed with SIGKILL in the
 * middle of a page.
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

    /**
     * A create whose answer is cut in half after the emulator stored the records: the engine
     * cannot know the new ids, so it reports the records as failed and sends them again on
     * the next run. The Acme API has no idempotency key, so the service then holds the
     * record twice (delivery is at least once); the unmapped copy comes back on the next
     * pull and Vtiger's duplicate check refuses it, until it is skipped after three runs.
     */
    public function testATruncatedCreateAnswerIsSentAgain(): void
    {
        $state = self::initialState();
        $this->newVtigerAccount('lost answer');
        Acme::control('fault', ['kind' => 'truncated', 'count' => 1]);
        $report = $this->connector($state)->run(['pair' => 'Accounts', 'direction' => 'push'])->toArray();
        $push = $report['pairs']['Accounts']['push'];
        self::assertSame('the create response holds 0 records for 1 sent', $push['failures'][0]['message']);
        self::assertSame([$push['failures'][0]['id']], $state->document['pairs']['Accounts']['push']['failed']);
        self::assertSame([], $state->idmap('Accounts'));
        $this->assertNoTokenPassedAnUnappliedChange($state, 'after the truncated create');

        $failures = [];
        for ($run = 1; $run <= 3; $run++) {
            $report = $this->connector($state)->run(['pair' => 'Accounts'])->toArray();
            $failures = array_merge($failures, $report['pairs']['Accounts']['pull']['failures']);
        }
        self::assertSame([self::PREFIX . 'lost answer', self::PREFIX . 'lost answer'], array_column(self::acmeCompanies(), 'name'));
        self::assertSame([self::PREFIX . 'lost answer'], array_column($this->vtigerAccounts(), 'name'));
        self::assertCount(1, $state->idmap('Accounts'));
        self::assertSame('0', $failures[0]['code'], json_encode($failures));
        self::assertStringContainsString('Duplicate(s) detected!', $failures[0]['message']);
        self::assertSame('skipped after 3 failed runs', end($failures)['message']);
    }

    /**
     * Vtiger refuses pulled records (a create fault of the test server, a mandatory field
     * missing): each is a failure of its own in the report with Vtiger's error code, the
     * records around it are applied, and the refused one is applied on the next run.
     */
    public function testRecordsVtigerRefusesAreReportedAndRetried(): void
    {
        $state = self::initialState();
        $base = time() - 60;
        Acme::control('seed', ['module' => 'companies', 'items' => [
            ['modified_at' => $base, 'fields' => ['name' => self::PREFIX . 'first']],
            ['modified_at' => $base + 1, 'fields' => ['name' => self::PREFIX . 'refused once']],
            ['modified_at' => $base + 2, 'fields' => ['web' => 'nameless.example']],
            ['modified_at' => $base + 3, 'fields' => ['name' => self::PREFIX . 'last']],
        ]]);
        // The first create passes, the second gets the fault.
        self::armFault('latency', 1, 'create', 1);
        self::armFault('code0', 1, 'create');
        $report = $this->connector($state)->run(['pair' => 'Accounts', 'direction' => 'pull'])->toArray();
        $pull = $report['pairs']['Accounts']['pull'];
        self::assertSame(['co_2', 'co_3'], array_column($pull['failures'], 'id'), json_encode($pull));
        self::assertSame('0', $pull['failures'][0]['code']);
        self::assertStringContainsString('Duplicate(s) detected!', $pull['failures'][0]['message']);
        self::assertSame('MANDATORY_FIELDS_MISSING', $pull['failures'][1]['code'], json_encode($pull));
        self::assertSame(2, $pull['created']);
        self::assertSame([self::PREFIX . 'first', self::PREFIX . 'last'], array_values(array_column($this->vtigerAccounts(), 'name')));
        self::assertSame($base + 1, $state->document['pairs']['Accounts']['pull']['token'], 'the token waits at the refused record');
        self::assertSame(['co_2' => 1, 'co_3' => 1], $state->document['pairs']['Accounts']['pull']['retries']);
        $this->assertNoTokenPassedAnUnappliedChange($state, 'after the refused records');

        $report = $this->connector($state)->run(['pair' => 'Accounts', 'direction' => 'pull'])->toArray();
        $pull = $report['pairs']['Accounts']['pull'];
        self::assertSame(['co_3'], array_column($pull['failures'], 'id'), json_encode($pull));
        $names = array_column($this->vtigerAccounts(), 'name');
        sort($names);
        self::assertSame([self::PREFIX . 'first', self::PREFIX . 'last', self::PREFIX . 'refused once'], $names);
        self::assertCount(3, $state->idmap('Accounts'));
        self::assertSame(['co_3' => 2], $state->document['pairs']['Accounts']['pull']['retries']);
    }

    /**
     * A run killed with SIGKILL between two pulled records (its state in a FileState on
     * disk), then a fresh run: every record is in Vtiger once and the id map pairs them all.
     */
    public function testAKilledRunIsCompletedByTheNextOne(): void
    {
        $base = time() - 60;
        $items = [];
        for ($i = 1; $i <= 8; $i++) {
            $items[] = ['modified_at' => $base + $i, 'fields' => ['name' => self::PREFIX . "killed $i"]];
        }
        Acme::control('seed', ['module' => 'companies', 'items' => $items]);
        $dir = sys_get_temp_dir() . '/vtws-kill-' . getmypid() . '-' . bin2hex(random_bytes(4));
        mkdir($dir);
        $path = "$dir/state.json";
        (new \Vtws\Sync\FileState($path))->apply(['pairs' => ['Accounts' => ['pull' => ['token' => 0], 'push' => ['token' => time() - 5]]]]);
        try {
            $child = Child::start('require $argv[1];', [__DIR__ . '/killable-run.php', $path, self::baseUrl(), Acme::apiBase(), '3']);
            $child->waitForLine('applied 3');
            $child->kill();
            $killed = json_decode((string) file_get_contents($path), true);
            self::assertCount(3, $killed['idmap']['Accounts'], 'the killed run stored three records');
            self::assertCount(3, $this->vtigerAccounts());

            $state = new \Vtws\Sync\FileState($path);
            $report = Connector::fromFile(dirname(__DIR__, 2) . '/sync/acme.xml', ['vtiger' => $this->vtiger, 'state' => $state,
                'config' => ['apikey' => 'k-123', 'baseUrl' => Acme::apiBase()]])->run(['pair' => 'Accounts'])->toArray();
            self::assertTrue($report['pairs']['Accounts']['pull']['complete'], json_encode($report));
            self::assertSame([], $report['pairs']['Accounts']['pull']['failures']);
            self::assertSame(5, $report['pairs']['Accounts']['pull']['created']);
            self::assertSame(0, $report['pairs']['Accounts']['push']['created'], 'nothing is echoed back');

            $vtiger = $this->vtigerAccounts();
            $names = array_column($vtiger, 'name');
            sort($names, SORT_NATURAL);
            self::assertSame(array_column(array_column($items, 'fields'), 'name'), $names);
            $map = array_column($state->load()['idmap']['Accounts'], 'service', 'vtiger');
            self::assertCount(8, $map);
            $acme = self::acmeCompanies();
            self::assertCount(8, $acme, 'nothing was created on the service');
            foreach ($map as $vtigerId => $serviceId) {
                self::assertSame($acme[$serviceId]['name'], $vtiger[$vtigerId]['name']);
            }
            unset($state);
        } finally {
            array_map('unlink', glob("$dir/*") ?: []);
            rmdir($dir);
        }
    }
}
