<?php

declare(strict_types=1);

/*
 * Decoding throughput and memory, side by side in one run: json_decode($body, true) against
 * Vtws\decode() (and simdjson_decode() when that extension is loaded) on
 *   - the recorded 100-row query answer of a real Vtiger 8.0 (query-100-contacts),
 *   - a synthetic 1,000-row answer built from those rows,
 *   - a synthetic answer of a wide custom module: 100 rows of 300 fields.
 * Times are medians of several rounds, in CPU time of this process (getrusage), so that
 * other processes on a busy machine disturb them less; "memory" is what one retained result holds
 * (memory_get_usage() before and after). Ratios are against json_decode.
 *
 *   php -d extension=modules/vtws.so bench/decode.php [iterations-per-round]
 *
 * The fixture directory defaults to ../shared/fixtures/vtiger-8.0 beside the repository;
 * VTWS_FIXTURES overrides it.
 */

const ROUNDS = 11;

function fixture_dir(): string
{
    $dir = getenv('VTWS_FIXTURES');
    return is_string($dir) && $dir !== '' ? $dir : dirname(__DIR__) . '/../shared/fixtures/vtiger-8.0';
}

/** @return list<array<string, string>> */
function recorded_rows(string $body): array
{
    return json_decode($body, true, 512, JSON_THROW_ON_ERROR)['result'];
}

function envelope(array $rows): string
{
    // Vtiger's own encoding: json_encode() defaults, so non-ASCII as \uXXXX and "/" as "\/".
    return json_encode(['success' => true, 'result' => $rows], JSON_THROW_ON_ERROR);
}

/** 1,000 contacts: the recorded rows again and again with fresh ids and numbers. */
function thousand_rows(array $recorded): string
{
    $rows = [];
    for ($i = 0; $i < 1000; $i++) {
        $row = $recorded[$i % count($recorded)];
        $row['id'] = '12x' . (1000 + $i);
        $row['contact_no'] = 'CON' . (1000 + $i);
        $row['modifiedtime'] = sprintf('2026-11-%02d %02d:%02d:%02d', 1 + $i % 28, $i % 24, $i % 60, ($i * 7) % 60);
        $rows[] = $row;
    }
    return envelope($rows);
}

/** A custom module with 300 fields of the usual kinds, half of them empty. */
function wide_module(): string
{
    mt_srand(20261123);
    $kinds = ['text', 'picklist', 'date', 'currency', 'integer', 'boolean', 'reference', 'email'];
    $words = ['alpha', 'Beta', 'Гамма', 'delta/epsilon', 'Zeta & Co', "O'Hara", '山田', 'theta "q"'];
    $rows = [];
    for ($r = 0; $r < 100; $r++) {
        $row = [];
        for ($f = 0; $f < 300; $f++) {
            $name = 'cf_' . (800 + $f);
            if (mt_rand(0, 1) === 0) {
                $row[$name] = '';
                continue;
            }
            $row[$name] = match ($kinds[$f % count($kinds)]) {
                'text' => $words[mt_rand(0, 7)] . ' ' . $words[mt_rand(0, 7)] . ' ' . mt_rand(1, 9999),
                'picklist' => ['Active', 'Inactive', 'Pending review'][mt_rand(0, 2)],
                'date' => sprintf('2026-%02d-%02d', mt_rand(1, 12), mt_rand(1, 28)),
                'currency' => sprintf('%d.%08d', mt_rand(0, 99999), mt_rand(0, 99) * 1000000),
                'integer' => (string) mt_rand(0, 100000),
                'boolean' => (string) mt_rand(0, 1),
                'reference' => '11x' . mt_rand(1, 500),
                'email' => 'user' . mt_rand(1, 999) . '@example.com',
            };
        }
        $row['assigned_user_id'] = '19x1';
        $row['id'] = '45x' . (100 + $r);
        $rows[] = $row;
    }
    return envelope($rows);
}

/** CPU seconds (user + system) this process has used. */
function cpu_seconds(): float
{
    $usage = getrusage();
    return $usage['ru_utime.tv_sec'] + $usage['ru_utime.tv_usec'] / 1e6
        + $usage['ru_stime.tv_sec'] + $usage['ru_stime.tv_usec'] / 1e6;
}

/**
 * Rounds of each candidate alternate, so that a busy moment of the machine falls on all of
 * them alike.
 *
 * @param array<string, callable> $candidates
 * @return array<string, array{float, int}> median seconds per call and bytes held by one result
 */
function measure(array $candidates, string $body, int $iterations): array
{
    $times = [];
    foreach ($candidates as $name => $decode) {
        $decode($body); // warm up
        $times[$name] = [];
    }
    for ($round = 0; $round < ROUNDS; $round++) {
        foreach ($candidates as $name => $decode) {
            $start = cpu_seconds();
            for ($i = 0; $i < $iterations; $i++) {
                $decode($body);
            }
            $times[$name][] = (cpu_seconds() - $start) / $iterations;
        }
    }
    $results = [];
    foreach ($candidates as $name => $decode) {
        sort($times[$name]);
        $before = memory_get_usage();
        $kept = $decode($body);
        $bytes = memory_get_usage() - $before;
        unset($kept);
        $results[$name] = [$times[$name][intdiv(ROUNDS, 2)], $bytes];
    }
    return $results;
}

$fixture = fixture_dir() . '/query-100-contacts.json';
if (!is_file($fixture)) {
    fwrite(STDERR, "fixture not found: $fixture (set VTWS_FIXTURES)\n");
    exit(1);
}
$recorded = json_decode((string) file_get_contents($fixture), true, 512, JSON_THROW_ON_ERROR)['response_raw'];
$bodies = [
    'query-100-contacts (recorded)' => $recorded,
    '1,000 contacts (synthetic)' => thousand_rows(recorded_rows($recorded)),
    '300-field module, 100 rows' => wide_module(),
];

$candidates = [
    'json_decode' => static fn (string $b): mixed => json_decode($b, true, 512, JSON_THROW_ON_ERROR),
    'Vtws\\decode' => static fn (string $b): mixed => Vtws\decode($b),
];
if (function_exists('simdjson_decode')) {
    $candidates['simdjson_decode'] = static fn (string $b): mixed => simdjson_decode($b, true);
}

$budget = (int) ($argv[1] ?? 0);
foreach ($bodies as $title => $body) {
    if (Vtws\decode($body) !== json_decode($body, true)) {
        fwrite(STDERR, "$title: Vtws\\decode() and json_decode() disagree\n");
        exit(1);
    }
    // About 0.1 s per round for json_decode unless the iterations are given.
    $iterations = $budget > 0 ? $budget : max(5, (int) (1.0e8 / max(1, strlen($body)) / 4));
    printf("\n%s: %d bytes, %d rounds of %d calls\n", $title, strlen($body), ROUNDS, $iterations);
    printf("%-16s %12s %8s %12s %8s %10s\n", 'decoder', 'CPU ms/call', 'MB/s', 'KB result', 'speed', 'memory');
    $baseline = null;
    foreach (measure($candidates, $body, $iterations) as $name => [$seconds, $bytes]) {
        $baseline ??= [$seconds, $bytes];
        printf("%-16s %12.4f %8.0f %12.1f %7.2fx %9.2fx\n", $name, $seconds * 1e3,
            strlen($body) / $seconds / 1e6, $bytes / 1024, $baseline[0] / $seconds,
            $bytes / max(1, $baseline[1]));
    }
}
