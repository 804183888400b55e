<?php

declare(strict_types=1);

namespace Vtws\TestServer\Vtql;

/** A character the VTQL lexer cannot tokenise: a plain Exception in Vtiger (INTERNAL_SERVER_ERROR). */
final class LexerError extends \Exception
{
}
