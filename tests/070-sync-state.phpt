--TEST--
Sync FileState: apply/load round trip, shape errors, corrupt files, lock contention, write failures
--SKIPIF--
<?php if (!extension_loaded('vtws')) die('skip vtws not loaded'); ?>
--FILE--
<?php
declare(strict_types=1);

use Vtws\Sync\FileState;

function attempt(string $label, callable $call): void
{
    try {
        $call();
        echo "$label: no exception\n";
    } catch (Throwable $e) {
        $message = str_replace(sys_get_temp_dir(), 'TMP', $e->getMessage());
        $previous = $e->getPrevious() ? ' <- ' . get_class($e->getPrevious()) : '';
        printf("%s: %s%s %s\n", $label, get_class($e), $previous, $message);
    }
}

$dir = sys_get_temp_dir() . '/vtws-070-' . getmypid();
@mkdir($dir);
$path = "$dir/state.json";

$state = new FileState($path);
var_dump($state instanceof Vtws\Sync\State, $state->getPath() === $path, $state->load());

$state->apply([
    'connector' => 'AcmeDirectory', 'synctype' => 'user',
    'pairs' => ['Accounts' => ['pull' => ['token' => 1714521600]]],
    'idmap' => [['op' => 'put', 'pair' => 'Accounts', 'vtiger' => '11x77', 'service' => 'co_81',
        'vtigerMtime' => 1714555801, 'serviceMtime' => 1714555800]],
]);
$state->apply([
    'pairs' => [
        'Accounts' => ['pull' => ['token' => 1714555800, 'complete' => true]],
        'Contacts' => ['pull' => ['retries' => ['pe_13' => 1]], 'push' => ['failed' => ['12x310']]],
    ],
    'idmap' => [
        ['op' => 'put', 'pair' => 'Contacts', 'vtiger' => '12x301', 'service' => 'pe_40', 'serviceMtime' => 1714557602],
        ['op' => 'put', 'pair' => 'Contacts', 'vtiger' => '12x250', 'service' => 'pe_12'],
        // Same service id: replaces the 12x250 entry.
        ['op' => 'put', 'pair' => 'Contacts', 'vtiger' => '12x251', 'service' => 'pe_12'],
        ['op' => 'remove', 'pair' => 'Contacts', 'vtiger' => '12x301'],
        ['op' => 'remove', 'pair' => 'Contacts', 'vtiger' => '12x999'],
    ],
]);
echo file_get_contents($path);
$loaded = $state->load();

// A second object on the same file is refused while the first one lives.
attempt('second instance', fn () => new FileState($path));
unset($state);
$again = new FileState($path);
var_dump($again->load() === $loaded);

