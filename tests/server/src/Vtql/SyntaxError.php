<?php

declare(strict_types=1);

namespace Vtws\TestServer\Vtql;

/** QUERY_SYNTAX_ERROR with Vtiger's parser message. */
final class SyntaxError extends \Exception
{
}
