<?php

declare(strict_types=1);

namespace Vtws\Tests\Synergy;

require_once __DIR__ . '/SynergyTestCase.php';

/** DatabaseDefinition: list with cursor paging, get, 404. */
final class DatabaseDefinitionTest extends SynergyTestCase
{
    public function testListAndGetDescribeTheSeededDatabases(): void
    {
        $token = self::token('db:apidefinition:design');
        $list = self::call('listDatabaseDefinition', self::definitionPath('/databasedefinitions'), null, $token);

        self::assertSame(200, $list->status);
        self::assertSame(['_customer', 'inquiry_history'], array_map(static fn (array $d): string => $d['metadata']['name'],
            $list->json()['items']));
        $customer = self::call('getDatabaseDefinition', self::definitionPath('/databasedefinitions/_customer'), null, $token)->json();
        self::assertSame($list->json()['items'][0], $customer);
        self::assertSame(['DatabaseDefinition', 'customerDb'], [$customer['metadata']['kind'], $customer['spec']['type']]);
        $columns = array_column($customer['spec']['columns'], null, 'name');
        self::assertSame(['name' => '_synergyId', 'label' => 'Synergy!ID', 'type' => 'synergyId',
            'synergySelectValueDefinitions' => null], $customer['spec']['columns'][0]);
        self::assertSame([1, 2, 3], array_column($columns['_col4']['synergySelectValueDefinitions'], 'value'));
        self::assertSame('multipleSelect', $columns['people_interests']['type']);
        self::assertSame(404, self::call('getDatabaseDefinition', self::definitionPath('/databasedefinitions/nothing'), null,
            $token)->status);
        self::assertSame(400, self::call('getDatabaseDefinition', self::definitionPath('/databasedefinitions/Bad%20Name'), null,
            $token)->status);
    }

    public function testPagingVisitsEveryDatabaseOnce(): void
    {
        $token = self::token();
        $ids = ['id' => ['x-synergy-type' => 'historyId'], 'customer' => ['x-synergy-type' => 'synergyId']];
        foreach (['orders', 'visits'] as $name) {
            self::putDefinition($token, $name, ['spec' => ['resources' => ['main' => ['mapping' => $name, 'type' => 'historyDb']],
                'schema' => ['properties' => $ids]]]);
        }
        $seen = [];
        $query = '?limit=1';
        while (count($seen) < 10) {
            $reply = self::call('listDatabaseDefinition', self::definitionPath('/databasedefinitions' . $query), null, $token);
            self::assertCount(1, $reply->json()['items']);
            $seen[] = $reply->json()['items'][0]['metadata']['name'];
            if (!isset($reply->json()['metadata']['continueToken'])) {
                break;
            }
            $query = '?limit=1&continueToken=' . rawurlencode($reply->json()['metadata']['continueToken']);
        }
        self::assertSame(['_customer', 'inquiry_history', 'orders', 'visits'], $seen);
        $two = self::call('listDatabaseDefinition', self::definitionPath('/databasedefinitions?limit=3'), null, $token)->json();
        self::assertCount(3, $two['items']);
        $rest = self::call('listDatabaseDefinition', self::definitionPath('/databasedefinitions?continueToken='
            . rawurlencode($two['metadata']['continueToken'])), null, $token)->json();
        self::assertSame(['visits'], array_map(static fn (array $d): string => $d['metadata']['name'], $rest['items']));
        self::assertSame(400, self::call('listDatabaseDefinition', self::definitionPath('/databasedefinitions?limit=0'), null,
            $token)->status);
    }
}
