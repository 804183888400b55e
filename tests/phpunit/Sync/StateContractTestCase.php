<?php

declare(strict_types=1);

namespace Vtws\Tests\Sync;

use PHPUnit\Framework\TestCase;
use Vtws\Sync\State;

/**
 * The behaviour every Vtws\Sync\State store owes the engine (the agreed interface), run
 * against each store by a subclass that says how to open one.
 */
abstract class StateContractTestCase extends TestCase
{
    /** A store for the connector; the same arguments later reopen the same state. */
    abstract protected function open(string $connector = 'acme'): State;

    public function testEmptyStateLoadsAsEmptyArray(): void
    {
        self::assertSame([], $this->open()->load());
    }

    public function testDocumentOfSection12Survives(): void
    {
        $state = $this->open();
        $state->apply(['connector' => 'AcmeDirectory', 'synctype' => 'user']);
        $state->apply(['pairs' => [
            'Accounts' => ['pull' => ['token' => 1714555800, 'complete' => true],
                'push' => ['token' => 1714557000, 'complete' => true, 'failed' => []]],
            'Contacts' => ['pull' => ['token' => 1714556710, 'complete' => false, 'retries' => ['pe_13' => 1]],
                'push' => ['token' => 1714550000, 'complete' => false, 'failed' => ['12x310']]],
        ]]);
        $state->apply(['idmap' => [['op' => 'put', 'pair' => 'Accounts', 'vtiger' => '11x77', 'service' => 'co_81',
            'vtigerMtime' => 1714555801, 'serviceMtime' => 1714555800]]]);
        $expected = [
            'connector' => 'AcmeDirectory',
            'synctype' => 'user',
            'pairs' => [
                'Accounts' => ['pull' => ['token' => 1714555800, 'complete' => true, 'retries' => []],
                    'push' => ['token' => 1714557000, 'complete' => true, 'failed' => []]],
                'Contacts' => ['pull' => ['token' => 1714556710, 'complete' => false, 'retries' => ['pe_13' => 1]],
                    'push' => ['token' => 1714550000, 'complete' => false, 'failed' => ['12x310']]],
            ],
            'idmap' => ['Accounts' => [['vtiger' => '11x77', 'service' => 'co_81', 'vtigerMtime' => 1714555801,
                'serviceMtime' => 1714555800]]],
        ];
        self::assertSame(self::canonical($expected), self::canonical($state->load()));
        unset($state);
        self::assertSame(self::canonical($expected), self::canonical($this->open()->load()), 'reopened');
    }

    public function testGivenKeysOfADirectionReplaceTheOthersStay(): void
    {
        $state = $this->open();
        $state->apply(['pairs' => ['Accounts' => ['pull' => ['token' => 10, 'retries' => ['co_1' => 2]]]]]);
        $state->apply(['pairs' => ['Accounts' => ['pull' => ['complete' => true]]]]);
        $state->apply(['pairs' => ['Accounts' => ['push' => ['failed' => ['11x1', '11x2']]]]]);
        $state->apply(['pairs' => ['Accounts' => ['pull' => ['token' => null, 'retries' => []]]]]);
        self::assertSame([
            'pull' => ['token' => null, 'complete' => true, 'retries' => []],
            'push' => ['token' => null, 'complete' => false, 'failed' => ['11x1', '11x2']],
        ], $state->load()['pairs']['Accounts']);
        // connector and synctype are replaced independently, and only when given.
        $state->apply(['synctype' => 'app']);
        $state->apply(['connector' => 'First']);
        $state->apply(['connector' => 'Second']);
        $loaded = $state->load();
        self::assertSame(['Second', 'app'], [$loaded['connector'], $loaded['synctype']]);
    }

    public function testRetriesKeepNumericServiceIds(): void
    {
        $state = $this->open();
        $state->apply(['pairs' => ['Accounts' => ['pull' => ['retries' => ['77' => 1, 'pe_2' => 3, '0' => 2]]]]]);
        unset($state);
        $retries = $this->open()->load()['pairs']['Accounts']['pull']['retries'];
        ksort($retries, SORT_STRING);
        self::assertSame(['0' => 2, '77' => 1, 'pe_2' => 3], $retries);
    }

