<?php

declare(strict_types=1);

namespace Vtws\SynergyServer;

/**
 * Converts property values between the wire and storage: validation of what a client
 * sends (400 on anything the type does not allow), the character normalisation of
 * stored text, and the output shape (numbers as floats, selects as objects).
 */
final class Values
{
    /** The vendor's normalisation of stored text (documented 2023-12). */
    private const NORMALISE = [
        "\u{2015}" => "\u{2014}", "\u{FF5E}" => "\u{301C}", "\u{2225}" => "\u{2016}", "\u{FF0D}" => "\u{2212}",
        "\u{FFE0}" => "\u{00A2}", "\u{FFE1}" => "\u{00A3}", "\u{FFE2}" => "\u{00AC}",
    ];

    private const EMAIL = '/^[^@\s]+@[^@\s]+\.[^@\s]+$/u';

    public static function normaliseText(string $text): string
    {
        return strtr($text, self::NORMALISE);
    }

    /** Validates a value sent for a property and returns what is stored. */
    public static function input(array $property, mixed $value): mixed
    {
        $key = $property['key'];
        if ($value === null) {
            if (!$property['nullable']) {
                throw ApiError::badRequest("property $key must not be null");
            }
            return null;
        }
        return match (Types::kind($property['type'])) {
            'int' => self::integer($key, $value),
            'number' => self::number($key, $value),
            'string' => self::text($property, $value),
            'hash' => password_hash(self::normaliseText(self::string($key, $value)), PASSWORD_BCRYPT, ['cost' => 4]),
            'date' => self::date($key, $value),
            'monthDay' => self::monthDay($key, $value),
            'dateTime' => self::dateTime($key, $value),
            'bool' => is_bool($value) ? $value : throw ApiError::badRequest("property $key must be a boolean"),
            'single' => self::single($property, $value),
            'multiple' => self::multiple($property, $value),
            'flags' => self::flags($key, $value),
        };
    }

    /** The stored value as the API returns it. */
    public static function output(array $property, mixed $stored): mixed
    {
        if ($stored === null) {
            return null;
        }
        return match (Types::kind($property['type'])) {
            'number' => (float) $stored,
            'hash' => null,
            'single' => self::choiceOut($property, $stored),
            'multiple' => array_map(static fn (array $choice): array => self::choiceOut($property, $choice), $stored),
            default => $stored,
        };
    }

    /** A scalar operand of a filter, in the form stored values are compared in. */
    public static function operand(array $property, mixed $value): int|float|string|bool
    {
        $key = $property['key'];
        return match (Types::kind($property['type'])) {
            'int', 'single', 'multiple', 'flags' => self::integer($key, $value),
            'number' => self::number($key, $value),
            'string', 'hash' => self::normaliseText(self::string($key, $value)),
            'date' => self::date($key, $value),
            'monthDay' => self::monthDay($key, $value),
            'dateTime' => self::dateTime($key, $value),
            'bool' => is_bool($value) ? $value : throw ApiError::badRequest("filter value for $key must be a boolean"),
        };
    }

    /** The stored value reduced to something comparable with operand(); lists stay lists of ints. */
    public static function comparable(array $property, mixed $stored): mixed
    {
        if ($stored === null) {
            return null;
        }
        return match (Types::kind($property['type'])) {
            'single' => $stored['value'],
            'multiple' => array_column($stored, 'value'),
            'number' => (float) $stored,
            default => $stored,
        };
    }

    /** Sort key of a comparable value: date-times compare by instant, the rest by value. */
    public static function sortKey(array $property, mixed $comparable): mixed
    {
        if ($comparable !== null && Types::kind($property['type']) === 'dateTime') {
            return (new \DateTimeImmutable($comparable))->getTimestamp();
        }
        return $comparable;
    }

    /** Orders two comparable values; text by code point (byte order of UTF-8), never numerically. */
    public static function compare(mixed $a, mixed $b): int
    {
        if (is_string($a) && is_string($b)) {
            return strcmp($a, $b) <=> 0;
        }
        return $a <=> $b;
    }

    private static function integer(string $key, mixed $value): int
    {
        if (is_float($value) && floor($value) === $value && abs($value) < 2 ** 53) {
            return (int) $value;
        }
        if (!is_int($value)) {
            throw ApiError::badRequest("value for $key must be an integer");
        }
        return $value;
    }

    private static function number(string $key, mixed $value): float
    {
        if (!is_int($value) && !is_float($value)) {
            throw ApiError::badRequest("value for $key must be a number");
        }
        return (float) $value;
    }

