<?php

declare(strict_types=1);

namespace Vtws\Tests\SynergyClient;

use PHPUnit\Framework\TestCase as PHPUnitTestCase;
use Vtws\Synergy\Client;
use Vtws\Tests\SynergyServerLauncher;

require_once __DIR__ . '/../SynergyServerLauncher.php';

/**
 * Base of the Vtws\Synergy\Client tests: every test talks to the Synergy! emulator over
 * real HTTP; the emulator's controls and statistics are read with plain PHP streams, so a
 * bug in the extension cannot hide behind the client under test.
 */
abstract class TestCase extends PHPUnitTestCase
{
    protected const ACCOUNT = 'demo';
    protected const CLIENT_ID = 'demo-client';
    protected const SECRET = 'demo-secret';

    protected function setUp(): void
    {
        SynergyServerLauncher::start();
        self::control('reset', $this->resetFields());
    }

    protected function resetFields(): array
    {
        return [];
    }

    protected static function control(string $name, array $fields = [], string $method = 'POST'): array
    {
        return SynergyServerLauncher::control($name, $fields, $method);
    }

    protected static function stats(): array
    {
        return self::control('stats', [], 'GET');
    }

    /** Requests the emulator received since the last stats/reset, of one operation. */
    protected static function operationCount(string $operation): int
    {
        return (int) (self::stats()['operations'][$operation] ?? 0);
    }

    protected static function options(array $options = []): array
    {
        $base = SynergyServerLauncher::start();
        return $options + ['auth_url' => $base . '/oauth2/token', 'api_url' => $base, 'timeout' => 60];
    }

    protected static function client(array $options = [], string $id = self::CLIENT_ID,
        string $secret = self::SECRET): Client
    {
        return new Client(self::ACCOUNT, $id, $secret, self::options($options));
    }

    /** A minimal master-database definition with extra properties. */
    protected static function masterDefinition(array $properties = []): array
    {
        return ['spec' => [
            'resources' => ['main' => ['mapping' => '_customer', 'type' => 'customerDb']],
            'schema' => ['properties' => ['id' => ['x-synergy-type' => 'synergyId']] + $properties],
        ]];
    }
}
