<?php

declare(strict_types=1);

namespace Vtws\Tests\Shared;

use Vtws\Client;
use Vtws\Tests\ServerLauncher;

require_once __DIR__ . '/Transport.php';

/** The test server behind webservice.php, as every other client test uses it. */
final class HttpTransport implements Transport
{
    public function name(): string
    {
        return 'http';
    }

    public function client(array $options = []): Client
    {
        $client = new Client(ServerLauncher::start(), $options + ['timeout' => 30, 'connect_timeout' => 10]);
        $client->login('admin', 'vtwsAdminAccessK');
        return $client;
    }

    public function hasControls(): bool
    {
        return true;
    }

    public function control(string $route, array $params = [], string $method = 'POST'): array
    {
        $context = stream_context_create(['http' => [
            'method' => $method,
            'header' => "Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n",
            'content' => http_build_query($params),
            'ignore_errors' => true,
            'timeout' => 120,
        ]]);
        $body = file_get_contents(ServerLauncher::start() . '/__vtws/' . $route, false, $context);
        $decoded = json_decode((string) $body, true);
        if (!is_array($decoded)) {
            throw new \RuntimeException("control $route answered: " . var_export($body, true));
        }
        return $decoded;
    }
}
