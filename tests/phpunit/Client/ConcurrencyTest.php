<?php

declare(strict_types=1);

namespace Vtws\Tests\Client;

require_once __DIR__ . '/TestCase.php';

use Vtws\Client;

/**
 * queryAll() with concurrency: pages fetched side by side over a pool of sessions, rows in
 * order, at most N requests in flight; and the server's per-session serialisation that
 * makes the pool necessary. Overlap is read from the server's timeline, never timed here.
 */
final class ConcurrencyTest extends TestCase
{
    /** Contacts after the reset: the 37 seeded ones plus these. */
    private const EXTRA_CONTACTS = 1100;

    /** @var list<string> every contact id in id order */
    private static array $allIds = [];

    public static function setUpBeforeClass(): void
    {
        self::resetServer(self::EXTRA_CONTACTS);
        $client = new Client(self::baseUrl(), ['timeout' => 30]);
        $client->login(self::ADMIN_USER, self::ADMIN_KEY);
        self::$allIds = self::ids($client->queryAll('SELECT id FROM Contacts', [], ['concurrency' => 1]));
        $client->logout();
    }

    protected function setUp(): void
    {
        self::clearFaults();
        self::resetStats();
    }

    /** @return array<string, array{int}> */
    public static function rowCounts(): array
    {
        $counts = [];
        foreach ([0, 1, 99, 100, 101, 250, 1000] as $count) {
            $counts["$count rows"] = [$count];
        }
        return $counts;
    }

    /** @dataProvider rowCounts */
    public function testConcurrentPagingYieldsTheRowsOfSequentialPaging(int $count): void
    {
        self::assertGreaterThan($count, count(self::$allIds));
        // Every contact after this one: exactly $count rows.
        $after = self::$allIds[count(self::$allIds) - $count - 1];
        $client = $this->loggedInClient();
        $query = 'SELECT id, lastname FROM Contacts WHERE id > ?';

        $sequential = iterator_to_array($client->queryAll($query, [$after], ['concurrency' => 1]));
        $concurrent = iterator_to_array($client->queryAll($query, [$after], ['concurrency' => 4]));

        self::assertCount($count, $sequential);
        self::assertSame(array_slice(self::$allIds, count(self::$allIds) - $count), array_column($sequential, 'id'));
        self::assertSame($sequential, $concurrent, 'same rows, same order, same keys');
    }

    public function testCallerLimitIsHonouredConcurrently(): void
    {
        $client = $this->loggedInClient();

        $rows = $client->queryAll('SELECT id FROM Contacts LIMIT 10, 250', [], ['concurrency' => 4]);
        self::assertSame(array_slice(self::$allIds, 10, 250), self::ids($rows));

        $short = $client->queryAll('SELECT id FROM Contacts LIMIT 42', [], ['concurrency' => 8]);
        self::assertSame(array_slice(self::$allIds, 0, 42), self::ids($short));
        self::assertSame(1, $short->getPageCount(), 'a limit under one page is one request');
    }

    public function testNeverMoreThanConcurrencyRequestsInFlight(): void
    {
        $client = $this->loggedInClient();
        // Slow pages make the requests of one window overlap on the server.
        self::armFault('latency', 1000, 'query', 40);
        self::resetStats();

        $ids = self::ids($client->queryAll('SELECT id FROM Contacts', [], ['concurrency' => 3]));
        self::clearFaults();

        self::assertSame(self::$allIds, $ids);
        $queries = array_values(array_filter(self::timeline(), static fn (array $r): bool => $r['operation'] === 'query'));
        // 1137 rows: 11 full pages and a short one, plus a few requested past the end.
        self::assertGreaterThanOrEqual(12, count($queries));
        self::assertLessThanOrEqual(12 + 2 * 3, count($queries));
        $peak = self::peakOverlap($queries, 'arrived');
        self::assertLessThanOrEqual(3, $peak, 'at most 3 pages in flight');
        self::assertGreaterThanOrEqual(2, $peak, 'pages were fetched side by side');
        // Spread over the pool; a slow machine may replace a session once (transparent re-login),
        // so the count of distinct names is not pinned, the overlap bound above is what matters.
        self::assertGreaterThanOrEqual(2, count(array_unique(array_column($queries, 'session'))), 'spread over sessions');
    }

