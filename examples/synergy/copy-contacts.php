<?php

declare(strict_types=1);

/*
 * Copies the contacts of a Vtiger CRM into a Synergy! API definition, keyed by the
 * Vtiger record id: contacts seen before are patched (when a copied value changed),
 * new ones are created. Running it again copies only what changed.
 *
 *   php -d extension=vtws examples/synergy/copy-contacts.php
 *
 * Settings come from the environment:
 *   VTIGER_URL, VTIGER_USER, VTIGER_ACCESS_KEY          the CRM and its webservice user
 *   SYNERGY_ACCOUNT, SYNERGY_CLIENT_ID, SYNERGY_CLIENT_SECRET
 *   SYNERGY_AUTH_URL, SYNERGY_API_URL                   optional, default: the vendor's hosts
 *   SYNERGY_DEFINITION                                  optional, default "vtiger-contacts"
 *
 * The definition is created on the master database (_customer) when it does not exist.
 * Declaring its vtigerId property an update key in the Synergy! admin screen makes the
 * service refuse duplicates (409), which this script then resolves by patching.
 */

use Vtws\Client as Vtiger;
use Vtws\Synergy\ApiException;
use Vtws\Synergy\Client as Synergy;
use Vtws\Synergy\Records;

/** Copied fields: Synergy! property => Vtiger field. */
const FIELDS = ['firstName' => 'firstname', 'lastName' => 'lastname', 'email' => 'email', 'phone' => 'phone'];

function setting(string $name, ?string $default = null): string
{
    $value = getenv($name);
    if (is_string($value) && $value !== '') {
        return $value;
    }
    if ($default === null) {
        fwrite(STDERR, "copy-contacts: set $name (see the comment at the top of this script)\n");
        exit(2);
    }
    return $default;
}

function definition(): array
{
    $properties = ['id' => ['x-synergy-type' => 'synergyId'], 'vtigerId' => ['type' => 'string', 'title' => 'Vtiger id']];
    foreach (array_keys(FIELDS) as $property) {
        $properties[$property] = ['type' => 'string'];
    }
    return ['spec' => [
        'resources' => ['main' => ['mapping' => '_customer', 'type' => 'customerDb']],
        'schema' => ['properties' => $properties],
    ]];
}

function ensureDefinition(Synergy $synergy, string $name): bool
{
    try {
        $synergy->getApiDefinition($name);
        return false;
    } catch (ApiException $e) {
        if ($e->getStatus() !== 404) {
            throw $e;
        }
    }
    $synergy->putApiDefinition($name, definition());
    return true;
}

/** Synergy! records already copied, by Vtiger id. */
function copiedRecords(Records $records): array
{
    $byVtigerId = [];
    foreach ($records->queryAll(['vtigerId_isNotNull' => true]) as $record) {
        $byVtigerId[$record['vtigerId']] = $record;
    }
    return $byVtigerId;
}

function valuesOf(array $contact): array
{
    $values = ['vtigerId' => $contact['id']];
    foreach (FIELDS as $property => $field) {
        $text = (string) ($contact[$field] ?? '');
        $values[$property] = $text === '' ? null : $text;
    }
    return $values;
}

/** The properties whose value differs from the copy, or [] when it is up to date. */
function changes(array $values, array $copy): array
{
    return array_filter($values, static fn ($value, string $property): bool => ($copy[$property] ?? null) !== $value,
        ARRAY_FILTER_USE_BOTH);
}

$vtiger = new Vtiger(setting('VTIGER_URL'));
$vtiger->login(setting('VTIGER_USER'), setting('VTIGER_ACCESS_KEY'));
$options = array_filter(['auth_url' => getenv('SYNERGY_AUTH_URL') ?: null, 'api_url' => getenv('SYNERGY_API_URL') ?: null]);
$synergy = new Synergy(setting('SYNERGY_ACCOUNT'), setting('SYNERGY_CLIENT_ID'), setting('SYNERGY_CLIENT_SECRET'), $options);
$name = setting('SYNERGY_DEFINITION', 'vtiger-contacts');

$createdDefinition = ensureDefinition($synergy, $name);
$records = $synergy->records($name, ['types' => true]);
$copies = copiedRecords($records);
$counts = ['created' => 0, 'updated' => 0, 'unchanged' => 0];

$fields = implode(', ', array_values(FIELDS));
foreach ($vtiger->queryAll("SELECT $fields FROM Contacts") as $contact) {
    $values = valuesOf($contact);
    $copy = $copies[$contact['id']] ?? null;
    if ($copy === null) {
        try {
            $copies[$contact['id']] = $records->create($values);
            $counts['created']++;
            continue;
        } catch (ApiException $e) {
            if ($e->getStatus() !== 409) {
                throw $e;
            }
            // Copied meanwhile by another run: the update key refused the duplicate.
            $copy = $records->query(['vtigerId_eq' => $contact['id']], ['limit' => 1])['items'][0] ?? null;
            if ($copy === null) {
                throw $e;
            }
        }
    }
    $changed = changes($values, $copy);
    if ($changed === []) {
        $counts['unchanged']++;
        continue;
    }
    $copies[$contact['id']] = $records->patch($copy['id'], $changed);
    $counts['updated']++;
}

printf("definition %s%s: %d created, %d updated, %d unchanged\n", $name, $createdDefinition ? ' (new)' : '',
    $counts['created'], $counts['updated'], $counts['unchanged']);
