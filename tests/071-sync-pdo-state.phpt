--TEST--
Sync PdoState on SQLite: apply/load round trip, options, caller's error mode and transactions
--SKIPIF--
<?php
if (!extension_loaded('vtws')) die('skip vtws not loaded');
if (!extension_loaded('pdo_sqlite')) die('skip pdo_sqlite not loaded');
?>
--FILE--
<?php
declare(strict_types=1);

use Vtws\Sync\PdoState;

function attempt(string $label, callable $call): void
{
    try {
        $call();
        echo "$label: no exception\n";
    } catch (Throwable $e) {
        $previous = $e->getPrevious() ? ' <- ' . get_class($e->getPrevious()) : '';
        printf("%s: %s%s %s\n", $label, get_class($e), $previous, $e->getMessage());
    }
}

$pdo = new PDO('sqlite::memory:');
$pdo->setAttribute(PDO::ATTR_ERRMODE, PDO::ERRMODE_SILENT);
$pdo->setAttribute(PDO::ATTR_CASE, PDO::CASE_UPPER);

$state = new PdoState($pdo, 'acme');
var_dump($state instanceof Vtws\Sync\State, $state->load());
$state->apply([
    'connector' => 'AcmeDirectory', 'synctype' => 'user',
    'pairs' => ['Accounts' => ['pull' => ['token' => 1714521600]]],
    'idmap' => [['op' => 'put', 'pair' => 'Accounts', 'vtiger' => '11x77', 'service' => 'co_81',
        'vtigerMtime' => 1714555801, 'serviceMtime' => 1714555800]],
]);
$state->apply([
    'pairs' => [
        'Accounts' => ['pull' => ['token' => 1714555800, 'complete' => true]],
        'Contacts' => ['pull' => ['retries' => ['pe_13' => 1, '42' => 2]], 'push' => ['failed' => ['12x310']]],
    ],
    'idmap' => [
        ['op' => 'put', 'pair' => 'Contacts', 'vtiger' => '12x301', 'service' => 'pe_40', 'serviceMtime' => 1714557602],
        ['op' => 'put', 'pair' => 'Contacts', 'vtiger' => '12x250', 'service' => 'pe_12'],
        ['op' => 'put', 'pair' => 'Contacts', 'vtiger' => '12x251', 'service' => 'pe_12'],
        ['op' => 'remove', 'pair' => 'Contacts', 'vtiger' => '12x301'],
    ],
]);
echo json_encode($state->load()), "\n";
// The caller's settings are back after every call, failed ones included.
var_dump($pdo->getAttribute(PDO::ATTR_ERRMODE) === PDO::ERRMODE_SILENT,
    $pdo->getAttribute(PDO::ATTR_CASE) === PDO::CASE_UPPER);

// Another connector in the same tables is independent.
$other = new PdoState($pdo, 'other');
var_dump($other->load());

echo "-- errors\n";
attempt('bad shape', fn () => $state->apply(['pairs' => ['Accounts' => ['pull' => ['token' => 'x']]]]));
attempt('empty connector', fn () => new PdoState($pdo, ''));
attempt('unknown option', fn () => new PdoState($pdo, 'acme', ['prefx' => 'x_']));
attempt('bad prefix', fn () => new PdoState($pdo, 'acme', ['prefix' => 'x; DROP TABLE y']));
attempt('create not bool', fn () => new PdoState($pdo, 'acme', ['create' => 1]));
attempt('not a PDO', fn () => new PdoState(new stdClass(), 'acme'));
$missing = new PdoState($pdo, 'acme', ['prefix' => 'absent_', 'create' => false]);
attempt('tables missing', fn () => $missing->load());
attempt('tables missing, apply', fn () => $missing->apply(['synctype' => 'user']));
$pdo->beginTransaction();
attempt('caller transaction', fn () => $state->apply(['synctype' => 'app']));
attempt('caller transaction, new', fn () => new PdoState($pdo, 'acme', ['prefix' => 'new_']));
$pdo->rollBack();
// A failing statement in the middle rolls the whole change back.
$pdo->exec('CREATE TRIGGER refuse BEFORE INSERT ON vtws_sync_idmap WHEN NEW.vtiger = \'bad\' BEGIN SELECT RAISE(ABORT, \'refused\'); END');
$before = $state->load();
attempt('rolled back', fn () => $state->apply([
    'synctype' => 'app',
    'pairs' => ['Accounts' => ['push' => ['token' => 5]]],
    'idmap' => [['op' => 'remove', 'pair' => 'Accounts', 'vtiger' => '11x77'],
                ['op' => 'put', 'pair' => 'Accounts', 'vtiger' => 'bad', 'service' => 'x']],
]));
var_dump($state->load() === $before, $pdo->inTransaction(),
    $pdo->getAttribute(PDO::ATTR_ERRMODE) === PDO::ERRMODE_SILENT);
