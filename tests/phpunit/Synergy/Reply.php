<?php

declare(strict_types=1);

namespace Vtws\Tests\Synergy;

/** One HTTP answer of the emulator. */
final class Reply
{
    /** @param array<string, string> $headers lower-cased names */
    public function __construct(
        public readonly int $status,
        public readonly array $headers,
        public readonly string $body,
        public readonly string $path,
    ) {
    }

    public function header(string $name): ?string
    {
        return $this->headers[strtolower($name)] ?? null;
    }

    /** The body decoded into arrays. */
    public function json(): mixed
    {
        return json_decode($this->body, true, 512, JSON_THROW_ON_ERROR);
    }

    /** The body decoded with objects, as JSON Schema validation needs it. */
    public function data(): mixed
    {
        return json_decode($this->body, false, 512, JSON_THROW_ON_ERROR);
    }

    public function describe(): string
    {
        return "HTTP $this->status " . substr($this->body, 0, 600);
    }
}
