<?php

declare(strict_types=1);

namespace Vtws\Tests\Sync;

require_once __DIR__ . '/TempDir.php';
require_once __DIR__ . '/Child.php';

use PHPUnit\Framework\TestCase;
use Vtws\Sync\FileState;

/**
 * A run killed with SIGKILL in the middle of a long series of apply() calls leaves a
 * document that loads and equals the state after some prefix of the calls.
 */
final class FileStateCrashTest extends TestCase
{
    private const CHANGES = 100000;

    /** The k-th change of the series (k from 1): a token, a mapping, now and then a removal. */
    private const CHANGE = <<<'PHP'
        function change(int $k): array {
            $ops = [['op' => 'put', 'pair' => 'Contacts', 'vtiger' => '12x' . $k, 'service' => 'pe_' . $k,
                'vtigerMtime' => $k, 'serviceMtime' => 1714521600 + $k]];
            if ($k % 3 === 0) {
                $ops[] = ['op' => 'remove', 'pair' => 'Contacts', 'vtiger' => '12x' . ($k - 1)];
            }
            return ['pairs' => ['Contacts' => ['pull' => ['token' => 1714521600 + $k, 'complete' => $k % 2 === 0]]],
                'idmap' => $ops];
        }
        PHP;

    public function testKilledWriterLeavesAPrefixOfItsChanges(): void
    {
        $dir = new TempDir('vtws-crash');
        $path = $dir->path('state.json');
        try {
            $writer = Child::start(self::CHANGE . '
                $state = new Vtws\Sync\FileState($argv[1]);
                $state->apply(["connector" => "Crash", "synctype" => "user"]);
                echo "started\n";
                for ($k = 1; $k <= ' . self::CHANGES . '; $k++) {
                    $state->apply(change($k));
                }
                echo "finished\n";', [$path]);
            $writer->waitForLine('started');
            // Let it get well into the series, so that documents of some size are being written.
            $token = 0;
            for ($polls = 0; $polls < 10000 && $token < 1714521600 + 300; $polls++) {
                usleep(2000);
                $token = self::tokenOf($path);
            }
            $writer->kill();

            $loaded = (new FileState($path))->load();
            $applied = $loaded['pairs']['Contacts']['pull']['token'] - 1714521600;
            self::assertGreaterThan(0, $applied);
            self::assertLessThan(self::CHANGES, $applied, 'the writer was killed before the end');
            self::assertSame(self::expectedAfter($applied), $loaded);
        } finally {
            $dir->remove();
        }
    }

    /** The pull token read straight from the file, 0 while unreadable. */
    private static function tokenOf(string $path): int
    {
        $document = json_decode((string) @file_get_contents($path), true);
        return (int) ($document['pairs']['Contacts']['pull']['token'] ?? 0);
    }

    /** What the state must be after the first $count changes, computed by a store of its own. */
    private static function expectedAfter(int $count): array
    {
        $dir = new TempDir('vtws-crash-expected');
        try {
            if (!function_exists('vtws_crash_test_change')) {
                // The very code the writer ran, under a name of its own.
                eval(str_replace('function change(', 'function vtws_crash_test_change(', self::CHANGE));
            }
            $state = new FileState($dir->path('expected.json'));
            $state->apply(['connector' => 'Crash', 'synctype' => 'user']);
            for ($k = 1; $k <= $count; $k++) {
                $state->apply(vtws_crash_test_change($k));
            }
            return $state->load();
        } finally {
            $dir->remove();
        }
    }
}
