<?php

declare(strict_types=1);

namespace Vtws\AcmeServer;

/**
 * The four calls of the Acme Directory API (sync-connector.md 13.1) under /v2:
 * POST /{module}/search, /{module}/bulk/insert, /{module}/bulk/modify, /{module}/bulk/remove.
 */
final class Api
{
    public const MAX_LIMIT = 100;
    public const MAX_ITEMS = 100;
    private const OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in'];

    public function __construct(private readonly Directory $directory)
    {
    }

    /** The call a path names, or null: [call, module]. */
    public static function route(string $path): ?array
    {
        if (preg_match('#^/v2/([a-z]+)/(search|bulk/insert|bulk/modify|bulk/remove)$#', $path, $m) !== 1
            || !isset(Directory::MODULES[$m[1]])) {
            return null;
        }
        return [str_replace('bulk/', '', $m[2]), $m[1]];
    }

    public function run(string $call, string $module, array $body): Response
    {
        return match ($call) {
            'search' => $this->search($module, $body),
            'insert' => $this->insert($module, $body),
            'modify' => $this->modify($module, $body),
            default => $this->remove($module, $body),
        };
    }

    private function search(string $module, array $body): Response
    {
        self::onlyKeys($body, ['where', 'order', 'limit', 'expand'], 'the search body');
        $where = self::listOf($body['where'] ?? [], 'where');
        $order = self::listOf($body['order'] ?? [], 'order');
        $expand = self::listOf($body['expand'] ?? [], 'expand');
        $limit = $body['limit'] ?? self::MAX_LIMIT;
        if (!is_int($limit) || $limit < 1 || $limit > self::MAX_LIMIT) {
            throw new Problem(400, 'limit must be an integer from 1 to ' . self::MAX_LIMIT);
        }
        foreach ($expand as $name) {
            if ($module !== 'people' || $name !== 'company') {
                throw new Problem(400, "cannot expand " . json_encode($name) . " on $module");
            }
        }
        $conditions = array_map(self::condition(...), $where);
        $sorts = array_map(self::sort(...), $order);
        $records = array_values(array_filter($this->directory->all($module),
            static fn (array $record): bool => self::matchesAll($record, $conditions)));
        usort($records, static fn (array $a, array $b): int => self::compareBy($a, $b, $sorts));
        $items = [];
        foreach (array_slice($records, 0, $limit) as $record) {
            $item = Directory::show($record);
            if ($expand !== []) {
                $company = $record['fields']['company_id'] ?? null;
                $found = is_string($company) ? $this->directory->find('companies', $company) : null;
                $item['company'] = $found === null ? null : Directory::show($found);
            }
            $items[] = $item;
        }
        return Response::json(200, ['items' => $items, 'problem' => null]);
    }

    private function insert(string $module, array $body): Response
    {
        $items = $this->items($body);
        $created = [];
        foreach ($items as $i => $item) {
            self::onlyKeys($item, ['fields'], "items[$i]");
            $fields = $this->fields($module, $item, $i);
            $record = $this->directory->insert($module, $fields);
            $created[] = ['id' => $record['id'], 'modified_at' => Clock::iso($record['modified_at'])];
        }
        return Response::json(201, ['items' => $created]);
    }

    private function modify(string $module, array $body): Response
    {
        $items = $this->items($body);
        $changed = [];
        foreach ($items as $i => $item) {
            self::onlyKeys($item, ['id', 'fields'], "items[$i]");
            $record = $this->directory->modify($module, self::id($item, $i), $this->fields($module, $item, $i));
            $changed[] = ['id' => $record['id'], 'modified_at' => Clock::iso($record['modified_at'])];
        }
        return Response::json(200, ['items' => $changed]);
    }

    private function remove(string $module, array $body): Response
    {
        foreach ($this->items($body) as $i => $item) {
            self::onlyKeys($item, ['id'], "items[$i]");
            $this->directory->remove($module, self::id($item, $i));
        }
        return Response::noContent();
    }

    /** @return list<array> */
    private function items(array $body): array
    {
        self::onlyKeys($body, ['items'], 'the bulk body');
        $items = $body['items'] ?? null;
        if (!is_array($items) || !array_is_list($items) || $items === []) {
            throw new Problem(400, 'items must be a non-empty array');
        }
        if (count($items) > self::MAX_ITEMS) {
            throw new Problem(413, 'at most ' . self::MAX_ITEMS . ' items per call');
        }
        foreach ($items as $i => $item) {
            if (!is_array($item) || ($item !== [] && array_is_list($item))) {
                throw new Problem(400, "items[$i] must be an object");
            }
        }
        return $items;
    }

    private function fields(string $module, array $item, int $i): array
    {
        $fields = $item['fields'] ?? null;
        if (!is_array($fields) || ($fields !== [] && array_is_list($fields))) {
            throw new Problem(400, "items[$i].fields must be an object");
        }
        $company = $fields['company_id'] ?? null;
        if ($module === 'people' && $company !== null) {
            if (!is_string($company) || $this->directory->find('companies', $company) === null) {
                throw new Problem(422, "items[$i].fields.company_id names no company: " . json_encode($company));
            }
        }
        return $fields;
    }

