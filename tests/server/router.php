<?php

declare(strict_types=1);

/*
 * Entry point for `php -S 127.0.0.1:PORT tests/server/router.php`.
 * Every request goes through here: /webservice.php is the Vtiger endpoint,
 * /__vtws/* are the test controls (see README.md).
 */

spl_autoload_register(static function (string $class): void {
    $prefix = 'Vtws\\TestServer\\';
    if (str_starts_with($class, $prefix)) {
        $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
        if (is_file($file)) {
            require $file;
        }
    } elseif ($class === 'Vtiger_Functions') {
        // What handler files of custom operations may call, as in Vtiger.
        require __DIR__ . '/vtiger/Vtiger_Functions.php';
    }
});

// Notices must never leak into a response body: a real Vtiger runs with error_reporting(0).
error_reporting(0);
ini_set('display_errors', '0');

(new Vtws\TestServer\Server(__DIR__))->handle();
