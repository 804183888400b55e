<?php

declare(strict_types=1);

namespace Vtws\SynergyServer;

/**
 * A documented 4xx/5xx of the API. It is rendered as the vendor's error body
 * {timestamp, status, error, message, path} (Spring Boot's default layout).
 */
final class ApiError extends \RuntimeException
{
    private const REASONS = [
        400 => 'Bad Request', 401 => 'Unauthorized', 403 => 'Forbidden', 404 => 'Not Found',
        405 => 'Method Not Allowed', 409 => 'Conflict', 429 => 'Too Many Requests',
        500 => 'Internal Server Error', 503 => 'Service Unavailable',
    ];

    /** @param array<string, string> $headers */
    public function __construct(public readonly int $status, string $message, public readonly array $headers = [])
    {
        parent::__construct($message);
    }

    public static function badRequest(string $message): self
    {
        return new self(400, $message);
    }

    public static function notFound(string $message): self
    {
        return new self(404, $message);
    }

    public static function reason(int $status): string
    {
        return self::REASONS[$status] ?? 'Error';
    }

    public function toResponse(string $path, Clock $clock): Response
    {
        return Response::json($this->status, [
            'timestamp' => $clock->isoUtc(true),
            'status' => $this->status,
            'error' => self::reason($this->status),
            'message' => $this->getMessage(),
            'path' => $path,
        ], $this->headers);
    }
}
