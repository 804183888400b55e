<?php

declare(strict_types=1);

namespace Vtws\Tests\Shared;

use Vtws\Client;

/** How the shared client suite reaches the server: over HTTP or in this process. */
interface Transport
{
    public function name(): string;

    /** A client acting as the admin user (id 1), with the client options that apply everywhere (typed, preserve_description). */
    public function client(array $options = []): Client;

    /** Whether the test server's controls (reset, stats, profile, ...) are there. */
    public function hasControls(): bool;

    /** Calls a test control and returns its decoded answer. */
    public function control(string $route, array $params = [], string $method = 'POST'): array;
}
