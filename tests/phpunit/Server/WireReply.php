<?php

declare(strict_types=1);

namespace Vtws\Tests\Server;

/** One HTTP answer as received. */
final class WireReply
{
    public function __construct(
        public readonly int $status,
        public readonly string $contentType,
        public readonly string $body,
        public readonly int $curlError = 0,
    ) {
    }

    public function json(): mixed
    {
        return json_decode($this->body, true);
    }

    /** The result of a success envelope; throws when the answer is anything else. */
    public function result(): mixed
    {
        $decoded = $this->json();
        if (!is_array($decoded) || ($decoded['success'] ?? null) !== true) {
            throw new \RuntimeException('expected a success envelope, got: ' . substr($this->body, 0, 300));
        }
        return $decoded['result'];
    }

    /** @return array{message: string, code: string|int} */
    public function error(): array
    {
        $decoded = $this->json();
        if (!is_array($decoded) || ($decoded['success'] ?? null) !== false) {
            throw new \RuntimeException('expected an error envelope, got: ' . substr($this->body, 0, 300));
        }
        return $decoded['error'];
    }
}
