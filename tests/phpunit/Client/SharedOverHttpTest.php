<?php

declare(strict_types=1);

namespace Vtws\Tests\Client;

require_once dirname(__DIR__) . '/Shared/SharedClientTestCase.php';
require_once dirname(__DIR__) . '/Shared/HttpTransport.php';

use Vtws\Tests\Shared\HttpTransport;
use Vtws\Tests\Shared\SharedClientTestCase;
use Vtws\Tests\Shared\Transport;

/** The shared client suite over HTTP (SharedInProcessTest runs it in-process). */
final class SharedOverHttpTest extends SharedClientTestCase
{
    protected static function transport(): Transport
    {
        return new HttpTransport();
    }
}