echo "-- bad shapes leave the file alone\n";
$before = file_get_contents($path);
$bad = [
    'unknown top key' => ['tokens' => []],
    'numeric top key' => [7 => 'x'],
    'connector not a string' => ['connector' => 5],
    'pairs not an array' => ['pairs' => 'Accounts'],
    'pair name numeric' => ['pairs' => [0 => ['pull' => []]]],
    'unknown direction' => ['pairs' => ['Accounts' => ['sideways' => []]]],
    'token a string' => ['pairs' => ['Accounts' => ['pull' => ['token' => '1714521600']]]],
    'token negative' => ['pairs' => ['Accounts' => ['push' => ['token' => -1]]]],
    'complete an int' => ['pairs' => ['Accounts' => ['pull' => ['complete' => 1]]]],
    'retries on push' => ['pairs' => ['Accounts' => ['push' => ['retries' => []]]]],
    'retries count' => ['pairs' => ['Accounts' => ['pull' => ['retries' => ['pe_1' => 'x']]]]],
    'failed not a list' => ['pairs' => ['Accounts' => ['push' => ['failed' => ['a' => '12x1']]]]],
    'failed id empty' => ['pairs' => ['Accounts' => ['push' => ['failed' => ['']]]]],
    'idmap not a list' => ['idmap' => ['x' => []]],
    'idmap op missing' => ['idmap' => [['pair' => 'Accounts', 'vtiger' => '11x1']]],
    'idmap op unknown' => ['idmap' => [['op' => 'merge']]],
    'put without service' => ['idmap' => [['op' => 'put', 'pair' => 'Accounts', 'vtiger' => '11x1']]],
    'put with extra key' => ['idmap' => [['op' => 'put', 'pair' => 'A', 'vtiger' => '1', 'service' => 's', 'note' => 1]]],
    'remove with service' => ['idmap' => [['op' => 'remove', 'pair' => 'A', 'vtiger' => '1', 'service' => 's']]],
    'mtime a float' => ['idmap' => [['op' => 'put', 'pair' => 'A', 'vtiger' => '1', 'service' => 's', 'vtigerMtime' => 1.5]]],
    'invalid UTF-8 id' => ['idmap' => [['op' => 'put', 'pair' => 'A', 'vtiger' => "\xff", 'service' => 's']]],
    // The second operation is bad: the first one must not be applied either.
    'bad after good' => ['idmap' => [['op' => 'put', 'pair' => 'A', 'vtiger' => '1', 'service' => 's'], ['op' => 'put']]],
];
foreach ($bad as $label => $changes) {
    attempt($label, fn () => $again->apply($changes));
}
var_dump(file_get_contents($path) === $before, $again->load() === $loaded);
unset($again);

echo "-- files that are not state documents\n";
$cases = [
    'empty file' => '',
    'truncated' => '{"connector":"Acme","pairs":{"Accounts":{"pull":{"token":17',
    'garbage' => "\x00\x01binary",
    'a list' => '[1,2]',
    'a string' => '"state"',
    'unknown key' => '{"cursor":1}',
    'bad entry' => '{"idmap":{"Accounts":[{"vtiger":"11x1"}]}}',
    'bad token' => '{"pairs":{"Accounts":{"pull":{"token":"x"}}}}',
];
foreach ($cases as $label => $text) {
    file_put_contents($path, $text);
    $state = new FileState($path);
    attempt($label, fn () => $state->load());
    // apply() refuses to overwrite what it cannot read.
    attempt("$label, apply", fn () => $state->apply(['synctype' => 'user']));
    var_dump(file_get_contents($path) === $text);
    unset($state);
}
file_put_contents($path, '{}');
$state = new FileState($path);
var_dump($state->load());
unset($state);

echo "-- storage failures\n";
attempt('missing directory', fn () => new FileState("$dir/missing/state.json"));
attempt('empty path', fn () => new FileState(''));
attempt('NUL in path', fn () => new FileState("$dir/a\0b"));
mkdir("$dir/taken.json");
$state = new FileState("$dir/taken.json");
attempt('load a directory', fn () => $state->load());
unset($state);
rmdir("$dir/taken.json");
// The document's name is taken by a directory after the first read: the rename fails, the
// temporary file is removed and the object keeps the document it had.
$state = new FileState("$dir/blocked.json");
var_dump($state->load());
mkdir("$dir/blocked.json");
attempt('rename over a directory', fn () => $state->apply(['synctype' => 'user']));
var_dump(file_exists("$dir/blocked.json.tmp"), $state->load());
rmdir("$dir/blocked.json");
$state->apply(['synctype' => 'app']);
var_dump($state->load());
unset($state);

