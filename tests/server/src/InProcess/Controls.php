<?php

declare(strict_types=1);

namespace Vtws\TestServer\InProcess;

use Vtws\TestServer\Admin;
use Vtws\TestServer\WebRequest;

/** The /__vtws/ test controls, called in this process on the in-process database. */
final class Controls
{
    public static function call(string $route, array $params = [], string $method = 'POST'): array
    {
        global $adb;
        $request = new WebRequest($method, '/__vtws/' . $route, $method === 'GET' ? $params : [],
            $method === 'GET' ? [] : array_map('strval', $params), [], [], 'application/x-www-form-urlencoded');
        $answer = (new Admin($adb->pdo, $request))->handle();
        $decoded = json_decode($answer->body, true);
        if (!is_array($decoded)) {
            throw new \RuntimeException("control $route answered: " . $answer->body);
        }
        return $decoded;
    }
}
