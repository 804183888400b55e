--TEST--
Client::inProcess(): success and every error path against the test server's in-process entry point free what they allocated
--SKIPIF--
<?php
if (!extension_loaded('vtws')) die('skip vtws not loaded');
if (!extension_loaded('pdo_sqlite')) die('skip pdo_sqlite not loaded');
?>
--INI--
pcre.jit=0
--FILE--
<?php
declare(strict_types=1);

function show(callable $work): void
{
    try {
        $result = $work();
        echo 'ok: ', is_array($result) ? count($result) . ' entries' : var_export($result, true), "\n";
    } catch (Throwable $e) {
        $previous = $e->getPrevious() ? ' <- ' . get_class($e->getPrevious()) : '';
        echo get_class($e), ': ', $e->getMessage(), $previous, "\n";
    }
}

show(fn () => Vtws\Client::inProcess(1));

$database = sys_get_temp_dir() . '/vtws-phpt-inprocess-' . getmypid() . '.sqlite';
putenv("VTWS_SERVER_DB=$database");
require __DIR__ . '/server/inprocess.php';
register_shutdown_function(static function () use ($database): void {
    Vtws\TestServer\Storage::wipe($GLOBALS['adb']->pdo);
    foreach (['', '-wal', '-shm', '.lock'] as $suffix) {
        @unlink($database . $suffix);
    }
});
Vtws\TestServer\InProcess\Controls::call('reset', ['contacts' => 150]);

show(fn () => Vtws\Client::inProcess());
show(fn () => Vtws\Client::inProcess(6));
show(fn () => Vtws\Client::inProcess(0));

$c = Vtws\Client::inProcess(1);
var_dump($c);
echo $c->retrieve('12x3')['lastname'], "\n";
echo count($c->query('SELECT id FROM Contacts WHERE lastname = ?', ["O'Brien-Smith"])), " row\n";
echo iterator_count($c->queryAll('SELECT id FROM Contacts')), " rows\n";
echo $c->describe('Contacts')['name'], ' ', $c->describe('Contacts')['idPrefix'], "\n";
$created = $c->create('Contacts', ['lastname' => 'Тест', 'assigned_user_id' => '19x1']);
echo $c->revise(['id' => $created['id'], 'mailingcity' => '東京'])['mailingcity'], "\n";
$c->delete($created['id']);
echo count($c->syncAll(time() - 600, 'Contacts')['deleted']), " deleted\n";
$out = fopen('php://memory', 'w+');
$document = $c->query("SELECT id FROM Documents WHERE filename = 'hello.txt'")[0]['id'];
echo $c->downloadFile($document, $out)['bytes'], " bytes\n";
print_r($c->call('gettranslation', ['totranslate' => ['SINGLE_Contacts'], 'language' => 'ru_ru']));

show(fn () => $c->retrieve('abc'));
show(fn () => $c->create('Contacts', ['firstname' => 'x']));
show(fn () => $c->query('SELECT FROM'));
show(fn () => $c->call('no_such_operation', ['a' => [1, 2]]));
show(fn () => $c->call('gettranslation', ['totranslate' => ["\xff"]]));
show(fn () => $c->call('gettranslation', [1 => 'positional']));
show(fn () => $c->login('admin', 'x'));
show(fn () => $c->useSession('abc'));
show(fn () => $c->extendSession());
show(fn () => $c->call('changePassword', ['id' => '19x1']));

$GLOBALS['current_user'] = (new Users())->retrieveCurrentUserInfoFromFile(5);
show(fn () => Vtws\Client::inProcess()->getUserId());
show(fn () => $c->retrieve('12x3')['id']);
echo get_class($GLOBALS['current_user']), ' ', $GLOBALS['current_user']->id, "\n";

Vtws\TestServer\InProcess\Controls::call('profile', ['name' => 'stock']);
show(fn () => $c->call('gettranslation', ['totranslate' => ['Contacts']]));
Vtws\TestServer\InProcess\Controls::call('profile', ['name' => 'patched']);

$adb->pdo->exec("INSERT INTO vtiger_ws_operation VALUES (900, 'outside_root', '../../001-extension-loaded.phpt', 'f', 'POST', 0)");
$adb->pdo->exec("INSERT INTO vtiger_ws_operation VALUES (901, 'test_exit', 'handlers/Exit.php', 'vtws_test_exit', 'POST', 0)");
show(fn () => $c->call('outside_root'));
$c->call('test_exit');
echo "not reached\n";
?>
--EXPECTF--
Vtws\TransportException: Vtws\Client::inProcess(): Vtiger's webservice code is not loaded in this process (no class OperationManager); include Vtiger's config.inc.php and include/Webservices/OperationManager.php first, or use new Vtws\Client($url)
ValueError: Vtws\Client::inProcess(): there is no current user ($current_user is not set): pass a user id
ValueError: Vtws\Client::inProcess(): Argument #1 ($userId) must be the id of an active Vtiger user, 6 is not
ValueError: Vtws\Client::inProcess(): Argument #1 ($userId) must be greater than 0
object(Vtws\Client)#%d (14) {
  ["url"]=>
  string(10) "inprocess:"
  ["loggedIn"]=>
  bool(false)
  ["username"]=>
  NULL
  ["userId"]=>
  string(4) "19x1"
  ["vtigerVersion"]=>
  NULL
  ["sessionName"]=>
  NULL
  ["accessKey"]=>
  NULL
  ["timeout"]=>
  float(0)
  ["connect_timeout"]=>
  float(0)
  ["verify_peer"]=>
  bool(false)
  ["retries"]=>
  int(0)
  ["auto_relogin"]=>
  bool(false)
  ["preserve_description"]=>
  bool(true)
  ["typed"]=>
  bool(false)
}
O'Brien-Smith
1 row
187 rows
Contacts 12
東京
1 deleted
%d bytes
Array
(
    [SINGLE_Contacts] => Контакт
)
Vtws\ApiException: retrieve failed: Permission to perform the operation is denied for id [ACCESS_DENIED]
Vtws\ApiException: create failed: %s [MANDATORY_FIELDS_MISSING]
Vtws\ApiException: query failed: Permission to perform the operation is denied for query [ACCESS_DENIED]
Vtws\TransportException: no_such_operation: uncaught Vtws\TestServer\WebServiceException in Vtiger: Unknown operation requested; over webservice.php this is (HTTP 500, empty body) <- Vtws\TestServer\WebServiceException
ValueError: Parameter "totranslate" cannot be sent as JSON: it contains invalid UTF-8
ValueError: Vtws\Client::call(): Argument #2 ($params) must be an array keyed by parameter name
LogicException: Vtws\Client::login(): an in-process client has no session, it runs as the Vtiger user given to Client::inProcess()
LogicException: Vtws\Client::useSession(): an in-process client has no session, it runs as the Vtiger user given to Client::inProcess()
LogicException: Vtws\Client::extendSession(): an in-process client has no session, it runs as the Vtiger user given to Client::inProcess()
Vtws\ProtocolException: %s
ok: '19x5'
ok: '12x3'
Users 5
Vtws\TransportException: gettranslation: uncaught Error in Vtiger: %s; over webservice.php this is (HTTP 500, empty body) <- Error
Vtws\ProtocolException: %s
the handler exits
