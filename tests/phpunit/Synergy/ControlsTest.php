<?php

declare(strict_types=1);

namespace Vtws\Tests\Synergy;

require_once __DIR__ . '/SynergyTestCase.php';

/** The /__synergy/ test controls: fault storms, token expiry, clock, stats. */
final class ControlsTest extends SynergyTestCase
{
    private function countCall(string $token): Reply
    {
        return self::call('countRecords', self::recordPath('people', '/count'), (object) [], $token);
    }

    public function testFaultStormsHitTheNextRequestsThenStop(): void
    {
        $token = self::token();
        foreach ([401 => 'Unauthorized', 429 => 'Too Many Requests', 500 => 'Internal Server Error',
            503 => 'Service Unavailable'] as $kind => $reason) {
            self::control('fault', ['kind' => $kind, 'count' => 3]);
            for ($i = 0; $i < 3; $i++) {
                $reply = $this->countCall($token);
                self::assertSame([$kind, $reason], [$reply->status, $reply->json()['error']]);
            }
            self::assertSame(200, $this->countCall($token)->status);
        }
        self::control('fault', ['kind' => 429]);
        self::assertSame('1', $this->countCall($token)->header('retry-after'));
        $log = self::control('stats', [], 'GET')['log'];
        self::assertSame([429, 429], [end($log)['status'], end($log)['fault']]);
    }

    public function testFaultsCanTargetOneOperationOrTheTokenEndpoint(): void
    {
        $token = self::token();
        self::control('fault', ['kind' => 500, 'operation' => 'getRecord', 'count' => 2]);
        self::assertSame(200, $this->countCall($token)->status);
        self::assertSame(500, self::call('getRecord', self::recordPath('people', '/records/1'), null, $token)->status);
        self::assertSame(1, self::control('faults', [], 'GET')['faults'][0]['remaining']);
        self::control('fault/clear');
        self::assertSame(404, self::call('getRecord', self::recordPath('people', '/records/1'), null, $token)->status);

        self::control('fault', ['kind' => 503, 'target' => 'token']);
        $refused = self::tokenRequest();
        self::assertSame([503, 'temporarily_unavailable'], [$refused->status, $refused->json()['error']]);
        self::assertSame(200, self::tokenRequest()->status);
    }

    public function testExpiringAllTokensForcesNewOnes(): void
    {
        $token = self::token();
        self::assertSame(1, self::control('tokens/expire')['expired']);
        self::assertSame(401, $this->countCall($token)->status);
        self::assertSame(200, $this->countCall(self::token())->status);
    }

    public function testStatsLogRequestsAndResetClearsThem(): void
    {
        $token = self::token();
        self::call('createRecord', self::recordPath('people', '/records'), ['name' => 'Logged'], $token);
        self::call('listApiDefinition', self::definitionPath('/apidefinitions?limit=5'), null, 'syn.bad');

        $stats = self::control('stats', [], 'GET');
        self::assertSame(3, $stats['total']);
        self::assertSame(1, $stats['tokensIssued']);
        self::assertSame(['createRecord' => 1, 'listApiDefinition' => 1, 'token' => 1], $stats['operations']);
        self::assertSame(['200' => 2, '401' => 1], $stats['statuses']);
        [, $create, $list] = $stats['log'];
        self::assertSame(['POST', '/apis/record.database/v1/accounts/demo/people/records', 'bearer', 'demo-client', 'application/json',
            'application/json', 17], [$create['method'], $create['path'], $create['auth'], $create['clientId'],
            $create['contentType'], $create['accept'], $create['bodyBytes']]);
        self::assertSame(['limit=5', 401, null], [$list['query'], $list['status'], $list['clientId']]);

        self::control('stats/reset');
        self::assertSame([0, 0, []], array_values(array_intersect_key(self::control('stats', [], 'GET'),
            ['total' => 0, 'tokensIssued' => 0, 'log' => 0])));
    }

    public function testClockCanBeFrozenAdvancedAndReleased(): void
    {
        $frozen = self::control('clock', ['freeze' => 1]);
        self::assertTrue($frozen['frozen']);
        self::assertSame($frozen['nowMicros'], self::control('clock', [], 'GET')['nowMicros']);
        self::assertSame($frozen['nowMicros'] + 2500000, self::control('clock', ['advance' => 2.5])['nowMicros']);
        $released = self::control('clock', ['freeze' => 0]);
        self::assertFalse($released['frozen']);
        self::assertGreaterThanOrEqual($frozen['nowMicros'] + 2500000, $released['nowMicros']);
    }

    public function testBadControlRequestsAreRefused(): void
    {
        foreach ([['fault', ['kind' => 404]], ['fault', ['kind' => 500, 'target' => 'elsewhere']], ['config', ['rate' => 0]],
            ['config', ['profile' => 'fast']], ['clock', ['advance' => 'soon']], ['reset', ['records' => -1]],
            ['update-key', ['definition' => 'people', 'property' => 'nothing']], ['nothing', []]] as [$name, $fields]) {
            $reply = self::http('POST', "/__synergy/$name", http_build_query($fields),
                ['Content-Type' => 'application/x-www-form-urlencoded']);
            self::assertSame([400, false], [$reply->status, $reply->json()['ok']], $name . ' ' . json_encode($fields));
        }
    }
}
