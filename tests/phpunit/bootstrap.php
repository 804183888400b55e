<?php

declare(strict_types=1);

// Shared by every PHPUnit suite; deliberately needs nothing from the vtws extension.
require_once __DIR__ . '/ServerLauncher.php';

// Inside a real Vtiger (VTIGER_ROOT, loaded by tests/phpunit/vtiger-root.php): Vtiger 8 is
// not notice-free on PHP 8.2, and its notices are not what the suite tests.
if ((string) getenv('VTIGER_ROOT') !== '') {
    error_reporting(E_ALL & ~E_DEPRECATED & ~E_NOTICE & ~E_WARNING);
}
