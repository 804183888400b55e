<?php

declare(strict_types=1);

namespace Vtws\Sync;

/** The agreed state store interface (declared here only when the extension lacks it). */
interface State
{
    public function load(): array;

    public function apply(array $changes): void;
}
