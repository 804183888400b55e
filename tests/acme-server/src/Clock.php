<?php

declare(strict_types=1);

namespace Vtws\AcmeServer;

/**
 * The emulator's "now" in whole seconds: the wall clock plus an offset, or a frozen instant,
 * so that tests decide which modified_at a write gets.
 */
final class Clock
{
    public function __construct(private readonly Store $store)
    {
    }

    public function now(): int
    {
        $frozen = $this->store->meta('clock_frozen');
        if ($frozen !== '') {
            return (int) $frozen;
        }
        return time() + (int) $this->store->meta('clock_offset', '0');
    }

    /** Sets the clock to an instant; frozen there unless $frozen is false. */
    public function set(int $seconds, bool $frozen = true): void
    {
        if ($frozen) {
            $this->store->setMeta('clock_frozen', (string) $seconds);
            return;
        }
        $this->store->setMeta('clock_frozen', '');
        $this->store->setMeta('clock_offset', (string) ($seconds - time()));
    }

    public function advance(int $seconds): void
    {
        $this->set($this->now() + $seconds, $this->isFrozen());
    }

    public function freeze(bool $frozen): void
    {
        $this->set($this->now(), $frozen);
    }

    public function isFrozen(): bool
    {
        return $this->store->meta('clock_frozen') !== '';
    }

    public static function iso(int $seconds): string
    {
        return gmdate('Y-m-d\TH:i:s\Z', $seconds);
    }

    /** ISO 8601 text (any offset) or Unix seconds; null when neither. */
    public static function parse(mixed $value): ?int
    {
        if (is_int($value)) {
            return $value;
        }
        if (!is_string($value) || $value === '') {
            return null;
        }
        if (preg_match('/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/', $value) !== 1) {
            return null;
        }
        $parsed = strtotime($value);
        return $parsed === false ? null : $parsed;
    }
}
