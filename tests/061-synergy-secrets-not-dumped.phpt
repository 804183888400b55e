--TEST--
Vtws\Synergy\Client: the client secret and passwords never show in dumps, messages or traces
--SKIPIF--
<?php if (!extension_loaded('vtws')) die('skip vtws not loaded'); ?>
--INI--
zend.exception_ignore_args=0
--FILE--
<?php
declare(strict_types=1);

use Vtws\Synergy\Client;

const SECRET = 'synergy-client-secret-value';
const PASSWORD = 'record-password-value';
$basic = base64_encode('demo-client:' . SECRET);

function leaks(string $text): string
{
    global $basic;
    return str_contains($text, SECRET) || str_contains($text, PASSWORD) || str_contains($text, $GLOBALS['basic'])
        ? 'yes' : 'no';
}

// Nothing listens on port 1, so the token request fails.
$client = new Client('demo', 'demo-client', SECRET, [
    'auth_url' => 'http://127.0.0.1:1/oauth2/token', 'api_url' => 'http://127.0.0.1:1', 'retries' => 0, 'timeout' => 5,
]);
$records = $client->records('people');

$views = [
    'var_dump' => (function () use ($client) { ob_start(); var_dump($client); return ob_get_clean(); })(),
    'print_r' => print_r($client, true),
    'var_export' => var_export($client, true),
    'debug_zval_dump' => (function () use ($client) { ob_start(); debug_zval_dump($client); return ob_get_clean(); })(),
    'json_encode' => json_encode($client),
    'get_object_vars' => json_encode(get_object_vars($client)),
    'array cast' => print_r((array) $client, true),
    'records dump' => print_r($records, true),
];
foreach ($views as $name => $text) {
    printf("%-16s leaks=%s\n", $name, leaks($text));
}
$dump = $views['var_dump'];
var_dump((bool) preg_match('/\["clientSecret"\]=>\s+string\(3\) "\*\*\*"/', $dump));
var_dump(str_contains($dump, '"demo-client"'));

try {
    serialize($client);
} catch (Exception $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
try {
    clone $client;
} catch (Error $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}

// A failing constructor: the secret argument is hidden in the trace.
try {
    new Client('demo', 'demo-client', SECRET, ['api_url' => 'nope']);
} catch (ValueError $e) {
    printf("constructor trace leaks=%s\n", leaks($e->getTraceAsString() . print_r($e->getTrace(), true) . $e));
}

// A failing token request: neither the secret nor its Basic encoding in the exception.
try {
    $records->count();
} catch (Vtws\TransportException $e) {
    echo get_class($e), ' ', $e->getOperation(), "\n";
    printf("token failure leaks=%s\n", leaks($e->getMessage() . $e->getBodyExcerpt() . $e->getTraceAsString() . $e));
}

// authenticate's password argument is sensitive too.
try {
    $records->authenticate(7, 'secret', PASSWORD);
} catch (Vtws\Exception $e) {
    printf("authenticate trace leaks=%s\n", leaks($e->getTraceAsString() . print_r($e->getTrace(), true) . $e));
}
?>
--EXPECT--
var_dump         leaks=no
print_r          leaks=no
var_export       leaks=no
debug_zval_dump  leaks=no
json_encode      leaks=no
get_object_vars  leaks=no
array cast       leaks=no
records dump     leaks=no
bool(true)
bool(true)
Exception: Serialization of 'Vtws\Synergy\Client' is not allowed
Error: Trying to clone an uncloneable object of class Vtws\Synergy\Client
constructor trace leaks=no
Vtws\TransportException token
token failure leaks=no
authenticate trace leaks=no
