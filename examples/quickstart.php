<?php

declare(strict_types=1);

/*
 * A tour of Vtws\Client against any Vtiger CRM 8 server (or the bundled test
 * server, see tools/demo.sh).
 *
 *   php -d extension=vtws examples/quickstart.php [URL] [USER] [ACCESS_KEY]
 *
 * Missing arguments fall back to VTIGER_URL, VTIGER_USER and
 * VTIGER_ACCESS_KEY. The access key is the one shown under
 * My Preferences in Vtiger, not the login password.
 *
 * The script creates one contact and deletes it again at the end.
 */

use Vtws\ApiException;
use Vtws\Client;
use Vtws\Exception as VtwsException;

function argument(array $argv, int $position, string $envName): string
{
    $value = $argv[$position] ?? getenv($envName);
    if (!is_string($value) || $value === '') {
        fwrite(STDERR, "usage: php quickstart.php URL USER ACCESS_KEY (or set $envName)\n");
        exit(2);
    }
    return $value;
}

function heading(string $title): void
{
    echo "\n== $title ==\n";
}

function line(string $label, mixed $value): void
{
    $text = is_scalar($value) || $value === null
        ? var_export($value, true)
        : json_encode($value, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
    printf("  %-22s %s\n", $label . ':', $text);
}

function showLogin(Client $client, string $user, string $accessKey): void
{
    heading('login');
    $session = $client->login($user, $accessKey);
    line('user id', $client->getUserId());
    line('Vtiger version', $client->getVtigerVersion());
    line('API version', $client->getApiVersion());
    line('time zone', $session['time_zone'] ?? null);
}

function showMandatoryFields(Client $client): void
{
    heading('describe Contacts');
    $description = $client->describe('Contacts');
    $mandatory = [];
    foreach ($description['fields'] as $field) {
        if ($field['mandatory']) {
            $mandatory[] = $field['name'];
        }
    }
    line('id prefix', $description['idPrefix']);
    line('mandatory fields', implode(', ', $mandatory));
}

function createContact(Client $client): array
{
    heading('create');
    $contact = $client->create('Contacts', [
        'firstname' => '花子',
        'lastname' => 'Иванова',
        'email' => 'hanako.ivanova@example.com',
        'description' => "Notes in two scripts: 日本語のメモ / заметка по-русски",
        // Vtiger requires an owner on every module that has one.
        'assigned_user_id' => $client->getUserId(),
    ]);
    line('id', $contact['id']);
    line('name', $contact['firstname'] . ' ' . $contact['lastname']);
    return $contact;
}

function showQueries(Client $client): void
{
    heading('query with ? parameters');
    // bind() quotes each value the way VTQL expects, so apostrophes,
    // backslashes and non-ASCII text need no manual escaping.
    $rows = $client->query(
        'SELECT id, firstname, lastname FROM Contacts WHERE lastname = ? AND firstname = ? LIMIT 5;',
        ['Иванова', '花子'],
    );
    foreach ($rows as $row) {
        line($row['id'], $row['firstname'] . ' ' . $row['lastname']);
    }

    heading('queryAll and count');
    // Vtiger returns at most 100 rows per query; queryAll pages through all of them.
    $iterator = $client->queryAll('SELECT id FROM Contacts;');
    $seen = 0;
    foreach ($iterator as $row) {
        $seen++;
    }
    line('rows from queryAll', $seen);
    line('pages requested', $iterator->getPageCount());
    line('count()', $client->count('Contacts'));
    line('count() with WHERE', $client->count('Contacts', 'lastname = ?', ['Иванова']));
}

function showUpdateAndRevise(Client $client, string $id): void
{
    heading('update (retrieve, change, send the whole record)');
    $record = $client->retrieve($id);
    $record['title'] = 'Head of Sales';
    $updated = $client->update($record);
    line('title', $updated['title']);

    heading('revise (send only what changes)');
    $revised = $client->revise(['id' => $id, 'department' => 'R&D']);
    line('department', $revised['department']);
}

function showSync(Client $client, int $since): void
{
    heading('syncAll since ' . gmdate('Y-m-d H:i:s', $since) . ' UTC');
    $changes = $client->syncAll($since, 'Contacts');
    line('updated records', count($changes['updated']));
    line('deleted ids', count($changes['deleted']));
    // Persist this only after every change above has been processed, so that
    // a crash half-way makes the next run fetch the same changes again.
    line('next modifiedTime', $changes['lastModifiedTime']);
}

function showCustomOperation(Client $client): void
{
    heading('custom operation gettranslation');
    try {
        $translations = $client->call('gettranslation', [
            'totranslate' => ['SINGLE_Contacts', 'Contacts'],
            'language' => 'ru_ru',
            'module' => 'Contacts',
        ]);
        foreach ((array) $translations as $key => $text) {
            line((string) $key, $text);
        }
    } catch (ApiException $e) {
        // Custom operations exist only where an administrator registered them.
        line('not available', $e->getVtigerCode() . ': ' . $e->getMessage());
    }
}

function showDelete(Client $client, string $id): void
{
    heading('delete');
    $client->delete($id);
    line('deleted', $id);
    try {
        $client->retrieve($id);
    } catch (ApiException $e) {
        line('retrieve afterwards', $e->getVtigerCode() . ' (' . $e->getOperation() . ')');
    }
}

function main(array $argv): int
{
    $url = argument($argv, 1, 'VTIGER_URL');
    $user = argument($argv, 2, 'VTIGER_USER');
    $accessKey = argument($argv, 3, 'VTIGER_ACCESS_KEY');
    $client = new Client($url, ['timeout' => 30, 'retries' => 2]);
    $startedAt = time() - 60;

    try {
        showLogin($client, $user, $accessKey);
        showMandatoryFields($client);
        $contact = createContact($client);
        showQueries($client);
        showUpdateAndRevise($client, $contact['id']);
        showSync($client, $startedAt);
        showCustomOperation($client);
        showDelete($client, $contact['id']);
        heading('logout');
        $client->logout();
        line('logged in', $client->isLoggedIn());
    } catch (ApiException $e) {
        fprintf(STDERR, "Vtiger refused %s: %s (%s)\n", $e->getOperation(), $e->getMessage(), $e->getVtigerCode());
        return 1;
    } catch (VtwsException $e) {
        fprintf(STDERR, "%s: %s\n", $e::class, $e->getMessage());
        return 1;
    }
    echo "\ndone\n";
    return 0;
}

exit(main($argv));
