<?php

declare(strict_types=1);

namespace Vtws\TestServer;

/** Persistence of module records (generic table, the record's fields as JSON) and of users. */
final class RecordStore
{
    public function __construct(private readonly \PDO $db)
    {
    }

    public function allocateId(): int
    {
        $this->db->exec('UPDATE vtiger_crmentity_seq SET id = id + 1');
        return (int) $this->db->query('SELECT id FROM vtiger_crmentity_seq')->fetchColumn();
    }

    public function insert(int $crmid, string $module, int $owner, array $data, int $mtime): void
    {
        $this->db->prepare('INSERT INTO records (crmid, module, owner, data, mtime) VALUES (?, ?, ?, ?, ?)')
            ->execute([$crmid, $module, $owner, self::encode($data), $mtime]);
    }

    public function save(int $crmid, int $owner, array $data, int $mtime): void
    {
        $this->db->prepare('UPDATE records SET owner = ?, data = ?, mtime = ? WHERE crmid = ?')
            ->execute([$owner, self::encode($data), $mtime, $crmid]);
    }

    public function markDeleted(int $crmid, int $mtime): void
    {
        $this->db->prepare('UPDATE records SET deleted = 1, mtime = ? WHERE crmid = ?')->execute([$mtime, $crmid]);
    }

    public function markConverted(int $crmid, int $mtime): void
    {
        $this->db->prepare('UPDATE records SET converted = 1, mtime = ? WHERE crmid = ?')->execute([$mtime, $crmid]);
    }

    /** @return array{crmid:int, module:string, owner:int, data:array, mtime:int, deleted:int, converted:int}|null */
    public function find(int $crmid): ?array
    {
        $statement = $this->db->prepare('SELECT * FROM records WHERE crmid = ?');
        $statement->execute([$crmid]);
        $row = $statement->fetch();
        return $row === false ? null : self::hydrate($row);
    }

    /** @return list<array> live records of a module in id order */
    public function live(string $module): array
    {
        $statement = $this->db->prepare(
            'SELECT * FROM records WHERE module = ? AND deleted = 0 AND converted = 0 ORDER BY crmid'
        );
        $statement->execute([$module]);
        return array_map(self::hydrate(...), $statement->fetchAll());
    }

    /** @return list<array> live records of a module in id order, $count of them from $offset */
    public function livePage(string $module, int $offset, int $count): array
    {
        $statement = $this->db->prepare('SELECT * FROM records WHERE module = ? AND deleted = 0 AND converted = 0
            ORDER BY crmid LIMIT ? OFFSET ?');
        $statement->execute([$module, $count, $offset]);
        return array_map(self::hydrate(...), $statement->fetchAll());
    }

    /** @return list<array> */
    public function byIds(array $crmids): array
    {
        if ($crmids === []) {
            return [];
        }
        $marks = implode(',', array_fill(0, count($crmids), '?'));
        $statement = $this->db->prepare("SELECT * FROM records WHERE crmid IN ($marks) ORDER BY crmid");
        $statement->execute(array_values($crmids));
        return array_map(self::hydrate(...), $statement->fetchAll());
    }

    /** Records of one owner changed after $since, oldest first, at most $limit rows. */
    public function changedSince(string $module, int $owner, int $since, ?int $until, int $limit): array
    {
        $sql = 'SELECT * FROM records WHERE module = ? AND owner = ? AND mtime > ?'
            . ($until === null ? '' : ' AND mtime <= ' . $until) . ' ORDER BY mtime, crmid LIMIT ' . $limit;
        $statement = $this->db->prepare($sql);
        $statement->execute([$module, $owner, $since]);
        return array_map(self::hydrate(...), $statement->fetchAll());
    }

    public function hasChangesAfter(string $module, int $owner, int $after): bool
    {
        $statement = $this->db->prepare('SELECT 1 FROM records WHERE module = ? AND owner = ? AND mtime > ? LIMIT 1');
        $statement->execute([$module, $owner, $after]);
        return $statement->fetchColumn() !== false;
    }

    public function user(int $id): ?array
    {
        $statement = $this->db->prepare('SELECT * FROM vtiger_users WHERE id = ? AND deleted = 0');
        $statement->execute([$id]);
        $row = $statement->fetch();
        return $row === false ? null : self::hydrateUser($row);
    }

    public function userByName(string $name): ?array
    {
        $statement = $this->db->prepare('SELECT * FROM vtiger_users WHERE user_name = ? AND deleted = 0');
        $statement->execute([$name]);
        $row = $statement->fetch();
        return $row === false ? null : self::hydrateUser($row);
    }

    /** @return list<array> users shaped like records (crmid, module, data) */
    public function usersAsRecords(): array
    {
        $rows = $this->db->query('SELECT * FROM vtiger_users WHERE deleted = 0 ORDER BY id')->fetchAll();
        return array_map(
            static fn (array $row): array => ['crmid' => (int) $row['id'], 'module' => 'Users', 'owner' => (int) $row['id'],
                'data' => json_decode($row['data'], true), 'mtime' => 0, 'deleted' => 0, 'converted' => 0],
            $rows
        );
    }

    public function nextAutonumber(string $module): int
    {
        $this->db->prepare('INSERT OR IGNORE INTO autonumbers (module, next) VALUES (?, 1)')->execute([$module]);
        $statement = $this->db->prepare('SELECT next FROM autonumbers WHERE module = ?');
        $statement->execute([$module]);
        $number = (int) $statement->fetchColumn();
        $this->db->prepare('UPDATE autonumbers SET next = next + 1 WHERE module = ?')->execute([$module]);
        return $number;
    }

    private static function encode(array $data): string
    {
        return json_encode($data, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR);
    }

    private static function hydrate(array $row): array
    {
        return [
            'crmid' => (int) $row['crmid'], 'module' => $row['module'], 'owner' => (int) $row['owner'],
            'data' => json_decode($row['data'], true), 'mtime' => (int) $row['mtime'],
            'deleted' => (int) $row['deleted'], 'converted' => (int) $row['converted'],
        ];
    }

    private static function hydrateUser(array $row): array
    {
        $row['id'] = (int) $row['id'];
        $row['data'] = json_decode($row['data'], true);
        return $row;
    }
}
