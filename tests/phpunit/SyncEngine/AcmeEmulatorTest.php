<?php

declare(strict_types=1);

namespace Vtws\Tests\SyncEngine;

require_once __DIR__ . '/SyncTestCase.php';
require_once dirname(__DIR__) . '/AcmeServerLauncher.php';

use Vtws\Sync\Connector;
use Vtws\Tests\AcmeServerLauncher as Acme;

/**
 * The worked example of section 13 once more, with the connector shipped in tests/sync/acme.xml
 * against the Acme Directory emulator, which keeps its own records: the requests of 13.3 and
 * 13.4, the emulator's resulting data, and no echo on the following run.
 */
final class AcmeEmulatorTest extends SyncTestCase
{
    private const TOKEN = 1714521600;

    private function connector(MemoryState $state): Connector
    {
        return Connector::fromFile(dirname(__DIR__, 2) . '/sync/acme.xml', ['vtiger' => $this->vtiger, 'state' => $state,
            'config' => ['apikey' => 'k-123', 'baseUrl' => Acme::apiBase()]]);
    }

    /** @return list<string> "METHOD /path body" of the API requests since the last clear */
    private static function acmeRequests(): array
    {
        $log = Acme::control('log', null, 'GET')['log'];
        Acme::control('log/clear');
        return array_map(fn (array $r): string => trim("{$r['method']} {$r['path']} {$r['body']}"), $log);
    }

    public function testTheWorkedExampleAgainstTheEmulator(): void
    {
        Acme::control('reset');
        Acme::control('seed', ['module' => 'companies', 'items' => [['id' => 'co_81', 'modified_at' => '2024-05-01T09:30:00Z',
            'fields' => ['name' => 'Globex KK', 'web' => ' globex.example ', 'tel' => '+81 3 1234 5678',
                'address' => ['city' => 'Osaka']]]]]);
        // pe_12 is the service side of a contact deleted in Vtiger; pe_39 moves the id counter so
        // that the next person created is pe_40, as in the trace. Both predate the pull token.
        Acme::control('seed', ['module' => 'people', 'items' => [
            ['id' => 'pe_12', 'modified_at' => '2024-04-01T00:00:00Z', 'fields' => ['family_name' => 'Gone']],
            ['id' => 'pe_39', 'modified_at' => '2024-04-01T00:00:00Z', 'removed' => true],
        ]]);
        Acme::control('clock', ['set' => '2024-05-01T10:00:02Z']);
        Acme::control('log/clear');

        $now = self::serverNow();
        $state = new MemoryState(['pairs' => ['Accounts' => ['pull' => ['token' => self::TOKEN], 'push' => ['token' => $now]]]]);
        $this->connector($state)->run(['pair' => 'Accounts']);
        self::assertSame(['POST /v2/companies/search {"where":[{"field":"modified_at","op":"gte","value":1714521600000}],'
            . '"order":[{"field":"modified_at","dir":"asc"}],"limit":100}'], self::acmeRequests());
        $accountId = array_search('co_81', $state->idmap('Accounts'), true);
        self::assertIsString($accountId);
        self::assertSame('Globex KK', $this->vtiger->retrieve($accountId)['accountname']);
        self::assertSame(1714555800, $state->document['pairs']['Accounts']['pull']['token']);

        $old = $this->vtiger->create('Contacts', ['lastname' => 'Gone', 'assigned_user_id' => self::ADMIN_ID]);
        $state->apply(['idmap' => [['op' => 'put', 'pair' => 'Contacts', 'vtiger' => $old['id'], 'service' => 'pe_12',
            'vtigerMtime' => null, 'serviceMtime' => null]],
            'pairs' => ['Contacts' => ['pull' => ['token' => self::TOKEN], 'push' => ['token' => $now - 1]]]]);
        $aiko = $this->vtiger->create('Contacts', ['firstname' => 'Aiko', 'lastname' => 'Mori',
            'email' => ' aiko@globex.example ', 'mobile' => '', 'account_id' => $accountId, 'assigned_user_id' => self::ADMIN_ID]);
        $this->vtiger->delete($old['id']);

        $report = $this->connector($state)->run(['pair' => 'Contacts'])->toArray();
        self::assertSame([
            'POST /v2/people/search {"where":[{"field":"modified_at","op":"gte","value":1714521600000}],'
                . '"order":[{"field":"modified_at","dir":"asc"}],"expand":["company"],"limit":100}',
            'POST /v2/people/bulk/remove {"items":[{"id":"pe_12"}]}',
            'POST /v2/people/bulk/insert {"items":[{"fields":{"given_name":"Aiko","family_name":"Mori",'
                . '"email":"aiko@globex.example","mobile":"","company_id":"co_81"}}]}',
        ], self::acmeRequests(), json_encode($report));
        self::assertSame([$aiko['id'] => 'pe_40'], $state->idmap('Contacts'));
        self::assertSame(1714557602, $state->document['idmap']['Contacts'][0]['serviceMtime']);
        $people = array_column(Acme::control('records?module=people', null, 'GET')['items'], null, 'id');
        self::assertTrue($people['pe_12']['removed']);
        self::assertSame('co_81', $people['pe_40']['fields']['company_id']);

        // The next full run finds co_81, pe_12 (now removed) and pe_40 again: nothing is written
        // to either side.
        self::resetStats();
        $report = $this->connector($state)->run()->toArray();
        self::assertSame(['POST /v2/companies/search', 'POST /v2/people/search'],
            array_map(fn (string $line): string => explode(' {', $line)[0], self::acmeRequests()));
        self::assertSame(['sync', 'sync'], self::vtigerOperations());
        self::assertSame(1, $report['pairs']['Accounts']['pull']['skipped']);
        self::assertSame(2, $report['pairs']['Contacts']['pull']['skipped']);
        self::assertTrue($report['pairs']['Contacts']['pull']['complete']);
    }
}
