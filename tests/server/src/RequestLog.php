<?php

declare(strict_types=1);

namespace Vtws\TestServer;

/** Counts and logs webservice.php requests so client tests can assert how they were sent. */
final class RequestLog
{
    private const KEEP = 200;

    public function __construct(private readonly \PDO $db, private readonly Clock $clock)
    {
    }

    public function record(WebRequest $request): void
    {
        $operation = (string) ($request->any()['operation'] ?? '');
        $params = [];
        foreach ($request->query as $name => $value) {
            $params[] = ['name' => (string) $name, 'source' => 'query'];
        }
        foreach ($request->body as $name => $value) {
            $params[] = ['name' => (string) $name, 'source' => 'body'];
        }
        foreach ($request->files as $name => $file) {
            $params[] = ['name' => (string) $name, 'source' => 'file'];
        }
        $this->db->prepare('INSERT INTO request_log (at, method, operation, params, content_type) VALUES (?, ?, ?, ?, ?)')
            ->execute([$this->clock->now(), $request->method, $operation, json_encode($params), $request->contentType]);
        $this->db->prepare('DELETE FROM request_log WHERE id <= (SELECT MAX(id) FROM request_log) - ?')->execute([self::KEEP]);
        $this->db->prepare('INSERT INTO op_counts (operation, count) VALUES (?, 1)
            ON CONFLICT (operation) DO UPDATE SET count = count + 1')->execute([$operation]);
    }

    public function stats(): array
    {
        $counts = [];
        foreach ($this->db->query('SELECT operation, count FROM op_counts ORDER BY operation') as $row) {
            $counts[$row['operation']] = (int) $row['count'];
        }
        $log = [];
        foreach ($this->db->query('SELECT * FROM request_log ORDER BY id') as $row) {
            $log[] = ['method' => $row['method'], 'operation' => $row['operation'],
                'params' => json_decode($row['params'], true), 'contentType' => $row['content_type']];
        }
        $last = $log === [] ? null : $log[count($log) - 1];
        return ['total' => array_sum($counts), 'operations' => (object) $counts,
            'lastMethod' => $last['method'] ?? null, 'lastOperation' => $last['operation'] ?? null, 'log' => $log];
    }

    public function reset(): void
    {
        $this->db->exec('DELETE FROM request_log');
        $this->db->exec('DELETE FROM op_counts');
    }
}