foreach (glob("$dir/*") as $file) {
    unlink($file);
}
rmdir($dir);
?>
--EXPECTF--
bool(true)
bool(true)
array(0) {
}
{"connector":"AcmeDirectory","synctype":"user","pairs":{"Accounts":{"pull":{"token":1714555800,"complete":true,"retries":[]}},"Contacts":{"pull":{"token":null,"complete":false,"retries":{"pe_13":1}},"push":{"token":null,"complete":false,"failed":["12x310"]}}},"idmap":{"Accounts":[{"vtiger":"11x77","service":"co_81","vtigerMtime":1714555801,"serviceMtime":1714555800}],"Contacts":[{"vtiger":"12x251","service":"pe_12","vtigerMtime":null,"serviceMtime":null}]}}
second instance: Vtws\Sync\StateException The state is in use: another run holds the lock TMP/vtws-070-%d/state.json.lock on the state TMP/vtws-070-%d/state.json
bool(true)
-- bad shapes leave the file alone
unknown top key: ValueError Vtws\Sync\FileState::apply(): Argument #1 ($changes) key "tokens" is unknown: use connector, synctype, pairs and idmap
numeric top key: ValueError Vtws\Sync\FileState::apply(): Argument #1 ($changes) key "7" is unknown: use connector, synctype, pairs and idmap
connector not a string: ValueError Vtws\Sync\FileState::apply(): Argument #1 ($changes) key "connector" must be a UTF-8 string, int given
pairs not an array: ValueError Vtws\Sync\FileState::apply(): Argument #1 ($changes) key "pairs" must be an array of pair name => directions, string given
pair name numeric: ValueError Vtws\Sync\FileState::apply(): Argument #1 ($changes) key "pairs" must have pair names (non-empty UTF-8) as keys
unknown direction: ValueError Vtws\Sync\FileState::apply(): Argument #1 ($changes) key "pairs.Accounts.sideways" is unknown: use pull and push
token a string: ValueError Vtws\Sync\FileState::apply(): Argument #1 ($changes) key "pairs.Accounts.pull.token" must be an int >= 0 or null, string given
token negative: ValueError Vtws\Sync\FileState::apply(): Argument #1 ($changes) key "pairs.Accounts.push.token" must be an int >= 0 or null, int given
complete an int: ValueError Vtws\Sync\FileState::apply(): Argument #1 ($changes) key "pairs.Accounts.pull.complete" must be a bool, int given
retries on push: ValueError Vtws\Sync\FileState::apply(): Argument #1 ($changes) key "pairs.Accounts.push.retries" is unknown: use token, complete and failed
retries count: ValueError Vtws\Sync\FileState::apply(): Argument #1 ($changes) key "pairs.Accounts.pull.retries" must map service ids to counts (int >= 0), string given
failed not a list: ValueError Vtws\Sync\FileState::apply(): Argument #1 ($changes) key "pairs.Accounts.push.failed" must be a list of vtiger ids, array given
failed id empty: ValueError Vtws\Sync\FileState::apply(): Argument #1 ($changes) key "pairs.Accounts.push.failed" must hold vtiger ids (non-empty UTF-8 strings), string given
idmap not a list: ValueError Vtws\Sync\FileState::apply(): Argument #1 ($changes) key "idmap" must be a list of operations, array given
idmap op missing: ValueError Vtws\Sync\FileState::apply(): Argument #1 ($changes) key "idmap.0.op" must be "put" or "remove"
idmap op unknown: ValueError Vtws\Sync\FileState::apply(): Argument #1 ($changes) key "idmap.0.op" must be "put" or "remove"
put without service: ValueError Vtws\Sync\FileState::apply(): Argument #1 ($changes) key "idmap.0.service" is missing
put with extra key: ValueError Vtws\Sync\FileState::apply(): Argument #1 ($changes) key "idmap.0.note" is unknown: use op, pair, vtiger, service, vtigerMtime and serviceMtime
remove with service: ValueError Vtws\Sync\FileState::apply(): Argument #1 ($changes) key "idmap.0.service" is unknown: use op, pair and vtiger
mtime a float: ValueError Vtws\Sync\FileState::apply(): Argument #1 ($changes) key "idmap.0.vtigerMtime" must be an int >= 0 or null, float given
invalid UTF-8 id: ValueError Vtws\Sync\FileState::apply(): Argument #1 ($changes) key "idmap.0.vtiger" must be a non-empty UTF-8 string, string given
bad after good: ValueError Vtws\Sync\FileState::apply(): Argument #1 ($changes) key "idmap.1.pair" is missing
bool(true)
bool(true)
-- files that are not state documents
empty file: Vtws\Sync\StateException <- Vtws\ProtocolException Corrupt state file TMP/vtws-070-%d/state.json: invalid JSON at byte 0: the body ends early (truncated?)
empty file, apply: Vtws\Sync\StateException <- Vtws\ProtocolException Corrupt state file TMP/vtws-070-%d/state.json: invalid JSON at byte 0: the body ends early (truncated?)
bool(true)
truncated: Vtws\Sync\StateException <- Vtws\ProtocolException Corrupt state file TMP/vtws-070-%d/state.json: invalid JSON at byte 59: the body ends early (truncated?) (body: "{"connector":"Acme","pairs":{"Accounts":{"pull":{"token":17")
truncated, apply: Vtws\Sync\StateException <- Vtws\ProtocolException Corrupt state file TMP/vtws-070-%d/state.json: invalid JSON at byte 59: the body ends early (truncated?) (body: "{"connector":"Acme","pairs":{"Accounts":{"pull":{"token":17")
bool(true)
garbage: Vtws\Sync\StateException <- Vtws\ProtocolException Corrupt state file TMP/vtws-070-%d/state.json: invalid JSON at byte 0: syntax error (body: "binary")
garbage, apply: Vtws\Sync\StateException <- Vtws\ProtocolException Corrupt state file TMP/vtws-070-%d/state.json: invalid JSON at byte 0: syntax error (body: "binary")
bool(true)
a list: Vtws\Sync\StateException The state file TMP/vtws-070-%d/state.json is not a state document: a JSON object is expected, array found
a list, apply: Vtws\Sync\StateException The state file TMP/vtws-070-%d/state.json is not a state document: a JSON object is expected, array found
bool(true)
a string: Vtws\Sync\StateException The state file TMP/vtws-070-%d/state.json is not a state document: a JSON object is expected, string found
a string, apply: Vtws\Sync\StateException The state file TMP/vtws-070-%d/state.json is not a state document: a JSON object is expected, string found
bool(true)
unknown key: Vtws\Sync\StateException The state file TMP/vtws-070-%d/state.json is not a state document: key "cursor" is unknown: only connector, synctype, pairs and idmap
unknown key, apply: Vtws\Sync\StateException The state file TMP/vtws-070-%d/state.json is not a state document: key "cursor" is unknown: only connector, synctype, pairs and idmap
bool(true)
bad entry: Vtws\Sync\StateException The state file TMP/vtws-070-%d/state.json is not a state document: key "idmap.Accounts.0.service" is missing
bad entry, apply: Vtws\Sync\StateException The state file TMP/vtws-070-%d/state.json is not a state document: key "idmap.Accounts.0.service" is missing
bool(true)
bad token: Vtws\Sync\StateException The state file TMP/vtws-070-%d/state.json is not a state document: key "pairs.Accounts.pull.token" must be an int >= 0 or null, string given
bad token, apply: Vtws\Sync\StateException The state file TMP/vtws-070-%d/state.json is not a state document: key "pairs.Accounts.pull.token" must be an int >= 0 or null, string given
bool(true)
array(0) {
}
-- storage failures
missing directory: Vtws\Sync\StateException Cannot open the state lock TMP/vtws-070-%d/missing/state.json.lock: No such file or directory
empty path: ValueError Vtws\Sync\FileState::__construct(): Argument #1 ($path) must not be empty
NUL in path: ValueError Vtws\Sync\FileState::__construct(): Argument #1 ($path) must not contain any null bytes
load a directory: Vtws\Sync\StateException Cannot read the state file TMP/vtws-070-%d/taken.json: Is a directory
array(0) {
}
rename over a directory: Vtws\Sync\StateException Cannot write the state file TMP/vtws-070-%d/blocked.json (rename TMP/vtws-070-%d/blocked.json.tmp): Is a directory
bool(false)
array(0) {
}
array(3) {
  ["synctype"]=>
  string(3) "app"
  ["pairs"]=>
  array(0) {
  }
  ["idmap"]=>
  array(0) {
  }
}
