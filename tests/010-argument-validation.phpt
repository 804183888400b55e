--TEST--
Arguments checked before any request: empty ids, elements without id, module names, call()
--SKIPIF--
<?php if (!extension_loaded('vtws')) die('skip vtws not loaded'); ?>
--FILE--
<?php
declare(strict_types=1);

// Port 1 refuses connections: a check that let the request through shows up as TransportException.
$client = new Vtws\Client('http://127.0.0.1:1', ['connect_timeout' => 5]);
$client->useSession('secret-session-id');

$cases = [
    'login empty user' => fn () => $client->login('', 'key'),
    'useSession empty' => fn () => $client->useSession(''),
    'describe empty' => fn () => $client->describe(''),
    'describe spaces' => fn () => $client->describe('Contacts Leads'),
    'describe quote' => fn () => $client->describe("Contacts'"),
    'describe path' => fn () => $client->describe('../Users'),
    'describe unicode' => fn () => $client->describe('Контакты'),
    'create bad module' => fn () => $client->create('Contacts;', ['lastname' => 'x']),
    'create empty module' => fn () => $client->create('', ['lastname' => 'x']),
    'retrieve empty' => fn () => $client->retrieve(''),
    'delete empty' => fn () => $client->delete(''),
    'update without id' => fn () => $client->update(['lastname' => 'x']),
    'update empty id' => fn () => $client->update(['id' => '', 'lastname' => 'x']),
    'update int id' => fn () => $client->update(['id' => 12, 'lastname' => 'x']),
    'revise without id' => fn () => $client->revise(['lastname' => 'x']),
    'revise null id' => fn () => $client->revise(['id' => null]),
    'count bad module' => fn () => $client->count('Contacts WHERE 1'),
    'count params mismatch' => fn () => $client->count('Contacts', 'lastname = ?', []),
    'query params mismatch' => fn () => $client->query('SELECT * FROM Contacts WHERE a = ?', []),
    'query null param' => fn () => $client->query('SELECT * FROM Contacts WHERE a = ?', [null]),
    'queryAll empty string' => fn () => $client->queryAll('SELECT * FROM Contacts WHERE a = ?', ['']),
    'queryAll bad limit' => fn () => $client->queryAll('SELECT * FROM Contacts LIMIT x'),
    'sync zero' => fn () => $client->sync(0),
    'sync negative' => fn () => $client->sync(-5),
    'sync before 1970' => fn () => $client->sync(new DateTimeImmutable('1960-01-01')),
    'sync bad module' => fn () => $client->sync(1, 'Contacts,Leads'),
    'syncAll bad module' => fn () => $client->syncAll(1, ''),
    'relatedTypes bad' => fn () => $client->relatedTypes('a b'),
    'retrieveRelated empty id' => fn () => $client->retrieveRelated('', 'Contacts'),
    'retrieveRelated bad type' => fn () => $client->retrieveRelated('11x2', 'Contacts;'),
    'queryRelated empty id' => fn () => $client->queryRelated('SELECT * FROM Contacts', ''),
    'queryRelated no FROM' => fn () => $client->queryRelated('SELECT *', '11x2'),
    'addRelated empty source' => fn () => $client->addRelated('', '12x3'),
    'addRelated empty related' => fn () => $client->addRelated('11x2', ''),
    'retrieveFile empty' => fn () => $client->retrieveFile(''),
    'call empty' => fn () => $client->call(''),
    'call space' => fn () => $client->call('get translation'),
    'call slash' => fn () => $client->call('../login'),
    'call ampersand' => fn () => $client->call('x&sessionName=y'),
    'call too long' => fn () => $client->call(str_repeat('a', 129)),
    'call operation param' => fn () => $client->call('gettranslation', ['operation' => 'login']),
    'call sessionName param' => fn () => $client->call('gettranslation', ['sessionName' => 'other']),
    'call positional params' => fn () => $client->call('gettranslation', ['ru_ru']),
    'call bad method' => fn () => $client->call('gettranslation', [], 'PUT'),
    'call empty method' => fn () => $client->call('gettranslation', [], ''),
    'call object param' => fn () => $client->call('gettranslation', ['x' => fopen('php://memory', 'r')]),
];
foreach ($cases as $name => $case) {
    try {
        $case();
        echo $name, ": no exception\n";
    } catch (Throwable $e) {
        printf("%s: %s: %s\n", $name, get_class($e), $e->getMessage());
    }
}

