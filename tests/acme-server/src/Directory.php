<?php

declare(strict_types=1);

namespace Vtws\AcmeServer;

/**
 * The records of the two modules, companies (ids co_N) and people (pe_N). A record is
 * {id, modified_at, removed, fields}; removing marks it removed and stamps it, so that a
 * search by modified_at sees the removal.
 */
final class Directory
{
    public const MODULES = ['companies' => 'co_', 'people' => 'pe_'];

    public function __construct(private readonly Store $store, private readonly Clock $clock)
    {
    }

    /** @return list<array{id: string, seq: int, modified_at: int, removed: bool, fields: array}> in creation order */
    public function all(string $module): array
    {
        return array_map(self::fromRow(...), $this->store->rows(
            'SELECT id, seq, modified_at, removed, fields FROM records WHERE module = ? ORDER BY seq', [$module]));
    }

    public function find(string $module, string $id): ?array
    {
        $row = $this->store->row('SELECT id, seq, modified_at, removed, fields FROM records WHERE module = ? AND id = ?',
            [$module, $id]);
        return $row === null ? null : self::fromRow($row);
    }

    /** Stores a new record; the id is the next free one unless given (seeding). */
    public function insert(string $module, array $fields, ?int $modifiedAt = null, bool $removed = false, ?string $id = null): array
    {
        $seq = (int) $this->store->meta("seq_$module", '0') + 1;
        if ($id === null) {
            $next = (int) $this->store->meta("next_$module", '1');
            $id = self::MODULES[$module] . $next;
            $this->store->setMeta("next_$module", (string) ($next + 1));
        } elseif (preg_match('/^' . self::MODULES[$module] . '(\d+)$/', $id, $m) === 1) {
            // Seeded ids move the counter past them, so that inserts never collide.
            $next = max((int) $this->store->meta("next_$module", '1'), (int) $m[1] + 1);
            $this->store->setMeta("next_$module", (string) $next);
        }
        $this->store->setMeta("seq_$module", (string) $seq);
        $modifiedAt ??= $this->clock->now();
        $this->store->exec('INSERT INTO records (module, id, seq, modified_at, removed, fields) VALUES (?, ?, ?, ?, ?, ?)',
            [$module, $id, $seq, $modifiedAt, $removed ? 1 : 0, self::encode($fields)]);
        return ['id' => $id, 'seq' => $seq, 'modified_at' => $modifiedAt, 'removed' => $removed, 'fields' => $fields];
    }

    /** Replaces the given top-level keys of a record's fields and stamps it. */
    public function modify(string $module, string $id, array $fields): array
    {
        $record = $this->live($module, $id);
        $record['fields'] = array_replace($record['fields'], $fields);
        $record['modified_at'] = $this->clock->now();
        $this->store->exec('UPDATE records SET fields = ?, modified_at = ? WHERE module = ? AND id = ?',
            [self::encode($record['fields']), $record['modified_at'], $module, $id]);
        return $record;
    }

    public function remove(string $module, string $id): void
    {
        $this->live($module, $id);
        $this->store->exec('UPDATE records SET removed = 1, modified_at = ? WHERE module = ? AND id = ?',
            [$this->clock->now(), $module, $id]);
    }

    /** A record that exists and is not removed, or a 404. */
    public function live(string $module, string $id): array
    {
        $record = $this->find($module, $id);
        if ($record === null || $record['removed']) {
            throw new Problem(404, "no such record in $module: $id");
        }
        return $record;
    }

    /** The record as the API shows it. */
    public static function show(array $record): array
    {
        return [
            'id' => $record['id'],
            'modified_at' => Clock::iso($record['modified_at']),
            'removed' => $record['removed'],
            'fields' => $record['fields'] === [] ? new \stdClass() : $record['fields'],
        ];
    }

    private static function fromRow(array $row): array
    {
        return [
            'id' => (string) $row['id'],
            'seq' => (int) $row['seq'],
            'modified_at' => (int) $row['modified_at'],
            'removed' => (bool) $row['removed'],
            'fields' => json_decode((string) $row['fields'], true, 64, JSON_THROW_ON_ERROR),
        ];
    }

    private static function encode(array $fields): string
    {
        return json_encode($fields === [] ? new \stdClass() : $fields,
            JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);
    }
}
