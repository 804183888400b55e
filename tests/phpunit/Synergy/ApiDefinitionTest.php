<?php

declare(strict_types=1);

namespace Vtws\Tests\Synergy;

require_once __DIR__ . '/SynergyTestCase.php';

/** ApiDefinition: put rules, column binding and creation, the definition limit, paging. */
final class ApiDefinitionTest extends SynergyTestCase
{
    private string $token;

    protected function setUp(): void
    {
        parent::setUp();
        $this->token = self::token('db:apidefinition:design db:record:execute');
    }

    private function get(string $name): Reply
    {
        return self::call('getApiDefinition', self::definitionPath('/apidefinitions/' . $name), null, $this->token);
    }

    private function columns(string $database): array
    {
        $reply = self::call('getDatabaseDefinition', self::definitionPath('/databasedefinitions/' . $database), null, $this->token);
        self::assertSame(200, $reply->status, $reply->describe());
        return array_column($reply->json()['spec']['columns'], null, 'name');
    }

    public function testGetAndDeleteDefinitions(): void
    {
        $people = $this->get('people');
        self::assertSame(200, $people->status);
        self::assertSame(['kind' => 'ApiDefinition', 'name' => 'people', 'apiVersion' => 'database/v1', 'accountCode' => 'demo'],
            array_intersect_key($people->json()['metadata'], array_flip(['kind', 'name', 'apiVersion', 'accountCode'])));
        self::assertTrue($people->json()['status']['ready']['status']);
        self::assertSame(404, $this->get('nobody')->status);
        self::assertSame(400, $this->get('Not_A_Name')->status);

        $path = self::definitionPath('/apidefinitions/people');
        $deleted = self::call('deleteApiDefinition', $path, null, $this->token);
        self::assertSame([204, ''], [$deleted->status, $deleted->body]);
        self::assertSame(404, self::call('deleteApiDefinition', $path, null, $this->token)->status);
        self::assertSame(404, $this->get('people')->status);
        self::assertSame(404, self::call('createRecord', self::recordPath('people', '/records'), ['name' => 'x'], $this->token)->status);
        self::assertArrayHasKey('people_age', $this->columns('_customer'), 'deleting a definition keeps its columns');
    }

    public function testPutFillsInTypesAndCreatesColumnsNamedAfterDefinitionAndKey(): void
    {
        $reply = self::putDefinition($this->token, 'api1', self::masterDefinition([
            'email' => ['x-synergy-type' => 'mailAddress'],
            'age' => ['type' => 'number', 'title' => 'Age'],
            'nick' => ['type' => 'string', 'x-synergy-mapping' => 'nickname_col'],
            'company' => ['type' => 'string', 'x-synergy-mapping' => '_col1'],
            'since' => ['type' => 'string', 'format' => 'month-day', 'nullable' => false],
        ]));

        self::assertSame(200, $reply->status, $reply->describe());
        $properties = $reply->json()['spec']['schema']['properties'];
        self::assertSame(['x-synergy-type' => 'synergyId', 'x-synergy-mapping' => '_synergyId', 'type' => 'integer',
            'nullable' => false], $properties['id']);
        self::assertSame(['x-synergy-type' => 'mailAddress', 'x-synergy-mapping' => '_mailAddress', 'type' => 'string',
            'format' => 'email', 'nullable' => true], $properties['email']);
        self::assertSame(['x-synergy-type' => 'number', 'x-synergy-mapping' => 'api1_age', 'type' => 'number',
            'nullable' => true, 'title' => 'Age'], $properties['age']);
        self::assertSame('nickname_col', $properties['nick']['x-synergy-mapping']);
        self::assertSame('_col1', $properties['company']['x-synergy-mapping']);
        self::assertSame(['monthDay', false], [$properties['since']['x-synergy-type'], $properties['since']['nullable']]);
        $columns = $this->columns('_customer');
        self::assertSame(['name' => 'api1_age', 'label' => 'Age', 'type' => 'number', 'synergySelectValueDefinitions' => null],
            $columns['api1_age']);
        self::assertSame('text', $columns['nickname_col']['type']);
        self::assertSame('monthDay', $columns['api1_since']['type']);
        self::assertSame($reply->json(), $this->get('api1')->json());
    }

