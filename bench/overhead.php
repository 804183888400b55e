<?php

declare(strict_types=1);

/*
 * Client cost per call, isolated from the server: every client talks to the replay server
 * (bench/replay-server.php), which answers recorded Vtiger 8.0 bodies at once. Side by side
 * in one run: raw curl_* (same request on one kept-alive handle, body not even decoded), the
 * plain-PHP baseline (curl + http_build_query + json_decode) and the extension.
 *
 *   php -d extension=modules/vtws.so bench/overhead.php [calls per sample]
 *
 * Prints the median time per call over 7 samples and the client CPU share of the wall time.
 */

require __DIR__ . '/lib/Harness.php';
require __DIR__ . '/lib/BaselineClient.php';

use Vtws\Bench\BaselineClient;
use Vtws\Bench\Harness;

if (!extension_loaded('vtws')) {
    fwrite(STDERR, "load the extension: php -d extension=modules/vtws.so bench/overhead.php\n");
    exit(1);
}
$calls = (int) ($argv[1] ?? 200);
$samples = 7;
$cache = sys_get_temp_dir() . '/vtws-replay-' . getmypid();
register_shutdown_function(static function () use ($cache): void {
    array_map('unlink', glob($cache . '/*') ?: []);
    @rmdir($cache);
});
$url = Harness::startServer(__DIR__ . '/replay-server.php',
    ['VTWS_REPLAY_ROWS' => '10000', 'PHP_CLI_SERVER_WORKERS' => '4', 'VTWS_REPLAY_CACHE' => $cache], '/__replay/health');

$ext = new Vtws\Client($url);
$ext->login('admin', 'vtwsAdminAccessK');
$base = new BaselineClient($url);
$base->login('admin', 'vtwsAdminAccessK');
$session = (string) $ext->getSessionName();

$raw = curl_init();
curl_setopt_array($raw, [CURLOPT_RETURNTRANSFER => true, CURLOPT_ENCODING => '']);
$rawGet = static function (array $params) use ($raw, $url): void {
    curl_setopt($raw, CURLOPT_URL, "$url/webservice.php?" . http_build_query($params));
    curl_exec($raw);
};
$select100 = 'SELECT * FROM Contacts LIMIT 100;';

/** @return array{wall: float, cpu: float} per call */
function per_call(callable $one, int $calls, int $samples): array
{
    $one();
    $result = Harness::measure(static function () use ($one, $calls): void {
        for ($i = 0; $i < $calls; $i++) {
            $one();
        }
    }, $samples);
    return ['wall' => $result['wall'] / $calls, 'cpu' => $result['cpu'] / $calls];
}

$rows = [
    'retrieve (one record)' => [
        per_call(static fn () => $rawGet(['operation' => 'retrieve', 'sessionName' => $session, 'id' => '12x3']), $calls, $samples),
        per_call(static fn () => $base->retrieve('12x3'), $calls, $samples),
        per_call(static fn () => $ext->retrieve('12x3'), $calls, $samples),
    ],
    'query, 100 rows (105 KB)' => [
        per_call(static fn () => $rawGet(['operation' => 'query', 'sessionName' => $session, 'query' => $select100]), $calls, $samples),
        per_call(static fn () => $base->query($select100), $calls, $samples),
        per_call(static fn () => $ext->query($select100), $calls, $samples),
    ],
    'login (getchallenge + login)' => [
        per_call(static function () use ($rawGet, $raw, $url): void {
            $rawGet(['operation' => 'getchallenge', 'username' => 'admin']);
            curl_setopt($raw, CURLOPT_URL, "$url/webservice.php");
            curl_setopt($raw, CURLOPT_POSTFIELDS, 'operation=login&username=admin&accessKey=' . md5('x'));
            curl_exec($raw);
            curl_setopt($raw, CURLOPT_HTTPGET, true);
        }, intdiv($calls, 2), $samples),
        per_call(static fn () => $base->login('admin', 'vtwsAdminAccessK'), intdiv($calls, 2), $samples),
        per_call(static fn () => $ext->login('admin', 'vtwsAdminAccessK'), intdiv($calls, 2), $samples),
    ],
];

printf("Client cost per call against the replay server (%d calls x %d samples, medians)\n", $calls, $samples);
printf("%s\n", Harness::machine());
printf("\n| %-30s | %12s | %12s | %12s | %14s | %9s | %9s |\n", 'call', 'raw curl', 'PHP baseline', 'vtws',
    'vtws - raw', 'vs base', 'vtws CPU');
printf("|%s|%s|%s|%s|%s|%s|%s|\n", str_repeat('-', 32), str_repeat('-', 14), str_repeat('-', 14), str_repeat('-', 14),
    str_repeat('-', 16), str_repeat('-', 11), str_repeat('-', 11));
foreach ($rows as $label => [$r, $b, $e]) {
    printf("| %-30s | %12s | %12s | %12s | %14s | %8.2fx | %8.0f%% |\n", $label, Harness::duration($r['wall']),
        Harness::duration($b['wall']), Harness::duration($e['wall']), Harness::duration(max(0.0, $e['wall'] - $r['wall'])),
        $b['wall'] / $e['wall'], 100 * $e['cpu'] / $e['wall']);
}

// Whole exports against the replay server: what paging costs the client, server time aside.
$export = [
    'PHP baseline, sequential' => Harness::measure(static function () use ($base): void {
        foreach ($base->queryAll('SELECT * FROM Contacts') as $row) {
        }
    }, 3),
    'vtws, concurrency 1' => Harness::measure(static function () use ($ext): void {
        foreach ($ext->queryAll('SELECT * FROM Contacts', [], ['concurrency' => 1]) as $row) {
        }
    }, 3),
    'vtws, concurrency 4' => Harness::measure(static function () use ($ext): void {
        foreach ($ext->queryAll('SELECT * FROM Contacts', [], ['concurrency' => 4]) as $row) {
        }
    }, 3),
];
printf("\nExport of 10,000 rows (100 pages) against the replay server, medians of 3\n");
printf("| %-26s | %10s | %10s | %9s |\n", 'client', 'wall', 'CPU', 'vs base');
printf("|%s|%s|%s|%s|\n", str_repeat('-', 28), str_repeat('-', 12), str_repeat('-', 12), str_repeat('-', 11));
$first = null;
foreach ($export as $label => $m) {
    $first ??= $m['wall'];
    printf("| %-26s | %10s | %10s | %8.2fx |\n", $label, Harness::duration($m['wall']), Harness::duration($m['cpu']), $first / $m['wall']);
}
