<?php

declare(strict_types=1);

namespace Vtws\AcmeServer;

/**
 * Armed failures, consumed in the order they were armed by the next API requests:
 * 500 and 429 (with Retry-After) answer instead of the call; garbage answers 200 with a
 * body that is not JSON, without running the call; truncated runs the call and cuts its
 * answer in half, as a connection dropped mid-body would.
 */
final class Faults
{
    public const KINDS = ['500', '429', 'garbage', 'truncated'];

    public function __construct(private readonly Store $store)
    {
    }

    public function arm(string $kind, int $count, int $retryAfter): void
    {
        if (!in_array($kind, self::KINDS, true)) {
            throw new Problem(400, 'kind must be one of ' . implode(', ', self::KINDS));
        }
        if ($count < 1 || $retryAfter < 0) {
            throw new Problem(400, 'count must be at least 1 and retryAfter at least 0');
        }
        $this->store->exec('INSERT INTO faults (kind, remaining, retry_after) VALUES (?, ?, ?)', [$kind, $count, $retryAfter]);
    }

    /** Consumes the oldest armed fault: [kind, retryAfter], or null. */
    public function take(): ?array
    {
        $fault = $this->store->row('SELECT id, kind, retry_after FROM faults WHERE remaining > 0 ORDER BY id LIMIT 1');
        if ($fault === null) {
            return null;
        }
        $this->store->exec('UPDATE faults SET remaining = remaining - 1 WHERE id = ?', [$fault['id']]);
        return [(string) $fault['kind'], (int) $fault['retry_after']];
    }

    public function armed(): array
    {
        return array_map(static fn (array $row): array => ['kind' => $row['kind'], 'remaining' => (int) $row['remaining'],
            'retryAfter' => (int) $row['retry_after']],
            $this->store->rows('SELECT kind, remaining, retry_after FROM faults WHERE remaining > 0 ORDER BY id'));
    }

    public function clear(): void
    {
        $this->store->exec('DELETE FROM faults');
    }

    /** The answer of a fault that replaces the call, or null when the call runs (truncated). */
    public static function answer(string $kind, int $retryAfter): ?Response
    {
        return match ($kind) {
            '500' => (new Problem(500, 'internal error (injected fault)'))->toResponse(),
            '429' => (new Problem(429, 'too many requests (injected fault)', ['Retry-After' => (string) $retryAfter]))->toResponse(),
            'garbage' => new Response(200, "<html><body>502 Bad Gateway</body></html>\n\x00\xff",
                ['Content-Type' => 'application/json']),
            default => null,
        };
    }

    public static function truncate(Response $response): Response
    {
        return $response->withBody(substr($response->body, 0, intdiv(strlen($response->body), 2)));
    }
}
