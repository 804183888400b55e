<?php

declare(strict_types=1);

namespace Vtws\SynergyServer;

/** The test controls under /__synergy/ (documented in README.md). */
final class Controls
{
    public function __construct(private readonly Store $store, private readonly Request $request)
    {
    }

    public function handle(): Response
    {
        $route = substr($this->request->path, strlen('/__synergy/'));
        try {
            if ($this->request->method === 'GET') {
                return Response::json(200, $this->store->transaction(fn (): array => $this->read($route)));
            }
            if ($this->request->method !== 'POST') {
                return Response::json(405, ['ok' => false, 'error' => 'use GET or POST']);
            }
            return Response::json(200, ['ok' => true] + $this->store->transaction(fn (): array => $this->write($route)));
        } catch (\InvalidArgumentException $e) {
            return Response::json(400, ['ok' => false, 'error' => $e->getMessage()]);
        }
    }

    private function read(string $route): array
    {
        $clock = new Clock($this->store);
        return match ($route) {
            'health' => ['ok' => true],
            'stats' => (new RequestLog($this->store))->stats(),
            'config' => Config::load($this->store)->all(),
            'clock' => $this->clockState($clock),
            'faults' => ['faults' => (new Faults($this->store))->armed()],
            'bucket' => ['level' => (new RateLimiter($this->store, $clock, Config::load($this->store)))->level(Seeder::ACCOUNT)],
            default => throw new \InvalidArgumentException('unknown control: GET ' . $route),
        };
    }

    private function write(string $route): array
    {
        $fields = $this->request->form();
        $clock = new Clock($this->store);
        switch ($route) {
            case 'reset':
                $records = filter_var($fields['records'] ?? '0', FILTER_VALIDATE_INT, ['options' => ['min_range' => 0,
                    'max_range' => 20000]]);
                if ($records === false) {
                    throw new \InvalidArgumentException('records must be between 0 and 20000');
                }
                $this->store->rebuild($records);
                return ['records' => $records];
            case 'config':
                $config = Config::update($this->store, $fields);
                $this->store->exec('DELETE FROM buckets');
                return ['config' => $config->all()];
            case 'clock':
                if (isset($fields['freeze'])) {
                    $clock->freeze(in_array((string) $fields['freeze'], ['1', 'true', 'yes', 'on'], true));
                }
                if (isset($fields['advance'])) {
                    if (!is_numeric($fields['advance'])) {
                        throw new \InvalidArgumentException('advance must be a number of seconds');
                    }
                    $clock->advance((int) round((float) $fields['advance'] * 1000000));
                }
                return $this->clockState($clock);
            case 'fault':
                (new Faults($this->store))->arm((int) ($fields['kind'] ?? 0), (int) ($fields['count'] ?? 1),
                    (string) ($fields['target'] ?? 'api'), isset($fields['operation']) ? (string) $fields['operation'] : null);
                return ['faults' => (new Faults($this->store))->armed()];
            case 'fault/clear':
                (new Faults($this->store))->clear();
                return [];
            case 'tokens/expire':
                return ['expired' => (new Tokens($this->store, $clock, Config::load($this->store)))->expireAll()];
            case 'update-key':
                return $this->updateKey($fields, $clock);
            case 'stats/reset':
                (new RequestLog($this->store))->reset();
                return [];
            default:
                throw new \InvalidArgumentException('unknown control: POST ' . $route);
        }
    }

    /** Declares the column behind definition/property an update key (unique=0 clears it). */
    private function updateKey(array $fields, Clock $clock): array
    {
        $catalog = new Catalog($this->store, $clock);
        $definitions = new Definitions($this->store, $catalog, $clock, Config::load($this->store));
        $definition = $definitions->resolved(Seeder::ACCOUNT, (string) ($fields['definition'] ?? ''));
        $property = $definition?->properties[(string) ($fields['property'] ?? '')] ?? null;
        if ($property === null) {
            throw new \InvalidArgumentException('definition and property must name a property of a stored definition');
        }
        $unique = (string) ($fields['unique'] ?? '1') !== '0';
        $catalog->setUniqueKey(Seeder::ACCOUNT, $definition->database, $property['column'], $unique);
        return ['database' => $definition->database, 'column' => $property['column'], 'unique' => $unique];
    }

    private function clockState(Clock $clock): array
    {
        return ['nowMicros' => $clock->nowMicros(), 'now' => $clock->isoUtc(), 'frozen' => $clock->isFrozen()];
    }
}
