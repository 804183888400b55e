<?php

declare(strict_types=1);

/*
 * Per-call cost of Client::inProcess() against the HTTP transport over loopback, measured
 * side by side in one run against the same test server code: its HTTP front (4 workers,
 * started here) and its in-process entry point (tests/server/inprocess.php), each on its
 * own freshly seeded database.
 *
 *   php -d extension=modules/vtws.so bench/inprocess.php [iterations]
 *
 * iterations applies to retrieve and the 100-row query; revise always runs 1,000 times.
 * "handler" is the test server's handler called directly: the work both transports pay.
 * The last column compares what each transport adds on top of it.
 */

require_once __DIR__ . '/../tests/phpunit/ServerLauncher.php';

use Vtws\Client;
use Vtws\TestServer\InProcess\Controls;
use Vtws\TestServer\Operations\Query;
use Vtws\TestServer\Operations\Records;
use Vtws\Tests\ServerLauncher;

$iterations = max(1, (int) ($argv[1] ?? 300));
$revises = 1000;
$contacts = 150;

$database = sys_get_temp_dir() . '/vtws-bench-inprocess-' . getmypid() . '.sqlite';
putenv("VTWS_SERVER_DB=$database");
require __DIR__ . '/../tests/server/inprocess.php';
putenv('VTWS_SERVER_DB');
register_shutdown_function(static function () use ($database): void {
    foreach (['', '-wal', '-shm', '.lock'] as $suffix) {
        @unlink($database . $suffix);
    }
});

Controls::call('reset', ['contacts' => $contacts]);
ServerLauncher::control('reset', ['contacts' => $contacts]);

$http = new Client(ServerLauncher::start(), ['timeout' => 30]);
$http->login('admin', 'vtwsAdminAccessK');
$clients = ['http' => $http, 'in-process' => Client::inProcess(1)];

/** Seconds per call of $work($client, $i), after one warm-up call. */
function perCall(Client $client, callable $work, int $times): float
{
    $work($client, -1);
    $start = hrtime(true);
    for ($i = 0; $i < $times; $i++) {
        $work($client, $i);
    }
    return (hrtime(true) - $start) / 1e9 / $times;
}

$context = $adb->context();
$admin = $context->store->user(1);
/** The handler alone, in a transaction as both fronts run it. */
$direct = static function (callable $handler) use ($adb): callable {
    return static function () use ($adb, $handler): mixed {
        $adb->startTransaction();
        $result = $handler();
        $adb->completeTransaction();
        return $result;
    };
};
$cases = [
    'retrieve' => [$iterations, static fn (Client $c): array => $c->retrieve('12x3'),
        $direct(static fn (): array => (new Records($context))->retrieve('12x3', $admin))],
    'query, 100 rows' => [$iterations, static function (Client $c): array {
        $rows = $c->query('SELECT * FROM Contacts LIMIT 100');
        assert(count($rows) === 100);
        return $rows;
    }, $direct(static fn (): array => (new Query($context))->query('SELECT * FROM Contacts LIMIT 100;', $admin))],
    'revise' => [$revises, static fn (Client $c, int $i): array => $c->revise(['id' => '12x3', 'mailingcity' => "City $i"]),
        $direct(static fn (): array => (new Records($context))->revise(['id' => '12x3', 'mailingcity' => 'City'], $admin))],
];

/** Seconds per call of $work(), after one warm-up call. */
function perDirectCall(callable $work, int $times): float
{
    $work();
    $start = hrtime(true);
    for ($i = 0; $i < $times; $i++) {
        $work();
    }
    return (hrtime(true) - $start) / 1e9 / $times;
}

printf("%d calls of retrieve and of the query, %d revises; ms per call\n", $iterations, $revises);
printf("%-16s %10s %11s %8s %10s %16s\n", 'operation', 'http', 'in-process', 'ratio', 'handler', 'overhead ratio');
foreach ($cases as $name => [$times, $work, $handler]) {
    $seconds = [];
    foreach ($clients as $transport => $client) {
        $seconds[$transport] = perCall($client, $work, $times);
    }
    $alone = perDirectCall($handler, $times);
    printf("%-16s %10.3f %11.3f %7.1fx %10.3f %15.1fx\n", $name, $seconds['http'] * 1e3, $seconds['in-process'] * 1e3,
        $seconds['http'] / $seconds['in-process'], $alone * 1e3,
        ($seconds['http'] - $alone) / max(1e-9, $seconds['in-process'] - $alone));
}
