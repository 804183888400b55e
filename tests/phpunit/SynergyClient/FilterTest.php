<?php

declare(strict_types=1);

namespace Vtws\Tests\SynergyClient;

require_once __DIR__ . '/TestCase.php';

/**
 * Filters are checked before sending (checklist 15-17 from the client's side): a bad key is
 * named in a ValueError and nothing reaches the server; good filters give the server's
 * answer.
 */
final class FilterTest extends TestCase
{
    protected function resetFields(): array
    {
        return ['records' => 40];
    }

    /** @return array<string, array{array, string}> */
    public static function invalidFilters(): array
    {
        $wide = [];
        for ($i = 0; $i < 21; $i++) {
            $wide["name$i" . '_eq'] = 'x';
        }
        return [
            'no operator' => [['age' => 3], '"age"'],
            'unknown operator' => [['age_between' => [1, 2]], '"age_between"'],
            'operator of another type' => [['interests_eq' => 1], 'not allowed for type multipleSelect'],
            'isNull on an id' => [['id_isNull' => true], 'not allowed for type synergyId'],
            'containsSome on text' => [['name_containsSome' => [1]], 'not allowed for type text'],
            'password filter' => [['secret_eq' => 'x'], 'not allowed for type passwordHash'],
            'unknown property' => [['nickname_eq' => 'x'], 'no property "nickname"'],
            '21 keys' => [$wide, '21 keys'],
            '11 elements' => [['AND' => array_fill(0, 11, ['age_gte' => 1])], '11 elements'],
            '4 levels' => [['OR' => [['AND' => [['OR' => [['age_eq' => 1]]]]]]], '"OR[0].AND[0].OR"'],
            'nested bad key' => [['OR' => [['age_lt' => 20], ['AND' => [['plan_contains' => 1]]]]], '"OR[1].AND[0].plan_contains"'],
            'operand' => [['age_in' => 5], 'needs a non-empty list'],
        ];
    }

    /** @dataProvider invalidFilters */
    public function testInvalidFiltersNameTheKeyAndSendNothing(array $filter, string $named): void
    {
        $people = self::client()->records('people', ['types' => true]);
        self::control('stats/reset');
        try {
            $people->count($filter);
            self::fail('filter accepted');
        } catch (\ValueError $e) {
            self::assertStringContainsString($named, $e->getMessage());
        }
        self::assertSame(0, self::stats()['total']);
    }

    public function testValidFiltersReachTheServer(): void
    {
        $people = self::client()->records('people', ['types' => true]);
        self::assertSame(40, $people->count([]));
        self::assertSame(4, $people->count(['email_isNull' => true]));
        self::assertSame($people->count(['interests_contains' => 2]),
            $people->count(['OR' => [['interests_containsEvery' => [2]], ['interests_containsSome' => [2]]]]));
        self::assertSame(40 - $people->count(['company_isNull' => true]), $people->count(['company_isNotNull' => true]));
        // isNull works on lists too (mlRefusalFlags, multipleSelect): every 4th record has opt-outs.
        self::assertSame(30, $people->count(['optOuts_isNull' => true]));
        self::assertSame(10, $people->count(['optOuts_isNotNull' => true]));
        // Property names with underscores split at the last one (checklist 15).
        self::assertSame(1, $people->count(['member_no_eq' => 'M00007']));
        // An empty nested filter object travels as {} and matches everything.
        self::assertSame(40, $people->count(['AND' => [[]]]));
    }

    public function testWithoutTypesTheServerJudgesOperators(): void
    {
        $people = self::client()->records('people');
        try {
            $people->count(['interests_eq' => 1]);
            self::fail('operator accepted');
        } catch (\Vtws\Synergy\ApiException $e) {
            self::assertSame(400, $e->getStatus());
        }
    }
}
