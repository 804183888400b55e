<?php

declare(strict_types=1);

namespace Vtws\SynergyServer;

/**
 * The authorisation server (OAuth 2.0 client credentials, Auth0-style errors) and the
 * bearer-token check of the API.
 */
final class Tokens
{
    public const AUDIENCE = 'https://db.paas.crmstyle.com';
    public const SCOPES = ['db:apidefinition:design', 'db:openapi:read', 'db:record:execute', 'db:record:read'];

    public function __construct(private readonly Store $store, private readonly Clock $clock, private readonly Config $config)
    {
    }

    /** POST /oauth2/token. */
    public function issue(Request $request): Response
    {
        $retryAfter = $this->countTokenRequest($request->clientIp);
        if ($retryAfter !== null) {
            return self::oauthError(429, 'too_many_requests', 'Global limit has been reached',
                $this->config->bool('retryAfter') ? ['Retry-After' => (string) $retryAfter] : []);
        }
        if ($request->method !== 'POST') {
            return self::oauthError(405, 'invalid_request', 'use POST', ['Allow' => 'POST']);
        }
        $client = $this->client($request);
        if ($client === null) {
            return self::oauthError(401, 'access_denied', 'Unauthorized', ['WWW-Authenticate' => 'Basic realm="synergy"']);
        }
        if (!str_starts_with(strtolower((string) $request->header('content-type')), 'application/x-www-form-urlencoded')) {
            return self::oauthError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
        }
        $form = $request->form();
        $grant = $form['grant_type'] ?? null;
        if (!is_string($grant) || $grant === '') {
            return self::oauthError(400, 'invalid_request', 'Missing required parameter: grant_type');
        }
        if ($grant !== 'client_credentials') {
            return self::oauthError(400, 'unsupported_grant_type', 'Unsupported grant type: ' . $grant);
        }
        $audience = $form['audience'] ?? null;
        if ($audience !== null && $audience !== self::AUDIENCE) {
            return self::oauthError(400, 'invalid_request', 'Service not found: ' . (is_string($audience) ? $audience : ''));
        }
        $granted = array_values(array_filter(explode(' ', $client['scopes'])));
        $requested = $form['scope'] ?? null;
        $scopes = $requested === null ? $granted : array_values(array_unique(array_filter(explode(' ', (string) $requested))));
        foreach ($scopes as $scope) {
            if (!in_array($scope, self::SCOPES, true)) {
                return self::oauthError(400, 'invalid_scope', 'Unknown scope: ' . $scope);
            }
            if (!in_array($scope, $granted, true)) {
                return self::oauthError(403, 'access_denied', 'Client has not been granted scopes: ' . $scope);
            }
        }
        $token = 'syn.' . bin2hex(random_bytes(24));
        $lifetime = $this->config->int('tokenLifetime');
        $now = $this->clock->nowMicros();
        $this->store->exec('INSERT INTO tokens (token, client_id, account, scopes, audience, issued_us, expires_us)
            VALUES (?, ?, ?, ?, ?, ?, ?)', [$token, $client['id'], $client['account'], implode(' ', $scopes),
            $audience, $now, $now + $lifetime * 1000000]);
        $this->store->setMeta('tokens_issued', (string) ((int) $this->store->meta('tokens_issued', '0') + 1));
        return Response::json(200, ['access_token' => $token, 'expires_in' => $lifetime, 'scope' => implode(' ', $scopes),
            'token_type' => 'bearer'], ['Cache-Control' => 'no-store', 'Pragma' => 'no-cache']);
    }

    /** The client named by the Basic credentials, or null when they are missing or wrong. */
    public function client(Request $request): ?array
    {
        $header = (string) $request->header('authorization');
        if (preg_match('/^Basic\s+([A-Za-z0-9+\/=]+)$/i', $header, $m) !== 1) {
            return null;
        }
        $pair = base64_decode($m[1], true);
        if (!is_string($pair) || !str_contains($pair, ':')) {
            return null;
        }
        [$id, $secret] = explode(':', $pair, 2);
        $client = $this->store->row('SELECT * FROM clients WHERE id = ?', [$id]);
        return $client !== null && hash_equals($client['secret'], $secret) ? $client : null;
    }

    /** The stored token behind "Authorization: Bearer ..."; 401 when missing, unknown, expired or without audience. */
    public function verify(Request $request): array
    {
        $header = (string) $request->header('authorization');
        if (preg_match('/^Bearer\s+(\S+)$/i', $header, $m) !== 1) {
            throw self::unauthorized('Full authentication is required to access this resource');
        }
        $token = $this->store->row('SELECT * FROM tokens WHERE token = ?', [$m[1]]);
        if ($token === null) {
            throw self::unauthorized('invalid access token');
        }
        if ($this->clock->nowMicros() >= (int) $token['expires_us']) {
            throw self::unauthorized('access token expired');
        }
        if ($token['audience'] !== self::AUDIENCE) {
            throw self::unauthorized('access token was not issued for this API (audience missing)');
        }
        return $token;
    }

    /** Makes every issued token expired now. */
    public function expireAll(): int
    {
        return $this->store->exec('UPDATE tokens SET expires_us = ? WHERE expires_us > ?',
            [$this->clock->nowMicros(), $this->clock->nowMicros()]);
    }

    public static function unauthorized(string $message): ApiError
    {
        return new ApiError(401, $message, ['WWW-Authenticate' => 'Bearer realm="synergy", error="invalid_token"']);
    }

    public static function oauthError(int $status, string $error, string $description, array $headers = []): Response
    {
        return Response::json($status, ['error' => $error, 'error_description' => $description], $headers);
    }

    /** Counts a token request of one IP; returns the seconds to wait when the per-minute limit is used up. */
    private function countTokenRequest(string $ip): ?int
    {
        $now = $this->clock->nowMicros();
        $windowStart = $now - 60000000;
        $this->store->exec('DELETE FROM token_hits WHERE at_us <= ?', [$windowStart]);
        $hits = $this->store->row('SELECT COUNT(*) AS n, MIN(at_us) AS oldest FROM token_hits WHERE ip = ?', [$ip]);
        if ((int) $hits['n'] >= $this->config->int('tokenRequestsPerMinute')) {
            return max(1, (int) ceil(((int) $hits['oldest'] + 60000000 - $now) / 1000000));
        }
        $this->store->exec('INSERT INTO token_hits (ip, at_us) VALUES (?, ?)', [$ip, $now]);
        return null;
    }
}
