<?php

declare(strict_types=1);

namespace Vtws\AcmeServer;

/** One HTTP request as the PHP built-in server hands it over. */
final class Request
{
    /** @param array<string, string> $headers names lower-cased */
    public function __construct(
        public readonly string $method,
        public readonly string $path,
        public readonly string $queryString,
        public readonly array $headers,
        public readonly string $body,
    ) {
    }

    public static function fromGlobals(): self
    {
        $uri = (string) ($_SERVER['REQUEST_URI'] ?? '/');
        $headers = [];
        foreach (getallheaders() as $name => $value) {
            $headers[strtolower((string) $name)] = (string) $value;
        }
        ksort($headers);
        return new self(
            strtoupper((string) ($_SERVER['REQUEST_METHOD'] ?? 'GET')),
            (string) (parse_url($uri, PHP_URL_PATH) ?? '/'),
            (string) ($_SERVER['QUERY_STRING'] ?? ''),
            $headers,
            (string) file_get_contents('php://input'),
        );
    }

    public function header(string $name): ?string
    {
        return $this->headers[strtolower($name)] ?? null;
    }

    /** The body as a JSON object; anything else is a 400. */
    public function jsonObject(): array
    {
        try {
            $data = json_decode($this->body, true, 64, JSON_THROW_ON_ERROR);
        } catch (\JsonException $e) {
            throw new Problem(400, 'the body is not valid JSON: ' . $e->getMessage());
        }
        if (!is_array($data) || ($data !== [] && array_is_list($data))) {
            throw new Problem(400, 'the body must be a JSON object');
        }
        return $data;
    }
}