$custom = new PdoState($pdo, 'acme', ['prefix' => 'mine_']);
$custom->apply(['synctype' => 'user']);
var_dump($custom->load(), $pdo->query("SELECT COUNT(*) FROM mine_connectors")->fetchColumn());
// A table lost between calls: load() fails part-way and returns nothing.
$pdo->exec('DROP TABLE mine_idmap');
attempt('idmap dropped, load', fn () => $custom->load());
$pdo->exec('DROP TABLE mine_pairs');
attempt('pairs dropped, load', fn () => $custom->load());
$pdo->exec("UPDATE vtws_sync_pairs SET extra = '[1,' WHERE connector = 'acme'");
attempt('damaged column', fn () => $state->load());
?>
--EXPECT--
bool(true)
array(0) {
}
{"connector":"AcmeDirectory","synctype":"user","pairs":{"Accounts":{"pull":{"token":1714555800,"complete":true,"retries":[]}},"Contacts":{"pull":{"token":null,"complete":false,"retries":{"pe_13":1,"42":2}},"push":{"token":null,"complete":false,"failed":["12x310"]}}},"idmap":{"Accounts":[{"vtiger":"11x77","service":"co_81","vtigerMtime":1714555801,"serviceMtime":1714555800}],"Contacts":[{"vtiger":"12x251","service":"pe_12","vtigerMtime":null,"serviceMtime":null}]}}
bool(true)
bool(true)
array(0) {
}
-- errors
bad shape: ValueError Vtws\Sync\PdoState::apply(): Argument #1 ($changes) key "pairs.Accounts.pull.token" must be an int >= 0 or null, string given
empty connector: ValueError Vtws\Sync\PdoState::__construct(): Argument #2 ($connector) must be a name of 1 to 191 bytes
unknown option: ValueError Vtws\Sync\PdoState::__construct(): Argument #3 ($options) has an unknown option "prefx": use prefix and create
bad prefix: ValueError Vtws\Sync\PdoState::__construct(): Argument #3 ($options) option "prefix" must be a string of at most 40 letters, digits and underscores, not starting with a digit
create not bool: ValueError Vtws\Sync\PdoState::__construct(): Argument #3 ($options) option "create" must be a bool
not a PDO: TypeError Vtws\Sync\PdoState::__construct(): Argument #1 ($pdo) must be of type PDO, stdClass given
tables missing: Vtws\Sync\StateException <- PDOException Database error: SQLSTATE[HY000]: General error: 1 no such table: absent_connectors
tables missing, apply: Vtws\Sync\StateException <- PDOException Database error: SQLSTATE[HY000]: General error: 1 no such table: absent_connectors
caller transaction: Vtws\Sync\StateException The PDO connection is inside a transaction: make this call outside it
caller transaction, new: Vtws\Sync\StateException The PDO connection is inside a transaction: make this call outside it
rolled back: Vtws\Sync\StateException <- PDOException Database error: SQLSTATE[23000]: Integrity constraint violation: 19 refused
bool(true)
bool(false)
bool(true)
array(3) {
  ["synctype"]=>
  string(4) "user"
  ["pairs"]=>
  array(0) {
  }
  ["idmap"]=>
  array(0) {
  }
}
int(1)
idmap dropped, load: Vtws\Sync\StateException <- PDOException Database error: SQLSTATE[HY000]: General error: 1 no such table: mine_idmap
pairs dropped, load: Vtws\Sync\StateException <- PDOException Database error: SQLSTATE[HY000]: General error: 1 no such table: mine_pairs
damaged column: Vtws\Sync\StateException <- Vtws\ProtocolException The stored retries list is not valid JSON
