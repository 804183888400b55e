<?php

declare(strict_types=1);

namespace Vtws\TestServer\InProcess;

use Vtws\TestServer\Context;
use Vtws\TestServer\Database;
use Vtws\TestServer\Metadata;
use Vtws\TestServer\RequestLog;
use Vtws\TestServer\Clock;
use Vtws\TestServer\WebRequest;

/**
 * The test server's database behind the PearDatabase-shaped global $adb that in-process
 * dispatch uses: transactions (real ones, rolled back when failed, as the HTTP front runs
 * every request in one), pquery/num_rows/query_result_rowdata, and the request log.
 */
final class Adb
{
    /** ADOdb's connection object, as PearDatabase exposes it. */
    public readonly Connection $database;
    private int $depth = 0;
    /** @var list<WebRequest> requests to log once their transaction has ended */
    private array $pendingLog = [];

    public function __construct(public readonly \PDO $pdo, public readonly Metadata $meta, public readonly string $rootDir)
    {
        $this->database = new Connection();
    }

    public static function open(string $path, string $rootDir): self
    {
        return new self(Database::open($path), new Metadata($rootDir . '/data'), $rootDir);
    }

    public function startTransaction(): void
    {
        if ($this->depth++ === 0) {
            $this->pdo->exec('BEGIN IMMEDIATE');
            $this->database->begin();
        }
    }

    public function completeTransaction(): void
    {
        if ($this->depth === 0 || --$this->depth > 0) {
            return;
        }
        $this->pdo->exec($this->database->HasFailedTrans() ? 'ROLLBACK' : 'COMMIT');
        $this->database->end();
        $this->flushLog();
    }

    public function pquery(string $sql, array $params = []): Result
    {
        $statement = $this->pdo->prepare($sql);
        $statement->execute(array_values($params));
        return new Result($statement->fetchAll());
    }

    public function num_rows(Result $result): int
    {
        return count($result->rows);
    }

    public function query_result_rowdata(Result $result, int $row = 0): array
    {
        return $result->rows[$row] ?? [];
    }

    /** Everything the server's handlers need for one operation. */
    public function context(): Context
    {
        // $_FILES as Client::uploadDocument() fills it for the operation, as PHP would for a multipart request.
        return new Context($this->pdo, $this->meta, new WebRequest('POST', '/webservice.php', [], [], $_FILES, [], ''), $this->rootDir);
    }

    /** Logged like the HTTP front logs it, but never rolled back with a failed operation. */
    public function logRequest(WebRequest $request): void
    {
        $this->pendingLog[] = $request;
        if ($this->depth === 0) {
            $this->flushLog();
        }
    }

    private function flushLog(): void
    {
        if ($this->pendingLog === []) {
            return;
        }
        $requests = $this->pendingLog;
        $this->pendingLog = [];
        $log = new RequestLog($this->pdo, new Clock($this->pdo));
        Database::transaction($this->pdo, static function () use ($log, $requests): void {
            foreach ($requests as $request) {
                $log->record($request);
            }
        });
    }
}
