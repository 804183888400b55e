<?php

declare(strict_types=1);

namespace Vtws\Tests\Client;

use PHPUnit\Framework\TestCase as PHPUnitTestCase;
use Vtws\Client;
use Vtws\Tests\ServerLauncher;

/**
 * Base for the end-to-end client tests: every test talks to the test server over real HTTP.
 * The /__vtws/ controls are called with plain PHP streams so that a bug in the extension
 * can never hide behind the very client under test.
 */
abstract class TestCase extends PHPUnitTestCase
{
    protected const ADMIN_USER = 'admin';
    protected const ADMIN_KEY = 'vtwsAdminAccessK';
    protected const ADMIN_ID = '19x1';
    protected const OTHER_USER = 'jdoe';
    protected const OTHER_KEY = 'jdoeAccessKey123';
    protected const MAIN_CONTACT = '12x3';
    protected const MAIN_ACCOUNT = '11x2';

    protected static function baseUrl(): string
    {
        return ServerLauncher::start();
    }

    protected static function webserviceUrl(): string
    {
        return self::baseUrl() . '/webservice.php';
    }

    /** Calls a test control and returns its decoded JSON answer. */
    protected static function control(string $route, array $params = [], string $method = 'POST'): array
    {
        $context = stream_context_create(['http' => [
            'method' => $method,
            'header' => "Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n",
            'content' => http_build_query($params),
            'ignore_errors' => true,
            'timeout' => 120,
        ]]);
        $body = file_get_contents(self::baseUrl() . '/__vtws/' . $route, false, $context);
        self::assertIsString($body, "control $route did not answer");
        $decoded = json_decode($body, true);
        self::assertIsArray($decoded, "control $route answered no JSON: $body");
        return $decoded;
    }

    protected static function resetServer(int $extraContacts = 0): void
    {
        $answer = self::control('reset', $extraContacts > 0 ? ['contacts' => $extraContacts] : []);
        self::assertTrue($answer['ok'] ?? false, 'reset failed: ' . json_encode($answer));
    }

    protected static function armFault(string $kind, int $count = 1, ?string $operation = null, int $ms = 0): void
    {
        $params = ['kind' => $kind, 'count' => $count];
        if ($operation !== null) {
            $params['operation'] = $operation;
        }
        if ($ms > 0) {
            $params['ms'] = $ms;
        }
        $answer = self::control('fault', $params);
        self::assertTrue($answer['ok'] ?? false, 'arming the fault failed: ' . json_encode($answer));
    }

    protected static function clearFaults(): void
    {
        self::control('fault/clear');
    }

    protected static function expireSessions(): void
    {
        self::control('expire-sessions');
    }

    protected static function advanceClock(int $seconds): void
    {
        self::control('clock', ['advance' => $seconds]);
    }

    protected static function resetStats(): void
    {
        self::control('stats/reset');
    }

    protected static function stats(): array
    {
        return self::control('stats', [], 'GET');
    }

    /** How many webservice requests named $operation the server saw since the last stats reset. */
    protected static function requestCount(string $operation): int
    {
        return (int) (self::stats()['operations'][$operation] ?? 0);
    }

    protected static function totalRequests(): int
    {
        return (int) self::stats()['total'];
    }

    /** @return list<array{method: string, operation: string, params: list<array{name: string, source: string}>}> */
    protected static function requestLog(): array
    {
        return self::stats()['log'];
    }

    protected function newClient(array $options = []): Client
    {
        return new Client(self::baseUrl(), $options + ['timeout' => 30, 'connect_timeout' => 10]);
    }

    protected function loggedInClient(array $options = []): Client
    {
        $client = $this->newClient($options);
        $client->login(self::ADMIN_USER, self::ADMIN_KEY);
        return $client;
    }

    /** Runs $work and returns the exception it must throw. */
    protected static function catchThrown(string $class, callable $work): \Throwable
    {
        try {
            $work();
        } catch (\Throwable $e) {
            self::assertInstanceOf($class, $e, 'unexpected ' . get_class($e) . ': ' . $e->getMessage());
            return $e;
        }
        self::fail("expected $class, nothing was thrown");
    }

    protected static function apiError(callable $work): \Vtws\ApiException
    {
        $e = self::catchThrown(\Vtws\ApiException::class, $work);
        assert($e instanceof \Vtws\ApiException);
        return $e;
    }

    /** @return list<string> */
    protected static function ids(iterable $rows): array
    {
        $ids = [];
        foreach ($rows as $row) {
            $ids[] = $row['id'];
        }
        return $ids;
    }

    /** Sorts Vtiger ids ("12x34") by their numeric record part, as ORDER BY id does. */
    protected static function sortIds(array $ids): array
    {
        usort($ids, static fn (string $a, string $b): int =>
            (int) substr($a, strpos($a, 'x') + 1) <=> (int) substr($b, strpos($b, 'x') + 1));
        return $ids;
    }
}
