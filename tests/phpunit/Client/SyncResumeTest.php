<?php

declare(strict_types=1);

namespace Vtws\Tests\Client;

require_once __DIR__ . '/TestCase.php';
require_once dirname(__DIR__) . '/StandaloneServer.php';

use Vtws\Client;
use Vtws\Tests\StandaloneServer;
use Vtws\TransportException;

/**
 * syncAll interrupted by a server crash and resumed from the lastModifiedTime its checkpoint
 * persisted loses nothing: every change is seen at least once, and replaying what was seen
 * gives exactly the server's records. The server here is the test's own, so it can be killed
 * and started again on the same port with the same database.
 */
final class SyncResumeTest extends TestCase
{
    private const GENERATED = 250;
    private const BURST = 130;

    private StandaloneServer $server;
    private Client $client;

    /** What a sync job would have stored: the pages, in order, and where to resume. */
    private array $pages = [];
    private ?int $persisted = null;

    protected function setUp(): void
    {
        $this->server = StandaloneServer::onFreePort(4);
        $this->server->start();
        $this->server->control('reset', ['contacts' => self::GENERATED]);
        $this->client = new Client($this->server->url(), ['timeout' => 30, 'connect_timeout' => 5]);
        $this->client->login(self::ADMIN_USER, self::ADMIN_KEY);
    }

    protected function tearDown(): void
    {
        $this->server->destroy();
    }

    private function newContact(string $lastname): string
    {
        return $this->client->create('Contacts', ['lastname' => $lastname, 'assigned_user_id' => self::ADMIN_ID])['id'];
    }

    /**
     * Changes over several pages, one second holding more than a page of them.
     *
     * @return array{created: list<string>, revised: array<string, string>, deleted: list<string>}
     */
    private function makeChanges(): array
    {
        $existing = self::ids($this->client->query('SELECT id FROM Contacts ORDER BY id LIMIT 40;'));
        $changes = ['created' => [], 'revised' => [], 'deleted' => []];

        $this->server->control('clock', ['freeze' => 1]);
        for ($i = 0; $i < self::BURST; $i++) {
            $changes['created'][] = $this->newContact("Burst $i");
        }
        foreach (array_slice($existing, 0, 5) as $n => $id) {
            $this->client->revise(['id' => $id, 'lastname' => "Revised in the burst $n"]);
            $changes['revised'][$id] = "Revised in the burst $n";
        }
        foreach ([...array_slice($existing, 5, 3), ...array_slice($changes['created'], 10, 2)] as $id) {
            $this->client->delete($id);
            $changes['deleted'][] = $id;
        }
        $this->server->control('clock', ['advance' => 5, 'freeze' => 0]);

        for ($i = 0; $i < 3; $i++) {
            $changes['created'][] = $this->newContact("After $i");
        }
        foreach ([$existing[0], $existing[20]] as $n => $id) {
            $this->client->revise(['id' => $id, 'lastname' => "Revised later $n"]);
            $changes['revised'][$id] = "Revised later $n";
        }
        foreach ([$existing[21], $changes['created'][0]] as $id) {
            $this->client->delete($id);
            $changes['deleted'][] = $id;
        }
        return $changes;
    }

    private function checkpoint(?callable $after = null): callable
    {
        return function (int $lastModifiedTime, array $page) use ($after): void {
            $this->pages[] = $page;
            $this->persisted = $lastModifiedTime;
            if ($after !== null) {
                $after(count($this->pages));
            }
        };
    }

    /** Replays the stored pages in order: id => last seen lastname, deletions removed. */
    private function replayed(): array
    {
        $state = [];
        foreach ($this->pages as $page) {
            foreach ($page['updated'] as $row) {
                $state[$row['id']] = $row['lastname'];
            }
            foreach ($page['deleted'] as $id) {
                unset($state[$id]);
            }
        }
        ksort($state);
        return $state;
    }

    private function serverState(): array
    {
        $state = [];
        foreach ($this->client->queryAll('SELECT id, lastname FROM Contacts') as $row) {
            $state[$row['id']] = $row['lastname'];
        }
        ksort($state);
        return $state;
    }

    public function testResumeAfterTheServerDiesLosesNothing(): void
    {
        $changes = $this->makeChanges();
        $server = $this->server;

        $e = self::catchThrown(TransportException::class, fn () => $this->client->syncAll(1, 'Contacts', [
            'checkpoint' => $this->checkpoint(static function (int $pages) use ($server): void {
                if ($pages === 2) {
                    $server->kill();
                }
            }),
        ]));
        self::assertSame('sync', $e->getOperation());
        self::assertCount(2, $this->pages, 'the crash came after the second page');
        self::assertNotNull($this->persisted);

        $server->start();
        $result = $this->client->syncAll($this->persisted, 'Contacts', ['checkpoint' => $this->checkpoint()]);

        self::assertGreaterThan(3, count($this->pages), 'the changes span several pages');
        self::assertGreaterThan(100, max(array_map(static fn (array $p): int => count($p['updated']) + count($p['deleted']),
            $this->pages)), 'one page carries a second holding more than 100 changes');
        self::assertSame(count($this->pages) - 2, $result['pages']);

        $seenRows = [];
        $seenDeleted = [];
        foreach ($this->pages as $page) {
            foreach ($page['updated'] as $row) {
                $seenRows[$row['id']][] = $row['lastname'];
            }
            foreach ($page['deleted'] as $id) {
                $seenDeleted[$id] = true;
            }
        }
        foreach ($changes['created'] as $id) {
            self::assertTrue(isset($seenRows[$id]) || isset($seenDeleted[$id]), "creation of $id was seen");
        }
        foreach ($changes['revised'] as $id => $lastname) {
            if (!in_array($id, $changes['deleted'], true)) {
                self::assertContains($lastname, $seenRows[$id] ?? [], "revision of $id to \"$lastname\" was seen");
            }
        }
        foreach ($changes['deleted'] as $id) {
            self::assertArrayHasKey($id, $seenDeleted, "deletion of $id was seen");
        }

        $server = $this->serverState();
        self::assertCount(self::GENERATED + 37 + self::BURST + 3 - count($changes['deleted']), $server);
        self::assertSame($server, $this->replayed(), 'replaying the pages gives the server\'s records exactly');
    }
}
