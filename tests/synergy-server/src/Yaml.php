<?php

declare(strict_types=1);

namespace Vtws\SynergyServer;

/** A minimal YAML emitter for the generated OpenAPI documents: block style, every string double-quoted. */
final class Yaml
{
    public static function dump(mixed $value): string
    {
        return self::block(self::plain($value), 0);
    }

    private static function block(mixed $value, int $indent): string
    {
        $pad = str_repeat('  ', $indent);
        if (!self::composite($value)) {
            return $pad . self::scalar($value) . "\n";
        }
        $out = '';
        foreach ($value as $key => $item) {
            $lead = array_is_list($value) ? $pad . '-' : $pad . self::scalar((string) $key) . ':';
            $out .= self::composite($item) ? $lead . "\n" . self::block($item, $indent + 1) : $lead . ' ' . self::scalar($item) . "\n";
        }
        return $out;
    }

    private static function composite(mixed $value): bool
    {
        return is_array($value) && $value !== [];
    }

    private static function scalar(mixed $value): string
    {
        return match (true) {
            $value === null => 'null',
            is_bool($value) => $value ? 'true' : 'false',
            $value === [] => '[]',
            $value instanceof \stdClass => '{}',
            default => json_encode($value, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_PRESERVE_ZERO_FRACTION),
        };
    }

    /** Objects become arrays, except empty ones, which must stay {} rather than []. */
    private static function plain(mixed $value): mixed
    {
        if ($value instanceof \stdClass) {
            $value = (array) $value;
            return $value === [] ? new \stdClass() : array_map([self::class, 'plain'], $value);
        }
        return is_array($value) ? array_map([self::class, 'plain'], $value) : $value;
    }
}
