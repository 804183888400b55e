<?php

declare(strict_types=1);

namespace Vtws\Tests\Synergy;

require_once __DIR__ . '/SynergyTestCase.php';

/**
 * queryRecords and countRecords over 260 generated "people" records (see the emulator's
 * README for how record i is generated): paging, order, filters and their limits.
 */
final class QueryTest extends SynergyTestCase
{
    private const RECORDS = 260;

    private string $token;

    protected function resetFields(): array
    {
        return ['records' => self::RECORDS];
    }

    protected function setUp(): void
    {
        parent::setUp();
        $this->token = self::token('db:record:read');
    }

    private function countMatching(mixed $filter): int
    {
        $reply = self::call('countRecords', self::recordPath('people', '/count'), ['filter' => $filter], $this->token);
        self::assertSame(200, $reply->status, $reply->describe());
        return $reply->json()['count'];
    }

    private function status(array $request): int
    {
        return self::query($this->token, $request)->status;
    }

    public function testPagingWithOffsetVisitsEveryRecordOnceAndHasMoreTellsWhenToStop(): void
    {
        $seen = [];
        $pages = [];
        for ($offset = 0; ; $offset += 100) {
            $reply = self::query($this->token, ['order' => ['id_asc'], 'limit' => 100, 'offset' => $offset]);
            self::assertSame(200, $reply->status, $reply->describe());
            $page = $reply->json();
            $pages[] = [count($page['items']), $page['metadata']['hasMore']];
            array_push($seen, ...array_column($page['items'], 'id'));
            if (!$page['metadata']['hasMore']) {
                break;
            }
        }

        self::assertSame([[100, true], [100, true], [60, false]], $pages);
        self::assertSame(range(1, self::RECORDS), $seen);
        self::assertSame(self::RECORDS, $this->countMatching(null));
        $exact = self::query($this->token, ['limit' => 60, 'offset' => 200])->json();
        self::assertSame([60, false], [count($exact['items']), $exact['metadata']['hasMore']]);
        $beyond = self::query($this->token, ['offset' => 500])->json();
        self::assertSame([[], false], [$beyond['items'], $beyond['metadata']['hasMore']]);
        $default = self::query($this->token, [])->json();
        self::assertSame([100, true, 1], [count($default['items']), $default['metadata']['hasMore'], $default['items'][0]['id']]);
    }

    public function testLimitOffsetAndRequestKeysAreValidated(): void
    {
        foreach ([['limit' => 0], ['limit' => 101], ['limit' => -1], ['limit' => '10'], ['limit' => 1.5], ['offset' => -1],
            ['offset' => 'x'], ['where' => []], ['order' => 'id_asc']] as $request) {
            self::assertSame(400, $this->status($request), json_encode($request));
        }
        self::assertSame(400, self::call('countRecords', self::recordPath('people', '/count'), ['limit' => 1], $this->token)->status);
        self::assertSame(400, self::call('queryRecords', self::recordPath('people', '/query'), null, $this->token, [], '{"filter":')
            ->status);
        self::assertSame([1, 100], [count(self::query($this->token, ['limit' => 1])->json()['items']),
            count(self::query($this->token, ['limit' => 100])->json()['items'])]);
    }

    public function testOrderTakesAtMostTwoKeys(): void
    {
        $items = self::query($this->token, ['order' => ['age_desc', 'id_desc'], 'limit' => 100])->json()['items'];
        $keys = array_map(static fn (array $r): array => [$r['age'], $r['id']], $items);
        $sorted = $keys;
        usort($sorted, static fn (array $a, array $b): int => [$b[0], $b[1]] <=> [$a[0], $a[1]]);
        self::assertSame($sorted, $keys);
        self::assertSame(77.0, $items[0]['age']);

        $bare = self::query($this->token, ['order' => ['member_no'], 'limit' => 3])->json()['items'];
        self::assertSame(['M00001', 'M00002', 'M00003'], array_column($bare, 'member_no'));
        $desc = self::query($this->token, ['order' => ['member_no_desc'], 'limit' => 1])->json()['items'];
        self::assertSame('M00260', $desc[0]['member_no']);
        $nullsFirst = self::query($this->token, ['order' => ['email_asc'], 'limit' => 1])->json()['items'];
        self::assertNull($nullsFirst[0]['email']);

        foreach ([['age_asc', 'id_asc', 'name_asc'], ['interests_asc'], ['secret'], ['nothing_asc'], ['age_up']] as $order) {
            self::assertSame(400, $this->status(['order' => $order]), json_encode($order));
        }
    }

    public function testCountEqualsTheRecordsQueryReturnsAcrossPages(): void
    {
        $filter = ['OR' => [['age_lt' => 45], ['company_eq' => 'Company 2']]];
        $total = 0;
        for ($offset = 0; ; $offset += 100) {
            $page = self::query($this->token, ['filter' => $filter, 'offset' => $offset])->json();
            $total += count($page['items']);
            if (!$page['metadata']['hasMore']) {
                break;
            }
        }
        self::assertGreaterThan(100, $total);
        self::assertSame($total, $this->countMatching($filter));
        self::assertSame(self::RECORDS, $this->countMatching((object) []));
    }

