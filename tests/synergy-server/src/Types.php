<?php

declare(strict_types=1);

namespace Vtws\SynergyServer;

/**
 * The Synergy! item types (x-synergy-type): wire shape, whether putApiDefinition may
 * create a column of the type, default nullability and the filter operators allowed
 * (the vendor's operator table of API 1.3.0).
 */
final class Types
{
    public const OPERATORS = ['eq', 'notEq', 'isNull', 'isNotNull', 'lt', 'lte', 'gt', 'gte', 'in', 'notIn',
        'contains', 'notContains', 'startsWith', 'notStartsWith', 'endsWith', 'notEndsWith',
        'containsEvery', 'containsSome'];

    private const EQ = ['eq', 'notEq'];
    private const NULLS = ['isNull', 'isNotNull'];
    private const ORDER = ['lt', 'lte', 'gt', 'gte'];
    private const IN = ['in', 'notIn'];
    private const CONTAINS = ['contains', 'notContains'];
    private const AFFIX = ['startsWith', 'notStartsWith', 'endsWith', 'notEndsWith'];
    private const SETS = ['containsEvery', 'containsSome'];

    /**
     * kind: how values are stored and compared (int, number, string, date, monthDay, dateTime,
     * bool, single, multiple, flags, hash).
     */
    private const TYPES = [
        'synergyId' => ['kind' => 'int', 'type' => 'integer', 'format' => null, 'creatable' => false, 'nullable' => false],
        'historyId' => ['kind' => 'int', 'type' => 'integer', 'format' => null, 'creatable' => false, 'nullable' => false],
        'mailAddress' => ['kind' => 'string', 'type' => 'string', 'format' => 'email', 'creatable' => false, 'nullable' => true],
        'mobileMailAddress' => ['kind' => 'string', 'type' => 'string', 'format' => 'email', 'creatable' => false, 'nullable' => true],
        'updatedDate' => ['kind' => 'dateTime', 'type' => 'string', 'format' => 'date-time', 'creatable' => false, 'nullable' => false],
        'registeredDate' => ['kind' => 'dateTime', 'type' => 'string', 'format' => 'date-time', 'creatable' => false, 'nullable' => false],
        'mailRefusalFlag' => ['kind' => 'bool', 'type' => 'boolean', 'format' => null, 'creatable' => false, 'nullable' => false],
        'mailAddressErrorCount' => ['kind' => 'int', 'type' => 'integer', 'format' => null, 'creatable' => false, 'nullable' => false],
        'mobileMailAddressErrorCount' => ['kind' => 'int', 'type' => 'integer', 'format' => null, 'creatable' => false, 'nullable' => false],
        'mlRefusalFlags' => ['kind' => 'flags', 'type' => 'array', 'format' => null, 'creatable' => false, 'nullable' => true],
        'text' => ['kind' => 'string', 'type' => 'string', 'format' => null, 'creatable' => true, 'nullable' => true],
        'number' => ['kind' => 'number', 'type' => 'number', 'format' => null, 'creatable' => true, 'nullable' => true],
        'date' => ['kind' => 'date', 'type' => 'string', 'format' => 'date', 'creatable' => true, 'nullable' => true],
        'monthDay' => ['kind' => 'monthDay', 'type' => 'string', 'format' => 'month-day', 'creatable' => true, 'nullable' => true],
        'dateTime' => ['kind' => 'dateTime', 'type' => 'string', 'format' => 'date-time', 'creatable' => true, 'nullable' => true],
        'singleSelect' => ['kind' => 'single', 'type' => 'object', 'format' => null, 'creatable' => true, 'nullable' => true],
        'multipleSelect' => ['kind' => 'multiple', 'type' => 'array', 'format' => null, 'creatable' => true, 'nullable' => true],
        'password' => ['kind' => 'string', 'type' => 'string', 'format' => null, 'creatable' => true, 'nullable' => true],
        'passwordHash' => ['kind' => 'hash', 'type' => 'string', 'format' => null, 'creatable' => true, 'nullable' => true],
    ];

    /** Types whose values the API derives itself: ignored on create/patch. */
    public const READ_ONLY = ['historyId', 'updatedDate', 'registeredDate', 'mailAddressErrorCount',
        'mobileMailAddressErrorCount'];

    public static function exists(string $type): bool
    {
        return isset(self::TYPES[$type]);
    }

    /** @return list<string> */
    public static function names(): array
    {
        return array_keys(self::TYPES);
    }

    public static function kind(string $type): string
    {
        return self::TYPES[$type]['kind'];
    }

    public static function jsonType(string $type): string
    {
        return self::TYPES[$type]['type'];
    }

    public static function format(string $type): ?string
    {
        return self::TYPES[$type]['format'];
    }

    public static function creatable(string $type): bool
    {
        return self::TYPES[$type]['creatable'];
    }

    public static function nullableByDefault(string $type): bool
    {
        return self::TYPES[$type]['nullable'];
    }

    public static function isSelect(string $type): bool
    {
        return $type === 'singleSelect' || $type === 'multipleSelect';
    }

    /** Types that can be sort keys (every type but lists and passwords). */
    public static function orderable(string $type): bool
    {
        return !in_array($type, ['multipleSelect', 'mlRefusalFlags', 'password', 'passwordHash'], true);
    }

    /** @return list<string> */
    public static function operators(string $type): array
    {
        return match ($type) {
            'synergyId', 'historyId', 'updatedDate', 'registeredDate', 'mailAddressErrorCount',
            'mobileMailAddressErrorCount' => [...self::EQ, ...self::ORDER, ...self::IN],
            'mailAddress', 'mobileMailAddress', 'text' => [...self::EQ, ...self::NULLS, ...self::ORDER, ...self::IN,
                ...self::CONTAINS, ...self::AFFIX],
            'mailRefusalFlag' => self::EQ,
            'mlRefusalFlags', 'multipleSelect' => [...self::NULLS, ...self::CONTAINS, ...self::SETS],
            'number', 'date', 'monthDay', 'dateTime', 'singleSelect' => [...self::EQ, ...self::NULLS, ...self::ORDER,
                ...self::IN],
            default => [],
        };
    }

    /**
     * The x-synergy-type implied by type/format when x-synergy-type is omitted
     * (integer is accepted for number, as the vendor's sample definition shows).
     */
    public static function implied(?string $jsonType, ?string $format): ?string
    {
        return match ([$jsonType, $format]) {
            ['string', null] => 'text',
            ['number', null], ['integer', null] => 'number',
            ['string', 'date'] => 'date',
            ['string', 'month-day'] => 'monthDay',
            ['string', 'date-time'] => 'dateTime',
            default => null,
        };
    }

    /** Whether a property's explicit type/format agree with its x-synergy-type. */
    public static function compatible(string $type, ?string $jsonType, ?string $format): bool
    {
        $expected = self::jsonType($type);
        if ($jsonType !== null && $jsonType !== $expected && !($type === 'number' && $jsonType === 'integer')) {
            return false;
        }
        return $format === null || $format === self::format($type);
    }
}
