<?php

declare(strict_types=1);

namespace Vtws\TestServer;

/** One HTTP answer, built completely before anything is sent so faults can alter it. */
final class Answer
{
    /** With stallMs > 0, send() pauses that long after the first stallAfter bytes of the body. */
    public int $stallAfter = 0;
    public int $stallMs = 0;

    public function __construct(
        public int $status,
        public string $contentType,
        public string $body,
        public ?int $declaredLength = null,
    ) {
    }

    /** Vtiger's envelope, encoded like Zend_Json (json_encode with flags 0). */
    public static function envelope(array $envelope): self
    {
        $body = json_encode($envelope);
        // Invalid UTF-8 makes json_encode fail; Vtiger then prints nothing.
        return new self(200, 'application/json', $body === false ? '' : $body);
    }

    public static function success(mixed $result): self
    {
        return self::envelope(['success' => true, 'result' => $result]);
    }

    public static function failure(WebServiceException $e): self
    {
        return self::envelope(['success' => false, 'error' => ['message' => $e->getMessage(), 'code' => $e->errorCode]]);
    }

    public static function fatal(string $contentType = 'text/html; charset=UTF-8'): self
    {
        return new self(500, $contentType, '');
    }

    public static function json(mixed $data, int $status = 200): self
    {
        return new self($status, 'application/json', (string) json_encode($data, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE));
    }

    public function send(): void
    {
        http_response_code($this->status);
        // Vtiger spells the header "Content-type".
        header('Content-type: ' . $this->contentType);
        header('Content-Length: ' . ($this->declaredLength ?? strlen($this->body)));
        if ($this->stallMs <= 0) {
            echo $this->body;
            return;
        }
        echo substr($this->body, 0, $this->stallAfter);
        while (ob_get_level() > 0) {
            ob_end_flush();
        }
        flush();
        usleep(1000 * $this->stallMs);
        echo substr($this->body, $this->stallAfter);
    }
}
