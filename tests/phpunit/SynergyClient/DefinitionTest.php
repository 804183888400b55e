<?php

declare(strict_types=1);

namespace Vtws\Tests\SynergyClient;

require_once __DIR__ . '/TestCase.php';

use Vtws\Synergy\ApiException;

/** ApiDefinition, OpenApi and DatabaseDefinition operations through the client. */
final class DefinitionTest extends TestCase
{
    public function testPutGetListAndDelete(): void
    {
        $client = self::client();
        $stored = $client->putApiDefinition('api1', self::masterDefinition(['age' => ['type' => 'integer']]));
        self::assertSame('api1', $stored['metadata']['name']);
        self::assertTrue($stored['status']['ready']['status']);
        self::assertSame('number', $stored['spec']['schema']['properties']['age']['type']);
        self::assertSame($stored['metadata']['uid'], $client->getApiDefinition('api1')['metadata']['uid']);
        self::assertSame(['api1', 'people'], array_map(fn (array $d): string => $d['metadata']['name'],
            $client->listApiDefinitions()));

        // Checklist 27: the property without a mapping gets column api1_age.
        $columns = array_column($client->getDatabaseDefinition('_customer')['spec']['columns'], 'name');
        self::assertContains('api1_age', $columns);

        // Replacing keeps one definition; deleting answers 204, then 404.
        $client->putApiDefinition('api1', self::masterDefinition(['age' => ['type' => 'number'], 'nick' => ['type' => 'string']]));
        self::assertCount(2, $client->listApiDefinitions());
        $client->deleteApiDefinition('api1');
        try {
            $client->deleteApiDefinition('api1');
            self::fail('a second delete succeeded');
        } catch (ApiException $e) {
            self::assertSame(404, $e->getStatus());
            self::assertSame('Not Found', $e->getError());
            self::assertSame('/apis/apidefinition.database/v1/accounts/demo/apidefinitions/api1', $e->getPath());
        }
        try {
            $client->getApiDefinition('api1');
            self::fail('a deleted definition was found');
        } catch (ApiException $e) {
            self::assertSame(404, $e->getStatus());
            self::assertSame('getApiDefinition', $e->getOperation());
        }
    }

    public function testInvalidDefinitionsAreRefusedWith400(): void
    {
        $client = self::client();
        $cases = [
            'no id' => ['shop', ['spec' => ['resources' => ['main' => ['mapping' => '_customer', 'type' => 'customerDb']],
                'schema' => ['properties' => ['code' => ['type' => 'string']]]]]],
            'bad key' => ['shop', self::masterDefinition(['Code' => ['type' => 'string']])],
            'bad name' => ['Shop_1', self::masterDefinition()],
            'keyword' => ['shop', self::masterDefinition(['code' => ['type' => 'string', 'oneOf' => []]])],
        ];
        foreach ($cases as $label => [$name, $definition]) {
            try {
                $client->putApiDefinition($name, $definition);
                self::fail("$label: accepted");
            } catch (ApiException $e) {
                self::assertSame(400, $e->getStatus(), $label);
                self::assertSame('putApiDefinition', $e->getOperation());
                self::assertNotSame('', $e->getApiMessage());
            }
        }
    }

    public function testListsFollowTheContinueTokenAcrossPages(): void
    {
        self::control('config', ['maxDefinitions' => 150]);
        $client = self::client(['rate' => 0]);
        for ($i = 0; $i < 104; $i++) {
            $client->putApiDefinition(sprintf('def-%03d', $i), self::masterDefinition());
        }
        self::control('stats/reset');
        $names = array_map(fn (array $d): string => $d['metadata']['name'], $client->listApiDefinitions());
        self::assertCount(105, $names);
        self::assertSame($names, array_unique($names));
        self::assertSame('people', $names[104]);
        // 105 definitions at 100 per page: two requests, the second with the token.
        $log = array_values(array_filter(self::stats()['log'], fn (array $e): bool => $e['operation'] === 'listApiDefinition'));
        self::assertCount(2, $log);
        self::assertSame('limit=100', $log[0]['query']);
        self::assertStringContainsString('continueToken=', $log[1]['query']);
    }

    public function testDatabaseDefinitions(): void
    {
        $client = self::client();
        $databases = $client->listDatabaseDefinitions();
        self::assertSame(['_customer', 'inquiry_history'], array_map(fn (array $d): string => $d['metadata']['name'], $databases));
        $history = $client->getDatabaseDefinition('inquiry_history');
        self::assertSame('historyDb', $history['spec']['type']);
        try {
            $client->getDatabaseDefinition('nothing');
            self::fail('unknown database found');
        } catch (ApiException $e) {
            self::assertSame(404, $e->getStatus());
        }
    }

    public function testOpenApiAsJsonAndYaml(): void
    {
        $client = self::client();
        $document = $client->getOpenApi('people');
        self::assertSame('3.0.1', $document['openapi']);
        self::assertArrayHasKey('/apis/record.database/v1/accounts/{accountCode}/people/query', $document['paths']);
        self::assertArrayHasKey('age_gte', $document['components']['schemas']['People_Filter']['properties']);
        $all = $client->getOpenApi();
        self::assertArrayHasKey('/apis/record.database/v1/accounts/{accountCode}/people/records', $all['paths']);
        self::control('stats/reset');
        $yaml = $client->getOpenApi('people', 'yaml');
        self::assertIsString($yaml);
        self::assertMatchesRegularExpression('/^"?openapi"?: "?3\.0\.1"?$/m', $yaml);
        self::assertSame('application/yaml', self::stats()['log'][0]['accept']);
        // The openapi:read scope alone suffices.
        $reader = self::client(['scopes' => ['db:openapi:read']], 'reader-client', 'reader-secret');
        self::assertSame('3.0.1', $reader->getOpenApi('people')['openapi']);
        try {
            $reader->listApiDefinitions();
            self::fail('openapi:read listed definitions');
        } catch (ApiException $e) {
            self::assertSame(403, $e->getStatus());
        }
    }
}
