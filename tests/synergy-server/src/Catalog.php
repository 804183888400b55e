<?php

declare(strict_types=1);

namespace Vtws\SynergyServer;

/** Databases and their columns (what DatabaseDefinition shows). */
final class Catalog
{
    /** System columns every database of a kind has; they cannot be created through the API. */
    public const SYSTEM_COLUMNS = [
        'customerDb' => [
            ['_synergyId', 'Synergy!ID', 'synergyId'],
            ['_mailAddress', 'PCメールアドレス', 'mailAddress'],
            ['_mobileMailAddress', '携帯メールアドレス', 'mobileMailAddress'],
            ['_registeredDate', 'システム登録日時', 'registeredDate'],
            ['_updatedDate', '更新日時', 'updatedDate'],
            ['_mailRefusalFlag', 'メール受信拒否フラグ', 'mailRefusalFlag'],
            ['_mailAddressErrorCount', 'PCメールエラーカウント', 'mailAddressErrorCount'],
            ['_mobileMailAddressErrorCount', '携帯メールエラーカウント', 'mobileMailAddressErrorCount'],
            ['_mlRefusalFlags', 'メルマガ解除フラグリスト', 'mlRefusalFlags'],
        ],
        'historyDb' => [
            ['_historyId', 'HistoryID', 'historyId'],
            ['_synergyId', 'Synergy!ID', 'synergyId'],
            ['_registeredDate', 'システム登録日時', 'registeredDate'],
            ['_updatedDate', '更新日時', 'updatedDate'],
        ],
    ];

    public function __construct(private readonly Store $store, private readonly Clock $clock)
    {
    }

    public function database(string $account, string $name): ?array
    {
        return $this->store->row('SELECT * FROM databases WHERE account = ? AND name = ?', [$account, $name]);
    }

    /** @return list<array<string, mixed>> */
    public function databases(string $account): array
    {
        return $this->store->rows('SELECT * FROM databases WHERE account = ? ORDER BY position', [$account]);
    }

    /** @return list<array<string, mixed>> */
    public function columns(string $account, string $db): array
    {
        return $this->store->rows('SELECT * FROM columns WHERE account = ? AND db = ? ORDER BY position', [$account, $db]);
    }

    public function column(string $account, string $db, string $name): ?array
    {
        return $this->store->row('SELECT * FROM columns WHERE account = ? AND db = ? AND name = ?', [$account, $db, $name]);
    }

    /** The system column holding a non-creatable type, e.g. _mailAddress for mailAddress. */
    public function systemColumn(string $account, string $db, string $type): ?array
    {
        return $this->store->row('SELECT * FROM columns WHERE account = ? AND db = ? AND type = ? AND name LIKE \'\_%\' ESCAPE \'\\\'
            ORDER BY position LIMIT 1', [$account, $db, $type]);
    }

    public function createDatabase(string $account, string $name, string $type, string $label): void
    {
        $position = (int) ($this->store->row('SELECT COALESCE(MAX(position), 0) + 1 AS p FROM databases WHERE account = ?',
            [$account])['p'] ?? 1);
        $this->store->exec('INSERT INTO databases (account, name, label, type, created, uid, version, next_id, position)
            VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)', [$account, $name, $label, $type, $this->clock->isoUtc(),
            self::uid(), $this->store->nextVersion(), $position]);
        foreach (self::SYSTEM_COLUMNS[$type] as [$column, $columnLabel, $columnType]) {
            $this->createColumn($account, $name, $column, $columnLabel, $columnType, null);
        }
    }

    /** @param list<array{value:int,label:string,hasExtraText:bool}>|null $selects */
    public function createColumn(string $account, string $db, string $name, string $label, string $type, ?array $selects): void
    {
        $position = (int) ($this->store->row('SELECT COALESCE(MAX(position), 0) + 1 AS p FROM columns WHERE account = ? AND db = ?',
            [$account, $db])['p'] ?? 1);
        $this->store->exec('INSERT INTO columns (account, db, name, label, type, selects, position) VALUES (?, ?, ?, ?, ?, ?, ?)',
            [$account, $db, $name, $label, $type, Types::isSelect($type) ? json_encode($selects ?? []) : null, $position]);
        $this->touch($account, $db);
    }

    /**
     * Replaces a select column's choices. Choices missing from the new list are deleted,
     * and so are the stored selections of them (the vendor's warning in putApiDefinition).
     *
     * @param list<array{value:int,label:string,hasExtraText:bool}> $selects
     */
    public function replaceSelects(string $account, string $db, string $column, array $selects): void
    {
        $this->store->exec('UPDATE columns SET selects = ? WHERE account = ? AND db = ? AND name = ?',
            [json_encode($selects), $account, $db, $column]);
        $kept = array_column($selects, 'value');
        foreach ($this->store->rows('SELECT id, data FROM records WHERE account = ? AND db = ?', [$account, $db]) as $row) {
            $data = json_decode($row['data'], true);
            $value = $data[$column] ?? null;
            if ($value === null) {
                continue;
            }
            $changed = $value;
            if (isset($value['value'])) {
                $changed = in_array($value['value'], $kept, true) ? $value : null;
            } else {
                $changed = array_values(array_filter($value, static fn (array $item): bool => in_array($item['value'], $kept, true)));
                $changed = $changed === [] ? null : $changed;
            }
            if ($changed !== $value) {
                $data[$column] = $changed;
                $this->store->exec('UPDATE records SET data = ? WHERE account = ? AND db = ? AND id = ?',
                    [json_encode($data), $account, $db, $row['id']]);
            }
        }
        $this->touch($account, $db);
    }

    public function setUniqueKey(string $account, string $db, string $column, bool $unique): void
    {
        $this->store->exec('UPDATE columns SET unique_key = ? WHERE account = ? AND db = ? AND name = ?',
            [$unique ? 1 : 0, $account, $db, $column]);
    }

    public function nextId(string $account, string $db): int
    {
        $id = (int) $this->database($account, $db)['next_id'];
        $this->store->exec('UPDATE databases SET next_id = next_id + 1 WHERE account = ? AND name = ?', [$account, $db]);
        return $id;
    }

    /** The DatabaseDefinition object of one database. */
    public function document(array $database): array
    {
        $columns = [];
        foreach ($this->columns($database['account'], $database['name']) as $column) {
            $columns[] = [
                'name' => $column['name'],
                'label' => $column['label'],
                'type' => $column['type'],
                'synergySelectValueDefinitions' => $column['selects'] === null ? null : json_decode($column['selects'], true),
            ];
        }
        return [
            'metadata' => [
                'apiVersion' => 'database/v1',
                'kind' => 'DatabaseDefinition',
                'accountCode' => $database['account'],
                'name' => $database['name'],
                'creationTimestamp' => $database['created'],
                'uid' => $database['uid'],
                'resourceVersion' => $database['version'],
            ],
            'spec' => ['label' => $database['label'], 'type' => $database['type'], 'columns' => $columns],
        ];
    }

    public static function uid(): string
    {
        $hex = bin2hex(random_bytes(16));
        return sprintf('%s-%s-%s-%s-%s', substr($hex, 0, 8), substr($hex, 8, 4), substr($hex, 12, 4),
            substr($hex, 16, 4), substr($hex, 20, 12));
    }

    private function touch(string $account, string $db): void
    {
        $this->store->exec('UPDATE databases SET version = ? WHERE account = ? AND name = ?',
            [$this->store->nextVersion(), $account, $db]);
    }
}