    /** @return array<string, array{array}> */
    public static function badIdProperties(): array
    {
        return [
            'master without id' => [['spec' => ['resources' => ['main' => ['mapping' => '_customer', 'type' => 'customerDb']],
                'schema' => ['properties' => ['name' => ['type' => 'string']]]]]],
            'master id of another type' => [self::masterDefinitionWith(['id' => ['type' => 'string']])],
            'master synergyId under another name' => [['spec' => ['resources' => ['main' => ['mapping' => '_customer',
                'type' => 'customerDb']], 'schema' => ['properties' => ['key' => ['x-synergy-type' => 'synergyId']]]]]],
            'history without historyId' => [self::historyDefinition(['id' => ['x-synergy-type' => 'synergyId']])],
            'history without synergyId' => [self::historyDefinition(['id' => ['x-synergy-type' => 'historyId']])],
            'historyId on the master database' => [self::masterDefinitionWith(['hid' => ['x-synergy-type' => 'historyId']])],
        ];
    }

    private static function masterDefinitionWith(array $properties): array
    {
        return ['spec' => ['resources' => ['main' => ['mapping' => '_customer', 'type' => 'customerDb']],
            'schema' => ['properties' => $properties + ['id' => ['x-synergy-type' => 'synergyId']]]]];
    }

    private static function historyDefinition(array $properties, string $database = 'inquiry_history'): array
    {
        return ['spec' => ['resources' => ['main' => ['mapping' => $database, 'type' => 'historyDb']],
            'schema' => ['properties' => $properties]]];
    }

    /** @dataProvider badIdProperties */
    public function testIdPropertyRulesAreEnforced(array $definition): void
    {
        self::assertSame(400, self::putDefinition($this->token, 'ids', $definition)->status);
        self::assertSame(404, $this->get('ids')->status);
    }

    public function testHistoryDefinitionNeedsHistoryIdAndSynergyId(): void
    {
        $reply = self::putDefinition($this->token, 'inquiries', self::historyDefinition([
            'id' => ['x-synergy-type' => 'historyId'],
            'customer' => ['x-synergy-type' => 'synergyId'],
            'subject' => ['type' => 'string', 'x-synergy-mapping' => '_subject'],
        ]));

        self::assertSame(200, $reply->status, $reply->describe());
        self::assertSame(['_historyId', '_synergyId', '_subject'],
            array_column($reply->json()['spec']['schema']['properties'], 'x-synergy-mapping'));
    }

