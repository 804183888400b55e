--TEST--
Concurrent queryAll, the session pool and the bulk helpers free everything, also when a page fails with others in flight
--SKIPIF--
<?php
if (!extension_loaded('vtws')) die('skip vtws not loaded');
if (!getenv('VTWS_PHPT_SERVER')) die('skip VTWS_PHPT_SERVER (URL of a running tests/server) not set; tools/test.sh sets it');
?>
--FILE--
<?php
declare(strict_types=1);

function control(string $base, string $path, array $params = []): void
{
    file_get_contents("$base/__vtws/$path", false, stream_context_create(['http' => [
        'method' => 'POST',
        'header' => 'Content-Type: application/x-www-form-urlencoded',
        'content' => http_build_query($params),
    ]]));
}

function ids(iterable $rows): array
{
    $ids = [];
    foreach ($rows as $row) {
        $ids[] = $row['id'];
    }
    return $ids;
}

$base = rtrim((string) getenv('VTWS_PHPT_SERVER'), '/');
control($base, 'reset', ['contacts' => 420]);
$c = new Vtws\Client($base, ['timeout' => 10, 'retries' => 1]);
$c->login('admin', 'vtwsAdminAccessK');

$sequential = ids($c->queryAll('SELECT id FROM Contacts', [], ['concurrency' => 1]));
$concurrent = ids($c->queryAll('SELECT id FROM Contacts', [], ['concurrency' => 4, 'progress' => function (int $done, ?int $total): void {
    if ($total !== null) {
        echo "progress ended at $done of $total\n";
    }
}]));
echo count($sequential), ' rows; concurrent paging ', $concurrent === $sequential ? 'matches' : 'differs', "\n";

// A page fails while the following ones are in flight.
$rows = $c->queryAll('SELECT id FROM Contacts', [], ['concurrency' => 4]);
$seen = 0;
try {
    foreach ($rows as $row) {
        if (++$seen === 50) {
            control($base, 'fault', ['kind' => 'http500', 'operation' => 'query', 'count' => 20]);
        }
    }
} catch (Vtws\TransportException $e) {
    echo 'stopped by ', get_class($e), ' at offset ', $rows->getOffset() === $seen ? 'matching' : 'wrong', "\n";
}
control($base, 'fault/clear');
echo count(ids($c->queryAll('SELECT id FROM Contacts', [], ['offset' => $rows->getOffset()]))) + $seen, " rows after resuming\n";

// A dropped connection is retried (GET), the pool's sessions are renewed after expiry.
control($base, 'fault', ['kind' => 'drop', 'operation' => 'query', 'count' => 1]);
control($base, 'expire-sessions');
echo count(ids($c->queryAll('SELECT id FROM Contacts', [], ['concurrency' => 3]))), " rows after drops and expiry\n";

// Leaving early: pages in flight are cancelled with the iterator.
$early = $c->queryAll('SELECT id FROM Contacts', [], ['concurrency' => 4]);
foreach ($early as $row) {
    break;
}
unset($early);

// A useSession() client pages over its one session.
$borrowed = new Vtws\Client($base);
$borrowed->useSession((string) $c->getSessionName());
echo count(ids($borrowed->queryAll('SELECT id FROM Contacts', [], ['concurrency' => 4]))), " rows over one session\n";

// Bulk helpers: mixed outcomes, then a progress callback that throws.
$results = $c->createMany('Contacts', [
    'a' => ['lastname' => 'Bulk A', 'assigned_user_id' => '19x1'],
    'b' => ['firstname' => 'No last name'],
    'c' => ['lastname' => 'Bulk C', 'assigned_user_id' => '19x1'],
]);
foreach ($results as $key => $outcome) {
    echo $key, ': ', $outcome['ok'] ? 'created' : get_class($outcome['error']) . ' ' . $outcome['error']->getVtigerCode(), "\n";
}
$revised = $c->reviseMany((function () use ($results) {
    yield 'a' => ['id' => $results['a']['result']['id'], 'title' => 'Revised'];
    yield 'gone' => ['id' => '12x999999', 'title' => 'x'];
})());
echo 'revised: ', json_encode(array_map(fn (array $o): bool => $o['ok'], $revised)), "\n";
try {
    $c->deleteMany([$results['a']['result']['id'], $results['c']['result']['id'], '12x999999'], [
        'concurrency' => 2,
        'progress' => function (int $done): void {
            throw new RuntimeException("progress threw after $done");
        },
    ]);
} catch (RuntimeException $e) {
    echo $e->getMessage(), "\n";
}

// An iterator still fetching when the script ends.
$pending = $c->queryAll('SELECT id FROM Contacts', [], ['concurrency' => 4]);
$pending->current();
echo "done\n";
?>
--EXPECT--
progress ended at 457 of 457
457 rows; concurrent paging matches
stopped by Vtws\TransportException at offset matching
457 rows after resuming
457 rows after drops and expiry
457 rows over one session
a: created
b: Vtws\ApiException MANDATORY_FIELDS_MISSING
c: created
revised: {"a":true,"gone":false}
progress threw after 1
done
