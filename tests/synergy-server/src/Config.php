<?php

declare(strict_types=1);

namespace Vtws\SynergyServer;

/** Settings that tests may change through /__synergy/config; reset restores the defaults. */
final class Config
{
    /** Rate-limit profiles: the seed's (API 1.1.0) and the current reference's (since 2022-04). */
    public const PROFILES = ['seed' => [50, 200], 'current' => [150, 300]];

    public const DEFAULTS = [
        'rate' => 50,               // API requests per second refilled into the account's bucket
        'burst' => 200,             // bucket capacity
        'maxDefinitions' => 20,     // API definitions per account (10 before 2025-05)
        'tokenLifetime' => 3599,    // seconds, reported as expires_in
        'tokenRequestsPerMinute' => 100, // token endpoint limit per client IP
        'retryAfter' => true,       // send Retry-After with a 429
    ];

    /** @param array<string, int|bool> $values */
    private function __construct(private readonly array $values)
    {
    }

    public static function load(Store $store): self
    {
        $stored = json_decode($store->meta('config', '{}'), true);
        return new self((is_array($stored) ? $stored : []) + self::DEFAULTS);
    }

    public function int(string $name): int
    {
        return (int) $this->values[$name];
    }

    public function bool(string $name): bool
    {
        return (bool) $this->values[$name];
    }

    /** @return array<string, int|bool> */
    public function all(): array
    {
        return $this->values;
    }

    /**
     * Applies form fields (profile=seed|current, rate, burst, maxDefinitions, tokenLifetime,
     * tokenRequestsPerMinute, retryAfter=0|1) and stores the result.
     */
    public static function update(Store $store, array $fields): self
    {
        $values = self::load($store)->values;
        if (isset($fields['profile'])) {
            $profile = self::PROFILES[(string) $fields['profile']] ?? null;
            if ($profile === null) {
                throw new \InvalidArgumentException('profile must be seed or current');
            }
            [$values['rate'], $values['burst']] = $profile;
        }
        foreach (['rate', 'burst', 'maxDefinitions', 'tokenLifetime', 'tokenRequestsPerMinute'] as $name) {
            if (isset($fields[$name])) {
                $value = filter_var($fields[$name], FILTER_VALIDATE_INT, ['options' => ['min_range' => 1]]);
                if ($value === false) {
                    throw new \InvalidArgumentException("$name must be a positive integer");
                }
                $values[$name] = $value;
            }
        }
        if (isset($fields['retryAfter'])) {
            $values['retryAfter'] = in_array((string) $fields['retryAfter'], ['1', 'true', 'yes', 'on'], true);
        }
        $store->setMeta('config', json_encode($values, JSON_THROW_ON_ERROR));
        return new self($values);
    }
}
