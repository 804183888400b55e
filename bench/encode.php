<?php

declare(strict_types=1);

/*
 * Request encoding, side by side in one run: the form body of a create call built the usual
 * PHP way, http_build_query([... 'element' => json_encode($element, flags)]), against
 * Vtws\encode(), which writes the element's JSON percent-encoded in one pass. Both bodies
 * are checked to carry the same data before timing. Times are medians of CPU time over
 * interleaved rounds.
 *
 *   php -d extension=modules/vtws.so bench/encode.php [iterations-per-round]
 */

const ROUNDS = 11;
const FLAGS = JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES;

function cpu_seconds(): float
{
    $usage = getrusage();
    return $usage['ru_utime.tv_sec'] + $usage['ru_utime.tv_usec'] / 1e6
        + $usage['ru_stime.tv_sec'] + $usage['ru_stime.tv_usec'] / 1e6;
}

/** A contact as a create call sends it: 30 fields, some accented, Cyrillic, Japanese. */
function contact(int $n): array
{
    return [
        'salutationtype' => 'Mr.', 'firstname' => "Jürgen $n", 'lastname' => 'Иванов-山田',
        'email' => "user$n@example.com", 'phone' => '+49 (30) 1234-' . $n, 'mobile' => '', 'fax' => '',
        'account_id' => '11x2', 'title' => 'Head of R&D / "Ops"', 'department' => 'Engineering',
        'birthday' => '1980-02-29', 'leadsource' => 'Web Site', 'assigned_user_id' => '19x1',
        'mailingstreet' => "Hauptstraße 1\nHinterhaus", 'mailingcity' => 'Köln', 'mailingzip' => '50667',
        'mailingcountry' => 'Deutschland', 'mailingstate' => 'NRW', 'mailingpobox' => '',
        'otherstreet' => '', 'othercity' => '', 'otherzip' => '', 'donotcall' => false, 'emailoptout' => true,
        'notify_owner' => '0', 'reference' => '0', 'portal' => '0', 'support_start_date' => '2026-01-01',
        'support_end_date' => '2027-01-01', 'description' => 'Met at the fair; wants a quote for 50 seats.',
    ];
}

/** An invoice with 50 line items. */
function invoice(): array
{
    $items = [];
    for ($i = 1; $i <= 50; $i++) {
        $items[] = ['productid' => '14x' . $i, 'quantity' => $i % 7 + 1, 'listprice' => 10.5 * $i,
            'comment' => "Pos. $i – Größe M", 'discount_percent' => $i % 3 ? 0 : 5.0];
    }
    return ['subject' => 'Rechnung 2026/11', 'account_id' => '11x2', 'invoicestatus' => 'Created',
        'bill_street' => 'Hauptstraße 1', 'ship_street' => 'Hauptstraße 1', 'assigned_user_id' => '19x1',
        'productid' => '14x1', 'LineItems' => $items];
}

$elements = [
    'contact, 30 fields' => contact(1),
    'invoice, 50 line items' => invoice(),
    'long description, 20 KB' => ['lastname' => 'Smith', 'assigned_user_id' => '19x1',
        'description' => str_repeat("Ein längerer Text mit \"Zitaten\", Umlauten und / Schrägstrichen.\n", 300)],
];

$budget = (int) ($argv[1] ?? 0);
foreach ($elements as $title => $element) {
    $params = ['operation' => 'create', 'sessionName' => '224fa9b36b03873173d68', 'elementType' => 'Contacts'];
    $candidates = [
        'http_build_query' => static fn (): string => http_build_query($params + ['element' => json_encode($element, FLAGS)]),
        'Vtws\\encode' => static fn (): string => Vtws\encode($params + ['element' => $element]),
    ];
    parse_str($candidates['http_build_query'](), $php);
    parse_str($candidates['Vtws\\encode'](), $ours);
    if ($php !== $ours || json_decode($ours['element'], true) !== json_decode(json_encode($element), true)) {
        fwrite(STDERR, "$title: the two bodies carry different data\n");
        exit(1);
    }
    $size = strlen($candidates['Vtws\\encode']());
    $iterations = $budget > 0 ? $budget : max(20, (int) (2.0e7 / $size));
    $times = array_fill_keys(array_keys($candidates), []);
    for ($round = 0; $round < ROUNDS; $round++) {
        foreach ($candidates as $name => $encode) {
            $start = cpu_seconds();
            for ($i = 0; $i < $iterations; $i++) {
                $encode();
            }
            $times[$name][] = (cpu_seconds() - $start) / $iterations;
        }
    }
    printf("\n%s: form body %d bytes, %d rounds of %d calls\n", $title, $size, ROUNDS, $iterations);
    printf("%-18s %12s %8s\n", 'encoder', 'CPU µs/call', 'speed');
    $baseline = null;
    foreach ($times as $name => $samples) {
        sort($samples);
        $median = $samples[intdiv(ROUNDS, 2)];
        $baseline ??= $median;
        printf("%-18s %12.2f %7.2fx\n", $name, $median * 1e6, $baseline / $median);
    }
}
