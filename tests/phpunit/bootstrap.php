<?php

declare(strict_types=1);

// Shared by every PHPUnit suite; deliberately needs nothing from the vtws extension.
require_once __DIR__ . '/ServerLauncher.php';
