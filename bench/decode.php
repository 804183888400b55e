<?php

declare(strict_types=1);

/*
 * Decoding throughput and memory: Vtws\decode() against json_decode() on the recorded
 * 100-row query answer of a real Vtiger 8.0, measured side by side in one run.
 *
 *   php -d extension=modules/vtws.so bench/decode.php [iterations]
 */

$iterations = (int) ($argv[1] ?? 2000);
$fixture = __DIR__ . '/../../shared/fixtures/vtiger-8.0/query-100-contacts.json';
if (!is_file($fixture)) {
    fwrite(STDERR, "fixture not found: $fixture\n");
    exit(1);
}
$body = json_decode((string) file_get_contents($fixture), true, 512, JSON_THROW_ON_ERROR)['response_raw'];

/** @return array{float, int} seconds per call and bytes held by one result */
function measure(callable $decode, string $body, int $iterations): array
{
    $decode($body); // warm up
    $start = hrtime(true);
    for ($i = 0; $i < $iterations; $i++) {
        $decode($body);
    }
    $seconds = (hrtime(true) - $start) / 1e9 / $iterations;

    $before = memory_get_usage();
    $kept = $decode($body);
    $bytes = memory_get_usage() - $before;
    unset($kept);

    return [$seconds, $bytes];
}

$candidates = [
    'json_decode' => static fn (string $b): mixed => json_decode($b, true, 512, JSON_THROW_ON_ERROR),
    'Vtws\\decode' => static fn (string $b): mixed => Vtws\decode($b),
];

printf("body: %d bytes, %d iterations\n", strlen($body), $iterations);
printf("%-14s %12s %12s %10s %10s\n", 'decoder', 'ms/call', 'KB result', 'speed', 'memory');
$baseline = null;
foreach ($candidates as $name => $decode) {
    [$seconds, $bytes] = measure($decode, $body, $iterations);
    $baseline ??= [$seconds, $bytes];
    printf("%-14s %12.4f %12.1f %9.2fx %9.2fx\n", $name, $seconds * 1e3, $bytes / 1024,
        $baseline[0] / $seconds, $bytes / max(1, $baseline[1]));
}
