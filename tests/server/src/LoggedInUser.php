<?php

declare(strict_types=1);

namespace Vtws\TestServer;

/**
 * What a prelogin handler returns to log a session in: OperationManager treats any
 * non-array return value of a prelogin operation as the authenticated user.
 */
final class LoggedInUser
{
    public function __construct(public readonly array $user)
    {
    }
}
