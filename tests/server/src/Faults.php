<?php

declare(strict_types=1);

namespace Vtws\TestServer;

/**
 * Injected failures for client tests. Armed faults live in the database so that
 * every worker process sees them; each one is consumed by the next matching request.
 */
final class Faults
{
    public const KINDS = ['http500', 'http502_html', 'html', 'warnings', 'truncate', 'drop', 'latency',
        'nonjson', 'empty200', 'code0', 'stall', 'nested'];

    /** Nesting of the `nested` fault: far past any decoder's limit. */
    public const NESTED_DEPTH = 100000;

    public function __construct(private readonly \PDO $db)
    {
    }

    public function arm(string $kind, int $count, ?string $operation, int $ms, int $lines): void
    {
        if (!in_array($kind, self::KINDS, true)) {
            throw new \InvalidArgumentException('unknown fault kind: ' . $kind);
        }
        $this->db->prepare('INSERT INTO faults (kind, remaining, operation, ms, lines) VALUES (?, ?, ?, ?, ?)')
            ->execute([$kind, max(1, $count), $operation === '' ? null : $operation, $ms, max(1, $lines)]);
    }

    public function clear(): void
    {
        $this->db->exec('DELETE FROM faults');
    }

    /** Takes one use of the oldest fault matching $operation, if any. */
    public function take(string $operation): ?array
    {
        $statement = $this->db->prepare('SELECT * FROM faults WHERE remaining > 0
            AND (operation IS NULL OR operation = ? COLLATE NOCASE) ORDER BY id LIMIT 1');
        $statement->execute([$operation]);
        $fault = $statement->fetch();
        if ($fault === false) {
            return null;
        }
        $this->db->prepare('UPDATE faults SET remaining = remaining - 1 WHERE id = ?')->execute([$fault['id']]);
        $this->db->exec('DELETE FROM faults WHERE remaining <= 0');
        return $fault;
    }

    /** An answer that replaces the real one, or null when the fault alters the real answer. */
    public static function replacement(string $kind): ?Answer
    {
        return match ($kind) {
            'http500' => Answer::fatal(),
            'http502_html' => new Answer(502, 'text/html; charset=UTF-8',
                "<html><head><title>502 Bad Gateway</title></head>\n<body><center><h1>502 Bad Gateway</h1></center></body></html>\n"),
            'html' => new Answer(200, 'text/html; charset=UTF-8',
                "<!DOCTYPE html>\n<html><head><title>Error</title></head><body><h1>Database connection failed</h1>"
                . "<p>Please try again later.</p></body></html>\n"),
            'nonjson' => new Answer(200, 'text/plain; charset=UTF-8', 'OK'),
            'empty200' => new Answer(200, 'application/json', ''),
            'code0' => Answer::failure(new DuplicateException()),
            'nested' => new Answer(200, 'application/json', '{"success":true,"result":'
                . str_repeat('[', self::NESTED_DEPTH) . str_repeat(']', self::NESTED_DEPTH) . '}'),
            default => null,
        };
    }

    /** Faults that damage the answer the server really computed. */
    public static function alter(array $fault, Answer $answer): Answer
    {
        $kind = $fault['kind'];
        if ($kind === 'warnings') {
            $warning = "<br />\n<b>Warning</b>:  Undefined array key \"format\" in <b>include/Webservices/Utils.php</b>"
                . " on line <b>142</b><br />\n";
            $prefix = str_repeat($warning, (int) $fault['lines']);
            // Past output_buffering (4096 bytes) the JSON header can no longer be sent.
            $type = strlen($prefix) > 4096 ? 'text/html; charset=UTF-8' : $answer->contentType;
            return new Answer(200, $type, $prefix . $answer->body);
        }
        if ($kind === 'truncate') {
            return new Answer($answer->status, $answer->contentType, substr($answer->body, 0, intdiv(strlen($answer->body), 2)));
        }
        if ($kind === 'stall') {
            // The headers and half the body go out at once; the rest only after `ms`.
            $stalled = new Answer($answer->status, $answer->contentType, $answer->body);
            $stalled->stallAfter = intdiv(strlen($answer->body), 2);
            $stalled->stallMs = (int) $fault['ms'];
            return $stalled;
        }
        if ($kind === 'drop') {
            // Promise more bytes than are sent, then close: the client sees a cut connection.
            return new Answer($answer->status, $answer->contentType, substr($answer->body, 0, 10), strlen($answer->body) + 1000);
        }
        return $answer;
    }
}