    /** @return array<string, array{string, array}> */
    public static function badDefinitions(): array
    {
        $many = [];
        for ($i = 0; $i < 100; $i++) {
            $many["p$i"] = ['type' => 'string'];
        }
        return [
            'key with capital first' => ['good', self::masterDefinitionWith(['Age' => ['type' => 'number']])],
            'key with a digit first' => ['good', self::masterDefinitionWith(['1age' => ['type' => 'number']])],
            'key with a hyphen' => ['good', self::masterDefinitionWith(['first-name' => ['type' => 'string']])],
            'name with underscore' => ['bad_name', self::masterDefinitionWith([])],
            'name with capital' => ['Bad', self::masterDefinitionWith([])],
            'name starting with digit' => ['1api', self::masterDefinitionWith([])],
            'name of 51 characters' => [str_repeat('a', 51), self::masterDefinitionWith([])],
            '101 properties' => ['good', self::masterDefinitionWith($many)],
            'oneOf' => ['good', self::masterDefinitionWith(['x' => ['oneOf' => [['type' => 'string']]]])],
            'allOf' => ['good', self::masterDefinitionWith(['x' => ['type' => 'string', 'allOf' => []]])],
            'anyOf' => ['good', self::masterDefinitionWith(['x' => ['type' => 'string', 'anyOf' => []]])],
            'not' => ['good', self::masterDefinitionWith(['x' => ['type' => 'string', 'not' => ['type' => 'number']]])],
            'discriminator' => ['good', self::masterDefinitionWith(['x' => ['type' => 'string', 'discriminator' => []]])],
            'object for text' => ['good', self::masterDefinitionWith(['x' => ['type' => 'object']])],
            'type that contradicts x-synergy-type' => ['good', self::masterDefinitionWith(['x' => ['type' => 'string',
                'x-synergy-type' => 'number']])],
            'unknown x-synergy-type' => ['good', self::masterDefinitionWith(['x' => ['x-synergy-type' => 'blob']])],
            'email without x-synergy-type' => ['good', self::masterDefinitionWith(['x' => ['type' => 'string', 'format' => 'email']])],
            'mapping onto a column of another type' => ['good', self::masterDefinitionWith(['x' => ['type' => 'number',
                'x-synergy-mapping' => '_col1']])],
            'new column with reserved name' => ['good', self::masterDefinitionWith(['x' => ['type' => 'string',
                'x-synergy-mapping' => '_mine']])],
            'two properties on one column' => ['good', self::masterDefinitionWith(['a' => ['type' => 'string',
                'x-synergy-mapping' => '_col1'], 'b' => ['type' => 'string', 'x-synergy-mapping' => '_col1']])],
            'choices on a text property' => ['good', self::masterDefinitionWith(['x' => ['type' => 'string',
                'x-synergy-select-value-definitions' => []]])],
            'choice value 0' => ['good', self::masterDefinitionWith(['x' => ['x-synergy-type' => 'singleSelect',
                'x-synergy-select-value-definitions' => [['value' => 0, 'label' => 'zero', 'hasExtraText' => false]]]])],
            'metadata.name differs from the path' => ['good', ['metadata' => ['name' => 'other']] + self::masterDefinitionWith([])],
            'reference database type' => ['good', ['spec' => ['resources' => ['main' => ['mapping' => '_customer',
                'type' => 'referenceDb']], 'schema' => ['properties' => ['id' => ['x-synergy-type' => 'synergyId']]]]]],
            'not JSON' => ['good', []],
        ];
    }

    /** @dataProvider badDefinitions */
    public function testInvalidDefinitionsAreRefused(string $name, array $definition): void
    {
        $reply = $definition === []
            ? self::call('putApiDefinition', self::definitionPath('/apidefinitions/good'), null, $this->token, [], '{"spec":')
            : self::putDefinition($this->token, $name, $definition);

        self::assertSame(400, $reply->status, $reply->describe());
        self::assertSame('Bad Request', $reply->json()['error']);
        self::assertArrayNotHasKey('good_x', $this->columns('_customer'), 'a refused put creates no column');
    }

    public function testOnlyHistoryDatabasesWithUnreservedNamesCanBeCreated(): void
    {
        $master = ['spec' => ['resources' => ['main' => ['mapping' => 'newmaster', 'type' => 'customerDb']],
            'schema' => ['properties' => ['id' => ['x-synergy-type' => 'synergyId']]]]];
        $ids = ['id' => ['x-synergy-type' => 'historyId'], 'customer' => ['x-synergy-type' => 'synergyId']];

        self::assertSame(400, self::putDefinition($this->token, 'nm', $master)->status);
        self::assertSame(400, self::putDefinition($this->token, 'uh', self::historyDefinition($ids, '_orders'))->status);
        $created = self::putDefinition($this->token, 'orders', self::historyDefinition($ids + ['total' => ['type' => 'number']],
            'orders'));
        self::assertSame(200, $created->status, $created->describe());

        $database = self::call('getDatabaseDefinition', self::definitionPath('/databasedefinitions/orders'), null, $this->token);
        self::assertSame('historyDb', $database->json()['spec']['type']);
        self::assertSame(['_historyId', '_synergyId', '_registeredDate', '_updatedDate', 'orders_total'],
            array_column($database->json()['spec']['columns'], 'name'));
        self::assertSame(404, self::call('getDatabaseDefinition', self::definitionPath('/databasedefinitions/nm'), null,
            $this->token)->status);
    }