    public function testFilterKeysSplitAtTheLastUnderscore(): void
    {
        self::assertSame([42], self::ids($this->token, ['member_no_eq' => 'M00042']));
        self::assertSame([1, 2], self::ids($this->token, ['member_no_in' => ['M00001', 'M00002']]));
        self::assertSame(400, $this->status(['filter' => ['member_eq' => 'M00042']]));
        self::assertSame(400, $this->status(['filter' => ['member_no' => 'M00042']]));
    }

    public function testSiblingsAreAndedAndGroupsCombine(): void
    {
        // Record i: age = 18 + (7 i mod 60), e-mail null when i is a multiple of 10.
        $expected = array_values(array_filter(range(1, self::RECORDS),
            static fn (int $i): bool => 18 + ($i * 7) % 60 >= 70 && $i <= 100));
        self::assertSame($expected, self::ids($this->token, ['age_gte' => 70, 'id_lte' => 100]));

        $or = self::ids($this->token, ['OR' => [['member_no_eq' => 'M00005'], ['member_no_eq' => 'M00009']]]);
        self::assertSame([5, 9], $or);
        $nested = self::ids($this->token, ['id_lte' => 30, 'AND' => [
            ['OR' => [['email_isNull' => true], ['member_no_endsWith' => '7']]],
            ['email_notContains' => '0027'],
        ]]);
        self::assertSame([7, 17], $nested, 'null e-mails (10, 20, 30) never satisfy notContains');
        self::assertSame([10, 20, 30], self::ids($this->token, ['id_lte' => 30, 'email_isNull' => true]));
        self::assertSame([10, 20, 30], self::ids($this->token, ['id_lte' => 30, 'email_eq' => null]));
        self::assertSame(27, count(self::ids($this->token, ['id_lte' => 30, 'email_isNotNull' => true])));
        self::assertSame(27, count(self::ids($this->token, ['id_lte' => 30, 'email_notEq' => 'nobody@example.com'])));
    }

    public function testFilterSizeAndDepthLimits(): void
    {
        $keys = [];
        foreach (['eq', 'notEq', 'lt', 'lte', 'gt', 'gte', 'in', 'notIn', 'contains', 'notContains', 'startsWith',
            'notStartsWith', 'endsWith', 'notEndsWith', 'isNull', 'isNotNull'] as $operator) {
            $keys["name_$operator"] = match ($operator) {
                'in', 'notIn' => ['x'], 'isNull' => false, 'isNotNull' => true, 'notEq', 'notContains', 'notStartsWith',
                'notEndsWith', 'lt' => 'zzz', default => '',
            };
        }
        $keys += ['age_gte' => 0, 'age_lte' => 100, 'id_gt' => 0, 'id_lt' => 1000];
        self::assertCount(20, $keys);
        self::assertSame(200, $this->status(['filter' => $keys]));
        self::assertSame(400, $this->status(['filter' => $keys + ['company_isNull' => false]]));

        $ten = array_fill(0, 10, ['age_gte' => 0]);
        self::assertSame(200, $this->status(['filter' => ['AND' => $ten, 'OR' => $ten]]));
        self::assertSame(400, $this->status(['filter' => ['AND' => [...$ten, ['age_gte' => 0]]]]));
        self::assertSame(400, $this->status(['filter' => ['OR' => [...$ten, ['age_gte' => 0]]]]));

        $third = ['OR' => [['AND' => [['age_gte' => 0]]]]];
        self::assertSame(200, $this->status(['filter' => $third]));
        $fourth = ['OR' => [['AND' => [['OR' => [['age_gte' => 0]]]]]]];
        self::assertSame(400, $this->status(['filter' => $fourth]));
        self::assertSame(400, $this->status(['filter' => ['AND' => []]]));
        self::assertSame(400, $this->status(['filter' => ['AND' => ['age_gte' => 0]]]));
        self::assertSame(400, $this->status(['filter' => ['and' => [['age_gte' => 0]]]]));
    }

    /** @return array<string, array{array}> */
    public static function refusedFilters(): array
    {
        return [
            'multipleSelect_eq' => [['interests_eq' => 1]],
            'id_isNull' => [['id_isNull' => true]],
            'text containsSome' => [['name_containsSome' => ['a']]],
            'number contains' => [['age_contains' => 1]],
            'date startsWith' => [['birthday_startsWith' => '19']],
            'mailRefusalFlag lt' => [['refusesMail_lt' => true]],
            'updatedDate isNull' => [['updatedAt_isNull' => true]],
            'password eq' => [['memo_eq' => 'x']],
            'passwordHash isNull' => [['secret_isNull' => true]],
            'mlRefusalFlags eq' => [['optOuts_eq' => 1]],
            'unknown operator' => [['age_between' => [1, 2]]],
            'unknown property' => [['height_gt' => 1]],
            'number given a string' => [['age_eq' => 'old']],
            'date in the wrong format' => [['birthday_gte' => '01/01/1990']],
            'date-time without offset' => [['lastVisit_gt' => '2024-01-01T00:00:00']],
            'isNull given a string' => [['name_isNull' => 'yes']],
            'in given a scalar' => [['age_in' => 20]],
            'in with an empty list' => [['age_in' => []]],
            'lt given null' => [['age_lt' => null]],
            'null for a non-nullable property' => [['refusesMail_eq' => null]],
            'containsEvery given a scalar' => [['interests_containsEvery' => 1]],
            'single select compared to an object' => [['plan_eq' => ['value' => 1]]],
            'filter that is a list' => [[['age_gte' => 1]]],
        ];
    }

