<?php

declare(strict_types=1);

namespace Vtws\TestServer;

/** The /__vtws/* test controls (documented in tests/server/README.md). */
final class Admin
{
    public function __construct(private readonly \PDO $db, private readonly WebRequest $request)
    {
    }

    public function handle(): Answer
    {
        $route = substr($this->request->path, strlen('/__vtws/'));
        if ($route === 'health' || $route === 'stats' || $route === 'timeline') {
            return $this->read($route);
        }
        if ($this->request->method !== 'POST') {
            return Answer::json(['ok' => false, 'error' => 'use POST for ' . $route], 405);
        }
        try {
            return Answer::json(['ok' => true] + $this->write($route));
        } catch (\InvalidArgumentException $e) {
            return Answer::json(['ok' => false, 'error' => $e->getMessage()], 400);
        }
    }

    private function read(string $route): Answer
    {
        if ($route === 'health') {
            return Answer::json(['ok' => true]);
        }
        if ($route === 'timeline') {
            return Answer::json(['timeline' => SessionLock::timeline($this->db)]);
        }
        return Answer::json((new RequestLog($this->db, new Clock($this->db)))->stats());
    }

    private function write(string $route): array
    {
        $params = $this->request->any();
        return match ($route) {
            'reset' => $this->reset((int) ($params['contacts'] ?? 0)),
            'fault' => $this->fault($params),
            'fault/clear' => $this->inTransaction(fn () => (new Faults($this->db))->clear()),
            'expire-sessions' => $this->expireSessions(),
            'profile' => $this->profile((string) ($params['name'] ?? '')),
            'operations-source' => ExternalOperations::configure($this->db, $params),
            'clock' => $this->clock($params),
            'stats/reset' => $this->inTransaction(function (): void {
                (new RequestLog($this->db, new Clock($this->db)))->reset();
                SessionLock::clearTimeline($this->db);
            }),
            default => throw new \InvalidArgumentException('unknown control: ' . $route),
        };
    }

    private function inTransaction(callable $work): array
    {
        Database::transaction($this->db, $work);
        return [];
    }

    private function expireSessions(): array
    {
        $sessions = new SessionStore($this->db, new Clock($this->db));
        return ['expired' => Database::transaction($this->db, fn (): int => $sessions->destroyAll())];
    }

    private function clock(array $params): array
    {
        return Database::transaction($this->db, function () use ($params): array {
            $clock = new Clock($this->db);
            $answer = ['offset' => $clock->advance((int) ($params['advance'] ?? 0))];
            if (isset($params['freeze'])) {
                $answer['frozenAt'] = $clock->freeze((string) $params['freeze'] === '1');
            }
            return $answer + ['now' => $clock->now()];
        });
    }

    private function profile(string $name): array
    {
        if (!in_array($name, OperationManager::PROFILES, true)) {
            throw new \InvalidArgumentException('profile must be one of: ' . implode(', ', OperationManager::PROFILES));
        }
        $this->inTransaction(fn () => $this->db->prepare("UPDATE server_meta SET value = ? WHERE name = 'profile'")
            ->execute([$name]));
        return ['profile' => $name];
    }

    private function reset(int $extraContacts): array
    {
        if ($extraContacts < 0 || $extraContacts > 20000) {
            throw new \InvalidArgumentException('contacts must be between 0 and 20000');
        }
        $started = hrtime(true);
        Database::rebuild($this->db, $extraContacts);
        return ['contacts' => $extraContacts, 'ms' => intdiv(hrtime(true) - $started, 1000000)];
    }

    private function fault(array $params): array
    {
        $kind = (string) ($params['kind'] ?? '');
        $count = (int) ($params['count'] ?? 1);
        $operation = isset($params['operation']) ? (string) $params['operation'] : null;
        $ms = (int) ($params['ms'] ?? 0);
        $lines = (int) ($params['lines'] ?? 3);
        Database::transaction($this->db, fn () => (new Faults($this->db))->arm($kind, $count, $operation, $ms, $lines));
        return ['kind' => $kind, 'count' => max(1, $count), 'operation' => $operation];
    }
}
