<?php

declare(strict_types=1);

namespace Vtws\AcmeServer;

/** The /__acme/ test controls (README.md). POST bodies are JSON objects. */
final class Controls
{
    public function __construct(private readonly Store $store, private readonly Request $request)
    {
    }

    public function handle(): Response
    {
        $name = substr($this->request->path, strlen('/__acme/'));
        $post = $this->request->method === 'POST';
        $body = $post && trim($this->request->body) !== '' ? $this->request->jsonObject() : [];
        $clock = new Clock($this->store);
        $log = new RequestLog($this->store);
        $faults = new Faults($this->store);
        return match (true) {
            $name === 'health' => Response::json(200, ['ok' => true]),
            $name === 'reset' && $post => $this->reset($body),
            $name === 'key' && $post => $this->key($body),
            $name === 'seed' && $post => $this->seed($body, $clock),
            $name === 'records' => $this->records($clock),
            $name === 'log' => Response::json(200, ['log' => $log->entries()]),
            $name === 'log/clear' && $post => $this->ok(static fn () => $log->clear()),
            $name === 'clock' && $post => $this->clock($body, $clock),
            $name === 'clock' => $this->showClock($clock),
            $name === 'fault' && $post => $this->ok(static fn () => $faults->arm((string) ($body['kind'] ?? ''),
                self::int($body, 'count', 1), self::int($body, 'retryAfter', 1))),
            $name === 'fault/clear' && $post => $this->ok(static fn () => $faults->clear()),
            $name === 'faults' => Response::json(200, ['faults' => $faults->armed()]),
            $name === 'stats' => Response::json(200, $log->stats()),
            default => throw new Problem(404, 'no such control: ' . $this->request->method . ' ' . $this->request->path),
        };
    }

    private function ok(callable $work): Response
    {
        $this->store->transaction($work);
        return Response::json(200, ['ok' => true]);
    }

    private function reset(array $body): Response
    {
        $key = $body['key'] ?? Store::DEFAULT_KEY;
        if (!is_string($key) || $key === '') {
            throw new Problem(400, 'key must be a non-empty string');
        }
        return $this->ok(fn () => $this->store->rebuild($key));
    }

    private function key(array $body): Response
    {
        $key = $body['key'] ?? null;
        if (!is_string($key) || $key === '') {
            throw new Problem(400, 'key must be a non-empty string');
        }
        return $this->ok(fn () => $this->store->setMeta('api_key', $key));
    }

    /** {"module": "companies", "items": [{"id"?, "modified_at", "removed"?, "fields"}]} */
    private function seed(array $body, Clock $clock): Response
    {
        $module = $body['module'] ?? null;
        if (!is_string($module) || !isset(Directory::MODULES[$module])) {
            throw new Problem(400, 'module must be companies or people');
        }
        $items = $body['items'] ?? null;
        if (!is_array($items) || !array_is_list($items)) {
            throw new Problem(400, 'items must be an array');
        }
        $ids = $this->store->transaction(function () use ($module, $items, $clock): array {
            $directory = new Directory($this->store, $clock);
            $ids = [];
            foreach ($items as $i => $item) {
                $modifiedAt = array_key_exists('modified_at', $item) ? Clock::parse($item['modified_at']) : $clock->now();
                $fields = $item['fields'] ?? [];
                $id = $item['id'] ?? null;
                if ($modifiedAt === null || !is_array($fields) || ($id !== null && (!is_string($id) || $id === ''))) {
                    throw new Problem(400, "items[$i] needs modified_at (ISO 8601 or seconds), fields (object), id (string)");
                }
                if ($id !== null && $directory->find($module, $id) !== null) {
                    throw new Problem(409, "items[$i]: $id exists");
                }
                $ids[] = $directory->insert($module, $fields, $modifiedAt, (bool) ($item['removed'] ?? false), $id)['id'];
            }
            return $ids;
        });
        return Response::json(200, ['ok' => true, 'ids' => $ids]);
    }

    /** GET ?module=companies: every record, removed ones included, in creation order. */
    private function records(Clock $clock): Response
    {
        parse_str($this->request->queryString, $query);
        $module = $query['module'] ?? null;
        if (!is_string($module) || !isset(Directory::MODULES[$module])) {
            throw new Problem(400, 'module must be companies or people');
        }
        $items = array_map(Directory::show(...), (new Directory($this->store, $clock))->all($module));
        return Response::json(200, ['items' => $items]);
    }

    /** {"set": ISO|seconds, "advance": seconds, "freeze": bool}, applied in that order. */
    private function clock(array $body, Clock $clock): Response
    {
        $this->store->transaction(function () use ($body, $clock): void {
            if (array_key_exists('set', $body)) {
                $at = Clock::parse($body['set']);
                if ($at === null) {
                    throw new Problem(400, 'set must be ISO 8601 text or Unix seconds');
                }
                $clock->set($at, (bool) ($body['freeze'] ?? true));
            }
            if (array_key_exists('advance', $body)) {
                $clock->advance(self::int($body, 'advance', 0));
            }
            if (array_key_exists('freeze', $body) && !array_key_exists('set', $body)) {
                $clock->freeze((bool) $body['freeze']);
            }
        });
        return $this->showClock($clock);
    }

    private function showClock(Clock $clock): Response
    {
        $now = $clock->now();
        return Response::json(200, ['ok' => true, 'now' => $now, 'iso' => Clock::iso($now), 'frozen' => $clock->isFrozen()]);
    }

    private static function int(array $body, string $key, int $default): int
    {
        $value = $body[$key] ?? $default;
        if (!is_int($value)) {
            throw new Problem(400, "$key must be an integer");
        }
        return $value;
    }
}
