<?php

declare(strict_types=1);

namespace Vtws\AcmeServer;

/**
 * Front controller. An API request runs in one write transaction, checked in this order:
 * armed fault, API key (401), route (404), method (405), body (400), then the call inside a
 * savepoint, so that a failing bulk call stores none of its items. Every API request is
 * logged with its headers and body.
 */
final class Server
{
    public function handle(): void
    {
        $request = Request::fromGlobals();
        try {
            $store = Store::open();
            if (str_starts_with($request->path, '/__acme/')) {
                $this->control($store, $request)->send();
                return;
            }
            $store->transaction(fn (): Response => $this->serve($store, $request))->send();
        } catch (\Throwable $e) {
            error_log('acme emulator: ' . $e);
            (new Problem(500, 'internal error'))->toResponse()->send();
        }
    }

    private function control(Store $store, Request $request): Response
    {
        try {
            return (new Controls($store, $request))->handle();
        } catch (Problem $e) {
            return $e->toResponse();
        }
    }

    private function serve(Store $store, Request $request): Response
    {
        $route = Api::route($request->path);
        $call = $route[0] ?? 'none';
        $fault = (new Faults($store))->take();
        try {
            $response = ($fault === null ? null : Faults::answer(...$fault)) ?? $this->call($store, $request, $route);
        } catch (Problem $e) {
            $response = $e->toResponse();
        }
        if ($fault !== null && $fault[0] === 'truncated') {
            $response = Faults::truncate($response);
        }
        (new RequestLog($store))->record($request, $response, $call, $fault[0] ?? null);
        return $response;
    }

    private function call(Store $store, Request $request, ?array $route): Response
    {
        $key = $store->meta('api_key', Store::DEFAULT_KEY);
        $authorization = (string) $request->header('authorization');
        if (!hash_equals('Bearer ' . $key, $authorization)) {
            throw new Problem(401, $authorization === '' ? 'missing API key' : 'invalid API key',
                ['WWW-Authenticate' => 'Bearer']);
        }
        if ($route === null) {
            throw new Problem(404, 'no such resource: ' . $request->path);
        }
        if ($request->method !== 'POST') {
            throw new Problem(405, 'method ' . $request->method . ' is not allowed', ['Allow' => 'POST']);
        }
        $body = $request->jsonObject();
        $api = new Api(new Directory($store, new Clock($store)));
        return $store->savepoint(fn (): Response => $api->run($route[0], $route[1], $body));
    }
}
