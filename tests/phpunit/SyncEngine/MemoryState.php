<?php

declare(strict_types=1);

namespace Vtws\Tests\SyncEngine;

/** A state store in PHP that records every apply() call, as a user's own store would. */
class MemoryState implements \Vtws\Sync\State
{
    /** @var list<array<string, mixed>> */
    public array $applied = [];

    public function __construct(public array $document = [])
    {
    }

    public function load(): array
    {
        return $this->document;
    }

    public function apply(array $changes): void
    {
        $this->applied[] = $changes;
        foreach (['connector', 'synctype'] as $key) {
            if (isset($changes[$key])) {
                $this->document[$key] = $changes[$key];
            }
        }
        foreach ($changes['pairs'] ?? [] as $pair => $directions) {
            foreach ($directions as $direction => $values) {
                foreach ($values as $key => $value) {
                    $this->document['pairs'][$pair][$direction][$key] = $value;
                }
            }
        }
        foreach ($changes['idmap'] ?? [] as $op) {
            $entries = $this->document['idmap'][$op['pair']] ?? [];
            $entries = array_values(array_filter($entries, fn (array $e): bool => $e['vtiger'] !== $op['vtiger']
                && ($op['op'] !== 'put' || $e['service'] !== $op['service'])));
            if ($op['op'] === 'put') {
                $entries[] = ['vtiger' => $op['vtiger'], 'service' => $op['service'],
                    'vtigerMtime' => $op['vtigerMtime'], 'serviceMtime' => $op['serviceMtime']];
            }
            $this->document['idmap'][$op['pair']] = $entries;
        }
    }

    /** @return array<string, string> vtiger id => service id */
    public function idmap(string $pair): array
    {
        return array_column($this->document['idmap'][$pair] ?? [], 'service', 'vtiger');
    }
}
