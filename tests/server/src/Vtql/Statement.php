<?php

declare(strict_types=1);

namespace Vtws\TestServer\Vtql;

/** A parsed VTQL SELECT. */
final class Statement
{
    /** @var list<string> selected fields; empty with $star or $count */
    public array $fields = [];
    public bool $star = false;
    public bool $count = false;
    public string $module = '';
    /** @var list<array{field: string, op: string, values: list<Token>}> */
    public array $conditions = [];
    /** @var list<string> LOGICAL_AND / LOGICAL_OR between consecutive conditions */
    public array $glue = [];
    /** @var list<string> */
    public array $orderBy = [];
    public bool $descending = false;
    public ?Token $limitOffset = null;
    public ?Token $limitCount = null;
}
