<?php

declare(strict_types=1);

namespace Vtws\TestServer;

/** Vtiger's fixed permission messages, shared by several operations. */
final class Errors
{
    public const DENIED = 'Permission to perform the operation is denied';
    public const DENIED_ID = 'Permission to perform the operation is denied for id';
    public const DENIED_QUERY = 'Permission to perform the operation is denied for query';
    public const DENIED_NAME = 'Permission to perform the operation is denied for name : ';

    public static function accessDenied(string $message = self::DENIED): WebServiceException
    {
        return new WebServiceException('ACCESS_DENIED', $message);
    }
}
