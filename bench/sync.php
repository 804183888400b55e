<?php

declare(strict_types=1);

/*
 * The Sync Connector runtime end to end: the worked example connector (tests/sync/acme.xml)
 * between the project's Vtiger test server (tests/server) and the Acme Directory emulator
 * (tests/acme-server), both `php -S` with 4 workers on this machine.
 *
 *   php -d extension=modules/vtws.so bench/sync.php [records]     (default 10000)
 *
 * push: `records` changed Contacts in Vtiger (the seed's own 37 contacts come along) sent to
 *       the emulator in bulk inserts of 50;
 * pull: `records` changed people in the emulator created as Contacts in Vtiger.
 * Each once with FileState and once with PdoState on SQLite, side by side. The Accounts pair
 * (the contacts' dependency) is synced before each measured run, untimed. Budget: records + 1000.
 * Printed: records per second, requests to each side, wall time, this process's CPU time and
 * its share of the wall time (the rest is waiting for the servers).
 * Environment: BENCH_ONLY=push or pull.
 */

require __DIR__ . '/lib/Harness.php';

use Vtws\Bench\Harness;
use Vtws\Sync\Connector;

if (!extension_loaded('vtws')) {
    fwrite(STDERR, "load the extension: php -d extension=modules/vtws.so bench/sync.php [records]\n");
    exit(1);
}

$records = (int) ($argv[1] ?? 10000);
if ($records < 1) {
    fwrite(STDERR, "usage: bench/sync.php [records]\n");
    exit(1);
}
$only = (string) getenv('BENCH_ONLY');
$root = dirname(__DIR__);
$scratch = sys_get_temp_dir() . '/vtws-syncbench-' . getmypid();
@mkdir($scratch);
$vtigerUrl = Harness::startServer("$root/tests/server/router.php",
    ['PHP_CLI_SERVER_WORKERS' => '4', 'VTWS_SERVER_DB' => "$scratch/vtiger.sqlite"], '/__vtws/health');
$acmeUrl = Harness::startServer("$root/tests/acme-server/router.php",
    ['PHP_CLI_SERVER_WORKERS' => '4', 'ACME_SERVER_DB' => "$scratch/acme.sqlite"], '/__acme/health');

// Registered after the servers', so it runs once they are stopped.
register_shutdown_function(static function () use ($scratch): void {
    $entries = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($scratch, FilesystemIterator::SKIP_DOTS),
        RecursiveIteratorIterator::CHILD_FIRST);
    foreach ($entries as $entry) {
        $entry->isDir() && !$entry->isLink() ? @rmdir($entry->getPathname()) : @unlink($entry->getPathname());
    }
    @rmdir($scratch);
});

/** A /__acme/ control: POST with a JSON body, or GET. */
$acme = static function (string $name, ?array $body = [], string $method = 'POST') use ($acmeUrl): array {
    $answer = file_get_contents("$acmeUrl/__acme/$name", false, stream_context_create(['http' => [
        'method' => $method, 'timeout' => 300, 'ignore_errors' => true,
        'header' => "Content-Type: application/json\r\n",
        'content' => $method === 'POST' ? json_encode((object) $body, JSON_UNESCAPED_SLASHES) : '',
    ]]));
    $decoded = json_decode((string) $answer, true);
    if (!is_array($decoded)) {
        throw new RuntimeException("acme control $name answered: $answer");
    }
    return $decoded;
};
$vtigerStats = static function () use ($vtigerUrl): int {
    return (int) json_decode((string) file_get_contents("$vtigerUrl/__vtws/stats"), true)['total'];
};

/** A state store over a fresh file or database. */
$newState = static function (string $kind) use ($scratch): Vtws\Sync\State {
    static $n = 0;
    $n++;
    return $kind === 'FileState'
        ? new Vtws\Sync\FileState("$scratch/state-$n.json")
        : new Vtws\Sync\PdoState(new PDO("sqlite:$scratch/state-$n.sqlite"), 'acme');
};
$connector = static function (Vtws\Sync\State $state) use ($root, $vtigerUrl, $acmeUrl, $records): Connector {
    $vtiger = new Vtws\Client($vtigerUrl, ['timeout' => 120]);
    $vtiger->login('admin', 'vtwsAdminAccessK');
    return Connector::fromFile("$root/tests/sync/acme.xml", ['vtiger' => $vtiger, 'state' => $state,
        'budget' => $records + 1000, 'config' => ['apikey' => 'k-123', 'baseUrl' => "$acmeUrl/v2"]]);
};

