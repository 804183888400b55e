<?php

declare(strict_types=1);

namespace Vtws\AcmeServer;

/** Every API request in arrival order, for comparing a client's trace with an expected one. */
final class RequestLog
{
    public function __construct(private readonly Store $store)
    {
    }

    public function record(Request $request, Response $response, string $call, ?string $fault): void
    {
        $this->store->exec('INSERT INTO request_log (method, path, query, headers, body, status, call, fault)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
            $request->method, $request->path, $request->queryString,
            json_encode((object) $request->headers, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE),
            $request->body, $response->status, $call, $fault,
        ]);
    }

    /** @return list<array{method: string, path: string, query: string, headers: array, body: string, status: int, call: string, fault: ?string}> */
    public function entries(): array
    {
        return array_map(static fn (array $row): array => [
            'method' => $row['method'], 'path' => $row['path'], 'query' => $row['query'],
            'headers' => (object) json_decode((string) $row['headers'], true),
            // Bodies are shown as sent; bytes that are not UTF-8 would not survive JSON.
            'body' => mb_check_encoding((string) $row['body'], 'UTF-8') ? $row['body'] : base64_encode((string) $row['body']),
            'status' => (int) $row['status'], 'call' => $row['call'], 'fault' => $row['fault'],
        ], $this->store->rows('SELECT * FROM request_log ORDER BY id'));
    }

    public function stats(): array
    {
        $calls = [];
        foreach ($this->store->rows('SELECT call, COUNT(*) AS n FROM request_log GROUP BY call ORDER BY call') as $row) {
            $calls[$row['call']] = (int) $row['n'];
        }
        $statuses = [];
        foreach ($this->store->rows('SELECT status, COUNT(*) AS n FROM request_log GROUP BY status ORDER BY status') as $row) {
            $statuses[(string) $row['status']] = (int) $row['n'];
        }
        return [
            'total' => (int) $this->store->row('SELECT COUNT(*) AS n FROM request_log')['n'],
            'calls' => (object) $calls,
            'statuses' => (object) $statuses,
            'faults' => (int) $this->store->row('SELECT COUNT(*) AS n FROM request_log WHERE fault IS NOT NULL')['n'],
        ];
    }

    public function clear(): void
    {
        $this->store->exec('DELETE FROM request_log');
    }
}
