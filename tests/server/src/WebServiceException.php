<?php

declare(strict_types=1);

namespace Vtws\TestServer;

/** Vtiger's WebServiceException: becomes {"success":false,"error":{message,code}}. */
class WebServiceException extends \Exception
{
    public function __construct(public readonly string|int $errorCode, string $message)
    {
        parent::__construct($message);
    }
}
