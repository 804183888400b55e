<?php

declare(strict_types=1);

namespace Vtws\Tests\Synergy;

require_once __DIR__ . '/SynergyTestCase.php';

/** The token endpoint: client credentials, token lifetime and reuse, its own request limit. */
final class TokenTest extends SynergyTestCase
{
    public function testTokenResponseCarriesTheDocumentedFields(): void
    {
        $reply = self::tokenRequest('db:record:execute db:openapi:read');

        self::assertSame(200, $reply->status, $reply->describe());
        self::assertStringStartsWith('application/json', (string) $reply->header('content-type'));
        $token = $reply->json();
        self::assertSame(['access_token', 'expires_in', 'scope', 'token_type'], array_keys($token));
        self::assertIsString($token['access_token']);
        self::assertSame(3599, $token['expires_in']);
        self::assertSame('db:record:execute db:openapi:read', $token['scope']);
        self::assertSame('bearer', $token['token_type']);
        $logged = self::control('stats', [], 'GET')['log'][0];
        self::assertSame(['POST', 'token', 'basic', 'demo-client', 200],
            [$logged['method'], $logged['operation'], $logged['auth'], $logged['clientId'], $logged['status']]);
        self::assertStringStartsWith('application/x-www-form-urlencoded', $logged['contentType']);
    }

    public function testOmittedScopeGrantsEveryScopeOfTheKey(): void
    {
        self::assertSame('db:openapi:read db:record:read',
            self::tokenRequest(null, self::AUDIENCE, 'reader-client', 'reader-secret')->json()['scope']);
    }

    /** @return array<string, array{int, string, \Closure(): Reply}> */
    public static function refusedTokenRequests(): array
    {
        return [
            'wrong secret' => [401, 'access_denied', fn (): Reply => self::tokenRequest(secret: 'nope')],
            'unknown client' => [401, 'access_denied', fn (): Reply => self::tokenRequest(client: 'ghost')],
            'no Basic header' => [401, 'access_denied', fn (): Reply => self::http('POST', '/oauth2/token',
                'grant_type=client_credentials', ['Content-Type' => 'application/x-www-form-urlencoded'])],
            'other grant type' => [400, 'unsupported_grant_type', fn (): Reply => self::tokenRequest(grant: 'password')],
            'no grant type' => [400, 'invalid_request', fn (): Reply => self::tokenRequest(grant: '')],
            'wrong audience' => [400, 'invalid_request', fn (): Reply => self::tokenRequest(audience: 'https://example.com')],
            'unknown scope' => [400, 'invalid_scope', fn (): Reply => self::tokenRequest('db:everything')],
            'scope not granted to the key' => [403, 'access_denied',
                fn (): Reply => self::tokenRequest('db:record:execute', self::AUDIENCE, 'reader-client', 'reader-secret')],
            'JSON body' => [400, 'invalid_request', fn (): Reply => self::http('POST', '/oauth2/token',
                '{"grant_type":"client_credentials"}', ['Authorization' => 'Basic ' . base64_encode('demo-client:demo-secret'),
                    'Content-Type' => 'application/json'])],
            'GET' => [405, 'invalid_request', fn (): Reply => self::http('GET', '/oauth2/token', null,
                ['Authorization' => 'Basic ' . base64_encode('demo-client:demo-secret')])],
        ];
    }

    /** @dataProvider refusedTokenRequests */
    public function testRefusedTokenRequestsGetOAuthErrors(int $status, string $error, \Closure $request): void
    {
        $reply = $request();

        self::assertSame($status, $reply->status, $reply->describe());
        self::assertSame($error, $reply->json()['error']);
        self::assertIsString($reply->json()['error_description']);
        self::assertSame(0, self::control('stats', [], 'GET')['tokensIssued']);
    }

    public function testTokenWithoutAudienceIsRejectedByEveryOperation(): void
    {
        $token = self::token(self::ALL_SCOPES, null);
        $vendor = OpenApiSchemas::vendor();

        foreach ($vendor->operationIds() as $operationId) {
            [, $template] = $vendor->operation($operationId);
            $path = strtr($template, ['{accountCode}' => self::ACCOUNT, '{name}' => 'people', '{id}' => '1']);
            if (str_contains($template, 'databasedefinitions/')) {
                $path = strtr($template, ['{accountCode}' => self::ACCOUNT, '{name}' => '_customer']);
            }
            $reply = self::call($operationId, $path, ['name' => 'x'], $token);
            self::assertSame(401, $reply->status, "$operationId: " . $reply->describe());
        }
    }

    public function testOneTokenServesFiveHundredCalls(): void
    {
        self::control('config', ['rate' => 1000, 'burst' => 1000]);
        $token = self::token();
        $path = self::recordPath('people', '/count');

        $statuses = [];
        for ($i = 0; $i < 500; $i++) {
            $statuses[] = self::call('countRecords', $path, ['filter' => ['age_gte' => $i % 60]], $token)->status;
        }

        self::assertSame([200 => 500], array_count_values($statuses));
        $stats = self::control('stats', [], 'GET');
        self::assertSame(1, $stats['tokensIssued']);
        self::assertSame(500, $stats['operations']['countRecords']);
    }

    public function testTokenExpiresAfterItsLifetimeAndANewOneWorks(): void
    {
        $token = self::token();
        $path = self::definitionPath('/apidefinitions/people');

        self::control('clock', ['advance' => 3598]);
        self::assertSame(200, self::call('getApiDefinition', $path, null, $token)->status);
        self::control('clock', ['advance' => 1]);
        $expired = self::call('getApiDefinition', $path, null, $token);
        self::assertSame(401, $expired->status);
        self::assertSame('Unauthorized', $expired->json()['error']);
        self::assertStringContainsString('Bearer', (string) $expired->header('www-authenticate'));

        $fresh = self::token();
        self::assertNotSame($token, $fresh);
        self::assertSame(200, self::call('getApiDefinition', $path, null, $fresh)->status);
        self::assertSame(401, self::call('getApiDefinition', $path, null, $token)->status);
        self::assertSame(2, self::control('stats', [], 'GET')['tokensIssued']);
    }

    public function testLifetimeIsConfigurable(): void
    {
        self::control('config', ['tokenLifetime' => 120]);
        self::assertSame(120, self::tokenRequest()->json()['expires_in']);
    }

    public function testTokenEndpointAllowsOneHundredRequestsPerMinutePerAddress(): void
    {
        self::control('clock', ['freeze' => 1]);
        $token = self::token();
        $statuses = [];
        for ($i = 1; $i < 100; $i++) {
            $statuses[] = self::tokenRequest()->status;
        }
        self::assertSame([200 => 99], array_count_values($statuses));

        $refused = self::tokenRequest();
        self::assertSame(429, $refused->status);
        self::assertSame('too_many_requests', $refused->json()['error']);
        self::assertSame('60', $refused->header('retry-after'));

        // The API's bucket is a separate limit: the token obtained before still works.
        self::assertSame(200, self::call('getApiDefinition', self::definitionPath('/apidefinitions/people'), null, $token)->status);
        self::assertSame(199.0, (float) self::control('bucket', [], 'GET')['level']);

        self::control('clock', ['advance' => 59]);
        self::assertSame(429, self::tokenRequest()->status);
        self::control('clock', ['advance' => 1]);
        self::assertSame(200, self::tokenRequest()->status);
        self::assertSame(101, self::control('stats', [], 'GET')['tokensIssued']);
    }
}
