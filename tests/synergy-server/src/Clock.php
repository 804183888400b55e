<?php

declare(strict_types=1);

namespace Vtws\SynergyServer;

/**
 * The emulator's "now" in microseconds: the wall clock plus an offset that tests
 * advance, or a frozen instant (so that rate-limit buckets refill only when a test
 * says so).
 */
final class Clock
{
    public function __construct(private readonly Store $store)
    {
    }

    public function nowMicros(): int
    {
        $frozen = $this->store->meta('clock_frozen');
        if ($frozen !== '') {
            return (int) $frozen;
        }
        return self::wallMicros() + (int) $this->store->meta('clock_offset');
    }

    public function now(): int
    {
        return intdiv($this->nowMicros(), 1000000);
    }

    public function advance(int $micros): void
    {
        $frozen = $this->store->meta('clock_frozen');
        if ($frozen !== '') {
            $this->store->setMeta('clock_frozen', (string) ((int) $frozen + $micros));
        } else {
            $this->store->setMeta('clock_offset', (string) ((int) $this->store->meta('clock_offset') + $micros));
        }
    }

    public function freeze(bool $frozen): void
    {
        $now = $this->nowMicros();
        if ($frozen) {
            $this->store->setMeta('clock_frozen', (string) $now);
            return;
        }
        $this->store->setMeta('clock_frozen', '');
        $this->store->setMeta('clock_offset', (string) ($now - self::wallMicros()));
    }

    public function isFrozen(): bool
    {
        return $this->store->meta('clock_frozen') !== '';
    }

    /** UTC timestamp as the metadata of the vendor's objects shows it (2019-12-05T08:08:55.261Z). */
    public function isoUtc(bool $offsetStyle = false): string
    {
        $micros = $this->nowMicros();
        $base = gmdate('Y-m-d\TH:i:s', intdiv($micros, 1000000)) . sprintf('.%03d', intdiv($micros % 1000000, 1000));
        return $base . ($offsetStyle ? '+00:00' : 'Z');
    }

    /** Record timestamps are Japan time, as in the vendor's examples (2020-05-01T00:00:00+09:00). */
    public function isoJapan(): string
    {
        return self::japan($this->now());
    }

    public static function japan(int $seconds): string
    {
        return gmdate('Y-m-d\TH:i:s', $seconds + 9 * 3600) . '+09:00';
    }

    private static function wallMicros(): int
    {
        return (int) floor(microtime(true) * 1000000);
    }
}
