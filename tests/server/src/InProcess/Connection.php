<?php

declare(strict_types=1);

namespace Vtws\TestServer\InProcess;

/** The part of ADOdb's smart transactions PearDatabase callers use: FailTrans, HasFailedTrans. */
final class Connection
{
    private bool $open = false;
    private bool $failed = false;

    public function begin(): void
    {
        $this->open = true;
        $this->failed = false;
    }

    public function end(): void
    {
        $this->open = false;
        $this->failed = false;
    }

    public function FailTrans(): void
    {
        $this->failed = true;
    }

    public function HasFailedTrans(): bool
    {
        return $this->open && $this->failed;
    }
}
