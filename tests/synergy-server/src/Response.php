<?php

declare(strict_types=1);

namespace Vtws\SynergyServer;

/** A complete HTTP answer, built before anything is sent. */
final class Response
{
    /** @param array<string, string> $headers */
    public function __construct(
        public readonly int $status,
        public readonly string $body = '',
        public array $headers = [],
    ) {
    }

    public static function json(int $status, mixed $payload, array $headers = []): self
    {
        $body = json_encode($payload, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION
            | JSON_THROW_ON_ERROR);
        return new self($status, $body, ['Content-Type' => 'application/json'] + $headers);
    }

    public static function noContent(): self
    {
        return new self(204);
    }

    public function withHeader(string $name, string $value): self
    {
        $copy = clone $this;
        $copy->headers[$name] = $value;
        return $copy;
    }

    public function send(): void
    {
        http_response_code($this->status);
        header_remove('X-Powered-By');
        foreach ($this->headers as $name => $value) {
            header($name . ': ' . $value);
        }
        if ($this->status !== 204) {
            header('Content-Length: ' . strlen($this->body));
            echo $this->body;
        }
    }
}
