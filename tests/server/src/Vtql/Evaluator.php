<?php

declare(strict_types=1);

namespace Vtws\TestServer\Vtql;

use Vtws\TestServer\IdLadder;
use Vtws\TestServer\WebServiceException;

/**
 * Evaluates a parsed statement against records in PHP with MySQL semantics:
 * case-insensitive collation, AND binding tighter than OR, numeric comparison
 * against bare numbers, ids and references compared by the part after "x".
 */
final class Evaluator
{
    private const NUMERIC_TYPES = ['integer', 'double', 'currency', 'boolean'];

    /** @param array<string, string> $types field name => ws type name */
    public function __construct(private readonly array $types)
    {
    }

    /** @return callable(array): bool compiled WHERE clause over a record */
    public function predicate(Statement $statement): callable
    {
        $groups = [[]];
        foreach ($statement->conditions as $index => $condition) {
            if ($index > 0 && $statement->glue[$index - 1] === 'LOGICAL_OR') {
                $groups[] = [];
            }
            $groups[count($groups) - 1][] = $this->compile($condition);
        }
        return static function (array $record) use ($groups): bool {
            foreach ($groups as $group) {
                if (array_reduce($group, static fn (bool $carry, callable $test): bool => $carry && $test($record), true)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** @param list<array> $records */
    public function sort(array $records, Statement $statement): array
    {
        $columns = $statement->orderBy;
        if ($columns === [] || ($columns === ['id'] && !$statement->descending && self::inIdOrder($records))) {
            // ORDER BY id over records already in crmid order (the paging order) is a no-op.
            return $records;
        }
        usort($records, function (array $a, array $b) use ($columns, $statement): int {
            foreach ($columns as $index => $column) {
                $order = $this->compareValues($this->valueOf($a, $column), $this->valueOf($b, $column), $column);
                // The single ASC/DESC lands after the last column only.
                if ($statement->descending && $index === count($columns) - 1) {
                    $order = -$order;
                }
                if ($order !== 0) {
                    return $order;
                }
            }
            return $a['crmid'] <=> $b['crmid'];
        });
        return $records;
    }

    private static function inIdOrder(array $records): bool
    {
        $previous = PHP_INT_MIN;
        foreach ($records as $record) {
            if ($record['crmid'] < $previous) {
                return false;
            }
            $previous = $record['crmid'];
        }
        return true;
    }

    private function compile(array $condition): callable
    {
        $field = $condition['field'];
        $type = $this->types[$field] ?? 'string';
        if ($field === 'id' || in_array($type, ['reference', 'owner'], true)) {
            $wanted = array_map(fn (Token $token): string => $this->idPart($token, $field), $condition['values']);
            return $this->idTest($field, $condition['op'], $wanted);
        }
        $literals = array_map(Literal::fromToken(...), $condition['values']);
        $op = $condition['op'];
        return function (array $record) use ($field, $op, $literals): bool {
            $value = $this->valueOf($record, $field);
            foreach ($literals as $literal) {
                if ($this->matches($value, $op, $literal, $field)) {
                    return true;
                }
            }
            return false;
        };
    }

    private function idPart(Token $token, string $field): string
    {
        $raw = Literal::stripped($token);
        if (!str_contains($raw, 'x')) {
            if ($field === 'id') {
                throw Literal::databaseError();
            }
            throw new WebServiceException('INVALID_ID_ATTRIBUTE', 'Id specified is incorrect');
        }
        return explode('x', $raw, 2)[1];
    }

    private function idTest(string $field, string $op, array $wanted): callable
    {
        return function (array $record) use ($field, $op, $wanted): bool {
            $value = $field === 'id' ? (string) $record['crmid'] : $this->valueOf($record, $field);
            if ($field !== 'id') {
                if ($value === '') {
                    return false;
                }
                $value = explode('x', $value, 2)[1] ?? '';
            }
            foreach ($wanted as $candidate) {
                $order = IdLadder::leadingInt($value) <=> IdLadder::leadingInt($candidate);
                if (self::holds($op, $order)) {
                    return true;
                }
            }
            return false;
        };
    }

    private static function holds(string $op, int $order): bool
    {
        return match ($op) {
            'EQ', 'IN', 'LIKE' => $order === 0,
            'NE' => $order !== 0,
            'LT' => $order < 0,
            'GT' => $order > 0,
            'LTE' => $order <= 0,
            'GTE' => $order >= 0,
        };
    }

    private function matches(string $value, string $op, Literal $literal, string $field): bool
    {
        if ($op === 'LIKE') {
            return preg_match(self::likePattern($literal->text), $value) === 1;
        }
        return self::holds($op, $this->compareLiteral($value, $literal, $field));
    }

    private function compareLiteral(string $value, Literal $literal, string $field): int
    {
        $numeric = $literal->numeric || $field === 'id' || in_array($this->types[$field] ?? '', self::NUMERIC_TYPES, true);
        if ($numeric) {
            return (float) $value <=> (float) $literal->text;
        }
        return self::collate($value, $literal->text);
    }

    private function compareValues(string $a, string $b, string $field): int
    {
        if ($field === 'id' || in_array($this->types[$field] ?? '', self::NUMERIC_TYPES, true)) {
            return (float) $a <=> (float) $b;
        }
        return self::collate($a, $b);
    }

    private function valueOf(array $record, string $field): string
    {
        return $field === 'id' ? (string) $record['crmid'] : (string) ($record['data'][$field] ?? '');
    }

    /** utf8_general_ci in spirit: case-insensitive, trailing spaces ignored. */
    private static function collate(string $a, string $b): int
    {
        return strcmp(mb_strtolower(rtrim($a, ' ')), mb_strtolower(rtrim($b, ' ')));
    }

    private static function likePattern(string $pattern): string
    {
        $regex = '';
        $length = strlen($pattern);
        for ($i = 0; $i < $length; $i++) {
            $char = $pattern[$i];
            if ($char === '\\' && $i + 1 < $length) {
                $regex .= preg_quote($pattern[++$i], '/');
            } elseif ($char === '%') {
                $regex .= '.*';
            } elseif ($char === '_') {
                $regex .= '.';
            } else {
                $regex .= preg_quote($char, '/');
            }
        }
        return '/^' . $regex . '$/isu';
    }
}
