<?php

declare(strict_types=1);

namespace Vtws\Tests\SynergyClient;

require_once __DIR__ . '/TestCase.php';

use Vtws\Synergy\ApiException;
use Vtws\Synergy\Client;

/**
 * Checklist items 1-4 and 33 from the client's side: one cached token per set of credentials,
 * shared by clients, renewed before it expires and once after a 401.
 */
final class TokenTest extends TestCase
{
    public function testFiveHundredCallsUseOneTokenAndStayWithinTheServersBucket(): void
    {
        Client::forgetTokens();
        self::control('stats/reset');
        $people = self::client()->records('people');
        for ($i = 0; $i < 500; $i++) {
            $people->count(['age_gte' => $i % 60]);
        }
        $stats = self::stats();
        self::assertSame(1, $stats['tokensIssued']);
        self::assertSame(1, $stats['operations']['token']);
        self::assertSame(500, $stats['operations']['countRecords']);
        // The default client bucket (50/s, burst 200) matches the emulator's: no 429 at all.
        self::assertSame(['200' => 501], $stats['statuses']);
    }

    public function testTokenRequestFollowsTheSpecification(): void
    {
        Client::forgetTokens();
        self::control('stats/reset');
        self::client(['scopes' => ['db:record:read', 'db:openapi:read']])->records('people')->count();
        $token = self::stats()['log'][0];
        self::assertSame('token', $token['operation']);
        self::assertSame('POST', $token['method']);
        self::assertSame('/oauth2/token', $token['path']);
        self::assertSame('basic', $token['auth']);
        self::assertSame(self::CLIENT_ID, $token['clientId']);
        self::assertSame('application/x-www-form-urlencoded', $token['contentType']);
        $call = self::stats()['log'][1];
        self::assertSame('bearer', $call['auth']);
        self::assertSame('application/json', $call['contentType']);
        self::assertSame('application/json', $call['accept']);
    }

    public function testClientsWithTheSameCredentialsShareOneToken(): void
    {
        Client::forgetTokens();
        self::control('stats/reset');
        self::client()->records('people')->count();
        self::client(['retries' => 1])->records('people')->count();
        self::client()->listApiDefinitions();
        self::assertSame(1, self::stats()['tokensIssued']);
        // Other scopes are other credentials: a token of their own.
        self::client(['scopes' => ['db:record:read']])->records('people')->count();
        self::assertSame(2, self::stats()['tokensIssued']);
    }

    public function testTokenIsRenewedBeforeItExpires(): void
    {
        // A 2 s token is used for half its life, then replaced without any 401.
        self::control('config', ['tokenLifetime' => 2]);
        Client::forgetTokens();
        self::control('stats/reset');
        $people = self::client()->records('people');
        $people->count();
        usleep(1200000);
        $people->count();
        $stats = self::stats();
        self::assertSame(2, $stats['tokensIssued']);
        self::assertArrayNotHasKey('401', $stats['statuses']);
    }

    public function testExpiredTokenIsRefreshedOnceAfterA401(): void
    {
        $people = self::client()->records('people');
        $people->count();
        self::control('tokens/expire');
        self::control('stats/reset');
        self::assertSame(0, $people->count());
        $stats = self::stats();
        self::assertSame(1, $stats['tokensIssued']);
        self::assertSame(['200' => 2, '401' => 1], $stats['statuses']);
    }

    public function testRevokedTokenGivesUpAfterOneRefresh(): void
    {
        $people = self::client()->records('people');
        $people->count();
        self::control('fault', ['kind' => 401, 'count' => 2, 'operation' => 'countRecords']);
        self::control('stats/reset');
        try {
            $people->count();
            self::fail('a second 401 must not be retried');
        } catch (ApiException $e) {
            self::assertSame(401, $e->getStatus());
            self::assertSame('countRecords', $e->getOperation());
        }
        self::assertSame(1, self::stats()['tokensIssued']);
        self::assertSame(2, self::operationCount('countRecords'));
    }

    public function testTokenEndpointErrorsAreApiExceptions(): void
    {
        Client::forgetTokens();
        try {
            self::client([], self::CLIENT_ID, 'wrong-secret')->records('people')->count();
            self::fail('wrong secret accepted');
        } catch (ApiException $e) {
            self::assertSame(401, $e->getStatus());
            self::assertSame('access_denied', $e->getError());
            self::assertSame('token', $e->getOperation());
            self::assertSame('/oauth2/token', $e->getPath());
        }
        try {
            self::client(['scopes' => ['db:record:execute']], 'reader-client', 'reader-secret')->records('people')->count();
            self::fail('a scope the key lacks was granted');
        } catch (ApiException $e) {
            self::assertSame(403, $e->getStatus());
        }
    }

    public function testTokenEndpoint429IsWaitedOut(): void
    {
        Client::forgetTokens();
        self::control('fault', ['kind' => 429, 'count' => 1, 'target' => 'token']);
        self::control('stats/reset');
        self::assertSame(0, self::client()->records('people')->count());
        $stats = self::stats();
        self::assertSame(2, $stats['operations']['token']);
        self::assertSame(1, $stats['tokensIssued']);
    }

    public function testReadScopeMayReadButNotWrite(): void
    {
        $reader = self::client(['scopes' => ['db:record:read']], 'reader-client', 'reader-secret')->records('people');
        self::assertSame(0, $reader->count());
        self::assertSame([], $reader->query()['items']);
        try {
            $reader->create(['name' => 'x']);
            self::fail('read scope created a record');
        } catch (ApiException $e) {
            self::assertSame(403, $e->getStatus());
            self::assertSame('Forbidden', $e->getError());
        }
    }
}
