<?php

declare(strict_types=1);

namespace Vtws\TestServer;

/** The duplicate-prevention handler's exception: answered with the integer code 0. */
final class DuplicateException extends WebServiceException
{
    public function __construct()
    {
        parent::__construct(0, 'Duplicate(s) detected!');
    }
}
