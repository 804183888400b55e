<?php

declare(strict_types=1);

namespace Vtws\SynergyServer;

/**
 * The per-account token bucket of the API: capacity `burst`, refilled continuously at
 * `rate` per second, one token per API request. Kept in integer micro-tokens so that
 * "advance the clock by 1 s" yields exactly `rate` more requests.
 */
final class RateLimiter
{
    private const UNIT = 1000000;

    public function __construct(private readonly Store $store, private readonly Clock $clock, private readonly Config $config)
    {
    }

    /** Takes one token; returns null on success, else the whole seconds until one is available. */
    public function take(string $account): ?int
    {
        $now = $this->clock->nowMicros();
        $rate = $this->config->int('rate');
        $capacity = $this->config->int('burst') * self::UNIT;
        $bucket = $this->store->row('SELECT micro, updated_us FROM buckets WHERE account = ?', [$account]);
        $level = $bucket === null ? $capacity
            : min($capacity, (int) $bucket['micro'] + max(0, $now - (int) $bucket['updated_us']) * $rate);
        $allowed = $level >= self::UNIT;
        if ($allowed) {
            $level -= self::UNIT;
        }
        $this->store->exec('INSERT INTO buckets (account, micro, updated_us) VALUES (?, ?, ?)
            ON CONFLICT(account) DO UPDATE SET micro = excluded.micro, updated_us = excluded.updated_us', [$account, $level, $now]);
        if ($allowed) {
            return null;
        }
        return max(1, (int) ceil((self::UNIT - $level) / $rate / self::UNIT));
    }

    public function level(string $account): ?float
    {
        $bucket = $this->store->row('SELECT micro FROM buckets WHERE account = ?', [$account]);
        return $bucket === null ? null : (int) $bucket['micro'] / self::UNIT;
    }
}
