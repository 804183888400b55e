<?php

declare(strict_types=1);

namespace Vtws\Tests\SyncEngine;

require_once __DIR__ . '/SyncTestCase.php';
require_once dirname(__DIR__) . '/SynergyServerLauncher.php';

use Vtws\Sync\Connector;
use Vtws\Tests\SynergyServerLauncher as Synergy;

/**
 * tests/sync/synergy-contacts.xml between the Vtiger test server and the Synergy! emulator:
 * records created on either side reach the other, updates travel both ways, a deletion made
 * in Vtiger deletes the Synergy! record, and a record changed on both sides since the last
 * run follows the conflict option.
 *
 * Synergy! keeps no trace of a deleted record (no removed flag, no deletion log), so a
 * deletion made on the Synergy! side cannot be pulled: the Vtiger contact and its id map
 * entry stay, as the connector's header comment says, and the test asserts exactly that.
 *
 * Both services stamp modified times in whole seconds and the echo check compares them, so
 * between the steps both clocks are moved on together instead of waiting.
 */
final class SynergyTwoWayTest extends SyncTestCase
{
    private const AUDIENCE = 'https://db.paas.crmstyle.com';
    private const RECORDS = '/apis/record.database/v1/accounts/demo/people/records';

    private string $token;

    protected function setUp(): void
    {
        parent::setUp();
        Synergy::control('reset');
        $this->token = self::http('POST', '/oauth2/token', http_build_query(['grant_type' => 'client_credentials',
            'audience' => self::AUDIENCE]), ['Authorization: Basic ' . base64_encode('demo-client:demo-secret'),
            'Content-Type: application/x-www-form-urlencoded'])[1]['access_token'];
    }

    /** @return array{int, mixed} status and decoded body */
    private static function http(string $method, string $path, ?string $body, array $headers): array
    {
        $curl = curl_init(Synergy::start() . $path);
        curl_setopt_array($curl, [CURLOPT_CUSTOMREQUEST => $method, CURLOPT_RETURNTRANSFER => true, CURLOPT_TIMEOUT => 60,
            CURLOPT_HTTPHEADER => [...$headers, 'Expect:']]);
        if ($body !== null) {
            curl_setopt($curl, CURLOPT_POSTFIELDS, $body);
        }
        $answer = curl_exec($curl);
        self::assertIsString($answer, curl_error($curl));
        return [(int) curl_getinfo($curl, CURLINFO_RESPONSE_CODE), json_decode($answer, true)];
    }

    private function api(string $method, string $path, ?array $json = null): array
    {
        [$status, $body] = self::http($method, self::RECORDS . $path, $json === null ? null : json_encode($json),
            ['Authorization: Bearer ' . $this->token, 'Content-Type: application/json', 'Accept: application/json']);
        self::assertLessThan(300, $status, json_encode($body));
        return is_array($body) ? $body : [];
    }

    private function connector(MemoryState $state, array $options = []): Connector
    {
        return Connector::fromFile(dirname(__DIR__, 2) . '/sync/synergy-contacts.xml', $options + ['vtiger' => $this->vtiger,
            'state' => $state, 'config' => ['baseUrl' => Synergy::start(), 'accountCode' => 'demo', 'accessToken' => $this->token]]);
    }

    /** Moves both services' clocks on, so that the next writes land in a later second. */
    private static function tick(int $seconds = 10): void
    {
        self::advanceClock($seconds);
        Synergy::control('clock', ['advance' => $seconds]);
    }

    /** @return array<string, array{name: string, email: ?string, company: ?string}> Synergy! people by id */
    private function synergyPeople(): array
    {
        $people = [];
        foreach ($this->api('POST', '/../query', ['limit' => 100])['items'] as $item) {
            $people[(string) $item['id']] = ['name' => $item['name'], 'email' => $item['email'], 'company' => $item['company']];
        }
        ksort($people);
        return $people;
    }

    /** @return array<string, array{name: string, email: ?string, company: ?string}> the mapped Vtiger contacts in service-id order */
    private function vtigerPeople(MemoryState $state): array
    {
        $people = [];
        foreach ($state->idmap('Contacts') as $vtigerId => $serviceId) {
            $contact = $this->vtiger->retrieve($vtigerId);
            $people[$serviceId] = ['name' => $contact['lastname'], 'email' => $contact['email'] === '' ? null : $contact['email'],
                'company' => $contact['department'] === '' ? null : $contact['department']];
        }
        ksort($people);
        return $people;
    }

    private function sync(MemoryState $state, string $conflict = 'newest'): array
    {
        $report = $this->connector($state, ['conflict' => $conflict])->run()->toArray()['pairs']['Contacts'];
        self::assertSame([], $report['pull']['failures'], json_encode($report));
        self::assertSame([], $report['push']['failures'], json_encode($report));
        return $report;
    }

