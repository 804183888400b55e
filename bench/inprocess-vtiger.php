<?php

declare(strict_types=1);

/*
 * Per-call cost of Client::inProcess() against HTTP on a real Vtiger: the in-process client
 * runs in this already-booted process, the HTTP client talks to the same Vtiger served over
 * loopback. Vtiger's bootstrap needs global scope, so load it as auto_prepend_file:
 *
 *   VTIGER_ROOT=/var/www/vtiger VTIGER_URL=http://127.0.0.1:8089 VTIGER_USER=admin \
 *   VTIGER_KEY=<access key> php -d extension=$PWD/modules/vtws.so \
 *       -d auto_prepend_file=$PWD/tests/phpunit/vtiger-root.php $PWD/bench/inprocess-vtiger.php [n]
 *
 * "handler" is Vtiger's own vtws_* function called directly in a transaction. "dispatch" is
 * what webservice.php does around it, written out in PHP (OperationManager, sanitizeOperation,
 * includes, runOperation in a transaction, encode): the least any in-process path can cost.
 * "client share" is what the in-process client adds on top of that dispatch.
 *
 * It writes: one Contact is created, revised about 3,000 times and deleted. Run it against a lab or staging install only.
 */

use Vtws\Client;

if (!class_exists('OperationManager', false)) {
    fwrite(STDERR, "Vtiger is not loaded: run with -d auto_prepend_file=tests/phpunit/vtiger-root.php and VTIGER_ROOT set\n");
    exit(2);
}
foreach (['VTIGER_URL', 'VTIGER_USER', 'VTIGER_KEY'] as $name) {
    if ((string) getenv($name) === '') {
        fwrite(STDERR, "$name is not set\n");
        exit(2);
    }
}

$iterations = max(1, (int) ($argv[1] ?? 100));
$revises = 1000;

$http = new Client(rtrim((string) getenv('VTIGER_URL'), '/'), ['timeout' => 60]);
$login = $http->login((string) getenv('VTIGER_USER'), (string) getenv('VTIGER_KEY'));
$userId = (int) substr((string) $login['userId'], strpos((string) $login['userId'], 'x') + 1);
$clients = ['http' => $http, 'in-process' => Client::inProcess($userId)];

$contact = $http->create('Contacts', [
    'lastname' => 'Bench in-process',
    'assigned_user_id' => $login['userId'],
]);

$user = CRMEntity::getInstance('Users');
$user->retrieveCurrentUserInfoFromFile($userId);

/** Vtiger's handler alone, in a transaction as webservice.php runs it. */
function viaHandler(callable $handler): Closure
{
    return static function (int $i) use ($handler): void {
        global $adb, $current_user, $user;
        $current_user = $user; // Vtiger's permission checks read the global
        $adb->startTransaction();
        $handler($i);
        $adb->completeTransaction();
    };
}

/** webservice.php's own dispatch path, written out in PHP. */
function viaDispatch(string $operation, callable $input): Closure
{
    return static function (int $i) use ($operation, $input): void {
        global $adb, $current_user, $user;
        $current_user = $user;
        $manager = new OperationManager($adb, $operation, 'json', null);
        $sanitized = $manager->sanitizeOperation(['operation' => $operation] + $input($i));
        foreach ($manager->getOperationIncludes() as $file) {
            include_once $file;
        }
        $adb->startTransaction();
        $result = $manager->runOperation($sanitized, $user);
        $adb->completeTransaction();
        $state = new State();
        $state->success = true;
        $state->result = $result;
        unset($state->error);
        json_decode($manager->encode($state), true);
    };
}

/**
 * Seconds per call of each runner. The runners take turns in rounds, so a cost that drifts
 * during the run (a record's history grows with every revise) weighs on all of them alike.
 *
 * @param array<string, array{Closure, int}> $runners name => [run(int $i), calls]
 * @return array<string, float>
 */
function interleaved(array $runners, int $rounds = 10): array
{
    $spent = [];
    foreach ($runners as $name => [$run]) {
        $run(-1);
        $spent[$name] = 0;
    }
    for ($round = 0; $round < $rounds; $round++) {
        foreach ($runners as $name => [$run, $calls]) {
            $share = intdiv($calls, $rounds);
            $start = hrtime(true);
            for ($i = $round * $share, $end = $i + $share; $i < $end; $i++) {
                $run($i);
            }
            $spent[$name] += hrtime(true) - $start;
        }
    }
    $perCall = [];
    foreach ($runners as $name => [, $calls]) {
        $perCall[$name] = $spent[$name] / 1e9 / (intdiv($calls, $rounds) * $rounds);
    }
    return $perCall;
}

$statement = 'SELECT * FROM Contacts LIMIT 100;';
$workloads = [
    'retrieve' => [
        $iterations,
        static fn (Client $c) => $c->retrieve($contact['id']),
        static fn () => vtws_retrieve($contact['id'], $user),
        ['retrieve', static fn () => ['id' => $contact['id']]],
    ],
    'query (100 rows)' => [
        $iterations,
        static fn (Client $c) => $c->query($statement),
        static fn () => vtws_query($statement, $user),
        ['query', static fn () => ['query' => $statement]],
    ],
    'revise' => [
        $revises,
        static fn (Client $c, int $i) => $c->revise(['id' => $contact['id'], 'title' => "t$i"]),
        static fn (int $i) => vtws_revise(['id' => $contact['id'], 'title' => "h$i"], $user),
        ['revise', static fn (int $i) => ['element' => json_encode(['id' => $contact['id'], 'title' => "d$i"])]],
    ],
];

try {
    printf(
        "%-18s %6s %9s %11s %11s %10s %8s %13s\n",
        'workload',
        'calls',
        'http ms',
        'in-proc ms',
        'dispatch ms',
        'handler ms',
        'ratio',
        'client share',
    );
    foreach ($workloads as $name => [$times, $work, $handler, [$operation, $input]]) {
        $t = interleaved([
            'http' => [static fn (int $i) => $work($clients['http'], $i), $name === 'revise' ? max($iterations, 100) : $times],
            'in-process' => [static fn (int $i) => $work($clients['in-process'], $i), $times],
            'dispatch' => [viaDispatch($operation, $input), $times],
            'handler' => [viaHandler($handler), $times],
        ]);
        printf(
            "%-18s %6d %9.3f %11.3f %11.3f %10.3f %7.1fx %12.1f%%\n",
            $name,
            $times,
            $t['http'] * 1e3,
            $t['in-process'] * 1e3,
            $t['dispatch'] * 1e3,
            $t['handler'] * 1e3,
            $t['http'] / $t['in-process'],
            max(0.0, $t['in-process'] - $t['dispatch']) / $t['in-process'] * 100,
        );
    }
} catch (Throwable $e) {
    // Vtiger's configuration turns display_errors off; say what failed.
    fwrite(STDERR, get_class($e) . ': ' . $e->getMessage() . "\n");
    exit(1);
} finally {
    $http->delete($contact['id']);
}
