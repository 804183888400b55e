<?php

declare(strict_types=1);

namespace Vtws\Tests\SynergyClient;

require_once __DIR__ . '/TestCase.php';

use Vtws\Synergy\ApiException;
use Vtws\TransportException;

/**
 * Checklist item 34 from the client's side: 429, 5xx and network failures are retried with
 * backoff (Retry-After when given), other 4xx never; no write is lost or doubled.
 */
final class RetryTest extends TestCase
{
    public function testA429StormLosesNoWrite(): void
    {
        // The server allows 4 requests per second after a burst of 4; the client's own bucket
        // is off, so it runs into the server's limit all the time.
        self::control('config', ['rate' => 4, 'burst' => 4]);
        $people = self::client(['rate' => 0, 'retries' => 10])->records('people');
        $people->count();
        self::control('stats/reset');
        $created = [];
        for ($i = 0; $i < 12; $i++) {
            $created[] = $people->create(['name' => "storm $i", 'member_no' => sprintf('S%03d', $i)])['id'];
        }
        $stats = self::stats();
        self::assertGreaterThan(0, $stats['statuses']['429'] ?? 0, 'the storm never hit the limit');
        self::assertSame(12, $stats['statuses']['200']);
        self::assertSame(12, count(array_unique($created)));
        self::assertSame(12, $people->count(['member_no_startsWith' => 'S']));
    }

    public function testRetryAfterIsHonouredAndBoundedByRetries(): void
    {
        $people = self::client(['retries' => 2])->records('people');
        $people->count();
        self::control('fault', ['kind' => 429, 'count' => 2, 'operation' => 'createRecord']);
        self::control('stats/reset');
        $record = $people->create(['name' => 'after two 429']);
        self::assertSame(['200' => 1, '429' => 2], self::stats()['statuses']);
        self::assertSame(1, $people->count(['name_eq' => 'after two 429']));
        self::assertSame($record['id'], $people->get($record['id'])['id']);

        self::control('fault', ['kind' => 429, 'count' => 3, 'operation' => 'countRecords']);
        self::control('stats/reset');
        try {
            $people->count();
            self::fail('a third 429 was retried past the retries option');
        } catch (ApiException $e) {
            self::assertSame(429, $e->getStatus());
            self::assertSame('Too Many Requests', $e->getError());
        }
        self::assertSame(3, self::operationCount('countRecords'));
    }

    public function testServerErrorsAreRetriedOnlyWhereRepeatingIsHarmless(): void
    {
        $people = self::client(['retries' => 2])->records('people');
        $people->count();
        foreach (['500', '503'] as $kind) {
            self::control('fault', ['kind' => $kind, 'count' => 1, 'operation' => 'queryRecords']);
            self::assertSame([], $people->query()['items']);
        }
        // A create may have been stored before the server failed: not sent again.
        self::control('fault', ['kind' => 500, 'count' => 1, 'operation' => 'createRecord']);
        self::control('stats/reset');
        try {
            $people->create(['name' => 'maybe']);
            self::fail('a 500 on create was retried or ignored');
        } catch (TransportException $e) {
            self::assertSame(500, $e->getHttpStatus());
            self::assertSame('createRecord', $e->getOperation());
        }
        self::assertSame(1, self::operationCount('createRecord'));
    }

    public function testOtherClientErrorsAreNotRetried(): void
    {
        $people = self::client(['retries' => 5])->records('people');
        $people->count();
        self::control('stats/reset');
        try {
            $people->query(['nickname_eq' => 'x']);
            self::fail('unknown property accepted');
        } catch (ApiException $e) {
            self::assertSame(400, $e->getStatus());
            self::assertSame('Bad Request', $e->getError());
            self::assertSame('queryRecords', $e->getOperation());
        }
        self::assertSame(1, self::operationCount('queryRecords'));
    }

    public function testDefaultsFollowTheVendorsAdvice(): void
    {
        // A timeout of 30 s or more, a few retries, and the seed's rate limit on our side.
        ob_start();
        var_dump(new \Vtws\Synergy\Client(self::ACCOUNT, self::CLIENT_ID, self::SECRET));
        $dump = (string) ob_get_clean();
        self::assertMatchesRegularExpression('/\["timeout"\]=>\s+float\(30\)/', $dump);
        self::assertMatchesRegularExpression('/\["retries"\]=>\s+int\(3\)/', $dump);
        self::assertMatchesRegularExpression('/\["rate"\]=>\s+float\(50\)/', $dump);
        self::assertMatchesRegularExpression('/\["burst"\]=>\s+int\(200\)/', $dump);
        self::assertStringContainsString('"https://auth.paas.crmstyle.com/oauth2/token"', $dump);
        self::assertStringContainsString('"https://db.paas.crmstyle.com"', $dump);
    }

    public function testNetworkFailureIsATransportException(): void
    {
        $socket = stream_socket_server('tcp://127.0.0.1:0');
        $name = (string) stream_socket_get_name($socket, false);
        fclose($socket);
        $client = new \Vtws\Synergy\Client(self::ACCOUNT, self::CLIENT_ID, self::SECRET,
            ['auth_url' => "http://$name/oauth2/token", 'api_url' => "http://$name", 'retries' => 1, 'timeout' => 30]);
        try {
            $client->listApiDefinitions();
            self::fail('nothing listens there');
        } catch (TransportException $e) {
            self::assertSame('token', $e->getOperation());
            self::assertSame(0, $e->getHttpStatus());
        }
    }
}
