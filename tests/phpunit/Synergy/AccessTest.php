<?php

declare(strict_types=1);

namespace Vtws\Tests\Synergy;

require_once __DIR__ . '/SynergyTestCase.php';

/** Bearer tokens, scopes, the IP allow-list and the account of a token. */
final class AccessTest extends SynergyTestCase
{
    public function testMissingMalformedAndUnknownBearerTokensGet401(): void
    {
        $path = self::definitionPath('/apidefinitions');
        foreach ([[], ['Authorization' => 'Bearer'], ['Authorization' => 'Basic ' . base64_encode('demo-client:demo-secret')],
            ['Authorization' => 'Bearer syn.unknown']] as $headers) {
            $reply = self::call('listApiDefinition', $path, null, null, $headers);
            self::assertSame(401, $reply->status, json_encode($headers));
            self::assertSame('Unauthorized', $reply->json()['error']);
        }
    }

    public function testRecordReadScopeMayOnlyRead(): void
    {
        $writer = self::token();
        $person = self::createPerson($writer, ['name' => 'Reader Target', 'secret' => 'pw']);
        $reader = self::token('db:record:read');
        $one = self::recordPath('people', '/records/' . $person['id']);

        self::assertSame(200, self::call('getRecord', $one, null, $reader)->status);
        self::assertSame(200, self::query($reader, [])->status);
        self::assertSame(200, self::call('countRecords', self::recordPath('people', '/count'), (object) [], $reader)->status);
        self::assertSame(200, self::call('authenticate', "$one/authenticate", ['propertyName' => 'secret', 'value' => 'pw'],
            $reader)->status);
        self::assertSame(403, self::call('createRecord', self::recordPath('people', '/records'), ['name' => 'x'], $reader)->status);
        self::assertSame(403, self::call('patchRecord', $one, ['name' => 'x'], $reader)->status);
        self::assertSame(403, self::call('deleteRecord', $one, null, $reader)->status);
        self::assertSame(403, self::call('listApiDefinition', self::definitionPath('/apidefinitions'), null, $reader)->status);
        self::assertSame('Reader Target', self::call('getRecord', $one, null, $writer)->json()['name']);
    }

    public function testOpenApiReadScopeMayOnlyReadDocuments(): void
    {
        $token = self::token('db:openapi:read');

        self::assertSame(200, self::call('getOpenApi', self::definitionPath('/apidefinitions/people/openapiv3'), null, $token)->status);
        self::assertSame(200, self::call('getAllOpenApi', self::definitionPath('/openapiv3'), null, $token)->status);
        self::assertSame(403, self::call('listApiDefinition', self::definitionPath('/apidefinitions'), null, $token)->status);
        self::assertSame(403, self::call('getApiDefinition', self::definitionPath('/apidefinitions/people'), null, $token)->status);
        self::assertSame(403, self::call('listDatabaseDefinition', self::definitionPath('/databasedefinitions'), null, $token)->status);
        foreach (['queryRecords' => '/query', 'countRecords' => '/count', 'createRecord' => '/records', 'getRecord' => '/records/1',
            'patchRecord' => '/records/1', 'deleteRecord' => '/records/1', 'authenticate' => '/records/1/authenticate'] as $operation => $suffix) {
            self::assertSame(403, self::call($operation, self::recordPath('people', $suffix), (object) [], $token)->status, $operation);
        }
    }

    public function testRecordExecuteScopeCannotDesign(): void
    {
        $token = self::token('db:record:execute');

        self::assertSame(403, self::call('getOpenApi', self::definitionPath('/apidefinitions/people/openapiv3'), null, $token)->status);
        self::assertSame(403, self::putDefinition($token, 'other', self::masterDefinition())->status);
        self::assertSame(200, self::call('createRecord', self::recordPath('people', '/records'), ['name' => 'ok'], $token)->status);
    }

    public function testIpAllowListAppliesToTheApiButNotToTheTokenEndpoint(): void
    {
        $token = self::token(self::ALL_SCOPES, self::AUDIENCE, 'fenced-client', 'fenced-secret');

        $reply = self::call('listApiDefinition', self::definitionPath('/apidefinitions'), null, $token);

        self::assertSame(403, $reply->status);
        self::assertSame('Forbidden', $reply->json()['error']);
    }

    public function testTokenOfOneAccountCannotReachAnother(): void
    {
        $reply = self::call('listApiDefinition', '/apis/apidefinition.database/v1/accounts/other/apidefinitions', null,
            self::token());

        self::assertSame(403, $reply->status);
    }

    public function testUnknownPathsAndMethodsAnswerWithTheErrorBody(): void
    {
        $token = self::token();
        $unknown = self::http('GET', '/apis/record.database/v1/accounts/demo', null, ['Authorization' => "Bearer $token"]);
        $method = self::http('POST', self::definitionPath('/apidefinitions'), '{}', ['Authorization' => "Bearer $token"]);

        self::assertSame([404, 'Not Found'], [$unknown->status, $unknown->json()['error']]);
        self::assertSame([405, 'Method Not Allowed', 'GET'], [$method->status, $method->json()['error'], $method->header('allow')]);
        self::assertSame(['timestamp', 'status', 'error', 'message', 'path'], array_keys($method->json()));
    }
}
