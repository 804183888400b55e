<?php

declare(strict_types=1);

namespace Vtws\Tests\Server;

use Vtws\Tests\ServerLauncher;

/** Raw HTTP against the test server with ext-curl; no vtws extension involved. */
final class WireClient
{
    public const ADMIN_KEY = 'vtwsAdminAccessK';

    public function __construct(private readonly string $endpoint)
    {
    }

    public static function forTestServer(): self
    {
        return new self(ServerLauncher::endpoint());
    }

    public function get(array $params): WireReply
    {
        return $this->send('GET', $params, null, null);
    }

    public function post(array $params, array $query = []): WireReply
    {
        return $this->send('POST', $query, http_build_query($params), 'application/x-www-form-urlencoded');
    }

    /** @param array<string, array{name: string, type: string, content: string}> $files */
    public function multipart(array $params, array $files): WireReply
    {
        $fields = $params;
        foreach ($files as $part => $file) {
            $fields[$part] = new \CURLStringFile($file['content'], $file['name'], $file['type']);
        }
        return $this->send('POST', [], $fields, null);
    }

    public function raw(string $method, array $query, string $body, string $contentType): WireReply
    {
        return $this->send($method, $query, $body, $contentType);
    }

    /** getchallenge + login; returns the login result. */
    public function login(string $username = 'admin', string $accessKey = self::ADMIN_KEY): array
    {
        $token = $this->get(['operation' => 'getchallenge', 'username' => $username])->result()['token'];
        return $this->post(['operation' => 'login', 'username' => $username, 'accessKey' => md5($token . $accessKey)])
            ->result();
    }

    private function send(string $method, array $query, string|array|null $body, ?string $contentType): WireReply
    {
        $url = $this->endpoint . ($query === [] ? '' : '?' . http_build_query($query));
        $curl = curl_init($url);
        $headers = [];
        curl_setopt_array($curl, [
            CURLOPT_CUSTOMREQUEST => $method,
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_TIMEOUT => 60,
            CURLOPT_HEADERFUNCTION => static function ($handle, string $line) use (&$headers): int {
                $parts = explode(':', $line, 2);
                if (count($parts) === 2) {
                    $headers[strtolower(trim($parts[0]))] = trim($parts[1]);
                }
                return strlen($line);
            },
        ]);
        if ($body !== null) {
            curl_setopt($curl, CURLOPT_POSTFIELDS, $body);
        }
        if ($contentType !== null) {
            curl_setopt($curl, CURLOPT_HTTPHEADER, ['Content-Type: ' . $contentType]);
        }
        $response = curl_exec($curl);
        $reply = new WireReply(
            (int) curl_getinfo($curl, CURLINFO_RESPONSE_CODE),
            $headers['content-type'] ?? '',
            is_string($response) ? $response : '',
            curl_errno($curl),
        );
        curl_close($curl);
        return $reply;
    }
}
