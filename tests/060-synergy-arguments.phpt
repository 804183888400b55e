--TEST--
Vtws\Synergy\Client: constructor, option and filter validation before anything is sent
--SKIPIF--
<?php if (!extension_loaded('vtws')) die('skip vtws not loaded'); ?>
--FILE--
<?php
declare(strict_types=1);

use Vtws\Synergy\Client;

function attempt(callable $fn): void
{
    try {
        $fn();
        echo "no exception\n";
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}

// Nothing listens on port 1: any request would fail with a TransportException, so every
// error below comes from the checks made before sending.
const OPTIONS = ['auth_url' => 'http://127.0.0.1:1/oauth2/token', 'api_url' => 'http://127.0.0.1:1/', 'retries' => 0];

attempt(fn () => new Client('Demo', 'id', 'secret'));
attempt(fn () => new Client('demo', '', 'secret'));
attempt(fn () => new Client('demo', 'a:b', 'secret'));
attempt(fn () => new Client('demo', 'id', ''));
attempt(fn () => new Client('demo', 'id', 'secret', ['rate_limit' => 5]));
attempt(fn () => new Client('demo', 'id', 'secret', [5]));
attempt(fn () => new Client('demo', 'id', 'secret', ['api_url' => 'ftp://example.com']));
attempt(fn () => new Client('demo', 'id', 'secret', ['api_url' => 'https://example.com/?x=1']));
attempt(fn () => new Client('demo', 'id', 'secret', ['scopes' => 'db:record:read']));
attempt(fn () => new Client('demo', 'id', 'secret', ['scopes' => []]));
attempt(fn () => new Client('demo', 'id', 'secret', ['scopes' => ['db:record read']]));
attempt(fn () => new Client('demo', 'id', 'secret', ['rate' => -1]));
attempt(fn () => new Client('demo', 'id', 'secret', ['burst' => 0]));
attempt(fn () => new Client('demo', 'id', 'secret', ['retries' => 11]));
attempt(fn () => new Client('demo', 'id', 'secret', ['verify_peer' => 1]));
attempt(fn () => new Client('demo', 'id', 'secret', ['ca_file' => '/nonexistent/ca.pem']));

$client = new Client('demo', 'id', 'secret', OPTIONS);
echo $client->getAccountCode(), "\n";
attempt(fn () => $client->getApiDefinition(''));
attempt(fn () => $client->getOpenApi('people', 'xml'));
attempt(fn () => $client->records(''));
attempt(fn () => $client->records('people', ['typos' => true]));
attempt(fn () => $client->records('people', ['types' => 'yes']));
attempt(fn () => $client->records('people', ['types' => ['age' => 1]]));

$people = $client->records('people');
echo $people->getDefinition(), "\n";
attempt(fn () => $people->get(0));
attempt(fn () => $people->get('12a'));
attempt(fn () => $people->get('007'));
attempt(fn () => $people->delete(-4));
attempt(fn () => $people->patch(1, ['name' => 'x'], ['a,b']));
attempt(fn () => $people->query([], ['limit' => 0]));
attempt(fn () => $people->query([], ['limit' => 101]));
attempt(fn () => $people->query([], ['offset' => -1]));
attempt(fn () => $people->query([], ['page_size' => 10]));
attempt(fn () => $people->query([], ['order' => ['age_asc', 'id_asc', 'name_desc']]));
attempt(fn () => $people->query([], ['order' => ['Age_asc']]));
attempt(fn () => $people->query([], ['order' => 'age_asc']));
attempt(fn () => $people->queryAll([], ['limit' => 10]));
attempt(fn () => $people->queryAll([], ['page_size' => 0]));

echo "-- filters\n";
attempt(fn () => $people->count(['age' => 3]));
attempt(fn () => $people->count(['age_between' => [1, 2]]));
attempt(fn () => $people->count(['Age_eq' => 3]));
attempt(fn () => $people->count(['_eq' => 3]));
attempt(fn () => $people->count([0 => ['age_eq' => 3]]));
attempt(fn () => $people->count(['age_isNull' => 'yes']));
attempt(fn () => $people->count(['age_in' => []]));
attempt(fn () => $people->count(['age_in' => ['a' => 1]]));
attempt(fn () => $people->count(['age_in' => [[1]]]));
attempt(fn () => $people->count(['name_startsWith' => 5]));
attempt(fn () => $people->count(['age_gt' => null]));
attempt(fn () => $people->count(['age_eq' => [1]]));
attempt(fn () => $people->count(['OR' => []]));
attempt(fn () => $people->count(['OR' => ['age_eq' => 1]]));
attempt(fn () => $people->count(['OR' => [['age_eq' => 1], 'x']]));
attempt(fn () => $people->count(['AND' => array_fill(0, 11, ['age_eq' => 1])]));
$wide = [];
for ($i = 0; $i < 21; $i++) {
    $wide["p{$i}_eq"] = $i;
}
attempt(fn () => $people->count($wide));
attempt(fn () => $people->count(['AND' => [['name_eq' => 'a'], $wide]]));
attempt(fn () => $people->count(['OR' => [['AND' => [['OR' => [['age_eq' => 1]]]]]]]));
attempt(fn () => $people->count(['OR' => [['AND' => [['age_eq' => 1], ['birth_day_foo' => 1]]]]]));

echo "-- with types\n";
$typed = $client->records('people', ['types' => ['id' => 'synergyId', 'age' => 'number', 'interests' => 'multipleSelect',
    'secret' => 'passwordHash', 'birth_day' => 'date', 'custom' => 'futureType']]);
attempt(fn () => $typed->count(['interests_eq' => 1]));
attempt(fn () => $typed->count(['id_isNull' => true]));
attempt(fn () => $typed->count(['age_containsSome' => [1]]));
attempt(fn () => $typed->count(['secret_eq' => 'x']));
attempt(fn () => $typed->count(['nickname_eq' => 'x']));
attempt(fn () => $typed->count(['OR' => [['age_gte' => 1], ['interests_startsWith' => 'a']]]));
attempt(fn () => $typed->query([], ['order' => ['interests_asc']]));
attempt(fn () => $typed->query([], ['order' => ['nickname_desc']]));
// Allowed by type, so these reach the network (and fail there).
attempt(fn () => $typed->count(['birth_day_eq' => '2000-01-01', 'interests_containsEvery' => [1, 2], 'custom_containsSome' => [1]]));
?>
--EXPECTF--
ValueError: Vtws\Synergy\Client::__construct(): Argument #1 ($accountCode) must match ^[a-z]+$
ValueError: Vtws\Synergy\Client::__construct(): Argument #2 ($clientId) must be a non-empty client id without ':' or NUL bytes
ValueError: Vtws\Synergy\Client::__construct(): Argument #2 ($clientId) must be a non-empty client id without ':' or NUL bytes
ValueError: Vtws\Synergy\Client::__construct(): Argument #3 ($clientSecret) must be a non-empty secret without NUL bytes
ValueError: Unknown option "rate_limit"; known options: auth_url, api_url, audience, scopes, timeout, connect_timeout, rate, burst, retries, verify_peer, ca_file, user_agent, proxy, max_response_size
ValueError: Options must be given by name, e.g. ['timeout' => 30]
ValueError: Option "api_url" must be an http:// or https:// URL without query string
ValueError: Option "api_url" must be an http:// or https:// URL without query string
TypeError: Option "scopes" must be of type list of strings, string given
ValueError: Option "scopes" must name at least one scope
ValueError: Option "scopes" must hold scope names such as "db:record:read" (printable, no spaces)
ValueError: Option "rate" must be a number between 0 and 1000000
ValueError: Option "burst" must be between 1 and 1000000
ValueError: Option "retries" must be between 0 and 10
TypeError: Option "verify_peer" must be of type bool, int given
ValueError: Option "ca_file" names a file that cannot be read: /nonexistent/ca.pem
demo
ValueError: Vtws\Synergy\Client::getApiDefinition(): Argument #1 ($name) must not be empty
ValueError: Vtws\Synergy\Client::getOpenApi(): Argument #2 ($format) must be "json" or "yaml"
ValueError: Vtws\Synergy\Client::records(): Argument #1 ($definition) must not be empty
ValueError: Vtws\Synergy\Client::records(): Argument #2 ($options) has an unknown option "typos"; known options: types
TypeError: Vtws\Synergy\Client::records(): Argument #2 ($options) option "types" must be of type array|true, string given
TypeError: Vtws\Synergy\Client::records(): Argument #2 ($options) option "types" must map property names to x-synergy-type strings
people
ValueError: Vtws\Synergy\Records::get(): Argument #1 ($id) must be a positive record id
ValueError: Vtws\Synergy\Records::get(): Argument #1 ($id) must be a positive record id
ValueError: Vtws\Synergy\Records::get(): Argument #1 ($id) must be a positive record id
ValueError: Vtws\Synergy\Records::delete(): Argument #1 ($id) must be a positive record id
ValueError: Vtws\Synergy\Records::patch(): Argument #3 ($fields) must be a list of property names
ValueError: Vtws\Synergy\Records::query(): Argument #2 ($options) option "limit" must be between 1 and 100
ValueError: Vtws\Synergy\Records::query(): Argument #2 ($options) option "limit" must be between 1 and 100
ValueError: Vtws\Synergy\Records::query(): Argument #2 ($options) option "offset" must be between 0 and %d
ValueError: Vtws\Synergy\Records::query(): Argument #2 ($options) has an unknown option "page_size"; known options: limit, offset, order
ValueError: Vtws\Synergy\Records::query(): Argument #2 ($options) option "order" has 3 entries, at most 2 are allowed
ValueError: Vtws\Synergy\Records::query(): Argument #2 ($options) option "order" has an invalid entry "Age_asc": expected "{property}_asc" or "{property}_desc"
TypeError: Vtws\Synergy\Records::query(): Argument #2 ($options) option "order" must be a list of strings, string given
ValueError: Vtws\Synergy\Records::queryAll(): Argument #2 ($options) has an unknown option "limit"; known options: order, page_size
ValueError: Vtws\Synergy\Records::queryAll(): Argument #2 ($options) option "page_size" must be between 1 and 100
-- filters
ValueError: Vtws\Synergy\Records::count(): Argument #1 ($filter) has an invalid filter key "age": expected "{property}_{operator}", "AND" or "OR"
ValueError: Vtws\Synergy\Records::count(): Argument #1 ($filter) has an invalid filter key "age_between": "between" is not an operator
ValueError: Vtws\Synergy\Records::count(): Argument #1 ($filter) has an invalid filter key "Age_eq": "Age" is not a property name
ValueError: Vtws\Synergy\Records::count(): Argument #1 ($filter) has an invalid filter key "_eq": "" is not a property name
ValueError: Vtws\Synergy\Records::count(): Argument #1 ($filter) has an invalid filter key "0": keys must be "{property}_{operator}", "AND" or "OR"
ValueError: Vtws\Synergy\Records::count(): Argument #1 ($filter) has an invalid filter key "age_isNull": operator "isNull" needs a bool
ValueError: Vtws\Synergy\Records::count(): Argument #1 ($filter) has an invalid filter key "age_in": operator "in" needs a non-empty list of values
ValueError: Vtws\Synergy\Records::count(): Argument #1 ($filter) has an invalid filter key "age_in": operator "in" needs a non-empty list of values
ValueError: Vtws\Synergy\Records::count(): Argument #1 ($filter) has an invalid filter key "age_in": operator "in" needs a list of scalar values
ValueError: Vtws\Synergy\Records::count(): Argument #1 ($filter) has an invalid filter key "name_startsWith": operator "startsWith" needs a string
ValueError: Vtws\Synergy\Records::count(): Argument #1 ($filter) has an invalid filter key "age_gt": operator "gt" needs a scalar
ValueError: Vtws\Synergy\Records::count(): Argument #1 ($filter) has an invalid filter key "age_eq": operator "eq" needs a scalar or null
ValueError: Vtws\Synergy\Records::count(): Argument #1 ($filter) has an invalid filter key "OR": needs a non-empty list of filter objects
ValueError: Vtws\Synergy\Records::count(): Argument #1 ($filter) has an invalid filter key "OR": needs a non-empty list of filter objects
ValueError: Vtws\Synergy\Records::count(): Argument #1 ($filter) has an invalid filter key "OR[1]": needs a filter object (array), string given
ValueError: Vtws\Synergy\Records::count(): Argument #1 ($filter) has an invalid filter key "AND": has 11 elements, at most 10 are allowed
ValueError: Vtws\Synergy\Records::count(): Argument #1 ($filter) is an invalid filter: a filter object has 21 keys, at most 20 are allowed
ValueError: Vtws\Synergy\Records::count(): Argument #1 ($filter) has an invalid filter key "AND[1]": a filter object has 21 keys, at most 20 are allowed
ValueError: Vtws\Synergy\Records::count(): Argument #1 ($filter) has an invalid filter key "OR[0].AND[0].OR": filters nest at most 3 levels deep
ValueError: Vtws\Synergy\Records::count(): Argument #1 ($filter) has an invalid filter key "OR[0].AND[1].birth_day_foo": "foo" is not an operator
-- with types
ValueError: Vtws\Synergy\Records::count(): Argument #1 ($filter) has an invalid filter key "interests_eq": operator "eq" is not allowed for type multipleSelect
ValueError: Vtws\Synergy\Records::count(): Argument #1 ($filter) has an invalid filter key "id_isNull": operator "isNull" is not allowed for type synergyId
ValueError: Vtws\Synergy\Records::count(): Argument #1 ($filter) has an invalid filter key "age_containsSome": operator "containsSome" is not allowed for type number
ValueError: Vtws\Synergy\Records::count(): Argument #1 ($filter) has an invalid filter key "secret_eq": operator "eq" is not allowed for type passwordHash
ValueError: Vtws\Synergy\Records::count(): Argument #1 ($filter) has an invalid filter key "nickname_eq": the definition has no property "nickname"
ValueError: Vtws\Synergy\Records::count(): Argument #1 ($filter) has an invalid filter key "OR[1].interests_startsWith": operator "startsWith" is not allowed for type multipleSelect
ValueError: Vtws\Synergy\Records::query(): Argument #2 ($options) option "order" has an invalid entry "interests_asc": records cannot be ordered by "interests"
ValueError: Vtws\Synergy\Records::query(): Argument #2 ($options) option "order" has an invalid entry "nickname_desc": the definition has no property "nickname"
Vtws\TransportException: token: %s (curl error 7: %s)
