<?php

declare(strict_types=1);

/*
 * End-to-end workloads against the project's Vtiger-compatible test server (tests/server)
 * run with several PHP_CLI_SERVER_WORKERS and an injected latency on every webservice
 * request (taken while the request holds its session lock, like server time on a real
 * Vtiger). Side by side in one run: the plain-PHP baseline client (bench/lib, sequential)
 * and the extension.
 *
 *   php -d extension=modules/vtws.so bench/workloads.php
 *
 * Environment: BENCH_WORKERS (server workers, default 4), BENCH_LATENCY_MS (default 20),
 * BENCH_CONCURRENCY (extension's concurrency option, default 4), BENCH_RUNS (runs of the
 * large workloads, default 3; the median is printed), BENCH_ONLY (comma-separated subset of
 * login, query, export, sync, creates).
 */

require __DIR__ . '/lib/Harness.php';
require __DIR__ . '/lib/BaselineClient.php';

use Vtws\Bench\BaselineClient;
use Vtws\Bench\Harness;

if (!extension_loaded('vtws')) {
    fwrite(STDERR, "load the extension: php -d extension=modules/vtws.so bench/workloads.php\n");
    exit(1);
}

function setting(string $name, int $default): int
{
    $value = getenv($name);
    return is_string($value) && $value !== '' ? (int) $value : $default;
}

$workers = setting('BENCH_WORKERS', 4);
$latency = setting('BENCH_LATENCY_MS', 20);
$concurrency = setting('BENCH_CONCURRENCY', 4);
$runs = setting('BENCH_RUNS', 3);
$only = array_filter(explode(',', (string) getenv('BENCH_ONLY')));
$wanted = static fn (string $name): bool => $only === [] || in_array($name, $only, true);
$database = sys_get_temp_dir() . '/vtws-bench-' . getmypid() . '.sqlite';
register_shutdown_function(static function () use ($database): void {
    foreach (['', '-wal', '-shm', '.lock'] as $suffix) {
        @unlink($database . $suffix);
    }
    array_map('unlink', glob($database . '.sessions/sess_*') ?: []);
    @rmdir($database . '.sessions');
});
$url = Harness::startServer(dirname(__DIR__) . '/tests/server/router.php',
    ['PHP_CLI_SERVER_WORKERS' => (string) $workers, 'VTWS_SERVER_DB' => $database], '/__vtws/health');

/** Recreates the data and arms the latency on every webservice request. */
$prepareServer = static function (int $contacts) use ($url, $latency): void {
    Harness::control($url, 'reset', ['contacts' => $contacts]);
    if ($latency > 0) {
        Harness::control($url, 'fault', ['kind' => 'latency', 'count' => 100000000, 'ms' => $latency]);
    }
};
$newExt = static function () use ($url): Vtws\Client {
    $client = new Vtws\Client($url, ['timeout' => 120]);
    $client->login('admin', 'vtwsAdminAccessK');
    return $client;
};
$newBase = static function () use ($url): BaselineClient {
    $client = new BaselineClient($url, 120);
    $client->login('admin', 'vtwsAdminAccessK');
    return $client;
};
$contact = static fn (int $i): array => ['lastname' => "Bench $i", 'firstname' => 'Load', 'email' => "bench$i@example.com",
    'assigned_user_id' => '19x1'];

printf("Workloads against tests/server: %d workers, %d ms latency per request, vtws concurrency %d, median of %d alternating runs\n",
    $workers, $latency, $concurrency, $runs);
printf("%s\n", Harness::machine());

$rows = [];
$prepareServer(9963); // 10,000 contacts with the seeded ones
$base = $newBase();
$ext = $newExt();

if ($wanted('login')) {
    $rows[] = ['login (getchallenge + login)', ...Harness::compare(
        static fn () => (new BaselineClient($url))->login('admin', 'vtwsAdminAccessK'),
        static fn () => (new Vtws\Client($url))->login('admin', 'vtwsAdminAccessK'), 5), ''];
}
$select = 'SELECT * FROM Contacts LIMIT 100;';
if ($wanted('query')) {
    $rows[] = ['query, 100 rows', ...Harness::compare(static fn () => $base->query($select),
        static fn () => $ext->query($select), 10), ''];
}

$exported = [0, 0];
$wanted('export') && $rows[] = ['export 10,000 rows', ...Harness::compare(static function () use ($base, &$exported): void {
    $exported[0] = 0;
    foreach ($base->queryAll('SELECT * FROM Contacts') as $row) {
        $exported[0]++;
    }
}, static function () use ($ext, $concurrency, &$exported): void {
    $exported[1] = 0;
    foreach ($ext->queryAll('SELECT * FROM Contacts', [], ['concurrency' => $concurrency]) as $row) {
        $exported[1]++;
    }
}, $runs), sprintf('sequential vs queryAll concurrency %d; %d/%d rows', $concurrency, $exported[0], $exported[1])];
$ext->logout();

$prepareServer(4963); // 5,000 contacts changed during the last hour
$base = $newBase();
$ext = $newExt();
$synced = [0, 0];
$since = time() - 86400 * 3;
$wanted('sync') && $rows[] = ['sync 5,000 changes', ...Harness::compare(static function () use ($base, $since, &$synced): void {
    $synced[0] = count($base->syncAll($since, 'Contacts')['updated']);
}, static function () use ($ext, $since, &$synced): void {
    $synced[1] = count($ext->syncAll($since, 'Contacts')['updated']);
}, $runs), sprintf('both sequential (each page needs the last); %d/%d records', $synced[0], $synced[1])];

$created = [0, 0];
$wanted('creates') && $rows[] = ['1,000 creates', ...Harness::compare(static function () use ($base, $contact, &$created): void {
    $created[0] = 0;
    for ($i = 0; $i < 1000; $i++) {
        $base->create('Contacts', $contact($i));
        $created[0]++;
    }
}, static function () use ($ext, $contact, $concurrency, &$created): void {
    $results = $ext->createMany('Contacts', array_map($contact, range(0, 999)), ['concurrency' => $concurrency]);
    $created[1] = count(array_filter($results, static fn (array $r): bool => $r['ok']));
}, $runs), sprintf('sequential vs createMany concurrency %d; %d/%d created', $concurrency, $created[0], $created[1])];
$ext->logout();

Harness::table('Medians (speedup = baseline / vtws; CPU = client process CPU time / wall time)', 'PHP baseline', 'vtws', $rows);
