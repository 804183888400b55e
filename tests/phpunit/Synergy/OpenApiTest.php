<?php

declare(strict_types=1);

namespace Vtws\Tests\Synergy;

require_once __DIR__ . '/SynergyTestCase.php';

/** getOpenApi / getAllOpenApi: the generated Record API document, in JSON and YAML. */
final class OpenApiTest extends SynergyTestCase
{
    public function testDocumentDescribesTheRecordApiOfTheDefinition(): void
    {
        $token = self::token('db:openapi:read');
        $reply = self::call('getOpenApi', self::definitionPath('/apidefinitions/people/openapiv3'), null, $token);

        self::assertSame(200, $reply->status);
        $document = $reply->json();
        self::assertSame('3.0.1', $document['openapi']);
        self::assertSame('PeopleApi', $document['info']['title']);
        $prefix = '/apis/record.database/v1/accounts/{accountCode}/people';
        self::assertSame(["$prefix/records", "$prefix/query", "$prefix/count", "$prefix/records/{id}",
            "$prefix/records/{id}/authenticate"], array_keys($document['paths']));
        self::assertSame(['createPeople', 'queryPeople', 'countPeople', 'getPeople', 'patchPeople', 'deletePeople'], [
            $document['paths']["$prefix/records"]['post']['operationId'], $document['paths']["$prefix/query"]['post']['operationId'],
            $document['paths']["$prefix/count"]['post']['operationId'], $document['paths']["$prefix/records/{id}"]['get']['operationId'],
            $document['paths']["$prefix/records/{id}"]['patch']['operationId'],
            $document['paths']["$prefix/records/{id}"]['delete']['operationId']]);
        self::assertArrayHasKey('204', $document['paths']["$prefix/records/{id}"]['delete']['responses']);

        $filter = $document['components']['schemas']['People_Filter'];
        self::assertFalse($filter['additionalProperties']);
        self::assertSame(20, $filter['maxProperties']);
        $keys = array_keys($filter['properties']);
        foreach (['member_no_eq', 'member_no_startsWith', 'age_gte', 'interests_containsSome', 'interests_isNull',
            'optOuts_isNotNull', 'plan_in', 'refusesMail_eq', 'id_lt', 'AND', 'OR'] as $key) {
            self::assertContains($key, $keys);
        }
        foreach (['interests_eq', 'id_isNull', 'name_containsSome', 'memo_eq', 'secret_isNull', 'refusesMail_lt'] as $key) {
            self::assertNotContains($key, $keys);
        }
        self::assertSame(10, $filter['properties']['AND']['maxItems']);
        $order = $document['components']['schemas']['People_Order'];
        self::assertSame(2, $order['maxItems']);
        self::assertContains('age_desc', $order['items']['enum']);
        self::assertNotContains('interests_asc', $order['items']['enum']);

        $schemas = new OpenApiSchemas($document);
        $request = json_decode('{"filter":{"age_gte":20,"OR":[{"member_no_eq":"M1"}]},"order":["age_desc"],"limit":5}');
        self::assertSame([], OpenApiSchemas::errors($request, $schemas->component('People_QueryRequest')));
        self::assertNotSame([], OpenApiSchemas::errors(json_decode('{"filter":{"interests_eq":1}}'),
            $schemas->component('People_QueryRequest')));
        $answer = self::query(self::token('db:record:read'), ['limit' => 1]);
        self::assertSame([], OpenApiSchemas::errors($answer->data(), $schemas->component('People_QueryResponse')));
    }

    public function testYamlIsServedWhenAskedFor(): void
    {
        $token = self::token('db:openapi:read');
        $path = self::definitionPath('/apidefinitions/people/openapiv3');
        $json = self::call('getOpenApi', $path, null, $token)->json();

        foreach (['application/yaml', 'application/x-yaml'] as $type) {
            $reply = self::http('GET', $path, null, ['Authorization' => "Bearer $token", 'Accept' => $type]);
            self::assertSame(200, $reply->status);
            self::assertStringStartsWith($type, (string) $reply->header('content-type'));
            self::assertEquals($json, yaml_parse($reply->body));
        }
        $preferred = self::http('GET', $path, null, ['Authorization' => "Bearer $token",
            'Accept' => 'application/json, application/yaml']);
        self::assertStringStartsWith('application/json', (string) $preferred->header('content-type'));
    }

    public function testAllDefinitionsInOneDocumentAndUnknownNames(): void
    {
        $token = self::token();
        self::putDefinition($token, 'shop-items', self::masterDefinition(['sku' => ['type' => 'string']]));

        $all = self::call('getAllOpenApi', self::definitionPath('/openapiv3'), null, $token)->json();
        self::assertArrayHasKey('/apis/record.database/v1/accounts/{accountCode}/people/query', $all['paths']);
        self::assertArrayHasKey('/apis/record.database/v1/accounts/{accountCode}/shop-items/query', $all['paths']);
        self::assertArrayHasKey('ShopItems_Filter', $all['components']['schemas']);
        self::assertSame('createShopItems',
            $all['paths']['/apis/record.database/v1/accounts/{accountCode}/shop-items/records']['post']['operationId']);
        self::assertSame(404, self::call('getOpenApi', self::definitionPath('/apidefinitions/nothing/openapiv3'), null,
            $token)->status);
    }
}
