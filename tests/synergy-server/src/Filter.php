<?php

declare(strict_types=1);

namespace Vtws\SynergyServer;

/**
 * The filter object of queryRecords/countRecords, validated and compiled into a
 * predicate over stored rows. Keys are "{property}_{operator}" split at the last
 * underscore; members of one object are ANDed; AND/OR hold arrays of filter objects.
 * Limits: 20 keys per object, 10 elements per AND/OR, 3 levels (the top object is level 1).
 * A null never satisfies a comparison, negated ones included (SQL semantics).
 */
final class Filter
{
    public const MAX_KEYS = 20;
    public const MAX_ITEMS = 10;
    public const MAX_DEPTH = 3;

    public function __construct(private readonly Definition $definition)
    {
    }

    /** @return \Closure(array): bool */
    public function compile(mixed $filter): \Closure
    {
        if ($filter === null) {
            return static fn (array $row): bool => true;
        }
        return $this->object($filter, 1);
    }

    private function object(mixed $filter, int $depth): \Closure
    {
        if ($depth > self::MAX_DEPTH) {
            throw ApiError::badRequest('filter objects can be nested at most ' . self::MAX_DEPTH . ' levels deep');
        }
        if (!is_array($filter) || ($filter !== [] && array_is_list($filter))) {
            throw ApiError::badRequest('a filter must be a JSON object');
        }
        if (count($filter) > self::MAX_KEYS) {
            throw ApiError::badRequest('a filter object can have at most ' . self::MAX_KEYS . ' keys');
        }
        $parts = [];
        foreach ($filter as $key => $value) {
            $key = (string) $key;
            $parts[] = ($key === 'AND' || $key === 'OR') ? $this->group($key, $value, $depth) : $this->condition($key, $value);
        }
        return static function (array $row) use ($parts): bool {
            foreach ($parts as $part) {
                if (!$part($row)) {
                    return false;
                }
            }
            return true;
        };
    }

    private function group(string $kind, mixed $items, int $depth): \Closure
    {
        if (!is_array($items) || !array_is_list($items) || $items === []) {
            throw ApiError::badRequest("$kind must be a non-empty array of filter objects");
        }
        if (count($items) > self::MAX_ITEMS) {
            throw ApiError::badRequest("$kind can hold at most " . self::MAX_ITEMS . ' filter objects');
        }
        $parts = array_map(fn (mixed $item): \Closure => $this->object($item, $depth + 1), $items);
        $any = $kind === 'OR';
        return static function (array $row) use ($parts, $any): bool {
            foreach ($parts as $part) {
                if ($part($row) === $any) {
                    return $any;
                }
            }
            return !$any;
        };
    }

    private function condition(string $key, mixed $value): \Closure
    {
        $cut = strrpos($key, '_');
        $name = $cut === false ? '' : substr($key, 0, $cut);
        $operator = $cut === false ? '' : substr($key, $cut + 1);
        $property = $this->definition->properties[$name] ?? null;
        if ($property === null || !in_array($operator, Types::OPERATORS, true)) {
            throw ApiError::badRequest("unknown filter key $key");
        }
        if (!in_array($operator, Types::operators($property['type']), true)) {
            throw ApiError::badRequest("operator $operator cannot be used with {$property['type']} property $name");
        }
        $column = $property['column'];
        $read = static fn (array $row): mixed => Values::comparable($property, $row[$column] ?? null);
        $test = $this->test($property, $operator, $value);
        return static fn (array $row): bool => $test($read($row));
    }

    /** @return \Closure(mixed): bool taking the comparable stored value */
    private function test(array $property, string $operator, mixed $value): \Closure
    {
        $key = $property['key'] . '_' . $operator;
        $sortKey = static fn (mixed $v): mixed => Values::sortKey($property, $v);
        switch ($operator) {
            case 'isNull':
            case 'isNotNull':
                if (!is_bool($value)) {
                    throw ApiError::badRequest("$key needs true or false");
                }
                $wantNull = ($operator === 'isNull') === $value;
                return static fn (mixed $stored): bool => ($stored === null) === $wantNull;
            case 'eq':
            case 'notEq':
                if ($value === null) {
                    if (!$property['nullable']) {
                        throw ApiError::badRequest("$key: the property is not nullable");
                    }
                    $wantNull = $operator === 'eq';
                    return static fn (mixed $stored): bool => ($stored === null) === $wantNull;
                }
                $operand = $sortKey(Values::operand($property, $value));
                $equal = $operator === 'eq';
                return static fn (mixed $stored): bool => $stored !== null && (($sortKey($stored) === $operand) === $equal);
            case 'lt':
            case 'lte':
            case 'gt':
            case 'gte':
                $operand = $sortKey(Values::operand($property, self::scalar($key, $value)));
                return static function (mixed $stored) use ($operand, $operator, $sortKey): bool {
                    if ($stored === null) {
                        return false;
                    }
                    $order = Values::compare($sortKey($stored), $operand);
                    return match ($operator) {
                        'lt' => $order < 0, 'lte' => $order <= 0, 'gt' => $order > 0, default => $order >= 0,
                    };
                };
            case 'in':
            case 'notIn':
                $operands = array_map(static fn (mixed $v): mixed => $sortKey(Values::operand($property, self::scalar($key, $v))),
                    self::list($key, $value));
                $inside = $operator === 'in';
                return static fn (mixed $stored): bool => $stored !== null && (in_array($sortKey($stored), $operands, true) === $inside);
            case 'contains':
            case 'notContains':
                $operand = Values::operand($property, self::scalar($key, $value));
                $positive = $operator === 'contains';
                if (is_string($operand)) {
                    return static fn (mixed $stored): bool => $stored !== null && (str_contains($stored, $operand) === $positive);
                }
                return static fn (mixed $stored): bool => $stored !== null && (in_array($operand, $stored, true) === $positive);
            case 'containsEvery':
            case 'containsSome':
                $operands = array_map(static fn (mixed $v): mixed => Values::operand($property, self::scalar($key, $v)),
                    self::list($key, $value));
                $every = $operator === 'containsEvery';
                return static function (mixed $stored) use ($operands, $every): bool {
                    if ($stored === null) {
                        return false;
                    }
                    $found = count(array_intersect($operands, $stored));
                    return $every ? $found === count(array_unique($operands)) : $found > 0;
                };
            default:
                $operand = Values::operand($property, self::scalar($key, $value));
                $positive = !str_starts_with($operator, 'not');
                $prefix = str_contains($operator, 'tartsWith');
                return static fn (mixed $stored): bool => $stored !== null
                    && (($prefix ? str_starts_with($stored, $operand) : str_ends_with($stored, $operand)) === $positive);
        }
    }

    private static function scalar(string $key, mixed $value): mixed
    {
        if ($value === null || is_array($value)) {
            throw ApiError::badRequest("$key needs a single non-null value");
        }
        return $value;
    }

    private static function list(string $key, mixed $value): array
    {
        if (!is_array($value) || !array_is_list($value) || $value === []) {
            throw ApiError::badRequest("$key needs a non-empty array of values");
        }
        return $value;
    }
}