    public function testPutReplacesEntriesSharingEitherIdAndRemoveDrops(): void
    {
        $state = $this->open();
        $put = static fn (string $pair, string $vtiger, string $service, ?int $mtime = null): array =>
            ['op' => 'put', 'pair' => $pair, 'vtiger' => $vtiger, 'service' => $service, 'serviceMtime' => $mtime];
        $state->apply(['idmap' => [
            $put('Contacts', '12x1', 'pe_1', 1), $put('Contacts', '12x2', 'pe_2', 2), $put('Contacts', '12x3', 'pe_3', 3),
            // The same service id in another pair is another entry.
            $put('Accounts', '11x1', 'pe_1'),
        ]]);
        $state->apply(['idmap' => [
            $put('Contacts', '12x1', 'pe_9', 9),      // same vtiger id: replaces 12x1 <-> pe_1
            $put('Contacts', '12x7', 'pe_2', 7),      // same service id: replaces 12x2 <-> pe_2
            $put('Contacts', '12x3', 'pe_9', 10),     // both: replaces 12x3 and the new 12x1
            ['op' => 'remove', 'pair' => 'Contacts', 'vtiger' => '12x404'],
            ['op' => 'remove', 'pair' => 'Accounts', 'vtiger' => '11x1'],
        ]]);
        $entries = $state->load()['idmap'];
        self::assertArrayNotHasKey('Accounts', $entries, 'a pair without entries is left out');
        $contacts = $entries['Contacts'];
        usort($contacts, static fn (array $a, array $b): int => strcmp($a['vtiger'], $b['vtiger']));
        self::assertSame([
            ['vtiger' => '12x3', 'service' => 'pe_9', 'vtigerMtime' => null, 'serviceMtime' => 10],
            ['vtiger' => '12x7', 'service' => 'pe_2', 'vtigerMtime' => null, 'serviceMtime' => 7],
        ], $contacts);
    }

    public function testOperationsApplyInOrder(): void
    {
        $state = $this->open();
        $state->apply(['idmap' => [
            ['op' => 'put', 'pair' => 'A', 'vtiger' => '1x1', 'service' => 's1'],
            ['op' => 'remove', 'pair' => 'A', 'vtiger' => '1x1'],
            ['op' => 'put', 'pair' => 'A', 'vtiger' => '1x2', 'service' => 's1'],
            ['op' => 'remove', 'pair' => 'A', 'vtiger' => '1x3'],
        ]]);
        self::assertSame(['A' => [['vtiger' => '1x2', 'service' => 's1', 'vtigerMtime' => null, 'serviceMtime' => null]]],
            $state->load()['idmap']);
    }

    /** Random batches over a few ids, against the operations replayed one by one in PHP. */
    public function testRandomBatchesMatchOperationsAppliedOneByOne(): void
    {
        mt_srand(20261123);
        $state = $this->open();
        $expected = [];
        for ($batch = 0; $batch < 40; $batch++) {
            $operations = [];
            for ($i = mt_rand(1, 12); $i > 0; $i--) {
                $pair = ['A', 'B'][mt_rand(0, 1)];
                $vtiger = '1x' . mt_rand(1, 6);
                $operations[] = mt_rand(0, 3) === 0
                    ? ['op' => 'remove', 'pair' => $pair, 'vtiger' => $vtiger]
                    : ['op' => 'put', 'pair' => $pair, 'vtiger' => $vtiger, 'service' => 's' . mt_rand(1, 6),
                        'vtigerMtime' => $batch, 'serviceMtime' => $i];
            }
            $state->apply(['idmap' => $operations]);
            foreach ($operations as $op) {
                $expected[$op['pair']] = array_values(array_filter($expected[$op['pair']] ?? [],
                    static fn (array $e): bool => $e['vtiger'] !== $op['vtiger']
                        && ($op['op'] === 'remove' || $e['service'] !== $op['service'])));
                if ($op['op'] === 'put') {
                    $expected[$op['pair']][] = ['vtiger' => $op['vtiger'], 'service' => $op['service'],
                        'vtigerMtime' => $op['vtigerMtime'], 'serviceMtime' => $op['serviceMtime']];
                }
            }
            $expected = array_filter($expected);
            $sorted = static function (array $map): array {
                ksort($map);
                foreach ($map as &$entries) {
                    usort($entries, static fn (array $a, array $b): int => strcmp($a['vtiger'], $b['vtiger']));
                }
                return $map;
            };
            self::assertSame($sorted($expected), $sorted($state->load()['idmap'] ?? []), "after batch $batch");
        }
    }

