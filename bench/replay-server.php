<?php

declare(strict_types=1);

/*
 * Replay server for client benchmarks: answers every webservice request at once with a body
 * recorded from a real Vtiger 8.0 (../shared/fixtures/vtiger-8.0), so what a benchmark
 * measures against it is the client's own cost.
 *
 *   VTWS_REPLAY_ROWS=10000 php -S 127.0.0.1:PORT bench/replay-server.php
 *
 * query answers the recorded 100-row page (query-100-contacts) while LIMIT's offset is below
 * VTWS_REPLAY_ROWS (default 10000) and an empty list past it, so paging ends; a statement
 * with "count(*)" gets the recorded count answer. The other operations answer their
 * recorded success (getchallenge, login, logout, retrieve, create, revise, delete, sync).
 * Bodies are extracted from the fixtures once into VTWS_REPLAY_CACHE (a temp directory).
 */

const ANSWERS = [
    'getchallenge' => 'getchallenge-ok', 'login' => 'login-ok', 'logout' => 'logout',
    'retrieve' => 'retrieve-contact', 'create' => 'create-contact', 'revise' => 'revise-contact',
    'delete' => 'delete-contact', 'sync' => 'sync-contacts', 'extendsession' => 'login-ok',
];

function fixture_dir(): string
{
    $configured = getenv('VTWS_FIXTURES');
    return is_string($configured) && $configured !== '' ? $configured : dirname(__DIR__, 2) . '/shared/fixtures/vtiger-8.0';
}

function cache_dir(): string
{
    $configured = getenv('VTWS_REPLAY_CACHE');
    return is_string($configured) && $configured !== '' ? $configured
        : sys_get_temp_dir() . '/vtws-replay-' . ($_SERVER['SERVER_PORT'] ?? '0');
}

/** The recorded body of a fixture, read from the cache after the first time. */
function body_of(string $fixture): string
{
    $cached = cache_dir() . '/' . $fixture . '.body';
    $body = @file_get_contents($cached);
    if (is_string($body)) {
        return $body;
    }
    $recording = json_decode((string) file_get_contents(fixture_dir() . '/' . $fixture . '.json'), true, 512, JSON_THROW_ON_ERROR);
    $body = (string) $recording['response_raw'];
    @mkdir(cache_dir(), 0700, true);
    $temporary = $cached . '.' . getmypid();
    file_put_contents($temporary, $body);
    rename($temporary, $cached);
    return $body;
}

function query_answer(string $query): string
{
    if (stripos($query, 'count(*)') !== false) {
        return body_of('query-count');
    }
    $offset = preg_match('/LIMIT\s+(\d+)\s*,/i', $query, $m) === 1 ? (int) $m[1] : 0;
    $rows = (int) (getenv('VTWS_REPLAY_ROWS') ?: 10000);
    return body_of($offset < $rows ? 'query-100-contacts' : 'query-empty-result');
}

$request = $_POST + $_GET;
$operation = strtolower((string) ($request['operation'] ?? ''));
if (parse_url((string) ($_SERVER['REQUEST_URI'] ?? '/'), PHP_URL_PATH) === '/__replay/health') {
    $body = '{"ok":true}';
} elseif ($operation === 'query') {
    $body = query_answer((string) ($request['query'] ?? ''));
} elseif (isset(ANSWERS[$operation])) {
    $body = body_of(ANSWERS[$operation]);
} else {
    $body = '{"success":false,"error":{"code":"UNKNOWN_OPERATION","message":"not recorded"}}';
}
header('Content-type: application/json');
header('Content-Length: ' . strlen($body));
echo $body;
