<?php

declare(strict_types=1);

namespace Vtws\Tests\SyncEngine;

require_once __DIR__ . '/SyncTestCase.php';
require_once dirname(__DIR__) . '/AcmeServerLauncher.php';
require_once dirname(__DIR__) . '/Sync/Child.php';

use Vtws\Tests\AcmeServerLauncher as Acme;
use Vtws\Tests\Sync\Child;

/**
 * bin/vtws-sync running tests/sync/acme.xml as a subprocess against the Vtiger test server
 * and the Acme Directory emulator: the report on stdout, one plain progress line per event on
 * stderr (a pipe, not a terminal), exit 0 when every record synced, 1 when one failed, and a
 * second run that finds nothing new.
 */
final class CliRunTest extends SyncTestCase
{
    private string $dir;

    protected function setUp(): void
    {
        parent::setUp();
        Acme::control('reset');
        $this->dir = sys_get_temp_dir() . '/vtws-cli-run-' . getmypid() . '-' . bin2hex(random_bytes(4));
        mkdir($this->dir);
        file_put_contents("$this->dir/config.json", json_encode(['apikey' => 'k-123', 'baseUrl' => Acme::apiBase()]));
        $since = time() - 5;
        (new \Vtws\Sync\FileState("$this->dir/state.json"))->apply(['pairs' => [
            'Accounts' => ['pull' => ['token' => 0], 'push' => ['token' => $since]],
            'Contacts' => ['pull' => ['token' => 0], 'push' => ['token' => $since]],
        ]]);
    }

    protected function tearDown(): void
    {
        array_map('unlink', glob("$this->dir/*") ?: []);
        rmdir($this->dir);
    }

    /** @return array{int, array, list<string>} exit status, the decoded report, stderr lines */
    private function sync(): array
    {
        $command = [PHP_BINARY, '-d', 'extension=' . Child::extension(), dirname(__DIR__, 3) . '/bin/vtws-sync',
            dirname(__DIR__, 2) . '/sync/acme.xml', '--config', "$this->dir/config.json", '--state', "$this->dir/state.json",
            '--url', self::baseUrl(), '--user', self::ADMIN_USER, '--access-key-env', 'VTWS_CLI_RUN_KEY'];
        $env = array_diff_key(getenv(), array_flip(['VTWS_URL', 'VTWS_USER', 'VTWS_ACCESS_KEY']))
            + ['VTWS_CLI_RUN_KEY' => self::ADMIN_KEY];
        $process = proc_open($command, [0 => ['file', '/dev/null', 'r'], 1 => ['file', "$this->dir/out", 'w'],
            2 => ['file', "$this->dir/err", 'w']], $pipes, $this->dir, $env);
        self::assertIsResource($process);
        $status = proc_close($process);
        $out = (string) file_get_contents("$this->dir/out");
        $err = (string) file_get_contents("$this->dir/err");
        $report = json_decode($out, true);
        self::assertIsArray($report, "stdout: $out\nstderr: $err");
        return [$status, $report, $err === '' ? [] : explode("\n", rtrim($err, "\n"))];
    }

    private static function counts(array $report, string $key): array
    {
        $counts = [];
        foreach ($report['pairs'] as $pair => $directions) {
            foreach ($directions as $direction => $result) {
                $counts["$pair $direction"] = $result[$key];
            }
        }
        return $counts;
    }

    public function testRunsReportsAndExitStatus(): void
    {
        Acme::control('seed', ['module' => 'companies', 'items' => [['modified_at' => time() - 60, 'fields' => ['name' => 'Cli From Acme']]]]);
        $this->vtiger->create('Accounts', ['accountname' => 'Cli From Vtiger', 'assigned_user_id' => self::ADMIN_ID]);

        [$status, $report, $lines] = $this->sync();
        self::assertSame(0, $status, json_encode($report));
        self::assertSame(['Accounts pull' => 1, 'Accounts push' => 1, 'Contacts pull' => 0, 'Contacts push' => 0],
            self::counts($report, 'created'));
        // done/budget: the push handled the new account and the echo of the pulled one; a
        // direction that finds nothing to send sends no batch.
        self::assertSame(['Accounts pull page 1/100', 'Accounts push batch 2/100', 'Contacts pull page 0/100'], $lines);
        $people = array_column(Acme::control('records?module=companies', null, 'GET')['items'], 'fields');
        self::assertSame(['Cli From Acme', 'Cli From Vtiger'], array_column($people, 'name'));

        // Nothing new: the echoes of the first run are skipped, nothing is written anywhere.
        Acme::control('log/clear');
        self::resetStats();
        [$status, $report] = $this->sync();
        self::assertSame(0, $status);
        self::assertSame(['Accounts pull' => 0, 'Accounts push' => 0, 'Contacts pull' => 0, 'Contacts push' => 0],
            self::counts($report, 'created'));
        self::assertSame([0, 0, 0, 0], array_values(self::counts($report, 'updated')));
        self::assertSame(['search'], array_unique(array_column(Acme::control('log', null, 'GET')['log'], 'call')));
        self::assertSame(['sync'], array_values(array_unique(self::vtigerOperations())));

        // A company without a name: Vtiger refuses it, the command exits 1.
        Acme::control('seed', ['module' => 'companies', 'items' => [['fields' => ['web' => 'nameless.example']]]]);
        [$status, $report] = $this->sync();
        self::assertSame(1, $status, json_encode($report));
        self::assertSame('MANDATORY_FIELDS_MISSING', $report['pairs']['Accounts']['pull']['failures'][0]['code']);
    }
}
