<?php

declare(strict_types=1);

namespace Vtws\SynergyServer;

/** The Record API of one definition: create, get, patch, delete, query, count, authenticate. */
final class Records
{
    private const QUERY_KEYS = ['filter', 'order', 'limit', 'offset'];

    public function __construct(
        private readonly Store $store,
        private readonly Catalog $catalog,
        private readonly Clock $clock,
        private readonly string $account,
    ) {
    }

    public function create(Definition $definition, mixed $body): array
    {
        $body = self::object($body);
        $this->rejectUnknownKeys($definition, array_keys($body));
        $data = [];
        foreach ($definition->properties as $key => $property) {
            if (!$this->writable($definition, $property)) {
                continue;
            }
            if (array_key_exists($key, $body)) {
                $data[$property['column']] = Values::input($property, $body[$key]);
            } elseif ($property['nullable']) {
                $data[$property['column']] = null;
            } elseif ($property['type'] === 'mailRefusalFlag') {
                $data[$property['column']] = false;
            } else {
                throw ApiError::badRequest("property $key is required");
            }
        }
        $id = $this->catalog->nextId($this->account, $definition->database);
        $data[$definition->idColumn()] = $id;
        $now = $this->clock->isoJapan();
        foreach ($this->catalog->columns($this->account, $definition->database) as $column) {
            $data[$column['name']] = match ($column['type']) {
                'registeredDate', 'updatedDate' => $now,
                'mailAddressErrorCount', 'mobileMailAddressErrorCount' => 0,
                'mailRefusalFlag' => $data[$column['name']] ?? false,
                default => $data[$column['name']] ?? null,
            };
        }
        $this->checkUpdateKeys($definition, $data, null);
        $this->store->exec('INSERT INTO records (account, db, id, data) VALUES (?, ?, ?, ?)',
            [$this->account, $definition->database, $id, self::encode($data)]);
        return $this->render($definition, $data);
    }

    public function get(Definition $definition, string $id): array
    {
        return $this->render($definition, $this->load($definition, $id));
    }

    public function patch(Definition $definition, string $id, mixed $body, ?string $fields): array
    {
        $data = $this->load($definition, $id);
        $body = self::object($body);
        $this->rejectUnknownKeys($definition, array_keys($body));
        $keys = array_keys($body);
        if ($fields !== null) {
            $keys = array_map('trim', explode(',', $fields));
            $this->rejectUnknownKeys($definition, $keys, 'fields');
        }
        foreach ($keys as $key) {
            $property = $definition->properties[$key];
            if ($this->writable($definition, $property)) {
                $data[$property['column']] = Values::input($property, $body[$key] ?? null);
            }
        }
        $now = $this->clock->isoJapan();
        foreach ($this->catalog->columns($this->account, $definition->database) as $column) {
            if ($column['type'] === 'updatedDate') {
                $data[$column['name']] = $now;
            }
        }
        $this->checkUpdateKeys($definition, $data, (int) $id);
        $this->store->exec('UPDATE records SET data = ? WHERE account = ? AND db = ? AND id = ?',
            [self::encode($data), $this->account, $definition->database, (int) $id]);
        return $this->render($definition, $data);
    }

    public function delete(Definition $definition, string $id): void
    {
        $this->load($definition, $id);
        $this->store->exec('DELETE FROM records WHERE account = ? AND db = ? AND id = ?',
            [$this->account, $definition->database, (int) $id]);
    }

    public function query(Definition $definition, mixed $body): array
    {
        $body = self::object($body);
        foreach (array_keys($body) as $key) {
            if (!in_array($key, self::QUERY_KEYS, true)) {
                throw ApiError::badRequest("unknown query request key $key");
            }
        }
        $limit = self::integerIn($body, 'limit', 1, 100, 100);
        $offset = self::integerIn($body, 'offset', 0, PHP_INT_MAX, 0);
        $order = $this->order($definition, $body['order'] ?? null);
        $rows = $this->matching($definition, $body['filter'] ?? null);
        usort($rows, static function (array $a, array $b) use ($order, $definition): int {
            foreach ($order as [$property, $direction]) {
                $x = Values::sortKey($property, Values::comparable($property, $a[$property['column']] ?? null));
                $y = Values::sortKey($property, Values::comparable($property, $b[$property['column']] ?? null));
                // Nulls sort first when ascending and last when descending, as in MySQL.
                $result = $x === null || $y === null ? ($y === null) <=> ($x === null) : Values::compare($x, $y);
                if ($result !== 0) {
                    return $result * $direction;
                }
            }
            return $a[$definition->idColumn()] <=> $b[$definition->idColumn()];
        });
        $page = array_slice($rows, $offset, $limit);
        return [
            'metadata' => ['hasMore' => $offset + count($page) < count($rows)],
            'items' => array_map(fn (array $row): array => $this->render($definition, $row), $page),
        ];
    }

    public function count(Definition $definition, mixed $body): array
    {
        $body = self::object($body);
        foreach (array_keys($body) as $key) {
            if ($key !== 'filter') {
                throw ApiError::badRequest("unknown count request key $key");
            }
        }
        return ['count' => count($this->matching($definition, $body['filter'] ?? null))];
    }

