<?php

declare(strict_types=1);

namespace Vtws\Tests\SyncEngine;

require_once dirname(__DIR__) . '/Client/TestCase.php';
require_once __DIR__ . '/ScriptedService.php';
require_once __DIR__ . '/MemoryState.php';

use Vtws\Client;
use Vtws\Sync\Connector;
use Vtws\Tests\Client\TestCase;

/**
 * Sync engine tests: the Vtiger side is the project's test server over HTTP, the service
 * side a scripted service that records every request it gets.
 */
abstract class SyncTestCase extends TestCase
{
    protected Client $vtiger;

    protected function setUp(): void
    {
        self::resetServer();
        self::clearFaults();
        ScriptedService::reset();
        $this->vtiger = $this->loggedInClient();
    }

    protected static function acmeDefinition(): string
    {
        return __DIR__ . '/fixtures/acme-directory.xml';
    }

    protected function acme(MemoryState $state, array $options = []): Connector
    {
        return Connector::fromFile(self::acmeDefinition(), $options + [
            'vtiger' => $this->vtiger,
            'state' => $state,
            'config' => ['apikey' => 'k-123', 'baseUrl' => ScriptedService::url() . '/v2'],
        ]);
    }

    /** The service requests as "METHOD /path body" lines. */
    protected static function serviceRequests(): array
    {
        return array_map(fn (array $r): string => trim($r['method'] . ' ' . $r['path'] . ' ' . $r['body']),
            ScriptedService::log());
    }

    /** Vtiger operations since the last stats reset, reads of metadata left out. */
    protected static function vtigerOperations(): array
    {
        $ops = array_column(self::requestLog(), 'operation');
        return array_values(array_filter($ops, fn (string $op): bool => !in_array($op, ['describe', 'login',
            'getchallenge'], true)));
    }

    protected static function serverNow(): int
    {
        return time();
    }
}
