<?php

declare(strict_types=1);

namespace Vtws\TestServer;

/** The HTTP request as PHP parsed it: query string, form body, files. */
final class WebRequest
{
    public function __construct(
        public readonly string $method,
        public readonly string $path,
        public readonly array $query,
        public readonly array $body,
        public readonly array $files,
        public readonly array $cookies,
        public readonly string $contentType,
    ) {
    }

    public static function fromGlobals(): self
    {
        return new self(
            strtoupper((string) ($_SERVER['REQUEST_METHOD'] ?? 'GET')),
            (string) parse_url((string) ($_SERVER['REQUEST_URI'] ?? '/'), PHP_URL_PATH),
            $_GET,
            $_POST,
            $_FILES,
            $_COOKIE,
            (string) ($_SERVER['CONTENT_TYPE'] ?? ''),
        );
    }

    /** $_REQUEST under the default request_order "GP": the body wins over the query string. */
    public function any(): array
    {
        return array_merge($this->query, $this->body);
    }

    /** The parameter array an operation registered with $type reads from. */
    public function inputFor(string $type): array
    {
        return match (strtoupper($type)) {
            'GET' => $this->query,
            'POST' => $this->body,
            default => $this->any(),
        };
    }
}