    public function testExtraSessionsAreOpenedWithOneChallengeAndLoggedOut(): void
    {
        $client = $this->loggedInClient();
        self::resetStats();

        self::assertCount(1137, self::ids($client->queryAll('SELECT id FROM Contacts', [], ['concurrency' => 4])));
        self::assertSame(1, self::requestCount('getchallenge'), 'one token serves the three extra logins');
        self::assertSame(3, self::requestCount('login'));

        // The pool is kept for the next call...
        self::assertCount(1137, self::ids($client->queryAll('SELECT id FROM Contacts', [], ['concurrency' => 4])));
        self::assertSame(3, self::requestCount('login'));

        // ...and logged out with the client's own session.
        $client->logout();
        self::assertSame(4, self::requestCount('logout'));
    }

    public function testExtraSessionsAreLoggedOutWhenTheClientGoes(): void
    {
        $client = $this->loggedInClient();
        self::assertCount(1137, self::ids($client->queryAll('SELECT id FROM Contacts', [], ['concurrency' => 3])));
        self::resetStats();

        unset($client);

        self::assertSame(2, self::requestCount('logout'), 'the two extra sessions; the own one is the caller\'s');
    }

    public function testExpiredSessionsOfThePoolAreRenewed(): void
    {
        $client = $this->loggedInClient();
        self::assertCount(1137, self::ids($client->queryAll('SELECT id FROM Contacts', [], ['concurrency' => 4])));
        self::expireSessions();

        self::assertSame(self::$allIds, self::ids($client->queryAll('SELECT id FROM Contacts', [], ['concurrency' => 4])));
    }

    public function testWithoutAutoReloginAnExpiredSessionFailsTheIteration(): void
    {
        $client = $this->loggedInClient(['auto_relogin' => false]);
        self::expireSessions();

        $e = self::apiError(fn () => self::ids($client->queryAll('SELECT id FROM Contacts', [], ['concurrency' => 4])));
        self::assertSame('INVALID_SESSIONID', $e->getVtigerCode());
    }

    public function testUseSessionClientPagesOverItsOneSession(): void
    {
        $owner = $this->loggedInClient();
        $client = $this->newClient();
        $client->useSession((string) $owner->getSessionName());
        self::armFault('latency', 1000, 'query', 20);
        self::resetStats();

        self::assertSame(self::$allIds, self::ids($client->queryAll('SELECT id FROM Contacts', [], ['concurrency' => 4])));
        self::clearFaults();

        self::assertSame(0, self::requestCount('login'), 'no credentials: no extra session');
        $queries = array_values(array_filter(self::timeline(), static fn (array $r): bool => $r['operation'] === 'query'));
        self::assertCount(1, array_unique(array_column($queries, 'session')));
        self::assertSame(1, self::peakOverlap($queries, 'started'), 'the server ran them one at a time');
    }

    public function testRequestsOnOneSessionNeverOverlapOnTheServer(): void
    {
        $session = (string) $this->loggedInClient()->getSessionName();
        $waited = false;
        // php -S lets one worker accept a connection while it still runs another request, so
        // requests sent together do not always reach PHP together: try a few rounds.
        for ($round = 0; $round < 5 && !$waited; $round++) {
            $lines = self::retrievesSideBySide([$session, $session, $session]);
            self::assertCount(3, $lines);
            self::assertSame(1, self::peakOverlap($lines, 'started'), 'one session: one request at a time');
            $waited = self::peakOverlap($lines, 'arrived') >= 2;
        }
        self::assertTrue($waited, 'in some round the requests were at the server together and one waited');
    }

    public function testRequestsOnDifferentSessionsOverlapOnTheServer(): void
    {
        $sessions = [];
        for ($i = 0; $i < 3; $i++) {
            $sessions[] = (string) $this->loggedInClient()->getSessionName();
        }
        $overlapped = false;
        // On a busy machine a worker may only pick a request up after another finished: retry.
        for ($round = 0; $round < 10 && !$overlapped; $round++) {
            $lines = self::retrievesSideBySide($sessions);
            self::assertCount(3, $lines);
            self::assertCount(3, array_unique(array_column($lines, 'session')));
            $overlapped = self::peakOverlap($lines, 'started') >= 2;
        }
        self::assertTrue($overlapped, 'requests of different sessions ran at the same time');
    }

    /** One round of slow retrieves sent together; returns their timeline lines. */
    private static function retrievesSideBySide(array $sessions): array
    {
        self::clearFaults();
        // Long enough that three requests sent together are in the server together even when
        // the machine is busy.
        self::armFault('latency', count($sessions), 'retrieve', 250);
        self::resetStats();
        self::parallelRetrieves($sessions);
        return array_values(array_filter(self::timeline(), static fn (array $r): bool => $r['operation'] === 'retrieve'));
    }