    public function testDefinitionLimitIsConfigurableAndDefaultsToTwenty(): void
    {
        for ($i = 2; $i <= 20; $i++) {
            self::assertSame(200, self::putDefinition($this->token, "def$i", self::masterDefinition())->status);
        }
        self::assertSame(400, self::putDefinition($this->token, 'def21', self::masterDefinition())->status);
        self::assertSame(200, self::putDefinition($this->token, 'def20', self::masterDefinition())->status, 'updates still pass');

        self::control('reset');
        self::control('config', ['maxDefinitions' => 10]);
        $token = self::token();
        for ($i = 2; $i <= 10; $i++) {
            self::assertSame(200, self::putDefinition($token, "def$i", self::masterDefinition())->status);
        }
        self::assertSame(400, self::putDefinition($token, 'def11', self::masterDefinition())->status);
    }

    public function testStaleResourceVersionConflicts(): void
    {
        $current = $this->get('people')->json();
        $update = ['metadata' => $current['metadata'], 'spec' => $current['spec']];

        $first = self::putDefinition($this->token, 'people', $update);
        self::assertSame(200, $first->status, $first->describe());
        self::assertNotSame($current['metadata']['resourceVersion'], $first->json()['metadata']['resourceVersion']);
        self::assertSame($current['metadata']['uid'], $first->json()['metadata']['uid']);
        self::assertSame(409, self::putDefinition($this->token, 'people', $update)->status);
    }

    public function testChoicesAreReplacedAndStoredSelectionsOfRemovedOnesDeleted(): void
    {
        $record = self::call('createRecord', self::recordPath('people', '/records'),
            ['interests' => [['value' => 1], ['value' => 3]], 'plan' => ['value' => 3]], $this->token)->json();
        $definition = $this->get('people')->json();
        $spec = $definition['spec'];
        $spec['schema']['properties']['interests']['x-synergy-select-value-definitions'] = [
            ['value' => 1, 'label' => 'sports', 'hasExtraText' => false],
            ['value' => 5, 'label' => 'games', 'hasExtraText' => false],
        ];
        unset($spec['schema']['properties']['plan']['x-synergy-select-value-definitions']);

        $reply = self::putDefinition($this->token, 'people', ['spec' => $spec]);

        self::assertSame(200, $reply->status, $reply->describe());
        self::assertSame([1, 5], array_column($reply->json()['spec']['schema']['properties']['interests']
            ['x-synergy-select-value-definitions'], 'value'));
        self::assertSame([1, 2, 3], array_column($reply->json()['spec']['schema']['properties']['plan']
            ['x-synergy-select-value-definitions'], 'value'), 'omitted choices stay');
        $after = self::call('getRecord', self::recordPath('people', '/records/' . $record['id']), null, $this->token)->json();
        self::assertSame([['value' => 1]], $after['interests']);
        self::assertSame(['value' => 3], $after['plan']);
    }

    public function testListFollowsContinueTokensThroughEveryDefinition(): void
    {
        foreach (['alpha', 'bravo', 'charlie', 'delta'] as $name) {
            self::putDefinition($this->token, $name, self::masterDefinition());
        }
        $seen = [];
        $query = '?limit=1';
        for ($page = 0; $page < 10; $page++) {
            $reply = self::call('listApiDefinition', self::definitionPath('/apidefinitions' . $query), null, $this->token);
            self::assertSame(200, $reply->status, $reply->describe());
            self::assertCount(1, $reply->json()['items']);
            $seen[] = $reply->json()['items'][0]['metadata']['name'];
            $next = $reply->json()['metadata']['continueToken'] ?? null;
            if ($next === null) {
                break;
            }
            $query = '?limit=1&continueToken=' . rawurlencode($next);
        }
        self::assertSame(['alpha', 'bravo', 'charlie', 'delta', 'people'], $seen);
        self::assertSame([], self::call('listApiDefinition', self::definitionPath('/apidefinitions'), null, $this->token)
            ->json()['metadata']);

        foreach (['?limit=0', '?limit=101', '?limit=x', '?continueToken=bogus'] as $bad) {
            self::assertSame(400, self::call('listApiDefinition', self::definitionPath('/apidefinitions' . $bad), null,
                $this->token)->status, $bad);
        }
    }
}
