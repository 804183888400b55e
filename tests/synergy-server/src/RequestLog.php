<?php

declare(strict_types=1);

namespace Vtws\SynergyServer;

/** Every request to the token endpoint and the API, for /__synergy/stats. */
final class RequestLog
{
    private const SHOWN = 200;

    public function __construct(private readonly Store $store)
    {
    }

    public function record(Request $request, string $operation, int $status, string $auth, ?string $clientId, ?int $fault,
        int $atMicros): void
    {
        $this->store->exec('INSERT INTO request_log (at_us, method, path, query, operation, status, auth, client_id,
            content_type, accept, body_bytes, fault) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
            $atMicros, $request->method, $request->path, $request->queryString, $operation, $status, $auth, $clientId,
            $request->header('content-type'), $request->header('accept'), strlen($request->body),
            $fault === null ? null : (string) $fault,
        ]);
    }

    public function stats(): array
    {
        $operations = [];
        foreach ($this->store->rows('SELECT operation, COUNT(*) AS n FROM request_log GROUP BY operation ORDER BY operation') as $row) {
            $operations[$row['operation']] = (int) $row['n'];
        }
        $statuses = [];
        foreach ($this->store->rows('SELECT status, COUNT(*) AS n FROM request_log GROUP BY status ORDER BY status') as $row) {
            $statuses[(string) $row['status']] = (int) $row['n'];
        }
        $log = array_reverse($this->store->rows('SELECT method, path, query, operation, status, auth, client_id AS clientId,
            content_type AS contentType, accept, body_bytes AS bodyBytes, fault, at_us AS atMicros
            FROM request_log ORDER BY id DESC LIMIT ' . self::SHOWN));
        foreach ($log as &$entry) {
            $entry['status'] = (int) $entry['status'];
            $entry['bodyBytes'] = (int) $entry['bodyBytes'];
            $entry['atMicros'] = (int) $entry['atMicros'];
            $entry['fault'] = $entry['fault'] === null ? null : (int) $entry['fault'];
        }
        return [
            'total' => (int) $this->store->row('SELECT COUNT(*) AS n FROM request_log')['n'],
            'tokensIssued' => (int) $this->store->meta('tokens_issued', '0'),
            'operations' => (object) $operations,
            'statuses' => (object) $statuses,
            'log' => $log,
        ];
    }

    public function reset(): void
    {
        $this->store->exec('DELETE FROM request_log');
        $this->store->setMeta('tokens_issued', '0');
    }
}
