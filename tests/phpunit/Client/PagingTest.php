<?php

declare(strict_types=1);

namespace Vtws\Tests\Client;

require_once __DIR__ . '/TestCase.php';

use Vtws\Client;

/**
 * queryAll(): pages of LIMIT offset, 100 in id order until a short page. Request counts are
 * those of sequential paging (concurrency 1); ConcurrencyTest covers the parallel fetching.
 */
final class PagingTest extends TestCase
{
    private const SEQUENTIAL = ['concurrency' => 1];

    /** Resets the server so that the Contacts module holds exactly $total live records. */
    private function contactsInTotal(int $total): Client
    {
        self::resetServer();
        self::clearFaults();
        $base = $this->loggedInClient()->count('Contacts');
        self::assertLessThanOrEqual($total, $base, 'the seed alone has more contacts than the test wants');
        self::resetServer($total - $base);
        $client = $this->loggedInClient();
        self::assertSame($total, $client->count('Contacts'));
        self::resetStats();
        return $client;
    }

    public function testEveryRowExactlyOnceInIdOrderOver260Contacts(): void
    {
        $client = $this->contactsInTotal(260);

        $rows = $client->queryAll('SELECT id, lastname FROM Contacts', [], self::SEQUENTIAL);
        $ids = self::ids($rows);

        self::assertCount(260, $ids);
        self::assertSame(array_values(array_unique($ids)), $ids, 'no row may repeat');
        self::assertSame(self::sortIds($ids), $ids, 'rows come in id order');
        self::assertSame(3, $rows->getPageCount());
        self::assertSame(3, self::requestCount('query'));
    }

    public function testPagesUseLimitOffsetAndOrderById(): void
    {
        $client = $this->contactsInTotal(260);
        $keys = [];
        foreach ($client->queryAll('SELECT id FROM Contacts WHERE lastname != ?', ['x'], self::SEQUENTIAL) as $key => $row) {
            $keys[] = $key;
        }

        self::assertSame(range(0, 259), $keys, 'keys run on across pages');
        // Every page went as a GET query.
        foreach (self::requestLog() as $request) {
            self::assertSame(['GET', 'query'], [$request['method'], $request['operation']]);
        }
    }

    public function testExactMultipleOf100NeedsOneExtraEmptyPage(): void
    {
        $client = $this->contactsInTotal(200);

        $rows = $client->queryAll('SELECT id FROM Contacts', [], self::SEQUENTIAL);
        $ids = self::ids($rows);

        self::assertCount(200, array_unique($ids));
        self::assertSame(3, $rows->getPageCount());
        self::assertSame(3, self::requestCount('query'));
    }

    public function testCallerLimitIsHonoured(): void
    {
        $client = $this->contactsInTotal(260);
        $everything = self::ids($client->queryAll('SELECT id FROM Contacts', [], self::SEQUENTIAL));
        self::resetStats();

        $rows = $client->queryAll('SELECT id FROM Contacts LIMIT 10, 150', [], self::SEQUENTIAL);
        $ids = self::ids($rows);

        self::assertSame(array_slice($everything, 10, 150), $ids);
        self::assertSame(2, $rows->getPageCount());
        self::assertSame(2, self::requestCount('query'));
    }

    public function testLimitBelowOnePageIsOneRequest(): void
    {
        $client = $this->contactsInTotal(260);

        $rows = $client->queryAll('SELECT id FROM Contacts LIMIT 5');

        self::assertCount(5, self::ids($rows));
        self::assertSame(1, self::requestCount('query'));
    }

    public function testCallerOrderIsKept(): void
    {
        $client = $this->contactsInTotal(260);

        $ids = self::ids($client->queryAll('SELECT id FROM Contacts ORDER BY id DESC'));

        self::assertCount(260, array_unique($ids));
        self::assertSame(array_reverse(self::sortIds($ids)), $ids);
    }

    public function testQueryAllIsLazyAndRewindableOnTheFirstPage(): void
    {
        $client = $this->contactsInTotal(150);

        $rows = $client->queryAll('SELECT id FROM Contacts', [], self::SEQUENTIAL);
        self::assertSame(0, self::requestCount('query'), 'nothing is fetched before iterating');
        $first = null;
        foreach ($rows as $row) {
            $first = $row['id'];
            break;
        }
        self::assertSame(1, self::requestCount('query'));
        $rows->rewind();
        self::assertSame($first, $rows->current()['id']);
        self::assertSame(1, self::requestCount('query'));
    }

    public function testEmptyResultIsOneRequest(): void
    {
        $client = $this->contactsInTotal(150);

        $rows = $client->queryAll('SELECT id FROM Contacts WHERE lastname = ?', ['Nobody at all']);

        self::assertSame([], iterator_to_array($rows));
        self::assertSame(1, self::requestCount('query'));
    }

    public function testQueryAllOfCountIsOneRequest(): void
    {
        $client = $this->contactsInTotal(150);

        $rows = iterator_to_array($client->queryAll('SELECT count(*) FROM Contacts'));

        self::assertSame('150', (string) $rows[0]['count']);
        self::assertSame(1, self::requestCount('query'));
    }

    public function testQueryReturnsAtMost100RowsWhereQueryAllReturnsAll(): void
    {
        $client = $this->contactsInTotal(150);

        self::assertCount(100, $client->query('SELECT id FROM Contacts'));
        self::assertCount(150, iterator_to_array($client->queryAll('SELECT id FROM Contacts')));
    }

    public function testAFailingPageThrowsAndTheClientStaysUsable(): void
    {
        $client = $this->contactsInTotal(260);
        self::armFault('http500', 1, 'query');

        $rows = $client->queryAll('SELECT id FROM Contacts', [], self::SEQUENTIAL);
        self::catchThrown(\Vtws\TransportException::class, fn () => iterator_to_array($rows));

        self::assertCount(260, iterator_to_array($client->queryAll('SELECT id FROM Contacts')));
    }
}