    /** @return iterable<string, array{array, string}> */
    public static function badShapes(): iterable
    {
        yield 'unknown key' => [['cursor' => 1], '"cursor"'];
        yield 'synctype not a string' => [['synctype' => ['user']], '"synctype"'];
        yield 'direction unknown' => [['pairs' => ['A' => ['both' => []]]], '"pairs.A.both"'];
        yield 'token a float' => [['pairs' => ['A' => ['pull' => ['token' => 1.5]]]], '"pairs.A.pull.token"'];
        yield 'complete a string' => [['pairs' => ['A' => ['push' => ['complete' => 'yes']]]], '"pairs.A.push.complete"'];
        yield 'failed on pull' => [['pairs' => ['A' => ['pull' => ['failed' => []]]]], '"pairs.A.pull.failed"'];
        yield 'failed holds an int' => [['pairs' => ['A' => ['push' => ['failed' => [12]]]]], '"pairs.A.push.failed"'];
        yield 'idmap an object' => [['idmap' => ['op' => 'put']], '"idmap"'];
        yield 'op unknown' => [['idmap' => [['op' => 'replace', 'pair' => 'A', 'vtiger' => '1']]], '"idmap.0.op"'];
        yield 'vtiger empty' => [['idmap' => [['op' => 'remove', 'pair' => 'A', 'vtiger' => '']]], '"idmap.0.vtiger"'];
        yield 'service an int' => [['idmap' => [['op' => 'put', 'pair' => 'A', 'vtiger' => '1', 'service' => 81]]], '"idmap.0.service"'];
        yield 'pair missing' => [['idmap' => [['op' => 'remove', 'vtiger' => '1']]], '"idmap.0.pair"'];
        yield 'second op bad' => [['idmap' => [['op' => 'remove', 'pair' => 'A', 'vtiger' => '1'], 'x']], '"idmap.1"'];
    }

    /** @dataProvider badShapes */
    public function testBadShapesThrowValueErrorAndChangeNothing(array $changes, string $named): void
    {
        $state = $this->open();
        $state->apply(['connector' => 'Acme', 'idmap' => [['op' => 'put', 'pair' => 'A', 'vtiger' => '1', 'service' => 's']]]);
        $before = $state->load();
        try {
            $state->apply($changes + ['synctype' => 'user']);
            self::fail('no ValueError');
        } catch (\ValueError $e) {
            self::assertStringContainsString($named, $e->getMessage());
        }
        self::assertSame($before, $state->load());
        unset($state);
        self::assertSame(self::canonical($before), self::canonical($this->open()->load()));
    }

    public function testConnectorsDoNotShareState(): void
    {
        $first = $this->open('first');
        $first->apply(['synctype' => 'user', 'idmap' => [['op' => 'put', 'pair' => 'A', 'vtiger' => '1', 'service' => 's']]]);
        $second = $this->open('second');
        self::assertSame([], $second->load());
        $second->apply(['idmap' => [['op' => 'put', 'pair' => 'A', 'vtiger' => '1', 'service' => 's']]]);
        self::assertSame('user', $first->load()['synctype']);
        self::assertArrayNotHasKey('synctype', $second->load());
    }

    /** Order of map keys is not part of the document; lists keep theirs. */
    protected static function canonical(array $document): array
    {
        foreach ($document as $key => $value) {
            if (is_array($value) && !array_is_list($value)) {
                $document[$key] = self::canonical($value);
            }
        }
        if (!array_is_list($document)) {
            ksort($document, SORT_STRING);
        }
        return $document;
    }
}
