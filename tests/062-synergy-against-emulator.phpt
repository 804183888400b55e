--TEST--
Vtws\Synergy\Client against the Synergy! emulator: every operation, error and retry path frees what it allocated
--SKIPIF--
<?php
if (!extension_loaded('vtws')) die('skip vtws not loaded');
if (!getenv('VTWS_PHPT_SYNERGY')) die('skip VTWS_PHPT_SYNERGY (URL of a running tests/synergy-server) not set; tools/test.sh sets it');
?>
--FILE--
<?php
declare(strict_types=1);

use Vtws\Synergy\ApiException;
use Vtws\Synergy\Client;

$base = rtrim((string) getenv('VTWS_PHPT_SYNERGY'), '/');

function control(string $name, array $fields = [], string $method = 'POST'): array
{
    $body = file_get_contents($GLOBALS['base'] . '/__synergy/' . $name, false, stream_context_create(['http' => [
        'method' => $method, 'ignore_errors' => true,
        'header' => 'Content-Type: application/x-www-form-urlencoded',
        'content' => http_build_query($fields),
    ]]));
    return json_decode((string) $body, true);
}

function attempt(string $label, callable $fn): void
{
    try {
        $result = $fn();
        echo "$label: ", is_scalar($result) || $result === null ? var_export($result, true) : get_debug_type($result), "\n";
    } catch (ApiException $e) {
        echo "$label: ApiException ", $e->getStatus(), ' ', $e->getError(), ' ', $e->getOperation(), "\n";
    } catch (Vtws\Exception $e) {
        echo "$label: ", get_class($e), "\n";
    }
}

control('reset', ['records' => 130]);
Client::forgetTokens();
$options = ['auth_url' => "$base/oauth2/token", 'api_url' => $base, 'retries' => 2];
$client = new Client('demo', 'demo-client', 'demo-secret', $options);

echo count($client->listApiDefinitions()), " definition(s)\n";
echo $client->getApiDefinition('people')['metadata']['name'], "\n";
$definition = ['spec' => [
    'resources' => ['main' => ['mapping' => '_customer', 'type' => 'customerDb']],
    'schema' => ['properties' => ['id' => ['x-synergy-type' => 'synergyId'], 'code' => ['type' => 'string'],
        'pin' => ['x-synergy-type' => 'passwordHash']]],
]];
echo $client->putApiDefinition('shop', $definition)['status']['ready']['status'] ? "ready\n" : "not ready\n";
echo count($client->listDatabaseDefinitions()), " database(s)\n";
echo count($client->getDatabaseDefinition('_customer')['spec']['columns']) > 10 ? "columns\n" : "few columns\n";
echo $client->getOpenApi('shop')['openapi'], "\n";
echo str_starts_with($client->getOpenApi(null, 'yaml'), 'openapi:') || str_contains($client->getOpenApi(null, 'yaml'), 'openapi') ? "yaml\n" : "no yaml\n";
attempt('getApiDefinition missing', fn () => $client->getApiDefinition('nothing'));
attempt('putApiDefinition invalid', fn () => $client->putApiDefinition('bad', ['spec' => []]));

$shop = $client->records('shop', ['types' => true]);
$first = $shop->create(['code' => 'A-1', 'pin' => '1234']);
echo is_int($first['id']) ? "created\n" : "no id\n";
echo $shop->get($first['id'])['code'], "\n";
echo $shop->patch((string) $first['id'], ['code' => 'A-2'], ['code'])['code'], "\n";
echo $shop->authenticate($first['id'], 'pin', '1234'), ' ', $shop->authenticate($first['id'], 'pin', 'nope'), "\n";
control('update-key', ['definition' => 'shop', 'property' => 'code']);
$second = $shop->create(['code' => 'B-1']);
attempt('create duplicate', fn () => $shop->create(['code' => 'A-2']));
attempt('patch duplicate', fn () => $shop->patch($second['id'], ['code' => 'A-2']));
$shop->delete($second['id']);
attempt('delete again', fn () => $shop->delete($second['id']));
attempt('get deleted', fn () => $shop->get($second['id']));
attempt('unknown property', fn () => $shop->create(['colour' => 'red']));
$client->deleteApiDefinition('shop');