// A rejected call leaves the session untouched.
var_dump($client->getSessionName() === 'secret-session-id');
?>
--EXPECT--
login empty user: ValueError: Vtws\Client::login(): Argument #1 ($username) must not be empty
useSession empty: ValueError: Vtws\Client::useSession(): Argument #1 ($sessionName) must not be empty
describe empty: ValueError: Vtws\Client::describe(): Argument #1 ($module) must be a module name such as "Contacts"
describe spaces: ValueError: Vtws\Client::describe(): Argument #1 ($module) must be a module name such as "Contacts"
describe quote: ValueError: Vtws\Client::describe(): Argument #1 ($module) must be a module name such as "Contacts"
describe path: ValueError: Vtws\Client::describe(): Argument #1 ($module) must be a module name such as "Contacts"
describe unicode: ValueError: Vtws\Client::describe(): Argument #1 ($module) must be a module name such as "Contacts"
create bad module: ValueError: Vtws\Client::create(): Argument #1 ($module) must be a module name such as "Contacts"
create empty module: ValueError: Vtws\Client::create(): Argument #1 ($module) must be a module name such as "Contacts"
retrieve empty: ValueError: Vtws\Client::retrieve(): Argument #1 ($id) must not be empty
delete empty: ValueError: Vtws\Client::delete(): Argument #1 ($id) must not be empty
update without id: ValueError: Vtws\Client::update(): Argument #1 ($element) must contain the record's "id" as a string such as "12x34"
update empty id: ValueError: Vtws\Client::update(): Argument #1 ($element) must contain the record's "id" as a string such as "12x34"
update int id: ValueError: Vtws\Client::update(): Argument #1 ($element) must contain the record's "id" as a string such as "12x34"
revise without id: ValueError: Vtws\Client::revise(): Argument #1 ($element) must contain the record's "id" as a string such as "12x34"
revise null id: ValueError: Vtws\Client::revise(): Argument #1 ($element) must contain the record's "id" as a string such as "12x34"
count bad module: ValueError: Vtws\Client::count(): Argument #1 ($module) must be a module name such as "Contacts"
count params mismatch: ValueError: The query has more ? placeholders than the 0 parameters given
query params mismatch: ValueError: The query has more ? placeholders than the 0 parameters given
query null param: ValueError: Parameter 1 is null; VTQL cannot compare with NULL
queryAll empty string: ValueError: Parameter 1 is an empty string; Vtiger's VTQL lexer rejects ''
queryAll bad limit: ValueError: LIMIT must be followed by a number
sync zero: ValueError: Vtws\Client::sync(): Argument #1 ($modifiedTime) must be a Unix time greater than 0
sync negative: ValueError: Vtws\Client::sync(): Argument #1 ($modifiedTime) must be a Unix time greater than 0
sync before 1970: ValueError: Vtws\Client::sync(): Argument #1 ($modifiedTime) must be a Unix time greater than 0
sync bad module: ValueError: Vtws\Client::sync(): Argument #2 ($module) must be a module name such as "Contacts"
syncAll bad module: ValueError: Vtws\Client::syncAll(): Argument #2 ($module) must be a module name such as "Contacts"
relatedTypes bad: ValueError: Vtws\Client::relatedTypes(): Argument #1 ($module) must be a module name such as "Contacts"
retrieveRelated empty id: ValueError: Vtws\Client::retrieveRelated(): Argument #1 ($id) must not be empty
retrieveRelated bad type: ValueError: Vtws\Client::retrieveRelated(): Argument #2 ($relatedType) must be a module name such as "Contacts"
queryRelated empty id: ValueError: Vtws\Client::queryRelated(): Argument #2 ($id) must not be empty
queryRelated no FROM: ValueError: Vtws\Client::queryRelated(): Argument #1 ($query) must name a module after FROM
addRelated empty source: ValueError: Vtws\Client::addRelated(): Argument #1 ($sourceId) must not be empty
addRelated empty related: ValueError: Vtws\Client::addRelated(): Argument #2 ($relatedId) must not be empty
retrieveFile empty: ValueError: Vtws\Client::retrieveFile(): Argument #1 ($attachmentId) must not be empty
call empty: ValueError: Vtws\Client::call(): Argument #1 ($operation) must be an operation name of 1 to 128 characters
call space: ValueError: Vtws\Client::call(): Argument #1 ($operation) must contain only letters, digits, '_' and '.'
call slash: ValueError: Vtws\Client::call(): Argument #1 ($operation) must contain only letters, digits, '_' and '.'
call ampersand: ValueError: Vtws\Client::call(): Argument #1 ($operation) must contain only letters, digits, '_' and '.'
call too long: ValueError: Vtws\Client::call(): Argument #1 ($operation) must be an operation name of 1 to 128 characters
call operation param: ValueError: Vtws\Client::call(): Argument #2 ($params) must not set "operation": the client sends it
call sessionName param: ValueError: Vtws\Client::call(): Argument #2 ($params) must not set "sessionName": the client sends it
call positional params: ValueError: Vtws\Client::call(): Argument #2 ($params) must be an array keyed by parameter name
call bad method: ValueError: Vtws\Client::call(): Argument #3 ($method) must be "GET" or "POST"
call empty method: ValueError: Vtws\Client::call(): Argument #3 ($method) must be "GET" or "POST"
call object param: TypeError: Parameter "x" must be of type string|int|float|bool|array|null, resource given
bool(true)
