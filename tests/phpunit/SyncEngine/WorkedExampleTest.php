<?php

declare(strict_types=1);

namespace Vtws\Tests\SyncEngine;

require_once __DIR__ . '/SyncTestCase.php';

/**
 * The worked example of the Sync Connector specification (Acme Directory, section 13):
 * exactly the requests of the pull and push traces, then no echo on the next run.
 */
final class WorkedExampleTest extends SyncTestCase
{
    private const TOKEN = 1714521600; // 2024-05-01T00:00:00Z

    public function testPullingAccountsThenPushingContactsProducesTheTracedRequests(): void
    {
        $now = self::serverNow();
        $state = new MemoryState(['connector' => 'acme-directory', 'synctype' => 'user', 'pairs' => [
            'Accounts' => ['pull' => ['token' => self::TOKEN], 'push' => ['token' => $now]],
        ]]);
        $connector = $this->acme($state);

        // 13.3: pulling Accounts.
        ScriptedService::queue('POST /v2/companies/search', 200, ['items' => [['id' => 'co_81',
            'modified_at' => '2024-05-01T09:30:00Z', 'removed' => false, 'fields' => ['name' => 'Globex KK',
            'web' => ' globex.example ', 'tel' => '+81 3 1234 5678', 'address' => ['city' => 'Osaka']]]],
            'problem' => null]);
        self::resetStats();
        $report = $connector->run(['pair' => 'Accounts'])->toArray();

        $log = ScriptedService::log();
        self::assertCount(1, $log);
        self::assertSame('POST', $log[0]['method']);
        self::assertSame('/v2/companies/search', $log[0]['path']);
        self::assertSame('Bearer k-123', $log[0]['headers']['authorization']);
        self::assertSame('application/json', $log[0]['headers']['content-type']);
        self::assertSame('{"where":[{"field":"modified_at","op":"gte","value":1714521600000}],'
            . '"order":[{"field":"modified_at","dir":"asc"}],"limit":100}', $log[0]['body']);
        self::assertSame(['create', 'sync'], self::vtigerOperations());

        $accounts = $state->idmap('Accounts');
        self::assertCount(1, $accounts);
        $accountId = array_key_first($accounts);
        self::assertSame('co_81', $accounts[$accountId]);
        $account = $this->vtiger->retrieve($accountId);
        self::assertSame('Globex KK', $account['accountname']);
        self::assertSame(' globex.example ', $account['website']); // pull applies no serviceformat
        self::assertSame('+81 3 1234 5678', $account['phone']);
        self::assertSame('Osaka', $account['bill_city']);
        self::assertSame(self::ADMIN_ID, $account['assigned_user_id']);
        self::assertSame(1714555800, $state->document['pairs']['Accounts']['pull']['token']);
        self::assertTrue($state->document['pairs']['Accounts']['pull']['complete']);
        self::assertTrue($state->document['pairs']['Accounts']['push']['complete']);
        self::assertSame(1, $report['pairs']['Accounts']['pull']['created']);
        self::assertSame(1714555800, $state->document['idmap']['Accounts'][0]['serviceMtime']);

        // 13.4: pushing Contacts. One contact mapped to pe_12 is deleted, one new one created.
        $old = $this->vtiger->create('Contacts', ['lastname' => 'Gone', 'assigned_user_id' => self::ADMIN_ID]);
        $state->apply(['idmap' => [['op' => 'put', 'pair' => 'Contacts', 'vtiger' => $old['id'],
            'service' => 'pe_12', 'vtigerMtime' => null, 'serviceMtime' => null]],
            'pairs' => ['Contacts' => ['pull' => ['token' => self::TOKEN], 'push' => ['token' => $now - 1]]]]);
        $aiko = $this->vtiger->create('Contacts', ['firstname' => 'Aiko', 'lastname' => 'Mori',
            'email' => ' aiko@globex.example ', 'mobile' => '', 'account_id' => $accountId,
            'assigned_user_id' => self::ADMIN_ID]);
        $this->vtiger->delete($old['id']);

        ScriptedService::reset();
        ScriptedService::queue('POST /v2/people/search', 200, ['items' => [], 'problem' => null]);
        ScriptedService::queue('POST /v2/people/bulk/remove', 204, null);
        ScriptedService::queue('POST /v2/people/bulk/insert', 201,
            ['items' => [['id' => 'pe_40', 'modified_at' => '2024-05-01T10:00:02Z']]]);
        self::resetStats();
        $report = $this->acme($state)->run(['pair' => 'Contacts'])->toArray();

        self::assertSame([
            'POST /v2/people/search {"where":[{"field":"modified_at","op":"gte","value":1714521600000}],'
                . '"order":[{"field":"modified_at","dir":"asc"}],"expand":["company"],"limit":100}',
            'POST /v2/people/bulk/remove {"items":[{"id":"pe_12"}]}',
            'POST /v2/people/bulk/insert {"items":[{"fields":{"given_name":"Aiko","family_name":"Mori",'
                . '"email":"aiko@globex.example","mobile":"","company_id":"co_81"}}]}',
        ], self::serviceRequests(), json_encode($report));
        self::assertSame(['sync'], self::vtigerOperations());
        self::assertSame([$aiko['id'] => 'pe_40'], $state->idmap('Contacts'));
        $entry = $state->document['idmap']['Contacts'][0];
        self::assertSame(1714557602, $entry['serviceMtime']);
        self::assertSame(1, $report['pairs']['Contacts']['push']['created']);
        self::assertSame(1, $report['pairs']['Contacts']['push']['deleted']);
        self::assertTrue($report['pairs']['Contacts']['push']['complete']);

        // Next run: the service returns pe_40 (>= token) and the echo check skips it; nothing
        // goes back to the service and nothing is written to Vtiger.
        ScriptedService::reset();
        ScriptedService::queue('POST /v2/companies/search', 200, ['items' => [['id' => 'co_81',
            'modified_at' => '2024-05-01T09:30:00Z', 'removed' => false, 'fields' => ['name' => 'Globex KK']]]]);
        ScriptedService::queue('POST /v2/people/search', 200, ['items' => [['id' => 'pe_40',
            'modified_at' => '2024-05-01T10:00:02Z', 'removed' => false, 'fields' => ['given_name' => 'Aiko']]]]);
        self::resetStats();
        $report = $this->acme($state)->run()->toArray();
        self::assertSame(['POST /v2/companies/search', 'POST /v2/people/search'],
            array_map(fn (string $line): string => explode(' {', $line)[0], self::serviceRequests()));
        self::assertSame(['sync', 'sync'], self::vtigerOperations());
        self::assertSame(1, $report['pairs']['Contacts']['pull']['skipped']);
        self::assertSame(1, $report['pairs']['Accounts']['pull']['skipped']);
    }
}
