<?php

declare(strict_types=1);

namespace Vtws\Tests\Client;

require_once __DIR__ . '/TestCase.php';

use Vtws\Client;

final class SyncTest extends TestCase
{
    private const GENERATED = 250;

    private Client $client;
    /** Before the generated contacts (an hour old) but after the seeded ones (a day old). */
    private int $since;

    protected function setUp(): void
    {
        self::resetServer(self::GENERATED);
        self::clearFaults();
        $this->client = $this->loggedInClient();
        $this->since = time() - 2 * 3600;
    }

    private static function timestampOf(array $record): int
    {
        return (new \DateTimeImmutable($record['modifiedtime'], new \DateTimeZone('UTC')))->getTimestamp();
    }

    public function testOnePageAnnouncesMore(): void
    {
        self::resetStats();
        $page = $this->client->sync($this->since, 'Contacts');

        self::assertTrue($page['more']);
        self::assertGreaterThanOrEqual(100, count($page['updated']));
        self::assertLessThan(self::GENERATED, count($page['updated']));
        self::assertSame([], $page['deleted']);
        self::assertGreaterThan($this->since, (int) $page['lastModifiedTime']);
        self::assertSame(1, self::requestCount('sync'));
        self::assertSame('GET', self::requestLog()[0]['method']);
    }

    public function testSyncAcceptsADateTime(): void
    {
        $asInt = $this->client->sync($this->since, 'Contacts');
        $asDate = $this->client->sync(new \DateTimeImmutable('@' . $this->since), 'Contacts');

        self::assertSame(self::ids($asInt['updated']), self::ids($asDate['updated']));
    }

    public function testSyncAllCollectsEveryPageWithDeletionsAndUpdates(): void
    {
        $generated = self::ids($this->client->sync($this->since, 'Contacts')['updated']);
        $doomed = array_slice($generated, 3, 4);
        foreach ($doomed as $id) {
            $this->client->delete($id);
        }
        $renamed = $this->client->revise(['id' => $generated[0], 'lastname' => 'Синхронизация']);
        $new = $this->client->create('Contacts', ['lastname' => '新規', 'assigned_user_id' => self::ADMIN_ID]);
        self::resetStats();

        $all = $this->client->syncAll($this->since, 'Contacts');

        $updated = array_column($all['updated'], null, 'id');
        self::assertCount(self::GENERATED - count($doomed) + 1, $updated, 'every live change exactly once');
        self::assertCount(count($all['updated']), $updated, 'no record twice in updated');
        self::assertEqualsCanonicalizing($doomed, $all['deleted']);
        self::assertSame([], array_intersect($doomed, array_keys($updated)), 'a deleted record is not in updated');
        self::assertSame('Синхронизация', $updated[$renamed['id']]['lastname']);
        self::assertArrayHasKey($new['id'], $updated);
        self::assertGreaterThanOrEqual(3, $all['pages']);
        self::assertSame($all['pages'], self::requestCount('sync'));

        $latest = max(array_map([self::class, 'timestampOf'], $all['updated']));
        self::assertSame($latest, $all['lastModifiedTime']);
        // Nothing changed since: the next sync is empty.
        $next = $this->client->sync($all['lastModifiedTime'], 'Contacts');
        self::assertSame([], $next['updated']);
        self::assertSame([], $next['deleted']);
        self::assertFalse($next['more']);
    }

    public function testSyncFromTheFutureIsEmpty(): void
    {
        $future = time() + 86400;
        $page = $this->client->sync($future, 'Contacts');

        self::assertSame([], $page['updated']);
        self::assertSame([], $page['deleted']);
        self::assertSame($future, (int) $page['lastModifiedTime']);
        self::assertSame(1, $this->client->syncAll($future, 'Contacts')['pages']);
    }

    public function testSyncOfAnUnknownModuleIsAccessDenied(): void
    {
        $e = self::apiError(fn () => $this->client->sync($this->since, 'NoSuchModule'));

        self::assertSame('ACCESS_DENIED', $e->getVtigerCode());
        self::assertSame('sync', $e->getOperation());
    }

    public function testSyncWithoutModuleIsTheVtigerHttp500(): void
    {
        $e = self::catchThrown(\Vtws\TransportException::class, fn () => $this->client->sync($this->since));

        self::assertSame(500, $e->getHttpStatus());
    }
}
