<?php

declare(strict_types=1);

namespace Vtws\SynergyServer;

/** One HTTP request as the PHP built-in server hands it over. */
final class Request
{
    /**
     * @param array<string, string> $headers lower-cased names
     * @param array<string, mixed> $query
     */
    public function __construct(
        public readonly string $method,
        public readonly string $path,
        public readonly string $queryString,
        public readonly array $query,
        public readonly array $headers,
        public readonly string $body,
        public readonly string $clientIp,
    ) {
    }

    public static function fromGlobals(): self
    {
        $uri = (string) ($_SERVER['REQUEST_URI'] ?? '/');
        $path = (string) (parse_url($uri, PHP_URL_PATH) ?? '/');
        $queryString = (string) ($_SERVER['QUERY_STRING'] ?? '');
        $headers = [];
        foreach (getallheaders() as $name => $value) {
            $headers[strtolower((string) $name)] = (string) $value;
        }
        return new self(
            strtoupper((string) ($_SERVER['REQUEST_METHOD'] ?? 'GET')),
            $path,
            $queryString,
            $_GET,
            $headers,
            (string) file_get_contents('php://input'),
            (string) ($_SERVER['REMOTE_ADDR'] ?? ''),
        );
    }

    public function header(string $name): ?string
    {
        return $this->headers[strtolower($name)] ?? null;
    }

    /** A query parameter given once as a plain string, or null when absent. */
    public function queryParam(string $name): ?string
    {
        $value = $this->query[$name] ?? null;
        if ($value === null) {
            return null;
        }
        if (!is_string($value)) {
            throw ApiError::badRequest("query parameter $name must be given once");
        }
        return $value;
    }

    /** Form fields of an application/x-www-form-urlencoded body. */
    public function form(): array
    {
        parse_str($this->body, $fields);
        return $fields;
    }

    /** The JSON body decoded into arrays; an empty body counts as {}. */
    public function json(): mixed
    {
        if (trim($this->body) === '') {
            return [];
        }
        try {
            return json_decode($this->body, true, 64, JSON_THROW_ON_ERROR);
        } catch (\JsonException $e) {
            throw ApiError::badRequest('request body is not valid JSON: ' . $e->getMessage());
        }
    }
}
