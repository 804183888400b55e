<?php

declare(strict_types=1);

namespace Vtws\TestServer\InProcess;

/** A pquery() result: the fetched rows. */
final class Result
{
    /** @param list<array<string, mixed>> $rows */
    public function __construct(public readonly array $rows)
    {
    }
}