    private static function string(string $key, mixed $value): string
    {
        if (!is_string($value)) {
            throw ApiError::badRequest("value for $key must be a string");
        }
        return $value;
    }

    private static function text(array $property, mixed $value): string
    {
        $text = self::normaliseText(self::string($property['key'], $value));
        $isMail = in_array($property['type'], ['mailAddress', 'mobileMailAddress'], true);
        if ($isMail && preg_match(self::EMAIL, $text) !== 1) {
            throw ApiError::badRequest("value for {$property['key']} must be an e-mail address");
        }
        return $text;
    }

    private static function date(string $key, mixed $value): string
    {
        $text = self::string($key, $value);
        if (preg_match('/^(\d{4})-(\d{2})-(\d{2})$/', $text, $m) !== 1 || !checkdate((int) $m[2], (int) $m[3], (int) $m[1])) {
            throw ApiError::badRequest("value for $key must be a date yyyy-MM-dd");
        }
        return $text;
    }

    private static function monthDay(string $key, mixed $value): string
    {
        $text = self::string($key, $value);
        if (preg_match('/^--(\d{2})-(\d{2})$/', $text, $m) !== 1 || !checkdate((int) $m[1], (int) $m[2], 2000)) {
            throw ApiError::badRequest("value for $key must be a month-day --MM-dd");
        }
        return $text;
    }

    /** Date-times are stored in Japan time, second precision: 2020-05-01T00:00:00+09:00. */
    private static function dateTime(string $key, mixed $value): string
    {
        $text = self::string($key, $value);
        $pattern = '/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/';
        if (preg_match($pattern, $text) !== 1) {
            throw ApiError::badRequest("value for $key must be an ISO 8601 date-time with offset");
        }
        try {
            $instant = new \DateTimeImmutable($text);
        } catch (\Exception) {
            throw ApiError::badRequest("value for $key is not a valid date-time");
        }
        return Clock::japan($instant->getTimestamp());
    }

    /** A single-select value; a one-element array is accepted too (the appendix calls the type "array"). */
    private static function single(array $property, mixed $value): ?array
    {
        if (is_array($value) && array_is_list($value) && count($value) === 1) {
            $value = $value[0];
        }
        return self::choiceIn($property, $value);
    }

    private static function multiple(array $property, mixed $value): ?array
    {
        if (!is_array($value) || !array_is_list($value)) {
            throw ApiError::badRequest("value for {$property['key']} must be an array of choices");
        }
        $choices = [];
        foreach ($value as $item) {
            $choice = self::choiceIn($property, $item);
            $choices[$choice['value']] = $choice;
        }
        ksort($choices);
        return $choices === [] ? null : array_values($choices);
    }

    /** @return array{value:int, extraText?:string|null} */
    private static function choiceIn(array $property, mixed $item): array
    {
        $key = $property['key'];
        if (!is_array($item) || !is_int($item['value'] ?? null) || array_diff(array_keys($item), ['value', 'extraText']) !== []) {
            throw ApiError::badRequest("choice of $key must be an object {value, extraText?}");
        }
        if ($item['value'] < 1) {
            throw ApiError::badRequest("choice value of $key must be at least 1");
        }
        $definition = null;
        foreach ($property['selects'] ?? [] as $select) {
            if ($select['value'] === $item['value']) {
                $definition = $select;
            }
        }
        if ($definition === null) {
            throw ApiError::badRequest("choice value {$item['value']} is not defined for $key");
        }
        $extra = $item['extraText'] ?? null;
        if ($extra !== null && !is_string($extra)) {
            throw ApiError::badRequest("extraText of $key must be a string");
        }
        $choice = ['value' => $item['value']];
        if ($definition['hasExtraText']) {
            $choice['extraText'] = $extra === null ? null : self::normaliseText($extra);
        }
        return $choice;
    }

    private static function choiceOut(array $property, array $choice): array
    {
        foreach ($property['selects'] ?? [] as $select) {
            if ($select['value'] === $choice['value'] && $select['hasExtraText']) {
                return ['value' => $choice['value'], 'extraText' => $choice['extraText'] ?? null];
            }
        }
        return ['value' => $choice['value']];
    }

    /** @return list<int>|null */
    private static function flags(string $key, mixed $value): ?array
    {
        if (!is_array($value) || !array_is_list($value)) {
            throw ApiError::badRequest("value for $key must be an array of integers");
        }
        $flags = array_values(array_unique(array_map(static fn (mixed $flag): int => self::integer($key, $flag), $value)));
        sort($flags);
        return $flags === [] ? null : $flags;
    }
}
