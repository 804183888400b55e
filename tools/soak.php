<?php

declare(strict_types=1);

/*
 * Soak test: many calls from one long-lived client against the bundled test server, with
 * memory_get_usage() and the process RSS (VmRSS) reported at intervals. Fails when either
 * grows past its bound between the end of the warm-up and the end of the run: a leak of a
 * few bytes per call shows up over thousands of calls.
 *
 *   php -d extension=modules/vtws.so tools/soak.php [--calls N] [--report-every N]
 *       [--max-heap-growth BYTES] [--max-rss-growth KB]
 *
 * The calls cycle through the operations a sync job uses (retrieve, query, describe,
 * sync, create/revise/delete, a bound query, a failing call, a re-login after an expired
 * session), so error paths are soaked too.
 */

require_once dirname(__DIR__) . '/tests/phpunit/StandaloneServer.php';

use Vtws\Tests\StandaloneServer;

function rss_kb(): int
{
    $status = (string) file_get_contents('/proc/self/status');
    return preg_match('/^VmRSS:\s+(\d+)\s+kB/m', $status, $m) === 1 ? (int) $m[1] : 0;
}

function options(array $argv): array
{
    $options = ['calls' => 20000, 'report-every' => 2000, 'max-heap-growth' => 64 * 1024, 'max-rss-growth' => 2048];
    for ($i = 1; $i < count($argv); $i++) {
        $name = ltrim($argv[$i], '-');
        if (!array_key_exists($name, $options) || !isset($argv[$i + 1]) || !ctype_digit($argv[$i + 1])) {
            fwrite(STDERR, "usage: soak.php [--calls N] [--report-every N] [--max-heap-growth BYTES] [--max-rss-growth KB]\n");
            exit(2);
        }
        $options[$name] = (int) $argv[++$i];
    }
    return $options;
}

/** One call of the cycle; returns nothing, throws only what a real job would not expect. */
function call_number(Vtws\Client $client, StandaloneServer $server, int $n): void
{
    switch ($n % 12) {
        case 0:
            $client->retrieve('12x3');
            break;
        case 1:
            $client->query('SELECT id, lastname, email FROM Contacts WHERE lastname = ? LIMIT 20', ["O'Brien-Smith"]);
            break;
        case 2:
            $client->describe('Contacts');
            $client->clearCache();
            break;
        case 3:
            $client->sync(time() - 3600, 'Contacts');
            break;
        case 4:
            $id = $client->create('Contacts', ['lastname' => "Soak $n", 'assigned_user_id' => '19x1'])['id'];
            $client->revise(['id' => $id, 'lastname' => "Soak $n revised"]);
            $client->delete($id);
            break;
        case 5:
            $client->query('SELECT id FROM Accounts LIMIT 5');
            break;
        case 6:
            try {
                $client->retrieve('12x999999');
            } catch (Vtws\ApiException) {
            }
            break;
        case 7:
            $client->listTypes();
            break;
        case 8:
            try {
                $client->query('SELECT * FROM Contacts WHERE');
            } catch (Vtws\ApiException) {
            }
            break;
        case 9:
            $client->count('Contacts');
            break;
        case 10:
            Vtws\decode('{"success":true,"result":[1,2,3]}');
            Vtws\bind('SELECT id FROM Contacts WHERE id IN ?', [['12x3', '12x4']]);
            break;
        default:
            if ($n % 1200 === 11) {
                // The next call finds its session gone and logs in again transparently.
                $server->control('expire-sessions');
            }
            $client->retrieve('11x2');
    }
}

function main(array $argv): int
{
    if (!extension_loaded('vtws')) {
        fwrite(STDERR, "soak: load the extension, e.g. php -d extension=modules/vtws.so tools/soak.php\n");
        return 2;
    }
    $o = options($argv);
    $server = StandaloneServer::onFreePort(2);
    $server->start();
    try {
        $server->control('reset');
        $client = new Vtws\Client($server->url(), ['timeout' => 30, 'connect_timeout' => 10]);
        $client->login('admin', 'vtwsAdminAccessK');
        $warmup = max(1, intdiv($o['calls'], 10));
        $baseline = null;
        $started = hrtime(true);
        printf("%8s %12s %10s %8s\n", 'calls', 'heap bytes', 'RSS kB', 'calls/s');
        for ($n = 1; $n <= $o['calls']; $n++) {
            call_number($client, $server, $n);
            if ($n === $warmup) {
                gc_collect_cycles();
                $baseline = ['heap' => memory_get_usage(), 'rss' => rss_kb()];
            }
            if ($n % $o['report-every'] === 0 || $n === $o['calls'] || $n === $warmup) {
                $rate = $n / max(1e-9, (hrtime(true) - $started) / 1e9);
                printf("%8d %12d %10d %8.0f%s\n", $n, memory_get_usage(), rss_kb(), $rate, $n === $warmup ? '  (end of warm-up)' : '');
            }
        }
        gc_collect_cycles();
        $heapGrowth = memory_get_usage() - $baseline['heap'];
        $rssGrowth = rss_kb() - $baseline['rss'];
        printf("growth after warm-up over %d calls: heap %+d bytes (bound %d), RSS %+d kB (bound %d)\n",
            $o['calls'] - $warmup, $heapGrowth, $o['max-heap-growth'], $rssGrowth, $o['max-rss-growth']);
        if ($heapGrowth > $o['max-heap-growth'] || $rssGrowth > $o['max-rss-growth']) {
            fwrite(STDERR, "soak: memory grew past its bound\n");
            return 1;
        }
        echo "soak: ok\n";
        return 0;
    } finally {
        $server->destroy();
    }
}

exit(main($argv));