    public function authenticate(Definition $definition, string $id, mixed $body): array
    {
        $body = self::object($body);
        $name = $body['propertyName'] ?? null;
        $value = $body['value'] ?? null;
        if (!is_string($name) || !is_string($value)) {
            throw ApiError::badRequest('propertyName and value are required strings');
        }
        $property = $definition->properties[$name] ?? null;
        if ($property === null || $property['type'] !== 'passwordHash') {
            throw ApiError::badRequest("$name is not a passwordHash property of the definition");
        }
        $hash = $this->load($definition, $id)[$property['column']] ?? null;
        if ($hash === null || $hash === '') {
            return ['result' => 'emptyPassword'];
        }
        return ['result' => password_verify(Values::normaliseText($value), $hash) ? 'authenticated' : 'unauthenticated'];
    }

    /** The record as the API returns it: every property of the definition, in definition order. */
    public function render(Definition $definition, array $data): array
    {
        $record = [];
        foreach ($definition->properties as $key => $property) {
            $record[$key] = Values::output($property, $data[$property['column']] ?? null);
        }
        return $record;
    }

    /** @return list<array> stored rows matching the filter, in id order */
    private function matching(Definition $definition, mixed $filter): array
    {
        $predicate = (new Filter($definition))->compile($filter);
        $rows = [];
        foreach ($this->store->rows('SELECT data FROM records WHERE account = ? AND db = ? ORDER BY id',
            [$this->account, $definition->database]) as $row) {
            $data = json_decode($row['data'], true);
            if ($predicate($data)) {
                $rows[] = $data;
            }
        }
        return $rows;
    }

    /** @return list<array{array, int}> property and direction (1 or -1) of each sort key */
    private function order(Definition $definition, mixed $order): array
    {
        if ($order === null) {
            return [];
        }
        if (!is_array($order) || !array_is_list($order) || count($order) > 2) {
            throw ApiError::badRequest('order must be an array of at most 2 entries');
        }
        $keys = [];
        foreach ($order as $entry) {
            if (!is_string($entry)) {
                throw ApiError::badRequest('order entries must be strings');
            }
            $direction = 1;
            $name = $entry;
            if (preg_match('/^(.+)_(asc|desc)$/', $entry, $m) === 1 && isset($definition->properties[$m[1]])) {
                [$name, $direction] = [$m[1], $m[2] === 'asc' ? 1 : -1];
            }
            $property = $definition->properties[$name] ?? null;
            if ($property === null || !Types::orderable($property['type'])) {
                throw ApiError::badRequest("cannot order by $entry");
            }
            $keys[] = [$property, $direction];
        }
        return $keys;
    }

    private function load(Definition $definition, string $id): array
    {
        if (preg_match('/^[1-9][0-9]{0,17}$/', $id) !== 1) {
            throw ApiError::badRequest('record id must be a positive integer');
        }
        $row = $this->store->row('SELECT data FROM records WHERE account = ? AND db = ? AND id = ?',
            [$this->account, $definition->database, (int) $id]);
        if ($row === null) {
            throw ApiError::notFound('target record does not exist');
        }
        return json_decode($row['data'], true);
    }

    /** Values the service assigns itself (ids, system dates, error counts) are ignored on input. */
    private function writable(Definition $definition, array $property): bool
    {
        if (in_array($property['type'], Types::READ_ONLY, true)) {
            return false;
        }
        return !($property['type'] === 'synergyId' && $definition->databaseType === 'customerDb');
    }

    /** @param list<int|string> $keys */
    private function rejectUnknownKeys(Definition $definition, array $keys, string $what = 'property'): void
    {
        foreach ($keys as $key) {
            if (!isset($definition->properties[(string) $key])) {
                throw ApiError::badRequest("unknown $what " . $key);
            }
        }
    }

    /** 409 when a value of an update-key column is already held by another record of the database. */
    private function checkUpdateKeys(Definition $definition, array $data, ?int $self): void
    {
        foreach ($this->catalog->columns($this->account, $definition->database) as $column) {
            $value = $data[$column['name']] ?? null;
            if (!$column['unique_key'] || $value === null) {
                continue;
            }
            foreach ($this->store->rows('SELECT id, data FROM records WHERE account = ? AND db = ?',
                [$this->account, $definition->database]) as $row) {
                if ((int) $row['id'] !== $self && (json_decode($row['data'], true)[$column['name']] ?? null) === $value) {
                    throw new ApiError(409, "update key {$column['name']} conflicts with record {$row['id']}");
                }
            }
        }
    }

    private static function object(mixed $body): array
    {
        if (!is_array($body) || ($body !== [] && array_is_list($body))) {
            throw ApiError::badRequest('request body must be a JSON object');
        }
        return $body;
    }

    private static function integerIn(array $body, string $key, int $min, int $max, int $default): int
    {
        if (!array_key_exists($key, $body) || $body[$key] === null) {
            return $default;
        }
        $value = $body[$key];
        if (!is_int($value) || $value < $min || $value > $max) {
            throw ApiError::badRequest("$key must be an integer between $min and " . ($max === PHP_INT_MAX ? 'any' : $max));
        }
        return $value;
    }

    private static function encode(array $data): string
    {
        return json_encode($data, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_PRESERVE_ZERO_FRACTION
            | JSON_THROW_ON_ERROR);
    }
}
