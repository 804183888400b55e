<?php

declare(strict_types=1);

namespace Vtws\Tests\Server;

use PHPUnit\Framework\TestCase;
use Vtws\Tests\ServerLauncher;

require_once __DIR__ . '/WireClient.php';
require_once __DIR__ . '/WireReply.php';

/** Base for tests of the test server itself: a freshly seeded server and an admin session. */
abstract class ServerTestCase extends TestCase
{
    protected WireClient $client;
    protected string $session;

    protected function setUp(): void
    {
        ServerLauncher::control('reset', $this->seedOptions());
        $this->client = WireClient::forTestServer();
        $this->session = $this->client->login()['sessionName'];
    }

    protected function tearDown(): void
    {
        ServerLauncher::control('fault/clear');
    }

    protected function seedOptions(): array
    {
        return [];
    }

    protected function get(string $operation, array $params = []): WireReply
    {
        return $this->client->get(['operation' => $operation, 'sessionName' => $this->session] + $params);
    }

    protected function post(string $operation, array $params = []): WireReply
    {
        return $this->client->post(['operation' => $operation, 'sessionName' => $this->session] + $params);
    }

    protected function query(string $vtql): WireReply
    {
        return $this->get('query', ['query' => $vtql]);
    }

    protected static function assertError(string|int $code, string $message, WireReply $reply): void
    {
        self::assertSame(200, $reply->status);
        self::assertSame(['message' => $message, 'code' => $code], $reply->error());
    }
}
