<?php

declare(strict_types=1);

namespace Vtws\TestServer;

/**
 * A failure a real Vtiger does not catch (uncaught exception or PHP Error):
 * the answer is HTTP 500 with an empty body. Also used for the one plain-text
 * answer webservice.php gives (a handler file outside the allowed tree).
 */
final class FatalFailure extends \Exception
{
    public function __construct(
        public readonly string $contentType = 'text/html; charset=UTF-8',
        public readonly int $status = 500,
        public readonly string $body = '',
    ) {
        parent::__construct('fatal');
    }
}
