<?php

declare(strict_types=1);

/*
 * Entry point for `php -S 127.0.0.1:PORT tests/acme-server/router.php`.
 * /v2/... is the Acme Directory API, /__acme/... the test controls (see README.md).
 */

spl_autoload_register(static function (string $class): void {
    $prefix = 'Vtws\\AcmeServer\\';
    if (str_starts_with($class, $prefix)) {
        $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});

// A notice must never end up inside a JSON body; real failures are logged to stderr.
error_reporting(E_ALL);
ini_set('display_errors', '0');
ini_set('log_errors', '1');

(new Vtws\AcmeServer\Server())->handle();
