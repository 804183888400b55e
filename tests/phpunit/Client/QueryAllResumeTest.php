<?php

declare(strict_types=1);

namespace Vtws\Tests\Client;

require_once __DIR__ . '/TestCase.php';

use Vtws\Tests\ServerLauncher;

/**
 * Resuming queryAll from getOffset(): the server dies in the middle of a concurrent
 * iteration, comes back with the same data, and the job picks up where it stopped.
 */
final class QueryAllResumeTest extends TestCase
{
    private const EXTRA_CONTACTS = 1963; // 2000 contacts in all

    protected function setUp(): void
    {
        $external = getenv('VTWS_TEST_URL');
        if (is_string($external) && $external !== '') {
            self::markTestSkipped('needs a server this process started (VTWS_TEST_URL is set)');
        }
        self::resetServer(self::EXTRA_CONTACTS);
        self::clearFaults();
    }

    public function testResumingFromGetOffsetAfterTheServerDiedSeesEveryRowOnce(): void
    {
        $client = $this->loggedInClient();
        $everything = self::ids($client->queryAll('SELECT id, lastname FROM Contacts', [], ['concurrency' => 1]));
        self::assertCount(2000, $everything);

        $seen = [];
        $rows = $client->queryAll('SELECT id, lastname FROM Contacts', [], ['concurrency' => 4]);
        $failure = null;
        try {
            foreach ($rows as $key => $row) {
                self::assertSame(count($seen), $key);
                self::assertSame(count($seen), $rows->getOffset(), 'inside the loop: the offset of this row');
                $seen[] = $row['id'];
                if (count($seen) === 250) {
                    // At most 2 x 4 pages past this one can be requested yet: the rest fail.
                    ServerLauncher::kill();
                }
            }
        } catch (\Vtws\TransportException $e) {
            $failure = $e;
        }
        self::assertNotNull($failure, 'the iteration must fail once the server is gone');
        self::assertGreaterThanOrEqual(250, count($seen), 'the pages already fetched are still yielded');
        self::assertLessThan(2000, count($seen));
        $offset = $rows->getOffset();
        self::assertSame(count($seen), $offset, 'after the failure: the first row not yet seen');

        ServerLauncher::restart();
        // The sessions live in the server's database: the same client carries on.
        foreach ($client->queryAll('SELECT id, lastname FROM Contacts', [], ['concurrency' => 4, 'offset' => $offset]) as $row) {
            $seen[] = $row['id'];
        }

        self::assertSame($everything, $seen, 'every row exactly once, in order');
    }

    public function testOffsetOptionStartsAtThatRowOfTheResult(): void
    {
        $client = $this->loggedInClient();
        $everything = self::ids($client->queryAll('SELECT id FROM Contacts', [], ['concurrency' => 1]));

        $rows = $client->queryAll('SELECT id FROM Contacts', [], ['offset' => 333]);
        self::assertSame(333, $rows->getOffset(), 'before the first row');
        self::assertSame(array_slice($everything, 333), self::ids($rows));
        self::assertSame(2000, $rows->getOffset(), 'at the end: the row count');

        // With a caller LIMIT the offset counts within the limited result.
        $limited = $client->queryAll('SELECT id FROM Contacts LIMIT 100, 300', [], ['offset' => 250]);
        self::assertSame(array_slice($everything, 350, 50), self::ids($limited));
        self::assertSame(300, $limited->getOffset());

        self::assertSame([], self::ids($client->queryAll('SELECT id FROM Contacts', [], ['offset' => 5000])));
    }

    public function testOffsetAfterRewindStartsOver(): void
    {
        $client = $this->loggedInClient();
        $rows = $client->queryAll('SELECT id FROM Contacts', [], ['offset' => 1900]);

        self::assertCount(100, self::ids($rows));
        self::assertSame(2000, $rows->getOffset());
        $rows->rewind();
        self::assertSame(1900, $rows->getOffset());
        self::assertCount(100, self::ids($rows));
    }
}
