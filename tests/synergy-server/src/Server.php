<?php

declare(strict_types=1);

namespace Vtws\SynergyServer;

/**
 * Front controller. Each API request runs in one write transaction, in this order:
 * armed fault, bearer token (401), IP allow-list (403), rate bucket (429), route
 * (404/405), account and scope (403), then the operation itself inside a savepoint
 * so that a failing operation leaves the data unchanged.
 */
final class Server
{
    public function handle(): void
    {
        $request = Request::fromGlobals();
        try {
            $store = Store::open();
            if (str_starts_with($request->path, '/__synergy/')) {
                (new Controls($store, $request))->handle()->send();
                return;
            }
            $store->transaction(fn (): Response => $this->serve($store, $request))->send();
        } catch (\Throwable $e) {
            error_log('synergy emulator: ' . $e);
            Response::json(500, ['timestamp' => gmdate('Y-m-d\TH:i:s.000+00:00'), 'status' => 500,
                'error' => 'Internal Server Error', 'message' => 'internal error', 'path' => $request->path])->send();
        }
    }

    private function serve(Store $store, Request $request): Response
    {
        $clock = new Clock($store);
        $config = Config::load($store);
        $at = $clock->nowMicros();
        $tokens = new Tokens($store, $clock, $config);
        $context = ['auth' => self::authKind($request), 'client' => null, 'fault' => null];
        $isToken = $request->path === '/oauth2/token';
        $route = $isToken ? ['operation' => 'token', 'params' => [], 'allowed' => ['POST']]
            : Router::match($request->method, $request->path);
        $operation = $route['operation'] ?? ($route['allowed'] === [] ? 'unknown' : 'methodNotAllowed');
        try {
            $response = $isToken ? $this->token($store, $tokens, $request, $context)
                : $this->api($store, $clock, $config, $tokens, $request, $route, $operation, $context);
        } catch (ApiError $e) {
            $response = $e->toResponse($request->path, $clock);
        } catch (\Throwable $e) {
            error_log('synergy emulator: ' . $e);
            $response = (new ApiError(500, 'internal error'))->toResponse($request->path, $clock);
        }
        (new RequestLog($store))->record($request, $operation, $response->status, $context['auth'], $context['client'],
            $context['fault'], $at);
        return $response;
    }

    private function token(Store $store, Tokens $tokens, Request $request, array &$context): Response
    {
        $context['client'] = $tokens->client($request)['id'] ?? null;
        $context['fault'] = (new Faults($store))->take('token', 'token');
        return $context['fault'] !== null ? Faults::tokenResponse($context['fault']) : $tokens->issue($request);
    }

    private function api(Store $store, Clock $clock, Config $config, Tokens $tokens, Request $request, array $route,
        string $operation, array &$context): Response
    {
        if (!str_starts_with($request->path, '/apis/')) {
            throw ApiError::notFound('no such resource');
        }
        $context['fault'] = (new Faults($store))->take('api', $operation);
        if ($context['fault'] !== null) {
            throw Faults::apiError($context['fault']);
        }
        $token = $tokens->verify($request);
        $context['client'] = $token['client_id'];
        $client = $store->row('SELECT allow_ips FROM clients WHERE id = ?', [$token['client_id']]);
        $allowed = array_filter(explode(',', (string) ($client['allow_ips'] ?? '')));
        if ($allowed !== [] && !in_array($request->clientIp, $allowed, true)) {
            throw new ApiError(403, 'access from this IP address is not allowed');
        }
        $wait = (new RateLimiter($store, $clock, $config))->take($token['account']);
        if ($wait !== null) {
            throw new ApiError(429, 'rate limit exceeded', $config->bool('retryAfter') ? ['Retry-After' => (string) $wait] : []);
        }
        if ($route['operation'] === null) {
            if ($route['allowed'] === []) {
                throw ApiError::notFound('no such resource');
            }
            throw new ApiError(405, 'method ' . $request->method . ' is not supported', ['Allow' => implode(', ', $route['allowed'])]);
        }
        if (preg_match('/^[a-z]+$/', $route['params'][0]) !== 1 && $operation !== 'deleteApiDefinition') {
            // deleteApiDefinition documents no 400: there a malformed code is just another account (403).
            throw ApiError::badRequest('accountCode must match ^[a-z]+$');
        }
        if ($route['params'][0] !== $token['account']) {
            throw new ApiError(403, 'the access token does not belong to account ' . $route['params'][0]);
        }
        if (array_intersect(Router::SCOPES[$operation], explode(' ', $token['scopes'])) === []) {
            throw new ApiError(403, 'insufficient scope: ' . $operation . ' needs ' . implode(' or ', Router::SCOPES[$operation]));
        }
        return $store->savepoint(fn (): Response => (new Api($store, $clock, $config, $request))->run($operation, $route['params']));
    }

    private static function authKind(Request $request): string
    {
        $header = (string) $request->header('authorization');
        return match (true) {
            $header === '' => 'none',
            (bool) preg_match('/^Bearer\s/i', $header) => 'bearer',
            (bool) preg_match('/^Basic\s/i', $header) => 'basic',
            default => 'other',
        };
    }
}
