<?php

declare(strict_types=1);

/*
 * Regenerates tests/server/data/*.json from the recorded Vtiger 8.0 exchanges
 * (../shared/fixtures/vtiger-8.0 next to the repository). The describe bodies
 * are copied verbatim; record key orders, default values and decimal scales
 * are read off the recorded create/retrieve answers so that records built by
 * the test server have the same shape as the real ones.
 *
 * Usage: php tests/server/tools/extract-fixture-data.php
 */

$repoRoot = dirname(__DIR__, 3);
$fixtures = $repoRoot . '/../shared/fixtures/vtiger-8.0';
$target = dirname(__DIR__) . '/data';

function fixtureResult(string $dir, string $name): mixed
{
    $exchange = json_decode((string) file_get_contents("$dir/$name.json"), true);
    return json_decode($exchange['response_raw'], true)['result'];
}

function fixtureElement(string $dir, string $name): array
{
    $exchange = json_decode((string) file_get_contents("$dir/$name.json"), true);
    return json_decode($exchange['request_params']['element'] ?? '{}', true) ?? [];
}

$describes = [
    'Contacts' => 'describe-contacts', 'Accounts' => 'describe-accounts', 'Leads' => 'describe-leads',
    'Potentials' => 'describe-potentials', 'HelpDesk' => 'describe-helpdesk', 'Users' => 'describe-users',
    'Products' => 'describe-products', 'Documents' => 'describe-documents', 'Invoice' => 'describe-invoice',
    'Calendar' => 'describe-calendar', 'LineItem' => 'describe-lineitem',
];
$recordSamples = [
    'Contacts' => ['retrieve-contact', 'create-contact'], 'Accounts' => ['create-account'],
    'Leads' => ['create-lead'], 'Potentials' => ['create-potential'], 'HelpDesk' => ['create-helpdesk'],
    'Products' => ['create-product'], 'Documents' => ['create-document-upload'], 'Users' => ['retrieve-user'],
    'Invoice' => ['retrieve-invoice'],
];
$autoKeys = ['id', 'label', 'createdtime', 'modifiedtime', 'modifiedby', 'imageattachmentids'];

$modules = [];
foreach ($describes as $module => $file) {
    $describe = fixtureResult($fixtures, $file);
    $types = [];
    foreach ($describe['fields'] as $field) {
        $types[$field['name']] = $field['type']['name'];
    }
    $shape = ['recordKeys' => array_column($describe['fields'], 'name'), 'defaults' => [], 'decimals' => []];
    foreach ($recordSamples[$module] ?? [] as $index => $sample) {
        $record = fixtureResult($fixtures, $sample);
        if ($index === 0) {
            $shape['recordKeys'] = array_values(array_filter(
                array_keys($record),
                static fn (string $key): bool => !in_array($key, ['LineItems', 'LineItems_FinalDetails'], true)
                    && !str_starts_with($key, 'shipping_&_handling')
            ));
        }
        $sent = str_starts_with($sample, 'create-') ? fixtureElement($fixtures, $sample) : null;
        foreach ($record as $key => $value) {
            if (!is_string($value)) {
                continue;
            }
            $numericType = in_array($types[$key] ?? '', ['double', 'currency', 'integer', 'percentage'], true);
            if ($numericType && preg_match('/^-?\d+\.(\d+)$/', $value, $m) === 1) {
                $shape['decimals'][$key] = strlen($m[1]);
            }
            if ($sent !== null && !array_key_exists($key, $sent) && !in_array($key, $autoKeys, true)
                && ($types[$key] ?? '') !== 'reference' && $value !== '') {
                $shape['defaults'][$key] = $value;
            }
        }
    }
    $modules[$module] = ['describe' => $describe, 'shape' => $shape];
}

foreach ($modules as $module => $data) {
    file_put_contents(
        "$target/module-$module.json",
        json_encode($data, JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES) . "\n"
    );
}

$listtypes = fixtureResult($fixtures, 'listtypes');
file_put_contents("$target/listtypes.json", json_encode($listtypes, JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE) . "\n");

$related = ['Accounts' => fixtureResult($fixtures, 'relatedtypes-accounts')];
file_put_contents("$target/relatedtypes-Accounts.json", json_encode($related['Accounts'], JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE) . "\n");

$user = fixtureResult($fixtures, 'retrieve-user');
file_put_contents("$target/user-template.json", json_encode($user, JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES) . "\n");

echo "wrote ", count($modules), " module files\n";