    private static function counts(array $report): array
    {
        $counts = [];
        foreach (['pull', 'push'] as $direction) {
            foreach (['created', 'updated', 'deleted'] as $key) {
                if ($report[$direction][$key] > 0) {
                    $counts["$direction $key"] = $report[$direction][$key];
                }
            }
        }
        return $counts;
    }

    public function testBothWaysWithDeletesAndConflicts(): void
    {
        $state = new MemoryState(['pairs' => ['Contacts' => ['pull' => ['token' => 0], 'push' => ['token' => time() - 5]]]]);
        $this->api('POST', '', ['name' => 'Sato', 'email' => 'sato@example.com', 'company' => 'Sales']);
        $this->api('POST', '', ['name' => 'Suzuki', 'email' => null, 'company' => null]);
        $vt = $this->vtiger->create('Contacts', ['lastname' => 'Tanaka', 'email' => 'tanaka@example.com', 'department' => 'Support',
            'assigned_user_id' => self::ADMIN_ID]);

        // Creates both ways.
        self::assertSame(['pull created' => 2, 'push created' => 1], self::counts($this->sync($state)));
        $expected = [
            '1' => ['name' => 'Sato', 'email' => 'sato@example.com', 'company' => 'Sales'],
            '2' => ['name' => 'Suzuki', 'email' => null, 'company' => null],
            '3' => ['name' => 'Tanaka', 'email' => 'tanaka@example.com', 'company' => 'Support'],
        ];
        self::assertSame($expected, $this->synergyPeople());
        self::assertSame($expected, $this->vtigerPeople($state));
        self::assertSame('3', $state->idmap('Contacts')[$vt['id']]);

        // Nothing new: no echo either way.
        self::assertSame([], self::counts($this->sync($state)));

        // Updates both ways.
        self::tick();
        $this->api('PATCH', '/1', ['company' => 'Marketing']);
        $this->vtiger->revise(['id' => $vt['id'], 'email' => 'tanaka@example.org']);
        self::assertSame(['pull updated' => 1, 'push updated' => 1], self::counts($this->sync($state)));
        $expected['1']['company'] = 'Marketing';
        $expected['3']['email'] = 'tanaka@example.org';
        self::assertSame($expected, $this->synergyPeople());
        self::assertSame($expected, $this->vtigerPeople($state));

        // A deletion in Vtiger deletes the Synergy! record.
        self::tick();
        $suzuki = array_search('2', $state->idmap('Contacts'), true);
        $this->vtiger->delete($suzuki);
        self::assertSame(['push deleted' => 1], self::counts($this->sync($state)));
        unset($expected['2']);
        self::assertSame($expected, $this->synergyPeople());
        self::assertSame($expected, $this->vtigerPeople($state));

        // Conflicts: Sato changed on both sides since the last run.
        $sato = array_search('1', $state->idmap('Contacts'), true);
        $conflict = function (string $policy, bool $vtigerNewer) use ($state, $sato): array {
            self::tick();
            $writes = [fn () => $this->api('PATCH', '/1', ['name' => "Sato S $policy"]),
                fn () => $this->vtiger->revise(['id' => $sato, 'lastname' => "Sato V $policy"])];
            if ($vtigerNewer) {
                $writes[0]();
                self::tick();
                $writes[1]();
            } else {
                $writes[1]();
                self::tick();
                $writes[0]();
            }
            return self::counts($this->sync($state, $policy));
        };
        // service wins although Vtiger's change is newer: pulled into Vtiger, and the push
        // sees only its own echo.
        self::assertSame(['pull updated' => 1], $conflict('service', true));
        $expected['1']['name'] = 'Sato S service';
        self::assertSame($expected, $this->synergyPeople());
        self::assertSame($expected, $this->vtigerPeople($state));
        // vtiger wins although the service's change is newer: the pulled change is dropped
        // and the push overwrites the service.
        self::assertSame(['push updated' => 1], $conflict('vtiger', false));
        $expected['1']['name'] = 'Sato V vtiger';
        self::assertSame($expected, $this->synergyPeople());
        self::assertSame($expected, $this->vtigerPeople($state));
        // newest: Vtiger's later change wins.
        self::assertSame(['push updated' => 1], $conflict('newest', true));
        $expected['1']['name'] = 'Sato V newest';
        self::assertSame($expected, $this->synergyPeople());
        self::assertSame($expected, $this->vtigerPeople($state));
        // newest: the service's later change wins.
        self::assertSame(['pull updated' => 1], $conflict('newest', false));
        $expected['1']['name'] = 'Sato S newest';
        self::assertSame($expected, $this->synergyPeople());
        self::assertSame($expected, $this->vtigerPeople($state));

        // A deletion on the Synergy! side cannot be observed: the contact and its mapping stay.
        self::tick();
        $this->api('DELETE', '/3');
        self::assertSame([], self::counts($this->sync($state)));
        self::assertSame('Tanaka', $this->vtiger->retrieve($vt['id'])['lastname']);
        self::assertSame('3', $state->idmap('Contacts')[$vt['id']]);
        self::assertArrayNotHasKey('3', $this->synergyPeople());
    }
}
