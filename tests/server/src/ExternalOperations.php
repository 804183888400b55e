<?php

declare(strict_types=1);

namespace Vtws\TestServer;

/**
 * Custom operations read from a real Vtiger database (MySQL/MariaDB) instead of the
 * server's own tables, so that an operation registered there (e.g. by
 * Vtws\OperationRegistry) can be called through webservice.php. Switched on by
 * `POST /__vtws/operations-source` (dsn, user, password, root) and off by `reset` or an
 * empty dsn. Vtiger's default operations keep running on the emulation; every other name
 * is looked up only in the external tables, and its handler file is included from `root`.
 */
final class ExternalOperations
{
    private const META_KEY = 'operations_source';

    /** The operations a fresh Vtiger 8.0 install registers (lower-cased). */
    private const DEFAULTS = ['login', 'retrieve', 'create', 'update', 'delete', 'sync', 'query', 'logout',
        'listtypes', 'getchallenge', 'describe', 'extendsession', 'convertlead', 'revise', 'changepassword',
        'deleteuser', 'mobile.fetchallalerts', 'mobile.alertdetailswithmessage', 'mobile.fetchmodulefilters',
        'mobile.fetchrecord', 'mobile.fetchrecordwithgrouping', 'mobile.filterdetailswithcount',
        'mobile.listmodulerecords', 'mobile.saverecord', 'mobile.syncmodulerecords', 'mobile.query',
        'mobile.querywithgrouping', 'wsapp_register', 'wsapp_deregister', 'wsapp_get', 'wsapp_put', 'wsapp_map',
        'retrieve_inventory', 'relatedtypes', 'retrieve_related', 'query_related', 'add_related', 'files_retrieve'];

    /** Directories checkFileAccessForInclusion() refuses below the root. */
    private const UNSAFE_DIRECTORIES = ['storage', 'cache', 'test'];

    private ?\PDO $connection = null;

    private function __construct(
        private readonly string $dsn,
        private readonly string $user,
        private readonly string $password,
        public readonly string $root,
    ) {
    }

    /** Stores (or with an empty dsn clears) the source; checks that it answers first. */
    public static function configure(\PDO $db, array $params): array
    {
        $dsn = (string) ($params['dsn'] ?? '');
        if ($dsn === '') {
            $db->prepare('DELETE FROM server_meta WHERE name = ?')->execute([self::META_KEY]);
            return ['source' => null];
        }
        $root = realpath((string) ($params['root'] ?? ''));
        if ($root === false || !is_dir($root)) {
            throw new \InvalidArgumentException('root must name an existing directory');
        }
        if (!str_starts_with($dsn, 'mysql:')) {
            throw new \InvalidArgumentException('dsn must be a PDO mysql DSN');
        }
        $source = new self($dsn, (string) ($params['user'] ?? ''), (string) ($params['password'] ?? ''), $root);
        try {
            $source->db()->query('SELECT COUNT(*) FROM vtiger_ws_operation')->fetchColumn();
        } catch (\PDOException $e) {
            throw new \InvalidArgumentException('the operations database does not answer: ' . $e->getMessage());
        }
        $value = json_encode(['dsn' => $dsn, 'user' => $source->user, 'password' => $source->password, 'root' => $root]);
        Database::transaction($db, fn () => $db->prepare('INSERT OR REPLACE INTO server_meta (name, value) VALUES (?, ?)')
            ->execute([self::META_KEY, $value]));
        return ['source' => ['dsn' => $dsn, 'root' => $root]];
    }

    public static function fromMeta(\PDO $db): ?self
    {
        $statement = $db->prepare('SELECT value FROM server_meta WHERE name = ?');
        $statement->execute([self::META_KEY]);
        $value = $statement->fetchColumn();
        if (!is_string($value)) {
            return null;
        }
        $config = json_decode($value, true);
        return new self($config['dsn'], $config['user'], $config['password'], $config['root']);
    }

    public function serves(string $name): bool
    {
        return !in_array(strtolower($name), self::DEFAULTS, true);
    }

    /** Like OperationManager: by name (the collation ignores case), the first row wins. */
    public function lookup(string $name): ?array
    {
        $statement = $this->db()->prepare('SELECT * FROM vtiger_ws_operation WHERE name = ? ORDER BY operationid LIMIT 1');
        $statement->execute([$name]);
        $row = $statement->fetch();
        return $row === false ? null : $row;
    }

    /** @return list<array{name: string, type: string}> in Vtiger's order (ties in key order) */
    public function parameters(int $operationId): array
    {
        $statement = $this->db()->prepare(
            'SELECT name, type FROM vtiger_ws_operation_parameters WHERE operationid = ? ORDER BY sequence, name'
        );
        $statement->execute([$operationId]);
        return $statement->fetchAll();
    }

    /** The handler file as checkFileAccessForInclusion() allows it, or null. */
    public function handlerFile(string $handlerPath): ?string
    {
        $file = realpath($this->root . '/' . $handlerPath);
        if ($file === false || !is_file($file) || !str_starts_with($file, $this->root . '/')) {
            return null;
        }
        $first = explode('/', substr($file, strlen($this->root) + 1))[0];
        return in_array($first, self::UNSAFE_DIRECTORIES, true) ? null : $file;
    }

    private function db(): \PDO
    {
        return $this->connection ??= new \PDO($this->dsn, $this->user, $this->password, [
            \PDO::ATTR_ERRMODE => \PDO::ERRMODE_EXCEPTION,
            \PDO::ATTR_DEFAULT_FETCH_MODE => \PDO::FETCH_ASSOC,
        ]);
    }
}
