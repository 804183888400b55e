<?php

declare(strict_types=1);

/**
 * Router for `php -S`: a REST service whose answers the test scripts in advance. Every
 * request is recorded (method, path, query, headers, body) and answered with the first
 * scripted answer queued for its "METHOD /path", or 404 {"problem": ...} when none is left.
 *
 * Controls: POST /__script/reset, POST /__script/queue (JSON list of
 * {route, status, body (string|null), headers {}}), GET /__script/log.
 * The state lives in the JSON file named by SCRIPTED_SERVICE_STATE.
 */

$stateFile = (string) getenv('SCRIPTED_SERVICE_STATE');

/** @return array{queue: array<string, list<array<string, mixed>>>, log: list<array<string, mixed>>} */
function loadState(string $file): array
{
    $text = is_file($file) ? (string) file_get_contents($file) : '';
    $state = $text === '' ? null : json_decode($text, true);
    return is_array($state) ? $state : ['queue' => [], 'log' => []];
}

function saveState(string $file, array $state): void
{
    file_put_contents($file, json_encode($state, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), LOCK_EX);
}

function answer(int $status, ?string $body, array $headers = []): void
{
    http_response_code($status);
    foreach ($headers as $name => $value) {
        header("$name: $value");
    }
    if ($body !== null) {
        if (!isset($headers['Content-Type'])) {
            header('Content-Type: application/json');
        }
        echo $body;
    }
}

$path = (string) parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$method = $_SERVER['REQUEST_METHOD'];
$body = (string) file_get_contents('php://input');
$lock = fopen($stateFile . '.lock', 'c');
flock($lock, LOCK_EX);
$state = loadState($stateFile);

if ($path === '/__script/reset') {
    saveState($stateFile, ['queue' => [], 'log' => []]);
    answer(200, '{"ok":true}');
} elseif ($path === '/__script/queue') {
    foreach (json_decode($body, true) as $scripted) {
        $state['queue'][$scripted['route']][] = $scripted;
    }
    saveState($stateFile, $state);
    answer(200, '{"ok":true}');
} elseif ($path === '/__script/log') {
    answer(200, json_encode($state['log'], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE));
} else {
    $headers = [];
    foreach (getallheaders() as $name => $value) {
        $headers[strtolower($name)] = $value;
    }
    $state['log'][] = ['method' => $method, 'path' => $path, 'query' => (string) ($_SERVER['QUERY_STRING'] ?? ''),
        'headers' => $headers, 'body' => $body];
    $route = "$method $path";
    $scripted = array_shift($state['queue'][$route]) ?? null;
    saveState($stateFile, $state);
    if ($scripted === null) {
        answer(404, json_encode(['problem' => "no scripted answer for $route"]));
    } else {
        answer((int) $scripted['status'], $scripted['body'] ?? null, $scripted['headers'] ?? []);
    }
}
flock($lock, LOCK_UN);
