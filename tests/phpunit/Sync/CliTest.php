<?php

declare(strict_types=1);

namespace Vtws\Tests\Sync;

require_once __DIR__ . '/TempDir.php';
require_once __DIR__ . '/Child.php';

use PHPUnit\Framework\TestCase;

/** bin/vtws-sync: arguments, configuration and state, up to the point where the engine takes over. */
final class CliTest extends TestCase
{
    private TempDir $dir;

    protected function setUp(): void
    {
        $this->dir = new TempDir('vtws-cli');
        file_put_contents($this->dir->path('acme.xml'), (string) file_get_contents(dirname(__DIR__, 2) . '/sync/acme.xml'));
        file_put_contents($this->dir->path('config.json'), '{"apikey":"k-123","baseUrl":"http://127.0.0.1:1/v2"}');
    }

    protected function tearDown(): void
    {
        $this->dir->remove();
    }

    /** @return array{int, string, string} exit status, stdout, stderr */
    private function cli(array $args, array $env = [], bool $withExtension = true): array
    {
        $command = [PHP_BINARY];
        if ($withExtension) {
            array_push($command, '-d', 'extension=' . Child::extension());
        }
        array_push($command, dirname(__DIR__, 3) . '/bin/vtws-sync', ...$args);
        // Sanitizer preloads of an instrumented run stay: the command loads the same build.
        $environment = array_replace(array_diff_key(getenv(), array_flip(['VTWS_URL', 'VTWS_USER', 'VTWS_ACCESS_KEY'])),
            $env);
        $process = proc_open($command, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']],
            $pipes, $this->dir->path(''), $environment);
        self::assertIsResource($process);
        $stdout = (string) stream_get_contents($pipes[1]);
        $stderr = (string) stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        return [proc_close($process), $stdout, $stderr];
    }

    /** Arguments that pass every check that needs no Vtiger and no engine. */
    private function args(string ...$more): array
    {
        return ['acme.xml', '--config', 'config.json', '--state', 'state.json', '--url', 'http://127.0.0.1:1',
            '--user', 'admin', '--access-key-env', 'VTWS_CLI_TEST_KEY', ...$more];
    }

    private const KEY = ['VTWS_CLI_TEST_KEY' => 'vtwsAdminAccessK'];

    public function testHelp(): void
    {
        [$status, $stdout, $stderr] = $this->cli(['--help']);
        self::assertSame(0, $status);
        self::assertStringStartsWith('Usage: vtws-sync <connector.xml> --config', $stdout);
        foreach (['--pair', '--direction pull|push', '--strict', '--url', '--user', '--access-key-env', 'sqlite:'] as $option) {
            self::assertStringContainsString($option, $stdout);
        }
        self::assertSame('', $stderr);
        self::assertSame(0, $this->cli(['-h'], withExtension: false)[0], 'help needs no extension');
    }

    /** @return iterable<string, array{list<string>, string}> */
    public static function badArguments(): iterable
    {
        yield 'nothing' => [[], '<connector.xml> is required'];
        yield 'no config' => [['acme.xml', '--state', 's.json'], '--config is required'];
        yield 'no state' => [['acme.xml', '--config', 'config.json'], '--state is required'];
        yield 'value missing' => [['acme.xml', '--config'], '--config needs a value'];
        yield 'unknown option' => [['acme.xml', '--verbose'], 'unknown option --verbose'];
        yield 'two connectors' => [['a.xml', 'b.xml'], 'one connector file only'];
        yield 'twice' => [['acme.xml', '--pair', 'A', '--pair=B'], '--pair is given twice'];
        yield 'direction' => [['acme.xml', '--config', 'c', '--state', 's', '--direction', 'both'], '--direction must be pull or push'];
        yield 'conflict' => [['acme.xml', '--config', 'c', '--state', 's', '--conflict', 'mine'], '--conflict must be'];
        yield 'budget' => [['acme.xml', '--config', 'c', '--state', 's', '--budget', '-5'], '--budget must be a positive integer'];
        yield 'key variable' => [['acme.xml', '--config', 'c', '--state', 's', '--access-key-env', 'A-B'], 'names an environment variable'];
    }

