<?php

declare(strict_types=1);

namespace Vtws\TestServer\Vtql;

use Vtws\TestServer\WebServiceException;

/**
 * A VTQL value as MySQL reads it once Vtiger has spliced it into SQL: quoted text
 * with '' and backslash escapes, or a bare number. Bare words become SQL identifiers.
 */
final class Literal
{
    private function __construct(public readonly string $text, public readonly bool $numeric)
    {
    }

    public static function fromToken(Token $token): self
    {
        if ($token->isQuoted()) {
            return new self(self::unescape(substr($token->value, 1, -1)), false);
        }
        if (preg_match('/^[+-]?\d+$/', $token->value) === 1) {
            return new self($token->value, true);
        }
        throw self::databaseError();
    }

    /** The raw text between the quotes, or the bare token (ids and references strip quotes this way). */
    public static function stripped(Token $token): string
    {
        return $token->isQuoted() ? substr($token->value, 1, -1) : $token->value;
    }

    public static function databaseError(): WebServiceException
    {
        return new WebServiceException('DATABASE_QUERY_ERROR', 'Database error while performing requested operation');
    }

    private static function unescape(string $raw): string
    {
        $out = '';
        $length = strlen($raw);
        for ($i = 0; $i < $length; $i++) {
            $char = $raw[$i];
            if ($char === "'" && ($raw[$i + 1] ?? '') === "'") {
                $out .= "'";
                $i++;
            } elseif ($char === '\\') {
                if ($i + 1 >= $length) {
                    // The backslash escapes the closing quote: the SQL statement is broken.
                    throw self::databaseError();
                }
                $out .= self::escaped($raw[++$i]);
            } else {
                $out .= $char;
            }
        }
        return $out;
    }

    private static function escaped(string $char): string
    {
        return match ($char) {
            'n' => "\n", 't' => "\t", 'r' => "\r", '0' => "\0", 'b' => "\x08", 'Z' => "\x1a",
            // MySQL keeps \% and \_ so that LIKE still sees them as escaped wildcards.
            '%', '_' => '\\' . $char,
            default => $char,
        };
    }
}