    /** @dataProvider refusedFilters */
    public function testInvalidFiltersAnswer400(array $filter): void
    {
        $reply = self::query($this->token, ['filter' => $filter]);

        self::assertSame(400, $reply->status, $reply->describe());
        self::assertSame(400, self::call('countRecords', self::recordPath('people', '/count'), ['filter' => $filter], $this->token)
            ->status);
    }

    public function testSelectListOperators(): void
    {
        // Record i selects interest v when bit v-1 of i is set.
        $has = static fn (int $i, int $v): bool => (bool) (($i >> ($v - 1)) & 1);
        $expect = static fn (\Closure $test): array => array_values(array_filter(range(1, 40), $test));

        self::assertSame($expect(fn (int $i): bool => $has($i, 2)), self::ids($this->token, ['id_lte' => 40,
            'interests_contains' => 2]));
        self::assertSame($expect(fn (int $i): bool => !$has($i, 2) && ($i & 15) !== 0), self::ids($this->token, ['id_lte' => 40,
            'interests_notContains' => 2]));
        self::assertSame($expect(fn (int $i): bool => $has($i, 1) && $has($i, 2)), self::ids($this->token, ['id_lte' => 40,
            'interests_containsEvery' => [1, 2]]));
        self::assertSame($expect(fn (int $i): bool => $has($i, 1) || $has($i, 2)), self::ids($this->token, ['id_lte' => 40,
            'interests_containsSome' => [1, 2]]));
        self::assertSame($expect(fn (int $i): bool => ($i & 15) === 0), self::ids($this->token, ['id_lte' => 40,
            'interests_isNull' => true]));
        self::assertSame($expect(fn (int $i): bool => ($i & 15) !== 0), self::ids($this->token, ['id_lte' => 40,
            'interests_isNotNull' => true]));
        self::assertSame($expect(fn (int $i): bool => $i % 4 === 0), self::ids($this->token, ['id_lte' => 40,
            'optOuts_isNotNull' => true]));
        self::assertSame($expect(fn (int $i): bool => $i % 4 !== 0), self::ids($this->token, ['id_lte' => 40,
            'optOuts_isNull' => true]));
        self::assertSame($expect(fn (int $i): bool => $i % 4 === 0), self::ids($this->token, ['id_lte' => 40,
            'optOuts_containsEvery' => [1, 2]]));
        self::assertSame($expect(fn (int $i): bool => 1 + $i % 3 === 2), self::ids($this->token, ['id_lte' => 40,
            'plan_eq' => 2]));
        self::assertSame($expect(fn (int $i): bool => 1 + $i % 3 >= 2), self::ids($this->token, ['id_lte' => 40,
            'plan_in' => [2, 3]]));
    }

    public function testTextDateAndTimeComparisons(): void
    {
        // Record i: birthday = (1950 + i mod 50)-(1 + i mod 12)-(1 + i mod 28), lastVisit = 1700000000 + 3600 i.
        self::assertSame([1], self::ids($this->token, ['birthday_eq' => '1951-02-02']));
        self::assertSame([1, 51, 101, 151, 201, 251], self::ids($this->token, ['birthday_gte' => '1951-01-01', 'birthday_lt' => '1952-01-01']));
        self::assertSame([1, 2], self::ids($this->token, ['lastVisit_lte' => '2023-11-15T00:13:20Z']));
        self::assertSame([1, 2], self::ids($this->token, ['lastVisit_lte' => '2023-11-15T09:13:20+09:00']));
        self::assertSame([2], self::ids($this->token, ['lastVisit_eq' => '2023-11-15T00:13:20.000Z']));
        self::assertSame([9, 10, 11, 12], self::ids($this->token, ['member_no_gte' => 'M00009', 'member_no_lt' => 'M00013']));
        self::assertSame([100], self::ids($this->token, ['member_no_startsWith' => 'M0010', 'member_no_endsWith' => '0']));
        self::assertSame([1, 2], self::ids($this->token, ['id_in' => [1, 2, 999]]));
        self::assertSame(self::RECORDS - 2, $this->countMatching(['id_notIn' => [1, 2]]));
        self::assertSame(self::RECORDS, $this->countMatching(['createdAt_lte' => '2999-01-01T00:00:00+09:00']));
        self::assertSame(self::RECORDS, $this->countMatching(['refusesMail_eq' => false]));
        self::assertSame(self::RECORDS, $this->countMatching(['bounces_eq' => 0]));
    }
}