    /** @dataProvider badArguments */
    public function testBadArgumentsExitWith2(array $args, string $message): void
    {
        [$status, $stdout, $stderr] = $this->cli($args);
        self::assertSame(2, $status);
        self::assertSame('', $stdout);
        self::assertStringContainsString($message, $stderr);
        self::assertStringContainsString("Try 'vtws-sync --help'.", $stderr);
    }

    /** @return iterable<string, array{string, string}> */
    public static function badConfigs(): iterable
    {
        yield 'not JSON' => ['{"apikey":', 'is not valid JSON'];
        yield 'a list' => ['["k-123"]', 'must hold a JSON object'];
        yield 'a string' => ['"k-123"', 'must hold a JSON object'];
    }

    /** @dataProvider badConfigs */
    public function testBadConfigExitsWith2(string $text, string $message): void
    {
        file_put_contents($this->dir->path('config.json'), $text);
        [$status, , $stderr] = $this->cli($this->args(), self::KEY);
        self::assertSame(2, $status);
        self::assertStringContainsString($message, $stderr);
        self::assertFileDoesNotExist($this->dir->path('state.json'));
    }

    public function testMissingFilesExitWith2(): void
    {
        [$status, , $stderr] = $this->cli(['missing.xml', '--config', 'config.json', '--state', 'state.json']);
        self::assertSame([2, "vtws-sync: cannot read the connector file missing.xml\n"], [$status, $stderr]);
        [$status, , $stderr] = $this->cli(['acme.xml', '--config', 'nope.json', '--state', 'state.json']);
        self::assertSame([2, "vtws-sync: cannot read the config file nope.json\n"], [$status, $stderr]);
    }

    public function testStateProblemsExitWith2(): void
    {
        file_put_contents($this->dir->path('state.json'), '{"pairs":');
        [$status, , $stderr] = $this->cli($this->args(), self::KEY);
        self::assertSame(2, $status);
        self::assertStringContainsString('cannot open the state: Corrupt state file', $stderr);
        self::assertStringContainsString('state.json: invalid JSON at byte 9', $stderr);
        // A state held by another run.
        unlink($this->dir->path('state.json'));
        $holder = Child::start('$s = new Vtws\Sync\FileState($argv[1]); echo "locked\n"; sleep(60);',
            [$this->dir->path('state.json')]);
        $holder->waitForLine('locked');
        try {
            [$status, , $stderr] = $this->cli($this->args(), self::KEY);
        } finally {
            $holder->kill();
        }
        self::assertSame(2, $status);
        self::assertStringContainsString('cannot open the state: The state is in use', $stderr);
        [$status, , $stderr] = $this->cli(['acme.xml', '--config', 'config.json', '--state', 'sqlite:']);
        self::assertSame([2, "vtws-sync: --state sqlite: needs a path\n"], [$status, $stderr]);
    }

    public function testWithoutTheExtension(): void
    {
        [$status, , $stderr] = $this->cli($this->args(), self::KEY, withExtension: false);
        if (extension_loaded('vtws') && in_array('vtws', explode(',', (string) ini_get('extension')), true)) {
            self::markTestSkipped('vtws is loaded by the ini files');
        }
        self::assertSame([2, "vtws-sync: the vtws extension is not loaded (php -d extension=vtws.so)\n"], [$status, $stderr]);
    }

    public function testVtigerSettingsAreCheckedBeforeAnythingRuns(): void
    {
        [$status, , $stderr] = $this->cli(['acme.xml', '--config', 'config.json', '--state', 'state.json']);
        self::assertSame([2, "vtws-sync: the Vtiger URL and user are needed: --url and --user, or \$VTWS_URL and \$VTWS_USER\n"],
            [$status, $stderr]);
        [$status, , $stderr] = $this->cli(['acme.xml', '--config', 'config.json', '--state', 'state.json'],
            ['VTWS_URL' => 'http://127.0.0.1:1', 'VTWS_USER' => 'admin']);
        self::assertSame([2, "vtws-sync: the access key is read from \$VTWS_ACCESS_KEY, which is not set\n"], [$status, $stderr]);
        [$status, , $stderr] = $this->cli($this->args());
        self::assertSame([2, "vtws-sync: the access key is read from \$VTWS_CLI_TEST_KEY, which is not set\n"], [$status, $stderr]);
    }
}
