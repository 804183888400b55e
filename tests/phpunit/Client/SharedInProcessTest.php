<?php

declare(strict_types=1);

namespace Vtws\Tests\Client;

require_once dirname(__DIR__) . '/Shared/SharedClientTestCase.php';
require_once dirname(__DIR__) . '/Shared/InProcessTransport.php';

use Vtws\Tests\Shared\InProcessTransport;
use Vtws\Tests\Shared\SharedClientTestCase;
use Vtws\Tests\Shared\Transport;

/** The shared client suite through Client::inProcess() (SharedOverHttpTest runs it over HTTP). */
final class SharedInProcessTest extends SharedClientTestCase
{
    protected static function transport(): Transport
    {
        return new InProcessTransport();
    }
}
