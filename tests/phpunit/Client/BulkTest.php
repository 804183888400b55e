<?php

declare(strict_types=1);

namespace Vtws\Tests\Client;

require_once __DIR__ . '/TestCase.php';

use Vtws\ApiException;

/** createMany, reviseMany, deleteMany: one outcome per element, keyed like the input. */
final class BulkTest extends TestCase
{
    protected function setUp(): void
    {
        self::resetServer();
        self::clearFaults();
        self::resetStats();
    }

    private static function contact(string $lastname): array
    {
        return ['lastname' => $lastname, 'assigned_user_id' => self::ADMIN_ID];
    }

    public function testCreateManyKeepsKeysAndOrderAndReportsEachFailure(): void
    {
        $client = $this->loggedInClient();
        $elements = [
            'first' => self::contact('Bulk One'),
            'nameless' => ['firstname' => 'No last name', 'assigned_user_id' => self::ADMIN_ID],
            7 => self::contact('Bulk Seven'),
            'blank' => self::contact(''),
            'last' => self::contact('Bulk Last'),
        ];

        $results = $client->createMany('Contacts', $elements, ['concurrency' => 3]);

        self::assertSame(['first', 'nameless', 7, 'blank', 'last'], array_keys($results));
        foreach (['first', 7, 'last'] as $key) {
            self::assertTrue($results[$key]['ok']);
            self::assertSame($elements[$key]['lastname'], $results[$key]['result']['lastname']);
            self::assertSame($results[$key]['result'], $client->retrieve($results[$key]['result']['id']));
        }
        foreach (['nameless', 'blank'] as $key) {
            self::assertFalse($results[$key]['ok']);
            self::assertInstanceOf(ApiException::class, $results[$key]['error']);
            self::assertSame('create', $results[$key]['error']->getOperation());
        }
        self::assertSame('MANDATORY_FIELDS_MISSING', $results['nameless']['error']->getVtigerCode());
        self::assertSame(5, self::requestCount('create'), 'every element was sent once');
    }

    public function testCreateManyTakesAGeneratorAndReportsProgress(): void
    {
        $client = $this->loggedInClient();
        $generator = (static function (): \Generator {
            for ($i = 0; $i < 25; $i++) {
                yield "c$i" => self::contact("Generated $i");
            }
        })();
        $progress = [];

        $results = $client->createMany('Contacts', $generator, [
            'progress' => static function (int $done, ?int $total) use (&$progress): void {
                $progress[] = [$done, $total];
            },
        ]);

        self::assertCount(25, $results);
        self::assertSame(array_map(static fn (int $i): string => "c$i", range(0, 24)), array_keys($results));
        self::assertSame(array_map(static fn (int $i): array => [$i, 25], range(1, 25)), $progress);
        $ids = array_map(static fn (array $r): string => $r['result']['id'], $results);
        self::assertCount(25, array_unique($ids));
    }

    public function testReviseManyWithMixedOutcomes(): void
    {
        $client = $this->loggedInClient();
        $created = $client->createMany('Contacts', [self::contact('Before A'), self::contact('Before B')]);
        $a = $created[0]['result']['id'];
        $b = $created[1]['result']['id'];

        $results = $client->reviseMany([
            'a' => ['id' => $a, 'lastname' => 'After A'],
            'missing' => ['id' => '12x999999', 'lastname' => 'Nobody'],
            'b' => ['id' => $b, 'title' => 'Revised title'],
            'empty' => ['id' => $a, 'lastname' => ''],
        ], ['concurrency' => 2]);

        self::assertSame(['a', 'missing', 'b', 'empty'], array_keys($results));
        self::assertTrue($results['a']['ok']);
        self::assertTrue($results['b']['ok']);
        self::assertSame('Before B', $client->retrieve($b)['lastname'], 'revise keeps the fields not given');
        self::assertSame('Revised title', $client->retrieve($b)['title']);
        self::assertFalse($results['missing']['ok']);
        self::assertInstanceOf(ApiException::class, $results['missing']['error']);
        self::assertFalse($results['empty']['ok']);
        self::assertSame('After A', $client->retrieve($a)['lastname'], 'the failed revise changed nothing');
    }