    public function testProgressReportsRowsAndTheTotalOnceKnown(): void
    {
        $client = $this->loggedInClient();
        $calls = [];

        $ids = self::ids($client->queryAll('SELECT id FROM Contacts', [], [
            'concurrency' => 4,
            'progress' => static function (int $done, ?int $total) use (&$calls): void {
                $calls[] = [$done, $total];
            },
        ]));

        self::assertCount(1137, $ids);
        self::assertSame([100, null], $calls[0]);
        self::assertSame([1137, 1137], $calls[count($calls) - 1]);
        self::assertCount(12, $calls, 'once per page');
    }

    public function testAnExceptionFromProgressStopsTheIteration(): void
    {
        $client = $this->loggedInClient();
        $seen = 0;
        $rows = $client->queryAll('SELECT id FROM Contacts', [], ['progress' => static function (int $done): void {
            if ($done > 300) {
                throw new \RuntimeException('enough');
            }
        }]);

        try {
            foreach ($rows as $row) {
                $seen++;
            }
            self::fail('the exception must come through');
        } catch (\RuntimeException $e) {
            self::assertSame('enough', $e->getMessage());
        }
        self::assertSame(300, $seen);
        self::assertSame(300, $rows->getOffset());
    }

    public function testProgressMayReadTheOffsetButNotMoveTheIterator(): void
    {
        $client = $this->loggedInClient();
        $offsets = [];
        $rows = null;
        $rows = $client->queryAll('SELECT id FROM Contacts LIMIT 250', [], ['progress' => static function () use (&$rows, &$offsets): void {
            $offsets[] = $rows->getOffset();
            if (count($offsets) === 2) {
                $rows->next();
            }
        }]);

        $e = self::catchThrown(\Error::class, fn () => self::ids($rows));
        self::assertStringContainsString('progress callback', $e->getMessage());
        self::assertSame([0, 100], $offsets, 'the offset of the next row to yield when each page comes in');
    }

    public function testOptionsAreValidated(): void
    {
        $client = $this->newClient();
        self::catchThrown(\ValueError::class, fn () => $client->queryAll('SELECT id FROM Contacts', [], ['concurrency' => 0]));
        self::catchThrown(\ValueError::class, fn () => $client->queryAll('SELECT id FROM Contacts', [], ['concurrency' => 33]));
        self::catchThrown(\TypeError::class, fn () => $client->queryAll('SELECT id FROM Contacts', [], ['concurrency' => '4']));
        self::catchThrown(\ValueError::class, fn () => $client->queryAll('SELECT id FROM Contacts', [], ['offset' => -1]));
        self::catchThrown(\TypeError::class, fn () => $client->queryAll('SELECT id FROM Contacts', [], ['progress' => 'no such function']));
        self::catchThrown(\ValueError::class, fn () => $client->queryAll('SELECT id FROM Contacts', [], ['pages' => 2]));
        self::assertSame(0, self::totalRequests());
    }

    /** @return list<array{session: string, operation: string, pid: int, arrived: float, started: float, finished: float}> */
    private static function timeline(): array
    {
        return self::control('timeline', [], 'GET')['timeline'];
    }

    /** Most requests running at one instant, each from $from (arrived or started) to finished. */
    private static function peakOverlap(array $lines, string $from): int
    {
        $events = [];
        foreach ($lines as $line) {
            $events[] = [$line[$from], 1];
            $events[] = [$line['finished'], -1];
        }
        // An end at the same instant as a start does not count as overlap.
        usort($events, static fn (array $a, array $b): int => [$a[0], $a[1]] <=> [$b[0], $b[1]]);
        $now = $peak = 0;
        foreach ($events as [, $delta]) {
            $now += $delta;
            $peak = max($peak, $now);
        }
        return $peak;
    }

    /** Sends one retrieve per session name at the same time, with PHP's own curl. */
    private static function parallelRetrieves(array $sessions): void
    {
        $multi = curl_multi_init();
        $handles = [];
        foreach ($sessions as $session) {
            $handle = curl_init(self::webserviceUrl() . '?' . http_build_query(
                ['operation' => 'retrieve', 'sessionName' => $session, 'id' => self::MAIN_CONTACT]
            ));
            curl_setopt_array($handle, [CURLOPT_RETURNTRANSFER => true, CURLOPT_TIMEOUT => 30]);
            curl_multi_add_handle($multi, $handle);
            $handles[] = $handle;
        }
        do {
            curl_multi_exec($multi, $running);
            curl_multi_select($multi, 1.0);
        } while ($running > 0);
        foreach ($handles as $handle) {
            $body = json_decode((string) curl_multi_getcontent($handle), true);
            self::assertTrue($body['success'] ?? false, 'retrieve failed: ' . curl_multi_getcontent($handle));
            curl_multi_remove_handle($multi, $handle);
        }
        curl_multi_close($multi);
    }
}
