<?php

declare(strict_types=1);

namespace Vtws\Tests\Server;

/**
 * Compares two decoded JSON documents by structure: same JSON types, same keys in
 * the same order for objects, element shapes of lists. Returns the first difference.
 */
final class JsonShape
{
    public static function difference(mixed $expected, mixed $actual, string $path = '$'): ?string
    {
        $expectedType = self::type($expected);
        $actualType = self::type($actual);
        if ($expectedType !== $actualType) {
            return "$path: expected $expectedType, got $actualType";
        }
        if ($expectedType === 'object') {
            return self::objectDifference((array) $expected, (array) $actual, $path);
        }
        if ($expectedType === 'list' && $expected !== [] ) {
            if ($actual === []) {
                return "$path: expected a non-empty list, got an empty one";
            }
            return self::difference($expected[0], $actual[0], $path . '[0]');
        }
        return null;
    }

    public static function type(mixed $value): string
    {
        return match (true) {
            $value instanceof \stdClass => 'object',
            is_array($value) => 'list',
            is_string($value) => 'string',
            is_int($value) => 'int',
            is_float($value) => 'float',
            is_bool($value) => 'bool',
            default => 'null',
        };
    }

    private static function objectDifference(array $expected, array $actual, string $path): ?string
    {
        $expectedKeys = array_map('strval', array_keys($expected));
        $actualKeys = array_map('strval', array_keys($actual));
        if ($expectedKeys !== $actualKeys) {
            $missing = array_diff($expectedKeys, $actualKeys);
            $extra = array_diff($actualKeys, $expectedKeys);
            return "$path: keys differ (missing: " . implode(',', $missing) . '; extra: ' . implode(',', $extra)
                . ($missing === [] && $extra === [] ? '; order differs' : '') . ')';
        }
        foreach ($expected as $key => $value) {
            $difference = self::difference($value, $actual[$key], $path . '.' . $key);
            if ($difference !== null) {
                return $difference;
            }
        }
        return null;
    }
}