    public function testDeleteManyWithMixedOutcomes(): void
    {
        $client = $this->loggedInClient();
        $created = $client->createMany('Contacts', [self::contact('Doomed 1'), self::contact('Doomed 2')]);
        $ids = array_map(static fn (array $r): string => $r['result']['id'], $created);

        $results = $client->deleteMany(['x' => $ids[0], 'y' => '12x999999', 'z' => $ids[1]]);

        self::assertSame(['ok' => true, 'result' => null], $results['x']);
        self::assertSame(['ok' => true, 'result' => null], $results['z']);
        self::assertFalse($results['y']['ok']);
        self::assertInstanceOf(\Vtws\Exception::class, $results['y']['error']);
        foreach ($ids as $id) {
            self::apiError(fn () => $client->retrieve($id));
        }
    }

    public function testTransportFailuresAreOutcomesToo(): void
    {
        $client = $this->loggedInClient();
        self::armFault('http500', 1, 'create');

        $results = $client->createMany('Contacts', [self::contact('One'), self::contact('Two'), self::contact('Three')],
            ['concurrency' => 1]);

        self::assertFalse($results[0]['ok']);
        self::assertInstanceOf(\Vtws\TransportException::class, $results[0]['error']);
        self::assertSame(500, $results[0]['error']->getHttpStatus());
        self::assertTrue($results[1]['ok']);
        self::assertTrue($results[2]['ok']);
    }

    public function testExpiredSessionsAreRenewedDuringABatch(): void
    {
        $client = $this->loggedInClient();
        $client->createMany('Contacts', [self::contact('Warm 1'), self::contact('Warm 2')]);
        self::expireSessions();

        $results = $client->createMany('Contacts', array_map(static fn (int $i): array => self::contact("After $i"), range(1, 8)));

        self::assertSame(array_fill(0, 8, true), array_column($results, 'ok'));
    }

    public function testRequestsAreSpreadOverSessions(): void
    {
        $client = $this->loggedInClient();
        self::resetStats();

        $client->createMany('Contacts', array_map(static fn (int $i): array => self::contact("Spread $i"), range(1, 12)),
            ['concurrency' => 4]);

        $creates = array_filter(self::control('timeline', [], 'GET')['timeline'],
            static fn (array $line): bool => $line['operation'] === 'create');
        self::assertCount(12, $creates);
        self::assertCount(4, array_unique(array_column($creates, 'session')));
    }

    public function testBadElementsThrowBeforeAnythingIsSent(): void
    {
        $client = $this->loggedInClient();
        self::resetStats();

        self::catchThrown(\TypeError::class, fn () => $client->createMany('Contacts', [self::contact('ok'), 'not an array']));
        self::catchThrown(\ValueError::class, fn () => $client->createMany('Contacts; drop', [self::contact('ok')]));
        self::catchThrown(\ValueError::class, fn () => $client->reviseMany([['lastname' => 'no id']]));
        self::catchThrown(\TypeError::class, fn () => $client->deleteMany(['12x3', 42]));
        self::catchThrown(\ValueError::class, fn () => $client->deleteMany(['']));
        self::catchThrown(\ValueError::class, fn () => $client->deleteMany(['12x3'], ['concurrency' => 0]));
        self::catchThrown(\ValueError::class, fn () => $client->deleteMany(['12x3'], ['unknown' => 1]));
        self::catchThrown(\TypeError::class, fn () => $client->deleteMany(['12x3'], ['progress' => 42]));

        self::assertSame(0, self::totalRequests());
        self::assertSame([], $client->deleteMany([]));
    }

    public function testAnExceptionFromProgressStopsTheBatch(): void
    {
        $client = $this->loggedInClient();

        $e = self::catchThrown(\RuntimeException::class, fn () => $client->createMany('Contacts',
            array_map(static fn (int $i): array => self::contact("Stop $i"), range(1, 20)),
            ['concurrency' => 2, 'progress' => static function (int $done): void {
                if ($done === 3) {
                    throw new \RuntimeException('stop here');
                }
            }]));

        self::assertSame('stop here', $e->getMessage());
        self::assertLessThan(20, self::requestCount('create'));
    }
}
