<?php

declare(strict_types=1);

namespace Vtws\Tests\Sync;

require_once __DIR__ . '/StateContractTestCase.php';
require_once __DIR__ . '/TempDir.php';
require_once __DIR__ . '/Child.php';

use Vtws\Sync\FileState;
use Vtws\Sync\State;
use Vtws\Sync\StateException;

final class FileStateTest extends StateContractTestCase
{
    private TempDir $dir;

    protected function setUp(): void
    {
        $this->dir = new TempDir('vtws-filestate');
    }

    protected function tearDown(): void
    {
        gc_collect_cycles();
        $this->dir->remove();
    }

    protected function open(string $connector = 'acme'): State
    {
        return new FileState($this->dir->path("$connector.json"));
    }

    public function testTheFileIsTheJsonDocument(): void
    {
        $state = $this->open();
        $state->apply(['connector' => 'Acme', 'synctype' => 'user',
            'pairs' => ['Accounts' => ['pull' => ['token' => 5]]]]);
        $text = (string) file_get_contents($this->dir->path('acme.json'));
        self::assertSame(['connector' => 'Acme', 'synctype' => 'user',
            'pairs' => ['Accounts' => ['pull' => ['token' => 5, 'complete' => false, 'retries' => []]]], 'idmap' => []],
            json_decode($text, true, 512, JSON_THROW_ON_ERROR));
        self::assertFileDoesNotExist($this->dir->path('acme.json.tmp'));
        self::assertSame(0600, fileperms($this->dir->path('acme.json')) & 0777);
    }

    public function testPermissionsOfAnExistingDocumentAreKept(): void
    {
        file_put_contents($this->dir->path('acme.json'), '{}');
        chmod($this->dir->path('acme.json'), 0640);
        $this->open()->apply(['synctype' => 'user']);
        self::assertSame(0640, fileperms($this->dir->path('acme.json')) & 0777);
    }

    public function testAHandEditedDocumentWithMissingPartsLoads(): void
    {
        file_put_contents($this->dir->path('acme.json'), '{"synctype":"user","pairs":{"A":{"pull":{"token":7}}}}');
        self::assertSame(['synctype' => 'user',
            'pairs' => ['A' => ['pull' => ['token' => 7, 'complete' => false, 'retries' => []]]], 'idmap' => []],
            $this->open()->load());
    }

    public function testCorruptFileNamesPathAndOffset(): void
    {
        $path = $this->dir->path('acme.json');
        file_put_contents($path, '{"synctype":"user",,}');
        $state = $this->open();
        try {
            $state->load();
            self::fail('no StateException');
        } catch (StateException $e) {
            self::assertInstanceOf(\Vtws\Exception::class, $e);
            self::assertInstanceOf(\RuntimeException::class, $e);
            self::assertStringContainsString($path, $e->getMessage());
            self::assertStringContainsString('at byte 19', $e->getMessage());
            self::assertInstanceOf(\Vtws\ProtocolException::class, $e->getPrevious());
            self::assertSame(19, $e->getPrevious()->getOffset());
        }
        $this->expectException(StateException::class);
        $state->apply(['synctype' => 'user']);
    }

    public function testSecondInstanceInAnotherProcessIsRefusedUntilTheFirstEnds(): void
    {
        $path = $this->dir->path('acme.json');
        $holder = new FileState($path);
        $holder->apply(['synctype' => 'user']);
        $result = Child::run('try { new Vtws\Sync\FileState($argv[1]); echo "opened"; }
            catch (Vtws\Sync\StateException $e) { echo $e->getMessage(); }', [$path]);
        self::assertStringContainsString('is in use', $result);
        unset($holder);
        self::assertSame('opened', Child::run('new Vtws\Sync\FileState($argv[1]); echo "opened";', [$path]));
    }

    public function testLockOfAKilledProcessIsReleased(): void
    {
        $path = $this->dir->path('acme.json');
        $child = Child::start('$s = new Vtws\Sync\FileState($argv[1]); echo "locked\n"; sleep(60);', [$path]);
        $child->waitForLine('locked');
        try {
            new FileState($path);
            self::fail('the lock was not held');
        } catch (StateException $e) {
            self::assertStringContainsString('is in use', $e->getMessage());
        }
        $child->kill();
        self::assertSame([], (new FileState($path))->load());
    }

    public function testRelativePathIsResolvedOnce(): void
    {
        $cwd = getcwd();
        chdir($this->dir->path(''));
        try {
            $state = new FileState('relative.json');
            chdir('/');
            $state->apply(['synctype' => 'user']);
        } finally {
            chdir($cwd);
        }
        self::assertFileExists($this->dir->path('relative.json'));
        self::assertSame($this->dir->path('relative.json'), $state->getPath());
    }
}
