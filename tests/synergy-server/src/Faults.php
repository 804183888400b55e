<?php

declare(strict_types=1);

namespace Vtws\SynergyServer;

/**
 * Armed failures: the next `count` requests of a target (api or token), optionally of
 * one operationId only, get the fault instead of their real answer.
 */
final class Faults
{
    public const KINDS = [401, 429, 500, 503];
    public const TARGETS = ['api', 'token'];

    public function __construct(private readonly Store $store)
    {
    }

    public function arm(int $kind, int $count, string $target, ?string $operation): void
    {
        if (!in_array($kind, self::KINDS, true)) {
            throw new \InvalidArgumentException('kind must be one of ' . implode(', ', self::KINDS));
        }
        if (!in_array($target, self::TARGETS, true)) {
            throw new \InvalidArgumentException('target must be api or token');
        }
        if ($count < 1) {
            throw new \InvalidArgumentException('count must be at least 1');
        }
        $this->store->exec('INSERT INTO faults (kind, target, operation, remaining) VALUES (?, ?, ?, ?)',
            [(string) $kind, $target, $operation, $count]);
    }

    /** Consumes one armed fault matching the request, if any. */
    public function take(string $target, string $operation): ?int
    {
        $fault = $this->store->row('SELECT id, kind FROM faults WHERE target = ? AND remaining > 0
            AND (operation IS NULL OR operation = ?) ORDER BY id LIMIT 1', [$target, $operation]);
        if ($fault === null) {
            return null;
        }
        $this->store->exec('UPDATE faults SET remaining = remaining - 1 WHERE id = ?', [$fault['id']]);
        return (int) $fault['kind'];
    }

    public function clear(): void
    {
        $this->store->exec('DELETE FROM faults');
    }

    public function armed(): array
    {
        return $this->store->rows('SELECT kind, target, operation, remaining FROM faults WHERE remaining > 0 ORDER BY id');
    }

    public static function apiError(int $kind): ApiError
    {
        return match ($kind) {
            401 => Tokens::unauthorized('access token invalid (injected fault)'),
            429 => new ApiError(429, 'rate limit exceeded (injected fault)', ['Retry-After' => '1']),
            default => new ApiError($kind, 'injected fault'),
        };
    }

    public static function tokenResponse(int $kind): Response
    {
        return match ($kind) {
            401 => Tokens::oauthError(401, 'access_denied', 'Unauthorized (injected fault)'),
            429 => Tokens::oauthError(429, 'too_many_requests', 'Global limit has been reached (injected fault)',
                ['Retry-After' => '1']),
            500 => Tokens::oauthError(500, 'server_error', 'injected fault'),
            default => Tokens::oauthError(503, 'temporarily_unavailable', 'injected fault'),
        };
    }
}