    private static function id(array $item, int $i): string
    {
        if (!isset($item['id']) || !is_string($item['id']) || $item['id'] === '') {
            throw new Problem(400, "items[$i].id must be a non-empty string");
        }
        return $item['id'];
    }

    private static function onlyKeys(array $object, array $allowed, string $what): void
    {
        $unknown = array_diff(array_map('strval', array_keys($object)), $allowed);
        if ($unknown !== []) {
            throw new Problem(400, "$what has unknown keys: " . implode(', ', $unknown));
        }
    }

    private static function listOf(mixed $value, string $name): array
    {
        if (!is_array($value) || !array_is_list($value)) {
            throw new Problem(400, "$name must be an array");
        }
        return $value;
    }

    /** @return array{field: string, op: string, value: mixed} */
    private static function condition(mixed $condition): array
    {
        if (!is_array($condition)) {
            throw new Problem(400, 'each where condition must be an object');
        }
        self::onlyKeys($condition, ['field', 'op', 'value'], 'a where condition');
        $field = $condition['field'] ?? null;
        $op = $condition['op'] ?? null;
        if (!is_string($field) || !self::knownField($field)) {
            throw new Problem(400, 'where: unknown field ' . json_encode($field));
        }
        if (!in_array($op, self::OPS, true)) {
            throw new Problem(400, 'where: op must be one of ' . implode(', ', self::OPS));
        }
        if (!array_key_exists('value', $condition)) {
            throw new Problem(400, 'where: value is missing');
        }
        $value = $condition['value'];
        if ($op === 'in' && (!is_array($value) || !array_is_list($value))) {
            throw new Problem(400, 'where: in needs an array value');
        }
        if ($field === 'modified_at') {
            $value = $op === 'in' ? array_map(self::millis(...), $value) : self::millis($value);
        }
        return ['field' => $field, 'op' => $op, 'value' => $value];
    }

    /** modified_at operands: epoch milliseconds, or ISO 8601 text. */
    private static function millis(mixed $value): int
    {
        if (is_int($value)) {
            return $value;
        }
        $seconds = Clock::parse($value);
        if ($seconds === null) {
            throw new Problem(400, 'where: modified_at compares with epoch milliseconds or ISO 8601 text');
        }
        return $seconds * 1000;
    }

    /** @return array{field: string, desc: bool} */
    private static function sort(mixed $entry): array
    {
        if (!is_array($entry)) {
            throw new Problem(400, 'each order entry must be an object');
        }
        self::onlyKeys($entry, ['field', 'dir'], 'an order entry');
        $field = $entry['field'] ?? null;
        $dir = $entry['dir'] ?? 'asc';
        if (!is_string($field) || !self::knownField($field)) {
            throw new Problem(400, 'order: unknown field ' . json_encode($field));
        }
        if ($dir !== 'asc' && $dir !== 'desc') {
            throw new Problem(400, 'order: dir must be asc or desc');
        }
        return ['field' => $field, 'desc' => $dir === 'desc'];
    }

    private static function knownField(string $field): bool
    {
        return in_array($field, ['id', 'modified_at', 'removed'], true)
            || preg_match('/^fields(\.[A-Za-z0-9_]+)+$/', $field) === 1;
    }

    private static function value(array $record, string $field): mixed
    {
        if ($field === 'modified_at') {
            return $record['modified_at'] * 1000;
        }
        if ($field === 'id' || $field === 'removed') {
            return $record[$field];
        }
        $value = $record;
        foreach (explode('.', $field) as $segment) {
            if (!is_array($value) || !array_key_exists($segment, $value)) {
                return null;
            }
            $value = $value[$segment];
        }
        return $value;
    }

    private static function matchesAll(array $record, array $conditions): bool
    {
        foreach ($conditions as $condition) {
            $value = self::value($record, $condition['field']);
            $operand = $condition['value'];
            $matches = match ($condition['op']) {
                'eq' => $value === $operand,
                'ne' => $value !== $operand,
                'in' => in_array($value, $operand, true),
                // Comparisons need two values of one kind; null never compares.
                default => $value !== null && $operand !== null && gettype($value) === gettype($operand)
                    && match ($condition['op']) {
                        'gt' => $value > $operand,
                        'gte' => $value >= $operand,
                        'lt' => $value < $operand,
                        default => $value <= $operand,
                    },
            };
            if (!$matches) {
                return false;
            }
        }
        return true;
    }

    /** The requested order; ties, and no order at all, by creation. */
    private static function compareBy(array $a, array $b, array $sorts): int
    {
        foreach ($sorts as $sort) {
            $result = self::value($a, $sort['field']) <=> self::value($b, $sort['field']);
            if ($result !== 0) {
                return $sort['desc'] ? -$result : $result;
            }
        }
        return $a['seq'] <=> $b['seq'];
    }
}