/** Fresh data on both sides for one direction. */
$prepare = static function (string $direction) use ($vtigerUrl, $acme, $records): void {
    Harness::control($vtigerUrl, 'reset', ['contacts' => $direction === 'push' ? $records : 0]);
    $acme('reset');
    if ($direction === 'pull') {
        // One record per second up to now, so that pages do not overlap on ties.
        $start = time() - $records;
        for ($i = 0; $i < $records; $i += 1000) {
            $items = [];
            for ($j = $i; $j < min($records, $i + 1000); $j++) {
                $items[] = ['modified_at' => $start + $j, 'fields' => ['given_name' => "Pulled $j", 'family_name' => "Bench $j",
                    'email' => "pulled$j@acme.example", 'mobile' => '+81 90 ' . sprintf('%04d %04d', $j % 10000, $j)]];
            }
            $acme('seed', ['module' => 'people', 'items' => $items]);
        }
    }
};

/** @return array{wall: float, cpu: float, records: int, service: int, vtiger: int, failures: int} */
$measure = static function (string $direction, string $store) use ($prepare, $newState, $connector, $acme, $vtigerStats, $vtigerUrl): array {
    $prepare($direction);
    $state = $newState($store);
    $connector($state)->run(['pair' => 'Accounts']);
    $run = $connector($state);
    Harness::control($vtigerUrl, 'stats/reset');
    $acme('log/clear');
    $report = null;
    $timing = Harness::measure(static function () use ($run, $direction, &$report): void {
        $report = $run->run(['pair' => 'Contacts', 'direction' => $direction])->toArray();
    }, 1);
    $vtigerRequests = $vtigerStats();
    $serviceRequests = (int) $acme('stats', null, 'GET')['total'];
    $side = $report['pairs']['Contacts'][$direction];
    if (($side['complete'] ?? false) !== true) {
        fwrite(STDERR, "$direction with $store did not complete: " . json_encode($side) . "\n");
    }
    return $timing + ['records' => $side['created'] + $side['updated'] + $side['deleted'],
        'service' => $serviceRequests, 'vtiger' => $vtigerRequests, 'failures' => count($side['failures'])];
};

printf("Sync Connector runtime, tests/sync/acme.xml: Vtiger test server <-> Acme emulator, 4 workers each, %d records\n", $records);
printf("%s\n", Harness::machine());
printf("\n| %-5s | %-9s | %7s | %9s | %8s | %8s | %10s | %9s | %9s |\n", 'run', 'state', 'records', 'records/s', 'Acme req',
    'Vtiger req', 'wall', 'client CPU', 'CPU share');
printf("|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n", str_repeat('-', 7), str_repeat('-', 11), str_repeat('-', 9), str_repeat('-', 11),
    str_repeat('-', 10), str_repeat('-', 12), str_repeat('-', 12), str_repeat('-', 12), str_repeat('-', 11));
foreach (['push', 'pull'] as $direction) {
    if ($only !== '' && $only !== $direction) {
        continue;
    }
    foreach (['FileState', 'PdoState'] as $store) {
        $m = $measure($direction, $store);
        printf("| %-5s | %-9s | %7d | %9.0f | %8d | %10d | %10s | %10s | %8.1f%% |%s\n", $direction, $store, $m['records'],
            $m['records'] / max($m['wall'], 1e-9), $m['service'], $m['vtiger'], Harness::duration($m['wall']),
            Harness::duration($m['cpu']), 100 * $m['cpu'] / max($m['wall'], 1e-9),
            $m['failures'] > 0 ? " {$m['failures']} failures" : '');
    }
}