$people = $client->records('people');
echo $people->count(), ' ', $people->count(['OR' => [['age_lt' => 30], ['company_isNull' => true]]]), "\n";
$page = $people->query(['age_gte' => 20], ['limit' => 5, 'offset' => 2, 'order' => ['age_desc', 'id_asc']]);
echo count($page['items']), ' ', var_export($page['metadata']['hasMore'], true), "\n";
$ids = [];
foreach ($people->queryAll([], ['page_size' => 50]) as $key => $record) {
    $ids[$key] = $record['id'];
}
echo count($ids), ' ', count(array_unique($ids)), "\n";
$iterator = $people->queryAll(['age_gte' => 18], ['order' => ['age_desc'], 'page_size' => 100]);
echo iterator_count($iterator), ' pages=', $iterator->getPageCount(), "\n";
attempt('server-side filter error', fn () => $people->count(['nickname_eq' => 'x']));

// 401: the token is refreshed once.
control('tokens/expire');
echo $people->count(['age_eq' => 18]) >= 0 ? "after expiry\n" : '';
control('fault', ['kind' => 401, 'count' => 2]);
attempt('401 twice', fn () => $people->count());
// 429 with Retry-After, then a 500 on an idempotent call, then on a create.
control('fault', ['kind' => 429, 'count' => 1]);
attempt('429 once', fn () => $people->count());
control('fault', ['kind' => 429, 'count' => 3]);
attempt('429 thrice', fn () => $people->count());
control('fault', ['kind' => 500, 'count' => 1]);
attempt('500 on get', fn () => $people->get(1)['id']);
control('fault', ['kind' => 500, 'count' => 1]);
attempt('500 on create', fn () => $people->create(['name' => 'x']));
control('fault', ['kind' => 503, 'count' => 1, 'target' => 'token']);
Client::forgetTokens();
attempt('token 503', fn () => $people->count() > 0);
Client::forgetTokens();
control('fault', ['kind' => 401, 'count' => 1, 'target' => 'token']);
attempt('token 401', fn () => $people->count());
attempt('wrong secret', fn () => (new Client('demo', 'demo-client', 'wrong', $options))->records('people')->count());
attempt('reader writes', fn () => (new Client('demo', 'reader-client', 'reader-secret',
    $options + ['scopes' => ['db:record:read']]))->records('people')->create(['name' => 'x']));
attempt('unknown scope', fn () => (new Client('demo', 'demo-client', 'demo-secret',
    $options + ['scopes' => ['db:everything']]))->records('people')->count());
$stats = control('stats', [], 'GET');
echo 'tokens issued: ', $stats['tokensIssued'], "\n";
?>
--EXPECT--
1 definition(s)
people
ready
2 database(s)
columns
3.0.1
yaml
getApiDefinition missing: ApiException 404 Not Found getApiDefinition
putApiDefinition invalid: ApiException 400 Bad Request putApiDefinition
created
A-1
A-2
authenticated unauthenticated
create duplicate: ApiException 409 Conflict createRecord
patch duplicate: ApiException 409 Conflict patchRecord
delete again: ApiException 404 Not Found deleteRecord
get deleted: ApiException 404 Not Found getRecord
unknown property: ApiException 400 Bad Request createRecord
131 62
5 true
131 131
130 pages=2
server-side filter error: ApiException 400 Bad Request countRecords
after expiry
401 twice: ApiException 401 Unauthorized countRecords
429 once: 131
429 thrice: ApiException 429 Too Many Requests countRecords
500 on get: 1
500 on create: Vtws\TransportException
token 503: true
token 401: ApiException 401 access_denied token
wrong secret: ApiException 401 access_denied token
reader writes: ApiException 403 Forbidden createRecord
unknown scope: ApiException 400 invalid_scope token
tokens issued: 5
