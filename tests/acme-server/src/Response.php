<?php

declare(strict_types=1);

namespace Vtws\AcmeServer;

final class Response
{
    /** @param array<string, string> $headers */
    public function __construct(public readonly int $status, public readonly string $body, public readonly array $headers = [])
    {
    }

    /** @param array<string, string> $headers */
    public static function json(int $status, mixed $data, array $headers = []): self
    {
        return new self($status, json_encode($data, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR),
            ['Content-Type' => 'application/json'] + $headers);
    }

    public static function noContent(): self
    {
        return new self(204, '');
    }

    public function withBody(string $body): self
    {
        return new self($this->status, $body, $this->headers);
    }

    public function send(): void
    {
        http_response_code($this->status);
        foreach ($this->headers as $name => $value) {
            header($name . ': ' . $value);
        }
        if ($this->status !== 204) {
            echo $this->body;
        }
    }
}
