--TEST--
var_dump, print_r, var_export, debug_zval_dump and json_encode never show the session name
--SKIPIF--
<?php if (!extension_loaded('vtws')) die('skip vtws not loaded'); ?>
--FILE--
<?php
declare(strict_types=1);

const SECRET = 'secret-session-id';

$client = new Vtws\Client('http://127.0.0.1:1/crm', ['timeout' => 3, 'retries' => 2]);
$client->useSession(SECRET, '19x1');
var_dump($client->isLoggedIn(), $client->getUserId());
// The accessor is the one deliberate way to read it back.
var_dump($client->getSessionName() === SECRET);

$views = [
    'var_dump' => (function () use ($client) { ob_start(); var_dump($client); return ob_get_clean(); })(),
    'print_r' => print_r($client, true),
    'var_export' => var_export($client, true),
    'debug_zval_dump' => (function () use ($client) { ob_start(); debug_zval_dump($client); return ob_get_clean(); })(),
    'json_encode' => json_encode($client),
    'get_object_vars' => json_encode(get_object_vars($client)),
    'array cast' => print_r((array) $client, true),
    'nested var_dump' => (function () use ($client) { ob_start(); var_dump(['c' => $client]); return ob_get_clean(); })(),
];
foreach ($views as $name => $text) {
    printf("%-16s leaks=%s\n", $name, str_contains($text, SECRET) ? 'yes' : 'no');
}

// The debug view is still useful: it names the endpoint and says a session is held.
$dump = $views['var_dump'];
var_dump(str_contains($dump, '"http://127.0.0.1:1/crm/webservice.php"'));
var_dump((bool) preg_match('/\["loggedIn"\]=>\s+bool\(true\)/', $dump));
var_dump((bool) preg_match('/\["sessionName"\]=>\s+string\(3\) "\*\*\*"/', $dump));
?>
--EXPECT--
bool(true)
string(4) "19x1"
bool(true)
var_dump         leaks=no
print_r          leaks=no
var_export       leaks=no
debug_zval_dump  leaks=no
json_encode      leaks=no
get_object_vars  leaks=no
array cast       leaks=no
nested var_dump  leaks=no
bool(true)
bool(true)
bool(true)
