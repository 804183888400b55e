<?php

declare(strict_types=1);

/*
 * Calls "gettranslation" through Vtws\Client.
 *
 *   VTIGER_URL=https://crm.example.com VTIGER_USER=admin VTIGER_KEY=<access key> \
 *       php -d extension=vtws examples/gettranslation/call.php [LANGUAGE] [MODULE] [LABEL...]
 *
 * Defaults: ru_ru, Contacts, SINGLE_Contacts Contacts. Prints the result as JSON.
 */

use Vtws\Client;

foreach (['VTIGER_URL', 'VTIGER_USER', 'VTIGER_KEY'] as $name) {
    if (!is_string(getenv($name)) || getenv($name) === '') {
        fwrite(STDERR, "call.php: set $name (see the comment at the top of this file)\n");
        exit(2);
    }
}
$language = $argv[1] ?? 'ru_ru';
$module = $argv[2] ?? 'Contacts';
$labels = array_slice($argv, 3) ?: ['SINGLE_Contacts', 'Contacts'];

$client = new Client((string) getenv('VTIGER_URL'));
$client->login((string) getenv('VTIGER_USER'), (string) getenv('VTIGER_KEY'));
$result = $client->call('gettranslation', [
    'totranslate' => $labels,
    'language' => $language,
    'module' => $module,
]);
echo json_encode($result, JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE), "\n";
