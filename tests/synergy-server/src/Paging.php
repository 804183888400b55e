<?php

declare(strict_types=1);

namespace Vtws\SynergyServer;

/** Cursor paging of the list operations: limit (1..100, default 100) and an opaque continueToken. */
final class Paging
{
    /**
     * @param list<array> $items every item, in list order
     * @return array{metadata: object|array, items: list<array>}
     */
    public static function page(array $items, Request $request, string $kind): array
    {
        $limit = self::limit($request->queryParam('limit'));
        $offset = self::offset($request->queryParam('continueToken'), $kind, count($items));
        $page = array_slice($items, $offset, $limit);
        $next = $offset + count($page);
        $metadata = $next < count($items) ? ['continueToken' => self::token($kind, $next)] : new \stdClass();
        return ['metadata' => $metadata, 'items' => $page];
    }

    public static function limit(?string $given): int
    {
        if ($given === null) {
            return 100;
        }
        $limit = filter_var($given, FILTER_VALIDATE_INT, ['options' => ['min_range' => 1, 'max_range' => 100]]);
        if ($limit === false) {
            throw ApiError::badRequest('limit must be an integer between 1 and 100');
        }
        return $limit;
    }

    private static function offset(?string $token, string $kind, int $total): int
    {
        if ($token === null) {
            return 0;
        }
        $decoded = base64_decode(strtr($token, '-_', '+/'), true);
        $parts = is_string($decoded) ? explode(':', $decoded) : [];
        if (count($parts) !== 3 || $parts[0] !== 'synergy' || $parts[1] !== $kind || preg_match('/^[1-9][0-9]*$/', $parts[2]) !== 1
            || (int) $parts[2] > $total) {
            throw ApiError::badRequest('continueToken is invalid');
        }
        return (int) $parts[2];
    }

    private static function token(string $kind, int $offset): string
    {
        return rtrim(strtr(base64_encode("synergy:$kind:$offset"), '+/', '-_'), '=');
    }
}
