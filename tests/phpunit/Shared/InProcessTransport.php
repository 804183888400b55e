<?php

declare(strict_types=1);

namespace Vtws\Tests\Shared;

use Vtws\Client;
use Vtws\TestServer\InProcess\Controls;

require_once __DIR__ . '/Transport.php';

/**
 * Client::inProcess() in the PHPUnit process itself: against the test server's in-process
 * entry point (tests/server/inprocess.php, its own SQLite file), or, with VTIGER_ROOT set,
 * against the real Vtiger that tests/phpunit/bootstrap.php loaded from there.
 */
final class InProcessTransport implements Transport
{
    private static ?string $database = null;

    public static function insideVtiger(): bool
    {
        return (string) getenv('VTIGER_ROOT') !== '';
    }

    public function name(): string
    {
        return self::insideVtiger() ? 'in-process (Vtiger)' : 'in-process';
    }

    public function client(array $options = []): Client
    {
        if (self::insideVtiger()) {
            return Client::inProcess((int) (getenv('VTWS_TEST_USER_ID') ?: 1), $options);
        }
        self::loadTestServer();
        return Client::inProcess(1, $options);
    }

    public function hasControls(): bool
    {
        return !self::insideVtiger();
    }

    public function control(string $route, array $params = [], string $method = 'POST'): array
    {
        self::loadTestServer();
        return Controls::call($route, $params, $method);
    }

    private static function loadTestServer(): void
    {
        if (self::$database !== null) {
            return;
        }
        self::$database = sys_get_temp_dir() . '/vtws-inprocess-test-' . getmypid() . '.sqlite';
        putenv('VTWS_SERVER_DB=' . self::$database);
        require_once dirname(__DIR__, 2) . '/server/inprocess.php';
        putenv('VTWS_SERVER_DB');
        register_shutdown_function(static function (): void {
            foreach (['', '-wal', '-shm', '.lock'] as $suffix) {
                @unlink(self::$database . $suffix);
            }
            // Attachments stored by uploadDocument() (tests/server/src/Storage.php).
            if (is_dir(self::$database . '.files')) {
                $entries = new \RecursiveIteratorIterator(
                    new \RecursiveDirectoryIterator(self::$database . '.files', \FilesystemIterator::SKIP_DOTS),
                    \RecursiveIteratorIterator::CHILD_FIRST,
                );
                foreach ($entries as $entry) {
                    $entry->isDir() ? @rmdir($entry->getPathname()) : @unlink($entry->getPathname());
                }
                @rmdir(self::$database . '.files');
            }
        });
    }
}
