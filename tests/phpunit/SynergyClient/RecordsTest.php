<?php

declare(strict_types=1);

namespace Vtws\Tests\SynergyClient;

require_once __DIR__ . '/TestCase.php';

use Vtws\Synergy\ApiException;
use Vtws\Synergy\RecordIterator;

/** Every Record operation, paging and the 409 of an update key. */
final class RecordsTest extends TestCase
{
    protected function resetFields(): array
    {
        return ['records' => 260];
    }

    public function testCreateGetPatchDelete(): void
    {
        $people = self::client()->records('people');
        $created = $people->create(['name' => 'Hanako', 'email' => 'hanako@example.com', 'age' => 31,
            'birthday' => '1993-04-02', 'interests' => [['value' => 2, 'extraText' => 'via fair']]]);
        self::assertIsInt($created['id']);
        self::assertSame(31.0, $created['age']);
        self::assertSame($created, $people->get($created['id']));
        self::assertSame($created, $people->get((string) $created['id']));

        $patched = $people->patch($created['id'], ['name' => 'Hanako Y.']);
        self::assertSame('Hanako Y.', $patched['name']);
        self::assertSame(31.0, $patched['age']);
        // With fields, only the listed keys change; a listed key missing from the body becomes null.
        $patched = $people->patch($created['id'], ['name' => 'ignored', 'company' => 'ACME'], ['company', 'age']);
        self::assertSame('Hanako Y.', $patched['name']);
        self::assertSame('ACME', $patched['company']);
        self::assertNull($patched['age']);

        self::control('stats/reset');
        $people->delete($created['id']);
        self::assertSame(['204' => 1], self::stats()['statuses']);
        foreach (['get' => fn () => $people->get($created['id']), 'delete' => fn () => $people->delete($created['id']),
            'patch' => fn () => $people->patch($created['id'], ['name' => 'x'])] as $label => $call) {
            try {
                $call();
                self::fail("$label of a deleted record succeeded");
            } catch (ApiException $e) {
                self::assertSame(404, $e->getStatus(), $label);
            }
        }
    }

    public function testUpdateKeyClashIsATyped409(): void
    {
        $people = self::client()->records('people');
        self::control('update-key', ['definition' => 'people', 'property' => 'member_no']);
        try {
            $people->create(['name' => 'Dup', 'member_no' => 'M00001']);
            self::fail('duplicate update key accepted');
        } catch (ApiException $e) {
            self::assertInstanceOf(\Vtws\Exception::class, $e);
            self::assertSame(409, $e->getStatus());
            self::assertSame('Conflict', $e->getError());
            self::assertSame('createRecord', $e->getOperation());
            self::assertSame('/apis/record.database/v1/accounts/demo/people/records', $e->getPath());
        }
        try {
            $people->patch(2, ['member_no' => 'M00001']);
            self::fail('duplicate update key accepted by patch');
        } catch (ApiException $e) {
            self::assertSame(409, $e->getStatus());
            self::assertSame('patchRecord', $e->getOperation());
        }
        self::assertSame('M00002', $people->get(2)['member_no']);
        self::assertSame(260, $people->count());
    }

    public function testQueryReturnsTheVendorsPageShape(): void
    {
        $people = self::client()->records('people');
        $page = $people->query(['age_gte' => 30], ['limit' => 2, 'offset' => 2, 'order' => ['age_desc', 'id_asc']]);
        self::assertSame(['metadata', 'items'], array_keys($page));
        self::assertTrue($page['metadata']['hasMore']);
        self::assertCount(2, $page['items']);
        self::assertGreaterThanOrEqual($page['items'][1]['age'], $page['items'][0]['age']);
        $last = $people->query(['id_gt' => 255]);
        self::assertFalse($last['metadata']['hasMore']);
        self::assertSame([256, 257, 258, 259, 260], array_column($last['items'], 'id'));
        self::assertCount(100, $people->query()['items']);
    }

    public function testQueryAllPagesThroughEveryRecord(): void
    {
        $people = self::client()->records('people');
        $people->count(); // the token of an earlier test was dropped by the reset: renew it first
        self::control('stats/reset');
        $iterator = $people->queryAll();
        self::assertInstanceOf(RecordIterator::class, $iterator);
        $ids = [];
        foreach ($iterator as $key => $record) {
            self::assertSame(count($ids), $key);
            $ids[] = $record['id'];
        }
        self::assertSame(range(1, 260), $ids);
        self::assertSame(3, $iterator->getPageCount());
        self::assertSame(3, self::operationCount('queryRecords'));

        // With another order the pages go by offset; the same records come out, each once.
        $filter = ['OR' => [['company_isNull' => true], ['age_lt' => 40]]];
        $ordered = [];
        foreach ($people->queryAll($filter, ['order' => ['age_desc', 'id_asc'], 'page_size' => 30]) as $record) {
            $ordered[] = $record['id'];
        }
        self::assertSame($people->count($filter), count($ordered));
        self::assertSame(count($ordered), count(array_unique($ordered)));
        $ages = array_map(fn (int $id): ?float => $people->get($id)['age'], array_slice($ordered, 0, 5));
        $descending = $ages;
        rsort($descending);
        self::assertSame($descending, $ages);
    }

    public function testQueryAllKeepsPagingByIdWhileRecordsAreAdded(): void
    {
        $people = self::client()->records('people');
        $seen = 0;
        foreach ($people->queryAll(['age_gte' => 18], ['page_size' => 100]) as $record) {
            if (++$seen === 50) {
                // Ids are assigned in order, so new records sort after every id seen.
                $people->create(['name' => 'late', 'age' => 20]);
            }
        }
        self::assertSame(261, $seen);
    }

    public function testCountMatchesQueryAll(): void
    {
        $people = self::client()->records('people');
        $filters = [[], ['age_gte' => 18, 'age_lte' => 30], ['interests_containsSome' => [1, 3]],
            ['OR' => [['email_endsWith' => '0@example.com'], ['email_isNull' => true]]], ['birthday_gte' => '1990-01-01']];
        foreach ($filters as $filter) {
            self::assertSame($people->count($filter), iterator_count($people->queryAll($filter)), json_encode($filter));
        }
    }

    public function testAuthenticate(): void
    {
        $people = self::client()->records('people');
        $record = $people->create(['name' => 'Pw', 'secret' => 'open sesame']);
        self::assertSame('authenticated', $people->authenticate($record['id'], 'secret', 'open sesame'));
        self::assertSame('unauthenticated', $people->authenticate($record['id'], 'secret', 'wrong'));
        self::assertSame('emptyPassword', $people->authenticate(1, 'secret', 'anything'));
    }

    public function testUnknownDefinitionIs404(): void
    {
        try {
            self::client()->records('nothing')->count();
            self::fail('unknown definition counted');
        } catch (ApiException $e) {
            self::assertSame(404, $e->getStatus());
        }
    }
}
