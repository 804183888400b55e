<?php

declare(strict_types=1);

/*
 * A handler that ends the request with exit(), as some Vtiger handlers do. Not seeded:
 * the in-process tests register it in vtiger_ws_operation themselves.
 */

function vtws_test_exit(?array $user): never
{
    echo "the handler exits\n";
    exit(0);
}
