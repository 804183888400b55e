<?php

declare(strict_types=1);

namespace Vtws\TestServer\Vtql;

/** One VTQL token; $type is the grammar's token name (SELECT, COLUMNNAME, VALUE, ...). */
final class Token
{
    public function __construct(
        public readonly string $type,
        public readonly string $value,
        public readonly int $line,
    ) {
    }

    public function isQuoted(): bool
    {
        return $this->type === 'VALUE' && str_starts_with($this->value, "'");
    }
}
