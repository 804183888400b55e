<?php

declare(strict_types=1);

/*
 * Registers the operation "gettranslation" in a Vtiger 8 database with
 * Vtws\OperationRegistry.
 *
 *   VTIGER_DSN='mysql:host=localhost;dbname=vtiger;charset=utf8' VTIGER_DB_USER=vtiger \
 *   VTIGER_DB_PASS=secret VTIGER_ROOT=/var/www/vtiger \
 *       php -d extension=vtws examples/gettranslation/register.php [--install]
 *
 * --install first copies the handler file into VTIGER_ROOT/include/Webservices/.
 * With VTIGER_ROOT set, the registry checks that the handler file exists there and that
 * the function's parameter names match the registered ones (Vtiger 8 on PHP 8 passes
 * them by name). Running it again changes nothing ("unchanged").
 */

use Vtws\OperationRegistry;
use Vtws\RegistryException;

const HANDLER_PATH = 'include/Webservices/GetTranslation.php';

function setting(string $name, bool $required = true): ?string
{
    $value = getenv($name);
    if (is_string($value) && $value !== '') {
        return $value;
    }
    if ($required) {
        fwrite(STDERR, "register.php: set $name (see the comment at the top of this file)\n");
        exit(2);
    }
    return null;
}

function installHandler(string $root): void
{
    $target = $root . '/' . HANDLER_PATH;
    if (!copy(__DIR__ . '/' . HANDLER_PATH, $target)) {
        fwrite(STDERR, "register.php: cannot copy the handler to $target\n");
        exit(1);
    }
    echo "installed ", $target, "\n";
}

$root = setting('VTIGER_ROOT', false);
if (in_array('--install', $argv, true)) {
    if ($root === null) {
        fwrite(STDERR, "register.php: --install needs VTIGER_ROOT\n");
        exit(2);
    }
    installHandler($root);
}

$pdo = new PDO((string) setting('VTIGER_DSN'), (string) setting('VTIGER_DB_USER'), setting('VTIGER_DB_PASS', false) ?? '');
$registry = new OperationRegistry($pdo, $root === null ? [] : ['vtiger_root' => $root]);

try {
    $result = $registry->register('gettranslation', HANDLER_PATH, 'vtws_gettranslation', 'POST', [
        'totranslate' => 'encoded',
        'language' => 'string',
        'module' => 'string',
    ]);
} catch (RegistryException $e) {
    $argument = $e->getArgument() === '' ? '' : " (argument {$e->getArgument()})";
    fwrite(STDERR, 'register.php: ' . $e->getMessage() . $argument . "\n");
    exit(1);
}
printf("gettranslation: %s, operationid %d\n", $result['status'], $result['id']);
