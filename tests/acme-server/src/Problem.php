<?php

declare(strict_types=1);

namespace Vtws\AcmeServer;

/** An error answer: the status and the text of {"problem": "..."}. */
final class Problem extends \RuntimeException
{
    /** @param array<string, string> $headers */
    public function __construct(public readonly int $status, string $text, public readonly array $headers = [])
    {
        parent::__construct($text);
    }

    public function toResponse(): Response
    {
        return Response::json($this->status, ['problem' => $this->getMessage()], $this->headers);
    }
}
